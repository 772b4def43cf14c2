"""`lawgraph score RECORDS GOLD`: how well records match hand-made gold labels."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from lawgraph.commands._common import exits_on_error


@exits_on_error
def score_command(
    records: Path = typer.Argument(..., help="Records file (JSON Lines) from `lawgraph extract`."),
    gold: Path = typer.Argument(..., help="Gold labels: seeds_gold.json (reports[] by file) or a gold.jsonl (one report a line, by id)."),
    details: bool = typer.Option(False, "--details/--no-details", help="List every miss, false hit and error."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    lenient: bool = typer.Option(False, "--lenient", help="Fold Traditional to Simplified before comparing."),
) -> None:
    """Precision, recall, F1, category, issuer and year accuracy of records against gold
    labels — the figures of the team's reference scorer, under its names."""
    from lawgraph.extract.records import read_records
    from lawgraph.extract.score import score

    result = score(list(read_records(str(records))), gold, lenient=lenient)
    figures = result.summary()
    if as_json:
        typer.echo(json.dumps(figures, ensure_ascii=False))
    else:
        for key, value in figures.items():
            typer.echo(f"{key}: {value}")
    if details:
        for line in result.problems():
            typer.echo(line)
    f = figures
    typer.echo(
        f"F1 {f['f1']:.3f} P {f['precision']:.3f} R {f['recall']:.3f} cat {f['category_acc']} "
        f"coarse {f['coarse_acc']} issuer {f['issuer_acc']} year {f['year_acc']}"
    )
