"""Tests of graph.store: opening, locking, atomic graph replacement, export."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Variable

import graph.store as store_module
from graph.errors import QueryError, StoreError
from graph.store import ENTITIES_GRAPH, EXPORT_FORMATS, GraphStore, to_ox

MINI = Path(__file__).parent / "data" / "mini.trig"
DG = "https://w3id.org/diplograph/ontology#"
DGID = "https://w3id.org/diplograph/id/"
DOC_A = "101_5f1e0c9a7b3d2e41"
DOC_B = "102_a9c4e8f10b2d3c57"
HASH_A = "9b1c6d0f3a5e7b2c4d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c"
GRAPH_A = f"{DGID}graph/doc/{DOC_A}"
GRAPH_B = f"{DGID}graph/doc/{DOC_B}"


def _mini_quads() -> set[ox.Quad]:
    return set(ox.parse(path=str(MINI), format=ox.RdfFormat.TRIG))  # type: ignore[arg-type]


def _graph_content(store: GraphStore, graph_iri: str) -> set[tuple[Any, Any, Any]]:
    return {(q.subject, q.predicate, q.object) for q in store.quads() if q.graph_name == ox.NamedNode(graph_iri)}


def _triples(n: int, tag: str = "") -> list[ox.Triple]:
    return [
        ox.Triple(ox.NamedNode(f"{DGID}thing/{i}"), ox.NamedNode(f"{DG}p"), ox.Literal(f"value {tag}{i}"))
        for i in range(n)
    ]


@pytest.fixture(params=["memory", "disk"])
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    path = None if request.param == "memory" else tmp_path / "store"
    with GraphStore.open(path) as store:
        yield store


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A folder for exports, apart from the on-disk store."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def mini_store(empty_store: GraphStore) -> GraphStore:
    empty_store.load(MINI)
    return empty_store


# -- opening -------------------------------------------------------------------------


def test_open_loads_the_fixture_quad_for_quad(mini_store: GraphStore) -> None:
    assert set(mini_store.quads()) == _mini_quads()
    assert mini_store.count() == len(_mini_quads())


def test_open_on_disk_keeps_data_after_close(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        store.load(MINI)
    with GraphStore.open(tmp_path / "store", read_only=True) as store:
        assert store.count() == len(_mini_quads())
        assert store.readout_ids() == [DOC_A, DOC_B]


def test_open_read_only_missing_store_is_s004(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        GraphStore.open(tmp_path / "nowhere", read_only=True)
    assert info.value.code == "S004"
    assert not (tmp_path / "nowhere").exists()


def test_open_a_file_is_s002(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError) as info:
        GraphStore.open(tmp_path / "notes.txt")
    assert info.value.code == "S002"


def test_a_store_that_oxigraph_cannot_read_is_s002_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the kill test: opened read-only while a build was still creating it, a
    store gave a bare RuntimeError ('Column family not found: dpos')."""
    GraphStore.open(tmp_path / "store").close()

    def half_made(path: str) -> ox.Store:
        raise RuntimeError("Invalid argument: Column family not found: dpos")

    monkeypatch.setattr(ox.Store, "read_only", half_made)
    with pytest.raises(StoreError) as info:
        GraphStore.open(tmp_path / "store", read_only=True)
    assert info.value.code == "S002" and "Column family" in str(info.value)


def test_open_a_folder_of_other_files_is_s008(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "thesis.docx").write_bytes(b"x")
    with pytest.raises(StoreError) as info:
        GraphStore.open(tmp_path / "documents")
    assert info.value.code == "S008"
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == ["thesis.docx"]


def test_second_opener_in_the_same_process_gets_s001(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store"), pytest.raises(StoreError) as info:
        GraphStore.open(tmp_path / "store")
    assert info.value.code == "S001"
    assert "in use by another" in str(info.value)


def test_second_process_gets_s001_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "store"
    holder = textwrap.dedent(
        f"""
        import sys
        from graph.store import GraphStore
        store = GraphStore.open({str(path)!r})
        print("ready", flush=True)
        sys.stdin.readline()
        store.close()
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as info:
            GraphStore.open(path)
        assert info.value.code == "S001"
        assert str(path) in str(info.value)
    finally:
        proc.communicate("\n", timeout=30)
    # The lock goes with the process that held it.
    with GraphStore.open(path) as store:
        assert store.count() == 0


def test_close_releases_the_lock_and_refuses_further_use(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    store.close()
    store.close()  # harmless
    with pytest.raises(StoreError) as info:
        store.count()
    assert info.value.code == "S007"
    with GraphStore.open(tmp_path / "store") as again:
        assert not again.closed


# -- writing -------------------------------------------------------------------------


def test_replace_graph_is_idempotent(empty_store: GraphStore) -> None:
    triples = _triples(50)
    empty_store.replace_graph(GRAPH_A, triples)
    first = empty_store.count()
    empty_store.replace_graph(GRAPH_A, triples)
    assert empty_store.count() == first == 50
    assert _graph_content(empty_store, GRAPH_A) == {(t.subject, t.predicate, t.object) for t in triples}


def test_replace_graph_removes_stale_triples_and_leaves_other_graphs(mini_store: GraphStore) -> None:
    before_b = _graph_content(mini_store, GRAPH_B)
    before_entities = _graph_content(mini_store, ENTITIES_GRAPH)
    new = _triples(3, tag="new ")
    mini_store.replace_graph(GRAPH_A, new)
    assert _graph_content(mini_store, GRAPH_A) == {(t.subject, t.predicate, t.object) for t in new}
    assert _graph_content(mini_store, GRAPH_B) == before_b
    assert _graph_content(mini_store, ENTITIES_GRAPH) == before_entities
    assert DOC_A not in mini_store.readout_ids()


def test_replace_graph_with_nothing_drops_the_graph(mini_store: GraphStore) -> None:
    mini_store.replace_graph(GRAPH_A, [])
    assert not mini_store.has_graph(GRAPH_A)
    assert mini_store.has_graph(GRAPH_B)


def test_replace_graph_failing_input_leaves_the_old_graph(mini_store: GraphStore) -> None:
    before = _graph_content(mini_store, GRAPH_A)

    def broken() -> Iterator[ox.Triple]:
        yield from _triples(5)
        raise RuntimeError("extractor crashed")

    with pytest.raises(RuntimeError):
        mini_store.replace_graph(GRAPH_A, broken())
    assert _graph_content(mini_store, GRAPH_A) == before


def test_replace_graph_is_one_transaction(mini_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    # The last triple serializes to text the store rejects: if dropping the old graph
    # were a separate step, it would already be gone.
    before = _graph_content(mini_store, GRAPH_A)
    real = store_module._statement
    triples = _triples(5)
    last = triples[-1]

    def statement(quad: ox.Quad) -> str:
        return f"{quad.subject} {quad.predicate} <not an iri ." if quad.object == last.object else real(quad)

    monkeypatch.setattr(store_module, "_statement", statement)
    with pytest.raises(StoreError) as info:
        mini_store.replace_graph(GRAPH_A, triples)
    assert info.value.code == "S005"
    assert _graph_content(mini_store, GRAPH_A) == before


@pytest.mark.parametrize(
    "value",
    [
        'quote " brace } backslash \\ end',
        "line\nbreak\r\ttab",
        "accents é à ç, emoji 🌍, nul \u0000 byte",
        "ends with a backslash \\",
    ],
)
def test_replace_graph_keeps_awkward_literals_intact(empty_store: GraphStore, value: str) -> None:
    triple = ox.Triple(ox.NamedNode(f"{DGID}x"), ox.NamedNode(f"{DG}quote"), ox.Literal(value))
    empty_store.replace_graph(GRAPH_A, [triple])
    assert _graph_content(empty_store, GRAPH_A) == {(triple.subject, triple.predicate, triple.object)}


def test_replace_graph_accepts_rdflib_graphs_tuples_and_quads(empty_store: GraphStore) -> None:
    g = Graph()
    g.add((URIRef(f"{DGID}a"), URIRef(f"{DG}p"), Literal("x", lang="fr")))
    g.add((URIRef(f"{DGID}a"), URIRef(f"{DG}q"), Literal(3)))
    empty_store.replace_graph(GRAPH_A, g)
    assert empty_store.count() == 2
    quad = ox.Quad(ox.NamedNode(f"{DGID}b"), ox.NamedNode(f"{DG}p"), ox.Literal("y"), ox.NamedNode("http://elsewhere"))
    empty_store.replace_graph(GRAPH_B, [quad])
    assert _graph_content(empty_store, GRAPH_B) == {(quad.subject, quad.predicate, quad.object)}
    assert not empty_store.has_graph("http://elsewhere")


def test_add_to_graph_keeps_what_is_there(mini_store: GraphStore) -> None:
    before = _graph_content(mini_store, ENTITIES_GRAPH)
    extra = _triples(2)
    mini_store.add_to_graph(ENTITIES_GRAPH, extra)
    mini_store.add_to_graph(ENTITIES_GRAPH, extra)  # a set: no duplicates
    after = _graph_content(mini_store, ENTITIES_GRAPH)
    assert after == before | {(t.subject, t.predicate, t.object) for t in extra}


@pytest.mark.parametrize(
    "triple",
    [
        (Literal("a literal"), URIRef(f"{DG}p"), Literal("x")),
        (URIRef(f"{DGID}a"), BNode(), Literal("x")),
    ],
    ids=["literal-subject", "blank-predicate"],
)
def test_add_to_graph_refuses_a_triple_rdf_cannot_hold(empty_store: GraphStore, triple: tuple[Any, Any, Any]) -> None:
    with pytest.raises(TypeError, match="cannot store"):
        empty_store.add_to_graph(ENTITIES_GRAPH, [triple])
    assert empty_store.count() == 0


# -- reading -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "digest", "expected"),
    [
        (DOC_A, HASH_A, True),
        (DOC_A, f"sha256:{HASH_A}", True),
        (DOC_A, "0" * 64, False),
        (DOC_B, HASH_A, False),  # another readout's hash
        ("999_unknown", HASH_A, False),
    ],
)
def test_has_readout(mini_store: GraphStore, doc: str, digest: str, expected: bool) -> None:
    assert mini_store.has_readout(doc, digest) is expected


def test_content_hash(mini_store: GraphStore) -> None:
    assert mini_store.content_hash(DOC_A) == f"sha256:{HASH_A}"
    assert mini_store.content_hash("999_unknown") is None


def test_readout_ids_and_named_graphs(mini_store: GraphStore) -> None:
    assert mini_store.readout_ids() == [DOC_A, DOC_B]
    assert mini_store.named_graphs() == sorted(
        [GRAPH_A, GRAPH_B, ENTITIES_GRAPH, f"{DGID}graph/ontology"]
    )


def test_stats_counts_what_the_fixture_holds(mini_store: GraphStore) -> None:
    # Hand counts of tests/data/mini.trig.
    assert mini_store.stats() == {
        "documents": 2,
        "triples": len(_mini_quads()),
        "leaders": 3,
        "countries": 3,
        "organizations": 1,
        "places": 1,
        "events": 4,
        "positions": 3,
    }


def test_stats_of_an_empty_store(empty_store: GraphStore) -> None:
    assert set(empty_store.stats().values()) == {0}


def test_query_sees_the_union_of_graphs(mini_store: GraphStore) -> None:
    result = mini_store.query(
        "SELECT ?label ?qid WHERE { ?leader a dg:Leader ; dg:wikidataId ?qid ; rdfs:label ?label "
        "FILTER(lang(?label) = 'en') }",
        bindings={"qid": ox.Literal("Q7747")},
    )
    assert [row["label"].value for row in result] == ["Vladimir Putin"]  # type: ignore[union-attr, index]


def test_query_syntax_error_is_q002(empty_store: GraphStore) -> None:
    with pytest.raises(QueryError) as info:
        empty_store.query("SELECT ?x WHERE { ?x }")
    assert info.value.code == "Q002"


def test_query_binding_outside_the_projection_is_q005(empty_store: GraphStore) -> None:
    with pytest.raises(QueryError) as info:
        empty_store.query("SELECT ?s WHERE { ?s ?p ?o }", bindings={"nope": ox.Literal("x")})
    assert info.value.code == "Q005"


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (URIRef("https://example.org/a"), ox.NamedNode("https://example.org/a")),
        (BNode("b1"), ox.BlankNode("b1")),
        (Literal("plain"), ox.Literal("plain")),
        (Literal("Russie", lang="fr"), ox.Literal("Russie", language="fr")),
        (Literal(7), ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        (
            Literal("2018-05", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")),
            ox.Literal("2018-05", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")),
        ),
        (ox.Literal("already"), ox.Literal("already")),
    ],
)
def test_to_ox(term: Any, expected: Any) -> None:
    assert to_ox(term) == expected


def test_to_ox_refuses_variables() -> None:
    with pytest.raises(TypeError):
        to_ox(Variable("x"))  # type: ignore[arg-type]


# -- export --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_round_trips(mini_store: GraphStore, out_dir: Path, fmt: str) -> None:
    dest = out_dir / f"out.{fmt}"
    mini_store.export(dest, fmt)
    rdf_format = EXPORT_FORMATS[fmt]
    parsed = list(ox.parse(path=str(dest), format=rdf_format))
    quads = set(mini_store.quads())
    if rdf_format.supports_datasets:
        assert set(parsed) == quads  # type: ignore[arg-type]
        assert len(parsed) == len(quads)
    else:
        union = {(q.subject, q.predicate, q.object) for q in quads}
        assert {(t.subject, t.predicate, t.object) for t in parsed} == union
        assert len(parsed) == len(union)
    assert [p.name for p in out_dir.iterdir()] == [dest.name]


def test_export_turtle_uses_our_prefixes(mini_store: GraphStore, out_dir: Path) -> None:
    mini_store.export(out_dir / "out.ttl", "turtle")
    text = (out_dir / "out.ttl").read_text(encoding="utf-8")
    assert "@prefix dg: <https://w3id.org/diplograph/ontology#> ." in text
    assert "dg:Leader" in text


def test_export_turtle_writes_a_triple_in_two_graphs_once(empty_store: GraphStore, out_dir: Path) -> None:
    triple = _triples(1)[0]
    empty_store.add_to_graph(GRAPH_A, [triple])
    empty_store.add_to_graph(GRAPH_B, [triple])
    empty_store.export(out_dir / "out.ttl", "ttl")
    assert len(list(ox.parse(path=str(out_dir / "out.ttl"), format=ox.RdfFormat.TURTLE))) == 1


def test_export_unknown_format_names_the_known_ones(mini_store: GraphStore, out_dir: Path) -> None:
    with pytest.raises(StoreError) as info:
        mini_store.export(out_dir / "out.xml", "rdfxml")
    assert info.value.code == "S003"
    for known in ("trig", "turtle", "nquads", "jsonld"):
        assert known in str(info.value)
    assert list(out_dir.iterdir()) == []


def test_export_failure_leaves_no_partial_file(
    mini_store: GraphStore, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = out_dir / "out.ttl"
    dest.write_text("previous export\n", encoding="utf-8")

    def half_then_fail(triples: Any, output: Any, *args: Any, **kwargs: Any) -> None:
        output.write(b"@prefix dg: <https://w3id.org/diplograph/ontology#> .\ndg:a dg:b ")
        raise OSError("No space left on device")

    monkeypatch.setattr(store_module.ox, "serialize", half_then_fail)
    with pytest.raises(StoreError) as info:
        mini_store.export(dest, "turtle")
    assert info.value.code == "S006"
    assert dest.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in out_dir.iterdir()] == ["out.ttl"]


def test_export_failure_in_a_dataset_format_leaves_no_file(mini_store: GraphStore, out_dir: Path) -> None:
    real = mini_store._store

    class FailingDump:
        def dump(self, output: Any, *args: Any, **kwargs: Any) -> None:
            output.write(b"<https://w3id.org/diplograph/id/a> ")
            raise ValueError("serializer gave up")

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    mini_store._store = FailingDump()  # type: ignore[assignment]
    try:
        with pytest.raises(StoreError) as info:
            mini_store.export(out_dir / "out.trig", "trig")
    finally:
        mini_store._store = real
    assert info.value.code == "S006"
    assert list(out_dir.iterdir()) == []
