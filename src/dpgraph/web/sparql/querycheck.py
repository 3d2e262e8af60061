"""What a SPARQL request would make the engine reach for, decided on the parsed request before Oxigraph sees it.

pyoxigraph runs SERVICE and LOAD through its own HTTP client, with no switch to turn them off
and out of sight of Python's audit hooks, so the endpoint refuses them here, from the request
as rdflib's parser of the full SPARQL 1.1 grammar reads it (prefixed names and relative IRIs
resolved, sub-queries, EXISTS and updates walked), never from a tokenizer of its own. A request
that parser cannot read is refused when it might hold SERVICE, LOAD or FROM: what cannot be
analysed does not run. A request holds none of them when neither its text nor its text with
\\u escapes expanded contains the words (SPARQL keywords are spelt out, escapes or not), which
spares the parser's milliseconds for most queries. The query workers cannot open Internet
sockets at all (sandbox.py), so a request this check misreads still reaches no host.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rdflib.namespace import XSD as XSD_NAMESPACE
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Literal as RdfLiteral
from rdflib.term import URIRef
from rdflib.term import Variable as RdfVariable

XSD_BOOLEAN = XSD_NAMESPACE.boolean

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_BRACKETS = re.compile(r"[(){}\[\]]")
_WATCHED = ("service", "load", "from")
# Oxigraph's recursive parser overflows the worker's stack at a few thousand nested groups;
# no real query comes near this.
MAX_NESTING = 256
# pyparsing's caches are shared by every thread.
_PARSER_LOCK = threading.Lock()


@dataclass(frozen=True)
class Reach:
    """What a request asks the engine to touch beyond the served dataset."""

    services: tuple[str | None, ...] = ()  # SERVICE targets; None where the target is a variable
    loads: bool = False  # a LOAD operation
    dataset_clause: bool = False  # FROM / FROM NAMED: the query picks its own graphs
    unreadable: str | None = None  # why the request could not be analysed (it is then refused)
    from_graphs: tuple[str, ...] = ()  # FROM: the default graph's parts
    from_named: tuple[str, ...] = ()  # FROM NAMED
    functions: tuple[str, ...] = ()  # IRIs called as functions (casts such as xsd:integer(?x) among them)
    boolean_columns: tuple[str, ...] = ()  # variables the query binds to a boolean it computes (BIND, SELECT expressions)
    concatenations: tuple[tuple[str, str], ...] = ()  # (variable, separator) of each (GROUP_CONCAT(...) AS ?variable)


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str


def expand_codepoints(text: str) -> str:
    """The text with SPARQL's \\u and \\U escapes replaced by the characters they stand for."""

    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _CODEPOINT.sub(expand, text)


def nesting(text: str) -> int:
    """The deepest nesting of brackets, counted over the whole text (strings and IRIs too: a bound, not a parse)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "({[" else -1
        deepest = max(deepest, depth)
    return deepest


def reach(text: str, prefixes: Mapping[str, str], kind: str = "query", base: str | None = None, parse: bool = False) -> Reach:
    """SERVICE targets, LOAD and FROM as the parsed request has them ("query" or "update").

    `parse`: always parse, for a remote engine, which reads more than SPARQL 1.1 (Virtuoso's
    DEFINE pragmas and bif: functions reach its file system and its web crawler), so only what
    the SPARQL 1.1 grammar reads may go to it, and its functions are known (remote_refusal)."""
    deepest = nesting(text)
    if deepest > MAX_NESTING:
        return Reach(unreadable=f"the {kind} nests brackets {deepest} deep; this endpoint accepts at most {MAX_NESTING}")
    views = (text.casefold(), expand_codepoints(text).casefold())
    # GROUP_CONCAT too: its parts come in the engine's order, which the endpoint sorts (Reach.concatenations).
    if not parse and not any(word in view for word in (*_WATCHED, "group_concat") for view in views):
        return Reach()
    return _parsed_reach(text, kind, base, tuple(sorted(prefixes.items())))


@lru_cache(maxsize=512)
def _parsed_reach(text: str, kind: str, base: str | None, prefixes: tuple[tuple[str, str], ...]) -> Reach:
    try:
        with _PARSER_LOCK:
            if kind == "update":
                algebra, dataset = translateUpdate(parseUpdate(text), base=base, initNs=dict(prefixes)).algebra, []
            else:
                algebra = translateQuery(parseQuery(text), base=base, initNs=dict(prefixes)).algebra
                dataset = algebra.get("datasetClause") or []
    except RecursionError:
        return Reach(unreadable=f"the {kind} is nested too deeply for this endpoint's safety check to read it")
    except Exception as exc:  # any failure to read the request is a refusal, whatever the parser raised
        return Reach(unreadable=f"the {kind} could not be analysed by this endpoint's safety check: {exc}")
    services: list[str | None] = []
    functions, booleans = set(), set()
    separators: dict[str, str] = {}  # an aggregate's result variable -> its separator
    projected: dict[str, str] = {}  # a variable bound to another (as a SELECT's aggregates are) -> that one
    loads = False
    for node in _nodes(algebra):
        if node.name == "ServiceGraphPattern":
            term = node.get("term")
            services.append(str(term) if isinstance(term, URIRef) else None)
        elif node.name == "Function":
            functions.add(str(node["iri"]))
        elif node.name == "Aggregate_GroupConcat":
            separators[str(node["res"])] = str(node["separator"]) if "separator" in node else " "
        elif node.name == "Extend" and isinstance(node["expr"], RdfVariable):
            projected[str(node["var"])] = str(node["expr"])
        elif node.name == "Extend" and _is_boolean(node["expr"]):
            booleans.add(str(node["var"]))
        loads = loads or node.name == "Load"
    return Reach(
        tuple(services),
        loads,
        bool(dataset),
        from_graphs=tuple(str(c["default"]) for c in dataset if "default" in c),
        from_named=tuple(str(c["named"]) for c in dataset if "named" in c),
        functions=tuple(sorted(functions)),
        boolean_columns=tuple(sorted(booleans)),
        concatenations=tuple(sorted((var, separators[res]) for var, res in projected.items() if res in separators)),
    )


# Expressions whose value is always an xsd:boolean (SPARQL 1.1 §17.4).
_BOOLEAN_BUILTINS = (
    "BOUND isIRI isURI isBLANK isLITERAL isNUMERIC REGEX CONTAINS STRSTARTS STRENDS sameTerm LANGMATCHES EXISTS NOTEXISTS"
)
_BOOLEAN_EXPRESSIONS = {"RelationalExpression", "ConditionalAndExpression", "ConditionalOrExpression", "UnaryNot"} | {
    f"Builtin_{name}" for name in _BOOLEAN_BUILTINS.split()
}


def _is_boolean(expression: object) -> bool:
    if isinstance(expression, CompValue):
        return expression.name in _BOOLEAN_EXPRESSIONS or (
            expression.name == "Function" and str(expression["iri"]) == str(XSD_BOOLEAN)
        )
    return isinstance(expression, RdfLiteral) and expression.datatype == XSD_BOOLEAN


def _nodes(value: object) -> Iterator[CompValue]:
    """Every algebra node under `value`: patterns, expressions (EXISTS), sub-queries, update operations."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def remote_refusal(found: Reach) -> Refusal | None:
    """Why a query may not go to a remote engine: one it cannot read, or a function beyond the
    XSD casts (an engine may run its own built-ins under an IRI: Virtuoso's bif: and sql:)."""
    if found.unreadable:
        return Refusal(400, found.unreadable)
    for iri in found.functions:
        if not iri.startswith(str(XSD_NAMESPACE)):
            return Refusal(
                403, f"the function <{iri}> is not available on this endpoint: only SPARQL's own functions and XSD casts are"
            )
    return None


def refusal(found: Reach, service_allow: frozenset[str]) -> Refusal | None:
    """Why the request may not run, or None when it may."""
    if found.unreadable:
        return Refusal(400, found.unreadable)
    if found.loads:
        return Refusal(403, "LOAD is not allowed: this endpoint never fetches data from the network or the file system")
    for target in found.services:
        if not service_allow:
            return Refusal(403, "SERVICE (federated query) is turned off on this endpoint")
        if target is None:
            return Refusal(403, "SERVICE needs a literal IRI from the endpoint's allow-list, not a variable")
        if target not in service_allow:
            return Refusal(403, f"SERVICE <{target}> is not in this endpoint's allow-list")
    return None
