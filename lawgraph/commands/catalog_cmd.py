"""`lawgraph catalog import SOURCE… -o FILE` and `lawgraph catalog check FILE…` (docs/catalog.md)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from lawgraph.commands._common import exits_on_error, fail, say

catalog_app = typer.Typer(help="Grow the law catalog: import sources, check catalog files.", no_args_is_help=True)

#: Conflicts printed on the terminal; all of them go to the CSV beside the output.
SHOWN_CONFLICTS = 10


@catalog_app.command("import")
@exits_on_error
def import_command(
    sources: List[Path] = typer.Argument(..., help="Facts JSON Lines, LawRefBook-style folders, or catalog files."),
    out: Path = typer.Option(..., "--out", "-o", help="Catalog file to write (JSON Lines)."),
    conflicts: Optional[Path] = typer.Option(None, "--conflicts", help="CSV of the disagreements with the shipped catalog (default: OUT with .conflicts.csv)."),
) -> None:
    """Convert catalog sources into one catalog file that --catalog (or the user catalog folder) reads.

    Documents the shipped catalog has keep its id and its values; each disagreement is listed.
    """
    from lawgraph.extract.catalog import load_catalog
    from lawgraph.extract.catalog_import import entry_line, import_catalog
    from lawgraph.graph.outputs import named_writes

    result = import_catalog(sources, load_catalog())
    with named_writes(out) as fh:
        for e in result.entries:
            fh.write(entry_line(e) + "\n")
    conflicts_path = conflicts or out.with_name(out.stem + ".conflicts.csv")
    if result.conflicts:
        _write_conflicts(result.conflicts, conflicts_path)
    say(f"catalog: {out} ({len(result.entries)} entries)")
    if result.conflicts:
        say(f"{len(result.conflicts)} disagreements with the shipped catalog (the shipped value is kept): {conflicts_path}", err=True)
        for c in result.conflicts[:SHOWN_CONFLICTS]:
            say(f"  {c.id}: {c.field}: shipped {c.shipped!r}, imported {c.imported!r}", err=True)
    for note in result.notes[:SHOWN_CONFLICTS]:
        say(f"  note: {note}", err=True)
    if len(result.notes) > SHOWN_CONFLICTS:
        say(f"  … and {len(result.notes) - SHOWN_CONFLICTS} more notes", err=True)


def _write_conflicts(conflicts, path: Path) -> None:
    import csv

    from lawgraph.graph.neutral import csv_cell
    from lawgraph.graph.outputs import named_writes

    with named_writes(path) as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "field", "shipped", "imported", "source"])
        for c in conflicts:
            w.writerow([csv_cell(v) for v in (c.id, c.title, c.field, c.shipped, c.imported, c.source)])


@catalog_app.command("check")
@exits_on_error
def check_command(
    files: List[Path] = typer.Argument(..., help="Catalog files (JSON Lines)."),
) -> None:
    """Check catalog files: every problem, one line each, with its file, line and field. Exit 1 on any."""
    from lawgraph.extract.catalog_check import catalog_errors

    bad = 0
    for i, f in enumerate(files):
        others = tuple(str(x) for j, x in enumerate(files) if j != i)
        entries, errors = catalog_errors(f, successors=True, others=others)
        for err in errors:
            say(str(err), err=True)
        bad += len(errors)
        if not errors:
            say(f"{f}: {entries} entries, no problems")
    if bad:
        raise fail(f"{bad} problem{'s' if bad != 1 else ''} in {len(files)} catalog file{'s' if len(files) != 1 else ''}")
