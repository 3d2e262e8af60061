"""Legal instruments (instruments.yaml): conventions, recommendations, ... and the bodies concerned."""

from __future__ import annotations

from pyoxigraph import NamedNode

from dpgraph.builder.mapping.sink import MappingSink, as_list, kind_class, labels
from dpgraph.rdf.terms import DCT, DP, RDF, RDFS, SCHEMA, SKOS, boolean, date_literal, text

INSTRUMENT_CLASSES = {
    "convention": DP.Convention,
    "protocol": DP.Protocol,
    "recommendation": DP.Recommendation,
    "resolution": DP.Resolution,
    "strategy": DP.Strategy,
    "guidelines": DP.Guidelines,
    "charter": DP.Charter,
    "declaration": DP.Declaration,
    "national-law": DP.NationalLaw,
}


def map_instruments(out: MappingSink) -> None:
    g = out.curated_graph
    for key, entry in out.curated.instruments.items():
        node = out.mint("instrument", key)
        g.add(node, RDF.type, kind_class(INSTRUMENT_CLASSES, entry, "instrument"))
        labels(g, node, entry)
        if "binding" in entry:
            g.add(node, DP.binding, boolean(bool(entry["binding"])))
        if entry.get("adopted"):
            g.add(node, DP.adoptedOn, date_literal(str(entry["adopted"])))
        if entry.get("adopted_by"):
            g.add(node, DP.adoptedBy, out.mint("body", entry["adopted_by"]))
        if entry.get("notation"):
            g.add(node, SKOS.notation, text(entry["notation"]))
        for ref in as_list(entry.get("supplements")):
            g.add(node, DP.supplements, out.mint("instrument", ref))
        for ref in as_list(entry.get("replaces")):
            g.add(node, DCT.replaces, out.mint("instrument", ref))
        if entry.get("jurisdiction"):
            g.add(node, SCHEMA.legislationJurisdiction, text(entry["jurisdiction"]))
        for body in as_list(entry.get("bodies")):
            g.add(out.mint("body", body), DP.concernsInstrument, node)
        if entry.get("reference"):
            g.add(node, RDFS.seeAlso, NamedNode(entry["reference"]))
        out.cited(g, node, entry)
