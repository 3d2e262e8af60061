"""Errors about input that a person can fix: each names the file and line."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: a source, curated table, query or data file a person must correct."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"
