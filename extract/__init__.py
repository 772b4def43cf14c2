"""extract: documents → records.

Public verbs:

* :func:`extract_text` — one report's text → a :class:`~extract.records.Record`
* :func:`iter_records` — files, folders, globs → records (and errors), streaming
* :func:`read_document` / :func:`discover` — the readers
* :func:`load_catalog` — the shipped catalog plus the user's files
"""

from lawgraph.extract.catalog import Catalog, CatalogEntry, load_catalog
from lawgraph.extract.errors import LawgraphError, ReadError
from lawgraph.extract.pipeline import extract_path, extract_text, iter_records
from lawgraph.extract.records import Agency, Citation, FileError, Record, RecordLine, Report, read_records

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
    # The readers pull in parsers for HTML, DOCX and PDF; import them only when asked.
    if name in ("read_document", "discover"):
        from lawgraph.extract import read

        return getattr(read, name)
    raise AttributeError(name)
