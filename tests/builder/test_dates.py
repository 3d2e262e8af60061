"""Every printed date form of the workplans -> its interval and flags."""

import pytest

from dpgraph.builder.dates import parse_date

CASES = [
    # printed, start, end, approximate, uncertain, open-ended
    ("18-20/11/2019", "2019-11-18", "2019-11-20", False, False, False),
    ("6-8/07/2020", "2020-07-06", "2020-07-08", False, False, False),
    ("26/02/2021", "2021-02-26", "2021-02-26", False, False, False),
    ("06-07/11/2018", "2018-11-06", "2018-11-07", False, False, False),
    ("December 2020", "2020-12", "2020-12", False, False, False),
    ("Spring/Summer 2021", "2021-03", "2021-08", True, False, False),
    ("Jan-Sept 2021", "2021-01", "2021-09", False, False, False),
    ("July/Aug 2021", "2021-07", "2021-08", False, False, False),
    ("April-May 2021", "2021-04", "2021-05", False, False, False),
    ("2020 and 2021", "2020", "2021", False, False, False),
    ("2020 (TBC)", "2020", "2020", False, True, False),
    ("2020-", "2020", None, True, False, True),
    ("2020- 2021", "2020", "2021", False, False, False),
    ("2020 – 2021", "2020", "2021", False, False, False),
    ("2020-21", "2020", "2021", False, False, False),
    ("31 March – 1 April 2021", "2021-03-31", "2021-04-01", False, False, False),
    ("26-28 February 2020", "2020-02-26", "2020-02-28", False, False, False),
    ("January 2020 (tbc) and April 2020 (tbc)", "2020-01", "2020-04", False, True, False),
    ("Four meetings in Strasbourg (March and September of 2020/21)", "2020-03", "2021-09", True, False, False),
    ("Four meetings in Strasbourg in 2020/21 (May/October 2020)", "2020-05", "2021", True, False, False),
]


@pytest.mark.parametrize(("printed", "start", "end", "approximate", "uncertain", "open_ended"), CASES)
def test_printed_date_becomes_an_interval(printed, start, end, approximate, uncertain, open_ended):
    interval = parse_date(printed)
    assert interval is not None
    assert interval.start.lexical == start
    assert (interval.end.lexical if interval.end else None) == end
    assert (interval.approximate, interval.uncertain, interval.open_ended) == (approximate, uncertain, open_ended)
    assert interval.printed == printed


def test_precision_gives_the_xsd_datatype():
    interval = parse_date("Spring/Summer 2021")
    assert interval.start.datatype == "gYearMonth"
    assert parse_date("2020").start.datatype == "gYear"
    assert parse_date("05/07/2021").start.datatype == "date"


@pytest.mark.parametrize("printed", ["", "   ", "TBD", "ongoing"])
def test_text_without_a_date_gives_none(printed):
    assert parse_date(printed) is None
