"""Every export format read back with the tool its users would use: same nodes, edges, counts."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from lawgraph.graph import model
from lawgraph.graph.exports import FORMATS, ExportError, get_format, write_exports
from lawgraph.graph.exports import gexf as gexf_mod
from lawgraph.graph.exports import graphml as graphml_mod
from lawgraph.graph.exports import matrices, nodelink, tables
from lawgraph.graph.exports.flat import flat_value
from test_views import EVIL_SCRIPT, evil_corpus, store_of


@pytest.fixture(scope="module")
def seed_store(seed_records):
    from lawgraph.graph import MemoryStore

    store = MemoryStore()
    store.add_records(seed_records)
    return store


@pytest.fixture(scope="module")
def exported(seed_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    write_exports(seed_store, out, [f for f in FORMATS if f != "neo4j-admin"])
    return out


def _plain(value):
    """Tuples (in memory) and lists (loaded) are the same value."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _edge_keys(g) -> set[tuple[str, str, str]]:
    return set(g.edges(keys=True))


def _projection_pairs(store) -> Counter:
    pairs: Counter = Counter()
    for a, law, d in store.projection():
        pairs[(a, law)] += d["count"]
    return pairs


# --- CSV -----------------------------------------------------------------------------------


def _truth(records) -> tuple[Counter, Counter]:
    """Citations per document counted from the records themselves, not by lawgraph's
    graph code: (every citation, citations of reports with an issuer and a year)."""
    every, projected = Counter(), Counter()
    for r in records:
        for c in r.citations:
            every[c.law_id] += 1
            if r.report.issuer is not None and r.report.year is not None:
                projected[c.law_id] += 1
    return every, projected


def test_nodes_csv_round_trips_with_pandas_and_csv(seed_store, seed_records, exported):
    pd = pytest.importorskip("pandas")
    raw = (exported / "nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to see UTF-8
    df = pd.read_csv(exported / "nodes.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    g = seed_store.graph
    assert list(df["id"]) == sorted(g.nodes)
    assert dict(zip(df["id"], df["kind"])) == {n: a["label"] for n, a in g.nodes(data=True)}
    every, _ = _truth(seed_records)
    laws = df[df["kind"] == model.LAW]
    assert {i: int(c) for i, c in zip(laws["id"], laws["times_cited"])} == {n: every[n] for n in laws["id"]}
    # No count column adds up two kinds of thing: each is filled on one kind of row only,
    # and each sums to the number of citations in the records.
    for column, kind in (("times_cited", model.LAW), ("citations", model.REPORT)):
        assert set(df[df[column] != ""]["kind"]) == {kind}
        assert sum(int(c) for c in df[column] if c) == sum(every.values())
    with open(exported / "nodes.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    agency = next(r for r in rows if r["kind"] == model.AGENCY and r["aliases"])
    assert agency["aliases"].split("|") == list(g.nodes[agency["id"]]["aliases"])
    assert agency["label"] == g.nodes[agency["id"]]["name"]


def test_edges_csv_round_trips(seed_store, exported):
    with open(exported / "edges.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    g = seed_store.graph
    report_level = {(u, v, k) for u, v, k in g.edges(keys=True) if not k.startswith("CITES:")}
    assert {(r["source"], r["target"], r["relationship"]) for r in rows} == report_level
    for r in rows:
        d = g.edges[r["source"], r["target"], r["relationship"]]
        if d["type"] == model.CITES:
            assert int(r["citations"]) == int(r["weight"]) == d["count"] and r["mentions"] == ""
        if d["type"] == model.MENTIONS:
            assert int(r["mentions"]) == d["count"] and r["citations"] == ""
        if "spans" in d:
            assert r["spans"] == "|".join(f"{s}-{e}" for s, e in d["spans"])
        if "sentences" in d:
            assert r["sentences"].split("\n") == list(d["sentences"])


def test_summing_any_count_never_double_counts(seed_records, exported):
    """Issue 15: edges.csv held report→law and agency→law-per-year rows under one CITES,
    so summing weight by target gave 28 citations of a law cited 14 times (172 for 86)."""
    pd = pytest.importorskip("pandas")
    every, projected = _truth(seed_records)
    edges = pd.read_csv(exported / "edges.csv", encoding="utf-8-sig")
    laws = set(every)
    by_target = edges[edges["target"].isin(laws)].groupby("target")["weight"].sum().to_dict()
    assert by_target == dict(every)
    assert edges["citations"].sum() == sum(every.values())
    cites = pd.read_csv(exported / "citations.csv", encoding="utf-8-sig")
    assert cites.groupby("law_id")["citations"].sum().to_dict() == dict(every)
    aly = pd.read_csv(exported / "agency_law_year.csv", encoding="utf-8-sig")
    assert aly.groupby("law_id")["citations"].sum().to_dict() == {k: v for k, v in projected.items() if v}
    lang = next(t for t in every if "国际交往语言环境建设条例" in t)
    assert by_target[lang] == every[lang] == 14  # the figure of the issue, counted by hand


def test_integer_columns_read_as_integers(exported):
    """Issue 15: ``year`` read as 2022.0 in pandas."""
    pd = pytest.importorskip("pandas")
    aly = pd.read_csv(exported / "agency_law_year.csv", encoding="utf-8-sig")
    for column in ("year", "citations", "reports"):
        assert str(aly[column].dtype) == "int64", column
    cites = pd.read_csv(exported / "citations.csv", encoding="utf-8-sig")
    for column in ("year", "citations"):
        assert str(cites[column].dtype) == "int64", column
    assert str(pd.read_csv(exported / "edges.csv", encoding="utf-8-sig")["weight"].dtype) == "int64"


def test_every_csv_has_a_bom(exported):
    csvs = sorted(exported.glob("*.csv"))
    assert {"nodes.csv", "edges.csv", "citations.csv", "agency_law_year.csv", "matrix_total.csv"} <= {p.name for p in csvs}
    assert [p.name for p in csvs if not p.read_bytes().startswith(b"\xef\xbb\xbf")] == []


def test_agency_law_year_rows_are_the_projection(seed_store, exported):
    with open(exported / "agency_law_year.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    want = {(a, law, d["year"]): d for a, law, d in seed_store.projection()}
    assert {(r["agency_id"], r["law_id"], int(r["year"])) for r in rows} == set(want)
    for r in rows:
        d = want[(r["agency_id"], r["law_id"], int(r["year"]))]
        assert int(r["citations"]) == d["count"] and r["report_ids"].split("|") == list(d["reports"])
        assert int(r["reports"]) == len(d["reports"])


def test_csv_without_bom(seed_store, tmp_path):
    tables.write_nodes(seed_store, tmp_path / "n.csv", bom=False)
    assert not (tmp_path / "n.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_row_generators_are_pure():
    rows = list(tables.generate_edges(store_of([])))
    assert rows == [list(tables.edge_columns(nx.MultiDiGraph()))]


# --- matrices ----------------------------------------------------------------------------------


def test_matrices_round_trip_with_pandas_and_scipy(seed_store, exported):
    pd = pytest.importorskip("pandas")
    sio = pytest.importorskip("scipy.io")
    pairs = _projection_pairs(seed_store)
    rows = pd.read_csv(exported / "matrix_rows.csv", encoding="utf-8-sig")
    cols = pd.read_csv(exported / "matrix_cols.csv", encoding="utf-8-sig")
    total = sio.mmread(str(exported / "matrix_total.mtx")).tocsr()
    assert total.shape == (len(rows), len(cols))
    got = {(rows["id"][i], cols["id"][j]): int(total[i, j]) for i, j in zip(*total.nonzero())}
    assert got == dict(pairs)
    dense = pd.read_csv(exported / "matrix_total.csv", encoding="utf-8-sig", index_col=0)
    assert list(dense.index) == list(rows["name"]) and list(dense.columns) == list(cols["title"])
    assert int(dense.to_numpy().sum()) == sum(pairs.values())
    # The years add up to the total, and each year's file holds that year's projection.
    years = sorted({d["year"] for _, _, d in seed_store.projection()})
    acc = None
    for y in years:
        m = sio.mmread(str(exported / f"matrix_{y}.mtx")).tocsr()
        assert int(m.sum()) == sum(d["count"] for _, _, d in seed_store.projection(year=y))
        assert int(pd.read_csv(exported / f"matrix_{y}.csv", encoding="utf-8-sig", index_col=0).to_numpy().sum()) == int(m.sum())
        acc = m if acc is None else acc + m
    assert (acc != total).nnz == 0


def test_big_matrices_are_sparse_only(seed_store, tmp_path):
    written = matrices.write(seed_store, tmp_path, dense_max_cells=10)
    assert {p.name for p in written if p.suffix == ".csv"} == {"matrix_rows.csv", "matrix_cols.csv"}
    assert (tmp_path / "matrix_total.mtx").exists()


def test_duplicate_titles_get_distinct_columns():
    assert matrices._unique(["甲", "乙", "甲"], ["a", "b", "c"]) == ["甲 [a]", "乙", "甲 [c]"]


# --- GraphML, GEXF, node-link JSON -----------------------------------------------------------------


def test_graphml_round_trips(seed_store, exported):
    h = nx.read_graphml(exported / "graph.graphml", force_multigraph=True)
    g = seed_store.graph
    assert set(h.nodes) == set(g.nodes)
    assert h.number_of_edges() == g.number_of_edges()
    assert {(u, v, d["nx_key"]) for u, v, d in h.edges(data=True)} == _edge_keys(g)
    for u, v, d in h.edges(data=True):
        orig = g.edges[u, v, d["nx_key"]]
        assert d["relationship"] == orig["type"]
        assert d["edge_kind"] == model.rel_of_key(d["nx_key"]).name
        assert d.get("count") == orig.get("count")
        if d["edge_kind"] == "agency_cites":  # the time attribute Gephi filters on
            assert d["year"] == orig["year"]
        assert d["weight"] == orig.get("count", 1)
    for n, d in h.nodes(data=True):
        assert d["kind"] == g.nodes[n]["label"]
        assert d["label"] == (g.nodes[n].get("name") or g.nodes[n].get("title") or n)
        if g.nodes[n].get("year") is not None:
            assert d["year"] == g.nodes[n]["year"]


def test_gexf_round_trips_with_a_spell_per_year(seed_store, exported):
    h = nx.read_gexf(exported / "graph.gexf")
    pairs = _projection_pairs(seed_store)
    assert set(h.edges) == set(pairs)
    assert set(h.nodes) == {n for pair in pairs for n in pair}
    text = (exported / "graph.gexf").read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text and "lastmodifieddate" not in text
    for a, law, d in seed_store.projection():
        e = h.edges[a, law]
        assert (f"{d['year']}-01-01", f"{d['year']}-12-31") in e["spells"]
        assert (d["count"], f"{d['year']}-01-01", f"{d['year']}-12-31") in e["count"]
    for (a, law), total in pairs.items():
        assert h.edges[a, law]["weight"] == total
        assert len(h.edges[a, law]["spells"]) == len({d["year"] for _, x, d in seed_store.projection(agency=a) if x == law})
    for n, d in h.nodes(data=True):
        assert d["kind"] == seed_store.graph.nodes[n]["label"] and d["spells"]


def test_node_link_json_is_lossless(seed_store, exported):
    h = nodelink.load(exported / "graph.json")
    g = seed_store.graph
    assert isinstance(h, nx.MultiDiGraph)
    assert {n: _plain(a) for n, a in h.nodes(data=True)} == {n: _plain(a) for n, a in g.nodes(data=True)}
    assert {(u, v, k): _plain(d) for u, v, k, d in h.edges(keys=True, data=True)} == {(u, v, k): _plain(d) for u, v, k, d in g.edges(keys=True, data=True)}


def test_exports_are_deterministic(seed_store, exported, tmp_path):
    write_exports(seed_store, tmp_path, [f for f in FORMATS if f != "neo4j-admin"])
    names = sorted(p.name for p in exported.iterdir() if p.is_file())
    assert names == sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert [n for n in names if (exported / n).read_bytes() != (tmp_path / n).read_bytes()] == []


# --- hostile and odd values ----------------------------------------------------------------------


def test_xml_formats_survive_control_characters_and_markup(tmp_path):
    recs = evil_corpus(tmp_path)
    recs[0]["citations"][0]["sentence"] += "\x01\x0b\ud800"
    store = store_of(recs, checked=False)
    graphml_mod.write(store, tmp_path / "g.graphml")
    gexf_mod.write(store, tmp_path / "g.gexf")
    h = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert any(EVIL_SCRIPT in d["label"] for _, d in h.nodes(data=True))
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_edges() == len(_projection_pairs(store))
    nodelink.write(store, tmp_path / "g.json")
    back = nodelink.load(tmp_path / "g.json")
    sentences = [s for _, _, d in back.edges(data=True) for s in d.get("sentences", [])]
    assert any(s.endswith("\x01\x0b\ud800") for s in sentences)  # JSON keeps them exactly


def test_flat_value_table():
    assert flat_value("spans", ((1, 3),)) == "1-3"  # tuples as stored in memory
    assert flat_value("sentences", ["a|b", "c"]) == "a|b\nc"  # a sentence may hold the list separator
    assert flat_value("linked", True) is True
    assert flat_value("x", None) is None


# --- the registry and the CLI ----------------------------------------------------------------------


def test_registry_lists_every_format_and_rejects_unknown():
    assert set(FORMATS) == {
        "nodes-csv",
        "edges-csv",
        "citations-csv",
        "agency-law-year-csv",
        "matrix",
        "graphml",
        "gexf",
        "json",
        "neo4j-admin",
    }
    with pytest.raises(ExportError, match="choose one of"):
        get_format("xlsx")


def test_neo4j_admin_through_the_registry(seed_store, tmp_path):
    written = FORMATS["neo4j-admin"].write(seed_store, tmp_path / "neo4j-admin")
    assert written and all(Path(p).is_file() for p in written)
    assert any(Path(p).name == "laws.csv" for p in written)


def test_cli_export_writes_each_format(seed_store, tmp_path):
    from typer.testing import CliRunner

    from lawgraph.cli import app

    graph_path = tmp_path / "graph.json"
    seed_store.save(graph_path)
    runner = CliRunner()
    (tmp_path / "x").mkdir()  # a destination's folder must exist: none is created silently
    for name in ("graphml", "gexf", "json", "nodes-csv", "edges-csv", "citations-csv", "agency-law-year-csv"):
        dest = tmp_path / "x" / FORMATS[name].default_path
        result = runner.invoke(app, ["export", name, str(dest), "--graph", str(graph_path)])
        assert result.exit_code == 0, result.output
        assert dest.is_file()
    result = runner.invoke(app, ["export", "matrix", str(tmp_path / "m"), "--graph", str(graph_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m" / "matrix_total.mtx").is_file()
    h = nx.read_graphml(tmp_path / "x" / "graph.graphml", force_multigraph=True)
    assert h.number_of_edges() == seed_store.graph.number_of_edges()


def test_missing_scipy_is_named_and_can_be_skipped(monkeypatch, seed_store, tmp_path):
    import sys

    from lawgraph.graph.exports import MissingDependencyError

    monkeypatch.setitem(sys.modules, "scipy", None)  # import scipy → ModuleNotFoundError
    with pytest.raises(MissingDependencyError, match=r"lawgraph\[export\]"):
        write_exports(seed_store, tmp_path, ["matrix"])
    written = write_exports(seed_store, tmp_path, ["matrix", "graphml"], skip_missing=True)
    assert [p.name for p in written] == ["graph.graphml"]
