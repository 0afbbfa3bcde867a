"""Fuzzing literals through the store: any Unicode text, language tag or datatype
written with either write path of :class:`GraphStore`, exported as TriG, N-Quads or
JSON-LD and parsed back (by pyoxigraph and by rdflib) is the same literal."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import example, given
from hypothesis import strategies as st

from graph.store import GraphStore

XSD = "http://www.w3.org/2001/XMLSchema#"
GRAPH = "https://w3id.org/diplograph/id/graph/doc/fuzz"
SUBJECT = ox.NamedNode("https://w3id.org/diplograph/id/readout/fuzz")
PREDICATE = ox.NamedNode("https://w3id.org/diplograph/ontology#fuzz")
FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}

# Any Unicode text; lone surrogates cannot be RDF (pyoxigraph refuses them).
_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",))),
    st.sampled_from(['"', '"""', "'''", "\\", "\\u0041", "\r\n", "\x00", "\ufeff", "\u2028", "\U0010ffff", "\ufffe",
                     "a\tb", "{ } .", "<x>", "@en", "^^xsd:string", "_:b0", "# no comment"]),
)
def _valid_tag(tag: str) -> bool:
    try:
        ox.Literal("x", language=tag)
    except ValueError:
        return False
    return True


# BCP 47 tags as pyoxigraph accepts them (it refuses a malformed one, e.g. "a-b").
_lang = st.one_of(
    st.sampled_from(["fr", "en", "EN-GB", "zh-Hant-TW", "de-CH-1996", "x-private", "sr-Latn"]),
    st.from_regex(r"\A[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}\Z").filter(_valid_tag),
)
_datatype = st.one_of(
    st.sampled_from([XSD + "string", XSD + "integer", XSD + "date", XSD + "decimal", XSD + "boolean",
                     XSD + "nonNegativeInteger", XSD + "gYearMonth", "https://example.org/dt#x"]),
    st.from_regex(r"\Ahttps://example\.org/[a-zA-Z0-9é_~-]{0,12}\Z"),
)
literals = st.one_of(
    st.builds(ox.Literal, _text),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), _text, _lang),
    st.builds(lambda v, dt: ox.Literal(v, datatype=ox.NamedNode(dt)), _text, _datatype),
    st.builds(ox.Literal, st.integers()),
    st.builds(ox.Literal, st.floats(allow_nan=False)),
)


_VALUE_TYPES = frozenset(
    XSD + t for t in ("integer", "date", "decimal", "boolean", "nonNegativeInteger", "gYearMonth", "double")
)


def _subject(i: int) -> ox.NamedNode:
    return ox.NamedNode(f"{SUBJECT.value}/{i}")


def _stored(values: list[ox.Literal], replace: bool) -> GraphStore:
    store = GraphStore.open()
    triples = [ox.Triple(_subject(i), PREDICATE, v) for i, v in enumerate(values)]
    if replace:
        store.replace_graph(GRAPH, triples)  # the build's path: one SPARQL update
    else:
        store.add_to_graph(GRAPH, triples)
    return store


def _same_value(store: GraphStore, a: ox.Literal, b: ox.Literal) -> bool:
    result = store.query("SELECT ?a ?b WHERE { FILTER(?a = ?b) }", bindings={"a": a, "b": b})
    return len(list(result)) == 1


def _check_stored(store: GraphStore, given_: ox.Literal, held: ox.Literal) -> None:
    """Oxigraph keeps a literal as given, except that it writes a valid number, date or
    boolean in its canonical form ("01" -> "1") and a language tag in lower case; the
    value stays the same."""
    if given_.language:
        assert (held.value, held.language) == (given_.value, given_.language.lower())
    elif given_.datatype.value in _VALUE_TYPES:
        assert held.datatype == given_.datatype
        assert held.value == given_.value or _same_value(store, held, given_), (given_, held)
    else:
        assert held == given_


def _rdflib_term(term: ox.Literal) -> rdflib.Literal:
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _rdflib_key(term: rdflib.Literal) -> tuple[str, str | None, str | None]:
    # rdflib gives a plain literal no datatype; RDF 1.1 makes it xsd:string
    datatype = None if term.language else str(term.datatype or XSD + "string")
    return str(term), term.language, datatype


# rdflib's parsers warn about their own use of its deprecated ConjunctiveGraph API
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("replace", [True, False], ids=["replace_graph", "add_to_graph"])
@given(values=st.lists(literals, min_size=1, max_size=5))
@example(values=[ox.Literal('a"""b\\'), ox.Literal("\r\n\x00"), ox.Literal("x", language="EN-gb")])
@example(values=[ox.Literal("01", datatype=ox.NamedNode(XSD + "integer")),
                 ox.Literal("abc", datatype=ox.NamedNode(XSD + "integer"))])
def test_literals_survive_the_store_and_every_export(values: list[ox.Literal], replace: bool) -> None:
    with _stored(values, replace) as store:
        held = {q.subject: q.object for q in store.quads()}
        assert len(held) == len(values)
        for i, value in enumerate(values):
            literal = held[_subject(i)]
            assert isinstance(literal, ox.Literal)
            _check_stored(store, value, literal)
        for fmt, rdf_format in FORMATS.items():
            out = io.BytesIO()
            store.export(out, fmt)
            data = out.getvalue()
            back = {q.subject: q.object for q in ox.parse(data, rdf_format)}
            assert back == held, fmt
            # rdflib reads the same literals; it may rewrite the lexical form of a
            # valid number on parse, so those are compared by value.
            dataset = rdflib.Dataset()
            dataset.parse(data=data, format={"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
            got = {str(s_): o for s_, _, o, _ in dataset.quads((None, None, None, None))}
            assert set(got) == {s_.value for s_ in held}, fmt
            for subject, literal in held.items():
                theirs = got[subject.value]
                assert isinstance(theirs, rdflib.Literal), fmt
                if isinstance(literal, ox.Literal) and literal.datatype.value in _VALUE_TYPES:
                    assert theirs.eq(_rdflib_term(literal)) or _rdflib_key(theirs) == _rdflib_key(
                        _rdflib_term(literal)
                    ), (fmt, literal, theirs)
                else:
                    assert isinstance(literal, ox.Literal)
                    assert _rdflib_key(theirs) == _rdflib_key(_rdflib_term(literal)), fmt
