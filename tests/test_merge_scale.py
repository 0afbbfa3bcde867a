"""Queries stay linear when many readouts report one event.

A merged event's statements are repeated in the named graph of every readout that
reports it, and queries read the union of the graphs, where each copy is a solution of
its own. Every named query must give each answer once, however many graphs repeat it.

The corpus (:mod:`graph.eval.merge_scale`) is the Élysée readout of a call and press
copies of a report quoting it. It is built twice: 30 readouts through the real build,
merge step included, and 400 readouts from three parsed ones, replicated; a test
checks that the replicated graphs are those the build stores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph.analytics import call_network, to_networkx
from graph.eval.merge_scale import SEED_ID, build_replicated, press_id, write_press_jsonl
from graph.query import named_queries, run_query
from graph.store import GraphStore
from graph.viz import to_view

pytestmark = pytest.mark.slow

DGID = "https://w3id.org/diplograph/id/"
MACRON = f"{DGID}leader/Q3052772"
PUTIN = f"{DGID}leader/Q7747"
CALL = f"{DGID}event/{SEED_ID}/e1"  # the seed's main event, which every copy reuses
REAL, REPLICATED = 30, 400

# The values a parameter is given where the query needs one to answer anything.
PARAMS: dict[str, dict[str, Any]] = {
    "merge-candidates": {"participant": ox.NamedNode(MACRON), "other": ox.NamedNode(PUTIN)},
}


def _store(tmp: Path, reports: int, *, real: bool) -> Iterator[GraphStore]:
    jsonl = tmp / "press.jsonl"
    write_press_jsonl(jsonl, reports)
    store = GraphStore.open()
    if real:
        from graph.pipeline import build_graph

        report = build_graph([jsonl], store)
        assert report.ok and report.built == reports, report.errors
        assert report.merged >= reports - 1
    else:
        assert build_replicated(jsonl, store) == reports
    yield store
    store.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """30 readouts of one call, through the real build."""
    yield from _store(tmp_path_factory.mktemp("built"), REAL, real=True)


@pytest.fixture(scope="module")
def replicated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """400 readouts of one call, replicated from three parsed ones."""
    yield from _store(tmp_path_factory.mktemp("replicated"), REPLICATED, real=False)


@pytest.fixture(scope="module")
def replicated_small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The real build's corpus, replicated, to compare with it."""
    yield from _store(tmp_path_factory.mktemp("replicated-small"), REAL, real=False)


def _ids(reports: int) -> list[str]:
    return [SEED_ID, *(press_id(k) for k in range(1, reports))]


def _answers(store: GraphStore, name: str) -> list[tuple[str | None, ...]]:
    """The rows of a named query, read lazily; stops at the first repeated row, so a
    query that multiplies copies fails fast instead of filling the memory."""
    query = named_queries()[name]
    result = store.query(query.sparql, bindings=PARAMS.get(name))
    assert isinstance(result, ox.QuerySolutions)
    variables = list(result.variables)
    seen: set[tuple[str | None, ...]] = set()
    rows: list[tuple[str | None, ...]] = []
    for solution in result:
        row = tuple(None if solution[v] is None else str(solution[v]) for v in variables)
        assert row not in seen, f"{name}: row {len(rows) + 1} repeats an earlier one ({len(seen)} distinct so far)"
        seen.add(row)
        rows.append(row)
    return rows


def _doc_graph_quads(store: GraphStore) -> set[ox.Quad]:
    return {
        q
        for q in store.quads()
        if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.endswith("/graph/ontology")
    }


# -- the corpus ------------------------------------------------------------------------


@pytest.mark.parametrize("fixture, reports", [("built", REAL), ("replicated", REPLICATED)])
def test_every_report_is_merged_into_one_event(request: pytest.FixtureRequest, fixture: str, reports: int) -> None:
    store: GraphStore = request.getfixturevalue(fixture)
    assert store.readout_ids() == sorted(_ids(reports))
    rows = {row["event"]: row for row in run_query(store, name="sources").rows}
    call = rows[CALL]
    assert int(call["sources"]) == reports
    assert call["reportedBy"] == ";".join(sorted(_ids(reports)))
    assert call["docs"] == ";".join(sorted(_ids(reports)))


def test_the_replicated_graphs_are_those_the_build_stores(built: GraphStore, replicated_small: GraphStore) -> None:
    assert _doc_graph_quads(replicated_small) == _doc_graph_quads(built)


# -- one answer once -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(named_queries()))
@pytest.mark.parametrize("fixture", ["built", "replicated"])
def test_a_named_query_gives_each_answer_once(request: pytest.FixtureRequest, fixture: str, name: str) -> None:
    rows = _answers(request.getfixturevalue(fixture), name)
    assert rows or name == "cooccurrence", f"{name} answers nothing"


def _about_the_call_and_entities(rows: list[tuple[str | None, ...]]) -> list[tuple[str | None, ...]]:
    # events a readout alone reports, its positions and its mentions are its own
    own = ("/event/", "/position/", "/readout/", "/mention/")
    return sorted((r for r in rows if r[0] == f"<{CALL}>" or not any(part in str(r[0]) for part in own)), key=str)


def test_answers_about_the_call_do_not_grow_with_its_reports(built: GraphStore, replicated: GraphStore) -> None:
    # what is said of the call, the leaders and the topics is the same with 30 or 400 reports
    for name in ("viz-events", "viz-entities", "viz-topics", "viz-labels"):
        small = _about_the_call_and_entities(_answers(built, name))
        assert small, name
        assert small == _about_the_call_and_entities(_answers(replicated, name)), name


def test_the_call_gives_one_row_per_class_status_and_date(replicated: GraphStore) -> None:
    # the expected rows, read off the quads: every combination of what the sources state
    dg, sem = "https://w3id.org/diplograph/ontology#", "http://semanticweb.cs.vu.nl/2009/11/sem/"
    stated: dict[str, set[str]] = {"class": set(), "status": set(), "date": set(), "dateText": set()}
    wanted = {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "class",
        dg + "status": "status",
        sem + "hasTimeStamp": "date",
        dg + "dateText": "dateText",
    }
    for quad in replicated.quads():
        if quad.subject == ox.NamedNode(CALL) and quad.predicate.value in wanted:
            key = wanted[quad.predicate.value]
            value = quad.object.value
            stated[key].add(value.rsplit("/", 1)[-1] if key == "status" else value)
    expected = {
        (c, s, d, t)
        for c in stated["class"]
        for s in stated["status"]
        for d in stated["date"] or {None}
        for t in stated["dateText"] or {None}
    }
    rows = [r for r in run_query(replicated, name="viz-events").rows if r["event"] == CALL]
    got = [(r["class"], r["status"], r["date"], r["dateText"]) for r in rows]
    assert len(got) == len(set(got)) == len(expected)
    assert {(str(c), str(s), d and str(d), t and str(t)) for c, s, d, t in got} == expected


def test_rows_per_document_are_the_same_for_every_copy(replicated: GraphStore) -> None:
    for name in ("events", "positions", "mentions", "topics", "leader-timeline"):
        result = run_query(replicated, name=name)
        per_doc = Counter(str(row["doc"]) for row in result.rows)
        copies = {per_doc[press_id(k)] for k in range(1, REPLICATED)}
        assert len(copies) == 1 and copies != {0}, (name, copies)


def test_counts_count_things_not_copies(built: GraphStore, replicated: GraphStore) -> None:
    doc = press_id(5)
    for name, count in (("mentions", "count"), ("topics", "positions")):
        small = {(r["doc"], r.get("label"), r.get("topic")): r[count] for r in run_query(built, name=name).rows}
        large = {(r["doc"], r.get("label"), r.get("topic")): r[count] for r in run_query(replicated, name=name).rows}
        mine = {key: value for key, value in small.items() if key[0] == doc}
        assert mine and mine == {key: value for key, value in large.items() if key[0] == doc}, name


def test_the_call_lists_its_reports_once(replicated: GraphStore) -> None:
    calls = [r for r in run_query(replicated, name="calls").rows if r["event"] == CALL]
    assert len(calls) == 1
    assert calls[0]["docs"] == ";".join(sorted(_ids(REPLICATED)))
    assert {calls[0]["leaderA"], calls[0]["leaderB"]} == {"Emmanuel Macron", "Vladimir Putin"}
    assert ";" not in str(calls[0]["initiator"] or "")


def test_the_projections_see_one_call(replicated: GraphStore) -> None:
    kg = to_networkx(replicated)
    reported_by = {s for s, _, r in kg.in_edges(CALL, keys=True) if r == "reports"}
    assert len(reported_by) == REPLICATED
    calls = call_network(kg)
    assert calls.has_edge(MACRON, PUTIN)
    assert CALL in calls.edges[MACRON, PUTIN]["events"]
    assert calls.edges[MACRON, PUTIN]["events"].count(CALL) == 1
    view = to_view(kg)
    assert sum(1 for node in view["nodes"] if node["id"] == CALL) == 1


@pytest.mark.parametrize("fixture", ["built", "replicated"])
def test_each_evidence_selector_points_into_one_text(request: pytest.FixtureRequest, fixture: str) -> None:
    store: GraphStore = request.getfixturevalue(fixture)
    rows = run_query(
        store,
        """SELECT ?ev (COUNT(DISTINCT ?start) AS ?starts) (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
             ?thing dg:evidence ?ev . ?ev oa:start ?start ; dg:inReadout ?doc
           } GROUP BY ?ev HAVING (COUNT(DISTINCT ?doc) > 1 || COUNT(DISTINCT ?start) > 1)""",
    ).rows
    assert rows == []


def test_the_merge_benchmark_runs_and_prints_its_figures() -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "bench_merge.py"
    out = subprocess.run(
        [sys.executable, str(script), "--sizes", "3"], capture_output=True, text=True, timeout=600, check=False
    )
    assert out.returncode == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if line.split()[:2] == ["3", "new"])
    assert "failed" not in row, row
    assert int(row.split()[-1].replace(",", "")) > 0
