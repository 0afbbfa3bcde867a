"""French diplomatic vocabulary: the words that signal acts, events and leaders' titles.

This is general knowledge of how French readouts are written ("a souligné", "s'est
entretenu par téléphone", "le chef de l'État"), kept apart from the code that uses it so
it can be read and extended in one place.
"""

from __future__ import annotations

from graph.records import Act, EventType

# Verb lemma -> act. Verbs whose act depends on their complement are in ACT_RULES below.
ACT_VERBS: dict[str, Act] = {
    "souligner": "stress",
    "insister": "insist",
    "marteler": "insist",
    "rappeler": "recall",
    "réaffirmer": "recall",
    "réitérer": "recall",
    "redire": "recall",
    "demander": "ask",
    "solliciter": "ask",
    "réclamer": "ask",
    "exhorter": "call_on",
    "engager": "call_on",
    "enjoindre": "call_on",
    "presser": "call_on",
    "inciter": "call_on",
    "encourager": "call_on",
    "saluer": "welcome",
    "féliciter": "welcome",
    "réjouir": "welcome",
    "convenir": "agree",
    "accepter": "accept",
    "informer": "inform",
    "annoncer": "inform",
    "expliquer": "inform",
    "présenter": "inform",
    "exposer": "inform",
    "détailler": "inform",
    "condamner": "condemn",
    "fustiger": "condemn",
    "dénoncer": "condemn",
    "déplorer": "condemn",
    "critiquer": "condemn",
    "proposer": "propose",
    "plaider": "propose",
    "suggérer": "propose",
    "inviter": "propose",
    "relever": "note",
    "noter": "note",
    "constater": "note",
    "observer": "note",
    "évoquer": "other",
    "aborder": "other",
    "discuter": "other",
    "souhaiter": "other",
    "confirmer": "other",
    "déclarer": "other",
    "estimer": "other",
    "affirmer": "other",
    "assurer": "other",
    "remercier": "other",
    "exprimer": "other",
    "appeler": "call_on",
    "partager": "agree",
    "regretter": "express_concern",
    "inquiéter": "express_concern",
    "alerter": "express_concern",
    "mettre en garde": "express_concern",
    "indiquer": "other",
    "préciser": "other",
    "plaider pour": "propose",
    "prendre note": "note",
    "faire part": "inform",
    "faire le point": "other",
    "mettre en relief": "stress",
    "passer en revue": "other",
    "procéder à un échange": "other",
    "échanger": "other",
    "adresser ses félicitations": "other",
    "avertir": "other",
    "qualifier": "other",
    "soutenir": "other",
    "imputer": "other",
    "lancer": "other",
    "dire": "other",
    "juger": "other",
    "considérer": "other",
    "faire valoir": "other",
    "rejeter": "other",
    "mettre en avant": "stress",
    "mettre l'accent": "stress",
    "tomber d'accord": "agree",
}

# Finer labels for act "other", by lemma.
ACT_DETAIL: dict[str, str] = {
    "évoquer": "discuss", "aborder": "discuss", "discuter": "discuss", "faire le point": "discuss",
    "passer en revue": "discuss", "procéder à un échange": "discuss", "échanger": "discuss",
    "adresser ses félicitations": "congratulate", "avertir": "warn", "qualifier": "describe",
    "soutenir": "support", "imputer": "blame", "lancer": "assert", "dire": "assert", "juger": "assert",
    "considérer": "assert", "faire valoir": "assert", "rejeter": "reject",
    "souhaiter": "express_wish", "confirmer": "confirm", "déclarer": "assert",
    "estimer": "assert", "affirmer": "assert", "assurer": "assert", "remercier": "thank",
    "féliciter": "congratulate", "inviter": "invite", "réaffirmer": "reaffirm_commitment",
}

# Objects of "exprimer" / "faire part de" that make the act an expression of concern,
# of welcome, or of condolence.
CONCERN_NOUNS = {"préoccupation", "inquiétude", "préoccupations", "inquiétudes", "crainte", "craintes", "vive"}
WELCOME_NOUNS = {"satisfaction"}
CONDOLENCE_NOUNS = {"condoléances", "sympathie", "compassion"}

# Subjects that make a verb of saying the press citing a source ("a indiqué l'Élysée",
# "précise le communiqué"), not a leader's act.
SOURCE_NOUNS = {
    "communiqué", "source", "présidence", "élysée", "elysée", "kremlin", "palais", "porte-parole",
    "services", "cabinet", "agence", "entourage", "déclaration", "texte", "gouvernement",
    "ministère", "maison",
}

# Past participles the tagger takes for adjectives, with the verb they belong to
# ("les deux présidents sont convenus de …").
PARTICIPLE_LEMMAS = {
    "convenu": "convenir", "convenus": "convenir", "souligné": "souligner", "rappelé": "rappeler",
    "entretenu": "entretenir", "félicité": "féliciter", "engagé": "engager", "accordé": "accorder",
    "informé": "informer", "invité": "inviter", "exprimé": "exprimer",
}

# Nouns that name an event, with the event type they give.
EVENT_NOUNS: dict[str, EventType] = {
    "entretien": "Meeting",
    "entretiens": "Meeting",
    "conversation": "PhoneCall",
    "appel": "PhoneCall",
    "échange": "PhoneCall",
    "rencontre": "Meeting",
    "rencontres": "Meeting",
    "réunion": "Meeting",
    "rendez-vous": "Meeting",
    "dîner": "Meeting",
    "déjeuner": "Meeting",
    "audience": "Meeting",
    "tête-à-tête": "Meeting",
    "visite": "Visit",
    "voyage": "Visit",
    "déplacement": "Visit",
    "sommet": "Summit",
    "forum": "Summit",
    "conférence": "Summit",
    "g7": "Summit",
    "g20": "Summit",
    "attaque": "Attack",
    "attaques": "Attack",
    "attentat": "Attack",
    "attentats": "Attack",
    "frappe": "Attack",
    "frappes": "Attack",
    "bombardement": "Attack",
    "bombardements": "Attack",
    "offensive": "Attack",
    "empoisonnement": "Attack",
    "accord": "Agreement",
    "accords": "Agreement",
    "traité": "Agreement",
    "cessez-le-feu": "Agreement",
    "élection": "Election",
    "élections": "Election",
    "réélection": "Election",
    "scrutin": "Election",
    "référendum": "Election",
    "annexion": "OtherEvent",
    "mémorandum": "Agreement",
    "négociations": "Meeting",
    "pourparlers": "Meeting",
    "combats": "Attack",
    "affrontements": "Attack",
    "violations": "Attack",
    "naufrage": "OtherEvent",
    "coup": "OtherEvent",
    "livraison": "OtherEvent",
    "conférence de presse": "OtherEvent",
    "mission": "Visit",
}
PHONE_WORDS = ("téléphon", "au téléphone", "visioconférence", "appel", "conversation")
# Verb lemmas that state the main contact between two leaders.
CONTACT_VERBS: dict[str, EventType] = {
    "entretenir": "Meeting",   # s'entretenir (par téléphone) avec
    "téléphoner": "PhoneCall",
    "appeler": "PhoneCall",    # only with a leader object and no "à + infinitive"
    "recevoir": "Meeting",
    "rencontrer": "Meeting",
    "accueillir": "Meeting",
    "rendre visite": "Visit",
    "s'entretenir": "Meeting",
    "parler": "PhoneCall",
    "dîner": "Meeting",
    "déjeuner": "Meeting",
    "échanger": "PhoneCall",
}
# Phrases after which the one who initiated a contact is named ("à la demande de la partie
# turque", "Invité par la chancelière", "proposé par Joe Biden").
INITIATOR_CUES = (
    r"à l['’]invitation d(?:e|u|es)\s", r"sur l['’]invitation d(?:e|u|es)\s",
    r"à la demande d(?:e|u|es)\s", r"à l['’]initiative d(?:e|u|es)\s", r"sur l['’]initiative d(?:e|u|es)\s",
    r"\binvitée? par\s", r"\b(?:proposé|demandé|sollicité|organisé|voulu|initié)e? par\s",
)

# Titles that designate a leader, by the role they point to. "président" alone is the
# head of state in most countries; the gazetteer's office titles decide per country.
TITLE_HEADS: dict[str, str] = {
    "président": "head_of_state",
    "présidente": "head_of_state",
    "chef de l'état": "head_of_state",
    "chef d'état": "head_of_state",
    "cheffe de l'état": "head_of_state",
    "roi": "head_of_state",
    "reine": "head_of_state",
    "souverain": "head_of_state",
    "monarque": "head_of_state",
    "majesté": "head_of_state",
    "émir": "head_of_state",
    "prince héritier": "head_of_government",
    "guide suprême": "head_of_state",
    "premier ministre": "head_of_government",
    "première ministre": "head_of_government",
    "chef du gouvernement": "head_of_government",
    "cheffe du gouvernement": "head_of_government",
    "chancelier": "head_of_government",
    "chancelière": "head_of_government",
    "président du conseil": "head_of_government",
    "président du gouvernement": "head_of_government",
    "dirigeant": "any",
    "dirigeante": "any",
    "homologue": "same",
    "numéro un": "head_of_state",
    "chef du kremlin": "head_of_state",
    "locataire de la maison blanche": "head_of_state",
    "hôte de l'élysée": "head_of_state",
    "locataire de l'élysée": "head_of_state",
}
# Words between a title and its country that do not break the title
# ("le président de la Fédération de Russie").
TITLE_LINKS = {"de", "du", "des", "la", "le", "l'", "l’", "d'", "d’"}
HONORIFICS = {"son excellence", "s.e.", "monsieur", "madame", "m.", "mme", "sa majesté", "s.m."}

# Plural references to the leaders of the main event.
GROUP_HEADS = {"présidents", "dirigeants", "chefs", "hommes", "leaders", "responsables", "homologues", "pays"}

# Sentences that start with these say nothing a leader said: navigation and bylines.
NAVIGATION_PREFIXES = ("lire aussi", "voir aussi", "à lire", "a lire", "en savoir plus", "crédit")
