"""The remote store without a SPARQL server: URLs, bound parameters, failures as coded errors.

The binding of parameters is checked against the embedded store: a query whose values
are bound by a ``VALUES`` block (what a remote store sends) must give the rows the same
query gives with pyoxigraph's substitutions, whatever the values hold.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.errors import QueryError, StoreError
from graph.query import named_queries
from graph.store import GraphStore
from graph.store_base import is_store_url, open_store
from graph.store_remote import Endpoints, RemoteStore, bind_values

EX = "http://example.org/"


# -- URLs --------------------------------------------------------------------------------


def test_endpoints_are_derived_for_oxigraph_fuseki_and_graphdb() -> None:
    oxigraph = Endpoints.derive("http://127.0.0.1:7878/")
    assert (oxigraph.query, oxigraph.update, oxigraph.data, oxigraph.dataset, oxigraph.union) == (
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store",
        "http://127.0.0.1:7878/store", "union-default-graph",
    )
    fuseki = Endpoints.derive("http://localhost:3030/ds")
    assert (fuseki.query, fuseki.update, fuseki.data, fuseki.dataset, fuseki.union) == (
        "http://localhost:3030/ds/query", "http://localhost:3030/ds/update", "http://localhost:3030/ds/data",
        "http://localhost:3030/ds", "default-graph-uri",
    )
    graphdb = Endpoints.derive("https://db.example.org/graphdb/repositories/readouts/")
    base = "https://db.example.org/graphdb/repositories/readouts"
    assert (graphdb.query, graphdb.update, graphdb.data, graphdb.dataset, graphdb.union) == (
        base, f"{base}/statements", f"{base}/rdf-graphs/service", f"{base}/statements", "server",
    )


def test_a_fragment_sets_the_union_mode_and_the_timeout() -> None:
    endpoints = Endpoints.derive("http://localhost:3030/ds#union=server&timeout=2.5")
    assert (endpoints.union, endpoints.timeout, endpoints.query) == ("server", 2.5, "http://localhost:3030/ds/query")


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://localhost/ds", "S026"),
        ("http:///ds", "S026"),
        ("http://localhost:99999/", "S026"),
        ("http://localhost:3030/ds?x=1", "S026"),
        ("http://localhost:3030/ds#union=guess", "S029"),
        ("http://localhost:3030/ds#retries=3", "S029"),
        ("http://localhost:3030/ds#timeout=0", "S026"),
    ],
)
def test_a_bad_store_url_is_a_coded_error(url: str, code: str) -> None:
    with pytest.raises(StoreError) as info:
        Endpoints.derive(url)
    assert info.value.code == code
    assert url.split("#")[0] in str(info.value) or code == "S029"


def test_a_url_is_told_from_a_folder() -> None:
    assert is_store_url("http://localhost:7878") and is_store_url("https://x.org/ds")
    assert not is_store_url("out/store") and not is_store_url("C:\\data\\store") and not is_store_url(None)


# -- binding parameters ------------------------------------------------------------------

HOSTILE = [
    'x" } ; DROP ALL ; #',
    "x' } } INSERT DATA { <http://evil/> <http://evil/> 1 }",
    '"""',
    "'''",
    "a\\",
    "\\u0022 } #",
    "\\\\u0022",
    "line\nbreak\r\nand\ttab",
    "# not a comment\n}",
    "}",
    "{",
    "<http://example.org/s>",
    "?o",
    "VALUES ?o { 1 }",
    "",
    " ",
    "\x00\x01\x1f",
    "é 中文 🙂 \u200b",
    "\u2028\u2029",
]


def _random_text(rng: random.Random) -> str:
    alphabet = '"\'\\{}()<>#?$;.,: \n\r\tabcAZ09_-^@éß中🙂\x00\x7f'
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))


def _values() -> list[ox.Literal | ox.NamedNode]:
    rng = random.Random(20260417)
    texts = HOSTILE + [_random_text(rng) for _ in range(200)]
    values: list[ox.Literal | ox.NamedNode] = [ox.Literal(text) for text in texts]
    values += [ox.Literal(text, language="en") for text in texts[:40]]
    values += [ox.Literal(text, datatype=ox.NamedNode(EX + "type")) for text in texts[:40]]
    values += [ox.Literal(3), ox.Literal(2.5), ox.Literal(True), ox.Literal("2020-01-01", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#date"))]
    values += [ox.NamedNode(EX + "s%22%7D?q=a&b#frag"), ox.NamedNode("urn:x:{y}".replace("{", "%7B").replace(
        "}", "%7D")), ox.NamedNode(EX + "é")]
    return values


VALUES = _values()


@pytest.fixture(scope="module")
def hostile_store() -> Iterator[GraphStore]:
    """Each value once, as the object of a triple in a graph of its own."""
    with GraphStore.open() as store:
        for i, value in enumerate(VALUES):
            store.add_to_graph(f"{EX}g{i % 7}", [(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), value)])
            store.add_to_graph(EX + "other", [(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "q"), ox.Literal(i))])
        yield store


# Queries of every shape a binding can meet: OPTIONAL, aggregates, FILTER NOT EXISTS,
# MINUS, a subquery alone in the WHERE group, GRAPH, UNION, ASK, CONSTRUCT, braces and
# keywords inside strings, IRIs and comments.
SHAPES = [
    "SELECT ?s ?v WHERE { ?s <http://example.org/p> ?v }",
    "SELECT ?s ?v WHERE { ?s <http://example.org/q> ?n OPTIONAL { ?s <http://example.org/p> ?v } }",
    "SELECT (COUNT(*) AS ?n) ?v WHERE { ?s <http://example.org/q> ?i OPTIONAL { ?s <http://example.org/p> ?v } }"
    " GROUP BY ?v",
    "SELECT ?s ?v WHERE { ?s <http://example.org/q> ?i FILTER NOT EXISTS { ?s <http://example.org/p> ?v } }",
    "SELECT ?s ?v WHERE { ?s <http://example.org/q> ?i MINUS { ?s <http://example.org/p> ?v } }",
    "SELECT * WHERE { { SELECT ?s ?v WHERE { ?s <http://example.org/p> ?v } } }",
    "SELECT ?s ?v ?g WHERE { GRAPH ?g { ?s <http://example.org/p> ?v } }",
    "SELECT ?s ?v WHERE { { ?s <http://example.org/p> ?v } UNION { ?s <http://example.org/q> ?v } }",
    "ASK { ?s <http://example.org/p> ?v }",
    "CONSTRUCT { ?s <http://example.org/copy> ?v } WHERE { ?s <http://example.org/p> ?v }",
    "# a { comment } WHERE {\nSELECT ?s ?v (\"{ WHERE }\" AS ?t) WHERE { ?s <http://example.org/p> ?v }",
    "PREFIX e: <http://example.org/> SELECT ?s ?v WHERE { ?s e:p ?v FILTER(?v != \"}\" || true) }",
    "SELECT ?s ?v WHERE { ?s <http://example.org/p> ?v } ORDER BY ?s LIMIT 5",
    # a parameter assigned by BIND, as the named query 'positions' does with ?speakerWikidata
    "SELECT ?s ?v WHERE { ?s <http://example.org/q> ?i OPTIONAL { ?s <http://example.org/p> ?w }"
    " BIND(?w AS ?v) FILTER(COALESCE(?v, 0) = COALESCE(?w, 0)) }",
    "SELECT ?s ?v (EXISTS { ?s ?x ?y } AS ?e) WHERE { ?s <http://example.org/p> ?v }",
]


def _answer(result: Any) -> Any:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result)
    names = [v.value for v in result.variables]
    return names, sorted(repr(tuple(str(s[n]) if s[n] is not None else None for n in names)) for s in result)


@pytest.mark.parametrize("shape", SHAPES)
def test_values_binding_means_what_substitution_means(hostile_store: GraphStore, shape: str) -> None:
    """Every value, in every shape of query: the rows of a VALUES binding are those of a
    substitution, and a value picks the one subject that holds it."""
    store = hostile_store._require()
    for i, value in enumerate(VALUES):
        bound = bind_values(shape, {"v": value})
        if "{ SELECT" not in shape:  # the query is the same text but for one VALUES block
            assert bound.replace(f" VALUES (?v) {{ ({value}) }}", "", 1) == shape
        expected = store.query(shape, use_default_graph_as_union=True, substitutions={ox.Variable("v"): value})
        got = store.query(bound, use_default_graph_as_union=True)
        assert _answer(got) == _answer(expected), (i, value, bound)
    # and the values are told apart: each finds its own subject, and only it
    first = SHAPES[0]
    for value in VALUES:
        rows = list(store.query(bind_values(first, {"v": value}), use_default_graph_as_union=True))
        subjects = {row["s"].value for row in rows}
        holders = {f"{EX}s{j}" for j, other in enumerate(VALUES) if other == value}
        assert subjects == holders, (value, subjects)


def test_several_values_and_both_sigils_bind_together(hostile_store: GraphStore) -> None:
    query = "SELECT ?s WHERE { ?s <http://example.org/p> ?v ; <http://example.org/q> ?n }"
    bound = bind_values(query, {"?v": VALUES[5], "$n": ox.Literal(5)})
    rows = list(hostile_store._require().query(bound, use_default_graph_as_union=True))
    assert [row["s"].value for row in rows] == [f"{EX}s5"]


@pytest.mark.parametrize("name", sorted(n for n, q in named_queries().items() if q.params))
def test_every_named_query_takes_its_parameters_as_values(hostile_store: GraphStore, name: str) -> None:
    """The named queries with parameters parse and run with a VALUES binding of each (on
    data they do not match: what matters here is that the text stays one valid query)."""
    query = named_queries()[name]
    for value in (VALUES[0], VALUES[2], ox.NamedNode(EX + "x")):
        bound = bind_values(query.sparql, dict.fromkeys(query.param_names, value))
        hostile_store.query(bound)  # raises QueryError Q002 if the text were broken


def test_a_value_that_values_cannot_hold_is_refused() -> None:
    with pytest.raises(QueryError) as info:
        bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.BlankNode("b")})
    assert info.value.code == "S024"
    with pytest.raises(QueryError) as info:
        bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o} DROP ALL {": ox.Literal("x")})
    assert info.value.code == "S024"


@pytest.mark.parametrize(
    "query", ["CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <http://example.org/s>", "# SELECT { x }\n"]
)
def test_a_query_with_no_where_group_cannot_take_parameters(query: str) -> None:
    with pytest.raises(QueryError) as info:
        bind_values(query, {"o": ox.Literal("x")})
    assert info.value.code == "S025"


# -- failures ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_url_is_a_coded_error_naming_it() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert info.value.code == "S020"
    assert f"{url}/query" in str(info.value) and "refused" in str(info.value).lower()


@pytest.mark.parametrize("command", [["stats"], ["query", "--name", "events"], ["export", "-o", "-"],
                                     ["viz", "-o", "never.html"], ["build", "never-read"]])
def test_every_command_tells_an_unreachable_store_in_one_line(command: list[str]) -> None:
    url = f"http://127.0.0.1:{_free_port()}/"
    result = CliRunner().invoke(app, [*command, "--store", url])
    assert result.exit_code == 2, result.output
    assert "[S020]" in result.output and url.rstrip("/") in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that takes connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    sock.close()


def test_a_server_that_does_not_answer_times_out_with_a_coded_error(silent_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError) as info:
        open_store(f"{silent_server}#timeout=0.5")
    assert time.monotonic() - started < 5
    assert info.value.code == "S021" and silent_server in str(info.value) and "0.5 s" in str(info.value)


class _NotSparql(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        status = 404 if "/missing/" in self.path else 200
        body = b"<html>a web page</html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotSparql)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_server_that_is_no_sparql_endpoint_is_a_coded_error(web_server: str) -> None:
    with pytest.raises(StoreError) as info:
        open_store(web_server)
    assert info.value.code == "S027" and "text/html" in str(info.value)
    with pytest.raises(StoreError) as refused:
        open_store(f"{web_server}/missing/ds")
    assert refused.value.code == "S022" and "HTTP 404" in str(refused.value)


def test_a_read_only_remote_store_sends_no_write() -> None:
    store = RemoteStore(Endpoints.derive(f"http://127.0.0.1:{_free_port()}"), read_only=True)
    with store, pytest.raises(StoreError) as info:
        store.replace_graph(EX + "g", [])
    assert info.value.code == "S023"
    with pytest.raises(StoreError) as closed:
        store.count()
    assert closed.value.code == "S007"
