"""Issue 15: article-level citations. The pin cites the extractor keeps on a citation
(依照《行政处罚法》第三十三条 → 第33条) reach the graph — on each report → document edge
and each agency–law–year edge —, the exports, the law pages ("articles cited, by whom")
and the canned query agencies-citing-article (its Neo4j twin: tests/test_queries_neo4j.py)."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.graph import MemoryStore

runner = CliRunner()
PENALTY = "中华人民共和国行政处罚法"
LICENCE = "中华人民共和国行政许可法"
REPORTS = {
    "dongcheng.txt": (
        "北京市东城区司法局2023年法治政府建设年度报告\n"
        "2023年，我局依照《中华人民共和国行政处罚法》第三十三条第二款开展首违不罚。"
        "依据行政许可法第十二条第（一）项办理许可。\n"
        "北京市东城区司法局\n2023年12月20日\n"
    ),
    "xicheng.txt": (
        "北京市西城区司法局2024年法治政府建设年度报告\n"
        "2024年，我局依照《中华人民共和国行政处罚法》第三十三条办理案件，并学习《中华人民共和国行政处罚法》。\n"
        "北京市西城区司法局\n2024年12月20日\n"
    ),
    "chaoyang.txt": (
        "北京市朝阳区司法局2024年法治政府建设年度报告\n2024年，我局学习《中华人民共和国行政处罚法》第二十条。\n北京市朝阳区司法局\n2024年12月20日\n"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("articles")
    (root / "in").mkdir()
    for name, text in REPORTS.items():
        (root / "in" / name).write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["build", str(root / "in"), "-o", str(root / "out"), "--exports"])
    assert res.exit_code == 0, res.output
    return root / "out"


def _law(store, title):
    return next(n for n, a in store.graph.nodes(data=True) if a.get("title") == title)


def test_articles_are_on_report_and_agency_law_year_edges(built):
    store = MemoryStore.load(built / "graph.json")
    g = store.graph
    penalty, licence = _law(store, PENALTY), _law(store, LICENCE)
    by_report = {(g.nodes[u]["source"].rsplit("/", 1)[-1], v): d["articles"] for u, v, k, d in g.edges(keys=True, data=True) if k == "CITES"}
    assert by_report[("dongcheng.txt", penalty)] == ("第33条第2款",)
    assert by_report[("dongcheng.txt", licence)] == ("第12条第1项",)
    assert by_report[("xicheng.txt", penalty)] == ("第33条",)  # the bare second citation adds none
    projected = {(g.nodes[a]["name"], d["year"]): d["articles"] for a, law, d in store.projection(law=penalty)}
    assert projected == {
        ("北京市东城区司法局", 2023): ("第33条第2款",),
        ("北京市西城区司法局", 2024): ("第33条",),
        ("北京市朝阳区司法局", 2024): ("第20条",),
    }


def test_which_agencies_cite_article_33(built):
    res = runner.invoke(app, ["query", "agencies-citing-article", "行政处罚法", "第三十三条", "-g", str(built / "graph.json"), "-f", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [(r["agency"], r["articles"], r["years"], r["reports"]) for r in rows] == [
        ("北京市东城区司法局", ["第33条第2款"], [2023], 1),
        ("北京市西城区司法局", ["第33条"], [2024], 1),
    ]
    narrow = runner.invoke(app, ["query", "agencies-citing-article", "行政处罚法", "33", "2024", "-g", str(built / "graph.json"), "-f", "json"])
    assert [r["agency"] for r in json.loads(narrow.stdout)] == ["北京市西城区司法局"]
    none = runner.invoke(app, ["query", "agencies-citing-article", "行政处罚法", "第99条", "-g", str(built / "graph.json"), "-f", "json"])
    assert none.exit_code == 0 and json.loads(none.stdout) == [] and "no rows" in none.stderr
    bad = runner.invoke(app, ["query", "agencies-citing-article", "行政处罚法", "第八、九条", "-g", str(built / "graph.json")])
    assert bad.exit_code == 2 and "is not one article" in bad.stderr


def test_exports_carry_the_articles(built):
    with open(built / "exports" / "citations.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {(r["report"][:9], r["title"]): r["articles"] for r in csv.DictReader(fh)}
    assert rows[("北京市东城区司法局", LICENCE)] == "第12条第1项"
    with open(built / "exports" / "agency_law_year.csv", encoding="utf-8-sig", newline="") as fh:
        aly = {(r["agency"], r["title"], r["year"]): r["articles"] for r in csv.DictReader(fh)}
    assert aly[("北京市西城区司法局", PENALTY, "2024")] == "第33条"


def test_the_law_page_shows_articles_cited_by_whom(built):
    store = MemoryStore.load(built / "graph.json")
    pages = list((built / "views" / "laws").glob("*.html"))
    page = next(p.read_text(encoding="utf-8") for p in pages if f"《{PENALTY}》" in p.read_text(encoding="utf-8"))
    section = page[page.index("被引条款及引用机关") : page.index("引用语句")] if "引用语句" in page else page[page.index("被引条款及引用机关") :]
    assert "第20条" in section and "第33条" in section and "第33条第2款" in section
    assert section.index("第20条") < section.index("第33条")  # legal order
    row33 = section[section.index("<td>第33条</td>") :].split("</tr>")[0]
    assert "北京市东城区司法局" in row33 and "北京市西城区司法局" in row33 and "北京市朝阳区司法局" not in row33
    assert store  # the page is built from the same graph
