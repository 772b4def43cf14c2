"""The edges of a graph file (schema 2) as column blocks: written and read in bulk.

A graph of a million citations has two million edges; schema 1 wrote each as a JSON object
and spent most of a load turning each parsed object back into the store's form in Python.
Schema 2 writes the edges, in the same order, as blocks of up to :data:`BLOCK` edges (or
:data:`BLOCK_SENTENCES` sentences), one block per line::

    {"key":[0,0,1,…],"keys":["CITES","ISSUED"],"n":3,"sentences":["…"],
     "shape":[0,0,1,…],"shapes":[{"columns":[…],"fields":["count",…,"type"]},…],
     "source":[12,12,40,…],"target":[7,9,12,…]}

* ``source`` and ``target`` are positions in the file's node list (nodes are written sorted
  by id, one per line, before the edges); ``key`` indexes the block's ``keys``.
* Edges with the same property names (a "shape") share one table: ``shape`` says which
  table each edge's properties are in (the i-th edge of a shape takes row i of its table),
  ``fields`` are the sorted names and ``columns`` one column per field, each written one of
  four ways: ``{"same": v}`` (every row holds v), ``{"table": [distinct values], "index":
  [...]}``, ``{"values": [...]}``, or, for ``sentences``, ``{"texts": [[i, …], …]}``:
  positions in the file's sentence table.
* The sentence table holds each distinct sentence once. It is not in one place: each block's
  ``sentences`` are the ones no earlier block used, appended to the table in order, so the
  file is written and read in one pass.

The decoder turns columns into edges with C-level loops (``map``, ``zip``, ``dict``) and
checks every index against what it points into: a damaged file raises ``ValueError``,
``IndexError``, ``KeyError`` or ``TypeError``, never a graph with wrong edges.
"""

from __future__ import annotations

from itertools import chain, repeat
from operator import itemgetter
from typing import Any, Callable, Iterator

import networkx as nx

#: Edges per block: small enough that a block's columns are a few MB in memory and its
#: line stays far below the reader's line limit; large enough that per-block work is nil.
BLOCK = 16384

#: A block also ends once its edges hold this many sentences: the extractor keeps a sentence
#: under 500 characters, so a block's line stays far below the reader's line limit
#: (:data:`graph.persist.MAX_LINE`, 256 MiB) however many citations its edges carry.
BLOCK_SENTENCES = 65536

SENTENCES = "sentences"
SPANS = "spans"


class _Shape:
    __slots__ = ("fields", "getter", "number", "rows", "sentences")

    def __init__(self, fields: tuple[str, ...], number: int):
        self.fields = fields
        self.getter = _getter(fields)
        self.number = number  # its position in the block's ``shapes``
        self.rows: list[tuple] = []
        self.sentences = SENTENCES in fields


def _getter(fields: tuple[str, ...]) -> Callable[[dict], tuple]:
    if not fields:
        return lambda d: ()
    if len(fields) == 1:
        f = fields[0]
        return lambda d: (d[f],)
    return itemgetter(*fields)


class BlockWriter:
    """Edges in, block dicts out: :meth:`edges` walks a graph's adjacency in file order.

    The sentence table is kept across blocks (a dict from sentence to its position)."""

    def __init__(self, node_index: dict[Any, int]):
        self.node_index = node_index
        self.sentence_at: dict[str, int] = {}
        self._sorted: dict[tuple, tuple[str, ...]] = {}  # property names as inserted → sorted
        self._reset()

    def _reset(self) -> None:
        self.source: list[int] = []
        self.target: list[int] = []
        self.key: list[Any] = []
        self.shape: list[int] = []
        self.shapes: dict[tuple[str, ...], _Shape] = {}  # by sorted names
        self.by_names: dict[tuple, _Shape] = {}  # by names as inserted
        self.tables: list[_Shape] = []

    def edges(self, succ: dict) -> Iterator[dict]:
        """Every edge of a networkx adjacency (``graph._succ``) in file order — sorted by
        (source, target, key) — as blocks. One loop, its state in locals: it runs once per
        edge, two million times for a million citations."""
        index = self.node_index
        source, target, key, shape, by_names = self.source, self.target, self.key, self.shape, self.by_names
        sentences = 0
        for u in sorted(succ):
            nbrs = succ[u]
            ui = index[u]
            for v in sorted(nbrs):
                keydict = nbrs[v]
                vi = index[v]
                for k in sorted(keydict) if len(keydict) > 1 else keydict:
                    data = keydict[k]
                    names = tuple(data)
                    table = by_names.get(names)
                    if table is None:
                        table = self._table(names)
                    source.append(ui)
                    target.append(vi)
                    key.append(k)
                    shape.append(table.number)
                    table.rows.append(table.getter(data))
                    if table.sentences:
                        sentences += len(data[SENTENCES])
                    if len(source) >= BLOCK or sentences >= BLOCK_SENTENCES:
                        yield self.take()
                        source, target, key, shape, by_names = self.source, self.target, self.key, self.shape, self.by_names
                        sentences = 0
        if source:
            yield self.take()

    def _table(self, names: tuple) -> _Shape:
        fields = self._sorted.get(names)
        if fields is None:
            fields = self._sorted[names] = tuple(sorted(names))
        table = self.shapes.get(fields)
        if table is None:
            table = self.shapes[fields] = _Shape(fields, len(self.tables))
            self.tables.append(table)
        self.by_names[names] = table
        return table

    def take(self) -> dict:
        """The block of the edges added since the last one."""
        keys = list(dict.fromkeys(self.key))
        at = {k: i for i, k in enumerate(keys)}
        new_sentences: list[str] = []
        shapes = []
        for table in self.tables:
            columns = list(zip(*table.rows)) if table.fields else []
            shapes.append(
                {
                    "fields": list(table.fields),
                    "columns": [self._column(f, col, new_sentences) for f, col in zip(table.fields, columns)],
                }
            )
        block = {
            "n": len(self.source),
            "source": self.source,
            "target": self.target,
            "keys": keys,
            "key": list(map(at.__getitem__, self.key)),
            "shape": self.shape,
            "shapes": shapes,
            "sentences": new_sentences,
        }
        self._reset()
        return block

    def _column(self, field: str, col: tuple, new_sentences: list[str]) -> dict:
        types = set(map(type, col))
        if field == SENTENCES and types <= {tuple, list}:
            texts = self._texts(col, new_sentences)
            if texts is not None:
                return {"texts": texts}
        first = next((v for v in col if type(v) is tuple), ())
        if types <= {str, tuple, type(None)} and all(type(x) is str for x in first):
            # Values equal as dict keys are equal values here: no str equals a number, and a
            # tuple of str equals only a tuple of the same str (tuples holding anything else
            # are written as they are: 1, 1.0 and True are equal keys but not the same value).
            distinct = list(dict.fromkeys(col))
            if all(type(v) is not tuple or all(type(x) is str for x in v) for v in distinct):
                if len(distinct) == 1:
                    return {"same": distinct[0]}
                if 2 * len(distinct) <= len(col):
                    at = {v: i for i, v in enumerate(distinct)}
                    return {"table": distinct, "index": list(map(at.__getitem__, col))}
        return {"values": list(col)}

    def _texts(self, col: tuple, new_sentences: list[str]) -> list[list[int]] | None:
        at = self.sentence_at
        out = []
        for seq in col:
            row = []
            for s in seq:
                i = at.get(s)
                if i is None:
                    if type(s) is not str:
                        return None  # not sentences after all: written as values
                    i = at[s] = len(at)
                    new_sentences.append(s)
                row.append(i)
            out.append(row)
        return out


class BlockReader:
    """Blocks in, edges out: ``(u, v, key, data)`` with the store's values (tuples for
    lists, ``spans`` as pairs, equal small values shared as one object)."""

    def __init__(self, node_ids: list):
        self.node_ids = node_ids
        self.sentences: list[str] = []
        self.memo: dict[Any, Any] = {}

    def edges(self, block: dict) -> Iterator[tuple[Any, Any, Any, dict]]:
        n = block["n"]
        self.sentences.extend(_strings(block["sentences"]))
        ids = self.node_ids
        sources = _positions(block["source"], len(ids), n)
        targets = _positions(block["target"], len(ids), n)
        keys = [self._share(k) for k in block["keys"]]
        key = _positions(block["key"], len(keys), n)
        shape = _positions(block["shape"], len(block["shapes"]), n)
        counts = [shape.count(i) for i in range(len(block["shapes"]))]
        if sum(counts) != n:
            raise ValueError("an edge of a shape that does not exist")
        datas = [self._rows(s, c) for s, c in zip(block["shapes"], counts)]
        if len(datas) == 1:
            data = datas[0]
        else:
            nexts = [iter(d).__next__ for d in datas]
            data = [nexts[s]() for s in shape]
        return zip(map(ids.__getitem__, sources), map(ids.__getitem__, targets), map(keys.__getitem__, key), data)

    def _rows(self, shape: dict, n: int) -> list[dict]:
        fields = [self._share(f) for f in shape["fields"]]
        columns = shape["columns"]
        if len(columns) != len(fields) or not all(type(f) is str for f in fields):
            raise ValueError("a shape's fields and columns do not match")
        if not fields:
            return [{} for _ in range(n)]
        cols = [self._column(f, c, n) for f, c in zip(fields, columns)]
        return list(map(dict, map(zip, [fields] * n, zip(*cols))))

    def _column(self, field: str, col: dict, n: int) -> list:
        if "same" in col:
            return [self._share(_revive(field, col["same"]))] * n
        if "table" in col:
            table = [self._share(_revive(field, v)) for v in col["table"]]
            return list(map(table.__getitem__, _positions(col["index"], len(table), n)))
        if "texts" in col:
            texts = col["texts"]
            _length(texts, n)
            if not set(map(type, texts)) <= {list}:
                raise ValueError("a sentence list that is not a list")
            flat = list(chain.from_iterable(texts))
            _positions(flat, len(self.sentences), len(flat))
            return list(map(tuple, map(map, repeat(self.sentences.__getitem__), texts)))
        values = col["values"]
        _length(values, n)
        if field == SPANS:
            if set(map(type, values)) == {list} and set(map(type, chain.from_iterable(values))) == {list}:
                return list(map(tuple, map(map, repeat(tuple), values)))  # [[s, e], …] → ((s, e), …)
            return [_revive(SPANS, v) for v in values]
        if list in set(map(type, values)):
            return [tuple(v) if type(v) is list else v for v in values]
        return values

    def _share(self, value: Any) -> Any:
        try:
            return self.memo.setdefault(value, value)
        except TypeError:  # unhashable (a dict in a property): kept as it is
            return value


def _revive(field: str, value: Any) -> Any:
    """A parsed value in the store's form: lists become tuples (``spans`` pairs too)."""
    if type(value) is not list:
        return value
    if field == SPANS:
        return tuple([tuple(s) if type(s) is list else s for s in value])
    return tuple(value)


def _length(values: Any, n: int) -> None:
    if type(values) is not list or len(values) != n:
        raise ValueError("a column's length is not its block's")


def _positions(values: Any, size: int, n: int) -> list[int]:
    """A column of positions into something of ``size`` items, checked: Python would read a
    negative index from the end and a bool as 0 or 1, so both are refused here (one too
    large raises IndexError where it is used)."""
    _length(values, n)
    if values and (not set(map(type, values)) <= {int} or min(values) < 0):
        raise ValueError("an index outside its table")
    return values


def _strings(values: Any) -> list[str]:
    if type(values) is not list or not set(map(type, values)) <= {str}:
        raise ValueError("a sentence table that is not a list of strings")
    return values


def node_index(graph: nx.MultiDiGraph) -> tuple[list, dict[Any, int]]:
    """The node ids in file order (sorted) and each one's position."""
    ids = sorted(graph.nodes)
    return ids, {n: i for i, n in enumerate(ids)}
