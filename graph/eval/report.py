"""The result of an evaluation: micro-averaged and per-document figures, date tallies
and misses, as readable text (:meth:`Report.to_text`) or JSON (:meth:`Report.to_json`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.eval.metrics import ACCEPTANCE, METRICS, DateTally, Issue, Score

__all__ = ["Report"]


@dataclass
class Report:
    """The result of :func:`graph.eval.evaluate`: micro-averaged and per-document scores, date
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
        lines.append("* free-text gold labels, matched leniently (see graph.eval)")
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
