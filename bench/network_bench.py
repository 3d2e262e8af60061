"""Benchmark: networks and their metrics on the real graph and on the 100x synthetic graph.

    .venv/bin/python bench/network_bench.py [--factor 100] [--output bench/results/network.json]

For each graph and kind of network: the SPARQL and projection time, the metrics time
(with the betweenness sample size when it was estimated), a cached second request, and
on the real graph the timeline and the metrics graph too. Needs `dpgraph build` first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import networkx as nx
from pyoxigraph import Store
from synthetic import synthetic_quads

from dpgraph.config import load_settings
from dpgraph.network import KINDS, Filters, NetworkCache, build_network, read_catalogue
from dpgraph.network_metrics import annotate
from dpgraph.network_rdf import metrics_quads
from dpgraph.network_time import timeline
from dpgraph.store import built_dataset, load_files

HERE = Path(__file__).resolve().parent


def seconds(start: float) -> float:
    return round(time.perf_counter() - start, 4)


def measure(store: Store, base: str, with_extras: bool) -> dict:
    started = time.perf_counter()
    catalogue = read_catalogue(store)
    result: dict = {"quads": len(store), "catalogue_s": seconds(started), "networks": {}}
    for kind in KINDS:
        started = time.perf_counter()
        graph = build_network(store, base, kind, Filters(), catalogue)
        built = seconds(started)
        started = time.perf_counter()
        annotate(graph)
        metrics = seconds(started)
        cache = NetworkCache()
        started = time.perf_counter()
        cache.network(store, base, kind, Filters())
        cold = seconds(started)
        started = time.perf_counter()
        cache.network(store, base, kind, Filters())
        result["networks"][kind] = {
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "sparql_and_projection_s": built,
            "metrics_s": metrics,
            "network_and_metrics_cold_s": cold,
            "cached_s": seconds(started),
            "betweenness_sample": graph.graph.get("betweenness_sample"),
        }
    if with_extras:
        cache = NetworkCache()
        started = time.perf_counter()
        timeline(cache, store, base, "co-participation", Filters())
        result["timeline_co_participation_s"] = seconds(started)
        started = time.perf_counter()
        quads = metrics_quads(cache, store, base, HERE.parent / "ontology" / "network-metrics.ttl")
        result["metrics_graph"] = {"quads": len(quads), "seconds": seconds(started)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factor", type=int, default=100, help="size of the synthetic graph (default 100x)")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "network.json")
    args = parser.parse_args()
    settings = load_settings()
    source = built_dataset(settings)
    base = settings.base_iri
    results = {
        "python": platform.python_version(),
        "networkx": nx.__version__,
        "cpus": os.cpu_count(),
        "real": measure(load_files([source]), base, with_extras=True),
    }
    synthetic = Store()
    started = time.perf_counter()
    synthetic.bulk_extend(synthetic_quads(source, args.factor, base))
    results[f"synthetic_{args.factor}x"] = {"load_s": seconds(started), **measure(synthetic, base, with_extras=False)}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    staging = args.output.with_name(args.output.name + ".tmp")
    staging.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    staging.replace(args.output)
    json.dump(results, sys.stdout, indent=2)
    print(f"\n-> {args.output}")


if __name__ == "__main__":
    main()
