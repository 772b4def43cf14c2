"""spaCy integration: a pipeline component that writes citations and agencies to ``doc.spans``.

The component is a plain class plus a thin registered factory; the extraction itself is
:func:`extract.pipeline.extract_text`, which does not depend on spaCy's tokenisation — so it
works on ``spacy.blank("zh")`` (character segmentation) and stays fast. (The other way
round — a statistical model feeding the extraction — is :mod:`extract.spacy_model`; this
module uses the pipeline, the pipeline never uses this module.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

CITATIONS_KEY = "lawgraph_citations"
AGENCIES_KEY = "lawgraph_agencies"
RECORD_KEY = "lawgraph_record"


class CitationComponent:
    """Adds ``doc.spans["lawgraph_citations"]`` (label = category) and
    ``doc.spans["lawgraph_agencies"]`` (label = role); overlaps (nested titles) are kept.
    The full record is in ``doc.user_data["lawgraph_record"]``, as its records line (a string,
    so ``DocBin(store_user_data=True)`` saves it; ``record_from_json`` reads it back)."""

    def __init__(self, name: str = "lawgraph_citations", catalog_files: Iterable[str] = ()):
        self.name = name
        self.catalog_files = list(catalog_files)

    def __call__(self, doc: Any) -> Any:
        from lawgraph.extract.catalog import load_catalog
        from lawgraph.extract.pipeline import extract_text

        record = extract_text(doc.text, catalog=load_catalog(self.catalog_files))
        cites, ags = [], []
        for c in record.citations:
            span = doc.char_span(c.span[0], c.span[1], label=c.category, alignment_mode="expand")
            if span is not None:
                cites.append(span)
        for a in record.agencies:
            if a.span:
                span = doc.char_span(a.span[0], a.span[1], label=a.role, alignment_mode="expand")
                if span is not None:
                    ags.append(span)
        doc.spans[CITATIONS_KEY] = cites
        doc.spans[AGENCIES_KEY] = ags
        doc.user_data[RECORD_KEY] = record.to_json()
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps({"catalog_files": self.catalog_files}), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CitationComponent":
        cfg = Path(path) / "cfg.json"
        if cfg.exists():
            self.catalog_files = json.loads(cfg.read_text(encoding="utf-8"))["catalog_files"]
        return self


def make_citation_component(nlp: Any, name: str, catalog_files: list[str]) -> CitationComponent:
    return CitationComponent(name, catalog_files)


try:  # register the factory when spaCy is installed; the entry point points here too
    from spacy.language import Language

    Language.factory("lawgraph_citations", default_config={"catalog_files": []})(make_citation_component)
except ImportError:  # pragma: no cover - spaCy is an optional extra
    pass
