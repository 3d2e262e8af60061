"""The dataset described in VoID and DCAT: what it is, who publishes it under which licence,
where its dumps and SPARQL endpoint are, which vocabularies it uses, and its statistics.

The statistics are counted here in one pass over the published quads; the tests check them
against SPARQL counts of the same store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pyoxigraph import BlankNode, NamedNode, Quad, Triple

from dpgraph.rdf.terms import DCAT, DCT, FOAF, OWL, PREFIXES, RDF, RDFS, SKOS, VOID, date_literal, integer, text

TITLE = "Digital Partnership Knowledge Graph"
DESCRIPTION = (
    "The Council of Europe's partnership with digital companies and their associations, as linked data: "
    "the partners and their memberships, the Council of Europe bodies, the workplan activities partners took "
    "part in, the legal and policy instruments they concern and the events of the partnership's history, "
    "each statement derived from numbered lines of five source documents published by the Council of Europe."
)
PUBLISHER = "Digital Partnership Knowledge Graph project"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
# Properties that link a resource to another dataset's (the linksets of the statistics).
LINK_PREDICATES = (RDFS.seeAlso.value, OWL.sameAs.value, SKOS.exactMatch.value, SKOS.closeMatch.value)


@dataclass(frozen=True)
class Download:
    path: str  # local path under the base IRI, e.g. "dumps/digital-partnership.ttl"
    title: str
    media_type: str
    byte_size: int


@dataclass
class Statistics:
    triples: int = 0  # distinct triples of the merged public graph
    quads: int = 0
    entities: int = 0  # distinct subjects under the URI space
    distinct_subjects: int = 0
    distinct_objects: int = 0
    links: int = 0  # triples between two resources of the URI space
    classes: dict[str, int] = field(default_factory=dict)  # class -> distinct instances
    properties: dict[str, int] = field(default_factory=dict)  # property -> triples
    graphs: dict[str, int] = field(default_factory=dict)  # named graph -> quads
    linksets: dict[tuple[str, str], int] = field(default_factory=dict)  # (external site, link property) -> triples
    vocabularies: list[str] = field(default_factory=list)


def count(published: Iterable[Quad], uri_space: str, local_spaces: tuple[str, ...]) -> Statistics:
    triples: set[Triple] = set()
    graphs: Counter[str] = Counter()
    quads = 0
    for quad in published:
        quads += 1
        triples.add(Triple(quad.subject, quad.predicate, quad.object))
        if isinstance(quad.graph_name, NamedNode):
            graphs[quad.graph_name.value] += 1
    instances: dict[str, set[str]] = defaultdict(set)
    properties: Counter[str] = Counter()
    linksets: Counter[tuple[str, str]] = Counter()
    used: set[str] = set()
    links = 0
    for t in triples:
        properties[t.predicate.value] += 1
        used.add(t.predicate.value)
        obj = t.object
        if t.predicate == RDF.type and isinstance(obj, NamedNode):
            instances[obj.value].add(t.subject.value)
            used.add(obj.value)
        elif isinstance(obj, NamedNode) and obj.value.startswith(local_spaces):
            if isinstance(t.subject, NamedNode) and t.subject.value.startswith(local_spaces):
                links += 1
        elif isinstance(obj, NamedNode) and t.predicate.value in LINK_PREDICATES:
            parts = urlsplit(obj.value)
            linksets[(f"{parts.scheme}://{parts.netloc}/", t.predicate.value)] += 1
    subjects = {t.subject for t in triples}
    return Statistics(
        triples=len(triples),
        quads=quads,
        entities=sum(1 for s in subjects if isinstance(s, NamedNode) and s.value.startswith(uri_space)),
        distinct_subjects=len(subjects),
        distinct_objects=len({t.object for t in triples}),
        links=links,
        classes={c: len(s) for c, s in sorted(instances.items(), key=lambda kv: (-len(kv[1]), kv[0]))},
        properties=dict(sorted(properties.items(), key=lambda kv: (-kv[1], kv[0]))),
        graphs=dict(sorted(graphs.items())),
        linksets=dict(sorted(linksets.items(), key=lambda kv: (-kv[1], kv[0]))),
        vocabularies=sorted({ns for ns in PREFIXES.values() if any(term.startswith(ns) for term in used)}),
    )


@dataclass(frozen=True)
class DatasetInfo:
    base: str
    created: str
    modified: str
    statistics: Statistics
    dumps: list[Download]
    tables: list[Download]
    sources: list[str]  # IRIs of the source documents
    examples: list[str]

    @property
    def iri(self) -> str:
        return self.base + "dataset"


def void_triples(info: DatasetInfo) -> list[Triple]:
    """The description: what the dataset is and who publishes it, its distributions, its statistics.

    Blank nodes are numbered in the order they are made, so the same data give the same
    document, byte for byte (the dumps' checksums and the page's ETag mean something).
    """
    dataset = NamedNode(info.iri)
    out = [*_about(info, dataset), *_distributions(info, dataset), *_statistics(info.statistics, dataset)]
    # Turtle writers group consecutive statements of a subject: the dataset first, then the rest by subject.
    return sorted(out, key=lambda t: (t.subject != dataset, isinstance(t.subject, BlankNode), t.subject.value))


def _about(info: DatasetInfo, dataset: NamedNode) -> list[Triple]:
    base = info.base
    publisher, service = NamedNode(info.iri + "#publisher"), NamedNode(info.iri + "#sparql")
    out = [
        Triple(dataset, RDF.type, VOID.Dataset),
        Triple(dataset, RDF.type, DCAT.Dataset),
        Triple(dataset, DCT.title, text(TITLE, "en")),
        Triple(dataset, RDFS.label, text(TITLE, "en")),
        Triple(dataset, DCT.description, text(DESCRIPTION, "en")),
        Triple(dataset, DCT.publisher, publisher),
        Triple(publisher, RDF.type, FOAF.Organization),
        Triple(publisher, FOAF.name, text(PUBLISHER, "en")),
        Triple(publisher, FOAF.homepage, NamedNode(base)),
        Triple(dataset, DCT.license, NamedNode(LICENCE)),
        Triple(dataset, DCT.created, date_literal(info.created)),
        Triple(dataset, DCT.modified, date_literal(info.modified)),
        Triple(dataset, FOAF.homepage, NamedNode(base)),
        Triple(dataset, VOID.uriSpace, text(base)),
        Triple(dataset, VOID.sparqlEndpoint, NamedNode(base + "sparql")),
        Triple(dataset, DCAT.accessService, service),
        Triple(service, RDF.type, DCAT.DataService),
        Triple(service, DCT.title, text("SPARQL 1.1 endpoint", "en")),
        Triple(service, DCAT.endpointURL, NamedNode(base + "sparql")),
        Triple(service, DCT.conformsTo, NamedNode("https://www.w3.org/TR/sparql11-protocol/")),
        Triple(service, DCAT.servesDataset, dataset),
    ]
    out += [Triple(dataset, DCT.source, NamedNode(source)) for source in info.sources]
    out += [Triple(dataset, VOID.exampleResource, NamedNode(example)) for example in info.examples]
    out += [Triple(dataset, VOID.vocabulary, NamedNode(vocabulary)) for vocabulary in info.statistics.vocabularies]
    return out


def _distributions(info: DatasetInfo, dataset: NamedNode) -> list[Triple]:
    out = []
    for download in [*info.dumps, *info.tables]:
        distribution = NamedNode(f"{info.iri}#{download.path.replace('/', '-').replace('.', '-')}")
        url = NamedNode(info.base + download.path)
        out.append(Triple(dataset, DCAT.distribution, distribution))
        if download in info.dumps:
            out.append(Triple(dataset, VOID.dataDump, url))
        out += [
            Triple(distribution, RDF.type, DCAT.Distribution),
            Triple(distribution, DCT.title, text(download.title, "en")),
            Triple(distribution, DCAT.downloadURL, url),
            Triple(distribution, DCAT.mediaType, NamedNode(MEDIA_TYPES + download.media_type)),
            Triple(distribution, DCAT.byteSize, integer(download.byte_size, "nonNegativeInteger")),
            Triple(distribution, DCT.license, NamedNode(LICENCE)),
        ]
    return out


def _statistics(stats: Statistics, dataset: NamedNode) -> list[Triple]:
    out = [
        Triple(dataset, VOID.triples, integer(stats.triples)),
        Triple(dataset, VOID.entities, integer(stats.entities)),
        Triple(dataset, VOID.distinctSubjects, integer(stats.distinct_subjects)),
        Triple(dataset, VOID.distinctObjects, integer(stats.distinct_objects)),
        Triple(dataset, VOID.classes, integer(len(stats.classes))),
        Triple(dataset, VOID.properties, integer(len(stats.properties))),
    ]
    for number, (cls, entities) in enumerate(stats.classes.items(), 1):
        partition = BlankNode(f"class-{number}")
        out += [
            Triple(dataset, VOID.classPartition, partition),
            Triple(partition, VOID["class"], NamedNode(cls)),
            Triple(partition, VOID.entities, integer(entities)),
        ]
    for number, (prop, triples) in enumerate(stats.properties.items(), 1):
        partition = BlankNode(f"property-{number}")
        out += [
            Triple(dataset, VOID.propertyPartition, partition),
            Triple(partition, VOID.property, NamedNode(prop)),
            Triple(partition, VOID.triples, integer(triples)),
        ]
    for graph, quads in stats.graphs.items():
        out += [
            Triple(dataset, VOID.subset, NamedNode(graph)),
            Triple(NamedNode(graph), RDF.type, VOID.Dataset),
            Triple(NamedNode(graph), VOID.triples, integer(quads)),
        ]
    for number, ((target, predicate), triples) in enumerate(stats.linksets.items(), 1):
        linkset = BlankNode(f"linkset-{number}")
        out += [
            Triple(dataset, VOID.subset, linkset),
            Triple(linkset, RDF.type, VOID.Linkset),
            Triple(linkset, VOID.subjectsTarget, dataset),
            Triple(linkset, VOID.objectsTarget, NamedNode(target)),
            Triple(linkset, VOID.linkPredicate, NamedNode(predicate)),
            Triple(linkset, VOID.triples, integer(triples)),
        ]
    return out
