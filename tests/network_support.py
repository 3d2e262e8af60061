"""The hand-checked fixture graph of tests/data/network-fixture.trig, with the ontology beside it."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store

from dpgraph.store.files import load_files

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "network-fixture.trig"
BASE = "https://w3id.org/coe-digital-partnership/"


def fixture_store() -> Store:
    """The fixture graph plus the ontology, which says which classes are organisations and bodies."""
    store = load_files([FIXTURE])
    ontology = ROOT / "ontology" / "digital-partnership.ttl"
    store.bulk_load(path=str(ontology), format=RdfFormat.TURTLE, to_graph=NamedNode(BASE + "graph/ontology"))
    return store


def org(name: str) -> str:
    return f"{BASE}org/{name}"


def iri(path: str) -> str:
    return BASE + path
