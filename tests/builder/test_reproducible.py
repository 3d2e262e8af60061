"""Two builds of the same sources are the same bytes, file for file, so a dump's checksum or ETag names its content."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DPGRAPH = Path(sys.executable).parent / "dpgraph"


def run(*argv: str, build: Path, hash_seed: str) -> None:
    # A different hash seed per run: any output that follows set or dict-of-set order would differ.
    env = {**os.environ, "DPGRAPH_BUILD": str(build), "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([str(DPGRAPH), *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


def test_two_builds_and_their_inferences_are_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, seed in ((first, "1"), (second, "2")):
        run("build", build=folder, hash_seed=seed)
        run("reason", build=folder, hash_seed=seed)
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in second.iterdir())
    # Every RDF output, blank nodes included, and the report, which holds no timings.
    assert {"public.ttl", "all-graphs.trig", "network.trig", "inferred.trig", "build-report.json"} <= set(names)
    assert "_:" in (first / "public.ttl").read_text(encoding="utf-8")  # blank nodes to name
    differing = [name for name in names if (first / name).read_bytes() != (second / name).read_bytes()]
    assert differing == []
