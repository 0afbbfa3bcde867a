"""The wheel carries everything diplograph reads at run time, and the demo runs from it.

The wheel is built from the checkout and installed, without its dependencies, into a fresh
virtual environment outside the checkout. That environment sees the test environment's
installed libraries (spaCy, the French model, rdflib, ...) through a ``.pth`` file of plain
folder names, so no other ``.pth`` file runs and the editable install of the checkout stays
out of reach: the only ``graph`` package the new interpreter can import is the one the wheel
put in its ``site-packages``. A data file the wheel forgets therefore fails here, first in the
listing of the wheel, then when the demo runs.

Building needs ``build`` and ``hatchling`` in the test environment (the ``dev`` extra).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from graph.store import GraphStore

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

# What the demo reads, by kind; each pattern must match at least one file of the wheel.
DATA_KINDS = {
    "ontology": "graph/ontology/*.ttl",
    "SKOS schemes": "graph/ontology/schemes/*.ttl",
    "gazetteer": "graph/ontology/gazetteer/*.tsv",
    "regional gazetteer": "graph/ontology/gazetteer/*/*.tsv",
    "named queries": "graph/queries/*.rq",
    "sample readouts": "graph/data/samples/*.txt",
    "language packs": "graph/lang/*/pack.toml",
    "query page editor": "graph/server/static/yasgui/yasgui.min.js",
    "query page script": "graph/server/static/query-page.js",
}

_PROBE = """
import json, sys, sysconfig
import graph
from graph import lang, resources
print(json.dumps({
    "site_packages": sysconfig.get_path("purelib"),
    "graph": graph.__file__,
    "ontology": str(resources.ontology_dir()),
    "queries": str(resources.queries_dir()),
    "samples": str(resources.samples_dir()),
    "lang": str(lang.pack("fr").path),
    "sys_path": sys.path,
}))
"""


@dataclass(frozen=True)
class Installed:
    """A wheel built from the checkout and the environment it is installed in."""

    wheel: Path
    venv: Path
    workdir: Path

    @property
    def bin(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> Path:
        return self.bin / ("python.exe" if os.name == "nt" else "python")

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a program of the environment from a folder outside the checkout."""
        return subprocess.run(
            args, cwd=self.workdir, env=_clean_env(), capture_output=True, text=True, timeout=600, check=False
        )


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"{proc.args!r} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _shipped_files(folder: Path) -> Iterator[Path]:
    """Every file under ``folder`` an installed diplograph may read: all but bytecode and
    hidden files."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or path.suffix in {".pyc", ".pyo"}:
            continue
        if any(part == "__pycache__" or part.startswith(".") for part in rel.parts):
            continue
        yield rel


def _inside(path: str | Path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    dist, venv, workdir = root / "dist", root / "venv", root / "work"
    workdir.mkdir()
    _ok(subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        capture_output=True, text=True, timeout=600, check=False,
    ))
    (wheel,) = dist.glob("diplograph-*.whl")
    _ok(subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)],
                       capture_output=True, text=True, timeout=600, check=False))
    env = Installed(wheel, venv, workdir)
    purelib = Path(json.loads(_ok(env.run(
        str(env.python), "-c", "import json, sysconfig; print(json.dumps(sysconfig.get_path('purelib')))"
    ))))
    # Plain folder lines: the libraries become importable, their .pth files (the editable
    # install of the checkout among them) do not run.
    libraries = [p for p in sys.path if p and Path(p).name in {"site-packages", "dist-packages"}]
    (purelib / "test-environment-libraries.pth").write_text("\n".join(libraries) + "\n", encoding="utf-8")
    _ok(env.run(sys.executable, "-m", "pip", "--python", str(env.python), "install", "--quiet", "--no-deps",
                "--no-index", str(wheel)))
    return env


def test_wheel_carries_each_kind_of_data(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    missing = [kind for kind, pattern in DATA_KINDS.items() if not any(fnmatch(n, pattern) for n in names)]
    assert not missing, f"the wheel has no {', '.join(missing)}"


def test_wheel_carries_every_package_and_ontology_file(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    expected = [f"graph/{rel.as_posix()}" for rel in _shipped_files(REPO / "graph")]
    expected += [f"graph/ontology/{rel.as_posix()}" for rel in _shipped_files(REPO / "ontology")]
    assert len(expected) > len(DATA_KINDS)
    missing = [name for name in expected if name not in names]
    assert not missing, f"files of the checkout missing from the wheel: {missing}"


def test_installed_package_reads_only_its_own_files(installed: Installed) -> None:
    found = json.loads(_ok(installed.run(str(installed.python), "-c", _PROBE)))
    site_packages = Path(found["site_packages"])
    assert _inside(site_packages, installed.venv)
    for key in ("graph", "ontology", "queries", "samples", "lang"):
        assert _inside(found[key], site_packages), f"{key} is read from {found[key]}, not from the wheel"
        assert not _inside(found[key], REPO), f"{key} is read from the checkout: {found[key]}"
    assert all(not p or Path(p).resolve() != REPO.resolve() for p in found["sys_path"])


def test_demo_runs_from_the_installed_wheel(installed: Installed, sample_store: GraphStore) -> None:
    out = installed.workdir / "demo"
    proc = installed.run(str(installed.bin / "diplograph"), "demo", "--out", str(out))
    output = _ok(proc)
    assert (out / "store").is_dir()
    for name in ("readouts.trig", "graph.html"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    summary = re.search(
        r"Built the (\d+) sample readouts: (\d+) triples, (\d+) leaders, (\d+) events, (\d+) positions", output
    )
    assert summary, output
    readouts, triples, leaders, events, positions = map(int, summary.groups())
    assert readouts == 5 and triples > 0
    # The installed wheel builds the same graph as the checkout does.
    stats = sample_store.stats()
    assert (triples, leaders, events, positions) == (
        stats["triples"], stats["leaders"], stats["events"], stats["positions"]
    )
