"""/validation: the validation report of the data the server serves, with filters, a permalink
per result and downloads (CSV, JSON, and the SHACL report itself as Turtle). Each shape's
results fold under its name; the most severe are open (`?open=all` opens every group).

The report is computed once per app, on the first request that needs it (about half a
second), and kept: the data of a running app does not change.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from dpgraph.rdf.iris import local_path
from dpgraph.validation.formats import TEMPLATES, format_report, group
from dpgraph.validation.report import SEVERITIES, ValidationReport, ValidationResult
from dpgraph.validation.validate import validate_quads
from dpgraph.web.state import dataset, derived

# The page includes the report's style and results from the validation package's templates.
bp = Blueprint("validation", __name__, template_folder=TEMPLATES)
DOWNLOADS = {"csv": ("csv", "text/csv"), "json": ("json", "application/json"), "ttl": ("turtle", "text/turtle")}


def current_report() -> ValidationReport:
    return derived("validation", lambda data: validate_quads(data.graph.quads(), data.settings))


def local_link(iri: str) -> str | None:
    """The page of a resource on this site: its IRI with the base IRI replaced by "/"."""
    return local_path(iri, dataset().settings.base_iri)


@bp.get("/validation")
def page() -> str:
    report = current_report()
    severity = request.args.get("severity", "")
    shape = request.args.get("shape", "")
    if severity and severity not in SEVERITIES:
        abort(400, f"severity is one of {', '.join(SEVERITIES)}")
    shown = [r for r in report.results if (not severity or r.severity == severity) and (not shape or r.shape == shape)]
    shapes = sorted({(r.shape, r.shape_name) for r in report.results}, key=lambda s: s[1])
    return render_template(
        "validation/page.html",
        report=report,
        groups=group(shown),
        shown=len(shown),
        shapes=shapes,
        severities=SEVERITIES,
        selected={"severity": severity, "shape": shape},
        opened=opened_groups(shown, filtered=bool(severity or shape)),
        link=local_link,
    )


def opened_groups(shown: list[ValidationResult], filtered: bool) -> str:
    """Which groups of results the page shows open: every one when asked (`?open=all`) or when the
    results are filtered, else those of the most severe results (the violations, if any)."""
    if filtered or request.args.get("open") == "all":
        return "all"
    return next((s for s in SEVERITIES if any(r.severity == s for r in shown)), "all")


@bp.get("/validation/report.<ext>")
def download(ext: str) -> Response:
    if ext not in DOWNLOADS:
        abort(404)
    fmt, media_type = DOWNLOADS[ext]
    body = format_report(current_report(), fmt)
    headers = {"Content-Disposition": f'attachment; filename="validation-report.{ext}"'}
    return Response(body, mimetype=media_type, headers=headers)
