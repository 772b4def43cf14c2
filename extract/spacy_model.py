"""An optional statistical spaCy model (``--spacy-model``) whose ORG entities become agency
candidates: loading it, and asking it for organisations.

Apart from :mod:`extract.spacy_component` (spaCy calling lawgraph), so that the pipeline
can use a model (lawgraph calling spaCy) without importing the component that imports it.
"""

from __future__ import annotations

from typing import Any

from lawgraph.extract.errors import LawgraphError


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
