"""`lawgraph build PATH... [--out DIR] [--graph FILE]`: documents or records → the graph.

Incremental: reports already in the graph file are left alone, changed ones (same source,
new text) replace their old version, new ones are added. Output directory layout:
docs/graph.md, "Output directory".

One build owns an output folder at a time (graph.outputs.locked), never reads its own
outputs as input, and replaces its outputs as a set: records.jsonl, the graph file, views/
and exports/ are written into a staging folder first and moved into place together at the
end. A failure (a full disk) or Ctrl-C before that leaves every previous output as it was
and says so; the same command then finishes the job.
"""

from __future__ import annotations

import glob
import os
import sys
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator, List, Optional

import typer

from lawgraph.extract.records import FileError, Record
from lawgraph.cli import app
from lawgraph.commands._common import (
    DEFAULT_OUT,
    GRAPH_FILE,
    RECORDS_FILE,
    check_catalogs,
    check_interrupted,
    checked_jobs,
    exits_on_error,
    fail,
    jobs_option,
    progress_bar,
    say,
    say_json,
)
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
    jobs: int = jobs_option(),
    spacy_model: Optional[str] = typer.Option(
        None, "--spacy-model", help="A spaCy pipeline whose ORG entities become agency candidates."
    ),
    manifest: Optional[Path] = typer.Option(
        None, "--manifest", help="CSV or JSON Lines: path, url, issuer, region, year, published per report."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    exports: bool = typer.Option(
        False, "--exports", help="Also write every export into OUT/exports/ (else `lawgraph export FORMAT` writes one)."
    ),
) -> None:
    """Extract reports (or read records) and add them to the graph; print a summary.

    Writes OUT/records.jsonl (the records of this run), OUT/graph.json (the whole graph) and
    OUT/views/; with --exports, OUT/exports/ too. Exit status 1 if any input file failed.
    """
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.outputs import Staging, locked, named_writes

    n_jobs = checked_jobs(jobs)
    catalog_files = check_catalogs(catalog)
    graph_path = graph or out / GRAPH_FILE
    records_path = out / RECORDS_FILE
    records_inputs, documents = split_records_inputs(paths)

    from lawgraph.extract.manifest import read_manifest

    known = read_manifest(manifest) if manifest else None
    with locked(out), _graph_lock(graph_path, out):
        store = MemoryStore.open(graph_path, catalog_files=catalog_files)
        run = RunSummary()
        items = _inputs(
            records_inputs, documents, catalog_files, n_jobs, spacy_model, known, exclude=[str(out), str(graph_path)]
        )
        with Staging(out) as staging:
            done = "nothing"
            try:
                with progress_bar() as bar, named_writes(staging.path(RECORDS_FILE)) as records_out:
                    task = bar.add_task("building", total=None)

                    def stream() -> Iterator[Record | FileError]:
                        for item in items:
                            run.add(item)
                            records_out.write(item.to_json() + "\n")
                            bar.advance(task)
                            yield item

                    result = store.add_records(stream())
                done = "extracted"
                graph_tmp = _stage_graph(store, graph_path)
                try:
                    _write_outputs(store, staging.dir, exports=exports)
                    stale_exports = not exports and (out / "exports").is_dir()
                    if stale_exports:
                        # An earlier build's exports describe an older graph: they go with this
                        # commit (replaced by an empty folder, removed after it).
                        staging.path("exports").mkdir()
                    check_interrupted()  # a Ctrl-C some finaliser swallowed still stops the commit
                    staging.commit(
                        {name: out / name for name in (RECORDS_FILE, "views", "exports") if staging.path(name).exists()},
                        {graph_tmp: graph_path},
                    )
                    if stale_exports:
                        (out / "exports").rmdir()
                finally:
                    if graph_tmp.exists():
                        graph_tmp.unlink()
                done = "committed"
                check_interrupted()
            except KeyboardInterrupt:
                raise fail(f"interrupted: {_state(done, run, graph_path, records_path, out)}; run the same command again to resume", 130) from None
            except OSError as err:
                where = staging.shown(err.filename) if err.filename else None
                state = f"{graph_path} and the other outputs are unchanged" if done != "committed" else "the outputs were written"
                raise fail(f"{where + ': ' if where else ''}{err.strerror or err}; {state}") from err

    summary = store.summary()
    if as_json:
        say_json(
            {
                "graph": str(graph_path),
                "records": str(records_path),
                "added": result.added,
                "replaced": result.replaced,
                "unchanged": result.unchanged,
                "same_text": [list(sources) for sources in result.same_text],
                **summary.as_dict(),
                "files": run.as_dict(),
            }
        )
    else:
        _print_summary(graph_path, records_path, result, summary, run)
    raise typer.Exit(run.exit_code)


def _graph_lock(graph_path: Path, out: Path):
    """The graph file's own lock when it is kept outside the output folder."""
    import contextlib

    from lawgraph.graph.outputs import locked

    if os.path.abspath(graph_path.parent) == os.path.abspath(out):
        return contextlib.nullcontext()
    return locked(graph_path.parent, f".{graph_path.name}.lock")


def _stage_graph(store, graph_path: Path) -> Path:
    from lawgraph.graph.persist import stage_graph

    return stage_graph(store.graph, graph_path)


def _state(done: str, run: RunSummary, graph_path: Path, records_path: Path, out: Path) -> str:
    if done == "nothing":
        return f"nothing was written after {run.files} files ({graph_path} and {records_path} are unchanged)"
    if done == "extracted":
        return f"nothing was written ({graph_path}, {records_path}, the views and the exports are unchanged)"
    return f"every output in {out} was written; only the summary was not printed"


def split_records_inputs(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """(records files, other inputs): a path ending in ``.jsonl`` that exists and is not a
    folder, or a glob pattern's matches that do (``'recs/*.jsonl'`` quoted, so the shell did
    not expand it), are records files; a pattern's other matches stay inputs."""
    records: list[str] = []
    documents: list[str] = []
    for p in paths:
        if os.path.lexists(p):
            (records if p.endswith(RECORDS_SUFFIXES) and not os.path.isdir(p) else documents).append(p)
        elif glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=True))
            recs = [m for m in matches if m.endswith(RECORDS_SUFFIXES) and not os.path.isdir(m)]
            if not recs:
                documents.append(p)  # discovery expands it (or says that nothing matches)
                continue
            records += recs
            documents += [m for m in matches if m not in recs]
        else:
            documents.append(p)
    return records, documents


def _inputs(
    records_files: list[str],
    documents: list[str],
    catalog_files: list[str],
    jobs: int,
    spacy_model: str | None,
    manifest=None,
    exclude: Iterable[str] = (),
) -> Iterable[Record | FileError]:
    from lawgraph.extract.records import read_records

    streams: list[Iterable[Record | FileError]] = [read_records(f) for f in records_files]
    if documents:
        from lawgraph.extract import iter_records

        streams.append(
            iter_records(
                documents, catalog_files=catalog_files, jobs=jobs, spacy_model=spacy_model, manifest=manifest, exclude=exclude
            )
        )
    return chain.from_iterable(streams)


def _write_outputs(store, out_dir: Path, *, exports: bool = False) -> None:
    """Views (and, asked for with ``--exports``, exports) that `lawgraph build` writes next to the graph.

    THE place for later additions (views: OUT/views/, exports: OUT/exports/): called after
    every build with the updated store, with ``out_dir`` the staging folder whose contents
    replace the old outputs. Layout: docs/views-and-exports.md. One line on
    stderr says what was written.
    """
    from lawgraph.graph.exports import write_exports
    from lawgraph.graph.views import MissingDependencyError, write_views

    try:
        views = write_views(store, out_dir / "views")
        where = f"views: {len(views)} files"
    except MissingDependencyError as err:  # optional extras: the graph is built all the same
        where = f"views skipped: {err}"
    if not exports:
        # Every export repeats the graph (edges.csv, GraphML, node-link JSON and the neo4j-admin
        # files each hold every citation's sentence): written on request only.
        say(f"{where}; exports: none (--exports, or lawgraph export FORMAT)", err=True)
        return
    written = write_exports(store, out_dir / "exports", skip_missing=True)
    say(f"{where}; exports: {len(written)} files", err=True)


def _print_summary(graph_path: Path, records_path: Path, result, summary, run: RunSummary) -> None:
    from lawgraph.graph.neutral import shown_name

    say(f"graph: {shown_name(graph_path)} (added {result.added}, replaced {result.replaced}, unchanged {result.unchanged})")
    say(f"records: {shown_name(records_path)}")
    say(
        f"reports: {summary.reports} (without year: {summary.reports_without_year}, "
        f"without issuer: {summary.reports_without_issuer})"
    )
    say(f"agencies: {summary.agencies}")
    cats = ", ".join(f"{c} {n}" for c, n in summary.laws_by_category.items())
    say(f"laws: {summary.laws}" + (f" ({cats})" if cats else ""))
    say(
        f"citation edges: {summary.citation_edges} ({summary.citations} citations), "
        f"agency-law-year edges: {summary.projection_edges}, mention edges: {summary.mention_edges}"
    )
    years = ", ".join(f"{y}: {n}" for y, n in summary.years.items())
    say(f"years: {years or '-'}")
    say(f"files: {run.extracted} extracted, {len(run.skipped)} skipped, {len(run.failed)} failed")
    for sources in result.same_text:
        say(f"  same text, one report: {', '.join(shown_name(s) for s in sources)}")
    for line in run.problem_lines():
        say(line)
