"""Check the gazetteer's data and print one line per problem.

Usage::

    python scripts/check_gazetteer.py [EXTRA_DIR ...]

Checks the bundled gazetteer, plus each EXTRA_DIR of your own TSV files read on top of it
in the order given (as ``diplograph build --gazetteer DIR`` does). Exit status 0 when
there is no problem, 1 when there is any, 2 when the files cannot be read at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.errors import OntologyError
from graph.gazetteer import Gazetteer, check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "extra_dirs", nargs="*", type=Path, metavar="EXTRA_DIR", help="folder of your own gazetteer TSV files"
    )
    args = parser.parse_args(argv)
    try:
        gazetteer = Gazetteer.load(args.extra_dirs)
    except OntologyError as exc:
        print(exc, file=sys.stderr)
        return 2
    problems = check(gazetteer)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
