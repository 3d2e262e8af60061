"""Shared fixtures: the dataset built once per test session, and the app/client/runner of Flask's tutorial."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Store
from tests.engine_support import oxigraph_engine, virtuoso_engine  # noqa: F401  (store.engines, one of each per session)

from dpgraph.builder.pipeline import BuildResult, build
from dpgraph.config import Settings, load_settings
from dpgraph.store.files import built_dataset, load_files, open_dataset
from dpgraph.web import create_app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The project's settings with the build written to a temporary folder, and a journal of
    updates there that no test writes: the project's own journal never reaches a test."""
    unwritten = tmp_path_factory.mktemp("updates") / "journal.jsonl"
    return load_settings(ROOT).with_(build_dir=tmp_path_factory.mktemp("build"), journal=unwritten)


@pytest.fixture(scope="session")
def built(settings: Settings) -> BuildResult:
    return build(settings)


@pytest.fixture(scope="session")
def store(settings: Settings, built: BuildResult) -> Store:
    """The default dataset, as the server serves it: the public data and the graphs derived from it."""
    return open_dataset(settings)


@pytest.fixture(scope="session")
def public_store(settings: Settings, built: BuildResult) -> Store:
    """The built public dataset alone (public.trig), which each public.* file holds."""
    return load_files([built_dataset(settings)])


@pytest.fixture(scope="session")
def query(store: Store) -> Callable[[str], list[dict[str, str]]]:
    """Run SPARQL over the default dataset; rows as {variable: value as text}."""
    from dpgraph.results import text_rows
    from dpgraph.store.files import query_union
    from dpgraph.store.local import solution_rows

    def run(text: str, **options: object) -> list[dict[str, str]]:
        return text_rows(solution_rows(query_union(store, text, **options)))

    return run


@pytest.fixture(scope="module")
def cache():
    """A network cache of the test module's own, so one module's networks never leak into another's."""
    from dpgraph.network.graphs import NetworkCache

    return NetworkCache()


@pytest.fixture(scope="session")
def dataset_graph(store: Store):
    """The default dataset behind the seam the app and the network views read (store.Graph)."""
    from dpgraph.store.local import LocalGraph

    return LocalGraph(store)


@pytest.fixture(scope="module")
def fgraph():
    """The hand-checked network fixture graph (tests/network_support.py), behind the seam."""
    from dpgraph.store.local import LocalGraph
    from network_support import fixture_store

    return LocalGraph(fixture_store())


@pytest.fixture()
def app(settings: Settings, built: BuildResult):
    return create_app({"TESTING": True, "SETTINGS": settings})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def shared_app(settings: Settings, built: BuildResult):
    """One app for the read-only page and endpoint tests: its start-up (catalogue, ontology
    documentation, query worker pool) runs once for the session."""
    from dpgraph.web.sparql.runtime import stop

    application = create_app({"TESTING": True, "SETTINGS": settings})
    yield application
    stop(application)


@pytest.fixture()
def published(shared_app):
    return shared_app.test_client()


@pytest.fixture()
def endpoint(shared_app):
    return shared_app.test_client()


# The browser tests drive Debian's chromium through Playwright (its own browser download does
# not work here); the background-networking flags keep it off the closed network.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def server(shared_app):
    """The shared app served on a free port of 127.0.0.1, for the browser tests."""
    import threading

    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, shared_app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
