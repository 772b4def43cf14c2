"""Memory grows with the text, not with its lines, stops or edits (issue 12, finding 5).

60 MB of line breaks (or of carriage returns) once peaked at 4.9 GB: per-document lists
held one object per line, per sentence stop, per cleaning edit. Each case here is a report
head followed by several MB of one degenerate unit, extracted by `lawgraph extract` in a
child process whose own peak (VmHWM) is read. The bound is generous (about 3× what the
fixed code takes); the code before the fix took 2–5× the bound. Figures per input MB are
in docs/limits.md and from `python -m bench.bench_degenerate`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.peak import run_lawgraph
from tests.badinput import BODY, HEAD

MB = 4
#: Peak resident memory allowed for a 4 MB report of one degenerate unit.
BOUND_MIB = 96 + 32 * MB

UNITS = {
    "line breaks": "\n",
    "carriage returns": "\r",  # read as line breaks
    "cjk-digit spaces": "西 2 ",  # one cleaning edit every two characters
    "traditional lines": "許可權\n",  # a length-changing conversion on every line
}


def write_degenerate(path: Path, unit: str, mb: int = MB) -> None:
    data = unit.encode("utf-8")
    with open(path, "wb") as f:
        f.write((HEAD + BODY).encode("utf-8"))
        f.write(data * (mb * 1024 * 1024 // len(data)))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
@pytest.mark.parametrize("unit", list(UNITS), ids=list(UNITS))
def test_peak_memory_follows_the_text_not_its_lines(tmp_path, unit):
    path = tmp_path / "degenerate.txt"
    write_degenerate(path, UNITS[unit])
    proc, peak_mib, seconds = run_lawgraph(["extract", str(path), "-o", str(tmp_path / "r.jsonl"), "--jobs", "1"])
    assert proc.returncode == 0, proc.stderr
    assert peak_mib < BOUND_MIB, f"{unit}: peak {peak_mib:.0f} MiB for {MB} MB ({seconds:.1f} s)"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_peak_memory_of_a_report_of_short_lines(tmp_path):
    path = tmp_path / "degenerate.txt"
    write_degenerate(path, "《\n")
    proc, peak_mib, _ = run_lawgraph(["extract", str(path), "-o", str(tmp_path / "r.jsonl"), "--jobs", "1"])
    assert proc.returncode == 0, proc.stderr
    assert peak_mib < BOUND_MIB, f"peak {peak_mib:.0f} MiB"


def test_citations_hold_nothing_per_sentence_stop():
    # A list of every stop's offset (two: sentences, clauses) took ~72 bytes per stop.
    import tracemalloc

    from lawgraph.extract.catalog import load_catalog
    from lawgraph.extract.citations import find_citations_upto
    from lawgraph.extract.normalise import normalise

    catalog = load_catalog()
    norm = normalise(HEAD + BODY + "；" * 1_000_000)
    find_citations_upto(norm, catalog, 20_000)  # warm the memoised tables
    tracemalloc.start()
    try:
        citations, _ = find_citations_upto(norm, catalog, 20_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(citations) == 1
    assert peak < 16 * 1024 * 1024, f"{peak / 2**20:.0f} MiB for a million stops"


def test_stop_lookups_hold_nothing_per_stop():
    # The sentence and clause bounds search a window each way: equal to scanning the text.
    from lawgraph.extract.citations import SENTENCE_MAX, _Stops, sentence_bounds

    text = ("甲。" * 50 + "\n") * 20
    stops = _Stops(text, "。\n")
    assert not any(isinstance(v, list) for v in vars(stops).values())
    for start in range(0, len(text), 7):
        end = min(len(text), start + 3)
        a, b = sentence_bounds(text, start, end, stops)
        lo = max(0, start - SENTENCE_MAX)
        before = max((i + 1 for i in range(lo, start) if text[i] in "。;；!！?？\n"), default=lo)
        hi = min(len(text), end + SENTENCE_MAX)
        after = min((i + 1 for i in range(end, hi) if text[i] in "。;；!！?？\n"), default=hi)
        assert (a, b) == (before, after), start
