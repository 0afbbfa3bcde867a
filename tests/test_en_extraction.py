"""English extraction with the real English model, on short sentences written for the test
(none is taken from a readout): the contact, its date, its initiator, who said what."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.records import Event, Extraction

pytestmark = pytest.mark.slow

Run = Callable[..., Extraction]


@pytest.fixture(scope="module")
def run_en() -> Run:
    from graph.extract import extract_doc
    from graph.gazetteer import Gazetteer
    from graph.ingest import readout_from_text
    from graph.nlp import load_pipeline
    from graph.records import PartialDate

    gaz = Gazetteer.default()
    nlp = load_pipeline(lang="en")

    def run(text: str, date: str | None = None, source: str | None = None) -> Extraction:
        r = readout_from_text("t", text, date=PartialDate.parse(date) if date else None, source=source, lang="en")
        return extract_doc(nlp(r.text), r, gaz, lambda _: [])

    return run


def _main(ex: Extraction) -> Event:
    mains = [e for e in ex.events if e.main]
    assert len(mains) == 1, [(e.type, e.label) for e in ex.events]
    return mains[0]


def _names(refs: object) -> set[str]:
    return {r.label for r in refs}  # type: ignore[attr-defined]


def test_had_a_telephone_conversation_with_is_the_call_of_both(run_en: Run) -> None:
    ex = run_en("Joe Biden had a telephone conversation with Emmanuel Macron on Monday.", "2024-03-14")
    main = _main(ex)
    assert main.type == "PhoneCall"
    assert _names(main.participants) == {"Joe Biden", "Emmanuel Macron"}
    assert str(main.date) == "2024-03-11"
    assert not [e for e in ex.events if not e.main]  # the conversation is the call itself


def test_a_visiting_leader_who_met_another_is_a_meeting_dated_by_its_verb(run_en: Run) -> None:
    main = _main(run_en("Visiting President Emmanuel Macron and Chancellor Olaf Scholz met in Berlin on Friday "
                        "and agreed to deepen their cooperation.", "2024-03-18"))
    assert main.type == "Meeting"
    assert _names(main.participants) == {"Emmanuel Macron", "Olaf Scholz"}
    assert str(main.date) == "2024-03-15"


def test_a_date_of_the_saying_is_not_the_date_of_the_contact(run_en: Run) -> None:
    main = _main(run_en("Joe Biden spoke with Emmanuel Macron at the summit, a White House spokesman said on Sunday.",
                        "2024-03-17"))
    assert str(main.date) == "2024-03"  # when they spoke is not said: the month, no day invented


def test_a_news_agency_dateline_is_not_the_date_of_the_contact(run_en: Run) -> None:
    main = _main(run_en("PARIS, March 5. The telephone call between Emmanuel Macron and Joe Biden was requested "
                        "by the American side.", "2024-03-05"))
    assert _names(main.participants) == {"Emmanuel Macron", "Joe Biden"}
    assert str(main.date) == "2024-03"


def test_a_line_that_is_only_a_date_dates_the_contact(run_en: Run) -> None:
    ex = run_en("Conversation with the President of France\n\nMarch 12, 2024\n\n"
                "Joe Biden had a telephone conversation with Emmanuel Macron.\n\nMarch 12, 2024\n", "2024-03-12")
    main = _main(ex)
    assert str(main.date) == "2024-03-12"


def test_a_dateline_outside_the_publication_period_is_not_taken(run_en: Run) -> None:
    main = _main(run_en("January 3, 2023\n\nJoe Biden had a telephone conversation with Emmanuel Macron.\n",
                        "2024-03-12"))
    assert str(main.date) == "2024-03"


@pytest.mark.parametrize(
    ("text", "initiator"),
    [
        ("At France's initiative, Joe Biden had a telephone conversation with Emmanuel Macron.", "Emmanuel Macron"),
        ("At President Biden's request, Joe Biden and Emmanuel Macron spoke by phone.", "Joe Biden"),
        ("On the initiative of the French side, Joe Biden spoke by phone with Emmanuel Macron.", "Emmanuel Macron"),
    ],
)
def test_who_initiated_the_contact(run_en: Run, text: str, initiator: str) -> None:
    main = _main(run_en(text, "2024-03-12"))
    assert main.initiator is not None and main.initiator.label == initiator


def _acts(ex: Extraction) -> list[tuple[str, set[str], str | None]]:
    return [(p.act, _names(p.speakers), p.act_detail) for p in ex.positions]


BOTH = {"Joe Biden", "Emmanuel Macron"}


@pytest.mark.parametrize(
    ("sentence", "act", "speakers", "detail"),
    [
        ("They pointed out the good cooperation between their agencies.", "note", BOTH, None),
        ("The two leaders also touched upon the situation in the Middle East.", "other", BOTH, "discuss"),
        ("They looked forward to the next summit.", "other", BOTH, "express_wish"),
        ("Both leaders reflected on the importance of the alliance.", "other", BOTH, "discuss"),
        ("Mr Biden described the conversation as warm.", "other", {"Joe Biden"}, "assert"),
        ("President Macron offered his congratulations on the anniversary.", "other", {"Emmanuel Macron"}, "express"),
        ("The heads of state also discussed bilateral cooperation.", "other", BOTH, "discuss"),
        ("Mr Biden underlined the importance of the alliance.", "stress", {"Joe Biden"}, None),
        ("President Macron extended his condolences to the families.", "other", {"Emmanuel Macron"},
         "express_condolences"),
        ("The leaders voiced concern about the escalation.", "express_concern", BOTH, None),
        ("Mr Biden hailed the agreement.", "welcome", {"Joe Biden"}, None),
        ("The two leaders acknowledged the progress made.", "note", BOTH, None),
        ("It was agreed to continue contacts at all levels.", "agree", BOTH, None),
        ("It was also stressed that the ceasefire must hold.", "stress", BOTH, None),
    ],
)
def test_english_verbs_of_saying_and_their_speakers(
    run_en: Run, sentence: str, act: str, speakers: set[str], detail: str | None
) -> None:
    ex = run_en("Joe Biden had a telephone conversation with Emmanuel Macron on Monday. " + sentence, "2024-03-14")
    assert (act, speakers, detail) in _acts(ex), _acts(ex)


def test_an_impersonal_passive_with_no_contact_is_nobody_s_act(run_en: Run) -> None:
    ex = run_en("It was agreed to continue contacts at all levels.", "2024-03-14")
    assert not ex.positions


def test_received_a_call_from_is_a_call_its_caller_initiated(run_en: Run) -> None:
    main = _main(run_en("President Joe Biden received a call from President Emmanuel Macron on Tuesday.", "2024-03-14"))
    assert main.type == "PhoneCall"
    assert _names(main.participants) == BOTH
    assert main.initiator is not None and main.initiator.label == "Emmanuel Macron"
    assert str(main.date) == "2024-03-12"


def test_x_called_y_on_a_day_is_a_call_not_a_call_on_y(run_en: Run) -> None:
    ex = run_en("Emmanuel Macron called Joe Biden on Friday to discuss the situation in the Middle East.", "2024-03-14")
    main = _main(ex)
    assert main.type == "PhoneCall" and _names(main.participants) == BOTH
    assert main.initiator is not None and main.initiator.label == "Emmanuel Macron"
    assert str(main.date) == "2024-03-08"
    assert not [p for p in ex.positions if p.act == "call_on"]


def test_held_talks_in_a_city_is_a_meeting_of_both(run_en: Run) -> None:
    main = _main(run_en("Joe Biden held talks with Emmanuel Macron in Paris on Monday.", "2024-03-14"))
    assert main.type == "Meeting" and _names(main.participants) == BOTH
    assert str(main.date) == "2024-03-11"


@pytest.mark.parametrize(
    ("source", "leader"),
    [
        ("Office of the Prime Minister, 10 Downing Street", "Rishi Sunak"),
        ("Press office of the White House (whitehouse.gov)", "Joe Biden"),
    ],
)
def test_a_source_naming_a_seat_of_government_tells_whose_the_bare_title_is(
    run_en: Run, source: str, leader: str
) -> None:
    title = "The Prime Minister" if "Downing" in source else "The President"
    ex = run_en(f"{title} spoke to Chancellor Olaf Scholz this afternoon. {title} welcomed the agreement.",
                "2024-03-14", source)
    assert _names(_main(ex).participants) == {leader, "Olaf Scholz"}
    assert ("welcome", {leader}, None) in _acts(ex)


def test_president_of_the_republic_names_no_home_in_english(run_en: Run) -> None:
    ex = run_en("The Prime Minister spoke to President Emmanuel Macron this afternoon.", "2024-03-14")
    assert "Gabriel Attal" not in {n for e in ex.events for n in _names(e.participants)}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Emmanuel Macron spoke with Joe Biden on Friday.", "2024-03-08"),
        ("Emmanuel Macron will speak with Joe Biden on Friday.", "2024-03-15"),
        ("Emmanuel Macron spoke with Joe Biden earlier today.", "2024-03-14"),
        ("Emmanuel Macron spoke with Joe Biden last week.", "2024-03"),  # no day is invented
        ("Emmanuel Macron spoke with Joe Biden two days ago.", "2024-03-12"),
    ],
)
def test_weekdays_and_relative_dates_against_the_publication_date(run_en: Run, text: str, date: str) -> None:
    assert str(_main(run_en(text, "2024-03-14")).date) == date


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("The French leader stressed the need for aid.", "Emmanuel Macron"),
        ("The American President called on Iran to show restraint.", "Joe Biden"),
        ("The US President thanked him.", "Joe Biden"),
    ],
)
def test_a_country_before_a_title_tells_whose_it_is(run_en: Run, sentence: str, speaker: str) -> None:
    ex = run_en("Joe Biden had a telephone conversation with Emmanuel Macron on Monday. " + sentence, "2024-03-14")
    assert [_names(p.speakers) for p in ex.positions] == [{speaker}]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The two leaders spoke on Dec. 23 about trade.", [("day_month", "2019-12-23")]),
        ("On Sept. 4, 2018, the presidents met.", [("full", "2018-09-04")]),
        ("They met in Dec. 2018 in Buenos Aires.", [("month_year", "2018-12")]),
        ("The call took place on the 23rd of December.", [("day_month", "2019-12-23")]),
        ("The President spoke last night with the Chancellor.", [("yesterday", "2019-12-25")]),
        ("Leaders may meet again; a decision in principle was taken.", []),
    ],
)
def test_english_dates_in_news_style(text: str, found: list[tuple[str, str]]) -> None:
    from graph.extract.dates import find_dates, resolve
    from graph.lang import pack
    from graph.records import PartialDate

    dates = find_dates(text, pack("en"))
    assert [(d.kind, str(resolve(d, PartialDate(2019, 12, 26)))) for d in dates] == found


def test_a_later_sentence_that_restates_the_call_by_its_group_dates_it(run_en: Run) -> None:
    text = ("The call between President Emmanuel Macron and Chancellor Olaf Scholz was requested by Berlin, "
            "a spokesman said on Thursday.\n\n"
            "On Tuesday, the two leaders held a telephone conversation on energy prices.\n")
    assert str(_main(run_en(text, "2023-03-09")).date) == "2023-03-07"


def test_a_restating_sentence_dated_long_before_the_report_does_not_date_the_call(run_en: Run) -> None:
    text = ("The call between President Emmanuel Macron and Chancellor Olaf Scholz was requested by Berlin, "
            "a spokesman said on Thursday.\n\n"
            "On January 12, the two leaders held a telephone conversation on energy prices.\n")
    assert str(_main(run_en(text, "2023-03-09")).date) != "2023-01-12"
