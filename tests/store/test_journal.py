"""The journal of committed updates (dpgraph.store.journal): written line by line, read strictly, replayed
on the default dataset by everything that opens it (`dpgraph serve`, `dpgraph query`)."""

from __future__ import annotations

import logging

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store

from dpgraph.cli import main
from dpgraph.errors import InputError
from dpgraph.layout import restricted_graph
from dpgraph.store import journal
from dpgraph.store.files import open_dataset

G = NamedNode("http://example.org/g")
P = NamedNode("http://example.org/p")


def quad(value: str, graph: NamedNode = G) -> Quad:
    return Quad(NamedNode("http://example.org/s"), P, Literal(value), graph)


@pytest.fixture()
def own(settings, built, tmp_path):
    """The test settings with an empty journal of this test's own."""
    return settings.with_(journal=tmp_path / "updates" / "journal.jsonl")


def test_changes_are_read_back_in_order_with_blank_nodes_and_any_text(tmp_path) -> None:
    path = tmp_path / "updates" / "journal.jsonl"
    node = Quad(BlankNode("b1"), P, Literal("Zürich\n“quoted” \\ line"), G)
    journal.append(path, journal.Change([], [quad("a"), node]))
    journal.append(path, journal.Change([quad("a")], [quad("b")]))
    assert list(journal.read(path)) == [journal.Change([], [quad("a"), node]), journal.Change([quad("a")], [quad("b")])]
    store = Store()
    store.add(quad("c"))
    assert journal.replay(path, store) == 2
    assert set(store) == {quad("b"), quad("c"), node}  # removing the absent "a" a second time changes nothing


def test_no_journal_is_no_change(tmp_path) -> None:
    assert journal.replay(tmp_path / "none.jsonl", Store()) == 0


@pytest.mark.parametrize("bad", ['{"removed": "", "added": "<not a quad> ."}', "not json", '{"added": ""}', "[]"])
def test_a_bad_line_is_an_error_naming_the_file_and_line(tmp_path, bad: str) -> None:
    path = tmp_path / "journal.jsonl"
    journal.append(path, journal.Change([], [quad("a")]))
    path.write_text(path.read_text(encoding="utf-8") + bad + "\n", encoding="utf-8")
    journal.append(path, journal.Change([], [quad("b")]))
    with pytest.raises(InputError) as caught:
        journal.replay(path, Store())
    assert str(caught.value).startswith(f"{path}:2: not a readable journal entry")


def test_the_torn_last_line_of_a_crash_is_reported_and_cut_off_by_the_next_append(tmp_path, caplog) -> None:
    path = tmp_path / "journal.jsonl"
    journal.append(path, journal.Change([], [quad("a")]))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"at": "2026-01-01T00:00:00+00:00", "removed": "", "ad')  # the write the crash interrupted
    with caplog.at_level(logging.WARNING, logger="dpgraph.store.journal"):
        store = Store()
        assert journal.replay(path, store) == 1 and set(store) == {quad("a")}
    assert f"{path}:2: an incomplete last line" in caplog.text
    journal.append(path, journal.Change([], [quad("b")]))
    assert [c.added for c in journal.read(path)] == [[quad("a")], [quad("b")]]


def test_the_default_dataset_replays_the_journal_onto_the_same_blank_nodes(own) -> None:
    built = open_dataset(own)
    blank = next(q for q in built if isinstance(q.subject, BlankNode))
    journal.append(own.journal_file, journal.Change([blank], [quad("added")]))
    replayed = open_dataset(own)
    # The build's blank nodes keep their labels from one opening to the next, so the removal applies.
    assert blank not in replayed and quad("added") in replayed
    assert len(replayed) == len(built)


def test_the_restricted_graph_an_update_wrote_is_served_only_with_the_restricted_data(own) -> None:
    journal.append(own.journal_file, journal.Change([], [quad("personal", restricted_graph(own))]))
    assert quad("personal", restricted_graph(own)) not in open_dataset(own)
    assert quad("personal", restricted_graph(own)) in open_dataset(own, restricted=True)


def test_dpgraph_query_sees_the_journal(own, monkeypatch, capsys) -> None:
    journal.append(own.journal_file, journal.Change([], [quad("from an update")]))
    monkeypatch.setenv("DPGRAPH_BUILD", str(own.output_dir))
    monkeypatch.setenv("DPGRAPH_JOURNAL", str(own.journal_file))
    assert main(["query", "SELECT ?o WHERE { <http://example.org/s> ?p ?o }", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "o\r\nfrom an update\r\n"


def test_a_corrupt_journal_stops_dpgraph_query_with_its_file_and_line(own, monkeypatch, capsys) -> None:
    own.journal_file.parent.mkdir(parents=True)
    own.journal_file.write_text("oops\n", encoding="utf-8")
    monkeypatch.setenv("DPGRAPH_BUILD", str(own.output_dir))
    monkeypatch.setenv("DPGRAPH_JOURNAL", str(own.journal_file))
    assert main(["query", "ASK {}"]) == 2
    assert f"{own.journal_file}:1: not a readable journal entry" in capsys.readouterr().err
