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
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_BOOLEAN = NamedNode(f"{XSD}boolean")
XSD_INTEGER = NamedNode(f"{XSD}integer")
XSD_DOUBLE = NamedNode(f"{XSD}double")
FLOATING = {XSD_DOUBLE, NamedNode(f"{XSD}float")}
# One graph holding the union of a release's graphs (each triple once), written by `dpgraph
# publish` in the same switch. Given several default graphs, Virtuoso 7.2 drops solutions whose
# triples lie in different graphs (the `bodies` query: 0 rows of 68), and Oxigraph answers 2-4
# times slower than given one graph (bench/engine_bench.py); given this one, both answer as fast
# as over their own union default graph, and right.
UNION_GRAPH = "urn:dpgraph:union-of-the-release"
Graphs = tuple[Sequence[str], Sequence[str]]  # the default graph's parts, the named graphs
_POSITION = re.compile(r"\b(?:at|line) 1:(\d+)")


@dataclass(frozen=True)
class Dialect:
    kind: str
    results_accept: str = "application/sparql-results+json"
    results_format: QueryResultsFormat = QueryResultsFormat.JSON
    whole_dataset_reads: bool = False  # GET on the Graph Store URL with no graph gives every quad
    booleans_as_integers: bool = False  # an xsd:boolean comes back as 1 or 0 (stored ones typed, computed ones as integers)
    # An xsd:double or xsd:float comes back cut to 6 significant digits: this expression of a
    # column's `{var}` (None: nothing is cut) gives its exact text, in an answer's strings.
    exact_floating: str | None = None
    union_graph: bool = False  # `dpgraph publish` also writes the release's union as UNION_GRAPH
    retry_states: tuple[str, ...] = ()  # a write that failed with these may be sent again as it is

    def graph_parameters(self, graphs: Graphs | None, in_union: Sequence[str] = ()) -> Graphs | None:
        """default-graph-uri and named-graph-uri for the protocol (None: the engine's own dataset);
        `in_union`: the graphs whose union the release's UNION_GRAPH holds (none: it has none). A
        default graph of fewer graphs (a front that hides the restricted graph of a staff
        release) is given as its list: the union graph would show them all."""
        if graphs is None:
            return None
        default = list(graphs[0])
        if default and set(default) == set(in_union):
            default = [UNION_GRAPH]
        return (default or [NO_GRAPH], list(graphs[1]) or [NO_GRAPH])

    def query_text(self, text: str, graphs: Graphs | None) -> str:
        return text

    def cell(self, term: Term | None, computed_boolean: bool = False) -> Term | None:
        """A term of an answer as standard SPARQL gives it; `computed_boolean`: its column is a
        boolean the query computes (which an engine may give as an integer)."""
        if not self.booleans_as_integers or not isinstance(term, Literal) or term.value not in ("0", "1"):
            return term
        if term.datatype == XSD_BOOLEAN or (computed_boolean and term.datatype == XSD_INTEGER):
            return Literal("true" if term.value == "1" else "false", datatype=XSD_BOOLEAN)
        return term

    def floating(self, term: Literal, text: str) -> Literal:
        """A double or float from its exact text (exact_floating), written as the build writes
        doubles: the shortest text that reads back as the same number."""
        return Literal(repr(float(text)) if term.datatype == XSD_DOUBLE else text, datatype=term.datatype)

    def error_message(self, message: str, prologue: str) -> str:
        """The engine's message about a query, its positions on the query as sent by the client
        (the prologue the front adds is on the query's first line, so only columns there move)."""
        return _POSITION.sub(lambda m: m.group().replace(m.group(1), str(max(1, int(m.group(1)) - len(prologue)))), message)


DIALECTS = {
    "oxigraph": Dialect("oxigraph", whole_dataset_reads=True, union_graph=True),
    "virtuoso": Dialect(
        "virtuoso",
        booleans_as_integers=True,
        # STR() of a double has 16 digits, one short of telling every double apart: 17 do.
        exact_floating=f'IF(DATATYPE({{var}}) = <{XSD}double>, <bif:sprintf>("%.17g", {{var}}), STR({{var}}))',
        union_graph=True,
        retry_states=("SR171", "40001"),
    ),
    "sparql11": Dialect("sparql11"),
}


def dialect_of(kind: str) -> Dialect:
    return DIALECTS[kind]
