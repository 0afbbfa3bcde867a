"""What extractors read off a ``Doc`` again and again, computed once per ``Doc``.

spaCy builds ``doc.text`` from the tokens on every access, yields ``doc.sents`` by
walking every token, and ``doc.ents`` (or ``span.ents``) as a new tuple of every
entity. Read once per sentence, act or title, each makes extraction grow with the
square of the document's length, which a long readout cannot afford. These helpers
keep the result in ``doc.user_data`` (a ``Doc`` is not changed after parsing), so
extraction stays linear.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["doc_text", "ents_within", "sentences"]

_TEXT = "diplograph.text"
_SENTS = "diplograph.sents"
_ENTS = "diplograph.ents"
_ENT_STARTS = "diplograph.ent_starts"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once."""
    data = doc.user_data
    if _TEXT not in data:
        data[_TEXT] = doc.text
    return cast(str, data[_TEXT])


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, built once."""
    data = doc.user_data
    if _SENTS not in data:
        data[_SENTS] = list(doc.sents)
    return cast("list[Span]", data[_SENTS])


def ents_within(doc: Doc, start: int, end: int) -> list[Span]:
    """The entities wholly inside tokens ``[start, end)``, in order: ``doc.ents`` filtered
    by position, found by bisection instead of a scan of every entity."""
    data = doc.user_data
    if _ENTS not in data:
        ents = list(doc.ents)
        data[_ENTS] = ents
        data[_ENT_STARTS] = [e.start for e in ents]
    ents = cast("list[Span]", data[_ENTS])
    starts = cast("list[int]", data[_ENT_STARTS])
    out: list[Span] = []
    for k in range(bisect_left(starts, start), len(ents)):
        ent = ents[k]
        if ent.start >= end:
            break
        if ent.end <= end:
            out.append(ent)
    return out
