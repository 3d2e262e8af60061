"""Build the dataset: sources + curated tables + ontology -> RDF files, written atomically.

Output files go to a staging folder beside the build folder and replace it only when all
are written; a failure at any step leaves the previous output as it was, and a crash in the
swap itself is repaired by the next command (dpgraph.atomic). The same inputs give the
same bytes in every file: blank nodes are named in parse order (rdf.terms.parse_stable), quads are
written in the order they are made, and the report holds no timings.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode, Quad, Store

from dpgraph.atomic import recover, write_atomically
from dpgraph.builder.curated import load_curated
from dpgraph.builder.extract import Extraction, Unresolved, extract
from dpgraph.builder.mapping import map_all
from dpgraph.builder.ontology import ontology_quads
from dpgraph.builder.outputs import write_datasets, write_report
from dpgraph.builder.sources import load_documents
from dpgraph.builder.textclean import TextCleaner
from dpgraph.config import Settings
from dpgraph.layout import is_public
from dpgraph.network.graphs import NetworkCache
from dpgraph.network.rdf import metrics_quads
from dpgraph.rdf.terms import RDF, Minter
from dpgraph.store.local import LocalGraph


@dataclass
class BuildResult:
    output_dir: Path
    quads: int
    class_counts: dict[str, int]
    graph_counts: dict[str, int]
    unresolved: list[Unresolved]
    seconds: float
    files: dict[str, int] = field(default_factory=dict)
    metrics_quads: int = 0
    metrics_seconds: float = 0.0


def collect(settings: Settings, progress: Callable[[str], None] = lambda _: None) -> tuple[list[Quad], Extraction]:
    """Every quad of the dataset, in a deterministic order, and the extraction behind them."""
    progress("reading sources")
    documents = load_documents(settings.sources_dir)
    cleaner = TextCleaner.from_file(settings.curated_dir / "ocr-fixes.yaml")
    progress("reading curated tables")
    curated = load_curated(settings.curated_dir, documents)
    progress("extracting workplans, lists and profiles")
    extraction = extract(documents, curated, cleaner)
    mint = Minter(settings.base_iri)
    progress("mapping to RDF")
    sink = map_all(mint, documents, curated, extraction)
    quads = list(dict.fromkeys([*ontology_quads(settings, mint), *sink.quads]))
    return quads, extraction


def network_metrics(public: list[Quad], settings: Settings) -> list[Quad]:
    """The metrics graph of the public data, by the same SPARQL and networkx code as the network views."""
    store = Store()
    store.extend(public)
    return metrics_quads(NetworkCache(), LocalGraph(store), settings.base_iri, settings.network_vocabulary_file)


def build(settings: Settings, progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    started = time.perf_counter()
    # At the start, not only at the swap: a build that fails on its input must still leave a build behind.
    recover(settings.output_dir)
    quads, extraction = collect(settings, progress)
    public = [q for q in quads if is_public(q, settings.base_iri)]
    classes = Counter(
        q.object.value
        for q in public
        if q.predicate == RDF.type
        and not isinstance(q.graph_name, DefaultGraph)
        and q.graph_name.value != f"{settings.base_iri}graph/ontology"
    )
    graphs = Counter(q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode))
    result = BuildResult(settings.output_dir, len(quads), dict(classes.most_common()), dict(graphs), extraction.unresolved, 0.0)
    progress("computing the network metrics")
    metrics_started = time.perf_counter()
    metrics = network_metrics(public, settings)
    result.metrics_seconds = time.perf_counter() - metrics_started
    result.metrics_quads = len(metrics)

    def write(folder: Path) -> None:
        progress("writing TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML")
        result.files = write_datasets(quads, public, metrics, folder)
        result.seconds = time.perf_counter() - started
        write_report(_report(result, len(public), settings), folder)

    write_atomically(settings.output_dir, write)
    return result


def _report(result: BuildResult, public_quads: int, settings: Settings) -> dict[str, Any]:
    """The build report: counts, unresolved names and file sizes, no timings (same inputs, same bytes)."""
    return {
        "quads": result.quads,
        "public_quads": public_quads,
        "classes": result.class_counts,
        "graphs": result.graph_counts,
        "unresolved": [str(u) for u in result.unresolved],
        "files": result.files,
        "network_metrics": {"quads": result.metrics_quads},
        "base_iri": settings.base_iri,
    }
