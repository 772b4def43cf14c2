"""The Neo4j adapter without a server: row builders, the merge of stored and loaded
descriptions, query texts, settings and credentials, error translation, and the
neo4j-admin CSV files. What a load does to a database is tested on a real one
(tests/test_neo4j_integration.py, tests/test_faults_neo4j.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest

from lawgraph.extract.records import Agency, Citation, Record, Report
from lawgraph.graph import MemoryStore, model
from lawgraph.graph import neo4j_admin
from lawgraph.graph import neo4j_store as ns
from lawgraph.graph.neo4j_store import Neo4jStore, Neo4jStoreError

WAB = "北京市西城区人民政府外事办公室"
SFJ = "北京市东城区司法局"


class NoCatalog:
    def get(self, law_id):
        return None


def record(rid, laws, *, source=None, year=2024, issuer=WAB, mentioned=()):
    iss = Agency(issuer, issuer, (0, len(issuer)), "issuer", "district", "北京市西城区") if issuer else None
    rep = Report(rid, source or f"seeds/{rid}.txt", "报告", year, "2025-03-30", "simplified", iss, 1000)
    cs = [
        Citation(law[4:], f"《{law[4:]}》", (100 + 50 * i, 105 + 50 * i), f"学习《{law[4:]}》；“引号”,逗号\n换行", "bracketed", "法律", law)
        for i, law in enumerate(laws)
    ]
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


# --- a stand-in driver: only for the error translation (no database behaviour) -------------


class FakeDriver:
    """Raises ``fail`` on connecting (``("connect", exc)``) or on every query; records nothing else."""

    def __init__(self, fail=None):
        self.fail = fail
        self.closed = False

    def verify_connectivity(self):
        if self.fail and self.fail[0] == "connect":
            raise self.fail[1]

    def execute_query(self, query, params=None, **kwargs):
        if self.fail and self.fail[0] == "query":
            raise self.fail[1]
        return SimpleNamespace(records=[], keys=[])

    def close(self):
        self.closed = True


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


def test_settings_come_from_arguments_then_uri_then_environment_then_prompt():
    env = {"NEO4J_URI": "bolt://env:1", "NEO4J_USER": "env-user", "NEO4J_PASSWORD": "env-pw", "NEO4J_DATABASE": "envdb"}
    asked = []

    def prompt():
        asked.append(1)
        return "typed"

    s = ns.Neo4jSettings.resolve(environ=env, prompt=prompt)
    assert (s.uri, s.user, s.password, s.database) == ("bolt://env:1", "env-user", "env-pw", "envdb") and not asked
    s = ns.Neo4jSettings.resolve("neo4j://ann:p%3Aw@db:7687", "neo4j", None, "lg", environ=env)
    assert (s.uri, s.user, s.password, s.database) == ("neo4j://db:7687", "ann", "p:w", "lg")
    s = ns.Neo4jSettings.resolve("neo4j://db:7687", "bob", None, environ={}, prompt=prompt)
    assert (s.user, s.password) == ("bob", "typed") and asked == [1]
    assert "typed" not in repr(s) and "p:w" not in repr(ns.Neo4jSettings.resolve("neo4j://a:p:w@h", environ={}))
    assert ns.Neo4jSettings.resolve(environ={}).password is None


def test_the_driver_never_sees_user_info_and_messages_never_the_password():
    store = Neo4jStore("bolt://ann:Pw-secret-1@127.0.0.1:1", driver=FakeDriver())
    assert (store.uri, store.user, store.where) == ("bolt://127.0.0.1:1", "ann", "bolt://127.0.0.1:1")
    assert store._scrub("x bolt://ann:Pw-secret-1@127.0.0.1:1 y Pw-secret-1") == "x bolt://127.0.0.1:1 y ***"


def test_merged_rows_follow_the_model_merge_rules():
    stored = {
        "agency:x": {"id": "agency:x", "name": "x", "aliases": ["甲"], "level": "district"},
        "agency:new": {"id": "agency:new"},  # just created by the lock-and-read query
        "agency:same": {"id": "agency:same", "name": "same", "level": "district"},
    }
    nodes = [
        model.Node(model.AGENCY, "agency:x", {"name": "x", "aliases": ("乙",), "level": "unknown", "region": "北京市西城区"}),
        model.Node(model.AGENCY, "agency:new", {"name": "new", "aliases": (), "level": "central", "region": None}),
        model.Node(model.AGENCY, "agency:same", {"name": "same", "aliases": (), "level": "district", "region": None}),
    ]
    rows = {r["id"]: r["props"] for r in ns.merged_rows(model.AGENCY, nodes, stored)}
    assert rows == {
        "agency:x": {"id": "agency:x", "name": "x", "aliases": ["乙", "甲"], "level": "district", "region": "北京市西城区"},
        "agency:new": {"id": "agency:new", "name": "new", "level": "central"},
    }  # agency:same changes nothing: not written


def test_alias_rows_unite_the_names_reports_use():
    records = [{"id": "agency:x", "name": "x", "issued": [["x", "外办"]], "mentioned": [["区外办"], None]}]
    assert ns.alias_rows(records) == [{"id": "agency:x", "aliases": ["区外办", "外办"]}]


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
        assert set(re.findall(r"\$(\w+)", q)) <= {"rows", "limit", "exclude", "ids"}, q


def test_unreachable_server():
    from neo4j.exceptions import ServiceUnavailable

    driver = FakeDriver(fail=("connect", ServiceUnavailable("Couldn't connect to localhost:7687")))
    with pytest.raises(ns.Neo4jUnavailable, match=r"cannot reach Neo4j at neo4j://h:7687 .*docker compose up -d --wait"):
        Neo4jStore("neo4j://u:secret@h:7687", driver=driver).verify()


def test_bad_credentials():
    from neo4j.exceptions import Neo4jError

    err = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Security.Unauthorized", message="authentication failure")
    with pytest.raises(ns.Neo4jAuthError, match="refused the credentials of user 'neo4j'") as info:
        Neo4jStore(password="secret", driver=FakeDriver(fail=("connect", err))).verify()
    assert "secret" not in str(info.value)


@pytest.mark.parametrize(
    "code, error, words",
    [
        ("Neo.ClientError.Statement.AccessMode", ns.Neo4jWriteRefused, "refused a write in a read-only transaction"),
        ("Neo.ClientError.Statement.SyntaxError", ns.Neo4jQueryError, "failed while running the query: Neo.ClientError.Statement.SyntaxError"),
        ("Neo.ClientError.Security.Forbidden", ns.Neo4jAuthError, "refused running the query"),
    ],
)
def test_server_errors_become_the_adapters_vocabulary(code, error, words):
    from neo4j.exceptions import Neo4jError

    err = Neo4jError._hydrate_neo4j(code=code, message="the words of the server")
    with pytest.raises(error, match=words) as info:
        Neo4jStore(driver=FakeDriver(fail=("query", err)), database="lg").execute("RETURN 1")
    assert "the words of the server" in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None  # nothing chained to show


def test_other_exceptions_are_not_swallowed():
    with pytest.raises(KeyError):
        Neo4jStore(driver=FakeDriver(fail=("query", KeyError("bug")))).execute("RETURN 1")


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
    with Neo4jStore("bolt://neo4j:pa55word@127.0.0.1:1", connect_timeout=1) as store:  # nothing listens there
        with pytest.raises(ns.Neo4jUnavailable) as info:
            store.verify()
    assert "pa55word" not in str(info.value) and "bolt://127.0.0.1:1" in str(info.value)
    from neo4j.exceptions import ServiceUnavailable

    leaky = ServiceUnavailable("failed to reach neo4j://u:topsecret@h:1 with topsecret")
    driver = FakeDriver(fail=("connect", leaky))
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
    assert laws[0] == [
        "id:ID(Law)",
        ":LABEL",
        "title",
        "short_titles:string[]",
        "category",
        "issuer",
        "status",
        "repealed",
        "successor",
        "in_force_from",
        "linked:boolean",
    ]
    assert laws[1][-1] == "false"
    agencies = _read(neo4j_admin.node_file_rows("Agency", store.node_rows("Agency")))
    assert agencies[0] == ["id:ID(Agency)", ":LABEL", "name", "aliases:string[]", "level", "region"]


def test_relationship_files_have_import_headers_and_arrays():
    store = sample_store()
    rows = _read(neo4j_admin.rel_file_rows(model.REPORT_CITES, store.edge_rows(model.REPORT_CITES)))
    assert rows[0] == [
        ":START_ID(Report)",
        ":END_ID(Law)",
        ":TYPE",
        "count:int",
        "kinds:string[]",
        "functions:string[]",
        "span_starts:int[]",
        "span_ends:int[]",
        "doc_numbers:string[]",
        "sentences:string[]",
        "articles:string[]",
    ]
    first = dict(zip(rows[0], rows[1]))
    assert first[":TYPE"] == "CITES" and first["span_starts:int[]"] == "200"
    assert first["sentences:string[]"] == "学习《要点》；“引号”,逗号\n换行"  # commas, quotes, newlines survive
    proj = _read(neo4j_admin.rel_file_rows(model.AGENCY_CITES, store.edge_rows(model.AGENCY_CITES)))
    assert proj[0] == [":START_ID(Agency)", ":END_ID(Law)", ":TYPE", "year:int", "count:int", "reports:string[]", "articles:string[]"]
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
        assert sum(1 for _ in csv.reader(fh)) == 1 + 5  # the header, then a: 3 documents, b: 1, c: 1


def test_import_command_names_every_file():
    cmd = neo4j_admin.import_command("/import", "neo4j")
    assert cmd.startswith("neo4j-admin database import full ")
    assert "--array-delimiter=U+001F" in cmd and "--multiline-fields=true" in cmd
    for name in neo4j_admin.NODE_FILES.values():
        assert f"--nodes=/import/{name}" in cmd
    for name in neo4j_admin.REL_FILES.values():
        assert f"--relationships=/import/{name}" in cmd
    # The database first: after --relationships=… (several files each) it would be read as a file.
    assert cmd.startswith("neo4j-admin database import full neo4j --")
