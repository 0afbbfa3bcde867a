"""The command line: thin commands, one-line errors, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.store import GraphStore

DATA = Path(__file__).parent / "data"
runner = CliRunner()


@pytest.fixture()
def mini_store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with GraphStore.open(path) as st:
        st.load(DATA / "mini.trig")
    return path


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).output.startswith("diplograph ")
    for cmd in ("build", "query", "export", "viz", "stats", "demo"):
        result = runner.invoke(app, [cmd, "--help"])
        assert (result.exit_code == 0 and "--store" in result.output) or cmd == "demo", cmd


def test_query_list_names_the_contract_queries() -> None:
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    names = {line.split()[0] for line in result.output.splitlines() if line.strip()}
    assert {"events", "positions", "mentions"} <= names


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_query_formats(mini_store: Path, fmt: str) -> None:
    result = runner.invoke(app, ["query", "--name", "mentions", "--format", fmt, "--store", str(mini_store)])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.output)["head"]["vars"][:4] == ["doc", "kind", "label", "wikidata"]
    elif fmt == "csv":
        assert result.output.splitlines()[0].startswith("doc,kind,label,wikidata")
    else:
        assert "label" in result.output


def test_query_file_and_param(mini_store: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?doc WHERE { ?r <http://purl.org/dc/terms/identifier> ?doc }", encoding="utf-8")
    assert runner.invoke(app, ["query", "--file", str(q), "--format", "csv", "--store", str(mini_store)]).exit_code == 0
    bad = runner.invoke(app, ["query", "--name", "events", "--param", "nope=1", "--store", str(mini_store)])
    assert bad.exit_code == 2 and "[Q005]" in bad.output


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "[Q003]"),
        ("SELECT * WHERE { ?s ?p ", "[Q002]"),
    ],
)
def test_refused_and_broken_queries_are_one_line_errors(mini_store: Path, query: str, code: str) -> None:
    result = runner.invoke(app, ["query", query, "--store", str(mini_store)])
    assert result.exit_code == 2
    assert code in result.output and "Traceback" not in result.output


def test_a_missing_store_is_explained(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "--name", "events", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "[S004]" in result.output and "diplograph build" in result.output


@pytest.mark.parametrize("fmt", ["trig", "turtle", "nquads", "jsonld"])
def test_export(mini_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"all.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "-o", str(out), "--store", str(mini_store)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_export_unknown_format(mini_store: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "rdfxml", "-o", str(tmp_path / "x"), "--store", str(mini_store)])
    assert result.exit_code == 2 and "[S003]" in result.output and "trig" in result.output


def test_viz_writes_an_offline_page(mini_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    result = runner.invoke(app, ["viz", "-o", str(out), "--store", str(mini_store)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script src=\"http" not in html and "vis-network" in html.lower()


@pytest.mark.slow
def test_build_reports_bad_files_and_exits_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("Emmanuel Macron s'est entretenu avec Vladimir Poutine.", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["build", str(src), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "[I002]" in result.output
    assert "1 built" in result.output and "1 failed" in result.output
