"""lawgraph.graph.memory and graph.persist: incremental builds, replacement, the file format."""

from __future__ import annotations

import gzip
import json
import os
from importlib import metadata
from itertools import permutations

import networkx as nx
import pytest

from lawgraph.extract.errors import LawgraphError
from lawgraph.extract.records import Agency, Citation, FileError, Record, Report
from lawgraph.graph import GraphFileError, MemoryStore, build, load_graph, save_graph
from lawgraph.graph import model
from lawgraph.graph.nx_bulk import insert_edges
from lawgraph.graph.persist import iter_graph_lines
from tests.graph_file_reference import edge_objects

WAB = "北京市西城区人民政府外事办公室"
SFJ = "北京市东城区司法局"


def cite(law_id, start, *, category="法律", kind="bracketed"):
    title = law_id.split(":", 1)[1]
    surface = f"《{title}》"
    return Citation(title, surface, (start, start + len(surface)), f"句子{start}", kind, category, law_id)


def record(rid, laws, *, source=None, year=2024, issuer=WAB, mentioned=(), citations=None):
    iss = Agency(issuer, issuer, (0, len(issuer)), "issuer", "district", "北京市西城区") if issuer else None
    rep = Report(rid, source or f"seeds/{rid}.txt", "报告", year, None, "simplified", iss, 1000)
    cs = citations if citations is not None else [cite(law, 100 + 50 * i) for i, law in enumerate(laws)]
    ags = [Agency(name, name[-4:], (500 + 10 * i, 504 + 10 * i), "mentioned", "district", "北京市西城区") for i, name in enumerate(mentioned)]
    return Record(rep, cs, ags)


def canon(g: nx.MultiDiGraph):
    """Everything that makes two graphs equal: nodes, edges with keys, all attributes."""
    return dict(g.nodes(data=True)), {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}


def projection(store):
    return {(a, law, d["year"]): (d["count"], d["reports"]) for a, law, d in store.projection()}


@pytest.fixture
def store():
    return MemoryStore(catalog=NoCatalog())


class NoCatalog:
    def get(self, law_id):
        return None


A = record("report:a", ["law:统计法", "law:保密法"], mentioned=["中共北京市西城区委政法委员会"])
B = record("report:b", ["law:统计法", "doc:要点"], issuer=SFJ, year=2023, source="seeds/b.txt")
C = record("report:c", ["law:统计法"], year=2024, source="seeds/c.txt")  # same issuer and year as A


def test_build_counts_and_projection(store):
    result = store.add_records([A, B, C, FileError("x.pdf", "no text layer", "read")])
    assert (result.added, result.replaced, result.unchanged) == (3, 0, 0)
    assert [e.source for e in result.errors] == ["x.pdf"]
    s = store.summary()
    assert (s.reports, s.agencies, s.laws) == (3, 3, 3)
    assert s.citation_edges == 5 and s.citations == 5 and s.mention_edges == 1
    assert s.years == {"2023": 1, "2024": 2}
    wab, sfj = model.agency_id(WAB), model.agency_id(SFJ)
    assert projection(store) == {
        (wab, "law:统计法", 2024): (2, ("report:a", "report:c")),
        (wab, "law:保密法", 2024): (1, ("report:a",)),
        (sfj, "law:统计法", 2023): (1, ("report:b",)),
        (sfj, "doc:要点", 2023): (1, ("report:b",)),
    }
    assert s.projection_edges == 4
    g = store.graph
    assert g.nodes["report:a"]["label"] == "Report"
    assert g.edges[wab, "report:a", "ISSUED"]["type"] == "ISSUED"
    assert g.edges[wab, "law:统计法", "CITES:2024"]["type"] == "CITES"
    assert g.edges["report:a", "law:统计法", "CITES"]["count"] == 1


def test_the_graph_is_a_plain_networkx_multidigraph(store):
    store.add_records([A, B])
    g = store.graph
    assert type(g) is nx.MultiDiGraph
    ranks = nx.pagerank(nx.DiGraph(g))
    assert max(ranks, key=ranks.get) == "law:统计法"  # cited by both reports and both agencies


def test_adding_the_same_report_again_changes_nothing(store):
    store.add_records([A, B])
    before = canon(store.graph)
    result = store.add_records([A, B])
    assert (result.added, result.unchanged) == (0, 2)
    assert canon(store.graph) == before


def test_a_changed_report_replaces_its_old_version_without_orphans(store):
    store.add_records([A, B])
    a2 = record("report:a2", ["law:统计法", "law:宪法"], source=A.report.source)  # 保密法 dropped, 宪法 new
    result = store.add_records([a2])
    assert (result.added, result.replaced) == (0, 1)
    g = store.graph
    assert "report:a" not in g and "report:a2" in g
    assert "law:保密法" not in g  # only the old version cited it
    assert model.agency_id("中共北京市西城区委政法委员会") not in g  # only the old version mentioned it
    wab = model.agency_id(WAB)
    assert projection(store)[(wab, "law:统计法", 2024)] == (1, ("report:a2",))
    assert (wab, "law:保密法", 2024) not in projection(store)
    assert store.report_source("report:a2") == A.report.source
    fresh = MemoryStore(catalog=NoCatalog())
    fresh.add_records([a2, B])
    assert canon(store.graph) == canon(fresh.graph)


def test_replacing_with_another_issuer_drops_the_old_issuer(store):
    store.add_records([A])
    a2 = record("report:a2", ["law:统计法"], source=A.report.source, issuer=SFJ)
    store.add_records([a2])
    assert model.agency_id(WAB) not in store.graph
    assert set(projection(store)) == {(model.agency_id(SFJ), "law:统计法", 2024)}


def test_remove_report(store):
    store.add_records([A, C])
    assert store.remove_report("report:a")
    assert not store.remove_report("report:a")
    assert not store.remove_report("law:统计法")  # not a report
    assert set(store.graph) == {"report:c", "law:统计法", model.agency_id(WAB)}
    assert projection(store) == {(model.agency_id(WAB), "law:统计法", 2024): (1, ("report:c",))}
    assert store.remove_report("report:c")
    assert store.graph.number_of_nodes() == 0


def test_aliases_follow_the_reports_that_remain(store):
    zf = "中共北京市西城区委政法委员会"
    a = record("report:a", ["law:x"], mentioned=[zf])  # surface 法委员会 (name[-4:])
    c = record("report:c", ["law:x"], source="c.txt", mentioned=[zf], citations=[cite("law:x", 1)])
    c.agencies[0].surface = "区委政法委"
    store.add_records([a, c])
    assert store.graph.nodes[model.agency_id(zf)]["aliases"] == ("区委政法委", "法委员会")
    store.remove_report("report:c")
    assert store.graph.nodes[model.agency_id(zf)]["aliases"] == ("法委员会",)


def test_reports_without_year_or_issuer_keep_their_citations(store):
    no_year = record("report:ny", ["law:宪法"], year=None, source="ny.txt")
    no_issuer = record("report:ni", ["law:宪法"], issuer=None, source="ni.txt")
    store.add_records([no_year, no_issuer])
    s = store.summary()
    assert (s.reports_without_year, s.reports_without_issuer) == (1, 1)
    assert s.citation_edges == 2 and s.projection_edges == 0
    assert s.years == {"2024": 1, "null": 1}
    assert store.graph.has_edge(model.agency_id(WAB), "report:ny", "ISSUED")


@pytest.mark.parametrize("order", list(permutations([A, B, C])))
def test_the_graph_does_not_depend_on_the_order_of_reports(order):
    one_by_one = MemoryStore(catalog=NoCatalog())
    for rec in order:
        one_by_one.add_records([rec])
    together = MemoryStore(catalog=NoCatalog())
    together.add_records([A, B, C])
    assert canon(one_by_one.graph) == canon(together.graph)


def test_an_id_used_by_two_labels_is_refused(store):
    clash = record("report:x", ["report:a"], source="x.txt")  # cites a "law" whose id is a report id
    store.add_records([A])
    with pytest.raises(LawgraphError, match="both a Report and a Law"):
        store.add_records([clash])


def test_a_refused_record_changes_nothing_and_earlier_ones_stay_consistent(store):
    clash = record("report:x", ["report:a"], source="x.txt")
    with pytest.raises(LawgraphError):
        store.add_records([A, clash, B])
    assert "report:x" not in store.graph and "report:b" not in store.graph
    assert projection(store) == {
        (model.agency_id(WAB), "law:统计法", 2024): (1, ("report:a",)),
        (model.agency_id(WAB), "law:保密法", 2024): (1, ("report:a",)),
    }


def test_records_may_be_json_dicts(store):
    store.add_records([json.loads(A.to_json())])
    other = MemoryStore(catalog=NoCatalog())
    other.add_records([A])
    assert canon(store.graph) == canon(other.graph)


def test_catalog_files_reach_the_catalog(tmp_path):
    cat = tmp_path / "cat.jsonl"
    cat.write_text(
        json.dumps({"id": "law:统计法", "title": "中华人民共和国统计法", "short_titles": ["统计法"], "category": "法律"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    store = MemoryStore(catalog_files=[str(cat)])
    store.add_records([A])
    law = store.graph.nodes["law:统计法"]
    assert law["title"] == "中华人民共和国统计法" and law["linked"] is True and law["short_titles"] == ("统计法",)


# --- persistence -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["graph.json", "graph.json.gz"])
def test_save_and_load_give_an_equal_graph(tmp_path, store, name):
    store.add_records([A, B, C, record("report:ny", ["law:宪法"], year=None, source="ny.txt")])
    path = store.save(tmp_path / name)
    loaded = load_graph(path)
    assert canon(loaded) == canon(store.graph)
    again = MemoryStore.load(path)
    assert again.summary() == store.summary()
    save_graph(loaded, tmp_path / ("2" + name))
    assert (tmp_path / name).read_bytes() == (tmp_path / ("2" + name)).read_bytes()


def store_edges(store) -> int:
    return store.graph.number_of_edges()


def test_the_file_is_deterministic_json(tmp_path):
    s1, s2 = MemoryStore(catalog=NoCatalog()), MemoryStore(catalog=NoCatalog())
    s1.add_records([A, B, C])
    s2.add_records([C, A, B])
    p1, p2 = s1.save(tmp_path / "1.json"), s2.save(tmp_path / "2.json")
    assert p1.read_bytes() == p2.read_bytes()
    doc = json.loads(p1.read_text(encoding="utf-8"))
    assert doc["format"] == "lawgraph-graph" and doc["schema"] == model.SCHEMA_VERSION
    assert [n["id"] for n in doc["nodes"]] == sorted(n["id"] for n in doc["nodes"])
    edges = edge_objects(doc)
    keys = [(e["source"], e["target"], e["key"]) for e in edges]
    assert keys == sorted(keys) and len(keys) == store_edges(s1)
    assert "统计法" in p1.read_text(encoding="utf-8")  # not \\u-escaped
    cites = next(e for e in edges if e["key"] == "CITES")
    assert isinstance(cites["spans"][0], list) and len(cites["spans"][0]) == 2 and isinstance(cites["kinds"], list)


def test_gzip_output_has_no_timestamp(tmp_path, store):
    store.add_records([A])
    p = store.save(tmp_path / "g.json.gz")
    raw = p.read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # MTIME
    assert json.loads(gzip.decompress(raw))["format"] == "lawgraph-graph"


def test_empty_graph_round_trips(tmp_path):
    p = save_graph(nx.MultiDiGraph(), tmp_path / "empty.json")
    assert json.loads(p.read_text()) == {
        "format": "lawgraph-graph",
        "producer": {"catalogs": [], "lawgraph": metadata.version("lawgraph")},
        "schema": model.SCHEMA_VERSION,
        "nodes": [],
        "edges": [],
    }
    assert load_graph(p).number_of_nodes() == 0


def test_a_reformatted_file_still_loads(tmp_path, store):
    store.add_records([A, B])
    p = store.save(tmp_path / "g.json")
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(json.loads(p.read_text(encoding="utf-8")), indent=2, ensure_ascii=False), encoding="utf-8")
    assert canon(load_graph(pretty)) == canon(store.graph)


def test_another_schema_version_is_refused_with_the_way_out(tmp_path):
    p = tmp_path / "old.json"
    p.write_text('{"format":"lawgraph-graph","schema":0,\n"nodes":[\n],\n"edges":[\n]}\n', encoding="utf-8")
    with pytest.raises(GraphFileError, match=r"schema 0 is not supported.*lawgraph build"):
        load_graph(p)
    pretty = tmp_path / "old_pretty.json"
    pretty.write_text(json.dumps({"format": "lawgraph-graph", "schema": 99, "nodes": [], "edges": []}, indent=1))
    with pytest.raises(GraphFileError, match="schema 99"):
        load_graph(pretty)


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"nodes": [], "edges": []}', "not a lawgraph graph file"),
        ("not json at all", "not a lawgraph graph file"),
        ('{"format":"lawgraph-graph","schema":1,\n"nodes":[\n{"id":"a","label":"Law"}\n],\n"edges":[\n', "truncated"),
        ('{"format": "lawgraph-graph", "schema": 1, "nodes": [{"label": "Law"}], "edges": []}', "damaged"),
    ],
)
def test_broken_files_give_clear_errors(tmp_path, text, message):
    p = tmp_path / "g.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(GraphFileError, match=message):
        load_graph(p)


def test_missing_file(tmp_path):
    with pytest.raises(GraphFileError, match="no such graph file"):
        load_graph(tmp_path / "nope.json")
    assert MemoryStore.open(tmp_path / "nope.json").graph.number_of_nodes() == 0


def test_a_failed_write_keeps_the_old_file(tmp_path, store, monkeypatch):
    store.add_records([A])
    p = store.save(tmp_path / "g.json")
    before = p.read_bytes()
    store.add_records([B])

    def boom(graph, errors="strict"):
        yield b'{"format"'
        raise RuntimeError("disk full")

    monkeypatch.setattr("lawgraph.graph.persist.iter_graph_bytes", boom)
    with pytest.raises(RuntimeError):
        store.save(p)
    assert p.read_bytes() == before
    assert os.listdir(tmp_path) == ["g.json"]  # no temporary file left behind


def test_build_adds_to_a_graph_file(tmp_path):
    path = tmp_path / "out" / "graph.json"
    build([A], graph_path=path)
    store = build([B], graph_path=path)
    assert store.summary().reports == 2
    assert MemoryStore.load(path).summary().reports == 2


def test_fast_edge_insertion_equals_networkx():
    edges = [("a", "b", "CITES", {"count": 1}), ("a", "b", "CITES:2020", {"count": 2}), ("b", "a", "X", {}), ("a", "b", "CITES", {"w": 3})]
    fast, slow = nx.MultiDiGraph(), nx.MultiDiGraph()
    fast.add_nodes_from("ab")
    slow.add_nodes_from("ab")
    insert_edges(fast, iter(edges))
    slow.add_edges_from(edges)
    assert canon(fast) == canon(slow)
    assert list(fast.predecessors("b")) == ["a"]
    fast.remove_edge("a", "b", "CITES")
    assert not fast.has_edge("a", "b", "CITES") and fast.has_edge("a", "b", "CITES:2020")


def test_iter_graph_lines_is_valid_json_lines_inside_one_document(store):
    store.add_records([A])
    text = "".join(iter_graph_lines(store.graph))
    lines = text.splitlines()
    assert lines[0] == '{"format":"lawgraph-graph","producer":{"catalogs":[],"lawgraph":"%s"},"schema":%d,' % (
        metadata.version("lawgraph"),
        model.SCHEMA_VERSION,
    )
    assert lines[1] == '"nodes":['
    assert json.loads(text)["nodes"][0] == json.loads(lines[2].rstrip(","))


def test_a_joint_issuer_is_each_of_its_bodies(store):
    joint = "中共北京市西城区委员会、北京市西城区人民政府"
    store.add_records([record("report:j", ["law:统计法"], issuer=joint)])
    g = store.graph
    issued = sorted(u for u, _, k in g.in_edges("report:j", keys=True) if k == model.ISSUED)
    assert issued == [model.agency_id("中共北京市西城区委员会"), model.agency_id("北京市西城区人民政府")]
    assert model.agency_id(joint) not in g
    assert {a for a, _, _ in projection(store)} == set(issued)  # both cite what the report cites
