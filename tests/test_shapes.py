"""The SHACL shapes and the validation of graph.shapes: every shape is documented, and a
hand-made graph is valid until one fact is broken."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from graph.errors import OntologyError
from graph.ontology import NAMESPACES, concepts, ontology_graph
from graph.shapes import ShapeViolationError, check, shapes_graph, validate

DG = NAMESPACES["dg"]
DGS = NAMESPACES["dgs"]
DGSH = NAMESPACES["dgsh"]
ID = NAMESPACES["dgid"]


def _event_classes() -> set[URIRef]:
    return {
        s
        for s in ontology_graph().subjects(RDFS.subClassOf, URIRef(DG + "Event"))
        if isinstance(s, URIRef)
    }


def _shapes() -> list[URIRef]:
    g = shapes_graph()
    return sorted(
        s for s in g.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)
    )


@pytest.mark.parametrize("shape", _shapes())
def test_every_shape_has_a_name_a_message_and_a_target(shape: URIRef) -> None:
    g = shapes_graph()
    assert str(shape).startswith(DGSH)
    assert g.value(shape, SH.name) is not None
    assert g.value(shape, SH.message) is not None
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    assert any(g.value(shape, t) is not None for t in targets)


def test_event_shapes_target_every_event_subclass() -> None:
    g = shapes_graph()
    event_shapes = [
        s for s in _shapes() if (s, SH.targetClass, URIRef(DG + "Event")) in g
    ]
    assert len(event_shapes) >= 5
    for shape in event_shapes:
        assert _event_classes() <= set(g.objects(shape, SH.targetClass)), shape


@pytest.mark.parametrize(
    ("shape", "scheme"),
    [("Position-act", "acts"), ("Position-attribution", "attributions"), ("Event-status", "statuses"),
     ("Event-eventType", "event-types")],
)  # fmt: skip
def test_sh_in_lists_match_the_schemes(shape: str, scheme: str) -> None:
    g = shapes_graph()
    head = g.value(URIRef(DGSH + shape), SH["in"])
    assert head is not None
    listed = {str(x) for x in g.items(head)}
    assert listed == {c.iri for c in concepts(scheme)}


_VALID = """\
@prefix dg:      <https://w3id.org/diplograph/ontology#> .
@base            <https://w3id.org/diplograph/id/> .
@prefix dgs:     <https://w3id.org/diplograph/scheme/> .
@prefix sem:     <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix schema:  <https://schema.org/> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix wd:      <http://www.wikidata.org/entity/> .

<readout/doc1> a dg:Readout ;
    dcterms:identifier "doc1" ;
    dg:contentHash "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    schema:datePublished "2017-11"^^xsd:gYearMonth ;
    dg:reports <event/doc1/e1> ;
    dg:mentions <leader/Q7747> , <country/RUS> .

<event/doc1/e1> a dg:PhoneCall ;
    dg:eventType <https://w3id.org/diplograph/scheme/event-type/PhoneCall> ;
    dg:status <https://w3id.org/diplograph/scheme/status/occurred> ;
    sem:hasActor <leader/Q7747> , <leader/Q22686> ;
    dg:initiator <leader/Q7747> ;
    sem:hasTimeStamp "2017-11-21"^^xsd:date ;
    dg:dateText "ce 21 novembre 2017" ;
    prov:wasDerivedFrom <readout/doc1> ;
    dg:evidence <event/doc1/e1/evidence> .

<event/doc1/e1/evidence> a oa:TextPositionSelector , oa:TextQuoteSelector ;
    oa:start "0"^^xsd:nonNegativeInteger ; oa:end "43"^^xsd:nonNegativeInteger ;
    oa:exact "Vladimir Poutine a téléphoné à Donald Trump" ;
    dg:inReadout <readout/doc1> .

<position/doc1/p1> a dg:Position ;
    dg:speaker <leader/Q7747> ;
    dg:act <https://w3id.org/diplograph/scheme/act/inform> ;
    dg:addressee <leader/Q22686> ;
    dg:topic <https://w3id.org/diplograph/scheme/topic/syrian-war> ;
    dg:quote "Poutine a informé Trump" ;
    dg:verb "a informé" ;
    dg:madeIn <event/doc1/e1> ;
    dg:attribution <https://w3id.org/diplograph/scheme/attribution/explicit> ;
    prov:wasDerivedFrom <readout/doc1> ;
    dg:evidence <position/doc1/p1/evidence> .

<position/doc1/p1/evidence> a oa:TextPositionSelector , oa:TextQuoteSelector ;
    oa:start 50 ; oa:end 73 ; oa:exact "Poutine a informé Trump" ;
    dg:inReadout <readout/doc1> .

<mention/doc1/0-16-leader> a dg:Mention ;
    dg:denotes <leader/Q7747> ; dg:via "name" ;
    oa:start 0 ; oa:end 16 ; oa:exact "Vladimir Poutine" ;
    dg:inReadout <readout/doc1> .

<leader/Q7747> a dg:Leader ;
    rdfs:label "Vladimir Putin"@en , "Vladimir Poutine"@fr ;
    dg:wikidataId "Q7747" ; owl:sameAs wd:Q7747 ;
    dg:inGazetteer true ;
    dg:country <country/RUS> ;
    org:holds <office/RUS.head_of_state> .

<leader/Q22686> a dg:Leader ;
    rdfs:label "Donald Trump"@en ;
    dg:wikidataId "Q22686" .

<country/RUS> a dg:Country ;
    rdfs:label "Russia"@en , "Russie"@fr ;
    dg:iso3 "RUS" ; dg:wikidataId "Q159" .

<office/RUS.head_of_state> a dg:Office ;
    rdfs:label "President of Russia"@en ;
    org:postIn <country/RUS> .
"""

EVENT = URIRef(ID + "event/doc1/e1")
POSITION = URIRef(ID + "position/doc1/p1")
P_EVIDENCE = URIRef(ID + "position/doc1/p1/evidence")
READOUT = URIRef(ID + "readout/doc1")
PUTIN = URIRef(ID + "leader/Q7747")
TRUMP = URIRef(ID + "leader/Q22686")
RUSSIA = URIRef(ID + "country/RUS")
MENTION = URIRef(ID + "mention/doc1/0-16-leader")
NS = {p: NAMESPACES[p] for p in ("dg", "sem", "oa", "schema")}


def _valid() -> Graph:
    return Graph().parse(data=_VALID, format="turtle")


def _p(prefixed: str) -> URIRef:
    prefix, local = prefixed.split(":", 1)
    return URIRef(NS[prefix] + local)


def _drop(s: URIRef, p: str) -> Callable[[Graph], object]:
    return lambda g: g.remove((s, _p(p), None))


def _add(s: URIRef, p: str, o: URIRef | Literal) -> Callable[[Graph], object]:
    return lambda g: g.add((s, _p(p), o))


def _set(s: URIRef, p: str, o: URIRef | Literal) -> Callable[[Graph], object]:
    return lambda g: g.set((s, _p(p), o))


def test_the_hand_made_graph_is_valid() -> None:
    g = _valid()
    before = len(g)
    validate(g)
    assert check(g) == []
    assert len(g) == before


BROKEN = [
    ("no-speaker", _drop(POSITION, "dg:speaker"), "dgsh:Position-speaker", POSITION),
    ("speaker-not-leader", _set(POSITION, "dg:speaker", RUSSIA), "dgsh:Position-speaker", POSITION),
    ("two-dates", _add(EVENT, "sem:hasTimeStamp", Literal("2017-11", datatype=XSD.gYearMonth)),
     "dgsh:Event-timeStamp", EVENT),
    ("date-as-string", _set(EVENT, "sem:hasTimeStamp", Literal("2017-11-21")), "dgsh:Event-timeStamp", EVENT),
    ("no-status", _drop(EVENT, "dg:status"), "dgsh:Event-status", EVENT),
    ("status-unknown", _set(EVENT, "dg:status", URIRef(DGS + "status/cancelled")), "dgsh:Event-status", EVENT),
    ("two-initiators", _add(EVENT, "dg:initiator", TRUMP), "dgsh:Event-initiator", EVENT),
    ("no-evidence", _drop(EVENT, "dg:evidence"), "dgsh:Event-evidence", EVENT),
    ("bad-qid", _set(PUTIN, "dg:wikidataId", Literal("Q07747")), "dgsh:WikidataId", PUTIN),
    ("qid-without-q", _set(TRUMP, "dg:wikidataId", Literal("22686")), "dgsh:WikidataId", TRUMP),
    ("start-after-end", _set(P_EVIDENCE, "oa:start", Literal(90)), "dgsh:Selector-start", P_EVIDENCE),
    ("start-as-string", _set(P_EVIDENCE, "oa:start", Literal("50")), "dgsh:Selector-start", P_EVIDENCE),
    ("negative-start", _set(P_EVIDENCE, "oa:start", Literal(-1)), "dgsh:Selector-start", P_EVIDENCE),
    ("act-unknown", _set(POSITION, "dg:act", URIRef(DGS + "act/shout")), "dgsh:Position-act", POSITION),
    ("two-quotes", _add(POSITION, "dg:quote", Literal("encore")), "dgsh:Position-quote", POSITION),
    ("no-attribution", _drop(POSITION, "dg:attribution"), "dgsh:Position-attribution", POSITION),
    ("iso3-lowercase", _set(RUSSIA, "dg:iso3", Literal("rus")), "dgsh:Country-iso3", RUSSIA),
    ("hash-not-sha256", _set(READOUT, "dg:contentHash", Literal("md5:abc")), "dgsh:Readout-contentHash", READOUT),
    ("published-as-string", _set(READOUT, "schema:datePublished", Literal("2017-11")),
     "dgsh:Readout-datePublished", READOUT),
    ("addressee-untyped", _set(POSITION, "dg:addressee", URIRef(ID + "org/x-unknown")), "dgsh:Addressee-type",
     URIRef(ID + "org/x-unknown")),
    ("evidence-untyped", lambda g: g.remove((P_EVIDENCE, RDF.type, None)), "dgsh:Position-evidence", POSITION),
    ("mention-of-nothing", _set(MENTION, "dg:denotes", URIRef(ID + "leader/x-nobody")), "dgsh:Entity-type",
     URIRef(ID + "leader/x-nobody")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("break_it", "shape", "focus"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_graph_names_the_shape_and_focus_node(
    break_it: Callable[[Graph], object], shape: str, focus: URIRef
) -> None:
    g = _valid()
    break_it(g)
    with pytest.raises(ShapeViolationError) as info:
        validate(g)
    err = info.value
    assert isinstance(err, OntologyError)
    assert err.code == "O003"
    assert (err.values["shape"], err.values["focus"]) == (shape, str(focus))
    assert shape in str(err) and str(focus) in str(err)
    assert {(v.shape, v.focus) for v in err.violations} == {(shape, str(focus))}


def test_every_violation_is_collected() -> None:
    g = _valid()
    for _, break_it, _, _ in BROKEN[:3]:
        break_it(g)
    g.set((PUTIN, _p("dg:wikidataId"), Literal("Q0")))
    with pytest.raises(ShapeViolationError) as info:
        validate(g)
    shapes = {v.shape for v in info.value.violations}
    assert shapes == {
        "dgsh:Position-speaker",
        "dgsh:Event-timeStamp",
        "dgsh:WikidataId",
    }
    assert info.value.values["count"] == len(info.value.violations)
    bad_qid = next(v for v in info.value.violations if v.shape == "dgsh:WikidataId")
    assert bad_qid.value == '"Q0"' and bad_qid.path == "dg:wikidataId"


def _split(g: Graph) -> Iterator[tuple[URIRef, Graph]]:
    entities = {PUTIN, TRUMP, RUSSIA, URIRef(ID + "office/RUS.head_of_state")}
    doc, ent = Graph(), Graph()
    for t in g:
        (ent if t[0] in entities else doc).add(t)
    yield URIRef(ID + "graph/doc/doc1"), doc
    yield URIRef(ID + "graph/entities"), ent


def test_a_dataset_is_validated_as_the_union_of_its_graphs() -> None:
    ds = Dataset()
    for name, part in _split(_valid()):
        ds.addN((s, p, o, ds.graph(name)) for s, p, o in part)
    assert ds.default_union is False
    validate(ds)
    assert ds.default_union is False  # left as it was


def test_a_document_graph_without_the_entities_graph_fails_on_leader_types() -> None:
    doc = dict(_split(_valid()))[URIRef(ID + "graph/doc/doc1")]
    found = check(doc)
    assert "dgsh:Position-speaker" in {v.shape for v in found}
    assert "dgsh:Event-actor" in {v.shape for v in found}


def test_blank_node_focus_is_named() -> None:
    g = _valid()
    anon = BNode()
    g.add((anon, RDF.type, URIRef(DG + "Country")))
    g.add((anon, RDFS.label, Literal("Nowhere", lang="en")))
    found = check(g)
    assert [(v.shape, v.focus) for v in found] == [("dgsh:Country-iso3", f"_:{anon}")]
