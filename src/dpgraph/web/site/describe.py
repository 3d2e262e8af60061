"""A resource's description as a page shows it: its statements grouped by property, the hash
resources described with it, the statements that point at it, and the lines of the source
documents it was derived from.

Built from one read of the graph (Graph.statements) and the catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from dpgraph.rdf.terms import PROV, RDF, XSD
from dpgraph.store import Graph
from dpgraph.web.site.catalogue import Catalogue, public_quads

# Properties shown first, in this order; the rest follow by label.
LEADING = (
    RDF.type.value,
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://purl.org/dc/terms/description",
)
DERIVED_FROM = PROV.wasDerivedFrom.value


@dataclass(frozen=True)
class Value:
    term: NamedNode | Literal | BlankNode
    text: str
    href: str | None = None  # a local path for resources served here, the IRI for others
    note: str = ""  # language tag or datatype of a literal
    graphs: tuple[str, ...] = ()  # IRIs of the named graphs that state it

    @property
    def value(self) -> str:
        return self.term.value

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": self.term.value, "label": self.text}
        if isinstance(self.term, Literal):
            data["type"] = "literal"
            if self.term.language:
                data["language"] = self.term.language
            elif self.term.datatype != XSD.string:
                data["datatype"] = self.term.datatype.value
        else:
            data["type"] = "iri" if isinstance(self.term, NamedNode) else "bnode"
        data["graphs"] = list(self.graphs)
        return data


@dataclass
class Property:
    iri: str
    label: str  # in the page's language, English
    curie: str
    href: str | None  # None: the IRI is no harmless link (dpgraph.rdf.links)
    values: list[Value]
    labels: dict[str, str]  # the property's label in each language known, for clients that show another
    definition: str = ""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"property": self.iri, "label": self.label, "labels": self.labels}
        if self.definition:
            data["definition"] = self.definition
        return {**data, "values": [v.as_json() for v in self.values]}


@dataclass
class Part:
    """A hash resource (`#date`, `#participant-apple`) described on its parent's page."""

    iri: str
    fragment: str
    label: str
    properties: list[Property]


@dataclass
class Quote:
    """An excerpt a statement was derived from, with the printed text of its lines."""

    iri: str
    document: str
    document_label: str
    start: int
    end: int
    href: str | None
    lines: list[tuple[int, str]]
    backs: list[str]  # labels of what the excerpt backs: the resource or one of its parts


@dataclass
class Description:
    iri: str
    path: str
    labels: dict[str, str]
    kind: str
    properties: list[Property]
    parts: list[Part]
    used_by: list[Property]  # values are the subjects that point at the resource
    provenance: list[Quote]

    def values(self, predicate: str, fragment: str | None = None) -> list[Value]:
        """The values of one property of the resource, or of one of its parts."""
        properties = (
            self.properties if fragment is None else next((p.properties for p in self.parts if p.fragment == fragment), [])
        )
        return next((p.values for p in properties if p.iri == predicate), [])

    def subjects(self, predicate: str) -> list[Value]:
        return next((p.values for p in self.used_by if p.iri == predicate), [])

    def as_json(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "labels": self.labels,
            "kind": self.kind,
            "properties": [p.as_json() for p in self.properties],
            "parts": {part.fragment: [p.as_json() for p in part.properties] for part in self.parts},
            "used_by": [p.as_json() for p in self.used_by],
            "provenance": [
                {
                    "excerpt": q.iri,
                    "document": q.document,
                    "start": q.start,
                    "end": q.end,
                    "text": "\n".join(t for _, t in q.lines),
                }
                for q in self.provenance
            ],
        }

    def rows(self) -> list[dict[str, str]]:
        """Every statement as a flat row, for CSV."""
        out = []
        for subject, properties, direction in (
            (self.iri, self.properties, "out"),
            *((part.iri, part.properties, "out") for part in self.parts),
            (self.iri, self.used_by, "in"),
        ):
            for prop in properties:
                for value in prop.values:
                    out.append(
                        {
                            "direction": direction,
                            "subject": value.value if direction == "in" else subject,
                            "property": prop.iri,
                            "property_label": prop.label,
                            "value": self.iri if direction == "in" else value.value,
                            "value_label": value.text,
                            "graphs": " ".join(value.graphs),
                        }
                    )
        return out


class Describer:
    def __init__(self, catalogue: Catalogue, graph: Graph):
        self.catalogue = catalogue
        self.graph = graph

    def value(self, term: NamedNode | Literal | BlankNode, graphs: tuple[str, ...] = ()) -> Value:
        cat = self.catalogue
        if isinstance(term, Literal):
            note = term.language or ("" if term.datatype == XSD.string else cat.curie(term.datatype.value) or term.datatype.value)
            return Value(term, term.value, None, note, graphs)
        if isinstance(term, BlankNode):
            return Value(term, "(blank node)", None, "", graphs)
        return Value(term, cat.label(term.value), cat.href(term.value), "", graphs)

    def _group(self, pairs: dict[tuple[str, Any], set[str]]) -> list[Property]:
        """(predicate, term) -> graphs, as properties in reading order."""
        by_predicate: dict[str, list[Value]] = defaultdict(list)
        for (predicate, term), graphs in pairs.items():
            by_predicate[predicate].append(self.value(term, tuple(sorted(graphs))))
        cat = self.catalogue
        properties = [
            Property(
                p,
                cat.predicate_label(p),
                cat.curie(p) or p,
                cat.href(p),
                sorted(vs, key=_value_order),
                {lang: text for lang, text in cat.labels.get(p, {}).items() if lang in ("en", "fr")},
                cat.definitions.get(p, ""),
            )
            for p, vs in by_predicate.items()
        ]

        def order(prop: Property) -> tuple[int, int, str]:
            lead = LEADING.index(prop.iri) if prop.iri in LEADING else len(LEADING)
            return (prop.iri == DERIVED_FROM, lead, prop.label)

        return sorted(properties, key=order)

    def _statements(self, quads: list[Quad], key: Callable[[Quad], Any]) -> list[Property]:
        pairs: dict[tuple[str, Any], set[str]] = defaultdict(set)
        for quad in quads:
            graph = quad.graph_name
            pairs[(quad.predicate.value, key(quad))].add(graph.value if isinstance(graph, NamedNode) else "")
        return self._group(pairs)

    def _quads(self, iri: str) -> tuple[list[Quad], dict[str, list[Quad]], list[Quad]]:
        """The resource's own quads, its parts' quads, and the quads of other resources pointing at it."""
        part_iris = self.catalogue.parts(iri)
        quads = public_quads(self.graph.statements([iri, *part_iris], iri), self.catalogue.base)
        by_subject: dict[str, list[Quad]] = defaultdict(list)
        for quad in quads:
            if isinstance(quad.subject, NamedNode):
                by_subject[quad.subject.value].append(quad)
        family = {NamedNode(i) for i in (iri, *part_iris)}
        incoming = [q for q in quads if q.subject not in family]
        return by_subject[iri], {p: by_subject[p] for p in part_iris}, incoming

    def triples(self, iri: str) -> list[Triple]:
        """What the resource's RDF documents hold: the statements its page shows."""
        own, parts, incoming = self._quads(iri)
        quads = [*own, *(q for quads in parts.values() for q in quads), *incoming]
        return list(dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in quads))

    def describe(self, iri: str) -> Description:
        cat = self.catalogue
        own, part_quads, incoming = self._quads(iri)
        parts = [
            Part(part, part.split("#", 1)[1], cat.label(part), self._statements(quads, lambda q: q.object))
            for part, quads in part_quads.items()
            if quads
        ]
        return Description(
            iri=iri,
            path=cat.local_path(iri) or iri,
            labels={lang: text for lang, text in sorted(cat.labels.get(iri, {}).items()) if lang in ("en", "fr", "")},
            kind=cat.kind_label(iri),
            properties=self._statements(own, lambda q: q.object),
            parts=parts,
            used_by=self._statements(incoming, lambda q: q.subject),
            provenance=self.quotes([*own, *(q for quads in part_quads.values() for q in quads)]),
        )

    def quotes(self, quads: list[Quad]) -> list[Quote]:
        """The excerpts the statements derive from, in document and line order, with their text."""
        cat = self.catalogue
        backs: dict[str, list[str]] = defaultdict(list)
        for quad in quads:
            if quad.predicate.value == DERIVED_FROM and quad.object.value in cat.excerpts:
                label = cat.label(quad.subject.value)
                if label not in backs[quad.object.value]:
                    backs[quad.object.value].append(label)
        quotes = []
        for excerpt_iri, labels in backs.items():
            excerpt = cat.excerpts[excerpt_iri]
            document = cat.documents.get(excerpt.document)
            lines = [
                (n, document.line(n)) for n in range(excerpt.start, excerpt.end + 1) if document and n <= len(document.lines)
            ]
            quotes.append(
                Quote(
                    excerpt_iri,
                    excerpt.document,
                    cat.label(excerpt.document),
                    excerpt.start,
                    excerpt.end,
                    cat.href(excerpt_iri),
                    lines,
                    labels,
                )
            )
        return sorted(quotes, key=lambda q: (q.document, q.start, q.end))


def _value_order(value: Value) -> tuple[int, str, str]:
    # English before French before untagged, then alphabetically.
    lang_rank = {"en": 0, "fr": 1}.get(value.note, 2) if isinstance(value.term, Literal) else 3
    return (lang_rank, value.text.casefold(), value.term.value)
