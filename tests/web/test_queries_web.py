"""/queries/ and /queries/<name>: the canned queries listed, run as tables with local links, downloads, parameters."""

from __future__ import annotations

import csv
import io

from dpgraph.canned import load_queries


def test_index_lists_every_canned_query(endpoint, settings) -> None:
    page = endpoint.get("/queries/").get_data(as_text=True)
    for query in load_queries(settings.queries_dir).values():
        assert f'href="/queries/{query.name}"' in page and query.title in page


def test_a_query_page_is_a_table_with_local_links_and_downloads(endpoint) -> None:
    response = endpoint.get("/queries/partners")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<a href="/org/apple">https://w3id.org/coe-digital-partnership/org/apple</a>' in page
    for fmt in ("json", "csv", "tsv"):
        assert f'href="/queries/partners.{fmt}"' in page


def test_downloads(endpoint) -> None:
    as_json = endpoint.get("/queries/partners?format=json")
    assert as_json.mimetype == "application/sparql-results+json"
    assert as_json.get_json()["head"]["vars"] == ["partner", "name", "kind", "joined", "left"]
    as_csv = endpoint.get("/queries/partners?format=csv")
    rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True))))
    assert as_csv.mimetype == "text/csv" and rows[0] == ["partner", "name", "kind", "joined", "left"] and len(rows) > 20
    assert endpoint.get("/queries/partners?format=tsv").mimetype == "text/tab-separated-values"


def test_downloads_have_urls_of_their_own(endpoint) -> None:
    """`/queries/partners.csv` was a bare 404 (issue #16): each format is a file as well as a parameter."""
    for fmt, mimetype in (("json", "application/sparql-results+json"), ("csv", "text/csv"), ("tsv", "text/tab-separated-values")):
        as_file, as_parameter = endpoint.get(f"/queries/partners.{fmt}"), endpoint.get(f"/queries/partners?format={fmt}")
        assert as_file.status_code == 200 and as_file.mimetype == mimetype and as_file.data == as_parameter.data
    one_year = endpoint.get("/queries/most-active-partners.json?year=2019").get_json()["results"]["bindings"]
    assert one_year == endpoint.get("/queries/most-active-partners?format=json&year=2019").get_json()["results"]["bindings"]
    assert endpoint.get("/queries/partners.xml").status_code == 404
    assert endpoint.get("/queries/nothing.csv").status_code == 404


def test_parameters_are_form_fields_carried_in_the_url_and_bound(endpoint) -> None:
    everything = endpoint.get("/queries/most-active-partners?format=json").get_json()["results"]["bindings"]
    page = endpoint.get("/queries/most-active-partners?year=2019").get_data(as_text=True)
    assert 'name="year" value="2019"' in page
    assert 'href="/queries/most-active-partners.csv?year=2019"' in page
    one_year = endpoint.get("/queries/most-active-partners?format=json&year=2019").get_json()["results"]["bindings"]
    total = sum(int(row["activities"]["value"]) for row in everything)
    assert 0 < sum(int(row["activities"]["value"]) for row in one_year) < total


def test_parameter_values_are_bound_not_pasted(endpoint) -> None:
    injection = '2019") } } SELECT * WHERE { ?s ?p ?o } #'
    response = endpoint.get("/queries/most-active-partners", query_string={"year": injection})
    assert response.status_code == 400 and "must be a year" in response.get_data(as_text=True)
    iri = endpoint.get("/queries/activities-by-instrument", query_string={"instrument": "<http://x> } ?s ?p ?o {"})
    assert iri.status_code == 400
    every = endpoint.get("/queries/activities-by-instrument?format=json").get_json()["results"]["bindings"]
    chosen = every[-1]["instrument"]["value"]
    rows = endpoint.get("/queries/activities-by-instrument", query_string={"instrument": f"<{chosen}>", "format": "json"})
    bound = rows.get_json()["results"]["bindings"]
    assert bound == [row for row in every if row["instrument"]["value"] == chosen] and len(bound) < len(every)


def test_unknown_query_is_404(endpoint) -> None:
    assert endpoint.get("/queries/no-such-query").status_code == 404


def test_query_ui_is_served_locally(endpoint) -> None:
    page = endpoint.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "https://cdn" not in page and "unpkg" not in page and "jsdelivr" not in page
    assert "PREFIX dp: <https://w3id.org/coe-digital-partnership/ontology#>" in page  # the no-script form's prefixes
    assert '"dp": "https://w3id.org/coe-digital-partnership/ontology#"' in page  # the editor's prefixes
    for name in ("partners", "co-participation", "timeline"):
        assert f'data-query="{name}"' in page
    for asset in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/yasgui.min.css", "/static/sparql-ui.js"):
        assert asset in page
        response = endpoint.get(asset)
        assert response.status_code == 200 and len(response.data) > 500
        response.close()
