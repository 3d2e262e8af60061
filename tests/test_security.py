"""What the server promises when it is put on the internet, each promise tried the way an attacker would.

This module holds the attacks on the endpoint's engine and lists, below, where the others are;
each test runs the real thing (a `dpgraph serve` process, the real workers, parser, validator,
browser), and each was seen failing without its fix.

Here, against a real `dpgraph serve` on 127.0.0.1:
- SERVICE and LOAD reach no host, in any disguise the grammar allows (tests/security_corpus.py:
  escaped IRIs, prefixes, BASE, sub-queries, EXISTS, comments, case, updates), because the
  request is analysed by a parser, and because the workers cannot open a socket even when a
  request gets past that analysis (a worker allowed the network connects: the control);
- a query nested deep enough to overflow a parser is refused before any parser reads it;
- a full pool answers 503 at once instead of holding a request thread, one client cannot hold
  every worker (429), and the pages and canned queries answer while runaway queries run;
- workers die with the app, whether it is stopped (SIGTERM) or killed (SIGKILL), and the
  snapshot folders a killed app leaves are removed at the next start;
- a crashing worker is replaced, but not faster than the respawn budget allows.

Elsewhere:
- personal data: no e-mail address of the restricted graph on any page of the sitemap (HTML,
  JSON, CSV), in search, dumps, validation reports or any file of `dpgraph export-site`
  (test_privacy_site.py, test_privacy.py); the restricted graph invisible through /sparql
  (test_sparql_limits.py::test_restricted_graph_is_never_visible) and unwritable by updates
  (test_sparql_update.py::test_update_refusals);
- XSS: IRIs of any scheme but http(s) are inert text in result tables, pages, YASGUI and the
  standalone report (test_web_links.py, test_headers_browser.py); the Content-Security-Policy
  and the other security headers on every response, and no page breaks under them
  (test_serve_limits.py::test_every_response_has_the_security_headers, test_headers_browser.py);
- slow clients and big requests: 150 half-header sockets lock nobody out, idle connections are
  closed, a body over the cap is refused before it is read, a long GET gets the endpoint's 414
  (test_serve_limits.py); runaway queries and updates are stopped at the limit
  (test_sparql_limits.py, test_sparql_update.py);
- the Host header is never reflected into absolute URLs (test_serve_limits.py,
  test_sparql_protocol.py); FROM and FROM NAMED fetch nothing (test_sparql_limits.py);
- hostile RDF: billion laughs in any case, encoding or place of the DOCTYPE, refused quickly in
  little memory by `dpgraph validate` and `dpgraph serve --data`; JSON-LD contexts never fetched
  (test_rdf_input.py);
- bad input loses nothing: curated files and sources that are not UTF-8 are one line naming
  file, line and byte (test_input_encoding.py); a crash in the middle of the build swap is
  recovered (test_build.py); builds are byte-for-byte reproducible (test_reproducible.py);
- updates: checked by the real SHACL validator (422 and nothing changed when it says no),
  journalled before they are applied, 10 writers x 10 updates all kept across a restart, a
  corrupt or torn journal reported with its file and line (test_sparql_update.py,
  test_update_server.py, test_journal.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from tests.endpoint_support import BIN, ROOT, children, connection_counter, free_port, query_when_up, serve
from tests.security_corpus import corpus

from dpgraph.rdf.terms import PREFIXES
from dpgraph.store.embedded import FOLDER_PREFIX, Engine, clean_stale_folders
from dpgraph.store.worker import QueryJob
from dpgraph.web.sparql.querycheck import reach, refusal

TOKEN = "s3cret-for-tests"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = "application/sparql-results+json"


class Server:
    def __init__(self, settings, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        data = str(settings.output_dir / "public.trig")
        command = [str(BIN / "dpgraph"), "serve", "--port", str(self.port), "--data", data]
        self.process = serve(command, env)
        query_when_up(self.port, self.process)
        self.workers = children(self.process.pid)

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None, timeout: float = 30
    ) -> tuple[int, dict[str, str], bytes]:
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.url + path, data=body, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def _folders(pid: int) -> set[Path]:
    """The snapshot folders of the app with this process id (tests elsewhere may run engines of their own)."""
    return set(Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}{pid}-*"))


@pytest.fixture(scope="module")
def server(settings, built) -> Iterator[Server]:
    env = {
        "DPGRAPH_SPARQL_UPDATE_TOKEN": f'"{TOKEN}"',
        "DPGRAPH_SPARQL_TIMEOUT": "3",
        "DPGRAPH_PROXY_HOPS": "1",
    }
    running = Server(settings, **env)
    yield running
    running.stop()


def as_client(address: str, accept: str = JSON) -> dict[str, str]:
    return {"X-Forwarded-For": address, "Accept": accept}


# --- SERVICE and LOAD -------------------------------------------------------------------


def test_the_checker_refuses_every_form_of_the_corpus() -> None:
    for kind, text in corpus("http://127.0.0.1:9"):
        found = refusal(reach(text, PREFIXES, kind, "https://w3id.org/coe-digital-partnership/"), frozenset())
        assert found is not None, text


def test_no_form_of_service_or_load_makes_the_server_connect_anywhere(server) -> None:
    with connection_counter() as listener:
        for kind, text in corpus(listener.url):
            if kind == "query":
                client = as_client("10.9.0.1", "*/*")
                status, _, body = server.request("/sparql?" + urlencode({"query": text}), headers=client)
                assert status in (400, 403), (text, body)
                status, _, body = server.request("/sparql", {"query": text}, client)
            else:
                status, _, body = server.request("/sparql", {"update": text}, {"Authorization": f"Bearer {TOKEN}"})
            assert status in (400, 403), (text, body)
        time.sleep(0.5)
        assert listener.accepted == 0


def test_a_query_past_the_checker_still_reaches_nothing(built, store) -> None:
    """The sandbox alone: the job goes straight to a worker, and a worker allowed the network shows the listener works."""
    for allow_network, expected in ((False, 0), (True, 1)):
        engine = Engine(store, {"sparql": 1}, timeout=10, queue_seconds=60, allow_network=allow_network)
        engine.start()
        try:
            with connection_counter() as listener:
                job = QueryJob(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}", JSON, "text/turtle", 10)
                outcome = engine.run(job)
                time.sleep(0.3)
                assert outcome.kind == "error" and listener.accepted == expected, outcome
                if not allow_network:
                    assert "Permission denied" in outcome.error
        finally:
            engine.close()


# --- parser stack, pool and clients ------------------------------------------------------------


def test_deep_nesting_is_refused_and_no_worker_crashes(server) -> None:
    before = set(children(server.process.pid))
    for text in ("SELECT * { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }", "SELECT * " + "{" * 20000 + "}" * 20000):
        status, _, body = server.request("/sparql", {"query": text}, as_client("10.9.0.2"))
        assert status == 400 and b"at most 256" in body
    assert set(children(server.process.pid)) == before


def _in_background(server: Server, client: str, query: str = RUNAWAY) -> threading.Thread:
    def send() -> None:
        with contextlib.suppress(OSError):  # the app may be stopped under it: that is the test
            server.request("/sparql", {"query": query}, as_client(client))

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def test_one_client_cannot_hold_every_worker_and_a_full_pool_answers_at_once(server) -> None:
    runaways = [_in_background(server, "10.66.0.1") for _ in range(2)]
    time.sleep(0.5)
    started = time.monotonic()
    status, headers, body = server.request("/sparql", {"query": "ASK {}"}, as_client("10.66.0.1"))
    assert status == 429 and headers["Retry-After"] == "5" and time.monotonic() - started < 0.5, body
    # both /sparql workers are busy: another client is told so within the queue time, not after the runaways
    started = time.monotonic()
    status, headers, _ = server.request("/sparql", {"query": "ASK {}"}, as_client("10.66.0.2"))
    assert status == 503 and headers["Retry-After"] == "5" and time.monotonic() - started < 2
    # the pages and the canned queries, from any URL, have workers of their own
    canned = (ROOT / "queries" / "partners.rq").read_text(encoding="utf-8")
    for path, form in (
        ("/partners", None),
        ("/queries/partners?format=json", None),
        ("/org/apple.ttl", None),
        ("/sparql", canned),
    ):
        started = time.monotonic()
        status, _, _ = server.request(path, {"query": form} if form else None, as_client("10.1.0.1", "*/*"))
        assert status == 200 and time.monotonic() - started < 1, path
    for thread in runaways:
        thread.join(10)


# --- the workers' lifetime --------------------------------------------------------------------


def _gone(pids: list[int], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:", 1)[1].split("\n", 1)[0].lower()
    except (OSError, IndexError):
        return "zombie"


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_the_app_even_in_the_middle_of_a_query(settings, built, how: signal.Signals) -> None:
    running = Server(settings, DPGRAPH_SPARQL_TIMEOUT="60")
    workers = running.workers
    assert len(_folders(running.process.pid)) == 1
    assert len(workers) == 3  # two for /sparql, one for the pages
    _in_background(running, "10.2.0.1")
    time.sleep(1)
    running.process.send_signal(how)
    running.process.wait(10)
    assert _gone(workers), "a worker outlived the app"
    left = _folders(running.process.pid)
    if how == signal.SIGTERM:
        assert running.process.returncode == 0 and not left
    else:
        assert len(left) == 1  # a killed app cannot clean up: the next start does
        after = Server(settings)
        try:
            assert not any(folder.exists() for folder in left)
        finally:
            after.stop()


def test_stale_folders_of_live_apps_are_kept(tmp_path) -> None:
    mine = tmp_path / f"{FOLDER_PREFIX}{os.getpid()}-abc"
    dead = subprocess.Popen(["true"])
    dead.wait()
    theirs = tmp_path / f"{FOLDER_PREFIX}{dead.pid}-xyz"
    mine.mkdir()
    theirs.mkdir()
    assert clean_stale_folders(tmp_path) == [theirs]
    assert mine.exists() and not theirs.exists()


def test_replacements_wait_for_the_respawn_budget(store) -> None:
    engine = Engine(store, {"sparql": 1}, timeout=0.3, queue_seconds=30, respawn_burst=2, respawn_window=3)
    engine.start()
    try:
        started = time.monotonic()
        for _ in range(3):
            with pytest.raises(Exception, match="limit"):
                engine.run(QueryJob(RUNAWAY, JSON, "text/turtle", 10))
        # the third replacement waited for the first to leave the 3 s window
        engine.run(QueryJob("ASK {}", JSON, "text/turtle", 10))
        assert time.monotonic() - started > 3
        assert engine.replaced == 3
    finally:
        engine.close()
