"""Two derived networks: laws cited together, and agencies that cite alike.

* Co-citation: two documents are linked when one report cites both; the weight is the
  number of such reports (per year for the year filter).
* Agency similarity: the cosine similarity of two agencies' citation profiles (how often
  each cites each document, all years); each agency keeps its ``TOP_SIMILAR`` nearest
  neighbours with a similarity of at least ``MIN_SIMILARITY``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

from lawgraph.graph.views.data import LEVEL_COLOURS, ViewData, category_colour, category_order, years_text
from lawgraph.graph.views.network_page import legend, layout, network_document, options, short_label
from lawgraph.graph.views.page import join, number, tag

#: Laws in the co-citation network (the most cited); agencies in the similarity network.
MAX_LAWS = 250
MAX_AGENCIES = 300
#: Edges kept in the co-citation network (the heaviest), so a big graph stays drawable.
MAX_COCITATION_EDGES = 3000
TOP_SIMILAR = 5
MIN_SIMILARITY = 0.05


def cocitation(data: ViewData, laws: set[str] | None = None) -> dict[tuple[str, str], Counter]:
    """``(law a, law b)`` with a < b → reports citing both, counted per report year
    (``None`` for reports without a year)."""
    pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for rep in data.reports.values():
        cited = sorted({law for law, _ in rep.cites if laws is None or law in laws})
        for a, b in combinations(cited, 2):
            pairs[(a, b)][rep.year] += 1
    return dict(sorted(pairs.items()))


def cocited_with(data: ViewData, law_id: str, n: int = 10) -> list[tuple[str, int]]:
    """The documents most often cited in the same reports as ``law_id``."""
    counts: Counter = Counter()
    for rep_id in set(data.laws[law_id].reports):
        for other in {law for law, _ in data.reports[rep_id].cites}:
            if other != law_id:
                counts[other] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], data.laws[kv[0]].title, kv[0]))[:n]


def similarity(data: ViewData, agencies: set[str] | None = None) -> dict[str, list[tuple[str, float, int]]]:
    """Agency → its nearest agencies as ``(other, cosine, shared documents)``, best first."""
    profiles = {
        a.id: a.laws for a in data.agencies.values() if a.laws and (agencies is None or a.id in agencies)
    }
    norms = {a: math.sqrt(sum(c * c for c in p.values())) for a, p in profiles.items()}
    by_law: dict[str, list[str]] = defaultdict(list)
    for a in sorted(profiles):
        for law in profiles[a]:
            by_law[law].append(a)
    dots: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0])
    for law, citing in by_law.items():
        if len(citing) > 2000:
            continue  # a document everyone cites says nothing about likeness (and is quadratic)
        for a, b in combinations(citing, 2):
            slot = dots[(a, b)]
            slot[0] += profiles[a][law] * profiles[b][law]
            slot[1] += 1
    near: dict[str, list[tuple[str, float, int]]] = defaultdict(list)
    for (a, b), (dot, shared) in dots.items():
        cos = dot / (norms[a] * norms[b])
        if cos >= MIN_SIMILARITY:
            near[a].append((b, cos, shared))
            near[b].append((a, cos, shared))
    return {
        a: sorted(v, key=lambda t: (-t[1], -t[2], t[0]))[:TOP_SIMILAR] for a, v in sorted(near.items())
    }


def render_cocitation(data: ViewData) -> str:
    ranked = [x.id for x in data.law_ranking()]
    keep = set(ranked[:MAX_LAWS])
    pairs = cocitation(data, keep)
    heavy = sorted(pairs.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:MAX_COCITATION_EDGES]
    heavy.sort(key=lambda kv: kv[0])
    in_edges = {law for (a, b), _ in heavy for law in (a, b)}
    node_ids = sorted(in_edges)
    ids = {law: f"n{i}" for i, law in enumerate(node_ids)}
    pos = layout(node_ids, ((a, b, sum(c.values())) for (a, b), c in heavy))
    nodes: list[dict[str, Any]] = []
    for law_id in node_ids:
        law = data.laws[law_id]
        info = f"{law.category or 'uncategorised'} · {law.citations} citations"
        nodes.append(
            {
                "id": ids[law_id],
                "name": law.title,
                "label": short_label(law.title),
                "title": f"{law.title}\n{info}\nyears: {years_text(law.by_year)}",
                "info": info,
                "href": law.href,
                "color": category_colour(law.category),
                "value": max(law.citations, 1),
                "x": pos[law_id][0],
                "y": pos[law_id][1],
            }
        )
    edges = []
    for i, ((a, b), by_year) in enumerate(heavy):
        total = sum(by_year.values())
        edges.append(
            {
                "id": f"e{i}",
                "from": ids[a],
                "to": ids[b],
                "total": total,
                "value": total,
                "years": {str(y): c for y, c in sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)) if y is not None},
                "title": f"{data.laws[a].title}\n{data.laws[b].title}\ncited together in {total} reports",
            }
        )
    intro = [tag("p", "Two documents are linked when one report cites both; edge width is the number of such reports.")]
    if len(ranked) > MAX_LAWS or len(pairs) > len(heavy):
        intro.append(
            tag(
                "p",
                f"Large graph: the {number(min(len(ranked), MAX_LAWS))} most-cited of {number(len(ranked))} documents "
                f"and the {number(len(heavy))} strongest of {number(len(pairs))} links.",
                class_="note",
            )
        )
    alone = len(keep) - len(node_ids)
    if alone:
        intro.append(tag("p", f"{number(alone)} documents never cited together with another are not shown.", class_="muted"))
    cats = category_order(data.laws[x].category for x in node_ids)
    return network_document(
        "Co-citation network of documents",
        join(intro),
        nodes,
        edges,
        years=data.years,
        legend_html=legend([(category_colour(c), c or "uncategorised") for c in cats]),
        opts=options(arrows=False, big=len(nodes) > 200),
        placeholder="a document, by title",
    )


def render_similarity(data: ViewData, near: dict[str, list[tuple[str, float, int]]] | None = None) -> str:
    ranked = [a.id for a in data.agency_ranking() if a.laws]
    keep = set(ranked[:MAX_AGENCIES])
    near = near if near is not None else similarity(data)
    pairs: dict[tuple[str, str], tuple[float, int]] = {}
    for a, others in near.items():
        if a not in keep:
            continue
        for b, cos, shared in others:
            if b in keep:
                pairs[tuple(sorted((a, b)))] = (cos, shared)
    node_ids = sorted(keep)
    ids = {a: f"n{i}" for i, a in enumerate(node_ids)}
    pos = layout(node_ids, ((a, b, cos * 10) for (a, b), (cos, _) in pairs.items()))
    nodes = []
    for a_id in node_ids:
        a = data.agencies[a_id]
        level = a.attrs.get("level") or "unknown"
        info = f"{level} · {len(a.laws)} documents cited · {a.citations} citations"
        nodes.append(
            {
                "id": ids[a_id],
                "name": a.name,
                "label": short_label(a.name, 16),
                "title": f"{a.name}\n{info}",
                "info": info,
                "href": a.href,
                "color": LEVEL_COLOURS.get(level, LEVEL_COLOURS["unknown"]),
                "value": max(len(a.laws), 1),
                "x": pos[a_id][0],
                "y": pos[a_id][1],
            }
        )
    edges = []
    for i, ((a, b), (cos, shared)) in enumerate(sorted(pairs.items())):
        edges.append(
            {
                "id": f"e{i}",
                "from": ids[a],
                "to": ids[b],
                "total": round(cos, 4),
                "value": round(cos, 4),
                "title": f"{data.agencies[a].name}\n{data.agencies[b].name}\ncosine {cos:.2f}, {shared} documents in common",
            }
        )
    intro = [
        tag(
            "p",
            f"Agencies linked to their {TOP_SIMILAR} most similar (cosine of citation profiles ≥ {MIN_SIMILARITY}); "
            "edge width is the similarity.",
        )
    ]
    if len(ranked) > MAX_AGENCIES:
        intro.append(tag("p", f"Large graph: the {number(MAX_AGENCIES)} most-citing of {number(len(ranked))} agencies.", class_="note"))
    levels = sorted({data.agencies[a].attrs.get("level") or "unknown" for a in node_ids})
    return network_document(
        "Agency similarity",
        join(intro),
        nodes,
        edges,
        legend_html=legend([(LEVEL_COLOURS.get(lv, LEVEL_COLOURS["unknown"]), lv) for lv in levels]),
        opts=options(arrows=False, big=len(nodes) > 200),
        placeholder="an agency, by name",
    )
