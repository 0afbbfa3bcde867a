"""Files, folders and JSONL -> :class:`~graph.records.Readout` records.

The first stage of the pipeline. It accepts what a user has at hand:

* a text file (``.txt``, ``.md``, or any text file named explicitly);
* a folder, read recursively in sorted order (``*.txt``, ``*.md``, ``*.jsonl``;
  hidden files and folders are skipped);
* a ``.jsonl`` file, one JSON object a line:
  ``{"id", "text", "date", "source", "url", "lang"}``.

Each document is decoded (UTF-8 with or without BOM, UTF-16/32 with BOM, else
cp1252), its metadata read (a leading ``date YYYY-MM[-DD]``), its text cleaned
conservatively (:func:`clean`) and hashed. ``Readout.raw`` keeps the decoded
input as the user has it; ``Readout.text`` is what the NLP stage reads, and
``Readout.offsets`` maps every character of ``text`` back to ``raw`` so that
quotes and spans can be given in raw offsets.

Input is streamed: a folder is listed, never loaded, and a JSONL file is read
line by line. A bad file or record becomes one :class:`~graph.errors.IngestError`
passed to ``on_error`` and the run goes on with the next input.

Example::

    for readout in read_inputs(["readouts/"], on_error=problems.append):
        ...
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from graph.errors import IngestError, Msg
from graph.records import PartialDate, Readout

__all__ = [
    "DEFAULT_LANG",
    "FOLDER_SUFFIXES",
    "clean",
    "decode",
    "parse_date",
    "read_inputs",
    "read_text_file",
    "readout_from_text",
]

DEFAULT_LANG = "fr"
_JSONL_SUFFIX = ".jsonl"
FOLDER_SUFFIXES = frozenset({".txt", ".md", _JSONL_SUFFIX})
"""File suffixes read from a folder (compared case-insensitively)."""

OnError = Callable[[IngestError], None]

# --------------------------------------------------------------------------- decoding

# UTF-32 first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, path: Path) -> str:
    """Decode the bytes of a text file, without its byte order mark.

    A BOM decides the encoding (UTF-8, UTF-16 or UTF-32). Without one, the bytes
    are read as UTF-8 and, failing that, as cp1252 (the usual encoding of texts
    saved by Windows tools in France).

    Args:
        data: The file content.
        path: The file, named in error messages.

    Returns:
        The decoded text; nothing but the BOM is removed.

    Raises:
        IngestError: ``I003`` when the data holds NUL bytes (a binary file),
            ``I004`` when it decodes neither as UTF-8 nor as cp1252.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(Msg.I004, path=path) from exc
            nul = text.find("\x00")
            if nul >= 0:
                offset = len(bom) + len(text[:nul].encode(encoding))
                raise IngestError(Msg.I003, path=path, offset=offset)
            return text
    # Without a BOM a NUL byte is never text: not in UTF-8 prose, not in cp1252.
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IngestError(Msg.I003, path=path, offset=nul)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:  # the five bytes cp1252 leaves undefined
        raise IngestError(Msg.I004, path=path) from exc


# --------------------------------------------------------------------------- dates


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


def _document_date(value: str, where: str, what: str) -> PartialDate:
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

# --------------------------------------------------------------------------- clean-up

# Line breaks, as str.splitlines knows them; U+2029 separates paragraphs and so
# counts as a blank line. Form feeds mark page breaks in text taken from PDFs:
# dropping them like other control characters could glue two words together.
_BREAK_RE = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_PARAGRAPH_SEPARATOR = "\u2029"
# Spaces that become one ASCII space: tab, the unit separator and every Unicode
# space separator (no-break spaces U+00A0 and U+202F included). With the breaks
# above they are exactly the characters str.isspace() accepts.
_SPACES = " \t\x1f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_WORD_RE = re.compile(f"[^{_SPACES}]+")
# The other control characters and stray byte order marks are dropped.
_DROP = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufeff"
_KEEP_RE = re.compile(f"[^{_DROP}]+")
_DROP_RE = re.compile(f"[{_DROP}]")
# A line ending with one of these ends a sentence: a gap after it is a real
# paragraph break, never a page break inside a sentence.
_SENTENCE_END = frozenset('.!?»":…”')
_COMMUNIQUE_END = "/."


@dataclass
class _Word:
    """A run of non-space characters: contiguous pieces of raw, and the raw index
    of the whitespace that follows it (the space that replaces that whitespace
    maps there)."""

    pieces: list[tuple[str, int]]
    gap: int

    def last_char(self) -> str:
        return self.pieces[-1][0][-1]

    def first_char(self) -> str:
        return self.pieces[0][0][0]

    def text(self) -> str:
        return "".join(s for s, _ in self.pieces)

    def trim(self, count: int) -> None:
        """Drop the last ``count`` characters."""
        while count:
            piece, start = self.pieces[-1]
            if len(piece) <= count:
                self.pieces.pop()
                count -= len(piece)
            else:
                self.pieces[-1] = (piece[:-count], start)
                count = 0


_Line = list[_Word]


class _Builder:
    """Collects the cleaned text with its offset runs, merging characters that
    continue the previous run in raw."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.runs: list[tuple[int, int]] = []
        self.length = 0
        self._next_raw = -1

    def add(self, piece: str, raw_start: int) -> None:
        if raw_start != self._next_raw:
            self.runs.append((self.length, raw_start))
        self.parts.append(piece)
        self.length += len(piece)
        self._next_raw = raw_start + len(piece)

    def add_line(self, line: _Line) -> None:
        for i, word in enumerate(line):
            if i:
                self.add(" ", line[i - 1].gap)
            for piece, start in word.pieces:
                self.add(piece, start)


def _lines(raw: str, start: int) -> Iterator[tuple[_Line, int, int]]:
    """Split ``raw[start:]`` into lines of words.

    Yields:
        ``(words, break_index, break_weight)``: the words of the line, then the
        raw index of the line break ending it and how many newlines that break
        is worth (0 and -1 for the last line, which has none).
    """
    pos = start
    breaks: Iterator[re.Match[str] | None] = chain(_BREAK_RE.finditer(raw, start), [None])
    for brk in breaks:
        end = brk.start() if brk else len(raw)
        words: _Line = []
        # Most lines hold no control character: take each word whole then.
        controls = _DROP_RE.search(raw, pos, end) is not None
        for match in _WORD_RE.finditer(raw, pos, end):
            if controls:
                pieces = [
                    (m.group(), m.start())
                    for m in _KEEP_RE.finditer(raw, match.start(), match.end())
                ]
                if not pieces:  # a "word" made only of control characters vanishes
                    continue
            else:
                pieces = [(match.group(), match.start())]
            words.append(_Word(pieces, match.end()))
        if brk is None:
            yield words, -1, 0
        else:
            weight = 2 if brk.group() == _PARAGRAPH_SEPARATOR else 1
            yield words, brk.start(), weight
            pos = brk.end()


def _strip_communique_end(line: _Line) -> None:
    """Remove the ``/.`` that closes French communiqués from the end of a paragraph.

    ``la France./.`` and ``la France. /.`` become ``la France.``; ``la France/.``
    and ``la France /.`` become ``la France.`` too: the full stop is kept where
    nothing else ends the sentence, and maps to the full stop of ``/.``.
    """
    if not line or not line[-1].text().endswith(_COMMUNIQUE_END):
        return
    last = line[-1]
    piece, start = last.pieces[-1]
    full_stop = start + len(piece) - 1
    last.trim(len(_COMMUNIQUE_END))
    if not last.pieces:  # "/." stood alone: the sentence ends in the word before
        line.pop()
        if not line:
            return
        last = line[-1]
    if last.last_char() not in _SENTENCE_END:
        last.pieces.append((".", full_stop))


def _clean_from(raw: str, start: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    builder = _Builder()

    def write(line: _Line, separator: str, gap: list[tuple[int, int]]) -> None:
        # A separator goes in only between two pieces of text, never first.
        if line and builder.length:
            if separator == " ":
                builder.add(" ", gap[0][0])
            else:
                builder.add("\n", gap[0][0])
                builder.add("\n", gap[1][0] if len(gap) > 1 else gap[0][0])
        builder.add_line(line)

    # A line is written only once the gap after it is known, because the
    # communiqué ending is removed only where a paragraph ends.
    pending: _Line = []
    pending_separator = ""
    pending_gap: list[tuple[int, int]] = []
    gap: list[tuple[int, int]] = []  # (raw index, newlines) of the breaks since ``pending``
    for words, brk, weight in _lines(raw, start):
        if words:
            separator = "\n\n"
            if pending:
                newlines = sum(n for _, n in gap)
                page_break = (
                    newlines >= 3
                    and pending[-1].last_char() not in _SENTENCE_END
                    and words[0].first_char().islower()
                )
                if newlines == 1 or page_break:
                    separator = " "
                else:
                    _strip_communique_end(pending)
                write(pending, pending_separator, pending_gap)
            pending, pending_separator, pending_gap, gap = words, separator, gap, []
        if weight:
            gap.append((brk, weight))
    _strip_communique_end(pending)
    write(pending, pending_separator, pending_gap)
    return "".join(builder.parts), tuple(builder.runs)


def clean(raw: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Clean a decoded text for the NLP stage and map it back to ``raw``.

    The clean-up is conservative and never changes a word:

    * a BOM and control characters are removed (a tab becomes a space, a form
      feed or other line separator a line break);
    * CRLF and CR become LF;
    * no-break and other Unicode spaces become a plain space, runs of spaces one
      space, and lines and the whole text are stripped;
    * a single line break inside a paragraph (a hard wrap) becomes a space;
    * a page-break gap, three or more line breaks (blank or whitespace-only
      lines between them) where the line before does not end a sentence
      (``. ! ? » " : … ”``) and the next line starts with a lowercase letter,
      becomes a space;
    * any other run of blank lines becomes one paragraph break ``"\\n\\n"``;
    * the communiqué ending ``/.`` is removed where it ends a paragraph or the
      text (``la France./.`` -> ``la France.``).

    Quotes and apostrophes are kept as written.

    Args:
        raw: The decoded text.

    Returns:
        The cleaned text and its offset runs ``(text_index, raw_index)``: the
        character at ``text[i]`` comes from ``raw[r + i - t]`` for the last run
        ``(t, r)`` with ``t <= i``. A space or line break put in by the clean-up
        maps to the raw character it replaces.

    Example:
        >>> clean("Il a dit\\r\\nque la France./.\\r\\n")
        ('Il a dit que la France.', ((0, 0), (9, 10)))
    """
    return _clean_from(raw, 0)


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
) -> Readout:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    start = 0
    meta = _META_RE.match(raw)
    if meta:
        date = _document_date(meta.group("any") or meta.group("num"), where, "leading 'date' line")
        start = meta.end()
    text, offsets = _clean_from(raw, start)
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
        lang=lang or DEFAULT_LANG,
        origin=origin,
        offsets=offsets,
    )


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
        lang: Its language; ``"fr"`` when not given.
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
        lang: Its language; ``"fr"`` when not given.

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
        date = _document_date(own_date, where, "field 'date'")
    return _make_readout(
        doc_id,
        text,
        where=where,
        date=date,
        source=own_source or source,
        url=own_url,
        lang=own_lang or lang,
        origin=f"{path.name}:{lineno}",
    )


def _jsonl_file(
    path: Path,
    *,
    date: PartialDate | None,
    source: str | None,
    lang: str | None,
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
                        path, lineno, line, ids, date=date, source=source, lang=lang
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
                yield from _jsonl_file(file, date=date, source=source, lang=lang)
            else:
                yield from _one_text_file(file, ids[file], date=date, source=source, lang=lang)
    elif path.suffix.lower() == _JSONL_SUFFIX:
        yield from _jsonl_file(path, date=date, source=source, lang=lang)
    else:
        yield from _one_text_file(path, path.stem, date=date, source=source, lang=lang)


def _one_text_file(
    path: Path,
    doc_id: str,
    *,
    date: PartialDate | None,
    source: str | None,
    lang: str | None,
) -> Iterator[_Item]:
    try:
        yield _text_file(path, doc_id, date=date, source=source, lang=lang), str(path)
    except IngestError as err:
        yield err


def read_inputs(
    paths: Sequence[Path | str],
    *,
    date: PartialDate | None = None,
    source: str | None = None,
    lang: str | None = None,
    on_error: OnError | None = None,
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
        lang: The language of documents whose record names none; ``"fr"`` by
            default.
        on_error: Called with the error of each bad file or record; the run goes
            on with the next one. When ``None`` the first error is raised.

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
            ``I013`` an id used by two different documents.
    """
    # id -> (content hash, where it was read): a few dozen bytes a document, so
    # memory still does not grow with the size of the texts.
    seen: dict[str, tuple[str, str]] = {}
    for given in paths:
        for item in _one_input(Path(given), date=date, source=source, lang=lang):
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
