"""Titles resolved through office terms on the readout's date, on a tiny hand-made gazetteer."""

from __future__ import annotations

from datetime import date

import pytest

from graph.gazetteer import Country, Gazetteer, Office, Person, Term
from graph.records import PartialDate
from graph.resolve import Resolver, slug


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer(
        countries=[Country("FRA", "Q142", "France", "France"), Country("RUS", "Q159", "Russia", "Russie")],
        persons=[
            Person("Q329", "Q329", "Nicolas Sarkozy", "Nicolas Sarkozy"),
            Person("Q3052772", "Q3052772", "Emmanuel Macron", "Emmanuel Macron"),
            Person("francois-hollande", "", "François Hollande", "François Hollande"),
            Person("Q7747", "Q7747", "Vladimir Putin", "Vladimir Poutine"),
            Person("Q23530", "Q23530", "Dmitry Medvedev", "Dmitri Medvedev"),
        ],
        offices=[
            Office("FRA.head_of_state", "FRA", "head_of_state", "President of France",
                   ("président", "président de la république", "chef de l'état")),
            Office("RUS.head_of_state", "RUS", "head_of_state", "President of Russia", ("président",)),
            Office("RUS.head_of_government", "RUS", "head_of_government", "Prime Minister of Russia",
                   ("premier ministre",)),
        ],
        terms=[
            Term("FRA.head_of_state", "Q329", date(2007, 5, 16), date(2012, 5, 15)),
            Term("FRA.head_of_state", "francois-hollande", date(2012, 5, 15), date(2017, 5, 14)),
            Term("FRA.head_of_state", "Q3052772", date(2017, 5, 14)),
            Term("RUS.head_of_state", "Q7747", date(2000, 5, 7), date(2008, 5, 7)),
            Term("RUS.head_of_state", "Q23530", date(2008, 5, 7), date(2012, 5, 7)),
            Term("RUS.head_of_state", "Q7747", date(2012, 5, 7)),
            Term("RUS.head_of_government", "Q7747", date(2008, 5, 8), date(2012, 5, 7)),
        ],
    )


@pytest.mark.parametrize(
    ("title", "country", "ref", "want", "via"),
    [
        ("président de la république", None, PartialDate(2018, 2, 9), "Emmanuel Macron", "title"),
        ("président de la république", None, PartialDate(2010, 6), "Nicolas Sarkozy", "title"),
        ("chef de l'état", None, PartialDate(2014), "François Hollande", "title"),
        ("président", "RUS", PartialDate(2010, 1, 1), "Dmitry Medvedev", "title"),
        ("premier ministre", "RUS", PartialDate(2010, 1, 1), "Vladimir Putin", "title"),
        ("président", "RUS", PartialDate(2018, 3), "Vladimir Putin", "title"),
        # no date: the latest holder, and the resolution says so
        ("président de la république", None, None, "Emmanuel Macron", "title-undated"),
    ],
)
def test_title_by_date(
    gaz: Gazetteer, title: str, country: str | None, ref: PartialDate | None, want: str, via: str
) -> None:
    found = Resolver(gaz, ref, home="FRA").by_title(title, country, "head_of_state")
    assert found is not None
    assert (found[0].label, found[1]) == (want, via)


def _president(resolver: Resolver) -> str:
    """The label of the leader "président de la République" designates (None is a failure)."""
    found = resolver.by_title("président de la république", None, "head_of_state")
    assert found is not None
    return found[0].label


def test_a_month_spanning_a_handover_prefers_the_leader_the_readout_names(gaz: Gazetteer) -> None:
    may_2017 = PartialDate(2017, 5)
    assert _president(Resolver(gaz, may_2017, home="FRA")) == "Emmanuel Macron"
    assert _president(Resolver(gaz, may_2017, home="FRA", named={"francois-hollande"})) == "François Hollande"


def test_without_a_date_a_named_holder_wins_over_the_latest(gaz: Gazetteer) -> None:
    assert _president(Resolver(gaz, None, home="FRA", named={"Q329"})) == "Nicolas Sarkozy"


def test_no_home_country_no_guess(gaz: Gazetteer) -> None:
    resolver = Resolver(gaz, PartialDate(2018), home=None)
    assert resolver.by_title("président de la république", None, "head_of_state") is None


def test_leader_refs_carry_wikidata_only_when_known(gaz: Gazetteer) -> None:
    r = Resolver(gaz, PartialDate(2014, 1, 1))
    hollande = r.leader("francois-hollande")
    assert (hollande.key, hollande.wikidata, hollande.country, hollande.office) == (
        "francois-hollande", None, "FRA", "FRA.head_of_state")
    assert r.leader("Q7747").wikidata == "Q7747"


def test_unknown_leaders_are_keyed_by_name_and_country(gaz: Gazetteer) -> None:
    r = Resolver(gaz, None)
    a = r.unknown_leader("Albert Kossigan", "BEN", None)
    b = r.unknown_leader("Albert Kossigan", "BEN", None)
    assert a == b and a.key == "x-albert-kossigan-ben" and not a.known and a.wikidata is None
    assert slug("Bachar el-Assad") == "bachar-el-assad"
