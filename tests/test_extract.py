"""Extraction with the real model, on small sentences written for the test (not the
sample readouts): who, what, when and who said what."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.records import Extraction

pytestmark = pytest.mark.slow

Run = Callable[..., Extraction]


def _main(ex: Extraction) -> object:
    mains = [e for e in ex.events if e.main]
    assert len(mains) == 1, [(e.type, e.label) for e in ex.events]
    return mains[0]


def _names(entities: object) -> set[str]:
    return {e.label for e in entities}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "date", "who"),
    [
        # French spellings and aliases
        ("Emmanuel Macron s'est entretenu par téléphone avec Vladimir Poutine.", None,
         {"Emmanuel Macron", "Vladimir Putin"}),
        ("M. Macron a reçu Bachar el-Assad à Paris.", None, {"Emmanuel Macron", "Bashar al-Assad"}),
        # titles resolved by the document's date
        ("Le président de la République s'est entretenu par téléphone avec la chancelière allemande.",
         "2015-06-03", {"François Hollande", "Angela Merkel"}),
        ("Le président de la République s'est entretenu par téléphone avec le président russe.",
         "2010-06-03", {"Nicolas Sarkozy", "Dmitry Medvedev"}),
        ("Le président de la République s'est entretenu par téléphone avec le président russe.",
         "2018-06-03", {"Emmanuel Macron", "Vladimir Putin"}),
        ("Le chef de l'État s'est entretenu avec son homologue américain.", "2022-03-01",
         {"Emmanuel Macron", "Joe Biden"}),
    ],
)
def test_main_event_participants(extract_text: Run, text: str, date: str | None, who: set[str]) -> None:
    assert _names(_main(extract_text(text, date)).participants) == who  # type: ignore[attr-defined]


def test_initiator_from_the_verb_and_from_an_invitation(extract_text: Run) -> None:
    ex = extract_text("Donald Trump a appelé Emmanuel Macron. Ils ont évoqué la Syrie.", "2018-04-12")
    main = _main(ex)
    assert main.type == "PhoneCall"  # type: ignore[attr-defined]
    assert main.initiator.label == "Donald Trump"  # type: ignore[attr-defined]
    ex = extract_text(
        "À l'invitation de Vladimir Poutine, Emmanuel Macron effectuera une visite en Russie en mai prochain.",
        "2018-02-10",
    )
    visits = [e for e in ex.events if e.type == "Visit"]
    assert visits and visits[0].status == "planned" and str(visits[0].date) == "2018-05"
    assert visits[0].initiator is not None and visits[0].initiator.label == "Vladimir Putin"


def test_relative_dates_resolve_against_the_publication_date_and_never_without_it(extract_text: Run) -> None:
    text = "Emmanuel Macron s'est entretenu hier par téléphone avec Vladimir Poutine."
    assert str(_main(extract_text(text, "2018-03-02")).date) == "2018-03-01"  # type: ignore[attr-defined]
    assert _main(extract_text(text)).date is None  # type: ignore[attr-defined]


def test_pronoun_and_coordinated_verbs_give_separate_positions(extract_text: Run) -> None:
    ex = extract_text(
        "Le président de la République s'est entretenu par téléphone avec Vladimir Poutine. "
        "Il a demandé au président russe de libérer les journalistes et a exprimé sa préoccupation "
        "sur la situation en Ukraine.",
        "2019-05-02",
    )
    acts = [(p.act, _names(p.speakers)) for p in ex.positions]
    assert ("ask", {"Emmanuel Macron"}) in acts
    assert ("express_concern", {"Emmanuel Macron"}) in acts
    ask = next(p for p in ex.positions if p.act == "ask")
    assert ask.addressee is not None and ask.addressee.label == "Vladimir Putin"
    assert ask.quote.text.startswith("Il a demandé") and "Ukraine" not in ask.quote.text


def test_joint_acts_have_both_speakers(extract_text: Run) -> None:
    ex = extract_text(
        "Angela Merkel a reçu Recep Tayyip Erdogan à Berlin. Les deux dirigeants ont convenu de se revoir.",
        "2018-09-28",
    )
    agree = [p for p in ex.positions if p.act == "agree"]
    assert agree and _names(agree[0].speakers) == {"Angela Merkel", "Recep Tayyip Erdoğan"}


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        ("Il a souligné l'importance du dialogue.", "stress"),
        ("Il a rappelé son attachement au multilatéralisme.", "recall"),
        ("Il s'est félicité de la reprise des négociations.", "welcome"),
        ("Il a appelé la Russie à respecter le cessez-le-feu.", "call_on"),
        ("Il a condamné l'attaque chimique.", "condemn"),
        ("Il a pris note des engagements pris.", "note"),
        ("Il a insisté sur la nécessité d'une trêve.", "insist"),
        ("Il a proposé une réunion des ministres.", "propose"),
        ("Il a accepté l'invitation.", "accept"),
        ("Il a informé son homologue de sa décision.", "inform"),
    ],
)
def test_act_of_each_verb(extract_text: Run, sentence: str, act: str) -> None:
    ex = extract_text("Emmanuel Macron s'est entretenu par téléphone avec Vladimir Poutine. " + sentence, "2019-01-10")
    later = [p for p in ex.positions if p.quote.text.startswith("Il")]
    assert [p.act for p in later] == [act]
    assert _names(later[0].speakers) == {"Emmanuel Macron"}


def test_communique_voice_is_attributed_to_the_leader_and_marked(extract_text: Run) -> None:
    ex = extract_text(
        "Le président de la République s'est entretenu par téléphone avec Vladimir Poutine.\n\n"
        "La France ne transigera pas sur la protection des civils.",
        "2019-05-02",
    )
    voice = [p for p in ex.positions if p.attribution == "communique_voice"]
    assert len(voice) == 1 and _names(voice[0].speakers) == {"Emmanuel Macron"}
    assert voice[0].quote.text.startswith("La France")


def test_a_leader_missing_from_the_gazetteer_becomes_a_node(extract_text: Run) -> None:
    ex = extract_text(
        "Son Excellence Monsieur Albert Kossigan, Président de la République du Bénin, a reçu Emmanuel Macron.",
        "2019-05-02",
    )
    leaders = {m.entity for m in ex.mentions if m.entity.kind == "Leader"}
    unknown = [e for e in leaders if not e.known]
    assert len(unknown) == 1
    assert unknown[0].label == "Albert Kossigan" and unknown[0].country == "BEN"
    assert "Emmanuel Macron" in _names(leaders)


def test_countries_from_names_adjectives_compounds_and_metonyms(extract_text: Run) -> None:
    ex = extract_text(
        "Emmanuel Macron a évoqué avec Vladimir Poutine les relations franco-russes, la crise syrienne "
        "et le dialogue entre Moscou et Washington.",
        "2019-05-02",
    )
    countries = {m.entity.label for m in ex.mentions if m.entity.kind == "Country"}
    assert {"France", "Russia", "Syria", "United States"} <= countries
    places = {m.entity.label for m in ex.mentions if m.entity.kind == "Place"}
    assert "Moscow" in places


def test_no_junk_mentions(extract_text: Run) -> None:
    ex = extract_text(
        "Le chef d'Etat russe a rappelé l'attaque de Khan Cheïkhoun. Il a salué le soutien de la France./.",
        "2017-05-02",
    )
    labels = {m.entity.label for m in ex.mentions}
    assert not any(lab.endswith((".", "/")) for lab in labels), labels
    assert "Etat" not in labels
    assert not any(m.entity.kind == "Leader" and "Khan" in m.entity.label for m in ex.mentions)


def test_three_way_call_has_three_participants(extract_text: Run) -> None:
    ex = extract_text(
        "Emmanuel Macron, Olaf Scholz et Joe Biden se sont entretenus par téléphone ce matin. "
        "Les trois dirigeants ont condamné l'attaque.",
        "2022-02-25",
    )
    main = _main(ex)
    assert _names(main.participants) == {"Emmanuel Macron", "Olaf Scholz", "Joe Biden"}  # type: ignore[attr-defined]
    assert str(main.date) == "2022-02-25"  # type: ignore[attr-defined]


def test_two_calls_in_one_readout_and_acts_belong_to_the_latest(extract_text: Run) -> None:
    ex = extract_text(
        "Emmanuel Macron a appelé dimanche matin le président ukrainien Volodymyr Zelensky. "
        "Il s'est ensuite entretenu avec Vladimir Poutine. Les deux présidents ont convenu de se reparler.",
        "2022-02-20",
    )
    mains = [e for e in ex.events if e.main]
    assert [_names(e.participants) for e in mains] == [
        {"Emmanuel Macron", "Volodymyr Zelenskyy"}, {"Emmanuel Macron", "Vladimir Putin"}]
    assert mains[0].initiator is not None and mains[0].initiator.label == "Emmanuel Macron"
    agree = next(p for p in ex.positions if p.act == "agree")
    assert _names(agree.speakers) == {"Emmanuel Macron", "Vladimir Putin"}
    assert agree.event == mains[1].key


def test_a_relative_clause_does_not_cut_the_quote_of_an_act(extract_text: Run) -> None:
    ex = extract_text(
        "Emmanuel Macron s'est entretenu avec Vladimir Poutine. Il a demandé à Vladimir Poutine, qui soutient "
        "Damas, de tout faire pour protéger les civils.",
        "2018-02-09",
    )
    ask = next(p for p in ex.positions if p.act == "ask")
    assert ask.quote.text.endswith("protéger les civils.")


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Vladimir Poutine s'est entretenu vendredi au téléphone avec son homologue turc Recep Tayyip Erdogan, "
         "à la demande de la partie turque.", "Recep Tayyip Erdoğan"),
        ("À l'initiative de Washington, Emmanuel Macron et Joe Biden ont tenu un entretien téléphonique.", "Joe Biden"),
        ("Le président de la République s'est entretenu hier avec Giorgia Meloni, qui avait sollicité cet entretien.",
         "Giorgia Meloni"),
        ("Joe Biden a rencontré Vladimir Poutine à Genève. Ce rendez-vous avait été proposé par Joe Biden en avril.",
         "Joe Biden"),
        ("Le président Kaïs Saïed a reçu, mardi soir, un appel téléphonique du président français, "
         "Emmanuel Macron, au cours duquel les deux présidents ont évoqué la situation.", "Emmanuel Macron"),
        ("Giorgia Meloni reçoit un appel du chancelier Olaf Scholz sur la question migratoire.", "Olaf Scholz"),
    ],
)
def test_initiator_cues(extract_text: Run, text: str, who: str) -> None:
    main = _main(extract_text(text, "2021-06-16"))
    assert main.initiator is not None and main.initiator.label == who  # type: ignore[attr-defined]


def test_an_invitation_to_a_visit_is_not_the_call_initiator(extract_text: Run) -> None:
    ex = extract_text(
        "Le président de la République s'est entretenu par téléphone avec Vladimir Poutine. Il a accepté, "
        "à l'invitation de Vladimir Poutine, d'effectuer une visite en Russie en mai prochain.",
        "2018-02-09",
    )
    assert _main(ex).initiator is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "speakers", "act"),
    [
        # an inverted reporting clause after a quote, and the feminine pronoun
        ("Angela Merkel a reçu Emmanuel Macron à Berlin. « Nous devons être plus ambitieux », a estimé la "
         "chancelière.", {"Angela Merkel"}, "other"),
        ("Invité par la chancelière Angela Merkel, Emmanuel Macron a dîné à Berlin avec elle. Elle a souligné "
         "l'urgence d'un accord.", {"Angela Merkel"}, "stress"),
        # capitals standing for their leaders
        ("Joe Biden a rencontré Vladimir Poutine à Genève. Washington et Moscou ont rappelé leur attachement "
         "au dialogue.", {"Joe Biden", "Vladimir Putin"}, "recall"),
        # a participle takes the subject of its clause
        ("Emmanuel Macron s'est entretenu avec Vladimir Poutine. Il a relevé l'impasse, insistant sur le "
         "cessez-le-feu.", {"Emmanuel Macron"}, "insist"),
    ],
)
def test_who_speaks(extract_text: Run, text: str, speakers: set[str], act: str) -> None:
    ex = extract_text(text, "2021-06-16")
    assert any(p.act == act and _names(p.speakers) == speakers for p in ex.positions), [
        (p.act, _names(p.speakers), p.quote.text) for p in ex.positions]


def test_passive_and_press_sources_are_nobodys_acts(extract_text: Run) -> None:
    ex = extract_text(
        "Emmanuel Macron s'est entretenu avec Vladimir Poutine. La France sera invitée d'honneur au forum, "
        "a précisé la présidence française.",
        "2018-02-09",
    )
    assert not [p for p in ex.positions if "invitée" in p.quote.text], [(p.act, p.quote.text) for p in ex.positions]


@pytest.mark.parametrize(
    ("text", "date", "act", "speaker"),
    [
        # a generic title in apposition to the protagonist says whose readout it is
        ("Le Président de la République, Kaïs Saïed, s'est entretenu par téléphone avec Giorgia Meloni. "
         "Le Chef de l'État a souligné la nécessité d'une approche globale.", "2023-06-12", "stress", "Kais Saied"),
        ("Sa Majesté le Roi Mohammed VI a eu un entretien téléphonique avec le Président Emmanuel Macron. "
         "Sa Majesté le Roi a rappelé la position constante du Royaume.", "2020-12-10", "recall",
         "Mohammed VI of Morocco"),
        # a guest's title does not
        ("Le président de la République a reçu Sa Majesté le Roi Mohammed VI à l'Élysée. "
         "Le président de la République a salué la coopération entre les deux pays.", "2019-05-02", "welcome",
         "Emmanuel Macron"),
    ],
)
def test_whose_readout_it_is(extract_text: Run, text: str, date: str, act: str, speaker: str) -> None:
    ex = extract_text(text, date)
    found = next(p for p in ex.positions if p.act == act)
    assert _names(found.speakers) == {speaker}


def test_an_unknown_leader_is_found_again_by_surname(extract_text: Run) -> None:
    ex = extract_text(
        "Emmanuel Macron a reçu le président du Conseil de transition du Wakanda, Albert Kossigan. "
        "Le président Kossigan a remercié la France pour son soutien.",
        "2021-03-23",
    )
    thanks = next(p for p in ex.positions if p.verb.endswith("remercié"))
    assert _names(thanks.speakers) == {"Albert Kossigan"}
    assert not next(iter(thanks.speakers)).known


@pytest.mark.parametrize(
    ("sentence", "etype", "status"),
    [
        ("Ils ont évoqué les combats qui se poursuivent dans le Donbass.", "Attack", "ongoing"),
        ("Ils ont évoqué le sommet du G7 qu'il accueillera fin août à Biarritz.", "Summit", "planned"),
        ("Ils ont rappelé le mémorandum signé à Sotchi en septembre 2018.", "Agreement", "occurred"),
    ],
)
def test_status_of_referenced_events(extract_text: Run, sentence: str, etype: str, status: str) -> None:
    ex = extract_text("Emmanuel Macron s'est entretenu avec Vladimir Poutine. " + sentence, "2019-06-10")
    found = [e for e in ex.events if not e.main and e.type == etype]
    assert found and found[0].status == status, [(e.type, e.status, e.label) for e in ex.events]


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Le Président de la République s'est entretenu ce jour avec le Premier ministre britannique.", "PhoneCall"),
        ("Emmanuel Macron s'est entretenu à Berlin avec Angela Merkel.", "Meeting"),
        ("Joe Biden et Vladimir Poutine se sont rencontrés à Genève pour leur premier sommet.", "Summit"),
    ],
)
def test_type_of_the_contact(extract_text: Run, text: str, etype: str) -> None:
    assert _main(extract_text(text, "2021-06-16")).type == etype  # type: ignore[attr-defined]


def test_the_contact_date_from_the_lead_when_the_headline_states_the_contact(extract_text: Run) -> None:
    ex = extract_text(
        "Macron s'entretient avec Zelensky\n\nEmmanuel Macron a appelé dimanche matin le président ukrainien "
        "Volodymyr Zelensky.",
        "2022-02-20",
    )
    assert str(_main(ex).date) == "2022-02-20"  # type: ignore[attr-defined]


def test_what_an_act_reports_stays_in_its_quote(extract_text: Run) -> None:
    ex = extract_text(
        "Angela Merkel a reçu Emmanuel Macron à Berlin. Elle a souligné que l'Allemagne et la France ne "
        "partagent pas toujours le même avis.",
        "2019-06-18",
    )
    stress = next(p for p in ex.positions if p.act == "stress")
    assert stress.quote.text.endswith("le même avis."), stress.quote.text
    assert _names(stress.speakers) == {"Angela Merkel"}


def test_appeler_au(extract_text: Run) -> None:
    ex = extract_text(
        "Emmanuel Macron a reçu Mohamed el-Menfi. Le Président de la République a appelé au départ "
        "sans délai de tous les mercenaires.",
        "2021-03-23",
    )
    assert any(p.act == "call_on" and _names(p.speakers) == {"Emmanuel Macron"} for p in ex.positions)


def test_a_full_date_a_few_days_before_publication_dates_the_call_a_headline_announced(extract_text: Run) -> None:
    text = ("Échange téléphonique entre Emmanuel Macron et Olaf Scholz\n\n"
            "À quelques jours du sommet européen, le président Emmanuel Macron a appelé au téléphone, "
            "ce mardi 7 mars 2023, son homologue allemand, Olaf Scholz.\n\n"
            "Les deux dirigeants ont évoqué la situation en Ukraine.\n")
    assert str(_main(extract_text(text, "2023-03-09")).date) == "2023-03-07"
