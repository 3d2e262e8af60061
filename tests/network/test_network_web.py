"""/network and its downloads through Flask's test client."""

from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx
import pytest

from dpgraph.network.filters import Filters
from dpgraph.web import create_app
from dpgraph.web.network import cache as network_cache


def nodes_of(client, query: str = "") -> set[str]:
    response = client.get(f"/network.json?{query}")
    assert response.status_code == 200, response.data
    return {n["id"] for n in response.get_json()["nodes"]}


def test_page_draws_the_unfiltered_network(client):
    response = client.get("/network")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'src="/static/vendor/cytoscape.min.js"' in html
    assert '<span id="node-count">44</span>' in html
    assert 'id="network-shown"' not in html  # small enough to draw whole
    nodes, _ = drawn_elements(html)
    assert len(nodes) == 44
    apple = next(e["data"] for e in nodes if e["data"]["id"].endswith("/org/apple"))
    assert apple["href"] == "/org/apple" and apple["type"] == "organisation"
    assert {"degree", "weighted_degree", "betweenness", "pagerank", "community"} <= set(apple)
    # The table lists every node, linked to its page and to its ego network.
    assert html.count("<tr data-node=") == 44
    assert 'href="/network?focus=/org/apple"' in html


def drawn_elements(html: str) -> tuple[list[dict], list[dict]]:
    data = json.loads(re.search(r'<script id="network-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    return [e for e in data["elements"] if "position" in e], [e for e in data["elements"] if "source" in e["data"]]


def test_a_large_network_is_drawn_as_its_top_nodes(settings, built):
    small = create_app({"TESTING": True, "SETTINGS": settings, "NETWORK_MAX_NODES": 10}).test_client()
    html = small.get("/network").get_data(as_text=True)
    assert re.search(r"Showing 10 of 44 nodes, ranked by pagerank\b", html)
    full = nx.node_link_graph(small.get("/network.json").get_json(), edges="links")
    assert full.number_of_nodes() == 44  # the downloads keep every node
    nodes, edges = drawn_elements(html)
    top = sorted(full, key=lambda n: (-full.nodes[n]["pagerank"], full.nodes[n]["label"]))[:10]
    assert {n["data"]["id"] for n in nodes} == set(top)
    assert {(e["data"]["source"], e["data"]["target"]) for e in edges} == set(full.subgraph(top).edges())
    assert html.count("<tr data-node=") == 10
    by_degree = small.get("/network?size=degree").get_data(as_text=True)
    assert "ranked by degree" in by_degree
    assert {n["data"]["id"] for n in drawn_elements(by_degree)[0]} == set(
        sorted(full, key=lambda n: (-full.nodes[n]["degree"], full.nodes[n]["label"]))[:10]
    )
    # An ego network keeps its focus among the nodes drawn, however it ranks.
    lego = small.get("/network?focus=/org/lego-group&radius=2").get_data(as_text=True)
    assert settings.base_iri + "org/lego-group" in {n["data"]["id"] for n in drawn_elements(lego)[0]}


def test_filters_change_the_network_and_stay_in_the_links(client):
    everything = nodes_of(client)
    in_2021 = nodes_of(client, "from=2021&to=2021")
    assert in_2021 < everything
    html = client.get("/network?from=2021&to=2021&body=/body/cybercrime-division&partners=1").get_data(as_text=True)
    assert "Co-participation of organisations · 2021 · body: Cybercrime Division · partners only" in html
    assert 'href="/network.graphml?from=2021&amp;to=2021&amp;body=/body/cybercrime-division&amp;partners=1"' in html
    assert re.search(r'<option value="/body/cybercrime-division" selected>', html)


def test_several_values_of_a_filter(client, settings):
    both = nodes_of(client, "body=cahai&body=t-cy")
    assert both == nodes_of(client, "body=cahai") | nodes_of(client, "body=t-cy")


def test_focus_gives_the_ego_network_of_the_kind_the_resource_needs(client, settings):
    base = settings.base_iri
    apple = client.get("/network.json?focus=/org/apple").get_json()
    assert apple["graph"]["kind"] == "co-participation" and apple["graph"]["focus"] == base + "org/apple"
    cahai = client.get("/network.json?focus=/body/cahai").get_json()
    assert cahai["graph"]["kind"] == "body"
    assert base + "org/microsoft" in {n["id"] for n in cahai["nodes"]}
    octopus = client.get("/network.json?focus=/activity/001-s5-octopus-conference-2021-11-16").get_json()
    assert octopus["graph"]["kind"] == "bipartite" and len(octopus["nodes"]) == 26
    wider = client.get("/network.json?focus=/org/lego-group&radius=2").get_json()
    assert len(wider["nodes"]) > len(client.get("/network.json?focus=/org/lego-group").get_json()["nodes"])


def test_downloads_read_back_equal_to_the_json(client):
    source = nx.node_link_graph(client.get("/network.json?kind=body").get_json(), edges="links")
    graphml = client.get("/network.graphml?kind=body")
    assert graphml.mimetype == "application/graphml+xml"
    assert graphml.headers["Content-Disposition"] == 'attachment; filename="network-body.graphml"'
    assert set(nx.parse_graphml(graphml.get_data(as_text=True)).edges) == set(source.edges)
    gexf = client.get("/network.gexf?kind=body")
    assert set(nx.read_gexf(io.BytesIO(gexf.data)).nodes) == set(source.nodes)
    nodes = list(csv.DictReader(io.StringIO(client.get("/network.nodes.csv?kind=body").get_data(as_text=True))))
    edges = list(csv.DictReader(io.StringIO(client.get("/network.edges.csv?kind=body").get_data(as_text=True))))
    assert {r["id"] for r in nodes} == set(source.nodes)
    assert sum(int(r["weight"]) for r in edges) == source.size(weight="weight")


def test_timeline_gexf(client):
    response = client.get("/network.gexf?timeline=1&partners=1")
    assert response.headers["Content-Disposition"] == 'attachment; filename="network-co-participation-timeline.gexf"'
    graph = nx.read_gexf(io.BytesIO(response.data))
    assert graph.graph["mode"] == "dynamic"
    assert all(spells for _, spells in graph.nodes(data="spells"))


@pytest.mark.parametrize(
    "query",
    [
        "from=twenty",
        "from=2022&to=2018",
        "kind=friends",
        "radius=0",
        "radius=many",
        "focus=/org/no-such-organisation",
        "body=a%20b",
        "topic=/topic/nothing",
    ],
)
def test_bad_parameters_are_400_with_a_reason(client, query):
    response = client.get(f"/network.json?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/plain" and response.get_data(as_text=True).strip()
    page = client.get(f"/network?{query}")
    assert page.status_code == 400
    assert 'class="network-error"' in page.get_data(as_text=True)


def test_networks_are_cached_per_app(app, client):
    client.get("/network.json?from=2020")
    with app.app_context():
        cache = network_cache()
    served, base = app.extensions["dpgraph"].graph, app.extensions["dpgraph"].settings.base_iri
    first = cache.network(served, base, "co-participation", Filters(year_from=2020))
    client.get("/network.json?from=2020")
    assert (
        cache.network(served, app.extensions["dpgraph"].settings.base_iri, "co-participation", Filters(year_from=2020)) is first
    )


def test_the_network_link_of_a_resource_page_opens_its_ego_network(client):
    import re

    page = client.get("/org/apple.html").get_data(as_text=True)
    link = re.search(r'href="(/network\?focus=[^"]+)"', page).group(1)
    view = client.get(link.replace("/network?", "/network.json?")).get_json()
    ids = {node["id"] for node in view["nodes"]}
    assert "https://w3id.org/coe-digital-partnership/org/apple" in ids
    assert 1 < len(ids) < 44  # Apple and its neighbours, not the whole network
