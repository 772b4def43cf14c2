"""graph: records → the agency–law–year citation graph.

Public API:

* :class:`MemoryStore` — the embedded networkx store; ``store.graph`` is the
  ``networkx.MultiDiGraph`` for your own algorithms
* :func:`build` — add records to a graph file (or a new graph) and save it
* :func:`load_graph` / :func:`save_graph` — the graph file (:mod:`graph.persist`)
* :mod:`graph.model` — labels, relationship types, properties, records → rows
* :class:`graph.neo4j_store.Neo4jStore` and :mod:`graph.neo4j_admin` — the Neo4j store and
  its bulk-import files (import them directly: they need the optional ``neo4j`` driver /
  nothing extra respectively)

>>> from lawgraph.graph import MemoryStore
>>> MemoryStore().summary().reports
0
"""

# Imported when first asked for (PEP 562): ``lawgraph.graph.neutral`` or ``.outputs`` must not
# load networkx (the command line's start-up and ``lawgraph extract`` never need it).
_WHERE = {
    "AddResult": "memory",
    "GraphSummary": "memory",
    "MemoryStore": "memory",
    "build": "memory",
    "SCHEMA_VERSION": "model",
    "GraphFileError": "persist",
    "load_graph": "persist",
    "save_graph": "persist",
}

__all__ = [
    "AddResult",
    "GraphFileError",
    "GraphSummary",
    "MemoryStore",
    "SCHEMA_VERSION",
    "build",
    "load_graph",
    "save_graph",
]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
