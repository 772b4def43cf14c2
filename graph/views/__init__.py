"""Interactive views: self-contained HTML pages that open offline from a file.

>>> from graph import MemoryStore
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

Pages carry everything inline (vis-network read from the installed pyvis package, plots as
SVG) and a Content-Security-Policy that forbids any network access; they are written as
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
from lawgraph.graph.views import annotate, networks, overview, pages, plots
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
) -> list[Path]:
    """Write every view of ``store`` into ``out_dir``; return the files written.

    ``max_nodes`` bounds the overview (the top laws and agencies are kept above it);
    ``sources`` are extra folders in which to look for reports' source files (for the
    annotated views) when their recorded path does not resolve from the working folder.
    """
    require_dependencies()
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    data = collect(store)
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

    near = networks.similarity(data)
    for law in data.laws.values():
        put(pages.law_page(data, law, annotated), LAWS_DIR, _file(law.href))
    for agency in data.agencies.values():
        put(pages.agency_page(data, agency, annotated, near.get(agency.id)), AGENCIES_DIR, _file(agency.href))
    put(pages.laws_index(data), LAWS_DIR, "index.html")
    put(pages.agencies_index(data), AGENCIES_DIR, "index.html")
    put(pages.reports_index(data, annotated, missing), REPORTS_DIR, "index.html")

    html, sel = overview.render(data, max_nodes)
    put(html, "overview.html")
    put(networks.render_cocitation(data), "cocitation.html")
    put(networks.render_similarity(data, near), "similarity.html")
    put(index_page(data, sel, annotated, missing), "index.html")
    _remove_stale(root, written)
    return written


class MissingDependencyError(LawgraphError):
    """An optional package the views need is not installed (the message says how to fix it)."""


def require_dependencies() -> None:
    """Fail early, with the command to fix it, when pyvis or matplotlib is missing."""
    missing = [m for m in ("pyvis", "matplotlib") if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingDependencyError(
            f"the views need {' and '.join(missing)}: pip install 'lawgraph[viz]' (or pip install pyvis matplotlib)"
        )


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


def index_page(data: ViewData, sel: overview.Selection, annotated: set[str], missing: dict[str, str]) -> str:
    s = data.summary
    stats = tag(
        "ul",
        *(
            tag("li", tag("b", number(v)), k)
            for k, v in (
                ("reports", s.get("reports", 0)),
                ("agencies", s.get("agencies", 0)),
                ("cited documents", s.get("laws", 0)),
                ("citations", s.get("citations", 0)),
                ("agency–document–year edges", s.get("projection_edges", 0)),
            )
        ),
        tag("li", tag("b", f"{data.years[0]}–{data.years[-1]}" if data.years else "—"), "years"),
        class_="stats",
    )
    views = tag(
        "ul",
        tag("li", link("overview.html", "Overview"), f" — {number(len(sel.agencies))} agencies and {number(len(sel.laws))} documents" + (" (top nodes of a large graph)" if sel.cut else "")),
        tag("li", link("cocitation.html", "Co-citation network"), " — documents cited in the same reports"),
        tag("li", link("similarity.html", "Agency similarity"), " — agencies that cite alike"),
        tag("li", link("laws/index.html", "All cited documents"), f" — {number(len(data.laws))} pages"),
        tag("li", link("agencies/index.html", "All agencies"), f" — {number(len(data.agencies))} pages"),
        tag("li", link("reports/index.html", "Reports"), f" — {number(len(annotated))} annotated views"),
    )
    notes = []
    if missing:
        notes.append(
            tag(
                "p",
                f"{number(len(missing))} reports have no annotated view because their source file is not available "
                "(gone, unreadable or changed since the build): see ",
                link("reports/index.html", "Reports"),
                ".",
                class_="note",
            )
        )
    figs = plots.all_plots(data)
    plot_html = tag("div", *(tag("figure", svg, tag("figcaption", name, class_="muted")) for name, svg in figs), class_="plots")
    top_laws = table(
        ["Document", "Category", "Citations", "Agencies"],
        [
            (link(x.href, x.title), join([Html(f'<span class="swatch" style="background:{h(category_colour(x.category))}"></span>'), x.category or "—"]), x.citations, len(x.agencies))
            for x in data.law_ranking()[:20]
        ],
    )
    top_agencies = table(
        ["Agency", "Citations", "Documents"],
        [(link(a.href, a.name), a.citations, len(a.laws)) for a in data.agency_ranking()[:20] if a.citations],
    )
    body = join(
        [
            tag("h1", "Citation graph"),
            stats,
            join(notes),
            tag("h2", "Views"),
            views,
            tag("h2", "Plots"),
            plot_html if figs else tag("p", "No citations yet.", class_="muted"),
            tag("h2", "Most cited documents"),
            top_laws,
            tag("h2", "Most citing agencies"),
            top_agencies,
        ]
    )
    return document("Citation graph", body)
