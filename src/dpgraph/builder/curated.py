"""The curated tables of graph/curated/: loaded, checked, and every citation verified.

A citation `{doc, line, quote}` must name a known document, a line inside it, and words
that the line really prints, so every curated fact can be checked against its source. A
failed check stops the build with the YAML file and the entry's line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dpgraph.builder.sources import Document
from dpgraph.builder.textclean import fold
from dpgraph.errors import InputError, read_utf8


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


# The schemes every topic and every workplan Domain cell is in (scheme/<id>, schemes.yaml).
TOPICS_SCHEME = "topics"
DOMAINS_SCHEME = "domains"


@dataclass(frozen=True)
class Citation:
    doc: str
    line: int
    quote: str


@dataclass
class Curated:
    """All curated tables, as loaded dictionaries keyed by id."""

    folder: Path
    organisations: dict[str, dict[str, Any]]
    bodies: dict[str, dict[str, Any]]
    sector_cells: dict[str, list[str]]
    instruments: dict[str, dict[str, Any]]
    topics: dict[str, dict[str, Any]]
    schemes: dict[str, dict[str, Any]]
    places: dict[str, dict[str, Any]]
    events: dict[str, dict[str, Any]]
    partner_lists: list[dict[str, Any]]
    profiles: list[dict[str, Any]]
    # participants.yaml: the phrases and fillers of a Companies/associations cell, read by extract.Resolver.
    participant_patterns: dict[str, Any]
    same_activity: dict[str, Any]

    def path(self, name: str) -> Path:
        return self.folder / name


def read_yaml(path: Path) -> Any:
    if not path.exists():
        raise InputError("curated table is missing", path)
    try:
        return yaml.load(read_utf8(path), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path, mark.line + 1 if mark else None) from exc


def _by_id(entries: Any, path: Path, required: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    if not isinstance(entries, list):
        raise InputError("expected a list of entries", path)
    table: dict[str, dict[str, Any]] = {}
    for entry in entries:
        line = entry.get("__line__") if isinstance(entry, dict) else None
        if not isinstance(entry, dict):
            raise InputError(f"an entry is not a mapping: {entry!r}", path)
        for key in required:
            if key not in entry:
                raise InputError(f"entry lacks '{key}'", path, line)
        if entry["id"] in table:
            raise InputError(f"duplicate id {entry['id']!r}", path, line)
        entry["__file__"] = path
        table[str(entry["id"])] = entry
    return table


# The fields that hold citations: `cite` for the entry as a whole, `topic_cite` for the
# topics a body works on (bodies.yaml).
CITATION_FIELDS = ("cite", "topic_cite")


def _cites(entry: dict[str, Any]) -> list[Any]:
    return [cite for name in CITATION_FIELDS for cite in entry.get(name) or []]


def citations(entry: dict[str, Any]) -> list[Citation]:
    return [Citation(str(c["doc"]), int(c["line"]), str(c["quote"])) for c in _cites(entry)]


def check_citations(entry: dict[str, Any], documents: dict[str, Document], path: Path) -> None:
    line = entry.get("__line__")
    for cite in _cites(entry):
        if not isinstance(cite, dict) or not {"doc", "line", "quote"} <= cite.keys():
            raise InputError(f"a citation needs doc, line and quote: {cite!r}", path, line)
        document = documents.get(str(cite["doc"]))
        if document is None:
            raise InputError(f"citation names unknown document {cite['doc']!r}", path, line)
        number = int(cite["line"])
        if not 1 <= number <= len(document.lines):
            raise InputError(f"citation line {number} is outside {document.file_name}", path, line)
        if fold(str(cite["quote"])) not in fold(document.line(number)):
            raise InputError(f"citation quote {cite['quote']!r} is not on line {number} of {document.file_name}", path, line)


def _check_refs(table: dict[str, dict[str, Any]], field: str, targets: dict[str, Any], what: str) -> None:
    for entry in table.values():
        value = entry.get(field)
        for ref in value if isinstance(value, list) else [value] if value else []:
            if str(ref) not in targets:
                raise InputError(f"{field} {ref!r} is not a known {what}", entry["__file__"], entry.get("__line__"))


def load_curated(folder: Path, documents: dict[str, Document]) -> Curated:
    bodies_doc = read_yaml(folder / "bodies.yaml") or {}
    if not isinstance(bodies_doc, dict) or "bodies" not in bodies_doc:
        raise InputError("expected 'bodies' and 'sector_cells' at the top level", folder / "bodies.yaml")
    lists_doc = read_yaml(folder / "partner-lists.yaml") or {}
    curated = Curated(
        folder=folder,
        organisations=_by_id(read_yaml(folder / "organisations.yaml"), folder / "organisations.yaml", ("id", "name", "kind")),
        bodies=_by_id(bodies_doc["bodies"], folder / "bodies.yaml", ("id", "name", "kind")),
        sector_cells={k: v for k, v in (bodies_doc.get("sector_cells") or {}).items() if k != "__line__"},
        instruments=_by_id(read_yaml(folder / "instruments.yaml"), folder / "instruments.yaml", ("id", "name", "kind")),
        topics=_by_id(read_yaml(folder / "topics.yaml"), folder / "topics.yaml", ("id", "label")),
        schemes=_by_id(read_yaml(folder / "schemes.yaml"), folder / "schemes.yaml", ("id", "label", "label_fr")),
        places=_by_id(read_yaml(folder / "places.yaml"), folder / "places.yaml", ("id", "name")),
        events=_by_id(read_yaml(folder / "events.yaml"), folder / "events.yaml", ("id", "type", "date", "label")),
        partner_lists=[e for e in lists_doc.get("lists", [])],
        profiles=list(lists_doc.get("profiles", [])),
        participant_patterns=read_yaml(folder / "participants.yaml") or {},
        same_activity=read_yaml(folder / "same-activity.yaml") or {},
    )
    for name, table in (
        ("organisations.yaml", curated.organisations),
        ("bodies.yaml", curated.bodies),
        ("instruments.yaml", curated.instruments),
        ("topics.yaml", curated.topics),
        ("schemes.yaml", curated.schemes),
        ("places.yaml", curated.places),
        ("events.yaml", curated.events),
    ):
        for entry in table.values():
            check_citations(entry, documents, folder / name)
    _check_refs(curated.organisations, "headquarters", curated.places, "place (places.yaml)")
    _check_refs(curated.bodies, "parent", curated.bodies, "body (bodies.yaml)")
    _check_refs(curated.bodies, "topics", curated.topics, "topic (topics.yaml)")
    _check_refs(curated.instruments, "bodies", curated.bodies, "body (bodies.yaml)")
    _check_refs(curated.instruments, "adopted_by", curated.bodies, "body (bodies.yaml)")
    _check_refs(curated.instruments, "supplements", curated.instruments, "instrument (instruments.yaml)")
    _check_refs(curated.instruments, "replaces", curated.instruments, "instrument (instruments.yaml)")
    _check_refs(curated.topics, "broader", curated.topics, "topic (topics.yaml)")
    for scheme in (TOPICS_SCHEME, DOMAINS_SCHEME, *(f"{t['group']}s" for t in curated.topics.values() if t.get("group"))):
        if scheme not in curated.schemes:
            raise InputError(f"concept scheme {scheme!r} is used but not described", folder / "schemes.yaml")
    _check_refs(curated.events, "organisations", curated.organisations, "organisation (organisations.yaml)")
    _check_refs(curated.events, "bodies", curated.bodies, "body (bodies.yaml)")
    _check_refs(curated.events, "instrument", curated.instruments, "instrument (instruments.yaml)")
    _check_refs(curated.events, "place", curated.places, "place (places.yaml)")
    for cell, ids in curated.sector_cells.items():
        for ref in ids:
            if ref not in curated.bodies:
                raise InputError(f"sector cell {cell!r} names unknown body {ref!r}", folder / "bodies.yaml")
    return curated
