"""Neo4j faults: an unreachable server, a wrong password, a server going away mid-load, a
failing batch. Each ends with a clear message and a non-zero exit, never shows the password,
and retries are bounded; a rerun after any failure completes the load.

Without a server: a closed port, and a fake Bolt endpoint on 127.0.0.1 (a few lines of the
Bolt 5.0 protocol: it can close at once, drop after the handshake, refuse the credentials, or
answer queries and then go away). Rerunning after a failure at every possible point is
checked against an in-memory database that understands the store's queries. With
``NEO4J_URI`` set, the same rerun check runs on the real server.
"""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from extract.records import Agency, Citation, Record, Report
from graph import MemoryStore, model
from graph import neo4j_store as ns
from graph.neo4j_store import Neo4jStore, Neo4jStoreError
from lawgraph.cli import app

pytest.importorskip("neo4j", reason="the neo4j driver is not installed: pip install 'lawgraph[neo4j]'")

SECRET = "Pw-7f3c9e1d-never-print"  # a password that cannot appear by chance
URI_SECRET = "Uri-4b2a-never-print"
WAB = "北京市西城区人民政府外事办公室"
SFJ = "北京市东城区司法局"


class NoCatalog:
    def get(self, law_id):
        return None


def record(rid, laws, *, source=None, year=2024, issuer=WAB, mentioned=()):
    iss = Agency(issuer, issuer, (0, len(issuer)), "issuer", "district", "北京市西城区") if issuer else None
    rep = Report(rid, source or f"r/{rid}.txt", "报告", year, "2025-03-30", "simplified", iss, 1000)
    cs = [Citation(law[4:], f"《{law[4:]}》", (100 + 9 * i, 105 + 9 * i), "学习", "bracketed", "法律", law) for i, law in enumerate(laws)]
    ags = [Agency(n, n, (900, 900 + len(n)), "mentioned", "district", "北京市西城区") for n in mentioned]
    return Record(rep, cs, ags)


def memory(*records) -> MemoryStore:
    store = MemoryStore(catalog=NoCatalog())
    store.add_records(records)
    return store


V1 = [
    record("report:a", ["law:统计法", "law:保密法", "law:宪法"], source="r/a.txt", mentioned=["中共北京市西城区委政法委员会"]),
    record("report:b", ["law:统计法", "law:档案法"], issuer=SFJ, year=2023, source="r/b.txt"),
    record("report:c", ["law:宪法"], year=None, issuer=None, source="r/c.txt"),
]
# v2: r/a.txt changed, and is now issued by another agency; a new report d.
V2 = [
    record("report:a2", ["law:统计法", "law:民法典"], source="r/a.txt", issuer=SFJ),
    V1[1],
    V1[2],
    record("report:d", ["law:保密法", "law:民法典", "law:监察法"], source="r/d.txt", year=2025, mentioned=[SFJ]),
]
# The same, but the old issuer of r/a.txt issues nothing any more (it is only mentioned).
V2_ISSUER_GONE = [*V2[:3], record("report:d", ["law:保密法", "law:民法典"], source="r/d.txt", year=2025, issuer=SFJ, mentioned=[WAB])]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("neo") / "graph.json"
    memory(*V1).save(path)
    return path


# ---------------------------------------------------------------------------------------------
# a fake Bolt endpoint


def _pack(v) -> bytes:
    """PackStream for the few value types the fake answers with."""
    if v is None:
        return b"\xc0"
    if v is True or v is False:
        return b"\xc3" if v else b"\xc2"
    if isinstance(v, int):
        return struct.pack(">b", v) if -16 <= v < 128 else b"\xca" + struct.pack(">i", v)
    if isinstance(v, str):
        b = v.encode()
        return (bytes([0x80 | len(b)]) if len(b) < 16 else b"\xd0" + bytes([len(b)])) + b
    if isinstance(v, list):
        return bytes([0x90 | len(v)]) + b"".join(map(_pack, v))
    if isinstance(v, dict):
        return bytes([0xA0 | len(v)]) + b"".join(_pack(k) + _pack(x) for k, x in v.items())
    raise TypeError(v)


def _message(signature: int, metadata: dict) -> bytes:
    body = bytes([0xB1, signature]) + _pack(metadata)
    return struct.pack(">H", len(body)) + body + b"\x00\x00"


SUCCESS, FAILURE = 0x70, 0x7F
HELLO, GOODBYE, RESET, RUN, BEGIN, COMMIT, ROLLBACK, DISCARD, PULL, LOGON = 0x01, 0x02, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x2F, 0x3F, 0x6A
_REPLIES = {
    LOGON: {},
    RESET: {},
    BEGIN: {},
    RUN: {"fields": [], "t_first": 0},
    PULL: {"has_more": False, "t_last": 0, "type": "w", "db": "neo4j"},
    DISCARD: {"has_more": False, "t_last": 0, "type": "w", "db": "neo4j"},
    COMMIT: {"bookmark": "FB:lawgraph-fake"},
    ROLLBACK: {},
}


class FakeBolt:
    """A TCP endpoint on 127.0.0.1 that plays a Neo4j server badly.

    ``close``: accepts and closes; ``handshake``: answers the Bolt handshake, then closes;
    ``auth``: refuses the credentials (Neo.ClientError.Security.Unauthorized); ``serve``:
    answers every query with an empty result, and after ``transactions`` transactions goes
    away (from then on every connection is closed as soon as it is accepted).
    """

    def __init__(self, mode: str, transactions: int | None = None):
        self.mode = mode
        self.transactions = transactions
        self.begun = 0
        self.gone = False
        self.connections = 0
        self.after_gone = 0  # connections attempted after going away: the driver's retries
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.uri = f"bolt://127.0.0.1:{self.port}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(20)
            try:
                if self.mode == "close" or self.gone:
                    self.after_gone += self.gone
                    return
                if _recv(conn, 20)[:4] != b"\x60\x60\xb0\x17":
                    return
                if self.mode == "handshake":
                    return
                conn.sendall(b"\x00\x00\x00\x05")  # Bolt 5.0: credentials come with HELLO
                while (sig := _read_message(conn)) is not None:
                    if sig == HELLO:
                        if self.mode == "auth":
                            meta = {"code": "Neo.ClientError.Security.Unauthorized", "message": "The client is unauthorized due to authentication failure."}
                            conn.sendall(_message(FAILURE, meta))
                            continue
                        conn.sendall(_message(SUCCESS, {"server": "Neo4j/5.26.0", "connection_id": "bolt-1"}))
                    elif sig == BEGIN and self.transactions is not None and self.begun >= self.transactions:
                        self.gone = True
                        return
                    elif sig in _REPLIES:
                        self.begun += sig == BEGIN
                        conn.sendall(_message(SUCCESS, _REPLIES[sig]))
                    else:  # GOODBYE, or something this fake does not speak
                        return
            except OSError:
                return

    def close(self) -> None:
        self.sock.close()


def _recv(conn: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise OSError("closed by the client")
        buf += chunk
    return buf


def _read_message(conn: socket.socket) -> int | None:
    """The signature of the next client message (chunked; empty chunks are keep-alives)."""
    body = b""
    while True:
        try:
            size = struct.unpack(">H", _recv(conn, 2))[0]
        except OSError:
            return None
        if size == 0:
            if body:
                return body[1]
            continue
        body += _recv(conn, size)


@pytest.fixture
def fake():
    servers = []

    def start(mode, transactions=None):
        servers.append(FakeBolt(mode, transactions))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed


def lawgraph(*args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, float]:
    """Run the real command line (debug logging on) in a process of its own."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    clean.update({"NEO4J_PASSWORD": SECRET, **(env or {})})
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", "from lawgraph.cli import main; main()", "-v", *args],
        capture_output=True, text=True, env=clean, timeout=120, stdin=subprocess.DEVNULL,
    )
    return proc, time.monotonic() - t0


def assert_clean_failure(proc: subprocess.CompletedProcess, seconds: float, message: str) -> None:
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert message in proc.stderr, output
    assert "Traceback" not in output
    assert SECRET not in output and URI_SECRET not in output
    assert seconds < 30, f"took {seconds:.1f} s"


# ---------------------------------------------------------------------------------------------
# the command line against endpoints that fail


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_a_closed_port(graph_file, scheme):
    port = closed_port()
    proc, seconds = lawgraph("load", "neo4j", str(graph_file), "--uri", f"{scheme}://127.0.0.1:{port}")
    assert_clean_failure(proc, seconds, f"error: cannot reach Neo4j at {scheme}://127.0.0.1:{port} (")


@pytest.mark.parametrize("mode", ["close", "handshake"])
def test_an_endpoint_that_drops_the_connection(graph_file, fake, mode):
    server = fake(mode)
    proc, seconds = lawgraph("load", "neo4j", str(graph_file), "--uri", server.uri)
    assert_clean_failure(proc, seconds, f"error: cannot reach Neo4j at {server.uri} (")
    assert "is it running?" in proc.stderr
    assert server.connections >= 1


def test_a_wrong_password(graph_file, fake):
    server = fake("auth")
    proc, seconds = lawgraph("load", "neo4j", str(graph_file), "--uri", server.uri)
    assert_clean_failure(
        proc, seconds, f"error: Neo4j at {server.uri} refused the credentials of user 'neo4j': check NEO4J_USER and NEO4J_PASSWORD"
    )


def test_credentials_in_the_uri_are_never_shown(graph_file, fake):
    server = fake("auth")
    uri = f"bolt://neo4j:{URI_SECRET}@127.0.0.1:{server.port}"
    proc, seconds = lawgraph("load", "neo4j", str(graph_file), env={"NEO4J_URI": uri})
    assert_clean_failure(proc, seconds, "error: ")
    assert f"127.0.0.1:{server.port}" in proc.stderr


def test_the_server_going_away_mid_load_is_retried_with_backoff_then_reported(fake):
    # 5 schema queries and a few node batches go through, then the server goes away: the
    # driver retries with growing pauses until max_retry_time, then the store gives up.
    server = fake("serve", transactions=8)
    store = memory(*V1)
    t0 = time.monotonic()
    with pytest.raises(Neo4jStoreError) as info:
        with Neo4jStore(server.uri, "neo4j", SECRET, batch_size=1, max_retry_time=2) as neo:
            neo.load(store)
    seconds = time.monotonic() - t0
    msg = str(info.value)
    assert msg.startswith(f"lost Neo4j at {server.uri} while writing ")
    assert "nodes (batch " in msg and "retried for 2 s" in msg
    assert "rerun the same command to complete the load: every step is idempotent" in msg
    assert SECRET not in msg
    assert server.after_gone >= 2, "the driver retried"
    assert seconds < 15, f"retries took {seconds:.1f} s"


def test_the_command_line_reports_a_server_gone_mid_load(graph_file, fake, monkeypatch):
    import neo4j

    real = neo4j.GraphDatabase.driver

    def short_retries(uri, **kwargs):  # the default (30 s) is right for a restarting server, long for a test
        return real(uri, **{**kwargs, "max_transaction_retry_time": 1})

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", short_retries)
    server = fake("serve", transactions=6)
    t0 = time.monotonic()
    result = CliRunner().invoke(
        app, ["load", "neo4j", str(graph_file), "--uri", server.uri, "--batch-size", "1"], env={"NEO4J_PASSWORD": SECRET}
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"loading into Neo4j at {server.uri}\nerror: lost Neo4j at {server.uri} while ")
    assert "rerun the same command to complete the load" in result.stderr
    assert "Traceback" not in result.output and SECRET not in result.output
    assert time.monotonic() - t0 < 30


def test_a_fake_server_that_answers_takes_the_whole_load(fake):
    # The fake is good enough to carry a load to its end: the failures above are the faults.
    server = fake("serve")
    with Neo4jStore(server.uri, "neo4j", SECRET, batch_size=2) as neo:
        summary = neo.load(memory(*V1))
    assert summary.nodes_written == {"Agency": 3, "Law": 4, "Report": 3}
    assert server.begun > 5


# ---------------------------------------------------------------------------------------------
# the password: environment or prompt, never a required argument, never printed


def test_the_password_option_is_optional_and_the_help_says_use_the_environment(monkeypatch):
    import typer.main

    command = typer.main.get_command(app).commands["load"].commands["neo4j"]
    password = next(p for p in command.params if p.name == "password")
    assert not password.required and password.envvar == "NEO4J_PASSWORD"
    result = CliRunner().invoke(app, ["load", "neo4j", "--help"], env={"NEO4J_PASSWORD": SECRET, "COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Set NEO4J_PASSWORD or answer the prompt" in result.stdout
    assert SECRET not in result.stdout


def test_the_password_prompt_does_not_echo(graph_file, monkeypatch):
    from lawgraph.commands import load_cmd

    class TerminalSys:  # sys, with a terminal on stdin
        stdin = SimpleNamespace(isatty=lambda: True)

        def __getattr__(self, name):
            return getattr(sys, name)

    monkeypatch.setattr(load_cmd, "sys", TerminalSys())
    port = closed_port()
    result = CliRunner().invoke(
        app, ["load", "neo4j", str(graph_file), "--uri", f"bolt://127.0.0.1:{port}"], input=SECRET + "\n", env={"NEO4J_PASSWORD": None}
    )
    assert result.exit_code == 1
    assert "Neo4j password:" in result.output and "cannot reach Neo4j" in result.stderr
    assert SECRET not in result.output


# ---------------------------------------------------------------------------------------------
# a rerun after a failure at any point equals a clean load


class CypherFake:
    """An in-memory database that runs exactly the queries graph.neo4j_store sends,
    recognised by their text, with their Cypher meaning (MERGE, SET n = …, DETACH DELETE,
    LIMIT). ``fail_at``: the number of the call that raises a transient Neo4j error."""

    def __init__(self):
        self.nodes: dict[str, tuple[str, dict]] = {}  # id → (label, properties)
        self.rels: dict[tuple, dict] = {}  # (type, start, end, year or None) → properties
        self.calls = 0
        self.fail_at: int | None = None

    def verify_connectivity(self):
        pass

    def close(self):
        pass

    def state(self):
        return self.nodes, self.rels

    def execute_query(self, query, params=None, **kwargs):
        from neo4j.exceptions import Neo4jError

        self.calls += 1
        if self.calls == self.fail_at:
            raise Neo4jError._hydrate_neo4j(code="Neo.TransientError.Transaction.DeadlockDetected", message="deadlock")
        return SimpleNamespace(records=self._run(query, params or {}))

    def _label(self, node_id):
        node = self.nodes.get(node_id)
        return node[0] if node else None

    def _touching(self, node_id):
        return [k for k in self.rels if node_id in (k[1], k[2])]

    def _delete(self, node_id):
        for k in self._touching(node_id):
            del self.rels[k]
        del self.nodes[node_id]

    def _run(self, q, p):  # noqa: C901 — one branch per query of the store
        rows = p.get("rows")
        if q in ns.schema_queries():
            return []
        for label, text in ns.NODE_MERGE.items():
            if q == text:
                for row in rows:
                    self.nodes[row["id"]] = (label, dict(row["props"]))
                return []
        for name, text in ns.REL_MERGE.items():
            if q == text:
                rel = model.RELS_BY_NAME[name]
                for row in rows:
                    if self._label(row["start"]) == rel.start and self._label(row["end"]) == rel.end:
                        self.rels[(rel.type, row["start"], row["end"], None)] = dict(row["props"])
                return []
        if q == ns.FIND_REPLACED:
            found = {
                n for row in rows for n, (label, props) in self.nodes.items()
                if label == model.REPORT and props.get("source") == row["source"] and n != row["id"]
            }
            return [{"id": n} for n in sorted(found)]
        if q == ns.FIND_ISSUERS:
            found = {
                k[1] for rid in rows for k in self.rels
                if k[0] == model.ISSUED and k[2] == rid and self._label(k[1]) == model.AGENCY and self._label(rid) == model.REPORT
            }
            return [{"id": a} for a in sorted(found)]
        if q == ns.DELETE_REPORTS:
            for rid in rows:
                if self._label(rid) == model.REPORT:
                    self._delete(rid)
            return []
        if q == ns.PROJECTION_FACTS:
            out = []
            for a in rows:
                for (t, s, r, _) in list(self.rels):
                    if t != model.ISSUED or s != a or self._label(r) != model.REPORT or r in p["exclude"]:
                        continue
                    year = self.nodes[r][1].get("year")
                    for (t2, s2, law, y2), props in self.rels.items():
                        if t2 == model.CITES and s2 == r and y2 is None and year is not None:
                            out.append({"agency": a, "report": r, "year": year, "law": law, "count": props["count"]})
            return out
        if q == ns.PROJECTION_WRITE:
            for row in rows:
                a = row["agency"]
                if self._label(a) != model.AGENCY:
                    continue
                for k in [k for k in self.rels if k[0] == model.CITES and k[1] == a and self._label(k[2]) == model.LAW]:
                    del self.rels[k]
                for e in row["edges"]:
                    if self._label(e["end"]) == model.LAW:
                        self.rels[(model.CITES, a, e["end"], e["year"])] = dict(e["props"])
            return []
        for label, text in ns.DELETE_ORPHANS.items():
            if q == text:
                orphans = [n for n, (lab, _) in self.nodes.items() if lab == label and not self._touching(n)]
                for n in orphans[: p["limit"]]:
                    self._delete(n)
                return [{"deleted": len(orphans[: p["limit"]])}]
        if q == ns.WIPE:
            doomed = list(self.nodes)[: p["limit"]]
            for n in doomed:
                self._delete(n)
            return [{"deleted": len(doomed)}]
        for label, text in ns.COUNT_NODES.items():
            if q == text:
                return [{"n": sum(lab == label for lab, _ in self.nodes.values())}]
        for name, text in ns.COUNT_RELS.items():
            if q == text:
                rel = model.RELS_BY_NAME[name]
                return [{"n": sum(k[0] == rel.type and self._label(k[1]) == rel.start and self._label(k[2]) == rel.end for k in self.rels)}]
        raise AssertionError(f"the fake does not know this query: {q}")


def test_the_fake_database_holds_what_the_memory_store_holds():
    db = CypherFake()
    store = memory(*V2)
    summary = Neo4jStore(driver=db, batch_size=2).load(store)
    s = store.summary()
    assert summary.counts == {
        "Agency": s.agencies, "Law": s.laws, "Report": s.reports, "issued": s.reports - s.reports_without_issuer,
        "report_cites": s.citation_edges, "mentions": s.mention_edges, "agency_cites": s.projection_edges,
    }


@pytest.mark.parametrize(
    "before, after",
    [
        ("empty", V2),
        ("v1", V2),
        ("v1", V2_ISSUER_GONE),
    ],
    ids=["into an empty database", "over an older version", "over an older version whose issuer is gone"],
)
def test_a_load_stopped_at_any_query_then_rerun_equals_a_clean_load(before, after):
    def fresh() -> CypherFake:
        db = CypherFake()
        if before == "v1":
            Neo4jStore(driver=db, batch_size=2).load(memory(*V1))
        return db

    v2 = memory(*after)
    clean = fresh()
    start = clean.calls
    clean_summary = Neo4jStore(driver=clean, batch_size=2).load(v2)
    calls = clean.calls - start
    assert calls > 20  # schema, batches, replaced reports, projection, orphans, counts

    # Reference: v2 alone in an empty database (what is left of v1 must be nothing).
    alone = CypherFake()
    Neo4jStore(driver=alone, batch_size=2).load(v2)
    assert clean.state() == alone.state()

    for n in range(1, calls + 1):
        db = fresh()
        db.fail_at = db.calls + n
        with pytest.raises(Neo4jStoreError, match="Rerun the same command to complete the load"):
            Neo4jStore(driver=db, batch_size=2).load(v2)
        db.fail_at = None
        summary = Neo4jStore(driver=db, batch_size=2).load(v2)
        assert db.state() == clean.state(), f"stopped at query {n} of {calls}"
        assert summary.counts == clean_summary.counts


# ---------------------------------------------------------------------------------------------
# the same on a real server (NEO4J_URI)

needs_server = pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"),
    reason="NEO4J_URI not set: start Neo4j with `docker compose up -d --wait` and export NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD",
)

SNAPSHOT_NODES = "MATCH (n) WHERE n:Agency OR n:Law OR n:Report RETURN labels(n)[0] AS label, n.id AS id"
SNAPSHOT_RELS = (
    "MATCH (a)-[r]->(b) WHERE (a:Agency OR a:Report) AND (b:Agency OR b:Law OR b:Report) "
    "RETURN a.id AS a, type(r) AS t, b.id AS b, r.year AS year, r.count AS count, r.reports AS reports"
)


def snapshot(neo: Neo4jStore):
    nodes = sorted((r["label"], r["id"]) for r in neo._run(SNAPSHOT_NODES, None, "test", read=True))
    rels = sorted(
        (r["a"], r["t"], r["b"], r["year"] or 0, r["count"] or 0, tuple(r["reports"] or ()))
        for r in neo._run(SNAPSHOT_RELS, None, "test", read=True)
    )
    return nodes, rels


@pytest.mark.neo4j
@needs_server
@pytest.mark.parametrize("failing", ["Law", "Report"])
def test_a_failed_batch_on_a_real_server_then_a_rerun_equals_a_clean_load(failing, monkeypatch):
    from neo4j.exceptions import Neo4jError

    v1, v2 = memory(*V1), memory(*V2)
    with Neo4jStore(**ns.settings_from_env(), batch_size=2) as neo:
        neo.wipe()
        try:
            neo.load(v1)
            clean = neo.load(v2)
            clean_state = snapshot(neo)
            neo.wipe()

            neo.load(v1)
            real = neo._driver.execute_query
            seen = []

            def flaky(query, *args, **kwargs):
                if query == ns.NODE_MERGE[failing]:
                    seen.append(1)
                    if len(seen) == 2:
                        raise Neo4jError._hydrate_neo4j(code="Neo.TransientError.General.OutOfMemoryError", message="no memory")
                return real(query, *args, **kwargs)

            monkeypatch.setattr(neo._driver, "execute_query", flaky)
            with pytest.raises(Neo4jStoreError, match=rf"{failing} nodes \(batch 2 of \d+, \d rows\).*Rerun"):
                neo.load(v2)
            monkeypatch.setattr(neo._driver, "execute_query", real)
            rerun = neo.load(v2)
            assert rerun.counts == clean.counts
            assert snapshot(neo) == clean_state
        finally:
            neo.wipe()
