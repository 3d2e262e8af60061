"""store/remote.py and store/dialects.py without an engine: where the endpoints are, where the
credentials come from (never shown), and how an engine's answers are brought back to SPARQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Store

from dpgraph.errors import InputError
from dpgraph.rdf.sparqltext import with_lexical_forms
from dpgraph.rdf.terms import PREFIXES
from dpgraph.store import EngineUnavailable
from dpgraph.store.dialects import NO_GRAPH, UNION_GRAPH, XSD_BOOLEAN, XSD_DOUBLE, XSD_INTEGER, dialect_of
from dpgraph.store.release import Release, release_from_rows, release_query
from dpgraph.store.remote import Credentials, connect, credentials_from, derived_endpoints, engine_message
from dpgraph.store.remote_engine import prologue


@pytest.mark.parametrize(
    ("url", "kind", "update", "store", "reads"),
    [
        ("http://127.0.0.1:7878/query", "oxigraph", "http://127.0.0.1:7878/update", *["http://127.0.0.1:7878/store"] * 2),
        (
            "http://h:8890/sparql",
            "virtuoso",
            "http://h:8890/sparql-auth",
            "http://h:8890/sparql-graph-crud-auth",
            "http://h:8890/sparql-graph-crud",
        ),
        (
            "http://h:8890/sparql/",
            "virtuoso",
            "http://h:8890/sparql-auth",
            "http://h:8890/sparql-graph-crud-auth",
            "http://h:8890/sparql-graph-crud",
        ),
        ("https://example.org/ds/sparql", "sparql11", None, None, None),
    ],
)
def test_endpoints_derive_from_the_kind(url: str, kind: str, update: str | None, store: str | None, reads: str | None) -> None:
    found = derived_endpoints(url, kind)
    assert (found.update_url, found.store_url, found.reads_from) == (update, store, reads)


def test_given_endpoints_win_and_an_unknown_kind_is_named() -> None:
    found = derived_endpoints("http://h/q", "virtuoso", "http://h/u", "http://h/s")
    assert (found.update_url, found.store_url, found.reads_from) == ("http://h/u", "http://h/s", "http://h/s")
    with pytest.raises(InputError, match="unknown engine kind 'fuseki'"):
        derived_endpoints("http://h/q", "fuseki")


def test_credentials_from_the_environment_or_a_file(tmp_path: Path) -> None:
    assert credentials_from({}) is None
    assert credentials_from({"DPGRAPH_ENGINE_USER": "dba", "DPGRAPH_ENGINE_PASSWORD": "s3cret"}) == Credentials("dba", "s3cret")
    file = tmp_path / "engine.cred"
    file.write_text("publisher:pa:ss:word\n", encoding="utf-8")
    # The file wins over the variables; a password may hold colons.
    found = credentials_from({"DPGRAPH_ENGINE_USER": "dba"}, file)
    assert found == Credentials("publisher", "pa:ss:word")
    assert credentials_from({"DPGRAPH_ENGINE_CREDENTIALS": str(file)}) == found


def test_a_bad_credentials_file_says_where(tmp_path: Path) -> None:
    file = tmp_path / "engine.cred"
    file.write_text("no colon here\n", encoding="utf-8")
    with pytest.raises(InputError, match="user:password") as caught:
        credentials_from({}, file)
    assert str(file) in str(caught.value) and ":1" in str(caught.value)
    with pytest.raises(InputError, match="cannot read"):
        credentials_from({}, tmp_path / "missing")


def test_a_password_is_never_shown() -> None:
    shown = repr(Credentials("dba", "s3cret")) + str(Credentials("dba", "s3cret"))
    assert "s3cret" not in shown and "dba" in shown


def test_an_engine_url_must_be_http() -> None:
    with pytest.raises(InputError, match="http"):
        connect("file:///etc/passwd", "oxigraph")


def test_an_engine_that_is_not_there_is_unavailable_not_a_crash() -> None:
    with pytest.raises(EngineUnavailable, match="cannot be reached"):
        connect("http://127.0.0.1:9/query")  # port 9 (discard): nothing listens there


def test_empty_graph_lists_stay_empty_on_the_protocol() -> None:
    # No default-graph-uri at all would mean the engine's own default graph, not an empty one.
    assert dialect_of("oxigraph").graph_parameters(([], ["http://g/1"])) == ([NO_GRAPH], ["http://g/1"])
    assert dialect_of("oxigraph").graph_parameters(None) is None


def test_virtuoso_booleans_are_typed_back() -> None:
    virtuoso, oxigraph = dialect_of("virtuoso"), dialect_of("oxigraph")
    one, zero = Literal("1", datatype=XSD_INTEGER), Literal("0", datatype=XSD_INTEGER)
    true, false = Literal("true", datatype=XSD_BOOLEAN), Literal("false", datatype=XSD_BOOLEAN)
    # A column the query computes as a boolean comes back as an integer; a stored one keeps its type.
    assert (virtuoso.cell(one, True), virtuoso.cell(zero, True)) == (true, false)
    assert virtuoso.cell(one) == one  # an integer column stays an integer
    assert virtuoso.cell(Literal("1", datatype=XSD_BOOLEAN)) == true
    assert virtuoso.cell(Literal("2", datatype=XSD_INTEGER), True) == Literal("2", datatype=XSD_INTEGER)
    assert virtuoso.cell(NamedNode("http://x/1"), True) == NamedNode("http://x/1")
    assert oxigraph.cell(one, True) == one


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_the_release_is_read_from_its_union_graph(kind: str) -> None:
    # Given several default graphs, Virtuoso 7.2 drops solutions that join across them and Oxigraph is 2-4x slower.
    served = ["http://g/1", "http://g/2"]
    dialect = dialect_of(kind)
    assert dialect.union_graph
    assert dialect.graph_parameters((served[::-1], served), served) == ([UNION_GRAPH], served)
    assert dialect.graph_parameters((served[:1], []), served) == (served[:1], [NO_GRAPH])
    # A release without a union graph (published as sparql11), or one holding a graph this
    # front hides (the restricted graph of a staff release): the graphs are listed.
    assert dialect.graph_parameters((served, served), []) == (served, served)
    assert dialect.graph_parameters((served[:1], served[:1]), served) == (served[:1], served[:1])


def _release_read_back(release: Release) -> Release | None:
    store = Store()
    store.extend(release.quads("http://g/release"))
    solutions = store.query(release_query("http://g/release"), prefixes=PREFIXES)
    names = [v.value for v in solutions.variables]
    return release_from_rows([{n: s[n].value for n in names if s[n] is not None} for s in solutions])


@pytest.mark.parametrize("union", [UNION_GRAPH, None])
def test_a_release_says_whether_it_has_a_union_graph(union: str | None) -> None:
    release = Release.new({"http://g/1": 3, "http://g/2": 4}, union)
    assert _release_read_back(release) == release


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.020764119601328908", "0.020764119601328908"),  # 17 digits: the build's own text
        ("0.010354374307862681", "0.010354374307862681"),
        ("0.50000000000000000", "0.5"),
        ("1e-05", "1e-05"),
    ],
)
def test_virtuoso_doubles_come_back_whole(text: str, expected: str) -> None:
    cut = Literal("0.0207641", datatype=XSD_DOUBLE)
    assert dialect_of("virtuoso").floating(cut, text) == Literal(expected, datatype=XSD_DOUBLE)


def test_lexical_forms_wrap_a_select_and_leave_the_prologue_outside() -> None:
    text = "PREFIX a: <http://a/> SELECT ?x WHERE { ?x a:p ?y } ORDER BY ?x"
    wrapped = with_lexical_forms(text, ["x"], ["x"], "STR({var})")
    inner = "SELECT ?x WHERE { ?x a:p ?y } ORDER BY ?x"
    assert wrapped == f"PREFIX a: <http://a/> SELECT ?x (STR(?x) AS ?x__lexical) WHERE {{ {inner}\n}}"
    assert with_lexical_forms("SELECT ?x FROM <http://g> { ?x ?p ?o }", ["x"], ["x"], "STR({var})") is None
    assert with_lexical_forms("ASK { ?x ?p ?o }", ["x"], ["x"], "STR({var})") is None
    assert with_lexical_forms("SELECT ?x { ?x ?p 'FROM' }", ["x"], ["x"], "STR({var})") is not None


def test_error_positions_are_the_clients() -> None:
    # The front's prologue sits on the query's first line: columns there move back, other lines stay.
    lead = prologue("https://example.org/")
    message = f"error at 1:{len(lead) + 7}: expected one of ..."
    assert dialect_of("oxigraph").error_message(message, lead) == "error at 1:7: expected one of ..."
    assert dialect_of("oxigraph").error_message("error at 3:12: x", lead) == "error at 3:12: x"
    assert "\n" not in lead


def test_an_html_error_page_is_read_as_its_text() -> None:
    page = """<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head><title>Error 500</title></head>
<body><h3>Error 40001</h3><pre>SR172: Transaction deadlocked &amp; rolled back</pre></body></html>"""
    message = engine_message(page, {"content-type": "text/html"}, 500)
    assert message == "Error 40001 SR172: Transaction deadlocked & rolled back"
