"""extract: documents → records.

Public verbs:

* :func:`extract_text` — one report's text → a :class:`~extract.records.Record`
* :func:`iter_records` — files, folders, globs → records (and errors), streaming
* :func:`read_document` / :func:`discover` — the readers
* :func:`load_catalog` — the shipped catalog plus the user's files
"""

# Each public name is imported from its module when first asked for (PEP 562): importing
# one submodule (``lawgraph.extract.records``, ``.errors``) must not load the extractor, its
# catalog and its readers — the command line's start-up time depends on it.
_WHERE = {
    "Catalog": "catalog",
    "CatalogEntry": "catalog",
    "load_catalog": "catalog",
    "LawgraphError": "errors",
    "ReadError": "errors",
    "extract_path": "pipeline",
    "extract_text": "pipeline",
    "iter_records": "pipeline",
    "Agency": "records",
    "Citation": "records",
    "FileError": "records",
    "Record": "records",
    "RecordLine": "records",
    "Report": "records",
    "read_records": "records",
    "read_document": "read",
    "discover": "read",
}

__all__ = [
    "Agency",
    "Catalog",
    "CatalogEntry",
    "Citation",
    "FileError",
    "LawgraphError",
    "ReadError",
    "Record",
    "RecordLine",
    "Report",
    "discover",
    "extract_path",
    "extract_text",
    "iter_records",
    "load_catalog",
    "read_document",
    "read_records",
]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
