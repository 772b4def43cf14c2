"""spaCy integration: a pipeline component that writes citations and agencies to ``doc.spans``,
and the loader for an optional statistical model whose ORG entities become agency candidates.

The component is a plain class plus a thin registered factory; the extraction itself is
:func:`extract.pipeline.extract_text`, which does not depend on spaCy's tokenisation — so it
works on ``spacy.blank("zh")`` (character segmentation) and stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from lawgraph.extract.errors import LawgraphError

CITATIONS_KEY = "lawgraph_citations"
AGENCIES_KEY = "lawgraph_agencies"


class CitationComponent:
    """Adds ``doc.spans["lawgraph_citations"]`` (label = category) and
    ``doc.spans["lawgraph_agencies"]`` (label = role); overlaps (nested titles) are kept.
    The full record is in ``doc.user_data["lawgraph_record"]``."""

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
        doc.user_data["lawgraph_record"] = record
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        import json

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps({"catalog_files": self.catalog_files}), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CitationComponent":
        import json

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


def load_model(name_or_path: str) -> Any:
    """Load a statistical spaCy pipeline, or fail saying how to get one."""
    try:
        import spacy
    except ImportError as err:
        raise LawgraphError("--spacy-model needs spaCy: pip install 'lawgraph[nlp]'") from err
    try:
        return spacy.load(name_or_path)
    except OSError as err:
        raise LawgraphError(
            f"cannot load spaCy model {name_or_path!r}: install it first, e.g. "
            "`pip install zh_core_web_sm-3.8.0-py3-none-any.whl` (the wheel from spaCy's "
            "GitHub releases page), or pass the path of a saved pipeline folder"
        ) from err


def org_entities(nlp: Any, text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the ORG entities a model finds in ``text``."""
    doc = nlp(text)
    return [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in ("ORG", "ORGANIZATION")]
