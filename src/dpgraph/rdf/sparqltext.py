"""SPARQL text rewritten without parsing it: VALUES for bound parameters, USING for the protocol's
graphs, and the query form for content negotiation.

These never decide what a request may do (web/sparql/querycheck.py decides that on the parsed
request); they only place clauses, and the terms they place are pyoxigraph terms written in
their N-Triples form, so no value can become syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Variable

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


def with_lexical_forms(text: str, names: list[str], wanted: list[str], expression: str) -> str | None:
    """The SELECT as a subquery of one that also projects `expression` (a template of `{var}`)
    of each `wanted` column, as `?<name>__lexical`; None when it cannot be wrapped (not a
    SELECT, or FROM clauses, which a subquery may not carry).

    For an engine that cuts numbers it writes (Virtuoso: doubles to 6 digits) but not the
    strings it writes: the exact forms come back as strings. The prologue stays outside.
    """
    form = None
    for match in _TOKEN.finditer(text):
        word = match.group().upper() if match.lastgroup == "word" else None
        if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = match
        elif form is not None and word == "FROM":
            return None
        elif form is not None and match.group() == "{":
            break
    if form is None or form.group().upper() != "SELECT":
        return None
    extra = " ".join(f"({expression.format(var=f'?{name}')} AS ?{name}__lexical)" for name in wanted)
    columns = " ".join(f"?{name}" for name in names)
    return f"{text[: form.start()]}SELECT {columns} {extra} WHERE {{ {text[form.start() :]}\n}}"
