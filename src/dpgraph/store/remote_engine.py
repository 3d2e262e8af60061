"""The endpoint's queries answered by a remote engine, with the embedded engine's interface (run, start, close).

The front has already refused what may not run (querycheck) and resolved the query's graphs;
here the query goes to the engine restricted to the served graphs, and the answer comes back
as the embedded engine's would: read as it streams in, cut at the row cap (and flagged), in the
format the client asked for, the engine's dialect undone (dialects.py). Each lane may have
as many queries at the engine as it has workers in the embedded engine, and a query waits
`queue_seconds` for a turn, as there.
"""

from __future__ import annotations

import contextlib
import http.client
import threading
from collections import defaultdict, deque
from collections.abc import Iterator, Mapping
from itertools import islice

from pyoxigraph import Literal, QueryBoolean, QuerySolutions, RdfFormat, parse, parse_query_results

from dpgraph.mediatypes import RESULT_TYPES
from dpgraph.rdf.sparql_errors import friendly_message
from dpgraph.rdf.sparqltext import query_form, with_lexical_forms
from dpgraph.rdf.terms import PREFIXES
from dpgraph.store import EngineBadAnswer, EngineBusy, EngineUnavailable, RemoteTimeout, Term
from dpgraph.store.dialects import FLOATING
from dpgraph.store.query_wire import Answer
from dpgraph.store.remote import MARGIN_SECONDS
from dpgraph.store.remote_graph import RemoteGraph
from dpgraph.store.worker import (
    Outcome,
    QueryJob,
    UpdateJob,
    capped_solutions,
    graph_outcome,
    normalised,
    normalised_rows,
    solutions_of,
)

# What Oxigraph server writes at the end of a result it had begun when the query ran out of time.
CANCELLED = b"The SPARQL operation has been cancelled"
TAIL_BYTES = 256


class _Stream:
    """An answer's body as a file for pyoxigraph's parsers, keeping its last bytes and the error
    that ended it (an exception inside the parser's read comes back as a parse error)."""

    def __init__(self, answer: Answer):
        self._body = answer.body
        self.tail = b""
        self.error: Exception | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._body.read(None if size < 0 else size)
        except TimeoutError as exc:
            self.error = exc
            raise OSError("the engine stopped sending") from exc
        except (OSError, http.client.HTTPException) as exc:
            self.error = exc
            raise OSError("the connection to the engine was lost") from exc
        self.tail = (self.tail + data)[-TAIL_BYTES:]
        return data


def prologue(base_iri: str | None) -> str:
    """The project's prefixes and base, on one line: the client's query keeps its line numbers."""
    base = f"BASE <{base_iri}> " if base_iri else ""
    return base + " ".join(f"PREFIX {prefix}: <{iri}>" for prefix, iri in PREFIXES.items()) + " "


class RemoteEngine:
    def __init__(self, graph: RemoteGraph, lanes: Mapping[str, int], timeout: float, queue_seconds: float = 1.0):
        self.graph = graph
        self.timeout = timeout
        self.queue_seconds = queue_seconds
        self._turns = {lane: threading.BoundedSemaphore(size) for lane, size in lanes.items()}

    def start(self) -> None:
        """Look the release up once, so the first request does not wait for it (an engine down now is not fatal)."""
        # An engine down or empty now is not fatal: the pages say so until it answers.
        with contextlib.suppress(EngineUnavailable):
            self.graph.release()

    def close(self) -> None:
        self.graph.connection.close()

    def run(self, job: QueryJob | UpdateJob, lane: str = "sparql") -> Outcome:
        if not isinstance(job, QueryJob):
            raise TypeError("updates are not sent to a remote engine (web/sparql/update.py refuses them)")
        turn = self._turns[lane]
        if not turn.acquire(timeout=self.queue_seconds):
            raise EngineBusy("every connection to the engine is busy; try again shortly")
        try:
            return self._answer(job)
        finally:
            turn.release()

    def _answer(self, job: QueryJob) -> Outcome:
        dialect = self.graph.dialect
        lead = prologue(job.base_iri)
        graphs = self.graph.dataset(job.default_graphs, job.named_graphs)
        is_graph = query_form(job.text) in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if is_graph else dialect.results_accept
        try:
            with self._sent(lead + job.text, accept, graphs) as stream:
                return self._read(stream, job, is_graph, graphs)
        except ValueError as exc:  # the engine found the query wrong
            # Oxigraph's report in plain words, on the client's text; another engine's as it said it.
            said = str(exc)
            plain = friendly_message(said, job.text, prologue=lead)
            return Outcome("error", error=plain if plain != said else dialect.error_message(said, lead))

    @contextlib.contextmanager
    def _sent(self, text: str, accept: str, graphs: tuple[list[str], list[str]]) -> Iterator[_Stream]:
        """The engine's answer to a query, as a stream whose read errors say what happened."""
        dialect = self.graph.dialect
        parameters = dialect.graph_parameters(graphs, self.graph.in_union_graph())
        with self.graph.connection.query(dialect.query_text(text, graphs), accept, parameters, self.timeout) as answer:
            stream = _Stream(answer)
            try:
                yield stream
            except (SyntaxError, OSError) as exc:
                raise self._failure(stream, exc) from None

    def _read(self, stream: _Stream, job: QueryJob, is_graph: bool, graphs: tuple[list[str], list[str]]) -> Outcome:
        if is_graph:
            return graph_outcome((quad.triple for quad in parse(stream, format=RdfFormat.N_TRIPLES)), job)
        dialect = self.graph.dialect
        result = parse_query_results(stream, dialect.results_format)
        if isinstance(result, QueryBoolean):
            return Outcome("boolean", result.serialize(format=RESULT_TYPES[job.results_type]), job.results_type, rows=1)
        if dialect.booleans_as_integers or dialect.exact_floating:
            names = [v.value for v in result.variables]
            rows = [[solution[name] for name in names] for solution in islice(result, job.max_rows + 1)]
            if dialect.exact_floating:
                rows = self._exact_floating(job, graphs, names, rows)
            return capped_solutions(solutions_of(names, normalised_rows(names, rows, job, dialect.cell)), job)
        if job.concatenations:
            return capped_solutions(normalised(result, job), job)
        return capped_solutions(result, job)

    def _exact_floating(
        self, job: QueryJob, graphs: tuple[list[str], list[str]], names: list[str], rows: list[list[Term | None]]
    ) -> list[list[Term | None]]:
        """The rows with each double and float as the engine holds it: asked again with the
        columns' exact text beside them (Dialect.exact_floating), matched row for row by the
        other cells, since the two answers need not come in the same order."""
        dialect = self.graph.dialect
        wanted = [n for i, n in enumerate(names) if any(isinstance(r[i], Literal) and r[i].datatype in FLOATING for r in rows)]
        text = with_lexical_forms(job.text, names, wanted, dialect.exact_floating or "") if wanted else None
        if text is None:
            return rows
        with self._sent(prologue(job.base_iri) + text, self.graph.dialect.results_accept, graphs) as stream:
            again = parse_query_results(stream, self.graph.dialect.results_format)
            assert isinstance(again, QuerySolutions)
            exact: dict[tuple[str, ...], deque[list[Term | None]]] = defaultdict(deque)
            for solution in islice(again, job.max_rows + 1):
                exact[tuple(str(solution[n]) for n in names)].append([solution[f"{n}__lexical"] for n in wanted])
        columns = [names.index(n) for n in wanted]
        for row in rows:
            found = exact.get(tuple(str(term) for term in row))
            if not found:
                continue
            for column, lexical in zip(columns, found.popleft(), strict=True):
                term = row[column]
                if isinstance(term, Literal) and term.datatype in FLOATING and isinstance(lexical, Literal):
                    row[column] = dialect.floating(term, lexical.value)
        return rows

    def _failure(self, stream: _Stream, exc: Exception) -> Exception:
        if CANCELLED in stream.tail:
            return RemoteTimeout(f"the query ran longer than the engine's time limit and was stopped there ({self.timeout:g} s)")
        if isinstance(stream.error, TimeoutError):
            return RemoteTimeout(f"the engine sent no more of the answer within {self.timeout + MARGIN_SECONDS:g} s of the query")
        if stream.error is not None:
            return EngineUnavailable("the connection to the engine was lost while it answered")
        return EngineBadAnswer(f"the engine's answer could not be read: {exc}")
