"""`dpgraph query` with broken SPARQL, through the real command: one line saying where, what was found,
what may go there (rdf/sparql_errors.py), exit status 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sparql_error_cases import broken_cases, check_message

ROOT = Path(__file__).resolve().parents[1]
DPGRAPH = Path(sys.executable).parent / "dpgraph"
LEAD = "dpgraph query: query: "


def dpgraph(settings, *argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DPGRAPH_BUILD": str(settings.output_dir)}
    return subprocess.run([str(DPGRAPH), *argv], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("case", broken_cases())
def test_a_broken_query_is_one_line_in_plain_words(settings, built, case) -> None:
    result = dpgraph(settings, "query", case.text)
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith(LEAD) and result.stderr.count("\n") == 1, result.stderr
    check_message(result.stderr[len(LEAD) :].strip(), case)


def test_a_broken_query_file_is_named_and_read_from_stdin_too(settings, built, tmp_path) -> None:
    case = next(c for c in (p.values[0] for p in broken_cases()) if c.line == 3)
    path = tmp_path / "broken.rq"
    path.write_text(case.text, encoding="utf-8")
    from_file = dpgraph(settings, "query", str(path))
    assert from_file.returncode == 2 and from_file.stderr.startswith(f"dpgraph query: {path}: SPARQL syntax error at line 3")
    from_stdin = dpgraph(settings, "query", "-", stdin=case.text)
    assert from_stdin.returncode == 2
    check_message(from_stdin.stderr[len(LEAD) :].strip(), case)
