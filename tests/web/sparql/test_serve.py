"""`dpgraph serve` (waitress) and `flask --app server run` serve the endpoint over real HTTP on 127.0.0.1."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.endpoint_support import BIN, children, free_port, query_when_up, serve

from dpgraph.cli import main


@pytest.mark.parametrize("data", ["public.trig", "public.ttl"])
def test_dpgraph_serve_with_data(settings, public_store, data: str) -> None:
    port = free_port()
    process = serve([str(BIN / "dpgraph"), "serve", "--port", str(port), "--data", str(settings.output_dir / data)], {})
    try:
        result = query_when_up(port, process)
        served = int(result["results"]["bindings"][0]["n"]["value"])
        assert served == len(public_store) if data.endswith(".trig") else 0 < served <= len(public_store)
        workers = children(process.pid)
        assert len(workers) == 3  # two for /sparql, one for the pages' canned queries
    finally:
        process.terminate()
        process.wait(10)
    assert process.returncode == 0  # SIGTERM unwinds: the pool is stopped, not orphaned
    time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_flask_run_serves_the_built_dataset(settings, built, store) -> None:
    port = free_port()
    command = [str(BIN / "flask"), "--app", "server", "run", "--port", str(port)]
    process = serve(command, {"DPGRAPH_BUILD": str(settings.output_dir), "DPGRAPH_JOURNAL": str(settings.journal_file)})
    try:
        assert int(query_when_up(port, process)["results"]["bindings"][0]["n"]["value"]) == len(store)
    finally:
        process.terminate()
        process.wait(10)


def test_serve_refuses_unsafe_data_before_listening(tmp_path, capsys) -> None:
    bad = tmp_path / "laughs.rdf"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "a">]><r/>', encoding="utf-8")
    assert main(["serve", "--port", str(free_port()), "--data", str(bad)]) == 2
    assert "DOCTYPE" in capsys.readouterr().err


def test_sparqlwrapper_clients(settings, built) -> None:
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

    port = free_port()
    process = serve([str(BIN / "dpgraph"), "serve", "--port", str(port), "--data", str(settings.output_dir / "public.trig")], {})
    try:
        query_when_up(port, process)
        client = SPARQLWrapper(f"http://127.0.0.1:{port}/sparql")
        client.setQuery("PREFIX org: <http://www.w3.org/ns/org#> SELECT DISTINCT ?p WHERE { ?m org:member ?p }")
        client.setReturnFormat(JSON)
        assert len(client.queryAndConvert()["results"]["bindings"]) > 20
        client.setMethod(POST)
        client.setReturnFormat(CSV)
        assert client.queryAndConvert().decode().startswith("p\r\n")
        client.setQuery("CONSTRUCT WHERE { <https://w3id.org/coe-digital-partnership/org/apple> ?p ?o }")
        client.setReturnFormat(TURTLE)
        assert b"Apple" in client.queryAndConvert()
    finally:
        process.terminate()
        process.wait(10)
