"""The page around a vis-network graph: shared by the overview and the two networks.

Our own small template, not pyvis's: pyvis's template links Bootstrap and tom-select from
CDNs even with ``cdn_resources="in_line"``, does not escape, and its ``add_edge`` scans every
edge (quadratic). We use pyvis for what it is good at here: it ships vis-network, which we
inline from its package (:mod:`graph.views.assets`).

The layout is computed in Python (networkx spring layout, fixed seed) and physics is off:
the page draws at once, the same graph always gives the same page, and a large graph does
not stall the browser while vis-network's physics settles.

For tests and for users' own scripts the page exposes ``window.lawgraphView``:
``{network, nodes, edges, ready, year, setYear(y), search(q), visibleNodeCount(),
visibleEdgeCount(), drawnNodeCount()}``; ``document.body`` gets ``data-ready="1"`` once the
graph has been drawn.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Sequence

import networkx as nx

from lawgraph.graph.views import assets
from lawgraph.graph.views.page import FONT_STACK, Html, document, h, join, tag

LAYOUT_SEED = 7


def layout(node_ids: Sequence[str], edges: Iterable[tuple[str, str, float]]) -> dict[str, tuple[int, int]]:
    """Integer canvas positions for ``node_ids`` (deterministic for the same input).

    Spring layout up to a few thousand nodes; beyond that a cheaper circular-by-degree
    layout, since the pages cut big graphs to their top nodes first anyway.
    """
    if not node_ids:
        return {}
    g = nx.Graph()
    g.add_nodes_from(node_ids)
    for u, v, w in edges:
        if u in g and v in g and u != v:
            g.add_edge(u, v, weight=float(w))
    n = len(node_ids)
    scale = 60 * math.sqrt(n) + 80
    if n <= 3000:
        # Weight as log1p: one heavy pair should not pull everything into one spot.
        for _, _, d in g.edges(data=True):
            d["w"] = math.log1p(d["weight"])
        # k twice networkx's default: leaves around a hub (laws around their one agency)
        # spread out, so their labels overlap less.
        k = 2.0 / math.sqrt(n)
        pos = nx.spring_layout(g, seed=LAYOUT_SEED, weight="w", iterations=60, scale=scale, k=k)
    else:
        order = sorted(node_ids, key=lambda x: (-g.degree(x), x))
        pos = {}
        for i, node in enumerate(order):
            r = scale * math.sqrt((i + 1) / n)
            a = i * 2.399963  # the golden angle: an even spiral
            pos[node] = (r * math.cos(a), r * math.sin(a))
    return {k: (int(round(float(x))), int(round(float(y)))) for k, (x, y) in pos.items()}


NETWORK_CSS = """
.netbar{display:flex;flex-wrap:wrap;gap:.5em 1.2em;align-items:center;margin:.3em 0 .5em}
.netbar label{white-space:nowrap}
.netbar input[type=search]{width:22em;max-width:70vw;padding:.2em .4em;font:inherit}
.netbar select{font:inherit}
#netwrap{position:relative}
#network{width:100%;height:calc(100vh - 210px);min-height:420px;border:1px solid var(--line);border-radius:6px;background:#fff}
#panel{position:absolute;top:.6em;right:.6em;width:20em;max-width:45%;background:rgba(255,255,255,.96);
 border:1px solid var(--line);border-radius:6px;padding:.5em .7em;font-size:.92em;display:none}
#panel .pname{font-weight:700;word-break:break-all}
#status{color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:.2em 1em;margin:.2em 0;padding:0;list-style:none;font-size:.9em}
div.vis-tooltip{font-family:FONTS !important;white-space:pre-line !important;max-width:32em}
""".replace("FONTS", FONT_STACK)

NETWORK_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lawgraph-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var byName = {};
  data.nodes.forEach(function (n) { if (!(n.name in byName)) { byName[n.name] = n.id; } });
  var status = document.getElementById("status");
  var panel = document.getElementById("panel");
  var view = {ready: false, year: "all", nodes: nodes, edges: edges, network: null};
  window.lawgraphView = view;

  var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges}, data.options);
  view.network = network;
  network.once("afterDrawing", function () {
    view.readyAt = performance.now();  // ms since navigation started (the benchmark reads it)
    view.ready = true;
    document.body.setAttribute("data-ready", "1");
  });

  function say(text) { status.textContent = text; }

  view.visibleNodeCount = function () { return nodes.get({filter: function (n) { return !n.hidden; }}).length; };
  view.visibleEdgeCount = function () { return edges.get({filter: function (e) { return !e.hidden; }}).length; };
  view.drawnNodeCount = function () { return network.body.nodeIndices.length; };

  view.setYear = function (year) {
    year = String(year);
    view.year = year;
    var seen = {};
    var all = year === "all";
    edges.update(edges.get().map(function (e) {
      var c = all ? e.total : ((e.years || {})[year] || 0);
      if (c) { seen[e.from] = true; seen[e.to] = true; }
      return {id: e.id, hidden: !c, value: c || e.total};
    }));
    nodes.update(nodes.get().map(function (n) {
      return {id: n.id, hidden: all ? false : !seen[n.id]};
    }));
    say((all ? "all years" : year) + ": " + view.visibleNodeCount() + " nodes, " + view.visibleEdgeCount() + " edges shown");
    return view.visibleNodeCount();
  };

  function showPanel(id) {
    var n = nodes.get(id);
    if (!n) { panel.style.display = "none"; return; }
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    var name = document.createElement("div");
    name.className = "pname";
    name.textContent = n.name;
    panel.appendChild(name);
    var info = document.createElement("div");
    info.className = "muted";
    info.textContent = n.info || "";
    panel.appendChild(info);
    if (n.href) {
      var a = document.createElement("a");
      a.setAttribute("href", n.href);
      a.textContent = "open page \u2192";
      panel.appendChild(a);
    }
    panel.style.display = "block";
  }

  view.search = function (query) {
    var q = String(query || "").trim();
    if (!q) { return null; }
    var id = Object.prototype.hasOwnProperty.call(byName, q) ? byName[q] : null;
    if (id === null) {
      for (var i = 0; i < data.nodes.length; i++) {
        if (data.nodes[i].name.indexOf(q) >= 0) { id = data.nodes[i].id; break; }
      }
    }
    if (id === null) { say("not found: " + q); return null; }
    var n = nodes.get(id);
    if (n.hidden) { yearSelect.value = "all"; view.setYear("all"); }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.3, animation: false});
    showPanel(id);
    say("found: " + n.name);
    return id;
  };

  var yearSelect = document.getElementById("year");
  if (yearSelect) {
    yearSelect.addEventListener("change", function () { view.setYear(yearSelect.value); });
  }
  var input = document.getElementById("search");
  var last = null;
  function find() {
    // "change" also fires when the field loses focus: searching again then would rebuild
    // the panel under the reader's click on its link.
    if (input.value === last) { return; }
    last = input.value;
    view.search(input.value);
  }
  input.addEventListener("change", find);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); last = null; find(); }
  });
  network.on("click", function (p) { if (p.nodes.length) { showPanel(p.nodes[0]); } else { panel.style.display = "none"; } });
  network.on("doubleClick", function (p) {
    if (p.nodes.length) { var n = nodes.get(p.nodes[0]); if (n && n.href) { window.location.href = n.href; } }
  });
  say(data.nodes.length + " nodes, " + data.edges.length + " edges");
})();
"""


def options(*, arrows: bool = True, big: bool = False) -> dict[str, Any]:
    """vis-network options: physics off (positions come from Python), CJK-capable fonts."""
    return {
        "autoResize": True,
        "height": "100%",
        "width": "100%",
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "scaling": {"min": 6, "max": 40, "label": {"enabled": True, "min": 11, "max": 20, "drawThreshold": 7}},
            "font": {"face": FONT_STACK, "size": 12, "color": "#222"},
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#9aa7b4", "highlight": "#0b57d0", "hover": "#0b57d0", "opacity": 0.65},
            "scaling": {"min": 1, "max": 8},
            "arrows": {"to": {"enabled": arrows, "scaleFactor": 0.35}},
        },
    }


def short_label(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def legend(items: Iterable[tuple[str, str]]) -> Html:
    """A legend: (colour, text) pairs."""
    return tag(
        "ul",
        *(tag("li", Html(f'<span class="swatch" style="background:{h(colour)}"></span>'), text) for colour, text in items),
        class_="legend",
    )


def network_document(
    title: str,
    intro: Html,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    *,
    years: Sequence[int] = (),
    legend_html: Html = Html(""),
    opts: dict[str, Any] | None = None,
    after: Html = Html(""),
    placeholder: str = "a law or an agency, by name",
) -> str:
    """A network page. ``nodes`` need ``id`` (safe ASCII), ``name``, ``label``, ``title``
    (plain-text tooltip), optionally ``href``/``info``/``x``/``y``/``value``/``color``;
    ``edges`` need ``id``, ``from``, ``to``, ``total`` and optionally ``years`` {year: value}."""
    vis = assets.vis_network()
    year_select = Html("")
    if years:
        year_select = tag(
            "label",
            "Year ",
            tag(
                "select",
                tag("option", "all years", value="all"),
                *(tag("option", str(y), value=str(y)) for y in years),
                id="year",
            ),
        )
    names = sorted({n["name"] for n in nodes})
    bar = tag(
        "div",
        year_select,
        tag(
            "label",
            "Find ",
            Html(f'<input type="search" id="search" list="names" autocomplete="off" placeholder="{h(placeholder)}">'),
        ),
        tag("span", "", id="status"),
        class_="netbar",
    )
    datalist = tag("datalist", *(tag("option", value=name) for name in names), id="names")
    body = join(
        [
            tag("h1", title),
            intro,
            legend_html,
            bar,
            datalist,
            tag("div", tag("div", "", id="network"), tag("div", "", id="panel"), id="netwrap"),
            tag("p", "Hover for details, click to select, double-click to open a node's page; drag to pan, scroll to zoom.", class_="muted"),
            after,
        ]
    )
    data = {"nodes": nodes, "edges": edges, "options": opts or options()}
    return document(title, body, scripts=[vis.js, NETWORK_JS], styles=[vis.css, NETWORK_CSS], data=data, wide=True)
