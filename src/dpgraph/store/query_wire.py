"""The front's hot path to a remote engine's query endpoint: keep-alive connections of the
standard library's http.client, each used by one request at a time.

Every SPARQL query and page read of a front on a remote engine goes this way, so its cost is
the front's overhead over the engine: an `ASK {}` took 0.68 ms through an httpx client and
0.37 ms through http.client on the same Oxigraph server (the engine's own share about 0.3 ms),
and httpx's chunk-by-chunk reading of a streamed answer was a fifth of a front's time on a
249-row result. Updates and Graph Store requests (publishing, with credentials, digest
authentication and retries) keep httpx (store/remote.py): they are few and large.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from dpgraph.store import EngineUnavailable, RemoteTimeout

# Connections kept open between requests; a front's request threads rarely need more at once.
MAX_IDLE = 32
# What a server that closed an idle keep-alive connection makes the next request on it raise.
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


@dataclass
class Answer:
    """An engine's answer as it streams in: `body` reads like a file (pyoxigraph's parsers take it)."""

    status: int
    headers: Mapping[str, str]
    body: http.client.HTTPResponse

    def text(self) -> str:
        return self.body.read().decode("utf-8", errors="replace")


class QueryWire:
    def __init__(self, url: str, connect_seconds: float):
        parts = urlsplit(url)
        self.url = url
        self._target = parts.path or "/"
        self._host, self._port = parts.hostname or "", parts.port
        self._kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self._connect_seconds = connect_seconds
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    @contextmanager
    def post(self, body: bytes, headers: dict[str, str], seconds: float) -> Iterator[Answer]:
        """POST `body`; the answer's headers are in when this yields. The connection goes back to
        the pool only if the answer was read to its end (a query cut at the row cap leaves the
        rest unread: that connection is closed)."""
        connection, response = self._sent(body, headers, seconds)
        try:
            yield Answer(response.status, response.headers, response)
        finally:
            if response.isclosed() and not response.will_close:
                with self._lock:
                    if len(self._idle) < MAX_IDLE:
                        self._idle.append(connection)
                        connection = None
            if connection is not None:
                connection.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    def _sent(
        self, body: bytes, headers: dict[str, str], seconds: float
    ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        with self._lock:
            reused = self._idle.pop() if self._idle else None
        if reused is not None:
            try:
                return reused, self._exchange(reused, body, headers, seconds)
            except _STALE:
                reused.close()  # closed by the engine while idle: the query was not run, send it afresh
        connection = self._kind(self._host, self._port, timeout=self._connect_seconds)
        try:
            connection.connect()
        except TimeoutError:
            connection.close()
            raise EngineUnavailable(
                f"the engine at {self.url} did not accept a connection within {self._connect_seconds:g} s"
            ) from None
        except OSError as exc:
            connection.close()
            raise EngineUnavailable(
                f"the engine at {self.url} cannot be reached ({type(exc).__name__}); it may be down"
            ) from None
        try:
            return connection, self._exchange(connection, body, headers, seconds)
        except _STALE as exc:
            connection.close()
            raise EngineUnavailable(f"the engine at {self.url} closed the connection ({type(exc).__name__})") from None
        except BaseException:
            connection.close()
            raise

    def _exchange(
        self, connection: http.client.HTTPConnection, body: bytes, headers: dict[str, str], seconds: float
    ) -> http.client.HTTPResponse:
        if connection.sock is not None:
            connection.sock.settimeout(seconds)
        connection.timeout = seconds
        try:
            connection.request("POST", self._target, body=body, headers=headers)
            return connection.getresponse()
        except TimeoutError:
            raise RemoteTimeout(f"the engine at {self.url} did not answer within {seconds:g} s") from None
        except _STALE:
            raise
        except (OSError, http.client.HTTPException) as exc:
            raise EngineUnavailable(f"the connection to the engine at {self.url} was lost ({type(exc).__name__})") from None
