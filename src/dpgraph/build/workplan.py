"""Workplan tables -> rows of cells, each cell's text as printed and the lines it spans.

The tables come from a PDF conversion: a page break repeats the header line and splits a
row, the rest of a cell continues on a later line (positioned by its leading tabs), and a
narrow two-column run packs several cells into two fields. Each workplan is described in
`graph/sources/manifest.yaml` (heading text, the sub-headings that give the kind of
activity, whether a blank Sector cell inherits the row above).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dpgraph.build.sources import Document, strip_heading
from dpgraph.build.textclean import fold
from dpgraph.errors import InputError

# Header text (folded) -> the field it fills.
COLUMNS = {
    "sector": "sector",
    "activity": "title",
    "date": "date",
    "companies/association": "participants",
    "companies/associations": "participants",
    "companies/associations involved": "participants",
    "description": "description",
    "topic": "topic",
    "domain": "domain",
    "contact point": "contact",
}
DEFAULT_ROW_KEY = ("sector", "title")


@dataclass
class WorkplanCell:
    parts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    @property
    def printed(self) -> str:
        """The cell as printed, continuation pieces joined by one space."""
        return " ".join(part.strip() for part in self.parts if part.strip())

    def add(self, text: str, line: int) -> None:
        if text.strip():
            self.parts.append(text)
            self.lines.append(line)


@dataclass
class WorkplanRow:
    document: Document
    section: str
    section_title: str
    kind: str
    number: int
    first_line: int
    last_line: int
    cells: dict[str, WorkplanCell]
    sector_inherited: bool = False
    inherited_sector: str = ""

    def printed(self, name: str) -> str:
        cell = self.cells.get(name)
        return cell.printed if cell else ""

    @property
    def sector_text(self) -> str:
        """The Sector that applies: as printed, or the row above's when the cell is blank."""
        return self.inherited_sector if self.sector_inherited else self.printed("sector")


@dataclass(frozen=True)
class Workplan:
    document: Document
    section: str
    title: str
    heading_line: int
    rows: tuple[WorkplanRow, ...]


def _header(fields: list[str]) -> list[str] | None:
    names = [fold(f) for f in fields]
    while names and not names[-1]:
        names.pop()
    if names and all(name in COLUMNS for name in names) and names[0] in ("sector", "topic"):
        return [COLUMNS[name] for name in names]
    return None


def parse_workplan(document: Document, spec: dict[str, Any]) -> Workplan:
    start = document.find_line(spec["heading"])
    end = document.section_end(start)
    kinds = {fold(k): v for k, v in (spec.get("kinds") or {}).items()}
    kind = spec.get("kind", "")
    row_key = tuple(spec.get("row_key", DEFAULT_ROW_KEY))
    inherit = bool(spec.get("inherit_blank_sector", False))
    columns: list[str] | None = None
    rows: list[WorkplanRow] = []
    current: WorkplanRow | None = None
    opening: list[str] = []  # the columns the current row's first line filled

    for number in range(start + 1, end + 1):
        line = document.line(number)
        if not line.strip():
            continue
        if fold(strip_heading(line)) in kinds:
            kind = kinds[fold(strip_heading(line))]
            current = None
            continue
        if "\t" not in line:
            continue  # prose between tables: footnotes, chart captions
        fields = line.split("\t")
        header = _header(fields)
        if header:
            columns = header
            continue
        if columns is None:
            raise InputError("table row before any header line", document.path, number)
        if len(fields) < len(columns):
            # A two-column run: its fields continue, in order, the cells the row opened with.
            if current is None:
                raise InputError("continuation line with no row above it", document.path, number)
            for name, text in zip(opening, fields, strict=False):
                current.cells[name].add(text, number)
            current.last_line = number
            continue
        extra = [f for f in fields[len(columns) :] if f.strip()]
        if extra:
            raise InputError(f"more cells than the header's {len(columns)}: {extra!r}", document.path, number)
        values = dict(zip(columns, fields, strict=False))
        if any(values.get(name, "").strip() for name in row_key):
            if not kind:
                raise InputError("row before any heading that gives its kind of activity", document.path, number)
            current = WorkplanRow(
                document=document,
                section=str(spec["section"]),
                section_title=spec.get("title", ""),
                kind=kind,
                number=len(rows) + 1,
                first_line=number,
                last_line=number,
                cells={name: WorkplanCell() for name in columns},
            )
            if inherit and not values.get("sector", "").strip() and rows:
                current.sector_inherited = True
                current.inherited_sector = rows[-1].sector_text
            rows.append(current)
            opening = [name for name in columns if values[name].strip()]
        elif current is None:
            raise InputError("continuation line with no row above it", document.path, number)
        for name, text in values.items():
            current.cells[name].add(text, number)
        current.last_line = number
    return Workplan(document, str(spec["section"]), spec.get("title", ""), start, tuple(rows))


def parse_workplans(documents: dict[str, Document]) -> list[Workplan]:
    return [parse_workplan(document, spec) for document in documents.values() for spec in document.meta.get("workplans") or []]
