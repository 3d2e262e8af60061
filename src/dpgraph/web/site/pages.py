"""Resource pages, index pages, search and the home page.

The base IRI is mapped onto the server's root: the identifier `<base>org/apple` is served at
`/org/apple`, which answers 303 See Other to `/org/apple.html`, `.ttl`, `.jsonld`, `.nt`,
`.rdf`, `.json` or `.csv` as the Accept header prefers. Hash IRIs (`activity/x#date`,
`doc/001#L12-L15`) are described on their parent's page, under an anchor of that name.
"""

from __future__ import annotations

import difflib
import json
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, redirect, render_template, request, url_for

from dpgraph.rdf.serialise import serialise
from dpgraph.rdf.terms import DCT
from dpgraph.results import csv_text
from dpgraph.web.site.context import EXAMPLES, attach, site, template_helpers
from dpgraph.web.site.indexes import INDEXES, FilterError, is_option
from dpgraph.web.site.kinds import kind_view
from dpgraph.web.site.responses import PAGE_TYPES, RDF_TYPES, RESOURCE_TYPES, document, preferred, see_other, vary
from dpgraph.web.site.tables import Table

bp = Blueprint("pages", __name__)
bp.record_once(lambda state: attach(state.app))
bp.context_processor(template_helpers)

INDEX_NAMES = ",".join(INDEXES)


@bp.get("/")
def home() -> str:
    s = site()
    counts = {name: len(index.table(s, {}).rows) for name, index in INDEXES.items()}
    return render_template("pages/home.html", counts=counts, stats=s.statistics, examples=_examples(), base=s.settings.base_iri)


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Where browsers look for an icon when a page names none (a JSON or Turtle document): the site's SVG icon."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


def _examples() -> list[tuple[str, str]]:
    cat = site().catalogue
    return [("/" + p, cat.label(cat.paths[p][0])) for p in EXAMPLES if p in cat.paths]


@bp.get(f"/<any({INDEX_NAMES}):name>")
@bp.get(f"/<any({INDEX_NAMES}):name>.<any(html,json,csv):ext>")
def index(name: str, ext: str | None = None) -> Response:
    try:
        table = INDEXES[name].table(site(), request.args)
    except FilterError as exc:
        return Response(f"{exc}\n", 400, mimetype="text/plain")
    chosen = ext or preferred(PAGE_TYPES) or "html"
    response = table_response(table, chosen, f"/{name}")
    return vary(response) if ext is None else response


@bp.get("/activities/<facet>/<value>.<any(json,csv):ext>")
def filtered_activities(facet: str, value: str, ext: str) -> Response:
    """The activities of one value of one filter (`/activities/year/2019.csv`): a file that a
    static copy can hold, where `/activities.csv?year=2019` needs a server to read the query."""
    try:
        table = INDEXES["activities"].table(site(), {facet: value})
    except FilterError:
        return not_found(f"activities/{facet}/{value}.{ext}")
    if not is_option(table, facet, value):  # not one of the index's filters at all
        return not_found(f"activities/{facet}/{value}.{ext}")
    return table_response(table, ext, "/activities")


def table_response(table: Table, ext: str, path: str) -> Response:
    if ext == "json":
        return document(json.dumps(table.as_json(), ensure_ascii=False, indent=1), "json", PAGE_TYPES)
    if ext == "csv":
        return document(table.as_csv(), "csv", PAGE_TYPES)
    selected = table.extra.get("selected", {})
    stem, query = downloads(table, path, selected)
    body = render_template("pages/index.html", table=table, path=path, stem=stem, query=query, selected=urlencode(selected))
    return document(body, "html", PAGE_TYPES)


def downloads(table: Table, path: str, selected: dict[str, str]) -> tuple[str, str]:
    """Where the JSON and CSV of a view are, as (stem, query string): one filter's rows have files
    of their own (`/activities/year/2019`), several filters need the query, which only a server reads."""
    if len(selected) == 1:
        [(facet, value)] = selected.items()
        if is_option(table, facet, value):
            return f"{path}/{facet}/{quote(value)}", ""
    return path, f"?{urlencode(selected)}" if selected else ""


@bp.get("/search")
def search() -> str:
    text = request.args.get("q", "").strip()[:200]
    cat = site().catalogue
    results = [(cat.href(iri), cat.label(iri), cat.kind_label(iri)) for iri in cat.search(text)] if text else []
    return render_template("pages/search.html", text=text, results=results)


@bp.get("/<path:path>")
def resource(path: str) -> Response:
    cat = site().catalogue
    if cat.resource(path):
        return see_other("/" + path, RESOURCE_TYPES)
    stem, dot, ext = path.rpartition(".")
    if dot and ext in RESOURCE_TYPES and cat.resource(stem):
        return resource_document(stem, ext)
    return not_found(path)


def resource_document(path: str, ext: str) -> Response:
    s = site()
    iri = s.catalogue.paths[path][0]
    if ext in RDF_TYPES:
        return document(serialise(s.describer.triples(iri), ext, s.settings.base_iri), ext)
    description = s.describer.describe(iri)
    view = kind_view(description, s.catalogue, s.graph)
    if ext == "json":
        data = {**description.as_json(), "tables": [t.as_json() for t in view.tables]}
        return document(json.dumps(data, ensure_ascii=False, indent=1), "json")
    if ext == "csv":
        rows = description.rows()
        columns = list(rows[0]) if rows else ["direction", "subject", "property", "value"]
        return document(csv_text(columns, [[row[c] for c in columns] for row in rows]), "csv")
    network = f"/network?focus={quote(path, safe='/')}" if view.network else None
    lead = next((v.text for v in description.values(DCT.description.value) if v.note in ("en", "")), "")
    body = render_template("pages/resource.html", d=description, view=view, path="/" + path, network=network, lead=lead)
    return document(body, "html")


def not_found(path: str) -> Response:
    """A 404 page that helps: resources with a similar path or name, and a search box."""
    cat = site().catalogue
    close = difflib.get_close_matches(path, list(cat.paths), n=5, cutoff=0.6)
    words = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
    named = [iri for iri in cat.search(words, limit=5) if cat.local_path(iri) not in {"/" + p for p in close}]
    suggestions = [(f"/{p}", cat.label(cat.paths[p][0])) for p in close] + [(cat.href(i), cat.label(i)) for i in named]
    iri = cat.base + path
    body = render_template("pages/not_found.html", path=path, iri=iri, suggestions=suggestions, words=words)
    return Response(body, status=404, mimetype="text/html")
