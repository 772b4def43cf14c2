"""Graph file schema 2: edges in column blocks, each distinct sentence stored once.

The graph after a load equals the one saved (seeds and a generated graph of several blocks);
the file holds what a plain reader of the documented layout (tests/graph_file_reference.py)
finds; schema 1 files (one edge per line) still load; damaged blocks are one-line errors.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bench.bench_graph import synthetic_records
from lawgraph.graph import MemoryStore, model
from lawgraph.graph.edge_blocks import BLOCK
from lawgraph.graph.persist import GraphFileError, load_graph, save_graph
from tests.graph_file_reference import edge_objects, sentence_table

ROOT = Path(__file__).resolve().parents[1]


class NoCatalog:
    def get(self, law_id):
        return None


@pytest.fixture(scope="module")
def seeds_graph(seed_records):
    store = MemoryStore()
    store.add_records(seed_records)
    return store.graph


@pytest.fixture(scope="module")
def generated_graph():
    # About 2.5 blocks of edges, and sentences shared between reports and between laws.
    store = MemoryStore(catalog=NoCatalog())
    store.add_records(synthetic_records(20_000))
    assert store.graph.number_of_edges() > 2 * BLOCK
    return store.graph


def same_graph(a, b) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))
    assert a.graph == b.graph


def as_json(value):
    return json.loads(json.dumps(value, ensure_ascii=False))


def schema1_edges(graph) -> list[dict]:
    """What schema 1 wrote per edge, sorted as the file is: the reference for the blocks."""
    return [as_json({**d, "source": u, "target": v, "key": k}) for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3])]


@pytest.mark.parametrize("which", ["seeds_graph", "generated_graph"])
@pytest.mark.parametrize("name", ["graph.json", "graph.json.gz"])
def test_a_loaded_graph_equals_the_saved_one(request, tmp_path, which, name):
    graph = request.getfixturevalue(which)
    loaded = load_graph(save_graph(graph, tmp_path / name))
    same_graph(loaded, graph)
    # Tuples stay tuples, spans pairs of ints, as a built graph holds them.
    for _, _, k, d in loaded.edges(keys=True, data=True):
        if k == model.CITES:
            assert type(d["sentences"]) is tuple and type(d["spans"][0]) is tuple
    assert MemoryStore(loaded).summary() == MemoryStore(graph).summary()


@pytest.mark.parametrize("which", ["seeds_graph", "generated_graph"])
def test_the_blocks_hold_every_edge_as_schema_1_wrote_it(request, tmp_path, which):
    graph = request.getfixturevalue(which)
    doc = json.loads(save_graph(graph, tmp_path / "g.json").read_text(encoding="utf-8"))
    assert doc["schema"] == 2
    assert [n["id"] for n in doc["nodes"]] == sorted(graph.nodes)
    assert edge_objects(doc) == schema1_edges(graph)


@pytest.mark.parametrize("which", ["seeds_graph", "generated_graph"])
def test_each_distinct_sentence_is_stored_once(request, tmp_path, which):
    graph = request.getfixturevalue(which)
    path = save_graph(graph, tmp_path / "g.json")
    table = sentence_table(json.loads(path.read_text(encoding="utf-8")))
    every = [s for _, _, k, d in graph.edges(keys=True, data=True) if k == model.CITES for s in d["sentences"]]
    assert len(table) == len(set(table)) == len(set(every)) < len(every)
    assert set(table) == set(every)
    text = path.read_text(encoding="utf-8")
    longest = max(set(every), key=len)
    assert text.count(json.dumps(longest, ensure_ascii=False)) == 1


def test_the_generated_graph_file_is_far_smaller_than_schema_1(generated_graph, tmp_path):
    size2 = save_graph(generated_graph, tmp_path / "g.json").stat().st_size
    size1 = sum(len(json.dumps(e, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()) + 2 for e in schema1_edges(generated_graph))
    assert size2 < size1 / 3


def write_schema1(graph, path: Path) -> None:
    """A schema 1 file as lawgraph wrote it before schema 2 (docs/graph.md, schema 1)."""

    def line(obj):
        return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    head = {"format": "lawgraph-graph", "producer": {"catalogs": list(graph.graph.get(model.CATALOGS, ())), "lawgraph": "0.1.0"}, "schema": 1}
    nodes = [line({**graph.nodes[n], "id": n}) for n in sorted(graph.nodes)]
    edges = [line(e) for e in schema1_edges(graph)]
    text = line(head)[:-1] + ',\n"nodes":[\n' + ",\n".join(nodes) + '\n],\n"edges":[\n' + ",\n".join(edges) + "\n]}\n"
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode(), mtime=0))
    else:
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", ["graph.json", "graph.json.gz", "pretty.json"])
def test_schema_1_files_still_load(seeds_graph, tmp_path, name):
    path = tmp_path / name
    write_schema1(seeds_graph, path)
    if name == "pretty.json":  # reformatted by another tool: the whole-document path
        path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=1, ensure_ascii=False), encoding="utf-8")
    same_graph(load_graph(path), seeds_graph)


def test_a_schema_1_graph_saved_again_is_schema_2_and_the_same_graph(seeds_graph, tmp_path):
    old = tmp_path / "old.json"
    write_schema1(seeds_graph, old)
    new = save_graph(load_graph(old), tmp_path / "new.json")
    assert json.loads(new.read_text(encoding="utf-8"))["schema"] == model.SCHEMA_VERSION == 2
    same_graph(load_graph(new), seeds_graph)


def test_a_reformatted_schema_2_file_loads(generated_graph, tmp_path):
    path = save_graph(generated_graph, tmp_path / "g.json")
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=2, ensure_ascii=False), encoding="utf-8")
    same_graph(load_graph(path), generated_graph)


def _first_shape_column(block, kind):
    for shape in block["shapes"]:
        for column in shape["columns"]:
            if kind in column:
                return column
    raise AssertionError(kind)


DAMAGE = {
    "negative source": lambda b: b["source"].__setitem__(0, -1),
    "target past the nodes": lambda b: b["target"].__setitem__(0, 10**6),
    "a bool for an index": lambda b: b["key"].__setitem__(0, True),
    "a short column": lambda b: b["source"].pop(),
    "a shape that does not exist": lambda b: b["shape"].__setitem__(0, len(b["shapes"])),
    "a sentence past the table": lambda b: _first_shape_column(b, "texts")["texts"][0].append(10**6),
    "a negative sentence": lambda b: _first_shape_column(b, "texts")["texts"][0].append(-1),
    "a table index past the table": lambda b: _first_shape_column(b, "table")["index"].__setitem__(0, 10**6),
    "a short values column": lambda b: _first_shape_column(b, "values")["values"].pop(),
    "sentences not strings": lambda b: b["sentences"].append(3),
    "fields without columns": lambda b: b["shapes"][0]["columns"].pop(),
    "no block count": lambda b: b.pop("n"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_block_is_a_one_line_error_naming_the_file(seeds_graph, tmp_path, damage):
    path = save_graph(seeds_graph, tmp_path / "g.json")
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index('"edges":[') + 1
    block = json.loads(lines[at].rstrip(","))
    DAMAGE[damage](block)
    lines[at] = json.dumps(block, ensure_ascii=False) + ("," if lines[at].endswith(",") else "")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(GraphFileError) as info:
        load_graph(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: damaged graph file (") and "\n" not in msg


def test_an_edge_of_a_shape_that_does_not_exist_in_a_one_shape_block(tmp_path):
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_nodes_from([("a", {"label": "Report"}), ("b", {"label": "Law"}), ("c", {"label": "Law"})])
    # Every column "same": only the shape column says how many rows the table has.
    g.add_edge("a", "b", key="CITES", type="CITES")
    g.add_edge("a", "c", key="CITES", type="CITES")
    path = save_graph(g, tmp_path / "g.json")
    same_graph(load_graph(path), g)
    text = path.read_text(encoding="utf-8")
    assert text.count('"shape":[0,0]') == 1
    path.write_text(text.replace('"shape":[0,0]', '"shape":[0,1]'), encoding="utf-8")
    with pytest.raises(GraphFileError, match="damaged graph file"):
        load_graph(path)


def test_a_block_ends_early_when_its_edges_hold_many_sentences(generated_graph, tmp_path, monkeypatch):
    from lawgraph.graph import edge_blocks

    normal = json.loads(save_graph(generated_graph, tmp_path / "normal.json").read_text(encoding="utf-8"))
    monkeypatch.setattr(edge_blocks, "BLOCK_SENTENCES", 1000)
    doc = json.loads(save_graph(generated_graph, tmp_path / "g.json").read_text(encoding="utf-8"))
    # Blocks are cut where their CITES edges reach 1,000 sentences (each edge here holds one).
    assert len(doc["edges"]) >= 20 > len(normal["edges"])  # 20,000 citations
    for block in doc["edges"]:
        held = sum(len(row) for shape in block["shapes"] for column in shape["columns"] for row in column.get("texts", ()))
        assert held <= 1000
    assert edge_objects(doc) == edge_objects(normal)
    same_graph(load_graph(tmp_path / "g.json"), generated_graph)
