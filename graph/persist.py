"""The graph file: a portable, deterministic JSON document (gzip when the name ends in .gz).

Layout, schema 2 (nodes one per line; edges in column blocks, one block per line, so that a
file loads in a stream and a million edges load without a Python step per value)::

    {"format":"lawgraph-graph","producer":{"catalogs":[…],"lawgraph":"0.1.0"},"schema":2,
    "nodes":[
    {"id":"agency:…","label":"Agency","aliases":[…],"level":"district","name":"…","region":"…"},
    …
    ],
    "edges":[
    {"key":[…],"keys":["CITES",…],"n":16384,"sentences":[…],"shape":[…],"shapes":[…],"source":[…],"target":[…]},
    …
    ]}

* ``nodes`` are sorted by ``id``; each holds ``label`` and the node's properties.
* ``edges`` are blocks of edges sorted by (source, target, key) (:mod:`graph.edge_blocks`):
  ends as positions in the node list, the networkx edge ``key`` (``ISSUED``, ``MENTIONS``,
  ``CITES``, or ``CITES:<year>`` for the projection), and the properties (``type``, the
  relationship type, among them) in columns; each distinct sentence is written once.
* Keys sorted, UTF-8, no ASCII escaping; list-valued properties are arrays (tuples in
  memory, see :mod:`graph.model`), dates are ISO 8601 strings, absent values ``null``. The
  same graph always gives the same bytes (gzip too: no timestamp in the header).
* ``schema`` is :data:`graph.model.SCHEMA_VERSION`. Schema 1 files (the same, but one JSON
  object per edge: ``{"key":…,"source":…,"target":…,"type":…, properties}``) still load; a
  file of another version is refused with a message saying how to rebuild it.
* ``producer`` (:func:`graph.model.producer_stamp`) is the lawgraph version that wrote the
  file and the catalog versions of the records it was built from (optional when read).

Any JSON parser reads the file; :func:`load_graph` streams the layout above line by line
and falls back to a whole-document parse for files reformatted by other tools.
Writes are atomic: a temporary file in the same folder, then ``os.replace``.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path
from typing import IO, Any, Iterator

import networkx as nx

from lawgraph.extract.errors import LawgraphError
from lawgraph.extract.records import VERSION_TEXT, quick_dumps
from lawgraph.graph.atomic import replace_into, staged_open
from lawgraph.graph.edge_blocks import BlockReader, BlockWriter, node_index
from lawgraph.graph.model import CATALOGS, SCHEMA_VERSION, producer_stamp
from lawgraph.graph.neutral import json_text_errors
from lawgraph.graph.nx_bulk import gc_paused, insert_edges, insert_sorted_edges

FORMAT = "lawgraph-graph"

#: The schemas this version reads: its own, and schema 1 (one edge per line).
READS = (1, SCHEMA_VERSION)


class GraphFileError(LawgraphError):
    """A graph file that cannot be read: not one, another schema, or damaged."""


# One encoder for every line: json.dumps with options builds a new encoder per call.
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode

_orjson: Any
try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a declared dependency; the standard library is the reference
    _orjson = None


def _line_bytes(obj: dict[str, Any], errors: str) -> bytes:
    """One node or edge as UTF-8 JSON, the bytes ``_dumps(obj).encode(…)`` gives.

    orjson is 5–10× quicker; where the two would differ the standard library writes the line:
    lone surrogates (a file name's undecodable bytes: orjson refuses them; the ``errors``
    handler escapes them), integers beyond 64 bits, and floats written with an exponent
    (orjson: 1.5e-7 and 0.00002, Python: 1.5e-07 and 2e-05; an ``e-`` or ``0.0000`` inside
    a string only costs the slower path). tests/test_graph_file_bytes.py compares the two."""
    raw = quick_dumps(obj)
    return raw if raw is not None else _dumps(obj).encode("utf-8", errors)


def _loads(line: str) -> Any:
    if _orjson is not None:
        try:
            return _orjson.loads(line)
        except _orjson.JSONDecodeError:
            pass  # the standard library's parse says what is wrong (NaN, a lone surrogate …)
    # raw_decode skips json.loads' whitespace regexes: a quarter of the parse time here.
    return _decoder.raw_decode(line)[0]


class _NotJson(ValueError):
    pass


def _no_constants(name: str) -> Any:
    # NaN and Infinity are not JSON: a file holding one was not written by lawgraph.
    raise _NotJson(f"{name} is not a JSON number")


_decoder = json.JSONDecoder(parse_constant=_no_constants)


class _Reviver:
    """Turns a parsed node or edge back into the store's in-memory form, in place.

    Lists become tuples (the graph holds tuples: see graph.model), and ids and small
    vocabularies become shared objects, so a loaded graph is equal to the saved one and
    takes the same memory as a built one.
    """

    def __init__(self) -> None:
        self.memo: dict[Any, Any] = {}
        self.fresh_keys = _orjson is None
        same = self.same
        shared = self.shared_tuple
        self.convert = {
            "label": same,
            "type": same,
            "category": same,
            "level": same,
            "region": same,
            "status": same,
            "script": same,
            "year": same,
            "kinds": shared,
            "functions": shared,
            "reports": shared,
            "spans": _pairs,
        }

    def same(self, value: Any) -> Any:
        return self.memo.setdefault(value, value)

    def shared_tuple(self, values: list) -> tuple:
        memo = self.memo
        t = tuple([memo.setdefault(x, x) for x in values])
        return memo.setdefault(t, t)

    def attrs(self, obj: dict[str, Any], skip: tuple[str, ...]) -> dict[str, Any]:
        """A new attribute dict from ``obj`` without the ``skip`` keys.

        New rather than ``obj`` with keys popped: a dict keeps the table size of its largest
        size, and ``obj`` had three more keys (``source``, ``target``, ``key``).
        """
        convert = self.convert
        if self.fresh_keys:  # the standard library's parser makes new key strings for every line
            memo = self.memo
            out = {memo.setdefault(k, k): v for k, v in obj.items() if k not in skip}
        else:  # orjson's are shared already (it caches keys)
            out = {k: v for k, v in obj.items() if k not in skip}
        for k, v in out.items():  # values replaced in place: the dict keeps its size
            f = convert.get(k)
            if f is not None:
                if v is not None:
                    out[k] = f(v)
            elif type(v) is list:
                out[k] = tuple(v)
        return out


_NODE_SKIP = ("id",)
_EDGE_SKIP = ("source", "target", "key")


def _pairs(spans: list) -> tuple:
    return tuple([tuple(s) for s in spans])


def _sections(graph: nx.MultiDiGraph) -> tuple[dict, Iterator[dict], Iterator[dict]]:
    """The file's header, its nodes in order, and its edge blocks (see the module notes)."""
    header = {"format": FORMAT, "producer": producer_stamp(graph), "schema": SCHEMA_VERSION}
    ids, index = node_index(graph)
    node_attrs = graph._node  # noqa: SLF001 — a plain dict lookup per node
    nodes = ({**node_attrs[n], "id": n} for n in ids)
    # nested sorted dicts: no 2 M-tuple sort, no view objects
    blocks = BlockWriter(index).edges(graph._succ)  # noqa: SLF001
    return header, nodes, blocks


def iter_graph_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """The file's text, line by line (pure: no I/O; the standard library's JSON)."""
    header, nodes, blocks = _sections(graph)
    yield _dumps(header)[:-1] + ",\n"
    for opening, items, closing in (('"nodes":[\n', nodes, "],\n"), ('"edges":[\n', blocks, "]}\n")):
        yield opening
        first = True
        for obj in items:
            line = _dumps(obj)
            yield line if first else ",\n" + line
            first = False
        yield closing if first else "\n" + closing


def iter_graph_bytes(graph: nx.MultiDiGraph, errors: str = "strict") -> Iterator[bytes]:
    """:func:`iter_graph_lines` encoded as UTF-8 (with ``errors``), built without the
    intermediate text: what the graph file holds."""
    header, nodes, blocks = _sections(graph)
    yield _dumps(header).encode()[:-1] + b",\n"
    for opening, items, closing in ((b'"nodes":[\n', nodes, b"],\n"), (b'"edges":[\n', blocks, b"]}\n")):
        yield opening
        first = True
        for obj in items:
            line = _line_bytes(obj, errors)
            yield line if first else b",\n" + line
            first = False
        yield closing if first else b"\n" + closing


def save_graph(graph: nx.MultiDiGraph, path: str | os.PathLike) -> Path:
    """Write ``graph`` to ``path`` atomically; gzip when the name ends in ``.gz``."""
    return replace_into(stage_graph(graph, path), path)


def stage_graph(graph: nx.MultiDiGraph, path: str | os.PathLike) -> Path:
    """Write ``graph`` to a hidden temporary file beside ``path``, flushed to disk, with the
    mode ``path`` has (or would get); return it, for the caller to rename over ``path``
    (:func:`save_graph`, or a build that replaces all its outputs at once). See
    :func:`graph.atomic.staged_open`: special files refused, errors naming ``path``.
    """
    path = Path(path)
    with staged_open(path, "wb", durable=True) as (raw, tmp):
        if path.name.endswith(".gz"):
            # mtime=0 and no file name: the same graph gives the same bytes.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                _write_text(gz, graph)
        else:
            _write_text(raw, graph)
    return tmp


def _write_text(binary: IO[bytes] | gzip.GzipFile, graph: nx.MultiDiGraph) -> None:
    # A report's source may hold a file name's undecodable bytes (lone surrogates, see
    # graph.neutral): written as \uXXXX escapes, they read back as the same name.
    # The collector paused: the writer makes short-lived tuples by the million, and each full
    # collection would walk the whole graph (a third of a save's time on a million edges).
    with gc_paused():
        binary.writelines(iter_graph_bytes(graph, json_text_errors()))


#: Longest line of a graph file (one node or edge; an edge holding the sentences of 20,000
#: citations is a few tens of MB). Longer, the file is damaged (or not a graph file at all).
MAX_LINE = 256 * 1024 * 1024


class _BoundedLines(io.TextIOBase):
    """A text stream whose ``readline`` and iteration never return more than :data:`MAX_LINE`
    characters: past that the file is refused, instead of reading gigabytes of one line."""

    def __init__(self, fh: IO[str], path: Path):
        self._fh = fh
        self._path = path

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        line = self._fh.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise GraphFileError(f"{self._path}: damaged graph file (a line longer than {MAX_LINE // (1024 * 1024)} MiB)")
        return line

    def __iter__(self):
        return self

    def __next__(self) -> str:  # type: ignore[override]
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def read(self, size: int | None = -1) -> str:
        return self._fh.read(-1 if size is None else size)

    def seek(self, *args):
        return self._fh.seek(*args)

    def close(self) -> None:
        self._fh.close()
        super().close()


def _open_text(path: Path) -> io.TextIOBase:
    """The file as text: a regular file only (a device or a FIFO is refused at once)."""
    from lawgraph.extract.files import open_regular

    raw = open_regular(path, "graph file")
    if path.name.endswith(".gz"):
        return _BoundedLines(gzip.open(raw, "rt", encoding="utf-8"), path)
    return _BoundedLines(io.TextIOWrapper(raw, encoding="utf-8"), path)


def load_graph(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a graph file written by :func:`save_graph` (or any JSON with the same content)."""
    from lawgraph.extract.files import InputFileError

    path = Path(path)
    try:
        fh = _open_text(path)
    except InputFileError as err:
        raise GraphFileError(str(err)) from err
    try:
        with fh, gc_paused():
            graph = _load_streaming(fh, path)
            if graph is None:
                fh.seek(0)
                graph = _load_document(json.load(fh, parse_constant=_no_constants), path)
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise GraphFileError(f"{path}: cannot read ({err})") from err
    except json.JSONDecodeError as err:
        raise GraphFileError(f"{path}: not a lawgraph graph file (invalid JSON: {err.msg})") from err
    except _NotJson as err:
        raise GraphFileError(f"{path}: damaged graph file ({err}); rebuild it with `lawgraph build`") from err
    except (KeyError, IndexError, TypeError, AttributeError, ValueError, RecursionError) as err:
        raise GraphFileError(f"{path}: damaged graph file ({type(err).__name__}); rebuild it with `lawgraph build`") from err
    return graph


def _check_header(header: Any, path: Path) -> int:
    """The file's schema, once its header is checked."""
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise GraphFileError(f'{path}: not a lawgraph graph file (no "format": "{FORMAT}")')
    schema = header.get("schema")
    if type(schema) is not int or schema not in READS:
        raise GraphFileError(
            f"{path}: graph schema {schema!r} is not supported by this lawgraph (it reads schemas "
            f"{' and '.join(map(str, READS))}); rebuild the graph from your reports or records: delete the file and "
            f"run `lawgraph build PATH... --graph {path}`"
        )
    producer = header.get("producer", {})
    catalogs = producer.get("catalogs", []) if isinstance(producer, dict) else None
    if type(catalogs) is not list or not all(type(c) is str and VERSION_TEXT.fullmatch(c) for c in catalogs):
        raise GraphFileError(f'{path}: damaged graph file ("producer" must hold a list of catalog versions)')
    return schema


def _catalogs(header: dict) -> tuple[str, ...]:
    return tuple(header.get("producer", {}).get("catalogs", ()))


def _load_streaming(fh: io.TextIOBase, path: Path) -> nx.MultiDiGraph | None:
    """Parse the canonical layout line by line; ``None`` if the file has another layout."""
    first = fh.readline()
    if not (first.startswith("{") and first.endswith(",\n")):
        return None
    try:
        header = json.loads(first[:-2] + "}", parse_constant=_no_constants)
    except json.JSONDecodeError:
        return None
    schema = _check_header(header, path)
    if fh.readline() != '"nodes":[\n':
        return None
    graph = nx.MultiDiGraph()
    if _catalogs(header):
        graph.graph[CATALOGS] = _catalogs(header)
    revive = _Reviver()
    nodes = []
    loads = _loads
    for line in fh:
        if line == "\n":
            continue
        if line == "],\n":
            break
        obj = loads(line[:-2] if line.endswith(",\n") else line)
        nodes.append((revive.same(obj["id"]), revive.attrs(obj, _NODE_SKIP)))
    else:
        return None
    graph.add_nodes_from(nodes)
    node_ids = [n for n, _ in nodes] if schema >= 2 else []
    del nodes
    if fh.readline() != '"edges":[\n':
        return None

    if schema >= 2:
        reader = BlockReader(node_ids)
        for line in fh:
            if line in ("]}\n", "]}"):
                return graph
            if line != "\n":
                # One block at a time, straight from its columns into the adjacency dicts.
                insert_sorted_edges(graph, reader.edges(loads(line[:-2] if line.endswith(",\n") else line)))
        raise GraphFileError(f"{path}: truncated graph file (the edge list never ends)")

    def edges() -> Iterator[tuple[str, str, str, dict]]:
        same, attrs = revive.same, revive.attrs
        for line in fh:
            if line in ("]}\n", "]}"):
                return
            if line == "\n":
                continue
            obj = loads(line[:-2] if line.endswith(",\n") else line)
            yield same(obj["source"]), same(obj["target"]), same(obj["key"]), attrs(obj, _EDGE_SKIP)
        raise GraphFileError(f"{path}: truncated graph file (the edge list never ends)")

    insert_edges(graph, edges())
    return graph


def _load_document(doc: Any, path: Path) -> nx.MultiDiGraph:
    schema = _check_header(doc, path)
    graph = nx.MultiDiGraph()
    if _catalogs(doc):
        graph.graph[CATALOGS] = _catalogs(doc)
    revive = _Reviver()
    node_ids = []
    for obj in doc["nodes"]:
        node_ids.append(revive.same(obj["id"]))
        graph.add_node(node_ids[-1], **revive.attrs(obj, _NODE_SKIP))
    if schema >= 2:
        reader = BlockReader(node_ids)
        for block in doc["edges"]:
            insert_sorted_edges(graph, reader.edges(block))
        return graph
    for obj in doc["edges"]:
        u, v, k = revive.same(obj["source"]), revive.same(obj["target"]), revive.same(obj["key"])
        graph.add_edge(u, v, key=k, **revive.attrs(obj, _EDGE_SKIP))
    return graph
