"""Node positions computed beforehand, for graphs too big for the browser to lay out.

A seeded spring layout up to :data:`DENSE_LAYOUT_LIMIT` nodes; above, the most
connected nodes are laid out that way and every other node is placed around the nodes
it links to, in rings turned by the golden angle, which keeps the cost linear in the
graph's size. The same graph always gets the same positions.

    >>> layout_positions(["a", "b"], [("a", "b")]) == layout_positions(["a", "b"], [("a", "b")])
    True
    >>> layout_positions(["a"], [])
    {'a': (0.0, 0.0)}
"""

from __future__ import annotations

import math
from collections import Counter

import networkx as nx

__all__ = ["DENSE_LAYOUT_LIMIT", "LAYOUT_SEED", "layout_positions"]

DENSE_LAYOUT_LIMIT = 300
"""Up to this many nodes every node is laid out by the spring layout."""

LAYOUT_SEED = 7
"""The seed of the spring layout here and of vis-network's layout in the page."""

_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


def layout_positions(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Positions in canvas pixels, the same for the same graph.

    Up to :data:`DENSE_LAYOUT_LIMIT` nodes a seeded spring layout; above, the most
    connected nodes are laid out that way (linked when they share a neighbour, so two
    leaders come close through the calls between them) and every other node is placed
    around the nodes it links to, in rings, which keeps the cost linear in the graph's
    size.

    Args:
        nodes: the ids of the nodes drawn.
        edges: the pairs of node ids linked (direction and kind do not matter here).

    Returns:
        ``{node id: (x, y)}`` for every node, rounded to a tenth of a pixel.
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
    raw = nx.spring_layout(graph, seed=LAYOUT_SEED, weight="weight")
    return {node: (float(xy[0]), float(xy[1])) for node, xy in raw.items()}


def _layout_units(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions within about [-1, 1] for the graph's nodes (see :func:`layout_positions`)."""
    n = graph.number_of_nodes()
    if n <= DENSE_LAYOUT_LIMIT:
        return _spring(graph)
    skeleton = sorted(sorted(graph, key=lambda v: (-graph.degree(v), v))[:DENSE_LAYOUT_LIMIT])
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
