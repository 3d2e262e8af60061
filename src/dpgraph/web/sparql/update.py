"""SPARQL Update: off unless a token is configured, and every update checked with SHACL before commit.

The update runs in a worker on a scratch copy of the data (so a runaway update is stopped at
the time limit like a query), which reports the quads it would add and remove. The would-be
dataset is validated with the project's shapes (dpgraph.validation.validate); an update whose result has
a Violation is refused with the report. A conforming one is written to the journal (fsync'ed)
before it is applied to the served store and published to the workers, so an acknowledged
update survives a crash and a restart. One update at a time, in that order.
"""

from __future__ import annotations

import hmac
import threading

from flask import current_app, request
from pyoxigraph import RdfFormat, parse

from dpgraph.errors import InputError
from dpgraph.layout import restricted_graph
from dpgraph.rdf.sparqltext import with_using
from dpgraph.rdf.terms import PREFIXES
from dpgraph.store import journal
from dpgraph.store.worker import UpdateJob
from dpgraph.validation.formats import format_report
from dpgraph.validation.validate import validate_quads
from dpgraph.web.sparql.protocol import Operation, ProtocolError
from dpgraph.web.sparql.querycheck import reach, refusal
from dpgraph.web.sparql.runtime import EndpointConfig, engine, is_remote, run
from dpgraph.web.state import dataset

_ONE_AT_A_TIME = threading.Lock()


def _authorise(config: EndpointConfig) -> None:
    if not config.update_token:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is turned off")
    scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), config.update_token.encode()):
        challenge = {"WWW-Authenticate": 'Bearer realm="dpgraph"'}
        raise ProtocolError(401, "SPARQL Update needs the endpoint's token as a bearer token", challenge)


def _check(change: journal.Change) -> None:
    """A ProtocolError unless the data as the change would leave them may be committed."""
    data = dataset()
    if not current_app.config["INCLUDE_RESTRICTED"]:
        restricted = restricted_graph(data.settings)
        if any(q.graph_name == restricted for q in [*change.added, *change.removed]):
            raise ProtocolError(403, "the restricted graph of personal data is not served here and cannot be written")
    removed = set(change.removed)
    try:
        report = validate_quads([*(q for q in data.graph.store if q not in removed), *change.added], data.settings)
    except InputError as exc:
        raise ProtocolError(503, f"updates cannot be checked, so none is accepted: {exc}") from None
    if not report.conforms_without_violation:
        why = "the update was refused: the data would not conform to the shapes\n\n"
        raise ProtocolError(422, why + format_report(report, "text"))


def _commit(change: journal.Change) -> None:
    data = dataset()
    if data.journal is not None:
        try:
            journal.append(data.journal, change)
        except OSError as exc:
            why = f"the update could not be written to the journal {data.journal} ({exc}); nothing changed"
            raise ProtocolError(503, why) from None
    for quad in change.removed:
        data.graph.store.remove(quad)
    data.graph.store.extend(change.added)
    data.graph.version += 1
    engine().publish(data.graph.store)


REMOTE_REFUSAL = (
    "SPARQL Update is not taken here: this endpoint serves a release published on a remote engine, "
    "which changes only by publishing a new build (change the sources or curated tables, `dpgraph build`, "
    "`dpgraph publish --engine URL`; docs/deploy.md)"
)


def apply_update(operation: Operation, config: EndpointConfig) -> str:
    """Validate, journal and commit the update; a one-line summary, or a ProtocolError saying why nothing changed."""
    if is_remote():
        # A release is one build, checked as a whole and switched at once; an update written to the
        # engine behind it would be lost at the next publish and bypass the front's SHACL gate.
        raise ProtocolError(403, REMOTE_REFUSAL)
    _authorise(config)
    try:
        text = with_using(operation.text, operation.default_graphs, operation.named_graphs)
    except ValueError as exc:
        raise ProtocolError(400, str(exc)) from None
    why = refusal(reach(text, PREFIXES, "update", dataset().settings.base_iri), config.service_allow)
    if why:
        raise ProtocolError(why.status, why.message)
    with _ONE_AT_A_TIME:
        outcome = run(UpdateJob(text, dataset().settings.base_iri))
        change = journal.Change(list(parse(outcome.removed, RdfFormat.N_QUADS)), list(parse(outcome.body, RdfFormat.N_QUADS)))
        if change.removed or change.added:
            _check(change)
            _commit(change)
    summary = f"update applied: {len(change.added)} quads added, {len(change.removed)} removed"
    if dataset().journal is None:
        return summary + " (kept in memory only: the served --data files have no journal, so a restart forgets it)"
    return summary
