"""The SHACL shapes: found in shapes/<area>/shapes.ttl, parsed by Oxigraph, and checked so
that a mistake in a shapes file is reported with its file and shape, not as a traceback.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rdflib
from pyoxigraph import RdfFormat, Store, parse
from rdflib.namespace import SH

from dpgraph.errors import InputError
from dpgraph.store.files import parse_error

SHAPES_FILE = "shapes.ttl"


def shapes_files(path: Path) -> list[Path]:
    """The shapes of a folder: every `shapes.ttl` below it (the fixtures beside them are data)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError("no such shapes file or folder", path)
    files = sorted(path.rglob(SHAPES_FILE))
    if not files:
        raise InputError(f"no {SHAPES_FILE} file in this folder", path)
    return files


def load_shapes(path: Path) -> rdflib.Graph:
    """The shapes graph, parsed by Oxigraph; cached until a file changes."""
    return _load(tuple((str(f), f.stat().st_mtime_ns) for f in shapes_files(path)))


@lru_cache(maxsize=4)
def _load(files: tuple[tuple[str, int], ...]) -> rdflib.Graph:
    from pyshacl.graph_abstraction import to_rdf

    graph = rdflib.Graph()
    for name, _ in files:
        part = rdflib.Graph()
        try:
            for triple in parse(path=name, format=RdfFormat.TURTLE):
                part.add((to_rdf(triple.subject), to_rdf(triple.predicate), to_rdf(triple.object)))
        except SyntaxError as exc:
            raise parse_error(exc, Path(name)) from exc
        _check_sparql(part, Path(name))
        graph += part
    return graph


def _check_sparql(graph: rdflib.Graph, path: Path) -> None:
    """Parse every sh:select of a file with the prefixes it declares, as pyshacl will run them."""
    prefixes = {str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace)) for d in graph.objects(None, SH.declare)}
    probe = Store()
    for node, query in graph.subject_objects(SH.select):
        try:
            probe.query(str(query), prefixes=prefixes)
        except SyntaxError as exc:
            owner = next(graph.subjects(SH.sparql, node), None) or next(graph.subjects(SH.target, node), node)
            message = str(exc).split(" expected one of", 1)[0]
            raise InputError(f"shape {owner}: SPARQL syntax error: {message}", path) from exc


def check_structure(shapes: rdflib.Graph, path: Path) -> None:
    """Check a shapes graph against the SHACL-SHACL shapes of the specification.

    About a second on the project's shapes, so it runs for shapes given with --shapes; the
    project's own are checked by the test suite.
    """
    import logging

    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    logging.disable(logging.ERROR)  # pyshacl logs the whole report before raising; the message below says it in one line
    try:
        pyshacl.validate(Store(), shacl_graph=shapes, meta_shacl=True, advanced=True, inplace=True)
    except ReportableRuntimeError as exc:
        details = [line.strip() for line in str(exc.message).splitlines() if line.strip().startswith(("Focus Node:", "Message:"))]
        raise InputError(f"not valid SHACL: {'; '.join(details[:4]) or exc.message}", path) from exc
    finally:
        logging.disable(logging.NOTSET)
