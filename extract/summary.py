"""The run summary: every input file is accounted for as extracted, skipped or failed.

Counted here, under the extraction (``lawgraph extract``, ``lawgraph build`` and the Spark
job all count the same way; a Spark partition counts its own and the driver merges them);
shown by the command line (:mod:`lawgraph.commands.summary`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lawgraph.extract.records import FileError, Record, RecordLine


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

    def merge(self, other: "RunSummary") -> None:
        """Add another run's counts (a Spark partition's) to this one."""
        self.extracted += other.extracted
        self.citations += other.citations
        self.agencies += other.agencies
        self.warnings += other.warnings
        self.skipped += other.skipped
        self.failed += other.failed
        self.years.update(other.years)

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
