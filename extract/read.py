"""Readers: the paths a user gives → decoded report text, with every input accounted for.

Two verbs:

* :func:`discover` turns files, folders and glob patterns into a deterministic stream of file
  paths, and of :class:`Problem` for whatever will not be read (and why).
* :func:`read_document` turns one path into a :class:`Document`, or raises
  :class:`~extract.errors.ReadError` naming the file and the reason — never another exception.

The text of a :class:`Document` is what every span in the records points into, so it is kept
as close to the file as possible: for ``.txt``/``.md``/extension-less files it is the decoded
file with ``\\r\\n`` and ``\\r`` turned into ``\\n`` and a leading byte-order mark removed, and
nothing else. HTML pages are reduced to the report's own text (see :mod:`extract.html_text`);
DOCX and PDF text is what python-docx and pdfminer.six give.

Encodings are detected from the bytes, never from the extension (see :func:`decode_bytes`).

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "report.txt")
>>> _ = open(path, "wb").write("关于2025年法治政府建设情况的报告\\r\\n".encode("gb18030"))
>>> doc = read_document(path)
>>> doc.text, doc.format, doc.encoding
('关于2025年法治政府建设情况的报告\\n', 'txt', 'gb18030')
"""

from __future__ import annotations

import logging
import io
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from lawgraph.extract.decode import _NotText, declared_charset, decode_bytes, is_blank
from lawgraph.extract.discover import FORMATS, Problem, _os_reason, _posix, _unsupported, discover, format_of
from lawgraph.extract.discover import _unsupported as unsupported_reason
from lawgraph.extract.errors import ReadError

log = logging.getLogger(__name__)

__all__ = [
    "DOCX_MAX_RATIO",
    "DOCX_MAX_UNCOMPRESSED",
    "Document",
    "FORMATS",
    "MAX_FILE_BYTES",
    "Problem",
    "decode_bytes",
    "discover",
    "format_of",
    "read_bytes",
    "read_document",
    "too_large_reason",
    "unsupported_reason",
]

MiB = 1024 * 1024

#: Largest file :func:`read_document` reads (64 MiB, about 20 million Chinese characters —
#: far beyond any report). Larger files fail with "file larger than the 64 MiB limit".
#: Checked with ``fstat`` before reading, and no more than this is ever read.
MAX_FILE_BYTES = 64 * MiB

#: A DOCX whose entries declare more than this, uncompressed, is refused before parsing
#: (zip-bomb guard). Word documents with a few photos stay far below it.
DOCX_MAX_UNCOMPRESSED = 200 * MiB

#: An entry larger than :data:`_RATIO_FLOOR` that claims to expand more than this many times
#: its compressed size is refused too: Word XML compresses about 5-20:1, zeros about 1000:1.
DOCX_MAX_RATIO = 200
_RATIO_FLOOR = 1 * MiB


@dataclass
class Document:
    """One decoded report. Spans in records point into :attr:`text`."""

    source: str  # the path as given or as found by walking, posix-style
    text: str
    format: str  # txt | md | html | docx | pdf
    encoding: str | None  # the encoding used for txt/md/html; None for docx/pdf
    url: str | None = None  # an HTML page's own address, when the saved page says it


# ---------------------------------------------------------------------------------------------
# read_document


def read_document(path: str, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read one file as a report, by its extension; see the module docstring for what text means.

    Raises :class:`~extract.errors.ReadError` (and nothing else) when the file cannot be read:
    "no such file", "permission denied", "symlink loop", "empty file", "binary data, not text",
    "file larger than the 64 MiB limit", "corrupt DOCX: …", "encrypted PDF", …
    """
    source = _posix(os.fspath(path))
    fmt = format_of(source)
    if fmt is None:
        raise ReadError(source, _unsupported(source))
    try:
        # O_NONBLOCK: opening a FIFO named *.txt must not hang; it is refused after fstat.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise ReadError(source, _os_reason(err)) from err
    try:
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise ReadError(source, "is a directory")
            if not stat.S_ISREG(st.st_mode):
                raise ReadError(source, "not a regular file")
            if st.st_size > max_bytes:
                raise ReadError(source, _too_large(max_bytes))
            if st.st_size == 0:
                raise ReadError(source, "empty file")
            if fmt == "docx":
                return Document(source, _read_docx(source, f), fmt, None)
            if fmt == "pdf":
                return Document(source, _read_pdf(source, f), fmt, None)
            data = f.read(max_bytes + 1)  # the file may have grown since fstat
    except ReadError:
        raise
    except OSError as err:
        raise ReadError(source, _os_reason(err)) from err
    except MemoryError as err:
        raise ReadError(source, "out of memory") from err
    except Exception as err:  # parsers of untrusted files fail in many ways
        log.exception("unexpected error reading %s", source)
        raise ReadError(source, f"unexpected error: {type(err).__name__}: {err}") from err
    return read_bytes(source, data, max_bytes=max_bytes)


def read_bytes(source: str, data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read a file's bytes as a report (for bytes that did not come from a local path, e.g.
    on a Spark executor): the same text and the same :class:`ReadError` reasons as
    :func:`read_document`; the format comes from ``source``'s extension.

    >>> read_bytes("a/报告.txt", "关于2025年法治政府建设情况的报告\\r\\n".encode("gb18030")).text
    '关于2025年法治政府建设情况的报告\\n'
    """
    fmt = format_of(source)
    if fmt is None:
        raise ReadError(source, _unsupported(source))
    if len(data) > max_bytes:
        raise ReadError(source, _too_large(max_bytes))
    if not data:
        raise ReadError(source, "empty file")
    try:
        if fmt == "docx":
            return Document(source, _read_docx(source, io.BytesIO(data)), fmt, None)
        if fmt == "pdf":
            return Document(source, _read_pdf(source, io.BytesIO(data)), fmt, None)
        if fmt == "html":
            return _read_html(source, data)
        text, encoding = _decode_or_fail(source, data)
    except ReadError:
        raise
    except MemoryError as err:
        raise ReadError(source, "out of memory") from err
    except Exception as err:  # parsers of untrusted files fail in many ways
        log.exception("unexpected error reading %s", source)
        raise ReadError(source, f"unexpected error: {type(err).__name__}: {err}") from err
    return Document(source, text, fmt, encoding)


def too_large_reason(max_bytes: int = MAX_FILE_BYTES) -> str:
    """The reason given for a file over the size limit."""
    return _too_large(max_bytes)


def _too_large(max_bytes: int) -> str:
    if max_bytes % MiB == 0:
        return f"file larger than the {max_bytes // MiB} MiB limit"
    return f"file larger than the {max_bytes}-byte limit"


def _decode_or_fail(source: str, data: bytes, declared: str | None = None) -> tuple[str, str]:
    try:
        text, encoding = decode_bytes(data, declared=declared)
    except _NotText as err:
        raise ReadError(source, err.reason) from err
    except Exception as err:  # the promise is ReadError and nothing else
        log.exception("unexpected error decoding %s", source)
        raise ReadError(source, f"unexpected error: {type(err).__name__}: {err}") from err
    if is_blank(text):
        raise ReadError(source, "empty file")
    return text, encoding


# ---------------------------------------------------------------------------------------------
# HTML


def _read_html(source: str, data: bytes) -> Document:
    from lawgraph.extract.html_text import html_to_text, page_url

    text, encoding = _decode_or_fail(source, data, declared=declared_charset(data))
    try:
        body = html_to_text(text)
        url = page_url(text)
    except Exception as err:  # a parser bug must not escape as another type
        log.exception("HTML parsing failed for %s", source)
        raise ReadError(source, f"cannot parse HTML: {type(err).__name__}: {err}") from err
    if is_blank(body):
        raise ReadError(source, "HTML page has no text")
    return Document(source, body, "html", encoding, url)


# ---------------------------------------------------------------------------------------------
# DOCX


def _read_docx(source: str, f: BinaryIO) -> str:
    """Paragraphs and table cells in document order, one a line (headers, footers, text boxes
    and footnotes are not read)."""
    head = f.read(8)
    f.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # Word's encrypted DOCX and the legacy .doc are both OLE compound files.
        raise ReadError(source, "corrupt DOCX: an OLE file, not a ZIP (password-protected, or a .doc renamed)")
    try:
        with zipfile.ZipFile(f) as zf:
            infos = zf.infolist()
    except Exception as err:  # BadZipFile, NotImplementedError, struct.error, …
        raise ReadError(source, f"corrupt DOCX: {err}") from err
    _check_zip_bomb(source, infos)
    if not any(i.filename == "word/document.xml" for i in infos):
        raise ReadError(source, "corrupt DOCX: no word/document.xml (not a Word document)")
    import docx

    f.seek(0)
    try:
        document = docx.Document(f)
        lines = list(_docx_lines(document))
    except Exception as err:  # python-docx raises KeyError, lxml errors, …
        raise ReadError(source, f"corrupt DOCX: {type(err).__name__}: {err}") from err
    text = "\n".join(lines)
    if is_blank(text):
        raise ReadError(source, "DOCX has no text")
    return text


def _check_zip_bomb(source: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse, from the sizes in the ZIP directory, what would inflate absurdly.

    The declared sizes are enough: :mod:`zipfile` never inflates an entry beyond its declared
    size (a lying entry fails its CRC check and reads as corrupt).
    """
    total = sum(i.file_size for i in infos)
    if total > DOCX_MAX_UNCOMPRESSED:
        raise ReadError(source, f"DOCX expands to more than {DOCX_MAX_UNCOMPRESSED // MiB} MiB")
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > DOCX_MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ReadError(source, f"DOCX entry {info.filename} expands {ratio}:1 (zip bomb?)")


def _docx_lines(document) -> Iterator[str]:
    from docx.table import Table

    def block(item) -> Iterator[str]:
        if isinstance(item, Table):
            for row in item.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # noqa: SLF001 — a merged cell comes once per grid column it spans (python-docx has no public identity)
                        continue
                    seen.add(id(cell._tc))  # noqa: SLF001
                    for inner in cell.iter_inner_content():
                        yield from block(inner)
        else:
            yield item.text

    for item in document.iter_inner_content():
        yield from block(item)


# ---------------------------------------------------------------------------------------------
# PDF


def _read_pdf(source: str, f: BinaryIO) -> str:
    """pdfminer.six's text with its default layout analysis (lines and paragraphs; a form feed
    ends each page); no reflow, no OCR."""
    if b"%PDF-" not in f.read(1024):
        raise ReadError(source, "corrupt PDF: no %PDF header (not a PDF file)")
    f.seek(0)
    from io import StringIO

    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    from lawgraph.extract.pdf_limits import PDF_MAX_INFLATED, PdfTooLarge, budget

    out = StringIO()
    pages = 0
    try:
        with budget(PDF_MAX_INFLATED):
            document = PDFDocument(PDFParser(f), password="")
            resources = PDFResourceManager(caching=True)
            device = TextConverter(resources, out, laparams=LAParams())
            interpreter = PDFPageInterpreter(resources, device)
            for page in PDFPage.create_pages(document):
                interpreter.process_page(page)
                pages += 1
    except PdfTooLarge:
        raise ReadError(source, f"PDF streams expand to more than {PDF_MAX_INFLATED // MiB} MiB (decompression bomb?)") from None
    except PDFEncryptionError as err:
        raise ReadError(source, "encrypted PDF") from err
    except Exception as err:  # pdfminer raises many types on broken files
        raise ReadError(source, f"corrupt PDF: {type(err).__name__}: {err}") from err
    if pages == 0:
        raise ReadError(source, "corrupt PDF: no pages found")
    text = out.getvalue()
    if is_blank(text):
        raise ReadError(source, "PDF has no text layer (scanned image?); OCR it first")
    return text
