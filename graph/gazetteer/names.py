"""Name keys and surface variants: how the gazetteer compares names and which spellings it expects.

A name's key is :func:`graph.text.fold` of it, after typographic apostrophes and dashes
are straightened, casefolded, with hyphens and runs of whitespace as one space: case,
accents, apostrophes, hyphens and spacing do not matter when names are compared.

>>> normalize("  l’État-Islamique ")
"l'etat islamique"
>>> variants("Côte d’Ivoire")
('Côte d’Ivoire', "Côte d'Ivoire", 'Cote d’Ivoire', "Cote d'Ivoire")
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from graph.text import fold

__all__ = ["FOLD", "HYPHENS", "normalize", "strip_article", "unaccent", "unique", "variants"]

# Typographic variants folded before comparing: curly and modifier apostrophes,
# the dashes and minus signs word processors substitute for a hyphen.
FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u02bb": "'",
        "\u02bd": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u0153": "oe",
        "\u0152": "oe",
        "\u00e6": "ae",
        "\u00c6": "ae",
    }
)
HYPHENS = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d]")
_SPACES = re.compile(r"\s+")
_ARTICLES = re.compile(r"^(?:l'|le |la |les |the )")


def normalize(text: str) -> str:
    """The comparison key of a name: casefolded, accents stripped, apostrophes
    straightened, hyphens and runs of whitespace turned into one space.

    >>> normalize("  l’État-Islamique ")
    "l'etat islamique"
    """
    # casefold() after fold()'s lower(): "Straße" and "STRASSE" share a key.
    bare = fold(text.translate(FOLD)).casefold()
    return _SPACES.sub(" ", bare.replace("-", " ")).strip()


def strip_article(key: str) -> str:
    """A :func:`normalize`-d key without its leading article ("la russie" → "russie")."""
    return _ARTICLES.sub("", key, count=1)


def unaccent(text: str) -> str:
    """``text`` with its accents removed but its case kept (a surface form as typed without accents)."""
    folded = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in folded if not unicodedata.combining(ch)))


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Non-empty items in first-seen order, without repeats."""
    return tuple(dict.fromkeys(i for i in items if i))


def variants(name: str) -> tuple[str, ...]:
    """``name`` as texts write it: as given, with straight apostrophes, without accents,
    and with curly apostrophes when it holds one."""
    straight = name.translate(FOLD)
    forms = [name, straight, unaccent(name), unaccent(straight)]
    if "'" in straight:
        forms.append(straight.replace("'", "\u2019"))
        forms.append(unaccent(straight).replace("'", "\u2019"))
    return unique(forms)
