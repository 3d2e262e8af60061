"""RDF terms for the build: namespaces, IRI minting under the base IRI, typed literals.

The build writes with pyoxigraph only, so one parser and one serialiser see every triple
(rdflib and Oxigraph disagree on `"x"^^xsd:string`; mixing them produced false results).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, parse

from dpgraph.config import ONTOLOGY_NS


class Namespace:
    def __init__(self, iri: str):
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.iri + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)


DP = Namespace(ONTOLOGY_NS)
DPN = Namespace(ONTOLOGY_NS.removesuffix("#") + "/network#")  # network metrics, ontology/network-metrics.ttl
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

PREFIXES = {
    "dp": ONTOLOGY_NS,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "owl": OWL.iri,
    "xsd": XSD.iri,
    "skos": SKOS.iri,
    "org": ORG.iri,
    "foaf": FOAF.iri,
    "prov": PROV.iri,
    "dcterms": DCT.iri,
    "time": TIME.iri,
    "schema": SCHEMA.iri,
    "dcat": DCAT.iri,
    "void": VOID.iri,
    "vcard": VCARD.iri,
    "dpn": DPN.iri,
}

Term = NamedNode | Literal
_AnyTerm = NamedNode | BlankNode | Literal | Triple


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


def integer(value: int, datatype: str = "integer") -> Literal:
    return Literal(str(value), datatype=XSD[datatype])


def date_literal(value: str) -> Literal:
    """An ISO date, year-month or year as xsd:date, xsd:gYearMonth or xsd:gYear."""
    parts = value.split("-")
    datatype = {1: "gYear", 2: "gYearMonth", 3: "date"}[len(parts)]
    return Literal(value, datatype=XSD[datatype])


def parse_stable(path: Path, fmt: RdfFormat, label: str) -> list[Triple]:
    """The triples of a project file with its blank nodes named `<label>-1`, `<label>-2`, ... in parse order.

    Oxigraph names every `[]` and collection node at random, and keeps a document's own `_:x`
    as written (so two files saying `_:x` would share a node): renumbering per file makes a
    build of the same files the same bytes, and two files' blank nodes distinct.
    """
    names: dict[BlankNode, BlankNode] = {}

    def stable(term: _AnyTerm) -> _AnyTerm:
        if not isinstance(term, BlankNode):
            return term
        if term not in names:
            names[term] = BlankNode(f"{label}-{len(names) + 1}")
        return names[term]

    return [Triple(stable(t.subject), t.predicate, stable(t.object)) for t in parse(path=str(path), format=fmt)]


@dataclass
class Minter:
    """Resource and graph IRIs under the one base IRI."""

    base: str

    def __call__(self, *path: str) -> NamedNode:
        return NamedNode(self.base + "/".join(path))

    def graph(self, name: str) -> NamedNode:
        return self("graph", name)


@dataclass
class QuadSink:
    """The quads of the build, in the order they were made (output is deterministic)."""

    quads: list[Quad] = field(default_factory=list)
    graph: NamedNode | DefaultGraph = field(default_factory=DefaultGraph)

    def add(self, subject: NamedNode, predicate: NamedNode, obj: Term | None) -> None:
        if obj is None or (isinstance(obj, Literal) and obj.value == "" and obj.datatype == XSD.string):
            return
        self.quads.append(Quad(subject, predicate, obj, self.graph))

    def use(self, graph: NamedNode) -> QuadSink:
        """A sink writing into `graph` that shares this sink's list of quads."""
        return QuadSink(self.quads, graph)
