"""What the nodes of the networks are (names, kinds, memberships) and what the filters can choose, read once per dataset."""

from __future__ import annotations

from dataclasses import dataclass, field

from dpgraph.errors import InputError
from dpgraph.network.filters import PARAMS, PATHS, Filters
from dpgraph.rdf.iris import local_path
from dpgraph.results import text_rows
from dpgraph.store import Graph

_EN = 'FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "")'
_ORGANISATIONS = f"""SELECT ?node ?class ?label ?membership ?joined ?left WHERE {{
  ?node a ?class . ?class rdfs:subClassOf* dp:Organisation . FILTER(?class NOT IN (dp:Organisation, dp:Partner))
  OPTIONAL {{ ?node skos:prefLabel ?label {_EN} }}
  OPTIONAL {{ ?node dp:hasMembership ?membership
             OPTIONAL {{ ?membership dp:joinedOn ?joined }} OPTIONAL {{ ?membership dp:terminatedOn ?left }} }}
}} ORDER BY ?node ?class"""
_BODIES = f"""SELECT ?node ?class ?label ?short WHERE {{
  ?node a ?class . ?class rdfs:subClassOf* dp:Body . FILTER(?class != dp:Body)
  OPTIONAL {{ ?node skos:prefLabel ?label {_EN} }}
  OPTIONAL {{ ?node dp:acronym ?short }}
}} ORDER BY ?node ?class"""
_ACTIVITIES = f"""SELECT ?node ?label ?kind ?start WHERE {{
  ?node a dp:Activity . FILTER NOT EXISTS {{ ?node dp:duplicateOf ?listed }}
  OPTIONAL {{ ?node rdfs:label ?label {_EN} }}
  OPTIONAL {{ ?node dp:activityKind ?kind }}
  OPTIONAL {{ ?node dp:date/dp:startDate ?start }}
}} ORDER BY ?node"""
_CHOICES = f"""SELECT ?node (MIN(?label) AS ?name) WHERE {{
  ?listing a dp:Activity ; %s ?node .
  OPTIONAL {{ ?node skos:prefLabel|dcterms:title ?label {_EN} }}
}} GROUP BY ?node"""
_DATES = """SELECT ?date WHERE {
  { ?listing a dp:Activity ; dp:date ?interval . ?interval dp:startDate|dp:endDate ?date }
  UNION { ?membership dp:joinedOn ?date }
}"""


def select(data: Graph, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT query as text ("" for an unbound variable)."""
    return text_rows(data.select(query))


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _year_of(date: str) -> int | None:
    return int(date[:4]) if date[:4].isdigit() else None


@dataclass
class NodeDirectory:
    """What the nodes are (names, kinds, memberships) and what the filters can choose."""

    nodes: dict[str, dict[str, object]]
    memberships: dict[str, tuple[int | None, int | None]]
    years: tuple[int, int] | None
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def describe(self, iri: str, base: str, role: str) -> dict[str, object]:
        """The attributes of node `iri`, or of an unknown one in `role`, with its page on the site."""
        known = self.nodes.get(iri)
        attrs = dict(known) if known else {"label": local_name(iri), "type": role, "class": role}
        href = local_path(iri, base)
        if href:
            attrs["href"] = href
        return attrs

    def name(self, iri: str) -> str:
        return str(self.nodes.get(iri, {}).get("label") or local_name(iri))

    def check(self, filters: Filters) -> None:
        """An InputError for a filter value no activity reaches: most likely a typing mistake."""
        for name in PATHS:
            known = {iri for iri, _ in self.choices.get(name, [])}
            unknown = [iri for iri in getattr(filters, name) if iri not in known]
            if unknown:
                examples = ", ".join(sorted(local_name(iri) for iri in known)[:12])
                raise InputError(f"no activity has {PARAMS[name]} {', '.join(unknown)} (known: {examples}, ...)")

    def organisations(self, partners_only: bool) -> set[str]:
        organisations = (iri for iri, attrs in self.nodes.items() if attrs["type"] == "organisation")
        return {iri for iri in organisations if self.nodes[iri]["partner"] or not partners_only}


def _organisations(data: Graph) -> tuple[dict[str, dict[str, object]], dict[str, tuple[int | None, int | None]]]:
    nodes: dict[str, dict[str, object]] = {}
    memberships: dict[str, tuple[int | None, int | None]] = {}
    for row in select(data, _ORGANISATIONS):
        nodes.setdefault(
            row["node"],
            {"label": row["label"] or local_name(row["node"]), "type": "organisation", "class": local_name(row["class"])},
        )
        nodes[row["node"]]["partner"] = bool(row["membership"]) or bool(nodes[row["node"]].get("partner"))
        if row["membership"]:
            memberships[row["node"]] = (_year_of(row["joined"]), _year_of(row["left"]))
    return nodes, memberships


def read_node_directory(data: Graph) -> NodeDirectory:
    nodes, memberships = _organisations(data)
    for row in select(data, _BODIES):
        attrs = {"label": row["label"] or local_name(row["node"]), "type": "body", "class": local_name(row["class"])}
        if row["short"]:
            attrs["short"] = row["short"]
        nodes.setdefault(row["node"], attrs)
    for row in select(data, _ACTIVITIES):
        year = _year_of(row["start"])
        label = row["label"] or local_name(row["node"])
        kind = local_name(row["kind"]) or "activity"
        attrs = {"label": f"{label} ({year})" if year else label, "type": "activity", "class": kind}
        if year:
            attrs["year"] = year
        nodes[row["node"]] = attrs
    choices = {
        name: sorted(
            ((r["node"], r["name"] or local_name(r["node"])) for r in select(data, _CHOICES % path)),
            key=lambda c: c[1].casefold(),
        )
        for name, path in PATHS.items()
    }
    for iri, label in choices["topics"]:
        nodes.setdefault(iri, {"label": label, "type": "topic", "class": "topic"})
    years = [y for y in (_year_of(r["date"]) for r in select(data, _DATES)) if y]
    return NodeDirectory(nodes, memberships, (min(years), max(years)) if years else None, choices)
