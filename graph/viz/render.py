"""A view -> one self-contained HTML page, and the page written to a file.

The only module that imports pyvis: the page inlines the vis-network copy pyvis ships
and takes vis-network's default options from it. The markup is the Jinja2 template
``templates/page.html.j2`` (with ``templates/page.css``), rendered with autoescaping on.

The page makes no network request at all: scripts and styles are inline, no CDN is
linked (pyvis' own template links Bootstrap even with ``cdn_resources="in_line"``, so it
is not used), and a Content-Security-Policy forbids fetching anything. Text from
readouts is never markup: labels are drawn on the canvas, tooltips are plain text
(vis-network sets them with ``innerText``), data is embedded as HTML-safe JSON and the
page text is escaped by Jinja's autoescaping. pyvis' trick of switching every tooltip
to raw HTML when one contains "href" does not apply, since its template is not used.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx

from graph.analytics import Source
from graph.errors import Msg, VizError
from graph.files import atomic_write
from graph.viz.layout import LAYOUT_SEED
from graph.viz.styles import EDGE_STYLES, SHAPE_GLYPHS
from graph.viz.view import DEFAULT_OPTIONS, VizOptions, to_view

__all__ = ["CSP", "EDGE_LABEL_LIMIT", "render_html", "write_html"]

EDGE_LABEL_LIMIT = 250
"""Above this many edges, edge labels are only shown on hover: they would cover the graph."""

CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)
"""The page's Content-Security-Policy: no fetch of any kind, everything it needs is inline."""


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as shipped with pyvis, safe to inline."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # "</" would close the inline element early; "<\\/" means the same to JS and CSS
    js = re.sub(r"</(?=script)", r"<\\/", js, flags=re.IGNORECASE)
    css = re.sub(r"</(?=style)", r"<\\/", css, flags=re.IGNORECASE)
    return js, css


@lru_cache(maxsize=1)
def _page_template() -> jinja2.Template:
    """``templates/page.html.j2``, read once, escaping every value it is given that is not
    marked safe; a name missing from the context is an error, not an empty string."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("graph.viz", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("page.html.j2")


def render_html(view: dict[str, Any], *, title: str = "diplograph") -> str:
    """Render a view (see :func:`to_view`) as one self-contained, offline HTML page.

    The page inlines vis-network, links nothing, and forbids every fetch through its
    Content-Security-Policy. Labels, tooltips and the title are shown as the text they
    are, whatever characters they hold.

    Args:
        view: the dict :func:`to_view` returned.
        title: the page title and heading.

    Returns:
        The HTML page.
    """
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    physics = bool(view["stats"].get("physics", True))
    few_edges = len(view["edges"]) <= EDGE_LABEL_LIMIT

    # Node and Edge build vis-network's records one by one: Network.add_node and
    # add_edge check membership in a list each time, which is quadratic on big graphs
    nodes = []
    for node in view["nodes"]:
        extra = {k: node[k] for k in ("x", "y") if k in node}
        record = Node(
            node["id"],
            node["shape"],
            label=node["label"],
            title=node["title"],
            color=node["color"],
            size=node["size"],
            legend=node["legend"],
            kind=node["kind"],
            **extra,
        ).options
        if node.get("focus"):
            record["borderWidth"] = 4
            record["font"] = {"size": 18, "bold": True}
        nodes.append(record)
    edges = []
    for edge in view["edges"]:
        record = Edge(
            edge["from"],
            edge["to"],
            directed=True,
            title=edge["title"],
            color=edge["color"],
            dashes=edge["dashes"],
            kind=edge["kind"],
        ).options
        if few_edges:
            record["label"] = edge["label"]
        edges.append(record)

    net = Network(directed=True)
    net.toggle_physics(physics)
    net.toggle_hide_edges_on_drag(not few_edges)
    options: dict[str, Any] = json.loads(net.options.to_json())
    options["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"inherit": False},
        "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 3},
        "smooth": {"enabled": physics, "type": "continuous"},
        "width": 1.2,
    }
    options["nodes"] = {
        "font": {"size": 13, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "borderWidth": 1,
    }
    options["interaction"].update(hover=True, tooltipDelay=150, multiselect=True, navigationButtons=False)
    options["layout"] = {"improvedLayout": physics and len(nodes) <= 300, "randomSeed": LAYOUT_SEED}
    options["physics"] = {
        "enabled": physics,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.3},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    }

    links: dict[str, dict[str, Any]] = {}
    for edge in view["edges"]:
        color, label, dashes = EDGE_STYLES.get(edge["kind"], ("#999999", edge["kind"], False))
        links.setdefault(edge["kind"], {"label": label, "color": color, "dashes": dashes})
    order = list(EDGE_STYLES)
    legend = [dict(item, glyph=SHAPE_GLYPHS.get(item["shape"], "●")) for item in view["legend"]]

    vis_js, vis_css = _vis_assets()
    return _page_template().render(
        title=title,
        csp=CSP,
        summary=_summary(view["stats"]),
        vis_js=vis_js,
        vis_css=vis_css,
        legend=legend,
        links=[links[k] for k in sorted(links, key=lambda k: order.index(k) if k in order else len(order))],
        nodes=nodes,
        edges=edges,
        options=options,
    )


def _summary(stats: dict[str, Any]) -> str:
    parts = [f"{stats.get('nodes', 0)} nodes, {stats.get('edges', 0)} links"]
    if stats.get("truncated"):
        parts.append(
            f"the {stats['nodes']} most connected of {stats['total_nodes']} nodes: "
            "narrow with a focus or a date window to see the rest"
        )
    if stats.get("focus"):
        parts.append(f"around {stats['focus']}")
    if stats.get("since") or stats.get("until"):
        parts.append(f"from {stats.get('since') or 'the start'} to {stats.get('until') or 'the end'}")
    return " · ".join(parts)


def write_html(
    store: Source | nx.MultiDiGraph,
    path: Path | str,
    options: VizOptions = DEFAULT_OPTIONS,
    *,
    title: str = "diplograph",
) -> Path:
    """Draw the store and write the page to ``path``, atomically.

    The page is written to a temporary file in the same folder and renamed, so an
    existing page is never left half-written.

    Args:
        store: see :func:`to_view`.
        path: where to write the page; missing folders are created.
        options: what to draw.
        title: the page title.

    Returns:
        The path written.

    Raises:
        VizError: nothing to draw (see :func:`to_view`) or the file cannot be written.
    """
    target = Path(path)
    page = render_html(to_view(store, options), title=title)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as out:
            out.write(page.encode("utf-8"))
    except OSError as exc:
        raise VizError(Msg.V006, path=target, detail=exc.strerror or exc) from exc
    return target
