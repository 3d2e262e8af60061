"""dpgraph query — run a SPARQL query (a .rq file or text) against the built dataset.

A canned query's parameters are given as `--param NAME=VALUE` and checked as the web form's
are (CannedQuery.check_names, CannedQuery.bindings in dpgraph.canned): one check for both.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

from dpgraph.config import Settings
from dpgraph.errors import InputError, read_utf8


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run a SPARQL query against the built dataset")
    p.add_argument("query", help="a .rq file, a canned query name (queries/NAME.rq), or SPARQL text; - reads stdin")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter of a canned query, as its header declares it (repeatable): --param year=2019 "
        "--param instrument=IRI; `dpgraph queries` lists each query's parameters",
    )
    p.add_argument("--data", nargs="+", type=Path, help="query these RDF files instead of the built dataset")
    p.add_argument("--restricted", action="store_true", help="include the restricted (personal data) graph")


def query_text(argument: str, settings: Settings) -> tuple[str, Path | None]:
    if argument == "-":
        return sys.stdin.read(), None
    for candidate in (Path(argument), settings.queries_dir / f"{argument}.rq"):
        if candidate.suffix == ".rq" and candidate.exists():
            return read_utf8(candidate), candidate
    if argument.endswith(".rq"):
        raise InputError("no such query file", argument)
    if re.fullmatch(r"[\w.-]+", argument):
        # One word cannot be SPARQL: it was meant as a canned query's name.
        names = sorted(path.stem for path in settings.queries_dir.glob("*.rq"))
        close = difflib.get_close_matches(argument, names, n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(close)}?" if close else "`dpgraph queries` lists them"
        raise InputError(f"there is no canned query named {argument!r}: {hint}")
    return argument, None


def parameter_values(given: list[str]) -> dict[str, str]:
    """`--param NAME=VALUE` options as {name: value}; a malformed or repeated one is an InputError."""
    values: dict[str, str] = {}
    for option in given:
        name, equals, value = option.partition("=")
        name = name.strip()
        if not equals or not name:
            raise InputError(f"--param {option!r} must read NAME=VALUE, for instance --param year=2019")
        if name in values:
            raise InputError(f"--param {name} is given twice; give each parameter once")
        values[name] = value
    return values


def bound_text(text: str, path: Path | None, given: list[str], settings: Settings) -> str:
    """The query with its parameters bound: every canned query (queries/NAME.rq) through the web
    form's checks, and a .rq file of another folder when --param is given."""
    from dpgraph.canned import parse_query_file

    values = parameter_values(given)
    canned = path is not None and path.resolve().parent == settings.queries_dir.resolve()
    if not values and not canned:
        return text
    if path is None:
        raise InputError(
            "--param binds a canned query's parameters: give the query's name (`dpgraph queries` lists them) or its .rq file"
        )
    query = parse_query_file(path)
    query.check_names(values)
    return query.bound_text(values)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dpgraph.results import format_results
    from dpgraph.store.files import load_files, open_dataset, query_union

    text, path = query_text(args.query, settings)
    text = bound_text(text, path, args.param, settings)
    store = load_files(args.data) if args.data else open_dataset(settings, restricted=args.restricted)
    try:
        result = query_union(store, text)
    except InputError as exc:
        raise InputError(exc.message, path or "query") from exc
    sys.stdout.write(format_results(result, args.format).rstrip("\n") + "\n")
    return 0
