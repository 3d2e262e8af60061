"""The endpoint's settings (from the app's config) and its worker pool, one per app, started on first use.

Settings are read from `app.config` (`create_app(test_config)` or `DPGRAPH_SPARQL_*` environment
variables, parsed as JSON by Flask): a value left unset takes the default below.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from dpgraph.web import dataset
from dpgraph.web.engine import Engine, EngineTimeout, EngineUnavailable
from dpgraph.web.protocol import ProtocolError
from dpgraph.web.worker import Outcome, QueryJob, UpdateJob

_ENGINE_KEY = "dpgraph.engine"
_START_LOCK = threading.Lock()


@dataclass(frozen=True)
class EndpointConfig:
    timeout: float = 10.0  # SPARQL_TIMEOUT: seconds a query may run before its worker is killed
    workers: int = 2  # SPARQL_WORKERS: query worker processes kept warm
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
            max_rows=max(1, int(config.get("SPARQL_MAX_ROWS", defaults.max_rows))),
            max_request_bytes=int(config.get("SPARQL_MAX_REQUEST_BYTES", defaults.max_request_bytes)),
            update_token=config.get("SPARQL_UPDATE_TOKEN") or None,
            service_allow=frozenset(config.get("SPARQL_SERVICE_ALLOW") or ()),
        )


def endpoint_config() -> EndpointConfig:
    return EndpointConfig.from_config(current_app.config)


def warm(app: Flask) -> Engine:
    """The app's worker pool, started if it is not yet (`dpgraph serve` calls this before serving)."""
    with _START_LOCK:
        engine = app.extensions.get(_ENGINE_KEY)
        if engine is None:
            config = EndpointConfig.from_config(app.config)
            with app.app_context():
                engine = Engine(dataset().store, config.workers, config.timeout)
            engine.start()
            app.extensions[_ENGINE_KEY] = engine
        return engine


def engine() -> Engine:
    return warm(current_app._get_current_object())  # type: ignore[attr-defined]


def run(job: QueryJob | UpdateJob) -> Outcome:
    """Run a job in the pool; the protocol's error for a time-out, a lost worker or a bad query."""
    try:
        outcome = engine().run(job)
    except (EngineTimeout, EngineUnavailable) as exc:
        raise ProtocolError(503, str(exc), {"Retry-After": "5"} if isinstance(exc, EngineUnavailable) else None) from None
    if outcome.kind == "error":
        raise ProtocolError(400, outcome.error)
    return outcome


def stop(app: Flask) -> None:
    """Stop the app's worker pool, if it was started."""
    engine = app.extensions.pop(_ENGINE_KEY, None)
    if engine is not None:
        engine.close()
