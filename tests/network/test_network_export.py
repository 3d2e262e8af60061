"""Every export read back by networkx is the network it was written from.

The comparison is attribute by attribute: GraphML, GEXF and CSV hold lists of activities
as space-separated text (network_export.flat), JSON keeps them as lists.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import xml.etree.ElementTree as ElementTree

import networkx as nx
import pytest

from dpgraph.network.draw import draw
from dpgraph.network.export import export_network, flat
from dpgraph.network.filters import Filters
from dpgraph.network.registry import KINDS
from dpgraph.network.timeline import timeline
from network_support import BASE, org


def same(read: nx.Graph, source: nx.Graph) -> None:
    assert set(read.nodes) == set(source.nodes)
    for node, attrs in source.nodes(data=True):
        assert read.nodes[node] == attrs, node
    assert {frozenset(e) for e in read.edges} == {frozenset(e) for e in source.edges}
    for a, b, attrs in source.edges(data=True):
        # GEXF gives every edge an id of its own; weights come back as floats, equal to the integers.
        assert {k: v for k, v in read.edges[a, b].items() if k != "id"} == attrs, (a, b)


def _value(text: str) -> object:
    if text in ("True", "False"):
        return text == "True"
    for kind in (int, float):
        with contextlib.suppress(ValueError):
            return kind(text)
    return text


def read_csv(nodes: str, edges: str) -> nx.Graph:
    graph = nx.Graph()
    for row in csv.DictReader(io.StringIO(nodes)):
        node = row.pop("id")
        graph.add_node(node, **{k: _value(v) for k, v in row.items() if v != ""})
    for row in csv.DictReader(io.StringIO(edges)):
        a, b = row.pop("source"), row.pop("target")
        graph.add_edge(a, b, **{k: v if k == "activities" else _value(v) for k, v in row.items()})
    return graph


def networks(cache, dataset_graph, base=BASE):
    return [cache.network(dataset_graph, base, kind, Filters()) for kind in KINDS]


@pytest.mark.parametrize("kind", KINDS)
def test_graphml_gexf_json_csv_round_trip_on_the_fixture(cache, fgraph, kind):
    source = cache.network(fgraph, BASE, kind, Filters())
    assert source.number_of_edges() > 0
    same(nx.parse_graphml(export_network(source, "graphml")), flat(source))
    same(nx.read_gexf(io.BytesIO(export_network(source, "gexf").encode("utf-8"))), flat(source))
    same(read_csv(export_network(source, "nodes.csv"), export_network(source, "edges.csv")), flat(source))
    back = nx.node_link_graph(json.loads(export_network(source, "json")), edges="links")
    same(back, source)
    assert back.graph["strongest_ties"] == source.graph["strongest_ties"]


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_on_the_real_graph(cache, dataset_graph, settings, kind):
    source = cache.network(dataset_graph, settings.base_iri, kind, Filters())
    same(nx.parse_graphml(export_network(source, "graphml")), flat(source))
    same(nx.read_gexf(io.BytesIO(export_network(source, "gexf").encode("utf-8"))), flat(source))
    same(read_csv(export_network(source, "nodes.csv"), export_network(source, "edges.csv")), flat(source))
    same(nx.node_link_graph(json.loads(export_network(source, "json")), edges="links"), source)


def test_graphml_keeps_the_network_figures(cache, fgraph):
    source = cache.network(fgraph, BASE, "co-participation", Filters())
    back = nx.parse_graphml(export_network(source, "graphml"))
    assert back.graph["kind"] == "co-participation"
    assert back.graph["density"] == pytest.approx(5 / 15)
    assert back.edges[org("alpha"), org("beta")]["activities"] == f"{BASE}activity/act1 {BASE}activity/act5"


def test_dynamic_gexf_for_the_timeline(cache, fgraph):
    source = timeline(cache, fgraph, BASE, "co-participation", Filters())
    text = export_network(source, "gexf")
    graph_element = ElementTree.fromstring(text).find("{http://www.gexf.net/1.2draft}graph")
    assert graph_element.get("mode") == "dynamic"
    assert graph_element.get("timeformat") == "date"
    back = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    same(back, flat(source))
    # zeta took part in nothing dated and was never a member: no place on a timeline.
    assert org("zeta") not in back
    # alpha joined in 2018 and took part in 2019 and 2021: present from 2018 on.
    assert back.nodes[org("alpha")]["spells"] == [("2018-01-01", "2021-12-31")]
    # gamma's membership ran from 2020 to 2021; it took part in 2019 before joining.
    assert back.nodes[org("gamma")]["member"] == [
        (False, "2019-01-01", "2019-12-31"),
        (True, "2020-01-01", "2020-12-31"),
        (True, "2021-01-01", "2021-12-31"),
    ]
    assert back.edges[org("alpha"), org("beta")]["spells"] == [("2019-01-01", "2019-12-31"), ("2021-01-01", "2021-12-31")]
    assert back.edges[org("delta"), org("gamma")]["year_weight"] == [(1, "2020-01-01", "2020-12-31")]


def test_timeline_keeps_to_the_year_range(cache, fgraph):
    source = timeline(cache, fgraph, BASE, "co-participation", Filters(year_from=2020, year_to=2020))
    assert (source.graph["first_year"], source.graph["last_year"]) == (2020, 2020)
    # A year range selects activities, so members that took part in none of that year's stay out.
    assert {n.rsplit("/", 1)[1] for n in source} == {"gamma", "delta"}
    assert all(spells == [("2020-01-01", "2020-12-31")] for _, spells in source.nodes(data="spells"))


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<?xml")])
def test_drawings(cache, fgraph, fmt, magic):
    data = draw(cache.network(fgraph, BASE, "co-participation", Filters()), fmt, title="Fixture")
    assert data.startswith(magic)
    if fmt == "svg":
        text = data.decode("utf-8")
        assert "Alpha" in text and "Fixture" in text
        assert draw(cache.network(fgraph, BASE, "co-participation", Filters()), fmt, title="Fixture") == data


def test_drawing_an_empty_network(cache, fgraph):
    empty = cache.network(fgraph, BASE, "co-participation", Filters(year_from=2030))
    assert empty.number_of_nodes() == 0
    assert draw(empty, "png").startswith(b"\x89PNG")
