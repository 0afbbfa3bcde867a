"""Events: the contact a readout reports (the main event) and the events it refers to.

Find, then write: ``find_main_trigger`` locates the contact in the parse;
``extract_main_event``, ``extract_further_contacts``, ``extract_referenced_events`` and
``extract_earlier_contacts`` turn what they find into :class:`~graph.records.Event`
records with participants, date, status, initiator and location. The words that state
a contact, name an event or mark its status come from the language pack (``lang``:
tables ``[contact]`` and ``[events]``, with ``[grammar]`` and ``[deps]``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from graph.extract.dates import DateExpr, dates_between, resolve
from graph.extract.docview import doc_text, sentences
from graph.extract.mentions import MentionIndex, span_of, token_leader
from graph.records import EntityRef, Event, EventStatus, EventType, PartialDate, Readout

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from graph.lang import LanguagePack


@dataclass
class Trigger:
    token_i: int
    type: EventType
    sentence: SpacySpan


def _is_phone(sent_text: str, lang: LanguagePack) -> bool:
    low = sent_text.lower()
    return any(w in low for w in lang.contact.phone_words)


def _see_also(text: str, lang: LanguagePack) -> bool:
    """A "see also" line, which reports nothing."""
    return text.startswith(lang.navigation.see_also)


def find_main_trigger(doc: Doc, index: MentionIndex, lang: LanguagePack) -> Trigger | None:
    """The contact the readout reports: the first verb by which a leader contacts another
    ("s'est entretenu par téléphone avec", "a téléphoné à", "a reçu"), else the first
    phone word next to a leader ("Au téléphone avec Trump"), else the first contact noun
    that has no date of its own ("l'entretien"; the pack's fallback nouns, not
    "rencontre" or "négociations", which mostly name other events)."""
    contact = lang.contact
    sents = [s for s in doc.sents if not _see_also(s.text.lower().lstrip(), lang)]
    for sent in sents:
        for tok in sent:
            lemma = contact_lemma(tok, lang)
            if lemma is not None:
                if lemma in contact.call_verbs and _has_a_complement(tok, lang):
                    continue  # "appeler X à faire …" is a call on X, not a phone call
                if tok.dep_ in lang.deps.participle_modifiers and any(
                    contact_lemma(t, lang) is not None for t in sent if t.i > tok.i
                ):
                    continue  # "Visiting President X … met": the contact comes after
                modified = any(c.dep_ in lang.deps.participle_modifiers and contact_lemma(c, lang) is not None
                               for c in tok.children)
                if _verb_leaders(tok, index, lang) or (
                    (modified or tok.pos_ not in ("VERB", "AUX")) and len(index.leaders_in(sent.start, sent.end)) >= 2
                ):
                    return Trigger(tok.i, contact_type(lemma, sent, index, lang), sent)
    for sent in sents:
        for tok in sent:
            if tok.lower_ in contact.phone_tokens and index.leaders_in(sent.start, sent.end):
                return Trigger(tok.i, "PhoneCall", sent)
    for sent in sents:
        for tok in sent:
            noun_type = lang.events.nouns.get(tok.lower_)
            if noun_type in ("PhoneCall", "Meeting") and tok.pos_ == "NOUN" and tok.lower_ in contact.fallback_nouns:
                verb = contact.noun_verbs.get(tok.lower_)
                if verb is not None:
                    # "l'entretien a été l'occasion de …": as "s'entretenir", a call
                    # unless the sentence says where they met
                    return Trigger(tok.i, contact_type(verb, sent, index, lang), sent)
                return Trigger(tok.i, "PhoneCall" if _is_phone(sent.text, lang) else noun_type, sent)
    return None


def contact_lemma(tok: Token, lang: LanguagePack) -> str | None:
    """The contact verb a token is ("téléphoner", "s'entretenir"…), or ``None``: a verb
    of the pack's contact verbs, or one of their past participles, which the tagger
    sometimes takes for names right after a person's name ("Vladimir Poutine a téléphoné
    à …"), after an auxiliary."""
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") and lemma in lang.contact.verbs:
        return lemma
    if tok.pos_ in ("VERB", "AUX") and lemma in lang.contact.light_verbs:
        # "had a telephone conversation with": the contact its object names
        for c in tok.children:
            if c.dep_ in lang.deps.objects and c.lower_ in lang.contact.noun_verbs:
                return lang.contact.noun_verbs[c.lower_]
    guess = lang.contact.participles.get(tok.lower_)
    if guess and tok.i > 0 and tok.doc[tok.i - 1].lemma_.lower() in lang.grammar.auxiliaries:
        return guess
    return None


def contact_type(lemma: str, sent: SpacySpan, index: MentionIndex, lang: LanguagePack) -> EventType:
    """The kind of a contact from its verb and its sentence. "s'entretenir avec" names no
    medium: with a place where the leaders met ("à Berlin", "en marge du sommet", "a reçu")
    it is a meeting, otherwise readouts use it for calls. A meeting called a summit is a
    summit."""
    contact = lang.contact
    if _is_phone(sent.text, lang):
        return "PhoneCall"
    base = contact.verbs[lemma]
    at = lang.grammar.place_prepositions
    met_somewhere = bool(contact.meeting_cues.search(sent.text)) or any(
        index.entity_tokens.get(t.i) is not None and index.entity_tokens[t.i].kind == "Place"
        and t.i > 0 and sent.doc[t.i - 1].lower_ in at
        for t in sent
    )
    if lemma in contact.unmarked_verbs and not met_somewhere:
        return "PhoneCall"
    if base == "Meeting" and contact.summit.search(sent.text):
        return "Summit"
    return base


def _has_a_complement(tok: Token, lang: LanguagePack) -> bool:
    markers = lang.contact.call_on_markers
    return any(
        c.dep_ in lang.deps.call_complements and any(g.lower_ in markers for g in c.children)
        for c in tok.children
    ) or any(
        t.lower_ in markers and t.i > tok.i and t.i - tok.i <= 4 and not _opens_a_date(t)
        for t in tok.doc[tok.i:tok.i + 5]
    )


def _opens_a_date(marker: Token) -> bool:
    """A preposition whose next word is a date ("called X on Friday"): not "call on X"."""
    doc = marker.doc
    return marker.i + 1 < len(doc) and doc[marker.i + 1].ent_type_ == "DATE"


def _verb_leaders(tok: Token, index: MentionIndex, lang: LanguagePack) -> list[EntityRef]:
    """Leaders that are the subject or a complement of a verb ("X s'est entretenu avec Y")."""
    out: list[EntityRef] = []
    deps = lang.deps
    for c in tok.children:
        if c.dep_ in deps.verb_arguments:
            # "Emmanuel Macron, Olaf Scholz et Joe Biden se sont entretenus": the
            # coordinated names count too
            for t in (c, *(g for g in c.children if g.dep_ == deps.conj)):
                e = token_leader(index, t, lang)
                if e is not None and e not in out:
                    out.append(e)
    return out


def sentence_dates(
    sent: SpacySpan, dates: list[DateExpr], offset_start: int | None = None
) -> list[DateExpr]:
    s = sent.start_char if offset_start is None else offset_start
    return dates_between(dates, s, sent.end_char)


def _date_near(
    sent: SpacySpan, dates: list[DateExpr], tok: Token, ref: PartialDate | None, lang: LanguagePack
) -> tuple[PartialDate | None, str | None]:
    """The date of a contact: an expression of its sentence close to the verb or noun
    that states it (a date elsewhere in the sentence belongs to something else), and the
    expression as written."""
    # "will speak with X on Friday": the Friday to come
    modals = lang.events.future_modals
    tense: Literal["past", "future"] = "future" if any(
        c.dep_.startswith(lang.deps.aux_prefix) and c.lower_ in modals for c in tok.children
    ) else "past"
    for d in sentence_dates(sent, dates):
        if abs(d.start - tok.idx) > 60 or dates_a_saying(sent, d, tok, lang) or news_dateline(sent, d, lang):
            continue
        r = resolve(d, ref, tense=tense)
        if r is not None:
            return r, d.text
    return None, None


def news_dateline(sent: SpacySpan, d: DateExpr, lang: LanguagePack) -> bool:
    """True when the date is a news agency's dateline ("MOSCOW, July 2."): what
    precedes it on its line is the pack's `news_dateline`."""
    text = sent.doc.text
    return bool(lang.contact.news_dateline.search(text[text.rfind("\n", 0, d.start) + 1:d.start]))


def dates_a_saying(sent: SpacySpan, d: DateExpr, tok: Token | None, lang: LanguagePack) -> bool:
    """True when the date is governed by a verb of saying other than the contact's own
    ("X spoke with Y, the spokesman said on Sunday"): it dates the saying."""
    saying = lang.contact.saying_verbs
    if not saying:
        return False
    span = sent.doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    while head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    return (tok is None or head.i != tok.i) and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in saying


def extract_main_event(
    doc: Doc,
    readout: Readout,
    index: MentionIndex,
    dates: list[DateExpr],
    ref: PartialDate | None,
    trig: Trigger,
    lang: LanguagePack,
) -> Event:
    """The event the readout reports, from the trigger :func:`find_main_trigger` found."""
    tok = doc[trig.token_i]
    sent = trig.sentence
    active_subject = lang.deps.active_subject
    participants = _verb_leaders(tok, index, lang) if tok.pos_ in ("VERB", "AUX") else []
    # "entretien téléphonique avec X": the leaders governed by the noun, then the sentence.
    if len(participants) < 2:
        for e in index.leaders_in(sent.start, sent.end):
            if e not in participants and not _in_other_event(doc, sent, e, index, tok, lang):
                participants.append(e)
    initiator: EntityRef | None = None
    lemma = contact_lemma(tok, lang)
    if lemma in lang.contact.caller_verbs:
        # who called: the subject, else the last leader named before the verb
        for c in tok.children:
            if c.dep_ in active_subject:
                initiator = token_leader(index, c, lang)
        if initiator is None:
            before = [index.leader_at[t.i] for t in sent if t.i < tok.i and t.i in index.leader_at]
            initiator = before[-1] if before else None
    solicit = lang.contact.solicit.search(doc_text(doc))
    if initiator is None and solicit:
        s_tok = doc.char_span(solicit.start(), solicit.end(), alignment_mode="expand")
        if s_tok is not None:
            for t in s_tok.root.children if s_tok.root is not None else []:
                if t.dep_ in active_subject:
                    initiator = token_leader(index, t, lang)
    # Date: an expression in the trigger sentence; else the publication period.
    date, date_text = _date_near(sent, dates, tok, ref, lang)
    if date is None and ref is not None:
        # A readout reports a contact of its own period: the month it was published in,
        # never a day the text does not give.
        date = PartialDate(ref.year, ref.month) if ref.month else PartialDate(ref.year)
    location = None
    if trig.type in ("Meeting", "Visit", "Summit"):
        location = _location_in(sent, index, tok, lang)
    return Event(
        key="e1",
        type=trig.type,
        main=True,
        status="occurred",
        span=span_of(readout, doc, sent.start, sent.end),
        participants=participants,
        initiator=initiator,
        date=date,
        date_text=date_text,
        location=location,
        label=tok.text,
    )


def _in_other_event(
    doc: Doc, sent: SpacySpan, e: EntityRef, index: MentionIndex, trigger: Token, lang: LanguagePack
) -> bool:
    """True when the leader only appears inside another event named in the sentence
    ("Après sa rencontre avec Bachar el-Assad, Vladimir Poutine a téléphoné à …"): the
    stretch from that event's noun to the next comma."""
    windows: list[tuple[int, int]] = []
    nouns = lang.events.nouns
    compound = lang.deps.compound
    same = {trigger.i}
    if compound and trigger.dep_ == compound:
        same.add(trigger.head.i)  # "the telephone call": the call
    if trigger.lemma_.lower() in lang.contact.object_contacts:
        # "had a call with", "received a call from": the call
        same.update(c.i for c in trigger.children if c.dep_ in lang.deps.objects and c.lower_ in lang.contact.nouns)
    for tok in sent:
        if tok.i in same or nouns.get(tok.lower_) is None:
            continue  # "the telephone call between X and Y": the contact itself
        end = tok.i + 1
        while end < sent.end and doc[end].text not in (",", ";", ".") and end != trigger.i:
            end += 1
        windows.append((tok.i, end))
    where = [t.i for t in sent if index.leader_at.get(t.i) == e]
    return bool(where) and bool(windows) and all(any(a <= i < b for a, b in windows) for i in where)


def _location_in(sent: SpacySpan, index: MentionIndex, trigger: Token, lang: LanguagePack) -> EntityRef | None:
    at = lang.grammar.place_prepositions
    for tok in sent:
        e = index.entity_tokens.get(tok.i)
        if e is not None and e.kind == "Place" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in at:
            return e
    return None


def extract_referenced_events(
    doc: Doc,
    readout: Readout,
    index: MentionIndex,
    dates: list[DateExpr],
    ref: PartialDate | None,
    main: Event | None,
    main_token: int | None,
    lang: LanguagePack,
) -> list[Event]:
    """Events the readout refers to: earlier meetings, planned visits, summits, attacks,
    agreements, elections. A noun that only refers back to the main contact ("l'entretien
    a été l'occasion de …") is not a new event."""
    events: list[Event] = []
    seen: dict[tuple[str, str], Event] = {}
    anchor = main.date if main is not None and main.date and main.date.precision == "day" else None
    n = 1
    nouns = lang.events.nouns
    for sent in doc.sents:
        if _see_also(sent.text.lower(), lang):
            continue
        for tok in sent:
            etype = nouns.get(tok.lower_)
            if etype is None or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if main_token is not None and (abs(tok.i - main_token) <= 2 or (
                tok.head.i == main_token and doc[main_token].lemma_.lower() in lang.contact.object_contacts
            )):
                continue  # the main contact's own words ("entretien téléphonique", "had a call")
            if etype in ("PhoneCall", "Meeting") and _refers_back(doc, tok, lang):
                continue
            phrase_end = _phrase_end(doc, tok, sent, lang)
            window = doc[tok.i:phrase_end]
            wdates = dates_between(dates, window.start_char, window.end_char + 1)
            participants = index.leaders_in(tok.i, phrase_end)
            if tok.i > 0 and doc[tok.i - 1].lower_ in lang.grammar.possessives:
                # "sa rencontre avec X": the owner is the clause's subject
                subj = _clause_subject_leader(tok, index, lang) or _first_subject_leader(sent, index, lang)
                if subj is not None and subj not in participants:
                    participants.insert(0, subj)
            if main is not None and etype in ("PhoneCall", "Meeting") and not wdates and (
                not participants or {p.key for p in participants} <= {p.key for p in main.participants}
            ):
                continue  # a reference back to the main contact
            status: EventStatus = "planned" if _is_future_clause(tok, phrase_end, lang) else (
                "ongoing" if _is_ongoing(tok, phrase_end, lang) else "occurred")
            date = None
            date_text = None
            for d in wdates:
                r = resolve(d, ref, tense="future" if status == "planned" else "past", anchor=anchor)
                if r is not None:
                    date, date_text = r, d.text
                    break
            label = _label(doc, tok, phrase_end, lang)
            key = (etype, label.lower())
            if key in seen:
                continue
            same = _same_as(events, etype, participants, main)
            if same is not None:
                if same.date is None and date is not None:
                    same.date, same.date_text = date, date_text
                continue
            n += 1
            initiator = _initiator_in(doc, window, index, lang)
            ev = Event(
                key=f"e{n}",
                type=etype,
                main=False,
                status=status,
                span=span_of(readout, doc, tok.i, phrase_end),
                participants=participants,
                initiator=initiator,
                date=date,
                date_text=date_text,
                location=_location_in(window, index, tok, lang),
                label=label,
            )
            seen[key] = ev
            events.append(ev)
    return events


def _refers_back(doc: Doc, tok: Token, lang: LanguagePack) -> bool:
    """"L'entretien a été l'occasion de …", "cette conversation": a definite contact noun
    that is the subject of its clause speaks of the main contact."""
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if prev not in lang.grammar.definites:
        return False
    nxt = doc[tok.i + 1: tok.i + 4]
    qualifiers = lang.events.qualifiers
    return any(t.pos_ in ("AUX", "VERB") for t in nxt) and not any(
        t.lower_ in qualifiers for t in nxt[:1]
    )


def _same_as(events: list[Event], etype: str, participants: list[EntityRef], main: Event | None) -> Event | None:
    """An event already found that this mention repeats: same type and a participant in
    common besides the main contact's ("sa rencontre avec Bachar el-Assad" … "son
    entretien de la veille avec le président syrien")."""
    main_keys = {p.key for p in main.participants} if main else set()
    mine = {p.key for p in participants} - main_keys
    if not mine:
        return None
    family = {"Meeting": "contact", "PhoneCall": "contact"}.get(etype, etype)
    for ev in events:
        same_family = {"Meeting": "contact", "PhoneCall": "contact"}.get(ev.type, ev.type) == family
        if same_family and mine & {p.key for p in ev.participants}:
            return ev
    return None


def _is_future_clause(tok: Token, phrase_end: int, lang: LanguagePack) -> bool:
    """Whether an event noun speaks of something to come: its own phrase says so
    ("prochain", "prévu", "à venir", "d'ici"), or a verb in the future, or "doit"/"devra"
    with an infinitive, governs it or stands within a few words of it ("le sommet du G7
    qu'il accueillera fin août", "une visite que le président doit effectuer")."""
    doc = tok.doc
    window = doc[tok.i: phrase_end]
    if lang.events.future.search(window.text):
        return True
    sent = tok.sent
    lo, hi = max(sent.start, tok.i - 8), min(sent.end, phrase_end + 6)
    modals = lang.events.future_modals
    for t in doc[lo:hi]:
        if "Fut" in t.morph.get("Tense", []) or (t.lemma_.lower() in modals and "Cnd" not in t.morph.get("Mood", [])):
            return True
    head = tok.head
    for _ in range(3):
        if "Fut" in head.morph.get("Tense", []):
            return True
        if head.head is head:
            break
        head = head.head
    return False


def _is_ongoing(tok: Token, phrase_end: int, lang: LanguagePack) -> bool:
    """Whether an event noun speaks of something still going on ("les combats qui se
    poursuivent", "les négociations en cours", "les combats continuent")."""
    doc = tok.doc
    sent = tok.sent
    lo, hi = max(sent.start, tok.i - 6), min(sent.end, phrase_end + 6)
    return bool(lang.events.ongoing.search(doc[lo:hi].text))


def _phrase_end(doc: Doc, tok: Token, sent: SpacySpan, lang: LanguagePack) -> int:
    """The end of an event noun phrase: its right subtree, cut at a second comma, a
    semicolon or the end of the sentence (an appositive date after one comma stays)."""
    end = min(sent.end, tok.i + 25)
    for j in range(tok.i + 1, end):
        if doc[j].text in (";", "(", ")") or (
            lang.events.line_ends_phrase == "yes" and doc[j].is_space and "\n" in doc[j].text
        ):
            return j  # a line break may end a phrase too: a headline is not its dateline
        if doc[j].text == ",":
            nxt = doc[j + 1: j + 3].text.lower() if j + 1 < len(doc) else ""
            if not lang.events.appositive_date.match(nxt):
                return j
    return max(end, tok.i + 1)


def _label(doc: Doc, tok: Token, end: int, lang: LanguagePack) -> str:
    """A short name for the event: its noun phrase up to the first verb or relative word
    ("accords de Minsk", "sommet de l'APEC"), as written."""
    stop = tok.i + 1
    stops = lang.events.label_stops
    for t in doc[tok.i + 1: min(end, tok.i + 7)]:
        if t.pos_ in ("VERB", "AUX") or t.lower_ in stops:
            break
        stop = t.i + 1
    while stop > tok.i + 1 and doc[stop - 1].pos_ in ("ADP", "DET"):
        stop -= 1
    return doc[tok.i:stop].text


def _clause_subject_leader(tok: Token, index: MentionIndex, lang: LanguagePack) -> EntityRef | None:
    head = tok
    subject = lang.deps.subject
    for _ in range(6):
        for c in head.children:
            if c.dep_ in subject:
                e = token_leader(index, c, lang)
                if e is not None:
                    return e
        if head.head is head:
            break
        head = head.head
    return None


def _first_subject_leader(sent: SpacySpan, index: MentionIndex, lang: LanguagePack) -> EntityRef | None:
    active_subject = lang.deps.active_subject
    for t in sent:
        if t.dep_ in active_subject and t.i in index.leader_at:
            return index.leader_at[t.i]
    leaders = index.leaders_in(sent.start, sent.end)
    return leaders[0] if leaders else None


def _initiator_in(doc: Doc, window: SpacySpan, index: MentionIndex, lang: LanguagePack) -> EntityRef | None:
    sent = window.sent
    m = lang.contact.initiator_cues.search(sent.text)
    if not m:
        return None
    start = sent.start_char + m.end()
    for tok in sent:
        if tok.idx >= start and tok.i in index.leader_at:
            return index.leader_at[tok.i]
        if tok.idx >= start + 80:
            break
    return None


def extract_earlier_contacts(
    doc: Doc,
    readout: Readout,
    index: MentionIndex,
    dates: list[DateExpr],
    ref: PartialDate | None,
    main: Event | None,
    first_key: int,
    lang: LanguagePack,
) -> tuple[list[Event], dict[int, str]]:
    """Earlier contacts between the main participants that the readout recalls by date
    ("Déjà le 9 février, Emmanuel Macron avait demandé à Vladimir Poutine …", "Le 19 mars,
    … il lui a exprimé …"): each is an event of the main event's type, on that date.

    Returns the events and, for each sentence (by start offset) that reports one, its key.
    """
    if main is None or len(main.participants) < 2:
        return [], {}
    events: list[Event] = []
    by_sentence: dict[int, str] = {}
    n = first_key
    main_keys = {p.key for p in main.participants}
    pronouns, active_subject = lang.grammar.pronouns, lang.deps.active_subject
    saying = lang.events.earlier_contact_verbs
    for sent in doc.sents:
        if sent.start <= doc[0].i and sent.end >= len(doc):
            continue
        leaders = {e.key for e in index.leaders_in(sent.start, sent.end)}
        has_pronoun = any(t.lower_ in pronouns and t.dep_ in active_subject for t in sent)
        if not (leaders & main_keys) and not has_pronoun:
            continue
        if not any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in saying for t in sent):
            continue
        for d in sentence_dates(sent, dates):
            if d.start - sent.start_char > 40:
                continue  # the date must frame the sentence, not sit inside a quote
            r = resolve(d, ref, tense="past")
            if r is None or (main.date is not None and main.date.compatible(r)):
                continue
            if ref is not None and r.earliest() > ref.latest():
                continue
            n += 1
            ev = Event(
                key=f"e{n}", type=main.type, main=False, status="occurred",
                span=span_of(readout, doc, sent.start, sent.end),
                participants=list(main.participants), date=r, date_text=d.text,
                label=d.text,
            )
            events.append(ev)
            by_sentence[sent.start_char] = ev.key
            break
    return events, by_sentence


def extract_further_contacts(
    doc: Doc,
    readout: Readout,
    index: MentionIndex,
    dates: list[DateExpr],
    ref: PartialDate | None,
    main: Event,
    first: Trigger,
    lang: LanguagePack,
) -> list[tuple[int, Event]]:
    """Other contacts the readout reports besides its first one: a second call the same
    day ("Il s'est ensuite entretenu avec Vladimir Poutine"), a second audience. A contact
    counts when a contact verb brings in a leader no earlier contact had; a pronoun subject
    is the first contact's protagonist. Returns (sentence offset, event) pairs."""
    found: list[tuple[int, Event]] = []
    known = {p.key for p in main.participants}
    n = 1
    contact, deps, grammar = lang.contact, lang.deps, lang.grammar
    for sent in doc.sents:
        if sent.start_char <= first.sentence.start_char or _see_also(sent.text.lower().lstrip(), lang):
            continue
        for tok in sent:
            lemma = contact_lemma(tok, lang)
            if lemma is None or (lemma in contact.call_verbs and _has_a_complement(tok, lang)):
                continue
            if any(c.lower_ in grammar.pluperfect_auxiliaries for c in tok.children
                   if c.dep_.startswith(deps.aux_prefix)):
                continue  # pluperfect: an earlier contact, not one this readout reports
            people = _verb_leaders(tok, index, lang)
            subj = next((c for c in tok.children if c.dep_ in deps.subject), None)
            if subj is not None and subj.lower_ in grammar.pronouns and main.participants:
                people.insert(0, main.participants[0])
            new = [p for p in people if p.key not in known]
            if not new or len(people) < 2:
                continue
            date, date_text = _date_near(sent, dates, tok, ref, lang)
            if date is None:
                date = main.date
            n += 1
            initiator = None
            if lemma in contact.caller_verbs and subj is not None:
                initiator = token_leader(index, subj, lang) or (
                    main.participants[0] if subj.lower_ in grammar.pronouns else None
                )
            ev = Event(
                key=f"m{n}", type=contact_type(lemma, sent, index, lang),
                main=True, status="occurred", span=span_of(readout, doc, sent.start, sent.end),
                participants=people, initiator=initiator, date=date, date_text=date_text,
                location=_location_in(sent, index, tok, lang) if lemma in contact.hosting_verbs else None,
                label=tok.text,
            )
            found.append((sent.start_char, ev))
            known |= {p.key for p in people}
            break
    return found


def find_initiator(
    doc: Doc,
    index: MentionIndex,
    ev: Event,
    sent: SpacySpan,
    gaz_country_of: Callable[[str], str | None],
    lang: LanguagePack,
) -> EntityRef | None:
    """Who initiated a contact, when the text says so: "à la demande de la partie turque",
    "À l'initiative de Washington", "Invité par la chancelière Angela Merkel", "Ce
    rendez-vous avait été proposé par Joe Biden", "…, qui avait sollicité cet entretien".
    Looked for in the sentence that states the contact and in sentences that name it again
    ("ce rendez-vous"), never in one about another event (a planned visit)."""
    who = {p.key: p for p in ev.participants}
    contact = lang.contact
    for s in sentences(doc):
        if s.start != sent.start:
            nouns = {t.lower_ for t in s if t.lower_ in lang.events.nouns}
            if not nouns or not nouns <= contact.nouns:
                continue
        m = contact.solicited.search(s.text)
        if m:
            at = s.start_char + m.start()
            before = [index.leader_at[t.i] for t in s if t.idx < at and t.i in index.leader_at]
            if before and before[-1].key in who:
                return before[-1]
        for m in contact.initiator_cues.finditer(s.text):
            at = s.start_char + m.end()
            if _about_other_event(s, at, lang):
                continue
            found = _named_after(doc, index, s, at, who, gaz_country_of)
            if found is not None:
                return found
    return None


def _about_other_event(s: SpacySpan, at: int, lang: LanguagePack) -> bool:
    """A cue right next to a visit or summit noun is about that event ("effectuer, à
    l'invitation de X, une visite")."""
    nouns = lang.events.nouns
    return any(
        abs(t.idx - at) <= 60 and nouns.get(t.lower_) in ("Visit", "Summit") and t.pos_ == "NOUN" for t in s
    )


def _named_after(
    doc: Doc,
    index: MentionIndex,
    s: SpacySpan,
    at: int,
    who: dict[str, EntityRef],
    country_of: Callable[[str], str | None],
) -> EntityRef | None:
    for t in s:
        if t.idx < at:
            continue
        if t.idx > at + 60:
            break
        e = index.entity_tokens.get(t.i)
        if e is None:
            c = country_of(t.text) if t.pos_ in ("ADJ", "NOUN", "PROPN") else None
            if c is None:
                continue
            country: str | None = c
        elif e.kind == "Leader":
            return e if e.key in who else None
        else:
            country = e.key if e.kind == "Country" else e.country
        # "la partie turque", "Washington": the participant of that country
        for p in who.values():
            if p.country and p.country == country:
                return p
        return None
    return None
