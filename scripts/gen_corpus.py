"""A generated corpus of varied French readouts, for measuring builds at scale.

Usage::

    python scripts/gen_corpus.py N --out corpus.jsonl [--seed 7] [--start 2005] [--end 2024]

Writes ``N`` readouts as JSONL (``id``, ``text``, ``date``, ``source``, ``lang``). Each is
a call or a meeting between two leaders who held office on its date (from the bundled
gazetteer's terms), reported as an official communiqué or as a press report, with one
to six paragraphs of positions, a referenced event now and then, and lengths from a few
hundred to a few thousand characters, so that leaders, pairs, dates, publishers,
structures and lengths vary as in a real corpus; the same seed gives the same file.

**For speed and memory figures only.** The texts are made from a few dozen sentence
patterns: extraction scores on them measure the patterns, not the extractor. Score
extraction on the real readouts of ``tests/data/dev``.

It writes about 20,000 readouts a second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.gazetteer import Gazetteer, load_cached  # noqa: E402

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_TOPICS = (
    "la situation en Ukraine", "la sécurité énergétique", "le changement climatique", "la crise au Sahel",
    "la coopération économique", "le programme nucléaire iranien", "la situation au Proche-Orient",
    "la lutte contre le terrorisme", "la sécurité alimentaire", "les relations commerciales",
    "la pandémie de Covid-19", "la situation en Syrie", "la stabilité régionale", "les migrations",
)
_ACTS = (
    "a souligné l'importance de {t}", "a rappelé son attachement au dialogue sur {t}",
    "a exprimé sa préoccupation face à {t}", "a salué les progrès réalisés sur {t}",
    "a appelé à une désescalade concernant {t}", "a insisté sur {t}", "a proposé une initiative sur {t}",
    "a informé son homologue de {t}", "a condamné les violences liées à {t}",
)
_JOINT = (
    "Les deux dirigeants sont convenus de poursuivre leurs échanges sur {t}.",
    "Ils ont évoqué {t} et les moyens de renforcer leur coopération.",
    "Les deux présidents ont fait le point sur {t}.",
)
_PUBLISHERS = ("Élysée", "AFP", "Reuters", "RFI", "Le Monde", "Présidence de la République", "Xinhua",
               "Jeune Afrique", "France 24", "Kremlin")


_CONTRACTIONS = ((" à le ", " au "), (" à les ", " aux "), (" de le ", " du "), (" de les ", " des "))


def _contract(text: str) -> str:
    """French contractions of a preposition and an article ("à le" → "au")."""
    for loose, tight in _CONTRACTIONS:
        text = text.replace(loose, tight)
    return text


def _office_holders(g: Gazetteer) -> list[tuple[str, str, dt.date, dt.date]]:
    """(person, country, start, end) of every head of state or government term."""
    out = []
    for term in g.terms:
        office = g.offices.get(term.office)
        person = g.persons.get(term.person)
        if office is None or person is None:
            continue
        out.append((person.key, office.country, term.start, term.end or dt.date(2025, 12, 31)))
    return out


def readouts(n: int, *, seed: int = 7, start: int = 2005, end: int = 2024) -> Iterator[dict[str, str]]:
    """``n`` generated readouts, as JSONL records."""
    g = load_cached(())
    rng = random.Random(seed)
    holders = _office_holders(g)
    first, last = dt.date(start, 1, 1).toordinal(), dt.date(end, 12, 31).toordinal()
    k = 0
    while k < n:
        day = dt.date.fromordinal(rng.randint(first, last))
        active = [h for h in rng.sample(holders, min(60, len(holders))) if h[2] <= day < h[3]]
        pair = [h for i, h in enumerate(active) if all(h[1] != o[1] for o in active[:i])][:2]
        if len(pair) < 2:
            continue
        (a, _, _, _), (b, country_b, _, _) = pair
        name_a, name_b = g.persons[a].name_fr, g.persons[b].name_fr
        adj_b = (g.countries[country_b].adjectives_fr or (g.countries[country_b].name_fr,))[0]
        meeting = rng.random() < 0.35
        press = rng.random() < 0.45
        weekday = _WEEKDAYS[day.weekday()]
        when = rng.choice((f"le {day.day} {_MONTHS[day.month - 1]} {day.year}", f"ce {weekday}", weekday))
        contact = (f"a reçu {name_b} {when}" if meeting
                   else f"s'est entretenu par téléphone {when} avec {name_b}")
        lead = (f"{name_a} {contact}, a indiqué la présidence dans un communiqué." if press
                else f"{name_a} {contact}.")
        paragraphs = [lead]
        for _ in range(rng.randint(1, 6)):
            topic = rng.choice(_TOPICS)
            speaker = rng.choice((name_a, f"Le dirigeant {adj_b}", "Il", name_b))
            sentence = f"{speaker} {rng.choice(_ACTS).format(t=topic)}."
            if press and rng.random() < 0.4:
                sentence = f"« Nous devons avancer ensemble sur {topic} », a déclaré {rng.choice((name_a, name_b))}."
            extra = rng.choice(_JOINT).format(t=rng.choice(_TOPICS)) if rng.random() < 0.5 else ""
            paragraphs.append(" ".join(s for s in (sentence, extra) if s))
        if rng.random() < 0.3:
            earlier = dt.date.fromordinal(day.toordinal() - rng.randint(20, 400))
            paragraphs.append(f"Les deux dirigeants s'étaient déjà rencontrés en {_MONTHS[earlier.month - 1]} "
                              f"{earlier.year} lors du sommet du G20.")
        k += 1
        yield {
            "id": f"gen-{seed}-{k:07d}",
            "text": _contract("\n\n".join(paragraphs) + "\n"),
            "date": day.isoformat(),
            "source": rng.choice(_PUBLISHERS),
            "lang": "fr",
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many readouts")
    parser.add_argument("--out", type=Path, required=True, help="the JSONL file to write")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", type=int, default=2005, help="first year")
    parser.add_argument("--end", type=int, default=2024, help="last year")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    chars = 0
    with args.out.open("w", encoding="utf-8") as out:
        for record in readouts(args.n, seed=args.seed, start=args.start, end=args.end):
            chars += len(record["text"])
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - started
    print(f"{args.out}: {args.n} readouts, {chars:,} characters, {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
