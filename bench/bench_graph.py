"""Graph build benchmark: time and peak memory to build the networkx graph.

    python bench/bench_graph.py [--sizes 10000 100000 1000000] [--neo4j-size 100000]

For each size N it writes N synthetic citations as a records file (not timed), then, in a
fresh subprocess so that peak memory is that size's alone, times ``MemoryStore.add_records``
over the file (JSON parsing included: what ``lawgraph build records.jsonl`` does) and
saving the graph file; a second fresh subprocess times loading it back. Every citation is its own Report -CITES-> Law edge
(50 distinct documents per report); each agency issues one report a year, so the projection
has about as many edges again.

Targets: 1 M citation edges built in ≤ 15 s and ≤ 1.2 GB peak RSS; the graph file saved and
loaded in ≤ 10 s each.

When ``NEO4J_URI`` is set (with ``NEO4J_USER``/``NEO4J_PASSWORD``, optionally
``NEO4J_DATABASE``), it also loads a graph of ``--neo4j-size`` citations into Neo4j and prints
the rate in relationships per second. The synthetic data lives under its own ids
(``…bench-…``) and is deleted again afterwards; nothing else in the database is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PER_REPORT = 50
YEARS = list(range(2016, 2026))
KINDS = ("bracketed", "bracketed", "bracketed", "unbracketed", "alias", "nested")
FUNCTIONS = ("贯彻落实", "学习宣传", "依据", "制定起草", "审议", "其他")
CATEGORIES = ("法律", "行政法规", "地方性法规", "规章", "党内法规", "规范性文件", "规划纲要", "工作文件", "标准", "其他")
REGIONS = ("东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "门头沟区", "房山区")
OFFICES = ("司法局", "人民政府外事办公室", "市场监督管理局", "城市管理委员会", "文化和旅游局", "生态环境局")


def synthetic_records(n_citations: int, seed: int = 7) -> Iterator[dict]:
    """Deterministic record dicts holding ``n_citations`` citations in total."""
    rng = random.Random(seed)
    n_reports = max(1, n_citations // PER_REPORT)
    n_laws = max(PER_REPORT * 2, n_citations // 20)
    n_agencies = max(1, n_reports // len(YEARS))
    laws = [(f"doc:bench-{i:07d}", f"北京市第{i}号示范管理条例", CATEGORIES[i % len(CATEGORIES)]) for i in range(n_laws)]
    agencies = [f"北京市{REGIONS[i % len(REGIONS)]}{OFFICES[(i // len(REGIONS)) % len(OFFICES)]}第{i}分局" for i in range(n_agencies)]
    left = n_citations
    for r in range(n_reports):
        k = PER_REPORT if r < n_reports - 1 else left
        left -= k
        agency = agencies[r % n_agencies]
        year = YEARS[(r // n_agencies) % len(YEARS)]
        citations = []
        pos = 100
        for law_id, title, category in rng.sample(laws, min(k, len(laws))):
            surface = f"《{title}》"
            citations.append(
                {
                    "title": title,
                    "surface": surface,
                    "span": [pos, pos + len(surface)],
                    "sentence": f"认真贯彻落实{surface}，持续推进依法行政工作。",
                    "kind": rng.choice(KINDS),
                    "category": category,
                    "law_id": law_id,
                    "doc_number": f"京政发〔{year}〕{rng.randint(1, 40)}号" if rng.random() < 0.1 else None,
                    "function": rng.choice(FUNCTIONS),
                    "linked": False,
                }
            )
            pos += len(surface) + 40
        mentioned = [agencies[rng.randrange(n_agencies)] for _ in range(3)]
        yield {
            "schema": 1,
            "report": {
                "id": f"report:bench-{r:08d}",
                "source": f"bench/{r:08d}.txt",
                "title": f"关于{year}年法治政府建设情况的报告",
                "year": year,
                "published": f"{year + 1}-03-30",
                "script": "simplified",
                "issuer": _agency(agency, "issuer", 4),
                "chars": pos + 500,
                "format": "txt",
                "encoding": "utf-8",
            },
            "citations": citations,
            "agencies": [_agency(a, "mentioned", 60 + i * 20) for i, a in enumerate(mentioned) if a != agency],
            "warnings": [],
        }


def _agency(name: str, role: str, start: int) -> dict:
    return {
        "name": name,
        "surface": name,
        "span": [start, start + len(name)],
        "role": role,
        "level": "district",
        "region": "北京市" + name[3:6],
        "aliases": [],
    }


def write_records(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for rec in synthetic_records(n):
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")


def _child(step: str, records: str, graph: str) -> None:
    """Runs in a subprocess: ``build`` (then save) or ``load``; prints one JSON line."""
    from bench.peak import self_peak_mib
    from lawgraph.extract.records import read_records
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.persist import load_graph

    out: dict = {}
    if step == "build":
        store = MemoryStore(catalog=_NoCatalog())
        t0, c0 = time.perf_counter(), time.process_time()
        store.add_records(read_records(records))
        out["build_s"] = time.perf_counter() - t0
        out["build_cpu_s"] = time.process_time() - c0
        out["build_rss_mb"] = self_peak_mib() * 1.048576
        s = store.summary()
        out["citation_edges"] = s.citation_edges
        out["edges"] = store.graph.number_of_edges()
        out["nodes"] = store.graph.number_of_nodes()
        t0, c0 = time.perf_counter(), time.process_time()
        store.save(graph)
        out["save_s"] = time.perf_counter() - t0
        out["save_cpu_s"] = time.process_time() - c0
        out["file_mb"] = os.path.getsize(graph) / 1e6
    else:
        t0, c0 = time.perf_counter(), time.process_time()
        g = load_graph(graph)
        out["load_s"] = time.perf_counter() - t0
        out["load_cpu_s"] = time.process_time() - c0
        out["load_rss_mb"] = self_peak_mib() * 1.048576
        out["edges"] = g.number_of_edges()
    print(json.dumps(out))


def _run_child(step: str, records: Path, graph: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", step, str(records), str(graph)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


class _NoCatalog:
    """Synthetic ids are never in the catalog; skip loading it so the numbers are the graph's."""

    def get(self, law_id: str) -> None:
        return None


def _neo4j_rate(tmp: Path, n: int) -> str:
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.neo4j_store import Neo4jStore, settings_from_env

    records = tmp / f"neo4j_{n}.jsonl"
    write_records(records, n)
    from lawgraph.extract.records import read_records

    store = MemoryStore(catalog=_NoCatalog())
    store.add_records(read_records(str(records)))
    report_ids = [r.id for r in store.node_rows("Report")]
    with Neo4jStore(**settings_from_env()) as neo:
        t0 = time.perf_counter()
        summary = neo.load(store)
        elapsed = time.perf_counter() - t0
        neo.delete_reports(report_ids)
    rels = summary.relationships_written
    return f"Neo4j load: {rels:,} relationships in {elapsed:.1f} s = {rels / elapsed:,.0f} relationships/s (batch {summary.batch_size})"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--neo4j-size", type=int, default=100_000, help="citations loaded into Neo4j when NEO4J_URI is set")
    ap.add_argument("--child", nargs=3, metavar=("STEP", "RECORDS", "GRAPH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child)
        return

    print(
        f"{'citations':>10} {'edges':>10} {'nodes':>8} {'build s':>8} {'cpu s':>6} {'build MB':>9} "
        f"{'save s':>7} {'file MB':>8} {'load s':>7} {'load MB':>8} {'save cpu':>8} {'load cpu':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="lawgraph-bench-") as tmp:
        tmp_path = Path(tmp)
        for n in args.sizes:
            records = tmp_path / f"records_{n}.jsonl"
            write_records(records, n)
            graph = tmp_path / f"graph_{n}.json"
            b = _run_child("build", records, graph)
            lo = _run_child("load", records, graph)
            assert lo["edges"] == b["edges"], (lo, b)
            print(
                f"{n:>10,} {b['edges']:>10,} {b['nodes']:>8,} {b['build_s']:>8.2f} {b['build_cpu_s']:>6.2f} {b['build_rss_mb']:>9.0f} "
                f"{b['save_s']:>7.2f} {b['file_mb']:>8.1f} {lo['load_s']:>7.2f} {lo['load_rss_mb']:>8.0f} "
                f"{b['save_cpu_s']:>8.2f} {lo['load_cpu_s']:>8.2f}",
                flush=True,
            )
            records.unlink()
            graph.unlink()
        print("build s: records file → graph, wall clock (JSON parsing included); cpu s: its CPU time (what")
        print("a busy machine does not inflate); build MB: peak RSS of that process;")
        print("edges: all edges (Report-CITES, the projection, ISSUED, MENTIONS); save/load: the graph file;")
        print("load MB: peak RSS of a fresh process loading it; save/load cpu: their CPU seconds.")
        print("Targets at 1 M: build ≤ 15 s and ≤ 1.2 GB, save and load ≤ 10 s each (issue 17).")
        if os.environ.get("NEO4J_URI"):
            print(_neo4j_rate(tmp_path, args.neo4j_size))
        else:
            print("Neo4j: skipped (set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to measure the load rate)")


if __name__ == "__main__":
    main()
