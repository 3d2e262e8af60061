"""Dereferencing: 303 See Other from identifiers by content negotiation, format URLs, hash IRIs,
the ontology at its namespace IRI, and helpful 404s (never a 500)."""

from __future__ import annotations

import re

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from dpgraph.config import ONTOLOGY_NS
from dpgraph.rdf.terms import ORG, OWL, RDF, SKOS
from dpgraph.web import create_app

BASE = "https://w3id.org/coe-digital-partnership/"
APPLE = NamedNode(BASE + "org/apple")
ACTIVITY = "activity/001-s5-1st-plenary-meeting-2019-11-18"
CHROME_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDF_FORMATS = {
    "ttl": ("text/turtle", RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", RdfFormat.JSON_LD),
    "nt": ("application/n-triples", RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", RdfFormat.RDF_XML),
}


def triples(data: bytes, fmt: RdfFormat) -> set[Triple]:
    return {quad.triple for quad in parse(data, format=fmt)}


@pytest.mark.parametrize(
    ("accept", "extension"),
    [
        ("text/html", "html"),
        (CHROME_ACCEPT, "html"),
        (None, "html"),
        ("*/*", "html"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "rdf"),
        ("application/json", "json"),
        ("text/csv", "csv"),
        ("text/turtle;q=0.5, application/rdf+xml", "rdf"),
        ("application/rdf+xml;q=0.9, text/turtle, */*;q=0.1", "ttl"),
    ],
)
def test_identifier_redirects_to_the_document_the_client_prefers(published, accept, extension):
    response = published.get("/org/apple", headers={"Accept": accept} if accept else {})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/org/apple.{extension}"
    assert "Accept" in response.headers["Vary"]


def test_no_acceptable_representation_is_406_listing_the_alternatives(published):
    response = published.get("/org/apple", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert 'href="/org/apple.ttl"' in response.get_data(as_text=True)


@pytest.mark.parametrize("extension", list(RDF_FORMATS))
def test_each_rdf_format_url_works_without_headers(published, extension):
    media_type, fmt = RDF_FORMATS[extension]
    response = published.get(f"/org/apple.{extension}")
    assert response.status_code == 200
    assert response.mimetype == media_type
    found = triples(response.data, fmt)
    assert Triple(APPLE, SKOS.prefLabel, Literal("Apple", language="en")) in found
    # Links in: the membership that names Apple as its member.
    assert Triple(NamedNode(BASE + "membership/apple"), ORG.member, APPLE) in found


def test_rdf_formats_hold_the_same_triples(published):
    sizes = {ext: len(triples(published.get(f"/org/apple.{ext}").data, fmt)) for ext, (_, fmt) in RDF_FORMATS.items()}
    assert len(set(sizes.values())) == 1, sizes


def test_json_ld_uses_the_published_context(published):
    document = published.get("/org/apple.jsonld").get_json()
    context = published.get("/context.jsonld").get_json()
    assert document["@context"] == context["@context"]
    assert context["@context"]["dpr"] == BASE
    assert any(node.get("@id") == "dpr:org/apple" for node in document["@graph"])


def test_page_data_as_json_and_csv(published):
    data = published.get("/org/apple.json").get_json()
    assert data["iri"] == APPLE.value
    assert data["labels"]["en"] == "Apple"
    assert {t["name"] for t in data["tables"]} >= {"membership", "activities"}
    csv = published.get("/org/apple.csv").get_data(as_text=True)
    assert csv.splitlines()[0] == "direction,subject,property,property_label,value,value_label,graphs"
    assert f"out,{APPLE.value},{SKOS.prefLabel.value},preferred name,Apple,Apple,{BASE}graph/curated" in csv.splitlines()


def test_hash_iris_are_described_on_their_parents_page(published):
    page = published.get(f"/{ACTIVITY}.html").get_data(as_text=True)
    assert 'id="date"' in page
    assert 'id="participant-microsoft"' in page
    turtle = published.get(f"/{ACTIVITY}.ttl").data
    date = NamedNode(f"{BASE}{ACTIVITY}#date")
    assert any(t.subject == date for t in triples(turtle, RdfFormat.TURTLE))


def test_excerpt_iris_land_on_their_lines(published):
    apple = published.get("/org/apple.html").get_data(as_text=True)
    assert 'href="/doc/001#L82-L84"' in apple
    document = published.get("/doc/001.html").get_data(as_text=True)
    assert 'id="L82-L84"' in document
    assert 'id="L82"' in document


def test_pages_link_locally(published):
    """The base IRI is mapped onto the server's root: no link leaves for the public domain."""
    for path in ("/org/apple.html", f"/{ACTIVITY}.html", "/doc/001.html", "/partners", "/ontology.html", "/dataset.html", "/"):
        page = published.get(path).get_data(as_text=True)
        assert f'href="{BASE}' not in page, path


def test_ontology_is_served_at_its_namespace_iri(published):
    assert published.get("/ontology", headers={"Accept": CHROME_ACCEPT}).headers["Location"] == "/ontology.html"
    assert published.get("/ontology", headers={"Accept": "text/turtle"}).headers["Location"] == "/ontology.ttl"
    assert published.get("/ontology/1.1.0", headers={"Accept": "text/turtle"}).headers["Location"] == "/ontology.ttl"
    documents = {ext: triples(published.get(f"/ontology.{ext}").data, fmt) for ext, (_, fmt) in RDF_FORMATS.items()}
    organisation = Triple(NamedNode(ONTOLOGY_NS + "Organisation"), RDF.type, OWL.Class)
    assert all(organisation in found for found in documents.values())
    assert len({len(found) for found in documents.values()}) == 1


def test_every_term_iri_lands_on_its_anchor_in_the_pylode_documentation(published, settings):
    page = published.get("/ontology.html").get_data(as_text=True)
    assert "pyLODE" in page
    anchors = set(re.findall(r'id="([^"]+)"', page))
    terms = {t.subject.value for t in parse(path=str(settings.ontology_file), format=RdfFormat.TURTLE)}
    local_names = {iri[len(ONTOLOGY_NS) :] for iri in terms if iri.startswith(ONTOLOGY_NS)}
    assert len(local_names) >= 90
    assert local_names <= anchors, sorted(local_names - anchors)
    assert 'href="#ParticipantSpecification"' in page


@pytest.mark.parametrize(
    "path", ["/org/appel", "/org/apple-inc", "/nothing/here", "/org/apple.xyz", "/org/", "/doc/001/section/99"]
)
def test_unknown_iri_is_a_helpful_404(published, path):
    response = published.get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert 'action="/search"' in page
    assert 'href="/partners"' in page


def test_404_suggests_the_resource_meant(published):
    page = published.get("/org/appel").get_data(as_text=True)
    assert 'href="/org/apple"' in page


@pytest.mark.parametrize(
    "path",
    [
        "/%00",
        "/org/apple/",
        "/org//apple",
        "/.well-known/void.ttl",
        "/dumps/nope.ttl",
        "/ontology/2.0.0",
        "/dataset.json",
        "/activities.json?year=abc",
        "/activities?year=2019&kind=<script>",
        "/search?q=" + "x" * 5000,
        "/graph/restricted",
    ],
)
def test_odd_requests_never_fail_with_a_server_error(published, path):
    assert published.get(path).status_code < 500


def test_personal_data_is_never_published_even_when_the_store_holds_it(settings, built):
    """An app serving the restricted graph too (for the endpoint's authorised users) still publishes none of it."""
    client = create_app({"TESTING": True, "SETTINGS": settings, "INCLUDE_RESTRICTED": True}).test_client()
    with_contact = "activity/002-s6-multi-stakeholder-consultation-2020"
    assert client.get(f"/{with_contact}#contact").status_code == 303  # the page exists; its contact part is not shown
    for path in [f"/{with_contact}.{ext}" for ext in ("html", "ttl", "nt", "json", "csv")] + ["/dumps/digital-partnership.trig"]:
        data = client.get(path).data
        assert b"#contact" not in data, path
        assert b"mailto:" not in data, path
    assert client.get("/graph/restricted").status_code == 404


def test_another_base_iri_is_mapped_onto_the_server_root(settings, tmp_path):
    """Published under another base, `<base>org/apple` is still served at /org/apple, and the
    vocabulary (ontology, concept schemes), which keeps its own namespace, is served too."""
    from dpgraph.builder.pipeline import build

    other = settings.with_(base_iri="http://example.org/kg/", build_dir=tmp_path / "build")
    build(other)
    client = create_app({"TESTING": True, "SETTINGS": other}).test_client()
    assert client.get("/org/apple", headers={"Accept": "text/html"}).headers["Location"] == "/org/apple.html"
    page = client.get("/org/apple.html").get_data(as_text=True)
    assert "<code>http://example.org/kg/org/apple</code>" in page
    assert 'href="/cohort/2017"' in page
    assert 'href="http://example.org/kg/' not in page
    assert client.get("/cohort/2017.html").status_code == 200
    assert client.get("/ontology.html").status_code == 200
    turtle = client.get("/org/apple.ttl").data
    assert Triple(NamedNode("http://example.org/kg/org/apple"), SKOS.prefLabel, Literal("Apple", language="en")) in triples(
        turtle, RdfFormat.TURTLE
    )
    void = client.get("/.well-known/void").get_data(as_text=True)
    assert 'void:uriSpace "http://example.org/kg/"' in void


def test_every_iri_under_the_base_dereferences(published, store):
    """Each IRI the public graph uses under the base IRI: an identifier that redirects to a page,
    or a hash IRI whose parent's page has an anchor of the fragment's name."""
    iris = {
        term.value
        for quad in store.quads_for_pattern(None, None, None, None)
        for term in (quad.subject, quad.object, quad.graph_name)
        if isinstance(term, NamedNode) and term.value.startswith(BASE) and term.value != BASE
    }
    assert len(iris) > 1000
    anchors: dict[str, set[str]] = {}
    for iri in sorted(iris):
        parent, _, fragment = iri[len(BASE) :].partition("#")
        response = published.get("/" + parent, headers={"Accept": "text/html"})
        assert response.status_code == 303, iri
        if fragment:
            location = response.headers["Location"]
            if location not in anchors:
                anchors[location] = set(re.findall(r'\sid="([^"]+)"', published.get(location).get_data(as_text=True)))
            assert fragment in anchors[location], iri


def test_the_ontology_page_names_its_publisher_and_creator(published):
    """Its agents were a blank node pyLODE printed as an id (issue #16); they are named now."""
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", published.get("/ontology.html").get_data(as_text=True)))
    for role in ("Publisher", "Creator"):
        assert f"{role} Digital Partnership Knowledge Graph project" in page
    assert not re.search(r"\b(n[0-9a-f]{32}|ontology-\d+)\b", page)
