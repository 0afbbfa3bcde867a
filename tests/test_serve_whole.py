"""``diplograph serve --max-rows 0``: no row cap, answers written whole by the engine
(pyoxigraph) itself, as Oxigraph's own server writes them, up to the byte cap.

A real server process over a store built from tests/data/mini.trig; the expected rows
are :func:`graph.query.run_query`'s on the same store in this process.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import mini_store, start_serve, stop_serve

from graph.query import run_query
from graph.store import GraphStore

pytestmark = pytest.mark.slow

SR = "{http://www.w3.org/2005/sparql-results#}"
# every triple of the store, with the graph: more rows than the other tests' row cap
ALL = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o"
ACCEPT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mini_store(tmp_path_factory.mktemp("whole") / "store")


@pytest.fixture(scope="module")
def expected(store_dir: Path) -> list[dict[str, str]]:
    with GraphStore.open(store_dir, read_only=True) as store:
        result = run_query(store, ALL)
    assert len(result.rows) > 50  # more than a small row cap would let through
    # the lexical forms, as the formats write them
    return [{k: t.value for k, t in zip(result.columns, row, strict=True) if t is not None} for row in result.terms]


def _serve(store_dir: Path, *options: str) -> Iterator[str]:
    process, url = start_serve(store_dir, "--max-rows", "0", "--workers", "1", *options)
    yield url
    err = stop_serve(process)
    assert "Traceback" not in err, err


@pytest.fixture(scope="module")
def whole(store_dir: Path) -> Iterator[str]:
    yield from _serve(store_dir)


@pytest.fixture(scope="module")
def capped(store_dir: Path) -> Iterator[str]:
    yield from _serve(store_dir, "--max-response-bytes", "3000")


def _get(url: str, sparql: str, fmt: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': sparql})}", headers={"Accept": ACCEPT[fmt]}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def _rows(fmt: str, body: bytes) -> list[dict[str, str]]:
    text = body.decode("utf-8")
    if fmt == "json":
        return [{k: v["value"] for k, v in b.items()} for b in json.loads(text)["results"]["bindings"]]
    if fmt == "xml":
        root = ET.fromstring(text)
        return [
            {b.attrib["name"]: "".join(b[0].itertext()) for b in result.iter(f"{SR}binding")}
            for result in root.iter(f"{SR}result")
        ]
    if fmt == "csv":
        return [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(io.StringIO(text))]
    header, *lines = text.splitlines()
    names = [h.lstrip("?") for h in header.split("\t")]
    rows = []
    for line in lines:
        row = {}
        for name, cell in zip(names, line.split("\t"), strict=True):
            if cell:  # N-Triples terms: <iri>, "literal"…
                row[name] = cell[1:-1] if cell.startswith("<") else cell.split('"')[1] if cell.startswith('"') else cell
        rows.append(row)
    return rows


@pytest.mark.parametrize("fmt", list(ACCEPT))
def test_no_row_cap_gives_every_row_in_each_format(whole: str, expected: list[dict[str, str]], fmt: str) -> None:
    status, headers, body = _get(whole, ALL, fmt)
    assert status == 200
    assert headers["content-type"].startswith(ACCEPT[fmt])
    assert "x-diplograph-truncated" not in headers
    got = _rows(fmt, body)
    assert len(got) == len(expected)
    if fmt in ("json", "xml"):  # exact values; CSV and TSV are checked by count and subjects
        assert got == expected
    else:
        assert [row["s"] for row in got] == [row["s"] for row in expected]


def test_ask_is_answered_by_the_engine(whole: str) -> None:
    status, _, body = _get(whole, "ASK { ?s a dg:Leader }", "json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_an_answer_over_the_byte_cap_is_cut_to_a_whole_document(capped: str, expected: list[dict[str, str]]) -> None:
    status, headers, body = _get(capped, ALL, "json")
    assert status == 200
    assert headers["x-diplograph-truncated"] == "bytes"
    assert len(body) <= 3000
    rows = _rows("json", body)  # a whole document: it parses
    assert 0 < len(rows) < len(expected)
    assert rows == expected[: len(rows)]
    assert int(headers["x-diplograph-rows"]) == len(rows)


def test_a_query_error_is_still_a_400(whole: str) -> None:
    try:
        _get(whole, "SELECT * WHERE { ?s ?p }", "json")
    except urllib.error.HTTPError as error:
        assert error.code == 400
        assert "Q002" in error.read().decode("utf-8")
    else:
        pytest.fail("a syntax error was answered 200")
