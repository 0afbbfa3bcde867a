"""The whole build: readouts in, a validated graph in the store out.

``build_graph`` streams: readouts are read, parsed, extracted, turned into RDF, validated
and stored batch by batch, so memory follows the batch size, not the corpus. A readout
already in the store with the same text and the same metadata (content hash, date,
source, URL, language, origin) is skipped, so building the same input again changes
nothing and a new readout is added without rebuilding the rest; a readout given another
date or source (``build --date``) is rebuilt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import DiplographError, ExtractError, Msg, OntologyError
from graph.records import Extraction, PartialDate, Readout
from graph.store_base import Store

if TYPE_CHECKING:
    from rdflib import Graph

    from graph.merge import Candidate


@dataclass
class BuildReport:
    """What a build did."""

    read: int = 0
    built: int = 0
    unchanged: int = 0
    errors: list[DiplographError] = field(default_factory=list)
    # built, but worth a look: a readout from which no call or meeting came out (E008)
    warnings: list[DiplographError] = field(default_factory=list)
    seconds: float = 0.0
    tokens: int = 0
    merged: int = 0  # events recognised as already reported by another readout
    doc_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def extract_readouts(
    readouts: Iterable[Readout],
    *,
    gazetteer_dirs: Sequence[Path] = (),
    model: str | None = None,
    models: Mapping[str, str] | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    on_error: Callable[[DiplographError], None] | None = None,
    on_warning: Callable[[DiplographError], None] | None = None,
    piece_chars: int | None = None,
) -> Iterator[Extraction]:
    """Parse and extract readouts, in order (no store involved). A readout whose extraction
    fails is reported to ``on_error`` (raised when there is none) and skipped. A readout
    longer than ``piece_chars`` (:data:`graph.extract.PIECE_CHARS` by default) is parsed
    in pieces (:func:`graph.extract.parse_readouts`).

    Each readout is parsed by the model of its language's pack (``graph/lang/CODE``), or
    the model ``models`` gives its language, or ``model`` when one is given, and extracted
    with that pack; a run of readouts in the same language shares one pipeline. A readout
    in a language no pack holds is reported (``L003``) and skipped. A readout from which
    no call or meeting comes out is yielded and told to ``on_warning`` (``E008``): a build
    never goes silently empty.

    Raises:
        ExtractError: ``E001`` when the model a readout needs is not installed (the build
            stops, as no readout in that language could be built).
    """
    from graph.extract import PIECE_CHARS, extract_doc, parse_readouts
    from graph.extract.topics import make_topic_tagger
    from graph.gazetteer import load_cached
    from graph.lang import codes, normalize
    from graph.lang import pack as language_pack
    from graph.nlp import load_pipeline
    from graph.ontology import concepts

    # the model is loaded once there is a readout to parse: a build whose readouts are
    # all refused or unchanged needs none, and says so in a second rather than after it
    pending = iter(readouts)
    first = next(pending, None)
    if first is None:
        return
    gaz = load_cached(gazetteer_dirs)
    dirs = tuple(str(d) for d in gazetteer_dirs)
    chosen = {normalize(k): v for k, v in (models or {}).items()}
    tagger = make_topic_tagger(
        (c.notation, (c.pref_label_en, c.pref_label_fr, *c.alt_labels_fr, *c.alt_labels_en))
        for c in concepts("topics")
    )
    for code, run in groupby(chain([first], pending), key=lambda r: normalize(r.lang)):
        try:
            lang = language_pack(code)
        except ExtractError as exc:
            if exc.code != "L001":
                raise  # a broken pack is the installation's fault, not the readout's
            for readout in run:
                err = ExtractError(Msg.L003, doc=readout.origin or readout.id, lang=readout.lang,
                                   known=", ".join(codes()))
                if on_error is None:
                    raise err from exc
                on_error(err)
            continue
        nlp = load_pipeline(chosen.get(lang.code) or model, dirs, lang=lang.code)
        parsed = parse_readouts(nlp, run, batch_size=batch_size, n_process=n_process,
                                piece_chars=PIECE_CHARS if piece_chars is None else piece_chars)
        for readout, doc in parsed:
            try:
                ex = extract_doc(doc, readout, gaz, tagger)
            except Exception as exc:
                err = ExtractError(Msg.E003, doc=readout.origin or readout.id, detail=f"{type(exc).__name__}: {exc}")
                if on_error is None:
                    raise err from exc
                on_error(err)
                continue
            finally:
                del doc  # not kept while the caller builds the graph: a long readout's Doc is large
            if on_warning is not None and not any(ev.main for ev in ex.events):
                on_warning(ExtractError(Msg.E008, doc=readout.origin or readout.id, lang=lang.code,
                                        mentions=len(ex.mentions), positions=len(ex.positions)))
            yield ex


def build_graph(
    inputs: Sequence[Path | str],
    store: Store,
    *,
    date: PartialDate | None = None,
    source: str | None = None,
    gazetteer_dirs: Sequence[Path] = (),
    model: str | None = None,
    models: Mapping[str, str] | None = None,
    lang: str | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    validate: bool = True,
    force: bool = False,
    on_error: Callable[[DiplographError], None] | None = None,
    on_warning: Callable[[DiplographError], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    max_chars: int | None = None,
    piece_chars: int | None = None,
) -> BuildReport:
    """Build the graph of ``inputs`` (files, folders, JSONL) into ``store``.

    Args:
        inputs: files, folders or ``.jsonl`` files of readouts.
        store: the store to build into, such as a :class:`graph.store.GraphStore`.
        date: publication date for readouts that carry none.
        source: source name for readouts that carry none (e.g. "Élysée").
        model: the spaCy model of every language (each language pack's own when ``None``).
        models: the spaCy model of a language, by code (``{"en": "en_core_web_sm"}``).
        lang: the language of readouts whose record names none (told from each text
            when ``None``).
        gazetteer_dirs: folders of the user's own gazetteer entries.
        validate: run the SHACL shapes on every batch before storing it.
        force: rebuild readouts even when the store holds them with the same text and
            metadata (for instance after a change of the gazetteer).
        on_error: called with each bad input; the build goes on.
        on_warning: called with what a build should not keep quiet about: a readout
            from which no call or meeting came out (``E008``, also in
            ``BuildReport.warnings``); it is built.
        on_progress: called after each readout with the number done so far: built,
            unchanged or failed (see :func:`graph.ingest.count_inputs` for the total).
        max_chars: the longest readout built, in characters
            (:data:`graph.ingest.DEFAULT_MAX_CHARS` when ``None``); a longer one is
            refused with ``I014`` before it is cleaned or parsed, and the build goes on.
        piece_chars: readouts longer than this are parsed in pieces of at most this many
            characters, joined back into one document (:data:`graph.extract.PIECE_CHARS`
            when ``None``); memory follows the piece size, not the readout's length.

    Raises:
        ExtractError: ``E006`` when ``max_chars`` or ``piece_chars`` is smaller than 1.

    A readout that cannot be read, whose extraction fails, or whose graph breaks the SHACL
    shapes is reported to ``on_error`` (and in ``BuildReport.errors``) and left out; the
    others are built.
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
    from graph.ingest import DEFAULT_MAX_CHARS, read_inputs
    from graph.merge import Seen, candidates_from_rows, link_events
    from graph.ontology import ontology_graph
    from graph.query import run_query
    from graph.shapes import validate as shacl_validate

    limit = DEFAULT_MAX_CHARS if max_chars is None else max_chars
    for name, value in (("max_chars", limit), ("piece_chars", piece_chars)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ExtractError(Msg.E006, name=name, value=value)

    report = BuildReport()
    t0 = time.perf_counter()

    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if on_progress is not None:
            on_progress(done)

    def bad(err: DiplographError) -> None:
        report.errors.append(err)
        if on_error is not None:
            on_error(err)

    def bad_input(err: DiplographError) -> None:
        # a readout or record that cannot be read is one input done; a path that holds
        # none (missing, or a folder with nothing to read) is not
        bad(err)
        if err.code not in _NO_READOUT:
            tick()

    def bad_extraction(err: DiplographError) -> None:
        bad(err)
        tick()

    gaz = load_cached(gazetteer_dirs)
    # replaced, not added to: the ontology has blank nodes (OWL lists), which a second
    # add would duplicate
    store.replace_graph(str(ONTOLOGY_GRAPH), ontology_graph())

    def todo() -> Iterator[Readout]:
        for r in read_inputs(inputs, date=date, source=source, lang=lang, on_error=bad_input, max_chars=limit):
            report.read += 1
            report.doc_ids.append(r.id)
            if not force and _stored_as_is(store, r):
                report.unchanged += 1
                tick()
                continue
            yield r

    batch: list[Extraction] = []

    # Candidates are read from the store once per pair of leaders and build: what this
    # build adds is in `seen`, which link_events keeps across batches.
    cached: dict[tuple[str, str], list[dict[str, Any]]] = {}
    seen = Seen()

    def lookup(participants: list[str], doc_id: str) -> list[Candidate]:
        pair = (participants[0], participants[1])
        if pair not in cached:
            cached[pair] = run_query(
                store, name="merge-candidates", params={"participant": f"<{pair[0]}>", "other": f"<{pair[1]}>"}
            ).rows
        return candidates_from_rows(cached[pair], exclude_doc=doc_id)

    def flush() -> None:
        if not batch:
            return
        report.merged += link_events(batch, lookup, entity_iri, event_iri, seen=seen)
        docs = [(ex, readout_triples(ex)) for ex in batch]
        entities = entity_triples((e for ex in batch for e in extraction_entities(ex)), gaz)
        if validate:
            # each readout on its own: two readouts may give one merged event two dates;
            # one that breaks the shapes is reported and left out, the others are stored
            valid = []
            for ex, g in docs:
                try:
                    _validate_with(g, entities, shacl_validate)
                except OntologyError as err:
                    bad(err)
                    continue
                valid.append((ex, g))
            docs = valid
        store.add_to_graph(str(ENTITIES_GRAPH), entities)
        for ex, g in docs:
            store.replace_graph(str(doc_graph_iri(ex.readout.id)), g)
            report.built += 1
        batch.clear()

    def warn(err: DiplographError) -> None:
        report.warnings.append(err)
        if on_warning is not None:
            on_warning(err)

    for ex in extract_readouts(todo(), gazetteer_dirs=gazetteer_dirs, model=model, models=models,
                               batch_size=batch_size, n_process=n_process, on_error=bad_extraction,
                               on_warning=warn, piece_chars=piece_chars):
        batch.append(ex)
        report.tokens += len(ex.readout.text.split())
        tick()
        if len(batch) >= batch_size:
            flush()
    flush()
    store.flush()
    report.seconds = time.perf_counter() - t0
    return report


def _validate_with(g: Graph, entities: Graph, validate: Callable[[Graph], None]) -> None:
    """``validate(g + entities)`` without the copy of ``g`` that ``+`` makes, which for a
    long readout is as large as its graph: the entity statements ``g`` lacks are added for
    the validation and taken out again, so ``g`` ends as it was."""
    added = [t for t in entities if t not in g]
    for t in added:
        g.add(t)
    try:
        validate(g)
    finally:
        for t in added:
            g.remove(t)


# Ingest errors about a path that holds no readout, which count_inputs counts as none.
_NO_READOUT = frozenset({"I001", "I009"})


@lru_cache(maxsize=1)
def _record_predicates() -> frozenset[str]:
    """What the build writes about a readout from its record alone
    (:func:`graph.build.readout_triples` of a readout with nothing extracted); the other
    statements about it (mentions, topics, events) come from its text, which the content
    hash covers."""
    from rdflib.namespace import DCTERMS, RDF

    from graph.vocab import DG, SCHEMA

    return frozenset(
        str(p)
        for p in (RDF.type, DCTERMS.identifier, DG.contentHash, DCTERMS.language, SCHEMA.datePublished,
                  DCTERMS.source, SCHEMA.url, DG.origin)
    )


def _stored_as_is(store: Store, readout: Readout) -> bool:
    """Whether the store holds ``readout`` built from the same text and the same metadata.

    The content hash covers the text; the date, source, URL, language and origin come
    from the file or from the build's options (``--date``, ``--source``) and go into the
    readout's graph too (the date also decides which titles a leader held), so a change
    of any of them is a changed readout.
    """
    from graph.build import readout_triples
    from graph.store import to_ox

    held = store.readout_description(readout.id)
    if not held:
        return False
    wanted = {(to_ox(p), to_ox(o)) for _, p, o in readout_triples(Extraction(readout=readout))}
    record = _record_predicates()
    return wanted == {(p, o) for p, o in held if p.value in record}
