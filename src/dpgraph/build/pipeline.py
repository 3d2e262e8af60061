"""Build the dataset: sources + curated tables + ontology -> RDF files, written atomically.

Output files go to a staging folder beside the build folder and replace it only when all
are written; a failure at any step leaves the previous output as it was, and a crash in the
swap itself is repaired by the next command (dpgraph.atomic). The same inputs give the
same bytes in every file: blank nodes are named in parse order (rdf.terms.parse_stable), quads are
written in the order they are made, and the report holds no timings.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from dpgraph.atomic import recover, write_atomically
from dpgraph.build.curated import load_curated
from dpgraph.build.extract import Extraction, Unresolved, extract
from dpgraph.build.mapping import map_all
from dpgraph.build.sources import load_documents
from dpgraph.build.textclean import TextCleaner
from dpgraph.config import Settings
from dpgraph.errors import InputError
from dpgraph.layout import FULL_DATASET, METRICS_DATASET, PUBLIC_OUTPUTS, REPORT, is_public
from dpgraph.rdf.terms import PREFIXES, RDF, RDFS, Minter, parse_stable, text


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


def ontology_quads(settings: Settings, mint: Minter) -> list[Quad]:
    path = settings.ontology_file
    if not path.exists():
        raise InputError("the ontology file is missing", path)
    graph = mint.graph("ontology")
    try:
        triples = [(t.subject, t.predicate, t.object) for t in parse_stable(path, RdfFormat.TURTLE, "ontology")]
    except SyntaxError as exc:
        raise InputError(f"not valid Turtle: {exc}", path, getattr(exc, "lineno", None)) from exc
    triples += [(graph, RDFS.label, text("The ontology", "en")), (graph, RDFS.label, text("L'ontologie", "fr"))]
    return [Quad(s, p, o, graph) for s, p, o in triples]


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


def write_rdf(data: list[Quad] | list[Triple], path: Path, fmt: RdfFormat) -> int:
    serialize(data, output=str(path), format=fmt, prefixes=PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG) else None)
    return path.stat().st_size


def _write_outputs(quads: list[Quad], public: list[Quad], folder: Path) -> dict[str, int]:
    merged = list(dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in public))
    sizes = {name: write_rdf(merged if as_one else public, folder / name, fmt) for name, (fmt, as_one) in PUBLIC_OUTPUTS.items()}
    sizes[FULL_DATASET] = write_rdf(quads, folder / FULL_DATASET, RdfFormat.TRIG)
    return sizes


def network_metrics(public: list[Quad], settings: Settings) -> list[Quad]:
    """The metrics graph of the public data, by the same SPARQL and networkx code as the network views."""
    # Imported here: networkx is only needed once a build gets this far, never by readers of the build.
    from dpgraph.network.graphs import NetworkCache
    from dpgraph.network.rdf import metrics_quads

    store = Store()
    store.extend(public)
    return metrics_quads(NetworkCache(), store, settings.base_iri, settings.network_vocabulary_file)


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
        from dpgraph.network.rdf import write_trig

        progress("writing TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML")
        result.files = _write_outputs(quads, public, folder)
        result.files[METRICS_DATASET] = write_trig(metrics, folder / METRICS_DATASET)
        result.seconds = time.perf_counter() - started
        # No timings here: the report is part of the build, which is the same bytes for the same inputs.
        report = {
            "quads": result.quads,
            "public_quads": len(public),
            "classes": result.class_counts,
            "graphs": result.graph_counts,
            "unresolved": [str(u) for u in result.unresolved],
            "files": result.files,
            "network_metrics": {"quads": len(metrics)},
            "base_iri": settings.base_iri,
        }
        (folder / REPORT).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    write_atomically(settings.output_dir, write)
    return result


def print_progress(message: str) -> None:
    """A one-line progress display on a terminal; nothing when output is redirected."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K… {message}")
        sys.stderr.flush()
