"""Positions: who said what, as the readout reports it.

Every verb of saying in the language pack's act verbs ("a souligné", "rappelant", "et a
exprimé sa préoccupation") whose subject is a leader — named, titled, "il/elle", "les
deux présidents" — becomes a position with its act, addressee, quote span and topics. In
an official communiqué, the institution's own voice ("La France ne cédera pas …") is
attributed to its leader and marked ``communique_voice``; "l'entretien a été l'occasion
de …" gives a joint position marked ``implicit``. The words come from the pack (``lang``:
tables ``[acts]`` and ``[voice]``, with ``[grammar]`` and ``[deps]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.docview import doc_text, sentences
from graph.extract.mentions import MentionIndex, char_span, token_leader
from graph.records import Act, Attribution, EntityRef, Event, Position, Readout

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from graph.lang import LanguagePack


@dataclass
class _Trigger:
    tok: Token
    act: Act
    verb: str
    detail: str | None


def _multiword(tok: Token, lang: LanguagePack) -> str | None:
    """Multi-word predicates ("prendre note", "faire part", "mettre en relief"): the first
    of the pack's rules for the token's lemma that the words after it match."""
    lemma = tok.lemma_.lower()
    doc = tok.doc
    for rule in lang.acts.multiword:
        if rule.lemma != lemma:
            continue
        if rule.word:
            if any(t.lower_.startswith(rule.word) for t in doc[tok.i + 1: tok.i + 1 + rule.within]):
                return rule.key
        elif " ".join(t.lower_ for t in doc[tok.i + 1: tok.i + 1 + rule.words]).startswith(rule.next):
            return rule.key
    return None


def _verb_text(tok: Token, lang: LanguagePack) -> str:
    """The verb as written, with its auxiliaries and reflexive ("s'est félicité")."""
    deps = lang.deps
    parts = [c for c in tok.children if c.dep_.startswith(deps.aux_prefix) or c.dep_ in deps.reflexive_clitics]
    parts = [c for c in parts if c.i < tok.i and tok.i - c.i <= 4]
    start = min([c.i for c in parts] + [tok.i])
    return tok.doc[start: tok.i + 1].text


def _is_finite_or_participle(tok: Token, lang: LanguagePack) -> bool:
    """Verbs of this readout's acts: finite forms, compound tenses, present participles
    ("rappelant"), and bare past participles only when coordinated with another verb of
    saying ("a relevé … et souligné"). A participle qualifying a noun ("les mesures
    proposées par la France", "l'escalade constatée") is not an act of this readout."""
    deps, grammar = lang.deps, lang.grammar
    form = tok.morph.get("VerbForm", [])
    if tok.dep_ == deps.adjectival or "Inf" in form:
        return False
    if "Part" in form and "Pres" not in tok.morph.get("Tense", []) and not _present_participle(tok, lang):
        if any(c.dep_.startswith(deps.aux_prefix) for c in tok.children):
            return True
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.lower_ in (grammar.conjunction, ","):
            return True
        # "a de son côté insisté": the auxiliary a few words before, nothing verbal between
        for j in range(tok.i - 1, max(-1, tok.i - 6), -1):
            t = tok.doc[j]
            if t.lemma_.lower() in grammar.auxiliaries and t.pos_ == "AUX":
                return True
            if t.pos_ in ("VERB", "PUNCT") and t.text not in (",",):
                return False
        return False
    return True


def _present_participle(tok: Token, lang: LanguagePack) -> bool:
    """"rappelant", "insistant": by its ending, which the tagger's features may miss."""
    suffix = lang.grammar.present_participle_suffix
    return bool(suffix) and tok.text.lower().endswith(suffix)


def classify(tok: Token, lang: LanguagePack) -> _Trigger | None:
    """The act a verb token expresses, or ``None`` when it is not a verb of saying."""
    acts, grammar, deps = lang.acts, lang.grammar, lang.deps
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX"):
        # a participle tagged as an adjective or a noun right after its auxiliary
        # ("sont convenus", "a souligné")
        guess = acts.participles.get(tok.lower_) or acts.participles.get(lemma)
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if guess is None or prev is None or prev.lemma_.lower() not in grammar.auxiliaries:
            return None
        lemma = guess
    mw = _multiword(tok, lang)
    key = mw or lemma
    if key not in acts.verbs or (tok.pos_ in ("VERB", "AUX") and not _is_finite_or_participle(tok, lang)):
        return None
    act = acts.verbs[key]
    detail = acts.details.get(key)
    children = list(tok.children)
    reflexive = any(c.lower_ in grammar.reflexive_pronouns for c in children) or (
        tok.doc[tok.i - 2: tok.i].text.lower().startswith(grammar.reflexive_prefixes)
    )
    if lemma in acts.reflexive_welcome:
        act, detail = ("welcome", None) if reflexive else ("other", "congratulate")
    if lemma in acts.call_verbs and not any(
        t.lower_ in acts.call_markers and not _dated(t) for t in tok.doc[tok.i + 1: tok.i + 6]
    ):
        return None  # "a appelé Donald Trump", "called X on Friday": a phone call, not a call on someone
    if lemma in acts.express_verbs or key in acts.express_phrases:
        objs = {t.lower_ for t in tok.doc[tok.i + 1: tok.i + 8]}
        if objs & acts.concern_nouns:
            act, detail = "express_concern", None
        elif objs & acts.condolence_nouns:
            act, detail = "other", "express_condolences"
        elif objs & acts.welcome_nouns:
            act, detail = "welcome", None
        elif key not in acts.express_phrases:
            detail = "express"
    if lemma in acts.shared_verbs:
        subj_plural = any(
            c.dep_ in deps.subject
            and ("Plur" in c.morph.get("Number", []) or any(g.dep_ == deps.conj for g in c.children))
            for c in children
        )
        if subj_plural:
            act, detail = "agree", "confirm_shared_wish"
    verb = _verb_text(tok, lang) if not mw else tok.doc[tok.i: tok.i + 1 + len(mw.split()) - 1].text
    return _Trigger(tok, act, verb, detail)


def _dated(marker: Token) -> bool:
    """A preposition whose next word is a date ("on Friday"): it opens a date, not a
    call on someone."""
    doc = marker.doc
    return marker.i + 1 < len(doc) and doc[marker.i + 1].ent_type_ == "DATE"


def _passive(tok: Token, lang: LanguagePack) -> bool:
    """A verb of saying in the passive: its subject is spoken to, not speaking. "sont
    convenus" is not a passive, whatever the parser says."""
    if tok.lemma_.lower() in lang.acts.never_passive:
        return False
    return any(c.dep_ == lang.deps.passive_aux for c in tok.children)


def _own_subject(tok: Token, lang: LanguagePack) -> Token | None:
    subject, euphonic = lang.deps.subject, lang.grammar.euphonic
    for c in tok.children:
        if c.dep_ in subject and c.lower_ not in euphonic:
            return c
    return None


def _subject(tok: Token, lang: LanguagePack) -> Token | None:
    """The subject of a verb, climbing coordination and participles ("a relevé … et
    souligné", "rappelant …") to the clause that has one."""
    cur = tok
    subject, clausal = lang.deps.subject, lang.deps.clausal
    for _ in range(5):
        for c in cur.children:
            if c.dep_ in subject:
                return c
        if cur.dep_ in clausal and cur.head is not cur:
            cur = cur.head
            continue
        break
    return None


def _group(tok: Token, lang: LanguagePack) -> bool:
    """"les deux présidents", "les deux chefs d'Etat", "ils", "X et Y"."""
    acts = lang.acts
    if _bare(tok, lang) in lang.grammar.plural_pronouns:
        return True
    if tok.lemma_.lower() in _group_lemmas(lang) or tok.lower_ in acts.group_heads:
        before = tok.doc[max(0, tok.i - 2): tok.i].text.lower()
        numbers = acts.group_numbers
        if any(c.lower_ in numbers for c in tok.children) or before.endswith(numbers):
            return True
        # "Les dirigeants ont également abordé …": a plural definite head alone ("les
        # pays de l'UE" is another group)
        alone = not any(c.dep_ in lang.deps.noun_modifiers and not _of_office(c, lang) for c in tok.children)
        return (alone and bool(acts.plural_suffix) and tok.lower_.endswith(acts.plural_suffix) and tok.i > 0
                and tok.doc[tok.i - 1].lower_ in acts.group_articles)
    return False


def _of_office(modifier: Token, lang: LanguagePack) -> bool:
    """A modifier that only says what the group heads ("the heads of state"): one of the
    pack's ``group_of`` words, alone under a preposition of ``of_words``."""
    of = lang.acts.group_of
    if not of or modifier.lower_ not in lang.mentions.of_words:
        return False
    objs = list(modifier.children)
    return len(objs) == 1 and objs[0].lower_ in of and not list(objs[0].children)


@lru_cache(maxsize=8)
def _group_lemmas(lang: LanguagePack) -> frozenset[str]:
    """The lemmas of a pack's group heads: the heads without their plural ending."""
    suffix = lang.acts.plural_suffix
    return frozenset(g.rstrip(suffix) if suffix else g for g in lang.acts.group_heads)


def _bare(tok: Token, lang: LanguagePack) -> str:
    """A pronoun without the hyphens of inversion ("a-t-elle" gives "-elle")."""
    return tok.lower_.lstrip("-").removeprefix(lang.grammar.inversion_prefix)


@dataclass
class _State:
    """Who "il" and "elle" can be: the leaders that were subjects, latest last."""

    salient: EntityRef | None = None
    recent: list[EntityRef] | None = None
    genders: dict[str, str] | None = None

    def note(self, e: EntityRef) -> None:
        self.salient = e
        if self.recent is None:
            self.recent = []
        if e in self.recent:
            self.recent.remove(e)
        self.recent.append(e)

    mentioned: list[EntityRef] | None = None

    def salient_for(self, want: str) -> EntityRef | None:
        """The latest leader subject of a pronoun's gender (``want``: "m" or "f"), else the
        latest leader of that gender mentioned at all, else the latest subject."""
        genders = self.genders or {}
        for pool in (self.recent or [], self.mentioned or []):
            for e in reversed(pool):
                g = genders.get(e.key, "")
                if g == want or (not g and pool is self.recent):
                    return e
        return self.salient


def extract_positions(
    doc: Doc,
    readout: Readout,
    index: MentionIndex,
    mains: list[tuple[int, Event]],
    sentence_events: dict[int, str],
    *,
    communique: bool,
    home_leader: EntityRef | None,
    topic_tagger: Callable[[str], list[str]] | None,
    lang: LanguagePack,
    genders: dict[str, str] | None = None,
) -> list[Position]:
    """Every position the readout attributes to a leader.

    ``mains`` are the contacts the readout reports, with the offset of the sentence that
    states each: an act belongs to the latest one stated before it ("Emmanuel Macron a
    appelé Volodymyr Zelensky … Il s'est ensuite entretenu avec Vladimir Poutine. Les deux
    présidents ont convenu …" speaks of the second call)."""
    state = _State(genders=genders)
    out: list[Position] = []
    shared_subject = lang.deps.shared_subject
    for sent in sentences(doc):
        before = [ev for at, ev in mains if at <= sent.start_char]
        main = before[-1] if before else (mains[0][1] if mains else None)
        participants = list(main.participants) if main is not None else []
        low = sent.text.strip().lower()
        nav = low.startswith(lang.navigation.prefixes)
        candidates = [t for tok in sent if (t := classify(tok, lang)) is not None]
        found: list[Position] = []
        # first who says each act; only acts with a leader speaker cut the sentence into
        # quotes ("qui soutient Damas" inside an act is part of its quote)
        acts: list[tuple[_Trigger, list[EntityRef]]] = []
        last_speakers: list[EntityRef] = []
        for trig in candidates:
            subj = _own_subject(trig.tok, lang)
            present_participle = _present_participle(trig.tok, lang)
            if last_speakers and (present_participle or (subj is None and trig.tok.dep_ in shared_subject)):
                # "a demandé … et a exprimé", "…, insistant sur": a coordinated verb or a
                # participle shares the subject of the act before it
                speakers = list(last_speakers)
            else:
                subj = subj or _subject(trig.tok, lang)
                if subj is not None and _is_source(subj, lang):
                    continue  # a reporting verb about a source ("a indiqué l'Élysée")
                speakers = _speakers(subj, index, state, participants, sent, trig.tok, lang)
            if not speakers:
                continue
            if _passive(trig.tok, lang):
                continue  # "la France sera invitée", "X a été informé": not the speaker's act
            last_speakers = speakers
            if trig.tok.lemma_.lower() in lang.acts.shared_verbs and len(speakers) > 1:
                trig = _Trigger(trig.tok, "agree", trig.verb, "confirm_shared_wish")
            acts.append((trig, speakers))
        triggers = [t for t, _ in acts]
        for k, (trig, speakers) in enumerate(acts):
            start = _clause_start(trig, None, sent, triggers, k, lang)
            end = _clause_end(sent, triggers, k, lang)
            addressee = _addressee(trig.tok, index, speakers, participants, sent, lang)
            event_key = None if nav else _event_for(sent, sentence_events, main)
            found.append(_position(readout, index, speakers, trig.act, trig.verb, start, end, addressee,
                                   event_key, "explicit", trig.detail, topic_tagger))
        # "à l'invitation de X": X proposes (invites); "la demande faite par X": X asks.
        found.extend(_nominal_acts(doc, readout, sent, index, participants, main, topic_tagger, lang))
        # "l'entretien a été l'occasion de …": a joint act of the participants.
        m = lang.acts.occasion.search(sent.text)
        if m and participants and not found:
            after = doc.char_span(sent.start_char + m.end(), sent.end_char, alignment_mode="expand")
            said: tuple[Act, str, str | None] = ("other", "", "discuss")
            if after is not None:
                for tok in after:
                    infinitive = classify_infinitive(tok, lang)
                    if infinitive is not None:
                        said = infinitive
                        break
            act, verb, detail = said
            found.append(_position(readout, index, participants, act, verb or m.group(0).strip(),
                                   sent.start_char, sent.end_char, None,
                                   main.key if main else None, "implicit", detail, topic_tagger))
        # "It was agreed to …": an impersonal passive, a joint act of the participants.
        m = lang.acts.impersonal.search(sent.text)
        if m and participants and not found:
            verb_span = doc.char_span(sent.start_char + m.start("verb"), sent.start_char + m.end("verb"),
                                      alignment_mode="expand")
            said_as = classify(verb_span.root, lang) if verb_span is not None else None
            if said_as is not None:
                found.append(_position(readout, index, participants, said_as.act, said_as.verb,
                                       sent.start_char, sent.end_char, None,
                                       main.key if main else None, "implicit", said_as.detail, topic_tagger))
        # The institution's own voice, in a communiqué or quoted from one.
        if (
            not found and home_leader is not None and not nav and (communique or lang.voice.reported.search(sent.text))
            and _is_statement(sent) and not index.leaders_in(sent.start, sent.end)
        ):
            act, verb, detail = _voice_act(sent, lang)
            found.append(_position(readout, index, [home_leader], act, verb, sent.start_char, sent.end_char,
                                   None, main.key if main else None, "communique_voice", detail, topic_tagger))
        out.extend(found)
        _update_salience(sent, index, state, lang)
    return out


def classify_infinitive(tok: Token, lang: LanguagePack) -> tuple[Act, str, str | None] | None:
    lemma = tok.lemma_.lower()
    key = _multiword(tok, lang) or lemma
    acts = lang.acts
    if key in acts.verbs and tok.pos_ in ("VERB", "AUX"):
        return acts.verbs[key], tok.text if key == lemma else key, acts.details.get(key)
    return None


def _is_statement(sent: SpacySpan) -> bool:
    if len(sent) < 4:
        return False
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in sent)
    return has_verb


def _voice_act(sent: SpacySpan, lang: LanguagePack) -> tuple[Act, str, str | None]:
    for tok in sent:
        t = classify(tok, lang)
        if t is not None:
            return t.act, t.verb, t.detail
    text = sent.text
    negated = lang.voice.negated_future.search(text)
    if negated:
        return "insist", negated.group(0), None
    m = lang.voice.modal.search(text)
    if m:
        return "call_on", m.group(0), None
    root = sent.root
    return "other", root.text, "assert"


def _is_source(tok: Token, lang: LanguagePack) -> bool:
    sources = lang.acts.source_nouns
    return tok.lemma_.lower() in sources or tok.lower_ in sources


def _speakers(
    subj: Token | None,
    index: MentionIndex,
    state: _State,
    participants: list[EntityRef],
    sent: SpacySpan,
    trigger: Token,
    lang: LanguagePack,
) -> list[EntityRef]:
    inverted = _inverted_subject(trigger, index, sent, lang)
    if inverted is not None:
        return inverted
    pronouns = lang.grammar.pronouns
    if subj is None:
        # no subject in reach (a loose parse): the sentence's first leader subject, else
        # the first leader before the verb that is not a complement ("à X", "avec X")
        for tok in sent:
            if tok.dep_ in lang.deps.subject:
                e = token_leader(index, tok, lang)
                if e is not None:
                    return [e]
        for tok in sent:
            if tok.i >= trigger.i:
                break
            e = index.leader_at.get(tok.i)
            if e is not None:
                before = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
                if before not in lang.acts.complement_prepositions:
                    return [e]
        pron = [t for t in sent if t.i < trigger.i and _bare(t, lang) in pronouns]
        if pron:
            found = state.salient_for(pronouns[_bare(pron[-1], lang)])
            return [found] if found is not None else []
        return []
    if _group(subj, lang):
        return list(participants) if len(participants) >= 2 else []
    e = token_leader(index, subj, lang)
    if e is not None:
        return _coordinated(subj, trigger, index, [e], lang)
    if _bare(subj, lang) in pronouns and subj.pos_ == "PRON":
        found = state.salient_for(pronouns[_bare(subj, lang)])
        return [found] if found is not None else []
    # "Washington et Moscou ont rappelé", "la partie russe": a country standing for its
    # leader, when that leader is a participant
    country = _country_of_token(subj, index)
    if country is not None:
        led = [p for p in participants if p.country == country]
        if led:
            return _coordinated(subj, trigger, index, led[:1], lang, participants)
    return []


def _inverted_subject(
    trigger: Token, index: MentionIndex, sent: SpacySpan, lang: LanguagePack
) -> list[EntityRef] | None:
    """The speaker of an inverted reporting clause, which the parser often gets wrong:
    "« … », a estimé la chancelière" is the chancellor; "…, a précisé la présidence
    française" is the press citing a source, nobody's act (``[]``). ``None`` when the verb
    does not open such a clause."""
    doc = trigger.doc
    j = trigger.i - 1
    aux, particles = lang.deps.aux_prefix, lang.grammar.inversion_particles
    while j >= sent.start and (doc[j].dep_.startswith(aux) or doc[j].pos_ == "AUX" or doc[j].lower_ in particles):
        j -= 1
    if j < sent.start or doc[j].text not in lang.acts.reporting_marks:
        return None
    for tok in doc[trigger.i + 1: min(sent.end, trigger.i + 5)]:
        if _is_source(tok, lang):
            return []
        e = index.leader_at.get(tok.i)
        if e is not None:
            return [e]
        if tok.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "ADV"):
            break
    return None


def _country_of_token(tok: Token, index: MentionIndex) -> str | None:
    ent = index.entity_tokens.get(tok.i)
    if ent is None:
        return None
    if ent.kind == "Country":
        return ent.key
    if ent.kind in ("Place", "Organization") and ent.country:
        return ent.country
    return None


def _coordinated(subj: Token, trigger: Token, index: MentionIndex, out: list[EntityRef], lang: LanguagePack,
                 participants: list[EntityRef] | None = None) -> list[EntityRef]:
    """Every leader coordinated in the subject, up to the verb: "Vladimir Poutine et Donald
    Trump ont confirmé", "Emmanuel Macron, Joe Biden et Olaf Scholz s'inquiètent",
    "Poutine et Erdogan ont discuté" (whichever name the parser made the head)."""
    doc = subj.doc
    sent = subj.sent
    start = subj.i
    conjunction = lang.grammar.conjunction
    # walk left over "X et" / "X," to the start of the coordination
    while start - 2 >= sent.start and doc[start - 1].lower_ in (conjunction, ",") and (
        doc[start - 2].i in index.leader_at or _country_of_token(doc[start - 2], index)
    ):
        start -= 2
        while (
            start - 1 >= sent.start
            and doc[start - 1].i in index.leader_at
            and index.leader_at[doc[start - 1].i] == index.leader_at.get(start)
        ):
            start -= 1
    span = doc[start: trigger.i]
    if not any(t.lower_ == conjunction for t in span):
        return out
    for t in span:
        if t.pos_ == "VERB":
            break
        e2 = index.leader_at.get(t.i)
        if e2 is None and participants is not None:
            c = _country_of_token(t, index)
            e2 = next((p for p in participants if c and p.country == c), None)
        if e2 is not None and e2 not in out:
            out.append(e2)
    return out


def _update_salience(sent: SpacySpan, index: MentionIndex, state: _State, lang: LanguagePack) -> None:
    """The last leader that was the subject of a main clause is what "il" refers to next."""
    subject, main_clause = lang.deps.subject, lang.deps.main_clause
    for tok in sent:
        if tok.dep_ in subject and tok.head.dep_ in main_clause:
            e = token_leader(index, tok, lang)
            if e is not None:
                state.note(e)
    leaders = index.leaders_in(sent.start, sent.end)
    if state.mentioned is None:
        state.mentioned = []
    for e in leaders:
        if e in state.mentioned:
            state.mentioned.remove(e)
        state.mentioned.append(e)
    if state.salient is None and leaders:
        state.note(leaders[0])


def _clause_start(
    trig: _Trigger, subj: Token | None, sent: SpacySpan, triggers: list[_Trigger], k: int, lang: LanguagePack
) -> int:
    """Where the quote of the k-th act of a sentence starts: the sentence start for the
    first act; for a later act, its own subject if it has one ("… au cours de laquelle le
    dirigeant syrien a confirmé"), else just after the coordinator or comma that follows
    the previous act ("… et a exprimé")."""
    if k == 0:
        return sent.start_char
    prev = triggers[k - 1].tok
    own = _own_subject(trig.tok, lang)
    if own is not None and prev.i < own.left_edge.i < trig.tok.i:
        return own.left_edge.idx
    # the separator right before the verb group ("… et a exprimé", "…, soulignant")
    separators = lang.grammar.clause_separators
    for t in reversed(list(sent)):
        if prev.i < t.i < trig.tok.i and t.lower_ in separators and _starts_clause(t, trig.tok, lang):
            return t.idx + (len(t.text) if t.text in (",", ";") else 0)
    start = trig.tok.i
    aux = lang.deps.aux_prefix
    while start - 1 > prev.i and (sent.doc[start - 1].dep_.startswith(aux) or sent.doc[start - 1].pos_ == "AUX"):
        start -= 1
    return sent.doc[start].idx


def _inside_content(inner: Token, outer: Token, lang: LanguagePack) -> bool:
    """Whether a verb stands in what another verb reports: its "que" clause or its
    complement ("Elle a souligné que l'Allemagne et la France « ne partagent pas … »")."""
    deps, complementizers = lang.deps, lang.grammar.complementizers
    cur = inner
    for _ in range(8):
        if cur.head is cur:
            return False
        if cur.head.i == outer.i:
            return cur.dep_ in deps.reported or any(
                c.lower_ in complementizers for c in cur.children if c.dep_ == deps.mark)
        cur = cur.head
    return False


def _clause_end(sent: SpacySpan, triggers: list[_Trigger], k: int, lang: LanguagePack) -> int:
    """The quote of an act ends where the next act's quote starts (separators trimmed),
    or at the end of the sentence; an act reported inside this one's "que" clause does
    not end it (the two quotes then overlap)."""
    nxt = triggers[k + 1].tok if k + 1 < len(triggers) else None
    if nxt is not None and _own_subject(nxt, lang) is not None and _inside_content(nxt, triggers[k].tok, lang):
        # a verb with a subject of its own inside the "que" clause is what this act
        # reports; a bare coordinated verb ("a relevé que … et souligné") is a new act
        return sent.end_char
    if k + 1 < len(triggers):
        end = _clause_start(triggers[k + 1], None, sent, triggers, k + 1, lang)
        text = doc_text(sent.doc)
        while end > sent.start_char and text[end - 1] in " ,;\n":
            end -= 1
        trailing = " " + lang.grammar.conjunction  # the conjunction before the next act
        if text[max(sent.start_char, end - len(trailing)):end] == trailing:
            end -= len(trailing)
        return max(end, triggers[k].tok.idx + len(triggers[k].tok.text))
    return sent.end_char


def _starts_clause(sep: Token, nxt: Token, lang: LanguagePack) -> bool:
    between = sep.doc[sep.i + 1: nxt.i]
    aux = lang.deps.aux_prefix
    return all(t.pos_ in ("AUX", "ADV", "PRON", "PUNCT", "CCONJ") or t.dep_.startswith(aux) for t in between)


def _addressee(
    tok: Token,
    index: MentionIndex,
    speakers: list[EntityRef],
    participants: list[EntityRef],
    sent: SpacySpan,
    lang: LanguagePack,
) -> EntityRef | None:
    """Whom an act is addressed to: a leader (or country) that is the verb's object or its
    "à" complement; "lui"/"l'" is the other participant of the contact."""
    deps, acts = lang.deps, lang.acts
    direct, oblique = deps.direct, deps.oblique
    children = sorted(tok.children, key=lambda c: (c.dep_ not in direct, c.i))
    for c in children:
        if c.dep_ not in direct and c.dep_ != oblique:
            continue
        case = {g.lower_ for g in c.children if g.dep_ == deps.case}
        if c.dep_ == oblique and not case & acts.addressee_cases:
            continue
        if case & acts.non_addressee_cases:
            continue
        e = token_leader(index, c, lang)
        if e is not None and e not in speakers:
            return e
        if c.lower_ in lang.grammar.object_pronouns and c.pos_ == "PRON":
            others = [p for p in participants if p not in speakers]
            if others:
                return others[0]
        ent = index.entity_tokens.get(c.i)
        if ent is not None and ent.kind in ("Country", "Organization") and c.dep_ in deps.objects:
            return ent
    # a loose parse: the first leader after the verb that is its object or "à" complement
    doc = tok.doc
    for t in doc[tok.i + 1: min(len(doc), tok.i + 12, sent.end)]:
        e = index.leader_at.get(t.i)
        if e is None or e in speakers:
            continue
        j = t.i - 1
        while j > tok.i and doc[j].pos_ in ("DET", "ADJ", "NOUN") and doc[j].i in index.leader_at:
            j -= 1
        prev = doc[j].lower_ if j > tok.i else ""
        if prev in acts.non_addressee_before:
            break
        return e
    return None


def _event_for(sent: SpacySpan, sentence_events: dict[int, str], main: Event | None) -> str | None:
    """The event a position was made in: an earlier contact the sentence is about ("Déjà le
    9 février, Emmanuel Macron avait demandé …"), else the main event."""
    if sent.start_char in sentence_events:
        return sentence_events[sent.start_char]
    return main.key if main is not None else None


def _nominal_acts(
    doc: Doc,
    readout: Readout,
    sent: SpacySpan,
    index: MentionIndex,
    participants: list[EntityRef],
    main: Event | None,
    tagger: Callable[[str], list[str]] | None,
    lang: LanguagePack,
) -> list[Position]:
    out: list[Position] = []
    nominal: tuple[tuple[re.Pattern[str], Act, str | None], ...] = (
        (lang.acts.invitation, "propose", "invite"), (lang.acts.request_by, "ask", None),
    )
    for pattern, act, detail in nominal:
        for m in pattern.finditer(sent.text):
            at = sent.start_char + m.end()
            speaker = None
            for tok in sent:
                if at <= tok.idx <= at + 40 and tok.i in index.leader_at:
                    speaker = index.leader_at[tok.i]
                    break
            if speaker is None:
                # "à l'invitation de son homologue russe": the other participant
                counterpart = doc_text(doc)[at:at + 30].lower().startswith(lang.acts.counterpart_phrases)
                others = [p for p in participants if counterpart]
                speaker = others[-1] if others else None
            if speaker is None:
                continue
            others = [p for p in participants if p != speaker]
            end = sent.end_char if act == "ask" else min(sent.end_char, at + 60)
            start = sent.start_char + m.start()
            # the quote of an invitation is its phrase, up to the next comma
            comma = doc_text(doc).find(",", at, sent.end_char)
            if act == "propose" and comma != -1:
                end = comma
            out.append(_position(readout, index, [speaker], act, m.group(0).strip(), start, end,
                                 others[0] if others else None, main.key if main else None, "explicit", detail, tagger))
    return out


def _position(
    readout: Readout,
    index: MentionIndex,
    speakers: list[EntityRef],
    act: Act,
    verb: str,
    start: int,
    end: int,
    addressee: EntityRef | None,
    event: str | None,
    attribution: Attribution,
    detail: str | None,
    tagger: Callable[[str], list[str]] | None,
) -> Position:
    quote = char_span(readout, start, end)
    text = readout.text[start:end]
    topics = tagger(text) if callable(tagger) else []
    mentioned = [
        m.entity for m in index.mentions_from(quote.start, quote.end) if m.entity not in speakers
    ]
    uniq: list[EntityRef] = []
    for e in mentioned:
        if e not in uniq:
            uniq.append(e)
    return Position(
        speakers=list(speakers),
        act=act,
        verb=verb,
        quote=quote,
        addressee=addressee,
        topics=list(topics),
        mentions=uniq,
        event=event,
        attribution=attribution,
        act_detail=detail,
    )
