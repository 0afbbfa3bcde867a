"""Draw a diplograph graph as an interactive HTML page that works offline.

Two steps, as displaCy splits them:

- :func:`to_view` (:mod:`graph.viz.view`) reads a store and returns plain data: nodes
  with their kind, colour, shape and a plain-text tooltip, edges, a legend and
  statistics. It filters (focus on one leader or topic, a date window, positions and
  mentions on or off), caps the number of nodes and, for big graphs, lays the nodes out
  beforehand (:mod:`graph.viz.layout`). Tests assert on this dict.
- :func:`render_html` (:mod:`graph.viz.render`) turns that dict into one
  self-contained HTML page from the template ``templates/page.html.j2``, with
  vis-network (the copy pyvis ships) inlined. It is the only code that imports pyvis.

:func:`write_html` does both and writes the page atomically. Colours and shapes are in
:mod:`graph.viz.styles`.

    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.load(input='''
    ...     @prefix dg: <https://w3id.org/diplograph/ontology#> .
    ...     @prefix leader: <https://w3id.org/diplograph/id/leader/> .
    ...     @prefix event: <https://w3id.org/diplograph/id/event/> .
    ...     @prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     leader:Q7747 a dg:Leader ; rdfs:label "Vladimir Putin"@en .
    ...     event:d-e1 a dg:PhoneCall ; sem:hasActor leader:Q7747 .
    ... ''', format=pyoxigraph.RdfFormat.TURTLE)
    >>> view = to_view(store)
    >>> [(node["kind"], node["label"], node["shape"]) for node in view["nodes"]]
    [('PhoneCall', 'Phone call', 'diamond'), ('Leader', 'Vladimir Putin', 'dot')]
    >>> "<!DOCTYPE html>" in render_html(view)
    True
"""

from __future__ import annotations

from graph.viz.render import CSP, EDGE_LABEL_LIMIT, render_html, write_html
from graph.viz.styles import ACT_COLORS, EDGE_STYLES, KIND_STYLES
from graph.viz.view import DEFAULT_OPTIONS, LABEL_CHARS, PHYSICS_NODE_LIMIT, QUOTE_CHARS, VizOptions, to_view

__all__ = [
    "ACT_COLORS",
    "CSP",
    "DEFAULT_OPTIONS",
    "EDGE_LABEL_LIMIT",
    "EDGE_STYLES",
    "KIND_STYLES",
    "LABEL_CHARS",
    "PHYSICS_NODE_LIMIT",
    "QUOTE_CHARS",
    "VizOptions",
    "render_html",
    "to_view",
    "write_html",
]
