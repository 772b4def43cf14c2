"""The graph file written and read by orjson is the one the standard library gives.

``graph.persist`` writes each node and edge with orjson and reads them with it, falling back
to ``json`` where the two would differ; the file's bytes and the loaded graph must be those
of the standard library alone, on real graphs and on the values where they differ.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from lawgraph.graph import MemoryStore
from lawgraph.graph import persist
from lawgraph.graph.neutral import json_text_errors

ROOT = Path(__file__).resolve().parents[1]


def _reference_bytes(graph) -> bytes:
    return "".join(persist.iter_graph_lines(graph)).encode("utf-8", json_text_errors())


@pytest.fixture(scope="module")
def seeds_graph(tmp_path_factory):
    from lawgraph.extract import iter_records

    store = MemoryStore()
    store.add_records(iter_records([str(ROOT / "seeds")], jobs=1))
    return store.graph


def _odd_graph():
    g = nx.MultiDiGraph()
    g.add_node("report:a/\udcb1.txt", label="Report", source="a/\udcb1.txt", weight=2e-05, chars=2**70)
    g.add_node("law:x", label="Law", title="e-government 0.00001 法", spans=((1, 2),), score=1.5e-07)
    g.add_node("law:y", label="Law", title='\x1f\x7f\x85\u2028"\\/\t', aliases=("甲", "乙"), year=2021)
    g.add_edge("report:a/\udcb1.txt", "law:x", key="CITES", type="CITES", count=1, kinds=("bracketed",), share=0.95)
    return g


def test_file_bytes_equal_the_standard_librarys_on_the_seeds(seeds_graph, tmp_path):
    path = persist.save_graph(seeds_graph, tmp_path / "g.json")
    assert path.read_bytes() == _reference_bytes(seeds_graph)


def test_file_bytes_equal_the_standard_librarys_where_orjson_differs(tmp_path):
    g = _odd_graph()
    path = persist.save_graph(g, tmp_path / "g.json")
    assert path.read_bytes() == _reference_bytes(g)
    loaded = persist.load_graph(path)
    assert dict(loaded.nodes(data=True)) == dict(g.nodes(data=True))
    assert list(loaded.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))


def test_loading_with_orjson_gives_the_standard_librarys_graph(seeds_graph, tmp_path, monkeypatch):
    path = persist.save_graph(seeds_graph, tmp_path / "g.json")
    fast = persist.load_graph(path)
    monkeypatch.setattr(persist, "_orjson", None)
    slow = persist.load_graph(path)
    assert list(fast.nodes(data=True)) == list(slow.nodes(data=True))
    assert list(fast.edges(keys=True, data=True)) == list(slow.edges(keys=True, data=True))
    assert dict(fast.nodes(data=True)) == dict(seeds_graph.nodes(data=True))


def test_orjson_is_what_writes_and_reads_the_file():
    assert persist._orjson is not None  # a declared dependency: the fast path is taken
