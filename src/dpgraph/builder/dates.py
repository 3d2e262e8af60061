"""Printed dates -> machine-readable intervals, flagged approximate or uncertain.

Every form the workplans use is handled by one reading: the text is cut into date atoms
(a day range "18-20/11/2019", a day "31 March", a month or season, a year or "2020/21"),
each atom attached to the nearest year, and the interval runs from the earliest point any
atom allows to the latest. What the text adds around them sets the flags: "TBC" makes it
uncertain; seasons, open ends ("2020-") and loose wording ("Four meetings ...") approximate.

The path of one workplan cell, step 3 for a Date cell: previous, extract.extract_activities
hands the cleaned cell to parse_date -> next, mapping/activities.py writes the Interval as a
dp:DateInterval node beside the date as printed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

_DASH = re.compile(r"\s*[\u2010-\u2015-]\s*")
_NUMERIC = re.compile(r"\b(\d{1,2})(?:-(\d{1,2}))?/(\d{1,2})/(\d{4})\b")
_TEXTUAL = re.compile(r"\b(?:(\d{1,2})(?:-(\d{1,2}))? )?([A-Za-z]+)\b")
# "2020", "2020/21", "2020-21" (but not the "2020-2" of "2020-2021").
_YEAR = re.compile(r"\b(\d{4})(?:[/-](\d{2})(?!\d))?\b")
_WORD = re.compile(r"[a-z]+")
_TBC = re.compile(r"\b(tbc|tbd)\b", re.IGNORECASE)
# Words that only join dates: anything else in the text makes the interval approximate.
_JOINERS = {"and", "of", "in", "to", "the"}


@dataclass(frozen=True)
class Point:
    """A calendar point as precise as the text gives it: year, year-month or full date."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def lexical(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def datatype(self) -> str:
        """The XSD datatype local name for this precision."""
        return "date" if self.day is not None else "gYearMonth" if self.month is not None else "gYear"

    def first(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def last(self) -> tuple[int, int, int]:
        month = self.month or 12
        return (self.year, month, self.day or calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class Interval:
    printed: str
    start: Point | None
    end: Point | None
    approximate: bool = False
    uncertain: bool = False
    open_ended: bool = False


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return _DASH.sub("-", text)


def _years(text: str) -> list[tuple[int, list[int]]]:
    """(position, years) of each year group: "2020/21" stands for both 2020 and 2021."""
    groups = []
    for match in _YEAR.finditer(text):
        first = int(match.group(1))
        years = [first]
        if match.group(2):
            years.append((first // 100) * 100 + int(match.group(2)))
        groups.append((match.start(), years))
    return groups


def _years_for(position: int, groups: list[tuple[int, list[int]]]) -> list[int]:
    """The years a month belongs to: the next year group printed after it, else the last before."""
    after = [years for p, years in groups if p > position]
    before = [years for p, years in groups if p < position]
    return after[0] if after else (before[-1] if before else [])


def _atoms(text: str) -> tuple[list[tuple[Point, Point]], bool]:
    """(start, end) of every date atom in the text, and whether a season was used."""
    atoms: list[tuple[Point, Point]] = []
    for match in _NUMERIC.finditer(text):
        first, last, month, year = (int(g) if g else None for g in match.groups())
        atoms.append((Point(year, month, first), Point(year, month, last or first)))  # type: ignore[arg-type]
    rest = _NUMERIC.sub(" ", text)
    groups = _years(rest)
    seasonal = False
    for match in _TEXTUAL.finditer(rest):
        first, last, word = match.group(1), match.group(2), match.group(3).lower()
        months = (MONTHS[word], MONTHS[word]) if word in MONTHS else SEASONS.get(word)
        if months is None:
            continue
        seasonal = seasonal or word in SEASONS
        for year in _years_for(match.start(), groups):
            atoms.append(
                (
                    Point(year, months[0], int(first) if first else None),
                    Point(year, months[1], int(last or first) if first else None),
                )
            )
    for _, years in groups:
        for year in years:
            if not any(year in (a.year, b.year) and a.month for a, b in atoms):
                atoms.append((Point(year), Point(year)))
    return atoms, seasonal


def parse_date(printed: str) -> Interval | None:
    """The interval a printed date stands for, or None when the text holds no date."""
    text = _normalise(printed)
    if not text:
        return None
    atoms, seasonal = _atoms(text)
    if not atoms:
        return None
    start = min((a for a, _ in atoms), key=Point.first)
    end = max((b for _, b in atoms), key=Point.last)
    open_ended = bool(re.search(r"\d{4}-$", text))
    words = {w for w in _WORD.findall(text.lower())} - set(MONTHS) - set(SEASONS) - _JOINERS - {"tbc", "tbd"}
    return Interval(
        printed=printed,
        start=start,
        end=None if open_ended else end,
        approximate=seasonal or open_ended or bool(words),
        uncertain=bool(_TBC.search(text)),
        open_ended=open_ended,
    )
