"""The gazetteer's records and the closed lists their columns take values from.

The records are frozen: a :class:`~graph.gazetteer.Gazetteer` indexes them once and
hands them out unchanged. ``source`` says where a record was read (``path:line``) and
takes no part in comparisons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from graph.gazetteer.names import unique

__all__ = [
    "AMBIGUOUS_KINDS",
    "GENDERS",
    "ORGANIZATION_KINDS",
    "PLACE_KINDS",
    "QID_RE",
    "ROLES",
    "UN_MEMBERS",
    "Country",
    "Office",
    "Organization",
    "Person",
    "Place",
    "Role",
    "SurfaceKind",
    "Term",
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

# A Wikidata id, as the files write it and the checks expect it.
QID_RE = re.compile(r"^Q[1-9][0-9]*$")


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
        return unique((self.name_fr, self.name_en, *self.aliases_fr, *self.aliases_en))


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
        return unique((self.name_fr, self.name_en, *self.aliases))


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
        return unique((self.name_fr, self.name_en, *self.aliases))


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
        return unique((self.name_fr, self.name_en, *self.aliases))


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
