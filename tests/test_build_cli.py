"""`lawgraph build`, `lawgraph export`, `lawgraph load neo4j` through the real CLI app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lawgraph.extract.records import Agency, Citation, FileError, Record, Report
from lawgraph.graph import MemoryStore
from lawgraph.cli import app

WAB = "北京市西城区人民政府外事办公室"


def record(rid, laws, *, source=None, year=2024, issuer=WAB):
    iss = Agency(issuer, issuer, (0, len(issuer)), "issuer", "district", "北京市西城区") if issuer else None
    rep = Report(rid, source or f"seeds/{rid}.txt", "报告", year, None, "simplified", iss, 1000)
    cs = [Citation(law[4:], f"《{law[4:]}》", (100 + 50 * i, 105 + 50 * i), "句子", "bracketed", "法律", law) for i, law in enumerate(laws)]
    return Record(rep, cs, [])


def write_records(path, items):
    path.write_text("".join(i.to_json() + "\n" for i in items), encoding="utf-8")
    return str(path)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def real_workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def workdir(real_workdir, monkeypatch):
    # Views and exports have their own tests; here only the graph and the records matter.
    from lawgraph.commands import build_cmd

    monkeypatch.setattr(build_cmd, "_write_outputs", lambda store, out, **kw: None)
    return real_workdir


A = record("report:a", ["law:统计法", "law:保密法"])
B = record("report:b", ["law:统计法"], year=2023, source="seeds/b.txt")


def test_build_from_records_writes_graph_records_and_summary(runner, workdir):
    recs = write_records(workdir / "in.jsonl", [A, B])
    result = runner.invoke(app, ["build", recs])
    assert result.exit_code == 0, result.output
    assert (workdir / "out" / "graph.json").is_file() and (workdir / "out" / "records.jsonl").is_file()
    out = result.stdout
    assert "graph: out/graph.json (added 2, replaced 0, unchanged 0)" in out
    assert "reports: 2 (without year: 0, without issuer: 0)" in out
    assert "laws: 2 (法律 2)" in out
    assert "citation edges: 3 (3 citations), agency-law-year edges: 3" in out
    assert "years: 2023: 1, 2024: 1" in out
    assert "files: 2 extracted, 0 skipped, 0 failed" in out
    store = MemoryStore.load(workdir / "out" / "graph.json")
    assert store.summary().reports == 2
    assert (workdir / "out" / "records.jsonl").read_text(encoding="utf-8") == (workdir / "in.jsonl").read_text(encoding="utf-8")


def test_building_twice_gives_identical_files(runner, workdir):
    recs = write_records(workdir / "in.jsonl", [A, B])
    assert runner.invoke(app, ["build", recs]).exit_code == 0
    first = {p: (workdir / "out" / p).read_bytes() for p in ("graph.json", "records.jsonl")}
    second_run = runner.invoke(app, ["build", recs])
    assert "(added 0, replaced 0, unchanged 2)" in second_run.stdout
    assert {p: (workdir / "out" / p).read_bytes() for p in first} == first
    (workdir / "out" / "graph.json").unlink()
    assert runner.invoke(app, ["build", recs]).exit_code == 0  # from scratch
    assert (workdir / "out" / "graph.json").read_bytes() == first["graph.json"]


def test_build_is_incremental_and_replaces_changed_reports(runner, workdir):
    runner.invoke(app, ["build", write_records(workdir / "1.jsonl", [A, B])])
    a2 = record("report:a2", ["law:宪法"], source=A.report.source)
    result = runner.invoke(app, ["build", write_records(workdir / "2.jsonl", [a2]), "--json"])
    summary = json.loads(result.stdout)
    assert (summary["added"], summary["replaced"]) == (0, 1)
    assert summary["reports"] == 2 and summary["laws"] == 2  # 保密法 went with the old version
    g = MemoryStore.load(workdir / "out" / "graph.json").graph
    assert "report:a" not in g and "law:保密法" not in g


def test_failed_files_are_listed_and_give_exit_status_1(runner, workdir):
    recs = write_records(workdir / "in.jsonl", [A, FileError("bad.pdf", "no text layer", "read"), FileError("x.png", "not a report", "skip")])
    result = runner.invoke(app, ["build", recs])
    assert result.exit_code == 1
    assert "files: 1 extracted, 1 skipped, 1 failed" in result.stdout
    assert "FAILED  bad.pdf: no text layer" in result.stdout and "skipped x.png: not a report" in result.stdout
    assert (workdir / "out" / "graph.json").is_file()  # the good reports are in


def test_documents_go_through_the_extractor_with_the_options(runner, workdir, monkeypatch):
    from lawgraph import extract

    seen = {}
    seen_exclude = []

    def fake_iter_records(inputs, *, catalog_files=(), jobs=1, spacy_model=None, manifest=None, exclude=()):
        seen.update(inputs=list(inputs), catalog_files=list(catalog_files), jobs=jobs, spacy_model=spacy_model)
        seen_exclude.extend(exclude)
        yield A
        yield FileError("reports/broken.docx", "not a zip file", "read")

    monkeypatch.setattr(extract, "iter_records", fake_iter_records)
    recs = write_records(workdir / "more.jsonl", [B])
    (workdir / "my.jsonl").write_text("", encoding="utf-8")  # an (empty) user catalog
    result = runner.invoke(app, ["build", "reports/", recs, "--catalog", "my.jsonl", "--jobs", "3", "--out", "o2", "--graph", "o2/g.json.gz"])
    assert seen == {"inputs": ["reports/"], "catalog_files": ["my.jsonl"], "jobs": 3, "spacy_model": None}
    assert seen_exclude == ["o2", "o2/g.json.gz"]  # the outputs are never read as input
    assert result.exit_code == 1 and "FAILED  reports/broken.docx" in result.stdout
    assert MemoryStore.load(workdir / "o2" / "g.json.gz").summary().reports == 2
    records = (workdir / "o2" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == 3  # B from the records file, A and the error from the extractor


def test_a_missing_catalog_file_is_a_clean_error(runner, workdir):
    result = runner.invoke(app, ["build", write_records(workdir / "in.jsonl", [A]), "--catalog", "nope.jsonl"])
    assert result.exit_code == 1 and "error: nope.jsonl" in result.stderr and "Traceback" not in result.output


def test_a_graph_file_of_another_schema_is_a_clean_error(runner, workdir):
    (workdir / "out").mkdir()
    (workdir / "out" / "graph.json").write_text('{"format":"lawgraph-graph","schema":0,\n"nodes":[\n],\n"edges":[\n]}\n')
    result = runner.invoke(app, ["build", write_records(workdir / "in.jsonl", [A])])
    assert result.exit_code == 1
    assert "error: out/graph.json: graph schema 0 is not supported" in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_records_line_fails_alone_and_names_file_and_line(runner, workdir):
    bad = workdir / "bad.jsonl"
    bad.write_text(A.to_json() + "\n{not json\n" + B.to_json() + "\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"FAILED  {bad}:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)" in result.stdout
    assert MemoryStore.load(workdir / "out" / "graph.json").summary().reports == 2  # A and B are in
    assert sorted(p.name for p in (workdir / "out").iterdir()) == [".lawgraph.lock", "graph.json", "records.jsonl"]


SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_build_seeds_end_to_end_twice_gives_identical_output_trees(runner, real_workdir):
    """The README's main job, with the real extractor, views and exports."""
    first = runner.invoke(app, ["build", str(SEEDS)])
    assert first.exit_code == 0, first.output
    assert "reports: 5 (without year: 0, without issuer: 0)" in first.stdout
    files = {p.relative_to(real_workdir / "out"): p.read_bytes() for p in sorted((real_workdir / "out").rglob("*")) if p.is_file()}
    assert Path("graph.json") in files and Path("records.jsonl") in files
    second = runner.invoke(app, ["build", str(SEEDS)])
    assert second.exit_code == 0 and "(added 0, replaced 0, unchanged 5)" in second.stdout
    again = {p.relative_to(real_workdir / "out"): p.read_bytes() for p in sorted((real_workdir / "out").rglob("*")) if p.is_file()}
    assert again.keys() == files.keys()
    assert [p for p in files if files[p] != again[p]] == []


def test_write_outputs_is_called_with_the_store(runner, workdir, monkeypatch):
    from lawgraph.commands import build_cmd

    calls = []
    monkeypatch.setattr(build_cmd, "_write_outputs", lambda store, out, **kw: calls.append((store.summary().reports, out)))
    runner.invoke(app, ["build", write_records(workdir / "in.jsonl", [A])])
    # Called with the staging folder whose views/ and exports/ then replace the old ones.
    assert calls and calls[0][0] == 1
    assert calls[0][1].parent == Path("out") and calls[0][1].name.startswith(".stage-")
    assert not calls[0][1].exists()


# --- export ----------------------------------------------------------------------------------


def test_export_neo4j_admin(runner, workdir):
    runner.invoke(app, ["build", write_records(workdir / "in.jsonl", [A, B])])
    result = runner.invoke(app, ["export", "neo4j-admin"])
    assert result.exit_code == 0, result.output
    folder = workdir / "out" / "exports" / "neo4j-admin"
    assert (folder / "report_cites.csv").is_file() and (folder / "schema.cypher").is_file()
    assert "neo4j-admin database import full" in result.stdout and "--array-delimiter=U+001F" in result.stdout


def test_export_registry_dispatches_and_rejects_unknown_formats(runner, workdir, monkeypatch):
    from lawgraph.commands import export_cmd

    runner.invoke(app, ["build", write_records(workdir / "in.jsonl", [A])])
    result = runner.invoke(app, ["export", "no-such-format"])
    assert result.exit_code == 1 and "unknown export format 'no-such-format'; choose one of: " in result.stderr
    assert "neo4j-admin" in result.stderr

    def counts(store, dest):
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(str(store.summary().reports))
        return [dest]

    monkeypatch.setitem(export_cmd.EXPORTERS, "count", export_cmd.ExportFormat("count", "test", counts, "count.txt"))
    result = runner.invoke(app, ["export", "count"])
    assert result.exit_code == 0 and (workdir / "out" / "exports" / "count.txt").read_text() == "1"
    with pytest.raises(ValueError):
        export_cmd.register_exporter("neo4j-admin", help="twice")(counts)


def test_export_without_a_graph(runner, workdir):
    result = runner.invoke(app, ["export", "neo4j-admin"])
    assert result.exit_code == 1 and "no such graph file; run `lawgraph build" in result.stderr


# --- load neo4j (no server here) ---------------------------------------------------------------


def test_load_neo4j_unreachable_server_is_a_clean_error(runner, workdir):
    runner.invoke(app, ["build", write_records(workdir / "in.jsonl", [A])])
    env = {"NEO4J_PASSWORD": "s3cret-pw", "NEO4J_USER": "neo4j"}
    result = runner.invoke(app, ["load", "neo4j", "--uri", "bolt://127.0.0.1:1"], env=env)
    assert result.exit_code == 1
    assert "error: cannot reach Neo4j at bolt://127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.output and "s3cret-pw" not in result.output


def test_load_neo4j_needs_a_password_without_a_terminal(runner, workdir):
    runner.invoke(app, ["build", write_records(workdir / "in.jsonl", [A])])
    result = runner.invoke(app, ["load", "neo4j"], env={"NEO4J_PASSWORD": None})
    assert result.exit_code == 1 and "no Neo4j password: set NEO4J_PASSWORD" in result.stderr


def test_load_neo4j_without_a_graph(runner, workdir):
    result = runner.invoke(app, ["load", "neo4j"], env={"NEO4J_PASSWORD": "x"})
    assert result.exit_code == 1 and "out/graph.json: no such graph file" in result.stderr


def test_load_neo4j_uses_the_store(runner, workdir, monkeypatch):
    """The command wires options and environment to Neo4jStore.load (server faked)."""
    from lawgraph.graph import neo4j_store

    runner.invoke(app, ["build", write_records(workdir / "in.jsonl", [A, B])])
    seen = {}

    class Fake:
        def __init__(self, uri, user, password, *, database=None, batch_size=0):
            seen.update(uri=uri, user=user, password=password, database=database, batch_size=batch_size)
            self.where = neo4j_store.redact_uri(uri)

        @classmethod
        def open(cls, settings, **kwargs):
            return cls(**settings.store_kwargs(), **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *a):
            pass

        def load(self, store, *, wipe, progress):
            seen.update(wipe=wipe, reports=store.summary().reports)
            return neo4j_store.LoadSummary(nodes_written={"Report": 2}, relationships_written=6, seconds=0.5, counts={"Report": 2})

    monkeypatch.setattr(neo4j_store, "Neo4jStore", Fake)
    env = {"NEO4J_URI": "neo4j://db:7687", "NEO4J_USER": "me", "NEO4J_PASSWORD": "pw", "NEO4J_DATABASE": "lg"}
    result = runner.invoke(app, ["load", "neo4j", "--wipe", "--batch-size", "100"], env=env)
    assert result.exit_code == 0, result.output
    assert seen == {"uri": "neo4j://db:7687", "user": "me", "password": "pw", "database": "lg", "batch_size": 100, "wipe": True, "reports": 2}
    assert "12 relationships/s" in result.stdout and "database now: Report 2" in result.stdout


def test_exports_are_written_on_request_and_an_older_builds_go(runner, real_workdir):
    # Each export repeats the whole graph: a plain build writes none (output size).
    recs = write_records(real_workdir / "in.jsonl", [A])
    result = runner.invoke(app, ["build", recs, "--exports"])
    assert result.exit_code == 0, result.output
    assert (real_workdir / "out" / "exports" / "nodes.csv").is_file()
    assert (real_workdir / "out" / "exports" / "graph.graphml").is_file()
    result = runner.invoke(app, ["build", write_records(real_workdir / "in2.jsonl", [A, B])])
    assert result.exit_code == 0, result.output
    # The first build's exports described a graph without B: they are gone, not left stale.
    assert not (real_workdir / "out" / "exports").exists()
    assert (real_workdir / "out" / "views" / "index.html").is_file()
    assert "exports: none" in result.stderr
    result = runner.invoke(app, ["export", "nodes-csv"])
    assert result.exit_code == 0 and (real_workdir / "out" / "exports" / "nodes.csv").is_file()


def test_no_views_leaves_them_out_and_an_older_builds_go(runner, real_workdir):
    # A corpus-scale build can leave the views (one page per report, law and agency) for later.
    out = real_workdir / "out"
    result = runner.invoke(app, ["build", write_records(real_workdir / "in.jsonl", [A])])
    assert result.exit_code == 0, result.output
    assert (out / "views" / "index.html").is_file()
    result = runner.invoke(app, ["build", write_records(real_workdir / "in2.jsonl", [A, B]), "--no-views"])
    assert result.exit_code == 0, result.output
    # The first build's views showed a graph without B: they are gone, not left stale.
    assert not (out / "views").exists() and (out / "graph.json").is_file() and (out / "records.jsonl").is_file()
    assert "views: none" in result.stderr
    assert b'"lawgraph-graph"' in (out / "graph.json").read_bytes()[:200]
    result = runner.invoke(app, ["views"])
    assert result.exit_code == 0, result.output
    assert (out / "views" / "index.html").is_file()
