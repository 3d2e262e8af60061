"""dpgraph reason — check with HermiT that the graph is consistent, and write what it entails to graph/inferred."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dpgraph.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reason",
        help="check consistency with HermiT (owlready2) and write the inferred graph",
        description="Exit status: 0 when consistent, 1 when inconsistent (with the causes), 2 for unreadable input.",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILES", help="RDF files to reason over (default: the build)")
    p.add_argument("--output", type=Path, help="file for the inferred graph (default: the build's inferred.trig)")
    p.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dpgraph.builder.ontology import ontology_quads
    from dpgraph.layout import INFERRED_DATASET
    from dpgraph.rdf.terms import Minter
    from dpgraph.reasoning.reason import reason, reasoning_input, write_inferred
    from dpgraph.store.files import built_dataset, load_files
    from dpgraph.validation.validate import data_store

    if args.files:
        store = data_store(args.files)
        store.extend(ontology_quads(settings, Minter(settings.base_iri)))
    else:
        store = load_files([built_dataset(settings)])
    result = reason(reasoning_input(store))
    written = None
    if result.consistent and (args.output or not args.files):
        target = args.output.resolve() if args.output else settings.output_dir / INFERRED_DATASET
        written = write_inferred(result, settings.with_(build_dir=target.parent), target.name)
    if args.format == "json":
        json.dump(_as_dict(result, written), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_text(result, written))
    return 0 if result.consistent else 1


def _as_dict(result, written: Path | None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "consistent": result.consistent,
        "triples": result.triples,
        "timings": result.timings,
        "inferred": len(result.inferred),
        "counts": dict(result.counts().most_common()),
        "written": str(written) if written else None,
        "causes": [{"node": c.node, "label": c.label, "message": c.message} for c in result.causes],
    }


def _text(result, written: Path | None) -> str:  # type: ignore[no-untyped-def]
    from dpgraph.rdf.prefixed import compact

    seconds = sum(result.timings.values())
    if not result.consistent:
        lines = [f"inconsistent: HermiT finds no model of the ontology and these {result.triples} triples ({seconds:.1f} s)"]
        if result.causes:
            lines += ["causes:", *(f"  {cause}" for cause in result.causes)]
        else:
            lines.append("no node is in two disjoint classes, no literal is outside its range: look at axioms the data adds")
        return "\n".join(lines) + "\n"
    lines = [f"consistent: HermiT finds no contradiction in {result.triples} triples ({seconds:.1f} s)"]
    where = f" -> {written}" if written else " (not written; give --output to keep them)"
    lines.append(f"inferred {len(result.inferred)} triples{where}")
    lines += [f"  {count:6}  {compact(term)}" for term, count in result.counts().most_common()]
    return "\n".join(lines) + "\n"
