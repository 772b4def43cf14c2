"""The embedded store: the lawgraph model in one ``networkx.MultiDiGraph``.

>>> from lawgraph.graph import MemoryStore
>>> store = MemoryStore()
>>> store.add_records([])          # records from extract.iter_records or read_records
AddResult(added=0, replaced=0, unchanged=0, errors=[], same_text=[])
>>> store.graph.number_of_nodes()  # a plain networkx graph: use any networkx algorithm on it
0

Encoding (defined in :mod:`graph.model`): node keys are the model ids, node attribute
``label`` is ``Agency``/``Law``/``Report`` and the other attributes are the node's
properties; edge keys are ``ISSUED``, ``MENTIONS``, ``CITES`` (report → law) and
``CITES:<year>`` (the agency → law projection), edge attribute ``type`` is the
relationship type.

Incremental: adding a report whose id is already in the graph changes nothing; adding one
whose ``source`` matches a report in the graph but whose id differs (the file changed)
replaces it, and Law and Agency nodes left without edges are removed. The projection is
recomputed only for the agencies whose reports were added, replaced or removed.
"""

from __future__ import annotations

import gc
import logging
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

import networkx as nx

from lawgraph.extract.errors import LawgraphError
from lawgraph.extract.records import FileError, Record, record_from_json
from lawgraph.graph import model
from lawgraph.graph.model import AGENCY, AGENCY_CITES, ISSUED, LAW, MENTIONS, REPORT, Edge, Node, Rel
from lawgraph.graph.nx_bulk import GC_EVERY, gc_paused, insert_edges

log = logging.getLogger(__name__)


@dataclass
class AddResult:
    """What :meth:`MemoryStore.add_records` did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[FileError] = field(default_factory=list)  # error lines met in the stream
    #: The paths of each report of this run read from more than one file (same text).
    same_text: list[tuple[str, ...]] = field(default_factory=list)


@dataclass
class GraphSummary:
    """Counts that describe a graph; ``lawgraph build`` prints them."""

    reports: int
    agencies: int
    laws: int
    laws_by_category: dict[str, int]
    citation_edges: int  # Report -CITES-> Law
    citations: int  # sum of their counts
    mention_edges: int
    projection_edges: int  # Agency -CITES-> Law
    years: dict[str, int]  # reports per year ("null" for reports without one)
    reports_without_year: int
    reports_without_issuer: int
    titles_to_review: int = 0  # cited titles that did not link to the catalog (lawgraph review)
    stale_citations: int = 0  # Report -CITES-> Law edges to a document repealed or not yet in force at the report's date

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class MemoryStore:
    """The networkx store. ``store.graph`` is the ``nx.MultiDiGraph`` itself.

    ``catalog`` enriches Law nodes (see :func:`graph.model.law_node`); by default the
    shipped catalog plus ``catalog_files``.
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph | None = None,
        *,
        catalog: model.CatalogLike | None = None,
        catalog_files: Sequence[str] = (),
    ):
        self._g = graph if graph is not None else nx.MultiDiGraph()
        self._catalog = catalog
        self._catalog_files = tuple(catalog_files)
        # Every path a report was read from → the report (two files with the same text are
        # one report: see graph.model).
        self._by_source: dict[str, str] = {}
        for n, attrs in self._g.nodes(data=True):
            if attrs.get("label") == REPORT:
                for src in report_sources(attrs):
                    self._by_source[src] = n

    # --- the accessor and persistence ----------------------------------------------------

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph itself (not a copy): read it with any networkx algorithm.

        Mutate it only through the store, which keeps the projection and the indexes right.
        """
        return self._g

    @classmethod
    def load(cls, path: str | os.PathLike, **kwargs: Any) -> "MemoryStore":
        """A store over the graph file at ``path`` (see :mod:`graph.persist`)."""
        from lawgraph.graph.persist import load_graph

        return cls(load_graph(path), **kwargs)

    @classmethod
    def open(cls, path: str | os.PathLike, **kwargs: Any) -> "MemoryStore":
        """Like :meth:`load`, but an empty store when ``path`` does not exist yet."""
        if os.path.exists(path):
            return cls.load(path, **kwargs)
        return cls(**kwargs)

    def save(self, path: str | os.PathLike) -> os.PathLike:
        """Write the graph file atomically; the same graph always gives the same bytes."""
        from lawgraph.graph.persist import save_graph

        return save_graph(self._g, path)

    # --- updates ---------------------------------------------------------------------------

    def add_records(self, records: Iterable[Record | FileError | dict]) -> AddResult:
        """Add reports from records (dataclasses or their JSON dicts), streaming.

        :class:`FileError` items are collected in the result and otherwise ignored.
        """
        result = AddResult()
        touched: set[str] = set()
        orphans: set[str] = set()
        catalog = self.catalog
        with gc_paused():
            try:
                self._add_all(records, result, touched, orphans, catalog)
            finally:
                # Even when the stream fails half-way (a bad records line), the reports
                # added so far leave a consistent graph behind.
                self._reproject(touched)
                self._drop_orphans(orphans)
        return result

    def _add_all(self, records, result: AddResult, touched: set[str], orphans: set[str], catalog) -> None:
        g = self._g
        shared: set[str] = set()  # reports of this run read from more than one file
        catalogs = set(g.graph.get(model.CATALOGS, ()))
        for n, item in enumerate(records, 1):
            if n % GC_EVERY == 0:
                gc.collect(1)
            if isinstance(item, dict):
                item = record_from_json(item)
            if isinstance(item, FileError):
                result.errors.append(item)
                continue
            if item.producer is not None and item.producer.catalog not in catalogs:
                catalogs.add(item.producer.catalog)
                g.graph[model.CATALOGS] = tuple(sorted(catalogs))
            rep = item.report
            existing = g.nodes.get(rep.id)
            if existing is not None and existing.get("label") != REPORT:
                raise LawgraphError(f"{rep.source}: report id {rep.id!r} is already the id of a {existing.get('label')} node")
            old = self._by_source.get(rep.source)
            changed = old is not None and old != rep.id and old in g
            if changed and old is not None:
                # The file changed. Its old text stays while another file still has it.
                self._drop_source(old, rep.source, touched, orphans)
            if existing is None:
                if changed:
                    result.replaced += 1
                else:
                    result.added += 1
            elif self._relinked(rep.id, item):
                # Same text, but the catalog in use now links its citations differently (a
                # filled review template, an imported catalog): the new record replaces it.
                sources = report_sources(existing)
                t, o = self._detach_report(rep.id)
                touched |= t
                orphans |= o
                rows = model.record_rows(item, catalog)
                self._add_rows(rows)
                g.nodes[rep.id]["sources"] = tuple(sorted({*sources, rep.source}))
                g.nodes[rep.id]["source"] = g.nodes[rep.id]["sources"][0]
                for src in g.nodes[rep.id]["sources"]:
                    self._by_source[src] = rep.id
                touched.update(rows.issuers)
                result.replaced += 1
                continue
            else:
                result.unchanged += 1
                sources = report_sources(existing)
                if rep.source not in sources:
                    sources = tuple(sorted((*sources, rep.source)))
                    existing["sources"], existing["source"] = sources, sources[0]
                    self._by_source[rep.source] = rep.id
                if len(sources) > 1:
                    shared.add(rep.id)
                continue
            rows = model.record_rows(item, catalog)
            self._add_rows(rows)
            self._by_source[rep.source] = rep.id
            touched.update(rows.issuers)
        result.same_text = sorted(report_sources(g.nodes[r]) for r in shared if r in g)

    def _relinked(self, report_id: str, record: Record) -> bool:
        """Whether a record of a report already in the graph cites other documents than the
        graph says (the same text, extracted with another catalog)."""
        cited = {v for _, v, k in self._g.out_edges(report_id, keys=True) if k == model.CITES}
        return cited != {c.law_id for c in record.citations}

    def _drop_source(self, report_id: str, source: str, touched: set[str], orphans: set[str]) -> bool:
        """``source`` no longer holds this report's text: forget it; remove the report when no
        file is left that has it. True if the report was removed."""
        attrs = self._g.nodes[report_id]
        left = tuple(s for s in report_sources(attrs) if s != source)
        if self._by_source.get(source) == report_id:
            del self._by_source[source]
        if left:
            attrs["sources"], attrs["source"] = left, left[0]
            return False
        t, o = self._detach_report(report_id)
        touched |= t
        orphans |= o
        return True

    def drop_sources(self, gone: Callable[[str], bool]) -> tuple[int, int]:
        """Forget every source path for which ``gone(path)`` is true (a file deleted since it
        was read); remove the reports left without any. Returns (reports removed, paths
        forgotten). The projection and orphans are brought up to date."""
        touched: set[str] = set()
        orphans: set[str] = set()
        removed = forgotten = 0
        reports = [(n, report_sources(a)) for n, a in self._g.nodes(data=True) if a.get("label") == REPORT]
        for report_id, sources in reports:
            for source in sources:
                if gone(source):
                    forgotten += 1
                    removed += self._drop_source(report_id, source, touched, orphans)
        self._reproject(touched)
        self._drop_orphans(orphans)
        return removed, forgotten

    def remove_report(self, report_id: str) -> bool:
        """Remove a report, its edges, and the nodes left without edges. False if absent."""
        attrs = self._g.nodes.get(report_id)
        if attrs is None or attrs.get("label") != REPORT:
            return False
        touched, orphans = self._detach_report(report_id)
        self._reproject(touched)
        self._drop_orphans(orphans)
        return True

    def _detach_report(self, report_id: str) -> tuple[set[str], set[str]]:
        """Remove a Report node and its edges; return (its issuers, its neighbours)."""
        g = self._g
        issuers = {u for u, _, k in g.in_edges(report_id, keys=True) if k == ISSUED}
        neighbours = set(g.predecessors(report_id)) | set(g.successors(report_id))
        for source in report_sources(g.nodes[report_id]):
            if self._by_source.get(source) == report_id:
                del self._by_source[source]
        g.remove_node(report_id)
        return issuers, neighbours

    def _add_rows(self, rows: model.RecordRows) -> None:
        g = self._g
        nodes = g._node  # noqa: SLF001 — plain dict lookups: this loop runs once per cited law
        report = rows.report
        others = rows.agencies + rows.laws
        for node in others:  # check first, so that a refused record changes nothing
            attrs = nodes.get(node.id)
            if attrs is not None and attrs.get("label") != node.label:
                raise LawgraphError(f"{report.props.get('source')}: id {node.id!r} is both a {attrs.get('label')} and a {node.label}")
        g.add_node(report.id, label=REPORT, **report.props)
        for node in others:
            attrs = nodes.get(node.id)
            if attrs is None:
                g.add_node(node.id, label=node.label, **node.props)
                continue
            merged = model.merge_props(node.label, attrs, node.props)
            if merged is not None:
                attrs.update(merged)
        insert_rows(g, rows.edges)

    def _reproject(self, agencies: Iterable[str]) -> None:
        """Recompute the Agency -CITES-> Law projection of these agencies from their reports.

        One agency at a time, so the temporary facts stay as small as one agency's citations.
        """
        g = self._g
        nodes, succ = g._node, g._succ  # noqa: SLF001 — this loop visits every citation edge
        cites = model.CITES
        for a in agencies:
            if a not in nodes:
                continue
            stale = []
            facts = []
            for target, keydict in succ[a].items():
                for key in keydict:
                    if key == ISSUED:
                        year = nodes[target].get("year")
                        if year is None:
                            continue
                        for law, kd in succ[target].items():
                            d = kd.get(cites)
                            if d is not None:
                                facts.append((a, target, year, law, d["count"], d.get("articles")))
                    elif key.startswith("CITES:"):
                        stale.append((a, target, key))
            if stale:
                g.remove_edges_from(stale)
            insert_rows(g, model.projection_rows(facts))

    def _drop_orphans(self, candidates: Iterable[str]) -> None:
        """Remove Law/Agency nodes left without edges; refresh the aliases of the others."""
        g = self._g
        for n in candidates:
            attrs = g.nodes.get(n)
            if attrs is None or attrs.get("label") == REPORT:
                continue
            if g.degree(n) == 0:
                g.remove_node(n)
            elif attrs.get("label") == AGENCY:
                surfaces: set[str] = set()
                for _, _, d in g.out_edges(n, data=True):
                    if d.get("type") == ISSUED:
                        surfaces.update(d.get("surfaces") or ())
                for _, _, d in g.in_edges(n, data=True):
                    if d.get("type") == MENTIONS:
                        surfaces.update(d.get("surfaces") or ())
                attrs["aliases"] = model.aliases_from_surfaces(attrs.get("name", ""), surfaces)

    # --- reading ---------------------------------------------------------------------------

    @property
    def catalog(self) -> model.CatalogLike | None:
        """The catalog Law nodes are enriched from (loaded on first use)."""
        if self._catalog is None:
            self._catalog = _load_catalog(self._catalog_files)
        return self._catalog

    def nodes(self, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(id, attributes)`` of every node with this label, in graph order."""
        for n, attrs in self._g.nodes(data=True):
            if attrs.get("label") == label:
                yield n, attrs

    def projection(self, agency: str | None = None, law: str | None = None, year: int | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """``(agency id, law id, attributes)`` of the Agency -CITES-> Law edges, filtered."""
        g = self._g
        if agency is not None:
            edges = g.out_edges(agency, keys=True, data=True) if agency in g else ()
        elif law is not None:
            edges = g.in_edges(law, keys=True, data=True) if law in g else ()
        else:
            edges = g.edges(keys=True, data=True)
        for u, v, k, d in edges:
            if not k.startswith("CITES:"):
                continue
            if law is not None and v != law:
                continue
            if year is not None and d.get("year") != year:
                continue
            yield u, v, d

    def node_rows(self, label: str) -> list[Node]:
        """Model rows of one label, sorted by id (what the Neo4j store and exports consume)."""
        return sorted((model.node_from_nx(n, a) for n, a in self.nodes(label)), key=lambda r: r.id)

    def edge_rows(self, rel: Rel) -> list[Edge]:
        """Model rows of one relationship kind, sorted by (start, end, key)."""
        rows = []
        for u, v, k, d in self._g.edges(keys=True, data=True):
            if model.rel_of_key(k) is rel:
                rows.append((u, v, k, d))
        rows.sort(key=lambda t: t[:3])
        return [model.edge_from_nx(u, v, k, d) for u, v, k, d in rows]

    def report_source(self, report_id: str) -> str | None:
        attrs = self._g.nodes.get(report_id)
        return attrs.get("source") if attrs else None

    def summary(self) -> GraphSummary:
        g = self._g
        labels: Counter = Counter()
        categories: Counter = Counter()
        years: Counter = Counter()
        issued = {v for _, v, k in g.edges(keys=True) if k == ISSUED}
        without_year = without_issuer = unlinked = 0
        for n, a in g.nodes(data=True):
            label = a.get("label")
            labels[label] += 1
            if label == LAW:
                categories[a.get("category")] += 1
                unlinked += not a.get("linked")
            elif label == REPORT:
                year = a.get("year")
                years["null" if year is None else str(year)] += 1
                without_year += year is None
                without_issuer += n not in issued
        edges: Counter = Counter()
        citations = stale = 0
        nodes = g._node  # noqa: SLF001
        for u, v, k, d in g.edges(keys=True, data=True):
            rel = model.rel_of_key(k)
            edges[rel.name] += 1
            if rel is model.REPORT_CITES:
                citations += d.get("count", 0)
                law = nodes[v]
                if (law.get("repealed") or law.get("in_force_from")) and model.citation_validity(nodes[u], law):
                    stale += 1
        order = {c: i for i, c in enumerate(model.CATEGORIES)}
        return GraphSummary(
            reports=labels[REPORT],
            agencies=labels[AGENCY],
            laws=labels[LAW],
            laws_by_category={c: categories[c] for c in sorted(categories, key=lambda c: (order.get(c, 99), str(c)))},
            citation_edges=edges[model.REPORT_CITES.name],
            citations=citations,
            mention_edges=edges[model.MENTIONS_REL.name],
            projection_edges=edges[AGENCY_CITES.name],
            years=dict(sorted(years.items())),
            reports_without_year=without_year,
            reports_without_issuer=without_issuer,
            titles_to_review=unlinked,
            stale_citations=stale,
        )


def report_sources(attrs: dict[str, Any]) -> tuple[str, ...]:
    """Every path a Report node was read from (graph files written before ``sources``
    existed have only ``source``)."""
    sources = attrs.get("sources")
    if sources:
        return tuple(sources)
    source = attrs.get("source")
    return (source,) if source is not None else ()


def insert_rows(g: nx.MultiDiGraph, rows: Iterable[Edge]) -> None:
    """Insert model edge rows nobody else holds: their props dicts become the edge data
    (with ``type`` added: the encoding of :mod:`graph.model`) without a copy."""
    insert_edges(g, _owned_edges(rows))


def _owned_edges(rows: Iterable[Edge]) -> Iterator[tuple[str, str, str, dict]]:
    edge_key = model.edge_key
    for rel, u, v, data in rows:
        data["type"] = rel.type
        yield u, v, (rel.type if not rel.identity else edge_key(rel, data)), data


def _load_catalog(files: Sequence[str]) -> model.CatalogLike:
    from lawgraph.extract.catalog import load_catalog

    return load_catalog(list(files))


def build(
    records: Iterable[Record | FileError | dict],
    *,
    graph_path: str | os.PathLike | None = None,
    catalog_files: Sequence[str] = (),
) -> MemoryStore:
    """Add records to the graph at ``graph_path`` (or a new one) and save it there.

    >>> store = build([])
    >>> store.summary().reports
    0
    """
    store = MemoryStore.open(graph_path, catalog_files=catalog_files) if graph_path else MemoryStore(catalog_files=catalog_files)
    store.add_records(records)
    if graph_path:
        store.save(graph_path)
    return store
