"""Metrics of a network, written onto its nodes and into `graph.graph`.

Per node: degree, weighted degree (the activities behind the node's edges, counted per
edge), betweenness (on hops, unweighted, normalised), PageRank (weighted) and a Louvain
community (numbered from 1, largest first, with a fixed seed so the numbers repeat).
Per network: size, density, components, communities and the strongest ties.

Exact betweenness costs about nodes x (nodes + edges) steps; past BETWEENNESS_BUDGET
(reached near 50,000 triples of this dataset's shape) it is estimated from a seeded sample
of source nodes, and the network records how many.

Which metrics there are is dpgraph.network.registry's list; COMPUTATIONS says how each
node metric is computed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import networkx as nx

from dpgraph.network.registry import NODE_METRICS

SEED = 42
BETWEENNESS_BUDGET = 1_000_000
MIN_SAMPLE = 64
STRONGEST_TIES = 10
# The networks whose edges always join an organisation to something else.
TWO_MODE = ("bipartite", "body", "topic")


def betweenness(graph: nx.Graph) -> tuple[dict[str, float], int | None]:
    """Normalised betweenness of every node, and the sample size when it was estimated.

    Isolated nodes lie on no path, so paths are counted among the others only (each
    source costs a pass over every node, and two-mode networks have many isolates);
    the counts are then normalised over all the network's pairs, as networkx would.
    """
    n = graph.number_of_nodes()
    core = graph.subgraph([node for node, degree in graph.degree() if degree > 0]).copy()  # a view would filter every step
    sources, edges = core.number_of_nodes(), core.number_of_edges()
    sample = None
    if sources * (sources + edges) > BETWEENNESS_BUDGET:
        sample = min(sources, max(MIN_SAMPLE, BETWEENNESS_BUDGET // (sources + edges)))
    paths = nx.betweenness_centrality(core, k=sample, normalized=False, seed=SEED)
    # networkx halves undirected counts when not normalising; a pair is counted once here too.
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return {node: paths.get(node, 0.0) * scale for node in graph}, sample


def communities(graph: nx.Graph) -> dict[str, int]:
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED) if graph.number_of_nodes() else []
    ordered = sorted((sorted(c) for c in found), key=lambda members: (-len(members), members[0]))
    return {node: number for number, members in enumerate(ordered, start=1) for node in members}


def density(graph: nx.Graph) -> float:
    """Edges over possible edges; in a two-mode network only organisation-to-other pairs are possible."""
    if graph.graph.get("kind") in TWO_MODE:
        organisations = sum(1 for _, t in graph.nodes(data="type") if t == "organisation")
        possible = organisations * (graph.number_of_nodes() - organisations)
    else:
        n = graph.number_of_nodes()
        possible = n * (n - 1) // 2
    return graph.number_of_edges() / possible if possible else 0.0


def ranked(graph: nx.Graph, metric: str) -> list[str]:
    """The nodes from the highest `metric` down, ties by name and then IRI, so a ranking repeats."""
    return sorted(graph, key=lambda node: (-graph.nodes[node].get(metric, 0), str(graph.nodes[node].get("label", "")), node))


def strongest_ties(graph: nx.Graph, count: int = STRONGEST_TIES) -> list[dict[str, object]]:
    ranked = sorted(graph.edges(data="weight"), key=lambda e: (-e[2], *sorted(e[:2])))
    return [{"source": min(a, b), "target": max(a, b), "weight": w} for a, b, w in ranked[:count]]


def summarise(graph: nx.Graph) -> nx.Graph:
    """The network-level figures of `graph` as it stands (also for an ego view of a larger network)."""
    graph.graph.update(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        density=density(graph),
        components=nx.number_connected_components(graph) if graph.number_of_nodes() else 0,
        communities=len({c for _, c in graph.nodes(data="community") if c is not None}),
        strongest_ties=strongest_ties(graph),
    )
    return graph


def _betweenness(graph: nx.Graph) -> dict[str, float]:
    values, sample = betweenness(graph)
    if sample is not None:
        graph.graph["betweenness_sample"] = sample
    return values


def pagerank(graph: nx.Graph) -> dict[str, float]:
    """Weighted PageRank; without edges every node has the same share."""
    return nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {n: 1 / len(graph) for n in graph}


# How each node metric of the registry is computed: its value for every node.
COMPUTATIONS: dict[str, Callable[[nx.Graph], Mapping[str, float | int]]] = {
    "degree": lambda graph: dict(graph.degree()),
    "weighted_degree": lambda graph: dict(graph.degree(weight="weight")),
    "betweenness": _betweenness,
    "pagerank": pagerank,
    "community": communities,
}


def annotate(graph: nx.Graph) -> nx.Graph:
    """Every node metric on every node, then the network's figures."""
    values = [(metric, COMPUTATIONS[metric.key](graph)) for metric in NODE_METRICS]
    for node, attrs in graph.nodes(data=True):
        for metric, of_node in values:
            value = of_node[node]
            attrs[metric.key] = float(value) if metric.datatype == "double" else value
    return summarise(graph)
