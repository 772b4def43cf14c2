"""Report metadata: its title, the reporting year, the publication date, its own document
number and the issuer.

Reads only the head and the tail of a report (:mod:`extract.page_meta`) plus its first
paragraphs, so the cost does not grow with the report. How the issuer is chosen among the
places that name it is :mod:`extract.issuer`'s business; the year's rules are in
:func:`find_year`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lawgraph.extract import issuer as issuers
from lawgraph.extract.agencies import NO_CONTEXT, Context, Found, parse_name
from lawgraph.extract.issuer import Candidate
from lawgraph.extract.page_meta import Line, PageMeta, head_lines, is_furniture, page_meta, tail_lines
from lawgraph.extract.regions import Place, most_named_place

HINT_CHARS = 20000
_REPORT_WORD = re.compile(r"报告|总结|情况|汇报")
_DOC_WORD = re.compile(
    r"(?:报告|总结|情况|汇报|通知|意见|方案|规划|纲要|要点|办法|规定|决定|体系|计划|细则|公告|通报|批复|条例|举措|清单|解读)"
    r"(?:[(（][^()（）]{0,12}[)）])?$"
)
# A year in digits or in Chinese numerals (二〇二三年).
_Y = r"(?:19|20)\d{2}|[一二][〇○零一二三四五六七八九]{3}"
_TITLE_YEAR = re.compile(rf"({_Y})\s*年(?:度)?")
_BODY_YEAR = re.compile(rf"({_Y})年(?:度)?(?:推进|法治政府建设|依法行政|工作(?!打算|安排|计划|思路|设想|要点))")
# A year range (2021-2025年) names a period, not the year of the document that has it.
_RANGE_IN_TITLE = re.compile(rf"(?:{_Y})\s*年?\s*(?:[-‐‑‒–—―－~～]{{1,2}}|至)\s*(?:{_Y})\s*年?")


def _year(s: str) -> int:
    """2023 or 二〇二三 → 2023."""
    return int(s) if s.isdigit() else int("".join(_CN_DIGITS.get(c, c) for c in s))


_CN_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?:日期|发布时间|发布日期|发文日期|成文日期|时间)\s*[:：]?\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_ANY_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_ENUM_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|\d+[.、．])")
# (Not 2024年工作打算: next year's plans come at the end of a report.)
_HEADING_YEAR = re.compile(
    rf"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])\s*({_Y})\s*年(?:度)?"
    r"(?:以来)?\s*(?:法治政府建设|推进法治政府建设|依法行政|工作(?!打算|安排|计划|思路|设想|要点)|主要|全面|的|开展|推进)"
)
_LEAD_YEAR = re.compile(rf"^({_Y})\s*年\s*(?:度|以来|来|全年)?\s*(?:[，,、]|为|在|是|我|以来)")
# ——2022年8月30日在…推进会上, and a speech's date alone in brackets under its title
_DATELINE = re.compile(
    r"^[—\-–─\s]*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日.{0,8}?(?:在|于).{0,40}?会议?上"
    r"|^[(（]((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日[)）]$"
)
_VOLUME = re.compile(r"^((?:19|20)\d{2})\s*年?卷$")
_ADDRESSEE = re.compile(r"^[^。；;《]{2,80}[:：]$")
_NOT_ADDRESSEE = re.compile(r"现将|如下|报告|通知|意见|根据|按照|编者按")


def _is_addressee(t: str) -> bool:
    """市委、市政府: / 全国人民代表大会常务委员会: — whom a report is sent to."""
    return bool(_ADDRESSEE.match(t)) and not _NOT_ADDRESSEE.search(t)


_PARTY_GROUP = re.compile(r"^中共.+(?:党组|党委)$")
_INTERPRETATION = re.compile(r"解读|图解|答记者问|新闻发布会")
# A title that carries another document's: a notice issuing it, a page interpreting it.
_CARRIER = re.compile(r"(?:印发|转发|发布|公布)《|》(?:文件|政策)?(?:解读|图解)|^【[^】]{0,8}(?:解读|图解)】")
_BRACKETED_COPY = re.compile(r"^《(?P<title>[^《》]{6,80})》")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*\d{1,5}\s*号$")
# A line with these words is a sentence of the body, never a title: 现将…报告如下.
_BODY_WORDS = re.compile(r"现将|如下[:：。]?$|特此|请予审议")
_ANNUAL = re.compile(r"报告|总结|汇报|年度情况|工作情况|建设情况")


@dataclass
class Known:
    """What the caller already knows about a report (``--manifest``); each field optional."""

    url: str | None = None
    issuer: str | None = None
    region: str | None = None
    year: int | None = None
    published: str | None = None


@dataclass
class Meta:
    title: str | None
    year: int | None
    published: str | None
    issuer: Found | None
    issuer_surface: str | None
    issuer_span: tuple[int, int] | None  # cleaned-text offsets, None when inferred
    context: Context
    issuer_source: str | None = None
    issuer_confidence: float | None = None
    year_source: str | None = None
    doc_number: str | None = None
    doc_number_span: tuple[int, int] | None = None
    url: str | None = None
    foreign: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Header:
    """The head of a report, sorted out: the lines before its body and what they are."""

    lines: list[Line]  # header lines (no furniture, metadata or addressee)
    body: int  # offset where the body starts
    meta: PageMeta
    signatures: list[tuple[list[Line], Line]]  # agency lines above a date line
    head: list[Line]  # the first lines of the text, all of them
    tail: list[Line]  # the last lines


def _split(text: str) -> _Header:
    head = head_lines(text)
    meta = page_meta(head)
    header: list[Line] = []
    body = None
    for line in head:
        t = line.text
        if line.start in meta.lines or is_furniture(t):
            continue
        if _is_addressee(t):
            continue
        if len(t) > 60 or _ENUM_START.match(t) or _LEAD_YEAR.match(t) or ("。" in t and len(t) > 20) or _BODY_WORDS.search(t):
            body = line.start
            break
        header.append(line)
    if body is None:
        body = head[-1].start if head else 0
    tail = tail_lines(text)
    signatures = _signatures(head + tail)
    return _Header(header, body, meta, signatures, head, tail)


def _date_of(t: str) -> tuple[str, str, str] | None:
    if "年" not in t or "日" not in t:
        return None  # both patterns need them: most lines are not dates
    compact = re.sub(r"\s+", "", t)
    m = _CN_DATE.fullmatch(compact)
    if m:
        return m.group(1), m.group(2), m.group(3)
    m = _CN_NUMERAL_DATE.fullmatch(compact)
    if m:
        y = "".join(_CN_DIGITS.get(c, c) for c in m.group(1))
        return y, _cn_number(m.group(2)), _cn_number(m.group(3))
    return None


def _signatures(lines: list[Line]) -> list[tuple[list[Line], Line]]:
    out = []
    seen = set()
    for i, line in enumerate(lines):
        if line.start in seen or _date_of(line.text) is None:
            continue
        seen.add(line.start)
        above = [ln for ln in lines[max(0, i - 2) : i] if len(ln.text) <= 40 and not is_furniture(ln.text)]
        out.append((above, line))
    return out


# --- title ----------------------------------------------------------------------------

_TITLE_END = re.compile(r"(?:报告|总结|情况|汇报)$")


def find_title(h: _Header) -> tuple[int, str, str] | None:
    """The report's title (start, text, where found): the 标题 of a metadata block; a header
    line naming a report or a document (wrapped lines joined, and an issuer line before a
    title that starts with 关于); or a bracketed copy of it opening the first line."""
    mt = h.meta.fields.get("title")
    if mt:
        return mt[1], mt[0], "metadata"
    head = h.lines
    for i, line in enumerate(head):
        t = line.text
        if not (_REPORT_WORD.search(t) or _DOC_WORD.search(t)) or len(t) < 6 or len(t) > 70:
            continue
        if _LINE_IS_NAME(t) and parse_name(t, NO_CONTEXT) is not None:
            continue
        start = line.start
        if i and not _TITLE_YEAR.search(t):
            prev = head[i - 1]
            if _TITLE_YEAR.search(prev.text) and len(prev.text) <= 40:
                start, t = prev.start, prev.text + t
        # 关于2022年度法治政府建设情况的 / 报告
        for nxt in head[i + 1 : i + 3]:
            if _TITLE_END.search(t) and not t.endswith("的"):
                break
            if len(nxt.text) > 15 or len(t) + len(nxt.text) > 70 or _TITLE_YEAR.search(nxt.text):
                break
            if _DOC_NUMBER.match(nxt.text) or _date_of(nxt.text):
                break
            t += nxt.text
        # 武汉市人民政府 / 关于2022年度法治政府建设情况的报告
        if t.startswith("关于") and start == line.start and i:
            prev = head[i - 1]
            if _LINE_IS_NAME(prev.text) and len(prev.text) <= 40 and parse_name(prev.text, NO_CONTEXT):
                start, t = prev.start, prev.text + t
        return start, t, "header"
    return None


def _bracketed_copy(text: str, body: int) -> tuple[int, str] | None:
    """《梧州市人民政府2018年度法治政府建设工作报告》是…: a page that opens with its title in marks."""
    m = _BRACKETED_COPY.match(text, body)
    if m and _REPORT_WORD.search(m.group("title")):
        return m.start("title"), m.group("title")
    return None


_RUN_IN = re.compile(r"(?P<title>[^\n。，,；;《》]{4,60}?(?:报告|总结|汇报))(?=[ \t\u3000]*(?:——|—|－－|--|\s[^\n]))")


def _run_in_title(text: str, body: int) -> tuple[int, str] | None:
    """A copy that lost its line breaks: 国务院关于2022年度…的报告 ——2023年4月24日在…会议上 …"""
    m = _RUN_IN.match(text, body)
    if m and ("关于" in m.group("title") or _TITLE_YEAR.search(m.group("title"))):
        return m.start("title"), m.group("title")
    return None


def _LINE_IS_NAME(line: str) -> bool:
    return not _TITLE_YEAR.search(line) and not _REPORT_WORD.search(line)


# --- year -----------------------------------------------------------------------------


def find_year(title: str | None, text: str, h: _Header | None = None, *, published: str | None = None, annual: bool = False) -> tuple[int | None, str | None]:
    """The year the report covers, and where it was read (docs/records.md has the rules): its title;
    a 现将…YYYY年…报告如下 sentence; the lead sentence or a paragraph or section heading that
    opens with a year; a speech's dateline; the body's 「YYYY年推进法治政府建设」 phrases; a
    yearbook's volume line; else the date of the document (an annual report dated January to
    June covers the year before; a notice or plan, the year it was issued)."""
    if title:
        # the title's own year, not a cited document's — except in a title that carries the
        # document: 关于印发《2024年普法工作要点》的通知 is of 2024, and so is its 解读
        own = _RANGE_IN_TITLE.sub("", title)
        m = _TITLE_YEAR.search(_unbracket(own)) or (_CARRIER.search(own) and _TITLE_YEAR.search(own))
        if m:
            return _year(m.group(1)), "title"
    if h is None:
        h = _split(text)
    body = text[h.body : h.body + 4000]
    m = issuers.REPORT_SENTENCE.search(text, 0, h.body + 2000)
    if m:
        y = _TITLE_YEAR.search(_RANGE_IN_TITLE.sub("", m.group("rest")))
        if y:
            return _year(y.group(1)), "report sentence"
    for line in _body_lines(body, 25):
        m = _LEAD_YEAR.match(issuers.past_lead_clauses(line)) or _HEADING_YEAR.match(line)
        if m:
            return _year(m.group(1)), "lead"
    for ln in h.lines + [Line(0, t) for t in _body_lines(text[: h.body], 20)]:
        m = _DATELINE.match(ln.text)
        if m:
            return int(m.group(1) or m.group(4)), "dateline"
    counts: Counter[int] = Counter()
    masked = re.sub(r"《[^《》\n]{0,160}》", "", text[:5000])
    for line in masked.split("\n"):
        if is_furniture(line.strip()):
            continue
        for y in _BODY_YEAR.finditer(line):
            counts[_year(y.group(1))] += 1
    if counts:
        # the year the report is about comes first and most often; next year's plans come later
        return max(counts, key=lambda y: (counts[y], -y)), "body"
    for ln in h.head[:12]:
        m = _VOLUME.match(ln.text)
        if m:
            return int(m.group(1)), "volume"
    if published:
        year, month = int(published[:4]), int(published[5:7])
        if annual and month <= 6:
            return year - 1, "date"
        return year, "date"
    return None, None


def _unbracket(title: str) -> str:
    """A title without the titles it cites (关于印发《2021年工作要点》的通知 keeps its own)."""
    return re.sub(r"《[^《》]*》", "", title)


def _body_lines(body: str, limit: int) -> list[str]:
    out = []
    for line in body.split("\n"):
        s = line.strip()
        if s:
            out.append(s)
            if len(out) >= limit:
                break
    return out


# --- dates ----------------------------------------------------------------------------

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0", "Ｏ": "0"}
_CN_NUMERAL_DATE = re.compile(r"([〇○零OＯ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def _cn_number(s: str) -> str:
    """十二 → 12, 二十三 → 23, 三十一 → 31 (the range that months and days need)."""
    if "十" not in s:
        return "".join(_CN_DIGITS.get(c, c) for c in s)
    tens, _, ones = s.partition("十")
    return str(int(_CN_DIGITS.get(tens, "1") if tens else "1") * 10 + (int(_CN_DIGITS[ones]) if ones else 0))


def find_published(text: str, h: _Header | None = None) -> str | None:
    """The date of the document: its signature (2025 年 12 月 23 日, 二〇二五年十二月二十三日),
    a speech's dateline, the metadata block's 成文日期 / 发布日期, a 日期:2024-03-30 header."""
    if h is None:
        h = _split(text)
    for _, date in h.signatures:
        d = _date_of(date.text)
        if d:
            iso = _iso(*d)
            if iso:
                return iso
    for line in h.lines:
        m = _DATELINE.match(line.text)
        if m:
            return _iso(*(m.groups()[:3] if m.group(1) else m.groups()[3:]))
    for meaning in ("written", "released"):
        v = h.meta.get(meaning)
        m = _ANY_DATE.search(v) if v else None
        if m:
            return _iso(*m.groups())
    for line in h.head[:20]:
        if "星期" in line.text:
            continue  # today's date in a site's header
        m = _ISO_DATE.search(line.text) or _DATE_BEFORE_SOURCE.match(line.text)
        if m:
            return _iso(*m.groups())
    return None


# 2023-03-28 来源：…, 2023年03月28日 15:30 浏览次数：… — a page's date line without a label
_DATE_BEFORE_SOURCE = re.compile(
    r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"\s*(?:来源|信息来源|作者|浏览|阅读|点击|发布者|责任编辑|【)"
)


def _iso(y: str, m: str, d: str) -> str | None:
    mi, di = int(m), int(d)
    if 1 <= mi <= 12 and 1 <= di <= 31:
        return f"{int(y):04d}-{mi:02d}-{di:02d}"
    return None


# --- issuer ---------------------------------------------------------------------------


def _region_hint(text: str, known_region: str | None = None) -> Context:
    """Where a report comes from, by the places it names most (or as the caller says)."""
    hints = text[:HINT_CHARS]
    if known_region:
        place = _place_for(known_region, hints)
        if place is not None:
            return Context.of(place, hints)
    return Context.of(most_named_place(hints), hints)


def _place_for(region: str, hints: str) -> Place | None:
    from lawgraph.extract.regions import gazetteer

    g = gazetteer()
    for n in range(min(len(region), 12), 1, -1):
        tail = region[-n:]
        cands = g.find(tail)
        if cands:
            inside = [p for p in cands if region.startswith(p.path) or p.path.startswith(region) or p.path.endswith(region)]
            return (inside or cands)[0] if len(inside or cands) == 1 else g.resolve(tail, hints + region)
    return None


def _candidates(text: str, h: _Header, title: tuple[int, str, str] | None, ctx: Context, known: Known | None) -> list[Candidate]:
    out: list[Candidate] = []
    f: Found | None
    if known and known.issuer:
        f = parse_name(known.issuer, ctx, bare_place=True) or Found(0, 0, known.issuer, "unknown", known.region)
        out.append(Candidate(f, known.issuer, None, "manifest"))
    interpretation = bool(title and _INTERPRETATION.search(title[1]))
    if title and not interpretation:
        start, t, _ = title
        # the title's subject: X关于…, X2023年…, or, after a leading year, 2020年X…
        lead = _TITLE_YEAR.match(t)
        offset = lead.end() if lead else 0
        hit = issuers.subject_at(t, offset, ctx)
        if hit:
            f, end = hit
            span = (start + offset, start + end) if text[start : start + len(t)] == t else None
            out.append(Candidate(f, t[offset:end], span, "title"))
    for meaning in ("issuer",):
        v = h.meta.fields.get(meaning)
        if v:
            f = parse_name(v[0], ctx)
            if f:
                out.append(Candidate(f, v[0], (v[1], v[2]), "metadata"))
    header_names = [(ln, parse_name(ln.text, ctx)) for ln in h.lines if not title or ln.start != title[0]]
    header_names = [(ln, f) for ln, f in header_names if f is not None]
    if header_names:
        gov = [(ln, f) for ln, f in header_names if not _PARTY_GROUP.match(ln.text)]
        ln, f = (gov or header_names)[0]
        assert f is not None  # the Nones were filtered out above
        out.append(Candidate(f, ln.text, (ln.start, ln.start + len(ln.text)), "header"))
    for above, _date in h.signatures:
        names = [(ln, parse_name(ln.text, ctx)) for ln in above]
        names = [(ln, f) for ln, f in names if f is not None]
        if names:
            if len(names) == 2 and not _PARTY_GROUP.match(names[0][0].text):
                f = parse_name(names[0][0].text + "、" + names[1][0].text, ctx) or names[-1][1]
                ln = names[0][0]
            else:
                ln, f = names[-1]
            assert f is not None  # the Nones were filtered out above
            out.append(Candidate(f, ln.text, (ln.start, ln.start + len(ln.text)), "signature"))
            break
    if interpretation:
        # a page interpreting a document: the body that interprets it (解读机关, else 来源)
        for meaning, source in (("interpreter", "metadata"), ("source", "source")):
            v = h.meta.fields.get(meaning)
            f = parse_name(v[0], ctx) if v else None
            if f and v:
                out.append(Candidate(f, v[0], (v[1], v[2]), source))
        if out:
            return out  # its sentences are about the document, not about who wrote the page
    pronoun = None
    subject, pronoun = issuers.lead_subject(text, h.body, ctx)
    if subject is not None:
        out.append(subject)
    said, p2 = issuers.report_sentence(text, 0, min(len(text), h.body + 2000), ctx)
    if said is not None:
        out.append(said)
    pronoun = pronoun or p2
    if not out:
        pronoun = issuers.own_pronoun(text, h.body, pronoun)
        if pronoun is not None:
            c = issuers.resolve_pronoun(pronoun.group("what"), text, ctx, pronoun.span())
            if c is not None:
                out.append(c)
    if not out:
        # no sentence names it first: the first paragraph that opens 「2023年，X…」 and names a body
        for m in _YEAR_PARAGRAPH.finditer(text, h.body, min(len(text), h.body + 3000)):
            c, _ = issuers.lead_subject(text, m.start(1), ctx)
            if c is not None and c.found.kind != "place":
                out.append(c)
                break
    return out


_YEAR_PARAGRAPH = re.compile(r"(?:^|\n)[ \t\u3000]*((?:19|20)\d{2}\s*年)", re.M)


def _written_names(h: _Header, ctx: Context) -> list[Found]:
    """Bodies the page writes out in full: its metadata fields, header and signature lines."""
    out = []
    for meaning in ("issuer", "source"):
        v = h.meta.get(meaning)
        f = parse_name(v, ctx) if v else None
        if f:
            out.append(f)
    for line in h.lines + [ln for above, _ in h.signatures for ln in above]:
        f = parse_name(line.text, ctx)
        if f:
            out.append(f)
    return out


def find_meta(text: str, known: Known | None = None) -> Meta:
    """Everything the header, the first paragraph and the signature say about the report."""
    h = _split(text)
    hint = _region_hint(text, known.region if known else None)
    title = find_title(h)
    if title is None:
        copy = _bracketed_copy(text, h.body) or _run_in_title(text, h.body)
        if copy:
            title = (copy[0], copy[1], "copy")
    title_text = re.sub(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])", "", title[1]) if title else None

    best = issuers.choose(_candidates(text, h, title, hint, known), _written_names(h, hint))
    issuer = best.found if best else None
    if issuer is not None and issuer.region and issuer.region != "全国":
        place = _place_for(issuer.region, text[:HINT_CHARS])
        ctx = Context.of(place, text[:HINT_CHARS]) if place else hint
    else:
        ctx = hint

    published = find_published(text, h)
    if known and known.published:
        published = known.published
    # an annual report says so in its title or in 现将…报告如下; a notice or a plan does not
    annual = bool(_ANNUAL.search(_unbracket(title_text or ""))) or bool(issuers.REPORT_SENTENCE.search(text, 0, h.body + 2000))
    dated = published or _url_date(known.url if known else None) or _number_date(h)
    year, year_source = find_year(title_text, text, h, published=dated, annual=annual)
    if known and known.year:
        year, year_source = known.year, "manifest"

    doc_number = doc_span = None
    v = h.meta.fields.get("doc_number")
    if v:
        doc_number, doc_span = _tidy_number(v[0]), (v[1], v[2])
    else:
        for line in h.lines:
            if _DOC_NUMBER.match(line.text):
                doc_number, doc_span = _tidy_number(line.text), (line.start, line.start + len(line.text))
                break
    from lawgraph.extract.page_meta import foreign_spans

    return Meta(
        title=title_text,
        year=year,
        published=published,
        issuer=issuer,
        issuer_surface=best.surface if best else None,
        issuer_span=best.span if best else None,
        context=ctx,
        issuer_source=best.source if best else None,
        issuer_confidence=best.confidence if best else None,
        year_source=year_source,
        doc_number=doc_number,
        doc_number_span=doc_span,
        url=known.url if known else None,
        foreign=foreign_spans(text, h.head + h.tail),
    )


_URL_DATES = (
    re.compile(r"[/_]t((?:19|20)\d{2})(0[1-9]|1[0-2])([0-3]\d)_"),  # …/t20210514_123.html
    re.compile(r"/((?:19|20)\d{2})[-/](1[0-2]|0?[1-9])[-/]([0-3]?\d)/"),  # …/art/2022/2/26/…
    re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/?([0-3]\d)?(?=[/_.])"),  # …/202105/14/…
)


def _url_date(url: str | None) -> str | None:
    """The date a government site writes into a page's address."""
    for pattern in _URL_DATES:
        m = pattern.search(url or "")
        if m:
            return _iso(m.group(1), m.group(2), m.group(3) or "01")
    return None


def _number_date(h: _Header) -> str | None:
    """The year of the report's own document number, as a date: 厦政外综〔2026〕18号 → 2026."""
    v = h.meta.get("doc_number")
    m = re.search(r"[〔\[【(（]\s*((?:19|20)\d{2})\s*[〕\]】)）]", v or "")
    return f"{m.group(1)}-01-01" if m else None


def _tidy_number(raw: str) -> str | None:
    """京政外发[2023] 5号 → 京政外发〔2023〕5号."""
    m = re.search(r"([\u4e00-\u9fff]{1,10})\s*[〔\[【(（]\s*((?:19|20)\d{2})\s*[〕\]】)）]\s*(\d{1,5})\s*号", raw)
    if m:
        return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    return raw.strip() or None
