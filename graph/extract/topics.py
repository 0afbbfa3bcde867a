"""Topics from the SKOS topic scheme: a sentence is about a topic when it contains one of
the topic's labels (``skos:prefLabel``/``skos:altLabel``, French or English), compared
without case or accents, on word boundaries."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from graph.text import fold


def make_topic_tagger(topics: Iterable[tuple[str, Iterable[str]]]) -> Callable[[str], list[str]]:
    """A function text -> topic notations, in scheme order.

    Args:
        topics: (notation, labels) for each topic concept.
    """
    compiled: list[tuple[str, re.Pattern[str]]] = []
    for notation, labels in topics:
        alts = sorted({fold(label).strip() for label in labels if label.strip()}, key=len, reverse=True)
        if not alts:
            continue
        pattern = r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alts) + r")(?!\w)"
        compiled.append((notation, re.compile(pattern)))

    def tag(text: str) -> list[str]:
        low = fold(text)
        return [n for n, rx in compiled if rx.search(low)]

    return tag
