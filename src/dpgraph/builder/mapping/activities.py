"""Workplan activities -> quads in their document's graph; contact points in the restricted graph.

The path of one workplan cell, last step (quads): previous, extract.py made the row an Activity
(workplan.py laid out the cells, dates.py and entities.py read them). Every cell is kept as
printed (dp:...AsPrinted) beside what it resolved to, and each participant is a qualified
association derived from the line naming it.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from dpgraph.builder.curated import DOMAINS_SCHEME
from dpgraph.builder.dates import Interval
from dpgraph.builder.extract import Activity
from dpgraph.builder.mapping.sink import VOCAB, MappingSink
from dpgraph.rdf.terms import (
    DCT,
    DP,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    VCARD,
    QuadSink,
    boolean,
    date_literal,
    integer,
    text,
)

SPECIFICATION_CLASSES = {
    "open-call": DP.OpenCall,
    "to-be-determined": DP.ToBeDetermined,
    "tentative-list": DP.TentativeList,
}
# Workplan cell -> the property that keeps its text as printed.
PRINTED_CELLS = (
    ("sector", DP.sectorAsPrinted),
    ("title", DP.titleAsPrinted),
    ("date", DP.dateAsPrinted),
    ("participants", DP.participantsAsPrinted),
    ("description", DP.descriptionAsPrinted),
    ("topic", DP.topicAsPrinted),
    ("domain", DP.domainAsPrinted),
)


def map_activities(out: MappingSink, activities: list[Activity], sections: dict[tuple[str, str], NamedNode]) -> None:
    # Domain concepts are minted from cells that print one name with different
    # capitalisations; SKOS allows one prefLabel per language, so later spellings are aliases.
    domain_labels: dict[str, str] = {}
    for activity in activities:
        g = out.doc_graph(activity.row.document)
        node = out.mint("activity", activity.slug)
        _row(out, g, node, activity, sections[(activity.row.document.id, activity.row.section)])
        _classification(out, g, node, activity, domain_labels)
        if activity.interval:
            date_node = out.mint("activity", f"{activity.slug}#date")
            g.add(node, DP.date, date_node)
            _interval(g, date_node, activity.interval)
        _participants(out, g, node, activity)
        _links(out, g, node, activity)
        if activity.row.printed("contact"):
            _contact(out, node, activity)


def _row(out: MappingSink, g: QuadSink, node: NamedNode, activity: Activity, section: NamedNode) -> None:
    """The activity as a row of its workplan: label, kind, section, lines and every cell as printed."""
    row = activity.row
    g.add(node, RDF.type, DP.Activity)
    g.add(node, RDFS.label, text(activity.title or f"{row.sector_text} ({row.section_title})", "en"))
    if activity.title:
        g.add(node, DCT.title, text(activity.title, "en"))
    if activity.description:
        g.add(node, DCT.description, text(activity.description, "en"))
    g.add(node, DP.activityKind, VOCAB("activity-kind", row.kind))
    g.add(node, DP.section, section)
    g.add(node, DP.rowNumber, integer(row.number, "positiveInteger"))
    g.add(node, PROV.wasDerivedFrom, out.excerpt(row.document, row.first_line, row.last_line))
    for cell, prop in PRINTED_CELLS:
        if row.printed(cell):
            g.add(node, prop, text(row.printed(cell)))
    if row.sector_inherited:
        g.add(node, DP.sectorInherited, boolean(True))


def _classification(out: MappingSink, g: QuadSink, node: NamedNode, activity: Activity, domain_labels: dict[str, str]) -> None:
    """The bodies (Sector), topics and domains of an activity; a domain concept is minted by its first cell."""
    for body in activity.sectors:
        g.add(node, DP.sector, out.mint("body", body))
    for topic in activity.topics:
        g.add(node, DP.topic, out.mint("topic", topic))
    for slug, domain_label in activity.domains:
        domain = out.mint("domain", slug)
        g.add(node, DP.domain, domain)
        g.add(domain, RDF.type, SKOS.Concept)
        first_label = domain_labels.setdefault(slug, domain_label)
        if domain_label == first_label:
            g.add(domain, SKOS.prefLabel, text(domain_label, "en"))
            g.add(domain, RDFS.label, text(domain_label, "en"))
        else:
            g.add(domain, SKOS.altLabel, text(domain_label))
        g.add(domain, SKOS.inScheme, VOCAB("scheme", DOMAINS_SCHEME))


def _interval(g: QuadSink, node: NamedNode, interval: Interval) -> None:
    g.add(node, RDF.type, DP.DateInterval)
    g.add(node, DP.dateAsPrinted, text(interval.printed))
    if interval.start:
        g.add(node, DP.startDate, date_literal(interval.start.lexical))
    if interval.end:
        g.add(node, DP.endDate, date_literal(interval.end.lexical))
    g.add(node, DP.approximate, boolean(interval.approximate))
    g.add(node, DP.uncertain, boolean(interval.uncertain))
    if interval.open_ended:
        g.add(node, DP.openEnded, boolean(True))


def _participants(out: MappingSink, g: QuadSink, node: NamedNode, activity: Activity) -> None:
    """Each participant, qualified by the name as printed and its line; an open call or tentative list as such."""
    for participation in activity.participants:
        organisation = out.mint("org", participation.organisation)
        g.add(node, DP.participant, organisation)
        association = out.mint("activity", f"{activity.slug}#participant-{participation.organisation}")
        g.add(node, PROV.qualifiedAssociation, association)
        g.add(association, RDF.type, PROV.Association)
        g.add(association, PROV.agent, organisation)
        g.add(association, DP.nameAsPrinted, text(participation.printed))
        g.add(association, PROV.wasDerivedFrom, out.excerpt(activity.row.document, participation.line))
    spec = activity.specification
    if spec:
        spec_node = out.mint("activity", f"{activity.slug}#participants")
        g.add(node, DP.participantSpecification, spec_node)
        g.add(spec_node, RDF.type, SPECIFICATION_CLASSES[spec.kind])
        g.add(spec_node, RDFS.label, text(spec.label, "en"))
        for candidate in spec.candidates:
            g.add(spec_node, DP.candidate, out.mint("org", candidate))


def _links(out: MappingSink, g: QuadSink, node: NamedNode, activity: Activity) -> None:
    """What the activity's text mentions, its status, and the same activity in other documents."""
    for organisation in activity.mentions:
        g.add(node, DP.mentionsOrganisation, out.mint("org", organisation))
    for instrument in activity.instruments:
        g.add(node, DP.concernsInstrument, out.mint("instrument", instrument))
    for place in activity.places:
        g.add(node, SCHEMA.location, out.mint("place", place))
    if activity.cancelled:
        g.add(node, DP.activityStatus, VOCAB("activity-status", "cancelled"))
    for other in activity.same_as:
        g.add(node, DP.sameActivityAs, out.mint("activity", other.slug))
    if activity.duplicate_of:
        g.add(node, DP.duplicateOf, out.mint("activity", activity.duplicate_of.slug))


def _contact(out: MappingSink, node: NamedNode, activity: Activity) -> None:
    """The Contact point cell: personal data, so in the restricted graph only."""
    row = activity.row
    contact = out.mint("activity", f"{activity.slug}#contact")
    r = out.restricted
    r.add(node, DP.contactPoint, contact)
    r.add(contact, RDF.type, VCARD.Kind)
    r.add(contact, DP.contactPointAsPrinted, text(row.printed("contact")))
    for email in activity.contact_emails:
        r.add(contact, VCARD.hasEmail, NamedNode(f"mailto:{email.lower()}"))
    r.add(contact, PROV.wasDerivedFrom, out.excerpt(row.document, row.first_line, row.last_line))
