"""The package reads like the pipeline: heavy libraries stay in their stage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "graph"

# library -> the modules allowed to import it
ALLOWED = {
    "spacy": {"nlp.py", "extract"},
    "pyvis": {"viz/render.py"},
    "pyshacl": {"shapes.py"},
    # The Oxigraph backend lives in store.py; store_base.py names pyoxigraph's term and
    # result types for the type checker only; query.py binds parameters as pyoxigraph
    # terms and reads its results; analytics.py also reads a bare pyoxigraph.Store.
    # terms and results are the server's too, where a result becomes the bytes of an answer;
    # store_remote.py, the second backend, reads a SPARQL server's answers into them.
    "pyoxigraph": {"store.py", "store_remote.py", "store_base.py", "query.py", "analytics.py", "server/results.py"},
    # The HTTP client of the remote store, only there.
    "httpx": {"store_remote.py"},
    # The SPARQL service: the web framework and the HTTP server only in graph/server/app.py.
    "starlette": {"server/app.py"},
    "uvicorn": {"server/app.py"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("library", sorted(ALLOWED))
def test_library_is_imported_only_in_its_stage(library: str) -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        allowed = ALLOWED[library]
        if rel.parts[0] in allowed or rel.as_posix() in allowed:
            continue
        if library in _imports(path):
            offenders.append(str(rel))
    assert not offenders, f"{library} imported outside {sorted(ALLOWED[library])}: {offenders}"


def test_importing_the_package_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, graph, graph.cli; "
        "heavy = ('spacy', 'pyvis', 'pyshacl', 'pyoxigraph', 'starlette', 'uvicorn', 'httpx'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_store_protocol_and_the_build_load_no_store_backend() -> None:
    import subprocess
    import sys

    code = "import sys, graph.store_base, graph.pipeline; print('pyoxigraph' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
