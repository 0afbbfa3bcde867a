"""Scoring a built graph against hand annotations (the gold folder).

The system side is read only through the three contract queries (``events``,
``positions``, ``mentions``), so any graph built with ``diplograph build`` — or any
other tool that writes the same SPARQL JSON results — can be scored. The gold side is
one JSON file per readout, in the format the gold folder's README describes.

Everything is counted as true positives (TP), false positives (FP) and false
negatives (FN) per document, then summed over documents (micro-average) before
precision, recall and F1 are computed. A :class:`Score` with nothing to count
(no gold item, no system item) has no figures (``None``), not a perfect one.

What is compared
----------------
*Main events* (gold ``main: true`` against system rows with ``main`` true):

- **participants**: per document, the union of the participants of its main events.
  Leaders match by Wikidata QID when both sides have one, else by normalized English
  name (case-folded, accents and punctuation removed). Unnamed participants
  (gold ``participants_unnamed``) are not scored: no label could match them.
- **type**: gold and system main events are paired one-to-one (most shared
  participants first); a pair counts when the class local names agree (gold
  ``Other`` is ``OtherEvent``).
- **date**: gold ``date`` is used, never ``date_external``: ``date`` holds what the text
  (plus the publication date) supports, which is all an extractor can know, while
  ``date_external`` comes from outside knowledge. A pair is *exact* when the strings
  are equal (both absent counts as exact), *compatible* when one period contains the
  other (``2018-02`` and ``2018-02-09``), and *invented* when the system gives a date
  where the gold has none, or a more precise one than the gold (``2018-02-09`` for
  ``2018-02``): the extractor claimed more than the text says.
- **initiator**: ``(document, initiator)`` pairs; the system initiator is a label,
  given the QID of the participant of the same event that carries that label.

*Referenced events* (``main`` false) are matched leniently, because the gold often
describes them with little more than a type. A gold and a system event may pair when
they have the same type, their participant sets are not disjoint (when both have
participants) and their dates are compatible (when both have dates). Among allowed
pairs the one-to-one assignment is greedy: most shared participants first, then
compatible dates, then equal status, then document order. Scored: the pairing itself
(``ref events``), pairs with equal status (``ref status``), and pairs with equal,
present dates (``ref date``, where every dated system event outside such a pair is
an FP and every dated gold event an FN). Invented dates are counted on pairs.

*Mentions*, per document and kind:

- **countries**: gold English names against ``mentions`` rows of kind ``Country``.
  Names become ISO 3166 alpha-3 codes through a small alias table of common variants
  ("Russia", "UK", "Turkey", …) and pycountry's names, so "United States" matches
  "United States of America"; names neither knows are compared normalized.
- **leaders**: gold ``leaders`` (name and QID) against kind ``Leader``, as above.
- **organizations** and **places** (secondary: the gold labels are free text such as
  "APEC (Asia-Pacific Economic Cooperation)"). Each label gives aliases: the whole
  label, the label without its parenthesised part, and the parenthesised part. Two
  labels match, best first, when an alias is equal, when two aliases have the same
  words once a few abbreviations are written out ("UN Security Council"), when one
  alias is the acronym of another ("OPCW" and "Organisation for the Prohibition of
  Chemical Weapons"), or when the words of one alias are all words of another
  ("Élysée" and "Élysée Palace", "Ghouta" and "Eastern Ghouta"). Matching is
  one-to-one, best score first.

*Positions*: system rows grouped by ``position`` (one speaker a row). A system and a
gold position match when their ``[start, end)`` character spans overlap; when either
span is missing, when the normalized quotes share at least 20 characters (or the
whole shorter quote). Matching is one-to-one, largest overlap first. Scored:
``positions found`` (the match), ``+ right speaker`` (the speaker sets are equal,
leaders compared as above) and ``+ right act`` (right speaker and the same act). Gold
positions marked ``duplicate_of`` count in the main figures; the ``(no duplicates)``
figures merge each duplicate into its original: the merged item is found when any
member is, and a second system position for the same merged item is neither right
nor wrong.

Example::

    report = evaluate(Path("gold"), rows_from_store(Path("out/store")))
    print(report.to_text())
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar, cast
from urllib.parse import unquote

from graph.errors import DiplographError, Msg
from graph.records import PartialDate

__all__ = [
    "ACCEPTANCE",
    "DateTally",
    "EvaluateError",
    "GoldDoc",
    "GoldEvent",
    "GoldPosition",
    "Issue",
    "Person",
    "Report",
    "Score",
    "SystemRows",
    "country_key",
    "evaluate",
    "label_match_score",
    "load_gold",
    "load_gold_file",
    "normalize_name",
    "rows_from_json",
    "rows_from_store",
]

Row = Mapping[str, object]
_T = TypeVar("_T")
_U = TypeVar("_U")

QUERY_NAMES: tuple[str, ...] = ("events", "positions", "mentions")
_REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("event", "type", "main", "doc"),
    "positions": ("position", "act", "doc"),
    "mentions": ("doc", "kind", "label"),
}
_CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": (
        "event", "type", "main", "status", "date", "participant", "participantWikidata",
        "initiator", "doc",
    ),
    "positions": (
        "position", "speaker", "speakerWikidata", "act", "addressee", "topic", "quote",
        "event", "doc", "start", "end", "attribution",
    ),
    "mentions": ("doc", "kind", "label", "wikidata"),
}

#: The bars a release is measured against: (metric, figure, minimum, wording).
ACCEPTANCE: tuple[tuple[str, Literal["recall", "precision"], float, str], ...] = (
    ("positions.speaker", "recall", 0.80, "positions found, right speaker (R)"),
    ("positions.act", "recall", 0.65, "positions found, right act (R)"),
    ("positions.found", "precision", 0.70, "positions precision (P)"),
)

# Metric key -> label shown in the text report, in display order.
METRICS: dict[str, str] = {
    "main.participants": "main participants",
    "main.type": "main type",
    "main.date": "main date",
    "main.initiator": "main initiator",
    "ref.events": "ref events (type)",
    "ref.status": "ref events (type+status)",
    "ref.date": "ref dates",
    "mentions.leaders": "leaders",
    "mentions.countries": "countries",
    "mentions.organizations": "organizations *",
    "mentions.places": "places *",
    "positions.found": "positions found",
    "positions.speaker": "  + right speaker",
    "positions.act": "  + right act",
    "positions.found.nodup": "positions found (no duplicates)",
    "positions.speaker.nodup": "  + right speaker (no duplicates)",
    "positions.act.nodup": "  + right act (no duplicates)",
}

_GOLD_TYPES = {"Other": "OtherEvent"}


class EvaluateError(DiplographError):
    """The gold annotations or the system results cannot be read."""


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    """TP/FP/FN counts of one metric, with the figures they give.

    The figures are ``None`` when there is nothing to count at all; otherwise a zero
    denominator gives 0.0 (nothing claimed has no precision to speak for it).
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def empty(self) -> bool:
        return self.tp + self.fp + self.fn == 0

    @property
    def precision(self) -> float | None:
        if self.empty:
            return None
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float | None:
        if self.empty:
            return None
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class DateTally:
    """How event dates compare on paired events (see the module docstring)."""

    compared: int = 0
    exact: int = 0
    compatible: int = 0
    invented: int = 0

    def __add__(self, other: DateTally) -> DateTally:
        return DateTally(
            self.compared + other.compared,
            self.exact + other.exact,
            self.compatible + other.compatible,
            self.invented + other.invented,
        )

    def to_dict(self) -> dict[str, int]:
        return {
            "compared": self.compared,
            "exact": self.exact,
            "compatible": self.compatible,
            "invented": self.invented,
        }


IssueKind = Literal["missed", "spurious", "wrong", "invented"]


@dataclass(frozen=True)
class Issue:
    """One miss or wrong answer, worded for a person reading the report."""

    doc: str
    area: str
    kind: IssueKind
    detail: str


@dataclass
class Report:
    """The result of :func:`evaluate`: micro-averaged and per-document scores, date
    tallies and the list of misses and wrong answers."""

    docs: list[str]
    scores: dict[str, Score]
    per_doc: dict[str, dict[str, Score]]
    dates: dict[str, DateTally]
    per_doc_dates: dict[str, dict[str, DateTally]]
    issues: list[Issue]
    notes: list[str] = field(default_factory=list)

    @property
    def invented_dates(self) -> int:
        return sum(t.invented for t in self.dates.values())

    def headline(self) -> list[tuple[str, float | None, float]]:
        """The acceptance figures: (description, value, bar)."""
        out: list[tuple[str, float | None, float]] = []
        for key, figure, bar, wording in ACCEPTANCE:
            out.append((wording, getattr(self.scores[key], figure), bar))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.docs,
            "headline": [
                {"figure": name, "value": value, "bar": bar}
                for name, value, bar in self.headline()
            ]
            + [{"figure": "invented dates", "value": self.invented_dates, "bar": 0}],
            "scores": {k: s.to_dict() for k, s in self.scores.items()},
            "dates": {k: t.to_dict() for k, t in self.dates.items()},
            "per_document": {
                doc: {
                    "scores": {k: s.to_dict() for k, s in scores.items()},
                    "dates": {k: t.to_dict() for k, t in self.per_doc_dates[doc].items()},
                }
                for doc, scores in self.per_doc.items()
            },
            "issues": [
                {"doc": i.doc, "area": i.area, "kind": i.kind, "detail": i.detail}
                for i in self.issues
            ],
            "notes": self.notes,
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON (figures are ``null`` where nothing was counted)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self) -> str:
        """A readable report: headline, table of all figures, per-document figures and
        the per-document list of misses and wrong answers."""
        short = _short_ids(self.docs)
        lines = [f"Evaluation against gold annotations: {len(self.docs)} document(s)", ""]
        lines.append("Acceptance figures")
        for name, value, bar in self.headline():
            verdict = "n/a" if value is None else ("ok" if value >= bar else "BELOW")
            lines.append(f"  {name:<34} {_fmt(value):>6}   bar >= {bar:.2f}  {verdict}")
        invented = self.invented_dates
        lines.append(
            f"  {'invented dates':<34} {invented:>6}   bar  = 0     {'ok' if invented == 0 else 'ABOVE'}"
        )
        lines.append("")
        lines.append(f"{'metric':<34} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}")
        lines.append("-" * 72)
        for key, label in METRICS.items():
            s = self.scores[key]
            lines.append(
                f"{label:<34} {_fmt(s.precision):>6} {_fmt(s.recall):>6} {_fmt(s.f1):>6}"
                f" {s.tp:>5} {s.fp:>5} {s.fn:>5}"
            )
        lines.append("* free-text gold labels, matched leniently (see graph.evaluate)")
        lines.append("")
        for key, label in (("main", "main-event dates"), ("ref", "referenced-event dates")):
            t = self.dates[key]
            lines.append(
                f"{label:<24} compared {t.compared}, exact {t.exact}, "
                f"compatible {t.compatible}, invented {t.invented}"
            )
        lines.append("")
        lines.append("Per document (F1; positions: recall with right speaker / act, precision)")
        columns = (
            ("part", "main.participants", "f1"),
            ("date", "main.date", "f1"),
            ("init", "main.initiator", "f1"),
            ("ref", "ref.events", "f1"),
            ("ctry", "mentions.countries", "f1"),
            ("lead", "mentions.leaders", "f1"),
            ("org", "mentions.organizations", "f1"),
            ("place", "mentions.places", "f1"),
            ("spk R", "positions.speaker", "recall"),
            ("act R", "positions.act", "recall"),
            ("pos P", "positions.found", "precision"),
        )
        width = max(len(s) for s in short.values()) if short else 3
        lines.append(f"{'doc':<{width}} " + " ".join(f"{c[0]:>6}" for c in columns))
        for doc in self.docs:
            cells = [_fmt(getattr(self.per_doc[doc][key], fig)) for _, key, fig in columns]
            lines.append(f"{short[doc]:<{width}} " + " ".join(f"{c:>6}" for c in cells))
        lines.append("")
        lines.append("Misses and wrong answers")
        if not self.issues:
            lines.append("  none")
        area_width = max((len(i.area) for i in self.issues), default=0)
        for issue in self.issues:
            lines.append(
                f"{short.get(issue.doc, issue.doc):<{width}}  {issue.area:<{area_width}}  "
                f"{issue.kind:<8}  {issue.detail}"
            )
        if self.notes:
            lines.append("")
            lines.append("Notes")
            lines.extend(f"  {note}" for note in self.notes)
        return "\n".join(lines) + "\n"


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _short_ids(docs: Sequence[str]) -> dict[str, str]:
    """Shorten ids like ``003_6a07b6ffb6b83075`` to ``003`` when that stays unique."""
    prefixes = {doc: doc.split("_", 1)[0] for doc in docs}
    if len(set(prefixes.values())) == len(docs):
        return prefixes
    return {doc: doc for doc in docs}


# --------------------------------------------------------------------------- names


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
    """Case-fold, strip accents and punctuation, collapse spaces ("Élysée" -> "elysee")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped).split())


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


def _same_people(a: Sequence[Person], b: Sequence[Person]) -> bool:
    """True when the two lists name the same set of leaders."""
    a, b = _unique_people(a), _unique_people(b)
    if len(a) != len(b):
        return False
    return len(_greedy(a, b, lambda x, y: 1 if x.same_as(y) else None)) == len(a)


def _unique_people(people: Iterable[Person]) -> list[Person]:
    out: list[Person] = []
    for person in people:
        if not any(person.same_as(p) for p in out):
            out.append(person)
    return out


# Common English variants ISO 3166 (and so pycountry) does not spell the same way.
# Keys are normalized names; values ISO alpha-3 codes (XKX: the code in common use for Kosovo).
_COUNTRY_ALIASES: dict[str, str] = {
    "united states": "USA", "united states of america": "USA", "usa": "USA", "us": "USA",
    "america": "USA",
    "russia": "RUS", "russian federation": "RUS",
    "syria": "SYR", "syrian arab republic": "SYR",
    "iran": "IRN", "islamic republic of iran": "IRN",
    "north korea": "PRK", "dprk": "PRK", "democratic people s republic of korea": "PRK",
    "south korea": "KOR", "republic of korea": "KOR",
    "united kingdom": "GBR", "uk": "GBR", "great britain": "GBR", "britain": "GBR",
    "united kingdom of great britain and northern ireland": "GBR",
    "turkey": "TUR", "turkiye": "TUR",
    "macedonia": "MKD", "north macedonia": "MKD",
    "ivory coast": "CIV", "cote d ivoire": "CIV",
    "cape verde": "CPV", "swaziland": "SWZ", "burma": "MMR", "east timor": "TLS",
    "brunei": "BRN", "laos": "LAO", "vietnam": "VNM", "moldova": "MDA",
    "palestine": "PSE", "state of palestine": "PSE",
    "vatican": "VAT", "vatican city": "VAT", "holy see": "VAT",
    "kosovo": "XKX", "taiwan": "TWN", "czech republic": "CZE", "czechia": "CZE",
    "democratic republic of the congo": "COD", "dr congo": "COD", "drc": "COD",
    "republic of the congo": "COG", "congo brazzaville": "COG",
    "gambia": "GMB", "the gambia": "GMB", "micronesia": "FSM",
    "netherlands": "NLD", "the netherlands": "NLD", "holland": "NLD",
    "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA",
}


@lru_cache(maxsize=1)
def _iso_names() -> dict[str, str]:
    """Normalized pycountry names (name, official and common name) -> alpha-3."""
    import pycountry  # only the evaluation needs the ISO names; keep import time low

    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if isinstance(value, str):
                table.setdefault(normalize_name(value), str(country.alpha_3))
    return table


def country_key(name: str) -> str:
    """An ISO alpha-3 code for an English country name, or ``name:<normalized>``."""
    norm = normalize_name(name)
    if norm.startswith("the ") and norm not in _COUNTRY_ALIASES:
        norm = norm[4:]
    if norm in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[norm]
    code = _iso_names().get(norm)
    return code if code is not None else f"name:{norm}"


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


# --------------------------------------------------------------------------- dates


def _parse_date(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


def _more_precise(system: str, gold: str | None) -> bool:
    """True when the system date claims a finer period than the gold one supports."""
    rank = {"year": 0, "month": 1, "day": 2}
    s = _parse_date(system)
    if gold is None:
        return True
    g = _parse_date(gold)
    if s is None or g is None:
        return False
    return rank[s.precision] > rank[g.precision]


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    if a == b:
        return True
    pa, pb = _parse_date(a), _parse_date(b)
    return pa is not None and pb is not None and pa.compatible(pb)


_DATE_PREFIX = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?![\d-])")


def _clean_date(value: str | None) -> str | None:
    """Keep ``YYYY[-MM[-DD]]`` from a literal that may carry a time or zone."""
    if value is None:
        return None
    m = _DATE_PREFIX.match(value)
    return m.group(1) if m else value.strip() or None


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldEvent:
    key: str
    type: str  # class local name: "Other" already mapped to "OtherEvent"
    main: bool
    status: str | None
    date: str | None
    participants: tuple[Person, ...]
    initiator: Person | None
    evidence: str = ""


@dataclass(frozen=True)
class GoldPosition:
    id: str
    speakers: tuple[Person, ...]
    act: str
    span: tuple[int, int] | None
    quote: str
    duplicate_of: str | None = None


@dataclass(frozen=True)
class GoldDoc:
    """The annotations of one readout, with leader names resolved to QIDs where the
    gold's ``leaders`` list gives them."""

    id: str
    path: Path
    events: tuple[GoldEvent, ...]
    leaders: tuple[Person, ...]
    countries: tuple[str, ...]
    organizations: tuple[str, ...]
    places: tuple[str, ...]
    positions: tuple[GoldPosition, ...]


def load_gold(gold_dir: Path) -> dict[str, GoldDoc]:
    """Read every ``*.json`` annotation file of ``gold_dir``, keyed by document id.

    Raises:
        EvaluateError: the folder is missing or empty, or a file is malformed.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise EvaluateError(Msg.M001, path=gold_dir)
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise EvaluateError(Msg.M002, path=gold_dir)
    docs: dict[str, GoldDoc] = {}
    for path in files:
        doc = load_gold_file(path)
        docs[doc.id] = doc
    return docs


def load_gold_file(path: Path) -> GoldDoc:
    """Read one gold annotation file.

    Raises:
        EvaluateError: the file is not JSON or lacks a field the evaluation needs.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluateError(Msg.M003, path=path, detail=exc) from exc
    reader = _GoldReader(Path(path))
    return reader.doc(data)


class _GoldReader:
    """Typed access to a gold file's JSON, naming the faulty field on error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, detail: str) -> EvaluateError:
        return EvaluateError(Msg.M004, path=self.path, field=where, detail=detail)

    def get(self, obj: object, key: str, where: str, kind: type[_T], default: Any = ...) -> _T:
        if not isinstance(obj, dict):
            raise self.fail(where, "expected an object")
        if key not in obj:
            if default is ...:
                raise self.fail(f"{where}{key}", "missing")
            return cast(_T, default)
        value = obj[key]
        if value is None and default is None:
            return cast(_T, None)
        if not isinstance(value, kind):
            raise self.fail(f"{where}{key}", f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    def strings(self, obj: object, key: str, where: str) -> tuple[str, ...]:
        items = self.get(obj, key, where, list)
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise self.fail(f"{where}{key}[{i}]", "expected a string")
        return tuple(items)

    def doc(self, data: object) -> GoldDoc:
        doc_id = self.get(data, "id", "", str, default=self.path.stem) or self.path.stem
        leaders = []
        for i, item in enumerate(self.get(data, "leaders", "", list)):
            where = f"leaders[{i}]."
            leaders.append(
                Person(self.get(item, "name", where, str), self.get(item, "wikidata", where, str, None))
            )
        qids = {normalize_name(p.name): p.wikidata for p in leaders}

        def person(name: str) -> Person:
            return Person(name, qids.get(normalize_name(name)))

        events = []
        for i, item in enumerate(self.get(data, "events", "", list)):
            where = f"events[{i}]."
            gold_type = self.get(item, "type", where, str)
            initiator = self.get(item, "initiator", where, str, None)
            events.append(
                GoldEvent(
                    key=self.get(item, "key", where, str, f"e{i + 1}"),
                    type=_GOLD_TYPES.get(gold_type, gold_type),
                    main=self.get(item, "main", where, bool, False),
                    status=self.get(item, "status", where, str, None),
                    date=self.get(item, "date", where, str, None),
                    participants=tuple(person(n) for n in self.strings(item, "participants", where)),
                    initiator=person(initiator) if initiator else None,
                    evidence=self.get(item, "evidence", where, str, ""),
                )
            )
        positions = []
        for i, item in enumerate(self.get(data, "positions", "", list)):
            where = f"positions[{i}]."
            speaker = self.get(item, "speaker", where, object)
            names = [speaker] if isinstance(speaker, str) else speaker
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise self.fail(f"{where}speaker", "expected a name or a list of names")
            span = self.get(item, "quote_span", where, list, None)
            if span is not None and not (
                len(span) == 2 and all(isinstance(n, int) for n in span) and span[0] <= span[1]
            ):
                raise self.fail(f"{where}quote_span", "expected [start, end] with start <= end")
            positions.append(
                GoldPosition(
                    id=self.get(item, "id", where, str, f"p{i + 1}"),
                    speakers=tuple(person(n) for n in names),
                    act=_norm_act(self.get(item, "act", where, str)),
                    span=(span[0], span[1]) if span is not None else None,
                    quote=self.get(item, "quote", where, str, ""),
                    duplicate_of=self.get(item, "duplicate_of", where, str, None),
                )
            )
        return GoldDoc(
            id=doc_id,
            path=self.path,
            events=tuple(events),
            leaders=tuple(leaders),
            countries=self.strings(data, "countries", ""),
            organizations=self.strings(data, "organizations", ""),
            places=self.strings(data, "places", ""),
            positions=tuple(positions),
        )


# --------------------------------------------------------------------------- system side


@dataclass
class SystemRows:
    """The rows of the three contract queries, as dicts keyed by column name.

    Values may be strings (as in SPARQL JSON), Python values or RDF terms: they are
    read through ``str()``; ``None``, missing keys and empty strings mean unbound.
    """

    events: list[Row] = field(default_factory=list)
    positions: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)


def rows_from_store(store_path: Path) -> SystemRows:
    """Run the three contract queries on a store built by ``diplograph build``.

    Raises:
        StoreError: the store cannot be opened (missing, locked, …).
        QueryError: a contract query is missing or fails.
    """
    # Imported here so scoring rows from files never needs the store backends.
    from graph.query import run_query
    from graph.store import GraphStore

    store = GraphStore.open(store_path, read_only=True)
    try:
        results = {name: list(run_query(store, name=name).rows) for name in QUERY_NAMES}
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()
    return SystemRows(results["events"], results["positions"], results["mentions"])


def rows_from_json(directory: Path) -> SystemRows:
    """Read ``events.json``, ``positions.json`` and ``mentions.json`` (SPARQL 1.1 JSON
    results, as ``diplograph query --name NAME --format json`` writes them).

    Raises:
        EvaluateError: a file is missing or is not SPARQL JSON results.
    """
    results = {name: _read_sparql_json(Path(directory) / f"{name}.json", name) for name in QUERY_NAMES}
    return SystemRows(results["events"], results["positions"], results["mentions"])


def _read_sparql_json(path: Path, name: str) -> list[Row]:
    if not path.is_file():
        raise EvaluateError(Msg.M005, path=path, name=name)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluateError(Msg.M006, path=path, name=name, detail=exc) from exc
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise EvaluateError(Msg.M006, path=path, name=name, detail="no 'results' object")
    bindings = data["results"].get("bindings")
    if not isinstance(bindings, list):
        raise EvaluateError(Msg.M006, path=path, name=name, detail="no 'results.bindings' list")
    rows: list[Row] = []
    for i, binding in enumerate(bindings):
        if not isinstance(binding, dict) or not all(
            isinstance(cell, dict) and "value" in cell for cell in binding.values()
        ):
            raise EvaluateError(
                Msg.M006, path=path, name=name, detail=f"binding {i} is not a map of {{'value': …}}"
            )
        rows.append({var: cell["value"] for var, cell in binding.items()})
    return rows


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    return text or None


def _local_name(value: str | None) -> str | None:
    """``https://…/ontology#PhoneCall`` -> ``PhoneCall``; plain values pass unchanged."""
    if value is None:
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE) and ("/" in value or "#" in value):
        return unquote(re.split(r"[/#]", value.rstrip("/#"))[-1]) or value
    return value


def _qid(value: str | None) -> str | None:
    """``Q7747``, ``wd:Q7747`` or the Wikidata IRI -> ``Q7747``."""
    if value is None:
        return None
    m = re.search(r"(Q\d+)\s*$", value)
    return m.group(1) if m else None


def _truthy(value: str | None) -> bool:
    return value is not None and value.casefold() in {"true", "1", "yes"}


def _norm_act(value: str) -> str:
    return value.strip().casefold().replace("-", "_").replace(" ", "_")


@dataclass
class _SysEvent:
    id: str
    type: str
    main: bool
    status: str | None
    date: str | None
    participants: list[Person]
    initiator: Person | None


@dataclass
class _SysPosition:
    id: str
    speakers: list[Person]
    act: str
    span: tuple[int, int] | None
    quote: str


@dataclass
class _SysDoc:
    events: list[_SysEvent] = field(default_factory=list)
    positions: list[_SysPosition] = field(default_factory=list)
    mentions: dict[str, list[Person]] = field(default_factory=dict)  # kind -> labels


def _column(row: Row, name: str, index: int, query: str) -> str | None:
    if name in _REQUIRED_COLUMNS[query] and name not in row:
        raise EvaluateError(
            Msg.M007, row=index, name=query, column=name, known=", ".join(_CONTRACT_COLUMNS[query])
        )
    return _text(row.get(name))


def _offset(row: Row, name: str, query: str) -> int | None:
    text = _text(row.get(name))
    if text is None:
        return None
    try:
        return int(text)
    except ValueError as exc:
        raise EvaluateError(Msg.M008, value=text, column=name, name=query) from exc


def _doc_id(value: str | None) -> str:
    return _local_name(value) or ""


def _group_rows(rows: SystemRows) -> dict[str, _SysDoc]:
    """Fold the one-row-per-participant/speaker results into events and positions."""
    docs: dict[str, _SysDoc] = {}
    events: dict[tuple[str, str], _SysEvent] = {}
    for i, row in enumerate(rows.events):
        doc = _doc_id(_column(row, "doc", i, "events"))
        eid = _column(row, "event", i, "events") or f"row{i}"
        event = events.get((doc, eid))
        if event is None:
            event = _SysEvent(
                id=eid,
                type=_local_name(_column(row, "type", i, "events")) or "",
                main=_truthy(_column(row, "main", i, "events")),
                status=_local_name(_text(row.get("status"))),
                date=_clean_date(_text(row.get("date"))),
                participants=[],
                initiator=None,
            )
            events[(doc, eid)] = event
            docs.setdefault(doc, _SysDoc()).events.append(event)
        label = _text(row.get("participant"))
        qid = _qid(_text(row.get("participantWikidata")))
        if label is not None or qid is not None:
            person = Person(label or qid or "", qid)
            if not any(person.same_as(p) for p in event.participants):
                event.participants.append(person)
        initiator = _text(row.get("initiator"))
        if initiator is not None and event.initiator is None:
            event.initiator = Person(initiator)
    for event in events.values():
        if event.initiator is not None:
            # The contract gives the initiator as a label only: borrow the QID of the
            # participant so labelled, so the match can go by QID like the others.
            name = normalize_name(event.initiator.name)
            for p in event.participants:
                if normalize_name(p.name) == name:
                    event.initiator = p
                    break

    positions: dict[tuple[str, str], _SysPosition] = {}
    for i, row in enumerate(rows.positions):
        doc = _doc_id(_column(row, "doc", i, "positions"))
        pid = _column(row, "position", i, "positions") or f"row{i}"
        position = positions.get((doc, pid))
        if position is None:
            start, end = _offset(row, "start", "positions"), _offset(row, "end", "positions")
            position = _SysPosition(
                id=pid,
                speakers=[],
                act=_norm_act(_local_name(_column(row, "act", i, "positions")) or ""),
                span=(start, end) if start is not None and end is not None else None,
                quote=_text(row.get("quote")) or "",
            )
            positions[(doc, pid)] = position
            docs.setdefault(doc, _SysDoc()).positions.append(position)
        label = _text(row.get("speaker"))
        qid = _qid(_text(row.get("speakerWikidata")))
        if label is not None or qid is not None:
            person = Person(label or qid or "", qid)
            if not any(person.same_as(p) for p in position.speakers):
                position.speakers.append(person)

    for i, row in enumerate(rows.mentions):
        doc = _doc_id(_column(row, "doc", i, "mentions"))
        kind = _local_name(_column(row, "kind", i, "mentions")) or ""
        label = _column(row, "label", i, "mentions")
        if label is None:
            continue
        person = Person(label, _qid(_text(row.get("wikidata"))))
        bucket = docs.setdefault(doc, _SysDoc()).mentions.setdefault(kind, [])
        if person not in bucket:
            bucket.append(person)
    return docs


# --------------------------------------------------------------------------- matching


def _greedy(
    golds: Sequence[_T],
    systems: Sequence[_U],
    score: Callable[[_T, _U], Any],
) -> list[tuple[int, int]]:
    """One-to-one pairs, best score first, ties in document order.

    ``score`` returns ``None`` for a pair that may not match, else a comparable value
    (higher is better).
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


def _overlap(a: Sequence[Person], b: Sequence[Person]) -> int:
    return len(_greedy(a, b, lambda x, y: 1 if x.same_as(y) else None))


def _snippet(text: str, limit: int = 48) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _people(people: Sequence[Person]) -> str:
    return " + ".join(p.name for p in people) if people else "nobody"


class _DocScorer:
    """Scores one document; collects its scores, date tallies and issues."""

    def __init__(self, gold: GoldDoc, system: _SysDoc) -> None:
        self.gold = gold
        self.system = system
        self.scores: dict[str, Score] = {key: Score() for key in METRICS}
        self.dates: dict[str, DateTally] = {"main": DateTally(), "ref": DateTally()}
        self.issues: list[Issue] = []

    def issue(self, area: str, kind: IssueKind, detail: str) -> None:
        self.issues.append(Issue(self.gold.id, area, kind, detail))

    def add(self, key: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.scores[key] = self.scores[key] + Score(tp, fp, fn)

    def run(self) -> None:
        self.main_events()
        self.referenced_events()
        self.mentions()
        self.positions()

    # --- sets of names

    def match_set(
        self,
        key: str,
        area: str,
        golds: Sequence[_T],
        systems: Sequence[_U],
        score: Callable[[_T, _U], Any],
        show_gold: Callable[[_T], str],
        show_system: Callable[[_U], str],
    ) -> None:
        pairs = _greedy(golds, systems, score)
        self.add(key, tp=len(pairs), fp=len(systems) - len(pairs), fn=len(golds) - len(pairs))
        matched_g = {g for g, _ in pairs}
        matched_s = {s for _, s in pairs}
        for gi, g in enumerate(golds):
            if gi not in matched_g:
                self.issue(area, "missed", show_gold(g))
        for si, s in enumerate(systems):
            if si not in matched_s:
                self.issue(area, "spurious", show_system(s))

    # --- main events

    def main_events(self) -> None:
        golds = [e for e in self.gold.events if e.main]
        systems = [e for e in self.system.events if e.main]

        def person_score(g: Person, s: Person) -> int | None:
            return 1 if g.same_as(s) else None

        gold_people = _unique_people(p for e in golds for p in e.participants)
        sys_people = _unique_people(p for e in systems for p in e.participants)
        self.match_set(
            "main.participants", "main participants", gold_people, sys_people, person_score,
            lambda p: f'"{p}"', lambda p: f'"{p}"',
        )
        gold_init = _unique_people(e.initiator for e in golds if e.initiator)
        sys_init = _unique_people(e.initiator for e in systems if e.initiator)
        self.match_set(
            "main.initiator", "main initiator", gold_init, sys_init, person_score,
            lambda p: f'"{p}"', lambda p: f'"{p}"',
        )

        pairs = _greedy(
            golds,
            systems,
            lambda g, s: (
                _overlap(g.participants, s.participants),
                g.type == s.type,
                _compatible(g.date, s.date),
            ),
        )
        paired_s = {s for _, s in pairs}
        by_gold = dict(pairs)
        tally = DateTally()
        for gi, g in enumerate(golds):
            if gi not in by_gold:
                self.add("main.type", fn=1)
                self.add("main.date", fn=1 if g.date else 0)
                tally += DateTally(compared=1)
                self.issue(
                    "main event", "missed",
                    f"{g.key} {g.type} of {_people(g.participants)} date {g.date or 'none'}",
                )
                continue
            s = systems[by_gold[gi]]
            if g.type == s.type:
                self.add("main.type", tp=1)
            else:
                self.add("main.type", fp=1, fn=1)
                self.issue("main type", "wrong", f"got {s.type} want {g.type}")
            tally += self.compare_dates("main.date", "main date", g.date, s.date)
        for si, s in enumerate(systems):
            if si not in paired_s:
                self.add("main.type", fp=1)
                self.add("main.date", fp=1 if s.date else 0)
                self.issue(
                    "main event", "spurious",
                    f"{s.type} of {_people(s.participants)} date {s.date or 'none'} <{s.id}>",
                )
        self.dates["main"] = tally

    def compare_dates(self, key: str, area: str, gold: str | None, system: str | None) -> DateTally:
        """Score one paired date; return its tally."""
        if gold == system:
            if gold is not None:
                self.add(key, tp=1)
            return DateTally(compared=1, exact=1, compatible=1)
        compatible = _compatible(gold, system)
        if system is None:
            self.add(key, fn=1)
            self.issue(area, "missed", f"got none want {gold}")
            return DateTally(compared=1)
        self.add(key, fp=1, fn=1 if gold is not None else 0)
        invented = _more_precise(system, gold)
        note = " (compatible)" if compatible else ""
        self.issue(area, "invented" if invented else "wrong", f"got {system} want {gold or 'none'}{note}")
        return DateTally(compared=1, compatible=int(compatible), invented=int(invented))

    # --- referenced events

    def referenced_events(self) -> None:
        golds = [e for e in self.gold.events if not e.main]
        systems = [e for e in self.system.events if not e.main]

        def score(g: GoldEvent, s: _SysEvent) -> tuple[int, bool, bool] | None:
            if g.type != s.type:
                return None
            shared = _overlap(g.participants, s.participants)
            if g.participants and s.participants and not shared:
                return None
            if g.date and s.date and not _compatible(g.date, s.date):
                return None
            return (shared, bool(g.date and s.date), g.status == s.status)

        pairs = _greedy(golds, systems, score)
        paired_g = dict(pairs)
        paired_s = {s for _, s in pairs}
        self.add("ref.events", tp=len(pairs), fp=len(systems) - len(pairs), fn=len(golds) - len(pairs))
        right_status = 0
        tally = DateTally()
        date_tp = 0
        for gi, si in pairs:
            g, s = golds[gi], systems[si]
            if g.status == s.status:
                right_status += 1
            else:
                self.issue("ref status", "wrong", f"{g.key} {g.type}: got {s.status} want {g.status}")
            if g.date == s.date:
                tally += DateTally(compared=1, exact=1, compatible=1)
                date_tp += 1 if g.date is not None else 0
            elif s.date is None:
                self.issue("ref date", "missed", f"{g.key} {g.type}: got none want {g.date}")
                tally += DateTally(compared=1)
            else:
                invented = _more_precise(s.date, g.date)
                compatible = _compatible(g.date, s.date)
                note = " (compatible)" if compatible else ""
                self.issue(
                    "ref date", "invented" if invented else "wrong",
                    f"{g.key} {g.type}: got {s.date} want {g.date or 'none'}{note}",
                )
                tally += DateTally(compared=1, compatible=int(compatible), invented=int(invented))
        self.add(
            "ref.status", tp=right_status, fp=len(systems) - right_status, fn=len(golds) - right_status
        )
        self.add(
            "ref.date",
            tp=date_tp,
            fp=sum(1 for s in systems if s.date) - date_tp,
            fn=sum(1 for g in golds if g.date) - date_tp,
        )
        self.dates["ref"] = tally
        for gi, g in enumerate(golds):
            if gi not in paired_g:
                self.issue(
                    "ref events", "missed",
                    f"{g.key} {g.type} ({g.status}, date {g.date or 'none'}) \"{_snippet(g.evidence)}\"",
                )
        for si, s in enumerate(systems):
            if si not in paired_s:
                self.issue(
                    "ref events", "spurious",
                    f"{s.type} ({s.status}, date {s.date or 'none'}) of {_people(s.participants)} <{s.id}>",
                )

    # --- mentions

    def mentions(self) -> None:
        m = self.system.mentions
        self.match_set(
            "mentions.leaders", "leaders", list(self.gold.leaders), m.get("Leader", []),
            lambda g, s: 1 if g.same_as(s) else None, lambda p: f'"{p}"', lambda p: f'"{p}"',
        )
        gold_countries = _unique_by(self.gold.countries, country_key)
        sys_countries = _unique_by([p.name for p in m.get("Country", [])], country_key)
        self.match_set(
            "mentions.countries", "countries", gold_countries, sys_countries,
            lambda g, s: 1 if country_key(g) == country_key(s) else None,
            lambda n: f'"{n}"', lambda n: f'"{n}"',
        )
        for key, area, kind, gold in (
            ("mentions.organizations", "organizations", "Organization", self.gold.organizations),
            ("mentions.places", "places", "Place", self.gold.places),
        ):
            self.match_set(
                key, area, list(gold), _unique_by([p.name for p in m.get(kind, [])], normalize_name),
                lambda g, s: label_match_score(g, s) or None,
                lambda n: f'"{n}"', lambda n: f'"{n}"',
            )

    # --- positions

    def positions(self) -> None:
        golds = list(self.gold.positions)
        systems = self.system.positions
        pairs = _greedy(golds, systems, _position_overlap)
        by_sys = {si: gi for gi, si in pairs}
        by_gold = dict(pairs)

        speaker_ok = {gi for gi, si in pairs if _same_people(golds[gi].speakers, systems[si].speakers)}
        act_ok = {gi for gi in speaker_ok if golds[gi].act == systems[by_gold[gi]].act}
        for key, ok in (
            ("positions.found", set(by_gold)),
            ("positions.speaker", speaker_ok),
            ("positions.act", act_ok),
        ):
            self.add(key, tp=len(ok), fp=len(systems) - len(ok), fn=len(golds) - len(ok))
            self.score_without_duplicates(f"{key}.nodup", golds, ok, len(systems))

        for gi, g in enumerate(golds):
            where = f"[{g.span[0]}-{g.span[1]}]" if g.span else f"<{g.id}>"
            want = f"{_people(g.speakers)}/{g.act}"
            if gi not in by_gold:
                dup = f" (duplicate of {g.duplicate_of})" if g.duplicate_of else ""
                self.issue("positions", "missed", f'{where} {want} "{_snippet(g.quote)}"{dup}')
            elif gi not in act_ok:
                s = systems[by_gold[gi]]
                self.issue(
                    "positions", "wrong",
                    f'{where} got {_people(s.speakers)}/{s.act} want {want} "{_snippet(g.quote)}"',
                )
        for si, s in enumerate(systems):
            if si not in by_sys:
                where = f"[{s.span[0]}-{s.span[1]}]" if s.span else f"<{s.id}>"
                self.issue(
                    "positions", "spurious",
                    f'{where} {_people(s.speakers)}/{s.act} "{_snippet(s.quote)}"',
                )

    def score_without_duplicates(
        self, key: str, golds: Sequence[GoldPosition], ok: set[int], n_system: int
    ) -> None:
        """Merge each ``duplicate_of`` chain into its original (see the module docstring)."""
        ids = {g.id: gi for gi, g in enumerate(golds)}

        def root(gi: int) -> int:
            seen = {gi}
            while True:
                parent = ids.get(golds[gi].duplicate_of or "")
                if parent is None or parent in seen:  # a cycle in the gold: stop anywhere
                    return gi
                gi = parent
                seen.add(gi)

        groups: dict[int, list[int]] = {}
        for gi in range(len(golds)):
            groups.setdefault(root(gi), []).append(gi)
        found = sum(1 for members in groups.values() if any(m in ok for m in members))
        # Every right system position beyond the first of its group is set aside.
        self.add(key, tp=found, fp=n_system - len(ok), fn=len(groups) - found)


def _unique_by(items: Iterable[str], key: Callable[[str], str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "`": "'", "«": '"', "»": '"', "“": '"', "”": '"'})
_MIN_SHARED_CHARS = 20


def _norm_quote(text: str) -> str:
    return " ".join(text.translate(_QUOTE_CHARS).replace('"', " ").casefold().split())


def _position_overlap(g: GoldPosition, s: _SysPosition) -> int | None:
    """Characters shared by two positions: span overlap, else common quote text."""
    if g.span is not None and s.span is not None:
        shared = min(g.span[1], s.span[1]) - max(g.span[0], s.span[0])
        return shared if shared > 0 else None
    a, b = _norm_quote(g.quote), _norm_quote(s.quote)
    if not a or not b:
        return None
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size if match.size >= min(_MIN_SHARED_CHARS, len(a), len(b)) else None


# --------------------------------------------------------------------------- entry point


def evaluate(gold_dir: Path, rows: SystemRows, *, docs: Collection[str] | None = None) -> Report:
    """Score system rows against the gold annotations of ``gold_dir``.

    Args:
        gold_dir: folder of gold ``*.json`` files, one per readout.
        rows: the rows of the ``events``, ``positions`` and ``mentions`` queries.
        docs: score only these document ids (default: every gold document).

    Returns:
        The report; it measures and never raises on poor figures.

    Raises:
        EvaluateError: the gold cannot be read, a row lacks a contract column, or a
            document asked for in ``docs`` has no gold file.
    """
    gold = load_gold(gold_dir)
    system = _group_rows(rows)
    notes: list[str] = []
    if docs is not None:
        unknown = sorted(set(docs) - set(gold))
        if unknown:
            raise EvaluateError(
                Msg.M004, path=gold_dir, field="id",
                detail=f"no gold file for document(s) {', '.join(unknown)}",
            )
        selected = [d for d in gold if d in set(docs)]
    else:
        selected = list(gold)
    ignored = sorted(set(system) - set(gold))
    if ignored:
        notes.append(
            f"{len(ignored)} system document(s) without gold, not scored: "
            + ", ".join(ignored[:10]) + (" …" if len(ignored) > 10 else "")
        )
    empty = [d for d in selected if d not in system]
    if empty:
        notes.append(
            f"{len(empty)} gold document(s) with no system rows (scored as all missed): "
            + ", ".join(empty)
        )

    per_doc: dict[str, dict[str, Score]] = {}
    per_doc_dates: dict[str, dict[str, DateTally]] = {}
    issues: list[Issue] = []
    for doc in selected:
        scorer = _DocScorer(gold[doc], system.get(doc, _SysDoc()))
        scorer.run()
        per_doc[doc] = scorer.scores
        per_doc_dates[doc] = scorer.dates
        issues.extend(scorer.issues)
    scores = {key: sum((per_doc[d][key] for d in selected), Score()) for key in METRICS}
    dates = {
        key: sum((per_doc_dates[d][key] for d in selected), DateTally()) for key in ("main", "ref")
    }
    return Report(
        docs=selected,
        scores=scores,
        per_doc=per_doc,
        dates=dates,
        per_doc_dates=per_doc_dates,
        issues=issues,
        notes=notes,
    )
