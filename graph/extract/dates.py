"""Date expressions: find them in a text, resolve them against a reference date.

The words and patterns are the language pack's (``graph/lang/CODE/pack.toml``, table
``[dates]``); this module holds the rules. Finding is a pure function over text (no model
needed), so it is easy to test. Resolving follows one rule: a date is only as precise as
the text and the reference date make it certain. "le 29 mai dernier" in a readout
published 2018-02 is 2017-05-29; "vendredi" in a readout known only to the month stays
2018-04; "le 4 mars" with no reference date has no year, so it resolves to nothing.
Nothing is ever invented.

dateparser returns nothing for the "dernier/prochain" forms, so those are handled here;
dateparser serves the open-ended relative forms ("il y a trois jours"), in the pack's
``date_languages``.

>>> ref = PartialDate(2018, 2)
>>> [str(resolve(e, ref)) for e in find_dates("depuis la rencontre du 29 mai dernier")]
['2017-05-29']
>>> [str(resolve(e, ref)) for e in find_dates("une visite en mai prochain")]
['2018-05']
>>> [resolve(e, None) for e in find_dates("le 4 mars")]
[None]
>>> [str(resolve(e, None)) for e in find_dates("on May 29, 2017", pack("en"))]
['2017-05-29']
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from graph.lang import DEFAULT, DateKind, LanguagePack, pack
from graph.records import PartialDate
from graph.text import fold

Direction = Literal["past", "future"]
Kind = DateKind


@dataclass(frozen=True)
class DateExpr:
    """A date expression found in a text: its kind, character span and parsed fields."""

    kind: Kind
    start: int
    end: int
    text: str
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    direction: Direction | None = None  # from "dernier" / "prochain"
    lang: str = DEFAULT  # the code of the pack that found it


def find_dates(text: str, lang: LanguagePack | None = None) -> list[DateExpr]:
    """Every date expression in ``text``, in text order, without overlaps, by the date
    patterns of the language pack ``lang`` (the default language's when ``None``)."""
    lang = lang or pack(DEFAULT)
    months, weekdays = _keys(lang)
    first_day = lang.dates.first_day
    past, future = lang.dates.past_marks, lang.dates.future_marks
    # the stretches already taken, disjoint and sorted: only the last one starting before
    # a match's end can overlap it
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    found: list[DateExpr] = []
    for kind, pattern in lang.date_patterns:
        for m in pattern.finditer(text):
            s, e = m.span()
            j = bisect_left(taken_starts, e) - 1
            if j >= 0 and taken_ends[j] > s:
                continue
            g = m.groupdict()
            day = g.get("day")
            mark = (g.get("mark") or "").lower()
            direction: Direction | None = None
            if mark.startswith(past):
                direction = "past"
            elif mark.startswith(future):
                direction = "future"
            month_name = g.get("month")
            found.append(
                DateExpr(
                    kind=kind,
                    start=s,
                    end=e,
                    text=m.group(0),
                    day=(1 if day and day.lower() in first_day else int(day)) if day else None,
                    month=months[fold(month_name)] if month_name else None,
                    year=int(g["year"]) if g.get("year") else None,
                    weekday=weekdays[fold(g["weekday"])] if g.get("weekday") else None,
                    direction=direction,
                    lang=lang.code,
                )
            )
            k = bisect_left(taken_starts, s)
            taken_starts.insert(k, s)
            taken_ends.insert(k, e)
    found.sort(key=lambda d: d.start)
    return [d for d in found if _plausible(d)]


@lru_cache(maxsize=8)
def _keys(lang: LanguagePack) -> tuple[dict[str, int], dict[str, int]]:
    """A pack's month and weekday names folded (no accents, lowercase), as the text's
    names are looked up."""
    return ({fold(k): v for k, v in lang.dates.months.items()},
            {fold(k): v for k, v in lang.dates.weekdays.items()})


def dates_between(dates: Sequence[DateExpr], start: int, end: int) -> list[DateExpr]:
    """The expressions of ``dates`` (in text order, as :func:`find_dates` gives them) that
    start in ``[start, end)``, found by bisection."""
    lo = bisect_left(dates, start, key=_start_of)
    hi = bisect_left(dates, end, key=_start_of)
    return list(dates[lo:hi]) if lo < hi else []


def _start_of(d: DateExpr) -> int:
    return d.start


def _plausible(d: DateExpr) -> bool:
    # "mai" alone is too ambiguous in French prose without a preposition; the "month"
    # pattern already requires one. A bare weekday used as a noun ("le vendredi saint")
    # is rare enough in readouts to accept.
    return d.day is None or 1 <= d.day <= 31


def _year_for_month(month: int, ref: PartialDate, direction: Direction | None) -> int | None:
    """The year of a month named without one, relative to the reference date."""
    if ref.month is None:
        return None
    if month == ref.month:
        # "en mai dernier" said in May points to last year; anything else is this month.
        if direction == "past":
            return ref.year - 1
        if direction == "future":
            return ref.year + 1
        return ref.year
    if direction == "past":
        return ref.year if month < ref.month else ref.year - 1
    if direction == "future":
        return ref.year if month > ref.month else ref.year + 1
    return None


def resolve(
    expr: DateExpr,
    ref: PartialDate | None,
    *,
    tense: Direction | None = None,
    anchor: PartialDate | None = None,
) -> PartialDate | None:
    """Resolve a date expression to a :class:`PartialDate`, or ``None`` when the text and
    the reference date do not make it certain.

    Args:
        expr: the expression, from :func:`find_dates`.
        ref: the publication date of the readout (any precision), or ``None``.
        tense: whether the clause speaks of the past or the future, used when the
            expression itself has no "dernier"/"prochain" ("réuni en décembre").
        anchor: the date of the event the text is about, for "la veille", "le lendemain".
    """
    direction = expr.direction or tense
    k = expr.kind
    if k == "full":
        return _safe(expr.year, expr.month, expr.day)
    if k in ("month_year",):
        return _safe(expr.year, expr.month, None)
    if k == "year":
        return _safe(expr.year, None, None)
    if k in ("eve", "next_day"):
        base = anchor.as_date() if anchor else None
        if base is None:
            return None
        return PartialDate.from_date(base + timedelta(days=-1 if k == "eve" else 1))
    if ref is None:
        return None
    ref_day = ref.as_date()
    if k == "day_month":
        assert expr.month is not None and expr.day is not None
        if ref_day is not None:
            year = _year_for_day(expr.month, expr.day, ref_day, direction)
        elif expr.month == ref.month:
            # "le 27 février prochain" in a readout of 2018-02: the day lies in that month.
            year = ref.year
        else:
            year = _year_for_month(expr.month, ref, direction)
        if year is None and ref.month is not None:
            year = _nearest_year(expr.month, ref)
        return _safe(year, expr.month, expr.day) if year else None
    if k == "month":
        assert expr.month is not None
        year = _year_for_month(expr.month, ref, direction)
        if year is None and ref.month is not None:
            year = _nearest_year(expr.month, ref)
        return _safe(year, expr.month, None) if year else None
    if k in ("this_year", "end_of_year"):
        return PartialDate(ref.year)
    if k == "last_year":
        return PartialDate(ref.year - 1)
    if k == "next_year":
        return PartialDate(ref.year + 1)
    if k in ("last_month", "next_month"):
        if ref.month is None:
            return None
        step = -1 if k == "last_month" else 1
        y, m = divmod((ref.year * 12 + ref.month - 1) + step, 12)
        return PartialDate(y, m + 1)
    if k in ("today", "yesterday", "tomorrow", "weekday", "relative"):
        if ref_day is None:
            # Known only to the month: a same-week expression stays within that month
            # as the readout reports it; keep the month, never guess the day.
            return PartialDate(ref.year, ref.month) if ref.month else None
        if k == "today":
            return ref
        if k in ("yesterday", "tomorrow"):
            low = expr.text.lower()
            n = 2 if low.startswith(pack(expr.lang).dates.two_days) else 1
            delta = -n if k == "yesterday" else n
            return PartialDate.from_date(ref_day + timedelta(days=delta))
        if k == "weekday":
            assert expr.weekday is not None
            return PartialDate.from_date(_weekday(ref_day, expr.weekday, direction))
        return _dateparser_relative(expr.text, ref_day, pack(expr.lang).date_languages)
    return None


def _weekday(ref: date, weekday: int, direction: Direction | None) -> date:
    if direction == "future":
        ahead = (weekday - ref.weekday()) % 7 or 7
        return ref + timedelta(days=ahead)
    # Readouts report what happened: a bare weekday is the latest such day, today included.
    back = (ref.weekday() - weekday) % 7
    return ref - timedelta(days=back)


def _year_for_day(month: int, day: int, ref: date, direction: Direction | None) -> int | None:
    try:
        this_year = date(ref.year, month, day)
    except ValueError:
        return None
    if direction == "past":
        return ref.year if this_year <= ref else ref.year - 1
    if direction == "future":
        return ref.year if this_year >= ref else ref.year + 1
    return None


def _nearest_year(month: int, ref: PartialDate) -> int:
    """With no tense to go by, the occurrence of ``month`` nearest the reference month."""
    assert ref.month is not None
    diff = month - ref.month
    if diff > 6:
        return ref.year - 1
    if diff < -6:
        return ref.year + 1
    return ref.year


def _safe(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if year is None:
        return None
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _dateparser_relative(text: str, ref: date, languages: Sequence[str]) -> PartialDate | None:
    import datetime as _dt

    import dateparser

    parsed = dateparser.parse(
        text,
        languages=list(languages),
        settings={
            "RELATIVE_BASE": _dt.datetime(ref.year, ref.month, ref.day),
            "PREFER_DATES_FROM": "past",
        },
    )
    return PartialDate.from_date(parsed.date()) if parsed else None
