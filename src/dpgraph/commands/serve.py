"""dpgraph serve — the web app (SPARQL endpoint, query UI, pages) under waitress, a production WSGI server."""

from __future__ import annotations

import argparse
from pathlib import Path

from dpgraph.config import Settings


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
    p.add_argument("--threads", type=int, default=8, help="request threads (default 8)")


def _exit_on_term(signum: int, frame: object) -> None:
    # SIGTERM (docker stop, systemd) unwinds like Ctrl-C, so the worker pool and its snapshots are removed.
    raise SystemExit(0)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import signal

    import waitress

    from dpgraph.web import create_app
    from dpgraph.web.runtime import EndpointConfig, warm

    app = create_app({"SETTINGS": settings, "DATA_FILES": [str(p) for p in args.data] if args.data else None})
    warm(app)  # the first query should not wait for the worker pool to start
    signal.signal(signal.SIGTERM, _exit_on_term)
    print(f"serving on http://{args.host}:{args.port}/sparql", flush=True)
    if EndpointConfig.from_config(app.config).update_token:
        journal = app.extensions["dpgraph"].journal
        where = f"written to {journal}" if journal else "kept in memory only (--data files have no journal)"
        print(f"SPARQL Update is on: committed updates are {where}", flush=True)
    # waitress drops X-Forwarded-For unless told otherwise; with PROXY_HOPS set, the app's ProxyFix reads it.
    proxied = bool(app.config["PROXY_HOPS"])
    waitress.serve(
        app, host=args.host, port=args.port, threads=args.threads, ident="dpgraph", clear_untrusted_proxy_headers=not proxied
    )
    return 0
