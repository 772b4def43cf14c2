"""The Neo4j adapter's loader against a real Neo4j 5 (the bundled test server, or
NEO4J_URI's): the database it leaves is compared, property by property, with the networkx
store's graph (:func:`tests.neo4j_support.assert_same_database`)."""

from __future__ import annotations

import itertools
import threading

import pytest

from lawgraph.graph import MemoryStore, model
from lawgraph.graph.neo4j_store import Neo4jAuthError, Neo4jStore, Neo4jStoreError
from tests.neo4j_support import (
    SFJ,
    WAB,
    assert_same_database,
    dump,
    expected_counts,
    expected_dump,
    memory,
    record,
)

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def seeds_store(seed_records) -> MemoryStore:
    store = MemoryStore()
    store.add_records(seed_records)
    assert store.summary().reports == 5
    return store


def test_loading_the_seeds_gives_the_memory_graph(neo, seeds_store):
    summary = neo.load(seeds_store)
    assert summary.counts == expected_counts(seeds_store)
    assert_same_database(neo, seeds_store)
    assert summary.relationships_written == sum(v for k, v in expected_counts(seeds_store).items() if k[0].islower())


def test_reloading_changes_nothing(neo, seeds_store):
    neo.load(seeds_store)
    before = dump(neo)
    summary = neo.load(seeds_store)
    assert dump(neo) == before
    assert summary.replaced_reports == 0 and summary.orphans_deleted == 0


def test_properties_are_stored_flat_and_typed(neo):
    import datetime as dt

    store = memory(record("report:a", ["law:统计法", "law:统计法"], mentioned=["中共北京市西城区委政法委员会"]))
    neo.load(store)
    _, rows = neo.execute(
        "MATCH (r:Report)-[c:CITES]->(l:Law) RETURN r.published AS published, r.year AS year, "
        "c.count AS count, c.span_starts AS starts, c.span_ends AS ends, c.kinds AS kinds, l.linked AS linked"
    )
    assert len(rows) == 1
    published, year, count, starts, ends, kinds, linked = rows[0]
    assert published.to_native() == dt.date(2025, 3, 30)
    assert (year, count, starts, ends, kinds) == (2024, 2, [100, 109], [105, 114], ["bracketed"])
    assert linked is False


def test_a_changed_report_replaces_its_old_version(neo):
    a = record("report:a", ["law:统计法", "law:保密法"], mentioned=["中共北京市西城区委政法委员会"], surface="西城区外办")
    b = record("report:b", ["law:统计法"], issuer=SFJ, source="r/b.txt")
    neo.load(memory(a, b))
    a2 = record("report:a2", ["law:统计法", "law:宪法"], source=a.report.source)
    store = memory(a, b)
    store.add_records([a2])  # the incremental build replaces a by a2 in memory
    summary = neo.load(store)
    assert summary.replaced_reports == 1
    assert_same_database(neo, store)  # 保密法, the mentioned agency and the alias 西城区外办 are gone


def test_a_relinked_report_replaces_its_citations(neo):
    """The same text extracted with another catalog (a filled review template) cites other
    documents: loading it drops the old citations, as the networkx store does."""
    a = record("report:a", ["law:统计法", "law:保密法"])
    neo.load(memory(a))
    relinked = record("report:a", ["law:统计法", "law:宪法"])
    store = memory(a)
    assert store.add_records([relinked]).replaced == 1  # the networkx store replaces it
    summary = neo.load(store)
    assert_same_database(neo, store)  # 保密法 gone from the report, the projection and the database
    assert summary.orphans_deleted >= 1


def test_a_partial_graph_replaces_without_touching_the_rest(neo):
    """Colleagues load their own reports into the same server: a graph holding only the new
    version of one report replaces that report and leaves the others' projection whole."""
    a = record("report:a", ["law:统计法"])
    c = record("report:c", ["law:统计法"], source="r/c.txt")  # same issuer and year as a
    neo.load(memory(a, c))
    a2 = record("report:a2", ["law:统计法", "law:宪法"], source=a.report.source)
    neo.load(memory(a2))
    assert_same_database(neo, memory(a, c, a2))


def test_delete_reports(neo):
    a = record("report:a", ["law:统计法"], mentioned=[SFJ])
    b = record("report:b", ["law:宪法"], issuer=SFJ, source="b.txt", surface="东城司法局")
    neo.load(memory(a, b))
    neo.delete_reports(["report:b"])
    assert_same_database(neo, memory(a))


def test_wipe_removes_everything(neo, seeds_store):
    neo.load(seeds_store)
    assert neo.wipe() > 0
    assert set(neo.counts().values()) == {0}
    summary = neo.load(seeds_store, wipe=True)  # and a wiped load is a full load
    assert summary.counts == expected_counts(seeds_store)


def test_constraints_and_indexes_are_created_once(neo, seeds_store):
    def schema():
        _, constraints = neo.execute("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type RETURN *")
        _, indexes = neo.execute("SHOW INDEXES YIELD name, labelsOrTypes, properties, owningConstraint RETURN *")
        return sorted(map(repr, constraints)), sorted(map(repr, indexes))

    neo.load(seeds_store)
    first = schema()
    neo.load(seeds_store)
    neo.ensure_schema()
    assert schema() == first
    constraints, indexes = first
    assert len(constraints) == 3 and all("UNIQUENESS" in c for c in constraints)
    names = " ".join(indexes)
    assert "report_source" in names and "agency_cites_year" in names


# --- two people's graphs ------------------------------------------------------------------------

# Alice and Bob extract different reports that name the same agencies and documents, and
# describe them differently: another level, a longer region, other short names; a document
# Bob's catalog knows and Alice's does not.
ALICE = [
    record("report:alice-1", ["law:统计法", "law:保密法"], source="alice/1.txt", level="unknown", region=None, surface="西城区外办", mentioned=[SFJ]),
    record("report:alice-2", ["law:宪法"], source="alice/2.txt", issuer=SFJ, level="district", region="北京市", surface="东城区司法局", year=2023),
]
BOB = [
    record(
        "report:bob-1", ["law:统计法", "law:档案法"], source="bob/1.txt", level="district", region="北京市西城区", surface="区政府外办", aliases=["西城外办"]
    ),
    record(
        "report:bob-2",
        ["law:宪法", "law:保密法"],
        source="bob/2.txt",
        issuer=SFJ,
        level="municipal",
        region="北京市东城区",
        surface="区司法局",
        year=2023,
        mentioned=[WAB],
    ),
]


class BobsCatalog:
    """Bob's catalog knows 保密法 (a linked description beats Alice's unlinked one)."""

    def get(self, law_id):
        from types import SimpleNamespace

        if law_id != "law:保密法":
            return None
        return SimpleNamespace(
            title="中华人民共和国保守国家秘密法",
            short_titles=("保密法",),
            category="法律",
            issuer="全国人民代表大会常务委员会",
            status="现行有效",
            repealed=None,
            successor=None,
        )


def test_the_two_graphs_differ_where_it_matters():
    alice, bob = memory(*ALICE), memory(*BOB, catalog=BobsCatalog())
    wab = model.agency_id(WAB)
    a, b = alice.graph.nodes[wab], bob.graph.nodes[wab]
    assert (a["level"], a["region"], a["aliases"]) == ("unknown", None, ("西城区外办",))
    assert (b["level"], b["region"]) == ("district", "北京市西城区") and "区政府外办" in b["aliases"]
    assert alice.graph.nodes["law:保密法"]["linked"] is False and bob.graph.nodes["law:保密法"]["linked"] is True


def both(first, second, catalog=None) -> MemoryStore:
    """The networkx store holding both people's reports (added in this order)."""
    store = memory(*first, catalog=catalog)
    store.add_records(second)
    return store


@pytest.mark.parametrize("order", ["alice first", "bob first"])
def test_two_graphs_loaded_in_either_order_give_the_networkx_merge(neo, order):
    alice, bob = memory(*ALICE), memory(*BOB, catalog=BobsCatalog())
    first, second = (alice, bob) if order == "alice first" else (bob, alice)
    neo.load(first)
    neo.load(second)
    reference = both(ALICE, BOB, BobsCatalog())
    assert expected_dump(reference) == expected_dump(both(BOB, ALICE, BobsCatalog()))  # the store's merge is order-free
    assert_same_database(neo, reference)
    nodes = dump(neo)["nodes"]
    wab = nodes[("Agency", model.agency_id(WAB))]
    assert (wab["level"], wab["region"]) == ("district", "北京市西城区")
    assert set(wab["aliases"]) == {"西城区外办", "区政府外办", "西城外办"}
    sfj = nodes[("Agency", model.agency_id(SFJ))]
    assert (sfj["level"], sfj["region"]) == ("municipal", "北京市东城区")
    law = nodes[("Law", "law:保密法")]
    assert law["linked"] is True and law["title"] == "中华人民共和国保守国家秘密法"


def test_concurrent_loads_of_two_graphs_merge_too(neo4j_target, neo):
    """Two loaders at once, in batches of one node: the node locks make one wait for the
    other, and no description is lost."""
    alice, bob = memory(*ALICE), memory(*BOB, catalog=BobsCatalog())
    errors = []

    def load(graph, start):
        try:
            with neo4j_target.store(batch_size=1) as other:
                start.wait(30)
                other.load(graph)
        except Exception as err:  # noqa: BLE001
            errors.append(err)

    for _ in range(3):  # races are chancy: a few rounds (a lost lock once gave duplicate projection edges)
        neo.wipe()
        start = threading.Event()
        threads = [threading.Thread(target=load, args=(g, start)) for g in (alice, bob)]
        for t in threads:
            t.start()
        start.set()
        for t in threads:
            t.join(120)
        assert not errors
        dump(neo)  # no two relationships with one identity
    nodes = dump(neo)["nodes"]
    assert set(nodes[("Agency", model.agency_id(WAB))]["aliases"]) == {"西城区外办", "区政府外办", "西城外办"}
    assert nodes[("Law", "law:保密法")]["linked"] is True
    # Each load projects its own issuers from what it sees; a reload settles the projection.
    neo.load(bob)
    assert_same_database(neo, both(ALICE, BOB, BobsCatalog()))


# --- the command line, and credentials ------------------------------------------------------------


def test_the_cli_loads_a_graph_file(neo4j_target, neo, seeds_store, tmp_path):
    from typer.testing import CliRunner

    from lawgraph.cli import app

    path = seeds_store.save(tmp_path / "graph.json")
    result = CliRunner().invoke(app, ["load", "neo4j", str(path), "--batch-size", "50"], env=neo4j_target.env())
    assert result.exit_code == 0, result.output
    assert "relationships/s" in result.stdout
    assert_same_database(neo, seeds_store)


def test_credentials_in_the_uri_are_used_and_never_shown(neo4j_target, neo, seeds_store, tmp_path):
    from typer.testing import CliRunner

    from lawgraph.cli import app

    s = neo4j_target.settings
    scheme, rest = s["uri"].split("://", 1)
    uri = f"{scheme}://{s['user']}:{s['password']}@{rest}"
    path = seeds_store.save(tmp_path / "graph.json")
    env = {**neo4j_target.env(), "NEO4J_URI": uri, "NEO4J_PASSWORD": None, "NEO4J_USER": "nobody"}
    result = CliRunner().invoke(app, ["load", "neo4j", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert s["password"] not in result.output and f"loading into Neo4j at {s['uri']}" in result.stderr
    bad = f"{scheme}://{s['user']}:wrong-Pa55word@{rest}"
    result = CliRunner().invoke(app, ["query", "top-laws", "--backend", "neo4j", "--uri", bad], env=env)
    assert result.exit_code == 1
    assert "wrong-Pa55word" not in result.output and "refused the credentials" in result.stderr


def test_bad_credentials_are_a_clear_error(neo4j_target):
    s = neo4j_target.settings
    with Neo4jStore(s["uri"], s["user"], "not-the-password", database=s["database"]) as bad:
        with pytest.raises(Neo4jAuthError, match="refused the credentials of user") as info:
            bad.verify()
    assert "not-the-password" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None  # no driver chain


def test_an_interrupted_load_resumes(neo4j_target, neo, monkeypatch):
    """A load stopped by a server error half-way (here: in the 3rd Law batch), then run
    again, leaves what the networkx store holds."""
    from neo4j.exceptions import Neo4jError

    new_1 = record(
        "report:alice-1b", ["law:民法典", "law:统计法", "law:档案法", "law:监察法"], source="alice/1.txt", mentioned=["中共北京市西城区委政法委员会"]
    )
    neo.load(memory(*ALICE))
    store = neo4j_target.store(batch_size=1)
    real = store._merge_batch
    laws = itertools.count(1)

    def failing(tx, label, batch):
        if label == model.LAW and next(laws) == 3:
            raise Neo4jError._hydrate_neo4j(code="Neo.DatabaseError.General.UnknownError", message="disk trouble")
        return real(tx, label, batch)

    monkeypatch.setattr(store, "_merge_batch", failing)
    with pytest.raises(Neo4jStoreError, match=r"Law nodes \(batch 3 of 5, 1 rows\).*disk trouble.*Rerun the same command"):
        store.load(memory(ALICE[1], new_1))
    monkeypatch.setattr(store, "_merge_batch", real)
    store.load(memory(ALICE[1], new_1))
    store.close()
    assert_same_database(neo, both(ALICE, [ALICE[1], new_1]))
