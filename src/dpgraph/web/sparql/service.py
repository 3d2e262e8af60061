"""The SPARQL 1.1 Service Description a GET on /sparql without a query returns.

https://www.w3.org/TR/sparql11-service-description/: the endpoint's URL as the request saw it,
the languages and result formats it speaks, its features, the default dataset with its named
graphs and their sizes, and the canned queries, described as SHACL SPARQL executables
(`sh:select`), the shape other SPARQL editors read example queries from.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from dpgraph.canned import CannedQuery
from dpgraph.rdf.terms import RDF, RDFS, SD, VOID, XSD, Namespace

FORMATS = Namespace("http://www.w3.org/ns/formats/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
GRAPH_FORMATS = ("Turtle", "JSON-LD", "N-Triples", "RDF_XML", "TriG", "N-Quads")
SD_PREFIXES = {"sd": SD.iri, "formats": FORMATS.iri, "sh": SH.iri}


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def description(
    endpoint: str,
    sizes: dict[str, int],
    canned: dict[str, CannedQuery],
    queries_url: str,
    update: bool,
    federated: bool,
) -> list[Quad]:
    service = NamedNode(endpoint)
    quads = [Quad(service, RDF.type, SD.Service), Quad(service, SD.endpoint, service)]
    quads.append(Quad(service, SD.supportedLanguage, SD.SPARQL11Query))
    if update:
        quads.append(Quad(service, SD.supportedLanguage, SD.SPARQL11Update))
    quads += [Quad(service, SD.resultFormat, FORMATS[name]) for name in RESULT_FORMATS + GRAPH_FORMATS]
    quads.append(Quad(service, SD.feature, SD.UnionDefaultGraph))
    if federated:
        quads.append(Quad(service, SD.feature, SD.BasicFederatedQuery))
    dataset, default_graph = BlankNode(), BlankNode()
    quads += [
        Quad(service, SD.defaultDataset, dataset),
        Quad(dataset, RDF.type, SD.Dataset),
        Quad(dataset, SD.defaultGraph, default_graph),
        Quad(default_graph, RDF.type, SD.Graph),
        Quad(default_graph, RDFS.comment, Literal("the union of the named graphs", language="en")),
        Quad(default_graph, VOID.triples, _count(sum(sizes.values()))),
    ]
    for name, size in sizes.items():
        named, graph = BlankNode(), BlankNode()
        quads += [
            Quad(dataset, SD.namedGraph, named),
            Quad(named, RDF.type, SD.NamedGraph),
            Quad(named, SD.name, NamedNode(name)),
            Quad(named, SD.graph, graph),
            Quad(graph, RDF.type, SD.Graph),
            Quad(graph, VOID.triples, _count(size)),
        ]
    for query in canned.values():
        node = NamedNode(f"{queries_url}{query.name}")
        quads += [
            Quad(node, RDF.type, SH.SPARQLExecutable),
            Quad(node, RDF.type, SH.SPARQLSelectExecutable),
            Quad(node, RDFS.label, Literal(query.title, language="en")),
            Quad(node, RDFS.comment, Literal(query.description, language="en")),
            Quad(node, SH.select, Literal(query.text)),
            Quad(node, SCHEMA.target, service),
        ]
    return quads
