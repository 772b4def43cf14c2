"""Cypher injection: hostile names reach the database only as parameters.

The graph itself holds an agency and a document named after each payload, so name
resolution resolves the payloads and every query really runs with them. On Neo4j (the
bundled test server, or NEO4J_URI's) the whole database is read back before and compared
after; the driver's calls are recorded on the way (READ transactions, query text = the
file, data in parameters). The raw ``lawgraph cypher`` command runs read-only unless
``--write``.
"""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.queries import BackendError, QueryError, WriteRefused, list_queries, run, run_query
from lawgraph.queries.backends.guard import write_clauses
from lawgraph.queries.backends.neo4j import Neo4jBackend

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
    from lawgraph.graph.memory import MemoryStore

    s = MemoryStore()
    s.add_records(_records())
    return s


#: Values for required parameters that are not names (the payloads go into the names).
SAMPLES = {"article": "第3条"}


def _params(spec, value):
    names = {p.name: value for p in spec.params if p.resolves and (p.required or p.name in ("law_id", "agency_id"))}
    return {**{p.name: SAMPLES[p.name] for p in spec.params if p.required and p.name in SAMPLES}, **names}


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
        res = runner.invoke(app, ["cypher", text, "--uri", "bolt://127.0.0.1:1"], env={"NEO4J_PASSWORD": "x"})
        assert res.exit_code == 2, res.output
        assert "read-only unless you pass --write" in res.output
    assert write_clauses("MATCH (n) WHERE n.title = 'x DETACH DELETE n' RETURN n") == []


# --- Neo4j -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def neo(neo4j_target, store):
    """A Neo4jBackend on a database holding the payload graph; its driver's calls recorded."""
    from tests.neo4j_support import assert_same_database

    adapter = neo4j_target.store()
    adapter.wipe()
    adapter.load(store)
    assert_same_database(adapter, store)
    backend = Neo4jBackend(adapter, owns_store=True)
    try:
        yield backend
    finally:
        adapter.wipe()
        backend.close()


@pytest.fixture
def recorded(neo, monkeypatch):
    """The (query, parameters, routing) of every query the backend sends from now on."""
    calls = []
    real = neo.store.driver.execute_query

    def execute_query(query, params=None, **kwargs):
        calls.append((query, dict(params or {}), str(kwargs.get("routing_"))))
        return real(query, params, **kwargs)

    monkeypatch.setattr(neo.store.driver, "execute_query", execute_query)
    return calls


def _snapshot(neo):
    from tests.neo4j_support import dump

    return dump(neo.store)


def test_neo4j_stores_the_payloads_verbatim(neo, store):
    _, rows = neo.execute("MATCH (l:Law) WHERE l.id <> 'doc:plain' RETURN l.id AS id, l.title AS title ORDER BY id")
    assert [tuple(r) for r in rows] == sorted((p, p) for p in PAYLOADS)
    _, pwned = neo.execute("MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS n")
    assert pwned == [[0]]


@pytest.mark.parametrize("spec", PARAM_QUERIES, ids=lambda s: s.name)
def test_every_query_takes_payloads_on_neo4j_and_the_graph_is_unchanged(neo, store, spec, recorded):
    before = _snapshot(neo)
    for p in PAYLOADS:
        params = _params(spec, p)
        assert run(neo, spec.name, params).rows == run(store, spec.name, params).rows
        # Unresolved, the raw text goes to the database as the id: no rows, no harm.
        raw = {k: v if k in SAMPLES else "zz" + v for k, v in params.items()}
        assert run(neo, spec.name, raw, resolve=False).rows == []
    assert _snapshot(neo) == before
    sent = [(q, params, routing) for q, params, routing in recorded if q == spec.cypher]
    assert sent and all(routing == "r" or routing.endswith("READ") for _, _, routing in sent), sent[:1]
    from lawgraph.queries.backends import neo4j as neo4j_backend
    from tests.neo4j_support import DUMP_NODES, DUMP_RELS

    known = {s.cypher for s in list_queries(internal=True)} | {neo4j_backend.COUNTS, DUMP_NODES, DUMP_RELS}
    for q, _, _ in recorded:  # the files (the query's, the name lookups') untouched; payloads only as values
        assert q in known, q


def test_agencies_citing_a_payload_finds_its_agency_on_neo4j(neo):
    for p in PAYLOADS:
        assert [r["agency_id"] for r in run_query(neo, "agencies-citing", law_id=p)] == ["agency:" + p]


def test_the_query_command_passes_payloads_as_parameters(neo4j_target, neo, store):
    before = _snapshot(neo)
    runner = CliRunner()
    for spec in PARAM_QUERIES:
        for p in PAYLOADS[:5]:
            first = next(x for x in spec.params if x.resolves)
            args = ["query", spec.name, "-p", f"{first.name}={p}", "--backend", "neo4j", "--format", "json"]
            if spec.name == "contexts":
                args += ["-p", f"law_id={p}"]
            samples = {k: v for k, v in SAMPLES.items() if any(x.name == k for x in spec.params)}
            for k, v in samples.items():
                args += ["-p", f"{k}={v}"]
            res = runner.invoke(app, args, env=neo4j_target.env())
            assert res.exit_code == 0, (spec.name, p, res.output)
            expected = run(store, spec.name, {first.name: p, **samples, **({"law_id": p} if spec.name == "contexts" else {})}).rows
            assert json.loads(res.stdout) == expected
    assert _snapshot(neo) == before


def test_the_query_command_on_memory_with_payloads(store, tmp_path):
    path = tmp_path / "graph.json"
    store.save(path)
    runner = CliRunner()
    for p in PAYLOADS:
        res = runner.invoke(app, ["query", "agencies-citing", p, "--graph", str(path), "--format", "json"])
        assert res.exit_code == 0, res.output
        assert [r["agency"] for r in json.loads(res.stdout)] == [p]


def test_the_cypher_command_sends_payloads_as_parameters(neo4j_target, neo):
    before = _snapshot(neo)
    runner = CliRunner()
    for p in PAYLOADS:
        res = runner.invoke(
            app,
            ["cypher", "MATCH (l:Law {id: $id}) RETURN l.title AS title", "-p", f"id={p}", "--format", "json"],
            env=neo4j_target.env(),
        )
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout) == [{"title": p}]
    assert _snapshot(neo) == before


def test_the_server_refuses_writes_the_text_scan_misses(neo4j_target, neo):
    before = _snapshot(neo)
    sneaky = "CALL db.createProperty('pwned')"  # a procedure that writes: no write keyword
    assert write_clauses(sneaky) == []
    res = CliRunner().invoke(app, ["cypher", sneaky], env=neo4j_target.env())
    assert res.exit_code == 2 and "refused a write" in res.stderr, res.output
    with pytest.raises(WriteRefused):
        neo.execute("MATCH (n) DETACH DELETE n")
    assert _snapshot(neo) == before


def test_writes_run_with_write(neo4j_target, neo):
    res = CliRunner().invoke(
        app,
        ["cypher", "CREATE (n:Scratch {id: $id}) RETURN n.id AS id", "-p", "id=x'}) //", "--write", "--format", "json"],
        env=neo4j_target.env(),
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"id": "x'}) //"}]
    neo.execute("MATCH (n:Scratch) DELETE n", write=True)


def test_neo4j_values_the_driver_cannot_send_are_one_clear_error(neo):
    with pytest.raises(QueryError):
        neo.execute("RETURN $x AS x", {"x": object()})


# --- credentials ---------------------------------------------------------------------------------


def test_neo4j_password_comes_from_the_environment_and_is_never_printed(monkeypatch):
    import neo4j

    seen = {}
    real = neo4j.GraphDatabase.driver

    def recording_driver(uri, auth=None, **kw):
        seen["uri"], seen["auth"] = uri, auth
        return real(uri, auth=auth, **kw)

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", recording_driver)
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw-1234")
    res = CliRunner().invoke(app, ["cypher", "RETURN $v AS x", "-p", "v=1", "--uri", "bolt://127.0.0.1:1", "--user", "alice"])
    assert res.exit_code == 1 and "cannot reach Neo4j at bolt://127.0.0.1:1" in res.stderr
    assert seen == {"uri": "bolt://127.0.0.1:1", "auth": ("alice", "s3cret-pw-1234")}
    assert "s3cret-pw-1234" not in res.output


def test_neo4j_without_a_password_asks_or_explains(monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    res = CliRunner().invoke(app, ["cypher", "RETURN 1 AS x"])
    assert res.exit_code == 1
    assert "NEO4J_PASSWORD" in res.output


def test_no_password_in_the_module_environment():
    # The tests above set NEO4J_PASSWORD only through monkeypatch.
    assert os.environ.get("NEO4J_PASSWORD") != "s3cret-pw-1234"
    assert issubclass(BackendError, QueryError)
