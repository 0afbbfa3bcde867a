"""The order of the extractors: each declares what it needs and provides, and a pipeline
that runs one before what it needs is refused with a coded error, also under
``python -O`` (no ``assert`` does the checking)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from graph.errors import ExtractError
from graph.extract import DEFAULT_PIPELINE, Context, extract_doc, registry
from graph.gazetteer import Gazetteer
from graph.ingest import readout_from_text
from graph.records import Readout

TEXT = "Emmanuel Macron a appelé Vladimir Poutine."
WORDS = ["Emmanuel", "Macron", "a", "appelé", "Vladimir", "Poutine", "."]

# (pipeline, the extractor refused, what it misses)
WRONG_ORDERS = [
    (("mentions.v1", "dates.v1"), "mentions.v1", "dates"),
    (("dates.v1", "events.v1", "mentions.v1"), "events.v1", "mentions"),
    (("dates.v1", "mentions.v1", "positions.v1", "events.v1"), "positions.v1", "events"),
    (("topics.v1", *DEFAULT_PIPELINE), "topics.v1", "positions"),
    (("dates.v1", "mentions.v1", "events.v1", "topics.v1", "positions.v1"), "topics.v1", "positions"),
]


def _readout() -> Readout:
    return readout_from_text("t", TEXT)


def _doc() -> Doc:
    # a hand-made Doc with its sentence set: no language data or model to load
    spaces = [True] * 5 + [False, False]
    doc = Doc(Vocab(), words=WORDS, spaces=spaces, sent_starts=[True] + [False] * 6)
    assert doc.text == TEXT
    return doc


def _no_topics(text: str) -> list[str]:
    return []


@pytest.fixture
def own_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Extractors registered by a test are gone after it."""
    monkeypatch.setattr(registry, "_items", dict(registry._items))
    yield


def test_the_default_pipeline_is_in_order() -> None:
    stages = registry.stages(DEFAULT_PIPELINE)
    assert [s.name for s in stages] == list(DEFAULT_PIPELINE)
    assert stages[0].needs == frozenset()


def test_every_built_in_extractor_declares_what_it_provides() -> None:
    for name in DEFAULT_PIPELINE:
        assert registry.stage(name).provides, name


@pytest.mark.parametrize(("pipeline", "refused", "missing"), WRONG_ORDERS)
def test_a_wrong_order_is_refused_before_anything_runs(
    pipeline: tuple[str, ...], refused: str, missing: str
) -> None:
    with pytest.raises(ExtractError) as info:
        extract_doc(_doc(), _readout(), Gazetteer.default(), _no_topics, pipeline=pipeline)
    err = info.value
    assert err.code == "E004"
    assert (err.values["name"], err.values["missing"]) == (refused, missing)
    assert err.values["providers"] == f"{missing}.v1"  # names the extractor to put first
    assert refused in str(err) and ", ".join(pipeline) in str(err)


def test_an_unknown_extractor_is_refused_before_anything_runs(own_registry: None) -> None:
    ran: list[str] = []

    @registry.register("probe.v1")
    def _probe(ctx: Context) -> None:
        ran.append(ctx.stage)

    with pytest.raises(ExtractError) as info:
        extract_doc(_doc(), _readout(), Gazetteer.default(), _no_topics, pipeline=("probe.v1", "nope.v1"))
    assert info.value.code == "E002"
    assert ran == []


def test_an_outside_extractor_declares_its_needs_like_a_built_in_one(own_registry: None) -> None:
    seen: list[int] = []

    @registry.register("count-mentions.v1", needs=("mentions",), provides=("mention-count",))
    def _count(ctx: Context) -> None:
        seen.append(len(ctx.mention_index().mentions))

    with pytest.raises(ExtractError) as info:
        registry.stages(("count-mentions.v1", "dates.v1", "mentions.v1"))
    assert info.value.code == "E004"
    assert info.value.values["providers"] == "mentions.v1"
    extract_doc(_doc(), _readout(), Gazetteer.default(), _no_topics,
                pipeline=("dates.v1", "mentions.v1", "count-mentions.v1"))
    assert len(seen) == 1


def test_a_need_no_extractor_provides_is_named(own_registry: None) -> None:
    registry.register("needs-quotes.v1", needs=("quotes",))(lambda ctx: None)
    with pytest.raises(ExtractError) as info:
        registry.stages(("needs-quotes.v1",))
    assert info.value.values["providers"] == "none"


def test_a_stage_that_provides_nothing_it_declared_is_a_coded_error(own_registry: None) -> None:
    # declares "mentions" but leaves ctx.index unset: events.v1 says so instead of failing
    # on None further down
    registry.register("lazy-mentions.v1", needs=("dates",), provides=("mentions",))(lambda ctx: None)
    with pytest.raises(ExtractError) as info:
        extract_doc(_doc(), _readout(), Gazetteer.default(), _no_topics,
                    pipeline=("dates.v1", "lazy-mentions.v1", "events.v1"))
    assert info.value.code == "E005"
    assert info.value.values["name"] == "events.v1"


# Run by ``python -O``: the same checks extract_doc makes, without loading spaCy (which
# takes seconds), so the test stays fast.
_UNDER_O = """
import json, sys
from graph.errors import ExtractError
from graph.extract import Context, registry

assert False, "this script must run under python -O"  # a no-op there
found = []
for pipeline in json.loads(input()):
    try:
        registry.stages(pipeline)
        found.append(None)
    except ExtractError as err:
        found.append([err.code, err.values["name"]])
ctx = Context(doc=None, readout=None, gazetteer=None, resolver=None, topic_tagger=None,
              extraction=None, stage="events.v1")
try:
    ctx.mention_index()
    found.append(None)
except ExtractError as err:
    found.append([err.code, err.values["name"]])
print(json.dumps([__debug__, "spacy" in sys.modules, found]))
"""


def test_the_order_is_enforced_under_python_dash_o() -> None:
    done = subprocess.run(
        [sys.executable, "-O", "-c", _UNDER_O],
        input=json.dumps([list(p) for p, _, _ in WRONG_ORDERS]),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    debug, spacy_loaded, found = json.loads(done.stdout)
    assert debug is False  # asserts were really off
    assert not spacy_loaded
    want = [["E004", refused] for _, refused, _ in WRONG_ORDERS] + [["E005", "events.v1"]]
    assert found == want
