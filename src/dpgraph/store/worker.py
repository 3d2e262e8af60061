"""The code that runs inside a query worker process: its own copy of the dataset, one job at a time.

A pyoxigraph query cannot be interrupted from another thread or by a signal, so every query
runs here, in a process the endpoint can kill at the time limit (see engine.py). Results are
serialised here by Oxigraph and sent back as bytes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection

from pyoxigraph import (
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from dpgraph.mediatypes import GRAPH_TYPES, RESULT_TYPES
from dpgraph.rdf.sparql_errors import friendly_message
from dpgraph.rdf.terms import PREFIXES
from dpgraph.store import Term, sandbox

READY = "ready"
# A term of an answer, and whether its column is a boolean the query computes -> the term as standard SPARQL gives it.
Cell = Callable[[Term | None, bool], Term | None]


@dataclass(frozen=True)
class QueryJob:
    text: str
    results_type: str  # media type for SELECT/ASK, a key of conneg.RESULT_TYPES
    graph_type: str  # media type for CONSTRUCT/DESCRIBE, a key of conneg.GRAPH_TYPES
    max_rows: int
    # The protocol's graphs (default-graph-uri, named-graph-uri) or else the query's (FROM, FROM NAMED).
    default_graphs: tuple[str, ...] | None = None  # None: the union of the named graphs
    named_graphs: tuple[str, ...] | None = None  # None: every named graph
    base_iri: str | None = None  # what relative IRIs in the query resolve against (the dataset's base IRI)
    boolean_columns: tuple[str, ...] = ()  # variables the query computes as booleans (what an engine may send as 1/0)
    concatenations: tuple[tuple[str, str], ...] = ()  # (variable, separator) of each GROUP_CONCAT the query projects


@dataclass(frozen=True)
class UpdateJob:
    """Run an update on a scratch copy and report the change; the served data stay as they are."""

    text: str
    base_iri: str | None = None  # what relative IRIs in the update resolve against (the dataset's base IRI)


@dataclass(frozen=True)
class ReloadJob:
    snapshot: str


@dataclass(frozen=True)
class Outcome:
    kind: str  # "solutions", "boolean", "graph", "change", "reloaded" or "error"
    body: bytes = b""
    media_type: str = ""
    rows: int = 0
    truncated: bool = False
    error: str = ""
    removed: bytes = b""  # a change: the quads an update removes (N-Quads); `body` holds those it adds


class _LimitReached(Exception):
    """Raised from inside Oxigraph's serialiser to stop it at a cap."""


class _BoundedWriter:
    """A binary writer that stops Oxigraph's serialiser past `max_lines` lines or `max_bytes` bytes."""

    def __init__(self, max_lines: int | None = None, max_bytes: int | None = None):
        self.max_lines, self.max_bytes = max_lines, max_bytes
        self.lines = self.size = 0
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.size += len(data)
        self.lines += data.count(b"\n") if self.max_lines is not None else 0
        if (self.max_lines is not None and self.lines >= self.max_lines) or (
            self.max_bytes is not None and self.size > self.max_bytes
        ):
            raise _LimitReached
        return len(data)

    def flush(self) -> None:
        """Oxigraph flushes the writer it is given; everything is already in `chunks`."""

    @property
    def value(self) -> bytes:
        return b"".join(self.chunks)


# Rows counted in the formats written directly: JSON by parsing it (C speed), XML by its
# <result> elements (a literal's "<" is always escaped, so the tag cannot occur inside one).
_ROW_COUNTERS = {
    QueryResultsFormat.JSON: lambda body: len(json.loads(body)["results"]["bindings"]),
    QueryResultsFormat.XML: lambda body: body.count(b"<result>"),
}
# Bytes a solution may take on average in a direct result before the capped path takes over.
BYTES_PER_ROW = 2048


def load_snapshot(path: str) -> Store:
    store = Store()
    # parse() keeps blank node labels (bulk_load renames them), so quads compare equal to the app's.
    store.bulk_extend(parse(path=path, format=RdfFormat.N_QUADS))
    return store


def _dataset_options(job: QueryJob) -> dict[str, object]:
    if job.default_graphs is not None or job.named_graphs is not None:
        # The protocol's dataset replaces the service's: graphs left out are out of the query.
        return {
            "default_graph": [NamedNode(g) for g in job.default_graphs or ()],
            "named_graphs": [NamedNode(g) for g in job.named_graphs or ()],
        }
    return {"use_default_graph_as_union": True}


def _direct(result: QuerySolutions, job: QueryJob) -> Outcome | None:
    """JSON or XML written once by Oxigraph, when the result is within the caps; else None."""
    fmt = RESULT_TYPES[job.results_type]
    writer = _BoundedWriter(max_bytes=BYTES_PER_ROW * (job.max_rows + 1))
    try:
        result.serialize(writer, format=fmt)
    except _LimitReached:
        return None
    rows = _ROW_COUNTERS[fmt](writer.value)
    return Outcome("solutions", writer.value, job.results_type, rows=rows) if rows <= job.max_rows else None


def capped_solutions(result: QuerySolutions, job: QueryJob) -> Outcome:
    """At most max_rows solutions, in the job's format, flagged when there were more."""
    # TSV puts one solution on a line (newlines in literals are escaped), so counting lines
    # caps the rows without converting terms in Python; Oxigraph then re-reads the kept lines.
    writer = _BoundedWriter(max_lines=job.max_rows + 2)
    truncated = False
    try:
        result.serialize(writer, format=QueryResultsFormat.TSV)
    except _LimitReached:
        truncated = True  # at least max_rows + 1 solutions after the header line
    tsv = writer.value
    if truncated:
        tsv = b"\n".join(tsv.split(b"\n", job.max_rows + 1)[: job.max_rows + 1]) + b"\n"
    fmt = RESULT_TYPES[job.results_type]
    body = tsv if fmt == QueryResultsFormat.TSV else parse_query_results(tsv, QueryResultsFormat.TSV).serialize(format=fmt)
    if truncated and fmt == QueryResultsFormat.JSON:
        body = b'{"truncated":true,' + body[1:]
    return Outcome("solutions", body, job.results_type, rows=tsv.count(b"\n") - 1, truncated=truncated)


def tsv_results(names: list[str], rows: list[list[object]]) -> bytes:
    """Solutions as SPARQL TSV: each term in its N-Triples form (pyoxigraph escapes tabs and line breaks), unbound empty."""
    lines = ["\t".join(f"?{name}" for name in names)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def normalised(result: QuerySolutions, job: QueryJob, cell: Cell | None = None) -> QuerySolutions:
    """The solutions (up to one past the cap) through normalised_rows."""
    names = [v.value for v in result.variables]
    rows = [[solution[name] for name in names] for solution in islice(result, job.max_rows + 1)]
    return solutions_of(names, normalised_rows(names, rows, job, cell))


def normalised_rows(
    names: list[str], rows: list[list[Term | None]], job: QueryJob, cell: Cell | None = None
) -> list[list[Term | None]]:
    """Rows with each GROUP_CONCAT's parts in sorted order, as a simple literal (SPARQL 1.1
    §18.5.1.7 leaves the order to the engine, and engines differ), and, given `cell`, every
    other term passed through it (with whether its column is a boolean the query computes)."""
    separators = dict(job.concatenations)
    booleans = set(job.boolean_columns)
    done = []
    for row in rows:
        terms: list[Term | None] = []
        for name, term in zip(names, row, strict=True):
            if name in separators and isinstance(term, Literal):
                term = Literal(separators[name].join(sorted(term.value.split(separators[name]))) if term.value else "")
            elif cell is not None:
                term = cell(term, name in booleans)
            terms.append(term)
        done.append(terms)
    return done


def solutions_of(names: list[str], rows: list[list[Term | None]]) -> QuerySolutions:
    parsed = parse_query_results(tsv_results(names, rows), QueryResultsFormat.TSV)
    assert isinstance(parsed, QuerySolutions)
    return parsed


def answer_query_job(store: Store, job: QueryJob) -> Outcome:
    def evaluate() -> QuerySolutions | QueryBoolean | QueryTriples:
        return store.query(job.text, base_iri=job.base_iri, prefixes=PREFIXES, **_dataset_options(job))

    result = evaluate()
    if isinstance(result, QueryBoolean):
        return Outcome("boolean", result.serialize(format=RESULT_TYPES[job.results_type]), job.results_type, rows=1)
    if isinstance(result, QuerySolutions):
        if job.concatenations:
            return capped_solutions(normalised(result, job), job)
        if RESULT_TYPES[job.results_type] not in _ROW_COUNTERS:
            return capped_solutions(result, job)
        # The common case in one pass; a result over a cap is evaluated again, the capped way.
        return _direct(result, job) or capped_solutions(evaluate(), job)  # type: ignore[arg-type]
    return graph_outcome(result, job)


def graph_outcome(triples: Iterable[Triple], job: QueryJob) -> Outcome:
    """At most max_rows triples, in the job's graph format, flagged when there were more."""
    kept = list(islice(triples, job.max_rows + 1))
    truncated = len(kept) > job.max_rows
    body = serialize(kept[: job.max_rows], format=GRAPH_TYPES[job.graph_type], prefixes=PREFIXES)
    return Outcome("graph", body, job.graph_type, rows=min(len(kept), job.max_rows), truncated=truncated)


def run_update(store: Store, job: UpdateJob) -> Outcome:
    scratch = Store()
    scratch.bulk_extend(store)
    scratch.update(job.text, base_iri=job.base_iri, prefixes=PREFIXES)
    before, after = set(store), set(scratch)
    added = serialize(sorted(after - before, key=str), format=RdfFormat.N_QUADS)
    removed = serialize(sorted(before - after, key=str), format=RdfFormat.N_QUADS)
    return Outcome("change", added, "application/n-quads", removed=removed)


def execute(store: Store, job: QueryJob | UpdateJob) -> Outcome:
    try:
        return answer_query_job(store, job) if isinstance(job, QueryJob) else run_update(store, job)
    except SyntaxError as exc:
        kind = "query" if isinstance(job, QueryJob) else "update"
        return Outcome("error", error=friendly_message(str(exc), job.text, kind=kind, prefixes=PREFIXES, base_iri=job.base_iri))
    except (ValueError, OSError, RuntimeError, TypeError) as exc:
        # Evaluation errors Oxigraph raises for a bad request (wrong argument types and the like).
        return Outcome("error", error=f"the query could not be evaluated: {exc}")


def serve(conn: Connection, snapshot: str) -> None:
    """The worker's loop: load the snapshot, say ready, answer jobs until the app goes away."""
    store = load_snapshot(snapshot)
    conn.send(READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(job, ReloadJob):
            store = load_snapshot(job.snapshot)
            conn.send(Outcome("reloaded"))
        else:
            conn.send(execute(store, job))


def main(argv: list[str]) -> None:
    """`python -m dpgraph.store.worker FD SNAPSHOT PARENT_PID [--allow-network]`: serve jobs on the socket FD.

    The sandbox goes up before the snapshot or any query is read; a worker that cannot raise it
    exits, and the engine reports that it failed to start.
    """
    fd, snapshot, parent = argv[:3]
    try:
        sandbox.die_with_parent(int(parent))
        sandbox.lower_priority()
        if "--allow-network" not in argv[3:]:
            sandbox.forbid_network()
    except sandbox.SandboxError as exc:
        sys.exit(f"dpgraph query worker: refusing to serve without its sandbox: {exc}")
    serve(Connection(int(fd)), snapshot)


if __name__ == "__main__":
    # Run the imported module's main, so outcomes pickle as dpgraph.store.worker.Outcome, not __main__.Outcome.
    from dpgraph.store import worker

    worker.main(sys.argv[1:])
