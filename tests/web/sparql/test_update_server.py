"""SPARQL Update end to end: a real `dpgraph serve` (waitress, worker pool, SHACL validation of the
whole graph per update, journal), ten concurrent writers, then a restart on the same journal."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from tests.endpoint_support import BIN, free_port, query_when_up, serve

TOKEN = "s3cret"
GRAPH = "https://w3id.org/coe-digital-partnership/graph/curated"
WRITERS, UPDATES = 10, 10
WRITTEN = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s <http://example.org/writer> ?w } }"
EMAIL = (
    f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <https://w3id.org/coe-digital-partnership/org/apple> "
    '<http://www.w3.org/2006/vcard/ns#hasEmail> "someone@apple.example" } }'
)


def post_update(port: int, text: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/sparql",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def written(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query={quote(WRITTEN)}", timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def writer(port: int, number: int) -> list[tuple[int, str]]:
    """This writer's updates, one after the other: each adds one quad of its own."""
    quad = '<http://example.org/w{0}/u{1}> <http://example.org/writer> "{0}"'
    return [post_update(port, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {quad.format(number, i)} }} }}") for i in range(UPDATES)]


def test_concurrent_writers_lose_nothing_and_a_restart_keeps_every_update(settings, built, tmp_path) -> None:
    env = {
        "DPGRAPH_BUILD": str(settings.output_dir),
        "DPGRAPH_JOURNAL": str(tmp_path / "journal.jsonl"),
        "DPGRAPH_SPARQL_UPDATE_TOKEN": json.dumps(TOKEN),
        "DPGRAPH_SPARQL_TIMEOUT": "60",  # an update waits for the ones before it: the limit is per job, not for the queue
    }
    port = free_port()
    process = serve([str(BIN / "dpgraph"), "serve", "--port", str(port), "--threads", str(WRITERS + 2)], env)
    try:
        query_when_up(port, process)
        assert written(port) == 0
        started = time.monotonic()
        with ThreadPoolExecutor(WRITERS) as pool:
            answers = [a for answers in pool.map(lambda n: writer(port, n), range(WRITERS)) for a in answers]
        seconds = time.monotonic() - started
        assert answers == [(200, "update applied: 1 quads added, 0 removed\n")] * (WRITERS * UPDATES)
        assert written(port) == WRITERS * UPDATES
        status, report = post_update(port, EMAIL)  # the real validator on the real server
        assert status == 422 and "[ContactOutsideRestricted]" in report
        print(f"{WRITERS * UPDATES} updates by {WRITERS} concurrent writers in {seconds:.1f} s")
    finally:
        process.terminate()
        process.wait(10)
    assert len((tmp_path / "journal.jsonl").read_bytes().splitlines()) == WRITERS * UPDATES
    port = free_port()
    process = serve([str(BIN / "dpgraph"), "serve", "--port", str(port)], env)
    try:
        query_when_up(port, process)
        assert written(port) == WRITERS * UPDATES
    finally:
        process.terminate()
        process.wait(10)
