"""The Neo4j backend: the ``.cypher`` files on Neo4j.

Neo4j is reached only through :class:`graph.neo4j_store.Neo4jStore`, the one adapter that
also loads: connection, credentials, retries and errors live there; this module turns its
errors into the query errors (:class:`~queries.backends.base.BackendError`,
:class:`~queries.backends.base.WriteRefused`).
"""

from __future__ import annotations

from typing import Any, Mapping

from lawgraph.graph import model
from lawgraph.queries.backends.base import BackendError, CypherBackend, WriteRefused


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
        _, rows = self.execute(COUNTS)
        return (self._loads, *rows[0]) if rows else (self._loads,)

    def close(self) -> None:
        if self._owns:
            self.store.close()


COUNTS = (
    f"MATCH (l:{model.LAW}) WITH count(l) AS laws "
    f"MATCH (a:{model.AGENCY}) WITH laws, count(a) AS agencies "
    f"MATCH (r:{model.REPORT}) RETURN laws, agencies, count(r) AS reports"
)


def _query_error(err: Exception) -> BackendError:
    """The adapter's error as a query error, same words (no driver exception chained)."""
    from lawgraph.graph.neo4j_store import Neo4jWriteRefused

    cls = WriteRefused if isinstance(err, Neo4jWriteRefused) else BackendError
    return cls(str(err))
