"""Records -> RDF. The only place IRIs are minted.

One readout gives one named graph (:func:`doc_graph_iri`) holding what that source
states; the entities it refers to are described in the shared entities graph. IRIs are
deterministic (document id, event key, character offsets, gazetteer keys), so building
the same readout again yields the same triples. See ``ontology/MODEL.md``.

>>> from graph.records import EntityRef
>>> str(entity_iri(EntityRef("Leader", "Q7747", "Vladimir Putin")))
'https://w3id.org/diplograph/id/leader/Q7747'
>>> str(event_iri("000 abc", "e1"))  # ids are escaped, never dropped
'https://w3id.org/diplograph/id/event/000%20abc/e1'
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from graph.gazetteer import Gazetteer
from graph.records import EntityRef, Event, Extraction, PartialDate, Position, Readout, Span
from graph.vocab import DG, DGID, DGS, OA, ORG, PROV, SCHEMA, SEM, WD

ENTITIES_GRAPH = URIRef(str(DGID) + "graph/entities")
ONTOLOGY_GRAPH = URIRef(str(DGID) + "graph/ontology")
_KIND_CLASS = {"Leader": DG.Leader, "Country": DG.Country, "Organization": DG.Organization, "Place": DG.Place}
_KIND_PATH = {"Leader": "leader", "Country": "country", "Organization": "org", "Place": "place"}


def _seg(text: str) -> str:
    return quote(text, safe="-_.~")


def doc_graph_iri(doc_id: str) -> URIRef:
    return URIRef(f"{DGID}graph/doc/{_seg(doc_id)}")


def readout_iri(doc_id: str) -> URIRef:
    return URIRef(f"{DGID}readout/{_seg(doc_id)}")


def entity_iri(e: EntityRef) -> URIRef:
    return URIRef(f"{DGID}{_KIND_PATH[e.kind]}/{_seg(e.key)}")


def office_iri(key: str) -> URIRef:
    return URIRef(f"{DGID}office/{_seg(key)}")


def event_iri(doc_id: str, key: str) -> URIRef:
    return URIRef(f"{DGID}event/{_seg(doc_id)}/{_seg(key)}")


def position_iri(doc_id: str, n: int) -> URIRef:
    return URIRef(f"{DGID}position/{_seg(doc_id)}/p{n}")


def date_literal(d: PartialDate) -> Literal:
    dt = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[d.precision]
    return Literal(str(d), datatype=dt)


def _evidence(g: Graph, subject: URIRef, span: Span, readout: URIRef, reporter: str | None = None) -> None:
    """Where ``subject`` is stated: a text span of ``readout``. An event several readouts
    report (``reporter`` set: the IRI is another readout's) gets one selector per
    report, so no selector carries the offsets of two texts."""
    ev = URIRef(f"{subject}/evidence" if reporter is None else f"{subject}/evidence/{reporter}")
    g.add((subject, DG.evidence, ev))
    g.add((ev, RDF.type, OA.TextPositionSelector))
    g.add((ev, RDF.type, OA.TextQuoteSelector))
    g.add((ev, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    g.add((ev, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    g.add((ev, OA.exact, Literal(span.text)))
    g.add((ev, DG.inReadout, readout))


def readout_triples(ex: Extraction) -> Graph:
    """The named graph of one readout: what it states, with provenance to the character."""
    r = ex.readout
    g = Graph()
    doc = readout_iri(r.id)
    g.add((doc, RDF.type, DG.Readout))
    g.add((doc, DCTERMS.identifier, Literal(r.id)))
    g.add((doc, DG.contentHash, Literal("sha256:" + r.sha256)))
    g.add((doc, DCTERMS.language, Literal(r.lang)))
    if r.date is not None:
        g.add((doc, SCHEMA.datePublished, date_literal(r.date)))
    if r.source:
        g.add((doc, DCTERMS.source, Literal(r.source)))
    if r.url:
        g.add((doc, SCHEMA.url, URIRef(r.url)))
    if r.origin:
        g.add((doc, DG.origin, Literal(r.origin)))

    for e in {m.entity for m in ex.mentions}:
        g.add((doc, DG.mentions, entity_iri(e)))
    for m in ex.mentions:
        # one span can name two entities ("franco-russes"): the entity is part of the IRI
        mi = URIRef(
            f"{DGID}mention/{_seg(r.id)}/{m.span.start}-{m.span.end}/{_KIND_PATH[m.entity.kind]}/{_seg(m.entity.key)}"
        )
        g.add((mi, RDF.type, DG.Mention))
        g.add((mi, DG.denotes, entity_iri(m.entity)))
        g.add((mi, DG.via, Literal(m.via)))
        g.add((mi, OA.start, Literal(m.span.start, datatype=XSD.nonNegativeInteger)))
        g.add((mi, OA.end, Literal(m.span.end, datatype=XSD.nonNegativeInteger)))
        g.add((mi, OA.exact, Literal(m.span.text)))
        g.add((mi, DG.inReadout, doc))

    events = {ev.key: _event_ref(r, ev) for ev in ex.events}
    for ev in ex.events:
        _event(g, r, doc, ev, events[ev.key])
    for n, p in enumerate(ex.positions, start=1):
        _position(g, r, doc, p, n, events)
    for t in ex.topics:
        g.add((doc, DG.topic, URIRef(f"{DGS}topic/{_seg(t)}")))
    return g


def _event_ref(r: Readout, ev: Event) -> URIRef:
    """The event's IRI: the one of the same event reported earlier (graph.merge), else
    its own."""
    return URIRef(ev.same_as) if ev.same_as else event_iri(r.id, ev.key)


def _event(g: Graph, r: Readout, doc: URIRef, ev: Event, e: URIRef) -> None:
    g.add((doc, DG.reports if ev.main else DG.refersTo, e))
    g.add((e, RDF.type, getattr(DG, ev.type)))
    g.add((e, DG.eventType, URIRef(f"{DGS}event-type/{ev.type}")))
    g.add((e, DG.status, URIRef(f"{DGS}status/{ev.status}")))
    for p in ev.participants:
        g.add((e, SEM.hasActor, entity_iri(p)))
    if ev.initiator is not None:
        g.add((e, DG.initiator, entity_iri(ev.initiator)))
    if ev.date is not None:
        g.add((e, SEM.hasTimeStamp, date_literal(ev.date)))
    if ev.date_text:
        g.add((e, DG.dateText, Literal(ev.date_text)))
    if ev.location is not None:
        g.add((e, SEM.hasPlace, entity_iri(ev.location)))
    if ev.label:
        g.add((e, RDFS.label, Literal(ev.label, lang=r.lang or None)))
    g.add((e, PROV.wasDerivedFrom, doc))
    _evidence(g, e, ev.span, doc, reporter=r.id if ev.same_as else None)


def _position(g: Graph, r: Readout, doc: URIRef, p: Position, n: int, events: dict[str, URIRef]) -> None:
    pi = position_iri(r.id, n)
    g.add((pi, RDF.type, DG.Position))
    for s in p.speakers:
        g.add((pi, DG.speaker, entity_iri(s)))
    g.add((pi, DG.act, URIRef(f"{DGS}act/{p.act}")))
    if p.act_detail:
        g.add((pi, DG.actDetail, Literal(p.act_detail)))
    if p.addressee is not None:
        g.add((pi, DG.addressee, entity_iri(p.addressee)))
    for t in p.topics:
        g.add((pi, DG.topic, URIRef(f"{DGS}topic/{_seg(t)}")))
    for m in p.mentions:
        g.add((pi, DG.mentionsEntity, entity_iri(m)))
    g.add((pi, DG.quote, Literal(p.quote.text)))
    if p.verb:
        g.add((pi, DG.verb, Literal(p.verb)))
    if p.event is not None:
        g.add((pi, DG.madeIn, events[p.event]))
    g.add((pi, DG.attribution, URIRef(f"{DGS}attribution/{p.attribution}")))
    g.add((pi, PROV.wasDerivedFrom, doc))
    _evidence(g, pi, p.quote, doc)


def entity_triples(entities: Iterable[EntityRef], gaz: Gazetteer) -> Graph:
    """Descriptions of entities for the shared entities graph: labels, Wikidata links,
    countries and offices (from the gazetteer; from the text for unknown leaders)."""
    g = Graph()
    done: set[tuple[str, str]] = set()
    for e in entities:
        if (e.kind, e.key) in done:
            continue
        done.add((e.kind, e.key))
        s = entity_iri(e)
        g.add((s, RDF.type, _KIND_CLASS[e.kind]))
        g.add((s, RDFS.label, Literal(e.label, lang="en")))
        if e.label_fr:
            g.add((s, RDFS.label, Literal(e.label_fr, lang="fr")))
        if e.wikidata:
            g.add((s, DG.wikidataId, Literal(e.wikidata)))
            g.add((s, OWL.sameAs, WD[e.wikidata]))
        if e.kind == "Leader":
            g.add((s, DG.inGazetteer, Literal(e.known)))
        if e.kind == "Country":
            g.add((s, DG.iso3, Literal(e.key)))
        if e.country and e.kind in ("Leader", "Place", "Organization") and e.country in gaz.countries:
            c = gaz.countries[e.country]
            cref = EntityRef("Country", c.iso3, c.name_en, c.name_fr, c.qid or None)
            g.add((s, DG.country, entity_iri(cref)))
            if ("Country", c.iso3) not in done:
                g += entity_triples([cref], gaz)
                done.add(("Country", c.iso3))
        if e.kind == "Leader" and e.office and e.office in gaz.offices:
            o = gaz.offices[e.office]
            oi = office_iri(o.key)
            g.add((s, ORG.holds, oi))
            g.add((oi, RDF.type, DG.Office))
            g.add((oi, RDFS.label, Literal(o.title_en, lang="en")))
            if o.country in gaz.countries:
                g.add((oi, ORG.postIn, URIRef(f"{DGID}country/{_seg(o.country)}")))
    return g


def extraction_entities(ex: Extraction) -> list[EntityRef]:
    out: list[EntityRef] = [m.entity for m in ex.mentions]
    for ev in ex.events:
        out.extend(ev.participants)
        if ev.initiator:
            out.append(ev.initiator)
        if ev.location:
            out.append(ev.location)
    for p in ex.positions:
        out.extend(p.speakers)
        out.extend(p.mentions)
        if p.addressee:
            out.append(p.addressee)
    return out
