"""Developer tools: scoring a built graph against hand annotations, and the benchmark.

Nothing in the build, store, query or view path imports this package; ``diplograph
evaluate`` and ``diplograph bench`` import it when they run. Its modules, in the
order an evaluation uses them:

- :mod:`graph.eval.gold`: reading the gold JSON (the bundled sample gold included);
- :mod:`graph.eval.system`: system rows from a store or from SPARQL JSON results;
- :mod:`graph.eval.names`: comparing leaders, countries and free-text labels;
- :mod:`graph.eval.matching`: one-to-one pairing, people, quotes and dates;
- :mod:`graph.eval.metrics`: TP/FP/FN counts and the figures they give;
- :mod:`graph.eval.scoring`: scoring each document, and :func:`evaluate`;
- :mod:`graph.eval.report`: the report as text or JSON;
- :mod:`graph.eval.bench`: the build's throughput against a bare spaCy parse.
- :mod:`graph.eval.merge_scale`: one call reported by many readouts, to measure queries
  over merged events.

The system side is read only through the three contract queries (``events``,
``positions``, ``mentions``), so any graph built with ``diplograph build`` — or any
other tool that writes the same SPARQL JSON results — can be scored. The gold side is
one JSON file per readout, in the format the gold folder's README describes.

Everything is counted as true positives (TP), false positives (FP) and false
negatives (FN) per document, then summed over documents (micro-average) before
precision, recall and F1 are computed. A :class:`Score` with nothing to count
(no gold item, no system item) has no figures (``None``), not a perfect one.

What is compared
----------------
*Main events* (gold ``main: true`` against system rows with ``main`` true):

- **participants**: per document, the union of the participants of its main events.
  Leaders match by Wikidata QID when both sides have one, else by normalized English
  name (case-folded, accents and punctuation removed). Unnamed participants
  (gold ``participants_unnamed``) are not scored: no label could match them.
- **type**: gold and system main events are paired one-to-one (most shared
  participants first); a pair counts when the class local names agree (gold
  ``Other`` is ``OtherEvent``).
- **date**: gold ``date`` is used, never ``date_external``: ``date`` holds what the text
  (plus the publication date) supports, which is all an extractor can know, while
  ``date_external`` comes from outside knowledge. A pair is *exact* when the strings
  are equal (both absent counts as exact), *compatible* when one period contains the
  other (``2018-02`` and ``2018-02-09``), and *invented* when the system gives a date
  where the gold has none, or a more precise one than the gold (``2018-02-09`` for
  ``2018-02``): the extractor claimed more than the text says.
- **initiator**: ``(document, initiator)`` pairs; the system initiator is a label,
  given the QID of the participant of the same event that carries that label.

*Referenced events* (``main`` false) are matched leniently, because the gold often
describes them with little more than a type. A gold and a system event may pair when
they have the same type, their participant sets are not disjoint (when both have
participants) and their dates are compatible (when both have dates). Among allowed
pairs the one-to-one assignment is greedy: most shared participants first, then
compatible dates, then equal status, then document order. Scored: the pairing itself
(``ref events``), pairs with equal status (``ref status``), and pairs with equal,
present dates (``ref date``, where every dated system event outside such a pair is
an FP and every dated gold event an FN). Invented dates are counted on pairs.

*Mentions*, per document and kind:

- **countries**: gold English names against ``mentions`` rows of kind ``Country``.
  Names become ISO 3166 alpha-3 codes through the gazetteer's country names and
  aliases (``ontology/gazetteer/countries.tsv``, ISO 3166 names included), so "United
  States" matches "United States of America" and "UK"; names it does not know are
  compared normalized.
- **leaders**: gold ``leaders`` (name and QID) against kind ``Leader``, as above.
- **organizations** and **places** (secondary: the gold labels are free text such as
  "APEC (Asia-Pacific Economic Cooperation)"). Each label gives aliases: the whole
  label, the label without its parenthesised part, and the parenthesised part. Two
  labels match, best first, when an alias is equal, when two aliases have the same
  words once a few abbreviations are written out ("UN Security Council"), when one
  alias is the acronym of another ("OPCW" and "Organisation for the Prohibition of
  Chemical Weapons"), or when the words of one alias are all words of another
  ("Élysée" and "Élysée Palace", "Ghouta" and "Eastern Ghouta"). Matching is
  one-to-one, best score first.

*Positions*: system rows grouped by ``position`` (one speaker a row). A system and a
gold position match when their ``[start, end)`` character spans overlap; when either
span is missing, when the normalized quotes share at least 20 characters (or the
whole shorter quote). Matching is one-to-one, largest overlap first. Scored:
``positions found`` (the match), ``+ right speaker`` (the speaker sets are equal,
leaders compared as above) and ``+ right act`` (right speaker and the same act). Gold
positions marked ``duplicate_of`` count in the main figures; the ``(no duplicates)``
figures merge each duplicate into its original: the merged item is found when any
member is, and a second system position for the same merged item is neither right
nor wrong.

Example::

    report = evaluate(bundled_gold_dir(), rows_from_store(Path("out/store")))
    print(report.to_text())
"""

from __future__ import annotations

from graph.eval.bench import STAGES, BenchResult, run_benchmark
from graph.eval.gold import GoldDoc, GoldEvent, GoldPosition, bundled_gold_dir, load_gold, load_gold_file
from graph.eval.metrics import ACCEPTANCE, METRICS, DateTally, Issue, Score
from graph.eval.names import Person, country_key, label_match_score, normalize_name
from graph.eval.report import Report
from graph.eval.scoring import evaluate
from graph.eval.system import SystemRows, rows_from_json, rows_from_store

__all__ = [
    "ACCEPTANCE",
    "METRICS",
    "STAGES",
    "BenchResult",
    "DateTally",
    "GoldDoc",
    "GoldEvent",
    "GoldPosition",
    "Issue",
    "Person",
    "Report",
    "Score",
    "SystemRows",
    "bundled_gold_dir",
    "country_key",
    "evaluate",
    "label_match_score",
    "load_gold",
    "load_gold_file",
    "normalize_name",
    "rows_from_json",
    "rows_from_store",
    "run_benchmark",
]
