"""Score a built graph against gold annotations: ``diplograph evaluate`` under another name.

Usage::

    python scripts/evaluate.py [GOLD_DIR] [--store out/store | --json-dir DIR] [--json] [--doc ID]

Kept so existing commands go on working; the options and exit statuses are those of
``diplograph evaluate --help``.
"""

from __future__ import annotations

import sys

from graph.cli import app

if __name__ == "__main__":
    sys.exit(app(["evaluate", *sys.argv[1:]], prog_name="diplograph"))
