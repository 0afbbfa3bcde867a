"""Draw a diplograph graph as an interactive HTML page that works offline.

Two steps, as displaCy splits them:

- :func:`to_view` reads a store and returns plain data: nodes with their kind, colour,
  shape and a plain-text tooltip, edges, a legend and statistics. It filters (focus on
  one leader or topic, a date window, positions and mentions on or off), caps the
  number of nodes and, for big graphs, lays the nodes out beforehand. Tests assert on
  this dict.
- :func:`render_html` turns that dict into one self-contained HTML page with
  vis-network (the copy pyvis ships) inlined. It is the only code that imports pyvis.

:func:`write_html` does both and writes the page atomically.

The page makes no network request at all: scripts and styles are inline, no CDN is
linked (pyvis' own template links Bootstrap even with ``cdn_resources="in_line"``, so it
is not used), and a Content-Security-Policy forbids fetching anything. Text from
readouts is never markup: labels are drawn on the canvas, tooltips are plain text
(vis-network sets them with ``innerText``), data is embedded as HTML-safe JSON and the
page text is escaped by Jinja's autoescaping. pyvis' trick of switching every tooltip
to raw HTML when one contains "href" does not apply, since its template is not used.

    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.load(input='''
    ...     @prefix dg: <https://w3id.org/diplograph/ontology#> .
    ...     @prefix leader: <https://w3id.org/diplograph/id/leader/> .
    ...     @prefix event: <https://w3id.org/diplograph/id/event/> .
    ...     @prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     leader:Q7747 a dg:Leader ; rdfs:label "Vladimir Putin"@en .
    ...     event:d-e1 a dg:PhoneCall ; sem:hasActor leader:Q7747 .
    ... ''', format=pyoxigraph.RdfFormat.TURTLE)
    >>> view = to_view(store)
    >>> [(node["kind"], node["label"], node["shape"]) for node in view["nodes"]]
    [('PhoneCall', 'Phone call', 'diamond'), ('Leader', 'Vladimir Putin', 'dot')]
    >>> "<!DOCTYPE html>" in render_html(view)
    True
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analytics import EVENT_KINDS, Source, to_networkx
from graph.errors import Msg, VizError

__all__ = [
    "ACT_COLORS",
    "DEFAULT_OPTIONS",
    "KIND_STYLES",
    "VizOptions",
    "render_html",
    "to_view",
    "write_html",
]

PHYSICS_NODE_LIMIT = 1000
"""Below this many nodes the browser lays the graph out (physics on); above, Python does."""

QUOTE_CHARS = 300
"""Quotes are cut to this many characters in tooltips."""

LABEL_CHARS = 40
"""Labels drawn on the canvas are cut to this many characters (tooltips keep them whole)."""

EDGE_LABEL_LIMIT = 250
"""Above this many edges, edge labels are only shown on hover: they would cover the graph."""

_DENSE_LAYOUT_LIMIT = 300
_LAYOUT_SEED = 7
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))

# kind -> (colour, vis-network shape, legend label, size)
KIND_STYLES: dict[str, tuple[str, str, str, int]] = {
    "Leader": ("#1f4e9c", "dot", "Leader", 22),
    "Country": ("#2e8b57", "triangle", "Country", 16),
    "Organization": ("#17a2b8", "hexagon", "Organization", 16),
    "Place": ("#8c564b", "triangleDown", "Place", 14),
    "PhoneCall": ("#d62728", "diamond", "Phone call", 16),
    "Meeting": ("#ff7f0e", "diamond", "Meeting", 16),
    "Visit": ("#9467bd", "diamond", "Visit", 16),
    "Summit": ("#e377c2", "diamond", "Summit", 18),
    "Attack": ("#5c0a0a", "diamond", "Attack", 16),
    "Agreement": ("#7fbf3f", "diamond", "Agreement", 16),
    "Election": ("#00a3b4", "diamond", "Election", 16),
    "OtherEvent": ("#9e9e9e", "diamond", "Other event", 14),
    "Position": ("#999999", "square", "Position", 8),
    "Topic": ("#e6a800", "star", "Topic", 18),
    "Readout": ("#607d8b", "box", "Readout", 12),
}

# act code -> colour: statements in blues, support in greens, requests in oranges,
# disapproval in reds, so the mood of a call shows at a glance
ACT_COLORS: dict[str, str] = {
    "stress": "#3b6fb6",
    "recall": "#6baed6",
    "inform": "#7b68c8",
    "note": "#a99de0",
    "welcome": "#2ca25f",
    "agree": "#1b7f4a",
    "accept": "#8fc45a",
    "ask": "#fd8d3c",
    "call_on": "#e6550d",
    "propose": "#d08a1c",
    "insist": "#b3590b",
    "express_concern": "#e7298a",
    "condemn": "#b10026",
    "other": "#999999",
}

# drawn edge kind -> (colour, label, dashed); the order is the merge priority when two
# relations join the same pair of nodes (a participant who initiated is an initiator)
_EDGE_STYLES: dict[str, tuple[str, str, bool]] = {
    "initiator": ("#d62728", "initiator", False),
    "participant": ("#8a8a8a", "participant", False),
    "said": ("#1f4e9c", "said", False),
    "addressee": ("#6a3d9a", "to", False),
    "topic": ("#d4a000", "about", False),
    "made_in": ("#b5b5b5", "made in", True),
    "place": ("#8c564b", "at", False),
    "country": ("#2e8b57", "country", True),
    "reports": ("#607d8b", "reports", False),
    "refers_to": ("#607d8b", "refers to", True),
    "mentions": ("#c7c7c7", "mentions", True),
    "source": ("#c7c7c7", "source", True),
}

_KIND_ORDER = ["Leader", "Country", "Organization", "Place", *EVENT_KINDS, "Position", "Topic", "Readout"]
_ANCHOR_CATEGORIES = {"event", "position", "readout"}
_ALWAYS_DRAWN = {"participant", "initiator", "addressee", "topic", "made_in", "place"}
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")


@dataclass(frozen=True)
class VizOptions:
    """What to draw.

    Attributes:
        focus: a label (English or French, any case), a topic code, a Wikidata id
            (``Q7747``) or an IRI: draw that node, its neighbours and, through the events
            and positions it is linked to, their other ends (so focusing on a leader
            shows whom they called and what they said to whom).
        since: earliest date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) of the events,
            positions and readouts drawn. A partial date counts as its whole period.
        until: latest date, same forms. With a window, undated events and positions
            are left out; a position is dated by the event it was made in, else by its
            readout.
        include_positions: draw positions (what each leader said) and their topics.
        include_mentions: draw readouts with the events they report or refer to and
            every entity they mention.
        max_nodes: draw at most this many nodes, the most connected first.
        physics: let the browser lay the graph out; None turns it on below
            ``PHYSICS_NODE_LIMIT`` nodes and otherwise lays the graph out beforehand.

    Raises:
        VizError: a date or ``max_nodes`` is malformed.
    """

    focus: str | None = None
    since: str | None = None
    until: str | None = None
    include_positions: bool = True
    include_mentions: bool = False
    max_nodes: int = 2000
    physics: bool | None = None

    def __post_init__(self) -> None:
        for option in ("since", "until"):
            value = getattr(self, option)
            if value is not None and _date_bounds(str(value)) is None:
                raise VizError(Msg.V004, option=option, value=value)
        if isinstance(self.max_nodes, bool) or not isinstance(self.max_nodes, int) or self.max_nodes < 1:
            raise VizError(Msg.V005, value=self.max_nodes)


DEFAULT_OPTIONS = VizOptions()


# ------------------------------------------------------------------------------ dates


def _date_bounds(text: str | None) -> tuple[date, date] | None:
    """The first and last day a (possibly partial) ISO date stands for, or None."""
    if not text:
        return None
    match = _DATE_RE.match(text.strip())
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # the pattern requires it
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            last = date(year + month // 12, month % 12 + 1, 1) - date.resolution
            return date(year, month, 1), last
        day_date = date(year, month, day)
    except ValueError:
        return None
    return day_date, day_date


def _node_dates(kg: nx.MultiDiGraph) -> dict[str, tuple[date, date] | None]:
    """Dates of events and readouts as given; positions take their event's, else their readout's."""
    dates: dict[str, tuple[date, date] | None] = {}
    for node, data in kg.nodes(data=True):
        if data["category"] in {"event", "readout"}:
            dates[node] = _date_bounds(data.get("date"))
    for node, data in kg.nodes(data=True):
        if data["category"] != "position":
            continue
        found: tuple[date, date] | None = None
        for relation in ("made_in", "source"):
            candidates = sorted(
                bounds
                for _, target, rel in kg.out_edges(node, keys=True)
                if rel == relation and (bounds := dates.get(target)) is not None
            )
            if candidates:
                found = candidates[0]
                break
        dates[node] = found
    return dates


# ------------------------------------------------------------------------------- view


def to_view(store: Source | nx.MultiDiGraph, options: VizOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    """Compute what to draw: nodes, edges, legend and statistics, as plain data.

    Args:
        store: a ``pyoxigraph.Store``, an object with ``query(sparql)`` (such as
            ``graph.store.GraphStore``), or the graph ``graph.analytics.to_networkx``
            returned.
        options: what to draw (see :class:`VizOptions`).

    Returns:
        ``{"nodes": [...], "edges": [...], "legend": [...], "stats": {...}}``. A node is
        ``{"id", "label", "kind", "color", "shape", "size", "title", "legend"}`` plus
        ``"x"``/``"y"`` when laid out beforehand and ``"focus": True`` for the focused
        node; ``title`` is plain text, one fact a line. An edge is ``{"from", "to",
        "label", "kind", "title", "color", "dashes"}``. A legend entry is ``{"key",
        "kind", "color", "shape", "label", "count"}``, one per node kind drawn and, for
        positions, one per act. Nodes are sorted by id and edges by ends and kind, so
        the same store always gives the same view.

    Raises:
        VizError: the store holds nothing to draw (V001), the focus matches nothing
            (V002), or the options leave nothing to draw (V003).
    """
    kg = to_networkx(store)
    anchors = [n for n, d in kg.nodes(data=True) if d["category"] in _ANCHOR_CATEGORIES]
    if not anchors:
        raise VizError(Msg.V001)

    window = _window(options)
    dates = _node_dates(kg)
    kept: set[str] = set()
    for node in anchors:
        category = kg.nodes[node]["category"]
        if category == "position" and not options.include_positions:
            continue
        if category == "readout" and not options.include_mentions:
            continue
        if window is not None and not _overlaps(dates.get(node), window):
            continue
        kept.add(node)

    drawable = _drawable_edges(kg, options)
    # entities are drawn for what the kept events, positions and readouts say of them
    for source, target, _ in drawable:
        for end, other in ((source, target), (target, source)):
            if other in kept and kg.nodes[end]["category"] in {"entity", "topic"}:
                kept.add(end)
    for source, target, kind in drawable:
        if kind == "country" and source in kept:
            kept.add(target)
    edges = [(s, t, k) for s, t, k in drawable if s in kept and t in kept]

    focus_node: str | None = None
    if options.focus is not None:
        focus_node = _find_focus(kg, options.focus)
        if focus_node not in kept:
            raise VizError(Msg.V003, detail=_describe(options) + f"; {options.focus!r} is not among them")
        kept = _neighbourhood(kg, focus_node, edges)
        edges = [(s, t, k) for s, t, k in edges if s in kept and t in kept]

    if not kept:
        raise VizError(Msg.V003, detail=_describe(options))

    total = len(kept)
    if total > options.max_nodes:
        kept = _most_connected(kept, edges, options.max_nodes, focus_node)
        edges = [(s, t, k) for s, t, k in edges if s in kept and t in kept]

    nodes = sorted(kept)
    physics = options.physics if options.physics is not None else len(nodes) < PHYSICS_NODE_LIMIT
    positions = {} if physics else _layout(nodes, [(s, t) for s, t, _ in edges])

    node_views = [_node_view(kg, node, positions.get(node), node == focus_node) for node in nodes]
    edge_views = _edge_views({n["id"]: n["label"] for n in node_views}, edges)
    legend = _legend(node_views)
    kinds = Counter(node["kind"] for node in node_views)
    stats: dict[str, Any] = {
        "nodes": len(node_views),
        "edges": len(edge_views),
        "total_nodes": total,
        "truncated": total > len(node_views),
        "kinds": dict(sorted(kinds.items(), key=lambda kv: _kind_rank(kv[0]))),
        "physics": physics,
        "focus": options.focus,
        "since": options.since,
        "until": options.until,
    }
    return {"nodes": node_views, "edges": edge_views, "legend": legend, "stats": stats}


def _window(options: VizOptions) -> tuple[date, date] | None:
    if options.since is None and options.until is None:
        return None
    since = _date_bounds(options.since)
    until = _date_bounds(options.until)
    return (since[0] if since else date.min, until[1] if until else date.max)


def _overlaps(bounds: tuple[date, date] | None, window: tuple[date, date]) -> bool:
    return bounds is not None and bounds[1] >= window[0] and bounds[0] <= window[1]


def _describe(options: VizOptions) -> str:
    parts = []
    if options.since or options.until:
        parts.append(f"dates {options.since or '…'} to {options.until or '…'}")
    if options.focus is not None:
        parts.append(f"focus {options.focus!r}")
    if not options.include_positions:
        parts.append("positions left out")
    return ", ".join(parts) or "default options"


def _drawable_edges(kg: nx.MultiDiGraph, options: VizOptions) -> list[tuple[str, str, str]]:
    """The graph's links as drawn: (from, to, kind), speakers pointing at what they said."""
    drawn: set[tuple[str, str, str]] = set()
    mentions = options.include_mentions
    for source, target, relation in kg.edges(keys=True):
        if relation == "speaker":
            drawn.add((target, source, "said"))
            continue
        category = kg.nodes[source]["category"]
        if (
            relation in _ALWAYS_DRAWN
            or (relation == "country" and category == "entity")
            or (mentions and relation in {"reports", "refers_to", "mentions"})
            or (mentions and relation == "source" and category == "position")
        ):
            drawn.add((source, target, relation))
    return sorted(drawn)


def _find_focus(kg: nx.MultiDiGraph, focus: str) -> str:
    wanted = focus.strip().casefold()
    exact: list[str] = []
    for node, data in kg.nodes(data=True):
        keys = {node.casefold(), str(data["label"]).casefold()}
        keys.update(name.casefold() for name in data.get("names", []))
        for attr in ("wikidata", "notation", "doc", "iso3"):
            if data.get(attr):
                keys.add(str(data[attr]).casefold())
        if wanted in keys:
            exact.append(node)
    if not exact:
        leaders = sorted(d["label"] for _, d in kg.nodes(data=True) if d["kind"] == "Leader")
        topics = sorted(d["label"] for _, d in kg.nodes(data=True) if d["kind"] == "Topic")
        examples = leaders[:2] + topics[:1]
        raise VizError(Msg.V002, focus=focus, examples=", ".join(repr(e) for e in examples) or "none")
    # a leader or topic wins over a readout or an event sharing the text
    return min(exact, key=lambda n: (kg.nodes[n]["category"] not in {"entity", "topic"}, n))


def _neighbourhood(kg: nx.MultiDiGraph, focus: str, edges: list[tuple[str, str, str]]) -> set[str]:
    """The focus, its neighbours, and the other ends of the events and positions it touches."""
    adjacent: dict[str, set[str]] = defaultdict(set)
    for source, target, _ in edges:
        adjacent[source].add(target)
        adjacent[target].add(source)
    keep = {focus} | adjacent[focus]
    for neighbour in adjacent[focus]:
        if kg.nodes[neighbour]["category"] in {"event", "position"}:
            keep |= adjacent[neighbour]
    return keep


def _most_connected(
    kept: set[str], edges: list[tuple[str, str, str]], limit: int, focus: str | None
) -> set[str]:
    degree: Counter[str] = Counter()
    for source, target, _ in edges:
        degree[source] += 1
        degree[target] += 1
    ranked = sorted(kept, key=lambda n: (n != focus, -degree[n], n))
    return set(ranked[:limit])


def _kind_rank(kind: str) -> tuple[int, str]:
    return (_KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER), kind)


def _style(kind: str, category: str) -> tuple[str, str, str, int]:
    if kind in KIND_STYLES:
        return KIND_STYLES[kind]
    # an event class the ontology added later: drawn as an event, named by its class
    base = KIND_STYLES["OtherEvent" if category == "event" else "Readout"]
    return (base[0], base[1], kind, base[3])


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_view(kg: nx.MultiDiGraph, node: str, xy: tuple[float, float] | None, focus: bool) -> dict[str, Any]:
    data = kg.nodes[node]
    kind, category = data["kind"], data["category"]
    color, shape, kind_label, size = _style(kind, category)
    legend_key = kind
    if category == "position":
        act = data.get("act") or "other"
        color = ACT_COLORS.get(act, ACT_COLORS["other"])
        legend_key = f"Position:{act}"
        label = act.replace("_", " ")
    elif category == "event":
        label = f"{kind_label} {data['date']}" if data.get("date") else kind_label
    else:
        label = str(data["label"])
    view: dict[str, Any] = {
        "id": node,
        "label": _cut(label, LABEL_CHARS),
        "kind": kind,
        "color": color,
        "shape": shape,
        "size": size,
        "title": _title(kg, node),
        "legend": legend_key,
    }
    if xy is not None:
        view["x"], view["y"] = xy
    if focus:
        view["focus"] = True
    return view


def _targets(kg: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted({t for _, t, r in kg.out_edges(node, keys=True) if r == relation})


def _sources(kg: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted({s for s, _, r in kg.in_edges(node, keys=True) if r == relation})


def _labels(kg: nx.MultiDiGraph, nodes: Iterable[str]) -> str:
    return ", ".join(sorted(str(kg.nodes[n]["label"]) for n in nodes))


def _docs(kg: nx.MultiDiGraph, readouts: Iterable[str]) -> str:
    return ", ".join(sorted(str(kg.nodes[r].get("doc") or kg.nodes[r]["label"]) for r in readouts))


def _title(kg: nx.MultiDiGraph, node: str) -> str:
    """The tooltip: plain text, one fact a line, never markup."""
    data = kg.nodes[node]
    category, kind = data["category"], data["kind"]
    kind_label = _style(kind, category)[2]
    lines: list[str] = []
    if category == "position":
        lines.append(f"Position: {(data.get('act') or 'other').replace('_', ' ')}")
        lines.append(f"Speaker: {_labels(kg, _targets(kg, node, 'speaker')) or 'unknown'}")
        if addressees := _targets(kg, node, "addressee"):
            lines.append(f"To: {_labels(kg, addressees)}")
        if topics := _targets(kg, node, "topic"):
            lines.append(f"Topics: {_labels(kg, topics)}")
        for event in _targets(kg, node, "made_in"):
            event_data = kg.nodes[event]
            when = f" {event_data['date']}" if event_data.get("date") else ""
            lines.append(f"Made in: {_style(event_data['kind'], 'event')[2]}{when}")
        if data.get("quote"):
            lines.append(f"Quote: «{_cut(str(data['quote']), QUOTE_CHARS)}»")
        if sources := _targets(kg, node, "source"):
            lines.append(f"Source: {_docs(kg, sources)}")
    elif category == "event":
        status = f" ({data['status']})" if data.get("status") else ""
        lines.append(f"{kind_label}{status}")
        if data.get("date") or data.get("date_text"):
            written = f" (“{data['date_text']}”)" if data.get("date_text") else ""
            lines.append(f"Date: {data.get('date') or 'unknown'}{written}")
        participants = set(_targets(kg, node, "participant")) | set(_targets(kg, node, "initiator"))
        if participants:
            lines.append(f"Participants: {_labels(kg, participants)}")
        if initiators := _targets(kg, node, "initiator"):
            lines.append(f"Initiator: {_labels(kg, initiators)}")
        if places := _targets(kg, node, "place"):
            lines.append(f"Place: {_labels(kg, places)}")
        reported = _sources(kg, node, "reports")
        if reported:
            lines.append(f"Reported by: {_docs(kg, reported)}")
        referring = _sources(kg, node, "refers_to")
        if referring:
            lines.append(f"Referred to by: {_docs(kg, referring)}")
        if not reported and not referring and (derived := _targets(kg, node, "source")):
            lines.append(f"Source: {_docs(kg, derived)}")
    elif category == "readout":
        lines.append(f"Readout {data.get('doc') or data['label']}")
        if data.get("date"):
            lines.append(f"Published: {data['date']}")
        if data.get("source"):
            lines.append(f"Source: {data['source']}")
    elif category == "topic":
        lines += [str(data["label"]), "Topic"]
        if data.get("notation"):
            lines.append(f"Code: {data['notation']}")
    else:
        lines.append(str(data["label"]))
        others = [name for name in data.get("names", []) if name != data["label"]]
        if others:
            lines.append(f"Also: {', '.join(others)}")
        lines.append(kind_label)
        if data.get("wikidata"):
            lines.append(f"Wikidata: {data['wikidata']}")
        elif kind == "Leader" and data.get("in_gazetteer") is False:
            lines.append("Not in the gazetteer: name as found in the text")
        if data.get("iso3"):
            lines.append(f"ISO 3166: {data['iso3']}")
        if countries := _targets(kg, node, "country"):
            lines.append(f"Country: {_labels(kg, countries)}")
    return "\n".join(lines)


def _edge_views(labels: dict[str, str], edges: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """One edge per pair of ends, relations of the same pair merged into one label.

    Args:
        labels: the drawn label of every node, to name the ends in the tooltip.
        edges: (from, to, kind) as drawn.
    """
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for source, target, kind in edges:
        by_pair[(source, target)].append(kind)
    order = list(_EDGE_STYLES)
    views = []
    for (source, target), kinds in sorted(by_pair.items()):
        kinds = sorted(set(kinds), key=order.index)
        color, _, dashes = _EDGE_STYLES[kinds[0]]
        label = ", ".join(_EDGE_STYLES[k][1] for k in kinds)
        views.append(
            {
                "from": source,
                "to": target,
                "label": label,
                "kind": kinds[0],
                "title": f"{labels[source]} — {label} → {labels[target]}",
                "color": color,
                "dashes": dashes,
            }
        )
    return views


def _legend(node_views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for node in node_views:
        key = node["legend"]
        entry = entries.get(key)
        if entry is None:
            if node["kind"] == "Position":
                act = key.split(":", 1)[1]
                label = f"Position: {act.replace('_', ' ')}"
            else:
                label = KIND_STYLES[node["kind"]][2] if node["kind"] in KIND_STYLES else node["kind"]
            entry = entries[key] = {
                "key": key,
                "kind": node["kind"],
                "color": node["color"],
                "shape": node["shape"],
                "label": label,
                "count": 0,
            }
        entry["count"] += 1
    acts = list(ACT_COLORS)

    def rank(entry: dict[str, Any]) -> tuple[tuple[int, str], int, str]:
        act = entry["key"].split(":", 1)[1] if entry["kind"] == "Position" else ""
        return (_kind_rank(entry["kind"]), acts.index(act) if act in acts else len(acts), entry["key"])

    return sorted(entries.values(), key=rank)


# ----------------------------------------------------------------------------- layout


def _layout(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Positions in canvas pixels, the same for the same graph.

    Up to ``_DENSE_LAYOUT_LIMIT`` nodes a seeded spring layout; above, the most
    connected nodes are laid out that way (linked when they share a neighbour, so two
    leaders come close through the calls between them) and every other node is placed
    around the nodes it links to, in rings, which keeps the cost linear in the graph's
    size.
    """
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(sorted(edges))
    unit = _layout_units(graph)
    scale = 90.0 * math.sqrt(max(len(nodes), 1))
    return {node: (round(x * scale, 1), round(y * scale, 1)) for node, (x, y) in unit.items()}


def _spring(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    if graph.number_of_nodes() == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    raw = nx.spring_layout(graph, seed=_LAYOUT_SEED, weight="weight")
    return {node: (float(xy[0]), float(xy[1])) for node, xy in raw.items()}


def _layout_units(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions within about [-1, 1] for the graph's nodes (see :func:`_layout`)."""
    n = graph.number_of_nodes()
    if n <= _DENSE_LAYOUT_LIMIT:
        return _spring(graph)
    skeleton = sorted(sorted(graph, key=lambda v: (-graph.degree(v), v))[:_DENSE_LAYOUT_LIMIT])
    in_skeleton = set(skeleton)
    core = nx.Graph()
    core.add_nodes_from(skeleton)
    for a, b in graph.edges():
        if a in in_skeleton and b in in_skeleton:
            core.add_edge(a, b, weight=2.0)
    for v in graph:
        if v in in_skeleton:
            continue
        hubs = sorted(u for u in graph[v] if u in in_skeleton)[:12]
        for i, a in enumerate(hubs):
            for b in hubs[i + 1 :]:
                weight = core[a][b]["weight"] + 1.0 if core.has_edge(a, b) else 1.0
                core.add_edge(a, b, weight=weight)
    pos = _spring(core)

    step = 0.5 / math.sqrt(n)
    ring: Counter[tuple[str, ...]] = Counter()
    frontier = sorted({u for v in skeleton for u in graph[v] if u not in pos})
    while frontier:
        placed_before = dict(pos)
        for v in frontier:
            anchors = tuple(sorted(u for u in graph[v] if u in placed_before))
            cx = sum(placed_before[u][0] for u in anchors) / len(anchors)
            cy = sum(placed_before[u][1] for u in anchors) / len(anchors)
            k = ring[anchors]
            ring[anchors] += 1
            radius = step * (1.0 + math.sqrt(k))
            angle = k * _GOLDEN_ANGLE
            pos[v] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        frontier = sorted({u for v in frontier for u in graph[v] if u not in pos})

    # parts of the graph not linked to any hub: laid out on their own, in a row below
    rest = [v for v in graph if v not in pos]
    if rest:
        parts = sorted(
            (sorted(c) for c in nx.connected_components(graph.subgraph(rest))),
            key=lambda c: (-len(c), c[0]),
        )
        bottom = max(y for _, y in pos.values()) + 0.3
        x = min(x for x, _ in pos.values())
        for part in parts:
            width = 0.25 * math.sqrt(len(part))
            sub = _layout_units(graph.subgraph(part).copy())
            for v, (px, py) in sub.items():
                pos[v] = (x + width * (px + 1.0) / 2.0, bottom + width * (py + 1.0) / 2.0)
            x += width + 0.1
    return pos


# ----------------------------------------------------------------------------- render

_SHAPE_GLYPHS = {
    "dot": "●",
    "diamond": "◆",
    "square": "■",
    "triangle": "▲",
    "triangleDown": "▼",
    "star": "★",
    "hexagon": "⬢",
    "box": "▬",
}

# The page allows no fetch of any kind: everything it needs is inline.
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)

_PAGE_CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5em 1.5em; padding: .4em 1em; border-bottom: 1px solid #ddd; }
header h1 { font-size: 1.2em; margin: 0; }
header .stats { margin: 0; color: #555; }
header form { margin-left: auto; }
header input { width: 16em; padding: .2em .4em; }
main { flex: 1; display: flex; min-height: 0; }
#mynetwork { flex: 1; min-width: 0; height: 100%; position: relative; background: #fff; }
#legend { width: 17em; overflow-y: auto; overflow-x: hidden; border-left: 1px solid #ddd; padding: .5em .8em; background: #fafafa; }
#legend h2 { font-size: 1em; margin: .2em 0 .4em; }
#legend h3 { font-size: .9em; margin: .8em 0 .3em; color: #555; }
#legend ul { list-style: none; margin: 0; padding: 0; }
#legend li { margin: .1em 0; }
#legend .glyph { display: inline-block; width: 1.2em; text-align: center; }
#legend .count { color: #888; font-size: .85em; }
#legend .line { display: inline-block; width: 1.6em; border-top: 2px solid; vertical-align: middle; }
#legend .line.dashed { border-top-style: dashed; }
#legend .hint { color: #777; font-size: .85em; }
div.vis-tooltip { white-space: pre-wrap !important; max-width: 32em; font: 13px/1.35 system-ui, sans-serif; padding: .5em .6em; }
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="diplograph">
<title>{{ title }}</title>
<style>{{ vis_css|safe }}</style>
<style>{{ page_css|safe }}</style>
<script>{{ vis_js|safe }}</script>
</head>
<body>
<header>
  <h1>{{ title }}</h1>
  <p class="stats">{{ summary }}</p>
  <form id="find" role="search">
    <input id="find-text" type="search" placeholder="Find a label or a word of a quote" aria-label="Find">
    <button type="submit">Find</button> <span id="find-result" aria-live="polite"></span>
  </form>
</header>
<main>
  <div id="mynetwork"></div>
  <aside id="legend" aria-label="Legend">
    <h2>Legend</h2>
    <ul>
    {%- for item in legend %}
      <li><label><input type="checkbox" checked data-legend="{{ item.key }}">
        <span class="glyph" style="color: {{ item.color }}">{{ item.glyph }}</span>
        {{ item.label }} <span class="count">{{ item.count }}</span></label></li>
    {%- endfor %}
    </ul>
    {%- if links %}
    <h3>Links</h3>
    <ul>
    {%- for link in links %}
      <li><span class="line{% if link.dashes %} dashed{% endif %}" style="border-color: {{ link.color }}"></span> {{ link.label }}</li>
    {%- endfor %}
    </ul>
    {%- endif %}
    <p class="hint">Hover a node or a link for details. Untick a kind to hide it.</p>
  </aside>
</main>
<script>
(function () {
  "use strict";
  var nodes = new vis.DataSet({{ nodes|tojson }});
  var edges = new vis.DataSet({{ edges|tojson }});
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {{ options|tojson }});
  // exposed so that the page can be scripted (and checked) from outside
  window.network = network;
  network.once("afterDrawing", function () { document.body.setAttribute("data-drawn", "true"); });

  var boxes = document.querySelectorAll("#legend input[data-legend]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      var key = box.getAttribute("data-legend");
      nodes.update(nodes.get({filter: function (n) { return n.legend === key; }})
        .map(function (n) { return {id: n.id, hidden: !box.checked}; }));
    });
  });

  document.getElementById("find").addEventListener("submit", function (event) {
    event.preventDefault();
    var wanted = document.getElementById("find-text").value.trim().toLowerCase();
    var result = document.getElementById("find-result");
    if (!wanted) { network.unselectAll(); network.fit(); result.textContent = ""; return; }
    var ids = nodes.get({filter: function (n) {
      return !n.hidden && ((n.label || "") + "\\n" + (n.title || "")).toLowerCase().indexOf(wanted) >= 0;
    }}).map(function (n) { return n.id; });
    network.selectNodes(ids);
    if (ids.length) { network.fit({nodes: ids}); }
    result.textContent = ids.length + " found";
  });
})();
</script>
</body>
</html>
"""


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
    import jinja2
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
    options["layout"] = {"improvedLayout": physics and len(nodes) <= 300, "randomSeed": _LAYOUT_SEED}
    options["physics"] = {
        "enabled": physics,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.3},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    }

    links: dict[str, dict[str, Any]] = {}
    for edge in view["edges"]:
        color, label, dashes = _EDGE_STYLES.get(edge["kind"], ("#999999", edge["kind"], False))
        links.setdefault(edge["kind"], {"label": label, "color": color, "dashes": dashes})
    order = list(_EDGE_STYLES)
    legend = [dict(item, glyph=_SHAPE_GLYPHS.get(item["shape"], "●")) for item in view["legend"]]

    vis_js, vis_css = _vis_assets()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_TEMPLATE)
    return template.render(
        title=title,
        csp=_CSP,
        summary=_summary(view["stats"]),
        vis_js=vis_js,
        vis_css=vis_css,
        page_css=_PAGE_CSS,
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
    tmp_name: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as handle:
            tmp_name = handle.name
            handle.write(page)
        # temporary files are private (0600); a page is meant to be opened and shared
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except OSError as exc:
        if tmp_name is not None and os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise VizError(Msg.V006, path=target, detail=exc.strerror or exc) from exc
    return target
