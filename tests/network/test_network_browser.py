"""/network in a real browser: Debian's chromium driven by Playwright, against a server on 127.0.0.1."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture()
def page(browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == []


def drawn_nodes(page) -> int:
    page.wait_for_selector("body[data-network-ready]")
    return page.evaluate("window.networkView.nodes().length")


def test_a_filter_changes_the_nodes_drawn(page, server, tmp_path):
    page.goto(f"{server}/network")
    assert drawn_nodes(page) == 44
    assert page.inner_text("#node-count") == "44"
    with page.expect_navigation():
        page.select_option("select[name=activity-kind]", label="Study")
    studies = drawn_nodes(page)
    assert 0 < studies < 44
    assert page.inner_text("#node-count") == str(studies)
    # The filter is in the URL, and nothing left empty is.
    assert parse_qs(urlparse(page.url).query) == {
        "kind": ["co-participation"],
        "activity-kind": ["/activity-kind/study"],
        "radius": ["1"],
        "size": ["pagerank"],
        "colour": ["community"],
    }
    with page.expect_navigation():
        page.fill("input[name=from]", "2021")
        page.click("#network-filters button[type=submit]")
    assert drawn_nodes(page) < studies or page.inner_text("#node-count") == "0"
    page.screenshot(path=str(os.environ.get("NETWORK_SCREENSHOT") or tmp_path / "network.png"))


def test_hover_shows_name_and_metrics_and_click_opens_the_page(page, server):
    page.goto(f"{server}/network?focus=/org/apple")
    drawn_nodes(page)
    box = page.locator("#network-canvas").bounding_box()
    x, y = page.evaluate(
        """() => { const p = window.networkView.getElementById(
             'https://w3id.org/coe-digital-partnership/org/apple').renderedPosition(); return [p.x, p.y]; }"""
    )
    page.mouse.move(box["x"] + x, box["y"] + y)
    tip = page.locator("#network-tip")
    tip.wait_for(state="visible")
    assert "Apple" in tip.inner_text() and "betweenness" in tip.inner_text()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)
    # The identifier answers 303 See Other to its HTML document.
    assert urlparse(page.url).path == "/org/apple.html"


def test_table_sorts_and_display_choices_stay_in_the_url(page, server):
    page.goto(f"{server}/network")
    drawn_nodes(page)
    page.click("#network-table th:has-text('degree') >> nth=0")
    degrees = page.eval_on_selector_all(
        "#network-table tbody tr td:nth-child(4)", "cells => cells.map(c => Number(c.dataset.value))"
    )
    assert degrees == sorted(degrees, reverse=True)
    page.select_option("select[name=size]", "betweenness")
    page.select_option("select[name=colour]", "class")
    query = parse_qs(urlparse(page.url).query)
    assert query["size"] == ["betweenness"] and query["colour"] == ["class"]
    assert "kind Company" in page.inner_text("#network-legend")


def test_a_network_cut_to_its_top_nodes_says_so_and_reranks(page, server, shared_app, monkeypatch):
    monkeypatch.setitem(shared_app.config, "NETWORK_MAX_NODES", 10)
    page.goto(f"{server}/network")
    assert drawn_nodes(page) == 10
    assert "Showing 10 of 44 nodes, ranked by pagerank" in page.inner_text("#network-shown")
    assert page.locator("#network-table tbody tr").count() == 10
    # The nodes drawn depend on the size metric, so choosing another one ranks again on the server.
    with page.expect_navigation():
        page.select_option("select[name=size]", "degree")
    assert drawn_nodes(page) == 10
    assert "ranked by degree" in page.inner_text("#network-shown")
    assert parse_qs(urlparse(page.url).query)["size"] == ["degree"]
