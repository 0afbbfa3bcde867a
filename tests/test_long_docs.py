"""Long readouts: refused above a size limit, parsed in pieces below it, with exact offsets."""

from __future__ import annotations

import json
import random
from bisect import bisect_left
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.errors import ExtractError, IngestError
from graph.eval.longdoc import long_readout, sample_paragraphs
from graph.extract import chunk_text
from graph.ingest import DEFAULT_MAX_CHARS, read_inputs, readout_from_text
from graph.records import PartialDate, Readout

runner = CliRunner()

LONG = 20_000  # characters of the long readout of the slow tests
PIECE = 2_000  # and the piece size they parse it with


def _messy(text: str) -> str:
    """The text as a user's file may have it: CRLF line ends, runs of spaces, no-break
    spaces and a page break, which the clean-up undoes (so raw and cleaned offsets differ)."""
    return text.replace("\n", "\r\n").replace(" la ", "  la ").replace(" de ", " de\u00a0", 40).replace(
        "\r\n\r\n", "\r\n\r\n\x0c\r\n", 3
    )


# --------------------------------------------------------------------------- pieces


def test_pieces_keep_every_character_and_end_at_paragraphs_then_sentences_then_spaces() -> None:
    paragraph = "Il a dit. " * 30  # 300 characters, sentences but no paragraph break
    text = "\n\n".join([paragraph.strip()] * 10)
    pieces = chunk_text(text, 1_000)
    assert "".join(pieces) == text
    assert all(len(p) <= 1_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # paragraphs fit: cut at their breaks

    one = paragraph * 10  # no paragraph break: cut after a sentence end
    pieces = chunk_text(one, 1_000)
    assert "".join(pieces) == one and len(pieces) == 3
    assert all(p.endswith(". ") for p in pieces[:-1])

    words = "mot " * 1_000  # no sentence end: cut after a space, never inside a word
    pieces = chunk_text(words, 999)
    assert "".join(pieces) == words
    assert all(p.endswith(" ") and len(p) <= 999 for p in pieces[:-1])

    assert chunk_text("a" * 2_500, 1_000) == ["a" * 1_000, "a" * 1_000, "a" * 500]  # nowhere else to cut
    assert chunk_text(text, len(text)) == [text]


def test_pieces_of_random_texts_join_back_and_respect_the_limit() -> None:
    rng = random.Random(12)
    for _ in range(500):
        text = "".join(rng.choice("ab .!?»\n") for _ in range(rng.randint(1, 400)))
        limit = rng.randint(1, 60)
        pieces = chunk_text(text, limit)
        assert "".join(pieces) == text
        assert all(0 < len(p) <= limit for p in pieces)


def test_a_piece_size_below_one_is_refused() -> None:
    with pytest.raises(ExtractError) as info:
        chunk_text("texte", 0)
    assert info.value.code == "E006"


class _CountingNlp:
    """A blank French pipeline (tokenizer only) that records each nlp.pipe call."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.blank("fr")
        self.calls: list[dict[str, Any]] = []

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        return self.nlp.pipe(texts, **kwargs)


def test_short_readouts_go_through_one_pipe_and_long_ones_in_pieces_in_order() -> None:
    from graph.extract import parse_readouts

    short = [readout_from_text(f"s{i}", f"Texte court numéro {i}.") for i in range(5)]
    nlp = _CountingNlp()
    out = list(parse_readouts(nlp, short, batch_size=3, n_process=1))  # type: ignore[arg-type]
    assert [r.id for r, _ in out] == ["s0", "s1", "s2", "s3", "s4"]
    assert nlp.calls == [{"as_tuples": True, "batch_size": 3, "n_process": 1}]  # as before: one pipe

    long = readout_from_text("long", long_readout(5_000))
    nlp = _CountingNlp()
    out = list(parse_readouts(nlp, [short[0], long, short[1], short[2]], batch_size=3, piece_chars=1_000))  # type: ignore[arg-type]
    assert [r.id for r, _ in out] == ["s0", "long", "s1", "s2"]
    assert all(doc.text == r.text for r, doc in out)
    assert [c.get("batch_size") for c in nlp.calls] == [3, 1, 3]  # the pieces one at a time
    assert len(out[1][1]) == len(nlp.nlp(long.text))  # tokenized as the whole text


def test_the_long_readout_is_made_of_the_sample_paragraphs() -> None:
    text = long_readout(LONG)
    assert LONG <= len(text) < LONG + max(map(len, sample_paragraphs())) + 2
    assert set(text.split("\n\n")) == set(sample_paragraphs())


# --------------------------------------------------------------------------- the limit


def test_the_new_messages_are_codes_of_their_own() -> None:
    """Two templates with the same text would make one an alias of the other, and raise
    under the other's code."""
    from graph.errors import Msg

    assert Msg.I014.name == "I014" and Msg.E006.name == "E006"


def test_a_text_file_over_the_limit_is_refused_with_its_size_and_the_option(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("x " * 600, encoding="utf-8")  # 1,200 characters
    (tmp_path / "short.txt").write_text("Emmanuel Macron a parlé.", encoding="utf-8")
    errors: list[IngestError] = []
    read = list(read_inputs([tmp_path], max_chars=1_000, on_error=errors.append))
    assert [r.id for r in read] == ["short"]
    assert [e.code for e in errors] == ["I014"]
    message = str(errors[0])
    assert message.startswith(f"[I014] {tmp_path / 'long.txt'}: ")
    assert "1,200 characters" in message and "1,000" in message and "--max-chars" in message
    # at the limit itself it is read
    assert [r.id for r in read_inputs([tmp_path], max_chars=1_200)] == ["long", "short"]


def test_a_jsonl_record_over_the_limit_is_named_by_line_and_id(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [{"id": "a", "text": "Court."}, {"id": "big", "text": "y" * 5_000}, {"id": "c", "text": "Court aussi."}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    errors: list[IngestError] = []
    read = list(read_inputs([path], max_chars=4_999, on_error=errors.append))
    assert [r.id for r in read] == ["a", "c"]
    assert len(errors) == 1 and errors[0].code == "I014"
    assert f"{path}:2: the record 'big' is 5,000 characters long" in str(errors[0])


def test_the_default_limit_is_generous_and_no_limit_means_none() -> None:
    assert DEFAULT_MAX_CHARS == 2_000_000
    r = readout_from_text("a", "z" * 10)
    assert r.text == "z" * 10


def test_build_refuses_a_limit_below_one_before_reading_anything(tmp_path: Path) -> None:
    from graph.pipeline import build_graph
    from graph.store import GraphStore

    with GraphStore.open() as store:
        for name, value in (("max_chars", 0), ("piece_chars", -5)):
            with pytest.raises(ExtractError) as info:
                build_graph([tmp_path], store, **{name: value})
            assert info.value.code == "E006" and name in str(info.value)


def test_the_cli_offers_max_chars_and_checks_it() -> None:
    out = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "200"}).output
    assert "--max-chars" in out
    assert "--max-chars" in runner.invoke(app, ["demo", "--help"], env={"COLUMNS": "200"}).output
    bad = runner.invoke(app, ["build", "in", "--max-chars", "0"])
    assert bad.exit_code == 2


# --------------------------------------------------------------------------- with the model


def _cuts(text: str, limit: int) -> list[int]:
    pieces = chunk_text(text, limit)
    at, cuts = 0, []
    for p in pieces[:-1]:
        at += len(p)
        cuts.append(at)
    return cuts


def _far(cuts: list[int], start: int, end: int, margin: int = 200) -> bool:
    """Whether [start, end) keeps ``margin`` characters away from every cut."""
    k = bisect_left(cuts, start - margin)
    return k == len(cuts) or cuts[k] >= end + margin


@pytest.fixture(scope="module")
def long_readout_parsed(nlp: Any) -> tuple[Readout, Any, Any]:
    """The long readout, and its parse whole and in pieces of PIECE characters."""
    from graph.extract import parse_readouts

    r = readout_from_text("long", _messy(long_readout(LONG)), date=PartialDate(2018, 2))
    [(_, whole)] = list(parse_readouts(nlp, [r], piece_chars=10 * LONG))
    [(_, cut)] = list(parse_readouts(nlp, [r], piece_chars=PIECE))
    return r, whole, cut


@pytest.mark.slow
def test_a_long_readout_parsed_in_pieces_keeps_exact_raw_offsets(long_readout_parsed: Any) -> None:
    r, _, doc = long_readout_parsed
    assert len(_cuts(r.text, PIECE)) >= 9
    assert r.raw != r.text  # the clean-up changed the text: the offset map is at work
    assert doc.text == r.text
    for tok in doc:
        if tok.is_space:
            continue
        start, end = r.raw_span(tok.idx, tok.idx + len(tok.text))
        assert r.raw[start:end] == tok.text, tok.i
    spans = [*doc.ents, *doc.sents]
    assert len(doc.ents) > 100 and len(list(doc.sents)) > 100
    for span in spans:
        # every character of the span comes from the same character of the raw text, or
        # from whitespace the clean-up turned into one space
        for i in range(span.start_char, span.end_char):
            c, raw = r.text[i], r.raw[r.to_raw(i)]
            assert c == raw or (c.isspace() and raw.isspace()), (span, i)
        text = span.text.rstrip()  # a sentence may end with the paragraph break after it
        start, end = r.raw_span(span.start_char, span.start_char + len(text))
        assert r.raw[start] == text[0] and r.raw[end - 1] == text[-1], span


@pytest.mark.slow
def test_the_pieces_give_the_parse_of_the_whole_away_from_the_cuts(long_readout_parsed: Any) -> None:
    r, whole, cut = long_readout_parsed
    cuts = _cuts(r.text, PIECE)
    assert [t.idx for t in whole] == [t.idx for t in cut]  # the same tokens

    def annotations(doc: Any) -> list[tuple[Any, ...]]:
        return [
            (t.i, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_type_, t.ent_id_, t.is_sent_start)
            for t in doc if _far(cuts, t.idx, t.idx + len(t))
        ]

    far = annotations(whole)
    assert len(far) > len(whole) // 2
    assert annotations(cut) == far


@pytest.mark.slow
def test_the_pieces_give_the_extraction_of_the_whole_away_from_the_cuts(long_readout_parsed: Any) -> None:
    from graph.extract import extract_doc
    from graph.extract.topics import make_topic_tagger
    from graph.gazetteer import Gazetteer
    from graph.ontology import concepts

    r, whole, cut = long_readout_parsed
    gaz = Gazetteer.default()
    tagger = make_topic_tagger(
        (c.notation, (c.pref_label_en, c.pref_label_fr, *c.alt_labels_fr, *c.alt_labels_en))
        for c in concepts("topics")
    )
    cuts = [r.to_raw(c) for c in _cuts(r.text, PIECE)]  # the records' offsets are raw ones

    def found(doc: Any) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
        ex = extract_doc(doc, r, gaz, tagger)
        for m in ex.mentions:
            assert r.raw[m.span.start:m.span.end] == m.span.text
        mentions = {(m.entity.key, m.span.start, m.span.end, m.via) for m in ex.mentions
                    if _far(cuts, m.span.start, m.span.end)}
        positions = {(p.act, p.quote.start, p.quote.end, tuple(s.key for s in p.speakers)) for p in ex.positions
                     if _far(cuts, p.quote.start, p.quote.end)}
        return mentions, positions

    mentions, positions = found(whole)
    assert len(mentions) > 100 and len(positions) > 20
    assert found(cut) == (mentions, positions)


def _long_folder(tmp_path: Path) -> Path:
    from graph.resources import samples_dir

    src = tmp_path / "in"
    src.mkdir()
    (src / "long.txt").write_text(long_readout(LONG), encoding="utf-8")
    sample = sorted(samples_dir().glob("*.txt"))[3]
    (src / sample.name).write_bytes(sample.read_bytes())
    return src


@pytest.mark.slow
def test_the_build_refuses_a_long_readout_and_builds_the_others(tmp_path: Path) -> None:
    from graph.pipeline import build_graph
    from graph.store import GraphStore

    src = _long_folder(tmp_path)
    seen: list[str] = []
    with GraphStore.open() as store:
        report = build_graph([src], store, max_chars=LONG - 1, on_error=lambda e: seen.append(str(e)))
        assert report.built == 1 and [e.code for e in report.errors] == ["I014"]
        assert report.doc_ids == ["003_6a07b6ffb6b83075"]
        assert len(seen) == 1 and str(src / "long.txt") in seen[0] and "--max-chars" in seen[0]
        assert not store.readout_description("long")
        assert store.readout_description("003_6a07b6ffb6b83075")

        # with the limit raised it is built, in pieces, and the sample is unchanged
        report = build_graph([src], store, max_chars=LONG * 2, piece_chars=PIECE)
        assert report.ok and report.built == 1 and report.unchanged == 1
        assert store.readout_description("long")


@pytest.mark.slow
def test_the_cli_reports_the_refused_readout_and_builds_it_with_max_chars(tmp_path: Path) -> None:
    src = _long_folder(tmp_path)
    store = tmp_path / "store"
    refused = runner.invoke(app, ["build", str(src), "--store", str(store), "--max-chars", str(LONG - 1)])
    assert refused.exit_code == 1
    assert "[I014]" in refused.stderr and "long.txt" in refused.stderr
    assert "2 readouts read" not in refused.output and "1 built" in refused.output and "1 failed" in refused.output
    built = runner.invoke(app, ["build", str(src), "--store", str(store), "--max-chars", str(2 * LONG)])
    assert built.exit_code == 0, built.output
    assert "1 built, 1 unchanged, 0 failed" in built.output


def test_a_new_graph_that_fails_while_written_leaves_nothing() -> None:
    """A graph the store does not hold yet is written with extend() as its triples come:
    a failure part of the way still writes none of them."""
    from collections.abc import Iterator

    import pyoxigraph as ox

    from graph.store import GraphStore

    def broken() -> Iterator[ox.Triple]:
        for i in range(5):
            yield ox.Triple(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"),
                            ox.Literal("x"))
        raise RuntimeError("extractor crashed")

    with GraphStore.open() as store:
        with pytest.raises(RuntimeError):
            store.replace_graph("https://example.org/g", broken())
        assert store.stats()["triples"] == 0
        blank = ox.Triple(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"),
                          ox.BlankNode("b"))
        store.replace_graph("https://example.org/g", [blank])
        store.replace_graph("https://example.org/h", [blank])
        assert store.stats()["triples"] == 2
