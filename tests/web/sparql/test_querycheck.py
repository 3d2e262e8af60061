"""web/sparql/querycheck.py: SERVICE, LOAD and FROM found in the parsed request, never inside IRIs or strings;
what cannot be read is refused."""

from __future__ import annotations

import pytest

from dpgraph.rdf.sparqltext import query_form, with_using, with_values
from dpgraph.rdf.terms import PREFIXES
from dpgraph.web.sparql.querycheck import reach, refusal, remote_refusal

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
        ('PREFIX ex: <http://e/> SELECT * { ?s ex:service ?o ; ?p "x"@service ; ?q """SERVICE\n<http://a/>""" }', ()),
        # an apostrophe inside an IRI opens no string: the SERVICE after it is still seen
        ("SELECT * { <http://a/'> ?p ?o SERVICE <http://evil/> {} <http://b/'> ?p ?o }", ("http://evil/",)),
        ("SELECT * { ?s ?p ?o FILTER(?o<'1') SERVICE <http://evil/> { ?s ?p ?o } }", ("http://evil/",)),
    ],
)
def test_service_targets(text: str, services: tuple[str | None, ...]) -> None:
    assert reach(text, PREFIXES).services == services


def test_load_and_from() -> None:
    assert reach("LOAD <http://a/data.ttl>", PREFIXES, "update").loads
    assert reach("load silent <http://a/> into graph <http://g>", PREFIXES, "update").loads
    assert not reach("INSERT DATA { <http://a/> <http://p> 'LOAD' }", PREFIXES, "update").loads
    assert reach("SELECT * FROM <http://a/> { ?s ?p ?o }", PREFIXES).dataset_clause
    assert reach("SELECT * FROM NAMED <http://a/> { GRAPH ?g { ?s ?p ?o } }", PREFIXES).dataset_clause
    assert not reach("SELECT * { ?s <http://a/from> ?o }", PREFIXES).dataset_clause


def test_refusal_rules() -> None:
    none, one = frozenset(), ALLOWED

    def why(text: str, allow: frozenset[str], kind: str = "query") -> tuple[int, str] | None:
        found = refusal(reach(text, PREFIXES, kind), allow)
        return (found.status, found.message) if found else None

    assert why("SELECT * { SERVICE <http://127.0.0.1:9/sparql> {} }", none) == (
        403,
        "SERVICE (federated query) is turned off on this endpoint",
    )
    assert why("SELECT * { SERVICE <http://127.0.0.1:9/sparql> {} }", one) is None
    assert "allow-list" in why("SELECT * { SERVICE <http://other/> {} }", one)[1]
    assert "variable" in why("SELECT * { SERVICE ?s {} }", one)[1]
    assert "LOAD" in why("LOAD <http://127.0.0.1:9/sparql>", one, "update")[1]
    assert why("SELECT * { ?s ?p ?o }", none) is None
    # an update sent as a query is not read as one, so it is refused, not let through
    assert why("LOAD <http://127.0.0.1:9/sparql>", one)[0] == 400


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service WHERE { ?service ?p ?o }",
        "SELECT * WHERE { ?s <http://example.org/serviceLoad> 'from a LOAD of SERVICE' }",
        "PREFIX dp: <https://w3id.org/coe-digital-partnership/ontology#> SELECT * { ?s a dp:Service }",
        "SELECT * { ?s ?p ?o } # the canned query from which this one comes",
    ],
)
def test_words_that_are_not_keywords_let_the_query_run(text: str) -> None:
    assert refusal(reach(text, PREFIXES), frozenset()) is None


def test_deep_nesting_is_refused_before_any_parser_reads_it() -> None:
    for text in ("SELECT * { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }", "SELECT * " + "{" * 20000 + "}" * 20000):
        found = refusal(reach(text, PREFIXES), frozenset())
        assert found is not None and found.status == 400 and "at most" in found.message


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


# What a remote engine needs to know of a query, read by the real parser (parse=True), and what
# may not reach it: Virtuoso reads more than SPARQL 1.1, and some of it reaches its file system.
@pytest.mark.parametrize(
    "text",
    [
        "DEFINE input:default-graph-uri <https://w3id.org/coe-digital-partnership/graph/restricted> SELECT * { ?s ?p ?o }",
        'DEFINE get:soft "replace" SELECT * { ?s ?p ?o }',
        "SELECT * { ?s ?p ?o OPTION (QUIETCAST) }",
    ],
)
def test_what_sparql_11_does_not_read_never_reaches_a_remote_engine(text: str) -> None:
    why = remote_refusal(reach(text, PREFIXES, parse=True))
    assert why is not None and why.status == 400


@pytest.mark.parametrize(
    "text",
    [
        'PREFIX bif: <bif:> SELECT (bif:file_to_string("/etc/passwd") AS ?x) {}',
        'SELECT (<bif:file_to_string>("/etc/passwd") AS ?x) {}',
        'SELECT (<\\u0062if:system>("id") AS ?x) {}',  # an escaped IRI is the same IRI to the parser
        "PREFIX sql: <sql:> SELECT * { ?s ?p ?o FILTER(sql:anything(?o)) }",
    ],
)
def test_engine_functions_are_refused_before_the_engine(text: str) -> None:
    why = remote_refusal(reach(text, PREFIXES, parse=True))
    assert why is not None and why.status == 403 and "not available" in why.message


def test_sparql_functions_and_casts_go_to_a_remote_engine() -> None:
    text = "SELECT (xsd:integer(?n) AS ?i) (STRLEN(?s) AS ?l) WHERE { VALUES (?n ?s) { ('1' 'ab') } }"
    assert remote_refusal(reach(text, PREFIXES, parse=True)) is None


def test_the_query_graphs_booleans_and_concatenations_are_read() -> None:
    text = """SELECT ?a (GROUP_CONCAT(DISTINCT ?t; separator=" | ") AS ?titles) (GROUP_CONCAT(?u) AS ?plain)
        (?a = 1 AS ?same) FROM <http://g/1> FROM NAMED <http://g/2>
        WHERE { BIND(BOUND(?x) AS ?has) BIND(true AS ?yes) BIND(STR(?a) AS ?text) } GROUP BY ?a"""
    found = reach(text, PREFIXES)
    assert found.from_graphs == ("http://g/1",) and found.from_named == ("http://g/2",)
    assert found.concatenations == (("plain", " "), ("titles", " | "))
    assert found.boolean_columns == ("has", "same", "yes")
