"""Why HermiT finds the graph inconsistent, in words: HermiT says only that it is.

This ontology has two ways to be contradicted (it has no cardinalities and no negation):
a node that falls in two disjoint classes (owl:AllDisjointClasses, owl:disjointWith),
stated or through the domain or range of a property it is used with; and a literal
outside the range of its datatype property (a language-tagged text where the ontology
says xsd:string). Both are found with SPARQL over the same triples HermiT read.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Store

from dpgraph.rdf.labels import node_labels
from dpgraph.rdf.prefixed import compact
from dpgraph.rdf.terms import PREFIXES

# How a node gets each type: ?how is "stated" (?via the stated class), "subject" or "object"
# (?via the property whose rdfs:domain or rdfs:range it is).
DISJOINT = """
SELECT DISTINCT ?node ?first ?second ?firstHow ?firstVia ?secondHow ?secondVia WHERE {
  { ?axiom a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?first , ?second . }
  UNION { ?first owl:disjointWith ?second } UNION { ?second owl:disjointWith ?first }
  FILTER (STR(?first) < STR(?second))
  { ?node a ?type1 . BIND ("stated" AS ?firstHow) BIND (?type1 AS ?firstVia) }
  UNION { ?node ?firstVia [] . ?firstVia rdfs:domain ?type1 . BIND ("subject" AS ?firstHow) }
  UNION { [] ?firstVia ?node . ?firstVia rdfs:range ?type1 . BIND ("object" AS ?firstHow) }
  ?type1 rdfs:subClassOf* ?first .
  { ?node a ?type2 . BIND ("stated" AS ?secondHow) BIND (?type2 AS ?secondVia) }
  UNION { ?node ?secondVia [] . ?secondVia rdfs:domain ?type2 . BIND ("subject" AS ?secondHow) }
  UNION { [] ?secondVia ?node . ?secondVia rdfs:range ?type2 . BIND ("object" AS ?secondHow) }
  ?type2 rdfs:subClassOf* ?second .
} ORDER BY ?node ?first ?second"""

# Integer types are one family: Oxigraph stores xsd:positiveInteger as xsd:integer.
DATA_RANGE = """
SELECT DISTINCT ?node ?property ?value ?range WHERE {
  ?property a owl:DatatypeProperty ; rdfs:range ?range .
  ?node ?property ?value .
  FILTER (isLiteral(?value))
  OPTIONAL { ?range owl:unionOf/rdf:rest*/rdf:first ?member }
  FILTER (DATATYPE(?value) != ?range && (!BOUND(?member) || NOT EXISTS {
    ?range owl:unionOf/rdf:rest*/rdf:first ?allowed FILTER (DATATYPE(?value) = ?allowed) }))
  FILTER (!(isNumeric(?value) && STRSTARTS(STR(?range), STR(xsd:)) && CONTAINS(LCASE(STR(?range)), "integer")))
} ORDER BY ?node ?property"""


@dataclass(frozen=True)
class Cause:
    node: str
    label: str | None
    message: str
    terms: tuple[str, ...]

    def __str__(self) -> str:
        who = f"{self.label} <{self.node}>" if self.label else f"<{self.node}>"
        return f"{who}: {self.message}"


def explain(store: Store) -> list[Cause]:
    disjoint, data_range = _query(store, DISJOINT), _query(store, DATA_RANGE)
    causes = [
        Cause(
            row["node"].value,
            None,
            f"is a {compact(row['first'].value)} ({_why(row['firstHow'].value, row['firstVia'].value)}) "
            f"and a {compact(row['second'].value)} ({_why(row['secondHow'].value, row['secondVia'].value)}), which are disjoint",
            (row["first"].value, row["second"].value),
        )
        for row in disjoint
    ]
    causes += [
        Cause(
            row["node"].value,
            None,
            f"{compact(row['property'].value)} is {_literal(row['value'])}, outside its range {compact(row['range'].value)}",
            (row["property"].value,),
        )
        for row in data_range
        if not row["range"].value.startswith("_:")
    ]
    labels = node_labels(store, {row["node"] for row in [*disjoint, *data_range]})
    return [Cause(c.node, labels.get(c.node), c.message, c.terms) for c in _first_per_clash(causes)]


def _query(store: Store, query: str) -> list:
    return list(store.query(query, prefixes=PREFIXES))


def _first_per_clash(causes: list[Cause]) -> list[Cause]:
    """One explanation per node and pair of classes (a clash often has several derivations)."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    kept = []
    for cause in causes:
        if (cause.node, cause.terms) not in seen:
            seen.add((cause.node, cause.terms))
            kept.append(cause)
    return kept


def _why(how: str, via: str) -> str:
    if how == "stated":
        return f"stated to be a {compact(via)}"
    return f"as the {how} of {compact(via)}"


def _literal(value) -> str:  # type: ignore[no-untyped-def]
    if value.language:
        return f'"{value.value}"@{value.language}'
    return f'"{value.value}"^^{compact(value.datatype.value)}'
