"""The engine benchmark's results as the Markdown tables of docs/engines-benchmark.md.

    .venv/bin/python bench/engine_report.py [bench/results/engine_bench.json] > tables.md

One table per factor (median / p99 ms, and rows, or bytes for pages; bold: not answered), then
each front's start, each engine's publish time and memory.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from engine_bench import RESULTS, SETUPS


def cell(result: dict | None) -> str:
    if not result:
        return "–"
    if result.get("status") != 200:
        return f"**{result.get('status')}**"
    size = result.get("rows", result.get("bytes"))
    return f"{result['median_ms']:.1f} / {result['p99_ms']:.1f} ({size})"


def megabytes(count: int | None) -> str:
    return f"{count / 2**20:.0f} MB" if count else "?"


def factor_table(factor: str, entry: dict) -> list[str]:
    lines = [f"### {factor} ({entry['statements']:,} statements, {entry['data_bytes'] / 1e6:.1f} MB TriG)", ""]
    lines += ["| query or page | " + " | ".join(SETUPS) + " |", "|---" * (len(SETUPS) + 1) + "|"]
    for name in entry["setups"]["embedded"]:
        label = f"page `{name[5:]}`" if name.startswith("page ") else name
        lines.append(f"| {label} | " + " | ".join(cell(entry["setups"].get(s, {}).get(name)) for s in SETUPS) + " |")
    lines += [
        "",
        f"Embedded front: started and loaded in {entry['embedded_load_seconds']} s, "
        f"{megabytes(entry['embedded_memory_bytes'])} resident after the queries.",
    ]
    for kind, engine in entry["engines"].items():
        publish = engine.get("publish", {})
        outcome = "" if publish.get("exit") == 0 else f", exit {publish.get('exit')}: {publish.get('error', '')[-160:]!r}"
        lines.append(
            f"{kind}: publish {publish.get('seconds')} s{outcome}; resident {megabytes(engine.get('memory_after_publish_bytes'))}"
            f" after publish, {megabytes(engine.get('memory_after_queries_bytes'))} after the queries;"
            f" front started in {engine.get('front_start_seconds')} s."
        )
    return [*lines, ""]


def main(path: Path) -> None:
    report = json.loads(path.read_text(encoding="utf-8"))
    for factor, entry in report["factors"].items():
        print("\n".join(factor_table(factor, entry)))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS / "engine_bench.json")
