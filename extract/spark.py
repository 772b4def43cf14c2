"""Extraction on Spark: the records of ``lawgraph extract``, computed on a cluster.

The job runs the same pure function as the single-machine path
(:func:`extract.pipeline.extract_text`) once per report, inside ``mapPartitions``, and writes
the same lines (:meth:`Record.to_json` / :meth:`FileError.to_json`), so ``lawgraph build``
reads its output unchanged. Per-record counts and error lines are the pipeline's own
(:class:`extract.records.RecordLine`, :func:`extract.pipeline.extract_document`); each
partition counts its :class:`extract.summary.RunSummary` and the driver merges them. Three
ways to run it, all through the one command line:

* ``lawgraph spark-extract INPUT OUTPUT [--master local[4]]`` (``lawgraph/commands/spark_cmd.py``);
* ``spark-submit --py-files dist/lawgraph-0.1.0-py3-none-any.whl lawgraph/__main__.py
  spark-extract INPUT OUTPUT`` (the same command, in spark-submit's session; docs/spark.md
  has the cluster recipe);
* :func:`run` with your own ``SparkSession``.

Input is either

* report files (a file, a folder walked recursively, or a glob; local, ``hdfs://``, ``s3a://``…),
  read with Spark's ``binaryFile`` source and decoded by :func:`document_from_bytes`, which does
  what :func:`extract.read.read_document` does to a file's bytes (format by extension,
  encoding detected from the bytes, HTML/DOCX/PDF text). A file that cannot be read becomes a
  :class:`FileError` line, as in ``lawgraph extract``. Sources are spelled from INPUT as given
  (``reports/a.txt``, ``hdfs:///reports/a.txt``), the way :func:`extract.read.discover` spells them;
* or a table (``table="parquet"`` or ``"json"``) with columns ``id`` and ``text``: each row is a
  report whose source is its id, extracted from the text exactly as stored.

Output is either

* ``jsonl``: ``OUTPUT/records.jsonl``, one JSON object per line, sorted by source (for a
  folder this is also the order of ``lawgraph extract``, so the files are byte-identical);
  ``lawgraph build OUTPUT/records.jsonl`` reads it;
* ``parquet``: rows of ``source``, ``id`` (the report id; null for an error line) and
  ``record`` (the JSON line), sorted by source.

Differences from ``lawgraph extract``, all from Hadoop's file listing: names starting with
``_`` are skipped like hidden files; symlinked duplicates are not detected; a path that does
not exist stops the job instead of becoming an error line. ``--spacy-model`` is not supported.

This module imports without pyspark; anything that needs it raises :class:`LawgraphError`
naming ``pip install 'lawgraph[spark]'``.

The catalog travels as its entries (a broadcast, built into a catalog once per executor
process); the executors' catalog version is checked against the driver's, since every
record carries it.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import sys
import tempfile
import urllib.parse
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from lawgraph.extract.catalog import Catalog, catalog_entries
from lawgraph.extract.errors import LawgraphError, ReadError
from lawgraph.extract.pipeline import extract_document, extract_text, within_time_limit
from lawgraph.extract.read import MAX_FILE_BYTES, Document, format_of
from lawgraph.extract.records import FileError, Record, RecordLine
from lawgraph.extract.summary import RunSummary

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

log = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "JobOptions",
    "SPARK_CONF",
    "TABLES",
    "document_from_bytes",
    "extract_bytes",
    "extract_row",
    "RECORDS_NAME",
    "local_session",
    "run",
    "session",
    "ship_wheels",
    "under_spark_submit",
]

FORMATS = ("jsonl", "parquet")
TABLES = ("parquet", "json")
INSTALL_HINT = "pip install 'lawgraph[spark]'"

#: The records file of a ``jsonl`` run, inside OUTPUT (``lawgraph build`` takes ``*.jsonl``).
RECORDS_NAME = "records.jsonl"

#: Settings for the local sessions this module creates.
SPARK_CONF = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"}


# ---------------------------------------------------------------------------------------------
# bytes → Document → Record, on the executors


def document_from_bytes(source: str, data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """What :func:`extract.read.read_document` makes of a file, from the file's bytes.

    Raises :class:`~extract.errors.ReadError` (and nothing else), with the same reasons.

    >>> doc = document_from_bytes("a/报告.txt", "关于2025年法治政府建设情况的报告\\r\\n".encode("gb18030"))
    >>> doc.text, doc.format, doc.encoding
    ('关于2025年法治政府建设情况的报告\\n', 'txt', 'gb18030')
    >>> document_from_bytes("a/empty.txt", b"")
    Traceback (most recent call last):
    ...
    lawgraph.extract.errors.ReadError: a/empty.txt: empty file
    """
    from lawgraph.extract.read import read_bytes

    return read_bytes(source, data, max_bytes=max_bytes)


def extract_bytes(source: str, data: bytes | None, catalog: Catalog) -> Record | FileError:
    """:func:`extract.pipeline.extract_path` for a file's bytes: a Record, or a FileError.

    ``data`` None stands for a file over the size limit, which the job does not read.
    """
    from lawgraph.extract.read import too_large_reason, unsupported_reason

    if format_of(source) is None:
        return FileError(source=source, reason=unsupported_reason(source), stage="skip")
    if data is None:
        return FileError(source=source, reason=too_large_reason(MAX_FILE_BYTES), stage="read")
    try:
        doc = document_from_bytes(source, data)
    except ReadError as err:
        return FileError(source=source, reason=err.reason, stage="read")
    return within_time_limit(source, lambda: extract_document(doc, catalog))


def extract_row(row_id: Any, text: Any, catalog: Catalog) -> Record | FileError:
    """One (id, text) table row: the report's source is its id, its text is used as stored."""
    if row_id is None:
        return FileError(source="", reason="table row without an id", stage="read")
    source = str(row_id)
    if text is None:
        return FileError(source=source, reason="no text (null)", stage="read")
    if not isinstance(text, str):
        return FileError(source=source, reason=f"text is {type(text).__name__}, not a string", stage="read")
    if not text.strip():
        return FileError(source=source, reason="empty text", stage="read")
    # The pipeline's own wrapping: its time limit (Spark runs Python tasks in the main
    # thread of its worker processes, where the timer works) and its error lines.
    doc = Document(source=source, text=text, format="txt", encoding=None)
    return within_time_limit(source, lambda: extract_document(doc, catalog))


# Catalogs built in this (executor) process, by version: built once per Python worker,
# which Spark reuses across tasks (spark.python.worker.reuse).
_CATALOGS: dict[str, Catalog] = {}


@dataclass(frozen=True)
class _Settings:
    """What every partition needs to know; pickled once per task."""

    given_root: str  # the input's root as the user spelled it
    qualified_root: str  # the same, as Hadoop spells the paths it lists
    catalog_entries: Any  # Broadcast of the driver's catalog entries, in the order read
    catalog_version: str  # the driver's Catalog.version

    def source(self, path: str) -> str:
        """Spark's ``file:/abs/reports/a.txt`` → ``reports/a.txt``, as discover() spells it."""
        q = self.qualified_root
        if path == q:
            return self.given_root
        if q and path.startswith(q.rstrip("/") + "/"):
            rel = path[len(q.rstrip("/")) + 1 :]
            if not self.given_root:
                return rel
            return self.given_root + ("" if self.given_root.endswith("/") else "/") + rel
        return path

    def catalog(self) -> Catalog:
        catalog = _CATALOGS.get(self.catalog_version)
        if catalog is None:
            catalog = Catalog.from_entries(self.catalog_entries.value)
            if catalog.version != self.catalog_version:
                raise LawgraphError(
                    f"the executors' catalog is {catalog.version}, the driver's {self.catalog_version}: "
                    "install the same lawgraph on the executors (see docs/spark.md)"
                )
            extract_text("", catalog=catalog)  # build the automata now, once
            _CATALOGS[self.catalog_version] = catalog
        return catalog


def _files_partition(settings: _Settings, rows: Iterable[tuple[str, bytes]]) -> Iterator[tuple]:
    catalog = settings.catalog()
    for path, data in rows:
        source = settings.source(path)
        # discover() skips Word's "~$" lock files inside folders; Hadoop already skips "." and "_".
        if source != settings.given_root and os.path.basename(source).startswith("~$"):
            continue
        yield _row(extract_bytes(source, None if data is None else bytes(data), catalog))


def _table_partition(settings: _Settings, rows: Iterable[tuple[Any, Any]]) -> Iterator[tuple]:
    catalog = settings.catalog()
    for row_id, text in rows:
        yield _row(extract_row(row_id, text, catalog))


def _row(item: Record | FileError) -> tuple[str, str | None, RecordLine | FileError]:
    """(source, report id, the item as the pipeline gives it to a writer): a RecordLine holds
    the JSON line and what the run summary counts, so nothing is parsed again."""
    if isinstance(item, FileError):
        return item.source, None, item
    return item.report.source, item.report.id, RecordLine.of(item)


def _partial_summary(rows: Iterable[tuple]) -> Iterator[RunSummary]:
    part = RunSummary()
    for _source, _id, item in rows:
        part.add(item)
    yield part


# ---------------------------------------------------------------------------------------------
# the driver


@dataclass
class JobOptions:
    """One Spark extraction: where from, where to, how."""

    input: str
    output: str
    format: str = "jsonl"  # jsonl | parquet
    table: str | None = None  # None: report files; "parquet" / "json": a table of (id, text)
    partitions: int | None = None  # default: Spark's split of the files (≤ 32 small files each); the table's own
    catalog_files: Sequence[str] = field(default_factory=tuple)
    overwrite: bool = False
    id_column: str = "id"
    text_column: str = "text"

    def check(self) -> None:
        if self.format not in FORMATS:
            raise LawgraphError(f"unknown output format {self.format!r}; use one of {', '.join(FORMATS)}")
        if self.table is not None and self.table not in TABLES:
            raise LawgraphError(f"unknown table format {self.table!r}; use one of {', '.join(TABLES)}")
        if self.partitions is not None and self.partitions < 1:
            raise LawgraphError(f"--partitions must be at least 1, not {self.partitions}")


def _pyspark():
    # pyspark 4 warns about pandas 3 on import; the job does not use pandas.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    try:
        import pyspark
    except ImportError as err:
        raise LawgraphError(f"Spark support needs pyspark: {INSTALL_HINT}") from err
    return pyspark


def local_session(master: str = "local[*]", *, app_name: str = "lawgraph-extract") -> "SparkSession":
    """A SparkSession for ``master``, set up so that a local run just works.

    For a ``local`` master the Python workers are this interpreter (``PYSPARK_PYTHON``), Spark
    binds to 127.0.0.1 (``SPARK_LOCAL_IP``) and Java must be installed. The web UI is off.
    """
    _pyspark()
    if master.startswith("local"):
        if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
            raise LawgraphError("Spark needs Java 17 or later: install a JDK (apt-get install openjdk-17-jre-headless) or set JAVA_HOME")
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in SPARK_CONF.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def run(spark: "SparkSession", options: JobOptions) -> "RunSummary":
    """Extract ``options.input`` into ``options.output``; returns the run summary.

    Everything that can be checked on the driver is checked before any work starts: the
    options, the catalog files, the input (it exists; a table has the columns), the output
    (it does not exist, unless ``overwrite``).
    """
    from pyspark import StorageLevel

    options.check()
    # A bad catalog file fails here, with its own name; the executors get these entries.
    entries = catalog_entries([str(f) for f in options.catalog_files])
    version = Catalog.from_entries(entries).version
    if options.table is None:
        given, qualified = _input_root(spark, options.input)
    else:
        table = _read_table(spark, options)
    output = _spark_path(spark, options.output)
    _prepare_output(spark, output, options.overwrite)

    shipped_once = spark.sparkContext.broadcast(entries)  # once per executor, not in every task
    if options.table is None:
        settings = _Settings(given, qualified, shipped_once, version)
        files = _read_files(spark, _spark_path(spark, options.input), options.partitions)
        rows = files.mapPartitions(functools.partial(_files_partition, settings))
    else:
        settings = _Settings("", "", shipped_once, version)
        if options.partitions:
            table = table.repartition(options.partitions)
        rows = table.rdd.map(tuple).mapPartitions(functools.partial(_table_partition, settings))

    # Kept for the summary after the write; spilled to disk when memory is short.
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        if options.format == "jsonl":
            _write_jsonl(spark, rows, output)
        else:
            _write_parquet(spark, rows, output)
        summary = _summary(rows.mapPartitions(_partial_summary).collect())
    finally:
        rows.unpersist()
        shipped_once.unpersist()
    return summary


# PySpark has no public API for Hadoop's FileSystem (globbing, exists, delete, rename) or
# for the Hadoop configuration (fs.defaultFS): these two helpers are the only places that
# reach the JVM through py4j (``_jvm``, ``_jsc``); everything else uses public APIs.


def _hadoop_conf(spark: "SparkSession"):
    return spark.sparkContext._jsc.hadoopConfiguration()  # no public API (see above)


def _hadoop_path(spark: "SparkSession", path: Any):
    """(org.apache.hadoop.fs.Path, its FileSystem) for a path string, or for (parent, child)."""
    jvm = spark.sparkContext._jvm  # no public API (see above)
    if jvm is None:
        raise LawgraphError("the Spark session has stopped (no JVM to reach Hadoop's file system)")
    fs_path = jvm.org.apache.hadoop.fs.Path
    hpath = fs_path(*path) if isinstance(path, tuple) else fs_path(path)
    return hpath, hpath.getFileSystem(_hadoop_conf(spark))


_HADOOP_GLOB = re.compile(r"[*?[{]")


def _input_root(spark: "SparkSession", given: str) -> tuple[str, str]:
    """The input's literal root (up to the first glob component): as given, and as Spark
    spells the paths under it. Fails when nothing is there."""
    parts = given.split("/")
    magic = next((i for i, p in enumerate(parts) if _HADOOP_GLOB.search(p)), None)
    root = given if magic is None else "/".join(parts[:magic])
    hpath, fs = _hadoop_path(spark, _spark_path(spark, given))
    found = fs.globStatus(hpath)
    if found is None or len(found) == 0:
        raise LawgraphError(f"{given}: " + ("no file matches this pattern" if magic is not None else "no such file or directory"))
    rpath, rfs = _hadoop_path(spark, _spark_path(spark, root or "."))
    return root, rfs.makeQualified(rpath).toString()


def _spark_path(spark: "SparkSession", given: str) -> str:
    """A relative local path made absolute here: the JVM resolves it against its own working
    folder, which is not ours once Python has changed folder. Other paths are left alone (a
    relative path on HDFS is relative to the user's home there)."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", given) or os.path.isabs(given):
        return given
    default_fs = _hadoop_conf(spark).get("fs.defaultFS") or "file:///"
    return os.path.abspath(given) if default_fs.startswith("file:") else given


def _read_files(spark: "SparkSession", path: str, partitions: int | None) -> "RDD":
    """(path, content) of every file under ``path``: Spark's ``binaryFile`` source, plus what
    it leaves out.

    Not ``SparkContext.binaryFiles``: that deserialises a Hadoop Configuration for every file
    and packs small files into very few partitions (2,000 reports: 45 s to read, against 4 s
    here). Spark splits the files into partitions of up to 128 MiB counting 4 MiB per file
    (spark.sql.files.maxPartitionBytes, spark.sql.files.openCostInBytes): 32 small reports.

    The file source skips empty files, and reading a file over the size limit would only
    fail later: a scan of names and lengths (no content), set against the listing, finds
    both; they come back with content ``b""`` (→ "empty file") or None (→ "file larger than
    the 64 MiB limit").
    """
    from pyspark.sql import functions as F

    files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
    content = files.where(F.col("length") <= MAX_FILE_BYTES).select("path", "content")
    if partitions:
        current = content.rdd.getNumPartitions()
        content = content.coalesce(partitions) if partitions < current else content.repartition(partitions)

    scanned = files.select("path", "length").collect()  # names and lengths only: one quick pass
    large = [(path, None) for path, length in scanned if length > MAX_FILE_BYTES]
    seen = {path for path, _length in scanned}
    empty = [(path, b"") for path in _listed_files(spark, files) if path not in seen]
    rows = content.rdd.map(tuple)
    if large or empty:
        rows = rows.union(spark.sparkContext.parallelize(sorted(large + empty), 1))
    return rows


def _listed_files(spark: "SparkSession", files) -> list[str]:
    """Every file behind a file-source DataFrame, spelled like its ``path`` column.

    ``inputFiles()`` gives URIs (``file:///a%20b/c.txt``); the path column has Hadoop's
    ``Path.toString()`` (``file:/a b/c.txt``).
    """
    return [_uri_to_hadoop(uri) for uri in files.inputFiles() if uri]


def _uri_to_hadoop(uri: str) -> str:
    """``Path(URI).toString()``: ``file:///a%20b`` → ``file:/a b``; ``hdfs://nn:8020/x`` unchanged.

    >>> _uri_to_hadoop("file:///tmp/a%20b/%E6%8A%A5%25.txt"), _uri_to_hadoop("hdfs://nn:8020/r/x%23.txt")
    ('file:/tmp/a b/报%.txt', 'hdfs://nn:8020/r/x#.txt')
    """
    parts = urllib.parse.urlsplit(uri)
    return f"{parts.scheme}:" + (f"//{parts.netloc}" if parts.netloc else "") + urllib.parse.unquote(parts.path)


def _prepare_output(spark: "SparkSession", output: str, overwrite: bool) -> None:
    hpath, fs = _hadoop_path(spark, output)
    if fs.exists(hpath):
        if not overwrite:
            raise LawgraphError(f"{output}: already exists; remove it or pass --overwrite")
        fs.delete(hpath, True)


def _read_table(spark: "SparkSession", options: JobOptions):
    from pyspark.sql import functions as F

    reader = spark.read.parquet if options.table == "parquet" else spark.read.json
    try:
        df = reader(options.input)
    except Exception as err:  # AnalysisException for a missing path, among others
        raise LawgraphError(f"{options.input}: cannot read as a {options.table} table: {err}") from err
    missing = [c for c in (options.id_column, options.text_column) if c not in df.columns]
    if missing:
        raise LawgraphError(f"{options.input}: no column {', '.join(map(repr, missing))} (columns: {', '.join(df.columns) or 'none'})")
    return df.select(F.col(options.id_column).cast("string"), F.col(options.text_column))


def _write_jsonl(spark: "SparkSession", rows: "RDD", output: str) -> None:
    # One shuffle into one partition, then an external (spilling) sort there: extraction stays
    # parallel, and the single part file is in order. (sortByKey(numPartitions=1) alone would
    # coalesce the unshuffled input into one task and extract serially.)
    keyed = rows.map(lambda r: ((r[0], r[2].to_json()), None)).partitionBy(1, lambda _key: 0)
    keyed.sortByKey(numPartitions=1).map(lambda kv: kv[0][1]).saveAsTextFile(output)
    # part-00000 → records.jsonl, so that `lawgraph build` knows it for a records file
    # (on a local disk the checksum file is renamed with it).
    folder, fs = _hadoop_path(spark, output)
    part, _fs = _hadoop_path(spark, (folder, "part-00000"))
    records, _fs = _hadoop_path(spark, (folder, RECORDS_NAME))
    if not fs.rename(part, records):
        raise LawgraphError(f"{output}: cannot rename part-00000 to {RECORDS_NAME}")


def _write_parquet(spark: "SparkSession", rows: "RDD", output: str) -> None:
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType(
        [
            StructField("source", StringType(), False),
            StructField("id", StringType(), True),
            StructField("record", StringType(), False),
        ]
    )
    df = spark.createDataFrame(rows.map(lambda r: (r[0], r[1], r[2].to_json())), schema)
    df.orderBy("source", "record").write.parquet(output)


def _summary(parts: list[RunSummary]) -> RunSummary:
    summary = RunSummary()
    for part in parts:
        summary.merge(part)
    # Partitions finish in any order; the summary lists files by name.
    summary.skipped.sort(key=lambda e: (e.source, e.reason, e.stage))
    summary.failed.sort(key=lambda e: (e.source, e.reason, e.stage))
    return summary


# ---------------------------------------------------------------------------------------------
# spark-submit


def under_spark_submit() -> bool:
    """Whether spark-submit started this process (pyspark itself tells by this variable)."""
    return bool(os.environ.get("PYSPARK_GATEWAY_PORT"))


def session(master: str | None = None) -> "SparkSession":
    """spark-submit's session when spark-submit runs this process and no ``master`` is given
    (:func:`under_spark_submit`), its ``--py-files`` wheels shipped
    (:func:`ship_wheels`); else :func:`local_session` for ``master`` (default ``local[*]``)."""
    if master is None and under_spark_submit():
        _pyspark()
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.appName("lawgraph-extract").getOrCreate()
        ship_wheels(spark)
        return spark
    return local_session(master or "local[*]")


def ship_wheels(spark: "SparkSession") -> None:
    """Make ``--py-files x.whl`` importable on the executors.

    PySpark puts only .zip/.egg/.jar py-files on the executors' ``sys.path`` (spark-submit puts
    the wheel on the driver's ``PYTHONPATH`` only). A wheel is a zip, so ship a copy named .zip.
    """
    from pyspark import SparkFiles

    sc = spark.sparkContext
    for path in filter(None, sc.getConf().get("spark.submit.pyFiles", "").split(",")):
        name = os.path.basename(path)
        if not name.lower().endswith(".whl"):
            continue
        # Where spark-submit put it: SparkFiles (client mode), the container's folder (YARN
        # cluster mode), or the path as given.
        candidates = [os.path.join(SparkFiles.getRootDirectory(), name), name, re.sub(r"^file:(//)?", "", path)]
        local = next((c for c in candidates if os.path.isfile(c)), None)
        if local is None:
            log.warning("cannot find %s on the driver; install lawgraph on the executors instead", path)
            continue
        copy = os.path.join(tempfile.mkdtemp(prefix="lawgraph-wheel-"), name[: -len(".whl")] + ".zip")
        shutil.copyfile(local, copy)
        sc.addPyFile(copy)
