"""Council of Europe bodies (bodies.yaml): their kind, names, parents and topics, in the curated graph."""

from __future__ import annotations

from pyoxigraph import NamedNode

from dpgraph.builder.mapping.sink import MappingSink, as_list, kind_class, labels
from dpgraph.rdf.terms import DP, ORG, RDF, RDFS, text

BODY_CLASSES = {
    "committee": DP.Committee,
    "monitoring-body": DP.MonitoringBody,
    "statutory-organ": DP.StatutoryOrgan,
    "directorate": DP.Directorate,
    "department": DP.Department,
    "division": DP.Division,
    "unit": DP.Unit,
    "project": DP.Project,
    "presidency": DP.Presidency,
    "intergovernmental-organisation": DP.IntergovernmentalOrganisation,
}


def map_bodies(out: MappingSink) -> None:
    g = out.curated_graph
    for key, entry in out.curated.bodies.items():
        node = out.mint("body", key)
        g.add(node, RDF.type, kind_class(BODY_CLASSES, entry, "body"))
        labels(g, node, entry)
        if entry.get("acronym"):
            g.add(node, DP.acronym, text(entry["acronym"]))
        for parent in as_list(entry.get("parent")) + as_list(entry.get("also_parent")):
            g.add(node, ORG.subOrganizationOf, out.mint("body", parent))
        for topic in as_list(entry.get("topics")):
            g.add(node, DP.worksOnTopic, out.mint("topic", topic))
        if entry.get("reference"):
            g.add(node, RDFS.seeAlso, NamedNode(entry["reference"]))
        out.cited(g, node, entry)
