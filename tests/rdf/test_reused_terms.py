"""ontology/reused-terms.ttl: every term of another vocabulary that the graph uses has an English
and a French label, the pages use them, and they stay out of the published data."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse

from dpgraph.config import ONTOLOGY_IRI
from dpgraph.rdf.labels import read_term_labels
from dpgraph.rdf.terms import OWL, RDF, SKOS
from dpgraph.store.files import open_dataset

# What the ontology files declare as reused classes and properties: what `dpgraph reason` writes to graph/inferred.
DECLARATIONS = {OWL[kind] for kind in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")}


def own(iri: str) -> bool:
    """The project's namespaces (dp:, dpn:), labelled in the ontology files themselves."""
    return iri.startswith(ONTOLOGY_IRI)


def used_terms(triples) -> set[str]:
    """Predicates, classes (objects of rdf:type) and declared reused terms, outside our own namespaces."""
    terms = set()
    for triple in triples:
        terms.add(triple.predicate.value)
        if triple.predicate == RDF.type and isinstance(triple.object, NamedNode):
            terms.add(triple.object.value)
            if triple.object in DECLARATIONS and isinstance(triple.subject, NamedNode):
                terms.add(triple.subject.value)
    return {term for term in terms if not own(term)}


@pytest.fixture(scope="module")
def labels(settings):
    return read_term_labels(settings.reused_terms_file).labels


def test_every_reused_term_the_graph_and_the_ontology_use_has_english_and_french_labels(settings, built, labels):
    # The restricted graph too: the endpoint serves it with --restricted.
    terms = used_terms(open_dataset(settings, restricted=True))
    for path in sorted(Path(settings.ontology_file).parent.glob("*.ttl")):
        if path != settings.reused_terms_file:
            terms |= used_terms(parse(path=str(path), format=RdfFormat.TURTLE))
    assert len(terms) > 80
    missing = sorted(term for term in terms if not {"en", "fr"} <= labels.get(term, {}).keys())
    assert not missing, f"add an English and a French rdfs:label to ontology/reused-terms.ttl for: {missing}"


def test_the_file_labels_only_other_vocabularies_in_both_languages(labels):
    assert labels[SKOS.prefLabel.value] == {"en": "preferred name", "fr": "nom préféré"}
    assert not [term for term in labels if own(term)]
    assert not [term for term, names in labels.items() if set(names) != {"en", "fr"}]


@pytest.mark.parametrize(
    ("path", "shown", "not_shown"),
    [
        (
            "/org/apple.html",
            ['title="The name a resource is best known by: one per language.">preferred name</a>', ">derived from</a>"],
            [">pref label<", ">was derived from<"],
        ),
        (
            "/activity/001-s5-1st-plenary-meeting-2019-11-18.html",
            [">qualified association</a>", '<a href="http://www.w3.org/ns/prov#Association">Qualified association</a>'],
            [">prov:Association<"],
        ),
        # A concept of the ontology is typed owl:NamedIndividual for OWL tools too: not a kind to show.
        ("/cohort/2017.html", ['<p class="kind">Concept</p>'], ["Named individual</p>"]),
        ("/topic/artificial-intelligence.html", ['<p class="kind">Concept</p>'], [">skos:Concept<"]),
        (
            "/dataset.html",
            [
                '<a href="http://www.w3.org/2004/02/skos/core#ConceptScheme">Concept scheme</a>',
                '<a href="http://www.w3.org/ns/prov#wasDerivedFrom">derived from</a>',
            ],
            [">skos:ConceptScheme<", ">prov:wasDerivedFrom<"],
        ),
        (
            "/graph/ontology.html",
            ['<p class="kind">Named graph</p>', '<a href="http://www.w3.org/2002/07/owl#ObjectProperty">Object property</a>'],
            [">owl:ObjectProperty<"],
        ),
    ],
)
def test_pages_name_reused_properties_and_classes_in_words(published, path, shown, not_shown):
    response = published.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in shown:
        assert text in html
    for text in not_shown:
        assert text not in html


def test_json_and_csv_of_a_page_carry_the_labels(published):
    properties = {p["property"]: p for p in published.get("/org/apple.json").get_json()["properties"]}
    pref_label = properties[SKOS.prefLabel.value]
    assert pref_label["label"] == "preferred name"
    assert pref_label["labels"] == {"en": "preferred name", "fr": "nom préféré"}
    assert pref_label["definition"].startswith("The name a resource is best known by")
    assert properties["http://www.w3.org/ns/prov#wasDerivedFrom"]["labels"]["fr"] == "dérivé de"
    csv = published.get("/org/apple.csv").get_data(as_text=True)
    assert f"{SKOS.prefLabel.value},preferred name,Apple," in csv


def test_the_labels_are_not_published_as_data(published):
    """They are for display: the dumps and the endpoint hold only what the documents and the ontology say."""
    dump = published.get("/dumps/digital-partnership.nt").get_data(as_text=True)
    assert "nom préféré" not in dump
    assert f"<{SKOS.prefLabel.value}> <http://www.w3.org/2000/01/rdf-schema#label>" not in dump
    ask = published.get("/sparql", query_string={"query": 'ASK { ?term rdfs:label "preferred name"@en }'})
    assert ask.get_json()["boolean"] is False
