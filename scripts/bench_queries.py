"""How fast the named queries are, against the plain texts they replaced and the bare engine.

Usage::

    python scripts/bench_queries.py [--store DIR | --triples 1000000] [--demo DIR]
                                    [--rounds 3] [--runs 7] [--old-rev 347e1f0]

Three tables, figures rather than pass or fail (the targets are printed beside them):

1. each rewritten named query on the large store, the current text against the text
   of ``--old-rev`` (``git show REV:graph/queries/NAME.rq``; ``tests/data/queries-before``
   without git), both run by pyoxigraph on the same store in the same run, interleaved,
   ``--rounds`` rounds: min and median seconds, and how many times faster;
2. :func:`graph.query.run_query` against pyoxigraph running the same text on the same
   store (the cost of the safety check and of collecting the rows);
3. ``diplograph query --name events --format json`` on the demo store against a bare
   ``python -c`` process that opens the store with pyoxigraph and writes the same
   query's SPARQL JSON: ``--runs`` runs of each, interleaved.

``--store`` is a store made by ``scripts/make_big_store.py``; without it one of
``--triples`` quads is made in a temporary folder. ``--demo`` is the store of
``diplograph demo``; without it the demo is built in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402

from graph.store import PREFIXES  # noqa: E402

#: name -> how many times faster the current text should be than the old one
TARGETS = {"positions": 4.0, "leader-timeline": 4.0, "mentions": 4.0, "cooccurrence": 4.0, "events": 4.0}
RUN_QUERY_TARGET = 1.15
CLI_TARGET = 2.0

T = TypeVar("T")

_BARE = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
result = store.query(open(sys.argv[2], encoding="utf-8").read(), use_default_graph_as_union=True)
sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.JSON))
"""


def old_text(name: str, rev: str) -> str:
    """The text of a named query at git revision ``rev`` (or as kept for the tests)."""
    try:
        return subprocess.run(
            ["git", "show", f"{rev}:graph/queries/{name}.rq"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return (REPO / "tests" / "data" / "queries-before" / f"{name}.rq").read_text(encoding="utf-8")


def _raw(store: ox.Store, sparql: str) -> int:
    result = store.query(sparql, use_default_graph_as_union=True, prefixes=dict(PREFIXES))
    if isinstance(result, ox.QueryBoolean):
        return 1
    return sum(1 for _ in result)


def _timed(run: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    start = time.perf_counter()
    out = run(*args, **kwargs)
    return time.perf_counter() - start, out


def _line(label: str, a: list[float], b: list[float], target: str) -> str:
    ratio_min = min(b) / min(a) if min(a) else float("inf")
    ratio_med = statistics.median(b) / statistics.median(a) if statistics.median(a) else float("inf")
    return (
        f"{label:<18} {min(a):8.3f} {statistics.median(a):8.3f} {min(b):8.3f} {statistics.median(b):8.3f}"
        f" {ratio_min:7.2f}x {ratio_med:7.2f}x   {target}"
    )


def bench_texts(store_dir: Path, rounds: int, rev: str) -> None:
    store = ox.Store.read_only(str(store_dir))
    names = list(TARGETS)
    texts = {name: (old_text(name, rev), (REPO / "graph" / "queries" / f"{name}.rq").read_text("utf-8"))
             for name in names}
    new: dict[str, list[float]] = {n: [] for n in names}
    old: dict[str, list[float]] = {n: [] for n in names}
    rows: dict[str, tuple[int, int]] = {}
    for _ in range(rounds):
        for name in names:
            before, after = texts[name]
            seconds_old, rows_old = _timed(_raw, store, before)
            seconds_new, rows_new = _timed(_raw, store, after)
            old[name].append(seconds_old)
            new[name].append(seconds_new)
            rows[name] = (rows_old, rows_new)
    print(f"\n1. named queries on {len(store)} quads, current text vs {rev} ({rounds} rounds, seconds)")
    print(f"{'query':<18} {'new min':>8} {'new med':>8} {'old min':>8} {'old med':>8} {'faster':>8} {'(med)':>8}"
          "   target")
    for name in names:
        met = "met" if min(old[name]) / min(new[name]) >= TARGETS[name] else "NOT met"
        same = "" if rows[name][0] == rows[name][1] else f"  ROWS DIFFER {rows[name]}"
        print(_line(name, new[name], old[name], f">= {TARGETS[name]:.0f}x: {met}; {rows[name][1]} rows{same}"))


def bench_run_query(store_dir: Path, rounds: int) -> None:
    from graph.query import run_query
    from graph.store import GraphStore

    store = GraphStore.open(store_dir, read_only=True)
    raw = ox.Store.read_only(str(store_dir))
    names = list(TARGETS)
    ours: dict[str, list[float]] = {n: [] for n in names}
    bare: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(rounds):
        for name in names:
            text = (REPO / "graph" / "queries" / f"{name}.rq").read_text("utf-8")
            bare[name].append(_timed(_raw, raw, text)[0])
            ours[name].append(_timed(run_query, store, name=name)[0])
    print(f"\n2. run_query vs pyoxigraph on the same text ({rounds} rounds, seconds)")
    print(f"{'query':<18} {'ox min':>8} {'ox med':>8} {'run min':>8} {'run med':>8} {'ratio':>8} {'(med)':>8}"
          "   target")
    for name in names:
        met = "met" if min(ours[name]) / min(bare[name]) <= RUN_QUERY_TARGET else "NOT met"
        print(_line(name, bare[name], ours[name], f"<= {RUN_QUERY_TARGET}x: {met}"))


def bench_cli(demo_store: Path, runs: int) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    diplograph = Path(sys.executable).with_name("diplograph")
    ours_cmd: Sequence[str] = (
        [str(diplograph)] if diplograph.exists() else [sys.executable, "-m", "graph.cli"]
    ) + ["query", "--name", "events", "--format", "json", "--store", str(demo_store)]
    text = REPO / "graph" / "queries" / "events.rq"
    bare_cmd = [sys.executable, "-c", _BARE, str(demo_store), str(text)]
    # the package's modules compiled, as an installed wheel has them (an editable
    # install has not, and PYTHONDONTWRITEBYTECODE keeps each run from writing them)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "graph")], check=True)
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        for cmd, times in ((ours_cmd, ours), (bare_cmd, bare)):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, check=True)
            times.append(time.perf_counter() - start)
    ratio = min(ours) / min(bare)
    print(f"\n3. diplograph query --name events --format json vs a bare pyoxigraph process ({runs} runs each)")
    print(f"{'':<18} {'min':>8} {'median':>8}")
    print(f"{'diplograph':<18} {min(ours):8.3f} {statistics.median(ours):8.3f}")
    print(f"{'bare pyoxigraph':<18} {min(bare):8.3f} {statistics.median(bare):8.3f}")
    met = "met" if ratio <= CLI_TARGET else "NOT met"
    print(f"ratio {ratio:.2f}x (median {statistics.median(ours) / statistics.median(bare):.2f}x); "
          f"target <= {CLI_TARGET:.0f}x: {met}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store made by scripts/make_big_store.py")
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the store to make without --store")
    parser.add_argument("--demo", type=Path, help="the store of 'diplograph demo' (built when not given)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--old-rev", default="347e1f0", help="the revision of the old query texts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "big"
            subprocess.run([sys.executable, str(REPO / "scripts" / "make_big_store.py"), "--triples",
                            str(args.triples), "--out", str(store)], check=True)
        demo = args.demo
        if demo is None:
            env = dict(os.environ, PYTHONPATH=str(REPO))
            subprocess.run([sys.executable, "-m", "graph.cli", "demo", "--out", str(Path(tmp) / "demo")],
                           check=True, env=env, stdout=subprocess.DEVNULL)
            demo = Path(tmp) / "demo" / "store"
        bench_texts(store, args.rounds, args.old_rev)
        bench_run_query(store, args.rounds)
        bench_cli(demo, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
