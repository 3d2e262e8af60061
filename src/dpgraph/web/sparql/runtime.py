"""The endpoint's settings (from the app's config) and its worker pools, one engine per app, started on first use.

Settings are read from `app.config` (`create_app(test_config)` or `DPGRAPH_SPARQL_*` environment
variables, parsed as JSON by Flask): a value left unset takes the default below.

Each client (its address, as the trusted reverse proxy reports it: PROXY_HOPS) may have only a
few queries running or waiting at once, so one client cannot take every worker; past that it
gets 429 and Retry-After at once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request

from dpgraph.store import EngineTimeout, EngineUnavailable
from dpgraph.store.embedded import Engine
from dpgraph.store.remote_engine import RemoteEngine
from dpgraph.store.remote_graph import RemoteGraph
from dpgraph.store.worker import Outcome, QueryJob, UpdateJob
from dpgraph.web.sparql.protocol import ProtocolError
from dpgraph.web.state import dataset

_ENGINE_KEY = "dpgraph.engine"
_START_LOCK = threading.Lock()


@dataclass(frozen=True)
class EndpointConfig:
    timeout: float = 10.0  # SPARQL_TIMEOUT: seconds a query may run before its worker is killed
    workers: int = 2  # SPARQL_WORKERS: query worker processes kept warm for /sparql
    page_workers: int = 1  # SPARQL_PAGE_WORKERS: worker processes of their own for the canned-query pages
    queue_seconds: float = 1.0  # SPARQL_QUEUE_SECONDS: how long a query waits for a free worker before a 503
    client_queries: int = 2  # SPARQL_CLIENT_QUERIES: queries one client may have running or waiting at once
    max_rows: int = 10_000  # SPARQL_MAX_ROWS: solutions or triples returned before the result is cut (and says so)
    max_request_bytes: int = 1 << 20  # SPARQL_MAX_REQUEST_BYTES: largest query, update or form accepted
    update_token: str | None = None  # SPARQL_UPDATE_TOKEN: SPARQL Update is off unless set (sent as a bearer token)
    service_allow: frozenset[str] = frozenset()  # SPARQL_SERVICE_ALLOW: endpoints SERVICE may call; empty: none

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> EndpointConfig:
        defaults = cls()
        return cls(
            timeout=float(config.get("SPARQL_TIMEOUT", defaults.timeout)),
            workers=max(1, int(config.get("SPARQL_WORKERS", defaults.workers))),
            page_workers=max(1, int(config.get("SPARQL_PAGE_WORKERS", defaults.page_workers))),
            queue_seconds=max(0.0, float(config.get("SPARQL_QUEUE_SECONDS", defaults.queue_seconds))),
            client_queries=max(1, int(config.get("SPARQL_CLIENT_QUERIES", defaults.client_queries))),
            max_rows=max(1, int(config.get("SPARQL_MAX_ROWS", defaults.max_rows))),
            max_request_bytes=int(config.get("SPARQL_MAX_REQUEST_BYTES", defaults.max_request_bytes)),
            update_token=config.get("SPARQL_UPDATE_TOKEN") or None,
            service_allow=frozenset(config.get("SPARQL_SERVICE_ALLOW") or ()),
        )


def endpoint_config() -> EndpointConfig:
    return EndpointConfig.from_config(current_app.config)


def warm(app: Flask) -> Engine | RemoteEngine:
    """The app's worker pool, or its connections to the remote engine, started if they are not
    yet (`dpgraph serve` calls this before serving)."""
    with _START_LOCK:
        engine = app.extensions.get(_ENGINE_KEY)
        if engine is None:
            config = EndpointConfig.from_config(app.config)
            lanes = {"sparql": config.workers, "pages": config.page_workers}
            with app.app_context():
                graph = dataset().graph
                if isinstance(graph, RemoteGraph):
                    engine = RemoteEngine(graph, lanes, config.timeout, config.queue_seconds)
                else:
                    engine = Engine(graph.store, lanes, config.timeout, config.queue_seconds, bool(config.service_allow))
            engine.start()
            app.extensions[_ENGINE_KEY] = engine
        return engine


def engine() -> Engine | RemoteEngine:
    return warm(current_app._get_current_object())  # type: ignore[attr-defined]


def is_remote() -> bool:
    """Whether the app serves a remote engine's release (ENGINE_URL) rather than its own store."""
    return isinstance(dataset().graph, RemoteGraph)


class _ClientSlots:
    """Queries each client has running or waiting."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: Counter[str] = Counter()

    @contextmanager
    def hold(self, client: str, limit: int) -> Iterator[None]:
        with self._lock:
            if self._held[client] >= limit:
                raise ProtocolError(429, f"this client already has {limit} queries running; wait for them", RETRY)
            self._held[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._held[client] -= 1
                if not self._held[client]:
                    del self._held[client]


RETRY = {"Retry-After": "5"}
_CLIENTS_KEY = "dpgraph.clients"


def run(job: QueryJob | UpdateJob, lane: str = "sparql") -> Outcome:
    """Run a job in a lane's pool; the protocol's error for a busy client or pool, a time-out, a lost worker or a bad query."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    slots = app.extensions.setdefault(_CLIENTS_KEY, _ClientSlots())
    try:
        with slots.hold(request.remote_addr or "", endpoint_config().client_queries):
            outcome = engine().run(job, lane)
    except (EngineTimeout, EngineUnavailable) as exc:
        raise ProtocolError(exc.status, str(exc), RETRY if isinstance(exc, EngineUnavailable) else None) from None
    if outcome.kind == "error":
        raise ProtocolError(400, outcome.error)
    return outcome


def stop(app: Flask) -> None:
    """Stop the app's worker pool, if it was started."""
    engine = app.extensions.pop(_ENGINE_KEY, None)
    if engine is not None:
        engine.close()
