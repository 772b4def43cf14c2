"""Figures for hostile inputs (issue 12): what degenerate text and deep trees cost.

    python -m bench.bench_hostile              # 20 MB per degenerate text, trees of 1,000 and 2,000 levels
    python -m bench.bench_hostile --mb 60      # the campaign's size
    python -m bench.bench_hostile --compare ../other-checkout   # the same run on another tree too

1. Degenerate text: a report head and BODY, then N MB of one unit (line breaks, carriage
   returns, CJK–digit spaces, Traditional lines, unclosed 《, dates); `lawgraph extract
   --jobs 1` in a child process; its own peak resident memory (VmHWM, bench/peak.py), in
   MiB and in MiB per input MB, and its wall time.
2. Deep trees: discovery of one file at the bottom of 1,000 and 2,000 nested folders.

docs/limits.md quotes these figures; tests/test_degenerate_text.py and
tests/test_special_inputs.py hold generous bounds, not timings.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.peak import run_lawgraph  # noqa: E402
from tests.badinput import BODY, DEGENERATE, HEAD  # noqa: E402


def degenerate(mb: float, root: Path, tmp: Path) -> None:
    print(f"degenerate text, {mb:g} MB each, `lawgraph extract --jobs 1` ({root})")
    print(f"{'text':20} {'seconds':>8} {'peak MiB':>9} {'MiB per MB':>11}  outcome")
    env = dict(os.environ, PYTHONPATH=str(root))
    for name, unit in DEGENERATE.items():
        path = tmp / f"{name}.txt"
        data = unit.encode("utf-8")
        with open(path, "wb") as f:
            f.write((HEAD + BODY).encode("utf-8"))
            f.write(data * int(mb * 1024 * 1024 / len(data)))
        out = tmp / f"{name}.jsonl"
        proc, peak, wall = run_lawgraph(["extract", str(path), "-o", str(out), "--jobs", "1"], cwd=root, env=env)
        outcome = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"
        outcome = "extracted" if "extracted: 1" in outcome else outcome[:70]
        print(f"{name:20} {wall:8.1f} {peak:9.0f} {peak / mb:11.1f}  {outcome}", flush=True)
        path.unlink()
        out.unlink(missing_ok=True)


def deep_trees(levels: list[int], root: Path, tmp: Path) -> None:
    print(f"\ndiscovery of one file under N nested folders ({root})")
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[2]); from extract.discover import discover; "
        "t = time.perf_counter(); n = len(list(discover([sys.argv[1]]))); "
        "print(f'{time.perf_counter() - t:.2f} {n}')"
    )
    for n in levels:
        top = tmp / f"deep{n}"
        _make_deep(top, n)
        proc = subprocess.run([sys.executable, "-c", code, str(top), str(root)], capture_output=True, text=True, timeout=600)
        seconds, found = proc.stdout.split() if proc.returncode == 0 else ("failed", proc.stderr[-200:])
        print(f"{n:6} levels: {seconds} s ({found} item)", flush=True)
        _remove_deep(top)


def _make_deep(top: Path, n: int) -> None:
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    for _ in range(n):
        os.mkdir("d", dir_fd=fd)
        new = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = new
    os.close(os.open("r.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd))
    os.close(fd)


def _remove_deep(top: Path) -> None:
    subprocess.run(["rm", "-rf", str(top)], check=False)  # GNU rm walks any depth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--levels", type=int, nargs="*", default=[1000, 2000])
    parser.add_argument("--compare", type=Path, help="another checkout to run the same figures on")
    args = parser.parse_args()
    roots = [ROOT] + ([args.compare.resolve()] if args.compare else [])
    for root in roots:
        with tempfile.TemporaryDirectory(prefix="lawgraph-hostile-") as tmp:
            degenerate(args.mb, root, Path(tmp))
            deep_trees(args.levels, root, Path(tmp))
        print()


if __name__ == "__main__":
    main()
