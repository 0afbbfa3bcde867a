"""The gazetteer: leaders, offices and their terms, countries, organizations and places.

The gazetteer is data, not code. It lives as tab-separated files in
``ontology/gazetteer/`` (the format is described in the README there) and is
read here into frozen records with fast, normalized lookups::

    >>> from datetime import date
    >>> g = Gazetteer.default()
    >>> g.holder("FRA.head_of_state", date(2018, 2, 9)).name_en
    'Emmanuel Macron'
    >>> [c.iso3 for c in g.countries_in_compound("franco-russes")]
    ['FRA', 'RUS']
    >>> g.country_by_name("Etats-Unis").iso3
    'USA'

ISO 3166 names (English, and French through the translations pycountry ships)
are added to the hand-typed country aliases when the files are loaded, so the
files only hold what no package carries: Wikidata ids, the usual short French
names, adjectives, combining forms, leaders, offices and terms.

A user extends or corrects the bundled data with folders of their own holding
any of the same-named files (``extra_dirs``): a row with the key of a bundled
row replaces it, any other row is added.

Lookups compare :func:`normalize`-d text: case, accents, apostrophes, hyphens
and runs of spaces do not matter ("Etats-Unis" finds "États-Unis").

The package holds one job per module:

- ``model``: the frozen records and the closed lists of roles and kinds;
- ``names``: name keys (:func:`normalize`) and the spellings texts use;
- ``tsv``: reading and checking the rows of the files (:data:`COLUMNS`);
- ``iso``: ISO 3166 names from pycountry, added to the countries' aliases;
- ``lookup``: :class:`Gazetteer`, its indexes and lookups, and :func:`load_cached`;
- ``checks``: :func:`check`, the consistency checks over a loaded gazetteer.
"""

from __future__ import annotations

from graph.gazetteer.checks import check
from graph.gazetteer.lookup import Gazetteer, load_cached
from graph.gazetteer.model import (
    AMBIGUOUS_KINDS,
    GENDERS,
    ORGANIZATION_KINDS,
    PLACE_KINDS,
    ROLES,
    UN_MEMBERS,
    Country,
    Office,
    Organization,
    Person,
    Place,
    Role,
    SurfaceKind,
    Term,
)
from graph.gazetteer.names import normalize
from graph.gazetteer.tsv import COLUMNS

__all__ = [
    "AMBIGUOUS_KINDS",
    "COLUMNS",
    "GENDERS",
    "ORGANIZATION_KINDS",
    "PLACE_KINDS",
    "ROLES",
    "UN_MEMBERS",
    "Country",
    "Gazetteer",
    "Office",
    "Organization",
    "Person",
    "Place",
    "Role",
    "SurfaceKind",
    "Term",
    "check",
    "load_cached",
    "normalize",
]
