"""Tests for graph.eval: a two-document gold folder and hand-written system rows."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph.errors import DiplographError, EvaluationError
from graph.eval import (
    Person,
    Score,
    SystemRows,
    country_key,
    evaluate,
    label_match_score,
    load_gold,
    normalize_name,
    rows_from_json,
    rows_from_store,
)

REPO = Path(__file__).resolve().parents[1]
A, B = "100_alpha", "101_beta"
MACRON = {"name": "Emmanuel Macron", "wikidata": "Q3052772", "country": "France", "mentions": []}
PUTIN = {"name": "Vladimir Putin", "wikidata": "Q7747", "country": "Russia", "mentions": []}
TRUMP = {"name": "Donald Trump", "wikidata": "Q22686", "country": "United States", "mentions": []}

GOLD_A: dict[str, Any] = {
    "id": A,
    "lang": "fr",
    "pub_date": "2018-02",
    "events": [
        {
            "key": "e1", "type": "PhoneCall", "main": True, "status": "occurred",
            "date": "2018-02", "date_external": "2018-02-09",
            "participants": ["Emmanuel Macron", "Vladimir Putin"],
            "initiator": "Vladimir Putin", "location": None,
            "evidence": "Vladimir Poutine a appelé Emmanuel Macron", "evidence_span": [0, 41],
        },
        {
            "key": "e2", "type": "Visit", "main": False, "status": "planned", "date": "2018-05",
            "participants": ["Emmanuel Macron"], "initiator": None,
            "evidence": "sa visite en mai prochain",
        },
        {
            "key": "e3", "type": "Other", "main": False, "status": "occurred", "date": None,
            "participants": [], "initiator": None, "evidence": "le lancement du dialogue",
        },
    ],
    "leaders": [MACRON, PUTIN],
    "other_persons": [],
    "countries": ["France", "Russia", "Syria"],
    "organizations": ["United Nations", "Élysée (French presidency)"],
    "places": ["Saint Petersburg"],
    "topics": ["Syria"],
    "positions": [
        {
            "id": "p1", "speaker": "Emmanuel Macron", "act": "stress", "event": "e1",
            "quote": "Il a souligné l'importance du dialogue.", "quote_span": [0, 39],
        },
        {
            "id": "p2", "speaker": ["Emmanuel Macron", "Vladimir Putin"], "act": "agree",
            "event": "e1", "quote": "Les deux présidents ont convenu de se revoir.",
            "quote_span": [50, 94],
        },
        {
            "id": "p3", "speaker": "Emmanuel Macron", "act": "stress", "event": "e1",
            "quote": "soulignant l'importance du dialogue", "quote_span": [120, 155],
            "duplicate_of": "p1",
        },
    ],
    "notes": "",
}

GOLD_B: dict[str, Any] = {
    "id": B,
    "lang": "fr",
    "pub_date": None,
    "events": [
        {
            "key": "e1", "type": "PhoneCall", "main": True, "status": "occurred", "date": None,
            "participants": ["Vladimir Putin", "Donald Trump"], "initiator": None,
        },
        {
            "key": "e2", "type": "Attack", "main": False, "status": "occurred", "date": None,
            "participants": [], "initiator": None,
        },
    ],
    "leaders": [PUTIN, TRUMP],
    "countries": ["United States", "Russia", "North Korea"],
    "organizations": ["APEC (Asia-Pacific Economic Cooperation)"],
    "places": ["Sochi"],
    "positions": [
        {
            "id": "p1", "speaker": "Vladimir Putin", "act": "inform", "event": "e1",
            "quote": "Le président russe a informé son homologue.", "quote_span": [10, 53],
        },
        {
            "id": "p2", "speaker": "Donald Trump", "act": "condemn", "event": None,
            "quote": "Trump a condamné les essais nucléaires.", "quote_span": [70, 109],
        },
    ],
}

ONTO = "https://w3id.org/diplograph/ontology#"
IDS = "https://w3id.org/diplograph/id/"

# A system that gets everything right, written as differently from the gold as the
# contract allows: IRIs for types, strings for booleans and offsets, English variants
# of names, a leader known only by name or only by QID.
PERFECT = SystemRows(
    events=[
        {"event": f"{IDS}event/{A}/e1", "type": f"{ONTO}PhoneCall", "main": "true",
         "status": "occurred", "date": "2018-02", "participant": "Emmanuel Macron",
         "participantWikidata": "Q3052772", "initiator": "Vladimir Putin", "doc": A},
        {"event": f"{IDS}event/{A}/e1", "type": f"{ONTO}PhoneCall", "main": "true",
         "status": "occurred", "date": "2018-02", "participant": "Vladimir Putin",
         "participantWikidata": "Q7747", "initiator": "Vladimir Putin", "doc": A},
        {"event": f"{IDS}event/{A}/e2", "type": "Visit", "main": "false", "status": "planned",
         "date": "2018-05", "participant": "Emmanuel Macron",
         "participantWikidata": "Q3052772", "initiator": None, "doc": A},
        {"event": f"{IDS}event/{A}/e3", "type": "OtherEvent", "main": "false",
         "status": "occurred", "date": None, "participant": None, "doc": A},
        {"event": f"{IDS}event/{B}/e1", "type": "PhoneCall", "main": True, "status": "occurred",
         "participant": "Vladimir Putin", "participantWikidata": "Q7747", "doc": B},
        {"event": f"{IDS}event/{B}/e1", "type": "PhoneCall", "main": True, "status": "occurred",
         "participant": "Donald Trump", "doc": B},
        {"event": f"{IDS}event/{B}/e2", "type": "Attack", "main": False, "status": "occurred",
         "doc": B},
    ],
    positions=[
        {"position": "pa1", "speaker": "Emmanuel Macron", "speakerWikidata": "Q3052772",
         "act": "stress", "quote": "Il a souligné l'importance du dialogue.", "doc": A,
         "start": "0", "end": "39"},
        {"position": "pa2", "speaker": "Emmanuel Macron", "speakerWikidata": "Q3052772",
         "act": "agree", "quote": "Les deux présidents ont convenu", "doc": A,
         "start": "50", "end": "80"},
        {"position": "pa2", "speaker": "Vladimir Putin", "speakerWikidata": "Q7747",
         "act": "agree", "quote": "Les deux présidents ont convenu", "doc": A,
         "start": "50", "end": "80"},
        {"position": "pa3", "speaker": "Emmanuel Macron", "speakerWikidata": "Q3052772",
         "act": f"{IDS}scheme/act/stress", "quote": "soulignant l'importance", "doc": A,
         "start": 118, "end": 150},
        {"position": "pb1", "speaker": "Vladimir Putin", "speakerWikidata": "Q7747",
         "act": "inform", "quote": "Le président russe a informé son homologue.", "doc": B,
         "start": 10, "end": 53},
        {"position": "pb2", "speaker": "Donald J. Trump",
         "speakerWikidata": "http://www.wikidata.org/entity/Q22686", "act": "condemn",
         "quote": "Trump a condamné les essais nucléaires.", "doc": B,
         "start": 70, "end": 109},
    ],
    mentions=[
        {"doc": A, "kind": "Leader", "label": "Emmanuel Macron", "wikidata": "Q3052772"},
        {"doc": A, "kind": "Leader", "label": "Vladimir Putin", "wikidata": "Q7747"},
        {"doc": A, "kind": "Country", "label": "France", "wikidata": "Q142"},
        {"doc": A, "kind": "Country", "label": "Russian Federation", "wikidata": "Q159"},
        {"doc": A, "kind": "Country", "label": "Syrian Arab Republic"},
        {"doc": A, "kind": "Organization", "label": "United Nations"},
        {"doc": A, "kind": "Organization", "label": "Elysee Palace"},
        {"doc": A, "kind": "Place", "label": "St. Petersburg"},
        {"doc": B, "kind": "Leader", "label": "Vladimir Putin", "wikidata": "Q7747"},
        {"doc": B, "kind": "Leader", "label": "Donald J. Trump", "wikidata": "Q22686"},
        {"doc": B, "kind": "Country", "label": "United States of America"},
        {"doc": B, "kind": "Country", "label": "Russia"},
        {"doc": B, "kind": "Country", "label": "North Korea"},
        {"doc": B, "kind": "Organization", "label": "Asia-Pacific Economic Cooperation"},
        {"doc": B, "kind": "Place", "label": "Sochi"},
    ],
)

# Gold items per metric, counted by hand from GOLD_A and GOLD_B.
PERFECT_COUNTS = {
    "main.participants": 4,
    "main.type": 2,
    "main.date": 1,  # 101's main call has no date in either
    "main.initiator": 1,
    "ref.events": 3,
    "ref.status": 3,
    "ref.date": 1,
    "mentions.leaders": 4,
    "mentions.countries": 6,
    "mentions.organizations": 3,
    "mentions.places": 2,
    "positions.found": 5,
    "positions.speaker": 5,
    "positions.act": 5,
    "positions.found.nodup": 4,  # p3 is a duplicate of p1
    "positions.speaker.nodup": 4,
    "positions.act.nodup": 4,
}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    for doc in (GOLD_A, GOLD_B):
        (folder / f"{doc['id']}.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    (folder / "README.md").write_text("not annotations", "utf-8")
    return folder


def perfect() -> SystemRows:
    return copy.deepcopy(PERFECT)


def rows_where(rows: list[Any], **match: Any) -> list[Any]:
    return [r for r in rows if all(r.get(k) == v for k, v in match.items())]


def drop(rows: list[Any], **match: Any) -> None:
    doomed = rows_where(rows, **match)
    assert doomed, f"nothing matches {match}"
    rows[:] = [r for r in rows if r not in doomed]


def update(rows: list[Any], values: dict[str, Any], **match: Any) -> None:
    hits = rows_where(rows, **match)
    assert hits, f"nothing matches {match}"
    for row in hits:
        row.update(values)


def counts(score: Score) -> tuple[int, int, int]:
    return (score.tp, score.fp, score.fn)


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize("metric", sorted(PERFECT_COUNTS))
def test_perfect_system_scores_one(gold_dir: Path, metric: str) -> None:
    report = evaluate(gold_dir, perfect())
    score = report.scores[metric]
    assert counts(score) == (PERFECT_COUNTS[metric], 0, 0)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_perfect_system_has_no_issues_and_no_invented_dates(gold_dir: Path) -> None:
    report = evaluate(gold_dir, perfect())
    assert report.issues == []
    assert report.invented_dates == 0
    assert report.docs == [A, B]
    assert all(value == 1.0 for _, value, _ in report.headline())


def _drop_putin_from_a_call(rows: SystemRows) -> None:
    drop(rows.events, doc=A, participant="Vladimir Putin")


def _spurious_country(rows: SystemRows) -> None:
    rows.mentions.append({"doc": A, "kind": "Country", "label": "Germany"})


def _wrong_act(rows: SystemRows) -> None:
    update(rows.positions, {"act": "other"}, position="pa2")


def _wrong_speaker(rows: SystemRows) -> None:
    update(rows.positions, {"speaker": "Donald Trump", "speakerWikidata": "Q22686"}, position="pb1")


def _joint_act_given_to_one(rows: SystemRows) -> None:
    drop(rows.positions, position="pa2", speaker="Vladimir Putin")


def _missing_position(rows: SystemRows) -> None:
    drop(rows.positions, position="pb2")


def _spurious_position(rows: SystemRows) -> None:
    rows.positions.append(
        {"position": "pb9", "speaker": "Donald Trump", "act": "note", "doc": B, "start": 200, "end": 240}
    )


def _misplaced_position(rows: SystemRows) -> None:
    update(rows.positions, {"start": 200, "end": 240}, position="pb2")


def _missing_duplicate(rows: SystemRows) -> None:
    drop(rows.positions, position="pa3")


def _only_the_duplicate(rows: SystemRows) -> None:
    drop(rows.positions, position="pa1")


def _invented_day(rows: SystemRows) -> None:
    update(rows.events, {"date": "2018-02-09"}, doc=A, event=f"{IDS}event/{A}/e1")


def _date_where_gold_has_none(rows: SystemRows) -> None:
    update(rows.events, {"date": "2017-11-21"}, doc=B, event=f"{IDS}event/{B}/e1")


def _no_initiator(rows: SystemRows) -> None:
    update(rows.events, {"initiator": None}, doc=A)


def _wrong_initiator(rows: SystemRows) -> None:
    update(rows.events, {"initiator": "Emmanuel Macron"}, doc=A, event=f"{IDS}event/{A}/e1")


def _wrong_main_type(rows: SystemRows) -> None:
    update(rows.events, {"type": "Meeting"}, doc=B, event=f"{IDS}event/{B}/e1")


def _wrong_ref_status(rows: SystemRows) -> None:
    update(rows.events, {"status": "occurred"}, event=f"{IDS}event/{A}/e2")


def _ref_type_changed(rows: SystemRows) -> None:
    update(rows.events, {"type": "Election"}, event=f"{IDS}event/{B}/e2")


def _missing_org_and_extra_place(rows: SystemRows) -> None:
    drop(rows.mentions, label="Elysee Palace")
    rows.mentions.append({"doc": B, "kind": "Place", "label": "Moscow"})


def _leader_named_differently_without_qid(rows: SystemRows) -> None:
    update(rows.mentions, {"label": "Vladimir Poutine", "wikidata": None}, doc=B, label="Vladimir Putin")


@pytest.mark.parametrize(
    ("mutate", "metric", "expected"),
    [
        (_drop_putin_from_a_call, "main.participants", (3, 0, 1)),
        (_spurious_country, "mentions.countries", (6, 1, 0)),
        (_wrong_act, "positions.found", (5, 0, 0)),
        (_wrong_act, "positions.speaker", (5, 0, 0)),
        (_wrong_act, "positions.act", (4, 1, 1)),
        (_wrong_speaker, "positions.speaker", (4, 1, 1)),
        (_wrong_speaker, "positions.act", (4, 1, 1)),
        (_joint_act_given_to_one, "positions.speaker", (4, 1, 1)),
        (_missing_position, "positions.found", (4, 0, 1)),
        (_spurious_position, "positions.found", (5, 1, 0)),
        (_misplaced_position, "positions.found", (4, 1, 1)),
        (_missing_duplicate, "positions.found", (4, 0, 1)),
        (_missing_duplicate, "positions.found.nodup", (4, 0, 0)),
        (_only_the_duplicate, "positions.found", (4, 0, 1)),
        (_only_the_duplicate, "positions.act.nodup", (4, 0, 0)),
        (_invented_day, "main.date", (0, 1, 1)),
        (_date_where_gold_has_none, "main.date", (1, 1, 0)),
        (_no_initiator, "main.initiator", (0, 0, 1)),
        (_wrong_initiator, "main.initiator", (0, 1, 1)),
        (_wrong_main_type, "main.type", (1, 1, 1)),
        (_wrong_ref_status, "ref.events", (3, 0, 0)),
        (_wrong_ref_status, "ref.status", (2, 1, 1)),
        (_ref_type_changed, "ref.events", (2, 1, 1)),
        (_missing_org_and_extra_place, "mentions.organizations", (2, 0, 1)),
        (_missing_org_and_extra_place, "mentions.places", (2, 1, 0)),
        (_leader_named_differently_without_qid, "mentions.leaders", (3, 1, 1)),
    ],
)
def test_errors_are_counted(
    gold_dir: Path,
    mutate: Callable[[SystemRows], None],
    metric: str,
    expected: tuple[int, int, int],
) -> None:
    rows = perfect()
    mutate(rows)
    assert counts(evaluate(gold_dir, rows).scores[metric]) == expected


def test_missing_participant_halves_that_documents_recall(gold_dir: Path) -> None:
    rows = perfect()
    _drop_putin_from_a_call(rows)
    report = evaluate(gold_dir, rows)
    assert report.per_doc[A]["main.participants"].recall == 0.5
    assert report.per_doc[B]["main.participants"].recall == 1.0
    assert report.scores["main.participants"].recall == 0.75


@pytest.mark.parametrize(
    ("mutate", "exact", "compatible", "invented", "kind"),
    [
        (_invented_day, 1, 2, 1, "invented"),  # 2018-02-09 for 2018-02: compatible but invented
        (_date_where_gold_has_none, 1, 1, 1, "invented"),
        (lambda r: update(r.events, {"date": "2018"}, event=f"{IDS}event/{A}/e1"), 1, 2, 0, "wrong"),
        (lambda r: update(r.events, {"date": "2018-03"}, event=f"{IDS}event/{A}/e1"), 1, 1, 0, "wrong"),
        (lambda r: update(r.events, {"date": None}, event=f"{IDS}event/{A}/e1"), 1, 1, 0, "missed"),
    ],
)
def test_main_dates_are_tallied(
    gold_dir: Path,
    mutate: Callable[[SystemRows], None],
    exact: int,
    compatible: int,
    invented: int,
    kind: str,
) -> None:
    rows = perfect()
    mutate(rows)
    report = evaluate(gold_dir, rows)
    tally = report.dates["main"]
    assert (tally.compared, tally.exact, tally.compatible, tally.invented) == (
        2, exact, compatible, invented,
    )
    assert report.invented_dates == invented
    assert [i.kind for i in report.issues if i.area == "main date"] == [kind]


def test_invented_referenced_date_is_counted(gold_dir: Path) -> None:
    rows = perfect()
    update(rows.events, {"date": "2018-04-04"}, event=f"{IDS}event/{B}/e2")
    report = evaluate(gold_dir, rows)
    assert report.dates["ref"].invented == 1
    assert counts(report.scores["ref.date"]) == (1, 1, 0)
    assert counts(report.scores["ref.events"]) == (3, 0, 0)  # still paired: gold has no date


def test_referenced_events_with_disjoint_participants_do_not_pair(gold_dir: Path) -> None:
    rows = perfect()
    update(rows.events, {"participant": "Donald Trump", "participantWikidata": "Q22686"},
           event=f"{IDS}event/{A}/e2")
    assert counts(evaluate(gold_dir, rows).scores["ref.events"]) == (2, 1, 1)


def test_referenced_events_with_incompatible_dates_do_not_pair(gold_dir: Path) -> None:
    rows = perfect()
    update(rows.events, {"date": "2018-06"}, event=f"{IDS}event/{A}/e2")
    assert counts(evaluate(gold_dir, rows).scores["ref.events"]) == (2, 1, 1)


def test_position_without_offsets_matches_by_quote(gold_dir: Path) -> None:
    rows = perfect()
    update(rows.positions, {"start": None, "end": None}, position="pb1")
    assert counts(evaluate(gold_dir, rows).scores["positions.act"]) == (5, 0, 0)
    update(rows.positions, {"quote": "Un tout autre propos, sans rapport aucun."}, position="pb1")
    assert counts(evaluate(gold_dir, rows).scores["positions.found"]) == (4, 1, 1)


def test_positions_pair_one_to_one_by_largest_overlap(gold_dir: Path) -> None:
    rows = perfect()
    # A second system position overlapping gold p1 a little: p1 keeps the big overlap.
    rows.positions.append({"position": "pa9", "speaker": "Emmanuel Macron", "act": "note",
                           "doc": A, "start": 35, "end": 45})
    report = evaluate(gold_dir, rows)
    assert counts(report.scores["positions.act"]) == (5, 1, 0)
    spurious = [i.detail for i in report.issues if i.kind == "spurious"]
    assert spurious == ['[35-45] Emmanuel Macron/note ""']


def test_documents_without_gold_are_left_out_and_noted(gold_dir: Path) -> None:
    rows = perfect()
    rows.mentions.append({"doc": "999_other", "kind": "Country", "label": "Japan"})
    report = evaluate(gold_dir, rows)
    assert report.docs == [A, B]
    assert counts(report.scores["mentions.countries"]) == (6, 0, 0)
    assert any("999_other" in note for note in report.notes)


def test_gold_documents_without_rows_count_as_missed(gold_dir: Path) -> None:
    rows = perfect()
    rows.events = rows_where(rows.events, doc=A)
    rows.positions = rows_where(rows.positions, doc=A)
    rows.mentions = rows_where(rows.mentions, doc=A)
    report = evaluate(gold_dir, rows)
    assert counts(report.scores["mentions.countries"]) == (3, 0, 3)
    assert any(B in note for note in report.notes)


@pytest.mark.parametrize(("docs", "expected"), [([A], [A]), ([B], [B]), ([B, A], [A, B])])
def test_docs_restricts_the_scored_documents(
    gold_dir: Path, docs: list[str], expected: list[str]
) -> None:
    report = evaluate(gold_dir, perfect(), docs=docs)
    assert report.docs == expected
    assert sorted(report.per_doc) == expected


def test_unknown_doc_is_refused(gold_dir: Path) -> None:
    with pytest.raises(EvaluationError, match="no gold file for document"):
        evaluate(gold_dir, perfect(), docs=["nope"])


# --------------------------------------------------------------------------- report


def test_text_report_lists_figures_and_readable_issues(gold_dir: Path) -> None:
    rows = perfect()
    _spurious_country(rows)
    _wrong_act(rows)
    _invented_day(rows)
    _missing_position(rows)
    text = evaluate(gold_dir, rows).to_text()
    assert "positions found, right speaker (R)" in text
    assert "positions found, right act (R)" in text
    assert "positions precision (P)" in text
    lines = text.splitlines()
    # countries: 6 right of 7 claimed, all 6 found
    assert any(line.split()[:1] == ["countries"] and "0.857  1.000  0.923" in line for line in lines)
    assert any(line.startswith("100") and "countries" in line and 'spurious  "Germany"' in line
               for line in lines)
    assert any(line.startswith("100") and "got 2018-02-09 want 2018-02 (compatible)" in line
               and "invented" in line for line in lines)
    assert any(line.startswith("100") and "wrong" in line
               and "[50-94] got Emmanuel Macron + Vladimir Putin/other want "
                   "Emmanuel Macron + Vladimir Putin/agree" in line for line in lines)
    assert any(line.startswith("101") and "missed" in line
               and '[70-109] Donald Trump/condemn "Trump a condamné les essais nucléaires."' in line
               for line in lines)


def test_json_report_carries_the_same_figures(gold_dir: Path) -> None:
    rows = perfect()
    _wrong_act(rows)
    report = evaluate(gold_dir, rows)
    data = json.loads(report.to_json())
    assert data["documents"] == [A, B]
    act = data["scores"]["positions.act"]
    assert (act["tp"], act["fp"], act["fn"]) == (4, 1, 1)
    assert act["recall"] == pytest.approx(0.8)
    assert data["per_document"][A]["scores"]["positions.act"]["recall"] == pytest.approx(2 / 3)
    assert data["per_document"][B]["dates"]["main"]["exact"] == 1
    assert [i["kind"] for i in data["issues"]] == ["wrong"]
    figures = {h["figure"]: h["value"] for h in data["headline"]}
    assert figures["positions found, right act (R)"] == pytest.approx(0.8)
    assert figures["invented dates"] == 0


# --------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "p", "r", "f1"),
    [
        (0, 0, 0, None, None, None),
        (0, 0, 3, 0.0, 0.0, 0.0),
        (0, 2, 0, 0.0, 0.0, 0.0),
        (3, 1, 0, 0.75, 1.0, 6 / 7),
        (1, 1, 1, 0.5, 0.5, 0.5),
    ],
)
def test_score_figures(
    tp: int, fp: int, fn: int, p: float | None, r: float | None, f1: float | None
) -> None:
    score = Score(tp, fp, fn)
    assert score.precision == p
    assert score.recall == r
    assert score.f1 == (pytest.approx(f1) if f1 is not None else None)
    assert counts(score + Score(1, 2, 3)) == (tp + 1, fp + 2, fn + 3)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("United States", "United States of America"),
        ("United States", "USA"),
        ("Russia", "Russian Federation"),
        ("Syria", "Syrian Arab Republic"),
        ("Iran", "Islamic Republic of Iran"),
        ("Iran", "Iran, Islamic Republic of"),
        ("North Korea", "Korea, Democratic People's Republic of"),
        ("United Kingdom", "UK"),
        ("Turkey", "Türkiye"),
        ("Senegal", "Sénégal"),
        ("Netherlands", "the Netherlands"),
    ],
)
def test_country_variants_share_a_key(a: str, b: str) -> None:
    assert country_key(a) == country_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("North Korea", "South Korea"), ("Congo", "Democratic Republic of the Congo"), ("Austria", "Australia")],
)
def test_different_countries_differ(a: str, b: str) -> None:
    assert country_key(a) != country_key(b)


@pytest.mark.parametrize(
    ("gold", "system", "expected"),
    [
        ("APEC (Asia-Pacific Economic Cooperation)", "APEC", 4),
        ("Élysée (French presidency)", "elysee", 4),
        ("United Nations Security Council", "UN Security Council", 3),
        ("Saint Petersburg", "St. Petersburg", 3),
        ("OPCW", "Organisation for the Prohibition of Chemical Weapons", 2),
        ("Eastern Ghouta", "Ghouta", 1),
        ("Kremlin", "White House", 0),
        ("European Union", "African Union", 0),
    ],
)
def test_label_match_score(gold: str, system: str, expected: int) -> None:
    assert label_match_score(gold, system) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (Person("Vladimir Putin", "Q7747"), Person("Vladimir Poutine", "Q7747"), True),
        (Person("Vladimir Putin", "Q7747"), Person("vladimir putin"), True),
        (Person("Bashar al-Assad"), Person("Bashar Al Assad"), True),
        (Person("Emmanuel Macron", "Q3052772"), Person("Emmanuel Macron", "Q1"), False),
        (Person("Donald Trump"), Person("Donald Tusk"), False),
    ],
)
def test_leaders_match_by_qid_else_name(a: Person, b: Person, same: bool) -> None:
    assert a.same_as(b) is same


def test_normalize_name() -> None:
    assert normalize_name("  Élysée  (French  presidency) ") == "elysee french presidency"


# --------------------------------------------------------------------------- gold loading


def test_load_gold_reads_every_file(gold_dir: Path) -> None:
    gold = load_gold(gold_dir)
    assert sorted(gold) == [A, B]
    a = gold[A]
    assert [e.type for e in a.events] == ["PhoneCall", "Visit", "OtherEvent"]
    assert a.events[0].initiator == Person("Vladimir Putin", "Q7747")
    assert a.positions[1].speakers == (
        Person("Emmanuel Macron", "Q3052772"), Person("Vladimir Putin", "Q7747"),
    )
    assert a.positions[2].duplicate_of == "p1"
    assert a.positions[0].span == (0, 39)
    assert gold[B].events[0].date is None


def test_gold_id_defaults_to_file_stem(tmp_path: Path) -> None:
    doc = {k: v for k, v in GOLD_B.items() if k != "id"}
    (tmp_path / "555_x.json").write_text(json.dumps(doc), "utf-8")
    assert list(load_gold(tmp_path)) == ["555_x"]


def _without(key: str) -> dict[str, Any]:
    return {k: v for k, v in GOLD_B.items() if k != key}


def _bad_event_type() -> dict[str, Any]:
    doc = copy.deepcopy(GOLD_B)
    doc["events"][0]["type"] = 3
    return doc


def _bad_span() -> dict[str, Any]:
    doc = copy.deepcopy(GOLD_B)
    doc["positions"][0]["quote_span"] = [9, 2]
    return doc


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        ("{not json", "M003", "cannot be read as JSON"),
        (json.dumps(_without("countries")), "M004", "'countries'"),
        (json.dumps(_without("positions")), "M004", "'positions'"),
        (json.dumps(_bad_event_type()), "M004", "'events[0].type'"),
        (json.dumps(_bad_span()), "M004", "'positions[0].quote_span'"),
        (json.dumps([1, 2]), "M004", "expected an object"),
    ],
)
def test_bad_gold_file_is_named(tmp_path: Path, content: str, code: str, words: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    with pytest.raises(EvaluationError) as info:
        load_gold(tmp_path)
    assert info.value.code == code
    assert "bad.json" in str(info.value) and words in str(info.value)


def test_evaluation_error_is_in_the_error_tree() -> None:
    assert issubclass(EvaluationError, DiplographError)


@pytest.mark.parametrize(("make", "code"), [(False, "M001"), (True, "M002")])
def test_missing_or_empty_gold_folder(tmp_path: Path, make: bool, code: str) -> None:
    folder = tmp_path / "gold"
    if make:
        folder.mkdir()
    with pytest.raises(EvaluationError) as info:
        load_gold(folder)
    assert info.value.code == code


# --------------------------------------------------------------------------- system rows


def _sparql_json(rows: list[Any]) -> dict[str, Any]:
    names = sorted({k for r in rows for k in r})
    bindings = []
    for row in rows:
        cells = {}
        for k, v in row.items():
            if v is None:
                continue
            if isinstance(v, bool):
                cells[k] = {"type": "literal", "value": str(v).lower(),
                            "datatype": "http://www.w3.org/2001/XMLSchema#boolean"}
            elif str(v).startswith("http"):
                cells[k] = {"type": "uri", "value": str(v)}
            else:
                cells[k] = {"type": "literal", "value": str(v)}
        bindings.append(cells)
    return {"head": {"vars": names}, "results": {"bindings": bindings}}


def write_results(folder: Path, rows: SystemRows) -> Path:
    folder.mkdir(exist_ok=True)
    for name in ("events", "positions", "mentions"):
        data = _sparql_json(list(getattr(rows, name)))
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return folder


def test_rows_from_json_scores_like_the_rows(gold_dir: Path, tmp_path: Path) -> None:
    rows = perfect()
    _wrong_act(rows)
    _spurious_country(rows)
    folder = write_results(tmp_path / "results", rows)
    direct = evaluate(gold_dir, rows)
    via_files = evaluate(gold_dir, rows_from_json(folder))
    assert via_files.to_dict() == direct.to_dict()
    assert counts(via_files.scores["positions.act"]) == (4, 1, 1)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("positions", None, "M005"),
        ("events", "[]", "M006"),
        ("mentions", '{"head": {}, "boolean": true}', "M006"),
        ("events", '{"results": {"bindings": [{"doc": "x"}]}}', "M006"),
        ("events", "{oops", "M006"),
    ],
)
def test_unreadable_results_are_named(
    tmp_path: Path, name: str, content: str | None, code: str
) -> None:
    folder = write_results(tmp_path / "results", perfect())
    target = folder / f"{name}.json"
    if content is None:
        target.unlink()
    else:
        target.write_text(content, "utf-8")
    with pytest.raises(EvaluationError) as info:
        rows_from_json(folder)
    assert info.value.code == code
    assert f"{name}.json" in str(info.value)


@pytest.mark.parametrize(
    ("query", "column"),
    [("events", "main"), ("events", "doc"), ("positions", "position"), ("mentions", "kind")],
)
def test_missing_contract_column_is_refused(gold_dir: Path, query: str, column: str) -> None:
    rows = perfect()
    del getattr(rows, query)[0][column]
    with pytest.raises(EvaluationError) as info:
        evaluate(gold_dir, rows)
    assert info.value.code == "M007"
    assert repr(column) in str(info.value) and repr(query) in str(info.value)


def test_non_numeric_offset_is_refused(gold_dir: Path) -> None:
    rows = perfect()
    update(rows.positions, {"start": "twelve"}, position="pb1")
    with pytest.raises(EvaluationError) as info:
        evaluate(gold_dir, rows)
    assert info.value.code == "M008"


def test_rows_from_store_runs_the_three_contract_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []

    class FakeStore:
        closed = False

        @classmethod
        def open(cls, path: Path, read_only: bool = False) -> FakeStore:
            calls.append(("open", path, read_only))
            return cls()

        def close(self) -> None:
            calls.append("close")

    def run_query(store: FakeStore, name: str) -> Any:
        calls.append(name)
        return types.SimpleNamespace(rows=list(getattr(PERFECT, name)))

    monkeypatch.setitem(sys.modules, "graph.store", types.SimpleNamespace(GraphStore=FakeStore))
    monkeypatch.setitem(sys.modules, "graph.query", types.SimpleNamespace(run_query=run_query))
    rows = rows_from_store(Path("out/store"))
    assert calls == [("open", Path("out/store"), True), "events", "positions", "mentions", "close"]
    assert rows.positions == PERFECT.positions


# --------------------------------------------------------------------------- script


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "evaluate.py"), *args],
        capture_output=True, text=True, check=False,
    )


@pytest.mark.parametrize("as_json", [False, True])
def test_script_prints_the_report_and_exits_zero(
    gold_dir: Path, tmp_path: Path, as_json: bool
) -> None:
    rows = perfect()
    _spurious_country(rows)
    folder = write_results(tmp_path / "results", rows)
    result = run_script(str(gold_dir), "--json-dir", str(folder), *(["--json"] if as_json else []))
    assert result.returncode == 0, result.stderr
    if as_json:
        assert json.loads(result.stdout)["scores"]["mentions.countries"]["fp"] == 1
    else:
        assert 'spurious  "Germany"' in result.stdout


@pytest.mark.parametrize(("gold_ok", "results_ok", "code"), [(False, True, "M001"), (True, False, "M005")])
def test_script_exits_two_on_unreadable_input(
    gold_dir: Path, tmp_path: Path, gold_ok: bool, results_ok: bool, code: str
) -> None:
    results = write_results(tmp_path / "results", perfect()) if results_ok else tmp_path
    gold = gold_dir if gold_ok else tmp_path / "missing"
    result = run_script(str(gold), "--json-dir", str(results))
    assert result.returncode == 2
    assert f"[{code}]" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("gold", "system", "same"),
    [
        (("Mohammed VI", None), ("Mohammed VI of Morocco", "Q57553"), True),   # gold with no QID: a gazetteer name
        (("Poutine", None), ("Vladimir Putin", "Q7747"), True),                # an alias the gazetteer gives him
        (("Vladimir Putin", "Q7747"), ("Vladimir Poutine", None), False),      # the system did not resolve him
        (("Emmanuel Macron", None), ("Vladimir Putin", "Q7747"), False),
    ],
)
def test_a_gold_leader_without_qid_is_the_system_s_by_a_name_the_gazetteer_knows(
    gold: tuple[str, str | None], system: tuple[str, str | None], same: bool
) -> None:
    from graph.eval.names import Person, gold_matches

    assert gold_matches(Person(*gold), Person(*system)) is same
