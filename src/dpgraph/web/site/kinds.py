"""What the page of each main kind of resource shows besides its statements.

An organisation: its membership and history, and its activities by year; a body: its
activities and who took part in them; an activity: participants, sector, dates, instruments
and duplicates (read from its description, no query); an instrument: the activities and
bodies concerning it; a source document: its text with line anchors. One or two SPARQL
queries per page, never one per row (the graph supplies the prefixes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dpgraph.rdf.terms import DP
from dpgraph.results import text_rows
from dpgraph.store import Graph
from dpgraph.web.site.catalogue import Catalogue
from dpgraph.web.site.describe import Description
from dpgraph.web.site.tables import Column, Table

ORGANISATION_MEMBERSHIP = """SELECT ?org ?membership ?cohort ?status ?joined ?left WHERE {
  ?org dp:hasMembership ?membership .
  OPTIONAL { ?membership dp:cohort ?cohort }
  OPTIONAL { ?membership dp:membershipStatus ?status }
  OPTIONAL { ?membership dp:joinedOn ?joined }
  OPTIONAL { ?membership dp:terminatedOn ?left }
}"""
# Its activities and the events of the partnership's history that involve it, in one query.
ORGANISATION_TIMELINE = """SELECT ?org ?item ?role ?start ?end ?printed ?section ?duplicate_of WHERE {
  {
    { ?item dp:participant ?org BIND("participant" AS ?role) }
    UNION { ?item dp:participantSpecification/dp:candidate ?org BIND("candidate" AS ?role) }
    UNION { ?item dp:mentionsOrganisation ?org BIND("mentioned" AS ?role) }
    OPTIONAL { ?item dp:date ?date OPTIONAL { ?date dp:startDate ?start } OPTIONAL { ?date dp:endDate ?end } }
    OPTIONAL { ?item dp:dateAsPrinted ?printed }
    OPTIONAL { ?item dp:section ?section }
    OPTIONAL { ?item dp:duplicateOf ?duplicate_of }
  } UNION {
    ?item dp:involves ?org ; dcterms:date ?start BIND("event" AS ?role)
  }
} ORDER BY ?start ?item"""
BODY_ACTIVITIES = """SELECT ?body ?item ?start ?end ?printed ?section ?duplicate_of ?participant WHERE {
  ?item dp:sector ?body .
  OPTIONAL { ?item dp:section ?section }
  OPTIONAL { ?item dp:date ?date OPTIONAL { ?date dp:startDate ?start } OPTIONAL { ?date dp:endDate ?end } }
  OPTIONAL { ?item dp:dateAsPrinted ?printed }
  OPTIONAL { ?item dp:duplicateOf ?duplicate_of }
  OPTIONAL { ?item dp:participant ?participant }
} ORDER BY ?start ?item"""
CONCERNING_INSTRUMENT = """SELECT ?instrument ?item ?start ?printed ?section ?duplicate_of WHERE {
  ?item dp:concernsInstrument ?instrument .
  OPTIONAL { ?item dp:section ?section }
  OPTIONAL { ?item dp:duplicateOf ?duplicate_of }
  OPTIONAL { ?item dp:date/dp:startDate ?start }
  OPTIONAL { ?item dcterms:date ?start }
  OPTIONAL { ?item dp:dateAsPrinted ?printed }
} ORDER BY ?start ?item"""
GRAPH_CLASSES = """SELECT ?graph ?class (COUNT(DISTINCT ?item) AS ?entities) WHERE {
  GRAPH ?graph { ?item a ?class }
} GROUP BY ?graph ?class ORDER BY DESC(?entities) ?class"""
DERIVED_FROM_DOCUMENT = """SELECT ?doc ?excerpt ?start ?end ?item WHERE {
  ?excerpt dcterms:isPartOf ?doc ; dp:startLine ?start ; dp:endLine ?end .
  ?item prov:wasDerivedFrom ?excerpt .
} ORDER BY ?start ?end ?item"""

ACTIVITY_COLUMNS = [
    Column("year", "Year", shown=False),  # shown as the heading of each year's rows
    Column("label", "Activity", link="item"),
    Column("printed", "Date as printed"),
    Column("interval", "Interval"),
    Column("role", "Role"),
    Column("section_label", "Workplan", link="section"),
    Column("note", "Note", link="duplicate_of"),
]


@dataclass
class KindView:
    partial: str | None = None  # a template of its own shown above the statements
    tables: list[Table] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    network: bool = False  # whether the network view can focus on it
    show_parts: bool = True  # False when the partial shows the hash resources itself


def interval(start: str, end: str) -> str:
    if not start:
        return ""
    return start if not end or end == start else f"{start} – {end}"


def kind_view(description: Description, catalogue: Catalogue, graph: Graph) -> KindView:
    iri = description.iri
    if iri in catalogue.graphs:
        return named_graph(description, catalogue, graph)
    for cls, view in (
        (DP.Organisation.value, organisation),
        (DP.Body.value, body),
        (DP.Activity.value, activity),
        (DP.Instrument.value, instrument),
        (DP.SourceDocument.value, document),
    ):
        if catalogue.is_a(iri, cls):
            return view(description, catalogue, graph)
    return KindView()


def _dated_rows(rows: list[dict[str, str]], catalogue: Catalogue) -> list[dict[str, str]]:
    for row in rows:
        row["label"] = catalogue.label(row["item"])
        row["year"] = row.get("start", "")[:4] or "undated"
        row["interval"] = interval(row.get("start", ""), row.get("end", ""))
        row["section_label"] = catalogue.label(row["section"]) if row.get("section") else ""
        row["note"] = "repeats another listing" if row.get("duplicate_of") else ""
    return sorted(rows, key=lambda r: (r["year"] == "undated", r["year"], r.get("start", ""), r["label"]))


def organisation(description: Description, catalogue: Catalogue, graph: Graph) -> KindView:
    iri = description.iri
    tables = []
    memberships = text_rows(graph.select(ORGANISATION_MEMBERSHIP, org=iri))
    if memberships:
        for row in memberships:
            row["label"] = catalogue.label(row["membership"])
            row["cohort_label"] = catalogue.label(row["cohort"]) if row["cohort"] else ""
            row["status_label"] = catalogue.label(row["status"]) if row["status"] else ""
        tables.append(
            Table(
                "membership",
                "Membership of the Digital Partnership",
                [
                    Column("label", "Membership", link="membership"),
                    Column("cohort_label", "Cohort", link="cohort"),
                    Column("status_label", "Status", link="status"),
                    Column("joined", "Joined"),
                    Column("left", "Left"),
                ],
                memberships,
            )
        )
    timeline = text_rows(graph.select(ORGANISATION_TIMELINE, org=iri))
    events = [row for row in timeline if row["role"] == "event"]
    if events:
        for row in events:
            row["label"] = catalogue.label(row["item"])
        tables.append(Table("history", "History", [Column("start", "Date"), Column("label", "Event", link="item")], events))
    activities = _dated_rows([row for row in timeline if row["role"] != "event"], catalogue)
    tables.append(
        Table(
            "activities",
            "Activities by year",
            ACTIVITY_COLUMNS,
            activities,
            description="Workplan activities it took part in, was a candidate for, or is mentioned by.",
            group="year",
        )
    )
    return KindView(tables=tables, network=True)


def body(description: Description, catalogue: Catalogue, graph: Graph) -> KindView:
    rows = text_rows(graph.select(BODY_ACTIVITIES, body=description.iri))
    activities: dict[str, dict[str, str]] = {}
    counts: dict[str, set[str]] = {}
    for row in rows:
        activities.setdefault(row["item"], {k: v for k, v in row.items() if k != "participant"})
        if row["participant"] and not row["duplicate_of"]:
            counts.setdefault(row["participant"], set()).add(row["item"])
    participants = [
        {"organisation": org, "label": catalogue.label(org), "activities": str(len(items))}
        for org, items in sorted(counts.items(), key=lambda kv: (-len(kv[1]), catalogue.label(kv[0]).casefold()))
    ]
    return KindView(
        tables=[
            Table(
                "activities",
                "Activities",
                [c for c in ACTIVITY_COLUMNS if c.key != "role"],
                _dated_rows(list(activities.values()), catalogue),
                description="Workplan activities whose Sector cell names it, by year.",
                group="year",
            ),
            Table(
                "participants",
                "Participants",
                [Column("label", "Organisation", link="organisation"), Column("activities", "Activities")],
                participants,
                description="Organisations that took part in its activities (a repeated listing counted once).",
            ),
        ],
        network=True,
    )


def activity(description: Description, catalogue: Catalogue, graph: Graph) -> KindView:
    d = description
    names_as_printed = {}
    for part in d.parts:
        agents = [v for p in part.properties if p.iri == "http://www.w3.org/ns/prov#agent" for v in p.values]
        printed = [v.text for p in part.properties if p.iri == DP.nameAsPrinted.value for v in p.values]
        if agents and printed:
            names_as_printed[agents[0].value] = printed[0]
    date_values = d.values(DP.date.value)
    fragment = date_values[0].value.split("#", 1)[1] if date_values and "#" in date_values[0].value else None
    dates = {
        key: [v.text for v in d.values(getattr(DP, key).value, fragment)]
        for key in ("startDate", "endDate", "approximate", "uncertain", "openEnded")
    }
    duplicates = d.values(DP.duplicateOf.value) + d.values(DP.sameActivityAs.value)
    context = {
        "participants": [(v, names_as_printed.get(v.value, "")) for v in d.values(DP.participant.value)],
        "specification": d.values(DP.participantSpecification.value),
        "sectors": d.values(DP.sector.value),
        "printed_date": [v.text for v in d.values(DP.dateAsPrinted.value)],
        "interval": interval(
            dates["startDate"][0] if dates["startDate"] else "", dates["endDate"][0] if dates["endDate"] else ""
        ),
        "flags": [name for name in ("approximate", "uncertain", "openEnded") if "true" in dates[name]],
        "instruments": d.values(DP.concernsInstrument.value),
        "topics": d.values(DP.topic.value),
        "domains": d.values(DP.domain.value),
        "kind": d.values(DP.activityKind.value) + d.values(DP.activityStatus.value),
        "section": d.values(DP.section.value),
        "row": [v.text for v in d.values(DP.rowNumber.value)],
        "duplicates": list({v.value: v for v in duplicates}.values()),
        "repeated_by": d.subjects(DP.duplicateOf.value),
    }
    return KindView(partial="pages/kinds/activity.html", context=context, network=True)


def instrument(description: Description, catalogue: Catalogue, graph: Graph) -> KindView:
    rows = text_rows(graph.select(CONCERNING_INSTRUMENT, instrument=description.iri))
    unique = list({row["item"]: row for row in rows}.values())
    activities = _dated_rows([r for r in unique if catalogue.is_a(r["item"], DP.Activity.value)], catalogue)
    bodies = [
        {"item": r["item"], "label": catalogue.label(r["item"]), "kind": catalogue.kind_label(r["item"])}
        for r in unique
        if catalogue.is_a(r["item"], DP.Body.value)
    ]
    return KindView(
        tables=[
            Table(
                "activities",
                "Activities concerning it",
                [c for c in ACTIVITY_COLUMNS if c.key != "role"],
                activities,
                group="year",
            ),
            Table(
                "bodies",
                "Bodies concerning it",
                [Column("label", "Body", link="item"), Column("kind", "Kind")],
                sorted(bodies, key=lambda r: r["label"].casefold()),
            ),
        ]
    )


def document(description: Description, catalogue: Catalogue, graph: Graph) -> KindView:
    text = catalogue.documents.get(description.iri)
    rows = text_rows(graph.select(DERIVED_FROM_DOCUMENT, doc=description.iri))
    for row in rows:
        row["lines"] = row["start"] if row["start"] == row["end"] else f"{row['start']}–{row['end']}"
        row["label"] = catalogue.label(row["item"])
        row["kind"] = catalogue.kind_label(row["item"])
    # Each excerpt gets an anchor before its first line, so `doc/001#L12-L15` lands there.
    anchors: dict[int, list[str]] = {}
    for part in description.parts:
        excerpt = catalogue.excerpts.get(part.iri)
        if excerpt:
            anchors.setdefault(excerpt.start, []).append(part.fragment)
    return KindView(
        partial="pages/kinds/document.html",
        tables=[
            Table(
                "derived",
                "What the graph takes from this document",
                [Column("lines", "Lines", link="excerpt"), Column("label", "Resource", link="item"), Column("kind", "Kind")],
                rows,
            )
        ],
        context={"lines": list(enumerate(text.lines, start=1)) if text else [], "anchors": anchors, "source": text},
        show_parts=False,
    )


def named_graph(description: Description, catalogue: Catalogue, graph: Graph) -> KindView:
    rows = text_rows(graph.select(GRAPH_CLASSES, graph=description.iri))
    for row in rows:
        row["label"] = catalogue.label(row["class"])
    return KindView(
        tables=[
            Table(
                "contents",
                "What this named graph holds",
                [Column("label", "Class", link="class"), Column("entities", "Entities")],
                rows,
                description=f"{catalogue.graphs[description.iri]:,} statements; the entities typed in it, by class.",
            )
        ]
    )
