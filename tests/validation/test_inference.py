"""Entailments added before validation (`dpgraph validate --inference`)."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, Quad, Store

from dpgraph.builder.ontology import ontology_quads
from dpgraph.config import Settings
from dpgraph.rdf.terms import Minter
from dpgraph.validation.inference import INFERENCE_GRAPH, infer

DP = "https://w3id.org/coe-digital-partnership/ontology#"
TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ACME, MEMBERSHIP = NamedNode("urn:test:acme"), NamedNode("urn:test:acme-membership")


@pytest.fixture()
def store(settings: Settings) -> Store:
    store = Store()
    store.extend(ontology_quads(settings, Minter(settings.base_iri)))
    store.add(Quad(ACME, NamedNode(DP + "hasMembership"), MEMBERSHIP, NamedNode("urn:test:graph")))
    store.add(Quad(ACME, TYPE, NamedNode(DP + "Company"), NamedNode("urn:test:graph")))
    return store


def inferred_types(store: Store, node: NamedNode) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(node, TYPE, None, INFERENCE_GRAPH)}


def test_none_adds_nothing(store: Store) -> None:
    before = len(store)
    assert infer(store, "none") == 0 and len(store) == before


def test_rdfs_adds_domain_range_and_superclasses(store: Store) -> None:
    added = infer(store, "rdfs")
    assert added > 0
    assert {DP + "Organisation", "http://www.w3.org/ns/org#Organization"} <= inferred_types(store, ACME)
    assert DP + "PartnershipMembership" in inferred_types(store, MEMBERSHIP)
    assert DP + "Company" not in inferred_types(store, ACME)  # stated, not inferred
    assert DP + "Partner" not in inferred_types(store, ACME)  # an OWL definition, beyond RDFS
    assert infer(store, "rdfs") == 0  # a fixpoint: nothing new the second time


def test_owlrl_applies_the_definition_of_partner(store: Store) -> None:
    infer(store, "owlrl")
    assert DP + "Partner" in inferred_types(store, ACME)
    inverse = store.quads_for_pattern(MEMBERSHIP, NamedNode("http://www.w3.org/ns/org#member"), ACME, INFERENCE_GRAPH)
    assert next(inverse, None) is not None


def test_unknown_mode(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown inference mode 'rdf'"):
        infer(store, "rdf")
