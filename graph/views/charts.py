"""Interactive charts for the index page, drawn in the browser by Apache ECharts.

Why ECharts: it is what Chinese analysts know, it is maintained (Apache), it draws CJK
text with the browser's own fonts, gives values on hover, zoom sliders for long axes and
an SVG renderer — and it is one file (``vendor/echarts.min.js``) that the page inlines, so
the page still opens offline under a CSP that forbids any network access.

Python only builds each chart's ``option`` (plain JSON: no functions, so no code travels
in the data); document strings in it reach the page through :func:`page.script_json` and
ECharts draws them as text (its tooltips escape names).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from lawgraph.extract.records import CATEGORIES
from lawgraph.graph.views.data import ViewData, category_colour
from lawgraph.graph.views.i18n import tr
from lawgraph.graph.views.measures import Measures
from lawgraph.graph.views.page import FONT_STACK

TOP_LAWS = 15
HEAT_AGENCIES = 20
HEAT_LAWS = 25
LABEL_CHARS = 14

CHART_CSS = """
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:1em}
.charts figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5em}
.charts .chart{width:100%;height:380px}
.charts .chart.tall{height:620px}
"""

CHART_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lawgraph-data").textContent);
  var out = {instances: {}, ready: false};
  window.lawgraphCharts = out;
  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    var chart = echarts.init(el, null, {renderer: "svg"});
    chart.setOption(c.option);
    out.instances[c.id] = chart;
  });
  window.addEventListener("resize", function () { Object.keys(out.instances).forEach(function (k) { out.instances[k].resize(); }); });
  out.ready = true;
  document.body.setAttribute("data-charts", String(data.charts.length));
})();
"""


def _cats(counts) -> list:
    return [c for c in CATEGORIES if c in counts] + sorted((c for c in counts if c not in CATEGORIES), key=str)


def _base(title: str) -> dict[str, Any]:
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14, "fontFamily": FONT_STACK}},
        "textStyle": {"fontFamily": FONT_STACK},
        "tooltip": {"confine": True},
        "animation": False,
        "aria": {"enabled": True},
    }


def citations_per_year(data: ViewData) -> dict[str, Any] | None:
    if not data.years:
        return None
    per: dict[Any, Counter] = {}
    for law in data.laws.values():
        for y, c in law.by_year.items():
            per.setdefault(law.category, Counter())[y] += c
    if not per:
        return None
    opt = _base(tr("Citations per year, by category"))
    opt.update(
        {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
            "legend": {"type": "scroll", "bottom": 0},
            "grid": {"left": 50, "right": 20, "top": 40, "bottom": 60},
            "xAxis": {"type": "category", "data": [str(y) for y in data.years]},
            "yAxis": {"type": "value", "name": tr("Citations")},
            "series": [
                {
                    "type": "bar",
                    "stack": "all",
                    "name": cat or tr("uncategorised"),
                    "itemStyle": {"color": category_colour(cat)},
                    "data": [per[cat].get(y, 0) for y in data.years],
                }
                for cat in _cats(per)
            ],
        }
    )
    return opt


def category_shares(data: ViewData) -> dict[str, Any] | None:
    counts: Counter = Counter()
    for law in data.laws.values():
        counts[law.category] += law.citations
    cats = [c for c in _cats(counts) if counts[c]]
    if not cats:
        return None
    opt = _base(tr("Category shares of all citations"))
    opt.update(
        {
            "tooltip": {"trigger": "item", "confine": True},
            "series": [
                {
                    "type": "pie",
                    "radius": ["30%", "62%"],
                    "top": 30,
                    "label": {"formatter": "{b}\n{c} ({d}%)"},
                    "data": [{"name": c or tr("uncategorised"), "value": counts[c], "itemStyle": {"color": category_colour(c)}} for c in cats],
                }
            ],
        }
    )
    return opt


def top_laws(measures: Measures, n: int = TOP_LAWS) -> dict[str, Any] | None:
    rows = [r for r in measures.top_laws(n) if r["citations"]]
    if not rows:
        return None
    rows = rows[::-1]  # the first at the top of a horizontal bar chart
    opt = _base(tr("Top cited documents"))
    opt.update(
        {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
            "grid": {"left": 10, "right": 30, "top": 40, "bottom": 20, "containLabel": True},
            "xAxis": {"type": "value", "name": tr("Citations")},
            "yAxis": {
                "type": "category",
                "data": [r["title"] for r in rows],
                "axisLabel": {"width": 190, "overflow": "truncate", "fontSize": 12},
            },
            "series": [
                {
                    "type": "bar",
                    "name": tr("Citations"),
                    "data": [{"value": r["citations"], "itemStyle": {"color": category_colour(r["category"])}} for r in rows],
                    "label": {"show": True, "position": "right"},
                }
            ],
        }
    )
    return opt


def heat_map(data: ViewData, measures: Measures) -> dict[str, Any] | None:
    """Agencies (``top-agencies``) × documents (``top-laws``): projection citation counts."""
    agencies = [r["agency_id"] for r in measures.top_agencies(HEAT_AGENCIES) if r["agency_id"] in data.agencies]
    laws = [r["law_id"] for r in measures.top_laws(HEAT_LAWS) if r["law_id"] in data.laws]
    if not agencies or not laws:
        return None
    cells = [[j, i, data.agencies[a].laws.get(x, 0) or "-"] for i, a in enumerate(agencies) for j, x in enumerate(laws)]
    top = max((c[2] for c in cells if c[2] != "-"), default=1)
    opt = _base(tr("Agency × document: citations"))
    opt.update(
        {
            "tooltip": {"position": "top", "confine": True},
            "grid": {"left": 10, "right": 40, "top": 40, "bottom": 40, "containLabel": True},
            "xAxis": {
                "type": "category",
                "data": [data.laws[x].title for x in laws],
                "axisLabel": {"rotate": 45, "width": 150, "overflow": "truncate", "fontSize": 12, "interval": 0},
                "splitArea": {"show": True},
            },
            "yAxis": {
                "type": "category",
                "data": [data.agencies[a].name for a in agencies],
                "inverse": True,
                "axisLabel": {"width": 200, "overflow": "truncate", "fontSize": 12, "interval": 0},
                "splitArea": {"show": True},
            },
            "visualMap": {
                "min": 0,
                "max": top,
                "calculable": True,
                "orient": "vertical",
                "right": 0,
                "top": "middle",
                "inRange": {"color": ["#eef4fb", "#08519c"]},
            },
            "series": [{"type": "heatmap", "name": tr("Citations"), "data": cells, "label": {"show": True, "fontSize": 11}}],
        }
    )
    return opt


def all_charts(data: ViewData, measures: Measures) -> list[tuple[str, str, dict[str, Any]]]:
    """``(element id, caption, option)`` of each chart that has data."""
    out = []
    for cid, name, option in (
        ("chart-years", tr("Citations per year, by category"), citations_per_year(data)),
        ("chart-shares", tr("Category shares of all citations"), category_shares(data)),
        ("chart-top", tr("Top cited documents"), top_laws(measures)),
        ("chart-heat", tr("Agency × document heat map"), heat_map(data, measures)),
    ):
        if option is not None:
            out.append((cid, name, option))
    return out
