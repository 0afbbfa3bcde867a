"""The benchmark scripts run end to end on a small store (their figures are not checked:
they measure, the tests do not judge speed)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"


def _run(*args: str, timeout: float = 600) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _make(out: Path) -> Path:
    _run(str(SCRIPTS / "make_big_store.py"), "--triples", "20000", "--out", str(out))
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield _make(tmp_path_factory.mktemp("big") / "store")


def test_make_big_store_replicates_the_readouts_with_new_ids(small: Path, tmp_path: Path) -> None:
    store = ox.Store.read_only(str(small))
    assert 20_000 <= len(store) < 40_000
    ids = [s["doc"].value for s in store.query(
        "SELECT DISTINCT ?doc WHERE { GRAPH ?g { ?r a <https://w3id.org/diplograph/ontology#Readout> ;"
        " <http://purl.org/dc/terms/identifier> ?doc } }", use_default_graph_as_union=True)]
    copies = [doc for doc in ids if "-x" in doc]
    assert copies and len(set(ids)) == len(ids)
    # the same arguments give the same store (but for the labels of the ontology's blank
    # nodes, which every build draws afresh)
    again = ox.Store.read_only(str(_make(tmp_path / "again")))
    assert len(again) == len(store)
    assert _named(again) == _named(store)


def _named(store: ox.Store) -> set[ox.Quad]:
    return {q for q in store if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}


def test_bench_queries_runs(small: Path) -> None:
    out = _run(str(SCRIPTS / "bench_queries.py"), "--store", str(small), "--demo", str(small),
               "--rounds", "1", "--runs", "2")
    assert "1. named queries" in out and "2. run_query" in out and "3. diplograph query" in out
    assert "ROWS DIFFER" not in out


def test_bench_serve_runs(small: Path) -> None:
    out = _run(str(SCRIPTS / "bench_serve.py"), "--store", str(small), "--seconds", "2", "--clients", "2",
               "--timeout", "2")
    assert "the same from both" in out
    assert "throughput ratio" in out and "answered 503" in out


def test_gen_corpus_is_varied_deterministic_and_builds(tmp_path: Path) -> None:
    import json

    from graph.ingest import read_inputs
    from graph.pipeline import build_graph
    from graph.store import GraphStore

    first, again, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    for path, seed in ((first, "7"), (again, "7"), (other, "8")):
        _run(str(SCRIPTS / "gen_corpus.py"), "300", "--out", str(path), "--seed", seed)
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 300 and len({r["id"] for r in records}) == 300
    assert len({r["date"] for r in records}) > 200 and len({r["source"] for r in records}) > 5
    assert len({r["text"].split(" a reçu ")[0].split(" s'est entretenu")[0] for r in records}) > 100
    assert " à le " not in first.read_text(encoding="utf-8")
    assert [r.id for r in read_inputs([first])] == [r["id"] for r in records]
    small_corpus = tmp_path / "small.jsonl"
    small_corpus.write_text("\n".join(first.read_text(encoding="utf-8").splitlines()[:8]) + "\n", encoding="utf-8")
    with GraphStore.open() as store:
        report = build_graph([small_corpus], store)
    assert report.built == 8 and not report.errors and not report.warnings
