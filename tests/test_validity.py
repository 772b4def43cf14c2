"""Validity at the report's date: a citation of a document repealed by, or not yet in force
at, the report's date is flagged in the record, counted by the build, shown on the law,
agency and report pages with its successor, and listed by stale-citations."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.extract.catalog import load_catalog, validity_at
from lawgraph.extract.pipeline import extract_text
from lawgraph.queries import run_query

runner = CliRunner()

# 合同法: repealed 2021-01-01 by 民法典 (shipped catalog); 民法典: in force from 2021-01-01.
LATE = "北京市人民政府关于2023年法治政府建设情况的报告\n\n一、严格执行《中华人民共和国合同法》和《中华人民共和国民法典》。\n\n北京市人民政府\n2024年3月1日\n"
EARLY = "北京市人民政府关于2019年法治政府建设情况的报告\n\n一、学习《中华人民共和国民法典》，执行《中华人民共和国合同法》。\n\n北京市人民政府\n2020年6月15日\n"


def test_the_rule():
    assert validity_at("2021-01-01", "2021-01-01", None) == "repealed"  # on the day of repeal
    assert validity_at("2020-12-31", "2021-01-01", "1999-10-01") is None
    assert validity_at("1999-09-30", "2021-01-01", "1999-10-01") == "not_yet_in_force"
    assert validity_at(None, "2021-01-01", None) is None
    assert validity_at("2024-01-01", None, None) is None


def test_records_flag_stale_citations():
    cat = load_catalog()
    late = {c.law_id: c.validity for c in extract_text(LATE, "late.txt", catalog=cat).citations}
    assert late == {"law:合同法": "repealed", "law:民法典": None}
    early = {c.law_id: c.validity for c in extract_text(EARLY, "early.txt", catalog=cat).citations}
    assert early == {"law:民法典": "not_yet_in_force", "law:合同法": None}
    line = json.loads(extract_text(LATE, "late.txt", catalog=cat).to_json())
    assert line["schema"] == 4 and [c.get("validity") for c in line["citations"]] == ["repealed", None]


@pytest.fixture
def built(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "late.txt").write_text(LATE, encoding="utf-8")
    (tmp_path / "early.txt").write_text(EARLY, encoding="utf-8")
    result = runner.invoke(app, ["build", "late.txt", "early.txt"])
    assert result.exit_code == 0, result.output
    return tmp_path, result.stdout


def test_build_counts_stale_citations_and_the_query_lists_them(built):
    tmp_path, stdout = built
    assert "stale citations: 2 " in stdout
    from lawgraph.graph.memory import MemoryStore

    store = MemoryStore.load(tmp_path / "out" / "graph.json")
    rows = run_query(store, "stale-citations")
    assert [(r["law_id"], r["date"], r["validity"], r["successor"]) for r in rows] == [
        ("law:民法典", "2020-06-15", "not_yet_in_force", None),
        ("law:合同法", "2024-03-01", "repealed", "law:民法典"),
    ]
    assert rows[0]["in_force_from"] == "2021-01-01" and rows[1]["repealed"] == "2021-01-01"


def test_pages_show_stale_citations_with_the_successor(built):
    tmp_path, _ = built
    views = tmp_path / "out" / "views"
    pages = {str(p): p.read_text(encoding="utf-8") for p in views.rglob("*.html")}
    law = next(t for t in pages.values() if "<h1>《中华人民共和国合同法》</h1>" in t)
    assert "报告日期时已废止（2021-01-01）" in law and "替代文件" in law and "中华人民共和国民法典</a>" in law.split("报告日期时已废止")[1]
    code = next(t for t in pages.values() if "<h1>《中华人民共和国民法典》</h1>" in t)
    assert "报告日期时尚未施行（2021-01-01 起施行）" in code
    agency = next(t for n, t in pages.items() if "<h1>北京市人民政府</h1>" in t)
    assert "失效引用" in agency and agency.count("⚠") == 2
    reports = [p.read_text(encoding="utf-8") for p in (views / "reports").glob("*.html") if p.name != "index.html"]
    assert len(reports) == 2 and all("报告日期时的效力" in t and t.count("⚠") == 1 for t in reports)
