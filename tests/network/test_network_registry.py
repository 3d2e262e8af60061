"""The one list of network metrics (dpgraph.network.registry) against the vocabulary and the code that reads it."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, parse

from dpgraph.network.metrics import COMPUTATIONS
from dpgraph.network.registry import EDGE_METRICS, METRICS, NODE_METRICS
from dpgraph.rdf.terms import DPN, OWL, RDF, RDFS, XSD

VOCABULARY = Path(__file__).resolve().parents[2] / "ontology" / "network-metrics.ttl"
DOMAINS = {"node": DPN.NodeMeasurement, "edge": DPN.Tie}
# A tie's place among the strongest ties orders them; it is no measure of the edge.
NOT_METRICS = {DPN.rank}


def vocabulary() -> dict[NamedNode, dict[NamedNode, set]]:
    terms: dict[NamedNode, dict[NamedNode, set]] = {}
    for triple in parse(path=str(VOCABULARY), format=RdfFormat.TURTLE):
        terms.setdefault(triple.subject, {}).setdefault(triple.predicate, set()).add(triple.object)
    return terms


def test_every_metric_is_a_property_of_the_vocabulary_with_its_labels():
    terms = vocabulary()
    for metric in METRICS:
        term = terms.get(DPN[metric.term])
        assert term, f"dpn:{metric.term} is not in {VOCABULARY.name}"
        assert term[RDF.type] == {OWL.DatatypeProperty}
        assert term[RDFS.domain] == {DOMAINS[metric.scope]}
        assert term[RDFS.range] == {XSD[metric.datatype]}
        assert {(label.language, label.value) for label in term[RDFS.label]} == set(metric.labels.items())


def test_every_measure_of_the_vocabulary_is_in_the_list():
    terms = vocabulary()
    for scope, domain in DOMAINS.items():
        measures = {
            subject
            for subject, term in terms.items()
            if OWL.DatatypeProperty in term.get(RDF.type, set()) and domain in term.get(RDFS.domain, set())
        }
        assert measures - NOT_METRICS == {DPN[m.term] for m in METRICS if m.scope == scope}


def test_every_node_metric_is_computed_and_every_edge_metric_is_not():
    assert set(COMPUTATIONS) == {m.key for m in NODE_METRICS}
    assert not {m.key for m in EDGE_METRICS} & set(COMPUTATIONS)
