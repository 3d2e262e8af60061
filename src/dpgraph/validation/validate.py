"""SHACL validation of the built dataset, or of a person's own files, over Oxigraph.

pyshacl validates the Oxigraph store directly (no copy into rdflib's memory store): it
asks Oxigraph for triples and runs the SHACL-SPARQL constraints in Oxigraph's engine, which
is what makes validation fast enough to run before every update. Data and shapes are both
parsed by Oxigraph, because rdflib and Oxigraph disagree on `"x"^^xsd:string` and mixing
the two parsers gives false `sh:in` and `sh:hasValue` results.

Every triple sits in a named graph during validation (a file's default graph becomes the
graph `<file:///...>`), so the shapes can tell the restricted graph from the others and the
report can name the file a record came from.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import rdflib
from pyoxigraph import DefaultGraph, NamedNode, Quad, Store

from dpgraph.builder.ontology import ontology_quads
from dpgraph.config import Settings
from dpgraph.errors import InputError
from dpgraph.rdf.terms import Minter
from dpgraph.store.files import built_dataset, load_files
from dpgraph.validation.inference import INFERENCE_MODES, infer
from dpgraph.validation.report import ValidationReport, build_report
from dpgraph.validation.shapes import check_structure, load_shapes

__all__ = [
    "INFERENCE_MODES",
    "ValidationReport",
    "validate_built",
    "validate_files",
    "validate_quads",
    "validate_store",
]


def data_store(paths: Sequence[Path]) -> Store:
    """The files in one store, each file's default graph renamed after the file."""
    store = Store()
    for path in paths:
        load_files([path], store)
        graph = NamedNode(path.resolve().as_uri())
        unnamed = list(store.quads_for_pattern(None, None, None, DefaultGraph()))
        store.extend(Quad(q.subject, q.predicate, q.object, graph) for q in unnamed)
        for quad in unnamed:
            store.remove(quad)
    return store


def validate_store(
    store: Store,
    settings: Settings,
    shapes_dir: Path | None = None,
    inference: str = "none",
) -> ValidationReport:
    """Validate the data of `store` (which this adds the ontology and inferences to) against the shapes."""
    import pyshacl

    timings: dict[str, float] = {}
    started = time.perf_counter()
    shapes_path = shapes_dir or settings.shapes_dir
    shapes = load_shapes(shapes_path)
    if shapes_dir is not None:
        check_structure(shapes, shapes_path)
    store.extend(ontology_quads(settings, Minter(settings.base_iri)))
    timings["load"] = time.perf_counter() - started
    inferred = infer(store, inference)
    timings["inference"] = time.perf_counter() - started - timings["load"]
    checked = time.perf_counter()
    try:
        # advanced: SPARQL targets; inplace: the store is ours, so pyshacl need not copy it.
        _, report_graph, text = pyshacl.validate(_data_graph(store), shacl_graph=shapes, advanced=True, inplace=True)
    except (SyntaxError, ValueError, RuntimeError) as exc:
        message = _one_line(getattr(exc, "message", exc)).split(" expected one of", 1)[0]
        raise InputError(f"the shapes cannot be used: {message}", shapes_path) from exc
    if not isinstance(report_graph, rdflib.Graph):  # pyshacl returns, not raises, a ValidationFailure
        raise InputError(f"the shapes cannot be used: {_one_line(text)}", shapes_path)
    timings["validation"] = time.perf_counter() - checked
    report = build_report(report_graph, shapes, store, settings)
    timings["report"] = time.perf_counter() - checked - timings["validation"]
    report.timings = {name: round(seconds, 4) for name, seconds in timings.items()}
    report.triples = len(store) - inferred
    report.inferred = inferred
    report.inference = inference
    return report


def validate_quads(quads: Iterable[Quad], settings: Settings, **options: object) -> ValidationReport:
    """Validate quads, for instance the dataset as an update would leave it, before committing the update."""
    store = Store()
    store.extend(quads)
    return validate_store(store, settings, **options)  # type: ignore[arg-type]


def validate_files(paths: Sequence[Path], settings: Settings, **options: object) -> ValidationReport:
    """Validate a person's own RDF files (any format Oxigraph reads, TriG included) with the ontology."""
    return validate_store(data_store(paths), settings, **options)  # type: ignore[arg-type]


def validate_built(settings: Settings, **options: object) -> ValidationReport:
    """Validate the built dataset, restricted graph included, so that personal data is checked too."""
    return validate_store(load_files([built_dataset(settings, restricted=True)]), settings, **options)  # type: ignore[arg-type]


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def _data_graph(store: Store) -> rdflib.Graph:
    """pyshacl's view of the store, minus a cost that grows with the data.

    pyshacl writes `datagraph or shapes_graph` for every result it makes, and for an
    Oxigraph store truth-testing counts every distinct triple of the store; three times
    per result, that made a 300-result report take 9 s on the real graph.
    """
    from pyshacl.graph_abstraction import OxigraphDataGraph

    class NonEmptyDataGraph(OxigraphDataGraph):
        def __bool__(self) -> bool:
            return True

    return NonEmptyDataGraph(store)
