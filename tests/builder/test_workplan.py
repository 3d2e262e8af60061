"""The workplan tables of the real documents, parsed row by row."""

from pathlib import Path

import pytest

from dpgraph.builder.sources import Document, load_documents
from dpgraph.builder.workplan import parse_workplan, parse_workplans
from dpgraph.errors import InputError


@pytest.fixture(scope="module")
def rows(settings):
    workplans = parse_workplans(load_documents(settings.sources_dir))
    return {(w.document.id, w.section): w.rows for w in workplans}


def test_row_counts_per_section(rows):
    assert {key: len(value) for key, value in rows.items()} == {("001", "5"): 50, ("002", "5"): 19, ("002", "6"): 22}


def by_line(rows, doc, section, line):
    return next(r for r in rows[(doc, section)] if r.first_line == line)


def test_first_row_field_by_field(rows):
    row = by_line(rows, "001", "5", 209)
    assert row.kind == "binding-standard-setting"
    assert row.printed("sector") == "CAHAI"
    assert row.printed("title") == "1st plenary meeting"
    assert row.printed("date") == "18-20/11/2019"
    assert (
        row.printed("participants") == "European Telecommunications Network Operators' Association (ETNO), GSMA, IEEE, Microsoft"
    )
    assert row.printed("description") == ""


def test_row_split_by_a_page_break_continues_its_description(rows):
    # 001 line 223 ends mid-sentence; the page break repeats the header (225) and line 226 carries the rest.
    row = by_line(rows, "001", "5", 223)
    assert row.last_line == 226
    assert row.printed("description").endswith("education institutions and private industry (Internet companies).")
    assert row.cells["description"].lines == [223, 226]


def test_two_column_run_fills_sector_and_description(rows):
    # 002 lines 160-175: after a page break the Sector and Description cells continue as two fields.
    row = by_line(rows, "002", "5", 160)
    assert row.printed("sector") == "Inclusion and anti- discrimination programmes/No Hate Speech and Cooperation Unit"
    assert row.printed("description").startswith("Following adoption of the NetzDG law in Germany")
    assert "No Hate Speech and cooperation Unit engaged a work particularly regarding the initiative" in row.printed(
        "description"
    )
    assert row.printed("description").endswith("human rights concerns reported to the IT companies")
    assert row.last_line == 175


def test_blank_sector_inherits_the_row_above(rows):
    row = by_line(rows, "002", "5", 143)
    assert row.printed("sector") == ""
    assert row.sector_inherited
    assert row.sector_text == "Information society / internet governance"


def test_continuation_of_the_2020_workplan_carries_topic_activity_and_contact(rows):
    row = by_line(rows, "002", "6", 212)
    assert row.printed("topic") == "Children with disabilities and their rights in the digital environment"
    cdpc = by_line(rows, "002", "6", 205)
    assert cdpc.printed("title") == "Possible development of common legal standards."
    assert cdpc.printed("description") == "Possible consultation on legislation on driving automation"
    assert cdpc.printed("contact") == "CDPC Secretariat Carlo.chiaromonte@coe."


def test_last_row_runs_to_the_end_of_the_file(rows):
    row = rows[("002", "6")][-1]
    assert row.printed("sector") == "GRETA"
    assert row.last_line == 234
    assert row.printed("title").endswith('trafficking in human beings in the digital age"')


def test_kind_comes_from_the_sub_heading(rows):
    kinds = [r.kind for r in rows[("001", "5")]]
    assert kinds.count("binding-standard-setting") == 7
    assert kinds.count("non-binding-standard-setting") == 12
    assert kinds.count("study") == 4
    assert kinds.count("conference") == 27
    assert {r.kind for r in rows[("002", "6")]} == {"planned-activity"}


SPEC = {"section": 5, "heading": "5. Workplan", "title": "Workplan", "kinds": {"Conferences": "conference"}}


def table(*lines: str) -> Document:
    text = ("5. Workplan", *lines, "6. Next section")
    return Document("900", Path("/fixture/900.txt"), "Fixture", "", "", text, "", 0)


@pytest.mark.parametrize(
    ("lines", "message", "line"),
    [
        (("Conferences", "CAHAI\tPlenary\t2019"), "table row before any header line", 3),
        (("Sector\tActivity\tDate", "CAHAI\tPlenary\t2019"), "row before any heading that gives its kind", 3),
        (("Conferences", "Sector\tActivity\tDate", "\t\tlater"), "continuation line with no row above it", 4),
        (("Conferences", "Sector\tActivity\tDate", "CAHAI\tPlenary"), "continuation line with no row above it", 4),
        (("Conferences", "Sector\tActivity\tDate", "CAHAI\tPlenary\t2019\tstray"), "more cells than the header's 3", 4),
    ],
)
def test_a_line_the_layout_cannot_place_stops_the_build_at_that_line(lines, message, line):
    with pytest.raises(InputError, match=message) as raised:
        parse_workplan(table(*lines), SPEC)
    assert raised.value.line == line


def test_a_sub_heading_closes_the_row_above():
    lines = ("Sector\tActivity\tDate", "Conferences", "CAHAI\tPlenary\t2019", "Conferences", "\t\tlater")
    with pytest.raises(InputError, match="continuation line with no row above it"):
        parse_workplan(table(*lines), SPEC)
