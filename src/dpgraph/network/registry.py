"""The lists every reader of the networks shares: the kinds of network, the metrics, the colourings.

METRICS is the one list of network metrics: every metric of a node or an edge, how it is
named, written and shown. The RDF writer (network.rdf), the exports, the drawings, `dpgraph
network`, the /network page and its script (through the page's data) all read it;
network.metrics computes the node metrics (COMPUTATIONS) and a test holds the list equal to
ontology/network-metrics.ttl. A module of its own, without networkx or pyoxigraph, so
`dpgraph --help` can list the choices and stay quick.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

KINDS = ("co-participation", "bipartite", "body", "topic")
KIND_LABELS = {
    "co-participation": "Co-participation of organisations",
    "bipartite": "Organisations and activities",
    "body": "Organisations and bodies",
    "topic": "Organisations and topics",
}
# The node attributes a drawing can colour its nodes by.
COLOUR_BY = ("community", "class", "partner", "type")


@dataclass(frozen=True)
class Metric:
    """One metric: where it lives (the node or edge attribute `key`), how it is named, written and shown."""

    key: str
    scope: Literal["node", "edge"]
    term: str  # its property in the dpn: vocabulary (ontology/network-metrics.ttl)
    datatype: Literal["integer", "double"]
    labels: Mapping[str, str]  # the vocabulary's rdfs:label, by language
    column: str  # its column in `dpgraph network`'s summary
    short: str  # its column in the web page's narrow table
    sizes_nodes: bool = False  # offered to size the nodes of a drawing by

    @property
    def name(self) -> str:
        """How running text names it: `weighted degree`."""
        return self.key.replace("_", " ")

    @property
    def decimals(self) -> int | None:
        return 4 if self.datatype == "double" else None

    def text(self, value: float | int, decimals: int | None = None) -> str:
        """The value as text: a double to `decimals` places (the metric's own by default), an integer as is."""
        if self.datatype == "double":
            return f"{value:.{decimals if decimals is not None else self.decimals}f}"
        return str(value)

    def script(self) -> dict[str, object]:
        """What the page's script needs to show it."""
        return {"key": self.key, "name": self.name, "decimals": self.decimals}


METRICS = (
    Metric("degree", "node", "degree", "integer", {"en": "degree", "fr": "degré"},
           column="degree", short="degree", sizes_nodes=True),
    Metric("weighted_degree", "node", "weightedDegree", "integer", {"en": "weighted degree", "fr": "degré pondéré"},
           column="weighted", short="weighted", sizes_nodes=True),
    Metric("betweenness", "node", "betweenness", "double", {"en": "betweenness centrality", "fr": "centralité d'intermédiarité"},
           column="betweenness", short="between.", sizes_nodes=True),
    Metric("pagerank", "node", "pageRank", "double", {"en": "PageRank", "fr": "PageRank"},
           column="pagerank", short="PageRank", sizes_nodes=True),
    Metric("community", "node", "community", "integer", {"en": "community", "fr": "communauté"},
           column="community", short="comm."),
    # Set when the network is built: the activities behind the edge, each counted once.
    Metric("weight", "edge", "weight", "integer", {"en": "weight", "fr": "poids"},
           column="shared activities", short="weight"),
)  # fmt: skip
NODE_METRICS = tuple(m for m in METRICS if m.scope == "node")
EDGE_METRICS = tuple(m for m in METRICS if m.scope == "edge")
SIZE_METRICS = tuple(m.key for m in NODE_METRICS if m.sizes_nodes)
BY_KEY = {m.key: m for m in METRICS}
DEFAULT_SIZE = "pagerank"
