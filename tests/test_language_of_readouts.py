"""The language of each readout: its record's, ``--lang``, else told from its text; a mixed
folder or JSONL builds in one run, each readout with its own pack, and a readout from
which nothing comes out is reported, never built silently empty.

The English and French texts are the bundled French samples and the English dev set's
tune half (real published readouts).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.errors import ExtractError
from graph.ingest import read_inputs, readout_from_text
from graph.ingest.language import detect_language
from graph.query import run_query
from graph.store import GraphStore

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "graph" / "data" / "samples"
EN_TUNE = REPO / "tests" / "data" / "dev" / "en" / "tune.jsonl"


def _english_records(n: int) -> list[dict[str, str]]:
    return [json.loads(line) for line in EN_TUNE.read_text(encoding="utf-8").splitlines()[:n]]


def test_the_language_is_told_from_the_text() -> None:
    french = next(SAMPLES.glob("*.txt")).read_text(encoding="utf-8")
    english = _english_records(1)[0]["text"]
    assert detect_language(french) == "fr"
    assert detect_language(english) == "en"
    assert detect_language("Der Bundeskanzler hat heute mit dem französischen Präsidenten telefoniert.") == "de"
    assert detect_language("Texte.") == "fr"  # too short to tell: the default language


def test_the_record_s_language_wins_then_the_option_then_the_text(tmp_path: Path) -> None:
    english = _english_records(1)[0]["text"]
    (tmp_path / "a.txt").write_text(english, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": english, "lang": "fr"}) + "\n", encoding="utf-8")
    told = {r.id: r.lang for r in read_inputs([tmp_path])}
    assert told == {"a": "en", "b": "fr"}
    given = {r.id: r.lang for r in read_inputs([tmp_path], lang="de")}
    assert given == {"a": "de", "b": "fr"}
    assert readout_from_text("c", english).lang == "en"


@pytest.mark.slow
def test_a_mixed_folder_builds_in_one_run_each_readout_in_its_language(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copy(sample, folder / sample.name)
    for record in _english_records(2):
        (folder / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(folder), "--store", str(tmp_path / "store"), "-q"])
    assert result.exit_code == 0, result.output
    with GraphStore.open(tmp_path / "store", read_only=True) as store:
        langs = run_query(store, "SELECT ?doc ?lang WHERE { ?r a dg:Readout ; dcterms:identifier ?doc ;"
                                 " dcterms:language ?lang } ORDER BY ?doc").rows
        events = run_query(store, name="events").rows
    assert [row["lang"] for row in langs] == ["fr", "fr", "en", "en"]
    # the same named query answers over both: a main contact of every readout
    assert {row["doc"] for row in events if row["main"]} == {row["doc"] for row in langs}


@pytest.mark.slow
def test_a_readout_with_no_call_or_meeting_is_reported_not_built_silently(tmp_path: Path) -> None:
    text = ("The weather in the capital was mild this week, and the markets were calm. "
            "Shops opened late on Monday because of the holiday.")
    jsonl = tmp_path / "x.jsonl"
    jsonl.write_text(json.dumps({"id": "weather", "text": text, "lang": "en"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(jsonl), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "[E008] x.jsonl:1 (en): no call or meeting found" in result.output
    assert "1 built (1 with no call or meeting found)" in result.output


def test_model_option_takes_lang_equals_package() -> None:
    from graph.commands import _models

    assert _models(["en=en_core_web_sm", "FR = fr_core_news_lg"]) == {"en": "en_core_web_sm", "fr": "fr_core_news_lg"}
    for bad in ("en_core_web_sm", "=x", "en="):
        with pytest.raises(ExtractError) as info:
            _models([bad])
        assert info.value.code == "E007" and bad in str(info.value)
