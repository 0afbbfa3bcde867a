"""Tests of graph.store's chunked writes: a graph larger than ``chunk_quads`` is written in
several transactions, hidden from every reader until it is complete.

The chunk size is lowered so the small fixture graphs take several chunks. Failures are
injected between chunks (an exception in the process, or the process ending there
without any clean-up), and each test checks what every reader sees: the named queries,
``stats``, ``count``, the named graphs, the content hashes and an export."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph.query import named_queries, run_query
from graph.store import PENDING_GRAPH, GraphStore, staging_graph_iri

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "data" / "mini.trig"
DGID = "https://w3id.org/diplograph/id/"
DOC_A = "101_5f1e0c9a7b3d2e41"
DOC_B = "102_a9c4e8f10b2d3c57"
GRAPH_A = f"{DGID}graph/doc/{DOC_A}"
GRAPH_B = f"{DGID}graph/doc/{DOC_B}"
CHUNK = 4  # quads per transaction in these tests: the fixture graphs take several


class Injected(OSError):
    """The failure injected between two chunks (an OSError, as a full disk would raise)."""


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    path = None if request.param == "memory" else tmp_path / "store"
    with GraphStore.open(path) as opened:
        opened.load(MINI)
        yield opened


def _content(store: GraphStore, graph_iri: str) -> set[tuple[Any, Any, Any]]:
    graph = ox.NamedNode(graph_iri)
    return {(q.subject, q.predicate, q.object) for q in store.quads() if q.graph_name == graph}


def _triples(store: GraphStore, graph_iri: str) -> list[ox.Triple]:
    return sorted((ox.Triple(*t) for t in _content(store, graph_iri)), key=str)


def _view(store: GraphStore) -> dict[str, Any]:
    """Everything a reader can learn from the store."""
    answers: dict[str, Any] = {}
    for name, query in sorted(named_queries().items()):
        try:
            answers[name] = sorted(map(repr, run_query(store, name=name).rows))
        except Exception as error:  # a query that needs parameters: its error is the answer
            answers[name] = type(error).__name__
        del query
    return {
        "queries": answers,
        "stats": store.stats(),
        "count": store.count(),
        "graphs": store.named_graphs(),
        "ids": store.readout_ids(),
        "hashes": {doc: store.content_hash(doc) for doc in (DOC_A, DOC_B)},
        "description": sorted(map(str, store.readout_description(DOC_A))),
        "quads": sorted(map(str, store.quads())),
        "everything": sorted(map(str, store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))),
        "graph_names": sorted(map(str, store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))),
    }


def _fail_at(store: GraphStore, method: str, n: int, check: Callable[[], None] | None = None) -> list[int]:
    """Make the ``n``-th call of ``store.<method>`` fail before it writes (after running
    ``check``, to look at the store in the middle of a write)."""
    calls = [0]
    original = getattr(store, method)

    def failing(*args: Any) -> None:
        calls[0] += 1
        if calls[0] == n:
            if check is not None:
                check()
            raise Injected("disk full")
        original(*args)

    setattr(store, method, failing)
    return calls


def _heal(store: GraphStore) -> None:
    for method in ("_write_chunk", "_update_chunk"):
        store.__dict__.pop(method, None)


def _union(store: GraphStore) -> set[tuple[Any, Any, Any]]:
    return {(q.subject, q.predicate, q.object) for q in store.quads()}


def _physical(store: GraphStore) -> int:
    return len(store._require())


def test_a_chunked_write_gives_the_graph_one_transaction_gives(store: GraphStore, tmp_path: Path) -> None:
    new_a = _triples(store, GRAPH_A)
    assert len(new_a) > 3 * CHUNK
    with GraphStore.open() as whole:
        whole.load(MINI)
        whole.remove_graph(GRAPH_A)
        whole.replace_graph(GRAPH_A, new_a)  # one transaction
        expected = sorted(map(str, whole.quads()))
    store.remove_graph(GRAPH_A)
    store.chunk_quads = CHUNK
    writes = _fail_at(store, "_write_chunk", 0)  # counts, never fails
    store.replace_graph(GRAPH_A, new_a)
    assert writes[0] == -(-len(new_a) // CHUNK)  # really written in chunks
    assert sorted(map(str, store.quads())) == expected
    assert _physical(store) == store.count()  # nothing left behind
    assert not store._require().contains_named_graph(ox.NamedNode(PENDING_GRAPH))


def test_a_chunked_rebuild_gives_the_graph_one_transaction_gives(store: GraphStore) -> None:
    old = _triples(store, GRAPH_A)
    changed = [t for t in old if "Mention" not in str(t)] + [
        ox.Triple(ox.NamedNode(f"{DGID}readout/{DOC_A}"), ox.NamedNode(f"{DGID}extra/{i}"), ox.Literal(str(i)))
        for i in range(3 * CHUNK)
    ]
    with GraphStore.open() as whole:
        whole.load(MINI)
        whole.replace_graph(GRAPH_A, changed)
        expected = sorted(map(str, whole.quads()))
    store.chunk_quads = CHUNK
    moves = _fail_at(store, "_update_chunk", 0)
    store.replace_graph(GRAPH_A, changed)
    assert moves[0] >= 2  # the old version cleared and the new one moved, in chunks
    assert sorted(map(str, store.quads())) == expected
    assert _physical(store) == store.count()
    assert store.named_graphs() == sorted({*store.named_graphs()} - {staging_graph_iri(GRAPH_A)})


def test_blank_nodes_stay_one_node_across_chunks(store: GraphStore) -> None:
    shared = ox.BlankNode("b")
    p = ox.NamedNode(f"{DGID}p")
    triples = [ox.Triple(shared, p, ox.Literal(str(i))) for i in range(3 * CHUNK)]
    store.chunk_quads = CHUNK
    store.replace_graph(f"{DGID}graph/blanks", triples)
    subjects = {s for s, _, _ in _content(store, f"{DGID}graph/blanks")}
    assert len(subjects) == 1 and isinstance(next(iter(subjects)), ox.BlankNode)


def test_a_new_graph_that_fails_between_chunks_is_invisible_and_the_next_write_completes_it(
    store: GraphStore,
) -> None:
    content_b = _triples(store, GRAPH_B)
    store.remove_graph(GRAPH_B)
    before = _view(store)
    store.chunk_quads = CHUNK
    seen_midway: list[dict[str, Any]] = []
    _fail_at(store, "_write_chunk", 3, check=lambda: seen_midway.append(_view(store)))
    with pytest.raises(Exception, match="disk full"):
        store.replace_graph(GRAPH_B, content_b)
    assert seen_midway == [before]  # while it was written: nothing of it
    assert _physical(store) > store.count()  # two chunks are there, hidden
    assert _view(store) == before  # and after the failure
    assert not store.has_readout(DOC_B, "0" * 64) and store.content_hash(DOC_B) is None
    assert not store.has_graph(GRAPH_B) and not store.has_graph(PENDING_GRAPH)

    _heal(store)
    store.replace_graph(GRAPH_B, content_b)
    assert _content(store, GRAPH_B) == {(t.subject, t.predicate, t.object) for t in content_b}
    assert _physical(store) == store.count()


def test_a_rebuild_that_fails_between_chunks_keeps_the_old_version_and_the_next_write_completes_it(
    store: GraphStore,
) -> None:
    before = _view(store)
    old = _content(store, GRAPH_A)
    new = [ox.Triple(*t) for t in sorted(old, key=str)[: len(old) // 2]] + [
        ox.Triple(ox.NamedNode(f"{DGID}readout/{DOC_A}"), ox.NamedNode(f"{DGID}extra/{i}"), ox.Literal(str(i)))
        for i in range(3 * CHUNK)
    ]
    store.chunk_quads = CHUNK
    seen_midway: list[dict[str, Any]] = []
    _fail_at(store, "_write_chunk", 3, check=lambda: seen_midway.append(_view(store)))
    with pytest.raises(Exception, match="disk full"):
        store.replace_graph(GRAPH_A, new)
    assert seen_midway == [before]
    assert _view(store) == before  # the staging graph: invisible to every reader
    assert _content(store, GRAPH_A) == old
    assert not store.has_graph(staging_graph_iri(GRAPH_A))

    _heal(store)
    store.replace_graph(GRAPH_A, new)
    assert _content(store, GRAPH_A) == {(t.subject, t.predicate, t.object) for t in new}
    assert _physical(store) == store.count()


def test_a_rebuild_that_fails_after_the_first_switch_shows_the_old_version_whole_until_the_next_write(
    store: GraphStore,
) -> None:
    before = _view(store)
    old = _content(store, GRAPH_A)
    new = [ox.Triple(*t) for t in sorted(old, key=str) if "Mention" not in str(t)]
    with GraphStore.open() as whole:
        whole.load(MINI)
        whole.replace_graph(GRAPH_A, new)
        after = _view(whole)
    assert after["queries"] != before["queries"]
    store.chunk_quads = CHUNK
    chunks = -(-len(new) // CHUNK) + -(-len(old) // CHUNK)  # the new version, then the old one's copy
    _fail_at(store, "_write_chunk", chunks + 2)  # while the new version is copied in place
    with pytest.raises(Exception, match="disk full"):
        store.replace_graph(GRAPH_A, new)
    seen = _view(store)
    # the old version, whole: only the name of its graph shows the rebuild under way
    named = ("graphs", "graph_names", "quads")
    assert {k: v for k, v in seen.items() if k not in named} == {k: v for k, v in before.items() if k not in named}
    assert staging_graph_iri(GRAPH_A, old=True) in seen["graphs"] and GRAPH_A not in seen["graphs"]
    assert staging_graph_iri(GRAPH_A) not in seen["graphs"]  # the new version: hidden
    _heal(store)
    store.add_to_graph(f"{DGID}graph/entities", [])  # any write finishes the rebuild
    assert _view(store) == after
    assert _physical(store) == store.count()


def test_every_step_of_a_chunked_rebuild_shows_the_old_version_or_the_new_one(store: GraphStore) -> None:
    before = _view(store)
    old = _content(store, GRAPH_A)
    new = [ox.Triple(*t) for t in sorted(old, key=str) if "Mention" not in str(t)]
    with GraphStore.open() as whole:
        whole.load(MINI)
        whole.replace_graph(GRAPH_A, new)
        after = _view(whole)
    named = ("graphs", "graph_names", "quads")

    def same(view: dict[str, Any], other: dict[str, Any]) -> bool:
        return {k: v for k, v in view.items() if k not in named} == {k: v for k, v in other.items() if k not in named}

    seen: list[str] = []

    def look() -> None:
        view = _view(store)
        seen.append("old" if same(view, before) else "new" if same(view, after) else "MIXED")

    store.chunk_quads = 3 * CHUNK  # fewer steps to look at, still several of each kind
    for method in ("_write_chunk", "_update_chunk"):
        original = getattr(store, method)

        def watched(arg: Any, original: Any = original) -> None:
            look()
            original(arg)
            look()

        setattr(store, method, watched)
    store.replace_graph(GRAPH_A, new)
    look()
    assert "MIXED" not in seen and seen[0] == "old" and seen[-1] == "new"
    assert seen == sorted(seen, key=("old", "new").index)  # once new, never old again
    assert _view(store) == after


_CRASH = textwrap.dedent(
    """
    import os, sys
    import pyoxigraph as ox
    from graph.store import GraphStore
    path, graph, chunk, crash_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    store = GraphStore.open(path)
    store.chunk_quads = chunk
    triples = [ox.Triple(ox.NamedNode(graph + "/s"), ox.NamedNode(graph + "/p"), ox.Literal(str(i)))
               for i in range(10 * chunk)]
    calls = 0
    write = store._write_chunk
    def crashing(quads):
        global calls
        calls += 1
        if calls == crash_at:
            store._require().flush()
            os._exit(9)  # the process ends here: no clean-up, no exception handler
        write(quads)
    store._write_chunk = crashing
    store.replace_graph(graph, triples)
    """
)


def test_a_process_that_dies_between_chunks_leaves_nothing_visible_and_the_next_write_completes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store"
    with GraphStore.open(path) as opened:
        opened.load(MINI)
        before = _view(opened)
        old_a = _content(opened, GRAPH_A)
    new_graph = f"{DGID}graph/doc/999_crash"
    for graph in (new_graph, GRAPH_A):  # a new graph, then a rebuild
        done = subprocess.run(
            [sys.executable, "-c", _CRASH, str(path), graph, str(CHUNK), "4"],
            cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
        )
        assert done.returncode == 9, done.stderr
        with GraphStore.open(path, read_only=True) as reader:
            assert _view(reader) == before
            assert _content(reader, GRAPH_A) == old_a
            assert len(reader._require()) > reader.count()  # three chunks, hidden
    with GraphStore.open(path) as writer:
        writer.chunk_quads = CHUNK
        writer.finish_pending()
        assert _view(writer) == before and len(writer._require()) == writer.count()
        triples = [ox.Triple(ox.NamedNode(new_graph + "/s"), ox.NamedNode(new_graph + "/p"), ox.Literal(str(i)))
                   for i in range(10 * CHUNK)]
        writer.replace_graph(new_graph, triples)
        assert len(_content(writer, new_graph)) == 10 * CHUNK
        assert writer.count() == before["count"] + 10 * CHUNK == len(writer._require())


def test_export_leaves_a_hidden_graph_out(store: GraphStore, tmp_path: Path) -> None:
    content_b = _triples(store, GRAPH_B)
    store.remove_graph(GRAPH_B)
    clean = tmp_path / "clean.nq"
    store.export(clean, "nquads")
    store.chunk_quads = CHUNK
    _fail_at(store, "_write_chunk", 3)
    with pytest.raises(Exception, match="disk full"):
        store.replace_graph(GRAPH_B, content_b)
    for fmt in ("nquads", "trig", "turtle"):
        out = tmp_path / f"hidden.{fmt}"
        store.export(out, fmt)
        with GraphStore.open() as reread:
            reread.load(out, fmt)
            held = {(q.subject, q.predicate, q.object) for q in reread.quads()}
            assert not held & {(t.subject, t.predicate, t.object) for t in content_b} - _union(store), fmt
    assert clean.read_bytes() == (tmp_path / "hidden.nquads").read_bytes()


# --------------------------------------------------------------------------- the build


def _doc_graphs(store: GraphStore) -> dict[str, set[tuple[Any, Any, Any]]]:
    return {g: _content(store, g) for g in store.named_graphs() if g.startswith(f"{DGID}graph/doc/")}


@pytest.mark.slow
def test_a_build_cut_short_between_chunks_is_invisible_and_the_next_build_completes_it(tmp_path: Path) -> None:
    from graph.errors import StoreError
    from graph.pipeline import build_graph
    from graph.records import PartialDate
    from graph.resources import samples_dir

    samples = sorted(samples_dir().glob("*.txt"))[:2]
    with GraphStore.open(tmp_path / "whole") as whole:  # one transaction a graph
        assert build_graph(samples, whole).built == 2
        expected, expected_count = _doc_graphs(whole), whole.count()
        assert build_graph(samples, whole, date=PartialDate(2001, 1, 1), force=True).built == 2
        redated = _doc_graphs(whole)
    assert redated != expected
    with GraphStore.open(tmp_path / "chunked") as store:
        store.chunk_quads = 50
        sizes = sorted(len(g) for g in expected.values())
        assert sizes[0] > 3 * 50  # each readout's graph takes several chunks
        assert build_graph(samples[:1], store).built == 1
        first = _view(store)
        _fail_at(store, "_write_chunk", 3)
        with pytest.raises(StoreError, match="disk full"):
            build_graph(samples, store)  # the second readout: cut short
        assert _view(store) == first
        _heal(store)
        report = build_graph(samples, store)
        assert (report.built, report.unchanged) == (1, 1)
        assert _doc_graphs(store) == expected and store.count() == expected_count == len(store._require())

        # a rebuild (another date) cut short: the old versions stay, whole
        before = _view(store)
        _fail_at(store, "_write_chunk", 5)
        with pytest.raises(StoreError, match="disk full"):
            build_graph(samples, store, date=PartialDate(2001, 1, 1), force=True)
        assert _view(store) == before and _doc_graphs(store) == expected
        _heal(store)
        assert build_graph(samples, store, date=PartialDate(2001, 1, 1), force=True).built == 2
        assert _doc_graphs(store) == redated and store.count() == len(store._require())
