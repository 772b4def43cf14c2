"""Untrusted text made harmless where it is shown: a terminal, a spreadsheet cell, XML.

Report text, cited titles and file names come from outside; each output has its own way of
being abused, so each gets its own function here, and every writer goes through one of
them (HTML has its own escaping in :mod:`graph.views.page`; Cypher takes data only as
parameters).

* :func:`terminal` — for stdout/stderr. Control characters (C0 but tab, DEL, C1) and the
  bidirectional overrides are shown as escapes (``\\x1b``, ``\\u202e``), so an ESC or OSC
  sequence in a title or a file name can neither move the cursor, set the window title nor
  write the clipboard (OSC 52), and right-to-left overrides cannot disguise a name.
* :func:`shown_name` — a file name as text: the bytes of a name that is not UTF-8 (held in a
  ``str`` as :func:`os.fsdecode` gives it, one lone surrogate per byte) as ``\\xNN``.
  File names stay bytes (surrogate-escaped) everywhere else — records, the graph file — so
  the file can still be found; only what is shown is escaped.
* :func:`csv_cell` — a spreadsheet cell: the OWASP recommendation for CSV injection — a
  text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading ``'`` (spreadsheets show the text, never run it as a formula) — and control
  characters (NUL, ESC …) replaced by U+FFFD.
* :func:`xml_text` / :func:`xml_id` — what XML 1.0 cannot hold replaced (text) or escaped
  reversibly (ids, so that two ids never become one node).

>>> terminal("《条例》\\x1b]0;owned\\x07")
'《条例》\\\\x1b]0;owned\\\\x07'
>>> shown_name("报告".encode("gbk").decode("utf-8", "surrogateescape") + ".txt")
'\\\\xb1\\\\xa8\\\\xb8\\\\xe6.txt'
>>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-1"), csv_cell(-1)
('\\'=HYPERLINK("http://x")', "'-1", -1)
"""

from __future__ import annotations

import re
from typing import Any

# Lone surrogates: a file name's undecodable bytes (U+DC80–U+DCFF) or a broken UTF-16 unit.
_SURROGATE = re.compile("[\ud800-\udfff]")
# What a terminal interprets: C0 controls but tab and newline, DEL, C1 controls (0x9b is CSI
# on some terminals), and the bidirectional controls that reorder what is shown.
_TERMINAL_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_TERMINAL_BAD_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(ch: str) -> str:
    n = ord(ch)
    if 0xDC80 <= n <= 0xDCFF:  # surrogateescape: the original byte
        return "\\x%02x" % (n - 0xDC00)
    if n < 0x100:
        return "\\x%02x" % n
    return "\\u%04x" % n


def _escape_match(m: re.Match[str]) -> str:
    return _escape(m.group())


def terminal(text: Any, *, one_line: bool = False) -> str:
    """``text`` safe to print: control sequences shown as escapes (see the module notes).

    ``one_line`` escapes line breaks too (a file name or a title in a one-line message).
    """
    s = text if isinstance(text, str) else str(text)
    pattern = _TERMINAL_BAD_LINE if one_line else _TERMINAL_BAD
    return pattern.sub(_escape_match, s) if pattern.search(s) else s


def shown_name(name: Any) -> str:
    """A file name (or any text) as one printable line: undecodable bytes as ``\\xNN``,
    control characters and line breaks escaped."""
    return terminal(name, one_line=True)


_JSON_BAD = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_for_terminal(text: str) -> str:
    """JSON text (C0 controls already escaped by :mod:`json`) with what JSON leaves raw —
    DEL, C1 controls, bidi controls, lone surrogates — as ``\\uXXXX``: the same JSON value,
    safe to print, and valid UTF-8."""
    return _JSON_BAD.sub(lambda m: "\\u%04x" % ord(m.group()), text) if _JSON_BAD.search(text) else text


#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV Injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A carriage return too: the csv module does not quote it (its line end is "\n"), and
# spreadsheets would break the row there.
_CELL_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _cell_sub(m: re.Match[str]) -> str:
    ch = m.group()
    return _escape(ch) if 0xDC80 <= ord(ch) <= 0xDCFF else "\ufffd"


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows and never runs (non-text values unchanged).

    Text starting with ``= + - @`` or a tab is prefixed with ``'``; NUL, ESC, carriage
    returns and the other control characters (line breaks and tabs aside) become U+FFFD;
    a file name's undecodable bytes are written ``\\xNN``.
    """
    if not isinstance(value, str):
        return value
    return formula_safe(csv_text(value))


def formula_safe(value: str) -> str:
    """The formula half of :func:`csv_cell` alone: a leading ``'`` on text a spreadsheet
    would run."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def csv_text(value: str) -> str:
    """The control-character half of :func:`csv_cell` alone (for the parts of a cell that
    is joined afterwards, such as neo4j-admin arrays)."""
    return _CELL_BAD.sub(_cell_sub, value) if _CELL_BAD.search(value) else value


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: Any) -> Any:
    """Text XML 1.0 can hold: what it cannot becomes U+FFFD (a file name's undecodable
    bytes ``\\xNN``). Non-text values unchanged."""
    if not isinstance(value, str) or not _XML_BAD.search(value):
        return value
    return _XML_BAD.sub(_cell_sub, value)


def xml_id(value: str) -> str:
    """An id XML 1.0 can hold, reversibly: ``\\`` is doubled and each character XML cannot
    hold written ``\\uXXXX``, so distinct ids stay distinct (``doc:x\\x01`` ≠ ``doc:x\\x02``).
    Ids without either are unchanged.

    >>> xml_id("doc:x\\x01"), xml_id("doc:x\\x02"), xml_id("law:统计法")
    ('doc:x\\\\u0001', 'doc:x\\\\u0002', 'law:统计法')
    """
    if "\\" not in value and not _XML_BAD.search(value):
        return value
    value = value.replace("\\", "\\\\")
    return _XML_BAD.sub(lambda m: "\\u%04x" % ord(m.group()), value)


def without_surrogates(text: str) -> str:
    """Text that encodes as UTF-8: lone surrogates as ``\\uXXXX`` escapes (for JSON text,
    where the escape reads back as the same string)."""
    return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text) if _SURROGATE.search(text) else text


_JSON_ERRORS = "lawgraph-json-surrogates"


def _json_surrogates(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    bad = err.object[err.start : err.end]
    if not all("\ud800" <= c <= "\udfff" for c in bad):
        raise err
    return "".join("\\u%04x" % ord(c) for c in bad), err.end


def json_text_errors() -> str:
    """The name of a codec error handler for writing JSON text as UTF-8: a lone surrogate
    (inside a JSON string, the only place one can be) is written as its ``\\uXXXX`` escape,
    which reads back as the same string. Costs nothing when there is none."""
    import codecs

    try:
        codecs.lookup_error(_JSON_ERRORS)
    except LookupError:
        codecs.register_error(_JSON_ERRORS, _json_surrogates)
    return _JSON_ERRORS
