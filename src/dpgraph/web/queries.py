"""/queries/: the canned queries of queries/ listed, and each one run as an HTML table or JSON, CSV, TSV.

Parameters declared in a query's header are form fields carried in the URL, bound as typed
RDF terms (CannedQuery.bindings), never pasted into the query text. Queries run in the worker
pool under the same limits as /sparql.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from dpgraph.errors import InputError
from dpgraph.queries import CannedQuery, load_queries
from dpgraph.web import dataset
from dpgraph.web.htmlresults import from_json
from dpgraph.web.protocol import Operation, ProtocolError
from dpgraph.web.runtime import endpoint_config
from dpgraph.web.sparql import HTML, plain, result_headers, run_query

bp = Blueprint("queries", __name__, url_prefix="/queries")
DOWNLOADS = ("json", "csv", "tsv")


def canned() -> dict[str, CannedQuery]:
    """The canned queries, read once per app."""
    found = current_app.extensions.get("dpgraph.canned")
    if found is None:
        found = current_app.extensions["dpgraph.canned"] = load_queries(dataset().settings.queries_dir)
    return found


@bp.route("/")
def index() -> str:
    return render_template("queries_list.html", canned=canned())


@bp.route("/<name>")
def show(name: str) -> Response | str:
    query = canned().get(name) or abort(404)
    values = {p.name: request.args.get(p.name, "").strip() for p in query.params}
    given = {k: v for k, v in values.items() if v}
    links = {fmt: url_for("queries.show", name=name, format=fmt, **given) for fmt in DOWNLOADS}
    config = endpoint_config()
    try:
        try:
            bindings = query.bindings(values)
        except InputError as exc:
            raise ProtocolError(400, exc.message) from None
        answer = run_query(Operation("query", query.text, format=request.args.get("format")), config, bindings)
    except ProtocolError as exc:
        if request.args.get("format"):
            return plain(exc.message, exc.status, exc.headers)
        page = render_template("query_page.html", query=query, values=values, links=links, error=exc.message)
        return Response(page, exc.status, content_type="text/html; charset=utf-8")
    headers = result_headers(answer.outcome, config)
    if answer.media != HTML:
        return Response(answer.outcome.body, 200, headers, content_type=answer.media)
    table = from_json(answer.outcome.body, dataset().settings.base_iri)
    page = render_template(
        "query_page.html", query=query, values=values, links=links, table=table, outcome=answer.outcome, limit=config.max_rows
    )
    return Response(page, 200, headers, content_type="text/html; charset=utf-8")
