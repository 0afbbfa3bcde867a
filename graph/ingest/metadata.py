"""The metadata a readout carries in its text: dates as users write them, and the
leading ``date YYYY-MM[-DD]`` line that gives a document its own date.

Example:
    >>> parse_date("2018-04")
    PartialDate(year=2018, month=4, day=None)
    >>> leading_date("date 2018-04-12\\nLe président…", "a.txt")
    (PartialDate(year=2018, month=4, day=12), 15)
    >>> leading_date("Date de la visite : mai", "a.txt") is None
    True
"""

from __future__ import annotations

import re

from graph.errors import IngestError, Msg
from graph.records import PartialDate

__all__ = ["document_date", "leading_date", "parse_date"]


def parse_date(value: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into a :class:`PartialDate`.

    Args:
        value: The date as written, surrounding whitespace allowed.

    Returns:
        The date, as precise as written.

    Raises:
        IngestError: ``I008`` when the value has another shape or names an
            impossible day (``2018-02-30``).
    """
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise IngestError(Msg.I008, value=value) from exc


def document_date(value: str, where: str, what: str) -> PartialDate:
    """Parse the date a document gives itself.

    Args:
        value: The date as written.
        where: The document, named in the error message (a path, ``file.jsonl:LINE``).
        what: Where in the document the date is written ("field 'date'").

    Returns:
        The date, as precise as written.

    Raises:
        IngestError: ``I012`` when the value is not a date.
    """
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise IngestError(Msg.I012, path=where, value=value, where=what) from exc


# A "date" keyword opening the document. With a colon any value is taken (and
# must then be a date); without one the value must start with a digit, so that
# prose opening with the word "Date" is left alone. The value may be followed by
# text on the same line, as in the samples.
_META_RE = re.compile(
    r"\A[\s\ufeff]*date(?:[ \t]*:[ \t]*(?P<any>\S+)|[ \t]+(?P<num>\d\S*))(?=\s|\Z)",
    re.IGNORECASE,
)


def leading_date(raw: str, where: str) -> tuple[PartialDate, int] | None:
    """The document's own date from a leading ``date`` line, if it has one.

    The line is ``date YYYY-MM[-DD]`` or ``date: …`` in any case, possibly after
    whitespace, possibly followed by text on the same line.

    Args:
        raw: The decoded text.
        where: The document, named in the error message.

    Returns:
        The date and the index in ``raw`` just after it (where the text to clean
        begins), or ``None`` when the text opens with no ``date`` line.

    Raises:
        IngestError: ``I012`` when the line holds something that is not a date.
    """
    meta = _META_RE.match(raw)
    if meta is None:
        return None
    value = meta.group("any") or meta.group("num")
    return document_date(value, where, "leading 'date' line"), meta.end()
