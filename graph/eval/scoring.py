"""Scoring system rows against the gold, one document at a time, and :func:`evaluate`,
which sums the documents' counts into a :class:`~graph.eval.report.Report`.

What is compared, and how, is described in :mod:`graph.eval`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import EvaluationError, Msg
from graph.eval.gold import GoldDoc, GoldEvent, GoldPosition, load_gold
from graph.eval.matching import (
    compatible_dates,
    greedy_pairs,
    more_precise,
    people_overlap,
    position_overlap,
    same_people,
    unique_by,
    unique_people,
)
from graph.eval.metrics import METRICS, DateTally, Issue, IssueKind, Score
from graph.eval.names import Person, country_key, gold_matches, label_match_score, normalize_name
from graph.eval.report import Report
from graph.eval.system import SysDoc, SysEvent, SystemRows, group_rows

__all__ = ["evaluate"]

_T = TypeVar("_T")
_U = TypeVar("_U")


def _snippet(text: str, limit: int = 48) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _people(people: Sequence[Person]) -> str:
    return " + ".join(p.name for p in people) if people else "nobody"


class _DocScorer:
    """Scores one document; collects its scores, date tallies and issues."""

    def __init__(self, gold: GoldDoc, system: SysDoc) -> None:
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
        pairs = greedy_pairs(golds, systems, score)
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
            return 1 if gold_matches(g, s) else None

        gold_people = unique_people(p for e in golds for p in e.participants)
        sys_people = unique_people(p for e in systems for p in e.participants)
        self.match_set(
            "main.participants", "main participants", gold_people, sys_people, person_score,
            lambda p: f'"{p}"', lambda p: f'"{p}"',
        )
        gold_init = unique_people(e.initiator for e in golds if e.initiator)
        sys_init = unique_people(e.initiator for e in systems if e.initiator)
        self.match_set(
            "main.initiator", "main initiator", gold_init, sys_init, person_score,
            lambda p: f'"{p}"', lambda p: f'"{p}"',
        )

        pairs = greedy_pairs(
            golds,
            systems,
            lambda g, s: (
                people_overlap(g.participants, s.participants),
                g.type == s.type,
                compatible_dates(g.date, s.date),
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
        compatible = compatible_dates(gold, system)
        if system is None:
            self.add(key, fn=1)
            self.issue(area, "missed", f"got none want {gold}")
            return DateTally(compared=1)
        self.add(key, fp=1, fn=1 if gold is not None else 0)
        invented = more_precise(system, gold)
        note = " (compatible)" if compatible else ""
        self.issue(area, "invented" if invented else "wrong", f"got {system} want {gold or 'none'}{note}")
        return DateTally(compared=1, compatible=int(compatible), invented=int(invented))

    # --- referenced events

    def referenced_events(self) -> None:
        golds = [e for e in self.gold.events if not e.main]
        systems = [e for e in self.system.events if not e.main]

        def score(g: GoldEvent, s: SysEvent) -> tuple[int, bool, bool] | None:
            if g.type != s.type:
                return None
            shared = people_overlap(g.participants, s.participants)
            if g.participants and s.participants and not shared:
                return None
            if g.date and s.date and not compatible_dates(g.date, s.date):
                return None
            return (shared, bool(g.date and s.date), g.status == s.status)

        pairs = greedy_pairs(golds, systems, score)
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
                invented = more_precise(s.date, g.date)
                compatible = compatible_dates(g.date, s.date)
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
            lambda g, s: 1 if gold_matches(g, s) else None, lambda p: f'"{p}"', lambda p: f'"{p}"',
        )
        gold_countries = unique_by(self.gold.countries, country_key)
        sys_countries = unique_by([p.name for p in m.get("Country", [])], country_key)
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
                key, area, list(gold), unique_by([p.name for p in m.get(kind, [])], normalize_name),
                lambda g, s: label_match_score(g, s) or None,
                lambda n: f'"{n}"', lambda n: f'"{n}"',
            )

    # --- positions

    def positions(self) -> None:
        golds = list(self.gold.positions)
        systems = self.system.positions
        pairs = greedy_pairs(golds, systems, position_overlap)
        by_sys = {si: gi for gi, si in pairs}
        by_gold = dict(pairs)

        speaker_ok = {gi for gi, si in pairs if same_people(golds[gi].speakers, systems[si].speakers)}
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


def evaluate(gold_dir: Path, rows: SystemRows, *, docs: Collection[str] | None = None) -> Report:
    """Score system rows against the gold annotations of ``gold_dir``.

    Args:
        gold_dir: folder of gold ``*.json`` files, one per readout.
        rows: the rows of the ``events``, ``positions`` and ``mentions`` queries.
        docs: score only these document ids (default: every gold document).

    Returns:
        The report; it measures and never raises on poor figures.

    Raises:
        EvaluationError: the gold cannot be read, a row lacks a contract column, or a
            document asked for in ``docs`` has no gold file.
    """
    gold = load_gold(gold_dir)
    system = group_rows(rows)
    notes: list[str] = []
    if docs is not None:
        unknown = sorted(set(docs) - set(gold))
        if unknown:
            raise EvaluationError(
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
        scorer = _DocScorer(gold[doc], system.get(doc, SysDoc()))
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
