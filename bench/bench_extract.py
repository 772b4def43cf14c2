"""Extraction throughput, in MB of UTF-8 input text per second on one core.

    python bench/bench_extract.py [--mb 20]

Prints, from the same generated corpus and the same run, the pure extractor, the spaCy
component, and two references: a bare regex scan of 《…》 and a spacy.blank("zh") + jieba
tokenising pass. Target: pure extractor ≥ 10 MB/s per core and ≥ 30× the tokenising pass.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import corpus


def _rate(texts, fn, min_seconds: float = 1.0) -> float:
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t0 = time.perf_counter()
    rounds = 0
    while True:
        for t in texts:
            fn(t)
        rounds += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return mb * rounds / elapsed


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 (default 10)")
    ap.add_argument("--no-spacy", action="store_true")
    args = ap.parse_args(argv)

    texts = [t for _, t in corpus(int(args.mb * 1e6 / 3))]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    from lawgraph.extract import extract_text, load_catalog

    catalog = load_catalog()
    extract_text(texts[0], catalog=catalog)  # warm the automata and tables

    rows = []
    title_re = re.compile(r"《[^《》]{1,160}》")
    regex = _rate(texts, lambda t: title_re.findall(t))
    rows.append(("regex scan of 《…》 (reference)", regex))
    pure = _rate(texts, lambda t: extract_text(t, catalog=catalog))
    rows.append(("pure extractor", pure))
    tok = None
    if not args.no_spacy:
        try:
            import spacy

            nlp_tok = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
            sample = texts[: max(1, len(texts) // 5)]
            tok = _rate(sample, nlp_tok.make_doc)
            rows.append(('spacy.blank("zh") + jieba tokenising (reference)', tok))
            nlp = spacy.blank("zh")
            nlp.add_pipe("lawgraph_citations")
            rows.append(("spaCy component (char segmentation)", _rate(sample, nlp)))
        except ImportError as err:
            print(f"spaCy rows skipped: {err}", file=sys.stderr)

    print(f"corpus: {len(texts)} reports, {mb:.1f} MB UTF-8 (generated, seed 7)")
    print(f"{'what':52} {'MB/s/core':>10} {'× tokenising':>13}")
    for name, rate in rows:
        ratio = f"{rate / tok:.1f}" if tok else "-"
        print(f"{name:52} {rate:10.2f} {ratio:>13}")
    print(f"target: pure extractor >= 10 MB/s/core -> {'met' if pure >= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
