"""Exports: every table of the graph in a form Gephi, Excel, pandas or Neo4j reads.

One generator per format (pure: rows, a graph or lines, easy to test without disk) and a
thin writer. :data:`FORMATS` is the registry ``lawgraph export FORMAT`` and
``lawgraph build`` use; :func:`write_exports` writes them all into one folder::

    nodes.csv            every node (id, label, kind, per-kind counts, properties) nodes-csv
    edges.csv            report-level edges (ISSUED, CITES, MENTIONS), for Gephi   edges-csv
    citations.csv        one row per report and cited document, with titles        citations-csv
    agency_law_year.csv  one row per agency, document and year (the projection)    agency-law-year-csv
    matrix_total.csv     agency × document counts, all years (+ matrix_<year>.csv) matrix
    matrix_total.mtx     the same, sparse Matrix Market (+ matrix_<year>.mtx,
                         matrix_rows.csv, matrix_cols.csv)
    graph.graphml        the whole graph, flattened                               graphml
    graph.gexf           agency → document network with per-year spells           gexf
    graph.json           node-link JSON, lossless                                 json
    neo4j-admin/         CSV files for `neo4j-admin database import`              neo4j-admin

>>> sorted(FORMATS)
['agency-law-year-csv', 'citations-csv', 'edges-csv', 'gexf', 'graphml', 'json', 'matrix', 'neo4j-admin', 'nodes-csv']
"""

from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from lawgraph.extract.errors import LawgraphError

log = logging.getLogger(__name__)


class ExportError(LawgraphError):
    pass


class MissingDependencyError(ExportError):
    """A format needs an optional package that is not installed (the message says which)."""


@dataclass(frozen=True)
class ExportFormat:
    """One export format: ``write(store, path)`` returns the files it wrote.

    ``path`` is a file for single-file formats and a folder when ``directory`` is true.
    """

    name: str
    default_path: str  # relative to the exports folder
    writer: str  # "module:function", imported when used (scipy etc. only when needed)
    help: str
    directory: bool = False

    def write(self, store, path: str | os.PathLike) -> list[Path]:
        module, func = self.writer.split(":")
        try:
            fn: Callable = getattr(importlib.import_module(module), func)
            return list(fn(store, path))
        except ModuleNotFoundError as err:
            if (err.name or "").split(".")[0] not in _HINTS:
                raise
            raise MissingDependencyError(f"export format {self.name!r} needs {err.name!r}: {_HINTS[(err.name or '').split('.')[0]]}") from err


_HINTS = {
    "scipy": "pip install 'lawgraph[export]' (or pip install scipy)",
    "numpy": "pip install 'lawgraph[export]' (or pip install scipy)",
    "lxml": "pip install lxml",
}

FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("nodes-csv", "nodes.csv", "lawgraph.graph.exports.tables:write_nodes", "every node as a CSV row (UTF-8 with BOM, for Excel)"),
        ExportFormat(
            "edges-csv", "edges.csv", "lawgraph.graph.exports.tables:write_edges", "report-level edges (ISSUED, CITES, MENTIONS) as CSV rows, for Gephi"
        ),
        ExportFormat(
            "citations-csv", "citations.csv", "lawgraph.graph.exports.tables:write_citations", "one row per report and cited document, with titles (CSV)"
        ),
        ExportFormat(
            "agency-law-year-csv",
            "agency_law_year.csv",
            "lawgraph.graph.exports.tables:write_agency_law_year",
            "one row per agency, document and year: the agency–law–year edges (CSV)",
        ),
        ExportFormat(
            "matrix",
            ".",
            "lawgraph.graph.exports.matrices:write",
            "agency × document count matrices, total and per year (CSV and Matrix Market)",
            directory=True,
        ),
        ExportFormat("graphml", "graph.graphml", "lawgraph.graph.exports.graphml:write", "the whole graph as GraphML (lists joined)"),
        ExportFormat("gexf", "graph.gexf", "lawgraph.graph.exports.gexf:write", "agency → document network with per-year spells, for Gephi's timeline"),
        ExportFormat("json", "graph.json", "lawgraph.graph.exports.nodelink:write", "node-link JSON, lossless (networkx.node_link_graph reads it)"),
        ExportFormat(
            "neo4j-admin", "neo4j-admin", "lawgraph.graph.exports.neo4j:write", "CSV files and import command for neo4j-admin database import", directory=True
        ),
    )
}


def get_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; choose one of: {', '.join(sorted(FORMATS))}") from None


def write_exports(store, out_dir: str | os.PathLike, formats: Sequence[str] | None = None, *, skip_missing: bool = False) -> list[Path]:
    """Write ``formats`` (default: all) into ``out_dir`` under their default names.

    ``skip_missing``: a format whose optional package is not installed is skipped with a
    warning instead of failing (``lawgraph build`` uses it: a build should not fail for
    want of scipy).
    """
    # Here, not at the top: the views package is heavy, and `lawgraph --help` reads FORMATS.
    from lawgraph.graph.views.paths import safe_join

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in formats if formats is not None else list(FORMATS):
        fmt = get_format(name)
        target = out if fmt.default_path == "." else safe_join(out, *fmt.default_path.split("/"))
        try:
            written += fmt.write(store, target)
        except MissingDependencyError as err:
            if not skip_missing:
                raise
            log.warning("export skipped: %s", err)
    return written


__all__ = ["ExportError", "ExportFormat", "FORMATS", "MissingDependencyError", "get_format", "write_exports"]
