"""Tables of rows, as the index pages and the sections of resource pages show them, and the
same rows as JSON and CSV (as Datasette offers every table)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dpgraph.results import csv_text


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    link: str | None = None  # the key of the column holding the IRI this cell links to
    shown: bool = True  # False: in the JSON and CSV only


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, str]]
    description: str = ""
    group: str | None = None  # a key whose value starts a new group of rows when it changes
    extra: dict[str, Any] = field(default_factory=dict)  # what the page shows besides the rows (filters)

    @property
    def keys(self) -> list[str]:
        """Every key of the rows, shown or only linked to, in column order."""
        keys = []
        for column in self.columns:
            keys += [k for k in (column.link, column.key) if k and k not in keys]
        return keys

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "columns": self.keys,
            "filters": self.extra.get("selected", {}),
            "count": len(self.rows),
            "rows": [{k: row.get(k, "") for k in self.keys} for row in self.rows],
        }

    def as_csv(self) -> str:
        return csv_text(self.keys, [[row.get(k, "") for k in self.keys] for row in self.rows])
