"""The answer when the store behind the pages fails: the remote engine down (503), garbled (502)
or slow (504), or the embedded workers gone. Every route reads through the graph seam, so one
handler for the app gives each page, JSON export and file the same clear error, and the app
stays up: the next request asks the engine again.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request

from dpgraph.store import EngineTimeout, EngineUnavailable
from dpgraph.web.conneg import negotiate

HEADINGS = {502: "The data store answered wrongly", 503: "The data store is unavailable", 504: "The data store is too slow"}
RETRY_SECONDS = "10"


def engine_failed(error: EngineUnavailable | EngineTimeout) -> Response:
    status, message = error.status, str(error)
    headers = {"Retry-After": RETRY_SECONDS} if status == 503 else {}
    wanted = (
        "application/json"
        if request.path.endswith(".json")
        else negotiate(request.headers.get("Accept"), ["text/html", "application/json", "text/plain"])
    )
    if wanted == "application/json":
        response = jsonify({"error": message, "status": status})
    elif wanted == "text/html":
        heading = HEADINGS.get(status, "The data store failed")
        response = Response(render_template("pages/engine_unavailable.html", heading=heading, message=message, status=status))
    else:
        response = Response(f"{message}\n", mimetype="text/plain")
    response.status_code = status
    response.headers.update(headers)
    return response


def register(app: Flask) -> None:
    app.register_error_handler(EngineUnavailable, engine_failed)
    app.register_error_handler(EngineTimeout, engine_failed)
