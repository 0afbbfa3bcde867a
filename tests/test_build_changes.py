"""What the build counts as a changed readout, and how it reports its progress.

A readout is skipped only when the store holds it with the same text and the same
metadata: a date or source given by the build's options goes into its graph, so a new
one rebuilds it. Building the same input with the same options changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.build import doc_graph_iri, readout_triples
from graph.ingest import count_inputs, readout_from_text
from graph.pipeline import _record_predicates, _stored_as_is
from graph.records import Extraction, PartialDate, Readout
from graph.store import GraphStore

TEXT = "Emmanuel Macron s'est entretenu avec Vladimir Poutine. Il a souligné l'urgence."


def _readout(text: str = TEXT, **meta: object) -> Readout:
    return readout_from_text("a", text, **{"origin": "a.txt", **meta})  # type: ignore[arg-type]


def _stored(readout: Readout) -> GraphStore:
    store = GraphStore.open()
    store.replace_graph(str(doc_graph_iri(readout.id)), readout_triples(Extraction(readout=readout)))
    return store


@pytest.mark.parametrize(
    "meta",
    [{}, {"date": PartialDate(2018, 2)}, {"source": "Élysée"}, {"date": PartialDate(2018), "source": "Kremlin"}],
)
def test_the_same_readout_is_stored_as_is(meta: dict[str, object]) -> None:
    readout = _readout(**meta)
    with _stored(readout) as store:
        assert _stored_as_is(store, readout)
        assert _stored_as_is(store, _readout(**meta)), "read again, it is the same readout"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({}, {"date": PartialDate(2024, 1)}),
        ({"date": PartialDate(2024, 1)}, {"date": PartialDate(2024, 2)}),
        ({"date": PartialDate(2024, 1)}, {}),
        ({}, {"source": "Élysée"}),
        ({"source": "Élysée"}, {"source": "Kremlin"}),
        ({}, {"url": "https://www.elysee.fr/a"}),
        ({}, {"lang": "en"}),
        ({}, {"origin": "b.txt"}),
    ],
)
def test_changed_metadata_is_a_changed_readout(before: dict[str, object], after: dict[str, object]) -> None:
    with _stored(_readout(**before)) as store:
        assert not _stored_as_is(store, _readout(**after))


def test_a_changed_text_or_an_unknown_readout_is_not_stored_as_is() -> None:
    with _stored(_readout()) as store:
        assert not _stored_as_is(store, _readout(TEXT + " Il a insisté."))
        assert not _stored_as_is(store, readout_from_text("b", TEXT, origin="a.txt"))


def test_a_date_line_wins_over_the_option_so_the_readout_is_unchanged() -> None:
    text = "date 2018-02-09\n" + TEXT
    with _stored(_readout(text)) as store:
        assert _stored_as_is(store, _readout(text, date=PartialDate(2024, 1)))


def test_the_record_predicates_are_all_the_build_writes_from_a_record() -> None:
    """The comparison looks at what graph.build writes from the record alone: a readout
    with every field set must use exactly those predicates."""
    full = _readout(date=PartialDate(2018, 2, 9), source="Élysée", url="https://www.elysee.fr/a", lang="fr")
    written = {str(p) for _, p, _ in readout_triples(Extraction(readout=full))}
    assert written == set(_record_predicates())


# -- counting the inputs -------------------------------------------------------------


def test_count_inputs_counts_files_and_jsonl_records_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    lines = [json.dumps({"text": TEXT}), "", "  ", json.dumps({"text": TEXT}), "{not json"]
    (tmp_path / "sub" / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert count_inputs([tmp_path]) == 2 + 3
    assert count_inputs([tmp_path, tmp_path / "a.txt"]) == 5, "a file named twice is read once"
    assert count_inputs([tmp_path / "sub" / "batch.jsonl", tmp_path / "missing"]) == 3


# -- end to end, with the model ----------------------------------------------------------


@pytest.mark.slow
def test_build_date_over_stored_readouts_rebuilds_those_it_changes(tmp_path: Path) -> None:
    from graph.pipeline import build_graph
    from graph.query import run_query

    src = tmp_path / "in"
    src.mkdir()
    (src / "undated.txt").write_text(TEXT, encoding="utf-8")
    (src / "dated.txt").write_text("date 2018-02-09\n" + TEXT, encoding="utf-8")
    with GraphStore.open(tmp_path / "store") as store:
        first = build_graph([src], store)
        again = build_graph([src], store)
        assert (first.built, again.built, again.unchanged) == (2, 0, 2)
        n = store.count()

        dated = build_graph([src], store, date=PartialDate(2024, 1))
        assert (dated.built, dated.unchanged) == (1, 1), "only the readout without a date line takes --date"
        rows = run_query(store, "SELECT ?id ?d WHERE { ?r dcterms:identifier ?id ; schema:datePublished ?d }").rows
        assert {r["id"]: r["d"] for r in rows} == {"undated": "2024-01", "dated": "2018-02-09"}

        same = build_graph([src], store, date=PartialDate(2024, 1))
        assert (same.built, same.unchanged) == (0, 2), "the same options again change nothing"
        sourced = build_graph([src], store, date=PartialDate(2024, 1), source="Élysée")
        assert (sourced.built, sourced.unchanged) == (2, 0)

        back = build_graph([src], store)
        assert back.built == 2 and store.count() == n, "without the options, the first graph again"


@pytest.mark.slow
def test_progress_is_reported_once_per_readout(tmp_path: Path) -> None:
    from graph.pipeline import build_graph

    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    assert count_inputs([src]) == 4
    seen: list[int] = []
    with GraphStore.open() as store:
        build_graph([src], store, batch_size=16, on_error=lambda e: None, on_progress=seen.append)
        assert seen == [1, 2, 3, 4], "one call per readout, failed ones included, not one per batch"
        seen.clear()
        build_graph([src], store, on_error=lambda e: None, on_progress=seen.append)
        assert seen == [1, 2, 3, 4], "unchanged readouts count too"
