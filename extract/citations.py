"""Find the documents a report cites, link them to the catalog and classify them.

Works on :class:`extract.normalise.Normalised` text; every :class:`Citation` it returns
carries a span into the ORIGINAL text. The four ways a report cites a document:

* ``bracketed``   《中华人民共和国统计法》
* ``nested``      the 〈…〉 or inner 《…》 inside another title
* ``alias``       《条例》 after ``（以下简称《条例》）``, or a bare 《纲要》 after a 纲要 title
* ``unbracketed`` a bare catalog name: 保密法, 民法典, 领事保护条例
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Iterator

from lawgraph.extract import brackets
from lawgraph.extract.catalog import Catalog, CatalogEntry
from lawgraph.extract.articles import articles_after
from lawgraph.extract.classify import classify
from lawgraph.extract.intervals import Intervals
from lawgraph.extract.lazy_pattern import LazyPattern
from lawgraph.extract.normalise import CJK, Normalised
from lawgraph.extract.records import Citation, Reference
from lawgraph.extract.titles import canonical_title, derived_id

# Bare names that look like a cited document but are not one.
LOOKALIKES = (
    "宪法日",
    "宪法宣传周",
    "宪法宣传日",
    "宪法宣誓",
    "国家宪法日",
    "国家安全教育日",
    "全民国家安全教育日",
    "国家安全法治",
    "保密法治",
    "民法典宣传月",
    "宪法卫士",
    "宪法进万家",
    "宪法晨读",
)
# A bare name inside a short quoted phrase that is not the name itself is a slogan or the name
# of an activity: “学宪法 讲宪法”, “宪法进万家”, “民法典进社区”.
_SLOGAN = re.compile(r"“[^“”《》\n]{1,14}”")


def _in_lookalike(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a look-alike written around it (宪法 in 宪法日)."""
    return any(text[start - k : start - k + len(word)] == word for word, k in _lookalikes_with(text[start:end]))


@lru_cache(maxsize=4096)
def _lookalikes_with(name: str) -> tuple[tuple[str, int], ...]:
    """Each look-alike holding ``name``, with every offset at which it holds it (a bare name
    is checked against them once per occurrence: reports repeat the same few names)."""
    out = []
    for word in LOOKALIKES:
        k = word.find(name)
        while k != -1:
            out.append((word, k))
            k = word.find(name, k + 1)
    return tuple(out)


# A bare name followed by one of these is part of another word (保密法治 = rule of law on
# secrecy, 保密法规 = secrecy rules in general), not the statute.
_BARE_FOLLOW_STOP = re.compile(r"(?:治|规(?!定|范)|学|院|官|人|律|制|理|庭|系|务|定)")

# Titles that only name a document type: never a document of their own.
GENERIC = re.compile(
    r"^(?:本|该|此|上述|新|新版|实施|暂行|若干|工作|管理)?"
    r"(?:法|法律|条例|纲要|规划|办法|意见|规定|决定|通知|方案|细则|实施细则|规则|准则|要点|清单|决议|报告|措施|"
    r"法规|规章|章程|标准|制度|机制|计划|文件|指南|指引|实施意见|实施办法|实施方案|规划纲要|行动计划)$"
)

ALIAS_DEF = re.compile(
    r"[(（]\s*(?:以下简称|以下称|以下统称|以下简作|下称|简称|以下称为)\s*[:：]?\s*"
    r"(?P<open>[《“\"「『‘<〈]?)(?P<alias>[^()（）《》“”\"「」『』‘’<>〈〉,，。;；、\n]{1,24}?)(?P<close>[》”\"」』’>〉]?)\s*"
    r"(?:[或和]\s*[《“\"「『‘]?(?P<alias2>[^()（）《》“”\"「」『』‘’,，。;；、\n]{1,20}?)[》”\"」』’]?\s*)?[)）]"
)

# The bracketed year is rare and cheap to find; the issuer code before it is read backwards.
DOC_NUMBER = re.compile(r"[〔\[【(（]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]】)）]\s*(?P<num>\d{1,5})\s*号")
_ORG_BEFORE = re.compile(rf"[{CJK}]{{1,8}}\s*$")
_ORG_LEAD = re.compile(r"^.*(?:根据|依据|按照|依照|贯彻|落实|印发|转发|执行|关于|文件|精神|的|和|与|及|以|对|将|在|是|为|据)")

_FUNCTIONS = (
    # (新修订的《…》 is a document someone else revised: the report carries it out.)
    # (…印发的《…》 is what someone else issued.)
    ("制定起草", "研究出台 联合出台 制定 起草 修订 修改 出台 印发 制发 编制 拟定 草拟 编写 编发", "(?!的)"),
    ("审议", "审议 审核 审查 审定 审阅", ""),
    ("依据", "根据 依据 按照 依照 遵照 对照 参照 依托 以", ""),
    ("学习宣传", "学习宣传 宣传贯彻 学习 宣传 宣讲 普及 解读 培训 学法 研学 宣贯 讲座 竞赛 研读 领会", ""),
    ("贯彻落实", "贯彻落实 贯彻执行 贯彻 落实 执行 实施 遵守 遵循 施行 践行", ""),
)
# Words that count only in context: (not after, right before).
_FUNCTION_CONTEXT = {"修订": ("新", ""), "修改": ("新", ""), "以": ("", "《")}


def _function_alternative(word: str, tail: str) -> str:
    # Each alternative opens with its literal first character, lookarounds after it, so
    # that the regex engine scans for first characters instead of trying every position
    # (the grouped form, (?P<f0>…)|(?P<f1>…), was 5x slower).
    before, after = _FUNCTION_CONTEXT.get(word, ("", ""))
    not_after = f"(?<!{before}{word[0]})" if before else ""
    return word[0] + not_after + word[1:] + (f"(?={after})" if after else "") + tail


_FUNCTION_RE = re.compile("|".join(_function_alternative(w, tail) for _, words, tail in _FUNCTIONS for w in words.split()))
_FUNCTION_OF_WORD = {w: name for name, words, _ in _FUNCTIONS for w in words.split()}
_CLAUSE_STOPS = ",，。;；!！?？:：\n"
_SENTENCE_STOPS = "。;；!！?？\n"
SENTENCE_MAX = 240
#: Citations kept per report. Past this a report is not searched further: a guard against
#: generated or corrupt text (real reports cite tens to hundreds of documents), so that a
#: record's size is bounded whatever the input.
MAX_CITATIONS = 20_000
#: How many earlier citations a bare 《条例》 looks back through for the title it shortens.
NEAREST_LOOKBACK = 200


@dataclass
class _Hit:
    start: int  # cleaned-text offsets, marks included
    end: int
    title: str
    kind: str
    entry: CatalogEntry | None
    doc_number: str | None = None
    category: str | None = None
    match: str = "exact"  # see extract.records.MATCHES


def find_citations(
    norm: Normalised,
    catalog: Catalog,
    *,
    region: str | None = None,
    warnings: list[str] | None = None,
) -> list[Citation]:
    """Every citation in a cleaned report, in text order."""
    return find_citations_upto(norm, catalog, None, region=region, warnings=warnings)[0]


def find_citations_upto(
    norm: Normalised,
    catalog: Catalog,
    limit: int | None,
    *,
    region: str | None = None,
    warnings: list[str] | None = None,
    references: list[Reference] | None = None,
) -> tuple[list[Citation], int]:
    """The same, stopping once ``limit`` citations are found; and how far the cleaned text
    was read (every citation before that offset is returned, none after). Document numbers
    written alone that lead to no title go to ``references``."""
    warnings = warnings if warnings is not None else []
    text = norm.text
    # Each search below stops after ``limit`` finds and lowers ``horizon`` to where it
    # stopped; what starts at or after the horizon is dropped, so the record holds every
    # citation before it and none after.
    spans, horizon = brackets.scan(text, warnings, limit)
    defs = list(islice(ALIAS_DEF.finditer(text, 0, horizon), limit))
    if len(defs) == limit:
        horizon = min(horizon, defs[-1].end())
    in_def = [(m.start(), m.end()) for m in defs]
    def_spans = Intervals(in_def)

    hits: list[_Hit] = []
    alias_of: dict[str, tuple[int, _Hit]] = {}  # alias → (defined at, what it stands for)
    def_after: dict[int, list[re.Match[str]]] = {}
    for m in defs:
        def_after.setdefault(m.start(), []).append(m)

    issuers = _Issuers(text)
    for sp in spans:
        if def_spans.contains(sp.start, sp.end):
            continue  # the 《纲要》 in （以下简称《纲要》） defines a name, it cites nothing
        hit = _bracketed(text, sp, catalog, region, alias_of, hits, warnings, issuers.before(sp))
        if hit is None:
            continue
        hits.append(hit)
        for inner in sp.inner:
            ih = _inner_hit(text, inner, catalog, region)
            if ih:
                hits.append(ih)
        _bind_alias(text, hit, sp.end, def_after, alias_of)

    taken = Intervals([(h.start, h.end) for h in hits] + in_def)
    local = _local_short_names(hits, catalog, region)
    bare, horizon = _unbracketed(text, catalog, region, taken, alias_of, horizon, limit, local)
    hits.extend(bare)
    unresolved: list[_Hit] = []
    horizon = _doc_numbers(text, hits, horizon, limit, catalog, unresolved)

    hits = sorted((h for h in hits if h.start < horizon), key=lambda h: (h.start, -h.end, h.title))
    if limit is not None and len(hits) > limit:
        horizon = hits[limit].start
        hits = [h for h in hits[: limit + 1] if h.start < horizon]
    if references is not None:
        references.extend(_to_references(norm, [h for h in unresolved if h.start < horizon]))
    return _to_citations(norm, hits, _mask_titles(text, spans)), horizon


# --- bracketed titles -----------------------------------------------------------------


def _title_of(text: str, sp: brackets.Span) -> str:
    """The canonical title inside a span, with inner marks mended to 《》."""
    a, b = sp.content
    chars = list(text[a:b])
    for inner in sp.inner:
        chars[inner.start - a] = "《"
        if inner.closed:
            chars[inner.end - 1 - a] = "》"
        else:
            chars.insert(inner.end - a, "》")
    return canonical_title("".join(chars))


class _Issuers:
    """The body written right before a title, 国务院《关于…》, which is part of a title that
    starts with 关于 — and of the next ones in a list: 国务院《…》、《关于…》、《关于…》."""

    def __init__(self, text: str):
        self.text = text
        self.last: tuple[int, str] | None = None  # where the list's last title ended, its issuer

    def before(self, sp: brackets.Span) -> str | None:
        if sp.depth:
            return None
        text = self.text
        # most titles follow a verb or another title: look for a name only after a name's last character
        k = sp.start - 1
        while k >= 0 and text[k] in " \u3000":
            k -= 1
        found = _issuer_written_before(text, sp.start) if k >= 0 and text[k] in _NAME_LAST else None
        if found is None and self.last is not None:
            end, issuer = self.last
            if _LIST_GAP.fullmatch(text, end, sp.start):
                found = issuer
        self.last = (sp.end, found) if found else None
        return found


_NAME_LAST = set("院部委厅局办府央署行会组室")
_LIST_GAP = re.compile(r"\s*[、，,和及与]?\s*")
_ISSUER_BEFORE = re.compile(rf"[{CJK}、 ]{{2,24}}$")


def _issuer_written_before(text: str, start: int) -> str | None:
    """国务院 in 国务院《关于…》, 中共中央 国务院 in 中共中央、国务院《关于…》: a central body,
    or a body with its region written out, ending right before the mark."""
    from lawgraph.extract.agencies import NO_CONTEXT, parse_name

    m = _ISSUER_BEFORE.search(text, max(0, start - 24), start)
    if not m:
        return None
    written = m.group()
    for i in range(len(written) - 2, -1, -1):
        cand = written[i:].strip(" 、")
        if len(cand) < 2 or (i and written[i - 1] not in " 、" and not _AFTER_VERB.search(written[:i])):
            continue
        f = parse_name(cand, NO_CONTEXT)
        if f is not None and f.kind in ("body", "joint") and f.region:
            best = cand
            for j in range(i - 1, -1, -1):  # the longest such name
                longer = written[j:].strip(" 、")
                g = parse_name(longer, NO_CONTEXT) if (not j or written[j - 1] in " 、" or _AFTER_VERB.search(written[:j])) else None
                if g is not None and g.kind in ("body", "joint") and g.region:
                    best = longer
            return re.sub(r"[\s、]+", " ", best)
    return None


# Words after which a body's name begins: 贯彻落实国务院《…》, 根据中共中央、国务院《…》.
_AFTER_VERB = re.compile(r"(?:落实|贯彻|执行|根据|依据|按照|依照|学习|印发|转发|遵照|对照|参照|结合|实施|和|及|与|的|了|是)$")


def _bracketed(text, sp, catalog, region, alias_of, hits, warnings, issuer: str | None = None) -> _Hit | None:
    title = _title_of(text, sp)
    if not re.search(f"[{CJK}]", title):
        return None
    if issuer and title.startswith("关于"):
        title = issuer + title
    kind = "nested" if sp.depth > 0 else "bracketed"
    key = title.strip('“”"')
    if key in alias_of and alias_of[key][0] < sp.start:
        target = alias_of[key][1]
        return _Hit(sp.start, sp.end, target.title, "alias", target.entry, category=target.category, match="alias")
    entry, how = catalog.lookup_match(title, region)
    if entry:
        return _Hit(sp.start, sp.end, entry.title, kind, entry, match=how)
    if GENERIC.match(key):
        prev = _nearest_containing(hits, key)
        if prev:
            return _Hit(sp.start, sp.end, prev.title, "alias", prev.entry, category=prev.category, match="alias")
        warnings.append(f"《{title}》 at offset {sp.start} names only a document type; not counted")
        return None
    before, after = text[max(0, sp.start - 8) : sp.start], text[sp.end : sp.end + 8]
    return _Hit(sp.start, sp.end, title, kind, None, category=classify(title, before, after))


def _inner_hit(text: str, sp: brackets.Span, catalog: Catalog, region: str | None) -> _Hit | None:
    a, b = sp.content
    title = canonical_title(text[a:b])
    if len(re.findall(f"[{CJK}]", title)) < 2 or GENERIC.match(title):
        return None
    entry, how = catalog.lookup_match(title, region)
    if entry:
        return _Hit(sp.start, sp.end, entry.title, "nested", entry, match=how)
    return _Hit(sp.start, sp.end, title, "nested", None, category=classify(title))


def _nearest_containing(hits: list[_Hit], short: str) -> _Hit | None:
    core = short.removeprefix("本").removeprefix("该")
    for h in reversed(hits[-NEAREST_LOOKBACK:]):
        if h.kind != "alias" and core in h.title:
            return h
    return None


def _bind_alias(text, hit: _Hit, end: int, def_after, alias_of) -> None:
    """（以下简称《条例》） right after a title (spaces aside) makes 条例 stand for that title."""
    for pos in range(end, min(end + 3, len(text) + 1)):
        if text[end:pos].strip():
            return
        for m in def_after.get(pos, ()):
            for name in (m.group("alias"), m.group("alias2")):
                if name:
                    alias_of[name.strip()] = (m.end(), hit)
            return


# --- bare names -----------------------------------------------------------------------


# 湖北省湖泊保护条例 → 湖泊保护条例; 上海市浦东新区…若干规定 → …若干规定
_LOCAL_PREFIX = LazyPattern(rf"^[{CJK}]{{2,7}}?(?:省|自治区|市)(?:[{CJK}]{{1,5}}?(?:新区|区|县|市))?")
_LOCAL_SHORT_END = re.compile(r"(?:条例|办法|规定|细则)$")


def _local_short_names(hits: list[_Hit], catalog: Catalog, region: str | None) -> dict[str, _Hit]:
    """Short names a report gives its own local rules: a title cited in full with its
    region (《湖北省湖泊保护条例》) may come back later without it (湖泊保护条例). Names the
    catalog knows keep their catalog meaning."""
    out: dict[str, _Hit] = {}
    for h in hits:
        if h.kind not in ("bracketed", "nested") or h.entry is not None or h.category not in _LOCAL_RULES:
            continue
        m = _LOCAL_PREFIX.match(h.title)
        short = h.title[m.end() :] if m else ""
        if len(short) >= 5 and _LOCAL_SHORT_END.search(short) and not GENERIC.match(short) and "《" not in short:
            if short not in out and catalog.lookup(short, region) is None:
                out[short] = h
    return out


_LOCAL_RULES = ("地方性法规", "规章")


def _unbracketed(text, catalog, region, taken, alias_of, horizon, limit, local=None):
    """Leftmost-longest catalog names outside brackets, minus look-alikes; and the horizon,
    lowered if ``limit`` names were found before it."""
    regions = _region_chain(region)
    cands: list[tuple[int, int, str]] = []
    found = 0
    for start, end, (entry_id, regional) in catalog.automaton().matches(text):
        if start >= horizon:
            break
        if found == limit:
            horizon = start
            break
        if entry_id is None:
            entry_id = next((eid for reg, eid in regional if reg in regions), None)
            if entry_id is None:
                continue
        if not taken.overlaps(start, end):
            cands.append((start, end, entry_id))
            found += 1
    # names this report gave documents, searched from where it gave them
    named = [(alias, defined_at, "alias:") for alias, (defined_at, _) in alias_of.items() if len(alias) >= 3 and not GENERIC.match(alias)]
    named += [(short, target.end, "local:") for short, target in (local or {}).items()]
    for name, since, tag in named:
        pos, found = text.find(name, since, horizon), 0
        while pos != -1:
            if found == limit:
                horizon = pos
                break
            cands.append((pos, pos + len(name), tag + name))
            found += 1
            pos = text.find(name, pos + len(name), horizon)
    if not cands:
        return [], horizon
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    out: list[_Hit] = []
    last_end = -1
    for start, end, ref in cands:
        if start < last_end or taken.overlaps(start, end) or _in_lookalike(text, start, end) or _in_slogan(text, start, end):
            continue
        if text[end - 1] == "法" and _BARE_FOLLOW_STOP.match(text, end):
            continue
        if ref.startswith("alias:"):
            target = alias_of[ref[6:]][1]
            out.append(_Hit(start, end, target.title, "alias", target.entry, category=target.category, match="alias"))
        elif ref.startswith("local:"):
            target = local[ref[6:]]
            out.append(_Hit(start, end, target.title, "unbracketed", None, category=target.category, match="short"))
        else:
            e = catalog.get(ref)
            how = "exact" if text[start:end] == e.title else "short"
            out.append(_Hit(start, end, e.title, "unbracketed", e, match=how))
        last_end = end
    return out, horizon


def _in_slogan(text: str, start: int, end: int) -> bool:
    """Whether a bare name stands inside a short quoted phrase that says more than the name."""
    lo = text.rfind("“", max(0, start - 14), start + 1)
    if lo == -1:
        return False
    m = _SLOGAN.match(text, lo)
    return m is not None and m.end() >= end and m.group()[1:-1] != text[start:end]


def _region_chain(region: str | None) -> set[str]:
    if not region:
        return set()
    out = {region}
    m = re.match(r"^(.+?(?:省|自治区|市))", region)
    if m:
        out.add(m.group(1))
    return out


# --- document numbers -----------------------------------------------------------------


def _doc_numbers(text: str, hits: list[_Hit], horizon: int, limit: int | None, catalog: Catalog, unresolved: list[_Hit]) -> int:
    """Attach document numbers — 国发〔2021〕33号, 省人民政府令第406号, GB/T 35770-2022 — to
    the title they follow (or precede); a number written alone cites the title it was
    attached to elsewhere in the report, or the catalog's document with that number; else
    it goes to ``unresolved`` (a reference without a title: a title is never a number).
    Returns the horizon, lowered if ``limit`` numbers were found before it."""
    found = _numbers(text, horizon, limit)
    if not found:
        return horizon
    numbers, horizon = found
    ordered = sorted(hits, key=lambda h: (h.end, h.start))
    ends = [h.end for h in ordered]
    by_start = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in by_start]
    taken = Intervals((h.start, h.end) for h in hits)
    alone: list[tuple[int, int, str, str]] = []
    for start, end, number, kind in numbers:
        if taken.overlaps(start, end):
            continue
        owner = None
        i = bisect_right(ends, start) - 1  # the title ending last before the number
        if i >= 0 and start - ends[i] <= 3 and _GAP_BEFORE.fullmatch(text[ends[i] : start]):
            owner = ordered[i]
        else:
            j = bisect_left(starts, end)  # or the title right after it
            if j < len(starts) and starts[j] - end <= 2 and _GAP_AFTER.fullmatch(text[end : starts[j]]):
                owner = by_start[j]
        if owner is None:
            alone.append((start, end, number, kind))
            continue
        owner.doc_number = owner.doc_number or number
        if owner.entry is None and kind != "document":
            # 《合规管理体系 要求及使用指南》（GB/T 35770-2022）is a standard; a title published
            # by a 令 is a rule (国务院令: an administrative regulation), whoever issued it
            owner.category = _ALONE_CATEGORY[kind](number)
    numbered = {h.doc_number: h for h in sorted(hits, key=lambda h: h.start) if h.doc_number and h.kind != "alias"}
    for start, end, number, _kind in alone:
        owner = numbered.get(number)
        if owner is not None:  # 深入贯彻鄂政发〔2021〕26号文件精神, after the title with that number
            hits.append(_Hit(start, end, owner.title, "alias", owner.entry, doc_number=number, category=owner.category, match="number"))
            continue
        entry = catalog.by_number(number)
        if entry is not None:  # 国务院令第783号 alone: the regulation it published
            hits.append(_Hit(start, end, entry.title, "unbracketed", entry, doc_number=number, match="number"))
        else:
            unresolved.append(_Hit(start, end, "", "unbracketed", None, doc_number=number))
    return horizon


# What a number cited on its own is: a 国务院令 publishes an administrative regulation, other
# 令 a government's or ministry's rule; 〔year〕 numbers head normative documents.
_ALONE_CATEGORY = {
    "document": lambda number: "规范性文件",
    "decree": lambda number: "行政法规" if "国务院令" in number else "规章",
    "standard": lambda number: "标准",
}

# Anchored on the rare 令第N号 / 第N号令; the issuing body before it is read backwards.
_DECREE = re.compile(r"令\s*第\s*(?P<num>\d{1,4})\s*号|第\s*(?P<num2>\d{1,4})\s*号令")
_DECREE_ORG = LazyPattern(rf"[{CJK}]{{1,14}}?(?:政府|府|院|部|委|局|署|办)$")
_DECREE_LEAD = re.compile(r"^.*(?:以|经|根据|依据|按照|依照|的|即|公布|发布|颁布|印发|施行|实施|落实|贯彻|执行|学习|遵守|对照|、)")
_STANDARD_NUMBER = re.compile(
    r"(?P<code>GB|DB\d{2}|[A-Z]{2,4})\s*(?P<t>/\s*[TZ])?\s*(?P<num>\d{1,6}(?:\.\d{1,3})?)"
    r"\s*[-—–]\s*(?P<year>(?:19|20)\d{2})(?!\d)"
)


def _numbers(text: str, horizon: int, limit: int | None) -> tuple[list[tuple[int, int, str, str]], int] | None:
    """Every document, decree and standard number before ``horizon``, in text order:
    ``(start, end, canonical number, kind)``."""
    out: list[tuple[int, int, str, str]] = []
    if "号" in text:
        for m in DOC_NUMBER.finditer(text, 0, horizon):
            lead = _ORG_BEFORE.search(text, max(0, m.start() - 10), m.start())
            if not lead:
                continue
            written = lead.group().rstrip()
            org = _ORG_LEAD.sub("", written)[-6:]
            if org:
                start = lead.start() + (len(written) - len(org))
                out.append((start, m.end(), f"{org}〔{m.group('year')}〕{m.group('num')}号", "document"))
        if "令" in text:
            for m in _DECREE.finditer(text, 0, horizon):
                lead = _DECREE_ORG.search(text, max(0, m.start() - 14), m.start())
                if not lead:
                    continue
                org = _DECREE_LEAD.sub("", lead.group())
                if org.removeprefix("中华人民共和国"):
                    start = lead.end() - len(org)
                    number = f"{org.removeprefix('中华人民共和国')}令第{m.group('num') or m.group('num2')}号"
                    out.append((start, m.end(), number, "decree"))
    for m in _standard_numbers(text, horizon):
        if m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha():
            continue  # part of a longer word
        if m.group("code") == "GB" or m.group("code").startswith("DB") or m.group("t"):
            t = "/" + m.group("t")[-1] if m.group("t") else ""
            out.append((m.start(), m.end(), f"{m.group('code')}{t} {m.group('num')}-{m.group('year')}", "standard"))
    if not out:
        return None
    out.sort()
    if limit is not None and len(out) > limit:
        horizon = out[limit][0]
        out = out[:limit]
    return out, horizon


def _standard_numbers(text: str, horizon: int) -> Iterator[re.Match[str]]:
    """What ``_STANDARD_NUMBER.finditer(text, 0, horizon)`` finds. A standard's code starts
    with a capital letter, which Chinese reports rarely hold: the tries start at those only
    (a pattern that opens with an alternation makes the regex engine try every position)."""
    pos = 0
    while (c := _CAPITAL.search(text, pos, horizon)) is not None:
        m = _STANDARD_NUMBER.match(text, c.start(), horizon)
        if m is None:
            pos = c.start() + 1
            continue
        yield m
        pos = m.end()


_CAPITAL = re.compile("[A-Z]")
_GAP_BEFORE = re.compile(r"\s*[(（\[]?\s*")
_GAP_AFTER = re.compile(r"\s*[)）\]]?\s*")


# --- records --------------------------------------------------------------------------


class _Stops:
    """Nearest stop character before or after an offset, searched only within the window a
    lookup allows (SENTENCE_MAX, 60 characters …): one regular-expression call each way,
    nothing kept per stop — a list of every stop's offset grew with the number of lines
    (60 MB of line breaks took gigabytes), not with the text looked at."""

    def __init__(self, text: str, chars: str):
        self.text = text
        cls = f"[{re.escape(chars)}]"
        self._first = re.compile(cls)
        self._last = re.compile(f"(?s:.*){cls}")  # greedy: ends just after the last stop

    def after_last_before(self, start: int, lo: int) -> int:
        """One past the last stop in [lo, start), else ``lo``."""
        m = self._last.match(self.text, lo, start)
        return m.end() if m else lo

    def after_first_from(self, end: int, hi: int) -> int:
        """One past the first stop in [end, hi), else ``hi``."""
        m = self._first.search(self.text, end, hi)
        return m.end() if m else hi


def function_of(text: str, start: int, clauses: _Stops | None = None) -> str:
    """What the report does with the document, from the verb nearest before it."""
    clauses = clauses or _Stops(text, _CLAUSE_STOPS)
    lo = clauses.after_last_before(start, max(0, start - 60))
    found = None
    for m in _FUNCTION_RE.finditer(text, lo, start):
        found = m.group()
    return _FUNCTION_OF_WORD[found] if found else "其他"


def sentence_bounds(text: str, start: int, end: int, stops: _Stops | None = None) -> tuple[int, int]:
    """The sentence around [start, end): from the last stop before to the first after,
    at most SENTENCE_MAX characters each way."""
    stops = stops or _Stops(text, _SENTENCE_STOPS)
    a = stops.after_last_before(start, max(0, start - SENTENCE_MAX))
    b = stops.after_first_from(end, min(len(text), end + SENTENCE_MAX))
    return a, b


def stripped(original: str, a: int, b: int) -> tuple[str, tuple[int, int]]:
    """``original[a:b].strip()`` and where it lies in ``original`` (records keep the place
    and the text around it once, however many citations share it)."""
    text = original[a:b]
    out = text.strip()
    if not out:
        return out, (a, a)
    lead = len(text) - len(text.lstrip())
    return out, (a + lead, a + lead + len(out))


def _mask_titles(text: str, spans: list[brackets.Span]) -> str:
    """The text with what is inside 《》 blanked out (same length): the verb that says what a
    report does with a document is never one inside another title (学习《…制定条例》《…》)."""
    parts, pos = [], 0
    for sp in spans:
        a, b = sp.content
        if sp.depth or a < pos or b <= a:
            continue
        parts += [text[pos:a], "□" * (b - a)]
        pos = b
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def _to_references(norm: Normalised, hits: list[_Hit]) -> list[Reference]:
    text, original = norm.text, norm.original
    sentences = _Stops(text, _SENTENCE_STOPS)
    out = []
    for h in hits:
        s, e = norm.orig_span(h.start, h.end)
        a, b = sentence_bounds(text, h.start, h.end, sentences)
        sentence, where = stripped(original, *norm.orig_span(a, b))
        out.append(Reference(doc_number=h.doc_number or "", surface=original[s:e], span=(s, e), sentence=sentence, sentence_span=where))
    return out


def _to_citations(norm: Normalised, hits: list[_Hit], masked: str | None = None) -> list[Citation]:
    text, original = norm.text, norm.original
    masked = masked or text
    sentences, clauses = _Stops(text, _SENTENCE_STOPS), _Stops(masked, _CLAUSE_STOPS)
    out = []
    for h in hits:
        s, e = norm.orig_span(h.start, h.end)
        a, b = sentence_bounds(text, h.start, h.end, sentences)
        sentence, where = stripped(original, *norm.orig_span(a, b))
        entry = h.entry
        out.append(
            Citation(
                title=h.title,
                surface=original[s:e],
                span=(s, e),
                sentence=sentence,
                sentence_span=where,
                kind=h.kind,
                category=entry.category if entry else (h.category or classify(h.title)),
                law_id=entry.id if entry else derived_id(h.title),
                doc_number=h.doc_number,
                function=function_of(masked, h.start, clauses),
                linked=entry is not None,
                match=h.match,
                articles=articles_after(text, h.end)[0] if h.kind != "nested" and _ARTICLE_START.match(text, h.end) else [],
            )
        )
    return out


_ARTICLE_START = re.compile(r"[ \u3000的]{0,2}第")
