"""The gazetteer: leaders, offices and their terms, countries, organizations and places.

The gazetteer is data, not code. It lives as tab-separated files in
``ontology/gazetteer/`` (the format is described in the README there) and is
read here into frozen records with fast, normalized lookups::

    >>> from datetime import date
    >>> g = Gazetteer.default()
    >>> g.holder("FRA.head_of_state", date(2018, 2, 9)).name_en
    'Emmanuel Macron'
    >>> [c.iso3 for c in g.countries_in_compound("franco-russes")]
    ['FRA', 'RUS']
    >>> g.country_by_name("Etats-Unis").iso3
    'USA'

ISO 3166 names (English, and French through the translations pycountry ships)
are added to the hand-typed country aliases when the files are loaded, so the
files only hold what no package carries: Wikidata ids, the usual short French
names, adjectives, combining forms, leaders, offices and terms.

A user extends or corrects the bundled data with folders of their own holding
any of the same-named files (``extra_dirs``): a row with the key of a bundled
row replaces it, any other row is added.

Lookups compare :func:`normalize`-d text: case, accents, apostrophes, hyphens
and runs of spaces do not matter ("Etats-Unis" finds "États-Unis").
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeAlias

from graph.errors import Msg, OntologyError
from graph.resources import gazetteer_dir

__all__ = [
    "Country",
    "Gazetteer",
    "Office",
    "Organization",
    "Person",
    "Place",
    "Term",
    "check",
    "load_cached",
    "normalize",
]

Role = Literal["head_of_state", "head_of_government"]
SurfaceKind = Literal["Leader", "Country", "Organization", "Place"]

ROLES: tuple[str, ...] = ("head_of_state", "head_of_government")
ORGANIZATION_KINDS: tuple[str, ...] = ("igo", "presidency", "government", "group", "company", "media")
PLACE_KINDS: tuple[str, ...] = ("city", "region", "building", "other")
GENDERS: tuple[str, ...] = ("m", "f", "")
AMBIGUOUS_KINDS: tuple[str, ...] = (
    "country",
    "country_adjective",
    "country_prefix",
    "organization",
    "place",
    "person",
)
UN_MEMBERS = 193

# Columns of each file, in the order the bundled files use. A user file may
# order them differently; it must name them all and no others.
COLUMNS: dict[str, tuple[str, ...]] = {
    "countries.tsv": (
        "iso3",
        "qid",
        "name_en",
        "name_fr",
        "aliases_fr",
        "aliases_en",
        "adjectives_fr",
        "adjectives_en",
        "prefixes_fr",
        "capital",
        "un_member",
    ),
    "organizations.tsv": ("key", "qid", "name_en", "name_fr", "aliases", "kind", "country"),
    "places.tsv": ("key", "qid", "name_en", "name_fr", "aliases", "country", "kind", "metonym_for"),
    "persons.tsv": ("key", "qid", "name_en", "name_fr", "aliases", "gender"),
    "offices.tsv": ("key", "country", "role", "title_en", "titles_fr", "titles_en"),
    "terms.tsv": ("office", "person", "start", "end", "note"),
    "ambiguous.tsv": ("kind", "text", "note"),
}

_QID_RE = re.compile(r"^Q[1-9][0-9]*$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ORG_KEY_RE = re.compile(r"^[A-Z0-9][A-Z0-9_]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLS = {"true": True, "false": False}

# Typographic variants folded before comparing: curly and modifier apostrophes,
# the dashes and minus signs word processors substitute for a hyphen.
_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u02bb": "'",
        "\u02bd": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u0153": "oe",
        "\u0152": "oe",
        "\u00e6": "ae",
        "\u00c6": "ae",
    }
)
_HYPHENS = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d]")
_SPACES = re.compile(r"\s+")
_ARTICLES = re.compile(r"^(?:l'|le |la |les |the )")


def normalize(text: str) -> str:
    """The comparison key of a name: casefolded, accents stripped, apostrophes
    straightened, hyphens and runs of whitespace turned into one space.

    >>> normalize("  l’État-Islamique ")
    "l'etat islamique"
    """
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return _SPACES.sub(" ", bare.replace("-", " ")).strip()


def _strip_article(key: str) -> str:
    return _ARTICLES.sub("", key, count=1)


def _unaccent(text: str) -> str:
    """``text`` with its accents removed but its case kept (a surface form as typed without accents)."""
    folded = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in folded if not unicodedata.combining(ch)))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Non-empty items in first-seen order, without repeats."""
    return tuple(dict.fromkeys(i for i in items if i))


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Country:
    """A sovereign state (or an observer or partially recognised state), keyed by ISO 3166 alpha-3."""

    iso3: str
    qid: str
    name_en: str
    name_fr: str
    aliases_fr: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    adjectives_fr: tuple[str, ...] = ()
    adjectives_en: tuple[str, ...] = ()
    prefixes_fr: tuple[str, ...] = ()
    capital: str = ""
    un_member: bool = True
    source: str = field(default="", compare=False)

    @property
    def key(self) -> str:
        return self.iso3

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the country goes by: short names first, then aliases."""
        return _unique((self.name_fr, self.name_en, *self.aliases_fr, *self.aliases_en))


@dataclass(frozen=True)
class Organization:
    """An international organization, a group, or a presidency or government named by its seat."""

    key: str
    qid: str
    name_en: str
    name_fr: str
    aliases: tuple[str, ...] = ()
    kind: str = "igo"
    country: str = ""
    source: str = field(default="", compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return _unique((self.name_fr, self.name_en, *self.aliases))


@dataclass(frozen=True)
class Place:
    """A city, region, building or other place; ``metonym_for`` names the country whose
    government the place stands for ("Moscou" for Russia)."""

    key: str
    qid: str
    name_en: str
    name_fr: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    kind: str = "city"
    metonym_for: str = ""
    source: str = field(default="", compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return _unique((self.name_fr, self.name_en, *self.aliases))


@dataclass(frozen=True)
class Person:
    """A leader; ``key`` is the Wikidata id when it is known, a slug otherwise."""

    key: str
    qid: str
    name_en: str
    name_fr: str
    aliases: tuple[str, ...] = ()
    gender: str = ""
    source: str = field(default="", compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return _unique((self.name_fr, self.name_en, *self.aliases))


@dataclass(frozen=True)
class Office:
    """A head of state or head of government post of one country (``FRA.head_of_state``)."""

    key: str
    country: str
    role: str
    title_en: str
    titles_fr: tuple[str, ...] = ()
    titles_en: tuple[str, ...] = ()
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class Term:
    """One person holding one office from ``start`` until ``end`` (``None`` while in office).

    The end day is the successor's first day, so a term covers ``start <= day < end``.
    """

    office: str
    person: str
    start: date
    end: date | None = None
    note: str = ""
    source: str = field(default="", compare=False)

    def covers(self, day: date) -> bool:
        """True when the person held the office on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Row:
    path: Path
    line: int
    values: dict[str, str]

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line}"

    def fail(self, detail: str) -> OntologyError:
        return OntologyError(Msg.O002, path=self.path, line=self.line, detail=detail)

    def text(self, column: str) -> str:
        return self.values[column]

    def items(self, column: str) -> tuple[str, ...]:
        return _unique(part.strip() for part in self.values[column].split("|"))

    def required(self, column: str) -> str:
        value = self.values[column]
        if not value:
            raise self.fail(f"the column {column!r} is empty; it is required")
        return value

    def qid(self, column: str = "qid") -> str:
        value = self.values[column]
        if value and not _QID_RE.match(value):
            raise self.fail(
                f"{column} {value!r} is not a Wikidata id: write Q followed by digits "
                "(e.g. Q142), or leave the column empty when the id is not known"
            )
        return value

    def iso3(self, column: str, *, required: bool = True) -> str:
        value = self.values[column]
        if not value and not required:
            return value
        if not _ISO3_RE.match(value):
            raise self.fail(f"{column} {value!r} is not an ISO 3166 alpha-3 code (three capital letters, e.g. FRA)")
        return value

    def choice(self, column: str, options: Sequence[str]) -> str:
        value = self.values[column]
        if value not in options:
            known = ", ".join(repr(o) for o in options)
            raise self.fail(f"{column} {value!r} is not one of {known}")
        return value

    def boolean(self, column: str) -> bool:
        value = self.values[column].lower()
        if value not in _BOOLS:
            raise self.fail(f"{column} {self.values[column]!r} is not 'true' or 'false'")
        return _BOOLS[value]

    def day(self, column: str, *, required: bool = True) -> date | None:
        value = self.values[column]
        if not value and not required:
            return None
        try:
            if not _DATE_RE.match(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{column} {value!r} is not a date: write YYYY-MM-DD") from None

    def keyed(self, column: str = "key", qid_column: str = "qid") -> tuple[str, str]:
        """The row's key and Wikidata id: the key is the id when the id is known, a slug otherwise."""
        key = self.required(column)
        qid = self.qid(qid_column)
        if _QID_RE.match(key):
            if qid and qid != key:
                raise self.fail(f"key {key!r} and qid {qid!r} differ: when the Wikidata id is known, use it as the key")
            return key, key
        if qid:
            raise self.fail(f"key {key!r} is a slug but qid {qid!r} is known: use the Wikidata id as the key")
        if not _SLUG_RE.match(key):
            raise self.fail(f"key {key!r} is neither a Wikidata id nor a slug (lowercase ASCII letters, digits, '-', '_')")
        return key, qid


def _read_rows(path: Path) -> Iterator[_Row]:
    """The data rows of one TSV file, checked against the columns its name calls for."""
    expected = COLUMNS[path.name]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OntologyError(Msg.O002, path=path, line=1, detail=f"not UTF-8 ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise OntologyError(
            Msg.O002, path=path, line=1, detail=f"cannot be read ({exc.strerror or exc}); check that you may read it"
        ) from None
    header: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = cells
            missing = [c for c in expected if c not in header]
            unknown = [c for c in header if c not in expected]
            if missing or unknown or len(set(header)) != len(header):
                raise OntologyError(
                    Msg.O002,
                    path=path,
                    line=number,
                    detail=(
                        f"the header must name the columns {', '.join(expected)} (tab-separated); "
                        f"missing: {', '.join(missing) or 'none'}; unknown or repeated: "
                        f"{', '.join(unknown) or 'none'}"
                    ),
                )
            continue
        if len(cells) != len(header):
            raise OntologyError(
                Msg.O002,
                path=path,
                line=number,
                detail=f"{len(cells)} tab-separated columns where the header has {len(header)}",
            )
        yield _Row(path, number, dict(zip(header, cells, strict=True)))


def _country(row: _Row) -> Country:
    iso3 = row.iso3("iso3")
    return Country(
        iso3=iso3,
        qid=row.qid(),
        name_en=row.required("name_en"),
        name_fr=row.required("name_fr"),
        aliases_fr=row.items("aliases_fr"),
        aliases_en=row.items("aliases_en"),
        adjectives_fr=tuple(a.lower() for a in row.items("adjectives_fr")),
        adjectives_en=row.items("adjectives_en"),
        prefixes_fr=tuple(p.lower() for p in row.items("prefixes_fr")),
        capital=row.text("capital"),
        un_member=row.boolean("un_member"),
        source=row.source,
    )


def _organization(row: _Row) -> Organization:
    key = row.required("key")
    if not _ORG_KEY_RE.match(key):
        raise row.fail(f"key {key!r} must be short uppercase ASCII (letters, digits, '_'), e.g. UN or WHITE_HOUSE")
    return Organization(
        key=key,
        qid=row.qid(),
        name_en=row.required("name_en"),
        name_fr=row.required("name_fr"),
        aliases=row.items("aliases"),
        kind=row.choice("kind", ORGANIZATION_KINDS),
        country=row.iso3("country", required=False),
        source=row.source,
    )


def _place(row: _Row) -> Place:
    key, qid = row.keyed()
    return Place(
        key=key,
        qid=qid,
        name_en=row.required("name_en"),
        name_fr=row.required("name_fr"),
        aliases=row.items("aliases"),
        country=row.iso3("country", required=False),
        kind=row.choice("kind", PLACE_KINDS),
        metonym_for=row.iso3("metonym_for", required=False),
        source=row.source,
    )


def _person(row: _Row) -> Person:
    key, qid = row.keyed()
    return Person(
        key=key,
        qid=qid,
        name_en=row.required("name_en"),
        name_fr=row.required("name_fr"),
        aliases=row.items("aliases"),
        gender=row.choice("gender", GENDERS),
        source=row.source,
    )


def _office(row: _Row) -> Office:
    key = row.required("key")
    country = row.iso3("country")
    role = row.choice("role", ROLES)
    if key != f"{country}.{role}":
        raise row.fail(f"key {key!r} must be the country and role joined by a dot: {country}.{role}")
    return Office(
        key=key,
        country=country,
        role=role,
        title_en=row.required("title_en"),
        titles_fr=tuple(t.lower() for t in row.items("titles_fr")),
        titles_en=tuple(t.lower() for t in row.items("titles_en")),
        source=row.source,
    )


def _term(row: _Row) -> Term:
    start = row.day("start")
    end = row.day("end", required=False)
    assert start is not None  # required=True never gives None
    if end is not None and end < start:
        raise row.fail(f"the term ends ({end}) before it starts ({start})")
    return Term(
        office=row.required("office"),
        person=row.required("person"),
        start=start,
        end=end,
        note=row.text("note"),
        source=row.source,
    )


_Parsed: TypeAlias = "Country | Organization | Place | Person | Office | Term | tuple[str, str, str]"


def _load_file(
    path: Path,
    parse: Callable[[_Row], _Parsed],
    key_of: Callable[[Any], object],
    into: dict[object, _Parsed],
) -> None:
    """Parse ``path`` into ``into``, replacing rows of earlier folders that have the same key."""
    seen: dict[object, int] = {}
    for row in _read_rows(path):
        record = parse(row)
        key = key_of(record)
        if key in seen:
            raise row.fail(f"duplicate key {key!r}: line {seen[key]} already has it")
        seen[key] = row.line
        into[key] = record


def _ambiguous(row: _Row) -> tuple[str, str, str]:
    kind = row.choice("kind", AMBIGUOUS_KINDS)
    return (kind, row.required("text"), row.text("note"))


# ISO 3166 names as pycountry carries them, turned into names as people write them.
_INVERTED = re.compile(r"^(?P<head>[^,]+), (?P<tail>.+?)$")


def _natural(name: str) -> tuple[str, ...]:
    """Usable forms of an ISO 3166 name: "Korea, Republic of" → "Republic of Korea";
    "Saint-Siège (état de la cité du Vatican)" → both halves; other comma forms dropped."""
    out: list[str] = []
    m = re.match(r"^(?P<main>[^()]+?)\s*\((?P<inner>[^()]+)\)$", name)
    if m:
        return _unique((m.group("main"), m.group("inner")))
    m = _INVERTED.match(name)
    if m is None:
        out.append(name)
    else:
        tail = m.group("tail")
        # Only "X, Republic of" style inversions read back naturally; "Taïwan,
        # province de Chine" or "Syrienne, République arabe" would not.
        if re.search(r"(?:\bof(?: the)?|\bde(?: la)?|\bdu|\bdes|\bd')$", tail, re.IGNORECASE):
            sep = "" if tail.endswith("'") else " "
            out.append(f"{tail}{sep}{m.group('head')}")
    return tuple(out)


@lru_cache(maxsize=1)
def _iso_names() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """ISO 3166 names by alpha-3 code: (French names, English names)."""
    import pycountry  # imported here: only loading needs it, and it parses its data on import

    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        to_fr = french.gettext
    except OSError:  # pragma: no cover - a pycountry build without its translations
        to_fr = None
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for entry in pycountry.countries:
        english = [getattr(entry, attr, "") for attr in ("name", "official_name", "common_name")]
        english = [e for e in english if e]
        french_names: list[str] = []
        if to_fr is not None:
            for attr in ("name", "official_name"):
                value = getattr(entry, attr, "")
                translated = to_fr(value) if value else ""
                if translated and translated != value:
                    french_names.append(translated)
        out[entry.alpha_3] = (
            _unique(n for f in french_names for n in _natural(f)),
            _unique(n for e in english for n in _natural(e)),
        )
    return out


def _with_iso_names(country: Country) -> Country:
    fr, en = _iso_names().get(country.iso3, ((), ()))
    return replace(
        country,
        aliases_fr=_unique((*country.aliases_fr, *fr)),
        aliases_en=_unique((*country.aliases_en, *en)),
    )


# --------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Countries, organizations, places, leaders, offices and terms, with lookups by name,
    adjective, title and date."""

    countries: dict[str, Country]
    organizations: dict[str, Organization]
    places: dict[str, Place]
    persons: dict[str, Person]
    offices: dict[str, Office]
    terms: list[Term]
    ambiguous: dict[str, frozenset[str]]

    def __init__(
        self,
        countries: Iterable[Country] = (),
        organizations: Iterable[Organization] = (),
        places: Iterable[Place] = (),
        persons: Iterable[Person] = (),
        offices: Iterable[Office] = (),
        terms: Iterable[Term] = (),
        ambiguous: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Index the given records. Use :meth:`load` or :meth:`default` to read the files."""
        self.countries = {c.iso3: c for c in countries}
        self.organizations = {o.key: o for o in organizations}
        self.places = {p.key: p for p in places}
        self.persons = {p.key: p for p in persons}
        self.offices = {o.key: o for o in offices}
        self.terms = sorted(terms, key=lambda t: (t.office, t.start, t.person))
        grouped: dict[str, set[str]] = defaultdict(set)
        for kind, text in ambiguous:
            grouped[kind].add(normalize(text))
        self.ambiguous = {k: frozenset(v) for k, v in grouped.items()}

        self._country_names = _index((c.iso3, c.names) for c in self.countries.values())
        self._country_adjectives = _index(
            (c.iso3, (*c.adjectives_fr, *c.adjectives_en)) for c in self.countries.values()
        )
        self._country_prefixes = _index((c.iso3, c.prefixes_fr) for c in self.countries.values())
        self._organization_names = _index((o.key, o.names) for o in self.organizations.values())
        self._place_names = _index((p.key, p.names) for p in self.places.values())
        self._person_names = _index((p.key, p.names) for p in self.persons.values())
        self._office_titles = _index(
            (o.key, (*o.titles_fr, *o.titles_en, o.title_en)) for o in self.offices.values()
        )
        self._terms_by_office: dict[str, list[Term]] = defaultdict(list)
        self._terms_by_person: dict[str, list[Term]] = defaultdict(list)
        for term in self.terms:
            self._terms_by_office[term.office].append(term)
            self._terms_by_person[term.person].append(term)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, extra_dirs: Sequence[Path | str] = ()) -> Gazetteer:
        """Read the bundled gazetteer, then each folder of ``extra_dirs`` in order.

        A folder may hold any of the files named in :data:`COLUMNS`. Its rows replace
        rows of earlier folders that have the same key (``iso3`` for countries;
        ``key`` for organizations, places, persons and offices; office, person and
        start for terms) and add the others.

        Raises:
            OntologyError: a folder is missing, or a row is malformed (wrong column
                count, bad date or Wikidata id, duplicate key, a term naming an
                unknown office or person); the message names the file and line.
        """
        # the bundled folder, then its sub-folders (data kept by region), then the user's
        bundled = gazetteer_dir()
        regions = sorted(p for p in bundled.iterdir() if p.is_dir()) if bundled.is_dir() else []
        folders = [bundled, *regions, *(Path(d) for d in extra_dirs)]
        tables: dict[str, dict[object, _Parsed]] = {name: {} for name in COLUMNS}
        parsers: dict[str, tuple[Callable[[_Row], _Parsed], Callable[[Any], object]]] = {
            "countries.tsv": (_country, lambda r: r.iso3),
            "organizations.tsv": (_organization, lambda r: r.key),
            "places.tsv": (_place, lambda r: r.key),
            "persons.tsv": (_person, lambda r: r.key),
            "offices.tsv": (_office, lambda r: r.key),
            "terms.tsv": (_term, lambda r: (r.office, r.person, r.start)),
            "ambiguous.tsv": (_ambiguous, lambda r: (r[0], normalize(r[1]))),
        }
        for folder in folders:
            if not folder.is_dir():
                raise OntologyError(Msg.O005, path=folder, known=", ".join(COLUMNS))
            for name, (parse, key_of) in parsers.items():
                path = folder / name
                if path.is_file():
                    _load_file(path, parse, key_of, tables[name])

        persons = {k: v for k, v in tables["persons.tsv"].items() if isinstance(v, Person)}
        offices = {k: v for k, v in tables["offices.tsv"].items() if isinstance(v, Office)}
        terms = [t for t in tables["terms.tsv"].values() if isinstance(t, Term)]
        for term in terms:
            # A term pointing nowhere would silently drop out of every title lookup.
            if term.office not in offices:
                raise _term_error(term, f"unknown office {term.office!r}; offices are keyed like FRA.head_of_state")
            if term.person not in persons:
                raise _term_error(term, f"unknown person {term.person!r}; add them to persons.tsv first")
        return cls(
            countries=(_with_iso_names(c) for c in tables["countries.tsv"].values() if isinstance(c, Country)),
            organizations=(o for o in tables["organizations.tsv"].values() if isinstance(o, Organization)),
            places=(p for p in tables["places.tsv"].values() if isinstance(p, Place)),
            persons=persons.values(),
            offices=offices.values(),
            terms=terms,
            ambiguous=((a[0], a[1]) for a in tables["ambiguous.tsv"].values() if isinstance(a, tuple)),
        )

    @classmethod
    def default(cls) -> Gazetteer:
        """The bundled gazetteer, read once per process."""
        return _default()

    # ------------------------------------------------------------------ offices and terms

    def holders(self, office_key: str, on: date | None = None) -> list[Person]:
        """Who held ``office_key`` on the day ``on`` (usually one person), or, when ``on``
        is ``None``, everyone who ever held it, most recent first. Unknown offices give []."""
        terms = self._terms_by_office.get(office_key, [])
        if on is not None:
            terms = [t for t in terms if t.covers(on)]
        ordered = sorted(terms, key=lambda t: t.start, reverse=True)
        keys = _unique(t.person for t in ordered)
        return [self.persons[k] for k in keys if k in self.persons]

    def holder(self, office_key: str, on: date) -> Person | None:
        """The holder of ``office_key`` on ``on``, or ``None`` when nobody (known) held it."""
        found = self.holders(office_key, on)
        return found[0] if found else None

    def offices_by_title(self, title_fr: str, country: str | None = None) -> list[Office]:
        """Offices a title designates: ``("président", "RUS")`` → ``[RUS.head_of_state]``.

        The title is matched whole, without regard to case, accents or a leading
        article ("le président de la République"); English titles are matched too.
        """
        key = normalize(title_fr)
        keys = self._office_titles.get(key) or self._office_titles.get(_strip_article(key), ())
        found = [self.offices[k] for k in keys]
        if country is not None:
            found = [o for o in found if o.country == country.upper()]
        return sorted(found, key=lambda o: (o.country, ROLES.index(o.role) if o.role in ROLES else 99))

    def offices_of(self, qid: str, on: date | None = None) -> list[Office]:
        """The offices the person holds on ``on``, or has ever held when ``on`` is ``None``."""
        terms = self._terms_by_person.get(qid, [])
        if on is not None:
            terms = [t for t in terms if t.covers(on)]
        keys = _unique(t.office for t in sorted(terms, key=lambda t: t.start, reverse=True))
        return [self.offices[k] for k in keys if k in self.offices]

    def terms_of(self, qid: str) -> list[Term]:
        """The person's terms in every office, earliest first."""
        return sorted(self._terms_by_person.get(qid, []), key=lambda t: (t.start, t.office))

    # ------------------------------------------------------------------ names

    def country_by_name(self, text: str) -> Country | None:
        """The country a name or alias designates ("Etats-Unis", "la Russie"), or ``None``
        when the name is unknown or names several countries."""
        key = _lookup(self._country_names, text)
        return self.countries[key] if key else None

    def country_by_adjective(self, word: str) -> Country | None:
        """The country of an adjective or demonym, in any inflection ("russes", "Américaine")."""
        key = _lookup(self._country_adjectives, word, articles=False)
        return self.countries[key] if key else None

    def countries_in_compound(self, word: str) -> list[Country]:
        """The countries of a compound adjective, in order: "franco-russes" → [FRA, RUS],
        "sino-nord-coréen" → [CHN, PRK]. A plain adjective gives its one country; a word
        that does not split wholly into combining forms and a final adjective gives []."""
        parts = [normalize(p) for p in _HYPHENS.split(word.translate(_FOLD)) if p.strip()]
        if not parts:
            return []
        found = self._split_compound(tuple(parts))
        return [self.countries[k] for k in found] if found is not None else []

    def _split_compound(self, parts: tuple[str, ...]) -> list[str] | None:
        # Adjectives may themselves hold hyphens ("nord-coréen", "sud-africain"), so
        # try every cut: leading groups must be combining forms (or adjectives, as in
        # "américano-sud-coréen"), the last group an adjective.
        whole = " ".join(parts)
        last = _only(self._country_adjectives.get(whole, ()))
        if last is not None:
            return [last]
        for cut in range(1, len(parts)):
            head = " ".join(parts[:cut])
            lead = _only(self._country_prefixes.get(head, ())) or _only(self._country_adjectives.get(head, ()))
            if lead is None:
                continue
            rest = self._split_compound(parts[cut:])
            if rest is not None:
                return [lead, *rest]
        return None

    def place_by_name(self, text: str) -> Place | None:
        """The place a name designates ("Sotchi", "Ghouta orientale"), or ``None``."""
        key = _lookup(self._place_names, text)
        return self.places[key] if key else None

    def organization_by_name(self, text: str) -> Organization | None:
        """The organization a name or abbreviation designates ("ONU", "l'Elysée"), or ``None``."""
        key = _lookup(self._organization_names, text)
        return self.organizations[key] if key else None

    def person_by_name(self, text: str) -> Person | None:
        """The leader a name or alias designates ("Poutine", "Bashar al-Assad"), or ``None``."""
        key = _lookup(self._person_names, text, articles=False)
        return self.persons[key] if key else None

    def surface_forms(self) -> Iterator[tuple[SurfaceKind, str, str]]:
        """``(kind, text, key)`` for every name and alias of every leader, country,
        organization and place, for building entity-ruler patterns.

        Each name also comes without its accents and with straight and curly
        apostrophes, as texts write them ("Etats-Unis", "Côte d’Ivoire").
        """
        groups: list[tuple[SurfaceKind, Iterable[tuple[str, tuple[str, ...]]]]] = [
            ("Leader", ((p.key, p.names) for p in self.persons.values())),
            ("Country", ((c.iso3, c.names) for c in self.countries.values())),
            ("Organization", ((o.key, o.names) for o in self.organizations.values())),
            ("Place", ((p.key, p.names) for p in self.places.values())),
        ]
        for kind, entries in groups:
            for key, names in entries:
                for text in _unique(v for name in names for v in _variants(name)):
                    yield kind, text, key


def _variants(name: str) -> tuple[str, ...]:
    straight = name.translate(_FOLD)
    forms = [name, straight, _unaccent(name), _unaccent(straight)]
    if "'" in straight:
        forms.append(straight.replace("'", "\u2019"))
        forms.append(_unaccent(straight).replace("'", "\u2019"))
    return _unique(forms)


def _index(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for key, names in entries:
        for name in names:
            norm = normalize(name)
            if norm and key not in index[norm]:
                index[norm].append(key)
    return {k: tuple(v) for k, v in index.items()}


def _only(keys: Sequence[str]) -> str | None:
    return keys[0] if len(keys) == 1 else None


def _lookup(index: dict[str, tuple[str, ...]], text: str, *, articles: bool = True) -> str | None:
    """The one key a text designates; ``None`` when it is unknown or ambiguous."""
    norm = normalize(text)
    keys = index.get(norm)
    if keys is None and articles:
        keys = index.get(_strip_article(norm))
    return _only(keys) if keys else None


def _term_error(term: Term, detail: str) -> OntologyError:
    path, _, line = term.source.rpartition(":")
    return OntologyError(Msg.O002, path=path or "terms.tsv", line=line or "?", detail=detail)


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return Gazetteer.load()


def load_cached(extra_dirs: Sequence[Path | str] = ()) -> Gazetteer:
    """:meth:`Gazetteer.load`, read again only when a file of the bundled or given folders
    changed: a build reads the gazetteer in several stages, a notebook rebuilds often."""
    folders = [gazetteer_dir(), *(Path(d) for d in extra_dirs)]
    stamp = tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for folder in folders if folder.is_dir()
        for p in sorted(folder.rglob("*.tsv"))
    )
    return _load_stamped(tuple(str(d) for d in extra_dirs), stamp)


@lru_cache(maxsize=4)
def _load_stamped(extra_dirs: tuple[str, ...], stamp: tuple[tuple[str, int, int], ...]) -> Gazetteer:
    return Gazetteer.load([Path(d) for d in extra_dirs])


# --------------------------------------------------------------------------- checks


def check(g: Gazetteer) -> list[str]:
    """Problems in the gazetteer's data, one sentence each; an empty list means none.

    Checks that Wikidata ids are well formed and name one entity each, that terms
    of one office do not overlap and point to known offices and persons, that
    every country an office, place or organization names exists, that all 193
    UN members and every capital are present, and that no name, adjective or
    combining form is shared by two entities of one kind unless ``ambiguous.tsv``
    lists it.
    """
    problems: list[str] = []
    problems += _check_qids(g)
    problems += _check_terms(g)
    problems += _check_references(g)
    problems += _check_aliases(g)
    return problems


def _where(source: str) -> str:
    return f"{source}: " if source else ""


def _check_qids(g: Gazetteer) -> list[str]:
    problems: list[str] = []
    owners: dict[str, list[str]] = defaultdict(list)
    entities: list[tuple[str, str, str]] = [
        *((f"country {c.iso3}", c.qid, c.source) for c in g.countries.values()),
        *((f"organization {o.key}", o.qid, o.source) for o in g.organizations.values()),
        *((f"place {p.key}", p.qid, p.source) for p in g.places.values()),
        *((f"person {p.key}", p.qid, p.source) for p in g.persons.values()),
    ]
    for label, qid, source in entities:
        if not qid:
            continue
        if not _QID_RE.match(qid):
            problems.append(f"{_where(source)}{label}: {qid!r} is not a Wikidata id (Q followed by digits)")
            continue
        owners[qid].append(label)
    for qid, labels in sorted(owners.items()):
        if len(labels) > 1:
            problems.append(f"Wikidata id {qid} names several entities: {', '.join(labels)}")
    return problems


def _check_terms(g: Gazetteer) -> list[str]:
    problems: list[str] = []
    by_office: dict[str, list[Term]] = defaultdict(list)
    for term in g.terms:
        if term.office not in g.offices:
            problems.append(f"{_where(term.source)}term of {term.person}: unknown office {term.office!r}")
        if term.person not in g.persons:
            problems.append(f"{_where(term.source)}term in {term.office}: unknown person {term.person!r}")
        if term.end is not None and term.end < term.start:
            problems.append(f"{_where(term.source)}term of {term.person} in {term.office} ends before it starts")
        by_office[term.office].append(term)
    for office, terms in sorted(by_office.items()):
        ordered = sorted(terms, key=lambda t: (t.start, t.end or date.max))
        # Compare each term with the earlier term that ends last, not only with its
        # neighbour: a long term can overlap several shorter ones that follow it.
        longest: Term | None = None
        for term in ordered:
            # The handover day may close one term and open the next.
            if longest is not None and (longest.end is None or longest.end > term.start):
                until = longest.end.isoformat() if longest.end else "today"
                problems.append(
                    f"{_where(term.source)}{office}: the term of {term.person} from {term.start} "
                    f"overlaps the term of {longest.person} ({longest.start} to {until})"
                )
            if longest is None or (longest.end is not None and (term.end is None or term.end > longest.end)):
                longest = term
    return problems


def _check_references(g: Gazetteer) -> list[str]:
    problems: list[str] = []
    for office in g.offices.values():
        if office.country not in g.countries:
            problems.append(f"{_where(office.source)}office {office.key}: unknown country {office.country!r}")
    for place in g.places.values():
        for column, value in (("country", place.country), ("metonym_for", place.metonym_for)):
            if value and value not in g.countries:
                problems.append(f"{_where(place.source)}place {place.key}: unknown {column} {value!r}")
    for org in g.organizations.values():
        if org.country and org.country not in g.countries:
            problems.append(f"{_where(org.source)}organization {org.key}: unknown country {org.country!r}")
        if org.kind in ("presidency", "government") and not org.country:
            problems.append(f"{_where(org.source)}organization {org.key}: a {org.kind} needs its country")
    for country in g.countries.values():
        if country.capital and country.capital not in g.places:
            problems.append(f"{_where(country.source)}country {country.iso3}: capital {country.capital!r} is not in places")
    members = sum(1 for c in g.countries.values() if c.un_member)
    if members != UN_MEMBERS:
        problems.append(f"countries: {members} rows have un_member true; the United Nations has {UN_MEMBERS} members")
    return problems


def _check_aliases(g: Gazetteer) -> list[str]:
    problems: list[str] = []
    tables: list[tuple[str, str, dict[str, tuple[str, ...]]]] = [
        ("country", "country name", g._country_names),
        ("country_adjective", "country adjective", g._country_adjectives),
        ("country_prefix", "country combining form", g._country_prefixes),
        ("organization", "organization name", g._organization_names),
        ("place", "place name", g._place_names),
        ("person", "person name", g._person_names),
    ]
    for kind, what, index in tables:
        allowed = g.ambiguous.get(kind, frozenset())
        for text, keys in sorted(index.items()):
            if len(keys) > 1 and text not in allowed:
                problems.append(
                    f"{what} {text!r} is shared by {', '.join(keys)}; remove it from all but one, "
                    f"or list it in ambiguous.tsv with kind {kind}"
                )
    return problems
