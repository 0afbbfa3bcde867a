"""Text folding shared by the stages that compare words: lowercase, no accents, straight
apostrophes, "œ" as "oe". "Chef de l’État" and "chef de l'etat" fold to the same string.

>>> fold("Chef de l’État")
"chef de l'etat"
"""

from __future__ import annotations

import unicodedata

_TABLE = str.maketrans({"’": "'", "‘": "'", "œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})


def fold(text: str) -> str:
    """``text`` lowercased, without accents, with straight apostrophes."""
    norm = unicodedata.normalize("NFKD", text.translate(_TABLE))
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()
