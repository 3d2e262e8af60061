"""Nothing a user can set, type or open goes undocumented (as Datasette's documentation tests):
every app setting has a row in a settings table of docs/, every command and option of the CLI
is named in README.md or docs/, and every route of the web app is named in docs/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dpgraph.cli import parser as build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])
SETTING_READ = re.compile(r"""config(?:\.get\(|\[)"([A-Z][A-Z_]+)["]""")
SETTINGS = sorted({m for path in (ROOT / "src").rglob("*.py") for m in SETTING_READ.findall(path.read_text(encoding="utf-8"))})


def _subcommands() -> dict[str, list[str]]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return {
        name: [o for action in command._actions for o in action.option_strings if o.startswith("--") and o != "--help"]
        for name, command in sub.choices.items()
    }


def test_settings_are_found() -> None:
    assert {"SPARQL_TIMEOUT", "DATA_FILES"} <= set(SETTINGS)


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_setting_has_a_row_in_a_settings_table(setting: str) -> None:
    assert f"| `{setting}` |" in DOCS, f"{setting} is read from the app config but not documented"


@pytest.mark.parametrize(("command", "options"), sorted(_subcommands().items()))
def test_every_command_and_option_is_documented(command: str, options: list[str]) -> None:
    assert f"dpgraph {command}" in DOCS
    assert [o for o in options if o not in DOCS] == []


def _paths(rule: str) -> list[str]:
    """A rule as documentation writes it: each choice of an `any(...)` spelt out, other parts `<name>`."""
    choice = re.search(r"<any\(([^)]*)\):[a-z_]+>", rule)
    if choice:
        return [p for option in choice.group(1).split(",") for p in _paths(rule.replace(choice.group(0), option, 1))]
    return [re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"<\1>", rule)]


def test_every_route_is_documented(shared_app) -> None:
    paths = {p for rule in shared_app.url_map.iter_rules() if rule.endpoint != "static" for p in _paths(rule.rule)}
    assert "/partners.csv" in paths
    assert sorted(p for p in paths if f"`{p}`" not in DOCS) == []


def test_the_routes_table_names_the_module_that_serves_each_route(shared_app) -> None:
    """docs/routes.md's "served by" column is the module of each route's view, so a reader goes from URL to code."""
    served: dict[str, set[str]] = {}
    for rule in shared_app.url_map.iter_rules():
        module = shared_app.view_functions[rule.endpoint].__module__
        for path in _paths(rule.rule):
            served.setdefault(path, set()).add(module.removeprefix("dpgraph.").replace(".", "/") + ".py")
    rows = [line.split(" | ") for line in (ROOT / "docs" / "routes.md").read_text(encoding="utf-8").splitlines()]
    rows = [cells for cells in rows if cells[0].startswith("| `")]
    assert len(rows) > 20
    for cells in rows:
        paths = re.findall(r"`([^`]+)`", cells[0])
        expected = sorted({module for path in paths for module in served.get(path, ())})
        assert re.findall(r"`([^`]+)`", cells[2]) == expected, cells[0]
