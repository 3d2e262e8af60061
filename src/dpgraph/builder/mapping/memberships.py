"""The partnership and its memberships: who was listed as a partner, when letters were exchanged, who left.

A membership is described in the graph of the first document that lists the organisation in a
cohort (001 before the others), derived from every listing, with the dates of the curated
events (events.yaml) that concern it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyoxigraph import NamedNode

from dpgraph.builder.curated import Curated
from dpgraph.builder.extract import ListedPartners
from dpgraph.builder.mapping.sink import VOCAB, MappingSink, as_list
from dpgraph.rdf.terms import DP, ORG, PROV, RDF, RDFS, SKOS, QuadSink, date_literal, text


def map_partnership(out: MappingSink) -> None:
    node = out.mint("partnership")
    g = out.curated_graph
    g.add(node, RDF.type, DP.Partnership)
    g.add(node, SKOS.prefLabel, text("Council of Europe Digital Partnership", "en"))
    g.add(node, SKOS.prefLabel, text("Partenariat numérique du Conseil de l'Europe", "fr"))
    g.add(node, RDFS.label, text("Council of Europe Digital Partnership", "en"))
    if "council-of-europe" in out.curated.bodies:
        g.add(node, ORG.linkedTo, out.mint("body", "council-of-europe"))


@dataclass(frozen=True)
class MembershipEvents:
    """The latest event of each type that dates a membership, by organisation."""

    letters: dict[str, dict[str, Any]]
    terminations: dict[str, dict[str, Any]]
    announcements: dict[str, dict[str, Any]]
    introductions: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, curated: Curated) -> MembershipEvents:
        return cls(
            _events_by_org(curated, "exchange-of-letters"),
            _events_by_org(curated, "termination"),
            _events_by_org(curated, "joining-announcement"),
            _events_by_org(curated, "introduction-to-tc-inf"),
        )


def _events_by_org(curated: Curated, event_type: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(curated.events.values(), key=lambda e: str(e["date"])):
        if entry["type"] == event_type:
            for organisation in as_list(entry.get("organisations")):
                found[organisation] = entry
    return found


def map_memberships(out: MappingSink, lists: list[ListedPartners]) -> None:
    by_org: dict[str, list[ListedPartners]] = {}
    for listed in lists:
        for organisation in listed.organisations:
            by_org.setdefault(organisation, []).append(listed)
    latest_current = max((item for item in lists if item.means == "current"), key=lambda item: item.document.date)
    events = MembershipEvents.of(out.curated)
    for organisation, listings in by_org.items():
        if not any(item.cohort for item in listings):
            continue  # only ever "in discussion": not (yet) a member
        status = _status(organisation, listings, latest_current, events)
        _membership(out, organisation, listings, status, events)


def _status(organisation: str, listings: list[ListedPartners], latest_current: ListedPartners, events: MembershipEvents) -> str:
    if organisation in events.terminations:
        return "terminated"
    if organisation in latest_current.organisations:
        return "active"
    if any(item.means == "announced" for item in listings):
        return "joining-announced"
    return "active"


def _membership(
    out: MappingSink, organisation: str, listings: list[ListedPartners], status: str, events: MembershipEvents
) -> None:
    cohorts = [item for item in listings if item.cohort]
    primary = min(cohorts, key=lambda item: (item.document.id != "001", item.document.id))
    g = out.doc_graph(primary.document)
    node = out.mint("membership", organisation)
    org_node = out.mint("org", organisation)
    g.add(node, RDF.type, DP.PartnershipMembership)
    name = out.curated.organisations[organisation]["name"]
    g.add(node, RDFS.label, text(f"Membership of {name} in the Digital Partnership", "en"))
    g.add(node, ORG.member, org_node)
    g.add(org_node, DP.hasMembership, node)
    g.add(node, ORG.organization, out.mint("partnership"))
    g.add(node, DP.cohort, VOCAB("cohort", primary.cohort or ""))
    for item in listings:
        g.add(node, PROV.wasDerivedFrom, out.excerpt(item.document, item.line))
    g.add(node, DP.membershipStatus, VOCAB("membership-status", status))
    _dates(out, g, node, organisation, events)


def _dates(out: MappingSink, g: QuadSink, node: NamedNode, organisation: str, events: MembershipEvents) -> None:
    """The dated events of a membership, each cited, and the interval from letters to termination."""
    joined = events.letters.get(organisation)
    ended = events.terminations.get(organisation)
    if joined:
        g.add(node, DP.lettersExchanged, out.mint("event", joined["id"]))
        g.add(node, DP.joinedOn, date_literal(str(joined["date"])))
        out.cited(g, node, joined)
    if ended:
        g.add(node, DP.terminatedOn, date_literal(str(ended["date"])))
        # xsd:string, as the ontology declares: the reason is quoted, not an English text of ours
        g.add(node, DP.terminationReason, text(" ".join(str(ended.get("reason", "")).split())))
        out.cited(g, node, ended)
    announced = events.announcements.get(organisation)
    if announced:
        g.add(node, DP.announcedOn, date_literal(str(announced["date"])))
        out.cited(g, node, announced)
    introduced = events.introductions.get(organisation)
    if introduced:
        g.add(node, DP.introducedOn, date_literal(str(introduced["date"])))
        for body in as_list(introduced.get("bodies")):
            g.add(node, DP.introducedTo, out.mint("body", body))
        out.cited(g, node, introduced)
    if joined or ended:
        during = out.mint("membership", f"{organisation}#during")
        g.add(node, ORG.memberDuring, during)
        g.add(during, RDF.type, DP.DateInterval)
        if joined:
            g.add(during, DP.startDate, date_literal(str(joined["date"])))
        if ended:
            g.add(during, DP.endDate, date_literal(str(ended["date"])))
