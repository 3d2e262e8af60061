"""RDF as bytes in each published format, with the prefixes of the project; JSON-LD compacted
with the project's published context.

Oxigraph writes JSON-LD in expanded form (full IRIs as keys). With a context of prefixes
only, compaction is a plain rewrite: every IRI in a key, an `@id` or a datatype becomes
`prefix:rest`, which any JSON-LD processor expands back to the same IRI.
"""

from __future__ import annotations

import json
from typing import Any

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from dpgraph.rdf.terms import PREFIXES

# File extension -> (media type, format).
FORMATS: dict[str, tuple[str, RdfFormat]] = {
    "ttl": ("text/turtle", RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", RdfFormat.JSON_LD),
    "nt": ("application/n-triples", RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", RdfFormat.RDF_XML),
    "trig": ("application/trig", RdfFormat.TRIG),
    "nq": ("application/n-quads", RdfFormat.N_QUADS),
}
RESOURCE_PREFIX = "dpr"


def prefixes(base_iri: str) -> dict[str, str]:
    return {**PREFIXES, RESOURCE_PREFIX: base_iri}


def jsonld_context(base_iri: str) -> dict[str, Any]:
    return {"@context": prefixes(base_iri)}


def serialise(data: list[Triple] | list[Quad], extension: str, base_iri: str) -> bytes:
    _, fmt = FORMATS[extension]
    if fmt == RdfFormat.JSON_LD:
        return compact_jsonld(serialize(data, format=fmt), base_iri)
    # Resource IRIs stay whole in Turtle: as `dpr:` names their slashes would be escaped (`dpr:org\\/apple`).
    with_prefixes = fmt in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML)
    return serialize(data, format=fmt, prefixes=PREFIXES if with_prefixes else None)


def compact_jsonld(expanded: bytes, base_iri: str) -> bytes:
    namespaces = sorted(prefixes(base_iri).items(), key=lambda item: -len(item[1]))

    def iri(value: str) -> str:
        for prefix, namespace in namespaces:
            if value.startswith(namespace) and not value[len(namespace) :].startswith("//"):
                return f"{prefix}:{value[len(namespace) :]}"
        return value

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key in ("@id", "@type") and isinstance(value, str):
                out[key] = iri(value)
            elif key.startswith("@"):
                out[key] = walk(value)
            else:
                out[iri(key)] = walk(value)
        return out

    document = {**jsonld_context(base_iri), "@graph": walk(json.loads(expanded))}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
