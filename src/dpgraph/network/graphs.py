"""Networks of who works with whom, built from the graph by SPARQL (no second copy of the data).

Four undirected, weighted networks, each a networkx graph whose nodes are IRIs:

- co-participation: organisations; an edge when two took part in the same activity,
  weighted by the number of such activities, carrying their list;
- bipartite: organisations and activities, an edge for each participation;
- body: organisations and the bodies (the workplans' Sector cells) of their activities;
- topic: organisations and the topics of their activities, which an activity has by its own
  Topic cell or through a body of its Sector cell that works on the topic (dp:worksOnTopic);
  each edge counts the activities of either way (`by_cell`, `by_body`).

SPARQL selects the workplan listings that pass the filters (network.filters) and returns
(activity, organisation, body or topic) rows; Python only projects them into edges. A listing
that repeats another (`dp:duplicateOf`) stands for the activity it repeats, so an activity
listed in two documents counts once and its participants are the union of both listings'.

With no filter every organisation is a node, partners and others, even one that took part
in nothing; once a filter selects activities, the nodes are those the activities involve.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import TypeVar

import networkx as nx

from dpgraph.errors import InputError
from dpgraph.network.filters import Filters
from dpgraph.network.metrics import annotate
from dpgraph.network.nodes import NodeDirectory, read_node_directory, select
from dpgraph.network.registry import KINDS
from dpgraph.store import Graph

# The other end of an organisation's edges in the two-mode networks; ?via says how a topic is reached.
_OTHER_SIDE = {
    "body": "OPTIONAL { ?listing dp:sector ?other }",
    "topic": """OPTIONAL { { ?listing dp:topic ?other BIND("cell" AS ?via) }
             UNION { ?listing dp:sector/dp:worksOnTopic ?other BIND("body" AS ?via) } }""",
}
T = TypeVar("T")


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InputError(f"unknown network kind {kind[:40]!r} (known: {', '.join(KINDS)})")


def rows_query(kind: str, filters: Filters) -> str:
    partner = " FILTER EXISTS { ?org dp:hasMembership ?membership }" if filters.partners_only else ""
    return f"""SELECT DISTINCT ?activity ?org ?other ?via WHERE {{
  ?listing a dp:Activity .
  # The end of the listing's chain of repeats (itself when it repeats none). Not an OPTIONAL
  # `+` path: Virtuoso 7.2 answers that one as if it were required.
  ?listing dp:duplicateOf* ?activity FILTER NOT EXISTS {{ ?activity dp:duplicateOf ?further }}
{filters.patterns()}
  OPTIONAL {{ ?listing dp:participant ?org .{partner} }}
  {_OTHER_SIDE.get(kind, "")}
}}"""


@dataclass
class _Links:
    """What the rows of one network say: each activity's participants, and the activities behind each pair."""

    activities: set[str] = field(default_factory=set)
    others: set[str] = field(default_factory=set)
    participants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    pairs: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    # Topic networks: the activities whose own Topic cell names the topic.
    by_cell: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))


def _links(data: Graph, kind: str, filters: Filters) -> _Links:
    found = _Links()
    for row in select(data, rows_query(kind, filters)):
        activity, org, other = row["activity"], row["org"], row["other"]
        found.activities.add(activity)
        if org:
            found.participants[activity].add(org)
        if other:
            found.others.add(other)
            if org:
                found.pairs[(org, other)].add(activity)
                if row["via"] == "cell":
                    found.by_cell[(org, other)].add(activity)
    if kind == "co-participation":
        for activity, members in found.participants.items():
            for pair in combinations(sorted(members), 2):
                found.pairs[pair].add(activity)
    elif kind == "bipartite":
        found.others = found.activities
        for activity, members in found.participants.items():
            for org in members:
                found.pairs[(org, activity)].add(activity)
    return found


def build_network(data: Graph, base: str, kind: str, filters: Filters, directory: NodeDirectory) -> nx.Graph:
    """The network of `kind` over the listings passing `filters` (no metrics yet)."""
    check_kind(kind)
    directory.check(filters)
    found = _links(data, kind, filters)
    organisations = {org for members in found.participants.values() for org in members}
    if not filters.selects_activities:
        organisations |= directory.organisations(filters.partners_only)
    graph = nx.Graph(kind=kind)
    for node in sorted(organisations):
        graph.add_node(node, **directory.describe(node, base, "organisation"))
    for node in sorted(found.others - organisations):
        graph.add_node(node, **directory.describe(node, base, "activity" if kind == "bipartite" else kind))
    for (a, b), shared in sorted(found.pairs.items()):
        attrs: dict[str, object] = {"weight": len(shared), "activities": sorted(shared)}
        if kind == "topic":
            # An activity on the topic by its own cell counts there, even if its body works on the topic too.
            attrs.update(by_cell=len(found.by_cell[(a, b)]), by_body=len(shared - found.by_cell[(a, b)]))
        graph.add_edge(a, b, **attrs)
    return graph


class NetworkCache:
    """Networks with their metrics, computed once per dataset state and filter set.

    The dataset's state is its graph and the graph's version, so a committed update starts afresh;
    the few most recent networks are kept.
    """

    def __init__(self, size: int = 64):
        self.size = size
        self._lock = threading.Lock()
        self._version: tuple[int, int] | None = None
        self._entries: OrderedDict[tuple, object] = OrderedDict()

    def get(self, data: Graph, key: tuple, compute: Callable[[], T]) -> T:
        """The value cached under `key` for this state of `data`, computed once."""
        version = (id(data), data.version)
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def directory(self, data: Graph) -> NodeDirectory:
        return self.get(data, ("directory",), lambda: read_node_directory(data))

    def network(self, data: Graph, base: str, kind: str, filters: Filters) -> nx.Graph:
        """The annotated network; callers copy it before changing it."""

        def compute() -> nx.Graph:
            return annotate(build_network(data, base, kind, filters, self.directory(data)))

        return self.get(data, ("network", base, kind, filters), compute)
