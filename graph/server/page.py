"""The query page at ``/``: a SPARQL editor and result table over this server's ``/sparql``,
working with no network.

The editor is YASGUI (``static/yasgui/``, vendored from npm, see its README); the page's
own script, ``static/query-page.js``, binds it to this server and switches off whatever
in it would reach the network. What the script needs (the endpoint, the prefixes, the
example and the named queries) travels in the page as a JSON data block, which the
Content-Security-Policy lets through because it is never run.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from graph.query import NamedQuery

__all__ = ["CONTENT_SECURITY_POLICY", "EXAMPLE_QUERY", "STATIC_DIR", "STATIC_FILES", "STYLE_HASHES", "query_page_html"]

STATIC_DIR: Final = Path(__file__).resolve().parent / "static"

#: The files under ``/static/`` (path below STATIC_DIR -> Content-Type); nothing else is served.
STATIC_FILES: Final[Mapping[str, str]] = {
    "yasgui/yasgui.min.js": "text/javascript; charset=utf-8",
    "yasgui/yasgui.min.css": "text/css; charset=utf-8",
    "yasgui/LICENSE": "text/plain; charset=utf-8",
    "query-page.js": "text/javascript; charset=utf-8",
    "query-page.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}

#: The two ``<style>`` elements the bundle writes itself (YASR's table uses column-resizer,
#: which adds its grip rules to the page, and a cursor rule while a column is dragged), by
#: the SHA-256 of their text. The tests find these texts in the bundle and hash them again,
#: so an update of the bundle that changes them fails there rather than in a browser.
STYLE_HASHES: Final = (
    "sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=",
    "sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg=",
)

#: The page's policy: everything from this origin only. Nothing inline runs: the JSON data
#: block is not a script that runs, so ``script-src 'self'`` lets it be. Styles need no
#: ``'unsafe-inline'``: the editor and table set styles through the DOM (which a policy
#: does not govern) and the only inline style sheets are those of :data:`STYLE_HASHES`.
CONTENT_SECURITY_POLICY: Final = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' " + " ".join(f"'{digest}'" for digest in STYLE_HASHES),
    "img-src 'self'",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

#: The query the page opens with (after the prefix declarations).
EXAMPLE_QUERY: Final = """\
# The leaders in the store and the number of events each takes part in.
# Ctrl-Enter (or the button on the right) runs the query; "Named queries" opens more.
SELECT ?leader ?name (COUNT(DISTINCT ?event) AS ?events)
WHERE {
  ?leader a dg:Leader .
  OPTIONAL { ?leader rdfs:label ?label FILTER(langMatches(lang(?label), "en")) }
  BIND(COALESCE(STR(?label), STR(?leader)) AS ?name)
  OPTIONAL { ?event sem:hasActor ?leader }
}
GROUP BY ?leader ?name
ORDER BY DESC(?events) ?name
"""


def _script_json(value: object) -> str:
    """``value`` as JSON that cannot end the ``<script>`` element holding it."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _title(query: NamedQuery) -> str:
    """What a named query answers and, if it has any, its parameters (unbound in the editor)."""
    if not query.params:
        return query.answers
    params = "; ".join(f"?{name}: {help_}" for name, help_ in query.params)
    return f"{query.answers} Parameters (unbound here; bind one with VALUES): {params}"


def query_page_html(queries: Iterable[NamedQuery], prefixes: Mapping[str, str]) -> str:
    """The page at ``/``: the editor with ``prefixes`` declared and :data:`EXAMPLE_QUERY`,
    and ``queries`` offered as examples that open in tabs. Every value is escaped."""
    named = list(queries)
    declarations = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
    config = {
        "endpoint": "sparql",
        "prefixes": dict(prefixes),
        "example": declarations + "\n" + EXAMPLE_QUERY,
        "queries": [{"name": q.name, "title": _title(q), "sparql": q.sparql} for q in named],
    }
    items = "\n".join(
        f'<li><button type="button" data-query="{html.escape(q.name, quote=True)}" '
        f'title="{html.escape(_title(q), quote=True)}">{html.escape(q.name)}</button></li>'
        for q in named
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>diplograph SPARQL service</title>\n"
        "<link rel=\"icon\" href=\"static/favicon.svg\" type=\"image/svg+xml\">\n"
        "<link rel=\"stylesheet\" href=\"static/yasgui/yasgui.min.css\">\n"
        "<link rel=\"stylesheet\" href=\"static/query-page.css\">\n"
        f"<script type=\"application/json\" id=\"diplograph-config\">{_script_json(config)}</script>\n"
        "<script src=\"static/yasgui/yasgui.min.js\" defer></script>\n"
        "<script src=\"static/query-page.js\" defer></script>\n"
        "</head>\n<body>\n<header>\n<h1>diplograph SPARQL service</h1>\n"
        "<p>Queries run on this server's read-only endpoint, <a href=\"sparql\" id=\"endpoint\">/sparql</a> "
        "(SPARQL 1.1 Protocol; its service description without a query). "
        "<a href=\"queries\">/queries</a> lists the named queries, each runnable as a URL. "
        "The editor and result table are <a href=\"static/yasgui/LICENSE\">YASGUI</a> (MIT).</p>\n"
        "<noscript><p>The editor needs JavaScript; without it, use /sparql and /queries directly.</p></noscript>\n"
        "</header>\n<div id=\"layout\">\n"
        "<nav id=\"examples\" aria-labelledby=\"examples-heading\">\n<h2 id=\"examples-heading\">Named queries</h2>\n"
        f"<ul>\n{items}\n</ul>\n</nav>\n"
        "<main id=\"yasgui\"></main>\n</div>\n</body></html>\n"
    )
