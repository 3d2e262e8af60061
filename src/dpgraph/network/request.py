"""One network request, from `dpgraph network`'s options or /network's query string, and the view it asks for.

Both parse into a NetworkRequest by the same checks and messages (`NetworkRequest.parse`;
`from_query` only maps the URL's parameter names to the options'), and both turn it into a
View the same way (`network_view`): the network of the kind and filters, cut to the ego network of
the focus if there is one, with its one-line title.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from dpgraph.errors import InputError
from dpgraph.network.filters import PARAMS, Filters, resolve
from dpgraph.network.graphs import NetworkCache, check_kind
from dpgraph.network.metrics import summarise
from dpgraph.network.nodes import NodeDirectory
from dpgraph.network.registry import KIND_LABELS, KINDS
from dpgraph.network.timeline import timeline as year_by_year
from dpgraph.store import Graph

# The kind of network an ego view of a resource uses, by the first segment of its path.
KIND_BY_FOLDER = {"org": "co-participation", "body": "body", "topic": "topic", "activity": "bipartite"}
MAX_RADIUS = 5
# The values of a yes-or-no URL parameter that mean yes.
YES = ("1", "on", "true")


@dataclass(frozen=True)
class NetworkRequest:
    """Which network to show: its kind, its filters, and the focus and radius of an ego view."""

    kind: str
    filters: Filters
    focus: str | None = None
    radius: int = 1

    @classmethod
    def parse(
        cls,
        base: str,
        kind: str | None = None,
        focus: str | None = None,
        radius: str | None = None,
        year_from: str | None = None,
        year_to: str | None = None,
        partners_only: bool = False,
        **lists: Iterable[str],
    ) -> NetworkRequest:
        """The request from text as typed; an empty value is no value. Bad values raise InputError."""
        iri = resolve(focus, base, "org") if focus and focus.strip() else None
        # Without a kind, the focus chooses the kind that has it as a node.
        chosen = kind or (KIND_BY_FOLDER.get(iri[len(base) :].split("/")[0]) if iri else None) or KINDS[0]
        check_kind(chosen)
        radius_text = (radius or "").strip() or "1"
        if not radius_text.isdigit() or not 1 <= int(radius_text) <= MAX_RADIUS:
            raise InputError(f"the radius is a whole number from 1 to {MAX_RADIUS}")
        filters = Filters.parse(base, year_from, year_to, partners_only, **lists)
        return cls(chosen, filters, iri, int(radius_text))

    @classmethod
    def from_query(cls, base: str, args: Mapping[str, list[str]]) -> NetworkRequest:
        """The request from a query string's parameters (`from`, `to`, `body`..., `partners=1`), each a list of values."""

        def first(name: str) -> str | None:
            return (args.get(name) or [None])[0]

        return cls.parse(
            base,
            first("kind"),
            first("focus"),
            first("radius"),
            first("from"),
            first("to"),
            first("partners") in YES,
            **{name: args.get(param, []) for name, param in PARAMS.items()},
        )

    def title(self, directory: NodeDirectory) -> str:
        """A one-line title: the kind of network and every filter, resources by name."""
        labels = {iri: label for options in directory.choices.values() for iri, label in options}
        filters = self.filters
        parts = [KIND_LABELS[self.kind]]
        if filters.year_from is not None or filters.year_to is not None:
            first, last = filters.year_from, filters.year_to
            parts.append(str(first) if first == last else f"{first or '…'}–{last or '…'}")
        for attribute, what in (("activity_kinds", "kind"), ("bodies", "body"), ("topics", "topic"), ("documents", "document")):
            chosen = getattr(filters, attribute)
            if chosen:
                parts.append(f"{what}: {', '.join(labels.get(i) or directory.name(i) for i in chosen)}")
        if filters.partners_only:
            parts.append("partners only")
        if self.focus:
            parts.append(f"around {directory.name(self.focus)} (radius {self.radius})")
        return " · ".join(parts)


@dataclass
class View:
    """A request answered: the network (or its ego view) with its metrics, and its title."""

    request: NetworkRequest
    graph: nx.Graph
    title: str


def ego(graph: nx.Graph, focus: str, radius: int) -> nx.Graph:
    """The nodes within `radius` steps of `focus`, with the edges among them (a copy).

    Node metrics stay those of the whole network, so a node's centrality does not depend
    on the view; the network's figures (size, density, ties) describe the view.
    """
    if focus not in graph:
        kind = graph.graph.get("kind", "")
        raise InputError(f"{focus} is not a node of this {kind} network (try another kind or fewer filters)")
    view = nx.ego_graph(graph, focus, radius=radius).copy()
    view.graph.update(focus=focus, radius=radius)
    return summarise(view)


def network_view(cache: NetworkCache, data: Graph, base: str, request: NetworkRequest, timeline: bool = False) -> View:
    """The network `request` asks for in `data`; `timeline`: year by year, with GEXF time data (network.timeline)."""
    if timeline:
        network = year_by_year(cache, data, base, request.kind, request.filters)
    else:
        network = cache.network(data, base, request.kind, request.filters)
    if request.focus:
        network = ego(network, request.focus, request.radius)
    return View(request, network, request.title(cache.directory(data)))
