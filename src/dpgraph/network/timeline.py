"""The network year by year, as one graph with GEXF time data for Gephi's timeline.

Each year's network is the same network with the year as its range; a node is present in
the years it appears in one of them, and an organisation also in the years of its
membership (from the year it joined to the year it left, or to the last year shown).
A tie carries its weight for each year. Nodes and ties that no dated activity or
membership places in time are left out: Gephi would show them in every year.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from dpgraph.network.filters import Filters
from dpgraph.network.graphs import NetworkCache
from dpgraph.network.metrics import summarise
from dpgraph.store import Graph


def _spells(years: set[int]) -> list[tuple[str, str]]:
    """Runs of consecutive years as (first day, last day) pairs."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return [(f"{first}-01-01", f"{last}-12-31") for first, last in runs]


def year_range(cache: NetworkCache, data: Graph, filters: Filters) -> range:
    known = cache.directory(data).years
    if known is None:
        return range(0)
    first = filters.year_from if filters.year_from is not None else known[0]
    last = filters.year_to if filters.year_to is not None else known[1]
    return range(first, last + 1)


def timeline(cache: NetworkCache, data: Graph, base: str, kind: str, filters: Filters) -> nx.Graph:
    """The network of `kind` with `spells` on nodes and edges, and per-year `member` and `year_weight`."""
    full = cache.network(data, base, kind, filters)
    years = year_range(cache, data, filters)
    present: dict[str, set[int]] = defaultdict(set)
    weights: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for year in years:
        network = cache.network(data, base, kind, filters.in_year(year))
        for node in network:
            present[node].add(year)
        for a, b, weight in network.edges(data="weight"):
            weights[(min(a, b), max(a, b))][year] = weight
    member: dict[str, set[int]] = {}
    for org, (joined, left) in cache.directory(data).memberships.items():
        if org in full and joined is not None:
            member[org] = {y for y in years if joined <= y <= (left if left is not None else years[-1])}
            present[org] |= member[org]
    out = nx.Graph()
    out.graph.update(full.graph)
    for node, attrs in full.nodes(data=True):
        if not present[node]:
            continue
        out.add_node(node, **attrs, spells=_spells(present[node]))
        if node in member:
            out.nodes[node]["member"] = [(y in member[node], f"{y}-01-01", f"{y}-12-31") for y in sorted(present[node])]
    for a, b, attrs in full.edges(data=True):
        by_year = weights.get((min(a, b), max(a, b)))
        if by_year:
            yearly = [(w, f"{y}-01-01", f"{y}-12-31") for y, w in sorted(by_year.items())]
            out.add_edge(a, b, **attrs, spells=_spells(set(by_year)), year_weight=yearly)
    if years:
        out.graph.update(first_year=years[0], last_year=years[-1])
    return summarise(out)
