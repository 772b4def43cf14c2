"""The run summary on the terminal (the counts are :class:`extract.summary.RunSummary`)."""

from __future__ import annotations

import sys
from typing import TextIO

from lawgraph.extract.summary import RunSummary
from lawgraph.graph.neutral import shown_name, terminal


def print_summary(summary: RunSummary, out: TextIO | None = None) -> None:
    out = out or sys.stderr  # looked up at call time, so redirections are honoured
    print(
        f"files: {summary.files}  extracted: {summary.extracted}  skipped: {len(summary.skipped)}  "
        f"failed: {len(summary.failed)}  citations: {summary.citations}  warnings: {summary.warnings}",
        file=out,
    )
    for line in problem_lines(summary):
        print(line, file=out)


def problem_lines(summary: RunSummary) -> list[str]:
    """One line per file not extracted, its name and reason shown escaped."""
    return [f"  skipped {shown_name(e.source)}: {terminal(e.reason, one_line=True)}" for e in summary.skipped] + [
        f"  FAILED  {shown_name(e.source)}: {terminal(e.reason, one_line=True)}" for e in summary.failed
    ]
