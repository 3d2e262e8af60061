"""/sparql answers a broken query with the plain-words message (rdf/sparql_errors.py): place, token, what may go there."""

from __future__ import annotations

import pytest

from sparql_error_cases import broken_cases, check_message

ACCEPTS = {"json": "application/sparql-results+json", "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize("accept", sorted(ACCEPTS))
@pytest.mark.parametrize("case", broken_cases())
def test_a_broken_query_is_a_400_in_plain_words(endpoint, case, accept: str) -> None:
    response = endpoint.get("/sparql", query_string={"query": case.text}, headers={"Accept": ACCEPTS[accept]})
    assert response.status_code == 400 and response.mimetype == "text/plain"
    check_message(response.get_data(as_text=True).strip(), case)


def test_a_posted_query_keeps_its_lines_and_columns(endpoint) -> None:
    text = "SELECT *\r\nWHERE {\r\n  ?s ?p ?o . ! }"
    response = endpoint.post("/sparql", data=text.encode(), content_type="application/sparql-query")
    assert response.status_code == 400
    assert 'line 3, column 14: found "!"' in response.get_data(as_text=True)


def test_the_query_page_shows_the_message_in_lines_of_its_own(endpoint) -> None:
    """The query UI (sparql-ui.js) recognises the message and shows place, token and expectations apart."""
    script = endpoint.get("/static/sparql-ui.js").get_data(as_text=True)
    assert "Yasgui.Yasr.defaults.errorRenderers = [syntaxError]" in script
    assert "SPARQL syntax error at line (\\d+), column (\\d+): found (.*?); expected (.*)$" in script


def test_a_broken_query_the_safety_check_cannot_read_is_explained_by_pyoxigraph(endpoint) -> None:
    """A query naming FROM (or SERVICE, LOAD, GROUP_CONCAT) is read by rdflib first; broken, it is still
    refused unrun, with pyoxigraph's plain words rather than rdflib's."""
    text = 'SELECT * FROM <http://example.org/g> WHERE { ?s ?p "from" . ! }'
    response = endpoint.get("/sparql", query_string={"query": text})
    said = response.get_data(as_text=True)
    assert response.status_code == 400 and 'line 1, column 61: found "!"' in said and "safety check" not in said
    service = endpoint.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p } }"})
    assert service.status_code == 400 and 'found "}"' in service.get_data(as_text=True)
