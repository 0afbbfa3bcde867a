"""The palette of the page: colour, shape and name of every node kind, act and link.

One table each, read by the view (what a node or a link looks like) and by the page (the
legend's glyphs and lines), so a colour is changed in one place.
"""

from __future__ import annotations

from graph.analytics import EVENT_KINDS

__all__ = ["ACT_COLORS", "EDGE_STYLES", "KIND_ORDER", "KIND_STYLES", "SHAPE_GLYPHS", "kind_rank", "kind_style"]

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
EDGE_STYLES: dict[str, tuple[str, str, bool]] = {
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

# vis-network shape -> the character drawn for it in the legend
SHAPE_GLYPHS: dict[str, str] = {
    "dot": "●",
    "diamond": "◆",
    "square": "■",
    "triangle": "▲",
    "triangleDown": "▼",
    "star": "★",
    "hexagon": "⬢",
    "box": "▬",
}

KIND_ORDER: list[str] = ["Leader", "Country", "Organization", "Place", *EVENT_KINDS, "Position", "Topic", "Readout"]
"""The order of kinds in the legend and the statistics."""


def kind_rank(kind: str) -> tuple[int, str]:
    """Sort key of a node kind: by :data:`KIND_ORDER`, kinds it does not list last by name."""
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)


def kind_style(kind: str, category: str) -> tuple[str, str, str, int]:
    """``(colour, shape, legend label, size)`` of a node kind.

    Args:
        kind: the node's class local name (``PhoneCall``).
        category: the node's category (``event``, ``entity``…), to draw a kind the
            ontology added later as its category's fallback.
    """
    if kind in KIND_STYLES:
        return KIND_STYLES[kind]
    # an event class the ontology added later: drawn as an event, named by its class
    base = KIND_STYLES["OtherEvent" if category == "event" else "Readout"]
    return (base[0], base[1], kind, base[3])
