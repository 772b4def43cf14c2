"""Neo4j load rate: relationships per second through the driver (``lawgraph load neo4j``'s
loader) against ``neo4j-admin database import full`` of the same graph, on the bundled
Neo4j 5.26 test server (tests/neo4j_server; Java 17 and Maven).

    python bench/bench_neo4j.py                    # 100 k and 1 M citation edges
    python bench/bench_neo4j.py --sizes 10000      # a smoke run

For each size: the synthetic graph of bench_graph.py (25 citations per report, every
citation its own Report -CITES-> Law edge, plus ISSUED, MENTIONS and the agency–law–year
projection) is built in memory; a fresh server takes it through the driver (batches of
5000, constraints first, node merges, the projection computed from the database), and
another fresh server imports the neo4j-admin CSV files before it starts. Relationships
counted are all kinds; the import's time is the tool's own (it runs inside the server's
JVM, before Bolt opens), without the JVM start and without applying schema.cypher.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_graph import _NoCatalog, synthetic_records  # noqa: E402
from bench.servers import Neo4jTestServer, missing_tools, neo4j_version  # noqa: E402


def measure(n: int, tmp: Path, *, batch_size: int, heap: str, page_cache_mb: int) -> dict:
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.neo4j_admin import import_args, write_import_files
    from lawgraph.graph.neo4j_store import Neo4jStore

    store = MemoryStore(catalog=_NoCatalog())
    store.add_records(synthetic_records(n))
    s = store.summary()
    rels = store.graph.number_of_edges()
    out = {"citations": n, "citation_edges": s.citation_edges, "relationships": rels, "nodes": store.graph.number_of_nodes()}

    with Neo4jTestServer(tmp / f"driver-{n}", heap=heap, page_cache_mb=page_cache_mb) as server:
        with Neo4jStore(**server.settings(), batch_size=batch_size) as neo:
            t0 = time.perf_counter()
            summary = neo.load(store)
            out["driver_s"] = time.perf_counter() - t0
            assert summary.counts["report_cites"] == s.citation_edges, summary.counts
            assert sum(v for k, v in summary.counts.items() if k[0].islower()) == rels, summary.counts

    files = tmp / f"csv-{n}"
    t0 = time.perf_counter()
    write_import_files(store, files)
    out["write_csv_s"] = time.perf_counter() - t0
    with Neo4jTestServer(tmp / f"import-{n}", heap=heap, page_cache_mb=page_cache_mb, import_args=import_args(files)) as server:
        out["import_s"] = server.import_seconds
        with Neo4jStore(**server.settings()) as neo:
            counts = neo.counts()
            assert counts["report_cites"] == s.citation_edges, counts
            assert sum(v for k, v in counts.items() if k[0].islower()) == rels, counts
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="citation edges")
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--heap", default="2g", help="the server JVM's heap")
    ap.add_argument("--page-cache-mb", type=int, default=1024)
    args = ap.parse_args(argv)
    reason = missing_tools()
    if reason:
        print(f"Neo4j load rate: skipped ({reason})")
        return
    print(f"Neo4j {neo4j_version()} Community (bundled test server, heap {args.heap}, page cache {args.page_cache_mb} MB), driver batches of {args.batch_size}")
    print(f"{'citations':>10} {'rels':>10} {'nodes':>8} {'driver s':>9} {'driver rels/s':>14} {'csv s':>6} {'import s':>9} {'import rels/s':>14}")
    with tempfile.TemporaryDirectory(prefix="lawgraph-bench-neo4j-") as tmp:
        for n in args.sizes:
            r = measure(n, Path(tmp), batch_size=args.batch_size, heap=args.heap, page_cache_mb=args.page_cache_mb)
            print(
                f"{r['citations']:>10,} {r['relationships']:>10,} {r['nodes']:>8,} {r['driver_s']:>9.1f} "
                f"{r['relationships'] / r['driver_s']:>14,.0f} {r['write_csv_s']:>6.1f} {r['import_s']:>9.1f} "
                f"{r['relationships'] / r['import_s']:>14,.0f}",
                flush=True,
            )
    print("rels: all relationships (Report-CITES, the projection, ISSUED, MENTIONS); driver s: `Neo4jStore.load`")
    print("into an empty database, end to end; csv s: writing the neo4j-admin files; import s: the import tool alone.")


if __name__ == "__main__":
    main()
