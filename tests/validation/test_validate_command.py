"""`dpgraph validate`: reports, formats and exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse

from dpgraph.builder.pipeline import BuildResult
from dpgraph.cli import main
from dpgraph.config import Settings

SHAPES = Path(__file__).resolve().parents[2] / "shapes"
BASE = "https://w3id.org/coe-digital-partnership/"


@pytest.fixture(autouse=True)
def use_test_build(monkeypatch: pytest.MonkeyPatch, settings: Settings, built: BuildResult) -> None:
    monkeypatch.setenv("DPGRAPH_BUILD", str(settings.output_dir))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["validate", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_built_graph_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys)
    assert status == 0
    assert out.startswith("Validation of ")
    assert "\nVIOLATIONS (0)\n" in out and "\nWARNINGS (5)\n" in out
    assert "  Partner taking part before joining [ParticipationBeforeJoining] — 5\n" in out
    assert f"    • 1st plenary meeting <{BASE}activity/001-s5-1st-plenary-meeting-2019-11-18>\n" in out
    assert f"        path: dp:participant   value: <{BASE}org/ieee>\n" in out
    assert "        source: graph/sources/001_a2ab4d98de539f35.txt:209\n" in out
    assert out.rstrip().splitlines()[-1].startswith("0 violations, 5 warnings, ")


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--strict")[0] == 1


def test_violations_fail_and_name_where_each_record_comes_from(capsys: pytest.CaptureFixture[str]) -> None:
    invalid = SHAPES / "provenance" / "invalid.ttl"
    status, out, _ = run(capsys, str(SHAPES / "support.ttl"), str(invalid))
    assert status == 1
    assert "\nVIOLATIONS (9)\n" in out and "\nWARNINGS (1)\n" in out
    # a record citing an excerpt points at the document's lines as well as at the file it is in
    where = invalid.relative_to(Path.cwd()) if invalid.is_relative_to(Path.cwd()) else invalid
    assert f"        source: graph/sources/test-workplan.txt:10-12, {where}\n" in out
    unsourced = out[out.index("• Unsourced Ltd <urn:test:provenance:invalid:no-source>") :]
    assert next(line for line in unsourced.splitlines() if "source:" in line) == f"        source: {where}"


def test_json_lists_every_result(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["conforms"] is True
    assert data["counts"]["Warning"] == 5 == sum(r["severity"] == "Warning" for r in data["results"])
    assert {"focus", "focus_label", "path", "value", "message", "messages", "sources", "shape"} <= set(data["results"][0])


def test_turtle_is_a_shacl_report(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "turtle")
    triples = list(parse(out.encode(), format=RdfFormat.TURTLE))
    reports = [t for t in triples if t.object.value == "http://www.w3.org/ns/shacl#ValidationReport"]
    assert len(reports) == 1


def test_html_is_a_page_with_a_permalink_per_result(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "html")
    assert out.startswith("<!doctype html>")
    assert out.count('class="result"') == out.count('class="permalink"') > 50
    assert '<a href="https://w3id.org/coe-digital-partnership/org/' not in out  # focus nodes, not values, are linked
    assert '<a href="https://w3id.org/coe-digital-partnership/activity/001-s5-1st-plenary-meeting-2019-11-18">' in out


def test_rdfs_inference_adds_triples_before_checking(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "json", "--inference", "rdfs")
    data = json.loads(out)
    assert status == 0 and data["inference"] == "rdfs" and data["inferred"] > 1000


def test_unreadable_data_is_one_line_with_file_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n", encoding="utf-8")
    status, out, err = run(capsys, str(bad))
    assert status == 2 and out == ""
    assert err.startswith(f"dpgraph validate: {bad}:2: cannot be parsed:") and err.count("\n") == 1


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, str(tmp_path / "none.ttl"))
    assert status == 2 and err == f"dpgraph validate: {tmp_path / 'none.ttl'}: no such file\n"


def test_shapes_that_are_not_shacl(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        '@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> a sh:NodeShape ; sh:targetClass <urn:c> ; sh:minCount "x" .\n',
        encoding="utf-8",
    )
    status, _, err = run(capsys, "--shapes", str(shapes), str(SHAPES / "support.ttl"))
    assert status == 2
    assert err.startswith(f"dpgraph validate: {shapes}: not valid SHACL: Focus Node: <urn:s>") and err.count("\n") == 1


def test_shape_with_bad_sparql_names_the_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        '<urn:s> a sh:NodeShape ; sh:targetClass <urn:c> ; sh:sparql [ sh:select "SELECT $this WHERE { oops" ] .\n',
        encoding="utf-8",
    )
    status, _, err = run(capsys, "--shapes", str(shapes), str(SHAPES / "support.ttl"))
    assert status == 2
    assert err.startswith(f"dpgraph validate: {shapes}: shape urn:s: SPARQL syntax error: ")


def test_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--format", "xml"])
    assert exit_.value.code == 2
