"""Benchmark a build of N copies of the sample corpus against the bare spaCy parse.

Usage::

    python scripts/bench.py N [--n-process P] [--batch-size B]

Prints wall time, readouts/s and tokens/s of the bare parse and of the build, the
ratio of the two, the time of each build stage, peak memory and the store's size.
Exit status 0 whatever the figures (this measures, it does not judge); 2 when the
benchmark cannot run.
"""

from __future__ import annotations

import argparse
import sys

from graph.errors import DiplographError
from graph.eval import run_benchmark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("copies", type=int, metavar="N", help="copies of the five sample readouts to build")
    parser.add_argument("--n-process", type=int, default=1, help="spaCy worker processes (default: 1)")
    parser.add_argument("--batch-size", type=int, default=16, help="readouts per batch (default: 16)")
    args = parser.parse_args(argv)
    try:
        result = run_benchmark(args.copies, n_process=args.n_process, batch_size=args.batch_size)
    except DiplographError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(result.to_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
