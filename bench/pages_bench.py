"""How long the linked-data pages take, in process (Flask's test client, no network), beside a peer.

    .venv/bin/python bench/pages_bench.py [--runs 20]

For each page kind it times the HTML page and the Turtle document of the same resource, after
one warm-up request (caches filled at first use). The peer, in the same run, is what an
rdflib-based linked-data front end does for the same Turtle document (the resource's
statements, those of its hash resources `<iri>#...`, and the statements pointing at it), from
an rdflib Dataset of the same public data; the benchmark checks both give the same triples.
Needs the built dataset. Results: bench/results/pages.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import rdflib

from dpgraph.config import load_settings
from dpgraph.store.files import default_dataset_files
from dpgraph.web import create_app

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = {
    "partner": "org/microsoft",
    "body": "body/cahai",
    "activity": "activity/001-s5-1st-plenary-meeting-2019-11-18",
    "instrument": "instrument/budapest-convention",
    "source document": "doc/001",
}
PAGES = {"activities index": "/activities", "partners index": "/partners", "home": "/", "dataset (VoID)": "/dataset.html"}


def median_ms(call: Callable[[], object], runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    settings = load_settings(ROOT)
    started = time.perf_counter()
    client = create_app({"SETTINGS": settings}).test_client()
    client.get("/")  # the catalogue and the ontology's documentation are made on first use
    start_up = time.perf_counter() - started
    # the peer reads what the app serves: the build and the graphs derived from it (network metrics, inferences)
    peer_data = rdflib.Dataset(default_union=True)
    for path in default_dataset_files(settings):
        peer_data.parse(path, format="trig")

    def get(path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path)
            assert response.status_code == 200, path
            return response.data

        return call

    def peer(path: str) -> Callable[[], object]:
        node = rdflib.URIRef(settings.base_iri + path)

        def call() -> str:
            graph = rdflib.Graph()
            hashes = {s for s in set(peer_data.subjects()) if str(s).startswith(f"{node}#")}
            for subject in (node, *hashes):
                for triple in peer_data.triples((subject, None, None)):
                    graph.add(triple)
            for triple in peer_data.triples((None, None, node)):
                graph.add(triple)
            return graph.serialize(format="turtle")

        return call

    def same_triples(path: str) -> bool:
        # Compared by lexical form: Oxigraph stores xsd:positiveInteger as xsd:integer.
        graphs = [rdflib.Graph().parse(data=document, format="turtle") for document in (get(f"/{path}.ttl")(), peer(path)())]
        return len({frozenset((s, p, str(o)) for s, p, o in graph) for graph in graphs}) == 1

    resources = {}
    for kind, path in RESOURCES.items():
        if not same_triples(path):
            raise SystemExit(f"/{path}.ttl and the peer's document differ: the comparison would not be fair")
        ours_ttl = median_ms(get(f"/{path}.ttl"), args.runs)
        peer_ttl = median_ms(peer(path), args.runs)
        resources[kind] = {
            "path": path,
            "html_ms": median_ms(get(f"/{path}.html"), args.runs),
            "turtle_ms": ours_ttl,
            "peer_rdflib_turtle_ms": peer_ttl,
            "ratio_peer_over_turtle": round(peer_ttl / ours_ttl, 1),
        }
    result = {
        "runs": args.runs,
        "start_up_s": round(start_up, 2),
        "resources": resources,
        "pages_ms": {name: median_ms(get(path), args.runs) for name, path in PAGES.items()},
    }
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "pages.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
