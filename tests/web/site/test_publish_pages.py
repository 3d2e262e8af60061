"""Resource and index pages against the real built data: what each page shows, not only that it answers."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from dpgraph.builder.sources import load_documents

BASE = "https://w3id.org/coe-digital-partnership/"
ACTIVITY = "activity/001-s5-1st-plenary-meeting-2019-11-18"


@pytest.fixture(scope="module")
def documents(settings):
    return load_documents(settings.sources_dir)


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def count(query, text: str) -> int:
    return int(query(text)[0]["n"])


def test_partner_page_shows_membership_history_activities_and_provenance(published, query, documents):
    html = page(published, "/org/apple.html")
    assert "<h1>Apple</h1>" in html
    assert "Company" in html
    # Membership: the 2017 cohort, joined by the exchange of letters of 8 November 2017, still active.
    assert 'href="/cohort/2017">2017 cohort</a>' in html
    assert "2017-11-08" in html
    assert 'href="/membership-status/active">Active</a>' in html
    assert "Exchange of letters" in html
    # Activities by year: every activity the graph says Apple took part in.
    took_part = query(f"SELECT ?a ?label WHERE {{ ?a dp:participant <{BASE}org/apple> ; rdfs:label ?label }}")
    assert len(took_part) == 7  # the GRETA questionnaire only invited it
    for row in took_part:
        assert f'href="/{row["a"][len(BASE) :]}"' in html
    years = re.findall(r'<tr class="group"><th colspan="\d+">(\w+)</th></tr>', html)
    assert years == ["2018", "2020", "2021"]
    # Provenance: the profile's lines of document 001, as printed.
    assert escape(documents["001"].line(82)) in html
    assert 'href="/doc/001#L82-L84"' in html
    assert 'href="/network?focus=org/apple"' in html


def test_non_partner_organisation_page(published):
    html = page(published, "/org/icann.html")
    assert "Membership of the Digital Partnership" not in html
    assert "Consultations on the Protocol to the Budapest Convention" in html
    assert 'href="/network?focus=org/icann"' in html


def test_activity_page_shows_participants_sector_dates_and_its_lines(published, documents):
    html = page(published, f"/{ACTIVITY}.html")
    assert "<h1>1st plenary meeting</h1>" in html
    assert '<span class="printed">18-20/11/2019</span>' in html
    assert '<span class="interval">2019-11-18 – 2019-11-20</span>' in html
    for organisation in ("gsma", "ieee", "microsoft", "etno"):
        assert f'href="/org/{organisation}"' in html
    assert "printed “European Telecommunications Network Operators&#39; Association (ETNO)”" in html
    assert 'href="/body/cahai">Ad hoc Committee on Artificial Intelligence</a>' in html
    assert "Binding standard setting" in html
    line = documents["001"].line(209)
    assert line.startswith("CAHAI\t1st plenary meeting\t18-20/11/2019")
    assert f'<span class="text">{escape(line)}</span>' in html
    assert f'href="/network?focus={ACTIVITY}"' in html


def test_activity_summary_names_its_topic_and_domain(published):
    html = page(published, "/activity/002-s6-follow-up-to-the-cm-informal-exchange-of-2020.html")
    summary = html[html.index('<dl class="summary">') : html.index("</dl>")]
    assert "<dt>Topic</dt>" in summary
    assert '<a href="/topic/online-violence-against-women">Online forms of violence against women</a>' in summary
    assert 'domain <a href="/domain/gender-equality-and-violence-against-women">' in summary
    assert "<dt>Topic</dt>" not in page(published, f"/{ACTIVITY}.html")  # a 2018-2021 row has neither


def test_activity_listed_twice_links_both_ways(published, query):
    pair = query("SELECT ?repeat ?canonical WHERE { ?repeat dp:duplicateOf ?canonical } ORDER BY ?repeat LIMIT 1")[0]
    repeat, canonical = (pair[k][len(BASE) :] for k in ("repeat", "canonical"))
    assert f'same activity as <a href="/{canonical}">' in page(published, f"/{repeat}.html")
    assert f'repeated by <a href="/{repeat}">' in page(published, f"/{canonical}.html")


def test_activity_with_instruments_and_open_participants(published, query):
    row = query(
        "SELECT ?a ?i ?spec WHERE { ?a dp:concernsInstrument ?i ; dp:participantSpecification ?spec } ORDER BY ?a LIMIT 1"
    )[0]
    html = page(published, "/" + row["a"][len(BASE) :] + ".html")
    assert f'href="/{row["i"][len(BASE) :]}"' in html
    fragment = row["spec"].split("#")[1]
    assert f'href="/{row["spec"][len(BASE) :]}"' in html
    assert f'id="{fragment}"' in html


def test_body_page_lists_its_activities_and_participants(published, query):
    html = page(published, "/body/cahai.html")
    activities = query(f"SELECT ?a WHERE {{ ?a dp:sector <{BASE}body/cahai> }}")
    assert len(activities) >= 5
    for row in activities:
        assert f'href="/{row["a"][len(BASE) :]}"' in html
    microsoft = count(
        query,
        f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a dp:sector <{BASE}body/cahai> ; dp:participant <{BASE}org/microsoft> "
        "FILTER NOT EXISTS { ?a dp:duplicateOf ?c } }",
    )
    assert f'<a href="/org/microsoft">Microsoft</a></td><td class="col-activities">{microsoft}</td>' in html
    assert 'href="/network?focus=body/cahai"' in html


def test_instrument_page_lists_activities_and_bodies_concerning_it(published, query):
    html = page(published, "/instrument/budapest-convention.html")
    assert 'href="/body/t-cy">Cybercrime Convention Committee</a>' in html
    protocol = query(f"SELECT ?i WHERE {{ ?i dp:supplements <{BASE}instrument/budapest-convention> }} LIMIT 1")[0]["i"]
    activities = query(f"SELECT ?a WHERE {{ ?a a dp:Activity ; dp:concernsInstrument <{protocol}> }}")
    html = page(published, "/" + protocol[len(BASE) :] + ".html")
    assert activities
    for row in activities:
        assert f'href="/{row["a"][len(BASE) :]}"' in html


def test_document_page_has_every_line_with_its_anchor(published, documents):
    html = page(published, "/doc/001.html")
    lines = documents["001"].lines
    for number in (1, 209, len(lines)):
        assert f'<div class="line" id="L{number}"><a class="ln" href="#L{number}">{number}</a>' in html
    assert f'<span class="text">{escape(lines[208])}</span>' in html
    assert 'id="L209-L209"' in html
    assert "What the graph takes from this document" in html


def test_named_graph_page_counts_what_it_holds(published, query):
    html = page(published, "/graph/doc-001.html")
    activities = count(query, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH <{BASE}graph/doc-001> {{ ?a a dp:Activity }} }}")
    assert f'<a href="/ontology#Activity">Activity</a></td><td class="col-entities">{activities}</td>' in html


def test_every_named_graph_has_a_name_on_its_page_and_on_the_dataset_page(published, query):
    dataset = page(published, "/dataset.html")
    for row in query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
        path = row["g"].removeprefix(BASE)
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page(published, f"/{path}.html"), re.S).group(1).strip()
        assert title != path and f'<a href="/{path}">{title}</a>' in dataset, path


def test_concept_page_shows_labels_in_both_languages(published):
    html = page(published, "/cohort/2017.html")
    assert "<h1>2017 cohort</h1>" in html
    assert '<p class="french" lang="fr">Cohorte 2017</p>' in html
    assert 'href="/membership/apple"' in html  # used by Apple's membership


def test_every_concept_scheme_has_a_name_and_a_page(published, query):
    unnamed = query("""SELECT DISTINCT ?scheme WHERE { ?concept skos:inScheme ?scheme
      FILTER NOT EXISTS { ?scheme a skos:ConceptScheme ; skos:prefLabel ?en , ?fr
        FILTER(LANG(?en) = "en" && LANG(?fr) = "fr") } }""")
    assert unnamed == []
    html = page(published, "/scheme/domains.html")
    assert '<p class="kind">Concept scheme</p>' in html
    assert "<h1>Domains of the 2020+ workplan</h1>" in html
    assert '<p class="french" lang="fr">Domaines du plan de travail 2020+</p>' in html
    assert 'href="/doc/002#L195-L195"' in html  # the Domain column it lists
    topic = page(published, "/topic/artificial-intelligence.html")
    assert '<a href="/scheme/area-of-cooperations">Areas of cooperation</a>' in topic
    rows = {row["name"]: row for row in published.get("/topics.json").get_json()["rows"]}
    assert rows["Human dignity"]["scheme_label"] == "Domains of the 2020+ workplan"


INDEX_COUNTS = {
    "partners": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o dp:hasMembership ?m }",
    "organisations": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a/rdfs:subClassOf* dp:Organisation "
    "FILTER NOT EXISTS { ?o dp:hasMembership ?m } }",
    "activities": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dp:Activity }",
    "bodies": "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a/rdfs:subClassOf* dp:Body }",
    "instruments": "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a/rdfs:subClassOf* dp:Instrument }",
    "documents": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dp:SourceDocument }",
}


@pytest.mark.parametrize("name", list(INDEX_COUNTS))
def test_index_lists_every_resource_of_its_kind_in_html_json_and_csv(published, query, name):
    expected = count(query, INDEX_COUNTS[name])
    assert expected > 0
    data = published.get(f"/{name}.json").get_json()
    assert data["count"] == len(data["rows"]) == expected
    assert len(published.get(f"/{name}.csv").get_data(as_text=True).splitlines()) == expected + 1
    html = page(published, f"/{name}")
    assert f'<span class="count" data-count>{expected}</span>' in html
    assert html.count("<tr") == expected + 1


def test_partners_index_shows_cohort_and_status(published):
    rows = {row["name"]: row for row in published.get("/partners.json").get_json()["rows"]}
    assert rows["Apple"]["cohort_label"] == "2017 cohort"
    assert rows["Apple"]["status_label"] == "Active"
    assert rows["Sberbank"]["status_label"] == "Terminated"
    assert rows["Sberbank"]["left"] == "2022-03-04"
    assert '<td class="col-cohort_label"><a href="/cohort/2017">2017 cohort</a></td>' in page(published, "/partners")


def test_topics_index_has_french_labels(published):
    rows = published.get("/topics.json").get_json()["rows"]
    assert rows
    assert any(row["name_fr"] for row in rows)
    assert all(row["topic"].startswith(BASE + ("topic/", "domain/")[row["topic"].startswith(BASE + "domain/")]) for row in rows)


@pytest.mark.parametrize(
    ("params", "where"),
    [
        (
            {"year": "2019"},
            "?a dp:date/dp:startDate ?s . OPTIONAL { ?a dp:date/dp:endDate ?e } "
            "FILTER(YEAR(?s) <= 2019 && YEAR(COALESCE(?e, ?s)) >= 2019)",
        ),
        ({"body": "cahai"}, f"?a dp:sector <{BASE}body/cahai>"),
        ({"kind": "study"}, f"?a dp:activityKind <{BASE}activity-kind/study>"),
        ({"participant": "apple"}, f"?a dp:participant <{BASE}org/apple>"),
        (
            {"topic": "artificial-intelligence"},
            f"?a dp:topic|dp:domain|dp:sector/dp:worksOnTopic <{BASE}topic/artificial-intelligence>",
        ),
        (
            {"year": "2021", "participant": "microsoft"},
            f"?a dp:participant <{BASE}org/microsoft> ; dp:date/dp:startDate ?s FILTER(YEAR(?s) = 2021)",
        ),
    ],
)
def test_activities_index_filters(published, query, params, where):
    expected = {row["a"] for row in query(f"SELECT DISTINCT ?a WHERE {{ ?a a dp:Activity . {where} }}")}
    assert expected
    data = published.get("/activities.json", query_string=params).get_json()
    assert data["filters"] == params
    assert {row["activity"] for row in data["rows"]} == expected
    csv = published.get("/activities.csv", query_string=params).get_data(as_text=True)
    assert len(csv.splitlines()) == len(expected) + 1
    html = published.get("/activities", query_string=params).get_data(as_text=True)
    assert f'<span class="count" data-count>{len(expected)}</span>' in html
    for name, value in params.items():
        assert f'<option value="{value}" selected>' in html, name


def test_one_filters_rows_have_files_of_their_own_that_its_view_links_to(published):
    html = published.get("/activities", query_string={"year": "2019"}).get_data(as_text=True)
    assert '<a href="/activities/year/2019.json" data-download="json">JSON</a>' in html
    assert '<a href="/activities/year/2019.csv" data-download="csv">CSV</a>' in html
    by_query = published.get("/activities.json", query_string={"year": "2019"}).get_json()
    by_path = published.get("/activities/year/2019.json").get_json()
    assert by_path == by_query and by_path["count"] == 15
    csv = published.get("/activities/year/2019.csv")
    assert csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True) == published.get("/activities.csv?year=2019").get_data(as_text=True)
    # Several filters have no file: the links keep the query string, which the server reads.
    both = published.get("/activities?participant=microsoft&year=2021").get_data(as_text=True)
    assert 'href="/activities.csv?year=2021&amp;participant=microsoft"' in both
    # A value no filter offers, or a filter the index does not have, has no file.
    assert published.get("/activities/year/1900.csv").status_code == 404
    assert published.get("/activities/colour/red.json").status_code == 404
    assert published.get("/partners/year/2019.json").status_code == 404


def test_activities_page_lists_the_file_of_every_filter_value_once(published):
    html = published.get("/activities").get_data(as_text=True)
    selects = dict(re.findall(r'<select name="(\w+)">(.*?)</select>', html, re.S))
    assert set(selects) == {"year", "kind", "body", "topic", "participant"}
    for name, options in selects.items():
        values = [v for v in re.findall(r'<option value="([^"]+)"', options)]
        assert len(values) == len(set(values)), f"{name} offers a value twice"
        for value in values:
            assert f'<a href="/activities/{name}/{value}.csv">CSV</a>' in html, (name, value)
    # topic/data-protection and domain/data-protection share a slug: one option, matching both.
    assert selects["topic"].count('value="data-protection"') == 1
    rows = published.get("/activities/topic/data-protection.json").get_json()["rows"]
    assert {iri.rsplit("/", 2)[-2] for row in rows for iri in row["topics"].split() if iri.endswith("/data-protection")} == {
        "topic",
        "domain",
    }


def test_index_negotiates_json_and_csv(published):
    response = published.get("/bodies", headers={"Accept": "application/json"})
    assert response.mimetype == "application/json"
    assert "Accept" in response.headers["Vary"]
    assert published.get("/bodies", headers={"Accept": "text/csv"}).mimetype == "text/csv"


def test_home_page_explains_and_links_everything(published, query):
    html = page(published, "/")
    for link in (
        "/partners",
        "/organisations",
        "/activities",
        "/bodies",
        "/instruments",
        "/topics",
        "/documents",
        "/sparql",
        "/queries/",
        "/network",
        "/validation",
        "/ontology",
        "/dataset",
        "/.well-known/void",
        "/context.jsonld",
        "/sitemap.xml",
        "/org/apple",
    ):
        assert f'href="{link}"' in html, link
    partners = count(query, INDEX_COUNTS["partners"])
    assert f"<strong>{partners}</strong> Digital Partners" in html


def test_search_finds_names_and_aliases(published):
    html = page(published, "/search?q=budapest")
    assert 'href="/instrument/budapest-convention"' in html
    assert 'href="/body/t-cy"' in page(published, "/search?q=T-CY")


def test_an_activity_is_on_its_bodys_topics_too(published):
    # CAHAI's 1st plenary has no Topic cell; CAHAI works on artificial intelligence (bodies.yaml).
    rows = published.get("/activities/topic/artificial-intelligence.json").get_json()["rows"]
    assert BASE + ACTIVITY in {row["activity"] for row in rows}


def test_an_index_filter_that_matches_nothing_is_a_400_and_every_identifier_form_works(published):
    """`?year=abc` and `?body=nonexistent` answered 200 with no rows (issue #16); `org/apple` matched nothing."""
    by_slug = published.get("/activities.json?participant=apple").get_json()
    assert by_slug["rows"]
    for form in ("org/apple", "https://w3id.org/coe-digital-partnership/org/apple", "/org/apple"):
        assert published.get(f"/activities.json?participant={form}").get_json() == by_slug, form
    wrong = (("year=abc", "year='abc'"), ("body=nonexistent", "body='nonexistent'"), ("topic=cybercrim", "cybercrime"))
    for asked, says in wrong:
        response = published.get(f"/activities?{asked}")
        assert response.status_code == 400 and says in response.get_data(as_text=True), asked
