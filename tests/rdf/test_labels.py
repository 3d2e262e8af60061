"""One rule names a node (dpgraph.rdf.labels): per language the best predicate's label, then
the reader's language, an untagged label, English, any. The pages, the validation report and
the reasoner's explanations all follow it."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad, Store

from dpgraph.rdf.labels import best_label, node_labels
from dpgraph.rdf.terms import DCT, OWL, RDF, RDFS, SCHEMA, SKOS
from dpgraph.reasoning.inconsistency import explain

A, B, C = NamedNode("urn:test:a"), NamedNode("urn:test:b"), NamedNode("urn:test:c")


def test_best_label_prefers_the_language_then_untagged_then_english() -> None:
    assert best_label({"fr": "Comité", "": "Committee (untagged)", "en": "Committee"}, "fr") == "Comité"
    assert best_label({"fr": "Comité", "": "Committee (untagged)"}, "en") == "Committee (untagged)"
    assert best_label({"fr": "Comité", "en": "Committee"}, "de") == "Committee"
    assert best_label({"fr": "Comité"}) == "Comité"
    assert best_label({}) is None


def test_node_labels_rank_predicates_within_a_language_and_prefer_english() -> None:
    store = Store()
    store.extend(
        [
            Quad(A, RDFS.label, Literal("label", language="en")),
            Quad(A, SKOS.prefLabel, Literal("preferred", language="en")),
            Quad(B, SKOS.prefLabel, Literal("préféré", language="fr")),
            Quad(B, DCT.title, Literal("title", language="en")),
            Quad(C, SCHEMA.name, Literal("name")),
        ]
    )
    assert node_labels(store, [A, B, C, NamedNode("urn:test:unlabelled")]) == {
        "urn:test:a": "preferred",
        "urn:test:b": "title",
        "urn:test:c": "name",
    }


def test_the_reasoners_explanations_name_nodes_by_the_same_rule() -> None:
    """A French preferred label and an English rdfs:label: the English one, as on the pages."""
    store = Store()
    first, second = NamedNode("urn:test:First"), NamedNode("urn:test:Second")
    store.extend(
        [
            Quad(first, OWL.disjointWith, second),
            Quad(A, RDF.type, first),
            Quad(A, RDF.type, second),
            Quad(A, SKOS.prefLabel, Literal("nœud", language="fr")),
            Quad(A, RDFS.label, Literal("node", language="en")),
        ]
    )
    [cause] = explain(store)
    assert cause.node == "urn:test:a" and cause.label == "node"
