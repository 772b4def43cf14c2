"""Neo4j faults: an unreachable server, a wrong password, a server going away mid-load, a
failing query at any point of a load. Each ends with one clear line and a non-zero exit,
never shows the password, and retries are bounded; a rerun after any failure completes the
load.

Protocol-level faults use a fake Bolt endpoint on 127.0.0.1 (a few lines of the Bolt 5.0
protocol: it can close at once, drop after the handshake, refuse the credentials, or
answer queries and then go away). Everything else runs on the real server (the bundled
Neo4j 5.26, or NEO4J_URI's): a load stopped at every query it sends, then rerun, and the
JVM killed mid-load, then restarted and the load rerun.
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

from lawgraph.extract.records import Agency, Citation, Record, Report
from lawgraph.graph import MemoryStore
from lawgraph.graph import neo4j_store as ns
from lawgraph.graph.neo4j_store import Neo4jStore, Neo4jStoreError
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


def lawgraph(*args: str, env: dict | None = None, verbose: bool = True, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    """Run the real command line (debug logging on, unless not ``verbose``) in a process of its own.

    Returns the process and the seconds it spent beyond an in-run reference: the same command
    with a URI whose scheme is refused before any connection, so that starting Python,
    importing and reading the graph (slow on a loaded machine) are not counted against the
    time the server is given to answer."""
    reference = _refused_scheme(args, env)
    t0 = time.monotonic()
    _run(reference[0], reference[1], verbose, timeout)
    startup = time.monotonic() - t0
    t0 = time.monotonic()
    proc = _run(args, env, verbose, timeout)
    return proc, time.monotonic() - t0 - startup


def _run(args, env, verbose: bool, timeout: float) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    clean.update({"NEO4J_PASSWORD": SECRET, **(env or {})})
    clean = {k: v for k, v in clean.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-c", "from lawgraph.cli import main; main()", *(["-v"] if verbose else []), *args],
        capture_output=True,
        text=True,
        env=clean,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


_NO_SUCH_SCHEME = "unknown://127.0.0.1:1"


def _refused_scheme(args, env):
    args = list(args)
    env = dict(env or {})
    if "--uri" in args:
        args[args.index("--uri") + 1] = _NO_SUCH_SCHEME
    else:
        env["NEO4J_URI"] = _NO_SUCH_SCHEME
    return args, env


def assert_clean_failure(proc: subprocess.CompletedProcess, seconds: float, message: str) -> None:
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert message in proc.stderr, output
    assert "Traceback" not in output
    assert SECRET not in output and URI_SECRET not in output
    assert seconds < 5, f"took {seconds:.1f} s"


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
    assert_clean_failure(proc, seconds, f"error: Neo4j at {server.uri} refused the credentials of user 'neo4j': check NEO4J_USER and NEO4J_PASSWORD")


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
    with pytest.raises(Neo4jStoreError) as info, Neo4jStore(server.uri, "neo4j", SECRET, batch_size=1, max_retry_time=2) as neo:
        neo.load(store)
    seconds = time.monotonic() - t0
    msg = str(info.value)
    assert msg.startswith(f"lost Neo4j at {server.uri} while writing ")
    assert "nodes (batch " in msg and "retries stop after 2 s" in msg
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
    result = CliRunner().invoke(app, ["load", "neo4j", str(graph_file), "--uri", server.uri, "--batch-size", "1"], env={"NEO4J_PASSWORD": SECRET})
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
    result = CliRunner().invoke(app, ["load", "neo4j", str(graph_file), "--uri", f"bolt://127.0.0.1:{port}"], input=SECRET + "\n", env={"NEO4J_PASSWORD": None})
    assert result.exit_code == 1
    assert "Neo4j password:" in result.output and "cannot reach Neo4j" in result.stderr
    assert SECRET not in result.output


# ---------------------------------------------------------------------------------------------
# failing fast: load, query and cypher, with nothing listening


COMMANDS = {
    "load": lambda uri, graph: ["load", "neo4j", str(graph), "--uri", uri],
    "query": lambda uri, graph: ["query", "top-laws", "--backend", "neo4j", "--uri", uri],
    "cypher": lambda uri, graph: ["cypher", "MATCH (n) RETURN count(n) AS n", "--uri", uri],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("scheme", ["neo4j", "bolt"])
def test_an_unreachable_server_is_one_line_within_5_seconds(graph_file, command, scheme):
    port = closed_port()
    uri = f"{scheme}://neo4j:{URI_SECRET}@127.0.0.1:{port}"
    proc, seconds = lawgraph(*COMMANDS[command](uri, graph_file), verbose=False)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    # One line, and only ours: no driver warnings, no retry chatter, no traceback.
    assert proc.stderr.splitlines() == [
        f"error: cannot reach Neo4j at {scheme}://127.0.0.1:{port} ({proc.stderr.split(' (', 1)[1].split('); ', 1)[0]}); "
        "is it running? `docker compose up -d --wait` starts the one in docker-compose.yml"
    ], proc.stderr
    assert URI_SECRET not in proc.stderr and SECRET not in proc.stderr
    assert seconds < 5, f"{command} took {seconds:.1f} s"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_refused_password_is_one_line_too(graph_file, fake, command):
    server = fake("auth")
    proc, seconds = lawgraph(*COMMANDS[command](server.uri, graph_file), verbose=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"error: Neo4j at {server.uri} refused the credentials of user 'neo4j': check NEO4J_USER and NEO4J_PASSWORD"]
    assert seconds < 5


# ---------------------------------------------------------------------------------------------
# on the real server: a load stopped at any query, then rerun, equals a clean load

from tests.neo4j_support import assert_same_database  # noqa: E402


class Stop(Exception):
    pass


def stopping_at(neo: Neo4jStore, n: int | None, monkeypatch) -> list[int]:
    """Make the ``n``-th query or transaction of ``neo`` fail (a server error, not retried);
    returns the counter (its length is the number of calls so far)."""
    from neo4j.exceptions import Neo4jError

    calls: list[int] = []
    real_query, real_session = neo.driver.execute_query, neo.driver.session

    def tick():
        calls.append(1)
        if len(calls) == n:
            raise Neo4jError._hydrate_neo4j(code="Neo.DatabaseError.General.UnknownError", message="stopped here")

    def execute_query(*args, **kwargs):
        tick()
        return real_query(*args, **kwargs)

    def session(*args, **kwargs):
        tick()
        return real_session(*args, **kwargs)

    monkeypatch.setattr(neo.driver, "execute_query", execute_query)
    monkeypatch.setattr(neo.driver, "session", session)
    return calls


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "before, after",
    [("empty", V2), ("v1", V2), ("v1", V2_ISSUER_GONE)],
    ids=["into an empty database", "over an older version", "over an older version whose issuer is gone"],
)
def test_a_load_stopped_at_any_query_then_rerun_equals_the_networkx_store(neo4j_target, before, after, monkeypatch):
    reference = memory(*V1) if before == "v1" else memory()
    reference.add_records(after)
    graph = memory(*after)
    with neo4j_target.store(batch_size=2) as neo:

        def fresh():
            neo.wipe()
            if before == "v1":
                neo.load(memory(*V1))

        fresh()
        with monkeypatch.context() as m:
            counter = stopping_at(neo, None, m)
            neo.load(graph)
        calls = len(counter)
        assert calls > 25  # schema, batches, replaced reports, projection, aliases, orphans, counts
        assert_same_database(neo, reference)

        # Every point where a load can stop (every other one, past the first 8: the
        # schema and the first batches are alike; the last point is always taken).
        points = sorted({*range(1, 9), *range(9, calls + 1, 2), calls})
        for n in points:
            fresh()
            with monkeypatch.context() as m:
                stopping_at(neo, n, m)
                with pytest.raises(Neo4jStoreError, match="stopped here"):
                    neo.load(graph)
            neo.load(graph)
            assert_same_database(neo, reference)
        neo.wipe()


# ---------------------------------------------------------------------------------------------
# on the real server: the JVM killed mid-load


@pytest.mark.neo4j
@pytest.mark.slow
def test_the_server_killed_mid_load_is_one_error_and_a_rerun_completes(tmp_path):
    """SIGKILL the bundled server's JVM while `lawgraph load neo4j` writes: the command
    ends with one line saying the server was lost and to rerun; once the server is back
    (restarted on the same data, which Neo4j recovers), the same command completes the load."""
    from bench.bench_queries import synthetic_store
    from bench.servers import Neo4jServerError, Neo4jTestServer, missing_tools
    from tests.conftest import no_neo4j

    reason = missing_tools()
    if reason:
        no_neo4j(f"this test kills a server of its own: {reason}")
    graph = synthetic_store(20000, per_report=10, n_laws=2000)
    path = graph.save(tmp_path / "graph.json")
    server = Neo4jTestServer(tmp_path / "neo4j-home")
    try:
        server.start()
    except Neo4jServerError as err:
        pytest.fail(str(err), pytrace=False)
    try:
        env = {**server.env(), "NEO4J_PASSWORD": server.password}
        args = [sys.executable, "-c", "from lawgraph.cli import main; main()", "load", "neo4j", str(path), "--batch-size", "500"]
        t0 = time.monotonic()
        proc = subprocess.Popen(args, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        # Kill once the load is writing (some Law nodes are in), long before it ends.
        with Neo4jStore(**server.settings()) as watch:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                if watch.execute("MATCH (n:Law) RETURN count(n) AS n")[1][0][0] > 0:
                    break
                time.sleep(0.1)
        assert proc.poll() is None, "the load ended before the server could be killed"
        server.kill()
        killed = time.monotonic()
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, err
        lines = err.splitlines()
        assert lines[0] == f"loading into Neo4j at {server.uri}" and len(lines) == 2, err
        assert lines[1].startswith(f"error: lost Neo4j at {server.uri} while ")
        assert lines[1].endswith("Once it is back, rerun the same command to complete the load: every step is idempotent")
        assert server.password not in out + err and "Traceback" not in err
        # Bounded retries (the driver's backoff may overshoot its retry time by one pause).
        assert time.monotonic() - killed < 2 * ns.MAX_RETRY_TIME + 15, err
        assert killed - t0 < 120

        server.start()  # same home, same port: Neo4j recovers what was committed
        rerun = subprocess.run(args, env={**os.environ, **env}, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
        assert rerun.returncode == 0, rerun.stderr
        with Neo4jStore(**server.settings()) as neo:
            assert_same_database(neo, graph)
    finally:
        server.stop()
