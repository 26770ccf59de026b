"""The document scope (``zhichan.scope``): the area a document is about and its dates, read from its title,
dateline and opening, on passages written for these tests (no sentence of the seeds or the wide set)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhichan.config import extract_dir
from zhichan.errors import RuleError
from zhichan.models import DocumentInfo
from zhichan.scope import document_scope, load_rules, relative_year, split_head

PROVINCE_DATELINE = (
    "新华社贵阳4月20日电(记者 王晓明)贵州省知识产权局20日发布《2022年贵州省知识产权发展状况白皮书》。"
    "白皮书显示,全省知识产权创造量质齐升。\n"
    "去年,全省专利授权量3.5万件,同比增长12%。与广东省深圳市相比,贵州省的差距正在缩小。\n"
    "贵州省还与广东省签署了协作协议,全省知识产权保护中心增至4家。\n")

DISTRICT = (
    "南岗区：知识产权服务走进园区\n"
    "哈尔滨市南岗区市场监管局近日组织开展知识产权服务进园区活动。区市场监管局介绍,今年以来,全区新增发明专利授权600件。"
    "来自哈尔滨市其他区县的企业代表也参加了活动。\n"
    "南岗区将继续推进知识产权强区建设。\n")

ZONE = (
    "长春新区知识产权工作综述\n"
    "长春新区管委会日前召开知识产权工作会议。2023年,长春新区有效发明专利拥有量达到5200件。\n"
    "长春新区将加快建设知识产权强区,长春市有关部门负责人出席会议。\n")

CITY_WITH_PASSING = (
    "柳州市召开知识产权工作会议\n"
    "3月2日,柳州市知识产权局召开全市知识产权工作会议。会上,柳州市知识产权局通报了2023年全市知识产权工作。"
    "鱼峰区一家企业作了交流发言,江西省南昌市代表团到访柳州并参加会议。\n"
    "全市商标注册量同比增长9%,柳州市将继续推进知识产权强市建设。\n")

TITLELESS_COUNTY = (
    "5月9日,绥宁县市场监督管理局组织开展知识产权宣传周活动。绥宁县市场监管局在县城广场设置咨询台。\n"
    "活动中,绥宁县共发放宣传资料1200份,邵阳市市场监管局派员指导。\n")

FULL_DATE = (
    "2024年3月5日\n"
    "海口市知识产权局发布通知,今年全市将新建知识产权工作站10家。海口市去年新增专利授权4200件。\n")


@pytest.mark.parametrize("text, area, level, province", [
    (PROVINCE_DATELINE, "贵州省", "Province", "贵州省"),      # the dateline's city and a province named in passing
    (DISTRICT, "南岗区", "District", "黑龙江省"),            # a district over its city
    (ZONE, "长春新区", "Zone", "吉林省"),                    # a zone over its city
    (CITY_WITH_PASSING, "柳州市", "PrefectureCity", "广西壮族自治区"),  # a district and a visiting delegation
    (TITLELESS_COUNTY, "绥宁县", "County", "湖南省"),        # title-less: a county over its prefecture
    (FULL_DATE, "海口市", "PrefectureCity", "海南省"),
    # a province's short name before a body (its next word is a county's short form, not an area inside it)
    ("浙江公安机关破获侵犯知识产权犯罪案件1200起\n记者从浙江省公安厅获悉,全省公安机关共破获案件1200起,"
     "其中杭州市公安局破获300起。\n", "浙江省", "Province", "浙江省"),
])
def test_the_area_a_document_is_about(text, area, level, province):
    s = document_scope(text)
    assert (s["area"], s["area_level"], s["province"]) == (area, level, province)


def test_a_provincial_report_has_no_city_and_a_district_report_keeps_its_chain():
    s = document_scope(PROVINCE_DATELINE)
    assert s["city"] is None and s["district"] is None
    s = document_scope(DISTRICT)
    assert (s["city"], s["district"], s["zone"]) == ("哈尔滨市", "南岗区", None)
    s = document_scope(ZONE)
    assert (s["city"], s["zone"]) == ("长春市", "长春新区")


def test_dates_from_the_dateline_and_the_report_it_names():
    s = document_scope(PROVINCE_DATELINE)
    # the white paper covers 2022; a report filed under a dateline is published after that year
    assert (s["report_year"], s["year"], s["date"], s["date_year"]) == ("2022", "2022", "2023-04-20", "2023")


def test_a_full_date_at_the_top_dates_the_document():
    s = document_scope(FULL_DATE)
    assert (s["date"], s["date_year"], s["report_year"]) == ("2024-03-05", "2024", None)


def test_no_date_stated_means_none():
    s = document_scope(TITLELESS_COUNTY)
    assert s["date"] is None and s["year"] is None


def test_the_dateline_and_byline_are_split_off():
    head = split_head(PROVINCE_DATELINE, load_rules())
    assert head.title == "" and head.dateline and (head.month, head.day) == (4, 20)
    assert head.opening.startswith("贵州省知识产权局") and "王晓明" not in head.opening
    head = split_head(DISTRICT, load_rules())
    assert head.title == "南岗区：知识产权服务走进园区" and head.opening.startswith("哈尔滨市南岗区")


def test_a_byline_line_is_no_title():
    text = "本报记者 赵一鸣\n通讯员 钱二\n" + TITLELESS_COUNTY
    head = split_head(text, load_rules())
    assert head.title == "" and head.opening.startswith("绥宁县")


@pytest.mark.parametrize("offset, meta, expected", [
    (0, {"date_year": "2024"}, "2024"),
    (-1, {"date_year": "2024"}, "2023"),
    (-2, {"date_year": "2024"}, "2022"),
    (-1, {"report_year": "2021"}, "2021"),   # 去年 in an annual report without a date: the year it covers
    (0, {"report_year": "2021"}, None),      # 今年 there is not guessed
    (-1, {}, None),
])
def test_relative_years(offset, meta, expected):
    assert relative_year(offset, meta) == expected


def test_figures_take_the_scope_and_resolve_relative_years(tmp_path):
    from zhichan.extraction import extract_text

    info = DocumentInfo(id="t", path="t.txt", title="", encoding="utf-8", sha256="0", chars=len(PROVINCE_DATELINE))
    x = extract_text(info, PROVINCE_DATELINE)
    assert x.document.area == "Place:code:520000" and x.document.date == "2023-04-20"
    grant = next(o for o in x.observations if o.value == 35000)
    assert grant.period == "2022" and grant.area == "Place:code:520000"  # 去年 against 2023, 全省 → 贵州省
    assert grant.metric_concept == "专利授权量"


def test_a_relative_year_without_a_document_date_stays_empty():
    from zhichan.extraction import extract_text

    info = DocumentInfo(id="t", path="t.txt", title="", encoding="utf-8", sha256="0", chars=len(DISTRICT))
    x = extract_text(info, DISTRICT)
    fig = next(o for o in x.observations if o.value == 600)
    assert fig.period is None and fig.area == "Place:code:230103"  # 今年 with no date; 全区 → 南岗区


def test_bad_rule_files_are_named(tmp_path):
    good = json.loads((extract_dir() / "scope.json").read_text(encoding="utf-8"))
    p = tmp_path / "scope.json"
    p.write_text("{", encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(p)
    assert e.value.code == "E202" and str(p) in str(e.value)
    bad = dict(good, dateline_patterns=["(unclosed"])
    p.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(p)
    assert e.value.code == "E203"
    del bad["zone_heads"]
    q = tmp_path / "other.json"
    q.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(q)
    assert e.value.code in ("E203", "E210")
    with pytest.raises(RuleError) as e:
        load_rules(Path(tmp_path / "missing.json"))
    assert e.value.code == "E201"


def test_extract_shows_the_area_and_date(tmp_path, runner):
    from zhichan.cli import app

    doc = tmp_path / "guizhou.txt"
    doc.write_text(PROVINCE_DATELINE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(doc)])
    assert result.exit_code == 0
    assert "area 贵州省 (Province), date 2023-04-20, figures default to 2022" in result.stderr
    data = json.loads(result.stdout)
    assert data["document"]["area"] == "Place:code:520000" and data["document"]["date"] == "2023-04-20"


def test_the_document_graph_holds_its_scope(tmp_path):
    from zhichan.extraction import extract_text
    from zhichan.rdf import extraction_quads

    info = DocumentInfo(id="z", path="z.txt", title="", encoding="utf-8", sha256="0", chars=len(ZONE))
    quads = {(q.subject.value, q.predicate.value, str(q.object)) for q in extraction_quads(extract_text(info, ZONE))}
    doc = "https://w3id.org/zhichan/id/doc/z"
    spatial = [o for s, p, o in quads if s == doc and p.endswith("/spatial")]
    assert spatial == ["<https://w3id.org/zhichan/id/place/长春新区>"]
    concepts = {s for s, p, o in quads if p.endswith("#metricConcept") or o.endswith("#Concept>")}
    assert any("id/metric/" in c for c in concepts)


@pytest.mark.parametrize("text", ["", "\n\n", "一", "（记者 张三）", "全省" * 500, "5月32日,某市开展活动。",
                                  "2023年13月45日\n正文。", "新华社北京5月1日电"])
def test_odd_inputs_give_a_scope_without_failing(text):
    s = document_scope(text)
    assert set(s) >= {"province", "city", "district", "zone", "area", "year", "date"}


def test_a_zone_name_never_spans_another_area():
    s = document_scope("上海市浦东新区" * 50)
    assert (s["area"], s["zone"]) == ("浦东新区", None)


@pytest.mark.parametrize("text,year", [
    # a plan's target year does not date the document
    ("某市印发知识产权强市建设方案\n方案提出,到2027年,全市有效发明专利拥有量达到1.5万件。", None),
    ("某县知识产权工作要点\n截至2023年底,全县有效注册商标1.2万件,力争到2026年达到2万件。", "2023"),
    # the end of a span of years is a date
    ("某区专项行动总结\n2021年至2023年,全区共查处侵权案件300起。", "2023"),
])
def test_target_years_do_not_date_a_document(text, year):
    assert document_scope(text)["date_year"] == year


def test_a_short_place_name_inside_a_word_is_no_mention():
    """河源 in 黄河源头 is no mention of 河源市: a short form counts only where a word starts."""
    s = document_scope("黄河源头知识产权保护协作会在西宁召开\n"
                       "黄河源头地区知识产权保护协作会近日召开,青海省知识产权局介绍了黄河源头品牌培育情况。\n")
    assert (s["area"], s["province"]) == ("西宁市", "青海省")


@pytest.mark.parametrize("text,year", [
    # the year a span starts (自…以来, 从…起) does not date the document: it speaks from a later year
    ("某保险公司知识产权保险赔付超千万元\n近日,该公司自2021年开办知识产权保险业务以来,累计承保企业900家次。", None),
    ("某县商标品牌工作综述\n从2020年起,全县每年评选商标品牌示范企业,2024年新增示范企业12家。", "2024"),
])
def test_the_start_of_a_span_does_not_date_a_document(text, year):
    assert document_scope(text)["date_year"] == year
