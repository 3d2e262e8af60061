"""dpgraph validate — check the built dataset, or your own RDF files, against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dpgraph.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check the built dataset, or RDF files, against the SHACL shapes",
        description="Exit status: 0 without Violations (Warnings too with --strict), 1 with them, 2 for unreadable input.",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILES", help="RDF files to check (default: the build)")
    p.add_argument("--shapes", type=Path, metavar="DIR", help="a folder of shapes.ttl files, or a shapes file (default: shapes/)")
    p.add_argument("--format", choices=("text", "json", "turtle", "html"), default="text")
    p.add_argument("--inference", choices=("none", "rdfs", "owlrl"), default="none", help="entailments to add before checking")
    p.add_argument("--strict", action="store_true", help="fail on Warnings as well as Violations")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dpgraph.store.files import built_dataset
    from dpgraph.validation.formats import format_report
    from dpgraph.validation.validate import validate_built, validate_files

    options = {"shapes_dir": args.shapes, "inference": args.inference}
    if args.files:
        report = validate_files(args.files, settings, **options)
        title = ", ".join(str(f) for f in args.files)
    else:
        report = validate_built(settings, **options)
        title = _relative(built_dataset(settings, restricted=True), settings.root)
    sys.stdout.write(format_report(report, args.format, title))
    failing = report.counts["Violation"] + (report.counts["Warning"] if args.strict else 0)
    return 1 if failing else 0


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
