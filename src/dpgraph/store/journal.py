"""The journal of committed SPARQL updates: one JSON line per update, replayed on the default dataset.

Each line holds the quads the update removed and added, as N-Quads text: `{"at": ..., "removed": ...,
"added": ...}`. A line is written and fsync'ed before the served store changes, so an update
that was acknowledged is on disk. A crash while writing leaves at most a last line without its
newline: that update was never acknowledged, so reading skips it (and says so) and the next
append cuts it off. Any other line that cannot be read is an error naming the file and line:
the journal is the only copy of those updates, so nothing is dropped silently.

Blank nodes keep their labels here and in the default dataset (store.open_dataset), so a
removal replays onto the same quads after a restart.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Store, parse, serialize

from dpgraph.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """What one update did."""

    removed: list[Quad]
    added: list[Quad]


def read(path: Path) -> Iterator[Change]:
    """The journal's changes in order; none if there is no journal."""
    if not path.exists():
        return
    lines = path.read_bytes().split(b"\n")
    # A journal that ends with its newline splits into a last empty piece; anything else there is torn.
    torn = lines.pop()
    for number, line in enumerate(lines, start=1):
        yield _change(line, path, number)
    if torn:
        log.warning("%s:%d: an incomplete last line (an update never acknowledged) is ignored", path, len(lines) + 1)


def _change(line: bytes, path: Path, number: int) -> Change:
    try:
        entry = json.loads(line)
        return Change(*(list(parse(entry[key], RdfFormat.N_QUADS)) for key in ("removed", "added")))
    except (ValueError, KeyError, TypeError, SyntaxError) as exc:
        raise InputError(f"not a readable journal entry ({exc}); fix or remove this line to start", path, number) from None


def replay(path: Path, store: Store) -> int:
    """Apply the journal's changes to `store` (a removal of a quad that is not there changes nothing); how many."""
    count = 0
    for change in read(path):
        for quad in change.removed:
            store.remove(quad)
        store.extend(change.added)
        count += 1
    return count


def append(path: Path, change: Change) -> None:
    """Add the change to the journal, on disk when this returns; on an OSError the journal is as it was."""
    entry = {"at": _now(), "removed": _nquads(change.removed), "added": _nquads(change.added)}
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    created = not path.exists()
    if created:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        end = _complete_end(fd, path)
        try:
            os.pwrite(fd, line.encode(), end)
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, end)
            raise
    finally:
        os.close(fd)
    if created:
        # The new file's directory entry must be on disk too, or a crash could lose the whole journal.
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _complete_end(fd: int, path: Path) -> int:
    """Where the last complete line ends, cutting off a torn one (see the module's docstring)."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return size
    data = os.pread(fd, size, 0)
    end = data.rfind(b"\n") + 1
    log.warning("%s:%d: an incomplete last line (an update never acknowledged) is cut off", path, data.count(b"\n") + 1)
    os.ftruncate(fd, end)
    return end


def _nquads(quads: list[Quad]) -> str:
    return serialize(quads, format=RdfFormat.N_QUADS).decode()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
