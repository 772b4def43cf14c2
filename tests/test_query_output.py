"""Issue 15: `lawgraph query` output for people and programs — CSV Excel opens (BOM),
``--output FILE``, and tables that fit an 80-column terminal."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from lawgraph.cli import app

runner = CliRunner()
LAW = "国际交往语言环境建设条例"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, seed_records):
    from lawgraph.graph.memory import build

    path = tmp_path_factory.mktemp("output") / "graph.json"
    build(seed_records, graph_path=path)
    return path


def query(graph_file, *args: str, env=None):
    return runner.invoke(app, ["query", *args, "-g", str(graph_file)], env=env)


def as_json(graph_file, *args):
    res = query(graph_file, *args, "-f", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_csv_on_stdout_starts_with_a_bom(graph_file):
    """Issue 15: `… -f csv > x.csv` had no BOM, so Excel showed mojibake."""
    res = query(graph_file, "agencies-citing", LAW, "-f", "csv")
    assert res.exit_code == 0
    assert res.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(res.stdout_bytes.decode("utf-8-sig"))))
    assert [r["agency_id"] for r in rows] == [r["agency_id"] for r in as_json(graph_file, "agencies-citing", LAW)]


def test_output_file_csv_and_json(graph_file, tmp_path):
    want = as_json(graph_file, "top-laws", "-p", "limit=50")
    res = query(graph_file, "top-laws", "-p", "limit=50", "-o", str(tmp_path / "top.csv"))
    assert res.exit_code == 0, res.output
    assert res.stdout == "" and "written to" in res.stderr
    raw = (tmp_path / "top.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["law_id"], r["title"], int(r["citations"])) for r in rows] == [(r["law_id"], r["title"], r["citations"]) for r in want]
    assert query(graph_file, "top-laws", "-p", "limit=50", "--output", str(tmp_path / "top.json")).exit_code == 0
    assert json.loads((tmp_path / "top.json").read_text(encoding="utf-8")) == want


def test_output_file_with_another_suffix_is_refused(graph_file, tmp_path):
    res = query(graph_file, "top-laws", "-o", str(tmp_path / "top.txt"))
    assert res.exit_code == 2 and "must end in .csv or .json" in res.stderr
    assert not (tmp_path / "top.txt").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["agencies-citing", LAW],
        ["top-laws"],
        ["laws-cited-by", "东城区外办"],
        ["co-cited", LAW],
        ["category-profile"],
    ],
)
def test_tables_fit_80_columns_without_ids(graph_file, args):
    """Issue 15: in an 80-column terminal the tables broke (id columns repeated the names,
    headers split over lines)."""
    res = query(graph_file, *args, env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 80
    rows = as_json(graph_file, *args)
    columns = list(rows[0])
    header = next(line for line in lines if line.startswith("┃"))
    for c in columns:
        if c == "id" or c.endswith("_id"):
            assert c not in header
        else:
            assert f" {c} " in header  # whole, on one line
    assert "agency:" not in res.stdout and "law:" not in res.stdout
    # names are shortened in the middle, never dropped: each row is there
    body = [line for line in lines if line.startswith("│")]
    assert len(body) == len(rows)


def test_full_names_stay_in_csv_and_json(graph_file):
    rows = as_json(graph_file, "agencies-citing", LAW)
    assert "北京市东城区人民政府外事办公室" in [r["agency"] for r in rows]
    narrow = query(graph_file, "agencies-citing", LAW, env={"COLUMNS": "80"}).stdout
    assert "北京市东城区人民政府外事办公室" not in narrow  # shortened in the table …
    assert "北京市东城区人民政府外事办公室" in query(graph_file, "agencies-citing", LAW, "-f", "csv").stdout  # … not in CSV
