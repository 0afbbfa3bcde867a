"""What the package asks of a store: the roles, apart from any backend.

The build (:mod:`graph.pipeline`), the queries (:mod:`graph.query`) and the analytics
(:mod:`graph.analytics`) speak to a store only through the protocols below, so they
never depend on how it is kept. :class:`graph.store.GraphStore` (Oxigraph on disk or in
memory) implements :class:`Store`, and so does :class:`graph.store_remote.RemoteStore`
(a SPARQL 1.1 server), without the core importing either. :func:`open_store` opens one
from a folder or a URL. Every query of the package, the analytics' and the view's too,
goes through :func:`graph.query.run_query` and :meth:`Store.query`.

- :class:`SupportsQuery`: runs a SPARQL query (the smallest role, kept for callers typed
  with it);
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

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO, Final, Protocol, Self, TypeAlias

if TYPE_CHECKING:
    from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, Triple

__all__ = ["QueryResults", "Store", "SupportsQuery", "Term", "TripleLike", "is_store_url", "open_store"]

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
        """Replace a named graph with ``triples``, atomically for readers: they see the old
        graph or the new one, never a part of the new one, and a failure leaves the old one
        (one transaction, or for a large graph on the embedded store, chunks written out of
        readers' sight and a small switch)."""
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

    def export(self, dest: Path | str | BinaryIO, fmt: str) -> None:
        """Write the whole store to a file, or a binary stream, in an RDF format (``trig``, ``nquads``…)."""
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


# A URL (scheme://…) rather than a folder; RemoteStore refuses schemes other than http(s).
_URL: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def is_store_url(spec: Path | str | None) -> bool:
    """Whether ``spec`` names a store on a server (``http://…``) rather than a folder.

    >>> is_store_url("http://localhost:7878"), is_store_url("out/store"), is_store_url(None)
    (True, False, False)
    """
    return isinstance(spec, str) and bool(_URL.match(spec))


def open_store(spec: Path | str | None = None, *, read_only: bool = False) -> Store:
    """Open the store ``spec`` names: a folder (the embedded Oxigraph store, created unless
    ``read_only``), a server's URL (a :class:`graph.store_remote.RemoteStore`, see its
    :meth:`~graph.store_remote.Endpoints.derive` for the URLs of Oxigraph, Fuseki and
    GraphDB), or ``None`` for a store in memory.

    Only the backend asked for is imported.

    >>> with open_store() as store:
    ...     store.count()
    0

    Raises:
        StoreError: as :meth:`graph.store.GraphStore.open` or
            :meth:`graph.store_remote.RemoteStore.open`.
    """
    if isinstance(spec, str) and is_store_url(spec):
        from graph.store_remote import RemoteStore

        return RemoteStore.open(spec, read_only=read_only)
    from graph.store import GraphStore

    return GraphStore.open(spec, read_only=read_only)
