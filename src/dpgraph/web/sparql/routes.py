"""/sparql: the SPARQL 1.1 Protocol endpoint, its Service Description, and the query page for browsers.

Every query runs in the worker pool (engine.py) under the time limit, over the union of the
named graphs unless the request (default-graph-uri / named-graph-uri) or the query (FROM /
FROM NAMED) picks the graphs; nothing is ever fetched. Results are negotiated on Accept (with
q-values) or the `format` parameter; a browser gets an HTML table.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request, url_for
from pyoxigraph import serialize

from dpgraph.mediatypes import GRAPH_TYPES, RESULT_TYPES, SHORT_NAMES
from dpgraph.rdf.sparql_errors import definite_syntax_error
from dpgraph.rdf.sparqltext import query_form
from dpgraph.rdf.terms import PREFIXES
from dpgraph.store.worker import Outcome, QueryJob
from dpgraph.web.conneg import negotiate
from dpgraph.web.publicurl import public_url
from dpgraph.web.sparql.htmlresults import from_json, from_ntriples
from dpgraph.web.sparql.protocol import Operation, ProtocolError, read_operation
from dpgraph.web.sparql.querycheck import MAX_NESTING, Reach, nesting, reach, refusal, remote_refusal
from dpgraph.web.sparql.runtime import EndpointConfig, endpoint_config, is_remote, run
from dpgraph.web.sparql.service import SD_PREFIXES, description
from dpgraph.web.sparql.update import apply_update
from dpgraph.web.state import canned, dataset, derived

bp = Blueprint("sparql", __name__)

HTML = "text/html"
JSON_RESULTS = "application/sparql-results+json"
RESULT_OFFERS = [*RESULT_TYPES, HTML]
GRAPH_OFFERS = [*GRAPH_TYPES, HTML]
# `format=json` / `format=xml` on a CONSTRUCT mean the graph formats of that syntax.
GRAPH_ALIASES = {"json": "application/ld+json", "xml": "application/rdf+xml"}
TEXT_TYPES = ("text/", "application/n-triples", "application/n-quads", "application/trig")
TRUNCATED = "Result-Truncated"
ROW_LIMIT = "Result-Row-Limit"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type",
    "Access-Control-Expose-Headers": f"{TRUNCATED}, {ROW_LIMIT}",
    "Access-Control-Max-Age": "86400",
}


def media_choice(offers: list[str], form: str | None, wanted: str | None) -> str:
    """The media type for a result: the `format` parameter (`wanted`) if given, else the best match of Accept."""
    if wanted:
        media = SHORT_NAMES.get(wanted.lower(), wanted.lower())
        if media not in offers and offers is GRAPH_OFFERS:
            media = GRAPH_ALIASES.get(wanted.lower(), media)
        if media in offers:
            return media
        what = form or "this request"
        raise ProtocolError(406, f"format {wanted!r} is not available for {what}: use one of {', '.join(offers)}")
    chosen = negotiate(request.headers.get("Accept"), offers)
    if chosen is None:
        raise ProtocolError(406, f"none of the types in Accept is available for {form or 'this request'}: {', '.join(offers)}")
    return chosen


def text_response(text: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(text.rstrip("\n") + "\n", status, headers, mimetype="text/plain")


def content_type_for(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith(TEXT_TYPES) else media


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    media: str  # what the client asked for (text/html when the outcome is to be shown as a table)


def answer_operation(operation: Operation, config: EndpointConfig, lane: str = "sparql") -> Answer:
    """Run a query as the protocol says, in a lane's pool; ProtocolError for anything refused or wrong."""
    form = query_form(operation.text)
    # Only the form the query has is negotiated (a CSV request for a CONSTRUCT is a 406); a text
    # with no recognisable form is left to the parser, whose 400 says more than a 406 would.
    results_media, graph_media = JSON_RESULTS, "text/turtle"
    try:
        if form in (None, "SELECT", "ASK"):
            results_media = media_choice(RESULT_OFFERS, form, operation.format)
        if form in (None, "CONSTRUCT", "DESCRIBE"):
            graph_media = media_choice(GRAPH_OFFERS, form, operation.format)
    except ProtocolError:
        if form is not None:
            raise
    remote = is_remote()
    found = reach(operation.text, PREFIXES, base=dataset().settings.base_iri, parse=remote)
    why = refusal(found, config.service_allow) or (remote_refusal(found) if remote else None)
    if why:
        raise ProtocolError(why.status, _syntax_error(operation.text, found) or why.message)
    # The protocol's graphs replace the query's (SPARQL 1.1 Protocol §2.1.4).
    graphs = (operation.default_graphs, operation.named_graphs) if operation.has_dataset else None
    if graphs is None and found.dataset_clause:
        graphs = (found.from_graphs, found.from_named)
    job = QueryJob(
        text=operation.text,
        results_type=JSON_RESULTS if results_media == HTML else results_media,
        graph_type="application/n-triples" if graph_media == HTML else graph_media,
        max_rows=config.max_rows,
        default_graphs=graphs[0] if graphs else None,
        named_graphs=graphs[1] if graphs else None,
        base_iri=dataset().settings.base_iri,
        boolean_columns=found.boolean_columns,
        concatenations=found.concatenations,
    )
    outcome = run(job, lane)
    media = graph_media if outcome.kind == "graph" else results_media
    return Answer(outcome, media)


def _syntax_error(text: str, found: Reach) -> str | None:
    """For a query the safety check could not read: pyoxigraph's syntax error in plain words, when
    it finds one before the text's end (decided without running the query: rdf/sparql_errors.py)."""
    if not found.unreadable or nesting(text) > MAX_NESTING:
        return None
    return definite_syntax_error(text, prefixes=PREFIXES, base_iri=dataset().settings.base_iri)


def result_headers(outcome: Outcome, config: EndpointConfig) -> dict[str, str]:
    headers = {"Vary": "Accept", ROW_LIMIT: str(config.max_rows)}
    if outcome.truncated:
        headers[TRUNCATED] = "true"
    return headers


def _answer_query(operation: Operation, config: EndpointConfig, lane: str) -> Response:
    answer = answer_operation(operation, config, lane)
    headers = result_headers(answer.outcome, config)
    if answer.media != HTML:
        return Response(answer.outcome.body, 200, headers, content_type=content_type_for(answer.media))
    base = dataset().settings.base_iri
    table = from_ntriples(answer.outcome.body, base) if answer.outcome.kind == "graph" else from_json(answer.outcome.body, base)
    page = render_template("sparql_results.html", query=operation.text, table=table, outcome=answer.outcome, config=config)
    return Response(page, 200, headers, content_type=content_type_for(HTML))


def _describe_service(operation: Operation, config: EndpointConfig) -> Response:
    media = media_choice(GRAPH_OFFERS, "the service description", operation.format)
    if media == HTML:
        texts = {name: query.text for name, query in canned().items()}
        page = render_template("sparql_ui.html", canned=canned(), canned_texts=texts, prefixes=PREFIXES)
        return Response(page, 200, {"Vary": "Accept"}, content_type=content_type_for(HTML))
    sizes = derived("graph-sizes", lambda data: data.graph.graph_sizes())
    endpoint = public_url(url_for("sparql.endpoint"))
    quads = description(
        endpoint,
        sizes,
        canned(),
        public_url(url_for("queries.index")),
        update=bool(config.update_token) and not is_remote(),
        federated=bool(config.service_allow),
    )
    body = serialize([q.triple for q in quads], format=GRAPH_TYPES[media], prefixes={**PREFIXES, **SD_PREFIXES})
    return Response(body, 200, {"Vary": "Accept"}, content_type=content_type_for(media))


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    config = endpoint_config()
    try:
        operation = read_operation(request, config.max_request_bytes)
        if operation.kind == "description":
            return _describe_service(operation, config)
        if operation.kind == "update":
            return text_response(apply_update(operation, config))
        # A canned query keeps the pages' workers whichever URL sends it (the query page's buttons
        # send them here): runaway queries of others cannot hold those.
        words = operation.text.split()
        stored = any(words == query.text.split() for query in canned().values())
        return _answer_query(operation, config, "pages" if stored else "sparql")
    except ProtocolError as exc:
        return text_response(exc.message, exc.status, exc.headers)


@bp.after_request
def cors(response: Response) -> Response:
    response.headers.update(CORS)
    return response
