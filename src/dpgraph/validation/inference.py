"""Entailments added to a store before validation (`dpgraph validate --inference`).

`rdfs` runs the four RDFS rules that derive data (sub-class, sub-property, domain, range)
as SPARQL queries in Oxigraph until nothing new comes out; the axiomatic triples ("every
IRI is an rdfs:Resource") are left out because no shape can use them. `owlrl` runs the
owlrl package's OWL 2 RL closure, which works on rdflib's memory store: it is the slow
mode, measured in bench/validate_bench.py. pyshacl's own `inference` option is not used:
with an Oxigraph store owlrl stops on triples with a literal subject.

Inferred triples go to their own graph, so that a report can tell them from the data.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad, Store, Triple

INFERENCE_MODES = ("none", "rdfs", "owlrl")
INFERENCE_GRAPH = NamedNode("urn:dpgraph:inference")

RDFS_PREFIX = {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
RDFS_RULES = (
    """CONSTRUCT { ?class rdfs:subClassOf ?super } WHERE { ?class rdfs:subClassOf/rdfs:subClassOf+ ?super }""",
    """CONSTRUCT { ?property rdfs:subPropertyOf ?super } WHERE { ?property rdfs:subPropertyOf/rdfs:subPropertyOf+ ?super }""",
    """CONSTRUCT { ?node a ?super } WHERE { ?node a ?class . ?class rdfs:subClassOf+ ?super FILTER (isIRI(?super)) }""",
    """CONSTRUCT { ?subject ?super ?object } WHERE { ?property rdfs:subPropertyOf+ ?super . ?subject ?property ?object }""",
    """CONSTRUCT { ?subject a ?class } WHERE { ?property rdfs:domain ?class FILTER (isIRI(?class)) ?subject ?property [] }""",
    """CONSTRUCT { ?object a ?class } WHERE {
         ?property rdfs:range ?class FILTER (isIRI(?class)) [] ?property ?object FILTER (!isLiteral(?object)) }""",
)


def infer(store: Store, mode: str) -> int:
    """Add what `mode` entails to INFERENCE_GRAPH; the number of triples added."""
    if mode == "none":
        return 0
    if mode == "rdfs":
        return _rdfs(store)
    if mode == "owlrl":
        return _owlrl(store)
    raise ValueError(f"unknown inference mode {mode!r}; one of {', '.join(INFERENCE_MODES)}")


def _is_new(store: Store, triple: Triple) -> bool:
    return next(store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None), None) is None


def _rdfs(store: Store) -> int:
    added = 0
    while True:
        new = {
            triple
            for rule in RDFS_RULES
            for triple in store.query(rule, prefixes=RDFS_PREFIX, use_default_graph_as_union=True)
            if _is_new(store, triple)
        }
        if not new:
            return added
        store.extend(Quad(t.subject, t.predicate, t.object, INFERENCE_GRAPH) for t in new)
        added += len(new)


def _owlrl(store: Store) -> int:
    import owlrl
    import rdflib
    from pyshacl.graph_abstraction import to_ox, to_rdf

    graph = rdflib.Graph()
    for quad in store:
        graph.add((to_rdf(quad.subject), to_rdf(quad.predicate), to_rdf(quad.object)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    new = []
    for s, p, o in graph:
        if isinstance(s, rdflib.Literal):
            continue  # generalised RDF: OWL RL types literals, RDF cannot store that
        triple = Triple(to_ox(s), to_ox(p), to_ox(o))
        if _is_new(store, triple):
            new.append(Quad(triple.subject, triple.predicate, triple.object, INFERENCE_GRAPH))
    store.extend(new)
    return len(new)
