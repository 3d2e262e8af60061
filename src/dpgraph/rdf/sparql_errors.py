"""A SPARQL syntax error in plain words: where (line and column), what was found there, and what
the parser would have taken instead, from pyoxigraph's own report and the query text.

pyoxigraph (a PEG parser) reports the furthest position any alternative reached and the
alternatives that failed there, written as its grammar names them: Unicode ranges, `[_]` (any
character), keywords. Its keywords are read as a fixed number of characters before they are
compared, so that position is often a few characters past the mistake ("SELEC * {}" is reported
at column 10, where reading CONSTRUCT ended). Every judgement here is the parser's: the place it
got stuck is the longest prefix it still accepts as the start of a query (asked by parsing that
prefix followed by blanks and a character no query may hold), at most a keyword's length before
the reported position, and what may come there is what it expects when given that prefix alone
(keywords: that prefix and n characters, which fail exactly when a keyword of length n is tried).
The kinds of token that may come there (a variable, an IRI, "{", ...) are each offered to the
parser in turn. The text is only read to show the token at that place. No probe can run: each
ends in a character no query may hold (so whether the query could have ended there is not asked:
that would run it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pyoxigraph import NamedNode, Store

_REPORT = re.compile(r"error at (\d+):(\d+): expected (?:one of )?(.*)", re.DOTALL)
_ITEM = re.compile(r""""(?:[^"\\]|\\.)*"|\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]|[^,\s][^,]*""")
_KEYWORD = re.compile(r"[A-Za-z_]+")
_NOT_SPARQL = "`"  # outside strings and comments, no SPARQL text may hold a backtick
_BLANKS = 24  # longer than any keyword (ENCODE_FOR_URI: 14)
_REACH = 20  # how far before the reported position the mistake may lie (a keyword's length)
_MAX_PROBED = 10_000  # characters: each probe parses the text again (10 KB: about 1 ms); a longer one is not probed
_SHOWN = 40  # characters of the offending token shown
_WORDS = {
    "?": "a variable",
    "$": "a variable",
    "<": "an IRI",
    ":": "a prefixed name",
    "_:": "a blank node",
    '"': "a string",
    "'": "a string",
    '"""': "a string",
    "'''": "a string",
    "+": "a number",
    "-": "a number",
    "true": "true or false",
    "false": "true or false",
}
_RANKS = {"a variable": 0, "an IRI": 1, "a prefixed name": 2, "a string": 3, "a number": 4, "true or false": 5, "a blank node": 6}
_QUOTES = {'"', "'", '"""', "'''"}
_ESCAPES = {"\\", "\\u", "\\U"}
_OPEN_STRING = "the closing quote of the string"
_LONGEST_KEYWORD = 14  # ENCODE_FOR_URI
# A token of each kind the parser is offered where it got stuck, and what a reader calls it.
_KINDS = [
    ("?v", "a variable"),
    ("<http://example.org/>", "an IRI"),
    ("zz:", "a prefix name such as dp:"),
    ('"s"', "a string"),
    ("1", "a number"),
    ("true", "true or false"),
    ("_:b", "a blank node"),
    *((p, f'"{p}"') for p in ("{", "}", "(", ")", "[", "]", ".", ";", ",", "*", "=", "!=", "<", ">", "<=", ">=")),
    *((p, f'"{p}"') for p in ("&&", "||", "+", "-", "/", "!", "|", "^", "^^")),
]
# RDF 1.2 triple terms and annotations (<<, <<(, {|, ~): accepted, but not what a reader of this data means.
_OBSCURE = {"<<", "<<(", "{|", "~"}


@dataclass(frozen=True)
class Report:
    """One parser error: the offset it names in the parsed text, and what it expected there."""

    offset: int
    expected: tuple[str, ...]


def read_report(message: str, text: str) -> Report | None:
    """pyoxigraph's "error at LINE:COLUMN: expected ..." as an offset into `text` (None: another message)."""
    found = _REPORT.match(message.strip())
    if not found:
        return None
    line, column = int(found.group(1)), int(found.group(2))
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    offset = len(text) if line > len(starts) else min(starts[line - 1] + column - 1, len(text))
    return Report(offset, tuple(item.strip() for item in _ITEM.findall(found.group(3))))


@dataclass(frozen=True)
class _Parser:
    kind: str  # "query" or "update"
    prefixes: Mapping[str, str] | None
    base_iri: str | None

    def says(self, text: str) -> str | None:
        """The parser's message about `text`, None when it parses. Every text handed to it here
        cannot be a query (it ends in a character no query may hold, or the parser already found
        it wrong), so nothing runs."""
        try:
            if self.kind == "update":
                Store().update(text, base_iri=self.base_iri, prefixes=dict(self.prefixes or {}))
            else:
                Store().query(text, base_iri=self.base_iri, prefixes=dict(self.prefixes or {}))
        except SyntaxError as exc:
            return str(exc)
        except (ValueError, OSError, RuntimeError, TypeError):
            return None
        return None

    def report(self, text: str) -> Report | None:
        said = self.says(text)
        return None if said is None else read_report(said, text)

    def continues(self, text: str, end: int) -> bool:
        """Whether the parser takes text[:end], then blanks, as the start of a query: it then fails only past the blanks."""
        found = self.report(text[:end] + " " * _BLANKS + "\n" + _NOT_SPARQL)
        return found is None or found.offset >= end + _BLANKS

    def expected_at(self, text: str, at: int) -> tuple[set[str], list[str]]:
        """What the parser takes after text[:at]: the keywords (of each length n: those it fails on
        exactly n characters on) and the kinds of token (each tried: does the parser go on after it?)."""
        keywords: set[str] = set()
        for length in range(1, _LONGEST_KEYWORD + 1):
            found = self.report(text[:at] + _NOT_SPARQL * length)
            if found is not None and found.offset == at + length:
                keywords |= {w for w in found.expected if _KEYWORD.fullmatch(w) and len(w) == length}
        glued = at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_?$")
        before = text[:at] + (" " if glued else "")
        kinds = [phrase for token, phrase in _KINDS if self.continues(before + token, len(before) + len(token))]
        if len(kinds) == len(_KINDS):
            return keywords, []  # anything goes on: inside a string or an IRI, which the parser's own report names
        # "<" and "<=" are read as an IRI's start where one may come, "+" and "-" as a number's sign.
        hidden = ({'"<"', '"<="'} if "an IRI" in kinds else set()) | ({'"+"', '"-"'} if "a number" in kinds else set())
        return keywords, [kind for kind in kinds if kind not in hidden]


def friendly_message(
    message: str,
    text: str,
    *,
    prologue: str = "",
    kind: str = "query",
    prefixes: Mapping[str, str] | None = None,
    base_iri: str | None = None,
) -> str:
    """pyoxigraph's syntax error `message` about `prologue + text` in plain words, with positions on `text`.

    `prologue`: what the caller put before the client's text (a remote engine's BASE and PREFIX
    line); `prefixes` and `base_iri`: what it gave the parser as options. A message that is not
    pyoxigraph's comes back as it is.
    """
    whole = prologue + text
    report = read_report(message, whole)
    if report is None:
        return message
    parser = _Parser(kind, prefixes, base_iri)
    special = _special(report, whole)
    if special is not None:
        at, token, wanted = special
    else:
        at, probed = _stuck_at(parser, report, whole, len(prologue))
        token = _token(whole, at)
        at = token[0]
        in_string = plain_words(set(report.expected)) == _OPEN_STRING  # the parser's own report says so
        words, kinds = parser.expected_at(whole, at) if probed and not in_string else (set(), [])
        if not words and not kinds:
            words = {w for w in report.expected if not _KEYWORD.fullmatch(w) or report.offset - len(w) == at}
        wanted = plain_words(words, kinds)
    line, column = _line_column(text, max(0, at - len(prologue)))
    found = f'"{token[1]}"' if token[1] else "the end of the query"
    return f"SPARQL syntax error at line {line}, column {column}: found {found}; expected {wanted}"


def definite_syntax_error(
    text: str, *, kind: str = "query", prefixes: Mapping[str, str] | None = None, base_iri: str | None = None
) -> str | None:
    """The plain-words message when the parser finds `text` wrong before its end, decided without
    running it (first parsed followed by blanks and a character no query may hold: a text that is
    a query, or could become one, fails only there); None when it is or may begin a query."""
    parser = _Parser(kind, prefixes, base_iri)
    if len(text) > _MAX_PROBED or parser.continues(text, len(text)):
        return None
    said = parser.says(text)
    return None if said is None else friendly_message(said, text, kind=kind, prefixes=prefixes, base_iri=base_iri)


def _stuck_at(parser: _Parser, report: Report, whole: str, floor: int) -> tuple[int, bool]:
    """The offset where the parser got stuck: the end of the longest prefix it continues, near the
    reported position; and whether it was found so (else: the reported position, less a keyword)."""
    if len(whole) <= _MAX_PROBED:
        for end in range(min(report.offset, len(whole)), max(floor, report.offset - _REACH) - 1, -1):
            if parser.continues(whole, end):
                return end, True
    keywords = [len(w) for w in report.expected if _KEYWORD.fullmatch(w)]
    return max(floor, report.offset - max(keywords, default=0)), False


def _special(report: Report, whole: str) -> tuple[int, tuple[int, str], str] | None:
    """IRIs the IRI parser refuses and undeclared prefixes: the parser reports them at their end."""
    before = whole[: report.offset]
    if "IRI parsing failed" in report.expected:
        start = before.rfind("<")
        iri = before[start:].rstrip()
        try:
            NamedNode(iri.strip("<>"))
            why = "a valid IRI"
        except ValueError as exc:
            hint = "; a relative IRI needs a BASE" if "scheme" in str(exc) else ""
            why = f"a valid IRI ({exc}{hint})"
        return start, (start, iri[:_SHOWN]), why
    if "Prefix not found" in report.expected:
        name = re.search(r"[^\s(){}\[\],;]*$", before)
        assert name is not None
        prefix = name.group().split(":")[0]
        return name.start(), (name.start(), name.group()[:_SHOWN]), f"a declared prefix: add PREFIX {prefix}: <...>"
    return None


def _token(whole: str, at: int) -> tuple[int, str]:
    """The start and text of the token at `at` (blanks skipped; a word is shown whole)."""
    while at < len(whole) and whole[at].isspace():
        at += 1
    while at > 0 and at < len(whole) and _is_word(whole[at - 1]) and _is_word(whole[at]):
        at -= 1
    shown = re.match(r"[\w:?$.\-\\]+|<[^\s>]*>?|\S", whole[at:])
    return at, shown.group()[:_SHOWN] if shown else ""


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "_:?$\\"


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def plain_words(expected: set[str], kinds: list[str] | None = None) -> str:
    """The parser's expected items (and kinds of token, in words) in words: "a variable, an IRI, or a keyword such as WHERE"."""
    literals = {re.sub(r"\\(.)", r"\1", item[1:-1]) for item in expected if item.startswith('"')}
    if literals & _ESCAPES and literals & _QUOTES:
        return _OPEN_STRING
    ranked: dict[str, int] = {kind: _RANKS.get(kind, 8) for kind in kinds or []}
    # Among operators, "<" and "+" are operators, not the start of an IRI or a number.
    words = {k: v for k, v in _WORDS.items() if k not in "<+-"} if literals & {"=", "<=", "*"} else _WORDS
    for literal in literals - _OBSCURE:
        phrase = words.get(literal, f'"{literal}"')
        ranked.setdefault(phrase, _RANKS.get(phrase, 8))
    for item in expected:
        if item.startswith("[") and "'A'" in item:
            ranked.setdefault("a prefixed name", _RANKS["a prefixed name"])
        elif item.startswith("[") and "'0'" in item:
            ranked.setdefault("a number", _RANKS["a number"])
    if "a prefixed name" in ranked:
        ranked.pop('":"', None)
    keywords = sorted((w for w in expected if _KEYWORD.fullmatch(w) and w not in ("true", "false")), key=str.upper)
    phrases = sorted(ranked, key=lambda phrase: (ranked[phrase], phrase))
    if keywords:
        shown = _listed(keywords[:8]) if len(keywords) <= 8 else ", ".join(keywords[:8]) + ", ..."
        phrases.append(f"the keyword {shown}" if len(keywords) == 1 else f"a keyword such as {shown}")
    return _listed(phrases) if phrases else "more of the query"


def _listed(items: list[str]) -> str:
    """ "a", "a or b", "a, b, or c"."""
    if len(items) < 3:
        return " or ".join(items)
    return ", ".join(items[:-1]) + ", or " + items[-1]
