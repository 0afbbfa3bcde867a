"""Tests of graph.ingest: decoding, clean-up with its offset map, metadata, ids,
folders, JSONL and the errors reported for bad input."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.errors import IngestError
from graph.ingest import (
    clean,
    decode,
    parse_date,
    read_inputs,
    read_text_file,
    readout_from_text,
)
from graph.records import PartialDate, Readout
from graph.resources import samples_dir

SAMPLE_STEMS = sorted(p.stem for p in samples_dir().glob("*.txt"))
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
PHRASE = "Le président a souligné l’importance du dialogue « franc »."


def _readouts_by_id(paths: list[Path | str]) -> dict[str, Readout]:
    return {r.id: r for r in read_inputs(paths)}


def _collect(paths: list[Path | str], **kwargs: object) -> tuple[list[Readout], list[IngestError]]:
    errors: list[IngestError] = []
    readouts = list(read_inputs(paths, on_error=errors.append, **kwargs))  # type: ignore[arg-type]
    return readouts, errors


def _assert_offsets_exact(readout: Readout, *, words_exact: bool = True) -> None:
    """Every non-space character of ``text`` comes from the same character of ``raw``,
    every word maps to the same word, and the map never goes backwards.

    ``words_exact=False`` allows a word's raw span to hold more than the word, as
    ``France/.`` does for the cleaned ``France.``.
    """
    text, raw = readout.text, readout.raw
    previous = -1
    for i, ch in enumerate(text):
        r = readout.to_raw(i)
        if ch.isspace():
            # Two line breaks may stand for one raw separator (U+2029).
            assert r >= previous, f"to_raw goes backwards at text[{i}]"
        else:
            assert r > previous, f"to_raw goes backwards at text[{i}]"
            assert raw[r] == ch, f"text[{i}]={ch!r} but raw[{r}]={raw[r]!r}"
        previous = r
    for m in re.finditer(r"\S+", text):
        start, end = readout.raw_span(m.start(), m.end())
        in_raw = raw[start:end]
        assert (in_raw[0], in_raw[-1]) == (m.group()[0], m.group()[-1])
        if words_exact:
            # A word may span dropped control characters in raw, nothing else.
            assert _without_controls(in_raw) == m.group(), (m.group(), in_raw)


def _without_controls(value: str) -> str:
    return "".join(c for c in value if not _is_dropped(c))


def _is_dropped(ch: str) -> bool:
    return ch == "\ufeff" or (unicodedata.category(ch) == "Cc" and not ch.isspace())


# --------------------------------------------------------------------------- samples


def test_samples_read_into_one_readout_per_file_with_stem_ids() -> None:
    readouts = list(read_inputs([samples_dir()]))
    assert [r.id for r in readouts] == SAMPLE_STEMS
    assert len(SAMPLE_STEMS) == 5
    assert all(r.origin == f"{r.id}.txt" and r.lang == "fr" for r in readouts)


def test_sample_002_takes_its_date_line_and_drops_it_from_text() -> None:
    readout = _readouts_by_id([samples_dir()])["002_0f59d098f312117c"]
    assert readout.date == PartialDate(2018, 2)
    assert readout.text.startswith("Le chef")
    assert readout.raw.lstrip().startswith("date 2018-02 Le chef")


def test_sample_000_has_no_hard_wraps_and_joins_the_page_break_gap() -> None:
    readout = _readouts_by_id([samples_dir()])["000_e677e530275875ae"]
    assert "permettre le\n\n\n\nrèglement" in readout.raw
    assert "permettre le règlement politique" in readout.text
    # Every line break left is a paragraph break after a finished sentence.
    for m in re.finditer(r"\n+", readout.text):
        assert m.group() == "\n\n"
        assert readout.text[m.start() - 1] in '.!?»":'


@pytest.mark.parametrize(
    ("stem", "ending"),
    [
        ("000_e677e530275875ae", "entre la Russie et la France."),
        ("001_d0ca1620de0d83e2", "la France et\nl'Allemagne."),
    ],
)
def test_samples_lose_the_communique_ending(stem: str, ending: str) -> None:
    readout = _readouts_by_id([samples_dir()])[stem]
    assert readout.raw.rstrip().endswith(ending + "/.")
    assert readout.text.endswith(ending.replace("\n", " "))
    assert "/." not in readout.text


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_sample_offsets_map_every_word_back_to_raw(stem: str) -> None:
    readout = read_text_file(samples_dir() / f"{stem}.txt")
    _assert_offsets_exact(readout)
    assert readout.sha256 == hashlib.sha256(readout.raw.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- clean-up


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("un\ndeux", "un deux", id="hard-wrap"),
        pytest.param("un\r\ndeux\rtrois", "un deux trois", id="crlf-and-cr"),
        pytest.param("Un.\n\nDeux.", "Un.\n\nDeux.", id="paragraph"),
        pytest.param("Un.\n\n\n\n\nDeux.", "Un.\n\nDeux.", id="blank-run"),
        pytest.param("Un.\n  \n\t\n\nDeux.", "Un.\n\nDeux.", id="whitespace-lines"),
        pytest.param("pour le\n\n\n\nrèglement", "pour le règlement", id="page-break"),
        pytest.param("pour le\n \n\t\nrèglement", "pour le règlement", id="page-break-ws"),
        pytest.param("pour le\n\nrèglement", "pour le\n\nrèglement", id="two-newlines-stay"),
        pytest.param("la fin.\n\n\n\nsuite", "la fin.\n\nsuite", id="sentence-end"),
        pytest.param("il dit :\n\n\n\nrien", "il dit :\n\nrien", id="colon-end"),
        pytest.param("«oui»\n\n\n\nnon", "«oui»\n\nnon", id="guillemet-end"),
        pytest.param("pour le\n\n\n\nRèglement", "pour le\n\nRèglement", id="uppercase-next"),
        pytest.param("  un   deux\t trois  ", "un deux trois", id="spaces"),
        pytest.param("un\u00a0deux\u202ftrois", "un deux trois", id="nbsp"),
        pytest.param("\ufeffun deux", "un deux", id="bom"),
        pytest.param("un\x00\x07 de\x1bux", "un deux", id="controls"),
        pytest.param("page\x0cdeux", "page deux", id="form-feed"),
        pytest.param("un.\u2029Deux", "un.\n\nDeux", id="paragraph-separator"),
        pytest.param("la France./.", "la France.", id="communique-end"),
        pytest.param(
            "la France./.\n\nSuite./.\n", "la France.\n\nSuite.", id="communique-paragraphs"
        ),
        pytest.param("la France/.", "la France.", id="communique-no-full-stop"),
        pytest.param("la France.\n\n/.\n", "la France.", id="communique-alone"),
        pytest.param("la France. /.", "la France.", id="communique-spaced"),
        pytest.param("la France /.", "la France.", id="communique-spaced-no-full-stop"),
        pytest.param("la France\u00a0/.", "la France.", id="communique-nbsp"),
        pytest.param("«la France»/.", "«la France»", id="communique-after-guillemet"),
        pytest.param("la France./.\nsuite", "la France./. suite", id="communique-mid-paragraph"),
        pytest.param("l’État “ici” ‘là’", "l’État “ici” ‘là’", id="curly-quotes-kept"),
        pytest.param(" \n\t\n ", "", id="only-whitespace"),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    text, offsets = clean(raw)
    assert text == expected
    readout = Readout(id="t", text=text, raw=raw, sha256="", offsets=offsets)
    _assert_offsets_exact(readout, words_exact="/." not in raw)


@pytest.mark.parametrize(
    ("raw", "index", "raw_char"),
    [
        ("un\r\ndeux", 2, "\r"),  # the space of a joined line maps to the break it replaces
        ("un\u00a0deux", 2, "\u00a0"),
        ("a.\n\n\n\nB", 2, "\n"),
    ],
)
def test_clean_inserted_characters_map_to_what_they_replace(
    raw: str, index: int, raw_char: str
) -> None:
    text, offsets = clean(raw)
    readout = Readout(id="t", text=text, raw=raw, sha256="", offsets=offsets)
    assert raw[readout.to_raw(index)] == raw_char


_WORDS = [
    "le",
    "président",
    "Poutine",
    "l’État",
    "d'Astana",
    "«dialogue»",
    '"franc"',
    "règlement",
    "Syrie.",
    "ici,",
    "rappelé:",
    "été!",
    "quoi?",
    "Über",
    "état",
    "x",
    "1.600",
    "œuvre",
    "a\x01b",
    "\x07c",
    "d\x7f",
]
_SEPARATORS = [
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u202f",
    " \u2009 ",
    "\n",
    "\r\n",
    "\r",
    " \n ",
    "\n\n",
    "\r\n\r\n",
    "\n\n\n",
    "\n \n\t\n",
    "\n\n\n\n\n",
    "\x0c",
    "\u2028",
    "\u2029",
    "\x1f",
    "\x85",
]


def _random_raw(rng: random.Random) -> str:
    parts = [rng.choice(["", "", " ", "\ufeff", "\n\n", "\t "])]
    for _ in range(rng.randint(1, 60)):
        parts.append(rng.choice(_WORDS))
        parts.append(rng.choice(_SEPARATORS))
    return "".join(parts)


@pytest.mark.parametrize("seed", range(200))
def test_clean_offsets_are_exact_on_random_texts(seed: int) -> None:
    raw = _random_raw(random.Random(seed))
    text, offsets = clean(raw)
    readout = Readout(id="t", text=text, raw=raw, sha256="", offsets=offsets)
    # Every maximal run of non-space characters maps character by character.
    for m in re.finditer(r"\S+", text):
        for i in range(m.start(), m.end()):
            assert raw[readout.to_raw(i)] == text[i]
    _assert_offsets_exact(readout)
    # No word is changed, lost or glued: only whitespace and controls differ.
    assert "".join(text.split()) == "".join(
        c for c in raw if not c.isspace() and not _is_dropped(c)
    )
    assert text.split() == [w for w in (_without_controls(x) for x in raw.split()) if w]
    # The shape of the cleaned text.
    assert text == text.strip()
    assert "  " not in text and "\n\n\n" not in text and "\r" not in text
    assert all(line == line.strip() for line in text.split("\n"))
    assert re.search(r"(?<!\n)\n(?!\n)", text) is None


# --------------------------------------------------------------------------- decoding

_ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-be-bom", "utf-32"]


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", _ENCODINGS)
def test_decode_known_encodings(encoding: str) -> None:
    text = "Le président a souligné l’importance: «oui»."
    assert decode(_encode(text, encoding), Path("x.txt")) == text


@pytest.mark.parametrize(
    ("data", "code", "offset"),
    [
        (PNG_HEADER, "I003", 8),
        (b"abc\x00def", "I003", 3),
        (codecs.BOM_UTF16_LE + "ab\x00".encode("utf-16-le"), "I003", 6),
        (b"caf\x81\x8d", "I004", None),  # neither UTF-8 nor cp1252
        (codecs.BOM_UTF8 + b"caf\xe9", "I004", None),  # a UTF-8 BOM, then Latin-1
    ],
)
def test_decode_rejects_binary_and_undecodable(data: bytes, code: str, offset: int | None) -> None:
    with pytest.raises(IngestError) as info:
        decode(data, Path("bad.txt"))
    assert info.value.code == code
    assert "bad.txt" in str(info.value)
    if offset is not None:
        assert info.value.values["offset"] == offset


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16", "utf-32"])
def test_text_file_encodings_give_the_same_readout(tmp_path: Path, encoding: str) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_bytes(PHRASE.encode("utf-8"))
    other = tmp_path / "other.txt"
    other.write_bytes(PHRASE.encode(encoding))
    expected, got = read_text_file(plain), read_text_file(other)
    assert got.raw == expected.raw == got.text
    assert not got.raw.startswith("\ufeff")
    assert got.sha256 == expected.sha256  # a content hash: the encoding does not count
    assert got.id == "other" and got.origin == "other.txt"


def test_text_file_with_crlf_keeps_raw_and_maps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("date: 2018-02-09\r\nLe président\r\na souligné.\r\n\r\nSuite./.\r\n".encode())
    readout = read_text_file(path)
    assert readout.text == "Le président a souligné.\n\nSuite."
    assert "\r\n" in readout.raw
    assert readout.date == PartialDate(2018, 2, 9)
    _assert_offsets_exact(readout)
    start, end = readout.raw_span(
        readout.text.index("souligné"), readout.text.index("souligné") + 8
    )
    assert readout.raw[start:end] == "souligné"


@pytest.mark.parametrize(("quote", "raw_quote"), [
    ("souligné.\n\n", "souligné.\r\n\r\n"),
    ("président ", "président\r\n"),
    ("a souligné.\n", "a souligné.\r\n"),
])
def test_a_raw_span_never_splits_a_crlf(quote: str, raw_quote: str) -> None:
    """Found by the encoding matrix: a quote ending with a paragraph break came out of a
    CRLF file as '…souligné.\r\n\r', the last LF cut off."""
    readout = readout_from_text("t", "Le président\r\na souligné.\r\n\r\nSuite.")
    start = readout.text.index(quote)
    raw_start, raw_end = readout.raw_span(start, start + len(quote))
    assert readout.raw[raw_start:raw_end] == raw_quote


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(b"", "I002", id="empty"),
        pytest.param(codecs.BOM_UTF8, "I002", id="bom-only"),
        pytest.param(PNG_HEADER, "I003", id="binary"),
        pytest.param(b"\xff\xfe" + b"a\x00\x00\xd8", "I004", id="utf16-lone-surrogate"),
        pytest.param(b"caf\x81", "I004", id="undecodable"),
        pytest.param(b" \n\t\r\n \xc2\xa0\n", "I010", id="whitespace-only"),
        pytest.param(b"date 2018-02\n\n", "I010", id="date-line-only"),
        pytest.param(b"date 2018-13 Le texte", "I012", id="bad-date-line"),
        pytest.param(b"Date: hier. Le texte", "I012", id="bad-date-colon"),
    ],
)
def test_bad_text_file(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as info:
        read_text_file(path)
    assert info.value.code == code
    assert str(path) in str(info.value)


def test_missing_file_and_folder_are_reported(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as info:
        read_text_file(tmp_path / "nope.txt")
    assert info.value.code == "I001"
    with pytest.raises(IngestError) as info:
        read_text_file(tmp_path)
    assert info.value.code == "I011"
    _, errors = _collect([tmp_path / "nope.txt", tmp_path / "nope"])
    assert [(e.code, e.values["path"]) for e in errors] == [
        ("I001", tmp_path / "nope.txt"),
        ("I001", tmp_path / "nope"),
    ]


@pytest.mark.parametrize(
    ("raw", "date", "text"),
    [
        ("date 2018-02 Le chef", PartialDate(2018, 2), "Le chef"),
        (" \ufeff DATE 2018-02-09\n\nLe chef", PartialDate(2018, 2, 9), "Le chef"),
        ("date: 2017\nLe chef", PartialDate(2017), "Le chef"),
        ("Date:2018-04-13 Le chef", PartialDate(2018, 4, 13), "Le chef"),
        ("Date historique pour la France", None, "Date historique pour la France"),
        ("Le chef date 2018-02", None, "Le chef date 2018-02"),
    ],
)
def test_metadata_line(raw: str, date: PartialDate | None, text: str) -> None:
    readout = readout_from_text("doc", raw)
    assert (readout.date, readout.text) == (date, text)
    assert readout.raw == raw  # the date line stays in raw
    _assert_offsets_exact(readout)


def test_readout_from_text_strips_only_a_leading_bom() -> None:
    readout = readout_from_text("doc", "\ufeffLe chef\n")
    assert readout.raw == "Le chef\n"
    assert readout.sha256 == hashlib.sha256(b"Le chef\n").hexdigest()


def test_defaults_and_metadata_arguments() -> None:
    readout = readout_from_text("d", "Texte.", source="Élysée", url="https://example.org/d")
    assert (readout.lang, readout.source, readout.url, readout.date) == (
        "fr",
        "Élysée",
        "https://example.org/d",
        None,
    )
    assert readout_from_text("d", "Text.", lang="en").lang == "en"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018", PartialDate(2018)),
        ("2018-02", PartialDate(2018, 2)),
        ("2018-02-09", PartialDate(2018, 2, 9)),
        (" 2016-02-29 ", PartialDate(2016, 2, 29)),
    ],
)
def test_parse_date(value: str, expected: PartialDate) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "18",
        "2018-2",
        "2018-13",
        "2018-02-30",
        "2017-02-29",
        "09/02/2018",
        "hier",
        "2018-02-09T10:00",
    ],
)
def test_parse_date_rejects(value: str) -> None:
    with pytest.raises(IngestError) as info:
        parse_date(value)
    assert info.value.code == "I008"
    assert repr(value) in str(info.value)


@pytest.mark.parametrize(
    ("content", "arg", "expected"),
    [
        ("date 2018-02 Le chef", PartialDate(2019, 1, 1), PartialDate(2018, 2)),
        ("Le chef", PartialDate(2019, 1, 1), PartialDate(2019, 1, 1)),
        ("Le chef", None, None),
    ],
)
def test_date_argument_applies_only_when_the_file_has_none(
    tmp_path: Path, content: str, arg: PartialDate | None, expected: PartialDate | None
) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(content, encoding="utf-8")
    assert read_text_file(path, date=arg).date == expected
    (readout,) = read_inputs([path], date=arg)
    assert readout.date == expected


@pytest.mark.parametrize(
    ("record", "arg", "expected"),
    [
        ({"text": "Le chef", "date": "2018-02"}, PartialDate(2019), PartialDate(2018, 2)),
        ({"text": "Le chef"}, PartialDate(2019), PartialDate(2019)),
        ({"text": "Le chef", "date": None}, PartialDate(2019), PartialDate(2019)),
        (
            {"text": "date 2017-05 Le chef", "date": "2018-02"},
            PartialDate(2019),
            PartialDate(2017, 5),
        ),
    ],
)
def test_date_argument_applies_only_when_the_record_has_none(
    tmp_path: Path, record: dict[str, object], arg: PartialDate, expected: PartialDate
) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (readout,) = read_inputs([path], date=arg)
    assert readout.date == expected


# --------------------------------------------------------------------------- folders


def _write(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_folder_with_bad_files_among_good_ones(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "a.txt": "Le président a souligné.".encode(),
            "b_empty.txt": b"",
            "c.md": "# Titre\n\nTexte.".encode("utf-16"),
            "d_binary.txt": PNG_HEADER,
            "sub/e.txt": "Autre texte.".encode("cp1252"),
            "sub/f_blank.txt": b"  \n\n",
            "sub/deeper/g.TXT": b"Encore.",
            "image.png": PNG_HEADER,  # not a readout suffix: ignored, not an error
            ".hidden.txt": PNG_HEADER,
            ".git/h.txt": PNG_HEADER,
        },
    )
    readouts, errors = _collect([tmp_path])
    # Sorted by relative path: sub/deeper/ comes before sub/e.txt.
    assert [r.id for r in readouts] == ["a", "c", "g", "e"]
    assert [r.origin for r in readouts] == ["a.txt", "c.md", "g.TXT", "e.txt"]
    assert [(e.code, Path(e.values["path"]).name) for e in errors] == [
        ("I002", "b_empty.txt"),
        ("I003", "d_binary.txt"),
        ("I010", "f_blank.txt"),
    ]


def test_folder_raises_the_first_error_without_on_error(tmp_path: Path) -> None:
    _write(tmp_path, {"a.txt": b"Un.", "b.txt": b"", "c.txt": b"Trois."})
    seen: list[str] = []
    with pytest.raises(IngestError) as info:
        for readout in read_inputs([tmp_path]):
            seen.append(readout.id)
    assert info.value.code == "I002"
    assert seen == ["a"]


def test_folder_disambiguates_shared_stems(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "2017/appel.txt": b"Un.",
            "2018/appel.txt": b"Deux.",
            "2018/x/note.txt": b"Trois.",
            "2018/x/note.md": b"Quatre.",
            "seul.txt": b"Cinq.",
        },
    )
    readouts, errors = _collect([tmp_path])
    assert errors == []
    assert sorted(r.id for r in readouts) == [
        "2017__appel",
        "2018__appel",
        "2018__x__note.md",
        "2018__x__note.txt",
        "seul",
    ]


@pytest.mark.parametrize("files", [{}, {"image.png": PNG_HEADER, "notes.doc": b"x"}])
def test_folder_with_nothing_readable(tmp_path: Path, files: dict[str, bytes]) -> None:
    _write(tmp_path, files)
    readouts, errors = _collect([tmp_path])
    assert readouts == []
    assert [e.code for e in errors] == ["I009"]


def test_any_text_file_named_explicitly_is_read(tmp_path: Path) -> None:
    path = tmp_path / "note.text"
    path.write_bytes(b"Un texte.")
    (readout,) = read_inputs([str(path)])
    assert (readout.id, readout.text, readout.origin) == ("note", "Un texte.", "note.text")


def test_same_document_twice_is_read_once_and_an_id_clash_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, {"a/doc.txt": b"Un.", "b/doc.txt": b"Autre.", "c/doc.txt": b"Un."})
    readouts, errors = _collect(
        [tmp_path / "a", tmp_path / "a" / "doc.txt", tmp_path / "c", tmp_path / "b"]
    )
    assert [r.text for r in readouts] == ["Un."]
    assert [e.code for e in errors] == ["I013"]
    assert str(tmp_path / "b" / "doc.txt") in str(errors[0])
    assert str(tmp_path / "a" / "doc.txt") in str(errors[0])


# --------------------------------------------------------------------------- JSONL


def _jsonl_lines() -> list[str]:
    return [
        json.dumps(
            {
                "id": "a",
                "text": "Le chef\nde l'État.",
                "date": "2018-02",
                "source": "AFP",
                "url": "https://example.org/a",
                "lang": "en",
            }
        ),
        json.dumps({"id": 7, "text": "Sept."}),
        json.dumps({"text": "Sans id./."}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "b"}),
        json.dumps({"id": "a", "text": "Encore a."}),
        json.dumps({"id": "c", "text": "Texte.", "date": "février"}),
        json.dumps({"id": "d", "text": " \n\t "}),
        json.dumps({"id": ["x"], "text": "Liste."}),
        json.dumps({"id": "e", "text": 12}),
        json.dumps({"id": "f", "text": "Texte.", "lang": 3}),
        json.dumps({"id": "g", "text": "Dernier."}),
    ]


def test_jsonl_with_good_bad_and_duplicate_lines(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(_jsonl_lines()) + "\n", encoding="utf-8")
    readouts, errors = _collect([path], source="fallback")
    assert [r.id for r in readouts] == ["a", "7", "dump-3", "g"]
    first = readouts[0]
    assert (first.text, first.date, first.source, first.url, first.lang, first.origin) == (
        "Le chef de l'État.",
        PartialDate(2018, 2),
        "AFP",
        "https://example.org/a",
        "en",
        "dump.jsonl:1",
    )
    assert first.raw == "Le chef\nde l'État."
    assert readouts[1].source == "fallback" and readouts[1].lang == "fr"
    assert readouts[2].text == "Sans id."
    assert [r.origin for r in readouts] == [
        "dump.jsonl:1",
        "dump.jsonl:2",
        "dump.jsonl:3",
        "dump.jsonl:14",
    ]
    assert [(e.code, e.values.get("line")) for e in errors] == [
        ("I005", 5),
        ("I005", 6),
        ("I006", 7),
        ("I007", 8),
        ("I012", None),
        ("I010", None),
        ("I005", 11),
        ("I005", 12),
        ("I005", 13),
    ]
    assert f"{path}:9" in str(errors[4]) and "février" in str(errors[4])
    assert f"{path}:10" in str(errors[5])
    assert all(str(path) in str(e) for e in errors)


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Un."}) + "\n{broken\n", encoding="utf-8")
    errors: list[IngestError] = []
    stream: Iterator[Readout] = read_inputs([path], on_error=errors.append)
    assert next(stream).id == "a"
    assert errors == []  # the broken line has not been read yet
    assert list(stream) == []
    assert [e.code for e in errors] == ["I005"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "I002"),
        (b"\n \n\n", "I002"),
        (codecs.BOM_UTF8 + b'{"text": "Un."}\n', None),
        (b'{"text": "caf\xe9"}\n', "I005"),
        (b'{"text": "a\\ud800b"}\n', "I005"),
    ],
)
def test_jsonl_file_level_cases(tmp_path: Path, data: bytes, code: str | None) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(data)
    readouts, errors = _collect([path])
    assert [e.code for e in errors] == ([code] if code else [])
    assert len(readouts) == (0 if code else 1)


def test_jsonl_in_a_folder_and_fallback_ids(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "a.txt": b"Texte a.",
            "lot/feed.jsonl": (
                json.dumps({"text": "Un."}) + "\n" + json.dumps({"text": "Deux."}) + "\n"
            ).encode(),
        },
    )
    readouts, errors = _collect([tmp_path])
    assert errors == []
    assert [(r.id, r.origin) for r in readouts] == [
        ("a", "a.txt"),
        ("feed-1", "feed.jsonl:1"),
        ("feed-2", "feed.jsonl:2"),
    ]


# --------------------------------------------------------------------------- records


def test_to_raw_and_raw_span_use_the_offset_runs() -> None:
    readout = readout_from_text("d", "date 2018 Un\n\n\n\nmot  ici./.")
    assert readout.text == "Un mot ici."
    _assert_offsets_exact(readout)
    for word in ("Un", "mot", "ici."):
        i = readout.text.index(word)
        start, end = readout.raw_span(i, i + len(word))
        assert readout.raw[start:end] == word
    empty = readout.raw_span(3, 3)
    assert empty[0] == empty[1] == readout.to_raw(3)


def test_folder_with_an_unlistable_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"a.txt": b"Un.", "locked/b.txt": b"Deux."})
    real_walk = os.walk

    # chmod cannot lock a folder for root, so the refusal is simulated where
    # os.walk reports it.
    def walk(
        top: Path, onerror: Callable[[OSError], None] | None = None, **kwargs: Any
    ) -> Iterator[Any]:
        for dirpath, dirnames, filenames in real_walk(top, onerror=onerror, **kwargs):
            if "locked" in dirnames:
                dirnames.remove("locked")
                assert onerror is not None
                onerror(PermissionError(13, "Permission denied", str(Path(dirpath, "locked"))))
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(os, "walk", walk)
    readouts, errors = _collect([tmp_path])
    assert [r.id for r in readouts] == ["a"]
    assert [(e.code, Path(e.values["path"]).name) for e in errors] == [("I011", "locked")]
    assert "Permission denied" in str(errors[0])
