"""Helpers for the endpoint tests: an app with its own limits, and a loopback HTTP server that records every hit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from flask import Flask

from dpgraph.config import Settings
from dpgraph.web import create_app
from dpgraph.web.runtime import stop, warm

SERVICE_RESULT = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"from-service"}}]}}'


@contextmanager
def endpoint_app(settings: Settings, **config: Any) -> Iterator[Flask]:
    """An app with the given config whose worker pool is started, and stopped afterwards."""
    app = create_app({"TESTING": True, "SETTINGS": settings, **config})
    warm(app)
    try:
        yield app
    finally:
        stop(app)


class Recorder(ThreadingHTTPServer):
    hits: list[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def _answer(self) -> None:
        self.server.hits.append(f"{self.command} {self.path}")
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        sparql = "sparql" in self.path
        body = SERVICE_RESULT if sparql else b"<http://x/s> <http://x/p> <http://x/o> .\n"
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json" if sparql else "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the recording is what the tests read, not stderr."""


@contextmanager
def recording_server() -> Iterator[Recorder]:
    """An HTTP server on 127.0.0.1 (a free port) listing every request it receives in `.hits`."""
    server = Recorder(("127.0.0.1", 0), _Handler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
