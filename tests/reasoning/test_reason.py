"""OWL reasoning with HermiT (dpgraph.reasoning.reason, `dpgraph reason`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, Store, Triple, parse

from dpgraph.builder.pipeline import BuildResult
from dpgraph.canned import load_queries
from dpgraph.cli import main
from dpgraph.config import Settings
from dpgraph.layout import METRICS_DATASET
from dpgraph.reasoning.reason import ReasoningResult, reason, reasoning_input
from dpgraph.store.files import built_dataset, default_dataset_files, load_files, query_union

BASE = "https://w3id.org/coe-digital-partnership/"
DP = BASE + "ontology#"
ORG_LINKED_TO = "http://www.w3.org/ns/org#linkedTo"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CLASH = f"""@prefix dp: <{DP}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:test:both> a dp:Company , dp:Committee ; skos:prefLabel "Company and committee"@en .
<urn:test:act> a dp:Activity ; dp:participant <urn:test:cmte> .
<urn:test:cmte> a dp:Committee .
"""


@pytest.fixture(scope="module")
def result(settings: Settings, built: BuildResult) -> ReasoningResult:
    return reason(reasoning_input(load_files([built_dataset(settings, restricted=True)])))


def test_built_graph_is_consistent(result: ReasoningResult) -> None:
    assert result.consistent and result.causes == []


def test_organisation_with_membership_is_inferred_a_partner(result: ReasoningResult) -> None:
    partners = {t.subject.value for t in result.inferred if t.predicate == RDF_TYPE and t.object.value == DP + "Partner"}
    assert BASE + "org/apple" in partners
    assert BASE + "org/sberbank" in partners  # a terminated membership is a membership
    assert BASE + "org/chainalysis" not in partners  # took part, never joined


def test_inverse_of_participant_is_inferred(result: ReasoningResult, query) -> None:
    plenary = NamedNode(BASE + "activity/001-s5-1st-plenary-meeting-2019-11-18")
    expected = Triple(NamedNode(BASE + "org/ieee"), NamedNode(DP + "participatedIn"), plenary)
    assert expected in result.inferred
    stated = int(query("SELECT (COUNT(*) AS ?n) WHERE { ?activity dp:participant ?organisation }")[0]["n"])
    assert result.counts()[DP + "participatedIn"] == stated  # one per stated dp:participant


def test_co_participants_are_inferred_to_collaborate_both_ways(result: ReasoningResult, query) -> None:
    collaborations = {(t.subject.value, t.object.value) for t in result.inferred if t.predicate.value == DP + "collaboratesWith"}
    pairs = query("SELECT DISTINCT ?a ?b WHERE { ?listing dp:participant ?a, ?b FILTER(?a != ?b) }")
    assert collaborations == {(row["a"], row["b"]) for row in pairs}  # the chain, symmetric, no self-links
    assert (BASE + "org/euroispa", BASE + "org/google") in collaborations
    linked = {(t.subject.value, t.object.value) for t in result.inferred if t.predicate.value == ORG_LINKED_TO}
    assert collaborations <= linked  # and its superproperty


def test_superclass_memberships_are_inferred(result: ReasoningResult) -> None:
    apple = {t.object.value for t in result.inferred if t.subject.value == BASE + "org/apple" and t.predicate == RDF_TYPE}
    assert {DP + "Organisation", "http://www.w3.org/ns/org#Organization", DP + "Partner"} <= apple


def test_nothing_stated_nothing_restricted_no_self_links(settings: Settings, result: ReasoningResult) -> None:
    quads = list(load_files([built_dataset(settings, restricted=True)]))
    stated = {Triple(q.subject, q.predicate, q.object) for q in quads}

    def nodes(restricted: bool) -> set[str]:
        found = {q for q in quads if q.graph_name.value.endswith("/graph/restricted") == restricted}
        return {t.value for q in found for t in (q.subject, q.object)}

    only_restricted = nodes(True) - nodes(False)  # contact points, e-mail addresses
    assert only_restricted
    assert not stated & set(result.inferred)
    assert not {t.value for triple in result.inferred for t in (triple.subject, triple.object)} & only_restricted
    assert all(t.subject != t.object for t in result.inferred)


def test_individual_in_two_disjoint_classes_is_an_inconsistency(settings: Settings, tmp_path: Path) -> None:
    from dpgraph.builder.ontology import ontology_quads
    from dpgraph.rdf.terms import Minter
    from dpgraph.validation.validate import data_store

    data = tmp_path / "clash.ttl"
    data.write_text(CLASH, encoding="utf-8")
    store = data_store([data])
    store.extend(ontology_quads(settings, Minter(settings.base_iri)))
    clash = reason(reasoning_input(store))
    assert not clash.consistent and clash.inferred == []
    messages = {c.node: str(c) for c in clash.causes}
    assert messages["urn:test:both"] == (
        "Company and committee <urn:test:both>: is a dp:Body (stated to be a dp:Committee) "
        "and a dp:Organisation (stated to be a dp:Company), which are disjoint"
    )
    assert messages["urn:test:cmte"].endswith(
        "is a dp:Body (stated to be a dp:Committee) and a dp:Organisation (as the object of dp:participant), which are disjoint"
    )


def test_command_writes_the_inferred_graph(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    settings: Settings,
    built: BuildResult,
    tmp_path: Path,
) -> None:
    # A copy of the build: the session's build folder would serve the inferred graph to later tests.
    copy = settings.with_(build_dir=tmp_path / "build")
    shutil.copytree(settings.output_dir, copy.output_dir)
    monkeypatch.setenv("DPGRAPH_BUILD", str(copy.output_dir))
    assert main(["reason"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("consistent: HermiT finds no contradiction in ")
    path = copy.output_dir / "inferred.trig"
    assert f"-> {path}" in out
    quads = list(parse(path=str(path), format=RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == {BASE + "graph/inferred"}
    assert len(quads) > 1000 and not list(copy.output_dir.glob(".inferred.trig*"))
    # Written into the build folder, the inferred graph is served with the dataset by default.
    assert path in default_dataset_files(copy)


def test_command_reports_causes_of_an_inconsistency(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "clash.ttl"
    data.write_text(CLASH, encoding="utf-8")
    assert main(["reason", str(data)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("inconsistent: HermiT finds no model of the ontology and these ")
    assert "  Company and committee <urn:test:both>: is a dp:Body (stated to be a dp:Committee)" in out
    assert not (tmp_path / "inferred.trig").exists()


def test_every_canned_query_answers_the_same_with_the_inferred_graph(settings: Settings, result: ReasoningResult) -> None:
    """`make run` serves the inferred graph too: no canned query may count an inferred statement as one more row
    (partners listed each partner twice, its kind and the inferred dp:Partner)."""
    store = load_files([built_dataset(settings), settings.output_dir / METRICS_DATASET])
    served = Store()
    served.extend(store)
    inferred = NamedNode(f"{settings.base_iri}graph/inferred")
    served.extend(Quad(t.subject, t.predicate, t.object, inferred) for t in result.inferred)
    for name, canned in load_queries(settings.queries_dir).items():
        assert len(list(query_union(served, canned.text))) == len(list(query_union(store, canned.text))), name
