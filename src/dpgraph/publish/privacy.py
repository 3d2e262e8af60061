"""E-mail addresses withheld from the source text the site shows.

The workplans print staff contacts; the build keeps them in the restricted graph only
(vcard:hasEmail mailto: IRIs), but pages quote the printed lines. The masker replaces

- every address of the restricted graph, however the conversion printed it: any case, with
  OCR breaks inside ("@coe .int", "coe.in t", "altenhoener- dion"), a line break, `_` for a
  dot, or `@` written `&#64;`, `%40`, `[at]`;
- and, as a second line of defence, any other address-shaped text (`local@domain`, the
  same spellings of `@` and dots), unless graph/curated/public-addresses.yaml lists it as a
  public organisational address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from pyoxigraph import Store, parse

from dpgraph.builder.curated import check_citations, read_yaml
from dpgraph.builder.sources import Document
from dpgraph.errors import InputError
from dpgraph.rdf.terms import VCARD
from dpgraph.store.files import rdf_format

WITHHELD = "[e-mail address withheld]"
PUBLIC_ADDRESSES = "public-addresses.yaml"

# How documents spell "@" and "." when they hide an address from harvesters, or HTML/URL escape it.
_AT = r"(?:@|\uff20|&#0*64;|&#x0*40;|&commat;|%40|[^\S\n]*[\[({]\s*at\s*[\])}][^\S\n]*)"
_DOT = r"(?:\.|&#0*46;|&#x0*2e;|&period;|%2e|[^\S\n]*[\[({]\s*dot\s*[\])}][^\S\n]*)"
# What the PDF conversion may leave between two characters of an address: spaces, and one line break.
_GAP = r"[^\S\n]*(?:\n[^\S\n]*)?"
_LOCAL_CHARS = r"[\w%+'-]"
# A local part: words joined by dots, or by a hyphen the cell wrapped after ("kopaci- dimichele").
_LOCAL = rf"{_LOCAL_CHARS}+(?:(?:\.|(?<=-)[^\S\n]+){_LOCAL_CHARS}+)*"
# A domain: labels joined by dots (an OCR break may print "_" or a space beside one); a line
# break only after a dot, before a lower-case label, so a sentence that follows keeps its words.
_LABEL = r"[\w-]+"
_SEPARATOR = rf"(?:[^\S\n]?(?:{_DOT}|_)[^\S\n]?|{_DOT}[^\S\n]*\n[^\S\n]*(?=(?-i:[a-z])))"
_DOMAIN = rf"{_LABEL}(?:{_SEPARATOR}{_LABEL})*(?:{_DOT}(?!\w))?"
# Beside "@" a line break, never a bare space: "COUNCIL OF EUROPE @ DIGITAL GOVERNANCE" is a title.
_BREAK = r"(?:[^\S\n]*\n[^\S\n]*)?"
# Only where something like "@" follows within a local part's length (RFC 5321: 64), so text
# of many wrapped words ("a- a- a- ...") is not read to its end from each word.
_AT_AHEAD = r"(?=[\w.%+'\s-]{1,80}?(?:@|\uff20|&|%40|[\[({]))"
_ADDRESS = re.compile(rf"(?<![\w.%+'-]){_AT_AHEAD}{_LOCAL}{_BREAK}{_AT}{_BREAK}{_DOMAIN}", re.IGNORECASE)
_CORE = re.compile(r"\S(?:.*\S)?")


def canonical(text: str) -> str:
    """An address as printed ("Jane.Doe [at] Example .org") as the restricted graph writes it ("jane.doe@example.org")."""
    text = re.sub(_AT, "@", text, flags=re.IGNORECASE)
    text = re.sub(_DOT, ".", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", "", text).casefold()


def _printed(address: str) -> str:
    """A pattern for one address as a document may print it: any case, a gap between any two characters."""
    parts = []
    for char in address:
        if char == "@":
            parts.append(_AT)
        elif char == ".":
            parts.append(rf"(?:{_DOT}|_)")
        else:
            parts.append(re.escape(char))
    return _GAP.join(parts)


class Masker:
    """Replaces e-mail addresses in text shown publicly with WITHHELD."""

    def __init__(self, restricted: Iterable[str], public: Iterable[str] = ()):
        self.restricted = frozenset(a.casefold() for a in restricted)
        # An address of the restricted graph is personal data even if a list calls it public.
        self.public = frozenset(a.casefold() for a in public) - self.restricted
        known = sorted(self.restricted, key=len, reverse=True)
        self._known = (
            re.compile(rf"(?<![\w.%+'-])(?:{'|'.join(_printed(a) for a in known)})(?![\w-])", re.IGNORECASE) if known else None
        )

    def mask(self, text: str) -> str:
        if self._known:
            text = self._known.sub(_withhold, text)
        return _ADDRESS.sub(lambda m: m.group(0) if canonical(m.group(0)) in self.public else _withhold(m), text)

    def mask_lines(self, lines: Sequence[str]) -> tuple[str, ...]:
        """Lines masked as one text, so an address a line break splits is found; as many lines come back."""
        return tuple(self.mask("\n".join(lines)).split("\n"))


def _withhold(match: re.Match[str]) -> str:
    # Each line an address spans keeps its own white space (a table's tabs) and gets the marker.
    return "\n".join(_CORE.sub(WITHHELD, piece) for piece in match.group(0).split("\n"))


def restricted_addresses(store: Store | None, files: Iterable[Path] = ()) -> set[str]:
    """The addresses (without `mailto:`) of every vcard:hasEmail in the store and in the RDF files that exist."""
    quads = [*store.quads_for_pattern(None, VCARD.hasEmail, None, None)] if store is not None else []
    for path in files:
        if path.exists():
            quads += [q for q in parse(path=str(path), format=rdf_format(path)) if q.predicate == VCARD.hasEmail]
    return {q.object.value.removeprefix("mailto:") for q in quads if q.object.value.startswith("mailto:")}


def public_addresses(path: Path, documents: dict[str, Document]) -> set[str]:
    """The organisational addresses the documents may show, each checked against the lines it cites."""
    entries = read_yaml(path) or []
    if not isinstance(entries, list):
        raise InputError("expected a list of entries", path)
    found = set()
    for entry in entries:
        if not isinstance(entry, dict) or not _ADDRESS.fullmatch(str(entry.get("address", ""))):
            raise InputError(f"an entry needs 'address', an e-mail address: {entry!r}", path)
        if not entry.get("cite"):
            raise InputError(f"{entry['address']}: cite the lines that print it", path, entry.get("__line__"))
        check_citations(entry, documents, path)
        found.add(canonical(entry["address"]))
    return found
