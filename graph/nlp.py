"""Loading the spaCy pipeline, with an entity ruler fed from the gazetteer.

The statistical NER of the language's model (``fr_core_news_md`` for French, the
model its language pack names) finds persons and places but does not know that "OIAC"
is an organization or that "Poutine" is Vladimir Putin. An entity ruler, placed before
the NER, marks every gazetteer name and alias with our own labels (``LEADER``,
``COUNTRY``, ``ORG``, ``PLACE``) and the gazetteer key as the entity id; the NER then
fills in what the gazetteer does not know. A sentence component, set before the parser,
fixes sentence boundaries by the pack's abbreviations and punctuation.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from graph.errors import ExtractError, Msg
from graph.lang import DEFAULT, LanguagePack, pack

if TYPE_CHECKING:
    from spacy.pipeline import EntityRuler
    from thinc.types import Ints2d

    from graph.gazetteer import Gazetteer

#: The default language's model (kept for callers that name it).
DEFAULT_MODEL = pack(DEFAULT).model
KIND_LABELS = {"Leader": "LEADER", "Country": "COUNTRY", "Organization": "ORG", "Place": "PLACE"}
LABEL_KINDS = {v: k for k, v in KIND_LABELS.items()}


def _variants(text: str) -> set[str]:
    """The spellings a name takes in running text: straight and curly apostrophes,
    with and without accents on capitals ("État" / "Etat")."""
    out = {text, text.replace("'", "’"), text.replace("’", "'")}
    for t in list(out):
        stripped = "".join(
            c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn"
        )
        out.add(stripped)
    return out


def ruler_patterns(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """EntityRuler patterns for every gazetteer surface form.

    One-word names (Poutine, ONU, Vienne, Grenade) match only as written, so that ordinary
    words ("vienne", "grenade", "sucre") are not taken for names; names of several words
    match case-insensitively, because readouts write "Maison blanche" as often as "Maison
    Blanche".
    """
    seen: set[tuple[str, str, str]] = set()
    patterns: list[dict[str, Any]] = []
    for kind, text, key in gazetteer.surface_forms():
        label = KIND_LABELS[kind]
        for form in _variants(text.strip()):
            if not form or (label, form, key) in seen:
                continue
            seen.add((label, form, key))
            exact = " " not in form.strip()
            patterns.append({"label": label, "pattern": form, "id": key, "_exact": exact})
    return patterns


def load_bare(model: str = DEFAULT_MODEL) -> Language:
    """The model as spaCy ships it, with nothing of ours: the floor a benchmark compares
    the build with."""
    import spacy

    try:
        return spacy.load(model)
    except OSError as exc:
        raise ExtractError(Msg.E001, model=model) from exc


def spacy_version() -> str:
    from spacy import about

    return str(about.__version__)


def load_pipeline(model: str | None = None, gazetteer_dirs: tuple[str, ...] = (), *, lang: str = DEFAULT) -> Language:
    """Load the spaCy model with the gazetteer's entity ruler and the sentence component
    of the language ``lang`` (a language code: "fr", "en"); cached per arguments.

    Args:
        model: the spaCy model; the language pack's model when ``None``.
        gazetteer_dirs: folders of the user's own gazetteer entries.
        lang: the language whose pack sets the sentence boundaries.

    Raises:
        ExtractError: ``E001`` when the model is not installed; ``L001`` when no language
            pack holds ``lang``.
    """
    code = pack(lang).code
    return _load_pipeline(model or pack(code).model, gazetteer_dirs, code)


@lru_cache(maxsize=4)
def _load_pipeline(model: str, gazetteer_dirs: tuple[str, ...], lang: str) -> Language:
    import spacy

    from graph.gazetteer import load_cached

    try:
        nlp = spacy.load(model, exclude=["senter"])
    except OSError as exc:
        raise ExtractError(Msg.E001, model=model) from exc
    gaz = load_cached(gazetteer_dirs)
    add_gazetteer_ruler(nlp, gaz)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("diplograph_sentences", before="parser", config={"lang": lang})
    return nlp


def sentence_starts(doc: Doc, lang: LanguagePack | None = None) -> list[bool]:
    """Where sentences start: after a paragraph break, and after the pack's sentence
    enders (. ! ? …, maybe followed by closing quotes or brackets) when the next word
    starts with a capital, a digit or an opening quote — but not after the pack's
    abbreviations, such as "M." or initials. ``lang`` is the default language's pack
    when ``None``."""
    rules = (lang or pack(DEFAULT)).sentences
    abbreviations, closers, enders, openers = rules.abbreviations, rules.closers, rules.enders, rules.openers
    starts = [False] * len(doc)
    if not len(doc):
        return starts
    starts[0] = True
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        tok = doc[i]
        if tok.is_space:
            continue
        if (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_:
            starts[i] = True
            continue
        j = i - 1
        while j >= 0 and (doc[j].is_space or doc[j].text in closers):
            j -= 1
        if j < 0 or doc[j].text not in enders:
            continue
        if j > 0 and abbreviations.match(doc[j - 1].text) and not doc[j - 1].whitespace_:
            continue
        first = tok.text[:1]
        if first.isupper() or first.isdigit() or first in openers:
            starts[i] = True
    return starts


@Language.factory("diplograph_sentences", default_config={"lang": DEFAULT})
def make_sentences(nlp: Language, name: str, lang: str) -> Sentences:
    """The sentence component of the language ``lang``."""
    return Sentences(pack(lang))


class Sentences:
    """Fix sentence boundaries before the parser, which then keeps them: readouts break
    headlines and paragraphs with blank lines and no full stop, and quote with « »."""

    def __init__(self, lang: LanguagePack) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        return set_sentences(doc, self.lang)


def set_sentences(doc: Doc, lang: LanguagePack | None = None) -> Doc:
    """Set the sentence starts :func:`sentence_starts` finds on ``doc``."""
    # Set in one array: the Token.is_sent_start setter checks the whole Doc for a parse
    # on every call, which makes a long Doc quadratic.
    starts = sentence_starts(doc, lang)
    if starts:
        values = doc.to_array([SENT_START])  # one column, of the type Doc arrays hold
        values[:] = [1 if s else _NOT_START for s in starts]
        doc.from_array([SENT_START], cast("Ints2d", values))
    return doc


# SENT_START -1 ("not a sentence start") as the unsigned value Doc arrays hold
_NOT_START = 2**64 - 1


def add_gazetteer_ruler(nlp: Language, gazetteer: Gazetteer) -> None:
    """Add (or replace) the gazetteer's entity rulers before the NER: one for one-word
    names, matched as written, and one for names of several words, matched in any case.
    Both use spaCy's phrase matcher, which stays fast with thousands of names."""
    for name in ("gazetteer_ruler", "gazetteer_ruler_exact"):
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    before = "ner" if "ner" in nlp.pipe_names else None
    pats = ruler_patterns(gazetteer)
    for name, attr, exact in (("gazetteer_ruler_exact", "ORTH", True), ("gazetteer_ruler", "LOWER", False)):
        # add_pipe is typed for any component; the "entity_ruler" factory makes an EntityRuler
        ruler = cast("EntityRuler", nlp.add_pipe(
            "entity_ruler", name=name, before=before,
            config={"phrase_matcher_attr": attr, "overwrite_ents": True},
        ))
        chosen = [{k: v for k, v in p.items() if k != "_exact"} for p in pats if p["_exact"] is exact]
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(chosen)
