"""The review queue: what the catalog did not settle, ranked by how many reports it touches.

Four kinds of item (docs/catalog.md, "The review queue"):

* ``title`` — a cited document that did not link to the catalog;
* ``alias`` — a name the report set (以下简称…, a bare 《纲要》) that led to no catalog entry;
* ``agency`` — an agency whose region is unknown;
* ``fuzzy`` — a title linked only through a known kind of damage (督查 for 督察): worth a look.

:func:`write_review` writes them as a CSV and as a catalog template (``catalog.jsonl``): one
commented-out catalog entry per unlinked title, which the user completes and uncomments.
``lawgraph build`` reads that file (OUT/review/catalog.jsonl) as a catalog, so the next build
links the entries; lines the user made active are kept when the queue is written again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from lawgraph.graph.model import AGENCY, ISSUED, LAW, MENTIONS, REPORT
from lawgraph.graph.neutral import csv_cell

REVIEW_DIR = "review"
TEMPLATE = "catalog.jsonl"
TABLE = "review.csv"
_LOCAL = ("地方性法规", "规章")


@dataclass(frozen=True)
class ReviewItem:
    kind: str  # title | alias | agency | fuzzy
    name: str  # the title (as the graph has it), the alias, the agency's name, the written title
    reports: int  # reports it touches
    category: str | None = None
    region: str | None = None  # for titles: the province all citing reports come from, if one
    linked_to: str | None = None  # fuzzy: the catalog id it linked to
    id: str | None = None  # the graph node


def review_queue(store, records: Iterable[Any] = ()) -> list[ReviewItem]:
    """The queue of a graph store (and, for fuzzy matches, of records), most reports first."""
    g = store.graph
    items: list[ReviewItem] = []
    for law_id, attrs in store.nodes(LAW):
        if attrs.get("linked"):
            continue
        reports = [u for u, _, k, d in g.in_edges(law_id, keys=True, data=True) if g.nodes[u].get("label") == REPORT]
        kinds = {kind for _, _, d in g.in_edges(law_id, data=True) for kind in d.get("kinds", ())}
        regions = {_province(_issuer_region(g, r)) for r in reports}
        region = regions.pop() if len(regions) == 1 and attrs.get("category") in _LOCAL else None
        items.append(
            ReviewItem(
                "alias" if kinds == {"alias"} else "title",
                attrs.get("title") or law_id,
                len(set(reports)),
                attrs.get("category"),
                region,
                id=law_id,
            )
        )
    for agency_id, attrs in store.nodes(AGENCY):
        if attrs.get("region"):
            continue
        touched = {v for _, v, k in g.out_edges(agency_id, keys=True) if k == ISSUED}
        touched |= {u for u, _, k in g.in_edges(agency_id, keys=True) if k == MENTIONS}
        items.append(ReviewItem("agency", attrs.get("name") or agency_id, len(touched), id=agency_id))
    fuzzy: dict[tuple[str, str], set[str]] = {}
    titles: dict[str, str] = {}
    for rec in records:
        for c in rec.citations:
            if c.match == "fuzzy":
                fuzzy.setdefault((c.surface.strip("《》〈〉"), c.law_id), set()).add(rec.report.id)
                titles[c.law_id] = c.title
    for (written, law_id), reps in fuzzy.items():
        items.append(ReviewItem("fuzzy", written, len(reps), linked_to=law_id, id=law_id))
    items.sort(key=lambda i: (-i.reports, ("title", "alias", "fuzzy", "agency").index(i.kind), i.name))
    return items


def _issuer_region(g, report_id: str) -> str | None:
    for u, _, k in g.in_edges(report_id, keys=True):
        if k == ISSUED:
            return g.nodes[u].get("region")
    return None


def _province(region: str | None) -> str | None:
    if not region:
        return None
    m = re.match(r"^(.+?(?:自治区|省|市))", region)
    return m.group(1) if m else region


def template_entry(item: ReviewItem) -> dict:
    """A catalog entry to complete: the title as the reports write it, their category, and
    the region when every citing report comes from one province."""
    digest = hashlib.sha1(item.name.encode("utf-8")).hexdigest()[:10]
    return {
        "id": f"user:{digest}",
        "title": item.name,
        "short_titles": [],
        "category": item.category or "其他",
        "issuer": None,
        "region": item.region or "全国",
        "promulgated": None,
        "effective": None,
        "amended": [],
        "status": "现行有效",
        "repealed": None,
        "successor": None,
        "doc_number": None,
    }


_HEADER = """\
# lawgraph review: catalog template. Each commented line below is a cited title that did not
# link. To add one: check and complete its fields (category, issuer, region, dates, status),
# then delete the leading "# ". `lawgraph build` reads this file (OUT/review/catalog.jsonl),
# so the next build links the entries you made active; `lawgraph review` keeps those lines.
# Fields: docs/catalog.md. Check the file with: lawgraph catalog check THIS_FILE
"""


def write_review(items: list[ReviewItem], folder: Path) -> tuple[Path, Path]:
    """The queue as ``folder/review.csv`` and ``folder/catalog.jsonl`` (keeping active lines)."""
    from lawgraph.graph.outputs import named_writes

    folder.mkdir(parents=True, exist_ok=True)
    table, template = folder / TABLE, folder / TEMPLATE
    with named_writes(table) as fh:
        w = csv.writer(fh)
        w.writerow(["kind", "reports", "name", "category", "region", "linked_to", "id"])
        for i in items:
            w.writerow([csv_cell(v) for v in (i.kind, i.reports, i.name, i.category, i.region, i.linked_to, i.id)])
    kept: list[str] = []
    if template.exists():
        kept = [ln for ln in template.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    active = {json.loads(ln).get("title") for ln in kept if _is_json(ln)}
    with named_writes(template) as fh:
        fh.write(_HEADER)
        for ln in kept:
            fh.write(ln + "\n")
        for i in items:
            if i.kind in ("title", "alias") and i.name not in active:
                fh.write(f"# {i.kind}, {i.reports} report{'s' if i.reports != 1 else ''}:\n")
                fh.write("# " + json.dumps(template_entry(i), ensure_ascii=False) + "\n")
    return table, template


def _is_json(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
