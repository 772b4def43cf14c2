"""The overview: agencies and the laws they cite, one edge per (agency, law) pair.

Laws are coloured by category, agencies in slate; node size is the number of citations,
edge width the number of citations of that pair (in the selected year). Above
``max_nodes`` nodes, only the most-cited laws and the most-citing agencies are kept, and the
page says what was cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lawgraph.graph.views.data import AGENCY_COLOUR, ViewData, category_colour, category_order, pair_years, years_text
from lawgraph.graph.views.i18n import level_name, tr
from lawgraph.graph.views.network_page import AGENCY_FONT, AGENCY_SCALING, Filters, legend, layout, network_document, options, short_label
from lawgraph.graph.views.page import join, link, number, tag

#: Above this many nodes the overview keeps the top ones (vis-network stays fluid below it).
MAX_NODES = 400
#: A "big" overview (``--max-nodes`` raised above this): documents are labelled on hover
#: only (agencies always), no arrow heads, and at most EDGES_PER_BIG_NODE × nodes edges —
#: every node's heaviest edge, then the heaviest others. vis-network builds each label and
#: edge on load (about 0.3 ms per label, 0.2 ms per edge): this keeps 5,000 nodes near 2 s.
BIG = 1500
EDGES_PER_BIG_NODE = 1.0


@dataclass
class Selection:
    """The nodes and pair-edges the overview shows, and what it left out."""

    laws: list[str]
    agencies: list[str]
    pairs: dict[tuple[str, str], dict[int, int]]
    total_laws: int
    total_agencies: int
    mentioned_only: int  # agencies only mentioned, never citing (not in the overview)

    @property
    def node_ids(self) -> list[str]:
        return self.agencies + self.laws

    @property
    def cut(self) -> bool:
        return len(self.laws) < self.total_laws or len(self.agencies) < self.total_agencies


def select(data: ViewData, max_nodes: int = MAX_NODES) -> Selection:
    """Agencies that cite something and every cited law; the top ones above ``max_nodes``."""
    laws = [x.id for x in data.law_ranking()]
    citing = [a.id for a in data.agency_ranking() if a.citations > 0]
    mentioned_only = sum(1 for a in data.agencies.values() if a.citations == 0)
    n_laws, n_agencies = len(laws), len(citing)
    if n_laws + n_agencies > max_nodes:
        # Agencies get at least a third of the room (they are who the reader looks for).
        keep_agencies = min(n_agencies, max(max_nodes // 3, max_nodes - n_laws))
        keep_laws = min(n_laws, max_nodes - keep_agencies)
        laws, citing = laws[:keep_laws], citing[:keep_agencies]
    laws.sort()
    citing.sort()
    keep_l, keep_a = set(laws), set(citing)
    pairs = {k: v for k, v in sorted(pair_years(data.projection).items()) if k[0] in keep_a and k[1] in keep_l}
    return Selection(laws, citing, pairs, n_laws, n_agencies, mentioned_only)


def visible_after_year(sel: Selection, year: int | str) -> int:
    """How many nodes the page shows for a year choice (what the browser test expects)."""
    if str(year) == "all":
        return len(sel.node_ids)
    y = int(year)
    seen: set[str] = set()
    for (a, law), years in sel.pairs.items():
        if years.get(y):
            seen.update((a, law))
    return len(seen)


def build(data: ViewData, max_nodes: int = MAX_NODES) -> tuple[Selection, list[dict[str, Any]], list[dict[str, Any]]]:
    """The selection and the vis-network nodes and edges of the overview."""
    sel = select(data, max_nodes)
    ids = {node: f"n{i}" for i, node in enumerate(sel.node_ids)}
    pos = layout(sel.node_ids, ((a, law, sum(y.values())) for (a, law), y in sel.pairs.items()))
    nodes: list[dict[str, Any]] = []
    for a_id in sel.agencies:
        a = data.agencies[a_id]
        region = a.attrs.get("region") or ""
        level = a.attrs.get("level") or "unknown"
        info = f"{tr('Agency')} · {level_name(level)}{' · ' + region if region else ''} · {a.citations} {tr('citations')}"
        nodes.append(
            {
                "id": ids[a_id],
                "kind": "agency",
                "name": a.name,
                "aliases": list(a.attrs.get("aliases") or ()),
                "level": level,
                "region": region,
                "label": short_label(a.name, 16),
                "title": f"{a.name}\n{info}\n{tr('documents cited')}: {len(a.laws)}\n{tr('years')}: {years_text(a.by_year)}",
                "info": info,
                "href": a.href,
                "shape": "diamond",
                "color": AGENCY_COLOUR,
                "font": AGENCY_FONT,
                "scaling": AGENCY_SCALING,
                "value": max(a.citations, 1),
                "x": pos[a_id][0],
                "y": pos[a_id][1],
            }
        )
    for law_id in sel.laws:
        law = data.laws[law_id]
        info = f"{law.category or tr('uncategorised')} · {law.citations} {tr('citations')} · {len(law.agencies)} {tr('agencies')}"
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
                "color": category_colour(law.category),
                "value": max(law.citations, 1),
                "x": pos[law_id][0],
                "y": pos[law_id][1],
            }
        )
    pairs = list(sel.pairs.items())
    if len(sel.node_ids) > BIG:
        for n in nodes:
            if n["kind"] == "law":
                n["label"] = ""
        pairs = _heaviest(pairs, int(EDGES_PER_BIG_NODE * len(sel.node_ids)))
    edges = []
    for i, ((a_id, law_id), years) in enumerate(pairs):
        total = sum(years.values())
        edges.append(
            {
                "id": f"e{i}",
                "from": ids[a_id],
                "to": ids[law_id],
                "total": total,
                "value": total,
                "years": {str(y): c for y, c in sorted(years.items())},
                "title": f"{data.agencies[a_id].name} → {data.laws[law_id].title}\n{total} {tr('citations')} ({years_text(years)})",
            }
        )
    if len(sel.node_ids) > BIG:
        for e in edges:
            del e["title"]  # edge tooltips: small graphs only (each costs vis-network a tooltip on load)
    return sel, nodes, edges


def _heaviest(pairs: list, budget: int) -> list:
    """Every node's heaviest edge, then the heaviest others, up to ``budget``; original order."""
    order = sorted(range(len(pairs)), key=lambda i: (-sum(pairs[i][1].values()), i))
    keep: set[int] = set()
    covered: set[str] = set()
    for i in order:
        a, law = pairs[i][0]
        if a not in covered or law not in covered:
            keep.add(i)
            covered.update((a, law))
    for i in order:
        if len(keep) >= budget:
            break
        keep.add(i)
    return [pairs[i] for i in sorted(keep)]


def filters_of(data: ViewData, sel: Selection, edges: list[dict[str, Any]]) -> Filters:
    """The explorer's choices: the categories, levels and regions on the page; edge weights."""
    cats = category_order(data.laws[x].category for x in sel.laws)
    levels = sorted({data.agencies[a].attrs.get("level") or "unknown" for a in sel.agencies}, key=_level_rank)
    regions = sorted({r for a in sel.agencies if (r := data.agencies[a].attrs.get("region"))})
    top = max((e["total"] for e in edges), default=1)
    return Filters(
        categories=[(c or "", c or tr("uncategorised"), category_colour(c)) for c in cats],
        levels=[(lv, level_name(lv)) for lv in levels],
        regions=regions,
        threshold={"min": 1, "max": max(top, 1), "step": 1, "value": 1, "label": tr("Min. edge weight")},
    )


def _big_options(opts: dict[str, Any], big: bool) -> dict[str, Any]:
    if big:
        opts["edges"]["arrows"]["to"]["enabled"] = False
    return opts


def _level_rank(level: str) -> tuple[int, str]:
    order = ["central", "provincial", "municipal", "district", "street", "unknown"]
    return (order.index(level) if level in order else len(order) - 1, level)


def render(data: ViewData, max_nodes: int = MAX_NODES) -> tuple[str, Selection]:
    sel, nodes, edges = build(data, max_nodes)
    intro_parts: list[Any] = [
        tag(
            "p",
            tr("{a} agencies and {d} cited documents; an edge is an agency citing a document (all its reports of a year).").format(
                a=number(len(sel.agencies)), d=number(len(sel.laws))
            ),
        )
    ]
    if sel.cut:
        intro_parts.append(
            tag(
                "p",
                tr("Large graph: showing the {d} most-cited of {dt} documents and the {a} most-citing of {at} agencies. Every node has its page: see ").format(
                    d=number(len(sel.laws)), dt=number(sel.total_laws), a=number(len(sel.agencies)), at=number(sel.total_agencies)
                ),
                link("laws/index.html", tr("all laws")),
                tr(" and "),
                link("agencies/index.html", tr("all agencies")),
                tr("; the exports hold the full graph."),
                class_="note",
                data_cut="1",
            )
        )
    if len(edges) < len(sel.pairs):
        intro_parts.append(
            tag(
                "p",
                tr("Very large graph: the {k} heaviest of {n} edges are drawn (every node keeps its heaviest); documents are labelled on hover.").format(
                    k=number(len(edges)), n=number(len(sel.pairs))
                ),
                class_="note",
            )
        )
    if sel.mentioned_only:
        intro_parts.append(
            tag(
                "p",
                tr("{n} agencies that are only mentioned in reports (they cite nothing) are not shown.").format(n=number(sel.mentioned_only)),
                class_="muted",
            )
        )
    used = category_order(data.laws[x].category for x in sel.laws)
    leg = legend([(AGENCY_COLOUR, tr("agency (◆)"))] + [(category_colour(c), c or tr("uncategorised")) for c in used])
    html = network_document(
        tr("Overview: who cites what"),
        join(intro_parts),
        nodes,
        edges,
        years=data.years,
        legend_html=leg,
        opts=_big_options(options(big=len(nodes) > 200), len(nodes) > BIG),
        filters=filters_of(data, sel, edges),
    )
    return html, sel
