"""/sparql by the SPARQL 1.1 Protocol: the three ways to send a query, the dataset, each media type, each error."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from dpgraph.web.publicurl import DEFAULT_PUBLIC_URL

BASE = "https://w3id.org/coe-digital-partnership/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PARTNERS = "PREFIX org: <http://www.w3.org/ns/org#> SELECT DISTINCT ?p WHERE { ?m org:member ?p } ORDER BY ?p"
GRAPH_COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
APPLE = f"<{BASE}org/apple>"


def count(response) -> int:
    return int(response.get_json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_agree(endpoint) -> None:
    by_get = endpoint.get("/sparql", query_string={"query": PARTNERS})
    by_form = endpoint.post("/sparql", data={"query": PARTNERS})
    by_body = endpoint.post("/sparql", data=PARTNERS, content_type="application/sparql-query")
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.data == by_form.data == by_body.data
    assert len(by_get.get_json()["results"]["bindings"]) > 20


def test_default_graph_is_the_union_of_the_named_graphs(endpoint, store) -> None:
    assert count(endpoint.get("/sparql", query_string={"query": COUNT})) == len(store)


def test_protocol_dataset_overrides_from(endpoint) -> None:
    curated, ontology = f"{BASE}graph/curated", f"{BASE}graph/ontology"
    sizes = {
        row["g"]["value"]: int(row["n"]["value"])
        for row in endpoint.get("/sparql", query_string={"query": GRAPH_COUNT}).get_json()["results"]["bindings"]
    }
    one = endpoint.get("/sparql", query_string={"query": COUNT, "default-graph-uri": curated})
    assert count(one) == sizes[curated]
    both = endpoint.get(
        "/sparql", query_string=[("query", COUNT), ("default-graph-uri", curated), ("default-graph-uri", ontology)]
    )
    assert count(both) == sizes[curated] + sizes[ontology]
    from_query = f"SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}"
    assert count(endpoint.get("/sparql", query_string={"query": from_query})) == sizes[ontology]
    overridden = endpoint.get("/sparql", query_string={"query": from_query, "default-graph-uri": curated})
    assert count(overridden) == sizes[curated]


def test_named_graph_uri_limits_graph_patterns(endpoint) -> None:
    curated = f"{BASE}graph/curated"
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = endpoint.post("/sparql", data={"query": query, "named-graph-uri": curated})
    assert [b["g"]["value"] for b in response.get_json()["results"]["bindings"]] == [curated]
    # with only named-graph-uri given, the default graph is empty, as the protocol says
    assert count(endpoint.post("/sparql", data={"query": COUNT, "named-graph-uri": curated})) == 0
    # FROM NAMED picks named graphs when the request does not
    from_named = f"SELECT DISTINCT ?g FROM NAMED <{curated}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert len(endpoint.get("/sparql", query_string={"query": from_named}).get_json()["results"]["bindings"]) == 1


@pytest.mark.parametrize(
    ("accept", "media", "reader"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", QueryResultsFormat.JSON),
        ("application/json", "application/json", QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", QueryResultsFormat.XML),
        ("text/tab-separated-values", "text/tab-separated-values", QueryResultsFormat.TSV),
    ],
)
def test_select_media_types(endpoint, accept: str, media: str, reader: QueryResultsFormat) -> None:
    response = endpoint.get("/sparql", query_string={"query": PARTNERS}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == media
    assert len(list(parse_query_results(response.data, reader))) > 20


def test_select_csv(endpoint) -> None:
    response = endpoint.get("/sparql", query_string={"query": PARTNERS}, headers={"Accept": "text/csv"})
    assert response.content_type == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["p"] and f"{BASE}org/apple" in [r[0] for r in rows]


@pytest.mark.parametrize(
    "media",
    [
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
        "application/trig",
        "application/n-quads",
    ],
)
def test_construct_media_types(endpoint, media: str) -> None:
    query = f"CONSTRUCT WHERE {{ {APPLE} ?p ?o }}"
    response = endpoint.get("/sparql", query_string={"query": query}, headers={"Accept": media})
    assert response.status_code == 200 and response.mimetype == media
    triples = list(parse(response.data, RdfFormat.from_media_type(media)))
    assert len(triples) > 5 and all(t.subject.value == f"{BASE}org/apple" for t in triples)


def test_describe_and_ask(endpoint) -> None:
    describe = endpoint.get("/sparql", query_string={"query": f"DESCRIBE {APPLE}"}, headers={"Accept": "text/turtle"})
    assert describe.status_code == 200 and b"Apple" in describe.data
    ask = endpoint.get("/sparql", query_string={"query": f"ASK {{ {APPLE} ?p ?o }}"})
    assert ask.get_json() == {"head": {}, "boolean": True}
    ask_xml = endpoint.get("/sparql", query_string={"query": "ASK { ?s ?p 'no such value' }", "format": "xml"})
    assert ask_xml.mimetype == "application/sparql-results+xml" and b"<boolean>false</boolean>" in ask_xml.data


@pytest.mark.parametrize(
    ("query", "fmt", "media"),
    [
        (PARTNERS, "csv", "text/csv"),
        (PARTNERS, "tsv", "text/tab-separated-values"),
        (PARTNERS, "xml", "application/sparql-results+xml"),
        (PARTNERS, "application/sparql-results+json", "application/sparql-results+json"),
        (f"CONSTRUCT WHERE {{ {APPLE} ?p ?o }}", "json", "application/ld+json"),
        (f"CONSTRUCT WHERE {{ {APPLE} ?p ?o }}", "nt", "application/n-triples"),
        (f"CONSTRUCT WHERE {{ {APPLE} ?p ?o }}", "xml", "application/rdf+xml"),
    ],
)
def test_format_parameter_overrides_accept(endpoint, query: str, fmt: str, media: str) -> None:
    response = endpoint.get("/sparql", query_string={"query": query, "format": fmt}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == media


def test_format_in_a_form_post(endpoint) -> None:
    assert endpoint.post("/sparql", data={"query": PARTNERS, "format": "tsv"}).mimetype == "text/tab-separated-values"


def test_browser_gets_an_html_table_with_local_links(endpoint) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = endpoint.get("/sparql", query_string={"query": PARTNERS}, headers={"Accept": accept})
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<a href="/org/apple">' in page and "<table" in page
    graph = endpoint.get("/sparql", query_string={"query": f"CONSTRUCT WHERE {{ {APPLE} ?p ?o }}"}, headers={"Accept": accept})
    assert '<a href="/org/apple">' in graph.get_data(as_text=True)


def test_unacceptable_types_are_406(endpoint) -> None:
    assert endpoint.get("/sparql", query_string={"query": PARTNERS}, headers={"Accept": "image/png"}).status_code == 406
    construct = f"CONSTRUCT WHERE {{ {APPLE} ?p ?o }}"
    assert endpoint.get("/sparql", query_string={"query": construct, "format": "csv"}).status_code == 406
    assert endpoint.get("/sparql", query_string={"query": PARTNERS, "format": "bogus"}).status_code == 406


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("SELECT * WHERE { ?s ?p }", "line 1, column 24"),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }", "line 3, column 15"),
    ],
)
def test_malformed_query_is_400_with_position(endpoint, query: str, where: str) -> None:
    response = endpoint.get("/sparql", query_string={"query": query})
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert "syntax error" in response.get_data(as_text=True) and where in response.get_data(as_text=True)


def test_an_update_sent_as_a_query_is_400(endpoint) -> None:
    response = endpoint.post(
        "/sparql", data="INSERT DATA { <http://a> <http://b> <http://c> }", content_type="application/sparql-query"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("get", {"query_string": [("query", COUNT), ("query", COUNT)]}, 400),
        ("post", {"data": {"query": [COUNT, COUNT]}}, 400),
        ("post", {"data": {"query": COUNT}, "query_string": {"query": COUNT}}, 400),
        ("post", {"data": COUNT, "content_type": "application/sparql-query", "query_string": {"query": COUNT}}, 400),
        ("post", {"data": {"query": COUNT, "update": "CLEAR ALL"}}, 400),
        ("post", {"data": {"other": "x"}}, 400),
        ("post", {"data": {"query": ""}}, 400),
        ("get", {"query_string": {"update": "CLEAR ALL"}}, 400),
        ("get", {"query_string": {"query": COUNT, "using-graph-uri": "http://g"}}, 400),
        ("get", {"query_string": {"query": COUNT, "default-graph-uri": "not an IRI"}}, 400),
        ("post", {"data": {"query": COUNT, "named-graph-uri": "http://a b"}}, 400),
        ("post", {"data": COUNT.encode(), "content_type": "text/plain"}, 415),
        ("post", {"data": COUNT.encode()}, 415),
        ("post", {"data": COUNT.encode("utf-16"), "content_type": "application/sparql-query; charset=utf-16"}, 415),
        ("post", {"data": b"SELECT * { ?s ?p '\xff\xfe' }", "content_type": "application/sparql-query"}, 400),
        (
            "post",
            {"data": b"query=SELECT%20%2A%20%7B%3Fs%20%3Fp%20%22%FF%22%7D", "content_type": "application/x-www-form-urlencoded"},
            400,
        ),
        ("put", {"data": COUNT}, 405),
        ("delete", {}, 405),
        ("patch", {}, 405),
    ],
)
def test_protocol_errors(endpoint, method: str, kwargs: dict, status: int) -> None:
    response = getattr(endpoint, method)("/sparql", **kwargs)
    assert response.status_code == status
    assert b"Traceback" not in response.data


def test_oversized_requests_are_refused(shared_app) -> None:
    client = shared_app.test_client()
    limit = shared_app.config.get("SPARQL_MAX_REQUEST_BYTES", 1 << 20)
    padding = "#" + "x" * limit + "\n"
    assert client.post("/sparql", data=padding + COUNT, content_type="application/sparql-query").status_code == 413
    assert client.post("/sparql", data={"query": padding + COUNT}).status_code == 413
    assert client.get("/sparql?query=" + quote(padding + COUNT)).status_code == 414


def test_service_description(endpoint) -> None:
    response = endpoint.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    quads = list(parse(response.data, RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    values = {(q.predicate.value, q.object.value) for q in quads}
    assert (f"{sd}endpoint", f"{DEFAULT_PUBLIC_URL}sparql") in values
    assert (f"{sd}feature", f"{sd}UnionDefaultGraph") in values
    assert (f"{sd}resultFormat", "http://www.w3.org/ns/formats/SPARQL_Results_CSV") in values
    assert (f"{sd}name", f"{BASE}graph/curated") in values
    assert (f"{sd}name", f"{BASE}graph/restricted") not in values
    assert (f"{sd}supportedLanguage", f"{sd}SPARQL11Update") not in values
    selects = [q for q in quads if q.predicate.value == "http://www.w3.org/ns/shacl#select"]
    assert len(selects) >= 10 and any("co-participation" in q.subject.value for q in selects)
    as_jsonld = endpoint.get("/sparql", headers={"Accept": "application/ld+json"})
    assert as_jsonld.mimetype == "application/ld+json" and json.loads(as_jsonld.data)


def test_service_description_names_the_public_url_whatever_the_host_header(endpoint) -> None:
    response = endpoint.get("/sparql", base_url="https://evil.example:8443", headers={"Accept": "text/turtle"})
    assert f"<{DEFAULT_PUBLIC_URL}sparql> a sd:Service".encode() in response.data and b"evil.example" not in response.data


def test_relative_iris_resolve_against_the_base_iri(endpoint) -> None:
    query = "CONSTRUCT { <s> <p> 1 } WHERE {}"
    response = endpoint.get("/sparql", query_string={"query": query}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.data == f'<{BASE}s> <{BASE}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'.encode()
    select = endpoint.get("/sparql", query_string={"query": "SELECT * { <org/apple> a ?type }"})
    assert select.status_code == 200 and select.get_json()["results"]["bindings"]
    based = endpoint.get("/sparql", query_string={"query": "BASE <http://example.org/> SELECT (<x> AS ?x) {}"})
    assert based.get_json()["results"]["bindings"][0]["x"]["value"] == "http://example.org/x"


def test_browser_without_query_gets_the_query_ui(endpoint) -> None:
    response = endpoint.get("/sparql", headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    assert b"vendor/yasgui/yasgui.min.js" in response.data and b'data-query="co-participation"' in response.data


def test_cors(endpoint) -> None:
    response = endpoint.get("/sparql", query_string={"query": COUNT}, headers={"Origin": "https://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = endpoint.options(
        "/sparql", headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    error = endpoint.get("/sparql", query_string={"query": "SELECT"})
    assert error.status_code == 400 and error.headers["Access-Control-Allow-Origin"] == "*"


def test_head_is_answered_like_get(endpoint) -> None:
    response = endpoint.head("/sparql", query_string={"query": PARTNERS})
    assert response.status_code == 200 and response.mimetype == "application/sparql-results+json" and response.data == b""


def test_a_malformed_query_is_400_whatever_the_accept(endpoint) -> None:
    response = endpoint.get("/sparql", query_string={"query": "SELEKT * {}"}, headers={"Accept": "text/turtle"})
    assert response.status_code == 400
