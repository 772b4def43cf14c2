"""Canonical document titles: one spelling per document, whatever the report typed."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from extract.normalise import CJK

_WS = re.compile(r"\s+")
_RANGE_DASH = re.compile(r"(?<=\d)\s*(?:[-‐‑‒–—―－~～]{1,2}|至)\s*(?=\d)")
_INNER_MARKS = str.maketrans({"〈": "《", "〉": "》", "<": "《", ">": "》"})
_EDGE_PUNCT = " \t\n,，。.;；:：、!！?？"
# A version note names an edition, not another document: 《行政复议法》（2023年修订）.
_VERSION_NOTE = re.compile(r"（\d{4}年?(?:修订|修正|修改)(?:版|本)?）$")


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
    if inner_marks:
        t = t.translate(_INNER_MARKS)
    t = t.replace('"', "“", 1).replace('"', "”", 1) if t.count('"') == 2 else t
    t = _VERSION_NOTE.sub("", t)
    return t.strip(_EDGE_PUNCT)


@lru_cache(maxsize=65536)
def derived_id(title: str) -> str:
    """A stable id for a document that is not in the catalog."""
    return "doc:" + hashlib.sha1(title.encode("utf-8", "surrogatepass")).hexdigest()[:16]
