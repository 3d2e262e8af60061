"""Which workplan listings a network is built from: the filters, as values checked once and as SPARQL.

Resources are given as a person types them (an IRI, a path on the site, a name) and resolved
to IRIs here; years are whole numbers in a sane range. A listing passes when it meets every
filter, and a list filter when the listing has any of its values: bodies count with their
sub-bodies, topics with their narrower topics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from pyoxigraph import NamedNode

from dpgraph.errors import InputError

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
TOPICS = "(dp:topic|dp:sector/dp:worksOnTopic)"
# How each list filter reaches a listing: bodies include their sub-bodies, topics their narrower topics.
PATHS = {
    "activity_kinds": "dp:activityKind",
    "bodies": "dp:sector/org:subOrganizationOf*",
    "topics": f"{TOPICS}/skos:broader*",
    "documents": "dp:section/dcterms:isPartOf",
}
# The URL parameter of each list filter.
PARAMS = {"activity_kinds": "activity-kind", "bodies": "body", "topics": "topic", "documents": "document"}
# The folder of a list filter's resources on the site, for values given by name.
_FOLDERS = {"activity_kinds": "activity-kind", "bodies": "body", "topics": "topic", "documents": "doc"}


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
        unknown = set(lists) - set(PATHS)
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
        for name, path in PATHS.items():
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
