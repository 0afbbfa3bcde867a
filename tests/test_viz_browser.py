"""The HTML page really draws, offline, in headless Chromium, and hostile text stays text."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from graph.viz import to_view, write_html

pytestmark = pytest.mark.browser

ID = "https://w3id.org/diplograph/id/"
HOSTILE_LABEL = '<img src=x onerror="window.__pwned=1">'
HOSTILE_QUOTE = '</script><script>window.__pwned=2</script> <a href="https://evil.example/">href</a>'
HOSTILE_TITLE = "<script>window.__pwned=3</script>"

TRIG = """
@prefix dg: <https://w3id.org/diplograph/ontology#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix g: <https://w3id.org/diplograph/id/graph/> .
@prefix leader: <https://w3id.org/diplograph/id/leader/> .
@prefix country: <https://w3id.org/diplograph/id/country/> .
@prefix readout: <https://w3id.org/diplograph/id/readout/> .
@prefix event: <https://w3id.org/diplograph/id/event/> .
@prefix position: <https://w3id.org/diplograph/id/position/> .
@prefix topic: <https://w3id.org/diplograph/scheme/topic/> .
@prefix act: <https://w3id.org/diplograph/scheme/act/> .

g:ontology { topic:syrian-war skos:notation "syrian-war" ; skos:prefLabel "Syrian war"@en . }
g:entities {
  leader:Q3052772 a dg:Leader ; rdfs:label "Emmanuel Macron"@en ; dg:country country:FRA .
  leader:Q7747 a dg:Leader ; rdfs:label "Vladimir Putin"@en ; dg:country country:RUS .
  leader:x-hostile a dg:Leader ; rdfs:label "{{label}}" ; dg:inGazetteer false .
  country:FRA a dg:Country ; rdfs:label "France"@en .
  country:RUS a dg:Country ; rdfs:label "Russia"@en .
}
g:doc-d1 {
  readout:d1 a dg:Readout ; dcterms:identifier "d1" ; dg:reports event:d1-e1 .
  event:d1-e1 a dg:PhoneCall ; sem:hasActor leader:Q3052772, leader:Q7747, leader:x-hostile ;
      dg:initiator leader:Q7747 ; sem:hasTimeStamp "2017-11-21"^^xsd:date ;
      prov:wasDerivedFrom readout:d1 .
  position:d1-p1 a dg:Position ; dg:speaker leader:Q7747 ; dg:act act:inform ;
      dg:addressee leader:Q3052772 ; dg:topic topic:syrian-war ; dg:quote "{{quote}}" ;
      dg:madeIn event:d1-e1 ; prov:wasDerivedFrom readout:d1 .
  position:d1-p2 a dg:Position ; dg:speaker leader:x-hostile ; dg:act act:stress ;
      dg:topic topic:syrian-war ; dg:quote "Rien à signaler." ;
      dg:madeIn event:d1-e1 ; prov:wasDerivedFrom readout:d1 .
}
""".replace("{{label}}", HOSTILE_LABEL.replace('"', '\\"')).replace(
    "{{quote}}", HOSTILE_QUOTE.replace('"', '\\"')
)

@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(input=TRIG, format=pyoxigraph.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def driver(chromium: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def page(store: pyoxigraph.Store, driver: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_html(store, tmp_path_factory.mktemp("page") / "graph.html", title=HOSTILE_TITLE)
    driver.get_log("performance")  # drop what the start-up page logged: only this page counts
    driver.get(path.as_uri())
    deadline = time.monotonic() + 10
    while driver.execute_script("return document.body && document.body.getAttribute('data-drawn')") != "true":
        if time.monotonic() > deadline:
            pytest.fail("the page did not draw within 10 s")
        time.sleep(0.1)
    return path


def test_network_draws_every_node(page: Path, driver: Any, store: pyoxigraph.Store) -> None:
    expected = len(to_view(store)["nodes"])
    assert driver.execute_script("return network.body.data.nodes.length") == expected
    drawn = driver.execute_script("return Object.keys(network.body.nodes).length")
    assert drawn >= expected


def test_canvas_is_not_blank(page: Path, driver: Any) -> None:
    inked = driver.execute_script(
        """
        var canvas = document.querySelector('#mynetwork canvas');
        var data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        var inked = 0;
        for (var i = 0; i < data.length; i += 4) {
          if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) { inked++; }
        }
        return inked;
        """
    )
    assert inked > 500


def test_no_network_request_and_no_console_error(page: Path, driver: Any) -> None:
    requests: list[tuple[str, str]] = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            params = message["params"]
            requests.append((params["request"]["url"], params.get("documentURL", "")))
    ours = [url for url, document in requests if document == page.as_uri()]
    assert page.as_uri() in ours, "the performance log did not record the page itself"
    assert [url for url in ours if not url.startswith(("file:", "data:"))] == []
    # the browser's own start-up page may still load chrome:// resources: never the network
    assert [url for url, _ in requests if not url.startswith(("file:", "data:", "chrome:"))] == []
    severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_hostile_text_is_shown_not_run(page: Path, driver: Any) -> None:
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('img, a[href]').length") == 0
    assert driver.title == HOSTILE_TITLE
    assert driver.execute_script("return document.querySelector('h1').textContent") == HOSTILE_TITLE
    label = driver.execute_script(f"return network.body.data.nodes.get('{ID}leader/x-hostile').label")
    assert label == HOSTILE_LABEL


def _hover(driver: Any, node_id: str) -> str:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver.execute_script("network.setOptions({physics: false});")
    dx, dy = driver.execute_script(
        """
        var id = arguments[0];
        network.focus(id, {scale: 1.5, animation: false});
        var p = network.canvasToDOM(network.getPosition(id));
        var box = document.getElementById('mynetwork').getBoundingClientRect();
        return [p.x - box.width / 2, p.y - box.height / 2];
        """,
        node_id,
    )
    container = driver.find_element(By.ID, "mynetwork")
    ActionChains(driver).move_to_element_with_offset(container, 0, 0).perform()
    ActionChains(driver).move_to_element_with_offset(container, int(dx), int(dy)).perform()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        text = driver.execute_script(
            "var t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' ? t.innerText : '';"
        )
        if text:
            return str(text)
        time.sleep(0.1)
    pytest.fail(f"no tooltip appeared over {node_id}")


@pytest.mark.parametrize(
    ("node", "expected"), [("leader/x-hostile", HOSTILE_LABEL), ("position/d1-p1", HOSTILE_QUOTE)]
)
def test_tooltips_show_hostile_text_as_text(page: Path, driver: Any, node: str, expected: str) -> None:
    text = _hover(driver, ID + node)
    assert expected in text
    assert driver.execute_script("return document.querySelectorAll('div.vis-tooltip :not(br)').length") == 0
    assert driver.execute_script("return typeof window.__pwned") == "undefined"


def test_legend_checkbox_hides_a_kind(page: Path, driver: Any, store: pyoxigraph.Store) -> None:
    leaders = sum(1 for n in to_view(store)["nodes"] if n["kind"] == "Leader")
    hidden = driver.execute_script(
        """
        var box = document.querySelector('#legend input[data-legend="Leader"]');
        box.click();
        var hidden = network.body.data.nodes.get({filter: function (n) { return n.hidden; }}).length;
        box.click();
        return hidden;
        """
    )
    assert hidden == leaders


def test_screenshot_is_a_png(page: Path, driver: Any, tmp_path: Path) -> None:
    shot = tmp_path / "graph.png"
    assert driver.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 5000
