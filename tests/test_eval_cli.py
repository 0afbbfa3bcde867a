"""`diplograph evaluate` and `diplograph bench`: the commands over graph.eval, the bundled
sample gold, and the developer tools staying out of the runtime import path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.eval import bundled_gold_dir, load_gold
from graph.ingest import read_inputs
from graph.resources import samples_dir

runner = CliRunner()
DOC = "100_alpha"
DG = "https://w3id.org/diplograph/ontology#"

GOLD: dict[str, Any] = {
    "id": DOC,
    "events": [
        {
            "key": "e1", "type": "PhoneCall", "main": True, "status": "occurred", "date": "2018-02",
            "participants": ["Emmanuel Macron", "Vladimir Putin"], "initiator": None,
        }
    ],
    "leaders": [
        {"name": "Emmanuel Macron", "wikidata": "Q3052772"},
        {"name": "Vladimir Putin", "wikidata": "Q7747"},
    ],
    "countries": ["France", "Russia"],
    "organizations": [],
    "places": [],
    "positions": [],
}


def _results(rows: list[dict[str, str]]) -> dict[str, Any]:
    names = sorted({k for r in rows for k in r})
    bindings = [{k: {"type": "literal", "value": v} for k, v in row.items()} for row in rows]
    return {"head": {"vars": names}, "results": {"bindings": bindings}}


@pytest.fixture()
def gold(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / f"{DOC}.json").write_text(json.dumps(GOLD), "utf-8")
    return folder


@pytest.fixture()
def results(tmp_path: Path) -> Path:
    """Query results that find the call and both countries, plus a spurious Germany."""
    folder = tmp_path / "results"
    folder.mkdir()
    event = {"event": "urn:e1", "type": f"{DG}PhoneCall", "main": "true", "status": f"{DG}occurred",
             "date": "2018-02", "doc": DOC}
    rows = {
        "events": [
            {**event, "participant": "Emmanuel Macron", "participantWikidata": "Q3052772"},
            {**event, "participant": "Vladimir Putin", "participantWikidata": "Q7747"},
        ],
        "positions": [],
        "mentions": [
            {"doc": DOC, "kind": "Country", "label": label} for label in ("France", "Russian Federation", "Germany")
        ],
    }
    for name, found in rows.items():
        (folder / f"{name}.json").write_text(json.dumps(_results(found)), "utf-8")
    return folder


def _empty_results(folder: Path) -> Path:
    folder.mkdir()
    for name in ("events", "positions", "mentions"):
        (folder / f"{name}.json").write_text(json.dumps(_results([])), "utf-8")
    return folder


# --------------------------------------------------------------------------- evaluate


def test_evaluate_prints_the_report_and_exits_zero(gold: Path, results: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(gold), "--json-dir", str(results)])
    assert result.exit_code == 0, result.output
    assert "Evaluation against gold annotations: 1 document(s)" in result.output
    assert 'spurious  "Germany"' in result.output


def test_evaluate_json(gold: Path, results: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(gold), "--json-dir", str(results), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["scores"]
    assert scores["mentions.countries"]["tp"] == 2 and scores["mentions.countries"]["fp"] == 1
    assert scores["main.participants"]["f1"] == 1.0


def test_evaluate_scores_poor_figures_with_exit_zero(gold: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(gold), "--json-dir", str(_empty_results(tmp_path / "none"))])
    assert result.exit_code == 0, result.output
    assert "scored as all missed" in result.output


def test_evaluate_defaults_to_the_bundled_gold(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--json-dir", str(_empty_results(tmp_path / "none")), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == sorted(load_gold(bundled_gold_dir()))


def test_evaluate_scores_only_the_documents_asked_for(tmp_path: Path) -> None:
    first, second = sorted(load_gold(bundled_gold_dir()))[:2]
    results = str(_empty_results(tmp_path / "none"))
    result = runner.invoke(app, ["evaluate", "--json-dir", results, "--json", "--doc", first, "--doc", second])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == [first, second]


@pytest.mark.parametrize(
    ("make_args", "code"),
    [
        (lambda gold, results, tmp: [str(tmp / "no-such-gold"), "--json-dir", str(results)], "M001"),
        (lambda gold, results, tmp: [str(tmp), "--json-dir", str(results)], "M002"),
        (lambda gold, results, tmp: [str(gold), "--json-dir", str(tmp / "no-results")], "M005"),
        (lambda gold, results, tmp: [str(gold), "--store", str(tmp / "no-store")], "S004"),
        (lambda gold, results, tmp: [str(gold), "--store", str(tmp), "--json-dir", str(results)], "M009"),
        (lambda gold, results, tmp: [str(gold), "--json-dir", str(results), "--doc", "nope"], "M004"),
    ],
    ids=["missing-gold", "empty-gold", "missing-results", "missing-store", "store-and-json-dir", "unknown-doc"],
)
def test_evaluate_exits_two_with_a_coded_message(
    gold: Path, results: Path, tmp_path: Path, make_args: Any, code: str
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["evaluate", *make_args(gold, results, empty)])
    assert result.exit_code == 2, result.output
    assert f"[{code}]" in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- bench


def test_bench_refuses_bad_numbers_with_exit_two() -> None:
    result = runner.invoke(app, ["bench", "0"])
    assert result.exit_code == 2
    assert "[B001]" in result.output


def test_commands_have_help() -> None:
    evaluate = runner.invoke(app, ["evaluate", "--help"])
    assert evaluate.exit_code == 0 and "--json-dir" in evaluate.output and "--doc" in evaluate.output
    bench = runner.invoke(app, ["bench", "--help"])
    assert bench.exit_code == 0 and "--n-process" in bench.output and "--batch-size" in bench.output


# --------------------------------------------------------------------------- bundled gold


def test_bundled_gold_covers_exactly_the_bundled_samples() -> None:
    sample_ids = {r.id for r in read_inputs([samples_dir()])}
    assert len(sample_ids) == 5
    assert set(load_gold(bundled_gold_dir())) == sample_ids
    assert {p.stem for p in bundled_gold_dir().glob("*.json")} == sample_ids


def test_runtime_modules_do_not_import_the_developer_tools() -> None:
    code = (
        "import sys, graph, graph.cli, graph.ingest, graph.build, graph.store, graph.query, graph.viz, "
        "graph.pipeline; print([m for m in sys.modules if m == 'graph.eval' or m.startswith('graph.eval.')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_evaluate_scores_the_demo_against_the_bundled_gold(tmp_path: Path) -> None:
    # what 'make evaluate' does: build the demo, then score it with nothing else at hand
    out = tmp_path / "out"
    assert runner.invoke(app, ["demo", "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["evaluate", "--store", str(out / "store"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == sorted(load_gold(bundled_gold_dir()))
    assert not report["notes"]  # every gold document has system rows, and no system document lacks gold
    assert report["scores"]["main.participants"]["tp"] > 0
