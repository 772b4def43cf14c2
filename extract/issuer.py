"""Who wrote a report: the issuer, from every place real reports name it.

Each place gives a :class:`Candidate` with its source and a confidence; :func:`choose` keeps
the one of highest precedence (the order of :data:`PRECEDENCE`), except that a region named
alone (a title that says 静海区…) yields to a body of that region the text names explicitly
(自治区党委、政府). The places, in that order:

* ``manifest``  what the caller knows (``--manifest``);
* ``title``     the subject of the report's own title (X关于…的报告, X2023年…报告, 2020年X…报告);
* ``metadata``  a page's 发布机构 / 发文机关 field;
* ``header``    an agency named alone on a header line;
* ``signature`` an agency line above the date at the end (or of a notice that carries the report);
* ``lead``      the subject of the lead sentence (2021年，司法部坚持… / 通州区坚持…), after a time
                phrase and 在…领导下; or the body in 现将X2024年…报告如下;
* ``source``    the page's 来源 line, for a page that interprets another body's report;
* ``self``      我局 / 本局 / 我区 / 我镇 … resolved to the body the text names elsewhere.

Never: a body named before a cited title in the first sentence (按照中共中央、国务院《…》), a
body named inside a cited title (unless the report says 我局 and the title is its own).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lawgraph.extract.agencies import Context, Found, Where, _place_of, find_agencies, parse_name
from lawgraph.extract.regions import gazetteer
from lawgraph.extract.normalise import CJK

PRECEDENCE = ("manifest", "title", "metadata", "header", "signature", "lead", "source", "self")
CONFIDENCE = {
    "manifest": 1.0, "title": 0.95, "metadata": 0.9, "header": 0.9, "signature": 0.85,
    "lead": 0.8, "source": 0.7, "self": 0.6,
}  # fmt: skip
_PLACE_PENALTY = 0.15  # a region named alone, read as its government


@dataclass
class Candidate:
    found: Found
    surface: str
    span: tuple[int, int] | None  # in the text searched
    source: str

    @property
    def confidence(self) -> float:
        c = CONFIDENCE[self.source]
        return round(c - _PLACE_PENALTY if self.found.kind == "place" else c, 2)


def choose(cands: list[Candidate], written: Sequence[Found] = ()) -> Candidate | None:
    """The issuer among the candidates (see the module docstring). A body the page writes out
    in full (a metadata field, a header or signature line: ``written``) is preferred to the
    same body as the report abbreviates it (市城管局, 渝北区公安分局)."""
    if not cands:
        return None
    ranked = sorted(cands, key=lambda c: PRECEDENCE.index(c.source))
    best = ranked[0]
    if best.found.kind == "place" and best.source != "manifest":
        for c in ranked[1:]:
            if c.found.kind != "place" and _same_region(c.found, best.found):
                best = c
                break
    if best.source != "manifest" and best.found.kind == "body":
        for f in written:
            if f.name != best.found.name and f.kind == "body" and same_body(f, best.found):
                return Candidate(f, best.surface, best.span, best.source)
    return best


def same_body(a: Found, b: Found) -> bool:
    """Two names of one body: the same region, and departments that begin and end alike
    (城市管理局, 城市管理和综合执法局; 公安分局, 公安局渝北区分局)."""
    if not a.region or a.region != b.region:
        return False
    da, db = _department(a), _department(b)
    # (人民政府 and 人民政府法制办 begin alike too, but one is the other's office)
    return len(da) >= 2 and len(db) >= 2 and da[:2] == db[:2] and da[-1] == db[-1]


def _department(f: Found) -> str:
    """A body's name without its region: 城市管理局 of 株洲市城市管理局."""
    from lawgraph.extract.agencies import NO_CONTEXT, _leading_region

    end, _ = _leading_region(f.name, NO_CONTEXT)
    return f.name[end:]


def _same_region(a: Found, b: Found) -> bool:
    return bool(a.region and b.region and (a.region == b.region))


# What follows the subject of a sentence or title: a verb, a preposition, a year, a mark.
_AFTER_SUBJECT = re.compile(
    r"[，,。；;：:、（(\s《“\"]|$|(?:19|20)\d{2}|在|以|坚持|深入|认真|全面|始终|紧紧|紧扣|紧密|紧盯|围绕|按照|根据|依据|遵照|"
    r"把|将|积极|不断|持续|扎实|进一步|牢固|牢牢|大力|着力|聚焦|立足|严格|高度|坚决|切实|统筹|结合|贯彻|落实|推进|"
    r"加强|强化|开展|通过|继续|聚力|锚定|践行|主动|笃学|精心|对标|秉持|秉承|狠抓|全力|努力|注重|着眼|发挥|创新|健全|"
    r"完善|深化|不折不扣|自觉|一以贯之|高位|及时|共|关于|近年来|今年以来|本年度|年度|法治|依法|工作|是|为|的|各项|"
    r"印发|制定|出台|召开|组织|始终|履行|推动|全力|把握|对照|编制|高标准|扎扎实实|一直|多措并举|聚焦|严格|按|于|对"
)
SUBJECT_MAX = 40


# A name ends in one of these (局, 厅, 委员会, 政府, a place's 区/县/镇 …); the next character
# must not carry it on (北京市教育委 | 员会).
_NAME_LAST = set("局厅会室处办府院部署所站队组心委省市区县旗州盟镇乡道木")
_NAME_GOES_ON = set("员会局厅室处办府院部署所站队组委政人")


def subject_at(text: str, pos: int, ctx: Context, *, bare_place: bool = True) -> tuple[Found, int] | None:
    """The agency (or agencies, joined) that ``text`` names from ``pos``; the longest reading
    that ends where a name can end wins. And where it ends."""
    limit = min(len(text), pos + SUBJECT_MAX)
    for end in range(limit, pos + 1, -1):
        if text[end - 1] not in _NAME_LAST:
            continue
        if text[end : end + 1] in _NAME_GOES_ON and not _AFTER_SUBJECT.match(text, end):
            continue
        s = text[pos:end].strip()
        if len(s) < 2 or not re.match(f"[{CJK}]", s):
            continue
        f = parse_name(s, ctx, bare_place=bare_place)
        if f is not None:
            return f, pos + len(text[pos:end].rstrip())
    return None


# A time phrase and 在…下 adverbials that come before a lead sentence's subject.
_TIME = re.compile(
    r"(?:(?:(?:19|20)\d{2}|[一二][〇○零一二三四五六七八九]{3})\s*年\s*(?:度|上半年|下半年|以来|来|初|底|全年)?|本届政府以来|近年来|今年以来|近日|近期|一年来|"
    r"过去一年|近[一二三四五两]年来?|\d+年来)\s*[，,、]*\s*"
)
_ADVERBIAL = re.compile(
    r"(?:在[^，,。；;\n]{2,60}?下|为(?:了)?[^，,。；;\n]{2,30}?"
    r"|(?:按照|根据|依据|遵照|对照|围绕)[^，,。；;\n]{2,80}?(?:要求|部署|规定|精神|安排|意见|指示))\s*[，,]\s*"
)


def past_lead_clauses(text: str, pos: int = 0) -> str:
    """The sentence from where its subject or its time phrase stands: past 为了…，按照…要求，
    and 在…领导下，(not past the time phrase itself)."""
    for _ in range(4):
        m = _ADVERBIAL.match(text, pos)
        if not m:
            break
        pos = m.end()
    return text[pos:]


_PRONOUN = re.compile(r"(?:我|本)(?P<what>街道|局|委|厅|办|区|县|市|镇|乡|旗|部|院|署|中心|所|站|队)")


def lead_subject(text: str, pos: int, ctx: Context) -> tuple[Candidate | None, re.Match[str] | None]:
    """The subject of the sentence starting at ``pos`` (past a time phrase and 在…下), as a
    candidate; else the 我局-style pronoun that stands there."""
    i = pos
    for _ in range(4):
        m = _TIME.match(text, i) or _ADVERBIAL.match(text, i)
        if not m:
            break
        i = m.end()
    hit = subject_at(text, i, ctx)
    if hit is not None:
        f, end = hit
        return Candidate(f, text[i:end], (i, end), "lead"), None
    return None, _PRONOUN.match(text, i) or _BARE_TOWN.match(text, i)


# 街道按照…, 镇坚持…: a township report calling itself by its kind alone
_BARE_TOWN = re.compile(r"(?P<what>街道|镇|乡)(?=[在按坚认深全始积以把将不持扎紧围，,])")


# 现将市人力资源和社会保障局2019年度法治政府建设工作报告如下 / 现将我局《2024年度…工作总结》随文上报
REPORT_SENTENCE = re.compile(r"现将(?P<rest>[^。；;\n]{0,80}?)(?:报告|汇报|总结|情况)[^。；;\n]{0,12}?(?:如下|上报|报送|呈报)")


def report_sentence(text: str, start: int, end: int, ctx: Context) -> tuple[Candidate | None, re.Match[str] | None]:
    """The body a 现将…报告如下 sentence names (or its pronoun)."""
    m = REPORT_SENTENCE.search(text, start, end)
    if not m:
        return None, None
    i = m.start("rest")
    y = _TIME.match(text, i)
    if y:
        i = y.end()
    hit = subject_at(text, i, ctx)
    if hit is not None:
        f, stop = hit
        return Candidate(f, text[i:stop], (i, stop), "lead"), None
    return None, _PRONOUN.match(text, i)


# --- 我局 and its kind ------------------------------------------------------------------

_BODY_PRONOUN = re.compile(r"(?:我|本)(?P<what>局|委|厅|办|部|院|署|中心|所|站|队)(?![\u4e00-\u9fff]{0,1}[长员])")


def _own_township(text: str, ctx: Context) -> Where | None:
    """The township a report written as 本街道/我镇 comes from: of the county the report names,
    the township whose name (without 街道/镇/乡) the text uses most — 鱼复法治建设 in a report
    of 奉节县's 鱼复街道."""
    w = ctx.levels.get("district")
    county = _place_of(w.path) if w else None
    if county is None:
        return None
    counts: Counter[str] = Counter()
    towns = {}
    for town in gazetteer().towns_of(county):
        stem = re.sub(r"(?:街道|镇|乡|苏木)$", "", town.name)
        if len(stem) >= 2 and stem not in county.name:
            n = text.count(stem)
            if n:
                counts[town.name] += n
                towns[town.name] = town
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2) + [(None, 0)]
    return Where.of(towns[best]) if best is not None and n > rest[0][1] else None


def own_pronoun(text: str, body: int, seen: re.Match[str] | None) -> re.Match[str] | None:
    """How the report refers to its author: a department says 我局 for itself and 我市 for its
    city, a government 我市 for itself; so 我局-style words, when the text has any, come first."""
    window_end = min(len(text), body + 3000)
    m = _BODY_PRONOUN.search(text, body, window_end)
    if m:
        return m
    return seen or _PRONOUN.search(text, body, window_end)


_TITLE_HEAD = re.compile(r"《([^《》\n]{4,80})")
_IN_MARKS = re.compile(r"《[^《》\n]{0,160}》?")
_UNDER = re.compile(r"在[^，,。；;\n]{2,60}?(?:领导|指导|支持|监督|帮助|关心|关怀)下")
_MAKING = re.compile(r"(?:制定|印发|出台|编制|修订|起草|发布|编写|拟定|完善|建立|修改|下发|公布|制发|编撰|编印)(?:了|并公示|并印发)?$")
# What each pronoun can stand for: the ending of the body's name, or a place's level.
_PRONOUN_ENDS = {
    "局": ("局",), "委": ("委员会", "委"), "厅": ("厅",), "办": ("办公室", "办"), "部": ("部",), "院": ("院",),
    "署": ("署",), "中心": ("中心",), "所": ("所",), "站": ("站",), "队": ("队",),
}  # fmt: skip
_PRONOUN_LEVEL = {"街道": "street", "区": "district", "县": "district", "旗": "district", "市": "municipal", "镇": "street", "乡": "street"}


def resolve_pronoun(what: str, text: str, ctx: Context, span: tuple[int, int]) -> Candidate | None:
    """我局 → the 局 the report names most (its own documents' titles count twice); 我区 → the
    government of the district it names most (自治区 when it says 自治区)."""
    window = text[:20000]
    if what in _PRONOUN_ENDS:
        ends = _PRONOUN_ENDS[what]
        counts: Counter[str] = Counter()
        first: dict[str, Found] = {}

        def count(f: Found, weight: int) -> None:
            if f.name.endswith(ends) and f.level != "central" and f.region:
                counts[f.name] += weight
                first.setdefault(f.name, f)

        # its own documents: titles it made (制定《X局…》), not those it carried out (落实《…》)
        for m in _TITLE_HEAD.finditer(window):
            if _MAKING.search(window, max(0, m.start() - 8), m.start()):
                for f in find_agencies(m.group(1), ctx)[:1]:
                    if f.start == 0:
                        count(f, 2)
        # a breadcrumb that ends in the body's own column (南安市人民政府 > 政务公开 > 市交通运输局)
        for line in window[:1500].split("\n"):
            if re.search(r"[>＞»›]", line):
                last = re.split(r"\s*[>＞»›]\s*", line.strip())[-1]
                named = parse_name(last, ctx)
                if named is not None:
                    count(named, 3)
        # the bodies it names, except those it works under (在…领导和X局的指导下) and those
        # named inside the titles of other bodies' documents
        away = [m.span() for m in _UNDER.finditer(window)] + [m.span() for m in _IN_MARKS.finditer(window)]
        for f in find_agencies(window, ctx):
            if not any(a <= f.start < b for a, b in away):
                count(f, 1)
        for name, _ in counts.most_common(1):
            return Candidate(first[name], text[span[0] : span[1]], span, "self")
        return None
    level = _PRONOUN_LEVEL.get(what)
    if what == "区" and window.count("自治区") >= 2 and window.count("自治区") >= window.count("区") // 3:
        level = "provincial"
    w = ctx.levels.get(level) if level else None
    if w is None and level == "street":
        w = _own_township(window, ctx)
    if w is None:
        return None
    gov = f"{w.prefix}办事处" if w.prefix.endswith("街道") else f"{w.prefix}人民政府"
    return Candidate(Found(0, 0, gov, w.level, w.path, "place"), text[span[0] : span[1]], span, "self")
