"""The web application: `create_app(test_config=None)` as in Flask's tutorial.

The dataset is loaded once at start-up into an Oxigraph store attached to the app
(`current_app.extensions["dpgraph"]`); each area of the site is a blueprint of its own
module, registered from BLUEPRINTS.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app
from pyoxigraph import Store
from werkzeug.middleware.proxy_fix import ProxyFix

from dpgraph.config import Settings, load_settings
from dpgraph.queries import CannedQuery, load_queries
from dpgraph.web.headers import add_security_headers, csp_nonce
from dpgraph.web.publicurl import DEFAULT_PUBLIC_URL, checked_public_url, public_url

# Modules of dpgraph.web, each exposing `bp`, a Blueprint.
BLUEPRINTS: list[str] = ["sparql", "queries", "pages", "publish", "validation", "network"]


@dataclass
class Dataset:
    """What the app serves: the store, where it came from, and the project settings."""

    store: Store
    files: list[Path]
    settings: Settings
    journal: Path | None  # where committed updates are recorded; None: kept in memory only (DATA_FILES)
    version: int = 0  # one more after each committed update: what was derived from the data is stale
    # The restricted graph's e-mail addresses, served or not: what pages must never show (dpgraph.privacy).
    restricted_addresses: frozenset[str] = frozenset()


def create_app(test_config: dict[str, Any] | None = None, defaults: dict[str, Any] | None = None) -> Flask:
    """The app; `defaults` are settings the environment (DPGRAPH_*) may override, `test_config` overrides both."""
    app = Flask(__name__)
    app.config.from_mapping(
        DATA_FILES=None,  # RDF files to serve instead of the default dataset (store.default_dataset_files)
        INCLUDE_RESTRICTED=False,  # serve the restricted graph of personal data too
        # /network draws at most this many nodes, the top by the chosen metric (docs/network.md):
        # Cytoscape.js and the layout stay quick, and the downloads still hold every node.
        NETWORK_MAX_NODES=300,
        PUBLIC_URL=DEFAULT_PUBLIC_URL,  # where the site is published: absolute URLs never come from the Host header
        JSON_SORT_KEYS=False,
        PROXY_HOPS=0,  # reverse proxies in front whose X-Forwarded-For is trusted (docs/endpoint.md)
    )
    app.config.from_mapping(defaults or {})
    app.config.from_prefixed_env("DPGRAPH")
    if test_config:
        app.config.from_mapping(test_config)
    app.config["PUBLIC_URL"] = checked_public_url(str(app.config["PUBLIC_URL"]))
    settings: Settings = app.config.get("SETTINGS") or load_settings()
    if app.config["PROXY_HOPS"]:
        # The client's address as the reverse proxy in front saw it: the per-client query limit counts by it.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXY_HOPS"]))  # type: ignore[method-assign]
    app.extensions["dpgraph"] = load_dataset(settings, app.config["DATA_FILES"], app.config["INCLUDE_RESTRICTED"])
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(f"dpgraph.web.{name}").bp)
    app.add_template_global(csp_nonce)
    app.add_template_global(public_url)
    app.after_request(add_security_headers)
    return app


def load_dataset(settings: Settings, files: list[str | Path] | None, restricted: bool) -> Dataset:
    """The default dataset with its journal of updates replayed, or the files given (whose updates the journal does not hold)."""
    from dpgraph.build import FULL_DATASET
    from dpgraph.privacy import restricted_addresses
    from dpgraph.store import default_dataset_files, load_files, open_dataset, restricted_graph

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
    return Dataset(store, paths, settings, journal, restricted_addresses=addresses)


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
        if key not in cache or cache[key][0] != data.version:
            cache[key] = (data.version, make(data))
        return cache[key][1]
