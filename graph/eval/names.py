"""How the evaluation compares names: leaders, countries and free-text labels.

Names are compared once :func:`normalize_name` has case-folded them and removed
accents and punctuation. Leaders match by Wikidata QID when both sides have one
(:class:`Person`); countries by ISO 3166 alpha-3 code, found through the gazetteer's
country names and aliases (:func:`country_key`); organization and place labels by
the graded :func:`label_match_score`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Person",
    "country_key",
    "gold_matches",
    "label_match_score",
    "normalize_act",
    "normalize_name",
]

_NON_WORD = re.compile(r"[\W_]+")
# Small words left out of word comparisons and acronyms (English and French, as labels mix them).
_STOPWORDS = frozenset({
    "the", "of", "for", "and", "on", "in", "at", "to", "a", "an",
    "de", "la", "le", "les", "des", "du", "d", "l", "et", "pour", "sur", "en",
})
# Abbreviations written out before words are compared ("St. Petersburg", "UN Security Council").
_TOKEN_ALIASES = {
    "st": "saint", "ste": "sainte", "mt": "mount",
    "un": "united nations", "eu": "european union", "us": "united states",
    "uk": "united kingdom",
}


def normalize_name(text: str) -> str:
    """Case-fold, strip accents and punctuation, collapse spaces ("Élysée" -> "elysee").

    >>> normalize_name("  Côte d’Ivoire ")
    'cote d ivoire'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped).split())


def normalize_act(value: str) -> str:
    """An act as a comparable slug: ``"Call on"`` and ``"call-on"`` -> ``"call_on"``."""
    return value.strip().casefold().replace("-", "_").replace(" ", "_")


@dataclass(frozen=True)
class Person:
    """A leader as either side names it: English name and, when known, Wikidata QID."""

    name: str
    wikidata: str | None = None

    def same_as(self, other: Person) -> bool:
        """Same QID when both have one, else the same normalized name."""
        if self.wikidata and other.wikidata:
            return self.wikidata == other.wikidata
        return normalize_name(self.name) == normalize_name(other.name)

    def __str__(self) -> str:
        return f"{self.name} ({self.wikidata})" if self.wikidata else self.name


def gold_matches(gold: Person, system: Person) -> bool:
    """Whether a gold leader is the system's: :meth:`Person.same_as`, or a gold name with no
    QID (the annotator was not sure of it) that the gazetteer gives the person the system
    names with one ("Mohammed VI" for Q57553, "Mohammed VI of Morocco"). A system name
    with no QID is not looked up: not resolving the leader is the system's miss.

    >>> gold_matches(Person("Mohammed VI"), Person("Mohammed VI of Morocco", "Q57553"))
    True
    >>> gold_matches(Person("Vladimir Putin", "Q7747"), Person("Vladimir Poutine"))
    False
    """
    if gold.same_as(system):
        return True
    return not gold.wikidata and bool(system.wikidata) and normalize_name(gold.name) in _known_names(
        system.wikidata or "")


@lru_cache(maxsize=4096)
def _known_names(qid: str) -> frozenset[str]:
    """The normalized names and aliases the bundled gazetteer gives the person ``qid``."""
    from graph.gazetteer import load_cached

    person = load_cached().persons.get(qid)
    if person is None:
        return frozenset()
    return frozenset(normalize_name(n) for n in (person.name_en, person.name_fr, *person.aliases) if n)


# --------------------------------------------------------------------------- countries


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Normalized country name -> ISO alpha-3, from every name and alias of the bundled
    gazetteer (ISO 3166 names included). A name two countries share is left out, as
    the gazetteer's own look-ups leave it out."""
    # Imported here: only scoring needs the gazetteer, and loading it reads the TSV files.
    from graph.gazetteer import load_cached

    codes: dict[str, set[str]] = {}
    for country in load_cached().countries.values():
        for name in country.names:
            norm = normalize_name(name)
            if norm:
                codes.setdefault(norm, set()).add(country.iso3)
    return {norm: next(iter(found)) for norm, found in codes.items() if len(found) == 1}


def country_key(name: str) -> str:
    """An ISO alpha-3 code for a country name, or ``name:<normalized>`` when the
    gazetteer does not know it.

    >>> [country_key(n) for n in ("Russia", "the Netherlands", "Iran, Islamic Republic of", "Atlantis")]
    ['RUS', 'NLD', 'IRN', 'name:atlantis']
    """
    codes = _country_codes()
    norm = _strip_the(normalize_name(name), codes)
    code = codes.get(norm)
    if code is None and "," in name:
        # ISO 3166 writes some names inverted ("Korea, Republic of"); the gazetteer
        # keeps them in reading order.
        head, _, tail = name.partition(",")
        code = codes.get(_strip_the(normalize_name(f"{tail} {head}"), codes))
    return code if code is not None else f"name:{norm}"


def _strip_the(norm: str, codes: dict[str, str]) -> str:
    return norm[4:] if norm.startswith("the ") and norm not in codes else norm


# --------------------------------------------------------------------------- free-text labels


def _label_aliases(label: str) -> list[str]:
    """Whole label, label without parentheses, and each parenthesised part."""
    without = re.sub(r"\([^)]*\)", " ", label)
    inside = re.findall(r"\(([^)]*)\)", label)
    out: list[str] = []
    for text in (without, label, *inside):
        norm = normalize_name(text)
        if norm and norm not in out:
            out.append(norm)
    return out


def _tokens(alias: str) -> list[str]:
    words = " ".join(_TOKEN_ALIASES.get(t, t) for t in alias.split()).split()
    return [t for t in words if t not in _STOPWORDS]


def _acronym(alias: str) -> str:
    tokens = _tokens(alias)
    return "".join(t[0] for t in tokens) if len(tokens) >= 2 else ""


def label_match_score(gold: str, system: str) -> int:
    """How well two free-text labels match, 0 (not at all) to 4 (an alias is equal).

    3: the same words once abbreviations are written out and small words dropped
    ("UN Security Council"); 2: one is the acronym of the other; 1: the words of one
    are all words of the other.

    >>> label_match_score("APEC (Asia-Pacific Economic Cooperation)", "Asia-Pacific Economic Cooperation")
    4
    >>> label_match_score("United Nations Security Council", "UN Security Council")
    3
    >>> label_match_score("OPCW", "Organisation for the Prohibition of Chemical Weapons")
    2
    >>> label_match_score("Élysée (French presidency)", "Elysee Palace")
    1
    >>> label_match_score("Kremlin", "White House")
    0
    """
    ga, sa = _label_aliases(gold), _label_aliases(system)
    if set(ga) & set(sa):
        return 4
    g_words = [frozenset(_tokens(a)) for a in ga]
    s_words = [frozenset(_tokens(a)) for a in sa]
    if set(g_words) & set(s_words) - {frozenset()}:
        return 3
    if set(ga) & {_acronym(a) for a in sa} - {""} or set(sa) & {_acronym(a) for a in ga} - {""}:
        return 2
    if any(g and s and (g <= s or s <= g) for g in g_words for s in s_words):
        return 1
    return 0
