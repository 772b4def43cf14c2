"""Export writers write files, and only where they are told (issue 12, finding 6).

`lawgraph export nodes-csv /dev/null` replaced /dev/null with a regular file (a temporary
file renamed over it); DEST `-` wrote a file named `-`; a missing parent folder was
created silently.
"""

from __future__ import annotations

import os
import stat

import pytest
from typer.testing import CliRunner

from lawgraph.cli import app
from test_views import seed_store  # noqa: F401 — the fixture


@pytest.fixture
def graph_file(seed_store, tmp_path):  # noqa: F811
    path = tmp_path / "graph.json"
    seed_store.save(path)
    return path


def export(*args: str):
    return CliRunner().invoke(app, ["export", *args])


@pytest.mark.skipif(not os.path.exists("/dev/null") or os.geteuid() != 0, reason="replacing /dev/null needs root (that is the bug)")
def test_dev_null_is_refused_and_stays_a_device(graph_file):
    before = os.stat("/dev/null")
    result = export("nodes-csv", "/dev/null", "--graph", str(graph_file))
    assert result.exit_code == 1
    assert result.stderr == "error: /dev/null: a device, not a regular file; lawgraph writes only files\n"
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_fifo_is_refused_without_waiting(graph_file, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = export("edges-csv", str(fifo), "--graph", str(graph_file))
    assert result.exit_code == 1
    assert result.stderr == f"error: {fifo}: a FIFO (named pipe), not a regular file; lawgraph writes only files\n"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_library_writers_refuse_special_files_too(seed_store, tmp_path):  # noqa: F811
    from lawgraph.graph.exports import FORMATS
    from lawgraph.graph.outputs import OutputError

    fifo = tmp_path / "g.graphml"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="a FIFO"):
        FORMATS["graphml"].write(seed_store, fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dash_writes_to_stdout_and_no_file(graph_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = export("nodes-csv", "-", "--graph", str(graph_file))
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith("\ufeffid,label,kind".encode("utf-8"))
    assert not (tmp_path / "-").exists()
    result = export("graphml", "-", "--graph", str(graph_file))
    assert result.exit_code == 0 and result.stdout.startswith("<?xml")
    assert not (tmp_path / "-").exists()


def test_dash_for_a_folder_format_is_a_usage_error(graph_file):
    result = export("matrix", "-", "--graph", str(graph_file))
    assert result.exit_code == 2
    assert "writes a folder of files; give a folder, not - (stdout)" in result.stderr


def test_a_missing_folder_is_refused_not_created(graph_file, tmp_path):
    dest = tmp_path / "no" / "such" / "nodes.csv"
    result = export("nodes-csv", str(dest), "--graph", str(graph_file))
    assert result.exit_code == 1
    assert result.stderr == f"error: {dest}: the folder {dest.parent} does not exist; create it first\n"
    assert not (tmp_path / "no").exists()
    result = export("matrix", str(tmp_path / "no" / "m"), "--graph", str(graph_file))
    assert result.exit_code == 1 and "does not exist; create it first" in result.stderr
    assert not (tmp_path / "no").exists()


def test_a_folder_given_for_a_file_format_is_refused(graph_file, tmp_path):
    result = export("gexf", str(tmp_path), "--graph", str(graph_file))
    assert result.exit_code == 1 and result.stderr == f"error: {tmp_path}: is a folder; give a file name\n"


def test_extract_output_refuses_special_files_and_accepts_dash(tmp_path):
    from tests.badinput import HEAD

    (tmp_path / "a.txt").write_text(HEAD, encoding="utf-8")
    fifo = tmp_path / "r.jsonl"
    os.mkfifo(fifo)
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(fifo), "-j", "1"])
    assert result.exit_code == 1 and "a FIFO (named pipe), not a regular file" in result.stderr
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", "-", "-j", "1"])
    assert result.exit_code == 0 and result.stdout.startswith('{"agencies"')
