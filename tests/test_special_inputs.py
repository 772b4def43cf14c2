"""Inputs that are not what they seem (issue 12, findings 13, 14, 15).

* Deep trees: discovery took 14 s at 1,000 levels and 103 s at 2,000 (empty folders): each
  folder resolved its whole path again. The work per folder is now constant; the test
  counts system calls rather than seconds (the timing is in bench/bench_hostile.py).
* `--graph /dev/zero` and `--catalog /dev/zero` grew memory until MemoryError; `--graph
  FIFO` hung; malformed catalog files gave tracebacks.
* `-p categories=["法律"]` returned nothing, silently.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lawgraph.extract.discover import discover
from lawgraph.cli import app
from tests.badinput import HEAD

LAWGRAPH = [sys.executable, "-c", "from lawgraph.cli import main; main()"]


# --- finding 13: deep trees -----------------------------------------------------------------


def _deep(root: Path, depth: int) -> Path:
    root.mkdir(parents=True)
    path = root
    for _ in range(depth):  # one level at a time: mkdir(parents=True) recurses per level
        path = path / "d"
        path.mkdir()
    (path / "bottom.txt").write_text(HEAD, encoding="utf-8")
    return path


def remove_deep(root: Path) -> None:
    """Remove a tree of nested "d" folders bottom-up through folder descriptors: shutil.rmtree
    (and so pytest's cleanup of old temporary folders) recurses once per level and fails past
    about 1,000, and paths past PATH_MAX cannot be named at all."""
    fds = [os.open(root, os.O_RDONLY)]
    try:
        while "d" in os.listdir(fds[-1]):
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        while fds:
            fd = fds.pop()
            for name in os.listdir(fd):
                if name == "d" or os.path.isdir(f"/proc/self/fd/{fd}/{name}") and not os.path.islink(f"/proc/self/fd/{fd}/{name}"):
                    os.rmdir(name, dir_fd=fd)
                else:
                    os.unlink(name, dir_fd=fd)
            os.close(fd)
    finally:
        for fd in fds:
            os.close(fd)
    os.rmdir(root)


@pytest.fixture
def deep_root(tmp_path):
    root = tmp_path / "tree"
    yield root
    if root.exists():
        remove_deep(root)


def _count_stats(monkeypatch) -> dict[str, int]:
    """Counts os.stat/lstat calls (os.path.realpath lstat-s every component of a path)."""
    import posixpath

    calls = {"n": 0}
    real_stat, real_lstat = os.stat, os.lstat

    def stat(*a, **k):
        calls["n"] += 1
        return real_stat(*a, **k)

    def lstat(*a, **k):
        calls["n"] += 1
        return real_lstat(*a, **k)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(posixpath.os, "lstat", lstat)
    return calls


@pytest.mark.parametrize("depth", [100, 400])
def test_discovery_work_per_folder_does_not_grow_with_depth(deep_root, monkeypatch, depth):
    bottom = _deep(deep_root, depth)
    calls = _count_stats(monkeypatch)
    found = list(discover([str(deep_root)]))
    monkeypatch.undo()
    assert found == [str(bottom / "bottom.txt")]
    # a few calls per folder, whatever its depth (realpath per folder made it depth²: 80,000 at 400)
    assert calls["n"] <= 4 * depth + 10, calls["n"]


def test_a_symlink_loop_deep_down_is_still_found(deep_root):
    bottom = _deep(deep_root, 200)
    os.symlink(deep_root / "d", bottom / "up")
    found = list(discover([str(deep_root)]))
    assert found[0] == str(bottom / "bottom.txt")
    assert found[1].reason == "symlink loop (links back to a folder above it)"


def test_a_tree_deeper_than_the_path_limit_is_reported_not_a_traceback(tmp_path, deep_root):
    # 2,100 levels of "d/" pass PATH_MAX (4,096 bytes): the folders past it cannot be opened.
    _deep_by_chdir(deep_root, 2100)
    t0 = time.monotonic()
    result = CliRunner().invoke(app, ["extract", str(deep_root), "-o", str(tmp_path / "r.jsonl"), "-j", "1"])
    assert time.monotonic() - t0 < 60
    assert "Traceback" not in result.output
    lines = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines and all("error" in x for x in lines)
    assert lines[0]["error"]["reason"] == "cannot read: File name too long"


def _deep_by_chdir(root: Path, depth: int) -> None:
    """Nested folders beyond PATH_MAX (made relative to the current folder, one at a time)."""
    root.mkdir()
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            new = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        with open(os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w", encoding="utf-8") as f:
            f.write(HEAD)
    finally:
        try:
            os.close(fd)
        except OSError:
            pass


# --- finding 14: special files as --graph and --catalog ------------------------------------------


@pytest.mark.parametrize("option", ["--graph", "--catalog"])
def test_dev_zero_as_an_option_file_is_refused_at_once(tmp_path, option):
    (tmp_path / "a.txt").write_text(HEAD, encoding="utf-8")
    t0 = time.monotonic()
    proc = subprocess.run(
        LAWGRAPH + ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), option, "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - t0 < 30
    assert proc.returncode == 1
    what = "graph file" if option == "--graph" else "catalog file"
    assert proc.stderr == f"error: /dev/zero: a device, not a regular file; give a {what}\n"


@pytest.mark.parametrize("option", ["--graph", "--catalog"])
def test_a_fifo_as_an_option_file_never_hangs(tmp_path, option):
    (tmp_path / "a.txt").write_text(HEAD, encoding="utf-8")
    fifo = tmp_path / "g.json"
    os.mkfifo(fifo)
    proc = subprocess.run(
        LAWGRAPH + ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), option, str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "a FIFO (named pipe), not a regular file" in proc.stderr


@pytest.mark.parametrize("command", [["views"], ["export", "nodes-csv", "-"], ["query", "top-laws"]])
def test_other_commands_refuse_a_special_graph_file(command):
    result = CliRunner().invoke(app, [*command, "--graph", "/dev/zero"] if command[0] != "query" else [*command, "-g", "/dev/zero"])
    assert result.exit_code == 1
    assert "/dev/zero: a device, not a regular file; give a graph file" in result.stderr


def test_a_records_file_that_is_a_device_is_a_failure_not_a_hang(tmp_path):
    os.symlink("/dev/zero", tmp_path / "zero.jsonl")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "zero.jsonl"), "--out", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"]["failed"] == [
        {"source": str(tmp_path / "zero.jsonl"), "reason": "a device, not a regular file; give a records file", "stage": "read"}
    ]


CATALOG_LINE = {"id": "my:条例", "title": "某某条例", "category": "地方性法规"}
BAD_CATALOGS = [
    ("[1, 2]", "must be a JSON object (one catalog entry)"),
    ("null", "must be a JSON object"),
    ('"text"', "must be a JSON object"),
    ("{broken", "not valid JSON"),
    (json.dumps({**CATALOG_LINE, "title": 5}), "title: must be non-empty text, not 5"),
    (json.dumps({**CATALOG_LINE, "category": "法"}), "category: must be one of 法律"),
    (json.dumps({**CATALOG_LINE, "short_titles": "保密法"}), "short_titles: must be a list of text"),
    (json.dumps({**CATALOG_LINE, "short_titles": [None]}), "short_titles: must be a list of text"),
    (json.dumps({**CATALOG_LINE, "amended": ["soon"]}), "amended: must hold dates YYYY-MM-DD"),
    (json.dumps({**CATALOG_LINE, "effective": 2020}), "effective: must be text or null"),
    (json.dumps({**CATALOG_LINE, "id": "report:x"}), "id: must not start with report: or agency:"),
    (json.dumps({**CATALOG_LINE, "id": "my:\x1b[2J"}), "id: holds control characters"),
    (json.dumps({**CATALOG_LINE, "evil": 1}), "evil: unknown field"),
    (json.dumps({"title": "某某条例", "category": "规章"}), "id: missing"),
    ('{"id": NaN}', "not valid JSON (NaN is not a JSON number)"),
    ("[" * 50_000 + "]" * 50_000, "not valid JSON"),
]


@pytest.mark.parametrize("line, reason", BAD_CATALOGS, ids=[r for _, r in BAD_CATALOGS])
def test_a_malformed_catalog_is_one_line_naming_file_line_and_field(tmp_path, line, reason):
    (tmp_path / "a.txt").write_text(HEAD, encoding="utf-8")
    cat = tmp_path / "my.jsonl"
    cat.write_text(json.dumps(CATALOG_LINE, ensure_ascii=False) + "\n" + line + "\n", encoding="utf-8")
    for command in (["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")], ["extract", str(tmp_path / "a.txt")]):
        result = CliRunner().invoke(app, [*command, "--catalog", str(cat)])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert result.stderr.startswith(f"error: {cat}:2: ") and reason in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1


def test_a_catalog_in_invalid_utf8_or_too_large_is_refused(tmp_path):
    from lawgraph.extract.catalog_check import CatalogFileError, check_catalog_file

    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": "\xff"}\n')
    with pytest.raises(CatalogFileError, match=r"bad.jsonl:1: not valid UTF-8"):
        check_catalog_file(bad)


def test_a_good_user_catalog_is_used(tmp_path):
    from lawgraph.extract.catalog_check import check_catalog_file

    cat = tmp_path / "my.jsonl"
    cat.write_text("# my documents\n" + json.dumps(CATALOG_LINE, ensure_ascii=False) + "\n", encoding="utf-8")
    assert check_catalog_file(cat) == 1
    (tmp_path / "a.txt").write_text(HEAD + "贯彻落实《某某条例》。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--catalog", str(cat), "-j", "1"])
    assert result.exit_code == 0 and '"law_id":"my:条例"' in result.stdout


# --- finding 15: query parameters ----------------------------------------------------------------


@pytest.fixture
def graph_file(tmp_path):
    from conftest import SEEDS

    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(out), "-j", "1"]).exit_code == 0
    return out / "graph.json"


def test_a_category_list_as_json_is_understood(graph_file):
    plain = CliRunner().invoke(app, ["query", "top-laws", "-g", str(graph_file), "-p", "categories=法律", "-f", "json"])
    as_json = CliRunner().invoke(app, ["query", "top-laws", "-g", str(graph_file), "-p", 'categories=["法律"]', "-f", "json"])
    assert plain.exit_code == 0 and as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    assert rows and rows == json.loads(plain.stdout)


def test_an_unknown_category_is_an_error_not_an_empty_answer(graph_file):
    result = CliRunner().invoke(app, ["query", "top-laws", "-g", str(graph_file), "-p", "categories=法规"])
    assert result.exit_code == 2
    assert "unknown category '法规'; did you mean 法律,行政法规,地方性法规,规章,党内法规?" in result.stderr
    assert "The categories are 法律, 行政法规" in result.stderr
    result = CliRunner().invoke(app, ["query", "top-laws", "-g", str(graph_file), "-p", 'categories=["法律"'])
    assert result.exit_code == 2 and "starts like a JSON list but is not one" in result.stderr
