"""lawgraph.graph.model: records → rows, the projection, merging, flat properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawgraph.extract.records import Agency, Citation, Record, Report
from lawgraph.graph import model
from lawgraph.graph.model import AGENCY, AGENCY_CITES, ISSUED_REL, LAW, MENTIONS_REL, REPORT_CITES


def cite(law_id, start, *, title=None, kind="bracketed", function="其他", category="法律", doc=None, sentence=None):
    title = title or law_id.split(":", 1)[1]
    surface = f"《{title}》"
    return Citation(
        title=title,
        surface=surface,
        span=(start, start + len(surface)),
        sentence=sentence or f"s{start}",
        kind=kind,
        category=category,
        law_id=law_id,
        doc_number=doc,
        function=function,
    )


def agency(name, start=None, *, surface=None, role="mentioned", level="district", region="北京市西城区"):
    surface = surface or name
    span = (start, start + len(surface)) if start is not None else None
    return Agency(name=name, surface=surface, span=span, role=role, level=level, region=region)


def record(rid, *, source=None, year=2024, issuer="北京市西城区司法局", citations=(), agencies=()):
    iss = agency(issuer, 0, role="issuer") if issuer else None
    rep = Report(
        id=rid,
        source=source or f"{rid}.txt",
        title=f"{year}年法治政府建设情况报告",
        year=year,
        published=f"{year + 1}-03-30" if year else None,
        script="simplified",
        issuer=iss,
        chars=5000,
    )
    return Record(report=rep, citations=list(citations), agencies=list(agencies))


def edges_of(rows, rel):
    return {(e.start, e.end): e.props for e in rows.edges if e.rel is rel}


# --- record_rows -------------------------------------------------------------------------


def test_citations_of_one_law_become_one_edge_in_text_order():
    rec = record(
        "report:1",
        citations=[
            cite("law:统计法", 500, kind="unbracketed", function="学习宣传", sentence="later"),
            cite("law:统计法", 100, kind="bracketed", function="贯彻落实", doc="国发〔2021〕33号", sentence="first"),
            cite("law:统计法", 300, kind="bracketed", function="贯彻落实", doc="国发〔2021〕33号", sentence="middle"),
            cite("law:保密法", 200),
        ],
    )
    rows = model.record_rows(rec)
    cites = edges_of(rows, REPORT_CITES)
    assert set(cites) == {("report:1", "law:统计法"), ("report:1", "law:保密法")}
    e = cites[("report:1", "law:统计法")]
    assert e["count"] == 3
    assert e["kinds"] == ("bracketed", "unbracketed")  # sorted, distinct
    assert e["functions"] == ("学习宣传", "贯彻落实")
    assert [s for s, _ in e["spans"]] == [100, 300, 500]  # text order
    assert e["sentences"] == ("first", "middle", "later")  # aligned with spans
    assert e["doc_numbers"] == ("国发〔2021〕33号",)
    assert cites[("report:1", "law:保密法")]["count"] == 1
    assert sorted(n.id for n in rows.laws) == ["law:保密法", "law:统计法"]


def test_issuer_is_issued_not_mentioned_and_its_short_names_become_aliases():
    rec = record(
        "report:1",
        issuer="北京市西城区人民政府外事办公室",
        agencies=[
            agency("北京市西城区人民政府外事办公室", 40, surface="区政府外办", role="issuer"),
            agency("中共北京市西城区委政法委员会", 80, surface="区委政法委"),
            agency("中共北京市西城区委政法委员会", 120),
            agency("中华人民共和国外交部", None, surface="外交部", level="central", region="全国"),
        ],
    )
    rows = model.record_rows(rec)
    issuer = model.agency_id("北京市西城区人民政府外事办公室")
    assert rows.issuer == issuer
    assert edges_of(rows, ISSUED_REL) == {(issuer, "report:1"): {"surfaces": ("北京市西城区人民政府外事办公室", "区政府外办")}}
    mentions = edges_of(rows, MENTIONS_REL)
    assert (("report:1", issuer)) not in mentions
    zf = mentions[("report:1", model.agency_id("中共北京市西城区委政法委员会"))]
    assert zf == {"count": 2, "spans": ((80, 85), (120, 134)), "surfaces": ("中共北京市西城区委政法委员会", "区委政法委")}
    wjb = mentions[("report:1", model.agency_id("中华人民共和国外交部"))]
    assert wjb["count"] == 1 and wjb["spans"] == ()  # an inferred mention has no span
    nodes = {n.id: n.props for n in rows.agencies}
    assert nodes[issuer]["aliases"] == ("区政府外办",)
    assert nodes[model.agency_id("中华人民共和国外交部")]["level"] == "central"


def test_report_without_issuer_has_no_issued_edge():
    rows = model.record_rows(record("report:1", issuer=None, citations=[cite("law:宪法", 10)]))
    assert rows.issuer is None
    assert not edges_of(rows, ISSUED_REL)
    assert edges_of(rows, REPORT_CITES)


def test_report_node_properties():
    rows = model.record_rows(record("report:1", source="a/b.txt", year=2023))
    assert rows.report.id == "report:1"
    assert rows.report.props == {
        "title": "2023年法治政府建设情况报告",
        "year": 2023,
        "published": "2024-03-30",
        "source": "a/b.txt",
        "sources": ("a/b.txt",),
        "script": "simplified",
        "chars": 5000,
    }
    assert set(rows.report.props) | {"id"} == set(model.NODE_PROPERTIES[model.REPORT])


def test_every_list_valued_property_is_a_tuple():
    rec = record(
        "report:1",
        citations=[cite("law:a", 1), cite("law:a", 50, doc="京政发〔2020〕1号"), cite("law:b", 90)],
        agencies=[agency("北京市西城区城市管理委员会", 200, surface="区城管委")],
    )
    rows = model.record_rows(rec)
    for props in [n.props for n in rows.agencies + rows.laws] + [e.props for e in rows.edges]:
        for v in props.values():
            assert not isinstance(v, list), props


def test_properties_match_the_declared_lists():
    rec = record("report:1", citations=[cite("law:a", 1)], agencies=[agency("北京市西城区城市管理委员会", 200)])
    rows = model.record_rows(rec)
    for n in rows.agencies + rows.laws:
        assert set(n.props) | {"id"} == set(model.NODE_PROPERTIES[n.label])
    for e in rows.edges:
        assert set(e.props) == set(e.rel.properties)


class FakeEntry:
    id = "law:统计法"
    title = "中华人民共和国统计法"
    short_titles = ("统计法",)
    category = "法律"
    issuer = "全国人民代表大会常务委员会"
    status = "现行有效"
    repealed = None
    successor = None
    in_force_from = "1984-01-01"


class FakeCatalog:
    def get(self, law_id):
        return FakeEntry() if law_id == FakeEntry.id else None


def test_law_nodes_are_enriched_from_the_catalog():
    rec = record("report:1", citations=[cite("law:统计法", 1, title="统计法", category="其他"), cite("doc:x1", 40)])
    laws = {n.id: n.props for n in model.record_rows(rec, FakeCatalog()).laws}
    assert laws["law:统计法"] == {
        "title": "中华人民共和国统计法",
        "short_titles": ("统计法",),
        "category": "法律",  # the catalog's, not the citation's
        "issuer": "全国人民代表大会常务委员会",
        "status": "现行有效",
        "repealed": None,
        "successor": None,
        "in_force_from": "1984-01-01",
        "linked": True,
    }
    assert laws["doc:x1"]["linked"] is False and laws["doc:x1"]["issuer"] is None
    assert laws["doc:x1"]["title"] == "x1"


def test_real_catalog_entries_fit_the_law_node():
    from lawgraph.extract.catalog import CatalogEntry

    entry = CatalogEntry(id="law:x", title="X法", short_titles=("X",), category="法律", status="已废止", repealed="2020-01-01", successor="law:y")

    class One:
        def get(self, law_id):
            return entry

    node = model.law_node(cite("law:x", 0), One())
    assert node.props["repealed"] == "2020-01-01" and node.props["successor"] == "law:y"


# --- the projection ----------------------------------------------------------------------


def test_projection_sums_per_agency_law_year_and_skips_missing_years():
    facts = [
        ("agency:a", "report:2", 2024, "law:x", 2),
        ("agency:a", "report:1", 2024, "law:x", 1),
        ("agency:a", "report:3", 2025, "law:x", 4),
        ("agency:a", "report:1", 2024, "law:y", 1),
        ("agency:b", "report:9", 2024, "law:x", 1),
        ("agency:a", "report:4", None, "law:x", 7),
    ]
    got = {(e.start, e.end, e.props["year"]): e.props for e in model.projection_rows(facts)}
    assert got == {
        ("agency:a", "law:x", 2024): {"year": 2024, "count": 3, "reports": ("report:1", "report:2"), "articles": ()},
        ("agency:a", "law:x", 2025): {"year": 2025, "count": 4, "reports": ("report:3",), "articles": ()},
        ("agency:a", "law:y", 2024): {"year": 2024, "count": 1, "reports": ("report:1",), "articles": ()},
        ("agency:b", "law:x", 2024): {"year": 2024, "count": 1, "reports": ("report:9",), "articles": ()},
    }
    assert all(e.rel is AGENCY_CITES for e in model.projection_rows(facts))


def test_projection_unites_the_articles_of_its_reports_in_legal_order():
    facts = [
        ("agency:a", "report:1", 2024, "law:x", 1, ("第10条",)),
        ("agency:a", "report:2", 2024, "law:x", 2, ("第2条第1款", "第10条")),
        ("agency:a", "report:3", 2024, "law:x", 1, ()),
        ("agency:a", "report:4", 2025, "law:x", 1, ("第33条",)),
    ]
    got = {e.props["year"]: e.props["articles"] for e in model.projection_rows(facts)}
    assert got == {2024: ("第2条第1款", "第10条"), 2025: ("第33条",)}


# --- keys and merging --------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel, props, key",
    [
        (ISSUED_REL, {}, "ISSUED"),
        (REPORT_CITES, {"count": 1}, "CITES"),
        (MENTIONS_REL, {}, "MENTIONS"),
        (AGENCY_CITES, {"year": 2021}, "CITES:2021"),
    ],
)
def test_edge_keys_round_trip(rel, props, key):
    assert model.edge_key(rel, props) == key
    assert model.rel_of_key(key) is rel


def test_unknown_edge_key_is_refused():
    with pytest.raises(ValueError):
        model.rel_of_key("LIKES")


levels = st.sampled_from(["central", "provincial", "municipal", "district", "street", "unknown", None])
regions = st.sampled_from([None, "全国", "北京市", "北京市西城区", "北京市东城区"])
aliases = st.lists(st.sampled_from(["区司法局", "司法局", "西城司法局"]), unique=True).map(lambda xs: tuple(sorted(xs)))
agency_props = st.builds(lambda a, lv, rg: {"name": "n", "aliases": a, "level": lv, "region": rg}, aliases, levels, regions)
law_props = st.builds(
    lambda linked, cat, title: {
        "title": title,
        "short_titles": (),
        "category": cat,
        "issuer": None,
        "status": None,
        "repealed": None,
        "successor": None,
        "linked": linked,
    },
    st.just(False),
    st.sampled_from(["法律", "规章", "其他", "工作文件"]),
    st.sampled_from(["甲", "乙"]),
)


def _merge(label, a, b):
    return model.merge_props(label, a, b) or a


@given(agency_props, agency_props, agency_props)
def test_agency_merge_is_order_independent(a, b, c):
    assert _merge(AGENCY, a, b) == _merge(AGENCY, b, a)
    assert _merge(AGENCY, _merge(AGENCY, a, b), c) == _merge(AGENCY, a, _merge(AGENCY, b, c))


@given(law_props, law_props, law_props)
def test_law_merge_is_order_independent(a, b, c):
    assert _merge(LAW, a, b) == _merge(LAW, b, a)
    assert _merge(LAW, _merge(LAW, a, b), c) == _merge(LAW, a, _merge(LAW, b, c))


def test_merge_prefers_known_specific_and_linked_values():
    a = {"name": "n", "aliases": ("x",), "level": "unknown", "region": "北京市"}
    b = {"name": "n", "aliases": ("y",), "level": "district", "region": "北京市西城区"}
    assert model.merge_props(AGENCY, a, b) == {"name": "n", "aliases": ("x", "y"), "level": "district", "region": "北京市西城区"}
    assert model.merge_props(AGENCY, b, {"name": "n", "aliases": (), "level": "unknown", "region": None}) is None
    unlinked = {"title": "统计法", "category": "其他", "linked": False}
    linked = {"title": "中华人民共和国统计法", "category": "法律", "linked": True}
    assert model.merge_props(LAW, unlinked, linked) == linked
    assert model.merge_props(LAW, linked, unlinked) is None


# --- flat properties ---------------------------------------------------------------------


def test_flat_props_fit_neo4j():
    flat = model.flat_props(
        {
            "spans": ((1, 3), (7, 9)),
            "kinds": ("alias",),
            "aliases": (),
            "published": "2025-12-23",
            "issuer": None,
            "count": 2,
            "linked": False,
        }
    )
    assert flat == {
        "span_starts": [1, 7],
        "span_ends": [3, 9],
        "kinds": ["alias"],
        "published": dt.date(2025, 12, 23),
        "count": 2,
        "linked": False,
    }
    assert model.flat_props({"published": "2025年"}) == {}  # not an ISO date: left out


def test_flat_types_split_spans():
    assert model.flat_types("report_cites")["span_starts"] == "int[]"
    assert "spans" not in model.flat_types("mentions")
    assert model.flat_types(model.REPORT)["published"] == "date"
