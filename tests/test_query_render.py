"""QueryResult.render / write: one place that writes a result in each format."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import QueryError
from graph.query import GRAPH_FORMATS, OUTPUT_FORMATS, QueryResult, run_query
from graph.store import GraphStore

DATA = Path(__file__).parent / "data"
CONSTRUCT = "CONSTRUCT { ?r a dg:Readout } WHERE { ?r a dg:Readout }"


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    with GraphStore.open() as st:
        st.load(DATA / "mini.trig")
        yield st


def test_a_select_result_defaults_to_a_table(store: GraphStore) -> None:
    result = run_query(store, "SELECT ?r WHERE { ?r a dg:Readout }")
    assert result.formats == OUTPUT_FORMATS and not result.is_graph
    assert result.render() == result.render("table")
    assert "┃ r" in result.render()


@pytest.mark.parametrize("fmt", OUTPUT_FORMATS)
def test_write_and_render_give_the_same_text(store: GraphStore, fmt: str) -> None:
    result = run_query(store, "mentions")
    out = io.StringIO()
    result.write(out, fmt)
    assert out.getvalue() == result.render(fmt)
    assert out.getvalue().endswith("\n")


def test_json_and_csv_keep_the_sparql_formats(store: GraphStore) -> None:
    result = run_query(store, "mentions")
    assert json.loads(result.render("json")) == json.loads(result.to_json())
    assert result.render("csv") == result.to_csv()
    assert result.render("tsv") == result.to_tsv()


def test_a_graph_result_defaults_to_turtle_with_the_prefixes_it_uses(store: GraphStore) -> None:
    result = run_query(store, CONSTRUCT)
    assert result.is_graph and result.formats == GRAPH_FORMATS
    text = result.render()
    assert text == result.to_rdf("turtle")
    assert "@prefix dg: <https://w3id.org/diplograph/ontology#> ." in text
    assert "@prefix wd:" not in text, "only the prefixes the triples use"
    assert len(list(ox.parse(text.encode(), ox.RdfFormat.TURTLE))) == len(result)


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [("ntriples", ox.RdfFormat.N_TRIPLES), ("nt", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD),
     ("ttl", ox.RdfFormat.TURTLE), ("JSON-LD", ox.RdfFormat.JSON_LD)],
)
def test_a_graph_result_in_each_rdf_format(store: GraphStore, fmt: str, rdf_format: ox.RdfFormat) -> None:
    result = run_query(store, "DESCRIBE ?r WHERE { ?r a dg:Readout }")
    triples = {quad.triple for quad in ox.parse(result.render(fmt).encode(), rdf_format)}
    assert triples == {ox.Triple(*row) for row in result.terms}  # type: ignore[misc]


def test_an_empty_graph_result_is_an_empty_document(store: GraphStore) -> None:
    assert run_query(store, "CONSTRUCT { ?s a dg:X } WHERE { ?s a dg:Nothing }").render("ntriples") == "\n"


@pytest.mark.parametrize(("ask", "answer"), [("ASK { ?r a dg:Readout }", "true\n"), ("ASK { ?r a dg:X }", "false\n")])
def test_ask_renders_true_or_false(store: GraphStore, ask: str, answer: str) -> None:
    result = run_query(store, ask)
    assert result.render() == answer
    assert json.loads(result.render("json"))["boolean"] is (answer == "true\n")


@pytest.mark.parametrize(
    ("sparql", "fmt", "code"),
    [
        (CONSTRUCT, "table", "Q011"),
        (CONSTRUCT, "json", "Q011"),
        ("SELECT ?r WHERE { ?r a dg:Readout }", "turtle", "Q011"),
        ("ASK { ?r a dg:Readout }", "jsonld", "Q011"),
        (CONSTRUCT, "rdfxml", "Q004"),
        ("SELECT ?r WHERE { ?r a dg:Readout }", "xml", "Q004"),
    ],
)
def test_a_format_that_does_not_fit_names_those_that_do(store: GraphStore, sparql: str, fmt: str, code: str) -> None:
    result = run_query(store, sparql)
    with pytest.raises(QueryError) as info:
        result.render(fmt)
    assert info.value.code == code
    assert ", ".join(result.formats) in str(info.value)


def test_to_dataframe_without_pandas_names_the_notebook_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(QueryError) as info:
        QueryResult(columns=["a"], rows=[{"a": 1}]).to_dataframe()
    assert info.value.code == "Q010" and "diplograph[notebook]" in str(info.value)


@pytest.mark.parametrize(
    "term",
    [
        ox.NamedNode("https://w3id.org/diplograph/id/leader/Q7747"),
        ox.Literal('a "quote", a back\\slash, a line\nbreak, \u2028, \x00, é, 🙂'),
        ox.Literal("Poutine", language="fr"),
        ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.BlankNode("b0"),
        ox.Triple(ox.NamedNode("http://a.example/s"), ox.NamedNode("http://a.example/p"), ox.Literal("o")),
    ],
)
def test_json_written_piece_by_piece_is_json_dumps_of_the_document(term: ox.NamedNode | ox.Literal) -> None:
    """to_json writes each distinct term once, as text; the document is the one json.dumps writes."""
    from graph.query import _json_term

    columns = ["x", 'y "quoted"', "z"]
    terms = [(term, None, term), (None, term, ox.NamedNode("http://a.example/other"))]
    expected = {
        "head": {"vars": columns},
        "results": {"bindings": [
            {column: _json_term(t) for column, t in zip(columns, row, strict=True) if t is not None} for row in terms
        ]},
    }
    assert QueryResult(columns=columns, terms=terms).to_json() == json.dumps(expected, ensure_ascii=False)
