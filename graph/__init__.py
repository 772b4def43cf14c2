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

from lawgraph.graph.memory import AddResult, GraphSummary, MemoryStore, build
from lawgraph.graph.model import SCHEMA_VERSION
from lawgraph.graph.persist import GraphFileError, load_graph, save_graph

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
