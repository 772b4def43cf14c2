"""The whole pipeline's benchmark, from one command:

    python bench/run.py            # the full run (≈ 10 minutes on 2 cores)
    python bench/run.py --quick    # smaller sizes, for a smoke run

Sections, each printing its figures next to an in-run reference (ratios matter more than
absolute times on a shared machine):

1. extraction throughput per core — pure extractor, spaCy component, and as references a
   bare regex scan of 《…》 and a spacy.blank("zh") + jieba tokenising pass (bench_extract);
2. peak memory of `lawgraph extract` versus corpus size (it must stay flat: streaming),
   and `--jobs` scaling; then the command line against the pure function, start-up imports
   and `--jobs 2` against `--jobs 1` (bench_startup);
3. networkx build time and memory at 10 k / 100 k / 1 M citations, and the Neo4j load rate
   when NEO4J_URI is set (bench_graph);
4. in-memory query latency, median and p99, per canned query on the 1 M graph (bench_queries);
5. views for a 5 k-node graph and the time until the overview is drawn (bench_views),
   and the size of the neo4j-admin import files;
6. `lawgraph build` step by step at growing corpus sizes: CPU, peak memory and bytes per
   step, build against extraction (bench_build).

It ends with one table of the targets and whether this run met them.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from bench.peak import run_lawgraph  # noqa: E402


def _section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 74 - len(title)), flush=True)


def _run(cmd: list[str]) -> str:
    """Run a benchmark script, echo its output, return it for the summary."""
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    if proc.returncode:
        sys.stdout.write(proc.stderr[-2000:])
    sys.stdout.flush()
    return proc.stdout


def _extract_peak(folder: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `lawgraph extract` over a folder, in a child
    process (its own high-water mark: see bench/peak.py)."""
    # A file beside the corpus (output writers refuse devices such as /dev/null).
    out = folder.parent / f"{folder.name}.records.jsonl"
    _, peak_mib, wall = run_lawgraph(["extract", str(folder), "-o", str(out), "--jobs", str(jobs)], cwd=ROOT)
    out.unlink(missing_ok=True)
    return wall, peak_mib * 1.048576


def memory_section(sizes_mb: list[int]) -> list[tuple[int, float, float]]:
    _section("2. peak memory of `lawgraph extract` versus corpus size (streaming)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="lawgraph-bench-") as tmp:
        print(f"{'corpus MB':>10} {'files':>7} {'seconds':>8} {'MB/s':>7} {'peak RSS MB':>12}")
        for mb in sizes_mb:
            folder = Path(tmp) / f"c{mb}"
            n = write_corpus(str(folder), int(mb * 1e6 / 3), seed=mb)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            wall, peak = _extract_peak(folder, jobs=1)
            rows.append((mb, wall, peak))
            print(f"{size:>10.1f} {n:>7} {wall:>8.1f} {size / wall:>7.2f} {peak:>12.0f}", flush=True)
        folder = Path(tmp) / f"c{sizes_mb[-1]}"
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        cores = os.cpu_count() or 1
        wall_all, _ = _extract_peak(folder, jobs=0)
        print(f"--jobs {cores} (all cores) on the largest corpus: {wall_all:.1f} s, {size / wall_all:.2f} MB/s ({rows[-1][1] / wall_all:.2f}× --jobs 1)")
    print("peak RSS is the process's high-water mark, interpreter and tables included; flat = streaming")
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run of every section")
    args = ap.parse_args(argv)
    py = sys.executable
    quick = args.quick

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}")
    _section("1. extraction throughput, MB of UTF-8 input per second on one core")
    out1 = _run([py, "bench/bench_extract.py", "--mb", "2" if quick else "10"])
    mem = memory_section([2, 8] if quick else [4, 16, 64])

    _section("2b. the command line against the pure function; start-up; --jobs 2")
    out2 = _run([py, "bench/bench_startup.py", "--mb", "2" if quick else "10", "--rounds", "3"])

    _section("3. networkx build (and Neo4j load when NEO4J_URI is set)")
    sizes = ["10000", "100000"] if quick else ["10000", "100000", "1000000"]
    out3 = _run([py, "bench/bench_graph.py", "--sizes", *sizes])

    _section("4. in-memory query latency")
    out4 = _run([py, "bench/bench_queries.py", "--citations", "100000" if quick else "1000000", "--runs", "50" if quick else "200"])

    _section("5. views and neo4j-admin files")
    _run([py, "bench/bench_views.py", "--nodes", "1000" if quick else "5000"])
    with tempfile.TemporaryDirectory(prefix="lawgraph-admin-") as tmp:
        from bench.bench_graph import write_records
        from lawgraph.graph.memory import MemoryStore
        from lawgraph.graph.neo4j_admin import write_import_files
        from lawgraph.extract.records import read_records

        n = 10_000 if quick else 100_000
        rec = Path(tmp) / "r.jsonl"
        write_records(rec, n)
        store = MemoryStore()
        store.add_records(read_records(str(rec)))
        write_import_files(store, Path(tmp) / "admin")
        total = sum(p.stat().st_size for p in (Path(tmp) / "admin").iterdir()) / 1e6
        print(f"neo4j-admin import files for {n:,} citations: {total:.1f} MB")

    _section("6. lawgraph build step by step")
    out6 = _run([py, "bench/bench_build.py", "--sizes", "2,8" if quick else "10,40,160", "--kind", "real"])

    _section("targets")
    pure = _num(r"pure extractor\s+([\d.]+)", out1)
    tok = _num(r"jieba tokenising \(reference\)\s+([\d.]+)", out1)
    flat = mem[-1][2] <= 1.5 * mem[0][2] if mem else None
    build = re.search(r"^\s*1,000,000\s+\S+\s+\S+\s+([\d.]+)\s+\S+\s+([\d.]+)\s+([\d.]+)\s+\S+\s+([\d.]+)", out3, re.M)
    cli = _num(r"([\d.]+)x the pure function \(target", out2)
    help_imports = _num(r"imports of lawgraph --help\s+([\d.]+) s", out2)
    jobs2 = _num(r"--jobs 2 versus --jobs 1 \(wall\) ([\d.]+)x", out2)
    ratios = re.findall(
        r"build CPU ÷ extract CPU: ([\d.]+)x with --no-views, ([\d.]+)x with the views.*?([\d.]+)x with --no-views \(records \+ graph file\), ([\d.]+)x with the views",
        out6,
    )
    last = [float(x) for x in ratios[-1]] if ratios else None
    median = _num(r"agencies-citing\s+random law[^\n]*?\s([\d.]+)\s+[\d.]+\s*$", out4, re.M)
    rows = [
        ("pure extractor ≥ 10 MB/s per core", pure, pure is not None and pure >= 10),
        ("pure extractor ≥ 15× the tokenising pass (goal 20×)", (pure / tok) if pure and tok else None, bool(pure and tok and pure / tok >= 15)),
        ("memory flat in corpus size (largest ≤ 1.5× smallest)", mem[-1][2] if mem else None, flat),
        ("lawgraph extract --jobs 1 ≥ 0.9× the pure function", cli, cli is not None and cli >= 0.9),
        ("lawgraph --help imports ≤ 0.2 s", help_imports, help_imports is not None and help_imports <= 0.2),
        ("--jobs 2 ≥ 1.7× --jobs 1 (on an idle 2-core host)", jobs2, jobs2 is not None and jobs2 >= 1.7),
        ("1 M citations built ≤ 15 s", float(build.group(1)) if build else None, bool(build and float(build.group(1)) <= 15)),
        ("1 M citations built ≤ 1.2 GB", float(build.group(2)) if build else None, bool(build and float(build.group(2)) <= 1229)),
        ("1 M citations: graph file saved ≤ 10 s", float(build.group(3)) if build else None, bool(build and float(build.group(3)) <= 10)),
        ("1 M citations: graph file loaded ≤ 10 s", float(build.group(4)) if build else None, bool(build and float(build.group(4)) <= 10)),
        ("agencies-citing ≤ 5 ms median", median, median is not None and median <= 5),
        ("build --no-views CPU ≤ 1.5× extract CPU (largest corpus)", last[0] if last else None, bool(last and last[0] <= 1.5)),
        ("build CPU with the views ≤ 1.5× extract CPU", last[1] if last else None, bool(last and last[1] <= 1.5)),
        ("build --no-views output ≤ 2× the input (real reports)", last[2] if last else None, bool(last and last[2] <= 2)),
        ("build output with the views ≤ 2× the input", last[3] if last else None, bool(last and last[3] <= 2)),
    ]
    for what, value, ok in rows:
        shown = "-" if value is None else f"{value:.2f}"
        print(f"{what:55} {shown:>10}  {'met' if ok else ('not measured' if value is None else 'NOT met')}")


def _num(pattern: str, text: str, flags: int = 0) -> float | None:
    m = re.search(pattern, text, flags)
    return float(m.group(1)) if m else None


if __name__ == "__main__":
    main()
