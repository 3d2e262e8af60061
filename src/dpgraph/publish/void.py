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

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

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
    base, stats = info.base, info.statistics
    dataset = NamedNode(info.iri)
    out: list[Triple] = []

    def add(s: NamedNode | BlankNode, p: NamedNode, o: NamedNode | BlankNode | Literal) -> None:
        out.append(Triple(s, p, o))

    add(dataset, RDF.type, VOID.Dataset)
    add(dataset, RDF.type, DCAT.Dataset)
    add(dataset, DCT.title, text(TITLE, "en"))
    add(dataset, RDFS.label, text(TITLE, "en"))
    add(dataset, DCT.description, text(DESCRIPTION, "en"))
    publisher = NamedNode(info.iri + "#publisher")
    add(dataset, DCT.publisher, publisher)
    add(publisher, RDF.type, FOAF.Organization)
    add(publisher, FOAF.name, text(PUBLISHER, "en"))
    add(publisher, FOAF.homepage, NamedNode(base))
    add(dataset, DCT.license, NamedNode(LICENCE))
    add(dataset, DCT.created, date_literal(info.created))
    add(dataset, DCT.modified, date_literal(info.modified))
    add(dataset, FOAF.homepage, NamedNode(base))
    add(dataset, VOID.uriSpace, text(base))
    add(dataset, VOID.sparqlEndpoint, NamedNode(base + "sparql"))
    service = NamedNode(info.iri + "#sparql")
    add(dataset, DCAT.accessService, service)
    add(service, RDF.type, DCAT.DataService)
    add(service, DCT.title, text("SPARQL 1.1 endpoint", "en"))
    add(service, DCAT.endpointURL, NamedNode(base + "sparql"))
    add(service, DCT.conformsTo, NamedNode("https://www.w3.org/TR/sparql11-protocol/"))
    add(service, DCAT.servesDataset, dataset)
    for source in info.sources:
        add(dataset, DCT.source, NamedNode(source))
    for example in info.examples:
        add(dataset, VOID.exampleResource, NamedNode(example))
    for vocabulary in stats.vocabularies:
        add(dataset, VOID.vocabulary, NamedNode(vocabulary))
    for download in [*info.dumps, *info.tables]:
        distribution = NamedNode(f"{info.iri}#{download.path.replace('/', '-').replace('.', '-')}")
        url = NamedNode(base + download.path)
        add(dataset, DCAT.distribution, distribution)
        if download in info.dumps:
            add(dataset, VOID.dataDump, url)
        add(distribution, RDF.type, DCAT.Distribution)
        add(distribution, DCT.title, text(download.title, "en"))
        add(distribution, DCAT.downloadURL, url)
        add(distribution, DCAT.mediaType, NamedNode(MEDIA_TYPES + download.media_type))
        add(distribution, DCAT.byteSize, integer(download.byte_size, "nonNegativeInteger"))
        add(distribution, DCT.license, NamedNode(LICENCE))
    add(dataset, VOID.triples, integer(stats.triples))
    add(dataset, VOID.entities, integer(stats.entities))
    add(dataset, VOID.distinctSubjects, integer(stats.distinct_subjects))
    add(dataset, VOID.distinctObjects, integer(stats.distinct_objects))
    add(dataset, VOID.classes, integer(len(stats.classes)))
    add(dataset, VOID.properties, integer(len(stats.properties)))
    for cls, entities in stats.classes.items():
        partition = BlankNode()
        add(dataset, VOID.classPartition, partition)
        add(partition, VOID["class"], NamedNode(cls))
        add(partition, VOID.entities, integer(entities))
    for prop, triples in stats.properties.items():
        partition = BlankNode()
        add(dataset, VOID.propertyPartition, partition)
        add(partition, VOID.property, NamedNode(prop))
        add(partition, VOID.triples, integer(triples))
    for graph, quads in stats.graphs.items():
        add(dataset, VOID.subset, NamedNode(graph))
        add(NamedNode(graph), RDF.type, VOID.Dataset)
        add(NamedNode(graph), VOID.triples, integer(quads))
    for (target, predicate), triples in stats.linksets.items():
        linkset = BlankNode()
        add(dataset, VOID.subset, linkset)
        add(linkset, RDF.type, VOID.Linkset)
        add(linkset, VOID.subjectsTarget, dataset)
        add(linkset, VOID.objectsTarget, NamedNode(target))
        add(linkset, VOID.linkPredicate, NamedNode(predicate))
        add(linkset, VOID.triples, integer(triples))
    # Turtle writers group consecutive statements of a subject: the dataset first, then the rest by subject.
    return sorted(out, key=lambda t: (t.subject != dataset, isinstance(t.subject, BlankNode), t.subject.value))
