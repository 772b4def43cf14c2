"""Ctrl-C during `lawgraph build`: exit status 130, a message saying what state the output is
in and how to resume, output files as they were (or complete), and a rerun of the same
command that ends with the graph of an uninterrupted run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from lawgraph.graph import MemoryStore
from lawgraph.cli import app
from test_jobs import write_reports

LAWGRAPH = [sys.executable, "-c", "from lawgraph.cli import main; main()"]
RESUME = "; run the same command again to resume\n"


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """A folder with the seeds and 800 generated reports (a few seconds of work), and a
    reference: the seeds built, then the reports built, without interruption."""
    root = tmp_path_factory.mktemp("interrupt")
    shutil.copytree(SEEDS, root / "seeds")
    write_reports(root / "reports", 800)
    for args in (["build", "seeds", "--out", "ref", "-j", "1"], ["build", "reports", "--out", "ref", "-j", "2"]):
        done = subprocess.run(LAWGRAPH + args, cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    return root


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("graph.json", "records.jsonl")}


def start_build(root: Path, out: str, *extra: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        LAWGRAPH + ["build", "reports", "--out", out, *extra],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def wait_until_midway(proc: subprocess.Popen, out: Path) -> None:
    """Until records are being written (the run is under way, far from its end)."""
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline
        temps = list(out.glob(".stage-*/records.jsonl"))
        if temps and temps[0].stat().st_size > 0:
            return
        time.sleep(0.02)


def test_ctrl_c_leaves_the_previous_graph_and_a_rerun_finishes_the_job(work):
    out = work / "o1"
    shutil.rmtree(out, ignore_errors=True)
    seeds = subprocess.run(LAWGRAPH + ["build", "seeds", "--out", "o1", "-j", "1"], cwd=work, capture_output=True)
    assert seeds.returncode == 0
    before = outputs(out)

    proc = start_build(work, "o1", "--jobs", "1")
    wait_until_midway(proc, out)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith("error: interrupted: nothing was written after ")
    assert stderr.endswith(" files (o1/graph.json and o1/records.jsonl are unchanged)" + RESUME)
    assert stdout == ""
    assert outputs(out) == before
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".stage-*"))
    assert MemoryStore.load(out / "graph.json").summary().reports == 5

    rerun = subprocess.run(LAWGRAPH + ["build", "reports", "--out", "o1", "-j", "1"], cwd=work, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert outputs(out) == outputs(work / "ref")


def _session(pid: int) -> list[int]:
    """Processes still alive in the session led by ``pid`` (Linux /proc)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == pid:
                    alive.append(int(entry.name))
            except OSError:
                pass
    return alive


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="reads /proc to find left-over workers")
def test_ctrl_c_from_a_terminal_stops_the_workers_quietly(work):
    # A terminal sends SIGINT to the whole process group: the workers must not print
    # tracebacks, and none may be left running.
    out = work / "o2"
    shutil.rmtree(out, ignore_errors=True)
    proc = start_build(work, "o2", "--jobs", "2", start_new_session=True)
    wait_until_midway(proc, out)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.startswith("error: interrupted: nothing was written after ") and stderr.endswith(RESUME)
    assert not (out / "graph.json").exists() and not list(out.glob(".*.tmp")) and not list(out.glob(".stage-*"))
    deadline = time.monotonic() + 10
    while _session(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session(proc.pid) == []


# Ctrl-C at the two later moments, made deterministic in-process. The outputs are replaced
# as a set at the very end, so until then every one of them is as it was.

UNCHANGED = "error: interrupted: nothing was written (out/graph.json, out/records.jsonl, the views and the exports are unchanged)" + RESUME


@pytest.fixture
def built(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert CliRunner().invoke(app, ["build", "seeds/000_c2535f7ce9348873.txt", "-j", "1"]).exit_code == 0
    return tmp_path


def test_ctrl_c_while_saving_leaves_the_graph_file_unchanged(built, monkeypatch):
    import lawgraph.graph.persist as persist

    before = (built / "out/graph.json").read_bytes()
    real = persist.iter_graph_bytes

    def interrupted(graph, errors="strict"):
        lines = list(real(graph, errors))
        yield from lines[:3]
        raise KeyboardInterrupt

    monkeypatch.setattr(persist, "iter_graph_bytes", interrupted)
    result = CliRunner().invoke(app, ["build", "seeds", "-j", "1"])
    assert result.exit_code == 130
    assert result.stderr == UNCHANGED
    assert (built / "out/graph.json").read_bytes() == before
    assert not list((built / "out").glob(".*.tmp")) and not list((built / "out").glob(".stage-*"))


def test_ctrl_c_while_writing_views_leaves_every_output_as_it_was(built, monkeypatch):
    from lawgraph.commands import build_cmd

    real = build_cmd._write_outputs
    before = {p.relative_to(built / "out"): p.read_bytes() for p in (built / "out").rglob("*") if p.is_file()}

    def interrupted(store, out, **kw):
        real(store, out, **kw)  # every view and export written into the staging folder, then…
        raise KeyboardInterrupt

    monkeypatch.setattr(build_cmd, "_write_outputs", interrupted)
    result = CliRunner().invoke(app, ["build", "seeds", "-j", "1"])
    assert result.exit_code == 130
    assert result.stderr.endswith(UNCHANGED)
    after = {p.relative_to(built / "out"): p.read_bytes() for p in (built / "out").rglob("*") if p.is_file()}
    assert after == before  # graph.json, records.jsonl, views/ and exports/ all from the first build
    monkeypatch.setattr(build_cmd, "_write_outputs", real)
    result = CliRunner().invoke(app, ["build", "seeds", "-j", "1"])
    assert result.exit_code == 0 and "(added 4, replaced 0, unchanged 1)" in result.stdout
    assert (built / "out/views/index.html").is_file()
