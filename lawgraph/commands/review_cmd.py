"""`lawgraph review [GRAPH] [-o DIR]`: the review queue of a built graph (docs/catalog.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from lawgraph.commands._common import DEFAULT_OUT, GRAPH_FILE, RECORDS_FILE, exits_on_error, fail, say

#: Items shown on the terminal; all of them are in the CSV.
SHOWN = 20


@exits_on_error
def review_command(
    graph: Optional[Path] = typer.Argument(None, help=f"Graph file (default {DEFAULT_OUT / GRAPH_FILE})."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Folder for review.csv and catalog.jsonl (default: review/ beside the graph)."),
    records: Optional[Path] = typer.Option(None, "--records", help=f"Records file for fuzzy matches (default: {RECORDS_FILE} beside the graph, if there)."),
) -> None:
    """List what the catalog did not settle — unlinked titles, unresolved aliases, agencies
    without a region, fuzzy matches — ranked by reports touched; write it as a CSV and a
    catalog template that the next `lawgraph build` reads once filled in."""
    from lawgraph.extract.records import FileError, read_records
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.neutral import shown_name
    from lawgraph.graph.review import REVIEW_DIR, review_queue, write_review

    graph_path = graph or DEFAULT_OUT / GRAPH_FILE
    if not graph_path.exists():
        raise fail(f"{graph_path}: no such graph file; run `lawgraph build PATH...` first")
    store = MemoryStore.load(graph_path)
    recs_path = records or graph_path.parent / RECORDS_FILE
    recs = []
    if recs_path.exists():
        recs = [r for r in read_records(str(recs_path)) if not isinstance(r, FileError)]
    elif records is not None:
        raise fail(f"{records}: no such records file")
    items = review_queue(store, recs)
    table, template = write_review(items, output or graph_path.parent / REVIEW_DIR)
    kinds = {k: sum(1 for i in items if i.kind == k) for k in ("title", "alias", "agency", "fuzzy")}
    say(
        f"review: {kinds['title']} unlinked titles, {kinds['alias']} unresolved aliases, "
        f"{kinds['agency']} agencies without region, {kinds['fuzzy']} fuzzy matches"
    )
    for i in items[:SHOWN]:
        extra = f" → {i.linked_to}" if i.linked_to else ""
        say(f"  {i.reports:>4}  {i.kind:<6} {i.name}{extra}")
    say(f"table: {shown_name(table)}")
    say(f"catalog template: {shown_name(template)} (uncomment the lines you complete; the next build reads it)")
