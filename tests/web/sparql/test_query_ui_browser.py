"""The query page in a real browser: YASGUI loads from this site only, and a canned query runs in one click."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from tests.endpoint_support import BIN, free_port, query_when_up, serve

pytestmark = pytest.mark.browser


def test_canned_query_runs_in_one_click_with_nothing_fetched_elsewhere(settings, built, browser) -> None:
    # The production server (`dpgraph serve`, waitress) in its own process, and the shared chromium.
    port = free_port()
    process = serve([str(BIN / "dpgraph"), "serve", "--port", str(port), "--data", str(settings.output_dir / "public.trig")], {})
    hosts: set[str] = set()
    try:
        query_when_up(port, process)
        page = browser.new_page()
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        page.goto(f"http://127.0.0.1:{port}/sparql")
        page.wait_for_selector(".yasqe .CodeMirror")
        editor = page.evaluate("window.dpgraphYasgui.getTab().getQuery()")
        assert "PREFIX dp: <https://w3id.org/coe-digital-partnership/ontology#>" in editor
        page.click('button[data-query="partners"]')
        page.wait_for_selector(".yasr table", timeout=15000)
        assert "Apple" in page.inner_text(".yasr")
        page.close()
    finally:
        process.terminate()
        process.wait(10)
    assert hosts == {f"127.0.0.1:{port}"}
