"""Canned queries: `queries/*.rq`, each opening with a comment header, stored as data.

    # title: Partners
    # description: ...
    # columns: partner, name, kind, joined, left
    # param: year (xsd:gYear, optional) — only activities of this year

Parameters are bound as typed RDF terms (a VALUES block pyoxigraph writes), never pasted into
the query text; `CannedQuery.bindings` is the one check of their values, for the web form
(`/queries/NAME?year=2019`) and `dpgraph query NAME --param year=2019` alike, and
`check_names` the one check of names given on the command line. `queries/README.md` is generated from the headers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Variable

from dpgraph.errors import InputError, read_utf8
from dpgraph.rdf.sparqltext import with_values
from dpgraph.rdf.terms import XSD

_HEADER = re.compile(r"^#\s*(title|description|columns|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*\(([^,)]+)(?:,\s*(optional|required))?\)\s*[—-]?\s*(.*)$")
# How a parameter's text becomes an RDF term, and what it must look like.
PARAM_TYPES: dict[str, tuple[re.Pattern[str], str]] = {
    "IRI": (re.compile(r"^https?://[^\s<>\"{}|\\^`]+$"), "an http(s) IRI"),
    "xsd:gYear": (re.compile(r"^\d{4}$"), "a year such as 2021"),
    "xsd:integer": (re.compile(r"^-?\d+$"), "a whole number"),
    "xsd:string": (re.compile(r"^.{0,500}$", re.DOTALL), "text of at most 500 characters"),
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    path: Path
    title: str
    description: str
    columns: tuple[str, ...]
    params: tuple[Param, ...]
    text: str

    def check_names(self, names: Iterable[str]) -> None:
        """An InputError for the first name that is none of this query's parameters (the closest named)."""
        declared = [param.name for param in self.params]
        for name in names:
            if name in declared:
                continue
            if not declared:
                raise InputError(f"the query {self.name!r} has no parameters, so none can be given ({name!r} was)", self.path)
            close = difflib.get_close_matches(name, declared, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise InputError(
                f"the query {self.name!r} has no parameter {name!r}: {hint}its parameters: {', '.join(declared)}", self.path
            )

    def bound_text(self, values: Mapping[str, str]) -> str:
        """The query with the given parameter values bound (a VALUES block of typed terms); checked by bindings."""
        return with_values(self.text, self.bindings(values))

    def bindings(self, values: Mapping[str, str]) -> dict[Variable, NamedNode | Literal]:
        """Typed terms for the given parameter values; a bad or missing value is an InputError."""
        bound: dict[Variable, NamedNode | Literal] = {}
        for param in self.params:
            raw = (values.get(param.name) or "").strip()
            if not raw:
                if not param.optional:
                    raise InputError(f"parameter {param.name!r} is required", self.path)
                continue
            if raw.startswith("<") and raw.endswith(">"):
                raw = raw[1:-1]
            pattern, expected = PARAM_TYPES[param.type]
            if not pattern.match(raw):
                raise InputError(f"parameter {param.name!r} must be {expected}, got {raw[:80]!r}", self.path)
            if param.type == "IRI":
                bound[Variable(param.name)] = NamedNode(raw)
            else:
                bound[Variable(param.name)] = Literal(raw, datatype=XSD[param.type.split(":")[1]])
        return bound


def parse_query_file(path: Path) -> CannedQuery:
    text = read_utf8(path)
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            found = _PARAM.match(value.strip())
            if not found or found.group(2).strip() not in PARAM_TYPES:
                raise InputError(
                    f"a param line reads 'name (TYPE[, optional]) — description' with TYPE one of {', '.join(PARAM_TYPES)}",
                    path,
                    number,
                )
            params.append(Param(found.group(1), found.group(2).strip(), found.group(3) != "required", found.group(4).strip()))
        else:
            fields[key] = value.strip()
    missing = [k for k in ("title", "description", "columns") if not fields.get(k)]
    if missing:
        raise InputError(f"the comment header lacks {', '.join(missing)}", path, 1)
    return CannedQuery(
        name=path.stem,
        path=path,
        title=fields["title"],
        description=fields["description"],
        columns=tuple(c.strip() for c in fields["columns"].split(",")),
        params=tuple(params),
        text=text,
    )


def load_queries(folder: Path) -> dict[str, CannedQuery]:
    return {path.stem: parse_query_file(path) for path in sorted(folder.glob("*.rq"))}


def readme(queries: dict[str, CannedQuery]) -> str:
    lines = [
        "# Canned queries",
        "",
        "Generated from the comment headers of the `.rq` files by `dpgraph queries --write-readme`;",
        "edit the headers, not this file. Each query declares its prefixes and runs on any SPARQL",
        "1.1 engine over the dataset's union graph: `dpgraph query NAME`, or `/queries/NAME` on the server.",
        "",
    ]
    for query in queries.values():
        lines += [
            f"## {query.title} — `{query.name}.rq`",
            "",
            query.description,
            "",
            f"Columns: {', '.join(f'`{c}`' for c in query.columns)}",
            "",
        ]
        for param in query.params:
            need = "optional" if param.optional else "required"
            lines.append(f"- parameter `{param.name}` ({param.type}, {need}): {param.description}")
        if query.params:
            lines.append("")
    return "\n".join(lines)
