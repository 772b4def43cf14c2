"""`lawgraph score RECORDS GOLD`: how well records match hand-made gold labels."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from lawgraph.cli import app
from lawgraph.commands._common import exits_on_error


@app.command("score")
@exits_on_error
def score_command(
    records: Path = typer.Argument(..., help="Records file (JSON Lines) from `lawgraph extract`."),
    gold: Path = typer.Argument(..., help="Gold labels in the format of seeds_gold.json."),
    details: bool = typer.Option(True, help="List every miss, false hit and wrong category."),
) -> None:
    """Precision, recall and category accuracy of records against gold labels."""
    from extract.records import read_records
    from extract.score import score

    result = score(list(read_records(str(records))), gold)
    typer.echo(json.dumps(result.summary(), ensure_ascii=False, indent=2))
    if details:
        for line in result.problems():
            typer.echo(line)
