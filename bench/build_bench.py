"""Build time, imports included, as a new user's `dpgraph build` sees it.

Runs the whole build in fresh processes (cold imports) and, in the same run, a peer: rdflib
parsing the same public dataset and writing it as TriG, the step an rdflib-only pipeline would
spend at least. Results: bench/results/build.json.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
PEER = """
import sys, rdflib
dataset = rdflib.Dataset()
dataset.parse(sys.argv[1], format="trig")
dataset.serialize(destination=sys.argv[2], format="trig")
"""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "build"
        ours = [timed([sys.executable, "-m", "dpgraph.cli", "build", "--output", str(output)]) for _ in range(RUNS)]
        peer = [
            timed([sys.executable, "-c", PEER, str(output / "public.trig"), str(Path(folder) / "peer.trig")]) for _ in range(RUNS)
        ]
    result = {
        "runs": RUNS,
        "dpgraph_build_median_s": round(statistics.median(ours), 3),
        "dpgraph_build_max_s": round(max(ours), 3),
        "rdflib_parse_and_write_median_s": round(statistics.median(peer), 3),
        "ratio_rdflib_over_build": round(statistics.median(peer) / statistics.median(ours), 2),
        "goal_s": 3.0,
    }
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "build.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
