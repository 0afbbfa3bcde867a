"""Events: the contact a readout reports (the main event) and the events it refers to.

Find, then write: ``find_main_trigger`` locates the contact in the parse;
``extract_main_event``, ``extract_further_contacts``, ``extract_referenced_events`` and
``extract_earlier_contacts`` turn what they find into :class:`~graph.records.Event`
records with participants, date, status, initiator and location.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.extract.dates import DateExpr, dates_between, resolve
from graph.extract.docview import doc_text, sentences
from graph.extract.lexicon import CONTACT_VERBS, EVENT_NOUNS, INITIATOR_CUES, PHONE_WORDS
from graph.extract.mentions import MentionIndex, span_of, token_leader
from graph.records import EntityRef, Event, EventStatus, EventType, PartialDate, Readout

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_CUES = re.compile("|".join(INITIATOR_CUES), re.I)
_FUTURE_WORDS = re.compile(
    r"\b(?:prochain|prochaine|prochains|prochaines|doit|doivent|devra|devront|prévue?s?|aura|auront|"
    r"sera|seront|se rendra|participera|d'ici|d’ici|à venir)\b",
    re.I,
)
_SOLICIT = re.compile(r"\b(?:a|avait) sollicité (?:cet|l['’])\s*(?:entretien|appel|échange)", re.I)


@dataclass
class Trigger:
    token_i: int
    type: EventType
    sentence: SpacySpan


def _is_phone(sent_text: str) -> bool:
    low = sent_text.lower()
    return any(w in low for w in PHONE_WORDS)


# Nouns that can stand for the contact a readout reports when no verb states it (not
# "rencontre" or "négociations", which mostly name other events).
_FALLBACK_NOUNS = {"entretien", "entretiens", "conversation", "appel", "échange", "tête-à-tête", "rendez-vous",
                   "dîner", "déjeuner", "audience"}


def find_main_trigger(doc: Doc, index: MentionIndex) -> Trigger | None:
    """The contact the readout reports: the first verb by which a leader contacts another
    ("s'est entretenu par téléphone avec", "a téléphoné à", "a reçu"), else the first
    phone word next to a leader ("Au téléphone avec Trump"), else the first contact noun
    that has no date of its own ("l'entretien")."""
    sents = [s for s in doc.sents if not s.text.lower().lstrip().startswith(("lire aussi", "voir aussi"))]
    for sent in sents:
        for tok in sent:
            lemma = contact_lemma(tok)
            if lemma is not None:
                if lemma == "appeler" and _has_a_complement(tok):
                    continue  # "appeler X à faire …" is a call on X, not a phone call
                if _verb_leaders(tok, index) or (
                    tok.pos_ not in ("VERB", "AUX") and len(index.leaders_in(sent.start, sent.end)) >= 2
                ):
                    return Trigger(tok.i, contact_type(lemma, sent, index), sent)
    for sent in sents:
        for tok in sent:
            if tok.lower_ in ("téléphone", "téléphonique") and index.leaders_in(sent.start, sent.end):
                return Trigger(tok.i, "PhoneCall", sent)
    for sent in sents:
        for tok in sent:
            noun_type = EVENT_NOUNS.get(tok.lower_)
            if noun_type in ("PhoneCall", "Meeting") and tok.pos_ == "NOUN" and tok.lower_ in _FALLBACK_NOUNS:
                if tok.lower_ in ("entretien", "entretiens"):
                    # "l'entretien a été l'occasion de …": as "s'entretenir", a call
                    # unless the sentence says where they met
                    return Trigger(tok.i, contact_type("entretenir", sent, index), sent)
                return Trigger(tok.i, "PhoneCall" if _is_phone(sent.text) else noun_type, sent)
    return None


# Past participles of contact verbs, which the tagger sometimes takes for names right
# after a person's name ("Vladimir Poutine a téléphoné à …").
_PARTICIPLES = {"téléphoné": "téléphoner", "appelé": "appeler", "entretenu": "entretenir",
                "reçu": "recevoir", "rencontré": "rencontrer", "accueilli": "accueillir"}


def contact_lemma(tok: Token) -> str | None:
    """The contact verb a token is ("téléphoner", "s'entretenir"…), or ``None``."""
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") and lemma in CONTACT_VERBS:
        return lemma
    guess = _PARTICIPLES.get(tok.lower_)
    if guess and tok.i > 0 and tok.doc[tok.i - 1].lemma_.lower() in ("avoir", "être"):
        return guess
    return None


_MEETING_CUES = re.compile(
    r"\b(?:reçu|recevra|accueilli|en marge|au palais|à l['’]Élysée|à l['’]Elysée|au Kremlin|à la Maison[- ]Blanche"
    r"|visite|dîner|déjeuner|tête-à-tête|audience)\b",
    re.I,
)


def contact_type(lemma: str, sent: SpacySpan, index: MentionIndex) -> EventType:
    """The kind of a contact from its verb and its sentence. "s'entretenir avec" names no
    medium: with a place where the leaders met ("à Berlin", "en marge du sommet", "a reçu")
    it is a meeting, otherwise readouts use it for calls. A meeting called a summit is a
    summit."""
    if _is_phone(sent.text):
        return "PhoneCall"
    base = CONTACT_VERBS[lemma]
    met_somewhere = bool(_MEETING_CUES.search(sent.text)) or any(
        index.entity_tokens.get(t.i) is not None and index.entity_tokens[t.i].kind == "Place"
        and t.i > 0 and sent.doc[t.i - 1].lower_ in ("à", "au", "en")
        for t in sent
    )
    if lemma == "entretenir" and not met_somewhere:
        return "PhoneCall"
    if base == "Meeting" and re.search(r"\bsommet\b", sent.text, re.I):
        return "Summit"
    return base


def _has_a_complement(tok: Token) -> bool:
    return any(
        c.dep_ in ("xcomp", "obl:arg", "obl:mod", "ccomp") and any(g.lower_ == "à" for g in c.children)
        for c in tok.children
    ) or any(t.lower_ == "à" and t.i > tok.i and t.i - tok.i <= 4 for t in tok.doc[tok.i:tok.i + 5])


def _verb_leaders(tok: Token, index: MentionIndex) -> list[EntityRef]:
    """Leaders that are the subject or a complement of a verb ("X s'est entretenu avec Y")."""
    out: list[EntityRef] = []
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubj:pass", "obj", "obl:arg", "obl:mod", "iobj", "expl:subj", "obl"):
            # "Emmanuel Macron, Olaf Scholz et Joe Biden se sont entretenus": the
            # coordinated names count too
            for t in (c, *(g for g in c.children if g.dep_ == "conj")):
                e = token_leader(index, t)
                if e is not None and e not in out:
                    out.append(e)
    return out


def sentence_dates(
    sent: SpacySpan, dates: list[DateExpr], offset_start: int | None = None
) -> list[DateExpr]:
    s = sent.start_char if offset_start is None else offset_start
    return dates_between(dates, s, sent.end_char)


def _date_near(
    sent: SpacySpan, dates: list[DateExpr], tok: Token, ref: PartialDate | None
) -> tuple[PartialDate | None, str | None]:
    """The date of a contact: an expression of its sentence close to the verb or noun
    that states it (a date elsewhere in the sentence belongs to something else), and the
    expression as written."""
    for d in sentence_dates(sent, dates):
        if abs(d.start - tok.idx) > 60:
            continue
        r = resolve(d, ref, tense="past")
        if r is not None:
            return r, d.text
    return None, None


def extract_main_event(
    doc: Doc,
    readout: Readout,
    index: MentionIndex,
    dates: list[DateExpr],
    ref: PartialDate | None,
    trig: Trigger,
) -> Event:
    """The event the readout reports, from the trigger :func:`find_main_trigger` found."""
    tok = doc[trig.token_i]
    sent = trig.sentence
    participants = _verb_leaders(tok, index) if tok.pos_ in ("VERB", "AUX") else []
    # "entretien téléphonique avec X": the leaders governed by the noun, then the sentence.
    if len(participants) < 2:
        for e in index.leaders_in(sent.start, sent.end):
            if e not in participants and not _in_other_event(doc, sent, e, index, tok):
                participants.append(e)
    initiator: EntityRef | None = None
    lemma = contact_lemma(tok)
    if lemma in ("téléphoner", "appeler"):
        # who called: the subject, else the last leader named before the verb
        for c in tok.children:
            if c.dep_ in ("nsubj", "expl:subj"):
                initiator = token_leader(index, c)
        if initiator is None:
            before = [index.leader_at[t.i] for t in sent if t.i < tok.i and t.i in index.leader_at]
            initiator = before[-1] if before else None
    solicit = _SOLICIT.search(doc_text(doc))
    if initiator is None and solicit:
        s_tok = doc.char_span(solicit.start(), solicit.end(), alignment_mode="expand")
        if s_tok is not None:
            for t in s_tok.root.children if s_tok.root is not None else []:
                if t.dep_ in ("nsubj", "expl:subj"):
                    initiator = token_leader(index, t)
    # Date: an expression in the trigger sentence; else the publication period.
    date, date_text = _date_near(sent, dates, tok, ref)
    if date is None and ref is not None:
        # A readout reports a contact of its own period: the month it was published in,
        # never a day the text does not give.
        date = PartialDate(ref.year, ref.month) if ref.month else PartialDate(ref.year)
    location = None
    if trig.type in ("Meeting", "Visit", "Summit"):
        location = _location_in(sent, index, tok)
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


def _in_other_event(doc: Doc, sent: SpacySpan, e: EntityRef, index: MentionIndex, trigger: Token) -> bool:
    """True when the leader only appears inside another event named in the sentence
    ("Après sa rencontre avec Bachar el-Assad, Vladimir Poutine a téléphoné à …"): the
    stretch from that event's noun to the next comma."""
    windows: list[tuple[int, int]] = []
    for tok in sent:
        if tok.i == trigger.i or EVENT_NOUNS.get(tok.lower_) is None:
            continue
        end = tok.i + 1
        while end < sent.end and doc[end].text not in (",", ";", ".") and end != trigger.i:
            end += 1
        windows.append((tok.i, end))
    where = [t.i for t in sent if index.leader_at.get(t.i) == e]
    return bool(where) and bool(windows) and all(any(a <= i < b for a, b in windows) for i in where)


def _location_in(sent: SpacySpan, index: MentionIndex, trigger: Token) -> EntityRef | None:
    for tok in sent:
        e = index.entity_tokens.get(tok.i)
        if e is not None and e.kind == "Place" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("à", "au", "en"):
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
) -> list[Event]:
    """Events the readout refers to: earlier meetings, planned visits, summits, attacks,
    agreements, elections. A noun that only refers back to the main contact ("l'entretien
    a été l'occasion de …") is not a new event."""
    events: list[Event] = []
    seen: dict[tuple[str, str], Event] = {}
    anchor = main.date if main is not None and main.date and main.date.precision == "day" else None
    n = 1
    for sent in doc.sents:
        if sent.text.lower().startswith(("lire aussi", "voir aussi")):
            continue
        for tok in sent:
            etype = EVENT_NOUNS.get(tok.lower_)
            if etype is None or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if main_token is not None and abs(tok.i - main_token) <= 2:
                continue  # the main contact's own words ("entretien téléphonique")
            if etype in ("PhoneCall", "Meeting") and _refers_back(doc, tok):
                continue
            phrase_end = _phrase_end(doc, tok, sent)
            window = doc[tok.i:phrase_end]
            wdates = dates_between(dates, window.start_char, window.end_char + 1)
            participants = index.leaders_in(tok.i, phrase_end)
            if tok.i > 0 and doc[tok.i - 1].lower_ in ("son", "sa", "ses", "leur", "leurs"):
                # "sa rencontre avec X": the owner is the clause's subject
                subj = _clause_subject_leader(tok, index) or _first_subject_leader(sent, index)
                if subj is not None and subj not in participants:
                    participants.insert(0, subj)
            if main is not None and etype in ("PhoneCall", "Meeting") and not wdates and (
                not participants or {p.key for p in participants} <= {p.key for p in main.participants}
            ):
                continue  # a reference back to the main contact
            status: EventStatus = "planned" if _is_future_clause(tok, phrase_end) else (
                "ongoing" if _is_ongoing(tok, phrase_end) else "occurred")
            date = None
            date_text = None
            for d in wdates:
                r = resolve(d, ref, tense="future" if status == "planned" else "past", anchor=anchor)
                if r is not None:
                    date, date_text = r, d.text
                    break
            label = _label(doc, tok, phrase_end)
            key = (etype, label.lower())
            if key in seen:
                continue
            same = _same_as(events, etype, participants, main)
            if same is not None:
                if same.date is None and date is not None:
                    same.date, same.date_text = date, date_text
                continue
            n += 1
            initiator = _initiator_in(doc, window, index)
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
                location=_location_in(window, index, tok),
                label=label,
            )
            seen[key] = ev
            events.append(ev)
    return events


def _refers_back(doc: Doc, tok: Token) -> bool:
    """"L'entretien a été l'occasion de …", "cette conversation": a definite contact noun
    that is the subject of its clause speaks of the main contact."""
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if prev not in ("l'", "l’", "la", "le", "cet", "cette", "ce"):
        return False
    nxt = doc[tok.i + 1: tok.i + 4]
    return any(t.pos_ in ("AUX", "VERB") for t in nxt) and not any(
        t.lower_ in ("de", "du", "avec", "entre") for t in nxt[:1]
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


def _is_future_clause(tok: Token, phrase_end: int) -> bool:
    """Whether an event noun speaks of something to come: its own phrase says so
    ("prochain", "prévu", "à venir", "d'ici"), or a verb in the future, or "doit"/"devra"
    with an infinitive, governs it or stands within a few words of it ("le sommet du G7
    qu'il accueillera fin août", "une visite que le président doit effectuer")."""
    doc = tok.doc
    window = doc[tok.i: phrase_end]
    if _FUTURE_WORDS.search(window.text):
        return True
    sent = tok.sent
    lo, hi = max(sent.start, tok.i - 8), min(sent.end, phrase_end + 6)
    for t in doc[lo:hi]:
        if "Fut" in t.morph.get("Tense", []) or (t.lemma_.lower() == "devoir" and "Cnd" not in t.morph.get("Mood", [])):
            return True
    head = tok.head
    for _ in range(3):
        if "Fut" in head.morph.get("Tense", []):
            return True
        if head.head is head:
            break
        head = head.head
    return False


_ONGOING = re.compile(r"\b(?:en cours|se poursui\w*|continu\w*|persist\w*)\b", re.I)


def _is_ongoing(tok: Token, phrase_end: int) -> bool:
    """Whether an event noun speaks of something still going on ("les combats qui se
    poursuivent", "les négociations en cours", "les combats continuent")."""
    doc = tok.doc
    sent = tok.sent
    lo, hi = max(sent.start, tok.i - 6), min(sent.end, phrase_end + 6)
    return bool(_ONGOING.search(doc[lo:hi].text))


def _phrase_end(doc: Doc, tok: Token, sent: SpacySpan) -> int:
    """The end of an event noun phrase: its right subtree, cut at a second comma, a
    semicolon or the end of the sentence (an appositive date after one comma stays)."""
    end = min(sent.end, tok.i + 25)
    for j in range(tok.i + 1, end):
        if doc[j].text in (";", "(", ")"):
            return j
        if doc[j].text == ",":
            nxt = doc[j + 1: j + 3].text.lower() if j + 1 < len(doc) else ""
            if not re.match(r"(?:le |en |ce )?\d", nxt):
                return j
    return max(end, tok.i + 1)


def _label(doc: Doc, tok: Token, end: int) -> str:
    """A short name for the event: its noun phrase up to the first verb or relative word
    ("accords de Minsk", "sommet de l'APEC"), as written."""
    stop = tok.i + 1
    for t in doc[tok.i + 1: min(end, tok.i + 7)]:
        if t.pos_ in ("VERB", "AUX") or t.lower_ in ("qui", "que", "dont", "où", "et", ",", "«", "»", '"', "."):
            break
        stop = t.i + 1
    while stop > tok.i + 1 and doc[stop - 1].pos_ in ("ADP", "DET"):
        stop -= 1
    return doc[tok.i:stop].text


def _clause_subject_leader(tok: Token, index: MentionIndex) -> EntityRef | None:
    head = tok
    for _ in range(6):
        for c in head.children:
            if c.dep_ in ("nsubj", "expl:subj", "nsubj:pass"):
                e = token_leader(index, c)
                if e is not None:
                    return e
        if head.head is head:
            break
        head = head.head
    return None


def _first_subject_leader(sent: SpacySpan, index: MentionIndex) -> EntityRef | None:
    for t in sent:
        if t.dep_ in ("nsubj", "expl:subj") and t.i in index.leader_at:
            return index.leader_at[t.i]
    leaders = index.leaders_in(sent.start, sent.end)
    return leaders[0] if leaders else None


def _initiator_in(doc: Doc, window: SpacySpan, index: MentionIndex) -> EntityRef | None:
    sent = window.sent
    m = _CUES.search(sent.text)
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
    for sent in doc.sents:
        if sent.start <= doc[0].i and sent.end >= len(doc):
            continue
        leaders = {e.key for e in index.leaders_in(sent.start, sent.end)}
        has_pronoun = any(t.lower_ in ("il", "elle") and t.dep_ in ("nsubj", "expl:subj") for t in sent)
        if not (leaders & main_keys) and not has_pronoun:
            continue
        if not any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in _SAYING for t in sent):
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


_SAYING = {"demander", "exprimer", "appeler", "souligner", "rappeler", "engager", "insister", "proposer", "informer"}
def extract_further_contacts(
    doc: Doc,
    readout: Readout,
    index: MentionIndex,
    dates: list[DateExpr],
    ref: PartialDate | None,
    main: Event,
    first: Trigger,
) -> list[tuple[int, Event]]:
    """Other contacts the readout reports besides its first one: a second call the same
    day ("Il s'est ensuite entretenu avec Vladimir Poutine"), a second audience. A contact
    counts when a contact verb brings in a leader no earlier contact had; a pronoun subject
    is the first contact's protagonist. Returns (sentence offset, event) pairs."""
    found: list[tuple[int, Event]] = []
    known = {p.key for p in main.participants}
    n = 1
    for sent in doc.sents:
        if sent.start_char <= first.sentence.start_char or sent.text.lower().lstrip().startswith(
            ("lire aussi", "voir aussi")
        ):
            continue
        for tok in sent:
            lemma = contact_lemma(tok)
            if lemma is None or (lemma == "appeler" and _has_a_complement(tok)):
                continue
            if any(c.lower_ in ("avait", "avaient", "eut") for c in tok.children if c.dep_.startswith("aux")):
                continue  # pluperfect: an earlier contact, not one this readout reports
            people = _verb_leaders(tok, index)
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj")), None)
            if subj is not None and subj.lower_ in ("il", "elle") and main.participants:
                people.insert(0, main.participants[0])
            new = [p for p in people if p.key not in known]
            if not new or len(people) < 2:
                continue
            date, date_text = _date_near(sent, dates, tok, ref)
            if date is None:
                date = main.date
            n += 1
            initiator = None
            if lemma in ("téléphoner", "appeler") and subj is not None:
                initiator = token_leader(index, subj) or (
                    main.participants[0] if subj.lower_ in ("il", "elle") else None
                )
            ev = Event(
                key=f"m{n}", type=contact_type(lemma, sent, index),
                main=True, status="occurred", span=span_of(readout, doc, sent.start, sent.end),
                participants=people, initiator=initiator, date=date, date_text=date_text,
                location=_location_in(sent, index, tok) if lemma in ("recevoir", "rencontrer", "accueillir") else None,
                label=tok.text,
            )
            found.append((sent.start_char, ev))
            known |= {p.key for p in people}
            break
    return found


_SOLICITED = re.compile(
    r"\bqui (?:a|avait) (?:sollicité|demandé|souhaité) (?:cet|cette|l['’]|ce)\s*"
    r"(?:entretien|appel|échange|rencontre|conversation|rendez-vous)",
    re.I,
)
_CONTACT_NOUNS = {
    "entretien", "appel", "conversation", "échange", "rencontre", "rendez-vous", "réunion", "dîner", "audience",
    "sommet",
}


def find_initiator(
    doc: Doc, index: MentionIndex, ev: Event, sent: SpacySpan, gaz_country_of: Callable[[str], str | None]
) -> EntityRef | None:
    """Who initiated a contact, when the text says so: "à la demande de la partie turque",
    "À l'initiative de Washington", "Invité par la chancelière Angela Merkel", "Ce
    rendez-vous avait été proposé par Joe Biden", "…, qui avait sollicité cet entretien".
    Looked for in the sentence that states the contact and in sentences that name it again
    ("ce rendez-vous"), never in one about another event (a planned visit)."""
    who = {p.key: p for p in ev.participants}
    for s in sentences(doc):
        if s.start != sent.start:
            nouns = {t.lower_ for t in s if t.lower_ in EVENT_NOUNS}
            if not nouns or not nouns <= _CONTACT_NOUNS:
                continue
        m = _SOLICITED.search(s.text)
        if m:
            at = s.start_char + m.start()
            before = [index.leader_at[t.i] for t in s if t.idx < at and t.i in index.leader_at]
            if before and before[-1].key in who:
                return before[-1]
        for m in _CUES.finditer(s.text):
            at = s.start_char + m.end()
            if _about_other_event(s, at):
                continue
            found = _named_after(doc, index, s, at, who, gaz_country_of)
            if found is not None:
                return found
    return None


def _about_other_event(s: SpacySpan, at: int) -> bool:
    """A cue right next to a visit or summit noun is about that event ("effectuer, à
    l'invitation de X, une visite")."""
    for t in s:
        if abs(t.idx - at) <= 60 and EVENT_NOUNS.get(t.lower_) in ("Visit", "Summit") and t.pos_ == "NOUN":
            return True
    return False


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
