"""The same parity as tests/test_queries_falkordb.py, on a real Neo4j (when NEO4J_URI is set).

Needs NEO4J_URI, NEO4J_USER (default neo4j), NEO4J_PASSWORD and optionally NEO4J_DATABASE
(e.g. the docker-compose.yml server). The test loads the seeds graph, then a synthetic
graph, and deletes them again; it refuses to touch a database that already holds
Agency, Law or Report nodes (point NEO4J_DATABASE at a scratch database, or empty it).
"""

from __future__ import annotations

import os

import pytest

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j server to test on"),
]

LAWGRAPH_NODES = "MATCH (n) WHERE n:Agency OR n:Law OR n:Report RETURN count(n) AS n"
WIPE = "MATCH (n) WHERE n:Agency OR n:Law OR n:Report DETACH DELETE n"


@pytest.fixture(scope="module")
def neo():
    pytest.importorskip("neo4j", reason="the neo4j driver is not installed (pip install 'lawgraph[neo4j]')")
    from queries.backends import Neo4jBackend

    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        pytest.skip("NEO4J_PASSWORD is not set")
    backend = Neo4jBackend.connect(
        os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER") or "neo4j", password, os.environ.get("NEO4J_DATABASE") or None
    )
    _, rows = backend.execute(LAWGRAPH_NODES)
    if rows[0][0]:
        backend.close()
        pytest.skip("the database already holds lawgraph nodes; this test loads and deletes its own graph")
    try:
        yield backend
    finally:
        backend.execute(WIPE, write=True)
        backend.close()


def _load(backend, store):
    backend.execute(WIPE, write=True)
    try:
        from graph.neo4j_store import Neo4jStore
    except ImportError:
        backend.load(store)
        return
    # The real loader (constraints, MERGE, the projection), on our driver.
    Neo4jStore(driver=backend.driver, database=backend.database).load(store)


@pytest.fixture(scope="module")
def seeds(seed_records):
    from graph.memory import MemoryStore

    store = MemoryStore()
    store.add_records(seed_records)
    return store


@pytest.fixture(scope="module")
def synthetic():
    from bench.bench_queries import synthetic_store

    return synthetic_store(3000, per_report=8, n_laws=300)


@pytest.mark.parametrize("graph", ["seeds", "synthetic"])
def test_every_query_matches_its_twin_on_neo4j(neo, seeds, synthetic, graph):
    from bench.bench_queries import parity_cases
    from queries import run

    store = seeds if graph == "seeds" else synthetic
    _load(neo, store)
    assert neo.count() == (store.graph.number_of_nodes(), store.graph.number_of_edges())
    failures = []
    for name, params in parity_cases(store):
        mem = run(store, name, params).rows
        cyp = run(neo, name, params).rows
        if mem != cyp:
            failures.append(f"{name} {params}: memory {mem[:2]} … != neo4j {cyp[:2]} …")
    assert not failures, "\n".join(failures)


def test_reads_cannot_write_on_neo4j(neo):
    from queries import WriteRefused

    with pytest.raises(WriteRefused):
        neo.execute("CREATE (n:Law {id: 'x'}) RETURN n.id AS id")
    _, rows = neo.execute("MATCH (n:Law {id: 'x'}) RETURN count(n) AS n")
    assert rows[0][0] == 0
