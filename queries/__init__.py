"""queries: canned questions over the citation graph, the same on every backend.

Each query is a ``.cypher`` file in this folder (portable openCypher, parameters only) with
an in-memory twin in :mod:`queries.memory`; names typed by a user are resolved to node ids
by :mod:`queries.resolve` before the query runs, whatever the backend.

Public API:

* :func:`run_query` — ``run_query(store, "agencies-citing", law_id="国际交往语言环境建设条例")``
  → a list of dicts (columns in the order the query declares)
* :func:`run` — the same, returning a :class:`Result` that also says how names were resolved
* :func:`run_each` — a query about one node for every node at once, where the backend has
  a faster way (the in-memory store, for ``similar-agencies``): what the views use
* :func:`list_queries` / :func:`get_query` — the registry (:class:`QuerySpec`: description,
  parameters, columns, order)
* :func:`resolve_law` / :func:`resolve_agency` / :func:`search` — name resolution
* :func:`backend_for` and the backends: :class:`MemoryBackend`,
  :class:`Neo4jBackend`
* errors, all :class:`QueryError` (a :class:`extract.errors.LawgraphError`):
  :class:`UnknownQuery`, :class:`MissingParameter`, :class:`BadParameter`,
  :class:`NameNotFound`, :class:`AmbiguousName`, :class:`BackendError`, :class:`WriteRefused`

``store`` is anything :func:`backend_for` accepts: a :class:`graph.memory.MemoryStore`, its
``networkx.MultiDiGraph``, a :class:`graph.neo4j_store.Neo4jStore`, a ``neo4j`` driver, or a
backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from lawgraph.queries.backends import backend_for
from lawgraph.queries.backends.base import Backend, BackendError, WriteRefused
from lawgraph.queries.backends.memory import MemoryBackend
from lawgraph.queries.backends.neo4j import Neo4jBackend
from lawgraph.queries.library import (
    BadParameter,
    MissingParameter,
    QueryError,
    QuerySpec,
    UnknownQuery,
    get_query,
    list_queries,
    normalise_row,
)
from lawgraph.queries.resolve import AmbiguousName, Candidate, NameNotFound, NameResolutionError

__all__ = [
    "AmbiguousName",
    "Backend",
    "BackendError",
    "BadParameter",
    "Candidate",
    "MemoryBackend",
    "MissingParameter",
    "NameNotFound",
    "NameResolutionError",
    "Neo4jBackend",
    "QueryError",
    "QuerySpec",
    "Result",
    "UnknownQuery",
    "WriteRefused",
    "backend_for",
    "get_query",
    "list_queries",
    "resolve_agency",
    "resolve_law",
    "run",
    "run_each",
    "run_query",
    "search",
]


@dataclass
class Result:
    """What :func:`run` did: the query, the parameters sent, the names resolved, the rows."""

    query: QuerySpec
    params: dict[str, Any]
    rows: list[dict[str, Any]]
    backend: str
    #: (parameter, what was given, the node it resolved to) for every name that was not an id
    resolved: list[tuple[str, str, Candidate]] = field(default_factory=list)
    #: why there are no rows, when the question was right but the answer is empty
    notes: list[str] = field(default_factory=list)


def run(store: Any, query: str, params: Mapping[str, Any] | None = None, *, resolve: bool = True) -> Result:
    """Run a canned query. ``law``/``agency`` parameters accept any name when ``resolve``
    (the default); with ``resolve=False`` they are sent to the database exactly as given."""
    from lawgraph.queries import resolve as _resolve

    spec = get_query(query)
    backend = backend_for(store)
    bound = spec.bind(params or {})
    resolved: list[tuple[str, str, Candidate]] = []
    if spec.name == "search":
        cands = _resolve.search(backend, bound["text"], bound["label"], bound["limit"])
        rows = [c.as_row() for c in cands]
        return Result(spec, bound, [normalise_row(spec, r) for r in rows], backend.name)
    if resolve:
        for p in spec.params:
            label = p.resolves
            value = bound.get(p.name)
            if label is None or value is None:
                continue
            try:
                cand = _resolve_one(backend, label, value)
            except NameNotFound:
                entry = _catalog_entry(value) if label == "Law" else None
                if entry is None:
                    raise
                # A real document no report cites: an answer (none), not a typo.
                note = f"{entry.title} ({entry.id}) is in the catalog, but no report in this graph cites it: no rows"
                return Result(spec, bound, [], backend.name, resolved, [note])
            if cand.id != value:
                resolved.append((p.name, value, cand))
            bound[p.name] = cand.id
    rows = backend.run(spec, bound)
    notes = []
    if not rows and resolved:
        names = ", ".join(f"{c.name} ({c.id})" for _, _, c in resolved)
        notes.append(f"{names} is in the graph, but nothing matches the other parameters: no rows")
    return Result(spec, bound, [normalise_row(spec, r) for r in rows], backend.name, resolved, notes)


def _catalog_entry(text: str):
    """The shipped catalog's entry for a title, short name or id, if any."""
    from lawgraph.extract.catalog import load_catalog

    catalog = load_catalog()
    return catalog.get(text) or catalog.lookup(text)


def run_each(store: Any, query: str, params: Mapping[str, Any] | None = None) -> dict[str, list[dict[str, Any]]] | None:
    """Every node's rows for a query about one node, keyed by node id — the rows
    ``run(store, query, {node parameter: id, **params}, resolve=False)`` gives for each — when
    the backend answers that faster than one query per node; else None (ask per node).
    ``params`` are the query's other parameters (``limit``)."""
    spec = get_query(query)
    answers = backend_for(store).run_each(spec, dict(params or {}))
    if answers is None:
        return None
    return {node: [normalise_row(spec, r) for r in rows] for node, rows in answers.items()}


def run_query(store: Any, query: str, /, **params: Any) -> list[dict[str, Any]]:
    """The rows of a canned query: a list of dicts, columns in declared order.

    >>> from lawgraph.graph.memory import MemoryStore
    >>> run_query(MemoryStore(), "top-laws", year=2024)
    []
    """
    return run(store, query, params).rows


def _resolve_one(backend: Backend, label: str, text: str) -> Candidate:
    from lawgraph.queries import resolve as _resolve

    row = backend.lookup_id(label, text)
    if row is not None:  # an id: no index needed
        return Candidate(label, row["id"], row.get("name") or "", row.get("info"), 100.0, "id")
    return _resolve.resolve(backend, label, text)


def resolve_law(store: Any, text: str) -> Candidate:
    """The Law node ``text`` names (id, title, short name, Traditional, partial, misspelt)."""
    return _resolve_one(backend_for(store), "Law", text)


def resolve_agency(store: Any, text: str) -> Candidate:
    """The Agency node ``text`` names (id, full name, alias, abbreviation, partial)."""
    return _resolve_one(backend_for(store), "Agency", text)


def search(store: Any, text: str, label: str | None = None, limit: int = 10) -> list[Candidate]:
    """Candidates for a name, best first (never raises for no match)."""
    from lawgraph.queries import resolve as _resolve

    return _resolve.search(backend_for(store), text, label, limit)
