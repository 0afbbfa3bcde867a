"""The gazetteer: bundled data, lookups, user folders, malformed files and the checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pycountry
import pytest

from graph.errors import OntologyError
from graph.gazetteer import (
    COLUMNS,
    Country,
    Gazetteer,
    Office,
    Organization,
    Person,
    Place,
    Term,
    check,
    normalize,
)
from graph.resources import gazetteer_dir


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def write_tsv(folder: Path, name: str, rows: list[list[str]], header: list[str] | None = None) -> Path:
    """Write ``rows`` under the header the loader expects for ``name`` (or ``header``)."""
    lines = ["\t".join(header or COLUMNS[name])] + ["\t".join(row) for row in rows]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- bundled data


def test_bundled_gazetteer_has_no_problems(gaz: Gazetteer) -> None:
    assert check(gaz) == []


@pytest.mark.parametrize("name", sorted(p.name for p in gazetteer_dir().glob("*.tsv")))
def test_bundled_files_use_the_documented_column_order(name: str) -> None:
    lines = (gazetteer_dir() / name).read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.strip() and not line.startswith("#"))
    assert tuple(header.split("\t")) == COLUMNS[name]


def test_all_un_members_and_the_observers_are_present(gaz: Gazetteer) -> None:
    members = {c.iso3 for c in gaz.countries.values() if c.un_member}
    others = {c.iso3 for c in gaz.countries.values() if not c.un_member}
    assert len(members) == 193
    assert {"PSE", "VAT", "XKX", "TWN"} <= others
    assert {"FRA", "RUS", "USA", "SYR", "PRK", "SSD"} <= members


def test_country_codes_are_iso_3166_except_kosovo(gaz: Gazetteer) -> None:
    # pycountry is an independent source: a typo in a code would not be there.
    iso = {c.alpha_3 for c in pycountry.countries}
    assert set(gaz.countries) - iso == {"XKX"}


def test_every_capital_is_a_city_standing_for_its_country(gaz: Gazetteer) -> None:
    with_capital = [c for c in gaz.countries.values() if c.capital]
    assert len(with_capital) >= 190
    for country in with_capital:
        capital = gaz.places[country.capital]
        assert (capital.country, capital.metonym_for, capital.kind) == (country.iso3, country.iso3, "city")


@pytest.mark.parametrize("kind", ["presidency", "government"])
def test_presidencies_and_governments_name_a_known_country(gaz: Gazetteer, kind: str) -> None:
    seats = [o for o in gaz.organizations.values() if o.kind == kind]
    assert seats
    assert all(o.country in gaz.countries for o in seats)


# --------------------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  l\u2019État-Islamique ", "l'etat islamique"),
        ("ÉTATS\u2013UNIS", "etats unis"),
        ("Khan Cheïkhoun", "khan cheikhoun"),
        ("Cœur", "coeur"),
    ],
)
def test_normalize_folds_case_accents_apostrophes_and_hyphens(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("word", "iso3"),
    [
        ("russes", "RUS"),
        ("Américaine", "USA"),
        ("syriennes", "SYR"),
        ("nord-coréen", "PRK"),
        ("nord-coréennes", "PRK"),
        ("françaises", "FRA"),
        ("britanniques", "GBR"),
        ("allemande", "DEU"),
        ("ukrainienne", "UKR"),
        ("iraniens", "IRN"),
        ("turque", "TUR"),
        ("grecques", "GRC"),
        ("belges", "BEL"),
        ("lettonne", "LVA"),
        ("Syrian", "SYR"),
        ("congolais", None),  # Congo and DR Congo: ambiguous, so no answer
        ("européen", None),
        ("président", None),
    ],
)
def test_country_by_adjective(gaz: Gazetteer, word: str, iso3: str | None) -> None:
    found = gaz.country_by_adjective(word)
    assert (found.iso3 if found else None) == iso3


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("franco-russes", ["FRA", "RUS"]),
        ("russo-ukrainienne", ["RUS", "UKR"]),
        ("israélo-palestinien", ["ISR", "PSE"]),
        ("sino-nord-coréen", ["CHN", "PRK"]),
        ("franco\u2013allemand", ["FRA", "DEU"]),
        ("germano-franco-russe", ["DEU", "FRA", "RUS"]),
        ("syrien", ["SYR"]),
        ("indo-européen", []),
        ("franco", []),
        ("bilatérales", []),
    ],
)
def test_countries_in_compound(gaz: Gazetteer, word: str, expected: list[str]) -> None:
    assert [c.iso3 for c in gaz.countries_in_compound(word)] == expected


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Etats-Unis", "USA"),
        ("états-unis", "USA"),
        ("les États-Unis", "USA"),
        ("Etats-Unis d'Amérique", "USA"),
        ("Fédération de Russie", "RUS"),
        ("la Russie", "RUS"),
        ("Russian Federation", "RUS"),
        ("Corée du Nord", "PRK"),
        ("République arabe syrienne", "SYR"),
        ("Royaume-Uni", "GBR"),
        ("Côte d\u2019Ivoire", "CIV"),
        ("Saint-Siège", "VAT"),
        ("Corée", None),
        ("Amérique", None),
    ],
)
def test_country_by_name_ignores_case_accents_and_articles(gaz: Gazetteer, name: str, iso3: str | None) -> None:
    found = gaz.country_by_name(name)
    assert (found.iso3 if found else None) == iso3


@pytest.mark.parametrize(
    ("name", "metonym_for"),
    [("Moscou", "RUS"), ("Damas", "SYR"), ("Washington", "USA"), ("Pékin", "CHN"), ("Kiev", "UKR"), ("Kyiv", "UKR")],
)
def test_capitals_stand_for_their_country(gaz: Gazetteer, name: str, metonym_for: str) -> None:
    place = gaz.place_by_name(name)
    assert place is not None and place.metonym_for == metonym_for


@pytest.mark.parametrize(
    ("name", "country"),
    [("Sotchi", "RUS"), ("Ghouta orientale", "SYR"), ("Khan Cheikhoun", "SYR"), ("Saint-Pétersbourg", "RUS")],
)
def test_other_places_are_not_metonyms(gaz: Gazetteer, name: str, country: str) -> None:
    place = gaz.place_by_name(name)
    assert place is not None and (place.country, place.metonym_for) == (country, "")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("OIAC", "OPCW"),
        ("Daech", "ISIS"),
        ("organisation Etat islamique", "ISIS"),
        ("Maison blanche", "WHITE_HOUSE"),
        ("l'Elysée", "ELYSEE"),
        ("le Kremlin", "KREMLIN"),
        ("ONU", "UN"),
        ("Nations unies", "UN"),
        ("conseil de sécurité", "UNSC"),
        ("UE", "EU"),
        ("OTAN", "NATO"),
        # ordinary words must not turn into organizations once case is folded
        ("un", None),
        ("au", None),
        ("eu", None),
        ("ce", None),
        ("présidence", None),
    ],
)
def test_organization_by_name(gaz: Gazetteer, name: str, key: str | None) -> None:
    found = gaz.organization_by_name(name)
    assert (found.key if found else None) == key


def test_surface_forms_cover_every_kind_with_their_variants(gaz: Gazetteer) -> None:
    forms = set(gaz.surface_forms())
    assert {kind for kind, _, _ in forms} == {"Leader", "Country", "Organization", "Place"}
    assert ("Country", "Etats-Unis", "USA") in forms  # accent-free variant of États-Unis
    assert ("Country", "Côte d\u2019Ivoire", "CIV") in forms  # curly-apostrophe variant
    assert ("Organization", "OIAC", "OPCW") in forms
    assert ("Place", "Sotchi", "sochi") in forms
    person = next(iter(gaz.persons.values()))
    assert ("Leader", person.name_fr, person.key) in forms


@pytest.mark.parametrize(
    ("office", "day", "name_en"),
    [
        ("FRA.head_of_state", date(2018, 2, 9), "Emmanuel Macron"),
        ("FRA.head_of_state", date(2010, 6, 1), "Nicolas Sarkozy"),
        ("RUS.head_of_state", date(2010, 1, 1), "Dmitry Medvedev"),
        ("USA.head_of_state", date(2017, 11, 21), "Donald Trump"),
        ("USA.head_of_state", date(2022, 6, 1), "Joe Biden"),
        ("GBR.head_of_state", date(2023, 6, 1), "Charles III"),
    ],
)
def test_title_holder_by_date(gaz: Gazetteer, office: str, day: date, name_en: str) -> None:
    holder = gaz.holder(office, day)
    assert holder is not None and holder.name_en == name_en


@pytest.mark.parametrize(
    ("day", "covered"),
    [(date(2017, 5, 14), True), (date(2017, 5, 13), False), (date(2020, 1, 1), False), (date(2019, 12, 31), True)],
)
def test_term_covers_start_but_not_end(day: date, covered: bool) -> None:
    term = Term("FRA.head_of_state", "x", date(2017, 5, 14), date(2020, 1, 1))
    assert term.covers(day) is covered


# --------------------------------------------------------------------------- user folders

FRANCE_WITH_NICKNAME = [
    "FRA", "Q142", "France", "France", "République française|Hexagone", "French Republic",
    "français|française|françaises", "French", "franco", "Q90", "true",
]


@pytest.fixture()
def user_dir(tmp_path: Path) -> Path:
    write_tsv(tmp_path, "countries.tsv", [
        FRANCE_WITH_NICKNAME,
        ["ZZX", "", "Zedland", "Zédlande", "", "", "zédlandais", "Zedlander", "", "", "false"],
    ])
    write_tsv(tmp_path, "persons.tsv", [["zara-zed", "", "Zara Zed", "Zara Zed", "Zed", "f"]])
    write_tsv(tmp_path, "offices.tsv", [
        ["ZZX.head_of_state", "ZZX", "head_of_state", "President of Zedland", "président zédlandais",
         "zedlander president"],
    ])
    write_tsv(tmp_path, "terms.tsv", [["ZZX.head_of_state", "zara-zed", "2019-03-01", "", ""]])
    return tmp_path


def test_user_folder_adds_a_leader_with_office_and_term(user_dir: Path) -> None:
    g = Gazetteer.load([user_dir])
    assert g.person_by_name("Zed") == g.persons["zara-zed"]
    assert g.holder("ZZX.head_of_state", date(2020, 1, 1)) == g.persons["zara-zed"]
    assert g.holder("ZZX.head_of_state", date(2019, 2, 28)) is None
    assert [o.key for o in g.offices_by_title("le président zédlandais")] == ["ZZX.head_of_state"]
    assert not any("ZZX" in p or "zara-zed" in p for p in check(g))


def test_user_folder_row_replaces_the_bundled_row(user_dir: Path, gaz: Gazetteer) -> None:
    g = Gazetteer.load([user_dir])
    assert gaz.country_by_name("Hexagone") is None
    france = g.country_by_name("Hexagone")
    assert france is not None and france.iso3 == "FRA"
    # ISO 3166 names are still added to the replaced row; other countries are untouched.
    assert g.country_by_name("République française") == france
    assert g.countries["RUS"] == gaz.countries["RUS"]
    assert len(g.countries) == len(gaz.countries) + 1


def test_user_file_may_order_columns_differently(tmp_path: Path) -> None:
    header = ["name_fr", "key", "qid", "name_en", "aliases", "kind", "country"]
    write_tsv(tmp_path, "organizations.tsv", [["Acmé", "ACME", "", "Acme", "ACM", "company", "FRA"]], header)
    g = Gazetteer.load([tmp_path])
    assert g.organizations["ACME"].name_fr == "Acmé"
    assert g.organization_by_name("acm") == g.organizations["ACME"]


def test_missing_user_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(OntologyError) as info:
        Gazetteer.load([tmp_path / "nowhere"])
    assert info.value.code == "O005"
    assert "nowhere" in str(info.value)


# --------------------------------------------------------------------------- malformed files

PERSON = ["zara-zed", "", "Zara Zed", "Zara Zed", "", "f"]
OFFICE = ["ZZX.head_of_state", "ZZX", "head_of_state", "President of Zedland", "", ""]


@pytest.mark.parametrize(
    ("files", "bad_file", "line", "words"),
    [
        pytest.param(
            {"countries.tsv": [["ZZX", "", "Zedland", "Zédlande", "", "", "", "", "", "false"]]},
            "countries.tsv", 2, "columns", id="wrong-column-count",
        ),
        pytest.param(
            {"places.tsv": [["zed-city", "Q12x", "Zed City", "Zed City", "", "", "city", ""]]},
            "places.tsv", 2, "Wikidata", id="bad-qid",
        ),
        pytest.param(
            {"places.tsv": [["Q1", "Q2", "Zed City", "Zed City", "", "", "city", ""]]},
            "places.tsv", 2, "differ", id="key-and-qid-differ",
        ),
        pytest.param(
            {"persons.tsv": [PERSON], "offices.tsv": [OFFICE],
             "terms.tsv": [["ZZX.head_of_state", "zara-zed", "2018-13-01", "", ""]]},
            "terms.tsv", 2, "date", id="bad-date",
        ),
        pytest.param(
            {"persons.tsv": [PERSON], "offices.tsv": [OFFICE],
             "terms.tsv": [["ZZX.head_of_state", "zara-zed", "2018-01-01", "", ""],
                           ["ZZX.head_of_state", "nobody", "2019-01-01", "", ""]]},
            "terms.tsv", 3, "nobody", id="unknown-person",
        ),
        pytest.param(
            {"persons.tsv": [PERSON],
             "terms.tsv": [["ZZX.head_of_government", "zara-zed", "2018-01-01", "", ""]]},
            "terms.tsv", 2, "office", id="unknown-office",
        ),
        pytest.param(
            {"organizations.tsv": [["ACME", "", "Acme", "Acme", "", "company", ""],
                                   ["ACME", "", "Acme 2", "Acme 2", "", "company", ""]]},
            "organizations.tsv", 3, "duplicate", id="duplicate-key",
        ),
        pytest.param(
            {"countries.tsv": [["fr", "", "Zedland", "Zédlande", "", "", "", "", "", "", "false"]]},
            "countries.tsv", 2, "ISO 3166", id="bad-country-code",
        ),
        pytest.param(
            {"countries.tsv": [["ZZX", "", "Zedland", "Zédlande", "", "", "", "", "", "", "yes"]]},
            "countries.tsv", 2, "true", id="bad-boolean",
        ),
        pytest.param(
            {"offices.tsv": [["ZZX.president", "ZZX", "head_of_state", "President", "", ""]]},
            "offices.tsv", 2, "ZZX.head_of_state", id="office-key-not-country-and-role",
        ),
        pytest.param(
            {"organizations.tsv": [["ACME", "", "Acme", "Acme", "", "bank", ""]]},
            "organizations.tsv", 2, "kind", id="unknown-kind",
        ),
    ],
)
def test_malformed_rows_name_file_and_line(
    tmp_path: Path, files: dict[str, list[list[str]]], bad_file: str, line: int, words: str
) -> None:
    for name, rows in files.items():
        write_tsv(tmp_path, name, rows)
    with pytest.raises(OntologyError) as info:
        Gazetteer.load([tmp_path])
    message = str(info.value)
    assert info.value.code == "O002"
    assert Path(str(info.value.values["path"])).name == bad_file
    assert int(info.value.values["line"]) == line
    assert f"line {line}:" in message and bad_file in message and words in message


def test_header_naming_wrong_columns_is_rejected(tmp_path: Path) -> None:
    write_tsv(tmp_path, "places.tsv", [], header=["key", "qid", "name", "country"])
    with pytest.raises(OntologyError) as info:
        Gazetteer.load([tmp_path])
    assert info.value.values["line"] == 1
    assert "name_en" in str(info.value) and "missing" in str(info.value)


def test_comments_and_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    path = tmp_path / "organizations.tsv"
    path.write_text(
        "# a comment\n\n" + "\t".join(COLUMNS["organizations.tsv"]) + "\n# another\nACME\tQ\tAcme\n",
        encoding="utf-8",
    )
    with pytest.raises(OntologyError) as info:
        Gazetteer.load([tmp_path])
    assert info.value.values["line"] == 5


# --------------------------------------------------------------------------- checks


def _country(iso3: str, qid: str = "", capital: str = "", names: tuple[str, ...] = ()) -> Country:
    return Country(iso3, qid, iso3.title(), iso3.title(), aliases_fr=names, capital=capital)


def _term(person: str, start: date, end: date | None) -> Term:
    return Term("ZZX.head_of_state", person, start, end, source=f"terms.tsv:{start.year}")


_OFFICE = Office("ZZX.head_of_state", "ZZX", "head_of_state", "President of Zedland")
_PEOPLE = [Person(k, "", k, k) for k in ("a", "b", "c")]


def _problems_about(g: Gazetteer, word: str) -> list[str]:
    # Small hand-made gazetteers never hold 193 UN members; look only at what the case is about.
    return [p for p in check(g) if word in p]


@pytest.mark.parametrize(
    ("terms", "overlaps"),
    [
        pytest.param([_term("a", date(2010, 1, 1), date(2015, 1, 1)), _term("b", date(2015, 1, 1), None)], 0,
                     id="same-day-handover"),
        pytest.param([_term("a", date(2010, 1, 1), date(2015, 6, 1)), _term("b", date(2015, 1, 1), None)], 1,
                     id="overlap"),
        pytest.param([_term("a", date(2010, 1, 1), None), _term("b", date(2015, 1, 1), None)], 1,
                     id="open-term-then-another"),
        pytest.param([_term("a", date(2000, 1, 1), date(2020, 1, 1)), _term("b", date(2005, 1, 1), date(2006, 1, 1)),
                      _term("c", date(2010, 1, 1), date(2011, 1, 1))], 2, id="long-term-overlaps-two-later-ones"),
    ],
)
def test_check_finds_overlapping_terms(terms: list[Term], overlaps: int) -> None:
    g = Gazetteer(countries=[_country("ZZX")], persons=_PEOPLE, offices=[_OFFICE], terms=terms)
    assert len(_problems_about(g, "overlaps")) == overlaps


@pytest.mark.parametrize(
    ("gazetteer", "word"),
    [
        pytest.param(Gazetteer(countries=[_country("ZZX", "Q5")], places=[Place("Q5", "Q5", "Zed", "Zed")]),
                     "Q5", id="qid-names-two-entities"),
        pytest.param(Gazetteer(countries=[_country("ZZX")], offices=[Office("ZZY.head_of_state", "ZZY",
                                                                         "head_of_state", "President")]),
                     "ZZY", id="office-of-unknown-country"),
        pytest.param(Gazetteer(countries=[_country("ZZX", capital="zed-city")]), "zed-city",
                     id="capital-not-in-places"),
        pytest.param(Gazetteer(places=[Place("zed", "", "Zed", "Zed", metonym_for="ZZY")]), "ZZY",
                     id="metonym-for-unknown-country"),
        pytest.param(Gazetteer(organizations=[Organization("PALACE", "", "Palace", "Palais", kind="presidency")]),
                     "PALACE", id="presidency-without-country"),
        pytest.param(Gazetteer(terms=[_term("nobody", date(2010, 1, 1), None)]), "nobody",
                     id="term-of-unknown-person"),
        pytest.param(Gazetteer(organizations=[Organization("A", "", "A", "A", ("ACM",)),
                                              Organization("B", "", "B", "B", ("acm",))]),
                     "'acm'", id="alias-shared-by-two-organizations"),
        pytest.param(Gazetteer(countries=[_country("ZZX")]), "193", id="un-members-missing"),
    ],
)
def test_check_reports_each_kind_of_problem(gazetteer: Gazetteer, word: str) -> None:
    assert _problems_about(gazetteer, word)


def test_ambiguous_list_accepts_a_shared_alias_and_lookups_give_no_answer() -> None:
    orgs = [Organization("A", "", "A", "A", ("ACM",)), Organization("B", "", "B", "B", ("acm",))]
    g = Gazetteer(organizations=orgs, ambiguous=[("organization", "Acm")])
    assert _problems_about(g, "'acm'") == []
    assert g.organization_by_name("ACM") is None


def test_load_cached_reads_again_only_when_a_file_changed(tmp_path: Path) -> None:
    from graph.gazetteer import load_cached

    (tmp_path / "persons.tsv").write_text(
        "key\tqid\tname_en\tname_fr\taliases\tgender\nx-ana\t\tAna Test\tAna Test\t\tf\n", encoding="utf-8"
    )
    first = load_cached([tmp_path])
    assert load_cached([tmp_path]) is first
    (tmp_path / "persons.tsv").write_text(
        "key\tqid\tname_en\tname_fr\taliases\tgender\nx-ana\t\tAna Other\tAna Other\t\tf\n", encoding="utf-8"
    )
    second = load_cached([tmp_path])
    assert second is not first and second.persons["x-ana"].name_en == "Ana Other"


def test_an_office_with_no_title_in_a_language_of_the_packs_is_reported(user_dir: Path) -> None:
    write_tsv(user_dir, "offices.tsv", [
        ["ZZX.head_of_state", "ZZX", "head_of_state", "President of Zedland", "président zédlandais", ""],
    ])
    problems = check(Gazetteer.load([user_dir]))
    assert any(p.endswith("office ZZX.head_of_state: no title in titles_en") for p in problems), problems
    assert not any("no title in titles_fr" in p for p in problems)
