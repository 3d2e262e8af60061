"""dpgraph serve — the web app (SPARQL endpoint, query UI, pages) under waitress, a production WSGI server."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpgraph.config import Settings
from dpgraph.errors import InputError

# Room for the request line's other parts and ordinary headers beside a query string at the request cap.
HEADER_ROOM = 64 << 10


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the dataset: SPARQL endpoint, query UI and pages")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--data",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="serve these RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) instead of the built dataset",
    )
    p.add_argument("--threads", type=int, help="request threads (default: the SERVE_THREADS setting, 8)")
    p.add_argument(
        "--engine",
        metavar="URL",
        help="serve the release published on this remote engine's SPARQL endpoint (dpgraph publish) instead of the build",
    )
    p.add_argument("--engine-kind", choices=("oxigraph", "virtuoso", "sparql11"), help="default: what the engine says it is")


@dataclass(frozen=True)
class ServerConfig:
    """waitress' limits, from the app's config (`DPGRAPH_SERVE_*` in the environment; docs/endpoint.md).

    waitress' own defaults (100 connections, 120 s before an idle one is closed) let about a hundred
    sockets that never finish their headers lock everyone out for two minutes; its body limit (1 GB)
    and header limit (256 kB) are not the endpoint's request cap, so a huge POST was read in full
    before the app refused it and a long GET query got waitress' 431 instead of the endpoint's 414.
    """

    threads: int = 8  # SERVE_THREADS
    connection_limit: int = 1000  # SERVE_CONNECTION_LIMIT: open connections; more wait in the listen backlog
    channel_timeout: int = 20  # SERVE_CHANNEL_TIMEOUT: seconds a connection may send and receive nothing
    max_request_body_size: int = 1 << 20  # SERVE_MAX_REQUEST_BODY_SIZE: default SPARQL_MAX_REQUEST_BYTES
    max_request_header_size: int = (1 << 20) + HEADER_ROOM  # SERVE_MAX_REQUEST_HEADER_SIZE: default the cap + 64 KiB

    @classmethod
    def from_config(cls, config: Mapping[str, Any], threads: int | None = None) -> ServerConfig:
        from dpgraph.web.sparql.runtime import EndpointConfig

        cap = EndpointConfig.from_config(config).max_request_bytes
        defaults = cls()
        return cls(
            threads=max(1, threads or int(config.get("SERVE_THREADS", defaults.threads))),
            connection_limit=max(1, int(config.get("SERVE_CONNECTION_LIMIT", defaults.connection_limit))),
            channel_timeout=max(1, int(config.get("SERVE_CHANNEL_TIMEOUT", defaults.channel_timeout))),
            max_request_body_size=int(config.get("SERVE_MAX_REQUEST_BODY_SIZE", cap)),
            max_request_header_size=int(config.get("SERVE_MAX_REQUEST_HEADER_SIZE", cap + HEADER_ROOM)),
        )

    def waitress_options(self) -> dict[str, Any]:
        return {
            "threads": self.threads,
            "connection_limit": self.connection_limit,
            "channel_timeout": self.channel_timeout,
            # Idle connections are looked for every cleanup_interval (waitress: 30 s), so one lives
            # up to channel_timeout + cleanup_interval; checking twice per timeout keeps that near the setting.
            "cleanup_interval": max(1, self.channel_timeout // 2),
            "max_request_body_size": self.max_request_body_size,
            "max_request_header_size": self.max_request_header_size,
            # select() cannot watch a descriptor numbered 1024 or more, which a thousand connections reach.
            "asyncore_use_poll": True,
        }


def public_url_of(host: str, port: int) -> str:
    """Where `dpgraph serve` is reached when no PUBLIC_URL is set: its own address and port."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _exit_on_term(signum: int, frame: object) -> None:
    # SIGTERM (docker stop, systemd) unwinds like Ctrl-C, so the worker pool and its snapshots are removed.
    raise SystemExit(0)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import signal

    import waitress

    from dpgraph.web import create_app
    from dpgraph.web.sparql.runtime import EndpointConfig, warm

    if args.engine and args.data:
        raise InputError("--data and --engine name two datasets: give one")
    given = {"SETTINGS": settings, "DATA_FILES": [str(p) for p in args.data] if args.data else None}
    if args.engine:
        given |= {"ENGINE_URL": args.engine, "ENGINE_KIND": args.engine_kind}
    app = create_app(
        given,
        defaults={"PUBLIC_URL": public_url_of(args.host, args.port)},
    )
    options = ServerConfig.from_config(app.config, args.threads).waitress_options()
    warm(app)  # the first query should not wait for the worker pool to start
    signal.signal(signal.SIGTERM, _exit_on_term)
    source = f"the release on {args.engine}" if args.engine else "the build"
    print(f"serving {source} on http://{args.host}:{args.port}/sparql, published at {app.config['PUBLIC_URL']}", flush=True)
    if EndpointConfig.from_config(app.config).update_token:
        journal = app.extensions["dpgraph"].journal
        where = f"written to {journal}" if journal else "kept in memory only (--data files have no journal)"
        print(f"SPARQL Update is on: committed updates are {where}", flush=True)
    # waitress drops X-Forwarded-For unless told otherwise; with PROXY_HOPS set, the app's ProxyFix reads it.
    options["clear_untrusted_proxy_headers"] = not app.config["PROXY_HOPS"]
    waitress.serve(app, host=args.host, port=args.port, ident="dpgraph", **options)
    return 0
