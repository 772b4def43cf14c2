"""Interactive views: self-contained HTML pages that open offline from a file.

>>> from lawgraph.graph import MemoryStore
>>> import tempfile
>>> paths = write_views(MemoryStore(), tempfile.mkdtemp())
>>> sorted(p.name for p in paths)[:3]
['cocitation.html', 'index.html', 'index.html']

Layout of ``out_dir`` (every file name of a node's page is :func:`graph.views.paths.slug`
of its id — ASCII, never derived from a title or a source path)::

    index.html               summary numbers, plots, links to everything
    overview.html            agencies and laws (vis-network), year filter, search
    cocitation.html          documents cited together
    similarity.html          agencies with similar citation profiles
    laws/index.html          every cited document;   laws/<slug>.html      one per document
    agencies/index.html      every agency;           agencies/<slug>.html  one per agency
    reports/index.html       every report;           reports/<slug>.html   annotated text

Pages are in Chinese (``lang="en"`` for English) and carry everything inline (vis-network
read from the installed pyvis package, Apache ECharts from ``vendor/`` for the charts) and a Content-Security-Policy that forbids any network access; they are written as
UTF-8. The same graph gives byte-identical files.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
from pathlib import Path
from typing import Sequence

from lawgraph.extract.errors import LawgraphError
from lawgraph.graph.views import annotate, assets, i18n, networks, overview, pages
from lawgraph.graph.views.charts import CHART_CSS, CHART_JS, all_charts
from lawgraph.graph.views.i18n import tr
from lawgraph.graph.views.measures import Measures
from lawgraph.graph.views.data import AGENCIES_DIR, LAWS_DIR, REPORTS_DIR, ViewData, category_colour, collect
from lawgraph.graph.views.page import Html, document, h, join, link, number, table, tag
from lawgraph.graph.views.paths import UnsafePathError, safe_join, slug, write_text

log = logging.getLogger(__name__)

__all__ = ["MAX_NODES", "MissingDependencyError", "collect", "require_dependencies", "slug", "write_views"]

MAX_NODES = overview.MAX_NODES
_PAGE_NAME = re.compile(r"^[a-z0-9-]+\.html$")


def write_views(
    store,
    out_dir: str | os.PathLike,
    *,
    max_nodes: int = MAX_NODES,
    sources: Sequence[str | os.PathLike] = (),
    lang: str = i18n.DEFAULT,
) -> list[Path]:
    """Write every view of ``store`` into ``out_dir``; return the files written.

    ``max_nodes`` bounds the overview (the top laws and agencies are kept above it);
    ``sources`` are extra folders in which to look for reports' source files (for the
    annotated views) when their recorded path does not resolve from the working folder;
    ``lang`` is ``zh`` (the default) or ``en``.
    """
    with i18n.language(lang):
        return _write_views(store, out_dir, max_nodes, sources)


def _write_views(store, out_dir, max_nodes: int, sources) -> list[Path]:
    require_dependencies()
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    data = collect(store)
    measures = Measures(store)
    _check_slugs(data)
    written: list[Path] = []

    def put(text: str, *parts: str) -> None:
        written.append(write_text(safe_join(root, *parts), text))

    # Reports first: the other pages link to an annotated report only if it exists.
    annotated: set[str] = set()
    missing: dict[str, str] = {}
    for rep_id, rep in data.reports.items():
        src = annotate.load_source(rep, sources)
        if src.text is None:
            missing[rep_id] = src.reason or "source not available"
            continue
        put(annotate.render(rep, src.text, data), REPORTS_DIR, _file(rep.href))
        annotated.add(rep_id)
    if missing:
        log.info("%d reports without an annotated view (source not available)", len(missing))

    catalog = _catalog(store)
    for law in data.laws.values():
        entry = catalog.get(law.id) if catalog is not None else None
        put(pages.law_page(data, law, annotated, measures, entry), LAWS_DIR, _file(law.href))
    for agency in data.agencies.values():
        put(pages.agency_page(data, agency, annotated, measures), AGENCIES_DIR, _file(agency.href))
    put(pages.laws_index(data), LAWS_DIR, "index.html")
    put(pages.agencies_index(data), AGENCIES_DIR, "index.html")
    put(pages.reports_index(data, annotated, missing), REPORTS_DIR, "index.html")

    html, sel = overview.render(data, max_nodes)
    put(html, "overview.html")
    put(networks.render_cocitation(data, measures), "cocitation.html")
    put(networks.render_similarity(data, measures), "similarity.html")
    put(index_page(data, measures, sel, annotated, missing), "index.html")
    _remove_stale(root, written)
    return written


def _catalog(store):
    """The catalog the graph was built with (for dates the graph does not keep), if any."""
    cat = getattr(store, "catalog", None)
    if cat is not None and hasattr(cat, "get"):
        return cat
    try:
        from lawgraph.extract.catalog import load_catalog

        return load_catalog()
    except Exception as err:  # noqa: BLE001 — the pages work without dates
        log.debug("no catalog for the law pages: %s", err)
        return None


class MissingDependencyError(LawgraphError):
    """An optional package the views need is not installed (the message says how to fix it)."""


def require_dependencies() -> None:
    """Fail early, with the command to fix it, when pyvis (which ships vis-network) is missing."""
    missing = [m for m in ("pyvis",) if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingDependencyError(f"the views need {' and '.join(missing)}: pip install 'lawgraph[viz]' (or pip install pyvis)")


def _file(href: str) -> str:
    return href.rsplit("/", 1)[1]


def _check_slugs(data: ViewData) -> None:
    seen: dict[str, str] = {}
    for node_id in [*data.laws, *data.agencies, *data.reports]:
        s = slug(node_id)
        if s in seen and seen[s] != node_id:
            raise UnsafePathError(f"two nodes share the page name {s}.html: {seen[s]!r} and {node_id!r}")
        seen[s] = node_id


def _remove_stale(root: Path, written: list[Path]) -> None:
    """Pages of nodes no longer in the graph (from an earlier run) are removed."""
    keep = {p.resolve() for p in written}
    for folder in (LAWS_DIR, AGENCIES_DIR, REPORTS_DIR):
        d = root / folder
        if not d.is_dir():
            continue
        for p in d.iterdir():
            if p.is_file() and _PAGE_NAME.match(p.name) and p.resolve() not in keep:
                p.unlink()


def index_page(data: ViewData, measures: Measures, sel: overview.Selection, annotated: set[str], missing: dict[str, str]) -> str:
    s = data.summary
    stats = tag(
        "ul",
        *(
            tag("li", tag("b", number(v)), tr(k))
            for k, v in (
                ("reports", s.get("reports", 0)),
                ("agencies", s.get("agencies", 0)),
                ("cited documents", s.get("laws", 0)),
                ("citations", s.get("citations", 0)),
                ("agency–document–year edges", s.get("projection_edges", 0)),
            )
        ),
        tag("li", tag("b", f"{data.years[0]}–{data.years[-1]}" if data.years else "—"), tr("years")),
        class_="stats",
    )
    views = tag(
        "ul",
        tag(
            "li",
            link("overview.html", tr("Overview of who cites what")),
            " — ",
            tr("{a} agencies and {d} documents").format(a=number(len(sel.agencies)), d=number(len(sel.laws))),
            tr("(top nodes of a large graph)") if sel.cut else "",
        ),
        tag("li", link("cocitation.html", tr("Co-citation network")), " — ", tr("documents cited in the same reports")),
        tag("li", link("similarity.html", tr("Agency similarity")), " — ", tr("agencies that cite alike")),
        tag("li", link("laws/index.html", tr("All cited documents")), f" — {number(len(data.laws))} ", tr("pages")),
        tag("li", link("agencies/index.html", tr("All agencies")), f" — {number(len(data.agencies))} ", tr("pages")),
        tag("li", link("reports/index.html", tr("Reports")), f" — {number(len(annotated))} ", tr("annotated views")),
    )
    notes = []
    if missing:
        notes.append(
            tag(
                "p",
                tr("{n} reports have no annotated view because their source file is not available (gone, unreadable or changed since the build): see ").format(
                    n=number(len(missing))
                ),
                link("reports/index.html", tr("Reports")),
                ".",
                class_="note",
            )
        )
    charts = all_charts(data, measures)
    chart_html = tag(
        "div",
        *(
            tag("figure", tag("div", "", id=cid, class_="chart tall" if cid == "chart-heat" else "chart", role="img", aria_label=name))
            for cid, name, _ in charts
        ),
        class_="charts",
    )
    top_laws = table(
        [tr("Document"), tr("Category"), tr("Agencies"), tr("Citations")],
        [
            (
                link(data.laws[r["law_id"]].href, r["title"]),
                join([Html(f'<span class="swatch" style="background:{h(category_colour(r["category"]))}"></span>'), r["category"] or "—"]),
                r["agencies"],
                r["citations"],
            )
            for r in measures.top_laws(20)
            if r["law_id"] in data.laws
        ],
        class_="top-laws",
    )
    top_agencies = table(
        [tr("Agency"), tr("Documents"), tr("Citations")],
        [
            (link(data.agencies[r["agency_id"]].href, r["agency"]), r["laws"], r["citations"])
            for r in measures.top_agencies(20)
            if r["agency_id"] in data.agencies
        ],
        class_="top-agencies",
    )
    body = join(
        [
            tag("h1", tr("Citation graph")),
            stats,
            join(notes),
            tag("h2", tr("Views")),
            views,
            tag("h2", tr("Plots")),
            chart_html if charts else tag("p", tr("No citations yet."), class_="muted"),
            tag("h2", tr("Most cited documents")),
            tag("p", tr("Ranked by citing agencies, then citations (query top-laws)."), class_="muted"),
            top_laws,
            tag("h2", tr("Most citing agencies")),
            tag("p", tr("Ranked by documents cited, then citations (query top-agencies)."), class_="muted"),
            top_agencies,
        ]
    )
    scripts = [assets.echarts(), CHART_JS] if charts else []
    return document(
        tr("Citation graph"),
        body,
        scripts=scripts,
        styles=[CHART_CSS],
        data={"charts": [{"id": cid, "option": opt} for cid, _, opt in charts]},
        page_name="index",
    )
