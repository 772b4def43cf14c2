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

import codecs
import errno
import functools
import glob
import logging
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from extract.errors import ReadError

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
    "read_document",
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

#: Extension (lower case, with the dot; "" = none) → format. Files without an extension are text.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    "": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

# A format we cannot read but a user may well have: say what to do about it.
_FORMAT_HINTS = {
    ".doc": "save it as .docx",
    ".wps": "save it as .docx",
    ".rtf": "save it as .docx",
    ".odt": "save it as .docx",
}


@dataclass
class Document:
    """One decoded report. Spans in records point into :attr:`text`."""

    source: str  # the path as given or as found by walking, posix-style
    text: str
    format: str  # txt | md | html | docx | pdf
    encoding: str | None  # the encoding used for txt/md/html; None for docx/pdf


@dataclass
class Problem:
    """An input that will not be read, and why."""

    source: str
    reason: str  # one line, names the problem
    status: str  # "skipped" (deliberately not read) or "failed" (should have been readable)


def format_of(path: str) -> str | None:
    """The format a path is read as, from its extension; None if unsupported.

    >>> format_of("a/报告.HTM"), format_of("README"), format_of("scan.png")
    ('html', 'txt', None)
    """
    return FORMATS.get(_extension(path))


def _extension(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[1].lower()


def _unsupported(path: str) -> str:
    ext = _extension(path)
    hint = _FORMAT_HINTS.get(ext)
    return f"unsupported format ({ext})" + (f"; {hint}" if hint else "")


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


# ---------------------------------------------------------------------------------------------
# discover


_GLOB_MAGIC = re.compile(r"[*?[]")


def discover(inputs: Iterable[str]) -> Iterator[str | Problem]:
    """Yield the files to read (paths as ``str``) and a :class:`Problem` for everything else.

    * Inputs are handled in the order given. A file is yielded as given; a folder is walked
      recursively, in order of path within it (``a/c.txt`` before ``a/c/d.txt``); a glob pattern
      (``*``, ``?``, ``[…]``, ``**``) is expanded, matches sorted by path, and each match
      handled like an input. A path that exists is never treated as a pattern.
    * Each real file is yielded once: a file reached again (through a symlink, a hard link,
      an overlapping input) gives ``Problem(status="skipped", reason="duplicate path: …")``.
    * Symlinked folders are followed; a link back to a folder being walked gives
      ``Problem(status="skipped", reason="symlink loop …")`` and the walk goes on.
    * Names starting with "." (and Word's "~$" lock files) inside folders are skipped silently;
      a hidden file given explicitly (or matched by a pattern that spells out the dot) is read.
    * An unsupported extension gives ``Problem(status="skipped", reason="unsupported format (.png)")``;
      a missing path ``Problem(status="failed", reason="no such file or directory")``.
    """
    walker = _Discovery()
    for raw in inputs:
        raw = os.fspath(raw)
        if os.path.lexists(raw):
            yield from walker.visit(raw)
        elif _GLOB_MAGIC.search(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Problem(_posix(raw), "no file matches this pattern", "failed")
            walked: set[str] = set()
            for match in matches:
                # "reports/**" matches a folder and then everything in it: walk the folder once.
                if _inside(match, walked):
                    continue
                if os.path.isdir(match):
                    walked.add(os.path.normpath(match))
                yield from walker.visit(match)
        else:
            yield Problem(_posix(raw), "no such file or directory", "failed")


def _inside(path: str, folders: set[str]) -> bool:
    parent = os.path.dirname(os.path.normpath(path))
    while parent and parent not in folders:
        if parent == os.path.dirname(parent):
            return False
        parent = os.path.dirname(parent)
    return bool(parent)


class _Discovery:
    """State of one :func:`discover` run: what has been seen, so each file comes once."""

    def __init__(self) -> None:
        self.files: dict[object, str] = {}  # file identity → first source
        self.dirs: dict[str, str] = {}  # real path → first source

    def visit(self, path: str) -> Iterator[str | Problem]:
        if os.path.isdir(path):
            yield from self._walk(path)
        else:
            yield from self._file(path)

    def _file(self, path: str) -> Iterator[str | Problem]:
        source = _posix(path)
        if format_of(path) is None:
            yield Problem(source, _unsupported(path), "skipped")
            return
        try:
            st = os.stat(path)
        except OSError as err:
            if err.errno == errno.ELOOP:
                yield Problem(source, "symlink loop", "skipped")
            elif os.path.islink(path) and isinstance(err, FileNotFoundError):
                yield Problem(source, "broken symlink", "failed")
            else:
                yield Problem(source, _os_reason(err), "failed")
            return
        if not stat.S_ISREG(st.st_mode):
            yield Problem(source, "not a regular file", "skipped")
            return
        # The inode identifies hard links and symlinked files alike; some file systems have none.
        identity = (st.st_dev, st.st_ino) if st.st_ino else os.path.realpath(path)
        first = self.files.get(identity)
        if first is not None:
            yield Problem(source, f"duplicate path: same file as {first}", "skipped")
            return
        self.files[identity] = source
        yield source

    def _walk(self, top: str) -> Iterator[str | Problem]:
        # Iterative depth-first walk; each stack entry holds a folder's remaining children and
        # the real paths of the folders above it, which is what a symlink loop points back to.
        first = self._enter(top, ())
        if isinstance(first, Problem):
            yield first
            return
        stack = [first]
        while stack:
            children, ancestors = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                continue
            path, is_dir = child
            if not is_dir:
                yield from self._file(path)
                continue
            entered = self._enter(path, ancestors)
            if isinstance(entered, Problem):
                yield entered
            else:
                stack.append(entered)

    def _enter(self, path: str, ancestors: tuple[str, ...]):
        source = _posix(path)
        real = os.path.realpath(path)
        if real in ancestors:
            return Problem(source, "symlink loop (links back to a folder above it)", "skipped")
        if real in self.dirs:
            return Problem(source, f"duplicate path: same folder as {self.dirs[real]}", "skipped")
        self.dirs[real] = source
        try:
            with os.scandir(path) as it:
                entries = [(e.name, _is_dir(e)) for e in it if not _hidden(e.name)]
        except OSError as err:
            return Problem(source, _os_reason(err), "failed")
        # Sorting a folder's names with "/" after each sub-folder's name gives the order of the
        # full paths: "c.txt" < "c/" because "." < "/".
        entries.sort(key=lambda e: e[0] + "/" if e[1] else e[0])
        children = ((os.path.join(path, name), is_dir) for name, is_dir in entries)
        return children, ancestors + (real,)


def _hidden(name: str) -> bool:
    # "~$report.docx" is the lock file Word leaves beside an open document.
    return name.startswith((".", "~$"))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks
    except OSError:
        return False


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
    except Exception as err:  # noqa: BLE001 — parsers of untrusted files fail in many ways
        log.exception("unexpected error reading %s", source)
        raise ReadError(source, f"unexpected error: {type(err).__name__}: {err}") from err
    if len(data) > max_bytes:
        raise ReadError(source, _too_large(max_bytes))
    if fmt == "html":
        return _read_html(source, data)
    text, encoding = _decode_or_fail(source, data)
    return Document(source, text, fmt, encoding)


def _too_large(max_bytes: int) -> str:
    if max_bytes % MiB == 0:
        return f"file larger than the {max_bytes // MiB} MiB limit"
    return f"file larger than the {max_bytes}-byte limit"


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if err.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot read: {err.strerror or err}"


def _decode_or_fail(source: str, data: bytes, declared: str | None = None) -> tuple[str, str]:
    try:
        text, encoding = decode_bytes(data, declared=declared)
    except _NotText as err:
        raise ReadError(source, err.reason) from err
    except Exception as err:  # noqa: BLE001 — the promise is ReadError and nothing else
        log.exception("unexpected error decoding %s", source)
        raise ReadError(source, f"unexpected error: {type(err).__name__}: {err}") from err
    if not text.strip():
        raise ReadError(source, "empty file")
    return text, encoding


# ---------------------------------------------------------------------------------------------
# text and encodings


class _NotText(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SAMPLE = 64 * 1024  # bytes looked at to choose an encoding (the whole file is then decoded)
_MAX_REPLACED = 0.05  # a file needing more replacement characters than this is not text
_MIN_PLAUSIBLE = 0.6  # share of common characters a CJK decoding needs to be believed
_BINARY_NULS = 0.01  # share of NUL bytes (outside UTF-16/32) that makes a file binary
_BINARY_CONTROLS = 0.05  # share of control characters (see _controls) that makes a file binary

# Candidates for text that is not UTF-8, in order of preference when they score the same.
# GB2312 and GBK are subsets of GB18030; Big5 comes as plain Big5, Microsoft's cp950 and
# Hong Kong's big5hkscs, and the first that decodes cleanly wins.
_CANDIDATES = ("utf-8", "gb18030", "big5", "cp950", "big5hkscs", "utf-16-le", "utf-16-be")

# Declared charsets (HTML <meta>) → the codec that decodes them best.
_DECLARED_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5",
    "cp950": "cp950",
    "big5hkscs": "big5hkscs",
    "latin-1": "cp1252",  # as browsers do (WHATWG Encoding)
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}

# Python codec names of the encodings web pages use (WHATWG's list, more or less).
_DECLARABLE = re.compile(
    r"(?:utf-8|gb18030|big5|big5hkscs|cp\d{3,4}|iso8859-\d+|koi8-[a-z]+|mac-[a-z]+|shift_jis|"
    r"euc_jp|euc_kr|iso2022_jp|tis-620)$"
)

_MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (DOCX?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE file (legacy .doc/.xls?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "an executable"),
)


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes: ``(text, encoding)``; raises ``ValueError`` if it is not text.

    The text has ``\\r\\n``/``\\r`` turned into ``\\n`` and a leading BOM removed; nothing else.
    Steps, first match wins:

    1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32);
    2. UTF-16 without BOM, when there are NUL bytes (ASCII characters have a zero byte) and
       one byte order reads as text: at least 60% printable ASCII, whitespace or common CJK;
    3. more than 1% NUL bytes left over: binary data, not text;
    4. ``declared`` (an HTML page's charset), when it decodes the bytes cleanly — unless the
       bytes are valid UTF-8 with non-ASCII in them (a page saved as UTF-8 that kept its meta),
       or a one-byte charset is declared for what step 6 finds to be Chinese;
    5. strict UTF-8;
    6. each of UTF-8, GB18030, Big5 (big5/cp950/big5hkscs) and UTF-16 with replacement
       characters, scored by the share of common CJK characters (the 3,755 GB2312 level-1
       characters, the 5,401 Big5 common characters, CJK punctuation) among the non-ASCII ones.
       GB18030 decodes nearly any byte string, but Big5 or UTF-8 read as GB18030 gives rare
       and garbled characters and scores low. The best candidate is taken if it scores at
       least 0.6 and needs at most 5% replacement characters;
    7. charset-normalizer, for whatever else (Shift-JIS, cp1251, …).

    Whatever decoding is chosen, more than 5% control characters in it means binary data.
    """
    text, encoding = _decode(data, declared)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_all(data, codec), codec
    sample = data[:_SAMPLE]
    utf16 = _utf16_by_nuls(data, sample)
    if utf16:
        return _decode_all(data, utf16), utf16
    if sample.count(0) > _BINARY_NULS * len(sample):
        raise _NotText(_binary_reason(sample))
    found = _decode_declared(data, declared) if declared else None
    if found is None:
        try:
            found = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if found is None or _too_many_controls(found[0]):
        # Not UTF-8 — or UTF-8 full of control characters, as UTF-16 CJK text can be.
        best = _best_candidate(data, sample)
        found = (_decode_all(data, best), best) if best else None
    if found is None:
        if _controls(sample.decode("latin-1")) > _BINARY_CONTROLS * len(sample):
            raise _NotText(_binary_reason(sample))
        found = _charset_normalizer(data)
    if _too_many_controls(found[0]):
        raise _NotText(_binary_reason(sample))
    return found


def _too_many_controls(text: str) -> bool:
    sample = text[:_SAMPLE]
    return _controls(sample) > _BINARY_CONTROLS * len(sample)


def _decode_all(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    text = data.decode(codec, errors="replace")
    if text.count("\ufffd") > _MAX_REPLACED * max(len(text), 1):
        raise _NotText("not valid text in any supported encoding")
    log.debug("decoded as %s with %d replacement characters", codec, text.count("\ufffd"))
    return text


def _decode_declared(data: bytes, declared: str) -> tuple[str, str] | None:
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        log.debug("unknown declared charset %r; detecting", declared)
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        name = "utf-8"  # a charset readable as ASCII cannot be UTF-16 (WHATWG does the same)
    name = _DECLARED_ALIASES.get(name, name)
    if not _DECLARABLE.match(name):
        # Python also has codecs such as unicode_escape or utf-7 that no web page means.
        log.debug("declared charset %r is not a web encoding; detecting", declared)
        return None
    if name != "utf-8" and not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if name not in _CANDIDATES and not data.isascii():
        # A Chinese page labelled windows-1252 or the like: one-byte codecs decode anything.
        best = _best_candidate(data, data[:_SAMPLE])
        if best:
            return _decode_all(data, best), best
    codecs_to_try = ("big5", "cp950", "big5hkscs") if name in ("big5", "cp950", "big5hkscs") else (name,)
    for codec in codecs_to_try:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    text = data.decode(codecs_to_try[0], errors="replace")
    if text.count("\ufffd") <= 0.01 * max(len(text), 1):
        return text, codecs_to_try[0]
    log.debug("declared charset %s does not fit the bytes; detecting", declared)
    return None


def _utf16_by_nuls(data: bytes, sample: bytes) -> str | None:
    """UTF-16 without BOM. ASCII characters have a zero high byte (and so do U+3000 and 一):
    with NULs in the sample, try both byte orders, the side with more NULs as the high byte
    first, and keep the one that reads as text (ASCII and common CJK characters)."""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if not even and not odd:
        return None
    final = len(sample) == len(data)
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le"):
        try:
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=final)
        except UnicodeDecodeError:
            continue
        score = _text_score(text)
        if best is None or score > best[0]:
            best = (score, codec)
    return best[1] if best is not None and best[0] >= _MIN_PLAUSIBLE else None


def _text_score(text: str) -> float:
    """Share of characters that are printable ASCII, whitespace or common CJK."""
    if not text:
        return 0.0
    common = _common_chars()
    good = sum(1 for ch in text if ("\x20" <= ch < "\x7f") or ch.isspace() or ch in common)
    return good / len(text)


def _controls(text: str) -> int:
    """C0 control characters other than those found in text: tab, newline, vertical tab, form
    feed, carriage return, DOS end-of-file (0x1A), escape (0x1B, terminal colours); and DEL."""
    return sum(text.count(ch) for ch in _CONTROL_CHARS)


_CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20), 0x7F]))


def _binary_reason(sample: bytes) -> str:
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            return f"binary data, not text (looks like {what})"
    return "binary data, not text"


def _best_candidate(data: bytes, sample: bytes) -> str | None:
    final = len(sample) == len(data)
    best: tuple[float, int, str] | None = None
    for rank, codec in enumerate(_CANDIDATES):
        if codec.startswith("utf-16") and len(data) % 2:
            continue
        text = codecs.getincrementaldecoder(codec)(errors="replace").decode(sample, final=final)
        if text.count("\ufffd") > _MAX_REPLACED * max(len(text), 1):
            continue
        score = _cjk_score(text)
        log.debug("candidate %s scores %.3f", codec, score)
        if best is None or (score, -rank) > (best[0], -best[1]):
            best = (score, rank, codec)
    if best is not None and best[0] >= _MIN_PLAUSIBLE:
        return best[2]
    return None


def _cjk_score(text: str) -> float:
    """Share of common CJK characters among the non-ASCII, non-space characters of ``text``."""
    common = _common_chars()
    total = hits = 0
    for ch in text:
        if ch < "\x80" or ch.isspace():
            continue
        total += 1
        if ch in common:
            hits += 1
    return hits / total if total else 0.0


@functools.cache
def _common_chars() -> frozenset[str]:
    """GB2312 level 1 (3,755 simplified), Big5 常用字 (5,401 traditional), CJK punctuation."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    chars.update("，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·％　")
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width ASCII forms
    return frozenset(chars)


def _charset_normalizer(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    match = from_bytes(data[: 4 * _SAMPLE]).best()
    try:
        codec = codecs.lookup(match.encoding).name if match is not None else None
    except LookupError:
        codec = None
    if codec is None:
        raise _NotText("not valid text in any supported encoding")
    log.debug("charset-normalizer chose %s", codec)
    return _decode_all(data, codec), codec


# ---------------------------------------------------------------------------------------------
# HTML

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 8 KiB (<meta>, or an XML declaration).

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb2312'
    """
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def _read_html(source: str, data: bytes) -> Document:
    from extract.html_text import html_to_text

    text, encoding = _decode_or_fail(source, data, declared=declared_charset(data))
    try:
        body = html_to_text(text)
    except Exception as err:  # noqa: BLE001 — a parser bug must not escape as another type
        log.exception("HTML parsing failed for %s", source)
        raise ReadError(source, f"cannot parse HTML: {type(err).__name__}: {err}") from err
    if not body.strip():
        raise ReadError(source, "HTML page has no text")
    return Document(source, body, "html", encoding)


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
    except Exception as err:  # noqa: BLE001 — BadZipFile, NotImplementedError, struct.error, …
        raise ReadError(source, f"corrupt DOCX: {err}") from err
    _check_zip_bomb(source, infos)
    if not any(i.filename == "word/document.xml" for i in infos):
        raise ReadError(source, "corrupt DOCX: no word/document.xml (not a Word document)")
    import docx

    f.seek(0)
    try:
        document = docx.Document(f)
        lines = list(_docx_lines(document))
    except Exception as err:  # noqa: BLE001 — python-docx raises KeyError, lxml errors, …
        raise ReadError(source, f"corrupt DOCX: {type(err).__name__}: {err}") from err
    text = "\n".join(lines)
    if not text.strip():
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
                    if id(cell._tc) in seen:  # a merged cell comes once per grid column it spans
                        continue
                    seen.add(id(cell._tc))
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

    out = StringIO()
    pages = 0
    try:
        document = PDFDocument(PDFParser(f), password="")
        resources = PDFResourceManager(caching=True)
        device = TextConverter(resources, out, laparams=LAParams())
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            pages += 1
    except PDFEncryptionError as err:
        raise ReadError(source, "encrypted PDF") from err
    except Exception as err:  # noqa: BLE001 — pdfminer raises many types on broken files
        raise ReadError(source, f"corrupt PDF: {type(err).__name__}: {err}") from err
    if pages == 0:
        raise ReadError(source, "corrupt PDF: no pages found")
    text = out.getvalue()
    if not text.strip():
        raise ReadError(source, "PDF has no text layer (scanned image?); OCR it first")
    return text
