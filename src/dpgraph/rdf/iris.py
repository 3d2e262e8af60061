"""Where an IRI is served on this site: the one IRI -> local path rule every page, table and view uses.

The site serves the resources under the configured base IRI and, whatever the base, the
project's vocabulary (the ontology and the concept schemes live under the default base), so a
term links to its page here from a resource page, a SPARQL result, the validation report or the
network view alike. A path is only given when it is a harmless link (rdf.links).
"""

from __future__ import annotations

from dpgraph.config import DEFAULT_BASE_IRI, ONTOLOGY_IRI
from dpgraph.rdf.links import safe_href


def served_spaces(base: str) -> tuple[str, ...]:
    """The IRI prefixes mapped onto the server's root, the configured base first."""
    return tuple(dict.fromkeys([base, DEFAULT_BASE_IRI]))


def local_path(iri: str, base: str) -> str | None:
    """The server path of an IRI ('/org/apple', '/ontology#Partner'), or None if it is not served here."""
    if iri == ONTOLOGY_IRI or iri.startswith((ONTOLOGY_IRI + "#", ONTOLOGY_IRI + "/")):
        return safe_href("/ontology" + iri[len(ONTOLOGY_IRI) :])
    for space in served_spaces(base):
        if iri.startswith(space):
            return safe_href("/" + iri[len(space) :])
    return None


def href(iri: str, base: str) -> str | None:
    """Where a link to the IRI points: its page here, else the IRI itself; None when that would be no harmless link."""
    return safe_href(local_path(iri, base) or iri)
