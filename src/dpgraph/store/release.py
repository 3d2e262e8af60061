"""Which build a remote engine serves: the release graph that `dpgraph publish` writes with the data.

It names the release (an identifier and when it was published), lists its graphs with their
sizes and names the graph that holds their union, where the engine has one (sd:defaultGraph).
Fronts read it to know which graphs to serve (an engine holds graphs of its own: Virtuoso's
system graphs), which graph to give as the default graph, and when to drop what they derived from the previous release;
`dpgraph publish` checks the engine's counts against it after a push. It is written in the
same step as the data, so a reader never sees a release graph that does not match the data.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from dpgraph.rdf.terms import DCT, SD, VOID, XSD


def release_query(graph_iri: str) -> str:
    """The release graph's statements as rows of ?id ?issued ?union ?graph ?triples (release_from_rows)."""
    release = NamedNode(graph_iri)
    return f"""SELECT ?id ?issued ?union ?graph ?triples WHERE {{ GRAPH {release} {{
  {release} dcterms:identifier ?id ; dcterms:issued ?issued .
  OPTIONAL {{ {release} {SD.defaultGraph} ?union }}
  OPTIONAL {{ {release} dcterms:hasPart ?graph . ?graph void:triples ?triples }}
}} }}"""


@dataclass(frozen=True)
class Release:
    identifier: str
    issued: str  # xsd:dateTime, UTC
    graphs: dict[str, int]  # graph IRI -> its statements
    union_graph: str | None = None  # the graph holding the union of `graphs`, if the engine has one

    @classmethod
    def new(cls, graphs: dict[str, int], union_graph: str | None = None) -> Release:
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        return cls(f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}", now.isoformat().replace("+00:00", "Z"), graphs, union_graph)

    def quads(self, graph_iri: str) -> list[Quad]:
        graph = node = NamedNode(graph_iri)
        quads = [
            Quad(node, DCT.identifier, Literal(self.identifier), graph),
            Quad(node, DCT.issued, Literal(self.issued, datatype=XSD.dateTime), graph),
        ]
        if self.union_graph:
            quads.append(Quad(node, SD.defaultGraph, NamedNode(self.union_graph), graph))
        for iri, size in sorted(self.graphs.items()):
            quads += [Quad(node, DCT.hasPart, NamedNode(iri), graph), Quad(NamedNode(iri), VOID.triples, Literal(size), graph)]
        return quads


def release_from_rows(rows: list[dict[str, object]]) -> Release | None:
    """The release the rows of RELEASE_QUERY describe (their values as text), or None when there is none."""
    if not rows:
        return None
    first = rows[0]
    graphs = {str(row["graph"]): int(str(row["triples"])) for row in rows if row.get("graph")}
    return Release(str(first["id"]), str(first["issued"]), graphs, str(first["union"]) if first.get("union") else None)
