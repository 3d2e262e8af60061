"""The index pages: partners, other organisations, bodies, activities, instruments, topics and
source documents, each one SPARQL query; names come from the catalogue, not from joins.

Activities can be filtered by year, kind, body, topic and participant. An activity is on a
topic through its own Topic or Domain cell or through its body's topics (dp:worksOnTopic),
as in the networks (docs/network.md). Filtering happens
here, on the query's rows, so the HTML, JSON and CSV of a filtered index agree; each row
also carries `data-*` values so the static export's page can filter without a server.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dpgraph.build.mapping.sink import VOCAB
from dpgraph.web.site.catalogue import Catalogue
from dpgraph.web.site.context import Site
from dpgraph.web.site.kinds import interval
from dpgraph.web.site.tables import Column, Table, select

PARTNERS = """SELECT ?partner ?membership ?cohort ?status ?joined ?left (COUNT(DISTINCT ?activity) AS ?activities) WHERE {
  ?partner dp:hasMembership ?membership .
  OPTIONAL { ?membership dp:cohort ?cohort }
  OPTIONAL { ?membership dp:membershipStatus ?status }
  OPTIONAL { ?membership dp:joinedOn ?joined }
  OPTIONAL { ?membership dp:terminatedOn ?left }
  OPTIONAL { ?activity dp:participant ?partner FILTER NOT EXISTS { ?activity dp:duplicateOf ?canonical } }
} GROUP BY ?partner ?membership ?cohort ?status ?joined ?left"""
ORGANISATIONS = """SELECT ?organisation (SAMPLE(?code) AS ?country)
    (COUNT(DISTINCT ?activity) AS ?activities) (COUNT(DISTINCT ?mention) AS ?mentions) WHERE {
  ?organisation a/rdfs:subClassOf* dp:Organisation .
  FILTER NOT EXISTS { ?organisation dp:hasMembership ?membership }
  OPTIONAL { ?organisation schema:addressCountry ?code }
  OPTIONAL { ?activity dp:participant ?organisation FILTER NOT EXISTS { ?activity dp:duplicateOf ?canonical } }
  OPTIONAL { ?mention dp:mentionsOrganisation|dp:participantSpecification/dp:candidate ?organisation }
} GROUP BY ?organisation"""
BODIES = """SELECT ?body (SAMPLE(?acronym_) AS ?acronym) (SAMPLE(?parent_) AS ?parent) (COUNT(DISTINCT ?activity) AS ?activities)
WHERE {
  ?body a/rdfs:subClassOf* dp:Body .
  OPTIONAL { ?body dp:acronym ?acronym_ }
  OPTIONAL { ?body org:subOrganizationOf ?parent_ }
  OPTIONAL { ?activity dp:sector ?body }
} GROUP BY ?body"""
ACTIVITIES = """SELECT ?activity ?printed ?start ?end ?kind ?section ?duplicate_of
    (GROUP_CONCAT(DISTINCT STR(?body); separator=" ") AS ?bodies)
    (GROUP_CONCAT(DISTINCT STR(?topic); separator=" ") AS ?topics)
    (GROUP_CONCAT(DISTINCT STR(?participant); separator=" ") AS ?participants) WHERE {
  ?activity a dp:Activity .
  OPTIONAL { ?activity dp:section ?section }
  OPTIONAL { ?activity dp:dateAsPrinted ?printed }
  OPTIONAL { ?activity dp:date ?date OPTIONAL { ?date dp:startDate ?start } OPTIONAL { ?date dp:endDate ?end } }
  OPTIONAL { ?activity dp:activityKind ?kind }
  OPTIONAL { ?activity dp:duplicateOf ?duplicate_of }
  OPTIONAL { ?activity dp:sector ?body }
  OPTIONAL { ?activity dp:topic|dp:domain|dp:sector/dp:worksOnTopic ?topic }
  OPTIONAL { ?activity dp:participant ?participant }
} GROUP BY ?activity ?printed ?start ?end ?kind ?section ?duplicate_of"""
INSTRUMENTS = """SELECT ?instrument (SAMPLE(?notation_) AS ?notation) (SAMPLE(?binding_) AS ?binding)
    (SAMPLE(?adopted_) AS ?adopted) (COUNT(DISTINCT ?activity) AS ?activities) (COUNT(DISTINCT ?body) AS ?bodies) WHERE {
  ?instrument a/rdfs:subClassOf* dp:Instrument .
  OPTIONAL { ?instrument skos:notation ?notation_ }
  OPTIONAL { ?instrument dp:binding ?binding_ }
  OPTIONAL { ?instrument dp:adoptedOn ?adopted_ }
  OPTIONAL { ?activity dp:concernsInstrument ?instrument ; a dp:Activity }
  OPTIONAL { ?body dp:concernsInstrument ?instrument ; a/rdfs:subClassOf* dp:Body }
} GROUP BY ?instrument"""
TOPICS = """SELECT ?topics ?domains ?topic ?scheme (SAMPLE(?broader_) AS ?broader)
    (COUNT(DISTINCT ?activity) AS ?activities) WHERE {
  ?topic skos:inScheme ?scheme .
  FILTER(?scheme IN (?topics, ?domains))
  OPTIONAL { ?topic skos:broader ?broader_ }
  OPTIONAL { ?activity dp:topic|dp:domain|dp:sector/dp:worksOnTopic ?topic }
} GROUP BY ?topics ?domains ?topic ?scheme"""
DOCUMENTS = """SELECT ?document ?issued ?file ?lines (COUNT(DISTINCT ?excerpt) AS ?excerpts) WHERE {
  ?document a dp:SourceDocument .
  OPTIONAL { ?document dcterms:issued ?issued }
  OPTIONAL { ?document dcterms:identifier ?file }
  OPTIONAL { ?document dp:lineCount ?lines }
  OPTIONAL { ?excerpt dcterms:isPartOf ?document ; a dp:Excerpt }
} GROUP BY ?document ?issued ?file ?lines ORDER BY ?document"""

# Query parameters of the activities index -> the row key holding the values they match.
ACTIVITY_FILTERS = {"year": "years", "kind": "kind", "body": "bodies", "topic": "topics", "participant": "participants"}


def slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _label_rows(rows: list[dict[str, str]], catalogue: Catalogue, **keys: str) -> list[dict[str, str]]:
    """Add `<name>` = label of the IRI in column `<key>` for each name=key given."""
    for row in rows:
        for name, key in keys.items():
            row[name] = catalogue.label(row[key]) if row.get(key) else ""
    return rows


def partners(site: Site, _: Mapping[str, str]) -> Table:
    cat = site.catalogue
    rows = _label_rows(select(site.store, PARTNERS), cat, name="partner", cohort_label="cohort", status_label="status")
    for row in rows:
        row["kind"] = cat.kind_label(row["partner"])
    return Table(
        "partners",
        "Digital Partners",
        [
            Column("name", "Partner", link="partner"),
            Column("kind", "Kind"),
            Column("cohort_label", "Cohort", link="cohort"),
            Column("status_label", "Status", link="status"),
            Column("joined", "Joined"),
            Column("left", "Left"),
            Column("activities", "Activities"),
        ],
        sorted(rows, key=lambda r: (r["cohort"], r["name"].casefold())),
        description="Every organisation that has been, is, or is announced to be a member of the Digital Partnership, "
        "by cohort; activities counts the workplan activities it took part in (a repeated listing once).",
    )


def organisations(site: Site, _: Mapping[str, str]) -> Table:
    cat = site.catalogue
    rows = _label_rows(select(site.store, ORGANISATIONS), cat, name="organisation")
    for row in rows:
        row["kind"] = cat.kind_label(row["organisation"])
    return Table(
        "organisations",
        "Organisations that are not partners",
        [
            Column("name", "Organisation", link="organisation"),
            Column("kind", "Kind"),
            Column("country", "Country"),
            Column("activities", "Activities"),
            Column("mentions", "Mentioned or candidate"),
        ],
        sorted(rows, key=lambda r: r["name"].casefold()),
        description="Organisations the documents name that have no membership of the partnership: participants in "
        "activities, candidates of tentative lists, organisations mentioned in descriptions.",
    )


def bodies(site: Site, _: Mapping[str, str]) -> Table:
    cat = site.catalogue
    rows = _label_rows(select(site.store, BODIES), cat, name="body", parent_label="parent")
    for row in rows:
        row["kind"] = cat.kind_label(row["body"])
    return Table(
        "bodies",
        "Bodies",
        [
            Column("name", "Body", link="body"),
            Column("acronym", "Acronym"),
            Column("kind", "Kind"),
            Column("parent_label", "Part of", link="parent"),
            Column("activities", "Activities"),
        ],
        sorted(rows, key=lambda r: r["name"].casefold()),
        description="Council of Europe bodies and other intergovernmental bodies; activities counts the workplan "
        "rows whose Sector cell names the body.",
    )


def activities(site: Site, args: Mapping[str, str]) -> Table:
    cat = site.catalogue
    rows = _label_rows(select(site.store, ACTIVITIES), cat, title="activity", kind_label="kind", section_label="section")
    for row in rows:
        first = int(row["start"][:4]) if row["start"] else None
        last = int((row["end"] or row["start"])[:4]) if first else None
        row["years"] = " ".join(str(y) for y in range(first, last + 1)) if first and last else ""
        row["interval"] = interval(row["start"], row["end"])
        row["body_names"] = "; ".join(cat.label(b) for b in row["bodies"].split())
        row["participant_count"] = str(len(row["participants"].split()))
        row["note"] = "repeats another listing" if row["duplicate_of"] else ""
        for name, key in ACTIVITY_FILTERS.items():
            row[f"data-{name}"] = " ".join(slug(v) for v in row[key].split()) if key != "years" else row["years"]
    selected = {name: args.get(name, "").strip() for name in ACTIVITY_FILTERS if args.get(name, "").strip()}
    shown = [row for row in rows if all(value in row[f"data-{name}"].split() for name, value in selected.items())]
    return Table(
        "activities",
        "Workplan activities",
        [
            Column("title", "Activity", link="activity"),
            Column("printed", "Date as printed"),
            Column("interval", "Interval"),
            Column("kind_label", "Kind", link="kind"),
            Column("body_names", "Sector"),
            Column("participant_count", "Participants"),
            Column("section_label", "Workplan", link="section"),
            Column("note", "Note", link="duplicate_of"),
            Column("bodies", "Bodies (IRIs)", shown=False),
            Column("topics", "Topics (IRIs)", shown=False),
            Column("participants", "Participants (IRIs)", shown=False),
        ],
        sorted(shown, key=lambda r: (r["start"] == "", r["start"], r["title"].casefold())),
        description="One row per workplan row of the source documents, by date. A row the documents list twice is "
        "marked as repeating the other listing.",
        extra={"filters": _filter_options(rows, cat), "selected": selected},
    )


def _filter_options(rows: list[dict[str, str]], cat: Catalogue) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(parameter, heading, [(value, label)]) for each filter, from the values the rows have."""
    years = sorted({y for row in rows for y in row["years"].split()})
    options = [("year", "Year", [(y, y) for y in years])]
    for name, heading, key in (
        ("kind", "Kind", "kind"),
        ("body", "Body", "bodies"),
        ("topic", "Topic", "topics"),
        ("participant", "Participant", "participants"),
    ):
        iris = sorted({iri for row in rows for iri in row[key].split()})
        # One option per slug: a topic and a domain of the same name (topic/x, domain/x) share
        # it, and filtering by it matches both.
        labels: dict[str, str] = {}
        for iri in iris:
            labels.setdefault(slug(iri), cat.label(iri))
        options.append((name, heading, sorted(labels.items(), key=lambda o: o[1].casefold())))
    return options


def is_option(table: Table, facet: str, value: str) -> bool:
    """Whether a filter of the index offers the value (a page's select lists it)."""
    return any(name == facet and value in dict(options) for name, _, options in table.extra.get("filters", []))


def instruments(site: Site, _: Mapping[str, str]) -> Table:
    cat = site.catalogue
    rows = _label_rows(select(site.store, INSTRUMENTS), cat, name="instrument")
    for row in rows:
        row["kind"] = cat.kind_label(row["instrument"])
        row["binding"] = {"true": "binding", "false": "non-binding"}.get(row["binding"], "")
    return Table(
        "instruments",
        "Instruments",
        [
            Column("name", "Instrument", link="instrument"),
            Column("kind", "Kind"),
            Column("notation", "Reference"),
            Column("binding", "Binding"),
            Column("adopted", "Adopted"),
            Column("activities", "Activities"),
            Column("bodies", "Bodies"),
        ],
        sorted(rows, key=lambda r: r["name"].casefold()),
        description="Conventions, protocols, recommendations, strategies and other instruments, with the number of "
        "activities and bodies concerning each.",
    )


def topics(site: Site, _: Mapping[str, str]) -> Table:
    cat = site.catalogue
    rows = select(site.store, TOPICS, topics=VOCAB("scheme", "topics").value, domains=VOCAB("scheme", "domains").value)
    rows = _label_rows(rows, cat, broader_label="broader", scheme_label="scheme")
    for row in rows:
        names = cat.labels.get(row["topic"], {})
        row["name"] = names.get("en") or cat.label(row["topic"])
        row["name_fr"] = names.get("fr", "")
    return Table(
        "topics",
        "Topics and domains",
        [
            Column("name", "Topic", link="topic"),
            Column("name_fr", "In French"),
            Column("scheme_label", "Scheme", link="scheme"),
            Column("broader_label", "Broader", link="broader"),
            Column("activities", "Activities"),
        ],
        sorted(rows, key=lambda r: (r["scheme_label"], r["name"].casefold())),
        description="The topics of cooperation and the domains of the workplans, with the activities tagged with each.",
    )


def documents(site: Site, _: Mapping[str, str]) -> Table:
    rows = _label_rows(select(site.store, DOCUMENTS), site.catalogue, title="document")
    return Table(
        "documents",
        "Source documents",
        [
            Column("title", "Document", link="document"),
            Column("issued", "Date"),
            Column("file", "File"),
            Column("lines", "Lines"),
            Column("excerpts", "Excerpts cited"),
        ],
        rows,
        description="The five documents the graph is built from, unchanged; every statement cites their lines.",
    )


# Path of each index -> the function making its table from the query parameters.
INDEXES: dict[str, Callable[[Site, Mapping[str, str]], Table]] = {
    "partners": partners,
    "organisations": organisations,
    "activities": activities,
    "bodies": bodies,
    "instruments": instruments,
    "topics": topics,
    "documents": documents,
}
