"""The source documents: the manifest, integrity checks, lines and numbered sections."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dpgraph.errors import InputError, decode_utf8, read_utf8

MANIFEST = "manifest.yaml"
# A numbered top-level heading: "5. Workplan", "# 6. Workplan 2020+", "## 1. State of play".
_SECTION_HEADING = re.compile(r"^[#\s]*(\d+)\.\s+\S")


@dataclass(frozen=True)
class Document:
    id: str
    path: Path
    title: str
    date: str
    publisher: str
    lines: tuple[str, ...]
    sha256: str
    byte_size: int
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        return self.path.name

    def line(self, number: int) -> str:
        """Line `number`, 1-based as `cat -n` and editors count."""
        return self.lines[number - 1]

    def find_line(self, text: str, start: int = 1) -> int:
        """The first line at or after `start` whose text, stripped of markup, starts with `text`."""
        wanted = text.strip().casefold()
        for number in range(start, len(self.lines) + 1):
            if strip_heading(self.line(number)).casefold().startswith(wanted):
                return number
        raise InputError(f"heading {text!r} not found", self.path)

    def section_end(self, start: int) -> int:
        """The last line of the numbered section whose heading is line `start`."""
        match = _SECTION_HEADING.match(self.line(start))
        current = int(match.group(1)) if match else 0
        for number in range(start + 1, len(self.lines) + 1):
            following = _SECTION_HEADING.match(self.line(number))
            if following and int(following.group(1)) == current + 1 and "\t" not in self.line(number):
                return number - 1
        return len(self.lines)


def strip_heading(line: str) -> str:
    """A heading line without its Markdown decoration: '# **Studies**' -> 'Studies'."""
    return line.strip().strip("#").strip().strip("*").strip()


def _read_manifest(sources_dir: Path) -> list[dict[str, Any]]:
    path = sources_dir / MANIFEST
    if not path.exists():
        raise InputError("the sources manifest is missing", path)
    try:
        data = yaml.safe_load(read_utf8(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML: {exc}", path, mark.line + 1 if mark else None) from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputError("expected a top-level 'documents' list", path)
    return data["documents"]


def load_documents(sources_dir: Path) -> dict[str, Document]:
    """Every document of the manifest, checked: present, UTF-8, same sha256 and line count."""
    documents: dict[str, Document] = {}
    manifest = sources_dir / MANIFEST
    for entry in _read_manifest(sources_dir):
        for key in ("id", "file", "title", "sha256", "lines"):
            if key not in entry:
                raise InputError(f"a document entry lacks '{key}': {entry}", manifest)
        path = sources_dir / entry["file"]
        if not path.exists():
            raise InputError("source document listed in the manifest is missing", path)
        raw = path.read_bytes()
        text = decode_utf8(raw, path)
        lines = tuple(text.splitlines())
        if len(lines) != entry["lines"]:
            raise InputError(
                f"has {len(lines)} lines, the manifest says {entry['lines']}: truncated or edited copy?",
                path,
                min(len(lines), int(entry["lines"])) or None,
            )
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry["sha256"]:
            raise InputError(f"sha256 {digest} differs from the manifest's {entry['sha256']}", path)
        documents[str(entry["id"])] = Document(
            id=str(entry["id"]),
            path=path,
            title=entry["title"],
            date=str(entry.get("date", "")),
            publisher=entry.get("publisher", ""),
            lines=lines,
            sha256=digest,
            byte_size=len(raw),
            meta=entry,
        )
    return documents
