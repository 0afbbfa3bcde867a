"""Tests of graph.viz: the view model (kinds, colours, tooltips, filters, layout) and the
HTML page (escaped, offline, deterministic)."""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from typer.testing import CliRunner, Result

from graph.cli import app
from graph.errors import VizError
from graph.store import GraphStore
from graph.viz import (
    ACT_COLORS,
    KIND_STYLES,
    QUOTE_CHARS,
    VizOptions,
    render_html,
    to_view,
    write_html,
)

ID = "https://w3id.org/diplograph/id/"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_QUOTE = '</script><script>alert(\'q\')</script> & "href" <a href="https://evil.example/">x</a>'
LONG_QUOTE = "Le Président de la République a souligné " + "l'importance du dialogue " * 30 + "FIN"

PREFIXES = """
@prefix dg: <https://w3id.org/diplograph/ontology#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix g: <https://w3id.org/diplograph/id/graph/> .
@prefix leader: <https://w3id.org/diplograph/id/leader/> .
@prefix country: <https://w3id.org/diplograph/id/country/> .
@prefix org: <https://w3id.org/diplograph/id/org/> .
@prefix place: <https://w3id.org/diplograph/id/place/> .
@prefix readout: <https://w3id.org/diplograph/id/readout/> .
@prefix event: <https://w3id.org/diplograph/id/event/> .
@prefix position: <https://w3id.org/diplograph/id/position/> .
@prefix topic: <https://w3id.org/diplograph/scheme/topic/> .
@prefix act: <https://w3id.org/diplograph/scheme/act/> .
@prefix status: <https://w3id.org/diplograph/scheme/status/> .
"""

ONTOLOGY = """
g:ontology {
  topic:syrian-war skos:notation "syrian-war" ; skos:prefLabel "Syrian war"@en, "guerre en Syrie"@fr .
  topic:humanitarian-access skos:notation "humanitarian-access" ;
      skos:prefLabel "Humanitarian access"@en, "accès humanitaire"@fr .
  topic:chemical-weapons skos:notation "chemical-weapons" ; skos:prefLabel "Chemical weapons"@en .
  act:inform skos:notation "inform" ; skos:prefLabel "inform"@en .
  act:stress skos:notation "stress" ; skos:prefLabel "stress"@en .
  act:condemn skos:notation "condemn" ; skos:prefLabel "condemn"@en .
  status:occurred skos:notation "occurred" .
  status:planned skos:notation "planned" .
}
"""

TRIG = (
    (
        PREFIXES
        + ONTOLOGY
        + """
g:entities {
  leader:Q3052772 a dg:Leader ; rdfs:label "Emmanuel Macron"@en, "Emmanuel Macron"@fr ;
      dg:wikidataId "Q3052772" ; dg:country country:FRA .
  leader:Q7747 a dg:Leader ; rdfs:label "Vladimir Putin"@en, "Vladimir Poutine"@fr ;
      dg:wikidataId "Q7747" ; dg:country country:RUS .
  leader:Q22686 a dg:Leader ; rdfs:label "Donald Trump"@en ; dg:wikidataId "Q22686" ;
      dg:country country:USA .
  leader:x-hostile a dg:Leader ; rdfs:label "<img src=x onerror=alert(1)>" ; dg:inGazetteer false .
  country:FRA a dg:Country ; rdfs:label "France"@en ; dg:iso3 "FRA" ; dg:wikidataId "Q142" .
  country:RUS a dg:Country ; rdfs:label "Russia"@en, "Russie"@fr ; dg:iso3 "RUS" ; dg:wikidataId "Q159" .
  country:USA a dg:Country ; rdfs:label "United States"@en ; dg:iso3 "USA" ; dg:wikidataId "Q30" .
  country:SYR a dg:Country ; rdfs:label "Syria"@en ; dg:iso3 "SYR" .
  org:UN a dg:Organization ; rdfs:label "United Nations"@en ; dg:wikidataId "Q1065" .
  place:Q7704 a dg:Place ; rdfs:label "Sochi"@en, "Sotchi"@fr ; dg:country country:RUS .
}

g:doc-d1 {
  readout:d1 a dg:Readout ; dcterms:identifier "d1" ; schema:datePublished "2017-11-21"^^xsd:date ;
      dg:reports event:d1-e1 ; dg:refersTo event:d1-e2 ;
      dg:mentions leader:Q3052772, leader:Q7747, country:SYR .
  event:d1-e1 a dg:PhoneCall ; dg:status status:occurred ;
      sem:hasActor leader:Q3052772, leader:Q7747 ; dg:initiator leader:Q7747 ;
      sem:hasTimeStamp "2017-11-21"^^xsd:date ; dg:dateText "ce 21 novembre" ;
      prov:wasDerivedFrom readout:d1 .
  event:d1-e2 a dg:Meeting ; dg:status status:planned ;
      sem:hasActor leader:Q3052772, leader:Q7747 ; sem:hasPlace place:Q7704 ;
      sem:hasTimeStamp "2018-05"^^xsd:gYearMonth ; prov:wasDerivedFrom readout:d1 .
  position:d1-p1 a dg:Position ; dg:speaker leader:Q7747 ; dg:act act:inform ;
      dg:addressee leader:Q3052772 ; dg:topic topic:syrian-war ;
      dg:quote "Le président russe a informé son homologue de la situation en Syrie." ;
      dg:madeIn event:d1-e1 ; prov:wasDerivedFrom readout:d1 .
  position:d1-p2 a dg:Position ; dg:speaker leader:Q3052772 ; dg:act act:stress ;
      dg:topic topic:syrian-war, topic:humanitarian-access ;
      dg:quote "{{long}}" ; dg:madeIn event:d1-e1 ; prov:wasDerivedFrom readout:d1 .
}

g:doc-d2 {
  readout:d2 a dg:Readout ; dcterms:identifier "d2" ; schema:datePublished "2018-03-10"^^xsd:date ;
      dg:reports event:d2-e1 ; dg:mentions leader:Q22686, org:UN .
  event:d2-e1 a dg:PhoneCall ; dg:status status:occurred ;
      sem:hasActor leader:Q3052772, leader:Q22686, leader:x-hostile ;
      sem:hasTimeStamp "2018-03-10"^^xsd:date ; prov:wasDerivedFrom readout:d2 .
  position:d2-p1 a dg:Position ; dg:speaker leader:Q22686 ; dg:act act:condemn ;
      dg:addressee org:UN ; dg:topic topic:chemical-weapons ;
      dg:quote "{{hostile}}" ; dg:madeIn event:d2-e1 ; prov:wasDerivedFrom readout:d2 .
}
"""
    )
    .replace("{{long}}", LONG_QUOTE)
    .replace("{{hostile}}", HOSTILE_QUOTE.replace('"', '\\"'))
)


def make_store(trig: str = TRIG) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(input=trig, format=pyoxigraph.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return make_store()


@pytest.fixture(scope="module")
def view(store: pyoxigraph.Store) -> dict[str, Any]:
    return to_view(store)


def nodes_by_id(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in view["nodes"]}


def ids(view: dict[str, Any]) -> set[str]:
    return {node["id"].removeprefix(ID) for node in view["nodes"]}


# ------------------------------------------------------------------------- view model


@pytest.mark.parametrize(
    ("node", "kind", "shape"),
    [
        ("leader/Q7747", "Leader", "dot"),
        ("leader/x-hostile", "Leader", "dot"),
        ("country/RUS", "Country", "triangle"),
        ("org/UN", "Organization", "hexagon"),
        ("place/Q7704", "Place", "triangleDown"),
        ("event/d1-e1", "PhoneCall", "diamond"),
        ("event/d1-e2", "Meeting", "diamond"),
        ("position/d1-p1", "Position", "square"),
    ],
)
def test_node_kind_and_shape_follow_the_rdf_class(
    view: dict[str, Any], node: str, kind: str, shape: str
) -> None:
    drawn = nodes_by_id(view)[ID + node]
    assert (drawn["kind"], drawn["shape"]) == (kind, shape)


def test_topics_are_drawn_with_their_english_label(view: dict[str, Any]) -> None:
    topics = sorted(n["label"] for n in view["nodes"] if n["kind"] == "Topic")
    assert topics == ["Chemical weapons", "Humanitarian access", "Syrian war"]


def test_one_colour_per_kind_and_distinct_colours_across_kinds(view: dict[str, Any]) -> None:
    colours: dict[str, set[str]] = {}
    for node in view["nodes"]:
        if node["kind"] != "Position":
            colours.setdefault(node["kind"], set()).add(node["color"])
    assert all(len(c) == 1 for c in colours.values()), colours
    assert colours["Leader"] == {KIND_STYLES["Leader"][0]}
    flat = [next(iter(c)) for c in colours.values()]
    assert len(set(flat)) == len(flat), "two kinds share a colour"


def test_positions_are_coloured_by_act(view: dict[str, Any]) -> None:
    nodes = nodes_by_id(view)
    p1, p2, p3 = (nodes[ID + f"position/{p}"] for p in ("d1-p1", "d1-p2", "d2-p1"))
    assert p1["color"] == ACT_COLORS["inform"]
    assert p2["color"] == ACT_COLORS["stress"]
    assert p3["color"] == ACT_COLORS["condemn"]
    assert len({p1["color"], p2["color"], p3["color"]}) == 3
    assert p2["label"] == "stress"


def test_legend_has_one_entry_per_drawn_kind_and_act(view: dict[str, Any]) -> None:
    keys = [entry["key"] for entry in view["legend"]]
    assert len(keys) == len(set(keys))
    assert {"Leader", "Country", "PhoneCall", "Meeting", "Topic"} <= set(keys)
    assert {"Position:inform", "Position:stress", "Position:condemn"} <= set(keys)
    assert "Readout" not in keys  # mentions are off by default
    for entry in view["legend"]:
        drawn = [n for n in view["nodes"] if n["legend"] == entry["key"]]
        assert entry["count"] == len(drawn)
        assert {(n["color"], n["shape"]) for n in drawn} == {(entry["color"], entry["shape"])}


def test_position_tooltip_names_speaker_act_quote_and_source(view: dict[str, Any]) -> None:
    title = nodes_by_id(view)[ID + "position/d1-p1"]["title"]
    assert "Vladimir Putin" in title
    assert "inform" in title
    assert "Le président russe a informé son homologue de la situation en Syrie." in title
    assert "Emmanuel Macron" in title  # the addressee
    assert "Syrian war" in title
    assert re.search(r"^Source: d1$", title, re.MULTILINE)


def test_long_quotes_are_cut_in_tooltips(view: dict[str, Any]) -> None:
    title = nodes_by_id(view)[ID + "position/d1-p2"]["title"]
    quote_line = next(line for line in title.splitlines() if line.startswith("Quote:"))
    assert LONG_QUOTE not in title and "FIN" not in title
    assert LONG_QUOTE[:100] in quote_line
    assert len(quote_line) <= QUOTE_CHARS + len("Quote: «»")
    assert quote_line.endswith("…»")


def test_event_tooltip_gives_type_date_status_participants_and_reports(view: dict[str, Any]) -> None:
    title = nodes_by_id(view)[ID + "event/d1-e1"]["title"]
    for fact in ("Phone call", "2017-11-21", "occurred", "Emmanuel Macron", "Vladimir Putin", "d1"):
        assert fact in title
    assert re.search(r"^Initiator: Vladimir Putin$", title, re.MULTILINE)
    assert re.search(r"^Reported by: d1$", title, re.MULTILINE)
    planned = nodes_by_id(view)[ID + "event/d1-e2"]["title"]
    assert "planned" in planned and "2018-05" in planned and "Sochi" in planned
    assert re.search(r"^Referred to by: d1$", planned, re.MULTILINE)
    assert "Reported by" not in planned and "Source:" not in planned


@pytest.mark.parametrize(
    ("node", "facts"),
    [
        ("leader/Q7747", ["Vladimir Putin", "Vladimir Poutine", "Q7747", "Country: Russia"]),
        ("leader/x-hostile", [HOSTILE_NAME, "Not in the gazetteer"]),
        ("country/RUS", ["Russia", "RUS", "Q159"]),
        ("place/Q7704", ["Sochi", "Country: Russia"]),
    ],
)
def test_entity_tooltips(view: dict[str, Any], node: str, facts: list[str]) -> None:
    title = nodes_by_id(view)[ID + node]["title"]
    for fact in facts:
        assert fact in title


@pytest.mark.parametrize(
    ("source", "target", "kind"),
    [
        ("event/d1-e1", "leader/Q3052772", "participant"),
        ("event/d1-e1", "leader/Q7747", "initiator"),
        ("leader/Q7747", "position/d1-p1", "said"),
        ("position/d1-p1", "leader/Q3052772", "addressee"),
        ("position/d1-p1", "topic/syrian-war", "topic"),
        ("position/d1-p1", "event/d1-e1", "made_in"),
        ("leader/Q7747", "country/RUS", "country"),
        ("event/d1-e2", "place/Q7704", "place"),
        ("position/d2-p1", "org/UN", "addressee"),
    ],
)
def test_edges(view: dict[str, Any], source: str, target: str, kind: str) -> None:
    scheme = "https://w3id.org/diplograph/scheme/"
    full = {n: (scheme + n if n.startswith("topic/") else ID + n) for n in (source, target)}
    found = [e for e in view["edges"] if (e["from"], e["to"]) == (full[source], full[target])]
    assert [e["kind"] for e in found] == [kind]


def test_edge_tooltips_name_both_ends_as_drawn(view: dict[str, Any]) -> None:
    said = next(e for e in view["edges"] if e["from"] == ID + "leader/Q7747" and e["kind"] == "said")
    assert said["title"] == "Vladimir Putin — said → inform"
    made_in = next(e for e in view["edges"] if e["from"] == ID + "position/d1-p1" and e["kind"] == "made_in")
    assert made_in["title"] == "inform — made in → Phone call 2017-11-21"


def test_a_participant_who_initiated_gets_one_edge_with_both_roles(view: dict[str, Any]) -> None:
    pair = [e for e in view["edges"] if e["from"] == ID + "event/d1-e1" and e["to"] == ID + "leader/Q7747"]
    assert len(pair) == 1
    assert "initiator" in pair[0]["label"] and "participant" in pair[0]["label"]


def test_mentioned_only_entities_and_readouts_are_hidden_by_default(view: dict[str, Any]) -> None:
    assert "country/SYR" not in ids(view)  # only mentioned by a readout
    assert not any(n["kind"] == "Readout" for n in view["nodes"])


def test_include_mentions_draws_readouts_and_what_they_mention(store: pyoxigraph.Store) -> None:
    view = to_view(store, VizOptions(include_mentions=True))
    assert {"readout/d1", "readout/d2", "country/SYR"} <= ids(view)
    kinds = {(e["from"].removeprefix(ID), e["to"].removeprefix(ID), e["kind"]) for e in view["edges"]}
    assert ("readout/d1", "event/d1-e1", "reports") in kinds
    assert ("readout/d1", "event/d1-e2", "refers_to") in kinds
    assert ("readout/d1", "country/SYR", "mentions") in kinds


def test_without_positions_no_position_or_topic_is_drawn(store: pyoxigraph.Store) -> None:
    view = to_view(store, VizOptions(include_positions=False))
    kinds = {n["kind"] for n in view["nodes"]}
    assert "Position" not in kinds and "Topic" not in kinds
    assert "org/UN" not in ids(view)  # only a position's addressee
    assert {"event/d1-e1", "leader/Q22686"} <= ids(view)


# --------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("focus", "present", "absent"),
    [
        (
            "Q22686",
            {"leader/Q22686", "event/d2-e1", "leader/Q3052772", "position/d2-p1", "org/UN"},
            {"leader/Q7747", "event/d1-e1"},
        ),
        (
            "Vladimir Poutine",
            {"leader/Q7747", "event/d1-e1", "event/d1-e2", "leader/Q3052772", "country/RUS"},
            {"leader/Q22686"},
        ),
        ("vladimir putin", {"leader/Q7747"}, {"event/d2-e1"}),
        (
            "humanitarian-access",
            {"position/d1-p2", "leader/Q3052772", "event/d1-e1"},
            {"position/d1-p1", "leader/Q7747"},
        ),
    ],
)
def test_focus_keeps_the_node_and_its_neighbourhood(
    store: pyoxigraph.Store, focus: str, present: set[str], absent: set[str]
) -> None:
    view = to_view(store, VizOptions(focus=focus))
    drawn = ids(view) | {n["id"].split("/scheme/")[-1] for n in view["nodes"]}
    assert present <= drawn
    assert not absent & drawn
    assert sum(1 for n in view["nodes"] if n.get("focus")) == 1
    ends = {n["id"] for n in view["nodes"]}
    assert all(e["from"] in ends and e["to"] in ends for e in view["edges"])


@pytest.mark.parametrize(
    ("focus", "node"),
    [
        ("Poutine", "leader/Q7747"),
        ("poutine", "leader/Q7747"),
        ("Vladimir Poutine", "leader/Q7747"),
        ("Putin", "leader/Q7747"),
        ("Vladimir Vladimirovitch Poutine", "leader/Q7747"),
        ("Q7747", "leader/Q7747"),
        ("Macron", "leader/Q3052772"),
        ("la Russie", "country/RUS"),
        ("Syrian war", "topic/syrian-war"),
        ("guerre en Syrie", "topic/syrian-war"),
    ],
)
def test_focus_takes_any_name_or_alias_the_gazetteer_knows(store: pyoxigraph.Store, focus: str, node: str) -> None:
    view = to_view(store, VizOptions(focus=focus))
    focused = [n["id"].removeprefix(ID).split("/scheme/")[-1] for n in view["nodes"] if n.get("focus")]
    assert focused == [node]


MELONI_TRIG = (
    PREFIXES
    + """
g:entities {
  leader:Q451791 a dg:Leader ; rdfs:label "Giorgia Meloni"@en, "Giorgia Meloni"@fr ; dg:wikidataId "Q451791" .
  leader:Q3052772 a dg:Leader ; rdfs:label "Emmanuel Macron"@en ; dg:wikidataId "Q3052772" .
}
g:doc-d3 {
  readout:d3 a dg:Readout ; dcterms:identifier "d3" ; dg:reports event:d3-e1 .
  event:d3-e1 a dg:PhoneCall ; sem:hasActor leader:Q451791, leader:Q3052772 ; prov:wasDerivedFrom readout:d3 .
}
"""
)


@pytest.mark.parametrize("focus", ["Meloni", "meloni", "Giorgia Meloni", "Q451791"])
def test_focus_on_a_leader_by_surname(focus: str) -> None:
    view = to_view(make_store(MELONI_TRIG), VizOptions(focus=focus))
    assert [n["label"] for n in view["nodes"] if n.get("focus")] == ["Giorgia Meloni"]
    assert {n["label"] for n in view["nodes"]} == {"Giorgia Meloni", "Emmanuel Macron", "Phone call"}


@pytest.mark.parametrize("focus", ["Jean Personne", "Q999999999", "Atlantis"])
def test_unknown_focus_is_an_error_naming_it(store: pyoxigraph.Store, focus: str) -> None:
    with pytest.raises(VizError) as caught:
        to_view(store, VizOptions(focus=focus))
    assert caught.value.code == "V002"
    assert repr(focus) in str(caught.value)


@pytest.mark.parametrize(("focus", "name"), [("Angela Merkel", "Angela Merkel"), ("Meloni", "Giorgia Meloni")])
def test_a_leader_the_gazetteer_knows_but_the_graph_lacks_is_named(
    store: pyoxigraph.Store, focus: str, name: str
) -> None:
    with pytest.raises(VizError) as caught:
        to_view(store, VizOptions(focus=focus))
    assert caught.value.code == "V008"
    assert repr(focus) in str(caught.value) and name in str(caught.value)


@pytest.mark.parametrize(
    ("since", "until", "present", "absent"),
    [
        ("2018", None, {"event/d2-e1", "position/d2-p1", "event/d1-e2"}, {"event/d1-e1", "position/d1-p1"}),
        (
            None,
            "2017-12",
            {"event/d1-e1", "position/d1-p1", "position/d1-p2"},
            {"event/d2-e1", "event/d1-e2"},
        ),
        # a month-precise date counts as the whole month
        ("2018-05-24", "2018-05-24", {"event/d1-e2", "place/Q7704"}, {"event/d2-e1", "event/d1-e1"}),
        ("2018-03-10", "2018-03-10", {"event/d2-e1", "leader/Q22686"}, {"leader/Q7747", "country/RUS"}),
    ],
)
def test_date_window_keeps_events_and_positions_that_overlap_it(
    store: pyoxigraph.Store, since: str | None, until: str | None, present: set[str], absent: set[str]
) -> None:
    view = to_view(store, VizOptions(since=since, until=until))
    assert present <= ids(view)
    assert not absent & ids(view)


def test_a_window_with_nothing_in_it_says_so(store: pyoxigraph.Store) -> None:
    with pytest.raises(VizError) as caught:
        to_view(store, VizOptions(since="2030"))
    assert caught.value.code == "V003"
    assert "2030" in str(caught.value)
    # the advice names what the command line can change
    assert all(option in str(caught.value) for option in ("--since", "--until", "--focus", "--positions", "--mentions"))


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"since": "last week"}, "V004"),
        ({"until": "2018-13"}, "V004"),
        ({"since": "2018-02-30"}, "V004"),
        ({"max_nodes": 0}, "V005"),
        ({"max_nodes": True}, "V005"),
    ],
)
def test_bad_options_are_refused(kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(VizError) as caught:
        VizOptions(**kwargs)
    assert caught.value.code == code


def test_max_nodes_keeps_the_most_connected(store: pyoxigraph.Store, view: dict[str, Any]) -> None:
    small = to_view(store, VizOptions(max_nodes=3))
    assert len(small["nodes"]) == 3
    assert small["stats"]["truncated"] is True
    assert small["stats"]["total_nodes"] == len(view["nodes"])
    degree = {n["id"]: 0 for n in view["nodes"]}
    for edge in view["edges"]:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
    assert min(degree[n["id"]] for n in small["nodes"]) >= sorted(degree.values())[-3]


# ---------------------------------------------------------------------- layout, stats


def test_small_graphs_use_physics_and_no_fixed_positions(view: dict[str, Any]) -> None:
    assert view["stats"]["physics"] is True
    assert not any("x" in n for n in view["nodes"])
    assert view["stats"]["nodes"] == len(view["nodes"])
    assert view["stats"]["edges"] == len(view["edges"])
    assert sum(view["stats"]["kinds"].values()) == len(view["nodes"])


def test_without_physics_every_node_gets_a_distinct_position(store: pyoxigraph.Store) -> None:
    view = to_view(store, VizOptions(physics=False))
    points = [(n["x"], n["y"]) for n in view["nodes"]]
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    assert len(set(points)) == len(points)


def big_trig(calls: int) -> str:
    """A corpus of `calls` phone calls between 40 leaders, each with one position."""
    lines = [PREFIXES, "g:entities {"]
    for i in range(40):
        lines.append(f'  leader:L{i} a dg:Leader ; rdfs:label "Leader {i}"@en .')
    lines.append("}")
    lines.append("g:docs {")
    for i in range(calls):
        a, b = i % 40, (i * 7 + 1) % 40
        lines.append(
            f"  event:c{i} a dg:PhoneCall ; sem:hasActor leader:L{a}, leader:L{b} ;"
            f' sem:hasTimeStamp "2018-01-01"^^xsd:date .'
            f" position:c{i} a dg:Position ; dg:speaker leader:L{a} ; dg:addressee leader:L{b} ;"
            f" dg:act act:stress ; dg:madeIn event:c{i} ."
        )
    lines.append("}")
    return "\n".join(lines)


def test_big_graphs_are_laid_out_beforehand_without_physics() -> None:
    view = to_view(make_store(big_trig(600)))  # 1,240 nodes
    assert len(view["nodes"]) > 1000
    assert view["stats"]["physics"] is False
    points = [(n["x"], n["y"]) for n in view["nodes"]]
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    assert len(set(points)) > 0.99 * len(points)
    # a call sits near the leaders it links, not across the drawing
    nodes = nodes_by_id(view)
    span = max(x for x, _ in points) - min(x for x, _ in points)
    call, leader = nodes[ID + "event/c5"], nodes[ID + "leader/L5"]
    assert math.dist((call["x"], call["y"]), (leader["x"], leader["y"])) < span / 3


def test_physics_can_be_forced_on_for_big_graphs() -> None:
    view = to_view(make_store(big_trig(600)), VizOptions(physics=True))
    assert view["stats"]["physics"] is True and not any("x" in n for n in view["nodes"])


# ---------------------------------------------------------------------- determinism


def test_same_store_same_view_and_page(store: pyoxigraph.Store) -> None:
    again = make_store()
    assert to_view(store) == to_view(again)
    assert render_html(to_view(store)) == render_html(to_view(again))
    laid = VizOptions(physics=False)
    assert to_view(store, laid) == to_view(again, laid)


def test_nodes_and_edges_are_sorted(view: dict[str, Any]) -> None:
    node_ids = [n["id"] for n in view["nodes"]]
    assert node_ids == sorted(node_ids)
    ends = [(e["from"], e["to"]) for e in view["edges"]]
    assert ends == sorted(ends)


def test_a_package_store_gives_the_same_view(store: pyoxigraph.Store, view: dict[str, Any]) -> None:
    from graph.store import GraphStore

    assert to_view(GraphStore(store, None)) == view


# ------------------------------------------------------------------------- emptiness


@pytest.mark.parametrize("trig", ["", PREFIXES + ONTOLOGY], ids=["empty", "ontology-only"])
def test_empty_graph_is_an_error(trig: str) -> None:
    with pytest.raises(VizError) as caught:
        to_view(make_store(trig))
    assert caught.value.code == "V001"


# ------------------------------------------------------------------------------ html


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if not self._in or self._in[-1] not in {"script", "style"}:
            self.text.append(data)


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def page(view: dict[str, Any]) -> str:
    return render_html(view)


def embedded(page: str, name: str) -> list[dict[str, Any]]:
    match = re.search(rf"var {name} = new vis\.DataSet\((.*?)\);\n", page)
    assert match, f"no {name} data set in the page"
    data: list[dict[str, Any]] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize(
    "raw", [HOSTILE_NAME, "</script><script>alert('q')", '<a href="https://evil.example/">']
)
def test_hostile_text_never_appears_as_markup(page: str, raw: str) -> None:
    assert raw not in page


def test_hostile_text_survives_intact_as_data(page: str) -> None:
    nodes = {n["id"]: n for n in embedded(page, "nodes")}
    assert nodes[ID + "leader/x-hostile"]["label"] == HOSTILE_NAME
    assert HOSTILE_NAME in nodes[ID + "leader/x-hostile"]["title"]
    assert HOSTILE_QUOTE in nodes[ID + "position/d2-p1"]["title"]


def test_page_has_exactly_the_two_inline_scripts(page: str) -> None:
    scripts = [attrs for tag, attrs in parse(page).tags if tag == "script"]
    assert len(scripts) == 2
    assert all("src" not in attrs for attrs in scripts)


def test_title_is_escaped() -> None:
    view = to_view(make_store())
    page = render_html(view, title="<b>Calls & talks</b>")
    assert "<b>Calls" not in page
    assert "&lt;b&gt;Calls &amp; talks&lt;/b&gt;" in page


def test_page_links_nothing_external(page: str) -> None:
    tags = parse(page).tags
    assert not [t for t, _ in tags if t in {"link", "iframe", "img", "object", "embed"}]
    for tag, attrs in tags:
        for name in ("src", "href", "action", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, name, value)
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    for css in styles:
        assert "@import" not in css
        for target in re.findall(r"url\(([^)]*)\)", css):
            assert target.strip(" '\"").startswith("data:"), target[:40]
    csp = next(
        a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None and "default-src 'none'" in csp


def test_page_shows_the_legend_and_summary(page: str, view: dict[str, Any]) -> None:
    text = " ".join(" ".join(parse(page).text).split())
    for entry in view["legend"]:
        assert entry["label"] in text
    assert f"{len(view['nodes'])} nodes" in text
    boxes = [a for t, a in parse(page).tags if t == "input" and a.get("data-legend")]
    assert [b["data-legend"] for b in boxes] == [e["key"] for e in view["legend"]]


def test_page_embeds_every_node_and_edge_of_the_view(page: str, view: dict[str, Any]) -> None:
    assert [n["id"] for n in embedded(page, "nodes")] == [n["id"] for n in view["nodes"]]
    assert [(e["from"], e["to"]) for e in embedded(page, "edges")] == [
        (e["from"], e["to"]) for e in view["edges"]
    ]


def test_write_html_writes_the_page_atomically(store: pyoxigraph.Store, tmp_path: Path) -> None:
    target = tmp_path / "out" / "graph.html"
    written = write_html(store, target, VizOptions(focus="Q7747"), title="Putin")
    assert written == target
    html = target.read_text(encoding="utf-8")
    assert "<title>Putin</title>" in html and "Vladimir Putin" in html
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.html"]


def test_write_html_to_an_impossible_path_is_an_error(store: pyoxigraph.Store, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(VizError) as caught:
        write_html(store, blocker / "graph.html")
    assert caught.value.code == "V006"
    assert str(blocker) in str(caught.value)


# ------------------------------------------------------------------ the viz command


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    trig = tmp_path / "graph.trig"
    trig.write_text(TRIG, encoding="utf-8")
    path = tmp_path / "store"
    with GraphStore.open(path) as st:
        st.load(trig)
    return path


def run_viz(store_dir: Path, out: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["viz", "-o", str(out), "--store", str(store_dir), *args])


@pytest.mark.parametrize(
    ("focus", "label"),
    [
        ("Poutine", "Vladimir Putin"),
        ("poutine", "Vladimir Putin"),
        ("Vladimir Poutine", "Vladimir Putin"),
        ("Putin", "Vladimir Putin"),
        ("Q7747", "Vladimir Putin"),
        ("Syrian war", "Syrian war"),
    ],
)
def test_viz_command_focus_takes_any_name(store_dir: Path, tmp_path: Path, focus: str, label: str) -> None:
    out = tmp_path / "page.html"
    result = run_viz(store_dir, out, "--focus", focus)
    assert result.exit_code == 0, result.output
    assert [n["label"] for n in embedded(out.read_text(encoding="utf-8"), "nodes") if n.get("borderWidth")] == [label]


def test_viz_command_unknown_focus_names_it(store_dir: Path, tmp_path: Path) -> None:
    result = run_viz(store_dir, tmp_path / "page.html", "--focus", "Jean Personne")
    assert result.exit_code == 2
    assert "[V002]" in result.output and "'Jean Personne'" in result.output


def test_viz_command_can_leave_positions_out(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    with_positions = run_viz(store_dir, out)
    assert with_positions.exit_code == 0, with_positions.output
    assert "Position" in {n["kind"] for n in embedded(out.read_text(encoding="utf-8"), "nodes")}
    without = run_viz(store_dir, out, "--no-positions")
    assert without.exit_code == 0, without.output
    assert not {"Position", "Topic"} & {n["kind"] for n in embedded(out.read_text(encoding="utf-8"), "nodes")}


def test_viz_command_nothing_to_draw_advises_options_it_has(store_dir: Path, tmp_path: Path) -> None:
    result = run_viz(store_dir, tmp_path / "page.html", "--since", "2030", "--no-positions")
    assert result.exit_code == 2
    assert "[V003]" in result.output and "positions left out" in result.output
    advised = set(re.findall(r"--[a-z-]+", result.output))
    assert advised >= {"--since", "--until", "--focus", "--positions", "--mentions"}
    help_text = CliRunner().invoke(app, ["viz", "--help"]).output
    assert all(option in help_text for option in advised)
