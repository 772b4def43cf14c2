"""`lawgraph extract PATH... -o records.jsonl`"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

from lawgraph.commands._common import check_catalogs, checked_jobs, exits_on_error, fail, jobs_option


@exits_on_error
def extract_command(
    paths: List[str] = typer.Argument(..., help="Report files, folders (recursive) or glob patterns."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Records file (JSON Lines); default (or -) stdout. Never read as input."),
    catalog: List[Path] = typer.Option([], "--catalog", help="Extra catalog file (JSON Lines), repeatable."),
    jobs: int = jobs_option(),
    spacy_model: Optional[str] = typer.Option(None, "--spacy-model", help="A spaCy pipeline (name or path) whose ORG entities become agency candidates."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="CSV or JSON Lines: path, url, issuer, region, year, published per report."),
) -> None:
    """Extract citations, agencies and report metadata into a records file.

    The file is written as the run goes. If writing fails (a full disk), it is cut back to
    its last complete line, so that every line in it is a whole record, and the error names it.
    """
    from lawgraph.commands.summary import print_summary
    from lawgraph.extract import iter_records
    from lawgraph.extract.manifest import read_manifest
    from lawgraph.extract.summary import RunSummary
    from lawgraph.graph.outputs import check_output_file, os_error

    n_jobs = checked_jobs(jobs)
    catalog_files = check_catalogs(catalog)
    target = output or Path("-")
    to_file = str(target) != "-"
    if to_file:
        check_output_file(target)
    known = read_manifest(manifest) if manifest else None
    summary = RunSummary()
    # Bytes: record lines come as UTF-8 (from the workers), written as they are.
    if not to_file:
        sys.stdout.flush()
    out: Any = target.open("wb") if to_file else getattr(sys.stdout, "buffer", None) or _TextSink(sys.stdout)
    try:
        items = iter_records(
            paths,
            catalog_files=catalog_files,
            jobs=n_jobs,
            spacy_model=spacy_model,
            lines=True,
            manifest=known,
            exclude=[str(target)] if to_file else [],
        )
        for item in _progress(items, "extracting"):
            summary.add(item)
            out.write(item.to_json_bytes() + b"\n")
        out.flush()
    except OSError as err:
        if not to_file or err.filename is not None:
            raise
        _cut_to_last_line(out, target)
        raise fail(
            f"{target}: {err.strerror or err}; it holds the records written before, each line complete (the run stopped after {summary.files} files)"
        ) from None
    finally:
        if to_file and not out.closed:
            try:
                out.close()
            except OSError as err:
                if sys.exc_info()[0] is None:
                    raise os_error(err, target) from err
    print_summary(summary)
    raise typer.Exit(summary.exit_code)


class _TextSink:
    """Bytes written to a text stream that has no binary buffer (one replaced by a caller)."""

    def __init__(self, text) -> None:
        self.text = text

    def write(self, data: bytes) -> None:
        self.text.write(data.decode("utf-8"))

    def flush(self) -> None:
        self.text.flush()


def _cut_to_last_line(fh, path: Path) -> None:
    """After a failed write: close the file (what its buffer held is lost) and truncate it
    after its last line break, so that no half line is left for a reader to refuse."""
    try:
        fh.close()
    except OSError:
        pass  # the same full disk; the file is closed all the same
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return
    try:
        pos = os.fstat(fd).st_size
        keep = 0
        while pos > 0:
            start = max(0, pos - 65536)
            i = os.pread(fd, pos - start, start).rfind(b"\n")
            if i >= 0:
                keep = start + i + 1
                break
            pos = start
        os.ftruncate(fd, keep)
    except OSError:
        pass
    finally:
        os.close(fd)


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
