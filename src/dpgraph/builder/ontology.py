"""The ontology file -> the quads of `graph/ontology`, as the build writes them and validation and reasoning read them."""

from __future__ import annotations

from pyoxigraph import Quad, RdfFormat

from dpgraph.config import Settings
from dpgraph.errors import InputError
from dpgraph.rdf.terms import RDFS, Minter, parse_stable, text


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
