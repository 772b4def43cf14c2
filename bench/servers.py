"""The bundled Neo4j test server (``tests/neo4j_server``), for the tests and the benchmarks.

:class:`Neo4jTestServer` builds the small Maven project once (``mvn compile``: the Neo4j
5.26 jars come from Maven Central into ``~/.m2`` the first time, then from there), and runs
it in a JVM of its own: Neo4j Community embedded, Bolt on a free port of 127.0.0.1, auth on
with a known password, HTTP off, a small page cache. It can first import neo4j-admin CSV
files (``lawgraph export neo4j-admin``) into its fresh database with the real import tool.

>>> with Neo4jTestServer() as server:                       # doctest: +SKIP
...     server.uri, server.user, server.password
('bolt://127.0.0.1:40123', 'neo4j', '…')

This is test machinery, not part of lawgraph: users get a Neo4j from docker-compose.yml or
their own server (see docs/neo4j.md, "Getting a Neo4j").
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT / "tests" / "neo4j_server"
POM = PROJECT / "pom.xml"
SOURCE = PROJECT / "src" / "main" / "java" / "lawgraph" / "testserver" / "LawgraphNeo4jServer.java"
JVM_ARGS = PROJECT / "jvm.args"
TARGET = PROJECT / "target"
CLASSPATH = TARGET / "classpath.txt"
MAIN_CLASS = "lawgraph.testserver.LawgraphNeo4jServer"
PASSWORD_VARIABLE = "LAWGRAPH_NEO4J_PASSWORD"


class Neo4jServerError(RuntimeError):
    """The test server could not be built or started; the message says why."""


def missing_tools() -> str | None:
    """Why the test server cannot run here (no Java 17+, no Maven), or None."""
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            return f"{tool} is not on PATH (the bundled Neo4j needs Java 17 or newer and Maven)"
    return None


def neo4j_version() -> str:
    """The Neo4j version the pom pins."""
    text = POM.read_text(encoding="utf-8")
    start = text.index("<neo4j.version>") + len("<neo4j.version>")
    return text[start : text.index("</neo4j.version>", start)]


_build_lock = threading.Lock()


def build(*, quiet: bool = True, timeout: float = 1800) -> str:
    """Compile the server (when its sources changed) and return its Java classpath.

    The first build downloads Neo4j's jars into the local Maven repository (~/.m2): that
    happens once per machine.
    """
    with _build_lock:
        classes = TARGET / "classes" / "lawgraph" / "testserver" / "LawgraphNeo4jServer.class"
        newest_source = max(p.stat().st_mtime for p in (POM, SOURCE))
        stale = not (CLASSPATH.exists() and classes.exists()) or min(CLASSPATH.stat().st_mtime, classes.stat().st_mtime) < newest_source
        jars = CLASSPATH.read_text(encoding="utf-8").strip().split(os.pathsep) if CLASSPATH.exists() else []
        if stale or not all(os.path.exists(j) for j in jars):
            reason = missing_tools()
            if reason:
                raise Neo4jServerError(reason)
            cmd = ["mvn", "-B", "-f", str(POM), "compile"]
            if quiet:
                cmd.insert(1, "-q")
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
            if proc.returncode != 0:
                tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
                raise Neo4jServerError(f"building the Neo4j test server failed ({' '.join(cmd)}):\n{tail}")
            jars = CLASSPATH.read_text(encoding="utf-8").strip().split(os.pathsep)
        return os.pathsep.join([str(TARGET / "classes"), *jars])


class Neo4jTestServer:
    """One Neo4j 5.26 Community server in a JVM of its own.

    ``home``: its folder (a temporary one, removed by :meth:`stop`, when not given);
    ``import_args``: a ``neo4j-admin`` command run before it starts, such as
    ``graph.neo4j_admin.import_args(folder)`` (absolute paths: the JVM runs in ``home``);
    ``port``: 0 for a free one.
    """

    user = "neo4j"

    def __init__(
        self,
        home: str | os.PathLike | None = None,
        *,
        password: str | None = None,
        port: int = 0,
        import_args: Sequence[str] = (),
        heap: str = "768m",
        page_cache_mb: int = 64,
        startup_timeout: float = 240.0,
    ):
        self._own_home = home is None
        self.home = Path(home) if home is not None else None
        self.password = password or "lg-" + secrets.token_hex(12)
        self.port = port
        self.import_args = list(import_args)
        self.heap = heap
        self.page_cache_mb = page_cache_mb
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self.uri: str | None = None
        self.import_seconds: float | None = None
        self.start_seconds: float | None = None
        self._err: Any = None

    # --- lifecycle ---------------------------------------------------------------------------

    def command(self, classpath: str) -> list[str]:
        cmd = ["java", f"@{JVM_ARGS}", f"-Xms{self.heap}", f"-Xmx{self.heap}", "-cp", classpath, MAIN_CLASS]
        cmd += ["--home", str(self.home), "--port", str(self.port), "--page-cache-mb", str(self.page_cache_mb), "--stop-on-eof"]
        if self.import_args:
            cmd += ["--", *self.import_args]
        return cmd

    def start(self) -> "Neo4jTestServer":
        classpath = build()
        if self.home is None:
            self.home = Path(tempfile.mkdtemp(prefix="lawgraph-neo4j-"))
        self.home.mkdir(parents=True, exist_ok=True)
        self._err = open(self.home / "server.stderr", "w+b")  # noqa: SIM115 — the server writes it until stop()
        env = {**os.environ, PASSWORD_VARIABLE: self.password}
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            self.command(classpath),
            stdin=subprocess.PIPE,  # closed by us (or by our death): the server then stops
            stdout=subprocess.PIPE,
            stderr=self._err,
            env=env,
            cwd=self.home,  # the import tool writes import.report into the working folder
            text=True,
            encoding="utf-8",
        )
        lines: list[str] = []
        ready = threading.Event()

        def read() -> None:
            assert self.proc is not None and self.proc.stdout is not None
            for line in self.proc.stdout:
                lines.append(line.strip())
                if line.startswith("READY "):
                    ready.set()
                    break
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(self.startup_timeout) or not any(x.startswith("READY ") for x in lines):
            output = self._stderr_tail()
            self._terminate(kill=True)
            raise Neo4jServerError(f"the Neo4j test server did not start (home {self.home}):\n{output}")
        self.start_seconds = time.monotonic() - t0
        for x in lines:
            if x.startswith("IMPORTED "):
                self.import_seconds = int(x.split()[1]) / 1000
            if x.startswith("READY "):
                self.uri = x.split()[1]
        self.port = int(self.uri.rsplit(":", 1)[1])
        return self

    def _stderr_tail(self, lines: int = 30) -> str:
        if self._err is None:
            return ""
        self._err.flush()
        self._err.seek(0)
        text = self._err.read().decode("utf-8", "replace")
        return "\n".join(text.strip().splitlines()[-lines:])

    def _terminate(self, *, kill: bool = False, timeout: float = 60) -> None:
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None:
            if kill:
                proc.kill()
            else:
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self.proc = None

    def kill(self) -> None:
        """SIGKILL the JVM, as a crash would; the home stays, :meth:`start` recovers it."""
        self._terminate(kill=True)

    def stop(self) -> None:
        """SIGTERM (a clean shutdown), and the temporary home removed."""
        self._terminate()
        if self._err is not None:
            self._err.close()
            self._err = None
        if self._own_home and self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def settings(self) -> dict[str, Any]:
        """Keyword arguments for ``graph.neo4j_store.Neo4jStore``."""
        return {"uri": self.uri, "user": self.user, "password": self.password, "database": None}

    def env(self) -> dict[str, str]:
        """The environment variables lawgraph reads, pointing at this server."""
        return {"NEO4J_URI": self.uri or "", "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}

    def __enter__(self) -> "Neo4jTestServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
