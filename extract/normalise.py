"""Text normalisation that remembers where every character came from.

Matching runs on a cleaned copy of the report (Simplified script, half-width forms,
no stray spaces between Chinese and digits); spans are reported in the ORIGINAL text.
Every cleaning step is a small named function, registered in :data:`STEPS`, that returns
the edits it wants to make; :class:`Normalised` applies them and keeps an index from each
cleaned character back to its original offset (the eyecite idea, made necessary here by
OpenCC, whose ``tw2sp`` conversion changes length: 許可權 → 权限).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import opencc

Edit = tuple[int, int, str]  # replace text[start:end] with the string

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Phrases that OpenCC's tw2sp leaves in Taiwan usage but a mainland reader (and the gold
# standard of the titles) expects. Applied only to text detected as Traditional, i.e. text
# that came through a Big5 gateway. Keep it small: each entry must be unambiguous.
GATEWAY_PHRASES: dict[str, str] = {
    "高品质发展": "高质量发展",
    "品质发展": "质量发展",
    "发展品质": "发展质量",
    "水准": "水平",
    "资讯化": "信息化",
    "网路": "网络",
}


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern[str]:
    """A character class of the characters that only Traditional text uses."""
    block = "".join(chr(c) for c in range(0x4E00, 0xA000))
    simplified = _converter("t2s").convert(block)
    trad = {a for a, b in zip(block, simplified) if a != b} if len(simplified) == len(block) else set()
    return re.compile("[" + "".join(sorted(trad)) + "]")


@lru_cache(maxsize=1)
def _simplified_chars() -> re.Pattern[str]:
    block = "".join(chr(c) for c in range(0x4E00, 0xA000))
    traditional = _converter("s2t").convert(block)
    simp = {a for a, b in zip(block, traditional) if a != b} if len(traditional) == len(block) else set()
    return re.compile("[" + "".join(sorted(simp)) + "]")


def detect_script(text: str, sample: int = 50_000) -> str:
    """``traditional`` when Traditional-only characters clearly outnumber Simplified-only ones."""
    head = text[:sample]
    trad = len(_traditional_chars().findall(head))
    simp = len(_simplified_chars().findall(head))
    return "traditional" if trad >= 5 and trad > 2 * simp else "simplified"


# --- cleaning steps -------------------------------------------------------------------

_WIDTH_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20  # ideographic space
_WIDTH_TABLE.update({0x2F00 + i: ord(unicodedata.normalize("NFKC", chr(0x2F00 + i))) for i in range(0xD6)})
for _c in range(0xF900, 0xFB00):  # CJK compatibility ideographs that PDFs emit
    _n = unicodedata.normalize("NFKC", chr(_c))
    if len(_n) == 1 and _n != chr(_c):
        _WIDTH_TABLE[_c] = ord(_n)
_WIDTH_TABLE.update({0xFE3D: ord("《"), 0xFE3E: ord("》"), 0xFE3F: ord("〈"), 0xFE40: ord("〉")})
_WIDTH_TABLE.update({0x200B: 0x20, 0x00A0: 0x20, 0xFEFF: 0x20, 0x2002: 0x20, 0x2003: 0x20})


def fold_width(text: str) -> str:
    """Full-width ASCII → ASCII, Kangxi radicals and compatibility ideographs → unified ones.

    One character for one character, so it needs no edits.
    """
    return text.translate(_WIDTH_TABLE)


_SPACE_NEAR_DIGIT = re.compile(
    rf"(?<=[{CJK}])[ \t]+(?=[0-9])|(?<=[0-9])[ \t]+(?=[{CJK}])|(?<=[{CJK}])[ \t]+(?=[{CJK}][0-9])"
)


def spaces_between_cjk_and_digits(text: str) -> list[Edit]:
    """`西城区 2025 年` → `西城区2025年` (typeset spacing, not meaning)."""
    return [(m.start(), m.end(), "") for m in _SPACE_NEAR_DIGIT.finditer(text)]


_SEGMENT = re.compile(rf"[{CJK}]+")


def traditional_to_simplified(text: str) -> list[Edit]:
    """OpenCC ``tw2sp`` per run of Chinese characters, so that edits stay local."""
    conv = _converter("tw2sp")
    whole = conv.convert(text)
    if len(whole) == len(text):
        return _char_diffs(text, whole, 0)
    edits: list[Edit] = []
    for m in _SEGMENT.finditer(text):
        seg = m.group()
        out = conv.convert(seg)
        if out == seg:
            continue
        if len(out) == len(seg):
            edits.extend(_char_diffs(seg, out, m.start()))
        else:
            edits.extend(_aligned_edits(seg, out, m.start()))
    return edits


def _char_diffs(old: str, new: str, offset: int) -> list[Edit]:
    edits: list[Edit] = []
    start = None
    for i, (a, b) in enumerate(zip(old, new)):
        if a != b:
            if start is None:
                start = i
        elif start is not None:
            edits.append((offset + start, offset + i, new[start:i]))
            start = None
    if start is not None:
        edits.append((offset + start, offset + len(old), new[start:]))
    return edits


def _aligned_edits(old: str, new: str, offset: int) -> list[Edit]:
    """Edits for a length-changing conversion: characters converted one by one anchor the
    common prefix and suffix; only the middle, where a phrase changed length, is replaced."""
    conv = _converter("t2s")
    one = [conv.convert(c) for c in old]
    p = 0
    while p < min(len(old), len(new)) and one[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and one[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    edits = _char_diffs(old[:p], new[:p], offset)
    edits.append((offset + p, offset + len(old) - s, new[p : len(new) - s]))
    edits.extend(_char_diffs(old[len(old) - s :], new[len(new) - s :], offset + len(old) - s))
    return edits


_GATEWAY_RE = re.compile("|".join(sorted(map(re.escape, GATEWAY_PHRASES), key=len, reverse=True)))


def gateway_phrases(text: str) -> list[Edit]:
    """Undo the Taiwan wording a Big5 gateway adds that tw2sp keeps (see GATEWAY_PHRASES)."""
    return [(m.start(), m.end(), GATEWAY_PHRASES[m.group()]) for m in _GATEWAY_RE.finditer(text)]


StepFn = Callable[[str], list[Edit]]

#: Registry of named cleaning steps, applied in this order. ``traditional`` steps run only
#: on text detected as Traditional.
STEPS: dict[str, StepFn] = {
    "traditional_to_simplified": traditional_to_simplified,
    "gateway_phrases": gateway_phrases,
    "spaces_between_cjk_and_digits": spaces_between_cjk_and_digits,
}
TRADITIONAL_ONLY = {"traditional_to_simplified", "gateway_phrases"}


def get_step(name: str) -> StepFn:
    try:
        return STEPS[name]
    except KeyError:
        raise ValueError(f"unknown cleaning step {name!r}; known steps: {', '.join(STEPS)}") from None


@dataclass
class Normalised:
    """The cleaned text plus the way back to the original."""

    original: str
    text: str
    script: str
    _index: array | None  # cleaned offset → original offset; None means identity

    def orig(self, pos: int) -> int:
        return pos if self._index is None else self._index[pos]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned [start, end) to the original, so that the original slice covers
        exactly the characters that produced the cleaned ones."""
        if self._index is None:
            return start, end
        if end <= start:
            o = self._index[start]
            return o, o
        return self._index[start], self._index[end - 1] + 1


def normalise(text: str, steps: tuple[str, ...] | None = None) -> Normalised:
    """Clean ``text`` for matching. ``steps`` defaults to every step in :data:`STEPS`."""
    script = detect_script(text)
    names = tuple(STEPS) if steps is None else steps
    cur = fold_width(text)
    index: array | None = None
    for name in names:
        if name in TRADITIONAL_ONLY and script != "traditional":
            continue
        edits = get_step(name)(cur)
        if not edits:
            continue
        if index is None:
            index = array("l", range(len(cur) + 1))
        cur, index = _apply(cur, index, edits)
    return Normalised(original=text, text=cur, script=script, _index=index)


def _apply(text: str, index: array, edits: list[Edit]) -> tuple[str, array]:
    parts: list[str] = []
    new_index = array("l")
    pos = 0
    for start, end, rep in sorted(edits):
        if start < pos:  # overlapping edit: the earlier one wins
            continue
        parts.append(text[pos:start])
        new_index.extend(index[pos:start])
        parts.append(rep)
        n, m = len(rep), end - start
        if n == m:
            new_index.extend(index[start:end])
        elif n:
            # proportional inside the replaced run; the last character ends where the run ends
            new_index.extend(index[start + (i * m) // n] for i in range(n - 1))
            new_index.append(index[end - 1] if m else index[start])
        pos = end
    parts.append(text[pos:])
    new_index.extend(index[pos:])
    return "".join(parts), new_index
