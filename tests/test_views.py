"""Views without a browser: escaping, files written, no network, determinism, annotation.

The browser checks (drawing, year filter, search, XSS with a real script engine) are in
test_views_browser.py; this file also holds the record factories those tests share.
"""

from __future__ import annotations

import base64
import html
import hashlib
import json
import re
from pathlib import Path

import pytest

from lawgraph.graph import MemoryStore
from lawgraph.graph.views import collect, write_views
from lawgraph.graph.views import annotate as annotate_mod
from lawgraph.graph.views import overview
from lawgraph.graph.views.page import Html, h, script_json, tag

# --- record factories (also used by test_views_browser, test_exports, test_path_safety) ----

EVIL_SCRIPT = "<script>alert(1)</script>"
EVIL_IMG = '"><img src=x onerror=alert(1)>'
EVIL_CLOSE = "</script><script>alert(2)</script>"
EVIL_SVG = "<svg onload=alert(3)>"
EVILS = (EVIL_SCRIPT, EVIL_IMG, EVIL_CLOSE, EVIL_SVG)


def agency(name: str, role: str, span=None, level: str = "district") -> dict:
    return {"name": name, "surface": name, "span": span, "role": role, "level": level, "region": "北京市", "aliases": []}


def record_from_text(
    text: str,
    *,
    source: str,
    title: str,
    year: int | None,
    issuer: str | None,
    citations: list[tuple[str, str, str, str]],
    mentioned: list[str] = (),
    report_id: str | None = None,
) -> dict:
    """A schema-1 record dict whose spans point into ``text``.

    ``citations``: (title, law id, category, surface) — the surface must occur in ``text``
    (each occurrence becomes a citation); the sentence is the line it is on. The report id
    is the extractor's (a hash of the normalised text), so the annotated view accepts the
    source file when ``text`` is written there.
    """
    from lawgraph.extract.normalise import normalise
    from lawgraph.extract.pipeline import report_id as make_id

    cites = []
    for ctitle, law_id, category, surface in citations:
        start = text.find(surface)
        assert start >= 0, surface
        while start >= 0:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            cites.append(
                {
                    "title": ctitle,
                    "surface": surface,
                    "span": [start, start + len(surface)],
                    "sentence": text[line_start : line_end if line_end >= 0 else len(text)],
                    "kind": "bracketed",
                    "category": category,
                    "law_id": law_id,
                    "doc_number": None,
                    "function": "贯彻落实",
                    "linked": False,
                }
            )
            start = text.find(surface, start + len(surface))
    agencies = []
    for name in mentioned:
        i = text.find(name)
        agencies.append(agency(name, "mentioned", [i, i + len(name)] if i >= 0 else None))
    issuer_obj = None
    if issuer is not None:
        i = text.find(issuer)
        issuer_obj = agency(issuer, "issuer", [i, i + len(issuer)] if i >= 0 else None)
    return {
        "schema": 1,
        "report": {
            "id": report_id or make_id(normalise(text).text),
            "source": source,
            "title": title,
            "year": year,
            "published": None,
            "script": "simplified",
            "issuer": issuer_obj,
            "chars": len(text),
            "format": "txt",
            "encoding": "utf-8",
        },
        "citations": cites,
        "agencies": agencies,
        "warnings": [],
    }


def evil_corpus(folder: Path) -> list[dict]:
    """Two reports whose titles, agency names, categories and sentences are attacks.

    Their source files are written into ``folder`` so the annotated views exist too.
    """
    law1 = f"北京市{EVIL_SCRIPT}条例"
    law2 = f"关于{EVIL_IMG}的通知"
    law3 = f"{EVIL_CLOSE}办法"
    ag1 = f"北京市{EVIL_CLOSE}局"
    ag2 = f"北京市{EVIL_SVG}委员会"
    texts = {
        "a.txt": (f"{EVIL_IMG}报告{EVIL_SCRIPT}\n{ag1}认真贯彻落实《{law1}》和《{law2}》，{EVIL_CLOSE}\u2028联合{ag2}开展检查。\n学习《{law3}》{EVIL_SVG}。\n"),
        "b.txt": f"{ag2}2025年报告\n{ag2}依据《{law1}》《{law3}》开展工作，{EVIL_IMG}。\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [
        record_from_text(
            texts["a.txt"],
            source=str(folder / "a.txt"),
            title=f"{EVIL_IMG}报告{EVIL_SCRIPT}",
            year=2024,
            issuer=ag1,
            citations=[
                (law1, "doc:evil-1", "地方性法规", f"《{law1}》"),
                (law2, "doc:evil-2", f"<b>{EVIL_SCRIPT}</b>", f"《{law2}》"),
                (law3, "doc:evil-3", "规范性文件", f"《{law3}》"),
            ],
            mentioned=[ag2],
        ),
        record_from_text(
            texts["b.txt"],
            source=str(folder / "b.txt"),
            title=f"{EVIL_CLOSE}2025年报告",
            year=2025,
            issuer=ag2,
            citations=[(law1, "doc:evil-1", "地方性法规", f"《{law1}》"), (law3, "doc:evil-3", "规范性文件", f"《{law3}》")],
        ),
    ]


def store_of(records, *, checked: bool = True) -> MemoryStore:
    """A store of record dicts; ``checked=False`` adds them as dataclasses, past the records
    boundary (which refuses what these tests feed the writers on purpose: the writers must be
    safe whatever a graph holds, a hand-edited graph file included)."""
    store = MemoryStore(catalog=_NoCatalog())
    store.add_records(records if checked else [unchecked_record(r) for r in records])
    return store


def unchecked_record(obj: dict):
    from lawgraph.extract.records import Agency, Citation, Record, Report

    def agency(d):
        return None if d is None else Agency(**{**d, "span": tuple(d["span"]) if d.get("span") else None})

    rep = dict(obj["report"], issuer=agency(obj["report"].get("issuer")))
    return Record(
        Report(**rep),
        [Citation(**{**c, "span": tuple(c["span"])}) for c in obj["citations"]],
        [agency(a) for a in obj["agencies"]],
        list(obj["warnings"]),
    )


class _NoCatalog:
    def get(self, law_id):
        return None


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def seed_store(seed_records) -> MemoryStore:
    store = MemoryStore()
    store.add_records(seed_records)
    return store


@pytest.fixture(scope="session")
def seed_views(seed_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views")
    write_views(seed_store, out)
    return out


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


# --- escaping --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("<b>", "&lt;b&gt;"),  # markup in text
        ('"><img src=x>', "&quot;&gt;&lt;img src=x&gt;"),  # breaking out of an attribute
        ("'", "&#x27;"),  # single-quoted attributes too
        ("a&b", "a&amp;b"),
        (None, ""),
        ("\x00x\ud800", "\ufffdx\ufffd"),  # NUL and a lone surrogate cannot be written as HTML
        (Html("<i>ok</i>"), "<i>ok</i>"),  # already markup: not escaped twice
    ],
)
def test_h_escapes_text_and_attributes(value, expected):
    assert h(value) == expected


def test_script_json_cannot_end_the_script_and_round_trips():
    obj = {"t": "</script><!-- & \u2028\u2029 \ud800", "n": [1, None]}
    text = script_json(obj)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == obj


def test_tag_escapes_children_and_attributes_once():
    out = tag("a", "《x》<", Html("<b>y</b>"), href='q"><x', class_="law", hidden=True, title=None)
    assert out == '<a href="q&quot;&gt;&lt;x" class="law" hidden>《x》&lt;<b>y</b></a>'


# --- the seeds' views ------------------------------------------------------------------------


def test_seed_views_write_every_page(seed_store, seed_views):
    data = collect(seed_store)
    for name in ("index.html", "overview.html", "cocitation.html", "similarity.html"):
        assert (seed_views / name).is_file()
    for folder in ("laws", "agencies", "reports"):
        assert (seed_views / folder / "index.html").is_file()
    assert len(list((seed_views / "laws").glob("*-*.html"))) == len(data.laws)
    assert len(list((seed_views / "agencies").glob("*-*.html"))) == len(data.agencies)
    # The seeds are on disk: every report has its annotated view.
    assert len(list((seed_views / "reports").glob("*-*.html"))) == len(data.reports) == 5


_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_pages_are_self_contained_utf8_and_offline(seed_views):
    for path in html_files(seed_views):
        raw = path.read_bytes()
        text = raw.decode("utf-8")  # explicitly UTF-8, whatever the locale
        assert text.startswith("<!DOCTYPE html>"), path
        assert '<meta charset="utf-8">' in text
        assert not _EXTERNAL.search(text), path
        assert "cdn" not in text.lower(), path
        assert "bootstrap" not in text.lower(), path
        assert "default-src 'none'" in html.unescape(text)  # the CSP forbids any network access


def test_csp_allows_exactly_the_inline_scripts(seed_views):
    text = (seed_views / "overview.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    assert len(scripts) == 2  # vis-network and ours; the data block is not executable (no table: no table script)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
    for s in scripts:
        digest = base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        assert f"sha256-{digest}" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_chinese_is_readable_and_fonts_declared(seed_views):
    text = (seed_views / "index.html").read_text(encoding="utf-8")
    assert "北京市国际交往语言环境建设条例" in text
    assert "WenQuanYi Micro Hei" in text and "Noto Sans CJK SC" in text


def test_views_are_deterministic(seed_store, seed_views, tmp_path):
    write_views(seed_store, tmp_path)
    a = {p.relative_to(seed_views): p.read_bytes() for p in html_files(seed_views)}
    b = {p.relative_to(tmp_path): p.read_bytes() for p in html_files(tmp_path)}
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_charts_are_echarts_options_inlined_with_the_library(seed_views):
    from lawgraph.graph.views import assets

    text = (seed_views / "index.html").read_text(encoding="utf-8")
    payload = json.loads(re.search(r'id="lawgraph-data">(.*?)</script>', text, re.S).group(1))
    ids = [c["id"] for c in payload["charts"]]
    assert ids == ["chart-years", "chart-shares", "chart-top", "chart-heat"]
    for cid in ids:
        assert f'id="{cid}"' in text
    assert assets.echarts() in text  # the library itself, inline: no CDN, no file to fetch
    assert "<svg" not in text  # no pre-drawn pictures any more


def test_overview_data_matches_the_graph(seed_store, seed_views):
    data = collect(seed_store)
    sel = overview.select(data)
    page = (seed_views / "overview.html").read_text(encoding="utf-8")
    payload = json.loads(re.search(r'id="lawgraph-data">(.*?)</script>', page, re.S).group(1))
    assert len(payload["nodes"]) == len(sel.node_ids) == sum(1 for a in data.agencies.values() if a.citations) + len(data.laws)
    assert {n["id"] for n in payload["nodes"]} == {f"n{i}" for i in range(len(payload["nodes"]))}  # safe ASCII ids
    assert sum(e["total"] for e in payload["edges"]) == sum(p.count for p in data.projection)
    assert payload["options"]["physics"] == {"enabled": False}
    assert all("x" in n and "y" in n for n in payload["nodes"])
    law = data.law_ranking()[0]
    node = next(n for n in payload["nodes"] if n["name"] == law.title)
    assert node["href"] == law.href and node["title"].startswith(law.title)


def test_large_graph_overview_keeps_the_top_nodes_and_says_so(seed_store, tmp_path):
    data = collect(seed_store)
    html, sel = overview.render(data, max_nodes=20)
    assert len(sel.node_ids) == 20 and sel.cut
    assert 'data-cut="1"' in html and "大图：显示" in html
    top = [x.id for x in data.law_ranking()[: len(sel.laws)]]
    assert sorted(top) == sel.laws  # the most cited are the ones kept


def test_law_page_lists_who_cites_it_with_sentences(seed_store, seed_views):
    data = collect(seed_store)
    law = data.law_ranking()[0]
    page = (seed_views / law.href).read_text(encoding="utf-8")
    assert "谁在何时引用" in page
    for a_id in law.agencies:
        assert h(data.agencies[a_id].name) in page
    rep_id = law.reports[0]
    sentence = next(p for lid, p in data.reports[rep_id].cites if lid == law.id)["sentences"][0]
    assert h(sentence) in page


def test_agency_page_shows_year_by_category(seed_store, seed_views):
    data = collect(seed_store)
    a = data.agency_ranking()[0]
    page = (seed_views / a.href).read_text(encoding="utf-8")
    assert "按年份和类别" in page
    for law_id in a.laws:
        assert data.laws[law_id].href.split("/")[1] in page  # links to every law it cites


# --- the annotated report ----------------------------------------------------------------------


def test_annotate_nested_spans_keeps_the_text_and_links_the_innermost():
    text = "落实《关于印发〈北京市条例〉的通知》和区司法局。"
    outer, inner = (2, 18), (7, 14)
    ag = (19, 23)
    marks = [
        annotate_mod.Mark(*outer, "cite", "doc:outer"),
        annotate_mod.Mark(*inner, "cite", "doc:inner"),
        annotate_mod.Mark(*ag, "agency", "agency:x"),
    ]
    href = {"doc:outer": "../laws/o.html", "doc:inner": "../laws/i.html", "agency:x": "../agencies/a.html"}
    out = annotate_mod.annotate(text, marks, href, {})
    assert re.sub(r"<[^>]+>", "", out) == text  # nothing lost, nothing added
    assert '<a class="cite nested catx" href="../laws/i.html"' in out
    assert out.count('href="../laws/o.html"') == 2  # before and after the inner title
    assert '<a class="agency" href="../agencies/a.html" title="agency:x">区司法局</a>' in out


def test_annotated_view_skipped_when_the_source_is_gone_or_changed(tmp_path):
    src = tmp_path / "r.txt"
    text = "某区2024年报告\n贯彻落实《某条例》。\n"
    src.write_text(text, encoding="utf-8")
    gone = record_from_text(
        text,
        source=str(tmp_path / "gone.txt"),
        title="gone",
        year=2024,
        issuer=None,
        citations=[("某条例", "doc:x", "规章", "《某条例》")],
        report_id="report:gone",
    )
    edited = tmp_path / "edited.txt"
    edited.write_text(text.replace("2024", "2025"), encoding="utf-8")  # same length, other text
    changed = record_from_text(
        text, source=str(edited), title="changed", year=2024, issuer=None, citations=[("某条例", "doc:x", "规章", "《某条例》")], report_id="report:changed"
    )
    ok = record_from_text(text, source=str(src), title="ok", year=2024, issuer=None, citations=[("某条例", "doc:x", "规章", "《某条例》")])
    out = tmp_path / "views"
    write_views(store_of([gone, changed, ok]), out)
    reports = sorted(p.name for p in (out / "reports").glob("*-*.html"))
    assert len(reports) == 1
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    assert "source file not found" in index and "source file changed since the graph was built" in index
    assert "3 份报告中有 2 份没有标注页面" in index
    assert "2 份报告的原文件不可用" in (out / "index.html").read_text(encoding="utf-8")


def test_stale_pages_are_removed(tmp_path):
    out = tmp_path / "views"
    text = "报告\n《甲条例》\n"
    rec = record_from_text(text, source="none", title="t", year=2024, issuer="北京市某局", citations=[("甲条例", "doc:a", "规章", "《甲条例》")])
    write_views(store_of([rec]), out)
    stale = out / "laws" / "doc-old-0123456789.html"
    stale.write_text("old", encoding="utf-8")
    keep = out / "laws" / "NOTES.txt"
    keep.write_text("mine", encoding="utf-8")
    write_views(store_of([rec]), out)
    assert not stale.exists() and keep.exists()


# --- attacks, statically (the browser test runs them) ---------------------------------------------


def test_document_strings_never_reach_a_page_unescaped(tmp_path):
    store = store_of(evil_corpus(tmp_path), checked=False)
    out = tmp_path / "views"
    write_views(store, out)
    pages = html_files(out)
    assert len(pages) >= 12
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for bad in ("<script>alert", "<img src=x", "<svg onload", "onerror=alert(1)>"):
            assert bad not in text, (path, bad)
        # Inside the JSON data block every < > & is a \u escape.
        for block in re.findall(r'id="lawgraph-data">(.*?)</script>', text, re.S):
            assert "<" not in block and ">" not in block and "&" not in block
    law = collect(store).laws["doc:evil-1"]
    page = (out / law.href).read_text(encoding="utf-8")
    assert h(f"北京市{EVIL_SCRIPT}条例") in page


# --- the command ---------------------------------------------------------------------------------


def test_cli_views_writes_the_pages(seed_store, tmp_path):
    from typer.testing import CliRunner

    from lawgraph.cli import app

    graph_path = tmp_path / "graph.json"
    seed_store.save(graph_path)
    result = CliRunner().invoke(app, ["views", "--graph", str(graph_path), "-o", str(tmp_path / "v"), "--max-nodes", "30"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "v" / "index.html").is_file()
    assert 'data-cut="1"' in (tmp_path / "v" / "overview.html").read_text(encoding="utf-8")
    english = CliRunner().invoke(app, ["views", "--graph", str(graph_path), "-o", str(tmp_path / "en"), "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert "Who cites what" in (tmp_path / "en" / "overview.html").read_text(encoding="utf-8").replace("who cites what", "Who cites what")
    bad = CliRunner().invoke(app, ["views", "--graph", str(graph_path), "-o", str(tmp_path / "x"), "--lang", "fr"])
    assert bad.exit_code != 0 and "--lang 'fr'" in bad.output
    missing = CliRunner().invoke(app, ["views", "--graph", str(tmp_path / "nope.json")])
    assert missing.exit_code == 1 and "no such graph file" in missing.output


def test_missing_viz_packages_fail_with_the_command_to_fix_it(monkeypatch, tmp_path):
    import importlib.util

    from lawgraph.graph.views import MissingDependencyError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyvis" else real(name, *a))
    with pytest.raises(MissingDependencyError, match=r"pip install 'lawgraph\[viz\]'"):
        write_views(store_of([]), tmp_path)


# --- one measure, one definition (issue 13): the pages render the canned queries ------------


def _table_rows(page: str, cls: str) -> list[list[str]]:
    body = re.search(rf'<table class="{cls}">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_agency_pages_show_what_similar_agencies_answers(seed_store, seed_views):
    from lawgraph.queries import run_query

    data = collect(seed_store)
    checked = 0
    for a in data.agencies.values():
        rows = run_query(seed_store, "similar-agencies", agency_id=a.id, limit=10)
        page = (seed_views / a.href).read_text(encoding="utf-8")
        if not rows:
            assert 'class="similar"' not in page
            continue
        shown = _table_rows(page, "similar")
        assert [r[0] for r in shown] == [r["agency"] for r in rows]
        assert [float(r[1]) for r in shown] == [round(r["jaccard"], 2) for r in rows]
        assert [int(r[2]) for r in shown] == [r["shared"] for r in rows]
        checked += 1
    assert checked >= 3


def test_law_pages_show_what_co_cited_answers(seed_store, seed_views):
    from lawgraph.queries import run_query

    data = collect(seed_store)
    law = data.law_ranking()[0]
    rows = run_query(seed_store, "co-cited", law_id=law.id, limit=10)
    assert rows
    shown = _table_rows((seed_views / law.href).read_text(encoding="utf-8"), "cocited")
    assert [(r[0], int(r[2])) for r in shown] == [(r["title"], r["reports"]) for r in rows]


def test_cocitation_network_edges_are_the_co_cited_answers(seed_store, seed_views):
    from lawgraph.queries import run_query

    data = collect(seed_store)
    payload = json.loads(re.search(r'id="lawgraph-data">(.*?)</script>', (seed_views / "cocitation.html").read_text(encoding="utf-8"), re.S).group(1))
    by_id = {n["id"]: n["name"] for n in payload["nodes"]}
    edges = {frozenset((by_id[e["from"]], by_id[e["to"]])): e["total"] for e in payload["edges"]}
    expected = {}
    for law in data.laws.values():
        for r in run_query(seed_store, "co-cited", law_id=law.id, limit=1000):
            expected[frozenset((law.title, r["title"]))] = r["reports"]
    assert edges == expected
    assert payload["threshold"]["value"] > 1  # opens above the hairball
    assert sum(1 for w in edges.values() if w >= payload["threshold"]["value"]) <= 2 * len(payload["nodes"])


# --- language, law facts -------------------------------------------------------------------------


def test_pages_are_chinese_by_default_and_english_on_request(seed_store, seed_views, tmp_path):
    from lawgraph.graph.views import i18n

    i18n.untranslated.clear()
    write_views(seed_store, tmp_path / "zh")
    assert i18n.untranslated == set()  # every label written has its Chinese
    zh = (tmp_path / "zh" / "overview.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh and "总览：谁引用了什么" in zh and "查找" in zh
    write_views(seed_store, tmp_path / "en", lang="en")
    en = (tmp_path / "en" / "overview.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en and "Overview: who cites what" in en and "总览" not in en
    with pytest.raises(i18n.UnknownLanguage):
        write_views(seed_store, tmp_path / "fr", lang="fr")


def test_law_page_shows_catalog_facts_and_searches_the_official_database(seed_store, seed_views):
    from urllib.parse import quote

    from lawgraph.extract.catalog import load_catalog

    data = collect(seed_store)
    catalog = load_catalog()
    dated = [x for x in data.laws.values() if catalog.get(x.id) is not None and catalog.get(x.id).promulgated]
    assert dated
    law = dated[0]
    entry = catalog.get(law.id)
    page = (seed_views / law.href).read_text(encoding="utf-8")
    assert "公布日期" in page and entry.promulgated in page
    if entry.effective:
        assert entry.effective in page
    assert h(entry.status) in page
    assert h("https://flk.npc.gov.cn/search?searchType=title;accurate&searchValue=" + quote(law.title, safe="")) in page


def test_search_index_holds_folded_names_short_names_and_traditional_characters():
    from lawgraph.graph.views.search_index import build_index

    idx = build_index(
        [
            ("n0", "Law", "北京市国际交往语言环境建设条例", [], "地方性法规"),
            ("n1", "Agency", "北京市人民政府外事办公室", ["市政府外辦"], "provincial"),
        ]
    )
    law, agency = idx["entries"]
    assert law[4] == ["北京市国际交往语言环境建设条例"]
    assert agency[5] == ["市政府外办"]  # a Traditional alias, folded as the CLI folds it
    assert idx["t2s"]["國"] == "国" and idx["t2s"]["際"] == "际"


def test_a_very_large_overview_keeps_every_nodes_heaviest_edge(seed_store, monkeypatch):
    monkeypatch.setattr(overview, "BIG", 10)  # the seeds' 60 nodes count as "very large"
    data = collect(seed_store)
    sel, nodes, edges = overview.build(data)
    assert len(edges) <= len(nodes) < len(sel.pairs)
    assert {n["id"] for n in nodes} == {e["from"] for e in edges} | {e["to"] for e in edges}
    assert all(n["label"] == "" for n in nodes if n["kind"] == "law")
    assert all(n["label"] for n in nodes if n["kind"] == "agency")  # agencies stay labelled
    heaviest = max(sum(y.values()) for y in sel.pairs.values())
    assert max(e["total"] for e in edges) == heaviest
