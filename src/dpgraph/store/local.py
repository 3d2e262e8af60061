"""The graph served from an Oxigraph store in this process (the seam of dpgraph.store)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad, QuerySolutions, Store, Variable

from dpgraph.store import Row
from dpgraph.store.files import query_union


def solution_rows(solutions: QuerySolutions) -> list[Row]:
    """Each solution as {variable: term}, every projected variable present (None where unbound)."""
    names = [v.value for v in solutions.variables]
    return [{n: solution[n] for n in names} for solution in solutions]  # type: ignore[misc]


GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@dataclass(eq=False)
class LocalGraph:
    store: Store  # also what the update path writes and the worker pool snapshots
    version: int = 0

    def select(self, query: str, **iris: str) -> list[Row]:
        substitutions = {Variable(name): NamedNode(iri) for name, iri in iris.items()}
        return solution_rows(query_union(self.store, query, substitutions=substitutions))  # type: ignore[arg-type]

    def quads(self) -> list[Quad]:
        return list(self.store)

    def statements(self, subjects: Sequence[str], pointing_at: str) -> list[Quad]:
        # The store's indexes answer these patterns without parsing a query.
        nodes = [NamedNode(s) for s in dict.fromkeys(subjects)]
        family = set(nodes)  # a document has hundreds of parts (its excerpts) and as many quads pointing at it
        own = [quad for node in nodes for quad in self.store.quads_for_pattern(node, None, None, None)]
        incoming = [q for q in self.store.quads_for_pattern(None, None, NamedNode(pointing_at), None) if q.subject not in family]
        return own + incoming

    def graph_sizes(self) -> dict[str, int]:
        return {str(row["g"].value): int(row["n"].value) for row in self.select(GRAPH_SIZES)}  # type: ignore[union-attr]
