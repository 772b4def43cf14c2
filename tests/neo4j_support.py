"""Helpers of the Neo4j tests: small records, and the whole database read back so that it
can be compared, property by property, with the networkx store's graph."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lawgraph.extract.records import Agency, Citation, Record, Report
from lawgraph.graph import MemoryStore, model

WAB = "北京市西城区人民政府外事办公室"
SFJ = "北京市东城区司法局"


class NoCatalog:
    def get(self, law_id):
        return None


def record(rid, laws, *, source=None, year=2024, issuer=WAB, mentioned=(), level="district", region="北京市西城区", surface=None, aliases=()):
    """A report of ``issuer`` citing ``laws`` (ids like ``law:统计法``) and naming ``mentioned``."""
    iss = None
    if issuer:
        iss = Agency(issuer, surface or issuer, (0, len(issuer)), "issuer", level, region, list(aliases))
    rep = Report(rid, source or f"r/{rid}.txt", "报告", year, "2025-03-30", "simplified", iss, 1000)
    cs = [Citation(law[4:], f"《{law[4:]}》", (100 + 9 * i, 105 + 9 * i), f"学习《{law[4:]}》", "bracketed", "法律", law) for i, law in enumerate(laws)]
    ags = [Agency(n, n, (900, 900 + len(n)), "mentioned", "district", "北京市西城区") for n in mentioned]
    return Record(rep, cs, ags)


def memory(*records, catalog: Any = None) -> MemoryStore:
    store = MemoryStore(catalog=catalog or NoCatalog())
    store.add_records(records)
    return store


def expected_counts(store: MemoryStore) -> dict[str, int]:
    s = store.summary()
    return {
        "Agency": s.agencies,
        "Law": s.laws,
        "Report": s.reports,
        "issued": s.reports - s.reports_without_issuer,
        "report_cites": s.citation_edges,
        "mentions": s.mention_edges,
        "agency_cites": s.projection_edges,
    }


# --- the whole database, comparable ------------------------------------------------------------

DUMP_NODES = "MATCH (n) WHERE n:Agency OR n:Law OR n:Report RETURN labels(n) AS labels, properties(n) AS props"
DUMP_RELS = (
    "MATCH (a)-[r]->(b) WHERE (a:Agency OR a:Report) AND (b:Agency OR b:Law OR b:Report) "
    "RETURN labels(a)[0] AS start_label, a.id AS start, type(r) AS type, labels(b)[0] AS end_label, b.id AS end, "
    "properties(r) AS props"
)


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    to_native = getattr(value, "to_native", None)
    if callable(to_native):  # neo4j.time.Date
        return to_native()
    return value


def _rel_name(start_label: str, type_: str, end_label: str) -> str:
    for rel in model.RELS:
        if (rel.start, rel.type, rel.end) == (start_label, type_, end_label):
            return rel.name
    raise AssertionError(f"unexpected relationship ({start_label})-[:{type_}]->({end_label})")


def _key(rel_name: str, start: str, end: str, props: dict) -> tuple:
    return (rel_name, start, end, props.get("year"))


def dump(neo) -> dict[str, dict]:
    """Every lawgraph node and relationship in the database: ``{"nodes": {(label, id):
    props}, "rels": {(kind, start, end, year): props}}``, values as plain Python."""
    _, nodes = neo.execute(DUMP_NODES)
    _, rels = neo.execute(DUMP_RELS)
    out_nodes = {}
    for labels, props in nodes:
        assert len(labels) == 1, labels
        out_nodes[(labels[0], props["id"])] = {k: _plain(v) for k, v in props.items()}
    out_rels = {}
    for start_label, start, type_, end_label, end, props in rels:
        name = _rel_name(start_label, type_, end_label)
        key = _key(name, start, end, props)
        assert key not in out_rels, f"two {name} relationships {key}"
        out_rels[key] = {k: _plain(v) for k, v in props.items()}
    return {"nodes": out_nodes, "rels": out_rels}


def expected_dump(store: MemoryStore) -> dict[str, dict]:
    """What :func:`dump` reads from a database holding exactly ``store``'s graph."""
    nodes = {}
    for label in model.LABELS:
        for n in store.node_rows(label):
            nodes[(label, n.id)] = {"id": n.id, **{k: _plain(v) for k, v in model.flat_props(n.props).items()}}
    rels = {}
    for rel in model.RELS:
        for e in store.edge_rows(rel):
            props = {k: _plain(v) for k, v in model.flat_props(e.props).items()}
            rels[_key(rel.name, e.start, e.end, props)] = props
    return {"nodes": nodes, "rels": rels}


def differences(got: dict, want: dict, limit: int = 8) -> list[str]:
    """Readable differences between two dumps (empty when equal)."""
    out = []
    for part in ("nodes", "rels"):
        g, w = got[part], want[part]
        for k in sorted(set(g) | set(w), key=repr):
            if g.get(k) != w.get(k):
                out.append(f"{part} {k}: database {g.get(k)} != expected {w.get(k)}")
                if len(out) >= limit:
                    return out
    return out


def assert_same_database(neo, store: MemoryStore) -> None:
    diff = differences(dump(neo), expected_dump(store))
    assert not diff, "\n".join(diff)


def date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
