"""A user's broken query gets a coded message with its line and column, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.errors import QueryError
from graph.query import run_query
from graph.sparql_text import find_problem, position, syntax_problem
from graph.store import PREFIXES, GraphStore

MINI = Path(__file__).parent / "data" / "mini.trig"
DGID = "https://w3id.org/diplograph/id/"


@pytest.fixture(scope="module")
def store() -> GraphStore:
    s = GraphStore.open()
    s.load(MINI)
    return s


# (query, line, column, words the message must hold)
BROKEN = [
    ("BASE <http://example.org/>\nSELECT * FROM <x> WHERE { ?s ?p ?o }", None, None, "FROM <http://example.org/x>"),
    ("SELECT * FROM <x> WHERE { ?s ?p ?o }", 1, 15, "relative IRI"),
    ("SELECT * FROM NAMED <rel> WHERE { GRAPH ?g { ?s ?p ?o } }", 1, 21, "relative IRI"),
    ("SELECT * WHERE {\n  <x> ?p ?o\n}", 2, 3, "no BASE"),
    ("BASE <x> SELECT * WHERE { <y> ?p ?o }", 1, 6, "not an absolute IRI"),
    ("PREFIX ex: <rel> SELECT * WHERE { ?s ex:p ?o }", 1, 12, "relative IRI"),
    ('SELECT * WHERE { ?s ?p "caf\\q" }', 1, 28, "escape \\q"),
    ('SELECT * WHERE { ?s ?p "\\u12G4" }', 1, 25, "escape \\u"),
    ("SELECT * WHERE {\n ?s ?p 'open\n}", 2, 8, "not closed on its line"),
    ('SELECT * WHERE { ?s ?p """open }', 1, 24, "not closed before the end"),
    ("SELECT * WHERE { ?s foo:bar ?o }", 1, 21, "prefix 'foo:' is not declared"),
    ("SELECT * WHERE { ?s <http://example.org/a b> ?o }", 1, 21, "holds a space"),
    ('SELECT * WHERE { ?s ?p "\ud800" }', 1, 25, "lone surrogate"),
    ("SELECT * WHERE { ?s ?p ?o } GROUP BY ?s", 1, 41, "SELECT * is not authorized with GROUP BY"),
    ("SELECT ?x\nWHERE {\n  ?x ?y\n}", 3, None, "line 3"),
    ("", 1, 1, "the query is empty"),
    ("# only a comment\n", 1, 1, "the query is empty"),
]


@pytest.mark.parametrize(("sparql", "line", "column", "words"), BROKEN)
def test_a_broken_query_is_a_coded_error_with_its_position(
    store: GraphStore, sparql: str, line: int | None, column: int | None, words: str
) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, sparql)
    message = str(info.value)
    assert info.value.code in ("Q002", "Q003"), message
    assert words in message, message
    if line is not None and column is not None:
        assert f"line {line}, column {column}:" in message, message


def test_a_relative_from_under_base_is_resolved_and_checked_against_the_store(store: GraphStore) -> None:
    # the graph exists: under BASE, a relative FROM names it and the query runs
    sparql = f"BASE <{DGID}graph/> SELECT (COUNT(*) AS ?n) FROM <entities> WHERE {{ ?s ?p ?o }}"
    n = run_query(store, sparql).rows[0]["n"]
    whole = run_query(store, f"SELECT (COUNT(*) AS ?n) FROM <{DGID}graph/entities> WHERE {{ ?s ?p ?o }}")
    assert n == whole.rows[0]["n"] and n > 0


def test_valid_queries_with_comparisons_and_strings_are_not_flagged() -> None:
    # '<' as less-than, IRIs and prefixes inside strings and comments are not tokens
    for sparql in (
        "SELECT * WHERE { ?s ?p ?o FILTER(?o<3 && ?o>1) }",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o <?p) }",
        'SELECT * WHERE { ?s ?p "foo:bar <x> \\"still a string" } # bad:prefix <rel>',
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p ?o ; dg:q 'it''s' }",
        "BASE <http://example.org/> SELECT * WHERE { <x> ?p ?o }",
        "SELECT * WHERE { ?s ?p '''multi\nline''' }",
    ):
        assert find_problem(sparql, PREFIXES) is None, sparql


def test_the_first_problem_in_the_text_is_reported() -> None:
    problem = find_problem('SELECT * WHERE {\n ?s foo:p "a\\q" .\n ?s bar:q ?o }', PREFIXES)
    assert problem is not None
    assert (problem.line, problem.column) == (2, 5) and "foo:" in problem.problem


def test_a_parser_message_is_kept_when_the_lexer_finds_nothing() -> None:
    problem = syntax_problem(
        "SELECT * WHERE { ?s ?p ?o } LIMIT",
        known_prefixes={},
        parser_message="error at 1:33: expected one of OFFSET, ['0'..='9']",
    )
    assert (problem.line, problem.column) == (1, 34)
    assert problem.problem == "expected OFFSET"


def test_position_counts_lines_and_columns_from_one() -> None:
    text = "ab\ncd\n"
    assert [position(text, i) for i in (0, 1, 3, 4, 6)] == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1)]


@pytest.mark.parametrize(
    "sparql",
    [
        "BASE <http://example.org/> SELECT * FROM <x> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s foo:bar ?o }",
        "SELECT * FROM <x> WHERE { ?s ?p ?o }",
    ],
)
def test_the_cli_prints_one_coded_line_not_a_traceback(tmp_path: Path, sparql: str) -> None:
    store = tmp_path / "store"
    with GraphStore.open(store) as st:
        st.load(MINI)
    result = subprocess.run(
        [sys.executable, "-m", "graph.cli", "query", sparql, "--store", str(store)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "[Q00" in result.stderr + result.stdout
