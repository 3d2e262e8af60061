"""The dpgraph command as a user runs it."""

import json

from dpgraph.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_build_prints_counts_and_resolution(settings, capsys, tmp_path):
    status, out, _ = run(capsys, "build", "--output", str(tmp_path / "out"))
    assert status == 0
    assert "ontology#Activity" in out and "every name in every cell resolved" in out
    assert (tmp_path / "out" / "public.trig").exists()


def test_query_by_canned_name_as_csv(built, settings, capsys, monkeypatch):
    monkeypatch.setenv("DPGRAPH_BUILD", str(settings.output_dir))
    status, out, _ = run(capsys, "query", "partners", "--format", "csv")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "partner,name,kind,joined,left"
    assert len(lines) == 1 + 29


def test_query_text_as_json(built, settings, capsys, monkeypatch):
    monkeypatch.setenv("DPGRAPH_BUILD", str(settings.output_dir))
    status, out, _ = run(capsys, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?a a dp:Activity }", "--format", "json")
    assert status == 0
    assert json.loads(out)["results"]["bindings"][0]["n"]["value"] == "91"


def test_malformed_query_is_one_clear_line(built, settings, capsys, monkeypatch):
    monkeypatch.setenv("DPGRAPH_BUILD", str(settings.output_dir))
    status, _, err = run(capsys, "query", "SELECT * WHERE { ?s ?p }")
    assert status == 2
    assert err.startswith("dpgraph query: query: SPARQL syntax error") and "Traceback" not in err


def test_query_without_a_build_says_what_to_do(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DPGRAPH_BUILD", str(tmp_path / "nothing"))
    status, _, err = run(capsys, "query", "partners")
    assert status == 2 and "run `dpgraph build` first" in err


def test_stats_counts_classes_and_properties(built, settings, capsys, monkeypatch):
    monkeypatch.setenv("DPGRAPH_BUILD", str(settings.output_dir))
    status, out, _ = run(capsys, "stats", "--format", "csv")
    assert status == 0
    assert "https://w3id.org/coe-digital-partnership/ontology#Activity,91" in out
    assert "https://w3id.org/coe-digital-partnership/ontology#participant," in out
    # The built data only, not the network measurements served beside it.
    assert "ontology/network#NodeMeasurement" not in out


def test_a_query_file_that_is_not_utf8_is_one_clear_line(capsys, tmp_path):
    path = tmp_path / "latin1.rq"
    path.write_bytes("SELECT * WHERE { ?s ?p 'caf\xe9' }".encode("latin-1"))
    status, _, err = run(capsys, "query", str(path))
    assert status == 2
    assert err == f"dpgraph query: {path}:1: not UTF-8 text: byte 0xE9 at byte column 28\n"


def test_a_misspelt_canned_query_name_is_not_run_as_sparql(built, settings, capsys, monkeypatch):
    monkeypatch.setenv("DPGRAPH_BUILD", str(settings.output_dir))
    status, _, err = run(capsys, "query", "partnrs")
    assert status == 2
    assert err.strip() == "dpgraph query: there is no canned query named 'partnrs': did you mean partners?"
    assert "VERSION" not in err
