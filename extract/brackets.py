"""Find 《…》 titles, nested and broken ones included, in cleaned text.

Real reports nest titles (《关于印发〈…〉的通知》), mistype the inner marks
(《…印发(法治政府建设实施纲要(2021-2025年)>的通知》), forget a closing mark, or cut a title
with a line break. The scanner is a stack machine over the marks with two guards, so that
one broken mark can never swallow the rest of the document: a title ends at a paragraph
break or a full stop, and is never longer than :data:`MAX_TITLE` characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_TITLE = 160
_TOKENS = re.compile(r"[《》。]|\n[ \t\u3000]*\n")
_MARKS = re.compile(r"[《》]")
# Where a title that lost its closing mark most plausibly ends.
_SALVAGE_STOP = re.compile(r"[,，。;；:：!！?？、《\n]|(?=[〉>」”])")
_DOC_END = re.compile(r"(?:法|法典|条例|规定|办法|细则|意见|纲要|规划|决定|通知|方案|要点|清单|准则|规则|措施|章程|机制|报告)$")
_INNER_TOKENS = re.compile(r"[〈<〉>()]")
_CARRIER_END = re.compile(r"的(?:通知|决定|意见|批复|函|通告|公告)$")


@dataclass
class Span:
    """A title between marks, in cleaned-text offsets. ``start``/``end`` include the marks."""

    start: int
    end: int
    depth: int  # 0 for a top-level 《》, 1+ inside another title
    inner: list["Span"] = field(default_factory=list)  # 〈〉/<> titles inside this one
    repaired: bool = False  # closing mark supplied or inner marks mended
    closed: bool = True  # False when the span ends without a closing mark

    @property
    def content(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1 if self.closed else self.end


def scan(text: str, warnings: list[str] | None = None, limit: int | None = None) -> tuple[list[Span], int]:
    """All 《》 titles (outer and nested), sorted by start, each with its inner 〈〉 titles,
    and how far the text was read: to its end, or, once ``limit`` titles are found, to
    where the scan stopped (no title starting there or later is returned)."""
    warn = warnings.append if warnings is not None else (lambda _m: None)
    found: list[Span] = []
    stack: list[int] = []
    horizon = len(text)
    pos = 0
    while True:
        # Full stops and paragraph breaks matter only while a title is open: with none open,
        # look for the next mark alone (a text of nothing but line breaks is one C call).
        m = (_TOKENS if stack else _MARKS).search(text, pos)
        if limit is not None and len(found) >= limit:
            # Stop at the next token of any kind, where a scan of every token would stop.
            t = m if stack else _TOKENS.search(text, pos)
            if t is not None:
                horizon = min(stack[0], t.start()) if stack else t.start()
                found = [sp for sp in found if sp.start < horizon]
                stack.clear()
            break
        if m is None:
            break
        ch, at = m.group(), m.start()
        pos = m.end()
        if ch == "《":
            if stack and at - stack[-1] > MAX_TITLE:
                _give_up(text, stack, found, warn)
            stack.append(at)
        elif ch == "》":
            if stack and at - stack[-1] > MAX_TITLE:
                _give_up(text, stack, found, warn)
            if stack:
                s = stack.pop()
                found.append(Span(s, at + 1, depth=len(stack)))
            else:
                warn(f"stray 》 at offset {at} with no opening 《")
        else:  # a full stop or a paragraph break ends every open title
            _give_up(text, stack, found, warn)
    if stack:
        _give_up(text, stack, found, warn)
    found.sort(key=lambda s: (s.start, -s.end))
    for sp in found:
        if sp.end - sp.start > 2:
            sp.inner = _inner_titles(text, sp, warn)
    return found, horizon


def _give_up(text: str, stack: list[int], found: list[Span], warn) -> None:
    """Close what can be closed of titles whose 》 never came, and forget the rest."""
    for s in stack:
        m = _SALVAGE_STOP.search(text, s + 1, min(len(text), s + 1 + MAX_TITLE))
        end = m.start() if m else min(len(text), s + 1 + MAX_TITLE)
        body = text[s + 1 : end].strip()
        if 2 <= len(body) <= 80 and _DOC_END.search(body):
            closer = end < len(text) and text[end] in "〉>」”"
            sp = Span(s, end + 1 if closer else end, depth=0, repaired=True, closed=closer)
            found.append(sp)
            warn(f"《 at offset {s} is never closed; took 《{body}》 as the title")
        else:
            warn(f"《 at offset {s} is never closed; ignored")
    stack.clear()


def _inner_titles(text: str, outer: Span, warn) -> list[Span]:
    """〈…〉 and <…> inside a title; a '>' with no opener closes the nearest open '('."""
    a, b = outer.content
    if _INNER_TOKENS.search(text, a, b) is None:
        return []  # most titles hold no inner marks: one search instead of the walk below
    inner: list[Span] = []
    angles: list[int] = []
    parens: list[int] = []
    for m in _INNER_TOKENS.finditer(text, a, b):
        ch, pos = m.group(), m.start()
        if ch == "(":
            parens.append(pos)
        elif ch == ")":
            if parens:
                parens.pop()
        elif ch in "〈<":
            angles.append(pos)
        elif angles:
            s = angles.pop()
            inner.append(Span(s, pos + 1, depth=outer.depth + 1))
        elif parens:
            s = parens.pop()
            inner.append(Span(s, pos + 1, depth=outer.depth + 1, repaired=True))
            warn(f"title at offset {outer.start}: '{text[s]}' closed by '{ch}'; read as a nested title")
        else:
            warn(f"title at offset {outer.start}: '{ch}' with no opening mark")
    for s in angles:  # 《关于印发〈X办法的通知》: the inner title runs to 的通知
        tail = text[s + 1 : b]
        cm = _CARRIER_END.search(tail)
        end = s + 1 + (cm.start() if cm else len(tail))
        if end - s > 2:
            inner.append(Span(s, end, depth=outer.depth + 1, repaired=True, closed=False))
            warn(f"title at offset {outer.start}: inner '{text[s]}' never closed")
    return sorted(inner, key=lambda x: x.start)
