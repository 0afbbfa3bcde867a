"""The language of a readout whose record does not say, told from its text.

Detection is py3langid's (a fork of langid.py whose model ships in its wheel: nothing is
downloaded). A text it cannot place with confidence among all the languages it knows is
placed among the languages the project has a pack for (:func:`graph.lang.codes`), so a
short French paragraph is not taken for Catalan; a text it places with confidence in a
language without a pack keeps that language, and the build reports it rather than
reading it as French.

Example:
    >>> detect_language("Le président de la République s'est entretenu par téléphone avec le chancelier.")
    'fr'
    >>> detect_language("The Prime Minister spoke to the President of France this evening.")
    'en'
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

__all__ = ["CONFIDENT", "detect_language"]

#: The probability above which the detector's first choice among every language it
#: knows is taken as it is.
CONFIDENT: Final = 0.9
#: Characters read: the start of a readout says its language as well as the whole.
_READ: Final = 5000
#: Below this many letters a text is too short to tell; it is taken to be in the default
#: language (:data:`graph.lang.DEFAULT`).
_FEWEST_LETTERS: Final = 30


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in.

    Args:
        text: the readout's text (its first 5,000 characters are read).

    Returns:
        The detector's choice when it is confident (:data:`CONFIDENT`), else the most
        likely of the languages that have a pack; the default language for a text of
        fewer than 30 letters.
    """
    from graph.lang import DEFAULT, codes

    sample = text[:_READ]
    if sum(c.isalpha() for c in sample) < _FEWEST_LETTERS:
        return DEFAULT  # too short to tell ("Texte.", a title)
    ranked = _identifier().rank(sample)  # every language, most likely first
    lang, probability = ranked[0]
    if probability >= CONFIDENT:
        return str(lang)
    packs = codes()
    # the most likely language with a pack: the choice of a detector restricted to them
    return next((str(code) for code, _ in ranked if code in packs), DEFAULT)
