"""Issue 15: queries that check their input and answer what they say (memory backend; the
Neo4j twins are held to the same rows by tests/test_queries_neo4j.py).

Each test is one wrong answer a new user got: an empty table for a category nobody has, a
"no match" exit for a law no report cites, a first year that was the first in the range, a
reversed range answered with silence, a magazine among the top "laws"."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app

runner = CliRunner()
LANG = "国际交往语言环境建设条例"
DONGCHENG = "北京市东城区人民政府外事办公室"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, seed_records):
    from lawgraph.graph.memory import build

    path = tmp_path_factory.mktemp("answers") / "graph.json"
    build(seed_records, graph_path=path)
    return path


def query(graph_file, *args: str):
    return runner.invoke(app, ["query", *args, "-g", str(graph_file)])


def test_a_category_people_type_suggests_the_right_one(graph_file):
    res = query(graph_file, "top-laws", "-p", "categories=地方法规")
    assert res.exit_code == 2 and res.stdout == ""
    assert "unknown category '地方法规'; did you mean 地方性法规?" in res.stderr
    res = query(graph_file, "top-laws", "-p", "categories=法规")
    assert res.exit_code == 2
    assert "did you mean 法律,行政法规,地方性法规,规章,党内法规?" in res.stderr
    # and the suggestion works as typed
    assert query(graph_file, "top-laws", "-p", "categories=法律,行政法规,地方性法规,规章,党内法规").exit_code == 0


def test_a_catalog_law_no_report_cites_is_zero_rows_not_a_typo(graph_file):
    res = query(graph_file, "agencies-citing", "中华人民共和国刑法", "-f", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == []
    assert "中华人民共和国刑法" in res.stderr and "no report in this graph cites it" in res.stderr


def test_a_typo_still_gets_did_you_mean(graph_file):
    res = query(graph_file, "agencies-citing", "中华人民共和国刑发")  # 发 for 法: in no catalog
    assert res.exit_code == 2
    assert "no document matches '中华人民共和国刑发'; the closest: 中华人民共和国" in res.stderr
    assert "\\x0a" not in res.stderr  # the candidates are on the error's one line, not escaped newlines


def test_a_law_in_the_graph_with_nothing_in_the_range_is_zero_rows_and_a_note(graph_file):
    res = query(graph_file, "agencies-citing", LANG, "2030", "-f", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == []
    assert "nothing matches the other parameters" in res.stderr


def test_first_year_is_the_first_year_ever_whatever_the_range(graph_file, seed_records):
    # The truth, from the records: the years 东城区外办's reports cite the regulation in.
    years = sorted(
        r.report.year for r in seed_records if r.report.issuer is not None and r.report.issuer.name == DONGCHENG and any(LANG in c.title for c in r.citations)
    )
    assert years[0] < 2023 <= years[-1]  # the seeds have it: 2022 and 2024
    res = query(graph_file, "agencies-citing", LANG, "2023", "2024", "-f", "json")
    assert res.exit_code == 0, res.output
    row = next(r for r in json.loads(res.stdout) if r["agency"] == DONGCHENG)
    assert row["first_year"] == years[0] and row["last_year"] == years[-1]
    assert row["years"] == [y for y in years if 2023 <= y <= 2024]


@pytest.mark.parametrize(
    "args, message",
    [
        (["agencies-citing", LANG, "2024", "2023"], "year_from=2024 is after year_to=2023"),
        (["agencies-citing", LANG, "-p", "year_from=20234"], "year_from=20234 is not a year"),
        (["top-laws", "-p", "year=24"], "year=24 is not a year"),
    ],
)
def test_a_reversed_or_impossible_year_range_is_an_error(graph_file, args, message):
    res = query(graph_file, *args)
    assert res.exit_code == 2 and res.stdout == ""
    assert message in res.stderr


def test_top_laws_ranks_normative_documents_unless_asked(graph_file, seed_records):
    others = {c.title for r in seed_records for c in r.citations if c.category == "其他"}
    assert "求是" in others  # the seeds cite 《求是》: the case of the issue
    default = json.loads(query(graph_file, "top-laws", "-p", "limit=1000", "-f", "json").stdout)
    assert default and not [r for r in default if r["category"] == "其他"]
    both = json.loads(query(graph_file, "top-laws", "-p", "limit=1000", "-p", "include_other=true", "-f", "json").stdout)
    assert {r["title"] for r in both if r["category"] == "其他"} & others
    assert [r for r in both if r["category"] != "其他"] == default
    alone = json.loads(query(graph_file, "top-laws", "-p", "categories=其他", "-p", "limit=1000", "-f", "json").stdout)
    assert alone and {r["category"] for r in alone} == {"其他"}


def test_the_help_says_what_top_laws_shows():
    res = runner.invoke(app, ["query", "--list", "-f", "json"])
    row = next(r for r in json.loads(res.stdout) if r["query"] == "top-laws")
    assert "其他" in row["description"] and "include_other" in row["parameters"]
