"""An HTML page saved from a government site → the report's text, one paragraph a line.

What goes, in three passes:

1. elements that are never report text (:data:`DROP_TAGS`: scripts, styles, navigation,
   forms' widgets, frames, SVG);
2. page furniture recognised by tag or by class/id (:data:`FURNITURE_TAGS`,
   :data:`FURNITURE_ATTR`: headers, footers, menus, share buttons, font-size widgets,
   breadcrumbs, related links, print/close buttons) — unless the element holds the report
   itself (a main-content container, or the "日期:2024-03-30 来源:…" line, which the
   extractor reads the date from);
3. whole short lines of debris left in the text (:data:`DEBRIS_LINES`).

When the page has an obvious main-content container (:data:`CONTENT_SELECTORS`) only that is
kept, preceded by the page's <h1> title and the date/来源 line when they sit outside it.
Block elements become lines; ``<br>`` is a line break; runs of blank lines become one.

>>> html_to_text('<body><ul class="nav"><li>首页</li></ul><h1>报告</h1>'
...              '<div id="zoom"><p>第一段。</p><p>第二段<br>续行。</p></div>'
...              '<p>【打印】【关闭】</p></body>')
'报告\\n第一段。\\n第二段\\n续行。'
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

log = logging.getLogger(__name__)

__all__ = ["CONTENT_SELECTORS", "DEBRIS_LINES", "DROP_TAGS", "FURNITURE_ATTR", "FURNITURE_TAGS", "html_to_text"]

#: Never report text, wherever they are.
DROP_TAGS = frozenset(
    "script style noscript template nav aside button select option input textarea iframe frame "
    "frameset object embed canvas svg math map audio video head title".split()
)

#: Page furniture by tag: dropped unless it holds the report (see the module docstring).
#: A <form> often wraps a whole ASP.NET page, a <header> an article's title and date.
FURNITURE_TAGS = frozenset({"header", "footer", "form"})

#: Page furniture by class or id (a case-insensitive substring of either). Pinyin names are
#: common on Chinese sites: fenxiang 分享, zihao 字号, dayin 打印, guanbi 关闭.
FURNITURE_ATTR = (
    "nav", "menu", "share", "fenxiang", "分享", "fontsize", "font-size", "font_size", "zihao",
    "zoom", "breadcrumb", "crumb", "footer", "header", "sidebar", "related", "print", "dayin",
    "close", "guanbi", "qrcode", "erweima", "gotop", "go-top", "backtop", "back-top",
    "pagination", "pager", "copyright", "toolbar",
)  # fmt: skip

#: Main-content containers of common government CMSs. The one holding most CJK text wins;
#: when an inner one holds nearly all of it (90%), the inner one.
CONTENT_SELECTORS = (
    "article", "#zoom", ".article", ".content", "#content", ".TRS_Editor", ".TRS_UEDITOR",
    ".pages_content", ".view", ".main-content", ".article-content", "#UCAP-CONTENT",
)  # fmt: skip

_SEP = r"[\s|｜/、·•]*"
_WIDGET_WORDS = (
    "打印|打印本页|打印本頁|打印此页|打印文章|关闭|關閉|关闭窗口|關閉窗口|关闭本页|關閉本頁|收藏|加入收藏|"
    "返回顶部|返回頂部|回到顶部|回到頂部|返回|顶部|TOP|Top|top|扫一扫|掃一掃|已归档|已歸檔|"
    "上一篇|下一篇|上一条|下一条|上一條|下一條|继续访问|繼續訪問|放弃|放棄|取消|确定|確定|纠错|糾錯|我要纠错"
)

#: Whole lines (after stripping spaces) that are page debris, as regular expressions matched
#: against the entire line. Add a pattern here to drop a new kind of line. A line holding a date
#: and a 来源 ("日期:2024-03-30 20:00 来源:北京市人民政府外事办公室") matches none of them and
#: stays: the extractor reads the report's date from it. So does "来源:<name>" on its own line.
DEBRIS_LINES: tuple[str, ...] = (
    # buttons and markers, alone or in a row: 【打印】【关闭】, 关闭窗口, 返回顶部, 已歸檔, 上一篇
    rf"(?:[【\[（(]?\s*(?:{_WIDGET_WORDS})\s*[】\]）)]?{_SEP})+",
    # share widgets: 分享, 分享到：微信 微博 QQ空间
    r"(?:分享到?|分享至|分享本页|分 享)\s*[:：]?(?:微信|朋友圈|微博|新浪微博|腾讯微博|QQ空间|QQ好友|QQ|人人网|豆瓣|更多|[\s|/、])*",
    # font-size widgets: 字号：大 中 小, 【字體：大 中 小】, 字號:
    r"[【\[]?\s*(?:字号|字號|字体|字體)\s*[:：]?(?:[大中小T]|默认|默認|[\s|/、])*[】\]]?",
    # leaving-site notices: 您访问的链接即将离开“首都之窗”门户网站 是否继续?
    r".{0,40}(?:即将离开|即將離開).{0,60}(?:是否继续|是否繼續).{0,10}",
    # QR codes: 扫一扫在手机打开当前页
    r"(?:扫一扫|掃一掃|扫描二维码|掃描二維碼|手机扫码|手機掃碼).{0,30}",
    # previous/next article links: 上一篇：关于…的通知
    r"(?:上一篇|下一篇|上一条|下一条|上一條|下一條)\s*[:：].{0,100}",
    # breadcrumbs: 当前位置：首页 > 政务公开
    r"(?:当前位置|當前位置|您的位置|您现在的位置|您現在的位置|所在位置)\s*[:：].{0,120}",
    # labels left without a value, and view counters: 来源：, 浏览次数：123
    r"(?:来源|來源|作者|浏览次数|瀏覽次數|阅读次数|閱讀次數|点击数|點擊數|访问量|訪問量)\s*[:：]\s*\d*",
    # separators left over from link lists: |  >  »
    r"[\s|｜/、·•>»\-—_:：]+",
)

_CONTENT_CSS = ", ".join(CONTENT_SELECTORS)
_DEBRIS = re.compile("|".join(f"(?:{p})" for p in DEBRIS_LINES))
_FURNITURE = re.compile("|".join(re.escape(a) for a in FURNITURE_ATTR), re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# The header line with the publication date: 日期:2024-03-30, 发布时间：2024年3月30日
_DATE_LINE = re.compile(r"(?:日期|时间|時間)\s*[:：]\s*\d{4}\s*[-/.年]\s*\d{1,2}")

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li "
    "main menu nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# A line break in the source between two CJK characters renders as nothing, elsewhere as a space.
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.I)
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>\x00-\x1f]{1,2000}$", re.I)


def page_url(html: str) -> str | None:
    """Where a saved page was published: the browser's ``<!-- saved from url=… -->`` mark,
    ``<link rel="canonical">`` or ``og:url`` (http and https addresses only)."""
    m = _SAVED_FROM.search(html[:4096])
    candidates = [m.group(1)] if m else []
    tree = LexborHTMLParser(html[:200_000])
    for node in tree.css('link[rel="canonical"]'):
        candidates.append(node.attributes.get("href") or "")
    for node in tree.css('meta[property="og:url"]'):
        candidates.append(node.attributes.get("content") or "")
    for url in candidates:
        url = url.strip()
        if _SAFE_URL.match(url):
            return url
    return None


def html_to_text(html: str) -> str:
    """The report text of an HTML page (see the module docstring); "" if it has none."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    text = _page_text(root, strict=True)
    if not text:
        # Everything looked like furniture (a page that is one big widget): keep all but scripts.
        log.debug("no text after dropping page furniture; keeping it")
        text = _page_text(root, strict=False)
    return text


def _page_text(root: LexborNode, *, strict: bool) -> str:
    container = _main_container(root) if strict else None
    lines = _Walker(strict, container).lines(root)
    if container is None:
        return _tidy([ln.text for ln in lines])
    before, after = _around(lines)
    return _tidy(before + [ln.text for ln in lines if ln.inside] + after)


@dataclass
class _Line:
    text: str
    inside: bool = False  # inside the main container
    heading: bool = False  # an <h1>


_META_KEY = re.compile(
    r"^\s*(?:标\s*题|发布机构|发文机关|发文单位|制发机构|成文日期|发文日期|发布日期|文\s*号|发文字号|文件编号|"
    r"索\s*引\s*号|主题分类|公开方式)\s*[:：]?"
)


def _around(lines: list[_Line]) -> tuple[list[str], list[str]]:
    """What sits outside the main container and belongs to the report: the <h1> title, the
    page's metadata table (标题, 发布机构, 成文日期, 文号 … — a key cell and its value cell
    on lines of their own), and the date line. The title, the metadata and a date line before
    the content go first; a date line only found after it goes last."""
    before: list[str] = []
    after: list[str] = []
    have_title = have_date = False
    seen_inside = False
    value_next = False
    for ln in lines:
        if ln.inside:
            seen_inside = True
            continue
        if not seen_inside and (value_next or _META_KEY.match(ln.text)):
            before.append(ln.text)
            value_next = bool(_META_KEY.fullmatch(ln.text.strip())) and not value_next
            continue
        if not seen_inside and ln.heading and not have_title and not _DEBRIS.fullmatch(ln.text.strip()):
            before.append(ln.text)
            have_title = True
        elif not have_date and _DATE_LINE.search(ln.text):
            (after if seen_inside else before).append(ln.text)
            have_date = True
    return before, after


def _tidy(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line and _DEBRIS.fullmatch(line.strip()):
            continue
        if not line and (not out or not out[-1]):
            continue  # no leading blank line, no runs of them
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _main_container(root: LexborNode) -> LexborNode | None:
    candidates = [c for c in root.css(_CONTENT_CSS)[:50] if not _in_dropped(c)]
    if not candidates:
        return None
    walker = _Walker(strict=True, container=None)
    counts = [len(_CJK_CHAR.findall("\n".join(ln.text for ln in walker.lines(c)))) for c in candidates]
    most = max(counts)
    if most == 0:
        return None
    # The smallest candidate holding nearly all the text: the article body, not the page around it.
    best = min((count, -i) for i, count in enumerate(counts) if count >= 0.9 * most)
    return candidates[-best[1]]


def _in_dropped(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in DROP_TAGS:
            return True
        parent = parent.parent
    return False


def _children(node: LexborNode) -> list[LexborNode]:
    out = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


class _Walker:
    """Turns a subtree into lines, skipping what is not report text. Iterative: malformed
    pages nest deeper than Python's recursion limit."""

    def __init__(self, strict: bool, container: LexborNode | None):
        self.strict = strict
        self.container = container
        # Node objects are made afresh on each access: compare their addresses in the tree.
        self.container_id = container.mem_id if container is not None else None

    def lines(self, top: LexborNode) -> list[_Line]:
        self.out: list[_Line] = []
        self.buf: list[str] = []
        self.inside = self.container is None
        self.heading = 0
        self.pre = 0
        stack: list[tuple[LexborNode, bool]] = [(top, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self._leave(node)
                continue
            if node.is_text_node:
                self.buf.append(node.text_content or "")
                continue
            if not node.is_element_node or self._skip(node, node.mem_id == top.mem_id):
                continue
            self._enter(node)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(_children(node)))
        self._flush()
        return self.out

    def _enter(self, node: LexborNode) -> None:
        tag = node.tag
        if tag == "br":
            self._flush(force=True)
        elif tag in _BLOCK_TAGS:
            self._flush()
        if node.mem_id == self.container_id:
            self.inside = True
        if tag == "h1":
            self.heading += 1
        elif tag == "pre":
            self.pre += 1

    def _leave(self, node: LexborNode) -> None:
        tag = node.tag
        if tag in _BLOCK_TAGS:
            self._flush()
        if node.mem_id == self.container_id:
            self.inside = False
        if tag == "h1":
            self.heading -= 1
        elif tag == "pre":
            self.pre -= 1

    def _flush(self, force: bool = False) -> None:
        raw = "".join(self.buf)
        self.buf = []
        if self.pre:
            pieces = raw.split("\n")
        else:
            pieces = [_SPACES.sub(" ", _CJK_BREAK.sub("", raw))]
        for piece in pieces:
            # Paragraph indents (　　, &nbsp;) stay; a line of only such spaces is blank.
            piece = piece.strip(" \t\r\n\f").rstrip() if piece.strip() else ""
            if piece or force:
                self.out.append(_Line(piece, self.inside, self.heading > 0))

    def _skip(self, node: LexborNode, is_top: bool) -> bool:
        tag = node.tag
        if tag in DROP_TAGS:
            return True
        if not self.strict or is_top or node.mem_id == self.container_id:
            return False
        attrs = node.attributes
        furniture = (
            tag in FURNITURE_TAGS
            or "hidden" in attrs
            or _HIDDEN_STYLE.search(attrs.get("style") or "") is not None
            or _FURNITURE.search(f"{attrs.get('id') or ''} {attrs.get('class') or ''}") is not None
        )
        return furniture and not _holds_report(node)


def _holds_report(node: LexborNode) -> bool:
    """Furniture that must be kept anyway: it is, or holds, the main content or the date line."""
    if node.css_matches(_CONTENT_CSS) or node.css_first(_CONTENT_CSS) is not None:
        return True
    return _DATE_LINE.search(node.text(deep=True) or "") is not None
