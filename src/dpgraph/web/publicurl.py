"""The URL the site is published at (the PUBLIC_URL setting), for every absolute URL the app writes.

The Host header is whatever the client sends: absolute URLs made from it (`url_for(_external=True)`,
`request.host_url`) would let a forged Host put another site into the Service Description, the
sitemap or the query page, and into any cache in front of the server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000/"  # where `dpgraph serve` listens by default


def checked_public_url(value: str) -> str:
    """The setting as the app uses it (ending in "/"); a ValueError if it is no http(s) URL of a site."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"PUBLIC_URL must be an http(s) URL such as https://example.org/, not {value!r}")
    return value if value.endswith("/") else value + "/"


def public_url(path: str = "/") -> str:
    """A path of this site (as `url_for` gives it) as an absolute URL under PUBLIC_URL."""
    return current_app.config["PUBLIC_URL"] + path.lstrip("/")
