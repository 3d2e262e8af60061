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
After the switch, the engine's counts are checked against the release: a difference is an error.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize

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


def engine_contents(graphs: dict[str, list[Quad]], release: Release, manifest: str) -> dict[str, list[Triple]]:
    """Each graph the engine is to hold for this release, as its distinct triples: the data
    graphs, the release graph and the release's union graph, if it has one."""
    contents = {iri: list(dict.fromkeys(q.triple for q in quads)) for iri, quads in graphs.items()}
    contents[manifest] = [q.triple for q in release.quads(manifest)]
    if release.union_graph:
        contents[release.union_graph] = list(dict.fromkeys(t for triples in (contents[iri] for iri in graphs) for t in triples))
    return contents


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
    union = UNION_GRAPH if dialect_of(connection.endpoints.kind).union_graph else None
    release = Release.new({iri: len(quads) for iri, quads in graphs.items()}, union)
    manifest = release_graph(settings.base_iri)
    total = sum(release.graphs.values())
    where = connection.endpoints.query_url
    progress(f"publishing release {release.identifier}: {len(graphs)} graphs, {total:,} statements, to {where}")
    contents = engine_contents(graphs, release, manifest)
    if connection.endpoints.kind == "oxigraph":
        quads = (Quad(t.subject, t.predicate, t.object, NamedNode(iri)) for iri in sorted(contents) for t in contents[iri])
        body = serialize(quads, format=RdfFormat.N_QUADS)
        progress(f"  sending the whole dataset in one transaction ({len(body) / 1e6:.1f} MB)")
        connection.put_dataset(body, "application/n-quads", seconds=WRITE_SECONDS)
    else:
        _staged_switch(connection, contents, sorted(graphs), release, settings.base_iri, progress)
    progress(f"  switched in {time.monotonic() - started:.1f} s; counting what the engine holds")
    found = counted(connection, [*release.graphs, manifest])
    wrong = {g: (n, found.get(g, 0)) for g, n in release.graphs.items() if found.get(g, 0) != n}
    if wrong:
        lines = "; ".join(f"<{g}> {want} sent, {have} held" for g, (want, have) in sorted(wrong.items()))
        raise EngineBadAnswer(f"the engine does not hold what was published: {lines}")
    return Published(release, {g: found[g] for g in release.graphs}, time.monotonic() - started)


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
    connection: Connection,
    contents: dict[str, list[Triple]],
    data: list[str],
    release: Release,
    base_iri: str,
    progress: Progress,
) -> None:
    """`contents`: engine_contents; `data`: the release's data graphs, staged first."""
    old = previous_release(connection, base_iri)
    staging = {
        iri: f"urn:dpgraph:staging:{release.identifier}:{n}"
        for n, iri in enumerate([*data, *(iri for iri in contents if iri not in data)])
    }
    try:
        for n, (iri, stage) in enumerate(staging.items(), 1):
            began = time.monotonic()
            triples = contents[iri]
            body = serialize(triples, format=RdfFormat.N_TRIPLES)
            put = partial(connection.put_graph, stage, body, "application/n-triples", seconds=WRITE_SECONDS)
            _with_retries(connection, f"staging <{iri}>", put, progress)
            progress(f"  [{n}/{len(staging)}] <{iri}>: {len(triples):,} statements staged in {time.monotonic() - began:.2f} s")
        gone = sorted(set(old.graphs) - set(data)) if old else []
        operations = [f"MOVE SILENT <{stage}> TO <{iri}>" for iri, stage in staging.items()]
        operations += [f"DROP SILENT GRAPH <{iri}>" for iri in gone]
        _update(connection, "the switch", operations, progress)
    except BaseException:
        # The previous release is untouched until the switch; what was staged goes.
        try:
            _update(connection, "the cleanup", [f"DROP SILENT GRAPH <{stage}>" for stage in staging.values()], progress)
        except Exception as cleanup:
            progress(f"  could not drop the staging graphs (urn:dpgraph:staging:{release.identifier}:*): {cleanup}")
        raise
