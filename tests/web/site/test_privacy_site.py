"""No e-mail address of the restricted graph, and no other address-shaped text, on anything the
site publishes: every page of the sitemap in HTML, JSON and CSV, the dumps, search, the
validation report, the built public files, and every file of `dpgraph export-site`.

The one address allowed is the programme's mailbox (graph/curated/public-addresses.yaml).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from dpgraph.cli import main
from dpgraph.layout import FULL_DATASET
from dpgraph.publish.privacy import WITHHELD
from dpgraph.store.files import open_dataset, query_union

ALLOWED = {"digital.partnership@coe.int"}
# Independent of the masker's pattern on purpose: "@" and its usual escapes between two words
# (found from the "@", so megabytes of dumps scan quickly).
AT_IN_ADDRESS = re.compile(r"(?<=[\w.+'-])(?:@|&#0*64;|&#x0*40;|&commat;|%40|\uff20|\[at\])[\w-]", re.IGNORECASE)


@pytest.fixture(scope="module")
def personal(settings, built) -> set[str]:
    """The restricted graph's addresses, read with SPARQL from the full dataset (not with the code under test)."""
    rows = query_union(open_dataset(settings, restricted=True), "SELECT DISTINCT ?e WHERE { ?c vcard:hasEmail ?e }")
    addresses = {row["e"].value.removeprefix("mailto:") for row in rows}
    assert len(addresses) == 23
    return addresses


def leaks(text: str, personal: set[str]) -> list[str]:
    """What of `text` is personal: an address's local part anywhere (spaces and case ignored, as
    the OCR breaks them), `mailto:`, or any address-shaped text but the allowed ones."""
    squeezed = re.sub(r"\s+", "", text).casefold()
    found = sorted(a for a in personal if a.split("@")[0] in squeezed)
    found += ["mailto:"] if "mailto:" in squeezed else []
    for match in AT_IN_ADDRESS.finditer(text):
        before, after = text[max(0, match.start() - 80) : match.start()].casefold(), text[match.start() :].casefold()
        if not any(_is(before, after, address) for address in ALLOWED):
            found.append(before[-40:] + after[:40])
    return found


def _is(before: str, after: str, address: str) -> bool:
    """Whether the "@" between `before` and `after` is the one of `address`."""
    local, domain = address.split("@")
    return bool(re.search(rf"(?<![\w.+'-]){re.escape(local)}$", before)) and after.startswith(f"@{domain}")


@pytest.fixture(scope="module")
def sitemap(shared_app) -> list[str]:
    body = shared_app.test_client().get("/sitemap.xml").get_data(as_text=True)
    return ["/" + urlsplit(url).path.lstrip("/") for url in re.findall(r"<loc>([^<]+)</loc>", body)]


def test_no_page_of_the_sitemap_shows_an_address_in_html_json_or_csv(published, sitemap, personal):
    urls = []
    for url in sitemap:
        urls.append(url)
        stem = url.removesuffix(".html")
        if url not in ("/", "/ontology.html", "/dataset.html"):
            urls += [f"{stem}.json", f"{stem}.csv"]
    assert len(urls) > 1200
    found = {}
    for url in urls:
        response = published.get(url)
        assert response.status_code == 200, url
        if leaked := leaks(response.get_data(as_text=True), personal):
            found[url] = leaked
    assert found == {}
    # The lines are still shown, with the marker where the addresses were.
    page = published.get("/doc/002.html").get_data(as_text=True)
    assert page.count(WITHHELD) == 32 and "Co-secretaries of the CAHAI" in page and "digital.partnership@coe.int" in page


def test_no_dump_search_result_or_validation_report_shows_an_address(published, personal):
    urls = ["/.well-known/void", "/dataset.ttl", "/validation", *(f"/validation/report.{ext}" for ext in ("csv", "json", "ttl"))]
    urls += [f"/dumps/digital-partnership.{ext}" for ext in ("ttl", "nt", "trig", "nq", "jsonld", "rdf")]
    # A search by a person's surname (the page repeats the words asked, never the address).
    surnames = sorted({a.split("@")[0].rsplit(".", 1)[-1] for a in personal})
    urls += ["/search?q=coe.int", "/search?q=secretariat", *(f"/search?q={name}" for name in surnames)]
    for url in urls:
        response = published.get(url)
        assert response.status_code == 200, url
        assert leaks(response.get_data(as_text=True), personal) == [], url


def test_the_built_public_files_hold_no_address(settings, built, personal):
    files = [p for p in settings.output_dir.iterdir() if p.name != FULL_DATASET and p.suffix != ".json"]
    assert len(files) >= 7
    for path in files:
        assert leaks(path.read_text(encoding="utf-8"), personal) == [], path.name
    # The full dataset is the one file that holds them: the detector does see them.
    assert len(leaks((settings.output_dir / FULL_DATASET).read_text(encoding="utf-8"), personal)) > 23


def test_no_file_of_the_static_export_shows_an_address(settings, built, personal, tmp_path, monkeypatch):
    monkeypatch.setenv("DPGRAPH_BUILD", str(settings.output_dir))
    target = tmp_path / "site"
    assert main(["export-site", str(target)]) == 0
    files = [p for p in target.rglob("*") if p.is_file()]
    assert len(files) > 3000
    found = {}
    for path in files:
        if leaked := leaks(path.read_bytes().decode("utf-8", errors="replace"), personal):
            found[str(path.relative_to(target))] = leaked
    assert found == {}
    assert WITHHELD in (target / "doc" / "002.html").read_text(encoding="utf-8")


def test_without_the_full_dataset_the_generic_pattern_alone_withholds_every_address(shared_app, personal):
    """A server given only public files does not know the restricted addresses: the second line of defence holds."""
    from dpgraph.web.site.catalogue import build_catalogue
    from dpgraph.web.site.context import site

    with shared_app.app_context():
        s = site()
        catalogue = build_catalogue(s.quads, s.settings)
    text = "\n".join(line for document in catalogue.documents.values() for line in document.lines)
    assert leaks(text, personal) == []
