"""A long readout made of the bundled samples, for measuring and testing long documents.

Real readouts are a few thousand characters; a long one (a transcript, a yearly digest)
reads like many of them in a row. :func:`long_readout` repeats the paragraphs of the
sample readouts, as their files hold them (hard-wrapped lines, which the clean-up
joins), until the text is as long as asked.

Example::

    text = long_readout(300_000)
"""

from __future__ import annotations

from graph.ingest.metadata import leading_date
from graph.resources import samples_dir

__all__ = ["long_readout", "sample_paragraphs"]


def sample_paragraphs() -> list[str]:
    """The paragraphs of the sample readouts, in file order, each as written (line breaks
    kept), without the leading ``date`` line a sample may have."""
    paragraphs: list[str] = []
    for path in sorted(samples_dir().glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        own = leading_date(raw, str(path))
        if own is not None:
            raw = raw[own[1]:]
        paragraphs += [p.strip() for p in raw.split("\n\n") if p.strip()]
    return paragraphs


def long_readout(chars: int) -> str:
    """A text of about ``chars`` characters (never less, at most one paragraph more):
    the sample paragraphs over and over, separated by blank lines."""
    paragraphs = sample_paragraphs()
    out: list[str] = []
    size = 0
    k = 0
    while size < chars:
        p = paragraphs[k % len(paragraphs)]
        out.append(p)
        size += len(p) + (2 if k else 0)
        k += 1
    return "\n\n".join(out)
