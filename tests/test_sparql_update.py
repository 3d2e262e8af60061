"""SPARQL Update: off by default, bearer token, and SHACL validation before anything is committed."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest
from flask import Flask
from pyoxigraph import Literal, Quad
from tests.endpoint_support import endpoint_app, recording_server

from dpgraph.web import dataset
from dpgraph.web.update import Validation, project_validator

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "https://w3id.org/coe-digital-partnership/graph/curated"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class RecordingValidator:
    """A stand-in for the SHACL validator: a literal "forbidden" is a Violation."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, quads: list[Quad]) -> Validation:
        self.calls.append(len(quads))
        bad = [q for q in quads if q.object == Literal("forbidden")]
        return Validation(not bad, f"Violation: {len(bad)} node(s) say forbidden" if bad else "Conforms")


@pytest.fixture(scope="module")
def validator() -> RecordingValidator:
    return RecordingValidator()


@pytest.fixture(scope="module")
def writable(settings, built, validator) -> Iterator[Flask]:
    config = {"SPARQL_UPDATE_TOKEN": TOKEN, "SPARQL_VALIDATOR": validator, "SPARQL_WORKERS": 1, "SPARQL_TIMEOUT": 2}
    with endpoint_app(settings, **config) as app:
        yield app


def count(client) -> int:
    return int(client.get("/sparql", query_string={"query": COUNT}).get_json()["results"]["bindings"][0]["n"]["value"])


def insert(value: str, subject: str = "http://example.org/s") -> str:
    return f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{subject}> <http://example.org/p> "{value}" }} }}'


def test_updates_are_off_by_default(endpoint) -> None:
    before = count(endpoint)
    response = endpoint.post("/sparql", data={"update": insert("x")}, headers=AUTH)
    assert response.status_code == 403 and "read-only" in response.get_data(as_text=True)
    assert count(endpoint) == before


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}])
def test_updates_need_the_token(writable, headers: dict) -> None:
    client = writable.test_client()
    before = count(client)
    response = client.post("/sparql", data=insert("x"), content_type="application/sparql-update", headers=headers)
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert count(client) == before


def test_a_conforming_update_is_validated_and_committed(writable, validator) -> None:
    client = writable.test_client()
    before, calls = count(client), len(validator.calls)
    response = client.post("/sparql", data={"update": insert("fine", "http://example.org/a")}, headers=AUTH)
    assert response.status_code == 200 and "1 quads added" in response.get_data(as_text=True)
    assert len(validator.calls) == calls + 1 and validator.calls[-1] == before + 1
    assert count(client) == before + 1  # the workers serve the new data
    with writable.app_context():
        assert len(dataset().store) == before + 1  # and so does the app's own store
    delete = f'DELETE DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/a> <http://example.org/p> "fine" }} }}'
    response = client.post("/sparql", data=delete, content_type="application/sparql-update", headers=AUTH)
    assert response.status_code == 200 and "1 removed" in response.get_data(as_text=True)
    assert count(client) == before


def test_a_violating_update_is_refused_with_the_report_and_nothing_changes(writable) -> None:
    client = writable.test_client()
    before = count(client)
    response = client.post("/sparql", data={"update": insert("forbidden")}, headers=AUTH)
    assert response.status_code == 422
    assert "Violation: 1 node(s) say forbidden" in response.get_data(as_text=True)
    assert count(client) == before
    ask = 'ASK { ?s ?p "forbidden" }'
    assert client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is False


def test_update_refusals(writable) -> None:
    client = writable.test_client()
    before = count(client)
    restricted = insert("x").replace("graph/curated", "graph/restricted")
    assert client.post("/sparql", data={"update": restricted}, headers=AUTH).status_code == 403
    own = f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} USING <{GRAPH}> WHERE {{ ?s ?p ?o }}"
    both = client.post("/sparql", data={"update": own, "using-graph-uri": GRAPH}, headers=AUTH)
    assert both.status_code == 400 and "USING" in both.get_data(as_text=True)
    not_iri = client.post("/sparql", data={"update": insert("x"), "using-graph-uri": "not an iri"}, headers=AUTH)
    assert not_iri.status_code == 400
    bad = client.post("/sparql", data={"update": "INSERT DATA { oops"}, headers=AUTH)
    assert bad.status_code == 400 and "syntax error" in bad.get_data(as_text=True)
    assert count(client) == before


def test_load_fetches_nothing(writable) -> None:
    client = writable.test_client()
    with recording_server() as server:
        for update in (f"LOAD <{server.url}/data.ttl>", "LOAD <file:///etc/hostname> INTO GRAPH <http://example.org/g>"):
            response = client.post("/sparql", data={"update": update}, headers=AUTH)
            assert response.status_code == 403 and "LOAD" in response.get_data(as_text=True)
        assert server.hits == []


def test_a_runaway_update_is_stopped_and_nothing_changes(writable) -> None:
    client = writable.test_client()
    before = count(client)
    # an update's WHERE reads the store's default graph, which is empty: the patterns name their graphs
    runaway = (
        "INSERT { GRAPH <http://example.org/g> { ?a <http://example.org/p> ?d } } "
        "WHERE { GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } }"
    )
    response = client.post("/sparql", data={"update": runaway}, headers=AUTH)
    assert response.status_code == 503
    assert count(client) == before


def test_project_validator_uses_dpgraph_validate(monkeypatch, settings) -> None:
    seen = []

    def validate_quads(quads, project_settings):
        seen.append((len(quads), project_settings))
        return False, "Violation: from the project's shapes"

    monkeypatch.setitem(sys.modules, "dpgraph.validate", types.SimpleNamespace(validate_quads=validate_quads))
    result = project_validator(settings)([])
    assert result == Validation(False, "Violation: from the project's shapes") and seen == [(0, settings)]


def test_project_validator_refuses_when_validation_is_missing(monkeypatch, settings) -> None:
    monkeypatch.setitem(sys.modules, "dpgraph.validate", types.SimpleNamespace())
    result = project_validator(settings)([])
    assert not result.conforms and "not available" in result.report


def test_using_graph_uri_sets_the_dataset_of_the_where_clause(writable) -> None:
    client = writable.test_client()
    before = count(client)
    assert client.post("/sparql", data={"update": insert("temporary")}, headers=AUTH).status_code == 200
    delete = f"DELETE {{ GRAPH <{GRAPH}> {{ ?s <http://example.org/p> ?o }} }} WHERE {{ ?s <http://example.org/p> ?o }}"
    # without a dataset the WHERE reads the store's default graph, which is empty
    unscoped = client.post("/sparql", data={"update": delete}, headers=AUTH)
    assert "0 removed" in unscoped.get_data(as_text=True)
    scoped = client.post(
        "/sparql", data=delete, content_type="application/sparql-update", query_string={"using-graph-uri": GRAPH}, headers=AUTH
    )
    assert scoped.status_code == 200 and "1 removed" in scoped.get_data(as_text=True)
    assert count(client) == before


def rename(organisation: str, old: str, new: str) -> str:
    old_label, new_label = (f'GRAPH ?g {{ <{organisation}> skos:prefLabel "{name}"@en }}' for name in (old, new))
    return f"DELETE {{ {old_label} }} INSERT {{ {new_label} }} WHERE {{ {old_label} }}"


def test_an_update_that_keeps_the_size_refreshes_pages_and_networks(writable) -> None:
    client = writable.test_client()
    apple = "https://w3id.org/coe-digital-partnership/org/apple"
    before = count(client)

    def seen() -> tuple[str, str]:
        page = client.get("/org/apple.html").get_data(as_text=True)
        nodes = {n["id"]: n["label"] for n in client.get("/network.json").get_json()["nodes"]}
        return page, nodes[apple]

    assert "<h1>Apple" in seen()[0]  # what the app derives is made before the update
    try:
        assert client.post("/sparql", data={"update": rename(apple, "Apple", "Apple Inc.")}, headers=AUTH).status_code == 200
        assert count(client) == before
        page, label = seen()
        assert "<h1>Apple Inc." in page and label == "Apple Inc."
    finally:
        client.post("/sparql", data={"update": rename(apple, "Apple Inc.", "Apple")}, headers=AUTH)
    assert seen()[1] == "Apple"


def test_relative_iris_in_an_update_resolve_against_the_base_iri(writable) -> None:
    client = writable.test_client()
    before = count(client)
    update = 'INSERT DATA { GRAPH <graph/curated> { <org/relative-test> <http://example.org/p> "relative" } }'
    response = client.post("/sparql", data={"update": update}, headers=AUTH)
    assert response.status_code == 200, response.get_data(as_text=True)
    try:
        ask = f'ASK {{ GRAPH <{GRAPH}> {{ <https://w3id.org/coe-digital-partnership/org/relative-test> ?p "relative" }} }}'
        assert client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is True
    finally:
        delete = 'DELETE DATA { GRAPH <graph/curated> { <org/relative-test> <http://example.org/p> "relative" } }'
        assert client.post("/sparql", data={"update": delete}, headers=AUTH).status_code == 200
    assert count(client) == before
