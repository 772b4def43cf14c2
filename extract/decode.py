"""Bytes → text: the encoding is detected from the bytes, never from the file's extension.

Strategy (:func:`decode_bytes`): a byte-order mark; UTF-16 without one (by where the NUL
bytes fall); a charset an HTML page declares; strict UTF-8; then a plausibility score of the
CJK decodings (GB18030 decodes almost any bytes, so the candidate whose text is made of
common characters wins); charset-normalizer for everything else. Binary data is refused.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re

log = logging.getLogger(__name__)


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
    7. charset-normalizer, for whatever else (Shift-JIS, cp1251, …), if at least half of
       what it decodes is letters (one-byte codecs turn binary data into symbols) and the
       codec is not EBCDIC.

    Whatever decoding is chosen, more than 5% control characters in it means binary data,
    and so does a file format's signature (PDF, ZIP, OLE, PNG, JPEG, GIF, gzip, ELF) at the
    start, checked before anything else.
    """
    text, encoding = _decode(data, declared)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    # A file format's signature first: a small PDF or ZIP is ASCII enough to pass as text.
    if any(data.startswith(magic) for magic, _ in _MAGIC):
        raise _NotText(_binary_reason(data[:16]))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_all(data, codec), codec
    sample = data[:_SAMPLE]
    if 0 in sample:  # one memchr; nearly every file has no NUL byte
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
    if found is not None and found[1] == "utf-8" and not _has_control_bytes(data):
        return found  # the common case: UTF-8 without a control character
    if found is not None and not _too_many_controls(found[0]):
        return found  # its control characters counted once
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


_VISIBLE = re.compile(r"[^\s\ufeff\u200b-\u200d\u2060\u00ad]")


def is_blank(text: str) -> bool:
    """Whether ``text`` has nothing to read: whitespace and invisible marks (byte-order
    marks, zero-width spaces and joiners, soft hyphens) only."""
    return _VISIBLE.search(text) is None


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


def _has_control_bytes(data: bytes) -> bool:
    """Whether UTF-8 ``data`` holds any of the control characters :func:`_controls` counts:
    in UTF-8 each is its own single byte, and no byte of a longer sequence is below 0x80, so
    looking at the bytes (one pass in C) answers for the text."""
    return len(data.translate(None, _CONTROL_BYTES)) != len(data)


def _controls(text: str) -> int:
    """C0 control characters other than those found in text: tab, newline, vertical tab, form
    feed, carriage return, DOS end-of-file (0x1A), escape (0x1B, terminal colours); and DEL."""
    # One scan in C when there are none (nearly always), instead of one count per character.
    if _CONTROL_RE.search(text) is None:
        return 0
    return sum(text.count(ch) for ch in _CONTROL_CHARS)


_CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20), 0x7F]))
_CONTROL_RE = re.compile("[" + re.escape(_CONTROL_CHARS) + "]")
_CONTROL_BYTES = _CONTROL_CHARS.encode("ascii")


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
    if codec is None or codec in _EBCDIC:
        raise _NotText("not valid text in any supported encoding")
    log.debug("charset-normalizer chose %s", codec)
    text = _decode_all(data, codec)
    if _letter_share(text[:_SAMPLE]) < _MIN_LETTERS:
        # One-byte codecs decode any bytes: what they make of binary data is mostly symbols.
        raise _NotText("not valid text in any supported encoding")
    return text, codec


# No report is written in an IBM mainframe encoding, but charset-normalizer offers them for
# byte soup.
_EBCDIC = frozenset({"cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"})
_MIN_LETTERS = 0.5  # share of letters among the visible characters of a text in another script


def _letter_share(text: str) -> float:
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 1.0  # blank: for the caller to call empty
    return sum(1 for ch in visible if ch.isalpha()) / len(visible)


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
