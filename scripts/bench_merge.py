"""Time and memory of ``diplograph viz`` as one call gets more and more reports.

Usage::

    python scripts/bench_merge.py [--sizes 10,100,400] [--old REV] [--old-sizes 10,100]

For each size N, a store holds one call reported by N readouts (the Élysée readout of
the Macron-Putin call of 9 February 2018 and N - 1 press copies of a report quoting it,
merged into one event: see :mod:`graph.eval.merge_scale`). Each view is drawn in a
fresh process, as ``diplograph viz`` draws it (the store opened read-only, the default
options, the page written), and the table gives that process's wall time, its peak
resident set size, its CPU time (user + system: steadier than the wall time on a busy
machine) and the number of rows the ``viz-*`` queries returned.

``--old REV`` draws the same stores a second time with the ``viz-*`` queries of the
git revision REV (read with ``git show``), for a before/after comparison. Old queries
may grow much faster than the new ones, so they run only at ``--old-sizes`` and are
stopped after ``--cpu-limit`` seconds of CPU time.

The target is linear growth, and at most 3 s and 500 MiB at 400 reports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 3.0
TARGET_MIB = 500.0


# ------------------------------------------------------------------------ child side


class _CountedSolutions:
    """Solutions passed through as they are read, counted."""

    def __init__(self, result: Any, count: Callable[[], None]) -> None:
        self.variables = getattr(result, "variables", [])
        self._result = result
        self._count = count

    def __iter__(self) -> Iterator[Any]:
        for solution in self._result:
            self._count()
            yield solution


class _CountingStore:
    """A store that counts the rows its queries return and can swap the query texts."""

    def __init__(self, store: Any, replacements: Mapping[str, str]) -> None:
        self._store = store
        self._replacements = replacements
        self.rows = 0

    def _one(self) -> None:
        self.rows += 1

    def query(self, sparql: str, /, **options: Any) -> Any:
        name = _query_name(sparql)
        text = self._replacements.get(name, sparql) if name else sparql
        return _CountedSolutions(self._store.query(text, **options), self._one)

    def __getattr__(self, name: str) -> Any:
        # the rest of the Store protocol (has_graph, …) is the store's own
        return getattr(self._store, name)


def _query_name(sparql: str) -> str | None:
    for line in sparql.splitlines():
        if line.startswith("# name:"):
            return line.split(":", 1)[1].strip()
    return None


def _draw(store_dir: Path, out: Path, queries: Path | None, cpu_limit: int | None) -> dict[str, Any]:
    """Draw the view of a store as ``diplograph viz`` does; rows counted."""
    if cpu_limit is not None:
        # SIGXCPU at the soft limit; the hard limit (SIGKILL) only if that is ignored
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit + 10))
    from graph.store import GraphStore
    from graph.viz import write_html

    replacements = {}
    if queries is not None:
        replacements = {path.stem: path.read_text(encoding="utf-8") for path in sorted(queries.glob("*.rq"))}
    start = time.perf_counter()
    with GraphStore.open(store_dir, read_only=True) as store:
        counting = _CountingStore(store, replacements)
        write_html(counting, out)
    return {"rows": counting.rows, "seconds": time.perf_counter() - start}


# ----------------------------------------------------------------------- parent side


@dataclass
class Run:
    reports: int
    variant: str
    wall: float
    cpu: float
    peak_mib: float
    rows: int | None
    error: str | None = None


def _measure(store_dir: Path, queries: Path | None, cpu_limit: int | None, variant: str, reports: int) -> Run:
    """Draw in a fresh process; its own resource usage is read with wait4.

    The parent stays small (the stores are built in processes of their own) and sets
    no ``preexec_fn``, so the child is not a fork of a large process: its peak RSS is
    its own.
    """
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [sys.executable, __file__, "--child", str(store_dir), str(Path(tmp) / "graph.html"), str(report)]
        if queries is not None:
            command += ["--queries", str(queries)]
        if cpu_limit is not None:
            command += ["--cpu-limit", str(cpu_limit)]
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stderr = child.stderr
        errors = stderr.read().decode("utf-8", "replace") if stderr is not None else ""
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        peak_mib = usage.ru_maxrss / 1024  # KiB on Linux
        cpu = usage.ru_utime + usage.ru_stime
        if child.returncode != 0:
            if child.returncode == -signal.SIGXCPU:
                why = f"stopped after {cpu_limit} s of CPU"
            else:
                lines = errors.strip().splitlines()
                why = f"failed ({child.returncode}): {lines[-1] if lines else 'no message'}"
            return Run(reports, variant, wall, cpu, peak_mib, None, why)
        figures = json.loads(report.read_text(encoding="utf-8"))
        return Run(reports, variant, wall, cpu, peak_mib, int(figures["rows"]))


def _old_queries(rev: str, folder: Path) -> Path:
    """The ``viz-*`` queries of ``rev``, written to ``folder``."""
    names = subprocess.run(
        ["git", "-C", str(REPO), "ls-tree", "--name-only", f"{rev}:graph/queries"],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    for name in names:
        if name.startswith("viz-") and name.endswith(".rq"):
            text = subprocess.run(
                ["git", "-C", str(REPO), "show", f"{rev}:graph/queries/{name}"],
                check=True, capture_output=True, text=True,
            ).stdout
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build(reports: int, folder: Path) -> Path:
    """Store one call reported by ``reports`` readouts in ``folder/store``."""
    from graph.eval.merge_scale import build_replicated, write_press_jsonl
    from graph.store import GraphStore

    jsonl = folder / "press.jsonl"
    write_press_jsonl(jsonl, reports)
    with GraphStore.open(folder / "store") as store:
        build_replicated(jsonl, store)
    return folder / "store"


def _table(runs: list[Run]) -> str:
    header = f"{'reports':>7}  {'queries':<8}  {'wall s':>8}  {'CPU s':>8}  {'peak RSS MiB':>12}  {'viz rows':>10}"
    lines = [header, "-" * len(header)]
    for run in runs:
        rows = f"{run.rows:,}" if run.rows is not None else "-"
        line = (
            f"{run.reports:>7}  {run.variant:<8}  {run.wall:>8.2f}  {run.cpu:>8.2f}  {run.peak_mib:>12.0f}  {rows:>10}"
        )
        lines.append(line + (f"  {run.error}" if run.error else ""))
    return "\n".join(lines)


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10,100,400", help="numbers of reports of the call (default 10,100,400)")
    parser.add_argument("--old", metavar="REV", help="also draw with the viz-* queries of this git revision")
    parser.add_argument("--old-sizes", default="10,100", help="sizes drawn with the old queries (default 10,100)")
    parser.add_argument("--cpu-limit", type=int, default=120, help="CPU seconds an old draw may take (default 120)")
    parser.add_argument("--child", nargs=3, metavar=("STORE", "HTML", "REPORT"), help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=2, metavar=("REPORTS", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        store_dir, html, report = (Path(p) for p in args.child)
        figures = _draw(store_dir, html, args.queries, args.cpu_limit if args.queries else None)
        report.write_text(json.dumps(figures), encoding="utf-8")
        return 0
    if args.build:
        _build(int(args.build[0]), Path(args.build[1]))
        return 0

    sizes = _sizes(args.sizes)
    old_sizes = set(_sizes(args.old_sizes)) if args.old else set()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp:
        old = _old_queries(args.old, Path(tmp)) if args.old else None
        for reports in sizes:
            print(f"building one call reported by {reports} readouts…", file=sys.stderr, flush=True)
            folder = Path(tmp) / f"r{reports}"
            folder.mkdir()
            # built in a process of its own, so this one never loads the language model
            subprocess.run([sys.executable, __file__, "--build", str(reports), str(folder)], check=True)
            store_dir = folder / "store"
            runs.append(_measure(store_dir, None, None, "new", reports))
            if old is not None and reports in old_sizes:
                runs.append(_measure(store_dir, old, args.cpu_limit, "old", reports))
    old_note = f"; old: the viz-* queries of {args.old}" if args.old else ""
    print(f"diplograph viz, one call reported by N readouts, each drawn in a fresh process{old_note}")
    print(_table(runs))
    new = [run for run in runs if run.variant == "new" and run.error is None]
    if new:
        largest = max(new, key=lambda run: run.reports)
        ok = largest.wall <= TARGET_SECONDS and largest.peak_mib <= TARGET_MIB
        print(
            f"target at {largest.reports} reports: <= {TARGET_SECONDS:g} s and <= {TARGET_MIB:g} MiB: "
            f"{'met' if ok else 'missed'} "
            f"({largest.wall:.2f} s wall, {largest.cpu:.2f} s CPU, {largest.peak_mib:.0f} MiB)"
        )
    return 0 if all(run.error is None for run in runs if run.variant == "new") else 1


if __name__ == "__main__":
    sys.exit(main())
