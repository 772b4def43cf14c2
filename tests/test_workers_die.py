"""Workers that die cost one document, never the run (issue 12, findings 4, 15).

A worker killed by the kernel (out of memory) or by a user used to leave `extract --jobs 2`
waiting forever; a PDF whose streams inflate to gigabytes took the whole run down with
`--jobs 1`; a killed parent left workers printing BrokenPipe tracebacks; `--jobs -3` was a
traceback and `--jobs 100000` tried to fork that many.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.peak import run_lawgraph
from tests.badinput import BODY, HEAD
from tests.fixtures_docs import make_pdf

# `lawgraph` in a child whose extract_text kills its own process on a report containing 死
# (fork workers inherit it): the kernel's OOM killer, as a test can have it.
KILLER = """
import os, signal
import lawgraph.extract.pipeline as p
real = p.extract_text
def dying(text, *a, **k):
    if "死" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(text, *a, **k)
p.extract_text = dying
from lawgraph.cli import main
main()
"""


def lawgraph_with_killer(args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLER, *args], capture_output=True, text=True, **kwargs)


def test_a_worker_that_dies_fails_its_document_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["a.txt", "b-dies.txt", "c.txt", "d-dies.txt", "e.txt", "f.txt"]
    for name in names:
        (folder / name).write_text(HEAD + BODY + ("死" if "dies" in name else ""), encoding="utf-8")
    out = tmp_path / "r.jsonl"
    proc = lawgraph_with_killer(["extract", str(folder), "-o", str(out), "--jobs", "2"], timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(names)  # every file, in input order
    import json

    got = [json.loads(x) for x in lines]
    sources = [o["report"]["source"] if "report" in o else o["error"]["source"] for o in got]
    assert sources == [str(folder / n) for n in names]
    for name, o in zip(names, got):
        if "dies" in name:
            assert o["error"] == {"source": str(folder / name), "reason": "worker process died (killed by SIGKILL: out of memory?)", "stage": "extract"}
        else:
            assert "report" in o
    assert f"FAILED  {folder / 'b-dies.txt'}: worker process died (killed by SIGKILL: out of memory?)" in proc.stderr


def test_a_build_goes_on_after_a_worker_dies(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(HEAD + BODY, encoding="utf-8")
    (folder / "b.txt").write_text(HEAD + BODY + "死", encoding="utf-8")
    proc = lawgraph_with_killer(["build", str(folder), "--out", str(tmp_path / "out"), "--jobs", "2"], timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "reports: 1 " in proc.stdout
    assert "FAILED  " + str(folder / "b.txt") + ": worker process died" in proc.stdout


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_a_pdf_that_inflates_to_a_gigabyte_fails_alone_in_bounded_memory(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes(make_pdf(["Annual report"], bomb_mib=1024))  # ~1 MB on disk
    (folder / "good.txt").write_text(HEAD + BODY, encoding="utf-8")
    out = tmp_path / "r.jsonl"
    proc, peak_mib, _ = run_lawgraph(["extract", str(folder), "-o", str(out), "--jobs", "1"], timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert f"FAILED  {folder / 'bomb.pdf'}: PDF streams expand to more than 256 MiB (decompression bomb?)" in proc.stderr
    assert peak_mib < 512, f"peak {peak_mib:.0f} MiB"  # it was the stream's size, 1 GiB and more
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def _session(pid: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == pid and int(entry.name) != pid:
                    stat = (entry / "stat").read_text()
                    if ") Z " not in stat:  # zombies are gone already, only not reaped
                        alive.append(int(entry.name))
            except OSError:
                pass
    return alive


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="reads /proc to find left-over workers")
def test_workers_of_a_killed_parent_go_quietly(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(400):
        (folder / f"r{i:03d}.txt").write_text(HEAD + BODY * 40 + f"第{i}号\n", encoding="utf-8")
    err = tmp_path / "stderr.txt"
    with open(err, "wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from lawgraph.cli import main; main()", "extract", str(folder), "-o", str(tmp_path / "r.jsonl"), "--jobs", "2"],
            stdout=subprocess.DEVNULL,
            stderr=fh,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while not (tmp_path / "r.jsonl").exists() or (tmp_path / "r.jsonl").stat().st_size == 0:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        assert _session(proc.pid), "the workers are running"
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 15
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
    assert _session(proc.pid) == []
    text = err.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text and "BrokenPipe" not in text, text[-2000:]


@pytest.mark.parametrize("value", ["-3", "100000", "abc"])
@pytest.mark.parametrize("command", ["extract", "build"])
def test_jobs_out_of_range_is_a_usage_error(tmp_path, command, value):
    (tmp_path / "a.txt").write_text(HEAD, encoding="utf-8")
    extra = ["-o", str(tmp_path / "r.jsonl")] if command == "extract" else ["--out", str(tmp_path / "out")]
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", "from lawgraph.cli import main; main()", command, str(tmp_path / "a.txt"), *extra, "--jobs", value],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "--jobs" in proc.stderr
    assert time.monotonic() - t0 < 30
    assert not (tmp_path / "out" / "graph.json").exists()
