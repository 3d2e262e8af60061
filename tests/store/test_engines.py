"""store/engines.py: private Oxigraph and Virtuoso instances answer queries and take Graph Store
writes, free their port when stopped, and come back with their data when restarted."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import httpx
import pytest
from tests.engine_support import auth, put_graph, running, select

from dpgraph.store.engines import EngineMissing, RunningEngine, start_oxigraph, start_virtuoso

KINDS = ["oxigraph", "virtuoso"]
STARTS = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}
TURTLE = '<urn:dpgraph:test:s> <urn:dpgraph:test:p> "one", "two", "three" .\n'


def count_in(engine: RunningEngine, graph: str) -> int:
    return int(select(engine, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"])


@pytest.fixture(params=KINDS)
def engine(request: pytest.FixtureRequest) -> RunningEngine:
    return request.getfixturevalue(f"{request.param}_engine")


def test_an_engine_answers_a_query(engine: RunningEngine) -> None:
    assert select(engine, "SELECT (1 + 1 AS ?two) WHERE {}") == [{"two": "2"}]
    assert engine.memory_bytes() > 1_000_000


def test_a_graph_put_through_the_graph_store_protocol_is_counted(engine: RunningEngine) -> None:
    graph = f"urn:dpgraph:test:{engine.kind}:put"
    assert put_graph(engine, graph, TURTLE).status_code in {200, 201, 204}
    assert count_in(engine, graph) == 3
    # A second PUT replaces the graph rather than adding to it.
    assert put_graph(engine, graph, '<urn:dpgraph:test:s> <urn:dpgraph:test:p> "only" .\n').is_success
    assert count_in(engine, graph) == 1


def test_virtuoso_takes_updates_with_its_own_password_only(virtuoso_engine: RunningEngine) -> None:
    graph = "urn:dpgraph:test:virtuoso:update"
    update = {"update": f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:dpgraph:test:s> <urn:dpgraph:test:p> "u" }} }}'}
    assert httpx.post(virtuoso_engine.update_url, data=update, auth=auth(virtuoso_engine)).is_success
    assert count_in(virtuoso_engine, graph) == 1
    # The fresh database's password was replaced: it no longer lets anyone in.
    refused = httpx.post(virtuoso_engine.update_url, data=update, auth=httpx.DigestAuth("dba", "dba"))
    assert refused.status_code == 401
    assert virtuoso_engine.password not in repr(virtuoso_engine)


@pytest.mark.parametrize("kind", KINDS)
def test_restart_keeps_the_data_and_stop_frees_the_port(kind: str, tmp_path: Path) -> None:
    with running(STARTS[kind], tmp_path / kind) as engine:
        graph = "urn:dpgraph:test:restart"
        assert put_graph(engine, graph, TURTLE).is_success
        pid = engine.process.pid
        engine.restart()
        assert engine.process.pid != pid
        assert count_in(engine, graph) == 3
        engine.stop()
        assert engine.process.poll() is not None
        with pytest.raises(httpx.ConnectError):
            httpx.get(engine.query_url, params={"query": "ASK {}"})
        port = int(engine.query_url.split(":")[2].split("/")[0])
        with socket.socket() as sock:
            # As a server binds: connections of the test itself may still be in TIME_WAIT on the port.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))


def test_the_commands_are_the_documented_ones(oxigraph_engine: RunningEngine, virtuoso_engine: RunningEngine) -> None:
    assert oxigraph_engine.command[1:3] == ["serve", "--location"]
    assert virtuoso_engine.command[1:] == ["+foreground", "+configfile", str(virtuoso_engine.folder / "virtuoso.ini")]
    ini = (virtuoso_engine.folder / "virtuoso.ini").read_text()
    assert "ResultSetMaxRows           = 100000" in ini
    assert "{" not in ini  # every placeholder filled in


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_binary_is_an_error_that_says_what_to_run(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    with pytest.raises(EngineMissing, match="make setup"):
        STARTS[kind](tmp_path / "engine")
