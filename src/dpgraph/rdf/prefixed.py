"""IRIs as people read them in reports: prefixed names (dp:lineCount, not https://w3id.org/...#lineCount)."""

from __future__ import annotations

import re

from dpgraph.rdf.terms import PREFIXES

SHAPES_NS = "https://w3id.org/coe-digital-partnership/shapes#"
NAMESPACES = {**PREFIXES, "sh": "http://www.w3.org/ns/shacl#", "dps": SHAPES_NS}
_PREFIX_OF = {namespace: prefix for prefix, namespace in NAMESPACES.items()}
_IRI_IN_TEXT = re.compile("(" + "|".join(re.escape(n) for n in sorted(_PREFIX_OF, key=len, reverse=True)) + r")([A-Za-z_][\w-]*)")


def compact(iri: str) -> str:
    """The prefixed name of a vocabulary IRI, or the IRI itself."""
    for prefix, namespace in NAMESPACES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def compact_in_text(text: str) -> str:
    """Every vocabulary IRI of a message as its prefixed name."""
    return _IRI_IN_TEXT.sub(lambda m: f"{_PREFIX_OF[m.group(1)]}:{m.group(2)}", text)
