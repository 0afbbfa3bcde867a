"""End to end: the sample readouts built into a store, read back through the contract
queries. Facts checked here are ones a person can read in the texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.pipeline import build_graph
from graph.query import run_query
from graph.resources import samples_dir
from graph.store import GraphStore

pytestmark = pytest.mark.slow

SEED_003 = "003_6a07b6ffb6b83075"
SEED_004 = "004_0edd9c73d9c21707"


def _rows(store: object, name: str, **params: str) -> list[dict[str, object]]:
    return run_query(store, name=name, params=params or None).rows  # type: ignore[arg-type]


def test_seed_003_is_a_call_between_putin_and_trump_on_2017_11_21(sample_store: object) -> None:
    rows = [r for r in _rows(sample_store, "events") if r["doc"] == SEED_003 and r["main"]]
    assert {r["type"] for r in rows} == {"PhoneCall"}
    assert {r["participant"] for r in rows} == {"Vladimir Putin", "Donald Trump"}
    assert {r["participantWikidata"] for r in rows} == {"Q7747", "Q22686"}
    assert {r["date"] for r in rows} == {"2017-11-21"}
    # "Vladimir Poutine a téléphoné à Donald Trump"
    assert {r["initiator"] for r in rows} == {"Vladimir Putin"}


def test_every_sample_has_one_main_event_with_two_leaders(sample_store: object) -> None:
    rows = [r for r in _rows(sample_store, "events") if r["main"]]
    by_doc: dict[str, set[object]] = {}
    for r in rows:
        by_doc.setdefault(str(r["doc"]), set()).add(r["participant"])
    assert sorted(by_doc) == sorted(p.stem for p in samples_dir().glob("*.txt"))
    assert all(len(v) == 2 for v in by_doc.values()), by_doc


def test_dates_come_from_the_text_or_the_publication_date_only(sample_store: object) -> None:
    rows = _rows(sample_store, "events")
    main = {r["doc"]: r["date"] for r in rows if r["main"]}
    # seeds 000 and 001 carry no date and state none for their call: none is invented
    assert main["000_e677e530275875ae"] is None
    assert main["001_d0ca1620de0d83e2"] is None
    # seed 002 is dated 2018-02 and says no more about the call
    assert main["002_0f59d098f312117c"] == "2018-02"
    # seed 004 (2018-04) recalls earlier calls by date: "Déjà le 9 février", "Le 19 mars"
    earlier = {r["date"] for r in rows if r["doc"] == SEED_004 and r["type"] == "PhoneCall" and not r["main"]}
    assert {"2018-02-09", "2018-03-19"} <= earlier


def test_positions_carry_speaker_act_quote_and_exact_span(sample_store: object) -> None:
    rows = _rows(sample_store, "positions")
    raw = {p.stem: p.read_text(encoding="utf-8") for p in samples_dir().glob("*.txt")}
    assert len({r["position"] for r in rows}) >= 40
    for r in rows:
        assert r["act"] in {
            "stress", "recall", "ask", "call_on", "welcome", "express_concern", "agree", "accept",
            "inform", "condemn", "propose", "note", "insist", "other",
        }
        start, end = int(r["start"]), int(r["end"])  # type: ignore[arg-type]
        assert raw[str(r["doc"])][start:end] == r["quote"], "a quote must be the exact span of the raw file"
    # "Emmanuel Macron a demandé à Vladimir Poutine de tout faire …" (seed 001)
    asks = [r for r in rows if r["doc"] == "001_d0ca1620de0d83e2" and r["act"] == "ask"]
    assert any(r["speaker"] == "Emmanuel Macron" and r["addressee"] == "Vladimir Putin" for r in asks)
    # "Les deux présidents ont convenu …" (seed 000): one position, two speakers
    agree = [r for r in rows if r["doc"] == "000_e677e530275875ae" and r["act"] == "agree"]
    assert {r["speaker"] for r in agree} == {"Emmanuel Macron", "Vladimir Putin"}
    # "La France ne cédera pas …": the communiqué's own voice, attributed to its leader
    voice = [r for r in rows if r["doc"] == "000_e677e530275875ae" and "ne cédera pas" in str(r["quote"])]
    assert voice and voice[0]["speaker"] == "Emmanuel Macron"
    assert str(voice[0]["attribution"]).endswith("communique_voice")


def test_mentions_have_english_labels_and_no_junk(sample_store: object) -> None:
    rows = _rows(sample_store, "mentions")
    countries = {r["label"] for r in rows if r["doc"] == SEED_003 and r["kind"] == "Country"}
    assert {"Russia", "United States", "Syria", "North Korea", "Iran", "Turkey"} <= countries
    labels = {str(r["label"]) for r in rows}
    assert not {lab for lab in labels if lab.rstrip() != lab.rstrip("./")}, "labels with trailing punctuation"
    assert "Etat" not in labels and "Khan Cheïkhoun" not in {r["label"] for r in rows if r["kind"] == "Leader"}


def test_rebuilding_changes_nothing_and_a_new_readout_is_added(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(samples_dir().glob("*.txt"))[:2]:
        (src / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    with GraphStore.open(tmp_path / "store") as store:
        first = build_graph([src], store)
        n = store.count()
        again = build_graph([src], store)
        assert (first.built, again.built, again.unchanged) == (2, 0, 2)
        assert store.count() == n
        forced = build_graph([src], store, force=True)
        assert forced.built == 2 and store.count() == n, "a forced rebuild must give the same quads"
        extra = sorted(samples_dir().glob("*.txt"))[3]
        (src / extra.name).write_text(extra.read_text(encoding="utf-8"), encoding="utf-8")
        third = build_graph([src], store)
        assert (third.built, third.unchanged) == (1, 2)
        assert store.count() > n
        assert sorted(store.readout_ids()) == sorted(p.stem for p in src.glob("*.txt"))


def test_bad_inputs_are_reported_and_the_good_ones_built(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (src / "cp1252.txt").write_bytes(
        "date 2018-03-02\nLe président de la République s'est entretenu avec Vladimir Poutine. "
        "Il a souligné l'importance du dialogue.".encode("cp1252")
    )
    (src / "bom.txt").write_bytes(
        "\ufeffEmmanuel Macron a demandé à Vladimir Poutine de respecter le cessez-le-feu.".encode("utf-8")
    )
    seen: list[str] = []
    with GraphStore.open() as store:
        report = build_graph([src], store, on_error=lambda e: seen.append(str(e)))
        assert report.built == 2 and len(report.errors) == 2
        assert any("empty.txt" in s and "[I002]" in s for s in seen)
        assert any("binary.txt" in s and "[I003]" in s for s in seen)
        events = _rows(store, "events")
        cp = [r for r in events if r["doc"] == "cp1252" and r["main"]]
        assert {r["participant"] for r in cp} == {"Emmanuel Macron", "Vladimir Putin"}
        assert {r["date"] for r in cp} == {"2018-03"}


def test_cli_query_events_json(sample_store: object, tmp_path: Path) -> None:
    """`diplograph query --name events --format json` prints SPARQL 1.1 JSON results."""
    from typer.testing import CliRunner

    from graph.cli import app

    export = tmp_path / "all.trig"
    sample_store.export(export, "trig")  # type: ignore[attr-defined]
    store_path = tmp_path / "copy"
    with GraphStore.open(store_path) as copy:
        copy.load(export)
    result = CliRunner().invoke(app, ["query", "--name", "events", "--format", "json", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"event", "type", "main", "status", "date", "participant", "participantWikidata", "initiator", "doc"} <= set(
        data["head"]["vars"]
    )
    mains = {b["doc"]["value"] for b in data["results"]["bindings"] if b["main"]["value"] == "true"}
    assert len(mains) == 5


def test_the_same_call_reported_by_three_readouts_is_one_event(sample_store: object) -> None:
    """Seeds 001 (communiqué) and 002 (press report quoting it) report the same call; seed
    004 recalls it as "le 9 février". Seed 000 is another call."""
    rows = _rows(sample_store, "sources")
    groups = [set(str(r["docs"]).split(";")) for r in rows]
    assert {"001_d0ca1620de0d83e2", "002_0f59d098f312117c", "004_0edd9c73d9c21707"} in groups
    assert not any("000_e677e530275875ae" in g for g in groups)
    # each readout's own claims stay in its own graph: 002 dates the call 2018-02, 004 2018-02-09
    merged = next(r for r in rows if "002_0f59d098f312117c" in str(r["docs"]))
    assert set(str(merged["dates"]).split(";")) == {"2018-02", "2018-02-09"}


def test_merging_does_not_depend_on_build_order(tmp_path: Path) -> None:
    files = sorted(samples_dir().glob("*.txt"), reverse=True)
    with GraphStore.open(tmp_path / "store") as store:
        for f in files:
            assert build_graph([f], store).built == 1
        groups = [set(str(r["docs"]).split(";")) for r in _rows(store, "sources")]
    assert groups == [{"001_d0ca1620de0d83e2", "002_0f59d098f312117c", "004_0edd9c73d9c21707"}]


def test_a_readout_that_fails_extraction_or_validation_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.extract
    import graph.shapes

    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "boom", "invalid"):
        (src / f"{name}.txt").write_text(
            "Emmanuel Macron s'est entretenu avec Vladimir Poutine. Il a souligné l'urgence.", encoding="utf-8")
    real_extract, real_validate = graph.extract.extract_doc, graph.shapes.validate

    def extract(doc: object, readout: object, *args: object, **kw: object) -> object:
        if readout.id == "boom":  # type: ignore[attr-defined]
            raise ValueError("kaboom")
        return real_extract(doc, readout, *args, **kw)  # type: ignore[arg-type]

    def validate(g: object) -> None:
        if any("invalid" in str(s) for s in g.subjects()):  # type: ignore[attr-defined]
            from graph.errors import Msg, OntologyError
            raise OntologyError(Msg.O003, count=1, shape="dgsh:Test", focus="invalid", message="broken")
        real_validate(g)  # type: ignore[arg-type]

    monkeypatch.setattr(graph.extract, "extract_doc", extract)
    monkeypatch.setattr(graph.shapes, "validate", validate)
    seen: list[str] = []
    with GraphStore.open() as store:
        report = build_graph([src], store, on_error=lambda e: seen.append(str(e)))
        assert store.readout_ids() == ["a"]
    assert report.built == 1 and len(report.errors) == 2
    assert any("[E003]" in s and "boom" in s and "kaboom" in s for s in seen)
    assert any("[O003]" in s and "dgsh:Test" in s for s in seen)
