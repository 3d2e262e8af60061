"""The web application: `create_app(test_config=None)` as in Flask's tutorial.

The dataset is loaded once at start-up (web/state.py); each area of the site is a blueprint of
its own: the SPARQL endpoint (web/sparql/), the canned queries, the published site
(web/site/), the network views and the validation report.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from dpgraph.config import Settings, load_settings
from dpgraph.store.remote import connect
from dpgraph.store.remote_graph import RemoteGraph
from dpgraph.web import canned, network, unavailable, validation
from dpgraph.web.headers import add_security_headers, csp_nonce
from dpgraph.web.publicurl import DEFAULT_PUBLIC_URL, checked_public_url, public_url
from dpgraph.web.site import dataset, pages
from dpgraph.web.sparql import routes as sparql
from dpgraph.web.state import load_dataset, remote_dataset

BLUEPRINTS = (sparql.bp, canned.bp, pages.bp, dataset.bp, validation.bp, network.bp)


def remote_graph(config: dict[str, Any], settings: Settings) -> RemoteGraph:
    from dpgraph.web.sparql.runtime import EndpointConfig

    timeout = EndpointConfig.from_config(config).timeout
    connection = connect(str(config["ENGINE_URL"]), config["ENGINE_KIND"] or None, timeout=timeout)
    return RemoteGraph(connection, settings.base_iri, bool(config["INCLUDE_RESTRICTED"]))


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
        ENGINE_URL=None,  # serve the release published on this remote engine's SPARQL endpoint (docs/deploy.md)
        ENGINE_KIND=None,  # oxigraph, virtuoso or sparql11; None: asked of the engine at start-up
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
    app.extensions["dpgraph"] = (
        remote_dataset(settings, remote_graph(app.config, settings))
        if app.config["ENGINE_URL"]
        else load_dataset(settings, app.config["DATA_FILES"], app.config["INCLUDE_RESTRICTED"])
    )
    unavailable.register(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.add_template_global(csp_nonce)
    app.add_template_global(public_url)
    app.after_request(add_security_headers)
    return app
