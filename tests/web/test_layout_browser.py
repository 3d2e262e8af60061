"""Issue #16 in a real browser (Debian's chromium through Playwright, tests/conftest.py): no page is
wider than the window at 1366 px or on a 390 px phone, /validation folds its results, a document's
line ranges (#L12-L15) are highlighted, and the header's search box works and fits."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser

WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
PAGES = ["/activities", "/partners", "/validation", "/org/apple.html", "/doc/001.html", "/", "/dataset.html", "/queries/partners"]
# /validation was 10,524 px tall at 1366 px before its groups folded (1,590 px after).
VALIDATION_HEIGHT = 4000


@pytest.fixture()
def open_page(browser):
    opened = []

    def make(viewport: dict[str, int], javascript: bool = True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        opened.append((context, page))
        return page

    yield make
    for context, page in opened:
        context.close()
        assert page.errors == []


def widths(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_the_window(open_page, server, path: str, viewport) -> None:
    page = open_page(viewport)
    page.goto(server + path)
    scroll_width, inner_width = widths(page)
    assert scroll_width <= inner_width, f"{path} is {scroll_width} px wide in a {inner_width} px window"


def test_a_wide_table_scrolls_in_its_own_box_on_a_phone(open_page, server) -> None:
    page = open_page(PHONE)
    page.goto(server + "/activities")
    box = page.locator("#table-activities").evaluate(
        "t => { const b = t.parentElement; return [b.className, b.clientWidth, b.scrollWidth, t.rows.length]; }"
    )
    assert box[0] == "table-scroll" and box[2] > box[1] and box[3] > 90
    # The date as printed wraps rather than stretching its column to its longest text.
    cell = page.locator("#table-activities td.col-printed", has_text="Four meetings in Strasbour").first
    assert cell.evaluate("c => getComputedStyle(c).whiteSpace") != "nowrap"


def test_validation_is_short_and_every_result_still_reachable(open_page, server) -> None:
    page = open_page(WIDE)
    page.goto(server + "/validation")
    assert page.evaluate("document.documentElement.scrollHeight") < VALIDATION_HEIGHT
    results = page.locator("li.result")
    assert results.count() == 59
    info = page.locator("#shape-FrenchNameToAdd")
    assert not info.locator("li.result").first.is_visible()
    assert page.locator("#shape-ParticipationBeforeJoining li.result").first.is_visible()
    # A click on the shape's name opens its results.
    info.locator("summary").click()
    assert info.locator("li.result").first.is_visible()
    assert all(r.is_visible() for r in results.all())


def test_a_permalink_to_a_folded_result_opens_its_group(open_page, server) -> None:
    page = open_page(WIDE)
    page.goto(server + "/validation")
    anchor = page.locator("#shape-FrenchNameToAdd li.result").nth(20).get_attribute("id")
    page.goto(f"{server}/validation#{anchor}")
    target = page.locator(f"#{anchor}")
    assert target.is_visible() and in_viewport(page, f"#{anchor}")


def test_validation_opens_every_group_without_javascript(open_page, server) -> None:
    page = open_page(WIDE, javascript=False)
    page.goto(server + "/validation")
    assert not page.locator("#shape-FrenchNameToAdd li.result").first.is_visible()
    page.click("text=Open every group")
    assert parse_qs(urlparse(page.url).query) == {"open": ["all"]}
    assert all(r.is_visible() for r in page.locator("li.result").all())


def highlighted(page) -> list[str]:
    return page.eval_on_selector_all(".source.document .line.highlight", "lines => lines.map(l => l.id)")


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector, "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_a_line_range_is_highlighted_and_scrolled_to(open_page, server, viewport) -> None:
    page = open_page(viewport)
    # L12-L15 is no excerpt the graph cites (no anchor of that name): any range works.
    page.goto(f"{server}/doc/001#L12-L15")
    assert urlparse(page.url).path == "/doc/001.html"
    page.wait_for_function("document.querySelectorAll('.line.highlight').length > 0")
    assert highlighted(page) == ["L12", "L13", "L14", "L15"]
    assert in_viewport(page, "#L12") and page.evaluate("window.scrollY") > 0
    # A new fragment moves the highlight.
    page.evaluate("location.hash = '#L20'")
    page.wait_for_function("document.querySelector('#L20').classList.contains('highlight')")
    assert highlighted(page) == ["L20"]
    assert in_viewport(page, "#L20")


def test_a_cited_excerpt_and_a_far_line(open_page, server) -> None:
    page = open_page(WIDE)
    page.goto(f"{server}/doc/001.html#L82-L84")  # an excerpt the graph cites (Apple's joining)
    page.wait_for_function("document.querySelectorAll('.line.highlight').length > 0")
    assert highlighted(page) == ["L82", "L83", "L84"]
    page.evaluate("location.hash = '#L300-L301'")
    page.wait_for_function("document.querySelector('#L300').classList.contains('highlight')")
    assert highlighted(page) == ["L300", "L301"] and in_viewport(page, "#L300")
    page.evaluate("location.hash = '#section-text'")
    page.wait_for_function("document.querySelectorAll('.line.highlight').length === 0")


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_header_search_lands_on_results(open_page, server, viewport, javascript: bool) -> None:
    page = open_page(viewport, javascript=javascript)
    page.goto(server + "/org/apple.html")
    box = page.locator("header.site form.site-search").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert widths(page)[0] <= viewport["width"]
    page.get_by_role("search").get_by_label("Search names").fill("Budapest")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == "/search" and parse_qs(urlparse(page.url).query) == {"q": ["Budapest"]}
    assert page.locator("ul.results li").count() > 0
    assert "Budapest" in page.locator("ul.results").inner_text()
