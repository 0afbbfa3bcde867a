"""Score a built graph against gold annotations and print the report.

Usage::

    python scripts/evaluate.py GOLD_DIR [--store out/store | --json-dir DIR] [--json] [--doc ID]

``--json-dir`` reads ``events.json``, ``positions.json`` and ``mentions.json`` as
written by ``diplograph query --name NAME --format json``, so graphs built by other
tools can be scored too. Exit status 0 whatever the figures (this measures, it does
not judge); 2 when the gold or the system results cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.errors import DiplographError
from graph.eval import evaluate, rows_from_json, rows_from_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_dir", type=Path, metavar="GOLD_DIR", help="folder of gold *.json files")
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--store", type=Path, default=Path("out/store"),
        help="store built by 'diplograph build' (default: out/store)",
    )
    source.add_argument(
        "--json-dir", type=Path, help="folder with events.json, positions.json, mentions.json"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--doc", action="append", metavar="ID", help="score only this document (repeatable)"
    )
    args = parser.parse_args(argv)
    try:
        rows = rows_from_json(args.json_dir) if args.json_dir else rows_from_store(args.store)
        report = evaluate(args.gold_dir, rows, docs=args.doc)
    except DiplographError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(report.to_json() + "\n" if args.json else report.to_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
