"""The run summary: every input file is accounted for as extracted, skipped or failed."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from lawgraph.extract.records import FileError, Record, RecordLine
from lawgraph.graph.neutral import shown_name, terminal


@dataclass
class RunSummary:
    extracted: int = 0
    citations: int = 0
    agencies: int = 0
    warnings: int = 0
    skipped: list[FileError] = field(default_factory=list)
    failed: list[FileError] = field(default_factory=list)
    years: Counter = field(default_factory=Counter)

    def add(self, item: Record | RecordLine | FileError) -> None:
        if isinstance(item, FileError):
            (self.skipped if item.stage == "skip" else self.failed).append(item)
            return
        self.extracted += 1
        if isinstance(item, RecordLine):
            self.citations += item.citations
            self.agencies += item.agencies
            self.warnings += item.warnings
            self.years[item.year] += 1
            return
        self.citations += len(item.citations)
        self.agencies += len({a.name for a in item.agencies})
        self.warnings += len(item.warnings)
        self.years[item.report.year] += 1

    @property
    def files(self) -> int:
        return self.extracted + len(self.skipped) + len(self.failed)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "extracted": self.extracted,
            "skipped": [{"source": e.source, "reason": e.reason} for e in self.skipped],
            "failed": [{"source": e.source, "reason": e.reason, "stage": e.stage} for e in self.failed],
            "citations": self.citations,
            "warnings": self.warnings,
            "years": {str(k): v for k, v in sorted(self.years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))},
        }

    def print(self, out: TextIO | None = None) -> None:
        out = out or sys.stderr  # looked up at call time, so redirections are honoured
        print(
            f"files: {self.files}  extracted: {self.extracted}  skipped: {len(self.skipped)}  "
            f"failed: {len(self.failed)}  citations: {self.citations}  warnings: {self.warnings}",
            file=out,
        )
        for line in self.problem_lines():
            print(line, file=out)

    def problem_lines(self) -> list[str]:
        """One line per file not extracted, its name and reason shown escaped."""
        return [f"  skipped {shown_name(e.source)}: {terminal(e.reason, one_line=True)}" for e in self.skipped] + [
            f"  FAILED  {shown_name(e.source)}: {terminal(e.reason, one_line=True)}" for e in self.failed
        ]
