"""rdflib-endpoint serving one TriG file under uvicorn, for the side-by-side benchmark.

    python bench/rdflib_server.py FILE PORT {default|oxigraph}

`default` is rdflib's memory store, `oxigraph` the oxrdflib store; both as a Dataset whose
default graph is the union of the named graphs, as /sparql serves them.
"""

from __future__ import annotations

import sys
import time

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main() -> None:
    source, port, store = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    started = time.perf_counter()
    dataset = Dataset(store="Oxigraph" if store == "oxigraph" else "default", default_union=True)
    dataset.parse(source, format="trig")
    print(f"loaded {len(dataset)} quads in {time.perf_counter() - started:.1f} s", flush=True)
    app = SparqlEndpoint(graph=dataset, public_url=f"http://127.0.0.1:{port}/")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
