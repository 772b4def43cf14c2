"""Nodes and edges as CSV: one row generator each, and a thin writer.

UTF-8 with a byte-order mark by default, so that Excel opens the Chinese text correctly
(pandas and the csv module read it with ``encoding="utf-8-sig"``; pass ``bom=False`` for
tools that dislike it). Every node and every edge of the graph is a row; see
:mod:`graph.exports.flat` for how lists are written.

>>> from lawgraph.graph import MemoryStore
>>> next(generate_nodes(MemoryStore()))[:4]
['id', 'label', 'kind', 'citations']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from lawgraph.graph import model
from lawgraph.graph.exports.flat import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    citation_totals,
    display_name,
    flat_value,
    sorted_edges,
    write_csv_rows,
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
    totals = citation_totals(g)
    for n in sorted(g.nodes):
        attrs = g.nodes[n]
        row = {k: flat_value(k, v) for k, v in attrs.items() if k != "label"}
        row.update(id=n, label=display_name(attrs, n), kind=attrs.get("label"), citations=totals.get(n, 0))
        yield [_cell(row.get(c)) for c in columns]


def edge_columns(graph) -> list[str]:
    extra: set[str] = set()
    for _, _, attrs in graph.edges(data=True):
        extra.update(k for k in attrs if k not in EDGE_COLUMNS and k != "type")
    return [*EDGE_COLUMNS, *sorted(extra)]


def generate_edges(store) -> Iterator[list[Any]]:
    """The header, then one row per edge sorted by (source, target, key).

    ``weight`` is the citation count (1 for ISSUED), so Gephi sizes edges by it.
    """
    g = store.graph
    columns = edge_columns(g)
    yield columns
    for u, v, k, attrs in sorted_edges(g):
        row = {key: flat_value(key, val) for key, val in attrs.items() if key != "type"}
        count = attrs.get("count")
        row.update(source=u, target=v, relationship=attrs.get("type") or model.rel_of_key(k).type, key=k, weight=count if count is not None else 1)
        yield [_cell(row.get(c)) for c in columns]


def write_csv(rows: Iterable[list[Any]], path: str | os.PathLike, *, bom: bool = True) -> Path:
    return write_csv_rows(path, rows, bom=bom)


def write_nodes(store, path: str | os.PathLike, *, bom: bool = True) -> list[Path]:
    return [write_csv(generate_nodes(store), path, bom=bom)]


def write_edges(store, path: str | os.PathLike, *, bom: bool = True) -> list[Path]:
    return [write_csv(generate_edges(store), path, bom=bom)]
