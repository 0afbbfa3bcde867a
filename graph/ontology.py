"""The ontology and the SKOS schemes, loaded from ``ontology/``.

``ontology/*.ttl`` is the source of every term diplograph writes. This module reads it
and offers what the other stages need from it:

- :func:`ontology_graph`: the parsed Turtle, cached; :func:`parse_turtle` for any file;
- :func:`concepts`: the concepts of a scheme (acts, event types, topics, statuses,
  attributions) as plain :class:`Concept` records, for extractors that must not touch RDF;
- :func:`load_user_topics`: a user's own topics, checked, to extend the topic scheme;
- :func:`bind_prefixes`: the one place our prefixes are bound on a graph.

The SHACL shapes and the validation of a build against them are in :mod:`graph.shapes`;
the generator of ``graph/vocab.py`` is :mod:`graph.vocab_gen`.

The graphs returned are shared, cached objects: add them to another graph or copy them,
never modify them in place.

Example:
    >>> [c.notation for c in concepts("statuses")]
    ['occurred', 'ongoing', 'planned']
    >>> next(c for c in concepts("event-types") if c.notation == "PhoneCall").cameo
    '041'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.errors import Msg, OntologyError
from graph.namespaces import NAMESPACES as NAMESPACES  # re-exported: the prefixes live there
from graph.resources import ontology_dir

DG_NS: Final = NAMESPACES["dg"]
DGS_NS: Final = NAMESPACES["dgs"]

#: Scheme names accepted by :func:`concepts`, -> the ``skos:ConceptScheme`` IRI.
SCHEMES: Final[dict[str, str]] = {
    "acts": DGS_NS + "act",
    "event-types": DGS_NS + "event-type",
    "topics": DGS_NS + "topic",
    "statuses": DGS_NS + "status",
    "attributions": DGS_NS + "attribution",
}

ONTOLOGY_FILE: Final = "diplograph.ttl"
SCHEMES_FOLDER: Final = "schemes"

_DG_CAMEO = URIRef(DG_NS + "cameoCode")
_DG_PLOVER = URIRef(DG_NS + "ploverCode")
_DG_PLOVER_MODE = URIRef(DG_NS + "ploverMode")
_DG_EVENT_CLASS = URIRef(DG_NS + "eventClass")
_DG_TOPIC = URIRef(DG_NS + "Topic")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_G = TypeVar("_G", bound=Graph)


# --------------------------------------------------------------------------- prefixes


def bind_prefixes(graph: _G) -> _G:
    """Bind every diplograph prefix (:data:`NAMESPACES`) on ``graph`` and return it.

    Works on a ``Graph`` and on a ``Dataset`` alike. Existing bindings of the same
    prefixes are replaced, so serializations always read ``dg:``, ``dgid:``, ``sem:``…

    Args:
        graph: the graph or dataset to bind the prefixes on.

    Returns:
        The same graph, for chaining.
    """
    for prefix, iri in NAMESPACES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


# --------------------------------------------------------------------------- loading


def ontology_files() -> list[Path]:
    """The Turtle files that make up the ontology graph: the ontology, then the schemes."""
    folder = ontology_dir()
    return [folder / ONTOLOGY_FILE, *sorted((folder / SCHEMES_FOLDER).glob("*.ttl"))]


def _parse(path: Path, into: Graph) -> None:
    try:
        into.parse(path, format="turtle")
    except FileNotFoundError:
        raise OntologyError(Msg.O001, path=path, detail="no such file") from None
    except (SyntaxError, ValueError, OSError) as exc:
        # rdflib's BadSyntax is a SyntaxError whose message holds line and position
        detail = " ".join(str(exc).split())
        raise OntologyError(Msg.O001, path=path, detail=detail) from None


def parse_turtle(paths: Iterable[Path]) -> Graph:
    """Parse Turtle files into one new graph with our prefixes bound.

    Args:
        paths: Turtle files.

    Raises:
        OntologyError: a file is missing or not valid Turtle (``O001``, naming the file
            and the parser's line and detail).
    """
    graph = bind_prefixes(Graph())
    for path in paths:
        _parse(Path(path), graph)
    return graph


@functools.cache
def ontology_graph() -> Graph:
    """The ontology and all SKOS schemes as one graph (cached; do not modify it).

    Raises:
        OntologyError: a file of ``ontology/`` is missing or not valid Turtle.
    """
    return parse_turtle(ontology_files())


# --------------------------------------------------------------------------- concepts


@dataclass(frozen=True)
class Concept:
    """One SKOS concept of a diplograph scheme, as plain values.

    Attributes:
        iri: the concept IRI (``https://w3id.org/diplograph/scheme/act/stress``).
        notation: the short code used in query results (``stress``, ``PhoneCall``).
        pref_label_en: the English preferred label.
        pref_label_fr: the French preferred label.
        alt_labels_fr: French alternative labels (for topics and acts: the words that
            signal them in a text), sorted.
        alt_labels_en: English alternative labels, sorted.
        cameo: the CAMEO event code (acts, event types), if any.
        plover: the PLOVER event type (acts, event types), if any.
        plover_mode: the PLOVER mode (``phone``, ``visit``), if any.
        event_class: for event types, the IRI of the ``dg:Event`` subclass.
        definition_en: the English definition, if any.
        scheme: the scheme IRI.
    """

    iri: str
    notation: str
    pref_label_en: str
    pref_label_fr: str
    alt_labels_fr: tuple[str, ...] = ()
    alt_labels_en: tuple[str, ...] = ()
    cameo: str | None = None
    plover: str | None = None
    plover_mode: str | None = None
    event_class: str | None = None
    definition_en: str | None = None
    scheme: str = ""

    def terms(self, lang: str) -> tuple[str, ...]:
        """The preferred and alternative labels in ``lang`` ("fr" or "en"), lowercased,
        without duplicates, longest first (so that a matcher tries "armes chimiques"
        before "armes")."""
        if lang == "fr":
            labels = (self.pref_label_fr, *self.alt_labels_fr)
        elif lang == "en":
            labels = (self.pref_label_en, *self.alt_labels_en)
        else:
            raise ValueError(f"lang must be 'fr' or 'en', not {lang!r}")
        unique = {label.lower() for label in labels if label}
        return tuple(sorted(unique, key=lambda t: (-len(t), t)))


def _label(graph: Graph, node: URIRef, prop: URIRef, lang: str) -> str | None:
    values = sorted(
        str(o)
        for o in graph.objects(node, prop)
        if isinstance(o, Literal) and o.language == lang
    )
    return values[0] if values else None


def _labels(graph: Graph, node: URIRef, prop: URIRef, lang: str) -> tuple[str, ...]:
    return tuple(
        sorted(
            {
                str(o)
                for o in graph.objects(node, prop)
                if isinstance(o, Literal) and o.language == lang
            }
        )
    )


def _text(graph: Graph, node: URIRef, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def _concept(graph: Graph, node: URIRef, scheme: str) -> Concept:
    en = _label(graph, node, SKOS.prefLabel, "en")
    fr = _label(graph, node, SKOS.prefLabel, "fr")
    notation = _text(graph, node, SKOS.notation) or str(node).rsplit("/", 1)[-1]
    return Concept(
        iri=str(node),
        notation=notation,
        pref_label_en=en or fr or notation,
        pref_label_fr=fr or en or notation,
        alt_labels_fr=_labels(graph, node, SKOS.altLabel, "fr"),
        alt_labels_en=_labels(graph, node, SKOS.altLabel, "en"),
        cameo=_text(graph, node, _DG_CAMEO),
        plover=_text(graph, node, _DG_PLOVER),
        plover_mode=_text(graph, node, _DG_PLOVER_MODE),
        event_class=_text(graph, node, _DG_EVENT_CLASS),
        definition_en=_label(graph, node, SKOS.definition, "en"),
        scheme=scheme,
    )


def _scheme_concepts(graph: Graph, scheme: str) -> list[Concept]:
    nodes = {
        s
        for s in graph.subjects(SKOS.inScheme, URIRef(scheme))
        if isinstance(s, URIRef)
    }
    return sorted(
        (_concept(graph, n, scheme) for n in nodes), key=lambda c: (c.notation, c.iri)
    )


@functools.cache
def _builtin_concepts(scheme: str) -> tuple[Concept, ...]:
    return tuple(_scheme_concepts(ontology_graph(), scheme))


def _scheme_iri(scheme: str) -> str:
    try:
        return SCHEMES[scheme]
    except KeyError:
        raise OntologyError(Msg.O010, name=scheme, known=", ".join(SCHEMES)) from None


def concepts(scheme: str, extra: Graph | None = None) -> list[Concept]:
    """The concepts of one scheme, sorted by notation.

    Args:
        scheme: one of ``acts``, ``event-types``, ``topics``, ``statuses``, ``attributions``.
        extra: more concepts of the same scheme, e.g. the graph :func:`load_user_topics`
            returns; a concept there with the IRI of a built-in one replaces it.

    Raises:
        OntologyError: the scheme name is unknown (``O010``), or the ontology cannot be read.
    """
    iri = _scheme_iri(scheme)
    found = list(_builtin_concepts(iri))
    if extra is None:
        return found
    added = _scheme_concepts(extra, iri)
    replaced = {c.iri for c in added}
    merged = [c for c in found if c.iri not in replaced] + added
    return sorted(merged, key=lambda c: (c.notation, c.iri))


def scheme_concepts(graph: Graph, scheme: str) -> list[Concept]:
    """The concepts of one scheme that ``graph`` holds, and only those, sorted by notation.

    Args:
        graph: a graph of SKOS concepts, e.g. :func:`ontology_graph` or a changed copy.
        scheme: one of ``acts``, ``event-types``, ``topics``, ``statuses``, ``attributions``.

    Raises:
        OntologyError: the scheme name is unknown (``O010``).
    """
    return _scheme_concepts(graph, _scheme_iri(scheme))


def load_user_topics(path: str | Path) -> Graph:
    """Read a user's Turtle file of extra topics and check it has the built-in shape.

    Each topic is a ``skos:Concept`` with ``skos:inScheme dgs:topic``, one
    ``skos:notation`` (a lowercase slug), a ``skos:prefLabel`` (English and/or French)
    and, to be found in texts, ``skos:altLabel`` keywords. A notation must not be used
    by another topic (built-in or in the file); reusing a built-in topic's IRI replaces
    that topic. Pass the result as ``extra`` to :func:`concepts` and add it to the
    ontology graph of the store.

    Args:
        path: the Turtle file.

    Returns:
        A new graph holding the file's triples, each topic also typed ``dg:Topic``.

    Raises:
        OntologyError: the file cannot be parsed (``O001``), holds no topic (``O013``),
            a topic lacks its scheme, notation or label (``O011``), or two topics share a
            notation (``O012``).
    """
    path = Path(path)
    graph = parse_turtle([path])
    topic_scheme = URIRef(SCHEMES["topics"])
    candidates: set[URIRef] = set()
    for prop, obj in (
        (RDF.type, SKOS.Concept),
        (RDF.type, _DG_TOPIC),
        (SKOS.inScheme, None),
    ):
        candidates.update(s for s in graph.subjects(prop, obj) if isinstance(s, URIRef))
    candidates.update(
        s for s in graph.subjects(SKOS.notation, None) if isinstance(s, URIRef)
    )
    if not candidates:
        raise OntologyError(Msg.O013, path=path)

    owners = {c.notation: c.iri for c in _builtin_concepts(SCHEMES["topics"])}
    for node in sorted(candidates):
        if (node, SKOS.inScheme, topic_scheme) not in graph:
            raise OntologyError(
                Msg.O011, path=path, concept=node, problem="no skos:inScheme dgs:topic"
            )
        notations = [str(n) for n in graph.objects(node, SKOS.notation)]
        if len(notations) != 1:
            problem = (
                "no skos:notation"
                if not notations
                else f"{len(notations)} notations {sorted(notations)}"
            )
            raise OntologyError(Msg.O011, path=path, concept=node, problem=problem)
        notation = notations[0]
        if not _SLUG.match(notation):
            raise OntologyError(
                Msg.O011,
                path=path,
                concept=node,
                problem=f"notation {notation!r} is not a lowercase slug",
            )
        if not any(isinstance(o, Literal) for o in graph.objects(node, SKOS.prefLabel)):
            raise OntologyError(
                Msg.O011, path=path, concept=node, problem="no skos:prefLabel"
            )
        owner = owners.get(notation)
        if owner is not None and owner != str(node):
            raise OntologyError(
                Msg.O012, path=path, notation=notation, first=owner, second=node
            )
        owners[notation] = str(node)
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, RDF.type, _DG_TOPIC))
    return graph
