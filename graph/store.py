"""The RDF store: Oxigraph on disk or in memory, driven through pyoxigraph.

pyoxigraph is used directly rather than through rdflib: its SPARQL engine and its
serializers are one to two orders of magnitude faster than rdflib's at the sizes a
corpus of readouts reaches, and it updates a named graph in one transaction.

The store holds one named graph per readout plus the ``entities`` and ``ontology``
graphs (see ``ontology/MODEL.md``). Queries always see the union of all graphs as
their default graph.

Typical use::

    with GraphStore.open("corpus.oxigraph") as store:
        store.replace_graph(doc_graph, triples)      # re-ingesting a readout
        store.add_to_graph(ENTITIES_GRAPH, more)      # shared descriptions
        store.export(Path("corpus.trig"), "trig")

An on-disk store is locked by the process that opened it for writing; a second
writer gets a :class:`~graph.errors.StoreError` saying so in plain words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO, Final, Self, TypeAlias, cast
from urllib.parse import quote

import pyoxigraph as ox

from graph.errors import Msg, QueryError, StoreError
from graph.namespaces import NAMESPACES
from graph.sparql_text import syntax_problem
from graph.store_base import QueryResults, Store, TripleLike

if TYPE_CHECKING:
    from rdflib.term import Node as RdfNode

__all__ = [
    "DG",
    "DGID",
    "ENTITIES_GRAPH",
    "EXPORT_FORMATS",
    "LOAD_LIMIT",
    "ONTOLOGY_GRAPH",
    "PENDING_GRAPH",
    "PREFIXES",
    "STAGING_PREFIX",
    "GraphStore",
    "OxTerm",
    "staging_graph_iri",
    "to_ox",
]

DG: Final = NAMESPACES["dg"]
DGID: Final = NAMESPACES["dgid"]
ENTITIES_GRAPH: Final = DGID + "graph/entities"
ONTOLOGY_GRAPH: Final = DGID + "graph/ontology"

#: The prefixes of ``ontology/MODEL.md`` (kept in one place, graph.ontology), used by
#: exports and predeclared for every query.
PREFIXES: Final[Mapping[str, str]] = NAMESPACES

#: Export format names (and their aliases) -> pyoxigraph formats.
EXPORT_FORMATS: Final[Mapping[str, ox.RdfFormat]] = {
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_CANONICAL_FORMATS: Final = ("trig", "turtle", "nquads", "jsonld")
#: The largest file :meth:`GraphStore.load` reads by default, in bytes (1 GiB).
LOAD_LIMIT: Final = 1 << 30

OxTerm: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal

#: Bookkeeping of graphs written in chunks: which are hidden from every reader while
#: they are written or cleared, and which staging graph is moving into its readout's
#: graph. The graph exists only while such work is pending; readers never see it.
PENDING_GRAPH: Final = DGID + "graph/pending"
#: Where the new version of a large graph is written while the old one stays visible.
STAGING_PREFIX: Final = DGID + "graph/staging/"
#: Graphs of more quads than this are written, cleared and moved in transactions of at
#: most this many quads, each flushed to disk: one transaction of the 587,000 quads of a
#: 3,000,000-character readout holds ~900 MiB until it commits, chunks of 50,000 ~150 MiB.
CHUNK_QUADS: Final = 50_000

_PENDING: Final = ox.NamedNode(PENDING_GRAPH)
_HIDDEN: Final = ox.NamedNode(DG + "hiddenWhileWritten")
_COPIES_TO: Final = ox.NamedNode(DG + "copiesTo")
_TRUE: Final = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
_DG_CONTENT_HASH: Final = ox.NamedNode(DG + "contentHash")
_DCTERMS_IDENTIFIER: Final = ox.NamedNode(PREFIXES["dcterms"] + "identifier")
# "…/LOCK: Resource temporarily unavailable" from another process, "lock hold by
# current process" from this one; \b keeps words such as "block" out.
_LOCK_ERROR: Final = re.compile(r"\block\b", re.IGNORECASE)
# RocksDB writes this file first; a folder without it is not an Oxigraph store.
_STORE_MARKER: Final = "CURRENT"


def to_ox(term: RdfNode | OxTerm) -> OxTerm:
    """Convert an rdflib term to the equivalent pyoxigraph term.

    pyoxigraph terms are returned unchanged, so callers can mix both kinds.

    Args:
        term: an rdflib ``URIRef``, ``BNode`` or ``Literal``, or a pyoxigraph term.

    Returns:
        The pyoxigraph ``NamedNode``, ``BlankNode`` or ``Literal``.

    Raises:
        TypeError: for anything else (variables, graphs, paths), which cannot be stored.
        ValueError: for an IRI or blank node id that pyoxigraph rejects.
    """
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    # rdflib is imported here, by the writers that hand it terms: a query needs none
    from rdflib.term import BNode as RdfBNode
    from rdflib.term import Literal as RdfLiteral
    from rdflib.term import URIRef as RdfURIRef

    if isinstance(term, RdfURIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RdfBNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} ({type(term).__name__}) as an RDF term")


def _as_triple(item: TripleLike) -> tuple[OxTerm | ox.Triple, OxTerm | ox.Triple, OxTerm | ox.Triple]:
    """The three terms of a triple, as pyoxigraph terms (a quoted triple stays one)."""
    if isinstance(item, (ox.Triple, ox.Quad)):
        return item.subject, item.predicate, item.object
    subject, predicate, obj = item
    return to_ox(subject), to_ox(predicate), to_ox(obj)


def _as_quad(item: TripleLike, graph: ox.NamedNode) -> ox.Quad:
    """A quad of ``graph``; raises ``TypeError`` for a literal subject or a predicate that is not an IRI."""
    subject, predicate, obj = _as_triple(item)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        # ox.Quad raises TypeError too; checking first tells the type checker the terms fit
        raise TypeError(f"cannot store {item!r}: a subject cannot be a literal, a predicate must be an IRI")
    return ox.Quad(subject, predicate, obj, graph)


def _statement(quad: ox.Quad) -> str:
    """The triple of ``quad`` as a statement of an update's ``INSERT DATA``."""
    return f"{quad.subject} {quad.predicate} {quad.object} ."


def _fresh_blanks(quad: ox.Quad, fresh: dict[str, ox.BlankNode]) -> ox.Quad:
    """``quad`` with each blank node replaced by a new one (the same for the same id), as
    an update's ``INSERT DATA`` does."""
    s, o = quad.subject, quad.object
    if not isinstance(s, ox.BlankNode) and not isinstance(o, ox.BlankNode):
        return quad
    if isinstance(s, ox.BlankNode):
        s = fresh.setdefault(s.value, ox.BlankNode())
    if isinstance(o, ox.BlankNode):
        o = fresh.setdefault(o.value, ox.BlankNode())
    return ox.Quad(s, quad.predicate, o, quad.graph_name)


def staging_graph_iri(graph_iri: str, *, old: bool = False) -> str:
    """Where the new version of ``graph_iri`` is written while the old one stays visible
    (``old``: where the old version is copied, to be shown while the graph's own name is
    given the new one).

    >>> staging_graph_iri(DGID + "graph/doc/abc")[len(DGID):]
    'graph/staging/new/doc/abc'
    >>> staging_graph_iri(DGID + "graph/doc/abc", old=True)[len(DGID):]
    'graph/staging/old/doc/abc'
    """
    head = DGID + "graph/"
    tail = graph_iri[len(head):] if graph_iri.startswith(head) else quote(graph_iri, safe="")
    return STAGING_PREFIX + ("old/" if old else "new/") + tail


class GraphStore(Store):
    """An Oxigraph store holding the diplograph dataset.

    Create one with :meth:`open`; use it as a context manager or call :meth:`close`
    so an on-disk store releases its lock. It implements :class:`graph.store_base.Store`
    (subclassing the protocol makes the type checker hold it to every method).
    """

    def __init__(self, store: ox.Store, path: Path | None, *, read_only: bool = False) -> None:
        """Wrap an opened pyoxigraph store; prefer :meth:`open`."""
        self._store: ox.Store | None = store
        self.path = path
        self.read_only = read_only

    # -- opening and closing -------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None, *, read_only: bool = False) -> GraphStore:
        """Open a store.

        Args:
            path: ``None`` for a store in memory, or the folder of an Oxigraph store
                on disk (created if missing, unless ``read_only``).
            read_only: open an existing on-disk store for reading only. No lock is
                taken, so this is for reading a store no other process is writing.

        Returns:
            The opened store.

        Raises:
            StoreError: S001 if another process has the store open, S004 if
                ``read_only`` and the store does not exist, S008 if the folder holds
                something other than a store, S002 for any other failure.
        """
        if path is None:
            return cls(ox.Store(), None)
        folder = Path(path)
        exists = folder.is_dir() and (folder / _STORE_MARKER).is_file()
        if folder.exists() and not folder.is_dir():
            raise StoreError(Msg.S002, path=folder, detail="it is a file, not a folder")
        if read_only and not exists:
            raise StoreError(Msg.S004, path=folder)
        if not exists and folder.is_dir() and any(folder.iterdir()):
            # Refuse rather than scatter database files among someone's documents.
            raise StoreError(Msg.S008, path=folder)
        try:
            store = ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
        except OSError as error:
            if _LOCK_ERROR.search(str(error)):
                raise StoreError(Msg.S001, path=folder) from error
            raise StoreError(Msg.S002, path=folder, detail=str(error)) from error
        except RuntimeError as error:  # e.g. read-only while a build is still creating it
            raise StoreError(Msg.S002, path=folder, detail=str(error)) from error
        return cls(store, folder, read_only=read_only)

    def flush(self) -> None:
        """Write buffered changes to disk (a no-op for a store in memory)."""
        if self.path is not None and not self.read_only:
            self._require().flush()

    def close(self) -> None:
        """Flush and release the store (and its lock). Closing twice is harmless."""
        if self._store is None:
            return
        try:
            self.flush()
        finally:
            # pyoxigraph has no close(): the lock goes when the last reference does.
            self._store = None

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._store is None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "memory" if self.path is None else str(self.path)
        state = "closed" if self.closed else ("read-only" if self.read_only else "open")
        return f"<GraphStore {where} ({state})>"

    def _require(self) -> ox.Store:
        if self._store is None:
            raise StoreError(Msg.S007, path=self._where)
        return self._store

    @property
    def _where(self) -> str:
        return "(memory)" if self.path is None else str(self.path)

    # -- writing ---------------------------------------------------------------

    def replace_graph(self, graph_iri: str, triples: Iterable[TripleLike]) -> None:
        """Replace a named graph with the given triples, atomically for every reader.

        Readers see either the old graph or the new one, never a mix, and a failure
        leaves the old graph in place. Replacing with the same triples twice leaves
        the store as it was.

        A graph of at most :attr:`chunk_quads` quads is written in one transaction. A
        larger one is written in transactions of that many quads, each flushed, so memory
        stays bounded, into a graph hidden from every reader (queries, counts, exports)
        until it is complete. A new graph is written in place and shown by one small
        transaction at the end. A new version of an existing graph is written to a
        hidden staging graph while the old version stays visible; the old version is
        then copied and one small transaction shows the copy in its place, so readers go
        on seeing the old version whole (only its graph's name differs) while the
        graph's own name is cleared and given the new version; a second small
        transaction shows the new version and hides the copy, which is then dropped.

        A write cut short (an error, or the process killed) before its switch leaves
        nothing of the new version visible and the old one in place; the next write to
        the store drops what it left (:meth:`finish_pending`), so the next build writes
        the readout again. One cut short after the first switch is finished by the next
        write.

        Args:
            graph_iri: the IRI of the named graph, e.g. ``dgid:graph/doc/{doc}`` in full.
            triples: pyoxigraph ``Triple`` or ``Quad`` objects (a quad's graph name is
                ignored: everything goes to ``graph_iri``), or 3-tuples of rdflib
                terms, e.g. an ``rdflib.Graph``. Blank nodes are given fresh ids.

        Raises:
            StoreError: S005 if the store refuses the update.
            TypeError: for a term that is not an IRI, blank node or literal.
        """
        store = self._require()
        self.finish_pending()
        graph = ox.NamedNode(graph_iri)
        fresh: dict[str, ox.BlankNode] = {}
        # a generator: the quads are made as the store takes them, not all held first
        quads = (_fresh_blanks(_as_quad(item, graph), fresh) for item in triples)
        first = list(islice(quads, self.chunk_quads + 1))
        if len(first) > self.chunk_quads:
            self._replace_in_chunks(graph, first, quads)
            return
        if not store.contains_named_graph(graph):
            # Nothing to drop: extend() is one transaction too, and holds far less in
            # memory than the text of an update and its parse
            try:
                store.extend(first)
            except OSError as error:
                raise StoreError(Msg.S005, graph=graph_iri, path=self._where, detail=str(error)) from error
            return
        # One SPARQL update is one transaction in Oxigraph; measured as fast as
        # remove_graph() followed by extend(), which would not be atomic.
        lines = [_statement(q) for q in first]
        update = f"DROP SILENT GRAPH {graph}"
        if lines:
            update += f" ;\nINSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines) + "\n} }"
        try:
            store.update(update)
        except (SyntaxError, OSError) as error:
            raise StoreError(Msg.S005, graph=graph_iri, path=self._where, detail=str(error)) from error

    #: The most quads one transaction writes, clears or moves (see :meth:`replace_graph`).
    chunk_quads: int = CHUNK_QUADS

    def _replace_in_chunks(self, graph: ox.NamedNode, first: list[ox.Quad], rest: Iterator[ox.Quad]) -> None:
        store = self._require()
        rebuild = bool(store.contains_named_graph(graph))
        target = ox.NamedNode(staging_graph_iri(graph.value)) if rebuild else graph
        old_copy = ox.NamedNode(staging_graph_iri(graph.value, old=True))
        try:
            # hidden before their first quad is written, so no reader ever sees a part
            store.extend([ox.Quad(g, _HIDDEN, _TRUE, _PENDING) for g in ((target, old_copy) if rebuild else (target,))])
            chunk = [ox.Quad(q.subject, q.predicate, q.object, target) for q in first]
            while chunk:
                self._write_chunk(chunk)
                chunk = [ox.Quad(q.subject, q.predicate, q.object, target) for q in islice(rest, self.chunk_quads)]
            if not rebuild:
                store.remove(ox.Quad(target, _HIDDEN, _TRUE, _PENDING))
                self._drop_pending_if_empty()
                return
            # the old version is copied, and the copy shown in its place by one small
            # transaction: readers go on seeing it whole (under the copy's name) while
            # the graph's own name is cleared and given the new version
            self._copy_in_chunks(graph, old_copy)
            store.update(
                f"DELETE DATA {{ GRAPH {_PENDING} {{ {old_copy} {_HIDDEN} {_TRUE} }} }} ;\n"
                f"INSERT DATA {{ GRAPH {_PENDING} {{ {graph} {_HIDDEN} {_TRUE} . {target} {_COPIES_TO} {graph} }} }}"
            )
            self.finish_pending()
        except (SyntaxError, OSError) as error:
            raise StoreError(Msg.S005, graph=graph.value, path=self._where, detail=str(error)) from error

    def _write_chunk(self, quads: list[ox.Quad]) -> None:
        """One transaction of a chunked write, flushed so memory does not pile up."""
        store = self._require()
        store.extend(quads)
        store.flush()

    def finish_pending(self) -> None:
        """Finish or undo what an interrupted chunked write left (see :meth:`replace_graph`).

        A new version already shown in place of the old one (under the old version's
        copy) is copied into the graph's own name and shown there; then every graph
        still hidden (an unfinished write, a staging graph, an old version) is dropped,
        so a readout whose write was cut short is absent, or in its old version, and the
        next build writes it again. Every write calls this first; it is one lookup when
        nothing is pending.
        """
        store = self._require()
        if not self._pending_exists():
            return
        try:
            for record in list(store.quads_for_pattern(None, _COPIES_TO, None, _PENDING)):
                staging, graph = record.subject, record.object
                if not isinstance(staging, ox.NamedNode) or not isinstance(graph, ox.NamedNode):
                    continue
                # hidden: whatever a cut-short copy left is cleared, and the copy made whole
                self._clear_in_chunks(graph)
                self._copy_in_chunks(staging, graph)
                old_copy = ox.NamedNode(staging_graph_iri(graph.value, old=True))
                # the second switch: the new version shown under its own name, the old hidden
                store.update(
                    f"DELETE DATA {{ GRAPH {_PENDING} {{ {graph} {_HIDDEN} {_TRUE} . {record.subject} "
                    f"{_COPIES_TO} {graph} }} }} ;\n"
                    f"INSERT DATA {{ GRAPH {_PENDING} {{ {old_copy} {_HIDDEN} {_TRUE} }} }}"
                )
            for hidden in [q.subject for q in store.quads_for_pattern(None, _HIDDEN, None, _PENDING)]:
                if isinstance(hidden, ox.NamedNode):
                    self._clear_in_chunks(hidden)
                    store.remove(ox.Quad(hidden, _HIDDEN, _TRUE, _PENDING))
            self._drop_pending_if_empty()
        except (SyntaxError, OSError) as error:
            raise StoreError(Msg.S005, graph=PENDING_GRAPH, path=self._where, detail=str(error)) from error

    def _pending_exists(self) -> bool:
        return next(self._require().quads_for_pattern(None, None, None, _PENDING), None) is not None

    def _drop_pending_if_empty(self) -> None:
        store = self._require()
        if not self._pending_exists():
            store.update(f"DROP SILENT GRAPH {_PENDING}")

    def _copy_in_chunks(self, source: ox.NamedNode, dest: ox.NamedNode) -> None:
        """Copy ``source`` into ``dest``, :attr:`chunk_quads` quads a transaction (blank
        nodes stay the same nodes)."""
        quads = self._require().quads_for_pattern(None, None, None, source)
        while chunk := [ox.Quad(q.subject, q.predicate, q.object, dest) for q in islice(quads, self.chunk_quads)]:
            self._write_chunk(chunk)

    def _clear_in_chunks(self, graph: ox.NamedNode) -> None:
        """Empty ``graph``, :attr:`chunk_quads` quads a transaction, and drop it."""
        store = self._require()
        limited = f"{{ SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} LIMIT {self.chunk_quads} }}"
        while next(store.quads_for_pattern(None, None, None, graph), None) is not None:
            self._update_chunk(f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {limited}")
        store.update(f"DROP SILENT GRAPH {graph}")

    def _update_chunk(self, update: str) -> None:
        """One transaction of a chunked clear, flushed so memory does not pile up."""
        store = self._require()
        store.update(update)
        store.flush()

    def add_to_graph(self, graph_iri: str, triples: Iterable[TripleLike]) -> None:
        """Add triples to a named graph, keeping what it holds (in one transaction).

        Used for the shared ``entities`` and ``ontology`` graphs, which several
        readouts contribute to.

        Args:
            graph_iri: the IRI of the named graph.
            triples: as for :meth:`replace_graph`.

        Raises:
            StoreError: S005 if the store refuses the write.
        """
        store = self._require()
        self.finish_pending()
        graph = ox.NamedNode(graph_iri)
        quads = [_as_quad(item, graph) for item in triples]
        try:
            store.extend(quads)
        except OSError as error:
            raise StoreError(Msg.S005, graph=graph_iri, path=self._where, detail=str(error)) from error

    def remove_graph(self, graph_iri: str) -> None:
        """Drop a named graph if it exists."""
        self.finish_pending()
        self._require().update(f"DROP SILENT GRAPH {ox.NamedNode(graph_iri)}")

    def load(self, source: Path | str, fmt: str | None = None, *, max_bytes: int = LOAD_LIMIT) -> None:
        """Load an RDF file (TriG, N-Quads, Turtle, JSON-LD) in one transaction.

        Only the formats of :data:`EXPORT_FORMATS` are read: RDF/XML, whose DTD entities
        can expand a kilobyte into gigabytes, is refused before anything is parsed, and a
        JSON-LD ``@context`` that names a remote document is an error, never fetched.
        A file of more than ``max_bytes`` is refused before it is read; one that grows
        past it while being read (a pipe, a file still being written) stops the load.
        Either way the store keeps what it held: the load is one transaction.

        Args:
            source: the file to read.
            fmt: an export format name (see :data:`EXPORT_FORMATS`); guessed from the
                file extension when ``None``.
            max_bytes: the largest file read, in bytes (:data:`LOAD_LIMIT` by default).

        Raises:
            StoreError: S003 for a format other than those of :data:`EXPORT_FORMATS`
                (by name or by extension), S009 for a file over ``max_bytes``, S005 if
                the file cannot be read or parsed.
        """
        store = self._require()
        path = Path(source)
        rdf_format = _rdf_format(fmt if fmt is not None else path.suffix)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise StoreError(Msg.S009, path=path, size=size, limit=max_bytes)
            with path.open("rb") as raw:
                # pyoxigraph only calls read(); the reader is a file to it
                store.load(cast(BinaryIO, _CappedReader(raw, path, max_bytes)), format=rdf_format)
        except _TooLarge as error:
            raise StoreError(Msg.S009, path=path, size=f"more than {max_bytes}", limit=max_bytes) from error
        except (SyntaxError, ValueError, OSError) as error:
            raise StoreError(Msg.S005, graph=str(path), path=self._where, detail=str(error)) from error

    # -- reading ---------------------------------------------------------------

    def has_readout(self, doc_id: str, sha256: str) -> bool:
        """Whether the store already holds this version of a readout.

        The build uses it to skip documents that have not changed.

        Args:
            doc_id: the document id (``dcterms:identifier`` of the readout).
            sha256: its content hash, with or without the ``sha256:`` prefix.
        """
        return self.content_hash(doc_id) == _hash_literal(sha256)

    def content_hash(self, doc_id: str) -> str | None:
        """The ``dg:contentHash`` ("sha256:…") stored for a readout, or ``None``."""
        store = self._require()
        ident = ox.Literal(doc_id)
        unseen = self._unseen()
        for readout in store.quads_for_pattern(None, _DCTERMS_IDENTIFIER, ident, None):
            if readout.graph_name in unseen:
                continue
            # Look only inside the graph that identifies the readout: that is its own.
            for found in store.quads_for_pattern(readout.subject, _DG_CONTENT_HASH, None, readout.graph_name):
                if isinstance(found.object, ox.Literal):
                    return found.object.value
        return None

    def readout_description(self, doc_id: str) -> set[tuple[ox.NamedNode, OxTerm | ox.Triple]]:
        """What a readout's own graph says about the readout: ``(predicate, object)`` pairs.

        The build compares the metadata among them (content hash, date, source…) with a
        readout it reads again, to skip it only when nothing that goes into its graph
        changed.

        Args:
            doc_id: the document id (``dcterms:identifier`` of the readout).

        Returns:
            The pairs; empty when the store does not hold the readout.
        """
        store = self._require()
        found: set[tuple[ox.NamedNode, OxTerm | ox.Triple]] = set()
        unseen = self._unseen()
        for readout in store.quads_for_pattern(None, _DCTERMS_IDENTIFIER, ox.Literal(doc_id), None):
            if readout.graph_name in unseen:
                continue
            # Look only inside the graph that identifies the readout: that is its own.
            for quad in store.quads_for_pattern(readout.subject, None, None, readout.graph_name):
                found.add((quad.predicate, quad.object))
        return found

    def readout_ids(self) -> list[str]:
        """The ids of the readouts in the store, sorted."""
        rows = self._select("SELECT DISTINCT ?id WHERE { ?r a dg:Readout ; dcterms:identifier ?id }")
        return sorted(str(row["id"].value) for row in rows)

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store, sorted."""
        unseen = self._unseen()
        return sorted(
            g.value for g in self._require().named_graphs() if isinstance(g, ox.NamedNode) and g not in unseen
        )

    def has_graph(self, graph_iri: str) -> bool:
        """Whether the store holds a named graph with this IRI."""
        graph = ox.NamedNode(graph_iri)
        return bool(self._require().contains_named_graph(graph)) and graph not in self._unseen()

    def count(self) -> int:
        """The number of quads in the store (those of graphs hidden while written left out)."""
        store = self._require()
        hidden = sum(sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in self._unseen())
        return len(store) - hidden

    def _unseen(self) -> frozenset[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
        """The graphs no reader sees: the pending bookkeeping and the graphs it hides
        while they are written or cleared (see :meth:`replace_graph`); none, usually."""
        store = self._require()
        if not self._pending_exists():
            return frozenset()
        hidden = {q.subject for q in store.quads_for_pattern(None, _HIDDEN, None, _PENDING)}
        return frozenset({_PENDING, *(g for g in hidden if isinstance(g, ox.NamedNode))})

    def stats(self) -> dict[str, int]:
        """Counts for a summary: documents, triples (quads) and entities by kind.

        Returns:
            ``{"documents", "triples", "leaders", "countries", "organizations",
            "places", "events", "positions"}`` mapped to counts.
        """
        row = next(iter(self._select(_STATS_QUERY)))
        counts = {name: int(row[name].value) for name in _STATS_KEYS}
        return {"documents": counts.pop("documents"), "triples": self.count(), **counts}

    def _select(self, sparql: str) -> ox.QuerySolutions:
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("expected a SELECT query")
        return result

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, OxTerm] | None = None,
        use_query_dataset: bool = False,
    ) -> QueryResults:
        """Run a SPARQL query on the union of all graphs.

        This is the low-level entry for trusted queries written in the code base.
        Queries from users go through :func:`graph.query.run_query`, which refuses
        those that would reach the network.

        Args:
            sparql: the query. The prefixes of :data:`PREFIXES` are predeclared.
            bindings: values for variables, by name (with or without ``?``), applied
                with pyoxigraph substitutions, never by editing the query text.
                Each variable must appear in the SELECT clause.
            use_query_dataset: let the query's own ``FROM``/``FROM NAMED`` clauses
                define its default graph (Oxigraph ignores them when the default graph
                is the union).

        Returns:
            pyoxigraph solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT,
            DESCRIBE).

        Raises:
            QueryError: Q002 if the query cannot be parsed, Q005 for a binding of a
                variable the query does not select, Q009 if evaluation fails.
        """
        store = self._require()
        substitutions: dict[ox.Variable, OxTerm | ox.Triple] = {
            ox.Variable(name.lstrip("?$")): value for name, value in (bindings or {}).items()
        }
        unseen = self._unseen()
        try:
            if unseen and not use_query_dataset:
                # a graph is being written in chunks: the union of the others, by name
                seen = [g for g in store.named_graphs() if g not in unseen]
                return store.query(
                    sparql,
                    default_graph=[ox.DefaultGraph(), *seen],
                    named_graphs=seen,
                    prefixes=dict(PREFIXES),
                    substitutions=substitutions or None,
                )
            return store.query(
                sparql,
                use_default_graph_as_union=not use_query_dataset,
                prefixes=dict(PREFIXES),
                substitutions=substitutions or None,
            )
        except SyntaxError as error:
            problem = syntax_problem(sparql, known_prefixes=PREFIXES, parser_message=str(error))
            raise QueryError(Msg.Q002, detail=problem.detail) from error
        except ValueError as error:
            # a text Oxigraph cannot take as UTF-8 (a lone surrogate), or a bad IRI
            problem = syntax_problem(sparql, known_prefixes=PREFIXES, parser_message=str(error))
            raise QueryError(Msg.Q002, detail=problem.detail) from error
        except RuntimeError as error:
            missing = re.search(r"variable \?(\w+) in its SELECT projection", str(error))
            if missing:
                raise QueryError(
                    Msg.Q005, name=missing.group(1), query="(this query)", known="its SELECT variables"
                ) from error
            raise QueryError(Msg.Q009, detail=str(error)) from error
        except OSError as error:
            raise QueryError(Msg.Q009, detail=str(error)) from error

    def quads(self) -> Iterator[ox.Quad]:
        """Iterate over every quad in the store (those of graphs hidden while written left out)."""
        unseen = self._unseen()
        everything = iter(self._require())
        return (q for q in everything if q.graph_name not in unseen) if unseen else everything

    # -- export ----------------------------------------------------------------

    def export(self, dest: Path | str | BinaryIO, fmt: str) -> None:
        """Write the whole store to a file or a binary stream.

        TriG, N-Quads and JSON-LD keep the named graphs; Turtle has none, so it gets
        the union of all graphs (each triple once). A file is written next to its
        destination under a temporary name and renamed when complete, so ``dest`` is
        either the full export or untouched; it gets the user's usual permissions
        (``0o666`` less the umask), as any file the user writes. A stream (such as
        standard output) is written as the export goes.

        Args:
            dest: the file to write, or a binary stream to write to.
            fmt: ``trig``, ``turtle`` (``ttl``), ``nquads`` (``nq``) or ``jsonld``
                (``json-ld``).

        Raises:
            StoreError: S003 for an unknown format, S006 if the file cannot be written.
        """
        rdf_format = _rdf_format(fmt)
        self._require()
        if not isinstance(dest, (Path, str)):
            where = getattr(dest, "name", "the stream")
            try:
                self._dump(dest, rdf_format)
            except (OSError, ValueError, TypeError) as error:
                raise StoreError(Msg.S006, path=where, detail=str(error)) from error
            return
        target = Path(dest)
        try:
            from graph.files import atomic_write  # not needed to query

            with atomic_write(target) as out:
                self._dump(out, rdf_format)
        except (OSError, ValueError, TypeError) as error:
            raise StoreError(Msg.S006, path=target, detail=str(error)) from error

    def _dump(self, out: BinaryIO, rdf_format: ox.RdfFormat) -> None:
        store = self._require()
        prefixes = dict(PREFIXES)
        if rdf_format.supports_datasets:
            if self._unseen():
                ox.serialize(self.quads(), out, rdf_format, prefixes=prefixes)
            else:
                store.dump(out, rdf_format, prefixes=prefixes)
        else:
            union = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            ox.serialize(union, out, rdf_format, prefixes=prefixes)  # type: ignore[arg-type]


class _TooLarge(Exception):
    """Raised inside pyoxigraph's read loop when a file passes the load limit."""


class _CappedReader:
    """A binary reader that stops with :class:`_TooLarge` past ``limit`` bytes."""

    def __init__(self, raw: BinaryIO, path: Path, limit: int) -> None:
        self._raw = raw
        self._path = path
        self._left = limit

    def read(self, size: int = -1) -> bytes:
        # Ask for one byte more than is left, so a file of exactly the limit passes.
        want = self._left + 1 if size is None or size < 0 else min(size, self._left + 1)
        data = self._raw.read(want)
        self._left -= len(data)
        if self._left < 0:
            raise _TooLarge(self._path)
        return data


def _rdf_format(fmt: str) -> ox.RdfFormat:
    try:
        return EXPORT_FORMATS[fmt.lower().lstrip(".")]
    except KeyError:
        raise StoreError(Msg.S003, fmt=fmt, known=", ".join(_CANONICAL_FORMATS)) from None


def _hash_literal(sha256: str) -> str:
    return sha256 if sha256.startswith("sha256:") else f"sha256:{sha256}"


_STATS_KEYS: Final = ("documents", "leaders", "countries", "organizations", "places", "events", "positions")

# Events are recognised by their dg:eventType (always written by the build) or by
# a class under dg:Event, so the count holds with or without the ontology graph.
_STATS_QUERY: Final = """
SELECT
  (COUNT(DISTINCT ?readout) AS ?documents)
  (COUNT(DISTINCT ?leader) AS ?leaders)
  (COUNT(DISTINCT ?country) AS ?countries)
  (COUNT(DISTINCT ?organization) AS ?organizations)
  (COUNT(DISTINCT ?place) AS ?places)
  (COUNT(DISTINCT ?event) AS ?events)
  (COUNT(DISTINCT ?position) AS ?positions)
WHERE {
  { ?readout a dg:Readout }
  UNION { ?leader a dg:Leader }
  UNION { ?country a dg:Country }
  UNION { ?organization a dg:Organization }
  UNION { ?place a dg:Place }
  UNION { ?event dg:eventType [] }
  UNION { ?event a/rdfs:subClassOf* dg:Event }
  UNION { ?position a dg:Position }
}
"""
