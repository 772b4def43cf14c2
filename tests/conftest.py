from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# The tests never read the user catalog folder of whoever runs them (docs/catalog.md).
os.environ["LAWGRAPH_CATALOG_DIR"] = str(ROOT / "tests" / "no-user-catalog")
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "seeds_gold.json"


@pytest.fixture(scope="session")
def gold_path() -> Path:
    if not GOLD.exists():
        pytest.skip(f"gold labels not found at {GOLD} (../shared is not beside the repository)")
    return GOLD


@pytest.fixture(scope="session")
def seed_records():
    from lawgraph.extract import iter_records

    return list(iter_records([str(SEEDS)]))


# --- a real Neo4j ----------------------------------------------------------------------------
#
# Every Neo4j test runs on a real server: the one NEO4J_URI names (with NEO4J_USER,
# NEO4J_PASSWORD and NEO4J_DATABASE; the docker-compose one, say), or else the bundled test
# server (tests/neo4j_server: Neo4j 5.26 Community in a JVM), built and started once per
# session when Java and Maven are present. The tests empty the lawgraph nodes of that
# database: point NEO4J_URI only at a scratch one. .ci/run sets LAWGRAPH_REQUIRE_NEO4J=1,
# so that in CI a missing server fails the run instead of skipping the Neo4j tests.

REQUIRE_NEO4J = os.environ.get("LAWGRAPH_REQUIRE_NEO4J") == "1"


def no_neo4j(reason: str) -> None:
    """Skip (or, under LAWGRAPH_REQUIRE_NEO4J=1, fail) a test that needs a real Neo4j."""
    if REQUIRE_NEO4J:
        pytest.fail(f"LAWGRAPH_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class Neo4jTarget:
    """The server the Neo4j tests use."""

    settings: dict  # keyword arguments of graph.neo4j_store.Neo4jStore
    server: Any = None  # the bundled Neo4jTestServer, or None for NEO4J_URI's

    def env(self) -> dict[str, str]:
        s = self.settings
        env = {"NEO4J_URI": s["uri"], "NEO4J_USER": s["user"], "NEO4J_PASSWORD": s["password"] or ""}
        if s.get("database"):
            env["NEO4J_DATABASE"] = s["database"]
        return env

    def store(self, **kwargs):
        from lawgraph.graph.neo4j_store import Neo4jStore

        return Neo4jStore(**self.settings, **kwargs)


@pytest.fixture(scope="session")
def neo4j_target():
    try:
        import neo4j  # noqa: F401
    except ImportError:
        no_neo4j("the neo4j driver is not installed: pip install 'lawgraph[neo4j]'")
    from lawgraph.graph.neo4j_store import settings_from_env

    if os.environ.get("NEO4J_URI"):
        target = Neo4jTarget(settings_from_env())
        with target.store() as neo:
            held = neo.execute("MATCH (n) WHERE n:Agency OR n:Law OR n:Report RETURN count(n) AS n")[1][0][0]
        if held:
            no_neo4j(
                f"the database at NEO4J_URI already holds {held} lawgraph nodes; the Neo4j tests empty it, "
                "so give them a scratch database (NEO4J_DATABASE) or server"
            )
        yield target
        return
    from bench.servers import Neo4jServerError, Neo4jTestServer, missing_tools

    reason = missing_tools()
    if reason:
        no_neo4j(f"no Neo4j: NEO4J_URI is not set and the bundled test server cannot run ({reason})")
    server = Neo4jTestServer()
    try:
        server.start()
    except Neo4jServerError as err:
        pytest.fail(str(err), pytrace=False)
    try:
        yield Neo4jTarget(server.settings(), server)
    finally:
        server.stop()


@pytest.fixture
def neo(neo4j_target):
    """A :class:`graph.neo4j_store.Neo4jStore` on an empty database (emptied again after)."""
    store = neo4j_target.store(batch_size=7)  # small batches: several per phase
    store.wipe()
    try:
        yield store
    finally:
        try:
            store.wipe()
        finally:
            store.close()
