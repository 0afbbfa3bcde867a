"""The benchmark: its figures are sane and complete, the report says what it measured,
and the script prints it. No assertion is about speed: timings vary from run to run."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import DiplographError
from graph.eval.bench import STAGES, BenchResult, _StageClock, _write_jsonl, run_benchmark
from graph.ingest import read_inputs, readout_from_text

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "bench.py"
RATIO_LINE = re.compile(r"^ratio build / bare parse: (\d+\.\d\d)$", re.MULTILINE)


def _result(**changes: object) -> BenchResult:
    figures: dict[str, object] = {
        "copies": 2,
        "documents": 10,
        "characters": 30_000,
        "n_process": 1,
        "batch_size": 16,
        "model": "fr_core_news_md 3.8.0",
        "bare_seconds": 2.0,
        "bare_tokens": 6_000,
        "build_seconds": 5.0,
        "build_tokens": 6_000,
        "stages": {
            "ingest": 0.25, "parse": 2.5, "extract": 1.0, "merge": 0.25, "rdf": 0.5, "shacl": 0.25, "store": 0.25,
            "other": 0.0,
        },
        "peak_rss_loaded": 300 * 1024 * 1024,
        "peak_rss": 400 * 1024 * 1024,
    }
    figures.update(changes)
    return BenchResult(**figures)  # type: ignore[arg-type]


# ------------------------------------------------------------------ without the model


@pytest.mark.parametrize("argument", ["copies", "n_process", "batch_size"])
@pytest.mark.parametrize("value", [0, -3, 1.5, True, "2"])
def test_run_benchmark_rejects_bad_numbers(argument: str, value: object) -> None:
    arguments: dict[str, object] = {"copies": 1, "n_process": 1, "batch_size": 16, argument: value}
    copies = arguments.pop("copies")
    with pytest.raises(DiplographError) as caught:
        run_benchmark(copies, **arguments)  # type: ignore[arg-type]
    assert caught.value.code == "B001"
    assert argument in str(caught.value)


@pytest.mark.parametrize(
    ("build", "bare", "ratio", "docs_per_second", "tokens_per_second"),
    [(5.0, 2.0, 2.5, 2.0, 1_200.0), (3.0, 3.0, 1.0, 10 / 3, 2_000.0), (1.0, 4.0, 0.25, 10.0, 6_000.0)],
)
def test_result_rates_and_ratio(
    build: float, bare: float, ratio: float, docs_per_second: float, tokens_per_second: float
) -> None:
    result = _result(build_seconds=build, bare_seconds=bare)
    assert result.ratio == pytest.approx(ratio)
    assert result.docs_per_second == pytest.approx(docs_per_second)
    assert result.tokens_per_second == pytest.approx(tokens_per_second)
    assert result.bare_docs_per_second == pytest.approx(10 / bare)
    match = RATIO_LINE.search(result.to_text())
    assert match and float(match.group(1)) == pytest.approx(ratio, abs=0.005)


def test_to_text_lists_every_stage_with_its_share() -> None:
    text = _result().to_text()
    for stage in STAGES:
        assert re.search(rf"^  {stage}\s", text, re.MULTILINE), stage
    # parse: 2.5 s of a 5 s build
    assert re.search(r"^  parse\s+2\.50 s\s+50 %", text, re.MULTILINE)
    assert "parse inside the build / bare parse: 1.25" in text


@pytest.mark.parametrize(
    ("changes", "present", "absent"),
    [
        ({}, ["300 MiB with the pipelines loaded", "400 MiB at the end"], ["worker"]),
        ({"n_process": 2, "peak_rss_workers": 200 * 1024 * 1024}, ["2 processes", "200 MiB (largest worker)"], []),
        ({"peak_rss": None, "peak_rss_loaded": None}, ["n/a"], ["MiB with"]),
        ({"stages": {}}, ["build stages: not measured"], ["parse inside"]),
    ],
)
def test_to_text_reports_memory_and_missing_figures(
    changes: dict[str, object], present: list[str], absent: list[str]
) -> None:
    text = _result(**changes).to_text()
    for part in present:
        assert part in text
    for part in absent:
        assert part not in text


def test_stage_clock_charges_nested_time_to_the_inner_stage() -> None:
    ticks: Iterator[float] = iter(float(t) for t in range(100))
    clock = _StageClock(timer=lambda: next(ticks))

    def inner() -> Iterator[int]:
        yield 1
        yield 2

    timed_inner = clock.wrap_iter("ingest", inner)

    def outer() -> int:
        return sum(timed_inner())

    timed_outer = clock.wrap("parse", outer)
    assert timed_outer() == 3
    # Each reading of the clock is one second later. The generator is timed four
    # times (created, two items, the end), each time entered and left: 4 s. "parse"
    # gets the five gaps around them, and nothing is counted twice.
    assert clock.seconds["ingest"] == 4.0
    assert clock.seconds["parse"] == 5.0
    assert clock.calls == {"parse": 1, "ingest": 4}


def test_stage_clock_counts_tokens_of_parsed_pairs() -> None:
    clock = _StageClock()
    pairs = [("a", "xyz"), ("b", "uv")]
    timed = clock.wrap_iter("parse", lambda: iter(pairs), clock.count_doc)
    assert list(timed()) == pairs
    assert clock.tokens == 5


def test_copies_are_read_back_with_distinct_ids_and_the_same_text(tmp_path: Path) -> None:
    readouts = [
        readout_from_text("a", "date 2018-02-09\nLe président a parlé.\n"),
        readout_from_text("b", "Emmanuel Macron s'est entretenu avec Vladimir Poutine./.", source="Élysée"),
    ]
    path = tmp_path / "corpus.jsonl"
    _write_jsonl(path, readouts, 3)
    back = list(read_inputs([path]))
    assert [r.id for r in back] == ["a-c0", "b-c0", "a-c1", "b-c1", "a-c2", "b-c2"]
    for copy, original in zip(back, readouts * 3, strict=True):
        assert copy.text == original.text
        assert copy.date == original.date
        assert copy.source == original.source


def test_script_reports_bad_arguments_without_a_traceback() -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "0"], check=False, capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert run.returncode == 2
    assert "[B001]" in run.stderr
    assert "Traceback" not in run.stderr


# ------------------------------------------------------------------ with the model


@pytest.fixture(scope="module")
def result() -> BenchResult:
    return run_benchmark(2)


@pytest.mark.slow
def test_benchmark_builds_every_copy(result: BenchResult) -> None:
    assert result.copies == 2
    assert result.documents == 10
    # the second copy's events are those of the first: at least one is merged
    assert result.merged > 0
    assert result.triples > 0
    assert result.store_bytes > 0


@pytest.mark.slow
def test_benchmark_figures_are_sane(result: BenchResult) -> None:
    assert result.bare_seconds > 0 and result.build_seconds > 0
    assert result.ratio > 0 and math.isfinite(result.ratio)
    assert result.bare_tokens > 0
    assert result.characters > result.bare_tokens
    assert result.peak_rss is not None and result.peak_rss > 0
    assert result.peak_rss_loaded is not None and 0 < result.peak_rss_loaded <= result.peak_rss
    assert result.peak_rss_workers is None  # one process


@pytest.mark.slow
def test_build_parses_the_same_tokens_as_the_bare_parse(result: BenchResult) -> None:
    # Same texts, same tokenizer: otherwise the ratio would compare different work.
    assert result.build_tokens == result.bare_tokens


@pytest.mark.slow
def test_benchmark_times_every_stage(result: BenchResult) -> None:
    assert list(result.stages) == list(STAGES)
    for stage in ("ingest", "parse", "extract", "merge", "rdf", "shacl", "store"):
        assert result.stages[stage] > 0, stage
    assert sum(result.stages.values()) == pytest.approx(result.build_seconds, rel=1e-6)


@pytest.mark.slow
def test_script_prints_the_ratio() -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "1", "--batch-size", "4"],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    match = RATIO_LINE.search(run.stdout)
    assert match, run.stdout
    assert float(match.group(1)) > 0
    assert "5 readouts" in run.stdout
    assert "batch size 4" in run.stdout
