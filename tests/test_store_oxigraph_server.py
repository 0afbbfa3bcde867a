"""The remote store against a real Oxigraph server, compared with the embedded store.

The ``oxigraph`` package of the dev extra ships the server binary. The bundled samples
are built into a store folder and into a server, by the ``diplograph`` commands, and the
two must hold the same quads, answer the contract queries alike, draw the same graph and
rebuild as nothing changed.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from serving import start_serve, stop_serve
from typer.testing import CliRunner

from graph.analytics import to_networkx
from graph.cli import app
from graph.errors import StoreError
from graph.query import run_query
from graph.resources import samples_dir
from graph.store import GraphStore
from graph.store_base import open_store
from graph.store_remote import RemoteStore

pytestmark = pytest.mark.slow

CONTRACT = ("events", "positions", "mentions")
_BNODE = re.compile(r"_:[A-Za-z0-9_.-]+")


def oxigraph_binary() -> str:
    """The server binary of the ``oxigraph`` package: a missing one fails, never skips."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        pytest.fail(
            "the Oxigraph server binary is not installed: install the dev extra "
            "(pip install -e '.[dev]'), which brings the 'oxigraph' package and its binary"
        )
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()


def start_server(location: Path | None, *flags: str) -> Server:
    port = _free_port()
    command = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}", *flags]
    if location is not None:
        command += ["--location", str(location)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"oxigraph serve stopped: {process.stderr.read() if process.stderr else b''!r}")
        try:
            with urllib.request.urlopen(url + "/", timeout=1):
                return Server(process, url)
        except OSError:
            time.sleep(0.1)
    Server(process, url).stop()
    raise AssertionError("oxigraph serve did not answer within 30 s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("oxigraph") / "data")
    yield running
    running.stop()


@dataclass
class Builds:
    folder: Path
    url: str
    embedded_seconds: float
    remote_seconds: float
    remote_output: str


@pytest.fixture(scope="module")
def builds(server: Server, sample_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The samples built by 'diplograph build' into a folder and into the server (the
    sample store is asked for first so the model is loaded before the clock starts)."""
    folder = tmp_path_factory.mktemp("embedded") / "store"
    runner = CliRunner()
    started = time.perf_counter()
    embedded = runner.invoke(app, ["build", str(samples_dir()), "--store", str(folder)])
    embedded_seconds = time.perf_counter() - started
    assert embedded.exit_code == 0, embedded.output
    started = time.perf_counter()
    remote = runner.invoke(app, ["build", str(samples_dir()), "--store", server.url + "/"])
    remote_seconds = time.perf_counter() - started
    assert remote.exit_code == 0, remote.output
    print(f"\nbuild of the samples: embedded {embedded_seconds:.2f} s, remote {remote_seconds:.2f} s")
    return Builds(folder, server.url, embedded_seconds, remote_seconds, remote.output)


def _nquads_of_folder(folder: Path) -> list[str]:
    with GraphStore.open(folder, read_only=True) as store:
        path = folder.parent / "embedded.nq"
        store.export(path, "nquads")
    return path.read_text(encoding="utf-8").splitlines()


def _nquads_of_server(url: str) -> list[str]:
    """The server's own dump of its dataset (not the remote store's export)."""
    response = httpx.get(f"{url}/store", headers={"Accept": "application/n-quads"}, timeout=60)
    response.raise_for_status()
    return response.text.splitlines()


def _same_quads(ours: list[str], theirs: list[str]) -> None:
    """Equal as sets of quads modulo blank-node labels: the same quads without blank
    nodes, and the same quads with them once every label is replaced by one name."""
    ours_plain = {line for line in ours if line.strip() and not _BNODE.search(line)}
    theirs_plain = {line for line in theirs if line.strip() and not _BNODE.search(line)}
    assert ours_plain == theirs_plain, (sorted(ours_plain - theirs_plain)[:5], sorted(theirs_plain - ours_plain)[:5])
    ours_blank = Counter(_BNODE.sub("_:b", line) for line in ours if _BNODE.search(line))
    theirs_blank = Counter(_BNODE.sub("_:b", line) for line in theirs if _BNODE.search(line))
    assert ours_blank == theirs_blank
    assert len(ours) == len(theirs)


def test_the_server_holds_the_quads_of_an_embedded_build(builds: Builds) -> None:
    embedded, remote = _nquads_of_folder(builds.folder), _nquads_of_server(builds.url)
    assert len(embedded) > 1000
    _same_quads(embedded, remote)
    print(f"\nquads: embedded {len(embedded)}, remote {len(remote)}")
    assert f"holds {len(embedded)} triples" in builds.remote_output


def test_export_of_the_remote_store_gives_the_same_quads(builds: Builds, tmp_path: Path) -> None:
    out = tmp_path / "remote.nq"
    result = CliRunner().invoke(app, ["export", "--store", builds.url, "--format", "nquads", "-o", str(out)])
    assert result.exit_code == 0, result.output
    _same_quads(_nquads_of_folder(builds.folder), out.read_text(encoding="utf-8").splitlines())
    trig = tmp_path / "remote.trig"
    assert CliRunner().invoke(app, ["export", "--store", builds.url, "-o", str(trig)]).exit_code == 0
    held = ox.Store()
    held.load(path=str(trig), format=ox.RdfFormat.TRIG)
    assert len(held) == len(_nquads_of_folder(builds.folder))


def test_a_remote_rebuild_changes_nothing(builds: Builds) -> None:
    before = _nquads_of_server(builds.url)
    again = CliRunner().invoke(app, ["build", str(samples_dir()), "--store", builds.url])
    assert again.exit_code == 0, again.output
    assert "5 readouts read: 0 built, 5 unchanged, 0 failed" in again.output
    _same_quads(before, _nquads_of_server(builds.url))


def _rows(store: object, name: str, params: dict[str, str] | None = None) -> list[str]:
    result = run_query(store, name=name, params=params)  # type: ignore[arg-type]
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in result.rows)


@pytest.mark.parametrize("name", CONTRACT)
def test_contract_queries_give_the_same_rows_both_ways(builds: Builds, name: str) -> None:
    with GraphStore.open(builds.folder, read_only=True) as embedded, open_store(builds.url, read_only=True) as remote:
        expected = _rows(embedded, name)
        assert expected
        assert _rows(remote, name) == expected
        columns = run_query(embedded, name=name).columns
        assert run_query(remote, name=name).columns == columns


def test_bound_parameters_select_the_same_rows_both_ways(builds: Builds) -> None:
    with GraphStore.open(builds.folder, read_only=True) as embedded, open_store(builds.url, read_only=True) as remote:
        every = run_query(embedded, name="positions").rows
        doc = every[0]["doc"]
        speakers = sorted({row["speakerWikidata"] for row in every if row["speakerWikidata"]})
        cases = [{"doc": doc}, {"speakerWikidata": speakers[0]}, {"doc": doc, "speakerWikidata": speakers[-1]},
                 {"doc": 'nothing" } #'}]
        for params in cases:
            expected = _rows(embedded, "positions", params)
            assert _rows(remote, "positions", params) == expected, params
        assert _rows(remote, "positions", {"doc": doc}) != _rows(remote, "positions")
        events = run_query(embedded, name="events").rows
        for name in ("events", "mentions"):
            assert _rows(remote, name, {"doc": doc}) == _rows(embedded, name, {"doc": doc})
        assert len(events) > len(run_query(remote, name="events", params={"doc": doc}).rows)


def test_stats_query_and_viz_commands_agree_both_ways(builds: Builds, tmp_path: Path) -> None:
    runner = CliRunner()
    stats = [runner.invoke(app, ["stats", "--store", store]) for store in (str(builds.folder), builds.url)]
    assert stats[0].exit_code == stats[1].exit_code == 0
    assert stats[0].output == stats[1].output
    answers = [
        runner.invoke(app, ["query", "--name", "events", "--format", "json", "--store", store])
        for store in (str(builds.folder), builds.url)
    ]
    assert answers[0].exit_code == answers[1].exit_code == 0
    local, remote = (json.loads(answer.output) for answer in answers)
    assert local["head"] == remote["head"]
    assert sorted(map(str, local["results"]["bindings"])) == sorted(map(str, remote["results"]["bindings"]))
    page = tmp_path / "remote.html"
    drawn = runner.invoke(app, ["viz", "--store", builds.url, "-o", str(page), "--focus", "Vladimir Putin"])
    assert drawn.exit_code == 0, drawn.output
    assert page.stat().st_size > 1000


def test_the_analytics_read_the_same_graph_both_ways(builds: Builds) -> None:
    with GraphStore.open(builds.folder, read_only=True) as embedded, open_store(builds.url, read_only=True) as remote:
        local, far = to_networkx(embedded), to_networkx(remote)
    assert local.number_of_nodes() > 0
    assert dict(far.nodes(data=True)) == dict(local.nodes(data=True))
    assert sorted(far.edges(keys=True)) == sorted(local.edges(keys=True))


def test_listing_every_graph_as_default_graph_uri_gives_the_same_rows(builds: Builds) -> None:
    with GraphStore.open(builds.folder, read_only=True) as embedded, \
            open_store(builds.url + "#union=default-graph-uri", read_only=True) as remote:
        for name in CONTRACT:
            assert _rows(remote, name) == _rows(embedded, name)


def test_union_by_the_server_is_checked_and_then_used(builds: Builds, tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        open_store(builds.url + "#union=server")
    assert info.value.code == "S028"
    union = start_server(None, "--union-default-graph")
    try:
        dump = "\n".join(_nquads_of_server(builds.url)).encode("utf-8")
        loaded = httpx.post(f"{union.url}/store", content=dump, headers={"Content-Type": "application/n-quads"})
        assert loaded.status_code < 300, loaded.text
        with GraphStore.open(builds.folder, read_only=True) as embedded, \
                open_store(union.url + "#union=server", read_only=True) as remote:
            assert remote.count() == embedded.count()
            for name in CONTRACT:
                assert _rows(remote, name) == _rows(embedded, name)
    finally:
        union.stop()


def test_serve_answers_from_a_remote_store(builds: Builds) -> None:
    process, endpoint = start_serve(builds.url, "--workers", "1")
    try:
        answer = httpx.get(endpoint.removesuffix("/sparql") + "/queries/events", params={"format": "json"},
                           timeout=60)
        assert answer.status_code == 200, answer.text
        with GraphStore.open(builds.folder, read_only=True) as embedded:
            expected = run_query(embedded, name="events")
        assert len(answer.json()["results"]["bindings"]) == len(expected.rows)
    finally:
        err = stop_serve(process)
    assert "Traceback" not in err, err


def test_hostile_values_go_to_the_server_and_back_unchanged() -> None:
    """Literals that look like SPARQL are written (update and Graph Store Protocol) and
    bound in queries, and each value finds exactly its subject."""
    from test_store_remote import VALUES

    server = start_server(None)
    try:
        with RemoteStore.open(server.url) as remote, GraphStore.open() as embedded:
            p = ox.NamedNode("http://example.org/p")
            half = len(VALUES) // 2
            for store in (remote, embedded):
                store.replace_graph("http://example.org/a", [
                    (ox.NamedNode(f"http://example.org/s{i}"), p, v) for i, v in enumerate(VALUES[:half])])
                store.add_to_graph("http://example.org/b", [
                    (ox.NamedNode(f"http://example.org/s{i + half}"), p, v) for i, v in enumerate(VALUES[half:])])
            assert remote.count() == embedded.count() > 0
            query = "SELECT ?s ?v WHERE { ?s <http://example.org/p> ?v }"
            for value in VALUES:
                got = sorted(s["s"].value for s in remote.query(query, bindings={"v": value}))
                want = sorted(s["s"].value for s in embedded.query(query, bindings={"v": value}))
                assert got == want and got, value
    finally:
        server.stop()


def test_a_missing_server_binary_fails_and_says_to_install_the_dev_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    with pytest.raises(pytest.fail.Exception, match=r"install the dev extra"):
        oxigraph_binary()
