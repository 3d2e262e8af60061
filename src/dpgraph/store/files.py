"""The embedded store: Oxigraph, decided here and nowhere else.

Oxigraph answers this graph's joins about a hundred times faster than rdflib's memory
store (docs/benchmarks), and pyoxigraph never dereferences FROM / FROM NAMED. Code that
needs rdflib's API (pyshacl, owlready2 bridges) converts from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import QueryBoolean, QuerySolutions, QueryTriples, RdfFormat, Store, parse

from dpgraph.atomic import recover
from dpgraph.config import Settings
from dpgraph.errors import InputError
from dpgraph.layout import DERIVED_DATASETS, FULL_DATASET, PUBLIC_DATASET, restricted_graph
from dpgraph.rdf.guard import check_rdf_file
from dpgraph.rdf.sparql_errors import friendly_message
from dpgraph.rdf.terms import PREFIXES
from dpgraph.store import journal

FORMATS_BY_SUFFIX = {
    ".ttl": RdfFormat.TURTLE,
    ".turtle": RdfFormat.TURTLE,
    ".trig": RdfFormat.TRIG,
    ".nt": RdfFormat.N_TRIPLES,
    ".ntriples": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".nquads": RdfFormat.N_QUADS,
    ".jsonld": RdfFormat.JSON_LD,
    ".json": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
}

QueryResult = QuerySolutions | QueryBoolean | QueryTriples


def rdf_format(path: Path) -> RdfFormat:
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise InputError(f"unknown RDF file type {path.suffix!r} (known: {known})", path)
    return fmt


def parse_error(exc: Exception, path: Path) -> InputError:
    """The parser's message with the file and the line it stopped at."""
    return InputError(f"cannot be parsed: {exc.args[0] if exc.args else exc}", path, getattr(exc, "lineno", None))


def load_files(paths: Iterable[Path], store: Store | None = None, keep_labels: bool = False) -> Store:
    """A store holding every file; TriG and N-Quads keep their named graphs.

    bulk_load gives each file's blank nodes new labels, so two files' `_:b0` stay two nodes;
    `keep_labels` keeps them instead, for files whose labels are unique (the build's) and must
    stay the same from one start to the next (the journal's removals name them)."""
    store = store if store is not None else Store()  # an empty Store is falsy
    for path in paths:
        if not path.exists():
            raise InputError("no such file", path)
        fmt = rdf_format(path)
        check_rdf_file(path, fmt)
        try:
            if keep_labels:
                store.bulk_extend(parse(path=str(path), format=fmt))
            else:
                store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise parse_error(exc, path) from exc
    return store


def built_dataset(settings: Settings, restricted: bool = False) -> Path:
    recover(settings.output_dir)
    path = settings.output_dir / (FULL_DATASET if restricted else PUBLIC_DATASET)
    if not path.exists():
        raise InputError("the dataset is not built yet: run `dpgraph build` first", path)
    return path


def default_dataset_files(settings: Settings, restricted: bool = False) -> list[Path]:
    """What `serve`, `query` and `network` open unless told otherwise: the built dataset and the
    graphs derived from it (network metrics, inferences) that are in the build folder."""
    derived = (settings.output_dir / name for name in DERIVED_DATASETS)
    return [built_dataset(settings, restricted), *(path for path in derived if path.exists())]


def open_dataset(settings: Settings, restricted: bool = False) -> Store:
    """The default dataset with the committed SPARQL updates of the journal replayed on it."""
    store = load_files(default_dataset_files(settings, restricted), keep_labels=True)
    journal.replay(settings.journal_file, store)
    if not restricted:
        # An update made while the restricted graph was served may have written it.
        store.remove_graph(restricted_graph(settings))
    return store


def sparql_prologue() -> str:
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def query_union(store: Store, query: str, **options: object) -> QueryResult:
    """A query over the union of the dataset's graphs (as Fuseki's unionDefaultGraph)."""
    options.setdefault("use_default_graph_as_union", True)
    try:
        return store.query(query, prefixes=PREFIXES, **options)  # type: ignore[arg-type]
    except SyntaxError as exc:
        base = options.get("base_iri")
        raise InputError(
            friendly_message(str(exc), query, prefixes=PREFIXES, base_iri=base if isinstance(base, str) else None)
        ) from exc
