"""web/querycheck.py: SERVICE, LOAD and FROM found as the engine would read them, never inside IRIs or strings."""

from __future__ import annotations

import pytest

from dpgraph.rdf import PREFIXES
from dpgraph.web.querycheck import query_form, reach, refusal, with_using, with_values

ALLOWED = frozenset({"http://127.0.0.1:9/sparql"})


@pytest.mark.parametrize(
    ("text", "services"),
    [
        ("SELECT * { SERVICE <http://a/> { ?s ?p ?o } }", ("http://a/",)),
        ("select * { service silent <http://a/> { ?s ?p ?o } }", ("http://a/",)),
        ("PREFIX ex: <http://e/> SELECT * { SERVICE ex:s { ?s ?p ?o } }", ("http://e/s",)),
        ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", (None,)),
        ("SELECT * {#comment\nSERVICE<http://a/>{?s ?p ?o}}", ("http://a/",)),
        ("SELECT * { <http://x/SERVICE> ?p 'SERVICE <http://a/>' } # SERVICE <http://b/>", ()),
        ('SELECT * { ?s ex:service ?o ; ?p "x"@service ; ?q """SERVICE\n<http://a/>""" }', ()),
        # an apostrophe inside an IRI opens no string: the SERVICE after it is still seen
        ("SELECT * { <http://a/'> ?p ?o SERVICE <http://evil/> {} <http://b/'> ?p ?o }", ("http://evil/",)),
        ("SELECT * { ?s ?p ?o FILTER(?o<'1') SERVICE <http://evil/> { ?s ?p ?o } }", ("http://evil/",)),
    ],
)
def test_service_targets(text: str, services: tuple[str | None, ...]) -> None:
    assert reach(text, PREFIXES).services == services


def test_load_and_from() -> None:
    assert reach("LOAD <http://a/data.ttl>", PREFIXES).loads
    assert reach("load silent <http://a/> into graph <http://g>", PREFIXES).loads
    assert not reach("INSERT DATA { <http://a/> <http://p> 'LOAD' }", PREFIXES).loads
    assert reach("SELECT * FROM <http://a/> { ?s ?p ?o }", PREFIXES).dataset_clause
    assert reach("SELECT * FROM NAMED <http://a/> { GRAPH ?g { ?s ?p ?o } }", PREFIXES).dataset_clause
    assert not reach("SELECT * { ?s <http://a/from> ?o }", PREFIXES).dataset_clause


def test_refusal_rules() -> None:
    none, one = frozenset(), ALLOWED
    assert "turned off" in refusal(reach("SELECT * { SERVICE <http://127.0.0.1:9/sparql> {} }", PREFIXES), none)
    assert refusal(reach("SELECT * { SERVICE <http://127.0.0.1:9/sparql> {} }", PREFIXES), one) is None
    assert "allow-list" in refusal(reach("SELECT * { SERVICE <http://other/> {} }", PREFIXES), one)
    assert "variable" in refusal(reach("SELECT * { SERVICE ?s {} }", PREFIXES), one)
    assert "LOAD" in refusal(reach("LOAD <http://127.0.0.1:9/sparql>", PREFIXES), one)
    assert refusal(reach("SELECT * { ?s ?p ?o }", PREFIXES), none) is None


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * {}", "SELECT"),
        ("# c\nPREFIX a: <http://a/>\nBASE <http://b/>\nask {}", "ASK"),
        ("PREFIX : <http://a/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://a/>", "DESCRIBE"),
        ("INSERT DATA {}", None),
        ("", None),
    ],
)
def test_query_form(text: str, form: str | None) -> None:
    assert query_form(text) == form


def test_with_values_binds_typed_terms_at_the_top_of_the_where_group() -> None:
    from pyoxigraph import Literal, NamedNode, Quad, Store, Variable

    text = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o FILTER(!BOUND(?year) || ?o = ?year) } GROUP BY ?s"
    tricky = Literal('2019" } } SELECT * { ?a ?b ?c } #')
    bound = with_values(text, {Variable("year"): tricky})
    assert bound.startswith('SELECT ?s (COUNT(?o) AS ?n) WHERE { VALUES (?year) { ("2019\\" } } SELECT * {')
    store = Store()
    store.add(Quad(NamedNode("http://s"), NamedNode("http://p"), tricky))
    rows = list(store.query(bound))
    assert [(r["s"].value, r["n"].value) for r in rows] == [("http://s", "1")]
    assert with_values("SELECT * { ?s ?p ?o }", {}) == "SELECT * { ?s ?p ?o }"


def test_with_using_scopes_every_modify_where_and_nothing_else() -> None:
    update = (
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { SELECT * WHERE { ?a ?b ?c } } } ;\n"
        "INSERT DATA { <http://a> <http://b> 'WHERE' } ; DELETE WHERE { ?x ?y ?z } ;\n"
        "INSERT { ?a ?b ?c } # WHERE\nWHERE {}"
    )
    scoped = with_using(update, ("http://g1",), ("http://g2",))
    assert scoped.count("USING <http://g1> USING NAMED <http://g2> WHERE") == 2
    assert "DELETE WHERE { ?x ?y ?z }" in scoped and "SELECT * WHERE { ?a ?b ?c }" in scoped
    assert with_using(update, (), ()) == update
    with pytest.raises(ValueError, match="own dataset"):
        with_using("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ("http://g1",), ())
