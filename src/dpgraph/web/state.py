"""What the app serves and what it derives from it, attached once at start-up (the Flask tutorial's db.py).

The dataset is loaded into an Oxigraph store, or is the release published on a remote engine
(ENGINE_URL); pages read either through the graph seam (dpgraph.store.Graph), kept in
`current_app.extensions["dpgraph"]`. What is computed from it (the catalogue, networks, the
validation report) is kept per data version, so an update or a new release refreshes it.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from flask import current_app

from dpgraph.canned import CannedQuery, load_queries
from dpgraph.config import Settings
from dpgraph.layout import FULL_DATASET, restricted_graph
from dpgraph.publish.privacy import restricted_addresses
from dpgraph.store.files import default_dataset_files, load_files, open_dataset
from dpgraph.store.local import LocalGraph
from dpgraph.store.remote_graph import RemoteGraph


@dataclass
class Dataset:
    """What the app serves: the graph, where it came from, and the project settings."""

    graph: LocalGraph | RemoteGraph  # a LocalGraph's Store is written by SPARQL Update and snapshotted by the worker pool
    files: list[Path]
    settings: Settings
    journal: Path | None  # where committed updates are recorded; None: kept in memory only (DATA_FILES)
    # The restricted graph's e-mail addresses, served or not: what pages must never show (dpgraph.publish.privacy).
    restricted_addresses: frozenset[str] = frozenset()

    def modified(self) -> str:
        """The day the served data last changed: its newest file's, or the release's on a remote engine."""
        if isinstance(self.graph, RemoteGraph):
            return self.graph.release().issued[:10]
        return max(datetime.date.fromtimestamp(path.stat().st_mtime) for path in self.files).isoformat()


def load_dataset(settings: Settings, files: list[str | Path] | None, restricted: bool) -> Dataset:
    """The default dataset with its journal of updates replayed, or the files given (whose updates the journal does not hold)."""
    if files:
        paths, journal = [Path(f) for f in files], None
        store = load_files(paths)
    else:
        paths, journal = default_dataset_files(settings, restricted), settings.journal_file
        store = open_dataset(settings, restricted)
    # The build's full dataset names the addresses even when the restricted graph is not served.
    full = settings.output_dir / FULL_DATASET
    addresses = frozenset(restricted_addresses(store, [] if full in paths else [full]))
    if not restricted:
        # --data may name a file that holds the restricted graph (all-graphs.trig): it stays unserved.
        store.remove_graph(restricted_graph(settings))
    return Dataset(LocalGraph(store), paths, settings, journal, restricted_addresses=addresses)


def remote_dataset(settings: Settings, graph: RemoteGraph) -> Dataset:
    """The release on a remote engine; the addresses pages must not show come from the build
    folder's full dataset when this front has it (docs/deploy.md)."""
    full = settings.output_dir / FULL_DATASET
    addresses = frozenset(restricted_addresses(None, [full]))
    return Dataset(graph, [], settings, None, restricted_addresses=addresses)


def dataset() -> Dataset:
    return current_app.extensions["dpgraph"]


def canned() -> dict[str, CannedQuery]:
    """The canned queries of queries/, read once per app."""
    found = current_app.extensions.get("dpgraph.canned")
    if found is None:
        found = current_app.extensions["dpgraph.canned"] = load_queries(dataset().settings.queries_dir)
    return found


T = TypeVar("T")
_DERIVED_LOCK = threading.Lock()


def derived(key: str, make: Callable[[Dataset], T]) -> T:
    """What the app computes from the served data (the site's catalogue, networks, the
    validation report...), made once and kept until an update changes the data."""
    data = dataset()
    cache = current_app.extensions.setdefault("dpgraph.derived", {})
    with _DERIVED_LOCK:
        if key not in cache or cache[key][0] != data.graph.version:
            cache[key] = (data.graph.version, make(data))
        return cache[key][1]
