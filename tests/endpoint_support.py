"""Helpers for the endpoint tests: an app with its own limits, a real `dpgraph serve` process, and loopback
servers that record every hit or every connection."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Flask

from dpgraph.config import Settings
from dpgraph.web import create_app
from dpgraph.web.sparql.runtime import stop, warm

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def query_when_up(port: int, process: subprocess.Popen, seconds: float = 30) -> dict:
    url = f"http://127.0.0.1:{port}/sparql?query={quote(COUNT)}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else "the server stopped"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.load(response)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError("the server did not answer in time")


def serve(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


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


class ConnectionCounter:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts and closes each at once."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.accepted = 0
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while self._running:
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            connection.close()

    def close(self) -> None:
        self._running = False
        self._thread.join(5)
        self._socket.close()


@contextmanager
def connection_counter() -> Iterator[ConnectionCounter]:
    counter = ConnectionCounter()
    try:
        yield counter
    finally:
        counter.close()
