"""The readers: text files, JSONL files and folders -> :class:`~graph.records.Readout`.

* a text file (``.txt``, ``.md``, or any text file named explicitly) is one readout;
* a ``.jsonl`` file holds one JSON object a line:
  ``{"id", "text", "date", "source", "url", "lang"}``;
* a folder is read recursively in sorted order (``*.txt``, ``*.md``, ``*.jsonl``;
  hidden files and folders are skipped).

Each document is decoded (:mod:`graph.ingest.decoding`), its own date read from a
leading ``date`` line (:mod:`graph.ingest.metadata`), its text cleaned with the map
back to the raw text (:mod:`graph.ingest.cleaning`) and hashed.

Input is streamed: a folder is listed, never loaded, and a JSONL file is read line
by line. A bad file or record becomes one :class:`~graph.errors.IngestError` passed
to ``on_error`` and the run goes on with the next input.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from graph.errors import IngestError, Msg
from graph.ingest.cleaning import clean
from graph.ingest.decoding import decode
from graph.ingest.metadata import document_date, leading_date
from graph.records import PartialDate, Readout

__all__ = [
    "DEFAULT_LANG",
    "DEFAULT_MAX_CHARS",
    "FOLDER_SUFFIXES",
    "OnError",
    "read_inputs",
    "read_text_file",
    "readout_from_text",
]

DEFAULT_LANG = "fr"
_JSONL_SUFFIX = ".jsonl"
FOLDER_SUFFIXES = frozenset({".txt", ".md", _JSONL_SUFFIX})
"""File suffixes read from a folder (compared case-insensitively)."""

OnError = Callable[[IngestError], None]

DEFAULT_MAX_CHARS = 2_000_000
"""The longest readout a build takes, in characters of decoded text (``--max-chars``)."""

# --------------------------------------------------------------------------- records


def _make_readout(
    doc_id: str,
    raw: str,
    *,
    where: str,
    date: PartialDate | None,
    source: str | None,
    url: str | None,
    lang: str | None,
    origin: str | None,
    max_chars: int | None = None,
    what: str = "the readout",
) -> Readout:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    if max_chars is not None and len(raw) > max_chars:
        # refused before the clean-up, which would cost as much as the text is long
        raise IngestError(Msg.I014, path=where, what=what, chars=len(raw), limit=max_chars)
    start = 0
    own = leading_date(raw, where)
    if own is not None:
        date, start = own
    text, offsets = clean(raw, start)
    if not text:
        raise IngestError(Msg.I010, path=where)
    # surrogatepass: a lone surrogate (from a JSON escape) still hashes the same way
    # every time instead of failing.
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return Readout(
        id=doc_id,
        text=text,
        raw=raw,
        sha256=digest,
        date=date,
        source=source,
        url=url,
        lang=lang or _detected(text),
        origin=origin,
        offsets=offsets,
    )


def _detected(text: str) -> str:
    from graph.ingest.language import detect_language

    return detect_language(text)


def readout_from_text(
    doc_id: str,
    raw: str,
    *,
    date: PartialDate | None = None,
    source: str | None = None,
    url: str | None = None,
    lang: str | None = None,
    origin: str | None = None,
) -> Readout:
    """Make a readout from a decoded text: metadata line, clean-up and content hash.

    A leading ``date YYYY-MM[-DD]`` (or ``date: …``; any case, possibly after
    whitespace, possibly followed by text on the same line) is the document's own
    date: it wins over the ``date`` argument, which applies only to documents
    without one. The line is removed from ``text`` and kept in ``raw``.

    Args:
        doc_id: The document id.
        raw: The decoded text; a leading BOM is dropped, nothing else changes.
        date: The date to use when the text has no ``date`` line.
        source: Who published the readout.
        url: Where it was published.
        lang: Its language (``"fr"``, ``"en"``…); told from the text when not given
            (:func:`graph.ingest.language.detect_language`).
        origin: Where it was read from (file name, ``name.jsonl:LINE``); also
            names the document in error messages.

    Returns:
        The readout; ``sha256`` is the hash of ``raw`` encoded as UTF-8.

    Raises:
        IngestError: ``I012`` for a ``date`` line that is not a date, ``I010``
            when nothing but whitespace is left after clean-up.
    """
    return _make_readout(
        doc_id,
        raw,
        where=origin or doc_id,
        date=date,
        source=source,
        url=url,
        lang=lang,
        origin=origin,
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(Msg.I001, path=path) from exc
    except IsADirectoryError as exc:
        raise IngestError(Msg.I011, path=path, detail="it is a folder") from exc
    except OSError as exc:
        raise IngestError(Msg.I011, path=path, detail=exc.strerror or str(exc)) from exc


def _text_file(
    path: Path,
    doc_id: str,
    *,
    date: PartialDate | None,
    source: str | None,
    lang: str | None,
    max_chars: int | None = None,
) -> Readout:
    data = _read_bytes(path)
    if not data:
        raise IngestError(Msg.I002, path=path)
    raw = decode(data, path)
    if not raw:  # a BOM and nothing else
        raise IngestError(Msg.I002, path=path)
    return _make_readout(
        doc_id,
        raw,
        where=str(path),
        date=date,
        source=source,
        url=None,
        lang=lang,
        origin=path.name,
        max_chars=max_chars,
    )


def read_text_file(
    path: Path,
    *,
    date: PartialDate | None = None,
    source: str | None = None,
    lang: str | None = None,
) -> Readout:
    """Read one text file as a readout whose id is the file stem.

    Args:
        path: The file (any suffix).
        date: The date to use when the file has no leading ``date`` line of its
            own (the document's own date wins).
        source: Who published it.
        lang: Its language; told from the text when not given.

    Returns:
        The readout, with ``origin`` the file name.

    Raises:
        IngestError: ``I001`` missing file, ``I011`` unreadable, ``I002`` empty,
            ``I003`` binary, ``I004`` undecodable, ``I012`` bad ``date`` line,
            ``I010`` only whitespace.
    """
    path = Path(path)
    return _text_file(path, path.stem, date=date, source=source, lang=lang)


# --------------------------------------------------------------------------- JSONL

_Item = tuple[Readout, str] | IngestError


def _optional_str(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise TypeError(f"the field {key!r} must be a string, not {type(value).__name__}")
    return value


def _jsonl_record(
    path: Path,
    lineno: int,
    line: bytes,
    ids: set[str],
    *,
    date: PartialDate | None,
    source: str | None,
    lang: str | None,
    max_chars: int | None = None,
) -> Readout:
    def bad(detail: str) -> IngestError:
        return IngestError(Msg.I005, path=path, line=lineno, detail=detail)

    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise bad(f"not UTF-8 at byte {exc.start}") from exc
    except json.JSONDecodeError as exc:
        raise bad(f"{exc.msg} at column {exc.colno}") from exc
    if not isinstance(obj, dict):
        raise bad(f"found a JSON {type(obj).__name__}")
    record: dict[str, object] = obj

    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        doc_id = f"{path.stem}-{lineno}"
    elif isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raise bad(f"the field 'id' must be a string or an integer, not {type(raw_id).__name__}")
    else:
        doc_id = str(raw_id).strip()
    # The id is taken before the rest is checked, so a broken first record still
    # claims it and a later one with the same id is reported, not silently kept.
    if doc_id in ids:
        raise IngestError(Msg.I007, path=path, line=lineno, id=doc_id)
    ids.add(doc_id)

    text = record.get("text")
    if text is None or text == "":
        raise IngestError(Msg.I006, path=path, line=lineno)
    if not isinstance(text, str):
        raise bad(f"the field 'text' must be a string, not {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise bad("the field 'text' holds an unpaired surrogate escape") from exc
    try:
        own_date = _optional_str(record, "date")
        own_source = _optional_str(record, "source")
        own_url = _optional_str(record, "url")
        own_lang = _optional_str(record, "lang")
    except TypeError as exc:
        raise bad(str(exc)) from exc
    where = f"{path}:{lineno}"
    if own_date is not None:
        date = document_date(own_date, where, "field 'date'")
    return _make_readout(
        doc_id,
        text,
        where=where,
        date=date,
        source=own_source or source,
        url=own_url,
        lang=own_lang or lang,
        origin=f"{path.name}:{lineno}",
        max_chars=max_chars,
        what=f"the record {doc_id!r}",
    )


def _jsonl_file(
    path: Path,
    *,
    date: PartialDate | None,
    source: str | None,
    lang: str | None,
    max_chars: int | None = None,
) -> Iterator[_Item]:
    ids: set[str] = set()
    records = 0
    try:
        with path.open("rb") as fh:  # bytes: a bad line is reported, not fatal to the file
            for lineno, line in enumerate(fh, start=1):
                if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8) :]
                if not line.strip():
                    continue
                records += 1
                try:
                    readout = _jsonl_record(
                        path, lineno, line, ids, date=date, source=source, lang=lang, max_chars=max_chars
                    )
                except IngestError as err:
                    yield err
                    continue
                yield readout, f"{path}:{lineno}"
    except FileNotFoundError:
        yield IngestError(Msg.I001, path=path)
        return
    except OSError as exc:
        yield IngestError(Msg.I011, path=path, detail=exc.strerror or str(exc))
        return
    if not records:
        yield IngestError(Msg.I002, path=path)


# --------------------------------------------------------------------------- folders


def _folder_files(folder: Path) -> tuple[list[Path], list[IngestError]]:
    """The readable files under ``folder``, sorted by relative path, and the
    subfolders that could not be listed.

    Hidden files and folders (``.git``, ``.ipynb_checkpoints``) are skipped, and
    symbolic links to folders are not followed (no loops, no reading outside).
    """
    found: list[Path] = []
    errors: list[IngestError] = []

    def unlisted(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        errors.append(IngestError(Msg.I011, path=where, detail=exc.strerror or str(exc)))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unlisted):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in FOLDER_SUFFIXES:
                found.append(Path(dirpath, name))
    return sorted(found, key=lambda p: p.relative_to(folder).parts), errors


def _folder_ids(folder: Path, files: Sequence[Path]) -> dict[Path, str]:
    """Document ids of the text files of a folder: the stem, unless two files
    share it; then the relative path with ``/`` -> ``__`` (without the suffix,
    or with it when that still clashes, as for ``a.txt`` and ``a.md``)."""
    texts = [p for p in files if p.suffix.lower() != _JSONL_SUFFIX]
    ids = {p: p.stem for p in texts}
    stem_counts = Counter(ids.values())
    for p in texts:
        if stem_counts[p.stem] > 1:
            ids[p] = "__".join(p.relative_to(folder).with_suffix("").parts)
    path_counts = Counter(ids.values())
    for p in texts:
        if path_counts[ids[p]] > 1:
            ids[p] = "__".join(p.relative_to(folder).parts)
    return ids


def _one_input(
    path: Path,
    *,
    date: PartialDate | None,
    source: str | None,
    lang: str | None,
    max_chars: int | None = None,
) -> Iterator[_Item]:
    if not path.exists():
        yield IngestError(Msg.I001, path=path)
        return
    if path.is_dir():
        files, unlisted = _folder_files(path)
        yield from unlisted
        if not files:
            if not unlisted:
                yield IngestError(Msg.I009, path=path)
            return
        ids = _folder_ids(path, files)
        for file in files:
            if file.suffix.lower() == _JSONL_SUFFIX:
                yield from _jsonl_file(file, date=date, source=source, lang=lang, max_chars=max_chars)
            else:
                yield from _one_text_file(file, ids[file], date=date, source=source, lang=lang, max_chars=max_chars)
    elif path.suffix.lower() == _JSONL_SUFFIX:
        yield from _jsonl_file(path, date=date, source=source, lang=lang, max_chars=max_chars)
    else:
        yield from _one_text_file(path, path.stem, date=date, source=source, lang=lang, max_chars=max_chars)


def _one_text_file(
    path: Path,
    doc_id: str,
    *,
    date: PartialDate | None,
    source: str | None,
    lang: str | None,
    max_chars: int | None = None,
) -> Iterator[_Item]:
    try:
        yield _text_file(path, doc_id, date=date, source=source, lang=lang, max_chars=max_chars), str(path)
    except IngestError as err:
        yield err


def read_inputs(
    paths: Sequence[Path | str],
    *,
    date: PartialDate | None = None,
    source: str | None = None,
    lang: str | None = None,
    on_error: OnError | None = None,
    max_chars: int | None = None,
) -> Iterator[Readout]:
    """Read files, folders and JSONL files as readouts, one at a time.

    Args:
        paths: Text files (``.txt``, ``.md`` or any text file named here),
            folders (read recursively in sorted order: ``*.txt``, ``*.md``,
            ``*.jsonl``) and ``.jsonl`` files (one JSON object a line with
            ``text`` and optionally ``id``, ``date``, ``source``, ``url``,
            ``lang``).
        date: The date of documents that have none of their own. A document's
            own date, from a leading ``date`` line or the JSONL ``date`` field
            (the line wins when both are there), wins over this one.
        source: The source of documents whose record names none.
        lang: The language of documents whose record names none; told from each
            text when not given (:func:`graph.ingest.language.detect_language`).
        on_error: Called with the error of each bad file or record; the run goes
            on with the next one. When ``None`` the first error is raised.
        max_chars: The longest document read, in characters of decoded text; a
            longer one is refused (``I014``) before it is cleaned. No limit when
            ``None``; a build sets :data:`DEFAULT_MAX_CHARS`.

    Yields:
        One readout per document. Ids are the file stem (inside a folder, the
        relative path joined with ``__`` when two files share a stem), the JSONL
        ``id`` or ``{file stem}-{line number}``. A document met twice with the
        same id and the same content (a file given both alone and inside its
        folder) is read once; the same id on a different text is an error.

    Raises:
        IngestError: Only when ``on_error`` is ``None``: ``I001`` missing path,
            ``I002`` empty file, ``I003`` binary, ``I004`` undecodable, ``I005``
            bad JSON line, ``I006`` missing text, ``I007`` duplicate id in a
            JSONL file, ``I009`` folder with nothing to read, ``I010`` only
            whitespace, ``I011`` unreadable, ``I012`` bad document date,
            ``I013`` an id used by two different documents, ``I014`` a document
            longer than ``max_chars``.
    """
    # id -> (content hash, where it was read): a few dozen bytes a document, so
    # memory still does not grow with the size of the texts.
    seen: dict[str, tuple[str, str]] = {}
    for given in paths:
        for item in _one_input(Path(given), date=date, source=source, lang=lang, max_chars=max_chars):
            if isinstance(item, IngestError):
                _report(item, on_error)
                continue
            readout, where = item
            first = seen.get(readout.id)
            if first is not None:
                if first[0] != readout.sha256:
                    _report(
                        IngestError(Msg.I013, path=where, id=readout.id, other=first[1]),
                        on_error,
                    )
                continue
            seen[readout.id] = (readout.sha256, where)
            yield readout


def _report(error: IngestError, on_error: OnError | None) -> None:
    if on_error is None:
        raise error
    on_error(error)


def count_inputs(paths: Sequence[Path | str]) -> int:
    """How many readouts ``paths`` hold, counted without decoding them, for a progress bar.

    A text file counts one, a JSONL file one per line that is not blank; folders are
    walked as :func:`read_inputs` walks them and a file named twice counts once. A path
    that cannot be read counts nothing (:func:`read_inputs` reports it), so the count is
    what a build will go through when every input is sound.

    Args:
        paths: as for :func:`read_inputs`.

    Returns:
        The number of readouts found.

    Example:
        >>> count_inputs(["no/such/folder"])
        0
    """
    files: dict[Path, None] = {}  # ordered and without duplicates
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found, _ = _folder_files(path)
            files.update(dict.fromkeys(p.resolve() for p in found))
        elif path.is_file():
            files[path.resolve()] = None
    total = 0
    for file in files:
        if file.suffix.lower() != _JSONL_SUFFIX:
            total += 1
            continue
        try:
            with file.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        except OSError:
            continue
    return total
