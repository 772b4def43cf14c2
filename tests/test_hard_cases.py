"""The hard cases of DESIGN.md and issue 2, one row each, in our own words.

Each row: a report fragment, and the (title, kind) citations it must yield — exactly,
in text order — or a check on metadata and agencies.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lawgraph.extract import extract_text

BJ_DISTRICT = "北京市西城区人民政府外事办公室\n\n2025年法治政府建设年度情况报告\n\n"
BJ_CITY = "北京市人民政府外事辦公室2023年法治政府建設年度情況報告\n\n"
SH_DISTRICT = "上海市黄浦区人民政府外事办公室\n\n2024年法治政府建设年度情况报告\n\n"


def cites(text: str, head: str = BJ_DISTRICT) -> list[tuple[str, str]]:
    rec = extract_text(head + text)
    return [(c.title, c.kind) for c in rec.citations]


CASES = [
    # a Big5 gateway's Taiwan wording (許可權, 程式) is undone in the canonical title
    ("學習《中國共産黨處分違紀黨員批准許可權和程式規定》。", BJ_CITY, [("中国共产党处分违纪党员批准权限和程序规定", "bracketed")]),
    # 高品質發展 survives tw2sp; the phrase table makes it 高质量发展
    ("制定《關於外事和港澳工作服務首都經濟高品質發展若干措施》。", BJ_CITY, [("关于外事和港澳工作服务首都经济高质量发展若干措施", "bracketed")]),
    # spaces typeset between Chinese and digits inside a title disappear
    ("落实《北京市西城区 2025 年推进法治政府建设工作要点》。", BJ_DISTRICT, [("北京市西城区2025年推进法治政府建设工作要点", "bracketed")]),
    # a title cut by a line break is one title
    ("配合开展《北京市接诉即办\n工作条例》执法检查。", BJ_DISTRICT, [("北京市接诉即办工作条例", "bracketed")]),
    # half-width brackets and an em dash in the year range fold to the canonical form
    ("认真落实《法治政府建设实施纲要(2021—2025年)》。", BJ_DISTRICT, [("法治政府建设实施纲要（2021-2025年）", "bracketed")]),
    # <…> inside 《…》: the outer document and the inner one are both cited
    (
        "審議《落實<北京市全面依法治市規劃(2021-2025年)>評估任務清單》。",
        BJ_CITY,
        [("落实《北京市全面依法治市规划（2021-2025年）》评估任务清单", "bracketed"), ("北京市全面依法治市规划（2021-2025年）", "nested")],
    ),
    # 〈…〉 inside a 关于印发…的通知
    (
        "根据《关于印发〈北京市重大行政决策程序规定〉的通知》要求。",
        BJ_DISTRICT,
        [("关于印发《北京市重大行政决策程序规定》的通知", "bracketed"), ("北京市重大行政决策程序规定", "nested")],
    ),
    # broken nesting: the inner title opens with '(' and closes with '>'
    (
        "贯彻《中共中央国务院印发(法治政府建设实施纲要(2021-2025年)>的通知》精神。",
        BJ_DISTRICT,
        [("中共中央国务院印发《法治政府建设实施纲要（2021-2025年）》的通知", "bracketed"), ("法治政府建设实施纲要（2021-2025年）", "nested")],
    ),
    # a missing closing mark does not swallow the next sentence
    (
        "学习《中华人民共和国民法典，研究制度。学习《中华人民共和国统计法》。",
        BJ_DISTRICT,
        [("中华人民共和国民法典", "bracketed"), ("中华人民共和国统计法", "bracketed")],
    ),
    # a stray opening mark with no document type is dropped, the rest still found
    ("《 这里没有闭合。随后学习《中华人民共和国统计法》。", BJ_DISTRICT, [("中华人民共和国统计法", "bracketed")]),
    # 《纲要》 after （以下简称《纲要》） is the full title, and the definition itself cites nothing
    (
        "落实《法治政府建设实施纲要（2021-2025年）》（以下简称《纲要》），对照《纲要》检查。",
        BJ_DISTRICT,
        [("法治政府建设实施纲要（2021-2025年）", "bracketed"), ("法治政府建设实施纲要（2021-2025年）", "alias")],
    ),
    # an alias defined without marks (以下簡稱條例) is used later as 《條例》
    (
        "實施《北京市國際交往語言環境建設條例》(以下簡稱條例)。宣講《條例》。",
        BJ_CITY,
        [("北京市国际交往语言环境建设条例", "bracketed"), ("北京市国际交往语言环境建设条例", "alias")],
    ),
    # 《纲要》 with no definition refers back to the nearest 纲要 cited before it
    (
        "落实《法治政府建设实施纲要（2021-2025年）》。对照《纲要》要求。",
        BJ_DISTRICT,
        [("法治政府建设实施纲要（2021-2025年）", "bracketed"), ("法治政府建设实施纲要（2021-2025年）", "alias")],
    ),
    # a bare 《条例》 that nothing explains is not a law called 条例
    ("宣传《条例》。", BJ_DISTRICT, []),
    # bare short names of catalog entries link to the full title
    (
        "学习宣传国家安全法、保密法、反间谍法等法律法规。",
        BJ_DISTRICT,
        [("中华人民共和国国家安全法", "unbracketed"), ("中华人民共和国保守国家秘密法", "unbracketed"), ("中华人民共和国反间谍法", "unbracketed")],
    ),
    # look-alikes are not citations: Constitution Day, security education day, 保密法治
    ("开展宪法日、全民国家安全教育日宣传，加强保密法治建设。", BJ_DISTRICT, []),
    # the short name 领事保护条例 is not a substring of the full title but links to it
    ("学习领事保护条例和党章。", BJ_DISTRICT, [("中华人民共和国领事保护与协助条例", "unbracketed"), ("中国共产党章程", "unbracketed")]),
    # a Beijing short name in a Beijing report links to Beijing's regulation
    ("深入推进国际交往语言环境建设条例宣贯实施。", BJ_DISTRICT, [("北京市国际交往语言环境建设条例", "unbracketed")]),
    # …but not in a Shanghai report, where it would be another city's regulation
    ("深入推进国际交往语言环境建设条例宣贯实施。", SH_DISTRICT, []),
    # a local rule cited in full comes back by its name without the region
    ("贯彻《湖北省湖泊保护条例》。宣传湖泊保护条例。", SH_DISTRICT, [("湖北省湖泊保护条例", "bracketed"), ("湖北省湖泊保护条例", "unbracketed")]),
    # …but a name the catalog knows keeps the catalog's meaning (the State Council's 条例)
    (
        "贯彻《上海市政府信息公开规定》。学习政府信息公开条例。",
        SH_DISTRICT,
        [("上海市政府信息公开规定", "bracketed"), ("中华人民共和国政府信息公开条例", "unbracketed")],
    ),
    # a version note names an edition of the same document
    ("根据《中华人民共和国行政复议法》（2023年修订）要求。", BJ_DISTRICT, [("中华人民共和国行政复议法", "bracketed")]),
    # newspapers, magazines, TV columns and books are cited as 其他, never as laws
    ("在《求是》刊发，录播《向前一步》5期、《接诉即办》栏目12期。", BJ_DISTRICT, [("求是", "bracketed"), ("向前一步", "bracketed"), ("接诉即办", "bracketed")]),
]


@pytest.mark.parametrize("text,head,expected", CASES, ids=[c[0][:14] for c in CASES])
def test_citations(text, head, expected):
    assert cites(text, head) == expected


def test_spans_point_into_the_original_text():
    # tw2sp changes length (許可權 → 权限): spans must still slice the original exactly
    text = BJ_CITY + "學習《中國共産黨處分違紀黨員批准許可權和程式規定》和黨章，宣講《條例》。\r\n"
    rec = extract_text(text)
    assert rec.citations
    for c in rec.citations:
        assert text[c.span[0] : c.span[1]] == c.surface
        # the sentence is the original (Traditional) text around the citation, not the converted one
        s, e = c.span
        starts = [i for i in range(len(text)) if text.startswith(c.sentence, i)]
        assert any(i <= s and e <= i + len(c.sentence) for i in starts), (c.sentence, c.span)


def test_categories_of_unknown_titles_follow_the_rules():
    text = (
        "学习《上海市促进某某发展条例》《黄浦区某某管理办法》《中国共产党某某工作条例》"
        "《浙江省某某管理规定》《某某局2024年工作要点》《某某发展规划（2021-2025年）》"
        "《某某服务规范》和《学习时报》。"
    )
    rec = extract_text(SH_DISTRICT + text)
    got = {c.title: c.category for c in rec.citations}
    assert got == {
        "上海市促进某某发展条例": "地方性法规",
        "黄浦区某某管理办法": "规范性文件",
        "中国共产党某某工作条例": "党内法规",
        "浙江省某某管理规定": "规章",
        "某某局2024年工作要点": "工作文件",
        "某某发展规划（2021-2025年）": "规划纲要",
        "某某服务规范": "标准",
        "学习时报": "其他",
    }


@pytest.mark.parametrize(
    "title,context,category",
    [
        # a province's 实施《…法》办法 is passed by its people's congress
        ("湖北省实施《中华人民共和国村民委员会组织法》办法", "", "地方性法规"),
        # …while implementing an administrative regulation is the government's (a 规章)
        ("北京市实施《工伤保险条例》办法", "", "规章"),
        # 浦东新区法规 and 海南自由贸易港法规 are local legislation whatever their last word
        ("上海市浦东新区市场主体登记确认制若干规定", "", "地方性法规"),
        ("海南自由贸易港优化营商环境条例", "", "地方性法规"),
        # 中国（江苏）… is a province's own: its 条例 is local legislation, not the State Council's
        ("中国（江苏）自由贸易试验区条例", "", "地方性法规"),
        # a decision of a local congress is local legislation; of the NPC, law
        ("上海市人民代表大会常务委员会关于加强浦东新区高水平改革开放法治保障制定浦东新区法规的决定", "", "地方性法规"),
        ("全国人民代表大会常务委员会关于授权上海市人民代表大会及其常务委员会制定浦东新区法规的决定", "", "法律"),
        # a city department's own rules are normative documents, not 规章
        ("杭州市市场监督管理局行政处罚自由裁量权适用规则", "", "规范性文件"),
        # a draft is the kind of document it will be
        ("中华人民共和国行政复议法（修订草案）", "", "法律"),
        # a judicial interpretation is normative, not "other"
        ("最高人民法院、最高人民检察院关于办理危害税收征管刑事案件适用法律若干问题的解释", "", "规范性文件"),
        # a 工作规范 rules how people work: a normative document, not a standard
        ("苏州市综合执法工作规范", "", "规范性文件"),
        # a list of matters (目录) is a working document
        ("浦东新区人民政府2024年度重大行政决策事项目录", "", "工作文件"),
        # 关于《…》 is not a publication cue (于 once made it one)
        ("武汉市2022年法治政府建设工作要点", "听取市司法局关于", "工作文件"),
        # …but 在《…》上发表 is
        ("某某日报", "在", "其他"),
    ],
)
def test_categories_from_who_can_make_them(title, context, category):
    after = "上发表文章。" if context == "在" else "落实情况。"
    rec = extract_text(SH_DISTRICT + f"{context}《{title}》{after}")
    assert [(c.title, c.category) for c in rec.citations if c.kind == "bracketed"] == [(title, category)]


def test_catalog_links_give_catalog_category_and_id():
    rec = extract_text(BJ_DISTRICT + "学习《法治政府建设与责任落实督察工作规定》。")
    (c,) = rec.citations
    assert c.category == "党内法规" and c.linked and not c.law_id.startswith("doc:")


@pytest.mark.parametrize(
    "sentence,function",
    [
        ("根据《中华人民共和国统计法》规定。", "依据"),
        ("集中学习《中华人民共和国统计法》。", "学习宣传"),
        ("研究制定《东城区对外交流管理办法》。", "制定起草"),
        ("审议《东城区对外交流管理办法》。", "审议"),
        ("认真贯彻落实《中华人民共和国统计法》。", "贯彻落实"),
        ("《中华人民共和国统计法》正式施行。", "其他"),
        # someone else's revision: the report carries the revised law out
        ("贯彻实施新修订的《中华人民共和国统计法》。", "贯彻落实"),
        # …and what someone else issued
        ("严格落实中共中央办公厅、国务院办公厅印发的《中华人民共和国统计法》。", "贯彻落实"),
    ],
)
def test_function(sentence, function):
    (c,) = extract_text(BJ_DISTRICT + sentence).citations
    assert c.function == function


def test_function_never_reads_a_verb_inside_another_title():
    rec = extract_text(BJ_DISTRICT + "学习《中国共产党党内法规制定条例》《中国共产党党组工作条例》。审议《某某条例（修订草案）》《某某办法》。")
    assert [c.function for c in rec.citations] == ["学习宣传", "学习宣传", "审议", "审议"]


@pytest.mark.parametrize(
    "text,number,title",
    [
        # a document number in brackets right after the title belongs to it
        ("贯彻《国务院关于加强法治政府建设的意见》（国发〔2010〕33号）。", "国发〔2010〕33号", "国务院关于加强法治政府建设的意见"),
        # [] and () instead of 〔〕 are the same number
        ("落实《关于某某工作的通知》(京政发[2022]5号)。", "京政发〔2022〕5号", "关于某某工作的通知"),
        # a number cited on its own is a citation of the title it was attached to earlier
        ("印发《关于某某工作的实施方案》（鄂政发〔2021〕26号）。深入贯彻鄂政发〔2021〕26号文件精神。", "鄂政发〔2021〕26号", "关于某某工作的实施方案"),
        # a government decree number publishes a rule; the 中华人民共和国 before 国务院令 is dropped
        ("实施《湖北省行政规范性文件管理办法》（省人民政府令第406号）。", "省人民政府令第406号", "湖北省行政规范性文件管理办法"),
        ("根据《重大行政决策程序暂行条例》（中华人民共和国国务院令第713号）。", "国务院令第713号", "重大行政决策程序暂行条例"),
        # …or of the catalog's document published under that number
        ("以国务院令第713号公布施行。", "国务院令第713号", "重大行政决策程序暂行条例"),
        # a standard's number after its title
        ("参照《合规管理体系 要求及使用指南》（GB/T 35770-2022）建立体系。", "GB/T 35770-2022", "合规管理体系 要求及使用指南"),
    ],
)
def test_document_numbers(text, number, title):
    rec = extract_text(BJ_DISTRICT + text)
    found = [(c.title, c.doc_number) for c in rec.citations]
    assert (title, number) in found
    assert all(c.title == title for c in rec.citations), found  # and no second document


def test_a_decree_number_makes_its_title_a_rule_and_a_standard_number_a_standard():
    rec = extract_text(BJ_DISTRICT + "贯彻《市场监督管理行政处罚程序规定》（国家市场监督管理总局令第2号）。对照GB/T 19001-2016《质量管理体系 要求》。")
    assert [(c.title, c.category, c.doc_number) for c in rec.citations] == [
        ("市场监督管理行政处罚程序规定", "规章", "国家市场监督管理总局令第2号"),
        ("质量管理体系 要求", "标准", "GB/T 19001-2016"),
    ]


@pytest.mark.parametrize(
    "text,number",
    [
        # a number alone that leads to no title is kept as a reference, never a citation
        ("贯彻落实京政发(2022)5号文件精神。", "京政发〔2022〕5号"),
        ("以省政府第407号令公布施行。", "省政府令第407号"),
        ("严格执行GB 50016-2014等标准。", "GB 50016-2014"),
        # "落实" before a decree number is not part of its issuer
        ("落实市政府令第5号。", "市政府令第5号"),
    ],
)
def test_a_number_alone_without_a_title_is_a_reference(text, number):
    rec = extract_text(BJ_DISTRICT + text)
    assert rec.citations == []
    assert [r.doc_number for r in rec.references] == [number]
    r = rec.references[0]
    assert (BJ_DISTRICT + text)[r.span[0] : r.span[1]] == r.surface and r.sentence


def test_the_reports_own_number_is_neither_a_citation_nor_a_reference():
    head = "北京市西城区人民政府外事办公室\n京西外发〔2025〕3号\n关于2025年法治政府建设情况的报告\n\n"
    rec = extract_text(head + "贯彻《中华人民共和国统计法》。")
    assert rec.report.doc_number == "京西外发〔2025〕3号"
    assert [c.title for c in rec.citations] == ["中华人民共和国统计法"] and rec.references == []


@pytest.mark.parametrize(
    "text,issuer,year,published",
    [
        # the issuer written without its city gets it from the gazetteer; year only in the body
        (" 2022年法治政府建设年度情况报告\n\n2022年，东城区人民政府外事办公室（以下简称“区政府外办”）坚持…\n", "北京市东城区人民政府外事办公室", 2022, None),
        # year in a spaced title, date at the end with spaces
        (
            "北京市西城区人民政府外事办公室\n\n关于 2025 年法治政府建设情况的报告\n\n正文。\n\n2025 年 12 月 23 日\n",
            "北京市西城区人民政府外事办公室",
            2025,
            "2025-12-23",
        ),
        # a Traditional title line carrying the agency, date in a page header
        (
            "北京市人民政府外事辦公室2023年法治政府建設年度情況報告\n\n日期:2024-03-30 20:00    來源:北京市人民政府外事辦公室\n\n分享:\n",
            "北京市人民政府外事办公室",
            2023,
            "2024-03-30",
        ),
        # a title broken over two lines; a signature date in Chinese numerals
        (
            "北京市东城区人民政府外事办公室\n2024年法治政府建设\n年度情况报告\n\n正文。\n\n二〇二五年一月二十三日\n",
            "北京市东城区人民政府外事办公室",
            2024,
            "2025-01-23",
        ),
        # a party committee department as the issuer
        ("中共北京市西城区委政法委员会\n\n2023年法治建设工作情况报告\n\n正文。\n", "中共北京市西城区委政法委员会", 2023, None),
        # a district report from another province: the city comes from the text
        ("南京市鼓楼区司法局\n\n2023年法治政府建设年度报告\n\n", "南京市鼓楼区司法局", 2023, None),
        # a web page copied as text: the breadcrumb is no title, the link to last year's
        # report no year
        (
            "首页 > 政务公开 > 法治政府建设 > 法治政府建设年度报告\n杭州市市场监督管理局2021年度法治政府建设工作报告\n"
            "发布时间：2022-01-20  来源：杭州市市场监督管理局\n字号：大 中 小\n2021年，我局认真贯彻落实法律。\n"
            "上一篇：杭州市市场监督管理局2020年度法治政府建设工作报告\n",
            "杭州市市场监督管理局",
            2021,
            "2022-01-20",
        ),
    ],
)
def test_report_metadata(text, issuer, year, published):
    rec = extract_text(text)
    assert rec.report.issuer is not None and rec.report.issuer.name == issuer
    assert (rec.report.year, rec.report.published) == (year, published)


@pytest.mark.parametrize(
    "text,title",
    [
        # a title wrapped over three lines, the last word alone
        ("武汉市人民政府\n关于2022年度法治政府建设情况的\n报告\n\n正文。\n", "武汉市人民政府关于2022年度法治政府建设情况的报告"),
        # the issuer's line before a 关于… title is part of the title
        ("成都市武侯区人民政府\n关于2022年法治政府建设情况的报告\n\n正文。\n", "成都市武侯区人民政府关于2022年法治政府建设情况的报告"),
        # breadcrumbs are never the title
        ("当前位置：首页 > 政务公开\n首页 > 法治政府建设 > 年度报告\n\n2022年法治政府建设年度情况报告\n\n正文。\n", "2022年法治政府建设年度情况报告"),
    ],
)
def test_report_title(text, title):
    assert extract_text(text).report.title == title


def test_agencies_mentioned_take_the_reports_region():
    rec = extract_text(BJ_DISTRICT + "联动区委政法委，配合外交部，旁听市四中院庭审，与区城管执法局联合检查。区政府外办牵头。")
    names = {(a.name, a.role) for a in rec.agencies}
    assert ("中共北京市西城区委政法委员会", "mentioned") in names
    assert ("中华人民共和国外交部", "mentioned") in names
    assert ("北京市第四中级人民法院", "mentioned") in names
    assert ("北京市西城区城市管理综合行政执法局", "mentioned") in names
    # the issuer's own abbreviation in its own report is the issuer
    assert ("北京市西城区人民政府外事办公室", "issuer") in names


def test_provincial_departments_courts_congress_and_vertical_bureaus():
    rec = extract_text(
        "广东省人民政府\n\n关于2023年法治政府建设情况的报告\n\n"
        "省司法厅会同省公安厅、省人力资源社会保障厅开展检查。省政府办公厅印发通知。主动接受省人大及其常委会监督。"
        "省高级人民法院、省委全面依法治省委员会办公室。各省税务局、国家税务总局广东省税务局。全国人大常委会法工委。"
    )
    names = [a.name for a in rec.agencies if a.role == "mentioned"]
    assert names == [
        "广东省司法厅",
        "广东省公安厅",
        "广东省人力资源和社会保障厅",
        "广东省人民政府办公厅",
        # 人大 is the congress; its standing committee is 人大常委会
        "广东省人民代表大会",
        "广东省高级人民法院",
        "中共广东省委全面依法治省委员会办公室",
        # 各省税务局 is no bureau in particular; a provincial tax bureau keeps its central name
        "国家税务总局广东省税务局",
        "全国人民代表大会常务委员会法制工作委员会",
    ]


def test_agency_inside_a_title_is_not_a_mention():
    rec = extract_text(BJ_DISTRICT + "根据《北京市政府信息公开规定》。")
    assert "北京市人民政府" not in {a.name for a in rec.agencies}


def test_deep_and_unclosed_marks_do_not_hang_or_swallow():
    text = BJ_DISTRICT + "《" * 10_000 + "x" + "》" * 10_000 + "。学习《中华人民共和国统计法》。" + "《未闭合" * 1000
    rec = extract_text(text)
    assert ("中华人民共和国统计法", "bracketed") in [(c.title, c.kind) for c in rec.citations]
    assert len(rec.warnings) <= 51


def test_output_is_deterministic():
    # Calling twice in one process would share its hash seed (set order); two interpreters
    # with different seeds must give this process's record, byte for byte.
    text = BJ_DISTRICT + "学习国家安全法、保密法和《北京市接诉即办工作条例》，会同区司法局、区财政局、区审计局。"
    code = "import sys; from lawgraph.extract import extract_text; print(extract_text(sys.argv[1], 'a.txt').to_json())"
    here = extract_text(text, "a.txt").to_json()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code, text], env=env, capture_output=True, text=True, encoding="utf-8", check=True)
        assert out.stdout.rstrip("\n") == here
