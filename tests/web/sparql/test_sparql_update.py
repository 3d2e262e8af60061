"""SPARQL Update: off by default, bearer token, and the project's SHACL validation before anything is
committed to the journal and the served store (the real validator: no stand-in)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from tests.endpoint_support import endpoint_app, recording_server

from dpgraph.config import Settings
from dpgraph.web.state import dataset

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "https://w3id.org/coe-digital-partnership/graph/curated"
APPLE = "https://w3id.org/coe-digital-partnership/org/apple"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Personal data outside the restricted graph: a Violation of dps:ContactOutsideRestricted.
EMAIL = f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{APPLE}> <http://www.w3.org/2006/vcard/ns#hasEmail> "someone@apple.example" }} }}'
CONFIG = {"SPARQL_UPDATE_TOKEN": TOKEN, "SPARQL_WORKERS": 1, "SPARQL_TIMEOUT": 2}


@pytest.fixture(scope="module")
def journalled(settings, tmp_path_factory) -> Settings:
    """The test settings with a journal of this module's own."""
    return settings.with_(journal=tmp_path_factory.mktemp("updates") / "journal.jsonl")


@pytest.fixture(scope="module")
def writable(journalled, built) -> Iterator[Flask]:
    with endpoint_app(journalled, **CONFIG) as app:
        yield app


def count(client) -> int:
    return int(client.get("/sparql", query_string={"query": COUNT}).get_json()["results"]["bindings"][0]["n"]["value"])


def insert(value: str, subject: str = "http://example.org/s") -> str:
    return f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{subject}> <http://example.org/p> "{value}" }} }}'


def journal_lines(settings: Settings) -> int:
    return len(settings.journal_file.read_bytes().splitlines()) if settings.journal_file.exists() else 0


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


def test_a_conforming_update_is_journalled_and_committed(writable, journalled) -> None:
    client = writable.test_client()
    before, lines = count(client), journal_lines(journalled)
    response = client.post("/sparql", data={"update": insert("fine", "http://example.org/a")}, headers=AUTH)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_data(as_text=True) == "update applied: 1 quads added, 0 removed\n"
    assert count(client) == before + 1  # the workers serve the new data
    with writable.app_context():
        assert len(dataset().graph.store) == before + 1  # and so does the app's own store
    assert journal_lines(journalled) == lines + 1
    delete = f'DELETE DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/a> <http://example.org/p> "fine" }} }}'
    response = client.post("/sparql", data=delete, content_type="application/sparql-update", headers=AUTH)
    assert response.status_code == 200 and "1 removed" in response.get_data(as_text=True)
    assert count(client) == before and journal_lines(journalled) == lines + 2


def test_a_violating_update_is_refused_with_the_report_and_nothing_changes(writable, journalled) -> None:
    client = writable.test_client()
    before, lines = count(client), journal_lines(journalled)
    response = client.post("/sparql", data={"update": EMAIL}, headers=AUTH)
    text = response.get_data(as_text=True)
    assert response.status_code == 422, text
    assert text.startswith("the update was refused: the data would not conform to the shapes")
    assert "VIOLATIONS (1)" in text and "[ContactOutsideRestricted]" in text and f"<{APPLE}>" in text
    assert count(client) == before and journal_lines(journalled) == lines
    ask = 'ASK { ?s ?p "someone@apple.example" }'
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
    before = count(client)

    def seen() -> tuple[str, str]:
        page = client.get("/org/apple.html").get_data(as_text=True)
        nodes = {n["id"]: n["label"] for n in client.get("/network.json").get_json()["nodes"]}
        return page, nodes[APPLE]

    assert "<h1>Apple" in seen()[0]  # what the app derives is made before the update
    try:
        assert client.post("/sparql", data={"update": rename(APPLE, "Apple", "Apple Inc.")}, headers=AUTH).status_code == 200
        assert count(client) == before
        page, label = seen()
        assert "<h1>Apple Inc." in page and label == "Apple Inc."
    finally:
        client.post("/sparql", data={"update": rename(APPLE, "Apple Inc.", "Apple")}, headers=AUTH)
    assert seen()[1] == "Apple"


def test_an_update_the_journal_cannot_record_changes_nothing(journalled, tmp_path) -> None:
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    unwritable = journalled.with_(journal=tmp_path / "not-a-folder" / "journal.jsonl")
    with endpoint_app(unwritable, **CONFIG) as app:
        client = app.test_client()
        before = count(client)
        response = client.post("/sparql", data={"update": insert("lost")}, headers=AUTH)
        assert response.status_code == 503
        assert f"could not be written to the journal {unwritable.journal_file}" in response.get_data(as_text=True)
        assert "nothing changed" in response.get_data(as_text=True)
        assert count(client) == before


def test_updates_of_data_files_say_they_are_kept_in_memory_only(journalled, built) -> None:
    data, lines = [str(journalled.output_dir / "public.trig")], journal_lines(journalled)
    with endpoint_app(journalled, DATA_FILES=data, **CONFIG) as app:
        response = app.test_client().post("/sparql", data={"update": insert("ephemeral")}, headers=AUTH)
    assert response.status_code == 200 and "kept in memory only" in response.get_data(as_text=True)
    assert journal_lines(journalled) == lines


def test_the_restricted_graph_is_writable_where_it_is_served(journalled, tmp_path) -> None:
    own = journalled.with_(journal=tmp_path / "journal.jsonl")
    personal = (
        insert("Someone").replace("graph/curated", "graph/restricted").replace("example.org/p", "www.w3.org/2006/vcard/ns#fn")
    )
    with endpoint_app(own, INCLUDE_RESTRICTED=True, **CONFIG) as app:
        response = app.test_client().post("/sparql", data={"update": personal}, headers=AUTH)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert journal_lines(own) == 1


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
