"""The Content-Security-Policy in a real browser: every kind of page renders under it, with no violation
reported, and an IRI with a `javascript:` scheme in a query result is text, in the HTML table and in YASGUI."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

# Each page, and what shows that it rendered (its scripts ran and its styles applied).
PAGES = {
    "/": "main h1",
    "/org/apple.html": "#section-statements table.statements",
    "/activities": "table[data-filterable]",
    "/dataset.html": "main h1",
    "/queries/": "dl.queries",
    "/queries/partners": "table.results",
    "/validation": "section.shape",
    "/ontology.html": "#classes",
    "/network": "body[data-network-ready]",
    "/sparql": ".yasqe .CodeMirror",
}
XSS = 'SELECT (IRI("javascript:alert(1)") AS ?x) (IRI("data:text/html,%3Cscript%3Ealert(1)%3C/script%3E") AS ?y) {}'

# Recorded from the page's first script on, so a violation during loading is seen too.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture()
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.add_init_script(RECORD_VIOLATIONS)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.problems = problems
    yield page
    page.close()


@pytest.mark.parametrize(("path", "rendered"), PAGES.items())
def test_every_kind_of_page_renders_under_the_policy(page, server, path: str, rendered: str) -> None:
    response = page.goto(server + path)
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.wait_for_selector(rendered, state="attached", timeout=20000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.cspViolations") == []
    assert page.problems == []


def test_a_javascript_iri_in_the_results_table_is_text_that_runs_nothing(page, server) -> None:
    page.goto(f"{server}/sparql?query={quote(XSS)}")
    cells = page.locator("table.results td")
    assert cells.all_inner_texts() == ["javascript:alert(1)", "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E"]
    assert page.locator("table.results a").count() == 0
    cells.first.click()
    assert page.url.startswith(server) and page.problems == []


def test_a_javascript_iri_in_yasgui_runs_nothing(page, server) -> None:
    page.goto(f"{server}/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate(f"(() => {{ const tab = window.dpgraphYasgui.getTab(); tab.setQuery({XSS!r}); tab.query(); }})()")
    page.wait_for_selector(".yasr table td", timeout=15000)
    assert "javascript:alert(1)" in page.inner_text(".yasr table")
    for link in page.locator(".yasr table a").all():
        link.click()
    # Dragging a column's edge: YASGUI's column resizer adds its own <style> elements (allowed by hash).
    grip = page.locator(".grip-handle .grip-resizable").nth(1).bounding_box()
    page.mouse.move(grip["x"] + 5, grip["y"] + 5)
    page.mouse.down()
    page.mouse.move(grip["x"] + 60, grip["y"] + 5, steps=5)
    page.mouse.up()
    page.wait_for_timeout(500)
    assert page.url.startswith(f"{server}/sparql")
    assert page.evaluate("window.cspViolations") == [] and page.problems == []
