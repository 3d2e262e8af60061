"""The validation report as text, JSON, CSV, Turtle or a standalone HTML page.

Text and HTML group results by severity, then shape, then focus node, so that a person
reads each problem once with every place it occurs; JSON and CSV list one result per row
for programs and spreadsheets; Turtle is the SHACL report itself.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from dpgraph.rdf.links import safe_href
from dpgraph.validation.report import SEVERITIES, ValidationReport, ValidationResult

FORMATS = ("text", "json", "turtle", "html", "csv")
# The report's HTML (its style, its results, the standalone page), which the server's page reuses.
TEMPLATES = Path(__file__).with_name("templates")
CSV_COLUMNS = (
    "severity", "shape_name", "shape", "component", "focus", "focus_label", "path", "value", "message", "message_fr", "sources",
    "anchor",
)  # fmt: skip


@dataclass
class FocusGroup:
    focus: str
    label: str | None
    results: list[ValidationResult] = field(default_factory=list)


@dataclass
class ShapeGroup:
    severity: str
    shape: str
    name: str
    focuses: list[FocusGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(f.results) for f in self.focuses)


def group(results: list[ValidationResult]) -> dict[str, list[ShapeGroup]]:
    """Severity -> shapes (in report order) -> focus nodes -> results."""
    groups: dict[str, dict[str, ShapeGroup]] = {severity: {} for severity in SEVERITIES}
    for result in results:
        shape = groups[result.severity].setdefault(result.shape, ShapeGroup(result.severity, result.shape, result.shape_name))
        if not shape.focuses or shape.focuses[-1].focus != result.focus:
            shape.focuses.append(FocusGroup(result.focus, result.focus_label))
        shape.focuses[-1].results.append(result)
    return {severity: list(shapes.values()) for severity, shapes in groups.items()}


def format_report(report: ValidationReport, fmt: str, title: str = "") -> str:
    renderers: dict[str, Callable[[ValidationReport, str], str]] = {
        "text": render_text,
        "json": lambda r, _: json.dumps(r.as_dict(), indent=2, ensure_ascii=False) + "\n",
        "turtle": lambda r, _: r.turtle,
        "html": render_html,
        "csv": lambda r, _: render_csv(r),
    }
    return renderers[fmt](report, title)


def render_text(report: ValidationReport, title: str = "") -> str:
    lines = [f"Validation of {title}" if title else "Validation report", ""]
    for severity, shapes in group(report.results).items():
        count = sum(s.count for s in shapes)
        lines.append(f"{severity.upper()}S ({count})")
        for shape in shapes:
            lines.append(f"  {shape.name} [{shape.shape.rsplit('#', 1)[-1]}] — {shape.count}")
            for focus in shape.focuses:
                lines.append(f"    • {focus.label} <{focus.focus}>" if focus.label else f"    • <{focus.focus}>")
                for result in focus.results:
                    lines.extend(_text_result(result))
        lines.append("")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def _text_result(result: ValidationResult) -> list[str]:
    detail = "   ".join(part for part in (f"path: {result.path}" if result.path else "", _value(result)) if part)
    lines = [f"        {detail}"] if detail else []
    lines.append(f"        {result.message}")
    if result.sources:
        lines.append(f"        source: {', '.join(str(s) for s in result.sources)}")
    return lines


def _value(result: ValidationResult) -> str:
    if result.value is None or result.value == result.focus:
        return ""
    return f"value: {result.value}" if result.value.startswith('"') else f"value: <{result.value}>"


def render_csv(report: ValidationReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.results:
        row = {**r.as_dict(), "message_fr": r.messages.get("fr", ""), "sources": "; ".join(str(s) for s in r.sources)}
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return out.getvalue()


def render_html(report: ValidationReport, title: str = "") -> str:
    """A page that stands alone (CSS inline, focus nodes linked to their IRIs), for `dpgraph validate --format html`."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    template = env.get_template("validation/standalone.html")
    # A focus node is any IRI the data hold: only a harmless one (dpgraph.rdf.links) becomes a link.
    return template.render(report=report, groups=group(report.results), title=title, link=safe_href)
