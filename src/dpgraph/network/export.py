"""A network as files other tools read: node-link JSON, GraphML, GEXF, CSV node and edge lists.

Only writers live here: the server never parses GEXF or GraphML it did not make
(networkx's readers are not safe for untrusted files).
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

from dpgraph.network.registry import EDGE_METRICS, NODE_METRICS

# Media types of the formats, by the suffix they are served and saved under.
MEDIA_TYPES = {
    "json": "application/json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "nodes.csv": "text/csv",
    "edges.csv": "text/csv",
}
# Columns in the order a reader expects them; any other attribute follows.
NODE_COLUMNS = ("id", "label", "type", "class", "partner", *(m.key for m in NODE_METRICS))
EDGE_COLUMNS = ("source", "target", *(m.key for m in EDGE_METRICS), "activities")


def _flat_value(value: object) -> object:
    # Lists of IRIs become space-separated text; lists of (value, start, end) are GEXF time data and stay.
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return " ".join(value)
    return value


def flat(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF can hold: scalars, and GEXF's time lists."""
    out = nx.Graph()
    out.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, str | int | float | bool)})
    for node, attrs in graph.nodes(data=True):
        out.add_node(node, **{k: _flat_value(v) for k, v in attrs.items()})
    for a, b, attrs in graph.edges(data=True):
        out.add_edge(a, b, **{k: _flat_value(v) for k, v in attrs.items()})
    return out


def to_json(graph: nx.Graph) -> str:
    """Node-link data as D3 and `networkx.node_link_graph(data, edges="links")` read it.

    Compact: a network of thousands of nodes is megabytes, and indentation added a tenth to them.
    """
    return json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False, separators=(",", ":"))


def to_graphml(graph: nx.Graph) -> str:
    return "\n".join(nx.generate_graphml(flat(graph)))


def to_gexf(graph: nx.Graph) -> str:
    """GEXF 1.2; a graph whose nodes and edges carry `spells` becomes a dynamic one."""
    return "\n".join(nx.generate_gexf(flat(graph)))


def _columns(rows: list[dict[str, object]], first: tuple[str, ...]) -> list[str]:
    present = {key for row in rows for key in row}
    return [c for c in first if c in present] + sorted(present - set(first))


def _csv(rows: list[dict[str, object]], first: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_columns(rows, first) or list(first), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def nodes_csv(graph: nx.Graph) -> str:
    flat_graph = flat(graph)
    return _csv([{"id": node, **attrs} for node, attrs in flat_graph.nodes(data=True)], NODE_COLUMNS)


def edges_csv(graph: nx.Graph) -> str:
    flat_graph = flat(graph)
    return _csv([{"source": a, "target": b, **attrs} for a, b, attrs in flat_graph.edges(data=True)], EDGE_COLUMNS)


def export_network(graph: nx.Graph, fmt: str) -> str:
    """The network in one of MEDIA_TYPES' formats, as text."""
    writers = {"json": to_json, "graphml": to_graphml, "gexf": to_gexf, "nodes.csv": nodes_csv, "edges.csv": edges_csv}
    return writers[fmt](graph)
