"""dpgraph export-site DIR — the whole public site as static files, hostable without Python."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dpgraph.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-site", help="write the public site (pages, indexes, ontology, dumps, VoID) as static files")
    p.add_argument("dir", type=Path, help="output folder (created; replaced if it holds a previous export)")
    p.add_argument(
        "--site-url",
        help="where the copy will be published, for the sitemap's absolute URLs and the links to the server-only "
        "pages (SPARQL, queries, network, validation, search); default: the base IRI",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dpgraph.errors import InputError
    from dpgraph.web import create_app
    from dpgraph.web.site.export import ExportError, export_site

    site_url = args.site_url or settings.base_iri
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    started = time.perf_counter()
    try:
        export = export_site(create_app({"SETTINGS": settings}), args.dir.resolve(), site_url)
    except ExportError as exc:
        raise InputError(str(exc), args.dir) from exc
    seconds = time.perf_counter() - started
    size = sum(len(content) for content in export.files.values())
    print(f"{len(export.files)} files, {size:,} bytes, written to {args.dir} in {seconds:.1f} s")
    return 0
