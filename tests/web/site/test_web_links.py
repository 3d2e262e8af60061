"""IRIs become links only when following them can only fetch a page (dpgraph.rdf.links): a query result or
the data may hold `javascript:`, `data:` or `vbscript:` IRIs, and those are shown as text everywhere."""

from __future__ import annotations

import re

import pytest

from dpgraph.rdf.iris import local_path
from dpgraph.rdf.links import safe_href
from dpgraph.web import create_app

BASE = "https://w3id.org/coe-digital-partnership/"
# IRIs a SPARQL engine accepts whose href would run script, open a document made by the IRI, or leave the site.
HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(2)",
    "JAVASCRIPT:alert(3)",
    "vbscript:msgbox(4)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==",
    "data:text/html,%3Cscript%3Ealert(6)%3C/script%3E",
]
OFF_SITE = BASE + "/evil.example/x"  # its local path, //evil.example/x, is another host
HREF = re.compile(r'href="([^"]*)"')


def hrefs(html: str) -> list[str]:
    return HREF.findall(html)


@pytest.mark.parametrize(
    "href",
    [
        *HOSTILE,
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:x",
        "javascript\x00:x",
        "&#106;avascript:x",
        "//evil.example/x",
        "/\\evil.example/x",
        "http:/x",
        "https:x",
        "http://a b",
        "",
    ],
)
def test_what_is_no_harmless_link(href: str) -> None:
    assert safe_href(href) is None


@pytest.mark.parametrize(
    "href", ["/", "/org/apple", "/doc/001#L3-L4", "#L2", "https://example.org/é?a=1&b=2", "HTTP://EXAMPLE.ORG"]
)
def test_what_is(href: str) -> None:
    assert safe_href(href) == href


def test_a_local_path_that_is_another_host_is_none() -> None:
    assert local_path(OFF_SITE, BASE) is None and local_path(BASE + "org/apple", BASE) == "/org/apple"


def test_iris_of_any_scheme_in_a_select_result_are_inert_text(endpoint) -> None:
    binds = " ".join(f'(IRI("{iri}") AS ?x{n})' for n, iri in enumerate([*HOSTILE, OFF_SITE, "&#106;avascript:alert(1)"]))
    response = endpoint.get("/sparql", query_string={"query": f"SELECT {binds} {{}}"}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    table = html[html.index("<table") : html.index("</table>")]
    # Every hostile IRI is text; the one whose local path would be another host links to itself, and the
    # entity-escaped one is a relative IRI, resolved against the base: a local page, its & escaped.
    assert table.count("</td>") == len(HOSTILE) + 2 and all(iri in table for iri in HOSTILE)
    assert hrefs(table) == [OFF_SITE, "/&amp;#106;avascript:alert(1)"]


def test_iris_of_any_scheme_in_a_construct_result_are_inert_text(endpoint) -> None:
    subjects = " ".join(f"<{iri}> <{BASE}p> ?o ." for iri in [*HOSTILE[:5], OFF_SITE])
    query = f"CONSTRUCT {{ {subjects} <{BASE}org/x> <{BASE}p> <javascript:alert(9)> }} WHERE {{ BIND(1 AS ?o) }}"
    html = endpoint.get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"}).get_data(as_text=True)
    table = html[html.index("<table") : html.index("</table>")]
    assert table.count("<tr>") == 1 + 7 and "javascript:alert(9)" in table and "vbscript:msgbox(4)" in table
    assert set(hrefs(table)) == {"/p", "/org/x", OFF_SITE}


@pytest.fixture(scope="module")
def hostile_site(settings, built, tmp_path_factory):
    """An app serving a dataset whose resource points at hostile IRIs (as an object and as a property)."""
    data = tmp_path_factory.mktemp("hostile") / "hostile.trig"
    objects = ", ".join(f"<{iri}>" for iri in [*HOSTILE, OFF_SITE])
    data.write_text(
        f"""<{BASE}graph/curated> {{
  <{BASE}org/evil> a <http://www.w3.org/ns/org#Organization> ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "Evil"@en ;
    <http://www.w3.org/2000/01/rdf-schema#seeAlso> {objects} ;
    <javascript:alert(7)> "a property with a hostile IRI" .
}}
<javascript:alert(8)> {{ <{BASE}org/evil> <{BASE}ontology#note> "in a graph with a hostile name" }}
""",
        encoding="utf-8",
    )
    return create_app({"TESTING": True, "SETTINGS": settings, "DATA_FILES": [str(data)]}).test_client()


@pytest.mark.parametrize("path", ["/org/evil.html", "/dataset.html"])
def test_pages_link_no_hostile_iri(hostile_site, path: str) -> None:
    response = hostile_site.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert [h for h in hrefs(html) if not h.startswith(("/", "#", "http://", "https://")) or h.startswith("//")] == []


def test_the_resource_page_shows_the_hostile_iris_as_text(hostile_site) -> None:
    html = hostile_site.get("/org/evil.html").get_data(as_text=True)
    statements = html[html.index('id="section-statements"') :]
    for text in (
        "javascript:alert(1)",
        "JavaScript:alert(2)",
        "vbscript:msgbox(4)",
        "javascript:alert(7)",
        "javascript:alert(8)",
    ):
        assert text in statements


def test_the_standalone_validation_report_links_only_harmless_focus_nodes() -> None:
    from dpgraph.validation.formats import render_html
    from dpgraph.validation.report import ValidationReport, ValidationResult

    def result(focus: str) -> ValidationResult:
        return ValidationResult("Warning", f"{BASE}shapes#S", "S", "sh:MinCount", focus, None, None, None, {"en": "m"})

    html = render_html(ValidationReport([result(iri) for iri in [*HOSTILE, f"{BASE}org/apple"]], ""))
    assert f'href="{BASE}org/apple"' in html
    assert [h for h in hrefs(html) if not h.startswith(("#", "https://"))] == []
    assert all(iri in html for iri in HOSTILE[:4])
