"""Start-up and per-file cost of the command line, next to the pure extractor.

    python bench/bench_startup.py [--mb 4] [--rounds 3]

1. import time (``python -X importtime``, the sum of the top-level imports) of
   ``lawgraph --help`` and of ``lawgraph extract`` on one file; target ≤ 0.2 s each; and
   where a run's fixed CPU cost goes (the command line's modules, the extractor's, the
   catalog, its automata);
2. ``lawgraph extract --jobs 1`` over a generated corpus versus the pure ``extract_text`` over
   the same texts, both in CPU seconds of one process (what a loaded machine inflates least);
   target ≥ 0.9×;
3. ``--jobs 2`` versus ``--jobs 1``, wall clock (meaningful only on an idle 2-core machine).

Rounds are interleaved and the median taken, so that a change in the host's load hits both
sides of each ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402

_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)")


def import_seconds(args: list[str]) -> tuple[float, list[tuple[float, str]]]:
    """Seconds of imports of ``python -X importtime -m lawgraph ARGS`` (top-level entries
    summed: each one's cumulative time already holds what it imported) and the largest."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "lawgraph", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    top = []
    for line in proc.stderr.splitlines():
        m = _LINE.match(line)
        if m and not m.group(3):  # not indented: imported by the program itself
            top.append((int(m.group(2)) / 1e6, m.group(4)))
    return sum(s for s, _ in top), sorted(top, reverse=True)[:4]


def _cpu_of(cmd: list[str]) -> float:
    """User+system CPU seconds of a child process."""
    before = os.times()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def _wall_of(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


_PURE = """
import sys, time
from pathlib import Path
from lawgraph.extract import extract_text, load_catalog
cat = load_catalog()
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).iterdir())]
extract_text(texts[0], catalog=cat)
t0 = time.process_time()
for t in texts:
    extract_text(t, catalog=cat)
print(time.process_time() - t0)
"""


# A run's fixed cost, step by step, in CPU seconds of one process.
_FIXED = """
import time
T = time.process_time
t0 = T(); import lawgraph.cli
t1 = T(); import lawgraph.extract.pipeline as pl; from lawgraph.extract.read import read_document, discover
t2 = T(); catalog = pl.load_catalog()
t3 = T(); pl.extract_text("", catalog=catalog)
t4 = T()
print(t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""
_FIXED_STEPS = ("interpreter", "lawgraph.cli", "extractor modules", "catalog load", "automata (first extract_text)")


def fixed_cost(rounds: int) -> list[float]:
    """Medians of :data:`_FIXED`'s steps over ``rounds`` fresh processes."""
    runs = []
    for _ in range(rounds):
        out = subprocess.run([sys.executable, "-c", _FIXED], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        runs.append([float(x) for x in out.split()])
    return [statistics.median(step) for step in zip(*runs)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="corpus size in MB (default 4)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-jobs", action="store_true", help="skip the --jobs 2 row")
    args = ap.parse_args(argv)
    py = sys.executable
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    with tempfile.TemporaryDirectory(prefix="lawgraph-startup-") as tmp:
        folder = Path(tmp) / "c"
        n = write_corpus(str(folder), int(args.mb * 1e6 / 3), seed=11)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        one = sorted(folder.iterdir())[0]
        out = Path(tmp) / "r.jsonl"

        helps, ones, bare, help_cpu, one_cpu = [], [], [], [], []
        one_cmd = [py, "-m", "lawgraph", "extract", str(one), "-o", str(out), "--jobs", "1"]
        for _ in range(args.rounds):
            helps.append(import_seconds(["--help"]))
            ones.append(import_seconds(["extract", str(one), "-o", str(out)]))
            bare.append(_cpu_of([py, "-c", "pass"]))
            help_cpu.append(_cpu_of([py, "-m", "lawgraph", "--help"]))
            one_cpu.append(_cpu_of(one_cmd))
        base = statistics.median(bare)
        for what, runs, cpu in (("lawgraph --help", helps, help_cpu), ("lawgraph extract ONE-FILE", ones, one_cpu)):
            med = statistics.median(s for s, _ in runs)
            largest = ", ".join(f"{name} {s:.3f}" for s, name in runs[0][1])
            print(f"imports of {what:28} {med:6.3f} s wall (target <= 0.2: {'met' if med <= 0.2 else 'NOT met'}; largest: {largest})")
            print(f"  whole run, CPU beyond a bare interpreter ({base:.3f} s): {statistics.median(cpu) - base:.3f} s")
        steps = fixed_cost(args.rounds)
        print("a run's fixed cost, CPU: " + ", ".join(f"{name} {s:.3f} s" for name, s in zip(_FIXED_STEPS, steps)))

        # CPU seconds: the CLI process (start-up included) and the pure function's loop (its
        # own start-up and catalog load excluded): the ratio is what the CLI costs on top.
        cli, pure = [], []
        for _ in range(args.rounds):
            cli.append(_cpu_of([py, "-m", "lawgraph", "extract", str(folder), "-o", str(out), "--jobs", "1"]))
            res = subprocess.run([py, "-c", _PURE, str(folder)], cwd=ROOT, capture_output=True, text=True, check=True)
            pure.append(float(res.stdout.strip().splitlines()[-1]))
        c, p = statistics.median(cli), statistics.median(pure)
        fixed = statistics.median(one_cpu)  # start-up, catalog, one small file
        print(f"corpus: {n} reports, {size:.1f} MB")
        print(f"pure extract_text             {size / p:7.2f} MB/s CPU")
        print(
            f"lawgraph extract --jobs 1     {size / c:7.2f} MB/s CPU   {p / c:.2f}x the pure function (target >= 0.9: {'met' if p / c >= 0.9 else 'NOT met'})"
        )
        print(f"  without its fixed cost (a one-file run, {fixed:.2f} s CPU): {p / max(c - fixed, 1e-9):.2f}x the pure function per MB")

        if not args.no_jobs:
            w1, w2 = [], []
            for _ in range(args.rounds):
                w1.append(_wall_of([py, "-m", "lawgraph", "extract", str(folder), "-o", str(out), "--jobs", "1"]))
                w2.append(_wall_of([py, "-m", "lawgraph", "extract", str(folder), "-o", str(out), "--jobs", "2"]))
            a, b = statistics.median(w1), statistics.median(w2)
            print(
                f"--jobs 2 versus --jobs 1 (wall) {a / b:.2f}x  ({a:.1f} s / {b:.1f} s; target >= 1.7 on an idle "
                f"2-core machine; load average now {os.getloadavg()[0]:.2f})"
            )


if __name__ == "__main__":
    main()
