"""Validation of the built graph and of people's own files (dpgraph.validation.validate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from dpgraph.builder.pipeline import BuildResult
from dpgraph.config import Settings
from dpgraph.errors import InputError
from dpgraph.store.files import built_dataset, load_files
from dpgraph.validation.report import ValidationReport
from dpgraph.validation.validate import validate_built, validate_files, validate_quads

DP = "https://w3id.org/coe-digital-partnership/ontology#"
BASE = "https://w3id.org/coe-digital-partnership/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# The partners the workplans list in activities that ended before their exchange of
# letters (docs/validation.md explains each): partner -> activities (IRI paths).
TOOK_PART_BEFORE_JOINING = {
    "org/euroispa": {
        "activity/001-s5-1st-meeting-of-the-committee-of-experts-on-2018-03-06",
        "activity/002-s5-1st-meeting-of-the-committee-of-experts-on-2018-03-06",
    },
    "org/ieee": {"activity/001-s5-1st-plenary-meeting-2019-11-18"},
    "org/lego-group": {
        "activity/001-s5-bilateral-meetings-2021-01",
        "activity/001-s5-multi-stakeholder-consultation-meeting-2021-09-14",
    },
}


@pytest.fixture(scope="module")
def report(settings: Settings, built: BuildResult) -> ValidationReport:
    return validate_built(settings)


def test_built_graph_has_no_violation(report: ValidationReport) -> None:
    assert report.counts["Violation"] == 0, [r.message for r in report.results if r.severity == "Violation"]
    assert report.conforms_without_violation


def test_every_warning_of_the_built_graph_is_a_known_case(report: ValidationReport) -> None:
    warnings = {(r.shape_name, r.value, r.focus) for r in report.results if r.severity == "Warning"}
    expected = {
        ("Partner taking part before joining", BASE + partner, BASE + activity)
        for partner, activities in TOOK_PART_BEFORE_JOINING.items()
        for activity in activities
    }
    assert warnings == expected


def test_warning_names_partner_dates_and_source_line(report: ValidationReport) -> None:
    ieee = next(r for r in report.results if r.value == BASE + "org/ieee")
    assert ieee.message == (
        "IEEE took part in “1st plenary meeting”, which ended on 2019-11-20, before IEEE joined the partnership on 2020-02-06."
    )
    assert ieee.messages["fr"].startswith("IEEE a participé à « 1st plenary meeting »")
    assert ieee.path == "dp:participant"
    assert [str(s) for s in ieee.sources] == ["graph/sources/001_a2ab4d98de539f35.txt:209"]


def test_report_counts_and_summary(report: ValidationReport) -> None:
    counts = report.counts
    assert set(counts) == {"Violation", "Warning", "Info"}
    assert sum(counts.values()) == len(report.results)
    assert report.summary().startswith(f"0 violations, {counts['Warning']} warnings, {counts['Info']} infos")
    assert report.triples > 9000


def test_report_is_rdf(report: ValidationReport) -> None:
    from pyoxigraph import RdfFormat, parse

    triples = list(parse(report.turtle.encode(), format=RdfFormat.TURTLE))
    results = [t for t in triples if t.predicate.value == "http://www.w3.org/ns/shacl#result"]
    assert len(results) == len(report.results)


def test_own_file_is_validated_with_the_ontology(settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "new.ttl"
    data.write_text(
        f"""@prefix dp: <{DP}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <urn:test:new> a dp:Company ; skos:prefLabel "New company"@en ; <https://schema.org/addressCountry> "France" .
        """,
        encoding="utf-8",
    )
    report = validate_files([data], settings)
    found = {(r.focus, r.shape_name, r.severity) for r in report.results}
    # dp:Company is a dp:Organisation only through the ontology's rdfs:subClassOf.
    assert ("urn:test:new", "Country code", "Violation") in found
    assert ("urn:test:new", "Record without a source", "Warning") in found
    country = next(r for r in report.results if r.shape_name == "Country code")
    assert country.value == '"France"'
    assert [str(s) for s in country.sources] == [str(data)]


def test_validate_quads_before_an_update(settings: Settings, built: BuildResult) -> None:
    activity = NamedNode(BASE + "activity/001-s5-1st-plenary-meeting-2019-11-18")
    row = NamedNode(DP + "rowNumber")
    quads = [q for q in load_files([built_dataset(settings, restricted=True)]) if (q.subject, q.predicate) != (activity, row)]
    quads.append(Quad(activity, row, Literal("0", datatype=NamedNode(XSD + "integer")), NamedNode(BASE + "graph/doc-001")))
    report = validate_quads(quads, settings)
    assert not report.conforms_without_violation
    (bad,) = [r for r in report.results if r.severity == "Violation"]
    assert (bad.focus, bad.shape_name, bad.value) == (activity.value, "Number", '"0"^^xsd:integer')


def test_unreadable_data_file_names_file_and_line(settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "broken.ttl"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> \n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate_files([data], settings)
    assert str(caught.value).startswith(f"{data}:")


def test_sources_are_listed_once_per_range_of_lines() -> None:
    from dpgraph.validation.report import Source, _distinct

    a, b = "graph/sources/001.txt", "graph/sources/002.txt"
    given = {
        Source(a, 126, 128, "doc/001"),
        Source(a, 126, 128, "doc/001-c2"),
        Source(a, 126, 126),
        Source(b, 86, 88),
        Source(a, 130, 130),
    }
    assert [str(s) for s in _distinct(given)] == [f"{a}:126-128", f"{a}:130", f"{b}:86-88"]
