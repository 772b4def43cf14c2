"""One page per law ("who cites it, when") and per agency (what it cites, by year and
category), and the lists of all laws, agencies and reports.

Pages live one folder below the views root (``laws/``, ``agencies/``, ``reports/``), so
their links start with ``../``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from lawgraph.extract.records import CATEGORIES
from lawgraph.graph.views.data import AgencyInfo, LawInfo, ViewData, category_colour, years_text
from lawgraph.graph.views.networks import cocited_with
from lawgraph.graph.views.page import Html, definition_list, document, h, join, link, number, table, tag

UP = "../"
#: Citing reports listed with their sentences on a law's page (the latest ones).
MAX_REPORTS_PER_LAW = 300

PAGE_CSS = """
.sentences li{margin:.25em 0}
.tagline{font-size:.85em;color:var(--muted)}
"""


def _swatch(category: str | None) -> Html:
    return Html(f'<span class="swatch" style="background:{h(category_colour(category))}"></span>')


def _meta(items: list[tuple[str, Any]]) -> Html:
    return definition_list(items)


def _stats(items: list[tuple[str, Any]]) -> Html:
    return tag("ul", *(tag("li", tag("b", v), k) for k, v in items), class_="stats")


def _report_link(data: ViewData, rep_id: str, annotated: set[str], root: str = UP) -> Html:
    rep = data.reports[rep_id]
    if rep_id in annotated:
        return link(root + rep.href, rep.title)
    return tag("span", rep.title, title="no annotated page: the source file is not available")


def _year_key(y: int | None) -> tuple[bool, int]:
    return (y is None, y or 0)


def law_page(data: ViewData, law: LawInfo, annotated: set[str]) -> str:
    attrs = law.attrs
    years = sorted({y for y in law.by_year if y is not None})
    first = years[0] if years else None
    meta = _meta(
        [
            ("Category", join([_swatch(law.category), law.category or "uncategorised"])),
            ("Id", law.id),
            ("Short titles", "、".join(attrs.get("short_titles") or ())),
            ("Issuer", attrs.get("issuer")),
            ("Status", attrs.get("status")),
            ("Repealed", attrs.get("repealed")),
            ("Successor", attrs.get("successor")),
            ("In the catalog", "yes" if attrs.get("linked") else "no (title as written in the reports)"),
        ]
    )
    stats = _stats(
        [
            ("citations", number(law.citations)),
            ("reports", number(len(set(law.reports)))),
            ("citing agencies", number(len(law.agencies))),
            ("first cited", first if first is not None else "—"),
        ]
    )
    # Who cites it, when: agencies × years from the projection.
    per_agency: dict[str, Counter] = defaultdict(Counter)
    for e in data.by_law.get(law.id, ()):
        per_agency[e.agency][e.year] += e.count
    proj_years = sorted({y for c in per_agency.values() for y in c})
    rows = []
    for a_id in sorted(per_agency, key=lambda a: (-sum(per_agency[a].values()), data.agencies[a].name)):
        c = per_agency[a_id]
        rows.append(
            [link(UP + data.agencies[a_id].href, data.agencies[a_id].name)]
            + [Html(f'<span class="n">{c[y]}</span>') if c.get(y) else "" for y in proj_years]
            + [sum(c.values())]
        )
    who = (
        table(["Agency", *map(str, proj_years), "Total"], rows, class_="who")
        if rows
        else tag("p", "No agency cites it in a report with a known issuer and year.", class_="muted")
    )
    # The citing sentences, by year and report.
    blocks = []
    reps = sorted(set(law.reports), key=lambda r: (_year_key(data.reports[r].year), data.reports[r].title, r))
    if len(reps) > MAX_REPORTS_PER_LAW:
        # Keep a page readable (and small) for a document everyone cites: the latest ones.
        undated = [r for r in reps if data.reports[r].year is None]
        dated = [r for r in reps if data.reports[r].year is not None]
        shown = dated[-MAX_REPORTS_PER_LAW:] if len(dated) >= MAX_REPORTS_PER_LAW else undated[: MAX_REPORTS_PER_LAW - len(dated)] + dated
        blocks.append(
            tag(
                "p",
                f"Cited in {number(len(reps))} reports: the latest {number(len(shown))} are shown; "
                "every citing sentence is in the exports (edges.csv, graph.json).",
                class_="note",
            )
        )
        keep = set(shown)
        reps = [r for r in reps if r in keep]
    for rep_id in reps:
        rep = data.reports[rep_id]
        props = next((p for lid, p in rep.cites if lid == law.id), {})
        issuers = join((link(UP + data.agencies[a].href, data.agencies[a].name) for a in rep.issuers), "、") or "issuer unknown"
        head = tag(
            "h3",
            f"{rep.year if rep.year is not None else 'year unknown'} · ",
            issuers,
            " · ",
            _report_link(data, rep_id, annotated),
        )
        tagline = tag(
            "div",
            f"{props.get('count', 0)}× · function: {'、'.join(props.get('functions') or ()) or '—'} · "
            f"kind: {'、'.join(props.get('kinds') or ()) or '—'}"
            + (f" · document numbers: {'、'.join(props.get('doc_numbers') or ())}" if props.get("doc_numbers") else ""),
            class_="tagline",
        )
        sentences = tag("ul", *(tag("li", tag("blockquote", s)) for s in dict.fromkeys(props.get("sentences") or ())), class_="sentences")
        blocks.append(join([head, tagline, sentences]))
    cocited = cocited_with(data, law.id)
    co = (
        table(
            ["Document", "Category", "Reports citing both"],
            [(link(UP + data.laws[o].href, data.laws[o].title), data.laws[o].category, n) for o, n in cocited],
        )
        if cocited
        else tag("p", "Never cited together with another document.", class_="muted")
    )
    body = join(
        [
            tag("h1", "《", law.title, "》"),
            meta,
            stats,
            tag("h2", "Who cites it, when"),
            tag("p", f"Citations per agency and year ({years_text(law.by_year) or 'no dated reports'}).", class_="muted"),
            who,
            tag("h2", "Citing sentences"),
            join(blocks),
            tag("h2", "Cited together with"),
            co,
            tag("p", link(UP + "overview.html", "← overview"), " · ", link(UP + "laws/index.html", "all laws")),
        ]
    )
    return document(law.title, body, root=UP, styles=[PAGE_CSS])


def agency_page(
    data: ViewData, agency: AgencyInfo, annotated: set[str], near: list[tuple[str, float, int]] | None = None
) -> str:
    attrs = agency.attrs
    meta = _meta(
        [
            ("Level", attrs.get("level")),
            ("Region", attrs.get("region")),
            ("Also written as", "、".join(attrs.get("aliases") or ())),
            ("Id", agency.id),
        ]
    )
    years = sorted(agency.by_year)
    stats = _stats(
        [
            ("citations", number(agency.citations)),
            ("documents cited", number(len(agency.laws))),
            ("reports issued", number(len(agency.issued))),
            ("first year", years[0] if years else "—"),
        ]
    )
    # Year × category.
    grid: dict[int, Counter] = defaultdict(Counter)
    per_year: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for e in data.by_agency.get(agency.id, ()):
        grid[e.year][data.laws[e.law].category] += e.count
        per_year[e.year].append((e.law, e.count, len(e.reports)))
    cats = [c for c in CATEGORIES if any(grid[y].get(c) for y in grid)]
    cats += sorted({c for y in grid for c in grid[y] if c not in CATEGORIES}, key=str)
    grid_table = (
        table(
            ["Year", *(join([_swatch(c), c or "—"]) for c in cats), "Total"],
            [[y, *(grid[y].get(c) or "" for c in cats), sum(grid[y].values())] for y in sorted(grid)],
        )
        if grid
        else tag("p", "This agency cites nothing in a report with a known year (it may only be mentioned by others).", class_="muted")
    )
    by_year_blocks = []
    for y in sorted(per_year, reverse=True):
        rows = sorted(per_year[y], key=lambda t: (-t[1], data.laws[t[0]].title))
        by_year_blocks.append(
            join(
                [
                    tag("h3", str(y)),
                    table(
                        ["Document", "Category", "Citations", "Reports"],
                        [
                            (link(UP + data.laws[law].href, data.laws[law].title), join([_swatch(data.laws[law].category), data.laws[law].category or "—"]), c, r)
                            for law, c, r in rows
                        ],
                    ),
                ]
            )
        )
    issued = tag("ul", *(tag("li", f"{data.reports[r].year or '—'} · ", _report_link(data, r, annotated)) for r in _by_year(data, agency.issued)))
    mentioned = tag(
        "ul",
        *(
            tag(
                "li",
                f"{data.reports[r].year or '—'} · ",
                join((link(UP + data.agencies[a].href, data.agencies[a].name) for a in data.reports[r].issuers), "、") or "issuer unknown",
                " · ",
                _report_link(data, r, annotated),
            )
            for r in _by_year(data, agency.mentioned_in)
        ),
    )
    near_html = (
        table(
            ["Agency", "Cosine", "Documents in common"],
            [(link(UP + data.agencies[o].href, data.agencies[o].name), f"{cos:.2f}", shared) for o, cos, shared in near],
        )
        if near
        else tag("p", "No agency with a similar citation profile.", class_="muted")
    )
    body = join(
        [
            tag("h1", agency.name),
            meta,
            stats,
            tag("h2", "By year and category"),
            grid_table,
            tag("h2", "What it cites, by year"),
            join(by_year_blocks) or tag("p", "—", class_="muted"),
            tag("h2", "Reports issued"),
            issued if agency.issued else tag("p", "None in the graph.", class_="muted"),
            tag("h2", "Mentioned in"),
            mentioned if agency.mentioned_in else tag("p", "No report mentions it.", class_="muted"),
            tag("h2", "Similar agencies"),
            near_html,
            tag("p", link(UP + "overview.html", "← overview"), " · ", link(UP + "agencies/index.html", "all agencies")),
        ]
    )
    return document(agency.name, body, root=UP, styles=[PAGE_CSS])


def _by_year(data: ViewData, report_ids: list[str]) -> list[str]:
    return sorted(set(report_ids), key=lambda r: (_year_key(data.reports[r].year), data.reports[r].title, r))


def laws_index(data: ViewData) -> str:
    rows = [
        (
            link(UP + x.href, x.title),
            join([_swatch(x.category), x.category or "—"]),
            x.citations,
            len(x.agencies),
            years_text(x.by_year),
        )
        for x in data.law_ranking()
    ]
    body = join([tag("h1", f"All cited documents ({number(len(rows))})"), table(["Document", "Category", "Citations", "Agencies", "Per year"], rows)])
    return document("All cited documents", body, root=UP)


def agencies_index(data: ViewData) -> str:
    rows = [
        (
            link(UP + a.href, a.name),
            a.attrs.get("level"),
            a.attrs.get("region"),
            a.citations,
            len(a.laws),
            len(a.issued),
            len(a.mentioned_in),
        )
        for a in data.agency_ranking()
    ]
    body = join(
        [
            tag("h1", f"All agencies ({number(len(rows))})"),
            table(["Agency", "Level", "Region", "Citations", "Documents", "Reports issued", "Mentioned in"], rows),
        ]
    )
    return document("All agencies", body, root=UP)


def reports_index(data: ViewData, annotated: set[str], missing: dict[str, str]) -> str:
    rows = []
    for rep_id in _by_year(data, list(data.reports)):
        rep = data.reports[rep_id]
        rows.append(
            (
                rep.year if rep.year is not None else "—",
                _report_link(data, rep_id, annotated),
                join((link(UP + data.agencies[a].href, data.agencies[a].name) for a in rep.issuers), "、") or "—",
                sum(int(p.get("count") or 0) for _, p in rep.cites),
                rep.attrs.get("source"),
                "annotated" if rep_id in annotated else f"no annotated page: {missing.get(rep_id, 'source not available')}",
            )
        )
    notes = []
    if missing:
        notes.append(
            tag(
                "p",
                f"{number(len(missing))} of {number(len(data.reports))} reports have no annotated page: their source file "
                "is gone, unreadable or changed since the graph was built (run `lawgraph views` from the folder the "
                "reports were extracted in, or pass --sources DIR).",
                class_="note",
            )
        )
    body = join([tag("h1", f"Reports ({number(len(rows))})"), join(notes), table(["Year", "Report", "Issuer", "Citations", "Source", "Annotated view"], rows)])
    return document("Reports", body, root=UP)
