"""GraphML: the whole graph, flattened, for Gephi, yEd, Cytoscape or networkx.

Node attributes: ``label`` (name or title, what Gephi shows), ``kind`` (Agency, Law,
Report), the per-kind count (``times_cited``, ``citations``, ``agency_citations``) and the
model's properties; edge attributes: ``relationship`` (ISSUED, CITES, MENTIONS),
``edge_kind`` (``issued``, ``report_cites``, ``mentions``, ``agency_cites``: the report-level
CITES and the per-year projection are both CITES; sum the counts of one kind only), ``nx_key`` (the networkx key: ``CITES:2024`` for the
agency → document projection), ``weight`` and the edge's properties. Lists are joined
(see :mod:`graph.exports.flat`), ``None`` left out. Edge ids are ``e0, e1, …`` (in
GraphML they must be unique in the file; the networkx keys are not).
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from lawgraph.graph import model
from lawgraph.graph.atomic import atomic_open
from lawgraph.graph.exports.flat import COUNT_COLUMN, citation_counts, display_name, flat_value, sorted_edges, xml_safe
from lawgraph.graph.model import producer_stamp
from lawgraph.graph.neutral import xml_id


def generate(store) -> nx.MultiDiGraph:
    """The flattened copy of the graph that is written."""
    g = store.graph
    totals = citation_counts(g)
    stamp = producer_stamp(g)
    # Graph-level data: the producer stamp (lists joined, as everywhere in this format).
    h = nx.MultiDiGraph(lawgraph=stamp["lawgraph"], catalogs=xml_safe(" ".join(stamp["catalogs"])))
    for n in sorted(g.nodes):
        attrs = g.nodes[n]
        flat = {k: xml_safe(flat_value(k, v)) for k, v in sorted(attrs.items()) if k != "label" and v is not None}
        flat.update(label=xml_safe(display_name(attrs, n)), kind=attrs.get("label"))
        if attrs.get("label") in COUNT_COLUMN:
            flat[COUNT_COLUMN[attrs["label"]]] = totals.get(n, 0)
        h.add_node(xml_id(n), **flat)
    for i, (u, v, k, attrs) in enumerate(sorted_edges(g)):
        flat = {key: xml_safe(flat_value(key, val)) for key, val in sorted(attrs.items()) if key != "type" and val is not None}
        count = attrs.get("count")
        # ``edge_kind`` tells the report-level CITES from the agency–law–year projection
        # (both typed CITES): add up the counts of one kind, never of both.
        flat.update(relationship=attrs.get("type"), edge_kind=model.rel_of_key(k).name, nx_key=k, weight=int(count) if count is not None else 1)
        h.add_edge(xml_id(u), xml_id(v), key=f"e{i}", **flat)
    return h


def write(store, path: str | os.PathLike) -> list[Path]:
    h = generate(store)
    with atomic_open(path, "wb") as fh:
        nx.write_graphml(h, fh, encoding="utf-8", prettyprint=True)
    return [Path(path)]
