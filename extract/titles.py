"""Canonical document titles: one spelling per document, whatever the report typed."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from lawgraph.extract.normalise import CJK

_WS = re.compile(r"\s+")
_RANGE_DASH = re.compile(r"(?<=\d)\s*(?:[-‐‑‒–—―－~～]{1,2}|至)\s*(?=\d)")
_INNER_MARKS = str.maketrans({"〈": "《", "〉": "》", "<": "《", ">": "》"})
_EDGE_PUNCT = " \t\n,，。.;；:：、!！?？"
# A version note names an edition, not another document: 《行政复议法》（2023年修订）,
# 《…条例》（修正）. （试行）, （暂行）, （草案） name a different document and stay.
_VERSION_NOTE = re.compile(r"（(?:\d{4}年?)?(?:修订|修正|修改)(?:版|本)?）$")
# A year range, however typed: 2021-2025年, 2021年-2025年, 2021—2025, 20212025年.
_YEARS = r"(?:19|20)\d{2}"
_RANGE = re.compile(
    rf"(?P<a>{_YEARS})\s*年?\s*(?:[-‐‑‒–—―－~～]{{1,2}}|至)\s*(?P<b>{_YEARS})(?P<nian>\s*年)?"
    rf"|(?P<a2>{_YEARS})(?P<b2>{_YEARS})(?P<nian2>年)"
)


def _space(m: re.Match[str]) -> str:
    run = m.group()
    s, e = m.start(), m.end()
    text = m.string
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    if "\n" in run or "\r" in run:
        return ""  # a title cut by a line break
    both_cjk = bool(re.match(f"[{CJK}]", before)) and bool(re.match(f"[{CJK}]", after))
    return " " if both_cjk else ""  # a deliberate gap between two phrases stays, once


@lru_cache(maxsize=65536)
def canonical_title(raw: str, *, inner_marks: bool = True) -> str:
    """Fold a title as written into its canonical form.

    >>> canonical_title("北京市西城区 2025 年推进法治政府建设工作要点")
    '北京市西城区2025年推进法治政府建设工作要点'
    >>> canonical_title("北京市全面依法治市规划(2021—2025年)")
    '北京市全面依法治市规划（2021-2025年）'
    >>> canonical_title("落实<北京市全面依法治市规划(2021-2025年)>评估任务清单")
    '落实《北京市全面依法治市规划（2021-2025年）》评估任务清单'
    """
    t = raw.strip(_EDGE_PUNCT)
    t = _WS.sub(_space, t)
    t = t.replace("(", "（").replace(")", "）")
    t = _RANGE_DASH.sub("-", t)
    t = _year_ranges(t)
    if inner_marks:
        t = t.translate(_INNER_MARKS)
    t = t.replace('"', "“", 1).replace('"', "”", 1) if t.count('"') == 2 else t
    t = _VERSION_NOTE.sub("", t)
    return t.strip(_EDGE_PUNCT)


def _year_ranges(t: str) -> str:
    """Year ranges written one way, （2021-2025年）: the 年 added, the two years joined by a
    hyphen, and a range that ends the title put in brackets.

    >>> _year_ranges("法治政府建设实施纲要（2015-2020）")
    '法治政府建设实施纲要（2015-2020年）'
    >>> _year_ranges("法治政府建设实施纲要2016-2020年")
    '法治政府建设实施纲要（2016-2020年）'
    >>> _year_ranges("静海区法治政府建设实施纲要（20212025年）")
    '静海区法治政府建设实施纲要（2021-2025年）'
    """
    out, pos = [], 0
    for m in _RANGE.finditer(t):
        a, b = (m.group("a"), m.group("b")) if m.group("a") else (m.group("a2"), m.group("b2"))
        if not 0 < int(b) - int(a) <= 30:
            continue
        s, e = m.start(), m.end()
        form = f"{a}-{b}年"
        bracketed = t[s - 1 : s] == "（" and t[e : e + 1] == "）"
        if not bracketed and (e == len(t) or t[e] in "》〉>") and s > 0 and t[s - 1] != "《":
            form = f"（{form}）"  # a range that ends the title is a note on it
        out += [t[pos:s], form]
        pos = e
    if not out:
        return t
    out.append(t[pos:])
    return "".join(out)


@lru_cache(maxsize=65536)
def derived_id(title: str) -> str:
    """A stable id for a document that is not in the catalog."""
    return "doc:" + hashlib.sha1(title.encode("utf-8", "surrogatepass")).hexdigest()[:16]
