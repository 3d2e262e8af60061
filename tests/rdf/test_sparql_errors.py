"""rdf/sparql_errors.py: pyoxigraph's syntax errors in plain words, judged by the real parser."""

from __future__ import annotations

import pytest
from pyoxigraph import Store
from tests.endpoint_support import recording_server

from dpgraph.rdf.sparql_errors import friendly_message, plain_words
from dpgraph.rdf.terms import PREFIXES
from dpgraph.store.remote_engine import prologue
from sparql_error_cases import GRAMMAR_NOISE, Broken, broken_cases, check_message

BASE = "https://w3id.org/coe-digital-partnership/"


def parser_says(text: str, **options: object) -> str:
    with pytest.raises(SyntaxError) as raised:
        Store().query(text, **options)  # type: ignore[arg-type]
    return str(raised.value)


@pytest.mark.parametrize("case", broken_cases())
def test_each_broken_query_in_plain_words(case: Broken) -> None:
    said = parser_says(case.text, prefixes=PREFIXES, base_iri=BASE)
    assert said.startswith("error at ")  # pyoxigraph's own report, which the message replaces
    check_message(friendly_message(said, case.text, prefixes=PREFIXES, base_iri=BASE), case)


@pytest.mark.parametrize("case", broken_cases())
def test_positions_stay_on_the_clients_text_behind_a_prologue(case: Broken) -> None:
    """A remote engine is sent the project's BASE and PREFIX line first: its columns on line 1 move."""
    lead = prologue(BASE)
    said = parser_says(lead + case.text)
    check_message(friendly_message(said, case.text, prologue=lead), case)


def test_the_parsers_report_is_full_of_grammar_and_off_by_a_keyword() -> None:
    """Why the message is rebuilt: pyoxigraph reports "SELEC" where reading CONSTRUCT ended, and Unicode ranges."""
    assert parser_says("SELEC * {}") == "error at 1:10: expected CONSTRUCT"
    said = parser_says("SELECT ?x WHERE { ?x a foo:Bar }")
    assert "\\u{" in said
    assert not any(noise in friendly_message(said, "SELECT ?x WHERE { ?x a foo:Bar }") for noise in GRAMMAR_NOISE)


def test_an_update_is_explained_without_running_anything() -> None:
    text = "INSERT DATA { <http://a> <http://b> <http://c> . ! }"
    with pytest.raises(SyntaxError) as raised:
        Store().update(text)
    message = friendly_message(str(raised.value), text, kind="update")
    assert 'line 1, column 50: found "!"' in message


def test_a_message_that_is_not_pyoxigraphs_comes_back_as_it_is() -> None:
    virtuoso = "37000 Error SP030: SPARQL compiler, line 1: syntax error at 'WHER' before '{'"
    assert friendly_message(virtuoso, "SELECT * WHER { }") == virtuoso


def test_no_probe_ever_runs_a_query() -> None:
    """The part before a stray token is a whole query, here one calling a SERVICE: no probe runs it."""
    with recording_server() as recorder:
        text = f"SELECT * WHERE {{ SERVICE <{recorder.url}/sparql> {{ ?s ?p ?o }} }} }}"
        message = friendly_message(parser_says(text), text)
        update = f"LOAD <{recorder.url}/data.ttl> ; !"
        with pytest.raises(SyntaxError) as raised:
            Store().update(update)
        assert 'found "!"' in friendly_message(str(raised.value), update, kind="update")
        # A whole update or query, then a comment, then the mistake: probes that end in the
        # comment must still not be a query (a backtick there is comment).
        for broken in (f"LOAD <{recorder.url}/c.ttl> # a note\n!", f"LOAD <{recorder.url}/d.ttl> #\n;;"):
            with pytest.raises(SyntaxError) as raised:
                Store().update(broken)
            friendly_message(str(raised.value), broken, kind="update")
        commented = f"SELECT * WHERE {{ SERVICE <{recorder.url}/q> {{ ?s ?p ?o }} }} # a note\n}}"
        friendly_message(parser_says(commented), commented)
    column = text.rindex("}") + 1
    assert f'line 1, column {column}: found "}}"' in message
    assert recorder.hits == []


def test_a_long_query_keeps_the_parsers_place_unprobed() -> None:
    """Each probe parses the text again: beyond 10,000 characters the parser's position is kept, less a keyword's reach."""
    text = "SELECT * WHERE { " + " ".join(f'?s <http://example.org/p> "v{i}" .' for i in range(400)) + " ?x ?y ] }"
    message = friendly_message(parser_says(text), text)
    assert message.startswith("SPARQL syntax error at line 1, column ") and not any(n in message for n in GRAMMAR_NOISE)


def test_plain_words() -> None:
    assert plain_words({'"?"', '"<"', "WHERE"}) == "a variable, an IRI, or the keyword WHERE"
    assert plain_words({"ASK"}, ["a string", '"{"', "a variable"]) == 'a variable, a string, "{", or the keyword ASK'
    assert plain_words({'"{"', "FROM", "WHERE"}) == '"{" or a keyword such as FROM or WHERE'
    assert plain_words({'"\\""', '"\\\\"', '"\\\\u"', "[_]"}) == "the closing quote of the string"
    assert plain_words({"[_]"}) == "more of the query"
