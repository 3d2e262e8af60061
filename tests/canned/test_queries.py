"""The canned queries: headers, generated README, and the answers they give on the real graph."""

from pathlib import Path

import pytest

from dpgraph.canned import load_queries, parse_query_file, readme
from dpgraph.errors import InputError
from dpgraph.rdf.sparqltext import with_values
from dpgraph.store.files import query_union

QUERIES = load_queries(Path(__file__).resolve().parents[2] / "queries")


def test_every_query_has_a_header_and_the_readme_is_current(settings):
    assert {"partners", "activities", "co-participation", "bodies", "instruments", "timeline"} <= set(QUERIES)
    assert (settings.queries_dir / "README.md").read_text(encoding="utf-8") == readme(QUERIES)


def test_a_query_without_header_is_refused(tmp_path):
    path = tmp_path / "bare.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bare\.rq:1: the comment header lacks title, description, columns"):
        parse_query_file(path)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_query_returns_its_declared_columns(store, name):
    result = query_union(store, QUERIES[name].text)
    assert tuple(v.value for v in result.variables) == QUERIES[name].columns
    assert len(list(result)) > 0


def rows(store, name, **params):
    """Rows of a canned query, its parameters bound as the server binds them."""
    query = QUERIES[name]
    result = query_union(store, with_values(query.text, query.bindings(params)))
    return [{v: (s[v].value if s[v] is not None else "") for v in query.columns} for s in result]


def test_partners(store):
    partners = {r["name"]: r for r in rows(store, "partners")}
    assert len(partners) == 29
    assert partners["Sberbank"]["left"] == "2022-03-04"
    assert partners["Apple"]["joined"] == "2017-11-08"
    assert partners["Thales"]["joined"] == ""


def test_activities_has_one_row_per_participant_and_keeps_activities_without(store):
    found = rows(store, "activities")
    assert len({r["activity"] for r in found}) == 91
    ecri = [r for r in found if r["title"].startswith("Study on")]
    assert all(r["participant"] == "" for r in ecri)
    first = next(r for r in found if r["date_text"] == "18-20/11/2019")
    assert (first["source"], first["section"], first["sector"], first["start"], first["end"]) == (
        "001_a2ab4d98de539f35.txt",
        "5",
        "CAHAI",
        "2019-11-18",
        "2019-11-20",
    )


def test_year_parameter_is_bound_not_pasted(store):
    all_years = {r["name"]: int(r["activities"]) for r in rows(store, "most-active-partners")}
    in_2021 = rows(store, "most-active-partners", year="2021")
    assert in_2021 and all(int(r["activities"]) <= all_years[r["name"]] for r in in_2021)
    assert sum(int(r["activities"]) for r in in_2021) < sum(all_years.values())
    with pytest.raises(InputError, match="must be a year"):
        QUERIES["most-active-partners"].bindings({"year": "2018 } ; DROP ALL"})


def test_co_participation_counts_duplicates_once(store):
    pairs = {(r["name1"], r["name2"]): int(r["activities"]) for r in rows(store, "co-participation")}
    assert pairs[("EuroISPA", "Google")] == 7


def test_partners_who_took_part_before_joining(store):
    found = {(r["name"], r["title"]) for r in rows(store, "took-part-before-joining")}
    assert ("IEEE", "1st plenary meeting") in found
    assert any(name == "LEGO Group" for name, _ in found)


def test_timeline_is_in_date_order(store):
    dates = [r["date"] for r in rows(store, "timeline")]
    assert dates == sorted(dates) and dates[0] == "2016-03-30"
