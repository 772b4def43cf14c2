"""The extractor's fast paths find what the plain way finds (issue 17: faster, same output).

Each test keeps the plain form — the pattern or loop the fast path replaced — and checks
the two agree, on the cases that tell them apart and on generated text."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lawgraph.extract.agencies as agencies
import lawgraph.extract.citations as citations
import lawgraph.extract.normalise as normalise
import lawgraph.extract.page_meta as page_meta
from lawgraph.extract.agencies import Context, Where
from lawgraph.extract.metadata import _date_of

_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- standard numbers: tried only where a capital letter stands ---------------------------

_STANDARD_ALPHABET = st.sampled_from(list("GBDTZQ/ -—–.0123456789号中x") + ["GB/T ", "DB11/T ", "2020", "-2016", "ABCDE"])


@given(st.lists(_STANDARD_ALPHABET, max_size=30).map("".join), st.integers(0, 40))
@_SETTINGS
def test_standard_numbers_are_the_plain_finditer(text, horizon):
    plain = [m.span() for m in citations._STANDARD_NUMBER.finditer(text, 0, horizon)]
    fast = [m.span() for m in citations._standard_numbers(text, horizon)]
    assert fast == plain


def test_standard_numbers_in_a_run_of_capitals_and_at_the_horizon():
    # a run of capitals longer than a code; the code after a longer word; a year cut by the horizon
    text = "ABCDEGB/T 19001-2016、XGB 50016-2014，GB 1-2020"
    plain = [m.group() for m in citations._STANDARD_NUMBER.finditer(text, 0, len(text) - 2)]
    fast = [m.group() for m in citations._standard_numbers(text, len(text) - 2)]
    assert fast == plain and "GB/T 19001-2016" in "".join(fast)


# --- normalisation --------------------------------------------------------------------

_CJK = normalise.CJK


def test_the_width_folding_class_holds_exactly_the_table():
    folded = {c for c in range(0x110000) if normalise._FOLD_RE.fullmatch(chr(c))}
    assert folded == set(normalise._WIDTH_TABLE)


_MARKUP_PLAIN = re.compile(rf"(?<=[{_CJK}])(?:<\s*/?\s*br\s*/?\s*>|br|&nbsp;)+(?=[{_CJK}])", re.I)


@given(st.lists(st.sampled_from(list("中文<>/ brBRnNsSpPſ&;x\t") + ["br", "&nbsp;", "<br/>", "< BR >", "&NBſP;"]), max_size=14).map("".join))
@_SETTINGS
def test_stray_markup_is_the_case_insensitive_pattern(text):
    assert [m.span() for m in normalise._MARKUP.finditer(text)] == [m.span() for m in _MARKUP_PLAIN.finditer(text)]


@given(st.lists(st.sampled_from(["国", "國", "发", "發", "这", "這", "的", "a", "\n"]), max_size=60).map("".join))
@_SETTINGS
def test_script_and_conversion_come_from_one_count(text):
    script, convert = normalise._script_of(text)
    assert convert == normalise.has_traditional(text)
    trad = len(normalise._traditional_chars().findall(text[:12_000]))
    simp = len(normalise._simplified_chars().findall(text[:12_000]))
    assert script == ("traditional" if trad >= 5 and trad > 2 * simp else "simplified")


# --- agencies: the words that stand for the report's own region ---------------------------


def _region_word_plain(text, pos):
    for word in ("自治区", "街道", "区", "县", "旗", "市", "省", "州", "盟", "镇", "乡"):
        if text.endswith(word, max(0, pos - len(word)), pos):
            return word
    return None


_OWN = Context({"district": Where("北京市西城区", "北京市西城区", "district"), "street": Where("北京市西城区德胜街道", "北京市西城区德胜街道", "street")})


@given(st.lists(st.sampled_from(list("自治区街道县旗市省州盟镇乡中局")), max_size=6).map("".join))
@_SETTINGS
def test_region_words_are_read_as_the_plain_loop_reads_them(text):
    for pos in range(len(text) + 1):
        if text[pos - 1 : pos] in agencies._PLACE_END and agencies._place_before(text, pos, _OWN)[1] is not None:
            continue  # a gazetteer place wins before the words are looked at
        if agencies.PROVINCE_SHORT.get(text[max(0, pos - 3) : pos]) or agencies.PROVINCE_SHORT.get(text[max(0, pos - 2) : pos]):
            continue
        start, _, _ = agencies._region_before(text, pos, _OWN)
        word = _region_word_plain(text, pos)
        assert start == (pos - len(word) if word else pos), (text, pos)


# --- dates ------------------------------------------------------------------------------


def test_date_lines_still_read_and_others_skipped():
    assert _date_of("2025 年 12 月 23 日") == ("2025", "12", "23")
    assert _date_of("二〇二四年三月五日") is not None
    assert _date_of("北京市西城区司法局") is None


# --- X+ written XX*, so that the regex engine scans for the first character -------------


@given(st.lists(st.sampled_from(["（", "Ａ", "a", " ", "\t", "\u3000", "中", "國", "1", "１", "\n"]), max_size=24).map("".join))
@_SETTINGS
def test_repeats_written_out_find_the_same_runs(text):
    fold_plain = re.compile(normalise._char_class(normalise._WIDTH_TABLE) + "+")
    assert normalise.fold_width(text) == fold_plain.sub(lambda m: m.group().translate(normalise._WIDTH_TABLE), text)
    assert [m.span() for m in normalise._SPACES.finditer(text)] == [m.span() for m in re.finditer(r"[ \t]+", text)]
    assert [m.span() for m in normalise._SEGMENT.finditer(text)] == [m.span() for m in re.finditer(rf"[{_CJK}]+", text)]


# --- what a report does with a document: the verbs, each alternative opening with a literal ---

_FUNCTIONS_PLAIN = (
    ("制定起草", r"(?:研究出台|联合出台|制定|起草|(?<!新)修订|(?<!新)修改|出台|印发|制发|编制|拟定|草拟|编写|编发)(?!的)"),
    ("审议", r"审议|审核|审查|审定|审阅"),
    ("依据", r"根据|依据|按照|依照|遵照|对照|参照|依托|以(?=《)"),
    ("学习宣传", r"学习宣传|宣传贯彻|学习|宣传|宣讲|普及|解读|培训|学法|研学|宣贯|讲座|竞赛|研读|领会"),
    ("贯彻落实", r"贯彻落实|贯彻执行|贯彻|落实|执行|实施|遵守|遵循|施行|践行"),
)
_FUNCTION_PLAIN = re.compile("|".join(f"(?P<f{i}>{p})" for i, (_, p) in enumerate(_FUNCTIONS_PLAIN)))


def _function_plain(text, start):
    lo = citations._Stops(text, citations._CLAUSE_STOPS).after_last_before(start, max(0, start - 60))
    found = None
    for m in _FUNCTION_PLAIN.finditer(text, lo, start):
        found = m.lastgroup
    return _FUNCTIONS_PLAIN[int(found[1:])][0] if found else "其他"


def test_every_function_word_names_one_function():
    words = [w for _, ws, _ in citations._FUNCTIONS for w in ws.split()]
    assert len(words) == len(set(words)) == len(citations._FUNCTION_OF_WORD)


_VERB_PIECES = "研究出台 联合出台 新 修订 修改 的 以 《 》 审议 根据 学习宣传 宣传贯彻 学习 贯彻落实 贯彻 落实 执行 ， 。 法 印发 出台 研学".split()


@given(st.lists(st.sampled_from(_VERB_PIECES), max_size=20).map("".join))
@_SETTINGS
def test_function_is_what_the_grouped_pattern_says(text):
    for start in range(len(text) + 1):
        assert citations.function_of(text, start) == _function_plain(text, start), (text, start)


# --- page furniture: what a line starts with matched once, the rest searched for ----------

_FURNITURE_PLAIN = re.compile(
    rf"^(?:{page_meta._FURNITURE_WORDS})|{page_meta._LINK_TRAIL}|星期[一二三四五六日天]"
    r"|(?:门户网站|网站|政府网|信息网|公众网|政务网|网站群|政务服务网|客户端|公众号)(?:[\s|｜/]|$)|^\d{4}卷$",
    re.I,
)
_FOREIGN_PLAIN = re.compile(rf"^(?:{page_meta._FOREIGN_WORDS})|{page_meta._LINK_TRAIL}", re.I)
_LINE_PIECES = "首页 > ＞ » 政务公开 星期三 网站 网站| 政府网/ 2023卷 2023 卷 copyright ICP 上一篇 主办 关于 报告 . \n".split(" ")


@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=8).map("".join))
@_SETTINGS
def test_furniture_and_foreign_lines_as_the_one_pattern_reads_them(line):
    assert page_meta.is_furniture(line) == bool(_FURNITURE_PLAIN.search(line))
    assert page_meta._foreign(line) == bool(_FOREIGN_PLAIN.search(line))


# --- the script table: what OpenCC says, read from a file instead of OpenCC's s2t -----------


def test_the_script_table_is_what_the_installed_opencc_converts():
    table = normalise._script_table()
    assert table["traditional"] == normalise.opencc_script_chars("t2s")
    assert table["simplified"] == normalise.opencc_script_chars("s2t")
    assert "國" in table["traditional"] and "国" in table["simplified"]


# --- the catalog's version: the same hash as from dataclasses.asdict ------------------------


def test_catalog_version_hashes_what_asdict_gives():
    import hashlib
    import json
    from dataclasses import asdict

    from lawgraph.extract import load_catalog

    catalog = load_catalog()
    rows = [asdict(catalog.entries[k]) for k in sorted(catalog.entries)]
    text = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert catalog.version == "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- patterns compiled on first use ------------------------------------------------------


def test_a_lazy_pattern_compiles_once_and_answers_as_the_pattern_does():
    from lawgraph.extract.lazy_pattern import LazyPattern

    lazy = LazyPattern(r"法(?P<n>\d+)")
    assert lazy._compiled is None  # nothing compiled before the first use
    text = "法1 和 法22"
    assert lazy.search(text, 1).group() == "法22" and lazy.match(text).group("n") == "1"
    assert [m.span() for m in lazy.finditer(text, 0, 5)] == [m.span() for m in re.finditer(lazy.pattern, text[:5])]
    assert lazy._compiled is lazy.compiled


# --- look-alikes of a bare name: the words holding it listed once per name ------------------


def _in_lookalike_plain(text, start, end):
    name = text[start:end]
    for word in citations.LOOKALIKES:
        k = word.find(name)
        while k != -1:
            if text[start - k : start - k + len(word)] == word:
                return True
            k = word.find(name, k + 1)
    return False


@given(st.lists(st.sampled_from(["宪法", "日", "国家", "宣传周", "保密法", "治", "民法典", "宣传月", "安全", "教育日", "全民"]), max_size=10).map("".join))
@_SETTINGS
def test_lookalikes_as_the_plain_loop_finds_them(text):
    for name in ("宪法", "保密法", "民法典", "国家安全法"):
        k = text.find(name)
        while k != -1:
            assert citations._in_lookalike(text, k, k + len(name)) == _in_lookalike_plain(text, k, k + len(name))
            k = text.find(name, k + 1)


# --- the place a title starts with: names ending like a township are not looked up --------


def _leading_place_plain(title):
    from lawgraph.extract.regions import _AMBIGUOUS_WORDS, gazetteer

    g = gazetteer()
    pos, found = 0, None
    while pos < len(title):
        for n in range(min(16, len(title) - pos), 1, -1):
            name = title[pos : pos + n]
            if name in _AMBIGUOUS_WORDS:
                continue
            places = [p for p in g.find(name) if p.level != "street"]
            if places:
                break
        else:
            break
        if found is not None:
            inside = [p for p in places if p.province == found.province or p.city == found.name]
            if not inside:
                break
            places = inside
        found = places[0] if len(places) == 1 else (found or places[0])
        pos += n
        if found.level == "district":
            break
    return found, pos


_PLACE_PIECES = "北京市 东城区 杭州市 上城区 小营街道 军埠镇 镇 乡 街道 苏木 朝阳 城区 司法局 浙江省 普宁市 桃源县".split()


@given(st.lists(st.sampled_from(_PLACE_PIECES), max_size=5).map("".join))
@_SETTINGS
def test_leading_place_as_the_plain_loop_reads_it(title):
    from lawgraph.extract.regions import leading_place

    assert leading_place(title) == _leading_place_plain(title)


# --- a place read backwards: places looked up directly when no township can end there ------


@given(st.lists(st.sampled_from(_PLACE_PIECES + ["区", "市", "县", "委", "外办"]), max_size=5).map("".join))
@_SETTINGS
def test_place_before_as_gazetteer_find_reads_it(text):
    direct = [agencies._place_before(text, pos, _OWN) for pos in range(len(text) + 1)]
    saved = agencies._TOWN_LAST
    agencies._TOWN_LAST = set(agencies._PLACE_END)  # every lookup through Gazetteer.find
    try:
        plain = [agencies._place_before(text, pos, _OWN) for pos in range(len(text) + 1)]
    finally:
        agencies._TOWN_LAST = saved
    assert direct == plain


@given(st.lists(st.sampled_from(["(", "（", "a", "shè", "ǎ", "中", ")", "B", " "]), max_size=12).map("".join))
@_SETTINGS
def test_a_reading_is_looked_for_from_its_letter(text):
    plain = re.compile("[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]")
    assert bool(normalise._READING_START.search(text)) == bool(plain.search(text))


# --- metadata pairs: a line is searched for them only when one starts it ---------------------


class _EveryLineHasPairs:
    """_PAIR as it was used before: finditer on every line."""

    def __init__(self, real):
        self.real = real

    def match(self, text):
        return True

    def finditer(self, text):
        return self.real.finditer(text)


_META_PIECES = [
    "发布机构：",
    "北京市司法局",
    " 文号: ",
    "京司发〔2021〕1号",
    "标题：",
    "关于2024年法治政府建设情况的报告",
    "日期 ",
    "2024-03-30",
    "，",
    "|",
    "【发布日期】",
    "主题分类：司法",
]


@given(st.lists(st.lists(st.sampled_from(_META_PIECES), min_size=1, max_size=5).map("".join), min_size=1, max_size=6))
@_SETTINGS
def test_page_meta_reads_what_it_read_searching_every_line(texts):
    lines = [page_meta.Line(i * 100, t) for i, t in enumerate(texts)]
    fast = page_meta.page_meta(lines)
    real = page_meta._PAIR
    page_meta._PAIR = _EveryLineHasPairs(real)
    try:
        plain = page_meta.page_meta(lines)
    finally:
        page_meta._PAIR = real
    assert (fast.fields, fast.lines) == (plain.fields, plain.lines)
