"""web/conneg.py: Accept headers as clients send them, and the type each should get."""

from __future__ import annotations

import pytest

from dpgraph.mediatypes import GRAPH_TYPES, RESULT_TYPES
from dpgraph.web.conneg import negotiate, parse_accept

RESULTS = [*RESULT_TYPES, "text/html"]
GRAPHS = [*GRAPH_TYPES, "text/html"]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
SPARQLWRAPPER_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"


@pytest.mark.parametrize(
    ("accept", "offered", "expected"),
    [
        (None, RESULTS, "application/sparql-results+json"),
        ("", RESULTS, "application/sparql-results+json"),
        ("*/*", RESULTS, "application/sparql-results+json"),
        ("*/*", GRAPHS, "text/turtle"),
        (BROWSER, RESULTS, "text/html"),
        (BROWSER, GRAPHS, "text/html"),
        (SPARQLWRAPPER_JSON, RESULTS, "application/sparql-results+json"),
        ("application/sparql-results+xml", RESULTS, "application/sparql-results+xml"),
        ("text/csv", RESULTS, "text/csv"),
        ("text/tab-separated-values", RESULTS, "text/tab-separated-values"),
        ("text/csv;q=0.5, text/tab-separated-values", RESULTS, "text/tab-separated-values"),
        ("text/csv;q=0.9, text/tab-separated-values;q=0.9", RESULTS, "text/csv"),
        ("text/*", RESULTS, "text/csv"),
        ("text/*;q=0.5, application/sparql-results+xml", RESULTS, "application/sparql-results+xml"),
        ("application/*", GRAPHS, "application/ld+json"),
        ("application/ld+json", GRAPHS, "application/ld+json"),
        ("application/n-triples", GRAPHS, "application/n-triples"),
        ("application/rdf+xml", GRAPHS, "application/rdf+xml"),
        ("application/trig", GRAPHS, "application/trig"),
        ("application/n-quads", GRAPHS, "application/n-quads"),
        ("TEXT/TURTLE", GRAPHS, "text/turtle"),
        ("text/turtle;q=0", GRAPHS, None),
        ("*/*;q=0.1, text/turtle;q=0", GRAPHS, "application/ld+json"),
        ("text/turtle;q=0.2, application/rdf+xml;q=0.8", GRAPHS, "application/rdf+xml"),
        ("text/turtle;charset=utf-8", GRAPHS, "text/turtle"),
        ("text/csv", GRAPHS, None),
        ("image/png", RESULTS, None),
        ("text/turtle;q=bogus", GRAPHS, None),
        ("nonsense, text/csv", RESULTS, "text/csv"),
    ],
)
def test_negotiate(accept: str | None, offered: list[str], expected: str | None) -> None:
    assert negotiate(accept, offered) == expected


def test_parse_accept_orders_by_q_then_specificity_then_order() -> None:
    ranges = parse_accept("*/*;q=0.5, text/*;q=0.5, text/csv;q=0.5, application/json")
    assert [r.media_type for r in ranges] == ["application/json", "text/csv", "text/*", "*/*"]


def test_q_values_are_clamped() -> None:
    assert [r.q for r in parse_accept("a/b;q=7, c/d;q=-1")] == [1.0, 0.0]
