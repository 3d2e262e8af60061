"""The dataset as a whole: the ontology at its namespace IRI, the VoID/DCAT description, the
dumps, the JSON-LD context and the sitemap.

`/ontology` and `/dataset` are identifiers like any resource's (303 to `.html`, `.ttl`,
`.jsonld`, `.nt`, `.rdf`); `/.well-known/void` answers the description itself (RFC 8615,
VoID §7.2), Turtle unless the client asks for another RDF format.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from flask import Blueprint, Response, render_template
from pyoxigraph import RdfFormat, parse

from dpgraph.config import ONTOLOGY_IRI
from dpgraph.publish.void import Download
from dpgraph.rdf.serialise import FORMATS, jsonld_context, serialise
from dpgraph.rdf.terms import OWL
from dpgraph.web.headers import csp_nonce
from dpgraph.web.publicurl import public_url
from dpgraph.web.site.context import attach, site, template_helpers
from dpgraph.web.site.indexes import INDEXES
from dpgraph.web.site.pages import not_found, resource
from dpgraph.web.site.responses import RDF_TYPES, document, preferred, see_other, vary

bp = Blueprint("publish", __name__)
bp.record_once(lambda state: attach(state.app))
bp.context_processor(template_helpers)

DOCUMENT_TYPES = {"html": "text/html", **RDF_TYPES}
DOCUMENT_EXTENSIONS = ",".join(DOCUMENT_TYPES)


def _ontology_triples():
    return list(parse(path=str(site().settings.ontology_file), format=RdfFormat.TURTLE))


@bp.get("/ontology")
def ontology() -> Response:
    return see_other("/ontology", DOCUMENT_TYPES)


@bp.get(f"/ontology.<any({DOCUMENT_EXTENSIONS}):ext>")
def ontology_document(ext: str) -> Response:
    s = site()
    if ext == "html":
        # pyLODE's page has its stylesheet inline: it runs under the CSP with this response's nonce.
        return document(s.ontology_page.replace("<style>", f'<style nonce="{csp_nonce()}">'), ext, DOCUMENT_TYPES)
    return document(serialise(_ontology_triples(), ext, s.settings.base_iri), ext, DOCUMENT_TYPES)


@bp.get("/ontology/<path:rest>")
def ontology_version(rest: str) -> Response:
    """The version IRI (`ontology/1.1.0`) names the ontology this server documents; a vocabulary
    the served data describe under it (the network metrics' `ontology/network`) has a resource page."""
    versions = {t.object.value for t in _ontology_triples() if t.predicate == OWL.versionIRI}
    if f"{ONTOLOGY_IRI}/{rest}" in versions:
        return see_other("/ontology", DOCUMENT_TYPES)
    return resource(f"ontology/{rest}")


def csv_tables() -> list[Download]:
    """The CSV of each index, listed as distributions of the dataset."""
    s = site()
    downloads = []
    for name, index in INDEXES.items():
        table = index.table(s, {})
        downloads.append(Download(f"{name}.csv", f"{table.title} (CSV)", "text/csv", len(table.as_csv().encode("utf-8"))))
    return downloads


@bp.get("/dataset")
def dataset() -> Response:
    return see_other("/dataset", DOCUMENT_TYPES)


@bp.get(f"/dataset.<any({DOCUMENT_EXTENSIONS}):ext>")
def dataset_document(ext: str) -> Response:
    s = site()
    tables = csv_tables()
    if ext == "html":
        info = s.dataset_info(tables)
        stats = info.statistics
        labels = {iri: s.catalogue.label(iri) for iri in [*stats.classes, *stats.properties, *stats.graphs, *info.sources]}
        return document(render_template("pages/dataset.html", info=info, labels=labels), ext, DOCUMENT_TYPES)
    return document(serialise(s.void(tables), ext, s.settings.base_iri), ext, DOCUMENT_TYPES)


@bp.get("/.well-known/void")
def well_known_void() -> Response:
    ext = preferred(RDF_TYPES) or "ttl"
    s = site()
    return vary(document(serialise(s.void(csv_tables()), ext, s.settings.base_iri), ext, RDF_TYPES))


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    s = site()
    ext = name.rpartition(".")[2]
    if name not in s.dumps:
        return not_found(f"dumps/{name}")
    return Response(s.dumps[name], mimetype=FORMATS[ext][0])


@bp.get("/context.jsonld")
def context() -> Response:
    return Response(json.dumps(jsonld_context(site().settings.base_iri), indent=1), mimetype="application/ld+json")


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Every HTML page, for crawlers: home, indexes, ontology, dataset and each resource's page."""
    root = public_url()
    resources = [f"{p}.html" for p in sorted(site().catalogue.paths) if p != "ontology" and not p.startswith("ontology/")]
    # the dataset's IRI is described in the data too (its publisher is the ontology's): list it once
    paths = dict.fromkeys(["", *INDEXES, "ontology.html", "dataset.html", *resources])
    urls = "".join(f"<url><loc>{escape(root + p)}</loc></url>" for p in paths)
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )
    return Response(body, mimetype="application/xml")
