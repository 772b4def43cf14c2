"""Where real reports name their issuer and their year, one row each, in our own words —
with the traps each source could fall into. (The development set of real excerpts is in
tests/test_devset.py; these rows are short texts written for the rule they test.)"""

from __future__ import annotations

import pytest

from lawgraph.extract import extract_text


def meta(text: str):
    rec = extract_text(text)
    issuer = rec.report.issuer
    return rec, (issuer.name if issuer else None), rec.report.year


ISSUERS = [
    # --- title -----------------------------------------------------------------------------
    # "X关于…的报告": X, with its region as official names carry it
    ("桃源县人民政府关于2021年度法治政府建设情况的报告\n\n2021年，我县深入推进依法行政。", "桃源县人民政府", "title"),
    # "XYYYY年…报告", a district of a prefecture-level city keeps its city
    ("江岸区司法局2022年法治政府建设年度报告\n\n2022年，区司法局认真履职。湖北省武汉市…", "武汉市江岸区司法局", "title"),
    # "YYYY年X…报告": a region named alone is its government
    ("2020年河西区法治政府建设情况报告\n\n2020年，河西区坚持依法行政。天津市…", "天津市河西区人民政府", "title"),
    # the title follows breadcrumbs, a view counter and a 来源/时间 line (none of them is the issuer)
    (
        "首页 > 政务公开 > 法治政府\n浏览次数：128\n来源：县司法局 发布时间：2023-03-01\n"
        "宁乡市人民政府2022年度法治政府建设情况报告\n2022年，我市全面推进法治政府建设。",
        "宁乡市人民政府",
        "title",
    ),
    # a central body's inspection group reports in its own name, not its parent's
    (
        "全国人民代表大会常务委员会执法检查组关于检查《中华人民共和国统计法》实施情况的报告\n\n"
        "——2021年10月19日在第十三届全国人民代表大会常务委员会第三十一次会议上\n",
        "全国人民代表大会常务委员会执法检查组",
        "title",
    ),
    # a notice: the body that issues it
    ("江苏省司法厅关于印发《2024年全省法治宣传教育工作要点》的通知\n各设区市司法局：\n现将…印发给你们。", "江苏省司法厅", "title"),
    # joint issuers on one title line, written with spaces, joined with 、
    (
        "中共泗阳县委员会 泗阳县人民政府 关于2023年度法治政府建设情况的报告\n\n中共宿迁市委、宿迁市人民政府：\n2023年，全县坚持依法行政。",
        "中共泗阳县委员会、泗阳县人民政府",
        "title",
    ),
    # --- page metadata -------------------------------------------------------------------------
    # key: value lines (the body itself names no one)
    ("发布机构：衢州市生态环境局\n成文日期：2024-02-20\n\n2023年，我们扎实推进生态环境领域依法行政。", "衢州市生态环境局", "metadata"),
    # a pipe table, where a key followed by another key has no value
    (
        "| 索 引 号 | 1133/2023-0012 | 主题分类 | 其他 |\n| 发布机构 | 宜宾市教育和体育局 | 文 号 | |\n\n2022年，局党组高度重视法治建设。",
        "宜宾市教育和体育局",
        "metadata",
    ),
    # a key glued to its value
    ("发文机关中共福建省司法厅党组\n发文日期2022年3月1日\n厅机关各处室：\n现将《实施意见》印发给你们。", "中共福建省司法厅党组", "metadata"),
    # key and value on lines of their own (an HTML table flattened)
    ("发布机构\n柳州市鱼峰区人民政府\n成文日期\n2024-01-30\n\n2023年，全区法治政府建设取得新成效。", "柳州市鱼峰区人民政府", "metadata"),
    # --- header line -----------------------------------------------------------------------------
    ("乌鲁木齐市天山区人民政府\n2022年法治政府建设情况\n\n2022年，全区深入学习贯彻习近平法治思想。", "乌鲁木齐市天山区人民政府", "header"),
    # --- signature -----------------------------------------------------------------------------------
    (
        "各县（市、区）交通运输局：\n《全市交通运输法治建设要点》已经局务会议审议通过，现印发给你们。\n赣州市交通运输局\n2023年3月10日\n",
        "赣州市交通运输局",
        "signature",
    ),
    # --- lead sentence ---------------------------------------------------------------------------------
    # a central ministry, its official name with 中华人民共和国
    ("2020年，民政部坚持以习近平新时代中国特色社会主义思想为指导，全面推进法治政府建设。", "中华人民共和国民政部", "lead"),
    # after 在…领导下 adverbials (two of them)
    ("2023年，在市委、市政府的坚强领导下，在市人大的监督支持下，余杭区坚持依法行政，现将有关情况报告如下。杭州市…", "杭州市余杭区人民政府", "lead"),
    # after an addressee line; a street office with its district
    ("区委、区政府：\n2024年，小营街道深入学习贯彻习近平法治思想。上城区…杭州市…", "杭州市上城区小营街道办事处", "lead"),
    # party committee and government together: 省委、省政府
    ("2022年，甘肃省委、省政府坚持以习近平新时代中国特色社会主义思想为指导。", "中共甘肃省委员会、甘肃省人民政府", "lead"),
    # 自治区党委、政府 in a report whose title names the region
    ("宁夏回族自治区2021年法治政府建设情况\n2021年，自治区党委、政府坚持依法执政。", "中共宁夏回族自治区委员会、宁夏回族自治区人民政府", "lead"),
    # 现将X…报告如下: the body named there; 市 resolved by the city the text names
    ("现将市人力资源和社会保障局2021年度法治政府建设情况报告如下：\n一、主要举措\n2021年，遵义市人力资源和社会保障局…", "遵义市人力资源和社会保障局", "lead"),
    # a former ministry under its name of the time
    ("2016年，原国土资源部认真落实依法行政要求。", "中华人民共和国国土资源部", "lead"),
    # --- 我局 --------------------------------------------------------------------------------------------
    # 我局, resolved to the body whose own document the report cites
    ("2023年，在市委、市政府的领导下，我局坚持依法行政，印发《盐城市交通运输局行政执法公示办法》。", "盐城市交通运输局", "self"),
    # 我区 when the report says 自治区: the region's government
    ("2021年，我区坚持依法行政。自治区人民政府制定《广西壮族自治区重大行政决策程序规定》。", "广西壮族自治区人民政府", "self"),
    # --- an interpretation of another body's report: the body that interprets it
    (
        "【图文解读】《中共芜湖市弋江区委弋江区人民政府关于2023年法治政府建设情况的报告》\n信息来源：区司法局 发布时间：2024-03-01\n一、背景\n为全面反映…",
        "芜湖市弋江区司法局",
        "source",
    ),
]


@pytest.mark.parametrize("text,issuer,source", ISSUERS)
def test_the_issuer_wherever_the_report_names_it(text, issuer, source):
    rec, name, _ = meta(text)
    assert (name, rec.report.issuer.source) == (issuer, source)
    assert 0 < rec.report.issuer.confidence <= 1


NOT_THE_ISSUER = [
    # the first sentence cites documents of other bodies: not one of them is the issuer
    ("按照中共中央、国务院《法治政府建设实施纲要（2021-2025年）》和司法部的部署，现将有关情况报告如下。", None),
    # a body named inside a cited title is part of the title
    ("2022年，认真落实《北京市人民政府关于加强法治政府建设的意见》，全面推进依法行政。", None),
    # a site's header with today's date and a 来源 line name the publisher, not the issuer
    ("天津市静海区人民政府 2019年12月3日星期二\n来源：区政府办公室\n\n各项工作稳步推进。", None),
    # a link to the neighbouring article
    ("上一篇：西城区人民政府2020年法治政府建设年度报告\n\n全面加强党的领导。", None),
]


@pytest.mark.parametrize("text,issuer", NOT_THE_ISSUER)
def test_what_is_not_the_issuer(text, issuer):
    assert meta(text)[1] == issuer


OFFICIAL_NAMES = [
    # county-level bodies start with the county (not 常德市桃源县…), the region path is whole
    ("桃源县司法局", "桃源县司法局", "湖南省常德市桃源县"),
    # a county-level city's department
    ("晋江市交通运输局", "晋江市交通运输局", "福建省泉州市晋江市"),
    # a district of a prefecture-level city keeps its city
    ("江岸区人民政府", "武汉市江岸区人民政府", "湖北省武汉市江岸区"),
    # districts and counties of the four municipalities keep the municipality
    ("奉节县司法局", "重庆市奉节县司法局", "重庆市奉节县"),
    # towns and streets keep their county or district
    ("丹东街道办事处", "象山县丹东街道办事处", "浙江省宁波市象山县丹东街道"),
    ("军埠镇人民政府", "普宁市军埠镇人民政府", "广东省揭阳市普宁市军埠镇"),
    # abbreviations expanded
    ("武汉市卫生计生委", "武汉市卫生和计划生育委员会", "湖北省武汉市"),
    # a town whose name is shared by several places and whose county the text never says: no invented region
    ("小营街道办事处", "小营街道办事处", None),
]


@pytest.mark.parametrize("written,name,region", OFFICIAL_NAMES)
def test_official_names_and_region_paths(written, name, region):
    rec, got, _ = meta(f"{written}\n2023年法治政府建设情况报告\n\n2023年，各项工作有序推进。")
    assert (got, rec.report.issuer.region) == (name, region)


def test_a_district_name_shared_by_several_cities_is_placed_only_by_the_city_the_text_names():
    rec = extract_text("2022年，鼓楼区坚持依法行政，落实《南京市法治政府建设实施方案》，南京市委依法治市办督导。")
    assert (rec.report.issuer.name, rec.report.issuer.region) == ("南京市鼓楼区人民政府", "江苏省南京市鼓楼区")
    rec = extract_text("2022年，鼓楼区坚持依法行政。")  # 鼓楼区 is in four cities: no region invented
    assert (rec.report.issuer.name, rec.report.issuer.region) == ("鼓楼区人民政府", None)


def test_beijing_bodies_are_provincial_whether_written_in_full_or_short():
    rec = extract_text("北京市人民政府外事办公室\n2023年法治政府建设年度情况报告\n\n市外办会同市司法局开展工作。")
    levels = {a.name: a.level for a in rec.agencies}
    assert rec.report.issuer.level == "provincial"
    assert levels["北京市司法局"] == "provincial"


YEARS = [
    # the title
    ("关于2019年度法治政府建设工作情况的报告\n\n本年度各项工作扎实推进。", 2019, "title"),
    # a title that only carries another document's year in marks is not its year
    ("关于贯彻《法治政府建设实施纲要（2021-2025年）》的报告\n\n2022年，全县扎实推进法治政府建设。", 2022, "lead"),
    # the lead sentence
    ("2018年以来，县司法局认真贯彻落实各项部署。", 2018, "lead"),
    # 现将…报告如下
    ("现将我局2017年度法治政府建设情况报告如下：\n一、主要工作", 2017, "report sentence"),
    # a section heading, when nothing before names the year
    ("局党组高度重视法治建设。\n一、2016年法治政府建设主要举措\n（一）完善制度。", 2016, "lead"),
    # a speech's dateline
    ("国务院关于某某工作情况的报告\n——2021年6月7日在第十三届全国人民代表大会常务委员会第二十九次会议上\n", 2021, "dateline"),
    # a yearbook volume
    ("2020卷\n【法治政府建设】全市推进依法行政。", 2020, "volume"),
    # a notice with only its signature date: the year it was issued
    ("各区司法局：\n现将《全市普法工作要点》印发给你们，请认真贯彻执行。\n某某市司法局\n2024年2月20日\n", 2024, "date"),
    # an annual report dated in the spring covers the year before
    ("现将本单位法治政府建设情况报告如下。\n一、主要举措\n加强组织领导。\n某某区司法局\n2024年3月5日\n", 2023, "date"),
    # a site header with today's date, and next year's plans at the end, are not the year
    ("今天是：2025年1月3日 星期五\n区委、区政府：\n2023年，区城管委坚持依法履职。\n三、2024年工作计划\n", 2023, "lead"),
]


@pytest.mark.parametrize("text,year,source", YEARS)
def test_the_year_the_report_covers(text, year, source):
    rec = extract_text(text)
    assert (rec.report.year, rec.report.year_source) == (year, source)


def test_the_year_is_never_read_from_a_neighbouring_article():
    text = "下一篇：某某区2019年法治政府建设年度报告\n\n全区法治建设成效明显。"
    assert extract_text(text).report.year is None


def test_the_page_address_dates_a_report_that_says_nothing_else():
    from lawgraph.extract.metadata import Known

    rec = extract_text("全省继续开展宪法学习宣传教育活动。", known=Known(url="http://epaper.example.cn/con/202105/14/c1.html"))
    assert (rec.report.year, rec.report.year_source, rec.report.url) == (2021, "date", "http://epaper.example.cn/con/202105/14/c1.html")


def test_a_manifest_fills_what_the_text_leaves_open_and_wins_where_it_speaks():
    from lawgraph.extract.metadata import Known

    text = "2022年，本街道深入推进依法行政。"
    assert meta(text)[1] is None
    rec = extract_text(text, known=Known(issuer="小营街道办事处", region="浙江省杭州市上城区", year=2021))
    assert (rec.report.issuer.name, rec.report.issuer.source, rec.report.year) == ("杭州市上城区小营街道办事处", "manifest", 2021)


MORE_ISSUERS = [
    # a clause citing other bodies' documents comes before the time phrase and the subject
    ("按照中共中央、国务院《法治政府建设实施纲要（2021-2025年）》的要求，2022年，长春市朝阳区人民政府坚持依法行政。", "长春市朝阳区人民政府"),
    # 我局: not the body whose document it carries out, nor the one it works under
    ("2021年，我局认真落实《泉州市交通运输局关于加强法治建设的意见》，制定《南安市交通运输局行政执法公示办法》。", "南安市交通运输局"),
    ("2022年，我局在县委、县政府的坚强领导和怀化市交通运输局的精心指导下推进法治建设，县交通运输局…芷江县…", "芷江侗族自治县交通运输局"),
    # …and a breadcrumb that ends in the body's own column
    ("南安市人民政府 > 部门信息 > 市交通运输局\n2021年，我局认真落实《泉州市交通运输局关于加强法治建设的意见》。", "南安市交通运输局"),
    # an autonomous county and prefecture by their short names
    ("2022年，芷江县交通运输局坚持依法行政。", "芷江侗族自治县交通运输局"),
    ("2022年，恩施州司法局坚持依法行政。", "恩施土家族苗族自治州司法局"),
    ("2022年，凉山州西昌市司法局坚持依法行政。", "西昌市司法局"),
    # a ministry's signature with 中华人民共和国
    ("现将我部2020年法治政府建设情况报告如下。\n一、主要工作\n加强领导。\n中华人民共和国自然资源部\n2021年3月30日\n", "中华人民共和国自然资源部"),
    # the same body written out in full on the page wins over its abbreviation
    ("2020年度法治政府建设工作情况报告\n来源：株洲市城市管理和综合执法局 发布时间：2021-01-18\n2020年，市城管局坚持依法行政。", "株洲市城市管理和综合执法局"),
    ("渝北区公安分局2018年度法治政府建设情况报告\n发布机构：重庆市公安局渝北区分局\n2018年，分局坚持依法行政。", "重庆市公安局渝北区分局"),
    # …but a government is not its own office
    ("新疆维吾尔自治区人民政府关于2017年法治政府建设工作的报告\n来源：自治区人民政府法制办\n2017年，自治区坚持依法行政。", "新疆维吾尔自治区人民政府"),
    # a township report calling itself 街道, placed by the county it names and the stem it uses
    ("为进一步加强法治政府建设，2021年来，街道按照《奉节县法治政府建设实施方案》的要求，奋力谱写鱼复法治建设新篇章。", "重庆市奉节县鱼复街道办事处"),
    # a site's name over the page is not the issuer (nor a body of the same region)
    ("北京市海淀区人民政府门户网站\n海淀区2023年法治政府建设年度情况报告\n2023年，海淀区坚持依法行政。", "北京市海淀区人民政府"),
    # a development zone's committee, by the zone's short name, 管委会 written out
    ("2023年，合肥高新区管委会坚持依法行政。", "合肥高新技术产业开发区管理委员会"),
    # a city bureau's branch named by its district without 区
    ("2022年，大连市公安局甘井子分局坚持依法履职。", "大连市公安局甘井子分局"),
    # a page interpreting a document: the body that interprets it, not 我市 of its sentences
    ("政策解读\n《2023年全市教育工作要点》政策解读\n解读机关：桐乡市教育局\n结合我市教育工作实际，制定要点。", "桐乡市教育局"),
    # a city the text writes before a district the table puts elsewhere: the text is trusted
    ("2022年，南京市朝阳区司法局坚持依法行政。", "南京市朝阳区司法局"),
]


@pytest.mark.parametrize("text,issuer", MORE_ISSUERS)
def test_issuers_in_harder_places(text, issuer):
    assert meta(text)[1] == issuer


MORE_YEARS = [
    # years in Chinese numerals; a heading with next year's plans is not the year
    ("古州镇二〇二三年度法治政府建设工作情况报告\n二〇二三年，古州镇坚持依法行政。\n四、2024年工作打算\n", 2023),
    ("本镇坚持依法行政。\n四、2024年工作打算\n一、继续加强领导。", None),
    # a notice's year is the year it was issued, not the range its title names
    (
        "某某市人民政府关于印发某某市法治政府建设实施方案（2021—2025年）的通知\n某政发〔2022〕14号\n各县区人民政府：\n"
        "现将方案印发给你们。\n某某市人民政府\n2022年5月16日\n",
        2022,
    ),
    # a speech dated in a 推进会, and one dated in brackets under its title
    ("在全市法治政府建设推进会上的讲话\n——2022年8月30日在银川市法治政府建设推进会上\n同志们：", 2022),
    ("在全市法治政府建设工作会议上的讲话\n（2021年4月12日）\n同志们：", 2021),
    # a lead clause before the year
    ("根据《某某省法治政府建设年度报告工作规定》要求，2021年，我局坚持依法行政。", 2021),
]


@pytest.mark.parametrize("text,year", MORE_YEARS)
def test_years_in_harder_places(text, year):
    assert meta(text)[2] == year


@pytest.mark.parametrize(
    "head,published,doc_number,title",
    [
        ("国家税务总局2022年法治政府建设情况报告\n2023-03-28 来源：国家税务总局办公厅\n", "2023-03-28", None, "国家税务总局2022年法治政府建设情况报告"),
        (
            "[ 发布日期 ] 2023-02-01\n[ 主题分类 ] 司法 [ 体裁分类 ] 报告\n某某区司法局2022年法治政府建设年度报告\n",
            "2023-02-01",
            None,
            "某某区司法局2022年法治政府建设年度报告",
        ),
        (
            "成文日期：\n2025-01-22\n文号：\n德司发〔2025〕3号\n德阳市司法局关于2024年度法治政府建设工作情况的报告\n",
            "2025-01-22",
            "德司发〔2025〕3号",
            "德阳市司法局关于2024年度法治政府建设工作情况的报告",
        ),
        # an empty 文号 leaves the title line alone
        ("文号\n2019年法治政府建设工作情况报告\n", None, None, "2019年法治政府建设工作情况报告"),
        # a 文号 line under the title is not part of it
        (
            "湖南省人民政府办公厅关于印发《湖南省2025年法治政府建设工作要点》的通知\n湘政办发〔2025〕9号\n",
            None,
            "湘政办发〔2025〕9号",
            "湖南省人民政府办公厅关于印发《湖南省2025年法治政府建设工作要点》的通知",
        ),
    ],
)
def test_page_heads_give_date_number_and_title(head, published, doc_number, title):
    r = extract_text(head + "2024年，各项工作有序推进。").report
    assert (r.published, r.doc_number, r.title) == (published, doc_number, title)


def test_a_page_half_converted_to_traditional_is_read_as_simplified():
    text = "關於2021年法治政府建設情況的報告\n2021年，武漢市江岸區司法局深入學習貫徹習近平法治思想。\n一、主要工作\n加强组织领导。"
    rec, name, year = meta(text)
    assert (name, year, rec.report.title) == ("武汉市江岸区司法局", 2021, "关于2021年法治政府建设情况的报告")
