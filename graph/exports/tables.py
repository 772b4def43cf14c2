"""The graph as CSV tables, one meaning per file, and a thin writer.

* ``nodes.csv`` / ``edges.csv`` — the report-level graph for Gephi's spreadsheet import:
  every node; every ``ISSUED``, ``Report -CITES-> Law`` and ``MENTIONS`` edge. The
  agency–law–year projection is *not* in ``edges.csv`` (it repeats the report-level
  citations, so a sum over both counted every citation twice).
* ``citations.csv`` — one row per report and cited document, with titles, for Excel.
* ``agency_law_year.csv`` — the projection: one row per (agency, document, year).

No count column means two things: ``times_cited`` is filled on Law rows only,
``citations`` on Report rows only, ``agency_citations`` on Agency rows only; in
``edges.csv`` ``citations`` is on CITES rows and ``mentions`` on MENTIONS rows. Integer
columns are written as integers. UTF-8 with a byte-order mark by default, so that Excel
opens the Chinese text correctly (pandas: ``encoding="utf-8-sig"``; ``bom=False`` for tools
that dislike it). Lists are joined as :mod:`graph.exports.flat` says. Every column is
described in docs/exports.md.

>>> from lawgraph.graph import MemoryStore
>>> next(generate_nodes(MemoryStore()))[:4]
['id', 'label', 'kind', 'times_cited']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from lawgraph.graph import model
from lawgraph.graph.exports.flat import (
    COUNT_COLUMN,
    NODE_COLUMNS,
    citation_counts,
    display_name,
    flat_value,
    sorted_edges,
    write_csv_rows,
)

EDGE_COLUMNS = (
    "source",
    "target",
    "relationship",
    "weight",
    "citations",
    "mentions",
    "articles",
    "kinds",
    "functions",
    "doc_numbers",
    "surfaces",
    "spans",
    "sentences",
)
CITATION_COLUMNS = (
    "report_id",
    "report",
    "year",
    "issuers",
    "law_id",
    "title",
    "category",
    "citations",
    "articles",
    "kinds",
    "functions",
    "doc_numbers",
    "sentences",
)
AGENCY_LAW_YEAR_COLUMNS = (
    "agency_id",
    "agency",
    "law_id",
    "title",
    "category",
    "year",
    "citations",
    "reports",
    "articles",
    "report_ids",
)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def node_columns(graph) -> list[str]:
    """The fixed columns, then any property this lawgraph does not know, sorted."""
    extra: set[str] = set()
    for _, attrs in graph.nodes(data=True):
        extra.update(k for k in attrs if k not in NODE_COLUMNS and k != "label")
    return [*NODE_COLUMNS, *sorted(extra)]


def generate_nodes(store) -> Iterator[list[Any]]:
    """The header, then one row per node sorted by id."""
    g = store.graph
    columns = node_columns(g)
    yield columns
    counts = citation_counts(g)
    for n in sorted(g.nodes):
        attrs = g.nodes[n]
        kind = attrs.get("label")
        row = {k: flat_value(k, v) for k, v in attrs.items() if k != "label"}
        row.update(id=n, label=display_name(attrs, n), kind=kind)
        if kind in COUNT_COLUMN:
            row[COUNT_COLUMN[kind]] = counts.get(n, 0)
        yield [_cell(row.get(c)) for c in columns]


def edge_columns(graph) -> list[str]:
    return list(EDGE_COLUMNS)


def generate_edges(store) -> Iterator[list[Any]]:
    """The header, then one row per report-level edge sorted by (source, target, type).

    ``weight`` is for Gephi's edge thickness (citations or mentions; 1 for ISSUED): sum
    ``citations`` or ``mentions``, not ``weight``.
    """
    g = store.graph
    yield list(EDGE_COLUMNS)
    for u, v, k, attrs in sorted_edges(g):
        if model.rel_of_key(k) is model.AGENCY_CITES:
            continue
        row = {key: flat_value(key, val) for key, val in attrs.items() if key not in ("type", "count")}
        count = attrs.get("count")
        row.update(source=u, target=v, relationship=attrs.get("type") or model.rel_of_key(k).type, weight=count if count is not None else 1)
        if k == model.CITES:
            row["citations"] = count
        elif k == model.MENTIONS:
            row["mentions"] = count
        yield [_cell(row.get(c)) for c in EDGE_COLUMNS]


def _issuer_names(g, report: str) -> list[str]:
    return sorted(g.nodes[a].get("name") or a for a, _, k in g.in_edges(report, keys=True) if k == model.ISSUED)


def generate_citations(store) -> Iterator[list[Any]]:
    """One row per (report, cited document): ``citations`` sums to every citation once."""
    g = store.graph
    yield list(CITATION_COLUMNS)
    for u, v, k, d in sorted_edges(g):
        if k != model.CITES:
            continue
        rep, law = g.nodes[u], g.nodes[v]
        row = {key: flat_value(key, d.get(key)) for key in ("articles", "kinds", "functions", "doc_numbers", "sentences")}
        row.update(
            report_id=u,
            report=rep.get("title"),
            year=rep.get("year"),
            issuers=flat_value("issuers", _issuer_names(g, u)),
            law_id=v,
            title=law.get("title"),
            category=law.get("category"),
            citations=int(d.get("count") or 0),
        )
        yield [_cell(row.get(c)) for c in CITATION_COLUMNS]


def generate_agency_law_year(store) -> Iterator[list[Any]]:
    """One row per (agency, document, year), sorted; ``reports`` is how many reports."""
    g = store.graph
    yield list(AGENCY_LAW_YEAR_COLUMNS)
    rows = sorted(store.projection(), key=lambda t: (t[0], t[1], t[2]["year"]))
    for a, law, d in rows:
        reports = d.get("reports") or ()
        yield [
            _cell(x)
            for x in (
                a,
                g.nodes[a].get("name"),
                law,
                g.nodes[law].get("title"),
                g.nodes[law].get("category"),
                int(d["year"]),
                int(d.get("count") or 0),
                len(reports),
                flat_value("articles", d.get("articles")),
                flat_value("reports", reports),
            )
        ]


def write_csv(rows: Iterable[list[Any]], path: str | os.PathLike, *, bom: bool = True) -> Path:
    return write_csv_rows(path, rows, bom=bom)


def write_nodes(store, path: str | os.PathLike, *, bom: bool = True) -> list[Path]:
    return [write_csv(generate_nodes(store), path, bom=bom)]


def write_edges(store, path: str | os.PathLike, *, bom: bool = True) -> list[Path]:
    return [write_csv(generate_edges(store), path, bom=bom)]


def write_citations(store, path: str | os.PathLike, *, bom: bool = True) -> list[Path]:
    return [write_csv(generate_citations(store), path, bom=bom)]


def write_agency_law_year(store, path: str | os.PathLike, *, bom: bool = True) -> list[Path]:
    return [write_csv(generate_agency_law_year(store), path, bom=bom)]
