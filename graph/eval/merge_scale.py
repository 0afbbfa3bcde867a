"""One event reported by many readouts: the corpus that measures queries under merging.

Merging the same call across sources makes one event node whose statements (type,
status, participants, date…) are repeated in the named graph of every readout that
reports it. Queries run over the union of the named graphs, where such a triple comes
once per graph that holds it, so a query over merged events must stay linear in the
number of reports. This module makes that corpus:

- :func:`write_press_jsonl` writes the Élysée readout of the Macron-Putin call of
  9 February 2018 (a bundled sample) and ``reports - 1`` press copies of the bundled
  press report quoting it, as JSONL: each copy with its own id, source and
  publication date, so the build merges every copy into the Élysée readout's event;
- :func:`build_replicated` stores what the build would store for that corpus without
  parsing every copy: the first three readouts are parsed, extracted and merged as
  the build does, and the third one's extraction stands for every later copy (the
  same text gives the same extraction; only the readout's own metadata differ).

:func:`graph.pipeline.build_graph` on the JSONL file is the real path; the test suite
checks that both paths store the same graphs.

Example::

    store = GraphStore.open()
    readouts = write_press_jsonl(Path("press.jsonl"), 400)
    build_replicated(Path("press.jsonl"), store)
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from graph.records import Extraction
from graph.resources import samples_dir
from graph.store_base import Store

__all__ = ["PRESS_SAMPLE", "SEED_ID", "SEED_SAMPLE", "build_replicated", "press_id", "write_press_jsonl"]

SEED_SAMPLE: Final = "001_d0ca1620de0d83e2"
"""The Élysée readout of the call: the first report, whose event IRI the copies reuse."""

PRESS_SAMPLE: Final = "002_0f59d098f312117c"
"""A press report quoting the Élysée readout of the same call."""

SEED_ID: Final = "seed-001"

#: How many readouts are parsed before the last one's extraction is replicated: the
#: seed, a first copy (which merges with the seed) and a second copy (which merges
#: with both and is the template of every later copy).
_PARSED: Final = 3


def press_id(k: int) -> str:
    """The document id of the ``k``-th press copy (1-based)."""
    return f"press-{k:04d}"


def write_press_jsonl(path: Path, reports: int) -> list[str]:
    """Write the seed readout and ``reports - 1`` press copies as JSONL.

    Args:
        path: the JSONL file to write.
        reports: how many readouts report the call, the seed included (at least 1).

    Returns:
        The document ids, in file order.
    """
    if reports < 1:
        raise ValueError(f"reports must be at least 1, not {reports}")
    folder = samples_dir()
    seed = (folder / f"{SEED_SAMPLE}.txt").read_text(encoding="utf-8")
    press = (folder / f"{PRESS_SAMPLE}.txt").read_text(encoding="utf-8")
    # the press sample opens with its own "date 2018-02" line, which would win over the
    # record's date: each copy gets a publication date of its own instead
    first, _, rest = press.lstrip().partition("\n")
    if first.lower().startswith("date"):
        press = rest
    ids = [SEED_ID]
    with path.open("w", encoding="utf-8") as out:
        record = {"id": SEED_ID, "text": seed, "date": "2018-02-09", "source": "Élysée"}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for k in range(1, reports):
            ids.append(press_id(k))
            record = {
                "id": press_id(k),
                "text": press,
                "date": f"2018-02-{10 + (k - 1) % 19:02d}",
                "source": f"Press agency {k}",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return ids


def build_replicated(jsonl: Path, store: Store, *, model: str | None = None) -> int:
    """Store the graphs the build would store for ``jsonl``, parsing three readouts only.

    Args:
        jsonl: a file :func:`write_press_jsonl` wrote.
        store: the store to write into (it should hold nothing else).
        model: the spaCy model; the build's default when None.

    Returns:
        The number of readouts stored.

    Raises:
        DiplographError: a readout cannot be read or extracted.
    """
    from graph.build import (
        ENTITIES_GRAPH,
        ONTOLOGY_GRAPH,
        doc_graph_iri,
        entity_iri,
        entity_triples,
        event_iri,
        extraction_entities,
        readout_triples,
    )
    from graph.gazetteer import load_cached
    from graph.ingest import read_inputs
    from graph.merge import link_events
    from graph.ontology import ontology_graph
    from graph.pipeline import extract_readouts

    readouts = list(read_inputs([jsonl]))
    # with no on_error, a readout that fails to extract raises
    parsed: Sequence[Extraction] = list(extract_readouts(readouts[:_PARSED], model=model))
    link_events(list(parsed), lambda participants, doc: [], entity_iri, event_iri)
    store.replace_graph(str(ONTOLOGY_GRAPH), ontology_graph())
    store.add_to_graph(
        str(ENTITIES_GRAPH), entity_triples((e for ex in parsed for e in extraction_entities(ex)), load_cached())
    )
    template = parsed[-1]
    for n, readout in enumerate(readouts):
        ex = parsed[n] if n < len(parsed) else dataclasses.replace(template, readout=readout)
        store.replace_graph(str(doc_graph_iri(readout.id)), readout_triples(ex))
    store.flush()
    return len(readouts)
