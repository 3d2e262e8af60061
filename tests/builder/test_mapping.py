"""Records -> quads on a fixture small enough to read: every quad the mapping makes, graph by graph.

The records are built by hand (no extraction), so a change to the mapping shows here as the
exact quads gained or lost, provenance (the excerpts each fact is derived from) included.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse

from dpgraph.builder.curated import Curated
from dpgraph.builder.dates import Interval, Point
from dpgraph.builder.extract import Activity, Extraction, ListedPartners, Participation, Profile
from dpgraph.builder.mapping import map_all
from dpgraph.builder.sources import Document
from dpgraph.builder.workplan import WorkplanCell, WorkplanRow
from dpgraph.rdf.terms import PREFIXES, Minter, QuadSink

BASE = "http://example.org/"
LINES = (
    "# Digital partnership",
    "5. Workplan",
    "Sector\tActivity\tDate\tCompanies/associations\tContact point",
    "Data protection\tOctopus conference\t18-20/11/2019\tAcme\tjane@example.org",
    "Partners: Acme",
    "Acme",
    "Acme makes things.",
)
DOCUMENT = Document(
    id="001",
    path=Path("/fixture/001.txt"),
    title="Workplan 2019",
    date="2019-05-01",
    publisher="Council of Europe",
    lines=LINES,
    sha256="ab" * 32,
    byte_size=180,
    meta={"id": "001", "workplans": [{"section": 5, "heading": "5. Workplan", "title": "Workplan"}]},
)


def _cite(line: int, quote: str) -> list[dict[str, object]]:
    return [{"doc": "001", "line": line, "quote": quote}]


CURATED = Curated(
    folder=Path("/fixture/curated"),
    organisations={"acme": {"id": "acme", "name": "Acme Corp", "kind": "company", "aliases": ["Acme"], "cite": _cite(5, "Acme")}},
    bodies={"t-pd": {"id": "t-pd", "name": "Data Protection Committee", "kind": "committee", "acronym": "T-PD"}},
    sector_cells={},
    instruments={
        "convention-108": {
            "id": "convention-108",
            "name": "Convention 108",
            "kind": "convention",
            "binding": True,
            "adopted": "1981-01-28",
            "bodies": ["t-pd"],
        }
    },
    topics={"data-protection": {"id": "data-protection", "label": "Data protection", "label_fr": "Protection des données"}},
    schemes={"topics": {"id": "topics", "label": "Topics", "label_fr": "Thèmes"}},
    places={},
    events={
        "letters-acme": {
            "id": "letters-acme",
            "type": "exchange-of-letters",
            "date": "2019-06-01",
            "label": "Letters with Acme",
            "organisations": ["acme"],
            "cite": _cite(1, "Digital partnership"),
        }
    },
    partner_lists=[],
    profiles=[],
    participant_patterns={},
    same_activity={},
)


def _cell(text: str) -> WorkplanCell:
    return WorkplanCell([text], [4])


ROW = WorkplanRow(
    document=DOCUMENT,
    section="5",
    section_title="Workplan",
    kind="conference",
    number=1,
    first_line=4,
    last_line=4,
    cells={
        "sector": _cell("Data protection"),
        "title": _cell("Octopus conference"),
        "date": _cell("18-20/11/2019"),
        "participants": _cell("Acme"),
        "contact": _cell("jane@example.org"),
    },
)
ACTIVITY = Activity(
    row=ROW,
    slug="001-s5-octopus",
    title="Octopus conference",
    description="",
    sectors=["t-pd"],
    interval=Interval("18-20/11/2019", Point(2019, 11, 18), Point(2019, 11, 20)),
    participants=[Participation("acme", "Acme", 4)],
    specification=None,
    mentions=[],
    instruments=["convention-108"],
    places=[],
    topics=["data-protection"],
    domains=[],
    cancelled=False,
    contact_emails=["Jane@example.org"],
)
EXTRACTION = Extraction(
    activities=[ACTIVITY],
    lists=[ListedPartners(DOCUMENT, 5, "current", "founding", ["acme"])],
    profiles=[Profile("acme", DOCUMENT, 6, 7, 7, "Acme", "Acme makes things.")],
    unresolved=[],
)

_HEAD = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items())
_HEAD += "@prefix ex: <http://example.org/> .\n@prefix v: <https://w3id.org/coe-digital-partnership/> .\n"

# What document 001 says: the document, its section, the activity row, the profile and the
# membership its partner list records, each derived from excerpts naming their lines.
DOCUMENT_GRAPH = """
ex:graph\\/doc-001 {
    ex:doc\\/001 a dp:SourceDocument ;
        dcterms:title "Workplan 2019"@en ; rdfs:label "Workplan 2019"@en ; dcterms:issued "2019-05-01"^^xsd:date ;
        dcterms:publisher "Council of Europe" ; dcterms:identifier "001.txt" ; dcterms:language "en" ;
        dcterms:format "text/plain" ; dp:sha256 "abababababababababababababababababababababababababababababababab" ;
        dp:lineCount "7"^^xsd:nonNegativeInteger ; dcat:byteSize "180"^^xsd:nonNegativeInteger .
    ex:graph\\/doc-001 prov:wasDerivedFrom ex:doc\\/001 ;
        rdfs:label "What document 001 says"@en, "Ce que dit le document 001"@fr .

    ex:doc\\/001\\#L1-L1 a dp:Excerpt ; dcterms:isPartOf ex:doc\\/001 ;
        dp:startLine "1"^^xsd:positiveInteger ; dp:endLine "1"^^xsd:positiveInteger .
    ex:doc\\/001\\#L2-L2 a dp:Excerpt ; dcterms:isPartOf ex:doc\\/001 ;
        dp:startLine "2"^^xsd:positiveInteger ; dp:endLine "2"^^xsd:positiveInteger .
    ex:doc\\/001\\#L4-L4 a dp:Excerpt ; dcterms:isPartOf ex:doc\\/001 ;
        dp:startLine "4"^^xsd:positiveInteger ; dp:endLine "4"^^xsd:positiveInteger .
    ex:doc\\/001\\#L5-L5 a dp:Excerpt ; dcterms:isPartOf ex:doc\\/001 ;
        dp:startLine "5"^^xsd:positiveInteger ; dp:endLine "5"^^xsd:positiveInteger .
    ex:doc\\/001\\#L6-L7 a dp:Excerpt ; dcterms:isPartOf ex:doc\\/001 ;
        dp:startLine "6"^^xsd:positiveInteger ; dp:endLine "7"^^xsd:positiveInteger .

    ex:doc\\/001\\/section\\/5 a dp:DocumentSection ; dcterms:isPartOf ex:doc\\/001 ;
        dp:sectionNumber "5"^^xsd:positiveInteger ; dcterms:title "Workplan"@en ; rdfs:label "001 §5 Workplan"@en ;
        prov:wasDerivedFrom ex:doc\\/001\\#L2-L2 .

    ex:activity\\/001-s5-octopus a dp:Activity ;
        rdfs:label "Octopus conference"@en ; dcterms:title "Octopus conference"@en ;
        dp:activityKind v:activity-kind\\/conference ; dp:section ex:doc\\/001\\/section\\/5 ;
        dp:rowNumber "1"^^xsd:positiveInteger ; prov:wasDerivedFrom ex:doc\\/001\\#L4-L4 ;
        dp:sectorAsPrinted "Data protection" ; dp:titleAsPrinted "Octopus conference" ;
        dp:dateAsPrinted "18-20/11/2019" ; dp:participantsAsPrinted "Acme" ;
        dp:sector ex:body\\/t-pd ; dp:topic ex:topic\\/data-protection ;
        dp:date ex:activity\\/001-s5-octopus\\#date ;
        dp:participant ex:org\\/acme ; prov:qualifiedAssociation ex:activity\\/001-s5-octopus\\#participant-acme ;
        dp:concernsInstrument ex:instrument\\/convention-108 .
    ex:activity\\/001-s5-octopus\\#date a dp:DateInterval ; dp:dateAsPrinted "18-20/11/2019" ;
        dp:startDate "2019-11-18"^^xsd:date ; dp:endDate "2019-11-20"^^xsd:date ;
        dp:approximate false ; dp:uncertain false .
    ex:activity\\/001-s5-octopus\\#participant-acme a prov:Association ; prov:agent ex:org\\/acme ;
        dp:nameAsPrinted "Acme" ; prov:wasDerivedFrom ex:doc\\/001\\#L4-L4 .

    ex:org\\/acme dcterms:description "Acme makes things."@en ; prov:wasDerivedFrom ex:doc\\/001\\#L6-L7 ;
        dp:hasMembership ex:membership\\/acme .
    ex:membership\\/acme a dp:PartnershipMembership ;
        rdfs:label "Membership of Acme Corp in the Digital Partnership"@en ;
        org:member ex:org\\/acme ; org:organization ex:partnership ; dp:cohort v:cohort\\/founding ;
        dp:membershipStatus v:membership-status\\/active ;
        dp:lettersExchanged ex:event\\/letters-acme ; dp:joinedOn "2019-06-01"^^xsd:date ;
        prov:wasDerivedFrom ex:doc\\/001\\#L5-L5, ex:doc\\/001\\#L1-L1 ;
        org:memberDuring ex:membership\\/acme\\#during .
    ex:membership\\/acme\\#during a dp:DateInterval ; dp:startDate "2019-06-01"^^xsd:date .
}
"""

# What the curated tables say, each entry derived from the excerpt its citation names.
CURATED_GRAPH = """
ex:graph\\/curated {
    ex:graph\\/curated rdfs:label "What the curated tables say"@en, "Ce que disent les tables établies à la main"@fr .
    ex:partnership a dp:Partnership ; rdfs:label "Council of Europe Digital Partnership"@en ;
        skos:prefLabel "Council of Europe Digital Partnership"@en, "Partenariat numérique du Conseil de l'Europe"@fr .
    ex:org\\/acme a dp:Company ; skos:prefLabel "Acme Corp"@en ; rdfs:label "Acme Corp"@en ; skos:altLabel "Acme" ;
        prov:wasDerivedFrom ex:doc\\/001\\#L5-L5 .
    ex:body\\/t-pd a dp:Committee ; dp:acronym "T-PD" ;
        skos:prefLabel "Data Protection Committee"@en ; rdfs:label "Data Protection Committee"@en ;
        dp:concernsInstrument ex:instrument\\/convention-108 .
    ex:instrument\\/convention-108 a dp:Convention ; skos:prefLabel "Convention 108"@en ; rdfs:label "Convention 108"@en ;
        dp:binding true ; dp:adoptedOn "1981-01-28"^^xsd:date .
    v:scheme\\/topics a skos:ConceptScheme ; skos:prefLabel "Topics"@en, "Thèmes"@fr ; rdfs:label "Topics"@en, "Thèmes"@fr ;
        skos:hasTopConcept ex:topic\\/data-protection .
    ex:topic\\/data-protection a skos:Concept ; skos:inScheme v:scheme\\/topics ; skos:topConceptOf v:scheme\\/topics ;
        skos:prefLabel "Data protection"@en, "Protection des données"@fr ;
        rdfs:label "Data protection"@en, "Protection des données"@fr .
    ex:event\\/letters-acme a dp:PartnershipEvent ; rdfs:label "Letters with Acme"@en ; dcterms:date "2019-06-01"^^xsd:date ;
        dp:eventType v:event-type\\/exchange-of-letters ; dp:involves ex:org\\/acme ;
        prov:wasDerivedFrom ex:doc\\/001\\#L1-L1 .
}
"""

# Personal data: the contact point of the activity, its address lower-cased as a mailto IRI.
RESTRICTED_GRAPH = """
ex:graph\\/restricted {
    ex:graph\\/restricted rdfs:label "Personal data (restricted)"@en, "Données personnelles (accès restreint)"@fr .
    ex:activity\\/001-s5-octopus dp:contactPoint ex:activity\\/001-s5-octopus\\#contact .
    ex:activity\\/001-s5-octopus\\#contact a vcard:Kind ; dp:contactPointAsPrinted "jane@example.org" ;
        vcard:hasEmail <mailto:jane@example.org> ; prov:wasDerivedFrom ex:doc\\/001\\#L4-L4 .
}
"""


def fixture_sink() -> QuadSink:
    return map_all(Minter(BASE), {"001": DOCUMENT}, CURATED, EXTRACTION)


def _graph(trig: str) -> set[Quad]:
    return set(parse(_HEAD + trig, format=RdfFormat.TRIG))


def _made_in(graph: str) -> set[Quad]:
    return {q for q in fixture_sink().quads if q.graph_name.value == f"{BASE}graph/{graph}"}


def test_document_graph_holds_the_document_its_rows_and_their_excerpts():
    assert _made_in("doc-001") == _graph(DOCUMENT_GRAPH)


def test_curated_graph_holds_the_tables_with_their_citations():
    assert _made_in("curated") == _graph(CURATED_GRAPH)


def test_restricted_graph_holds_the_contact_point_alone():
    assert _made_in("restricted") == _graph(RESTRICTED_GRAPH)


def test_no_quad_outside_the_three_graphs():
    graphs = {q.graph_name.value for q in fixture_sink().quads}
    assert graphs == {f"{BASE}graph/{name}" for name in ("doc-001", "curated", "restricted")}


def test_a_terminated_member_that_left_the_latest_list_ends_its_membership():
    events = {
        **CURATED.events,
        "end-acme": {
            "id": "end-acme",
            "type": "termination",
            "date": "2021-02-01",
            "label": "Acme leaves",
            "organisations": ["acme"],
            "reason": "  no longer\n  interested ",
            "cite": _cite(5, "Acme"),
        },
    }
    curated = Curated(**{**CURATED.__dict__, "events": events})
    sink = map_all(Minter(BASE), {"001": DOCUMENT}, curated, EXTRACTION)
    membership = [q for q in sink.quads if q.subject.value == f"{BASE}membership/acme"]
    about = {(q.predicate.value.rsplit("#", 1)[-1], q.object.value) for q in membership}
    assert ("membershipStatus", "https://w3id.org/coe-digital-partnership/membership-status/terminated") in about
    assert ("terminatedOn", "2021-02-01") in about
    assert ("terminationReason", "no longer interested") in about
    during = {(q.predicate.value, q.object.value) for q in sink.quads if q.subject.value == f"{BASE}membership/acme#during"}
    assert (PREFIXES["dp"] + "endDate", "2021-02-01") in during
