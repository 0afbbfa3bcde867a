"""The query page at ``/`` of ``diplograph serve``: the vendored YASGUI as shipped, the page
escaped, and, in headless Chromium against a real server over tests/data/mini.trig, a query
typed and run, a named query opened from the examples and run, the result downloaded as
CSV, and not one request beyond the server's own origin.

Expected rows come from :func:`graph.query.run_query` on the same store in this process.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from serving import mini_store, start_serve, stop_serve

from graph.query import NamedQuery, named_queries, run_query
from graph.server.page import CONTENT_SECURITY_POLICY, STATIC_DIR, STATIC_FILES, STYLE_HASHES, query_page_html
from graph.store import PREFIXES, GraphStore

YASGUI = STATIC_DIR / "yasgui"
TYPED = """SELECT ?leader ?qid ?label WHERE {
  ?leader a dg:Leader ; dg:wikidataId ?qid .
  OPTIONAL { ?leader rdfs:label ?l FILTER(langMatches(lang(?l), "en")) }
  BIND(STR(?l) AS ?label)
} ORDER BY ?qid"""
NAMED = "calls"
# Chromium resolves no name but the loopback address: anything else fails to connect.
OFFLINE = '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'
# Recorded before any script of the page runs: every Content-Security-Policy violation.
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', function (e) {"
    "  window.__csp.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber]); });"
)


def _sri(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# -- the vendored files and the page, without a browser --------------------------------------


def test_vendored_bundle_is_the_npm_build_named_in_sha256sums() -> None:
    sums = dict(
        reversed(line.split(maxsplit=1)) for line in (YASGUI / "SHA256SUMS").read_text().splitlines() if line
    )
    assert set(sums) == {"yasgui.min.js", "yasgui.min.css"}
    for name, digest in sums.items():
        assert hashlib.sha256((YASGUI / name).read_bytes()).hexdigest() == digest, name
    assert re.fullmatch(r"\d+\.\d+\.\d+\n", (YASGUI / "VERSION").read_text())
    assert (YASGUI / "LICENSE").read_text().startswith("The MIT License")
    readme = (YASGUI / "README.md").read_text()
    assert "@zazuko/yasgui" in readme and (YASGUI / "VERSION").read_text().strip() in readme


def test_bundle_css_loads_nothing_and_the_js_names_no_remote_script_or_font() -> None:
    css = (YASGUI / "yasgui.min.css").read_text()
    assert "url(" not in css and "@import" not in css and "//" not in css.replace("/*", "")
    js = (YASGUI / "yasgui.min.js").read_text()
    for load in ("@font-face", "importScripts", "<script src", "<link rel", "fonts.googleapis", "unpkg.com",
                 "cdn.jsdelivr"):
        assert load not in js, load


def test_style_hashes_are_those_of_the_style_sheets_the_bundle_writes() -> None:
    js = (YASGUI / "yasgui.min.js").read_text()
    grips = re.findall(r"createStyle\(\w+,`( \.grip-resizable\{[^`]*)`\)", js)
    drag = re.findall(r"createStyle\([^,]+,`\*\{cursor:`\+\w+\.opt\.dragCursor\+`!important\}`\)", js)
    (cursor,) = re.findall(r"dragCursor:`([^`]+)`", js)
    assert len(grips) == 1 and len(drag) == 1, "the bundle writes other style sheets now: review STYLE_HASHES"
    assert set(STYLE_HASHES) == {_sri(grips[0]), _sri("*{cursor:" + cursor + "!important}")}
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "default-src 'self'" in CONTENT_SECURITY_POLICY


def test_every_static_file_exists() -> None:
    for path in STATIC_FILES:
        assert (STATIC_DIR / path).is_file(), path


def test_page_escapes_what_it_shows_and_hands_the_script_the_exact_values() -> None:
    hostile = NamedQuery(
        name='x"><img src=x onerror=alert(1)>',
        answers="</script><script>window.__pwned=1</script> & more?",
        params=(("doc", "a <b>document</b>"),),
        sparql="# </script><!-- \u2028\nSELECT * WHERE { ?s ?p '</script>' }",
        path=Path("x.rq"),
    )
    page = query_page_html([hostile], {"dg": "https://w3id.org/diplograph/ontology#"})
    assert "<img" not in page and "<b>" not in page and "window.__pwned=1</script>" not in page
    block = re.search(r'<script type="application/json" id="diplograph-config">(.*?)</script>', page, re.S)
    assert block is not None
    config = json.loads(block.group(1))
    assert config["endpoint"] == "sparql"
    assert config["queries"][0]["name"] == hostile.name and config["queries"][0]["sparql"] == hostile.sparql
    assert hostile.answers in config["queries"][0]["title"] and "?doc" in config["queries"][0]["title"]
    assert config["example"].startswith("PREFIX dg: <https://w3id.org/diplograph/ontology#>\n")
    assert page.count("<script") == 3  # the data block, the bundle and the page's script, nothing inline


# -- a real server ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mini_store(tmp_path_factory.mktemp("query-page") / "store")


@pytest.fixture(scope="module")
def local(store_dir: Path) -> Iterator[GraphStore]:
    with GraphStore.open(store_dir, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def base(store_dir: Path) -> Iterator[str]:
    """The root URL of a ``diplograph serve`` on a free loopback port, with a trailing ``/``."""
    process, url = start_serve(store_dir)
    yield url.removesuffix("sparql")
    err = stop_serve(process)
    assert "Traceback" not in err, err


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=30) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.mark.slow
def test_page_has_a_strict_policy_and_the_static_files_their_types(base: str) -> None:
    status, headers, body = _get(base)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    page = body.decode("utf-8")
    assert 'href="sparql"' in page and 'href="queries"' in page
    for name in named_queries():
        assert f'data-query="{name}"' in page
    for path, media_type in STATIC_FILES.items():
        status, headers, body = _get(base + "static/" + path)
        assert status == 200 and headers["content-type"] == media_type, path
        assert body == (STATIC_DIR / path).read_bytes(), path
    for missing in ("static/yasgui/yasgui.min.js.map", "static/yasgui/README.md", "static/../page.py",
                    "static/%2e%2e/page.py", "static/yasgui"):
        status, _, body = _get(base + missing)
        assert status == 404 and body.startswith(b"[W018]"), missing


# -- the page in headless Chromium -----------------------------------------------------------


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(chromium: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[Any]:
    browser = chromium(tmp_path_factory.mktemp("chromium-profile"), OFFLINE)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_CSP})
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def page(driver: Any, base: str) -> Any:
    """The query page, freshly loaded and ready."""
    driver.get(base)
    _wait(driver, "return document.body.getAttribute('data-ready') === 'true'", "the page did not start")
    return driver


def _wait(driver: Any, script: str, what: str, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {timeout:g} s")
        time.sleep(0.1)


_ROWS = """
var panel = document.querySelector('.tabPanel.active');
var table = panel && panel.querySelector('.yasr table.dataTable');
if (!table || !table.querySelector('tbody td')) { return null; }
var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) {
  return th.textContent.trim();
});
var rows = Array.prototype.map.call(table.querySelectorAll('tbody tr'), function (tr) {
  return Array.prototype.map.call(tr.querySelectorAll('td'), function (td) {
    var links = td.querySelectorAll('a');
    var text = td.textContent.trim();
    if (links.length === 1 && links[0].textContent.trim() === text && text) { return {iri: links[0].href}; }
    return {text: text};
  });
});
var info = panel.querySelector('.dt-info, .dataTables_info');
return {heads: heads, rows: rows, info: info ? info.textContent : ''};
"""


def _run_and_read(driver: Any) -> dict[str, Any]:
    """Click the active tab's run button, wait for its table; the header, the rows (each cell
    an IRI or a text) and the table's own count line."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe_queryButton").click()
    table: dict[str, Any] = _wait(driver, _ROWS, "no result table appeared")
    return table


def _expected(columns: list[str], rows: list[dict[str, Any]]) -> list[list[str | None]]:
    return [[None if row[c] is None else str(row[c]) for c in columns] for row in rows]


def _shown(table: dict[str, Any]) -> list[list[str | None]]:
    """The table's rows as run_query gives them: IRIs in full, literals as text, unbound None
    (the first cell of a row is the row's number)."""
    out: list[list[str | None]] = []
    for number, row in enumerate(table["rows"], start=1):
        assert row[0] == {"text": str(number)}, row
        cells: list[str | None] = []
        for cell in row[1:]:
            if "iri" in cell:
                cells.append(cell["iri"])
            else:
                assert not cell["text"].startswith('"'), f"a typed literal in the table: {cell}"
                cells.append(cell["text"] or None)
        out.append(cells)
    return out


@pytest.mark.browser
def test_page_is_bound_to_this_server_and_nothing_else(page: Any, base: str) -> None:
    setup = page.execute_script(
        """
        var tab = diplograph.yasgui.getTab(), yasqe = tab.getYasqe();
        return {endpoint: tab.getEndpoint(), method: yasqe.config.requestConfig().method,
                requestEndpoint: yasqe.config.requestConfig().endpoint,
                corsProxy: diplograph.yasgui.config.corsProxy || null,
                populateFromUrl: diplograph.yasgui.config.populateFromUrl,
                copyEndpointOnNewTab: diplograph.yasgui.config.copyEndpointOnNewTab,
                persistenceId: diplograph.yasgui.config.persistenceId || null,
                prefixCcApi: yasqe.config.prefixCcApi || null,
                autocompleters: yasqe.config.autocompleters,
                prefixes: Yasgui.Yasqe.Autocompleters['diplograph-prefixes'].get,
                tabs: Array.prototype.map.call(document.querySelectorAll('.yasgui .tab a[role=tab] span'),
                                               function (a) { return a.textContent.trim(); }),
                value: yasqe.getValue()};
        """
    )
    assert setup["endpoint"] == setup["requestEndpoint"] == base + "sparql"
    assert setup["method"] == "POST"
    assert setup["corsProxy"] is None and setup["prefixCcApi"] is None and setup["persistenceId"] is None
    assert setup["populateFromUrl"] is False and setup["copyEndpointOnNewTab"] is False
    assert setup["autocompleters"] == ["diplograph-prefixes", "variables"]
    assert sorted(setup["prefixes"]) == sorted(f"{name}: <{iri}>" for name, iri in PREFIXES.items())
    assert setup["tabs"] == ["Example"]
    for name, iri in PREFIXES.items():
        assert f"PREFIX {name}: <{iri}>\n" in setup["value"]
    # a new tab ("+") also queries this server, whatever endpoint it would hold
    page.execute_script("diplograph.yasgui.addTab(true)")
    assert page.execute_script("return diplograph.yasgui.getTab().getYasqe().config.requestConfig().endpoint") == (
        base + "sparql"
    )


@pytest.mark.browser
def test_the_example_runs_and_its_table_has_the_rows_of_run_query(page: Any, local: GraphStore) -> None:
    sparql = page.execute_script("return diplograph.yasgui.getTab().getYasqe().getValue()")
    expected = run_query(local, sparql)
    assert expected.rows, "the example finds nothing in the test store"
    table = _run_and_read(page)
    assert table["heads"][1:] == expected.columns
    # the example counts events: an integer, shown as a typed literal; compare the rest
    shown = [[cell.get("iri", cell.get("text")) for cell in row[1:]] for row in table["rows"]]
    assert [row[:2] for row in shown] == [row[:2] for row in _expected(expected.columns, expected.rows)]
    assert [row[2] for row in shown] == [f'"{row["events"]}"^^xsd:integer' for row in expected.rows]


@pytest.mark.browser
def test_a_typed_query_runs_and_its_table_has_the_rows_of_run_query(page: Any, local: GraphStore) -> None:
    page.execute_script("diplograph.yasgui.getTab().getYasqe().setValue(arguments[0])", TYPED)
    expected = run_query(local, TYPED)
    assert 0 < len(expected.rows) <= 10
    table = _run_and_read(page)
    assert table["heads"][1:] == expected.columns
    assert _shown(table) == _expected(expected.columns, expected.rows)
    assert f"of {len(expected.rows)} entries" in table["info"]


@pytest.mark.browser
def test_typing_with_keys_then_ctrl_enter_runs_the_query(page: Any, local: GraphStore) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page.execute_script("var y = diplograph.yasgui.getTab().getYasqe(); y.setValue(''); y.focus();")
    typed = "SELECT ?qid WHERE { ?leader dg:wikidataId ?qid } ORDER BY DESC(?qid)"
    editor = page.find_element(By.CSS_SELECTOR, ".tabPanel.active .CodeMirror textarea")
    editor.send_keys(typed)
    value = page.execute_script("return diplograph.yasgui.getTab().getYasqe().getValue()")
    # the editor may close brackets itself: compare what it holds with what the server is sent
    ActionChains(page).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    table: dict[str, Any] = _wait(page, _ROWS, "Ctrl-Enter ran no query")
    expected = run_query(local, value)
    assert "wikidataId" in value and expected.rows
    assert _shown(table) == _expected(expected.columns, expected.rows)


@pytest.mark.browser
def test_a_named_query_opens_from_the_examples_and_runs(page: Any, local: GraphStore) -> None:
    from selenium.webdriver.common.by import By

    query = named_queries()[NAMED]
    button = page.find_element(By.CSS_SELECTOR, f'#examples button[data-query="{NAMED}"]')
    assert query.answers in button.get_attribute("title")
    button.click()
    opened = page.execute_script(
        "var tab = diplograph.yasgui.getTab();"
        "return {name: tab.getName(), value: tab.getYasqe().getValue(),"
        "        title: document.getElementById('tab-' + tab.getId()).title};"
    )
    assert opened["name"] == NAMED and opened["value"] == query.sparql and query.answers in opened["title"]
    expected = run_query(local, name=NAMED)
    assert expected.rows, f"{NAMED} finds nothing in the test store"
    table = _run_and_read(page)
    assert table["heads"][1:] == expected.columns
    assert _shown(table) == _expected(expected.columns, expected.rows)
    # the same button again selects the tab rather than opening a second one
    button.click()
    assert page.execute_script("return document.querySelectorAll('.yasgui .tab a[role=tab]').length") == 2


@pytest.mark.browser
def test_the_result_downloads_as_csv_offline(page: Any, local: GraphStore, downloads: Path) -> None:
    from selenium.webdriver.common.by import By

    page.execute_script("diplograph.open(arguments[0])", NAMED)
    _run_and_read(page)
    before = set(downloads.iterdir())
    page.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr_downloadIcon").click()
    deadline = time.monotonic() + 10
    while not (done := [p for p in set(downloads.iterdir()) - before if p.suffix == ".csv"]):
        if time.monotonic() > deadline:
            pytest.fail(f"no CSV was downloaded: {sorted(p.name for p in downloads.iterdir())}")
        time.sleep(0.1)
    (saved,) = done
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    expected = run_query(local, name=NAMED)
    assert rows[0] == expected.columns
    assert rows[1:] == [["" if v is None else v for v in row] for row in _expected(expected.columns, expected.rows)]


@pytest.mark.browser
def test_no_request_left_the_server_and_no_policy_was_broken(page: Any, base: str) -> None:
    page.execute_script("diplograph.open(arguments[0])", NAMED)
    _run_and_read(page)
    # everything this page loaded, and everything the browser asked for since it started
    entries = page.execute_script(
        "return performance.getEntries().map(function (e) { return e.name; })"
        ".filter(function (n) { return /^[a-z]+:/.test(n); })"
    )
    assert base in entries and base + "static/yasgui/yasgui.min.js" in entries and base + "sparql" in entries
    assert [url for url in entries if not url.startswith(base)] == []
    requested: list[str] = []
    for entry in page.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert base + "sparql" in requested
    local_only = (base, "data:", "blob:" + base.rstrip("/"), "about:", "chrome:")
    assert [url for url in requested if not url.startswith(local_only)] == []
    assert page.execute_script("return window.__csp") == []
    assert page.execute_script("return window.localStorage.length") == 0
    severe = [e["message"] for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


@pytest.mark.browser
def test_screenshot(page: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page.execute_script("diplograph.open(arguments[0])", NAMED)
    _run_and_read(page)
    shot = tmp_path / "query-page.png"
    assert page.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20000
    with capsys.disabled():
        print(f"\nquery page screenshot: {shot}")
