"""Networkx projections of a diplograph graph, and measures over them.

A store is read once, through the ``viz-*`` named queries, into a networkx
multi-digraph (:func:`to_networkx`) that keeps the shape of the RDF graph described
in ``ontology/MODEL.md``: one node per leader, country, organization, place, event,
position, topic and readout, one edge per link. The projections analysts ask for are
computed from it:

- :func:`call_network`: leaders linked by the events they took part in together;
- :func:`topic_cooccurrence`: topics linked by the positions (or documents) that
  raise them together;
- :func:`centrality` and :func:`communities`: measures over either projection.

Every function takes an in-memory or on-disk ``pyoxigraph.Store``, any store of the
package (:class:`graph.store.GraphStore`, :class:`graph.store_remote.RemoteStore`: the
queries go through :func:`graph.query.run_query` either way), or the multi-digraph
:func:`to_networkx` returned, so a notebook reads the store once:

    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.load(input='''
    ...     @prefix dg: <https://w3id.org/diplograph/ontology#> .
    ...     @prefix leader: <https://w3id.org/diplograph/id/leader/> .
    ...     @prefix event: <https://w3id.org/diplograph/id/event/> .
    ...     @prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     leader:Q3052772 a dg:Leader ; rdfs:label "Emmanuel Macron"@en .
    ...     leader:Q7747 a dg:Leader ; rdfs:label "Vladimir Putin"@en .
    ...     event:d-e1 a dg:PhoneCall ;
    ...         sem:hasActor leader:Q3052772, leader:Q7747 .
    ... ''', format=pyoxigraph.RdfFormat.TURTLE)
    >>> calls = call_network(store)
    >>> [(calls.nodes[a]["label"], calls.nodes[b]["label"], w)
    ...  for a, b, w in calls.edges(data="weight")]
    [('Emmanuel Macron', 'Vladimir Putin', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from itertools import combinations
from typing import Any, Literal, TypeAlias

import networkx as nx
import pyoxigraph

from graph.errors import Msg, QueryError, VizError
from graph.store_base import Store, SupportsQuery

__all__ = [
    "ENTITY_KINDS",
    "EVENT_KINDS",
    "Source",
    "SupportsQuery",
    "call_network",
    "centrality",
    "communities",
    "to_networkx",
    "topic_cooccurrence",
]

DG = "https://w3id.org/diplograph/ontology#"
_SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
_PROV = "http://www.w3.org/ns/prov#"

ENTITY_KINDS: tuple[str, ...] = ("Leader", "Country", "Organization", "Place")
"""Node kinds of the things readouts talk about (``dg:`` class local names)."""

EVENT_KINDS: tuple[str, ...] = (
    "PhoneCall",
    "Meeting",
    "Visit",
    "Summit",
    "Attack",
    "Agreement",
    "Election",
    "OtherEvent",
)
"""Node kinds of events, the ``dg:Event`` subclasses, in the order legends list them."""

# RDF predicate -> relation name on the networkx edge. Edges keep the RDF direction:
# position -speaker-> leader, event -participant-> leader, readout -reports-> event.
_RELATIONS: dict[str, str] = {
    _SEM + "hasActor": "participant",
    DG + "initiator": "initiator",
    DG + "speaker": "speaker",
    DG + "addressee": "addressee",
    DG + "topic": "topic",
    DG + "madeIn": "made_in",
    DG + "country": "country",
    _SEM + "hasPlace": "place",
    DG + "reports": "reports",
    DG + "refersTo": "refers_to",
    DG + "mentions": "mentions",
    DG + "mentionsEntity": "mentions",
    _PROV + "wasDerivedFrom": "source",
}

# Preferred label languages: the contract's labels are English, readouts are French.
_LANG_RANK = {"en": 0, "fr": 1, "": 2}


#: What the functions read: a bare pyoxigraph store, or any store of the package
#: (a :class:`graph.store_base.Store`: embedded or on a SPARQL server).
Source: TypeAlias = "pyoxigraph.Store | Store"
GraphOrSource: TypeAlias = "nx.MultiDiGraph | pyoxigraph.Store | Store"


# --------------------------------------------------------------------------- reading


def _term_text(term: Any) -> str | None:
    """The lexical form of an RDF term (IRI, literal), or None when unbound."""
    if term is None:
        return None
    value = getattr(term, "value", term)
    return str(value)


def _term_lang(term: Any) -> str:
    return str(getattr(term, "language", None) or "")


def _select(source: Source, name: str) -> list[dict[str, Any]]:
    """Run the named query ``name`` and return its solutions as dicts of RDF terms.

    It goes the one way every query of the package goes, :func:`graph.query.run_query`
    on a :class:`graph.store_base.Store`; a bare ``pyoxigraph.Store`` is wrapped in a
    :class:`graph.store.GraphStore` first, whose queries see the union of its graphs as
    the default graph (MODEL.md).
    """
    from graph.query import run_query

    store: Store
    if isinstance(source, pyoxigraph.Store):
        from graph.store import GraphStore

        store = GraphStore(source, None)
    else:
        store = source
    try:
        result = run_query(store, name=name)
    except QueryError as exc:
        if exc.code != "Q009":
            raise
        raise VizError(Msg.V007, query=name, detail=exc.values.get("detail", exc)) from exc
    return [dict(zip(result.columns, row, strict=True)) for row in result.terms]


def _local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _best_label(labels: Iterable[tuple[str, str]]) -> str | None:
    """English first, then French, then untagged, then any language; ties by text."""
    ranked = sorted(labels, key=lambda pair: (_LANG_RANK.get(pair[1].lower()[:2], 3), pair[0]))
    return ranked[0][0] if ranked else None


def _best_date(dates: Iterable[str]) -> str | None:
    """The most precise date among those the sources give (a day beats a month)."""
    ranked = sorted(set(dates), key=lambda d: (-len(d), d))
    return ranked[0] if ranked else None


def to_networkx(source: GraphOrSource) -> nx.MultiDiGraph:
    """Read the whole diplomatic graph of a store into a networkx multi-digraph.

    Nodes are IRIs, added in sorted order so that layouts and measures are
    reproducible. Every node has ``kind`` (``Leader``, ``Country``, ``Organization``,
    ``Place``, an event class such as ``PhoneCall``, ``Position``, ``Topic``,
    ``Readout``), ``category`` (``entity``, ``event``, ``position``, ``topic``,
    ``readout``), ``label`` (English, else French, else any) and ``names`` (every
    label). Entities add ``wikidata``, ``iso3`` and ``in_gazetteer``; events ``status``,
    ``date`` (ISO, possibly ``YYYY-MM``) and ``date_text``; positions ``act`` and
    ``quote``; topics ``notation``; readouts ``doc``, ``date`` and ``source``.

    Edges keep the RDF direction and are keyed by their ``relation``: ``participant``,
    ``initiator``, ``speaker``, ``addressee``, ``topic``, ``made_in``, ``country``,
    ``place``, ``reports``, ``refers_to``, ``mentions``, ``source``. Links to things
    the graph does not describe (an office, an untyped IRI) are left out.

    Args:
        source: a store (see the module docstring), or a graph this function already
            returned, which is given back as it is.

    Returns:
        The multi-digraph; empty when the store holds no instance data.

    Raises:
        VizError: the store cannot be read.
        QueryError: a ``viz-*`` query file is missing from the package.
    """
    if isinstance(source, nx.MultiDiGraph):
        return source

    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in _select(source, "viz-labels"):
        node, label = _term_text(row.get("node")), _term_text(row.get("label"))
        if node and label:
            labels[node].append((label, _term_lang(row.get("label"))))

    attrs: dict[str, dict[str, Any]] = {}

    def entry(iri: str, kind: str, category: str) -> dict[str, Any]:
        data = attrs.get(iri)
        if data is None:
            data = attrs[iri] = {"kind": kind, "category": category}
        return data

    for row in _select(source, "viz-entities"):
        iri, cls = _term_text(row.get("entity")), _term_text(row.get("class"))
        if not iri or not cls:
            continue
        data = entry(iri, _local_name(cls), "entity")
        for key, var in (("wikidata", "wikidata"), ("iso3", "iso3")):
            value = _term_text(row.get(var))
            if value:
                data[key] = min(value, data.get(key, value))
        in_gazetteer = _term_text(row.get("inGazetteer"))
        if in_gazetteer is not None:
            data["in_gazetteer"] = in_gazetteer.lower() in {"true", "1"}

    event_rows: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in _select(source, "viz-events"):
        iri = _term_text(row.get("event"))
        if not iri:
            continue
        for var in ("class", "status", "date", "dateText"):
            value = _term_text(row.get(var))
            if value:
                event_rows[iri][var].add(value)
    for iri, values in event_rows.items():
        classes = sorted(_local_name(c) for c in values["class"])
        # dg:Event itself only when nothing more specific is stated
        specific = [c for c in classes if c != "Event"] or ["OtherEvent"]
        data = entry(iri, specific[0], "event")
        data["status"] = min(values["status"]) if values["status"] else None
        data["date"] = _best_date(values["date"])
        data["date_text"] = min(values["dateText"]) if values["dateText"] else None

    for row in _select(source, "viz-positions"):
        iri = _term_text(row.get("position"))
        if not iri:
            continue
        data = entry(iri, "Position", "position")
        act, quote = _term_text(row.get("act")), _term_text(row.get("quote"))
        if act:
            data["act"] = min(act, data.get("act", act))
        if quote:
            data["quote"] = min(quote, data.get("quote", quote))

    for row in _select(source, "viz-topics"):
        iri = _term_text(row.get("topic"))
        if iri:
            data = entry(iri, "Topic", "topic")
            notation = _term_text(row.get("notation")) or _local_name(iri)
            data["notation"] = min(notation, data.get("notation", notation))

    for row in _select(source, "viz-readouts"):
        iri = _term_text(row.get("readout"))
        if not iri:
            continue
        data = entry(iri, "Readout", "readout")
        for key, var in (("doc", "id"), ("date", "date"), ("source", "source")):
            value = _term_text(row.get(var))
            if value:
                data[key] = min(value, data.get(key, value))
        data.setdefault("doc", _local_name(iri))

    graph = nx.MultiDiGraph()
    for iri in sorted(attrs):
        data = attrs[iri]
        names = sorted({text for text, _ in labels.get(iri, [])})
        data["label"] = _best_label(labels.get(iri, [])) or _default_label(iri, data)
        data["names"] = names
        if data["category"] == "event":
            data.setdefault("date", None)
        graph.add_node(iri, **data)

    links: set[tuple[str, str, str]] = set()
    for row in _select(source, "viz-links"):
        subject = _term_text(row.get("source"))
        predicate = _term_text(row.get("relation"))
        target = _term_text(row.get("target"))
        relation = _RELATIONS.get(predicate or "")
        if subject in attrs and target in attrs and relation and subject != target:
            links.add((subject, target, relation))
    for subject, target, relation in sorted(links):
        graph.add_edge(subject, target, key=relation, relation=relation)
    return graph


def _default_label(iri: str, data: dict[str, Any]) -> str:
    """A label for a node the graph gives none: its code, id or IRI local name."""
    for key in ("notation", "doc", "act"):
        if data.get(key):
            return str(data[key])
    return _local_name(iri)


# ----------------------------------------------------------------------- projections


def call_network(source: GraphOrSource, *, event_types: Collection[str] | None = None) -> nx.Graph:
    """Project leaders and the events they share into a weighted leader-leader graph.

    Every leader who took part in an event (as participant or initiator) is a node with
    ``label``, ``wikidata``, ``country`` (the country's label, when known) and
    ``events`` (how many events they took part in). Two leaders are linked when they
    took part in the same event; the edge carries ``weight`` (the number of shared
    events) and, in time order with undated events last, ``events`` (event IRIs),
    ``dates`` (ISO dates, None when unknown) and ``kinds`` (event classes).

    Args:
        source: a store or the graph :func:`to_networkx` returned.
        event_types: keep only events of these classes (``"PhoneCall"``, ``"Meeting"``…);
            None keeps every event.

    Returns:
        An undirected graph whose nodes are leader IRIs.
    """
    kg = to_networkx(source)
    wanted = set(event_types) if event_types is not None else None
    calls = nx.Graph()
    pairs: dict[tuple[str, str], list[tuple[bool, str, str, str]]] = defaultdict(list)
    events_of: dict[str, int] = defaultdict(int)
    for event, data in kg.nodes(data=True):
        if data["category"] != "event" or (wanted is not None and data["kind"] not in wanted):
            continue
        leaders = sorted(
            {
                target
                for _, target, relation in kg.out_edges(event, keys=True)
                if relation in {"participant", "initiator"} and kg.nodes[target]["kind"] == "Leader"
            }
        )
        for leader in leaders:
            events_of[leader] += 1
        for a, b in combinations(leaders, 2):
            pairs[(a, b)].append((data.get("date") is None, data.get("date") or "", event, data["kind"]))
    for leader in sorted(events_of):
        info = kg.nodes[leader]
        calls.add_node(
            leader,
            label=info["label"],
            wikidata=info.get("wikidata"),
            country=_country_label(kg, leader),
            events=events_of[leader],
        )
    for (a, b), shared in sorted(pairs.items()):
        shared.sort()  # dated events in time order, undated ones last
        calls.add_edge(
            a,
            b,
            weight=len(shared),
            events=[event for _, _, event, _ in shared],
            dates=[date or None for _, date, _, _ in shared],
            kinds=[kind for _, _, _, kind in shared],
        )
    return calls


def _country_label(kg: nx.MultiDiGraph, iri: str) -> str | None:
    countries = sorted(
        kg.nodes[target]["label"]
        for _, target, relation in kg.out_edges(iri, keys=True)
        if relation == "country"
    )
    return countries[0] if countries else None


def topic_cooccurrence(
    source: GraphOrSource, *, by: Literal["position", "document"] = "position"
) -> nx.Graph:
    """Link topics raised together in one position, or in one document.

    Nodes are topic IRIs with ``label``, ``notation`` and ``count`` (how many positions,
    or documents, raise the topic). An edge's ``weight`` is the number of positions (or
    documents) raising both topics; ``positions`` (or ``documents``: document ids)
    lists them, sorted.

    Args:
        source: a store or the graph :func:`to_networkx` returned.
        by: ``"position"`` counts topics of the same position; ``"document"`` counts
            topics of any positions of the same readout.

    Returns:
        An undirected graph of topics.

    Raises:
        ValueError: ``by`` is neither ``"position"`` nor ``"document"``.
    """
    if by not in ("position", "document"):
        raise ValueError(f"by must be 'position' or 'document', not {by!r}")
    kg = to_networkx(source)
    topics_of: dict[str, set[str]] = defaultdict(set)
    for position, data in kg.nodes(data=True):
        if data["category"] != "position":
            continue
        topics = {target for _, target, relation in kg.out_edges(position, keys=True) if relation == "topic"}
        if by == "position":
            topics_of[position] |= topics
            continue
        for _, readout, relation in kg.out_edges(position, keys=True):
            if relation == "source" and kg.nodes[readout]["category"] == "readout":
                topics_of[kg.nodes[readout]["doc"]] |= topics

    units = "positions" if by == "position" else "documents"
    cooc = nx.Graph()
    count: dict[str, int] = defaultdict(int)
    together: dict[tuple[str, str], list[str]] = defaultdict(list)
    for unit, topics in sorted(topics_of.items()):
        for topic in topics:
            count[topic] += 1
        for a, b in combinations(sorted(topics), 2):
            together[(a, b)].append(unit)
    for topic in sorted(count):
        info = kg.nodes[topic]
        cooc.add_node(topic, label=info["label"], notation=info.get("notation"), count=count[topic])
    for (a, b), shared in sorted(together.items()):
        cooc.add_edge(a, b, weight=len(shared), **{units: shared})
    return cooc


# -------------------------------------------------------------------------- measures


def centrality(G: nx.Graph, *, weight: str = "weight") -> dict[str, dict[str, float]]:
    """Degree, strength, betweenness and eigenvector centrality of every node.

    Args:
        G: a projection such as :func:`call_network` or :func:`topic_cooccurrence`.
        weight: the edge attribute holding how strong a tie is (missing = 1).

    Returns:
        ``{node: {"degree", "strength", "betweenness", "eigenvector"}}`` in node order.
        ``degree`` is the share of other nodes a node is tied to; ``strength`` the sum of
        its tie weights; ``betweenness`` is computed with distance = 1 / weight, so
        strong ties are short; ``eigenvector`` uses the weights.
    """
    if G.number_of_nodes() == 0:
        return {}
    degree = nx.degree_centrality(G)
    strength = dict(G.degree(weight=weight))
    distances = nx.Graph()
    distances.add_nodes_from(G)
    for a, b, w in G.edges(data=weight, default=1):
        distances.add_edge(a, b, distance=1.0 / float(w) if w else float("inf"))
    betweenness = nx.betweenness_centrality(distances, weight="distance")
    if G.number_of_edges() == 0:
        eigenvector = dict.fromkeys(G, 0.0)
    else:
        try:
            eigenvector = nx.eigenvector_centrality(G, weight=weight, max_iter=1000)
        except nx.PowerIterationFailedConvergence:
            # some graphs (e.g. bipartite ones) make power iteration oscillate
            eigenvector = {n: float("nan") for n in G}
    return {
        n: {
            "degree": float(degree[n]),
            "strength": float(strength[n]),
            "betweenness": float(betweenness[n]),
            "eigenvector": float(eigenvector[n]),
        }
        for n in sorted(G)
    }


def communities(G: nx.Graph, *, weight: str = "weight") -> list[frozenset[str]]:
    """Group nodes into communities by greedy modularity maximisation.

    Args:
        G: a projection such as :func:`call_network`.
        weight: the edge attribute holding tie strength.

    Returns:
        Communities, largest first, ties broken by their smallest member; a graph
        without edges gives one community per node.
    """
    if G.number_of_nodes() == 0:
        return []
    if G.number_of_edges() == 0:
        found: list[frozenset[str]] = [frozenset({n}) for n in G]
    else:
        ordered = nx.Graph()
        # greedy modularity breaks ties by insertion order: insert in sorted order
        ordered.add_nodes_from(sorted(G))
        ordered.add_weighted_edges_from(
            sorted((min(a, b), max(a, b), w) for a, b, w in G.edges(data=weight, default=1)),
            weight=weight,
        )
        found = [frozenset(c) for c in nx.community.greedy_modularity_communities(ordered, weight=weight)]
    return sorted(found, key=lambda c: (-len(c), min(c)))
