"""What an evaluation counts: the metrics, their TP/FP/FN counts and the precision,
recall and F1 those give, date tallies, and the misses worded for a reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ACCEPTANCE",
    "METRICS",
    "DateTally",
    "Issue",
    "IssueKind",
    "Score",
]

#: The bars a release is measured against: (metric, figure, minimum, wording).
ACCEPTANCE: tuple[tuple[str, Literal["recall", "precision"], float, str], ...] = (
    ("positions.speaker", "recall", 0.80, "positions found, right speaker (R)"),
    ("positions.act", "recall", 0.65, "positions found, right act (R)"),
    ("positions.found", "precision", 0.70, "positions precision (P)"),
)

#: Metric key -> label shown in the text report, in display order.
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


@dataclass(frozen=True)
class Score:
    """TP/FP/FN counts of one metric, with the figures they give.

    The figures are ``None`` when there is nothing to count at all; otherwise a zero
    denominator gives 0.0 (nothing claimed has no precision to speak for it).

    >>> s = Score(tp=3, fp=1, fn=2)
    >>> s.precision, round(s.recall, 3), Score().f1
    (0.75, 0.6, None)
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
    """How event dates compare on paired events (see :mod:`graph.eval`)."""

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
