"""Whose voice a readout speaks in: an official readout's own, or a press report's.

A press report cites its sources; guillemets alone do not make one. The end-to-end
test reads the same words as UTF-8 and as cp1252: the positions must not change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.extract import is_communique
from graph.ingest import read_text_file, readout_from_text
from graph.records import Extraction

Run = Callable[..., Extraction]
SAMPLES = Path(__file__).resolve().parents[1] / "graph" / "data" / "samples"
LEAD = "Le président de la République s'est entretenu ce jour avec le président Joe Biden.\n\n"


@pytest.mark.parametrize(
    "body",
    [
        "Il a salué « l'esprit constructif » des échanges.",
        "Les deux présidents ont évoqué le « Pacte de Paris pour les peuples et la planète ».",
        "Le Président a rappelé la formule : une « Europe puissance ».",
        "Ils ont salué le travail accompli.\n\n«€» œuvre",
    ],
)
def test_guillemets_without_a_reporting_clause_keep_the_readout_official(body: str) -> None:
    assert is_communique(readout_from_text("t", LEAD + body))


@pytest.mark.parametrize(
    "body",
    [
        "« Nous sommes prêts », a déclaré le président.",
        "« La paix est possible », ont-ils affirmé.",
        "« Rien n'est exclu », estime-t-il.",
        "« C'est un tournant », a estimé la chancelière.",
        "Le président a déclaré : « Nous sommes prêts ».",
        "Selon l'Élysée, les échanges ont été francs.",
        "Les échanges ont été francs, a indiqué la présidence.",
        "Dans un communiqué, la présidence a salué l'accord.",
    ],
)
def test_a_cited_source_makes_a_press_report(body: str) -> None:
    assert not is_communique(readout_from_text("t", LEAD + body))


def test_a_report_that_does_not_open_in_the_leaders_voice_is_not_official() -> None:
    assert not is_communique(readout_from_text("t", "Emmanuel Macron s'est entretenu avec Joe Biden."))


def _positions(extraction: Extraction) -> list[tuple[str, str, str | None]]:
    return sorted((p.act, p.quote.text, p.attribution) for p in extraction.positions)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_trailing_quoted_word_in_any_encoding_changes_no_position(
    nlp: object, tmp_path: Path, encoding: str
) -> None:
    from graph.extract import extract_doc
    from graph.extract.topics import make_topic_tagger
    from graph.gazetteer import Gazetteer
    from graph.ontology import concepts

    gaz = Gazetteer.default()
    tagger = make_topic_tagger(
        (c.notation, (c.pref_label_en, c.pref_label_fr, *c.alt_labels_fr, *c.alt_labels_en))
        for c in concepts("topics")
    )
    sample = next(SAMPLES.glob("001_*.txt"))
    original = read_text_file(sample)
    text = sample.read_text(encoding="utf-8").rstrip("\n") + "\n\n«€» œuvre\n"
    copy_path = tmp_path / sample.name
    copy_path.write_bytes(text.encode(encoding))
    copy = read_text_file(copy_path)

    def run(readout: object) -> Extraction:
        return extract_doc(nlp(readout.text), readout, gaz, tagger)  # type: ignore[operator, attr-defined]

    before = _positions(run(original))
    after = _positions(run(copy))
    assert any(attribution == "communique_voice" for _, _, attribution in before)
    assert after == before
