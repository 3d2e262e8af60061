"""What differs from one remote engine to the next, in one place: how a query is given its graphs,
which result format is asked for, and how the engine's answers are brought back to standard
SPARQL (docs/deploy.md lists what each difference was, as measured).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, QueryResultsFormat

from dpgraph.store import Term

# A graph no engine holds: the protocol's way of saying "an empty default graph" (no
# default-graph-uri at all would mean the engine's own default graph).
NO_GRAPH = "urn:dpgraph:no-graph"
XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
Graphs = tuple[Sequence[str], Sequence[str]]  # the default graph's parts, the named graphs
_POSITION = re.compile(r"\b(?:at|line) 1:(\d+)")


@dataclass(frozen=True)
class Dialect:
    kind: str
    results_accept: str = "application/sparql-results+json"
    results_format: QueryResultsFormat = QueryResultsFormat.JSON
    whole_dataset_reads: bool = False  # GET on the Graph Store URL with no graph gives every quad
    booleans_as_integers: bool = False  # an xsd:boolean computed by a query comes back as 1 or 0

    def graph_parameters(self, graphs: Graphs | None) -> Graphs | None:
        """default-graph-uri and named-graph-uri for the protocol (None: the engine's own dataset)."""
        if graphs is None:
            return None
        return (list(graphs[0]) or [NO_GRAPH], list(graphs[1]) or [NO_GRAPH])

    def query_text(self, text: str, graphs: Graphs | None) -> str:
        return text

    def term(self, term: Term | None) -> Term | None:
        return term

    def boolean(self, term: Term | None) -> Term | None:
        """A term of a column the query computes as a boolean, as xsd:boolean."""
        if self.booleans_as_integers and isinstance(term, Literal) and term.datatype == XSD_INTEGER and term.value in ("0", "1"):
            return Literal("true" if term.value == "1" else "false", datatype=XSD_BOOLEAN)
        return term

    def error_message(self, message: str, prologue: str) -> str:
        """The engine's message about a query, its positions on the query as sent by the client
        (the prologue the front adds is on the query's first line, so only columns there move)."""
        return _POSITION.sub(lambda m: m.group().replace(m.group(1), str(max(1, int(m.group(1)) - len(prologue)))), message)


DIALECTS = {
    "oxigraph": Dialect("oxigraph", whole_dataset_reads=True),
    "virtuoso": Dialect("virtuoso", booleans_as_integers=True),
    "sparql11": Dialect("sparql11"),
}


def dialect_of(kind: str) -> Dialect:
    return DIALECTS[kind]
