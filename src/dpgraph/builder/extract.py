"""Documents + curated tables -> records: activities, partner lists, profiles.

Each record keeps the text as printed beside the cleaned value and the lines it came from;
every name that cannot be resolved is collected as an Unresolved with its document and line.

The path of one workplan cell, step 2 (meaning): previous, workplan.py gives the row's cells as
printed; here each is cleaned (textclean.py) and read: the Date cell by dates.parse_date, names
through the alias indexes of entities.py (Resolver), the Companies/associations cell first
against the phrases of graph/curated/participants.yaml (_participants) -> next,
mapping/activities.py turns each Activity into quads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dpgraph.builder.curated import Curated
from dpgraph.builder.dates import Interval, parse_date
from dpgraph.builder.entities import AliasIndex, Match, leftover
from dpgraph.builder.sources import Document, strip_heading
from dpgraph.builder.textclean import TextCleaner, fold, slugify
from dpgraph.builder.workplan import WorkplanRow, parse_workplans
from dpgraph.errors import InputError

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CANCELLED = re.compile(r"^\s*CANCELLED\s*")
_INTRODUCED = re.compile(r"\s*\(introduced to [^)]*\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Unresolved:
    document: Document
    line: int
    cell: str
    text: str

    def __str__(self) -> str:
        return f"{self.document.path.name}:{self.line}: {self.cell}: unresolved {self.text!r}"


@dataclass
class Participation:
    organisation: str
    printed: str
    line: int


@dataclass
class Specification:
    kind: str  # open-call | to-be-determined | tentative-list
    label: str
    printed: str
    candidates: list[str] = field(default_factory=list)


@dataclass
class Activity:
    row: WorkplanRow
    slug: str
    title: str
    description: str
    sectors: list[str]
    interval: Interval | None
    participants: list[Participation]
    specification: Specification | None
    mentions: list[str]
    instruments: list[str]
    places: list[str]
    topics: list[str]
    domains: list[tuple[str, str]]  # (slug, label)
    cancelled: bool
    contact_emails: list[str]
    duplicate_of: Activity | None = None
    same_as: list[Activity] = field(default_factory=list)


@dataclass
class ListedPartners:
    document: Document
    line: int
    means: str
    cohort: str | None
    organisations: list[str]


@dataclass
class Profile:
    organisation: str
    document: Document
    heading_line: int
    first_line: int
    last_line: int
    heading: str
    description: str


@dataclass
class Extraction:
    activities: list[Activity]
    lists: list[ListedPartners]
    profiles: list[Profile]
    unresolved: list[Unresolved]


class Resolver:
    """Alias indexes over the curated tables, built once per build."""

    def __init__(self, curated: Curated, cleaner: TextCleaner):
        self.curated = curated
        self.cleaner = cleaner
        self.organisations = AliasIndex(
            {
                k: [v["name"], k, *(v.get("aliases") or []), *(v.get("former_names") or [])]
                for k, v in curated.organisations.items()
            }
        )
        self.bodies = AliasIndex(
            {
                k: [v["name"], *(v.get("aliases") or []), *([v["acronym"]] if v.get("acronym") else [])]
                for k, v in curated.bodies.items()
            }
        )
        self.instruments = AliasIndex({k: list(v.get("patterns") or []) for k, v in curated.instruments.items()})
        self.cities = AliasIndex(
            {k: [v["name"], *(v.get("aliases") or [])] for k, v in curated.places.items() if v.get("kind", "city") == "city"}
        )
        self.topics = AliasIndex({k: [v["label"], *(v.get("printed") or [])] for k, v in curated.topics.items()})
        self.sector_cells = {fold(cell): ids for cell, ids in curated.sector_cells.items()}
        patterns = curated.participant_patterns
        self.cell_patterns = [(re.compile(p["pattern"], re.IGNORECASE), p) for p in patterns.get("patterns") or []]
        self.fillers = [str(f) for f in patterns.get("fillers") or []]


def _line_of(row: WorkplanRow, cell: str, fragment: str) -> int:
    """The line of the cell that prints `fragment` (continuation lines carry their own)."""
    c = row.cells.get(cell)
    if c:
        for part, line in zip(c.parts, c.lines, strict=True):
            if fold(fragment) in fold(part):
                return line
        if c.lines:
            return c.lines[0]
    return row.first_line


def _participants(
    row: WorkplanRow, resolver: Resolver, unresolved: list[Unresolved]
) -> tuple[list[Participation], Specification | None]:
    """The Companies/associations cell: an opening phrase of participants.yaml ("Open call",
    "TBD", "Tentative list: ...") gives its specification, the rest must be names
    (entities.AliasIndex) and the fillers participants.yaml lists."""
    printed = row.printed("participants")
    text = resolver.cleaner.clean(printed)
    if not text:
        return [], None
    spec_entry = None
    rest = text
    for pattern, entry in resolver.cell_patterns:
        match = pattern.match(text)
        if match:
            spec_entry = entry
            rest = text[match.end() :]
            break
    matches: list[Match] = resolver.organisations.find(rest)
    left = leftover(rest, matches, resolver.fillers)
    if left:
        unresolved.append(
            Unresolved(row.document, _line_of(row, "participants", left.split()[0]), "Companies/associations", left)
        )
    named = [m.id for m in matches]
    role = (spec_entry or {}).get("named", "participant")
    participants = (
        []
        if role == "candidate"
        else [Participation(m.id, m.printed, _line_of(row, "participants", m.printed)) for m in _dedupe(matches)]
    )
    specification = None
    if spec_entry and spec_entry.get("specification", "none") != "none":
        specification = Specification(
            spec_entry["specification"],
            spec_entry.get("label", ""),
            printed,
            list(dict.fromkeys(named)) if role == "candidate" else [],
        )
    return participants, specification


def _dedupe(matches: list[Match]) -> list[Match]:
    seen: set[str] = set()
    kept = []
    for match in matches:
        if match.id not in seen:
            seen.add(match.id)
            kept.append(match)
    return kept


def _sectors(row: WorkplanRow, resolver: Resolver, unresolved: list[Unresolved]) -> list[str]:
    cell = row.sector_text
    if not cell:
        return []
    ids = resolver.sector_cells.get(fold(cell))
    if ids is None:
        ids = resolver.sector_cells.get(fold(resolver.cleaner.clean(cell)))
    if ids is None:
        matches = resolver.bodies.find(resolver.cleaner.clean(cell))
        left = leftover(resolver.cleaner.clean(cell), matches, ["and", "/", "-", "–"])
        if left or not matches:
            unresolved.append(Unresolved(row.document, row.first_line, "Sector", cell))
        ids = [m.id for m in _dedupe(matches)]
    return list(ids)


def _domains(printed: str, cleaner: TextCleaner) -> list[tuple[str, str]]:
    text = cleaner.clean(printed)
    labels = [p.strip(" ()") for p in re.split(r"[;/,]", text)]
    return [(slugify(label), label[:1].upper() + label[1:]) for label in labels if label.strip(" ()")]


def _topics(row: WorkplanRow, resolver: Resolver, unresolved: list[Unresolved]) -> list[str]:
    printed = row.printed("topic")
    if not printed:
        return []
    topic = resolver.topics.exact(printed) or resolver.topics.exact(resolver.cleaner.clean(printed))
    if topic is None:
        unresolved.append(Unresolved(row.document, row.first_line, "Topic", printed))
        return []
    return [topic]


def _slug(row: WorkplanRow, title: str, interval: Interval | None) -> str:
    words = slugify(title or row.sector_text, max_words=8)
    date = interval.start.lexical if interval and interval.start else ""
    return "-".join(p for p in (f"{row.document.id}-s{row.section}", words, date) if p)


def extract_activities(documents: dict[str, Document], resolver: Resolver, unresolved: list[Unresolved]) -> list[Activity]:
    """One Activity per workplan row (workplan.parse_workplans), each cell read for what it means."""
    activities: list[Activity] = []
    slugs: dict[str, int] = {}
    for workplan in parse_workplans(documents):
        for row in workplan.rows:
            clean = resolver.cleaner.clean
            title = clean(row.printed("title"))
            raw_description = clean(row.printed("description"))
            cancelled = bool(_CANCELLED.match(raw_description))
            description = _CANCELLED.sub("", raw_description)
            interval = parse_date(clean(row.printed("date")))
            if row.printed("date") and interval is None:
                unresolved.append(
                    Unresolved(row.document, _line_of(row, "date", row.printed("date")), "Date", row.printed("date"))
                )
            participants, specification = _participants(row, resolver, unresolved)
            text = f"{title} {description}"
            participant_ids = {p.organisation for p in participants}
            mentions = [m.id for m in _dedupe(resolver.organisations.find(text)) if m.id not in participant_ids]
            places = [
                m.id
                for m in _dedupe(
                    resolver.cities.find(
                        f"{title} {clean(row.printed('date'))} {description} {clean(row.printed('participants'))}"
                    )
                )
            ]
            slug = _slug(row, title, interval)
            slugs[slug] = slugs.get(slug, 0) + 1
            if slugs[slug] > 1:
                slug = f"{slug}-{slugs[slug]}"
            activities.append(
                Activity(
                    row=row,
                    slug=slug,
                    title=title,
                    description=description,
                    sectors=_sectors(row, resolver, unresolved),
                    interval=interval,
                    participants=participants,
                    specification=specification,
                    mentions=mentions,
                    instruments=[m.id for m in _dedupe(resolver.instruments.find(text))],
                    places=places,
                    topics=_topics(row, resolver, unresolved),
                    domains=_domains(row.printed("domain"), resolver.cleaner) if row.printed("domain") else [],
                    cancelled=cancelled,
                    contact_emails=_EMAIL.findall(clean(row.printed("contact"))) if row.printed("contact") else [],
                )
            )
    _link_duplicates(activities, resolver.curated)
    return activities


def _activity_key(activity: Activity) -> tuple[str, str]:
    dates = activity.interval and (
        activity.interval.start and activity.interval.start.lexical,
        activity.interval.end and activity.interval.end.lexical,
    )
    return (re.sub(r"[^a-z0-9]+", "", fold(activity.title)), str(dates))


def _link_duplicates(activities: list[Activity], curated: Curated) -> None:
    prefer = [str(d) for d in curated.same_activity.get("prefer") or []]
    rank = {doc: i for i, doc in enumerate(prefer)}
    by_key: dict[tuple[str, str], list[Activity]] = {}
    for activity in activities:
        if activity.title:
            by_key.setdefault(_activity_key(activity), []).append(activity)
        elif activity.sectors:
            # An untitled row (a study described only by its Sector): same bodies, same kind.
            by_key.setdefault(("sectors:" + ",".join(sorted(activity.sectors)), activity.row.kind), []).append(activity)
    pairs: list[tuple[Activity, Activity]] = []
    for group in by_key.values():
        docs = {a.row.document.id for a in group}
        if len(group) < 2 or len(docs) < 2:
            continue  # the same title twice in one document is two activities (a plenary and its side event)
        group.sort(key=lambda a: (rank.get(a.row.document.id, len(rank)), a.row.first_line))
        pairs += [(group[0], other) for other in group[1:] if other.row.document.id != group[0].row.document.id]
    by_line = {f"{a.row.document.id}:{a.row.first_line}": a for a in activities}
    path = curated.path("same-activity.yaml")
    for link in curated.same_activity.get("links") or []:
        listings = link.get("listings") or []
        missing = [ref for ref in listings if ref not in by_line]
        if len(listings) != 2 or missing:
            raise InputError(
                f"a link needs two listings given as doc:line of a row's first line; unknown: {missing}",
                path,
                link.get("__line__"),
            )
        pairs.append((by_line[listings[0]], by_line[listings[1]]))
    for canonical, duplicate in pairs:
        duplicate.duplicate_of = canonical
        canonical.same_as.append(duplicate)
        duplicate.same_as.append(canonical)


def extract_lists(documents: dict[str, Document], resolver: Resolver, unresolved: list[Unresolved]) -> list[ListedPartners]:
    path = resolver.curated.path("partner-lists.yaml")
    lists = []
    for entry in resolver.curated.partner_lists:
        document = documents.get(str(entry["doc"]))
        if document is None:
            raise InputError(f"unknown document {entry['doc']!r}", path, entry.get("__line__"))
        line = document.line(int(entry["line"]))
        if not fold(line).startswith(fold(entry["prefix"])):
            raise InputError(
                f"line {entry['line']} of {document.file_name} does not start with {entry['prefix']!r}",
                path,
                entry.get("__line__"),
            )
        body = line.strip()[len(entry["prefix"]) :]
        if entry.get("suffix"):
            body = body.replace(entry["suffix"], "")
        body = re.sub(r"[¹²³]", "", body)
        matches = _dedupe(resolver.organisations.find(body))
        left = leftover(body, matches, ["and"])
        if left:
            unresolved.append(Unresolved(document, int(entry["line"]), "partner list", left))
        if entry.get("count") is not None and len(matches) != int(entry["count"]):
            raise InputError(
                f"the list on {document.file_name}:{entry['line']} resolves to {len(matches)} organisations, "
                f"the curated count is {entry['count']}",
                path,
                entry.get("__line__"),
            )
        lists.append(ListedPartners(document, int(entry["line"]), entry["means"], entry.get("cohort"), [m.id for m in matches]))
    return lists


def extract_profiles(documents: dict[str, Document], resolver: Resolver) -> list[Profile]:
    profiles: list[Profile] = []
    for spec in resolver.curated.profiles:
        document = documents[str(spec["doc"])]
        start = document.find_line(spec["heading"])
        end = document.section_end(start)
        current: Profile | None = None
        for number in range(start + 1, end + 1):
            line = document.line(number)
            if not line.strip():
                continue
            heading = strip_heading(line)
            organisation = resolver.organisations.exact(_INTRODUCED.sub("", heading)) if len(heading) < 80 else None
            if organisation:
                current = Profile(organisation, document, number, number + 1, number, heading, "")
                profiles.append(current)
            elif current is not None:
                current.description = f"{current.description} {line.strip()}".strip()
                current.last_line = number
    return profiles


def extract(documents: dict[str, Document], curated: Curated, cleaner: TextCleaner) -> Extraction:
    resolver = Resolver(curated, cleaner)
    unresolved: list[Unresolved] = []
    activities = extract_activities(documents, resolver, unresolved)
    lists = extract_lists(documents, resolver, unresolved)
    profiles = extract_profiles(documents, resolver)
    return Extraction(activities, lists, profiles, unresolved)
