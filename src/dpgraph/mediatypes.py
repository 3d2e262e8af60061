"""The media types the project reads and writes, as plain tables: media type -> Oxigraph format, short name -> media type.

The query workers write results in these formats and the web layer negotiates over them, so
they live below both.
"""

from __future__ import annotations

from pyoxigraph import QueryResultsFormat, RdfFormat

# Results of SELECT and ASK.
RESULT_TYPES: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
    "application/json": QueryResultsFormat.JSON,
    "application/xml": QueryResultsFormat.XML,
}
# Graphs (CONSTRUCT, DESCRIBE, resource descriptions, dumps).
GRAPH_TYPES: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/trig": RdfFormat.TRIG,
    "application/n-quads": RdfFormat.N_QUADS,
    "text/n3": RdfFormat.N3,
    "application/x-turtle": RdfFormat.TURTLE,
}
# Short names for the `format` parameter and file extensions.
SHORT_NAMES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "nquads": "application/n-quads",
    "html": "text/html",
}
