"""A source, manifest or curated table that is not UTF-8 stops `dpgraph build` with one line naming
the file, line and byte column of the first bad byte, and the previous build stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_build import copy_project

from dpgraph.cli import main


@pytest.fixture()
def project(settings, tmp_path, monkeypatch):
    project = copy_project(settings, tmp_path)
    monkeypatch.setenv("DPGRAPH_ROOT", str(project.root))
    monkeypatch.delenv("DPGRAPH_BUILD", raising=False)
    assert main(["build"]) == 0
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def insert_byte(path: Path, bad: bytes, line: int, column: int) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = lines[line - 1][: column - 1] + bad + lines[line - 1][column - 1 :]
    path.write_bytes(b"\n".join(lines))


@pytest.mark.parametrize(
    ("name", "bad", "line", "column"),
    [
        ("curated/events.yaml", b"\xe9", 5, 9),  # Latin-1 é
        ("curated/ocr-fixes.yaml", b"\x80", 2, 1),  # a continuation byte with nothing to continue
        ("sources/manifest.yaml", b"\xc3(", 3, 4),  # a two-byte sequence cut short
        ("sources/001_a2ab4d98de539f35.txt", b"\xff", 82, 3),
    ],
)
def test_a_file_that_is_not_utf8_is_one_line_and_keeps_the_build(project, capsys, name, bad, line, column):
    before = snapshot(project.output_dir)
    path = project.root / "graph" / name
    insert_byte(path, bad, line, column)
    capsys.readouterr()
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert err == f"dpgraph build: {path}:{line}: not UTF-8 text: byte 0x{bad[0]:02X} at byte column {column}\n"
    assert snapshot(project.output_dir) == before


def test_a_utf16_curated_table_is_refused_at_its_first_byte(project, capsys):
    before = snapshot(project.output_dir)
    path = project.curated_dir / "places.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    capsys.readouterr()
    assert main(["build"]) == 2
    assert capsys.readouterr().err == f"dpgraph build: {path}:1: not UTF-8 text: byte 0xFF at byte column 1\n"
    assert snapshot(project.output_dir) == before
