"""The query page in a real browser: a broken query's message shows as place, token and expectations, and the
editor's cursor goes to the place."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_syntax_error_reads_plainly_in_the_query_ui(server, browser) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{server}/sparql")
        page.wait_for_selector(".yasqe .CodeMirror")
        tab = "window.dpgraphYasgui.getTab()"
        page.evaluate(f"() => {{ {tab}.setQuery('SELECT *\\nWHERE {{\\n  ?s ?p \"café\" . ?x ?y ] }}'); {tab}.query(); }}")
        page.wait_for_selector(".yasr .dpgraph-syntax-error", timeout=15000)
        shown = page.inner_text(".yasr .dpgraph-syntax-error")
        assert "SPARQL syntax error at line 3, column 24" in shown
        assert 'found "]"' in shown and "expected a variable, an IRI" in shown
        assert "\\u{" not in page.inner_text(".yasr")
        cursor = page.evaluate("window.dpgraphYasgui.getTab().getYasqe().getCursor()")
        assert (cursor["line"], cursor["ch"]) == (2, 23)
    finally:
        page.close()
