"""How long validation and reasoning take on the real graph and on synthetic graphs 10x and 100x
its size, and how that compares with plain pyshacl over rdflib's memory store, in one run.

    .venv/bin/python bench/validate_bench.py                  # factors 1 10 100, all measurements
    .venv/bin/python bench/validate_bench.py --factors 1 10 --timeout 300

Every measurement runs in a child process of its own, so that a slow one can be stopped at
the time limit and one's memory does not slow the next; each is the best of --repeat runs.
Needs the built dataset (`dpgraph build`). Results go to bench/results/validate_bench.json.

The synthetic graphs are bench/synthetic.py's copies of the real one, made valid again in two
ways, so that the benchmark measures validation of data shaped like the real one rather than
a pathological report: the copies' labels get a " (copy N)" suffix (identical names in every
copy would make the duplicate-organisation rule report every organisation of every copy), and
the organisations shared by all copies keep the first copy's membership and headquarters
only (an organisation with a hundred of either is invalid, and a hundred memberships make the
timeline rules join every membership with every activity of that organisation, a cost that
grows with the square of the size). The shared organisations still take part in every copy's
activities.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from pyoxigraph import Literal, Quad, RdfFormat, serialize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import SHARED_PATHS, synthetic_quads

from dpgraph.config import load_settings
from dpgraph.store.files import built_dataset

LABELS = {
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
}
HEADQUARTERS = "https://w3id.org/coe-digital-partnership/ontology#headquarters"
COPY = re.compile(r"-c(\d+)(?:#|$)")


def valid_copies(quads: list[Quad], base: str) -> list[Quad]:
    """Distinct labels in each copy, and one membership and headquarters per shared organisation (see above)."""
    extra_memberships = tuple(f"{base}membership/{path.split('/', 1)[1]}-c" for path in SHARED_PATHS)
    shared = {base + path for path in SHARED_PATHS}
    out = []
    for q in quads:
        if q.subject.value.startswith(extra_memberships) or q.object.value.startswith(extra_memberships):
            continue
        if q.subject.value in shared and q.predicate.value == HEADQUARTERS and COPY.search(q.object.value):
            continue
        copy = COPY.search(q.subject.value) if q.predicate.value in LABELS and isinstance(q.object, Literal) else None
        if copy:
            label = Literal(f"{q.object.value} (copy {copy.group(1)})", language=q.object.language)
            q = Quad(q.subject, q.predicate, label, q.graph_name)
        out.append(q)
    return out


# --- measurements, each run in a child process -----------------------------------------


def validate_oxigraph(path: str) -> dict[str, object]:
    """dpgraph's validation: Oxigraph store, pyshacl over it, SPARQL targets."""
    from dpgraph.store.files import load_files
    from dpgraph.validation.validate import validate_store

    started = time.perf_counter()
    report = validate_store(load_files([Path(path)]), load_settings())
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "phases": report.timings, "results": len(report.results), "counts": report.counts}


def validate_oxigraph_stock(path: str) -> dict[str, object]:
    """The same shapes with pyshacl's own Oxigraph wrapper, whose truth test counts the store per result."""
    import pyshacl

    from dpgraph.builder.ontology import ontology_quads
    from dpgraph.rdf.terms import Minter
    from dpgraph.store.files import load_files
    from dpgraph.validation.shapes import load_shapes

    settings = load_settings()
    shapes = load_shapes(settings.shapes_dir)
    store = load_files([Path(path)])
    store.extend(ontology_quads(settings, Minter(settings.base_iri)))
    started = time.perf_counter()
    _, graph, _ = pyshacl.validate(store, shacl_graph=shapes, advanced=True, inplace=True)
    return {"seconds": time.perf_counter() - started, "results": _count_results(graph)}


def validate_rdflib(path: str) -> dict[str, object]:
    """Plain pyshacl over rdflib's memory store: data and shapes parsed by rdflib."""
    import pyshacl
    import rdflib

    from dpgraph.validation.shapes import shapes_files

    settings = load_settings()
    started = time.perf_counter()
    data = rdflib.Dataset(default_union=True)
    data.parse(path, format="trig")
    data.parse(str(settings.ontology_file), format="turtle", publicID=f"{settings.base_iri}graph/ontology")
    shapes = rdflib.Graph()
    for file in shapes_files(settings.shapes_dir):
        shapes.parse(file, format="turtle")
    loaded = time.perf_counter()
    _, graph, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inplace=True)
    done = time.perf_counter()
    phases = {"load": loaded - started, "validation": done - loaded}
    return {"seconds": done - started, "phases": phases, "results": _count_results(graph)}


def infer_rdfs(path: str) -> dict[str, object]:
    return _infer(path, "rdfs")


def infer_owlrl(path: str) -> dict[str, object]:
    return _infer(path, "owlrl")


def _infer(path: str, mode: str) -> dict[str, object]:
    from dpgraph.store.files import load_files
    from dpgraph.validation.inference import infer

    store = load_files([Path(path)])
    started = time.perf_counter()
    added = infer(store, mode)
    return {"seconds": time.perf_counter() - started, "inferred": added}


def reason_hermit(path: str) -> dict[str, object]:
    from dpgraph.reasoning.reason import reason, reasoning_input
    from dpgraph.store.files import load_files

    triples = reasoning_input(load_files([Path(path)]))
    started = time.perf_counter()
    result = reason(triples)
    return {"seconds": time.perf_counter() - started, "phases": result.timings, "consistent": result.consistent,
            "inferred": len(result.inferred)}  # fmt: skip


def _count_results(graph: object) -> int | str:
    from rdflib.namespace import SH

    return len(list(graph.objects(None, SH.result))) if hasattr(graph, "objects") else str(graph)


MEASUREMENTS: dict[str, Callable[[str], dict[str, object]]] = {
    "validate": validate_oxigraph,
    "validate_pyshacl_rdflib": validate_rdflib,
    "validate_pyshacl_oxigraph_stock": validate_oxigraph_stock,
    "inference_rdfs": infer_rdfs,
    "inference_owlrl": infer_owlrl,
    "reason_hermit": reason_hermit,
}


def _child(name: str, path: str, repeat: int, queue: multiprocessing.Queue) -> None:
    try:
        runs = [MEASUREMENTS[name](path) for _ in range(repeat)]
        queue.put(min(runs, key=lambda r: r["seconds"]))
    except Exception as exc:  # reported in the results rather than stopping the benchmark
        queue.put({"error": f"{type(exc).__name__}: {exc}"[:500]})


def measure(name: str, path: str, repeat: int, timeout: float) -> dict[str, object]:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_child, args=(name, path, repeat, queue))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.terminate()
        process.join()
        return {"timeout": timeout}
    return queue.get() if not queue.empty() else {"error": f"exit status {process.exitcode}"}


def growth(results: dict[int, dict[str, object]]) -> dict[str, float]:
    """Time at each factor over the real graph's, and the exponent k of time ~ size^k."""
    base = results.get(1, {}).get("seconds")
    out = {}
    for factor, result in results.items():
        seconds = result.get("seconds")
        if factor > 1 and base and seconds:
            out[f"x{factor}_over_x1"] = round(seconds / base, 2)
            out[f"exponent_x{factor}"] = round(math.log(seconds / base) / math.log(factor), 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--only", nargs="+", choices=sorted(MEASUREMENTS), default=sorted(MEASUREMENTS))
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement on the real graph (1 on larger ones)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a measurement is stopped")
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().parent / "results" / "validate_bench.json")
    args = parser.parse_args()

    settings = load_settings()
    source = built_dataset(settings, restricted=True)
    report: dict[str, object] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": multiprocessing.cpu_count()},
        "versions": {p: version(p) for p in ("pyshacl", "pyoxigraph", "rdflib", "owlrl", "owlready2")},
        "graphs": {},
        "measurements": {},
    }
    with tempfile.TemporaryDirectory(prefix="dpgraph-bench-") as folder:
        paths = {}
        for factor in args.factors:
            quads = valid_copies(synthetic_quads(source, factor), settings.base_iri) if factor > 1 else synthetic_quads(source, 1)
            paths[factor] = str(Path(folder) / f"x{factor}.trig")
            serialize(quads, output=paths[factor], format=RdfFormat.TRIG)
            report["graphs"][f"x{factor}"] = {"quads": len(quads)}
            print(f"x{factor}: {len(quads)} quads", flush=True)
        for name in args.only:
            results = {}
            for factor in args.factors:
                results[factor] = measure(name, paths[factor], args.repeat if factor == 1 else 1, args.timeout)
                print(f"{name:34} x{factor:<4} {json.dumps(results[factor])[:160]}", flush=True)
            report["measurements"][name] = {"by_factor": {f"x{f}": r for f, r in results.items()}, "growth": growth(results)}
    report["ratios"] = _ratios(report["measurements"], args.factors)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.output}")
    print(json.dumps(report["ratios"], indent=2))


def _ratios(measurements: dict[str, dict], factors: list[int]) -> dict[str, float]:
    """How many times slower each alternative is than dpgraph's validation, factor by factor."""
    ours = measurements.get("validate", {}).get("by_factor", {})
    out = {}
    for name in ("validate_pyshacl_rdflib", "validate_pyshacl_oxigraph_stock"):
        theirs = measurements.get(name, {}).get("by_factor", {})
        for factor in factors:
            a, b = ours.get(f"x{factor}", {}).get("seconds"), theirs.get(f"x{factor}", {}).get("seconds")
            if a and b:
                out[f"{name}_over_validate_x{factor}"] = round(b / a, 1)
    return out


if __name__ == "__main__":
    main()
