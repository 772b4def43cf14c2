"""Report metadata: its title, the reporting year, the publication date and the issuer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract import agencies
from extract.agencies import Context, Found
from extract.normalise import CJK
from extract.regions import gazetteer

HEAD_LINES = 12
TAIL_LINES = 12
_REPORT_WORD = re.compile(r"报告|总结|情况")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")
_BODY_YEAR = re.compile(r"((?:19|20)\d{2})年(?:度)?(?:推进|法治政府建设|依法行政|工作)")
_CN_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?:日期|发布时间|发布日期|发文日期|成文日期|时间)\s*[:：]?\s*((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_ENUM_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|\d+[.、])")
_PARTY_GROUP = re.compile(r"^中共.+(?:党组|党委|委员会)$")


def _LINE_IS_NAME(line: str) -> bool:
    return not _TITLE_YEAR.search(line) and not _REPORT_WORD.search(line)


@dataclass
class Meta:
    title: str | None
    year: int | None
    published: str | None
    issuer: Found | None
    issuer_surface: str | None
    issuer_span: tuple[int, int] | None  # cleaned-text offsets, None when inferred
    context: Context


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos + len(line) - len(line.lstrip()), line.strip()))
        pos += len(line) + 1
    return out


# Lines a web page wraps around a report: breadcrumbs, page furniture, links to the
# neighbouring articles. They name no title, year or issuer of this report.
_DEBRIS = re.compile(
    r"^(?:当前位置|您现在的位置|您的位置|位置|首页|上一篇|下一篇|上一条|下一条|相关链接|相关文章|来源|信息来源|"
    r"发布机构|发文机关|浏览次数|阅读次数|点击数|访问量|字号|【?字体|分享|打印|关闭|主办单位|承办单位|协办单位|"
    r"网站标识码|网站地图|联系我们|版权所有|Copyright|ICP|京ICP|索引号|主题分类)"
    r"|[>＞»›]\s*[^>＞»›]+\s*[>＞»›]",
    re.I,
)


def _is_debris(line: str) -> bool:
    return bool(_DEBRIS.search(line))


def _head(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    head = []
    for pos, line in lines[: HEAD_LINES * 2]:
        if _is_debris(line):
            continue
        if len(line) > 60 or _ENUM_START.match(line) or len(head) == HEAD_LINES:
            break
        head.append((pos, line))
    return head


_TITLE_END = re.compile(r"(?:报告|总结|情况|汇报)$")


def find_title(lines) -> tuple[int, str] | None:
    """The header line that names the report; a title broken over two or three lines is
    joined, and so is an issuer line before a title that starts with 关于."""
    head = _head(lines)
    for i, (pos, line) in enumerate(head):
        if _REPORT_WORD.search(line) and len(line) >= 4:
            start = pos
            if i and not _TITLE_YEAR.search(line):
                prev_pos, prev = head[i - 1]
                if _TITLE_YEAR.search(prev) and len(prev) <= 40:
                    start, line = prev_pos, prev + line
            # 关于2022年度法治政府建设情况的 / 报告
            for _, nxt in head[i + 1 : i + 3]:
                if _TITLE_END.search(line) and not line.endswith("的"):
                    break
                if len(nxt) > 15 or len(line) + len(nxt) > 60 or _TITLE_YEAR.search(nxt):
                    break
                line += nxt
            # 武汉市人民政府 / 关于2022年度法治政府建设情况的报告
            if line.startswith("关于") and start == pos and i:
                prev_pos, prev = head[i - 1]
                if _LINE_IS_NAME(prev) and len(prev) <= 30 and agencies.parse_name(prev, Context()):
                    start, line = prev_pos, prev + line
            return start, line
    return None


def find_year(title: str | None, text: str) -> int | None:
    if title:
        m = _TITLE_YEAR.search(title)
        if m:
            return int(m.group(1))
    counts: dict[int, int] = {}
    body = "\n".join(line for line in text[:5000].split("\n") if not _is_debris(line.strip()))
    for m in _BODY_YEAR.finditer(body):
        y = int(m.group(1))
        counts[y] = counts.get(y, 0) + 1
    if counts:
        # the year the report is about comes first and most often; next year's plans come later
        return max(counts, key=lambda y: (counts[y], -y))
    return None


_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0", "Ｏ": "0"}
_CN_NUMERAL_DATE = re.compile(r"([〇○零OＯ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def _cn_number(s: str) -> str:
    """十二 → 12, 二十三 → 23, 三十一 → 31 (the range that months and days need)."""
    if "十" not in s:
        return "".join(_CN_DIGITS.get(c, c) for c in s)
    tens, _, ones = s.partition("十")
    return str(int(_CN_DIGITS.get(tens, "1") if tens else "1") * 10 + (int(_CN_DIGITS[ones]) if ones else 0))


def find_published(lines) -> str | None:
    """A 日期:2024-03-30 header, else a date line in the signature (2025 年 12 月 23 日 or
    二〇二五年十二月二十三日)."""
    for pos, line in lines[:HEAD_LINES]:
        m = _ISO_DATE.search(line)
        if m:
            return _iso(*m.groups())
    for pos, line in reversed(lines[-TAIL_LINES:]):
        compact = re.sub(r"\s+", "", line)
        m = _CN_DATE.fullmatch(compact)
        if m:
            return _iso(*m.groups())
        m = _CN_NUMERAL_DATE.fullmatch(compact)
        if m:
            y = "".join(_CN_DIGITS.get(c, c) for c in m.group(1))
            return _iso(y, _cn_number(m.group(2)), _cn_number(m.group(3)))
    return None


def _iso(y: str, m: str, d: str) -> str | None:
    mi, di = int(m), int(d)
    if 1 <= mi <= 12 and 1 <= di <= 31:
        return f"{int(y):04d}-{mi:02d}-{di:02d}"
    return None


def _region_hint(text: str) -> Context:
    """Where a report comes from when no issuer says so: its most named province or city."""
    g = gazetteer()
    counts: dict[str, int] = {}
    for m in re.finditer(rf"[{CJK}]{{2,6}}?(?:省|市|自治区)", text[:20000]):
        for n in range(len(m.group()), 1, -1):
            name = m.group()[-n:]
            places = g.find(name)
            if places and places[0].level in ("provincial", "municipal"):
                counts[name] = counts.get(name, 0) + 1
                break
    if not counts:
        return Context(hints=text[:20000])
    best = max(sorted(counts), key=lambda k: counts[k])
    place = g.resolve(best, text[:20000])
    return Context.of(place, text[:20000])


def find_meta(text: str) -> Meta:
    """Everything the header, the first paragraph and the signature say about the report."""
    lines = _lines(text)
    hints = text[:20000]
    base = Context(hints=hints)
    t = find_title(lines)
    title = re.sub(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])", "", t[1]) if t else None

    issuer: Found | None = None
    surface = span = None
    candidates: list[tuple[int, str]] = []
    for pos, line in _head(lines):
        if t and t[0] <= pos < t[0] + len(t[1]) + 2 and not _LINE_IS_NAME(line):
            m = _TITLE_YEAR.search(line)
            lead = line[: m.start()].strip() if m else ""
            lead = re.sub(r"关于$", "", lead)
            if lead:
                candidates.append((pos, lead))
            continue
        candidates.append((pos, line))
    for pos, line in sorted(candidates, key=lambda c: bool(_PARTY_GROUP.match(c[1]))):
        f = agencies.parse_name(line, base)
        if f:
            issuer, surface, span = f, line, (pos, pos + len(line))
            break
    if issuer is None:
        # 2022年，东城区人民政府外事办公室（以下简称“区政府外办”）在…
        first = text[(t[0] + len(t[1])) if t else 0 :][:400]
        offset = (t[0] + len(t[1])) if t else 0
        for f in agencies.find_agencies(first, base):
            if f.level != "central":
                issuer = f
                surface, span = first[f.start : f.end], (offset + f.start, offset + f.end)
                break
    if issuer is None:
        for pos, line in reversed(lines[-TAIL_LINES:]):
            if _is_debris(line):
                continue
            ctx = _region_hint(text)
            f = agencies.parse_name(line, ctx)
            if f:
                issuer, surface, span = f, line, (pos, pos + len(line))
                break
    if issuer is not None:
        place = gazetteer().resolve(_region_name(issuer.region), hints) if issuer.region and issuer.region != "全国" else None
        ctx = Context.of(place, hints) if place else _region_hint(text)
    else:
        ctx = _region_hint(text)
    year = find_year(title, text)
    return Meta(title, year, find_published(lines), issuer, surface, span, ctx)


def _region_name(region: str) -> str:
    """北京市东城区 → 东城区 (the most local name, as the gazetteer lists it)."""
    g = gazetteer()
    for n in range(len(region), 1, -1):
        tail = region[-n:]
        if g.find(tail):
            return tail
    return region
