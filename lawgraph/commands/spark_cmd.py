"""`lawgraph spark-extract INPUT OUTPUT`: the extraction on Spark (local mode or a cluster)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from lawgraph.cli import app
from lawgraph.commands._common import check_catalogs, exits_on_error, say


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"


class TableFormat(str, Enum):
    parquet = "parquet"
    json = "json"


@app.command("spark-extract")
@exits_on_error
def spark_extract_command(
    input: str = typer.Argument(
        ...,
        metavar="INPUT",
        help="Reports: a file, folder (recursive) or glob — local, hdfs://, s3a://. "
        "With --table: a Parquet/JSON dataset with columns id and text.",
    ),
    output: str = typer.Argument(..., metavar="OUTPUT", help="Output folder; with --format jsonl the records are OUTPUT/records.jsonl."),
    format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", help="JSON Lines, or Parquet (source, id, record)."),
    master: str = typer.Option("local[*]", "--master", help="Spark master: local[N], spark://…, yarn, k8s://…"),
    partitions: Optional[int] = typer.Option(
        None, "--partitions", min=1, help="Extraction partitions (default: Spark's split, ≤ 32 small files each; the table's own)."
    ),
    catalog: List[Path] = typer.Option([], "--catalog", help="Extra catalog file (JSON Lines), repeatable."),
    table: Optional[TableFormat] = typer.Option(None, "--table", help="INPUT is a table of (id, text) in this format."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace OUTPUT if it exists."),
) -> None:
    """Extract records with Spark: the same lines as `lawgraph extract`, sorted by source.

    Exit status 1 if any input file failed, or with `error: …` before any work for a missing
    input, an existing output or a bad catalog file.
    """
    from lawgraph.spark_job import RECORDS_NAME, JobOptions, local_session, run

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
    spark = local_session(master)
    try:
        summary = run(spark, options)
    finally:
        spark.stop()
    summary.print()
    if options.format == "jsonl" and "://" not in output:
        say(f"records: {output.rstrip('/')}/{RECORDS_NAME}", err=True)
    raise typer.Exit(summary.exit_code)
