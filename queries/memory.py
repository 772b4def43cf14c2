"""The in-memory twins: each canned query over the networkx graph of :mod:`graph.memory`.

Each twin returns exactly what its ``.cypher`` file returns on a Cypher engine: the same
columns, the same rows, the same order. The parity tests run both and compare.

Ordering follows Cypher: ``ORDER BY x`` puts nulls last, strings compare by code point
(as Python's do), and every query ends in a total order (ties broken by name, then id).

The twins read the graph through its adjacency dicts (``g._succ``, ``g._pred``,
``g._node``), not through networkx views: a twin visits only the edges of the nodes it
asks about (``agencies-citing`` is O(edges of that law)), and the scans over the whole
projection run at dict speed. They never modify the graph.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

import networkx as nx

from lawgraph.graph.model import AGENCY, CITES, ISSUED, LAW, REPORT, citation_validity, report_date

_PROJ = CITES + ":"  # projection edge keys are "CITES:<year>"
OTHER = "其他"  # the category of documents that are not normative (newspapers, TV columns)

Row = dict[str, Any]
Twin = Callable[..., list[Row]]


def _asc(value: Any) -> tuple[bool, Any]:
    """A sort key for ``ORDER BY value`` (ascending): nulls last, as in Cypher."""
    return (value is None, "" if value is None else value)


def _label(g: nx.MultiDiGraph, n: str) -> str | None:
    attrs = g._node.get(n)  # noqa: SLF001
    return None if attrs is None else attrs.get("label")


def _nodes(g: nx.MultiDiGraph, label: str) -> Iterator[str]:
    for n, attrs in g._node.items():  # noqa: SLF001
        if attrs.get("label") == label:
            yield n


def _cites_in(g: nx.MultiDiGraph, law: str) -> Iterator[tuple[str, dict]]:
    """``(agency, edge data)`` of the projection edges into ``law``."""
    for a, keydict in g._pred.get(law, {}).items():  # noqa: SLF001
        if CITES in keydict:  # a report's citation edge: no projection key beside it
            continue
        for k, d in keydict.items():
            if k.startswith(_PROJ):
                yield a, d


def _cites_out(g: nx.MultiDiGraph, agency: str) -> Iterator[tuple[str, dict]]:
    """``(law, edge data)`` of the projection edges out of ``agency``."""
    for law, keydict in g._succ.get(agency, {}).items():  # noqa: SLF001
        for k, d in keydict.items():
            if k.startswith(_PROJ):
                yield law, d


def _projection(g: nx.MultiDiGraph, year: int | None = None) -> Iterator[tuple[str, str, dict]]:
    """Every projection edge ``(agency, law, data)``, optionally of one year only."""
    only = None if year is None else f"{_PROJ}{year}"
    succ = g._succ  # noqa: SLF001
    for a in _nodes(g, AGENCY):
        for law, keydict in succ[a].items():
            if only is not None:
                d = keydict.get(only)
                if d is not None:
                    yield a, law, d
                continue
            if ISSUED in keydict:  # the agency's own report
                continue
            for k, d in keydict.items():
                if k.startswith(_PROJ):
                    yield a, law, d


def _is(g: nx.MultiDiGraph, n: str | None, label: str) -> bool:
    return n is not None and _label(g, n) == label


def _prop(g: nx.MultiDiGraph, n: str, key: str) -> Any:
    return g._node[n].get(key)  # noqa: SLF001


def _in_categories(g: nx.MultiDiGraph, law: str, categories: Iterable[str] | None) -> bool:
    return categories is None or _prop(g, law, "category") in categories


# --- the twins ---------------------------------------------------------------------------


def agencies_citing(g: nx.MultiDiGraph, *, law_id: str, year_from: int | None = None, year_to: int | None = None) -> list[Row]:
    nodes = g._node  # noqa: SLF001
    attrs = nodes.get(law_id)
    if attrs is None or attrs.get("label") != LAW:
        return []
    rows = []
    # The hot path of the most asked question: a document cited by every agency has tens
    # of thousands of in-edges, most of them from reports (key "CITES"), skipped by one
    # dict lookup each.
    for a, keydict in g._pred[law_id].items():  # noqa: SLF001
        if CITES in keydict:
            continue
        years = []
        citations = reports = 0
        first = last = None
        for k, d in keydict.items():
            if not k.startswith(_PROJ):
                continue
            y = d["year"]
            # first_year and last_year are over all years; the range chooses what is counted
            first = y if first is None or y < first else first
            last = y if last is None or y > last else last
            if (year_from is not None and y < year_from) or (year_to is not None and y > year_to):
                continue
            years.append(y)
            citations += d.get("count", 0)
            reports += len(d.get("reports") or ())
        if not years or nodes[a].get("label") != AGENCY:
            continue
        years.sort()
        rows.append(
            {
                "agency_id": a,
                "agency": nodes[a].get("name"),
                "years": years,
                "first_year": first,
                "last_year": last,
                "citations": citations,
                "reports": reports,
            }
        )
    rows.sort(key=lambda r: (-r["citations"], _asc(r["agency"]), r["agency_id"]))
    return rows


def agencies_citing_article(g: nx.MultiDiGraph, *, law_id: str, article: str, year_from: int | None = None, year_to: int | None = None) -> list[Row]:
    nodes = g._node  # noqa: SLF001
    if not _is(g, law_id, LAW):
        return []
    sub = article + "第"  # 第33条 covers 第33条第2款 and 第33条第1项
    per: dict[str, list] = {}
    for r, keydict in g._pred[law_id].items():  # noqa: SLF001
        d = keydict.get(CITES)
        if d is None:
            continue
        arts = [x for x in d.get("articles") or () if x == article or x.startswith(sub)]
        if not arts:
            continue
        y = nodes[r].get("year")
        if (year_from is not None and (y is None or y < year_from)) or (year_to is not None and (y is None or y > year_to)):
            continue
        for a, kd in g._pred[r].items():  # noqa: SLF001
            if ISSUED in kd and nodes[a].get("label") == AGENCY:
                slot = per.setdefault(a, [set(), []])
                slot[0].add(r)
                slot[1].extend((y, x) for x in arts)
    rows = []
    for a, (reports, pairs) in per.items():
        # Cypher's ORDER BY r.year, art (nulls last), then collect(DISTINCT …): first met order
        pairs.sort(key=lambda p: (p[0] is None, p[0] or 0, p[1]))
        rows.append(
            {
                "agency_id": a,
                "agency": nodes[a].get("name"),
                "articles": list(dict.fromkeys(x for _, x in pairs)),
                "years": list(dict.fromkeys(y for y, _ in pairs if y is not None)),
                "reports": len(reports),
            }
        )
    rows.sort(key=lambda r: (-r["reports"], _asc(r["agency"]), r["agency_id"]))
    return rows


def laws_cited_by(g: nx.MultiDiGraph, *, agency_id: str, year: int | None = None, categories: list[str] | None = None) -> list[Row]:
    if not _is(g, agency_id, AGENCY):
        return []
    acc: dict[str, list] = {}
    for law, d in _cites_out(g, agency_id):
        if _label(g, law) != LAW or (year is not None and d.get("year") != year):
            continue
        if not _in_categories(g, law, categories):
            continue
        slot = acc.get(law)
        if slot is None:
            slot = acc[law] = [[], 0, 0]
        slot[0].append(d.get("year"))
        slot[1] += d.get("count", 0)
        slot[2] += len(d.get("reports") or ())
    rows = []
    for law, (years, citations, reports) in acc.items():
        years.sort(key=_asc)
        rows.append(
            {
                "law_id": law,
                "title": _prop(g, law, "title"),
                "category": _prop(g, law, "category"),
                "years": years,
                "citations": citations,
                "reports": reports,
            }
        )
    rows.sort(key=lambda r: (-r["citations"], _asc(r["title"]), r["law_id"]))
    return rows


def law_timeline(g: nx.MultiDiGraph, *, law_id: str) -> list[Row]:
    if not _is(g, law_id, LAW):
        return []
    by_agency: dict[str, list[dict]] = {}
    for a, d in _cites_in(g, law_id):
        if _label(g, a) == AGENCY:
            by_agency.setdefault(a, []).append(d)
    acc: dict[int, list[int]] = {}
    for edges in by_agency.values():
        first = min(d["year"] for d in edges)
        for d in edges:
            slot = acc.setdefault(d["year"], [0, 0, 0, 0])
            slot[0] += 1
            slot[1] += d["year"] == first
            slot[2] += len(d.get("reports") or ())
            slot[3] += d.get("count", 0)
    return [{"year": y, "agencies": s[0], "new_agencies": s[1], "reports": s[2], "citations": s[3]} for y, s in sorted(acc.items())]


def adoption(g: nx.MultiDiGraph, *, law_id: str) -> list[Row]:
    if not _is(g, law_id, LAW):
        return []
    acc: dict[str, list] = {}
    for a, d in _cites_in(g, law_id):
        if _label(g, a) != AGENCY:
            continue
        y = d["year"]
        slot = acc.get(a)
        if slot is None:
            acc[a] = [y, y, 1, d.get("count", 0)]
        else:
            slot[0] = min(slot[0], y)
            slot[1] = max(slot[1], y)
            slot[2] += 1
            slot[3] += d.get("count", 0)
    rows = [
        {
            "agency_id": a,
            "agency": _prop(g, a, "name"),
            "level": _prop(g, a, "level"),
            "first_year": s[0],
            "last_year": s[1],
            "years_cited": s[2],
            "citations": s[3],
        }
        for a, s in acc.items()
    ]
    rows.sort(key=lambda r: (r["first_year"], _asc(r["agency"]), r["agency_id"]))
    return rows


def top_laws(
    g: nx.MultiDiGraph,
    *,
    year: int | None = None,
    categories: list[str] | None = None,
    include_other: bool = False,
    limit: int = 20,
) -> list[Row]:
    acc: dict[str, list] = {}
    cat_ok: dict[str, bool] = {}
    for a, law, d in _projection(g, year):
        ok = cat_ok.get(law)
        if ok is None:
            ok = cat_ok[law] = (
                _label(g, law) == LAW and _in_categories(g, law, categories) and (categories is not None or include_other or _prop(g, law, "category") != OTHER)
            )
        if not ok:
            continue
        slot = acc.get(law)
        if slot is None:
            slot = acc[law] = [set(), 0, 0]
        slot[0].add(a)
        slot[1] += len(d.get("reports") or ())
        slot[2] += d.get("count", 0)
    rows = [
        {
            "law_id": law,
            "title": _prop(g, law, "title"),
            "category": _prop(g, law, "category"),
            "agencies": len(s[0]),
            "reports": s[1],
            "citations": s[2],
        }
        for law, s in acc.items()
    ]
    rows.sort(key=lambda r: (-r["agencies"], -r["citations"], _asc(r["title"]), r["law_id"]))
    return rows[:limit]


def top_agencies(g: nx.MultiDiGraph, *, year: int | None = None, categories: list[str] | None = None, limit: int = 20) -> list[Row]:
    acc: dict[str, list] = {}
    cat_ok: dict[str, bool] = {}
    for a, law, d in _projection(g, year):
        ok = cat_ok.get(law)
        if ok is None:
            ok = cat_ok[law] = _label(g, law) == LAW and _in_categories(g, law, categories)
        if not ok:
            continue
        slot = acc.get(a)
        if slot is None:
            slot = acc[a] = [set(), 0, set()]
        slot[0].add(law)
        slot[1] += d.get("count", 0)
        slot[2].update(d.get("reports") or ())
    rows = [{"agency_id": a, "agency": _prop(g, a, "name"), "laws": len(s[0]), "reports": len(s[2]), "citations": s[1]} for a, s in acc.items()]
    rows.sort(key=lambda r: (-r["laws"], -r["citations"], _asc(r["agency"]), r["agency_id"]))
    return rows[:limit]


def co_cited(g: nx.MultiDiGraph, *, law_id: str, year: int | None = None, limit: int = 20) -> list[Row]:
    if not _is(g, law_id, LAW):
        return []
    succ = g._succ  # noqa: SLF001
    acc: dict[str, list[int]] = {}
    for r, keydict in g._pred[law_id].items():  # noqa: SLF001
        if CITES not in keydict or _label(g, r) != REPORT:
            continue
        if year is not None and _prop(g, r, "year") != year:
            continue
        for other, kd in succ[r].items():
            d = kd.get(CITES)
            if d is None or other == law_id or _label(g, other) != LAW:
                continue
            slot = acc.get(other)
            if slot is None:
                slot = acc[other] = [0, 0]
            slot[0] += 1
            slot[1] += d.get("count", 0)
    rows = [
        {
            "law_id": o,
            "title": _prop(g, o, "title"),
            "category": _prop(g, o, "category"),
            "reports": s[0],
            "citations": s[1],
        }
        for o, s in acc.items()
    ]
    rows.sort(key=lambda r: (-r["reports"], -r["citations"], _asc(r["title"]), r["law_id"]))
    return rows[:limit]


def _laws_of(g: nx.MultiDiGraph, agency: str) -> set[str]:
    return {
        law
        for law, keydict in g._succ[agency].items()  # noqa: SLF001
        if ISSUED not in keydict and _has_projection(keydict) and _label(g, law) == LAW
    }


def _has_projection(keydict: dict) -> bool:
    return any(k.startswith(_PROJ) for k in keydict)


#: similar-agencies finds the agencies sharing a document through the documents' in-edges
#: (reports included) while those number at most this; beyond, one pass over every
#: agency's projection edges is cheaper. Both give the same rows (tests check).
SIMILAR_SCAN_ABOVE = 200_000


def similar_agencies(g: nx.MultiDiGraph, *, agency_id: str, limit: int = 10) -> list[Row]:
    if not _is(g, agency_id, AGENCY):
        return []
    pred = g._pred  # noqa: SLF001
    mine = _laws_of(g, agency_id)
    shared: dict[str, int] = {}
    laws_of: dict[str, int] = {}
    if sum(len(pred[law]) for law in mine) <= SIMILAR_SCAN_ABOVE:
        for law in mine:
            for b, keydict in pred[law].items():
                if CITES in keydict or b == agency_id:  # a report, or itself
                    continue
                if _has_projection(keydict) and _label(g, b) == AGENCY:
                    shared[b] = shared.get(b, 0) + 1
        for b in shared:
            laws_of[b] = len(_laws_of(g, b))
    else:
        for b in _nodes(g, AGENCY):
            if b == agency_id:
                continue
            theirs = _laws_of(g, b)
            n = len(theirs & mine)
            if n:
                shared[b] = n
                laws_of[b] = len(theirs)
    return _similar_rows(g, len(mine), shared, laws_of, limit)


def similar_agencies_each(g: nx.MultiDiGraph, *, limit: int = 10) -> dict[str, list[Row]]:
    """``similar-agencies`` for every agency at once, keyed by its id: the rows one query
    per agency gives. Each agency's documents are one integer used as a bit set, so a pair's
    shared documents are one AND and a bit count: A² cheap steps, where one query per agency
    walks every shared document's citing agencies and reports, A times."""
    agencies = list(_nodes(g, AGENCY))
    bit: dict[str, int] = {}
    masks: list[int] = []
    sizes: list[int] = []
    for a in agencies:
        laws = _laws_of(g, a)
        masks.append(sum(1 << bit.setdefault(law, len(bit)) for law in laws))
        sizes.append(len(laws))
    out: dict[str, list[Row]] = {}
    for i, a in enumerate(agencies):
        mine = masks[i]
        shared: dict[str, int] = {}
        laws_of: dict[str, int] = {}
        if mine:
            for j, theirs in enumerate(masks):
                if j != i:
                    n = (mine & theirs).bit_count()
                    if n:
                        shared[agencies[j]] = n
                        laws_of[agencies[j]] = sizes[j]
        out[a] = _similar_rows(g, sizes[i], shared, laws_of, limit)
    return out


def _similar_rows(g: nx.MultiDiGraph, mine: int, shared: dict[str, int], laws_of: dict[str, int], limit: int) -> list[Row]:
    """``similar-agencies``' rows from the shared and cited counts of the other agencies."""
    nodes = g._node  # noqa: SLF001 — called for every agency by similar_agencies_each
    rows = []
    for b, n in shared.items():
        laws = laws_of[b]
        rows.append(
            {
                "agency_id": b,
                "agency": nodes[b].get("name"),
                "shared": n,
                "laws": laws,
                "jaccard": n / (mine + laws - n),
            }
        )
    # (x is None, x or "") is _asc(x), spelt out: this sort runs over every pair.
    rows.sort(key=lambda r: (-r["jaccard"], -r["shared"], r["agency"] is None, r["agency"] or "", r["agency_id"]))
    return rows[:limit]


def new_laws(g: nx.MultiDiGraph, *, year: int, categories: list[str] | None = None, limit: int = 100) -> list[Row]:
    first: dict[str, int] = {}
    that_year: dict[str, list] = {}
    for a, law, d in _projection(g):
        y = d["year"]
        f = first.get(law)
        if f is None or y < f:
            first[law] = y
        if y == year:
            slot = that_year.get(law)
            if slot is None:
                slot = that_year[law] = [set(), 0]
            slot[0].add(a)
            slot[1] += d.get("count", 0)
    rows = []
    for law, (agencies, citations) in that_year.items():
        if first[law] != year or _label(g, law) != LAW or not _in_categories(g, law, categories):
            continue
        rows.append(
            {
                "law_id": law,
                "title": _prop(g, law, "title"),
                "category": _prop(g, law, "category"),
                "agencies": len(agencies),
                "citations": citations,
            }
        )
    rows.sort(key=lambda r: (-r["agencies"], -r["citations"], _asc(r["title"]), r["law_id"]))
    return rows[:limit]


def contexts(g: nx.MultiDiGraph, *, agency_id: str, law_id: str, year: int | None = None) -> list[Row]:
    if not (_is(g, agency_id, AGENCY) and _is(g, law_id, LAW)):
        return []
    succ = g._succ  # noqa: SLF001
    rows = []
    for r, keydict in succ[agency_id].items():
        if ISSUED not in keydict or _label(g, r) != REPORT:
            continue
        attrs = g._node[r]  # noqa: SLF001
        if year is not None and attrs.get("year") != year:
            continue
        d = succ[r].get(law_id, {}).get(CITES)
        if d is None:
            continue
        sentences = d.get("sentences") or ()
        for i, (start, end) in enumerate(d.get("spans") or ()):
            rows.append(
                {
                    "report_id": r,
                    "report": attrs.get("title"),
                    "year": attrs.get("year"),
                    "source": attrs.get("source"),
                    "span_start": start,
                    "span_end": end,
                    "sentence": sentences[i] if i < len(sentences) else None,
                }
            )
    rows.sort(key=lambda r: (_asc(r["year"]), r["report_id"], _asc(r["span_start"]), _asc(r["span_end"])))
    return rows


def category_profile(g: nx.MultiDiGraph, *, agency_id: str | None = None, year: int | None = None) -> list[Row]:
    if agency_id is not None:
        agencies: Iterable[str] = [agency_id] if _is(g, agency_id, AGENCY) else []
    else:
        agencies = _nodes(g, AGENCY)
    only = None if year is None else f"{_PROJ}{year}"
    rows = []
    for a in agencies:
        by_cat: dict[Any, list] = {}
        for law, keydict in g._succ[a].items():  # noqa: SLF001
            if _label(g, law) != LAW:
                continue
            for k, d in keydict.items():
                if not k.startswith(_PROJ) or (only is not None and k != only):
                    continue
                slot = by_cat.setdefault(_prop(g, law, "category"), [set(), 0])
                slot[0].add(law)
                slot[1] += d.get("count", 0)
        total = sum(s[1] for s in by_cat.values())
        name = _prop(g, a, "name")
        for cat, (laws, citations) in by_cat.items():
            rows.append(
                {
                    "agency_id": a,
                    "agency": name,
                    "category": cat,
                    "laws": len(laws),
                    "citations": citations,
                    "share": citations / total if total else None,
                }
            )
    rows.sort(key=lambda r: (_asc(r["agency"]), r["agency_id"], -r["citations"], _asc(r["category"])))
    return rows


def stale_citations(g: nx.MultiDiGraph, *, law_id: str | None = None, agency_id: str | None = None, year: int | None = None) -> list[Row]:
    if law_id is not None:
        laws: Iterable[str] = [law_id] if _is(g, law_id, LAW) else []
    else:
        laws = _nodes(g, LAW)
    pred = g._pred  # noqa: SLF001
    rows = []
    for law in laws:
        law_attrs = g._node[law]  # noqa: SLF001
        repealed = law_attrs.get("repealed")
        if repealed is None and law_attrs.get("in_force_from") is None:
            continue
        for r, keydict in pred[law].items():
            if CITES not in keydict or _label(g, r) != REPORT:
                continue
            attrs = g._node[r]  # noqa: SLF001
            if year is not None and attrs.get("year") != year:
                continue
            validity = citation_validity(attrs, law_attrs)
            if validity is None:
                continue
            date = report_date(attrs)
            issuers = [a for a, kd in pred[r].items() if ISSUED in kd and _label(g, a) == AGENCY] or [None]
            for a in issuers:
                if agency_id is not None and a != agency_id:
                    continue
                rows.append(
                    {
                        "report_id": r,
                        "report": attrs.get("title"),
                        "year": attrs.get("year"),
                        "date": date,
                        "agency_id": a,
                        "agency": None if a is None else _prop(g, a, "name"),
                        "law_id": law,
                        "title": law_attrs.get("title"),
                        "validity": validity,
                        "repealed": repealed,
                        "in_force_from": law_attrs.get("in_force_from"),
                        "successor": law_attrs.get("successor"),
                    }
                )
    rows.sort(key=lambda r: (r["date"], r["report_id"], _asc(r["title"]), r["law_id"]))
    return rows


#: The twin of each ``.cypher`` file, by query name.
TWINS: dict[str, Twin] = {
    "agencies-citing": agencies_citing,
    "agencies-citing-article": agencies_citing_article,
    "laws-cited-by": laws_cited_by,
    "law-timeline": law_timeline,
    "adoption": adoption,
    "top-laws": top_laws,
    "top-agencies": top_agencies,
    "co-cited": co_cited,
    "similar-agencies": similar_agencies,
    "new-laws": new_laws,
    "contexts": contexts,
    "category-profile": category_profile,
    "stale-citations": stale_citations,
}


def _names(g: nx.MultiDiGraph, label: str, name_key: str, alias_key: str, info_key: str) -> list[Row]:
    rows = [
        {
            "id": n,
            "name": g._node[n].get(name_key),  # noqa: SLF001
            "aliases": list(g._node[n].get(alias_key) or ()),  # noqa: SLF001
            "info": g._node[n].get(info_key),  # noqa: SLF001
        }
        for n in _nodes(g, label)
    ]
    rows.sort(key=lambda r: r["id"])
    return rows


def law_names(g: nx.MultiDiGraph) -> list[Row]:
    return _names(g, LAW, "title", "short_titles", "category")


def agency_names(g: nx.MultiDiGraph) -> list[Row]:
    return _names(g, AGENCY, "name", "aliases", "level")


TWINS["_law-names"] = law_names
TWINS["_agency-names"] = agency_names

#: The queries about one node that also have an all-nodes-at-once twin (``queries.run_each``):
#: query name → (the per-node parameter, the function answering for every node).
#: Not co-cited: one query per document already does the least work (every report's pairs
#: once over all documents), and at once only adds the memory of every pair at the same time.
EACH: dict[str, tuple[str, Callable[..., dict[str, list[Row]]]]] = {
    "similar-agencies": ("agency_id", similar_agencies_each),
}
