"""ISO 3166 country names, in English and in French, as pycountry ships them.

They are added to the hand-typed aliases of each country when the gazetteer files are
read, so the files only hold what no package carries. An ISO name is turned into the
forms people write: "Korea, Republic of" becomes "Republic of Korea".
"""

from __future__ import annotations

import gettext
import re
from dataclasses import replace
from functools import lru_cache

from graph.gazetteer.model import Country
from graph.gazetteer.names import unique

__all__ = ["with_iso_names"]

# ISO 3166 names as pycountry carries them, turned into names as people write them.
_INVERTED = re.compile(r"^(?P<head>[^,]+), (?P<tail>.+?)$")


def _natural(name: str) -> tuple[str, ...]:
    """Usable forms of an ISO 3166 name: "Korea, Republic of" → "Republic of Korea";
    "Saint-Siège (état de la cité du Vatican)" → both halves; other comma forms dropped."""
    out: list[str] = []
    m = re.match(r"^(?P<main>[^()]+?)\s*\((?P<inner>[^()]+)\)$", name)
    if m:
        return unique((m.group("main"), m.group("inner")))
    m = _INVERTED.match(name)
    if m is None:
        out.append(name)
    else:
        tail = m.group("tail")
        # Only "X, Republic of" style inversions read back naturally; "Taïwan,
        # province de Chine" or "Syrienne, République arabe" would not.
        if re.search(r"(?:\bof(?: the)?|\bde(?: la)?|\bdu|\bdes|\bd')$", tail, re.IGNORECASE):
            sep = "" if tail.endswith("'") else " "
            out.append(f"{tail}{sep}{m.group('head')}")
    return tuple(out)


@lru_cache(maxsize=1)
def _iso_names() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """ISO 3166 names by alpha-3 code: (French names, English names)."""
    import pycountry  # imported here: only loading needs it, and it parses its data on import

    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        to_fr = french.gettext
    except OSError:  # pragma: no cover - a pycountry build without its translations
        to_fr = None
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for entry in pycountry.countries:
        english = [getattr(entry, attr, "") for attr in ("name", "official_name", "common_name")]
        english = [e for e in english if e]
        french_names: list[str] = []
        if to_fr is not None:
            for attr in ("name", "official_name"):
                value = getattr(entry, attr, "")
                translated = to_fr(value) if value else ""
                if translated and translated != value:
                    french_names.append(translated)
        out[entry.alpha_3] = (
            unique(n for f in french_names for n in _natural(f)),
            unique(n for e in english for n in _natural(e)),
        )
    return out


def with_iso_names(country: Country) -> Country:
    """``country`` with the ISO 3166 names of its code added to its French and English aliases."""
    fr, en = _iso_names().get(country.iso3, ((), ()))
    return replace(
        country,
        aliases_fr=unique((*country.aliases_fr, *fr)),
        aliases_en=unique((*country.aliases_en, *en)),
    )
