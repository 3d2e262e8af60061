"""dpgraph publish — push the build to a remote engine (Oxigraph server, Virtuoso, any SPARQL 1.1 store) as one release."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dpgraph.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "publish",
        help="push the build (public graphs, network metrics, inferences) to a remote engine, atomically",
        description=(
            "Readers of the engine see the previous release or the new one, never a mix (docs/deploy.md). "
            "Credentials come from DPGRAPH_ENGINE_USER and DPGRAPH_ENGINE_PASSWORD, or a file "
            "(--credentials-file, or DPGRAPH_ENGINE_CREDENTIALS) whose first line is user:password. "
            "Exit status: 0 published and checked, 2 bad input, 3 the engine failed (the previous release stays)."
        ),
    )
    p.add_argument(
        "--engine", required=True, metavar="URL", help="the engine's SPARQL query endpoint, e.g. http://127.0.0.1:7878/query"
    )
    p.add_argument("--engine-kind", choices=("oxigraph", "virtuoso", "sparql11"), help="default: what the engine says it is")
    p.add_argument("--update-url", metavar="URL", help="SPARQL Update endpoint (default: derived from the kind)")
    p.add_argument("--store-url", metavar="URL", help="Graph Store Protocol endpoint (default: derived from the kind)")
    p.add_argument("--data", nargs="+", type=Path, metavar="FILE", help="publish these RDF files instead of the build")
    p.add_argument("--credentials-file", type=Path, metavar="FILE", help="a file whose first line is user:password")
    p.add_argument(
        "--include-restricted",
        action="store_true",
        help="also push the restricted graph of personal data: ONLY to a separate, access-controlled staff engine",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    import os

    from dpgraph.publish.push import publish
    from dpgraph.store.remote import connect, credentials_from

    credentials = credentials_from(os.environ, args.credentials_file)
    connection = connect(args.engine, args.engine_kind, args.update_url, args.store_url, credentials, timeout=60.0)
    if args.include_restricted:
        print(
            "including the restricted graph of personal data: this engine must be access-controlled staff-only", file=sys.stderr
        )
    try:
        done = publish(
            connection,
            settings,
            args.include_restricted,
            progress=lambda line: print(line, file=sys.stderr, flush=True),
            files=args.data or (),
        )
    finally:
        connection.close()
    width = max(len(g) for g in done.counted)
    print(f"release {done.release.identifier} published in {done.seconds:.1f} s; statements per graph on the engine:")
    for graph, count in sorted(done.counted.items()):
        print(f"  {graph:<{width}}  {count:>9,}")
    print(f"  {'total':<{width}}  {sum(done.counted.values()):>9,}")
    return 0
