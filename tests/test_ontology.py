"""The ontology, the SKOS schemes, the user topics and the prefixes of graph.ontology."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graph import records
from graph.errors import OntologyError
from graph.ontology import (
    NAMESPACES,
    SCHEMES,
    Concept,
    bind_prefixes,
    concepts,
    load_user_topics,
    ontology_graph,
    parse_turtle,
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
