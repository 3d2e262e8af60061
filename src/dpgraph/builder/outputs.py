"""The build's files: the dataset in every RDF format, the metrics graph and the build report.

Written into the staging folder the pipeline hands over (dpgraph.atomic swaps it in). The report
holds no timings: it is part of the build, which is the same bytes for the same inputs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from dpgraph.layout import FULL_DATASET, METRICS_DATASET, PUBLIC_OUTPUTS, REPORT
from dpgraph.network.rdf import write_trig
from dpgraph.rdf.terms import PREFIXES


def write_rdf(data: list[Quad] | list[Triple], path: Path, fmt: RdfFormat) -> int:
    serialize(data, output=str(path), format=fmt, prefixes=PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG) else None)
    return path.stat().st_size


def write_datasets(quads: list[Quad], public: list[Quad], metrics: list[Quad], folder: Path) -> dict[str, int]:
    """Every public format, the full dataset and the metrics graph; the size of each file by name.

    The triple-only formats get the public graphs merged, each triple once.
    """
    merged = list(dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in public))
    sizes = {name: write_rdf(merged if as_one else public, folder / name, fmt) for name, (fmt, as_one) in PUBLIC_OUTPUTS.items()}
    sizes[FULL_DATASET] = write_rdf(quads, folder / FULL_DATASET, RdfFormat.TRIG)
    sizes[METRICS_DATASET] = write_trig(metrics, folder / METRICS_DATASET)
    return sizes


def write_report(report: dict[str, Any], folder: Path) -> None:
    (folder / REPORT).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
