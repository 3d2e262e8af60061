"""Private engine instances for the tests (store.engines): one Oxigraph server and one Virtuoso per
session, shared by every test that asks for them, and helpers to reach them.

A missing engine binary fails the tests that need it (EngineMissing): `make setup` installs both.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from dpgraph.store.engines import RunningEngine, start_oxigraph, start_virtuoso

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@contextmanager
def running(start: Callable[..., RunningEngine], folder: Path, **options: object) -> Iterator[RunningEngine]:
    """An engine that is stopped, and its folder removed, whatever the test did: a Virtuoso database
    is tens of megabytes, and pytest keeps the temporary folders of the last runs."""
    engine = start(folder, **options)
    try:
        yield engine
    finally:
        engine.stop()
        shutil.rmtree(folder, ignore_errors=True)


def auth(engine: RunningEngine) -> httpx.DigestAuth | None:
    return httpx.DigestAuth(engine.user, engine.password) if engine.user and engine.password else None


def select(engine: RunningEngine, text: str) -> list[dict[str, str]]:
    """Rows of a SELECT as {variable: value}, asked for as SPARQL JSON results."""
    response = httpx.get(engine.query_url, params={"query": text}, headers={"Accept": "application/sparql-results+json"})
    response.raise_for_status()
    return [{name: cell["value"] for name, cell in row.items()} for row in response.json()["results"]["bindings"]]


def put_graph(engine: RunningEngine, graph: str, turtle: str) -> httpx.Response:
    """Replace one named graph through the Graph Store Protocol."""
    return httpx.put(
        engine.store_url,
        params={"graph": graph},
        content=turtle.encode(),
        headers={"Content-Type": "text/turtle"},
        auth=auth(engine),
    )


@pytest.fixture(scope="session")
def oxigraph_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    with running(start_oxigraph, tmp_path_factory.mktemp("oxigraph")) as engine:
        yield engine


@pytest.fixture(scope="session")
def virtuoso_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    with running(start_virtuoso, tmp_path_factory.mktemp("virtuoso")) as engine:
        yield engine
