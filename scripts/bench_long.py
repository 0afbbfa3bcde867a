"""Build one very long readout: refused at the default limit, built once the limit is raised.

Usage::

    python scripts/bench_long.py [--chars N]

The readout (3,000,000 characters by default) is the sample paragraphs repeated
(:func:`graph.eval.longdoc.long_readout`), written to a temporary file. Each run is a
fresh Python process, so its memory is its own:

1. ``build`` with the default limit: the readout is refused (``I014``); prints the time
   to the refusal;
2. ``build --max-chars`` above its length: prints the wall time, the peak resident set
   size and the quads stored;
3. the bare spaCy model (as shipped, without diplograph's components) over the same
   pieces the build parses, keeping no ``Doc``: the floor the build is compared with;
4. with ``--rebuild``, ``build --force`` into the store of step 2: the readout's new
   version replaces the stored one (a staging graph, a copy of the old version, two
   small switches; see :meth:`graph.store.GraphStore.replace_graph`).

Peak RSS is ``ru_maxrss`` of the child process (``RUSAGE_CHILDREN`` here, measured once
each child has ended, and the child's own figure for the bare parse, which follows a
larger run).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_MIB = 1024  # ru_maxrss is in KiB on Linux


def _child_build(path: Path, store_dir: Path, max_chars: int | None, force: bool = False) -> dict[str, Any]:
    from graph.errors import DiplographError
    from graph.pipeline import build_graph
    from graph.store import GraphStore

    refused_at: list[float] = []
    errors: list[str] = []

    def on_error(err: DiplographError) -> None:
        refused_at.append(time.perf_counter())
        errors.append(str(err))

    with GraphStore.open(store_dir) as store:
        t0 = time.perf_counter()
        report = build_graph([path], store, max_chars=max_chars, on_error=on_error, force=force)
        seconds = time.perf_counter() - t0
        quads = store.stats()["triples"]
    return {
        "seconds": seconds,
        "to_refusal": (refused_at[0] - t0) if refused_at else None,
        "built": report.built,
        "errors": errors,
        "quads": quads,
        "tokens": report.tokens,
    }


def _child_bare(path: Path) -> dict[str, Any]:
    from graph.extract import PIECE_CHARS, chunk_text
    from graph.ingest import read_text_file
    from graph.nlp import load_bare

    readout = read_text_file(path)
    nlp = load_bare()
    pieces = chunk_text(readout.text, PIECE_CHARS)
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(pieces, batch_size=1))
    return {"seconds": time.perf_counter() - t0, "pieces": len(pieces), "tokens": tokens}


def _run_child(*args: str) -> tuple[dict[str, Any], float]:
    """Run this script as a child; its JSON result and its wall time, imports included."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the child run {args[0]} failed with status {done.returncode}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result, wall


def _children_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / _MIB


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--chars", type=int, default=3_000_000, help="Length of the readout in characters.")
    parser.add_argument("--rebuild", action="store_true", help="Then rebuild the readout (build --force).")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)

    if opts.child:
        mode, *rest = opts.child
        if mode == "build":
            limit = int(rest[2]) if rest[2] != "default" else None
            result = _child_build(Path(rest[0]), Path(rest[1]), limit, force=rest[3:] == ["force"])
        else:
            result = _child_bare(Path(rest[0]))
        result["self_peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / _MIB
        print(json.dumps(result))
        return 0

    from graph.eval.longdoc import long_readout
    from graph.ingest import DEFAULT_MAX_CHARS

    with tempfile.TemporaryDirectory(prefix="bench-long-") as tmp:
        path = Path(tmp) / "long.txt"
        text = long_readout(opts.chars)
        path.write_text(text, encoding="utf-8")
        print(f"readout: {len(text):,} characters ({path.stat().st_size:,} bytes), "
              f"default limit {DEFAULT_MAX_CHARS:,}")

        refused, wall = _run_child("build", str(path), str(Path(tmp) / "store-a"), "default")
        if refused["to_refusal"] is None:
            print(f"(a) default limit: not refused (shorter than the limit), built {refused['built']} "
                  f"in {refused['seconds']:.1f} s")
        else:
            print(f"(a) default limit: built {refused['built']}, refused {refused['to_refusal']:.3f} s "
                  f"after the build started ({wall:.1f} s for the whole process, imports included)")
        for line in refused["errors"]:
            print(f"    {line}")

        raised, wall = _run_child("build", str(path), str(Path(tmp) / "store-b"), str(len(text) + 1))
        peak = _children_peak_mib()
        print(f"(b) --max-chars {len(text) + 1:,}: built {raised['built']} in {raised['seconds']:.1f} s "
              f"({wall:.1f} s for the process), peak RSS {peak:,.0f} MiB, {raised['quads']:,} quads stored, "
              f"{raised['tokens']:,} words")
        for line in raised["errors"]:
            print(f"    {line}")

        bare, wall = _run_child("bare", str(path))
        print(f"(c) bare spaCy over the same {bare['pieces']} pieces: {bare['seconds']:.1f} s, "
              f"{bare['tokens']:,} tokens, peak RSS {bare['self_peak_mib']:,.0f} MiB")
        if bare["seconds"] > 0:
            print(f"    build / bare parse: {raised['seconds'] / bare['seconds']:.2f}x time, "
                  f"{peak / bare['self_peak_mib']:.2f}x peak memory")

        if opts.rebuild:
            again, wall = _run_child("build", str(path), str(Path(tmp) / "store-b"), str(len(text) + 1), "force")
            print(f"(d) rebuild (--force) into the store of (b): built {again['built']} in {again['seconds']:.1f} s "
                  f"({wall:.1f} s for the process), peak RSS {again['self_peak_mib']:,.0f} MiB, "
                  f"{again['quads']:,} quads stored")
            for line in again["errors"]:
                print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
