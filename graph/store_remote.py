"""A store on a SPARQL 1.1 server: Query, Update and the Graph Store Protocol over HTTP.

:class:`RemoteStore` implements :class:`graph.store_base.Store` for any server that
speaks the three W3C protocols (Oxigraph server, Apache Jena Fuseki, GraphDB…), so
``diplograph build``, ``query``, ``export``, ``viz``, ``stats`` and ``serve`` work on it as
on a store folder. Open one with :func:`graph.store_base.open_store` and a URL, or with
:meth:`RemoteStore.open`, which derives the three endpoints from a base URL
(:meth:`Endpoints.derive`), or with :class:`Endpoints` given in full.

How the roles of a store map onto the protocols:

- replacing a readout's graph is one SPARQL Update request (``DROP SILENT GRAPH`` then
  ``INSERT DATA``), which a server runs as one transaction; adding to a shared graph is a
  Graph Store Protocol ``POST`` of N-Triples;
- reads (content hashes, a readout's description, whether a graph exists, counts) are
  SELECT and ASK queries; results come back as SPARQL JSON (solutions, booleans) or
  N-Triples (CONSTRUCT, DESCRIBE) and are parsed into the same pyoxigraph objects the
  embedded store returns, so :func:`graph.query.run_query` reads both alike;
- export is a Graph Store Protocol ``GET`` of the whole dataset as N-Quads where the
  server offers one, else one ``GET`` per named graph, then written in the format asked.

**Bound parameters.** The protocol has no substitutions, so a value is never pasted into
the query's text where it could change its meaning: each value is written as one SPARQL
term (pyoxigraph's N-Triples form, which escapes quotes, backslashes and line breaks and
is valid SPARQL for IRIs and literals; IRIs and language tags are checked when the terms
are made) inside a single ``VALUES`` block placed *first* in the query's outermost WHERE
group. First, not last: a group is evaluated left to right, so a leading ``VALUES`` binds
the variables before ``OPTIONAL``, ``FILTER (NOT) EXISTS``, ``MINUS`` and aggregation see
them, exactly as the embedded store's substitutions do (a trailing ``VALUES``, or one
after the WHERE clause, would be joined after OPTIONAL and after grouping and give other
rows). Blank nodes and quoted triples cannot be written in ``VALUES`` and are refused.
The tests compare both ways of binding on every named query with hostile values.

**The union default graph.** diplograph's queries see the union of all graphs as their
default graph. How a server is asked for it depends on the server, so it is a setting
of the store (``union``):

- ``union-default-graph`` (Oxigraph server): the ``union-default-graph`` request
  parameter of every query, whatever flags the server was started with;
- ``default-graph-uri`` (the default for other servers): every named graph is listed as
  a ``default-graph-uri`` (and a ``named-graph-uri``) of the request: the standard
  SPARQL 1.1 Protocol way, which any conforming server honours, at the cost of listing
  the graphs first (once, and again after this store writes);
- ``server``: the server already makes the default graph the union (Fuseki with
  ``tdb2:unionDefaultGraph true``; GraphDB by default); checked when the store opens.

Rewriting queries into ``GRAPH ?g { … }`` was not chosen: a pattern whose triples come
from different graphs (a readout's event and the shared entities) would stop matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Final, Self
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from graph.errors import DiplographError, Msg, QueryError, StoreError
from graph.store import _STATS_KEYS, _STATS_QUERY, PREFIXES, GraphStore, OxTerm, _as_quad, _hash_literal, _rdf_format
from graph.store_base import QueryResults, Store, Term, TripleLike

__all__ = ["DEFAULT_TIMEOUT", "UNION_MODES", "Endpoints", "RemoteStore", "bind_values"]

#: Seconds a request may take (connecting, sending, waiting for the answer) by default.
DEFAULT_TIMEOUT: Final = 60.0
#: How queries are given the union of all graphs as their default graph (module docstring).
UNION_MODES: Final = ("union-default-graph", "default-graph-uri", "server")
_URL_OPTIONS: Final = ("union", "timeout")

_RESULTS_JSON: Final = "application/sparql-results+json"
_QUERY_ACCEPT: Final = f"{_RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.5"
_DATASET_ACCEPT: Final = "application/n-quads, application/trig;q=0.8"
_GRAPH_ACCEPT: Final = "application/n-triples, text/turtle;q=0.8"
_GRAPHDB_PATH: Final = re.compile(r"/repositories/[^/]+$")


# -- endpoints ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoints:
    """The URLs of a server's three protocols, and how it gives the union default graph.

    Attributes:
        query: the SPARQL 1.1 Query endpoint.
        update: the SPARQL 1.1 Update endpoint.
        data: the Graph Store Protocol endpoint (``?graph=IRI`` names a graph).
        dataset: where a ``GET`` returns the whole dataset as N-Quads or TriG; ``None``
            to export graph by graph through ``data``.
        union: one of :data:`UNION_MODES`.
        timeout: seconds a request may take.
    """

    query: str
    update: str
    data: str
    dataset: str | None = None
    union: str = "default-graph-uri"
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def derive(cls, url: str) -> Endpoints:
        """The endpoints of a server, from its base URL.

        - ``http://HOST:PORT`` (no path): Oxigraph server: ``/query``, ``/update``,
          ``/store``; the union by the ``union-default-graph`` parameter.
        - ``http://HOST:PORT/…/repositories/NAME``: GraphDB: queries at that URL,
          updates at ``…/statements``, graphs at ``…/rdf-graphs/service``; its default
          graph is the union already (``server``).
        - ``http://HOST:PORT/NAME`` (any other path): Apache Jena Fuseki's dataset:
          ``/NAME/query``, ``/NAME/update``, ``/NAME/data``; the union by
          ``default-graph-uri``.

        A fragment sets options, never sent to the server: ``#union=server`` (one of
        :data:`UNION_MODES`), ``#timeout=120`` (seconds), joined with ``&``.

        >>> Endpoints.derive("http://localhost:7878").query
        'http://localhost:7878/query'
        >>> Endpoints.derive("http://localhost:3030/ds#union=server").data
        'http://localhost:3030/ds/data'
        >>> Endpoints.derive("http://localhost:7200/repositories/readouts").update
        'http://localhost:7200/repositories/readouts/statements'

        Raises:
            StoreError: S026 for a URL that is not http(s) with a host, S029 for an
                unknown option.
        """
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise StoreError(Msg.S026, spec=url, detail="the scheme must be http or https")
        try:
            host, _ = parts.hostname, parts.port
        except ValueError as error:
            raise StoreError(Msg.S026, spec=url, detail=str(error)) from None
        if not host:
            raise StoreError(Msg.S026, spec=url, detail="it names no host")
        if parts.query:
            raise StoreError(Msg.S026, spec=url, detail="a store URL takes no query string; options go after '#'")
        path = parts.path.rstrip("/")
        base = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        if not path:
            endpoints = cls(f"{base}/query", f"{base}/update", f"{base}/store", f"{base}/store",
                            union="union-default-graph")
        elif _GRAPHDB_PATH.search(path):
            endpoints = cls(base, f"{base}/statements", f"{base}/rdf-graphs/service", f"{base}/statements",
                            union="server")
        else:
            endpoints = cls(f"{base}/query", f"{base}/update", f"{base}/data", base)
        return endpoints._with_options(url, parts.fragment)

    def _with_options(self, url: str, fragment: str) -> Endpoints:
        options = dict(parse_qsl(fragment, keep_blank_values=True))
        for option in options:
            if option not in _URL_OPTIONS:
                raise StoreError(Msg.S029, spec=url, option=option, known=", ".join(_URL_OPTIONS))
        endpoints = self
        if "union" in options:
            endpoints = replace(endpoints, union=options["union"])
        if "timeout" in options:
            try:
                timeout = float(options["timeout"])
            except ValueError:
                timeout = 0.0
            if not timeout > 0:
                raise StoreError(Msg.S026, spec=url, detail="#timeout= takes a number of seconds above 0")
            endpoints = replace(endpoints, timeout=timeout)
        endpoints._check(url)
        return endpoints

    def _check(self, spec: str) -> None:
        if self.union not in UNION_MODES:
            raise StoreError(Msg.S029, spec=spec, option=f"union={self.union}", known=", ".join(UNION_MODES))


# -- binding parameters ------------------------------------------------------------------

# The tokens that matter to find the WHERE group: comments, strings and IRIs are skipped
# whole so a brace or a keyword inside them is not taken for one.
_TOKEN: Final = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<name>[?$@][\w-]+|[\w.-]*:(?:[\w.:%-]|\\.)*|[A-Za-z_]\w*)
  | (?P<brace>[{}])
  | (?P<paren>[()])
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORM_KEYWORDS: Final = frozenset({"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"})
_VARNAME: Final = re.compile(r"\w+")


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """``sparql`` with ``bindings`` as ``VALUES`` blocks in its outermost WHERE group.

    The values are IRIs and literals, each written as one SPARQL term; the text of the
    query is otherwise unchanged. A variable's block goes first in the group (see the
    module docstring for why), or right after the ``BIND( … AS ?var)`` of that group
    that assigns it, where SPARQL allows it and where it filters as a substitution does.

    >>> bind_values('SELECT ?s WHERE { ?s ?p ?o }', {"o": ox.Literal('x" } ; DROP ALL #')})
    'SELECT ?s WHERE { VALUES (?o) { ("x\\\\" } ; DROP ALL #") } ?s ?p ?o }'

    Raises:
        QueryError: S024 for a blank node, a quoted triple or a bad variable name, S025
            for a query with no WHERE group to bind in.
    """
    if not bindings:
        return sparql
    blocks: list[tuple[str, str]] = []
    for key, value in bindings.items():
        name = key.lstrip("?$")
        if not _VARNAME.fullmatch(name):
            raise QueryError(Msg.S024, name=key, value="a value", detail="not a SPARQL variable name")
        if not isinstance(value, (ox.NamedNode, ox.Literal)):
            raise QueryError(
                Msg.S024, name=name, value=str(value), detail="VALUES takes IRIs and literals, not blank nodes"
            )
        blocks.append((name, f"VALUES (?{name}) {{ ({value}) }}"))
    group = _where_group(sparql)
    if group.subquery:
        # '{ SELECT … }' must stay alone in its group: bind around it
        leading = " ".join(block for _, block in blocks)
        return f"{sparql[: group.start + 1]} {leading} {{{sparql[group.start + 1 : group.end]}}} {sparql[group.end:]}"
    inserts: dict[int, list[str]] = {}
    for name, block in blocks:
        inserts.setdefault(group.binds.get(name, group.start + 1), []).append(block)
    text = sparql
    for at in sorted(inserts, reverse=True):
        text = f"{text[:at]} {' '.join(inserts[at])}{text[at:]}"
    return text


@dataclass(frozen=True)
class _Group:
    """Where a query's outermost WHERE group is: its braces, whether it holds only a
    subquery, and where each ``BIND( … AS ?var)`` directly in it ends, by variable."""

    start: int
    end: int
    subquery: bool
    binds: dict[str, int]


def _where_group(sparql: str) -> _Group:
    """Find the outermost WHERE group of a query, reading its tokens.

    Raises:
        QueryError: S025 when the query has no such group.
    """
    form: str | None = None
    seen_where = False
    depth = parens = 0
    start: int | None = None
    skipped_template = False
    first_inside: str | None = None
    binds: dict[str, int] = {}
    bind_parens: int | None = None  # paren depth a BIND( … ) of the group opened at
    last_names: list[str] = []  # the last two names inside that BIND
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind in ("comment", "space"):
            continue
        if start is not None and depth == 1 and first_inside is None:
            first_inside = text.upper()
        if kind == "name":
            word = text.upper()
            if depth == 0 and parens == 0:
                if form is None and word in _FORM_KEYWORDS:
                    form = word
                elif word == "WHERE":
                    seen_where = True
                    if form == "CONSTRUCT" and not skipped_template:
                        raise QueryError(
                            Msg.S025, detail="the short form CONSTRUCT WHERE { … } has no template apart from "
                            "its pattern; write CONSTRUCT { template } WHERE { pattern }"
                        )
            elif start is not None and depth == 1 and parens == 0 and word == "BIND":
                bind_parens, last_names = parens, []
            elif bind_parens is not None:
                last_names = [*last_names[-1:], text]
        elif kind == "paren":
            parens += 1 if text == "(" else -1
            if text == ")" and bind_parens is not None and parens == bind_parens:
                if len(last_names) == 2 and last_names[0].upper() == "AS" and last_names[1][:1] in "?$":
                    binds[last_names[1][1:]] = match.end()
                bind_parens = None
        elif kind == "brace" and parens == 0:
            if text == "{":
                if depth == 0 and form is not None and start is None:
                    if form == "CONSTRUCT" and not seen_where and not skipped_template:
                        skipped_template = True  # the template; the pattern follows WHERE
                    else:
                        start = match.start()
                depth += 1
            else:
                depth -= 1
                if depth == 0 and start is not None:
                    return _Group(start, match.start(), first_inside == "SELECT", binds)
        if kind != "name" and bind_parens is not None and kind not in ("paren",):
            last_names = [*last_names[-1:], text]
    raise QueryError(Msg.S025, detail="it has no WHERE { … } pattern to bind them in")


# -- the store ---------------------------------------------------------------------------


class RemoteStore(Store):
    """A diplograph dataset kept by a SPARQL 1.1 server (see the module docstring).

    Create one with :meth:`open` (or :func:`graph.store_base.open_store`); use it as a
    context manager or call :meth:`close`. Every request has a time limit; a server that
    cannot be reached, that times out or that refuses a request is a coded
    :class:`~graph.errors.StoreError` naming the URL, never a traceback.
    """

    def __init__(self, endpoints: Endpoints, *, read_only: bool = False, label: str | None = None) -> None:
        """Wrap the endpoints without contacting the server; prefer :meth:`open`."""
        endpoints._check(label or endpoints.query)
        self.endpoints = endpoints
        self.read_only = read_only
        self.url = label or endpoints.query
        timeout = httpx.Timeout(endpoints.timeout, connect=min(endpoints.timeout, 10.0))
        self._client: httpx.Client | None = httpx.Client(timeout=timeout, follow_redirects=True)
        self._graphs: list[str] | None = None  # named graphs, for default-graph-uri

    @classmethod
    def open(
        cls, url: str | None = None, *, endpoints: Endpoints | None = None, read_only: bool = False
    ) -> RemoteStore:
        """Open the store at a base URL (see :meth:`Endpoints.derive`) or at ``endpoints``.

        The server is asked a trivial query first, so an unreachable or wrong URL is
        told at once.

        Raises:
            StoreError: S026/S029 for a bad URL, S020 if the server cannot be reached,
                S021 if it does not answer in time, S022 if it refuses, S027 if it does
                not answer as a SPARQL endpoint, S028 if ``union`` is ``server`` and the
                server's default graph is not the union.
        """
        if endpoints is None:
            if url is None:
                raise TypeError("RemoteStore.open() needs a URL or endpoints")
            endpoints = Endpoints.derive(url)
        store = cls(endpoints, read_only=read_only, label=url)
        try:
            probe = store._raw_query("ASK {}", refused=StoreError)
            if not isinstance(probe, ox.QueryBoolean):
                raise StoreError(Msg.S027, url=endpoints.query, what="ASK {}", expected="a SPARQL boolean",
                                 detail="another kind of result")
            if endpoints.union == "server":
                store._check_union()
        except BaseException:
            store.close()
            raise
        return store

    def _check_union(self) -> None:
        named = self._raw_query("ASK { GRAPH ?g { ?s ?p ?o } }")
        union = self.query("ASK { ?s ?p ?o }")
        if bool(named) and not bool(union):
            raise StoreError(Msg.S028, url=self.url)

    # -- HTTP --------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        what: str,
        *,
        refused: type[DiplographError] = StoreError,
        **request: object,
    ) -> httpx.Response:
        if self._client is None:
            raise StoreError(Msg.S007, path=self.url)
        try:
            response = self._client.request(method, url, **request)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise StoreError(Msg.S021, url=url, what=what, timeout=f"{self.endpoints.timeout:g}") from None
        except httpx.HTTPError as error:
            raise StoreError(Msg.S020, url=url, detail=_reason(error)) from None
        if response.status_code >= 400:
            detail = " ".join(response.text.split())[:500] or response.reason_phrase
            raise refused(Msg.S022, url=url, what=what, status=response.status_code, detail=detail)
        return response

    def _writable(self, what: str) -> None:
        if self.read_only:
            raise StoreError(Msg.S023, url=self.url, what=what)

    def _dataset(self, use_query_dataset: bool) -> list[tuple[str, str]]:
        """The request parameters that make the union of all graphs the default graph."""
        if use_query_dataset or self.endpoints.union == "server":
            return []
        if self.endpoints.union == "union-default-graph":
            return [("union-default-graph", "true")]
        if self._graphs is None:
            self._graphs = self.named_graphs()
        return [("default-graph-uri", g) for g in self._graphs] + [("named-graph-uri", g) for g in self._graphs]

    def _raw_query(
        self,
        sparql: str,
        dataset: list[tuple[str, str]] | None = None,
        *,
        refused: type[DiplographError] = QueryError,
    ) -> QueryResults:
        """Send a query as it is, on the server's own dataset unless ``dataset`` is given."""
        response = self._send(
            "POST", self.endpoints.query, "a query", refused=refused,
            content=urlencode([("query", sparql), *(dataset or [])]).encode("ascii"),
            headers={"Accept": _QUERY_ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
        )
        return self._results(response)

    def _results(self, response: httpx.Response) -> QueryResults:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if media in (_RESULTS_JSON, "application/json"):
                return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            results_format = ox.QueryResultsFormat.from_media_type(media)
            if results_format in (ox.QueryResultsFormat.XML, ox.QueryResultsFormat.TSV):  # CSV loses term kinds
                return ox.parse_query_results(response.content, format=results_format)
            rdf_format = ox.RdfFormat.from_media_type(media)
            if rdf_format is None:
                raise ValueError(f"the content type is {media or 'missing'!r}")
            # the triples of CONSTRUCT or DESCRIBE, as the embedded store gives them
            held = ox.Store()
            held.load(response.content, format=rdf_format)
            return held.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        except (SyntaxError, ValueError) as error:
            raise StoreError(Msg.S027, url=str(response.url), what="a query", expected="SPARQL results or RDF",
                             detail=str(error)) from None

    # -- opening and closing -------------------------------------------------------------

    def flush(self) -> None:
        """Nothing to do: the server has every change once its request is answered."""

    def close(self) -> None:
        """Release the HTTP connections. Closing twice is harmless."""
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._client is None

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
        state = "closed" if self.closed else ("read-only" if self.read_only else "open")
        return f"<RemoteStore {self.url} ({state})>"

    # -- writing -----------------------------------------------------------------------

    def replace_graph(self, graph_iri: str, triples: Iterable[TripleLike]) -> None:
        """Replace a named graph, in one SPARQL Update request (one transaction).

        Raises:
            StoreError: S023 if read-only; S020/S021/S022 if the request fails.
            TypeError: for a term that is not an IRI, blank node or literal.
        """
        graph = ox.NamedNode(graph_iri)
        what = f"the replacement of the graph {graph}"
        self._writable(what)
        lines = [f"{q.subject} {q.predicate} {q.object} ." for q in (_as_quad(t, graph) for t in triples)]
        update = f"DROP SILENT GRAPH {graph}"
        if lines:
            update += f" ;\nINSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines) + "\n} }"
        self._graphs = None
        self._send("POST", self.endpoints.update, what, content=update.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})

    def add_to_graph(self, graph_iri: str, triples: Iterable[TripleLike]) -> None:
        """Add triples to a named graph: a Graph Store Protocol ``POST`` of N-Triples.

        Raises:
            StoreError: S023 if read-only; S020/S021/S022 if the request fails.
        """
        graph = ox.NamedNode(graph_iri)
        what = f"an addition to the graph {graph}"
        self._writable(what)
        quads = [_as_quad(t, graph) for t in triples]
        if not quads:
            return
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                            format=ox.RdfFormat.N_TRIPLES)
        self._graphs = None
        self._send("POST", self.endpoints.data, what, params={"graph": graph_iri}, content=body,
                   headers={"Content-Type": "application/n-triples"})

    # -- reading -----------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        use_query_dataset: bool = False,
    ) -> QueryResults:
        """Run a query on the union of all graphs, with ``bindings`` in a ``VALUES`` block.

        The prefixes of :data:`graph.store.PREFIXES` are declared before the query's own
        (which win, as a later declaration does).

        Raises:
            QueryError: S024/S025 for bindings that cannot be written, S022 if the server
                refuses the query.
            StoreError: S020/S021 if the server cannot be reached or does not answer in time.
        """
        text = bind_values(sparql, bindings) if bindings else sparql
        prologue = "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in PREFIXES.items())
        return self._raw_query(prologue + text, self._dataset(use_query_dataset))

    def _select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> ox.QuerySolutions:
        result = self.query(sparql, bindings=bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError(Msg.S027, url=self.url, what="a SELECT query", expected="solutions",
                             detail=type(result).__name__)
        return result

    def has_readout(self, doc_id: str, sha256: str) -> bool:
        """Whether the store holds this version (content hash) of a readout."""
        return self.content_hash(doc_id) == _hash_literal(sha256)

    def content_hash(self, doc_id: str) -> str | None:
        """The ``dg:contentHash`` stored for a readout, in its own graph, or ``None``."""
        rows = self._select(
            "SELECT ?hash WHERE { GRAPH ?g { ?readout dcterms:identifier ?id ; dg:contentHash ?hash } }",
            {"id": ox.Literal(doc_id)},
        )
        for row in rows:
            found = row["hash"]
            if isinstance(found, ox.Literal):
                return found.value
        return None

    def readout_description(self, doc_id: str) -> set[tuple[ox.NamedNode, OxTerm | ox.Triple]]:
        """What a readout's own graph says about it: ``(predicate, object)`` pairs."""
        rows = self._select(
            "SELECT ?p ?o WHERE { GRAPH ?g { ?readout dcterms:identifier ?id . ?readout ?p ?o } }",
            {"id": ox.Literal(doc_id)},
        )
        found: set[tuple[ox.NamedNode, OxTerm | ox.Triple]] = set()
        for row in rows:
            predicate, obj = row["p"], row["o"]
            if isinstance(predicate, ox.NamedNode) and obj is not None and not isinstance(obj, ox.Variable):
                found.add((predicate, obj))
        return found

    def has_graph(self, graph_iri: str) -> bool:
        """Whether the server holds a named graph with this IRI (with a triple in it)."""
        graph = ox.NamedNode(graph_iri)
        return bool(self._raw_query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs on the server, sorted."""
        rows = self._raw_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        if not isinstance(rows, ox.QuerySolutions):
            raise StoreError(Msg.S027, url=self.url, what="a SELECT query", expected="solutions",
                             detail=type(rows).__name__)
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def count(self) -> int:
        """The number of quads: those of the named graphs, and with Oxigraph server those of
        its default graph too (other servers may show the union there, which would count
        every quad twice; the build writes only to named graphs)."""
        if self.endpoints.union == "union-default-graph":
            sparql = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        else:
            sparql = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        result = self._raw_query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError(Msg.S027, url=self.url, what="a count", expected="solutions",
                             detail=type(result).__name__)
        row = next(iter(result))
        value = row["n"]
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def stats(self) -> dict[str, int]:
        """Counts for a summary, as :meth:`graph.store.GraphStore.stats` gives them."""
        row = next(iter(self._select(_STATS_QUERY)))
        counts: dict[str, int] = {}
        for name in _STATS_KEYS:
            value = row[name]
            counts[name] = int(value.value) if isinstance(value, ox.Literal) else 0
        return {"documents": counts.pop("documents"), "triples": self.count(), **counts}

    # -- export ------------------------------------------------------------------------

    def export(self, dest: Path | str | BinaryIO, fmt: str) -> None:
        """Write the whole store to a file or a binary stream, as the embedded store does.

        The dataset is fetched (one ``GET`` of the dataset, or one per graph) into a store
        in memory, which writes it: the file is complete or untouched.

        Raises:
            StoreError: S003 for an unknown format (before anything is fetched), S006 if
                the file cannot be written, S020/S021/S022/S027 if the fetch fails.
        """
        _rdf_format(fmt)
        with GraphStore(self.fetch(), None) as local:
            local.export(dest, fmt)

    def fetch(self) -> ox.Store:
        """The whole dataset, in a pyoxigraph store in memory."""
        held = ox.Store()
        if self.endpoints.dataset is not None:
            response = self._send("GET", self.endpoints.dataset, "the export of the dataset",
                                  headers={"Accept": _DATASET_ACCEPT})
            self._load(held, response, None)
            return held
        for graph in self.named_graphs():
            response = self._send("GET", self.endpoints.data, f"the export of the graph <{graph}>",
                                  params={"graph": graph}, headers={"Accept": _GRAPH_ACCEPT})
            self._load(held, response, ox.NamedNode(graph))
        return held

    def _load(self, held: ox.Store, response: httpx.Response, graph: ox.NamedNode | None) -> None:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        rdf_format = ox.RdfFormat.from_media_type(media)
        try:
            if rdf_format is None:
                raise ValueError(f"the content type is {media or 'missing'!r}")
            if graph is None and not rdf_format.supports_datasets:
                raise ValueError(f"{media} holds no named graphs")
            held.load(response.content, format=rdf_format, to_graph=graph)
        except (SyntaxError, ValueError, OSError) as error:
            raise StoreError(Msg.S027, url=str(response.url), what="an export", expected="RDF",
                             detail=str(error)) from None


def _reason(error: httpx.HTTPError) -> str:
    """Why a request failed, in a few words: the innermost cause (``Connection refused``)."""
    cause: BaseException | None = error
    while cause is not None and cause.__cause__ is not None:
        cause = cause.__cause__
    text = str(cause or error) or type(error).__name__
    match = re.search(r"\[Errno -?\d+\] (.+)$", text)
    return match.group(1) if match else text
