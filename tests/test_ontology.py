"""The ontology, the SKOS schemes, the SHACL shapes and the helpers of graph.ontology."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import get_args

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

from graph import records
from graph.errors import OntologyError
from graph.ontology import (
    NAMESPACES,
    SCHEMES,
    Concept,
    ShapeViolationError,
    bind_prefixes,
    check,
    concepts,
    load_user_topics,
    ontology_graph,
    parse_turtle,
    shapes_graph,
    validate,
)
from graph.resources import ontology_dir

DG = NAMESPACES["dg"]
DGS = NAMESPACES["dgs"]
DGSH = NAMESPACES["dgsh"]
ID = NAMESPACES["dgid"]
_TERM_KINDS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
)
_PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "OTHER",
}  # fmt: skip


def _dg_terms() -> list[str]:
    g = ontology_graph()
    return sorted(
        {
            str(s)[len(DG) :]
            for k in _TERM_KINDS
            for s in g.subjects(RDF.type, k)
            if str(s).startswith(DG)
        }
    )


def _event_classes() -> set[URIRef]:
    return {
        s
        for s in ontology_graph().subjects(RDFS.subClassOf, URIRef(DG + "Event"))
        if isinstance(s, URIRef)
    }


# --------------------------------------------------------------------------- ontology


def test_ontology_header_names_title_version_license_and_creator() -> None:
    g = ontology_graph()
    ont = URIRef(DG.rstrip("#"))
    assert (ont, RDF.type, OWL.Ontology) in g
    titles = {
        o.language for o in g.objects(ont, DCTERMS.title) if isinstance(o, Literal)
    }
    assert titles == {"en", "fr"}
    assert g.value(ont, OWL.versionInfo) is not None
    assert g.value(ont, DCTERMS.license) is not None
    assert str(g.value(ont, DCTERMS.creator)) == "diplograph"


@pytest.mark.parametrize("term", _dg_terms())
def test_every_term_has_english_and_french_label_and_comment(term: str) -> None:
    g = ontology_graph()
    node = URIRef(DG + term)
    for prop in (RDFS.label, RDFS.comment):
        langs = {o.language for o in g.objects(node, prop) if isinstance(o, Literal)}
        assert {"en", "fr"} <= langs, (
            f"dg:{term} lacks {prop} in { ({'en', 'fr'} - langs) }"
        )


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        ("Readout", "http://www.w3.org/ns/prov#Entity"),
        ("Readout", "https://schema.org/CreativeWork"),
        ("Leader", "http://xmlns.com/foaf/0.1/Person"),
        ("Leader", "https://schema.org/Person"),
        ("Country", "https://schema.org/Country"),
        ("Organization", "http://www.w3.org/ns/org#Organization"),
        ("Place", "https://schema.org/Place"),
        ("Office", "http://www.w3.org/ns/org#Post"),
        ("Event", "http://semanticweb.cs.vu.nl/2009/11/sem/Event"),
        ("Position", "http://www.w3.org/ns/prov#Entity"),
        ("Mention", "http://www.w3.org/ns/oa#TextPositionSelector"),
        ("Mention", "http://www.w3.org/ns/oa#TextQuoteSelector"),
        *[(name, DG + "Event") for name in get_args(records.EventType)],
        *[
            (name, str(SKOS.Concept))
            for name in ("Act", "Topic", "EventType", "EventStatus", "Attribution")
        ],
    ],
)
def test_classes_specialize_the_standard_vocabularies(cls: str, parent: str) -> None:
    assert (URIRef(DG + cls), RDFS.subClassOf, URIRef(parent)) in ontology_graph()


def test_reused_vocabularies_are_not_redefined() -> None:
    own = (DG, DGS)
    foreign = [
        s
        for s in set(ontology_graph().subjects())
        if isinstance(s, URIRef)
        and not str(s).startswith(own)
        and str(s) != DG.rstrip("#")
    ]
    assert foreign == []


def _model_md() -> str:
    return (ontology_dir() / "MODEL.md").read_text(encoding="utf-8")


def test_every_dg_term_in_model_md_is_defined() -> None:
    used = set(re.findall(r"\bdg:([A-Za-z][A-Za-z0-9_]*)", _model_md()))
    assert {"Readout", "denotes", "reports", "speaker"} <= used  # the page was read
    assert used - set(_dg_terms()) == set()


def test_model_md_no_longer_uses_refers_to_on_mentions() -> None:
    mention = _model_md().split("a dg:Mention", 1)[1].split("```", 1)[0]
    assert "dg:denotes" in mention
    assert "dg:refersTo" not in mention


def test_prefix_table_of_model_md_matches_the_bound_prefixes() -> None:
    table = dict(
        re.findall(r"^\| `(\w+):` \| `([^`]+)` \|", _model_md(), flags=re.MULTILINE)
    )
    assert len(table) >= 8
    for prefix, iri in table.items():
        assert NAMESPACES[prefix] == iri


def test_ontology_files_parse_error_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text(
        "@prefix dg: <https://w3id.org/diplograph/ontology#> .\n\ndg:A dg:b .\n",
        encoding="utf-8",
    )
    with pytest.raises(OntologyError) as info:
        parse_turtle([bad])
    assert info.value.code == "O001"
    assert "broken.ttl" in str(info.value)
    assert "line 3" in str(info.value.values["detail"])


def test_missing_ontology_folder_raises_ontology_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("graph.ontology.ontology_dir", lambda: tmp_path)
    ontology_graph.cache_clear()
    try:
        with pytest.raises(OntologyError) as info:
            ontology_graph()
        assert info.value.code == "O001"
        assert "diplograph.ttl" in str(info.value)
    finally:
        ontology_graph.cache_clear()


# --------------------------------------------------------------------------- schemes


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_concept_follows_skos_integrity(scheme: str) -> None:
    g = ontology_graph()
    scheme_iri = URIRef(SCHEMES[scheme])
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in g
    members = set(g.subjects(SKOS.inScheme, scheme_iri))
    assert members
    for c in members:
        assert len(list(g.objects(c, SKOS.notation))) == 1, c
        assert g.value(c, SKOS.definition) is not None, c
        assert (c, SKOS.topConceptOf, scheme_iri) in g, c
        for lang in ("en", "fr"):
            pref = [
                o
                for o in g.objects(c, SKOS.prefLabel)
                if isinstance(o, Literal) and o.language == lang
            ]
            alt = {
                o
                for o in g.objects(c, SKOS.altLabel)
                if isinstance(o, Literal) and o.language == lang
            }
            assert len(pref) == 1, (c, lang)
            assert not alt & set(pref), (
                c,
                lang,
            )  # SKOS S13: pref and alt labels are disjoint


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_notations_are_unique_within_a_scheme(scheme: str) -> None:
    notations = [c.notation for c in concepts(scheme)]
    assert len(notations) == len(set(notations))


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("acts", set(records.ACTS)),
        ("event-types", set(get_args(records.EventType))),
        ("statuses", set(get_args(records.EventStatus))),
        ("attributions", set(get_args(records.Attribution))),
    ],
)
def test_scheme_notations_are_the_values_the_records_use(
    scheme: str, expected: set[str]
) -> None:
    assert {c.notation for c in concepts(scheme)} == expected


def test_there_are_fourteen_acts_with_cameo_and_plover_codes() -> None:
    acts = concepts("acts")
    assert len(acts) == 14
    for act in acts:
        assert act.cameo is not None and re.fullmatch(r"\d{2,3}", act.cameo), (
            act.notation
        )
        assert act.plover in _PLOVER_TYPES, act.notation


@pytest.mark.parametrize(
    ("act", "cameo", "plover"),
    [("welcome", "051", "SUPPORT"), ("ask", "020", "REQUEST"), ("call_on", "020", "REQUEST"),
     ("agree", "030", "AGREE"), ("condemn", "111", "ACCUSE")],
)  # fmt: skip
def test_act_crosswalk_follows_cameo(act: str, cameo: str, plover: str) -> None:
    found = next(c for c in concepts("acts") if c.notation == act)
    assert (found.cameo, found.plover) == (cameo, plover)


def test_each_french_act_label_belongs_to_one_act() -> None:
    owner: dict[str, str] = {}
    for act in concepts("acts"):
        for term in act.terms("fr"):
            assert term not in owner, (
                f"{term!r} is under both {owner.get(term)} and {act.notation}"
            )
            owner[term] = act.notation
    assert owner["souligner"] == "stress"
    assert owner["se féliciter"] == "welcome"


@pytest.mark.parametrize("cls", sorted(_event_classes()))
def test_every_event_class_has_an_event_type_concept(cls: URIRef) -> None:
    matches = [c for c in concepts("event-types") if c.event_class == str(cls)]
    assert len(matches) == 1
    assert matches[0].notation == str(cls)[len(DG) :]
    assert matches[0].plover in _PLOVER_TYPES


def test_phone_call_is_cameo_041_consult_phone() -> None:
    call = next(c for c in concepts("event-types") if c.notation == "PhoneCall")
    assert (call.cameo, call.plover, call.plover_mode) == ("041", "CONSULT", "phone")


def test_topics_have_slug_notations_and_french_keywords() -> None:
    topics = concepts("topics")
    assert len(topics) >= 30
    for t in topics:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t.notation), t.notation
        assert len(t.alt_labels_fr) >= 3, t.notation
        assert all(a == a.lower() for a in (*t.alt_labels_fr, *t.alt_labels_en)), (
            t.notation
        )


@pytest.mark.parametrize(
    ("topic", "keyword"),
    [("chemical-weapons", "armes chimiques"), ("chemical-weapons", "oiac"), ("ukraine-minsk", "accords de minsk"),
     ("iran-nuclear-deal", "jcpoa"), ("sanctions", "embargo"), ("climate", "accord de paris")],
)  # fmt: skip
def test_topic_keywords_include_common_phrases(topic: str, keyword: str) -> None:
    found = next(c for c in concepts("topics") if c.notation == topic)
    assert keyword in found.terms("fr")


def test_concept_terms_are_lowercase_longest_first_and_include_the_preferred_label() -> (
    None
):
    c = Concept(
        iri="x", notation="x", pref_label_en="Chemical weapons", pref_label_fr="Armes chimiques",
        alt_labels_fr=("oiac", "arme chimique", "armes chimiques"),
    )  # fmt: skip
    assert c.terms("fr") == ("armes chimiques", "arme chimique", "oiac")
    assert c.terms("en") == ("chemical weapons",)
    with pytest.raises(ValueError):
        c.terms("de")


def test_concepts_returns_a_fresh_list_each_time() -> None:
    first = concepts("acts")
    first.clear()
    assert len(concepts("acts")) == 14


def test_unknown_scheme_lists_the_known_ones() -> None:
    with pytest.raises(OntologyError) as info:
        concepts("verbs")
    assert info.value.code == "O010"
    assert "acts" in str(info.value) and "topics" in str(info.value)


# --------------------------------------------------------------------------- user topics

_USER_TOPICS = """\
@prefix dgs:  <https://w3id.org/diplograph/scheme/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix my:   <https://example.org/topics/> .

my:water a skos:Concept ;
    skos:notation "water-security" ;
    skos:prefLabel "Water security"@en , "sécurité de l'eau"@fr ;
    skos:altLabel "eau potable"@fr , "barrage"@fr , "sécheresse"@fr ;
    skos:inScheme dgs:topic .
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_topics_extend_the_topic_scheme(tmp_path: Path) -> None:
    extra = load_user_topics(_write(tmp_path, _USER_TOPICS))
    assert (
        URIRef("https://example.org/topics/water"),
        RDF.type,
        URIRef(DG + "Topic"),
    ) in extra
    merged = {c.notation: c for c in concepts("topics", extra=extra)}
    assert "syrian-war" in merged
    assert merged["water-security"].terms("fr")[0] == "sécurité de l'eau"
    assert "water-security" not in {c.notation for c in concepts("topics")}


def test_user_topic_with_a_built_in_iri_replaces_it(tmp_path: Path) -> None:
    text = _USER_TOPICS.replace(
        "my:water", "<https://w3id.org/diplograph/scheme/topic/climate>"
    ).replace("water-security", "climate")
    merged = [
        c
        for c in concepts("topics", extra=load_user_topics(_write(tmp_path, text)))
        if c.notation == "climate"
    ]
    assert len(merged) == 1
    assert merged[0].pref_label_en == "Water security"


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda t: t.replace("    skos:inScheme dgs:topic .", "    ."), "O011"),
        (lambda t: t.replace('    skos:notation "water-security" ;\n', ""), "O011"),
        (lambda t: t.replace('"water-security"', '"Water Security"'), "O011"),
        (
            lambda t: t.replace(
                '    skos:prefLabel "Water security"@en , "sécurité de l\'eau"@fr ;\n',
                "",
            ),
            "O011",
        ),
        (lambda t: t.replace('"water-security"', '"syrian-war"'), "O012"),
        (
            lambda t: (
                t
                + 'my:dam a skos:Concept ; skos:notation "water-security" ; skos:prefLabel "Dams"@en ;'
                " skos:inScheme dgs:topic .\n"
            ),
            "O012",
        ),
        (lambda t: t.split("my:water", 1)[0], "O013"),
        (
            lambda t: t.replace("skos:inScheme dgs:topic .", "skos:inScheme dgs:topic"),
            "O001",
        ),
    ],
    ids=[
        "no-scheme",
        "no-notation",
        "not-a-slug",
        "no-label",
        "built-in-notation",
        "twice",
        "empty",
        "bad-turtle",
    ],
)
def test_bad_user_topics_are_refused_with_the_file_named(
    tmp_path: Path, edit: Callable[[str], str], code: str
) -> None:
    path = _write(tmp_path, edit(_USER_TOPICS))
    with pytest.raises(OntologyError) as info:
        load_user_topics(path)
    assert info.value.code == code
    assert str(path) in str(info.value)


def test_missing_user_topics_file_is_an_ontology_error(tmp_path: Path) -> None:
    with pytest.raises(OntologyError) as info:
        load_user_topics(tmp_path / "nope.ttl")
    assert info.value.code == "O001"
    assert "nope.ttl" in str(info.value)


# --------------------------------------------------------------------------- prefixes


@pytest.mark.parametrize("make", [Graph, Dataset])
def test_bind_prefixes_binds_every_prefix(make: Callable[[], Graph]) -> None:
    g = make()
    assert bind_prefixes(g) is g
    bound = {p: str(n) for p, n in g.namespaces()}
    for prefix, iri in NAMESPACES.items():
        assert bound.get(prefix) == iri, prefix


def test_bound_prefixes_appear_in_turtle() -> None:
    g = bind_prefixes(Graph())
    g.add((URIRef(ID + "leader/Q7747"), RDF.type, URIRef(DG + "Leader")))
    text = g.serialize(format="turtle")
    assert "@prefix dg: <https://w3id.org/diplograph/ontology#> ." in text
    assert "dg:Leader" in text


# --------------------------------------------------------------------------- shapes


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
