"""Outputs are never inputs, one build owns an output folder, and outputs are replaced as a
set (issue 12, findings 2, 3, 12, 15).

* `cd reports && lawgraph build .` read its own out/views/*.html back as reports on every
  run (5 → 97 → 221 → 431 reports); `extract in -o in/x.txt` read its half-written output.
* Two builds into one --out mixed or lost corpora; the loser failed on a fixed temp name.
* A full disk left exports half old, half new, and named no file; `extract -o` left a half
  line that made `build` refuse the whole records file.
* Ctrl-C swallowed by a finaliser ended with status 0; leftover *.tmp files stayed forever;
  a quoted glob of records files was "unsupported format" with status 0.
* The property behind them: wherever a build is interrupted, the output folder holds either
  every old output or every new one, never a mix, and the same command then gives the
  result of an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SEEDS
from lawgraph.graph import MemoryStore
from lawgraph.graph.outputs import LOCK_NAME, locked
from lawgraph.cli import app

LAWGRAPH = [sys.executable, "-c", "from lawgraph.cli import main; main()"]


def tree(folder: Path) -> dict[str, bytes]:
    """Every output file (the lock file, which holds a process id, aside)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != LOCK_NAME}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".stage-", ".old-")) or p.name.endswith(".tmp"))


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    return folder


# --- finding 2: the output folder and output files are never read as input --------------------


def test_building_the_folder_that_holds_the_output_reads_no_output(reports):
    counts = []
    for _ in range(2):
        proc = subprocess.run(LAWGRAPH + ["build", ".", "-j", "1", "--json"], cwd=reports, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        summary = json.loads(proc.stdout)
        counts.append((summary["reports"], summary["files"]["extracted"]))
        assert summary["files"]["skipped"] == [{"source": "./out", "reason": "lawgraph's output folder (never read as input)"}]
    assert counts == [(5, 5)] * 2  # it was 5 → 97 → 221 reports


def test_an_old_output_folder_inside_the_input_is_skipped_too(reports, tmp_path):
    old = reports / "old-run"
    assert CliRunner().invoke(app, ["build", str(reports), "--out", str(old), "-j", "1"]).exit_code == 0
    result = CliRunner().invoke(app, ["build", str(reports), "--out", str(tmp_path / "elsewhere"), "-j", "1", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["reports"] == 5
    assert {"source": str(old), "reason": "lawgraph's output folder (never read as input)"} in summary["files"]["skipped"]


def test_extract_never_reads_its_own_output_file(reports):
    out = reports / "x.txt"
    result = CliRunner().invoke(app, ["extract", str(reports), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert sum("report" in x for x in lines) == 5
    assert {"source": str(out), "reason": "lawgraph's output file (never read as input)", "stage": "skip"} in [x.get("error") for x in lines]


# --- finding 3: one build at a time -------------------------------------------------------------


def test_a_second_build_into_the_same_folder_fails_at_once_and_changes_nothing(reports, tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", str(reports), "--out", str(out), "-j", "1"]).exit_code == 0
    before = tree(out)
    with locked(out):  # another build holds it
        t0 = time.monotonic()
        proc = subprocess.run(LAWGRAPH + ["build", str(reports), "--out", str(out), "-j", "1"], capture_output=True, text=True)
        assert time.monotonic() - t0 < 30
    assert proc.returncode == 1
    assert (
        proc.stderr == f"error: {out}: another lawgraph (process {os.getpid()}) is writing this output; wait for it to finish, or write elsewhere (--out DIR)\n"
    )
    assert tree(out) == before


def test_two_builds_racing_for_one_folder_leave_one_complete_result(tmp_path):
    from test_jobs import write_reports

    big, small = tmp_path / "big", tmp_path / "small"
    write_reports(big, 300)
    shutil.copytree(SEEDS, small)
    out = tmp_path / "out"
    first = subprocess.Popen(
        LAWGRAPH + ["build", str(big), "--out", str(out), "-j", "1", "--exports"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while not list(out.glob(".stage-*/records.jsonl")):
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    second = subprocess.run(LAWGRAPH + ["build", str(small), "--out", str(out), "-j", "1"], capture_output=True, text=True)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 1 and "another lawgraph" in second.stderr
    store = MemoryStore.load(out / "graph.json")
    assert store.summary().reports == 300
    # The exports and the views are those of the same graph.
    nodes = (out / "exports" / "nodes.csv").read_text(encoding="utf-8-sig")
    assert sum(1 for line in nodes.splitlines() if ",Report," in line) == 300
    assert len(list((out / "views" / "reports").glob("*.html"))) == 300 + 1  # + index.html
    assert leftovers(out) == []


def test_neo4j_admin_files_have_no_shared_temporary_name(tmp_path):
    # The loser of a race failed on the fixed name .NAME.tmp; each writer now has its own.
    import lawgraph.graph.neo4j_admin as admin

    store = MemoryStore()
    out = tmp_path / "n"
    out.mkdir()
    (out / ".agencies.csv.tmp").mkdir()  # what another writer's fixed temp name would hold
    assert {p.name for p in admin.write_import_files(store, out)} >= {"agencies.csv", "schema.cypher"}


# --- finding 12: a full disk names the file and leaves the previous outputs --------------------


def _file_size_limit(nbytes: int):
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))

    return limit


def test_a_file_size_limit_during_build_names_the_file_and_keeps_every_output(reports, tmp_path):
    out = tmp_path / "out"
    one = reports / sorted(os.listdir(reports))[0]
    assert CliRunner().invoke(app, ["build", str(one), "--out", str(out), "-j", "1"]).exit_code == 0
    before = tree(out)
    # graph.json of five reports is ~77 KB: the write fails past 40 KB (EFBIG, as ENOSPC would)
    proc = subprocess.run(LAWGRAPH + ["build", str(reports), "--out", str(out), "-j", "1"], capture_output=True, text=True, preexec_fn=_file_size_limit(40_000))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: {out}/") and ": File too large; " in last, last
    assert last.endswith(f"{out}/graph.json and the other outputs are unchanged")
    assert tree(out) == before
    assert leftovers(out) == []


def test_a_file_size_limit_during_extract_leaves_only_complete_lines(reports, tmp_path):
    out = tmp_path / "r.jsonl"
    proc = subprocess.run(LAWGRAPH + ["extract", str(reports), "-o", str(out), "-j", "1"], capture_output=True, text=True, preexec_fn=_file_size_limit(30_000))
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"error: {out}: File too large; it holds the records written before, each line complete")
    data = out.read_bytes()
    assert data and data.endswith(b"\n") and len(data) <= 30_000
    # …so build takes every line of it.
    result = CliRunner().invoke(app, ["build", str(out), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["reports"] == data.count(b"\n")


def test_a_records_file_cut_mid_line_loses_only_that_line(tmp_path, reports):
    recs = tmp_path / "r.jsonl"
    assert CliRunner().invoke(app, ["extract", str(reports), "-o", str(recs), "-j", "1"]).exit_code == 0
    data = recs.read_bytes()
    recs.write_bytes(data[: len(data) - 500])  # the last line cut
    result = CliRunner().invoke(app, ["build", str(recs), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["reports"] == 4
    [failed] = summary["files"]["failed"]
    assert failed["source"] == f"{recs}:5"
    assert failed["reason"].startswith("not valid JSON (") and failed["reason"].endswith("; the file ends in the middle of this line (the writer stopped)")


def test_a_full_disk_while_writing_views_names_the_page_and_keeps_every_output(reports, tmp_path, monkeypatch):
    import errno

    import lawgraph.graph.views.paths as paths

    out = tmp_path / "out"
    one = reports / sorted(os.listdir(reports))[0]
    assert CliRunner().invoke(app, ["build", str(one), "--out", str(out), "-j", "1"]).exit_code == 0
    before = tree(out)
    real_open = open
    calls = {"n": 0}

    def full_open(file, mode="r", *args, **kwargs):
        if "w" in mode and str(file).endswith(".html"):
            calls["n"] += 1
            if calls["n"] == 7:
                fh = real_open(file, mode, *args, **kwargs)
                fh.close()
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(paths, "open", full_open, raising=False)
    result = CliRunner().invoke(app, ["build", str(reports), "--out", str(out), "-j", "1"])
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"error: {out}/views/") and line.endswith(f".html: No space left on device; {out}/graph.json and the other outputs are unchanged"), (
        line
    )
    assert tree(out) == before and leftovers(out) == []


# --- finding 15: small ones ---------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the "Exception ignored" itself
def test_a_ctrl_c_swallowed_by_a_finaliser_still_ends_with_130(reports, tmp_path, monkeypatch):
    from lawgraph.commands import build_cmd

    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", str(reports), "--out", str(out), "-j", "1"]).exit_code == 0
    before = tree(out)
    real = build_cmd._write_outputs

    def swallowed(store, staging, **kw):
        def finalised():
            try:
                yield
            finally:
                # Ctrl-C lands in a finaliser: Python prints "Exception ignored …" and goes on.
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.01)

        g = finalised()
        next(g)
        del g
        real(store, staging, **kw)

    monkeypatch.setattr(build_cmd, "_write_outputs", swallowed)
    result = CliRunner().invoke(app, ["build", str(reports), "--out", str(out), "-j", "1"])
    assert result.exit_code == 130, result.output
    assert tree(out) == before


def test_leftovers_of_killed_runs_are_removed(reports, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".graph.json.k1l3d.tmp").write_text("half")
    (out / ".records.jsonl.x.tmp").write_text("half")
    (out / ".stage-abc").mkdir()
    (out / ".stage-abc" / "records.jsonl").write_text("half")
    (out / ".old-def").mkdir()
    (out / "mine.txt").write_text("the user's own")  # not ours: left alone
    assert CliRunner().invoke(app, ["build", str(reports), "--out", str(out), "-j", "1"]).exit_code == 0
    assert leftovers(out) == []
    assert (out / "mine.txt").read_text() == "the user's own"


def test_a_quoted_glob_of_records_files_is_read_as_records(reports, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "recs").mkdir()
    assert CliRunner().invoke(app, ["extract", str(reports), "-o", "recs/a.jsonl", "-j", "1"]).exit_code == 0
    result = CliRunner().invoke(app, ["build", "recs/*.jsonl", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["reports"] == 5 and summary["files"]["skipped"] == []


# --- the property: any interruption leaves all old or all new, and a rerun completes ---------------


@pytest.fixture(scope="module")
def interrupt_case(tmp_path_factory):
    """Records of the seeds split in two; an output folder built from the first part; the
    reference: the second part built on it without interruption."""
    root = tmp_path_factory.mktemp("interruptions")
    recs = root / "all.jsonl"
    assert CliRunner().invoke(app, ["extract", str(SEEDS), "-o", str(recs), "-j", "1"]).exit_code == 0
    lines = recs.read_text(encoding="utf-8").splitlines(keepends=True)
    (root / "one.jsonl").write_text("".join(lines[:2]), encoding="utf-8")
    (root / "two.jsonl").write_text("".join(lines[2:]), encoding="utf-8")
    start = root / "start"
    assert CliRunner().invoke(app, ["build", str(root / "one.jsonl"), "--out", str(start)]).exit_code == 0
    ref = root / "ref"
    shutil.copytree(start, ref)
    assert CliRunner().invoke(app, ["build", str(root / "two.jsonl"), "--out", str(ref)]).exit_code == 0
    return root, tree(start), tree(ref)


class _Interrupt:
    """Sends SIGINT to this process at the k-th call of any wrapped function (real Ctrl-C:
    the handler decides where it lands; inside the commit it waits until the end)."""

    def __init__(self, k: int):
        self.k = k
        self.calls = 0

    def wrap(self, fn):
        def wrapped(*args, **kwargs):
            self.calls += 1
            if self.calls == self.k:
                os.kill(os.getpid(), signal.SIGINT)
            return fn(*args, **kwargs)

        return wrapped


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(k=st.integers(min_value=1, max_value=140))
def test_wherever_a_build_is_interrupted_the_outputs_are_all_old_or_all_new(interrupt_case, monkeypatch, k):
    import lawgraph.graph.atomic as atomic
    import lawgraph.graph.outputs as outputs
    import lawgraph.graph.persist as persist
    import lawgraph.graph.views.paths as paths
    from lawgraph.commands import build_cmd

    root, start, ref = interrupt_case
    out = root / f"run-{k}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(root / "start", out)
    hit = _Interrupt(k)
    with monkeypatch.context() as m:
        m.setattr(paths, "write_text", hit.wrap(paths.write_text))
        m.setattr(atomic.tempfile, "mkstemp", hit.wrap(atomic.tempfile.mkstemp))
        m.setattr(persist, "_write_text", hit.wrap(persist._write_text))
        m.setattr(outputs.os, "replace", hit.wrap(os.replace))
        m.setattr(build_cmd, "_print_summary", hit.wrap(build_cmd._print_summary))
        result = CliRunner().invoke(app, ["build", str(root / "two.jsonl"), "--out", str(out)])
    got = tree(out)
    if hit.calls >= k:
        assert result.exit_code == 130, result.output
        if got not in (start, ref):
            old = sorted(f for f in set(got) | set(start) if got.get(f) != start.get(f))
            new = sorted(f for f in set(got) | set(ref) if got.get(f) != ref.get(f))
            pytest.fail(f"a mix of old and new outputs: {old[:5]} not old, {new[:5]} not new")
    else:
        assert result.exit_code == 0 and got == ref
    assert leftovers(out) == []
    rerun = CliRunner().invoke(app, ["build", str(root / "two.jsonl"), "--out", str(out)])
    assert rerun.exit_code == 0, rerun.output
    assert tree(out) == ref
    shutil.rmtree(out)
