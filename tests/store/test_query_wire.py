"""store/query_wire.py against a real HTTP server on a free port: connections are kept and
reused, one the server closed while idle is replaced without failing the query, one whose
answer was not read to its end is never reused, and an engine that is not there is a clear error."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dpgraph.store import EngineUnavailable
from dpgraph.store.query_wire import QueryWire

BODY = b"x" * 100_000


class _Engine(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the engines answer

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.server.peers.add(self.client_address)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
        if self.server.hang_up:  # type: ignore[attr-defined]
            # Closed without saying so (no Connection: close), as an idle keep-alive timeout does.
            self.close_connection = True

    def log_message(self, *args: object) -> None:
        """Say nothing: http.server writes a line to stderr for every request otherwise."""


@pytest.fixture
def engine() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Engine)
    server.peers = set()  # type: ignore[attr-defined]
    server.hang_up = False  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _wire(server: ThreadingHTTPServer) -> QueryWire:
    return QueryWire(f"http://127.0.0.1:{server.server_address[1]}/query", connect_seconds=2.0)


def _ask(wire: QueryWire, read: bool = True) -> bytes:
    with wire.post(b"query=ASK%20%7B%7D", {"Content-Type": "application/x-www-form-urlencoded"}, 5.0) as answer:
        assert answer.status == 200
        return answer.body.read() if read else answer.body.read(10)


def test_a_connection_is_kept_and_reused(engine: ThreadingHTTPServer) -> None:
    wire = _wire(engine)
    assert all(_ask(wire) == BODY for _ in range(5))
    assert len(engine.peers) == 1  # type: ignore[attr-defined]
    wire.close()


def test_a_connection_the_engine_closed_while_idle_is_replaced(engine: ThreadingHTTPServer) -> None:
    engine.hang_up = True  # type: ignore[attr-defined]
    wire = _wire(engine)
    assert all(_ask(wire) == BODY for _ in range(3))
    assert len(engine.peers) == 3  # type: ignore[attr-defined]


def test_an_answer_not_read_to_its_end_closes_its_connection(engine: ThreadingHTTPServer) -> None:
    wire = _wire(engine)
    assert _ask(wire, read=False) == BODY[:10]
    assert _ask(wire) == BODY  # not the rest of the first answer
    assert len(engine.peers) == 2  # type: ignore[attr-defined]


def test_an_engine_that_is_not_there_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free once closed: nothing listens there
    with pytest.raises(EngineUnavailable, match="cannot be reached"):
        _ask(QueryWire(f"http://127.0.0.1:{port}/query", connect_seconds=2.0))
