"""`lawgraph catalog import` and `catalog check`, the user catalog folder, and linking with a
large catalog: local documents only within their region, national titles never local."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.extract.catalog import CatalogEntry, Catalog, load_catalog
from lawgraph.extract.pipeline import extract_text

ROOT = Path(__file__).resolve().parents[1]
EXTENDED = ROOT.parent / "shared" / "data" / "cn_law_catalog_extended.jsonl"

runner = CliRunner()


def _md(path: Path, title: str, history: list[str], body: str = "第一条 为了……，制定本条例。") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {title}\n\n" + "\n\n".join(history) + "\n\n<!-- INFO END -->\n\n" + body + "\n", encoding="utf-8")


def lawrefbook_tree(root: Path, with_index: bool) -> Path:
    """A small LawRefBook-style tree: national folders, a province DLC, index files."""
    _md(root / "行政法规" / "公平竞争审查条例(2024-06-06).md", "公平竞争审查条例",
        ["2024年6月6日中华人民共和国国务院令第783号公布", "自2024年8月1日起施行"])  # fmt: skip
    _md(root / "经济法" / "统计法(2009-06-27).md", "中华人民共和国统计法",
        ["1983年12月8日 第六届全国人民代表大会常务委员会第三次会议通过", "2009年6月27日 第十一届全国人民代表大会常务委员会第九次会议修订"])  # fmt: skip
    _md(root / "经济法" / "统计法(2024-09-13).md", "中华人民共和国统计法",
        ["1983年12月8日 第六届全国人民代表大会常务委员会第三次会议通过", "2024年9月13日 第十四届全国人民代表大会常务委员会第十一次会议第二次修正"])  # fmt: skip
    _md(root / "行政法规" / "城市供水条例(1994-07-19).md", "城市供水条例", ["1994年7月19日中华人民共和国国务院令第158号发布"])
    _md(root / "案例" / "某案(2020-01-01).md", "某案例", [])
    _md(root / "DLC" / "浙江地方法规" / "地方性法规" / "浙江" / "浙江省数字经济促进条例(2020-12-24).md", "浙江省数字经济促进条例",
        ["2020年12月24日浙江省第十三届人民代表大会常务委员会第二十六次会议通过"])  # fmt: skip
    (root / "行政法规" / "_index.md").write_text("# index\n", encoding="utf-8")
    if with_index:
        db = sqlite3.connect(root / "db.sqlite3")
        db.execute(
            "CREATE TABLE law (id TEXT, level TEXT, name TEXT, filename TEXT, publish DATE, expired INTEGER, valid_from DATE, ver INTEGER, category_id TEXT)"
        )
        db.executemany(
            "INSERT INTO law VALUES (?, ?, ?, NULL, ?, ?, ?, 1, 'x')",
            [("1", "行政法规", "公平竞争审查条例", "2024-06-06", 0, "2024-08-01"),
             ("2", "行政法规", "城市供水条例", "1994-07-19", 1, "1994-10-01"),
             ("3", "法律", "统计法", "2024-09-13", 0, "2024-09-13")],
        )  # fmt: skip
        db.commit()
        db.close()
    return root


def _import(sources, out: Path, *extra) -> tuple[dict, object]:
    result = runner.invoke(app, ["catalog", "import", *map(str, sources), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    entries = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        entries[e["title"]] = e
    return entries, result


@pytest.mark.parametrize("with_index", [False, True])
def test_lawrefbook_tree_is_imported(tmp_path, with_index):
    tree = lawrefbook_tree(tmp_path / "Laws", with_index)
    entries, _ = _import([tree], tmp_path / "c.jsonl")
    assert "某案例" not in entries and "index" not in entries
    fair = entries["公平竞争审查条例"]
    assert (fair["id"], fair["category"], fair["issuer"], fair["region"]) == ("reg:公平竞争审查条例", "行政法规", "国务院", "全国")
    assert (fair["promulgated"], fair["effective"], fair["amended"]) == ("2024-06-06", "2024-08-01", [])  # 施行 is no version
    zj = entries["浙江省数字经济促进条例"]
    assert (zj["category"], zj["region"], zj["issuer"]) == ("地方性法规", "浙江省", "浙江省人民代表大会常务委员会")
    # a document the shipped catalog has keeps its id; the versions become amendments
    stat = entries["中华人民共和国统计法"]
    assert stat["id"] == "law:统计法" and "2024-09-13" in stat["amended"] and "统计法" in stat["short_titles"]
    water = entries["城市供水条例"]
    assert water["status"] == ("已废止" if with_index else "现行有效")


def _facts(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


FACT = {"short_title": None, "branch": None, "issuer": "国务院", "promulgated": "2019-03-02", "effective": None,
        "status": "现行有效", "status_basis": "x", "versions": 1, "source": "x", "also_seen_in": [], "note": None, "region": "全国"}  # fmt: skip


def test_facts_are_mapped_successors_found_and_conflicts_reported(tmp_path):
    rows = [
        {**FACT, "title": "地震安全性评价管理条例", "category": "行政法规"},
        {**FACT, "title": "最高人民法院关于审理某类案件的解释", "category": "司法解释", "issuer": "最高人民法院"},
        {**FACT, "title": "某某条例", "category": "行政法规", "status": "已废止", "status_basis": "被《地震安全性评价管理条例》废止（2019-03-02起）"},
        {**FACT, "title": "中华人民共和国统计法", "short_title": "统计法", "category": "行政法规", "issuer": "国务院", "versions": 3},
        {**FACT, "title": "河北省地震安全性评价管理条例", "category": "地方性法规", "region": "河北省", "issuer": "河北省人民代表大会常务委员会"},
    ]
    out = tmp_path / "c.jsonl"
    entries, result = _import([_facts(tmp_path / "facts.jsonl", rows)], out)
    assert entries["地震安全性评价管理条例"]["category"] == "行政法规"
    assert entries["最高人民法院关于审理某类案件的解释"]["category"] == "规范性文件"
    old = entries["某某条例"]
    assert (old["status"], old["repealed"], old["successor"]) == ("已废止", "2019-03-02", entries["地震安全性评价管理条例"]["id"])
    assert entries["河北省地震安全性评价管理条例"]["region"] == "河北省"
    # the shipped 统计法 is a 法律 by the NPCSC: kept, and both disagreements listed
    stat = entries["中华人民共和国统计法"]
    assert (stat["id"], stat["category"], stat["issuer"]) == ("law:统计法", "法律", "全国人民代表大会常务委员会")
    assert stat["promulgated"] == load_catalog().get("law:统计法").promulgated  # newest version ≠ first adoption
    rows_csv = list(csv.DictReader((tmp_path / "c.conflicts.csv").read_text(encoding="utf-8").splitlines()))
    assert {(r["id"], r["field"], r["shipped"], r["imported"]) for r in rows_csv} == {
        ("law:统计法", "category", "法律", "行政法规"),
        ("law:统计法", "issuer", "全国人民代表大会常务委员会", "国务院"),
    }
    assert "2 disagreements with the shipped catalog" in result.output
    # and the file is a valid catalog
    assert runner.invoke(app, ["catalog", "check", str(out)]).exit_code == 0


def test_own_format_passes_through_and_sources_merge(tmp_path):
    own = tmp_path / "own.jsonl"
    own.write_text(json.dumps({"id": "my:督察规定", "title": "某省直机关督察工作试行规定", "short_titles": ["督察试行规定"],
        "category": "党内法规", "issuer": "中共中央办公厅 国务院办公厅", "region": "全国", "promulgated": "2019-04-15",
        "effective": None, "amended": [], "status": "现行有效", "repealed": None, "successor": None, "doc_number": None},
        ensure_ascii=False) + "\n", encoding="utf-8")  # fmt: skip
    facts = _facts(tmp_path / "f.jsonl", [{**FACT, "title": "公平竞争审查条例", "category": "行政法规"}])
    entries, _ = _import([own, facts], tmp_path / "c.jsonl")
    assert entries["某省直机关督察工作试行规定"]["id"] == "my:督察规定"
    assert entries["某省直机关督察工作试行规定"]["short_titles"] == ["督察试行规定"]
    assert set(entries) == {"某省直机关督察工作试行规定", "公平竞争审查条例"}
    # an own id the shipped catalog gives another document is a conflict, not a silent swap
    line = json.loads(own.read_text(encoding="utf-8"))
    own.write_text(json.dumps({**line, "id": "law:统计法"}, ensure_ascii=False) + "\n", encoding="utf-8")
    _, result = _import([own], tmp_path / "d.jsonl")
    assert "law:统计法: title: shipped '中华人民共和国统计法', imported '某省直机关督察工作试行规定'" in result.output


def test_bad_sources_give_one_line_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**FACT, "title": "甲条例", "category": "行政法规"}, ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    result = runner.invoke(app, ["catalog", "import", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1 and f"{bad}:2: not valid JSON" in result.output
    bad.write_text(json.dumps({**FACT, "title": "甲条例", "category": "法令"}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["catalog", "import", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1 and f"{bad}:1: category" in result.output


def test_catalog_check_lists_every_problem_with_its_line(tmp_path):
    good = {"id": "x:甲", "title": "甲条例", "short_titles": [], "category": "行政法规", "issuer": None, "region": "全国",
            "promulgated": None, "effective": None, "amended": [], "status": "现行有效", "repealed": None, "successor": None, "doc_number": None}  # fmt: skip
    lines = [good, {**good, "id": "x:乙", "category": "法令"}, {**good, "id": "x:丙", "promulgated": "2020"},
             {**good, "id": "x:丁", "successor": "x:无"}, good]  # fmt: skip
    f = tmp_path / "c.jsonl"
    f.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    result = runner.invoke(app, ["catalog", "check", str(f)])
    assert result.exit_code == 1
    out = result.output
    for n, what in ((2, "category"), (3, "promulgated"), (4, "successor"), (5, "id")):
        assert f"{f}:{n}: {what}" in out, out
    assert f"{f}:1:" not in out


def test_user_catalog_folder_is_read_by_every_extraction(tmp_path, monkeypatch):
    folder = tmp_path / "user"
    folder.mkdir()
    _import([_facts(tmp_path / "f.jsonl", [{**FACT, "title": "公平竞争审查条例", "category": "行政法规"}])], folder / "mine.jsonl")
    report = tmp_path / "r.txt"
    report.write_text("某市人民政府2024年法治政府建设情况报告\n\n贯彻《公平竞争审查条例》。\n", encoding="utf-8")

    def linked() -> bool:
        out = tmp_path / "o.jsonl"
        assert runner.invoke(app, ["extract", str(report), "-o", str(out)]).exit_code == 0
        return json.loads(out.read_text(encoding="utf-8"))["citations"][0].get("linked", False)  # left out at its default (records schema 4)

    assert not linked()
    monkeypatch.setenv("LAWGRAPH_CATALOG_DIR", str(folder))
    assert linked()


def _entry(id, title, region="全国", category="地方性法规", short=()):
    return CatalogEntry(id=id, title=title, short_titles=tuple(short), category=category, region=region)


def test_local_titles_link_only_within_their_region_and_never_for_a_national_one():
    cat = Catalog()
    for e in [
        _entry("local:浙江省:营商", "优化营商环境条例", "浙江省"),  # same title as the national one, before it
        _entry("reg:营商", "优化营商环境条例", category="行政法规"),
        _entry("bj:营商", "北京市优化营商环境条例", "北京市", short=["优化营商环境条例"]),
        _entry("local:北京市:决定", "关于修改部分地方性法规的决定", "北京市"),
        _entry("local:浙江省:决定", "关于修改部分地方性法规的决定", "浙江省"),
        _entry("local:浙江省:数字", "浙江省数字经济促进条例", "浙江省"),
    ]:
        cat.add(e)
    for region in (None, "浙江省杭州市", "北京市东城区"):
        assert cat.lookup("优化营商环境条例", region).id == "reg:营商"
    assert cat.lookup("关于修改部分地方性法规的决定", "浙江省").id == "local:浙江省:决定"
    assert cat.lookup("关于修改部分地方性法规的决定", "北京市海淀区").id == "local:北京市:决定"
    assert cat.lookup("关于修改部分地方性法规的决定", "上海市") is None
    assert cat.lookup("关于修改部分地方性法规的决定") is None
    assert cat.lookup("浙江省数字经济促进条例", "北京市").id == "local:浙江省:数字"  # it names its region
    assert cat.lookup("北京市优化营商环境条例", "浙江省").id == "bj:营商"


def test_bare_names_follow_the_same_rules(tmp_path):
    rows = [{**FACT, "title": "优化营商环境条例", "category": "地方性法规", "region": "浙江省"},
            {**FACT, "title": "关于修改部分地方性法规的决定", "category": "地方性法规", "region": "浙江省"},
            {**FACT, "title": "关于修改部分地方性法规的决定", "category": "地方性法规", "region": "山东省"}]  # fmt: skip
    out = tmp_path / "c.jsonl"
    _import([_facts(tmp_path / "f.jsonl", rows)], out)
    cat = load_catalog([str(out)])
    text = "北京市人民政府2024年法治政府建设情况报告\n\n执行优化营商环境条例，贯彻《关于修改部分地方性法规的决定》。\n"
    rec = extract_text(text, "r.txt", catalog=cat)
    by_title = {c.title: c for c in rec.citations}
    assert by_title["优化营商环境条例"].law_id == "reg:优化营商环境条例"
    assert not by_title["关于修改部分地方性法规的决定"].linked


def test_extended_catalog_links_the_two_regulations(tmp_path):
    if not EXTENDED.exists():
        pytest.skip(f"{EXTENDED} not found (../shared is not beside the repository)")
    out = tmp_path / "ext.jsonl"
    _import([EXTENDED], out)
    text = "浙江省人民政府2024年法治政府建设情况报告\n\n贯彻《公平竞争审查条例》和《地震安全性评价管理条例》。\n"
    before = extract_text(text, "r.txt", catalog=load_catalog())
    assert [c.linked for c in before.citations] == [False, False]
    after = extract_text(text, "r.txt", catalog=load_catalog([str(out)]))
    assert [(c.title, c.category, c.linked) for c in after.citations] == [
        ("公平竞争审查条例", "行政法规", True),
        ("地震安全性评价管理条例", "行政法规", True),
    ]
