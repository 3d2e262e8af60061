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

The tokens below serve only to rewrite requests (VALUES for canned parameters, USING for the
protocol's graphs) and to tell the query form for content negotiation.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Variable
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<var>[?$]\w+)
    | (?P<pname>[\w.-]*:(?:[\w.:%-]|\\.)*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_BRACKETS = re.compile(r"[(){}\[\]]")
_WATCHED = ("service", "load", "from")
# Oxigraph's recursive parser overflows the worker's stack at a few thousand nested groups;
# no real query comes near this.
MAX_NESTING = 256
# pyparsing's caches are shared by every thread.
_PARSER_LOCK = threading.Lock()


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a query or update: no spaces, no comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group())


@dataclass(frozen=True)
class Reach:
    """What a request asks the engine to touch beyond the served dataset."""

    services: tuple[str | None, ...] = ()  # SERVICE targets; None where the target is a variable
    loads: bool = False  # a LOAD operation
    dataset_clause: bool = False  # FROM / FROM NAMED: the query picks its own graphs
    unreadable: str | None = None  # why the request could not be analysed (it is then refused)


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


def reach(text: str, prefixes: Mapping[str, str], kind: str = "query", base: str | None = None) -> Reach:
    """SERVICE targets, LOAD and FROM as the parsed request has them ("query" or "update")."""
    deepest = nesting(text)
    if deepest > MAX_NESTING:
        return Reach(unreadable=f"the {kind} nests brackets {deepest} deep; this endpoint accepts at most {MAX_NESTING}")
    views = (text.casefold(), expand_codepoints(text).casefold())
    if not any(word in view for word in _WATCHED for view in views):
        return Reach()
    return _parsed_reach(text, kind, base, tuple(sorted(prefixes.items())))


@lru_cache(maxsize=512)
def _parsed_reach(text: str, kind: str, base: str | None, prefixes: tuple[tuple[str, str], ...]) -> Reach:
    try:
        with _PARSER_LOCK:
            if kind == "update":
                algebra, dataset = translateUpdate(parseUpdate(text), base=base, initNs=dict(prefixes)).algebra, False
            else:
                algebra = translateQuery(parseQuery(text), base=base, initNs=dict(prefixes)).algebra
                dataset = bool(algebra.get("datasetClause"))
    except RecursionError:
        return Reach(unreadable=f"the {kind} is nested too deeply for this endpoint's safety check to read it")
    except Exception as exc:  # any failure to read the request is a refusal, whatever the parser raised
        return Reach(unreadable=f"the {kind} could not be analysed by this endpoint's safety check: {exc}")
    services: list[str | None] = []
    loads = False
    for node in _nodes(algebra):
        if node.name == "ServiceGraphPattern":
            term = node.get("term")
            services.append(str(term) if isinstance(term, URIRef) else None)
        loads = loads or node.name == "Load"
    return Reach(tuple(services), loads, dataset)


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


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the prologue (None if there is none)."""
    found = tokens(text)
    for token in found:
        word = token.text.upper() if token.kind == "word" else None
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return word
        if word not in ("BASE", "PREFIX") and token.kind not in ("iri", "pname"):
            return None
    return None


def with_values(text: str, bindings: Mapping[Variable, NamedNode | Literal]) -> str:
    """The query with a VALUES block of typed terms opening its WHERE group.

    Oxigraph's own substitutions only accept variables the query projects, and a canned query's
    parameters are usually used in a FILTER only. The terms are pyoxigraph terms checked by
    CannedQuery.bindings and written in their N-Triples form by pyoxigraph, so no value can
    reach the query as syntax.
    """
    if not bindings:
        return text
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if match.lastgroup != "other":
            continue
        depth += {"(": 1, ")": -1}.get(token, 0)
        if token == "{" and depth == 0:
            names = " ".join(f"?{variable.value}" for variable in bindings)
            terms = " ".join(str(term) for term in bindings.values())
            return f"{text[: match.end()]} VALUES ({names}) {{ ({terms}) }} {text[match.end() :]}"
    raise ValueError("the query has no WHERE group to bind parameters in")


def with_using(text: str, default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]) -> str:
    """The update with the protocol's using-graph-uri / using-named-graph-uri as USING clauses.

    SPARQL 1.1 Protocol §2.2.3: they set the dataset of every DELETE/INSERT operation's WHERE,
    and an update that names its own (USING, USING NAMED, WITH) alongside them is an error
    (ValueError). The clauses go before each WHERE that closes an operation's templates.
    """
    if not default_graphs and not named_graphs:
        return text
    found = [m for m in _TOKEN.finditer(text) if m.lastgroup not in ("space", "comment")]
    if any(m.lastgroup == "word" and m.group().upper() in ("USING", "WITH") for m in found):
        raise ValueError("the update names its own dataset (USING or WITH): send it without using-graph-uri parameters")
    clause = " ".join([f"USING <{g}>" for g in default_graphs] + [f"USING NAMED <{g}>" for g in named_graphs])
    pieces, start, depth = [], 0, 0
    for previous, match in zip([None, *found], found, strict=False):
        token = match.group()
        depth += {"{": 1, "}": -1}.get(token, 0) if match.lastgroup == "other" else 0
        is_where = match.lastgroup == "word" and token.upper() == "WHERE"
        if is_where and depth == 0 and previous is not None and previous.group() == "}":
            pieces += [text[start : match.start()], clause, " "]
            start = match.start()
    return "".join([*pieces, text[start:]])
