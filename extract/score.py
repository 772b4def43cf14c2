"""Score records against hand-made gold labels (the format of ``seeds_gold.json``).

Each gold report lists each distinct cited document once. A prediction is a distinct
canonical title in the report's records; titles are compared after folding spaces,
bracket, quote and dash variants. Optional gold entries count neither as misses nor as
false hits. Used by the tests and by ``lawgraph score``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from extract.catalog import title_key
from extract.records import GROUPS, Record


@dataclass
class ReportScore:
    file: str
    true_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    wrong_category: list[tuple[str, str, str]] = field(default_factory=list)  # title, gold, predicted
    wrong_group: list[tuple[str, str, str]] = field(default_factory=list)
    issuer: tuple[str | None, str | None] = (None, None)  # gold, predicted
    year: tuple[int | None, int | None] = (None, None)
    published: tuple[str | None, str | None] = (None, None)


@dataclass
class Score:
    reports: list[ReportScore]

    def _sum(self, attr: str) -> int:
        return sum(len(getattr(r, attr)) for r in self.reports)

    @property
    def precision(self) -> float:
        tp, fp = self._sum("true_positives"), self._sum("false")
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def recall(self) -> float:
        tp, fn = self._sum("true_positives"), self._sum("missed")
        return tp / (tp + fn) if tp + fn else 1.0

    @property
    def category_accuracy(self) -> float:
        tp = self._sum("true_positives")
        return 1 - self._sum("wrong_category") / tp if tp else 1.0

    @property
    def group_accuracy(self) -> float:
        tp = self._sum("true_positives")
        return 1 - self._sum("wrong_group") / tp if tp else 1.0

    def field_accuracy(self, name: str) -> float:
        pairs = [getattr(r, name) for r in self.reports]
        return sum(g == p for g, p in pairs) / len(pairs) if pairs else 1.0

    def summary(self) -> dict:
        return {
            "reports": len(self.reports),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "category_accuracy": round(self.category_accuracy, 4),
            "group_accuracy": round(self.group_accuracy, 4),
            "issuer_accuracy": round(self.field_accuracy("issuer"), 4),
            "year_accuracy": round(self.field_accuracy("year"), 4),
            "published_accuracy": round(self.field_accuracy("published"), 4),
        }

    def problems(self) -> list[str]:
        out = []
        for r in self.reports:
            out += [f"{r.file}: missed {t}" for t in r.missed]
            out += [f"{r.file}: false {t}" for t in r.false]
            out += [f"{r.file}: {t} is {g}, predicted {p}" for t, g, p in r.wrong_category]
            for name in ("issuer", "year", "published"):
                g, p = getattr(r, name)
                if g != p:
                    out.append(f"{r.file}: {name} is {g!r}, predicted {p!r}")
        return out


def _alternatives(entry: dict) -> set[str]:
    alts = {entry["title"]}
    note = entry.get("uncertain") or ""
    alts.update(re.findall(r"([\u4e00-\u9fff]{2,}) is also accepted", note))
    return {title_key(a) for a in alts}


def score(records: Iterable[Record], gold: dict | str | Path) -> Score:
    """Match records to gold reports by file name and score them."""
    if not isinstance(gold, dict):
        gold = json.loads(Path(gold).read_text(encoding="utf-8"))
    by_file = {Path(r.report.source).name: r for r in records if isinstance(r, Record)}
    out = []
    for g in gold["reports"]:
        rec = by_file.get(g["file"])
        rs = ReportScore(g["file"])
        predicted: dict[str, str] = {}
        if rec is not None:
            for c in rec.citations:
                predicted.setdefault(title_key(c.title), c.category)
            rs.issuer = (g.get("issuer"), rec.report.issuer.name if rec.report.issuer else None)
            rs.year = (g.get("year"), rec.report.year)
            rs.published = (g.get("published"), rec.report.published)
        else:
            rs.issuer, rs.year, rs.published = (g.get("issuer"), None), (g.get("year"), None), (g.get("published"), None)
        matched: set[str] = set()
        for entry in g["citations"]:
            keys = _alternatives(entry)
            hit = next((k for k in keys if k in predicted), None)
            if hit:
                matched.add(hit)
                if not entry.get("optional"):
                    rs.true_positives.append(entry["title"])
                    cat = predicted[hit]
                    if cat != entry["category"]:
                        rs.wrong_category.append((entry["title"], entry["category"], cat))
                    if GROUPS.get(cat) != GROUPS.get(entry["category"]):
                        rs.wrong_group.append((entry["title"], entry["category"], cat))
            elif not entry.get("optional"):
                rs.missed.append(entry["title"])
        rs.false = sorted(k for k in predicted if k not in matched)
        out.append(rs)
    return Score(out)
