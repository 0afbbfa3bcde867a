"""What the package asks of a store: the roles, apart from any backend.

The build (:mod:`graph.pipeline`), the queries (:mod:`graph.query`) and the analytics
(:mod:`graph.analytics`) speak to a store only through the protocols below, so they
never depend on how it is kept. :class:`graph.store.GraphStore` (Oxigraph on disk or in
memory) implements :class:`Store`; another backend, such as a remote SPARQL endpoint,
can implement it too without the core importing it.

- :class:`SupportsQuery`: runs a SPARQL SELECT (the analytics and the view need no more);
- :class:`Store`: the dataset of the build: one named graph per readout, content hashes
  to skip readouts already built, queries with bound parameters, export and counts.

Terms and results are pyoxigraph's, named here for the type checker only: importing
this module loads no backend.

A class is a :class:`Store` by its methods, without inheriting from it:

>>> from graph.store import GraphStore
>>> def documents(store: Store) -> int:
...     return store.stats()["documents"]
>>> with GraphStore.open() as store:
...     documents(store)
0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeAlias

if TYPE_CHECKING:
    from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, Triple

__all__ = ["QueryResults", "Store", "SupportsQuery", "Term", "TripleLike"]

#: An RDF term a store holds or a query binds: an IRI, a blank node or a literal.
Term: TypeAlias = "NamedNode | BlankNode | Literal"
#: What a graph is written from: pyoxigraph triples or quads, or 3-tuples of rdflib
#: terms (an ``rdflib.Graph`` iterates as such).
TripleLike: TypeAlias = "Triple | Quad | tuple[Any, Any, Any]"
#: The answer to a query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT,
#: DESCRIBE).
QueryResults: TypeAlias = "QuerySolutions | QueryBoolean | QueryTriples"


class SupportsQuery(Protocol):
    """Anything that runs a SPARQL SELECT over the union of the store's graphs."""

    def query(self, sparql: str, /) -> Any:
        """Run ``sparql`` and return an iterable of solutions indexable by variable name."""
        ...


class Store(SupportsQuery, Protocol):
    """A diplograph dataset: the named graphs of the readouts and the shared graphs.

    Queries see the union of all graphs as their default graph. A store is closed with
    :meth:`close` or by leaving a ``with`` block.
    """

    # -- writing -------------------------------------------------------------------

    def replace_graph(self, graph_iri: str, triples: Iterable[TripleLike]) -> None:
        """Replace a named graph with ``triples``, in one transaction."""
        ...

    def add_to_graph(self, graph_iri: str, triples: Iterable[TripleLike]) -> None:
        """Add ``triples`` to a named graph, keeping what it holds."""
        ...

    def flush(self) -> None:
        """Write buffered changes to where the store keeps them."""
        ...

    # -- reading -------------------------------------------------------------------

    def has_readout(self, doc_id: str, sha256: str) -> bool:
        """Whether the store holds this version (content hash) of a readout."""
        ...

    def content_hash(self, doc_id: str) -> str | None:
        """The content hash (``"sha256:…"``) stored for a readout, or ``None``."""
        ...

    def readout_description(self, doc_id: str) -> set[tuple[NamedNode, Term | Triple]]:
        """What a readout's own graph says about the readout: ``(predicate, object)`` pairs,
        empty when the store does not hold it."""
        ...

    def has_graph(self, graph_iri: str) -> bool:
        """Whether the store holds a named graph with this IRI."""
        ...

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        use_query_dataset: bool = False,
    ) -> QueryResults:
        """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the union of all graphs.

        Args:
            sparql: the query; the package's prefixes are predeclared.
            bindings: values for variables, by name, bound without editing the text.
            use_query_dataset: let the query's ``FROM`` clauses define its dataset.
        """
        ...

    def count(self) -> int:
        """The number of quads in the store."""
        ...

    def stats(self) -> dict[str, int]:
        """Counts for a summary: documents, triples and entities by kind."""
        ...

    # -- export and closing ----------------------------------------------------------

    def export(self, dest: Path | str, fmt: str) -> None:
        """Write the whole store to a file in an RDF format (``trig``, ``nquads``…)."""
        ...

    def close(self) -> None:
        """Flush and release the store; closing twice is harmless."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
