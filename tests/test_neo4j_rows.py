"""The Neo4j store without a server: row builders, batching, query texts, errors, and the
neo4j-admin CSV files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest

from extract.records import Agency, Citation, Record, Report
from graph import MemoryStore, model
from graph import neo4j_admin
from graph import neo4j_store as ns
from graph.neo4j_store import Neo4jStore, Neo4jStoreError

WAB = "北京市西城区人民政府外事办公室"
SFJ = "北京市东城区司法局"


class NoCatalog:
    def get(self, law_id):
        return None


def record(rid, laws, *, source=None, year=2024, issuer=WAB, mentioned=()):
    iss = Agency(issuer, issuer, (0, len(issuer)), "issuer", "district", "北京市西城区") if issuer else None
    rep = Report(rid, source or f"seeds/{rid}.txt", "报告", year, "2025-03-30", "simplified", iss, 1000)
    cs = [Citation(law[4:], f"《{law[4:]}》", (100 + 50 * i, 105 + 50 * i), f"学习《{law[4:]}》；“引号”,逗号\n换行", "bracketed", "法律", law) for i, law in enumerate(laws)]
    ags = [Agency(n, n, (900, 900 + len(n)), "mentioned", "district", "北京市西城区") for n in mentioned]
    return Record(rep, cs, ags)


def sample_store() -> MemoryStore:
    store = MemoryStore(catalog=NoCatalog())
    store.add_records(
        [
            record("report:a", ["law:统计法", "law:保密法", "doc:要点"], mentioned=["中共北京市西城区委政法委员会"]),
            record("report:b", ["law:统计法"], issuer=SFJ, year=2023),
            record("report:c", ["law:宪法"], year=None, issuer=None),
        ]
    )
    return store


# --- a fake driver: records the calls, answers the reads from a MemoryStore ---------------


class FakeDriver:
    def __init__(self, store: MemoryStore | None = None, *, replaced=(), fail=None):
        self.calls: list[tuple[str, dict, dict]] = []
        self.store = store
        self.replaced = list(replaced)
        self.fail = fail  # (query predicate, exception)
        self.closed = False

    def verify_connectivity(self):
        if self.fail and self.fail[0] == "connect":
            raise self.fail[1]

    def execute_query(self, query, params=None, **kwargs):
        self.calls.append((query, params or {}, kwargs))
        if self.fail and self.fail[0] != "connect" and self.fail[0](query, self.calls):
            raise self.fail[1]
        rows = (params or {}).get("rows")
        if query == ns.PROJECTION_FACTS:
            g = self.store.graph
            facts = []
            for a in rows:
                for _, r, k in g.out_edges(a, keys=True):
                    if k == "ISSUED" and g.nodes[r].get("year") is not None and r not in params["exclude"]:
                        for _, law, k2, d in g.out_edges(r, keys=True, data=True):
                            if k2 == "CITES":
                                facts.append({"agency": a, "report": r, "year": g.nodes[r]["year"], "law": law, "count": d["count"]})
            return SimpleNamespace(records=facts)
        if query == ns.FIND_REPLACED:
            return SimpleNamespace(records=[{"id": i} for i in self.replaced])
        if query == ns.FIND_ISSUERS:
            return SimpleNamespace(records=[{"id": "agency:旧的发文机关"}] if rows else [])
        if query == ns.WIPE or query in ns.DELETE_ORPHANS.values():
            return SimpleNamespace(records=[{"deleted": 0}])
        if query in ns.COUNT_NODES.values() or query in ns.COUNT_RELS.values():
            return SimpleNamespace(records=[{"n": 7}])
        return SimpleNamespace(records=[])

    def close(self):
        self.closed = True

    def rows_of(self, query):
        return [row for q, p, _ in self.calls if q == query for row in p["rows"]]

    def batches_of(self, query):
        return [p["rows"] for q, p, _ in self.calls if q == query]


# --- pure helpers --------------------------------------------------------------------------


def test_chunked():
    assert list(ns.chunked([], 3)) == []
    assert list(ns.chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(ns.chunked(iter(range(3)), 3)) == [[0, 1, 2]]
    with pytest.raises(ValueError):
        list(ns.chunked([1], 0))


@pytest.mark.parametrize(
    "uri, shown",
    [
        ("neo4j://localhost:7687", "neo4j://localhost:7687"),
        ("bolt://neo4j:s3cret@db:7687", "bolt://db:7687"),
        ("neo4j+s://user:p%40ss@x.databases.neo4j.io?x=1", "neo4j+s://x.databases.neo4j.io"),
    ],
)
def test_redact_uri_never_shows_credentials(uri, shown):
    assert ns.redact_uri(uri) == shown


def test_settings_from_env():
    env = {"NEO4J_URI": "bolt://h:1", "NEO4J_USER": "u", "NEO4J_PASSWORD": "p"}
    assert ns.settings_from_env(env) == {"uri": "bolt://h:1", "user": "u", "password": "p", "database": None}
    assert ns.settings_from_env({})["uri"] == ns.DEFAULT_URI


def test_node_and_rel_rows_are_flat_model_rows():
    store = sample_store()
    report = ns.node_row(store.node_rows(model.REPORT)[0])
    assert report["id"] == "report:a" and report["props"]["id"] == "report:a"
    assert report["props"]["published"] == dt.date(2025, 3, 30)
    cites = [ns.rel_row(e) for e in store.edge_rows(model.REPORT_CITES)]
    first = next(r for r in cites if r["end"] == "law:统计法" and r["start"] == "report:a")
    assert first["props"]["span_starts"] == [100] and first["props"]["span_ends"] == [105]
    assert "spans" not in first["props"]
    for row in cites:
        for v in row["props"].values():
            assert v is not None and v != [] and not isinstance(v, tuple)


def test_projection_rows_cover_agencies_without_edges():
    edges = model.projection_rows([("agency:a", "report:1", 2024, "law:x", 2)])
    rows = ns.projection_write_rows(["agency:a", "agency:gone"], edges)
    assert rows == [
        {"agency": "agency:a", "edges": [{"end": "law:x", "year": 2024, "props": {"year": 2024, "count": 2, "reports": ["report:1"]}}]},
        {"agency": "agency:gone", "edges": []},
    ]


# --- query texts ---------------------------------------------------------------------------


def test_query_texts_hold_no_data():
    for q in ns.ALL_QUERIES:
        assert "'" not in q and '"' not in q, q  # no string literals at all
        assert set(re.findall(r"\$(\w+)", q)) <= {"rows", "limit", "exclude"}, q


def test_every_key_gets_a_unique_constraint_first():
    driver = FakeDriver(sample_store())
    Neo4jStore(driver=driver, batch_size=2).load(driver.store)
    queries = [q for q, _, _ in driver.calls]
    for label in model.LABELS:
        c = f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        assert c in queries
        assert queries.index(c) < queries.index(ns.NODE_MERGE[label])
    assert all(q in ns.ALL_QUERIES for q in queries)  # nothing built from data


def test_load_writes_every_row_once_in_bounded_batches():
    store = sample_store()
    driver = FakeDriver(store)
    summary = Neo4jStore(driver=driver, batch_size=2, database="lawgraph").load(store)
    for label in model.LABELS:
        written = driver.rows_of(ns.NODE_MERGE[label])
        assert sorted(r["id"] for r in written) == sorted(n.id for n in store.node_rows(label))
        assert all(len(b) <= 2 for b in driver.batches_of(ns.NODE_MERGE[label]))
    for rel in (model.ISSUED_REL, model.REPORT_CITES, model.MENTIONS_REL):
        written = driver.rows_of(ns.REL_MERGE[rel.name])
        assert sorted((r["start"], r["end"]) for r in written) == sorted((e.start, e.end) for e in store.edge_rows(rel))
    assert all(kw["database_"] == "lawgraph" for _, _, kw in driver.calls)
    assert summary.nodes_written == {"Agency": 3, "Law": 4, "Report": 3}
    assert summary.relationships_by_kind == {"issued": 2, "report_cites": 5, "mentions": 1, "agency_cites": 4}
    assert summary.relationships_written == 12
    assert summary.counts["Agency"] == 7  # what the (fake) database reports


def test_the_projection_written_is_the_memory_store_projection():
    store = sample_store()
    driver = FakeDriver(store)
    Neo4jStore(driver=driver).load(store)
    written = {
        (row["agency"], e["end"], e["year"]): (e["props"]["count"], tuple(e["props"]["reports"]))
        for row in driver.rows_of(ns.PROJECTION_WRITE)
        for e in row["edges"]
    }
    expected = {(a, law, d["year"]): (d["count"], d["reports"]) for a, law, d in store.projection()}
    assert written == expected and len(written) == 4


def test_replaced_reports_are_deleted_after_the_new_versions_and_their_issuers_reprojected():
    store = sample_store()
    driver = FakeDriver(store, replaced=["report:old"])
    summary = Neo4jStore(driver=driver).load(store)
    queries = [q for q, _, _ in driver.calls]
    assert driver.rows_of(ns.DELETE_REPORTS) == ["report:old"]
    assert queries.index(ns.DELETE_REPORTS) > max(i for i, q in enumerate(queries) if q in ns.REL_MERGE.values())
    # the issuers' projection is rewritten without the old report before it is deleted
    assert queries.index(ns.DELETE_REPORTS) > max(i for i, q in enumerate(queries) if q == ns.PROJECTION_WRITE)
    assert all(p["exclude"] == ["report:old"] for q, p, _ in driver.calls if q == ns.PROJECTION_FACTS)
    reprojected = [a for q, p, _ in driver.calls if q == ns.PROJECTION_FACTS for a in p["rows"]]
    assert "agency:旧的发文机关" in reprojected and model.agency_id(WAB) in reprojected
    assert summary.replaced_reports == 1


def test_wipe_runs_first_when_asked():
    store = sample_store()
    driver = FakeDriver(store)
    Neo4jStore(driver=driver).load(store, wipe=True)
    queries = [q for q, _, _ in driver.calls]
    assert queries.index(ns.WIPE) < queries.index(ns.NODE_MERGE["Agency"])
    assert ns.WIPE not in [q for q, _, _ in FakeDriver(store).calls]


def test_progress_is_reported_per_batch():
    store = sample_store()
    seen = []
    Neo4jStore(driver=FakeDriver(store), batch_size=1).load(store, progress=lambda *a: seen.append(a))
    assert ("Law nodes", 1, 4) in seen and seen.count(("Law nodes", 1, 4)) == 4


# --- errors ----------------------------------------------------------------------------------


def test_unreachable_server():
    from neo4j.exceptions import ServiceUnavailable

    driver = FakeDriver(sample_store(), fail=("connect", ServiceUnavailable("Couldn't connect to localhost:7687")))
    with pytest.raises(Neo4jStoreError, match=r"cannot reach Neo4j at neo4j://h:7687 .*docker compose up -d --wait"):
        Neo4jStore("neo4j://u:secret@h:7687", driver=driver).load(driver.store)


def test_bad_credentials():
    from neo4j.exceptions import Neo4jError

    err = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Security.Unauthorized", message="authentication failure")
    driver = FakeDriver(sample_store(), fail=("connect", err))
    with pytest.raises(Neo4jStoreError, match="refused the credentials of user 'neo4j'") as info:
        Neo4jStore(driver=driver).load(driver.store)
    assert "secret" not in str(info.value)


def test_a_failed_batch_names_the_batch_and_says_to_rerun():
    from neo4j.exceptions import Neo4jError

    err = Neo4jError._hydrate_neo4j(code="Neo.TransientError.General.OutOfMemoryError", message="no memory")
    second_law_batch = lambda q, calls: q == ns.NODE_MERGE["Law"] and sum(c[0] == q for c in calls) == 2  # noqa: E731
    driver = FakeDriver(sample_store(), fail=(second_law_batch, err))
    with pytest.raises(Neo4jStoreError) as info:
        Neo4jStore(driver=driver, batch_size=2).load(driver.store)
    msg = str(info.value)
    assert "Law nodes (batch 2 of 2, 2 rows)" in msg and "OutOfMemoryError" in msg and "Rerun" in msg


def test_other_exceptions_are_not_swallowed():
    driver = FakeDriver(sample_store(), fail=(lambda q, c: True, KeyError("bug")))
    with pytest.raises(KeyError):
        Neo4jStore(driver=driver).load(driver.store)


def test_a_bad_uri_or_missing_password_is_a_clear_error():
    with pytest.raises(Neo4jStoreError, match="no Neo4j password"):
        Neo4jStore("neo4j://localhost:7687", password=None)
    with pytest.raises(Neo4jStoreError, match="cannot use Neo4j URI"):
        Neo4jStore("http://localhost:7474", password="x")
    with pytest.raises(Neo4jStoreError, match="cannot use Neo4j URI"):
        Neo4jStore("localhost:7687", password="x")
    with pytest.raises(Neo4jStoreError, match="batch size"):
        Neo4jStore(driver=FakeDriver(), batch_size=0)


def test_driver_messages_never_show_credentials():
    with pytest.raises(Neo4jStoreError) as info:
        Neo4jStore("bolt://neo4j:pa55word@127.0.0.1:1", password="pa55word")
    assert "pa55word" not in str(info.value) and "bolt://127.0.0.1:1" in str(info.value)
    from neo4j.exceptions import ServiceUnavailable

    leaky = ServiceUnavailable("failed to reach neo4j://u:topsecret@h:1 with topsecret")
    driver = FakeDriver(sample_store(), fail=("connect", leaky))
    with pytest.raises(Neo4jStoreError) as info:
        Neo4jStore("neo4j://u:topsecret@h:1", password="topsecret", driver=driver).verify()
    assert "topsecret" not in str(info.value)


def test_the_store_closes_its_driver():
    driver = FakeDriver()
    with Neo4jStore(driver=driver):
        pass
    assert driver.closed


# --- neo4j-admin files -----------------------------------------------------------------------


def _read(rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return list(csv.reader(io.StringIO(buf.getvalue())))


def test_node_files_have_import_headers_and_typed_values():
    store = sample_store()
    reports = _read(neo4j_admin.node_file_rows("Report", store.node_rows("Report")))
    assert reports[0] == ["id:ID(Report)", ":LABEL", "title", "year:int", "published:date", "source", "sources:string[]", "script", "chars:int"]
    assert reports[1] == ["report:a", "Report", "报告", "2024", "2025-03-30", "seeds/report:a.txt", "seeds/report:a.txt", "simplified", "1000"]
    assert reports[3][3] == ""  # no year: an empty field, which the importer leaves unset
    laws = _read(neo4j_admin.node_file_rows("Law", store.node_rows("Law")))
    assert laws[0] == ["id:ID(Law)", ":LABEL", "title", "short_titles:string[]", "category", "issuer", "status", "repealed", "successor", "linked:boolean"]
    assert laws[1][-1] == "false"
    agencies = _read(neo4j_admin.node_file_rows("Agency", store.node_rows("Agency")))
    assert agencies[0] == ["id:ID(Agency)", ":LABEL", "name", "aliases:string[]", "level", "region"]


def test_relationship_files_have_import_headers_and_arrays():
    store = sample_store()
    rows = _read(neo4j_admin.rel_file_rows(model.REPORT_CITES, store.edge_rows(model.REPORT_CITES)))
    assert rows[0] == [
        ":START_ID(Report)", ":END_ID(Law)", ":TYPE", "count:int", "kinds:string[]", "functions:string[]",
        "span_starts:int[]", "span_ends:int[]", "doc_numbers:string[]", "sentences:string[]",
    ]
    first = dict(zip(rows[0], rows[1]))
    assert first[":TYPE"] == "CITES" and first["span_starts:int[]"] == "200"
    assert first["sentences:string[]"] == "学习《要点》；“引号”,逗号\n换行"  # commas, quotes, newlines survive
    proj = _read(neo4j_admin.rel_file_rows(model.AGENCY_CITES, store.edge_rows(model.AGENCY_CITES)))
    assert proj[0] == [":START_ID(Agency)", ":END_ID(Law)", ":TYPE", "year:int", "count:int", "reports:string[]"]
    assert len(proj) == 1 + 4


def test_arrays_use_the_unit_separator_and_never_contain_it():
    assert neo4j_admin._cell(("a", "b\x1fc")) == "a\x1fb\ufffdc"  # control characters become U+FFFD
    assert neo4j_admin._cell([1, 2]) == "1\x1f2"
    assert neo4j_admin._cell(True) == "true" and neo4j_admin._cell(None) == ""


def test_write_import_files_is_deterministic_and_complete(tmp_path):
    store = sample_store()
    paths = neo4j_admin.write_import_files(store, tmp_path / "a")
    neo4j_admin.write_import_files(store, tmp_path / "b")
    names = sorted(p.name for p in paths)
    assert names == sorted([*neo4j_admin.NODE_FILES.values(), *neo4j_admin.REL_FILES.values(), "schema.cypher"])
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert "CREATE CONSTRAINT law_id IF NOT EXISTS" in (tmp_path / "a" / "schema.cypher").read_text()
    with (tmp_path / "a" / "report_cites.csv").open(encoding="utf-8", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh)) == 1 + store.summary().citation_edges


def test_import_command_names_every_file():
    cmd = neo4j_admin.import_command("/import", "neo4j")
    assert cmd.startswith("neo4j-admin database import full ")
    assert "--array-delimiter=U+001F" in cmd and "--multiline-fields=true" in cmd
    for name in neo4j_admin.NODE_FILES.values():
        assert f"--nodes=/import/{name}" in cmd
    for name in neo4j_admin.REL_FILES.values():
        assert f"--relationships=/import/{name}" in cmd
    assert cmd.endswith(" neo4j")
