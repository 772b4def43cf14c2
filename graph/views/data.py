"""What the pages need, computed once from the store in one pass over the graph.

The facts of the graph — the laws with their citation totals per year and per agency, the
agencies with what they cite, the reports with their citations and mentions, and the
projection edges — are read here from the store; the *measures* (co-citation, similarity,
top documents and agencies) are the canned queries' answers, through
:mod:`graph.views.measures`, so that each is defined once. File names come from
:mod:`graph.views.paths`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from lawgraph.extract.records import CATEGORIES
from lawgraph.graph import model
from lawgraph.graph.views.paths import slug

#: One colour per category (colour-blind-friendly order: Tableau 10), agencies in slate.
CATEGORY_COLOURS = dict(
    zip(
        CATEGORIES,
        (
            "#4e79a7",  # 法律
            "#f28e2b",  # 行政法规
            "#e15759",  # 地方性法规
            "#76b7b2",  # 规章
            "#59a14f",  # 党内法规
            "#edc948",  # 规范性文件
            "#b07aa1",  # 规划纲要
            "#ff9da7",  # 工作文件
            "#9c755f",  # 标准
            "#bab0ac",  # 其他
        ),
    )
)
UNKNOWN_COLOUR = "#cccccc"
AGENCY_COLOUR = "#2f3e4e"
LEVEL_COLOURS = {
    "central": "#8c2d04",
    "provincial": "#cc4c02",
    "municipal": "#ec7014",
    "district": "#4e79a7",
    "street": "#76b7b2",
    "unknown": "#9a9a9a",
}

LAWS_DIR = "laws"
AGENCIES_DIR = "agencies"
REPORTS_DIR = "reports"


def category_colour(category: str | None) -> str:
    return CATEGORY_COLOURS.get(category or "", UNKNOWN_COLOUR)


def category_order(categories) -> list:
    """Categories in the order of :data:`extract.records.CATEGORIES`, unknown ones last."""
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(set(categories), key=lambda c: (rank.get(c, len(rank)), str(c)))


def _seq(value: Any) -> list:
    """Stored lists may be tuples (in memory) or lists (loaded): read both."""
    return list(value) if value else []


@dataclass
class LawInfo:
    id: str
    title: str
    category: str | None
    attrs: dict[str, Any]
    href: str  # relative to the views folder
    citations: int = 0  # sum of Report -CITES-> Law counts
    by_year: Counter = field(default_factory=Counter)  # citations per report year
    agencies: Counter = field(default_factory=Counter)  # projection counts per agency
    reports: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.title


@dataclass
class AgencyInfo:
    id: str
    name: str
    attrs: dict[str, Any]
    href: str
    citations: int = 0  # sum of projection counts
    by_year: Counter = field(default_factory=Counter)
    laws: Counter = field(default_factory=Counter)
    issued: list[str] = field(default_factory=list)
    mentioned_in: list[str] = field(default_factory=list)


@dataclass
class ReportInfo:
    id: str
    attrs: dict[str, Any]
    href: str
    issuers: list[str] = field(default_factory=list)
    cites: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (law id, edge props)
    mentions: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (agency id, edge props)

    @property
    def title(self) -> str:
        return self.attrs.get("title") or self.attrs.get("source") or self.id

    @property
    def year(self) -> int | None:
        return self.attrs.get("year")


@dataclass
class ProjectionEdge:
    agency: str
    law: str
    year: int
    count: int
    reports: list[str]


@dataclass
class ViewData:
    laws: dict[str, LawInfo]
    agencies: dict[str, AgencyInfo]
    reports: dict[str, ReportInfo]
    projection: list[ProjectionEdge]
    years: list[int]
    summary: dict[str, Any]
    by_law: dict[str, list[ProjectionEdge]] = field(default_factory=dict)
    by_agency: dict[str, list[ProjectionEdge]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_law: dict[str, list[ProjectionEdge]] = defaultdict(list)
        by_agency: dict[str, list[ProjectionEdge]] = defaultdict(list)
        for e in self.projection:
            by_law[e.law].append(e)
            by_agency[e.agency].append(e)
        self.by_law, self.by_agency = dict(by_law), dict(by_agency)

    def law_ranking(self) -> list[LawInfo]:
        """Laws by citations (most first), ties by title then id: a stable order."""
        return sorted(self.laws.values(), key=lambda x: (-x.citations, x.title, x.id))

    def agency_ranking(self) -> list[AgencyInfo]:
        return sorted(self.agencies.values(), key=lambda x: (-x.citations, x.name, x.id))


def collect(store) -> ViewData:
    """One pass over the store's graph."""
    g = store.graph
    laws: dict[str, LawInfo] = {}
    agencies: dict[str, AgencyInfo] = {}
    reports: dict[str, ReportInfo] = {}
    for n in sorted(g.nodes):
        attrs = g.nodes[n]
        label = attrs.get("label")
        if label == model.LAW:
            laws[n] = LawInfo(n, attrs.get("title") or n, attrs.get("category"), attrs, f"{LAWS_DIR}/{slug(n)}.html")
        elif label == model.AGENCY:
            agencies[n] = AgencyInfo(n, attrs.get("name") or n, attrs, f"{AGENCIES_DIR}/{slug(n)}.html")
        elif label == model.REPORT:
            reports[n] = ReportInfo(n, attrs, f"{REPORTS_DIR}/{slug(n)}.html")

    projection: list[ProjectionEdge] = []
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda t: t[:3]):
        if k == model.CITES:  # Report -> Law
            rep, law = reports.get(u), laws.get(v)
            if rep is None or law is None:
                continue
            count = int(d.get("count") or 0)
            rep.cites.append((v, d))
            law.citations += count
            law.reports.append(u)
            if rep.year is not None:
                law.by_year[rep.year] += count
        elif k == model.ISSUED:
            if u in agencies and v in reports:
                reports[v].issuers.append(u)
                agencies[u].issued.append(v)
        elif k == model.MENTIONS:
            if u in reports and v in agencies:
                reports[u].mentions.append((v, d))
                agencies[v].mentioned_in.append(u)
        elif k.startswith(model.CITES + ":"):
            if u not in agencies or v not in laws:
                continue
            year, count = d.get("year"), int(d.get("count") or 0)
            projection.append(ProjectionEdge(u, v, year, count, _seq(d.get("reports"))))
            a = agencies[u]
            a.citations += count
            a.by_year[year] += count
            a.laws[v] += count
            laws[v].agencies[u] += count
    years = sorted({p.year for p in projection if p.year is not None} | {r.year for r in reports.values() if r.year is not None})
    return ViewData(laws, agencies, reports, projection, years, store.summary().as_dict())


def pair_years(edges: Iterable[ProjectionEdge]) -> dict[tuple[str, str], dict[int, int]]:
    """Projection edges folded to one entry per (agency, law): counts per year."""
    out: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for e in edges:
        years = out[(e.agency, e.law)]
        years[e.year] = years.get(e.year, 0) + e.count
    return out


def years_text(by_year: dict[int, int] | Counter) -> str:
    """``2023: 2, 2024: 1`` (plain text, for tooltips)."""
    return ", ".join(f"{y}: {c}" for y, c in sorted(by_year.items()) if y is not None)
