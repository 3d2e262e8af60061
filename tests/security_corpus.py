"""Requests that try to make the endpoint connect somewhere: SERVICE and LOAD in every legal disguise.

Each entry is (kind, text) for a listener at `url` (http://127.0.0.1:PORT). The forms come from
the attacks on the earlier lexer (an escaped IRI made it read the rest of the line as a
comment) and from the grammar: escapes in IRIs and prefixes, prefixed names, BASE and relative
IRIs, sub-queries, EXISTS, OPTIONAL, MINUS, UNION, GRAPH, comments, case, odd whitespace,
long strings, variables, and the update forms.
"""

from __future__ import annotations


def _escaped(text: str) -> str:
    """Every character of `text` as a SPARQL \\u escape (legal inside an IRI)."""
    return "".join(f"\\u{ord(c):04X}" for c in text)


def corpus(url: str) -> list[tuple[str, str]]:
    host, port = url.removeprefix("http://").split(":")
    target = f"{url}/sparql"
    pattern = "{ ?s ?p ?o }"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{target}> {pattern} }}",
        # the escaped IRI that fooled the old lexer into reading "#>..." as a comment
        f"SELECT * WHERE {{ BIND(<http://x/\\u0041#> AS ?x) SERVICE <{target}> {pattern} }}",
        f"SELECT * WHERE {{ BIND(<http://x/\\U00000041#> AS ?x) SERVICE SILENT <{target}> {pattern} }}",
        f"SELECT * WHERE {{ SERVICE <http://{_escaped(host)}:{port}/sparql> {pattern} }}",
        f"SELECT * WHERE {{ SERVICE <{_escaped(target)}> {pattern} }}",
        f"PREFIX e: <{url}/> SELECT * WHERE {{ SERVICE e:sparql {pattern} }}",
        f"PREFIX e: <{_escaped(url + '/')}> SELECT * WHERE {{ SERVICE e:sparql {pattern} }}",
        f"PREFIX : <{url}/> SELECT * WHERE {{ SERVICE :sparql {pattern} }}",
        f"BASE <{url}/> SELECT * WHERE {{ SERVICE <sparql> {pattern} }}",
        f"BASE <{url}/x/> SELECT * WHERE {{ SERVICE <../sparql> {pattern} }}",
        f"select * where {{ sErViCe <{target}> {pattern} }}",
        f"SELECT * WHERE {{ SERVICE#comment <http://elsewhere/>\n<{target}> {pattern} }}",
        f"SELECT * WHERE {{\tSERVICE\r\n\f<{target}>{pattern}}}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{target}> {pattern} }} }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{target}> {pattern} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{target}> {pattern} }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{target}> {pattern} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{target}> {pattern} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{target}> {pattern} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{target}> {pattern} }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{target}> }} SERVICE ?e {pattern} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {pattern} }}",
        f"SELECT * WHERE {{ ?s ?p '''a # quote ' in a long string''' . SERVICE <{target}> {pattern} }}",
        f'SELECT * WHERE {{ ?s ?p "#" . SERVICE <{target}> {pattern} }}',
        f"SELECT * WHERE {{ <http://a/'> ?p ?o SERVICE <{target}> {pattern} <http://b/'> ?p ?o }}",
        f"ASK {{ SERVICE <{target}> {pattern} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {pattern} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{target}> {pattern} }}",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{target}> {pattern} }} GROUP BY ?s HAVING (COUNT(*) > 0)",
    ]
    updates = [
        f"LOAD <{url}/data.ttl>",
        f"load silent <{url}/data.ttl> into graph <http://g/>",
        f"LOAD <{_escaped(url + '/data.ttl')}>",
        f"PREFIX e: <{url}/> LOAD e:data.ttl",
        f"BASE <{url}/> LOAD <data.ttl>",
        f"INSERT DATA {{ <http://a/> <http://b/> <http://x/\\u0041#> }} ; LOAD <{url}/data.ttl>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {pattern} }}",
        f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{target}> {pattern} }} }}",
    ]
    return [("query", q) for q in queries] + [("update", u) for u in updates]
