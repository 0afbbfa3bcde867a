"""``diplograph serve``: a real server process, real clients (SPARQLWrapper, rdflib's
SPARQLStore, curl), over a store built from tests/data/mini.trig.

Expected answers are computed by :func:`graph.query.run_query` on the same store in
this process, so the tests compare the service with the CLI's semantics (the union
default graph included) rather than with copied output.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from serving import MINI, mini_store, start_serve, stop_serve

from graph.errors import QueryError, ServeError
from graph.query import QueryResult, check_query_safe, run_query
from graph.server.protocol import negotiate
from graph.server.results import serialize, to_xml
from graph.store import GraphStore

DOC_A = "101_5f1e0c9a7b3d2e41"
MAX_ROWS = 50
MAX_QUERY_BYTES = 2000
TIMEOUT = 2.0
LEADERS = "SELECT ?leader ?qid WHERE { ?leader a dg:Leader ; dg:wikidataId ?qid } ORDER BY ?qid"
ENDLESS = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n0 ?o }"
)
SR = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mini_store(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def local(store_dir: Path) -> Iterator[GraphStore]:
    """The same store, read here, for the expected answers."""
    with GraphStore.open(store_dir, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def endpoint(store_dir: Path) -> Iterator[str]:
    """The /sparql URL of a server with 2 workers, no queue, small caps."""
    process, url = start_serve(
        store_dir, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", "2", "--queue", "0",
        "--max-query-bytes", str(MAX_QUERY_BYTES),
    )
    yield url
    err = stop_serve(process)
    assert "Traceback" not in err, err
    assert "diplograph: stopped" in err


@pytest.fixture(scope="module")
def base(endpoint: str) -> str:
    return endpoint.removesuffix("/sparql")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0]


def curl(url: str, *args: str, tmp: Path) -> Answer:
    """Run curl; the status, the headers (lower-case names) and the body."""
    head, body = tmp / "head.txt", tmp / "body.bin"
    done = subprocess.run(
        ["curl", "-s", "-S", "--noproxy", "*", "-D", str(head), "-o", str(body), "-w", "%{http_code}", *args, url],
        capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 0, done.stderr
    headers: dict[str, str] = {}
    for line in head.read_text(encoding="latin-1").splitlines()[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return Answer(int(done.stdout), headers, body.read_bytes())


def get(base_url: str, path: str, accept: str | None = None, **query: str) -> Answer:
    """A GET with urllib (a second kind of client, and thread-safe)."""
    url = base_url + path + ("?" + urllib.parse.urlencode(query) if query else "")
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def _bindings(payload: dict[str, Any]) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in row.items()} for row in payload["results"]["bindings"]]


# -- the protocol, with real clients ----------------------------------------------------


@pytest.mark.slow
def test_sparqlwrapper_reads_json_and_csv(endpoint: str, local: GraphStore) -> None:
    from SPARQLWrapper import CSV, JSON, SPARQLWrapper

    expected = run_query(local, LEADERS)
    assert expected.rows
    client = SPARQLWrapper(endpoint)
    client.setQuery(LEADERS)
    client.setReturnFormat(JSON)
    payload = client.query().convert()
    assert payload["head"]["vars"] == ["leader", "qid"]
    assert _bindings(payload) == [{k: str(v) for k, v in row.items()} for row in expected.rows]
    client.setReturnFormat(CSV)
    assert client.query().convert().decode("utf-8") == expected.to_csv()


@pytest.mark.slow
def test_rdflib_sparqlstore_reads_select_and_ask(endpoint: str, local: GraphStore) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    rows = [(str(r[0]), str(r[1])) for r in graph.query(LEADERS)]
    assert rows == [(row["leader"], row["qid"]) for row in run_query(local, LEADERS).rows]
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    assert graph.query("ASK { <urn:nothing> ?p ?o }").askAnswer is False


@pytest.mark.slow
def test_get_post_form_and_post_direct_give_the_same_answer(endpoint: str, tmp_path: Path, local: GraphStore) -> None:
    expected = json.loads(run_query(local, LEADERS).to_json())
    answers = [
        curl(endpoint, "-G", "--data-urlencode", f"query={LEADERS}", tmp=tmp_path),
        curl(endpoint, "--data-urlencode", f"query={LEADERS}", tmp=tmp_path),
        curl(endpoint, "-H", "Content-Type: application/sparql-query", "--data-binary", LEADERS, tmp=tmp_path),
    ]
    for answer in answers:
        assert answer.status == 200
        assert answer.media_type == "application/sparql-results+json"
        assert json.loads(answer.body) == expected


@pytest.mark.slow
def test_the_default_graph_is_the_union_of_the_named_graphs(endpoint: str, tmp_path: Path, local: GraphStore) -> None:
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    answer = curl(endpoint, "-G", "--data-urlencode", f"query={union}", "-H", "Accept: text/csv", tmp=tmp_path)
    served = int(answer.text.splitlines()[1])
    assert served == run_query(local, distinct).rows[0]["n"] == run_query(local, union).rows[0]["n"] > 0


@pytest.mark.slow
def test_every_format_by_accept_and_by_format_parses_back(endpoint: str, local: GraphStore) -> None:
    expected = run_query(local, LEADERS)
    want = [(row["leader"], row["qid"]) for row in expected.rows]
    base_url = endpoint.removesuffix("/sparql")
    by_accept = {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    }
    for name, media_type in by_accept.items():
        for answer in (get(base_url, "/sparql", media_type, query=LEADERS),
                       get(base_url, "/sparql", "application/json", query=LEADERS, format=name)):
            assert answer.status == 200 and answer.media_type == media_type, (name, answer.text)
            if name == "json":
                got = [(r["leader"], r["qid"]) for r in _bindings(json.loads(answer.body))]
            elif name == "xml":
                root = ET.fromstring(answer.body)
                assert [v.get("name") for v in root.iter(f"{SR}variable")] == ["leader", "qid"]
                got = [
                    tuple(b.findtext(f"{SR}uri") or b.findtext(f"{SR}literal") or "" for b in r.iter(f"{SR}binding"))
                    for r in root.iter(f"{SR}result")
                ]
            elif name == "csv":
                got = [(r["leader"], r["qid"]) for r in csv.DictReader(io.StringIO(answer.text))]
            else:
                lines = answer.text.splitlines()
                assert lines[0] == "?leader\t?qid"
                got = [(a.strip("<>"), b.strip('"')) for a, b in (line.split("\t") for line in lines[1:])]
            assert got == want, name

    construct = "CONSTRUCT { ?leader dg:wikidataId ?qid } WHERE { ?leader a dg:Leader ; dg:wikidataId ?qid }"
    want_triples = {(row["leader"], row["qid"]) for row in expected.rows}
    rdf = {"turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json"}
    ox_formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    for name, media_type in rdf.items():
        for answer in (get(base_url, "/sparql", media_type, query=construct),
                       get(base_url, "/sparql", None, query=construct, format=name)):
            assert answer.status == 200 and answer.media_type == media_type, (name, answer.text)
            triples = {(q.subject.value, q.object.value) for q in ox.parse(answer.body, ox_formats[name])}
            assert triples == want_triples, name


@pytest.mark.slow
def test_q_values_choose_and_a_format_nothing_satisfies_is_406(base: str) -> None:
    picked = get(base, "/sparql", "text/csv;q=0.2, application/sparql-results+xml;q=0.9, */*;q=0.1", query=LEADERS)
    assert picked.media_type == "application/sparql-results+xml"
    assert get(base, "/sparql", "text/*;q=0.5, text/csv;q=0", query=LEADERS).media_type == "text/tab-separated-values"
    refused = get(base, "/sparql", "application/rdf+xml", query=LEADERS)
    assert refused.status == 406 and "[W005]" in refused.text and "json, xml, csv, tsv" in refused.text
    wrong_kind = get(base, "/sparql", None, query=LEADERS, format="turtle")
    assert wrong_kind.status == 406 and "[W006]" in wrong_kind.text
    unknown = get(base, "/sparql", None, query=LEADERS, format="yaml")
    assert unknown.status == 400 and "[W007]" in unknown.text


@pytest.mark.slow
def test_the_service_description_is_turtle_naming_the_endpoint(base: str, endpoint: str) -> None:
    answer = get(base, "/sparql")
    assert answer.status == 200 and answer.media_type == "text/turtle"
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert graph.value(service, sd.endpoint) == rdflib.URIRef(endpoint)
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    as_ntriples = get(base, "/sparql", "application/n-triples")
    assert len(rdflib.Graph().parse(data=as_ntriples.text, format="nt")) == len(graph)
    index = get(base, "/")
    assert index.status == 200 and 'href="sparql"' in index.text and 'href="queries"' in index.text


# -- status codes ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_syntax_error_is_400_with_the_line_and_column(endpoint: str, tmp_path: Path) -> None:
    broken = "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }"
    answer = curl(endpoint, "--data-urlencode", f"query={broken}", tmp=tmp_path)
    assert answer.status == 400 and answer.media_type == "text/plain"
    with pytest.raises(QueryError) as local_error:
        check_query_safe(broken)
    assert answer.text == str(local_error.value) + "\n"
    assert answer.text.startswith("[Q002]") and re.search(r"line 3, column \d+: ", answer.text), answer.text


@pytest.mark.slow
def test_updates_are_403_and_change_nothing(endpoint: str, tmp_path: Path, store_dir: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def triples() -> str:
        return curl(endpoint, "-G", "--data-urlencode", f"query={count}", "-H", "Accept: text/csv", tmp=tmp_path).text

    before = triples()
    insert = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    attempts = [
        curl(endpoint, "--data-urlencode", f"query={insert}", tmp=tmp_path),
        curl(endpoint, "--data-urlencode", f"update={insert}", tmp=tmp_path),
        curl(endpoint, "-H", "Content-Type: application/sparql-update", "--data-binary", insert, tmp=tmp_path),
        curl(endpoint, "--data-urlencode", "query=DELETE WHERE { ?s ?p ?o }", tmp=tmp_path),
        curl(endpoint, "--data-urlencode", "query=LOAD <http://example.org/data.ttl>", tmp=tmp_path),
    ]
    for answer in attempts:
        assert answer.status == 403, answer.text
        assert answer.text.startswith(("[Q007]", "[W001]", "[Q003]")), answer.text
    assert triples() == before
    with GraphStore.open(store_dir, read_only=True) as store:
        assert not store.has_graph("urn:x")
        assert store.count() == int(before.splitlines()[1])


@pytest.mark.slow
def test_network_access_is_refused_with_403(endpoint: str, tmp_path: Path) -> None:
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    answer = curl(endpoint, "--data-urlencode", f"query={service}", tmp=tmp_path)
    assert answer.status == 403 and "[Q003]" in answer.text and "SERVICE" in answer.text
    remote = curl(endpoint, "--data-urlencode", "query=SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
                  tmp=tmp_path)
    assert remote.status == 403 and "[Q003]" in remote.text


@pytest.mark.slow
def test_a_query_over_the_length_cap_is_413(endpoint: str, tmp_path: Path) -> None:
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_BYTES
    for args in (("-G", "--data-urlencode", f"query={long_query}"),
                 ("--data-urlencode", f"query={long_query}"),
                 ("-H", "Content-Type: application/sparql-query", "--data-binary", long_query)):
        answer = curl(endpoint, *args, tmp=tmp_path)
        assert answer.status == 413, answer.text
        assert "[W002]" in answer.text and f"the {MAX_QUERY_BYTES} bytes" in answer.text
        assert "--max-query-bytes" in answer.text
    fits = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * (MAX_QUERY_BYTES - 100)
    assert curl(endpoint, "--data-urlencode", f"query={fits}", tmp=tmp_path).status == 200
    # a URL far longer than the cap still gets the coded 413, not the HTTP parser's 400
    longer = "SELECT * WHERE { ?s ?p ?o } #" + "%" * (3 * MAX_QUERY_BYTES)
    answer = curl(endpoint, "-G", "--data-urlencode", f"query={longer}", tmp=tmp_path)
    assert answer.status == 413 and "[W002]" in answer.text


@pytest.mark.slow
def test_requests_without_a_query_or_of_another_type_are_4xx(endpoint: str, tmp_path: Path) -> None:
    assert curl(endpoint, "--data-urlencode", "format=json", tmp=tmp_path).status == 400
    other = curl(endpoint, "-H", "Content-Type: application/json", "--data-binary", "{}", tmp=tmp_path)
    assert other.status == 415 and "[W009]" in other.text
    twice = curl(endpoint, "-G", "--data-urlencode", "query=ASK {}", "--data-urlencode", "query=ASK {}", tmp=tmp_path)
    assert twice.status == 400 and "[W010]" in twice.text
    missing = curl(endpoint.removesuffix("sparql") + "nothing-here", tmp=tmp_path)
    assert missing.status == 404 and "[W018]" in missing.text


# -- limits -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_row_cap_cuts_with_a_header_and_valid_documents(base: str, local: GraphStore) -> None:
    everything = run_query(local, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o")
    assert len(everything) > MAX_ROWS
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    answer = get(base, "/sparql", "application/sparql-results+json", query=query)
    assert answer.status == 200
    assert answer.headers["x-diplograph-truncated"] == "rows"
    assert answer.headers["x-diplograph-rows"] == str(MAX_ROWS)
    assert "[W012]" in answer.headers["x-diplograph-notice"]
    rows = _bindings(json.loads(answer.body))
    assert rows == [{k: str(v) for k, v in row.items() if v is not None} for row in everything.rows[:MAX_ROWS]]
    as_csv = get(base, "/sparql", "text/csv", query=query)
    assert len(list(csv.reader(io.StringIO(as_csv.text)))) == MAX_ROWS + 1
    small = get(base, "/sparql", None, query=query + f" LIMIT {MAX_ROWS}")
    assert "x-diplograph-truncated" not in small.headers


@pytest.mark.slow
def test_a_query_that_never_ends_is_stopped_and_others_are_answered_meanwhile(base: str) -> None:
    slow: dict[str, Any] = {}

    def endless() -> None:
        started = time.monotonic()
        slow["answer"] = get(base, "/sparql", None, query=ENDLESS)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=endless)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    quick = get(base, "/sparql", None, query="ASK { ?s ?p ?o }")
    quick_seconds = time.monotonic() - started
    assert quick.status == 200 and json.loads(quick.body)["boolean"] is True
    assert quick_seconds < 1.0
    assert thread.is_alive(), "the endless query ended before the quick one was answered"
    thread.join(TIMEOUT + 5)
    answer = slow["answer"]
    assert answer.status == 503 and "[W003]" in answer.text and "--timeout" in answer.text
    assert f"{TIMEOUT:g} s" in answer.text
    assert TIMEOUT <= slow["seconds"] < TIMEOUT + 1
    # the killed worker is replaced: the service keeps its two workers
    _wait_until_answering(base)
    assert get(base, "/sparql", None, query="ASK { ?s ?p ?o }").status == 200


def _wait_until_answering(base: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answers: list[Answer] = []

        def ask(into: list[Answer] = answers) -> None:
            into.append(get(base, "/queries/sources"))

        threads = [threading.Thread(target=ask) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if all(a.status == 200 for a in answers):
            return
        time.sleep(0.2)
    raise AssertionError("the workers were not replaced")


@pytest.mark.slow
def test_a_full_queue_is_503_with_retry_after(base: str) -> None:
    threads = [threading.Thread(target=get, args=(base, "/sparql", None), kwargs={"query": ENDLESS}) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    busy = get(base, "/sparql", None, query="ASK { ?s ?p ?o }")
    assert busy.status == 503 and "[W004]" in busy.text
    assert int(busy.headers["retry-after"]) >= 1
    for t in threads:
        t.join(TIMEOUT + 5)
    _wait_until_answering(base)


# -- named queries -------------------------------------------------------------------------


@pytest.mark.slow
def test_the_named_queries_are_listed_as_json_and_html(base: str) -> None:
    from graph.query import named_queries

    known = named_queries()
    listing = get(base, "/queries")
    assert listing.status == 200 and listing.media_type == "application/json"
    items = json.loads(listing.body)["queries"]
    assert [item["name"] for item in items] == list(known)
    for item in items:
        query = known[item["name"]]
        assert item["answers"] == query.answers
        assert [p["name"] for p in item["params"]] == list(query.param_names)
        assert item["url"] == f"{base}/queries/{query.name}"
    page = get(base, "/queries", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert page.media_type == "text/html" and page.text.startswith("<!DOCTYPE html>")
    assert get(base, "/queries", None, format="html").text == page.text
    import html

    for query in known.values():
        assert html.escape(query.answers) in page.text
    assert "<script" not in page.text and "<link" not in page.text and "src=" not in page.text


@pytest.mark.slow
def test_a_named_query_runs_with_bound_parameters(base: str, local: GraphStore) -> None:
    answer = get(base, "/queries/events", None, doc=DOC_A, format="csv")
    expected = run_query(local, name="events", params={"doc": DOC_A})
    assert expected.rows and answer.status == 200 and answer.media_type == "text/csv"
    assert answer.text == expected.to_csv()
    # a value is a value: text that would change the query if pasted into it changes nothing
    sneaky = f'{DOC_A}" }} UNION {{ ?s ?p ?o }} #'
    assert get(base, "/queries/events", "text/csv", doc=sneaky).text == run_query(
        local, name="events", params={"doc": sneaky}).to_csv()
    unknown = get(base, "/queries/events", None, dox="1")
    assert unknown.status == 400 and "[Q005]" in unknown.text and "doc" in unknown.text
    missing = get(base, "/queries/no-such-query")
    assert missing.status == 404 and "[Q001]" in missing.text


# -- without a server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def memory() -> GraphStore:
    store = GraphStore.open()
    store.load(MINI)
    return store


def test_the_byte_cap_cuts_rows_and_keeps_the_document_whole(memory: GraphStore) -> None:
    result = run_query(memory, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o")
    fmt = negotiate("solutions", "application/sparql-results+json")
    whole = serialize(result, fmt, max_rows=10_000, max_bytes=10**9)
    assert whole.headers == () and len(json.loads(whole.data)["results"]["bindings"]) == len(result)
    cap = len(whole.data) // 3
    cut = serialize(result, fmt, max_rows=10_000, max_bytes=cap)
    headers = dict(cut.headers)
    kept = int(headers["X-Diplograph-Rows"])
    assert headers["X-Diplograph-Truncated"] == "bytes" and 0 < kept < len(result)
    assert len(cut.data) <= cap
    assert json.loads(cut.data)["results"]["bindings"] == json.loads(whole.data)["results"]["bindings"][:kept]
    one_more = serialize(QueryResult(result.columns, result.rows[:kept + 1], result.terms[:kept + 1]), fmt,
                         max_rows=10_000, max_bytes=10**9)
    assert len(one_more.data) > cap, "the cut keeps as many rows as fit"
    for header in headers.values():
        header.encode("latin-1")  # sendable as an HTTP header


def test_xml_results_escape_and_carry_datatypes_and_languages() -> None:
    terms: list[tuple[Any, ...]] = [
        (ox.NamedNode("http://x/a?b=1&c=2"), ox.Literal("<b> & \"q\"", language="fr")),
        (ox.BlankNode("b0"), ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        (None, ox.Literal("bell\x07")),
    ]
    result = QueryResult(columns=["x", "y"], rows=[{}, {}, {}], terms=terms)
    root = ET.fromstring(to_xml(result))
    results = list(root.iter(f"{SR}result"))
    assert results[0].findtext(f"{SR}binding/{SR}uri") == "http://x/a?b=1&c=2"
    literal = results[0].find(f"{SR}binding[@name='y']/{SR}literal")
    assert literal is not None and literal.text == "<b> & \"q\""
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    typed = results[1].find(f"{SR}binding[@name='y']/{SR}literal")
    assert typed is not None and typed.get("datatype", "").endswith("#integer")
    assert results[1].findtext(f"{SR}binding/{SR}bnode") == "b0"
    assert [b.get("name") for b in results[2]] == ["y"]
    ask = ET.fromstring(to_xml(QueryResult(columns=["boolean"], rows=[], terms=[], boolean=False)))
    assert ask.findtext(f"{SR}boolean") == "false"


def test_negotiation_prefers_the_most_specific_range() -> None:
    assert negotiate("solutions", None).name == "json"
    assert negotiate("solutions", "text/*, text/csv;q=0.1").name == "tsv"
    assert negotiate("graph", "application/json").name == "jsonld"
    assert negotiate("graph", "text/plain").name == "ntriples"
    with pytest.raises(ServeError, match="W005"):
        negotiate("solutions", "text/html")
    with pytest.raises(ServeError, match="W005"):
        negotiate("solutions", "*/*;q=0")


def test_serve_refuses_bad_options_and_a_missing_store(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from graph.cli import app

    runner = CliRunner()
    bad = runner.invoke(app, ["serve", "--store", str(tmp_path), "--workers", "0"])
    assert bad.exit_code == 2 and "[W015]" in bad.output and "--workers" in bad.output
    missing = runner.invoke(app, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert missing.exit_code == 2 and "[S004]" in missing.output


def test_a_port_in_use_is_a_coded_message(store_dir: Path) -> None:
    import socket

    from typer.testing import CliRunner

    from graph.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--store", str(store_dir), "--port", str(port)])
    assert result.exit_code == 2 and "[W016]" in result.output and str(port) in result.output
