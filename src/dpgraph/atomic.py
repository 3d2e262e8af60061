"""The build folder replaced as a whole: a new build is written beside it and swapped in, and a
swap a crash cut in half is repaired by the next command that reads or writes the build.

The swap is two renames, `build -> .build.previous` then `.build.staging -> build`, so a crash
between them leaves no build folder, the previous build aside and the new one staged. Rather
than make `build` a symlink switched in one rename (every reader, copy, rsync and
`Path.resolve()` in the settings would then meet a link, and turning today's plain folder into
one is itself two steps), the folder stays plain and `recover` puts `.build.previous` back
whenever `build` is missing: `write_atomically` calls it before it clears old leftovers, so a
backup is never deleted while there is no build, and `store.built_dataset`, which every reader
(query, stats, validate, reason, network, serve, export-site) goes through, calls it too. The
staged build is not promoted, as nothing tells a complete one from a half-written one; the next
build writes it again.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path


def staging_folder(output_dir: Path) -> Path:
    return output_dir.with_name(f".{output_dir.name}.staging")


def previous_folder(output_dir: Path) -> Path:
    return output_dir.with_name(f".{output_dir.name}.previous")


def recover(output_dir: Path) -> bool:
    """Put the previous build back when a crash mid-swap left none; True when it did."""
    previous = previous_folder(output_dir)
    if output_dir.exists() or not previous.is_dir():
        return False
    try:
        previous.rename(output_dir)
    except FileNotFoundError:  # another process put it back first
        return False
    print(f"dpgraph: {output_dir} was missing after an interrupted build: restored from {previous.name}", file=sys.stderr)
    return True


def write_atomically(output_dir: Path, writer: Callable[[Path], None]) -> None:
    """Run `writer` on a fresh staging folder, then swap it in for `output_dir`."""
    staging, previous = staging_folder(output_dir), previous_folder(output_dir)
    recover(output_dir)
    # After recover, a previous folder exists only beside a build: the leftover of a finished swap.
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging.mkdir(parents=True)
    try:
        writer(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if output_dir.exists():
        output_dir.rename(previous)
    staging.rename(output_dir)
    shutil.rmtree(previous, ignore_errors=True)
