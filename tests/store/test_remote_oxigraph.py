"""The real path on a real Oxigraph server: `dpgraph publish` pushes the build, a front on the
engine answers every canned query and the pages exactly as the embedded store does, refuses
updates, and says 503 while the engine is down, then recovers by itself."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from tests.engine_support import running

from dpgraph.builder.pipeline import BuildResult
from dpgraph.canned import load_queries
from dpgraph.config import Settings
from dpgraph.store.engines import RunningEngine, start_oxigraph
from dpgraph.web import create_app

# /validation is left out: its rows that tie keep the validator's order, which varies from run to run.
PAGES = [
    "/",
    "/partners",
    "/partners.json",
    "/bodies",
    "/activities.csv",
    "/org/apple.html",
    "/org/apple.ttl",
    "/network.json",
    "/dataset.ttl",
    "/.well-known/void",
    "/search?q=micro",
    "/queries/partners",
    "/queries/partners.csv",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    with running(start_oxigraph, tmp_path_factory.mktemp("published")) as found:
        yield found


@pytest.fixture(scope="module")
def published(engine: RunningEngine, settings: Settings, built: BuildResult) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "dpgraph"), "publish", "--engine", engine.query_url]
    env = {"DPGRAPH_BUILD": str(settings.output_dir), "DPGRAPH_JOURNAL": str(settings.journal_file), "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=settings.root, check=False)


@pytest.fixture(scope="module")
def fronts(settings: Settings, engine: RunningEngine, published) -> tuple[Flask, Flask]:
    return create_app({"SETTINGS": settings}), create_app({"SETTINGS": settings, "ENGINE_URL": engine.query_url})


def test_publish_reports_what_the_engine_holds(published) -> None:
    assert published.returncode == 0, published.stderr
    assert "published in" in published.stdout and "graph/curated" in published.stdout
    assert "graph/restricted" not in published.stdout + published.stderr


def test_every_canned_query_answers_the_same(fronts: tuple[Flask, Flask], settings: Settings) -> None:
    embedded, remote = (app.test_client() for app in fronts)
    for name, query in load_queries(settings.queries_dir).items():
        for fmt in ("json", "csv"):
            mine, theirs = (c.post("/sparql", data={"query": query.text, "format": fmt}) for c in (embedded, remote))
            assert (theirs.status_code, theirs.data) == (mine.status_code, mine.data), f"{name} as {fmt}"


def test_pages_are_the_same(fronts: tuple[Flask, Flask]) -> None:
    embedded, remote = (app.test_client() for app in fronts)
    for path in PAGES:
        mine, theirs = embedded.get(path), remote.get(path)
        strip = lambda body: __import__("re").sub(rb'nonce="[^"]*"', b"", body)  # noqa: E731 - a CSP nonce is per response
        assert (theirs.status_code, strip(theirs.data)) == (mine.status_code, strip(mine.data)), path


def test_updates_are_refused_with_a_reason(fronts: tuple[Flask, Flask]) -> None:
    answer = fronts[1].test_client().post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert answer.status_code == 403 and b"dpgraph publish" in answer.data


def test_engine_functions_never_reach_the_engine(fronts: tuple[Flask, Flask]) -> None:
    answer = fronts[1].test_client().post("/sparql", data={"query": 'SELECT (<bif:file_to_string>("/etc/passwd") AS ?x) {}'})
    assert answer.status_code == 403


def test_a_down_engine_is_a_503_and_the_front_recovers(settings: Settings, engine: RunningEngine, published) -> None:
    app = create_app({"SETTINGS": settings, "ENGINE_URL": engine.query_url, "ENGINE_KIND": "oxigraph"})
    client = app.test_client()
    query = {"query": "ASK { ?s ?p ?o }", "format": "json"}
    assert client.post("/sparql", data=query).status_code == 200
    engine.stop()
    try:
        down = client.post("/sparql", data=query)
        assert down.status_code == 503 and b"cannot be reached" in down.data
    finally:
        engine.restart()
    assert client.post("/sparql", data=query).status_code == 200
