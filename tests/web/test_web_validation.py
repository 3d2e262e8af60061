"""The /validation page and its downloads."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from pyoxigraph import RdfFormat, parse

import dpgraph.web.validation as page

SHAPES = "https://w3id.org/coe-digital-partnership/shapes#"


def test_page_counts_groups_and_links(client) -> None:
    response = client.get("/validation")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<li class="Violation"><strong>0</strong> violations</li>' in html
    assert '<li class="Warning"><strong>5</strong> warnings</li>' in html
    assert "<h2>Warnings</h2>" in html and "Partner taking part before joining" in html
    # the focus node links to its page on this site, the IRI with the base replaced by "/"
    assert '<a href="/activity/001-s5-1st-plenary-meeting-2019-11-18">1st plenary meeting</a>' in html
    assert "IEEE took part in “1st plenary meeting”" in html
    assert "graph/sources/001_a2ab4d98de539f35.txt:209" in html


def test_every_result_has_a_permalink(client) -> None:
    html = client.get("/validation").get_data(as_text=True)
    anchors = re.findall(r'<li class="result" id="(r-[0-9a-f]{12})">', html)
    assert len(anchors) == len(set(anchors)) == 5 + 54
    assert all(f'href="#{anchor}"' in html for anchor in anchors)


def test_filter_by_severity_and_by_shape(client) -> None:
    warnings = client.get("/validation?severity=Warning").get_data(as_text=True)
    assert "Showing 5 of 59 results." in warnings
    assert "<h2>Infos</h2>" not in warnings and "<h2>Warnings</h2>" in warnings
    by_shape = client.get("/validation", query_string={"shape": SHAPES + "FrenchNameToAdd"}).get_data(as_text=True)
    assert "Showing 54 of 59 results." in by_shape and "<h2>Warnings</h2>" not in by_shape
    assert client.get("/validation?severity=Fatal").status_code == 400


def test_downloads(client) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/validation/report.csv").get_data(as_text=True))))
    assert len(rows) == 59 and {r["severity"] for r in rows} == {"Warning", "Info"}
    data = json.loads(client.get("/validation/report.json").get_data(as_text=True))
    assert data["counts"] == {"Violation": 0, "Warning": 5, "Info": 54}
    turtle = client.get("/validation/report.ttl")
    assert turtle.mimetype == "text/turtle"
    assert 'filename="validation-report.ttl"' in turtle.headers["Content-Disposition"]
    triples = list(parse(turtle.get_data(), format=RdfFormat.TURTLE))
    assert sum(t.predicate.value == "http://www.w3.org/ns/shacl#result" for t in triples) == 59
    assert client.get("/validation/report.xml").status_code == 404


def test_report_is_computed_once_per_app(client, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return validate(*args, **kwargs)

    validate = page.validate_quads
    monkeypatch.setattr(page, "validate_quads", counting)
    for url in ("/validation", "/validation?severity=Info", "/validation/report.csv"):
        assert client.get(url).status_code == 200
    assert calls == [1]


def test_no_personal_data_on_the_public_page(client) -> None:
    html = client.get("/validation").get_data(as_text=True)
    assert "mailto:" not in html and "@coe.int" not in html
