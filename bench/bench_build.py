"""`lawgraph build` step by step at growing corpus sizes: time, memory and bytes per step.

    python bench/bench_build.py [--sizes 10,40,160] [--kind generated|real] [--keep DIR]

For each size a corpus is written (``generated``: bench/corpus.py's citation-dense reports;
``real``: the seeds and the development set's excerpts from ../shared, each copy made a
distinct report by a numbered first line — real citation density, real sentence lengths),
then, one process per step so that each one's memory is its own:

1. ``lawgraph extract DIR --jobs 1`` (CPU seconds, peak RSS, records bytes);
2. the build's steps from those records, in one child process: records → graph
   (``MemoryStore.add_records``), the graph file, the views, and the exports (written on
   request only: ``build --exports``) — CPU seconds and bytes each;
3. the whole ``lawgraph build DIR --jobs 1`` as a user runs it: CPU seconds, peak RSS and
   what it writes, next to step 1's CPU (the issue's target: build ≤ 1.5× extraction).

Per-MB columns show whether a step grows faster than its input (they should stay flat).
CPU seconds are what a loaded host inflates least; the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from bench.peak import run_lawgraph  # noqa: E402

SHARED = ROOT.parent / "shared"

_STEPS = r"""
import json, os, sys, time
from pathlib import Path
from lawgraph.extract.records import read_records
from lawgraph.graph.memory import MemoryStore
from lawgraph.graph.persist import save_graph
from lawgraph.graph.views import write_views
from lawgraph.graph.exports import write_exports

records, out = sys.argv[1], Path(sys.argv[2])

def size(p):
    p = Path(p)
    return p.stat().st_size if p.is_file() else sum(f.stat().st_size for f in p.rglob("*") if f.is_file())

def peak():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) / 1024 for l in f if l.startswith("VmHWM:"))

rows = []
def step(name, fn, target=None):
    t = time.process_time()
    fn()
    rows.append({"step": name, "cpu": time.process_time() - t, "bytes": size(target) if target else 0, "peak": peak()})

store = MemoryStore()
step("records -> graph", lambda: store.add_records(read_records(records)))
step("graph file", lambda: save_graph(store.graph, out / "graph.json"), out / "graph.json")
step("views", lambda: write_views(store, out / "views"), out / "views")
step("exports (on request)", lambda: write_exports(store, out / "exports", skip_missing=True), out / "exports")
print(json.dumps(rows))
"""


def _cpu(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """CPU seconds (user + system of the children) and peak MiB of a ``lawgraph`` run."""
    before = os.times()
    proc, peak, _ = run_lawgraph(cmd, cwd=ROOT)
    after = os.times()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"lawgraph {' '.join(cmd)} failed: {proc.stderr.strip()[-500:]}")
    return (after.children_user - before.children_user) + (after.children_system - before.children_system), peak, proc


def _tree_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))


def _real_corpus(folder: Path, target_bytes: int) -> int:
    """Copies of the seeds and the devset excerpts, each a distinct report, to about ``target_bytes``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    corpus = SHARED / "devset" / "corpus.jsonl"
    if corpus.exists():
        texts += [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    folder.mkdir(parents=True)
    n = written = 0
    while written < target_bytes:
        text = texts[n % len(texts)]
        data = f"（第{n}份）\n{text}".encode()
        (folder / f"r{n:06d}.txt").write_bytes(data)
        written += len(data)
        n += 1
    return n


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,40,160", help="corpus sizes in MB, comma-separated (default 10,40,160)")
    ap.add_argument("--kind", choices=("generated", "real"), default="generated")
    ap.add_argument("--keep", type=Path, help="keep the corpora and outputs in this folder")
    args = ap.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; corpus: {args.kind}")
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="lawgraph-build-bench-"))
    header = f"{'MB in':>6} {'step':22} {'cpu s':>7} {'s/MB':>6} {'peak MB':>8} {'out MB':>8} {'out/in':>7}"
    table: list[str] = [header]
    try:
        for mb in sizes:
            base = tmp / f"{args.kind}-{mb:g}"
            shutil.rmtree(base, ignore_errors=True)
            docs = base / "docs"
            if args.kind == "generated":
                write_corpus(str(docs), int(mb * 1e6 / 3), seed=17)
            else:
                _real_corpus(docs, int(mb * 1e6))
            size = _tree_bytes(docs) / 1e6

            def row(step: str, cpu: float, peak: float, out_bytes: int, size: float = size) -> None:
                out = f"{out_bytes / 1e6:8.1f} {out_bytes / 1e6 / size:6.2f}x" if out_bytes else f"{'':8} {'':7}"
                table.append(f"{size:6.1f} {step:22} {cpu:7.2f} {cpu / size:6.3f} {peak:8.0f} {out}")

            records = base / "records.jsonl"
            ex_cpu, ex_peak, _ = _cpu(["extract", str(docs), "-o", str(records), "--jobs", "1"])
            row("extract (records)", ex_cpu, ex_peak, records.stat().st_size)
            steps_out = base / "steps"
            proc = subprocess.run([sys.executable, "-c", _STEPS, str(records), str(steps_out)], cwd=ROOT, capture_output=True, text=True)
            if proc.returncode:
                raise SystemExit(f"build steps failed: {proc.stderr.strip()[-800:]}")
            for r in json.loads(proc.stdout.strip().splitlines()[-1]):
                row(r["step"], r["cpu"], r["peak"], r["bytes"])
            bare = base / "bare"
            n_cpu, n_peak, _ = _cpu(["build", str(docs), "-o", str(bare), "--jobs", "1", "--no-views"])
            row("build --no-views", n_cpu, n_peak, _tree_bytes(bare))
            out = base / "out"
            b_cpu, b_peak, _ = _cpu(["build", str(docs), "-o", str(out), "--jobs", "1"])
            default = _tree_bytes(out)
            row("build (default)", b_cpu, b_peak, default)
            table.append(
                f"{'':6} build CPU ÷ extract CPU: {n_cpu / ex_cpu:.2f}x with --no-views, {b_cpu / ex_cpu:.2f}x with the views "
                f"(target ≤ 1.5 at 160 MB); output ÷ input: {_tree_bytes(bare) / 1e6 / size:.2f}x with --no-views "
                f"(records + graph file), {default / 1e6 / size:.2f}x with the views"
            )
            print("\n".join(table[-9:]) if len(table) > 10 else "\n".join(table), flush=True)
        print()
        print("\n".join(table))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
