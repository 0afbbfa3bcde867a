"""The system side of an evaluation: the rows of the three contract queries
(``events``, ``positions``, ``mentions``), read from a store or from SPARQL JSON
result files, and folded into one record per event, position and mention.

Reading only the contract queries means any graph built with ``diplograph build`` —
or by another tool that writes the same SPARQL JSON results — can be scored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from graph.errors import EvaluationError, Msg
from graph.eval.names import Person, normalize_act, normalize_name

__all__ = [
    "QUERY_NAMES",
    "Row",
    "SysDoc",
    "SysEvent",
    "SysPosition",
    "SystemRows",
    "group_rows",
    "rows_from_json",
    "rows_from_store",
]

Row = Mapping[str, object]

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


@dataclass
class SystemRows:
    """The rows of the three contract queries, as dicts keyed by column name.

    Values may be strings (as in SPARQL JSON), Python values or RDF terms: they are
    read through ``str()``; ``None``, missing keys and empty strings mean unbound.
    """

    events: list[Row] = field(default_factory=list)
    positions: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)


def rows_from_store(store_path: Path | str) -> SystemRows:
    """Run the three contract queries on a store built by ``diplograph build``.

    Raises:
        StoreError: the store cannot be opened (missing, locked, …).
        QueryError: a contract query is missing or fails.
    """
    # Imported here so scoring rows from files never needs the store backends.
    from graph.query import run_query
    from graph.store_base import open_store

    store = open_store(store_path, read_only=True)
    try:
        results: dict[str, list[Row]] = {name: list(run_query(store, name=name).rows) for name in QUERY_NAMES}
    finally:
        store.close()
    return SystemRows(results["events"], results["positions"], results["mentions"])


def rows_from_json(directory: Path) -> SystemRows:
    """Read ``events.json``, ``positions.json`` and ``mentions.json`` (SPARQL 1.1 JSON
    results, as ``diplograph query --name NAME --format json`` writes them).

    Raises:
        EvaluationError: a file is missing or is not SPARQL JSON results.
    """
    results = {name: _read_sparql_json(Path(directory) / f"{name}.json", name) for name in QUERY_NAMES}
    return SystemRows(results["events"], results["positions"], results["mentions"])


def _read_sparql_json(path: Path, name: str) -> list[Row]:
    if not path.is_file():
        raise EvaluationError(Msg.M005, path=path, name=name)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(Msg.M006, path=path, name=name, detail=exc) from exc
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise EvaluationError(Msg.M006, path=path, name=name, detail="no 'results' object")
    bindings = data["results"].get("bindings")
    if not isinstance(bindings, list):
        raise EvaluationError(Msg.M006, path=path, name=name, detail="no 'results.bindings' list")
    rows: list[Row] = []
    for i, binding in enumerate(bindings):
        if not isinstance(binding, dict) or not all(
            isinstance(cell, dict) and "value" in cell for cell in binding.values()
        ):
            raise EvaluationError(
                Msg.M006, path=path, name=name, detail=f"binding {i} is not a map of {{'value': …}}"
            )
        rows.append({var: cell["value"] for var, cell in binding.items()})
    return rows


# --------------------------------------------------------------------------- cell values


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


_DATE_PREFIX = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?![\d-])")


def _clean_date(value: str | None) -> str | None:
    """Keep ``YYYY[-MM[-DD]]`` from a literal that may carry a time or zone."""
    if value is None:
        return None
    m = _DATE_PREFIX.match(value)
    return m.group(1) if m else value.strip() or None


def _column(row: Row, name: str, index: int, query: str) -> str | None:
    if name in _REQUIRED_COLUMNS[query] and name not in row:
        raise EvaluationError(
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
        raise EvaluationError(Msg.M008, value=text, column=name, name=query) from exc


def _doc_id(value: str | None) -> str:
    return _local_name(value) or ""


# --------------------------------------------------------------------------- records


@dataclass
class SysEvent:
    """An event of the system, with its participants gathered from its rows."""

    id: str
    type: str
    main: bool
    status: str | None
    date: str | None
    participants: list[Person]
    initiator: Person | None


@dataclass
class SysPosition:
    """A position of the system, with its speakers gathered from its rows."""

    id: str
    speakers: list[Person]
    act: str
    span: tuple[int, int] | None
    quote: str


@dataclass
class SysDoc:
    """What the system found in one readout."""

    events: list[SysEvent] = field(default_factory=list)
    positions: list[SysPosition] = field(default_factory=list)
    mentions: dict[str, list[Person]] = field(default_factory=dict)  # kind -> labels


def group_rows(rows: SystemRows) -> dict[str, SysDoc]:
    """Fold the one-row-per-participant/speaker results into events and positions,
    keyed by document id.

    Raises:
        EvaluationError: a row lacks a contract column, or an offset is not a number.
    """
    docs: dict[str, SysDoc] = {}
    events: dict[tuple[str, str], SysEvent] = {}
    for i, row in enumerate(rows.events):
        doc = _doc_id(_column(row, "doc", i, "events"))
        eid = _column(row, "event", i, "events") or f"row{i}"
        event = events.get((doc, eid))
        if event is None:
            event = SysEvent(
                id=eid,
                type=_local_name(_column(row, "type", i, "events")) or "",
                main=_truthy(_column(row, "main", i, "events")),
                status=_local_name(_text(row.get("status"))),
                date=_clean_date(_text(row.get("date"))),
                participants=[],
                initiator=None,
            )
            events[(doc, eid)] = event
            docs.setdefault(doc, SysDoc()).events.append(event)
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

    positions: dict[tuple[str, str], SysPosition] = {}
    for i, row in enumerate(rows.positions):
        doc = _doc_id(_column(row, "doc", i, "positions"))
        pid = _column(row, "position", i, "positions") or f"row{i}"
        position = positions.get((doc, pid))
        if position is None:
            start, end = _offset(row, "start", "positions"), _offset(row, "end", "positions")
            position = SysPosition(
                id=pid,
                speakers=[],
                act=normalize_act(_local_name(_column(row, "act", i, "positions")) or ""),
                span=(start, end) if start is not None and end is not None else None,
                quote=_text(row.get("quote")) or "",
            )
            positions[(doc, pid)] = position
            docs.setdefault(doc, SysDoc()).positions.append(position)
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
        bucket = docs.setdefault(doc, SysDoc()).mentions.setdefault(kind, [])
        if person not in bucket:
            bucket.append(person)
    return docs
