"""Reading the gazetteer's tab-separated files: columns, row checks and one parser per file.

Each file of a folder (``countries.tsv``, ``terms.tsv``…, see :data:`COLUMNS`) is read
row by row; a row that breaks the format raises :class:`~graph.errors.OntologyError`
naming the file and line. :func:`read_tables` reads folders in order, a later row
replacing an earlier one with the same key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias

from graph.errors import Msg, OntologyError
from graph.gazetteer.iso import with_iso_names
from graph.gazetteer.model import (
    AMBIGUOUS_KINDS,
    GENDERS,
    ORGANIZATION_KINDS,
    PLACE_KINDS,
    QID_RE,
    ROLES,
    Country,
    Office,
    Organization,
    Person,
    Place,
    Term,
)
from graph.gazetteer.names import normalize, unique

__all__ = ["COLUMNS", "Tables", "read_tables"]

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

_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ORG_KEY_RE = re.compile(r"^[A-Z0-9][A-Z0-9_]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLS = {"true": True, "false": False}


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
        return unique(part.strip() for part in self.values[column].split("|"))

    def required(self, column: str) -> str:
        value = self.values[column]
        if not value:
            raise self.fail(f"the column {column!r} is empty; it is required")
        return value

    def qid(self, column: str = "qid") -> str:
        value = self.values[column]
        if value and not QID_RE.match(value):
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
        if QID_RE.match(key):
            if qid and qid != key:
                raise self.fail(f"key {key!r} and qid {qid!r} differ: when the Wikidata id is known, use it as the key")
            return key, key
        if qid:
            raise self.fail(f"key {key!r} is a slug but qid {qid!r} is known: use the Wikidata id as the key")
        if not _SLUG_RE.match(key):
            raise self.fail(
                f"key {key!r} is neither a Wikidata id nor a slug (lowercase ASCII letters, digits, '-', '_')"
            )
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


_PARSERS: dict[str, tuple[Callable[[_Row], _Parsed], Callable[[Any], object]]] = {
    "countries.tsv": (_country, lambda r: r.iso3),
    "organizations.tsv": (_organization, lambda r: r.key),
    "places.tsv": (_place, lambda r: r.key),
    "persons.tsv": (_person, lambda r: r.key),
    "offices.tsv": (_office, lambda r: r.key),
    "terms.tsv": (_term, lambda r: (r.office, r.person, r.start)),
    "ambiguous.tsv": (_ambiguous, lambda r: (r[0], normalize(r[1]))),
}


@dataclass(frozen=True)
class Tables:
    """The records read from the gazetteer folders, in file order, later folders' rows
    in the place of the rows they replace; ``ambiguous`` holds ``(kind, text)`` pairs."""

    countries: list[Country]
    organizations: list[Organization]
    places: list[Place]
    persons: list[Person]
    offices: list[Office]
    terms: list[Term]
    ambiguous: list[tuple[str, str]]


def read_tables(folders: Sequence[Path]) -> Tables:
    """Read each folder of ``folders`` in order, any of the files named in :data:`COLUMNS`.

    A folder's rows replace rows of earlier folders that have the same key (``iso3``
    for countries; ``key`` for organizations, places, persons and offices; office,
    person and start for terms) and add the others. Countries get their ISO 3166
    names as aliases.

    Raises:
        OntologyError: a folder is missing, or a row is malformed (wrong column
            count, bad date or Wikidata id, duplicate key, a term naming an
            unknown office or person); the message names the file and line.
    """
    tables: dict[str, dict[object, _Parsed]] = {name: {} for name in COLUMNS}
    for folder in folders:
        if not folder.is_dir():
            raise OntologyError(Msg.O005, path=folder, known=", ".join(COLUMNS))
        for name, (parse, key_of) in _PARSERS.items():
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
    return Tables(
        countries=[with_iso_names(c) for c in tables["countries.tsv"].values() if isinstance(c, Country)],
        organizations=[o for o in tables["organizations.tsv"].values() if isinstance(o, Organization)],
        places=[p for p in tables["places.tsv"].values() if isinstance(p, Place)],
        persons=list(persons.values()),
        offices=list(offices.values()),
        terms=terms,
        ambiguous=[(a[0], a[1]) for a in tables["ambiguous.tsv"].values() if isinstance(a, tuple)],
    )


def _term_error(term: Term, detail: str) -> OntologyError:
    path, _, line = term.source.rpartition(":")
    return OntologyError(Msg.O002, path=path or "terms.tsv", line=line or "?", detail=detail)
