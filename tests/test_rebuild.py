"""Issue 15: rebuilds that follow the folder. A deleted report file leaves the graph on
the next build of the same folder; ``--fresh`` starts over; an input with no reports is a
warning and exit 1; records.jsonl holds every report of the graph."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.graph import MemoryStore

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "reports")
    return tmp_path / "reports"


def build(*args: str):
    return runner.invoke(app, ["build", *args, "--json"])


def graph_reports() -> dict[str, tuple[str, ...]]:
    store = MemoryStore.load("out/graph.json")
    return {n: tuple(a["sources"]) for n, a in store.graph.nodes(data=True) if a["label"] == "Report"}


def record_ids() -> list[str]:
    lines = Path("out/records.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["report"]["id"] for line in lines if '"report"' in line]


def test_a_deleted_report_leaves_the_graph_and_the_summary_says_so(folder):
    """Issue 15: deleting a report and rebuilding left it in the graph (6 reports, 5 files)."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    first = build("reports")
    assert first.exit_code == 0, first.output
    assert len(graph_reports()) == len(files)
    files[0].unlink()
    again = build("reports")
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert summary["dropped"] == 1 and summary["reports"] == len(files) - 1
    left = graph_reports()
    assert len(left) == len(files) - 1
    assert all(str(files[0].relative_to(folder.parent)) not in sources for sources in left.values())
    files[1].unlink()
    plain = runner.invoke(app, ["build", "reports"])
    assert "dropped 1 whose file is gone" in plain.stdout


def test_a_build_of_another_folder_keeps_the_first_folders_reports(folder, tmp_path):
    files = sorted(p for p in folder.iterdir() if p.is_file())
    other = tmp_path / "other"
    other.mkdir()
    files[0].rename(other / files[0].name)
    assert build("reports").exit_code == 0
    res = build("other")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["dropped"] == 0
    assert len(graph_reports()) == len(files)


def test_records_file_holds_every_report_of_the_graph(folder, tmp_path):
    """Issue 15: out/records.jsonl held only the last run while the graph held everything."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    other = tmp_path / "other"
    other.mkdir()
    for f in files[:2]:
        f.rename(other / f.name)
    assert build("reports").exit_code == 0
    assert build("other").exit_code == 0
    ids = record_ids()
    assert sorted(ids) == sorted(graph_reports()) and len(ids) == len(set(ids)) == len(files)
    # and the records rebuild the same graph
    from lawgraph.extract.records import read_records

    again = MemoryStore()
    again.add_records(read_records("out/records.jsonl"))
    assert sorted(n for n, a in again.graph.nodes(data=True) if a["label"] == "Report") == sorted(graph_reports())


def test_fresh_starts_over(folder, tmp_path):
    files = sorted(p for p in folder.iterdir() if p.is_file())
    other = tmp_path / "other"
    other.mkdir()
    files[0].rename(other / files[0].name)
    assert build("reports").exit_code == 0
    assert build("other").exit_code == 0
    assert len(graph_reports()) == len(files)
    res = build("other", "--fresh")
    assert res.exit_code == 0, res.output
    assert len(graph_reports()) == 1 and len(record_ids()) == 1


def test_an_input_with_no_reports_warns_and_exits_1_changing_nothing(folder, tmp_path):
    """Issue 15: `lawgraph build empty/` exited 0 with no word that nothing was found."""
    assert build("reports").exit_code == 0
    before = Path("out/graph.json").read_bytes(), Path("out/records.jsonl").read_bytes()
    (tmp_path / "empty").mkdir()
    res = runner.invoke(app, ["build", "empty"])
    assert res.exit_code == 1
    assert "no reports found in empty" in res.stderr
    assert (Path("out/graph.json").read_bytes(), Path("out/records.jsonl").read_bytes()) == before
