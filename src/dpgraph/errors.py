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


def decode_utf8(raw: bytes, path: Path) -> str:
    """`raw` as text, or an InputError naming the line and byte column of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - line_start + 1
        raise InputError(f"not UTF-8 text: byte 0x{raw[exc.start]:02X} at byte column {column}", path, line) from None


def read_utf8(path: Path) -> str:
    return decode_utf8(path.read_bytes(), path)
