"""`lawgraph query` and `lawgraph cypher` from the command line (memory backend, no server)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.queries import list_queries, run_query

runner = CliRunner()
FOREIGN_OFFICES = [
    ("北京市人民政府外事办公室", [2023]),
    ("北京市东城区人民政府外事办公室", [2022, 2024]),
    ("北京市西城区人民政府外事办公室", [2025]),
]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, seed_records):
    from lawgraph.graph.memory import build

    path = tmp_path_factory.mktemp("cli") / "graph.json"
    build(seed_records, graph_path=path)
    return path


def query(*args: str):
    return runner.invoke(app, ["query", *args])


def test_agencies_citing_prints_the_three_offices_and_their_years(graph_file):
    res = query("agencies-citing", "国际交往语言环境建设条例", "--graph", str(graph_file))
    assert res.exit_code == 0, res.output
    out = res.stdout
    for name, years in FOREIGN_OFFICES:
        line = next(line for line in out.splitlines() if name in line)
        assert ", ".join(map(str, years)) in line
    assert "国际交往语言环境建设条例 → 北京市国际交往语言环境建设条例" in res.stderr
    assert "3 row(s)" in res.stderr


def test_json_output_is_the_python_api_rows(graph_file):
    from lawgraph.graph.memory import MemoryStore

    res = query("agencies-citing", "国际交往语言环境建设条例", "--graph", str(graph_file), "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [(r["agency"], r["years"]) for r in rows] == FOREIGN_OFFICES
    assert rows == run_query(MemoryStore.load(graph_file), "agencies-citing", law_id="国际交往语言环境建设条例")


def test_csv_output_has_a_header_and_joins_lists(graph_file):
    res = query("agencies-citing", "国际交往语言环境建设条例", "-g", str(graph_file), "-f", "csv")
    assert res.exit_code == 0, res.output
    table = list(csv.DictReader(io.StringIO(res.stdout.removeprefix("\ufeff"))))
    assert list(table[0]) == ["agency_id", "agency", "years", "first_year", "last_year", "citations", "reports"]
    assert [(r["agency"], r["years"]) for r in table][1] == ("北京市东城区人民政府外事办公室", "2022;2024")


def test_params_by_position_and_by_name(graph_file):
    res = query("contexts", "西城区外办", "-p", "law_id=领事保护条例", "-g", str(graph_file), "-f", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows and {r["year"] for r in rows} == {2025}
    res = query("top-laws", "-p", "categories=法律,行政法规", "-p", "limit=2", "-g", str(graph_file), "-f", "json")
    rows = json.loads(res.stdout)
    assert len(rows) == 2 and {r["category"] for r in rows} <= {"法律", "行政法规"}
    res = query("laws-cited-by", "市政府外辦", "-p", "year=2023", "-g", str(graph_file), "-f", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)


def test_list_shows_every_query_with_parameters_and_descriptions():
    res = query("--list")
    assert res.exit_code == 0
    for spec in list_queries():
        assert spec.name in res.stdout
    assert "[year_from=INT]" in res.stdout  # brackets are text, not console markup
    res = query("--list", "--format", "json")
    listed = json.loads(res.stdout)
    assert {r["query"] for r in listed} == {s.name for s in list_queries()}
    assert all(r["description"] for r in listed)


def test_unknown_query_lists_the_known_ones():
    res = query("agencies-citng", "x")
    assert res.exit_code == 2
    assert "unknown query 'agencies-citng'" in res.output and "agencies-citing" in res.output and "top-laws" in res.output


def test_missing_parameter_names_it(graph_file):
    res = query("contexts", "西城区外办", "-g", str(graph_file))
    assert res.exit_code == 2 and "law_id" in res.output


def test_too_many_values_and_bad_params(graph_file):
    res = query("law-timeline", "a", "b", "-g", str(graph_file))
    assert res.exit_code == 2 and "at most 1 value" in res.output
    res = query("top-laws", "-p", "year=next", "-g", str(graph_file))
    assert res.exit_code == 2 and "year" in res.output
    res = query("top-laws", "-p", "nope", "-g", str(graph_file))
    assert res.exit_code == 2 and "key=value" in res.output
    res = query("law-timeline", "x", "-p", "law_id=y", "-g", str(graph_file))
    assert res.exit_code == 2 and "given both" in res.output


def test_no_match_shows_the_closest_candidates(graph_file):
    res = query("law-timeline", "求实", "-g", str(graph_file))
    assert res.exit_code == 2
    assert "no document matches '求实'" in res.output and "求是" in res.output


def test_ambiguous_names_list_the_candidates(graph_file):
    res = query("laws-cited-by", "区政府外办", "-g", str(graph_file))
    assert res.exit_code == 2
    assert "北京市东城区人民政府外事办公室" in res.output and "北京市西城区人民政府外事办公室" in res.output


def test_a_missing_graph_file_says_how_to_make_one(tmp_path):
    res = query("top-laws", "-g", str(tmp_path / "none.json"))
    assert res.exit_code == 1 and "lawgraph build" in res.output


def test_a_folder_of_reports_is_built_on_the_fly():
    from tests.conftest import SEEDS

    res = query("agencies-citing", "国际交往语言环境建设条例", "-g", str(SEEDS), "-f", "json")
    assert res.exit_code == 0, res.output
    assert [(r["agency"], r["years"]) for r in json.loads(res.stdout)] == FOREIGN_OFFICES


def test_titles_with_brackets_print_verbatim(tmp_path):
    from lawgraph.graph.memory import build

    rec = {
        "schema": 1,
        "report": {
            "id": "report:b",
            "source": "b.txt",
            "title": "t",
            "year": 2024,
            "published": None,
            "script": "simplified",
            "issuer": {
                "name": "北京市测试局",
                "surface": "北京市测试局",
                "span": None,
                "role": "issuer",
                "level": "municipal",
                "region": "北京市",
                "aliases": [],
            },
            "chars": 100,
            "format": "txt",
            "encoding": "utf-8",
        },
        "citations": [
            {
                "title": "规定[bold]2021[/bold]",
                "surface": "《规定[bold]2021[/bold]》",
                "span": [0, 20],
                "sentence": "s",
                "kind": "bracketed",
                "category": "规章",
                "law_id": "doc:b",
                "doc_number": None,
                "function": "其他",
                "linked": False,
            }
        ],
        "agencies": [],
        "warnings": [],
    }
    path = tmp_path / "g.json"
    build([rec], graph_path=path)
    res = query("laws-cited-by", "北京市测试局", "-g", str(path))
    assert res.exit_code == 0, res.output
    assert "规定[bold]2021[/bold]" in res.stdout


def test_search_from_the_command_line(graph_file):
    res = query("search", "領事保護", "-g", str(graph_file), "-f", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["name"] == "中华人民共和国领事保护与协助条例"


def test_bad_format_and_backend_are_refused(graph_file):
    assert query("top-laws", "-g", str(graph_file), "-f", "xml").exit_code == 2
    assert query("top-laws", "-g", str(graph_file), "-b", "sqlite").exit_code == 2


def test_cypher_refuses_a_write_before_connecting():
    res = runner.invoke(app, ["cypher", "MATCH (n) DETACH DELETE n"])
    assert res.exit_code == 2 and "--write" in res.output
