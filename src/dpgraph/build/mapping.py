"""Records -> quads: what the graph says about each thing, and in which named graph.

What a document says goes into that document's graph; what the curated tables say goes
into `graph/curated`; personal data (contact points) into `graph/restricted`. Every
activity, membership, profile and event is derived (PROV-O) from excerpts of the
documents, `doc/<id>#L<a>-L<b>`, that name their lines.
"""

from __future__ import annotations

from typing import Any

from pyoxigraph import NamedNode

from dpgraph.build.curated import DOMAINS_SCHEME, TOPICS_SCHEME, Curated, citations
from dpgraph.build.dates import Interval
from dpgraph.build.extract import Activity, Extraction, ListedPartners, Profile
from dpgraph.build.sources import Document
from dpgraph.config import DEFAULT_BASE_IRI
from dpgraph.errors import InputError
from dpgraph.rdf.terms import (
    DCAT,
    DCT,
    DP,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    VCARD,
    Minter,
    QuadSink,
    boolean,
    date_literal,
    integer,
    point_literal,
    text,
)

# Concept schemes belong to the vocabulary (ontology/digital-partnership.ttl), so their IRIs
# stay under the project's own namespace whatever base IRI the data is published under.
VOCAB = Minter(DEFAULT_BASE_IRI)

ORGANISATION_CLASSES = {
    "company": DP.Company,
    "company-association": DP.CompanyAssociation,
    "professional-association": DP.ProfessionalAssociation,
    "other": DP.OtherOrganisation,
}
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
SPECIFICATION_CLASSES = {
    "open-call": DP.OpenCall,
    "to-be-determined": DP.ToBeDetermined,
    "tentative-list": DP.TentativeList,
}


def _class(table: dict[str, NamedNode], entry: dict[str, Any], name: str) -> NamedNode:
    kind = entry.get("kind", "")
    if kind not in table:
        raise InputError(f"unknown {name} kind {kind!r}; one of {', '.join(table)}", entry.get("__file__"), entry.get("__line__"))
    return table[kind]


class Mapper:
    def __init__(self, mint: Minter, documents: dict[str, Document], curated: Curated):
        self.mint = mint
        self.documents = documents
        self.curated = curated
        self.sink = QuadSink()
        self.curated_graph = self.sink.use(mint.graph("curated"))
        self.restricted = self.sink.use(mint.graph("restricted"))
        for sink, english, french in (
            (self.curated_graph, "What the curated tables say", "Ce que disent les tables établies à la main"),
            (self.restricted, "Personal data (restricted)", "Données personnelles (accès restreint)"),
        ):
            sink.add(sink.graph, RDFS.label, text(english, "en"))
            sink.add(sink.graph, RDFS.label, text(french, "fr"))
        # Domain concepts are minted from cells that print one name with different
        # capitalisations; SKOS allows one prefLabel per language, so later spellings are aliases.
        self.domain_labels: dict[str, str] = {}

    # IRIs -------------------------------------------------------------------
    def doc_graph(self, document: Document) -> QuadSink:
        return self.sink.use(self.mint.graph(f"doc-{document.id}"))

    def excerpt(self, document: Document, first: int, last: int | None = None) -> NamedNode:
        """The excerpt node for lines first..last, described in the document's graph."""
        last = last or first
        node = self.mint("doc", f"{document.id}#L{first}-L{last}")
        graph = self.doc_graph(document)
        graph.add(node, RDF.type, DP.Excerpt)
        graph.add(node, DCT.isPartOf, self.mint("doc", document.id))
        graph.add(node, DP.startLine, integer(first, "positiveInteger"))
        graph.add(node, DP.endLine, integer(last, "positiveInteger"))
        return node

    def cited(self, sink: QuadSink, subject: NamedNode, entry: dict[str, Any]) -> None:
        for cite in citations(entry):
            sink.add(subject, PROV.wasDerivedFrom, self.excerpt(self.documents[cite.doc], cite.line))

    # Documents ---------------------------------------------------------------
    def documents_(self) -> None:
        for document in self.documents.values():
            graph = self.doc_graph(document)
            node = self.mint("doc", document.id)
            graph.add(node, RDF.type, DP.SourceDocument)
            graph.add(node, DCT.title, text(document.title, "en"))
            graph.add(node, RDFS.label, text(document.title, "en"))
            if document.date:
                graph.add(node, DCT.issued, date_literal(document.date))
            if document.meta.get("date_note"):
                graph.add(node, RDFS.comment, text(document.meta["date_note"], "en"))
            graph.add(node, DCT.publisher, text(document.publisher))
            graph.add(node, DCT.identifier, text(document.file_name))
            graph.add(node, DCT.language, text(document.meta.get("language", "en")))
            graph.add(node, DCT["format"], text("text/plain"))
            graph.add(node, DP.sha256, text(document.sha256))
            graph.add(node, DP.lineCount, integer(len(document.lines), "nonNegativeInteger"))
            graph.add(node, DCAT.byteSize, integer(document.byte_size, "nonNegativeInteger"))
            graph_iri = self.mint.graph(f"doc-{document.id}")
            graph.add(graph_iri, PROV.wasDerivedFrom, node)
            graph.add(graph_iri, RDFS.label, text(f"What document {document.id} says", "en"))
            graph.add(graph_iri, RDFS.label, text(f"Ce que dit le document {document.id}", "fr"))

    def section(self, document: Document, number: str, heading_line: int, title: str) -> NamedNode:
        node = self.mint("doc", document.id, "section", number)
        graph = self.doc_graph(document)
        graph.add(node, RDF.type, DP.DocumentSection)
        graph.add(node, DCT.isPartOf, self.mint("doc", document.id))
        graph.add(node, DP.sectionNumber, integer(int(number), "positiveInteger"))
        graph.add(node, DCT.title, text(title, "en"))
        graph.add(node, RDFS.label, text(f"{document.id} §{number} {title}", "en"))
        graph.add(node, PROV.wasDerivedFrom, self.excerpt(document, heading_line))
        return node

    # Curated tables ------------------------------------------------------------
    def partnership(self) -> NamedNode:
        node = self.mint("partnership")
        g = self.curated_graph
        g.add(node, RDF.type, DP.Partnership)
        g.add(node, SKOS.prefLabel, text("Council of Europe Digital Partnership", "en"))
        g.add(node, SKOS.prefLabel, text("Partenariat numérique du Conseil de l'Europe", "fr"))
        g.add(node, RDFS.label, text("Council of Europe Digital Partnership", "en"))
        if "council-of-europe" in self.curated.bodies:
            g.add(node, ORG.linkedTo, self.mint("body", "council-of-europe"))
        return node

    def labels(self, sink: QuadSink, node: NamedNode, entry: dict[str, Any], name_key: str = "name") -> None:
        sink.add(node, SKOS.prefLabel, text(entry[name_key], "en"))
        sink.add(node, RDFS.label, text(entry[name_key], "en"))
        french = entry.get(f"{name_key}_fr")
        if french:
            sink.add(node, SKOS.prefLabel, text(french, "fr"))
            sink.add(node, RDFS.label, text(french, "fr"))
        for alias in entry.get("aliases") or []:
            if alias != entry[name_key]:
                sink.add(node, SKOS.altLabel, text(str(alias)))

    def organisations(self) -> None:
        g = self.curated_graph
        for key, entry in self.curated.organisations.items():
            node = self.mint("org", key)
            g.add(node, RDF.type, _class(ORGANISATION_CLASSES, entry, "organisation"))
            self.labels(g, node, entry)
            for name in entry.get("former_names") or []:
                g.add(node, DP.formerName, text(name))
            for name in entry.get("later_names") or []:
                g.add(node, DP.laterName, text(name))
            if entry.get("country"):
                g.add(node, SCHEMA.addressCountry, text(entry["country"]))
            if entry.get("headquarters"):
                g.add(node, DP.headquarters, self.mint("place", entry["headquarters"]))
            if entry.get("note"):
                g.add(node, SKOS.note, text(entry["note"], "en"))
            self.cited(g, node, entry)

    def bodies(self) -> None:
        g = self.curated_graph
        for key, entry in self.curated.bodies.items():
            node = self.mint("body", key)
            g.add(node, RDF.type, _class(BODY_CLASSES, entry, "body"))
            self.labels(g, node, entry)
            if entry.get("acronym"):
                g.add(node, DP.acronym, text(entry["acronym"]))
            for parent in _as_list(entry.get("parent")) + _as_list(entry.get("also_parent")):
                g.add(node, ORG.subOrganizationOf, self.mint("body", parent))
            for topic in _as_list(entry.get("topics")):
                g.add(node, DP.worksOnTopic, self.mint("topic", topic))
            if entry.get("reference"):
                g.add(node, RDFS.seeAlso, NamedNode(entry["reference"]))
            self.cited(g, node, entry)

    def instruments(self) -> None:
        g = self.curated_graph
        for key, entry in self.curated.instruments.items():
            node = self.mint("instrument", key)
            g.add(node, RDF.type, _class(INSTRUMENT_CLASSES, entry, "instrument"))
            self.labels(g, node, entry)
            if "binding" in entry:
                g.add(node, DP.binding, boolean(bool(entry["binding"])))
            if entry.get("adopted"):
                g.add(node, DP.adoptedOn, date_literal(str(entry["adopted"])))
            if entry.get("adopted_by"):
                g.add(node, DP.adoptedBy, self.mint("body", entry["adopted_by"]))
            if entry.get("notation"):
                g.add(node, SKOS.notation, text(entry["notation"]))
            for ref in _as_list(entry.get("supplements")):
                g.add(node, DP.supplements, self.mint("instrument", ref))
            for ref in _as_list(entry.get("replaces")):
                g.add(node, DCT.replaces, self.mint("instrument", ref))
            if entry.get("jurisdiction"):
                g.add(node, SCHEMA.legislationJurisdiction, text(entry["jurisdiction"]))
            for body in _as_list(entry.get("bodies")):
                g.add(self.mint("body", body), DP.concernsInstrument, node)
            if entry.get("reference"):
                g.add(node, RDFS.seeAlso, NamedNode(entry["reference"]))
            self.cited(g, node, entry)

    def schemes(self) -> None:
        g = self.curated_graph
        for key, entry in self.curated.schemes.items():
            node = VOCAB("scheme", key)
            g.add(node, RDF.type, SKOS.ConceptScheme)
            self.labels(g, node, entry, "label")
            self.cited(g, node, entry)

    def topics(self) -> None:
        g = self.curated_graph
        scheme = VOCAB("scheme", TOPICS_SCHEME)
        for key, entry in self.curated.topics.items():
            node = self.mint("topic", key)
            g.add(node, RDF.type, SKOS.Concept)
            g.add(node, SKOS.inScheme, scheme)
            g.add(node, SKOS.prefLabel, text(entry["label"], "en"))
            g.add(node, RDFS.label, text(entry["label"], "en"))
            if entry.get("label_fr"):
                g.add(node, SKOS.prefLabel, text(entry["label_fr"], "fr"))
                g.add(node, RDFS.label, text(entry["label_fr"], "fr"))
            if entry.get("group"):
                # A topic is also in the scheme of its group: areas of cooperation (doc 000)
                # or the topics of the 2020+ workplan.
                g.add(node, SKOS.inScheme, VOCAB("scheme", f"{entry['group']}s"))
            broader = _as_list(entry.get("broader"))
            for ref in broader:
                g.add(node, SKOS.broader, self.mint("topic", ref))
                g.add(self.mint("topic", ref), SKOS.narrower, node)
            if not broader:
                g.add(node, SKOS.topConceptOf, scheme)
                g.add(scheme, SKOS.hasTopConcept, node)
            self.cited(g, node, entry)

    def places(self) -> None:
        g = self.curated_graph
        for key, entry in self.curated.places.items():
            node = self.mint("place", key)
            g.add(node, RDF.type, SCHEMA.Place)
            g.add(node, SCHEMA.name, text(entry["name"], "en"))
            self.labels(g, node, entry)
            code = entry.get("code") or entry.get("country")
            if code:
                g.add(node, SCHEMA.addressCountry, text(code))
            if entry.get("kind") == "city" and entry.get("country"):
                country = next(
                    (
                        k
                        for k, v in self.curated.places.items()
                        if v.get("kind") == "country" and v.get("code") == entry["country"]
                    ),
                    None,
                )
                if country:
                    g.add(node, SCHEMA.containedInPlace, self.mint("place", country))
            self.cited(g, node, entry)

    def events(self) -> None:
        g = self.curated_graph
        for key, entry in self.curated.events.items():
            node = self.mint("event", key)
            g.add(node, RDF.type, DP.PartnershipEvent)
            g.add(node, RDFS.label, text(entry["label"], "en"))
            g.add(node, DCT.date, date_literal(str(entry["date"])))
            g.add(node, DP.eventType, VOCAB("event-type", entry["type"]))
            for ref in _as_list(entry.get("organisations")):
                g.add(node, DP.involves, self.mint("org", ref))
            for ref in _as_list(entry.get("bodies")):
                g.add(node, DP.involves, self.mint("body", ref))
            if entry.get("instrument"):
                g.add(node, DP.concernsInstrument, self.mint("instrument", entry["instrument"]))
            if entry.get("place"):
                g.add(node, SCHEMA.location, self.mint("place", entry["place"]))
            self.cited(g, node, entry)

    # Document records ------------------------------------------------------------
    def interval(self, sink: QuadSink, node: NamedNode, interval: Interval) -> None:
        sink.add(node, RDF.type, DP.DateInterval)
        sink.add(node, DP.dateAsPrinted, text(interval.printed))
        if interval.start:
            sink.add(node, DP.startDate, point_literal(interval.start))
        if interval.end:
            sink.add(node, DP.endDate, point_literal(interval.end))
        sink.add(node, DP.approximate, boolean(interval.approximate))
        sink.add(node, DP.uncertain, boolean(interval.uncertain))
        if interval.open_ended:
            sink.add(node, DP.openEnded, boolean(True))

    def activity(self, activity: Activity, sections: dict[tuple[str, str], NamedNode]) -> None:
        row = activity.row
        document = row.document
        g = self.doc_graph(document)
        node = self.mint("activity", activity.slug)
        g.add(node, RDF.type, DP.Activity)
        label = activity.title or f"{row.sector_text} ({row.section_title})"
        g.add(node, RDFS.label, text(label, "en"))
        if activity.title:
            g.add(node, DCT.title, text(activity.title, "en"))
        if activity.description:
            g.add(node, DCT.description, text(activity.description, "en"))
        g.add(node, DP.activityKind, VOCAB("activity-kind", row.kind))
        g.add(node, DP.section, sections[(document.id, row.section)])
        g.add(node, DP.rowNumber, integer(row.number, "positiveInteger"))
        g.add(node, PROV.wasDerivedFrom, self.excerpt(document, row.first_line, row.last_line))
        for cell, prop in (
            ("sector", DP.sectorAsPrinted),
            ("title", DP.titleAsPrinted),
            ("date", DP.dateAsPrinted),
            ("participants", DP.participantsAsPrinted),
            ("description", DP.descriptionAsPrinted),
            ("topic", DP.topicAsPrinted),
            ("domain", DP.domainAsPrinted),
        ):
            if row.printed(cell):
                g.add(node, prop, text(row.printed(cell)))
        if row.sector_inherited:
            g.add(node, DP.sectorInherited, boolean(True))
        for body in activity.sectors:
            g.add(node, DP.sector, self.mint("body", body))
        for topic in activity.topics:
            g.add(node, DP.topic, self.mint("topic", topic))
        for slug, domain_label in activity.domains:
            domain = self.mint("domain", slug)
            g.add(node, DP.domain, domain)
            g.add(domain, RDF.type, SKOS.Concept)
            first_label = self.domain_labels.setdefault(slug, domain_label)
            if domain_label == first_label:
                g.add(domain, SKOS.prefLabel, text(domain_label, "en"))
                g.add(domain, RDFS.label, text(domain_label, "en"))
            else:
                g.add(domain, SKOS.altLabel, text(domain_label))
            g.add(domain, SKOS.inScheme, VOCAB("scheme", DOMAINS_SCHEME))
        if activity.interval:
            date_node = self.mint("activity", f"{activity.slug}#date")
            g.add(node, DP.date, date_node)
            self.interval(g, date_node, activity.interval)
        for participation in activity.participants:
            organisation = self.mint("org", participation.organisation)
            g.add(node, DP.participant, organisation)
            association = self.mint("activity", f"{activity.slug}#participant-{participation.organisation}")
            g.add(node, PROV.qualifiedAssociation, association)
            g.add(association, RDF.type, PROV.Association)
            g.add(association, PROV.agent, organisation)
            g.add(association, DP.nameAsPrinted, text(participation.printed))
            g.add(association, PROV.wasDerivedFrom, self.excerpt(document, participation.line))
        if activity.specification:
            spec = activity.specification
            spec_node = self.mint("activity", f"{activity.slug}#participants")
            g.add(node, DP.participantSpecification, spec_node)
            g.add(spec_node, RDF.type, SPECIFICATION_CLASSES[spec.kind])
            g.add(spec_node, RDFS.label, text(spec.label, "en"))
            for candidate in spec.candidates:
                g.add(spec_node, DP.candidate, self.mint("org", candidate))
        for organisation in activity.mentions:
            g.add(node, DP.mentionsOrganisation, self.mint("org", organisation))
        for instrument in activity.instruments:
            g.add(node, DP.concernsInstrument, self.mint("instrument", instrument))
        for place in activity.places:
            g.add(node, SCHEMA.location, self.mint("place", place))
        if activity.cancelled:
            g.add(node, DP.activityStatus, VOCAB("activity-status", "cancelled"))
        for other in activity.same_as:
            g.add(node, DP.sameActivityAs, self.mint("activity", other.slug))
        if activity.duplicate_of:
            g.add(node, DP.duplicateOf, self.mint("activity", activity.duplicate_of.slug))
        if row.printed("contact"):
            contact = self.mint("activity", f"{activity.slug}#contact")
            r = self.restricted
            r.add(node, DP.contactPoint, contact)
            r.add(contact, RDF.type, VCARD.Kind)
            r.add(contact, DP.contactPointAsPrinted, text(row.printed("contact")))
            for email in activity.contact_emails:
                r.add(contact, VCARD.hasEmail, NamedNode(f"mailto:{email.lower()}"))
            r.add(contact, PROV.wasDerivedFrom, self.excerpt(document, row.first_line, row.last_line))

    def profile(self, profile: Profile) -> None:
        g = self.doc_graph(profile.document)
        node = self.mint("org", profile.organisation)
        if profile.description:
            g.add(node, DCT.description, text(profile.description, "en"))
        g.add(node, PROV.wasDerivedFrom, self.excerpt(profile.document, profile.heading_line, profile.last_line))

    def memberships(self, lists: list[ListedPartners]) -> None:
        by_org: dict[str, list[ListedPartners]] = {}
        for listed in lists:
            for organisation in listed.organisations:
                by_org.setdefault(organisation, []).append(listed)
        latest_current = max((item for item in lists if item.means == "current"), key=lambda item: item.document.date)
        letters = _events_by_org(self.curated, "exchange-of-letters")
        terminations = _events_by_org(self.curated, "termination")
        announcements = _events_by_org(self.curated, "joining-announcement")
        introductions = _events_by_org(self.curated, "introduction-to-tc-inf")
        partnership = self.mint("partnership")
        for organisation, listings in by_org.items():
            cohorts = [item for item in listings if item.cohort]
            if not cohorts:
                continue  # only ever "in discussion": not (yet) a member
            primary = min(cohorts, key=lambda item: (item.document.id != "001", item.document.id))
            g = self.doc_graph(primary.document)
            node = self.mint("membership", organisation)
            org_node = self.mint("org", organisation)
            g.add(node, RDF.type, DP.PartnershipMembership)
            g.add(
                node,
                RDFS.label,
                text(f"Membership of {self.curated.organisations[organisation]['name']} in the Digital Partnership", "en"),
            )
            g.add(node, ORG.member, org_node)
            g.add(org_node, DP.hasMembership, node)
            g.add(node, ORG.organization, partnership)
            g.add(node, DP.cohort, VOCAB("cohort", primary.cohort or ""))
            for item in listings:
                g.add(node, PROV.wasDerivedFrom, self.excerpt(item.document, item.line))
            joined = letters.get(organisation)
            ended = terminations.get(organisation)
            if ended:
                status = "terminated"
            elif organisation in latest_current.organisations:
                status = "active"
            elif any(item.means == "announced" for item in listings):
                status = "joining-announced"
            else:
                status = "active"
            g.add(node, DP.membershipStatus, VOCAB("membership-status", status))
            if joined:
                g.add(node, DP.lettersExchanged, self.mint("event", joined["id"]))
                g.add(node, DP.joinedOn, date_literal(str(joined["date"])))
                self.cited(g, node, joined)
            if ended:
                g.add(node, DP.terminatedOn, date_literal(str(ended["date"])))
                # xsd:string, as the ontology declares: the reason is quoted, not an English text of ours
                g.add(node, DP.terminationReason, text(" ".join(str(ended.get("reason", "")).split())))
                self.cited(g, node, ended)
            announced = announcements.get(organisation)
            if announced:
                g.add(node, DP.announcedOn, date_literal(str(announced["date"])))
                self.cited(g, node, announced)
            introduced = introductions.get(organisation)
            if introduced:
                g.add(node, DP.introducedOn, date_literal(str(introduced["date"])))
                for body in _as_list(introduced.get("bodies")):
                    g.add(node, DP.introducedTo, self.mint("body", body))
                self.cited(g, node, introduced)
            if joined or ended:
                during = self.mint("membership", f"{organisation}#during")
                g.add(node, ORG.memberDuring, during)
                g.add(during, RDF.type, DP.DateInterval)
                if joined:
                    g.add(during, DP.startDate, date_literal(str(joined["date"])))
                if ended:
                    g.add(during, DP.endDate, date_literal(str(ended["date"])))


def _events_by_org(curated: Curated, event_type: str) -> dict[str, dict[str, Any]]:
    """The latest event of a type for each organisation it involves."""
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(curated.events.values(), key=lambda e: str(e["date"])):
        if entry["type"] == event_type:
            for organisation in _as_list(entry.get("organisations")):
                found[organisation] = entry
    return found


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def map_all(mint: Minter, documents: dict[str, Document], curated: Curated, extraction: Extraction) -> QuadSink:
    mapper = Mapper(mint, documents, curated)
    mapper.documents_()
    mapper.partnership()
    mapper.organisations()
    mapper.bodies()
    mapper.instruments()
    mapper.schemes()
    mapper.topics()
    mapper.places()
    mapper.events()
    sections: dict[tuple[str, str], NamedNode] = {}
    for document in documents.values():
        for spec in document.meta.get("workplans") or []:
            heading = document.find_line(spec["heading"])
            sections[(document.id, str(spec["section"]))] = mapper.section(
                document, str(spec["section"]), heading, spec.get("title", "")
            )
    for activity in extraction.activities:
        mapper.activity(activity, sections)
    for profile in extraction.profiles:
        mapper.profile(profile)
    mapper.memberships(extraction.lists)
    return mapper.sink
