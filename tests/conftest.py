"""Shared fixtures. The sample graph is built once per session: building loads the spaCy
model, which takes seconds, so tests that need it are marked ``slow``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]

# The fuzz tests are deterministic: the same examples on every run and every machine
# (derandomize), a bounded number of them, no example database written into the
# checkout, and no deadline (the first example of a test pays for imports).
# HYPOTHESIS_PROFILE=deep explores more, with fresh random examples each run.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("deep", max_examples=2000, deadline=None, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """An on-disk store holding the graph of the five bundled sample readouts."""
    from graph.pipeline import build_graph
    from graph.resources import samples_dir
    from graph.store import GraphStore

    path = tmp_path_factory.mktemp("sample") / "store"
    store = GraphStore.open(path)
    report = build_graph([samples_dir()], store)
    assert report.ok and report.built == 5, report.errors
    yield store
    store.close()


@pytest.fixture(scope="session")
def nlp() -> object:
    from graph.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp: object) -> object:
    """A function (text, date=None, source=None) -> Extraction, with the real model."""
    from graph.extract import extract_doc
    from graph.extract.topics import make_topic_tagger
    from graph.gazetteer import Gazetteer
    from graph.ingest import readout_from_text
    from graph.ontology import concepts
    from graph.records import PartialDate

    gaz = Gazetteer.default()
    tagger = make_topic_tagger(
        (c.notation, (c.pref_label_en, c.pref_label_fr, *c.alt_labels_fr, *c.alt_labels_en))
        for c in concepts("topics")
    )

    def run(text: str, date: str | None = None, source: str | None = None) -> object:
        r = readout_from_text("t", text, date=PartialDate.parse(date) if date else None, source=source)
        doc = nlp(r.text)  # type: ignore[operator]
        return extract_doc(doc, r, gaz, tagger)

    return run


#: How every browser test starts Chromium: headless, without the browser's own traffic
#: (updates, sync, background requests), so what the network log holds is the page's.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,800",
]


def _find(names: list[str], what: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        f"{what} not found on PATH (looked for {', '.join(names)}): install it to run the browser tests"
    )


@pytest.fixture(scope="session")
def chromium() -> Callable[..., Any]:
    """A function (profile folder, *extra flags) -> a Selenium driver of headless Chromium
    with a fresh profile, logging the network (performance) and the console (browser).
    A missing Chromium or chromedriver fails the test: it is never skipped."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    def start(profile: Path, *extra: str) -> Any:
        options = Options()
        options.binary_location = _find(["chromium", "chromium-browser", "google-chrome"], "Chromium")
        for flag in [*CHROMIUM_FLAGS, *extra]:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        browser = webdriver.Chrome(service=Service(executable_path=_find(["chromedriver"], "chromedriver")),
                                   options=options)
        browser.set_page_load_timeout(15)
        return browser

    return start
