"""Agency × document citation matrices, per year and in total.

Rows are the agencies that cite something, columns the documents they cite (both sorted
by id, the same for every year so the matrices line up). For each of ``total`` and every
year:

* ``matrix_<name>.mtx`` — sparse Matrix Market (``scipy.io.mmread``; rows and columns are
  described in ``matrix_rows.csv`` / ``matrix_cols.csv``, 0-based ``index``);
* ``matrix_<name>.csv`` — dense, agencies down, document titles across, when the matrix
  has at most :data:`DENSE_MAX_CELLS` cells (a dense CSV of a big corpus would be
  gigabytes of zeros; use the .mtx then).

>>> from lawgraph.graph import MemoryStore
>>> m = generate(MemoryStore())
>>> m.rows, m.cols, m.cells
([], [], {})
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from lawgraph.graph.atomic import atomic_open
from lawgraph.graph.exports.flat import write_csv_rows
from lawgraph.graph.model import producer_line
from lawgraph.graph.views.paths import safe_join

log = logging.getLogger(__name__)

DENSE_MAX_CELLS = 2_000_000


@dataclass
class Matrices:
    rows: list[str]  # agency ids
    cols: list[str]  # law ids
    row_names: list[str]
    col_names: list[str]
    col_categories: list[str | None]
    cells: dict[str, dict[tuple[int, int], int]]  # "total" / "2024" → {(i, j): count}

    def names(self) -> list[str]:
        """``total`` first, then the years in order."""
        years = sorted((k for k in self.cells if k != "total"), key=int)
        return (["total"] if "total" in self.cells else []) + years


def generate(store) -> Matrices:
    g = store.graph
    edges = [(a, law, d) for a, law, d in store.projection()]
    rows = sorted({a for a, _, _ in edges})
    cols = sorted({law for _, law, _ in edges})
    ri = {a: i for i, a in enumerate(rows)}
    ci = {x: j for j, x in enumerate(cols)}
    cells: dict[str, dict[tuple[int, int], int]] = {}
    for a, law, d in edges:
        c = int(d.get("count") or 0)
        for name in ("total", str(d.get("year"))):
            slot = cells.setdefault(name, {})
            key = (ri[a], ci[law])
            slot[key] = slot.get(key, 0) + c
    return Matrices(
        rows=rows,
        cols=cols,
        row_names=[g.nodes[a].get("name") or a for a in rows],
        col_names=_unique([g.nodes[x].get("title") or x for x in cols], cols),
        col_categories=[g.nodes[x].get("category") for x in cols],
        cells=cells,
    )


def _unique(names: list[str], ids: list[str]) -> list[str]:
    """Column headers must be distinct: a title shared by two ids gets its id appended."""
    seen: dict[str, int] = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    return [f"{n} [{i}]" if seen[n] > 1 else n for n, i in zip(names, ids)]


def generate_dense(m: Matrices, name: str) -> Iterator[list[Any]]:
    """Rows of the dense CSV: header ``agency, <titles…>``, then one row per agency."""
    yield ["agency", *m.col_names]
    cells = m.cells.get(name, {})
    width = len(m.cols)
    for i, agency in enumerate(m.row_names):
        row: list[Any] = [0] * width
        for j in range(width):
            v = cells.get((i, j))
            if v:
                row[j] = v
        yield [agency, *row]


def write(store, out_dir: str | os.PathLike, *, bom: bool = True, dense_max_cells: int = DENSE_MAX_CELLS) -> list[Path]:
    """Write every matrix into ``out_dir``; return the files written."""
    import numpy as np
    from scipy import io as sio
    from scipy import sparse

    m = generate(store)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        _write_rows(safe_join(out, "matrix_rows.csv"), [["index", "id", "name"], *([i, a, n] for i, (a, n) in enumerate(zip(m.rows, m.row_names)))], bom),
        _write_rows(
            safe_join(out, "matrix_cols.csv"),
            [["index", "id", "title", "category"], *([j, x, n, c or ""] for j, (x, n, c) in enumerate(zip(m.cols, m.col_names, m.col_categories)))],
            bom,
        ),
    ]
    dense = len(m.rows) * len(m.cols) <= dense_max_cells
    stamp = producer_line(getattr(store, "graph", None))
    if not dense:
        log.info("agency × document matrices have %d × %d cells: writing Matrix Market only", len(m.rows), len(m.cols))
    for name in m.names():
        stem = f"matrix_{int(name) if name != 'total' else 'total'}"
        cells = sorted(m.cells[name].items())
        coo = sparse.coo_matrix(
            (
                np.array([v for _, v in cells], dtype=np.int64),
                (np.array([i for (i, _), _ in cells], dtype=np.int64), np.array([j for (_, j), _ in cells], dtype=np.int64)),
            ),
            shape=(len(m.rows), len(m.cols)),
        )
        mtx = safe_join(out, stem + ".mtx")
        with atomic_open(mtx, "wb") as fh:
            sio.mmwrite(
                fh, coo, comment=f" lawgraph agency x document citations ({name}); rows: matrix_rows.csv, columns: matrix_cols.csv\n {stamp}", field="integer"
            )
        written.append(mtx)
        if dense:
            written.append(_write_rows(safe_join(out, stem + ".csv"), generate_dense(m, name), bom))
    return written


def _write_rows(path: Path, rows, bom: bool) -> Path:
    return write_csv_rows(path, rows, bom=bom)
