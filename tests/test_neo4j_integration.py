"""The Neo4j store against a real server.

    docker compose up -d --wait
    set -a; . ./.env; set +a          # or export NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD
    python -m pytest tests/test_neo4j_integration.py

Runs only when ``NEO4J_URI`` is set. The tests delete every Agency, Law and Report node of
the database they use, before and after each test: give them a database of their own with
``NEO4J_DATABASE`` (Enterprise), or a throw-away server such as the docker compose one.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

if not os.environ.get("NEO4J_URI"):
    pytest.skip(
        "NEO4J_URI not set: start Neo4j with `docker compose up -d --wait` and export NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD",
        allow_module_level=True,
    )

pytest.importorskip("neo4j", reason="the neo4j driver is not installed: pip install 'lawgraph[neo4j]'")

from extract.records import Agency, Citation, Record, Report  # noqa: E402
from graph import MemoryStore, model  # noqa: E402
from graph.neo4j_store import Neo4jStore, Neo4jStoreError, settings_from_env  # noqa: E402

pytestmark = pytest.mark.neo4j

WAB = "北京市西城区人民政府外事办公室"
SFJ = "北京市东城区司法局"
SEEDS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seeds")

PROJECTION = (
    "MATCH (a:Agency)-[r:CITES]->(l:Law) "
    "RETURN a.id AS agency, l.id AS law, r.year AS year, r.count AS count, r.reports AS reports"
)


class NoCatalog:
    def get(self, law_id):
        return None


def record(rid, laws, *, source=None, year=2024, issuer=WAB, mentioned=()):
    iss = Agency(issuer, issuer, (0, len(issuer)), "issuer", "district", "北京市西城区") if issuer else None
    rep = Report(rid, source or f"seeds/{rid}.txt", "报告", year, "2025-03-30", "simplified", iss, 1000)
    cs = [Citation(law[4:], f"《{law[4:]}》", (100 + 50 * i, 105 + 50 * i), f"学习《{law[4:]}》", "bracketed", "法律", law) for i, law in enumerate(laws)]
    ags = [Agency(n, n, (900, 900 + len(n)), "mentioned", "district", "北京市西城区") for n in mentioned]
    return Record(rep, cs, ags)


def memory(*records) -> MemoryStore:
    store = MemoryStore(catalog=NoCatalog())
    store.add_records(records)
    return store


@pytest.fixture
def neo():
    settings = settings_from_env()
    store = Neo4jStore(**settings, batch_size=7)  # small batches: several per phase
    store.wipe()
    try:
        yield store
    finally:
        try:
            store.wipe()
        finally:
            store.close()


@pytest.fixture(scope="module")
def seeds_store() -> MemoryStore:
    from extract import iter_records

    store = MemoryStore()
    store.add_records(iter_records([SEEDS]))
    assert store.summary().reports == 5
    return store


def expected_counts(store: MemoryStore) -> dict[str, int]:
    s = store.summary()
    return {
        "Agency": s.agencies,
        "Law": s.laws,
        "Report": s.reports,
        "issued": s.reports - s.reports_without_issuer,
        "report_cites": s.citation_edges,
        "mentions": s.mention_edges,
        "agency_cites": s.projection_edges,
    }


def neo_projection(neo: Neo4jStore) -> dict:
    return {(r["agency"], r["law"], r["year"]): (r["count"], tuple(r["reports"])) for r in neo._run(PROJECTION, None, "test")}


def mem_projection(store: MemoryStore) -> dict:
    return {(a, law, d["year"]): (d["count"], d["reports"]) for a, law, d in store.projection()}


def test_loading_the_seeds_gives_the_memory_graph(neo, seeds_store):
    summary = neo.load(seeds_store)
    assert summary.counts == expected_counts(seeds_store)
    assert neo_projection(neo) == mem_projection(seeds_store)
    assert summary.relationships_written == sum(v for k, v in expected_counts(seeds_store).items() if k[0].islower())


def test_reloading_changes_nothing(neo, seeds_store):
    neo.load(seeds_store)
    before = (neo.counts(), neo_projection(neo))
    summary = neo.load(seeds_store)
    assert (summary.counts, neo_projection(neo)) == before
    assert summary.replaced_reports == 0 and summary.orphans_deleted == 0


def test_properties_are_stored_flat_and_typed(neo):
    store = memory(record("report:a", ["law:统计法", "law:统计法"], mentioned=["中共北京市西城区委政法委员会"]))
    neo.load(store)
    rows = neo._run(
        "MATCH (r:Report)-[c:CITES]->(l:Law) RETURN r.published AS published, r.year AS year, "
        "c.count AS count, c.span_starts AS starts, c.span_ends AS ends, c.kinds AS kinds, l.linked AS linked",
        None,
        "test",
    )
    assert len(rows) == 1
    r = rows[0]
    assert r["published"].to_native() == dt.date(2025, 3, 30)
    assert (r["year"], r["count"], r["starts"], r["ends"], r["kinds"]) == (2024, 2, [100, 150], [105, 155], ["bracketed"])
    assert r["linked"] is False


def test_a_changed_report_replaces_its_old_version(neo):
    a = record("report:a", ["law:统计法", "law:保密法"], mentioned=["中共北京市西城区委政法委员会"])
    b = record("report:b", ["law:统计法"], issuer=SFJ, source="seeds/b.txt")
    neo.load(memory(a, b))
    a2 = record("report:a2", ["law:统计法", "law:宪法"], source=a.report.source)
    store = memory(a, b)
    store.add_records([a2])  # the incremental build replaces a by a2 in memory
    summary = neo.load(store)
    assert summary.replaced_reports == 1
    assert summary.counts == expected_counts(store)
    ids = {r["id"] for r in neo._run("MATCH (n) WHERE n:Report OR n:Law OR n:Agency RETURN n.id AS id", None, "test")}
    assert "report:a" not in ids and "law:保密法" not in ids and "law:宪法" in ids
    assert model.agency_id("中共北京市西城区委政法委员会") not in ids  # only the old version mentioned it
    assert neo_projection(neo) == mem_projection(store)


def test_a_partial_graph_replaces_without_touching_the_rest(neo):
    """Colleagues load their own reports into the same server: a graph holding only the new
    version of one report replaces that report and leaves the others' projection whole."""
    a = record("report:a", ["law:统计法"])
    c = record("report:c", ["law:统计法"], source="seeds/c.txt")  # same issuer and year as a
    neo.load(memory(a, c))
    a2 = record("report:a2", ["law:统计法", "law:宪法"], source=a.report.source)
    neo.load(memory(a2))
    got = neo_projection(neo)
    assert got[(model.agency_id(WAB), "law:统计法", 2024)] == (2, ("report:a2", "report:c"))
    assert got[(model.agency_id(WAB), "law:宪法", 2024)] == (1, ("report:a2",))
    assert neo.counts()["Report"] == 2


def test_delete_reports(neo):
    neo.load(memory(record("report:a", ["law:统计法"]), record("report:b", ["law:宪法"], issuer=SFJ, source="b.txt")))
    neo.delete_reports(["report:b"])
    counts = neo.counts()
    assert (counts["Report"], counts["Law"], counts["Agency"], counts["agency_cites"]) == (1, 1, 1, 1)


def test_wipe_removes_everything(neo, seeds_store):
    neo.load(seeds_store)
    assert neo.wipe() > 0
    assert set(neo.counts().values()) == {0}
    summary = neo.load(seeds_store, wipe=True)  # and a wiped load is a full load
    assert summary.counts == expected_counts(seeds_store)


def test_the_cli_loads_a_graph_file(neo, seeds_store, tmp_path):
    from typer.testing import CliRunner

    from lawgraph.cli import app

    path = seeds_store.save(tmp_path / "graph.json")
    result = CliRunner().invoke(app, ["load", "neo4j", str(path), "--batch-size", "50"])
    assert result.exit_code == 0, result.output
    assert "relationships/s" in result.stdout
    assert neo.counts() == expected_counts(seeds_store)


def test_bad_credentials_are_a_clear_error():
    settings = settings_from_env()
    with Neo4jStore(settings["uri"], settings["user"], "not-the-password", database=settings["database"]) as bad:
        with pytest.raises(Neo4jStoreError, match="refused the credentials"):
            bad.verify()
