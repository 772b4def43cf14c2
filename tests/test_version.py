"""The version stamps: `--version`, records, the graph file and the exports say what made them."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import lawgraph
from lawgraph.extract import extract_text
from lawgraph.extract.catalog import load_catalog
from lawgraph.extract.records import RecordError, record_from_json
from lawgraph.graph import GraphFileError, MemoryStore, load_graph
from lawgraph.graph.exports import write_exports

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
#: The version as installed, read from the distribution's metadata (not from our code).
INSTALLED = metadata.version("lawgraph")
CATALOG_VERSION = re.compile(r"sha256:[0-9a-f]{16}")


def test_version_option_and_attribute_are_the_installed_version():
    out = subprocess.run([sys.executable, "-m", "lawgraph", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout == f"lawgraph {INSTALLED}\n"
    assert lawgraph.__version__ == INSTALLED


def test_a_record_says_which_lawgraph_and_which_catalog_made_it():
    rec = extract_text(SEED.read_text(encoding="utf-8"), str(SEED))
    line = json.loads(rec.to_json())
    assert line["schema"] == 4
    assert line["producer"]["lawgraph"] == INSTALLED
    assert CATALOG_VERSION.fullmatch(line["producer"]["catalog"])
    assert record_from_json(rec.to_json()).producer == rec.producer


def test_the_catalog_version_follows_the_entries_not_the_files(tmp_path):
    entry = {"id": "test:x", "title": "某某测试条例", "category": "地方性法规", "region": "北京市"}
    other = {"id": "test:y", "title": "某某另一条例", "category": "地方性法规", "region": "北京市"}
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(entry, ensure_ascii=False) + "\n" + json.dumps(other, ensure_ascii=False) + "\n", encoding="utf-8")
    # The same entries in another order, with a comment: the same catalog.
    two = tmp_path / "two.jsonl"
    two.write_text(
        "# the same two entries\n" + json.dumps(other, ensure_ascii=False) + "\n" + json.dumps(entry, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    shipped, with_one, with_two = load_catalog().version, load_catalog([one]).version, load_catalog([two]).version
    assert with_one == with_two
    assert shipped != with_one
    text = "依据《某某测试条例》开展工作。"
    assert extract_text(text, catalog=load_catalog([one])).producer.catalog == with_one
    assert extract_text(text).producer.catalog == shipped


def _schema_3(rec) -> str:
    """A record as schema 3 wrote it: every field, sentences and surfaces as text."""
    plain = dataclasses.asdict(rec)
    for item in plain["citations"] + plain["references"]:
        del item["sentence_span"]
    return json.dumps({"schema": 3, **plain}, ensure_ascii=False)


def test_older_schemas_still_read_and_the_producer_is_checked():
    rec = json.loads(extract_text(SEED.read_text(encoding="utf-8"), str(SEED)).to_json())
    old = json.loads(_schema_3(extract_text(SEED.read_text(encoding="utf-8"), str(SEED))))
    del old["producer"]
    for schema in (1, 2):
        assert record_from_json({**old, "schema": schema}).producer is None
    with pytest.raises(RecordError) as err:
        record_from_json({**json.loads(_schema_3(extract_text(SEED.read_text(encoding="utf-8"), str(SEED)))), "schema": 2})
    assert err.value.field == "producer"
    with pytest.raises(RecordError) as err:
        record_from_json({**rec, "producer": {"lawgraph": INSTALLED, "catalog": "sha256:1\nMATCH (n) DETACH DELETE n"}})
    assert err.value.field == "producer.catalog"
    with pytest.raises(RecordError) as err:
        record_from_json({**rec, "producer": {"lawgraph": INSTALLED}})
    assert err.value.field == "producer.catalog"


@pytest.fixture(scope="module")
def seed_store(seed_records):
    store = MemoryStore()
    store.add_records(seed_records)
    return store


def _catalogs(seed_records) -> list[str]:
    return sorted({json.loads(r.to_json())["producer"]["catalog"] for r in seed_records if hasattr(r, "report")})


def test_the_graph_file_carries_the_stamp_and_keeps_it(tmp_path, seed_store, seed_records):
    path = seed_store.save(tmp_path / "graph.json")
    header = json.loads(path.read_text(encoding="utf-8").split("\n", 1)[0].rstrip(",") + "}")
    assert header["producer"] == {"catalogs": _catalogs(seed_records), "lawgraph": INSTALLED}
    again = MemoryStore(load_graph(path)).save(tmp_path / "again.json")
    assert again.read_bytes() == path.read_bytes()


def test_a_graph_file_with_a_damaged_stamp_is_refused(tmp_path, seed_store):
    path = seed_store.save(tmp_path / "graph.json")
    head, rest = path.read_text(encoding="utf-8").split("\n", 1)
    bad = tmp_path / "bad.json"
    bad.write_text(head.replace('"catalogs":["', '"catalogs":["\\n') + "\n" + rest, encoding="utf-8")
    with pytest.raises(GraphFileError, match="producer"):
        load_graph(bad)


def test_every_export_with_room_for_it_carries_the_stamp(tmp_path, seed_store, seed_records):
    write_exports(seed_store, tmp_path)
    (catalog,) = _catalogs(seed_records)
    line = f"lawgraph {INSTALLED}; catalogs: {catalog}"
    nodelink = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert nodelink["graph"]["producer"] == {"catalogs": [catalog], "lawgraph": INSTALLED}
    assert f"<creator>{line}</creator>" in (tmp_path / "graph.gexf").read_text(encoding="utf-8")
    graphml = (tmp_path / "graph.graphml").read_text(encoding="utf-8")
    assert re.search(r'<data key="d\d+">' + re.escape(INSTALLED) + "</data>", graphml)
    assert f">{catalog}</data>" in graphml
    assert f"% {line}\n" in (tmp_path / "matrix_total.mtx").read_text(encoding="utf-8")
    assert (tmp_path / "neo4j-admin" / "schema.cypher").read_text(encoding="utf-8").startswith(f"// {line}\n")
