"""A query result as the bytes of an HTTP answer: SPARQL JSON, XML, CSV or TSV, or RDF,
cut to the row and byte caps with a header saying what was cut.

The XML is the SPARQL Query Results XML Format. XML 1.0 cannot hold most control
characters at all, so a literal holding one is written with U+FFFD in its place (the
JSON, CSV and TSV formats keep it).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.errors import Msg, QueryError
from graph.query import QueryResult
from graph.server.protocol import Format

__all__ = ["Body", "rdf_text", "serialize", "to_xml"]

_SPARQL_RESULTS: Final = "http://www.w3.org/2005/sparql-results#"
_XSD_STRING: Final = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RDF_FORMATS: Final = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class Body:
    """What to send: the bytes and the headers saying what was cut, if anything."""

    data: bytes
    headers: tuple[tuple[str, str], ...] = ()


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text))


def _xml_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attribute = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            attribute = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attribute = ""
        return f"<literal{attribute}>{_xml_text(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
        f"</predicate><object>{_xml_term(term.object)}</object></triple>"
    )


def to_xml(result: QueryResult) -> str:
    """The solutions (or the ASK answer) in the SPARQL Query Results XML Format."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{_SPARQL_RESULTS}">', "<head>"]
    if result.boolean is not None:
        lines += ["</head>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines) + "\n"
    lines += [f"<variable name={quoteattr(column)}/>" for column in result.columns]
    lines += ["</head>", "<results>"]
    for row in result.terms:
        bindings = "".join(
            f"<binding name={quoteattr(column)}>{_xml_term(term)}</binding>"
            for column, term in zip(result.columns, row, strict=True)
            if term is not None
        )
        lines.append(f"<result>{bindings}</result>")
    lines += ["</results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def _text(result: QueryResult, fmt: Format) -> str:
    if fmt.kind == "graph":
        return result.to_rdf(fmt.name)
    if fmt.name == "xml":
        return to_xml(result)
    if fmt.name == "csv":
        return result.to_csv()
    if fmt.name == "tsv":
        return result.to_tsv()
    return result.to_json()


def _first(result: QueryResult, n: int) -> QueryResult:
    return result.first(n)


def serialize(result: QueryResult, fmt: Format, *, max_rows: int, max_bytes: int) -> Body:
    """``result`` in ``fmt``, at most ``max_bytes`` long.

    A result collected with ``max_rows`` and truncated, or one too long for
    ``max_bytes``, is cut to its first rows (or triples), still a whole document in its
    format; the headers ``X-Diplograph-Truncated`` (``rows`` or ``bytes``),
    ``X-Diplograph-Rows`` (the rows kept) and ``X-Diplograph-Notice`` (a coded message)
    say so.
    """
    data = _text(result, fmt).encode("utf-8")
    if len(data) <= max_bytes:
        if not result.truncated:
            return Body(data)
        notice = Msg.W012.format(rows=len(result.rows), limit=max_rows)
        return Body(data, _cut_headers("rows", len(result.rows), notice))
    # the largest number of first rows whose document fits
    low, high = 0, len(result.rows) - 1
    best = _text(_first(result, 0), fmt).encode("utf-8")
    while low < high:
        middle = (low + high + 1) // 2
        attempt = _text(_first(result, middle), fmt).encode("utf-8")
        if len(attempt) <= max_bytes:
            low, best = middle, attempt
        else:
            high = middle - 1
    if low == 0 and len(best) > max_bytes:
        best = b""
    notice = Msg.W013.format(rows=low, limit=max_bytes)
    return Body(best, _cut_headers("bytes", low, notice))


def _cut_headers(what: str, rows: int, notice: str) -> tuple[tuple[str, str], ...]:
    return (("X-Diplograph-Truncated", what), ("X-Diplograph-Rows", str(rows)), ("X-Diplograph-Notice", notice))


def rdf_text(turtle: str, fmt: Format) -> bytes:
    """Turtle text (the service description) rewritten in an RDF format of the service."""
    if fmt.name == "turtle":
        return turtle.encode("utf-8")
    triples = [quad.triple for quad in ox.parse(turtle, ox.RdfFormat.TURTLE)]
    out = io.BytesIO()
    ox.serialize(triples, out, _RDF_FORMATS[fmt.name])
    return out.getvalue()


#: The results formats the engine (pyoxigraph) writes itself, by ``format=`` name.
ENGINE_FORMATS: Final = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}


class _TooLong(Exception):
    """An answer outgrew the response's byte cap while the engine wrote it."""


class _CappedBuffer(io.BytesIO):
    """Bytes the engine writes, up to a cap: one byte more and :class:`_TooLong` stops
    the writing (and with it the query)."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def write(self, data: Any, /) -> int:
        if self.tell() + memoryview(data).nbytes > self.cap:
            raise _TooLong
        return super().write(data)


def engine_text(results: Any, fmt: Format, max_bytes: int) -> bytes | None:
    """A SELECT or ASK answer written whole by pyoxigraph in ``fmt`` (one of
    :data:`ENGINE_FORMATS`), or ``None`` when it is not such an answer or is longer than
    ``max_bytes`` (the writing, and the query, stop there).

    Raises:
        QueryError: Q009 when the query fails while it is written.
    """
    if not isinstance(results, (ox.QuerySolutions, ox.QueryBoolean)):
        return None
    buffer = _CappedBuffer(max_bytes)
    try:
        results.serialize(buffer, format=getattr(ox.QueryResultsFormat, ENGINE_FORMATS[fmt.name]))
    except _TooLong:  # raised by the buffer, through the engine's writing
        return None
    except (RuntimeError, OSError, ValueError) as error:
        raise QueryError(Msg.Q009, detail=str(error)) from error
    return buffer.getvalue()
