"""How the published pages answer: content negotiation over file extensions, 303 See Other
from an identifier to its document, and documents in each format.

Every representation has a URL of its own (`/org/apple.ttl`), so a link or a static copy
never depends on headers; the identifier (`/org/apple`) negotiates and redirects to one.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, redirect, render_template, request

from dpgraph.rdf.serialise import FORMATS
from dpgraph.web.conneg import negotiate

# File extension -> media type, HTML first: it wins when a client accepts anything (*/*).
PAGE_TYPES = {"html": "text/html", "json": "application/json", "csv": "text/csv"}
RDF_TYPES = {ext: FORMATS[ext][0] for ext in ("ttl", "jsonld", "nt", "rdf")}
RESOURCE_TYPES = {"html": "text/html", **RDF_TYPES, "json": "application/json", "csv": "text/csv"}


def preferred(types: dict[str, str]) -> str | None:
    """The extension of the representation the request's Accept header prefers, if any is acceptable."""
    media_type = negotiate(request.headers.get("Accept"), list(types.values()))
    return next((ext for ext, mt in types.items() if mt == media_type), None)


def vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response


def not_acceptable(path: str, extensions: Iterable[str]) -> Response:
    links = [f"{path}.{ext}" for ext in extensions]
    body = render_template("pages/not_acceptable.html", links=links)
    return vary(Response(body, status=406, mimetype="text/html"))


def see_other(path: str, types: dict[str, str]) -> Response:
    """303 from an identifier to the document in the format the client prefers."""
    ext = preferred(types)
    if ext is None:
        return not_acceptable(path, types)
    return vary(redirect(f"{path}.{ext}", code=303))


def document(body: bytes | str, ext: str, types: dict[str, str] = RESOURCE_TYPES) -> Response:
    # Werkzeug adds "; charset=utf-8" to text/* types; the RDF and JSON types are UTF-8 by definition.
    return Response(body, mimetype=types[ext])
