"""``diplograph serve``: the store as a read-only SPARQL 1.1 endpoint over HTTP.

- :mod:`graph.server.protocol`: media types, content negotiation, status codes, the
  service description and the list of named queries as HTML (no heavy import);
- :mod:`graph.server.page`: the query page at ``/`` and the static files it loads
  (``static/``: the vendored YASGUI and the page's own script and styles);
- :mod:`graph.server.workers`: the worker processes that run queries within the limits;
- :mod:`graph.server.results`: a result as the bytes of an answer, cut to the caps;
- :mod:`graph.server.app`: the Starlette application and :func:`serve`.

Nothing here is imported by the command line (``graph.cli``, ``graph.commands``) until ``diplograph serve`` runs.
"""
