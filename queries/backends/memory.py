"""The networkx backend: the in-memory twins (:mod:`queries.memory`) over a store's graph."""

from __future__ import annotations

from typing import Any, Mapping

import networkx as nx

from lawgraph.graph import model
from lawgraph.queries import memory
from lawgraph.queries.backends.base import Backend
from lawgraph.queries.library import QueryError, QuerySpec


class MemoryBackend(Backend):
    """The in-memory twins over a :class:`~graph.memory.MemoryStore` (or its graph)."""

    name = "memory"

    def __init__(self, store: Any):
        if isinstance(store, nx.MultiDiGraph):
            self.store = None
            self.graph = store
        else:
            self.store = store
            self.graph = store.graph

    def run(self, spec: QuerySpec, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        twin = memory.TWINS.get(spec.name)
        if twin is None:
            raise QueryError(f"query {spec.name!r} has no in-memory twin; run it with --backend neo4j")
        return twin(self.graph, **params)

    def run_each(self, spec: QuerySpec, params: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]] | None:
        each = memory.EACH.get(spec.name)
        return None if each is None else each[1](self.graph, **params)

    def name_rows(self, label: str) -> list[dict[str, Any]]:
        return memory.law_names(self.graph) if label == model.LAW else memory.agency_names(self.graph)

    def lookup_id(self, label: str, node_id: str) -> dict[str, Any] | None:
        attrs = self.graph.nodes.get(node_id)
        if attrs is None or attrs.get("label") != label:
            return None
        if label == model.LAW:
            return {"id": node_id, "name": attrs.get("title"), "info": attrs.get("category")}
        return {"id": node_id, "name": attrs.get("name"), "info": attrs.get("level")}

    def catalog(self) -> Any:
        if self.store is not None and getattr(self.store, "catalog", None) is not None:
            return self.store.catalog
        return super().catalog()

    def cache_owner(self) -> Any:
        return self.graph

    def cache_stamp(self) -> Any:
        # Names live on nodes; adding reports adds nodes. O(1), unlike number_of_edges().
        return self.graph.number_of_nodes()
