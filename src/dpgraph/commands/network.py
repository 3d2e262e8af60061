"""dpgraph network — a network of the built dataset as a file, a drawing or a summary; the metrics graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dpgraph.config import Settings
from dpgraph.errors import InputError
from dpgraph.network.registry import COLOUR_BY, DEFAULT_SIZE, EDGE_METRICS, KINDS, NODE_METRICS, SIZE_METRICS

FORMATS = ("summary", "json", "graphml", "gexf", "csv", "png", "svg")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "network",
        help="who works with whom: networks of the dataset, their metrics, exports and drawings",
        description="Build a network from the dataset, filter it, and print a summary or write it as a file.",
    )
    p.add_argument("--kind", choices=KINDS, help=f"default: {KINDS[0]}")
    p.add_argument("--from", dest="year_from", metavar="YEAR", help="activities in or after this year")
    p.add_argument("--to", dest="year_to", metavar="YEAR", help="activities in or before this year")
    kinds = "conference, study, binding-standard-setting, non-binding-standard-setting, planned-activity"
    p.add_argument(
        "--kind-of-activity", dest="activity_kinds", nargs="+", action="extend", default=[], metavar="KIND", help=kinds
    )
    lists = (
        ("--body", "bodies", "BODY", "a body by name (cahai), site path (/body/cahai) or IRI; its sub-bodies count"),
        ("--topic", "topics", "TOPIC", "a topic by name (hate-speech), site path or IRI; its narrower topics count"),
        ("--document", "documents", "DOC", "a source document (001, 002)"),
    )
    for option, dest, metavar, text in lists:
        p.add_argument(option, dest=dest, nargs="+", action="extend", default=[], metavar=metavar, help=text)
    p.add_argument("--partners-only", action="store_true", help="only organisations that are or were partners")
    p.add_argument("--focus", help="the ego network of this organisation, body, activity or topic")
    p.add_argument("--radius", help="steps from the focus (default 1)")
    p.add_argument("--format", choices=FORMATS, help="default: a summary on the terminal (none with --write-metrics alone)")
    p.add_argument("--timeline", action="store_true", help="with --format gexf: the network year by year for Gephi's timeline")
    p.add_argument("--size-by", choices=SIZE_METRICS, default=DEFAULT_SIZE, help=f"png/svg: node size (default {DEFAULT_SIZE})")
    p.add_argument("--colour-by", choices=COLOUR_BY, default=COLOUR_BY[0], help="png/svg: node colour")
    p.add_argument("--output", type=Path, help="file to write (csv: NAME.nodes.csv and NAME.edges.csv); default standard output")
    p.add_argument("--write-metrics", nargs="?", const="", metavar="FILE",
                   help="write the metrics graph as TriG (default: network.trig in the build folder)")  # fmt: skip
    p.add_argument("--data", nargs="+", type=Path, help="use these RDF files instead of the built dataset")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dpgraph.network.filters import PARAMS
    from dpgraph.network.graphs import NetworkCache
    from dpgraph.network.request import NetworkRequest, network_view
    from dpgraph.store.files import load_files, open_dataset
    from dpgraph.store.local import LocalGraph

    base = settings.base_iri
    graph = LocalGraph(load_files(args.data) if args.data else open_dataset(settings))
    cache = NetworkCache()
    if args.write_metrics is not None:
        write_metrics(cache, graph, settings, args.write_metrics)
        if args.format is None:
            return 0
    args.format = args.format or "summary"
    request = NetworkRequest.parse(
        base,
        args.kind,
        args.focus,
        args.radius,
        args.year_from,
        args.year_to,
        args.partners_only,
        **{name: getattr(args, name) for name in PARAMS},
    )
    if args.timeline and args.format != "gexf":
        raise InputError("--timeline goes with --format gexf")
    shown = network_view(cache, graph, base, request, timeline=args.timeline)
    return emit(shown.graph, args, shown.title)


def write_metrics(cache, graph, settings: Settings, target: str) -> None:
    from dpgraph.layout import METRICS_DATASET
    from dpgraph.network.rdf import metrics_quads, write_trig

    path = Path(target) if target else settings.output_dir / METRICS_DATASET
    quads = metrics_quads(cache, graph, settings.base_iri, settings.network_vocabulary_file)
    size = write_trig(quads, path)
    print(f"wrote {len(quads)} quads of network metrics ({size} bytes) -> {path}", file=sys.stderr)


def emit(graph, args: argparse.Namespace, title: str) -> int:
    from dpgraph.network.export import export_network

    if args.format == "summary":
        sys.stdout.write(summary(graph, title, args.size_by))
        return 0
    if args.format in ("png", "svg"):
        from dpgraph.network.draw import draw

        _write(args.output, draw(graph, args.format, args.size_by, args.colour_by, title), args.format)
    elif args.format == "csv":
        if args.output is None:
            raise InputError("--format csv writes two files: give --output NAME.csv")
        stem = args.output.with_suffix("")
        for table in ("nodes", "edges"):
            path = stem.with_name(f"{stem.name}.{table}.csv")
            path.write_text(export_network(graph, f"{table}.csv"), encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    else:
        _write(args.output, export_network(graph, args.format).encode("utf-8"), args.format)
    return 0


def _write(output: Path | None, data: bytes, fmt: str) -> None:
    if output is None:
        if fmt in ("png", "svg") and sys.stdout.isatty():
            raise InputError(f"--format {fmt} is an image: give --output FILE")
        sys.stdout.buffer.write(data)
        return
    output.write_bytes(data)
    print(f"wrote {output} ({len(data)} bytes)", file=sys.stderr)


def summary(graph, title: str, size_by: str, rows: int = 15) -> str:
    from dpgraph.network.metrics import ranked
    from dpgraph.results import table

    g = graph.graph
    lines = [
        title,
        f"{g['nodes']} nodes, {g['edges']} edges, density {g['density']:.3f}, "
        f"{g['components']} components, {g['communities']} communities"
        + (f" (betweenness from a sample of {g['betweenness_sample']})" if "betweenness_sample" in g else ""),
        "",
        f"nodes by {size_by}:",
    ]
    columns = ["name", "type", *(m.column for m in NODE_METRICS)]
    cells = [
        [str(a["label"]), str(a["type"]), *(m.text(a[m.key]) for m in NODE_METRICS)]
        for a in (graph.nodes[node] for node in ranked(graph, size_by)[:rows])
    ]
    lines.append(table(columns, cells))
    lines += ["", "strongest ties:"]
    ties = [
        [graph.nodes[t["source"]]["label"], graph.nodes[t["target"]]["label"], *(m.text(t[m.key]) for m in EDGE_METRICS)]
        for t in g["strongest_ties"]
    ]
    lines.append(table(["one", "other", *(m.column for m in EDGE_METRICS)], ties))
    return "\n".join(lines) + "\n"
