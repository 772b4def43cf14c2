"""Time to write the views and exports of a ~5,000-node graph, and to draw its overview.

    python bench/bench_views.py                 # 5,000 nodes, overview cut to 400
    python bench/bench_views.py --nodes 20000 --max-nodes 1500
    python bench/bench_views.py --nodes 8300 --max-nodes 5000   # a 5,000-node overview (issue 16: ≤ 2 s, filter ≤ 0.5 s)
    python bench/bench_views.py --nodes 8300 --measures-only    # similar-agencies for every agency

Prints: graph size, seconds to answer ``similar-agencies`` for every agency at once (what the
pages show) next to one query per agency (timed on a sample, scaled to all), seconds to write the views (and how many files),
seconds to write the exports, and — when Debian's Chromium is at /usr/bin/chromium and Playwright is installed —
the time until the overview (and the co-citation network) is drawn in headless Chromium,
measured in the page (``performance.now()`` at vis-network's first ``afterDrawing``) and
from Python (``goto`` → ready): the median of ``--repeat`` loads, since one load on shared
cores says little.

The graph is synthetic and deterministic: agencies citing documents with a Zipf-like
popularity over seven years. Its reports have no source files, so there are no annotated
report pages in the timing (they cost one read of each report).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lawgraph.graph import MemoryStore

CATEGORIES = ("法律", "行政法规", "地方性法规", "规章", "党内法规", "规范性文件", "规划纲要", "工作文件", "标准", "其他")
YEARS = tuple(range(2019, 2026))
REGIONS = ("东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "门头沟区", "房山区")
CITES_PER_REPORT = 15


def synthetic_records(n_nodes: int, seed: int = 7):
    """Record dicts for a graph of ``n_nodes`` nodes (60 % laws, 8 % agencies, the rest
    reports)."""
    rng = random.Random(seed)
    n_laws = int(n_nodes * 0.6)
    n_agencies = max(2, int(n_nodes * 0.08))
    n_reports = max(1, n_nodes - n_laws - n_agencies)
    laws = [(f"doc:bench-{i:06d}", f"北京市第{i}号示范管理规定", CATEGORIES[i % len(CATEGORIES)]) for i in range(n_laws)]
    weights = [1.0 / (i + 1) ** 0.9 for i in range(n_laws)]  # a few laws are cited by everyone
    agencies = [f"北京市{REGIONS[i % len(REGIONS)]}第{i}局" for i in range(n_agencies)]
    for r in range(n_reports):
        issuer = agencies[r % n_agencies]
        year = YEARS[(r // n_agencies) % len(YEARS)]
        # Two "tail" documents per report, so that every document is cited at least once.
        picked = {laws[(2 * r + k) % n_laws][0]: laws[(2 * r + k) % n_laws] for k in range(2)}
        while len(picked) < min(CITES_PER_REPORT, n_laws):
            law = rng.choices(laws, weights)[0]
            picked[law[0]] = law
        cites, pos = [], 20
        for law_id, title, category in picked.values():
            surface = f"《{title}》"
            cites.append(
                {
                    "title": title,
                    "surface": surface,
                    "span": [pos, pos + len(surface)],
                    "sentence": f"认真贯彻落实{surface}，推进依法行政。",
                    "kind": "bracketed",
                    "category": category,
                    "law_id": law_id,
                    "doc_number": None,
                    "function": "贯彻落实",
                    "linked": False,
                }
            )
            pos += len(surface) + 30
        mentioned = agencies[(r * 7 + 3) % n_agencies]
        yield {
            "schema": 1,
            "report": {
                "id": f"report:bench-{r:07d}",
                "source": f"bench-missing/{r:07d}.txt",
                "title": f"{issuer}{year}年法治政府建设年度报告",
                "year": year,
                "published": None,
                "script": "simplified",
                "chars": pos + 100,
                "format": "txt",
                "encoding": "utf-8",
                "issuer": {
                    "name": issuer,
                    "surface": issuer,
                    "span": [0, len(issuer)],
                    "role": "issuer",
                    "level": "district",
                    "region": "北京市",
                    "aliases": [],
                },
            },
            "citations": cites,
            "agencies": []
            if mentioned == issuer
            else [
                {
                    "name": mentioned,
                    "surface": mentioned,
                    "span": [pos, pos + len(mentioned)],
                    "role": "mentioned",
                    "level": "district",
                    "region": "北京市",
                    "aliases": [],
                }
            ],
            "warnings": [],
        }


class _NoCatalog:
    def get(self, law_id):
        return None


def browser_times(views: Path, pages: list[str], repeat: int = 1) -> dict[str, list[tuple[float, float, int, float]]] | None:
    """Per page, ``repeat`` loads: (drawn s after navigation start, goto→ready s, nodes drawn,
    worst filter s). On shared cores one load says little; the median of a few says more."""
    chromium = os.environ.get("LAWGRAPH_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        print(f"browser: skipped ({chromium} not found; apt-get install chromium)")
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("browser: skipped (pip install playwright)")
        return None
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
    ]
    out: dict[str, list[tuple[float, float, int, float]]] = {name: [] for name in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        for _ in range(repeat):
            for name in pages:
                out[name].append(_one_load(browser, views / name))
        browser.close()
    return out


def _one_load(browser, path: Path) -> tuple[float, float, int, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    t0 = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.lawgraphView && window.lawgraphView.ready", timeout=600_000)
    wall = time.perf_counter() - t0
    in_page = page.evaluate("lawgraphView.readyAt") / 1000
    nodes = page.evaluate("lawgraphView.drawnNodeCount()")
    # A filter as a reader uses it: one category on, then all back (the worst of the
    # two, each measured in the page from the change to the redraw request).
    filt = page.evaluate(
        "(() => { const v = lawgraphView; const c = (v.nodes.get({filter: n => n.cat})[0] || {}).cat;"
        " let worst = 0; if (c === undefined) { v.setYears(null, null); return v.lastFilterMs / 1000; }"
        " v.setCategories([c]); worst = v.lastFilterMs; v.setCategories(null); worst = Math.max(worst, v.lastFilterMs);"
        " v.setMinWeight(2); worst = Math.max(worst, v.lastFilterMs); return worst / 1000; })()"
    )
    page.close()
    return in_page, wall, nodes, filt


def _print_times(times) -> None:
    for name, runs in (times or {}).items():
        drawn = sorted(r[0] for r in runs)
        wall = sorted(r[1] for r in runs)
        filt = max(r[3] for r in runs)
        mid = len(runs) // 2
        print(
            f"headless Chromium, {name}: drawn {drawn[mid]:.2f} s after navigation start, median of {len(runs)} "
            f"(range {drawn[0]:.2f}–{drawn[-1]:.2f} s; goto→ready from Python {wall[mid]:.2f} s), "
            f"{runs[0][2]} nodes drawn, worst filter {filt:.3f} s"
        )


def measures(store: MemoryStore, sample: int = 20) -> None:
    """The per-node measures the pages show: every node at once, against one query per node
    (the reference: what the views did before ``queries.run_each``)."""
    from lawgraph.queries import run, run_each

    for query, param, label in (("similar-agencies", "agency_id", "Agency"),):
        ids = sorted(n for n, _ in store.nodes(label))
        t0 = time.perf_counter()
        each = run_each(store, query, {"limit": 10**9})
        t_each = time.perf_counter() - t0
        picked = random.Random(3).sample(ids, min(sample, len(ids)))
        t0 = time.perf_counter()
        for node in picked:
            rows = run(store, query, {param: node, "limit": 10**9}, resolve=False).rows
            assert rows == each[node], (query, node)  # the same answer, or the timing means nothing
        t_one = (time.perf_counter() - t0) / max(len(picked), 1)
        print(
            f"{query} for all {len(ids):,} {label.lower()} nodes: {t_each:.2f} s at once; one query per node "
            f"{t_one * 1000:.1f} ms × {len(ids):,} ≈ {t_one * len(ids):.1f} s (timed on {len(picked)})"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000, help="approximate number of graph nodes")
    ap.add_argument("--max-nodes", type=int, default=400, help="overview threshold (top nodes kept above it)")
    ap.add_argument("--out", type=Path, default=None, help="where to write (default: a temporary folder)")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--repeat", type=int, default=5, help="loads of each page in the browser (the median is printed)")
    ap.add_argument("--overview-only", action="store_true", help="write and time only overview.html (the per-node pages run one canned query each)")
    ap.add_argument("--measures-only", action="store_true", help="time only similar-agencies for every agency (at once, and one query per agency)")
    args = ap.parse_args(argv)

    from lawgraph.graph.exports import write_exports
    from lawgraph.graph.views import write_views

    t0 = time.perf_counter()
    store = MemoryStore(catalog=_NoCatalog())
    store.add_records(synthetic_records(args.nodes))
    t_build = time.perf_counter() - t0
    s = store.summary()
    g = store.graph
    print(
        f"graph: {g.number_of_nodes():,} nodes ({s.laws:,} laws, {s.agencies:,} agencies, {s.reports:,} reports), "
        f"{g.number_of_edges():,} edges, {s.projection_edges:,} agency-law-year edges  [built in {t_build:.2f} s]"
    )

    if not args.overview_only:
        measures(store)
    if args.measures_only:
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        if args.overview_only:
            from lawgraph.graph.views import collect, i18n, overview
            from lawgraph.graph.views.paths import write_text

            t0 = time.perf_counter()
            with i18n.language("zh"):
                html, sel = overview.render(collect(store), args.max_nodes)
            write_text(out / "views" / "overview.html", html)
            print(f"overview: {time.perf_counter() - t0:.2f} s for {len(sel.node_ids):,} nodes, {len(sel.pairs):,} edges ({len(html) / 1e6:.1f} MB)")
            if not args.no_browser:
                _print_times(browser_times(out / "views", ["overview.html"], args.repeat))
            return
        t0 = time.perf_counter()
        views = write_views(store, out / "views", max_nodes=args.max_nodes)
        t_views = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in views)
        print(f"views: {t_views:.2f} s for {len(views):,} files ({size / 1e6:.1f} MB), overview max {args.max_nodes} nodes")
        t0 = time.perf_counter()
        exports = write_exports(store, out / "exports")
        t_exports = time.perf_counter() - t0
        print(f"exports: {t_exports:.2f} s for {len(exports):,} files")
        if not args.no_browser:
            _print_times(browser_times(out / "views", ["overview.html", "cocitation.html", "similarity.html"], args.repeat))


if __name__ == "__main__":
    main()
