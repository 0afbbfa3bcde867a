"""Where the bundled data lives: the ontology folder and the sample readouts.

In a source checkout the ontology is the top-level ``ontology/`` folder; in an
installed wheel it is copied into the package as ``graph/ontology``. Both are found
here, so no other module needs to know how diplograph was installed.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The folder holding the ontology, shapes, SKOS schemes and gazetteer."""
    installed = _PACKAGE / "ontology"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "ontology"


def gazetteer_dir() -> Path:
    return ontology_dir() / "gazetteer"


def samples_dir() -> Path:
    """The bundled sample readouts (five French readouts, 2017-2018)."""
    return _PACKAGE / "data" / "samples"


def queries_dir() -> Path:
    return _PACKAGE / "queries"
