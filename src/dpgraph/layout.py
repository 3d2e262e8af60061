"""The build folder's files and which graphs are public: what every reader and writer of a build agrees on.

Kept apart from the build pipeline so that the store, the server and the commands can find a
build's files without importing the code that makes them.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad, RdfFormat

from dpgraph.config import Settings

# The public files of the build folder: name -> (format, graphs merged into one?).
# The full dataset, restricted graph included, is written to FULL_DATASET only.
PUBLIC_OUTPUTS: dict[str, tuple[RdfFormat, bool]] = {
    "public.trig": (RdfFormat.TRIG, False),
    "public.nq": (RdfFormat.N_QUADS, False),
    "public.ttl": (RdfFormat.TURTLE, True),
    "public.nt": (RdfFormat.N_TRIPLES, True),
    "public.jsonld": (RdfFormat.JSON_LD, True),
    "public.rdf": (RdfFormat.RDF_XML, True),
}
PUBLIC_DATASET = "public.trig"
FULL_DATASET = "all-graphs.trig"
# Graphs derived from the built data, kept in the build folder and served with it when present
# (store.default_dataset_files): the network metrics, which the build writes itself, and the
# OWL entailments, which `dpgraph reason` writes after a build.
METRICS_DATASET = "network.trig"
INFERRED_DATASET = "inferred.trig"
DERIVED_DATASETS = (METRICS_DATASET, INFERRED_DATASET)
REPORT = "build-report.json"
RESTRICTED_GRAPHS = ("restricted",)
# On a remote engine, the graph that says which build is published there (store.release).
RELEASE_GRAPH = "release"


def is_public(quad: Quad, base_iri: str) -> bool:
    graph = quad.graph_name
    return not (isinstance(graph, NamedNode) and graph.value in {f"{base_iri}graph/{g}" for g in RESTRICTED_GRAPHS})


def restricted_graph(settings: Settings) -> NamedNode:
    """The graph of personal data, never published."""
    return NamedNode(f"{settings.base_iri}graph/{RESTRICTED_GRAPHS[0]}")


def release_graph(base_iri: str) -> str:
    return f"{base_iri}graph/{RELEASE_GRAPH}"
