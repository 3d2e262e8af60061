"""Workplan tables -> rows of cells, each cell's text as printed and the lines it spans.

The tables come from a PDF conversion: a page break repeats the header line and splits a
row, the rest of a cell continues on a later line (positioned by its leading tabs), and a
narrow two-column run packs several cells into two fields. Each workplan is described in
`graph/sources/manifest.yaml` (heading text, the sub-headings that give the kind of
activity, whether a blank Sector cell inherits the row above).

The path of one workplan cell, step 1 (layout): the text file and its manifest entry -> here,
the cell as printed and the lines it spans (WorkplanCell) -> next, extract.extract_activities
reads what the cell means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dpgraph.builder.sources import Document, strip_heading
from dpgraph.builder.textclean import fold
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
    """The rows of the workplan `spec` (one entry of the manifest's `workplans`) describes."""
    start = document.find_line(spec["heading"])
    table = _TableReader(document, spec)
    for number in range(start + 1, document.section_end(start) + 1):
        table.read(number, document.line(number))
    return Workplan(document, table.section, table.title, start, tuple(table.rows))


class _TableReader:
    """The rows of one workplan, read line by line: what is known at each line is the current
    kind of activity (from the last sub-heading), the header, and the row being filled."""

    def __init__(self, document: Document, spec: dict[str, Any]):
        self.document = document
        self.section = str(spec["section"])
        self.title: str = spec.get("title", "")
        self.kinds = {fold(k): v for k, v in (spec.get("kinds") or {}).items()}
        self.kind: str = spec.get("kind", "")
        self.row_key = tuple(spec.get("row_key", DEFAULT_ROW_KEY))
        self.inherit = bool(spec.get("inherit_blank_sector", False))
        self.columns: list[str] | None = None
        self.rows: list[WorkplanRow] = []
        self.current: WorkplanRow | None = None
        self.opening: list[str] = []  # the columns the current row's first line filled

    def read(self, number: int, line: str) -> None:
        if not line.strip():
            return
        heading = fold(strip_heading(line))
        if heading in self.kinds:
            self.kind = self.kinds[heading]
            self.current = None
            return
        if "\t" not in line:
            return  # prose between tables: footnotes, chart captions
        fields = line.split("\t")
        header = _header(fields)
        if header:
            self.columns = header
            return
        if self.columns is None:
            raise InputError("table row before any header line", self.document.path, number)
        if len(fields) < len(self.columns):
            self._two_column_run(fields, number)
        else:
            self._row_line(self.columns, fields, number)

    def _two_column_run(self, fields: list[str], number: int) -> None:
        """A two-column run: its fields continue, in order, the cells the row opened with."""
        if self.current is None:
            raise InputError("continuation line with no row above it", self.document.path, number)
        for name, text in zip(self.opening, fields, strict=False):
            self.current.cells[name].add(text, number)
        self.current.last_line = number

    def _row_line(self, columns: list[str], fields: list[str], number: int) -> None:
        """A line with a field per column: a new row when a row-key cell is filled, else the current row continued."""
        extra = [f for f in fields[len(columns) :] if f.strip()]
        if extra:
            raise InputError(f"more cells than the header's {len(columns)}: {extra!r}", self.document.path, number)
        values = dict(zip(columns, fields, strict=False))
        if any(values.get(name, "").strip() for name in self.row_key):
            self.current = self._new_row(columns, values, number)
        elif self.current is None:
            raise InputError("continuation line with no row above it", self.document.path, number)
        for name, text in values.items():
            self.current.cells[name].add(text, number)
        self.current.last_line = number

    def _new_row(self, columns: list[str], values: dict[str, str], number: int) -> WorkplanRow:
        if not self.kind:
            raise InputError("row before any heading that gives its kind of activity", self.document.path, number)
        row = WorkplanRow(
            document=self.document,
            section=self.section,
            section_title=self.title,
            kind=self.kind,
            number=len(self.rows) + 1,
            first_line=number,
            last_line=number,
            cells={name: WorkplanCell() for name in columns},
        )
        if self.inherit and not values.get("sector", "").strip() and self.rows:
            row.sector_inherited = True
            row.inherited_sector = self.rows[-1].sector_text
        self.rows.append(row)
        self.opening = [name for name in columns if values[name].strip()]
        return row


def parse_workplans(documents: dict[str, Document]) -> list[Workplan]:
    return [parse_workplan(document, spec) for document in documents.values() for spec in document.meta.get("workplans") or []]
