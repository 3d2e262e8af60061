"""Which label names a node: one rule for the pages, the validation report and the reasoner's
explanations; and the English and French labels (and English comments) of the reused
vocabularies' terms, read from ontology/reused-terms.ttl.

The reused terms' labels are for display: the pages name `skos:prefLabel` "preferred name"
instead of a local name made readable. They are not statements of the dataset (docs/publishing.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, parse

from dpgraph.errors import InputError
from dpgraph.rdf.terms import DCT, RDFS, SCHEMA, SKOS

# Which predicate names a node, best first: per language, the best predicate's label wins.
LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, DCT.title, SCHEMA.name)


def best_label(names: Mapping[str, str], lang: str = "en") -> str | None:
    """From a node's labels by language ('' for none): the one in `lang`, else an untagged one,
    else the English one, else any; None if it has none."""
    if not names:
        return None
    return names.get(lang) or names.get("") or names.get("en") or next(iter(names.values()))


def node_labels(store: Store, nodes: Iterable[NamedNode | BlankNode], lang: str = "en") -> dict[str, str]:
    """The best label (best_label) of each node that has one, by the node's value.

    Looked up node by node in Oxigraph's indexes: a query with the nodes in VALUES took 6 s for
    the 1,800 focus nodes of a validation report, these lookups grow with the nodes only."""
    labels = {}
    for node in nodes:
        names: dict[str, str] = {}
        for predicate in LABEL_PREDICATES:
            for quad in store.quads_for_pattern(node, predicate, None):
                if isinstance(quad.object, Literal):
                    names.setdefault(quad.object.language or "", quad.object.value)
        label = best_label(names, lang)
        if label is not None:
            labels[node.value] = label
    return labels


@dataclass
class TermLabels:
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # term IRI -> language -> label
    comments: dict[str, str] = field(default_factory=dict)  # term IRI -> English comment


def read_term_labels(path: Path) -> TermLabels:
    if not path.exists():
        raise InputError("the labels of the reused vocabularies' terms are missing", path)
    try:
        triples = list(parse(path=str(path), format=RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise InputError(f"not valid Turtle: {exc}", path) from exc
    found = TermLabels()
    for triple in triples:
        if not isinstance(triple.subject, NamedNode) or not isinstance(triple.object, Literal):
            continue
        language = triple.object.language or ""
        if triple.predicate == RDFS.label:
            found.labels.setdefault(triple.subject.value, {})[language] = triple.object.value
        elif triple.predicate == RDFS.comment and language == "en":
            found.comments[triple.subject.value] = triple.object.value
    return found
