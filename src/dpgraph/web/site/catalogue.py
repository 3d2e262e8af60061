"""What every page needs to know about every resource, read from the graph once at start-up.

Labels, types, the class hierarchy, the local path each IRI is served at, the excerpts and
the source texts; the labels of other vocabularies' terms come from ontology/reused-terms.ttl.
Pages look linked resources up here instead of asking SPARQL for each one, so a page costs
one lookup of its own statements plus a query or two for its kind.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from dpgraph.builder.sources import Document, load_documents
from dpgraph.config import Settings
from dpgraph.errors import InputError
from dpgraph.layout import is_public
from dpgraph.publish.privacy import PUBLIC_ADDRESSES, Masker, public_addresses
from dpgraph.rdf.iris import href, local_path, served_spaces
from dpgraph.rdf.labels import LABEL_PREDICATES, best_label, read_term_labels
from dpgraph.rdf.terms import DCT, DP, OWL, PREFIXES, RDF, RDFS, SKOS

LABEL_IRIS = tuple(p.value for p in LABEL_PREDICATES)
# What the search box also matches besides labels.
ALIAS_PREDICATES = (SKOS.altLabel.value, DP.acronym.value, SKOS.notation.value, DP.formerName.value, DP.laterName.value)
# Types that only declare a resource to OWL tools: no kind a reader would name it by.
DECLARATION_TYPES = {OWL.NamedIndividual.value}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@dataclass(frozen=True)
class Excerpt:
    iri: str
    document: str  # the document's IRI
    start: int
    end: int


def humanise(local_name: str) -> str:
    """'wasDerivedFrom' -> 'was derived from': a readable name for a term the ontology does not label."""
    return _CAMEL.sub(" ", local_name).replace("_", " ").lower()


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def public_quads(quads: Iterable[Quad], base_iri: str) -> list[Quad]:
    """The quads that may be published: never those of the restricted graph."""
    return [quad for quad in quads if is_public(quad, base_iri)]


@dataclass
class Catalogue:
    base: str
    spaces: tuple[str, ...]  # IRI prefixes mapped onto the server root, the configured base first
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # IRI -> language ('' if none) -> label
    definitions: dict[str, str] = field(default_factory=dict)  # term IRI -> what it means, in English
    aliases: dict[str, list[str]] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=dict)
    superclasses: dict[str, set[str]] = field(default_factory=dict)  # class -> every superclass, itself included
    paths: dict[str, list[str]] = field(default_factory=dict)  # local path -> IRIs described there, resource first
    excerpts: dict[str, Excerpt] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # document IRI -> its text
    graphs: dict[str, int] = field(default_factory=dict)  # named graph IRI -> its number of quads

    # Where things are served ---------------------------------------------------------
    def local_path(self, iri: str) -> str | None:
        """The server path of an IRI ('/org/apple', '/doc/001#L12-L15'), or None if it is not served here."""
        return local_path(iri, self.base)

    def href(self, iri: str) -> str | None:
        """Where a link to the IRI points: its page here, or the IRI itself; None if that would be no harmless link."""
        return href(iri, self.base)

    def resource(self, path: str) -> str | None:
        """The IRI described at a local path ('org/apple'), or None if the dataset has no such resource."""
        iris = self.paths.get(path)
        return iris[0] if iris else None

    def parts(self, iri: str) -> list[str]:
        """The hash IRIs described on the resource's page (`activity/x#date`, `doc/001#L3-L4`)."""
        path = self.local_path(iri)
        return [i for i in self.paths.get(path[1:], []) if i != iri] if path else []

    # Names ---------------------------------------------------------------------------
    def label(self, iri: str, lang: str = "en") -> str:
        named = best_label(self.labels.get(iri, {}), lang)
        if named is not None:
            return named
        excerpt = self.excerpts.get(iri)
        if excerpt:
            document = self.label(excerpt.document)
            lines = f"line {excerpt.start}" if excerpt.start == excerpt.end else f"lines {excerpt.start}–{excerpt.end}"
            return f"{document}, {lines}"
        if "#" in iri:
            parent, fragment = iri.split("#", 1)
            if parent in self.labels:
                return f"{self.label(parent, lang)} · {fragment}"
        return self.curie(iri) or (self.local_path(iri) or iri).lstrip("/") or iri

    def curie(self, iri: str) -> str | None:
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return None

    def predicate_label(self, iri: str) -> str:
        """The English label of a property (the ontology's or reused-terms.ttl's), else its name made readable."""
        names = self.labels.get(iri)
        if names and (names.get("en") or names.get("")):
            return (names.get("en") or names[""]).lower()
        return humanise(local_name(iri))

    # Kinds -----------------------------------------------------------------------------
    def is_a(self, iri: str, cls: str) -> bool:
        return any(cls in self.superclasses.get(t, {t}) for t in self.types.get(iri, []))

    def kind_label(self, iri: str) -> str:
        """The most specific type's label, e.g. 'Company'; 'Named graph' for a graph the data does not type."""
        types = [t for t in self.types.get(iri, []) if t not in DECLARATION_TYPES]
        if not types and iri in self.graphs:
            return "Named graph"
        specific = [t for t in types if not any(t != o and t in self.superclasses.get(o, set()) for o in types)]
        return ", ".join(sorted(self.label(t) for t in specific or types))

    def search(self, text: str, limit: int = 50) -> list[str]:
        """Served resources whose label or alias contains every word of `text`, best matches first."""
        words = text.casefold().split()
        if not words:
            return []
        found: list[tuple[int, str, str]] = []
        for path, iris in self.paths.items():
            iri = iris[0]
            names = [*self.labels.get(iri, {}).values(), *self.aliases.get(iri, [])]
            haystack = " ".join(names).casefold()
            if names and all(w in haystack for w in words):
                exact = int(not any(n.casefold() == text.casefold().strip() for n in names))
                found.append((exact, self.label(iri).casefold(), path))
        return [self.paths[path][0] for _, _, path in sorted(found)[:limit]]


def build_catalogue(quads: Iterable[Quad], settings: Settings, restricted_addresses: Iterable[str] = ()) -> Catalogue:
    """The catalogue of the public quads given (public_quads)."""
    spaces = served_spaces(settings.base_iri)
    catalogue = Catalogue(base=settings.base_iri, spaces=spaces)
    labels: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    types: dict[str, set[str]] = defaultdict(set)
    subclass_of: dict[str, set[str]] = defaultdict(set)
    excerpt_parts: dict[str, dict[str, str | int]] = defaultdict(dict)
    served: dict[str, set[str]] = defaultdict(set)

    for quad in quads:
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if isinstance(quad.graph_name, NamedNode):
            catalogue.graphs[quad.graph_name.value] = catalogue.graphs.get(quad.graph_name.value, 0) + 1
        if isinstance(s, BlankNode):
            continue
        for term in (s, o, quad.graph_name):
            if isinstance(term, NamedNode) and term.value.startswith(spaces):
                served[term.value.split("#", 1)[0]].add(term.value)
        if p in LABEL_IRIS and isinstance(o, Literal):
            rank = LABEL_IRIS.index(p)
            lang = o.language or ""
            if lang not in labels[s.value] or rank < labels[s.value][lang][0]:
                labels[s.value][lang] = (rank, o.value)
        elif p == SKOS.definition.value and isinstance(o, Literal) and o.language == "en":
            catalogue.definitions[s.value] = o.value
        elif p in ALIAS_PREDICATES and isinstance(o, Literal):
            catalogue.aliases.setdefault(s.value, []).append(o.value)
        elif p == RDF.type.value and isinstance(o, NamedNode):
            types[s.value].add(o.value)
        elif p == RDFS.subClassOf.value and isinstance(o, NamedNode):
            subclass_of[s.value].add(o.value)
        elif p in (DP.startLine.value, DP.endLine.value):
            excerpt_parts[s.value][local_name(p)] = int(o.value)
        elif p == DCT.isPartOf.value and isinstance(o, NamedNode):
            excerpt_parts[s.value]["document"] = o.value

    catalogue.labels = {iri: {lang: text for lang, (_, text) in names.items()} for iri, names in labels.items()}
    _add_reused_terms(catalogue, settings)
    catalogue.types = {iri: sorted(classes) for iri, classes in types.items()}
    catalogue.superclasses = {
        cls: _ancestors(cls, subclass_of) for cls in {*subclass_of, *(c for cs in types.values() for c in cs)}
    }
    catalogue.excerpts = {
        iri: Excerpt(iri, str(parts["document"]), int(parts["startLine"]), int(parts["endLine"]))
        for iri, parts in excerpt_parts.items()
        if {"document", "startLine", "endLine"} <= parts.keys()
    }
    for resource, iris in served.items():
        path = catalogue.local_path(resource)
        if path and path != "/":
            catalogue.paths[path[1:]] = [resource, *sorted(iris - {resource})]
    catalogue.documents = _documents(settings, catalogue, restricted_addresses)
    return catalogue


def _add_reused_terms(catalogue: Catalogue, settings: Settings) -> None:
    """Labels and comments of other vocabularies' terms, where the served data has none of its own:
    the data wins, so a dataset served with those vocabularies shows their words."""
    reused = read_term_labels(settings.reused_terms_file)
    for term, names in reused.labels.items():
        for lang, text in names.items():
            catalogue.labels.setdefault(term, {}).setdefault(lang, text)
    for term, comment in reused.comments.items():
        catalogue.definitions.setdefault(term, comment)


def _ancestors(cls: str, subclass_of: dict[str, set[str]]) -> set[str]:
    seen = {cls}
    todo = [cls]
    while todo:
        for parent in subclass_of.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _documents(settings: Settings, catalogue: Catalogue, restricted_addresses: Iterable[str]) -> dict[str, Document]:
    """The source texts by document IRI, as pages show them: with e-mail addresses withheld.
    None when the served data has no sources beside it (`--data`)."""
    try:
        documents = load_documents(settings.sources_dir)
    except InputError:
        return {}
    # Every page quotes the text from here (excerpts, a document's lines): the one place to mask it.
    masker = Masker(restricted_addresses, public_addresses(settings.curated_dir / PUBLIC_ADDRESSES, documents))
    found = {}
    for document in documents.values():
        for space in catalogue.spaces:
            iri = f"{space}doc/{document.id}"
            if iri in catalogue.types:
                found[iri] = dataclasses.replace(document, lines=masker.mask_lines(document.lines))
    return found
