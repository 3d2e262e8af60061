"""Networks and metrics of the fixture graph, checked against values worked out by hand.

The fixture's co-participation network (tests/data/network-fixture.trig) is a triangle
alpha-beta-gamma, a path gamma-delta-epsilon and an isolated zeta. Betweenness is
normalised by (n-1)(n-2)/2 = 10 pairs: gamma lies on the shortest paths of alpha and beta
to delta and epsilon (4 pairs), delta on those of alpha, beta and gamma to epsilon (3).
"""

from __future__ import annotations

import pytest

from dpgraph.errors import InputError
from dpgraph.network.filters import Filters, resolve
from dpgraph.network.graphs import NetworkCache, build_network
from dpgraph.network.nodes import read_node_directory
from dpgraph.network.request import ego
from dpgraph.store.local import LocalGraph
from network_support import BASE, fixture_store, iri, org


def network(cache, fgraph, kind="co-participation", **filters):
    return cache.network(fgraph, BASE, kind, Filters.parse(BASE, **filters))


def names(graph):
    return {n.rsplit("/", 1)[1] for n in graph}


def test_co_participation_by_hand(cache, fgraph):
    g = network(cache, fgraph)
    assert names(g) == {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"}
    degree = {n.rsplit("/", 1)[1]: d for n, d in g.nodes(data="degree")}
    assert degree == {"alpha": 2, "beta": 2, "gamma": 3, "delta": 2, "epsilon": 1, "zeta": 0}
    weighted = {n.rsplit("/", 1)[1]: d for n, d in g.nodes(data="weighted_degree")}
    assert weighted == {"alpha": 3, "beta": 3, "gamma": 3, "delta": 2, "epsilon": 1, "zeta": 0}
    between = {n.rsplit("/", 1)[1]: round(b, 6) for n, b in g.nodes(data="betweenness")}
    assert between == {"alpha": 0, "beta": 0, "gamma": 0.4, "delta": 0.3, "epsilon": 0, "zeta": 0}
    assert g.graph["edges"] == 5
    assert g.graph["density"] == pytest.approx(5 / 15)
    assert g.graph["components"] == 2


def test_duplicate_listing_counts_once(cache, fgraph):
    g = network(cache, fgraph)
    # act1 and its repeat act4 are one activity; act5 is the second one alpha and beta share.
    assert g.edges[org("alpha"), org("beta")]["weight"] == 2
    assert g.edges[org("alpha"), org("beta")]["activities"] == [iri("activity/act1"), iri("activity/act5")]
    assert g.graph["strongest_ties"][0] == {"source": org("alpha"), "target": org("beta"), "weight": 2}


def test_communities_are_the_triangle_the_pair_and_the_isolate(cache, fgraph):
    g = network(cache, fgraph)
    community = {n.rsplit("/", 1)[1]: c for n, c in g.nodes(data="community")}
    assert community == {"alpha": 1, "beta": 1, "gamma": 1, "delta": 2, "epsilon": 2, "zeta": 3}
    assert g.graph["communities"] == 3


def test_pagerank_sums_to_one_and_ranks_the_hub_first(cache, fgraph):
    g = network(cache, fgraph)
    rank = dict(g.nodes(data="pagerank"))
    assert sum(rank.values()) == pytest.approx(1.0)
    assert max(rank, key=rank.get) == org("gamma")


@pytest.mark.parametrize(
    ("filters", "nodes", "edges"),
    [
        ({"year_from": 2021}, {"alpha", "beta", "delta", "epsilon"}, 2),
        ({"year_from": 2019, "year_to": 2019}, {"alpha", "beta", "gamma"}, 3),
        ({"year_to": 2020}, {"alpha", "beta", "gamma", "delta"}, 4),
        ({"partners_only": True}, {"alpha", "beta", "gamma"}, 3),
        ({"activity_kinds": ["study"]}, {"gamma", "delta"}, 1),
        ({"bodies": ["x"]}, {"alpha", "beta", "gamma"}, 3),
        # Unit Y is part of the parent committee: a body brings in its sub-bodies' activities.
        ({"bodies": ["parent"]}, {"gamma", "delta", "epsilon"}, 2),
        ({"bodies": ["/body/x", "y"]}, {"alpha", "beta", "gamma", "delta", "epsilon"}, 5),
        # The broad topic takes in act3, filed under its narrower topic, and act2, whose unit works on that.
        ({"topics": ["broad"]}, {"gamma", "delta", "epsilon"}, 2),
        # Document two lists act3 and the repeat of act1, which names alpha and beta only.
        ({"documents": ["002"]}, {"alpha", "beta", "delta", "epsilon"}, 2),
        ({"documents": ["002"], "year_from": 2021, "partners_only": True}, set(), 0),
        ({"activity_kinds": ["conference"], "bodies": ["x"], "year_from": 2021}, {"alpha", "beta"}, 1),
    ],
)
def test_filters_combine(cache, fgraph, filters, nodes, edges):
    g = network(cache, fgraph, **filters)
    assert names(g) == nodes
    assert g.number_of_edges() == edges


def test_bipartite_network(cache, fgraph):
    g = network(cache, fgraph, "bipartite")
    activities = {n for n, t in g.nodes(data="type") if t == "activity"}
    assert activities == {iri(f"activity/act{i}") for i in (1, 2, 3, 5)}
    assert g.degree(iri("activity/act1")) == 3
    assert g.number_of_edges() == 9
    assert g.nodes[iri("activity/act1")]["label"] == "Act one (2019)"
    # 9 participations out of 6 organisations x 4 activities.
    assert g.graph["density"] == pytest.approx(9 / 24)


def test_body_and_topic_networks(cache, fgraph):
    bodies = network(cache, fgraph, "body")
    weights = {tuple(sorted(n.rsplit("/", 1)[1] for n in (a, b))): w for a, b, w in bodies.edges(data="weight")}
    assert weights == {
        ("alpha", "x"): 2,
        ("beta", "x"): 2,
        ("gamma", "x"): 1,
        ("gamma", "y"): 1,
        ("delta", "y"): 2,
        ("epsilon", "y"): 1,
    }
    assert bodies.nodes[iri("body/y")]["class"] == "Unit"
    topics = network(cache, fgraph, "topic")
    # act3 is on the narrow topic by its own cell (and its unit); act2 only through Unit Y.
    ways = {o.rsplit("/", 1)[1]: (e["weight"], e["by_cell"], e["by_body"]) for o, _, e in topics.edges(data=True)}
    assert all(iri("topic/narrow") in edge for edge in topics.edges())
    assert ways == {"gamma": (1, 0, 1), "delta": (2, 1, 1), "epsilon": (1, 1, 0)}


def test_ego_network(cache, fgraph):
    g = network(cache, fgraph)
    assert names(ego(g, org("alpha"), 1)) == {"alpha", "beta", "gamma"}
    two = ego(g, org("alpha"), 2)
    assert names(two) == {"alpha", "beta", "gamma", "delta"}
    assert two.graph["focus"] == org("alpha")
    # Node metrics stay those of the whole network.
    assert two.nodes[org("gamma")]["betweenness"] == pytest.approx(0.4)
    with pytest.raises(InputError):
        ego(g, iri("body/x"), 1)
    assert names(ego(network(cache, fgraph, "body"), iri("body/x"), 1)) == {"x", "alpha", "beta", "gamma"}


def test_node_descriptions(cache, fgraph):
    g = network(cache, fgraph)
    alpha = g.nodes[org("alpha")]
    assert (alpha["label"], alpha["type"], alpha["class"], alpha["partner"], alpha["href"]) == (
        "Alpha",
        "organisation",
        "Company",
        True,
        "/org/alpha",
    )
    assert g.nodes[org("delta")]["partner"] is False


def test_node_directory(fgraph):
    directory = read_node_directory(fgraph)
    assert directory.years == (2018, 2021)
    assert directory.memberships[org("gamma")] == (2020, 2021)
    assert [label for _, label in directory.choices["bodies"]] == ["Division X", "Parent committee", "Unit Y"]
    assert [label for _, label in directory.choices["documents"]] == ["Document one", "Document two"]


def test_cache_returns_the_same_network_until_the_data_change(fgraph):
    cache = NetworkCache()
    first = cache.network(fgraph, BASE, "co-participation", Filters())
    assert cache.network(fgraph, BASE, "co-participation", Filters()) is first
    changing = LocalGraph(fixture_store())
    before = cache.network(changing, BASE, "co-participation", Filters())
    triple = f"<{iri('activity/act5')}> <{BASE}ontology#participant> <{org('zeta')}>"
    changing.store.update(f"INSERT DATA {{ GRAPH <{BASE}graph/doc-001> {{ {triple} }} }}")
    changing.version += 1  # what the update path does when it commits
    after = cache.network(changing, BASE, "co-participation", Filters())
    assert after is not before
    assert after.degree(org("zeta")) == 2 and before.degree(org("zeta")) == 0


@pytest.mark.parametrize(
    ("value", "folder", "expected"),
    [
        ("cahai", "body", BASE + "body/cahai"),
        ("/body/cahai", "body", BASE + "body/cahai"),
        (BASE + "body/cahai", "body", BASE + "body/cahai"),
        ("<https://example.org/x>", "org", "https://example.org/x"),
    ],
)
def test_resolve(value, folder, expected):
    assert resolve(value, BASE, folder) == expected


@pytest.mark.parametrize(
    "filters",
    [{"year_from": "twenty"}, {"year_from": 2022, "year_to": 2021}, {"year_to": "1066"}, {"bodies": ["a b"]}, {"colour": ["x"]}],
)
def test_bad_filters(filters):
    with pytest.raises(InputError):
        Filters.parse(BASE, **filters)


def test_a_filter_value_no_activity_has_is_an_error(cache, fgraph):
    with pytest.raises(InputError, match="no activity has body"):
        network(cache, fgraph, bodies=["nowhere"])
    # A body that exists but files no activity is named as such too: the network would be empty.
    assert network(cache, fgraph, bodies=["parent"]).number_of_nodes() == 3


def test_unknown_kind(fgraph):
    with pytest.raises(InputError):
        build_network(fgraph, BASE, "friendship", Filters(), read_node_directory(fgraph))


def test_betweenness_equals_networkx_and_is_sampled_past_the_budget(cache, fgraph, monkeypatch):
    import networkx as nx

    from dpgraph.network import metrics as network_metrics

    graph = network(cache, fgraph, "bipartite")
    exact, sample = network_metrics.betweenness(graph)
    assert sample is None
    assert exact == pytest.approx(nx.betweenness_centrality(graph))
    monkeypatch.setattr(network_metrics, "BETWEENNESS_BUDGET", 10)
    monkeypatch.setattr(network_metrics, "MIN_SAMPLE", 2)
    estimated, sample = network_metrics.betweenness(graph)
    assert sample == 2
    assert estimated != pytest.approx(exact)
    assert set(estimated) == set(graph) and all(value >= 0 for value in estimated.values())
    annotated = network_metrics.annotate(build_network(fgraph, BASE, "bipartite", Filters(), read_node_directory(fgraph)))
    assert annotated.graph["betweenness_sample"] == 2
