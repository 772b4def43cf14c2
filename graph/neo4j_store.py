"""The Neo4j store: the same model as the networkx store, on a Neo4j 5 server.

It loads a :class:`~graph.memory.MemoryStore` (a graph file, or records built in memory)
through the official driver: ``driver.execute_query`` with ``database_``, one
parameterised ``UNWIND $rows`` query per batch, ``MERGE`` on ids and ``SET`` (never
increment) of properties, so loading the same graph twice changes nothing. Query texts are
built once, at import, from the model's labels and types: no data ever goes into them.

What a load does, in order (every step idempotent, so a rerun completes an interrupted load):

1. ``CREATE CONSTRAINT … IF NOT EXISTS … IS UNIQUE`` on ``id`` of every label, and indexes
   on ``Report.source`` and on the projection's ``year``.
2. ``--wipe``: delete every Agency, Law and Report node (in batches).
3. Nodes, then the ``ISSUED``, ``Report -CITES-> Law`` and ``MENTIONS`` relationships,
   from the model rows (:func:`graph.model.flat_props`: spans as ``span_starts`` /
   ``span_ends``, ``published`` a date, no nulls or empty lists).
4. Replaced reports: a Report already in the database with the ``source`` of a loaded
   report but another id (the file changed) is found, with the agencies that issued it.
5. The projection of every agency that issued a loaded or replaced report is recomputed
   from what the database holds (so reports loaded by colleagues count too), replaced
   reports left out, with the model's own :func:`graph.model.projection_rows`, and written
   per agency: its old ``Agency -CITES-> Law`` edges deleted and the new ones merged in one
   transaction.
6. Only then are the replaced reports deleted with their relationships: a load stopped at
   any point leaves either replaced reports (which the rerun finds again, with their
   issuers) or a projection already without them.
7. Law and Agency nodes left without relationships are deleted.

Errors (unreachable server, bad credentials, a failed batch) become :class:`Neo4jStoreError`
with a message naming the server (never the password) and what to do. Transient errors (a
server restarting, a lost connection, a deadlock) are retried by the driver with exponential
backoff for up to :data:`MAX_RETRY_TIME` per query; connecting is not retried.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar
from urllib.parse import urlsplit, urlunsplit

from extract.errors import LawgraphError
from graph import model
from graph.model import AGENCY, AGENCY_CITES, ISSUED_REL, LABELS, LAW, MENTIONS_REL, REPORT, REPORT_CITES, Edge, Node

log = logging.getLogger(__name__)

DEFAULT_URI = "neo4j://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_BATCH_SIZE = 5000
BOLT_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
#: Agencies whose projection is recomputed per transaction.
PROJECTION_BATCH = 200
#: Bound on the driver's own retries of transient errors, per query (seconds).
MAX_RETRY_TIME = 30.0
#: Longest wait for a server to answer a connection (TCP and the Bolt handshake): a server
#: that accepts and stays silent fails after this, not after the driver's 60 s (seconds).
CONNECT_TIMEOUT = 10.0

T = TypeVar("T")
Progress = Callable[[str, int, int], None]  # (phase, rows done in this call, rows in the phase)


class Neo4jStoreError(LawgraphError):
    """A Neo4j failure, with a message fit for the command line."""


# --- query texts: model constants only, data always in parameters ------------------------


def schema_queries() -> list[str]:
    """Constraints on every key, and the indexes lookups need."""
    out = [
        f"CREATE CONSTRAINT {label.lower()}_{model.KEY} IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{model.KEY} IS UNIQUE"
        for label in LABELS
    ]
    out.append(f"CREATE INDEX report_source IF NOT EXISTS FOR (n:{REPORT}) ON (n.source)")
    out.append(f"CREATE INDEX agency_cites_year IF NOT EXISTS FOR ()-[r:{AGENCY_CITES.type}]-() ON (r.year)")
    return out


NODE_MERGE = {
    label: f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props" for label in LABELS
}

REL_MERGE = {
    rel.name: (
        f"UNWIND $rows AS row "
        f"MATCH (a:{rel.start} {{id: row.start}}) "
        f"MATCH (b:{rel.end} {{id: row.end}}) "
        f"MERGE (a)-[r:{rel.type}]->(b) SET r = row.props"
    )
    for rel in (ISSUED_REL, REPORT_CITES, MENTIONS_REL)
}

FIND_REPLACED = (
    f"UNWIND $rows AS row MATCH (r:{REPORT} {{source: row.source}}) "
    f"WHERE r.id <> row.id RETURN DISTINCT r.id AS id"
)

FIND_ISSUERS = (
    f"UNWIND $rows AS id MATCH (a:{AGENCY})-[:{ISSUED_REL.type}]->(:{REPORT} {{id: id}}) "
    f"RETURN DISTINCT a.id AS id"
)

DELETE_REPORTS = f"UNWIND $rows AS id MATCH (r:{REPORT} {{id: id}}) DETACH DELETE r"

PROJECTION_FACTS = (
    f"UNWIND $rows AS id "
    f"MATCH (a:{AGENCY} {{id: id}})-[:{ISSUED_REL.type}]->(r:{REPORT})-[c:{REPORT_CITES.type}]->(l:{LAW}) "
    f"WHERE r.year IS NOT NULL AND NOT r.id IN $exclude "
    f"RETURN a.id AS agency, r.id AS report, r.year AS year, l.id AS law, c.count AS count"
)

PROJECTION_WRITE = (
    f"UNWIND $rows AS row "
    f"MATCH (a:{AGENCY} {{id: row.agency}}) "
    f"OPTIONAL MATCH (a)-[old:{AGENCY_CITES.type}]->(:{LAW}) "
    f"DELETE old "
    f"WITH DISTINCT a, row "
    f"UNWIND row.edges AS e "
    f"MATCH (l:{LAW} {{id: e.end}}) "
    f"MERGE (a)-[r:{AGENCY_CITES.type} {{year: e.year}}]->(l) SET r = e.props"
)

DELETE_ORPHANS = {
    label: f"MATCH (n:{label}) WHERE NOT EXISTS {{ (n)--() }} WITH n LIMIT $limit DELETE n RETURN count(*) AS deleted"
    for label in (LAW, AGENCY)
}

WIPE = (
    "MATCH (n) WHERE " + " OR ".join(f"n:{label}" for label in LABELS) + " "
    "WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
)

COUNT_NODES = {label: f"MATCH (n:{label}) RETURN count(n) AS n" for label in LABELS}
COUNT_RELS = {
    rel.name: f"MATCH (:{rel.start})-[r:{rel.type}]->(:{rel.end}) RETURN count(r) AS n" for rel in model.RELS
}

#: Every query text this module sends, for tests and linters.
ALL_QUERIES: tuple[str, ...] = (
    *schema_queries(),
    *NODE_MERGE.values(),
    *REL_MERGE.values(),
    FIND_REPLACED,
    FIND_ISSUERS,
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


def rel_row(edge: Edge) -> dict[str, Any]:
    """``{start, end, props}`` for :data:`REL_MERGE`."""
    return {"start": edge.start, "end": edge.end, "props": model.flat_props(edge.props)}


def projection_write_rows(agencies: Iterable[str], edges: Iterable[Edge]) -> list[dict[str, Any]]:
    """One row per agency for :data:`PROJECTION_WRITE`, agencies without edges included
    (so that their stale projection edges are deleted)."""
    by_agency: dict[str, list[dict[str, Any]]] = {a: [] for a in agencies}
    for e in edges:
        by_agency.setdefault(e.start, []).append(
            {"end": e.end, "year": e.props["year"], "props": model.flat_props(e.props)}
        )
    return [{"agency": a, "edges": sorted(es, key=lambda x: (x["end"], x["year"]))} for a, es in sorted(by_agency.items())]


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
    """Connection settings from ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``."""
    return {
        "uri": environ.get("NEO4J_URI") or DEFAULT_URI,
        "user": environ.get("NEO4J_USER") or DEFAULT_USER,
        "password": environ.get("NEO4J_PASSWORD"),
        "database": environ.get("NEO4J_DATABASE") or None,
    }


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


class Neo4jStore:
    """A Neo4j database holding the lawgraph model.

    ``driver`` may be given (tests pass a fake); otherwise one is created with
    ``neo4j.GraphDatabase.driver``. Use as a context manager, or call :meth:`close`.
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
        driver: Any = None,
    ):
        if batch_size < 1:
            raise Neo4jStoreError(f"batch size must be at least 1, not {batch_size}")
        self.uri = uri
        self.where = redact_uri(uri)
        self.user = user
        self.database = database
        self.batch_size = batch_size
        self.max_retry_time = max_retry_time
        self._secret = password
        self._errors = _neo4j_errors()
        if driver is None:
            driver = self._connect(uri, user, password, max_retry_time)
        self._driver = driver

    def _connect(self, uri: str, user: str, password: str | None, max_retry_time: float) -> Any:
        try:
            import neo4j
        except ImportError as err:
            raise Neo4jStoreError(
                "the Neo4j store needs the neo4j driver: pip install 'lawgraph[neo4j]' (or pip install neo4j)"
            ) from err
        if password is None:
            raise Neo4jStoreError("no Neo4j password: set NEO4J_PASSWORD (see .env.example)")
        try:
            scheme = urlsplit(uri).scheme if "://" in uri else ""
        except ValueError as err:  # "Invalid IPv6 URL": never a traceback that shows the URI
            raise Neo4jStoreError(f"cannot use Neo4j URI {self.where}: {err}") from None
        if scheme not in BOLT_SCHEMES:
            raise Neo4jStoreError(
                f"cannot use Neo4j URI {self.where}: the scheme must be one of {', '.join(BOLT_SCHEMES)}"
            )
        try:
            return neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                max_transaction_retry_time=max_retry_time,
                connection_timeout=CONNECT_TIMEOUT,
                connection_acquisition_timeout=CONNECT_TIMEOUT,
                user_agent="lawgraph",
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as err:
            raise Neo4jStoreError(f"cannot use Neo4j URI {self.where}: {self._scrub(str(err))}") from err

    def _scrub(self, text: str) -> str:
        """A driver message without the raw URI (it may hold credentials) or the password."""
        text = text.replace(self.uri, self.where)
        if self._secret:
            text = text.replace(self._secret, "***")
        return text

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._driver.close()

    # --- running queries -------------------------------------------------------------------

    def _run(self, query: str, params: dict[str, Any] | None, what: str, *, read: bool = False) -> list[Any]:
        kwargs: dict[str, Any] = {"database_": self.database}
        if read and self._errors.routing_read is not None:
            kwargs["routing_"] = self._errors.routing_read
        try:
            result = self._driver.execute_query(query, params or {}, **kwargs)
        except Exception as err:  # noqa: BLE001 — translated below, re-raised if not the driver's
            raise self._translate(err, what) from err
        return list(result.records)

    def _translate(self, err: Exception, what: str) -> Exception:
        e = self._errors
        db = f" database {self.database!r}" if self.database else ""
        if e.auth and isinstance(err, e.auth):
            return Neo4jStoreError(
                f"Neo4j at {self.where} refused the credentials of user {self.user!r}: check NEO4J_USER and NEO4J_PASSWORD"
            )
        if e.unavailable and isinstance(err, e.unavailable):
            if what != "connecting":
                # The driver has retried with backoff for max_retry_time before giving up.
                return Neo4jStoreError(
                    f"lost Neo4j at {self.where} while {what} ({self._scrub(_first_line(err))}; retried for "
                    f"{self.max_retry_time:g} s). Once it is back, rerun the same command to complete the load: "
                    "every step is idempotent"
                )
            return Neo4jStoreError(
                f"cannot reach Neo4j at {self.where} ({self._scrub(_first_line(err))}); is it running? "
                "`docker compose up -d --wait` starts the one in docker-compose.yml"
            )
        if e.neo4j and isinstance(err, e.neo4j):
            code = getattr(err, "code", None) or type(err).__name__
            message = self._scrub(getattr(err, "message", None) or _first_line(err))
            return Neo4jStoreError(
                f"Neo4j{db} at {self.where} failed while {what}: {code}: {message}. "
                "Rerun the same command to complete the load: every step is idempotent"
            )
        if e.driver and isinstance(err, e.driver):
            return Neo4jStoreError(f"Neo4j driver error while {what} ({self.where}): {self._scrub(_first_line(err))}")
        return err

    def _write(self, query: str, rows: Sequence[dict[str, Any]], phase: str, progress: Progress | None) -> int:
        total = len(rows)
        n_batches = (total + self.batch_size - 1) // self.batch_size
        for i, batch in enumerate(chunked(rows, self.batch_size), 1):
            self._run(query, {"rows": batch}, f"writing {phase} (batch {i} of {n_batches}, {len(batch)} rows)")
            if progress:
                progress(phase, len(batch), total)
        return total

    # --- operations ----------------------------------------------------------------------

    def verify(self) -> None:
        """Connect and authenticate once, so that a bad server or password fails first."""
        try:
            self._driver.verify_connectivity()
        except Exception as err:  # noqa: BLE001
            raise self._translate(err, "connecting") from err

    def ensure_schema(self) -> None:
        for q in schema_queries():
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
        """Make the database hold ``store``'s graph (a :class:`~graph.memory.MemoryStore`)."""
        t0 = time.perf_counter()
        summary = LoadSummary(batch_size=self.batch_size)
        self.verify()
        self.ensure_schema()
        if wipe:
            summary.wiped = self.wipe(progress)

        reports = store.node_rows(REPORT)
        for label in (AGENCY, LAW, REPORT):
            nodes = reports if label == REPORT else store.node_rows(label)
            rows = [node_row(n) for n in nodes]
            summary.nodes_written[label] = self._write(NODE_MERGE[label], rows, f"{label} nodes", progress)
        issuers: set[str] = set()
        for rel in (ISSUED_REL, REPORT_CITES, MENTIONS_REL):
            edges = store.edge_rows(rel)
            if rel is ISSUED_REL:
                issuers.update(e.start for e in edges)
            n = self._write(REL_MERGE[rel.name], [rel_row(e) for e in edges], f"{rel.name} relationships", progress)
            summary.relationships_by_kind[rel.name] = n

        # Replaced reports go after the new versions are in: an interrupted load loses nothing.
        # Their issuers are reprojected without them before they are deleted, so a rerun sees
        # either the replaced reports (and redoes all of it) or a projection without them.
        stale = self._find_replaced(reports)
        if stale:
            summary.replaced_reports = len(stale)
            issuers |= self._issuers_of(stale)
        n = self.reproject(sorted(issuers), progress, exclude=stale)
        summary.relationships_by_kind[AGENCY_CITES.name] = n
        if stale:
            self._delete_reports(stale)
        summary.relationships_written = sum(summary.relationships_by_kind.values())
        summary.orphans_deleted = self.delete_orphans(progress)
        summary.counts = self.counts()
        summary.seconds = time.perf_counter() - t0
        return summary

    def _find_replaced(self, reports: Sequence[Node]) -> list[str]:
        rows = [{"id": r.id, "source": r.props.get("source")} for r in reports if r.props.get("source")]
        found: set[str] = set()
        for batch in chunked(rows, self.batch_size):
            found.update(rec["id"] for rec in self._run(FIND_REPLACED, {"rows": batch}, "finding replaced reports", read=True))
        return sorted(found - {r.id for r in reports})

    def _issuers_of(self, report_ids: Sequence[str]) -> set[str]:
        issuers: set[str] = set()
        for batch in chunked(report_ids, self.batch_size):
            records = self._run(FIND_ISSUERS, {"rows": batch}, "finding issuers of replaced reports", read=True)
            issuers.update(rec["id"] for rec in records)
        return issuers

    def _delete_reports(self, report_ids: Sequence[str]) -> None:
        for batch in chunked(report_ids, self.batch_size):
            self._run(DELETE_REPORTS, {"rows": batch}, "deleting replaced reports")

    def delete_reports(self, report_ids: Sequence[str], progress: Progress | None = None) -> int:
        """Remove reports, recompute their issuers' projection, drop orphaned nodes.

        The projection is rewritten without the reports before they are deleted, so that a
        rerun after a failure at any point completes the removal."""
        report_ids = list(report_ids)
        issuers = self._issuers_of(report_ids)
        self.reproject(sorted(issuers), progress, exclude=report_ids)
        self._delete_reports(report_ids)
        self.delete_orphans(progress)
        return len(report_ids)

    def projection_facts(self, agencies: Sequence[str], exclude: Sequence[str] = ()) -> list[model.Fact]:
        """The citations of these agencies' reports, the reports in ``exclude`` left out."""
        params = {"rows": list(agencies), "exclude": list(exclude)}
        records = self._run(PROJECTION_FACTS, params, "reading citations for the projection", read=True)
        return [(r["agency"], r["report"], r["year"], r["law"], r["count"]) for r in records]

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


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


@dataclass
class _Errors:
    auth: Any = None
    unavailable: Any = None
    neo4j: Any = None
    driver: Any = None
    routing_read: Any = None


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
    )
