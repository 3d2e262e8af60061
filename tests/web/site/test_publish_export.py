"""`dpgraph export-site`: the public site as static files whose every internal link resolves."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from dpgraph.cli import main
from dpgraph.web.publicurl import DEFAULT_PUBLIC_URL
from dpgraph.web.site.export import ExportError, export_site

SITE = "https://w3id.org/coe-digital-partnership/"
LINK = re.compile(r'\s(?:href|src|action)="([^"]*)"')
ANCHOR = re.compile(r'\sid="([^"]+)"')


@pytest.fixture(scope="module")
def exported(shared_app, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "site"
    export_site(shared_app, folder, SITE)
    return folder


def test_every_internal_link_resolves_to_a_file_and_anchor(exported):
    anchors: dict[Path, set[str]] = {}
    checked = 0
    for page in exported.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for link in LINK.findall(html):
            link = link.replace("&amp;", "&")
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # external, or the live site for server-only pages
            assert not link.startswith("/"), f"{page}: root-relative link {link} does not work from a folder"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(exported)} links to {link}: no such file"
            if parts.fragment and target.suffix == ".html":
                if target not in anchors:
                    anchors[target] = set(ANCHOR.findall(target.read_text(encoding="utf-8")))
                assert parts.fragment in anchors[target], f"{page.relative_to(exported)} links to {link}: no such anchor"
            checked += 1
    assert checked > 10_000


def test_anchors_are_unique_on_every_page(exported):
    pages = list(exported.rglob("*.html"))
    assert len(pages) > 400
    for page in pages:
        ids = ANCHOR.findall(page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), page.relative_to(exported)


def test_export_holds_pages_indexes_ontology_dumps_and_void(exported):
    for name in (
        "index.html",
        "partners.html",
        "partners.json",
        "partners.csv",
        "activities.html",
        "org/apple.html",
        "org/apple.ttl",
        "org/apple.jsonld",
        "org/apple.nt",
        "org/apple.rdf",
        "org/apple.json",
        "org/apple.csv",
        "doc/001.html",
        "ontology.html",
        "ontology.ttl",
        "dataset.html",
        "dataset.ttl",
        ".well-known/void",
        "dumps/digital-partnership.trig",
        "dumps/digital-partnership.jsonld",
        "context.jsonld",
        "sitemap.xml",
        "static/site.css",
        "static/filter.js",
    ):
        assert (exported / name).is_file(), name
    assert "<h1>Apple</h1>" in (exported / "org/apple.html").read_text(encoding="utf-8")
    assert f"<loc>{SITE}org/apple.html</loc>" in (exported / "sitemap.xml").read_text(encoding="utf-8")


def test_links_are_relative_to_each_page(exported):
    apple = (exported / "org/apple.html").read_text(encoding="utf-8")
    assert 'href="../static/site.css"' in apple
    assert 'href="../cohort/2017.html"' in apple
    assert 'href="../doc/001.html#L82-L84"' in apple
    assert f'href="{SITE}network?focus=org/apple"' in apple  # the network view needs the server
    home = (exported / "index.html").read_text(encoding="utf-8")
    assert 'href="activities.html"' in home


def test_the_icon_is_exported_and_named_by_every_page(exported, published):
    assert (exported / "static/favicon.svg").read_bytes() == published.get("/static/favicon.svg").data
    assert '<link rel="icon" type="image/svg+xml" href="static/favicon.svg">' in (exported / "index.html").read_text("utf-8")
    for page in ("org/apple.html", "ontology.html", "activities.html"):
        html = (exported / page).read_text(encoding="utf-8")
        assert 'rel="icon"' in html, page
        icon = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', html).group(1)
        assert (exported / page).parent.joinpath(icon).resolve() == (exported / "static/favicon.svg").resolve(), page


def test_filtered_downloads_of_the_static_copy_hold_the_rows_of_their_filter(exported):
    """A static host ignores query strings, so each value of each filter has files of its own,
    holding the rows the static page shows for that filter (its rows' data-* values)."""
    html = (exported / "activities.html").read_text(encoding="utf-8")
    # Rendered unfiltered: its own links give every row, which is what the files hold.
    assert '<a href="activities.csv" data-download="csv">CSV</a>' in html
    assert len((exported / "activities.csv").read_text(encoding="utf-8").splitlines()) == 92
    shown: dict[str, dict[str, set[str]]] = {}  # activity -> filter -> values, as filter.js reads them
    for attributes, activity in re.findall(
        r"<tr( data-[^>]*)>\s*<td class=\"col-title\"><a href=\"activity/([^\"]+)\.html\"", html
    ):
        shown[activity] = {name: set(values.split()) for name, values in re.findall(r' data-(\w+)="([^"]*)"', attributes)}
    assert len(shown) == 91
    links = re.findall(r'href="(activities/(\w+)/([^"/]+)\.json)"', html)
    assert len(links) > 100
    for link, name, value in links:
        value = unquote(value)
        data = json.loads((exported / unquote(link)).read_text(encoding="utf-8"))
        assert data["filters"] == {name: value}
        expected = {activity for activity, filters in shown.items() if value in filters[name]}
        assert {row["activity"].rsplit("/", 1)[-1] for row in data["rows"]} == expected, link
        rows = list(csv.DictReader(io.StringIO((exported / unquote(link)).with_suffix(".csv").read_text(encoding="utf-8"))))
        assert [row["activity"] for row in rows] == [row["activity"] for row in data["rows"]], link


def test_every_resource_of_the_sitemap_is_exported(exported, published):
    sitemap = published.get("/sitemap.xml").get_data(as_text=True)
    paths = [url[len(DEFAULT_PUBLIC_URL) :] for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    missing = [p for p in paths if not (exported / (p or "index.html")).is_file() and not (exported / f"{p}.html").is_file()]
    assert not missing


def test_refuses_to_overwrite_a_folder_that_is_not_an_export(shared_app, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="not empty"):
        export_site(shared_app, tmp_path, SITE)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_command_writes_the_site(settings, built, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DPGRAPH_BUILD", str(settings.output_dir))
    target = tmp_path / "site"
    assert main(["export-site", str(target), "--site-url", "https://example.org/dp"]) == 0
    assert "files" in capsys.readouterr().out
    assert "<loc>https://example.org/dp/org/apple.html</loc>" in (target / "sitemap.xml").read_text(encoding="utf-8")
    # A second export replaces the first.
    assert main(["export-site", str(target)]) == 0
    assert f"<loc>{SITE}org/apple.html</loc>" in (target / "sitemap.xml").read_text(encoding="utf-8")
