"""Date expressions: found in text, resolved against the publication date, never invented."""

from __future__ import annotations

import pytest

from graph.extract.dates import find_dates, resolve
from graph.records import PartialDate


def _one(text: str, ref: PartialDate | None, **kw: object) -> str | None:
    found = find_dates(text)
    assert len(found) == 1, f"expected one date expression in {text!r}, found {found}"
    r = resolve(found[0], ref, **kw)  # type: ignore[arg-type]
    return None if r is None else str(r)


@pytest.mark.parametrize(
    ("text", "ref", "tense", "want"),
    [
        ("le 21 novembre 2017", None, None, "2017-11-21"),
        ("ce 1er mars 2018", None, None, "2018-03-01"),
        ("en novembre 2017", None, None, "2017-11"),
        ("en 2016", None, None, "2016"),
        # "dernier/prochain": dateparser gives nothing for these
        ("le 29 mai dernier", PartialDate(2018, 2), None, "2017-05-29"),
        ("le 29 mai dernier", PartialDate(2018, 6, 1), None, "2018-05-29"),
        ("le 27 février prochain", PartialDate(2018, 2), None, "2018-02-27"),
        ("le 3 janvier prochain", PartialDate(2018, 11, 20), None, "2019-01-03"),
        ("en mai prochain", PartialDate(2018, 2), None, "2018-05"),
        ("en mai dernier", PartialDate(2018, 2), None, "2017-05"),
        ("en mai dernier", PartialDate(2018, 5, 20), None, "2017-05"),
        # a tense decides when the expression does not
        ("réuni en décembre", PartialDate(2018, 2), "past", "2017-12"),
        ("prévu en décembre", PartialDate(2018, 2), "future", "2018-12"),
        ("le 19 mars", PartialDate(2018, 4), "past", "2018-03-19"),
        # same-day expressions keep the precision of the reference
        ("ce matin", PartialDate(2018, 2, 9), None, "2018-02-09"),
        ("ce matin", PartialDate(2018, 2), None, "2018-02"),
        ("vendredi matin", PartialDate(2018, 4), None, "2018-04"),
        ("vendredi", PartialDate(2018, 4, 16), None, "2018-04-13"),
        ("vendredi prochain", PartialDate(2018, 4, 16), None, "2018-04-20"),
        ("hier", PartialDate(2018, 3, 1), None, "2018-02-28"),
        ("avant-hier", PartialDate(2018, 3, 1), None, "2018-02-27"),
        ("d'ici la fin de l'année", PartialDate(2017, 10), None, "2017"),
        ("l'an dernier", PartialDate(2017, 10), None, "2016"),
        ("le mois prochain", PartialDate(2017, 12), None, "2018-01"),
    ],
)
def test_resolve_against_publication_date(text: str, ref: PartialDate | None, tense: str | None, want: str) -> None:
    assert _one(text, ref, tense=tense) == want


@pytest.mark.parametrize(
    "text",
    ["le 4 mars", "ce matin", "vendredi", "en mai prochain", "le 29 mai dernier", "hier", "cette année"],
)
def test_no_date_is_invented_without_a_reference(text: str) -> None:
    assert _one(text, None) is None


def test_eve_resolves_from_the_anchor_event() -> None:
    assert _one("son entretien de la veille", None, anchor=PartialDate(2017, 11, 21)) == "2017-11-20"
    assert _one("son entretien de la veille", None) is None
    assert _one("le lendemain", None, anchor=PartialDate(2017, 12, 31)) == "2018-01-01"


def test_impossible_dates_resolve_to_nothing() -> None:
    assert _one("le 31 février 2018", None) is None


def test_expressions_do_not_overlap_and_keep_offsets() -> None:
    text = "Déjà le 9 février Emmanuel Macron avait appelé; le 19 mars, il a redit ce 21 novembre 2017."
    found = find_dates(text)
    assert [text[d.start:d.end] for d in found] == ["9 février", "19 mars", "21 novembre 2017"]
    assert [d.kind for d in found] == ["day_month", "day_month", "full"]
