"""`lawgraph extract PATH... -o records.jsonl`"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from lawgraph.cli import app
from lawgraph.commands._common import exits_on_error
from lawgraph.commands.summary import RunSummary


@app.command("extract")
@exits_on_error
def extract_command(
    paths: List[str] = typer.Argument(..., help="Report files, folders (recursive) or glob patterns."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Records file (JSON Lines); default stdout."),
    catalog: List[Path] = typer.Option([], "--catalog", help="Extra catalog file (JSON Lines), repeatable."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default 0 = all cores)."),
    spacy_model: Optional[str] = typer.Option(
        None, "--spacy-model", help="A spaCy pipeline (name or path) whose ORG entities become agency candidates."
    ),
    manifest: Optional[Path] = typer.Option(
        None, "--manifest", help="CSV or JSON Lines: path, url, issuer, region, year, published per report."
    ),
) -> None:
    """Extract citations, agencies and report metadata into a records file."""
    from extract import iter_records
    from extract.manifest import read_manifest

    known = read_manifest(manifest) if manifest else None
    summary = RunSummary()
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        items = iter_records(
            paths, catalog_files=[str(c) for c in catalog], jobs=jobs, spacy_model=spacy_model, lines=True,
            manifest=known,
        )
        for item in _progress(items, "extracting"):
            summary.add(item)
            out.write(item.to_json() + "\n")
    finally:
        if output:
            out.close()
    summary.print()
    raise typer.Exit(summary.exit_code)


def _progress(items, label: str):
    """A spinner with a count on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description} {task.completed} files"), transient=True) as bar:
        task = bar.add_task(label)
        for item in items:
            yield item
            bar.advance(task)
