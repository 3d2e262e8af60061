"""The real path on each real engine (Oxigraph server, Virtuoso): `dpgraph publish` pushes the
build, a front on the engine answers every canned query and the pages exactly as the embedded store does, refuses
updates, and says 503 while the engine is down, then recovers by itself."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from tests.engine_support import put_graph, running, select

from dpgraph.builder.pipeline import BuildResult
from dpgraph.canned import load_queries
from dpgraph.config import Settings
from dpgraph.store.engines import RunningEngine, start_oxigraph, start_virtuoso
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


STARTS = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}


@pytest.fixture(scope="module", params=sorted(STARTS))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    with running(STARTS[request.param], tmp_path_factory.mktemp(f"published-{request.param}")) as found:
        yield found


def credentials(engine: RunningEngine) -> dict[str, str]:
    """What `dpgraph publish` reads from the environment to write to the engine."""
    if engine.user is None:
        return {}
    return {"DPGRAPH_ENGINE_USER": engine.user, "DPGRAPH_ENGINE_PASSWORD": str(engine.password)}


@pytest.fixture(scope="module")
def published(engine: RunningEngine, settings: Settings, built: BuildResult) -> subprocess.CompletedProcess[str]:
    return _publish(engine, settings, env=credentials(engine))


@pytest.fixture(scope="module")
def fronts(settings: Settings, engine: RunningEngine, published) -> tuple[Flask, Flask]:
    return create_app({"SETTINGS": settings}), create_app({"SETTINGS": settings, "ENGINE_URL": engine.query_url})


def test_publish_reports_what_the_engine_holds(published) -> None:
    assert published.returncode == 0, published.stderr
    assert "published in" in published.stdout and "graph/curated" in published.stdout
    assert "graph/restricted" not in published.stdout + published.stderr
    # Onto an engine that served nothing: loaded in bulk, the release graph last.
    assert "serves no release yet: loading in bulk" in published.stderr


def test_a_first_publish_over_leftovers_replaces_them(
    engine: RunningEngine, settings: Settings, built: BuildResult, tmp_path: Path
) -> None:
    """A graph of the release already on the engine (a first publish that failed midway, or data
    put there by hand) is not loaded onto in bulk, which would add to it: the release replaces it."""
    start = STARTS[engine.kind]
    with running(start, tmp_path / "leftovers") as fresh:
        curated = f"{settings.base_iri}graph/curated"
        assert put_graph(fresh, curated, "<urn:dpgraph:test:left> <urn:dpgraph:test:over> 1 .").is_success
        done = _publish(fresh, settings, env=credentials(fresh))
        assert done.returncode == 0, done.stderr
        assert "loading in bulk" not in done.stderr
        assert select(fresh, f"SELECT ?o WHERE {{ GRAPH <{curated}> {{ <urn:dpgraph:test:left> ?p ?o }} }}") == []


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
    app = create_app({"SETTINGS": settings, "ENGINE_URL": engine.query_url, "ENGINE_KIND": engine.kind})
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


def _publish(
    engine: RunningEngine, settings: Settings, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "dpgraph"), "publish", "--engine", engine.query_url, *extra]
    base = {"DPGRAPH_BUILD": str(settings.output_dir), "DPGRAPH_JOURNAL": str(settings.journal_file), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=base | (env or {}), cwd=settings.root, check=False
    )


def _release_of(engine: RunningEngine, settings: Settings) -> str:
    graph = f"{settings.base_iri}graph/release"
    rows = select(engine, f"SELECT ?id WHERE {{ GRAPH <{graph}> {{ ?r <http://purl.org/dc/terms/identifier> ?id }} }}")
    return rows[0]["id"]


def test_readers_see_the_old_release_or_the_new_never_a_mix(
    engine: RunningEngine, settings: Settings, published, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if engine.kind == "virtuoso":
        # Seen once in many runs (2026-12-03): a reader counted 1,003 statements of a graph that a
        # MOVE was switching from 3 to 2,404 (docs/deploy.md, "Atomic for readers"). Still run, so a
        # fix shows as XPASS; not yet understood, so not a failure of every run.
        request.applymarker(pytest.mark.xfail(reason="Virtuoso 7.2 MOVE seen half done by a reader once", strict=False))
    # A second release: the curated graph cut to three statements, the others as built.
    curated = f"{settings.base_iri}graph/curated"
    small = tmp_path / "small.trig"
    small.write_text(f"<{curated}> {{ <urn:a> <urn:b> 1 , 2 , 3 . }}\n")
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{curated}> {{ ?s ?p ?o }} }}"
    before = int(select(engine, query)[0]["n"])
    seen: set[int] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.add(int(select(engine, query)[0]["n"]))

    readers = [threading.Thread(target=read) for _ in range(20)]
    for reader in readers:
        reader.start()
    try:
        for data in (small, None, small, None):
            files = ["--data", str(small)] if data else []
            done = _publish(engine, settings, *files, env=credentials(engine))
            assert done.returncode == 0, done.stderr
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert seen == {before, 3}


def test_a_public_front_on_a_staff_release_shows_nothing_restricted(engine: RunningEngine, settings: Settings, published) -> None:
    # The union graph of a release with the restricted graph holds personal data: a public front
    # must list the graphs it serves instead of naming it.
    staff = _publish(engine, settings, "--include-restricted", env=credentials(engine))
    assert staff.returncode == 0, staff.stderr
    try:
        count = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "format": "json"}
        addresses = {"query": "SELECT ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), '@')) }", "format": "json"}

        def answer(config: dict, query: dict) -> list[dict]:
            client = create_app({"SETTINGS": settings, **config}).test_client()
            return client.post("/sparql", data=query).get_json()["results"]["bindings"]

        remote = {"ENGINE_URL": engine.query_url, "ENGINE_KIND": engine.kind}
        assert answer(remote, count) == answer({}, count)
        assert answer(remote, addresses) == answer({}, addresses)
        staff_front = remote | {"INCLUDE_RESTRICTED": True}
        assert int(answer(staff_front, count)[0]["n"]["value"]) > int(answer(remote, count)[0]["n"]["value"])
        assert len(answer(staff_front, addresses)) > len(answer(remote, addresses))
    finally:
        assert _publish(engine, settings, env=credentials(engine)).returncode == 0


def test_a_failed_publish_leaves_the_release_served(engine: RunningEngine, settings: Settings, published) -> None:
    served = _release_of(engine, settings)
    if engine.user:  # an engine that takes writes only with credentials
        refused = _publish(engine, settings, env={"DPGRAPH_ENGINE_USER": engine.user, "DPGRAPH_ENGINE_PASSWORD": "wrong"})
        assert refused.returncode == 3 and "refused the credentials" in refused.stderr, refused.stderr
        assert "wrong" not in refused.stdout + refused.stderr
        assert _release_of(engine, settings) == served
    engine.stop()
    try:
        down = _publish(engine, settings, env=credentials(engine))
        assert down.returncode == 3 and "cannot be reached" in down.stderr, down.stderr
    finally:
        engine.restart()
    assert _release_of(engine, settings) == served
