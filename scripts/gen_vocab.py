"""Regenerate graph/vocab.py from the ontology (ontology/*.ttl).

Usage:
    python scripts/gen_vocab.py           write graph/vocab.py
    python scripts/gen_vocab.py --check   exit 1 when graph/vocab.py is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.vocab_gen import render_vocab_module

TARGET = Path(__file__).resolve().parent.parent / "graph" / "vocab.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only check that the file is up to date"
    )
    args = parser.parse_args()
    text = render_vocab_module()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if args.check:
        if current != text:
            print(
                f"{TARGET} is out of date: run python scripts/gen_vocab.py",
                file=sys.stderr,
            )
            return 1
        return 0
    if current != text:
        tmp = TARGET.with_suffix(".py.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(TARGET)
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
