"""`dpgraph query NAME --param NAME=VALUE`, through the real command on the built graph: the web form's
names and checks (dpgraph.canned), one clear line and exit status 2 for anything wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DPGRAPH = Path(sys.executable).parent / "dpgraph"
INSTRUMENT = "https://w3id.org/coe-digital-partnership/instrument/convention-108"


@pytest.fixture(scope="module")
def dpgraph(settings, built):
    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DPGRAPH_BUILD": str(settings.output_dir)}
        return subprocess.run([str(DPGRAPH), *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    return run


def rows(result: subprocess.CompletedProcess[str]) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["results"]["bindings"]


def test_a_year_is_bound_as_the_web_form_binds_it(dpgraph, endpoint) -> None:
    every = rows(dpgraph("query", "most-active-partners", "--format", "json"))
    in_2019 = rows(dpgraph("query", "most-active-partners", "--param", "year=2019", "--format", "json"))
    assert 0 < sum(int(r["activities"]["value"]) for r in in_2019) < sum(int(r["activities"]["value"]) for r in every)
    web = endpoint.get("/queries/most-active-partners.json?year=2019").get_json()["results"]["bindings"]
    assert in_2019 == web


@pytest.mark.parametrize("value", [INSTRUMENT, f"<{INSTRUMENT}>"])
def test_an_iri_parameter_with_or_without_angle_brackets(dpgraph, value: str) -> None:
    every = rows(dpgraph("query", "activities-by-instrument", "--format", "json"))
    chosen = rows(dpgraph("query", "activities-by-instrument", "--param", f"instrument={value}", "--format", "json"))
    assert chosen == [r for r in every if r["instrument"]["value"] == INSTRUMENT] and 0 < len(chosen) < len(every)


def one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    return result.stderr.strip()


def test_an_unknown_name_names_the_closest_and_the_allowed_ones(dpgraph) -> None:
    said = one_clear_line(dpgraph("query", "most-active-partners", "--param", "yaer=2019"))
    assert said.startswith("dpgraph query: ") and "no parameter 'yaer'" in said
    assert "did you mean 'year'?" in said and "its parameters: year" in said
    far = one_clear_line(dpgraph("query", "activities-by-instrument", "--param", "colour=red"))
    assert "no parameter 'colour'" in far and "did you mean" not in far and "its parameters: instrument" in far


def test_a_bad_value_is_refused_with_the_web_forms_words(dpgraph, endpoint) -> None:
    said = one_clear_line(dpgraph("query", "most-active-partners", "--param", "year=20x9"))
    web = endpoint.get("/queries/most-active-partners?format=csv&year=20x9")
    assert web.status_code == 400
    assert said.endswith(web.get_data(as_text=True).strip()) and "must be a year such as 2021, got '20x9'" in said
    injection = one_clear_line(dpgraph("query", "activities-by-instrument", "--param", "instrument=<http://x> } ?s ?p ?o {"))
    assert "must be an http(s) IRI" in injection


def test_a_query_without_parameters_takes_none(dpgraph) -> None:
    said = one_clear_line(dpgraph("query", "partners", "--param", "year=2019"))
    assert "'partners' has no parameters" in said


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--param", "year=2019"], "binds a canned query's parameters"),
        (["most-active-partners", "--param", "year"], "must read NAME=VALUE"),
        (["most-active-partners", "--param", "=2019"], "must read NAME=VALUE"),
        (["most-active-partners", "--param", "year=2019", "--param", "year=2020"], "given twice"),
    ],
)
def test_misused_param_options(dpgraph, argv: list[str], words: str) -> None:
    assert words in one_clear_line(dpgraph("query", *argv))


def test_a_query_file_with_a_header_takes_its_parameters(dpgraph, tmp_path) -> None:
    copy = tmp_path / "mine.rq"
    copy.write_text((ROOT / "queries" / "most-active-partners.rq").read_text(encoding="utf-8"), encoding="utf-8")
    assert rows(dpgraph("query", str(copy), "--param", "year=2019", "--format", "json"))
    assert "no parameter 'month'" in one_clear_line(dpgraph("query", str(copy), "--param", "month=5"))


def test_help_documents_the_option(dpgraph) -> None:
    shown = dpgraph("query", "--help")
    assert shown.returncode == 0 and "--param NAME=VALUE" in shown.stdout and "repeatable" in shown.stdout
