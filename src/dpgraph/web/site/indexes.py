"""The index pages: partners, other organisations, bodies, activities, instruments, topics and
source documents, each declared once (its query, columns, the IRIs it names, its facets, its
order) and made by one builder (Index.table) from one SPARQL query; names come from the
catalogue, not from joins.

Activities can be filtered by year, kind, body, topic and participant. An activity is on a
topic through its own Topic or Domain cell or through its body's topics (dp:worksOnTopic),
as in the networks (docs/network.md). Filtering happens
here, on the query's rows, so the HTML, JSON and CSV of a filtered index agree; each row
also carries `data-*` values so the static export's page can filter without a server.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from dpgraph.builder.mapping.sink import VOCAB
from dpgraph.results import text_rows
from dpgraph.web.site.catalogue import Catalogue
from dpgraph.web.site.context import Site
from dpgraph.web.site.kinds import interval
from dpgraph.web.site.tables import Column, Table

PARTNERS = """SELECT ?partner ?membership ?cohort ?status ?joined ?left (COUNT(DISTINCT ?activity) AS ?activities) WHERE {
  ?partner dp:hasMembership ?membership .
  OPTIONAL { ?membership dp:cohort ?cohort }
  OPTIONAL { ?membership dp:membershipStatus ?status }
  OPTIONAL { ?membership dp:joinedOn ?joined }
  OPTIONAL { ?membership dp:terminatedOn ?left }
  OPTIONAL { ?activity dp:participant ?partner FILTER NOT EXISTS { ?activity dp:duplicateOf ?canonical } }
} GROUP BY ?partner ?membership ?cohort ?status ?joined ?left"""
# MIN where one value stands for several (a body with two parents): SAMPLE may pick any, and
# engines pick differently.
ORGANISATIONS = """SELECT ?organisation (MIN(?code) AS ?country)
    (COUNT(DISTINCT ?activity) AS ?activities) (COUNT(DISTINCT ?mention) AS ?mentions) WHERE {
  ?organisation a/rdfs:subClassOf* dp:Organisation .
  FILTER NOT EXISTS { ?organisation dp:hasMembership ?membership }
  OPTIONAL { ?organisation schema:addressCountry ?code }
  OPTIONAL { ?activity dp:participant ?organisation FILTER NOT EXISTS { ?activity dp:duplicateOf ?canonical } }
  OPTIONAL { ?mention dp:mentionsOrganisation|dp:participantSpecification/dp:candidate ?organisation }
} GROUP BY ?organisation"""
BODIES = """SELECT ?body (MIN(?acronym_) AS ?acronym) (MIN(?parent_) AS ?parent) (COUNT(DISTINCT ?activity) AS ?activities)
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
INSTRUMENTS = """SELECT ?instrument (MIN(?notation_) AS ?notation) (MIN(?binding_) AS ?binding)
    (MIN(?adopted_) AS ?adopted) (COUNT(DISTINCT ?activity) AS ?activities) (COUNT(DISTINCT ?body) AS ?bodies) WHERE {
  ?instrument a/rdfs:subClassOf* dp:Instrument .
  OPTIONAL { ?instrument skos:notation ?notation_ }
  OPTIONAL { ?instrument dp:binding ?binding_ }
  OPTIONAL { ?instrument dp:adoptedOn ?adopted_ }
  OPTIONAL { ?activity dp:concernsInstrument ?instrument ; a dp:Activity }
  OPTIONAL { ?body dp:concernsInstrument ?instrument ; a/rdfs:subClassOf* dp:Body }
} GROUP BY ?instrument"""
TOPICS = """SELECT ?topics ?domains ?topic ?scheme (MIN(?broader_) AS ?broader)
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

Row = dict[str, str]


def slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Facet:
    """A filter of an index: `?<parameter>=<value>` keeps the rows whose `key` holds the value."""

    parameter: str
    heading: str
    key: str  # the row key holding the values, separated by spaces
    iris: bool = True  # the values are IRIs, matched and offered by their slug; False: years, as they are


@dataclass(frozen=True)
class Index:
    name: str
    title: str
    description: str
    query: str
    columns: list[Column]
    labels: dict[str, str] = field(default_factory=dict)  # row key to add -> key of the IRI it is the label of
    kind: str | None = None  # key of the IRI whose kind (catalogue.kind_label) the row's "kind" is
    derive: Callable[[Row, Catalogue], None] | None = None  # what else a row shows, worked out from the others
    sort: Callable[[Row], tuple] | None = None  # None: the query's order
    facets: tuple[Facet, ...] = ()
    bindings: dict[str, str] = field(default_factory=dict)  # variable -> the IRI it is bound to

    def table(self, site: Site, args: Mapping[str, str]) -> Table:
        key = f"index-rows:{self.name}"
        if key not in site.remembered:
            site.remembered[key] = self._rows(site)
        rows: list[dict[str, str]] = site.remembered[key]  # type: ignore[assignment]
        options = _filter_options(self.facets, rows, site.catalogue)
        selected = _selected(self.facets, args, options)
        shown = [row for row in rows if all(value in row[f"data-{name}"].split() for name, value in selected.items())]
        extra = {"filters": options, "selected": selected} if self.facets else {}
        # Rows the sort key ties are in the order of all their values, not in the engine's.
        ordered = sorted(sorted(shown, key=lambda r: sorted(r.items())), key=self.sort) if self.sort else shown
        return Table(self.name, self.title, self.columns, ordered, description=self.description, extra=extra)

    def _rows(self, site: Site) -> list[dict[str, str]]:
        """Every row of the index, labelled and derived: what its filters then choose from."""
        cat = site.catalogue
        rows = text_rows(site.graph.select(self.query, **self.bindings))
        for row in rows:
            for facet in self.facets:
                if facet.key in row:  # a GROUP_CONCAT, in the engine's order: sorted, every engine's rows read the same
                    row[facet.key] = " ".join(sorted(row[facet.key].split()))
            for name, key in self.labels.items():
                row[name] = cat.label(row[key]) if row.get(key) else ""
            if self.kind:
                row["kind"] = cat.kind_label(row[self.kind])
            if self.derive:
                self.derive(row, cat)
            for facet in self.facets:
                values = row[facet.key].split()
                row[f"data-{facet.parameter}"] = " ".join(slug(v) for v in values) if facet.iris else row[facet.key]
        return rows


class FilterError(ValueError):
    """A filter value the index does not offer: the page answers 400 with what it does offer."""


def _selected(facets: tuple[Facet, ...], args: Mapping[str, str], options: list) -> dict[str, str]:
    """The filter values asked for, each a value the index offers; an IRI, a path (org/apple) or a slug (apple) alike."""
    offered = {name: dict(values) for name, _, values in options}
    selected = {}
    for facet in facets:
        value = args.get(facet.parameter, "").strip()
        if not value:
            continue
        value = slug(value) if facet.iris else value
        if value not in offered[facet.parameter]:
            close = difflib.get_close_matches(value, list(offered[facet.parameter]), n=3, cutoff=0.6)
            hint = f"did you mean {' or '.join(close)}?" if close else f"{len(offered[facet.parameter])} values are offered"
            raise FilterError(f"{facet.parameter}={value!r} matches nothing this index offers: {hint}")
        selected[facet.parameter] = value
    return selected


def _filter_options(facets: tuple[Facet, ...], rows: list[Row], cat: Catalogue) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(parameter, heading, [(value, label)]) for each facet, from the values the rows have."""
    options = []
    for facet in facets:
        values = sorted({value for row in rows for value in row[facet.key].split()})
        if not facet.iris:
            options.append((facet.parameter, facet.heading, [(v, v) for v in values]))
            continue
        # One option per slug: a topic and a domain of the same name (topic/x, domain/x) share
        # it, and filtering by it matches both.
        labels: dict[str, str] = {}
        for iri in values:
            labels.setdefault(slug(iri), cat.label(iri))
        options.append((facet.parameter, facet.heading, sorted(labels.items(), key=lambda o: o[1].casefold())))
    return options


def is_option(table: Table, facet: str, value: str) -> bool:
    """Whether a filter of the index offers the value (a page's select lists it)."""
    return any(name == facet and value in dict(options) for name, _, options in table.extra.get("filters", []))


def _activity(row: Row, cat: Catalogue) -> None:
    first = int(row["start"][:4]) if row["start"] else None
    last = int((row["end"] or row["start"])[:4]) if first else None
    row["years"] = " ".join(str(y) for y in range(first, last + 1)) if first and last else ""
    row["interval"] = interval(row["start"], row["end"])
    row["body_names"] = "; ".join(cat.label(b) for b in row["bodies"].split())
    row["participant_count"] = str(len(row["participants"].split()))
    row["note"] = "repeats another listing" if row["duplicate_of"] else ""


def _instrument(row: Row, _: Catalogue) -> None:
    row["binding"] = {"true": "binding", "false": "non-binding"}.get(row["binding"], "")


def _topic(row: Row, cat: Catalogue) -> None:
    names = cat.labels.get(row["topic"], {})
    row["name"] = names.get("en") or cat.label(row["topic"])
    row["name_fr"] = names.get("fr", "")


def _by_name(row: Row) -> tuple:
    return (row["name"].casefold(),)


# Path of each index -> its declaration, in the order the site lists them.
INDEXES = {
    index.name: index
    for index in [
        Index(
            "partners",
            "Digital Partners",
            "Every organisation that has been, is, or is announced to be a member of the Digital Partnership, "
            "by cohort; activities counts the workplan activities it took part in (a repeated listing once).",
            PARTNERS,
            [
                Column("name", "Partner", link="partner"),
                Column("kind", "Kind"),
                Column("cohort_label", "Cohort", link="cohort"),
                Column("status_label", "Status", link="status"),
                Column("joined", "Joined"),
                Column("left", "Left"),
                Column("activities", "Activities"),
            ],
            labels={"name": "partner", "cohort_label": "cohort", "status_label": "status"},
            kind="partner",
            sort=lambda r: (r["cohort"], r["name"].casefold()),
        ),
        Index(
            "organisations",
            "Organisations that are not partners",
            "Organisations the documents name that have no membership of the partnership: participants in "
            "activities, candidates of tentative lists, organisations mentioned in descriptions.",
            ORGANISATIONS,
            [
                Column("name", "Organisation", link="organisation"),
                Column("kind", "Kind"),
                Column("country", "Country"),
                Column("activities", "Activities"),
                Column("mentions", "Mentioned or candidate"),
            ],
            labels={"name": "organisation"},
            kind="organisation",
            sort=_by_name,
        ),
        Index(
            "activities",
            "Workplan activities",
            "One row per workplan row of the source documents, by date. A row the documents list twice is "
            "marked as repeating the other listing.",
            ACTIVITIES,
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
            labels={"title": "activity", "kind_label": "kind", "section_label": "section"},
            derive=_activity,
            sort=lambda r: (r["start"] == "", r["start"], r["title"].casefold()),
            facets=(
                Facet("year", "Year", "years", iris=False),
                Facet("kind", "Kind", "kind"),
                Facet("body", "Body", "bodies"),
                Facet("topic", "Topic", "topics"),
                Facet("participant", "Participant", "participants"),
            ),
        ),
        Index(
            "bodies",
            "Bodies",
            "Council of Europe bodies and other intergovernmental bodies; activities counts the workplan "
            "rows whose Sector cell names the body.",
            BODIES,
            [
                Column("name", "Body", link="body"),
                Column("acronym", "Acronym"),
                Column("kind", "Kind"),
                Column("parent_label", "Part of", link="parent"),
                Column("activities", "Activities"),
            ],
            labels={"name": "body", "parent_label": "parent"},
            kind="body",
            sort=_by_name,
        ),
        Index(
            "instruments",
            "Instruments",
            "Conventions, protocols, recommendations, strategies and other instruments, with the number of "
            "activities and bodies concerning each.",
            INSTRUMENTS,
            [
                Column("name", "Instrument", link="instrument"),
                Column("kind", "Kind"),
                Column("notation", "Reference"),
                Column("binding", "Binding"),
                Column("adopted", "Adopted"),
                Column("activities", "Activities"),
                Column("bodies", "Bodies"),
            ],
            labels={"name": "instrument"},
            kind="instrument",
            derive=_instrument,
            sort=_by_name,
        ),
        Index(
            "topics",
            "Topics and domains",
            "The topics of cooperation and the domains of the workplans, with the activities tagged with each.",
            TOPICS,
            [
                Column("name", "Topic", link="topic"),
                Column("name_fr", "In French"),
                Column("scheme_label", "Scheme", link="scheme"),
                Column("broader_label", "Broader", link="broader"),
                Column("activities", "Activities"),
            ],
            labels={"broader_label": "broader", "scheme_label": "scheme"},
            derive=_topic,
            sort=lambda r: (r["scheme_label"], r["name"].casefold()),
            bindings={"topics": VOCAB("scheme", "topics").value, "domains": VOCAB("scheme", "domains").value},
        ),
        Index(
            "documents",
            "Source documents",
            "The five documents the graph is built from, unchanged; every statement cites their lines.",
            DOCUMENTS,
            [
                Column("title", "Document", link="document"),
                Column("issued", "Date"),
                Column("file", "File"),
                Column("lines", "Lines"),
                Column("excerpts", "Excerpts cited"),
            ],
            labels={"title": "document"},
        ),
    ]
}
