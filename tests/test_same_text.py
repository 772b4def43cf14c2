"""Two files with the same text are one report, and changing either never drops the other's
(issue 12, finding 11).

After copying b.txt to a.txt and then changing b.txt, the graph held only b until the next
run: a report was missing with exit status 0. Now the report lists both paths
(``sources``), the summary names the duplicate, and a change to either file leaves the
report the other still has.
"""

from __future__ import annotations

import itertools
import json
import shutil

from typer.testing import CliRunner

from conftest import SEEDS
from lawgraph.graph import MemoryStore
from lawgraph.cli import app

SEED_A, SEED_B = sorted(SEEDS.glob("*.txt"))[:2]


def build(folder, out, *extra):
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(out), "-j", "1", "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def reports(out) -> dict[str, tuple]:
    """Report id → its sources."""
    return {n: tuple(a["sources"]) for n, a in MemoryStore.load(out / "graph.json").nodes("Report")}


def test_copying_then_changing_a_file_keeps_both_reports(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    a, b = folder / "a.txt", folder / "b.txt"
    shutil.copy(SEED_A, b)
    build(folder, out)
    shutil.copy(b, a)  # the same text, twice
    summary = build(folder, out)
    assert summary["reports"] == 1  # one report, counted once
    assert summary["same_text"] == [[str(a), str(b)]]  # the duplicate named
    assert list(reports(out).values()) == [(str(a), str(b))]  # both paths recorded

    shutil.copy(SEED_B, b)  # now b changes
    summary = build(folder, out)
    assert summary["reports"] == 2  # a's report stays (it was dropped until the next run)
    assert sorted(reports(out).values()) == [(str(a),), (str(b),)]
    assert (summary["added"], summary["replaced"], summary["unchanged"]) == (0, 1, 1)


def test_the_summary_names_the_duplicate(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_A, folder / "a.txt")
    shutil.copy(SEED_A, folder / "copy.txt")
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0
    assert "reports: 1 " in result.stdout
    assert f"  same text, one report: {folder / 'a.txt'}, {folder / 'copy.txt'}" in result.stdout


def test_changing_either_file_in_any_order_never_drops_the_other(tmp_path, monkeypatch):
    # Every order of building the two files, one change between: the graph is always the one
    # a build from scratch of the final files gives, byte for byte. (Only the graph matters
    # here: no views or exports.)
    from lawgraph.commands import build_cmd

    monkeypatch.setattr(build_cmd, "_write_outputs", lambda store, out, **kw: None)
    texts = {"same": SEED_A.read_text(encoding="utf-8"), "other": SEED_B.read_text(encoding="utf-8")}
    for changed, order in itertools.product(("a", "b"), itertools.permutations(("a", "b"))):
        case = tmp_path / f"{changed}-{''.join(order)}"
        folder, out = case / "in", case / "out"
        folder.mkdir(parents=True)
        for name in "ab":
            (folder / f"{name}.txt").write_text(texts["same"], encoding="utf-8")
        for name in order:
            build(folder / f"{name}.txt", out)
        (folder / f"{changed}.txt").write_text(texts["other"], encoding="utf-8")
        for name in order:
            build(folder / f"{name}.txt", out)
        fresh = case / "fresh"
        build(folder, fresh)
        assert (out / "graph.json").read_bytes() == (fresh / "graph.json").read_bytes(), (changed, order)
        assert len(reports(out)) == 2


def test_graph_files_without_sources_still_load(tmp_path):
    # Graph files written before `sources` existed carry `source` alone.
    from lawgraph.graph.memory import report_sources

    assert report_sources({"source": "a.txt"}) == ("a.txt",)
    assert report_sources({"source": "a.txt", "sources": ("a.txt", "b.txt")}) == ("a.txt", "b.txt")
