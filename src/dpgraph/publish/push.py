"""Publish a build to a remote engine, so that readers see the old release or the new one, never a mix.

What goes: every public named graph of the default dataset (the build with the journal's
committed updates, the network metrics, the inferred graph), the release graph naming them
(store.release) and, where the dialect asks for it, their union as one graph (UNION_GRAPH). The
restricted graph goes only when asked (a staff engine); without it, a restricted graph left by
an earlier release is removed in the same switch.

How it stays atomic depends on the engine (docs/deploy.md):
- Oxigraph server replaces its whole dataset with one `PUT /store` of N-Quads, one transaction;
- Virtuoso and other SPARQL 1.1 engines: each graph is first written to a staging graph of its
  own (Graph Store PUT), then one update request moves every staging graph onto its graph and
  drops the graphs the new release no longer has. A publish that fails before the switch drops
  its staging graphs and leaves the previous release as it was.
An engine that serves no release and holds none of the release's graphs has no readers to keep
apart: the graphs are loaded in bulk where they go (Oxigraph's bulk loader, outside any
transaction: a whole first publish at 100x took 51 s against 160 s in one transaction; Virtuoso without staging
and MOVE), and the release graph last, so fronts see the release once all of it is there.
After the writes, the engine's counts are checked against the release: a difference is an error.
The graphs are held in an Oxigraph store while they are sent, and each request's body is
serialised by it (at 100x, Python objects for each quad cost 15 s of a publish).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, serialize

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
# Seconds one write (the whole dataset's PUT, a staging graph, the switch) may take: Oxigraph's
# PUT of the 100x synthetic release (2.3 M statements with its union graph) took over 60 s, the
# limit before. A publish is a batch job; an engine that fails says so sooner.
WRITE_SECONDS = 3600.0
# {values}: a VALUES clause naming the graphs, or nothing for every named graph.
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {values} }} GROUP BY ?g"


@dataclass(frozen=True)
class Published:
    release: Release
    counted: dict[str, int]  # graph -> statements the engine holds after the switch
    seconds: float


def release_store(settings: Settings, include_restricted: bool, files: Sequence[Path] = ()) -> Store:
    """What a publish sends (the default dataset, or the files given), as named graphs: the
    default graph's statements, if any, are not published."""
    store = load_files(files) if files else open_dataset(settings, restricted=include_restricted)
    if not include_restricted:
        store.remove_graph(restricted_graph(settings))
    store.clear_graph(DefaultGraph())
    return store


def graph_sizes(store: Store) -> dict[str, int]:
    return {row["g"].value: int(row["n"].value) for row in store.query(COUNTS.format(values=""))}  # type: ignore[index, union-attr]


def previous_release(connection: Connection, base_iri: str) -> Release | None:
    return release_from_rows(text_rows(engine_rows(connection, release_query(release_graph(base_iri)))))


def counted(connection: Connection, graphs: list[str]) -> dict[str, int]:
    values = " ".join(str(NamedNode(g)) for g in graphs)
    rows = text_rows(engine_rows(connection, COUNTS.format(values=f"VALUES ?g {{ {values} }}")))
    return {row["g"]: int(row["n"]) for row in rows}


def publish(
    connection: Connection,
    settings: Settings,
    include_restricted: bool = False,
    progress: Progress = print,
    files: Sequence[Path] = (),
) -> Published:
    started = time.monotonic()
    store = release_store(settings, include_restricted, files)
    data = sorted(graph_sizes(store).items())
    union = UNION_GRAPH if dialect_of(connection.endpoints.kind).union_graph else None
    release = Release.new(dict(data), union)
    manifest = release_graph(settings.base_iri)
    where = connection.endpoints.query_url
    progress(f"publishing release {release.identifier}: {len(data)} graphs, {sum(n for _, n in data):,} statements, to {where}")
    if union:
        store.update(f"INSERT {{ GRAPH <{union}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    written = [iri for iri, _ in data] + ([union] if union else [])
    old = previous_release(connection, settings.base_iri)
    if old is None and not counted(connection, written):
        _first_load(connection, store, written, (manifest, release.quads(manifest)), progress)
    else:
        store.extend(release.quads(manifest))
        if connection.endpoints.kind == "oxigraph":
            body = store.dump(format=RdfFormat.N_QUADS)
            progress(f"  sending the whole dataset in one transaction ({len(body) / 1e6:.1f} MB)")
            connection.put_dataset(body, "application/n-quads", seconds=WRITE_SECONDS)
        else:
            _staged_switch(
                connection,
                store,
                [*written, manifest],
                set(old.graphs) - set(release.graphs) if old else set(),
                release,
                progress,
            )
    progress(f"  written in {time.monotonic() - started:.1f} s; counting what the engine holds")
    found = counted(connection, [*release.graphs, manifest])
    wrong = {g: (n, found.get(g, 0)) for g, n in release.graphs.items() if found.get(g, 0) != n}
    if wrong:
        lines = "; ".join(f"<{g}> {want} sent, {have} held" for g, (want, have) in sorted(wrong.items()))
        raise EngineBadAnswer(f"the engine does not hold what was published: {lines}")
    return Published(release, {g: found[g] for g in release.graphs}, time.monotonic() - started)


def _graph_body(store: Store, iri: str) -> bytes:
    return store.dump(format=RdfFormat.N_TRIPLES, from_graph=NamedNode(iri))


def _first_load(
    connection: Connection, store: Store, graphs: list[str], manifest: tuple[str, list[Quad]], progress: Progress
) -> None:
    """Onto an engine that serves no release and holds none of `graphs`: each graph where it goes,
    then the release graph. What failed midway stays unserved (no release graph names it), and
    the next publish replaces it."""
    began = time.monotonic()
    progress("  the engine serves no release yet: loading in bulk, the release graph last")
    try:
        if connection.endpoints.kind == "oxigraph":
            body = store.dump(format=RdfFormat.N_QUADS)
            connection.bulk_add_dataset(body, "application/n-quads", seconds=WRITE_SECONDS)
            progress(f"  {len(graphs)} graphs, {len(body) / 1e6:.1f} MB, loaded in {time.monotonic() - began:.2f} s")
        else:
            for n, iri in enumerate(graphs, 1):
                _put_graph(connection, iri, iri, _graph_body(store, iri), f"[{n}/{len(graphs)}]", progress)
        iri, quads = manifest
        body = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
        _put_graph(connection, iri, iri, body, "release graph", progress)
    except BaseException:
        progress("  the engine still serves no release; the next publish replaces what was loaded")
        raise


def _put_graph(connection: Connection, iri: str, target: str, body: bytes, step: str, progress: Progress) -> None:
    began = time.monotonic()
    put = partial(connection.put_graph, target, body, "application/n-triples", seconds=WRITE_SECONDS)
    _with_retries(connection, f"writing <{target}>", put, progress)
    progress(f"  {step} <{iri}>: {len(body) / 1e6:.1f} MB written in {time.monotonic() - began:.2f} s")


def _with_retries(connection: Connection, what: str, send: Callable[[], None], progress: Progress) -> None:
    """One request that replaces what it writes (an update, a staging graph's PUT), sent again
    while the engine says it lost a lock race: Virtuoso times a transaction out (SR171) or picks
    it as a deadlock victim (40001) when readers or its own checkpoint hold what it writes, and
    nothing of it is committed then."""
    states = dialect_of(connection.endpoints.kind).retry_states
    for attempt in range(1, SWITCH_ATTEMPTS + 1):
        try:
            send()
            return
        except EngineBadAnswer as exc:
            if attempt == SWITCH_ATTEMPTS or not any(state in str(exc) for state in states):
                raise
            progress(f"  {what}: the engine lost a lock race ({str(exc)[:160]}); again in {attempt} s")
            time.sleep(attempt)


def _update(connection: Connection, what: str, operations: list[str], progress: Progress) -> None:
    text = " ;\n".join(operations)
    _with_retries(connection, what, lambda: connection.update(text, seconds=WRITE_SECONDS), progress)


def _staged_switch(
    connection: Connection, store: Store, graphs: list[str], gone: set[str], release: Release, progress: Progress
) -> None:
    """`graphs`: what the engine is to hold for the release, staged in this order; `gone`: the
    previous release's graphs that this one no longer has."""
    staging = {iri: f"urn:dpgraph:staging:{release.identifier}:{n}" for n, iri in enumerate(graphs)}
    try:
        for n, (iri, stage) in enumerate(staging.items(), 1):
            _put_graph(connection, iri, stage, _graph_body(store, iri), f"[{n}/{len(staging)}] staged", progress)
        operations = [f"MOVE SILENT <{stage}> TO <{iri}>" for iri, stage in staging.items()]
        operations += [f"DROP SILENT GRAPH <{iri}>" for iri in sorted(gone)]
        began = time.monotonic()
        _update(connection, "the switch", operations, progress)
        progress(f"  switched the {len(staging)} staging graphs onto the release's graphs in {time.monotonic() - began:.2f} s")
    except BaseException:
        # The previous release is untouched until the switch; what was staged goes.
        try:
            _update(connection, "the cleanup", [f"DROP SILENT GRAPH <{stage}>" for stage in staging.values()], progress)
        except Exception as cleanup:
            progress(f"  could not drop the staging graphs (urn:dpgraph:staging:{release.identifier}:*): {cleanup}")
        raise
