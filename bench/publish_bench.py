"""The publish benchmark: `dpgraph publish` onto Oxigraph server and Virtuoso at 1x, 10x and 100x,
beside each engine's plainest way to take the same graphs, in one run.

    .venv/bin/python bench/publish_bench.py [--factors 1,10,100] [--engines oxigraph,virtuoso]

For each factor (the dataset `dpgraph serve` serves by default, or bench/synthetic.py's copies of
it) and engine, on a fresh engine each time:

- first: `dpgraph publish --data FILE` onto the empty engine (it serves no release: bulk load,
  the release graph last);
- replace: the same command again, which must keep readers on the old release or the new one
  (Oxigraph: one `PUT /store` transaction; Virtuoso: staging graphs and one `MOVE` switch);
- peer: what the engine takes fastest, with no atomicity and no union graph: Oxigraph's own
  offline loader (`oxigraph load --location`), Virtuoso given each graph by one Graph Store PUT.

Each: seconds of the whole command, exit status, statements the engine holds, the engine's
resident memory after it. Results: bench/results/publish_bench.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import DefaultGraph, RdfFormat, Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint_bench import dataset_file, served_by_default
from engine_bench import BIN, RESULTS, ROOT, machine, publish, start_engine

from dpgraph.config import load_settings
from dpgraph.store.remote import Credentials, connect

GOAL_S = 60.0


def peer_oxigraph(data: Path, folder: Path) -> dict:
    began = time.perf_counter()
    command = [str(BIN / "oxigraph"), "load", "--location", str(folder / "peer"), "--file", str(data)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return {"seconds": round(time.perf_counter() - began, 2), "exit": done.returncode, "via": "oxigraph load (offline)"}


def peer_virtuoso(data: Path, folder: Path) -> dict:
    engine = start_engine("virtuoso", folder / "peer")
    try:
        store = Store()
        store.bulk_load(path=str(data), format=RdfFormat.TRIG)
        store.clear_graph(DefaultGraph())
        credentials = Credentials(str(engine.user), str(engine.password))
        connection = connect(engine.query_url, "virtuoso", credentials=credentials, timeout=3600)
        began = time.perf_counter()
        for graph in store.named_graphs():
            body = store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph)
            connection.put_graph(graph.value, body, "application/n-triples", seconds=3600)
        seconds = time.perf_counter() - began
        connection.close()
        return {"seconds": round(seconds, 2), "exit": 0, "via": "one Graph Store PUT per graph", "rss": engine.memory_bytes()}
    finally:
        engine.stop()


PEERS = {"oxigraph": peer_oxigraph, "virtuoso": peer_virtuoso}


def measure(kind: str, data: Path, statements: int, folder: Path, timeout: float) -> dict:
    engine = start_engine(kind, folder / kind)
    out: dict = {}
    try:
        for step in ("first", "replace"):
            out[step] = publish(engine, data, statements, folder / f"publish-{kind}-{step}.log", timeout)
            out[step]["rss"] = engine.memory_bytes()
            print(f"  {kind} {step}: {out[step]}", flush=True)
            if out[step]["exit"] != 0:
                break
    finally:
        engine.stop()
    out["peer"] = PEERS[kind](data, folder)
    print(f"  {kind} peer: {out['peer']}", flush=True)
    return out


def run(args: argparse.Namespace) -> dict:
    settings = load_settings(ROOT)
    report: dict = {"settings": {k: str(v) for k, v in vars(args).items()}, "machine": machine(), "factors": {}}
    with tempfile.TemporaryDirectory(prefix="dpgraph-publish-bench-") as root:
        source = served_by_default(settings, Path(root))
        for factor in args.factors:
            folder = Path(root) / f"{factor}x"
            folder.mkdir()
            data = dataset_file(source, factor, folder)
            store = Store()
            store.bulk_load(path=str(data), format=RdfFormat.TRIG)
            store.clear_graph(DefaultGraph())
            statements = len(store)
            del store
            print(f"{factor}x: {statements:,} statements", flush=True)
            entry: dict = {"statements": statements, "engines": {}}
            for kind in args.engines:
                entry["engines"][kind] = measure(kind, data, statements, folder, args.timeout)
            report["factors"][f"{factor}x"] = entry
    return report


def print_table(report: dict) -> None:
    print(f"\n{'':6}{'engine':10}{'first s':>10}{'replace s':>11}{'peer s':>9}{'first/peer':>12}{'replace/peer':>14}")
    for factor, entry in report["factors"].items():
        for kind, e in entry["engines"].items():
            first, replace, peer = (e.get(step, {}).get("seconds") for step in ("first", "replace", "peer"))
            ratio = [f"{a / peer:.1f}" if a and peer else "-" for a in (first, replace)]
            print(f"{factor:6}{kind:10}{first!s:>10}{replace!s:>11}{peer!s:>9}{ratio[0]:>12}{ratio[1]:>14}")
    print(f"goal: a publish of the largest graph in under {GOAL_S:g} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", default="1,10,100", help="graph sizes as multiples of the real one")
    parser.add_argument("--engines", default="oxigraph,virtuoso")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds one `dpgraph publish` may take")
    parser.add_argument("--output", type=Path, default=RESULTS / "publish_bench.json")
    args = parser.parse_args()
    args.factors = [int(f) for f in args.factors.split(",")]
    args.engines = args.engines.split(",")
    report = run(args)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nresults -> {args.output}")


if __name__ == "__main__":
    main()
