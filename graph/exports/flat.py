"""Flattening for formats that hold only scalars (CSV, GraphML, GEXF), and shared helpers.

Lists become one string joined with ``|`` (``sentences`` with a line break, since a
sentence may contain anything), ``spans`` ``[[s, e], …]`` become ``s-e|s-e``, ``None`` is
left out (an empty CSV cell). Dates are ISO strings already. The lossless forms are the
graph file and the node-link JSON export.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from lawgraph.graph import model
from lawgraph.graph.atomic import atomic_open
from lawgraph.graph.neutral import csv_cell, xml_text

LIST_SEP = "|"
SEPARATORS = {"sentences": "\n"}

#: Columns of nodes.csv: ``label`` is the node's name or title (what Gephi shows), ``kind``
#: the model label (Agency/Law/Report), then the per-kind counts (:data:`COUNT_COLUMN`).
NODE_COLUMNS = (
    "id",
    "label",
    "kind",
    "times_cited",
    "citations",
    "agency_citations",
    "name",
    "title",
    "category",
    "level",
    "region",
    "year",
    "published",
    "aliases",
    "short_titles",
    "issuer",
    "status",
    "repealed",
    "successor",
    "linked",
    "source",
    "script",
    "chars",
)


def flat_value(key: str, value: Any) -> Any:
    """One property as a scalar (``None`` stays ``None``).

    >>> flat_value("spans", [[1, 3], [7, 9]]), flat_value("aliases", ("区政府外办", "区外办"))
    ('1-3|7-9', '区政府外办|区外办')
    """
    if value is None:
        return None
    if key == "spans":
        return LIST_SEP.join(f"{s}-{e}" for s, e in value)
    if isinstance(value, (list, tuple)):
        return SEPARATORS.get(key, LIST_SEP).join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def xml_safe(value: Any) -> Any:
    """Strings without the characters XML 1.0 cannot hold (they become U+FFFD; a file
    name's undecodable bytes \\xNN): :func:`graph.neutral.xml_text`. Node ids go through
    :func:`graph.neutral.xml_id` instead, which keeps distinct ids distinct."""
    return xml_text(value)


def display_name(attrs: dict[str, Any], node_id: str) -> str:
    return attrs.get("name") or attrs.get("title") or node_id


#: The count column of each node kind, so that no column adds up two kinds of thing.
COUNT_COLUMN = {model.LAW: "times_cited", model.REPORT: "citations", model.AGENCY: "agency_citations"}


def citation_counts(graph) -> dict[str, int]:
    """Citations per node, from the report-level edges only (the projection repeats
    them): a law how often it is cited, a report how many citations it holds, an agency
    how many citations the reports it issued hold. Written under :data:`COUNT_COLUMN`."""
    totals: dict[str, int] = {}
    issuers: dict[str, list[str]] = {}
    for u, v, k in graph.edges(keys=True):
        if k == model.ISSUED:
            issuers.setdefault(v, []).append(u)
    for u, v, k, d in graph.edges(keys=True, data=True):
        if k == model.CITES:
            c = int(d.get("count") or 0)
            for n in (u, v, *issuers.get(u, ())):
                totals[n] = totals.get(n, 0) + c
    return totals


def sorted_edges(graph) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for u, v, k in sorted(graph.edges(keys=True)):
        yield u, v, k, graph.edges[u, v, k]


def write_csv_rows(path: str | os.PathLike, rows: Iterable[Sequence[Any]], *, bom: bool = True) -> Path:
    """Write CSV rows atomically, every cell through :func:`graph.neutral.csv_cell` (no
    formula runs when the file is opened in a spreadsheet; no control characters)."""
    import csv

    with atomic_open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerows([csv_cell(c) for c in row] for row in rows)
    return Path(path)
