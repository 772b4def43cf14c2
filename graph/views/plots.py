"""Plots for the index page: matplotlib (Agg) → inline SVG, no network, no timestamps.

Text stays text in the SVG (``svg.fonttype: none``), so the browser draws the Chinese with
its own CJK fonts; matplotlib only measures it (with WenQuanYi Micro Hei or Noto CJK when
installed, else with a fallback font — the layout is then a little off but readable).
The same graph gives byte-identical SVG: fixed ``svg.hashsalt``, no date metadata.
"""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from typing import Sequence

from lawgraph.extract.records import CATEGORIES
from lawgraph.graph.views.data import ViewData, category_colour
from lawgraph.graph.neutral import xml_text
from lawgraph.graph.views.page import FONT_STACK, Html

CJK_FONTS = [
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "DejaVu Sans",
]

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "lawgraph",
    "font.family": "sans-serif",
    "font.sans-serif": CJK_FONTS,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
}

TOP_LAWS = 15
HEAT_AGENCIES = 20
HEAT_LAWS = 25


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _label(text: str | None, n: int = 22) -> str:
    # NUL, ESC and the other characters XML cannot hold would go raw into the inline SVG.
    text = xml_text(text or "—")
    text = text if len(text) <= n else text[: n - 1] + "…"
    # "$" starts mathtext in matplotlib; a title with one must stay text.
    return text.replace("$", r"\$")


def to_svg(fig) -> Html:
    """The figure as an ``<svg>`` element (no XML prolog), deterministic."""
    plt = _plt()
    buf = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph … missing from font": the browser draws it
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # The browser, not matplotlib, chooses the CJK font.
    svg = re.sub(r"font-family:[^;\"']*", "font-family:" + FONT_STACK.replace('"', "'"), svg)
    return Html(svg)


def _figure(width: float, height: float):
    plt = _plt()
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def _render(draw) -> Html:
    plt = _plt()
    with plt.rc_context(RC), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = draw(plt)
        return to_svg(fig)


def citations_per_year(data: ViewData) -> Html | None:
    """Citations per reporting year, stacked by category."""
    years = [y for y in data.years]
    if not years:
        return None
    per: dict[str | None, Counter] = {}
    for law in data.laws.values():
        for y, c in law.by_year.items():
            per.setdefault(law.category, Counter())[y] += c
    cats = [c for c in CATEGORIES if c in per] + sorted((c for c in per if c not in CATEGORIES), key=str)

    def draw(plt):
        fig, ax = plt.subplots(figsize=(6.4, 3.4))
        bottom = [0] * len(years)
        for cat in cats:
            vals = [per[cat].get(y, 0) for y in years]
            ax.bar([str(y) for y in years], vals, bottom=bottom, color=category_colour(cat), label=_label(cat, 40))
            bottom = [a + b for a, b in zip(bottom, vals)]
        ax.set_ylabel("citations")
        ax.set_title("Citations per year, by category")
        ax.legend(fontsize=7, ncol=2, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return fig

    return _render(draw)


def category_shares(data: ViewData) -> Html | None:
    counts: Counter = Counter()
    for law in data.laws.values():
        counts[law.category] += law.citations
    cats = [c for c in CATEGORIES if counts.get(c)] + sorted((c for c in counts if c not in CATEGORIES and counts[c]), key=str)
    if not cats:
        return None

    def draw(plt):
        fig, ax = plt.subplots(figsize=(6.0, 3.4))
        vals = [counts[c] for c in cats]
        total = sum(vals)
        ax.barh([_label(c, 40) for c in cats][::-1], vals[::-1], color=[category_colour(c) for c in cats][::-1])
        for i, v in enumerate(vals[::-1]):
            ax.text(v, i, f" {v} ({v / total:.0%})", va="center", fontsize=7)
        ax.set_xlabel("citations")
        ax.set_title("Category shares of all citations")
        ax.set_xlim(0, max(vals) * 1.25)
        return fig

    return _render(draw)


def top_laws(data: ViewData, n: int = TOP_LAWS) -> Html | None:
    ranked = [x for x in data.law_ranking() if x.citations > 0][:n]
    if not ranked:
        return None

    def draw(plt):
        fig, ax = plt.subplots(figsize=(6.4, 0.28 * len(ranked) + 1.0))
        ax.barh([_label(x.title) for x in ranked][::-1], [x.citations for x in ranked][::-1], color=[category_colour(x.category) for x in ranked][::-1])
        ax.set_xlabel("citations")
        ax.set_title(f"Top {len(ranked)} cited documents")
        return fig

    return _render(draw)


def heat_map(data: ViewData, n_agencies: int = HEAT_AGENCIES, n_laws: int = HEAT_LAWS) -> Html | None:
    """Agency × document citation counts for the most-citing agencies and most-cited documents."""
    agencies = [a for a in data.agency_ranking() if a.citations > 0][:n_agencies]
    laws = [x for x in data.law_ranking() if x.agencies][:n_laws]
    if not agencies or not laws:
        return None
    matrix = [[a.laws.get(x.id, 0) for x in laws] for a in agencies]

    def draw(plt):
        fig, ax = plt.subplots(figsize=(0.32 * len(laws) + 3.2, 0.3 * len(agencies) + 2.6))
        # Vector cells (pcolormesh), not an embedded raster: crisp at any zoom.
        im = ax.pcolormesh(matrix, cmap="Blues", edgecolors="white", linewidth=0.5)
        ax.invert_yaxis()
        ax.set_xticks([j + 0.5 for j in range(len(laws))], [_label(x.title, 16) for x in laws], rotation=60, ha="right", fontsize=7)
        ax.set_yticks([i + 0.5 for i in range(len(agencies))], [_label(a.name, 18) for a in agencies], fontsize=7)
        for i, row in enumerate(matrix):
            for j, v in enumerate(row):
                if v:
                    ax.text(j + 0.5, i + 0.5, str(v), ha="center", va="center", fontsize=6, color="white" if v > max(map(max, matrix)) / 2 else "#222")
        ax.set_title("Agency × document: citations")
        fig.colorbar(im, ax=ax, shrink=0.6)
        return fig

    return _render(draw)


def all_plots(data: ViewData) -> Sequence[tuple[str, Html]]:
    out = []
    for name, fn in (
        ("Citations per year", citations_per_year),
        ("Category shares", category_shares),
        ("Top cited documents", top_laws),
        ("Agency × document heat map", heat_map),
    ):
        svg = fn(data)
        if svg is not None:
            out.append((name, svg))
    return out
