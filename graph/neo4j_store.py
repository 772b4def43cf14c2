"""The Neo4j adapter: one connection, one loader and one query runner for a Neo4j 5 server.

Everything lawgraph does with Neo4j goes through :class:`Neo4jStore`: ``lawgraph load
neo4j`` (:meth:`Neo4jStore.load`), ``lawgraph query --backend neo4j`` and ``lawgraph cypher``
(:meth:`Neo4jStore.execute`, through :class:`queries.backends.neo4j.Neo4jBackend`). It is the one
place for:

* **Credentials**: :meth:`Neo4jSettings.resolve` takes them from the arguments, the URI's
  user-info (``neo4j://user:password@host``), the environment (``NEO4J_URI``,
  ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) or a prompt, in that order. The
  URI the driver sees, and every message, carry no user-info; the password is replaced by
  ``***`` wherever a server or driver message would repeat it, and errors are raised
  without the driver's exception chained, so a traceback cannot show it either.
* **Failing fast**: connecting is tried once, with a short timeout
  (:data:`CONNECT_TIMEOUT`), before anything else; an unreachable server is one line within
  seconds. (The command line also keeps the driver's own logging quiet unless ``-v``.)
* **Retries**: transient errors (a server restarting, a lost connection, a deadlock) are
  retried by the driver with exponential backoff for up to :data:`MAX_RETRY_TIME` per query.
* **The error vocabulary**: :class:`Neo4jUnavailable`, :class:`Neo4jAuthError`,
  :class:`Neo4jWriteRefused`, :class:`Neo4jQueryError`, all :class:`Neo4jStoreError`.

Queries are parameterised: ``execute_query`` with ``database_``, one ``UNWIND $rows`` query
per batch. Query texts are built once, at import, from the model's labels and types: no data
ever goes into them.

What a load does, in order (every step idempotent, so a rerun completes an interrupted load):

1. ``CREATE CONSTRAINT … IF NOT EXISTS … IS UNIQUE`` on ``id`` of every label, and indexes
   on ``Report.source`` and on the projection's ``year``.
2. ``--wipe``: delete every Agency, Law and Report node (in batches).
3. Nodes. Reports are written as they are (the same id is the same text). Agencies and
   laws follow the model's merge rules (:func:`graph.model.merge_props`): per batch, one
   transaction locks and reads the nodes already there, merges each with the loaded
   description in Python, and writes the result — so aliases are united, the highest
   level and the most specific region kept, a catalog-linked law description preferred,
   whoever loads first. Then the ``ISSUED``, ``Report -CITES-> Law`` and ``MENTIONS``
   relationships, from the model rows (:func:`graph.model.flat_props`: spans as
   ``span_starts`` / ``span_ends``, ``published`` a date, no nulls or empty lists). A
   loaded report's ``CITES`` of documents its record no longer cites are deleted (the same
   text linked with another catalog), as the networkx store replaces such a report.
4. Replaced reports: a Report already in the database with the ``source`` of a loaded
   report but another id (the file changed) is found, with the agencies that issued or
   are mentioned by it.
5. The projection of every agency that issued a loaded or replaced report is recomputed
   from what the database holds (so reports loaded by colleagues count too), replaced
   reports left out, with the model's own :func:`graph.model.projection_rows`, and written
   per agency: its old ``Agency -CITES-> Law`` edges deleted and the new ones merged in one
   transaction. The aliases of the agencies around replaced reports are recomputed from
   the names the remaining reports use for them, as the networkx store does.
6. Only then are the replaced reports deleted with their relationships: a load stopped at
   any point leaves either replaced reports (which the rerun finds again, with their
   agencies) or a projection and aliases already without them.
7. Law and Agency nodes left without relationships are deleted.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

from lawgraph.extract.errors import LawgraphError
from lawgraph.graph import model
from lawgraph.graph.model import AGENCY, AGENCY_CITES, ISSUED_REL, LABELS, LAW, MENTIONS_REL, REPORT, REPORT_CITES, Edge, Node

log = logging.getLogger(__name__)

DEFAULT_URI = "neo4j://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_BATCH_SIZE = 5000
BOLT_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
#: Agencies whose projection is recomputed per transaction.
PROJECTION_BATCH = 200
#: Bound on the driver's own retries of transient errors, per query (seconds).
MAX_RETRY_TIME = 30.0
#: Seconds to open a connection: an unreachable server fails well within 5 s.
CONNECT_TIMEOUT = 3.0
#: Labels whose nodes several reports describe, merged by :func:`graph.model.merge_props`.
MERGED_LABELS = (AGENCY, LAW)

T = TypeVar("T")
Progress = Callable[[str, int, int], None]  # (phase, rows done in this call, rows in the phase)


# --- the error vocabulary ------------------------------------------------------------------


class Neo4jStoreError(LawgraphError):
    """A Neo4j failure, with a one-line message fit for the command line (never a password)."""


class Neo4jUnavailable(Neo4jStoreError):
    """The server cannot be reached, or went away and did not come back within the retries."""


class Neo4jAuthError(Neo4jStoreError):
    """The server refused the credentials."""


class Neo4jWriteRefused(Neo4jStoreError):
    """A query tried to write in a read transaction."""


class Neo4jQueryError(Neo4jStoreError):
    """The server refused or failed a query (syntax, types, constraints, memory …)."""


# --- connection settings -------------------------------------------------------------------


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. ``uri`` never holds user-info; ``password`` is never
    shown (not in ``repr`` either)."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def resolve(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        *,
        environ: Mapping[str, str] = os.environ,
        prompt: Callable[[], str] | None = None,
    ) -> "Neo4jSettings":
        """Settings from, in order: the arguments, the URI's user-info, the environment,
        ``prompt()`` (for the password only), the defaults.

        User-info in the URI wins over ``user``/``password``: it is what was typed for this
        server.

        >>> s = Neo4jSettings.resolve("neo4j://ann:s%40cret@db:7687", environ={})
        >>> s, s.password
        (Neo4jSettings(uri='neo4j://db:7687', user='ann', database=None), 's@cret')
        """
        raw = uri or environ.get("NEO4J_URI") or DEFAULT_URI
        clean, uri_user, uri_password = split_user_info(raw)
        user = uri_user or user or environ.get("NEO4J_USER") or DEFAULT_USER
        password = uri_password or password or environ.get("NEO4J_PASSWORD") or None
        if password is None and prompt is not None:
            password = prompt() or None
        database = database or environ.get("NEO4J_DATABASE") or None
        return cls(clean, user, password, database)

    def store_kwargs(self) -> dict[str, Any]:
        return {"uri": self.uri, "user": self.user, "password": self.password, "database": self.database}


def split_user_info(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without user-info, user, password)``; user and password percent-decoded.

    >>> split_user_info("bolt://neo4j:pa%3Ass@127.0.0.1:7687/x")
    ('bolt://127.0.0.1:7687/x', 'neo4j', 'pa:ss')
    >>> split_user_info("neo4j://localhost:7687")
    ('neo4j://localhost:7687', None, None)
    """
    try:
        parts = urlsplit(uri)
    except ValueError:
        return uri, None, None
    info, at, host = parts.netloc.rpartition("@")
    if not at:
        return uri, None, None
    user, colon, password = info.partition(":")
    clean = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return clean, unquote(user) or None, unquote(password) if colon else None


def redact_uri(uri: str) -> str:
    """The URI without user and password, for messages — also when it is malformed (no
    ``//``: ``neo4j:secret@host`` is not parsed as user-info by urlsplit).

    >>> redact_uri("neo4j://neo4j:secret@db.example.org:7687")
    'neo4j://db.example.org:7687'
    >>> redact_uri("neo4j:secret@db.example.org:7687")
    'db.example.org:7687'
    """
    if "://" not in uri:
        return uri.rpartition("@")[2]
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<invalid URI>"
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def settings_from_env(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Connection settings from ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``,
    ``NEO4J_DATABASE`` (and the URI's user-info), as keyword arguments of :class:`Neo4jStore`."""
    return Neo4jSettings.resolve(environ=environ).store_kwargs()


# --- query texts: model constants only, data always in parameters ------------------------


def schema_queries() -> list[str]:
    """Constraints on every key, and the indexes lookups need."""
    out = [f"CREATE CONSTRAINT {label.lower()}_{model.KEY} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{model.KEY} IS UNIQUE" for label in LABELS]
    out.append(f"CREATE INDEX report_source IF NOT EXISTS FOR (n:{REPORT}) ON (n.source)")
    out.append(f"CREATE INDEX agency_cites_year IF NOT EXISTS FOR ()-[r:{AGENCY_CITES.type}]-() ON (r.year)")
    return out


#: Reports: written as they are (``props`` holds ``id`` too).
NODE_MERGE = {label: f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props" for label in LABELS}

#: Agencies and laws, step 1 of a batch: create the missing nodes, lock all of them (a SET
#: takes the node's write lock until the transaction ends, so a colleague's concurrent load
#: waits instead of overwriting) and read what they hold.
NODE_LOCK_READ = {label: (f"UNWIND $ids AS id MERGE (n:{label} {{id: id}}) SET n.id = id RETURN n.id AS id, properties(n) AS props") for label in MERGED_LABELS}

#: Step 2: the merged descriptions, for the nodes whose description changed.
NODE_WRITE = {label: f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n = row.props" for label in MERGED_LABELS}

REL_MERGE = {
    rel.name: (
        f"UNWIND $rows AS row MATCH (a:{rel.start} {{id: row.start}}) MATCH (b:{rel.end} {{id: row.end}}) MERGE (a)-[r:{rel.type}]->(b) SET r = row.props"
    )
    for rel in (ISSUED_REL, REPORT_CITES, MENTIONS_REL)
}

#: A loaded report's citations of documents its record no longer cites (the same text linked
#: with another catalog: a filled review template, an imported catalog) are dropped, as the
#: networkx store replaces such a report.
DROP_UNCITED = f"UNWIND $rows AS row MATCH (:{REPORT} {{id: row.id}})-[c:{REPORT_CITES.type}]->(l:{LAW}) WHERE NOT l.id IN row.laws DELETE c"

FIND_REPLACED = f"UNWIND $rows AS row MATCH (r:{REPORT} {{source: row.source}}) WHERE r.id <> row.id RETURN DISTINCT r.id AS id"

FIND_ISSUERS = f"UNWIND $rows AS id MATCH (a:{AGENCY})-[:{ISSUED_REL.type}]->(:{REPORT} {{id: id}}) RETURN DISTINCT a.id AS id"

#: Agencies that issued or are mentioned by these reports.
FIND_AGENCIES_AROUND = f"UNWIND $rows AS id MATCH (:{REPORT} {{id: id}})-[:{ISSUED_REL.type}|{MENTIONS_REL.type}]-(a:{AGENCY}) RETURN DISTINCT a.id AS id"

#: The names reports other than ``$exclude`` use for these agencies (for their aliases).
AGENCY_SURFACES = (
    f"UNWIND $rows AS id MATCH (a:{AGENCY} {{id: id}}) "
    f"OPTIONAL MATCH (a)-[i:{ISSUED_REL.type}]->(r:{REPORT}) WHERE NOT r.id IN $exclude "
    f"WITH a, collect(i.surfaces) AS issued "
    f"OPTIONAL MATCH (m:{REPORT})-[x:{MENTIONS_REL.type}]->(a) WHERE NOT m.id IN $exclude "
    f"RETURN a.id AS id, a.name AS name, issued, collect(x.surfaces) AS mentioned"
)

#: ``aliases`` null removes the property (no empty lists are stored).
ALIASES_WRITE = f"UNWIND $rows AS row MATCH (a:{AGENCY} {{id: row.id}}) SET a.aliases = CASE WHEN size(row.aliases) = 0 THEN null ELSE row.aliases END"

DELETE_REPORTS = f"UNWIND $rows AS id MATCH (r:{REPORT} {{id: id}}) DETACH DELETE r"

PROJECTION_FACTS = (
    f"UNWIND $rows AS id "
    f"MATCH (a:{AGENCY} {{id: id}})-[:{ISSUED_REL.type}]->(r:{REPORT})-[c:{REPORT_CITES.type}]->(l:{LAW}) "
    f"WHERE r.year IS NOT NULL AND NOT r.id IN $exclude "
    f"RETURN a.id AS agency, r.id AS report, r.year AS year, l.id AS law, c.count AS count, "
    f"coalesce(c.articles, []) AS articles"
)

#: One row per agency: its old projection deleted and the new one created, in one
#: transaction (CREATE, not MERGE: nothing is left to match, and a MERGE on ``year`` made the
#: planner scan the relationship index on year for every edge — 100 M db hits for 10 k edges).
#: ``SET a.id = a.id`` takes the agency's write lock before its edges are read, so two loads
#: projecting the same agency at once run one after the other instead of both creating.
PROJECTION_WRITE = (
    f"UNWIND $rows AS row "
    f"MATCH (a:{AGENCY} {{id: row.agency}}) "
    f"SET a.id = a.id "
    f"WITH a, row "
    f"OPTIONAL MATCH (a)-[old:{AGENCY_CITES.type}]->(:{LAW}) "
    f"DELETE old "
    f"WITH DISTINCT a, row "
    f"UNWIND row.edges AS e "
    f"MATCH (l:{LAW} {{id: e.end}}) "
    f"CREATE (a)-[r:{AGENCY_CITES.type}]->(l) SET r = e.props"
)

#: Law and Agency nodes without relationships, a batch at a time. Each is locked and looked
#: at again before it goes: a colleague's load may be linking it right now (it then keeps
#: it). ``deleted`` counts the nodes looked at, so the caller's loop ends at a short batch.
DELETE_ORPHANS = {
    label: (
        f"MATCH (n:{label}) WHERE NOT EXISTS {{ (n)--() }} WITH n LIMIT $limit "
        f"SET n.id = n.id "
        f"WITH n, NOT EXISTS {{ (n)--() }} AS orphan "
        f"FOREACH (_ IN CASE WHEN orphan THEN [1] ELSE [] END | DELETE n) "
        f"RETURN count(*) AS deleted"
    )
    for label in (LAW, AGENCY)
}

WIPE = "MATCH (n) WHERE " + " OR ".join(f"n:{label}" for label in LABELS) + " WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"

COUNT_NODES = {label: f"MATCH (n:{label}) RETURN count(n) AS n" for label in LABELS}
COUNT_RELS = {rel.name: f"MATCH (:{rel.start})-[r:{rel.type}]->(:{rel.end}) RETURN count(r) AS n" for rel in model.RELS}

#: Every query text a load sends, for tests and linters.
ALL_QUERIES: tuple[str, ...] = (
    *schema_queries(),
    *NODE_MERGE.values(),
    *NODE_LOCK_READ.values(),
    *NODE_WRITE.values(),
    *REL_MERGE.values(),
    FIND_REPLACED,
    FIND_ISSUERS,
    FIND_AGENCIES_AROUND,
    AGENCY_SURFACES,
    ALIASES_WRITE,
    DELETE_REPORTS,
    PROJECTION_FACTS,
    PROJECTION_WRITE,
    *DELETE_ORPHANS.values(),
    WIPE,
    *COUNT_NODES.values(),
    *COUNT_RELS.values(),
)


# --- row builders (pure) ----------------------------------------------------------------


def node_row(node: Node) -> dict[str, Any]:
    """``{id, props}`` for :data:`NODE_MERGE`; ``props`` holds ``id`` too (``SET n = …``)."""
    return {"id": node.id, "props": {"id": node.id, **model.flat_props(node.props)}}


def model_props(label: str, stored: Mapping[str, Any]) -> dict[str, Any]:
    """A node's properties as Neo4j holds them, back in the model's form (lists as tuples,
    absent lists empty, absent values None): what :func:`graph.model.merge_props` compares.

    >>> model_props("Agency", {"id": "agency:x", "name": "x", "aliases": ["a"]})
    {'name': 'x', 'aliases': ('a',), 'level': None, 'region': None}
    """
    out: dict[str, Any] = {}
    for key, typ in model.PROPERTY_TYPES[label].items():
        if key == model.KEY:
            continue
        value = stored.get(key)
        out[key] = tuple(value or ()) if typ.endswith("[]") else value
    return out


def merged_rows(label: str, nodes: Sequence[Node], stored: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for :data:`NODE_WRITE`: each loaded node merged with what the database holds
    (``stored``: id → properties; a node just created holds only its id), for the nodes
    whose description changes."""
    rows = []
    for node in nodes:
        old = stored.get(node.id) or {}
        if set(old) <= {model.KEY}:
            props = node.props
        else:
            merged = model.merge_props(label, model_props(label, old), node.props)
            if merged is None:
                continue
            props = merged
        rows.append({"id": node.id, "props": {"id": node.id, **model.flat_props(props)}})
    return rows


def rel_row(edge: Edge) -> dict[str, Any]:
    """``{start, end, props}`` for :data:`REL_MERGE`."""
    return {"start": edge.start, "end": edge.end, "props": model.flat_props(edge.props)}


def projection_write_rows(agencies: Iterable[str], edges: Iterable[Edge]) -> list[dict[str, Any]]:
    """One row per agency for :data:`PROJECTION_WRITE`, agencies without edges included
    (so that their stale projection edges are deleted)."""
    by_agency: dict[str, list[dict[str, Any]]] = {a: [] for a in agencies}
    for e in edges:
        by_agency.setdefault(e.start, []).append({"end": e.end, "year": e.props["year"], "props": model.flat_props(e.props)})
    return [{"agency": a, "edges": sorted(es, key=lambda x: (x["end"], x["year"]))} for a, es in sorted(by_agency.items())]


def alias_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for :data:`ALIASES_WRITE` from :data:`AGENCY_SURFACES` records."""
    rows = []
    for r in records:
        surfaces = [s for group in (*r["issued"], *r["mentioned"]) for s in (group or ())]
        rows.append({"id": r["id"], "aliases": list(model.aliases_from_surfaces(r["name"] or "", surfaces))})
    return rows


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items.

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- the store ---------------------------------------------------------------------------


@dataclass
class LoadSummary:
    nodes_written: dict[str, int] = field(default_factory=dict)  # per label
    relationships_written: int = 0  # all kinds, the projection included
    relationships_by_kind: dict[str, int] = field(default_factory=dict)
    replaced_reports: int = 0
    orphans_deleted: int = 0
    wiped: int = 0
    batch_size: int = DEFAULT_BATCH_SIZE
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)  # what the database holds afterwards


#: What the rerun hint says after a failed write.
RERUN = "Rerun the same command to complete the load: every step is idempotent"


class Neo4jStore:
    """A Neo4j database holding the lawgraph model: connection, loader and query runner.

    ``uri`` may carry user-info (``bolt://user:password@host``), which then wins over
    ``user`` and ``password``. ``driver`` may be given (an open ``neo4j.Driver``);
    otherwise one is created. Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        uri: str = DEFAULT_URI,
        user: str = DEFAULT_USER,
        password: str | None = None,
        *,
        database: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_retry_time: float = MAX_RETRY_TIME,
        connect_timeout: float = CONNECT_TIMEOUT,
        driver: Any = None,
    ):
        if batch_size < 1:
            raise Neo4jStoreError(f"batch size must be at least 1, not {batch_size}")
        clean, uri_user, uri_password = split_user_info(uri)
        self._raw_uri = uri
        self.uri = clean
        self.where = redact_uri(clean)
        self.user = uri_user or user
        self.database = database
        self.batch_size = batch_size
        self.max_retry_time = max_retry_time
        self.connect_timeout = connect_timeout
        password = uri_password or password
        self._secrets = [s for s in {password, uri_password} if s]
        self._errors = _neo4j_errors()
        self._verified = False
        if driver is None:
            driver = self._connect(clean, self.user, password)
        self._driver = driver

    @classmethod
    def open(cls, settings: Neo4jSettings, **kwargs: Any) -> "Neo4jStore":
        """A store for resolved settings; connects and authenticates once (fails fast)."""
        store = cls(**settings.store_kwargs(), **kwargs)
        try:
            store.verify()
        except BaseException:
            store.close()
            raise
        return store

    @property
    def driver(self) -> Any:
        return self._driver

    def _connect(self, uri: str, user: str, password: str | None) -> Any:
        try:
            import neo4j
        except ImportError:
            raise Neo4jStoreError("the Neo4j store needs the neo4j driver: pip install 'lawgraph[neo4j]' (or pip install neo4j)") from None
        if password is None:
            raise Neo4jStoreError("no Neo4j password: set NEO4J_PASSWORD (see .env.example), or run in a terminal to be asked for it")
        try:
            scheme = urlsplit(uri).scheme if "://" in uri else ""
        except ValueError as err:  # "Invalid IPv6 URL": never a traceback that shows the URI
            raise Neo4jStoreError(f"cannot use Neo4j URI {self.where}: {err}") from None
        if scheme not in BOLT_SCHEMES:
            raise Neo4jStoreError(f"cannot use Neo4j URI {self.where}: the scheme must be one of {', '.join(BOLT_SCHEMES)}")
        try:
            return neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                max_transaction_retry_time=self.max_retry_time,
                connection_timeout=self.connect_timeout,
                connection_acquisition_timeout=max(self.connect_timeout * 2, 10.0),
                user_agent="lawgraph",
            )
        except (ValueError, TypeError, neo4j.exceptions.ConfigurationError) as err:
            raise Neo4jStoreError(f"cannot use Neo4j URI {self.where}: {self._scrub(_first_line(err))}") from None

    def _scrub(self, text: str) -> str:
        """A driver message without the raw URI (it may hold credentials) or the password."""
        if self._raw_uri != self.where:
            text = text.replace(self._raw_uri, self.where)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._driver.close()

    # --- running queries -------------------------------------------------------------------

    def _result(self, query: str, params: Mapping[str, Any] | None, what: str, *, read: bool = False, hint: str = RERUN) -> Any:
        kwargs: dict[str, Any] = {"database_": self.database}
        routing = self._errors.routing_read if read else self._errors.routing_write
        if routing is not None:
            kwargs["routing_"] = routing
        try:
            return self._driver.execute_query(query, dict(params or {}), **kwargs)
        except Exception as err:  # translated below, re-raised if not the driver's
            translated = self._translate(err, what, hint)
            if translated is err:
                raise
        raise translated  # outside the except block: no driver exception chained to it

    def _run(self, query: str, params: Mapping[str, Any] | None, what: str, *, read: bool = False) -> list[Any]:
        return list(self._result(query, params, what, read=read).records)

    def execute(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[list[Any]]]:
        """Run any Cypher with parameters; ``(columns, rows)``.

        Without ``write`` it runs in a READ transaction, which the server refuses to let
        write (:class:`Neo4jWriteRefused`), procedures and schema commands included.
        """
        self.verify()
        result = self._result(cypher, params, "running the query", read=not write, hint="")
        return list(result.keys), [list(r.values()) for r in result.records]

    def _translate(self, err: Exception, what: str, hint: str = RERUN) -> Exception:
        e = self._errors
        db = f" database {self.database!r}" if self.database else ""
        if e.auth and isinstance(err, e.auth):
            return Neo4jAuthError(f"Neo4j at {self.where} refused the credentials of user {self.user!r}: check NEO4J_USER and NEO4J_PASSWORD")
        if e.unavailable and isinstance(err, e.unavailable):
            if what != "connecting":
                # The driver has retried with backoff for max_retry_time before giving up.
                again = f" Once it is back, {hint[0].lower()}{hint[1:]}" if hint else ""
                return Neo4jUnavailable(
                    f"lost Neo4j at {self.where} while {what} ({self._scrub(_first_line(err))}; retries stop after {self.max_retry_time:g} s).{again}"
                )
            return Neo4jUnavailable(
                f"cannot reach Neo4j at {self.where} ({self._scrub(_first_line(err))}); is it running? "
                "`docker compose up -d --wait` starts the one in docker-compose.yml"
            )
        if e.neo4j and isinstance(err, e.neo4j):
            code = getattr(err, "code", None) or type(err).__name__
            message = self._scrub(_first_line(getattr(err, "message", None) or err))
            if code == "Neo.ClientError.Statement.AccessMode" or "read access mode" in message.lower():
                return Neo4jWriteRefused(f"Neo4j{db} at {self.where} refused a write in a read-only transaction ({message}); pass --write to allow it")
            if code.startswith("Neo.ClientError.Security."):
                return Neo4jAuthError(f"Neo4j{db} at {self.where} refused {what}: {code}: {message}")
            tail = f". {hint}" if hint else ""
            return Neo4jQueryError(f"Neo4j{db} at {self.where} failed while {what}: {code}: {message}{tail}")
        if e.driver and isinstance(err, e.driver):
            return Neo4jStoreError(f"Neo4j driver error while {what} ({self.where}): {self._scrub(_first_line(err))}")
        if isinstance(err, (TypeError, ValueError)) and "not supported" in str(err):
            # The driver refuses a parameter value it cannot encode, before sending anything.
            return Neo4jQueryError(f"cannot send a parameter to Neo4j while {what}: {self._scrub(_first_line(err))}")
        return err

    def _write(self, query: str, rows: Sequence[dict[str, Any]], phase: str, progress: Progress | None) -> int:
        total = len(rows)
        n_batches = (total + self.batch_size - 1) // self.batch_size
        for i, batch in enumerate(chunked(rows, self.batch_size), 1):
            self._run(query, {"rows": batch}, f"writing {phase} (batch {i} of {n_batches}, {len(batch)} rows)")
            if progress:
                progress(phase, len(batch), total)
        return total

    def _write_merged(self, label: str, nodes: Sequence[Node], phase: str, progress: Progress | None) -> int:
        """Agencies or laws, merged with what the database holds (see the module notes)."""
        total = len(nodes)
        n_batches = (total + self.batch_size - 1) // self.batch_size
        for i, batch in enumerate(chunked(nodes, self.batch_size), 1):
            what = f"writing {phase} (batch {i} of {n_batches}, {len(batch)} rows)"
            self._transaction(functools.partial(self._merge_batch, label=label, batch=batch), what)
            if progress:
                progress(phase, len(batch), total)
        return total

    @staticmethod
    def _merge_batch(tx: Any, label: str, batch: Sequence[Node]) -> None:
        ids = [n.id for n in batch]  # sorted: concurrent loaders lock in the same order
        stored = {r["id"]: dict(r["props"]) for r in tx.run(NODE_LOCK_READ[label], ids=ids)}
        rows = merged_rows(label, batch, stored)
        if rows:
            tx.run(NODE_WRITE[label], rows=rows).consume()

    def _transaction(self, work: Callable[[Any], T], what: str) -> T:
        """``work(tx)`` in one write transaction, retried by the driver on transient errors."""
        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        except Exception as err:
            translated = self._translate(err, what)
            if translated is err:
                raise
        raise translated

    # --- operations ----------------------------------------------------------------------

    def verify(self) -> None:
        """Connect and authenticate once, so that a bad server or password fails first (and fast)."""
        if self._verified:
            return
        try:
            self._driver.verify_connectivity()
        except Exception as err:
            translated = self._translate(err, "connecting")
            if translated is err:
                raise
        else:
            self._verified = True
            return
        raise translated

    def ensure_schema(self) -> None:
        for q in schema_queries():
            try:
                self._run(q, None, "creating constraints and indexes")
            except Neo4jQueryError as err:
                # Two loads creating the same index at once: one of them is told it already
                # exists (or is being built). Once more, IF NOT EXISTS sees it.
                if ".Schema." not in str(err):
                    raise
                self._run(q, None, "creating constraints and indexes")

    def wipe(self, progress: Progress | None = None) -> int:
        """Delete every Agency, Law and Report node and their relationships, in batches."""
        return self._delete_in_batches(WIPE, "wiping", progress)

    def _delete_in_batches(self, query: str, phase: str, progress: Progress | None) -> int:
        deleted = 0
        while True:
            records = self._run(query, {"limit": self.batch_size}, phase)
            n = records[0]["deleted"] if records else 0
            deleted += n
            if progress and n:
                progress(phase, n, 0)
            if n < self.batch_size:
                return deleted

    def load(self, store: Any, *, wipe: bool = False, progress: Progress | None = None) -> LoadSummary:
        """Make the database hold ``store``'s graph (a :class:`~graph.memory.MemoryStore`)
        besides what it holds already: reports of the same source replaced, nodes merged."""
        t0 = time.perf_counter()
        summary = LoadSummary(batch_size=self.batch_size)
        self.verify()
        self.ensure_schema()
        if wipe:
            summary.wiped = self.wipe(progress)

        reports = store.node_rows(REPORT)
        for label in (AGENCY, LAW, REPORT):
            phase = f"{label} nodes"
            if label in MERGED_LABELS:
                summary.nodes_written[label] = self._write_merged(label, store.node_rows(label), phase, progress)
            else:
                summary.nodes_written[label] = self._write(NODE_MERGE[label], [node_row(n) for n in reports], phase, progress)
        issuers: set[str] = set()
        for rel in (ISSUED_REL, REPORT_CITES, MENTIONS_REL):
            edges = store.edge_rows(rel)
            if rel is ISSUED_REL:
                issuers.update(e.start for e in edges)
            n = self._write(REL_MERGE[rel.name], [rel_row(e) for e in edges], f"{rel.name} relationships", progress)
            summary.relationships_by_kind[rel.name] = n
        self._drop_uncited(reports, store.edge_rows(REPORT_CITES))

        # Replaced reports go after the new versions are in: an interrupted load loses nothing.
        # Their agencies are reprojected (and their aliases recomputed) without them before
        # they are deleted, so a rerun sees either the replaced reports (and redoes all of
        # it) or a projection without them.
        stale = self._find_replaced(reports)
        around: list[str] = []
        if stale:
            summary.replaced_reports = len(stale)
            issuers |= self._agencies_of(FIND_ISSUERS, stale)
            around = sorted(self._agencies_of(FIND_AGENCIES_AROUND, stale))
        n = self.reproject(sorted(issuers), progress, exclude=stale)
        summary.relationships_by_kind[AGENCY_CITES.name] = n
        if stale:
            self.refresh_aliases(around, exclude=stale)
            self._delete_reports(stale)
        summary.relationships_written = sum(summary.relationships_by_kind.values())
        summary.orphans_deleted = self.delete_orphans(progress)
        summary.counts = self.counts()
        summary.seconds = time.perf_counter() - t0
        return summary

    def _drop_uncited(self, reports: Sequence[Node], cites: Sequence[Any]) -> None:
        laws: dict[str, list[str]] = {r.id: [] for r in reports}
        for e in cites:
            laws.setdefault(e.start, []).append(e.end)
        rows = [{"id": rid, "laws": ids} for rid, ids in sorted(laws.items())]
        for batch in chunked(rows, self.batch_size):
            self._run(DROP_UNCITED, {"rows": batch}, "dropping citations a report no longer makes")

    def _find_replaced(self, reports: Sequence[Node]) -> list[str]:
        rows = [{"id": r.id, "source": r.props.get("source")} for r in reports if r.props.get("source")]
        found: set[str] = set()
        for batch in chunked(rows, self.batch_size):
            found.update(rec["id"] for rec in self._run(FIND_REPLACED, {"rows": batch}, "finding replaced reports", read=True))
        return sorted(found - {r.id for r in reports})

    def _agencies_of(self, query: str, report_ids: Sequence[str]) -> set[str]:
        agencies: set[str] = set()
        for batch in chunked(report_ids, self.batch_size):
            records = self._run(query, {"rows": batch}, "finding the agencies of replaced reports", read=True)
            agencies.update(rec["id"] for rec in records)
        return agencies

    def _delete_reports(self, report_ids: Sequence[str]) -> None:
        for batch in chunked(report_ids, self.batch_size):
            self._run(DELETE_REPORTS, {"rows": batch}, "deleting replaced reports")

    def delete_reports(self, report_ids: Sequence[str], progress: Progress | None = None) -> int:
        """Remove reports, recompute their issuers' projection and their agencies' aliases,
        drop orphaned nodes.

        The projection and aliases are rewritten without the reports before they are
        deleted, so that a rerun after a failure at any point completes the removal."""
        report_ids = list(report_ids)
        issuers = self._agencies_of(FIND_ISSUERS, report_ids)
        around = sorted(self._agencies_of(FIND_AGENCIES_AROUND, report_ids))
        self.reproject(sorted(issuers), progress, exclude=report_ids)
        self.refresh_aliases(around, exclude=report_ids)
        self._delete_reports(report_ids)
        self.delete_orphans(progress)
        return len(report_ids)

    def refresh_aliases(self, agencies: Sequence[str], *, exclude: Sequence[str] = ()) -> None:
        """Recompute ``Agency.aliases`` from the names reports (those in ``exclude`` left
        out) use for each agency, as the networkx store does when reports go away."""
        exclude = list(exclude)
        for batch in chunked(agencies, PROJECTION_BATCH):
            records = self._run(AGENCY_SURFACES, {"rows": batch, "exclude": exclude}, "reading agency names", read=True)
            self._run(ALIASES_WRITE, {"rows": alias_rows(records)}, f"writing the aliases of {len(batch)} agencies")

    def projection_facts(self, agencies: Sequence[str], exclude: Sequence[str] = ()) -> list[model.Fact]:
        """The citations of these agencies' reports, the reports in ``exclude`` left out."""
        params = {"rows": list(agencies), "exclude": list(exclude)}
        records = self._run(PROJECTION_FACTS, params, "reading citations for the projection", read=True)
        return [(r["agency"], r["report"], r["year"], r["law"], r["count"], tuple(r["articles"])) for r in records]

    def reproject(self, agencies: Sequence[str], progress: Progress | None = None, *, exclude: Sequence[str] = ()) -> int:
        """Recompute the Agency -CITES-> Law projection of these agencies, leaving out the
        reports in ``exclude`` (about to be deleted); edges written."""
        written = 0
        total = len(agencies)
        exclude = list(exclude)
        for batch in chunked(agencies, PROJECTION_BATCH):
            edges = model.projection_rows(self.projection_facts(batch, exclude))
            rows = projection_write_rows(batch, edges)
            self._run(PROJECTION_WRITE, {"rows": rows}, f"writing the projection of {len(batch)} agencies")
            written += len(edges)
            if progress:
                progress("projection (agencies)", len(batch), total)
        return written

    def delete_orphans(self, progress: Progress | None = None) -> int:
        return sum(self._delete_in_batches(DELETE_ORPHANS[label], "deleting orphans", progress) for label in (LAW, AGENCY))

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per kind (``issued``, ``report_cites`` …)."""
        out = {}
        for name, q in (*COUNT_NODES.items(), *COUNT_RELS.items()):
            records = self._run(q, None, "counting", read=True)
            out[name] = records[0]["n"] if records else 0
        return out


def _first_line(err: Any) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


@dataclass
class _Errors:
    auth: Any = None
    unavailable: Any = None
    neo4j: Any = None
    driver: Any = None
    routing_read: Any = None
    routing_write: Any = None


def _neo4j_errors() -> _Errors:
    """The driver's exception classes, or nothing when the driver is not installed."""
    try:
        import neo4j
        from neo4j import exceptions as ex
    except ImportError:
        return _Errors()
    return _Errors(
        auth=(ex.AuthError,),
        unavailable=(ex.ServiceUnavailable, ex.SessionExpired),
        neo4j=(ex.Neo4jError,),
        driver=(ex.DriverError,),
        routing_read=neo4j.RoutingControl.READ,
        routing_write=neo4j.RoutingControl.WRITE,
    )
