"""Score records against hand-made gold labels: the seeds' ``seeds_gold.json`` (``reports[]``
keyed by ``file``) or a development set's ``gold.jsonl`` (one report a line, keyed by ``id``,
the documents written as ``<id>.txt``).

The rules are those of the team's reference scorer (``shared/devset/score.py``), so both give
the same figures: a prediction is a distinct canonical title in a report's records, compared
after folding width, spaces, book-title marks, bracket and dash variants and quotes;
optional gold entries (and the alternatives an ``uncertain`` note accepts) count neither as
misses nor as false hits; categories are compared on matched pairs, against
``category_design`` where the gold gives one, and in three coarse groups; issuers after
folding width and spaces, over the reports whose gold names one (``issuer_stated`` leaves
out those marked ``issuer_uncertain``); years over the reports whose gold gives one.
Used by the tests and by ``lawgraph score``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lawgraph.extract.records import FileError, Record

_LEGAL = {"法律", "行政法规", "地方性法规", "规章", "党内法规", "部门规章", "地方政府规章", "司法解释"}
_POLICY = {"规范性文件", "规划纲要", "工作文件", "标准"}


def coarse(category: str | None) -> str | None:
    """LEGAL, POLICY or OTHER (None for no category)."""
    if not category:
        return None
    return "LEGAL" if category in _LEGAL else "POLICY" if category in _POLICY else "OTHER"


_CONVERT = None


def _fold_script(text: str) -> str:
    global _CONVERT
    if _CONVERT is None:
        import opencc

        _CONVERT = opencc.OpenCC("tw2sp")
    return _CONVERT.convert(text)


def title_key(title: str | None, lenient: bool = False) -> str:
    """A title as the scorer compares it."""
    if not title:
        return ""
    t = unicodedata.normalize("NFKC", title)
    if lenient:
        t = _fold_script(t)
    t = re.sub(r"\s+", "", t)
    t = t.strip("《》〈〉<>“”\"'")
    t = re.sub(r"[《》〈〉<>]", "", t)
    t = t.replace("(", "（").replace(")", "）")
    t = re.sub(r"[-－—–─~～至]", "-", t)
    return t.replace("“", "").replace("”", "").replace('"', "")


def agency_key(name: str | None, lenient: bool = False) -> str:
    if not name:
        return ""
    a = unicodedata.normalize("NFKC", name)
    if lenient:
        a = _fold_script(a)
    return re.sub(r"\s+", "", a)


@dataclass
class ReportScore:
    file: str
    true_positives: list[str] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)  # title, kind
    false: list[str] = field(default_factory=list)
    wrong_category: list[tuple[str, str, str]] = field(default_factory=list)  # title, gold, predicted
    wrong_group: list[tuple[str, str, str]] = field(default_factory=list)
    kinds: dict[str, list[int]] = field(default_factory=dict)  # gold kind → [found, all]
    issuer: tuple[str | None, str | None] = (None, None)  # gold, predicted
    issuer_stated: bool = True  # the gold issuer is named with its region in the text
    issuer_hit: bool = False
    year: tuple[int | None, int | None] = (None, None)
    published: tuple[str | None, str | None] = (None, None)
    missing: bool = False  # no record for this report


@dataclass
class Score:
    reports: list[ReportScore]

    def _sum(self, attr: str) -> int:
        return sum(len(getattr(r, attr)) for r in self.reports)

    @property
    def precision(self) -> float:
        tp, fp = self._sum("true_positives"), self._sum("false")
        return tp / (tp + fp) if tp + fp else 0.0

    @property
    def recall(self) -> float:
        tp, fn = self._sum("true_positives"), self._sum("missed")
        return tp / (tp + fn) if tp + fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def category_accuracy(self) -> float:
        tp = self._sum("true_positives")
        return 1 - self._sum("wrong_category") / tp if tp else 1.0

    @property
    def group_accuracy(self) -> float:
        tp = self._sum("true_positives")
        return 1 - self._sum("wrong_group") / tp if tp else 1.0

    def _issuer(self, stated_only: bool) -> float | None:
        rs = [r for r in self.reports if r.issuer[0] and (r.issuer_stated or not stated_only)]
        return sum(r.issuer_hit for r in rs) / len(rs) if rs else None

    @property
    def issuer_accuracy(self) -> float | None:
        return self._issuer(False)

    @property
    def issuer_stated_accuracy(self) -> float | None:
        return self._issuer(True)

    @property
    def year_accuracy(self) -> float | None:
        rs = [r for r in self.reports if r.year[0]]
        return sum(_same_year(*r.year) for r in rs) / len(rs) if rs else None

    def field_accuracy(self, name: str) -> float:
        """Accuracy of ``issuer``, ``year`` or ``published`` over the reports whose gold has it."""
        if name == "issuer":
            return self.issuer_accuracy if self.issuer_accuracy is not None else 1.0
        if name == "year":
            return self.year_accuracy if self.year_accuracy is not None else 1.0
        pairs = [getattr(r, name) for r in self.reports if getattr(r, name)[0]]
        return sum(g == p for g, p in pairs) / len(pairs) if pairs else 1.0

    def summary(self) -> dict:
        """The reference scorer's figures, under its names."""
        kinds: dict[str, list[int]] = {}
        for r in self.reports:
            for k, (hit, n) in r.kinds.items():
                acc = kinds.setdefault(k, [0, 0])
                acc[0] += hit
                acc[1] += n
        tp = self._sum("true_positives")

        def r4(x):
            return round(x, 4) if x is not None else None

        return {
            "docs": len(self.reports),
            "docs_missing": sum(r.missing for r in self.reports),
            "tp": tp,
            "fp": self._sum("false"),
            "fn": self._sum("missed"),
            "precision": r4(self.precision),
            "recall": r4(self.recall),
            "f1": r4(self.f1),
            "category_acc": r4(self.category_accuracy) if tp else None,
            "coarse_acc": r4(self.group_accuracy) if tp else None,
            "issuer_acc": r4(self.issuer_accuracy),
            "issuer_stated_acc": r4(self.issuer_stated_accuracy),
            "year_acc": r4(self.year_accuracy),
            "recall_by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(kinds.items())},
        }

    def problems(self) -> list[str]:
        out = []
        for r in self.reports:
            if r.missing:
                out.append(f"{r.file}: no record")
            out += [f"{r.file}: missed {t} ({k})" for t, k in r.missed]
            out += [f"{r.file}: false {t}" for t in r.false]
            out += [f"{r.file}: {t} is {g}, predicted {p}" for t, g, p in r.wrong_category]
            if r.issuer[0] and not r.issuer_hit:
                out.append(f"{r.file}: issuer is {r.issuer[0]!r}, predicted {r.issuer[1]!r}")
            if r.year[0] and not _same_year(*r.year):
                out.append(f"{r.file}: year is {r.year[0]!r}, predicted {r.year[1]!r}")
        return out


def _same_year(gold, predicted) -> bool:
    try:
        return int(predicted or 0) == int(gold)
    except (TypeError, ValueError):
        return False


def read_gold(gold: dict | str | Path) -> list[tuple[str, dict]]:
    """(key, gold report) pairs from a seeds-style JSON file (``reports[]``, key ``file``), a
    JSON Lines file (key ``id``), or such a dict."""
    if isinstance(gold, dict):
        return [(r["file"], r) for r in gold["reports"]]
    p = Path(gold)
    text = p.read_text(encoding="utf-8")
    if p.suffix == ".json":
        return [(r["file"], r) for r in json.loads(text)["reports"]]
    return [(r["id"], r) for r in map(json.loads, filter(str.strip, text.splitlines()))]


def _uncertain_alternatives(entry: dict) -> set[str]:
    note = str(entry.get("uncertain") or "")
    if "also accepted" not in note:
        return set()
    return {a for a in re.findall(r"[\u4e00-\u9fff]{2,}", note) if a != entry["title"]}


def score(records: Iterable[Record | FileError], gold: dict | str | Path, *, lenient: bool = False) -> Score:
    """Match records to gold reports by file name (or its stem) and score them."""
    by_key: dict[str, Record] = {}
    for r in records:
        if isinstance(r, Record):
            name = Path(r.report.source).name
            by_key[name] = by_key[Path(name).stem] = r
    out = []
    for key, g in read_gold(gold):
        rec = by_key.get(key) or by_key.get(Path(key).stem)
        rs = ReportScore(key, missing=rec is None)
        predicted: dict[str, str] = {}
        if rec is not None:
            for c in rec.citations:
                t = title_key(c.title, lenient)
                if t:
                    predicted.setdefault(t, c.category)
        required: dict[str, dict] = {}
        optional: set[str] = set()
        for entry in g.get("citations", []):
            t = title_key(entry["title"], lenient)
            if entry.get("optional"):
                optional.add(t)
            else:
                required[t] = entry
            optional.update(title_key(a, lenient) for a in _uncertain_alternatives(entry))
        for t, entry in required.items():
            kind = entry.get("kind", "bracketed")
            acc = rs.kinds.setdefault(kind, [0, 0])
            acc[1] += 1
            want = entry.get("category_design") or entry["category"]
            if t in predicted:
                acc[0] += 1
                rs.true_positives.append(entry["title"])
                got = predicted[t]
                if got != want:
                    rs.wrong_category.append((entry["title"], want, got))
                if coarse(got) != coarse(want):
                    rs.wrong_group.append((entry["title"], want, got))
            else:
                rs.missed.append((entry["title"], kind))
        rs.false = [t for t in predicted if t not in required and t not in optional]
        issuer = rec.report.issuer.name if rec is not None and rec.report.issuer else None
        rs.issuer = (g.get("issuer"), issuer)
        rs.issuer_stated = not g.get("issuer_uncertain")
        rs.issuer_hit = bool(g.get("issuer")) and agency_key(issuer, lenient) == agency_key(g.get("issuer"), lenient)
        rs.year = (g.get("year"), rec.report.year if rec is not None else None)
        rs.published = (g.get("published"), rec.report.published if rec is not None else None)
        out.append(rs)
    return Score(out)
