"""The public site as static files: every page the server renders, saved under the path a
static host serves it from, with links rewritten to relative file paths.

The pages are rendered by the app itself through Flask's test client, so the static copy is
the server's output and there is no second set of templates. Crawling starts from the home
page and the sitemap and follows every internal link: identifiers (`/org/apple`) answer 303
and their links are rewritten to the document they redirect to (`org/apple.html`). Areas
that need a running server (SPARQL, canned queries, network, validation, search) are linked
at the published site's URL instead.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient

from dpgraph.atomic import write_atomically
from dpgraph.web.publicurl import checked_public_url

# Path prefixes served only by a running server: links to them point at the live site.
DYNAMIC = ("/sparql", "/queries", "/network", "/validation", "/search")
MARKER = ".dpgraph-site"
_LINK = re.compile(r'(\s(?:href|src|action)=")(/(?!/)[^"]*)(")')
_LOC = re.compile(r"<loc>([^<]+)</loc>")


class ExportError(Exception):
    """The export cannot be written (or its links do not resolve); the message says where."""


@dataclass
class Export:
    files: dict[str, bytes] = field(default_factory=dict)  # file path -> content
    targets: dict[str, str] = field(default_factory=dict)  # URL path -> file path it is saved as
    redirects: dict[str, str] = field(default_factory=dict)  # identifier path -> path it redirects to
    broken: dict[str, str] = field(default_factory=dict)  # URL path -> why it could not be saved


def file_for(path: str, mimetype: str) -> str:
    """Where a URL path lives in the export: `/` -> index.html, `/partners` -> partners.html, `/org/apple.ttl` as is."""
    if path == "/":
        return "index.html"
    name = path.rsplit("/", 1)[-1]
    if mimetype == "text/html" and not name.endswith(".html"):
        return path[1:] + ".html"
    return path[1:]


def crawl(app: Flask, site_url: str) -> Export:
    # The pages' absolute URLs (the sitemap's) are the published site's while the app is crawled.
    published_at = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = checked_public_url(site_url)
    try:
        return _crawl(app.test_client(), site_url)
    finally:
        app.config["PUBLIC_URL"] = published_at


def _crawl(client: FlaskClient, site_url: str) -> Export:
    export = Export()
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    seeds = ["/", "/.well-known/void", "/context.jsonld"]
    seeds += ["/" + url[len(site_url) :] for url in _LOC.findall(sitemap) if url.startswith(site_url)]
    queue = deque(dict.fromkeys(seeds))
    seen = set(queue)
    while queue:
        path = queue.popleft()
        response = client.get(path, headers={"Accept": "text/html"})
        follow: list[str] = []
        if response.status_code in (301, 302, 303, 307, 308):
            export.redirects[path] = urlsplit(response.headers["Location"]).path
            follow = [export.redirects[path]]
        elif response.status_code == 200:
            target = file_for(path, response.mimetype)
            export.targets[path] = target
            export.files[target] = response.get_data()
            if response.mimetype == "text/html":
                follow = _links(response.get_data(as_text=True))
        else:
            export.broken[path] = f"HTTP {response.status_code}"
        for link in follow:
            if link not in seen and not link.startswith(DYNAMIC):
                seen.add(link)
                queue.append(link)
    for source, target in export.redirects.items():
        if target in export.targets:
            export.targets[source] = export.targets[target]
        else:
            export.broken[source] = f"redirects to {target}, which was not saved"
    return export


def _links(html: str) -> list[str]:
    return [urlsplit(m.group(2)).path for m in _LINK.finditer(html)]


def relink(html: str, here: str, export: Export, site_url: str) -> str:
    """Root-relative links of a page saved at `here` rewritten to relative file paths."""
    folder = posixpath.dirname(here) or "."

    def replace(match: re.Match[str]) -> str:
        link = urlsplit(match.group(2))
        if link.path.startswith(DYNAMIC):
            new = site_url.rstrip("/") + match.group(2)
        else:
            target = export.targets.get(link.path)
            if target is None:
                raise ExportError(f"{here} links to {link.path}, which is not part of the export")
            new = posixpath.relpath(target, folder)
            new += f"?{link.query}" if link.query else ""
            new += f"#{link.fragment}" if link.fragment else ""
        return match.group(1) + new + match.group(3)

    return _LINK.sub(replace, html)


def export_site(app: Flask, out_dir: Path, site_url: str) -> Export:
    """Crawl the app and write the site to `out_dir` (replaced if it holds a previous export)."""
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise ExportError(f"{out_dir} is not empty and holds no previous export; choose an empty or new folder")
    export = crawl(app, site_url)
    if export.broken:
        listed = "; ".join(f"{path} ({why})" for path, why in sorted(export.broken.items()))
        raise ExportError(f"internal links that do not resolve: {listed}")

    def write(folder: Path) -> None:
        for name, content in export.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if name.endswith(".html"):
                content = relink(content.decode("utf-8"), name, export, site_url).encode("utf-8")
            path.write_bytes(content)
        (folder / MARKER).write_text(f"exported for {site_url}\n", encoding="utf-8")

    write_atomically(out_dir, write)
    return export
