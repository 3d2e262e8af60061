"""Benchmark: networks and their metrics on the real graph and on the 100x synthetic graph.

    .venv/bin/python bench/network_bench.py [--factor 100] [--output bench/results/network.json]

For each graph and kind of network: the SPARQL and projection time, the metrics time
(with the betweenness sample size when it was estimated), a cached second request, and
on the real graph the timeline and the metrics graph too. On the synthetic graph, the web
view too: the size of /network (the page, with the drawing's data) and of /network.json (the
full export), and the server's time for each, first on a fresh cache, then cached.
Needs `dpgraph build` first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from pyoxigraph import Quad, RdfFormat, Store, serialize
from synthetic import synthetic_quads

from dpgraph.config import Settings, load_settings
from dpgraph.network.filters import Filters
from dpgraph.network.graphs import NetworkCache, build_network
from dpgraph.network.metrics import annotate
from dpgraph.network.nodes import read_node_directory
from dpgraph.network.rdf import metrics_quads
from dpgraph.network.registry import KINDS
from dpgraph.network.timeline import timeline
from dpgraph.store.files import built_dataset, load_files
from dpgraph.store.local import LocalGraph

HERE = Path(__file__).resolve().parent
# The web view's requests, measured on the synthetic graph: the page and the full export.
WEB_PATHS = ("/network", "/network.json")


def median_seconds(action, repeat: int) -> float:
    """The median wall time of `repeat` runs: the machine is shared, single runs are noisy."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 4)


def measure(store: Store, base: str, with_extras: bool, repeat: int) -> dict:
    data = LocalGraph(store)
    directory = read_node_directory(data)
    # "catalogue_s": the key of the results already recorded (the node directory was called the catalogue).
    result: dict = {
        "quads": len(store),
        "repeat": repeat,
        "catalogue_s": median_seconds(lambda: read_node_directory(data), repeat),
    }
    result["networks"] = {}
    for kind in KINDS:
        built = build_network(data, base, kind, Filters(), directory)
        graph = annotate(built.copy())
        cache = NetworkCache()
        cache.network(data, base, kind, Filters())
        result["networks"][kind] = {
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "sparql_and_projection_s": median_seconds(lambda k=kind: build_network(data, base, k, Filters(), directory), repeat),
            "metrics_s": median_seconds(lambda b=built: annotate(b.copy()), repeat),
            "network_and_metrics_cold_s": median_seconds(lambda k=kind: NetworkCache().network(data, base, k, Filters()), repeat),
            "cached_s": median_seconds(lambda k=kind, c=cache: c.network(data, base, k, Filters()), repeat),
            "betweenness_sample": graph.graph.get("betweenness_sample"),
        }
    if with_extras:
        result["timeline_co_participation_s"] = median_seconds(
            lambda: timeline(NetworkCache(), data, base, "co-participation", Filters()), repeat
        )
        vocabulary = load_settings().network_vocabulary_file
        quads = metrics_quads(NetworkCache(), data, base, vocabulary)
        result["metrics_graph"] = {
            "quads": len(quads),
            "seconds": median_seconds(lambda: metrics_quads(NetworkCache(), data, base, vocabulary), repeat),
        }
    return result


def measure_web(quads: list[Quad], settings: Settings, repeat: int) -> dict:
    """Bytes and server time of each of WEB_PATHS, served as `dpgraph serve --data` would serve the graph."""
    from dpgraph.web import create_app

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "synthetic.trig"
        serialize(quads, output=str(data), format=RdfFormat.TRIG)
        started = time.perf_counter()
        app = create_app({"TESTING": True, "SETTINGS": settings, "DATA_FILES": [str(data)]})
        result: dict = {"app_start_s": round(time.perf_counter() - started, 4)}
    client = app.test_client()

    def cold(path: str) -> None:
        # a fresh cache (web.state.derived keeps it): the network, its metrics and layout computed anew
        app.extensions.get("dpgraph.derived", {}).pop("network", None)
        client.get(path)

    for path in WEB_PATHS:
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        result[path] = {
            "bytes": len(response.data),
            "cold_s": median_seconds(lambda p=path: cold(p), repeat),
            "cached_s": median_seconds(lambda p=path: client.get(p), repeat),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factor", type=int, default=100, help="size of the synthetic graph (default 100x)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure on the real graph (median)")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "network.json")
    args = parser.parse_args()
    settings = load_settings()
    source = built_dataset(settings)
    base = settings.base_iri
    real = load_files([source])
    # Import and warm up scipy and the rest once, so the first measure is not the import.
    warm = LocalGraph(real)
    annotate(build_network(warm, base, "co-participation", Filters(), read_node_directory(warm)))
    results = {
        "python": platform.python_version(),
        "networkx": nx.__version__,
        "cpus": os.cpu_count(),
        "real": measure(real, base, with_extras=True, repeat=args.repeat),
    }
    synthetic = Store()
    started = time.perf_counter()
    quads = synthetic_quads(source, args.factor, base)
    synthetic.bulk_extend(quads)
    load = round(time.perf_counter() - started, 4)
    results[f"synthetic_{args.factor}x"] = {
        "load_s": load,
        **measure(synthetic, base, with_extras=False, repeat=1),
        "web": measure_web(quads, settings, repeat=3),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    staging = args.output.with_name(args.output.name + ".tmp")
    staging.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    staging.replace(args.output)
    json.dump(results, sys.stdout, indent=2)
    print(f"\n-> {args.output}")


if __name__ == "__main__":
    main()
