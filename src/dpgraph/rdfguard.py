"""RDF from outside the project is checked before a parser reads it, so a file cannot hang or read the machine.

Oxigraph's RDF/XML parser expands entities declared in a document's internal DTD: a
"billion laughs" file of a few hundred bytes would grow to gigabytes. RDF/XML has no use for
a DTD, so any DOCTYPE in the prolog is refused before parsing. Oxigraph's JSON-LD parser has
no document loader (remote and file:// contexts fail at once) and Turtle, TriG, N-Triples and
N-Quads have no way to include other files; tests/test_rdf_input.py keeps all of it so.
"""

from __future__ import annotations

import re
from pathlib import Path

from pyoxigraph import RdfFormat

from dpgraph.errors import InputError

# Whitespace, the XML declaration, processing instructions and comments may come before a DOCTYPE.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
PROLOG_BYTES = 1 << 20


def check_rdf(head: bytes, fmt: RdfFormat, source: Path | str = "input") -> None:
    """Refuse input whose first bytes (at least PROLOG_BYTES of it, or all) make the parser unsafe."""
    if fmt != RdfFormat.RDF_XML:
        return
    position = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while match := _PROLOG_ITEM.match(head, position):
        if match.end() == position:
            break
        position = match.end()
    if head.startswith(b"<!DOCTYPE", position):
        raise InputError("RDF/XML with a DOCTYPE is refused: DTDs and entity declarations are not read", source)
    if position >= PROLOG_BYTES:
        raise InputError(f"RDF/XML whose prolog runs past {PROLOG_BYTES} bytes is refused", source)


def check_rdf_file(path: Path, fmt: RdfFormat) -> None:
    with path.open("rb") as handle:
        check_rdf(handle.read(PROLOG_BYTES + 16), fmt, path)
