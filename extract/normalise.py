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
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache, cache
from importlib import resources
from typing import Callable, Iterable, Iterator, MutableSequence

import opencc

from lawgraph.extract.lazy_pattern import LazyPattern

Edit = tuple[int, int, str]  # replace text[start:end] with the string

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Taiwan wording that a Big5 gateway puts into a mainland report (程序 → 程式, 信息 → 資訊,
# 权限 → 許可權) and the mainland words it stood for. Applied, after the characters are
# converted (OpenCC t2s), only to text detected as Traditional. OpenCC's tw2sp would undo
# more, but it reads every 文件 as 文档, 核心 as 内核, 建立 as 创建, 指标 as 指针 — right
# for software manuals, wrong for government reports, most of whose Traditional copies are
# character-by-character conversions of mainland text. Keep it small: each entry must be
# unambiguous in a report.
GATEWAY_PHRASES: dict[str, str] = {
    "高品质发展": "高质量发展",
    "品质发展": "质量发展",
    "发展品质": "发展质量",
    "水准": "水平",
    "资讯化": "信息化",
    "资讯": "信息",
    "网路": "网络",
    "网际网路": "互联网",
    "许可权": "权限",
    "程式": "程序",
    "数位化": "数字化",
    "数位": "数字",
}


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def opencc_script_chars(config: str) -> str:
    """The characters of U+4E00–U+9FFF that OpenCC's ``config`` changes, in code-point
    order: ``t2s`` gives those only Traditional text uses, ``s2t`` those only Simplified
    text uses. ``extract/data/script_chars.tsv`` holds both, so that a run does not load
    OpenCC's s2t dictionaries (60 ms) to tell the scripts apart; a test checks the file
    against the installed OpenCC (rewrite it with ``python -m lawgraph.extract.normalise``)."""
    block = "".join(chr(c) for c in range(0x4E00, 0xA000))
    converted = _converter(config).convert(block)
    return "".join(a for a, b in zip(block, converted) if a != b) if len(converted) == len(block) else ""


@lru_cache(maxsize=1)
def _script_table() -> dict[str, str]:
    text = (resources.files("lawgraph.extract") / "data" / "script_chars.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern[str]:
    """A character class of the characters that only Traditional text uses."""
    return re.compile("[" + _script_table()["traditional"] + "]")


@lru_cache(maxsize=1)
def _simplified_chars() -> re.Pattern[str]:
    return re.compile("[" + _script_table()["simplified"] + "]")


def detect_script(text: str, sample: int = 12_000) -> str:
    """``traditional`` when Traditional-only characters clearly outnumber Simplified-only ones."""
    return _script_of(text, sample)[0]


def _script_of(text: str, sample: int = 12_000) -> tuple[str, bool]:
    """The script (:func:`detect_script`) and whether to convert (:func:`has_traditional`),
    from one count of the Traditional-only characters in the sample."""
    head = text[:sample]
    trad = len(_traditional_chars().findall(head))
    if trad < 5:
        return "simplified", False
    simp = len(_simplified_chars().findall(head))
    return ("traditional" if trad > 2 * simp else "simplified"), True


def has_traditional(text: str, sample: int = 12_000) -> bool:
    """Whether a text carries Traditional characters worth converting: a mirror's copy, or a
    page whose title and lead were converted and whose body was not. Converting Simplified
    text changes nothing, so a few characters are enough."""
    return len(_traditional_chars().findall(text[:sample])) >= 5


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


# Chinese punctuation (，。：；！？) stays as it is: every pattern accepts it. Only forms that
# have an ASCII twin the patterns would otherwise have to list twice are folded.
for _ch in "，：；！？":
    _WIDTH_TABLE.pop(ord(_ch), None)


def _char_class(codes: Iterable[int]) -> str:
    """A regular-expression class of these code points, consecutive ones as ranges (the
    regex compiler takes ~20 ms for a class of a thousand single characters)."""
    out: list[str] = []
    run: list[int] = []
    for c in sorted(codes):
        if run and c == run[-1] + 1:
            run.append(c)
            continue
        if run:
            out.append(re.escape(chr(run[0])) + (f"-{re.escape(chr(run[-1]))}" if len(run) > 1 else ""))
        run = [c]
    if run:
        out.append(re.escape(chr(run[0])) + (f"-{re.escape(chr(run[-1]))}" if len(run) > 1 else ""))
    return "[" + "".join(out) + "]"


# X+ written XX*: a pattern that opens with a repeat gets no first-character scan from the
# regex compiler, and is tried at every position (4-12x slower over a whole report).
_FOLD_RE = re.compile(_char_class(_WIDTH_TABLE) * 2 + "*")


def fold_width(text: str) -> str:
    """Full-width letters, digits and brackets → ASCII; Kangxi radicals and compatibility
    ideographs → unified ones. One character for one character, so it needs no edits."""
    return _FOLD_RE.sub(lambda m: m.group().translate(_WIDTH_TABLE), text)


_SPACES = re.compile(r"[ \t][ \t]*")  # [ \t]+ (see _FOLD_RE)
_IS_CJK = re.compile(f"[{CJK}]")


def spaces_between_cjk_and_digits(text: str) -> Iterator[Edit]:
    """`西城区 2025 年` → `西城区2025年` (typeset spacing, not meaning)."""
    for m in _SPACES.finditer(text):
        a, b = m.start(), m.end()
        if a == 0 or b >= len(text):
            continue
        before, after = text[a - 1], text[b]
        if (_IS_CJK.match(before) and after.isdigit()) or (before.isdigit() and _IS_CJK.match(after)):
            yield (a, b, "")


_SEGMENT = LazyPattern(rf"[{CJK}][{CJK}]*")  # [CJK]+ (see _FOLD_RE)


def traditional_to_simplified(text: str) -> Iterator[Edit]:
    """OpenCC ``t2s`` over the whole text (Taiwan wording is :func:`gateway_phrases`'s job);
    where a phrase changed length, the lines concerned are aligned again run by run, so
    that edits stay local."""
    conv = _converter("t2s")
    try:
        whole = conv.convert(text)
    except UnicodeError:  # lone surrogates: OpenCC takes UTF-8; convert run by run instead
        yield from _by_runs(conv, text, 0)
        return
    if len(whole) == len(text):
        yield (0, len(text), whole)  # same length: every character keeps its offset
        return
    if text.count("\n") != whole.count("\n"):
        yield from _by_runs(conv, text, 0)
        return
    # Only the lines that differ are visited: equal stretches are skipped by comparing large
    # slices (a list of every line held one object per line: gigabytes for a text of line
    # breaks). Lines before a difference are equal, so they start at the same offsets.
    pos = new_pos = 0
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        new_end = whole.find("\n", new_pos)
        new_end = len(whole) if new_end < 0 else new_end
        start, new_start = pos, new_pos
        if end - pos == new_end - new_pos and text[pos:end] == whole[new_pos:new_end]:
            # This line is unchanged: skip the whole stretch that is.
            k = _common_length(text, pos, whole, new_pos)
            if pos + k >= len(text) and new_pos + k >= len(whole):
                return
            at = pos + k
            start = text.rfind("\n", pos, at) + 1 or pos
            new_start = new_pos + (start - pos)
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            new_end = whole.find("\n", new_start)
            new_end = len(whole) if new_end < 0 else new_end
        old, new = text[start:end], whole[new_start:new_end]
        if len(old) == len(new):
            yield (start, end, new)
        else:
            yield from _by_runs(conv, old, start)
        pos, new_pos = end + 1, new_end + 1


def _common_length(a: str, i: int, b: str, j: int) -> int:
    """How many characters ``a[i:]`` and ``b[j:]`` have in common at their start, found by
    comparing slices of growing size (at most 1 M characters at a time), then bisecting."""
    n = min(len(a) - i, len(b) - j)
    done, step = 0, 64
    while done < n:
        m = min(step, n - done)
        if a[i + done : i + done + m] == b[j + done : j + done + m]:
            done += m
            step = min(step * 2, 1 << 20)
            continue
        lo, hi = 0, m  # a[..lo] equal, a[..hi] not
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if a[i + done : i + done + mid] == b[j + done : j + done + mid]:
                lo = mid
            else:
                hi = mid
        return done + lo
    return n


def _by_runs(conv, text: str, offset: int) -> Iterator[Edit]:
    for m in _SEGMENT.finditer(text):
        seg = m.group()
        out = conv.convert(seg)
        if out == seg:
            continue
        if len(out) == len(seg):
            yield (offset + m.start(), offset + m.end(), out)
        else:
            yield from _aligned_edits(seg, out, offset + m.start())


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
    return [
        (offset, offset + p, new[:p]),
        (offset + p, offset + len(old) - s, new[p : len(new) - s]),
        (offset + len(old) - s, offset + len(old), new[len(new) - s :]),
    ]


_GATEWAY_RE = re.compile("|".join(sorted(map(re.escape, GATEWAY_PHRASES), key=len, reverse=True)))


def gateway_phrases(text: str) -> list[Edit]:
    """Undo the Taiwan wording a Big5 gateway adds (see GATEWAY_PHRASES); 程式化 (formulaic)
    is a word of its own."""
    return [
        (m.start(), m.end(), GATEWAY_PHRASES[m.group()]) for m in _GATEWAY_RE.finditer(text) if not (m.group() == "程式" and text.startswith("化", m.end()))
    ]


# Conversion mirrors print a character's reading after it: 建設(shè), 環境保(bao)護法,
# 的(de)(de)(de). A reading is one pinyin syllable, with or without tone marks.
_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v)"
    r"[1-5]?"
)
_READING = LazyPattern(rf"(?<=[{CJK}])(?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{{1,7}}[1-5]?[)）])+")
# A bracket then a small letter, found from the letter (rare in Chinese text; brackets are not)
_READING_START = re.compile("[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ](?<=[(（].)")
_MARKED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]")


def pinyin_readings(text: str) -> list[Edit]:
    """`建設(shè)` → `建設`: readings a conversion mirror inserted after characters. A lone
    unmarked one (企业(an)) is kept unless the text has others: mirrors insert hundreds."""
    if not _READING_START.search(text):
        return []
    found = []
    for m in _READING.finditer(text):
        syllables = re.findall(r"[(（]([^()（）]+)[)）]", m.group())
        if all(_SYLLABLE.fullmatch(x.translate(_TONES)) for x in syllables):
            found.append(m)
    if sum(m.group().count("(") + m.group().count("（") for m in found) < 2 and not any(_MARKED.search(m.group()) for m in found):
        return []
    return [(m.start(), m.end(), "") for m in found]


# Case spelled out rather than re.IGNORECASE, which makes the compiler case-fold all 28,000
# characters of the CJK ranges (10 ms at import); ſ is what IGNORECASE matches for s.
_MARKUP = LazyPattern(rf"(?<=[{CJK}])(?:<\s*/?\s*[bB][rR]\s*/?\s*>|[bB][rR]|&[nN][bB][sSſ][pP];)+(?=[{CJK}])")


def stray_markup(text: str) -> list[Edit]:
    """`海南省人民政府br关于…` → without the `br` a copy-paste left between characters."""
    if "br" not in text and "BR" not in text and "Br" not in text and "&nbsp;" not in text:
        return []
    return [(m.start(), m.end(), "") for m in _MARKUP.finditer(text)]


StepFn = Callable[[str], Iterable[Edit]]

#: Registry of named cleaning steps, applied in this order. ``traditional`` steps run only
#: on text detected as Traditional.
STEPS: dict[str, StepFn] = {
    "pinyin_readings": pinyin_readings,
    "stray_markup": stray_markup,
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


class _StepMap:
    """How one length-changing step moved offsets: new offset → old offset, by bisection
    over its edits (edits are sparse, so this beats a per-character table). Four machine
    integers per edit (``array``), not a tuple of int objects: a degenerate text of one edit
    every two characters keeps its map within a few times its own size."""

    def __init__(self) -> None:
        self.new_starts: MutableSequence[int] = array("q")
        self.new_ends: MutableSequence[int] = array("q")
        self.old_starts: MutableSequence[int] = array("q")
        self.old_ends: MutableSequence[int] = array("q")
        self._shift = 0

    def add(self, start: int, end: int, rep: str) -> None:
        ns = start + self._shift
        self.new_starts.append(ns)
        self.new_ends.append(ns + len(rep))
        self.old_starts.append(start)
        self.old_ends.append(end)
        self._shift += len(rep) - (end - start)

    def seal(self) -> None:
        """No more edits: a map of up to ``_LIST_EDITS`` edits is read from lists from now on
        (bisecting an array boxes an integer at every probe: twice as slow); a larger one
        stays in arrays, whose size the degenerate inputs above are about."""
        if len(self.new_starts) <= _LIST_EDITS:
            self.new_starts, self.new_ends, self.old_starts, self.old_ends = (
                list(self.new_starts),
                list(self.new_ends),
                list(self.old_starts),
                list(self.old_ends),
            )

    def old(self, p: int) -> int:
        i = bisect_right(self.new_starts, p) - 1
        if i < 0:
            return p
        ns, ne, s, e = self.new_starts[i], self.new_ends[i], self.old_starts[i], self.old_ends[i]
        if p >= ne:
            return p - ne + e
        if p == ne - 1:
            return e - 1  # the last character of a replacement ends where the replaced run ended
        return s + ((p - ns) * (e - s)) // (ne - ns)


_LIST_EDITS = 4096


@dataclass
class Normalised:
    """The cleaned text plus the way back to the original."""

    original: str
    text: str
    script: str
    _maps: list[_StepMap]  # one per length-changing step, in the order applied

    def orig(self, pos: int) -> int:
        maps = self._maps
        if len(maps) == 1:  # the usual case (spaces between Chinese and digits): no loop
            return maps[0].old(pos)
        for m in reversed(maps):
            pos = m.old(pos)
        return pos

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned [start, end) to the original, so that the original slice covers
        exactly the characters that produced the cleaned ones."""
        if not self._maps:
            return start, end
        if end <= start:
            o = self.orig(start)
            return o, o
        return self.orig(start), self.orig(end - 1) + 1


def normalise(text: str, steps: tuple[str, ...] | None = None) -> Normalised:
    """Clean ``text`` for matching. ``steps`` defaults to every step in :data:`STEPS`."""
    script, convert = _script_of(text)
    names = tuple(STEPS) if steps is None else steps
    cur = fold_width(text)
    maps: list[_StepMap] = []
    for name in names:
        if name in TRADITIONAL_ONLY and not convert:
            continue
        # Edits stream from the step into the new text and the offset map: nothing is held
        # per edit but the map's four integers (and only for a step that changes lengths).
        step_map = _StepMap()
        chunks: list[str] = []
        parts: list[str] = []
        pos = 0
        changed = resized = False
        for start, end, rep in _tidy(get_step(name)(cur)):
            parts += (cur[pos:start], rep)
            if len(parts) >= 4096:
                chunks.append("".join(parts))
                parts.clear()
            pos = end
            changed = True
            resized = resized or len(rep) != end - start
            step_map.add(start, end, rep)
        if not changed:
            continue
        parts.append(cur[pos:])
        chunks.append("".join(parts))
        del parts
        if resized:
            step_map.seal()
            maps.append(step_map)
        cur = "".join(chunks)
        del chunks
    return Normalised(original=text, text=cur, script=script, _maps=maps)


def _tidy(edits: Iterable[Edit]) -> Iterator[Edit]:
    """Sorted, without overlaps (the earlier edit wins) and without no-op edits. Steps give
    their edits in order; only if one does not are they sorted (and held) first."""
    pos = 0
    last: tuple[int, int] | None = None
    pending = iter(edits)
    for edit in pending:
        start, end, rep = edit
        if last is not None and (start, end) < last:
            # Out of order: sort the rest with what is still to come (rare; no step does it).
            rest = sorted([edit, *pending])
            for start, end, rep in rest:
                if start < pos or (end - start == len(rep) and rep == ""):
                    continue
                yield (start, end, rep)
                pos = end
            return
        last = (start, end)
        if start < pos or (end - start == len(rep) and rep == ""):
            continue
        yield (start, end, rep)
        pos = end


_SCRIPT_TABLE_HEAD = """# Characters of U+4E00-U+9FFF that only one script uses: what OpenCC's t2s changes
# (traditional) and what its s2t changes (simplified). Written by
# `python -m lawgraph.extract.normalise` from the installed OpenCC; checked by
# tests/test_extract_fast_paths.py.
"""


if __name__ == "__main__":
    out = resources.files("lawgraph.extract") / "data" / "script_chars.tsv"
    rows = f"traditional\t{opencc_script_chars('t2s')}\nsimplified\t{opencc_script_chars('s2t')}\n"
    with open(str(out), "w", encoding="utf-8") as f:
        f.write(_SCRIPT_TABLE_HEAD + rows)
    print(f"wrote {out}")
