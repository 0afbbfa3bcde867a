"""Every notebook under notebooks/ runs from top to bottom, and shows what it promises.

The notebooks are executed with nbclient in a real ``python3`` kernel, from the
notebooks folder, as a reader would run them. nbclient, nbformat and ipykernel are
imported inside the tests so that a missing one fails these tests (rather than
skipping them, or breaking the collection of runs that deselect them).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
KERNEL = "python3"
TIMEOUT = 300


def _execute(path: Path) -> Any:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # allow_errors=False: the first failing cell raises CellExecutionError with its traceback.
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    )
    client.execute()
    return nb


def _output_text(cell: Any) -> str:
    """Everything a code cell showed: printed text, plain and HTML representations."""
    parts: list[str] = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        for mime in ("text/plain", "text/html"):
            if mime in data:
                parts.append(data[mime])
    return "\n".join(parts)


def _cell(nb: Any, cell_id: str) -> Any:
    found = [c for c in nb.cells if c.get("id") == cell_id]
    assert found, f"no cell with id {cell_id!r}; ids: {[c.get('id') for c in nb.cells]}"
    return found[0]


@pytest.fixture(scope="module")
def executed() -> dict[Path, Any]:
    """Executed notebooks by path, so each runs once per test module."""
    return {}


def _executed(cache: dict[Path, Any], path: Path) -> Any:
    if path not in cache:
        cache[path] = _execute(path)
    return cache[path]


@pytest.fixture(scope="module")
def first_notebook(executed: dict[Path, Any]) -> Any:
    path = NOTEBOOKS_DIR / "01_build_and_query.ipynb"
    assert path.is_file(), f"missing {path}"
    return _executed(executed, path)


def test_notebook_tools_are_installed() -> None:
    import ipykernel  # noqa: F401
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401
    from jupyter_client.kernelspec import KernelSpecManager

    assert KERNEL in KernelSpecManager().find_kernel_specs()


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, f"no notebooks found in {NOTEBOOKS_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_clean(path: Path) -> None:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL
    dirty = [c.get("id") for c in nb.cells if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells committed with outputs: {dirty}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_without_errors(executed: dict[Path, Any], path: Path) -> None:
    nb = _executed(executed, path)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells, f"{path.name} has no code cells"
    errors = [o for c in code_cells for o in c.outputs if o.get("output_type") == "error"]
    assert not errors, errors
    # warnings are errors in the tests; in a notebook they show up on stderr
    warned = [
        (c.get("id"), o.get("text", ""))
        for c in code_cells
        for o in c.outputs
        if o.get("output_type") == "stream" and o.get("name") == "stderr" and "Warning" in o.get("text", "")
    ]
    assert not warned, warned
    assert all(c.execution_count for c in code_cells), "some code cells did not run"


def test_first_notebook_builds_all_samples(first_notebook: Any) -> None:
    from graph.resources import samples_dir

    expected = len(list(samples_dir().glob("*.txt")))
    assert f"{expected} readouts built" in _output_text(_cell(first_notebook, "build"))


def test_first_notebook_stats_count_triples(first_notebook: Any) -> None:
    text = _output_text(_cell(first_notebook, "stats"))
    counts = {name: int(value) for name, value in re.findall(r"^(\w+)\s+(\d+)\s*$", text, re.MULTILINE)}
    assert counts.get("triples", 0) > 0, text
    assert counts.get("documents", 0) > 0, text


def test_first_notebook_events_show_phone_calls(first_notebook: Any) -> None:
    text = _output_text(_cell(first_notebook, "events"))
    assert "PhoneCall" in text
    assert "Empty DataFrame" not in text


@pytest.mark.parametrize("cell_id", ["positions", "mentions", "putin-said", "network", "centrality"])
def test_first_notebook_tables_are_not_empty(first_notebook: Any, cell_id: str) -> None:
    text = _output_text(_cell(first_notebook, cell_id))
    assert text.strip(), f"cell {cell_id!r} showed nothing"
    assert "Empty DataFrame" not in text


def test_first_notebook_bound_query_finds_putins_partners(first_notebook: Any) -> None:
    text = _output_text(_cell(first_notebook, "adhoc"))
    assert "Empty DataFrame" not in text
    # the bound parameter is selected, so it shows on every row
    assert "Q7747" in text
    # sample 004 reports a Macron-Putin call
    assert "Emmanuel Macron" in text


def test_first_notebook_draws_the_graph_inline(first_notebook: Any) -> None:
    cell = _cell(first_notebook, "viz")
    text = _output_text(cell)
    match = re.search(r"(\d+) nodes, (\d+) edges", text)
    assert match and int(match.group(1)) > 0 and int(match.group(2)) > 0, text
    html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
    assert "<iframe srcdoc=" in html
    # the page travels inside the attribute, escaped, and links nothing
    assert "&lt;script" in html
    assert 'src="http' not in html and "src=&quot;http" not in html


@pytest.fixture(scope="module")
def endpoint_notebook(executed: dict[Path, Any]) -> Any:
    path = NOTEBOOKS_DIR / "05_sparql_endpoint.ipynb"
    assert path.is_file(), f"missing {path}"
    return _executed(executed, path)


def test_endpoint_notebook_reads_the_served_answer_into_pandas(endpoint_notebook: Any) -> None:
    served = _output_text(_cell(endpoint_notebook, "serve"))
    assert "serving" in served and "http://127.0.0.1:" in served
    leaders = _output_text(_cell(endpoint_notebook, "leaders"))
    assert "Emmanuel Macron" in leaders and "Vladimir Putin" in leaders


def test_endpoint_notebook_runs_a_named_query_by_its_url(endpoint_notebook: Any) -> None:
    positions = _output_text(_cell(endpoint_notebook, "named"))
    assert "speaker" in positions and "quote" in positions
    acts = _output_text(_cell(endpoint_notebook, "acts"))
    assert "positions" in acts


def test_endpoint_notebook_stops_the_server(endpoint_notebook: Any) -> None:
    assert "stopped" in _output_text(_cell(endpoint_notebook, "stop"))
