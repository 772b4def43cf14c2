"""Query executors: the networkx store and Neo4j, behind one small interface.

:func:`backend_for` turns whatever you hold into a backend: a
:class:`graph.memory.MemoryStore` or its ``networkx.MultiDiGraph`` (→ :class:`MemoryBackend`),
a :class:`graph.neo4j_store.Neo4jStore` or a ``neo4j`` driver (→ :class:`Neo4jBackend`).
Every backend answers ``run(spec, params)`` with rows, and ``name_rows(label)`` with the
names :mod:`queries.resolve` matches against.

Neo4j is reached only through :class:`graph.neo4j_store.Neo4jStore`, the one adapter that
also loads: connection, credentials, retries and errors live there; this module turns its
errors into the query errors (:class:`BackendError`, :class:`WriteRefused`).

Cypher text never contains data: canned queries are the ``.cypher`` files with ``$params``.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from typing import Any, Mapping

import networkx as nx

from lawgraph.graph import model
from lawgraph.queries import memory
from lawgraph.queries.library import QueryError, QuerySpec, get_query

log = logging.getLogger(__name__)


class BackendError(QueryError):
    """The database refused or failed a query; the message carries the server's words."""


class WriteRefused(BackendError):
    """A write attempted in a read-only run (``lawgraph cypher`` without ``--write``)."""


class Backend:
    """What :func:`queries.run` needs from a store."""

    name = "?"

    def run(self, spec: QuerySpec, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def run_each(self, spec: QuerySpec, params: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]] | None:
        """A query about one node answered for every node at once (node id → rows), when
        the backend has a faster way than one query per node; else None."""
        return None

    def name_rows(self, label: str) -> list[dict[str, Any]]:
        """``{id, name, aliases, info}`` of every node of ``label`` (Law or Agency)."""
        spec = get_query("_law-names" if label == model.LAW else "_agency-names")
        return self.run(spec, {})

    def lookup_id(self, label: str, node_id: str) -> dict[str, Any] | None:
        """The names row of one node by id, when the backend can answer cheaply; else None."""
        return None

    def catalog(self) -> Any:
        """The catalog whose short names resolution also tries (the shipped one by default)."""
        try:
            from lawgraph.extract.catalog import load_catalog

            return load_catalog()
        except Exception as err:  # noqa: BLE001 — resolution works without a catalog
            log.debug("no catalog for name resolution: %s", err)
            return None

    # name-index caching (see queries.resolve.index_for)
    def cache_owner(self) -> Any:
        return self

    def cache_stamp(self) -> Any:
        return None

    def close(self) -> None:
        pass


# --- networkx ----------------------------------------------------------------------------


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


# --- Cypher engines ----------------------------------------------------------------------


class CypherBackend(Backend):
    """A backend that runs the ``.cypher`` files on a Cypher engine."""

    def execute(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[list[Any]]]:
        """Run Cypher with parameters; ``(columns, rows)``. Read-only unless ``write``."""
        raise NotImplementedError

    def run(self, spec: QuerySpec, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        if self.name not in spec.backends:
            raise QueryError(f"query {spec.name!r} does not run on {self.name} (it runs on {', '.join(spec.backends)})")
        columns, rows = self.execute(spec.cypher, params)
        if columns != spec.column_names:
            raise QueryError(
                f"{spec.path or spec.name}: returns columns {columns} but its header declares {spec.column_names}"
            )
        return [dict(zip(columns, r)) for r in rows]


# --- Neo4j -------------------------------------------------------------------------------


class Neo4jBackend(CypherBackend):
    """Neo4j, through :class:`graph.neo4j_store.Neo4jStore`. Reads run in READ
    transactions, which the server refuses to let write."""

    name = "neo4j"

    def __init__(self, store: Any, *, owns_store: bool = False):
        self.store = store
        self._owns = owns_store
        self._loads = 0  # loads through this backend: each one invalidates its name index

    @classmethod
    def connect(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        *,
        prompt: Any = None,
        **kwargs: Any,
    ) -> "Neo4jBackend":
        """Connect (and authenticate) once; fails fast with a one-line :class:`BackendError`.

        Settings as :meth:`graph.neo4j_store.Neo4jSettings.resolve` finds them (arguments,
        the URI's user-info, the environment, then ``prompt()`` for a password)."""
        from lawgraph.graph.neo4j_store import Neo4jSettings, Neo4jStore, Neo4jStoreError

        settings = Neo4jSettings.resolve(uri, user, password, database, prompt=prompt)
        try:
            store = Neo4jStore.open(settings, **kwargs)
        except Neo4jStoreError as err:
            raise _query_error(err) from None
        return cls(store, owns_store=True)

    @property
    def database(self) -> str | None:
        return self.store.database

    def execute(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[list[Any]]]:
        from lawgraph.graph.neo4j_store import Neo4jStoreError

        try:
            return self.store.execute(cypher, params, write=write)
        except Neo4jStoreError as err:
            raise _query_error(err) from None

    def load(self, store: Any, **kwargs: Any) -> Any:
        """Load a :class:`~graph.memory.MemoryStore` with the store's one loader."""
        self._loads += 1
        return self.store.load(store, **kwargs)

    def count(self) -> tuple[int, int]:
        """(nodes, relationships) in the database."""
        _, n = self.execute("MATCH (n) RETURN count(n) AS n")
        _, r = self.execute("MATCH ()-[r]->() RETURN count(r) AS r")
        return int(n[0][0]), int(r[0][0])

    def cache_stamp(self) -> Any:
        # Loads through this backend, and node counts (O(1) in Neo4j's count store): the
        # name index is rebuilt after a load here, or when someone else's load adds or
        # removes documents, agencies or reports. (A change that keeps every count, made
        # elsewhere, needs a new backend: the command line opens one per command.)
        _, rows = self.execute(_COUNTS)
        return (self._loads, *rows[0]) if rows else (self._loads,)

    def close(self) -> None:
        if self._owns:
            self.store.close()


_COUNTS = (
    f"MATCH (l:{model.LAW}) WITH count(l) AS laws "
    f"MATCH (a:{model.AGENCY}) WITH laws, count(a) AS agencies "
    f"MATCH (r:{model.REPORT}) RETURN laws, agencies, count(r) AS reports"
)


def _query_error(err: Exception) -> BackendError:
    """The adapter's error as a query error, same words (no driver exception chained)."""
    from lawgraph.graph.neo4j_store import Neo4jWriteRefused

    cls = WriteRefused if isinstance(err, Neo4jWriteRefused) else BackendError
    return cls(str(err))


# --- choosing one ------------------------------------------------------------------------


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
        "a graph.neo4j_store.Neo4jStore, a neo4j Driver, or a queries.backends backend"
    )


def plain(value: Any) -> Any:
    """A driver value as plain JSON-able Python: nodes and relationships as dicts, temporal
    values as ISO text (for ``lawgraph cypher`` output)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    iso = getattr(value, "iso_format", None)
    if callable(iso):  # neo4j.time types
        return iso()
    labels = getattr(value, "labels", None)
    props = getattr(value, "properties", None)
    if props is None and hasattr(value, "items") and hasattr(value, "element_id"):
        props = dict(value.items())
    if props is not None or labels is not None:
        out: dict[str, Any] = {}
        if labels is not None:
            out["labels"] = sorted(labels) if not isinstance(labels, str) else [labels]
        rel = getattr(value, "relation", None) or getattr(value, "type", None)
        if isinstance(rel, str):
            out["type"] = rel
        out["properties"] = plain(dict(props or {}))
        return out
    return str(value)


# --- read-only guard for raw Cypher ------------------------------------------------------

_WRITE_WORDS = re.compile(
    r"(?<![.\w$`])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV|ALTER|RENAME|GRANT|DENY|REVOKE|"
    r"IN\s+TRANSACTIONS|START\s+DATABASE|STOP\s+DATABASE|TERMINATE)(?![\w`]|\s*:)",
    re.IGNORECASE,
)


def write_clauses(cypher: str) -> list[str]:
    """The write (or admin) clauses a Cypher text appears to contain, upper-cased, in order.

    A first, friendly line of defence for ``lawgraph cypher`` (comments, string literals and
    backticked names are ignored; ``n.set`` and ``{set: 1}`` are not clauses). The real
    guard is the server: reads run in READ transactions, which Neo4j refuses to let write
    whatever the text looks like — procedures and schema commands included.

    >>> write_clauses("MATCH (n) WHERE n.name = 'CREATE' RETURN n")
    []
    >>> write_clauses("MATCH (n) DETACH DELETE n // bye")
    ['DETACH', 'DELETE']
    """
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", cypher, flags=re.DOTALL)
    text = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", "''", text)
    return [re.sub(r"\s+", " ", m.group(1)).upper() for m in _WRITE_WORDS.finditer(text)]
