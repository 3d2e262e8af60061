"""Where the mapping writes: the named graphs, the excerpt nodes of provenance, labels and kinds.

Every subject module (documents, organisations, ...) writes through one MappingSink, so the
quads of a build land in one list in the order they are made (the output is the same bytes
for the same inputs).
"""

from __future__ import annotations

from typing import Any

from pyoxigraph import NamedNode

from dpgraph.builder.curated import Curated, citations
from dpgraph.builder.sources import Document
from dpgraph.config import DEFAULT_BASE_IRI
from dpgraph.errors import InputError
from dpgraph.rdf.terms import DCT, DP, PROV, RDF, RDFS, SKOS, Minter, QuadSink, integer, text

# Concept schemes belong to the vocabulary (ontology/digital-partnership.ttl), so their IRIs
# stay under the project's own namespace whatever base IRI the data is published under.
VOCAB = Minter(DEFAULT_BASE_IRI)


class MappingSink:
    """The quads of the mapping and the graphs they go to: a document's own, curated, restricted."""

    def __init__(self, mint: Minter, documents: dict[str, Document], curated: Curated):
        self.mint = mint
        self.documents = documents
        self.curated = curated
        self.sink = QuadSink()
        self.curated_graph = self.sink.use(mint.graph("curated"))
        self.restricted = self.sink.use(mint.graph("restricted"))
        for sink, english, french in (
            (self.curated_graph, "What the curated tables say", "Ce que disent les tables établies à la main"),
            (self.restricted, "Personal data (restricted)", "Données personnelles (accès restreint)"),
        ):
            sink.add(sink.graph, RDFS.label, text(english, "en"))
            sink.add(sink.graph, RDFS.label, text(french, "fr"))

    def doc_graph(self, document: Document) -> QuadSink:
        return self.sink.use(self.mint.graph(f"doc-{document.id}"))

    def excerpt(self, document: Document, first: int, last: int | None = None) -> NamedNode:
        """The excerpt node for lines first..last, described in the document's graph."""
        last = last or first
        node = self.mint("doc", f"{document.id}#L{first}-L{last}")
        graph = self.doc_graph(document)
        graph.add(node, RDF.type, DP.Excerpt)
        graph.add(node, DCT.isPartOf, self.mint("doc", document.id))
        graph.add(node, DP.startLine, integer(first, "positiveInteger"))
        graph.add(node, DP.endLine, integer(last, "positiveInteger"))
        return node

    def cited(self, sink: QuadSink, subject: NamedNode, entry: dict[str, Any]) -> None:
        """`subject` derived from the excerpt of each citation of a curated entry."""
        for cite in citations(entry):
            sink.add(subject, PROV.wasDerivedFrom, self.excerpt(self.documents[cite.doc], cite.line))


def labels(sink: QuadSink, node: NamedNode, entry: dict[str, Any], name_key: str = "name") -> None:
    """The English and French names of a curated entry, and its aliases."""
    sink.add(node, SKOS.prefLabel, text(entry[name_key], "en"))
    sink.add(node, RDFS.label, text(entry[name_key], "en"))
    french = entry.get(f"{name_key}_fr")
    if french:
        sink.add(node, SKOS.prefLabel, text(french, "fr"))
        sink.add(node, RDFS.label, text(french, "fr"))
    for alias in entry.get("aliases") or []:
        if alias != entry[name_key]:
            sink.add(node, SKOS.altLabel, text(str(alias)))


def kind_class(table: dict[str, NamedNode], entry: dict[str, Any], name: str) -> NamedNode:
    """The class a curated entry's `kind` stands for; an unknown kind stops the build at its line."""
    kind = entry.get("kind", "")
    if kind not in table:
        raise InputError(f"unknown {name} kind {kind!r}; one of {', '.join(table)}", entry.get("__file__"), entry.get("__line__"))
    return table[kind]


def as_list(value: Any) -> list[str]:
    """A YAML field given as one value or a list, as a list of strings."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
