"""One page per law ("who cites it, when") and per agency (what it cites, by year and
category), and the lists of all laws, agencies and reports.

Pages live one folder below the views root (``laws/``, ``agencies/``, ``reports/``), so
their links start with ``../``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any
from urllib.parse import quote

from lawgraph.extract.records import CATEGORIES
from lawgraph.graph.views.data import AgencyInfo, LawInfo, ViewData, category_colour, years_text
from lawgraph.graph.views.i18n import level_name, tr
from lawgraph.graph.views.measures import Measures
from lawgraph.graph.views.page import Html, definition_list, document, h, join, link, number, table, tag
from lawgraph.graph.views.validity import VALIDITY_CSS, stale_badge

UP = "../"
#: The national database of laws and regulations (全国人大 国家法律法规数据库): an exact title
#: search. The site has been rebuilt as a single-page application (after 2024): ``/search``
#: with ``searchType=title;accurate`` is the deep link reported, as tried in a browser, to open
#: a result list; nothing shows the ``search.html`` form we used before working. See
#: docs/views.md, "The official database link".
FLK_SEARCH = "https://flk.npc.gov.cn/search?searchType=title;accurate&searchValue="


def flk_link(title: str) -> str:
    """A link that searches the official law database for ``title`` (percent-encoded)."""
    return FLK_SEARCH + quote(title, safe="")


#: Citing reports listed with their sentences on a law's page (the latest ones).
MAX_REPORTS_PER_LAW = 300

PAGE_CSS = (
    """
.sentences li{margin:.25em 0}
.tagline{font-size:.85em;color:var(--muted)}
"""
    + VALIDITY_CSS
)


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
    return tag("span", rep.title, title=tr("no annotated page: the source file is not available"))


def _year_key(y: int | None) -> tuple[bool, int]:
    return (y is None, y or 0)


def _articles_section(data: ViewData, law: LawInfo, measures: Measures) -> Html:
    """Each article (第N条) the citing reports name, with the agencies whose reports name it:
    the rows of ``agencies-citing-article``, so the page and the query agree."""
    from lawgraph.graph.model import article_key

    named: set[str] = set()
    for rep_id in set(law.reports):
        for lid, props in data.reports[rep_id].cites:
            if lid == law.id:
                named.update(a.split("条")[0] + "条" for a in props.get("articles") or ())
    rows = []
    for article in sorted(named, key=article_key):
        citers = [r for r in measures.article_citers(law.id, article) if r["agency_id"] in data.agencies]
        if not citers:
            continue  # named only in reports without an issuer
        rows.append(
            (
                article,
                join((join([link(UP + data.agencies[r["agency_id"]].href, r["agency"]), f" ({r['reports']})"]) for r in citers), "、"),
                "、".join(dict.fromkeys(a for r in citers for a in r["articles"])),
            )
        )
    if not rows:
        return tag("p", tr("No report names an article of it."), class_="muted")
    return join(
        [
            tag(
                "p",
                tr("The articles reports name right after the document, and the agencies whose reports do (query agencies-citing-article)."),
                class_="muted",
            ),
            table([tr("Article"), tr("Agencies (reports)"), tr("Written as")], rows, class_="articles"),
        ]
    )


def law_page(data: ViewData, law: LawInfo, annotated: set[str], measures: Measures, entry: Any = None) -> str:
    """``entry``: the catalog's entry for the law, when it has one (dates)."""
    attrs = law.attrs
    years = sorted({y for y in law.by_year if y is not None})
    first = years[0] if years else None
    meta = _meta(
        [
            (tr("Category"), join([_swatch(law.category), law.category or tr("uncategorised")])),
            (tr("Status"), attrs.get("status") or getattr(entry, "status", None)),
            (tr("Promulgated"), getattr(entry, "promulgated", None)),
            (tr("Effective"), getattr(entry, "effective", None)),
            (tr("In force from"), attrs.get("in_force_from")),
            (tr("Repealed"), attrs.get("repealed")),
            (tr("Successor"), attrs.get("successor")),
            (tr("Issuer"), attrs.get("issuer")),
            (tr("Short titles"), "、".join(attrs.get("short_titles") or ())),
            (tr("In the catalog"), tr("yes") if attrs.get("linked") else tr("no (title as written in the reports)")),
            (tr("Id"), law.id),
        ]
    )
    official = tag("p", link(flk_link(law.title), tr("Search the national law database (flk.npc.gov.cn)"), rel="noreferrer", class_="flk"))
    stats = _stats(
        [
            (tr("citations"), number(law.citations)),
            (tr("reports citing it"), number(len(set(law.reports)))),
            (tr("citing agencies"), number(len(law.agencies))),
            (tr("first cited"), first if first is not None else "—"),
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
        table([tr("Agency"), *map(str, proj_years), tr("Total")], rows, class_="who")
        if rows
        else tag("p", tr("No agency cites it in a report with a known issuer and year."), class_="muted")
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
                tr("Cited in {n} reports: the latest {k} are shown; every citing sentence is in the exports (edges.csv, graph.json).").format(
                    n=number(len(reps)), k=number(len(shown))
                ),
                class_="note",
            )
        )
        keep = set(shown)
        reps = [r for r in reps if r in keep]
    for rep_id in reps:
        rep = data.reports[rep_id]
        props = next((p for lid, p in rep.cites if lid == law.id), {})
        issuers = join((link(UP + data.agencies[a].href, data.agencies[a].name) for a in rep.issuers), "、") or tr("issuer unknown")
        head = tag(
            "h3",
            f"{rep.year if rep.year is not None else tr('year unknown')} · ",
            issuers,
            " · ",
            _report_link(data, rep_id, annotated),
        )
        tagline = tag(
            "div",
            f"{props.get('count', 0)}× · {tr('Function')}: {'、'.join(props.get('functions') or ()) or '—'} · "
            f"{tr('Kind')}: {'、'.join(props.get('kinds') or ()) or '—'}"
            + (f" · {tr('document numbers')}: {'、'.join(props.get('doc_numbers') or ())}" if props.get("doc_numbers") else "")
            + (f" · {tr('articles')}: {'、'.join(props.get('articles') or ())}" if props.get("articles") else ""),
            class_="tagline",
        )
        sentences = tag("ul", *(tag("li", tag("blockquote", s)) for s in dict.fromkeys(props.get("sentences") or ())), class_="sentences")
        badge = stale_badge(data, rep.attrs, attrs, UP)
        blocks.append(join([head, tagline, tag("div", badge) if badge else "", sentences]))
    articles = _articles_section(data, law, measures)
    cocited = [r for r in measures.co_cited(law.id) if r["law_id"] in data.laws][:10]
    co = (
        join(
            [
                tag("p", tr("Most often cited in the same reports (query co-cited)."), class_="muted"),
                table(
                    [tr("Document"), tr("Category"), tr("Reports citing both")],
                    [(link(UP + data.laws[r["law_id"]].href, r["title"]), r["category"], r["reports"]) for r in cocited],
                    class_="cocited",
                ),
            ]
        )
        if cocited
        else tag("p", tr("Never cited together with another document."), class_="muted")
    )
    body = join(
        [
            tag("h1", "《", law.title, "》"),
            meta,
            official,
            stats,
            tag("h2", tr("Who cites it, when")),
            tag("p", tr("Citations per agency and year ({y}).").format(y=years_text(law.by_year) or tr("no dated reports")), class_="muted"),
            who,
            tag("h2", tr("Articles cited, by whom")),
            articles,
            tag("h2", tr("Citing sentences")),
            join(blocks),
            tag("h2", tr("Cited together with")),
            co,
            tag("p", link(UP + "overview.html", tr("← overview")), " · ", link(UP + "laws/index.html", tr("all laws"))),
        ]
    )
    return document(law.title, body, root=UP, styles=[PAGE_CSS], page_name="law")


def agency_page(data: ViewData, agency: AgencyInfo, annotated: set[str], measures: Measures) -> str:
    attrs = agency.attrs
    meta = _meta(
        [
            (tr("Level"), level_name(attrs.get("level"))),
            (tr("Region"), attrs.get("region")),
            (tr("Also written as"), "、".join(attrs.get("aliases") or ())),
            (tr("Id"), agency.id),
        ]
    )
    years = sorted(agency.by_year)
    stats = _stats(
        [
            (tr("citations"), number(agency.citations)),
            (tr("documents cited"), number(len(agency.laws))),
            (tr("Reports issued"), number(len(agency.issued))),
            (tr("first year"), years[0] if years else "—"),
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
            [tr("Year"), *(join([_swatch(c), c or "—"]) for c in cats), tr("Total")],
            [[y, *(grid[y].get(c) or "" for c in cats), sum(grid[y].values())] for y in sorted(grid)],
        )
        if grid
        else tag("p", tr("This agency cites nothing in a report with a known year (it may only be mentioned by others)."), class_="muted")
    )
    by_year_blocks = []
    for y in sorted(per_year, reverse=True):
        rows = sorted(per_year[y], key=lambda t: (-t[1], data.laws[t[0]].title))
        by_year_blocks.append(
            join(
                [
                    tag("h3", str(y)),
                    table(
                        [tr("Document"), tr("Category"), tr("Citations"), tr("Reports")],
                        [
                            (
                                link(UP + data.laws[law].href, data.laws[law].title),
                                join([_swatch(data.laws[law].category), data.laws[law].category or "—"]),
                                c,
                                r,
                            )
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
                join((link(UP + data.agencies[a].href, data.agencies[a].name) for a in data.reports[r].issuers), "、") or tr("issuer unknown"),
                " · ",
                _report_link(data, r, annotated),
            )
            for r in _by_year(data, agency.mentioned_in)
        ),
    )
    stale_rows = []
    for r in _by_year(data, agency.issued):
        rep = data.reports[r]
        for law_id, _ in rep.cites:
            badge = stale_badge(data, rep.attrs, data.laws[law_id].attrs, UP)
            if badge:
                stale_rows.append((rep.year or "—", _report_link(data, r, annotated), link(UP + data.laws[law_id].href, data.laws[law_id].title), badge))
    stale_html = (
        join(
            [
                tag("p", tr("Citations of documents repealed, or not yet in force, at the date of the citing report (query stale-citations)."), class_="muted"),
                table([tr("Year"), tr("Report"), tr("Document"), tr("Validity at the report's date")], stale_rows, class_="stale-citations"),
            ]
        )
        if stale_rows
        else ""
    )
    near = [r for r in measures.similar_agencies(agency.id) if r["agency_id"] in data.agencies][:10]
    near_html = (
        join(
            [
                tag("p", tr("Similarity is the Jaccard index of the documents both cite (query similar-agencies)."), class_="muted"),
                table(
                    [tr("Agency"), tr("Jaccard"), tr("Documents in common")],
                    [(link(UP + data.agencies[r["agency_id"]].href, r["agency"]), f"{r['jaccard']:.2f}", r["shared"]) for r in near],
                    class_="similar",
                ),
            ]
        )
        if near
        else tag("p", tr("No agency with a similar citation profile."), class_="muted")
    )
    body = join(
        [
            tag("h1", agency.name),
            meta,
            stats,
            tag("h2", tr("By year and category")),
            grid_table,
            tag("h2", tr("What it cites, by year")),
            join(by_year_blocks) or tag("p", "—", class_="muted"),
            join([tag("h2", tr("Stale citations")), stale_html]) if stale_rows else "",
            tag("h2", tr("Reports issued")),
            issued if agency.issued else tag("p", tr("None in the graph."), class_="muted"),
            tag("h2", tr("Mentioned in")),
            mentioned if agency.mentioned_in else tag("p", tr("No report mentions it."), class_="muted"),
            tag("h2", tr("Similar agencies")),
            near_html,
            tag("p", link(UP + "overview.html", tr("← overview")), " · ", link(UP + "agencies/index.html", tr("all agencies"))),
        ]
    )
    return document(agency.name, body, root=UP, styles=[PAGE_CSS], page_name="agency")


def _by_year(data: ViewData, report_ids: list[str]) -> list[str]:
    return sorted(set(report_ids), key=lambda r: (_year_key(data.reports[r].year), data.reports[r].title, r))


def laws_index(data: ViewData) -> str:
    rows = [
        (
            link(UP + x.href, x.title),
            join([_swatch(x.category), x.category or "—"]),
            x.attrs.get("status") or "—",
            x.citations,
            len(x.agencies),
            years_text(x.by_year),
        )
        for x in data.law_ranking()
    ]
    body = join(
        [
            tag("h1", tr("All cited documents ({n})").format(n=number(len(rows)))),
            table([tr("Document"), tr("Category"), tr("Status"), tr("Citations"), tr("Agencies"), tr("Per year")], rows),
        ]
    )
    return document(tr("All cited documents"), body, root=UP, page_name="laws")


def agencies_index(data: ViewData) -> str:
    rows = [
        (
            link(UP + a.href, a.name),
            level_name(a.attrs.get("level")),
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
            tag("h1", tr("All agencies ({n})").format(n=number(len(rows)))),
            table([tr("Agency"), tr("Level"), tr("Region"), tr("Citations"), tr("Documents"), tr("Reports issued"), tr("Mentioned in")], rows),
        ]
    )
    return document(tr("All agencies"), body, root=UP, page_name="agencies")


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
                tr("annotated") if rep_id in annotated else tr("no annotated page: {why}").format(why=missing.get(rep_id, tr("source not available"))),
            )
        )
    notes = []
    if missing:
        notes.append(
            tag(
                "p",
                tr(
                    "{n} of {t} reports have no annotated page: their source file is gone, unreadable or changed since the graph was built (run `lawgraph views` from the folder the reports were extracted in, or pass --sources DIR)."
                ).format(n=number(len(missing)), t=number(len(data.reports))),
                class_="note",
            )
        )
    body = join(
        [
            tag("h1", tr("Reports ({n})").format(n=number(len(rows)))),
            join(notes),
            table([tr("Year"), tr("Report"), tr("Issuer"), tr("Citations"), tr("Source"), tr("Annotated view")], rows),
        ]
    )
    return document(tr("Reports"), body, root=UP, page_name="reports")
