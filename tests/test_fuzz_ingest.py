"""Fuzzing the ingest stage: whatever bytes or text come in, the readers give a readout
or a coded error, never a traceback, and every character of the cleaned text leads back
through the offset map to the raw character it comes from."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from graph.errors import IngestError
from graph.ingest import clean, decode, read_inputs, read_text_file, readout_from_text
from graph.ingest.metadata import leading_date
from graph.records import Readout

# What the readers may answer for a bad file or record: their documented codes.
_TEXT_CODES = {"I002", "I003", "I004", "I010", "I012"}
_JSONL_CODES = {"I002", "I005", "I006", "I007", "I010", "I012"}

# Characters the clean-up treats specially, mixed into ordinary French text.
_SPECIAL = (
    "\r\n\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\x00\x01\x08\x0e\x1b\x7f\x80\x84\x86\x9f"
    "\ufeff\u00a0\u202f\u2009\u3000 ./«»\"'’…:!?"
)
_chars = st.one_of(
    st.sampled_from(_SPECIAL),
    st.sampled_from("abcdeéèàçœ ABCÉ 0123456789 la France Il a dit"),
    st.characters(codec="utf-8"),
)
texts = st.text(_chars, max_size=200)
# A leading date line now and then, the one piece of metadata a text carries.
with_date = st.one_of(
    texts,
    st.builds(
        lambda d, t: d + t,
        st.sampled_from(["date 2017-05-29\n", "Date: 2018-03\r\n", " date 2019 ", "date x\n"]),
        texts,
    ),
)


def body_start(raw: str) -> int:
    """Where the cleaned text of ``raw`` begins: after its leading ``date`` line."""
    own = leading_date(raw, "test")
    return own[1] if own else 0


def check_offsets(readout: Readout, start: int | None = None) -> None:
    """The promise of the offset map (graph.ingest.cleaning.clean): ``text[i]`` comes
    from ``raw[to_raw(i)]``, the same character or, for a space or line break put in
    by the clean-up, the whitespace character it replaces; the order of the text is
    the order of the raw text; no word is changed."""
    text, raw = readout.text, readout.raw
    if start is None:
        start = body_start(raw)
    previous = -1
    for i, char in enumerate(text):
        r = readout.to_raw(i)
        assert start <= r < len(raw), (i, r)
        if char in " \n" and raw[r] != char:
            assert raw[r].isspace(), (i, char, raw[r])
        else:
            assert raw[r] == char, (i, char, r, raw[r])
        assert r >= previous, "offsets go backwards"
        if not char.isspace():
            assert r > previous, "two characters from one raw character"
        previous = r
    assert text == text.strip() and "  " not in text and "\n\n\n" not in text
    assert not any(c in text for c in "\r\t\x00\ufeff\x0b\x0c\x85\u2028\u2029\xa0")
    # No word changed: the characters that are not spaces are those of raw, in order,
    # once the dropped control characters and the communiqué's "/." are left out.
    if "/" not in raw:
        kept = "".join(raw[start:].split())
        dropped = {chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0)]}
        kept = "".join(c for c in kept if c not in dropped and c != "\ufeff")
        assert "".join(text.split()) == kept


@given(with_date)
@example("Il a dit\r\nque la France./.\r\n")
@example("a\x00b\u2029\u2029c\rd\x0c\x0c\x0ce")
@example("\ufeff\ufeffdate 2017-01-02 x")
@example("la France /.\n\n/.")
@example("mot\x1f\x1fmot\x1c")
def test_clean_maps_every_character_back_to_raw(raw: str) -> None:
    try:
        readout = readout_from_text("t", raw)
    except IngestError as error:
        assert error.code in {"I010", "I012"}, error
        return
    assert readout.raw == raw.removeprefix("\ufeff")
    check_offsets(readout)


_index = st.integers(min_value=0, max_value=10**6)


@given(with_date, _index, _index)
@example("a\r\n\r\nb", 0, 2)  # "a\n\n": ends with a line break that stands for a CRLF
@example("a\r\nb", 1, 0)
def test_a_raw_span_covers_its_text_and_never_splits_a_crlf(raw: str, i: int, j: int) -> None:
    try:
        readout = readout_from_text("t", raw)
    except IngestError:
        return
    n = len(readout.text)
    start = i % n
    end = start + 1 + j % (n - start)
    raw_start, raw_end = readout.raw_span(start, end)
    assert readout.raw[raw_start : raw_end][:1] == readout.text[start] or readout.text[start] in " \n"
    for edge in (raw_start, raw_end):
        assert readout.raw[edge - 1 : edge + 1] != "\r\n" or edge == 0, (start, end, edge)
    # Every raw character the text's span comes from is inside the raw span.
    assert all(raw_start <= readout.to_raw(i) < raw_end for i in range(start, end))


@given(texts, st.integers(min_value=0, max_value=40))
def test_clean_from_a_start_index_never_maps_before_it(raw: str, start: int) -> None:
    start = min(start, len(raw))
    text, runs = clean(raw, start)
    readout = Readout(id="t", text=text, raw=raw, sha256="", offsets=runs)
    check_offsets(readout, start)


@given(st.binary(max_size=300))
@example(codecs.BOM_UTF16_LE + b"\x00")  # an odd byte after the BOM
@example(codecs.BOM_UTF8 + b"\xff")
@example(codecs.BOM_UTF32_LE + b"\x00\x00\x11\x00")  # beyond U+10FFFF
@example(b"\x81\x8d\x8f\x90\x9d")  # the bytes cp1252 leaves undefined
@example(codecs.BOM_UTF16_BE + "\ud800".encode("utf-16-be", "surrogatepass"))
def test_random_bytes_give_a_readout_or_a_coded_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "r.txt"
    path.write_bytes(data)
    try:
        readout = read_text_file(path)
    except IngestError as error:
        assert error.code in _TEXT_CODES, error
        return
    check_offsets(readout)


_ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-32-le": lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"),
}


@pytest.mark.parametrize("encoding", sorted(_ENCODINGS))
@given(text=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=150))
def test_a_text_saved_in_a_unicode_encoding_reads_back_as_itself(
    tmp_path_factory: pytest.TempPathFactory, encoding: str, text: str
) -> None:
    path = tmp_path_factory.mktemp("enc") / "r.txt"
    data = _ENCODINGS[encoding](text)
    path.write_bytes(data)
    # Without a BOM of its own, a text opening with U+FEFF starts with the UTF-8 BOM.
    expected = text[1:] if encoding == "utf-8" and text.startswith("\ufeff") else text
    assert decode(data, path) == expected
    try:
        readout = read_text_file(path)
    except IngestError as error:
        assert error.code in {"I002", "I010", "I012"}, error
        return
    assert readout.raw == expected.removeprefix("\ufeff")
    check_offsets(readout)


@given(st.text(st.characters(codec="cp1252", exclude_characters="\x00"), min_size=1, max_size=150))
def test_a_cp1252_text_reads_back_unless_its_bytes_are_also_utf8(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    data = text.encode("cp1252")
    path = tmp_path_factory.mktemp("cp1252") / "r.txt"
    try:
        as_utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    assert decode(data, path) == (as_utf8 if as_utf8 is not None else text)


@given(st.text(st.characters(codec="latin-1", exclude_characters="\x00"), min_size=1, max_size=150))
def test_latin1_bytes_decode_or_fail_with_i004(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """Latin-1 is not cp1252: its C1 controls are cp1252 letters, or undefined in it."""
    data = text.encode("latin-1")
    path = tmp_path_factory.mktemp("latin1") / "r.txt"
    try:
        decoded = decode(data, path)
    except IngestError as error:
        assert error.code == "I004" and any(b in data for b in b"\x81\x8d\x8f\x90\x9d")
        return
    assert len(decoded) <= len(text)
    if not any(0x80 <= b <= 0x9F for b in data) and decoded != text:
        assert data.decode("utf-8") == decoded  # valid UTF-8 wins


# Not a NUL first: FF FE 00 00, UTF-16-LE for "\x00", is the UTF-32-LE byte order mark.
@given(st.text(st.characters(codec="utf-8"), max_size=60).map(lambda t: "a" + t + "\x00" + t))
def test_a_nul_is_a_binary_file_in_every_encoding(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    folder = tmp_path_factory.mktemp("nul")
    for encoding, encode in _ENCODINGS.items():
        path = folder / f"{encoding}.txt"
        path.write_bytes(encode(text))
        with pytest.raises(IngestError) as caught:
            read_text_file(path)
        assert caught.value.code == "I003", encoding


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_very_long_lines_keep_their_offsets(tmp_path: Path, newline: str) -> None:
    line = "Le président a dit que la France " * 3000  # about 100 000 characters
    raw = newline.join([line.strip(), "\u00a0" + line.strip() + "\x1b"]) + newline
    path = tmp_path / "r.txt"
    path.write_bytes(raw.encode("utf-8"))
    readout = read_text_file(path)
    assert readout.raw == raw
    check_offsets(readout)


# -- JSONL ---------------------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)
_records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.just("same")),
        "text": st.one_of(with_date, _json_values),
        "date": st.one_of(st.sampled_from(["2017", "2017-05", "2017-05-29", "29 mai", ""]), _json_values),
        "source": st.one_of(st.text(max_size=10), _json_values),
        "url": st.one_of(st.just("https://example.org/a"), _json_values),
        "lang": st.one_of(st.sampled_from(["fr", "en", ""]), _json_values),
    },
)
# A line is a JSON record, some other JSON, or bytes; escapes such as "\ud800" (a lone
# surrogate) are written by json.dumps for non-ASCII text when ensure_ascii is set.
_lines = st.one_of(
    _records.map(lambda r: json.dumps(r, ensure_ascii=True).encode()),
    _records.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    _json_values.map(lambda v: json.dumps(v).encode()),
    st.sampled_from([b'{"text": "a\\ud800b"}', b'{"text": "\\udc00"}', b'{"text": "\\ud83d\\ude00 ok"}', b"{", b""]),
    st.binary(max_size=40).filter(lambda b: b"\n" not in b and b"\r" not in b),
)


@given(st.lists(_lines, max_size=6), st.sampled_from([b"\n", b"\r\n"]), st.booleans())
def test_jsonl_records_give_readouts_or_coded_errors(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], newline: bytes, bom: bool
) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "r.jsonl"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + newline.join(lines))
    errors: list[IngestError] = []
    readouts = list(read_inputs([path], on_error=errors.append))
    for error in errors:
        assert error.code in _JSONL_CODES, error
    for readout in readouts:
        readout.raw.encode("utf-8")  # a lone surrogate never reaches a readout
        check_offsets(readout)
    assert len({r.id for r in readouts}) == len(readouts)


def test_a_lone_surrogate_in_a_jsonl_text_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"text": "a\\ud800b"}\n{"text": "ok \\ud83d\\ude00"}\n')
    errors: list[IngestError] = []
    readouts = list(read_inputs([path], on_error=errors.append))
    assert [e.code for e in errors] == ["I005"]
    assert [r.text for r in readouts] == ["ok \U0001f600"]
