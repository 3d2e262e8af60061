"""SPARQL Update: off unless a token is configured, and every update checked with SHACL before commit.

The update runs in a worker on a scratch copy of the data (so a runaway update is stopped at
the time limit like a query), which reports the quads it would add and remove. The app then
hands the would-be dataset to the validator; only an update whose result conforms is applied
to the served store, and the workers reload it. One update at a time.

The validator is any callable taking the would-be quads and returning a Validation: the app
config's SPARQL_VALIDATOR if set, else `dpgraph.validate.validate_quads(quads, settings)`
returning `(conforms, report_text)`. Without either, updates are refused: no unchecked write.
"""

from __future__ import annotations

import hmac
import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from dpgraph.config import Settings
from dpgraph.rdf import PREFIXES
from dpgraph.web import dataset
from dpgraph.web.protocol import Operation, ProtocolError
from dpgraph.web.querycheck import reach, refusal, with_using
from dpgraph.web.runtime import EndpointConfig, engine, run
from dpgraph.web.worker import UpdateJob

_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Validation:
    conforms: bool
    report: str


Validator = Callable[[list[Quad]], Validation]


def project_validator(settings: Settings) -> Validator:
    """The project's SHACL validation (dpgraph.validate), or a validator that refuses everything when it is missing."""

    def validate(quads: list[Quad]) -> Validation:
        try:
            module = importlib.import_module("dpgraph.validate")
            check = module.validate_quads
        except (ImportError, AttributeError):
            return Validation(False, "updates are refused: the SHACL validator dpgraph.validate.validate_quads is not available")
        conforms, report = check(quads, settings)
        return Validation(bool(conforms), str(report))

    return validate


def _validator() -> Validator:
    configured = current_app.config.get("SPARQL_VALIDATOR")
    return configured or project_validator(dataset().settings)


def _authorise(config: EndpointConfig) -> None:
    if not config.update_token:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is turned off")
    scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), config.update_token.encode()):
        challenge = {"WWW-Authenticate": 'Bearer realm="dpgraph"'}
        raise ProtocolError(401, "SPARQL Update needs the endpoint's token as a bearer token", challenge)


def apply_update(operation: Operation, config: EndpointConfig) -> str:
    """Validate and commit the update; a one-line summary, or a ProtocolError saying why nothing changed."""
    _authorise(config)
    try:
        text = with_using(operation.text, operation.default_graphs, operation.named_graphs)
    except ValueError as exc:
        raise ProtocolError(400, str(exc)) from None
    why = refusal(reach(text, PREFIXES), config.service_allow)
    if why:
        raise ProtocolError(403, why)
    with _ONE_AT_A_TIME:
        change = run(UpdateJob(text, dataset().settings.base_iri))
        added = list(parse(change.body, RdfFormat.N_QUADS))
        removed = set(parse(change.removed, RdfFormat.N_QUADS))
        settings = dataset().settings
        restricted = NamedNode(settings.base_iri + "graph/restricted")
        if not current_app.config["INCLUDE_RESTRICTED"] and any(q.graph_name == restricted for q in [*added, *removed]):
            raise ProtocolError(403, "the restricted graph of personal data is not served here and cannot be written")
        store = dataset().store
        would_be = [q for q in store if q not in removed] + added
        result = _validator()(would_be)
        if not result.conforms:
            raise ProtocolError(422, "the update was refused: the data would not conform to the shapes\n\n" + result.report)
        for quad in removed:
            store.remove(quad)
        store.extend(added)
        dataset().version += 1
        engine().publish(store)
    return f"update applied: {len(added)} quads added, {len(removed)} removed"
