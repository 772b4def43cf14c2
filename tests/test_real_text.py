"""Damage real copies of reports carry, and the rules that undo it — one row each, in our
own words: pinyin a mirror inserted, Traditional converted character by character, year
ranges typed every way, an issuer written before the marks, near-misses of catalog titles,
page furniture, page metadata blocks, categories that depend on who made a document."""

from __future__ import annotations

import json

import pytest

from lawgraph.extract import extract_text
from lawgraph.extract.page_meta import head_lines, page_meta

HEAD = "北京市西城区人民政府外事办公室\n2025年法治政府建设年度情况报告\n\n"


def cites(text: str, head: str = HEAD) -> list[tuple[str, str]]:
    return [(c.title, c.kind) for c in extract_text(head + text).citations]


# --- pinyin, stray markup, script ------------------------------------------------------


def test_pinyin_readings_go_from_titles_bare_names_and_agency_names_but_spans_keep_them():
    text = "2022年，應(yīng)急管理部堅持依法行政，落實《法治政府建設(shè)實(shí)施綱要(2021-2025年)》，按照環境保(bao)護法規定辦事。"
    rec = extract_text(text)
    assert rec.report.issuer.name == "中华人民共和国应急管理部"
    assert [(c.title, c.kind) for c in rec.citations] == [
        ("法治政府建设实施纲要（2021-2025年）", "bracketed"),
        ("中华人民共和国环境保护法", "unbracketed"),
    ]
    for c in rec.citations:
        assert text[c.span[0] : c.span[1]] == c.surface
    assert "(shè)" in rec.citations[0].surface


def test_a_lone_unmarked_latin_word_in_brackets_is_not_pinyin():
    rec = extract_text(HEAD + "开展《关于企业(an)合规的通知》学习。")
    assert [c.title for c in rec.citations] == ["关于企业（an）合规的通知"]


def test_a_stray_br_between_characters_is_dropped():
    assert cites("落实《某某市法治政府br建设实施方案》。") == [("某某市法治政府建设实施方案", "bracketed")]


@pytest.mark.parametrize(
    "traditional,title",
    [
        # mainland text converted character by character: 文件, 指标 and 核心 stay as they are
        ("制定《行政規範性文件管理辦法》。", "行政规范性文件管理办法"),
        ("印發《法治政府建設指標體系》。", "法治政府建设指标体系"),
        # Taiwan wording a Big5 gateway put in is undone
        ("學習《中國共産黨處分違紀黨員批准許可權和程式規定》。", "中国共产党处分违纪党员批准权限和程序规定"),
        ("落實《資訊公開工作規定》。", "信息公开工作规定"),
    ],
)
def test_traditional_text_is_converted_without_software_vocabulary(traditional, title):
    head = "北京市人民政府外事辦公室2023年法治政府建設年度情況報告\n\n"
    assert cites(traditional * 3, head)[0][0] == title


# --- titles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,title",
    [
        ("《法治政府建设实施纲要（2015-2020）》", "法治政府建设实施纲要（2015-2020年）"),  # no 年
        ("《法治政府建设实施纲要2015-2020》", "法治政府建设实施纲要（2015-2020年）"),  # no brackets
        ("《某县法治政府建设实施纲要（20212025年）》", "某县法治政府建设实施纲要（2021-2025年）"),  # hyphen lost
        ("《某县法治政府建设规划(2021年-2025年)》", "某县法治政府建设规划（2021-2025年）"),  # 年 twice
        ("《2021—2025年某县法治宣传规划》", "2021-2025年某县法治宣传规划"),  # a range that opens the title stays
        ("《中华人民共和国行政处罚法》（修订）", "中华人民共和国行政处罚法"),  # an edition is not a document
        ("《某某市规范性文件管理办法（试行）》", "某某市规范性文件管理办法（试行）"),  # 试行 is another one
    ],
)
def test_title_forms(written, title):
    assert cites(f"落实{written}。")[0][0] == title


@pytest.mark.parametrize(
    "written,titles",
    [
        # an issuer right before the marks belongs to a title that starts with 关于
        ("贯彻国务院《关于加强法治政府建设的意见》。", ["国务院关于加强法治政府建设的意见"]),
        ("根据中共中央、国务院《关于加强和改进行政立法工作的意见》。", ["中共中央 国务院关于加强和改进行政立法工作的意见"]),
        # …and to the 关于 titles of the list it heads, not to the others
        ("根据国务院《全面推进依法行政实施纲要》、《关于加强市县政府依法行政的决定》。", ["全面推进依法行政实施纲要", "国务院关于加强市县政府依法行政的决定"]),
        # a region's government written short (省政府) is not part of a title
        ("落实省政府《关于某某工作的意见》。", ["关于某某工作的意见"]),
    ],
)
def test_an_issuer_before_the_marks(written, titles):
    assert [t for t, _ in cites(written)] == titles


@pytest.mark.parametrize(
    "written,title",
    [
        ("《法治政府建设与责任落实督查工作规定》", "法治政府建设与责任落实督察工作规定"),  # 督查 for 督察
        ("《法治政府建设与责任落实工作规定》", "法治政府建设与责任落实督察工作规定"),  # 督察 left out
        ("《政府建设实施纲要（2015-2020年）》", "法治政府建设实施纲要（2015-2020年）"),  # 法治 censored
    ],
)
def test_known_damage_links_to_the_catalog_title_as_a_fuzzy_match(written, title):
    c = extract_text(HEAD + f"落实{written}。").citations[0]
    assert (c.title, c.linked, c.match) == (title, True, "fuzzy")


def test_fuzzy_matching_never_crosses_years_or_reaches_short_titles():
    c = extract_text(HEAD + "落实《法治政府建设实施纲要（2016-2020年）》。").citations[0]
    assert (c.linked, c.match) == (False, "exact")
    from lawgraph.extract.catalog import damaged_keys

    assert damaged_keys("法治建设规定") == set()  # too short to be told from another document


# --- categories --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,category",
    [
        ("《某某自治县草原管理条例》", "地方性法规"),  # an autonomous county's regulation
        ("《某某自治州自治条例》", "地方性法规"),
        ("地方性法规《某某市客运出租汽车管理若干规定》", "地方性法规"),  # the text says what it is
        ("《某某市客运出租汽车管理若干规定》等地方性法规", "地方性法规"),
        ("《某某区市场监督管理局党政领导干部问责实施细则》", "规范性文件"),  # a department's: never the party's
        ("《湖北省某某管理办法》（省人民政府令第400号）", "规章"),  # a 令 number makes it a rule
        ("《某某区优化营商环境工作方案》", "规范性文件"),  # a 方案 is a normative document
        ("《2021年度某某市依法治市工作考核标准》", "工作文件"),  # an assessment standard is no 标准
        ("《法治某某建设发展报告》", "其他"),  # a research report
        ("《地方各级人民政府防汛工作职责》", "规范性文件"),
    ],
)
def test_categories_by_who_could_make_a_document(written, category):
    assert extract_text(HEAD + f"制定{written}。").citations[0].category == category


# --- page furniture and what is not an agency ---------------------------------------------


def test_links_to_neighbouring_pages_and_footers_add_no_citation_and_no_agency():
    text = (
        HEAD + "学习《中华人民共和国统计法》。\n上一篇：《关于2019年度某某工作的报告》\n"
        "下一篇：南京市鼓楼区司法局工作动态\n主办单位：北京市西城区人民政府办公室\n"
    )
    rec = extract_text(text)
    assert [c.title for c in rec.citations] == ["中华人民共和国统计法"]
    assert all("鼓楼" not in a.name and "办公室" not in a.name for a in rec.agencies if a.role == "mentioned")


def test_a_decree_issuer_and_a_verb_are_not_agency_mentions():
    rec = extract_text(HEAD + "依据《某某规定》（北京市人民政府令第299号），区政府办理了群众诉求。")
    names = [a.name for a in rec.agencies if a.role == "mentioned"]
    assert names == ["北京市西城区人民政府"]  # 区政府 办理: the government, not its office


# --- page metadata -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        "发布机构：某某市司法局\n成文日期：2024-01-05\n文号：某司发〔2024〕2号\n标题：某某市司法局关于2023年工作的报告",
        "| 发布机构 | 某某市司法局 | 成文日期 | 2024-01-05 |\n| 文 号 | 某司发〔2024〕2号 | 标 题: | 某某市司法局关于2023年工作的报告 |",
        "发布机构\n某某市司法局\n成文日期\n2024-01-05\n文号\n某司发〔2024〕2号\n标题\n某某市司法局关于2023年工作的报告",
        "发布机构某某市司法局\n成文日期2024-01-05\n发文字号某司发〔2024〕2号\n标题某某市司法局关于2023年工作的报告",
    ],
)
def test_metadata_blocks_in_every_shape(block):
    meta = page_meta(head_lines(block))
    assert meta.get("issuer") == "某某市司法局"
    assert meta.get("written") == "2024-01-05"
    assert meta.get("doc_number") == "某司发〔2024〕2号"
    assert meta.get("title") == "某某市司法局关于2023年工作的报告"
    v, a, b = meta.fields["issuer"]
    assert block[a:b] == v


def test_a_key_followed_by_another_key_has_no_value():
    meta = page_meta(head_lines("| 发布机构 | 文 号 | 某司发〔2024〕2号 |"))
    assert meta.get("issuer") is None and meta.get("doc_number") == "某司发〔2024〕2号"


def test_a_saved_html_page_gives_its_metadata_table_and_its_address(tmp_path):
    from lawgraph.extract.catalog import load_catalog
    from lawgraph.extract.pipeline import extract_path

    page = (
        "<!-- saved from url=(0050)https://jtj.example.gov.cn/art/2024/1/27/art_1.html -->\n"
        '<html><head><meta property="og:url" content="javascript:alert(1)"></head><body>'
        '<div class="nav">首页 &gt; 信息公开</div>'
        "<table><tr><td>发布机构</td><td>湖州市交通运输局</td><td>成文日期</td><td>2024-01-15</td></tr></table>"
        '<div id="zoom"><p>中共湖州市委、湖州市人民政府：</p>'
        "<p>现将我局2023年度法治政府建设情况报告如下。</p><p>一、贯彻《中华人民共和国行政处罚法》。</p></div>"
        "</body></html>"
    )
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    rec = extract_path(str(f), load_catalog())
    r = rec.report
    assert (r.issuer.name, r.issuer.source, r.year, r.published) == ("湖州市交通运输局", "metadata", 2023, "2024-01-15")
    assert r.url == "https://jtj.example.gov.cn/art/2024/1/27/art_1.html"


# --- manifest ----------------------------------------------------------------------------


def test_a_manifest_in_csv_or_json_lines_fills_issuer_region_and_year(tmp_path):
    from typer.testing import CliRunner

    from lawgraph.cli import app

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text("2022年，本街道深入推进依法行政，学习《中华人民共和国民法典》。", encoding="utf-8")
    (reports / "b.txt").write_text("2021年，鼓楼区坚持依法行政。", encoding="utf-8")
    csv_manifest = tmp_path / "m.csv"
    csv_manifest.write_text("\ufeffpath,issuer,region,year\nreports/a.txt,小营街道办事处,浙江省杭州市上城区,\nb.txt,,江苏省南京市,\n", encoding="utf-8")
    jsonl_manifest = tmp_path / "m.jsonl"
    jsonl_manifest.write_text(
        json.dumps({"path": "reports/a.txt", "issuer": "小营街道办事处", "region": "浙江省杭州市上城区"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"path": "b.txt", "region": "江苏省南京市"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    for manifest in (csv_manifest, jsonl_manifest):
        out = tmp_path / "r.jsonl"
        result = CliRunner().invoke(app, ["extract", str(reports), "-o", str(out), "--jobs", "1", "--manifest", str(manifest)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        got = {json.loads(x)["report"]["source"].rsplit("/", 1)[-1]: json.loads(x)["report"] for x in out.read_text().splitlines()}
        assert got["a.txt"]["issuer"]["name"] == "杭州市上城区小营街道办事处" and got["a.txt"]["year"] == 2022
        assert got["b.txt"]["issuer"]["name"] == "南京市鼓楼区人民政府"  # the region placed 鼓楼区


@pytest.mark.parametrize(
    "content,message",
    [
        ("path,agency\nx.txt,某局\n", "m.csv:1: unknown column(s) agency"),
        ("path,year\nx.txt,二〇二一\n", "m.csv:2: field 'year' is not a year"),
        ("path,published\nx.txt,2021/05/14\n", "m.csv:2: field 'published' is not a date"),
        ("path,url\nx.txt,javascript:alert(1)\n", "m.csv:2: field 'url' is not an http(s) address"),
        ("issuer\n某局\n", "m.csv:1: no 'path' column"),
    ],
)
def test_a_bad_manifest_is_one_line_naming_file_line_and_field(tmp_path, content, message):
    from typer.testing import CliRunner

    from lawgraph.cli import app

    (tmp_path / "x.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "m.csv").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "x.txt"), "--manifest", str(tmp_path / "m.csv")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert message in result.output


def test_a_bare_law_name_before_a_verb_that_starts_like_a_word():
    # 法规定 and 法规范 are the law and a verb (规定, 规范), not 法规
    assert [t for t, _ in cites("依照人民调解法规范调解，按照环境保护法规定执行。")] == ["中华人民共和国人民调解法", "中华人民共和国环境保护法"]


def test_a_bare_name_inside_a_slogan_is_no_citation():
    rec = extract_text(HEAD + "开展“学宪法 讲宪法”活动和“宪法卫士”学习，组织“宪法进万家”。深入学习宪法，宣传“民法典”。")
    assert [(c.title, c.surface) for c in rec.citations] == [("中华人民共和国宪法", "宪法"), ("中华人民共和国民法典", "民法典")]


def test_a_title_written_without_its_version_is_the_latest_version():
    c = extract_text(HEAD + "学习《中华人民共和国宪法修正案》。").citations[0]
    assert c.title == "中华人民共和国宪法修正案（2018年）"


@pytest.mark.parametrize(
    "title,category",
    [
        ("公安机关办理行政案件程序规定", "规章"),  # a ministry's rule, without its name in the title
        ("交通运输行政执法程序规定", "规章"),
        ("甘肃祁连山国家级自然保护区管理条例", "地方性法规"),  # a province's short name opens it
        ("某某省工商行政管理系统行政处罚自由裁量权适用规则", "规范性文件"),  # a department's system
        ("某某县行政处罚裁量基准", "规范性文件"),
        ("某某市生态环境局行政处罚自由裁量权细化标准", "规范性文件"),  # not a 标准
        ("深圳经济特区数据条例", "地方性法规"),  # a special zone's regulation
        ("厦门经济特区生活垃圾分类管理办法", "地方性法规"),
        ("税务行政复议规则", "规章"),
        ("青少年法治教育大纲", "规范性文件"),
    ],
)
def test_more_categories(title, category):
    from lawgraph.extract.classify import classify

    assert classify(title) == category


@pytest.mark.parametrize(
    "written,articles",
    [
        ("依照《中华人民共和国行政处罚法》第三十三条规定", ["第33条"]),
        ("不符合行政许可法第十二条第（一）项", ["第12条第1项"]),
        ("违反《中华人民共和国行政处罚法》第二十条至第二十二条", ["第20条", "第21条", "第22条"]),
        ("依据《中华人民共和国行政复议法》第八、九条", ["第8条", "第9条"]),
        ("根据《中华人民共和国行政处罚法》第三十条第一款第（二）项和第三十一条", ["第30条第1款第2项", "第31条"]),
        ("学习《中华人民共和国行政处罚法》，第三条是总则", []),  # not right after the title
    ],
)
def test_article_pin_cites_stay_on_the_citation(written, articles):
    c = extract_text(HEAD + written + "。").citations[0]
    assert c.articles == articles
