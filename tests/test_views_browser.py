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
            page.select_option("#year", str(year))
            counts[year] = page.evaluate("lawgraphView.drawnNodeCount()")
            assert counts[year] == overview.visible_after_year(sel, year), year
            assert page.evaluate("lawgraphView.year") == str(year)
        assert any(c < len(sel.node_ids) for c in counts.values())  # the filter changes what is shown
        page.select_option("#year", "all")
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
        page.fill("#search", law.title[2:8])
        page.press("#search", "Enter")
        assert len(page.evaluate("lawgraphView.network.getSelectedNodes()")) == 1
        w.assert_clean("search")
    finally:
        w.close()


def test_index_screenshot_and_links(browser, seed_site):
    w = Watched(browser)
    try:
        page = w.open(seed_site / "index.html")
        assert page.locator("figure svg").count() == 4
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
            # Only our two inline scripts (vis-network and the page's), or none.
            assert page.locator("script:not([type])").count() in (0, 2), rel
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
        for name in ("index.html", *NETWORK_PAGES):
            page = w.open(tmp_path / name, network=name in NETWORK_PAGES)
            if name in NETWORK_PAGES:
                assert page.evaluate("lawgraphView.drawnNodeCount()") == 0
            w.assert_clean(name)
    finally:
        w.close()
