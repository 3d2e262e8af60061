"""Issue #16 without a browser: the search form of every page's header, and the /validation page's
folded groups (every result still in the page, its downloads unchanged)."""

from __future__ import annotations

import json
import re

import pytest

# One page of each kind the site renders from base.html.
PAGES = [
    "/",
    "/partners",
    "/activities",
    "/org/apple.html",
    "/activity/001-s5-1st-plenary-meeting-2019-11-18.html",
    "/doc/001.html",
    "/search?q=apple",
    "/dataset.html",
    "/validation",
    "/queries/",
    "/queries/partners",
    "/sparql",
    "/network",
]
SEARCH_FORM = '<form class="site-search" role="search" method="get" action="/search">'


def header(html: str) -> str:
    return re.search(r'<header class="site">(.*?)</header>', html, re.S).group(1)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_search_form_in_its_header(published, path: str) -> None:
    response = published.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    top = header(response.get_data(as_text=True))
    assert SEARCH_FORM in top
    # Labelled: a <label for> names the one input, whose name is the one /search reads.
    label = re.search(r'<label for="([^"]+)">([^<]+)</label>', top)
    assert label and label.group(2).strip()
    assert re.search(rf'<input id="{label.group(1)}" type="search" name="q"', top)
    assert '<button type="submit">Search</button>' in top


def test_the_404_page_has_it_too(published) -> None:
    response = published.get("/org/appel")
    assert response.status_code == 404
    assert SEARCH_FORM in header(response.get_data(as_text=True))


def test_what_the_form_sends_lands_on_search_results(published) -> None:
    # A GET form sends its input as ?q=...: what a browser without JavaScript requests.
    html = published.get("/search", query_string={"q": "Apple"}).get_data(as_text=True)
    assert "named like “Apple”" in html and 'href="/org/apple"' in html


def results_of(html: str) -> list[str]:
    return re.findall(r'<li class="result" id="(r-[0-9a-f]{12})">', html)


def groups_of(html: str) -> list[tuple[str, bool]]:
    """(shape section id, whether its <details> is open), in page order."""
    found = re.finditer(r'<section class="shape \w+" id="([^"]+)">\s*<details( open)?>', html)
    return [(m.group(1), bool(m.group(2))) for m in found]


def test_validation_folds_each_shape_with_the_most_severe_open(published) -> None:
    html = published.get("/validation").get_data(as_text=True)
    # Every result is in the page, each once, as the JSON report lists them.
    report = json.loads(published.get("/validation/report.json").get_data(as_text=True))
    assert sorted(results_of(html)) == sorted(r["anchor"] for r in report["results"])
    groups = dict(groups_of(html))
    # No violations here: the warnings are open, the 54 infos folded under their shape's name with the count.
    assert groups == {"shape-ParticipationBeforeJoining": True, "shape-FrenchNameToAdd": False}
    assert re.search(r"<summary>\s*<h3>French name to add <span class=\"muted\">\(54 infos\)</span></h3>\s*</summary>", html)
    assert 'href="/validation?open=all"' in html


@pytest.mark.parametrize(
    "query", ["?open=all", "?severity=Info", "?shape=https://w3id.org/coe-digital-partnership/shapes%23FrenchNameToAdd"]
)
def test_validation_opens_every_group_when_asked_or_filtered(published, query: str) -> None:
    html = published.get("/validation" + query).get_data(as_text=True)
    assert groups_of(html) and all(is_open for _, is_open in groups_of(html))
    assert "Open every group" not in html
