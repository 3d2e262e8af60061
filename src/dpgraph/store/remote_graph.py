"""The graph served from a remote engine (the seam of dpgraph.store over the SPARQL 1.1 Protocol).

Each call is one request: a SELECT, or a Graph Store read for every quad. What is served is the
release `dpgraph publish` put there (store.release): its graphs, less the restricted graph unless
this front serves it, whatever else the engine holds. `version` follows the release: it is
looked up at most every POLL_SECONDS, and a new release makes what the app derived stale.
"""

from __future__ import annotations

import http.client
import logging
import threading
import time
from collections.abc import Sequence

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store, Triple, Variable, parse, parse_query_results

from dpgraph.layout import RESTRICTED_GRAPHS, release_graph
from dpgraph.rdf.sparqltext import with_values
from dpgraph.rdf.terms import PREFIXES
from dpgraph.store import EngineBadAnswer, EngineUnavailable, Row
from dpgraph.store.dialects import FLOATING, Dialect, dialect_of
from dpgraph.store.release import Release, release_from_rows, release_query
from dpgraph.store.remote import Connection

log = logging.getLogger(__name__)
# How stale a front's idea of the published release may be: one small query per this many seconds at most.
POLL_SECONDS = 5.0
PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def statements_query(subjects: Sequence[str], pointing_at: str) -> str:
    """Every statement about `subjects` and every one pointing at `pointing_at`, with its graph.
    The second part looks in the default graph (the union of the served graphs, each statement
    once) before asking each statement's graphs: Virtuoso took 300-500 ms for `GRAPH ?g { ?s ?p <o> }` alone and
    3 ms this way (a resource page on Virtuoso: 470 ms before)."""
    nodes = " ".join(str(NamedNode(s)) for s in dict.fromkeys(subjects))
    target = NamedNode(pointing_at)
    return f"""SELECT ?s ?p ?o ?g WHERE {{
  {{ VALUES ?s {{ {nodes} }} GRAPH ?g {{ ?s ?p ?o }} }}
  UNION {{ {{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {target} }} }} GRAPH ?g {{ ?s ?p {target} }}
    FILTER(!(?s IN ({", ".join(nodes.split())}))) BIND({target} AS ?o) }}
}}"""


def engine_rows(
    connection: Connection, query: str, graphs: tuple[list[str], list[str]] | None = None, in_union: Sequence[str] = ()
) -> list[Row]:
    """The solutions of a SELECT (with the project's prefixes) on the engine, over `graphs` or
    its own dataset; `in_union`: the graphs the release's union graph holds (Dialect.graph_parameters)."""
    dialect = dialect_of(connection.endpoints.kind)
    text = dialect.query_text(PROLOGUE + query, graphs)
    with connection.query(text, dialect.results_accept, dialect.graph_parameters(graphs, in_union)) as answer:
        try:
            body = answer.body.read()
        except (OSError, http.client.HTTPException) as exc:
            raise EngineUnavailable(f"the connection to the engine was lost while it answered ({type(exc).__name__})") from None
        solutions = parse_query_results(body, dialect.results_format)
    if not isinstance(solutions, QuerySolutions):
        raise EngineBadAnswer("the engine answered a SELECT with a boolean")
    names = [v.value for v in solutions.variables]
    return [{n: dialect.cell(solution[n]) for n in names} for solution in solutions]  # type: ignore[misc]


class RemoteGraph:
    def __init__(self, connection: Connection, base_iri: str, include_restricted: bool = False):
        self.connection = connection
        self.dialect: Dialect = dialect_of(connection.endpoints.kind)
        self.base_iri = base_iri
        self._hidden = set() if include_restricted else {f"{base_iri}graph/{g}" for g in RESTRICTED_GRAPHS}
        self._lock = threading.Lock()
        self._release: Release | None = None
        self._version = 0
        self._checked = -POLL_SECONDS

    @property
    def version(self) -> int:
        """One more each time a new release is seen on the engine; an unreachable engine changes nothing."""
        with self._lock:
            if time.monotonic() - self._checked >= POLL_SECONDS:
                self._checked = time.monotonic()
                try:
                    found = self._read_release()
                except EngineUnavailable as exc:
                    log.warning("cannot check the engine's release: %s", exc)
                else:
                    if found is not None and (self._release is None or found.identifier != self._release.identifier):
                        self._release, self._version = found, self._version + 1
            return self._version

    def _read_release(self) -> Release | None:
        rows = self._rows(release_query(release_graph(self.base_iri)), None)
        return release_from_rows([{name: term.value for name, term in row.items() if term is not None} for row in rows])

    def release(self) -> Release:
        """The release served; EngineUnavailable when the engine holds none (nothing was published there)."""
        self.version  # noqa: B018 - looks the release up when it is due
        with self._lock:
            if self._release is None:
                self._checked = -POLL_SECONDS  # look again on the next call, not in POLL_SECONDS
                raise EngineUnavailable(
                    f"the engine at {self.connection.endpoints.query_url} holds no release of this dataset: "
                    "publish one with `dpgraph publish --engine URL`"
                )
            return self._release

    def served_graphs(self) -> list[str]:
        return sorted(g for g in self.release().graphs if g not in self._hidden)

    def in_union_graph(self) -> list[str]:
        """The graphs whose union the release's union graph holds (the restricted graph too, if it
        was published), or none when the release has no union graph."""
        release = self.release()
        return sorted(release.graphs) if release.union_graph else []

    def dataset(self, default: Sequence[str] | None = None, named: Sequence[str] | None = None) -> tuple[list[str], list[str]]:
        """The protocol's graph lists for a query: those asked for that are served (all served by default)."""
        served = self.served_graphs()
        pick = set(served)
        return (
            served if default is None else [g for g in default if g in pick],
            served if named is None else [g for g in named if g in pick],
        )

    def _rows(self, query: str, graphs: tuple[list[str], list[str]] | None) -> list[Row]:
        # The release itself is read over the engine's own dataset (graphs None), before any is served.
        return engine_rows(self.connection, query, graphs, self.in_union_graph() if graphs is not None else ())

    def select(self, query: str, **iris: str) -> list[Row]:
        if iris:
            query = with_values(query, {Variable(name): NamedNode(iri) for name, iri in iris.items()})
        return self._rows(query, self.dataset())

    def quads(self) -> list[Quad]:
        served = self.served_graphs()
        # In a store of its own, the quads come out in the order an embedded store gives the same
        # quads (their encoded terms'), so what is written from them (the dumps) is the same.
        store = Store()
        if self.dialect.whole_dataset_reads:
            wanted = {NamedNode(g) for g in served}
            body = self.connection.get_store("application/n-quads")
            store.bulk_extend(q for q in parse(body, format=RdfFormat.N_QUADS) if q.graph_name in wanted)
        for graph in [] if self.dialect.whole_dataset_reads else served:
            body = self.connection.get_store("application/n-triples", graph)
            triples = self._exact_floating(graph, list(parse(body, format=RdfFormat.N_TRIPLES)))
            store.bulk_extend(Quad(t.subject, t.predicate, t.object, NamedNode(graph)) for t in triples)
        return list(store)

    def _exact_floating(self, graph: str, triples: list[Triple]) -> list[Triple]:
        """The triples with their doubles and floats whole, where the engine cuts them in what it
        writes (Dialect.exact_floating): their exact text is asked for in one SELECT per graph.
        Statements about blank nodes keep the cut numbers: their labels differ between the two answers."""
        expression = self.dialect.exact_floating
        if not expression or not any(isinstance(t.object, Literal) and t.object.datatype in FLOATING for t in triples):
            return triples
        query = f"""SELECT ?s ?p ?o ({expression.format(var="?o")} AS ?text) WHERE {{
  GRAPH {NamedNode(graph)} {{ ?s ?p ?o FILTER(isIRI(?s) && DATATYPE(?o) IN (xsd:double, xsd:float)) }} }}"""
        exact = {(r["s"], r["p"], r["o"]): r["text"] for r in engine_rows(self.connection, query)}
        fixed = []
        for t in triples:
            text = exact.get((t.subject, t.predicate, t.object))
            if isinstance(text, Literal) and isinstance(t.object, Literal):
                t = Triple(t.subject, t.predicate, self.dialect.floating(t.object, text.value))
            fixed.append(t)
        return fixed

    def statements(self, subjects: Sequence[str], pointing_at: str) -> list[Quad]:
        rows = self._rows(statements_query(subjects, pointing_at), self.dataset())
        return [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]  # type: ignore[arg-type]

    def graph_sizes(self) -> dict[str, int]:
        # Counted by `dpgraph publish` on the engine after the push, and written with the release.
        sizes = self.release().graphs
        return {g: sizes[g] for g in self.served_graphs()}
