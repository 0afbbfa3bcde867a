"""Reading the gold annotations: one JSON file per readout, in the format the gold
folder's README describes.

The package carries the gold of its five sample readouts (:func:`bundled_gold_dir`),
so ``diplograph evaluate`` scores the demo's store with nothing else at hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from graph.errors import EvaluationError, Msg
from graph.eval.names import Person, normalize_act, normalize_name

__all__ = [
    "GoldDoc",
    "GoldEvent",
    "GoldPosition",
    "bundled_gold_dir",
    "load_gold",
    "load_gold_file",
]

_T = TypeVar("_T")

# Gold type names that differ from the ontology's class local names.
_GOLD_TYPES = {"Other": "OtherEvent"}


def bundled_gold_dir() -> Path:
    """The gold annotations of the bundled sample readouts (``graph/data/gold``)."""
    return Path(__file__).resolve().parent.parent / "data" / "gold"


@dataclass(frozen=True)
class GoldEvent:
    """An event as the gold describes it."""

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
    """A position as the gold describes it: one act of one or more speakers."""

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
        EvaluationError: the folder is missing or empty, or a file is malformed.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise EvaluationError(Msg.M001, path=gold_dir)
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise EvaluationError(Msg.M002, path=gold_dir)
    docs: dict[str, GoldDoc] = {}
    for path in files:
        doc = load_gold_file(path)
        docs[doc.id] = doc
    return docs


def load_gold_file(path: Path) -> GoldDoc:
    """Read one gold annotation file.

    Raises:
        EvaluationError: the file is not JSON or lacks a field the evaluation needs.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(Msg.M003, path=path, detail=exc) from exc
    reader = _GoldReader(Path(path))
    return reader.doc(data)


class _GoldReader:
    """Typed access to a gold file's JSON, naming the faulty field on error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, detail: str) -> EvaluationError:
        return EvaluationError(Msg.M004, path=self.path, field=where, detail=detail)

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
                    act=normalize_act(self.get(item, "act", where, str)),
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
