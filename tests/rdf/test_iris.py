"""rdf/iris.py: the one IRI -> local path rule, the same for pages, result tables, the validation report and networks."""

from __future__ import annotations

import json

import pytest

from dpgraph.rdf.iris import href, local_path
from dpgraph.web.sparql.htmlresults import from_json

DEFAULT = "https://w3id.org/coe-digital-partnership/"
OTHER = "https://data.example.org/dp/"


@pytest.mark.parametrize(
    ("iri", "base", "path"),
    [
        (f"{DEFAULT}org/apple", DEFAULT, "/org/apple"),
        (f"{OTHER}org/apple", OTHER, "/org/apple"),
        # the vocabulary is served here whatever the base: the earlier copies disagreed on this
        (f"{DEFAULT}ontology#Partner", OTHER, "/ontology#Partner"),
        (f"{DEFAULT}scheme/topics", OTHER, "/scheme/topics"),
        (f"{DEFAULT}doc/001#L12-L15", DEFAULT, "/doc/001#L12-L15"),
        ("http://www.w3.org/ns/org#Organization", DEFAULT, None),
        (f"{DEFAULT}org/a\\b", DEFAULT, None),  # not a harmless path
    ],
)
def test_local_path(iri: str, base: str, path: str | None) -> None:
    assert local_path(iri, base) == path


def test_href_falls_back_to_the_iri_only_when_it_is_harmless() -> None:
    assert href("http://www.w3.org/ns/org#Organization", DEFAULT) == "http://www.w3.org/ns/org#Organization"
    assert href("javascript:alert(1)", DEFAULT) is None


def test_a_result_table_links_a_vocabulary_term_here_under_another_base() -> None:
    term = {"type": "uri", "value": f"{DEFAULT}ontology#Partner"}
    body = json.dumps({"head": {"vars": ["c"]}, "results": {"bindings": [{"c": term}]}}).encode()
    assert from_json(body, OTHER).rows[0][0].href == "/ontology#Partner"
