"""The examples in the package's docstrings run and show what they print.

Every module of ``graph`` whose source holds an example (``>>>``) is imported and its
doctests run here, under the suite's warning filters. Modules without one are not
imported: doctest could find nothing in them, and the fast run need not load spaCy for
them. A slow test imports every module to check that the scan misses no example.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "graph"
OPTIONS = doctest.ELLIPSIS


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


ALL_MODULES = [_module_name(p) for p in sorted(PACKAGE.rglob("*.py"))]
WITH_EXAMPLES = [_module_name(p) for p in sorted(PACKAGE.rglob("*.py")) if ">>>" in p.read_text(encoding="utf-8")]


def _run(module_name: str) -> tuple[int, int, str]:
    """(examples tried, examples failed, the failure report) for one module."""
    module = importlib.import_module(module_name)
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=report.append)
    return runner.tries, runner.failures, "".join(report)


def test_the_scan_finds_the_modules_with_examples() -> None:
    assert {"graph.query", "graph.vocab", "graph.records", "graph.store_base"} <= set(WITH_EXAMPLES)


@pytest.mark.parametrize("module_name", WITH_EXAMPLES)
def test_module_examples_run(module_name: str) -> None:
    tried, failed, report = _run(module_name)
    assert tried > 0, f"{module_name} shows '>>>' where doctest finds no example"
    assert failed == 0, report


@pytest.mark.slow
def test_no_module_hides_an_example_from_the_scan() -> None:
    hidden = []
    for name in sorted(set(ALL_MODULES) - set(WITH_EXAMPLES)):
        module = importlib.import_module(name)
        if any(test.examples for test in doctest.DocTestFinder().find(module)):
            hidden.append(name)
    assert not hidden
