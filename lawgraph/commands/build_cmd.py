"""`lawgraph build PATH... [--out DIR] [--graph FILE]`: documents or records → the graph.

Incremental: reports already in the graph file are left alone, changed ones (same source,
new text) replace their old version, new ones are added, and reports whose file under one
of the given folders (or the given file itself) is gone are dropped. ``--fresh`` starts from
an empty graph. OUT/records.jsonl holds the records of every report in the graph: this
run's, then the earlier ones still in it. An input with no reports changes nothing, warns
and exits 1. Output directory layout: docs/graph.md, "Output directory".

One build owns an output folder at a time (graph.outputs.locked), never reads its own
outputs as input, and replaces its outputs as a set: records.jsonl, the graph file, views/
and exports/ are written into a staging folder first and moved into place together at the
end. A failure (a full disk) or Ctrl-C before that leaves every previous output as it was
and says so; the same command then finishes the job.
"""

from __future__ import annotations

import glob
import os
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, List, Optional, Sequence

import typer

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

if TYPE_CHECKING:  # `lawgraph --help` imports this module: the rest only when building
    from lawgraph.extract.records import FileError, Record
    from lawgraph.extract.summary import RunSummary

RECORDS_SUFFIXES = (".jsonl",)


@exits_on_error
def build_command(
    paths: List[str] = typer.Argument(..., help="Report files, folders (recursive), glob patterns, or records files (*.jsonl)."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output directory."),
    graph: Optional[Path] = typer.Option(None, "--graph", help=f"Graph file to update (default OUT/{GRAPH_FILE}; a .gz name compresses it)."),
    catalog: List[Path] = typer.Option([], "--catalog", help="Extra catalog file (JSON Lines), repeatable."),
    jobs: int = jobs_option(),
    spacy_model: Optional[str] = typer.Option(None, "--spacy-model", help="A spaCy pipeline whose ORG entities become agency candidates."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="CSV or JSON Lines: path, url, issuer, region, year, published per report."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    fresh: bool = typer.Option(False, "--fresh", help="Start from an empty graph: forget every report of earlier builds (the default adds to them)."),
    exports: bool = typer.Option(False, "--exports", help="Also write every export into OUT/exports/ (else `lawgraph export FORMAT` writes one)."),
    views: bool = typer.Option(True, "--views/--no-views", help="Write OUT/views/ (the default; `lawgraph views` writes them later)."),
) -> None:
    """Extract reports (or read records) and add them to the graph; print a summary.

    Writes OUT/graph.json (the whole graph), OUT/records.jsonl (the records of every
    report in it) and OUT/views/ (not with --no-views); with --exports, OUT/exports/ too. A rebuild drops the
    reports whose file is gone from the folders given; --fresh starts over. Exit status 1
    if any input file failed or no report was found.
    """
    from lawgraph.commands.summary import problem_lines
    from lawgraph.extract.records import Record
    from lawgraph.extract.summary import RunSummary
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.neutral import shown_name
    from lawgraph.graph.outputs import Staging, locked, named_writes

    n_jobs = checked_jobs(jobs)
    # a filled-in review template (lawgraph review) is read before the --catalog files
    review_template = out / "review" / "catalog.jsonl"
    catalog_files = check_catalogs(([review_template] if review_template.is_file() else []) + list(catalog))
    graph_path = graph or out / GRAPH_FILE
    records_path = out / RECORDS_FILE
    records_inputs, documents = split_records_inputs(paths)

    from lawgraph.extract.manifest import read_manifest

    known = read_manifest(manifest) if manifest else None
    with locked(out), _graph_lock(graph_path, out):
        store = MemoryStore(catalog_files=catalog_files) if fresh else MemoryStore.open(graph_path, catalog_files=catalog_files)
        run = RunSummary()
        written: set[str] = set()  # report ids in this run's records
        items = _inputs(records_inputs, documents, catalog_files, n_jobs, spacy_model, known, exclude=[str(out), str(graph_path)])
        with Staging(out) as staging:
            done = "nothing"
            try:
                with progress_bar() as bar, named_writes(staging.path(RECORDS_FILE)) as records_out:
                    task = bar.add_task("building", total=None)

                    def stream() -> Iterator[Record | FileError]:
                        for item in items:
                            run.add(item)
                            if isinstance(item, Record):
                                written.add(item.report.id)
                            records_out.write(item.to_json() + "\n")
                            bar.advance(task)
                            yield item

                    result = store.add_records(stream())
                    if not written:
                        if as_json:  # what the summary would say of the files
                            say_json({"graph": str(graph_path), "records": str(records_path), "reports": 0, "files": run.as_dict()})
                        for line in () if as_json else problem_lines(run):  # as in the summary: on stdout
                            say(line)
                        say(
                            f"warning: no reports found in {', '.join(shown_name(p) for p in paths)} "
                            f"({run.files} files read); nothing was changed ({shown_name(graph_path)} is as it was)",
                            err=True,
                        )
                        raise typer.Exit(1)
                    dropped, _ = store.drop_sources(_gone_under(documents))
                    if not fresh:
                        kept = _copy_earlier_records(records_path, store, written, records_out)
                        missing = store.summary().reports - len(written) - kept
                        if missing > 0:
                            say(
                                f"warning: {records_path} held the records of {kept} earlier reports of the graph, not of "
                                f"{missing} more (built before records were kept for every report); "
                                "`lawgraph build --fresh` makes them agree",
                                err=True,
                            )
                done = "extracted"
                graph_tmp = _stage_graph(store, graph_path)
                try:
                    _write_outputs(store, staging.dir, exports=exports, views=views)
                    # An earlier build's views or exports describe an older graph: they go with
                    # this commit (replaced by an empty folder, removed after it).
                    stale = [name for name, wanted in (("views", views), ("exports", exports)) if not wanted and (out / name).is_dir()]
                    for name in stale:
                        staging.path(name).mkdir()
                    check_interrupted()  # a Ctrl-C some finaliser swallowed still stops the commit
                    staging.commit(
                        {name: out / name for name in (RECORDS_FILE, "views", "exports") if staging.path(name).exists()},
                        {graph_tmp: graph_path},
                    )
                    for name in stale:
                        (out / name).rmdir()
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
                "dropped": dropped,
                "same_text": [list(sources) for sources in result.same_text],
                **summary.as_dict(),
                "files": run.as_dict(),
            }
        )
    else:
        _print_summary(graph_path, records_path, result, summary, run, dropped)
    raise typer.Exit(run.exit_code)


def _gone_under(documents: Iterable[str]):
    """``gone(source)``: the source is a given file, or lies in a given folder, and no longer
    exists. Sources elsewhere (another folder, a records file's) are never dropped: a build
    of one folder says nothing of the others. Glob patterns name no folder: nothing under
    them is dropped."""
    roots = [os.path.abspath(p) for p in documents if not glob.has_magic(p) and os.path.isdir(p)]
    files = {os.path.abspath(p) for p in documents if not glob.has_magic(p) and not os.path.isdir(p)}

    def gone(source: str) -> bool:
        path = os.path.abspath(source)
        inside = path in files or any(path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)
        return inside and not os.path.lexists(path)

    return gone


def _copy_earlier_records(records_path: Path, store, written: set[str], out) -> int:
    """Append the previous records file's records of reports still in the graph and not
    in this run; return how many. Lines that are not records (files that failed) stay with
    their run."""
    import json

    if not records_path.is_file():
        return 0
    graph = store.graph
    kept = 0
    with open(records_path, encoding="utf-8") as fh:
        for line in fh:
            try:
                rid = json.loads(line).get("report", {}).get("id")
            except (ValueError, AttributeError):
                continue
            if rid is None or rid in written or rid not in graph:
                continue
            written.add(rid)
            out.write(line if line.endswith("\n") else line + "\n")
            kept += 1
    return kept


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
    exclude: Sequence[str] = (),
) -> Iterable[Record | FileError]:
    from lawgraph.extract.records import read_records

    streams: list[Iterable[Record | FileError]] = [read_records(f) for f in records_files]
    if documents:
        from lawgraph.extract import iter_records

        streams.append(iter_records(documents, catalog_files=catalog_files, jobs=jobs, spacy_model=spacy_model, manifest=manifest, exclude=exclude))
    return chain.from_iterable(streams)


def _write_outputs(store, out_dir: Path, *, exports: bool = False, views: bool = True) -> None:
    """Views (and, asked for with ``--exports``, exports) that `lawgraph build` writes next to the graph.

    THE place for later additions (views: OUT/views/, exports: OUT/exports/): called after
    every build with the updated store, with ``out_dir`` the staging folder whose contents
    replace the old outputs. Layout: docs/views-and-exports.md. One line on
    stderr says what was written.
    """
    from lawgraph.graph.exports import write_exports
    from lawgraph.graph.views import MissingDependencyError, write_views

    if not views:
        where = "views: none (lawgraph views writes them)"
    else:
        try:
            where = f"views: {len(write_views(store, out_dir / 'views'))} files"
        except MissingDependencyError as err:  # optional extras: the graph is built all the same
            where = f"views skipped: {err}"
    if not exports:
        # Every export repeats the graph (edges.csv, GraphML, node-link JSON and the neo4j-admin
        # files each hold every citation's sentence): written on request only.
        say(f"{where}; exports: none (--exports, or lawgraph export FORMAT)", err=True)
        return
    written = write_exports(store, out_dir / "exports", skip_missing=True)
    say(f"{where}; exports: {len(written)} files", err=True)


def _print_summary(graph_path: Path, records_path: Path, result, summary, run: RunSummary, dropped: int = 0) -> None:
    from lawgraph.commands.summary import problem_lines
    from lawgraph.graph.neutral import shown_name

    gone = f", dropped {dropped} whose file is gone" if dropped else ""
    say(f"graph: {shown_name(graph_path)} (added {result.added}, replaced {result.replaced}, unchanged {result.unchanged}{gone})")
    say(f"records: {shown_name(records_path)}")
    say(f"reports: {summary.reports} (without year: {summary.reports_without_year}, without issuer: {summary.reports_without_issuer})")
    say(f"agencies: {summary.agencies}")
    cats = ", ".join(f"{c} {n}" for c, n in summary.laws_by_category.items())
    say(f"laws: {summary.laws}" + (f" ({cats})" if cats else ""))
    say(
        f"citation edges: {summary.citation_edges} ({summary.citations} citations), "
        f"agency-law-year edges: {summary.projection_edges}, mention edges: {summary.mention_edges}"
    )
    if summary.stale_citations:
        say(f"stale citations: {summary.stale_citations} (documents repealed or not yet in force at the report's date: lawgraph query stale-citations)")
    years = ", ".join(f"{y}: {n}" for y, n in summary.years.items())
    say(f"years: {years or '-'}")
    say(f"files: {run.extracted} extracted, {len(run.skipped)} skipped, {len(run.failed)} failed")
    for sources in result.same_text:
        say(f"  same text, one report: {', '.join(shown_name(s) for s in sources)}")
    for line in problem_lines(run):
        say(line)
    if summary.titles_to_review:
        n = summary.titles_to_review
        say(f"{n} title{'s' if n != 1 else ''} need{'' if n != 1 else 's'} review: lawgraph review")
