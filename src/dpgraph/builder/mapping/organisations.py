"""Organisations: what organisations.yaml says of each (curated graph), and its profile in a document."""

from __future__ import annotations

from dpgraph.builder.extract import Profile
from dpgraph.builder.mapping.sink import MappingSink, kind_class, labels
from dpgraph.rdf.terms import DCT, DP, PROV, RDF, SCHEMA, SKOS, text

ORGANISATION_CLASSES = {
    "company": DP.Company,
    "company-association": DP.CompanyAssociation,
    "professional-association": DP.ProfessionalAssociation,
    "other": DP.OtherOrganisation,
}


def map_organisations(out: MappingSink) -> None:
    g = out.curated_graph
    for key, entry in out.curated.organisations.items():
        node = out.mint("org", key)
        g.add(node, RDF.type, kind_class(ORGANISATION_CLASSES, entry, "organisation"))
        labels(g, node, entry)
        for name in entry.get("former_names") or []:
            g.add(node, DP.formerName, text(name))
        for name in entry.get("later_names") or []:
            g.add(node, DP.laterName, text(name))
        if entry.get("country"):
            g.add(node, SCHEMA.addressCountry, text(entry["country"]))
        if entry.get("headquarters"):
            g.add(node, DP.headquarters, out.mint("place", entry["headquarters"]))
        if entry.get("note"):
            g.add(node, SKOS.note, text(entry["note"], "en"))
        out.cited(g, node, entry)


def map_profile(out: MappingSink, profile: Profile) -> None:
    """The description a document gives of an organisation under its heading, in that document's graph."""
    g = out.doc_graph(profile.document)
    node = out.mint("org", profile.organisation)
    if profile.description:
        g.add(node, DCT.description, text(profile.description, "en"))
    g.add(node, PROV.wasDerivedFrom, out.excerpt(profile.document, profile.heading_line, profile.last_line))
