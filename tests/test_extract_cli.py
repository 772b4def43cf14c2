"""`lawgraph extract`: every input accounted for, errors in the stream, exit status, determinism."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from lawgraph.cli import app

from conftest import SEEDS


def _corpus(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n")
    (folder / "gbk.txt").write_bytes("北京市东城区司法局\n\n2023年法治政府建设年度情况报告\n\n学习宪法。".encode("gb18030"))
    return folder


def test_every_file_is_accounted_for(tmp_path):
    folder = _corpus(tmp_path)
    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), str(tmp_path / "missing.txt"), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1  # some files failed
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    reports = [x for x in lines if "report" in x]
    errors = {x["error"]["source"].rsplit("/", 1)[-1]: x["error"] for x in lines if "error" in x}
    assert len(reports) == 6  # five seeds and the GBK file
    assert errors["binary.txt"]["stage"] == "read" and "binary" in errors["binary.txt"]["reason"]
    assert errors["empty.txt"]["reason"] == "empty file"
    assert errors["picture.png"]["stage"] == "skip"
    assert errors["missing.txt"]["stage"] == "read"
    # the summary on stderr names every problem file
    for name in ("binary.txt", "empty.txt", "picture.png", "missing.txt"):
        assert name in result.stderr
    assert "files: 10" in result.stderr


def test_output_is_byte_identical_across_runs(tmp_path):
    folder = _corpus(tmp_path)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    runner = CliRunner()
    runner.invoke(app, ["extract", str(folder), "-o", str(a), "--jobs", "1"])
    runner.invoke(app, ["extract", str(folder), "-o", str(b), "--jobs", "1"])
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0


def test_clean_run_exits_zero(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(SEEDS), "-o", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 0, result.stderr


def test_records_to_a_stdout_without_a_binary_buffer(monkeypatch, tmp_path):
    # Record lines are bytes; a caller that replaced sys.stdout with a text-only stream still gets them.
    import io
    import sys

    seed = sorted(SEEDS.glob("*.txt"))[0]
    sink = io.StringIO()
    monkeypatch.setattr(sys, "stdout", sink)
    try:
        app(["extract", str(seed), "--jobs", "1"], standalone_mode=False)
    except SystemExit:
        pass
    lines = sink.getvalue().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["report"]["source"] == str(seed)
