"""Tests of graph.query and the named queries, against tests/data/mini.trig.

The expected rows below are facts read off the hand-written fixture, not output
copied from the queries.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph.errors import QueryError
from graph.query import (
    NamedQuery,
    QueryResult,
    check_query_safe,
    named_queries,
    run_query,
)
from graph.store import GraphStore

MINI = Path(__file__).parent / "data" / "mini.trig"
DGID = "https://w3id.org/diplograph/id/"
DOC_A = "101_5f1e0c9a7b3d2e41"
DOC_B = "102_a9c4e8f10b2d3c57"
CALL_A = f"{DGID}event/{DOC_A}/e1"
VISIT_A = f"{DGID}event/{DOC_A}/e2"
ATTACK_A = f"{DGID}event/{DOC_A}/e3"
CALL_B = f"{DGID}event/{DOC_B}/e1"
MACRON, PUTIN, TOUADERA = "Emmanuel Macron", "Vladimir Putin", "Faustin-Archange Touadéra"

EVENTS_COLUMNS = ["event", "type", "main", "status", "date", "participant", "participantWikidata", "initiator", "doc"]
POSITIONS_COLUMNS = ["position", "speaker", "speakerWikidata", "act", "addressee", "topic", "quote", "event", "doc"]
MENTIONS_COLUMNS = ["doc", "kind", "label", "wikidata"]


@pytest.fixture(scope="module")
def store() -> GraphStore:
    s = GraphStore.open()
    s.load(MINI)
    return s


@pytest.fixture
def fresh_store() -> GraphStore:
    """A store of its own, for tests that change the data."""
    s = GraphStore.open()
    s.load(MINI)
    return s


def _rows(result: QueryResult, *columns: str) -> list[tuple[Any, ...]]:
    return [tuple(row[c] for c in columns) for row in result.rows]


# -- named queries: discovery and contract -------------------------------------------


def test_contract_queries_are_shipped() -> None:
    queries = named_queries()
    for name in ("events", "positions", "mentions", "calls", "leader-timeline", "topics", "cooccurrence", "sources"):
        assert name in queries
        assert queries[name].answers.endswith("?")


@pytest.mark.parametrize("query", list(named_queries().values()), ids=lambda q: q.name)
def test_every_named_query_parses_and_runs(store: GraphStore, query: NamedQuery) -> None:
    check_query_safe(query.sparql, store=store)
    result = run_query(store, name=query.name)
    assert result.columns
    assert all(set(row) == set(result.columns) for row in result.rows)


@pytest.mark.parametrize(
    ("query", "param"),
    [(q, p) for q in named_queries().values() for p in q.param_names],
    ids=lambda v: v if isinstance(v, str) else v.name,
)
def test_every_declared_param_can_be_bound(store: GraphStore, query: NamedQuery, param: str) -> None:
    # Every parameter filters: a value nothing matches leaves no row (and does not
    # break the query, though it holds a quote and a brace).
    result = run_query(store, query.name, params={param: 'no such value " } ;'})
    assert result.rows == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("events", EVENTS_COLUMNS), ("positions", POSITIONS_COLUMNS), ("mentions", MENTIONS_COLUMNS)],
)
def test_contract_columns(store: GraphStore, name: str, expected: list[str]) -> None:
    columns = run_query(store, name=name).columns
    assert columns[: len(expected)] == expected


# -- events ----------------------------------------------------------------------------


def test_events_rows(store: GraphStore) -> None:
    result = run_query(store, "events")
    columns = ("doc", "event", "type", "main", "status", "date", "participant", "participantWikidata", "initiator")
    got = _rows(result, *columns)
    assert got == [
        (DOC_A, CALL_A, "PhoneCall", True, "occurred", "2018-02-23", MACRON, "Q3052772", PUTIN),
        (DOC_A, CALL_A, "PhoneCall", True, "occurred", "2018-02-23", PUTIN, "Q7747", PUTIN),
        (DOC_A, VISIT_A, "Visit", False, "planned", "2018-05", MACRON, "Q3052772", None),
        (DOC_A, ATTACK_A, "Attack", False, "occurred", "2017-04-04", None, None, None),
        (DOC_B, CALL_B, "PhoneCall", True, "occurred", "2018-03-02", MACRON, "Q3052772", None),
        (DOC_B, CALL_B, "PhoneCall", True, "occurred", "2018-03-02", TOUADERA, None, None),
    ]


def test_events_main_is_true_only_for_reported_events(store: GraphStore) -> None:
    result = run_query(store, "events")
    main = {row["event"] for row in result.rows if row["main"] is True}
    assert main == {CALL_A, CALL_B}
    assert all(isinstance(row["main"], bool) for row in result.rows)


def test_events_doc_param(store: GraphStore) -> None:
    result = run_query(store, "events", params={"doc": DOC_B})
    assert {row["doc"] for row in result.rows} == {DOC_B}
    assert {row["participant"] for row in result.rows} == {MACRON, TOUADERA}


def test_events_without_the_ontology_graph_still_have_type_and_status(fresh_store: GraphStore) -> None:
    fresh_store.remove_graph(f"{DGID}graph/ontology")
    rows = run_query(fresh_store, "events", params={"doc": DOC_A}).rows
    assert {(r["event"], r["type"], r["status"]) for r in rows} == {
        (CALL_A, "PhoneCall", "occurred"),
        (VISIT_A, "Visit", "planned"),
        (ATTACK_A, "Attack", "occurred"),
    }


def _add_second_report_of_call_a(store: GraphStore) -> None:
    """A third readout that reports the same call as readout 101 (merged)."""
    store.replace_graph(
        f"{DGID}graph/doc/103_c0ffee0000000001",
        ox.parse(
            input=f"""
            @prefix dg: <https://w3id.org/diplograph/ontology#> .
            @prefix dgs: <https://w3id.org/diplograph/scheme/> .
            @prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
            @prefix dcterms: <http://purl.org/dc/terms/> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            <{DGID}readout/103_c0ffee0000000001> a dg:Readout ;
                dcterms:identifier "103_c0ffee0000000001" ;
                dg:reports <{CALL_A}> .
            <{CALL_A}> a dg:PhoneCall ;
                dg:eventType <https://w3id.org/diplograph/scheme/event-type/PhoneCall> ;
                dg:status <https://w3id.org/diplograph/scheme/status/occurred> ;
                sem:hasActor <{DGID}leader/Q7747> ;
                sem:hasTimeStamp "2018-02"^^xsd:gYearMonth .
            """,
            format=ox.RdfFormat.TURTLE,
        ),
    )


def test_events_same_event_reported_by_two_readouts_gives_rows_for_each(fresh_store: GraphStore) -> None:
    _add_second_report_of_call_a(fresh_store)
    rows = [r for r in run_query(fresh_store, "events").rows if r["event"] == CALL_A]
    # Each readout's own account: 101 names both leaders, 103 only Putin and a vaguer date.
    assert _rows(QueryResult(columns=EVENTS_COLUMNS, rows=rows), "doc", "participant", "date") == [
        (DOC_A, MACRON, "2018-02-23"),
        (DOC_A, PUTIN, "2018-02-23"),
        ("103_c0ffee0000000001", PUTIN, "2018-02"),
    ]


def test_sources_lists_events_with_several_readouts(store: GraphStore, fresh_store: GraphStore) -> None:
    assert run_query(store, "sources").rows == []
    _add_second_report_of_call_a(fresh_store)
    rows = run_query(fresh_store, "sources").rows
    assert [(r["event"], r["sources"], r["docs"], r["reportedBy"]) for r in rows] == [
        (CALL_A, 2, f"{DOC_A};103_c0ffee0000000001", f"{DOC_A};103_c0ffee0000000001")
    ]
    assert set(rows[0]["dates"].split(";")) == {"2018-02-23", "2018-02"}


# -- positions -------------------------------------------------------------------------


def test_positions_rows(store: GraphStore) -> None:
    result = run_query(store, "positions")
    got = _rows(result, "position", "speaker", "speakerWikidata", "act", "addressee", "topic", "event", "doc")
    p = f"{DGID}position/"
    assert got == [
        (f"{p}{DOC_A}/p1", MACRON, "Q3052772", "stress", PUTIN, "chemical weapons", CALL_A, DOC_A),
        (f"{p}{DOC_A}/p2", MACRON, "Q3052772", "agree", None, "humanitarian access;Syrian war", CALL_A, DOC_A),
        (f"{p}{DOC_A}/p2", PUTIN, "Q7747", "agree", None, "humanitarian access;Syrian war", CALL_A, DOC_A),
        (f"{p}{DOC_B}/p1", TOUADERA, None, "inform", MACRON, "bilateral relations", CALL_B, DOC_B),
    ]


def test_positions_joint_position_gives_one_row_per_speaker(store: GraphStore) -> None:
    rows = [r for r in run_query(store, "positions").rows if r["position"].endswith(f"{DOC_A}/p2")]
    assert sorted(r["speaker"] for r in rows) == [MACRON, PUTIN]
    assert len({(r["quote"], r["topic"], r["act"]) for r in rows}) == 1


def test_positions_topics_are_sorted(store: GraphStore) -> None:
    for row in run_query(store, "positions").rows:
        topics = row["topic"].split(";")
        assert topics == sorted(topics, key=str.lower)


def test_positions_extra_columns(store: GraphStore) -> None:
    rows = {(r["position"], r["speaker"]): r for r in run_query(store, "positions").rows}
    p1 = rows[(f"{DGID}position/{DOC_A}/p1", MACRON)]
    assert (p1["attribution"], p1["start"], p1["end"]) == ("implicit", 81, 129)
    assert p1["quote"] == "Il a souligné l'interdiction des armes chimiques"
    assert rows[(f"{DGID}position/{DOC_A}/p2", PUTIN)]["entities"] == "United Nations"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"speakerWikidata": "Q7747"}, [(f"{DOC_A}/p2", PUTIN)]),
        ({"?speakerWikidata": "Q3052772", "doc": DOC_B}, []),
        ({"speakerWikidata": "Q3052772"}, [(f"{DOC_A}/p1", MACRON), (f"{DOC_A}/p2", MACRON)]),
        ({"doc": DOC_B}, [(f"{DOC_B}/p1", TOUADERA)]),
    ],
)
def test_positions_params(store: GraphStore, params: dict[str, str], expected: list[tuple[str, str]]) -> None:
    rows = run_query(store, "positions", params=params).rows
    assert [(r["position"].removeprefix(f"{DGID}position/"), r["speaker"]) for r in rows] == expected


# -- mentions --------------------------------------------------------------------------


def test_mentions_rows(store: GraphStore) -> None:
    got = _rows(run_query(store, "mentions"), "doc", "kind", "label", "wikidata", "count")
    assert got == [
        (DOC_A, "Country", "France", "Q142", 0),
        (DOC_A, "Country", "Russia", "Q159", 1),
        (DOC_A, "Leader", MACRON, "Q3052772", 1),
        (DOC_A, "Leader", PUTIN, "Q7747", 2),
        (DOC_A, "Organization", "United Nations", "Q1065", 1),
        (DOC_A, "Place", "Sochi", "Q7704", 0),
        (DOC_B, "Country", "Central African Republic", "Q929", 0),
        (DOC_B, "Country", "France", "Q142", 0),
        (DOC_B, "Leader", MACRON, "Q3052772", 0),
        (DOC_B, "Leader", TOUADERA, None, 1),
    ]


def test_mentions_counts_with_dg_denotes(fresh_store: GraphStore) -> None:
    before = run_query(fresh_store, "mentions").rows
    fresh_store._require().update(
        "PREFIX dg: <https://w3id.org/diplograph/ontology#> "
        "DELETE { GRAPH ?g { ?m dg:refersTo ?e } } INSERT { GRAPH ?g { ?m dg:denotes ?e } } "
        "WHERE { GRAPH ?g { ?m a dg:Mention ; dg:refersTo ?e } }"
    )
    assert run_query(fresh_store, "mentions").rows == before


# -- the other named queries ------------------------------------------------------------


def test_calls(store: GraphStore) -> None:
    got = _rows(run_query(store, "calls"), "event", "date", "leaderA", "leaderB", "initiator", "docs")
    assert got == [
        (CALL_A, "2018-02-23", MACRON, PUTIN, PUTIN, DOC_A),
        (CALL_B, "2018-03-02", MACRON, TOUADERA, None, DOC_B),
    ]


def test_calls_gathers_the_readouts_of_a_merged_call(fresh_store: GraphStore) -> None:
    _add_second_report_of_call_a(fresh_store)
    # A third account of the call that gives no date must not void the others'.
    fresh_store.replace_graph(
        f"{DGID}graph/doc/104_c0ffee0000000002",
        ox.parse(
            input=f"""
            <{DGID}readout/104_c0ffee0000000002> a <https://w3id.org/diplograph/ontology#Readout> ;
                <http://purl.org/dc/terms/identifier> "104_c0ffee0000000002" ;
                <https://w3id.org/diplograph/ontology#reports> <{CALL_A}> .
            """,
            format=ox.RdfFormat.TURTLE,
        ),
    )
    rows = [r for r in run_query(fresh_store, "calls").rows if r["event"] == CALL_A]
    assert [(r["leaderA"], r["leaderB"], r["docs"]) for r in rows] == [
        (MACRON, PUTIN, f"{DOC_A};103_c0ffee0000000001;104_c0ffee0000000002")
    ]
    assert rows[0]["date"] == "2018-02"  # the earliest (and vaguest) a source gives


@pytest.mark.parametrize(
    ("leader", "expected"),
    [
        ("Q7747", [(PUTIN, "agree")]),
        ("vladimir poutine", [(PUTIN, "agree")]),
        ("Emmanuel Macron", [(MACRON, "stress"), (MACRON, "agree")]),
        (TOUADERA, [(TOUADERA, "inform")]),
        ("Nobody", []),
    ],
)
def test_leader_timeline(store: GraphStore, leader: str, expected: list[tuple[str, str]]) -> None:
    rows = run_query(store, "leader-timeline", params={"leader": leader}).rows
    assert [(r["speaker"], r["act"]) for r in rows] == expected
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_leader_timeline_without_a_leader_lists_everyone(store: GraphStore) -> None:
    rows = run_query(store, "leader-timeline").rows
    assert len(rows) == len(run_query(store, "positions").rows)


def test_topics(store: GraphStore) -> None:
    got = _rows(run_query(store, "topics", params={"doc": DOC_A}), "doc", "topic", "label", "positions")
    assert sorted(got) == [
        (DOC_A, "chemical-weapons", "chemical weapons", 1),
        (DOC_A, "humanitarian-access", "humanitarian access", 1),
        (DOC_A, "syrian-war", "Syrian war", 1),
    ]


def test_cooccurrence(store: GraphStore) -> None:
    got = _rows(run_query(store, "cooccurrence"), "topicA", "topicB", "positions", "docs")
    assert got == [("humanitarian-access", "syrian-war", 1, 1)]


# -- parameters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ['Q7747" } UNION { ?s ?p ?o', "Q7747'} #", '"}', "\\", "Q7747\n} ."],
)
def test_params_are_bound_not_formatted(store: GraphStore, value: str) -> None:
    assert run_query(store, "positions", params={"speakerWikidata": value}).rows == []
    result = run_query(store, "SELECT ?doc ?x WHERE { ?r dcterms:identifier ?doc }", params={"x": value})
    assert {row["x"] for row in result.rows} == {value}


def test_iri_params(store: GraphStore) -> None:
    result = run_query(
        store, "SELECT ?event ?type WHERE { ?event dg:eventType ?type }", params={"event": f"<{VISIT_A}>"}
    )
    assert [row["type"] for row in result.rows] == ["https://w3id.org/diplograph/scheme/event-type/Visit"]


@pytest.mark.parametrize(
    ("value", "datatype"),
    [(3, "integer"), (True, "boolean"), (2.5, "double"), ("3", "string")],
)
def test_typed_params(store: GraphStore, value: Any, datatype: str) -> None:
    result = run_query(store, "SELECT ?x (DATATYPE(?x) AS ?t) WHERE {}", params={"x": value})
    assert result.rows[0]["t"] == f"http://www.w3.org/2001/XMLSchema#{datatype}"


def test_invalid_iri_param_is_q008(store: GraphStore) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, "SELECT ?x WHERE {}", params={"x": "<not an iri>"})
    assert info.value.code == "Q008"


@pytest.mark.parametrize("value", ["\ud800", "a\udcffb"])
def test_a_param_with_a_lone_surrogate_is_s010_not_a_traceback(store: GraphStore, value: str) -> None:
    """Found by fuzzing: pyoxigraph refuses such text with a bare ValueError. A command
    line argument holding bytes that are not UTF-8 arrives in Python as one."""
    with pytest.raises(QueryError) as info:
        run_query(store, name="events", params={"doc": value})
    assert info.value.code == "Q014"


@pytest.mark.parametrize(
    ("query", "params"),
    [("events", {"speaker": "Q7747"}), ("calls", {"doc": DOC_A}), ("SELECT ?a WHERE { ?a ?b ?c }", {"zzz": "1"})],
)
def test_undeclared_param_is_q005(store: GraphStore, query: str, params: dict[str, str]) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, query, params=params)
    assert info.value.code == "Q005"
    assert f"parameter {next(iter(params))!r}" in str(info.value)


def test_unknown_name_is_q001_and_lists_the_known_ones(store: GraphStore) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, name="evnts")
    assert info.value.code == "Q001"
    assert "events" in str(info.value) and "positions" in str(info.value)


def test_run_query_wants_exactly_one_query(store: GraphStore) -> None:
    with pytest.raises(TypeError):
        run_query(store)
    with pytest.raises(TypeError):
        run_query(store, "SELECT * WHERE {}", name="events")


# -- safety ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sparql", "code", "feature"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "Q003", "SERVICE"),
        ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT ?where { ?s ?q ?r } } }", "Q003", "SERVICE"),
        ("select * where { { ?s ?p ?o } union { service <http://x.org/> { ?s ?p ?o } } }", "Q003", "SERVICE"),
        ("LOAD <http://example.org/data.ttl>", "Q003", "LOAD"),
        ("LOAD SILENT <http://example.org/d.ttl> INTO GRAPH <http://g>", "Q003", "LOAD"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "Q007", "INSERT DATA"),
        ("DELETE WHERE { ?s ?p ?o }", "Q007", "DELETE WHERE"),
        ("DROP ALL", "Q007", "DROP"),
        ("SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }", "Q003", "FROM"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "Q003", "FROM NAMED"),
        ("PREFIX ex: <http://example.org/> SELECT * FROM ex:r WHERE { ?s ?p ?o }", "Q003", "http://example.org/r"),
    ],
)
def test_refused_queries(store: GraphStore, sparql: str, code: str, feature: str) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, sparql)
    assert info.value.code == code
    assert feature in str(info.value)


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT ?x WHERE { BIND("SERVICE <http://example.org/> { }" AS ?x) }',
        "SELECT ?x WHERE { BIND('LOAD <http://example.org/>' AS ?x) }",
        "# SERVICE <http://example.org/> in a comment\nSELECT ?x WHERE { BIND(1 AS ?x) }",
        'ASK { ?s ?p "FROM <http://example.org/>" }',
    ],
)
def test_the_words_alone_are_allowed(store: GraphStore, sparql: str) -> None:
    check_query_safe(sparql, store=store)
    run_query(store, sparql)


def test_from_a_local_graph_is_allowed_and_restricts_the_query(store: GraphStore) -> None:
    graph_b = f"{DGID}graph/doc/{DOC_B}"
    for sparql in (
        f"SELECT ?doc FROM <{graph_b}> WHERE {{ ?r a dg:Readout ; dcterms:identifier ?doc }}",
        f"PREFIX g: <{DGID}graph/doc/> SELECT ?doc FROM g:{DOC_B} WHERE {{ ?r dcterms:identifier ?doc }}",
    ):
        assert [row["doc"] for row in run_query(store, sparql).rows] == [DOC_B]


def test_from_is_refused_without_a_store() -> None:
    with pytest.raises(QueryError) as info:
        check_query_safe(f"SELECT * FROM <{DGID}graph/entities> WHERE {{ ?s ?p ?o }}")
    assert info.value.code == "Q003"


@pytest.mark.parametrize(
    ("sparql", "where"),
    [("SELECT ?x WHERE { ?x }", "line 1"), ("SELECT ?x\nWHERE {\n  ?x ?y\n}", "line 3"), ("not sparql", "line 1")],
)
def test_syntax_errors_are_q002_with_the_position(store: GraphStore, sparql: str, where: str) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, sparql)
    assert info.value.code == "Q002"
    assert where in str(info.value)


# -- results ---------------------------------------------------------------------------


def test_json_is_sparql_results_json(store: GraphStore) -> None:
    result = run_query(store, "events")
    doc = json.loads(result.to_json())
    assert doc["head"]["vars"] == result.columns
    bindings = doc["results"]["bindings"]
    assert len(bindings) == len(result.rows)
    for binding, row in zip(bindings, result.rows, strict=True):
        assert set(binding) == {c for c in result.columns if row[c] is not None}
        for term in binding.values():
            assert term["type"] in {"uri", "literal", "bnode"}
            assert isinstance(term["value"], str)
    assert bindings[0]["main"] == {
        "type": "literal", "value": "true", "datatype": "http://www.w3.org/2001/XMLSchema#boolean"
    }
    assert bindings[0]["event"] == {"type": "uri", "value": CALL_A}
    assert bindings[0]["participant"] == {"type": "literal", "value": MACRON}
    # pyoxigraph's own parser reads it back to the same terms.
    parsed = ox.parse_query_results(result.to_json(), format=ox.QueryResultsFormat.JSON)
    assert [tuple(solution) for solution in parsed] == result.terms  # type: ignore[union-attr]


def test_json_keeps_language_tags(store: GraphStore) -> None:
    result = run_query(store, "SELECT ?l WHERE { ?x dg:wikidataId 'Q159' ; rdfs:label ?l FILTER(lang(?l) = 'fr') }")
    assert json.loads(result.to_json())["results"]["bindings"] == [
        {"l": {"type": "literal", "value": "Russie", "xml:lang": "fr"}}
    ]


def test_ask_and_construct(store: GraphStore) -> None:
    ask = run_query(store, "ASK { ?x dg:wikidataId 'Q7747' }")
    assert ask.boolean is True
    assert json.loads(ask.to_json()) == {"head": {}, "boolean": True}
    construct = run_query(store, "CONSTRUCT { ?x dg:wikidataId ?q } WHERE { ?x dg:wikidataId ?q FILTER(?q = 'Q7747') }")
    assert construct.columns == ["subject", "predicate", "object"]
    assert construct.rows == [
        {
            "subject": f"{DGID}leader/Q7747",
            "predicate": "https://w3id.org/diplograph/ontology#wikidataId",
            "object": "Q7747",
        }
    ]


def test_csv_has_a_header_row_and_one_line_per_row(store: GraphStore) -> None:
    result = run_query(store, "positions")
    text = result.to_csv()
    assert text.splitlines()[0] == ",".join(result.columns)
    records = list(csv.reader(io.StringIO(text)))
    assert len(records) == len(result.rows) + 1
    assert records[1][result.columns.index("speaker")] == MACRON
    assert records[4][result.columns.index("speakerWikidata")] == ""  # unbound


def test_tsv(store: GraphStore) -> None:
    lines = run_query(store, "mentions", params={"doc": DOC_B}).to_tsv().splitlines()
    assert lines[0].split("\t")[:4] == ["?doc", "?kind", "?label", "?wikidata"]
    assert len(lines) == 5


def test_table_and_dataframe(store: GraphStore) -> None:
    result = run_query(store, "events")
    table = result.to_table()
    assert [column.header for column in table.columns] == result.columns
    assert table.row_count == len(result.rows)
    frame = result.to_dataframe()
    assert list(frame.columns) == result.columns
    assert len(frame) == len(result.rows)
    assert "Vladimir Putin" in result.render("table")


def test_render_unknown_format_is_q004(store: GraphStore) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, "events").render("xml")
    assert info.value.code == "Q004"
    assert "json" in str(info.value)


# -- query files -------------------------------------------------------------------------


def test_header_parsing(tmp_path: Path) -> None:
    (tmp_path / "by-leader.rq").write_text(
        "# name: by-leader\n# answers: What?\n# params: ?leader (a name (or QID))\n#   ?doc (an id)\n"
        "SELECT ?leader ?doc WHERE { ?r ?leader ?doc }\n",
        encoding="utf-8",
    )
    query = named_queries(tmp_path)["by-leader"]
    assert query.params == (("leader", "a name (or QID)"), ("doc", "an id"))
    assert query.answers == "What?"
    assert query.path == tmp_path / "by-leader.rq"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE {}\n",
        "# name: other\n# answers: What?\n# params: none\nSELECT * WHERE {}\n",
        "# name: broken\n# params: none\nSELECT * WHERE {}\n",
        "# name: broken\n# answers: What?\n# params: leader\nSELECT * WHERE {}\n",
    ],
)
def test_malformed_header_is_q006(tmp_path: Path, text: str) -> None:
    (tmp_path / "broken.rq").write_text(text, encoding="utf-8")
    with pytest.raises(QueryError) as info:
        named_queries(tmp_path)
    assert info.value.code == "Q006"
    assert "broken.rq" in str(info.value)


def test_max_rows_keeps_the_first_solutions_and_says_more_were_cut(store: GraphStore) -> None:
    everything = run_query(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o")
    assert len(everything) > 3 and not everything.truncated
    cut = run_query(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", max_rows=3)
    assert cut.truncated and cut.rows == everything.rows[:3]
    exact = run_query(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=len(everything))
    assert len(exact) == len(everything) and not exact.truncated
    triples = run_query(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", max_rows=2)
    assert triples.is_graph and triples.truncated and len(triples) == 2
