"""The quick path of ``diplograph query``: the same answers and errors as the typer command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import graph.query
from graph.cli import app
from graph.cli_query import quick
from graph.store import GraphStore

MINI = Path(__file__).parent / "data" / "mini.trig"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quick") / "store"
    with GraphStore.open(folder) as st:
        st.load(MINI)
    return folder


def test_a_plain_query_answers_as_the_typer_command_does(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["query", "--name", "events", "--format", "json", "--store", str(store)]
    assert quick(args) == 0
    expected = CliRunner().invoke(app, args)
    assert expected.exit_code == 0
    assert capsys.readouterr().out == expected.output


def test_an_error_is_told_once_in_the_commands_form_and_the_query_runs_once(
    store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = []
    real = graph.query.run_query

    def counted(*args: object, **kwargs: object) -> object:
        runs.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(graph.query, "run_query", counted)
    args = ["query", "SELECT * WHERE { ?s foo:bar ?o }", "--store", str(store)]
    assert quick(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("diplograph: [Q002]") and err.count("\n") == 1
    assert len(runs) == 1
    typer_path = CliRunner().invoke(app, args)
    assert typer_path.exit_code == 2 and err.strip() in typer_path.output


@pytest.mark.parametrize("args", [["query", "--list"], ["query", "--help"], ["build", "x"], ["query", "--bogus", "1"]])
def test_what_it_does_not_read_plainly_is_left_to_the_typer_command(args: list[str]) -> None:
    assert quick(args) is None
