"""Looking names, adjectives, titles and dates up in the gazetteer.

:class:`Gazetteer` indexes the records once by their :func:`~graph.gazetteer.names.normalize`-d
names, so a lookup is a dictionary access; :func:`load_cached` reads the files again only
when one of them changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from graph.gazetteer.model import ROLES, Country, Office, Organization, Person, Place, SurfaceKind, Term
from graph.gazetteer.names import FOLD, HYPHENS, normalize, strip_article, unique, variants
from graph.gazetteer.tsv import read_tables
from graph.resources import gazetteer_dir

__all__ = ["Gazetteer", "load_cached"]


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

        A folder may hold any of the files named in :data:`~graph.gazetteer.tsv.COLUMNS`. Its rows replace
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
        tables = read_tables([bundled, *regions, *(Path(d) for d in extra_dirs)])
        return cls(
            countries=tables.countries,
            organizations=tables.organizations,
            places=tables.places,
            persons=tables.persons,
            offices=tables.offices,
            terms=tables.terms,
            ambiguous=tables.ambiguous,
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
        keys = unique(t.person for t in ordered)
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
        keys = self._office_titles.get(key) or self._office_titles.get(strip_article(key), ())
        found = [self.offices[k] for k in keys]
        if country is not None:
            found = [o for o in found if o.country == country.upper()]
        return sorted(found, key=lambda o: (o.country, ROLES.index(o.role) if o.role in ROLES else 99))

    def offices_of(self, qid: str, on: date | None = None) -> list[Office]:
        """The offices the person holds on ``on``, or has ever held when ``on`` is ``None``."""
        terms = self._terms_by_person.get(qid, [])
        if on is not None:
            terms = [t for t in terms if t.covers(on)]
        keys = unique(t.office for t in sorted(terms, key=lambda t: t.start, reverse=True))
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
        parts = [normalize(p) for p in HYPHENS.split(word.translate(FOLD)) if p.strip()]
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

    def name_indexes(self) -> dict[str, Mapping[str, tuple[str, ...]]]:
        """The name indexes by the kinds ``ambiguous.tsv`` uses ("country", "country_adjective",
        "country_prefix", "organization", "place", "person"): each maps a normalized name to
        the keys it designates, several when the name is shared."""
        return {
            "country": self._country_names,
            "country_adjective": self._country_adjectives,
            "country_prefix": self._country_prefixes,
            "organization": self._organization_names,
            "place": self._place_names,
            "person": self._person_names,
        }

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
                for text in unique(v for name in names for v in variants(name)):
                    yield kind, text, key


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
        keys = index.get(strip_article(norm))
    return _only(keys) if keys else None


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
