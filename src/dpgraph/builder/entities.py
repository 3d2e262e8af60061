"""Names as printed -> curated entities, through one alias index used for every kind.

An index finds, left to right, the longest alias that stands as whole words in a text
(case, accents, quotes, dashes and spacing folded), and returns where each match is in
the original text, so the words around the matches can be checked: a participants cell
must hold nothing but names, separators and the phrases of participants.yaml, and any
other word is reported with its document and line.

The path of one workplan cell, step 3 for the names in a cell: previous, extract.Resolver
builds one index per kind from the curated tables and hands over the cleaned cell (and the
fillers of graph/curated/participants.yaml) -> next, back in extract.py the matches become the
Activity's participants, sectors and mentions, which mapping/activities.py writes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """`text` folded like textclean.fold, and for each folded character its index in `text`."""
    out: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text.translate(_QUOTES)):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(position)
            continue
        if "\u2010" <= char <= "\u2015":
            char = "-"
        for folded in unicodedata.normalize("NFKD", char).casefold():
            if not unicodedata.combining(folded):
                out.append(folded)
                index.append(position)
    return "".join(out), index


@dataclass(frozen=True)
class Match:
    id: str
    printed: str
    start: int
    end: int


class AliasIndex:
    """Every name of every entity, searchable as whole words, longest first."""

    def __init__(self, names: dict[str, Iterable[str]]):
        self.by_alias: dict[str, str] = {}
        for entity_id, aliases in names.items():
            for alias in aliases:
                folded = fold_with_map(alias)[0].strip()
                if folded:
                    self.by_alias.setdefault(folded, entity_id)
        alternation = "|".join(re.escape(a) for a in sorted(self.by_alias, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])") if alternation else None

    def find(self, text: str) -> list[Match]:
        if self._pattern is None or not text:
            return []
        folded, index = fold_with_map(text)
        return [
            Match(
                self.by_alias[m.group(0)],
                text[index[m.start()] : index[m.end() - 1] + 1],
                index[m.start()],
                index[m.end() - 1] + 1,
            )
            for m in self._pattern.finditer(folded)
        ]

    def exact(self, text: str) -> str | None:
        """The entity whose alias is the whole text, if any."""
        return self.by_alias.get(fold_with_map(text)[0].strip())


def leftover(text: str, matches: list[Match], fillers: Iterable[str] = ()) -> str:
    """What remains of `text` once the matches, the fillers and the separators are removed."""
    pieces = []
    cursor = 0
    for match in sorted(matches, key=lambda m: m.start):
        pieces.append(text[cursor : match.start])
        cursor = match.end
    pieces.append(text[cursor:])
    rest = " ".join(pieces)
    for filler in sorted(fillers, key=len, reverse=True):
        rest = re.sub(
            rf"(?<![\w]){re.escape(filler)}(?![\w])" if filler[-1].isalnum() else re.escape(filler),
            " ",
            rest,
            flags=re.IGNORECASE,
        )
    return re.sub(r"[\s,;:.¹²]+", " ", rest).strip()
