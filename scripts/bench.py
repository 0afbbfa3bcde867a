"""Benchmark a build against the bare spaCy parse: ``diplograph bench`` under another name.

Usage::

    python scripts/bench.py [N] [--n-process P] [--batch-size B]

Kept so existing commands go on working; the options and exit statuses are those of
``diplograph bench --help``.
"""

from __future__ import annotations

import sys

from graph.cli import app

if __name__ == "__main__":
    sys.exit(app(["bench", *sys.argv[1:]], prog_name="diplograph"))
