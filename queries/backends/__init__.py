"""Query executors: the networkx store and Neo4j, behind one small interface, one module
per job — :mod:`.base` the protocol and its errors, :mod:`.memory` the networkx backend,
:mod:`.neo4j` the Neo4j backend, :mod:`.guard` the write guard for raw Cypher,
:mod:`.plain` driver values as plain values.

:func:`backend_for` turns whatever you hold into a backend: a
:class:`graph.memory.MemoryStore` or its ``networkx.MultiDiGraph`` (→ ``MemoryBackend``),
a :class:`graph.neo4j_store.Neo4jStore` or a ``neo4j`` driver (→ ``Neo4jBackend``).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from lawgraph.queries.backends.base import Backend
from lawgraph.queries.backends.memory import MemoryBackend
from lawgraph.queries.backends.neo4j import Neo4jBackend
from lawgraph.queries.library import QueryError


def backend_for(store: Any) -> Backend:
    """The backend for whatever the caller holds (see the module docstring)."""
    if isinstance(store, Backend):
        return store
    if isinstance(store, nx.MultiDiGraph) or isinstance(getattr(store, "graph", None), nx.MultiDiGraph):
        return MemoryBackend(store)
    from lawgraph.graph.neo4j_store import Neo4jStore

    if isinstance(store, Neo4jStore):
        return Neo4jBackend(store)
    if (type(store).__module__ or "").startswith("neo4j") and hasattr(store, "execute_query"):
        # A driver the caller opened (and will close): the adapter runs on it.
        return Neo4jBackend(Neo4jStore(driver=store))
    raise QueryError(
        f"cannot run queries on a {type(store).__name__}: pass a MemoryStore, a networkx MultiDiGraph, "
        "a graph.neo4j_store.Neo4jStore, a neo4j Driver, or a lawgraph.queries.backends backend"
    )


__all__ = ["backend_for"]
