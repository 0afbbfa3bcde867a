"""Find entity mentions in a parsed readout: names, titles, adjectives, metonyms.

``find_mentions`` walks a spaCy ``Doc`` once and returns a :class:`MentionIndex`: every
mention with its token span and resolved entity, plus a map from token to leader, which
the event and position extractors use to find who does what. Titles, honorifics and the
words that qualify or cut a name come from the language pack (``lang``: tables
``[titles]`` and ``[mentions]``).
"""

from __future__ import annotations

from bisect import bisect_left, insort_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.docview import doc_text, ents_within
from graph.nlp import LABEL_KINDS
from graph.records import EntityRef, Mention, Readout, Span
from graph.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.gazetteer import Gazetteer
    from graph.lang import LanguagePack
    from graph.resolve import Resolver


@dataclass
class TitleMention:
    """A leader designated by a title ("le président russe", "son homologue américain")."""

    start: int  # token indices, [start, end)
    end: int
    title: str  # the title head, lowercased ("président", "chef de l'état")
    role: str
    country: str | None
    entity: EntityRef | None = None


@dataclass
class MentionIndex:
    mentions: list[Mention] = field(default_factory=list)
    leader_at: dict[int, EntityRef] = field(default_factory=dict)  # token index -> leader
    titles: list[TitleMention] = field(default_factory=list)
    entity_tokens: dict[int, EntityRef] = field(default_factory=dict)  # any entity, by token
    # mention positions sorted by raw start, for mentions_from; made again when mentions grows
    _by_start: tuple[int, list[int], list[int]] | None = field(default=None, repr=False, compare=False)

    def mentions_from(self, start: int, end: int) -> list[Mention]:
        """The mentions whose raw span starts in ``[start, end)``, in the order of
        ``mentions``: found by bisection, not by a scan of every mention."""
        if self._by_start is None or self._by_start[0] != len(self.mentions):
            order = sorted(range(len(self.mentions)), key=lambda k: self.mentions[k].span.start)
            self._by_start = (len(self.mentions), [self.mentions[k].span.start for k in order], order)
        _, starts, order = self._by_start
        found = order[bisect_left(starts, start):bisect_left(starts, end)]
        return [self.mentions[k] for k in sorted(found)]

    def leaders_in(self, start: int, end: int) -> list[EntityRef]:
        """Leaders mentioned in tokens [start, end), in order, without repeats."""
        out: list[EntityRef] = []
        for i in range(start, end):
            e = self.leader_at.get(i)
            if e is not None and e not in out:
                out.append(e)
        return out


def span_of(readout: Readout, doc: Doc, start_tok: int, end_tok: int) -> Span:
    """The raw-text span of tokens [start_tok, end_tok), white space at either end left out."""
    last = doc[end_tok - 1]
    return char_span(readout, doc[start_tok].idx, last.idx + len(last.text))


def char_span(readout: Readout, start: int, end: int) -> Span:
    """The raw-text span of ``readout.text[start:end]``, white space at either end left out.

    A sentence keeps the paragraph break that follows it; in the raw text, that break
    can hold what clean-up removed (a communiqué's "/.", a page footer), which is not
    part of what was said.
    """
    text = readout.text
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    rs, re_ = readout.raw_span(start, end)
    return Span(rs, re_, readout.raw[rs:re_])


def _fold(text: str) -> str:
    return fold(text).replace("-", " ")


@lru_cache(maxsize=8)
def _title_keys(lang: LanguagePack) -> tuple[dict[str, str], frozenset[str]]:
    """A pack's title heads by their folded form, and the folded first words they start
    with (a word with an apostrophe counts up to it: "chef d'" of "chef d'état")."""
    titles = {_fold(k): k for k in lang.titles.heads}
    first = frozenset(k.split()[0].split("'")[0] + ("'" if "'" in k.split()[0] else "") for k in titles)
    return titles, first


def _match_title(doc: Doc, i: int, lang: LanguagePack) -> tuple[str, int] | None:
    """The longest title head starting at token i, as (title, end token); accents and
    apostrophes do not matter ("chef de l’Etat" is "chef de l'état")."""
    titles, first_words = _title_keys(lang)
    if _fold(doc[i].text) not in first_words:
        return None
    best: tuple[str, int] | None = None
    text = ""
    for j in range(i, min(i + 6, len(doc))):
        tok = _fold(doc[j].text)
        text = tok if j == i else text + ("" if text.endswith("'") else " ") + tok
        key = " ".join(text.split())  # "Maison-Blanche" may come as three tokens
        if key in titles:
            best = (titles[key], j + 1)
    return best


def _title_country(
    doc: Doc, end: int, gaz: Gazetteer, index: MentionIndex, resolver: Resolver, lang: LanguagePack
) -> tuple[str | None, int, bool]:
    """The country qualifying a title that ends at token ``end``: an adjective ("russe"),
    a country after de/du ("de la Fédération de Russie"), or an institution ("du Kremlin").
    Returns (iso3, new end, says 'de la République' with no country)."""
    j = end
    generic_republic = False
    titles = lang.titles
    while j < len(doc) and j < end + 6:
        tok = doc[j]
        low = tok.lower_.replace("’", "'")
        ent = index.entity_tokens.get(j)
        if ent is not None and ent.kind == "Country":
            k = j
            while k < len(doc) and index.entity_tokens.get(k) == ent:
                k += 1
            return ent.key, k, False
        if ent is not None and ent.kind in ("Organization", "Place") and ent.country:
            k = j
            while k < len(doc) and index.entity_tokens.get(k) == ent:
                k += 1
            return ent.country, k, False
        if tok.pos_ in ("ADJ", "NOUN", "PROPN", "VERB"):
            c = gaz.country_by_adjective(tok.text)
            if c is not None:
                return c.iso3, j + 1, False
        if low in titles.links:
            j += 1
            continue
        if low in titles.state_words:
            generic_republic = low == titles.republic
            j += 1
            continue
        break
    # "le Président de la République, X": the title runs to the end of its words
    return None, (j if generic_republic else end), generic_republic


def _country_before(doc: Doc, i: int, gaz: Gazetteer, index: MentionIndex) -> str | None:
    """The country named right before a title that starts at token ``i``: a country
    adjective ("the Russian leader") or a country's name ("the US President")."""
    if i == 0:
        return None
    ent = index.entity_tokens.get(i - 1)
    if ent is not None and ent.kind == "Country":
        return ent.key
    prev = doc[i - 1]
    if prev.pos_ in ("ADJ", "NOUN", "PROPN"):
        c = gaz.country_by_adjective(prev.text)
        if c is not None:
            return c.iso3
    return None


def find_mentions(
    doc: Doc, readout: Readout, gaz: Gazetteer, resolver: Resolver, lang: LanguagePack
) -> MentionIndex:
    """Every entity mention in the document, resolved, by the words of the language pack
    ``lang``."""
    index = MentionIndex()
    text = doc_text(doc)
    mentions, titles = lang.mentions, lang.titles

    def add(entity: EntityRef, start: int, end: int, via: str) -> None:
        index.mentions.append(Mention(entity, span_of(readout, doc, start, end), via))
        for i in range(start, end):
            index.entity_tokens.setdefault(i, entity)
            if entity.kind == "Leader":
                index.leader_at.setdefault(i, entity)

    # 1. gazetteer names first; they also tell the resolver who the readout names.
    persons: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        kind = LABEL_KINDS.get(ent.label_)
        if kind == "Leader" and ent.ent_id_ in gaz.persons:
            resolver.named.add(ent.ent_id_)
            persons.append((ent.start, ent.end, ent.ent_id_))
    for ent in doc.ents:
        kind = LABEL_KINDS.get(ent.label_)
        key = ent.ent_id_
        if kind == "Country" and key in gaz.countries:
            add(resolver.country(key), ent.start, ent.end, "name")
        elif kind == "Organization" and key in gaz.organizations:
            org = resolver.organization(key)
            add(org, ent.start, ent.end, "name")
            if org.country and org.country in gaz.countries:
                index.mentions.append(
                    Mention(resolver.country(org.country), span_of(readout, doc, ent.start, ent.end), "metonym")
                )
        elif kind == "Place" and key in gaz.places:
            before = text[max(0, ent.start_char - 40): ent.start_char]
            place = gaz.places[key]
            if mentions.named_after.search(before):
                continue  # "accords de Minsk": neither the place nor its government
            add(resolver.place(key), ent.start, ent.end, "name")
            located = ent.start > 0 and doc[ent.start - 1].lower_ in lang.grammar.locatives
            if place.metonym_for and place.metonym_for in gaz.countries and not located:
                # "Moscou a dénoncé", "la position de Washington": the government; but
                # "à Bruxelles" is only where something happens
                index.mentions.append(
                    Mention(resolver.country(place.metonym_for), span_of(readout, doc, ent.start, ent.end), "metonym")
                )
    for start, end, qid in persons:
        add(resolver.leader(qid), start, end, "name")

    # 2. titles, with their country, then the name in apposition if there is one.
    i = 0
    while i < len(doc):
        matched = _match_title(doc, i, lang)
        if matched is None or i in index.leader_at:
            i += 1
            continue
        title, end = matched
        role = titles.heads[title]
        country, end2, generic = _title_country(doc, end, gaz, index, resolver, lang)
        if generic and country is None and title in titles.of_the_republic:
            title = titles.of_the_republic[title]
        if title in titles.countries:
            country = titles.countries[title]
        if country is None and titles.country_before == "yes" and role != "same":
            country = _country_before(doc, i, gaz, index)  # "the Russian leader", "the US President"
        tm = TitleMention(_title_start(doc, i), end2, title, role, country)
        index.titles.append(tm)
        if country and country in gaz.countries:
            index.mentions.append(Mention(resolver.country(country), span_of(readout, doc, tm.start, tm.end), "title"))
        i = max(end2, i + 1)

    # 3. the readout's own country: a generic title in apposition to a named leader
    # ("Son Excellence Monsieur Macky Sall, Président de la République", "Sa Majesté le Roi
    # Mohammed VI") says whose readout this is, wherever it stands.
    for tm in index.titles:
        if tm.country is None and tm.title in titles.home_specific and _in_subject(doc, tm):
            named = _apposed_leader(doc, tm, index, lang)
            if named is not None and named.country:
                resolver.home = named.country
                break

    # 4. resolve titles in text order: a name in apposition wins; then, for a title with no
    # country, a leader the readout already named who holds it (unless the readout's own
    # leader is already in the text); then the office's holder on the readout's date.
    mentioned_at = sorted(((m.span.start, m.entity) for m in index.mentions if m.entity.kind == "Leader"),
                          key=lambda x: x[0])
    # leaders the gazetteer does not know, named next to their title ("le président du
    # Conseil présidentiel libyen, Mohamed el-Menfi"), and later by surname alone ("le
    # président el-Menfi")
    unknown_of: dict[int, EntityRef] = {}
    surnames: dict[str, EntityRef] = {}
    for tm in index.titles:
        if _apposed_leader(doc, tm, index, lang) is not None:
            continue
        found_person = _apposed_person(doc, tm, index, gaz, lang)
        if found_person is None:
            continue
        name, p_start, p_end = found_person
        offices = resolver.offices_for(tm.title, tm.country, tm.role)
        e = resolver.unknown_leader(name, tm.country, offices[0] if offices else None)
        unknown_of[id(tm)] = e
        add(e, p_start, p_end, "name")
        last = name.split()[-1]
        for form in {last, last.rsplit("-", 1)[-1]}:
            if len(form) >= 4 and form[:1].isupper():
                surnames[form] = e
    for tok in doc:
        by_surname = surnames.get(tok.text)
        if by_surname is not None and tok.i not in index.entity_tokens:
            add(by_surname, tok.i, tok.i + 1, "name")
    mentioned_at = sorted(((m.span.start, m.entity) for m in index.mentions if m.entity.kind == "Leader"),
                          key=lambda x: x[0])

    # The leaders named before each title, each once, the latest named last: titles come in
    # text order, so the leaders are taken from ``mentioned_at`` as the titles move on
    # rather than gathered again for each title.
    seen_leaders: dict[EntityRef, None] = {}
    taken = 0  # entries of mentioned_at in seen_leaders
    upto = -1  # the offset they were taken up to
    for tm in index.titles:
        if role_is_relative(tm) and tm.country is None:
            continue  # "son homologue": resolved by the position extractor, which knows the speaker
        start_char = span_of(readout, doc, tm.start, tm.end).start
        if start_char < upto:  # not in text order: start again
            seen_leaders, taken = {}, 0
        upto = start_char
        while taken < len(mentioned_at) and mentioned_at[taken][0] < start_char:
            e = mentioned_at[taken][1]
            seen_leaders.pop(e, None)
            seen_leaders[e] = None
            taken += 1
        named = _apposed_leader(doc, tm, index, lang)
        if id(tm) in unknown_of:
            tm.entity = unknown_of[id(tm)]
        elif named is not None:
            tm.entity = named
        else:
            found = resolver.by_title(tm.title, tm.country, tm.role)
            if tm.country is not None and tm.role in ("any", "same"):
                # "la dirigeante italienne", "son homologue turc": the leader of that
                # country the readout already named, whatever their office
                named_there = next((e for e in reversed(seen_leaders) if e.country == tm.country), None)
                if named_there is not None:
                    found = (named_there, "title")
            if tm.country is None:
                earlier = _earlier_holder(tm, seen_leaders, gaz, resolver, lang)
                home_in_text = found is not None and found[0] in seen_leaders
                if earlier is not None and not home_in_text:
                    found = (earlier, "title")
            if found is not None:
                tm.entity = found[0]
                add(tm.entity, tm.start, tm.end, found[1])
                # where appending and sorting again would put it; not yet taken, as it
                # is at start_char
                insort_right(mentioned_at, (start_char, tm.entity), key=lambda x: x[0])
                continue
        if tm.entity is not None:
            for t in range(tm.start, tm.end):
                index.leader_at.setdefault(t, tm.entity)
                index.entity_tokens.setdefault(t, tm.entity)
            index.mentions.append(Mention(tm.entity, span_of(readout, doc, tm.start, tm.end), "title"))

    # 4. country adjectives and compounds ("syrien", "franco-russes").
    for tok in doc:
        if tok.i in index.entity_tokens or tok.pos_ not in ("ADJ", "NOUN", "PROPN"):
            continue
        if "-" in tok.text:
            continue
        c = gaz.country_by_adjective(tok.text)
        if c is not None and tok.text[:1].islower():
            span = span_of(readout, doc, tok.i, tok.i + 1)
            index.mentions.append(Mention(resolver.country(c.iso3), span, "adjective"))
    for m in mentions.compound.finditer(text):
        for c in gaz.countries_in_compound(m.group(0)):
            span = char_span(readout, m.start(), m.end())
            index.mentions.append(Mention(resolver.country(c.iso3), span, "adjective"))

    # 5. what the statistical NER finds beyond the gazetteer: places and organizations.
    title_tokens = {t for tm in index.titles for t in range(tm.start, tm.end)}
    for ent in doc.ents:
        if ent.label_ not in ("LOC", "ORG") or any(i in index.entity_tokens for i in range(ent.start, ent.end)):
            continue
        name = ent.text.strip(" .,;:/!?«»\"'()")
        if not _good_name(name, lang):
            continue
        if any(i in title_tokens for i in range(ent.start, ent.end)):
            continue
        before = text[max(0, ent.start_char - 40): ent.start_char]
        if ent.label_ == "LOC":
            if mentions.named_after.search(before):
                continue
            add(resolver.unknown_place(name), ent.start, ent.end, "name")
        else:
            add(resolver.unknown_organization(name), ent.start, ent.end, "name")
    return index


def _in_subject(doc: Doc, tm: TitleMention) -> bool:
    """Whether a title stands in the subject of its sentence's main verb: the readout's
    protagonist ("Sa Majesté le Roi Mohammed VI a eu un entretien"), not its guest
    ("Emmanuel Macron a reçu Sa Majesté le Roi Mohammed VI")."""
    sent = doc[tm.start].sent
    # the parser often misplaces long honorific subjects ("Son Excellence Monsieur Macky
    # Sall, Président de la République, a reçu …"): what stands before the first verb of
    # the sentence is its subject
    first_verb = next((t for t in sent if t.pos_ in ("VERB", "AUX") and t.i > tm.start), None)
    before_any = not any(
        t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", []) for t in doc[sent.start: tm.start]
    )
    return first_verb is not None and before_any


def _earlier_holder(
    tm: TitleMention, seen: Iterable[EntityRef], gaz: Gazetteer, resolver: Resolver, lang: LanguagePack
) -> EntityRef | None:
    """The latest leader named before a bare title ("le Premier ministre", "le chancelier")
    whose office carries that title (in the gazetteer's titles in the pack's language, or
    in English): the readout speaks of someone it introduced. ``seen`` holds the leaders
    named before it, the latest last."""
    want = _fold(tm.title)
    attr = f"titles_{lang.code}"
    for e in reversed(list(seen)):
        if e.office is None or e.office not in gaz.offices:
            continue
        office = gaz.offices[e.office]
        own: tuple[str, ...] = getattr(office, attr, ())
        titles = {_fold(t) for t in (*own, *office.titles_en)}
        if want in titles:
            return e
    return None


def role_is_relative(tm: TitleMention) -> bool:
    return tm.role == "same"


def _good_name(name: str, lang: LanguagePack) -> bool:
    if len(name) < 3 or not name[:1].isupper():
        return False
    if name.split()[-1].lower() in lang.mentions.name_tails:
        return False  # a name the NER cut short ("Forum de")
    low = name.lower()
    junk = lang.mentions.junk
    if low in junk or low.split()[0] in junk:
        return False
    return not any(ch.isdigit() for ch in name)


def _title_start(doc: Doc, i: int) -> int:
    """Include the determiner and honorifics before a title head ("le", "son", "M.")."""
    j = i
    while j > 0 and doc[j - 1].pos_ == "DET":
        j -= 1
    return j


def _apposed_leader(doc: Doc, tm: TitleMention, index: MentionIndex, lang: LanguagePack) -> EntityRef | None:
    """A named leader right after ("le président russe Vladimir Poutine", "…, Vladimir
    Poutine") or right before ("Vladimir Poutine, président de …") the title, in the same
    sentence."""
    j = tm.end
    if j < len(doc) and doc[j].text == ",":
        j += 1
    if j < len(doc) and doc[j].lower_ in lang.grammar.articles and j + 1 < len(doc):
        j += 1  # "Sa Majesté le Roi Mohammed VI"
    if j < len(doc) and j in index.leader_at and doc[j].sent.start == doc[tm.start].sent.start:
        return index.leader_at[j]
    k = tm.start - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    if k >= 0 and k in index.leader_at and doc[k].sent.start == doc[tm.start].sent.start:
        return index.leader_at[k]
    return None


def _apposed_person(
    doc: Doc, tm: TitleMention, index: MentionIndex, gaz: Gazetteer, lang: LanguagePack
) -> tuple[str, int, int] | None:
    """An unknown person named in apposition to a leader title (a spaCy PER right after it,
    or right before it and a comma, in the same sentence), with honorifics removed."""
    sent = doc[tm.start].sent
    of_words = lang.mentions.of_words
    for ent in ents_within(doc, sent.start, sent.end):
        if ent.label_ != "PER":
            continue
        between_after = doc[tm.end:ent.start]
        between_before = doc[ent.end:tm.start]
        near_after = ent.start >= tm.end and (
            (all(t.text == "," for t in between_after) and len(between_after) <= 1)
            # "le président du Conseil présidentiel libyen, Mohamed el-Menfi"
            or (0 < len(between_after) <= 12 and between_after[0].lower_ in of_words
                and between_after[-1].text == "," and not any(t.pos_ in ("VERB", "AUX") for t in between_after))
        )
        near_before = ent.end <= tm.start and [t.text for t in between_before] == [","]
        if not (near_after or near_before):
            continue
        name = ent.text.strip(" ,.")
        low = name.lower()
        for h in sorted(lang.titles.honorifics, key=len, reverse=True):
            if low.startswith(h + " "):
                name = name[len(h) + 1:]
                low = name.lower()
        if _good_person(name, lang) and gaz.place_by_name(name) is None and gaz.country_by_name(name) is None:
            return name, ent.start, ent.end
    return None


def _good_person(name: str, lang: LanguagePack) -> bool:
    words = name.split()
    return 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and name.lower() not in lang.mentions.junk


def token_leader(index: MentionIndex, tok: Token, lang: LanguagePack) -> EntityRef | None:
    """The leader a token names: the token itself, or a name in apposition to it (the head
    of "M. Macron" may be "M."). Deeper words do not count: in "sa rencontre avec Bachar
    el-Assad", "rencontre" is not Assad."""
    if tok.i in index.leader_at:
        return index.leader_at[tok.i]
    deps = lang.deps
    for c in tok.children:
        if (
            c.dep_ in deps.name_parts
            and c.i in index.leader_at
            and abs(c.i - tok.i) <= 3
        ):
            if c.dep_ == deps.nominal_modifier and any(
                g.dep_ == deps.case and g.lower_ not in lang.mentions.genitive_cases for g in c.children
            ):
                continue
            return index.leader_at[c.i]
    return None
