"""The `dpgraph` command: parses arguments and hands each command to its module.

Each command lives in `dpgraph.commands.<name>` with `register(subparsers)` and
`run(args, settings) -> int`; heavy imports stay inside `run`, so `dpgraph --help` is quick.
Bad input (InputError) is printed as one line naming the file and line, with exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from dpgraph import __version__
from dpgraph.commands import COMMANDS
from dpgraph.config import load_settings
from dpgraph.errors import InputError
from dpgraph.store import EngineTimeout, EngineUnavailable


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="dpgraph", description="Digital Partnership Knowledge Graph")
    top.add_argument("--version", action="version", version=f"dpgraph {__version__}")
    top.add_argument("--base", help="base IRI of the resources (default: dpgraph.toml or DPGRAPH_BASE)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"dpgraph.commands.{name}")
        module.register(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = load_settings()
    if args.base:
        settings = settings.with_(base_iri=args.base if args.base.endswith(("/", "#")) else args.base + "/")
    module = importlib.import_module(f"dpgraph.commands.{args.command.replace('-', '_')}")
    try:
        return int(module.run(args, settings) or 0)
    except InputError as exc:
        print(f"dpgraph {args.command}: {exc}", file=sys.stderr)
        return 2
    except (EngineUnavailable, EngineTimeout) as exc:
        print(f"dpgraph {args.command}: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
