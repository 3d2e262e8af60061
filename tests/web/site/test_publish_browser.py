"""A real browser (Debian's chromium, driven by Playwright) reads the site: the home page, a
partner, an activity and its source lines, and the activities index filtered on the static copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpgraph.web.site.export import export_site

pytestmark = pytest.mark.browser


@pytest.fixture()
def page(browser, tmp_path_factory):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def shoot(page, name: str, tmp_path_factory) -> Path:
    path = tmp_path_factory.getbasetemp() / "screenshots" / f"{name}.png"
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path), full_page=False)
    return path


def test_home_to_a_partner_and_one_of_its_activities(server, page, tmp_path_factory):
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Digital Partnership Knowledge Graph"
    page.locator("ul.tiles").get_by_role("link", name="Digital Partners").click()
    page.wait_for_url("**/partners")
    page.get_by_role("link", name="Apple", exact=True).click()
    page.wait_for_url("**/org/apple.html")  # after 303 See Other from /org/apple
    assert page.locator("h1").inner_text() == "Apple"
    membership = page.locator("#section-membership")
    assert "2017 cohort" in membership.inner_text()
    assert "Active" in membership.inner_text()
    activities = page.locator("#section-activities")
    assert "Octopus Conference" in activities.inner_text()
    shoot(page, "partner", tmp_path_factory)
    activities.get_by_role("link", name="Octopus Conference").click()
    page.wait_for_url("**/activity/001-s5-octopus-conference-2021-11-16.html")
    summary = page.locator("dl.summary")
    assert "Apple" in summary.inner_text()
    assert "2021-11-16" in summary.inner_text()
    assert page.locator("#section-provenance .source").first.is_visible()
    shoot(page, "activity", tmp_path_factory)


def test_activity_from_the_index_with_its_source_lines(server, page, tmp_path_factory):
    page.goto(server + "/")
    page.locator("ul.tiles").get_by_role("link", name="workplan activities").click()
    page.locator("select[name=body]").select_option("cahai")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/activities?*body=cahai*")
    rows = page.locator("#table-activities tbody tr")
    assert rows.count() == int(page.locator("[data-count]").inner_text()) >= 5
    page.get_by_role("link", name="1st plenary meeting").click()
    page.wait_for_url("**/activity/001-s5-1st-plenary-meeting-2019-11-18.html")
    assert "18-20/11/2019" in page.locator("dl.summary").inner_text()
    quote = page.locator("#section-provenance .source").first.inner_text()
    assert "CAHAI" in quote and "1st plenary meeting" in quote and "18-20/11/2019" in quote
    shoot(page, "activity-from-index", tmp_path_factory)
    page.locator("#section-provenance figcaption a").first.click()
    page.wait_for_url("**/doc/001.html#L209-L209")
    assert page.locator("#L209").is_visible()


def test_static_copy_filters_activities_without_a_server(shared_app, page, tmp_path_factory):
    folder = tmp_path_factory.mktemp("static") / "site"
    export_site(shared_app, folder, "https://w3id.org/coe-digital-partnership/")
    page.goto((folder / "activities.html").as_uri())
    everything = page.locator("#table-activities tbody tr:visible").count()
    page.locator("select[name=year]").select_option("2019")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/activities.html?*year=2019*")
    shown = page.locator("#table-activities tbody tr:visible").count()
    assert 0 < shown < everything
    assert int(page.locator("[data-count]").inner_text()) == shown
    assert page.locator("select[name=year]").input_value() == "2019"
    # A static host cannot filter a download: the links now name the file of 2019's rows.
    csv = page.locator("p.formats a[data-download=csv]").get_attribute("href")
    assert csv == "activities/year/2019.csv"
    assert len((folder / csv).read_text(encoding="utf-8").splitlines()) == shown + 1
    assert page.locator("[data-every-row]").is_hidden()
    shoot(page, "static-activities-2019", tmp_path_factory)
    # Two filters have no file: the links keep giving every row, and the page says so.
    page.goto((folder / "activities.html").as_uri() + "?year=2021&participant=microsoft")
    assert page.locator("p.formats a[data-download=csv]").get_attribute("href") == "activities.csv"
    assert "every row" in page.locator("[data-every-row]").inner_text()
    assert page.locator("[data-every-row]").is_visible()
