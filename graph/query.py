"""Named queries (``graph/queries/*.rq``) and ad-hoc SPARQL, run with bound parameters.

Each ``.rq`` file starts with a comment header::

    # name: positions
    # answers: What did each leader say (act, addressee, topics, quote), …?
    # params: ?doc (a document id; every document when not given)
    #         ?speakerWikidata (a speaker's Wikidata QID, e.g. "Q7747"; …)

Parameters are bound with pyoxigraph *substitutions*, never written into the query
text, so no value can change what a query means. A string value becomes a plain
literal, a Python ``int``/``float``/``bool`` a typed literal, and a string written
``<https://…>`` an IRI. A parameter the query does not declare is an error.

Queries only read, and only the local store: :func:`check_query_safe` refuses
``SERVICE``, ``LOAD``, any update, and ``FROM`` a graph the store does not hold,
because Oxigraph would otherwise reach the network.

Example:

>>> from rdflib import Literal, URIRef
>>> from graph.store import ENTITIES_GRAPH, GraphStore
>>> store = GraphStore.open()  # in memory
>>> putin = URIRef("https://w3id.org/diplograph/id/leader/Q7747")
>>> store.add_to_graph(ENTITIES_GRAPH, [
...     (putin, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
...      URIRef("https://w3id.org/diplograph/ontology#Leader")),
...     (putin, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Vladimir Putin", lang="en")),
...     (putin, URIRef("https://w3id.org/diplograph/ontology#wikidataId"), Literal("Q7747")),
... ])
>>> result = run_query(
...     store,
...     "SELECT ?leader ?qid WHERE { ?leader a dg:Leader ; dg:wikidataId ?qid }",
...     params={"qid": "Q7747"},
... )
>>> result.columns
['leader', 'qid']
>>> result.rows
[{'leader': 'https://w3id.org/diplograph/id/leader/Q7747', 'qid': 'Q7747'}]
>>> result.to_csv().splitlines()
['leader,qid', 'https://w3id.org/diplograph/id/leader/Q7747,Q7747']
>>> sorted(named_queries())[:3]
['calls', 'cooccurrence', 'events']
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import islice
from json.encoder import encode_basestring as _encode_string  # what json.dumps(ensure_ascii=False) uses
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TextIO, TypeAlias

import pyoxigraph as ox

from graph.errors import Msg, QueryError
from graph.resources import queries_dir
from graph.sparql_text import has_lone_surrogate, is_absolute_iri, is_empty, scan, syntax_problem
from graph.store import PREFIXES, OxTerm
from graph.store_base import QueryResults, Store

if TYPE_CHECKING:
    import pandas
    from rich.table import Table

__all__ = [
    "GRAPH_FORMATS",
    "OUTPUT_FORMATS",
    "NamedQuery",
    "ParamValue",
    "QueryResult",
    "check_query_safe",
    "named_queries",
    "query_form",
    "query_results",
    "run_query",
]

ParamValue: TypeAlias = str | int | float | bool | OxTerm

#: Formats :meth:`QueryResult.render` writes for the solutions of SELECT and ASK.
OUTPUT_FORMATS: Final = ("table", "json", "csv", "tsv")
#: Formats :meth:`QueryResult.render` writes for the triples of CONSTRUCT and DESCRIBE.
GRAPH_FORMATS: Final = ("turtle", "ntriples", "jsonld")
_RDF_FORMATS: Final = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
}

_XSD: Final = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING: Final = _XSD + "string"
_RDF_LANG_STRING: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER_TYPES: Final = frozenset(
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "nonPositiveInteger",
        "positiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
    )
)
_FLOAT_TYPES: Final = frozenset(_XSD + name for name in ("double", "float"))
_DECIMAL_TYPE: Final = _XSD + "decimal"
_BOOLEAN_TYPE: Final = _XSD + "boolean"

# Update operations, by rdflib's parse-tree name, as the user wrote them.
_UPDATE_FEATURES: Final = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}
_NAME_LIKE: Final = re.compile(r"^[A-Za-z][\w-]*$")
_HEADER_FIELD: Final = re.compile(r"^#\s*(name|answers|params)\s*:\s*(.*?)\s*$")
_PARAM: Final = re.compile(r"\?(\w+)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)")


# -- named queries -----------------------------------------------------------------


class NamedQuery(NamedTuple):
    """A query shipped as a ``.rq`` file.

    Attributes:
        name: the name it is run by (the file stem).
        answers: the question it answers, in one sentence.
        params: ``(name, help)`` for each parameter, names without ``?``.
        sparql: the query text, header included (it is made of SPARQL comments).
        path: the file it was read from.
    """

    name: str
    answers: str
    params: tuple[tuple[str, str], ...]
    sparql: str
    path: Path

    @property
    def param_names(self) -> tuple[str, ...]:
        """The parameter names, without ``?``."""
        return tuple(name for name, _ in self.params)


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """The named queries, by name, read from their ``.rq`` headers.

    Args:
        folder: where to look; the package's ``queries`` folder by default.

    Raises:
        QueryError: Q006 for a file whose header is missing or malformed.
    """
    return dict(_load_named_queries(folder or queries_dir()))


@lru_cache(maxsize=8)
def _load_named_queries(folder: Path) -> tuple[tuple[str, NamedQuery], ...]:
    queries = [_read_named_query(path) for path in sorted(folder.glob("*.rq"))]
    return tuple((query.name, query) for query in queries)


def _read_named_query(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(Msg.Q006, path=path, detail=str(error)) from error
    fields: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_FIELD.match(line)
        if match:
            last = match.group(1)
            fields[last] = match.group(2)
        elif last == "params" and line[1:].strip().startswith("?"):
            # A further parameter on its own comment line.
            fields["params"] += " " + line[1:].strip()
        else:
            last = None
    missing = [key for key in ("name", "answers", "params") if not fields.get(key)]
    if missing:
        raise QueryError(
            Msg.Q006,
            path=path,
            detail=f"the header lacks '# {missing[0]}: …' (name, answers and params are required)",
        )
    if fields["name"] != path.stem:
        raise QueryError(
            Msg.Q006, path=path, detail=f"'# name: {fields['name']}' differs from the file name {path.stem!r}"
        )
    params: tuple[tuple[str, str], ...] = ()
    if fields["params"].lower() != "none":
        params = tuple((name, help_.strip()) for name, help_ in _PARAM.findall(fields["params"]))
        if not params:
            raise QueryError(
                Msg.Q006, path=path, detail="'# params:' is neither 'none' nor a list of '?name (what it is)'"
            )
    return NamedQuery(name=fields["name"], answers=fields["answers"], params=params, sparql=text, path=path)


# -- safety --------------------------------------------------------------------------
#
# A query is checked in one of two ways. The quick way reads the text with a lexer
# (graph.sparql_text.scan: strings, comments, IRIs, prefixed names and variables are
# skipped whole) and has Oxigraph parse it: a text in which no word could start a
# SERVICE, a FROM or an update, and that Oxigraph parses as a query, is safe. Any
# other text (those words, a syntax error) is parsed with rdflib's SPARQL grammar,
# which says exactly what is refused and where a text goes wrong. rdflib's parser is
# slow to import and to run, and most queries never need it.

# Words that can only start a part of a query that is refused (or of an update), in
# a text Oxigraph parses.
_UNSAFE_WORDS: Final = frozenset(
    {"SERVICE", "FROM", "LOAD", "INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)
_QUICK_FORMS: Final = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
# An empty store: Oxigraph parses a query there, and evaluates nothing (solutions and
# triples are computed as they are read; an ASK on an empty store has nothing to read).
_EMPTY: Final = ox.Store()


class _Quick(NamedTuple):
    form: str
    variables: frozenset[str]


@lru_cache(maxsize=256)
def _quick(sparql: str) -> _Quick | None:
    """The form and variables of a query that is safe on sight, else ``None``."""
    if is_empty(sparql) or has_lone_surrogate(sparql):
        return None
    found = scan(sparql)
    if found.form not in _QUICK_FORMS or found.words & _UNSAFE_WORDS:
        return None
    try:
        _EMPTY.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
    except (SyntaxError, ValueError, RuntimeError, OSError):
        return None
    return _Quick(found.form, found.variables)


@lru_cache(maxsize=256)
def _parse(sparql: str) -> tuple[str, Any]:
    """Parse with rdflib's SPARQL grammar: ``("query", tree)`` or ``("update", tree)``.

    Raises:
        QueryError: Q002 with the line, the column and what is wrong there.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if is_empty(sparql) or has_lone_surrogate(sparql):
        # rdflib reads an empty text as an empty update, and a lone surrogate as text
        raise QueryError(Msg.Q002, detail=syntax_problem(sparql, known_prefixes=PREFIXES).detail)
    try:
        return "query", parseQuery(sparql)
    except ParseBaseException as query_error:
        try:
            return "update", parseUpdate(sparql)
        except ParseBaseException:
            # Report where the text stops being a query, the likelier intent.
            problem = syntax_problem(
                sparql,
                known_prefixes=PREFIXES,
                parser_message=str(query_error.msg),
                line=query_error.lineno,
                column=query_error.col,
            )
            raise QueryError(Msg.Q002, detail=problem.detail) from None


_FORMS: Final = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def query_form(sparql: str) -> str:
    """The form of a query: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; ``UPDATE``
    for an update (which :func:`check_query_safe` refuses).

    >>> query_form("ASK { ?s ?p ?o }")
    'ASK'

    Raises:
        QueryError: Q002 if the text is not SPARQL.
    """
    quick = _quick(sparql)
    if quick is not None:
        return quick.form
    kind, tree = _parse(sparql)
    if kind == "update":
        return "UPDATE"
    return _FORMS.get(tree[1].name, "SELECT")


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib parse tree, depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, CompValue):
            # dict.values: CompValue.__getitem__ would resolve variables.
            stack.extend(dict.values(current))
        elif isinstance(current, (list, tuple, ParseResults)):
            stack.extend(current)


def check_query_safe(sparql: str, *, store: Store | None = None) -> None:
    """Refuse a query that would reach the network or change the store.

    The query is read as SPARQL (not searched as text: ``"SERVICE"`` in a string
    literal is fine) and refused if it contains ``SERVICE``, is an update (``LOAD``
    included), or names in ``FROM``/``FROM NAMED`` a graph that is not in ``store``.

    Args:
        sparql: the query text.
        store: the store the query will run on; without one, any ``FROM`` is refused.

    Raises:
        QueryError: Q002 if the text is not SPARQL (with the line and column), Q003
            for network access, Q007 for an update.
    """
    if _quick(sparql) is not None:
        return
    from rdflib.plugins.sparql.parserutils import CompValue

    kind, tree = _parse(sparql)
    if kind == "update":
        operations = [n.name for n in _walk(tree) if isinstance(n, CompValue) and n.name in _UPDATE_FEATURES]
        if "Load" in operations:
            raise QueryError(Msg.Q003, feature="LOAD")
        raise QueryError(Msg.Q007, feature=_UPDATE_FEATURES[operations[0]] if operations else "an update")
    prefixes = dict(PREFIXES)
    base: str | None = None
    for node in _walk(tree[0]):
        if isinstance(node, CompValue) and node.name == "PrefixDecl":
            prefixes[str(dict.get(node, "prefix", ""))] = str(dict.get(node, "iri"))
        elif isinstance(node, CompValue) and node.name == "Base":
            base = str(dict.get(node, "iri"))
    for node in _walk(tree[1]):
        if not isinstance(node, CompValue):
            continue
        if node.name == "ServiceGraphPattern":
            target = dict.get(node, "term")
            raise QueryError(Msg.Q003, feature=f"SERVICE {_show(target, prefixes)}")
        if node.name == "DatasetClause":
            for key, keyword in (("default", "FROM"), ("named", "FROM NAMED")):
                if key in node:
                    iri = _resolve(dict.get(node, key), prefixes, base)
                    if iri is not None and not is_absolute_iri(iri):
                        # relative, with no BASE to resolve it: Oxigraph would refuse it
                        problem = syntax_problem(sparql, known_prefixes=PREFIXES)
                        raise QueryError(Msg.Q002, detail=problem.detail)
                    if store is None or iri is None or not store.has_graph(iri):
                        shown = f"<{iri}>" if iri else _show(dict.get(node, key), prefixes)
                        raise QueryError(Msg.Q003, feature=f"{keyword} {shown} (not a graph in the store)")


def _has_dataset(sparql: str) -> bool:
    """Whether the query names its dataset (``FROM``, ``FROM NAMED``)."""
    if _quick(sparql) is not None:
        return False  # no FROM in it
    from rdflib.plugins.sparql.parserutils import CompValue

    _, tree = _parse(sparql)
    return any(isinstance(n, CompValue) and n.name == "DatasetClause" for n in _walk(tree[1]))


def _resolve(term: Any, prefixes: Mapping[str, str], base: str | None = None) -> str | None:
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    if isinstance(term, URIRef):
        iri = str(term)
        from urllib.parse import urljoin

        return urljoin(base, iri) if base and not is_absolute_iri(iri) else iri
    if isinstance(term, CompValue) and term.name == "pname":
        base = prefixes.get(str(dict.get(term, "prefix") or ""))
        if base is None:
            return None
        local = str(dict.get(term, "localname") or "")
        return base + re.sub(r"\\(.)", r"\1", local)
    return None


def _show(term: Any, prefixes: Mapping[str, str]) -> str:
    from rdflib.term import Variable

    if isinstance(term, Variable):
        return f"?{term}"
    iri = _resolve(term, prefixes)
    return f"<{iri}>" if iri else str(term)


def _variables(sparql: str) -> set[str]:
    quick = _quick(sparql)
    if quick is not None:
        return set(quick.variables)
    from rdflib.term import Variable

    _, tree = _parse(sparql)
    return {str(node) for node in _walk(tree) if isinstance(node, Variable)}


# -- results -------------------------------------------------------------------------


class _Unset:
    """The value of ``QueryResult.rows`` before they are made from the terms."""

    def __repr__(self) -> str:
        return "<made from the terms>"


_FROM_TERMS: Final = _Unset()


class _RowsFromTerms:
    """``QueryResult.rows``: made from ``terms`` when first read, unless given.

    Converting every term to a Python value costs about as much as a fast query, and
    much of what reads a result (a server's answer, CSV, TSV, JSON) reads the terms.
    """

    def __get__(self, result: QueryResult | None, owner: type | None = None) -> Any:
        if result is None:
            return _FROM_TERMS  # the field's default
        rows = result.__dict__.get("_rows", _FROM_TERMS)
        if rows is _FROM_TERMS:
            rows = [{column: _python(term) for column, term in zip(result.columns, row, strict=True)}
                    for row in result.terms]
            result.__dict__["_rows"] = rows
        return rows

    def __set__(self, result: QueryResult, rows: list[dict[str, Any]] | _Unset) -> None:
        result.__dict__["_rows"] = rows


class QueryResult:
    """The result of a query, as plain Python values and as RDF terms.

    Attributes:
        columns: the variable names, in the query's order (for CONSTRUCT and DESCRIBE:
            ``subject``, ``predicate``, ``object``; for ASK: ``boolean``).
        rows: one dict per solution, column -> ``str``/``int``/``float``/``bool`` or
            ``None`` when unbound. IRIs are plain strings, blank nodes ``_:id``,
            other literals their lexical form (dates stay ISO strings). Made from
            ``terms`` when first read, unless given.
        terms: the same solutions as pyoxigraph terms, for exact serializations.
        boolean: the answer of an ASK query, else ``None``.
        is_graph: whether the result is the triples of a CONSTRUCT or DESCRIBE query,
            written as RDF (:data:`GRAPH_FORMATS`) rather than as a table.
        truncated: whether the query had more solutions (or triples) than the
            ``max_rows`` they were collected with, so ``rows`` holds the first ones only.
    """

    # A plain class rather than a dataclass: ``dataclasses`` imports ``inspect``, which
    # costs a command line's query more than the query does.
    rows = _RowsFromTerms()

    def __init__(
        self,
        columns: list[str],
        rows: list[dict[str, Any]] | _Unset = _FROM_TERMS,
        terms: list[tuple[OxTerm | ox.Triple | None, ...]] | None = None,
        boolean: bool | None = None,
        is_graph: bool = False,
        truncated: bool = False,
    ) -> None:
        self.columns = columns
        self.rows = rows
        self.terms = [] if terms is None else terms
        self.boolean = boolean
        self.is_graph = is_graph
        self.truncated = truncated

    def __repr__(self) -> str:
        rows = self.__dict__.get("_rows", _FROM_TERMS)
        return (f"QueryResult(columns={self.columns!r}, rows={rows!r}, boolean={self.boolean!r},"
                f" is_graph={self.is_graph!r}, truncated={self.truncated!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        return (self.columns, self.rows, self.terms, self.boolean, self.is_graph, self.truncated) == (
            other.columns, other.rows, other.terms, other.boolean, other.is_graph, other.truncated)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass's is

    @classmethod
    def from_oxigraph(
        cls, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, *, max_rows: int | None = None
    ) -> QueryResult:
        """Collect a pyoxigraph result: every solution, or the first ``max_rows``
        (the rest are never computed, and ``truncated`` says whether there were more)."""
        if isinstance(result, ox.QueryBoolean):
            answer = bool(result)
            return cls(columns=["boolean"], rows=[{"boolean": answer}], terms=[(ox.Literal(answer),)], boolean=answer)
        if isinstance(result, ox.QueryTriples):
            columns = ["subject", "predicate", "object"]
            terms: list[tuple[OxTerm | ox.Triple | None, ...]] = [
                (t.subject, t.predicate, t.object) for t in islice(result, _stop(max_rows))
            ]
        else:
            columns = [variable.value for variable in result.variables]
            terms = [tuple(solution) for solution in islice(result, _stop(max_rows))]
        truncated = max_rows is not None and len(terms) > max_rows
        if truncated:
            del terms[max_rows:]
        return cls(columns=columns, terms=terms, is_graph=isinstance(result, ox.QueryTriples), truncated=truncated)

    def first(self, n: int) -> QueryResult:
        """The same result with its first ``n`` rows only (rows not yet made from the
        terms are not made)."""
        rows = self.__dict__.get("_rows", _FROM_TERMS)
        return QueryResult(self.columns, rows if isinstance(rows, _Unset) else rows[:n], self.terms[:n],
                           self.boolean, self.is_graph, self.truncated)

    def __len__(self) -> int:
        rows = self.__dict__.get("_rows", _FROM_TERMS)
        return len(self.terms) if rows is _FROM_TERMS else len(rows)

    def to_json(self) -> str:
        """The result in the SPARQL 1.1 Query Results JSON Format (W3C)."""
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean})
        # Written piece by piece, as json.dumps would write the whole document: each
        # distinct term once (rows repeat speakers, concepts, documents), with the
        # encoder's own string escaping.
        keys = [_json_string(column) + ": " for column in self.columns]
        written: dict[OxTerm | ox.Triple, str] = {}
        bindings = []
        for row in self.terms:
            parts = []
            for key, term in zip(keys, row, strict=True):
                if term is None:
                    continue
                text = written.get(term)
                if text is None:
                    text = written[term] = _json_term_text(term)
                parts.append(key + text)
            bindings.append("{" + ", ".join(parts) + "}")
        head = json.dumps({"vars": self.columns}, ensure_ascii=False)
        return '{"head": ' + head + ', "results": {"bindings": [' + ", ".join(bindings) + "]}}"

    def to_csv(self) -> str:
        """The result in the SPARQL 1.1 CSV format: a header row, then plain values."""
        out = io.StringIO()
        import csv

        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.terms:
            writer.writerow(["" if term is None else _plain(term) for term in row])
        return out.getvalue()

    def to_tsv(self) -> str:
        """The result in the SPARQL 1.1 TSV format: ``?var`` headers, terms in N-Triples syntax."""
        lines = ["\t".join(f"?{column}" for column in self.columns)]
        lines += ["\t".join("" if term is None else str(term) for term in row) for row in self.terms]
        return "\n".join(lines) + "\n"

    def to_table(self, title: str | None = None) -> Table:
        """The result as a rich ``Table``, for a terminal."""
        from rich.table import Table

        table = Table(title=title)
        for column in self.columns:
            table.add_column(column, overflow="fold")
        for row in self.rows:
            table.add_row(*("" if row[column] is None else str(row[column]) for column in self.columns))
        return table

    def to_dataframe(self) -> pandas.DataFrame:
        """The result as a pandas ``DataFrame`` (pandas is imported here, on demand).

        Raises:
            QueryError: Q010 if pandas is not installed.
        """
        try:
            import pandas
        except ImportError as error:
            raise QueryError(Msg.Q010) from error
        return pandas.DataFrame(self.rows, columns=self.columns)

    def to_rdf(self, fmt: str = "turtle") -> str:
        """The triples of a CONSTRUCT or DESCRIBE result as Turtle, N-Triples or JSON-LD.

        Turtle and JSON-LD declare the prefixes of :data:`graph.store.PREFIXES` that the
        triples use.

        Raises:
            QueryError: Q011 for a result that is not a graph, Q004 for an unknown format.
        """
        self._check_format(fmt.lower())
        triples = [
            ox.Triple(s, p, o)
            for s, p, o in self.terms
            if isinstance(s, (ox.NamedNode, ox.BlankNode, ox.Triple)) and isinstance(p, ox.NamedNode) and o is not None
        ]
        out = io.BytesIO()
        ox.serialize(triples, out, _RDF_FORMATS[fmt.lower()], prefixes=_used_prefixes(triples))
        return out.getvalue().decode("utf-8")

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats this result can be written in; the first is the default."""
        return GRAPH_FORMATS if self.is_graph else OUTPUT_FORMATS

    def _check_format(self, fmt: str) -> None:
        fits_graph = fmt in _RDF_FORMATS
        if fits_graph == self.is_graph and (fits_graph or fmt in OUTPUT_FORMATS):
            return
        if fits_graph or fmt in OUTPUT_FORMATS:
            if self.is_graph:
                kind = "a CONSTRUCT or DESCRIBE query"
            else:
                kind = "an ASK query" if self.boolean is not None else "a SELECT query"
            raise QueryError(Msg.Q011, kind=kind, fmt=fmt, known=", ".join(self.formats))
        raise QueryError(Msg.Q004, fmt=fmt, known=", ".join(self.formats))

    def render(self, fmt: str | None = None) -> str:
        """The result as text, as :meth:`write` writes it.

        Raises:
            QueryError: as :meth:`write`.
        """
        out = io.StringIO()
        self.write(out, fmt)
        return out.getvalue()

    def write(self, stream: TextIO, fmt: str | None = None) -> None:
        """Write the result to a text stream, in one of :attr:`formats`.

        Solutions (SELECT) are written as a table (``table``, the default; as wide as the
        terminal when ``stream`` is one, with colours), SPARQL 1.1 ``json``, ``csv`` or
        ``tsv``. The answer of an ASK query is ``true`` or ``false`` as a table, and a
        SPARQL boolean in the other formats. The triples of CONSTRUCT and DESCRIBE are
        written as RDF: ``turtle`` (the default), ``ntriples`` or ``jsonld``.

        Args:
            stream: where to write, e.g. ``sys.stdout``.
            fmt: the format; ``None`` for the default of this kind of result.

        Raises:
            QueryError: Q004 for an unknown format, Q011 for a format of the other kind
                of result (a table format for triples, an RDF format for solutions).
        """
        fmt = (fmt or self.formats[0]).lower()
        self._check_format(fmt)
        if self.is_graph:
            text = self.to_rdf(fmt)
        elif fmt == "json":
            text = self.to_json()
        elif fmt == "csv":
            text = self.to_csv()
        elif fmt == "tsv":
            text = self.to_tsv()
        elif self.boolean is not None:
            text = "true" if self.boolean else "false"
        else:
            from rich.console import Console

            terminal = stream.isatty()
            console = Console(file=stream, width=None if terminal else 200, color_system="auto" if terminal else None)
            console.print(self.to_table())
            return
        stream.write(text if text.endswith("\n") else text + "\n")


def _stop(max_rows: int | None) -> int | None:
    """How many items to read to know whether there are more than ``max_rows``."""
    return None if max_rows is None else max_rows + 1


def _used_prefixes(triples: Sequence[ox.Triple]) -> dict[str, str]:
    """The prefixes of :data:`PREFIXES` whose namespace starts an IRI of ``triples``."""
    iris: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {name: ns for name, ns in PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}


def _python(term: OxTerm | ox.Triple | None) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype == _BOOLEAN_TYPE:
                if term.value in ("true", "1"):
                    return True
                if term.value in ("false", "0"):
                    return False
            elif datatype in _INTEGER_TYPES:
                return int(term.value)
            elif datatype in _FLOAT_TYPES:
                return float(term.value)
            elif datatype == _DECIMAL_TYPE:
                from decimal import Decimal, InvalidOperation

                try:
                    return float(Decimal(term.value))
                except InvalidOperation:
                    return term.value  # an ill-typed literal keeps its text
        except ValueError:
            pass  # an ill-typed literal keeps its text
        return term.value
    return str(term)  # a quoted triple


def _plain(term: OxTerm | ox.Triple) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _json_term_text(term: OxTerm | ox.Triple) -> str:
    """``json.dumps(_json_term(term), ensure_ascii=False)``, faster for IRIs and literals."""
    if isinstance(term, ox.NamedNode):
        return '{"type": "uri", "value": ' + _encode_string(term.value) + "}"
    if isinstance(term, ox.Literal):
        text = '{"type": "literal", "value": ' + _encode_string(term.value)
        language = term.language
        if language:
            return text + ', "xml:lang": ' + _encode_string(language) + "}"
        datatype = term.datatype.value
        if datatype not in (_XSD_STRING, _RDF_LANG_STRING):
            return text + ', "datatype": ' + _encode_string(datatype) + "}"
        return text + "}"
    return json.dumps(_json_term(term), ensure_ascii=False)


def _json_term(term: OxTerm | ox.Triple) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


# -- running -------------------------------------------------------------------------


def run_query(
    store: Store,
    sparql_or_name: str | None = None,
    *,
    name: str | None = None,
    params: Mapping[str, ParamValue] | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Run a named query or a SPARQL query on the store.

    Args:
        store: the store to query (the union of its graphs is the default graph).
        sparql_or_name: SPARQL text, or the name of a named query.
        name: the name of a named query (instead of ``sparql_or_name``).
        params: parameter values by name (``"doc"`` or ``"?doc"``). ``str`` gives a
            plain literal, ``"<https://…>"`` an IRI, ``int``/``float``/``bool`` a typed
            literal; pyoxigraph terms pass through.
        max_rows: collect at most this many solutions (or triples); the query stops
            there and the result says it was ``truncated``.

    Returns:
        The collected result.

    Raises:
        QueryError: Q001 for an unknown name, Q002 for a syntax error, Q003/Q007 for
            a refused query, Q005 for an undeclared parameter, Q008 for a malformed
            IRI value, Q014 for text with an unpaired surrogate (no literal can hold
            it), Q009 if the query fails while running.
    """
    results = query_results(store, sparql_or_name, name=name, params=params)
    try:
        # solutions are computed as they are read: evaluation errors come from here too
        return QueryResult.from_oxigraph(results, max_rows=max_rows)
    except (RuntimeError, OSError, ValueError) as error:
        raise QueryError(Msg.Q009, detail=str(error)) from error


def query_results(
    store: Store,
    sparql_or_name: str | None = None,
    *,
    name: str | None = None,
    params: Mapping[str, ParamValue] | None = None,
) -> QueryResults:
    """What :func:`run_query` collects: the store's own results, computed as they are
    read (pyoxigraph's, for an embedded store), after the same checks and with the
    parameters bound the same way. For writing a whole answer in a results format
    without making Python values of it (``results.serialize(…)``); an error of the
    evaluation comes while reading, as the ``RuntimeError``/``OSError`` that
    :func:`run_query` turns into Q009.

    Raises:
        QueryError: as :func:`run_query`, but for Q009.
    """
    text = name if name is not None else sparql_or_name
    if text is None or (name is not None and sparql_or_name is not None):
        raise TypeError("run_query() takes either a query (or its name) or name=, not both or neither")
    query_name, sparql, declared = _resolve_query(text)
    check_query_safe(sparql, store=store)
    bindings: dict[str, OxTerm] = {}
    for key, value in (params or {}).items():
        param = key.lstrip("?$")
        if param not in declared:
            raise QueryError(
                Msg.Q005, name=param, query=query_name, known=", ".join(sorted(declared)) or "none"
            )
        bindings[param] = _to_term(param, value)
    try:
        return store.query(sparql, bindings=bindings, use_query_dataset=_has_dataset(sparql))
    except (RuntimeError, OSError, ValueError) as error:
        raise QueryError(Msg.Q009, detail=str(error)) from error


def _resolve_query(text: str) -> tuple[str, str, Sequence[str]]:
    """``(name, sparql, parameter names)`` for a query name or SPARQL text."""
    known = named_queries()
    if text in known:
        query = known[text]
        return query.name, query.sparql, query.param_names
    if _NAME_LIKE.match(text):
        raise QueryError(Msg.Q001, name=text, known=", ".join(sorted(known)))
    return "(ad hoc)", text, sorted(_variables(text))


def _to_term(name: str, value: ParamValue) -> OxTerm:
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    if isinstance(value, (bool, int, float)):
        return ox.Literal(value)
    text = str(value)
    if len(text) > 2 and text.startswith("<") and text.endswith(">"):
        try:
            return ox.NamedNode(text[1:-1])
        except ValueError as error:
            raise QueryError(Msg.Q008, name=name, value=text, detail=str(error)) from error
    try:
        return ox.Literal(text)
    except ValueError as error:  # a lone surrogate: not Unicode text, no literal holds it
        raise QueryError(Msg.Q014, name=name, value=text, detail=str(error)) from error
