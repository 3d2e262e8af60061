"""What keeps /sparql safe to expose: nothing fetched, time limit that kills the work, row cap that says so."""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from tests.endpoint_support import endpoint_app, recording_server

from dpgraph.layout import FULL_DATASET
from dpgraph.web.sparql.runtime import engine

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PARTNERS = "PREFIX org: <http://www.w3.org/ns/org#> SELECT DISTINCT ?p WHERE { ?m org:member ?p } ORDER BY ?p"
BASE = "https://w3id.org/coe-digital-partnership/"


@pytest.fixture(scope="module")
def limited(settings, built) -> Iterator[Flask]:
    with endpoint_app(settings, SPARQL_TIMEOUT=1.5, SPARQL_WORKERS=1, SPARQL_MAX_ROWS=5) as app:
        yield app


def test_runaway_query_is_stopped_at_the_limit_and_its_worker_replaced(limited) -> None:
    client = limited.test_client()
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    with limited.app_context():
        pool = engine()
        before, replaced = pool.pids("sparql"), pool.replaced
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": RUNAWAY})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "limit of 1.5 s" in response.get_data(as_text=True)
    assert 1.4 < elapsed < 4
    assert pool.replaced == replaced + 1
    assert not set(before) & set(pool.pids())  # the worker that ran it is gone: killed, not left running
    for pid in before:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    # the replacement answers the next query
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).get_json()["boolean"] is True


def test_rows_past_the_cap_are_cut_and_flagged(limited) -> None:
    client = limited.test_client()
    response = client.get("/sparql", query_string={"query": PARTNERS})
    assert response.headers["Result-Truncated"] == "true" and response.headers["Result-Row-Limit"] == "5"
    data = response.get_json()
    assert data["truncated"] is True and len(data["results"]["bindings"]) == 5
    as_csv = client.get("/sparql", query_string={"query": PARTNERS, "format": "csv"})
    assert len(list(csv.reader(io.StringIO(as_csv.get_data(as_text=True))))) == 6
    assert as_csv.headers["Result-Truncated"] == "true"
    as_xml = client.get("/sparql", query_string={"query": PARTNERS, "format": "xml"})
    assert as_xml.data.count(b"<result>") == 5
    graph = client.get("/sparql", query_string={"query": f"CONSTRUCT WHERE {{ <{BASE}org/apple> ?p ?o }}", "format": "nt"})
    assert graph.headers["Result-Truncated"] == "true" and graph.data.count(b"\n") == 5


def test_a_result_at_the_cap_is_not_flagged(limited) -> None:
    response = limited.test_client().get("/sparql", query_string={"query": PARTNERS + " LIMIT 5"})
    assert "Result-Truncated" not in response.headers
    assert "truncated" not in response.get_json() and len(response.get_json()["results"]["bindings"]) == 5


def test_from_and_from_named_fetch_nothing(endpoint) -> None:
    with recording_server() as server:
        for query in (
            f"SELECT * FROM <{server.url}/data.ttl> WHERE {{ ?s ?p ?o }}",
            f"SELECT * FROM NAMED <{server.url}/named.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
        ):
            response = endpoint.get("/sparql", query_string={"query": query})
            assert response.status_code == 200 and response.get_json()["results"]["bindings"] == []
        assert server.hits == []


def test_service_is_refused_and_fetches_nothing(endpoint) -> None:
    with recording_server() as server:
        for query in (
            f"SELECT * WHERE {{ SERVICE <{server.url}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <{server.url}/sparql> {{ ?s ?p ?o }} }}",
            f"PREFIX here: <{server.url}/> SELECT * WHERE {{ SERVICE here:sparql {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ BIND(<{server.url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        ):
            response = endpoint.post("/sparql", data={"query": query})
            assert response.status_code == 403 and "SERVICE" in response.get_data(as_text=True)
        assert server.hits == []


def test_service_allow_list(settings, built) -> None:
    with recording_server() as server:
        allowed = f"{server.url}/sparql"
        with endpoint_app(settings, SPARQL_WORKERS=1, SPARQL_SERVICE_ALLOW=[allowed]) as app:
            client = app.test_client()
            other = client.get("/sparql", query_string={"query": f"SELECT * {{ SERVICE <{server.url}/other> {{ ?x ?p ?o }} }}"})
            assert other.status_code == 403 and server.hits == []
            response = client.get("/sparql", query_string={"query": f"SELECT ?x {{ SERVICE <{allowed}> {{ ?x ?p ?o }} }}"})
            assert response.status_code == 200
            assert response.get_json()["results"]["bindings"] == [{"x": {"type": "literal", "value": "from-service"}}]
            assert len(server.hits) == 1
            description = client.get("/sparql", headers={"Accept": "text/turtle"}).get_data(as_text=True)
            assert "sd:BasicFederatedQuery" in description


RESTRICTED_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BASE}graph/restricted> {{ ?s ?p ?o }} }}"
EMAILS = "PREFIX vcard: <http://www.w3.org/2006/vcard/ns#> SELECT ?e WHERE { ?c vcard:hasEmail ?e }"


def test_restricted_graph_is_never_visible(endpoint, settings, built) -> None:
    def rows(client, query: str) -> list:
        return client.get("/sparql", query_string={"query": query}).get_json()["results"]["bindings"]

    assert rows(endpoint, RESTRICTED_COUNT)[0]["n"]["value"] == "0" and rows(endpoint, EMAILS) == []
    full = str(settings.output_dir / FULL_DATASET)
    with endpoint_app(settings, SPARQL_WORKERS=1, DATA_FILES=[full]) as app:
        client = app.test_client()
        assert rows(client, RESTRICTED_COUNT)[0]["n"]["value"] == "0" and rows(client, EMAILS) == []
        by_name = client.get("/sparql", query_string={"query": EMAILS, "default-graph-uri": f"{BASE}graph/restricted"})
        assert by_name.get_json()["results"]["bindings"] == []
    with endpoint_app(settings, SPARQL_WORKERS=1, DATA_FILES=[full], INCLUDE_RESTRICTED=True) as app:
        assert int(rows(app.test_client(), RESTRICTED_COUNT)[0]["n"]["value"]) > 0
