"""Bad input end to end: every file of the generated corpus (tests/badinput.py) is accounted
for exactly once, with the expected outcome; the run never stops early; memory and time per
document stay bounded (the per-document time limit of extract.pipeline)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import lawgraph.extract.pipeline as pipeline
from lawgraph.extract import agencies
from lawgraph.extract import citations as citing
from lawgraph.extract.brackets import MAX_TITLE
from lawgraph.extract.catalog import load_catalog
from lawgraph.extract.records import FileError, Record
from lawgraph.graph import MemoryStore
from lawgraph.cli import app
from bench.peak import run_lawgraph
from tests.badinput import DENSE, HEAD, MiB, Expected, make_bad_corpus

#: Peak resident memory of `lawgraph extract` over the corpus with its 50 MB single-line file
#: and its 50 MB reports of nothing but citations or names (measured: about 300 MB). The
#: docs/limits.md gives the same bound.
MEMORY_BOUND = 768 * MiB


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus with a 2 MB single-line file (the 50 MB one has its own test)."""
    folder = tmp_path_factory.mktemp("bad") / "in"
    expected = make_bad_corpus(folder, big_mb=2)
    return folder, expected


def outcomes(lines: list[str], folder: Path) -> dict[str, list[tuple]]:
    """Relative path → every outcome its lines give: ("extracted", encoding) or (status, reason, stage)."""
    seen: dict[str, list[tuple]] = {}
    for line in lines:
        obj = json.loads(line)
        if "error" in obj:
            e = obj["error"]
            status = "skipped" if e["stage"] == "skip" else "failed"
            item = (status, e["reason"], e["stage"])
            source = e["source"]
        else:
            item = ("extracted", obj["report"]["encoding"])
            source = obj["report"]["source"]
        seen.setdefault(os.path.relpath(source, folder).replace(os.sep, "/"), []).append(item)
    return seen


def check_accounting(seen: dict[str, list[tuple]], expected: dict[str, Expected]) -> None:
    assert sorted(seen) == sorted(expected), "every file once, nothing else"
    for name, exp in expected.items():
        assert len(seen[name]) == 1, (name, seen[name])
        got = seen[name][0]
        assert got[0] == exp.status, (name, got)
        if exp.status == "extracted":
            if exp.encoding:
                assert got[1] == exp.encoding, (name, got)
        else:
            assert got[1].startswith(exp.reason), (name, got)
            assert "\n" not in got[1] and "Traceback" not in got[1]
            if exp.stage:
                assert got[2] == exp.stage, (name, got)


def test_the_corpus_has_every_kind_of_outcome(corpus):
    _, expected = corpus
    statuses = {e.status for e in expected.values()}
    assert statuses == {"extracted", "skipped", "failed"}
    assert len(expected) >= 45


def test_extract_accounts_for_every_file(corpus, tmp_path):
    folder, expected = corpus
    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output  # some files failed; the run went to the end
    assert "Traceback" not in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    check_accounting(outcomes(lines, folder), expected)

    n = {s: sum(e.status == s for e in expected.values()) for s in ("extracted", "skipped", "failed")}
    assert f"files: {len(expected)}  extracted: {n['extracted']}  skipped: {n['skipped']}  failed: {n['failed']}" in result.stderr
    for line in lines:  # the summary lists each file that was not extracted, with its reason
        e = json.loads(line).get("error")
        if e:
            tag = "skipped" if e["stage"] == "skip" else "FAILED "
            assert f"  {tag} {e['source']}: {e['reason']}\n" in result.stderr


def test_records_of_pathological_files_stay_small_and_capped(corpus, tmp_path):
    folder, _ = corpus
    catalog = load_catalog()
    for name in ("marks/nested-10000.txt", "marks/never-closed.txt", "marks/unbalanced.txt", "marks/title-1mb.txt", "marks/bracketed-1mb.txt"):
        rec = pipeline.extract_path(str(folder / name), catalog)
        assert isinstance(rec, Record), name
        assert rec.report.title is None or len(rec.report.title) <= MAX_TITLE, name
        assert all(len(c.title) <= MAX_TITLE for c in rec.citations), name
        assert len(rec.warnings) <= pipeline.MAX_WARNINGS + 1, name
        if name.endswith("1mb.txt"):
            assert len(rec.to_json()) < 10_000, name  # the megabyte went nowhere


def test_reports_of_nothing_but_citations_or_names_keep_the_first_ones_and_say_so(corpus):
    folder, _ = corpus
    catalog = load_catalog()
    for name in DENSE:
        rec = pipeline.extract_path(str(folder / f"dense/{name}.txt"), catalog)
        assert isinstance(rec, Record), name
        # the limit counts candidates; a few overlap a longer name and are dropped
        assert max(len(rec.citations) / citing.MAX_CITATIONS, len(rec.agencies) / agencies.MAX_AGENCY_NAMES) > 0.99, name
        assert len(rec.citations) <= citing.MAX_CITATIONS and len(rec.agencies) <= agencies.MAX_AGENCY_NAMES
        first = rec.warnings[0]
        assert first.startswith(f"more than {citing.MAX_CITATIONS:,} citations or "), rec.warnings[:2]
        cut = int(first.split("before offset ")[1].split(" of ")[0].replace(",", ""))
        assert all(x.span[1] <= cut + 40 and x.span[0] < cut for x in rec.citations + rec.agencies), name
        assert len(rec.to_json()) < 64 * MiB, name


def test_build_accounts_for_every_file(corpus, tmp_path):
    folder, expected = corpus
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(out), "--json", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    summary = json.loads(result.stdout)
    files = summary["files"]
    extracted = sum(e.status == "extracted" for e in expected.values())
    assert files["files"] == len(expected) and files["extracted"] == extracted
    assert summary["added"] + summary["replaced"] + summary["unchanged"] == extracted
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    check_accounting(outcomes(lines, folder), expected)
    # Reports with the same text (one report in five encodings) are one node.
    assert MemoryStore.load(out / "graph.json").summary().reports == summary["added"]


def test_two_workers_give_the_same_records(corpus, tmp_path):
    folder, _ = corpus
    runs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.jsonl"
        result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "--jobs", jobs])
        assert result.exit_code == 1, result.output
        runs.append(out.read_bytes())
    assert runs[0] == runs[1]


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0, reason="needs root to switch to an unprivileged user (as non-root the corpus test covers it)")
def test_unreadable_files_and_folders_as_an_unprivileged_user(tmp_path):
    # Root reads a file whatever its mode: read the corpus's permission cases as nobody, in
    # a forked child, from a folder everyone may traverse (pytest's tmp_path is private).
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="lawgraph-perm-"))
    try:
        base.chmod(0o755)
        (base / "ok.txt").write_text(HEAD, encoding="utf-8")
        (base / "unreadable.txt").write_text(HEAD, encoding="utf-8")
        (base / "unreadable.txt").chmod(0)
        (base / "locked").mkdir()
        (base / "locked/inside.txt").write_text(HEAD, encoding="utf-8")
        (base / "locked").chmod(0)
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: drop privileges, extract, report, exit without pytest's cleanup
            try:
                os.close(read_fd)
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
                lines = [item.to_json() for item in pipeline.iter_records([str(base)], jobs=1)]
                os.write(write_fd, json.dumps(lines).encode())
            finally:
                os._exit(0)
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as f:
            data = f.read()
        os.waitpid(pid, 0)
        seen = outcomes(json.loads(data), base)
        assert seen == {
            "locked": [("failed", "permission denied", "read")],
            "ok.txt": [("extracted", "utf-8")],
            "unreadable.txt": [("failed", "permission denied", "read")],
        }
    finally:
        for p in (base / "locked", base / "unreadable.txt"):
            p.chmod(0o755)
        import shutil

        shutil.rmtree(base)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_a_run_over_the_corpus_with_a_50_mb_line_is_bounded(tmp_path):
    # About 15 s: the 50 MB files take ~10 s to extract.
    folder = tmp_path / "in"
    expected = make_bad_corpus(folder)  # big_mb=50
    assert (folder / "text/single-line.txt").stat().st_size >= 50 * MiB
    out = tmp_path / "records.jsonl"
    proc, peak_mib, seconds = run_lawgraph(["extract", str(folder), "-o", str(out), "--jobs", "1"])
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert peak_mib * MiB < MEMORY_BOUND, f"peak memory {peak_mib:.0f} MiB"
    check_accounting(outcomes(out.read_text(encoding="utf-8").splitlines(), folder), expected)
    print(f"50 MB corpus: {seconds:.1f} s, peak {peak_mib:.0f} MiB")


# ---------------------------------------------------------------------------------------------
# the per-report limits on citations and agency names

# Every way of citing, and agencies, several times over: each limit below cuts somewhere else.
MIXED = (
    HEAD
    + (
        "　　区政府外办贯彻落实《中华人民共和国保守国家秘密法》（以下简称《保密法》），学习《保密法》和民法典。"
        "依据《国务院关于加强法治政府建设的意见》（国发〔2021〕33号），区司法局、外交部印发"
        "《关于印发〈北京市西城区行政执法公示办法〉的通知》。宪法日当天，区委政法委宣讲宪法。\n"
    )
    * 6
)


@pytest.mark.parametrize("limit", [1, 2, 5, 9, 17, 40])
def test_a_limited_report_holds_exactly_what_a_full_run_finds_before_the_cut(monkeypatch, limit):
    catalog = load_catalog()
    full = pipeline.extract_text(MIXED, catalog=catalog)
    assert len(full.citations) > 40 and len(full.agencies) > 20 and not full.warnings
    monkeypatch.setattr(citing, "MAX_CITATIONS", limit)
    monkeypatch.setattr(agencies, "MAX_AGENCY_NAMES", limit)
    cut_rec = pipeline.extract_text(MIXED, catalog=catalog)
    first = cut_rec.warnings[0]
    assert first.startswith(f"more than {limit:,} citations or {limit:,} agency names: searched only the text before offset ")
    cut = int(first.split("before offset ")[1].split(" of ")[0].replace(",", ""))
    assert 0 < cut < len(MIXED)
    assert len(cut_rec.citations) <= limit and len(cut_rec.agencies) <= limit

    def key(c):  # a document number written after the cut cannot be attached
        return (c.title, c.span, c.kind, c.category, c.law_id, c.function, c.sentence)

    assert [key(c) for c in cut_rec.citations] == [key(c) for c in full.citations if c.span[0] < cut]
    assert [(a.name, a.span, a.role) for a in cut_rec.agencies] == [(a.name, a.span, a.role) for a in full.agencies if a.span[1] <= cut]


# ---------------------------------------------------------------------------------------------
# the per-document time limit


@pytest.fixture
def slow_extract(monkeypatch):
    """extract_text that takes 30 s on reports containing 慢 (and is the real one otherwise)."""
    real = pipeline.extract_text

    def slow(text, *args, **kwargs):
        if "慢" in text:
            time.sleep(30)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_text", slow)
    monkeypatch.delenv(pipeline.TIME_LIMIT_ENV, raising=False)


def test_the_default_limit_is_documented():
    assert pipeline.DOC_TIME_LIMIT == 60
    assert pipeline.doc_time_limit({}) == 60
    assert pipeline.doc_time_limit({pipeline.TIME_LIMIT_ENV: "2.5"}) == 2.5
    assert pipeline.doc_time_limit({pipeline.TIME_LIMIT_ENV: "0"}) == 0  # no limit
    for bad in ("abc", "-1", "nan", "inf"):
        with pytest.raises(pipeline.LawgraphError, match="LAWGRAPH_DOC_TIME_LIMIT"):
            pipeline.doc_time_limit({pipeline.TIME_LIMIT_ENV: bad})


def test_a_slow_document_becomes_a_failure_and_the_timer_is_put_back(tmp_path, slow_extract):
    path = tmp_path / "slow.txt"
    path.write_text(HEAD + "慢", encoding="utf-8")
    t0 = time.monotonic()
    got = pipeline.extract_path(str(path), load_catalog(), time_limit=0.3)
    assert time.monotonic() - t0 < 5
    assert got == FileError(str(path), "extraction took longer than the 0.3 s limit", "extract")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    # A fast document under the same limit is extracted as usual.
    (tmp_path / "fast.txt").write_text(HEAD, encoding="utf-8")
    assert isinstance(pipeline.extract_path(str(tmp_path / "fast.txt"), load_catalog(), time_limit=0.3), Record)


def test_a_slow_reader_is_stopped_too(tmp_path, monkeypatch):
    # The limit covers the whole document: a parser stuck on a PDF counts as well, even when
    # the parser catches Exception (the limit is a BaseException).
    import lawgraph.extract.read as read_mod

    def stuck(path):
        try:
            time.sleep(30)
        except Exception:  # noqa: BLE001 — as the readers do
            pass
        raise AssertionError("not stopped")

    monkeypatch.setattr(read_mod, "read_document", stuck)
    got = pipeline.extract_path(str(tmp_path / "x.pdf"), load_catalog(), time_limit=0.2)
    assert got.reason == "extraction took longer than the 0.2 s limit"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_cli_goes_on_after_a_slow_document(tmp_path, slow_extract, monkeypatch, jobs):
    # --jobs 2: fork workers inherit the slow extract_text and enforce the limit themselves.
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("a.txt", HEAD), ("b-slow.txt", HEAD + "慢"), ("c.txt", HEAD + "正文。")):
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv(pipeline.TIME_LIMIT_ENV, "0.5")
    out = tmp_path / "records.jsonl"
    t0 = time.monotonic()
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "--jobs", jobs])
    assert time.monotonic() - t0 < 20
    assert result.exit_code == 1, result.output
    seen = outcomes(out.read_text(encoding="utf-8").splitlines(), folder)
    assert seen == {
        "a.txt": [("extracted", "utf-8")],
        "b-slow.txt": [("failed", "extraction took longer than the 0.5 s limit", "extract")],
        "c.txt": [("extracted", "utf-8")],
    }
    assert "FAILED  " + str(folder / "b-slow.txt") + ": extraction took longer than the 0.5 s limit" in result.stderr


def test_no_limit_outside_the_main_thread(tmp_path, monkeypatch):
    # SIGALRM reaches only the main thread: elsewhere the document runs to its end (documented).
    real = pipeline.extract_text
    monkeypatch.setattr(pipeline, "extract_text", lambda *a, **k: (time.sleep(0.5), real(*a, **k))[1])
    (tmp_path / "a.txt").write_text(HEAD, encoding="utf-8")
    got = []
    t = threading.Thread(target=lambda: got.append(pipeline.extract_path(str(tmp_path / "a.txt"), load_catalog(), time_limit=0.1)))
    t.start()
    t.join()
    assert isinstance(got[0], Record)


def test_a_timer_already_running_is_left_alone(tmp_path, monkeypatch):
    real = pipeline.extract_text
    monkeypatch.setattr(pipeline, "extract_text", lambda *a, **k: (time.sleep(0.3), real(*a, **k))[1])
    (tmp_path / "a.txt").write_text(HEAD, encoding="utf-8")
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        got = pipeline.extract_path(str(tmp_path / "a.txt"), load_catalog(), time_limit=0.1)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(got, Record) and not fired
    assert 25 < remaining <= 30  # someone else's timer still runs


def test_a_bad_limit_in_the_environment_is_a_clean_error(tmp_path):
    (tmp_path / "a.txt").write_text(HEAD, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")], env={pipeline.TIME_LIMIT_ENV: "soon"})
    assert result.exit_code == 1
    assert "error: LAWGRAPH_DOC_TIME_LIMIT='soon': give the per-document time limit in seconds" in result.stderr
    assert "Traceback" not in result.output
