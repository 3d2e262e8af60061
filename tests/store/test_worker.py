"""The worker's result writing: JSON and XML written once when within the caps, else the row cap
counted on TSV lines and Oxigraph writing the asked format from the kept ones."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from dpgraph.store.worker import BYTES_PER_ROW, QueryJob, answer_query_job

JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    for number in range(5):
        text = f"line one\nline two\t{number}"  # a newline and a tab inside: still one solution
        store.add(Quad(NamedNode(f"http://example.org/{number}"), NamedNode("http://example.org/p"), Literal(text)))
    return store


def job(text: str, media: str = JSON, cap: int = 3) -> QueryJob:
    return QueryJob(text, media, "text/turtle", cap)


@pytest.mark.parametrize(("limit", "rows", "truncated"), [(2, 2, False), (3, 3, False), (4, 3, True), (5, 3, True)])
def test_the_cap_counts_solutions_not_lines(store, limit: int, rows: int, truncated: bool) -> None:
    outcome = answer_query_job(store, job(f"SELECT ?s ?o WHERE {{ ?s ?p ?o }} ORDER BY ?s LIMIT {limit}"))
    data = json.loads(outcome.body)
    assert (outcome.rows, outcome.truncated) == (rows, truncated)
    assert len(data["results"]["bindings"]) == rows and data.get("truncated", False) is truncated
    assert data["results"]["bindings"][0]["o"]["value"] == "line one\nline two\t0"


@pytest.mark.parametrize(
    ("media", "expected"),
    [("text/csv", b"x\r\n1\r\n2\r\n3\r\n"), ("text/tab-separated-values", b"?x\n1\n2\n3\n")],
)
def test_cut_text_results_keep_whole_rows(store, media: str, expected: bytes) -> None:
    outcome = answer_query_job(store, job("SELECT ?x { VALUES ?x { 1 2 3 4 5 } }", media))
    assert outcome.truncated and outcome.body == expected


def test_empty_and_variable_free_results(store) -> None:
    empty = answer_query_job(store, job("SELECT ?s { ?s ?p 'nothing' }"))
    assert json.loads(empty.body) == {"head": {"vars": ["s"]}, "results": {"bindings": []}} and empty.rows == 0
    one = answer_query_job(store, job("SELECT * {}"))
    assert json.loads(one.body)["results"]["bindings"] == [{}] and not one.truncated


def test_construct_is_capped_too(store) -> None:
    outcome = answer_query_job(store, QueryJob("CONSTRUCT WHERE { ?s ?p ?o }", JSON, "application/n-triples", 3))
    assert outcome.kind == "graph" and outcome.truncated and outcome.body.count(b"\n") == 3


@pytest.mark.parametrize(("limit", "truncated"), [(3, False), (4, True)])
def test_xml_rows_are_counted_and_capped(store, limit: int, truncated: bool) -> None:
    outcome = answer_query_job(store, job(f"SELECT ?o WHERE {{ ?s ?p ?o }} LIMIT {limit}", "application/sparql-results+xml"))
    assert (outcome.rows, outcome.truncated) == (3, truncated)
    assert outcome.body.count(b"<result>") == 3


def test_a_result_over_the_byte_budget_but_within_the_row_cap_is_whole() -> None:
    store = Store()
    long = "x" * (2 * BYTES_PER_ROW)  # two rows outweigh the budget of a three-row cap
    for number in range(2):
        store.add(Quad(NamedNode(f"http://example.org/{number}"), NamedNode("http://example.org/p"), Literal(long)))
    outcome = answer_query_job(store, job("SELECT ?o WHERE { ?s ?p ?o }"))
    assert (outcome.rows, outcome.truncated) == (2, False)
    assert [b["o"]["value"] for b in json.loads(outcome.body)["results"]["bindings"]] == [long, long]
