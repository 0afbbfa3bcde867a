"""Plain records passed between the pipeline stages.

No spaCy and no rdflib here: ingest produces :class:`Readout`, the extractors
produce :class:`Extraction` (events, positions, mentions), and ``graph.build``
turns those into RDF. Character offsets (``start``/``end``) always point into
``Readout.raw``, the decoded file as the user has it, so a quote can be found
again in the original text; ``Readout.to_raw`` maps offsets of the cleaned
``Readout.text`` back.

Dates are often known only to the month; they still compare:

>>> month = PartialDate.parse("2018-02")
>>> month.precision, str(month.latest())
('month', '2018-02-28')
>>> month.contains(PartialDate(2018, 2, 9)), month.contains(PartialDate(2018, 3, 1))
(True, False)

Cleaning collapsed a double space; the offsets lead back to the raw text:

>>> r = Readout(id="a", text="Paris, le 9", raw="Paris,  le 9", sha256="", offsets=((0, 0), (7, 8)))
>>> start, end = r.raw_span(7, 9)
>>> start, end, r.raw[start:end]
(8, 10, 'le')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date as _date
from functools import cached_property
from typing import Literal, get_args

Precision = Literal["year", "month", "day"]
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (``2018``, ``2018-02``, ``2018-02-09``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        _date(self.year, self.month or 1, self.day or 1)  # raises ValueError when impossible

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` otherwise."""
        m = _DATE_RE.match(value.strip())
        if not m:
            raise ValueError(f"not a date: {value!r}")
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)

    @classmethod
    def from_date(cls, value: _date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def as_date(self) -> _date | None:
        """The full date, or ``None`` when only the month or year is known."""
        if self.month is None or self.day is None:
            return None
        return _date(self.year, self.month, self.day)

    def earliest(self) -> _date:
        """The first day of the period."""
        return _date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _date:
        """The last day of the period (2018-02 ends on 2018-02-28)."""
        if self.day is not None:
            return self.earliest()
        if self.month is not None:
            nxt = _date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return _date.fromordinal(nxt.toordinal() - 1)
        return _date(self.year, 12, 31)

    def contains(self, other: PartialDate) -> bool:
        """True when ``other`` lies within this date's period (2018-02 contains 2018-02-09)."""
        if other.year != self.year:
            return False
        if self.month is not None and other.month != self.month:
            return False
        return self.day is None or other.day == self.day

    def compatible(self, other: PartialDate) -> bool:
        """True when the two periods can be the same day (one contains the other)."""
        return self.contains(other) or other.contains(self)

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out


@dataclass(frozen=True)
class Readout:
    """One input document, decoded and cleaned.

    ``raw`` is the decoded file or record text; ``text`` is the cleaned text the NLP
    stage reads. ``offsets`` holds, for each character of ``text``, the index of the
    ``raw`` character it came from, stored compactly as the start of each run of
    consecutive characters: ``(text_index, raw_index)`` pairs.
    """

    id: str
    text: str
    raw: str
    sha256: str
    date: PartialDate | None = None
    source: str | None = None
    url: str | None = None
    lang: str = "fr"
    origin: str | None = None  # file name (and line, for JSONL) the readout came from
    offsets: tuple[tuple[int, int], ...] = ()

    @cached_property
    def _run_starts(self) -> tuple[int, ...]:
        # Computed once per record: extractors call to_raw for every span they keep.
        # cached_property writes the instance __dict__ directly, so it works on a
        # frozen dataclass without taking part in eq, hash or repr.
        return tuple(t for t, _ in self.offsets)

    def to_raw(self, index: int) -> int:
        """Map an offset into ``text`` to the matching offset into ``raw``."""
        if not self.offsets:
            return index
        i = bisect_right(self._run_starts, index) - 1
        if i < 0:
            return index
        t, r = self.offsets[i]
        return r + (index - t)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` to ``raw``; ``end`` stays exclusive.

        A space or line break of ``text`` that stands for a CRLF maps to its CR; a span
        ending with it ends after the LF, so that a raw span never splits a CRLF.
        """
        if end <= start:
            s = self.to_raw(start)
            return s, s
        raw_end = self.to_raw(end - 1) + 1
        if self.raw[raw_end - 1 : raw_end + 1] == "\r\n" and self.text[end - 1] in " \n":
            raw_end += 1
        return self.to_raw(start), raw_end


@dataclass(frozen=True)
class Span:
    """A ``[start, end)`` character span of ``Readout.raw`` and the text it covers."""

    start: int
    end: int
    text: str


EntityKind = Literal["Leader", "Country", "Organization", "Place"]


@dataclass(frozen=True)
class EntityRef:
    """A resolved entity: a gazetteer key (QID, ISO 3166 alpha-3 code, …) or, for a leader
    the gazetteer does not know, a key made from the name found in the text."""

    kind: EntityKind
    key: str
    label: str  # English label (or the name as found, for unknown leaders)
    label_fr: str | None = None
    wikidata: str | None = None
    country: str | None = None  # ISO alpha-3 of the leader's / place's country
    office: str | None = None  # office key, e.g. "FRA.head_of_state", when known
    known: bool = True  # False: not in the gazetteer, created from the text


@dataclass(frozen=True)
class Mention:
    """A surface form in the text that refers to an entity."""

    entity: EntityRef
    span: Span
    via: str = "name"  # name | alias | title | adjective | metonym | pronoun | group


EventType = Literal[
    "PhoneCall", "Meeting", "Visit", "Summit", "Attack", "Agreement", "Election", "OtherEvent"
]
EventStatus = Literal["occurred", "planned", "ongoing"]


@dataclass
class Event:
    """An event the readout reports (``main``) or refers to."""

    key: str  # unique within the readout: "e1", "e2", …
    type: EventType
    main: bool
    status: EventStatus
    span: Span  # the evidence: the clause that states the event
    participants: list[EntityRef] = field(default_factory=list)
    initiator: EntityRef | None = None
    date: PartialDate | None = None
    date_text: str | None = None
    location: EntityRef | None = None
    label: str | None = None  # short description, e.g. "sommet de l'APEC"
    same_as: str | None = None  # IRI of the same event already reported elsewhere (graph.merge)


Act = Literal[
    "stress", "recall", "ask", "call_on", "welcome", "express_concern", "agree", "accept",
    "inform", "condemn", "propose", "note", "insist", "other",
]
ACTS: tuple[str, ...] = get_args(Act)
Attribution = Literal["explicit", "implicit", "communique_voice"]


@dataclass
class Position:
    """One communicative act the readout attributes to one or more leaders."""

    speakers: list[EntityRef]
    act: Act
    verb: str  # the trigger as written ("a souligné")
    quote: Span
    addressee: EntityRef | None = None
    topics: list[str] = field(default_factory=list)  # topic concept notations
    mentions: list[EntityRef] = field(default_factory=list)
    event: str | None = None  # key of the Event it was made in
    attribution: Attribution = "explicit"
    act_detail: str | None = None  # finer label for act "other": discuss, express_wish, …


@dataclass
class Extraction:
    """Everything extracted from one readout."""

    readout: Readout
    events: list[Event] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # topic notations of the whole readout
