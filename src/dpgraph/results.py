"""Query results as rows of terms or of text, a terminal table, CSV, TSV or SPARQL JSON: one place for every caller."""

from __future__ import annotations

import csv
import io
import json

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize

from dpgraph.store import Row
from dpgraph.store.files import QueryResult

FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV, "json": QueryResultsFormat.JSON}


def term_text(term: object) -> str:
    """A term as a person reads it: IRIs bare, literals without quotes or datatype."""
    if term is None:
        return ""
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def text_rows(rows: list[Row]) -> list[dict[str, str]]:
    """Rows as people read them (term_text): '' where a variable is unbound."""
    return [{name: term_text(term) for name, term in row.items()} for row in rows]


def format_results(result: QueryResult, fmt: str) -> str:
    if isinstance(result, QueryBoolean):
        return json.dumps({"head": {}, "boolean": bool(result)}) if fmt == "json" else ("true" if result else "false")
    if not isinstance(result, QuerySolutions):
        return serialize(list(result), format=RdfFormat.TURTLE).decode("utf-8")
    if fmt in _RESULT_FORMATS:
        return result.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
    variables = [v.value for v in result.variables]
    rows = [[term_text(solution[v]) for v in variables] for solution in result]
    return table(variables, rows)


def table(columns: list[str], rows: list[list[str]], width: int = 60) -> str:
    cut = [[cell if len(cell) <= width else cell[: width - 1] + "…" for cell in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cut]) for i, c in enumerate(columns)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)), line]
    out += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in cut]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def csv_text(columns: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()
