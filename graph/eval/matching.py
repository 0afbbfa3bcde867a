"""Pairing gold and system items one to one, and the comparisons pairs are made of:
sets of people, position quotes and spans, partial dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from typing import Any, TypeVar

from graph.eval.gold import GoldPosition
from graph.eval.names import Person, gold_matches
from graph.eval.system import SysPosition
from graph.records import PartialDate

__all__ = [
    "compatible_dates",
    "greedy_pairs",
    "more_precise",
    "people_overlap",
    "position_overlap",
    "same_people",
    "unique_by",
    "unique_people",
]

_T = TypeVar("_T")
_U = TypeVar("_U")


def greedy_pairs(
    golds: Sequence[_T],
    systems: Sequence[_U],
    score: Callable[[_T, _U], Any],
) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, system index)`` pairs, best score first, ties in
    document order.

    ``score`` returns ``None`` for a pair that may not match, else a comparable value
    (higher is better).

    >>> greedy_pairs("ab", "bab", lambda g, s: 1 if g == s else None)
    [(0, 1), (1, 0)]
    """
    candidates = []
    for gi, g in enumerate(golds):
        for si, s in enumerate(systems):
            value = score(g, s)
            if value is not None:
                candidates.append((value, gi, si))
    # Sort by score descending, then by position ascending, for a stable result.
    candidates.sort(key=lambda c: (c[1], c[2]))
    candidates.sort(key=lambda c: c[0], reverse=True)
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gi, si))
    return sorted(pairs)


def unique_by(items: Iterable[str], key: Callable[[str], str]) -> list[str]:
    """``items`` in first-seen order, keeping one item per ``key``."""
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


# --------------------------------------------------------------------------- people


def unique_people(people: Iterable[Person]) -> list[Person]:
    """``people`` in first-seen order, without two that are the same leader."""
    out: list[Person] = []
    for person in people:
        if not any(person.same_as(p) for p in out):
            out.append(person)
    return out


def people_overlap(a: Sequence[Person], b: Sequence[Person]) -> int:
    """How many leaders the two lists share: ``a`` the gold's, ``b`` the system's
    (:func:`~graph.eval.names.gold_matches`)."""
    return len(greedy_pairs(a, b, lambda x, y: 1 if gold_matches(x, y) else None))


def same_people(a: Sequence[Person], b: Sequence[Person]) -> bool:
    """True when the two lists name the same set of leaders."""
    a, b = unique_people(a), unique_people(b)
    if len(a) != len(b):
        return False
    return people_overlap(a, b) == len(a)


# --------------------------------------------------------------------------- positions


_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "`": "'", "«": '"', "»": '"', "“": '"', "”": '"'})
_MIN_SHARED_CHARS = 20


def _norm_quote(text: str) -> str:
    return " ".join(text.translate(_QUOTE_CHARS).replace('"', " ").casefold().split())


def position_overlap(g: GoldPosition, s: SysPosition) -> int | None:
    """Characters shared by two positions: span overlap, else common quote text;
    ``None`` when they may not match."""
    if g.span is not None and s.span is not None:
        shared = min(g.span[1], s.span[1]) - max(g.span[0], s.span[0])
        return shared if shared > 0 else None
    a, b = _norm_quote(g.quote), _norm_quote(s.quote)
    if not a or not b:
        return None
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size if match.size >= min(_MIN_SHARED_CHARS, len(a), len(b)) else None


# --------------------------------------------------------------------------- dates


def _parse_date(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


def more_precise(system: str, gold: str | None) -> bool:
    """True when the system date claims a finer period than the gold one supports.

    >>> more_precise("2018-02-09", "2018-02"), more_precise("2018", "2018-02")
    (True, False)
    """
    rank = {"year": 0, "month": 1, "day": 2}
    s = _parse_date(system)
    if gold is None:
        return True
    g = _parse_date(gold)
    if s is None or g is None:
        return False
    return rank[s.precision] > rank[g.precision]


def compatible_dates(a: str | None, b: str | None) -> bool:
    """True when one period contains the other (both absent counts as compatible).

    >>> compatible_dates("2018-02", "2018-02-09"), compatible_dates("2018-02", "2018-03")
    (True, False)
    """
    if a is None or b is None:
        return a == b
    if a == b:
        return True
    pa, pb = _parse_date(a), _parse_date(b)
    return pa is not None and pb is not None and pa.compatible(pb)
