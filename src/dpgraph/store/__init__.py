"""The one seam between the app and the graph it serves: `Graph`.

Every read of the served data (SPARQL queries, a resource's statements, every quad for the
dumps and the catalogue, the sizes of the named graphs) goes through this small interface, and
each page asks for what it needs in one or a few calls, each of which is one SPARQL query (or
an index lookup that one query can replace). So an implementation over a remote SPARQL 1.1
Protocol endpoint costs one round trip per call, a page one or a few round trips.

store.local.LocalGraph is the in-process implementation over an Oxigraph Store. Writing (SPARQL
Update, web/sparql/update.py) and the worker pool (store.embedded) still hold that Store: they
copy and change it, which a read interface does not offer. store.remote_graph.RemoteGraph is the
implementation over a triplestore's SPARQL 1.1 Protocol endpoint (Oxigraph server, Virtuoso).

Both answer the endpoint's queries through an engine (store.embedded.Engine, the worker pool;
store.remote_engine.RemoteEngine) and fail with the errors below, whose `status` is the HTTP
status the app answers with.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

Term = NamedNode | BlankNode | Literal
Row = dict[str, Term | None]  # a solution: every projected variable, None where unbound


class EngineUnavailable(Exception):
    """Nothing could answer: a worker died or none is loaded yet, or the remote engine is unreachable."""

    status = 503


class EngineBusy(EngineUnavailable):
    """Every worker (or every connection to the engine) of the lane is busy: refused without waiting long."""


class EngineBadAnswer(EngineUnavailable):
    """The remote engine answered with an error or with something that is not a SPARQL result."""

    status = 502


class EngineTimeout(Exception):
    """The query ran past the time limit and was stopped."""

    status = 503


class RemoteTimeout(EngineTimeout):
    """The remote engine did not answer within the time limit (a gateway's time-out)."""

    status = 504


class Graph(Protocol):
    version: int  # one more after each committed update: what was derived from the data is stale

    def select(self, query: str, **iris: str) -> list[Row]:
        """The solutions of a SELECT over the union of the graphs, with the project's prefixes;
        keyword arguments bind variables to IRIs (never pasted into the text), so the query
        projects every variable it binds."""
        ...

    def quads(self) -> list[Quad]:
        """Every quad of every graph: `SELECT * { GRAPH ?g { ?s ?p ?o } }` and the default graph's."""
        ...

    def statements(self, subjects: Sequence[str], pointing_at: str) -> list[Quad]:
        """Each quad whose subject is one of `subjects` or whose object is `pointing_at`, once: a
        resource page's statements, those of its hash parts and those pointing at it, in one query."""
        ...

    def graph_sizes(self) -> dict[str, int]:
        """Named graph IRI -> its number of statements."""
        ...
