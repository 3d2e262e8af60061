"""The code's shape as issue #13 promised it: no import cycle, modules of a few hundred lines, functions that do one thing.

Read from the source (ast), not by importing it, so an import hidden inside a function counts as
much as one at the top: a cycle cannot be dodged by moving an import out of sight.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "dpgraph"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# A function may stay longer when its docstring says why, in these words.
LONG_ON_PURPOSE = "stays whole"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(path: Path) -> set[str]:
    """The project's modules `path` imports, at any depth of the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in MODULES}


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        # a package's __init__ is imported with any of its modules; only its own imports are its arrows
        graph.add_edges_from((name, target) for target in imported(path) if target != name)
    return graph


def test_no_import_cycle() -> None:
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], "\n".join(" -> ".join([*cycle, cycle[0]]) for cycle in cycles)


def test_no_cycle_between_areas() -> None:
    """Between packages too (dpgraph.store, dpgraph.network...), arrows point one way: an area is a room a newcomer can enter."""
    areas = nx.DiGraph()
    for a, b in import_graph().edges:
        area_a, area_b = ".".join(a.split(".")[:2]), ".".join(b.split(".")[:2])
        if area_a != area_b:
            areas.add_edge(area_a, area_b)
    cycles = list(nx.simple_cycles(areas))
    assert cycles == [], "\n".join(" -> ".join([*cycle, cycle[0]]) for cycle in cycles)


def test_arrows_point_down_from_the_web() -> None:
    """Nothing below the web imports it: the core never reaches into the site's code or templates."""
    graph = import_graph()
    up = [(a, b) for a, b in graph.edges if b.startswith("dpgraph.web") and not a.startswith(("dpgraph.web", "dpgraph.commands"))]
    assert up == []
    assert not [
        p
        for p in MODULES.values()
        if "dpgraph.web" in p.read_text(encoding="utf-8")
        and "web" not in p.parts
        and "commands" not in p.parts
        and p.name != "cli.py"
    ]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines"


def test_long_functions_say_why() -> None:
    long = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES and LONG_ON_PURPOSE not in (ast.get_docstring(node) or ""):
                    long.append(f"{name}.{node.name}: {length} lines")
    assert long == []
