"""Network metrics as RDF, in the named graph `<base>graph/network`, so SPARQL can rank nodes.

`dpgraph build` writes them (build.network_metrics) beside the dataset, which is served with
them. Written for each kind of network over all years, and for the co-participation network of
each year, with the vocabulary of ontology/network-metrics.ttl in the same graph:

    <base>network-metrics/co-participation/2021> a dpn:Network ; dpn:year "2021"^^xsd:gYear ...
    <…/2021#org/apple> a dpn:NodeMeasurement ; dpn:inNetwork <…/2021> ; dpn:node <base>org/apple> ;
        dpn:degree 24 ; dpn:betweenness 0.046 ; dpn:pageRank ... ; dpn:community 2 .
    <…/2021#tie-1> a dpn:Tie ; dpn:rank 1 ; dpn:weight 3 ; dpn:tieEnd ..., ... ; dpn:sharedActivity ...
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import networkx as nx
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from dpgraph.network.filters import Filters
from dpgraph.network.graphs import NetworkCache
from dpgraph.network.registry import EDGE_METRICS, KINDS, NODE_METRICS
from dpgraph.network.timeline import year_range
from dpgraph.rdf.terms import DPN, PREFIXES, RDF, RDFS, XSD, parse_stable
from dpgraph.store import Graph

KIND_TERMS = {
    "co-participation": DPN.CoParticipation,
    "bipartite": DPN.OrganisationActivity,
    "body": DPN.OrganisationBody,
    "topic": DPN.OrganisationTopic,
}
NETWORK_PROPERTIES = {
    "nodes": DPN.nodeCount,
    "edges": DPN.edgeCount,
    "components": DPN.componentCount,
    "communities": DPN.communityCount,
    "betweenness_sample": DPN.betweennessSample,
}


def _number(value: float | int, datatype: str) -> Literal:
    return Literal(repr(float(value)) if datatype == "double" else str(int(value)), datatype=XSD[datatype])


def network_iri(base: str, kind: str, year: int | None) -> str:
    return f"{base}network-metrics/{kind}" + (f"/{year}" if year is not None else "")


def _anchor(network: str, node: str, base: str) -> NamedNode:
    path = node[len(base) :] if node.startswith(base) else node
    return NamedNode(f"{network}#{quote(path, safe='/-_.~')}")


def network_quads(graph: nx.Graph, base: str, year: int | None) -> list[Quad]:
    kind = graph.graph["kind"]
    into = NamedNode(base + "graph/network")
    network = NamedNode(network_iri(base, kind, year))
    label = f"{kind} network" + (f", {year}" if year is not None else ", all years")
    triples = [
        (network, RDF.type, DPN.Network),
        (network, RDFS.label, Literal(label, language="en")),
        (network, DPN.networkKind, KIND_TERMS[kind]),
        (network, DPN.density, _number(graph.graph["density"], "double")),
    ]
    if year is not None:
        triples.append((network, DPN.year, Literal(str(year), datatype=XSD.gYear)))
    triples += [(network, p, _number(graph.graph[k], "integer")) for k, p in NETWORK_PROPERTIES.items() if k in graph.graph]
    for node, attrs in graph.nodes(data=True):
        measure = _anchor(network.value, node, base)
        triples += [
            (measure, RDF.type, DPN.NodeMeasurement),
            (measure, DPN.inNetwork, network),
            (measure, DPN.node, NamedNode(node)),
        ]
        triples += [(measure, DPN[m.term], _number(attrs[m.key], m.datatype)) for m in NODE_METRICS]
    for rank, tie in enumerate(graph.graph["strongest_ties"], start=1):
        subject = NamedNode(f"{network.value}#tie-{rank}")
        triples += [
            (subject, RDF.type, DPN.Tie),
            (subject, DPN.inNetwork, network),
            (subject, DPN.rank, _number(rank, "integer")),
            *((subject, DPN[m.term], _number(tie[m.key], m.datatype)) for m in EDGE_METRICS),
            (subject, DPN.tieEnd, NamedNode(tie["source"])),
            (subject, DPN.tieEnd, NamedNode(tie["target"])),
        ]
        triples += [(subject, DPN.sharedActivity, NamedNode(a)) for a in graph.edges[tie["source"], tie["target"]]["activities"]]
    return [Quad(s, p, o, into) for s, p, o in triples]


def metric_networks(cache: NetworkCache, data: Graph, base: str) -> list[tuple[nx.Graph, int | None]]:
    """Every kind over all years, and co-participation year by year."""
    every = Filters()
    networks: list[tuple[nx.Graph, int | None]] = [(cache.network(data, base, kind, every), None) for kind in KINDS]
    for year in year_range(cache, data, every):
        networks.append((cache.network(data, base, "co-participation", every.in_year(year)), year))
    return networks


def metrics_quads(cache: NetworkCache, data: Graph, base: str, vocabulary: Path) -> list[Quad]:
    """The vocabulary and every metric network's quads, all in `<base>graph/network`."""
    into = NamedNode(base + "graph/network")
    quads = [Quad(into, RDFS.label, Literal("Network metrics computed from the public graphs", language="en"), into)]
    quads += [Quad(t.subject, t.predicate, t.object, into) for t in parse_stable(vocabulary, RdfFormat.TURTLE, "network")]
    for network, year in metric_networks(cache, data, base):
        quads += network_quads(network, base, year)
    return quads


def write_trig(quads: list[Quad], path: Path) -> int:
    """Write TriG through a temporary file beside `path`, so a reader never sees half a file."""
    staging = path.with_name(f".{path.name}.tmp")
    try:
        serialize(quads, output=str(staging), format=RdfFormat.TRIG, prefixes=PREFIXES)
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)
    return path.stat().st_size
