"""Fuzzing query parameters: a value is bound, never written into the query, so no
string can change what a query means. Binding a value gives exactly the rows of the
unbound query whose column holds that value, as computed here in Python, and a bad
value is a coded QueryError, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from graph.errors import QueryError
from graph.query import ParamValue, run_query
from graph.store import ENTITIES_GRAPH, GraphStore

MINI = Path(__file__).parent / "data" / "mini.trig"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    with GraphStore.open() as st_:
        st_.load(MINI)
        yield st_


def _values(store: GraphStore, name: str, column: str) -> list[str]:
    return sorted({str(row[column]) for row in run_query(store, name=name).rows if row[column] is not None})


# Fragments that would change a query written by string formatting.
_INJECTIONS = [
    '"', "'", '\\"', "\\", "{", "}", "} UNION { ?s ?p ?o }", '" } UNION { ?s ?p ?o } #', "\n", "\r\n", "#",
    '"""', "'''", "<", ">", "<https://w3id.org/diplograph/id/readout/x>", "?doc", "$doc", " . ", ";", "@en",
    "^^<http://www.w3.org/2001/XMLSchema#string>", "\x00", "\u2028", "\ud800", "\udfff",
]


def _values_like(real: list[str]) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(_INJECTIONS), st.sampled_from(real), st.text(max_size=6))
    return st.one_of(
        st.sampled_from(real),  # matches rows
        st.text(),  # any unicode, lone surrogates included
        st.lists(pieces, min_size=1, max_size=5).map("".join),
        st.builds(lambda v, tail: f"<{v}{tail}>", st.sampled_from(real), st.sampled_from(["", ">", " ", "\n", '"'])),
        st.builds(lambda v: f'{v}" }} UNION {{ ?s ?p ?o }} #', st.sampled_from(real)),
    )


def _trusted_rows(store: GraphStore, name: str, column: str, value: ParamValue) -> list[tuple[str, ...]]:
    """The unbound query's rows whose ``column`` holds ``value``, compared in Python."""
    full = run_query(store, name=name)
    at = full.columns.index(column)
    wanted = _expected_term(value)
    return sorted(
        tuple("" if t is None else str(t) for t in row) for row in full.terms if row[at] == wanted
    )


def _expected_term(value: ParamValue) -> ox.NamedNode | ox.Literal | None:
    if isinstance(value, str) and len(value) > 2 and value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if isinstance(value, str):
        return ox.Literal(value)
    return ox.Literal(value)  # type: ignore[arg-type]


def _bound_rows(store: GraphStore, name: str, column: str, value: ParamValue) -> list[tuple[str, ...]] | str:
    """The bound query's rows, or the code of the QueryError it raised."""
    try:
        result = run_query(store, name=name, params={column: value})
    except QueryError as error:
        return error.code
    return sorted(tuple("" if t is None else str(t) for t in row) for row in result.terms)


def _check(store: GraphStore, name: str, column: str, value: ParamValue) -> None:
    got = _bound_rows(store, name, column, value)
    try:
        expected: Any = _trusted_rows(store, name, column, value)
    except (ValueError, TypeError):
        # No term can be made of the value (an IRI that is not one, text that is not
        # Unicode): a coded error, and the one the documentation gives.
        assert isinstance(got, str), got
        is_iri = isinstance(value, str) and len(value) > 2 and value.startswith("<") and value.endswith(">")
        assert got == ("Q008" if is_iri else "Q014"), (value, got)
        return
    assert got == expected, value


# (named query, parameter): each parameter here is also a column of the query's rows,
# so binding it must keep exactly the rows holding the value.
_FILTERS = [("events", "doc"), ("mentions", "doc"), ("topics", "doc"), ("positions", "doc"),
            ("positions", "speakerWikidata"), ("merge-candidates", "participant"), ("merge-candidates", "other")]


@pytest.mark.parametrize(("name", "column"), _FILTERS)
def test_a_bound_parameter_keeps_exactly_the_rows_holding_it(store: GraphStore, name: str, column: str) -> None:
    real = _values(store, name, column)
    assert real, f"{name} has no {column} to bind in the test data"
    as_params = [f"<{v}>" if v.startswith("https://") else v for v in real]

    @given(_values_like(as_params))
    @example(as_params[0])
    @example(f'{as_params[0]}" }} UNION {{ ?s ?p ?o }} #')
    @example("\ud800")
    def run(value: str) -> None:
        if (name, column, value) == ("positions", "speakerWikidata", ""):
            return  # the query compares COALESCE(?speakerWikidata, ""): "" is "no QID"
        _check(store, name, column, value)

    run()
    for value in as_params:  # every real value does keep some rows: the check can fail
        assert _bound_rows(store, name, column, value) == _trusted_rows(store, name, column, value) != []


@given(st.one_of(st.integers(), st.floats(), st.booleans()))
@example(float("nan"))
@example(10**40)
def test_numbers_and_booleans_are_typed_literals(store: GraphStore, value: int | float | bool) -> None:
    _check(store, "events", "doc", value)


@given(st.text(), st.lists(st.text(max_size=20), max_size=4))
@example('a" } UNION { ?s ?p ?o } #', ["a"])
@example("x", ["x\n", '"x"', "x"])
def test_an_ad_hoc_query_matches_only_the_literal_bound(label: str, others: list[str]) -> None:
    """Labels stored as fuzzed text, then bound as a parameter: exactly the subjects whose
    label is that text come back."""
    values = [v for v in [label, *others] if _literal_ok(v)]
    with GraphStore.open() as store:
        store.add_to_graph(
            ENTITIES_GRAPH,
            [(ox.NamedNode(f"https://example.org/s{i}"), RDFS_LABEL, ox.Literal(v)) for i, v in enumerate(values)]
            + [(ox.NamedNode("https://example.org/lang"), RDFS_LABEL, ox.Literal(v, language="en")) for v in values],
        )
        query = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s"
        try:
            result = run_query(store, query, params={"label": label})
        except QueryError as error:
            assert not _literal_ok(label) and error.code == "Q014", error
            return
        expected = sorted(f"https://example.org/s{i}" for i, v in enumerate(values) if v == label)
        assert sorted(row["s"] for row in result.rows) == expected
        assert all(row["label"] == label for row in result.rows)


def _literal_ok(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@given(st.text(), st.sampled_from(["doc", "?doc", "$doc", "nope", "?", ""]))
def test_an_undeclared_parameter_is_q005(store: GraphStore, value: str, key: str) -> None:
    try:
        run_query(store, name="events", params={key: value})
    except QueryError as error:
        assert error.code in {"Q005", "Q008", "Q014"}, error
        assert (error.code == "Q005") == (key.lstrip("?$") != "doc")
