"""The one seam to the graph (dpgraph.store.Graph) and its in-process implementation."""

from __future__ import annotations

import ast
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Store

from dpgraph.store.local import LocalGraph

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "dpgraph"
R, PART, OTHER, G1, G2 = (NamedNode(f"urn:test:{name}") for name in ("r", "r#date", "other", "g1", "g2"))
P = NamedNode("urn:test:p")


def graph() -> LocalGraph:
    store = Store()
    store.extend(
        [
            Quad(R, P, Literal("own"), G1),
            Quad(R, P, R, G1),  # a statement about itself: once, not also as a statement pointing at it
            Quad(PART, P, Literal("part"), G2),
            Quad(OTHER, P, R, G2),
            Quad(BlankNode("b"), P, R, DefaultGraph()),
            Quad(OTHER, P, OTHER, G1),
        ]
    )
    return LocalGraph(store)


def test_statements_are_the_resource_its_parts_and_what_points_at_it_each_once() -> None:
    found = graph().statements([R.value, PART.value], R.value)
    assert len(found) == len(set(found)) == 5
    assert Quad(OTHER, P, OTHER, G1) not in found


def test_select_binds_iris_and_keeps_unbound_variables() -> None:
    rows = graph().select("SELECT ?s ?o ?none WHERE { ?s <urn:test:p> ?o OPTIONAL { ?o <urn:test:q> ?none } }", s=PART.value)
    assert rows == [{"s": PART, "o": Literal("part"), "none": None}]


def test_graph_sizes_count_the_named_graphs_statements() -> None:
    assert graph().graph_sizes() == {G1.value: 3, G2.value: 2}


def test_no_web_or_network_module_holds_a_pyoxigraph_store() -> None:
    """Pages and network views read through the seam; the store itself stays in dpgraph.store."""
    importers = [
        path.relative_to(PACKAGE).as_posix()
        for area in ("web", "network")
        for path in (PACKAGE / area).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "pyoxigraph" and any(a.name == "Store" for a in node.names)
    ]
    assert importers == []
