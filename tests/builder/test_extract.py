"""Names, participants, sectors and duplicates of the real documents."""

import pytest

from dpgraph.builder.curated import load_curated
from dpgraph.builder.extract import extract
from dpgraph.builder.sources import load_documents
from dpgraph.builder.textclean import TextCleaner


@pytest.fixture(scope="module")
def extraction(settings):
    documents = load_documents(settings.sources_dir)
    curated = load_curated(settings.curated_dir, documents)
    return extract(documents, curated, TextCleaner.from_file(settings.curated_dir / "ocr-fixes.yaml"))


def activity(extraction, doc, line):
    return next(a for a in extraction.activities if a.row.document.id == doc and a.row.first_line == line)


def test_every_name_in_every_cell_is_resolved(extraction):
    assert [str(u) for u in extraction.unresolved] == []


def test_every_participants_cell_is_resolved_or_explicitly_open(extraction):
    for item in extraction.activities:
        if item.row.printed("participants"):
            assert item.participants or item.specification, item.row.printed("participants")


def test_aliases_resolve_to_the_canonical_organisation(extraction):
    assert [p.organisation for p in activity(extraction, "001", 222).participants] == [
        "digitaleurope",
        "etno",
        "google",
        "orange",
    ]
    row = activity(extraction, "002", 141)  # space-separated names: "Deutsche Telecom Facebook GNI (...) Microsoft"
    assert [p.organisation for p in row.participants] == ["deutsche-telekom", "facebook", "gni", "microsoft"]
    assert row.participants[0].printed == "Deutsche Telecom"
    octopus = activity(extraction, "001", 279)
    assert "servicenow" in [p.organisation for p in octopus.participants]  # printed "Element AI"
    assert len(octopus.participants) == 25


def test_open_calls_and_tentative_lists_are_explicit(extraction):
    tentative = activity(extraction, "001", 234)
    assert tentative.participants == []
    assert tentative.specification.kind == "tentative-list"
    assert tentative.specification.candidates == ["gni", "euroispa", "kaspersky", "facebook"]
    consultation = activity(extraction, "001", 235)
    assert consultation.specification.kind == "open-call"
    assert [p.organisation for p in consultation.participants] == ["google", "euroispa"]
    assert activity(extraction, "002", 196).specification.kind == "open-call"  # "All"
    assert activity(extraction, "002", 198).specification.kind == "to-be-determined"  # "TBD"


def test_non_partners_are_kept(extraction):
    assert [p.organisation for p in activity(extraction, "001", 287).participants] == ["chainalysis", "coinfirm", "ciphertrace"]
    assert "tech-against-terrorism" in [p.organisation for p in activity(extraction, "001", 243).participants]


def test_a_sector_cell_can_name_several_bodies(extraction):
    assert activity(extraction, "001", 267).sectors == ["cybercrime-division", "cybereast", "iproceeds-2", "glacy-plus"]
    assert activity(extraction, "002", 143).sectors == activity(extraction, "002", 142).sectors


def test_the_2017_2019_workplan_is_linked_to_its_repetition_in_2022(extraction):
    duplicates = [a for a in extraction.activities if a.duplicate_of]
    from_002 = [a for a in duplicates if a.row.document.id == "002"]
    assert len(from_002) == 19
    assert all(a.duplicate_of.row.document.id == "001" for a in from_002)
    athens = activity(extraction, "001", 288)
    assert athens.duplicate_of is activity(extraction, "001", 256)


def test_partner_lists_give_cohorts(extraction):
    cohorts = {(item.document.id, item.cohort): len(item.organisations) for item in extraction.lists if item.cohort}
    assert cohorts[("001", "2017")] == 14
    assert cohorts[("002", "2017")] == 13  # 002's 2017 list leaves out GSMA
    assert cohorts[("001", "2020-2021")] == 10


def test_profiles_are_read_from_both_documents(extraction):
    profiles = {(p.organisation, p.document.id) for p in extraction.profiles}
    assert ("servicenow", "002") in profiles  # headed "Element Al" (OCR)
    assert ("icc", "001") in profiles  # headed "ICC (introduced to TC-INF on 8/3/2021)"
    apple = next(p for p in extraction.profiles if p.organisation == "apple" and p.document.id == "001")
    assert apple.description.startswith("Apple Inc. is an American multinational technology company")


def test_cleaned_values_fix_ocr_breaks(extraction):
    row = activity(extraction, "002", 197)
    assert row.interval.start.lexical == "2020-03"
    assert "strasbourg" in row.places
    assert activity(extraction, "002", 198).title == "Hearing on the Need for Democratic Governance of AI"
