"""Tests of GraphStore.load: only the documented formats, a size cap, nothing fetched."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import StoreError
from graph.store import GraphStore

MINI = Path(__file__).parent / "data" / "mini.trig"

# Nine levels of ten: 10**9 copies of "lol" from under a kilobyte of RDF/XML.
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&lol9;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.fixture
def store() -> Iterator[GraphStore]:
    with GraphStore.open() as st:
        st.load(MINI)
        yield st


@pytest.mark.parametrize("name", ["laughs.rdf", "laughs.xml", "laughs.owl"])
def test_rdf_xml_is_refused_by_extension_before_parsing(store: GraphStore, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    before = store.count()
    started = time.monotonic()
    with pytest.raises(StoreError) as info:
        store.load(path)
    assert time.monotonic() - started < 2
    assert info.value.code == "S003"
    assert "trig" in str(info.value) and name.rsplit(".", 1)[1] in str(info.value)
    assert store.count() == before


@pytest.mark.parametrize("fmt", ["rdfxml", "xml", "rdf", "application/rdf+xml"])
def test_rdf_xml_is_refused_by_name(store: GraphStore, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "laughs.trig"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(StoreError) as info:
        store.load(path, fmt)
    assert info.value.code == "S003"


def test_billion_laughs_under_a_turtle_name_is_a_quick_syntax_error(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "laughs.ttl"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    before = store.count()
    started = time.monotonic()
    with pytest.raises(StoreError) as info:
        store.load(path)
    assert time.monotonic() - started < 2
    assert info.value.code == "S005"
    assert store.count() == before


def test_a_file_over_the_cap_is_refused_before_it_is_read(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "big.trig"
    path.write_bytes(MINI.read_bytes())
    before = store.count()
    with pytest.raises(StoreError) as info:
        store.load(path, max_bytes=path.stat().st_size - 1)
    assert info.value.code == "S009"
    assert str(path) in str(info.value) and str(path.stat().st_size) in str(info.value)
    assert store.count() == before


def test_a_file_exactly_at_the_cap_loads(tmp_path: Path) -> None:
    with GraphStore.open() as st:
        st.load(MINI, max_bytes=MINI.stat().st_size)
        assert st.count() > 0


def test_a_stream_growing_past_the_cap_stops_the_load_and_stores_nothing(
    store: GraphStore, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.nq"

    os.mkfifo(fifo)
    lines = b"".join(
        b"<http://example.org/s%d> <http://example.org/p> \"o\" <http://example.org/g> .\n" % i
        for i in range(20_000)
    )

    def feed() -> None:
        # the reader stops early: the pipe's far end closes under the writer
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as out:
            out.write(lines)

    writer = threading.Thread(target=feed)
    writer.start()
    before = store.count()
    try:
        with pytest.raises(StoreError) as info:
            store.load(fifo, max_bytes=10_000)
    finally:
        writer.join(timeout=10)
    assert info.value.code == "S009"
    assert store.count() == before


def test_a_remote_json_ld_context_is_never_fetched(store: GraphStore, tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    path = tmp_path / "remote.jsonld"
    path.write_text(
        json.dumps({"@context": f"http://127.0.0.1:{port}/context.jsonld", "@id": "http://example.org/s", "p": "o"}),
        encoding="utf-8",
    )
    before = store.count()
    with pytest.raises(StoreError) as info:
        store.load(path)
    assert info.value.code == "S005"
    connections = 0
    try:
        while True:
            conn, _ = listener.accept()
            connections += 1
            conn.close()
    except TimeoutError:
        pass
    finally:
        listener.close()
    assert connections == 0
    assert store.count() == before


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".ttl", ".jsonld"])
def test_each_documented_format_loads_by_extension(tmp_path: Path, suffix: str) -> None:
    with GraphStore.open() as source:
        source.load(MINI)
        path = tmp_path / f"copy{suffix}"
        source.export(path, suffix[1:])
    with GraphStore.open() as copy:
        copy.load(path)
        assert copy.count() > 0
