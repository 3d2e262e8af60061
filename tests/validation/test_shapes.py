"""The shapes of shapes/<area>/ against their fixtures, in the manner of ternaustralia/dawe-rlp-spec:
valid.* must conform with no result at all, and each node of invalid.* named
`urn:test:<area>:invalid:<defect>` must give exactly the result listed here, and nothing else may.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from pyoxigraph import RdfFormat, parse
from rdflib.namespace import RDF, SH

from dpgraph.config import Settings
from dpgraph.validation.shapes import load_shapes
from dpgraph.validation.validate import validate_files

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "shapes"
SUPPORT = SHAPES / "support.ttl"
BASE = "https://w3id.org/coe-digital-partnership/"
DPS = "https://w3id.org/coe-digital-partnership/shapes#"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"

V, W, INFO = "Violation", "Warning", "Info"
# area -> defect (the end of the invalid node's IRI) -> (shape, severity)
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    "activity": {
        "no-source": ("ActivitySource", V),
        "kind-outside-the-scheme": ("ActivityKind", V),
        "two-kinds": ("ActivityOneKind", V),
        "label-not-in-english": ("ActivityLabel", V),
        "two-titles": ("ActivityTitle", V),
        "no-section": ("ActivitySection", V),
        "two-row-numbers": ("ActivityRow", V),
        "no-sector": ("ActivitySector", V),
        "body-as-participant": ("ActivityParticipant", V),
        "association-not-an-association": ("ActivityAssociation", V),
        "mentions-an-instrument": ("ActivityMentions", V),
        "date-not-an-interval": ("ActivityDate", V),
        "date-not-read": ("ActivityDateNotRead", W),
        "topic-not-a-topic": ("ActivityTopic", V),
        "domain-not-a-domain": ("ActivityDomain", V),
        "unknown-status": ("ActivityStatus", V),
        "location-not-a-place": ("ActivityLocation", V),
        "same-as-an-organisation": ("ActivitySameAs", V),
        "one-way-same-activity": ("SameActivitySymmetric", V),
        "duplicate-of-an-organisation": ("DuplicateOf", V),
        "duplicate-of-a-duplicate": ("DuplicateOfCanonical", V),
        "printed-cell-with-language": ("PrintedCell", V),
        "specification-not-a-specification": ("ParticipantSpecification", V),
        "candidate-not-an-organisation": ("SpecificationCandidate", V),
        "to-be-determined-with-candidates": ("ToBeDeterminedNamesNobody", V),
        "tentative-list-without-candidates": ("TentativeListCandidates", W),
    },
    "body": {
        "part-of-a-company": ("BodyParent", V),
        "division-without-parent": ("SecretariatParent", V),
        "part-of-itself": ("BodyHierarchyCycle", V),
        "two-acronyms": ("BodyAcronym", V),
        "topic-not-a-topic": ("BodyTopic", V),
    },
    "document": {
        "line-count-in-words": ("IntegerValue", V),
        "section-number-zero": ("IntegerValue", V),
        "no-title": ("DocumentTitle", V),
        "two-file-names": ("DocumentFile", V),
        "digest-in-capitals": ("DocumentDigest", V),
        "no-line-count": ("DocumentLineCount", V),
        "two-dates": ("DocumentIssued", V),
        "section-of-a-company": ("SectionDocument", V),
        "section-without-number": ("SectionNumber", V),
    },
    "event": {
        "label-in-french": ("EventLabel", V),
        "no-date": ("EventDate", V),
        "unknown-type": ("EventType", V),
        "involves-an-instrument": ("EventInvolves", V),
    },
    "instrument": {
        "no-kind": ("InstrumentKind", V),
        "binding-unknown": ("InstrumentBinding", V),
        "non-binding-convention": ("TreatyBinding", V),
        "binding-recommendation": ("RecommendationNotBinding", V),
        "two-dates-of-adoption": ("InstrumentAdoptedOn", V),
        "adopted-by-a-company": ("InstrumentAdoptedBy", V),
        "protocol-to-nothing": ("ProtocolSupplements", V),
        "declaration-supplementing": ("SupplementsFromProtocol", V),
        "event-about-a-company": ("InstrumentReference", V),
        "two-references": ("InstrumentNotation", V),
    },
    "interval": {
        "date-as-text": ("DateValue", V),
        "no-start": ("IntervalStart", V),
        "two-ends": ("IntervalEnd", V),
        "ends-before-it-starts": ("IntervalStartAfterEnd", V),
        "open-ended-with-end": ("IntervalOpenEndedWithEnd", V),
        "flag-as-text": ("IntervalFlag", V),
    },
    "labels": {
        "no-english-name": ("EnglishName", V),
        "two-english-names": ("NameLanguages", V),
        "untagged-name": ("NameLanguages", V),
        "place-without-french-name": ("FrenchName", V),
        "topic-without-french-name": ("ConceptFrenchName", V),
        "body-without-french-name": ("FrenchNameToAdd", INFO),
    },
    "membership": {
        "no-member": ("MembershipMember", V),
        "not-the-partnership": ("MembershipPartnership", V),
        "unknown-cohort": ("MembershipCohort", V),
        "no-status": ("MembershipStatus", V),
        "two-dates-of-joining": ("MembershipJoinedOn", V),
        "two-dates-of-termination": ("MembershipTerminatedOn", V),
        "reason-in-english": ("TerminationReason", V),
        "two-announced-dates": ("MembershipAnnouncedOn", V),
        "introduced-to-a-company": ("MembershipIntroduction", V),
        "letters-are-a-meeting": ("MembershipLetters", V),
        "joined-another-day": ("JoinedOnLetters", V),
        "ends-before-it-starts": ("MembershipEndsBeforeStart", V),
        "terminated-without-date": ("TerminatedWithoutDate", V),
        "active-with-termination-date": ("TerminationDateWithoutStatus", V),
        "active-without-date-of-joining": ("MembershipWithoutJoiningDate", W),
        "took-part-before-joining": ("ParticipationBeforeJoining", W),
        "took-part-after-termination": ("ParticipationAfterTermination", V),
        "partner-without-membership": ("PartnerWithoutMembership", V),
    },
    "organisation": {
        "no-kind": ("OrganisationKind", V),
        "two-kinds": ("OrganisationKind", V),
        "also-a-body": ("DisjointKinds", V),
        "headquarters-not-a-place": ("OrganisationHeadquarters", V),
        "membership-not-a-membership": ("OrganisationMembership", V),
        "duplicate-name-a": ("OrganisationDuplicateName", V),
        "duplicate-name-b": ("OrganisationDuplicateName", V),
        "name-is-an-alias": ("OrganisationDuplicateName", V),
    },
    "personal-data": {
        "published-email": ("ContactOutsideRestricted", V),
        "email-in-a-description": ("EmailInPublicText", W),
        "contact-not-a-contact": ("ActivityContact", V),
        "contact-without-printed-cell": ("ContactPrinted", V),
        "email-as-text": ("ContactEmail", V),
    },
    "place": {
        "country-in-words": ("CountryCode", V),
        "in-a-company": ("PlaceContainedIn", V),
    },
    "provenance": {
        "derived-from-a-document": ("DerivedFromExcerpt", V),
        "no-source": ("RecordSource", W),
        "excerpt-of-nothing": ("ExcerptDocument", V),
        "no-first-line": ("ExcerptStartLine", V),
        "two-last-lines": ("ExcerptEndLine", V),
        "lines-reversed": ("ExcerptLineOrder", V),
        "beyond-the-document": ("ExcerptBeyondDocument", V),
        "association-without-agent": ("AssociationAgent", V),
        "association-without-printed-name": ("AssociationName", V),
        "association-of-a-non-participant": ("AssociationParticipant", V),
    },
    "topic": {
        "no-scheme": ("ConceptInScheme", V),
        "broader-not-a-concept": ("ConceptBroader", V),
        "broader-than-itself": ("ConceptCycle", V),
    },
}
AREAS = sorted(path.parent.name for path in SHAPES.glob("*/shapes.ttl"))


def fixture(area: str, kind: str) -> Path:
    (path,) = (SHAPES / area).glob(f"{kind}.*")
    return path


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes(SHAPES)


def named_shapes(shapes: rdflib.Graph) -> set[str]:
    kinds = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    return {str(s)[len(DPS) :] for s in kinds if str(s).startswith(DPS)}


def test_every_area_has_fixtures() -> None:
    assert sorted(EXPECTED) == AREAS


def test_support_data_conforms_without_any_result(settings: Settings) -> None:
    assert validate_files([SUPPORT], settings).results == []


@pytest.mark.parametrize("area", AREAS)
def test_valid_fixture_gives_no_result(area: str, settings: Settings) -> None:
    report = validate_files([SUPPORT, fixture(area, "valid")], settings)
    assert [(r.focus, r.shape_name, r.message) for r in report.results] == []


@pytest.mark.parametrize("area", AREAS)
def test_each_invalid_node_gives_exactly_its_result(area: str, settings: Settings) -> None:
    report = validate_files([SUPPORT, fixture(area, "invalid")], settings)
    found: dict[str, set[tuple[str, str]]] = {}
    for result in report.results:
        found.setdefault(result.focus, set()).add((result.shape.removeprefix(DPS), result.severity))
    expected = {f"urn:test:{area}:invalid:{defect}": {outcome} for defect, outcome in EXPECTED[area].items()}
    assert found == expected


@pytest.mark.parametrize("area", AREAS)
def test_each_invalid_node_names_its_defect(area: str) -> None:
    path = fixture(area, "invalid")
    fmt = RdfFormat.TRIG if path.suffix == ".trig" else RdfFormat.TURTLE
    comments = {q.subject.value: q.object.value for q in parse(path=str(path), format=fmt) if q.predicate.value == COMMENT}
    prefix = f"urn:test:{area}:invalid:"
    invalid = {node.removeprefix(prefix) for node in comments if node.startswith(prefix)}
    assert invalid == set(EXPECTED[area])
    assert all(comments[prefix + defect].startswith("Invalid") for defect in invalid)


def test_every_shape_has_a_failing_fixture(shapes: rdflib.Graph) -> None:
    failing = {shape for outcomes in EXPECTED.values() for shape, _ in outcomes.values()}
    assert named_shapes(shapes) == failing


def test_every_shape_has_a_severity_names_and_messages_in_english_and_french(shapes: rdflib.Graph) -> None:
    def languages(node: rdflib.term.Node, predicate: rdflib.URIRef) -> set[str | None]:
        return {getattr(o, "language", None) for o in shapes.objects(node, predicate)}

    for name in named_shapes(shapes):
        shape = rdflib.URIRef(DPS + name)
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), name
        assert languages(shape, SH.name) == {"en", "fr"}, name
        carriers = [shape, *shapes.objects(shape, SH.sparql)]
        assert any(languages(c, SH.message) == {"en", "fr"} for c in carriers), name


def test_shapes_are_valid_shacl(shapes: rdflib.Graph) -> None:
    """The shapes graph conforms to the SHACL-SHACL shapes of the specification."""
    import pyshacl
    from pyoxigraph import Store

    conforms, _, text = pyshacl.validate(Store(), shacl_graph=shapes, meta_shacl=True, advanced=True, inplace=True)
    assert conforms, text


def test_every_class_that_carries_data_is_a_shape_target(shapes: rdflib.Graph, query) -> None:
    """Each class with instances in the built data has a node shape, on itself or on a superclass
    (the graphs derived from the data, network metrics and inferences, are not validated)."""
    targets = " ".join(f"<{t}>" for t in set(shapes.objects(None, SH.targetClass)))
    derived = ", ".join(f"<{BASE}graph/{name}>" for name in ("ontology", "network", "inferred"))
    uncovered = query(f"""SELECT DISTINCT ?class WHERE {{
      GRAPH ?g {{ ?node a ?class }} FILTER(?g NOT IN ({derived}))
      FILTER NOT EXISTS {{ VALUES ?target {{ {targets} }} ?class rdfs:subClassOf* ?target }}
    }}""")
    assert [row["class"] for row in uncovered] == []
