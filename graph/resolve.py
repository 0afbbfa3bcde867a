"""Mentions -> entities: gazetteer keys, titles resolved by date, unknown leaders.

The resolver knows nothing of spaCy: the extractors find a name, a title ("président",
"russe") or a pronoun, and ask the resolver who it is. Titles are resolved through the
gazetteer's office terms on the readout's date: "le président russe" in a readout of
2010 is Dmitry Medvedev, in 2018 Vladimir Putin.

When the readout has no date, a title is resolved to a leader the readout names who held
that office, else to the office's latest holder; such mentions are marked
``title-undated`` so that an analyst can tell them from date-checked ones. Which generic
titles name the readout's own leader is the language pack's (``titles.home``).

>>> from graph.gazetteer import Gazetteer
>>> gaz = Gazetteer.default()
>>> for year in (2010, 2018):
...     leader, how = Resolver(gaz, PartialDate(year)).by_title("président", "RUS", "head_of_state")
...     print(year, leader.label, how)
2010 Dmitry Medvedev title
2018 Vladimir Putin title
>>> leader, how = Resolver(gaz, None).by_title("président", "RUS", "head_of_state")
>>> leader.label, how
('Vladimir Putin', 'title-undated')
"""

from __future__ import annotations

import re
import unicodedata

from graph.gazetteer import Gazetteer, Office, Person
from graph.lang import DEFAULT, LanguagePack, pack
from graph.records import EntityRef, PartialDate


def slug(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text)
    ascii_ = "".join(c for c in norm if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "x"


class Resolver:
    """Resolves entity keys and titles for one readout.

    Args:
        gazetteer: the gazetteer.
        ref: the date the readout speaks of (publication date, or a date the text states).
        home: ISO alpha-3 of the readout's own country (whose "président de la République"
            needs no qualifier), or ``None``.
        named: gazetteer keys of the persons the readout names, used to pick between holders when
            the date is unknown.
        lang: the language pack of the readout's language, whose generic titles name the
            readout's own leader (the default language's when ``None``).
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        ref: PartialDate | None,
        home: str | None = None,
        named: set[str] | None = None,
        *,
        lang: LanguagePack | None = None,
    ) -> None:
        self.gaz = gazetteer
        self.ref = ref
        self.home = home
        self.named: set[str] = set(named or ())
        self.lang = lang or pack(DEFAULT)

    # --- plain keys -------------------------------------------------------------------
    def leader(self, key: str, via_office: Office | None = None) -> EntityRef:
        """A gazetteer leader by key (the QID, or a slug for leaders without one)."""
        person = self.gaz.persons[key]
        office = via_office or self._current_office(person)
        country = office.country if office else self._any_country(person)
        return EntityRef(
            kind="Leader",
            key=key,
            label=person.name_en,
            label_fr=person.name_fr,
            wikidata=person.qid or None,
            country=country,
            office=office.key if office else None,
        )

    def country(self, iso3: str) -> EntityRef:
        c = self.gaz.countries[iso3]
        return EntityRef("Country", iso3, c.name_en, c.name_fr, c.qid or None)

    def organization(self, key: str) -> EntityRef:
        o = self.gaz.organizations[key]
        return EntityRef("Organization", key, o.name_en, o.name_fr, o.qid or None, country=o.country or None)

    def place(self, key: str) -> EntityRef:
        p = self.gaz.places[key]
        return EntityRef("Place", key, p.name_en, p.name_fr, p.qid or None, country=p.country or None)

    def unknown_place(self, name: str) -> EntityRef:
        return EntityRef("Place", "x-" + slug(name), name, name, None, known=False)

    def unknown_organization(self, name: str) -> EntityRef:
        return EntityRef("Organization", "x-" + slug(name), name, name, None, known=False)

    def unknown_leader(self, name: str, country: str | None, office: Office | None) -> EntityRef:
        """A leader the gazetteer does not know: a node of its own, keyed by name and
        country so that the same person is one node across readouts."""
        key = "x-" + slug(name) + (f"-{country.lower()}" if country else "")
        return EntityRef(
            kind="Leader", key=key, label=name, label_fr=name, wikidata=None,
            country=country, office=office.key if office else None, known=False,
        )

    # --- titles -----------------------------------------------------------------------
    def offices_for(self, title: str, country: str | None, role: str) -> list[Office]:
        """The offices a title can designate in a country (by the gazetteer's titles,
        then by role)."""
        if country is None:
            return []
        found = self.gaz.offices_by_title(title, country)
        if found:
            return found
        roles = ["head_of_state", "head_of_government"] if role in ("any", "same") else [role]
        return [o for r in roles if (o := self.gaz.offices.get(f"{country}.{r}"))]

    def by_title(self, title: str, country: str | None, role: str) -> tuple[EntityRef, str] | None:
        """The leader a title designates, and how it was resolved (``title`` when the
        date settles it, ``title-undated`` otherwise). ``None`` when no office matches."""
        t = title.lower().replace("’", "'")
        titles = self.lang.titles
        if country is None and (t in titles.home or t.startswith(titles.home_prefixes)):
            country = self.home
        for office in self.offices_for(t, country, role):
            found = self._holder(office)
            if found is not None:
                person, via = found
                return self.leader(person.key, office), via
        return None

    def _holder(self, office: Office) -> tuple[Person, str] | None:
        ref = self.ref
        if ref is not None:
            days = [ref.earliest(), ref.latest()]
            cands: list[Person] = []
            for d in days:
                p = self.gaz.holder(office.key, d)
                if p is not None and p not in cands:
                    cands.append(p)
            if len(cands) == 1:
                return cands[0], "title"
            named = [p for p in cands if p.key in self.named]
            if named:
                return named[0], "title"
            if cands:
                return cands[-1], "title"
            return None
        holders = self.gaz.holders(office.key)
        named = [p for p in holders if p.key in self.named]
        if named:
            return named[0], "title"
        if holders:
            return holders[0], "title-undated"
        return None

    def _current_office(self, person: Person) -> Office | None:
        on = self.ref.earliest() if self.ref else None
        offices = self.gaz.offices_of(person.key, on)
        if not offices and on is not None:
            offices = self.gaz.offices_of(person.key, self.ref.latest()) if self.ref else []
        if not offices:
            offices = self.gaz.offices_of(person.key, None)
        # head of state first: it is the office readouts mostly speak of
        offices = sorted(offices, key=lambda o: o.role != "head_of_state")
        return offices[0] if offices else None

    def _any_country(self, person: Person) -> str | None:
        offices = self.gaz.offices_of(person.key, None)
        return offices[0].country if offices else None
