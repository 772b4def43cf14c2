"""Connecting to Neo4j: no password in any message, no minute of waiting (issue 12,
finding 10). No server is needed: a closed port, a socket that accepts and stays silent,
and malformed URIs are what the tests connect to.

* A password in the URI's user-info was printed in a traceback (`query --backend neo4j`,
  `cypher`) and in the error line of `load neo4j` for a URI missing `//`.
* A server that accepts and stays silent gave a traceback after ~120 s.
* A closed port gave 32–57 s of retry warnings.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from typer.testing import CliRunner

from lawgraph.graph import MemoryStore
from lawgraph.cli import app

pytest.importorskip("neo4j")

SECRET = "s3cret-Pw-9"


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "graph.json"
    MemoryStore().save(path)
    return path


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_server():
    """Accepts connections and never says a word."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    held = []
    stop = threading.Event()

    def serve():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])
            except OSError:
                pass

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join()
    for c in held:
        c.close()
    srv.close()


def commands(uri: str, graph_file) -> list[list[str]]:
    return [
        ["query", "agencies-citing", "统计法", "--backend", "neo4j", "--uri", uri],
        ["cypher", "RETURN 1 AS x", "--uri", uri],
        ["load", "neo4j", str(graph_file), "--uri", uri],
    ]


@pytest.mark.parametrize(
    "uri",
    [
        "neo4j://alice:{pw}@127.0.0.1:{port}",  # routing drivers refuse user-info
        "bolt://alice:{pw}@127.0.0.1:{port}",
        "alice:{pw}@127.0.0.1:{port}",  # no //: urlsplit sees no user-info at all
        "neo4j+s://alice:{pw}@[::1:{port}",  # broken
    ],
)
def test_a_password_in_the_uri_is_never_printed(uri, graph_file, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "from-env")
    uri = uri.format(pw=SECRET, port=_closed_port())
    for args in commands(uri, graph_file):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert SECRET not in result.output, (args, result.output)
        assert "Traceback" not in result.output
        assert result.stderr.splitlines()[-1].startswith("error: "), result.stderr


def test_a_closed_port_fails_at_once_without_retrying(graph_file, monkeypatch, caplog):
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    for args in commands(uri, graph_file):
        t0 = time.monotonic()
        result = CliRunner().invoke(app, args)
        elapsed = time.monotonic() - t0
        assert result.exit_code == 1, (args, result.output)
        assert f"error: cannot reach Neo4j at {uri}" in result.stderr, result.stderr
        assert "will be retried" not in result.output + caplog.text
        assert elapsed < 20, f"{args[0]}: {elapsed:.0f} s"  # generous: it was 32-57 s of retries


def test_a_silent_server_fails_after_the_connect_timeout(graph_file, silent_server, monkeypatch):
    import lawgraph.graph.neo4j_store as store

    monkeypatch.setattr(store, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    uri = f"bolt://127.0.0.1:{silent_server}"
    for args in commands(uri, graph_file):
        t0 = time.monotonic()
        result = CliRunner().invoke(app, args)
        elapsed = time.monotonic() - t0
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        assert result.stderr.splitlines()[-1].startswith(f"error: cannot reach Neo4j at {uri}"), result.stderr
        assert elapsed < 15, f"{args[0]}: {elapsed:.0f} s"  # it was 60-120 s


def test_redact_uri_handles_uris_without_slashes():
    from lawgraph.graph.neo4j_store import redact_uri

    assert redact_uri(f"neo4j://alice:{SECRET}@db:7687") == "neo4j://db:7687"
    assert redact_uri(f"alice:{SECRET}@db:7687") == "db:7687"
    assert SECRET not in redact_uri(f"bolt://a:{SECRET}@[::1")
