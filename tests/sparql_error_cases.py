"""Broken queries and where pyoxigraph's parser gets stuck on them, for the tests of the plain-words
syntax errors (rdf/sparql_errors.py) through the parser, the CLI and the endpoint.

Each case: the text, the line and column (in characters) of the offending token, that token as the
message shows it (None: the end of the query), and words the "expected" part must hold.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pytest


class Broken(NamedTuple):
    text: str
    line: int
    column: int
    token: str | None
    expects: tuple[str, ...]


CASES = {
    "missing closing brace": Broken("SELECT * WHERE { ?s ?p ?o ", 1, 27, None, ('"}"', "FILTER")),
    "missing opening brace": Broken("SELECT * WHERE ?s ?p ?o }", 1, 16, "?s", ('"{"',)),
    "misspelt WHERE": Broken("SELECT * WHER { ?s ?p ?o }", 1, 10, "WHER", ("WHERE", '"{"')),
    "misspelt SELECT": Broken("SELEC * { ?s ?p ?o }", 1, 1, "SELEC", ("SELECT", "CONSTRUCT")),
    "misspelt LIMIT": Broken("SELECT * WHERE { ?s ?p ?o } LIMT 5", 1, 29, "LIMT", ("LIMIT", "OFFSET")),
    "bad IRI": Broken("SELECT * WHERE { ?s ?p <http://ex ample> }", 1, 24, "<http://ex ample>", ("a valid IRI",)),
    "unterminated string": Broken('SELECT * WHERE { ?s ?p "abc }', 1, 30, None, ("the closing quote of the string",)),
    "stray token at the end": Broken("SELECT * WHERE { ?s ?p ?o } }", 1, 29, "}", ("a keyword such as GROUP",)),
    "missing object": Broken("SELECT * WHERE { ?s ?p ?o . ?s ?p }", 1, 35, "}", ("a variable", "an IRI")),
    "error on line 3": Broken("SELECT *\nWHERE {\n  ?s ?p ?o . FILTER(?o = ) }", 3, 26, ")", ("a variable", "a number", "ABS")),
    "non-ASCII text before the error": Broken(
        'SELECT ?name WHERE {\n  ?org dp:name "Conseil de l\'Europe — café 😀" ; ?x ]\n}', 2, 52, "]", ("a variable",)
    ),
    "after a \\u0041-escaped IRI": Broken("SELECT * WHERE { <http://example.org/\\u0041b> ?p ?o ! }", 1, 53, "!", ('"}"',)),
    "undeclared prefix": Broken("SELECT ?x WHERE { ?x a foo:Bar }", 1, 24, "foo:Bar", ("PREFIX foo:",)),
    "not a number": Broken('SELECT * WHERE { ?s ?p "é" } LIMIT x', 1, 36, "x", ("a number",)),
}
# What the parser's own report spells out and a reader should never see.
GRAMMAR_NOISE = ("\\u{", "[#x", "[_]", "..=")


def broken_cases():
    return [pytest.param(case, id=name) for name, case in CASES.items()]


def check_message(message: str, case: Broken) -> None:
    """The message names the case's place, token and expectations, in plain words only."""
    assert f"line {case.line}, column {case.column}:" in message, message
    found = "the end of the query" if case.token is None else f'"{case.token}"'
    assert f"found {found};" in message, message
    expected = message.split("; expected ", 1)[1]
    assert all(words in expected for words in case.expects), message
    assert not any(noise in message for noise in GRAMMAR_NOISE), message
    assert not re.search(r"\bat \d+:\d+", message), message  # the parser's own "error at 1:10"
    # The place is right in the text itself: the token starts at that line and column (in characters).
    line = case.text.split("\n")[case.line - 1]
    if case.token is None:
        assert case.line == case.text.count("\n") + 1 and case.column == len(line) + 1
    else:
        assert line[case.column - 1 :].startswith(case.token)
