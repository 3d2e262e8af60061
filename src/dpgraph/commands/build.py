"""dpgraph build — sources and curated tables -> the dataset files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dpgraph.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build the dataset from graph/sources and graph/curated")
    p.add_argument("--output", help="output folder (default graph/build)")
    p.add_argument("--strict", action="store_true", help="fail when a name cannot be resolved")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dpgraph.builder.pipeline import build

    if args.output:
        settings = settings.with_(build_dir=Path(args.output).resolve())
    result = build(settings, progress=print_progress)
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    print(f"built {result.quads} quads in {result.seconds:.2f} s -> {result.output_dir}")
    print(f"network metrics: {result.metrics_quads} quads in {result.metrics_seconds:.2f} s")
    print("\nentities per class (public graphs):")
    for cls, count in result.class_counts.items():
        print(f"  {count:6}  {cls}")
    print("\nquads per named graph:")
    for graph, count in result.graph_counts.items():
        print(f"  {count:6}  {graph}")
    print("\nfiles:")
    for name, size in result.files.items():
        print(f"  {size:9}  {name}")
    if result.unresolved:
        print(f"\n{len(result.unresolved)} unresolved name(s):")
        for item in result.unresolved:
            print(f"  {item}")
        return 1 if args.strict else 0
    print("\nevery name in every cell resolved")
    return 0


def print_progress(message: str) -> None:
    """A one-line progress display on a terminal; nothing when output is redirected."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K… {message}")
        sys.stderr.flush()
