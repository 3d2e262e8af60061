"""/network: who works with whom, as an interactive view and as files for other tools.

- `/network` draws the network with Cytoscape.js (served from static/vendor, installed from
  npm at set-up) beside a sortable table of the metrics; the filters are a GET form, so
  the URL holds the view and can be shared. A network larger than the app's
  NETWORK_MAX_NODES is drawn and tabled as its top nodes by the chosen size metric, and
  the page says so;
- `/network.json` (node-link), `/network.graphml`, `/network.gexf` (`timeline=1`: year by
  year), `/network.nodes.csv` and `/network.edges.csv` take the same parameters.

Parameters: kind, from, to, activity-kind, body, topic, document (each repeatable),
partners=1, focus (a resource's path or IRI: its ego network) and radius, read and answered
as `dpgraph network`'s options are (dpgraph.network.request). Networks are computed once per
dataset and parameters (dpgraph.network.graphs.NetworkCache).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request

from dpgraph.errors import InputError
from dpgraph.network.draw import OTHER_COLOUR, PALETTE, layout
from dpgraph.network.export import MEDIA_TYPES, export_network
from dpgraph.network.filters import PARAMS
from dpgraph.network.graphs import NetworkCache
from dpgraph.network.metrics import ranked
from dpgraph.network.registry import BY_KEY, COLOUR_BY, DEFAULT_SIZE, KIND_LABELS, NODE_METRICS, SIZE_METRICS
from dpgraph.network.request import MAX_RADIUS, YES, NetworkRequest, View, network_view
from dpgraph.rdf.iris import local_path
from dpgraph.web.state import dataset, derived

bp = Blueprint("network", __name__)

# Parameters that change only how the page draws, not which network it shows.
DISPLAY_PARAMS = ("size", "colour")
EDGE_ACTIVITIES_SHOWN = 8
# The counts a topic edge carries: activities on the topic by their own cell, and through their body.
TOPIC_WAYS = ("by_cell", "by_body")
LABEL_WIDTH = 26
# The narrow table rounds doubles to fewer places than the summaries do.
TABLE_DECIMALS = 3


def cache() -> NetworkCache:
    return derived("network", lambda _: NetworkCache())


def current_view(timeline: bool = False) -> View:
    """The network the request's parameters ask for; bad parameters raise InputError."""
    data = dataset()
    asked = NetworkRequest.from_query(data.settings.base_iri, request.args.to_dict(flat=False))
    return network_view(cache(), data.graph, data.settings.base_iri, asked, timeline)


def network_params() -> str:
    """The request's query string without the display-only parameters, for the export links."""
    return urlencode([(k, v) for k, v in request.args.items(multi=True) if k not in DISPLAY_PARAMS and v.strip()], safe="/")


def drawn(view: View, size: str, limit: int) -> list[str]:
    """The nodes the page draws and tables, best first by `size`: all of them, or the top `limit`
    (the focus of an ego network always among them)."""
    order = ranked(view.graph, size)
    if len(order) <= limit:
        return order
    top = order[:limit]
    if view.request.focus and view.request.focus not in top:
        top[-1] = view.request.focus
    return top


def elements(view: View, nodes: list[str], size: str) -> list[dict]:
    """Cytoscape.js elements of `nodes` and the edges among them, placed by the same seeded
    layout as the static drawings (once per view and choice of nodes)."""
    directory = cache().directory(dataset().graph)
    graph = view.graph if len(nodes) == view.graph.number_of_nodes() else view.graph.subgraph(nodes).copy()
    # Which nodes are drawn depends on the size metric only when the network is cut to its top nodes.
    key = ("layout", view.request, len(nodes), size if graph is not view.graph else None)
    position = cache().get(dataset().graph, key, lambda: layout(graph))
    nodes = []
    for node, attrs in graph.nodes(data=True):
        name = str(attrs.get("short") or attrs["label"])
        display = name if len(name) <= LABEL_WIDTH else name[: LABEL_WIDTH - 1] + "…"
        scalars = {k: v for k, v in attrs.items() if isinstance(v, str | int | float | bool)}
        nodes.append(
            {
                "data": {"id": node, "display": display, **scalars},
                "position": {"x": position[node][0] * 400, "y": -position[node][1] * 400},
            }
        )
    edges = []
    for index, (a, b, attrs) in enumerate(graph.edges(data=True)):
        names = [str(directory.nodes.get(i, {}).get("label", i)) for i in attrs["activities"][:EDGE_ACTIVITIES_SHOWN]]
        more = len(attrs["activities"]) - len(names)
        shared = names + ([f"and {more} more"] if more > 0 else [])
        data = {"id": f"e{index}", "source": a, "target": b, "weight": attrs["weight"], "shared": shared}
        data.update({way: attrs[way] for way in TOPIC_WAYS if way in attrs})
        edges.append({"data": data})
    return nodes + edges


@bp.app_template_filter("words")
def words(name: str) -> str:
    """A class or concept name as words: CompanyAssociation -> Company association, binding-standard-setting -> ..."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(name)).replace("-", " ")
    return spaced[:1].upper() + spaced[1:].lower()


@bp.errorhandler(InputError)
def bad_request(error: InputError):
    if request.endpoint == "network.view":
        return page(error=str(error)), 400
    return Response(f"{error}\n", status=400, mimetype="text/plain")


@bp.get("/network")
def view():
    return page()


def page(error: str | None = None) -> str:
    data = dataset()
    directory = cache().directory(data.graph)
    view_ = None if error else current_view()
    args = request.args
    size = args.get("size") if args.get("size") in SIZE_METRICS else DEFAULT_SIZE
    colour = args.get("colour") if args.get("colour") in COLOUR_BY else COLOUR_BY[0]
    base = data.settings.base_iri
    limit = int(current_app.config["NETWORK_MAX_NODES"])
    shown = drawn(view_, size, limit) if view_ else []
    focusable = [iri for iri, attrs in directory.nodes.items() if attrs["type"] in ("organisation", "body")]
    if len(focusable) > limit:
        # Thousands of options make the list sluggish: it offers the nodes drawn, and any other can be typed.
        focusable = [iri for iri in shown if directory.nodes.get(iri, {}).get("type") in ("organisation", "body")]
    focus_options = sorted(
        ((directory.nodes[iri]["label"], local_path(iri, base)) for iri in focusable),
        key=lambda option: str(option[0]).casefold(),
    )
    # Each list filter's options as (URL value, label, chosen?), the chosen ones read from the parsed filters.
    choices = {
        param: [
            (local_path(iri, base) or iri, label, bool(view_) and iri in getattr(view_.request.filters, name))
            for iri, label in directory.choices[name]
        ]
        for name, param in PARAMS.items()
    }
    return render_template(
        "network.html",
        view=view_,
        error=error,
        kinds=KIND_LABELS,
        choices=choices,
        years=directory.years,
        yes=YES,
        max_radius=MAX_RADIUS,
        focus_options=focus_options,
        rows=[(node, view_.graph.nodes[node]) for node in shown] if view_ else [],
        size=BY_KEY[size],
        colour=colour,
        size_options=[m for m in NODE_METRICS if m.sizes_nodes],
        colour_options=COLOUR_BY,
        metrics=NODE_METRICS,
        table_decimals=TABLE_DECIMALS,
        script={
            "elements": elements(view_, shown, size) if view_ else [],
            "size": size,
            "colour": colour,
            "truncated": len(shown) < (view_.graph.number_of_nodes() if view_ else 0),
            "metrics": [m.script() for m in NODE_METRICS],
            "palette": PALETTE,
            "other": OTHER_COLOUR,
        },
        params=network_params(),
    )


def download(fmt: str, timeline: bool = False) -> Response:
    view_ = current_view(timeline)
    response = Response(export_network(view_.graph, fmt), mimetype=MEDIA_TYPES[fmt])
    if fmt != "json":
        name = f"network-{view_.request.kind}{'-timeline' if timeline else ''}.{fmt}"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/network.json")
def as_json():
    return download("json")


@bp.get("/network.graphml")
def as_graphml():
    return download("graphml")


@bp.get("/network.gexf")
def as_gexf():
    return download("gexf", timeline=request.args.get("timeline", "") in YES)


@bp.get("/network.nodes.csv")
def as_nodes_csv():
    return download("nodes.csv")


@bp.get("/network.edges.csv")
def as_edges_csv():
    return download("edges.csv")
