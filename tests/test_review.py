"""`lawgraph review`: the queue, ranked by reports; the template the next build reads."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.commands import build_cmd
from lawgraph.extract.records import Agency, Citation, Record, Report

runner = CliRunner()

LOCAL = "杭州市文明行为促进条例"  # not in the shipped catalog
REPORT_A = f"杭州市人民政府关于2024年法治政府建设情况的报告\n\n一、认真贯彻《法治政府建设与责任落实督查工作规定》，落实《{LOCAL}》和《某某工作手册》。\n"
REPORT_B = f"杭州市人民政府关于2023年法治政府建设情况的报告\n\n一、制定《{LOCAL}》。\n"


@pytest.fixture
def built(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build_cmd, "_write_outputs", lambda store, out, **kw: None)
    (tmp_path / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT_B, encoding="utf-8")
    result = runner.invoke(app, ["build", "a.txt", "b.txt"])
    assert result.exit_code == 0, result.output
    return tmp_path, result.stdout


def _queue(tmp_path):
    with open(tmp_path / "out" / "review" / "review.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _linked(tmp_path, title):
    g = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    laws = [n for n in g["nodes"] if n.get("label") == "Law" and n.get("title") == title]
    assert laws, title
    return laws[0]["linked"]


def test_every_build_says_how_many_titles_need_review(built):
    _, stdout = built
    assert "2 titles need review: lawgraph review" in stdout


def test_queue_is_ranked_by_reports_and_has_fuzzy_matches(built):
    tmp_path, _ = built
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0, result.output
    rows = _queue(tmp_path)
    assert [(r["kind"], r["name"], r["reports"]) for r in rows[:2]] == [("title", LOCAL, "2"), ("title", "某某工作手册", "1")]
    assert rows[0]["region"] == "浙江省"  # a local rule whose every citing report is from 浙江
    fuzzy = [r for r in rows if r["kind"] == "fuzzy"]
    assert [(r["name"], r["linked_to"]) for r in fuzzy] == [("法治政府建设与责任落实督查工作规定", "cpc:法治政府建设与责任落实督察工作规定")]


def test_filled_template_links_on_the_next_build_and_is_kept(built):
    tmp_path, _ = built
    assert runner.invoke(app, ["review"]).exit_code == 0
    template = tmp_path / "out" / "review" / "catalog.jsonl"
    lines = template.read_text(encoding="utf-8").splitlines()
    assert all(ln.startswith("#") for ln in lines)  # nothing is active until the user says so
    filled = []
    for ln in lines:
        if f'"title": "{LOCAL}"' in ln:
            entry = json.loads(ln[2:])
            entry["issuer"] = "杭州市人民代表大会常务委员会"
            ln = json.dumps(entry, ensure_ascii=False)
        filled.append(ln)
    template.write_text("\n".join(filled) + "\n", encoding="utf-8")
    assert not _linked(tmp_path, LOCAL)
    again = runner.invoke(app, ["build", "a.txt", "b.txt"])
    assert again.exit_code == 0, again.output
    assert "replaced 2" in again.stdout and "1 title needs review" in again.stdout
    assert _linked(tmp_path, LOCAL)
    assert runner.invoke(app, ["review"]).exit_code == 0
    assert LOCAL not in {r["name"] for r in _queue(tmp_path)}
    kept = [ln for ln in template.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    assert len(kept) == 1 and json.loads(kept[0])["issuer"] == "杭州市人民代表大会常务委员会"


def test_agencies_without_region_are_queued(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build_cmd, "_write_outputs", lambda store, out, **kw: None)
    iss = Agency("某某委员会", "某某委员会", (0, 5), "issuer", "unknown", None)
    recs = [
        Record(Report(f"report:{i}", f"{i}.txt", "报告", 2024, None, "simplified", iss, 100),
               [Citation("某手册", "《某手册》", (10, 15), "句子", "alias", "其他", "doc:x")], [])
        for i in range(3)
    ]  # fmt: skip
    (tmp_path / "r.jsonl").write_text("".join(r.to_json() + "\n" for r in recs), encoding="utf-8")
    assert runner.invoke(app, ["build", "r.jsonl"]).exit_code == 0
    result = runner.invoke(app, ["review", "out/graph.json", "-o", "q"])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "q" / "review.csv", encoding="utf-8") as fh:
        rows = {(r["kind"], r["name"], r["reports"]) for r in csv.DictReader(fh)}
    assert rows == {("agency", "某某委员会", "3"), ("alias", "某手册", "3")}


def test_review_without_a_graph_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 1 and "no such graph file" in result.output
