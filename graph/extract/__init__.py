"""Doc -> records: mentions, events, positions, topics. The only place spaCy is used
besides ``graph.nlp``.

Extractors are small, named and versioned, and registered the way an outside extractor
would be::

    from graph.extract import registry

    @registry.register("quotes.v1", needs=("mentions",), provides=("quotes",))
    def my_extractor(ctx: Context) -> None:
        ctx.extraction.positions.extend(...)

An extractor receives the :class:`Context` of one readout (the spaCy ``Doc``, the
readout, the language pack of its language, the gazetteer, the resolver and what earlier
extractors found) and adds records to ``ctx.extraction``. The default pipeline is
:data:`DEFAULT_PIPELINE`. The extractors hold no word of any language: they read their
word lists and patterns from ``ctx.pack`` (see :mod:`graph.lang`).

Each extractor declares what it ``needs`` from earlier ones and what it ``provides`` to
later ones; the built-in ones exchange:

- ``dates``: the date expressions of the text (``ctx.dates``), by ``dates.v1``;
- ``mentions``: the mention index (``ctx.index``) and the readout's home country;
- ``events``: the main contact and the other events (``ctx.main``, ``ctx.mains``);
- ``positions``: the positions (``ctx.extraction.positions``);
- ``topics``: the readout's topics.

:func:`extract_doc` checks the order before running anything (:meth:`Registry.stages`)
and raises an :class:`~graph.errors.ExtractError` (``E004``) when an extractor comes
before one it needs: a real error, not an ``assert`` that ``python -O`` would drop.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Protocol

from graph.errors import ExtractError, Msg
from graph.extract.docview import sentences
from graph.lang import DEFAULT, LanguagePack
from graph.lang import pack as language_pack
from graph.records import Event, Extraction, PartialDate, Position, Readout

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from graph.extract.dates import DateExpr
    from graph.extract.mentions import MentionIndex
    from graph.gazetteer import Gazetteer
    from graph.resolve import Resolver


@dataclass
class Context:
    """What the extractors of one readout share."""

    doc: Doc
    readout: Readout
    gazetteer: Gazetteer
    resolver: Resolver
    topic_tagger: Callable[[str], list[str]]
    extraction: Extraction
    ref: PartialDate | None = None
    dates: list[DateExpr] = field(default_factory=list)
    index: MentionIndex | None = None
    main: Event | None = None  # the first contact the readout reports
    mains: list[tuple[int, Event]] = field(default_factory=list)  # every one, by sentence offset
    main_token: int | None = None
    sentence_events: dict[int, str] = field(default_factory=dict)
    home: str | None = None
    stage: str = ""  # the extractor running, named in errors
    # the language pack of the readout's language (extract_doc sets it from readout.lang)
    pack: LanguagePack = field(default_factory=lambda: language_pack(DEFAULT))

    def mention_index(self) -> MentionIndex:
        """The mention index an earlier extractor (``mentions.v1``) set.

        Raises:
            ExtractError: ``E005`` when none did.
        """
        if self.index is None:
            raise ExtractError(Msg.E005, name=self.stage, what="mention index (ctx.index)", provides="mentions")
        return self.index


class Extractor(Protocol):
    def __call__(self, ctx: Context) -> None: ...


@dataclass(frozen=True)
class Stage:
    """A registered extractor with what it takes from earlier ones and gives to later ones.

    Attributes:
        name: the versioned name (``events.v1``).
        run: the extractor.
        needs: what extractors before it must provide (``{"mentions"}``).
        provides: what it adds to the context for the extractors after it.
    """

    name: str
    run: Extractor
    needs: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()


class Registry:
    """Extractors by versioned name ("events.v1"); a behaviour change adds ".v2"."""

    def __init__(self) -> None:
        self._items: dict[str, Stage] = {}

    def register(
        self, name: str, *, needs: Iterable[str] = (), provides: Iterable[str] = ()
    ) -> Callable[[Extractor], Extractor]:
        """Register an extractor under ``name``, with what it needs and provides."""

        def deco(fn: Extractor) -> Extractor:
            self._items[name] = Stage(name, fn, frozenset(needs), frozenset(provides))
            return fn

        return deco

    def stage(self, name: str) -> Stage:
        """The registered extractor ``name`` and its declarations.

        Raises:
            ExtractError: ``E002`` when no extractor has that name.
        """
        try:
            return self._items[name]
        except KeyError:
            raise ExtractError(Msg.E002, name=name, known=", ".join(sorted(self._items))) from None

    def get(self, name: str) -> Extractor:
        """The registered extractor ``name`` (``E002`` when there is none)."""
        return self.stage(name).run

    def names(self) -> list[str]:
        return sorted(self._items)

    def stages(self, pipeline: Sequence[str]) -> tuple[Stage, ...]:
        """The stages of ``pipeline``, in order, once it is known they can run in that order.

        Args:
            pipeline: extractor names, in the order they run.

        Raises:
            ExtractError: ``E002`` for a name no extractor has; ``E004`` when an extractor
                needs what no extractor before it provides.
        """
        stages = tuple(self.stage(name) for name in pipeline)
        provided: set[str] = set()
        for stage in stages:
            missing = stage.needs - provided
            if missing:
                providers = sorted(s.name for s in self._items.values() if s.provides & missing)
                raise ExtractError(
                    Msg.E004,
                    name=stage.name,
                    missing=", ".join(sorted(missing)),
                    pipeline=", ".join(pipeline),
                    providers=", ".join(providers) or "none",
                )
            provided |= stage.provides
        return stages


registry = Registry()
DEFAULT_PIPELINE: tuple[str, ...] = ("dates.v1", "mentions.v1", "events.v1", "positions.v1", "topics.v1")


def is_communique(readout: Readout, lang: LanguagePack | None = None) -> bool:
    """An official readout speaks in its own voice ("Le président de la République s'est
    entretenu …") and quotes nobody; a press report quotes or cites its sources ("selon
    l'Élysée", a quote with its reporting clause). The openings and the citing come from
    the pack of the readout's language (``lang``, found from ``readout.lang`` when
    ``None``)."""
    press = (lang or language_pack(readout.lang)).press
    head = readout.text[:200].lower().lstrip()
    own = head.startswith(press.communique_openings)
    return own and not press.press.search(readout.text)


def infer_home(readout: Readout, gaz: Gazetteer, doc: Doc, lang: LanguagePack | None = None) -> str | None:
    """The readout's own country, whose "président de la République" needs no qualifier:
    from the source (an Élysée readout is French), else from a named leader whose office
    carries that title (the pack's ``titles.home_office``, among the office's titles in
    the pack's language), else the pack's default country (France for a French text, the
    common case; say --source otherwise)."""
    lang = lang or language_pack(readout.lang)
    if readout.source:
        org = gaz.organization_by_name(readout.source)
        if org is not None and org.country:
            return org.country
        c = gaz.country_by_name(readout.source)
        if c is not None:
            return c.iso3
        if lang.titles.home_in_source == "yes":
            named = _home_named_in(readout.source, gaz)
            if named is not None:
                return named
    from graph.nlp import LABEL_KINDS

    countries: list[str] = []
    home_office = lang.titles.home_office
    for ent in doc.ents:
        if LABEL_KINDS.get(ent.label_) == "Leader" and ent.ent_id_ in gaz.persons:
            for office in gaz.offices_of(ent.ent_id_, None):
                titles = " | ".join(getattr(office, f"titles_{lang.code}", ()))
                if home_office and home_office in titles and office.country not in countries:
                    countries.append(office.country)
    if len(countries) == 1:
        return countries[0]
    return lang.default_home


def _home_named_in(source: str, gaz: Gazetteer) -> str | None:
    """The country a source names within its name: the first organization with a country
    ("… 10 Downing Street (gov.uk)", "The White House"), else the first country ("Ministry
    of Foreign Affairs of Japan"), by runs of one to four of its words."""
    words = re.findall(r"[\w'’-]+", source)
    runs = [(i, " ".join(words[i:i + n])) for n in (4, 3, 2, 1) for i in range(len(words) - n + 1)]
    runs.sort(key=lambda r: r[0])
    for _, run in runs:
        org = gaz.organization_by_name(run)
        if org is not None and org.country:
            return org.country
    for _, run in runs:
        c = gaz.country_by_name(run)
        if c is not None:
            return c.iso3
    return None


@registry.register("dates.v1", provides=("dates",))
def _dates(ctx: Context) -> None:
    from graph.extract.dates import find_dates, resolve

    ctx.dates = find_dates(ctx.doc.text, ctx.pack)
    if ctx.ref is None:
        # With no publication date, an absolute date the text states ("ce 21 novembre
        # 2017") anchors relative ones; the first full date is the best guess of when
        # the text speaks. It is used to resolve titles and "la veille", not as the
        # readout's date.
        for d in ctx.dates:
            if d.kind == "full":
                ctx.resolver.ref = resolve(d, None)
                break


# needs dates: without a publication date, dates.v1 sets the resolver's reference date,
# which titles ("le président russe") are resolved by
@registry.register("mentions.v1", needs=("dates",), provides=("mentions",))
def _mentions(ctx: Context) -> None:
    from graph.extract.mentions import find_mentions

    ctx.index = find_mentions(ctx.doc, ctx.readout, ctx.gazetteer, ctx.resolver, ctx.pack)
    ctx.home = ctx.resolver.home  # the mentions may have told whose readout this is
    ctx.extraction.mentions.extend(ctx.index.mentions)


@registry.register("events.v1", needs=("dates", "mentions"), provides=("events",))
def _events(ctx: Context) -> None:
    from graph.extract.events import (
        extract_further_contacts,
        extract_main_event,
        extract_referenced_events,
        find_initiator,
        find_main_trigger,
    )

    index = ctx.mention_index()
    lang = ctx.pack
    trig = find_main_trigger(ctx.doc, index, lang)
    main = extract_main_event(ctx.doc, ctx.readout, index, ctx.dates, ctx.ref, trig, lang) if trig else None
    if main is not None and main.date_text is None:
        # The sentence that states the contact gives no date (a headline, often); a
        # sentence naming its participants may ("a informé ce 21 novembre 2017 son
        # homologue", "a appelé dimanche matin le président ukrainien").
        date, text = _stated_main_date(ctx, main)
        if date is None and lang.contact.dateline == "event":
            date, text = _dateline(ctx)
        if date is not None:
            main.date, main.date_text = date, text
    ctx.main = main
    ctx.main_token = trig.token_i if trig else None
    mains: list[tuple[int, Event]] = []
    if main is not None and trig is not None:
        mains.append((trig.sentence.start_char, main))
        for at, more in extract_further_contacts(ctx.doc, ctx.readout, index, ctx.dates, ctx.ref, main, trig, lang):
            mains.append((at, more))
    ctx.mains = mains
    for at, ev in mains:
        if ev.initiator is None:
            sent = next(s for s in sentences(ctx.doc) if s.start_char == at)
            ev.initiator = find_initiator(
                ctx.doc, index, ev, sent,
                lambda w: (c.iso3 if (c := ctx.gazetteer.country_by_adjective(w)) else None),
                lang,
            )
    ref = _refs_date(ctx)
    refs = extract_referenced_events(ctx.doc, ctx.readout, index, ctx.dates, ref, main, ctx.main_token, lang)
    ctx.extraction.events.extend([ev for _, ev in mains] + refs)


def _refs_date(ctx: Context) -> PartialDate | None:
    """What relative dates of the readout resolve against: its publication date, else the
    main contact's date when the text gives it to the day."""
    main = ctx.main
    if ctx.ref is not None:
        return ctx.ref
    if main is not None and main.date is not None and main.date.precision == "day":
        return main.date
    return None


def _dateline(ctx: Context) -> tuple[PartialDate | None, str | None]:
    """The dateline of an official readout: a line that is only a full date ("May 27,
    2020"), the day the readout reports; with a publication date, only one that falls
    within it."""
    from graph.extract.dates import resolve

    text = ctx.doc.text
    for d in ctx.dates:
        if d.kind != "full":
            continue
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if line.strip(" \t.") != d.text:
            continue
        date = resolve(d, None)
        if date is not None and (ctx.ref is None or ctx.ref.compatible(date)):
            return date, d.text
    return None, None


def _stated_main_date(ctx: Context, main: Event) -> tuple[PartialDate | None, str | None]:
    """A date stated for the main contact outside its own sentence, in a sentence that names
    all its participants (or restates the contact by their group). Without a publication
    date only a full date counts; with one, only the first sentences count and the date
    must fall within the publication period, or, for a full date or a restated contact, at
    most a week before it (a report published days after the call)."""
    from graph.extract.dates import resolve
    from graph.extract.events import dates_a_saying, news_dateline

    index = ctx.mention_index()
    keys = {p.key for p in main.participants}
    if len(keys) < 2:
        return None, None
    first = [s.start_char for s in sentences(ctx.doc)[:6]]
    for d in ctx.dates:
        if ctx.ref is None and d.kind != "full":
            continue
        if d.kind not in ("full", "day_month", "weekday", "today", "yesterday"):
            continue
        span = ctx.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None or (ctx.ref is not None and span.sent.start_char not in first):
            continue
        sent = span.sent
        named = {e.key for e in index.leaders_in(sent.start, sent.end)}
        restated = not keys <= named and named <= keys and _restates_contact(sent, ctx.pack)
        if not keys <= named and not restated:
            continue
        if dates_a_saying(sent, d, None, ctx.pack) or news_dateline(sent, d, ctx.pack):
            continue  # "X spoke with Y, the spokesman said on Sunday"; "MOSCOW, July 2."
        date = resolve(d, ctx.ref, tense="past")
        if date is None:
            continue
        if ctx.ref is None or ctx.ref.compatible(date) or (
            (restated or d.kind == "full") and _days_before(date, ctx.ref, 7)
        ):
            return date, d.text
    return None, None


def _days_before(date: PartialDate, ref: PartialDate, most: int) -> bool:
    """Whether ``date`` is a day at most ``most`` days before the day ``ref`` (a report
    published the day after the call it restates, or a few days later)."""
    day, published = date.as_date(), ref.as_date()
    if day is None or published is None:
        return False
    return 0 <= published.toordinal() - day.toordinal() <= most


def _restates_contact(sent: Span, lang: LanguagePack) -> bool:
    """Whether a sentence states a contact of a group of leaders without naming them ("On
    July 1, the presidents of Russia and France held a telephone conversation", "Les deux
    dirigeants s'étaient entretenus lundi"): a group head as subject and a contact noun
    or verb of the pack."""
    subjects = lang.deps.subject
    has_group = any(t.lower_ in lang.acts.group_heads and t.dep_ in subjects for t in sent)
    has_contact = any(t.lemma_.lower() in lang.contact.nouns or t.lemma_.lower() in lang.contact.verbs
                      for t in sent)
    return has_group and has_contact


@registry.register("positions.v1", needs=("dates", "mentions", "events"), provides=("positions",))
def _positions(ctx: Context) -> None:
    """Positions; then the main contact's participants are completed from who speaks and
    to whom (a readout may name them only in its acts), and earlier contacts the readout
    recalls by date become events of their own, carrying the positions made in them."""
    from graph.extract.events import extract_earlier_contacts
    from graph.extract.positions import extract_positions

    index = ctx.mention_index()
    communique = is_communique(ctx.readout, ctx.pack)

    def run() -> list[Position]:
        home_leader = None
        if ctx.main is not None:
            home_leader = next((p for p in ctx.main.participants if p.country == ctx.home), None)
        return extract_positions(
            ctx.doc, ctx.readout, index, ctx.mains, ctx.sentence_events,
            communique=communique, home_leader=home_leader, topic_tagger=ctx.topic_tagger,
            genders=_genders(ctx.gazetteer), lang=ctx.pack,
        )

    positions = run()
    main = ctx.main
    if main is not None and len(main.participants) < 2:
        added = False
        for p in positions:
            if p.attribution != "explicit" or p.event != main.key:
                continue
            for e in [*p.speakers, p.addressee]:
                if e is not None and e.kind == "Leader" and e not in main.participants:
                    main.participants.append(e)
                    added = True
        if added:
            positions = run()
    earlier, by_sentence = extract_earlier_contacts(
        ctx.doc, ctx.readout, index, ctx.dates, _refs_date(ctx), main,
        first_key=len(ctx.extraction.events), lang=ctx.pack,
    )
    if earlier:
        ctx.extraction.events.extend(earlier)
        ctx.sentence_events = by_sentence
        positions = run()
    ctx.extraction.positions.extend(positions)


@lru_cache(maxsize=4)
def _genders(gazetteer: Gazetteer) -> dict[str, str]:
    """Each leader's gender by key, for "il" and "elle" (read once per gazetteer)."""
    return {k: p.gender for k, p in gazetteer.persons.items() if p.gender}


@registry.register("topics.v1", needs=("positions",), provides=("topics",))
def _topics(ctx: Context) -> None:
    seen: list[str] = []
    for p in ctx.extraction.positions:
        for t in p.topics:
            if t not in seen:
                seen.append(t)
    for t in ctx.topic_tagger(ctx.readout.text):
        if t not in seen:
            seen.append(t)
    ctx.extraction.topics = seen


def extract_doc(
    doc: Doc,
    readout: Readout,
    gazetteer: Gazetteer,
    topic_tagger: Callable[[str], list[str]],
    pipeline: Sequence[str] = DEFAULT_PIPELINE,
) -> Extraction:
    """Run the extractors of ``pipeline`` over one parsed readout, with the language pack
    of the readout's language (``readout.lang``).

    Raises:
        ExtractError: before any extractor runs, ``E002`` for an unknown extractor name
            and ``E004`` when the order of ``pipeline`` puts an extractor before one it
            needs (see :meth:`Registry.stages`); ``L001`` when no language pack holds
            the readout's language.
    """
    from graph.resolve import Resolver

    stages = registry.stages(pipeline)

    lang = language_pack(readout.lang)
    home = infer_home(readout, gazetteer, doc, lang)
    resolver = Resolver(gazetteer, readout.date, home, lang=lang)
    ctx = Context(
        doc=doc, readout=readout, gazetteer=gazetteer, resolver=resolver,
        topic_tagger=topic_tagger, extraction=Extraction(readout), ref=readout.date, home=home,
        pack=lang,
    )
    for stage in stages:
        ctx.stage = stage.name
        stage.run(ctx)
    _dedupe_events(ctx.extraction)
    return ctx.extraction


def _dedupe_events(ex: Extraction) -> None:
    """Renumber events e1..eN in order (main first) and keep position references valid."""
    mapping: dict[str, str] = {}
    for i, ev in enumerate(ex.events, start=1):
        mapping[ev.key] = f"e{i}"
        ev.key = f"e{i}"
    for p in ex.positions:
        if p.event is not None:
            p.event = mapping.get(p.event)


#: The longest text parsed in one piece; a longer one is parsed in pieces of at most this
#: many characters, cut where a paragraph, else a sentence, ends.
PIECE_CHARS = 50_000

# a sentence end: . ! ? … (maybe closed by quotes or brackets) and the space after it
_SENTENCE_END = re.compile(r"[.!?…][»\"”’')\]]* ")


def chunk_text(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Split a long text into pieces of at most ``limit`` characters, keeping every
    character, so that the pieces joined again are the text.

    Each piece ends at the last paragraph break (``"\\n\\n"``, kept with the piece)
    before the limit; where a paragraph is longer than that, at the last sentence end
    (``". "``, the space kept with the piece); else after the last space; a text with no
    space in ``limit`` characters is cut at the limit. A text of ``limit`` characters or
    fewer is one piece. Ending a piece where spaCy would end a token anyway (after the
    space), the pieces are tokenized as the whole text is.

    >>> chunk_text("Un. Deux.\\n\\nTrois quatre cinq.", 12)
    ['Un. Deux.\\n\\n', 'Trois ', 'quatre cinq.']
    >>> chunk_text("Un. Deux trois.", 12)
    ['Un. ', 'Deux trois.']

    Raises:
        ExtractError: ``E006`` when ``limit`` is smaller than 1.
    """
    if limit < 1:
        raise ExtractError(Msg.E006, name="the piece size", value=limit)
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n\n", start, end)
        if cut > start:
            end = cut + 2
        else:
            last = None
            for m in _SENTENCE_END.finditer(text, start, end):
                last = m
            if last is not None:
                end = last.end()
            else:
                space = text.rfind(" ", start, end)
                if space >= start:
                    end = space + 1
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def parse_readouts(
    nlp: Language,
    readouts: Iterable[Readout],
    *,
    batch_size: int = 16,
    n_process: int = 1,
    piece_chars: int = PIECE_CHARS,
) -> Iterator[tuple[Readout, Doc]]:
    """Parse readouts with ``nlp.pipe``, in order.

    A readout of ``piece_chars`` characters or fewer (nearly all) is parsed whole, in
    batches of ``batch_size`` readouts over ``n_process`` processes. A longer one is cut
    by :func:`chunk_text`, its pieces parsed one at a time in this process, so memory
    follows the piece size rather than the readout's length, and joined back into one
    ``Doc`` whose text is the readout's text, so every character offset stays right.

    Raises:
        ExtractError: ``E006`` when ``piece_chars`` is smaller than 1.
    """
    if piece_chars < 1:
        raise ExtractError(Msg.E006, name="the piece size", value=piece_chars)
    source = iter(readouts)
    long: list[Readout] = []  # the long readout that ended the last run of short ones

    def short_run() -> Iterator[Readout]:
        for r in source:
            if len(r.text) > piece_chars:
                long.append(r)
                return
            yield r

    while True:
        run = short_run()
        first = next(run, None)
        if first is not None:  # no worker processes are started for an empty run
            yield from _pipe(nlp, chain([first], run), batch_size=batch_size, n_process=n_process)
        if not long:
            return
        r = long.pop()
        yield r, _parse_in_pieces(nlp, r, piece_chars)


def _parse_in_pieces(nlp: Language, readout: Readout, piece_chars: int) -> Doc:
    """The pieces of a long readout parsed one at a time and joined into one ``Doc``."""
    from spacy.tokens import Doc as _Doc

    parts: list[_Doc] = []
    for part in nlp.pipe(chunk_text(readout.text, piece_chars), batch_size=1):
        # the tok2vec output, which no extractor reads, is most of a parsed Doc's memory
        part.tensor = part.tensor[:0].copy()
        parts.append(part)
    doc = _Doc.from_docs(parts, ensure_whitespace=False)
    if doc.text != readout.text:  # pragma: no cover - a spaCy change would show here
        raise ExtractError(Msg.E003, doc=readout.origin or readout.id, detail="its pieces did not join back")
    return doc


def _pipe(
    nlp: Language, readouts: Iterable[Readout], *, batch_size: int, n_process: int
) -> Iterator[tuple[Readout, Doc]]:
    """Each readout with its parse, by ``nlp.pipe`` over the readouts' texts."""
    stream = ((r.text, r) for r in readouts)
    for doc, r in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield r, doc
