"""What :func:`queries.run` needs from a store: the backend protocol, and its errors.

:class:`Backend` answers ``run(spec, params)`` with rows, and ``name_rows(label)`` with the
names :mod:`queries.resolve` matches against; :class:`CypherBackend` is one that runs the
``.cypher`` files on a Cypher engine. Cypher text never contains data: canned queries are
the ``.cypher`` files with ``$params``.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from lawgraph.graph import model
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
            raise QueryError(f"{spec.path or spec.name}: returns columns {columns} but its header declares {spec.column_names}")
        return [dict(zip(columns, r)) for r in rows]
