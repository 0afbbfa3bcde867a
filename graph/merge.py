"""The same event across readouts.

A call reported by the Élysée, quoted by a press agency and recalled weeks later ("Déjà le
9 février, …") is one event with several reports. Each readout's claims about it stay in
its own named graph; the event node is shared.

Two events are the same when they are of the same kind (a phone call and an "entretien"
are both contacts), have the same leaders, and have compatible dates (2018-02 and
2018-02-09 are compatible). Where a date is missing or known only to the month, the two
accounts must also share words: a run of :data:`SHINGLE` words, as when a press report
quotes the communiqué. An event found earlier keeps its IRI; the later report reuses it.

>>> macron, putin = "urn:leader:macron", "urn:leader:putin"
>>> stored = Candidate("urn:event:1", "PhoneCall", {macron, putin}, {PartialDate(2018, 2, 9)})
>>> same_event("Meeting", {macron, putin}, PartialDate(2018, 2, 9), set(), stored)  # both contacts, same day
True
>>> same_event("PhoneCall", {macron, putin}, PartialDate(2018, 2), set(), stored)  # the month only, no shared words
False
>>> same_event("PhoneCall", {macron, putin}, PartialDate(2018, 3), set(), stored)  # another month
False
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from graph.records import EntityRef, Event, Extraction, PartialDate
from graph.text import fold

SHINGLE = 8
MIN_SHARED = 5
MIN_CONTAINMENT = 0.15
_CONTACT = {"PhoneCall", "Meeting"}
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    """Runs of ``n`` words, without case, accents or punctuation."""
    words = _WORD.findall(fold(text))
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


@dataclass
class Candidate:
    """An event already known (in the store or earlier in the batch)."""

    iri: str
    type: str
    actors: set[str] = field(default_factory=set)  # entity IRIs
    dates: set[PartialDate] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    words: set[tuple[str, ...]] = field(default_factory=set)


def _same_kind(a: str, b: str) -> bool:
    return a == b or (a in _CONTACT and b in _CONTACT)


def same_event(ev_type: str, actors: set[str], date: PartialDate | None, words: set[tuple[str, ...]],
               cand: Candidate) -> bool:
    """Whether an event (its kind, leaders' IRIs, date, words) is ``cand``."""
    shared = actors & cand.actors
    if not _same_kind(ev_type, cand.type) or len(shared) < 2 or not (actors <= cand.actors or cand.actors <= actors):
        return False
    if date is not None and cand.dates and not all(date.compatible(d) for d in cand.dates):
        return False
    exact_day = date is not None and date.precision == "day" and date in cand.dates
    if exact_day:
        return True
    common = len(words & cand.words)
    smaller = min(len(words), len(cand.words)) or 1
    # formulas recur from call to call ("s'est félicité de la dynamique"); a report of the
    # same call repeats whole sentences of it
    return common >= MIN_SHARED and common / smaller >= MIN_CONTAINMENT


def event_words(ex: Extraction, ev: Event) -> set[tuple[str, ...]]:
    """The words reported of an event: the quotes of the positions made in it (not the
    sentence that states the event, which is boilerplate: "s'est entretenu par téléphone")."""
    out: set[tuple[str, ...]] = set()
    for p in ex.positions:
        if p.event == ev.key:
            out |= shingles(p.quote.text)
    return out


def candidates_from_rows(rows: Iterable[Mapping[str, object]], *, exclude_doc: str) -> list[Candidate]:
    """Fold ``merge-candidates`` rows into candidates, ignoring what ``exclude_doc`` itself
    said (it is being rebuilt)."""
    found: dict[str, Candidate] = {}
    for r in rows:
        if r["doc"] == exclude_doc:
            continue
        iri = str(r["event"])
        c = found.setdefault(iri, Candidate(iri, str(r["type"])))
        c.actors.add(str(r["actor"]))
        c.docs.add(str(r["doc"]))
        if r.get("date"):
            with contextlib.suppress(ValueError):  # a date the store holds but cannot be read stays out
                c.dates.add(PartialDate.parse(str(r["date"])))
        if r.get("text"):
            c.words |= shingles(str(r["text"]))
    return list(found.values())


MERGEABLE = {"PhoneCall", "Meeting", "Visit", "Summit"}


class Seen:
    """The events a build has linked so far, found by any two of their leaders.

    :func:`same_event` needs two shared leaders, so an event can only be one that shares a
    pair of leaders with it: looking the pairs up, rather than reading every event seen,
    keeps a build's merging linear in its size. Events come back in the order they were
    added, so the first match is the one a scan of all of them would find.

    >>> seen = Seen()
    >>> seen.add(Candidate("urn:e1", "PhoneCall", {"a", "b"}))
    >>> seen.add(Candidate("urn:e2", "PhoneCall", {"c", "d"}))
    >>> seen.add(Candidate("urn:e3", "Meeting", {"a", "b", "c"}))
    >>> [c.iri for c in seen.sharing_two({"a", "b"})], [c.iri for c in seen.sharing_two({"a", "d"})], len(seen)
    (['urn:e1', 'urn:e3'], [], 3)
    """

    def __init__(self) -> None:
        self._by_pair: dict[tuple[str, str], list[tuple[int, Candidate]]] = {}
        self._count = 0

    def add(self, candidate: Candidate) -> None:
        for pair in combinations(sorted(candidate.actors), 2):
            self._by_pair.setdefault(pair, []).append((self._count, candidate))
        self._count += 1

    def sharing_two(self, actors: set[str]) -> list[Candidate]:
        """The events added so far that share at least two of ``actors``, oldest first."""
        found: dict[int, Candidate] = {}
        for pair in combinations(sorted(actors), 2):
            for order, candidate in self._by_pair.get(pair, ()):
                found[order] = candidate
        return [found[order] for order in sorted(found)]

    def __len__(self) -> int:
        return self._count


def link_events(
    batch: list[Extraction],
    lookup: Callable[[list[str], str], Iterable[Candidate]],
    entity_iri: Callable[[EntityRef], str],
    event_iri: Callable[[str, str], str],
    *,
    seen: Seen | None = None,
) -> int:
    """Give each event of ``batch`` that was already reported (in the store, or earlier in
    the batch) the IRI of that event, in ``Event.same_as``. Returns how many were linked.

    Args:
        batch: extractions, in build order.
        lookup: a function (participants' IRIs, doc id) -> the :class:`Candidate` events of
            the store that involve the first two of them.
        entity_iri: a function EntityRef -> IRI string.
        event_iri: a function (doc id, event key) -> the IRI a new event gets.
        seen: events linked so far in this build, kept by the caller across batches;
            the events of ``batch`` are added to it.
    """
    seen = Seen() if seen is None else seen
    linked = 0
    for ex in batch:
        doc = ex.readout.id
        for ev in ex.events:
            leaders = [p for p in ev.participants if p.kind == "Leader"]
            if ev.type not in MERGEABLE or len(leaders) < 2:
                continue
            actors = {str(entity_iri(p)) for p in leaders}
            words = event_words(ex, ev)
            pool = [c for c in seen.sharing_two(actors) if doc not in c.docs] + list(lookup(sorted(actors), doc))
            match = next((c for c in pool if same_event(ev.type, actors, ev.date, words, c)), None)
            if match is not None:
                ev.same_as = match.iri
                linked += 1
            iri = ev.same_as or str(event_iri(doc, ev.key))
            cand = Candidate(iri, ev.type, set(actors), {ev.date} if ev.date else set(), {doc}, words)
            seen.add(cand)
    return linked
