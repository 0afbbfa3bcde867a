"""Throughput of a build, measured against the bare spaCy parse of the same texts.

No extractor can be faster than parsing its input, so the benchmark reports the build
as a ratio to that floor rather than as an absolute speed, which depends on the
machine. One run does both, on the same texts and in the same process:

1. the corpus is ``copies`` copies of the bundled sample readouts, written as JSONL with
   distinct ids (``003_6a07b6ffb6b83075-c7``), so the build reads it as a user's dump;
2. both pipelines (plain ``spacy.load`` and diplograph's, with its gazetteer ruler)
   are loaded and warmed up before any clock starts;
3. the bare parse runs first: ``nlp.pipe`` over the cleaned texts, keeping no ``Doc``;
4. the build runs into a fresh on-disk store, with the time it spends in each stage
   (ingest, parse, extract, merge, RDF, SHACL, store) recorded as it goes.

The copies repeat the same texts, so every event of a copy is recognised as the same
event as in each earlier copy: a worst case for the merge step, whose candidates grow
with the number of reports of an event. The report says how many events were merged.

Memory is reported as peak resident set size (``ru_maxrss``) once the models are
loaded and at the end, so growth during the run can be told apart from the models.

Example::

    result = run_benchmark(20)
    print(result.to_text())
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sized
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from graph.errors import EvaluationError, Msg
from graph.records import Readout

if TYPE_CHECKING:
    from graph.pipeline import BuildReport

__all__ = ["STAGES", "BenchResult", "run_benchmark"]

#: The stages a build's time is split into, in pipeline order, with what each covers.
#: "other" is the rest: the pipeline's own glue (batching, merging the batch graphs).
STAGES: Final[Mapping[str, str]] = {
    "ingest": "read, clean and hash the readouts",
    "parse": "spaCy, with the gazetteer ruler",
    "extract": "events, positions, mentions, dates",
    "merge": "the same event across readouts, candidate queries included",
    "rdf": "records to RDF triples",
    "shacl": "SHACL validation",
    "store": "Oxigraph writes and change checks",
    "other": "batching and glue",
}

# (module, function, stage, kind): the functions build_graph looks up when it runs.
# It imports them inside its body, so replacing the module attribute for the length
# of the run times the real build, not a copy of it. "docs" marks the generator of
# (readout, Doc) pairs, whose tokens are counted as they pass. A function that does
# not exist (an older or newer pipeline) is left out and its stage reads zero.
_HOOKS: Final[tuple[tuple[str, str, str, Literal["call", "iter", "docs"]], ...]] = (
    ("graph.ingest", "read_inputs", "ingest", "iter"),
    ("graph.extract", "parse_readouts", "parse", "docs"),
    ("graph.extract", "extract_doc", "extract", "call"),
    ("graph.merge", "link_events", "merge", "call"),
    ("graph.build", "readout_triples", "rdf", "call"),
    ("graph.build", "entity_triples", "rdf", "call"),
    ("graph.build", "extraction_entities", "rdf", "call"),
    ("graph.shapes", "validate", "shacl", "call"),
)

# GraphStore methods charged to the "store" stage. Queries are not: the build queries
# the store only to find merge candidates, and that time belongs to the merge.
_STORE_METHODS: Final = frozenset({"has_readout", "replace_graph", "add_to_graph", "remove_graph", "load", "flush"})

_MIB: Final = 1024 * 1024
_T = TypeVar("_T")


@dataclass(frozen=True)
class BenchResult:
    """The figures of one benchmark run.

    Attributes:
        copies: how many copies of the sample corpus were built.
        documents: readouts built (``copies`` times the number of samples).
        characters: characters of cleaned text parsed, over all readouts.
        n_process: spaCy worker processes.
        batch_size: readouts per batch.
        model: the spaCy model and its version.
        bare_seconds: wall time of the bare parse.
        bare_tokens: spaCy tokens the bare parse produced.
        build_seconds: wall time of the build.
        build_tokens: spaCy tokens of the documents the build parsed.
        stages: exclusive wall time of the build per stage (see :data:`STAGES`),
            empty when the build did not run through the timed functions.
        load_seconds: loading and warming up both pipelines (in neither figure).
        merged: events the build recognised as already reported by an earlier readout.
        triples: quads in the store after the build.
        store_bytes: size of the store on disk.
        peak_rss_loaded: peak RSS of this process once the models were loaded, in bytes.
        peak_rss: peak RSS of this process at the end, in bytes.
        peak_rss_workers: peak RSS of the largest worker process, in bytes, when
            ``n_process > 1``.
        environment: Python, spaCy and platform versions, CPU count.
    """

    copies: int
    documents: int
    characters: int
    n_process: int
    batch_size: int
    model: str
    bare_seconds: float
    bare_tokens: int
    build_seconds: float
    build_tokens: int
    stages: dict[str, float] = field(default_factory=dict)
    load_seconds: float = 0.0
    merged: int = 0
    triples: int = 0
    store_bytes: int = 0
    peak_rss_loaded: int | None = None
    peak_rss: int | None = None
    peak_rss_workers: int | None = None
    environment: str = ""

    @property
    def ratio(self) -> float:
        """Build time over bare parse time: how far the build is from the floor."""
        return self.build_seconds / self.bare_seconds if self.bare_seconds > 0 else float("inf")

    @property
    def docs_per_second(self) -> float:
        """Readouts built per second."""
        return _rate(self.documents, self.build_seconds)

    @property
    def tokens_per_second(self) -> float:
        """spaCy tokens built per second."""
        return _rate(self.build_tokens, self.build_seconds)

    @property
    def bare_docs_per_second(self) -> float:
        """Readouts parsed per second by the bare parse."""
        return _rate(self.documents, self.bare_seconds)

    @property
    def bare_tokens_per_second(self) -> float:
        """spaCy tokens parsed per second by the bare parse."""
        return _rate(self.bare_tokens, self.bare_seconds)

    def to_text(self) -> str:
        """The figures as a short plain-text report, one fact a line."""
        processes = "1 process" if self.n_process == 1 else f"{self.n_process} processes"
        lines = [
            (
                f"diplograph benchmark: {self.copies} copies of the samples = {self.documents} "
                f"readouts, {self.characters:,} characters, {self.bare_tokens:,} spaCy tokens"
            ),
            f"{self.model}; batch size {self.batch_size}, {processes}; {self.environment}",
            f"pipelines loaded and warmed up in {self.load_seconds:.1f} s (not counted below)",
            "",
            f"{'':18}{'seconds':>9}{'readouts/s':>12}{'tokens/s':>11}",
            _row("bare spaCy parse", self.bare_seconds, self.bare_docs_per_second, self.bare_tokens_per_second),
            _row("diplograph build", self.build_seconds, self.docs_per_second, self.tokens_per_second),
            f"ratio build / bare parse: {self.ratio:.2f}",
            "",
        ]
        if self.stages:
            lines.append("build stages (exclusive wall time):")
            for stage, what in STAGES.items():
                seconds = self.stages.get(stage, 0.0)
                share = 100 * seconds / self.build_seconds if self.build_seconds > 0 else 0.0
                lines.append(f"  {stage:8}{seconds:8.2f} s {share:4.0f} %   {what}")
            if self.bare_seconds > 0 and "parse" in self.stages:
                lines.append(
                    f"  parse inside the build / bare parse: {self.stages['parse'] / self.bare_seconds:.2f}"
                )
        else:
            lines.append("build stages: not measured (the build did not run through the timed functions)")
        memory = f"peak RSS: {_mib(self.peak_rss_loaded)} with the pipelines loaded, {_mib(self.peak_rss)} at the end"
        if self.n_process > 1:
            memory += f"; {_mib(self.peak_rss_workers)} (largest worker)"
        merged = (
            f"events merged with an earlier readout's: {self.merged:,} "
            "(the copies repeat the same texts: a worst case for the merge step)"
        )
        lines += [
            merged,
            "",
            memory,
            f"store: {self.triples:,} quads, {self.store_bytes / _MIB:.1f} MiB on disk",
        ]
        return "\n".join(lines)


def run_benchmark(copies: int, *, n_process: int = 1, batch_size: int = 16) -> BenchResult:
    """Build ``copies`` copies of the sample corpus and time it against the bare parse.

    Args:
        copies: how many times to repeat the five sample readouts.
        n_process: spaCy worker processes, for the bare parse and the build alike.
        batch_size: readouts per batch, for the bare parse and the build alike.

    Returns:
        The figures; :meth:`BenchResult.to_text` formats them.

    Raises:
        EvaluationError: B001 when an argument is not a whole number of at least 1.
        DiplographError: the first error of the build when a readout fails (the samples
            should not).
        ExtractError: E001 when the spaCy model is not installed.
    """
    for name, value in (("copies", copies), ("n_process", n_process), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise EvaluationError(Msg.B001, name=name, value=value)

    from graph.ingest import read_inputs
    from graph.nlp import DEFAULT_MODEL, load_bare, load_pipeline, spacy_version
    from graph.pipeline import build_graph
    from graph.resources import samples_dir
    from graph.store import GraphStore

    samples = list(read_inputs([samples_dir()]))
    with tempfile.TemporaryDirectory(prefix="diplograph-bench-") as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        _write_jsonl(corpus, samples, copies)
        warmup = folder / "warmup.jsonl"
        _write_jsonl(warmup, samples[:1], 1)

        started = time.perf_counter()
        bare_nlp = load_bare(DEFAULT_MODEL)
        # Same positional arguments as the build's own call, so the cached pipeline
        # is the one the build uses and its loading stays off the clock.
        load_pipeline(DEFAULT_MODEL, ())
        # A one-readout build loads what the first batch would otherwise pay for:
        # gazetteer, ontology and shapes, pyshacl's imports.
        _check(build_graph([warmup], GraphStore.open()))
        bare_nlp(samples[0].text)
        load_seconds = time.perf_counter() - started
        peak_rss_loaded = _peak_rss("self")

        # The floor first: a generator keeps one batch of texts and Docs alive at a time.
        texts = (r.text for _ in range(copies) for r in samples)
        started = time.perf_counter()
        bare_tokens = sum(len(doc) for doc in bare_nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
        bare_seconds = time.perf_counter() - started

        clock = _StageClock()
        with GraphStore.open(folder / "store") as store:
            with _instrumented(clock):
                started = time.perf_counter()
                report = build_graph(
                    [corpus], _TimedStore(store, clock), batch_size=batch_size, n_process=n_process
                )
                build_seconds = time.perf_counter() - started
            _check(report)
            triples = store.count()
            store_bytes = sum(p.stat().st_size for p in (folder / "store").rglob("*") if p.is_file())

    stages: dict[str, float] = {}
    if clock.calls.get("parse") and clock.calls.get("extract"):
        stages = {stage: clock.seconds.get(stage, 0.0) for stage in STAGES if stage != "other"}
        stages["other"] = max(0.0, build_seconds - sum(stages.values()))
    meta = bare_nlp.meta
    return BenchResult(
        copies=copies,
        documents=report.built,
        characters=copies * sum(len(r.text) for r in samples),
        n_process=n_process,
        batch_size=batch_size,
        model=f"{meta.get('lang', '')}_{meta.get('name', DEFAULT_MODEL)} {meta.get('version', '?')}",
        bare_seconds=bare_seconds,
        bare_tokens=bare_tokens,
        build_seconds=build_seconds,
        build_tokens=clock.tokens or bare_tokens,
        stages=stages,
        load_seconds=load_seconds,
        # a count the build reports since merging across readouts came in
        merged=int(getattr(report, "merged", 0)),
        triples=triples,
        store_bytes=store_bytes,
        peak_rss_loaded=peak_rss_loaded,
        peak_rss=_peak_rss("self"),
        peak_rss_workers=_peak_rss("children") if n_process > 1 else None,
        environment=(
            f"spaCy {spacy_version()}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}, {os.cpu_count() or '?'} CPUs"
        ),
    )


# ------------------------------------------------------------------------ corpus


def _write_jsonl(path: Path, readouts: list[Readout], copies: int) -> None:
    """Write ``copies`` copies of ``readouts`` as JSONL, each copy with its own ids.

    The raw text goes in, leading ``date`` line included, so the build reads, cleans
    and dates each copy exactly as it read the sample file.
    """
    with path.open("w", encoding="utf-8") as out:
        for k in range(copies):
            for r in readouts:
                record: dict[str, str] = {"id": f"{r.id}-c{k}", "text": r.raw, "lang": r.lang}
                if r.source:
                    record["source"] = r.source
                if r.url:
                    record["url"] = r.url
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _check(report: BuildReport) -> None:
    # The samples always build; an error here means the figures would be of a
    # partial corpus, so it is raised rather than averaged in.
    if report.errors:
        raise report.errors[0]


# ------------------------------------------------------------------------ timing


class _StageClock:
    """Exclusive wall time per stage: time spent in a stage nested inside another
    (ingest pulled by the parser's input generator) is charged to the inner one only.

    Only the thread that created the clock is timed: a stage entered from another
    thread would interleave with the stack.
    """

    def __init__(self, timer: Callable[[], float] = time.perf_counter) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.tokens = 0
        self._timer = timer
        self._stack: list[str] = []
        self._mark = timer()
        self._owner = threading.get_ident()

    def _charge(self) -> None:
        now = self._timer()
        if self._stack:
            top = self._stack[-1]
            self.seconds[top] = self.seconds.get(top, 0.0) + (now - self._mark)
        self._mark = now

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if threading.get_ident() != self._owner:
            yield
            return
        self._charge()
        self._stack.append(name)
        self.calls[name] = self.calls.get(name, 0) + 1
        try:
            yield
        finally:
            self._charge()
            self._stack.pop()

    def wrap(self, name: str, fn: Callable[..., _T]) -> Callable[..., _T]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> _T:
            with self.stage(name):
                return fn(*args, **kwargs)

        return timed

    def count_doc(self, item: tuple[Readout, Sized]) -> None:
        """Count the tokens of a parsed ``(readout, Doc)`` pair."""
        self.tokens += len(item[1])

    def wrap_iter(
        self, name: str, fn: Callable[..., Any], on_item: Callable[[Any], None] | None = None
    ) -> Callable[..., Iterator[Any]]:
        """Time a generator function: each step it takes, not the consumer's work between."""

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            with self.stage(name):
                iterator = iter(fn(*args, **kwargs))
            while True:
                with self.stage(name):
                    try:
                        item = next(iterator)
                    except StopIteration:
                        return
                if on_item is not None:
                    on_item(item)
                yield item

        return timed


class _TimedStore:
    """Delegates to a :class:`graph.store.GraphStore`, charging the methods of
    :data:`_STORE_METHODS` to the "store" stage."""

    def __init__(self, store: object, clock: _StageClock) -> None:
        self._store = store
        self._clock = clock

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        return self._clock.wrap("store", attr) if name in _STORE_METHODS else attr


@contextmanager
def _instrumented(clock: _StageClock) -> Iterator[None]:
    """Time the stage functions of :data:`_HOOKS` while the block runs, then restore them."""
    saved: list[tuple[object, str, object]] = []
    try:
        for module_name, attr, stage, kind in _HOOKS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            original = getattr(module, attr, None)
            if original is None:
                continue
            saved.append((module, attr, original))
            if kind == "call":
                timed = clock.wrap(stage, original)
            else:
                timed = clock.wrap_iter(stage, original, clock.count_doc if kind == "docs" else None)
            setattr(module, attr, timed)
        yield
    finally:
        for owner, attr, original in reversed(saved):
            setattr(owner, attr, original)


# ------------------------------------------------------------------------ figures


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def _peak_rss(who: Literal["self", "children"]) -> int | None:
    """Peak resident set size in bytes, or None where ``resource`` does not exist.

    For "children" it covers worker processes that have ended and been waited for,
    which spaCy does when ``nlp.pipe`` finishes.
    """
    try:
        import resource
    except ImportError:  # Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_SELF if who == "self" else resource.RUSAGE_CHILDREN)
    # ru_maxrss is in kibibytes on Linux and in bytes on macOS.
    return int(usage.ru_maxrss) * (1 if sys.platform == "darwin" else 1024)


def _row(label: str, seconds: float, docs_per_second: float, tokens_per_second: float) -> str:
    return f"{label:18}{seconds:9.2f}{docs_per_second:12.1f}{tokens_per_second:11,.0f}"


def _mib(value: int | None) -> str:
    return "n/a" if value is None else f"{value / _MIB:,.0f} MiB"
