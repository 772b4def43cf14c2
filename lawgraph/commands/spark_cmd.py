"""`lawgraph spark-extract INPUT OUTPUT`: the extraction on Spark (local mode or a cluster).

The one command line for the job (:mod:`extract.spark`): run it as is, or under
spark-submit (``spark-submit … lawgraph/__main__.py spark-extract INPUT OUTPUT``).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from lawgraph.commands._common import check_catalogs, exits_on_error, say


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"


class TableFormat(str, Enum):
    parquet = "parquet"
    json = "json"


@exits_on_error
def spark_extract_command(
    input: str = typer.Argument(
        ...,
        metavar="INPUT",
        help="Reports: a file, folder (recursive) or glob — local, hdfs://, s3a://. With --table: a Parquet/JSON dataset with columns id and text.",
    ),
    output: str = typer.Argument(..., metavar="OUTPUT", help="Output folder; with --format jsonl the records are OUTPUT/records.jsonl."),
    format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", help="JSON Lines, or Parquet (source, id, record)."),
    master: Optional[str] = typer.Option(None, "--master", help="Spark master: local[N], spark://…, yarn, k8s://… (default: spark-submit's, else local[*])."),
    partitions: Optional[int] = typer.Option(
        None, "--partitions", min=1, help="Extraction partitions (default: Spark's split, ≤ 32 small files each; the table's own)."
    ),
    catalog: List[Path] = typer.Option([], "--catalog", help="Extra catalog file (JSON Lines), repeatable."),
    table: Optional[TableFormat] = typer.Option(None, "--table", help="INPUT is a table of (id, text) in this format."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace OUTPUT if it exists."),
    strict: Optional[bool] = typer.Option(
        None,
        "--strict/--no-strict",
        help="Exit 1 when a file failed. Default: yes, but not under spark-submit, where a failing "
        "status makes YARN retry the whole application (the failures are in the output).",
    ),
) -> None:
    """Extract records with Spark: the same lines as `lawgraph extract`, sorted by source.

    Exit status 1 if any input file failed (see --strict), or with `error: …` before any work
    for a missing input, an existing output or a bad catalog file.
    """
    from lawgraph.commands.summary import print_summary
    from lawgraph.extract.spark import RECORDS_NAME, JobOptions, run, session, under_spark_submit

    options = JobOptions(
        input=input,
        output=output,
        format=format.value,
        table=table.value if table else None,
        partitions=partitions,
        catalog_files=tuple(check_catalogs(catalog)),
        overwrite=overwrite,
    )
    options.check()
    spark = session(master)
    try:
        summary = run(spark, options)
    finally:
        spark.stop()
    print_summary(summary)
    if options.format == "jsonl" and "://" not in output:
        say(f"records: {output.rstrip('/')}/{RECORDS_NAME}", err=True)
    if strict is None:
        strict = not under_spark_submit()
    raise typer.Exit(summary.exit_code if strict else 0)
