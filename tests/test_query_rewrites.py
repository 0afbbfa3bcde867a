"""The named queries rewritten for speed give the answers of their plain versions.

``tests/data/queries-before/`` holds the texts these queries had before they were
rewritten (sub-SELECTs joined by hashing, labels looked up once per node, sort keys
made by the query). The plain texts are the specification: each rewritten query must
give the same rows, as many times each, in the same order of its sort columns, with
every parameter, on three stores: the five bundled samples, the dev readouts, and one
call reported by 30 readouts merged into one event. The old texts run on the same
store in the same test, so nothing here is a frozen answer that could go stale.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.query import QueryResult, named_queries, run_query
from graph.store import GraphStore

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
BEFORE = REPO / "tests" / "data" / "queries-before"
REWRITTEN = sorted(path.stem for path in BEFORE.glob("*.rq"))


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    from graph.pipeline import build_graph

    store = GraphStore.open(tmp_path_factory.mktemp("dev") / "store")
    report = build_graph([REPO / "tests" / "data" / "dev" / "readouts"], store)
    assert report.built >= 10, report.errors
    yield store
    store.close()


@pytest.fixture(scope="module")
def merged_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    from graph.eval.merge_scale import write_press_jsonl
    from graph.pipeline import build_graph

    tmp = tmp_path_factory.mktemp("merged")
    write_press_jsonl(tmp / "press.jsonl", 30)
    store = GraphStore.open(tmp / "store")
    report = build_graph([tmp / "press.jsonl"], store)
    assert report.built == 30, report.errors
    yield store
    store.close()


def _values(store: GraphStore, sparql: str) -> list[Any]:
    result = run_query(store, sparql)
    return [row[result.columns[0]] for row in result.rows]


def _param_cases(store: GraphStore, name: str) -> list[dict[str, Any]]:
    """No parameter, then values taken from the store (and one that matches nothing)."""
    docs = _values(
        store, "SELECT DISTINCT ?doc WHERE { GRAPH ?g { ?r a dg:Readout ; dcterms:identifier ?doc } } ORDER BY ?doc"
    )
    qids = _values(store, "SELECT DISTINCT ?q WHERE { ?p dg:speaker ?s . ?s dg:wikidataId ?q } ORDER BY ?q")
    names = _values(
        store,
        "SELECT DISTINCT ?l WHERE { ?p dg:speaker ?s . ?s rdfs:label ?l } ORDER BY ?l",
    )
    values = {
        "doc": [*docs[:2], docs[-1], "no-such-doc"],
        "speakerWikidata": [*qids[:2], "Q0"],
        "leader": [*names[:2], *(q.lower() for q in qids[:1]), "nobody at all"],
    }
    declared = named_queries()[name].param_names
    return [{}] + [{param: value} for param in declared for value in values.get(param, [])]


def _rows(result: QueryResult) -> list[tuple[str | None, ...]]:
    return [tuple(None if term is None else str(term) for term in row) for row in result.terms]


def _sort_columns(sparql: str, columns: list[str]) -> list[int]:
    """The positions, in ``columns``, of the variables the query orders by."""
    order = re.findall(r"^ORDER BY (.*)$", sparql, re.MULTILINE)[-1]
    names = re.findall(r"\?(\w+)", order)
    return [columns.index(n) for n in names if n in columns]


@pytest.mark.parametrize("name", REWRITTEN)
@pytest.mark.parametrize("fixture", ["sample_store", "dev_store", "merged_store"])
def test_a_rewritten_query_answers_as_its_plain_version(
    request: pytest.FixtureRequest, fixture: str, name: str
) -> None:
    store: GraphStore = request.getfixturevalue(fixture)
    before = (BEFORE / f"{name}.rq").read_text(encoding="utf-8")
    assert before != named_queries()[name].sparql, "the plain text is kept for comparison, not shipped"
    answered = 0
    for params in _param_cases(store, name):
        old = run_query(store, before, params=params)
        new = run_query(store, name=name, params=params)
        assert new.columns == old.columns, (name, params)
        old_rows, new_rows = _rows(old), _rows(new)
        assert Counter(new_rows) == Counter(old_rows), (name, params)
        keys = _sort_columns(before, old.columns)
        assert keys, name
        assert [[r[k] for k in keys] for r in new_rows] == [[r[k] for k in keys] for r in old_rows], (name, params)
        answered += len(new_rows)
    assert answered, f"{name} answered nothing on {fixture}: the comparison would prove nothing"
