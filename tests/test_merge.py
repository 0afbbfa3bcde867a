"""The same event across readouts: same kind, same leaders, compatible dates, and words in
common where a date does not settle it."""

from __future__ import annotations

import pytest

from graph.merge import Candidate, candidates_from_rows, link_events, same_event, shingles
from graph.records import EntityRef, Event, Extraction, PartialDate, Position, Readout, Span

MACRON = EntityRef("Leader", "Q3052772", "Emmanuel Macron")
PUTIN = EntityRef("Leader", "Q7747", "Vladimir Putin")
TRUMP = EntityRef("Leader", "Q22686", "Donald Trump")
QUOTE = ("de tout faire pour que le régime syrien mette un terme à la dégradation insoutenable "
         "de la situation humanitaire dans la Ghouta orientale")
OTHER = "de poursuivre leurs échanges et de fixer de prochaines visites entre la Russie et la France"


def _iri(e: EntityRef) -> str:
    return f"urn:leader:{e.key}"


def _extraction(doc: str, etype: str, who: list[EntityRef], date: str | None, quote: str) -> Extraction:
    r = Readout(id=doc, text=quote, raw=quote, sha256="0" * 64)
    span = Span(0, len(quote), quote)
    ev = Event("e1", etype, True, "occurred", span, list(who), date=PartialDate.parse(date) if date else None)  # type: ignore[arg-type]
    pos = Position([who[0]], "ask", "a demandé", span, event="e1")
    return Extraction(r, events=[ev], positions=[pos])


def _link(batch: list[Extraction], stored: list[Candidate] | None = None) -> list[str | None]:
    link_events(batch, lambda participants, doc: list(stored or []), _iri, lambda doc, key: f"urn:event:{doc}/{key}")
    return [ex.events[0].same_as for ex in batch]


def test_a_press_report_quoting_the_communique_is_the_same_call() -> None:
    a = _extraction("elysee", "PhoneCall", [MACRON, PUTIN], None, "Il a demandé " + QUOTE)
    b = _extraction("press", "Meeting", [MACRON, PUTIN], "2018-02", "la demande faite " + QUOTE)
    assert _link([a, b]) == [None, "urn:event:elysee/e1"]


def test_a_later_readout_recalling_the_call_by_date_joins_it() -> None:
    b = _extraction("press", "PhoneCall", [MACRON, PUTIN], "2018-02", QUOTE)
    c = _extraction("later", "PhoneCall", [MACRON, PUTIN], "2018-02-09", "avait demandé " + QUOTE)
    assert _link([b, c]) == [None, "urn:event:press/e1"]


@pytest.mark.parametrize(
    ("etype", "who", "date", "quote", "why"),
    [
        ("PhoneCall", [MACRON, TRUMP], "2018-02", QUOTE, "other leaders"),
        ("PhoneCall", [MACRON, PUTIN], "2018-03", QUOTE, "incompatible dates"),
        ("Summit", [MACRON, PUTIN], "2018-02", QUOTE, "another kind of event"),
        ("PhoneCall", [MACRON, PUTIN], None, OTHER, "no date and nothing said in common"),
    ],
)
def test_different_events_stay_apart(etype: str, who: list[EntityRef], date: str | None, quote: str, why: str) -> None:
    first = _extraction("a", "PhoneCall", [MACRON, PUTIN], "2018-02", QUOTE)
    second = _extraction("b", etype, who, date, quote)
    assert _link([first, second]) == [None, None], why


def test_the_same_day_needs_no_words_in_common() -> None:
    a = _extraction("a", "PhoneCall", [MACRON, PUTIN], "2018-02-09", QUOTE)
    b = _extraction("b", "PhoneCall", [MACRON, PUTIN], "2018-02-09", OTHER)
    assert _link([a, b]) == [None, "urn:event:a/e1"]


def test_formulas_shared_by_different_calls_do_not_merge_them() -> None:
    formula = "Il s'est félicité de la dynamique des relations bilatérales "
    a = _extraction("a", "PhoneCall", [MACRON, PUTIN], None, formula + "franco-russes depuis Versailles et du dialogue")
    b = _extraction("b", "PhoneCall", [MACRON, PUTIN], None, formula + "et de la coopération économique en Arctique")
    assert _link([a, b]) == [None, None]


def test_an_event_already_in_the_store_keeps_its_iri() -> None:
    stored = Candidate("urn:event:old/e1", "PhoneCall", {_iri(MACRON), _iri(PUTIN)}, {PartialDate(2018, 2, 9)},
                       {"old"}, shingles(QUOTE))
    new = _extraction("new", "PhoneCall", [MACRON, PUTIN], "2018-02", QUOTE)
    assert _link([new], [stored]) == ["urn:event:old/e1"]


def test_candidates_from_rows_ignore_the_readout_being_rebuilt() -> None:
    rows = [
        {"event": "urn:e", "type": "PhoneCall", "date": "2018-02", "doc": "a", "actor": "urn:leader:1", "text": QUOTE},
        {"event": "urn:e", "type": "PhoneCall", "date": "2018-02-09", "doc": "b", "actor": "urn:leader:2",
         "text": None},
        {"event": "urn:e", "type": "PhoneCall", "date": None, "doc": "c", "actor": "urn:leader:1", "text": None},
    ]
    (cand,) = candidates_from_rows(rows, exclude_doc="a")
    assert cand.docs == {"b", "c"} and cand.actors == {"urn:leader:1", "urn:leader:2"}
    assert cand.dates == {PartialDate(2018, 2, 9)} and not cand.words
    assert same_event("PhoneCall", {"urn:leader:1", "urn:leader:2"}, PartialDate(2018, 2, 9), set(), cand)


def test_seen_finds_the_match_a_scan_of_every_event_finds() -> None:
    """The pair index gives the first match in the order events were added, as reading
    every event seen did."""
    import random

    from graph.merge import Candidate, Seen, same_event
    from graph.records import PartialDate

    rng = random.Random(7)
    leaders = [f"urn:l{i}" for i in range(6)]
    seen, every = Seen(), []
    matched = 0
    for i in range(300):
        actors = set(rng.sample(leaders, rng.choice((2, 2, 3))))
        day = PartialDate(2020, rng.randint(1, 3), rng.choice((None, rng.randint(1, 28))))
        kind = rng.choice(("PhoneCall", "Meeting", "Visit"))
        event = (kind, actors, day)
        first_scan = next((c for c in every if same_event(kind, actors, day, set(), c)), None)
        first_index = next((c for c in seen.sharing_two(actors) if same_event(kind, actors, day, set(), c)), None)
        assert first_index is first_scan, (i, event)
        matched += first_scan is not None
        candidate = Candidate(f"urn:e{i}", kind, actors, {day})
        seen.add(candidate)
        every.append(candidate)
    assert len(seen) == 300 and matched >= 10  # the check met real matches, not only misses
