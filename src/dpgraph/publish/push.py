"""Publish a build to a remote engine, so that readers see the old release or the new one, never a mix.

What goes: every public named graph of the default dataset (the build with the journal's
committed updates, the network metrics, the inferred graph), and the release graph naming them
(store.release). The restricted graph goes only when asked (a staff engine); without it, a
restricted graph left by an earlier release is removed in the same switch.

How it stays atomic depends on the engine (docs/deploy.md):
- Oxigraph server replaces its whole dataset with one `PUT /store` of N-Quads, one transaction;
- Virtuoso and other SPARQL 1.1 engines: each graph is first written to a staging graph of its
  own (Graph Store PUT), then one update request moves every staging graph onto its graph and
  drops the graphs the new release no longer has. A publish that fails before the switch drops
  its staging graphs and leaves the previous release as it was.
After the switch, the engine's counts are checked against the release: a difference is an error.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

from dpgraph.config import Settings
from dpgraph.layout import release_graph, restricted_graph
from dpgraph.results import text_rows
from dpgraph.store import EngineBadAnswer
from dpgraph.store.dialects import UNION_GRAPH, dialect_of
from dpgraph.store.files import load_files, open_dataset
from dpgraph.store.release import Release, release_from_rows, release_query
from dpgraph.store.remote import Connection
from dpgraph.store.remote_graph import engine_rows

Progress = Callable[[str], None]
SWITCH_ATTEMPTS = 5
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } VALUES ?g { %s } } GROUP BY ?g"


@dataclass(frozen=True)
class Published:
    release: Release
    counted: dict[str, int]  # graph -> statements the engine holds after the switch
    seconds: float


def release_graphs(settings: Settings, include_restricted: bool, files: Sequence[Path] = ()) -> dict[str, list[Quad]]:
    """What a publish sends (the default dataset, or the files given): graph IRI -> its quads.
    The default graph's quads, if any, are not published."""
    store = load_files(files) if files else open_dataset(settings, restricted=include_restricted)
    if files and not include_restricted:
        store.remove_graph(restricted_graph(settings))
    graphs: dict[str, list[Quad]] = defaultdict(list)
    for quad in store:
        if isinstance(quad.graph_name, NamedNode):
            graphs[quad.graph_name.value].append(quad)
    if not include_restricted and restricted_graph(settings).value in graphs:
        raise AssertionError("the restricted graph must never be in a public release")
    return dict(graphs)


def previous_release(connection: Connection, base_iri: str) -> Release | None:
    return release_from_rows(text_rows(engine_rows(connection, release_query(release_graph(base_iri)))))


def counted(connection: Connection, graphs: list[str]) -> dict[str, int]:
    rows = text_rows(engine_rows(connection, COUNTS % " ".join(str(NamedNode(g)) for g in graphs)))
    return {row["g"]: int(row["n"]) for row in rows}


def publish(
    connection: Connection,
    settings: Settings,
    include_restricted: bool = False,
    progress: Progress = print,
    files: Sequence[Path] = (),
) -> Published:
    started = time.monotonic()
    graphs = release_graphs(settings, include_restricted, files)
    release = Release.new({iri: len(quads) for iri, quads in graphs.items()})
    manifest = release_graph(settings.base_iri)
    total = sum(release.graphs.values())
    where = connection.endpoints.query_url
    progress(f"publishing release {release.identifier}: {len(graphs)} graphs, {total:,} statements, to {where}")
    if connection.endpoints.kind == "oxigraph":
        quads = [q for iri in sorted(graphs) for q in graphs[iri]] + release.quads(manifest)
        body = serialize(quads, format=RdfFormat.N_QUADS)
        progress(f"  sending the whole dataset in one transaction ({len(body) / 1e6:.1f} MB)")
        connection.put_dataset(body, "application/n-quads", seconds=max(60.0, connection.timeout))
    else:
        _staged_switch(connection, graphs, release, manifest, settings.base_iri, progress)
    progress(f"  switched in {time.monotonic() - started:.1f} s; counting what the engine holds")
    found = counted(connection, [*release.graphs, manifest])
    wrong = {g: (n, found.get(g, 0)) for g, n in release.graphs.items() if found.get(g, 0) != n}
    if wrong:
        lines = "; ".join(f"<{g}> {want} sent, {have} held" for g, (want, have) in sorted(wrong.items()))
        raise EngineBadAnswer(f"the engine does not hold what was published: {lines}")
    return Published(release, {g: found[g] for g in release.graphs}, time.monotonic() - started)


def _with_retries(connection: Connection, update: str, progress: Progress) -> None:
    """One update, sent again while the engine says it lost a lock race: Virtuoso times a
    transaction out (SR171) or picks it as a deadlock victim (40001) when readers hold the
    graphs it switches, and nothing of it is committed then."""
    dialect = dialect_of(connection.endpoints.kind)
    for attempt in range(1, SWITCH_ATTEMPTS + 1):
        try:
            connection.update(update, seconds=600)
            return
        except EngineBadAnswer as exc:
            if attempt == SWITCH_ATTEMPTS or not any(state in str(exc) for state in dialect.retry_states):
                raise
            progress(f"  the engine lost a lock race ({str(exc)[:120]}); again in {attempt} s")
            time.sleep(attempt)


def _staged_switch(
    connection: Connection, graphs: dict[str, list[Quad]], release: Release, manifest: str, base_iri: str, progress: Progress
) -> None:
    old = previous_release(connection, base_iri)
    contents = {**graphs, manifest: release.quads(manifest)}
    if dialect_of(connection.endpoints.kind).union_graph:
        contents[UNION_GRAPH] = [quad for graph in graphs.values() for quad in graph]
    staging = {
        iri: f"urn:dpgraph:staging:{release.identifier}:{n}"
        for n, iri in enumerate([*sorted(graphs), *(iri for iri in contents if iri not in graphs)])
    }
    try:
        for n, (iri, stage) in enumerate(staging.items(), 1):
            began = time.monotonic()
            triples = list(dict.fromkeys(q.triple for q in contents[iri]))
            connection.put_graph(stage, serialize(triples, format=RdfFormat.N_TRIPLES), "application/n-triples", seconds=600)
            progress(f"  [{n}/{len(staging)}] <{iri}>: {len(triples):,} statements staged in {time.monotonic() - began:.2f} s")
        gone = sorted(set(old.graphs) - set(graphs)) if old else []
        operations = [f"MOVE SILENT <{stage}> TO <{iri}>" for iri, stage in staging.items()]
        operations += [f"DROP SILENT GRAPH <{iri}>" for iri in gone]
        _with_retries(connection, " ;\n".join(operations), progress)
    except BaseException:
        # The previous release is untouched until the switch; what was staged goes.
        try:
            _with_retries(connection, " ;\n".join(f"DROP SILENT GRAPH <{stage}>" for stage in staging.values()), progress)
        except Exception as cleanup:
            progress(f"  could not drop the staging graphs (urn:dpgraph:staging:{release.identifier}:*): {cleanup}")
        raise
