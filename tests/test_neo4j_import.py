"""The bulk path: ``lawgraph export neo4j-admin`` files imported with Neo4j's real import
tool (``neo4j-admin database import full``, run in-process by the bundled 5.26 server into
a fresh database), opened, and compared with a driver load of the same graph: the same
database, property by property, and the same answers to every canned query."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bench.bench_queries import parity_cases, synthetic_store
from lawgraph.graph.memory import MemoryStore
from lawgraph.graph.neo4j_admin import import_args
from lawgraph.graph.neo4j_store import Neo4jStore
from lawgraph.cli import app
from lawgraph.queries import run
from lawgraph.queries.backends.neo4j import Neo4jBackend
from tests.neo4j_support import assert_same_database, dump

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def graphs(seed_records):
    seeds = MemoryStore()
    seeds.add_records(seed_records)
    return {"seeds": seeds, "synthetic": synthetic_store(3000, per_report=8, n_laws=300)}


@pytest.fixture(scope="module")
def imported(graphs, tmp_path_factory):
    """{name: a bundled server started on the import of that graph's export}"""
    from bench.servers import Neo4jServerError, Neo4jTestServer, missing_tools
    from tests.conftest import no_neo4j

    reason = missing_tools()
    if reason:
        no_neo4j(f"the import needs the bundled server's import tool: {reason}")
    servers = {}
    try:
        for name, store in graphs.items():
            folder = tmp_path_factory.mktemp(f"export-{name}")
            path = store.save(folder / "graph.json")
            res = CliRunner().invoke(app, ["export", "neo4j-admin", str(folder / "csv"), "--graph", str(path)])
            assert res.exit_code == 0, res.output
            server = Neo4jTestServer(import_args=import_args(folder / "csv"))
            try:
                server.start()
            except Neo4jServerError as err:
                pytest.fail(str(err), pytrace=False)
            servers[name] = (server, folder / "csv")
        yield servers
    finally:
        for server, _ in servers.values():
            server.stop()


@pytest.mark.parametrize("name", ["seeds", "synthetic"])
def test_the_imported_database_is_the_driver_loaded_one(imported, graphs, neo, name):
    server, folder = imported[name]
    store = graphs[name]
    assert server.import_seconds is not None and server.import_seconds > 0
    with Neo4jStore(**server.settings()) as bulk:
        # The constraints and indexes a driver load creates come from schema.cypher.
        for statement in (folder / "schema.cypher").read_text(encoding="utf-8").split(";\n"):
            if statement.strip():
                bulk.execute(statement, write=True)
        assert_same_database(bulk, store)
        neo.load(store)
        assert dump(bulk) == dump(neo)
        assert bulk.counts() == neo.counts()
        # And every canned query answers the same on the imported database.
        backend = Neo4jBackend(bulk)
        failures = [(q, params) for q, params in parity_cases(store) if run(backend, q, params).rows != run(store, q, params).rows]
        assert not failures, failures[:3]
