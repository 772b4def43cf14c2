"""Bounded decompression for pdfminer.six: a PDF's streams may not inflate past a budget.

pdfminer inflates each stream whole (``zlib.decompress``): a stream of zeros that inflates
to 3 GiB takes 3 GiB, and with several a worker is killed by the kernel. The decoders it
uses — Flate, LZW, RunLength, the only ones that expand — are replaced in
``pdfminer.pdftypes`` by versions that count what they produce and stop at
:data:`PDF_MAX_INFLATED` bytes for the whole document (:func:`budget` sets it per document).
Over it, :class:`PdfTooLarge` is raised (a ``BaseException``, so that no ``except
Exception`` inside the parser swallows it) and the document fails with one line.

The replacement is installed once, on first use (:func:`install`), and changes nothing for
streams within the budget: the same bytes come out.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from typing import Iterator

MiB = 1024 * 1024

#: Most bytes a PDF's streams may inflate to, all streams together (about 40 times what a
#: 1,000-page text PDF needs).
PDF_MAX_INFLATED = 256 * MiB

_CHUNK = 1 * MiB


class PdfTooLarge(BaseException):
    """A PDF whose streams inflate past the budget."""


_state = threading.local()


@contextlib.contextmanager
def budget(limit: int = PDF_MAX_INFLATED) -> Iterator[None]:
    """Count the inflated bytes of one document in this block (per thread)."""
    install()
    previous = getattr(_state, "left", None)
    _state.left = limit
    try:
        yield
    finally:
        _state.left = previous


def _spend(n: int) -> None:
    left = getattr(_state, "left", None)
    if left is None:
        return
    left -= n
    _state.left = left
    if left < 0:
        raise PdfTooLarge


def _left() -> int | None:
    return getattr(_state, "left", None)


def inflate(data: bytes) -> bytes:
    """``zlib.decompress(data)``, but never producing more than the budget allows."""
    d = zlib.decompressobj()
    out = []
    pending = data
    while True:
        left = _left()
        cap = _CHUNK if left is None else max(1, min(_CHUNK, left + 1))
        chunk = d.decompress(pending, cap)
        _spend(len(chunk))
        out.append(chunk)
        pending = d.unconsumed_tail
        if d.eof or (not pending and len(chunk) < cap):
            break
    if not d.eof:
        # As zlib.decompress: incomplete data is an error (pdfminer then salvages what it can).
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return b"".join(out)


class _CountingDecompressor:
    """``zlib.decompressobj()`` that counts its output (pdfminer's salvage of a corrupted
    stream feeds it one byte at a time)."""

    def __init__(self) -> None:
        self._d = zlib.decompressobj()

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        left = _left()
        cap = max_length or (0 if left is None else left + 1)
        out = self._d.decompress(data, cap) if cap else self._d.decompress(data)
        _spend(len(out))
        if not max_length and self._d.unconsumed_tail:
            raise PdfTooLarge
        return out

    def flush(self, *args) -> bytes:
        out = self._d.flush(*args)
        _spend(len(out))
        return out

    def __getattr__(self, name: str):
        return getattr(self._d, name)


class _ZlibShim:
    """What ``pdfminer.pdftypes`` sees as ``zlib``."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args, **kwargs) -> bytes:
        return inflate(data)

    @staticmethod
    def decompressobj(*args, **kwargs) -> _CountingDecompressor:
        return _CountingDecompressor()

    def __getattr__(self, name: str):
        return getattr(zlib, name)


def rldecode(data: bytes) -> bytes:
    """RunLengthDecode (PDF 32000-1, 7.4.5), counted against the budget."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            run = data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            if i + 1 >= n:
                break
            run = bytes([data[i + 1]]) * (257 - length)
            i += 2
        _spend(len(run))
        out += run
    return bytes(out)


def _lzwdecode(data: bytes) -> bytes:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    out = []
    for piece in LZWDecoder(BytesIO(data)).run():
        _spend(len(piece))
        out.append(piece)
    return b"".join(out)


_installed = False
_lock = threading.Lock()


def install() -> None:
    """Put the counting decoders into ``pdfminer.pdftypes`` (once)."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        from pdfminer import pdftypes

        pdftypes.zlib = _ZlibShim()  # type: ignore[assignment]
        if hasattr(pdftypes, "rldecode"):
            pdftypes.rldecode = rldecode
        if hasattr(pdftypes, "lzwdecode"):
            pdftypes.lzwdecode = _lzwdecode
        _installed = True
