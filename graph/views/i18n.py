"""The pages' language: Chinese by default, English with ``lawgraph views --lang en``.

Page code writes its strings in English and passes them through :func:`tr`; this module
holds the Chinese for each. The English text is the key, so a string without a Chinese
entry still reads (in English) and a test lists the ones missing (``untranslated``).
The language is set once per :func:`graph.views.write_views` call (a context variable,
so two builds in two threads do not mix).

>>> with language("zh"):
...     tr("Overview")
'总览'
>>> with language("en"):
...     tr("Overview")
'Overview'
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import Iterator

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("lawgraph_views_lang", default=DEFAULT)
#: English strings asked for in Chinese that have no entry (a test keeps this empty).
untranslated: set[str] = set()


class UnknownLanguage(ValueError):
    pass


@contextlib.contextmanager
def language(lang: str) -> Iterator[str]:
    if lang not in LANGUAGES:
        raise UnknownLanguage(f"unknown views language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    token = _LANG.set(lang)
    try:
        yield lang
    finally:
        _LANG.reset(token)


def current() -> str:
    return _LANG.get()


def html_lang() -> str:
    return "zh-CN" if current() == "zh" else "en"


def tr(text: str) -> str:
    """``text`` in the current language (``text`` itself in English)."""
    if _LANG.get() == "en":
        return text
    out = ZH.get(text)
    if out is None:
        untranslated.add(text)
        return text
    return out


def level_name(level: str | None) -> str:
    """An agency level for the reader (中央, 区县级 …); a level we have no name for as it is."""
    key = f"level:{level or 'unknown'}"
    if key not in ZH:
        return level or ""
    return (level or "unknown") if _LANG.get() == "en" else ZH[key]


ZH: dict[str, str] = {
    # navigation and common words
    "Index": "首页",
    "Overview": "总览",
    "Co-citation": "共引网络",
    "Agency similarity": "机关相似度",
    "All laws": "全部文件",
    "All agencies": "全部机关",
    "Reports": "报告",
    "Citation graph": "引用关系图谱",
    "reports": "份报告",
    "agencies": "个机关",
    "cited documents": "部被引文件",
    "citations": "次引用",
    "agency–document–year edges": "条机关–文件–年度边",
    "years": "年份",
    "Views": "视图",
    "Plots": "图表",
    "Most cited documents": "被引最多的文件",
    "Most citing agencies": "引用最多的机关",
    "No citations yet.": "尚无引用。",
    "Document": "文件",
    "Category": "类别",
    "Citations": "引用次数",
    "Agencies": "机关数",
    "Agency": "机关",
    "Documents": "文件数",
    "Reports issued": "发布报告",
    "Mentioned in": "被提及",
    "Level": "层级",
    "Region": "地区",
    "Year": "年份",
    "Total": "合计",
    "Per year": "逐年",
    "uncategorised": "未分类",
    "Filter rows…": "筛选表格…",
    "Export CSV": "导出 CSV",
    "rows": "行",
    "sort": "排序",
    # index
    "Overview of who cites what": "总览：谁引用了什么",
    "Co-citation network": "共引网络",
    "documents cited in the same reports": "同一报告中共同被引的文件",
    "agencies that cite alike": "引用相近的机关",
    "All cited documents": "全部被引文件",
    "pages": "个页面",
    "annotated views": "份标注视图",
    "(top nodes of a large graph)": "（大图只显示主要节点）",
    "{a} agencies and {d} documents": "{a} 个机关、{d} 部文件",
    "{n} reports have no annotated view because their source file is not available (gone, unreadable or changed since the build): see ": "{n} 份报告的原文件不可用（已删除、不可读或构建后已更改），没有标注视图：见",
    "Citations per year, by category": "逐年引用次数（按类别）",
    "Category shares of all citations": "各类别引用占比",
    "Top cited documents": "被引最多的文件",
    "Agency × document heat map": "机关 × 文件 热力图",
    "Agency × document: citations": "机关 × 文件：引用次数",
    "Ranked by citing agencies, then citations (query top-laws).": "按引用机关数、再按引用次数排序（查询 top-laws）。",
    "Ranked by documents cited, then citations (query top-agencies).": "按所引文件数、再按引用次数排序（查询 top-agencies）。",
    # network pages
    "Overview: who cites what": "总览：谁引用了什么",
    "Co-citation network of documents": "文件共引网络",
    "{a} agencies and {d} cited documents; an edge is an agency citing a document (all its reports of a year).": "{a} 个机关、{d} 部被引文件；一条边表示一个机关引用一部文件（该机关当年全部报告合计）。",
    "Large graph: showing the {d} most-cited of {dt} documents and the {a} most-citing of {at} agencies. Every node has its page: see ": "大图：显示 {dt} 部文件中被引最多的 {d} 部、{at} 个机关中引用最多的 {a} 个。每个节点都有自己的页面：见",
    "all laws": "全部文件",
    "all agencies": "全部机关",
    " and ": "和",
    "; the exports hold the full graph.": "；导出文件包含完整图谱。",
    "{n} agencies that are only mentioned in reports (they cite nothing) are not shown.": "{n} 个仅在报告中被提及（未引用任何文件）的机关未显示。",
    "agency (◆)": "机关（◆）",
    "Hover for details, click to select, double-click to open a node's page; drag to pan, scroll to zoom.": "悬停查看详情，单击选中，双击打开节点页面；拖动平移，滚轮缩放。",
    "Find": "查找",
    "a law or an agency: full, short, Traditional or partial name": "文件或机关：全称、简称、繁体或部分名称",
    "a document, by title": "文件名称",
    "an agency, by name": "机关名称",
    "Years": "年份",
    "to": "至",
    "Categories": "类别",
    "Agency levels": "机关层级",
    "Regions": "地区",
    "all": "全部",
    "Min. edge weight": "最小边权重",
    "Expand neighbours": "展开邻居",
    "Collapse": "收起",
    "Fit": "适应窗口",
    "Reset": "重置",
    "Two documents are linked when at least this many reports cite both; colours are communities (groups of documents cited together).": "两部文件被至少这么多份报告共同引用时相连；颜色表示社区（经常一起被引用的文件组）。",
    "Two documents are linked when one report cites both (query co-cited); edge width is the number of such reports.": "两部文件被同一份报告共同引用时相连（查询 co-cited）；边的粗细为共同引用的报告数。",
    "Large graph: the {k} most-cited of {n} documents.": "大图：{n} 部文件中被引最多的 {k} 部。",
    "{n} documents never cited together with another are not shown.": "{n} 部从未与其他文件共同被引的文件未显示。",
    "Agencies linked to their {k} most similar (Jaccard similarity of the documents they cite, query similar-agencies); edge width is the similarity; colours are communities.": "每个机关与其最相似的 {k} 个机关相连（所引文件集合的 Jaccard 相似度，查询 similar-agencies）；边的粗细为相似度；颜色表示社区。",
    "Large graph: the {k} most-citing of {n} agencies.": "大图：{n} 个机关中引用最多的 {k} 个。",
    "Community": "社区",
    "Min. reports in common": "最少共同报告数",
    "Min. similarity": "最小相似度",
    # pages
    "Id": "标识",
    "Short titles": "简称",
    "Issuer": "制定机关",
    "Status": "效力状态",
    "Promulgated": "公布日期",
    "Effective": "施行日期",
    "Repealed": "废止日期",
    "Successor": "替代文件",
    "In the catalog": "收录于目录",
    "yes": "是",
    "no (title as written in the reports)": "否（按报告中的写法）",
    "Search the national law database (flk.npc.gov.cn)": "在国家法律法规数据库（flk.npc.gov.cn）中检索",
    "reports citing it": "份引用报告",
    "citing agencies": "个引用机关",
    "first cited": "首次引用",
    "Who cites it, when": "谁在何时引用",
    "Citations per agency and year ({y}).": "各机关逐年引用次数（{y}）。",
    "no dated reports": "无年份的报告",
    "No agency cites it in a report with a known issuer and year.": "没有已知发布机关和年份的报告引用它。",
    "Citing sentences": "引用语句",
    "Cited together with": "共同被引",
    "Articles cited, by whom": "被引条款及引用机关",
    "The articles reports name right after the document, and the agencies whose reports do (query agencies-citing-article).": "报告在文件名称后直接写明的条款，以及写明该条款的机关（查询 agencies-citing-article）。",
    "No report names an article of it.": "没有报告写明其具体条款。",
    "Article": "条款",
    "Agencies (reports)": "机关（报告数）",
    "Written as": "写法",
    "articles": "条款",
    "Reports citing both": "共同引用的报告数",
    "Never cited together with another document.": "从未与其他文件共同被引。",
    "← overview": "← 总览",
    "Also written as": "又称",
    "documents cited": "部所引文件",
    "first year": "首年",
    "By year and category": "按年份和类别",
    "This agency cites nothing in a report with a known year (it may only be mentioned by others).": "该机关在已知年份的报告中未引用任何文件（可能仅被其他报告提及）。",
    "What it cites, by year": "逐年引用的文件",
    "None in the graph.": "图谱中没有。",
    "No report mentions it.": "没有报告提及它。",
    "issuer unknown": "发布机关未知",
    "Similar agencies": "相似机关",
    "Jaccard": "Jaccard 相似度",
    "Documents in common": "共同引用文件数",
    "No agency with a similar citation profile.": "没有引用相近的机关。",
    "Similarity is the Jaccard index of the documents both cite (query similar-agencies).": "相似度为双方所引文件集合的 Jaccard 指数（查询 similar-agencies）。",
    "Most often cited in the same reports (query co-cited).": "最常在同一报告中共同被引（查询 co-cited）。",
    "no annotated page: the source file is not available": "无标注页面：原文件不可用",
    "All cited documents ({n})": "全部被引文件（{n}）",
    "All agencies ({n})": "全部机关（{n}）",
    "Reports ({n})": "报告（{n}）",
    "Report": "报告",
    "Source": "来源",
    "Annotated view": "标注视图",
    "annotated": "已标注",
    "no annotated page: {why}": "无标注页面：{why}",
    "source not available": "原文件不可用",
    "{n} of {t} reports have no annotated page: their source file is gone, unreadable or changed since the graph was built (run `lawgraph views` from the folder the reports were extracted in, or pass --sources DIR).": "{t} 份报告中有 {n} 份没有标注页面：原文件已删除、不可读或在构建图谱后已更改（请在抽取报告的目录中运行 `lawgraph views`，或使用 --sources DIR）。",
    "Published": "发布日期",
    "Script": "字体",
    "Characters": "字数",
    "Cited documents": "所引文件",
    "Times": "次数",
    "Function": "作用",
    "Kind": "形式",
    # levels
    "level:central": "中央",
    "level:provincial": "省级",
    "level:municipal": "市级",
    "level:district": "区县级",
    "level:street": "街乡级",
    "level:unknown": "未知",
}
ZH.update(
    {
        "{n} nodes, {e} edges shown": "显示 {n} 个节点、{e} 条边",
        "found: {name}": "已找到：{name}",
        "not found: {q} (selection cleared)": "未找到：{q}（已清除原选择）",
        "{n} candidates for {q}: choose one": "“{q}”有 {n} 个候选，请选择",
        "filters reset to show {name}": "已重置筛选以显示 {name}",
        "open page →": "打开页面 →",
    }
)
ZH.update(
    {
        "Cited in {n} reports: the latest {k} are shown; every citing sentence is in the exports (edges.csv, graph.json).": "被 {n} 份报告引用：显示最近的 {k} 份；全部引用语句见导出文件（edges.csv、graph.json）。",
        "year unknown": "年份未知",
        "times": "次",
        "function": "作用",
    }
)
ZH["document numbers"] = "文号"
ZH.update(
    {
        "{c} citations and {a} agency names highlighted; each links to its page. ": "标出 {c} 处引用和 {a} 处机关名称，均链接到其页面。",
        "cited document": "被引文件",
    }
)
ZH["Very large graph: the {k} heaviest of {n} edges are drawn (every node keeps its heaviest); documents are labelled on hover."] = (
    "超大图：只绘制 {n} 条边中最重的 {k} 条（每个节点至少保留其最重的一条边）；文件名称在悬停时显示。"
)

ZH.update(
    {
        "Repealed at the report's date ({date})": "报告日期时已废止（{date}）",
        "Not yet in force at the report's date (from {date})": "报告日期时尚未施行（{date} 起施行）",
        "Validity at the report's date": "报告日期时的效力",
        "In force from": "施行日期",
        "Stale citations": "失效引用",
        "Citations of documents repealed, or not yet in force, at the date of the citing report (query stale-citations).": "引用了在报告日期时已废止或尚未施行的文件（查询 stale-citations）。",
        "stale citations": "失效引用",
    }
)
