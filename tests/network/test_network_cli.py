"""dpgraph network: summaries, files, drawings and the metrics graph from the command line."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from dpgraph.cli import main
from dpgraph.network.filters import Filters
from dpgraph.network.graphs import NetworkCache
from network_support import FIXTURE


@pytest.fixture()
def built_here(settings, built, monkeypatch):
    """`dpgraph` run as in a checkout whose build folder is the test session's."""
    monkeypatch.setenv("DPGRAPH_BUILD", str(settings.output_dir))
    return settings


def test_summary(built_here, capsys):
    assert main(["network"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Co-participation of organisations\n44 nodes, 339 edges")
    assert "EuroISPA          Google" in out


def test_filters_and_focus(built_here, capsys):
    assert main(["network", "--from", "2021", "--to", "2021", "--body", "octopus-project", "--format", "json"]) == 0
    graph = nx.node_link_graph(json.loads(capsys.readouterr().out), edges="links")
    assert graph.number_of_nodes() == 25
    assert main(["network", "--focus", "/body/cahai", "--format", "json"]) == 0
    ego = json.loads(capsys.readouterr().out)
    assert ego["graph"]["kind"] == "body" and ego["graph"]["radius"] == 1


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_files(built_here, dataset_graph, tmp_path, fmt):
    path = tmp_path / f"network.{fmt}"
    assert main(["network", "--kind", "topic", "--format", fmt, "--output", str(path)]) == 0
    read = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    topics = NetworkCache().network(dataset_graph, built_here.base_iri, "topic", Filters())
    assert read.number_of_nodes() == topics.number_of_nodes() and read.number_of_edges() == topics.number_of_edges()
    # Each edge says how many of its activities are on the topic by their own cell, how many through their body.
    assert all(int(e["by_cell"]) + int(e["by_body"]) == int(e["weight"]) for _, _, e in read.edges(data=True))


def test_csv_writes_nodes_and_edges(built_here, tmp_path):
    assert main(["network", "--partners-only", "--format", "csv", "--output", str(tmp_path / "partners.csv")]) == 0
    nodes = (tmp_path / "partners.nodes.csv").read_text(encoding="utf-8").splitlines()
    edges = (tmp_path / "partners.edges.csv").read_text(encoding="utf-8").splitlines()
    assert nodes[0].startswith("id,label,type,class,partner,degree,weighted_degree,betweenness,pagerank,community")
    assert len(nodes) == 1 + 29
    assert edges[0] == "source,target,weight,activities" and len(edges) > 1


def test_timeline_gexf(built_here, tmp_path):
    path = tmp_path / "timeline.gexf"
    assert main(["network", "--format", "gexf", "--timeline", "--output", str(path)]) == 0
    assert nx.read_gexf(path).graph["mode"] == "dynamic"


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_drawings(built_here, tmp_path, fmt, magic):
    path = tmp_path / f"network.{fmt}"
    assert main(["network", "--kind", "body", "--format", fmt, "--colour-by", "type", "--output", str(path)]) == 0
    assert path.read_bytes().startswith(magic)


def test_write_metrics(built_here, tmp_path, capsys):
    path = tmp_path / "network.trig"
    assert main(["network", "--write-metrics", str(path)]) == 0
    assert capsys.readouterr().out == ""
    text = path.read_text(encoding="utf-8")
    assert "/graph/network>" in text and "dpn:NodeMeasurement" in text


def test_write_metrics_beside_the_build(built_here):
    assert main(["network", "--write-metrics"]) == 0
    assert (built_here.output_dir / "network.trig").stat().st_size > 0


def test_query_reads_the_metrics_the_build_wrote(built_here, capsys):
    assert main(["query", "most-central-partners", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "partner,name,betweenness,degree" and len(rows) == 11
    assert rows[1].startswith("https://w3id.org/coe-digital-partnership/org/microsoft,Microsoft,")


def test_other_data_files(tmp_path, capsys):
    assert main(["network", "--data", str(FIXTURE), "--format", "json"]) == 0
    graph = json.loads(capsys.readouterr().out)
    # Without the ontology the organisations are untyped: only those that took part appear.
    assert {n["id"].rsplit("/", 1)[1] for n in graph["nodes"]} == {"alpha", "beta", "gamma", "delta", "epsilon"}


@pytest.mark.parametrize(
    "arguments",
    [
        ["--from", "soon"],
        ["--focus", "/org/nobody"],
        ["--format", "csv"],
        ["--format", "json", "--timeline"],
        ["--radius", "0", "--focus", "apple"],
    ],
)
def test_bad_input_exits_2(built_here, capsys, arguments):
    assert main(["network", *arguments]) == 2
    assert capsys.readouterr().err.startswith("dpgraph network: ")


@pytest.mark.parametrize(
    ("options", "query"),
    [
        (["--kind", "body", "--from", "2020", "--partners-only", "--format", "json"], "kind=body&from=2020&partners=1"),
        (
            ["--focus", "/org/apple", "--radius", "2", "--topic", "cybercrime", "--format", "json"],
            "focus=/org/apple&radius=2&topic=cybercrime",
        ),
        (["--focus", "apple", "--radius", "6"], "focus=apple&radius=6"),
        (["--radius", "many"], "radius=many"),
        (["--from", "2022", "--to", "2018"], "from=2022&to=2018"),
        (["--body", "a b"], "body=a%20b"),
    ],
)
def test_the_command_and_the_page_answer_one_request_alike(built_here, client, capsys, options, query):
    """One request path: the same network for the same request, the same reason for a bad one."""
    status = main(["network", *options])
    out, err = capsys.readouterr()
    response = client.get(f"/network.json?{query}")
    if status == 0:
        assert response.status_code == 200 and json.loads(out) == response.get_json()
    else:
        assert status == 2 and response.status_code == 400
        assert err == f"dpgraph network: {response.get_data(as_text=True)}"
