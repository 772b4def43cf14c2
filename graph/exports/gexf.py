"""GEXF: the agency → document network over time, for Gephi's timeline.

One node per agency that cites something and per document it cites; one edge per
(agency, document) pair. Years become GEXF *spells* — a node or edge exists in the years
it cites or is cited (``2024-01-01`` to ``2024-12-31``) — and the edge's ``count`` is a
dynamic attribute with one value per year, so Gephi's timeline filters and re-weights the
network year by year. ``weight`` is the total count; node ``label`` is the name or title,
``kind`` Agency or Law. Reports are not in this file (GraphML and JSON have the whole graph).
"""

from __future__ import annotations

import os
import re
from xml.sax.saxutils import escape as xml_escape
from collections import defaultdict
from pathlib import Path
from typing import Iterator

import networkx as nx

from lawgraph.graph.atomic import atomic_open
from lawgraph.graph.exports.flat import display_name, xml_safe
from lawgraph.graph.model import producer_line
from lawgraph.graph.neutral import xml_id


def year_spell(year: int) -> tuple[str, str]:
    return (f"{int(year):04d}-01-01", f"{int(year):04d}-12-31")


def generate(store) -> nx.DiGraph:
    g = store.graph
    pairs: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for a, law, d in store.projection():
        years = pairs[(a, law)]
        y = int(d["year"])
        years[y] = years.get(y, 0) + int(d.get("count") or 0)
    node_years: dict[str, set[int]] = defaultdict(set)
    node_totals: dict[str, int] = defaultdict(int)
    for (a, law), years in pairs.items():
        for y, c in years.items():
            node_years[a].add(y)
            node_years[law].add(y)
            node_totals[a] += c
            node_totals[law] += c
    h = nx.DiGraph(mode="dynamic")
    for n in sorted(node_years):
        attrs = g.nodes[n]
        node = {
            "label": xml_safe(display_name(attrs, n)),
            "kind": attrs.get("label"),
            "citations": node_totals[n],
            "spells": [year_spell(y) for y in sorted(node_years[n])],
        }
        for k in ("category", "level", "region"):
            if attrs.get(k) is not None:
                node[k] = xml_safe(attrs[k])
        h.add_node(xml_id(n), **node)
    for (a, law), years in sorted(pairs.items()):
        ys = sorted(years)
        h.add_edge(
            xml_id(a),
            xml_id(law),
            weight=sum(years.values()),
            relationship="CITES",
            spells=[year_spell(y) for y in ys],
            count=[(years[y], *year_spell(y)) for y in ys],
        )
    return h


def generate_lines(store) -> Iterator[str]:
    """The GEXF document, line by line, without networkx's "last modified" date (so the
    same graph gives the same bytes)."""
    yield "<?xml version='1.0' encoding='utf-8'?>"
    creator = f"<creator>{xml_escape(producer_line(store.graph))}</creator>"
    for line in nx.generate_gexf(generate(store), encoding="utf-8", prettyprint=True, version="1.2draft"):
        # networkx names itself the creator; the producer stamp says what made the data.
        yield _CREATOR.sub(creator, _MODIFIED.sub("<meta>", line))


_MODIFIED = re.compile(r'<meta lastmodifieddate="[^"]*">')
_CREATOR = re.compile(r"<creator>[^<]*</creator>")


def write(store, path: str | os.PathLike) -> list[Path]:
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
        for line in generate_lines(store):
            fh.write(line + "\n")
    return [Path(path)]
