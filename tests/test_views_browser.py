"""The views in a real browser: Debian's Chromium, headless, driven by Playwright, offline.

Every request that is not a ``file://`` URL is aborted (and counts as a failure), so a
page that tried to reach a CDN fails here. Screenshots of the index and the overview are
saved in ``test-artifacts/`` (git-ignored).

Needs ``/usr/bin/chromium`` (Debian: ``apt-get install chromium fonts-wqy-microhei``) and
the ``playwright`` Python package; no browser is downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lawgraph.graph.views import collect, overview, write_views
from test_views import EVIL_CLOSE, EVIL_IMG, EVIL_SCRIPT, EVIL_SVG, evil_corpus, store_of

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("LAWGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
READY = "window.lawgraphView && window.lawgraphView.ready === true"


@pytest.fixture(scope="module")
def seed_store(seed_records):
    from lawgraph.graph import MemoryStore

    store = MemoryStore()
    store.add_records(seed_records)
    return store


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium fonts-wqy-microhei)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (no browser download needed)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page with its console errors, page errors, failed and blocked requests, dialogs."""

    def __init__(self, browser, width: int = 1280, height: int = 860):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.failed.append("blocked " + route.request.url)
            route.abort()

    def open(self, path: Path, *, network: bool = False):
        self.page.goto(path.resolve().as_uri())
        if network:
            self.page.wait_for_function(READY, timeout=30_000)
        return self.page

    def assert_clean(self, where) -> None:
        assert self.errors == [], (where, self.errors)
        assert self.failed == [], (where, self.failed)
        assert self.dialogs == [], (where, self.dialogs)

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def seed_site(seed_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("browser-views")
    write_views(seed_store, out)
    return out


NETWORK_PAGES = ("overview.html", "cocitation.html", "similarity.html")


def test_every_view_loads_offline_without_errors(browser, seed_site):
    pages = sorted(seed_site.rglob("*.html"))
    assert len(pages) > 60
    w = Watched(browser)
    try:
        for path in pages:
            rel = path.relative_to(seed_site).as_posix()
            w.open(path, network=rel in NETWORK_PAGES)
            w.assert_clean(rel)
    finally:
        w.close()


def test_overview_draws_every_node_and_filters_by_year(browser, seed_store, seed_site):
    data = collect(seed_store)
    sel = overview.select(data)
    w = Watched(browser)
    try:
        page = w.open(seed_site / "overview.html", network=True)
        assert page.evaluate("lawgraphView.visibleNodeCount()") == len(sel.node_ids)
        assert page.evaluate("lawgraphView.drawnNodeCount()") == len(sel.node_ids)  # what vis draws
        assert page.evaluate("lawgraphView.visibleEdgeCount()") == len(sel.pairs)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "overview.png"))
        counts = {}
        for year in data.years:
            page.select_option("#year-from", str(year))
            page.select_option("#year-to", str(year))
            counts[year] = page.evaluate("lawgraphView.drawnNodeCount()")
            assert counts[year] == overview.visible_after_year(sel, year), year
            assert page.evaluate("lawgraphView.year") == str(year)
        assert any(c < len(sel.node_ids) for c in counts.values())  # the filter changes what is shown
        page.select_option("#year-from", "")
        page.select_option("#year-to", "")
        assert page.evaluate("lawgraphView.drawnNodeCount()") == len(sel.node_ids)
        w.assert_clean("overview year filter")
    finally:
        w.close()


def test_search_finds_a_law_by_name(browser, seed_store, seed_site):
    data = collect(seed_store)
    law = data.law_ranking()[0]
    w = Watched(browser)
    try:
        page = w.open(seed_site / "overview.html", network=True)
        page.fill("#search", law.title)
        page.press("#search", "Enter")
        selected = page.evaluate("lawgraphView.network.getSelectedNodes()")
        assert len(selected) == 1
        assert page.evaluate(f"lawgraphView.nodes.get({selected[0]!r}).name") == law.title
        assert page.text_content("#panel .pname") == law.title
        assert page.get_attribute("#panel a", "href") == law.href
        # A part of a name finds it too.
        page.fill("#search", law.title[3:9])
        page.press("#search", "Enter")
        assert len(page.evaluate("lawgraphView.network.getSelectedNodes()")) == 1
        w.assert_clean("search")
    finally:
        w.close()


def test_index_screenshot_and_links(browser, seed_site):
    w = Watched(browser)
    try:
        page = w.open(seed_site / "index.html")
        page.wait_for_function("window.lawgraphCharts && window.lawgraphCharts.ready === true")
        assert page.locator(".chart svg").count() == 4  # drawn by ECharts, in the browser
        for href in ("overview.html", "cocitation.html", "similarity.html", "laws/index.html", "agencies/index.html"):
            assert page.locator(f'a[href="{href}"]').count() >= 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
        w.assert_clean("index")
    finally:
        w.close()


def test_law_page_reached_from_the_overview(browser, seed_store, seed_site):
    data = collect(seed_store)
    law = data.law_ranking()[0]
    w = Watched(browser)
    try:
        page = w.open(seed_site / "overview.html", network=True)
        page.fill("#search", law.title)
        page.press("#search", "Enter")
        with page.expect_navigation():
            page.click("#panel a")
        assert page.url.endswith(law.href)
        assert law.title in page.text_content("h1")
        w.assert_clean("law page from overview")
    finally:
        w.close()


# --- attacks -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evil")
    store = store_of(evil_corpus(folder), checked=False)
    out = folder / "views"
    write_views(store, out)
    return store, out


def test_attacks_render_as_text_and_no_script_runs(browser, evil_site):
    store, out = evil_site
    pages = sorted(out.rglob("*.html"))
    w = Watched(browser)
    try:
        seen_text = ""
        for path in pages:
            rel = path.relative_to(out).as_posix()
            page = w.open(path, network=rel in NETWORK_PAGES)
            assert page.locator("img[onerror], svg[onload], script[src]").count() == 0, rel
            # Only our own inline scripts: vis-network and the page's, the table script,
            # ECharts and the charts' (index).
            assert page.locator("script:not([type])").count() <= 3, rel
            seen_text += page.evaluate("document.body.textContent")
            w.assert_clean(rel)
        for evil in (EVIL_SCRIPT, EVIL_IMG, EVIL_CLOSE, EVIL_SVG):
            assert evil in seen_text, evil  # shown to the reader, as text
    finally:
        w.close()


def test_tooltip_shows_attack_strings_as_text(browser, evil_site):
    store, out = evil_site
    title = f"北京市{EVIL_SCRIPT}条例"
    w = Watched(browser)
    try:
        page = w.open(out / "overview.html", network=True)
        node_id = page.evaluate(f"lawgraphView.search({title!r})")
        assert node_id is not None
        pos = page.evaluate(
            f"(() => {{ const n = lawgraphView.network; const p = n.getPositions([{node_id!r}])[{node_id!r}];"
            " const d = n.canvasToDOM(p); const r = document.querySelector('#network canvas').getBoundingClientRect();"
            " return [r.left + d.x, r.top + d.y]; })()"
        )
        page.mouse.move(pos[0] + 40, pos[1] + 40)
        page.mouse.move(pos[0], pos[1])
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        tip = page.locator("div.vis-tooltip")
        assert title in tip.inner_text()  # the raw string, not &lt;script&gt;
        assert "&lt;" not in tip.inner_text()  # not escaped twice
        assert tip.locator("script, img").count() == 0
        w.assert_clean("tooltip")
    finally:
        w.close()


def test_an_empty_graph_still_gives_working_pages(browser, tmp_path):
    write_views(store_of([]), tmp_path)
    w = Watched(browser)
    try:
        for name in ("index.html", "laws/index.html", *NETWORK_PAGES):
            page = w.open(tmp_path / name, network=name in NETWORK_PAGES)
            if name in NETWORK_PAGES:
                assert page.evaluate("lawgraphView.drawnNodeCount()") == 0
            w.assert_clean(name)
    finally:
        w.close()


# --- the explorer (issue 16) ---------------------------------------------------------------------

CLI_QUERIES = ("國際交往", "国际交往语言环竟", "语言环境条例", "西城区外办", "市政府外办", "市政府外辦", "区政府外办", "领事保护条例", "保密法")


def test_search_answers_like_the_command_line(browser, seed_store, seed_site):
    from lawgraph.queries import search

    w = Watched(browser)
    try:
        page = w.open(seed_site / "overview.html", network=True)
        for q in CLI_QUERIES:
            cli = search(seed_store, q, limit=5)
            page.fill("#search", q)
            page.press("#search", "Enter")
            selected = page.evaluate("lawgraphView.network.getSelectedNodes()")
            shown = page.evaluate("lawgraphView.candidates.map(c => c.name)")
            assert shown[:2] == [c.name for c in cli[:2]], q  # the same candidates, in the same order
            if len(cli) > 1 and cli[0].score - cli[1].score < 10:
                assert selected == [], q  # several as good: listed to choose from
                buttons = page.locator("#candidates button").all_inner_texts()
                assert [b.split(" · ")[0] for b in buttons[:2]] == [c.name for c in cli[:2]], q
            else:
                assert len(selected) == 1, q
                assert page.text_content("#panel .pname") == cli[0].name, q
        # Choosing a listed candidate selects it.
        page.fill("#search", "國際交往")
        page.press("#search", "Enter")
        page.locator("#candidates button").first.click()
        assert page.text_content("#panel .pname") == search(seed_store, "國際交往")[0].name
        # A miss clears the previous answer and says so.
        page.fill("#search", "完全不存在的名字zz")
        page.press("#search", "Enter")
        assert page.evaluate("lawgraphView.network.getSelectedNodes()") == []
        assert not page.is_visible("#panel")
        assert "未找到" in page.text_content("#status")
        w.assert_clean("search like the CLI")
    finally:
        w.close()


def _visible(page) -> set[str]:
    return set(page.evaluate("lawgraphView.visibleNames()"))


def _all_inside_canvas(page) -> bool:
    return page.evaluate(
        "(() => { const n = lawgraphView.network; const ids = lawgraphView.visible; const pos = n.getPositions(ids);"
        " const r = document.querySelector('#network canvas').getBoundingClientRect();"
        " return ids.every(id => { const d = n.canvasToDOM(pos[id]); return d.x >= 0 && d.y >= 0 && d.x <= r.width && d.y <= r.height; }); })()"
    )


def _vis_scaled(value, lo, hi, sc):
    # vis-network's documented default: the value range mapped linearly onto [min, max].
    k = 0.5 if hi == lo else max(0.0, (value - lo) / (hi - lo))
    return sc["min"] + k * (sc["max"] - sc["min"])


def test_sizes_and_widths_are_the_value_scaling_done_once(browser, seed_store, seed_site):
    # The page scales node sizes, label sizes and edge widths itself (vis-network, given
    # "value"s, redoes every item's label options on each change: slow at 5,000 nodes).
    # What is drawn must be what vis-network's own scaling would draw, before and after a
    # year filter, and no drawn item may carry a "value" (that would bring the cost back).
    year = max(collect(seed_store).years)
    w = Watched(browser)
    try:
        page = w.open(seed_site / "overview.html", network=True)
        payload = page.evaluate("JSON.parse(document.getElementById('lawgraph-data').textContent)")
        opts = payload["options"]
        drawn = page.evaluate(
            "(() => { const b = lawgraphView.network.body; const o = {};"
            " Object.keys(b.nodes).forEach(id => { const n = b.nodes[id]; o[id] = [n.options.size, n.labelModule.fontOptions.size, n.options.value === undefined]; });"
            " const e = {}; Object.keys(b.edges).forEach(id => { e[id] = [b.edges[id].options.width, b.edges[id].options.value === undefined]; });"
            " return {nodes: o, edges: e}; })()"
        )
        values = [n["value"] for n in payload["nodes"]]
        lo, hi = min(values), max(values)
        assert hi > lo
        for n in payload["nodes"]:
            size, font, no_value = drawn["nodes"][n["id"]]
            assert no_value, n["id"]
            assert size == pytest.approx(_vis_scaled(n["value"], lo, hi, opts["nodes"]["scaling"])), n["id"]
            if n["kind"] == "law" and n["label"]:
                assert font == pytest.approx(_vis_scaled(n["value"], lo, hi, opts["nodes"]["scaling"]["label"])), n["id"]
            elif n["kind"] == "agency":
                assert font >= n["font"]["size"], n["id"]  # agencies: not scaled (only kept readable)
        totals = {e["id"]: e["total"] for e in payload["edges"]}
        lo, hi = min(totals.values()), max(totals.values())
        for eid, total in totals.items():
            width, no_value = drawn["edges"][eid]
            assert no_value and width == pytest.approx(_vis_scaled(total, lo, hi, opts["edges"]["scaling"])), eid
        # One year: the shown edges weigh that year's citations; hidden ones keep theirs.
        page.evaluate(f"lawgraphView.setYear({year})")
        widths = page.evaluate(
            "(() => { const b = lawgraphView.network.body.edges; const o = {}; Object.keys(b).forEach(id => { o[id] = [b[id].options.width, !!b[id].options.hidden]; }); return o; })()"
        )
        weight = {e["id"]: e["years"].get(str(year)) or totals[e["id"]] for e in payload["edges"]}
        lo, hi = min(weight.values()), max(weight.values())
        shown = [eid for eid, (_, hidden) in widths.items() if not hidden]
        assert shown and len(shown) < len(widths)
        for eid in shown:
            assert widths[eid][0] == pytest.approx(_vis_scaled(weight[eid], lo, hi, opts["edges"]["scaling"])), eid
        w.assert_clean("scaling")
    finally:
        w.close()


def test_explorer_filters_expand_and_fit(browser, seed_store, seed_site):
    data = collect(seed_store)
    sel = overview.select(data)
    w = Watched(browser)
    try:
        page = w.open(seed_site / "overview.html", network=True)
        # Look elsewhere first: after a filter the view must come back to what is left.
        page.evaluate("lawgraphView.network.moveTo({position: {x: 20000, y: 20000}, scale: 2, animation: false})")
        assert not _all_inside_canvas(page)
        # Category: uncheck every category but one, in the UI.
        cat = "法律"
        page.click("#f-cats >> xpath=.. >> summary")
        for box in page.locator("#f-cats input").all():
            if box.get_attribute("value") != cat:
                box.uncheck()
        expected = set()
        for a, law in sel.pairs:
            if data.laws[law].category == cat:
                expected |= {data.agencies[a].name, data.laws[law].title}
        assert _visible(page) == expected and expected
        assert _all_inside_canvas(page)  # fitted to what is left
        # Expand an agency: its documents of every category come back; collapse hides them.
        agency = max((a for a in sel.agencies if data.agencies[a].name in expected), key=lambda a: len(data.agencies[a].laws))
        neighbours = {data.laws[x].title for (a, x) in sel.pairs if a == agency}
        page.fill("#search", data.agencies[agency].name)
        page.press("#search", "Enter")
        page.click("#expand")
        assert neighbours <= _visible(page) and len(neighbours) > len(expected & neighbours)
        page.click("#collapse")
        assert _visible(page) == expected
        page.click("#reset")
        assert len(_visible(page)) == len(sel.node_ids)
        # Year range.
        page.evaluate("lawgraphView.network.moveTo({position: {x: 20000, y: 20000}, scale: 2, animation: false})")
        y0, y1 = data.years[1], data.years[2]
        page.select_option("#year-from", str(y0))
        page.select_option("#year-to", str(y1))
        expected = {n for (a, law), ys in sel.pairs.items() if any(y0 <= y <= y1 for y in ys) for n in (data.agencies[a].name, data.laws[law].title)}
        assert _visible(page) == expected
        assert _all_inside_canvas(page)
        page.click("#reset")
        # Agency level and region.
        levels = sorted({data.agencies[a].attrs.get("level") or "unknown" for a in sel.agencies})
        keep = levels[0]
        page.click("#f-levels >> xpath=.. >> summary")
        for box in page.locator("#f-levels input").all():
            if box.get_attribute("value") != keep:
                box.uncheck()
        expected = {
            n for (a, law) in sel.pairs if (data.agencies[a].attrs.get("level") or "unknown") == keep for n in (data.agencies[a].name, data.laws[law].title)
        }
        assert _visible(page) == expected
        page.click("#reset")
        region = sorted({data.agencies[a].attrs.get("region") for a in sel.agencies} - {None})[0]
        page.select_option("#f-region", region)
        expected = {n for (a, law) in sel.pairs if data.agencies[a].attrs.get("region") == region for n in (data.agencies[a].name, data.laws[law].title)}
        assert _visible(page) == expected
        page.click("#reset")
        # Edge-weight threshold.
        page.fill("#min-weight", "3")
        heavy = [(a, law) for (a, law), ys in sel.pairs.items() if sum(ys.values()) >= 3]
        assert page.evaluate("lawgraphView.visibleEdgeCount()") == len(heavy) > 0
        assert _visible(page) == {n for a, law in heavy for n in (data.agencies[a].name, data.laws[law].title)}
        w.assert_clean("explorer")
    finally:
        w.close()


def test_agencies_are_labelled_at_every_zoom(browser, seed_site):
    w = Watched(browser)
    try:
        page = w.open(seed_site / "overview.html", network=True)
        agencies = page.evaluate("lawgraphView.nodes.get({filter: n => n.kind === 'agency'}).map(n => n.id)")
        for scale in (0.05, 0.3, 1.0):
            page.evaluate(f"lawgraphView.network.moveTo({{scale: {scale}, animation: false}})")
            page.wait_for_timeout(150)  # a frame
            # The label's size on screen (font size × zoom): vis-network skips a label drawn
            # under its drawThreshold (5 px); a reader needs about 12.
            on_screen = page.evaluate(
                f"{agencies!r}.map(id => lawgraphView.network.body.nodes[id].labelModule.fontOptions.size * lawgraphView.network.getScale())"
            )
            assert on_screen and min(on_screen) >= 12, (scale, on_screen)
        w.assert_clean("labels")
    finally:
        w.close()


def test_cocitation_opens_at_a_threshold_with_a_slider(browser, seed_site):
    w = Watched(browser)
    try:
        page = w.open(seed_site / "cocitation.html", network=True)
        t = page.evaluate("JSON.parse(document.getElementById('lawgraph-data').textContent).threshold")
        total = page.evaluate("lawgraphView.edges.length")
        shown = page.evaluate("lawgraphView.visibleEdgeCount()")
        assert t["value"] > 1 and 0 < shown < total
        assert page.input_value("#min-weight") == str(t["value"])
        page.fill("#min-weight", "1")
        assert page.evaluate("lawgraphView.visibleEdgeCount()") == total
        colours = set(page.evaluate("lawgraphView.nodes.get().map(n => n.color.background)"))
        assert len(colours) >= 2  # communities coloured
        w.assert_clean("cocitation threshold")
    finally:
        w.close()


def test_tables_sort_filter_and_export_csv(browser, seed_store, seed_site, tmp_path):
    import csv

    data = collect(seed_store)
    w = Watched(browser)
    try:
        page = w.open(seed_site / "laws" / "index.html")
        heads = page.locator("main table thead th")
        col = [h.strip(" ↕↑↓") for h in heads.all_inner_texts()].index("引用次数")
        heads.nth(col).click()  # ascending
        heads.nth(col).click()  # descending
        cells = page.locator(f"main table tbody tr td:nth-child({col + 1})").all_inner_texts()
        assert [int(c) for c in cells] == sorted((x.citations for x in data.laws.values()), reverse=True)
        page.fill(".table-filter", "条例")
        rows = page.locator("main table tbody tr:not([hidden])")
        expected = sorted(x.title for x in data.laws.values() if "条例" in x.title)
        assert sorted(page.locator("main table tbody tr:not([hidden]) td:first-child").all_inner_texts()) == expected
        with page.expect_download() as info:
            page.click(".table-export")
        path = tmp_path / "laws.csv"
        info.value.save_as(path)
        got = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        assert got[0][0] == "文件" and len(got) == rows.count() + 1
        assert sorted(r[0] for r in got[1:]) == expected
        w.assert_clean("tables")
    finally:
        w.close()


def test_charts_show_values_on_hover(browser, seed_store, seed_site):
    from lawgraph.queries import run_query

    top = run_query(seed_store, "top-laws", limit=15)[0]
    w = Watched(browser)
    try:
        page = w.open(seed_site / "index.html")
        page.wait_for_function("window.lawgraphCharts && window.lawgraphCharts.ready === true")
        box = page.locator("#chart-top").bounding_box()
        # The top document's bar is the last row (at the top) of the horizontal bar chart.
        page.evaluate(
            "lawgraphCharts.instances['chart-top'].dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: %d})"
            % (min(15, len(run_query(seed_store, "top-laws", limit=15))) - 1)
        )
        tip = page.locator("#chart-top div[style*='z-index']").last
        tip.wait_for(state="visible")
        text = tip.inner_text()
        assert top["title"] in text and str(top["citations"]) in text
        assert box["height"] > 300
        w.assert_clean("charts")
    finally:
        w.close()


def test_chart_tooltips_show_attack_strings_as_text(browser, evil_site):
    store, out = evil_site
    w = Watched(browser)
    try:
        page = w.open(out / "index.html")
        page.wait_for_function("window.lawgraphCharts && window.lawgraphCharts.ready === true")
        n = page.evaluate("lawgraphCharts.instances['chart-top'].getOption().yAxis[0].data.length")
        for i in range(n):
            page.evaluate("lawgraphCharts.instances['chart-top'].dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: %d})" % i)
            page.wait_for_timeout(50)
        assert page.locator("#chart-top img, #chart-top script, main svg[onload]").count() == 0
        w.assert_clean("chart tooltips")
    finally:
        w.close()
