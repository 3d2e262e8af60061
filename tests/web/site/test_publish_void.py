"""The VoID/DCAT description parses as RDF and states the right counts; the dumps it lists are
what it says they are; the sitemap and JSON-LD context are served."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from dpgraph.rdf.terms import DCAT, DCT, RDF, VOID
from dpgraph.web.publicurl import DEFAULT_PUBLIC_URL

BASE = "https://w3id.org/coe-digital-partnership/"
DATASET = NamedNode(BASE + "dataset")
PARSERS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/trig": RdfFormat.TRIG,
    "application/n-quads": RdfFormat.N_QUADS,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
}


@pytest.fixture(scope="module")
def void(shared_app) -> Store:
    response = shared_app.test_client().get("/.well-known/void")
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    store = Store()
    store.load(response.data, format=RdfFormat.TURTLE)
    return store


def value(store: Store, subject, predicate) -> str:
    found = [q.object.value for q in store.quads_for_pattern(subject, predicate, None)]
    assert len(found) == 1, (subject, predicate, found)
    return found[0]


def number(query, text: str) -> int:
    return int(query(text)[0]["n"])


def test_describes_one_dataset_with_title_licence_dates_and_endpoint(void):
    datasets = {q.subject for q in void.quads_for_pattern(None, RDF.type, VOID.Dataset) if q.subject == DATASET}
    assert datasets == {DATASET}
    assert {q.object for q in void.quads_for_pattern(DATASET, RDF.type, None)} >= {VOID.Dataset, DCAT.Dataset}
    assert value(void, DATASET, VOID.uriSpace) == BASE
    assert value(void, DATASET, DCT.title) == "Digital Partnership Knowledge Graph"
    assert value(void, DATASET, DCT.license) == "https://creativecommons.org/licenses/by/4.0/"
    assert value(void, DATASET, VOID.sparqlEndpoint) == BASE + "sparql"
    assert value(void, DATASET, DCT.created) <= value(void, DATASET, DCT.modified)
    publisher = NamedNode(value(void, DATASET, DCT.publisher))
    assert value(void, publisher, NamedNode("http://xmlns.com/foaf/0.1/name"))
    assert len(list(void.quads_for_pattern(DATASET, DCT.source, None))) == 5
    vocabularies = {q.object.value for q in void.quads_for_pattern(DATASET, VOID.vocabulary, None)}
    assert {BASE + "ontology#", "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#"} <= vocabularies


def test_statistics_match_sparql_counts_of_the_served_graph(void, query):
    triples = number(query, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert int(value(void, DATASET, VOID.triples)) == triples
    entities = number(
        query, f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{BASE}")) }}'
    )
    assert int(value(void, DATASET, VOID.entities)) == entities
    expected = {
        row["class"]: int(row["n"])
        for row in query("SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class")
    }
    stated = {}
    for quad in void.quads_for_pattern(DATASET, VOID.classPartition, None):
        stated[value(void, quad.object, VOID["class"])] = int(value(void, quad.object, VOID.entities))
    assert stated == expected
    assert stated[BASE + "ontology#Activity"] == number(query, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dp:Activity }")
    properties = {
        value(void, q.object, VOID.property): int(value(void, q.object, VOID.triples))
        for q in void.quads_for_pattern(DATASET, VOID.propertyPartition, None)
    }
    assert properties[BASE + "ontology#participant"] == number(
        query, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { ?s dp:participant ?o } }"
    )
    assert sum(properties.values()) == triples


def test_graph_subsets_and_linksets(void, query):
    graphs = {q.object.value for q in void.quads_for_pattern(DATASET, VOID.subset, None) if isinstance(q.object, NamedNode)}
    assert BASE + "graph/doc-001" in graphs
    assert BASE + "graph/restricted" not in graphs
    doc_001 = number(query, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BASE}graph/doc-001> {{ ?s ?p ?o }} }}")
    assert int(value(void, NamedNode(BASE + "graph/doc-001"), VOID.triples)) == doc_001
    linksets = {q.subject for q in void.quads_for_pattern(None, RDF.type, VOID.Linkset)}
    coe = [s for s in linksets if value(void, s, VOID.objectsTarget) == "https://www.coe.int/"]
    assert len(coe) == 1
    see_also = number(
        query, 'SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?s rdfs:seeAlso ?o FILTER(STRSTARTS(STR(?o), "https://www.coe.int/")) }'
    )
    assert int(value(void, coe[0], VOID.triples)) == see_also


def test_every_distribution_downloads_with_its_stated_size_and_type(void, published, query):
    distributions = [q.object for q in void.quads_for_pattern(DATASET, DCAT.distribution, None)]
    dumps = {q.object.value for q in void.quads_for_pattern(DATASET, VOID.dataDump, None)}
    assert len(dumps) == 6
    assert len(distributions) == 6 + 7  # the dumps and the CSV of each index
    triples = number(query, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    for distribution in distributions:
        url = value(void, distribution, DCAT.downloadURL)
        media_type = value(void, distribution, DCAT.mediaType).rsplit("media-types/", 1)[1]
        response = published.get("/" + url[len(BASE) :])
        assert response.status_code == 200, url
        assert response.mimetype == media_type, url
        assert len(response.data) == int(value(void, distribution, DCAT.byteSize)), url
        if url in dumps:
            parsed = list(parse(response.data, format=PARSERS[media_type]))
            assert len({q.triple for q in parsed}) == triples, url
            assert not any(q.predicate.value.endswith("#contactPoint") for q in parsed), url


def test_json_ld_dump_uses_the_published_context(published):
    dump = published.get("/dumps/digital-partnership.jsonld").get_json()
    assert dump["@context"] == published.get("/context.jsonld").get_json()["@context"]
    assert any(node["@id"] == "dpr:org/apple" for node in dump["@graph"])


def test_trig_dump_keeps_the_named_graphs(published):
    graphs = {q.graph_name.value for q in parse(published.get("/dumps/digital-partnership.trig").data, format=RdfFormat.TRIG)}
    assert BASE + "graph/doc-001" in graphs
    assert BASE + "graph/restricted" not in graphs


def test_dataset_iri_dereferences_and_its_page_shows_the_description(published, query):
    assert published.get("/dataset", headers={"Accept": "text/html"}).headers["Location"] == "/dataset.html"
    assert published.get("/dataset", headers={"Accept": "text/turtle"}).headers["Location"] == "/dataset.ttl"
    turtle = published.get("/dataset.ttl").data
    assert {q.triple for q in parse(turtle, format=RdfFormat.TURTLE)}
    html = published.get("/dataset.html").get_data(as_text=True)
    triples = number(query, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert f"<th>Triples (graphs merged)</th><td>{triples:,}</td>" in html
    assert 'href="/dumps/digital-partnership.ttl"' in html
    assert "Creative Commons Attribution 4.0" in html


def test_well_known_void_negotiates_rdf_formats(published):
    response = published.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert response.mimetype == "application/ld+json"
    assert "Accept" in response.headers["Vary"]
    assert published.get("/.well-known/void", headers={"Accept": "text/html"}).mimetype == "text/turtle"


def test_sitemap_lists_every_page(published, shared_app):
    # At the public URL, whatever the Host header says.
    root = ET.fromstring(published.get("/sitemap.xml", base_url="http://evil.example/").data)
    urls = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{DEFAULT_PUBLIC_URL}org/apple.html" in urls
    assert f"{DEFAULT_PUBLIC_URL}partners" in urls
    assert len(urls) == len(set(urls))
    for url in urls[:40]:
        assert published.get(url[len(DEFAULT_PUBLIC_URL) - 1 :]).status_code == 200, url


def test_the_description_is_the_same_bytes_from_two_apps(published, settings, built):
    """Its blank nodes (class, property and linkset partitions) are numbered, not random: two servers agree."""
    from dpgraph.web import create_app

    other = create_app({"TESTING": True, "SETTINGS": settings}).test_client()
    for path in ("/dataset.ttl", "/dataset.nt"):
        ours, theirs = published.get(path), other.get(path)
        assert ours.status_code == 200 and b"_:" in ours.data and ours.data == theirs.data
