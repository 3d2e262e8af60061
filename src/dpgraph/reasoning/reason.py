"""OWL reasoning with owlready2 and HermiT: is the graph consistent, and what does it entail?

The public graphs and the ontology go to owlready2 as N-Triples (it cannot read Turtle or
TriG), and HermiT checks them; HermiT needs `ignore_unsupported_datatypes` because the
dates are xsd:date, xsd:gYearMonth and xsd:gYear, outside the OWL 2 datatype map. The
restricted graph is never given to the reasoner, so nothing of it can reach the inferred
graph, which is public.

What goes to `graph/inferred`: the types and property values HermiT reports that were not
stated (such as dp:Partner for every organisation with a membership), completed with what
follows from them and the ontology's own axioms, which owlready2 does not write out: every
superclass of each type, every superproperty and the inverse of each stated or inferred
property value (dp:participatedIn from dp:participant). HermiT entails dp:collaboratesWith,
the property chain "took part in an activity this organisation took part in". Reflexive
links that chains, symmetry and transitivity entail (an activity "the same as" itself, an
organisation collaborating with itself) are left out: true, and no use to anyone.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, Triple, parse, serialize

from dpgraph.config import Settings
from dpgraph.layout import INFERRED_DATASET
from dpgraph.rdf.terms import PREFIXES, RDF, RDFS, text
from dpgraph.reasoning.inconsistency import Cause, explain

OWL = "http://www.w3.org/2002/07/owl#"
# owlready2's "ontology" for what the reasoner adds to a world.
INFERENCES_ONTOLOGY = "http://inferrences/"

CLOSURE = (
    # every named superclass of a type
    """CONSTRUCT { ?node a ?super } WHERE { ?node a ?class . ?class rdfs:subClassOf+ ?super FILTER (isIRI(?super)) }""",
    # every named superproperty of a property value (dp:collaboratesWith is an org:linkedTo)
    """CONSTRUCT { ?subject ?super ?object } WHERE {
         ?property rdfs:subPropertyOf+ ?super FILTER (isIRI(?super)) ?subject ?property ?object }""",
    # the inverse of every property value
    """CONSTRUCT { ?object ?inverse ?subject } WHERE {
         { ?property owl:inverseOf ?inverse } UNION { ?inverse owl:inverseOf ?property }
         ?subject ?property ?object FILTER (isIRI(?object) || isBlank(?object)) }""",
    """CONSTRUCT { ?object ?property ?subject } WHERE { ?property a owl:SymmetricProperty . ?subject ?property ?object }""",
)
TRIVIAL_TYPES = {OWL + "Thing", OWL + "NamedIndividual"}
# Types that make a node part of the ontology rather than of the data.
SCHEMA_TYPES = {
    *(OWL + name for name in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "Ontology", "Restriction")),
    *(OWL + name for name in ("AllDisjointClasses", "SymmetricProperty", "TransitiveProperty")),
    RDFS.Datatype.value,
    RDFS.Class.value,
}


@dataclass
class ReasoningResult:
    consistent: bool
    inferred: list[Triple] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    triples: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def counts(self) -> Counter[str]:
        """Inferred triples per class (types) and per property (values)."""
        return Counter(t.object.value if t.predicate == RDF.type else t.predicate.value for t in self.inferred)


class InconsistentError(Exception):
    """HermiT found no model of the ontology and the data."""


def reasoning_input(quads: Iterable[Quad]) -> list[Triple]:
    """The triples to reason over: every graph but the restricted one and an earlier inferred one."""
    excluded = ("/graph/restricted", "/graph/inferred")
    keep = (q for q in quads if not (isinstance(q.graph_name, NamedNode) and q.graph_name.value.endswith(excluded)))
    return list(dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in keep))


def reason(triples: list[Triple]) -> ReasoningResult:
    """Check consistency with HermiT; when consistent, what it entails beyond the triples."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dpgraph-reason-") as folder:
        data = Path(folder) / "data.nt"
        serialize(triples, output=str(data), format=RdfFormat.N_TRIPLES)
        try:
            hermit = _hermit(data, Path(folder) / "inferred.nt")
        except InconsistentError:
            store = Store()
            store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
            causes = explain(store)
            return ReasoningResult(False, causes=causes, triples=len(triples), timings=_since(started, "hermit"))
    timings = _since(started, "hermit")
    inferred = _complete(triples, hermit)
    timings["closure"] = round(time.perf_counter() - started - timings["hermit"], 4)
    return ReasoningResult(True, inferred, triples=len(triples), timings=timings)


def _since(started: float, name: str) -> dict[str, float]:
    return {name: round(time.perf_counter() - started, 4)}


def _hermit(data: Path, inferred: Path) -> list[Triple]:
    import owlready2

    world = owlready2.World()
    world.get_ontology(data.as_uri()).load(format="ntriples")
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, ignore_unsupported_datatypes=True, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        raise InconsistentError() from exc
    world.get_ontology(INFERENCES_ONTOLOGY).save(str(inferred), format="ntriples")
    triples = parse(path=str(inferred), format=RdfFormat.N_TRIPLES)
    return [t for t in triples if not t.subject.value.startswith(INFERENCES_ONTOLOGY.rstrip("/"))]


def _complete(stated: list[Triple], hermit: list[Triple]) -> list[Triple]:
    """HermiT's individual types and property values, with their superclasses and inverses; nothing stated."""
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object) for t in [*stated, *hermit])
    entailed = set(hermit)
    while True:
        new = {t for rule in CLOSURE for t in store.query(rule, prefixes=PREFIXES)} - entailed
        new = {t for t in new if not next(store.quads_for_pattern(t.subject, t.predicate, t.object), None)}
        if not new:
            break
        entailed |= new
        store.extend(Quad(t.subject, t.predicate, t.object) for t in new)
    individuals = {t.subject for t in stated if t.predicate == RDF.type and t.object.value not in SCHEMA_TYPES}
    return sorted(
        (t for t in entailed - set(stated) if t.subject in individuals and _is_about_individuals(t)),
        key=lambda t: (t.subject.value, t.predicate.value, str(t.object)),
    )


def _is_about_individuals(triple: Triple) -> bool:
    if triple.subject == triple.object:
        return False
    if triple.predicate == RDF.type:
        return triple.object.value not in TRIVIAL_TYPES and isinstance(triple.object, NamedNode)
    return isinstance(triple.object, NamedNode) and not triple.predicate.value.startswith((OWL, RDFS.iri))


def inferred_quads(result: ReasoningResult, settings: Settings) -> list[Quad]:
    graph = NamedNode(f"{settings.base_iri}graph/inferred")
    label = Quad(graph, RDFS.label, text("What HermiT infers from the ontology and the public graphs", "en"), graph)
    return [label, *(Quad(t.subject, t.predicate, t.object, graph) for t in result.inferred)]


def write_inferred(result: ReasoningResult, settings: Settings, name: str = INFERRED_DATASET) -> Path:
    """graph/build/inferred.trig, replaced in one step so that a reader never sees half of it."""
    target = settings.output_dir / name
    partial = target.with_name(f".{name}.partial")
    serialize(inferred_quads(result, settings), output=str(partial), format=RdfFormat.TRIG, prefixes=PREFIXES)
    partial.replace(target)
    return target
