"""dpgraph queries — list the canned queries, or regenerate queries/README.md from their headers."""

from __future__ import annotations

import argparse

from dpgraph.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("queries", help="list the canned queries of queries/")
    p.add_argument("--write-readme", action="store_true", help="regenerate queries/README.md from the headers")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dpgraph.canned import load_queries, readme

    queries = load_queries(settings.queries_dir)
    if args.write_readme:
        (settings.queries_dir / "README.md").write_text(readme(queries), encoding="utf-8")
        print(f"wrote {settings.queries_dir / 'README.md'} ({len(queries)} queries)")
        return 0
    for query in queries.values():
        params = ", ".join(p.name for p in query.params)
        print(f"{query.name:32} {query.title}" + (f"  [{params}]" if params else ""))
    return 0
