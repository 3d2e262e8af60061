"""The headers every response carries: a Content-Security-Policy and the usual hardening headers.

The policy lets a page run only this site's own script files: an injected `<script>`, an inline
event handler or a `javascript:` link does nothing even if some escaping were missed
(dpgraph.rdf.links keeps such IRIs out of hrefs in the first place). Inline `<style>` blocks (the
validation page's, pyLODE's on /ontology) carry the response's nonce; JSON data blocks
(`<script type="application/json">`) are not scripts and need none.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from flask import Response, g

HARDENING = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
}


# The <style> elements YASGUI's column resizer (vendor/yasgui, column-resizer) adds to the query page,
# allowed by their hashes: its rules for the results table, and the cursor while a column is dragged.
VENDOR_STYLES = (
    " .grip-resizable{table-layout:fixed;} .grip-resizable > tbody > tr > td, .grip-resizable > tbody > tr > th{overflow:hidden}"
    " .grip-padding > tbody > tr > td, .grip-padding > tbody > tr > th{padding-left:0!important; padding-right:0!important;}"
    " .grip-container{ height:0px; position:relative;} .grip-handle{margin-left:-5px; position:absolute; z-index:5; }"
    " .grip-handle .grip-resizable{position:absolute;background-color:red;filter:alpha(opacity=1);opacity:0;width:10px;"
    "height:100%;cursor: col-resize;top:0px} .grip-lastgrip{position:absolute; width:1px; } .grip-drag{ border-left:1px dotted"
    " black;\t} .grip-flex{width:auto!important;} .grip-handle.grip-disabledgrip .grip-resizable{cursor:default; display:none;}",
    "*{cursor:col-resize!important}",
)
VENDOR_STYLE_HASHES = " ".join(
    f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'" for css in VENDOR_STYLES
)


def csp_nonce() -> str:
    """This response's nonce, for an inline `<style nonce="...">` (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def content_security_policy(nonce: str | None) -> str:
    styles = f"'self' {VENDOR_STYLE_HASHES}" + (f" 'nonce-{nonce}'" if nonce else "")
    return (
        "default-src 'none'; script-src 'self'; "
        f"style-src {styles}; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def add_security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = content_security_policy(g.get("csp_nonce"))
    for name, value in HARDENING.items():
        response.headers.setdefault(name, value)
    return response
