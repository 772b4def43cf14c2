"""The five seeds against the hand-made gold labels: every non-optional citation found with
its canonical title and category, no false citations, issuer and year right."""

from __future__ import annotations

from pathlib import Path

from lawgraph.extract.records import Record
from lawgraph.extract.score import score, title_key


def test_every_seed_is_extracted(seed_records):
    assert len(seed_records) == 5
    assert all(isinstance(r, Record) for r in seed_records)


def test_seeds_match_gold(seed_records, gold_path):
    result = score(seed_records, gold_path)
    problems = "\n".join(result.problems())
    assert result.recall == 1.0, problems
    assert result.precision == 1.0, problems
    assert result.category_accuracy == 1.0, problems
    assert result.field_accuracy("issuer") == 1.0, problems
    assert result.field_accuracy("year") == 1.0, problems


def test_seed_spans_slice_the_original_files(seed_records):
    for rec in seed_records:
        text = Path(rec.report.source).read_text(encoding="utf-8").replace("\r\n", "\n")
        for c in rec.citations:
            assert text[c.span[0] : c.span[1]] == c.surface, (rec.report.source, c)
        for a in rec.agencies:
            assert text[a.span[0] : a.span[1]] == a.surface


def test_scorer_notices_mistakes(seed_records, gold_path):
    # the scorer itself must be able to fail: drop a citation and relabel another
    import copy

    broken = copy.deepcopy(seed_records)
    first = broken[0]
    dropped = first.citations[0].title
    first.citations = [c for c in first.citations if c.title != dropped]  # every mention of it gone
    relabelled = first.citations[0]
    assert relabelled.category != "其他"
    relabelled.category = "其他"
    result = score(broken, gold_path)
    assert result.recall < 1.0
    assert title_key(dropped) in [title_key(t) for r in result.reports for t, _ in r.missed]
    assert result.category_accuracy < 1.0
    assert title_key(relabelled.title) in [title_key(t) for r in result.reports for t, _, _ in r.wrong_category]
