"""The page around a vis-network graph: shared by the overview and the two networks.

Our own small template, not pyvis's: pyvis's template links Bootstrap and tom-select from
CDNs even with ``cdn_resources="in_line"``, does not escape, and its ``add_edge`` scans every
edge (quadratic). We use pyvis for what it is good at here: it ships vis-network, which we
inline from its package (:mod:`graph.views.assets`).

The layout is computed in Python (networkx spring layout, fixed seed) and physics is off:
the page draws at once, the same graph always gives the same page, and a large graph does
not stall the browser while vis-network's physics settles.

The page is an explorer: a Find box that resolves names as ``lawgraph query`` does (the
index comes from :mod:`graph.views.search_index`), filters (year range, categories, agency
levels, region, an edge-weight threshold) after which the view fits what is left, and a
side panel that expands or collapses a node's neighbours.

For tests and for users' own scripts the page exposes ``window.lawgraphView``:
``{network, nodes, edges, ready, year, candidates, lastFilterMs, setYear(y), setYears(a, b),
setCategories(list|null), setLevels(list|null), setRegion(r), setMinWeight(w), expand(id),
collapse(id), neighbours(id), fit(), reset(), search(q), candidatesFor(q), visibleNames(),
visibleNodeCount(), visibleEdgeCount(), drawnNodeCount()}``; ``document.body`` gets
``data-ready="1"`` once the graph has been drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import networkx as nx

from lawgraph.graph.views import assets
from lawgraph.graph.views.i18n import tr
from lawgraph.graph.views.page import FONT_STACK, Html, document, h, join, tag
from lawgraph.graph.views.search_index import build_index

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
.netbar{display:flex;flex-wrap:wrap;gap:.4em 1.1em;align-items:center;margin:.3em 0 .4em}
.netbar label{white-space:nowrap}
.netbar input[type=search]{width:24em;max-width:70vw;padding:.2em .4em;font:inherit}
.netbar select,.netbar button{font:inherit}
.netbar details{position:relative}
.netbar details>div{position:absolute;z-index:10;background:#fff;border:1px solid var(--line);border-radius:6px;
 padding:.4em .6em;max-height:50vh;overflow:auto;min-width:12em;box-shadow:0 4px 12px rgba(0,0,0,.12)}
.netbar details label{display:block}
#candidates{margin:.2em 0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.3em}
#candidates button{font:inherit;font-size:.9em}
#netwrap{position:relative}
#network{width:100%;height:calc(100vh - 250px);min-height:420px;border:1px solid var(--line);border-radius:6px;background:#fff}
#panel{position:absolute;top:.6em;right:.6em;width:21em;max-width:45%;background:rgba(255,255,255,.97);
 border:1px solid var(--line);border-radius:6px;padding:.5em .7em;font-size:.92em;display:none}
#panel .pname{font-weight:700;word-break:break-all}
#panel button{font:inherit;font-size:.9em;margin:.3em .3em 0 0}
#status{color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:.2em 1em;margin:.2em 0;padding:0;list-style:none;font-size:.9em}
div.vis-tooltip{font-family:FONTS !important;white-space:pre-line !important;max-width:32em}
""".replace("FONTS", FONT_STACK)

NETWORK_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lawgraph-data").textContent);
  var ui = data.ui;
  // vis-network's value scaling (sizes, widths, label sizes from "value"), done here instead:
  // given values, vis-network redoes every item's label options on each data change, which
  // on 5,000 nodes costs as much as building them. The numbers are vis-network's own: the
  // value range mapped linearly onto "scaling" (0.5 when all values are equal).
  var VIS_SCALING = {nodes: {min: 10, max: 30, label: {enabled: false, min: 14, max: 30}}, edges: {min: 1, max: 15}};
  function scalingOf(kind, item) {
    var g = (data.options[kind] && data.options[kind].scaling) || {}, d = VIS_SCALING[kind], own = item.scaling || {};
    var gl = g.label || {}, ol = own.label || {}, dl = d.label || {};
    function pick(k, a, b, c) { return a[k] !== undefined ? a[k] : b[k] !== undefined ? b[k] : c[k]; }
    return {min: pick("min", own, g, d), max: pick("max", own, g, d),
            label: {enabled: pick("enabled", ol, gl, dl), min: pick("min", ol, gl, dl), max: pick("max", ol, gl, dl)}};
  }
  function valueRange(items, key) {
    var r = null;
    items.forEach(function (x) {
      var v = x[key];
      if (v === undefined || v === null) { return; }
      if (!r) { r = {lo: v, hi: v}; } else { r.lo = Math.min(r.lo, v); r.hi = Math.max(r.hi, v); }
    });
    return r;
  }
  function scaled(v, r, sc) {
    var k = r.hi === r.lo ? 0.5 : Math.max(0, (v - r.lo) / (r.hi - r.lo));
    return sc.min + k * (sc.max - sc.min);
  }
  var nodeRange = valueRange(data.nodes, "value");
  data.nodes.forEach(function (n) {
    if (n.value === undefined || n.value === null) { return; }
    var sc = scalingOf("nodes", n);
    n.size = scaled(n.value, nodeRange, sc);
    if (sc.label.enabled && n.label) {
      var f = {}, own = n.font || {};
      for (var k in own) { f[k] = own[k]; }
      f.size = scaled(n.value, nodeRange, sc.label);
      n.font = f;
    }
    delete n.value;
  });
  // Edges keep their current weight in "weight" (the filters change it); "width" is drawn.
  data.edges.forEach(function (e) { e.weight = e.value === undefined ? e.total : e.value; delete e.value; });
  function edgeWidths(set) {
    var r = valueRange(data.edges, "weight"), changed = 0;
    if (!r) { return 0; }
    data.edges.forEach(function (e) {
      var w = scaled(e.weight, r, scalingOf("edges", e));
      if (e.width !== w) { e.width = w; changed++; if (set) { set(e); } }
    });
    return changed;
  }
  edgeWidths(null);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var status = document.getElementById("status");
  var panel = document.getElementById("panel");
  var candList = document.getElementById("candidates");
  var $ = function (id) { return document.getElementById(id); };
  var view = {ready: false, year: "all", nodes: nodes, edges: edges, network: null, candidates: [], lastFilterMs: 0};
  window.lawgraphView = view;

  // --- the state of the filters --------------------------------------------------------------
  var years = data.years || [];
  var state = {from: null, to: null, cats: null, levels: null, region: "", min: data.threshold ? data.threshold.value : 0,
               expanded: {}};
  var nodeById = {}, incident = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; incident[n.id] = []; });
  data.edges.forEach(function (e) { incident[e.from].push(e); incident[e.to].push(e); });

  var network = new vis.Network($("network"), {nodes: nodes, edges: edges}, data.options);
  view.network = network;
  network.once("afterDrawing", function () {
    view.readyAt = performance.now();  // ms since navigation started (the benchmark reads it)
    view.ready = true;
    document.body.setAttribute("data-ready", "1");
  });

  function say(text) { status.textContent = text; }
  function fmt(s, args) { return s.replace(/\{(\w+)\}/g, function (m, k) { return k in args ? args[k] : m; }); }

  function passes(n) {
    if (n.kind === "law" && state.cats && !state.cats[n.cat || ""]) { return false; }
    if (n.kind === "agency") {
      if (state.levels && !state.levels[n.level || "unknown"]) { return false; }
      if (state.region && n.region !== state.region) { return false; }
    }
    return true;
  }
  function weight(e) {
    if (!e.years || (state.from === null && state.to === null)) { return e.total; }
    var w = 0;
    for (var y in e.years) {
      var yi = +y;
      if ((state.from === null || yi >= state.from) && (state.to === null || yi <= state.to)) { w += e.years[y]; }
    }
    return w;
  }
  function unfiltered() {
    return state.from === null && state.to === null && !state.cats && !state.levels && !state.region &&
      (!data.threshold || state.min <= data.threshold.min);
  }

  // What vis-network's "_dataUpdated" does, less the clustering pass (no clusters here),
  // which alone takes seconds on 5,000 nodes, and the value scaling (done above).
  function refresh() {
    if (typeof network._updateVisibleIndices === "function") {
      network._updateVisibleIndices();
      network.body.emitter.emit("_requestRedraw");
    } else {
      network.body.emitter.emit("_dataChanged");
    }
  }

  // One pass over edges and nodes; only the items whose state changed are sent to vis.
  view.apply = function (opts) {
    var t0 = performance.now();
    var showAll = unfiltered();
    var seen = {}, edgeUpd = [], nodeUpd = [], visibleIds = [];
    var ok = {};
    data.nodes.forEach(function (n) { ok[n.id] = passes(n); });
    data.edges.forEach(function (e) {
      var w = weight(e);
      var vis_ = (ok[e.from] && ok[e.to] && w > 0 && w >= state.min) ||
        !!(state.expanded[e.from] || state.expanded[e.to]);
      if (vis_) { seen[e.from] = true; seen[e.to] = true; }
      var weight_ = vis_ ? (w || e.total) : e.weight;
      if (e.hidden !== !vis_) { e.hidden = !vis_; edgeUpd.push(e); }
      e.weight = weight_;
    });
    data.nodes.forEach(function (n) {
      var v = !!seen[n.id] || !!state.expanded[n.id] || (showAll && ok[n.id]);
      if (v) { visibleIds.push(n.id); }
      if (n.hidden !== !v) { n.hidden = !v; nodeUpd.push(n); }
    });
    // Straight to vis-network's drawn items (hidden flags, the edges' new widths), then the
    // visible indices recomputed once: a DataSet update of 30,000 edges re-processes every
    // item's options and takes seconds; this takes milliseconds.
    var body = network.body;
    edgeUpd.forEach(function (e) { var b = body.edges[e.id]; if (b) { b.options.hidden = e.hidden; } });
    nodeUpd.forEach(function (n) { var b = body.nodes[n.id]; if (b) { b.options.hidden = n.hidden; } });
    var resized = edgeWidths(function (e) {
      var b = body.edges[e.id];
      if (!b) { return; }
      b.options.width = e.width;
      if (typeof b._setInteractionWidths === "function") { b._setInteractionWidths(); }
    });
    if (edgeUpd.length || nodeUpd.length || resized) { refresh(); }
    view.visible = visibleIds;
    if (!(opts && opts.nofit) && visibleIds.length) { network.fit({nodes: visibleIds, animation: false}); }
    view.lastFilterMs = performance.now() - t0;
    say(fmt(ui.shown, {n: visibleIds.length, e: view.visibleEdgeCount()}));
    return visibleIds.length;
  };

  view.visibleNodeCount = function () { return data.nodes.filter(function (n) { return !n.hidden; }).length; };
  view.visibleNames = function () { return data.nodes.filter(function (n) { return !n.hidden; }).map(function (n) { return n.name; }); };
  view.visibleEdgeCount = function () { return data.edges.filter(function (e) { return !e.hidden; }).length; };
  view.drawnNodeCount = function () { return network.body.nodeIndices.length; };

  // --- controls -------------------------------------------------------------------------------
  var yFrom = $("year-from"), yTo = $("year-to"), minW = $("min-weight"), minOut = $("min-weight-value");
  view.setYears = function (from, to) {
    state.from = (from === null || from === "" || from === "all") ? null : +from;
    state.to = (to === null || to === "" || to === "all") ? null : +to;
    if (yFrom) { yFrom.value = state.from === null ? "" : String(state.from); }
    if (yTo) { yTo.value = state.to === null ? "" : String(state.to); }
    view.year = state.from === null && state.to === null ? "all" : (state.from === state.to ? String(state.from) : state.from + "-" + state.to);
    return view.apply();
  };
  view.setYear = function (y) { return String(y) === "all" ? view.setYears(null, null) : view.setYears(y, y); };
  function checked(box) {
    var all = box.querySelectorAll("input[type=checkbox]"), on = {}, n = 0;
    for (var i = 0; i < all.length; i++) { if (all[i].checked) { on[all[i].value] = true; n++; } }
    return n === all.length ? null : on;
  }
  function setChecks(box, values) {
    var all = box.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < all.length; i++) { all[i].checked = values === null || values.indexOf(all[i].value) >= 0; }
  }
  view.setCategories = function (list) { var b = $("f-cats"); if (b) { setChecks(b, list); state.cats = checked(b); } return view.apply(); };
  view.setLevels = function (list) { var b = $("f-levels"); if (b) { setChecks(b, list); state.levels = checked(b); } return view.apply(); };
  view.setRegion = function (r) { state.region = r || ""; if ($("f-region")) { $("f-region").value = state.region; } return view.apply(); };
  view.setMinWeight = function (w) {
    state.min = +w;
    if (minW) { minW.value = String(w); }
    if (minOut) { minOut.textContent = String(w); }
    return view.apply();
  };
  view.expand = function (id) { state.expanded[id] = true; return view.apply({nofit: true}); };
  view.collapse = function (id) { delete state.expanded[id]; return view.apply({nofit: true}); };
  view.neighbours = function (id) {
    var out = {};
    (incident[id] || []).forEach(function (e) { out[e.from === id ? e.to : e.from] = true; });
    return Object.keys(out).sort();
  };
  view.fit = function () { if (view.visible && view.visible.length) { network.fit({nodes: view.visible, animation: false}); } };
  view.reset = function () {
    state.from = state.to = null; state.cats = state.levels = null; state.region = ""; state.expanded = {};
    if (yFrom) { yFrom.value = ""; } if (yTo) { yTo.value = ""; }
    ["f-cats", "f-levels"].forEach(function (b) { if ($(b)) { setChecks($(b), null); } });
    if ($("f-region")) { $("f-region").value = ""; }
    if (data.threshold) { state.min = data.threshold.value; if (minW) { minW.value = String(state.min); } if (minOut) { minOut.textContent = String(state.min); } }
    return view.apply();
  };
  if (yFrom) { yFrom.addEventListener("change", function () { view.setYears(yFrom.value, yTo.value); }); }
  if (yTo) { yTo.addEventListener("change", function () { view.setYears(yFrom.value, yTo.value); }); }
  ["f-cats", "f-levels"].forEach(function (b) {
    var box = $(b);
    if (box) { box.addEventListener("change", function () { state[b === "f-cats" ? "cats" : "levels"] = checked(box); view.apply(); }); }
  });
  if ($("f-region")) { $("f-region").addEventListener("change", function () { view.setRegion($("f-region").value); }); }
  if (minW) { minW.addEventListener("input", function () { view.setMinWeight(minW.value); }); }
  if ($("fit")) { $("fit").addEventListener("click", view.fit); }
  if ($("reset")) { $("reset").addEventListener("click", view.reset); }

  // --- the side panel ----------------------------------------------------------------------------
  function el(name, text, cls) { var x = document.createElement(name); if (text) { x.textContent = text; } if (cls) { x.className = cls; } return x; }
  function showPanel(id) {
    var n = nodeById[id];
    if (!n) { panel.style.display = "none"; return; }
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    panel.appendChild(el("div", n.name, "pname"));
    panel.appendChild(el("div", n.info || "", "muted"));
    if (n.href) {
      var a = el("a", ui.open);
      a.setAttribute("href", n.href);
      panel.appendChild(a);
    }
    var buttons = el("div");
    var ex = el("button", ui.expand + " (" + view.neighbours(id).length + ")");
    ex.id = "expand";
    ex.addEventListener("click", function () { view.expand(id); });
    var co = el("button", ui.collapse);
    co.id = "collapse";
    co.addEventListener("click", function () { view.collapse(id); });
    buttons.appendChild(ex); buttons.appendChild(co);
    panel.appendChild(buttons);
    panel.style.display = "block";
  }
  function select(id) {
    var n = nodeById[id];
    if (n.hidden) { view.reset(); say(fmt(ui.reset, {name: n.name})); }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.3, animation: false});
    showPanel(id);
    view.selected = id;
  }
  function clearSelection() {
    network.unselectAll();
    panel.style.display = "none";
    view.selected = null;
  }

  // --- search: the command line's name resolution, in the browser --------------------------------
  var idx = data.index;
  var dropRe = new RegExp(idx.drop, "g"), dashRe = new RegExp(idx.dash, "g");
  function fold(text) {
    var t = String(text).normalize("NFKC").trim();
    var out = "";
    for (var i = 0; i < t.length; i++) { var c = t.charAt(i); out += Object.prototype.hasOwnProperty.call(idx.t2s, c) ? idx.t2s[c] : c; }
    out = out.replace(/（/g, "(").replace(/）/g, ")").replace(dropRe, "").replace(dashRe, "-");
    return out.toLowerCase();
  }
  function lcs(a, b) {
    var prev = new Array(b.length + 1).fill(0), cur = new Array(b.length + 1).fill(0);
    for (var i = 1; i <= a.length; i++) {
      for (var j = 1; j <= b.length; j++) {
        cur[j] = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      var t = prev; prev = cur; cur = t;
    }
    return prev[b.length];
  }
  // Candidates best first, as queries.search ranks them: (score, label, name).
  view.candidatesFor = function (query) {
    var raw = String(query || "").trim(), q = fold(raw);
    if (!q) { return []; }
    var best = {};
    function put(e, score, how, complete) {
      var old = best[e[0]];
      if (!old || score > old.score) { best[e[0]] = {id: e[0], label: e[1], name: e[2], info: e[3], score: score, matched: how, complete: complete}; }
    }
    idx.entries.forEach(function (e) {
      if (e[2] === raw) { put(e, 100, "name", true); }
      e[4].forEach(function (k) { if (k === q) { put(e, 100, "name", true); } });
      e[5].forEach(function (k) { if (k === q) { put(e, 100, "short name", true); } });
      var cutoff = Math.max(1, Math.floor((q.length + 1) / 2));
      e[4].concat(e[5]).forEach(function (k) {
        var l = lcs(q, k);
        if (l < cutoff) { return; }
        var complete = l === q.length;
        var score = Math.round(1000 * (0.75 * l / q.length + 0.25 * l / Math.max(k.length, q.length))) / 10;
        put(e, score, complete ? "partial" : "fuzzy", complete);
      });
    });
    var out = Object.keys(best).map(function (k) { return best[k]; });
    out.sort(function (a, b) {
      return (b.score - a.score) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1);
    });
    return out.slice(0, 10);
  };
  function listCandidates(cands) {
    while (candList.firstChild) { candList.removeChild(candList.firstChild); }
    cands.forEach(function (c) {
      var li = el("li"), b = el("button", c.name + (c.info ? " · " + c.info : ""));
      b.setAttribute("data-id", c.id);
      b.addEventListener("click", function () { select(c.id); say(fmt(ui.found, {name: c.name})); });
      li.appendChild(b);
      candList.appendChild(li);
    });
  }
  // One answer when the best candidate is a full match ahead of the rest, or a misspelling
  // that leads the next by the command line's margin; several → listed to choose from.
  view.search = function (query) {
    var q = String(query || "").trim();
    listCandidates([]);
    if (!q) { clearSelection(); view.candidates = []; return null; }
    var cands = view.candidatesFor(q);
    view.candidates = cands;
    var top = cands[0], second = cands[1];
    var sure = top && ((top.score === 100 && (!second || second.score < 100)) ||
      (top.complete && !(second && second.complete && top.score - second.score < idx.margin)) ||
      (top.score >= 50 && (!second || top.score - second.score >= idx.margin)));
    if (!top) { clearSelection(); say(fmt(ui.notfound, {q: q})); return null; }
    if (!sure) {
      clearSelection();
      listCandidates(cands.slice(0, 5));
      say(fmt(ui.several, {q: q, n: Math.min(cands.length, 5)}));
      return null;
    }
    select(top.id);
    if (second && second.score >= 50) { listCandidates(cands.slice(1, 5)); }
    say(fmt(ui.found, {name: top.name}));
    return top.id;
  };

  var input = $("search");
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
  network.on("click", function (p) { if (p.nodes.length) { showPanel(p.nodes[0]); view.selected = p.nodes[0]; } else { panel.style.display = "none"; } });
  network.on("doubleClick", function (p) {
    if (p.nodes.length) { var n = nodeById[p.nodes[0]]; if (n && n.href) { window.location.href = n.href; } }
  });
  data.nodes.forEach(function (n) { n.hidden = false; });
  data.edges.forEach(function (e) { e.hidden = false; });
  view.visible = data.nodes.map(function (n) { return n.id; });

  // Agencies stay labelled, at a readable size on screen, at every zoom: before each frame
  // their label's font is set to AGENCY_PX screen pixels (never smaller than its own size).
  var agencyIds = data.nodes.filter(function (n) { return n.kind === "agency"; }).map(function (n) { return n.id; });
  var lastScale = null;
  network.on("beforeDrawing", function () {
    var scale = network.getScale();
    if (scale === lastScale) { return; }
    lastScale = scale;
    agencyIds.forEach(function (id) {
      var b = network.body.nodes[id];
      if (!b || !b.labelModule || !b.labelModule.fontOptions) { return; }
      var base = b.options.font && b.options.font.size ? b.options.font.size : data.agencyPx;
      b.labelModule.fontOptions.size = Math.max(base, data.agencyPx / scale);
    });
  });
  if (data.threshold && data.threshold.value > data.threshold.min) { view.apply(); } else { say(fmt(ui.shown, {n: data.nodes.length, e: data.edges.length})); }
})();
"""


def options(*, arrows: bool = True, big: bool = False) -> dict[str, Any]:
    """vis-network options: physics off (positions come from Python), CJK-capable fonts,
    dark labels with a white halo (readable over edges)."""
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
            "scaling": {"min": 6, "max": 40, "label": {"enabled": True, "min": 12, "max": 22, "drawThreshold": 5, "maxVisible": 28}},
            "font": {"face": FONT_STACK, "size": 13, "color": "#1f2328", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#9aa7b4", "highlight": "#0b57d0", "hover": "#0b57d0", "opacity": 0.6},
            "scaling": {"min": 1, "max": 8},
            "arrows": {"to": {"enabled": arrows, "scaleFactor": 0.35}},
        },
    }


#: Agencies are labelled at every zoom: their label does not shrink with the node.
AGENCY_FONT = {"size": 15, "color": "#111111", "strokeWidth": 4, "strokeColor": "#ffffff", "bold": {"color": "#111111"}}
AGENCY_SCALING = {"label": {"enabled": False}}


def short_label(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def legend(items: Iterable[tuple[str, str]]) -> Html:
    """A legend: (colour, text) pairs."""
    return tag(
        "ul",
        *(tag("li", Html(f'<span class="swatch" style="background:{h(colour)}"></span>'), text) for colour, text in items),
        class_="legend",
    )


@dataclass
class Filters:
    """The explorer's controls a page offers (empty: not offered)."""

    categories: Sequence[tuple[str, str, str]] = ()  # (value, label, colour)
    levels: Sequence[tuple[str, str]] = ()  # (value, label)
    regions: Sequence[str] = ()
    #: {"min", "max", "step", "value", "label"}: the edge-weight threshold slider
    threshold: dict[str, Any] | None = None


def _checks(box_id: str, title: str, items: Sequence[tuple[str, Any]]) -> Html:
    boxes = [tag("label", Html(f'<input type="checkbox" value="{h(value)}" checked> '), label) for value, label in items]
    return tag("details", tag("summary", title), tag("div", *boxes, id=box_id), class_="filter")


def _controls(years: Sequence[int], f: Filters, placeholder: str) -> Html:
    parts: list[Any] = []
    if years:
        opts_from = [tag("option", tr("all"), value="")] + [tag("option", str(y), value=str(y)) for y in years]
        parts.append(
            tag(
                "label",
                tr("Years"),
                " ",
                tag("select", *opts_from, id="year-from"),
                f" {tr('to')} ",
                tag("select", *opts_from, id="year-to"),
            )
        )
    if f.categories:
        parts.append(
            _checks(
                "f-cats", tr("Categories"), [(v, join([Html(f'<span class="swatch" style="background:{h(c)}"></span>'), lab])) for v, lab, c in f.categories]
            )
        )
    if f.levels:
        parts.append(_checks("f-levels", tr("Agency levels"), list(f.levels)))
    if f.regions:
        parts.append(
            tag(
                "label",
                tr("Regions"),
                " ",
                tag("select", tag("option", tr("all"), value=""), *(tag("option", r, value=r) for r in f.regions), id="f-region"),
            )
        )
    if f.threshold:
        t = f.threshold
        parts.append(
            tag(
                "label",
                t["label"],
                " ",
                Html(f'<input type="range" id="min-weight" min="{h(t["min"])}" max="{h(t["max"])}" step="{h(t["step"])}" value="{h(t["value"])}"> '),
                tag("output", str(t["value"]), id="min-weight-value"),
            )
        )
    parts.append(tag("button", tr("Fit"), id="fit", type="button"))
    parts.append(tag("button", tr("Reset"), id="reset", type="button"))
    find = tag(
        "label",
        tr("Find"),
        " ",
        Html(f'<input type="search" id="search" autocomplete="off" placeholder="{h(placeholder)}">'),
    )
    return join(
        [
            tag("div", *parts, class_="netbar"),
            tag("div", find, tag("span", "", id="status"), class_="netbar"),
            tag("ul", "", id="candidates"),
        ]
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
    placeholder: str | None = None,
    filters: Filters | None = None,
) -> str:
    """A network page. ``nodes`` need ``id`` (safe ASCII), ``name``, ``label``, ``title``
    (plain-text tooltip), ``kind`` (``law``/``agency``), optionally ``aliases`` (for the
    search index only), ``href``/``info``/``x``/``y``/``value``/``color``/``cat``/``level``/
    ``region``; ``edges`` need ``id``, ``from``, ``to``, ``total`` and optionally
    ``years`` {year: value}."""
    vis = assets.vis_network()
    f = filters or Filters()
    index = build_index(
        [(n["id"], "Agency" if n.get("kind") == "agency" else "Law", n["name"], n.pop("aliases", ()) or (), n.get("cat") or n.get("level")) for n in nodes]
    )
    bar = _controls(years, f, placeholder or tr("a law or an agency: full, short, Traditional or partial name"))
    body = join(
        [
            tag("h1", title),
            intro,
            legend_html,
            bar,
            tag("div", tag("div", "", id="network"), tag("div", "", id="panel"), id="netwrap"),
            tag("p", tr("Hover for details, click to select, double-click to open a node's page; drag to pan, scroll to zoom."), class_="muted"),
            after,
        ]
    )
    ui = {
        "shown": tr("{n} nodes, {e} edges shown"),
        "found": tr("found: {name}"),
        "notfound": tr("not found: {q} (selection cleared)"),
        "several": tr("{n} candidates for {q}: choose one"),
        "reset": tr("filters reset to show {name}"),
        "open": tr("open page →"),
        "expand": tr("Expand neighbours"),
        "collapse": tr("Collapse"),
    }
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": opts or options(),
        "years": list(years),
        "index": index,
        "ui": ui,
        "threshold": f.threshold,
        "agencyPx": AGENCY_FONT["size"],
    }
    return document(title, body, scripts=[vis.js, NETWORK_JS], styles=[vis.css, NETWORK_CSS], data=data, wide=True)
