"""Node-link JSON: the whole graph, lossless, in networkx's standard layout.

``networkx.node_link_graph(json.load(f), edges="edges")`` gives back a ``MultiDiGraph``
with the same nodes, edges, keys and attributes (lists stay lists, ``None`` is ``null``).
D3 and most JavaScript graph libraries read the same layout. Nodes are sorted by id and
edges by (source, target, key), one per line, so the file is deterministic and diffs well.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Iterator

from lawgraph.graph.atomic import atomic_open
from lawgraph.graph.exports.flat import sorted_edges
from lawgraph.graph.model import CATALOGS, producer_stamp

EDGES = "edges"  # networkx ≥ 3.4 calls the list "edges" (formerly "links")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _dumps(obj: Any) -> str:
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # A lone surrogate cannot be written as UTF-8; as a \u escape it loads back unchanged.
    return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text)


def generate(store) -> Iterator[str]:
    """The document, line by line."""
    g = store.graph
    graph = {k: v for k, v in g.graph.items() if k != CATALOGS}
    graph["producer"] = producer_stamp(g)
    yield '{"directed":true,"multigraph":true,"graph":' + _dumps(graph) + ',\n"nodes":[\n'
    first = True
    for n in sorted(g.nodes):
        line = _dumps({**g.nodes[n], "id": n})
        yield line if first else ",\n" + line
        first = False
    yield ("\n" if not first else "") + '],\n"' + EDGES + '":[\n'
    first = True
    for u, v, k, attrs in sorted_edges(g):
        line = _dumps({**attrs, "source": u, "target": v, "key": k})
        yield line if first else ",\n" + line
        first = False
    yield ("\n" if not first else "") + "]}\n"


def write(store, path: str | os.PathLike) -> list[Path]:
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(generate(store))
    return [Path(path)]


def load(path: str | os.PathLike):
    """Read the file back into a ``networkx.MultiDiGraph``."""
    import networkx as nx

    with open(path, encoding="utf-8") as fh:
        return nx.node_link_graph(json.load(fh), edges=EDGES)
