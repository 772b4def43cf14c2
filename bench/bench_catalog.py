"""Catalog benchmark: loading a large imported catalog, and linking with it.

    python bench/bench_catalog.py [--facts ../shared/data/cn_law_catalog_extended.jsonl] [--runs 5]

Imports the facts file (5,425 entries) with ``lawgraph catalog import``'s code into a
temporary catalog file, then times, each the best of ``--runs``:

* checking the file at the boundary (what every command does with a ``--catalog`` file);
* loading it on top of the shipped catalog (target: ≤ 0.5 s for the 5,425 entries);
* building the bare-name automaton and the fuzzy index (once per process, on first use);
* one title lookup per citation, with the shipped catalog alone and with the large one:
  a dictionary lookup, so the two figures should be about the same (independent of size).

The shipped catalog's own figures are printed beside each, as the in-run reference.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT.parent / "shared" / "data" / "cn_law_catalog_extended.jsonl"


def best(fn, runs: int) -> float:
    out = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--facts", default=str(FACTS))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lookups", type=int, default=200_000)
    args = ap.parse_args()

    from lawgraph.extract import catalog as cat
    from lawgraph.extract.catalog_check import check_catalog_file
    from lawgraph.extract.catalog_import import entry_line, import_catalog

    if not Path(args.facts).exists():
        sys.exit(f"no facts file at {args.facts}")
    t = time.perf_counter()
    result = import_catalog([args.facts], cat.load_catalog())
    print(f"import: {len(result.entries)} entries in {time.perf_counter() - t:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.jsonl"
        path.write_text("".join(entry_line(e) + "\n" for e in result.entries), encoding="utf-8")

        def load(files):
            cat._load.cache_clear()
            return cat.load_catalog(files)

        shipped_load = best(lambda: load([]), args.runs)
        big_load = best(lambda: load([str(path)]), args.runs)
        check = best(lambda: check_catalog_file(path), args.runs)
        print(f"check the file:      {check:.3f} s")
        print(f"load (shipped only): {shipped_load:.3f} s   ({len(load([]))} entries)")
        print(f"load (shipped + big): {big_load:.3f} s   ({len(load([str(path)]))} entries; target ≤ 0.5 s)")

        small, big = load([]), load([str(path)])
        for name, c in (("shipped", small), ("shipped + big", big)):
            t = time.perf_counter()
            c.automaton()
            c._damaged_index()
            print(f"automaton + fuzzy index ({name}): {time.perf_counter() - t:.3f} s")

        titles = [e.title for e in small] + ["某某不存在的条例", "中华人民共和国统计法"]
        rng = random.Random(7)
        sample = [rng.choice(titles) + ("" if i % 3 else f"（{i}）") for i in range(args.lookups)]
        for name, c in (("shipped", small), ("shipped + big", big)):
            # past the answer memo: every third title is new, so most lookups do the real work
            c._looked_up.clear()
            t = time.perf_counter()
            for s in sample:
                c.lookup_match(s, "浙江省杭州市")
            per = (time.perf_counter() - t) / len(sample) * 1e6
            print(f"lookup per citation ({name}, {len(c)} entries): {per:.2f} µs")


if __name__ == "__main__":
    main()
