"""The endpoint benchmark: every canned query through HTTP on 127.0.0.1, /sparql beside rdflib-endpoint.

    make bench                       # or: .venv/bin/python bench/endpoint_bench.py [--sizes 1,10,100]

For what `dpgraph serve` serves by default (the build and its network metrics) and synthetic
graphs 10x and 100x its size (bench/synthetic.py), it starts
`dpgraph serve --data FILE` (waitress), rdflib-endpoint on rdflib's memory store and on its
Oxigraph store (uvicorn), one at a time, and measures each canned query under a bounded
concurrent load: median and p99 latency, requests per second. It also times each query in
process (pyoxigraph query + JSON serialisation) to get the HTTP overhead of /sparql, measured
with one client. Only loopback traffic; every loop is bounded in requests and seconds, and a
request that outlives --request-timeout is counted as a time-out (that server is restarted,
and the query is not tried again on larger graphs). Results: bench/results/endpoint-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store, serialize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import Load, measure
from synthetic import synthetic_quads

from dpgraph.canned import load_queries
from dpgraph.config import Settings, load_settings
from dpgraph.rdf.terms import PREFIXES
from dpgraph.store.files import default_dataset_files, load_files

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Like-for-like results: no row cap, and a time limit past the client's own.
UNLIMITED = {"DPGRAPH_SPARQL_MAX_ROWS": "100000000", "DPGRAPH_SPARQL_TIMEOUT": "600"}


@dataclass
class Server:
    name: str
    data: Path | None  # None: what `dpgraph serve` serves by default
    limits: dict[str, str] = field(default_factory=lambda: dict(UNLIMITED))  # environment over os.environ
    log: Path | None = None  # the server's stdout and stderr; discarded if None
    process: subprocess.Popen | None = None
    port: int = 0
    load_seconds: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}" + ("/sparql" if self.name == "dpgraph" else "/")

    def command(self) -> list[str]:
        if self.name == "dpgraph":
            data = ["--data", str(self.data)] if self.data else []
            return [str(BIN / "dpgraph"), "serve", "--port", str(self.port), *data]
        store = self.name.removeprefix("rdflib-endpoint-")
        return [sys.executable, str(ROOT / "bench" / "rdflib_server.py"), str(self.data), str(self.port), store]

    def start(self, wait: float) -> None:
        self.port = free_port()
        env = {**os.environ, **self.limits}
        started = time.perf_counter()
        output = self.log.open("ab") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        finally:
            if self.log:
                output.close()  # the child holds its own copy
        probe = Load(self.url, "ASK { ?s ?p ?o }", concurrency=1, seconds=1, max_requests=1, timeout=5)
        while time.perf_counter() - started < wait:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped while loading {self.data}")
            if measure(probe).ok:
                self.load_seconds = time.perf_counter() - started
                return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {wait} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def in_process_ms(store: Store, text: str, runs: int, seconds: float) -> float:
    """Median time of the engine alone: query and JSON (or Turtle) serialisation, no HTTP."""
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(times) < runs and (not times or time.perf_counter() < deadline):
        started = time.perf_counter()
        result = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(result, QuerySolutions | QueryBoolean):
            result.serialize(format=QueryResultsFormat.JSON)
        else:
            serialize(list(result), format=RdfFormat.TURTLE)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def served_by_default(settings: Settings, folder: Path) -> Path:
    """The dataset `dpgraph serve` serves without --data (the build and its network metrics), as one TriG file."""
    path = folder / "served.trig"
    serialize(load_files(default_dataset_files(settings)), output=str(path), format=RdfFormat.TRIG)
    return path


def dataset_file(source: Path, factor: int, folder: Path) -> Path:
    if factor == 1:
        return source
    path = folder / f"synthetic-{factor}x.trig"
    serialize(synthetic_quads(source, factor), output=str(path), format=RdfFormat.TRIG)
    return path


def run(args: argparse.Namespace) -> dict:
    settings = load_settings(ROOT)
    queries = {name: q.text for name, q in load_queries(settings.queries_dir).items()}
    servers = ["dpgraph", "rdflib-endpoint-oxigraph", "rdflib-endpoint-default"]
    report: dict = {"settings": {k: str(v) for k, v in vars(args).items()}, "machine": {"cpus": os.cpu_count()}, "sizes": {}}
    given_up: set[tuple[str, str]] = set()  # (server, query) that timed out on a smaller graph
    with tempfile.TemporaryDirectory(prefix="dpgraph-bench-") as folder:
        source = served_by_default(settings, Path(folder))
        for factor in args.sizes:
            data = dataset_file(source, factor, Path(folder))
            store = Store()
            store.bulk_load(path=str(data), format=RdfFormat.TRIG)
            size: dict = {"quads": len(store), "servers": {}, "in_process_ms": {}}
            for name, text in queries.items():
                size["in_process_ms"][name] = in_process_ms(store, text, args.engine_runs, args.seconds)
            del store
            for name in servers:
                size["servers"][name] = serve_and_measure(Server(name, data), queries, args, given_up)
            size["ratios"] = ratios(size)
            report["sizes"][f"{factor}x"] = size
            write(report, args.output)  # after each size: a long run that is stopped keeps what it measured
            print_size(factor, size)
    return report


def write(report: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def serve_and_measure(server: Server, queries: dict[str, str], args: argparse.Namespace, given_up: set) -> dict:
    out: dict = {"queries": {}}
    server.start(args.load_wait)
    out["load_seconds"] = round(server.load_seconds, 2)
    stuck = False  # a timed-out request may still be running there: restart before the next query
    try:
        for name, text in queries.items():
            if (server.name, name) in given_up:
                out["queries"][name] = {"skipped": "timed out on a smaller graph"}
                continue
            if stuck:
                server.stop()
                server.start(args.load_wait)
                stuck = False
            loads = {"load": Load(server.url, text, args.concurrency, args.seconds, args.max_requests, args.request_timeout)}
            if server.name == "dpgraph":
                loads["single"] = Load(server.url, text, 1, args.seconds, args.max_requests, args.request_timeout)
            results = {}
            for label, load in loads.items():
                results[label] = measure(load).summary()
                if results[label]["timeouts"]:
                    given_up.add((server.name, name))
                    stuck = True
                    break
            out["queries"][name] = results
    finally:
        server.stop()
    return out


def ratios(size: dict) -> dict:
    """Throughput of /sparql over each rdflib-endpoint, and /sparql's HTTP overhead over the engine alone."""
    ours = size["servers"]["dpgraph"]["queries"]
    out: dict = {}
    for name, result in ours.items():
        entry: dict = {}
        mine = result.get("load", {}).get("throughput_rps")
        for other in ("rdflib-endpoint-default", "rdflib-endpoint-oxigraph"):
            theirs = size["servers"][other]["queries"].get(name, {}).get("load", {})
            if not mine:
                entry[f"throughput_vs_{other}"] = "dpgraph timed out or was skipped"
            elif theirs.get("throughput_rps"):
                entry[f"throughput_vs_{other}"] = round(mine / theirs["throughput_rps"], 1)
            else:
                entry[f"throughput_vs_{other}"] = "rdflib-endpoint timed out or was skipped"
        if result.get("single", {}).get("median_ms"):
            entry["http_overhead_ms"] = round(result["single"]["median_ms"] - size["in_process_ms"][name], 2)
        out[name] = entry
    return out


def print_size(factor: int, size: dict) -> None:
    print(f"\n{factor}x ({size['quads']} quads)")
    heads = ("engine ms", "ours rps", "ours p50", "ours p99", "x default", "x oxi", "overhead")
    print(f"{'query':32} " + " ".join(f"{h:>9}" for h in heads))
    for name, entry in size["ratios"].items():
        ours = size["servers"]["dpgraph"]["queries"][name].get("load", {})
        cells = [
            size["in_process_ms"][name],
            ours.get("throughput_rps"),
            ours.get("median_ms"),
            ours.get("p99_ms"),
            entry["throughput_vs_rdflib-endpoint-default"],
            entry["throughput_vs_rdflib-endpoint-oxigraph"],
            entry.get("http_overhead_ms"),
        ]
        print(f"{name:32} " + " ".join(f"{c:9.2f}" if isinstance(c, int | float) and c else f"{'timeout':>9}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10,100", help="graph sizes as multiples of the built graph")
    parser.add_argument("--concurrency", type=int, default=4, help="clients sending at once")
    parser.add_argument("--seconds", type=float, default=5.0, help="time spent on one query and server")
    parser.add_argument("--max-requests", type=int, default=300, help="requests on one query and server, at most")
    parser.add_argument("--request-timeout", type=float, default=30.0, help="seconds before a request counts as timed out")
    parser.add_argument("--load-wait", type=float, default=900.0, help="seconds a server may take to load the data")
    parser.add_argument("--engine-runs", type=int, default=15, help="in-process runs per query")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.output = RESULTS / f"endpoint-{time.strftime('%Y%m%d-%H%M%S')}.json"
    run(args)
    print(f"\nresults -> {args.output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
