"""Canned queries on the networkx store: the registry, real answers on the seeds (checked
against ../shared/gold), name resolution, friendly failures and the declared total order."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from lawgraph.extract.catalog import load_catalog, title_key
from lawgraph.queries import (
    AmbiguousName,
    BadParameter,
    MissingParameter,
    NameNotFound,
    QueryError,
    UnknownQuery,
    get_query,
    list_queries,
    resolve_agency,
    resolve_law,
    run,
    run_query,
    search,
)
from lawgraph.queries.library import QUERIES_DIR, QueryFileError, load_library, parse_query
from lawgraph.queries.memory import TWINS

REQUIRED = {
    "agencies-citing",
    "laws-cited-by",
    "law-timeline",
    "adoption",
    "top-laws",
    "top-agencies",
    "co-cited",
    "similar-agencies",
    "new-laws",
    "contexts",
    "category-profile",
    "stale-citations",
}
LANGUAGE_LAW = "北京市国际交往语言环境建设条例"
CONSULAR_LAW = "中华人民共和国领事保护与协助条例"


@pytest.fixture(scope="module")
def seeds(seed_records):
    from lawgraph.graph.memory import MemoryStore

    store = MemoryStore()
    store.add_records(seed_records)
    return store


@pytest.fixture(scope="module")
def synthetic():
    from bench.bench_queries import synthetic_store

    return synthetic_store(3000, per_report=8, n_laws=300)


def law_by_title(store, title: str) -> str:
    hits = [n for n, a in store.nodes("Law") if title_key(a.get("title") or "") == title_key(title)]
    assert len(hits) == 1, (title, hits)
    return hits[0]


# --- the registry ------------------------------------------------------------------------


def test_every_required_query_exists_with_a_cypher_file_and_a_twin():
    names = {s.name for s in list_queries()}
    assert REQUIRED <= names
    for name in REQUIRED:
        spec = get_query(name)
        assert spec.path is not None and spec.path.exists(), name
        assert name in TWINS, f"{name} has no in-memory twin"
        assert spec.description and spec.columns and spec.order


def test_every_cypher_file_parses_and_every_twin_has_a_file():
    files = sorted(QUERIES_DIR.glob("*.cypher"))
    assert len(files) >= len(REQUIRED)
    lib = load_library()
    for f in files:
        spec = parse_query(f.read_text(encoding="utf-8"), f)
        assert lib[spec.name].cypher == spec.cypher
        # Every query ends with an ORDER BY (a total order is the contract).
        body = re.sub(r"//[^\n]*", "", spec.cypher)
        assert "ORDER BY" in body.split("RETURN")[-1], f"{f.name}: no ORDER BY after the last RETURN"
    assert set(TWINS) == {n for n, s in lib.items() if s.cypher}


def test_query_files_use_parameters_never_formatting():
    for f in QUERIES_DIR.glob("*.cypher"):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"\{[a-z_]+\}|%s|%\(|\bapoc\.", re.sub(r"\{[a-z_]+:", "", text)), f.name


@pytest.mark.parametrize(
    "header, problem",
    [
        ("// name: x\n// description: d\n// column: a: str\n// order: a\nRETURN $y AS a", "undeclared parameter"),
        ("// name: x\n// description: d\n// param: y: int\n// column: a: str\n// order: a\nRETURN 1 AS a", "unused"),
        ("// name: x\n// description: d\n// param: y: nope\n// column: a: str\n// order: a\nRETURN $y AS a", "cannot read parameter"),
        ("// name: x\n// description: d\n// order: a\nRETURN 1 AS a", "column"),
        ("// name: Bad_Name\n// description: d\n// column: a: str\n// order: a\nRETURN 1 AS a", "kebab-case"),
        ("// name: x\n// description: d\n// column: a: str\n// order: a\n// colour: red\nRETURN 1 AS a", "unknown header"),
    ],
)
def test_malformed_headers_are_refused_with_the_reason(header, problem):
    with pytest.raises(QueryFileError, match=problem):
        parse_query(header)


def test_header_parameters_have_types_and_defaults():
    spec = get_query("top-laws")
    p = {x.name: x for x in spec.params}
    assert (p["year"].type, p["year"].required, p["year"].default) == ("int", False, None)
    assert (p["limit"].type, p["limit"].default) == ("int", 20)
    assert p["categories"].type == "list[str]"
    law = get_query("agencies-citing").params[0]
    assert (law.name, law.type, law.required, law.resolves) == ("law_id", "law", True, "Law")


# --- real answers on the seeds -----------------------------------------------------------


def _gold_agencies_citing(gold_path: Path, title: str) -> dict[str, list[int]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    out: dict[str, list[int]] = {}
    for r in gold["reports"]:
        if any(title_key(c["title"]) == title_key(title) and not c.get("optional") for c in r["citations"]):
            out.setdefault(r["issuer"], []).append(r["year"])
    return {k: sorted(v) for k, v in out.items()}


@pytest.mark.parametrize("title", [LANGUAGE_LAW, CONSULAR_LAW])
def test_agencies_citing_matches_the_gold_labels(seeds, gold_path, title):
    expected = _gold_agencies_citing(gold_path, title)
    rows = run_query(seeds, "agencies-citing", law_id=title)
    assert {r["agency"]: r["years"] for r in rows} == expected
    for r in rows:
        assert r["first_year"] == r["years"][0] and r["last_year"] == r["years"][-1]
        assert r["reports"] == len(r["years"])  # one report per agency and year in the seeds


def test_agencies_citing_the_language_regulation_are_the_three_foreign_affairs_offices(seeds):
    rows = run_query(seeds, "agencies-citing", law_id="国际交往语言环境建设条例")
    assert [(r["agency"], r["years"]) for r in rows] == [
        ("北京市人民政府外事办公室", [2023]),  # 8 citations in one (Traditional) report
        ("北京市东城区人民政府外事办公室", [2022, 2024]),
        ("北京市西城区人民政府外事办公室", [2025]),
    ]
    assert [r["citations"] for r in rows] == sorted((r["citations"] for r in rows), reverse=True)
    # The year filters
    assert [r["agency"] for r in run_query(seeds, "agencies-citing", law_id=LANGUAGE_LAW, year_from=2024)] == [
        "北京市东城区人民政府外事办公室",
        "北京市西城区人民政府外事办公室",
    ]
    only_2022 = run_query(seeds, "agencies-citing", law_id=LANGUAGE_LAW, year_from=2022, year_to=2022)
    assert [(r["agency"], r["years"]) for r in only_2022] == [("北京市东城区人民政府外事办公室", [2022])]


def test_law_timeline_and_adoption_of_the_language_regulation(seeds):
    timeline = run_query(seeds, "law-timeline", law_id=LANGUAGE_LAW)
    assert [(r["year"], r["agencies"], r["new_agencies"]) for r in timeline] == [
        (2022, 1, 1),  # 东城
        (2023, 1, 1),  # 市外办
        (2024, 1, 0),  # 东城 again
        (2025, 1, 1),  # 西城
    ]
    adoption = run_query(seeds, "adoption", law_id=LANGUAGE_LAW)
    assert [(r["agency"], r["first_year"], r["years_cited"]) for r in adoption] == [
        ("北京市东城区人民政府外事办公室", 2022, 2),
        ("北京市人民政府外事办公室", 2023, 1),
        ("北京市西城区人民政府外事办公室", 2025, 1),
    ]


def test_laws_cited_by_an_agency_hold_its_gold_citations(seeds, gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    report = next(r for r in gold["reports"] if r["file"].startswith("000_"))
    rows = run_query(seeds, "laws-cited-by", agency_id=report["issuer"])
    got = {title_key(r["title"]) for r in rows}
    for c in report["citations"]:
        if not c.get("optional"):
            assert title_key(c["title"]) in got, c["title"]
    legal = run_query(seeds, "laws-cited-by", agency_id=report["issuer"], categories=["法律", "行政法规"])
    assert legal and {r["category"] for r in legal} <= {"法律", "行政法规"}
    assert run_query(seeds, "laws-cited-by", agency_id=report["issuer"], categories=[]) == []


def test_co_cited_similar_and_contexts_on_the_seeds(seeds):
    co = run_query(seeds, "co-cited", law_id=LANGUAGE_LAW)
    # The consular regulation is cited alongside it in three reports (2023, 2024, 2025).
    assert co[0]["title"] == CONSULAR_LAW and co[0]["reports"] == 3
    similar = run_query(seeds, "similar-agencies", agency_id="北京市西城区人民政府外事办公室")
    assert similar and all(0 < r["jaccard"] <= 1 and r["shared"] >= 1 for r in similar)
    assert similar[0]["agency"] == "北京市东城区人民政府外事办公室"
    ctx = run_query(seeds, "contexts", agency_id="北京市人民政府外事办公室", law_id=LANGUAGE_LAW)
    # One row per citation in the 2023 report (gold: 8 mentions): the full title, then
    # 《條例》 by its alias; spans point into the original (Traditional) text.
    cited = run_query(seeds, "agencies-citing", law_id=LANGUAGE_LAW)
    assert len(ctx) == next(r["citations"] for r in cited if r["agency"] == "北京市人民政府外事办公室") >= 8
    assert {r["year"] for r in ctx} == {2023}
    assert ctx == sorted(ctx, key=lambda r: (r["span_start"], r["span_end"]))
    text = (Path(__file__).resolve().parents[1] / ctx[0]["source"]).read_text(encoding="utf-8")
    assert text[ctx[0]["span_start"] : ctx[0]["span_end"]] == "《北京市國際交往語言環境建設條例》"
    assert all(text[r["span_start"] : r["span_end"]] in r["sentence"] for r in ctx)


def test_category_profile_shares_sum_to_one(seeds):
    rows = run_query(seeds, "category-profile")
    by_agency: dict[str, float] = {}
    for r in rows:
        by_agency[r["agency_id"]] = by_agency.get(r["agency_id"], 0) + r["share"]
    assert by_agency and all(abs(v - 1) < 1e-6 for v in by_agency.values())
    one = run_query(seeds, "category-profile", agency_id="北京市西城区城市管理指挥中心")
    assert {r["agency"] for r in one} == {"北京市西城区城市管理指挥中心"}


def test_top_queries_and_new_laws_on_the_seeds(seeds):
    top = run_query(seeds, "top-laws", limit=2)
    assert [r["title"] for r in top] == [LANGUAGE_LAW, CONSULAR_LAW]  # 3 agencies each, then citations
    agencies = run_query(seeds, "top-agencies")
    assert agencies[0]["agency"] == "北京市人民政府外事办公室"
    new_2022 = {r["title"] for r in run_query(seeds, "new-laws", year=2022)}
    assert LANGUAGE_LAW in new_2022 and CONSULAR_LAW not in new_2022
    assert run_query(seeds, "new-laws", year=1999) == []


class _Repealing:
    """The shipped catalog, except that one document is repealed on a given date."""

    def __init__(self, law_id: str, date: str):
        self.inner = load_catalog()
        self.law_id = law_id
        self.date = date

    def get(self, law_id):
        e = self.inner.get(law_id)
        if law_id == self.law_id and e is not None:
            return dataclasses.replace(e, status="已废止", repealed=self.date, successor="law:后继法")
        return e

    def lookup(self, text, region=None):
        return self.inner.lookup(text, region)


def test_stale_citations_use_the_published_date_else_the_year_end(seed_records):
    from lawgraph.graph.memory import MemoryStore

    consular = load_catalog().lookup(CONSULAR_LAW)
    assert consular is not None
    store = MemoryStore(catalog=_Repealing(consular.id, "2024-06-01"))
    store.add_records(seed_records)
    rows = [r for r in run_query(store, "stale-citations") if r["law_id"] == consular.id]
    # 2025 (西城, published 2025-12-23): stale. 2024 (东城, no date → 2024-12-31): stale.
    # 2023 (市外办, published 2024-03-30, before the repeal): still in force.
    assert [(r["agency"], r["date"]) for r in rows] == [
        ("北京市东城区人民政府外事办公室", "2024-12-31"),
        ("北京市西城区人民政府外事办公室", "2025-12-23"),
    ]
    assert all(r["repealed"] == "2024-06-01" and r["successor"] == "law:后继法" for r in rows)
    assert run_query(store, "stale-citations", law_id=consular.id, year=2025)[0]["year"] == 2025
    assert run_query(store, "stale-citations", agency_id="北京市人民政府外事办公室", law_id=consular.id) == []


def test_stale_citations_agree_with_the_catalog_validity(seeds):
    catalog = load_catalog()
    for r in run_query(seeds, "stale-citations"):
        entry = catalog.get(r["law_id"])
        assert entry is not None and entry.validity_on(r["date"]) == r["validity"] is not None, r


# --- name resolution ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, title",
    [
        ("北京市国际交往语言环境建设条例", LANGUAGE_LAW),  # the full title
        ("《北京市国际交往语言环境建设条例》", LANGUAGE_LAW),  # with book-title marks
        ("国际交往语言环境建设条例", LANGUAGE_LAW),  # the short name without 北京市
        ("北京市國際交往語言環境建設條例", LANGUAGE_LAW),  # Traditional
        ("语言环境条例", LANGUAGE_LAW),  # partial: characters in order
        ("国际交往语言环境建设条列", LANGUAGE_LAW),  # misspelt (列 for 例)
        ("领事保护条例", CONSULAR_LAW),  # a short name from the catalog
        ("領事保護條例", CONSULAR_LAW),  # the short name in Traditional
        ("领事保护与协助条例", CONSULAR_LAW),  # the title without 中华人民共和国
        ("北京市西城区 2025 年推进法治政府建设工作要点", "北京市西城区2025年推进法治政府建设工作要点"),  # spaces
        ("接诉即办", "接诉即办"),  # an exact title wins over longer names containing it
    ],
)
def test_law_names_resolve(seeds, typed, title):
    assert resolve_law(seeds, typed).id == law_by_title(seeds, title)


def test_a_law_id_resolves_to_itself(seeds):
    law = law_by_title(seeds, LANGUAGE_LAW)
    c = resolve_law(seeds, law)
    assert (c.id, c.matched, c.name) == (law, "id", LANGUAGE_LAW)


def test_an_ambiguous_law_name_lists_the_candidates(seeds):
    with pytest.raises(AmbiguousName) as info:
        resolve_law(seeds, "政府信息公开")
    names = [c.name for c in info.value.candidates]
    assert {"中华人民共和国政府信息公开条例", "北京市政府信息公开规定"} <= set(names)
    assert "中华人民共和国政府信息公开条例" in str(info.value)


def test_no_match_shows_the_closest_candidates(seeds):
    with pytest.raises(NameNotFound) as info:
        resolve_law(seeds, "求实")  # the magazine is 《求是》
    assert info.value.candidates[0].name == "求是"
    assert "求是" in str(info.value)
    with pytest.raises(NameNotFound) as info:
        resolve_law(seeds, "xyz")
    assert info.value.candidates == []


@pytest.mark.parametrize(
    "typed, name",
    [
        ("北京市西城区人民政府外事办公室", "北京市西城区人民政府外事办公室"),  # the full name
        ("西城区外办", "北京市西城区人民政府外事办公室"),  # the extractor's abbreviation rules
        ("市政府外辦", "北京市人民政府外事办公室"),  # an alias, in Traditional
        ("东城外办", "北京市东城区人民政府外事办公室"),  # partial
        ("外交部", "中华人民共和国外交部"),  # an alias
    ],
)
def test_agency_names_resolve(seeds, typed, name):
    assert resolve_agency(seeds, typed).name == name


def test_an_alias_shared_by_two_agencies_is_ambiguous(seeds):
    with pytest.raises(AmbiguousName) as info:
        resolve_agency(seeds, "区政府外办")  # both district foreign-affairs offices call themselves this
    assert {c.name for c in info.value.candidates} == {"北京市东城区人民政府外事办公室", "北京市西城区人民政府外事办公室"}


def test_queries_resolve_names_and_report_how(seeds):
    result = run(seeds, "contexts", {"agency_id": "西城区外办", "law_id": "领事保护条例"})
    assert [(p, c.matched) for p, _, c in result.resolved] == [("agency_id", "abbreviation"), ("law_id", "short name")]
    assert result.rows and all(r["year"] == 2025 for r in result.rows)


def test_search_lists_laws_and_agencies(seeds):
    rows = run_query(seeds, "search", text="外办")
    assert rows and {r["label"] for r in rows} <= {"Law", "Agency"}
    assert rows == sorted(rows, key=lambda r: (-r["score"], r["label"], r["name"], r["id"]))
    assert search(seeds, "领事保护条例", label="Law")[0].name == CONSULAR_LAW


# --- friendly failures ---------------------------------------------------------------------


def test_unknown_query_lists_the_known_ones(seeds):
    with pytest.raises(UnknownQuery) as info:
        run_query(seeds, "agencies-citng", law_id="x")
    assert "agencies-citing" in str(info.value) and "top-laws" in str(info.value)
    assert "Did you mean agencies-citing" in str(info.value)


def test_missing_parameter_is_named(seeds):
    with pytest.raises(MissingParameter, match="law_id"):
        run_query(seeds, "agencies-citing")


def test_bad_and_unknown_parameters(seeds):
    with pytest.raises(BadParameter, match="year"):
        run_query(seeds, "top-laws", year="last year")
    with pytest.raises(BadParameter, match="has no parameter 'yaer'.*year"):
        run_query(seeds, "top-laws", yaer=2024)
    with pytest.raises(BadParameter):
        run_query(seeds, "top-laws", year=True)  # a bool is not a year
    with pytest.raises(BadParameter, match="negative"):
        run_query(seeds, "top-laws", limit=-1)
    # CLI strings convert: ints, comma-separated lists (ASCII or full-width commas)
    assert run_query(seeds, "top-laws", year="2024", categories="法律，行政法规") == run_query(seeds, "top-laws", year=2024, categories=["法律", "行政法规"])


def test_run_query_takes_a_store_or_its_graph(seeds):
    a = run_query(seeds, "top-agencies")
    b = run_query(seeds.graph, "top-agencies")
    assert a == b and a
    with pytest.raises(QueryError, match="cannot run queries"):
        run_query(object(), "top-agencies")


def test_an_empty_graph_answers_with_no_rows():
    from lawgraph.graph.memory import MemoryStore

    store = MemoryStore()
    for spec in list_queries():
        params = {p.name: ("x" if p.type in ("law", "agency", "str") else 2024) for p in spec.params if p.required}
        if "article" in params:
            params["article"] = "第3条"
        if spec.name == "search" or not any(p.resolves for p in spec.params if p.required):
            assert run_query(store, spec.name, **params) == []
        else:
            with pytest.raises(NameNotFound):
                run_query(store, spec.name, **params)


# --- the declared total order --------------------------------------------------------------


def _order_key(order: str):
    keys = []
    for part in order.split(","):
        words = part.split()
        keys.append((words[0], len(words) > 1 and words[1].upper() == "DESC"))
    return keys


def _sorted_by(rows, order):
    """Sort rows as Cypher would by the header's ``order:`` (nulls last ascending, first descending)."""
    for col, desc in reversed(_order_key(order)):
        present = [r for r in rows if r[col] is not None]
        missing = [r for r in rows if r[col] is None]
        present.sort(key=lambda r: r[col], reverse=desc)
        rows = (missing + present) if desc else (present + missing)
    return rows


def test_every_query_returns_its_declared_total_order(synthetic, seeds):
    from bench.bench_queries import parity_cases

    checked = 0
    for store in (seeds, synthetic):
        for name, params in parity_cases(store):
            spec = get_query(name)
            rows = run_query(store, name, **params)
            assert rows == _sorted_by(list(rows), spec.order), (name, params)
            cols = [c for c, _ in _order_key(spec.order)]
            keys = [tuple(r[c] for c in cols) for r in rows]
            assert len(keys) == len(set(keys)), f"{name}: the order {spec.order!r} is not total"
            checked += bool(rows)
    assert checked > 50


def _one_citation_each(laws: list[tuple[str, str]]):
    """A store where one agency cites each (law id, title) once: every top-laws row ties on
    agencies and citations, so only the title (then the id) orders them."""
    from lawgraph.extract.records import Agency, Citation, Record, Report
    from lawgraph.graph.memory import MemoryStore

    class NoCatalog:
        def get(self, law_id):
            return None

    name = "北京市西城区司法局"
    issuer = Agency(name, name, (0, len(name)), "issuer", "district", "北京市西城区")
    cites = [
        Citation(title, f"《{title}》", (100 + 50 * i, 102 + 50 * i + len(title)), f"学习《{title}》。", "bracketed", "法律", law_id)
        for i, (law_id, title) in enumerate(laws)
    ]
    store = MemoryStore(catalog=NoCatalog())
    store.add_records([Record(Report("report:a", "a.txt", "报告", 2024, "2025-03-30", "simplified", issuer, 5000), cites, [])])
    return store


def test_code_point_order_of_odd_names():
    # Cypher compares strings by code point: ASCII < CJK < fullwidth < astral (UTF-16 would
    # put the astral 𠀀 before the fullwidth ｚ; a locale would put a before Z).
    laws = [
        ("law:1", "𠀀扩展字条例"),
        ("law:2", "ｚ全角规定"),
        ("law:3", "测试法"),
        ("law:4", "a字头规定"),
        ("law:5", "中华人民共和国测试法"),
        ("law:6", "Z字头规定"),
    ]
    rows = run_query(_one_citation_each(laws), "top-laws", limit=100)
    assert [(r["agencies"], r["citations"]) for r in rows] == [(1, 1)] * 6  # all tied: the title decides
    assert [r["title"] for r in rows] == ["Z字头规定", "a字头规定", "中华人民共和国测试法", "测试法", "ｚ全角规定", "𠀀扩展字条例"]


def test_duplicate_titles_are_ordered_by_id():
    laws = [("law:c", "重复条例"), ("law:a", "重复条例"), ("law:b", "另一条例"), ("law:0", "重复条例")]
    rows = run_query(_one_citation_each(laws), "top-laws", limit=100)
    assert [(r["title"], r["law_id"]) for r in rows] == [("另一条例", "law:b"), ("重复条例", "law:0"), ("重复条例", "law:a"), ("重复条例", "law:c")]


# --- twins read only what they need -----------------------------------------------------------


class _CountingGraph(nx.MultiDiGraph):
    """Fails if a twin iterates every edge (``edges()``) instead of one node's."""

    def edges(self, *a, **k):  # pragma: no cover - failing path
        raise AssertionError("scanned all edges")


def test_agencies_citing_visits_only_the_edges_of_its_law(seeds):
    g = _CountingGraph(seeds.graph)
    law = law_by_title(seeds, LANGUAGE_LAW)
    assert TWINS["agencies-citing"](g, law_id=law) == TWINS["agencies-citing"](seeds.graph, law_id=law)


def test_similar_agencies_gives_the_same_rows_by_either_strategy(synthetic, monkeypatch):
    import lawgraph.queries.memory as qm

    agencies = [r["agency_id"] for r in run_query(synthetic, "top-agencies", limit=5)]
    before = {a: TWINS["similar-agencies"](synthetic.graph, agency_id=a, limit=50) for a in agencies}
    monkeypatch.setattr(qm, "SIMILAR_SCAN_ABOVE", -1)  # force the scan over every agency
    after = {a: TWINS["similar-agencies"](synthetic.graph, agency_id=a, limit=50) for a in agencies}
    assert before == after and all(before.values())


# --- every node at once (what the views use) -------------------------------------------------


def _random_records(seed: int):
    """Reports of a few agencies citing a few documents at random: some reports without a
    year or an issuer, some documents cited twice in a report, some agencies only mentioned."""
    import random

    rng = random.Random(seed)
    laws = [(f"doc:r{i:03d}", f"随机第{i}号规定") for i in range(40)]
    agencies = [f"北京市第{i}随机局" for i in range(14)]
    for r in range(70):
        issuer = rng.choice(agencies[:11]) if rng.random() > 0.1 else None
        year = rng.choice([2020, 2021, 2022, None])
        cites, pos = [], 10
        for law_id, title in rng.sample(laws, rng.randint(0, 9)) * rng.choice([1, 1, 2]):
            surface = f"《{title}》"
            cites.append(
                {
                    "title": title,
                    "surface": surface,
                    "span": [pos, pos + len(surface)],
                    "sentence": f"贯彻{surface}。",
                    "kind": "bracketed",
                    "category": "规章",
                    "law_id": law_id,
                    "doc_number": None,
                    "function": "贯彻落实",
                    "linked": False,
                }
            )
            pos += len(surface) + 5
        mentioned = rng.choice(agencies)
        yield {
            "schema": 1,
            "report": {
                "id": f"report:r{r:03d}",
                "source": f"random/{r:03d}.txt",
                "title": f"第{r}号报告",
                "year": year,
                "published": None,
                "script": "simplified",
                "chars": pos + 50,
                "format": "txt",
                "encoding": "utf-8",
                "issuer": None
                if issuer is None
                else {"name": issuer, "surface": issuer, "span": [0, len(issuer)], "role": "issuer", "level": "district", "region": "北京市", "aliases": []},
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


@pytest.fixture(scope="module", params=[1, 2, 3])
def random_store(request):
    from lawgraph.graph.memory import MemoryStore

    class NoCatalog:
        def get(self, law_id):
            return None

    store = MemoryStore(catalog=NoCatalog())
    store.add_records(_random_records(request.param))
    return store


def _brute_similar(g: nx.MultiDiGraph) -> dict[str, list[tuple]]:
    # Jaccard from scratch, through networkx's public API: an agency cites a document when
    # it has a projection edge (key "CITES:<year>") to it.
    label = nx.get_node_attributes(g, "label")
    agencies = sorted(n for n, lab in label.items() if lab == "Agency")
    cites = {a: {v for _, v, k in g.out_edges(a, keys=True) if k.startswith("CITES:") and label[v] == "Law"} for a in agencies}
    out = {}
    for a in agencies:
        rows = []
        for b in agencies:
            both = cites[a] & cites[b]
            if b != a and both:
                rows.append((b, g.nodes[b]["name"], len(both), len(cites[b]), len(both) / len(cites[a] | cites[b])))
        rows.sort(key=lambda t: (-t[4], -t[2], t[1], t[0]))
        out[a] = rows
    return out


def _brute_co_cited(g: nx.MultiDiGraph) -> dict[str, list[tuple]]:
    label = nx.get_node_attributes(g, "label")
    laws = sorted(n for n, lab in label.items() if lab == "Law")
    cited_by = {  # document → {report: times cited}
        law: {u: d.get("count", 0) for u, _, k, d in g.in_edges(law, keys=True, data=True) if k == "CITES" and label[u] == "Report"} for law in laws
    }
    out = {}
    for law in laws:
        rows = []
        for other in laws:
            both = set(cited_by[law]) & set(cited_by[other])
            if other != law and both:
                t = g.nodes[other]
                rows.append((other, t["title"], t.get("category"), len(both), sum(cited_by[other][r] for r in both)))
        rows.sort(key=lambda t: (-t[3], -t[4], t[1], t[0]))
        out[law] = rows
    return out


def test_similar_agencies_for_one_and_for_every_agency_equal_a_brute_force_jaccard(random_store):
    from lawgraph.queries import run_each

    expected = _brute_similar(random_store.graph)
    assert sum(map(len, expected.values())) > 20  # agencies do share documents here
    each = run_each(random_store, "similar-agencies", {"limit": 1000})
    assert sorted(each) == sorted(expected)
    for a, rows in expected.items():
        one = run_query(random_store, "similar-agencies", agency_id=a, limit=1000)
        got = [tuple(r.values()) for r in each[a]]
        assert got == [tuple(r.values()) for r in one], a
        assert [g[:4] for g in got] == [t[:4] for t in rows], a
        assert [g[4] for g in got] == pytest.approx([t[4] for t in rows]), a
    top3 = run_each(random_store, "similar-agencies", {"limit": 3})
    assert all(top3[a] == each[a][:3] for a in expected)


def test_co_cited_equals_a_brute_force_count(random_store):
    expected = _brute_co_cited(random_store.graph)
    assert sum(map(len, expected.values())) > 50
    for law, rows in expected.items():
        one = run_query(random_store, "co-cited", law_id=law, limit=1000)
        assert [tuple(r.values()) for r in one] == rows, law
