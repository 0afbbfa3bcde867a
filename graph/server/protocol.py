"""The HTTP side of the SPARQL service, with no heavy import: media types, content
negotiation, status codes, the service description and the list of named queries as HTML.

Content negotiation picks, for the kind of result a query gives, the format the client
prefers by its ``Accept`` header (q-values respected, the most specific range deciding
a format's q), the service's own order breaking ties; a ``format=`` parameter overrides
the header:

>>> negotiate("solutions", "text/csv;q=0.5, application/sparql-results+xml").name
'xml'
>>> negotiate("graph", "*/*").name
'turtle'
>>> negotiate("solutions", "application/json", "tsv").media_type
'text/tab-separated-values'
>>> negotiate("graph", "text/csv")
Traceback (most recent call last):
...
graph.errors.ServeError: [W005] no format satisfies Accept: 'text/csv'; for CONSTRUCT and DESCRIBE \
ask for one of: turtle, ntriples, jsonld (or add format=NAME)
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from graph.errors import DiplographError, Msg, ServeError

__all__ = [
    "FORMATS",
    "Format",
    "kind_of_form",
    "negotiate",
    "parse_accept",
    "queries_html",
    "service_description",
    "status_for",
]


@dataclass(frozen=True)
class Format:
    """A format the service writes.

    Attributes:
        name: its ``format=`` name.
        kind: ``solutions`` (SELECT and ASK) or ``graph`` (CONSTRUCT and DESCRIBE).
        media_type: the ``Content-Type`` it is sent with.
        also: other media types that ask for it.
        w3c: its IRI in ``http://www.w3.org/ns/formats/``.
    """

    name: str
    kind: str
    media_type: str
    also: tuple[str, ...]
    w3c: str

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header: text formats say they are UTF-8."""
        text = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "/json"))
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


#: Every format, by kind, in the service's order of preference.
FORMATS: Final = (
    Format("json", "solutions", "application/sparql-results+json",
           ("application/json", "text/javascript", "application/javascript"), "SPARQL_Results_JSON"),
    Format("xml", "solutions", "application/sparql-results+xml", ("application/xml", "text/xml"),
           "SPARQL_Results_XML"),
    Format("csv", "solutions", "text/csv", (), "SPARQL_Results_CSV"),
    Format("tsv", "solutions", "text/tab-separated-values", (), "SPARQL_Results_TSV"),
    Format("turtle", "graph", "text/turtle", ("application/x-turtle",), "Turtle"),
    Format("ntriples", "graph", "application/n-triples", ("text/plain",), "N-Triples"),
    Format("jsonld", "graph", "application/ld+json", ("application/json",), "JSON-LD"),
)
_ALIASES: Final = {"ttl": "turtle", "nt": "ntriples", "json-ld": "jsonld", "srj": "json", "srx": "xml"}
_KINDS: Final = {"solutions": "SELECT and ASK", "graph": "CONSTRUCT and DESCRIBE"}

_STATUS: Final = {
    "Q001": 404,  # unknown named query
    "Q002": 400,  # syntax, with line and column
    "Q003": 403,  # would reach the network (SERVICE, LOAD, remote FROM)
    "Q004": 400,
    "Q005": 400,  # undeclared parameter
    "Q007": 403,  # an update
    "Q008": 400,
    "Q009": 400,  # evaluation failed on what the query asks
    "Q011": 406,
    "W001": 403,
    "W002": 413,
    "W003": 503,
    "W004": 503,
    "W005": 406,
    "W006": 406,
    "W007": 400,
    "W008": 400,
    "W009": 415,
    "W010": 400,
    "W011": 400,
    "W014": 500,
    "W018": 404,
}


def status_for(error: DiplographError) -> int:
    """The HTTP status of an error: 4xx for what the client can change, 503 for
    what it can wait out, 500 only for the service's own failures."""
    return _STATUS.get(error.code, 500)


def kind_of_form(form: str) -> str:
    """``solutions`` for SELECT and ASK, ``graph`` for CONSTRUCT and DESCRIBE."""
    return "graph" if form in ("CONSTRUCT", "DESCRIBE") else "solutions"


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media range, q), …]`` of an ``Accept`` header; ``*/*`` when there is none.

    >>> parse_accept("text/csv;q=0.4, application/json")
    [('text/csv', 0.4), ('application/json', 1.0)]
    """
    if header is None or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((pieces[0].lower(), q))
    return ranges


def _quality(fmt: Format, ranges: Iterable[tuple[str, float]]) -> float:
    """The q the client gives ``fmt``: that of the most specific range matching it."""
    best: tuple[int, float] = (-1, 0.0)
    main = fmt.media_type.split("/")[0]
    for media_range, q in ranges:
        # other names of a format count when given exactly; wildcards match its own type
        if media_range == fmt.media_type:
            specificity = 3
        elif media_range in fmt.also:
            specificity = 2
        elif media_range == f"{main}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[0]:
            best = (specificity, q)
    return best[1]


def negotiate(kind: str, accept: str | None, fmt: str | None = None) -> Format:
    """The format to answer in.

    Args:
        kind: ``solutions`` or ``graph`` (see :func:`kind_of_form`).
        accept: the ``Accept`` header, or ``None``.
        fmt: the ``format=`` parameter, which wins over the header.

    Raises:
        ServeError: W007 for an unknown ``format=``, W006 for one of the other kind of
            result, W005 when no format satisfies ``Accept``.
    """
    offered = [f for f in FORMATS if f.kind == kind]
    known = ", ".join(f.name for f in offered)
    if fmt is not None:
        name = _ALIASES.get(fmt.lower(), fmt.lower())
        for candidate in FORMATS:
            if candidate.name == name:
                if candidate.kind != kind:
                    raise ServeError(Msg.W006, fmt=fmt, kind=_KINDS[kind], known=known)
                return candidate
        raise ServeError(Msg.W007, fmt=fmt, known=", ".join(f.name for f in FORMATS))
    ranges = parse_accept(accept)
    scored = [(_quality(f, ranges), -i, f) for i, f in enumerate(offered)]
    q, _, best = max(scored, key=lambda item: item[:2])
    if q <= 0:
        raise ServeError(Msg.W005, accept=accept or "", kind=_KINDS[kind], known=known)
    return best


def _iri(text: str) -> str:
    """``text`` as a Turtle IRI reference: the characters Turtle forbids in one escaped."""
    return "".join(c if c > " " and c not in '<>"{}|^`\\' else f"%{ord(c):02X}" for c in text)


def service_description(endpoint: str) -> str:
    """The SPARQL 1.1 Service Description of the endpoint, as Turtle."""
    formats = ", ".join(f"fmt:{f.w3c}" for f in FORMATS)
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix fmt: <http://www.w3.org/ns/formats/> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n\n"
        f"<{_iri(endpoint)}#service> a sd:Service ;\n"
        f"    sd:endpoint <{_iri(endpoint)}> ;\n"
        "    sd:supportedLanguage sd:SPARQL11Query ;\n"
        "    sd:feature sd:UnionDefaultGraph ;\n"
        f"    sd:resultFormat {formats} ;\n"
        "    dcterms:description \"diplograph: leaders, countries, events and positions from diplomatic "
        "readouts. Read-only; one named graph per readout plus shared graphs; the default graph is "
        "their union.\" ;\n"
        "    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .\n"
    )


_PAGE: Final = (
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
    "<style>body{{font-family:sans-serif;margin:2em;max-width:60em}}td,th{{text-align:left;"
    "vertical-align:top;padding:.3em .6em}}code{{background:#eee}}</style></head>\n<body>\n{body}\n</body></html>\n"
)


def queries_html(queries: Iterable[Mapping[str, object]]) -> str:
    """The named queries as an HTML table (every value escaped, no external asset).

    ``queries`` are the dicts of ``GET /queries`` as JSON: name, answers, url, params.
    """
    rows = []
    for query in queries:
        params = query.get("params")
        items = []
        if isinstance(params, list):
            for param in params:
                if isinstance(param, Mapping):
                    items.append(f"<li><code>{html.escape(str(param.get('name')))}</code>: "
                                 f"{html.escape(str(param.get('help')))}</li>")
        name = html.escape(str(query.get("name")))
        url = html.escape(str(query.get("url")), quote=True)
        rows.append(
            f"<tr><td><a href=\"{url}\"><code>{name}</code></a></td>"
            f"<td>{html.escape(str(query.get('answers')))}</td>"
            f"<td><ul>{''.join(items)}</ul></td></tr>"
        )
    body = (
        "<h1>Named queries</h1>\n<p>Run one as <code>/queries/NAME?param=value&amp;format=csv</code>; "
        "parameters are bound as values, never pasted into the query.</p>\n"
        "<table>\n<tr><th>name</th><th>answers</th><th>parameters</th></tr>\n" + "\n".join(rows) + "\n</table>"
    )
    return _PAGE.format(title="diplograph named queries", body=body)
