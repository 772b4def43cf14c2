"""`lawgraph build PATH... [--out DIR] [--graph FILE]`: documents or records → the graph.

Incremental: reports already in the graph file are left alone, changed ones (same source,
new text) replace their old version, new ones are added; the graph file is rewritten
atomically. Ctrl-C leaves each output file as it was or complete, says which, and exits
with status 130. Output directory layout: the README's section The graph.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator, List, Optional

import typer

from extract.records import FileError, Record
from lawgraph.cli import app
from lawgraph.commands._common import DEFAULT_OUT, GRAPH_FILE, RECORDS_FILE, exits_on_error, fail, progress_bar
from lawgraph.commands.summary import RunSummary

RECORDS_SUFFIXES = (".jsonl",)


@app.command("build")
@exits_on_error
def build_command(
    paths: List[str] = typer.Argument(
        ..., help="Report files, folders (recursive), glob patterns, or records files (*.jsonl)."
    ),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output directory."),
    graph: Optional[Path] = typer.Option(
        None, "--graph", help=f"Graph file to update (default OUT/{GRAPH_FILE}; a .gz name compresses it)."
    ),
    catalog: List[Path] = typer.Option([], "--catalog", help="Extra catalog file (JSON Lines), repeatable."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Extraction worker processes (default 0 = all cores)."),
    spacy_model: Optional[str] = typer.Option(
        None, "--spacy-model", help="A spaCy pipeline whose ORG entities become agency candidates."
    ),
    manifest: Optional[Path] = typer.Option(
        None, "--manifest", help="CSV or JSON Lines: path, url, issuer, region, year, published per report."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Extract reports (or read records) and add them to the graph; print a summary.

    Writes OUT/records.jsonl (the records of this run) and OUT/graph.json (the whole graph).
    Exit status 1 if any input file failed.
    """
    from graph.memory import MemoryStore

    graph_path = graph or out / GRAPH_FILE
    catalog_files = [str(c) for c in catalog]
    store = MemoryStore.open(graph_path, catalog_files=catalog_files)
    run = RunSummary()
    records_path = out / RECORDS_FILE

    records_inputs = [p for p in paths if _is_records_file(p)]
    documents = [p for p in paths if not _is_records_file(p)]
    from extract.manifest import read_manifest

    known = read_manifest(manifest) if manifest else None
    items = _inputs(records_inputs, documents, catalog_files, jobs, spacy_model, known)

    # Ctrl-C leaves every file either as it was or complete (each is replaced atomically) and
    # says which; the same command then finishes the job.
    done = "nothing"
    try:
        with progress_bar() as bar, _atomic_text(records_path) as records_out:
            task = bar.add_task("building", total=None)

            def stream() -> Iterator[Record | FileError]:
                for item in items:
                    run.add(item)
                    records_out.write(item.to_json() + "\n")
                    bar.advance(task)
                    yield item

            result = store.add_records(stream())
        done = "records"
        store.save(graph_path)
        done = "graph"
        _write_outputs(store, out)
    except KeyboardInterrupt:
        if done == "nothing":
            state = f"nothing was written after {run.files} files ({graph_path} and {records_path} are unchanged)"
        elif done == "records":
            state = f"{graph_path} is unchanged (stopped while saving it)"
        else:
            state = f"{graph_path} was saved with {store.summary().reports} reports; views and exports may be incomplete"
        raise fail(f"interrupted: {state}; run the same command again to resume", 130) from None

    summary = store.summary()
    if as_json:
        print(
            json.dumps(
                {
                    "graph": str(graph_path),
                    "records": str(records_path),
                    "added": result.added,
                    "replaced": result.replaced,
                    "unchanged": result.unchanged,
                    **summary.as_dict(),
                    "files": run.as_dict(),
                },
                ensure_ascii=False,
                sort_keys=True,
            )
        )
    else:
        _print_summary(graph_path, records_path, result, summary, run)
    raise typer.Exit(run.exit_code)


def _is_records_file(path: str) -> bool:
    return path.endswith(RECORDS_SUFFIXES) and os.path.isfile(path)


def _inputs(
    records_files: list[str],
    documents: list[str],
    catalog_files: list[str],
    jobs: int,
    spacy_model: str | None,
    manifest=None,
) -> Iterable[Record | FileError]:
    from extract.records import read_records

    streams: list[Iterable[Record | FileError]] = [read_records(f) for f in records_files]
    if documents:
        from extract import iter_records

        streams.append(
            iter_records(documents, catalog_files=catalog_files, jobs=jobs, spacy_model=spacy_model, manifest=manifest)
        )
    return chain.from_iterable(streams)


class _atomic_text:
    """A text file written to a temporary name and renamed into place on success."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self.fh

    def __exit__(self, exc_type, exc, tb) -> None:
        self.fh.close()
        if exc_type is None:
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)


def _write_outputs(store, out_dir: Path) -> None:
    """Views and exports that `lawgraph build` writes next to the graph.

    THE place for later additions (views: OUT/views/, exports: OUT/exports/): called after
    every build with the updated store. Layout: the README's section Views and exports. One line on stderr says
    where they are (stdout stays the summary, JSON with --json).
    """
    from graph.exports import write_exports
    from graph.views import MissingDependencyError, write_views

    try:
        views = write_views(store, out_dir / "views")
        where = f"views: {out_dir / 'views' / 'index.html'} ({len(views)} files)"
    except MissingDependencyError as err:  # optional extras: the graph is built all the same
        where = f"views skipped: {err}"
    exports = write_exports(store, out_dir / "exports", skip_missing=True)
    print(f"{where}; exports: {out_dir / 'exports'} ({len(exports)} files)", file=sys.stderr)


def _print_summary(graph_path: Path, records_path: Path, result, summary, run: RunSummary, out=None) -> None:
    out = out or sys.stdout
    def p(line: str) -> None:
        print(line, file=out)

    p(f"graph: {graph_path} (added {result.added}, replaced {result.replaced}, unchanged {result.unchanged})")
    p(f"records: {records_path}")
    p(
        f"reports: {summary.reports} (without year: {summary.reports_without_year}, "
        f"without issuer: {summary.reports_without_issuer})"
    )
    p(f"agencies: {summary.agencies}")
    cats = ", ".join(f"{c} {n}" for c, n in summary.laws_by_category.items())
    p(f"laws: {summary.laws}" + (f" ({cats})" if cats else ""))
    p(
        f"citation edges: {summary.citation_edges} ({summary.citations} citations), "
        f"agency-law-year edges: {summary.projection_edges}, mention edges: {summary.mention_edges}"
    )
    years = ", ".join(f"{y}: {n}" for y, n in summary.years.items())
    p(f"years: {years or '-'}")
    p(f"files: {run.extracted} extracted, {len(run.skipped)} skipped, {len(run.failed)} failed")
    for e in run.skipped:
        p(f"  skipped {e.source}: {e.reason}")
    for e in run.failed:
        p(f"  FAILED  {e.source}: {e.reason}")
