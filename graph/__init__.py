"""diplograph: knowledge graphs of leaders, countries, events and positions from
diplomatic readouts.

The public API, importable from ``graph`` (loaded on first use, so ``import graph``
stays cheap)::

    from graph import GraphStore, build_graph, run_query

    store = GraphStore.open()                     # in memory; a path for Oxigraph on disk
    # open_store("dir") or open_store("http://host:7878") for a folder or a SPARQL server
    build_graph(["readouts/"], store)
    run_query(store, name="events").to_dataframe()
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "build_graph": "graph.pipeline",
    "extract_readouts": "graph.pipeline",
    "BuildReport": "graph.pipeline",
    "GraphStore": "graph.store",
    "Store": "graph.store_base",
    "open_store": "graph.store_base",
    "RemoteStore": "graph.store_remote",
    "run_query": "graph.query",
    "named_queries": "graph.query",
    "QueryResult": "graph.query",
    "read_inputs": "graph.ingest",
    "to_view": "graph.viz",
    "render_html": "graph.viz",
    "write_html": "graph.viz",
    "VizOptions": "graph.viz",
    "call_network": "graph.analytics",
    "centrality": "graph.analytics",
    "communities": "graph.analytics",
    "topic_cooccurrence": "graph.analytics",
    "Gazetteer": "graph.gazetteer",
    "samples_dir": "graph.resources",
    "DiplographError": "graph.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
