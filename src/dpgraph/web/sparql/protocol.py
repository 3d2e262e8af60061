"""The SPARQL 1.1 Protocol's three ways to send a query (and two to send an update), read strictly.

https://www.w3.org/TR/sparql11-protocol/ §2.1 and §2.2: GET with `query`; POST of a form
(`application/x-www-form-urlencoded`) with `query` or `update`; POST of the text itself
(`application/sparql-query`, `application/sparql-update`). Anything else is a ProtocolError
carrying the status the protocol asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from flask import Request
from pyoxigraph import NamedNode
from werkzeug.datastructures import MultiDict

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
MAX_FIELDS = 1000
GRAPH_PARAMS = {"query": ("default-graph-uri", "named-graph-uri"), "update": ("using-graph-uri", "using-named-graph-uri")}


class ProtocolError(Exception):
    """A request the endpoint answers with an HTTP error status and a plain-text message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class Operation:
    kind: str  # "query", "update" or "description" (a GET with no query)
    text: str = ""
    default_graphs: tuple[str, ...] = ()  # default-graph-uri (query) or using-graph-uri (update)
    named_graphs: tuple[str, ...] = ()  # named-graph-uri (query) or using-named-graph-uri (update)
    format: str | None = None  # the `format` parameter: a short name or a media type overriding Accept

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {what} is not UTF-8 (byte {exc.start})") from None


def _body(request: Request, limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise ProtocolError(413, f"the request body is larger than this endpoint's limit of {limit} bytes")
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise ProtocolError(413, f"the request body is larger than this endpoint's limit of {limit} bytes")
    return data


def _form(data: bytes, what: str) -> MultiDict[str, str]:
    text = _utf8(data, what)
    try:
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {what} has percent-escapes that are not UTF-8") from None
    except ValueError as exc:
        raise ProtocolError(400, f"the {what} cannot be read: {exc}") from None
    return MultiDict(pairs)


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


def _operation(kind: str, text: str, params: MultiDict[str, str], url_params: MultiDict[str, str]) -> Operation:
    if not text.strip():
        raise ProtocolError(400, f"the {kind} is empty")
    other = "update" if kind == "query" else "query"
    for name in GRAPH_PARAMS[other]:
        if params.getlist(name):
            raise ProtocolError(400, f"'{name}' goes with {'an update' if other == 'update' else 'a query'}, not a {kind}")
    default, named = GRAPH_PARAMS[kind]
    for name in (default, named):
        for value in params.getlist(name):
            try:
                NamedNode(value)
            except ValueError:
                raise ProtocolError(400, f"'{name}' must be an absolute IRI, not {value[:200]!r}") from None
    wanted = params.get("format") or url_params.get("format")
    return Operation(kind, text, tuple(params.getlist(default)), tuple(params.getlist(named)), wanted)


def read_operation(request: Request, limit: int) -> Operation:
    """The query, update or service-description request the HTTP request carries."""
    if len(request.query_string) > limit:
        raise ProtocolError(414, f"the query string is longer than this endpoint's limit of {limit} bytes")
    url_params = _form(request.query_string, "query string")
    if request.method in ("GET", "HEAD"):
        if url_params.getlist("update"):
            raise ProtocolError(400, "an update must be sent by POST, never by GET")
        query = _one(url_params.getlist("query"), "query")
        if query is None:
            return Operation("description", format=url_params.get("format"))
        return _operation("query", query, url_params, url_params)
    media_type = (request.mimetype or "").lower()
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"the body must be UTF-8, not {charset}")
    if media_type == FORM:
        if url_params.getlist("query") or url_params.getlist("update"):
            raise ProtocolError(400, "a form POST carries the query or update in its body, not in the URL")
        form = _form(_body(request, limit), "form body")
        query, update = _one(form.getlist("query"), "query"), _one(form.getlist("update"), "update")
        if query is not None and update is not None:
            raise ProtocolError(400, "the form has both a 'query' and an 'update'; send one")
        if query is None and update is None:
            raise ProtocolError(400, "the form has neither a 'query' nor an 'update' parameter")
        if query is not None:
            return _operation("query", query, form, url_params)
        return _operation("update", update or "", form, url_params)
    if media_type in (QUERY_TYPE, UPDATE_TYPE):
        kind = "query" if media_type == QUERY_TYPE else "update"
        if url_params.getlist("query") or url_params.getlist("update"):
            raise ProtocolError(400, f"the body is the {kind}: a 'query' or 'update' in the URL would make two")
        return _operation(kind, _utf8(_body(request, limit), kind), url_params, url_params)
    if not media_type:
        raise ProtocolError(415, f"a POST needs a Content-Type: {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")
    raise ProtocolError(415, f"unsupported Content-Type {media_type!r}: use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")
