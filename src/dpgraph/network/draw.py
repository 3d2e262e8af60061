"""A static drawing of a network (PNG or SVG) readable in a report, made with matplotlib.

Nodes are sized by a metric and coloured by community or by kind, edges are as wide as
their weight, and the largest nodes carry their names. The layout is seeded, so the same
network is drawn the same way each time.
"""

from __future__ import annotations

import io
import math

import networkx as nx
import numpy as np

from dpgraph.network.metrics import SEED
from dpgraph.network.registry import DEFAULT_SIZE, SIZE_METRICS

# Colour-blind-safe categories (Okabe-Ito, then Tableau's), repeated past their end.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#9C755F", "#76B7B2", "#EDC948", "#FF9DA7",
)  # fmt: skip
OTHER_COLOUR = "#BBBBBB"
MAX_LABELS = 60
# Kamada-Kawai needs all pairwise distances and its optimiser slows sharply with size (about
# 0.6 s for a 200-node component, 9 s for 300 on 2 cores), so larger components get a spring layout.
KAMADA_KAWAI_MAX = 200


def _scaled(values: list[float], low: float, high: float) -> list[float]:
    least, most = min(values, default=0.0), max(values, default=0.0)
    if most == least:
        return [(low + high) / 2] * len(values)
    return [low + (high - low) * (v - least) / (most - least) for v in values]


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """The largest component spread over the left of the square, the smaller ones in a grid on the right.

    One spring layout of everything pushes isolated nodes to the edges and crushes the
    component that matters into the middle.
    """
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    if not components:
        return {}
    main = graph.subgraph(components[0])
    position = {n: (x * 0.95, y * 0.95) for n, (x, y) in _spread(main).items()}
    rest = components[1:]
    columns = max(1, math.ceil(math.sqrt(len(rest) / 2)))
    rows = max(1, math.ceil(len(rest) / columns))
    cell = 2.0 / rows
    for index, members in enumerate(rest):
        column, row = divmod(index, rows)
        centre = (1.25 + column * cell, 1 - cell / 2 - row * cell)
        for n, (x, y) in _spread(graph.subgraph(members)).items():
            position[n] = (centre[0] + x * cell * 0.3, centre[1] + y * cell * 0.3)
    return position


def _spread(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """One component laid out in the unit square: Kamada-Kawai, which spaces a dense core evenly, while it is cheap."""
    if graph.number_of_nodes() == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    if graph.number_of_nodes() <= KAMADA_KAWAI_MAX:
        found = nx.kamada_kawai_layout(graph, weight=None)
    else:
        found = nx.spring_layout(graph, seed=SEED, k=2.5 / graph.number_of_nodes() ** 0.5, iterations=100)
    return _part({n: (float(x), float(y)) for n, (x, y) in nx.rescale_layout_dict(found).items()})


def _part(position: dict[str, tuple[float, float]], gap: float = 0.07, rounds: int = 30) -> dict[str, tuple[float, float]]:
    """Push apart nodes closer than `gap`: Kamada-Kawai puts nodes with the same neighbours on one spot."""
    nodes = sorted(position)
    xy = np.array([position[n] for n in nodes], dtype=float)
    # A fixed, tiny tilt gives nodes on the very same point a direction to part in.
    xy += np.outer(np.arange(len(nodes)), [1e-6, 2e-6])
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        distance = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(distance, np.inf)
        overlap = np.clip(gap - distance, 0, None)
        if not overlap.any():
            break
        xy += (delta / distance[..., None] * overlap[..., None] / 2).sum(axis=1)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def _categories(graph: nx.Graph, colour_by: str) -> list[str]:
    return [str(attrs.get(colour_by, "")) for _, attrs in graph.nodes(data=True)]


def _short(attrs: dict, width: int = 28) -> str:
    name = str(attrs.get("short") or attrs.get("label", ""))
    return name if len(name) <= width else name[: width - 1] + "…"


def draw(graph: nx.Graph, fmt: str, size_by: str = DEFAULT_SIZE, colour_by: str = "community", title: str = "") -> bytes:
    """The drawing as PNG or SVG bytes, nodes sized by one of SIZE_METRICS."""
    if size_by not in SIZE_METRICS:
        raise ValueError(f"nodes are sized by one of {', '.join(SIZE_METRICS)}, not {size_by!r}")
    from matplotlib import rc_context
    from matplotlib.figure import Figure  # no pyplot: no global state, safe in a server thread
    from matplotlib.lines import Line2D

    figure = Figure(figsize=(13, 10), dpi=130, layout="constrained")
    axes = figure.subplots()
    axes.set_axis_off()
    axes.margins(0.08)
    nodes = list(graph.nodes)
    categories = _categories(graph, colour_by)
    # The commonest categories get the palette's colours, the rest share one grey.
    ranked = sorted(set(categories), key=lambda c: (-categories.count(c), int(c) if c.isdigit() else math.inf, c))
    colour_of = {c: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, c in enumerate(ranked)}
    sizes = _scaled([float(graph.nodes[n].get(size_by, 0) or 0) for n in nodes], 40, 900)
    position = layout(graph)
    widths = _scaled([float(w) for *_, w in graph.edges(data="weight", default=1)], 0.4, 6)
    nx.draw_networkx_edges(graph, position, ax=axes, width=widths, edge_color="#7f8c99", alpha=0.35)
    nx.draw_networkx_nodes(
        graph,
        position,
        ax=axes,
        node_size=sizes,
        node_color=[colour_of[c] for c in categories],
        edgecolors="white",
        linewidths=0.8,
    )
    biggest = sorted(zip(nodes, sizes, strict=True), key=lambda item: -item[1])[:MAX_LABELS]
    labels = {n: _short(graph.nodes[n]) for n, _ in biggest}
    halo = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7}
    nx.draw_networkx_labels(graph, position, labels=labels, ax=axes, font_size=8, font_color="#1d2733", bbox=halo)
    legend = [
        Line2D([], [], marker="o", linestyle="", markersize=8, color=colour_of[c], label=f"{colour_by} {c}")
        for c in ranked[: len(PALETTE)]
    ]
    if legend:
        axes.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    axes.set_title(title, fontsize=12, loc="left")
    note = f"node size: {size_by} · edge width: weight · {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    figure.text(0.01, 0.005, note, fontsize=8, color="#5b6b7c")
    buffer = io.BytesIO()
    # No date in the SVG's metadata and a fixed salt for its ids: unchanged data, unchanged file.
    with rc_context({"svg.hashsalt": "dpgraph"}):
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
