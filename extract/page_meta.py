"""The lines around a report: bounded views of its head and tail, page furniture, and the
metadata blocks government pages carry (标题 / 发布机构 / 成文日期 / 文号 / 索引号 …).

Every function here reads at most :data:`HEAD_CHARS` characters from the start of a text and
:data:`TAIL_CHARS` from its end, so a report of 60 MB of blank lines costs what a short one
does.

A metadata block comes in the shapes government sites and their copies give it:

* ``key: value`` lines, several pairs on one line (``来源:静海区人民政府办公室 发布时间:2024-03-28``);
* pipe tables (``| 索 引 号 | XM00128-30-01 | 主题分类 | 文件通知 |``), where a key whose
  cell is followed by another key has no value;
* a key glued to its value (``发文机关中共安徽省交通运输厅党组``);
* a key alone on its line and its value on the next (an HTML table flattened to lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEAD_CHARS = 6000
TAIL_CHARS = 2000
MAX_LINE = 400  # longer lines keep their start; their text is cut (no title is that long)


@dataclass(frozen=True)
class Line:
    start: int  # offset of the line's first non-space character
    text: str  # stripped, at most MAX_LINE characters


def head_lines(text: str, limit: int = 60) -> list[Line]:
    """The first non-blank lines (at most ``limit``) within :data:`HEAD_CHARS` characters."""
    return _lines(text, 0, min(len(text), HEAD_CHARS), limit)


def tail_lines(text: str, limit: int = 15) -> list[Line]:
    """The last non-blank lines (at most ``limit``) within :data:`TAIL_CHARS` characters."""
    start = max(0, len(text) - TAIL_CHARS)
    if start:
        nl = text.find("\n", start)
        start = len(text) if nl == -1 else nl + 1
    return _lines(text, start, len(text), None)[-limit:]


_BULLET_CHARS = set("•·●■◆▪◇○□►▶*")
_BULLETS = re.compile(r"^[\s•·●■◆▪◇○□►▶*]*")


def _lines(text: str, start: int, end: int, limit: int | None) -> list[Line]:
    out: list[Line] = []
    pos = start
    while pos < end and (limit is None or len(out) < limit):
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        raw = text[pos : min(stop, pos + MAX_LINE + 40)]
        stripped = raw.strip()
        if stripped:
            # list bullets a page puts before its lines (• 当前位置…) are not part of them
            body = _BULLETS.sub("", raw) if stripped[0] in _BULLET_CHARS else raw.lstrip()
            lead = len(raw) - len(body)
            if body.strip():
                out.append(Line(pos + lead, body.strip()[:MAX_LINE]))
        pos = stop + 1
    return out


# --- page furniture -------------------------------------------------------------------

# Lines a web page wraps around a report: breadcrumbs, page furniture, links to the
# neighbouring articles, the site's own header with today's date. They name no title,
# year or issuer of this report.
_FURNITURE_WORDS = (
    r"当前位置|您现在的位置|您的位置|您所在的位置|所在位置|位置|首页|上一篇|下一篇|上一条|下一条|上一页|下一页|"
    r"相关链接|相关文章|相关阅读|相关新闻|相关附件|附件下载|责任编辑|编辑|审核|校对|来源|信息来源|文章来源|稿件来源|"
    r"浏览次数|阅读次数|点击数|点击率|访问量|访问次数|浏览量|阅读量|字号|【?字体|【?字号|分享|打印|关闭|主办单位|承办单位|协办单位|"
    r"主办|承办|网站标识码|网站地图|联系我们|版权所有|Copyright|ICP|京ICP|无障碍|简体|繁体|繁體|English|登录|注册|"
    r"跳转到内容|跳到导航|维基文库|本作品|今天是|欢迎访问|设为首页|加入收藏|扫一扫|手机版|微信|微博|政务服务|"
    r"发布时间|更新时间|发布日期|日期|时间|作者|【\s*(?:打印|关闭|字体|字号)"
)
_LINK_TRAIL = r"[>＞»›]\s*[^>＞»›]+\s*[>＞»›]"  # 首页 > 政务公开 > 法治政府
# What a furniture line starts with, and what stands anywhere in one. Kept apart (one
# .match, then .search with patterns that open with a character or a class): a pattern
# with ^ in one branch gives the regex engine nothing to scan for, so it tried every branch
# at every position of every head and tail line.
_FURNITURE_START = re.compile(rf"(?:{_FURNITURE_WORDS})|\d{{4}}卷$", re.I)
_FURNITURE_ANYWHERE = (
    re.compile(_LINK_TRAIL),
    re.compile(r"星期[一二三四五六日天]"),
    re.compile(r"(?:门户网站|网站|政府网|信息网|公众网|政务网|网站群|政务服务网|客户端|公众号)(?:[\s|｜/]|$)"),
)


def is_furniture(line: str) -> bool:
    """A line of page furniture: never a title, year or issuer of the report it wraps."""
    return _FURNITURE_START.match(line) is not None or any(p.search(line) for p in _FURNITURE_ANYWHERE)


# Furniture that also carries citations or agency names that belong to other pages:
# links to neighbouring articles, footers. What is named on these lines is not the report's.
_FOREIGN_WORDS = (
    r"上一篇|下一篇|上一条|下一条|上一页|下一页|相关链接|相关文章|相关阅读|相关新闻|主办单位|承办单位|协办单位|"
    r"主办|承办|版权所有|网站标识码|Copyright|ICP|京ICP|联系我们|网站地图"
)
_FOREIGN_START = re.compile(rf"(?:{_FOREIGN_WORDS})", re.I)
_FOREIGN_LINKS = re.compile(_LINK_TRAIL)


def _foreign(line: str) -> bool:
    return _FOREIGN_START.match(line) is not None or _FOREIGN_LINKS.search(line) is not None


def foreign_spans(text: str, lines: list[Line] | None = None) -> list[tuple[int, int]]:
    """Spans (in ``text``) of head and tail lines (``lines``, read again if not given) that
    name other pages' documents and bodies: 上一篇/下一篇 links, breadcrumbs, 主办单位 footers."""
    seen = set()
    out = []
    for line in lines if lines is not None else head_lines(text) + tail_lines(text):
        if line.start in seen:
            continue
        seen.add(line.start)
        if _foreign(line.text):
            end = text.find("\n", line.start)
            out.append((line.start, len(text) if end == -1 else end))
    return sorted(out)


# --- metadata blocks ----------------------------------------------------------------

#: Metadata keys as pages write them (spaces inside them vary: 索 引 号), and what they mean.
KEYS: dict[str, str] = {
    "标题": "title", "名称": "title", "文件名称": "title", "信息名称": "title", "公文标题": "title",
    "发布机构": "issuer", "发文机关": "issuer", "发文单位": "issuer", "制发机构": "issuer", "发布单位": "issuer",
    "发文机构": "issuer", "成文单位": "issuer", "制发机关": "issuer", "生成机构": "issuer",
    "成文日期": "written", "发文日期": "written", "印发日期": "written", "签发日期": "written",
    "发布日期": "released", "发布时间": "released", "公开日期": "released", "公布日期": "released",
    "生成日期": "released", "日期": "released", "时间": "released", "更新时间": "updated",
    "文号": "doc_number", "发文字号": "doc_number", "文件编号": "doc_number", "文件字号": "doc_number",
    "索引号": "index", "主题分类": "topic", "公开方式": "other", "公开时限": "other", "公开范围": "other",
    "时效性": "other", "有效性": "other", "效力级别": "other", "施行日期": "other", "生效日期": "other",
    "主题词": "other", "体裁分类": "other", "组配分类": "other", "公文种类": "other", "所属机构": "other",
    "来源": "source", "信息来源": "source", "文章来源": "source", "稿件来源": "source",
    "解读机关": "interpreter", "解读单位": "interpreter", "解读部门": "interpreter", "起草单位": "other",
    "公开类别": "other", "信息类别": "other", "分类": "other", "发布时间2": "other",
    "浏览次数": "other", "阅读次数": "other", "点击数": "other", "点击率": "other", "访问量": "other",
    "浏览量": "other", "阅读量": "other", "作者": "other", "责任编辑": "other", "编辑": "other", "字号": "other",
}  # fmt: skip
# What a value must look like for its key (an empty field leaves the next line alone).
_DATE_LIKE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]")
_ANY = re.compile(r".")
_FITS = {
    "written": _DATE_LIKE,
    "released": _DATE_LIKE,
    "updated": _DATE_LIKE,
    "doc_number": re.compile(r"^[^，。]{0,20}[〔\[【(（]?\s*(?:19|20)\d{2}\s*[〕\]】)）]?\s*(?:第\s*)?\d{1,5}\s*号$|^[A-Za-z0-9/\-]{3,30}$"),
    "issuer": re.compile(r"^[^，。；;]{2,40}$"),
    "interpreter": re.compile(r"^[^，。；;]{2,40}$"),
    "index": re.compile(r"[0-9A-Za-z]"),
}
_KEY_ALT = "|".join(sorted((r"\s*".join(map(re.escape, k)) for k in KEYS), key=len, reverse=True))
_KEY_CELL = re.compile(rf"^(?:{_KEY_ALT})\s*[:：]?$")
_PAIR = re.compile(rf"(?P<key>{_KEY_ALT})\s*[:：]\s*")
_GLUED = re.compile(rf"^(?P<key>{_KEY_ALT})(?![:：\s])(?P<value>\S.*)$")
# Same length as what it replaces, so that offsets into the line stay right.
_KEY_IN_BRACKETS = re.compile(rf"[\[【]\s*({_KEY_ALT})\s*[\]】]")


@dataclass
class PageMeta:
    """What a page's metadata block says, each value with its span in the text."""

    fields: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # meaning → (value, start, end)
    lines: set[int] = field(default_factory=set)  # starts of the lines that are metadata

    def get(self, meaning: str) -> str | None:
        v = self.fields.get(meaning)
        return v[0] if v else None

    def put(self, key: str, value: str, start: int) -> bool:
        meaning = KEYS.get(re.sub(r"[\s:：\[\]【】]+", "", key))
        lead = len(value) - len(value.lstrip(" \t|｜:："))
        value = value.strip(" \t|｜:：")
        if not meaning or not value or meaning in self.fields or _KEY_CELL.match(value):
            return False
        if not _FITS.get(meaning, _ANY).search(value):
            return False  # 文号 followed by the title line: the 文号 was empty
        self.fields[meaning] = (value, start + lead, start + lead + len(value))
        return True


def page_meta(lines: list[Line]) -> PageMeta:
    """The metadata block among the head lines."""
    meta = PageMeta()
    pending: Line | None = None  # a key alone on its line, waiting for its value
    for line in lines:
        if "[" in line.text or "【" in line.text:
            # [ 发布日期 ] 2023-02-01 [ 主题分类 ] 司法: the same as 发布日期：2023-02-01 主题分类：司法
            line = Line(line.start, _KEY_IN_BRACKETS.sub(lambda m: m.group(1).ljust(len(m.group()) - 1) + "：", line.text))
        t = line.text
        if pending is not None:
            if not _KEY_CELL.match(t) and len(t) <= 80 and meta.put(pending.text, t, line.start):
                meta.lines.add(line.start)
                pending = None
                continue
            pending = None
        if "|" in t or "｜" in t:
            if _pipe_row(t, line.start, meta):
                meta.lines.add(line.start)
            continue
        if _KEY_CELL.match(t):
            pending = line
            meta.lines.add(line.start)
            continue
        # key: value pairs count only from the line's start: most lines are not (one match
        # at 0 instead of a search through the whole line for the first key)
        pairs = list(_PAIR.finditer(t)) if _PAIR.match(t) else []
        if pairs and pairs[0].start() == 0:
            for i, m in enumerate(pairs):
                stop = pairs[i + 1].start() if i + 1 < len(pairs) else len(t)
                meta.put(m.group("key"), t[m.end() : stop], line.start + m.end())
            meta.lines.add(line.start)
            continue
        glued = _GLUED.match(t)
        if glued and len(t) <= 60:
            meta.put(glued.group("key"), glued.group("value"), line.start + glued.start("value"))
            meta.lines.add(line.start)
    return meta


def _pipe_row(t: str, start: int, meta: PageMeta) -> bool:
    cells = [(m.start(), m.group()) for m in re.finditer(r"[^|｜]+", t)]
    cells = [(s + len(c) - len(c.lstrip()), c.strip()) for s, c in cells if c.strip()]
    found = False
    for i, (_, c) in enumerate(cells):
        key = c.rstrip(":： ")
        if not _KEY_CELL.match(c):
            continue
        found = True
        if i + 1 < len(cells) and not _KEY_CELL.match(cells[i + 1][1]):
            meta.put(key, cells[i + 1][1], start + cells[i + 1][0])
    return found
