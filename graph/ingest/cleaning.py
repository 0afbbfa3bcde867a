"""The conservative clean-up of a readout's text, with the map back to the raw text.

:func:`clean` never changes a word: it normalises spaces and line breaks, joins
hard-wrapped lines and lines split by a page break, and drops the ``/.`` that
closes French communiqués. Every character of the cleaned text maps back to the
character of the raw text it comes from (:attr:`graph.records.Readout.offsets`),
so quotes found in the cleaned text can be given in raw offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

__all__ = ["clean"]

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


def clean(raw: str, start: int = 0) -> tuple[str, tuple[tuple[int, int], ...]]:
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
        start: Where the text to clean begins in ``raw`` (after a leading
            ``date`` line); what comes before is left out, and the offsets
            still index ``raw``.

    Returns:
        The cleaned text and its offset runs ``(text_index, raw_index)``: the
        character at ``text[i]`` comes from ``raw[r + i - t]`` for the last run
        ``(t, r)`` with ``t <= i``. A space or line break put in by the clean-up
        maps to the raw character it replaces.

    Example:
        >>> clean("Il a dit\\r\\nque la France./.\\r\\n")
        ('Il a dit que la France.', ((0, 0), (9, 10)))
    """
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
