"""The site's icon: one SVG file, named by every page, and /favicon.ico for clients that ask there."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

ICON_LINK = '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">'


def test_favicon_ico_redirects_to_the_svg_icon(published):
    response = published.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"] == "/static/favicon.svg"
    icon = published.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml"
    svg = ET.fromstring(icon.data)  # a browser shows nothing for SVG that is not well-formed XML
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 32 32"
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == "Digital Partnership Knowledge Graph"


@pytest.mark.parametrize("path", ["/", "/partners", "/org/apple.html", "/dataset.html", "/search?q=apple", "/nowhere"])
def test_every_page_names_the_icon(published, path):
    assert ICON_LINK in published.get(path).get_data(as_text=True)


def test_the_ontology_documentation_uses_the_site_icon_not_pylodes(published):
    html = published.get("/ontology.html").get_data(as_text=True)
    assert ICON_LINK in html
    assert html.count('rel="icon"') == 1
