"""Query results as an HTML table whose IRIs link to the resources' pages on this site (or to
themselves, if they are http(s) URLs: a query can return any IRI, `javascript:` too)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

from dpgraph.rdf.iris import href

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class ResultCell:
    text: str
    href: str | None = None
    note: str = ""  # a literal's language or datatype


@dataclass(frozen=True)
class ResultTable:
    columns: list[str]
    rows: list[list[ResultCell]]
    boolean: bool | None = None  # an ASK query's answer


def _json_cell(value: dict[str, str] | None, base: str) -> ResultCell:
    if value is None:
        return ResultCell("")
    if value["type"] == "uri":
        return ResultCell(value["value"], href(value["value"], base))
    if value["type"] == "bnode":
        return ResultCell(f"_:{value['value']}")
    note = value.get("xml:lang") or value.get("datatype", "")
    return ResultCell(value["value"], note="" if note == XSD_STRING else note)


def from_json(body: bytes, base: str) -> ResultTable:
    """A table from SPARQL 1.1 Query Results JSON."""
    data = json.loads(body)
    if "boolean" in data:
        return ResultTable([], [], bool(data["boolean"]))
    columns = data["head"].get("vars", [])
    rows = [[_json_cell(binding.get(c), base) for c in columns] for binding in data["results"]["bindings"]]
    return ResultTable(columns, rows)


def _term_cell(term: object, base: str) -> ResultCell:
    if isinstance(term, NamedNode):
        return ResultCell(term.value, href(term.value, base))
    if isinstance(term, BlankNode):
        return ResultCell(f"_:{term.value}")
    if isinstance(term, Literal):
        note = term.language or term.datatype.value
        return ResultCell(term.value, note="" if note == XSD_STRING else note)
    return ResultCell(str(term))


def from_ntriples(body: bytes, base: str) -> ResultTable:
    """A subject / predicate / object table from a CONSTRUCT or DESCRIBE result."""
    rows = [[_term_cell(t, base) for t in (q.subject, q.predicate, q.object)] for q in parse(body, RdfFormat.N_TRIPLES)]
    return ResultTable(["subject", "predicate", "object"], rows)
