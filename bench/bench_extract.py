"""Extraction throughput, in MB of UTF-8 input text per CPU second on one core.

    python bench/bench_extract.py [--mb 10] [--rounds 3] [--no-spacy]

Prints, from the same generated corpus and the same run, the pure extractor, the spaCy
component, and two references: a bare regex scan of 《…》 and a spacy.blank("zh") + jieba
tokenising pass. Rates are CPU seconds (``time.process_time``: what other processes on a
shared host do not inflate), medians of interleaved rounds, each tokeniser warmed first
(jieba loads its dictionary on first use; counting that would flatter the extractor).
Targets (issue 17): pure extractor ≥ 15× the tokenising pass (goal 20×).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import corpus


def _cpu_seconds(texts: list[str], fn: Callable[[str], object], min_seconds: float) -> float:
    """CPU seconds per pass over ``texts``: as many passes as fill ``min_seconds``."""
    t0 = time.process_time()
    passes = 0
    while True:
        for t in texts:
            fn(t)
        passes += 1
        elapsed = time.process_time() - t0
        if elapsed >= min_seconds:
            return elapsed / passes


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 (default 10)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians are printed (default 3)")
    ap.add_argument("--no-spacy", action="store_true")
    args = ap.parse_args(argv)

    texts = [t for _, t in corpus(int(args.mb * 1e6 / 3))]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    from lawgraph.extract import extract_text, load_catalog

    catalog = load_catalog()
    # (name, texts, function, minimum seconds per round)
    runs: list[tuple[str, list[str], Callable[[str], object], float]] = []
    title_re = re.compile(r"《[^《》]{1,160}》")
    runs.append(("regex scan of 《…》 (reference)", texts, title_re.findall, 0.2))
    runs.append(("pure extractor", texts, lambda t: extract_text(t, catalog=catalog), 0.5))
    tok_name = 'spacy.blank("zh") + jieba tokenising (reference)'
    if not args.no_spacy:
        try:
            import spacy

            sample = texts[: max(1, len(texts) // 5)]
            nlp_tok = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
            runs.append((tok_name, sample, nlp_tok.make_doc, 0.5))
            nlp = spacy.blank("zh")
            nlp.add_pipe("lawgraph_citations")
            runs.append(("spaCy component (char segmentation)", sample, nlp, 0.5))
        except ImportError as err:
            print(f"spaCy rows skipped: {err}", file=sys.stderr)
    for _, sample, fn, _ in runs:  # warm: dictionaries, automata, memo tables
        for t in sample[:3]:
            fn(t)

    seconds: dict[str, list[float]] = {name: [] for name, *_ in runs}
    for _ in range(args.rounds):
        for name, sample, fn, least in runs:
            seconds[name].append(_cpu_seconds(sample, fn, least))
    rates = {}
    for name, sample, _, _ in runs:
        size = sum(len(t.encode("utf-8")) for t in sample) / 1e6
        rates[name] = size / statistics.median(seconds[name])
    tok = rates.get(tok_name)

    print(f"corpus: {len(texts)} reports, {mb:.1f} MB UTF-8 (generated, seed 7); CPU time, median of {args.rounds} rounds")
    print(f"{'what':52} {'MB/s/core':>10} {'× tokenising':>13}")
    for name, rate in rates.items():
        ratio = f"{rate / tok:.1f}" if tok else "-"
        print(f"{name:52} {rate:10.2f} {ratio:>13}")
    if tok:
        ratio = rates["pure extractor"] / tok
        verdict = "goal met" if ratio >= 20 else ("met" if ratio >= 15 else "NOT met")
        print(f"target: pure extractor >= 15x the tokenising pass (goal 20x): {ratio:.1f}x -> {verdict}")


if __name__ == "__main__":
    main()
