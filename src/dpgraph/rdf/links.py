"""Which hrefs a page may carry: a path on this site or an http(s) URL, never a URL a browser would run.

An IRI may have any scheme: `javascript:alert(1)` and `data:text/html,...` are IRIs that a query
can return (`IRI("javascript:...")`) or the data can hold, and as an href a click runs them.
Browsers read the scheme case-insensitively, drop spaces and control characters around a URL and
tabs and newlines inside it, so a list of bad schemes misses `JavaScript:`, ` javascript:` and
`java\\tscript:`: only what is known to be harmless is linked, and the rest is shown as text.
A path starting `//` or `/\\` would be another host (a scheme-relative URL), not a path here.
"""

from __future__ import annotations

import re

_HARMLESS = re.compile(r"(?:https?://|/(?![/\\])|#)[^\x00-\x20\x7f\\]*", re.IGNORECASE)


def safe_href(href: str | None) -> str | None:
    """`href` if following it can only fetch a page, else None."""
    return href if href and _HARMLESS.fullmatch(href) else None
