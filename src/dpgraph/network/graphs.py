"""Networks of who works with whom, built from the graph by SPARQL (no second copy of the data).

Four undirected, weighted networks, each a networkx graph whose nodes are IRIs:

- co-participation: organisations; an edge when two took part in the same activity,
  weighted by the number of such activities, carrying their list;
- bipartite: organisations and activities, an edge for each participation;
- body: organisations and the bodies (the workplans' Sector cells) of their activities;
- topic: organisations and the topics of their activities, which an activity has by its own
  Topic cell or through a body of its Sector cell that works on the topic (dp:worksOnTopic);
  each edge counts the activities of either way (`by_cell`, `by_body`).

SPARQL selects the workplan listings that pass the filters and returns (activity,
organisation, body or topic) rows; Python only projects them into edges. A listing that
repeats another (`dp:duplicateOf`) stands for the activity it repeats, so an activity listed
in two documents counts once and its participants are the union of both listings'.

With no filter every organisation is a node, partners and others, even one that took part
in nothing; once a filter selects activities, the nodes are those the activities involve.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations

import networkx as nx
from pyoxigraph import NamedNode, Store

from dpgraph.errors import InputError
from dpgraph.network.metrics import annotate, summarise
from dpgraph.rdf.iris import local_path
from dpgraph.results import term_text
from dpgraph.store.files import query_union

KINDS = ("co-participation", "bipartite", "body", "topic")
KIND_LABELS = {
    "co-participation": "Co-participation of organisations",
    "bipartite": "Organisations and activities",
    "body": "Organisations and bodies",
    "topic": "Organisations and topics",
}
# The kind of network an ego view of a resource uses, by the first segment of its path.
KIND_BY_FOLDER = {"org": "co-participation", "body": "body", "topic": "topic", "activity": "bipartite"}
FIRST_YEAR, LAST_YEAR = 1900, 2100
# A year past any data, standing for the end of an open-ended interval ("2020-").
OPEN_END = 9999

_YEARS = f"""
  ?listing dp:date ?interval .
  ?interval dp:startDate ?start .
  OPTIONAL {{ ?interval dp:endDate ?end }}
  OPTIONAL {{ ?interval dp:openEnded ?openEnded }}
  BIND(xsd:integer(SUBSTR(STR(?start), 1, 4)) AS ?firstYear)
  BIND(IF(BOUND(?end), xsd:integer(SUBSTR(STR(?end), 1, 4)),
          IF(COALESCE(?openEnded, false), {OPEN_END}, ?firstYear)) AS ?lastYear)
"""
# A listing's topics: its own Topic cell, or the topics a body of its Sector cell works on.
_TOPICS = "(dp:topic|dp:sector/dp:worksOnTopic)"
# How each list filter reaches a listing: bodies include their sub-bodies, topics their narrower topics.
_PATHS = {
    "activity_kinds": "dp:activityKind",
    "bodies": "dp:sector/org:subOrganizationOf*",
    "topics": f"{_TOPICS}/skos:broader*",
    "documents": "dp:section/dcterms:isPartOf",
}
# The URL parameter of each list filter.
PARAMS = {"activity_kinds": "activity-kind", "bodies": "body", "topics": "topic", "documents": "document"}
_FOLDERS = {"activity_kinds": "activity-kind", "bodies": "body", "topics": "topic", "documents": "doc"}
# The other end of an organisation's edges in the two-mode networks; ?via says how a topic is reached.
_OTHER_SIDE = {
    "body": "OPTIONAL { ?listing dp:sector ?other }",
    "topic": """OPTIONAL { { ?listing dp:topic ?other BIND("cell" AS ?via) }
             UNION { ?listing dp:sector/dp:worksOnTopic ?other BIND("body" AS ?via) } }""",
}
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
_CHOICES = f"""SELECT ?node (SAMPLE(?label) AS ?name) WHERE {{
  ?listing a dp:Activity ; %s ?node .
  OPTIONAL {{ ?node skos:prefLabel|dcterms:title ?label {_EN} }}
}} GROUP BY ?node"""
_DATES = """SELECT ?date WHERE {
  { ?listing a dp:Activity ; dp:date ?interval . ?interval dp:startDate|dp:endDate ?date }
  UNION { ?membership dp:joinedOn ?date }
}"""


def resolve(value: str, base: str, folder: str) -> str:
    """An IRI from what a person types: the IRI, its path on the site (`/body/cahai` or `body/cahai`), or a slug (`cahai`)."""
    text = value.strip().strip("<>")
    if text.startswith(("http://", "https://")):
        iri = text
    elif "/" in text:
        iri = base + text.lstrip("/")
    else:
        iri = f"{base}{folder}/{text}"
    try:
        return NamedNode(iri).value
    except ValueError as exc:
        raise InputError(f"not an IRI or a {folder} name: {value[:80]!r}") from exc


@dataclass(frozen=True)
class Filters:
    """Which listings a network is built from; list filters accept any of their values, filters combine."""

    year_from: int | None = None
    year_to: int | None = None
    activity_kinds: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    partners_only: bool = False

    @classmethod
    def parse(
        cls,
        base: str,
        year_from: str | int | None = None,
        year_to: str | int | None = None,
        partners_only: bool = False,
        **lists: Iterable[str],
    ) -> Filters:
        unknown = set(lists) - set(_PATHS)
        if unknown:
            raise InputError(f"unknown filter {', '.join(sorted(unknown))}")
        first, last = _year(year_from, "from"), _year(year_to, "to")
        if first is not None and last is not None and first > last:
            raise InputError(f"the year range {first}-{last} is empty")
        resolved = {
            name: tuple(sorted({resolve(v, base, _FOLDERS[name]) for v in values if v and v.strip()}))
            for name, values in lists.items()
        }
        return cls(first, last, partners_only=partners_only, **resolved)

    @property
    def selects_activities(self) -> bool:
        return any((self.year_from, self.year_to, self.activity_kinds, self.bodies, self.topics, self.documents))

    def in_year(self, year: int) -> Filters:
        return replace(self, year_from=year, year_to=year)

    def patterns(self) -> str:
        """The SPARQL that keeps the listings passing every filter (IRIs validated, years integers)."""
        out = []
        if self.year_from is not None or self.year_to is not None:
            bounds = []
            if self.year_from is not None:
                bounds.append(f"?lastYear >= {int(self.year_from)}")
            if self.year_to is not None:
                bounds.append(f"?firstYear <= {int(self.year_to)}")
            out.append(_YEARS + f"  FILTER({' && '.join(bounds)})")
        for name, path in _PATHS.items():
            values = getattr(self, name)
            if values:
                variable = f"?{name.replace('_', '')}Filter"
                out.append(f"  VALUES {variable} {{ {' '.join(str(NamedNode(v)) for v in values)} }}")
                out.append(f"  ?listing {path} {variable} .")
        return "\n".join(out)


def _year(value: str | int | None, name: str) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise InputError(f"'{name}' must be a year between {FIRST_YEAR} and {LAST_YEAR}, got {text[:20]!r}")
    return int(text)


def rows_query(kind: str, filters: Filters) -> str:
    partner = " FILTER EXISTS { ?org dp:hasMembership ?membership }" if filters.partners_only else ""
    return f"""SELECT DISTINCT ?activity ?org ?other ?via WHERE {{
  ?listing a dp:Activity .
  OPTIONAL {{ ?listing dp:duplicateOf+ ?root FILTER NOT EXISTS {{ ?root dp:duplicateOf ?further }} }}
  BIND(COALESCE(?root, ?listing) AS ?activity)
{filters.patterns()}
  OPTIONAL {{ ?listing dp:participant ?org .{partner} }}
  {_OTHER_SIDE.get(kind, "")}
}}"""


def _select(store: Store, query: str) -> list[dict[str, str]]:
    result = query_union(store, query)
    names = [v.value for v in result.variables]
    return [{n: term_text(solution[n]) for n in names} for solution in result]


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _year_of(date: str) -> int | None:
    return int(date[:4]) if date[:4].isdigit() else None


@dataclass
class Catalogue:
    """What the nodes are (names, kinds, memberships) and what the filters can choose, read once per dataset."""

    nodes: dict[str, dict[str, object]]
    memberships: dict[str, tuple[int | None, int | None]]
    years: tuple[int, int] | None
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def describe(self, iri: str, base: str, role: str) -> dict[str, object]:
        known = self.nodes.get(iri)
        attrs = dict(known) if known else {"label": _local_name(iri), "type": role, "class": role}
        href = local_path(iri, base)
        if href:
            attrs["href"] = href
        return attrs

    def check(self, filters: Filters) -> None:
        """An InputError for a filter value no activity reaches: most likely a typing mistake."""
        for name in _PATHS:
            known = {iri for iri, _ in self.choices.get(name, [])}
            unknown = [iri for iri in getattr(filters, name) if iri not in known]
            if unknown:
                examples = ", ".join(sorted(_local_name(iri) for iri in known)[:12])
                raise InputError(f"no activity has {PARAMS[name]} {', '.join(unknown)} (known: {examples}, ...)")

    def organisations(self, partners_only: bool) -> set[str]:
        organisations = (iri for iri, attrs in self.nodes.items() if attrs["type"] == "organisation")
        return {iri for iri in organisations if self.nodes[iri]["partner"] or not partners_only}


def read_catalogue(store: Store) -> Catalogue:
    nodes: dict[str, dict[str, object]] = {}
    memberships: dict[str, tuple[int | None, int | None]] = {}
    for row in _select(store, _ORGANISATIONS):
        nodes.setdefault(
            row["node"],
            {"label": row["label"] or _local_name(row["node"]), "type": "organisation", "class": _local_name(row["class"])},
        )
        nodes[row["node"]]["partner"] = bool(row["membership"]) or bool(nodes[row["node"]].get("partner"))
        if row["membership"]:
            memberships[row["node"]] = (_year_of(row["joined"]), _year_of(row["left"]))
    for row in _select(store, _BODIES):
        attrs = {"label": row["label"] or _local_name(row["node"]), "type": "body", "class": _local_name(row["class"])}
        if row["short"]:
            attrs["short"] = row["short"]
        nodes.setdefault(row["node"], attrs)
    for row in _select(store, _ACTIVITIES):
        year = _year_of(row["start"])
        label = row["label"] or _local_name(row["node"])
        kind = _local_name(row["kind"]) or "activity"
        attrs = {"label": f"{label} ({year})" if year else label, "type": "activity", "class": kind}
        if year:
            attrs["year"] = year
        nodes[row["node"]] = attrs
    choices = {
        name: sorted(
            ((r["node"], r["name"] or _local_name(r["node"])) for r in _select(store, _CHOICES % path)),
            key=lambda c: c[1].casefold(),
        )
        for name, path in _PATHS.items()
    }
    for iri, label in choices["topics"]:
        nodes.setdefault(iri, {"label": label, "type": "topic", "class": "topic"})
    years = [y for y in (_year_of(r["date"]) for r in _select(store, _DATES)) if y]
    return Catalogue(nodes, memberships, (min(years), max(years)) if years else None, choices)


def build_network(store: Store, base: str, kind: str, filters: Filters, catalogue: Catalogue) -> nx.Graph:
    """The network of `kind` over the listings passing `filters` (no metrics yet)."""
    if kind not in KINDS:
        raise InputError(f"unknown network kind {kind!r} (known: {', '.join(KINDS)})")
    catalogue.check(filters)
    participants: dict[str, set[str]] = defaultdict(set)
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_cell: dict[tuple[str, str], set[str]] = defaultdict(set)  # topic edges: activities whose own cell names the topic
    activities: set[str] = set()
    others: set[str] = set()
    for row in _select(store, rows_query(kind, filters)):
        activity, org, other = row["activity"], row["org"], row["other"]
        activities.add(activity)
        if org:
            participants[activity].add(org)
        if other:
            others.add(other)
            if org:
                links[(org, other)].add(activity)
                if row["via"] == "cell":
                    by_cell[(org, other)].add(activity)
    if kind == "co-participation":
        for activity, members in participants.items():
            for pair in combinations(sorted(members), 2):
                links[pair].add(activity)
    elif kind == "bipartite":
        others = activities
        for activity, members in participants.items():
            for org in members:
                links[(org, activity)].add(activity)
    organisations = {org for members in participants.values() for org in members}
    if not filters.selects_activities:
        organisations |= catalogue.organisations(filters.partners_only)
    graph = nx.Graph(kind=kind)
    for node in sorted(organisations):
        graph.add_node(node, **catalogue.describe(node, base, "organisation"))
    for node in sorted(others - organisations):
        graph.add_node(node, **catalogue.describe(node, base, "activity" if kind == "bipartite" else kind))
    for (a, b), shared in sorted(links.items()):
        attrs: dict[str, object] = {"weight": len(shared), "activities": sorted(shared)}
        if kind == "topic":
            # An activity on the topic by its own cell counts there, even if its body works on the topic too.
            attrs.update(by_cell=len(by_cell[(a, b)]), by_body=len(shared - by_cell[(a, b)]))
        graph.add_edge(a, b, **attrs)
    return graph


def describe(kind: str, filters: Filters, catalogue: Catalogue, focus: str | None = None, radius: int = 1) -> str:
    """A one-line title: the kind of network and every filter, resources by name."""

    def name(iri: str) -> str:
        return str(catalogue.nodes.get(iri, {}).get("label") or _local_name(iri))

    labels = {iri: label for options in catalogue.choices.values() for iri, label in options}
    parts = [KIND_LABELS[kind]]
    if filters.year_from is not None or filters.year_to is not None:
        first, last = filters.year_from, filters.year_to
        parts.append(str(first) if first == last else f"{first or '…'}–{last or '…'}")
    for attribute, what in (("activity_kinds", "kind"), ("bodies", "body"), ("topics", "topic"), ("documents", "document")):
        chosen = getattr(filters, attribute)
        if chosen:
            parts.append(f"{what}: {', '.join(labels.get(i) or name(i) for i in chosen)}")
    if filters.partners_only:
        parts.append("partners only")
    if focus:
        parts.append(f"around {name(focus)} (radius {radius})")
    return " · ".join(parts)


def ego(graph: nx.Graph, focus: str, radius: int) -> nx.Graph:
    """The nodes within `radius` steps of `focus`, with the edges among them (a copy).

    Node metrics stay those of the whole network, so a node's centrality does not depend
    on the view; the network's figures (size, density, ties) describe the view.
    """
    if focus not in graph:
        kind = graph.graph.get("kind", "")
        raise InputError(f"{focus} is not a node of this {kind} network (try another kind or fewer filters)")
    if radius < 1:
        raise InputError("the radius must be at least 1")
    view = nx.ego_graph(graph, focus, radius=radius).copy()
    view.graph.update(focus=focus, radius=radius)
    return summarise(view)


class NetworkCache:
    """Networks with their metrics, computed once per dataset state and filter set.

    The dataset's state is the store and its size, so a store that gains or loses quads
    starts afresh; the few most recent networks are kept.
    """

    def __init__(self, size: int = 64):
        self.size = size
        self._lock = threading.Lock()
        self._version: tuple[int, int] | None = None
        self._entries: OrderedDict[tuple, object] = OrderedDict()

    def get(self, store: Store, key: tuple, compute):
        """The value cached under `key` for this state of `store`, computed once."""
        version = (id(store), len(store))
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def catalogue(self, store: Store) -> Catalogue:
        return self.get(store, ("catalogue",), lambda: read_catalogue(store))

    def network(self, store: Store, base: str, kind: str, filters: Filters) -> nx.Graph:
        """The annotated network; callers copy it before changing it."""

        def compute() -> nx.Graph:
            return annotate(build_network(store, base, kind, filters, self.catalogue(store)))

        return self.get(store, ("network", base, kind, filters), compute)
