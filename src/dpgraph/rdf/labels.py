"""The English and French labels (and English comments) of the reused vocabularies' terms,
read from ontology/reused-terms.ttl.

They are for display: the pages name `skos:prefLabel` "preferred name" instead of a local
name made readable. They are not statements of the dataset (docs/publishing.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from dpgraph.errors import InputError
from dpgraph.rdf.terms import RDFS


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
