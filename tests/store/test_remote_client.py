"""store/remote.py and store/dialects.py without an engine: where the endpoints are, where the
credentials come from (never shown), and how an engine's answers are brought back to SPARQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from dpgraph.errors import InputError
from dpgraph.store import EngineUnavailable
from dpgraph.store.dialects import NO_GRAPH, XSD_BOOLEAN, XSD_INTEGER, dialect_of
from dpgraph.store.remote import Credentials, connect, credentials_from, derived_endpoints
from dpgraph.store.remote_engine import prologue


@pytest.mark.parametrize(
    ("url", "kind", "update", "store"),
    [
        ("http://127.0.0.1:7878/query", "oxigraph", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store"),
        ("http://h:8890/sparql", "virtuoso", "http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth"),
        ("http://h:8890/sparql/", "virtuoso", "http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth"),
        ("https://example.org/ds/sparql", "sparql11", None, None),
    ],
)
def test_endpoints_derive_from_the_kind(url: str, kind: str, update: str | None, store: str | None) -> None:
    found = derived_endpoints(url, kind)
    assert (found.update_url, found.store_url) == (update, store)


def test_given_endpoints_win_and_an_unknown_kind_is_named() -> None:
    found = derived_endpoints("http://h/q", "sparql11", "http://h/u", "http://h/s")
    assert (found.update_url, found.store_url) == ("http://h/u", "http://h/s")
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
    assert virtuoso.boolean(one) == Literal("true", datatype=XSD_BOOLEAN)
    assert virtuoso.boolean(zero) == Literal("false", datatype=XSD_BOOLEAN)
    assert virtuoso.boolean(Literal("2", datatype=XSD_INTEGER)) == Literal("2", datatype=XSD_INTEGER)
    assert virtuoso.boolean(NamedNode("http://x/1")) == NamedNode("http://x/1")
    assert oxigraph.boolean(one) == one


def test_error_positions_are_the_clients() -> None:
    # The front's prologue sits on the query's first line: columns there move back, other lines stay.
    lead = prologue("https://example.org/")
    message = f"error at 1:{len(lead) + 7}: expected one of ..."
    assert dialect_of("oxigraph").error_message(message, lead) == "error at 1:7: expected one of ..."
    assert dialect_of("oxigraph").error_message("error at 3:12: x", lead) == "error at 3:12: x"
    assert "\n" not in lead
