"""RDF from outside the project is checked before a parser reads it, so a file cannot hang or read the machine.

Oxigraph's RDF/XML parser expands entities declared in a DTD: a "billion laughs" file of a few
hundred bytes would grow to gigabytes. It takes `<!doctype` in any case, and a DOCTYPE inside
the root element as well as before it, so a check of the prolog for `<!DOCTYPE` is not
enough. RDF/XML has no use for a DTD, so any `<!` that does not open a comment or a CDATA
section, anywhere in the document, is refused: that catches every markup declaration
(DOCTYPE, ENTITY, ...) in any spelling, at the price of refusing the rare comment or CDATA
section that quotes one. The document is read in its own encoding, detected as XML 1.0
(appendix F) does it, from a byte order mark or the first characters' bytes: UTF-16 and
UTF-32 with or without a BOM, EBCDIC, and otherwise an ASCII superset whose `<!` bytes are
searched as they are.

Oxigraph's JSON-LD parser has no document loader (remote and file:// contexts fail at once)
and Turtle, TriG, N-Triples and N-Quads have no way to include other files;
tests/test_rdf_input.py keeps all of it so.
"""

from __future__ import annotations

import mmap
import re
from pathlib import Path

from pyoxigraph import RdfFormat

from dpgraph.errors import InputError

# First bytes -> the codec to read the document with (XML 1.0 appendix F); anything else is an
# ASCII superset (UTF-8, ISO-8859-n, ...) where `<!` is the two bytes 3C 21.
_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp500"),  # "<?xm" in EBCDIC
)
_UNMARKED = (
    (re.compile(rb"\x00\x00\x00[^\x00]"), "utf-32-be"),
    (re.compile(rb"[^\x00]\x00\x00\x00"), "utf-32-le"),
    (re.compile(rb"\x00[^\x00]\x00[^\x00]"), "utf-16-be"),
    (re.compile(rb"[^\x00]\x00[^\x00]\x00"), "utf-16-le"),
)
_DECLARATION = re.compile(rb"<!(?!--|\[CDATA\[)")


def xml_encoding(head: bytes) -> str | None:
    """The codec of a document whose markup is not ASCII bytes, from its first four bytes; None for an ASCII superset."""
    for mark, codec in _ENCODINGS:
        if head.startswith(mark):
            return codec
    for pattern, codec in _UNMARKED:
        if pattern.match(head[:4]):
            return codec
    return None


def check_rdf(data: bytes | mmap.mmap, fmt: RdfFormat, source: Path | str = "input") -> None:
    """Refuse RDF/XML that declares anything (a DTD, entities), in whatever case or encoding."""
    if fmt != RdfFormat.RDF_XML:
        return
    codec = xml_encoding(bytes(data[:4]))
    if codec is not None:
        data = bytes(data).decode(codec, errors="replace").encode("utf-8")
    if found := _DECLARATION.search(data):
        line = data[: found.start()].count(b"\n") + 1
        raise InputError("RDF/XML with a DOCTYPE or another <! declaration is refused: DTDs are not read", source, line)


def check_rdf_file(path: Path, fmt: RdfFormat) -> None:
    if fmt != RdfFormat.RDF_XML or path.stat().st_size == 0:
        return
    # Mapped, not read: the whole file is searched without a copy of it in memory.
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        check_rdf(data, fmt, path)
