"""Canned-query benchmark: median and p99 latency of every in-memory query.

    python bench/bench_queries.py [--citations 1000000] [--runs 200] [--neo4j]

Builds a synthetic graph through the store's own API (record dicts → ``MemoryStore.
add_records``): ``--citations`` Report -CITES-> Law edges, plus the agency–law–year
projection, ISSUED and MENTIONS edges (about 2 M edges in all at the default size).
Document popularity follows a Zipf law, so the most cited document has tens of thousands
of citing edges: queries about a document are timed on that worst case and on a median one.
Name resolution is not timed (ids are passed); it is timed once separately.

With ``--neo4j`` it also loads a smaller graph (``--neo4j-citations``) into the bundled
Neo4j 5.26 test server (tests/neo4j_server; Java and Maven) and times the same Cypher there.

Target: ``agencies-citing`` ≤ 5 ms median on the 1 M-citation graph.

The generator here is also the tests' synthetic graph (``tests/test_queries_*.py``): it
deliberately holds ties (equal counts, duplicate titles), code-point ordering traps
(fullwidth, astral and ASCII names), repealed documents, reports without a date, without a
year and without an issuer.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

YEARS = list(range(2016, 2026))
CATEGORIES = ("法律", "行政法规", "地方性法规", "规章", "党内法规", "规范性文件", "规划纲要", "工作文件", "标准", "其他")
KINDS = ("bracketed", "unbracketed", "alias", "nested")
FUNCTIONS = ("贯彻落实", "学习宣传", "依据", "制定起草", "审议", "其他")
DISTRICTS = ("东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区")
OFFICES = ("司法局", "人民政府外事办公室", "市场监督管理局", "生态环境局", "文化和旅游局")
#: Names that sort differently by UTF-16 code unit, by locale, and by code point: both
#: backends must order them by code point.
ODD_TITLES = ("Z字头规定", "a字头规定", "ｚ全角规定", "𠀀扩展字条例", "中华人民共和国测试法", "测试法")


def law_table(n_laws: int) -> list[tuple[str, str, str]]:
    """(id, title, category) of the synthetic documents; every 7th repeats the title before it."""
    laws = []
    for i in range(n_laws):
        if i < len(ODD_TITLES):
            title = ODD_TITLES[i]
        elif i % 7 == 0:
            title = laws[-1][1]  # a duplicate title under another id: ties broken by id
        else:
            title = f"北京市第{i}号示范管理条例"
        laws.append((f"syn:{i:07d}", title, CATEGORIES[i % len(CATEGORIES)]))
    return laws


def agency_names(n_agencies: int) -> list[str]:
    names = [f"北京市{DISTRICTS[i % len(DISTRICTS)]}{OFFICES[(i // len(DISTRICTS)) % len(OFFICES)]}第{i}分局" for i in range(n_agencies)]
    if n_agencies > 3:
        names[1] = "𠀀北京市扩展字局"
        names[2] = "Ｂ北京市全角局"
    return names


def synthetic_catalog(n_laws: int, *, every: int = 11):
    """A catalog marking every ``every``-th document repealed (with a successor), and as
    many others in force only from a date within the years, so that ``stale-citations`` has
    both kinds of work; the others stay unlinked."""
    from lawgraph.extract.catalog import Catalog, CatalogEntry

    cat = Catalog()
    for i, (law_id, title, category) in enumerate(law_table(n_laws)):
        if i % every == 3:
            year = YEARS[i % len(YEARS)]
            cat.add(
                CatalogEntry(
                    id=law_id,
                    title=title,
                    category=category,
                    short_titles=(f"简称{i}",),
                    status="已废止",
                    repealed=f"{year}-0{1 + i % 9}-15",
                    successor=f"syn:{(i + 1) % n_laws:07d}" if i % 2 else None,
                )
            )
        elif i % every == 7:
            year = YEARS[i % len(YEARS)]
            cat.add(CatalogEntry(id=law_id, title=title, category=category, effective=f"{year}-0{1 + i % 9}-01"))
    return cat


#: Pin cites of the synthetic citations: most name none; some name an article, its 款 or 项.
ARTICLES = ([],) * 5 + (["第3条"], ["第3条第2款"], ["第12条", "第20条"], ["第3条", "第3条第1项"], ["第10条"])


def synthetic_records(
    n_citations: int,
    *,
    seed: int = 11,
    per_report: int = 25,
    n_laws: int | None = None,
    n_agencies: int | None = None,
    zipf: float = 1.1,
) -> Iterator[dict]:
    """Deterministic record dicts holding about ``n_citations`` Report -CITES-> Law edges."""
    rng = random.Random(seed)
    n_reports = max(1, n_citations // per_report)
    n_laws = n_laws or max(60, n_citations // 40)
    n_agencies = n_agencies or max(4, n_reports // len(YEARS))
    laws = law_table(n_laws)
    agencies = agency_names(n_agencies)
    weights = [1.0 / (i + 1) ** zipf for i in range(n_laws)]
    cum = list(itertools.accumulate(weights))
    total = cum[-1]

    def pick(k: int) -> list[int]:
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.add(min(bisect.bisect_left(cum, rng.random() * total), n_laws - 1))
        return sorted(chosen)

    for r in range(n_reports):
        agency = agencies[r % n_agencies]
        year: int | None = YEARS[(r // n_agencies) % len(YEARS)]
        published: str | None = f"{year + 1}-0{1 + r % 9}-{10 + r % 18}"
        if r % 5 == 1:
            published = None  # dated by its year: <year>-12-31
        if r % 97 == 50:
            year, published = None, None  # no year: no projection edge, no validity check
        issuer = None if r % 89 == 44 else agency
        citations = []
        pos = 50
        for i in pick(min(per_report, n_laws)):
            law_id, title, category = laws[i]
            repeats = 1 + (rng.random() < 0.15) + (rng.random() < 0.05)
            for _ in range(repeats):
                surface = f"《{title}》"
                citations.append(
                    {
                        "title": title,
                        "surface": surface,
                        "span": [pos, pos + len(surface)],
                        "sentence": f"第{pos}字处：认真贯彻落实{surface}。",
                        "kind": KINDS[i % len(KINDS)],
                        "category": category,
                        "law_id": law_id,
                        "doc_number": None,
                        "function": FUNCTIONS[(i + pos) % len(FUNCTIONS)],
                        "linked": False,
                        "articles": ARTICLES[(i + r + pos) % len(ARTICLES)],
                    }
                )
                pos += len(surface) + 17
        mentioned = sorted({agencies[rng.randrange(n_agencies)] for _ in range(2)} - {agency})
        yield {
            "schema": 1,
            "report": {
                "id": f"report:syn-{seed}-{r:08d}",
                "source": f"synthetic/{seed}/{r:08d}.txt",
                "title": f"关于{year}年法治政府建设情况的报告" if year else "法治政府建设情况报告",
                "year": year,
                "published": published,
                "script": "simplified",
                "issuer": _agency(issuer, "issuer", 4) if issuer else None,
                "chars": pos + 200,
                "format": "txt",
                "encoding": "utf-8",
            },
            "citations": citations,
            "agencies": [_agency(a, "mentioned", 20 + 30 * j) for j, a in enumerate(mentioned)],
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


def synthetic_store(n_citations: int, *, seed: int = 11, **kwargs: Any):
    """A :class:`graph.memory.MemoryStore` over :func:`synthetic_records` and its catalog."""
    from lawgraph.graph.memory import MemoryStore

    per_report = kwargs.get("per_report", 25)
    n_laws = kwargs.get("n_laws") or max(60, n_citations // 40)
    kwargs["n_laws"] = n_laws
    kwargs["per_report"] = per_report
    store = MemoryStore(catalog=synthetic_catalog(n_laws))
    store.add_records(synthetic_records(n_citations, seed=seed, **kwargs))
    return store


# --- parameters to time queries with -------------------------------------------------------


def bench_params(store: Any) -> dict[str, list[tuple[str, dict]]]:
    """For each query, (label, params) cases: the worst case and a typical one."""
    from lawgraph.queries.memory import _cites_in

    g = store.graph
    laws = [n for n, a in g.nodes(data=True) if a.get("label") == "Law"]
    by_degree = sorted(laws, key=lambda n: (-sum(1 for _ in _cites_in(g, n)), n))
    hot, median = by_degree[0], by_degree[len(by_degree) // 2]
    agencies = sorted(n for n, a in g.nodes(data=True) if a.get("label") == "Agency")
    busy = max(agencies, key=lambda a: (g.out_degree(a), a))
    year = 2021
    return {
        "agencies-citing": [("hottest law", {"law_id": hot}), ("median law", {"law_id": median})],
        "laws-cited-by": [("busiest agency", {"agency_id": busy})],
        "law-timeline": [("hottest law", {"law_id": hot}), ("median law", {"law_id": median})],
        "adoption": [("hottest law", {"law_id": hot})],
        "top-laws": [("all years", {}), (f"{year}", {"year": year})],
        "agencies-citing-article": [("hottest law, 第3条", {"law_id": hot, "article": "第3条"})],
        "top-agencies": [("all years", {}), (f"{year}, 法律", {"year": year, "categories": ["法律"]})],
        "co-cited": [("hottest law", {"law_id": hot}), ("median law", {"law_id": median})],
        "similar-agencies": [("busiest agency", {"agency_id": busy})],
        "new-laws": [(f"{year}", {"year": year})],
        "contexts": [("busiest agency, hottest law", {"agency_id": busy, "law_id": hot})],
        "category-profile": [("one agency", {"agency_id": busy}), ("all agencies", {})],
        "stale-citations": [("all", {}), ("hottest law", {"law_id": hot})],
    }


def parity_cases(store: Any) -> list[tuple[str, dict]]:
    """``(query, params)`` pairs covering every query with several parameter combinations,
    chosen from the graph itself: the parity tests run each on two backends and compare.

    Documents: the most and least cited, a median one, one sharing its title with another,
    a repealed one. Agencies: the busiest, a median one, the issuer of a report without a
    year, one whose name sorts last by code point. Years inside and outside the data.
    """
    from lawgraph.queries.memory import _cites_in, _cites_out

    g = store.graph
    nodes = g.nodes
    laws = sorted(n for n, a in g.nodes(data=True) if a.get("label") == "Law")
    agencies = sorted(n for n, a in g.nodes(data=True) if a.get("label") == "Agency")
    cited = sorted((n for n in laws if any(True for _ in _cites_in(g, n))), key=lambda n: (-sum(1 for _ in _cites_in(g, n)), n))
    citing = sorted((a for a in agencies if any(True for _ in _cites_out(g, a))), key=lambda a: (-g.out_degree(a), a))
    pick_laws = [cited[0], cited[len(cited) // 2], cited[-1]]
    titles: dict[str, list[str]] = {}
    for n in cited:
        titles.setdefault(nodes[n].get("title"), []).append(n)
    pick_laws += [ns[1] for ns in titles.values() if len(ns) > 1][:1]
    pick_laws += [n for n in cited if nodes[n].get("repealed")][:1]
    pick_laws += [n for n in laws if n not in cited][:1]  # cited only by reports without an issuer or year
    pick_agencies = [citing[0], citing[len(citing) // 2], max(citing, key=lambda a: nodes[a].get("name") or "")]
    yearless = [r for r, a in g.nodes(data=True) if a.get("label") == "Report" and a.get("year") is None]
    issuer_of = {}
    for r in yearless:
        for a, kd in g.pred[r].items():
            if "ISSUED" in kd:
                issuer_of[r] = a
    years = sorted({d["year"] for _, _, k, d in g.edges(keys=True, data=True) if k.startswith("CITES:")})
    pick_years = [years[0], years[len(years) // 2], years[-1], 1999]
    pick_laws = list(dict.fromkeys(pick_laws))
    pick_agencies = list(dict.fromkeys(pick_agencies))

    cases: list[tuple[str, dict]] = [("_law-names", {}), ("_agency-names", {})]
    for law in pick_laws:
        cases += [
            ("agencies-citing", {"law_id": law}),
            ("law-timeline", {"law_id": law}),
            ("adoption", {"law_id": law}),
            ("co-cited", {"law_id": law}),
            ("stale-citations", {"law_id": law}),
        ]
    hot = pick_laws[0]
    cases += [
        ("agencies-citing", {"law_id": hot, "year_from": pick_years[1]}),
        ("agencies-citing", {"law_id": hot, "year_from": pick_years[0], "year_to": pick_years[1]}),
        ("co-cited", {"law_id": hot, "year": pick_years[1], "limit": 3}),
        ("co-cited", {"law_id": hot, "limit": 0}),
    ]
    for a in pick_agencies:
        cases += [
            ("laws-cited-by", {"agency_id": a}),
            ("similar-agencies", {"agency_id": a}),
            ("category-profile", {"agency_id": a}),
            ("stale-citations", {"agency_id": a}),
        ]
        for law in sorted({law for law, _ in _cites_out(g, a)})[:2]:
            cases.append(("contexts", {"agency_id": a, "law_id": law}))
    busy = pick_agencies[0]
    cases += [
        ("laws-cited-by", {"agency_id": busy, "year": pick_years[1]}),
        ("laws-cited-by", {"agency_id": busy, "categories": ["法律", "其他"]}),
        ("laws-cited-by", {"agency_id": busy, "categories": []}),
        ("similar-agencies", {"agency_id": busy, "limit": 2}),
        ("contexts", {"agency_id": busy, "law_id": hot, "year": pick_years[1]}),
        ("category-profile", {}),
        ("category-profile", {"year": pick_years[1]}),
    ]
    for r, a in sorted(issuer_of.items())[:1]:
        for law, kd in sorted(g.succ[r].items())[:2]:
            if "CITES" in kd:
                cases.append(("contexts", {"agency_id": a, "law_id": law}))
    for y in pick_years:
        cases += [
            ("top-laws", {"year": y}),
            ("top-agencies", {"year": y}),
            ("new-laws", {"year": y}),
            ("stale-citations", {"year": y}),
        ]
    pinned: dict[str, set[str]] = {}  # law → the articles (第N条) its citations name
    for _, law, k, d in g.edges(keys=True, data=True):
        if k == "CITES" and d.get("articles"):
            pinned.setdefault(law, set()).update(a.split("条")[0] + "条" for a in d["articles"])
    for law in sorted(pinned, key=lambda n: (-len(pinned[n]), n))[:2]:
        article = sorted(pinned[law])[0]
        cases += [
            ("agencies-citing-article", {"law_id": law, "article": article}),
            ("agencies-citing-article", {"law_id": law, "article": article, "year_from": pick_years[1]}),
            ("agencies-citing-article", {"law_id": law, "article": article + "第2款", "year_to": pick_years[1]}),
        ]
    cases.append(("agencies-citing-article", {"law_id": hot, "article": "第999条"}))
    cases += [
        ("top-laws", {}),
        ("top-laws", {"limit": 3}),
        ("top-laws", {"limit": 1000, "categories": ["法律", "行政法规"]}),
        ("top-laws", {"year": pick_years[1], "categories": ["其他"], "limit": 5}),
        ("top-laws", {"include_other": True, "limit": 1000}),
        ("top-agencies", {}),
        ("top-agencies", {"limit": 3, "categories": ["法律"]}),
        ("top-agencies", {"limit": 0}),
        ("new-laws", {"year": pick_years[0], "categories": ["法律", "其他"], "limit": 4}),
        ("stale-citations", {}),
    ]
    return cases


def time_calls(fn: Callable[[], Any], runs: int, budget_s: float = 20.0) -> list[float]:
    """Wall times in ms of ``runs`` calls (fewer if they exceed the time budget)."""
    fn()  # warm-up
    times = []
    start = time.perf_counter()
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - start > budget_s and len(times) >= 5:
            break
    return times


def p99(times: list[float]) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, int(round(0.99 * (len(s) - 1))))]


def _table(title: str, results: list[tuple[str, str, int, list[float]]]) -> None:
    print(title)
    print(f"{'query':<18} {'case':<30} {'rows':>6} {'runs':>5} {'median ms':>10} {'p99 ms':>9}")
    for name, case, rows, times in results:
        shown = "" if rows < 0 else rows
        print(f"{name:<18} {case:<30} {shown:>6} {len(times):>5} {statistics.median(times):>10.3f} {p99(times):>9.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--citations", type=int, default=1_000_000, help="Report -CITES-> Law edges in the graph")
    ap.add_argument("--runs", type=int, default=200, help="calls per query and case")
    ap.add_argument("--neo4j", action="store_true", help="also time the Cypher on the bundled Neo4j test server")
    ap.add_argument("--neo4j-citations", type=int, default=100_000)
    args = ap.parse_args(argv)

    from lawgraph.queries import run, run_query
    from lawgraph.queries.backends.memory import MemoryBackend
    from lawgraph.queries.library import get_query
    from lawgraph.queries.memory import TWINS

    t0 = time.perf_counter()
    store = synthetic_store(args.citations)
    build_s = time.perf_counter() - t0
    g = store.graph
    s = store.summary()
    print(
        f"graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges "
        f"({s.citation_edges:,} Report-CITES, {s.projection_edges:,} projection), built in {build_s:.1f} s"
    )
    gc.collect()
    gc.freeze()  # the graph is long-lived: keep the collector from walking it during timings
    cases = bench_params(store)
    results = []
    for name, twin in TWINS.items():
        if name.startswith("_"):
            continue
        for case, params in cases[name]:
            rows = twin(g, **params)
            times = time_calls(lambda twin=twin, params=params: twin(g, **params), args.runs)
            results.append((name, case, len(rows), times))

    # The question asked most, over documents drawn at random (each call another one):
    # what a user typing titles meets, as opposed to the single hottest document above.
    rng = random.Random(5)
    laws = sorted(n for n, a in g.nodes(data=True) if a.get("label") == "Law")
    sample = [rng.choice(laws) for _ in range(max(args.runs, 500))]
    it = itertools.cycle(sample)
    twin = TWINS["agencies-citing"]
    spread = time_calls(lambda: twin(g, law_id=next(it)), len(sample))
    results.insert(2, ("agencies-citing", f"random law ({len(sample)} drawn)", -1, spread))
    _table("\nin-memory twins (ids given; graph of %s citations)" % f"{args.citations:,}", results)

    backend = MemoryBackend(store)
    hot = cases["agencies-citing"][1][1]["law_id"]
    full = time_calls(lambda: run_query(backend, "agencies-citing", law_id=hot), args.runs)
    titles = {}
    for n in laws:
        titles.setdefault(g.nodes[n]["title"], []).append(n)
    unique = next(t for t, ns in sorted(titles.items()) if len(ns) == 1 and t.startswith("北京市第"))
    partial = unique[3:]  # 第…号示范管理条例, without 北京市
    t0 = time.perf_counter()
    resolved = run(backend, "agencies-citing", {"law_id": partial}).resolved
    first_s = time.perf_counter() - t0
    named = time_calls(lambda: run_query(backend, "agencies-citing", law_id=partial), min(args.runs, 50))
    print(
        f"\nrun_query('agencies-citing', median law by id): median {statistics.median(full):.3f} ms, p99 {p99(full):.3f} ms"
        f"\nrun_query('agencies-citing', {partial!r}) → {resolved[0][2].matched}: median {statistics.median(named):.3f} ms, "
        f"p99 {p99(named):.3f} ms (name index built once, in {first_s:.2f} s)"
    )
    med = statistics.median(spread)
    print(f"target agencies-citing ≤ 5 ms median (random law): {'met' if med <= 5 else 'MISSED'} ({med:.3f} ms)")

    if args.neo4j:
        from bench.servers import Neo4jTestServer
        from lawgraph.graph.neo4j_store import Neo4jStore
        from lawgraph.queries.backends.neo4j import Neo4jBackend

        small = synthetic_store(args.neo4j_citations)
        with Neo4jTestServer(heap="2g", page_cache_mb=1024) as server:
            neo = Neo4jBackend(Neo4jStore(**server.settings()), owns_store=True)
            t0 = time.perf_counter()
            summary = neo.load(small)
            print(f"\nNeo4j: loaded {summary.relationships_written:,} relationships in {time.perf_counter() - t0:.1f} s")
            ncases = bench_params(small)
            nres = []
            for name in TWINS:
                if name.startswith("_"):
                    continue
                spec = get_query(name)
                for case, params in ncases[name]:
                    bound = spec.bind(params)
                    rows = neo.run(spec, bound)
                    times = time_calls(lambda spec=spec, bound=bound: neo.run(spec, bound), min(args.runs, 50))
                    nres.append((name, case, len(rows), times))
            neo.close()
        _table(f"Neo4j (graph of {args.neo4j_citations:,} citations)", nres)
    return 0


if __name__ == "__main__":
    sys.exit(main())
