"""Tests of graph.analytics: the networkx reading of a store, the call network, topic
co-occurrence, centrality and communities, on a small hand-written graph.

The graph: two groups of leaders. Macron, Putin and Erdoğan call each other (Macron and
Putin twice), Trump and May call each other; Macron's country, a planned meeting with a
country as one participant, and positions with topics in two readouts.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph
import pytest

from graph.analytics import (
    call_network,
    centrality,
    communities,
    to_networkx,
    topic_cooccurrence,
)

ID = "https://w3id.org/diplograph/id/"
TOPIC = "https://w3id.org/diplograph/scheme/topic/"
MACRON, PUTIN, ERDOGAN, TRUMP, MAY = (
    ID + f"leader/{q}" for q in ("Q3052772", "Q7747", "Q39259", "Q22686", "Q264766")
)

TRIG = """
@prefix dg: <https://w3id.org/diplograph/ontology#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix g: <https://w3id.org/diplograph/id/graph/> .
@prefix leader: <https://w3id.org/diplograph/id/leader/> .
@prefix country: <https://w3id.org/diplograph/id/country/> .
@prefix readout: <https://w3id.org/diplograph/id/readout/> .
@prefix event: <https://w3id.org/diplograph/id/event/> .
@prefix position: <https://w3id.org/diplograph/id/position/> .
@prefix topic: <https://w3id.org/diplograph/scheme/topic/> .
@prefix act: <https://w3id.org/diplograph/scheme/act/> .

g:ontology {
  topic:syria skos:notation "syrian-war" ; skos:prefLabel "Syrian war"@en, "guerre en Syrie"@fr .
  topic:aid skos:notation "humanitarian-access" ; skos:prefLabel "Humanitarian access"@en .
  topic:trade skos:prefLabel "Trade"@en .
}
g:entities {
  leader:Q3052772 a dg:Leader ; rdfs:label "Emmanuel Macron"@en ; dg:wikidataId "Q3052772" ;
      dg:country country:FRA .
  leader:Q7747 a dg:Leader ; rdfs:label "Vladimir Poutine"@fr, "Vladimir Putin"@en ; dg:wikidataId "Q7747" .
  leader:Q39259 a dg:Leader ; rdfs:label "Recep Tayyip Erdoğan"@en .
  leader:Q22686 a dg:Leader ; rdfs:label "Donald Trump"@en .
  leader:Q264766 a dg:Leader ; rdfs:label "Theresa May"@en .
  country:FRA a dg:Country ; rdfs:label "France"@en ; dg:iso3 "FRA" .
  country:SYR a dg:Country ; rdfs:label "Syria"@en .
}
g:doc-a {
  readout:a a dg:Readout ; dcterms:identifier "a" ; dg:reports event:a1 ; dg:refersTo event:a2 .
  event:a1 a dg:PhoneCall ; sem:hasActor leader:Q3052772, leader:Q7747 ;
      sem:hasTimeStamp "2018-02-23"^^xsd:date ; prov:wasDerivedFrom readout:a .
  event:a2 a dg:Meeting ; sem:hasActor leader:Q3052772 , country:SYR ;
      sem:hasTimeStamp "2018-05"^^xsd:gYearMonth ; prov:wasDerivedFrom readout:a .
  position:a-p1 a dg:Position ; dg:speaker leader:Q3052772 ; dg:act act:stress ;
      dg:topic topic:syria, topic:aid ; dg:madeIn event:a1 ; prov:wasDerivedFrom readout:a .
  position:a-p2 a dg:Position ; dg:speaker leader:Q7747 ; dg:act act:recall ;
      dg:topic topic:syria ; dg:madeIn event:a1 ; prov:wasDerivedFrom readout:a .
  position:a-p3 a dg:Position ; dg:speaker leader:Q7747 ; dg:act act:propose ;
      dg:topic topic:trade ; dg:madeIn event:a1 ; prov:wasDerivedFrom readout:a .
}
g:doc-b {
  readout:b a dg:Readout ; dcterms:identifier "b" ; dg:reports event:b1, event:b2, event:b3, event:b4 .
  event:b1 a dg:PhoneCall ; sem:hasActor leader:Q7747 ; dg:initiator leader:Q3052772 ;
      sem:hasTimeStamp "2018-01-10"^^xsd:date ; prov:wasDerivedFrom readout:b .
  event:b2 a dg:Meeting ; sem:hasActor leader:Q3052772, leader:Q7747, leader:Q39259 ;
      prov:wasDerivedFrom readout:b .
  event:b3 a dg:PhoneCall ; sem:hasActor leader:Q22686, leader:Q264766 ;
      sem:hasTimeStamp "2018-03"^^xsd:gYearMonth ; prov:wasDerivedFrom readout:b .
  event:b4 a dg:PhoneCall ; sem:hasActor leader:Q22686, leader:Q264766 ;
      sem:hasTimeStamp "2018-04-02"^^xsd:date ; prov:wasDerivedFrom readout:b .
  position:b-p1 a dg:Position ; dg:speaker leader:Q22686 ; dg:act act:ask ;
      dg:topic topic:trade, topic:aid ; dg:madeIn event:b3 ; prov:wasDerivedFrom readout:b .
}
"""


def make_store(trig: str = TRIG) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(input=trig, format=pyoxigraph.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return make_store()


@pytest.fixture(scope="module")
def calls(store: pyoxigraph.Store) -> nx.Graph:
    return call_network(store)


# ----------------------------------------------------------------------- to_networkx


@pytest.mark.parametrize(
    ("node", "kind", "category"),
    [
        (MACRON, "Leader", "entity"),
        (ID + "country/SYR", "Country", "entity"),
        (ID + "event/a1", "PhoneCall", "event"),
        (ID + "event/b2", "Meeting", "event"),
        (ID + "position/a-p1", "Position", "position"),
        (TOPIC + "trade", "Topic", "topic"),
        (ID + "readout/b", "Readout", "readout"),
    ],
)
def test_to_networkx_types_every_node(store: pyoxigraph.Store, node: str, kind: str, category: str) -> None:
    data = to_networkx(store).nodes[node]
    assert (data["kind"], data["category"]) == (kind, category)


def test_to_networkx_prefers_english_labels_and_keeps_the_others(store: pyoxigraph.Store) -> None:
    kg = to_networkx(store)
    assert kg.nodes[PUTIN]["label"] == "Vladimir Putin"
    assert kg.nodes[PUTIN]["names"] == ["Vladimir Poutine", "Vladimir Putin"]
    assert kg.nodes[TOPIC + "trade"]["label"] == "Trade"
    assert kg.nodes[ID + "position/a-p1"]["act"] == "stress"
    # no skos:notation: the IRI's last segment stands in for the code
    assert kg.nodes[TOPIC + "trade"]["notation"] == "trade"


@pytest.mark.parametrize(
    ("source", "target", "relation"),
    [
        (ID + "event/a1", MACRON, "participant"),
        (ID + "event/b1", MACRON, "initiator"),
        (ID + "position/a-p1", MACRON, "speaker"),
        (ID + "position/a-p1", TOPIC + "syria", "topic"),
        (ID + "position/a-p1", ID + "event/a1", "made_in"),
        (ID + "position/a-p1", ID + "readout/a", "source"),
        (ID + "readout/a", ID + "event/a2", "refers_to"),
        (MACRON, ID + "country/FRA", "country"),
    ],
)
def test_to_networkx_keeps_links_in_rdf_direction(
    store: pyoxigraph.Store, source: str, target: str, relation: str
) -> None:
    kg = to_networkx(store)
    assert kg.has_edge(source, target, key=relation)
    assert not kg.has_edge(target, source, key=relation)


def test_to_networkx_returns_a_graph_it_is_given(store: pyoxigraph.Store) -> None:
    kg = to_networkx(store)
    assert to_networkx(kg) is kg


def test_dates_of_events_keep_their_precision(store: pyoxigraph.Store) -> None:
    kg = to_networkx(store)
    assert kg.nodes[ID + "event/a2"]["date"] == "2018-05"
    assert kg.nodes[ID + "event/b2"]["date"] is None


# ---------------------------------------------------------------------- call network


def test_call_network_links_leaders_who_shared_events(calls: nx.Graph) -> None:
    weights = {frozenset((a, b)): w for a, b, w in calls.edges(data="weight")}
    assert weights == {
        frozenset((MACRON, PUTIN)): 3,  # a1, b1 (Macron initiated), b2
        frozenset((MACRON, ERDOGAN)): 1,
        frozenset((PUTIN, ERDOGAN)): 1,
        frozenset((TRUMP, MAY)): 2,
    }


def test_call_network_nodes_are_leaders_only(calls: nx.Graph) -> None:
    assert set(calls) == {MACRON, PUTIN, ERDOGAN, TRUMP, MAY}
    assert calls.nodes[MACRON]["label"] == "Emmanuel Macron"
    assert calls.nodes[MACRON]["country"] == "France"
    assert calls.nodes[MACRON]["events"] == 4  # a1, a2 (with a country), b1, b2
    assert calls.nodes[PUTIN]["wikidata"] == "Q7747"


def test_call_network_edges_list_events_in_time_order_undated_last(calls: nx.Graph) -> None:
    edge = calls.edges[MACRON, PUTIN]
    assert edge["events"] == [ID + "event/b1", ID + "event/a1", ID + "event/b2"]
    assert edge["dates"] == ["2018-01-10", "2018-02-23", None]
    assert edge["kinds"] == ["PhoneCall", "PhoneCall", "Meeting"]


@pytest.mark.parametrize(
    ("types", "pairs"),
    [
        (["PhoneCall"], {frozenset((MACRON, PUTIN)): 2, frozenset((TRUMP, MAY)): 2}),
        (
            ["Meeting"],
            {frozenset((MACRON, PUTIN)): 1, frozenset((MACRON, ERDOGAN)): 1, frozenset((PUTIN, ERDOGAN)): 1},
        ),
        ([], {}),
    ],
)
def test_call_network_filters_event_types(
    store: pyoxigraph.Store, types: list[str], pairs: dict[frozenset[str], int]
) -> None:
    graph = call_network(store, event_types=types)
    assert {frozenset((a, b)): w for a, b, w in graph.edges(data="weight")} == pairs


def test_call_network_from_a_package_store_or_a_graph(store: pyoxigraph.Store, calls: nx.Graph) -> None:
    from graph.store import GraphStore

    for source in (GraphStore(store, None), to_networkx(store)):
        again = call_network(source)
        assert sorted(again.edges(data=True)) == sorted(calls.edges(data=True))
        assert dict(again.nodes(data=True)) == dict(calls.nodes(data=True))


# ------------------------------------------------------------------------- measures


def test_centrality_ranks_the_broker_first(calls: nx.Graph) -> None:
    scores = centrality(calls)
    assert set(scores) == set(calls)
    assert scores[MACRON]["strength"] == 4.0
    assert scores[MACRON]["degree"] == pytest.approx(2 / 4)
    assert scores[TRUMP]["strength"] == 2.0
    # Macron and Putin broker nothing (Erdoğan is tied to both); in a path the middle does
    assert scores[MACRON]["betweenness"] == 0.0
    path = nx.Graph([("a", "b"), ("b", "c")])
    assert centrality(path)["b"]["betweenness"] > centrality(path)["a"]["betweenness"]
    assert scores[MACRON]["eigenvector"] > scores[ERDOGAN]["eigenvector"]


def test_betweenness_prefers_strong_ties() -> None:
    # a-b-d is strong, a-c-d weak: b lies on the shortest (strongest) path, c does not
    graph = nx.Graph()
    graph.add_edge("a", "b", weight=5)
    graph.add_edge("b", "d", weight=5)
    graph.add_edge("a", "c", weight=1)
    graph.add_edge("c", "d", weight=1)
    scores = centrality(graph)
    assert scores["b"]["betweenness"] > scores["c"]["betweenness"]


def test_communities_split_the_two_groups(calls: nx.Graph) -> None:
    assert communities(calls) == [frozenset({MACRON, PUTIN, ERDOGAN}), frozenset({TRUMP, MAY})]


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        (nx.Graph(), []),
        (nx.empty_graph(["b", "a"]), [frozenset({"a"}), frozenset({"b"})]),
    ],
    ids=["empty", "no-edges"],
)
def test_communities_of_degenerate_graphs(graph: nx.Graph, expected: list[frozenset[str]]) -> None:
    assert communities(graph) == expected


def test_centrality_of_degenerate_graphs() -> None:
    assert centrality(nx.Graph()) == {}
    lonely = centrality(nx.empty_graph(["a", "b"]))
    assert lonely["a"] == {"degree": 0.0, "strength": 0.0, "betweenness": 0.0, "eigenvector": 0.0}


# ----------------------------------------------------------------- topic co-occurrence


def test_topics_co_occur_within_a_position(store: pyoxigraph.Store) -> None:
    graph = topic_cooccurrence(store)
    pairs = {frozenset((a, b)): d for a, b, d in graph.edges(data=True)}
    assert set(pairs) == {
        frozenset((TOPIC + "syria", TOPIC + "aid")),
        frozenset((TOPIC + "trade", TOPIC + "aid")),
    }
    assert pairs[frozenset((TOPIC + "syria", TOPIC + "aid"))]["positions"] == [ID + "position/a-p1"]
    assert graph.nodes[TOPIC + "syria"]["count"] == 2
    assert graph.nodes[TOPIC + "syria"]["label"] == "Syrian war"
    assert graph.nodes[TOPIC + "syria"]["notation"] == "syrian-war"


def test_topics_co_occur_within_a_document(store: pyoxigraph.Store) -> None:
    graph = topic_cooccurrence(store, by="document")
    weights = {frozenset((a, b)): w for a, b, w in graph.edges(data="weight")}
    assert weights == {
        frozenset((TOPIC + "syria", TOPIC + "aid")): 1,
        frozenset((TOPIC + "syria", TOPIC + "trade")): 1,
        frozenset((TOPIC + "trade", TOPIC + "aid")): 2,  # document a (p1 + p3) and b
    }
    assert graph.edges[TOPIC + "trade", TOPIC + "aid"]["documents"] == ["a", "b"]
    assert graph.nodes[TOPIC + "aid"]["count"] == 2


def test_topic_cooccurrence_refuses_an_unknown_unit(store: pyoxigraph.Store) -> None:
    with pytest.raises(ValueError, match="sentence"):
        topic_cooccurrence(store, by="sentence")  # type: ignore[arg-type]


def test_an_empty_store_gives_empty_projections() -> None:
    empty = make_store("")
    assert to_networkx(empty).number_of_nodes() == 0
    assert call_network(empty).number_of_nodes() == 0
    assert topic_cooccurrence(empty).number_of_nodes() == 0


def test_projections_are_deterministic(store: pyoxigraph.Store) -> None:
    other = make_store()
    assert list(call_network(store).edges(data=True)) == list(call_network(other).edges(data=True))
    assert list(to_networkx(store).edges(keys=True)) == list(to_networkx(other).edges(keys=True))
    assert communities(call_network(store)) == communities(call_network(other))
