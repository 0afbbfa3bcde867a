"""Consistency checks over a loaded gazetteer, for the people who edit its files.

:func:`check` reports what loading lets through because it needs every file at once:
Wikidata ids, overlapping terms, references between files, names shared by two entities.
``scripts/check_gazetteer.py`` prints its sentences.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from graph.gazetteer.lookup import Gazetteer
from graph.gazetteer.model import QID_RE, UN_MEMBERS, Term

__all__ = ["check"]


def check(g: Gazetteer) -> list[str]:
    """Problems in the gazetteer's data, one sentence each; an empty list means none.

    Checks that Wikidata ids are well formed and name one entity each, that terms
    of one office do not overlap and point to known offices and persons, that
    every country an office, place or organization names exists, that all 193
    UN members and every capital are present, and that no name, adjective or
    combining form is shared by two entities of one kind unless ``ambiguous.tsv``
    lists it, and that every office has titles in each language a readout is read in
    (``titles_fr``, ``titles_en``: a title no column holds is a leader no readout in that
    language can name by office).
    """
    problems: list[str] = []
    problems += _check_qids(g)
    problems += _check_terms(g)
    problems += _check_references(g)
    problems += _check_aliases(g)
    problems += _check_titles(g)
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
        if not QID_RE.match(qid):
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


def _check_titles(g: Gazetteer) -> list[str]:
    from graph.lang import codes

    problems: list[str] = []
    for office in g.offices.values():
        for code in codes():
            column = f"titles_{code}"
            if hasattr(office, column) and not getattr(office, column):
                problems.append(f"{_where(office.source)}office {office.key}: no title in {column}")
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
            problems.append(
                f"{_where(country.source)}country {country.iso3}: capital {country.capital!r} is not in places"
            )
    members = sum(1 for c in g.countries.values() if c.un_member)
    if members != UN_MEMBERS:
        problems.append(f"countries: {members} rows have un_member true; the United Nations has {UN_MEMBERS} members")
    return problems


# What each kind of ambiguous.tsv calls a shared name in a problem sentence.
_NAME_KINDS = {
    "country": "country name",
    "country_adjective": "country adjective",
    "country_prefix": "country combining form",
    "organization": "organization name",
    "place": "place name",
    "person": "person name",
}


def _check_aliases(g: Gazetteer) -> list[str]:
    problems: list[str] = []
    for kind, index in g.name_indexes().items():
        what = _NAME_KINDS[kind]
        allowed = g.ambiguous.get(kind, frozenset())
        for text, keys in sorted(index.items()):
            if len(keys) > 1 and text not in allowed:
                problems.append(
                    f"{what} {text!r} is shared by {', '.join(keys)}; remove it from all but one, "
                    f"or list it in ambiguous.tsv with kind {kind}"
                )
    return problems
