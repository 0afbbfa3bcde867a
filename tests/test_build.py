"""Records -> RDF: deterministic IRIs, provenance to the character, valid against the shapes."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, XSD

from graph.build import doc_graph_iri, entity_iri, entity_triples, event_iri, extraction_entities, readout_triples
from graph.gazetteer import Gazetteer
from graph.records import EntityRef, Event, Extraction, Mention, PartialDate, Position, Readout, Span
from graph.shapes import validate
from graph.vocab import DG, DGS, OA, PROV, SEM

RAW = "date 2018-02\nEmmanuel Macron a appelé Vladimir Poutine. Il a souligné l'urgence."
MACRON = EntityRef("Leader", "Q3052772", "Emmanuel Macron", "Emmanuel Macron", "Q3052772", "FRA", "FRA.head_of_state")
PUTIN = EntityRef("Leader", "Q7747", "Vladimir Putin", "Vladimir Poutine", "Q7747", "RUS", "RUS.head_of_state")
UNKNOWN = EntityRef("Leader", "x-albert-kossigan-ben", "Albert Kossigan", "Albert Kossigan", None, "BEN", known=False)


def _span(text: str) -> Span:
    s = RAW.index(text)
    return Span(s, s + len(text), text)


def _extraction(doc_id: str = "d1") -> Extraction:
    r = Readout(id=doc_id, text=RAW[13:], raw=RAW, sha256="a" * 64, date=PartialDate(2018, 2), source="Élysée")
    call = Event("e1", "PhoneCall", True, "occurred", _span("Emmanuel Macron a appelé Vladimir Poutine."),
                 [MACRON, PUTIN], initiator=MACRON, date=PartialDate(2018, 2))
    pos = Position([MACRON], "stress", "a souligné", _span("Il a souligné l'urgence."), addressee=PUTIN,
                   topics=["syrian-war"], event="e1")
    joint = Position([MACRON, PUTIN, UNKNOWN], "agree", "", _span("Il a souligné l'urgence."), event="e1",
                     attribution="implicit")
    mentions = [Mention(MACRON, _span("Emmanuel Macron")), Mention(PUTIN, _span("Vladimir Poutine"))]
    return Extraction(r, events=[call], positions=[pos, joint], mentions=mentions, topics=["syrian-war"])


def test_same_records_give_the_same_graph() -> None:
    a, b = readout_triples(_extraction()), readout_triples(_extraction())
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        raise AssertionError(f"only in first: {sorted(only_a)[:5]}; only in second: {sorted(only_b)[:5]}")
    assert not any(isinstance(t, type(None)) for t in a)
    assert all(not str(n).startswith("_:") for t in a for n in t), "blank nodes would duplicate on reload"


def test_facts_carry_provenance_to_the_exact_span() -> None:
    g = readout_triples(_extraction())
    e = event_iri("d1", "e1")
    assert (e, RDF.type, DG.PhoneCall) in g
    assert (e, SEM.hasTimeStamp, Literal("2018-02", datatype=XSD.gYearMonth)) in g
    assert (e, DG.initiator, entity_iri(MACRON)) in g
    positions = list(g.subjects(RDF.type, DG.Position))
    assert len(positions) == 2
    for p in positions:
        ev = g.value(p, DG.evidence)
        start, end = int(g.value(ev, OA.start)), int(g.value(ev, OA.end))  # type: ignore[arg-type]
        assert RAW[start:end] == str(g.value(ev, OA.exact)) == str(g.value(p, DG.quote))
        assert (p, PROV.wasDerivedFrom, URIRef("https://w3id.org/diplograph/id/readout/d1")) in g
    stress = next(p for p in positions if (p, DG.act, DGS["act/stress"]) in g)
    assert (stress, DG.madeIn, e) in g and (stress, DG.topic, DGS["topic/syrian-war"]) in g


def test_a_merged_event_keeps_the_iri_of_its_first_report() -> None:
    ex = _extraction("d2")
    ex.events[0].same_as = str(event_iri("d1", "e1"))
    g = readout_triples(ex)
    assert (event_iri("d1", "e1"), RDF.type, DG.PhoneCall) in g
    assert not list(g.triples((event_iri("d2", "e1"), None, None)))
    assert len(list(g.subject_objects(DG.madeIn))) == 2


def test_the_built_graph_passes_the_shapes() -> None:
    ex = _extraction()
    g = readout_triples(ex) + entity_triples(extraction_entities(ex), Gazetteer.default())
    validate(g)
    assert (entity_iri(UNKNOWN), DG.inGazetteer, Literal(False)) in g


def test_document_ids_are_encoded_in_iris() -> None:
    assert str(doc_graph_iri("2018/appel 1")) == "https://w3id.org/diplograph/id/graph/doc/2018%2Fappel%201"
