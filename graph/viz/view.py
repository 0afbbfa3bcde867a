"""Graph -> view: what to draw, as plain data (nodes, edges, legend, statistics).

:func:`to_view` reads a store and returns nodes with their kind, colour, shape and a
plain-text tooltip, edges, a legend and statistics. It filters (focus on one leader or
topic, a date window, positions and mentions on or off), caps the number of nodes and,
for big graphs, lays the nodes out beforehand (:mod:`graph.viz.layout`). It is pure:
the same store gives the same dict, and tests assert on it. Colours and shapes come from
:mod:`graph.viz.styles`; :mod:`graph.viz.render` turns the dict into a page.

    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.load(input='''
    ...     @prefix dg: <https://w3id.org/diplograph/ontology#> .
    ...     @prefix leader: <https://w3id.org/diplograph/id/leader/> .
    ...     @prefix event: <https://w3id.org/diplograph/id/event/> .
    ...     @prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     leader:Q7747 a dg:Leader ; rdfs:label "Vladimir Putin"@en ; dg:wikidataId "Q7747" .
    ...     event:d-e1 a dg:PhoneCall ; sem:hasActor leader:Q7747 .
    ... ''', format=pyoxigraph.RdfFormat.TURTLE)
    >>> view = to_view(store)
    >>> [(node["kind"], node["label"], node["shape"]) for node in view["nodes"]]
    [('PhoneCall', 'Phone call', 'diamond'), ('Leader', 'Vladimir Putin', 'dot')]
    >>> [node["label"] for node in to_view(store, VizOptions(focus="Poutine"))["nodes"] if node.get("focus")]
    ['Vladimir Putin']
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import networkx as nx

from graph.analytics import Source, to_networkx
from graph.errors import Msg, VizError
from graph.viz.layout import layout_positions
from graph.viz.styles import ACT_COLORS, EDGE_STYLES, KIND_STYLES, kind_rank, kind_style

__all__ = [
    "DEFAULT_OPTIONS",
    "LABEL_CHARS",
    "PHYSICS_NODE_LIMIT",
    "QUOTE_CHARS",
    "VizOptions",
    "to_view",
]

PHYSICS_NODE_LIMIT = 1000
"""Below this many nodes the browser lays the graph out (physics on); above, Python does."""

QUOTE_CHARS = 300
"""Quotes are cut to this many characters in tooltips."""

LABEL_CHARS = 40
"""Labels drawn on the canvas are cut to this many characters (tooltips keep them whole)."""

_ANCHOR_CATEGORIES = {"event", "position", "readout"}
_ALWAYS_DRAWN = {"participant", "initiator", "addressee", "topic", "made_in", "place"}
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")


@dataclass(frozen=True)
class VizOptions:
    """What to draw.

    Attributes:
        focus: a label (English or French, any case), any name or alias the gazetteer
            knows for a leader, country, organization or place (``Poutine``,
            ``Meloni``), a topic code, a Wikidata id (``Q7747``) or an IRI: draw that
            node, its neighbours and, through the events and positions it is linked
            to, their other ends (so focusing on a leader shows whom they called and
            what they said to whom).
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
        store: a ``pyoxigraph.Store``, a store of the package (``graph.store.GraphStore``,
            ``graph.store_remote.RemoteStore``), or the graph ``graph.analytics.to_networkx``
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
            (V002) or names someone the graph does not hold (V008), or the options
            leave nothing to draw (V003).
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
    positions = {} if physics else layout_positions(nodes, [(s, t) for s, t, _ in edges])

    node_views = [_node_view(kg, node, positions.get(node), node == focus_node) for node in nodes]
    edge_views = _edge_views({n["id"]: n["label"] for n in node_views}, edges)
    legend = _legend(node_views)
    kinds = Counter(node["kind"] for node in node_views)
    stats: dict[str, Any] = {
        "nodes": len(node_views),
        "edges": len(edge_views),
        "total_nodes": total,
        "truncated": total > len(node_views),
        "kinds": dict(sorted(kinds.items(), key=lambda kv: kind_rank(kv[0]))),
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
    """The node a focus names: a label, code, id or IRI of the graph, else any name the
    gazetteer knows for a leader, country, organization or place of the graph."""
    found = _named_in_graph(kg, focus)
    if not found:
        entries = _gazetteer_entries(focus)
        found = [
            node
            for kind, entry in entries
            for node, data in kg.nodes(data=True)
            if data["kind"] == kind and _is_entry(data, entry)
        ]
        if not found:
            leaders = sorted(d["label"] for _, d in kg.nodes(data=True) if d["kind"] == "Leader")
            topics = sorted(d["label"] for _, d in kg.nodes(data=True) if d["kind"] == "Topic")
            examples = ", ".join(repr(e) for e in leaders[:2] + topics[:1]) or "none"
            if entries:
                names = " or ".join(sorted({entry.name_en for _, entry in entries}))
                raise VizError(Msg.V008, focus=focus, name=names, examples=examples)
            raise VizError(Msg.V002, focus=focus, examples=examples)
    # a leader or topic wins over a readout or an event sharing the text
    return min(found, key=lambda n: (kg.nodes[n]["category"] not in {"entity", "topic"}, n))


def _named_in_graph(kg: nx.MultiDiGraph, focus: str) -> list[str]:
    """Nodes whose IRI, label (any language, any case), topic code, Wikidata id, document
    id or ISO code is the focus."""
    wanted = focus.strip().casefold()
    found: list[str] = []
    for node, data in kg.nodes(data=True):
        keys = {node.casefold(), str(data["label"]).casefold()}
        keys.update(name.casefold() for name in data.get("names", []))
        for attr in ("wikidata", "notation", "doc", "iso3"):
            if data.get(attr):
                keys.add(str(data[attr]).casefold())
        if wanted in keys:
            found.append(node)
    return found


class _Entry(Protocol):
    """What a gazetteer entry (leader, country, organization, place) tells of itself."""

    @property
    def key(self) -> str: ...
    @property
    def qid(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def name_fr(self) -> str: ...


def _gazetteer_entries(focus: str) -> list[tuple[str, _Entry]]:
    """``(node kind, entry)`` of the leader, country, organization and place the gazetteer
    knows by the focus: any name, alias or surname ("Poutine", "Meloni"), in any case,
    with or without accents, looked up as the readouts' names are. A name the gazetteer
    finds ambiguous names nothing."""
    from graph.gazetteer import load_cached

    gazetteer = load_cached()
    entries: list[tuple[str, _Entry | None]] = [
        ("Leader", gazetteer.person_by_name(focus)),
        ("Country", gazetteer.country_by_name(focus)),
        ("Organization", gazetteer.organization_by_name(focus)),
        ("Place", gazetteer.place_by_name(focus)),
    ]
    return [(kind, entry) for kind, entry in entries if entry is not None]


def _is_entry(data: dict[str, Any], entry: _Entry) -> bool:
    """Whether a node of the entry's kind stands for that gazetteer entry."""
    if data.get("iso3"):
        return bool(data["iso3"] == entry.key)
    if entry.qid:
        return bool(data.get("wikidata") == entry.qid)
    # an entry without a Wikidata id is drawn under its name; a leader the gazetteer
    # does not know may bear the same name and is another person
    return data.get("in_gazetteer") is not False and str(data["label"]) in {entry.name_en, entry.name_fr}


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


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_view(kg: nx.MultiDiGraph, node: str, xy: tuple[float, float] | None, focus: bool) -> dict[str, Any]:
    data = kg.nodes[node]
    kind, category = data["kind"], data["category"]
    color, shape, kind_label, size = kind_style(kind, category)
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
    kind_label = kind_style(kind, category)[2]
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
            lines.append(f"Made in: {kind_style(event_data['kind'], 'event')[2]}{when}")
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
    order = list(EDGE_STYLES)
    views = []
    for (source, target), kinds in sorted(by_pair.items()):
        kinds = sorted(set(kinds), key=order.index)
        color, _, dashes = EDGE_STYLES[kinds[0]]
        label = ", ".join(EDGE_STYLES[k][1] for k in kinds)
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
        return (kind_rank(entry["kind"]), acts.index(act) if act in acts else len(acts), entry["key"])

    return sorted(entries.values(), key=rank)
