"""Every ``.cypher`` file, run on a real Neo4j (the bundled test server, or NEO4J_URI's),
returns exactly its in-memory twin's rows, in the same order: on the seeds graph, on a
synthetic graph of a few thousand edges full of ties and code-point ordering traps, and on
random small graphs from Hypothesis. The graphs are loaded with the one loader
(:meth:`graph.neo4j_store.Neo4jStore.load`), so the queries read what users load."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bench.bench_queries import parity_cases, synthetic_store
from lawgraph.graph.memory import MemoryStore
from lawgraph.cli import app
from lawgraph.queries import WriteRefused, list_queries, run, run_query
from lawgraph.queries.backends.neo4j import Neo4jBackend
from lawgraph.queries.library import get_query

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def backend(neo4j_target):
    store = neo4j_target.store()
    store.wipe()
    backend = Neo4jBackend(store, owns_store=True)
    try:
        yield backend
    finally:
        store.wipe()
        backend.close()


@pytest.fixture(scope="module")
def seeds(seed_records):
    store = MemoryStore()
    store.add_records(seed_records)
    return store


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_store(3000, per_report=8, n_laws=300)


def holding(backend, store):
    """The backend's database holding exactly ``store``'s graph."""
    backend.store.wipe()
    backend.load(store)
    assert backend.count() == (store.graph.number_of_nodes(), store.graph.number_of_edges())
    return backend


def compare(store, backend):
    failures = []
    covered: dict[str, int] = {}
    for name, params in parity_cases(store):
        mem = run(store, name, params).rows
        cyp = run(backend, name, params).rows
        covered[name] = covered.get(name, 0) + bool(mem)
        if mem != cyp:
            first = next((i for i, (a, b) in enumerate(zip(mem, cyp)) if a != b), min(len(mem), len(cyp)))
            failures.append(
                f"{name} {params}: {len(mem)} rows in memory, {len(cyp)} on Neo4j; first difference at row {first}: "
                f"{mem[first] if first < len(mem) else None} != {cyp[first] if first < len(cyp) else None}"
            )
    return failures, covered


@pytest.mark.parametrize("graph", ["seeds", "synthetic"])
def test_every_query_matches_its_twin_on_neo4j(backend, seeds, synthetic, graph):
    store = seeds if graph == "seeds" else synthetic
    holding(backend, store)
    failures, covered = compare(store, backend)
    assert not failures, "\n".join(failures)
    # Not vacuous: every query (the search aside) gave rows at least once.
    wanted = {s.name for s in list_queries(internal=True)} - {"search"}
    if graph == "synthetic":
        assert {n for n, k in covered.items() if k} == wanted
    assert set(covered) == wanted


@pytest.fixture(scope="module")
def seeds_loaded(backend, seeds):
    return holding(backend, seeds)


@pytest.mark.parametrize(
    "name, params",
    [
        ("agencies-citing", {"law_id": "国际交往语言环境建设条例"}),
        ("agencies-citing", {"law_id": "領事保護條例"}),
        ("contexts", {"agency_id": "西城区外办", "law_id": "领事保护条例"}),
        ("laws-cited-by", {"agency_id": "市政府外辦", "categories": ["法律"]}),
        ("search", {"text": "语言环境"}),
        ("search", {"text": "外办", "label": "Agency"}),
    ],
)
def test_names_resolve_the_same_on_neo4j(seeds_loaded, seeds, name, params):
    mem, cyp = run(seeds, name, params), run(seeds_loaded, name, params)
    assert mem.rows == cyp.rows and mem.rows
    assert [(p, c.id) for p, _, c in mem.resolved] == [(p, c.id) for p, _, c in cyp.resolved]


def test_gold_answer_on_neo4j(seeds_loaded):
    rows = run_query(seeds_loaded, "agencies-citing", law_id="北京市国际交往语言环境建设条例")
    assert [(r["agency"], r["years"]) for r in rows] == [
        ("北京市人民政府外事办公室", [2023]),
        ("北京市东城区人民政府外事办公室", [2022, 2024]),
        ("北京市西城区人民政府外事办公室", [2025]),
    ]


def test_declared_columns_are_what_the_cypher_returns(seeds_loaded):
    for spec in list_queries(internal=True):
        if not spec.cypher:  # search: name resolution only
            continue
        sample = {"article": "第3条"}  # a value of the form the parameter takes
        params = spec.bind({p.name: sample.get(p.name, "x" if p.type in ("law", "agency", "str") else 2024) for p in spec.params if p.required})
        columns, _ = seeds_loaded.execute(spec.cypher, params)
        assert columns == spec.column_names, spec.name


def test_input_checks_and_empty_answers_are_the_same_on_neo4j(seeds_loaded, seeds):
    """Issue 15 on both backends: a catalog law no report cites is zero rows with a note; a
    reversed range and an unknown category are errors; first_year is the first year ever."""
    from lawgraph.queries import BadParameter

    for store in (seeds, seeds_loaded):
        unused = run(store, "agencies-citing", {"law_id": "中华人民共和国刑法"})
        assert unused.rows == [] and "no report in this graph cites it" in unused.notes[0]
        with pytest.raises(BadParameter, match="after year_to"):
            run(store, "agencies-citing", {"law_id": "国际交往语言环境建设条例", "year_from": 2024, "year_to": 2023})
        with pytest.raises(BadParameter, match="did you mean 地方性法规"):
            run(store, "top-laws", {"categories": "地方法规"})
    ranged = {"law_id": "国际交往语言环境建设条例", "year_from": 2023, "year_to": 2024}
    rows = run(seeds_loaded, "agencies-citing", ranged).rows
    assert rows == run(seeds, "agencies-citing", ranged).rows
    assert any(r["first_year"] < 2023 and r["years"] == [2024] for r in rows)


def test_numeric_types_are_normalised(seeds_loaded, seeds):
    rows = run_query(seeds_loaded, "top-laws", limit=5)
    assert rows and all(type(r[c]) is int for r in rows for c in ("agencies", "reports", "citations"))
    busy = run_query(seeds, "top-agencies", limit=1)[0]["agency_id"]
    similar = run_query(seeds_loaded, "similar-agencies", agency_id=busy)
    assert similar and all(type(r["jaccard"]) is float for r in similar)


# --- the read-only guard, against real writes ------------------------------------------------------

WRITES = [
    "CREATE (n:Law {id: 'x'}) RETURN n.id AS id",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Law) SET n.pwned = true RETURN count(n) AS n",
    "MERGE (n:Agency {id: 'agency:x'}) RETURN n.id AS id",
    "CREATE INDEX pwned IF NOT EXISTS FOR (n:Law) ON (n.pwned)",
    "CALL db.createLabel('Pwned')",
    "UNWIND [1] AS x CALL { CREATE (:Law {id: 'y'}) } IN TRANSACTIONS RETURN x",
]


def test_reads_cannot_write_on_neo4j(seeds_loaded):
    from tests.neo4j_support import dump

    before = dump(seeds_loaded.store)
    for text in WRITES:
        with pytest.raises((WriteRefused, Exception)) as info:
            seeds_loaded.execute(text)
        assert isinstance(info.value, WriteRefused) or "IN TRANSACTIONS" in text, (text, info.value)
    assert dump(seeds_loaded.store) == before
    _, labels = seeds_loaded.execute("CALL db.labels() YIELD label RETURN collect(label) AS labels")
    assert "Pwned" not in labels[0][0]


def test_the_cypher_command_guards_writes_on_a_real_server(neo4j_target, seeds_loaded):
    from tests.neo4j_support import dump

    runner = CliRunner()
    env = neo4j_target.env()
    before = dump(seeds_loaded.store)
    # Plain writes are refused before they are sent (exit 2)…
    for text in WRITES[:4]:
        res = runner.invoke(app, ["cypher", text], env=env)
        assert res.exit_code == 2 and "read-only unless you pass --write" in res.stderr, res.output
    # …and what the text scan cannot see, the server refuses in its READ transaction.
    sneaky = "CALL db.createLabel('Pwned')"
    res = runner.invoke(app, ["cypher", sneaky], env=env)
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith("error: Neo4j at ") and "refused a write in a read-only transaction" in res.stderr
    assert "Traceback" not in res.output and neo4j_target.settings["password"] not in res.output
    assert dump(seeds_loaded.store) == before
    # Reads work, with parameters, and print plain values.
    res = runner.invoke(
        app,
        ["cypher", "MATCH (l:Law {id: $id}) RETURN l.title AS title", "-p", "id=bj:国际交往语言环境建设条例", "--format", "json"],
        env=env,
    )
    assert res.exit_code == 0, res.output
    assert '"title": "北京市国际交往语言环境建设条例"' in res.stdout


def test_the_cypher_command_writes_with_write(neo4j_target, backend, seeds):
    runner = CliRunner()
    res = runner.invoke(
        app,
        ["cypher", "CREATE (n:Scratch {id: $id}) RETURN n.id AS id", "-p", "id=s1", "--write", "--format", "json"],
        env=neo4j_target.env(),
    )
    assert res.exit_code == 0, res.output
    assert backend.execute("MATCH (n:Scratch) RETURN n.id AS id")[1] == [["s1"]]
    backend.execute("MATCH (n:Scratch) DELETE n", write=True)


def test_the_query_command_on_neo4j(neo4j_target, seeds_loaded, seeds):
    res = CliRunner().invoke(
        app,
        ["query", "agencies-citing", "国际交往语言环境建设条例", "--backend", "neo4j", "--format", "json"],
        env=neo4j_target.env(),
    )
    assert res.exit_code == 0, res.output
    import json

    assert json.loads(res.stdout) == run_query(seeds, "agencies-citing", law_id="国际交往语言环境建设条例")
    assert "matched by short name" in res.stderr
    assert get_query("agencies-citing").backends == ("memory", "neo4j")


# --- random small graphs: ties everywhere ----------------------------------------------------

AGENCIES = ["北京市甲局", "北京市乙局", "Ａ局", "𠀀局", "a局"]
LAWS = [("h:0", "条例甲"), ("h:1", "条例甲"), ("h:2", "Z规定"), ("h:3", "a规定"), ("h:4", "ｚ办法"), ("h:5", "条例乙")]
CATS = ["法律", "行政法规", "其他"]

report_st = st.tuples(
    st.sampled_from([None, 0, 0, 1, 2, 3, 4]),  # issuer (None: no issuer)
    st.sampled_from([None, 2019, 2020, 2020, 2021]),  # year
    st.sampled_from([None, "2020-06-30", "2021-01-01", "2022-12-31", "2019-02-28"]),  # published
    st.lists(st.tuples(st.integers(0, len(LAWS) - 1), st.integers(1, 3)), min_size=1, max_size=5, unique_by=lambda t: t[0]),
)


def graph_from(reports, repealed, in_force=None):
    from lawgraph.extract.catalog import Catalog, CatalogEntry

    cat = Catalog()
    in_force = in_force or {}
    for i in sorted(set(repealed) | set(in_force)):
        law_id, title = LAWS[i]
        gone = repealed.get(i)
        cat.add(CatalogEntry(id=law_id, title=title, category=CATS[i % 3], status="已废止" if gone else "现行有效",
                             repealed=gone, successor="h:9" if gone else None, effective=in_force.get(i)))  # fmt: skip
    records = []
    base = [(0, 2020, None, [(0, 1)])]  # at least one projection edge
    for r, (issuer, year, published, cites) in enumerate(base + list(reports)):
        citations, pos = [], 0
        for law, repeats in cites:
            law_id, title = LAWS[law]
            for _ in range(repeats):
                citations.append(
                    {
                        "title": title,
                        "surface": f"《{title}》",
                        "span": [pos, pos + 5],
                        "sentence": f"s{pos}",
                        "kind": "bracketed",
                        "category": CATS[law % 3],
                        "law_id": law_id,
                        "doc_number": None,
                        "function": "其他",
                        "linked": False,
                    }
                )
                pos += 7
        agency = (
            None
            if issuer is None
            else {"name": AGENCIES[issuer], "surface": AGENCIES[issuer], "span": None, "role": "issuer", "level": "district", "region": None, "aliases": []}
        )
        records.append(
            {
                "schema": 1,
                "report": {
                    "id": f"report:h{r}",
                    "source": f"h/{r}",
                    "title": None if r % 4 == 3 else f"报告{r}",
                    "year": year,
                    "published": published,
                    "script": "simplified",
                    "issuer": agency,
                    "chars": pos,
                    "format": "txt",
                    "encoding": "utf-8",
                },
                "citations": citations,
                "agencies": [],
                "warnings": [],
            }
        )
    store = MemoryStore(catalog=cat)
    store.add_records(records)
    return store


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    reports=st.lists(report_st, min_size=1, max_size=8),
    repealed=st.dictionaries(st.integers(0, len(LAWS) - 1), st.sampled_from(["2020-01-01", "2020-12-31", "2021-06-01"]), max_size=3),
    in_force=st.dictionaries(st.integers(0, len(LAWS) - 1), st.sampled_from(["2019-06-01", "2020-12-31", "2021-01-02"]), max_size=3),
)
def test_random_graphs_match_on_neo4j(backend, reports, repealed, in_force):
    store = graph_from(reports, repealed, in_force)
    holding(backend, store)
    for name, params in parity_cases(store):
        assert run(store, name, params).rows == run(backend, name, params).rows, (name, params)
