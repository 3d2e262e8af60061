"""The source documents and their workplan sections, each in the document's own graph."""

from __future__ import annotations

from pyoxigraph import NamedNode

from dpgraph.builder.mapping.sink import MappingSink
from dpgraph.builder.sources import Document
from dpgraph.rdf.terms import DCAT, DCT, DP, PROV, RDF, RDFS, date_literal, integer, text


def map_documents(out: MappingSink) -> None:
    for document in out.documents.values():
        graph = out.doc_graph(document)
        node = out.mint("doc", document.id)
        graph.add(node, RDF.type, DP.SourceDocument)
        graph.add(node, DCT.title, text(document.title, "en"))
        graph.add(node, RDFS.label, text(document.title, "en"))
        if document.date:
            graph.add(node, DCT.issued, date_literal(document.date))
        if document.meta.get("date_note"):
            graph.add(node, RDFS.comment, text(document.meta["date_note"], "en"))
        graph.add(node, DCT.publisher, text(document.publisher))
        graph.add(node, DCT.identifier, text(document.file_name))
        graph.add(node, DCT.language, text(document.meta.get("language", "en")))
        graph.add(node, DCT["format"], text("text/plain"))
        graph.add(node, DP.sha256, text(document.sha256))
        graph.add(node, DP.lineCount, integer(len(document.lines), "nonNegativeInteger"))
        graph.add(node, DCAT.byteSize, integer(document.byte_size, "nonNegativeInteger"))
        graph_iri = out.mint.graph(f"doc-{document.id}")
        graph.add(graph_iri, PROV.wasDerivedFrom, node)
        graph.add(graph_iri, RDFS.label, text(f"What document {document.id} says", "en"))
        graph.add(graph_iri, RDFS.label, text(f"Ce que dit le document {document.id}", "fr"))


def map_sections(out: MappingSink) -> dict[tuple[str, str], NamedNode]:
    """The section node of every workplan of the manifest, by (document id, section number)."""
    sections: dict[tuple[str, str], NamedNode] = {}
    for document in out.documents.values():
        for spec in document.meta.get("workplans") or []:
            heading = document.find_line(spec["heading"])
            sections[(document.id, str(spec["section"]))] = _section(
                out, document, str(spec["section"]), heading, spec.get("title", "")
            )
    return sections


def _section(out: MappingSink, document: Document, number: str, heading_line: int, title: str) -> NamedNode:
    node = out.mint("doc", document.id, "section", number)
    graph = out.doc_graph(document)
    graph.add(node, RDF.type, DP.DocumentSection)
    graph.add(node, DCT.isPartOf, out.mint("doc", document.id))
    graph.add(node, DP.sectionNumber, integer(int(number), "positiveInteger"))
    graph.add(node, DCT.title, text(title, "en"))
    graph.add(node, RDFS.label, text(f"{document.id} §{number} {title}", "en"))
    graph.add(node, PROV.wasDerivedFrom, out.excerpt(document, heading_line))
    return node
