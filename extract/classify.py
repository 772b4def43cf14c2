"""Rules that give a category to a title the catalog does not know.

Order matters and is written down here once: what the text around a title says about it
(杂志, 栏目, 专题片 …) beats what the title itself looks like; then non-normative shapes
(books, compilations); then the document's type word at the end of the title, read
together with its issuing prefix (中华人民共和国 / 中国共产党 / a province or city / a district).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lawgraph.extract.lazy_pattern import LazyPattern
from lawgraph.extract.regions import starts_with_district

# Words right after a title that say it is a publication, programme or work, not a rule.
_MEDIA_AFTER = re.compile(
    r"^(?:》)?\s*(?:杂志|期刊|刊物|报刊|日报|晚报|周刊|月刊|栏目|专栏|节目|频道|专题片|纪录片|宣传片|"
    r"微电影|电视剧|电影|一书|丛书|书籍|读本|图书|画册|展览|主题展|展陈|文章|署名文章|理论文章|评论员文章|"
    r"社论|专刊|简报|动态|刊发|发表|刊登|刊载|播出|首播|开播|上发表|上刊发|上刊登|上刊载|上播出)"
)
# (Not a bare 在 or 于: 关于《…》 and 在《条例》实施一周年之际 are about rules.)
_MEDIA_BEFORE = re.compile(
    r"(?:登上|刊于|刊发于|刊登于|载于|发表于|杂志|期刊|栏目|节目|专题片|纪录片|宣传片|微电影|电影|著作|专著|文章|署名文章|"
    r"展览|主题展|出版|编印|编发|录制|录播|拍摄|制作推出|刊物|读物)\s*$"
)

# Shapes of titles that are books, compilations, speeches, articles.
_NON_NORMATIVE_END = re.compile(
    r"(?:学习纲要|学习问答|学习读本|读本|问答|汇编|选编|摘编|文选|文集|选集|节选|应知应会|手册|"
    r"讲话|重要讲话|论述摘编|故事|风采录|纪实|一百问|百问百答|案例选|白皮书|蓝皮书|指南针|发展报告|研究报告|调研报告|"
    r"年鉴|志)$"
)

_STANDARD = re.compile(r"(?:^(?:GB|DB\d*|GA|JGJ|WS|HJ)(?:/[TZ])?\s*\d|标准$|技术规范$|规范$|导则$|译法$|标准体系$)")

_REGION_PREFIX = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,8}?(?:省|自治区|特别行政区)|北京市|天津市|上海市|重庆市|[\u4e00-\u9fff]{1,6}?市|"
    r"中国（[\u4e00-\u9fff]{2,8}）|"  # 中国（江苏）自由贸易试验区条例: a province's own
    r"(?:北京|天津|上海|重庆|河北|山西|内蒙古|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|"
    r"海南|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆)(?!省|市|自治区))"  # 甘肃祁连山…条例: a province's short name
)
# Local people's congresses make these; a government could not.
_LOCAL_LEGISLATION = re.compile(
    r"^(?:.{2,12}?(?:省|自治区|市|自治州|自治县))?实施《[^《》]+法》(?:办法|细则|若干规定|条例)$"  # 湖北省实施《…法》办法
    r"|^上海市浦东新区.+(?:规定|条例)$"  # 浦东新区法规
    r"|^海南自由贸易港.+(?:规定|条例)$"  # 海南自由贸易港法规
    r"|^[\u4e00-\u9fff]{2,6}经济特区.+(?:规定|条例|办法)$"  # 经济特区法规
    r"|^[\u4e00-\u9fff]{2,14}(?:开发区|高新区|新区|自由贸易试验区)条例$"  # a zone's own regulation
    r"|^.{2,12}?(?:省|自治区|市|自治州|县|区)人民代表大会(?:常务委员会)?关于.+的(?:决定|决议)$"
)
# 杭州市市场监督管理局…规则: a department's own rules are normative documents; only a
# province's or city's government makes 规章 (and it does not name itself in the title).
_DEPARTMENT_AFTER_REGION = LazyPattern(r"^.{2,12}?(?:省|自治区|市|区|县)[\u4e00-\u9fff]{0,12}?(?:局|厅|委员会|办公室|办公厅|人民政府|政府|系统|机关)")
# National rules of a ministry's field, without an issuer in the title: 公安机关办理行政案件程序规定,
# 交通运输行政执法程序规定, 市场监督管理行政处罚程序规定 — departmental rules (部门规章).
_MINISTRY_RULE = re.compile(r"(?:规定|办法|规则)$")
_MINISTRY_FIELD = re.compile(
    r"^(?:重大)?(?:公安机关|交通运输|市场监督管理|市场监管|税务|自然资源|生态环境|安全生产|应急管理|海关|人力资源社会保障|"
    r"工商行政管理机关|工商行政管理|质量技术监督|食品药品|食品|药品|医疗器械|化妆品|卫生健康|教育行政|中小学|高等学校|"
    r"文化和旅游|文化市场|农业农村|农药|兽药|水利|住房城乡建设|建筑|民政|司法行政|律师|公证|商务|财政|审计|统计|林业|"
    r"草原|气象|邮政|民航|铁路|网络|互联网|出版|广播电视|医疗保障|消防|特种设备|价格|外汇|证券|保险|专利|商标|"
    r"不可靠实体|出口管制|反倾销|土地|矿产|测绘|地质|海洋|渔业|道路运输|机动车|船舶|港口|烟草|粮食|档案|保密)"
)
# 自治区, 自治州, 自治县 and 自治旗 legislate 自治条例 and 单行条例: local legislation.
_AUTONOMOUS = LazyPattern(r"^[\u4e00-\u9fff]{2,16}?(?:自治州|自治县|自治旗)|自治条例$|单行条例")
# A government department (区市场监管局, 交通运输局): its rules are never the party's.
_DEPARTMENT = LazyPattern(r"^[\u4e00-\u9fff]{0,12}?(?:局|厅|委员会|办公室)[\u4e00-\u9fff]")
_NATIONAL_CONGRESS = re.compile(r"^全国人民代表大会(?:常务委员会)?关于.+的(?:决定|决议)$")
_PARTY = re.compile(r"^(?:中国共产党|中共|党内|党组|党委|党的)|党员|党组织|党组|党委|纪律处分|纪律检查|巡视|问责|党政")

# (Not 方案: a 工作方案 or 分工方案 an agency issues is a normative document.)
_WORKING = re.compile(
    r"(?:工作要点|要点|清单|目录|汇总表|一览表|统计表|台账|表|总结|工作总结|报告|情况报告|工作规则|议事规则|"
    r"任务分解|任务分工|工作计划|计划|安排|流程|考核标准|评价标准|评分标准|考评标准|考核细则|评分细则)$"
)
_NORMATIVE = re.compile(
    r"(?:意见|实施意见|指导意见|若干意见|办法|实施办法|暂行办法|管理办法|措施|若干措施|举措|实施细则|细则|规定|"
    r"若干规定|暂行规定|决定|决议|通知|通告|公告|指引|指南|规程|守则|准则|规则|批复|函|实施方案|方案|"
    r"工作机制|机制|制度|预案|应急预案|工作规范|行为规范|职责|工作职责|指标体系|评价体系|考核体系|基准|裁量基准|裁量权基准|"
    r"细化标准|裁量标准|适用标准|大纲|教育大纲)$"
)
_PLAN = re.compile(r"(?:规划|纲要|规划纲要|实施纲要|远景目标纲要|行动纲要|发展纲要)$")
_LAW = re.compile(r"(?:法典|法)$")
_NOT_LAW = re.compile(r"(?:办法|方法|做法|译法|写法|用法|工作法|算法|疗法|说法|看法|想法|战法|打法|手法|技法|兵法|司法|执法|普法|守法|立法|护法)$")
_YEAR_PAREN = re.compile(
    r"（[^（）]*\d{4}[^（）]*）$|（(?:试行|暂行|修订|草案|修订草案|修正草案|征求意见稿|草案征求意见稿|送审稿|修订稿|"
    r"试点版|试点|第[一二三四五六七八九十\d]+版|\d{4}年版|[一二三四五六七八九十\d]+版)）$"
    r"|(?:修订草案|修正草案|草案|征求意见稿|送审稿)$"
)
# The words before or after a title that say what it is: 地方性法规《…若干规定》, 《…》等规章.
_CUE_BEFORE = re.compile(r"(地方性法规|行政法规|部门规章|政府规章|规章|党内法规|规范性文件)[\s“”]*$")
_CUE_AFTER = re.compile(
    r"^(?:》)?\s*等(?:一批|多部|[一二三四五六七八九十\d]+部|[一二三四五六七八九十\d]+件)?"
    r"(地方性法规|行政法规|部门规章|政府规章|规章|党内法规|规范性文件)"
)
_CUE_CATEGORY = {"部门规章": "规章", "政府规章": "规章"}
# Judicial interpretations (…适用法律若干问题的解释) are normative: not one of the rules above.
_JUDICIAL = re.compile(r"^(?:最高人民法院|最高人民检察院)(?:、(?:最高人民法院|最高人民检察院))?.*(?:解释|规定|批复|决定|意见)$")
# 工作规范, 行为规范 govern people, not products: no standard
_NOT_STANDARD = re.compile(r"(?:工作规范|行为规范|管理规范化|考核标准|评价标准|评分标准|考评标准|细化标准|裁量标准|裁量权标准|适用标准)$")


def _core(title: str) -> str:
    """The title without trailing year ranges or 试行-style notes: 规划（2021-2025年） → 规划."""
    t = title
    for _ in range(2):
        t = _YEAR_PAREN.sub("", t)
    return t


def classify(title: str, before: str = "", after: str = "") -> str:
    """Category of a title, from its shape and the ~10 characters around it."""
    if _MEDIA_AFTER.match(after) or _MEDIA_BEFORE.search(before):
        return "其他"
    cue = _CUE_BEFORE.search(before) or _CUE_AFTER.match(after)
    if cue:
        return _CUE_CATEGORY.get(cue.group(1), cue.group(1))
    return _by_shape(title)


@lru_cache(maxsize=65536)
def _by_shape(title: str) -> str:
    """The category the title's own words give (reports repeat the same few hundred titles:
    memoised, bounded like extract.titles.canonical_title)."""
    core = _core(title)
    # The document a 关于印发《X》的通知 carries decides nothing: the outer one is a 通知.
    if _NON_NORMATIVE_END.search(core):
        return "其他"
    if _JUDICIAL.match(core):
        return "规范性文件"
    if _STANDARD.search(core) and not _NOT_STANDARD.search(core):
        return "标准"
    if core in ("党章", "中国共产党章程"):
        return "党内法规"
    if _NATIONAL_CONGRESS.match(core):
        return "法律"  # a decision of the NPC (Standing Committee) on a legal question
    if _LOCAL_LEGISLATION.match(core):
        return "地方性法规"
    if _WORKING.search(core):
        return "工作文件"
    if _PLAN.search(core):
        return "规划纲要"
    if core.endswith("条例"):
        if _AUTONOMOUS.search(core):
            return "地方性法规"  # 自治条例 and 单行条例 of autonomous areas
        if _PARTY.search(core):
            return "党内法规"
        if core.startswith("中华人民共和国") or not (_REGION_PREFIX.match(core) or starts_with_district(core)):
            return "行政法规"
        if starts_with_district(core):
            return "规范性文件"
        return "地方性法规"
    if _LAW.search(core) and not _NOT_LAW.search(core):
        return "法律"
    if _MINISTRY_FIELD.match(core) and _MINISTRY_RULE.search(core) and not _REGION_PREFIX.match(core) and not core.startswith("关于"):
        return "规章"
    if _NORMATIVE.search(core):
        if _PARTY.search(core) and re.search(r"(?:规定|准则|规则|办法|细则)$", core) and not _REGION_PREFIX.match(core) and not _DEPARTMENT.match(core):
            return "党内法规"
        if starts_with_district(core):
            return "规范性文件"
        if (
            re.search(r"(?:规定|办法|实施细则|规则)$", core)
            and _REGION_PREFIX.match(core)
            and not core.startswith("关于")
            and not _DEPARTMENT_AFTER_REGION.match(core)
        ):
            return "规章"
        return "规范性文件"
    return "其他"
