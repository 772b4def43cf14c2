"""The Spark job writes the records of the single-machine path, line for line.

Runs Spark in local mode (local[2], UI off) on 2,000 generated reports plus files in other
encodings and formats and files that fail, and on (id, text) tables. Skipped when Java or
pyspark is missing; the tests of the bytes reader and of the missing-pyspark message always run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from test_jobs import mixed_corpus, write_odd_files, write_reports

from lawgraph.extract import FileError, iter_records, load_catalog
from lawgraph.extract.errors import LawgraphError, ReadError

_JAVA = shutil.which("java") or os.environ.get("JAVA_HOME")
_PYSPARK = importlib.util.find_spec("pyspark") is not None

needs_spark = pytest.mark.skipif(
    not (_JAVA and _PYSPARK),
    reason="Spark tests need Java 17+ (java on PATH or JAVA_HOME)"
    + ("" if _JAVA else ": not found")
    + " and pyspark"
    + ("" if _PYSPARK else ": not installed, pip install 'lawgraph[spark]'"),
)

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")

REPORTS = 2000


# ---------------------------------------------------------------------------------------------
# without Spark


def test_document_from_bytes_reads_like_read_document(tmp_path):
    from lawgraph.extract.read import read_document
    from lawgraph.extract.spark import document_from_bytes

    write_odd_files(tmp_path)
    paths = sorted(p for p in tmp_path.iterdir())
    assert len(paths) > 10
    for path in paths:
        source = str(path)
        try:
            expected = read_document(source)
        except ReadError as err:
            expected = err.reason
        try:
            got = document_from_bytes(source, path.read_bytes())
        except ReadError as err:
            got = err.reason
        assert got == expected, path.name


def test_too_large_bytes():
    from lawgraph.extract.spark import document_from_bytes

    with pytest.raises(ReadError, match="file larger than the 10-byte limit"):
        document_from_bytes("a.txt", b"x" * 11, max_bytes=10)


def test_table_rows_that_are_not_reports():
    from lawgraph.extract.spark import extract_row

    catalog = load_catalog()
    assert extract_row(None, "text", catalog) == FileError("", "table row without an id", "read")
    assert extract_row("r1", None, catalog) == FileError("r1", "no text (null)", "read")
    assert extract_row("r2", " \n", catalog) == FileError("r2", "empty text", "read")
    assert extract_row(7, "北京市西城区司法局\n学习宪法。", catalog).report.source == "7"


def test_without_pyspark_the_error_says_what_to_install(monkeypatch):
    import lawgraph.extract.spark as job

    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark → ImportError
    with pytest.raises(LawgraphError, match=r"pip install 'lawgraph\[spark\]'"):
        job.local_session("local[1]")


def test_the_one_command_line_checks_its_arguments_first():
    from typer.testing import CliRunner

    from lawgraph.cli import app

    result = CliRunner().invoke(app, ["spark-extract", "in", "out", "--partitions", "0"], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "--partitions" in result.output


def test_executors_rebuild_the_drivers_catalog_from_its_entries(tmp_path):
    from lawgraph.extract.catalog import Catalog, catalog_entries

    # Two files that override each other by id and share a title: the order they were read
    # in decides which entry a title finds, and the entries keep that order.
    first = {"id": "test:a", "title": "某某甲条例", "category": "地方性法规", "region": "北京市"}
    second = {"id": "test:b", "title": "某某甲条例", "category": "规章", "region": "北京市"}
    again = {"id": "test:a", "title": "某某甲条例", "category": "规范性文件", "region": "北京市"}
    files = []
    for i, entry in enumerate((first, second, again)):
        files.append(tmp_path / f"{i}.jsonl")
        files[-1].write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    driver = load_catalog(files)
    executor = Catalog.from_entries(catalog_entries(files))
    assert executor.version == driver.version
    assert executor.lookup("某某甲条例", "北京市") == driver.lookup("某某甲条例", "北京市")
    assert driver.lookup("某某甲条例", "北京市").category == "规范性文件"
    assert len(executor) == len(driver)


def test_job_options_are_checked():
    from lawgraph.extract.spark import JobOptions

    with pytest.raises(LawgraphError, match="unknown output format 'csv'"):
        JobOptions("in", "out", format="csv").check()
    with pytest.raises(LawgraphError, match="unknown table format 'avro'"):
        JobOptions("in", "out", table="avro").check()


# ---------------------------------------------------------------------------------------------
# Spark in local mode


@pytest.fixture(scope="module")
def spark():
    if not (_JAVA and _PYSPARK):
        pytest.skip("needs Java and pyspark")
    from lawgraph.extract.spark import local_session

    session = local_session("local[2]", app_name="lawgraph-tests")
    assert session.sparkContext.getConf().get("spark.ui.enabled") == "false"
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return mixed_corpus(tmp_path_factory.mktemp("spark"), REPORTS)


def _single_machine(inputs: list[str], **kwargs) -> list[str]:
    return [item.to_json() for item in iter_records(inputs, jobs=1, **kwargs)]


def _part(output: Path) -> list[str]:
    return (output / "records.jsonl").read_text(encoding="utf-8").splitlines()


def _sources(lines: list[str]) -> list[str]:
    objs = [json.loads(line) for line in lines]
    return [o["error"]["source"] if "error" in o else o["report"]["source"] for o in objs]


@needs_spark
def test_files_give_the_records_of_the_single_machine_path(spark, corpus, tmp_path):
    from lawgraph.extract.spark import JobOptions, run

    out = tmp_path / "records"
    summary = run(spark, JobOptions(str(corpus.folder), str(out)))
    got = _part(out)
    expected = _single_machine([str(corpus.folder)])
    assert len(got) == corpus.files
    assert sorted(got) == sorted(expected)
    assert _sources(got) == sorted(_sources(got))  # sorted by source: a deterministic file
    # The summary counts what `lawgraph extract` counts.
    failed = sum(1 for v in corpus.odd.values() if v and v[0] == "read")
    assert (summary.files, len(summary.failed), len(summary.skipped)) == (corpus.files, failed, 2)
    assert summary.exit_code == 1
    assert sorted(os.listdir(out)) == ["._SUCCESS.crc", ".records.jsonl.crc", "_SUCCESS", "records.jsonl"]


@needs_spark
def test_glob_single_file_relative_path_and_catalog(spark, corpus, tmp_path, monkeypatch):
    from lawgraph.extract.spark import JobOptions, run

    catalog = tmp_path / "extra.jsonl"
    catalog.write_text(
        json.dumps({"id": "test:清单", "title": "某某局权力责任清单", "category": "规范性文件"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(corpus.folder.parent)
    cases = [
        "in/generated/batch1/*.txt",  # glob, relative
        "in/odd/gb18030.txt",  # one file
        "in/odd/",  # folder with a trailing slash
    ]
    for i, given in enumerate(cases):
        out = tmp_path / f"out{i}"
        run(spark, JobOptions(given, str(out), catalog_files=(str(catalog),), partitions=3))
        expected = _single_machine([given], catalog_files=[str(catalog)])
        assert sorted(_part(out)) == sorted(expected), given
    assert '"law_id":"test:清单"' in "".join(_part(tmp_path / "out0"))


@needs_spark
def test_parquet_output(spark, corpus, tmp_path):
    from lawgraph.extract.spark import JobOptions, run

    folder = corpus.folder / "odd"
    out = tmp_path / "records.parquet"
    run(spark, JobOptions(str(folder), str(out), format="parquet"))
    rows = [tuple(r) for r in spark.read.parquet(str(out)).orderBy("source").collect()]
    expected = _single_machine([str(folder)])
    assert sorted(r[2] for r in rows) == sorted(expected)
    for source, report_id, record in rows:
        obj = json.loads(record)
        if "error" in obj:
            assert (report_id, obj["error"]["source"]) == (None, source)
        else:
            assert (report_id, obj["report"]["source"]) == (obj["report"]["id"], source)


@needs_spark
@pytest.mark.parametrize("kind", ["json", "parquet"])
def test_table_of_id_and_text(spark, tmp_path, kind):
    from lawgraph.extract import extract_text
    from lawgraph.extract.spark import JobOptions, run

    texts = {f"r{i:04d}": p.read_text(encoding="utf-8") for i, p in enumerate(write_reports(tmp_path / "docs", 300))}
    texts["crlf"] = "北京市西城区司法局\r\n2023年法治政府建设年度情况报告\r\n认真贯彻落实《中华人民共和国行政复议法》。"
    rows = [{"id": k, "text": v} for k, v in texts.items()] + [{"id": "blank", "text": "  "}, {"id": "null", "text": None}]
    table = tmp_path / f"table.{kind}"
    if kind == "json":
        table.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    else:
        spark.createDataFrame(rows, "id string, text string").repartition(3).write.parquet(str(table))
    out = tmp_path / "records"
    summary = run(spark, JobOptions(str(table), str(out), table=kind, partitions=4))
    catalog = load_catalog()
    expected = [extract_text(text, key, catalog=catalog).to_json() for key, text in texts.items()]
    expected += [FileError("blank", "empty text", "read").to_json(), FileError("null", "no text (null)", "read").to_json()]
    got = _part(out)
    assert got == sorted(expected, key=lambda line: (_sources([line])[0], line))
    assert summary.extracted == len(texts) and len(summary.failed) == 2


@needs_spark
def test_problems_stop_the_job_before_it_starts(spark, tmp_path):
    from lawgraph.extract.spark import JobOptions, run

    with pytest.raises(LawgraphError, match="no such file or directory"):
        run(spark, JobOptions(str(tmp_path / "missing"), str(tmp_path / "o1")))
    with pytest.raises(LawgraphError, match="no file matches this pattern"):
        run(spark, JobOptions(str(tmp_path / "*.nothing"), str(tmp_path / "o2")))
    (tmp_path / "exists").mkdir()
    (tmp_path / "in.txt").write_text("北京市西城区司法局\n学习宪法。", encoding="utf-8")
    with pytest.raises(LawgraphError, match="already exists; remove it or pass --overwrite"):
        run(spark, JobOptions(str(tmp_path / "in.txt"), str(tmp_path / "exists")))
    run(spark, JobOptions(str(tmp_path / "in.txt"), str(tmp_path / "exists"), overwrite=True))
    assert _sources(_part(tmp_path / "exists")) == [str(tmp_path / "in.txt")]
    with pytest.raises(LawgraphError, match="no column 'text'"):
        (tmp_path / "t.json").write_text('{"id": 1, "body": "x"}\n', encoding="utf-8")
        run(spark, JobOptions(str(tmp_path / "t.json"), str(tmp_path / "o3"), table="json"))


@needs_spark
def test_cli_output_is_byte_identical_to_lawgraph_extract(corpus, tmp_path):
    # A separate process: the command starts and stops its own Spark.
    folder = str(corpus.folder / "odd")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the tests run against this tree
    lawgraph = [sys.executable, "-c", "from lawgraph.cli import main; main()"]
    spark_run = subprocess.run(
        [*lawgraph, "spark-extract", folder, str(tmp_path / "spark"), "--master", "local[2]"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert spark_run.returncode == 1, spark_run.stderr[-3000:]  # broken files fail, as in `lawgraph extract`
    assert "records: " in spark_run.stderr and "FAILED" in spark_run.stderr
    single = subprocess.run(
        [*lawgraph, "extract", folder, "-o", str(tmp_path / "single.jsonl"), "--jobs", "1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert single.returncode == 1, single.stderr
    assert (tmp_path / "spark" / "records.jsonl").read_bytes() == (tmp_path / "single.jsonl").read_bytes()
    # `lawgraph build` takes the file as records (by its .jsonl name), not as a report
    build = subprocess.run(
        [*lawgraph, "build", "spark/records.jsonl", "--out", "built", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert build.returncode == 1, build.stderr  # the error lines count as failed files
    summary = json.loads(build.stdout)
    assert summary["files"]["extracted"] == sum(1 for v in corpus.odd.values() if v is None)


def test_spark_extraction_keeps_the_per_document_time_limit(monkeypatch):
    # no Spark needed: the function each partition runs for a file's bytes
    import time

    import lawgraph.extract.pipeline as pipeline_mod
    from lawgraph.extract.catalog import load_catalog
    from lawgraph.extract import spark as spark_job

    monkeypatch.setenv("LAWGRAPH_DOC_TIME_LIMIT", "0.2")
    # files go through the pipeline's own extraction (the one the command line runs)
    monkeypatch.setattr(pipeline_mod, "extract_text", lambda *a, **k: time.sleep(5))
    t0 = time.perf_counter()
    out = spark_job.extract_bytes("slow.txt", "北京市东城区司法局\n\n学习宪法。".encode(), load_catalog())
    assert time.perf_counter() - t0 < 3
    assert out.stage == "extract" and "0.2 s limit" in out.reason
