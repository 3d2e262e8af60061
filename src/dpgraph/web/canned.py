"""/queries/: the canned queries of queries/ listed, and each one run as an HTML table or JSON, CSV, TSV.

Parameters declared in a query's header are form fields carried in the URL, checked and typed
by CannedQuery.bindings (the checks `dpgraph query NAME --param` makes too), and bound as RDF
terms that pyoxigraph writes into a VALUES block (CannedQuery.bound_text): a value can never
become query syntax. Queries run under the same limits as /sparql, in workers of their own (the
"pages" lane), which /sparql's queries never hold.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for

from dpgraph.errors import InputError
from dpgraph.mediatypes import RESULT_TYPES
from dpgraph.web.conneg import negotiate
from dpgraph.web.sparql.htmlresults import from_json
from dpgraph.web.sparql.protocol import Operation, ProtocolError
from dpgraph.web.sparql.routes import HTML, answer_operation, content_type_for, result_headers, text_response
from dpgraph.web.sparql.runtime import endpoint_config
from dpgraph.web.state import canned, dataset

bp = Blueprint("queries", __name__, url_prefix="/queries")
DOWNLOADS = ("json", "csv", "tsv")


@bp.route("/")
def index() -> str:
    return render_template("queries_list.html", canned=canned())


@bp.route("/<name>")
@bp.route("/<name>.<any(json,csv,tsv):ext>")
def show(name: str, ext: str | None = None) -> Response | str:
    """The query's page, or its results as a file (`/queries/partners.csv`, the same as `?format=csv`)."""
    query = canned().get(name) or abort(404)
    values = {p.name: request.args.get(p.name, "").strip() for p in query.params}
    given = {k: v for k, v in values.items() if v}
    links = {fmt: url_for("queries.show", name=name, ext=fmt, **given) for fmt in DOWNLOADS}
    chosen = ext or request.args.get("format")
    config = endpoint_config()
    try:
        try:
            text = query.bound_text(values)
        except InputError as exc:
            raise ProtocolError(400, exc.message) from None
        # A page first: an HTML table unless the client names a results type or a format.
        wanted = chosen or negotiate(request.headers.get("Accept"), [HTML, *RESULT_TYPES])
        answer = answer_operation(Operation("query", text, format=wanted), config, lane="pages")
    except ProtocolError as exc:
        if chosen:
            return text_response(exc.message, exc.status, exc.headers)
        page = render_template("query_page.html", query=query, values=values, links=links, error=exc.message)
        return Response(page, exc.status, content_type="text/html; charset=utf-8")
    headers = result_headers(answer.outcome, config)
    if answer.media != HTML:
        return Response(answer.outcome.body, 200, headers, content_type=content_type_for(answer.media))
    table = from_json(answer.outcome.body, dataset().settings.base_iri)
    page = render_template(
        "query_page.html", query=query, values=values, links=links, table=table, outcome=answer.outcome, limit=config.max_rows
    )
    return Response(page, 200, headers, content_type="text/html; charset=utf-8")
