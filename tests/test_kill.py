"""kill -9 in the middle of export, viz and build, with the real command.

A killed export or view leaves the destination as it was (absent, or the complete
previous file) and its temporary file behind; the next run removes that file and
succeeds. A killed build leaves a store that opens and holds, complete, every
readout it had committed; the next build adds the rest."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.errors import StoreError
from graph.files import temporary_name_pattern
from graph.resources import samples_dir
from graph.store import ONTOLOGY_GRAPH, GraphStore

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 120.0


def _command() -> list[str]:
    """The installed ``diplograph`` script beside this Python, else the module."""
    script = shutil.which("diplograph", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "graph.cli"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def _start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*_command(), *args], env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_command(), *args], env=_env(), capture_output=True, text=True, timeout=TIMEOUT)


def _temporaries(target: Path) -> list[Path]:
    pattern = temporary_name_pattern(target)
    return sorted(p for p in target.parent.iterdir() if pattern.fullmatch(p.name))


def _kill_mid_write(proc: subprocess.Popen[bytes], target: Path, min_size: int) -> list[Path]:
    """SIGKILL ``proc`` once its temporary file for ``target`` holds ``min_size`` bytes;
    the temporary files left, or ``[]`` if the command ended first."""
    deadline = time.monotonic() + TIMEOUT
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            for tmp in _temporaries(target):
                try:
                    if tmp.stat().st_size >= min_size:
                        proc.send_signal(signal.SIGKILL)
                        proc.wait()
                        return _temporaries(target)
                except FileNotFoundError:  # renamed meanwhile
                    continue
        return []
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


# -- export ----------------------------------------------------------------------------

QUADS = 100_000


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose export takes a while: 100 000 quads in 100 named graphs."""
    path = tmp_path_factory.mktemp("big") / "store"
    note = ox.NamedNode("https://w3id.org/diplograph/ontology#note")
    store = ox.Store(str(path))
    store.bulk_extend(
        ox.Quad(
            ox.NamedNode(f"https://w3id.org/diplograph/id/x/{i}"),
            note,
            ox.Literal(f"note {i} « déclaration » " + "é" * 40),
            ox.NamedNode(f"https://w3id.org/diplograph/id/graph/doc/{i % 100}"),
        )
        for i in range(QUADS)
    )
    store.flush()
    del store
    return path


@pytest.mark.parametrize("previous", [b"<a> <b> <c> <d> .\n", None], ids=["over-a-file", "new-file"])
@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_a_killed_export_leaves_the_destination_whole_and_the_rerun_cleans_up(
    tmp_path: Path, big_store: Path, fmt: str, previous: bytes | None
) -> None:
    target = tmp_path / f"all.{fmt}"
    if previous is not None:
        target.write_bytes(previous)
    proc = _start("export", "-o", str(target), "--format", fmt, "--store", str(big_store))
    left = _kill_mid_write(proc, target, min_size=1)
    assert proc.returncode == -signal.SIGKILL, "the export ended before it could be killed mid-write"
    assert len(left) == 1 and left[0].stat().st_size > 0, left
    if previous is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == previous

    rerun = _run("export", "-o", str(target), "--format", fmt, "--store", str(big_store))
    assert rerun.returncode == 0, rerun.stderr
    assert _temporaries(target) == [], "the leftover temporary file was not removed"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    rdf_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
    assert sum(1 for _ in ox.parse(path=str(target), format=rdf_format)) == QUADS


# -- build -----------------------------------------------------------------------------

COPIES = 4  # of each of the five samples: 20 readouts


@pytest.fixture(scope="module")
def readouts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 readouts: the samples, each under four names."""
    folder = tmp_path_factory.mktemp("readouts")
    for sample in sorted(samples_dir().glob("*.txt")):
        for copy in range(COPIES):
            (folder / f"{copy}_{sample.name}").write_bytes(sample.read_bytes())
    return folder


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, readouts: Path) -> Path:
    """The store an uninterrupted build of the readouts gives."""
    path = tmp_path_factory.mktemp("reference") / "store"
    done = _run("build", str(readouts), "--store", str(path), "--quiet", "--batch-size", "1")
    assert done.returncode == 0, done.stderr
    return path


def _readouts_held(path: Path) -> set[str]:
    try:
        with GraphStore.open(path, read_only=True) as store:
            return set(store.readout_ids())
    except StoreError:
        return set()  # not created yet


def _graphs(path: Path) -> dict[str, set[str]]:
    with GraphStore.open(path, read_only=True) as store:
        out: dict[str, set[str]] = {}
        for q in store.quads():
            out.setdefault(q.graph_name.value, set()).add(f"{q.subject} {q.predicate} {q.object}")
        return out


def test_a_killed_build_keeps_what_it_committed_and_the_rerun_completes_it(
    tmp_path: Path, readouts: Path, reference: Path
) -> None:
    store = tmp_path / "store"
    proc = _start("build", str(readouts), "--store", str(store), "--quiet", "--batch-size", "1")
    committed: set[str] = set()
    deadline = time.monotonic() + TIMEOUT
    try:
        while proc.poll() is None and len(committed) < 3 and time.monotonic() < deadline:
            committed = _readouts_held(store)
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert len(committed) >= 3

    held = _readouts_held(store)
    assert committed <= held < {f"{c}_{s.stem}" for s in samples_dir().glob("*.txt") for c in range(COPIES)}
    # Each readout graph held is the complete one an uninterrupted build writes.
    got, expected = _graphs(store), _graphs(reference)
    for doc_id in held:
        graph = next(g for g in expected if g.endswith("/" + doc_id))
        assert got[graph] == expected[graph], doc_id

    rerun = _run("build", str(readouts), "--store", str(store), "--batch-size", "1")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(held)} unchanged" in rerun.stdout, rerun.stdout
    got, expected = _graphs(store), _graphs(reference)
    assert set(got) == set(expected)
    for graph in expected:
        if graph == ONTOLOGY_GRAPH:  # read from files: its blank nodes get new ids each build
            assert isomorphic(_rdflib(got[graph]), _rdflib(expected[graph]))
        else:
            assert got[graph] == expected[graph], graph


def _rdflib(triples: set[str]) -> rdflib.Graph:
    return rdflib.Graph().parse(data="\n".join(f"{t} ." for t in triples), format="nt")


# -- viz -------------------------------------------------------------------------------


@pytest.fixture()
def viz_store(tmp_path: Path, reference: Path) -> Iterator[Path]:
    copy = tmp_path / "store"
    shutil.copytree(reference, copy)
    yield copy


def test_a_killed_viz_leaves_the_page_whole_and_the_rerun_cleans_up(tmp_path: Path, viz_store: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "graph.html"
    target.write_bytes(b"<html>the previous page</html>")
    args = ("viz", "-o", str(target), "--store", str(viz_store), "--mentions")
    # The page is rendered first and written at once: its temporary file lives for a
    # moment only, so the kill may come late; try until one lands before the rename.
    left: list[Path] = []
    for _ in range(10):
        proc = _start(*args)
        left = _kill_mid_write(proc, target, min_size=0)
        if left:
            break
        target.write_bytes(b"<html>the previous page</html>")
    assert left, "no kill landed while the page was being written"
    assert target.read_bytes() == b"<html>the previous page</html>"

    rerun = _run(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert _temporaries(target) == []
    assert sorted(p.name for p in out.iterdir()) == ["graph.html"]
    assert target.read_bytes().rstrip().endswith(b"</html>") and b"the previous page" not in target.read_bytes()
