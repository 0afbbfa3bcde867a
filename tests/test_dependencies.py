"""The declared dependencies are the ones the code uses, and the extras hold what their
users need."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return match.group(0).lower().replace("-", "_")


def test_every_runtime_dependency_is_used_by_the_package() -> None:
    """A dependency nothing imports (or, for a spaCy model, no language pack loads by name)
    is dead weight for every install."""
    files = [*(REPO / "graph").rglob("*.py"), *(REPO / "graph" / "lang").glob("*/pack.toml")]
    source = "\n".join(p.read_text(encoding="utf-8") for p in files)
    unused = [
        requirement for requirement in PROJECT["dependencies"]
        if not re.search(rf"(import|from)\s+{_name(requirement)}\b|[\"']{_name(requirement)}[\"']", source)
    ]
    assert not unused, f"declared but never used: {unused}"


def test_the_notebook_extra_opens_the_notebooks_and_makes_dataframes() -> None:
    extra = {_name(r) for r in PROJECT["optional-dependencies"]["notebook"]}
    assert "pandas" in extra, "QueryResult.to_dataframe() needs pandas"
    assert extra & {"jupyterlab", "notebook"}, "a Jupyter front end to open the notebooks"
    assert "ipykernel" in extra


def test_the_dev_extra_holds_what_the_tests_import() -> None:
    extra = {_name(r) for r in PROJECT["optional-dependencies"]["dev"]}
    assert {"pytest", "hypothesis", "pandas", "nbclient", "nbformat", "ipykernel", "selenium", "sparqlwrapper"} <= extra
