"""The development set of real report excerpts (../shared/devset): extracted through the
command line as a user would, scored by ``lawgraph score`` and by the team's reference
scorer, which must agree. The floors are a guard against regressions, raised as the
extractor improves (docs/accuracy.md has the figures); they are not the goal.

Nothing of the development set is copied into the repository: it is read from ../shared.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SHARED
from lawgraph.extract.records import Record, record_from_json

DEVSET = SHARED / "devset"

FLOORS = {
    "f1": 0.97,
    "precision": 0.97,
    "coarse_acc": 0.97,
    "category_acc": 0.96,
    "issuer_acc": 0.95,
    "issuer_stated_acc": 0.96,
    "year_acc": 0.98,
}


@pytest.fixture(scope="module")
def devset_run(tmp_path_factory):
    if not (DEVSET / "corpus.jsonl").exists():
        pytest.skip(f"the development set is not at {DEVSET} (../shared is not beside the repository)")
    folder = tmp_path_factory.mktemp("devset")
    texts = folder / "texts"
    texts.mkdir()
    for line in (DEVSET / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        (texts / f"{doc['id']}.txt").write_text(doc["text"], encoding="utf-8")
    records = folder / "records.jsonl"
    run = subprocess.run(
        [sys.executable, "-m", "lawgraph", "extract", str(texts), "-o", str(records), "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return records


def _figures(cmd: list[str]) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=True).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("{")))


def test_lawgraph_score_agrees_with_the_reference_scorer(devset_run):
    ours = _figures([sys.executable, "-m", "lawgraph", "score", str(devset_run), str(DEVSET / "gold.jsonl"), "--json"])
    reference = _figures([sys.executable, str(DEVSET / "score.py"), str(devset_run), str(DEVSET / "gold.jsonl"), "--json"])
    assert ours == reference


def test_the_development_set_stays_above_its_floors(devset_run):
    figures = _figures([sys.executable, "-m", "lawgraph", "score", str(devset_run), str(DEVSET / "gold.jsonl"), "--json"])
    low = {k: (figures[k], floor) for k, floor in FLOORS.items() if figures[k] < floor}
    assert not low, f"below the floor (figure, floor): {low}"


def test_every_excerpt_gives_a_record_whose_spans_slice_the_text(devset_run):
    texts = {json.loads(x)["id"]: json.loads(x)["text"] for x in (DEVSET / "corpus.jsonl").read_text(encoding="utf-8").splitlines()}
    lines = devset_run.read_text(encoding="utf-8").splitlines()
    records = [record_from_json(x) for x in lines]
    assert len(records) == len(texts) and all(isinstance(r, Record) for r in records)
    for r, line in zip(records, lines):
        text = texts[r.report.source.rsplit("/", 1)[-1][:-4]]
        for start, piece in json.loads(line).get("context", []):  # the text each sentence is read from
            assert text[start : start + len(piece)] == piece
        for item in r.citations + r.agencies + r.references:
            a, b = item.span
            assert text[a:b] == item.surface
        for item in r.citations + r.references:
            a, b = item.sentence_span
            assert text[a:b] == item.sentence and item.sentence in text
        issuer = r.report.issuer
        if issuer and issuer.span:
            a, b = issuer.span
            assert text[a:b] == issuer.surface
