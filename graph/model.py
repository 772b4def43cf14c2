"""The graph model: labels, relationship types, keys, properties, and records → rows.

This is the only place that knows how a record becomes nodes and edges. The networkx
store (:mod:`graph.memory`), the Neo4j store (:mod:`graph.neo4j_store`) and the bulk
CSV writer (:mod:`graph.neo4j_admin`) all consume the rows built here; none of them
decides anything about the model on its own.

Nodes (key property ``id`` everywhere)::

    (:Agency {id, name, aliases, level, region})
    (:Law    {id, title, short_titles, category, issuer, status, repealed, successor, in_force_from, linked})
    (:Report {id, title, year, published, source, sources, script, chars})

Relationships::

    (:Agency)-[:ISSUED   {surfaces}]->(:Report)
    (:Report)-[:CITES    {count, kinds, functions, spans, doc_numbers, sentences, articles}]->(:Law)
    (:Report)-[:MENTIONS {count, spans, surfaces}]->(:Agency)
    (:Agency)-[:CITES    {year, count, reports, articles}]->(:Law)  the projection: one per (agency, law, year)

``articles`` are the pin cites (第33条, 第12条第2款 …) the citations name, sorted and distinct;
empty when none does (and on edges of graph files written before they were kept).

Two files with the same text are one report (one id): ``Report.sources`` lists every path
it was read from, sorted, and ``Report.source`` is the first of them.

Ids: ``Report.id`` is the record's (a hash of the normalised text), ``Law.id`` the
citation's ``law_id`` (catalog id or derived from the title), ``Agency.id`` is
``"agency:" + canonical name``. The same report loaded twice therefore changes nothing.

Decisions (see docs/graph.md):

* A report without an issuer gets no ``ISSUED`` edge and contributes to no projection
  edge; its ``Report -CITES-> Law`` edges are kept. No placeholder agency: it would become
  the "top citing agency" of every query and view.
* A report without a year keeps its ``ISSUED`` and ``Report -CITES-> Law`` edges but
  contributes to no projection edge (the projection is per year).
* The issuer is not ``MENTIONS``-ed by its own report; the names it is written under go to
  ``ISSUED.surfaces`` instead. ``Agency.aliases`` is the union of the surfaces on its
  ``ISSUED`` and ``MENTIONS`` edges, minus its name.
* When several reports describe the same node differently, :func:`merge_props` picks one
  description by a rule that does not depend on the order the reports arrive in.
* Lists are tuples: every list-valued property (``aliases``, ``kinds``, ``spans`` as
  ``((start, end), …)``, ``reports`` …) is a tuple in rows and in the networkx graph.
  Immutable values can be shared between edges (the ~10 distinct ``kinds``/``functions``
  tuples serve a million edges), which keeps a 1 M-citation graph under 2 GB; the graph
  file stores them as JSON arrays and :func:`graph.persist.load_graph` turns them back
  into tuples, so a reloaded graph compares equal.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from dataclasses import dataclass
from typing import Any, Iterable, NamedTuple, Protocol

from lawgraph import __version__
from lawgraph.extract.records import CATEGORIES, LEVELS, Record

#: Version of the graph schema (node/edge properties and their encoding). Bump it on any
#: incompatible change; :mod:`graph.persist` refuses files of a version it does not read.
#: 2: edges in column blocks, each distinct sentence once (1: one JSON object per edge).
SCHEMA_VERSION = 2

#: ``graph.graph`` key: the catalog versions of the records the graph was built from.
CATALOGS = "catalogs"


def producer_stamp(graph: Any = None) -> dict[str, Any]:
    """What made a graph file or an export: this lawgraph's version and the catalog
    versions (see :attr:`extract.catalog.Catalog.version`) of the records in ``graph``
    (a networkx graph, or None for a store that keeps none)."""
    catalogs = getattr(graph, "graph", {}).get(CATALOGS, ()) if graph is not None else ()
    return {"catalogs": list(catalogs), "lawgraph": __version__}


def producer_line(graph: Any = None) -> str:
    """The stamp as one line of text, for formats whose only place for it is a comment."""
    stamp = producer_stamp(graph)
    return f"lawgraph {stamp['lawgraph']}; catalogs: {', '.join(stamp['catalogs']) or 'none'}"


AGENCY = "Agency"
LAW = "Law"
REPORT = "Report"
LABELS = (AGENCY, LAW, REPORT)

ISSUED = "ISSUED"
CITES = "CITES"
MENTIONS = "MENTIONS"

#: The key property of every node label.
KEY = "id"
AGENCY_PREFIX = "agency:"

NODE_PROPERTIES: dict[str, tuple[str, ...]] = {
    AGENCY: ("id", "name", "aliases", "level", "region"),
    LAW: ("id", "title", "short_titles", "category", "issuer", "status", "repealed", "successor", "in_force_from", "linked"),
    REPORT: ("id", "title", "year", "published", "source", "sources", "script", "chars"),
}


@dataclass(frozen=True)
class Rel:
    """One relationship kind: its type, the labels at its ends and its properties."""

    name: str  # short unique name: rows, files and progress messages use it
    type: str  # the relationship type in Neo4j and the ``type`` edge attribute in networkx
    start: str
    end: str
    properties: tuple[str, ...]
    #: properties that identify an edge between the same two nodes (besides its ends)
    identity: tuple[str, ...] = ()


ISSUED_REL = Rel("issued", ISSUED, AGENCY, REPORT, ("surfaces",))
REPORT_CITES = Rel("report_cites", CITES, REPORT, LAW, ("count", "kinds", "functions", "spans", "doc_numbers", "sentences", "articles"))
MENTIONS_REL = Rel("mentions", MENTIONS, REPORT, AGENCY, ("count", "spans", "surfaces"))
AGENCY_CITES = Rel("agency_cites", CITES, AGENCY, LAW, ("year", "count", "reports", "articles"), identity=("year",))
RELS = (ISSUED_REL, REPORT_CITES, MENTIONS_REL, AGENCY_CITES)
RELS_BY_NAME = {r.name: r for r in RELS}

#: Property types, for stores that type their columns (neo4j-admin CSV headers).
#: ``int[][]`` (spans) is stored flat by such stores: see :func:`flat_props`.
PROPERTY_TYPES: dict[str, dict[str, str]] = {
    AGENCY: {"id": "string", "name": "string", "aliases": "string[]", "level": "string", "region": "string"},
    LAW: {
        "id": "string",
        "title": "string",
        "short_titles": "string[]",
        "category": "string",
        "issuer": "string",
        "status": "string",
        "repealed": "string",
        "successor": "string",
        "in_force_from": "string",
        "linked": "boolean",
    },
    REPORT: {
        "id": "string",
        "title": "string",
        "year": "int",
        "published": "date",
        "source": "string",
        "sources": "string[]",
        "script": "string",
        "chars": "int",
    },
    "issued": {"surfaces": "string[]"},
    "report_cites": {
        "count": "int",
        "kinds": "string[]",
        "functions": "string[]",
        "spans": "int[][]",
        "doc_numbers": "string[]",
        "sentences": "string[]",
        "articles": "string[]",
    },
    "mentions": {"count": "int", "spans": "int[][]", "surfaces": "string[]"},
    "agency_cites": {"year": "int", "count": "int", "reports": "string[]", "articles": "string[]"},
}


class Node(NamedTuple):
    """A node row: its label, its id and its properties (``id`` not repeated in props)."""

    label: str
    id: str
    props: dict[str, Any]


class Edge(NamedTuple):
    """A relationship row between two node ids."""

    rel: Rel
    start: str
    end: str
    props: dict[str, Any]

    @property
    def key(self) -> str:
        return edge_key(self.rel, self.props)


@dataclass
class RecordRows:
    """Everything one record contributes to the graph."""

    report: Node
    agencies: list[Node]
    laws: list[Node]
    edges: list[Edge]
    issuers: tuple[str, ...] = ()  # the issuing agencies' ids (two for a joint issuer)

    @property
    def issuer(self) -> str | None:
        """The (first) issuing agency's id."""
        return self.issuers[0] if self.issuers else None


class CatalogLike(Protocol):
    def get(self, law_id: str) -> Any: ...


# --- ids -------------------------------------------------------------------------------


def issuer_names_of(issuer) -> tuple[str, ...]:
    """The bodies a report's issuer names: one, or each of a joint issuer's (中共X委员会、X人民政府)."""
    if issuer is None:
        return ()
    return tuple(dict.fromkeys(n for n in issuer.name.split("、") if n))


def agency_id(name: str) -> str:
    """The stable id of an agency from its canonical name.

    >>> agency_id("北京市西城区人民政府外事办公室")
    'agency:北京市西城区人民政府外事办公室'
    """
    return sys.intern(AGENCY_PREFIX + name)


def edge_key(rel: Rel, props: dict[str, Any]) -> str:
    """The networkx edge key: the relationship type, plus the year for the projection.

    >>> edge_key(AGENCY_CITES, {"year": 2024})
    'CITES:2024'
    """
    if rel is AGENCY_CITES:
        return sys.intern(f"{CITES}:{props['year']}")
    return rel.type


def rel_of_key(key: str) -> Rel:
    """The relationship kind of a networkx edge key (inverse of :func:`edge_key`)."""
    if key == CITES:
        return REPORT_CITES
    if key == ISSUED:
        return ISSUED_REL
    if key == MENTIONS:
        return MENTIONS_REL
    if key.startswith(CITES + ":"):
        return AGENCY_CITES
    raise ValueError(f"not a lawgraph edge key: {key!r}")


# --- records → rows --------------------------------------------------------------------


def record_rows(record: Record, catalog: CatalogLike | None = None) -> RecordRows:
    """The nodes and edges one record contributes (projection edges excepted).

    Citations are aggregated per cited document into one ``Report -CITES-> Law`` edge;
    its ``spans`` and ``sentences`` are in text order, its other lists sorted and distinct.
    List-valued properties are tuples (see "Lists are tuples" in the module notes).
    """
    rep = record.report
    report = Node(
        REPORT,
        rep.id,
        {
            "title": rep.title,
            "year": rep.year,
            "published": rep.published,
            "source": rep.source,
            "sources": (rep.source,),
            "script": rep.script,
            "chars": rep.chars,
        },
    )

    # Agencies, by canonical name: the issuers first (a joint issuer, 中共X委员会、X人民政府,
    # is each of its bodies), then those the report names.
    issuer_names = issuer_names_of(rep.issuer)
    agency_props: dict[str, dict[str, Any]] = {}
    surfaces: dict[str, set[str]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    counts: dict[str, int] = {}
    for name in issuer_names:
        assert rep.issuer is not None  # no issuer, no issuer names
        props: dict[str, Any] = {"name": name, "aliases": (), "level": rep.issuer.level, "region": rep.issuer.region}
        agency_props[name] = props
        surfaces[name] = {rep.issuer.surface} if len(issuer_names) == 1 else set()
        surfaces[name].update(rep.issuer.aliases)
    for a in record.agencies:
        props = {"name": a.name, "aliases": (), "level": a.level, "region": a.region}
        old = agency_props.get(a.name)
        agency_props[a.name] = props if old is None else (merge_props(AGENCY, old, props) or old)
        surfaces.setdefault(a.name, set()).add(a.surface)
        surfaces[a.name].update(a.aliases)
        counts[a.name] = counts.get(a.name, 0) + 1
        if a.span is not None:
            spans.setdefault(a.name, []).append((a.span[0], a.span[1]))

    agencies = []
    edges: list[Edge] = []
    for name, props in agency_props.items():
        props["aliases"] = aliases_from_surfaces(name, surfaces[name])
        agencies.append(Node(AGENCY, agency_id(name), props))
    issuers = tuple(agency_id(name) for name in issuer_names)
    for name, issuer in zip(issuer_names, issuers):
        edges.append(Edge(ISSUED_REL, issuer, rep.id, {"surfaces": tuple(sorted(surfaces[name]))}))
    for name in agency_props:
        if name in issuer_names:
            continue
        edges.append(
            Edge(
                MENTIONS_REL,
                rep.id,
                agency_id(name),
                {
                    "count": counts.get(name, 0),
                    "spans": tuple(sorted(spans.get(name, ()))),
                    "surfaces": tuple(sorted(surfaces[name])),
                },
            )
        )

    # Citations, aggregated per law. Most laws are cited once per report: keep that path cheap.
    laws: list[Node] = []
    by_law: dict[str, list] = {}
    for c in sorted(record.citations, key=_span_key):
        acc = by_law.get(c.law_id)
        if acc is None:
            # Interned: every edge to this law then shares one id string instead of its own.
            by_law[sys.intern(c.law_id)] = [c]
            laws.append(law_node(c, catalog))
        else:
            acc.append(c)
    for law_id, cs in by_law.items():
        if len(cs) == 1:
            c = cs[0]
            props = {
                "count": 1,
                "kinds": one(c.kind),
                "functions": one(c.function),
                "spans": ((c.span[0], c.span[1]),),
                "doc_numbers": (c.doc_number,) if c.doc_number else (),
                "sentences": (c.sentence,),
                "articles": tuple(sorted(set(c.articles), key=article_key)) if c.articles else (),
            }
        else:
            props = {
                "count": len(cs),
                "kinds": vocab(c.kind for c in cs),
                "functions": vocab(c.function for c in cs),
                "spans": tuple((c.span[0], c.span[1]) for c in cs),
                "doc_numbers": tuple(sorted({c.doc_number for c in cs if c.doc_number})),
                "sentences": tuple(c.sentence for c in cs),
                "articles": tuple(sorted({a for c in cs for a in c.articles}, key=article_key)),
            }
        edges.append(Edge(REPORT_CITES, rep.id, law_id, props))
    return RecordRows(report=report, agencies=agencies, laws=laws, edges=edges, issuers=issuers)


def _span_key(c) -> tuple[int, int]:
    return (c.span[0], c.span[1])


_VOCAB: dict[Any, tuple[str, ...]] = {}


def one(value: str) -> tuple[str]:
    """``(value,)``, shared between every edge with the same small-vocabulary value."""
    t = _VOCAB.get(value)
    if t is None:
        t = _VOCAB.setdefault(sys.intern(value), (sys.intern(value),))
    return t  # type: ignore[return-value]


def vocab(values: Iterable[str]) -> tuple[str, ...]:
    """Sorted distinct values of a small vocabulary (kinds, functions), as a shared tuple."""
    key = frozenset(values)
    t = _VOCAB.get(key)
    if t is None:
        t = _VOCAB.setdefault(key, tuple(sorted(sys.intern(v) for v in key)))
    return t


def law_node(citation, catalog: CatalogLike | None = None) -> Node:
    """A Law node from a citation, enriched from the catalog entry of its ``law_id``."""
    entry = catalog.get(citation.law_id) if catalog is not None else None
    if entry is None:
        props = {
            "title": citation.title,
            "short_titles": (),
            "category": sys.intern(citation.category),
            "issuer": None,
            "status": None,
            "repealed": None,
            "successor": None,
            "in_force_from": None,
            "linked": False,
        }
    else:
        props = {
            "title": entry.title,
            "short_titles": tuple(sorted(entry.short_titles)),
            "category": entry.category,
            "issuer": entry.issuer,
            "status": entry.status,
            "repealed": entry.repealed,
            "successor": entry.successor,
            "in_force_from": getattr(entry, "in_force_from", None),
            "linked": True,
        }
    return Node(LAW, sys.intern(citation.law_id), props)


# --- merging ---------------------------------------------------------------------------

_LEVEL_RANK = {lvl: i for i, lvl in enumerate(LEVELS) if lvl != "unknown"}
_CATEGORY_RANK = {c: i for i, c in enumerate(CATEGORIES)}


def merge_props(label: str, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any] | None:
    """The properties of a node described by two reports; ``None`` means "keep ``old``".

    Commutative and associative, so the graph does not depend on the order reports are
    added in:

    * Agency: ``aliases`` united; ``level`` the highest known one (central before
      provincial …); ``region`` the most specific (longest) known one.
    * Law: a catalog-linked description wins (between two linked ones, the newer: the
      catalog in use is the authority); between two unlinked ones, the category listed
      first in :data:`extract.records.CATEGORIES`, then the smaller title.
    * Report: the same id means the same text, so ``new`` is ``old``.

    >>> merge_props(AGENCY, {"name": "x", "aliases": ("a",), "level": "unknown", "region": None},
    ...             {"name": "x", "aliases": ("b",), "level": "district", "region": "北京市西城区"})
    {'name': 'x', 'aliases': ('a', 'b'), 'level': 'district', 'region': '北京市西城区'}
    """
    if label == AGENCY:
        aliases = old.get("aliases") or ()
        new_aliases = new.get("aliases") or ()
        if new_aliases and not set(new_aliases) <= set(aliases):
            aliases = tuple(sorted(set(aliases) | set(new_aliases)))
        level = min((old.get("level"), new.get("level")), key=_level_rank)
        region = min((old.get("region"), new.get("region")), key=_region_rank)
        if aliases == old.get("aliases") and level == old.get("level") and region == old.get("region"):
            return None
        return {"name": old["name"], "aliases": tuple(aliases), "level": level, "region": region}
    if label == LAW:
        same = old.get("title") == new.get("title") and old.get("category") == new.get("category") and old.get("linked") == new.get("linked")
        if same and (not new.get("linked") or all(old.get(k) == v for k, v in new.items())):
            return None  # the common case: the same document cited again
        if new.get("linked") and old.get("linked"):
            return dict(new)  # both from the catalog: the catalog in use now is the authority
        if _law_rank(new) < _law_rank(old):
            return dict(new)
        return None
    return None


def _level_rank(level: str | None) -> tuple[int, str]:
    return (_LEVEL_RANK.get(level or "", len(LEVELS)), level or "")


def _region_rank(region: str | None) -> tuple[int, int, str]:
    return (region is None, -len(region or ""), region or "")


def _law_rank(props: dict[str, Any]) -> tuple:
    return (not props.get("linked"), _CATEGORY_RANK.get(props.get("category") or "", len(CATEGORIES)), props.get("title") or "")


def aliases_from_surfaces(name: str, surfaces: Iterable[str]) -> tuple[str, ...]:
    """``Agency.aliases``: every name an agency is written under, except its own."""
    return tuple(sorted(set(surfaces) - {name}))


# --- the projection --------------------------------------------------------------------

#: One citation fact for the projection: (agency id, report id, year, law id, count[, articles]).
Fact = tuple


_ARTICLE_PART = re.compile(r"(\d+)(\D)")


def article_key(article: str) -> tuple:
    """Articles in legal order: 第2条 before 第10条, 第12条 before 第12条第2款.

    >>> sorted(["第10条", "第2条第1款", "第2条"], key=article_key)
    ['第2条', '第2条第1款', '第10条']
    """
    return tuple((int(n), u) for n, u in _ARTICLE_PART.findall(article)) or ((10**9, article),)


def projection_rows(facts: Iterable[Fact]) -> list[Edge]:
    """The agency–law–year projection from ``Report -CITES-> Law`` facts of issued reports.

    One edge per (agency, law, year): ``count`` sums the citation counts, ``reports`` lists
    the citing reports sorted and distinct, ``articles`` the articles of its citations (a
    sixth element of the fact, when present). Facts without a year are skipped. Rows come
    in the order their (agency, law, year) is first seen.

    >>> [e.props for e in projection_rows([("agency:a", "report:2", 2024, "law:x", 2),
    ...                                    ("agency:a", "report:1", 2024, "law:x", 1),
    ...                                    ("agency:a", "report:3", None, "law:x", 5)])]
    [{'year': 2024, 'count': 3, 'reports': ('report:1', 'report:2'), 'articles': ()}]
    """
    acc: dict[tuple[str, str, int], list] = {}
    articles: dict[tuple[str, str, int], set[str]] = {}
    for fact in facts:
        agency, report, year, law, count = fact[:5]
        if year is None:
            continue
        k = (agency, law, year)
        if len(fact) > 5 and fact[5]:
            articles.setdefault(k, set()).update(fact[5])
        slot = acc.get(k)
        if slot is None:
            acc[k] = [count, report]  # one report (a str) until a second one comes
        else:
            slot[0] += count
            rs = slot[1]
            if type(rs) is str:
                slot[1] = [rs, report]
            else:
                rs.append(report)
    single: dict[str, tuple[str]] = {}  # one report cites many laws: share its (report,) tuple
    out = []
    for (a, law, y), (c, rs) in acc.items():
        if type(rs) is str:
            reports = single.get(rs)
            if reports is None:
                reports = single[rs] = (rs,)
        else:
            reports = tuple(sorted(set(rs)))
        arts = articles.get((a, law, y))
        out.append(Edge(AGENCY_CITES, a, law, {"year": y, "count": c, "reports": reports, "articles": tuple(sorted(arts, key=article_key)) if arts else ()}))
    return out


# --- networkx encoding -----------------------------------------------------------------
# A node is (id, {"label": L, **props}); an edge is (start, end, key, {"type": T, **props}).


def node_from_nx(node_id: str, attrs: dict[str, Any]) -> Node:
    props = {k: v for k, v in attrs.items() if k != "label"}
    return Node(attrs["label"], node_id, props)


def edge_from_nx(start: str, end: str, key: str, attrs: dict[str, Any]) -> Edge:
    props = {k: v for k, v in attrs.items() if k != "type"}
    return Edge(rel_of_key(key), start, end, props)


# --- flat properties (Neo4j, neo4j-admin CSV) ------------------------------------------


def flat_props(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as Neo4j can store them, identical for the driver and the bulk import.

    Neo4j has no nested lists and no null properties, so: ``spans`` ``[[s, e], …]``
    becomes two parallel lists ``span_starts`` and ``span_ends``; ``published`` an ISO
    date becomes a ``date`` (anything else is dropped); ``None`` and empty lists are left
    out (read them back with ``coalesce(x.aliases, [])``).

    >>> flat_props({"spans": ((1, 3), (7, 9)), "aliases": (), "published": "2025-12-23", "x": None})
    {'span_starts': [1, 7], 'span_ends': [3, 9], 'published': datetime.date(2025, 12, 23)}
    """
    out: dict[str, Any] = {}
    for k, v in props.items():
        if v is None:
            continue
        if k == "spans":
            if v:
                out["span_starts"] = [s for s, _ in v]
                out["span_ends"] = [e for _, e in v]
            continue
        if isinstance(v, tuple):
            v = list(v)
        if k == "published":
            d = parse_date(v)
            if d is not None:
                out[k] = d
            continue
        if isinstance(v, list) and not v:
            continue
        out[k] = v
    return out


def flat_types(kind: str) -> dict[str, str]:
    """Column types after :func:`flat_props` for a label or a :attr:`Rel.name`."""
    out = {}
    for k, t in PROPERTY_TYPES[kind].items():
        if t == "int[][]":
            out["span_starts"] = "int[]"
            out["span_ends"] = "int[]"
        else:
            out[k] = t
    return out


def report_date(attrs: dict[str, Any]) -> str | None:
    """A Report node's date for validity checks: ``published`` if it is an ISO date, else
    31 December of its year; ``None`` without either (extract.catalog.report_date on the
    node's properties; the Cypher twin is ``coalesce(toString(r.published), toString(r.year)
    + '-12-31')`` over what :func:`flat_props` stores: a ``published`` that is not a date is
    dropped)."""
    from lawgraph.extract.catalog import report_date as _report_date

    published = attrs.get("published")
    d = parse_date(published) if published is not None else None
    return _report_date(d.isoformat() if d is not None else None, attrs.get("year"))


def citation_validity(report_attrs: dict[str, Any], law_attrs: dict[str, Any]) -> str | None:
    """Whether a report cites a document repealed (``repealed``) or not yet in force
    (``not_yet_in_force``) at the report's date: extract.catalog.validity_at on the nodes."""
    from lawgraph.extract.catalog import validity_at

    return validity_at(report_date(report_attrs), law_attrs.get("repealed"), law_attrs.get("in_force_from"))


def parse_date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        return None
