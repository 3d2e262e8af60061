"""The engine benchmark: the front (`dpgraph serve`) on its embedded store, on Oxigraph server and
on Virtuoso, and each engine's own endpoint, on graphs 1x, 10x and 100x the real one.

    .venv/bin/python bench/engine_bench.py [--factors 1,10,100] [--runs 15] [--quick]

For each factor (the dataset `dpgraph serve` serves by default, or bench/synthetic.py's copies of
it), it measures six setups, one at a time:

- embedded: `dpgraph serve --data FILE` (its start and load time is recorded);
- front-oxigraph, front-virtuoso: a private engine (dpgraph.store.engines), the dataset put on it
  by the real `dpgraph publish --data FILE` (timed), then `dpgraph serve --engine URL`;
- direct-oxigraph, direct-virtuoso: the engine's own endpoint, sent the same request as the front
  sends (its BASE and PREFIX prologue, then the canned query; the release's union graph as
  default graph and the data graphs as named graphs);
- direct-oxigraph-dataset: Oxigraph given every data graph as default graph instead (what the
  front sent before the union graph, and what it sends when it hides a graph of the release).

Every canned query of queries/ (without parameters: they are all optional) is POSTed to /sparql
of each front and to each engine, and a few pages (home, an index, a resource, /network.json) are
fetched from each front: one warm-up, then --runs timed requests on one keep-alive connection;
median and p99 latency, status and row count (bytes for pages). Also the engines' resident
memory after publishing and after the queries. The fronts run with the row cap and time limit
lifted (endpoint_bench.UNLIMITED), the engines with a 120 s limit; a request that outlives
--request-timeout counts as a time-out and that query is not tried again on larger graphs.
Results: bench/results/engine_bench.json and bench/results/engine_bench.png.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint_bench import Server, dataset_file, served_by_default
from load import loopback, percentile
from load_bench import catalogue

from dpgraph.canned import load_queries
from dpgraph.config import load_settings
from dpgraph.store.dialects import UNION_GRAPH
from dpgraph.store.engines import RunningEngine, start_oxigraph, start_virtuoso
from dpgraph.store.remote_engine import prologue

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
ENGINES: dict[str, Callable[..., RunningEngine]] = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}
SETUPS = ("embedded", "front-oxigraph", "front-virtuoso", "direct-oxigraph", "direct-oxigraph-dataset", "direct-virtuoso")
LABELS = dict(zip(SETUPS, ("embedded", "front-oxi", "front-virt", "direct-oxi", "direct-oxi+graphs", "direct-virt"), strict=True))
RESULTS_JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
ENGINE_TIMEOUT_S = 120.0
VIRTUOSO_MAX_ROWS = 100_000_000
# Goals of the issue: the front's overhead over the engine at 1x, the slowest canned query at
# the largest factor on the faster engine, and the publish time at the largest factor.
GOAL_OVERHEAD_MS = 3.0
GOAL_QUERY_S = 2.0
GOAL_PUBLISH_S = 60.0


@dataclass(frozen=True)
class Request:
    """One HTTP request as it is sent every run: a SPARQL POST or a page GET."""

    method: str
    target: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    sparql: bool = True  # the answer is SPARQL JSON results, whose rows are counted


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no response
    ms: float
    body: bytes = b""
    timed_out: bool = False


class Client:
    """One keep-alive connection to a loopback server; after an error the next request opens a new one."""

    def __init__(self, url: str, timeout: float):
        self.host, self.port = loopback(url)
        self.timeout = timeout
        self._connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def send(self, request: Request) -> Answer:
        began = time.perf_counter()
        try:
            self._connection.request(request.method, request.target, body=request.body, headers=request.headers)
            response = self._connection.getresponse()
            body = response.read()
        except TimeoutError:
            self._reset()
            return Answer(None, _ms_since(began), timed_out=True)
        except (OSError, http.client.HTTPException) as exc:
            self._reset()
            return Answer(None, _ms_since(began), str(exc).encode())
        return Answer(response.status, _ms_since(began), body)

    def _reset(self) -> None:
        self._connection.close()
        self._connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def close(self) -> None:
        self._connection.close()


def _ms_since(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def sparql_request(url: str, text: str, graphs: dict[str, list[str]] | None = None) -> Request:
    """A query POSTed as a form (the protocol's `query` and, if given, its graph parameters)."""
    fields: list[tuple[str, str]] = [("query", text)]
    for name, iris in (graphs or {}).items():
        fields += [(name, iri) for iri in iris]
    headers = {"Accept": RESULTS_JSON, "Content-Type": FORM}
    return Request("POST", urlsplit(url).path, urlencode(fields).encode(), headers)


def page_request(path: str) -> Request:
    accept = "application/json" if path.endswith(".json") else "text/html"
    return Request("GET", path, headers={"Accept": accept}, sparql=False)


def row_count(body: bytes) -> int | None:
    """Solutions in a SPARQL JSON result (1 for a boolean); None if the body is not one."""
    try:
        document = json.loads(body)
    except ValueError:
        return None
    if "boolean" in document:
        return 1
    return len(document.get("results", {}).get("bindings", []))


def timed(client: Client, request: Request, runs: int) -> dict:
    """One warm-up, then `runs` requests: latency, status, and rows or bytes of the last answer."""
    answers: list[Answer] = []
    for _ in range(runs + 1):
        answer = client.send(request)
        answers.append(answer)
        if answer.timed_out or answer.status != 200:
            break
    last = answers[-1]
    out: dict = {"status": "timeout" if last.timed_out else last.status}
    if last.status != 200:
        out["error"] = last.body[:300].decode(errors="replace")
        return out
    ordered = sorted(a.ms for a in answers[1:]) or [answers[0].ms]
    out["runs"] = len(ordered)
    out["median_ms"] = round(statistics.median(ordered), 2)
    out["p99_ms"] = round(percentile(ordered, 0.99) or 0.0, 2)
    if request.sparql:
        out["rows"] = row_count(last.body)
    else:
        out["bytes"] = len(last.body)
    return out


def measure_all(url: str, requests: dict[str, Request], args: argparse.Namespace, skip: set[str]) -> dict[str, dict]:
    """Each request timed in turn on one connection; a name in `skip` (or one that times out now) is not sent."""
    client = Client(url, args.request_timeout)
    results: dict[str, dict] = {}
    try:
        for name, request in requests.items():
            if name in skip:
                results[name] = {"status": "skipped", "error": "timed out on a smaller graph"}
                continue
            results[name] = timed(client, request, args.runs)
            if results[name]["status"] == "timeout":
                skip.add(name)
            print(f"    {name:34} {_cell(results[name])}", flush=True)
    finally:
        client.close()
    return results


def _cell(result: dict) -> str:
    if result.get("status") != 200:
        return f"status {result.get('status')}: {result.get('error', '')[:100]!r}"
    count = f"{result['rows']} rows" if "rows" in result else f"{result['bytes']} bytes"
    return f"{result['median_ms']:9.2f} ms  p99 {result['p99_ms']:9.2f} ms  {count}"


@dataclass
class Front(Server):
    """`dpgraph serve` on a data file (embedded) or on a remote engine's release."""

    engine: RunningEngine | None = None

    def command(self) -> list[str]:
        if self.engine is None:
            return super().command()
        remote = ["--engine", self.engine.query_url, "--engine-kind", self.engine.kind]
        return [str(BIN / "dpgraph"), "serve", "--port", str(self.port), *remote]

    def memory_bytes(self) -> int | None:
        if self.process is None:
            return None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return None


@dataclass
class Plan:
    """What is sent to each setup: the canned queries' text, the pages' paths, the graphs for Virtuoso."""

    queries: dict[str, str]
    prologue: str
    pages: list[str] = field(default_factory=list)
    data_graphs: list[str] = field(default_factory=list)
    statements: int = 0  # quads in the current factor's file

    def front_requests(self, url: str) -> dict[str, Request]:
        requests = {name: sparql_request(url, text) for name, text in self.queries.items()}
        return requests | {f"page {path}": page_request(path) for path in self.pages}

    def direct_requests(self, engine: RunningEngine, dataset: bool = False) -> dict[str, Request]:
        """The queries for the engine's endpoint, with the graph parameters the front sends; `dataset`:
        every graph of the release as default graph instead of the union graph."""
        default = self.data_graphs if dataset else [UNION_GRAPH]
        graphs = {"default-graph-uri": default, "named-graph-uri": self.data_graphs}
        return {name: sparql_request(engine.query_url, self.prologue + text, graphs) for name, text in self.queries.items()}


def sample_pages(url: str, timeout: float) -> list[str]:
    """Home, an index, a resource page and the network JSON, as bench/load_bench.py finds them."""
    host, port = loopback(url)
    found = catalogue(host, port, timeout)
    # A resource's identifier answers 303 to its page: the page itself is measured.
    return ["/", found.indexes[0], found.resources[0] + ".html", "/network.json"]


def graph_names(path: Path) -> list[str]:
    names = {q.graph_name.value for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG)}
    return sorted(n for n in names if n)


def measure_embedded(data: Path, plan: Plan, args: argparse.Namespace, folder: Path, skip: dict[str, set]) -> dict:
    server = Front("dpgraph", data, log=folder / "embedded.log")
    server.start(args.load_wait)
    try:
        if not plan.pages:
            plan.pages = sample_pages(server.url, args.request_timeout)
        out: dict = {"load_seconds": round(server.load_seconds, 2)}
        print(f"  embedded: started and loaded in {out['load_seconds']} s", flush=True)
        out["results"] = measure_all(server.url, plan.front_requests(server.url), args, skip.setdefault("embedded", set()))
        out["server_memory_bytes"] = server.memory_bytes()
    finally:
        server.stop()
    return out


def publish(engine: RunningEngine, data: Path, statements: int, log: Path, timeout: float) -> dict:
    """`dpgraph publish --data FILE` onto the engine, timed; `statements`: what the file holds, which
    the engine must then hold too (a mismatch is recorded, not hidden)."""
    cli = [str(BIN / "dpgraph"), "publish", "--engine", engine.query_url, "--engine-kind", engine.kind, "--data", str(data)]
    out = timed_publish(engine, cli, log, timeout)
    if out["exit"] == 0 and out.get("statements") != statements:
        out["mismatch"] = {"sent": statements, "held": out.get("statements")}
    return out


def timed_publish(engine: RunningEngine, command: list[str], log: Path, timeout: float) -> dict:
    env = dict(os.environ)
    if engine.user:
        env |= {"DPGRAPH_ENGINE_USER": engine.user, "DPGRAPH_ENGINE_PASSWORD": engine.password or ""}
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"seconds": round(time.perf_counter() - started, 2), "exit": "timeout"}
    out: dict = {"seconds": round(time.perf_counter() - started, 2), "exit": done.returncode, "via": "dpgraph publish"}
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    total = re.search(r"^\s*total\s+([\d,]+)\s*$", done.stdout, re.MULTILINE)
    if total:
        out["statements"] = int(total.group(1).replace(",", ""))
    if done.returncode != 0:
        out["error"] = (done.stdout + done.stderr)[-1000:]
    return out


def start_engine(kind: str, folder: Path) -> RunningEngine:
    if kind == "virtuoso":
        return start_virtuoso(folder, timeout_s=ENGINE_TIMEOUT_S, max_rows=VIRTUOSO_MAX_ROWS)
    return start_oxigraph(folder, timeout_s=ENGINE_TIMEOUT_S)


def measure_engine(kind: str, data: Path, plan: Plan, args: argparse.Namespace, folder: Path, skip: dict[str, set]) -> dict:
    """Publish onto a fresh engine, then time the front on it and the engine's own endpoint."""
    engine = start_engine(kind, folder / kind)
    out: dict = {}
    try:
        out["publish"] = publish(engine, data, plan.statements, folder / f"publish-{kind}.log", args.publish_timeout)
        out["memory_after_publish_bytes"] = engine.memory_bytes()
        print(f"  {kind}: publish {out['publish']}", flush=True)
        if out["publish"]["exit"] != 0:
            return out
        front = Front("dpgraph", None, log=folder / f"front-{kind}.log", engine=engine)
        front.start(args.load_wait)
        try:
            out["front_start_seconds"] = round(front.load_seconds, 2)
            print(f"  front-{kind}: started in {out['front_start_seconds']} s", flush=True)
            requests = plan.front_requests(front.url)
            out["front"] = measure_all(front.url, requests, args, skip.setdefault(f"front-{kind}", set()))
        finally:
            front.stop()
        print(f"  direct-{kind}:", flush=True)
        out["direct"] = measure_all(
            engine.query_url, plan.direct_requests(engine), args, skip.setdefault(f"direct-{kind}", set())
        )
        if kind == "oxigraph":
            print(f"  direct-{kind}-dataset:", flush=True)
            requests = plan.direct_requests(engine, dataset=True)
            out["direct_dataset"] = measure_all(
                engine.query_url, requests, args, skip.setdefault(f"direct-{kind}-dataset", set())
            )
        out["memory_after_queries_bytes"] = engine.memory_bytes()
    finally:
        engine.stop()
    return out


def measure_factor(factor: int, source: Path, plan: Plan, args: argparse.Namespace, root: Path, skip: dict) -> dict:
    folder = root / f"{factor}x"
    folder.mkdir()
    data = dataset_file(source, factor, root)
    plan.statements = sum(1 for _ in pyoxigraph.parse(path=str(data), format=pyoxigraph.RdfFormat.TRIG))
    entry: dict = {"data_bytes": data.stat().st_size, "statements": plan.statements, "setups": {}, "engines": {}}
    print(f"\n{factor}x: {data.name}, {entry['data_bytes'] / 1e6:.1f} MB, {plan.statements:,} statements", flush=True)
    embedded = measure_embedded(data, plan, args, folder, skip)
    entry["embedded_load_seconds"] = embedded.pop("load_seconds")
    entry["embedded_memory_bytes"] = embedded.pop("server_memory_bytes")
    entry["setups"]["embedded"] = embedded["results"]
    for kind in ENGINES:
        if kind not in args.engines:
            continue
        try:
            result = measure_engine(kind, data, plan, args, folder, skip)
        except Exception as exc:  # an engine that fails is recorded; the others still run
            result = {"error": f"{type(exc).__name__}: {str(exc)[:1000]}"}
            print(f"  {kind} failed: {result['error']}", flush=True)
        entry["setups"][f"front-{kind}"] = result.pop("front", {})
        entry["setups"][f"direct-{kind}"] = result.pop("direct", {})
        if kind == "oxigraph":
            entry["setups"][f"direct-{kind}-dataset"] = result.pop("direct_dataset", {})
        entry["engines"][kind] = result
    return entry


def machine() -> dict:
    info: dict = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    info["cpu"] = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")), None)
    memory = next((line.split()[1] for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), None)
    info["memory_bytes"] = int(memory) * 1024 if memory else None
    info["pyoxigraph"] = pyoxigraph.__version__
    info["oxigraph"] = _first_line([str(BIN / "oxigraph"), "--version"])
    info["virtuoso"] = _first_line(["virtuoso-t", "-?"], line=1)
    return info


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _first_line(command: list[str], line: int = 0) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (done.stdout + done.stderr).splitlines()
    return lines[line].strip() if len(lines) > line else None


def run(args: argparse.Namespace) -> dict:
    settings = load_settings(ROOT)
    queries = {name: q.text for name, q in load_queries(settings.queries_dir).items()}
    report: dict = {
        "settings": {k: str(v) for k, v in vars(args).items()},
        "machine": machine(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "queries": list(queries),
        "factors": {},
    }
    skip: dict[str, set] = {}
    with tempfile.TemporaryDirectory(prefix="dpgraph-engine-bench-") as folder:
        root = Path(folder)
        source = served_by_default(settings, root)
        plan = Plan(queries, prologue(settings.base_iri), data_graphs=graph_names(source))
        for factor in args.factors:
            report["factors"][f"{factor}x"] = measure_factor(factor, source, plan, args, root, skip)
            report["summary"] = summary(report)
            write(report, args.output)  # after each factor: a run that is stopped keeps what it measured
    return report


def write(report: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def median_ms(entry: dict, setup: str, name: str) -> float | None:
    result = entry["setups"].get(setup, {}).get(name, {})
    return result.get("median_ms") if result.get("status") == 200 else None


def summary(report: dict) -> dict:
    """The three goals of the issue, and every failure or row-count difference between setups."""
    factors = report["factors"]
    first, last = next(iter(factors)), list(factors)[-1]
    queries = report["queries"]
    out: dict = {"overhead_ms": {}, "slowest": {}, "publish_seconds": {}, "problems": problems(report, queries)}
    pairs = {"oxigraph": "direct-oxigraph", "oxigraph+graphs": "direct-oxigraph-dataset", "virtuoso": "direct-virtuoso"}
    for label, direct in pairs.items():
        overhead = front_overhead(factors[first], f"front-{label.split('+')[0]}", direct, queries)
        if overhead:
            out["overhead_ms"][label] = {"factor": first, "against": direct, **overhead, "goal_ms": GOAL_OVERHEAD_MS}
    for kind in ENGINES:
        publish_run = factors[last]["engines"].get(kind, {}).get("publish")
        if publish_run:
            out["publish_seconds"][kind] = {"factor": last, **publish_run, "goal_s": GOAL_PUBLISH_S}
    for setup in SETUPS:
        if not factors[last]["setups"].get(setup):
            continue
        timings = {name: median_ms(factors[last], setup, name) for name in queries}
        failed = [name for name, ms in timings.items() if ms is None]
        measured = {name: ms for name, ms in timings.items() if ms is not None}
        slowest = max(measured, key=measured.__getitem__) if measured else None
        out["slowest"][setup] = {
            "factor": last,
            "query": slowest,
            "median_ms": measured.get(slowest) if slowest else None,
            "not_answered": failed,
            "goal_ms": GOAL_QUERY_S * 1000,
        }
    return out


def front_overhead(entry: dict, front: str, direct: str, queries: list[str]) -> dict | None:
    """Front median minus engine median per query, and their median and maximum."""
    diffs = {}
    for name in queries:
        ours, theirs = median_ms(entry, front, name), median_ms(entry, direct, name)
        if ours is not None and theirs is not None:
            diffs[name] = round(ours - theirs, 2)
    if not diffs:
        return None
    return {"per_query": diffs, "median": round(statistics.median(diffs.values()), 2), "max": max(diffs.values())}


def problems(report: dict, queries: list[str]) -> list[dict]:
    """Each query that did not answer 200, or whose row count is not the embedded front's."""
    found = []
    for factor, entry in report["factors"].items():
        for name in queries:
            reference = entry["setups"]["embedded"].get(name, {}).get("rows")
            for setup, results in entry["setups"].items():
                result = results.get(name)
                if result is None:
                    continue
                if result.get("status") != 200:
                    found.append(
                        {
                            "factor": factor,
                            "query": name,
                            "setup": setup,
                            "status": result.get("status"),
                            "error": result.get("error", "")[:300],
                        }
                    )
                elif result.get("rows") != reference:
                    found.append(
                        {
                            "factor": factor,
                            "query": name,
                            "setup": setup,
                            "status": 200,
                            "rows": result.get("rows"),
                            "embedded_rows": reference,
                        }
                    )
    return found


def print_summary(report: dict) -> None:
    for factor, entry in report["factors"].items():
        print_factor(factor, entry)
    s = report["summary"]
    print("\n(a) front minus engine-direct, median over the canned queries (max), goal < 3 ms:")
    for kind, o in s["overhead_ms"].items():
        print(f"    {kind:16} at {o['factor']}: {o['median']} ms (max {o['max']} ms), against {o['against']}")
    print("(b) slowest canned query at the largest factor, goal < 2 s on the faster engine:")
    for setup, o in s["slowest"].items():
        print(f"    {setup:16} {o['query']}: {o['median_ms']} ms; not answered: {o['not_answered'] or 'none'}")
    print("(c) publish time at the largest factor, goal < 60 s:")
    for kind, o in s["publish_seconds"].items():
        print(f"    {kind:9} at {o['factor']}: {o['seconds']} s (exit {o['exit']})")
    print(f"problems (non-200 or rows unlike embedded): {len(s['problems'])}")
    for p in s["problems"]:
        rows = f"rows {p.get('rows')} (embedded {p.get('embedded_rows')})"
        print(f"    {p['factor']:5} {p['setup']:16} {p['query']:32} status {p['status']} {rows} {p.get('error', '')[:80]!r}")


def print_factor(factor: str, entry: dict) -> None:
    print(f"\n{factor}: median ms (rows, or bytes for pages)")
    print(f"{'':34}" + "".join(f"{LABELS[s]:>18}" for s in SETUPS))
    for name in entry["setups"]["embedded"]:
        cells = [_table_cell(entry["setups"].get(setup, {}).get(name)) for setup in SETUPS]
        print(f"{name[:33]:34}" + "".join(f"{c:>18}" for c in cells))
    print(f"embedded: loaded in {entry['embedded_load_seconds']} s, RSS {_mb(entry['embedded_memory_bytes'])} MB")
    for kind, e in entry["engines"].items():
        memory = f"{_mb(e.get('memory_after_publish_bytes'))} -> {_mb(e.get('memory_after_queries_bytes'))} MB"
        print(f"{kind}: publish {e.get('publish', {}).get('seconds')} s, RSS after publish -> after queries {memory}")


def _table_cell(result: dict | None) -> str:
    if result is None:
        return "-"
    if result.get("status") != 200:
        return f"status {result.get('status')}"
    return f"{result['median_ms']:.1f} ({result.get('rows', result.get('bytes'))})"


def _mb(value: int | None) -> str:
    return f"{value / 2**20:.0f}" if value else "?"


def plot(report: dict, path: Path) -> None:
    """Median ms per query and page (log scale), one dot per setup, one panel per factor."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    factors = list(report["factors"].items())
    names = list(factors[0][1]["setups"]["embedded"])
    figure, axes = plt.subplots(
        1, len(factors), figsize=(5 * len(factors) + 3, 0.35 * len(names) + 2), sharey=True, squeeze=False
    )
    markers = dict(zip(SETUPS, "osD^<v", strict=True))
    for axis, (factor, entry) in zip(axes[0], factors, strict=True):
        for offset, setup in enumerate(SETUPS):
            points = [(median_ms(entry, setup, n), i + (offset - 2.5) * 0.12) for i, n in enumerate(names)]
            xs, ys = zip(*[(x, y) for x, y in points if x], strict=True) if any(x for x, _ in points) else ((), ())
            axis.scatter(xs, ys, marker=markers[setup], label=setup, s=22)
        axis.set_xscale("log")
        axis.set_title(factor)
        axis.set_xlabel("median ms")
        axis.grid(True, axis="x", which="both", alpha=0.3)
    axes[0][0].set_yticks(range(len(names)), names, fontsize=8)
    axes[0][0].invert_yaxis()
    axes[0][-1].legend(fontsize=8, loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", default=None, help="graph sizes as multiples of the real one (default 1,10,100; --quick: 1)")
    parser.add_argument(
        "--runs", type=int, default=None, help="timed requests per query and setup, after one warm-up (default 15; --quick: 3)"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 3 runs, 1x only unless --factors is given")
    parser.add_argument("--engines", default="oxigraph,virtuoso", help="remote engines to measure")
    parser.add_argument("--request-timeout", type=float, default=60.0, help="seconds before a request counts as timed out")
    parser.add_argument("--publish-timeout", type=float, default=1800.0, help="seconds `dpgraph publish` may take")
    parser.add_argument("--load-wait", type=float, default=900.0, help="seconds a front may take to start and load")
    parser.add_argument("--output", type=Path, default=RESULTS / "engine_bench.json")
    parser.add_argument("--plot", type=Path, default=RESULTS / "engine_bench.png")
    args = parser.parse_args()
    args.factors = [int(f) for f in (args.factors or ("1" if args.quick else "1,10,100")).split(",")]
    args.runs = args.runs or (3 if args.quick else 15)
    args.engines = args.engines.split(",")
    report = run(args)
    print_summary(report)
    plot(report, args.plot)
    print(f"\nresults -> {args.output}, {args.plot}")


if __name__ == "__main__":
    main()
