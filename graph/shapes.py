"""The SHACL shapes of ``ontology/shapes.ttl`` and the validation of a build against them.

- :func:`shapes_graph`: the parsed shapes, cached;
- :func:`check`: every :class:`Violation` of a graph (empty when it conforms);
- :func:`validate`: the same, raising :class:`ShapeViolationError` (``O003``).

This is the only module that imports pyshacl, and it does so only when a graph is
validated: pyshacl patches rdflib on import and takes ~0.5 s to load.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import SH

from graph.errors import Msg, OntologyError
from graph.ontology import NAMESPACES, parse_turtle
from graph.resources import ontology_dir

__all__ = ["SHAPES_FILE", "ShapeViolationError", "Violation", "check", "shapes_graph", "validate"]

SHAPES_FILE: Final = "shapes.ttl"


@functools.cache
def shapes_graph() -> Graph:
    """The SHACL shapes of ``ontology/shapes.ttl`` (cached; do not modify it).

    Raises:
        OntologyError: the shapes file is missing or not valid Turtle.
    """
    graph = parse_turtle([ontology_dir() / SHAPES_FILE])
    graph.bind("sh", str(SH), override=True, replace=True)
    return graph


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with the names a person needs to find the problem.

    Attributes:
        shape: the shape that failed, compact (``dgsh:Position-speaker``); its ``sh:name``
            and ``sh:message`` are in ``ontology/shapes.ttl``.
        focus: the IRI (or blank node id) of the offending node.
        path: the property path, compact (``dg:speaker``).
        value: the offending value, when there is one.
        message: what is wrong, from the shape's ``sh:message``.
        component: the SHACL constraint component that failed (``MinCountConstraintComponent``).
    """

    shape: str
    focus: str
    path: str | None
    value: str | None
    message: str
    component: str

    def describe(self) -> str:
        """The message, with the offending value when there is one."""
        if self.value is None:
            return self.message
        return f"{self.message} (found {self.value})"


class ShapeViolationError(OntologyError):
    """A graph violates the SHACL shapes (code ``O003``).

    ``violations`` lists every result, sorted by shape and focus node; the message names
    the first one.
    """

    def __init__(self, violations: list[Violation]) -> None:
        first = violations[0]
        super().__init__(
            Msg.O003,
            count=len(violations),
            shape=first.shape,
            focus=first.focus,
            message=first.describe(),
        )
        self.violations = violations


def _compact(node: object) -> str:
    if isinstance(node, URIRef):
        iri = str(node)
        for prefix, ns in (*NAMESPACES.items(), ("sh", str(SH))):
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        quoted = '"' + str(node).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if node.datatype is not None:
            return f"{quoted}^^{_compact(node.datatype)}"
        return quoted + (f"@{node.language}" if node.language else "")
    return str(node)


def _results(report: Graph) -> Iterator[Violation]:
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        yield Violation(
            shape=_compact(report.value(result, SH.sourceShape)),
            focus=f"_:{focus}" if isinstance(focus, BNode) else str(focus),
            path=None if path is None else _compact(path),
            value=None if value is None else _compact(value),
            message="constraint not met" if message is None else str(message),
            component=_compact(
                report.value(result, SH.sourceConstraintComponent)
            ).removeprefix("sh:"),
        )


def check(data: Graph) -> list[Violation]:
    """Validate ``data`` against the SHACL shapes and return every violation (empty: valid).

    Pass the union of the document graphs and the entities graph: the shapes check that
    speakers and participants are typed ``dg:Leader`` there. The ontology graph is not
    needed (the shapes name every ``dg:Event`` subclass). A ``Dataset`` is validated as
    the union of its graphs.

    Args:
        data: the graph to validate; it is not modified.

    Returns:
        The violations, sorted by shape and focus node.
    """
    # imported here: pyshacl patches rdflib on import and takes ~0.5 s to load, which
    # commands that never validate should not pay
    from pyshacl import validate as shacl_validate

    if isinstance(data, ConjunctiveGraph):  # Dataset is a subclass
        # pyshacl walks a Dataset through rdflib calls deprecated since rdflib 7 (and sets
        # default_union on it); the union as a plain graph avoids both
        union = Graph()
        union += ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
        data = union
    conforms, report, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=False,
        inplace=False,
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=False,
        meta_shacl=False,
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    found = sorted(
        set(_results(report)),
        key=lambda v: (v.shape, v.focus, v.value or "", v.component),
    )
    return found


def validate(data: Graph) -> None:
    """Validate ``data`` against the SHACL shapes; raise when it does not conform.

    See :func:`check` for what ``data`` should hold.

    Args:
        data: the graph to validate; it is not modified.

    Raises:
        ShapeViolationError: an ``OntologyError`` (code ``O003``) naming the first
            violation's shape and focus node; its ``violations`` attribute lists them all.
    """
    found = check(data)
    if found:
        raise ShapeViolationError(found)
