"""Two derived networks: documents cited together, and agencies that cite alike.

Neither measure is computed here: each is the answer of a canned query, defined once in
:mod:`queries` (the ``.cypher`` file and its in-memory twin), so the pages and
``lawgraph query`` always agree.

* Co-citation: ``co-cited`` — two documents are linked by the number of reports citing
  both. The page opens at a threshold (:func:`default_threshold`) so that it is not a
  hairball, with a slider to go down to 1.
* Agency similarity: ``similar-agencies`` — the Jaccard index of the documents two
  agencies cite; each agency keeps its ``TOP_SIMILAR`` most similar.

Communities (Louvain, fixed seed: the same graph gives the same colours) colour both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from lawgraph.graph.views.data import LEVEL_COLOURS, ViewData, category_colour, years_text
from lawgraph.graph.views.i18n import level_name, tr
from lawgraph.graph.views.network_page import Filters, legend, layout, network_document, options, short_label
from lawgraph.graph.views.page import join, number, tag
from lawgraph.graph.views.measures import Measures

#: Laws in the co-citation network (the most cited); agencies in the similarity network.
MAX_LAWS = 250
MAX_AGENCIES = 300
TOP_SIMILAR = 5
#: The co-citation page opens showing about this many edges per node at most.
EDGES_PER_NODE = 2.0
COMMUNITY_SEED = 7
COMMUNITY_COLOURS = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#59a14f",
    "#b07aa1",
    "#9c755f",
    "#76b7b2",
    "#edc948",
    "#ff9da7",
    "#86bcb6",
    "#d37295",
    "#8cd17d",
)
SMALL_COMMUNITY_COLOUR = "#b9b9b9"


def default_threshold(weights: list[int], n_nodes: int) -> int:
    """The smallest weight at which at most ``EDGES_PER_NODE × nodes`` edges remain.

    >>> default_threshold([1] * 500 + [2] * 40 + [5] * 7, 56)
    2
    """
    budget = max(1, int(EDGES_PER_NODE * n_nodes))
    for t in sorted(set(weights)):
        if sum(1 for w in weights if w >= t) <= budget:
            return t
    return max(weights, default=1)


def communities(node_ids: list[str], edges: Sequence[tuple[str, str, float]]) -> dict[str, int]:
    """Node → community number (0 = the largest); singletons and pairs share -1."""
    g = nx.Graph()
    g.add_nodes_from(node_ids)
    g.add_weighted_edges_from((u, v, w) for u, v, w in edges if u != v)
    if g.number_of_edges() == 0:
        return {n: -1 for n in node_ids}
    found = nx.community.louvain_communities(g, weight="weight", seed=COMMUNITY_SEED)
    found = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    out: dict[str, int] = {}
    k = 0
    for c in found:
        number_ = k if len(c) > 2 else -1
        k += len(c) > 2
        for n in c:
            out[n] = number_
    return out


def community_colour(c: int) -> str:
    return SMALL_COMMUNITY_COLOUR if c < 0 else COMMUNITY_COLOURS[c % len(COMMUNITY_COLOURS)]


def _community_legend(comm: dict[str, int], names: dict[str, str]) -> Any:
    members: dict[int, list[str]] = {}
    for n, c in comm.items():
        members.setdefault(c, []).append(n)
    items = []
    for c in sorted(k for k in members if k >= 0)[: len(COMMUNITY_COLOURS)]:
        lead = sorted(members[c], key=lambda n: names[n])[0]
        items.append((community_colour(c), f"{tr('Community')} {c + 1} · {short_label(names[lead], 12)} ({len(members[c])})"))
    return legend(items)


def render_cocitation(data: ViewData, measures: Measures) -> str:
    ranked = [x.id for x in data.law_ranking()]
    keep = set(ranked[:MAX_LAWS])
    pairs = measures.cocitation_pairs(keep)
    node_ids = sorted({law for pair in pairs for law in pair})
    ids = {law: f"n{i}" for i, law in enumerate(node_ids)}
    weighted = [(a, b, w) for (a, b), w in sorted(pairs.items())]
    pos = layout(node_ids, weighted)
    comm = communities(node_ids, weighted)
    nodes: list[dict[str, Any]] = []
    for law_id in node_ids:
        law = data.laws[law_id]
        info = f"{law.category or tr('uncategorised')} · {law.citations} {tr('citations')} · {tr('Community')} {comm[law_id] + 1 if comm[law_id] >= 0 else '—'}"
        nodes.append(
            {
                "id": ids[law_id],
                "kind": "law",
                "name": law.title,
                "aliases": list(law.attrs.get("short_titles") or ()),
                "cat": law.category or "",
                "label": short_label(law.title),
                "title": f"{law.title}\n{info}\n{tr('years')}: {years_text(law.by_year)}",
                "info": info,
                "href": law.href,
                "color": {"background": community_colour(comm[law_id]), "border": category_colour(law.category)},
                "borderWidth": 2,
                "value": max(law.citations, 1),
                "x": pos[law_id][0],
                "y": pos[law_id][1],
            }
        )
    edges = []
    for i, (a, b, w) in enumerate(weighted):
        edges.append(
            {
                "id": f"e{i}",
                "from": ids[a],
                "to": ids[b],
                "total": w,
                "value": w,
                "title": f"{data.laws[a].title}\n{data.laws[b].title}\n{tr('Reports citing both')}: {w}",
            }
        )
    weights = [w for _, _, w in weighted]
    start = default_threshold(weights, len(node_ids))
    intro = [
        tag("p", tr("Two documents are linked when at least this many reports cite both; colours are communities (groups of documents cited together).")),
        tag("p", tr("Two documents are linked when one report cites both (query co-cited); edge width is the number of such reports."), class_="muted"),
    ]
    if len(ranked) > MAX_LAWS:
        intro.append(tag("p", tr("Large graph: the {k} most-cited of {n} documents.").format(k=number(MAX_LAWS), n=number(len(ranked))), class_="note"))
    alone = len(keep) - len(node_ids)
    if alone:
        intro.append(tag("p", tr("{n} documents never cited together with another are not shown.").format(n=number(alone)), class_="muted"))
    return network_document(
        tr("Co-citation network of documents"),
        join(intro),
        nodes,
        edges,
        legend_html=_community_legend(comm, {x: data.laws[x].title for x in node_ids}),
        opts=options(arrows=False, big=len(nodes) > 200),
        placeholder=tr("a document, by title"),
        filters=Filters(threshold={"min": 1, "max": max(weights, default=1), "step": 1, "value": start, "label": tr("Min. reports in common")}),
    )


def render_similarity(data: ViewData, measures: Measures) -> str:
    ranked = [a.id for a in data.agency_ranking() if a.laws]
    keep = set(ranked[:MAX_AGENCIES])
    pairs: dict[tuple[str, str], tuple[float, int]] = {}
    for a in sorted(keep):
        for row in measures.similar_agencies(a)[:TOP_SIMILAR]:
            b = row["agency_id"]
            if b in keep:
                pairs[tuple(sorted((a, b)))] = (row["jaccard"], row["shared"])
    node_ids = sorted(keep)
    ids = {a: f"n{i}" for i, a in enumerate(node_ids)}
    weighted = [(a, b, j) for (a, b), (j, _) in sorted(pairs.items())]
    pos = layout(node_ids, ((a, b, j * 10) for a, b, j in weighted))
    comm = communities(node_ids, weighted)
    nodes = []
    for a_id in node_ids:
        ag = data.agencies[a_id]
        level = ag.attrs.get("level") or "unknown"
        info = f"{level_name(level)} · {len(ag.laws)} {tr('documents cited')} · {ag.citations} {tr('citations')}"
        nodes.append(
            {
                "id": ids[a_id],
                "kind": "agency",
                "name": ag.name,
                "aliases": list(ag.attrs.get("aliases") or ()),
                "level": level,
                "region": ag.attrs.get("region") or "",
                "label": short_label(ag.name, 16),
                "title": f"{ag.name}\n{info}",
                "info": info,
                "href": ag.href,
                "color": {"background": community_colour(comm[a_id]), "border": LEVEL_COLOURS.get(level, LEVEL_COLOURS["unknown"])},
                "borderWidth": 2,
                "value": max(len(ag.laws), 1),
                "x": pos[a_id][0],
                "y": pos[a_id][1],
            }
        )
    edges = []
    for i, ((a, b), (jac, shared)) in enumerate(sorted(pairs.items())):
        edges.append(
            {
                "id": f"e{i}",
                "from": ids[a],
                "to": ids[b],
                "total": round(jac, 4),
                "value": round(jac, 4),
                "title": f"{data.agencies[a].name}\n{data.agencies[b].name}\nJaccard {jac:.2f} · {tr('Documents in common')}: {shared}",
            }
        )
    intro = [
        tag(
            "p",
            tr(
                "Agencies linked to their {k} most similar (Jaccard similarity of the documents they cite, query similar-agencies); edge width is the similarity; colours are communities."
            ).format(k=TOP_SIMILAR),
        )
    ]
    if len(ranked) > MAX_AGENCIES:
        intro.append(tag("p", tr("Large graph: the {k} most-citing of {n} agencies.").format(k=number(MAX_AGENCIES), n=number(len(ranked))), class_="note"))
    levels = sorted({data.agencies[a].attrs.get("level") or "unknown" for a in node_ids})
    return network_document(
        tr("Agency similarity"),
        join(intro),
        nodes,
        edges,
        legend_html=_community_legend(comm, {x: data.agencies[x].name for x in node_ids}),
        opts=options(arrows=False, big=len(nodes) > 200),
        placeholder=tr("an agency, by name"),
        filters=Filters(
            levels=[(lv, level_name(lv)) for lv in levels],
            threshold={"min": 0, "max": 1, "step": 0.05, "value": 0, "label": tr("Min. similarity")},
        ),
    )
