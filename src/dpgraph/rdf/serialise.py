"""RDF as bytes in each published format, with the prefixes of the project; JSON-LD compacted
with the project's published context.

Oxigraph writes JSON-LD in expanded form (full IRIs as keys). With a context of prefixes
only, compaction is a plain rewrite: every IRI in a key, an `@id` or a datatype becomes
`prefix:rest`, which any JSON-LD processor expands back to the same IRI.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pyoxigraph import BlankNode, Quad, RdfFormat, Triple, serialize

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


def _parts(statement: Triple | Quad) -> tuple:
    return (statement.subject, statement.predicate, statement.object, getattr(statement, "graph_name", None))


def _signatures(data: list[Triple] | list[Quad], rounds: int = 8) -> dict[BlankNode, str]:
    """A name for each blank node made of what surrounds it (the statements it is in, with the
    names of the blank nodes there from the round before): the same node in two copies of
    the same statements gets the same name, however the copies label it."""
    nodes = {t for statement in data for t in _parts(statement) if isinstance(t, BlankNode)}
    names = dict.fromkeys(nodes, "")
    around: dict[BlankNode, list[tuple]] = {node: [] for node in nodes}
    for statement in data:
        parts = _parts(statement)
        for position, term in enumerate(parts):
            if isinstance(term, BlankNode):
                around[term].append((position, parts))
    for _ in range(rounds):
        names = {
            node: hashlib.sha1(
                repr(sorted((position, tuple(names.get(t, str(t)) for t in parts)) for position, parts in around[node])).encode()
            ).hexdigest()
            for node in nodes
        }
    return names


def stable_order(data: list[Triple] | list[Quad]) -> list[Triple] | list[Quad]:
    """The statements sorted, with blank nodes labelled b0, b1... in the order they first occur.

    What is written is then the same for the same statements, whichever store they were read
    from and in whatever order it gave them: Oxigraph and Virtuoso give blank nodes labels of
    their own (and a file parsed twice gets new ones), and a store's order is its own."""
    names = _signatures(data)
    ordered = sorted(data, key=lambda statement: tuple(names.get(t, str(t)) for t in _parts(statement)))  # type: ignore[arg-type]
    if not names:
        return ordered
    labels: dict[BlankNode, BlankNode] = {}
    relabelled = []
    for statement in ordered:
        s, p, o, g = (
            labels.setdefault(t, BlankNode(f"b{len(labels)}")) if isinstance(t, BlankNode) else t for t in _parts(statement)
        )
        relabelled.append(Quad(s, p, o, g) if isinstance(statement, Quad) else Triple(s, p, o))  # type: ignore[arg-type]
    return sorted(relabelled, key=lambda statement: tuple(map(str, _parts(statement))))  # type: ignore[return-value]


def serialise(data: list[Triple] | list[Quad], extension: str, base_iri: str) -> bytes:
    _, fmt = FORMATS[extension]
    data = stable_order(data)
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
