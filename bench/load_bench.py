"""The site under a realistic load while it is attacked (issue #12, "Prove it").

    .venv/bin/python bench/load_bench.py [--phases 50x60,200x30] [--quick]

Starts `dpgraph serve` on a free port of 127.0.0.1 on the built dataset (its real limits:
10 s per query, 2 workers), warms it up with one request of every kind, then starts the
attack and runs each phase, N clients for S seconds, one after the other:

- Users: each client is one person browsing over a keep-alive connection, with a think time
  between requests drawn from an exponential distribution (mean --think, 0.75 s by default;
  0 makes closed-loop hammers), picking from a weighted mix (MIX below): the home page,
  indexes, resource pages (HTML, Turtle, JSON of organisations, bodies, activities, from the
  sitemap), bare IRIs (303), canned query pages, canned queries sent to /sparql by GET and
  by POST, /network.json. Every client sends `X-Forwarded-For: 10.1.X.Y` of its own.
- Attack, during every phase: --runaways threads sending a cartesian-product query to /sparql
  again and again (the server cuts each at its time limit: a 503 is what they should get),
  and --slow-sockets connections that send half a request header, then one more byte every
  --drip seconds, reopened when the server closes them (slowloris). The attacker sends
  `X-Forwarded-For: 10.66.0.N`. These are header values only: every connection goes to
  127.0.0.1.

A user request is an error if it gets no response (connection error, or none within
--timeout) or a status other than 2xx/3xx. Latencies are those of every user request, a
time-out counted as its full wait. The RSS of the serve process and of its worker processes
is read from /proc every second.

Goals (PASS/FAIL, per phase): no errors; p99 under 1 s for each page class (PAGES: all but
the /sparql ones); and, over the run, memory flat: the RSS after the attack has stopped (and
a replacement worker had time to load) is within 10% + 50 MB of the RSS after the warm-up.

Loopback only; every loop is bounded in count and in time. Results: bench/results/load_bench.json
(--quick: load_bench-quick.json).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import select
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint_bench import Server
from load import Budget, KeepAlive, Reply, percentile

from dpgraph.canned import load_queries
from dpgraph.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

# Weights of the request classes: mostly pages, as people browse; the SPARQL share is high for
# a public site on purpose, since those are the requests that compete with the runaways.
MIX = {
    "home": 5,
    "index": 20,
    "resource-html": 25,
    "resource-data": 10,
    "redirect": 3,
    "query-page": 10,
    "sparql-get": 10,
    "sparql-post": 10,
    "network-json": 7,
}
PAGES = frozenset(MIX) - {"sparql-get", "sparql-post"}
RESOURCE_KINDS = ("org", "body", "activity")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PAGE_P99_MS = 1000.0
FLAT_RATIO, FLAT_SLACK_KB = 1.10, 50 * 1024
SETTLE_SECONDS = 10.0  # after the attack: a worker killed at its time limit is replaced and loaded again
SPARQL_ACCEPT = "application/sparql-results+json"


@dataclass(frozen=True)
class Phase:
    clients: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Phase:
        clients, seconds = text.lower().split("x")
        return cls(int(clients), float(seconds))

    @property
    def name(self) -> str:
        return f"{self.clients}x{self.seconds:g}"


@dataclass(frozen=True)
class Request:
    kind: str
    method: str
    target: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogue:
    """What users ask for: taken from the running server's sitemap and the canned queries."""

    indexes: list[str]
    resources: list[str]  # paths without extension: /org/apple
    queries: dict[str, str]  # name -> text

    def pick(self, rng: random.Random) -> Request:
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        return BUILDERS[kind](self, rng)


def _home(cat: Catalogue, rng: random.Random) -> Request:
    return Request("home", "GET", "/", headers={"Accept": "text/html"})


def _index(cat: Catalogue, rng: random.Random) -> Request:
    # Mostly the HTML page; some scripts take the tables.
    suffix = rng.choices(["", ".json", ".csv"], weights=[8, 1, 1])[0]
    return Request("index", "GET", rng.choice(cat.indexes) + suffix, headers={"Accept": "text/html"})


def _resource_html(cat: Catalogue, rng: random.Random) -> Request:
    return Request("resource-html", "GET", rng.choice(cat.resources) + ".html", headers={"Accept": "text/html"})


def _resource_data(cat: Catalogue, rng: random.Random) -> Request:
    return Request("resource-data", "GET", rng.choice(cat.resources) + rng.choice([".ttl", ".json"]))


def _redirect(cat: Catalogue, rng: random.Random) -> Request:
    return Request("redirect", "GET", rng.choice(cat.resources), headers={"Accept": "text/html"})


def _query_page(cat: Catalogue, rng: random.Random) -> Request:
    name = rng.choice(list(cat.queries))
    suffix = rng.choices(["", "?format=json"], weights=[3, 1])[0]
    return Request("query-page", "GET", f"/queries/{name}{suffix}", headers={"Accept": "text/html"})


def _sparql_get(cat: Catalogue, rng: random.Random) -> Request:
    text = rng.choice(list(cat.queries.values()))
    return Request("sparql-get", "GET", f"/sparql?query={quote(text)}", headers={"Accept": SPARQL_ACCEPT})


def _sparql_post(cat: Catalogue, rng: random.Random) -> Request:
    text = rng.choice(list(cat.queries.values()))
    if rng.random() < 0.5:
        body, content_type = urlencode({"query": text}).encode(), "application/x-www-form-urlencoded"
    else:
        body, content_type = text.encode(), "application/sparql-query"
    headers = {"Accept": SPARQL_ACCEPT, "Content-Type": content_type}
    return Request("sparql-post", "POST", "/sparql", body, headers)


def _network_json(cat: Catalogue, rng: random.Random) -> Request:
    return Request("network-json", "GET", "/network.json")


BUILDERS: dict[str, Callable[[Catalogue, random.Random], Request]] = {
    "home": _home,
    "index": _index,
    "resource-html": _resource_html,
    "resource-data": _resource_data,
    "redirect": _redirect,
    "query-page": _query_page,
    "sparql-get": _sparql_get,
    "sparql-post": _sparql_post,
    "network-json": _network_json,
}


def catalogue(host: str, port: int, timeout: float) -> Catalogue:
    connection = KeepAlive(host, port, timeout)
    try:
        sitemap = connection.fetch("/sitemap.xml").decode()
    finally:
        connection.close()
    # Absolute URLs of this server, whatever its host name: keep the path.
    paths = [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)]
    resources = [p.removesuffix(".html") for p in paths if p.count("/") >= 2 and p.split("/")[1] in RESOURCE_KINDS]
    indexes = [p for p in paths if p.count("/") == 1 and p != "/" and not p.endswith(".html")]
    queries = {name: q.text for name, q in load_queries(load_settings(ROOT).queries_dir).items()}
    if not resources or not indexes:
        raise RuntimeError("the sitemap lists no resources or no indexes")
    return Catalogue(indexes, resources, queries)


class Tally:
    """Replies per request class, shared by the client threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, Counter] = {}

    def add(self, kind: str, reply: Reply) -> None:
        status = "timeout" if reply.timed_out else str(reply.status or "no-response")
        with self._lock:
            self.latencies.setdefault(kind, []).append(reply.ms)
            self.statuses.setdefault(kind, Counter())[status] += 1

    def summary(self, wall_seconds: float, expected: frozenset[str] = frozenset()) -> dict[str, dict]:
        out = {}
        with self._lock:
            for kind in sorted(self.latencies):
                ordered = sorted(self.latencies[kind])
                statuses = self.statuses[kind]
                errors = sum(n for s, n in statuses.items() if not _fine(s) and s not in expected)
                out[kind] = {
                    "requests": len(ordered),
                    "errors": errors,
                    "timeouts": statuses["timeout"],
                    "statuses": dict(sorted(statuses.items())),
                    **{f"p{q}_ms": round(percentile(ordered, q / 100), 1) for q in (50, 90, 99)},
                    "max_ms": round(ordered[-1], 1),
                    "rps": round(len(ordered) / wall_seconds, 2),
                }
        return out


def _fine(status: str) -> bool:
    return status.isdigit() and 200 <= int(status) < 400


def forwarded_for_user(n: int) -> str:
    return f"10.1.{n // 250}.{n % 250 + 1}"


def user(n: int, cat: Catalogue, address: tuple[str, int], args: argparse.Namespace, budget: Budget, tally: Tally) -> None:
    rng = random.Random(n)  # each person the same across runs: runs compare
    connection = KeepAlive(*address, args.timeout)
    forwarded = {"X-Forwarded-For": forwarded_for_user(n)}
    try:
        # Think first, too: the clients of a phase do not all arrive in the same millisecond.
        while _think(rng, args.think, budget) and budget.take():
            request = cat.pick(rng)
            reply = connection.send(request.method, request.target, request.body, {**request.headers, **forwarded})
            tally.add(request.kind, reply)
    finally:
        connection.close()


def _think(rng: random.Random, mean: float, budget: Budget) -> bool:
    """Sleep a think time (cut at the phase's end); false when the phase is over."""
    if mean > 0:
        time.sleep(min(rng.expovariate(1 / mean), budget.remaining()))
    return budget.remaining() > 0


def run_phase(phase: Phase, first_client: int, cat: Catalogue, address: tuple[str, int], args: argparse.Namespace) -> dict:
    tally = Tally()
    started = time.perf_counter()
    budget = Budget(args.max_requests, started + phase.seconds)
    clients = [
        threading.Thread(target=user, args=(first_client + i, cat, address, args, budget, tally), daemon=True)
        for i in range(phase.clients)
    ]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(phase.seconds + args.timeout + 5)
    wall = time.perf_counter() - started
    classes = tally.summary(wall)
    total = sum(c["requests"] for c in classes.values())
    return {
        "clients": phase.clients,
        "seconds": phase.seconds,
        "wall_seconds": round(wall, 1),
        "requests": total,
        "throughput_rps": round(total / wall, 1),
        "classes": classes,
    }


def runaway(n: int, address: tuple[str, int], args: argparse.Namespace, attack: Attack, tally: Tally) -> None:
    """One attacker sending the cartesian product again and again (the server is meant to cut each)."""
    connection = KeepAlive(*address, args.timeout)
    headers = {"Accept": SPARQL_ACCEPT, "X-Forwarded-For": f"10.66.0.{n}"}
    target = f"/sparql?query={quote(RUNAWAY)}"
    try:
        while attack.on():
            tally.add("runaway", connection.send("GET", target, headers=headers))
    finally:
        connection.close()


class Attack:
    """When the attackers stop: when told, at a deadline, or after a number of rounds, whichever comes first."""

    def __init__(self, rounds: int, seconds: float):
        self.stopped = threading.Event()
        self._budget = Budget(rounds, time.perf_counter() + seconds)

    def on(self) -> bool:
        return not self.stopped.is_set() and self._budget.take()


@dataclass
class SlowStats:
    opened: int = 0
    closed_by_server: int = 0
    refused: int = 0
    bytes_sent: int = 0


def slow_sockets(address: tuple[str, int], args: argparse.Namespace, attack: Attack, stats: SlowStats) -> None:
    """Slowloris: half a request header on each socket, then a byte per socket every --drip seconds."""
    sockets: list[socket.socket | None] = [None] * args.slow_sockets
    drips: list[Iterator[int]] = [itertools.cycle(b"X-Slow: a\r\n") for _ in sockets]
    while attack.on():
        for i, sock in enumerate(sockets):
            if sock is None:
                sockets[i] = _open_slow(address, 10 + i, stats)
            elif not _drip(sock, next(drips[i]), stats):
                sock.close()
                sockets[i] = None
                stats.closed_by_server += 1
        attack.stopped.wait(args.drip)
    for sock in sockets:
        if sock is not None:
            sock.close()


def _open_slow(address: tuple[str, int], n: int, stats: SlowStats) -> socket.socket | None:
    head = f"GET / HTTP/1.1\r\nHost: {address[0]}:{address[1]}\r\nX-Forwarded-For: 10.66.0.{n}\r\n".encode()
    try:
        sock = socket.create_connection(address, timeout=2)
        sock.sendall(head)
    except OSError:
        stats.refused += 1
        return None
    stats.opened += 1
    stats.bytes_sent += len(head)
    return sock


def _drip(sock: socket.socket, byte: int, stats: SlowStats) -> bool:
    """Send one more byte; false if the server has answered or closed the connection."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if readable:
            return False
        sock.sendall(bytes([byte]))
    except OSError:
        return False
    stats.bytes_sent += 1
    return True


class Memory:
    """RSS of a process and of its descendants (the query workers), sampled every second from /proc."""

    def __init__(self, pid: int):
        self.pid = pid
        self.samples: list[dict] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._started = time.perf_counter()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _sample(self) -> None:
        while not self._stop.wait(1.0):
            self.samples.append(self.now())

    def now(self) -> dict:
        children = _descendants(self.pid)
        server_kb = _rss_kb(self.pid)
        workers_kb = sum(_rss_kb(pid) for pid in children)
        t = round(time.perf_counter() - self._started, 1)
        total = server_kb + workers_kb
        return {"t": t, "server_kb": server_kb, "workers_kb": workers_kb, "workers": len(children), "total_kb": total}


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue  # gone since listdir
            # The name field may hold spaces and parentheses: the parent's pid follows the last ')'.
            parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass  # the process ended between listing and reading: it holds no memory
    return 0


def warm_up(cat: Catalogue, address: tuple[str, int], timeout: float) -> dict[str, int]:
    """Every page kind once (caches are filled on first use), so the baseline RSS is the steady one."""
    connection = KeepAlive(*address, timeout)
    rng = random.Random(0)
    statuses: Counter = Counter()
    try:
        requests = [BUILDERS[kind](cat, rng) for kind in MIX for _ in range(3)]
        requests += [Request("index", "GET", path) for path in cat.indexes]
        requests += [Request("query-page", "GET", f"/queries/{name}") for name in cat.queries]
        for request in requests:
            statuses[str(connection.send(request.method, request.target, request.body, request.headers).status)] += 1
    finally:
        connection.close()
    return dict(statuses)


def memory_verdict(baseline: dict, end: dict, samples: list[dict]) -> dict:
    limit = baseline["total_kb"] * FLAT_RATIO + FLAT_SLACK_KB
    return {
        "baseline_kb": baseline["total_kb"],
        "peak_kb": max(s["total_kb"] for s in [baseline, *samples, end]),
        "end_kb": end["total_kb"],
        "limit_kb": round(limit),
        "flat": end["total_kb"] <= limit,
        "definition": "RSS (serve process + workers) after the attack and a settle time <= 1.10 x after warm-up + 50 MB",
    }


def phase_verdict(phase: dict) -> dict:
    classes = phase["classes"]
    errors = sum(c["errors"] for c in classes.values())
    slow = {k: c["p99_ms"] for k, c in classes.items() if k in PAGES and c["p99_ms"] >= PAGE_P99_MS}
    return {"errors": errors, "pages_p99_over_1s": slow, "pass": errors == 0 and not slow}


def run(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix="dpgraph-load-") as folder:
        # The served defaults: the real time limit and worker count are what is under test. The
        # one setting a deployment behind a reverse proxy adds: trust its X-Forwarded-For.
        server = Server("dpgraph", None, limits={"DPGRAPH_PROXY_HOPS": "1"}, log=Path(folder) / "serve.log")
        server.start(args.load_wait)
        try:
            return attack_and_measure(server, args)
        finally:
            server.stop()
            log_tail = (Path(folder) / "serve.log").read_text(errors="replace").splitlines()[-20:]
            print("\nlast lines of the server's log:\n  " + "\n  ".join(log_tail))


def attack_and_measure(server: Server, args: argparse.Namespace) -> dict:
    address = ("127.0.0.1", server.port)
    cat = catalogue(*address, args.timeout)
    memory = Memory(server.process.pid)
    settings = {**{k: str(v) for k, v in vars(args).items()}, "phases": [p.name for p in args.phases]}
    report: dict = {"settings": settings, "machine": {"cpus": os.cpu_count()}}
    report["warm_up_statuses"] = warm_up(cat, address, args.timeout)
    baseline = memory.now()
    memory.start()
    # Past the phases' own time, with room for their last requests: a bound if the main thread hangs.
    attack = Attack(args.max_requests, args.attack_lead + sum(p.seconds for p in args.phases) + 2 * args.timeout + 30)
    attack_tally, slow = Tally(), SlowStats()
    attackers = [
        threading.Thread(target=runaway, args=(n, address, args, attack, attack_tally)) for n in range(1, args.runaways + 1)
    ]
    attackers.append(threading.Thread(target=slow_sockets, args=(address, args, attack, slow)))
    attack_started = time.perf_counter()
    try:
        for thread in attackers:
            thread.start()
        attack.stopped.wait(args.attack_lead)  # the slow sockets and runaways are in place before the users come
        report["phases"] = {}
        first_client = 0
        for phase in args.phases:
            print(f"phase {phase.name}: {phase.clients} clients for {phase.seconds:g} s ...", flush=True)
            result = run_phase(phase, first_client, cat, address, args)
            result["verdict"] = phase_verdict(result)
            report["phases"][phase.name] = result
            first_client += phase.clients
    finally:
        attack.stopped.set()
        for thread in attackers:
            thread.join(args.timeout + 5)
    attack_seconds = time.perf_counter() - attack_started
    report["attack"] = {
        "runaways": attack_tally.summary(attack_seconds, expected=frozenset({"503"})).get("runaway", {}),
        "slow_sockets": {"sockets": args.slow_sockets, **vars(slow)},
    }
    time.sleep(SETTLE_SECONDS)
    memory.stop()
    report["after_attack_statuses"] = warm_up(cat, address, args.timeout)
    report["memory"] = memory_verdict(baseline, memory.now(), memory.samples)
    report["memory_samples"] = memory.samples
    report["pass"] = report["memory"]["flat"] and all(p["verdict"]["pass"] for p in report["phases"].values())
    return report


def print_report(report: dict) -> None:
    heads = ("requests", "errors", "timeouts", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s")
    keys = ("requests", "errors", "timeouts", "p50_ms", "p90_ms", "p99_ms", "max_ms", "rps")
    for name, phase in report["phases"].items():
        verdict = phase["verdict"]
        outcome = f"{'PASS' if verdict['pass'] else 'FAIL'}, {verdict['errors']} errors, {phase['throughput_rps']} req/s"
        print(f"\nphase {name} ({phase['wall_seconds']} s): {outcome}")
        print(f"{'class':15} " + " ".join(f"{h:>9}" for h in heads))
        for kind, c in phase["classes"].items():
            print(f"{kind:15} " + " ".join(f"{c[k]:>9}" for k in keys) + f"  {c['statuses']}")
    runaways = report["attack"]["runaways"]
    print(f"\nrunaways: {runaways.get('requests', 0)} sent, statuses {runaways.get('statuses')}, p50 {runaways.get('p50_ms')} ms")
    print(f"slow sockets: {report['attack']['slow_sockets']}")
    print(f"after the attack: {report['after_attack_statuses']}")
    m = report["memory"]
    mb = {k: round(m[k] / 1024) for k in ("baseline_kb", "peak_kb", "end_kb", "limit_kb")}
    print(f"memory MB: after warm-up {mb['baseline_kb']}, peak {mb['peak_kb']}, end {mb['end_kb']} (limit {mb['limit_kb']}):")
    print(f"  {'flat' if m['flat'] else 'NOT flat'}")
    print(f"\noverall: {'PASS' if report['pass'] else 'FAIL'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phases", default="50x60,200x30", help="CLIENTSxSECONDS, comma-separated, run one after the other")
    parser.add_argument("--quick", action="store_true", help="phases 20x5,50x5: a short run to try a change")
    parser.add_argument("--think", type=float, default=0.75, help="mean think time of a user, seconds (exponential; 0: none)")
    parser.add_argument("--runaways", type=int, default=4, help="attacker threads sending a runaway query")
    parser.add_argument("--slow-sockets", type=int, default=110, help="slowloris connections")
    parser.add_argument("--drip", type=float, default=5.0, help="seconds between two bytes on a slow socket")
    parser.add_argument("--attack-lead", type=float, default=3.0, help="seconds the attack runs before the users come")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds a client waits for a response")
    parser.add_argument("--max-requests", type=int, default=100_000, help="requests per phase (and per attacker), at most")
    parser.add_argument("--load-wait", type=float, default=300.0, help="seconds the server may take to start")
    parser.add_argument("--output", type=Path, help="results file (default bench/results/load_bench.json)")
    args = parser.parse_args()
    args.phases = [Phase.parse(p) for p in ("20x5,50x5" if args.quick else args.phases).split(",")]
    args.output = args.output or RESULTS / ("load_bench-quick.json" if args.quick else "load_bench.json")
    report = run(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_report(report)
    print(f"\nresults -> {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")


if __name__ == "__main__":
    main()
