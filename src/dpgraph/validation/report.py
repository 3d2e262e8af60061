"""The validation report as people read it: each result with its focus node's label and the
document lines (or the file) it came from, built once from pyshacl's SHACL report graph.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import rdflib
from pyoxigraph import BlankNode, NamedNode, RdfFormat, Store, Triple, serialize
from rdflib.collection import Collection
from rdflib.namespace import SH

from dpgraph.config import Settings
from dpgraph.rdf.labels import node_labels
from dpgraph.rdf.prefixed import NAMESPACES, compact, compact_in_text

SEVERITIES = ("Violation", "Warning", "Info")
PROV_DERIVED = NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
DCT_PART_OF = NamedNode("http://purl.org/dc/terms/isPartOf")
DCT_IDENTIFIER = NamedNode("http://purl.org/dc/terms/identifier")
DP_START = NamedNode(NAMESPACES["dp"] + "startLine")
DP_END = NamedNode(NAMESPACES["dp"] + "endLine")


@dataclass(frozen=True)
class Source:
    """Where a record comes from: lines of a source document, or a file given to `dpgraph validate`."""

    path: str
    first_line: int | None = None
    last_line: int | None = None
    document: str | None = None

    def __str__(self) -> str:
        if self.first_line is None:
            return self.path
        lines = str(self.first_line) if self.last_line in (None, self.first_line) else f"{self.first_line}-{self.last_line}"
        return f"{self.path}:{lines}"


@dataclass(frozen=True)
class ValidationResult:
    severity: str
    shape: str
    shape_name: str
    component: str
    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    messages: dict[str, str]
    sources: tuple[Source, ...] = ()

    @property
    def message(self) -> str:
        return self.messages.get("en") or next(iter(self.messages.values()), "")

    @property
    def anchor(self) -> str:
        """A stable id for permalinks: the same defect keeps its anchor from one build to the next."""
        key = "\x1f".join((self.shape, self.component, self.focus, self.path or "", self.value or ""))
        return "r-" + hashlib.sha1(key.encode()).hexdigest()[:12]

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "shape": self.shape,
            "shape_name": self.shape_name,
            "component": self.component,
            "focus": self.focus,
            "focus_label": self.focus_label,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "messages": self.messages,
            "sources": [str(s) for s in self.sources],
            "anchor": self.anchor,
        }


@dataclass
class ValidationReport:
    results: list[ValidationResult]
    turtle: str
    triples: int = 0
    inferred: int = 0
    inference: str = "none"
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {severity: sum(r.severity == severity for r in self.results) for severity in SEVERITIES}

    @property
    def conforms_without_violation(self) -> bool:
        return self.counts["Violation"] == 0

    def summary(self) -> str:
        counts = self.counts
        words = ", ".join(f"{counts[s]} {s.lower()}{'' if counts[s] == 1 else 's'}" for s in SEVERITIES)
        verdict = "conforms" if self.conforms_without_violation else "does not conform"
        return f"{words} — the data {verdict} ({self.triples} triples checked)"

    def as_dict(self) -> dict[str, object]:
        return {
            "conforms": self.conforms_without_violation,
            "counts": self.counts,
            "triples": self.triples,
            "inference": self.inference,
            "inferred": self.inferred,
            "timings": self.timings,
            "results": [r.as_dict() for r in self.results],
        }


def build_report(report: rdflib.Graph, shapes: rdflib.Graph, store: Store, settings: Settings) -> ValidationReport:
    raw = [_read_result(report, node, shapes) for node in report.objects(None, SH.result)]
    focuses = sorted({r["focus"] for r in raw})
    labels = node_labels(store, [_node(focus) for focus in focuses])
    sources = _sources(store, focuses, settings)
    results = [
        ValidationResult(**r, focus_label=labels.get(r["focus"]), sources=sources.get(r["focus"], ()))  # type: ignore[arg-type]
        for r in raw
    ]
    results.sort(key=_result_order)
    return ValidationReport(results, _turtle(report))


def _result_order(result: ValidationResult) -> tuple[int, str, str, str, str]:
    label = result.focus_label or result.focus
    return (SEVERITIES.index(result.severity), result.shape_name, label, result.path or "", result.value or "")


def _read_result(report: rdflib.Graph, node: rdflib.term.Node, shapes: rdflib.Graph) -> dict[str, object]:
    shape = report.value(node, SH.sourceShape)
    severity = report.value(node, SH.resultSeverity)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    templates = _templates(shapes, report.value(node, SH.sourceConstraint) or shape)
    messages: dict[str, str] = {}
    for message in report.objects(node, SH.resultMessage):
        language = getattr(message, "language", None) or _language_of(str(message), templates)
        messages.setdefault(language, compact_in_text(str(message)))
    return {
        "severity": str(severity).rsplit("#", 1)[-1],
        "shape": str(shape),
        "shape_name": _shape_name(shapes, shape),
        "component": str(report.value(node, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        "focus": str(report.value(node, SH.focusNode)),
        "path": _path_text(report, path) if path is not None else None,
        "value": _term_text(value) if value is not None else None,
        "messages": messages,
    }


def _templates(shapes: rdflib.Graph, node: rdflib.term.Node) -> dict[str, re.Pattern[str]]:
    """The sh:message templates of a constraint by language, as patterns matching their filled-in text."""
    patterns = {}
    for template in shapes.objects(node, SH.message):
        parts = re.split(r"\{[$?][^{}]+\}", str(template))
        patterns[getattr(template, "language", None) or "en"] = re.compile("(?s)" + ".*".join(map(re.escape, parts)))
    return patterns


def _language_of(message: str, templates: dict[str, re.Pattern[str]]) -> str:
    """pyshacl drops the language tag of a SPARQL message when it fills in the variables."""
    return next((language for language, pattern in templates.items() if pattern.fullmatch(message)), "en")


def _shape_name(shapes: rdflib.Graph, shape: rdflib.term.Node) -> str:
    names = {getattr(n, "language", None): str(n) for n in shapes.objects(shape, SH.name)}
    if names:
        return names.get("en") or next(iter(names.values()))
    return compact(str(shape)) if isinstance(shape, rdflib.URIRef) else "(anonymous shape)"


def _term_text(term: rdflib.term.Node) -> str:
    if isinstance(term, rdflib.Literal):
        if term.language:
            return f'"{term}"@{term.language}'
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{term}"^^{compact(str(term.datatype))}'
        return f'"{term}"'
    return str(term)


def _path_text(graph: rdflib.Graph, path: rdflib.term.Node) -> str:
    """A SHACL property path as SPARQL writes it."""
    if isinstance(path, rdflib.URIRef):
        return compact(str(path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_text(graph, p) for p in Collection(graph, alternatives))
    return "/".join(_path_text(graph, p) for p in Collection(graph, path))


# Sources are looked up node by node in Oxigraph's indexes, as labels are (dpgraph.rdf.labels.node_labels).
def _objects(store: Store, node: NamedNode, predicate: NamedNode) -> list:
    return [q.object for q in store.quads_for_pattern(node, predicate, None)]


def _sources(store: Store, focuses: list[str], settings: Settings) -> dict[str, tuple[Source, ...]]:
    """Excerpts a node (or the record its IRI is a fragment of) is derived from, and the file it is in."""
    files = {g for g in store.named_graphs() if isinstance(g, NamedNode) and g.value.startswith("file:")}
    sources_dir = _relative(settings.sources_dir, settings.root)
    found: dict[str, tuple[Source, ...]] = {}
    for focus in focuses:
        for node in dict.fromkeys((focus, focus.split("#", 1)[0])):
            sources = {*_excerpts(store, _node(node), sources_dir), *_files(store, _node(node), files)}
            if sources:
                found[focus] = _distinct(sources)
                break
    return found


def _distinct(sources: set[Source]) -> tuple[Source, ...]:
    """One entry per range of lines: records copied into several documents' graphs repeat the
    same lines, and a line inside a wider range of the same file adds nothing to read."""
    spans = {(s.path, s.first_line, s.last_line or s.first_line): s for s in sorted(sources, key=str)}

    def inside(path: str, first: int | None, last: int | None) -> bool:
        return first is not None and any(
            other == path and start is not None and (start, end) != (first, last) and start <= first and last <= end
            for other, start, end in spans
        )

    return tuple(sorted((s for key, s in spans.items() if not inside(*key)), key=_source_order))


def _excerpts(store: Store, node: NamedNode, sources_dir: str) -> list[Source]:
    out = []
    for excerpt in _objects(store, node, PROV_DERIVED):
        lines = [_objects(store, excerpt, p) for p in (DP_START, DP_END)]
        for document in _objects(store, excerpt, DCT_PART_OF):
            if all(lines):
                name = next((o.value for o in _objects(store, document, DCT_IDENTIFIER)), document.value)
                out.append(Source(f"{sources_dir}/{name}", int(lines[0][0].value), int(lines[1][0].value), document.value))
    return out


def _files(store: Store, node: NamedNode, files: set[NamedNode]) -> list[Source]:
    return [
        Source(_relative(Path(unquote(urlparse(g.value).path)), Path.cwd()))
        for g in files
        if next(store.quads_for_pattern(node, None, None, g), None) is not None
    ]


def _node(iri: str) -> NamedNode | BlankNode:
    return NamedNode(iri) if "://" in iri or iri.startswith(("urn:", "mailto:", "file:")) else BlankNode(iri)


def _source_order(source: Source) -> tuple[str, int]:
    return (source.path, source.first_line or 0)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _turtle(report: rdflib.Graph) -> str:
    """pyshacl's report graph, written by Oxigraph like every other RDF file of the project."""
    from pyshacl.graph_abstraction import to_ox

    triples = [Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in report]
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=NAMESPACES).decode("utf-8")
