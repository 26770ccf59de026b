"""Tests for ``zhichan.components.figures``: how Chinese reports write figures.

Every example is written for the test (other cities, courts, police, customs, banks), none is taken
from the seed documents. A row gives the text, the document meta and every figure expected, in text
order; a metric written ``=…`` must match exactly, otherwise it must be contained in the metric.
"""
from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import spacy

from zhichan.components.figures import Figure, find_figures, load_rules
from zhichan.config import extract_dir
from zhichan.errors import RuleError

CITY = {"year": "2024", "city": "苏州市", "district": None, "province": "江苏省"}
DISTRICT = {"year": None, "city": "北京市", "district": "海淀区", "province": None}
BANK = {"year": None, "city": "杭州市", "district": None, "province": None}
SHANXI = {"year": "2024", "city": None, "district": None, "province": "山西省"}
LONGXI = {"year": "2024", "city": "兰州市", "district": None, "province": "甘肃省"}


def F(value, unit, metric, period=None, area=None, growth_of=None, approximation=None):
    return {"value": Decimal(str(value)), "unit": unit, "metric": metric, "period": period, "area": area,
            "growth_of": growth_of, "approximation": approximation}


CASES = [
    # --- white papers: area and period from the clause
    ("截至2024年底,全省有效发明专利拥有量达12.3万件,同比增长18.6%", CITY,
     [F(123000, "件", "=有效发明专利拥有量", "2024", "全省", approximation="达"),
      F(18.6, "%", "=有效发明专利拥有量同比增长", "2024", "全省", growth_of=0)]),
    ("北京市2023年每万人口高价值发明专利拥有量达112件。", DISTRICT,
     [F(112, "件", "=每万人口高价值发明专利拥有量", "2023", "北京市", approximation="达")]),
    ("2022年全国共办理专利侵权纠纷行政裁决案件4.6万件。", CITY,
     [F(46000, "件", "=办理专利侵权纠纷行政裁决案件", "2022", "全国")]),
    ("今年以来,全区新增高新技术企业120家。", {"year": "2024", "date_year": "2024", "city": "成都市", "district": "武侯区",
                                         "province": None},
     [F(120, "家", "=新增高新技术企业", "2024", "全区")]),
    ("今年以来,全区新增高新技术企业120家。", {"year": None, "city": "成都市", "district": "武侯区", "province": None},
     [F(120, "家", "新增高新技术企业", None, "全区")]),
    # the year of the paragraph scopes later sentences; a comparison base (较2021年) does not
    ("2022年,全市商标申请量3.6万件。地理标志证明商标达到45件,较2021年增加6件。", CITY,
     [F(36000, "件", "=商标申请量", "2022", "全市"),
      F(45, "件", "=地理标志证明商标", "2022", "全市", approximation=None),
      F(6, "件", "地理标志证明商标较2021年增加", "2022", "全市", growth_of=1)]),
    # --- courts, procuratorates, police: the body opening the clause is not the metric
    ("深圳市中级人民法院2022年共审结知识产权案件2.6万件。", CITY,
     [F(26000, "件", "=审结知识产权案件", "2022", "深圳市")]),
    ("广州知识产权法院全年受理各类案件1.8万件,同比下降6.2%。", CITY,
     [F(18000, "件", "=受理各类案件", "2024"), F(6.2, "%", "=受理各类案件同比下降", "2024", growth_of=0)]),
    ("杭州市公安局破获侵犯知识产权犯罪案件320起,抓获犯罪嫌疑人1100余名。", BANK,
     [F(320, "起", "=破获侵犯知识产权犯罪案件", None, "杭州市"),
      F(1100, "名", "=抓获犯罪嫌疑人", None, "杭州市", approximation="余")]),
    ("检察机关共起诉侵犯知识产权犯罪1.5万人。", BANK, [F(15000, "人", "=起诉侵犯知识产权犯罪")]),
    ("破获市场监管局、税务局等部门移送案件12起,涉案金额300余万元。", BANK,
     [F(12, "起", "=破获市场监管局、税务局等部门移送案件"), F(3000000, "元", "=部门移送案件涉案金额", approximation="余")]),
    ("区检察院受理审查逮捕案件86件152人。", BANK,
     [F(86, "件", "=受理审查逮捕案件", None, "全区"), F(152, "人", "受理审查逮捕案件", None, "全区")]),
    # --- customs
    ("苏州海关共扣留侵权货物1.2万余件。", CITY, [F(12000, "件", "=扣留侵权货物", approximation="余")]),
    ("2023年,上海海关查扣侵权嫌疑货物5800批次、1460万件。", CITY,
     [F(5800, "批次", "=查扣侵权嫌疑货物", "2023"), F(14600000, "件", "=查扣侵权嫌疑货物", "2023")]),
    ("南京海关查获侵权商品三十五批次。", CITY, [F(35, "批次", "=查获侵权商品")]),
    # --- banks
    ("该行累计发放知识产权质押贷款超过35亿元。", BANK,
     [F(3500000000, "元", "=发放知识产权质押贷款", approximation="超过")]),
    ("建设银行浙江省分行知识产权质押贷款余额较年初增长42.5%。", BANK,
     [F(42.5, "%", "=知识产权质押贷款余额较年初增长")]),
    ("该行普惠小微贷款利率较上年下降15个BP。", BANK, [F(15, "BP", "=普惠小微贷款利率较上年下降")]),
    ("农业银行青岛分行为23家科技型企业发放知识产权质押贷款4.2亿元。", BANK,
     [F(23, "家", "科技型企业"), F(420000000, "元", "发放知识产权质押贷款")]),
    ("共办理知识产权质押融资业务236笔,金额58.6亿元。", BANK,
     [F(236, "笔", "=办理知识产权质押融资业务"), F(5860000000, "元", "=办理知识产权质押融资业务金额")]),
    ("对小微企业贷款余额突破300亿元,增量超过45亿元。", BANK,
     [F(30000000000, "元", "=小微企业贷款余额", approximation="突破"),
      F(4500000000, "元", "=小微企业贷款增量", approximation="超过")]),
    ("全市专利质押融资金额达到15.6亿元,惠及企业300余家。", CITY,
     [F(1560000000, "元", "=专利质押融资金额", None, "全市"), F(300, "家", "=惠及企业", None, "全市", approximation="余")]),
    ("实现营业收入1,234.5万元。", BANK, [F(12345000, "元", "营业收入")]),
    ("成都市知识产权质押融资登记金额突破百亿元。", BANK,
     [F(10000000000, "元", "=知识产权质押融资登记金额", None, "成都市", approximation="突破")]),
    # --- the number before the thing: the metric is what follows
    ("全市两千余家企业参与知识产权贯标。", CITY, [F(2000, "家", "企业参与知识产权贯标", None, "全市", approximation="余")]),
    ("累计为1200余户小微企业提供贷款。", BANK, [F(1200, "户", "=小微企业提供贷款", approximation="余")]),
    ("设立5亿元的知识产权运营基金。", BANK, [F(500000000, "元", "知识产权运营基金")]),
    ("某科技公司完成5亿元B轮融资,估值超过50亿元。", BANK,
     [F(500000000, "元", "B轮融资"), F(5000000000, "元", "=估值", approximation="超过")]),
    ("全区新增十家专利导航服务基地。", DISTRICT, [F(10, "家", "专利导航服务基地", None, "全区")]),
    # --- lists
    ("苏南、苏中、苏北地区的知识产权服务机构分别达到210家、96家和58家。", CITY,
     [F(210, "家", "苏南"), F(96, "家", "=苏中"), F(58, "家", "苏北地区的知识产权服务机构")]),
    ("全市检察机关起诉98件213人,同比分别上升12.6%和8.9%。", CITY,
     [F(98, "件", "=起诉", None, "全市"), F(213, "人", "=起诉", None, "全市"),
      F(12.6, "%", "=起诉同比上升", None, "全市", growth_of=0),
      F(8.9, "%", "=起诉同比上升", None, "全市", growth_of=1)]),
    ("技术合同登记数、技术合同成交额分别达到5678项和320亿元。", CITY,
     [F(5678, "项", "=技术合同登记数"), F(32000000000, "元", "=技术合同成交额")]),
    ("全省共有国家知识产权示范企业156家、优势企业621家。", CITY,
     [F(156, "家", "=国家知识产权示范企业", None, "全省"), F(621, "家", "=国家知识产权优势企业", None, "全省")]),
    ("全市拥有农业国家级重点实验室2个、省级9个、市级24个。", CITY,
     [F(2, "个", "=农业国家级重点实验室", None, "全市"), F(9, "个", "=农业省级重点实验室", None, "全市"),
      F(24, "个", "=农业市级重点实验室", None, "全市")]),
    ("查获假冒卷烟2.3万条、雪茄烟800支,案值合计460万元。", BANK,
     [F(23000, "条", "=查获假冒卷烟"), F(800, "支", "=查获雪茄烟"), F(4600000, "元", "=案值合计")]),
    # --- shares, ratios, units after 个
    ("东湖高新区技术合同成交额达1200亿元,占全市的比重为65%。", BANK,
     [F(120000000000, "元", "=技术合同成交额", None, "东湖高新区", approximation="达"),
      F(65, "%", "=技术合同成交额占全市的比重", None, "东湖高新区", growth_of=0)]),
    ("专利转让许可次数占比提高3.5个百分点。", BANK, [F(3.5, "百分点", "专利转让许可次数占比提高")]),
    ("平均办案周期缩短至45天,审查周期由20个工作日压缩至8个工作日。", BANK,
     [F(45, "天", "=平均办案周期"), F(20, "工作日", "审查周期"), F(8, "工作日", "=审查周期")]),
    ("商标注册申请平均审查周期压缩至4个月。", BANK, [F(4, "月", "=商标注册申请平均审查周期")]),
    ("该市连续5年获评全国知识产权保护优秀城市。", BANK, [F(5, "年", "连续获评全国知识产权保护优秀城市")]),
    ("PCT国际专利申请量连续19年位居全国第一。", BANK, [F(19, "年", "PCT国际专利申请量连续位居全国第一")]),
    ("单户贷款额度最高可达5000万元,贷款期限最长3年,未来三年将新增授信50亿元。", BANK,
     [F(50000000, "元", "=单户贷款额度最高"), F(3, "年", "=贷款期限最长"), F(5000000000, "元", "=新增授信")]),
    ("东莞海关查获侵权运动鞋4000余双、眼镜1200副。", BANK,
     [F(4000, "双", "=查获侵权运动鞋", approximation="余"), F(1200, "副", "=眼镜")]),
    # --- Chinese numerals
    ("地理标志商标达到三百二十件。", BANK, [F(320, "件", "=地理标志商标")]),
    ("举办培训班十二期,培训人员八百余人次。", BANK,
     [F(12, "期", "=举办培训班"), F(800, "人次", "=培训人员", approximation="余")]),
    # --- not figures
    ("2023年10月15日,第十届中国知识产权年会在北京召开。", CITY, []),
    ("审查周期由3-5个工作日压缩至当日办结。", CITY, []),
    ("为上万家小微企业提供金融服务,帮助数十家企业渡过难关。", CITY, []),
    ("“十四五”期间,我市将打造一批知识产权强企和三大服务体系。", CITY, []),
    ("该公司是一家集研发、生产于一体的高新技术企业。", CITY, []),
    ("近10年间,该市知识产权事业快速发展。时隔两个月之后,这两个案例再次开庭。", CITY, []),
    ("该市综合实力排名全国第3位,居全省第一。", CITY, []),
    ("出台“知识产权15条”,开展“龙腾2024”专项行动。", CITY, []),
    ("入选最高人民法院发布的中国法院10大知识产权案件和50件典型知识产权案例。", CITY, []),
    ("5G基站建设加快,ISO9001认证企业增多。", CITY, []),
    ("3天内办结,今后3年将持续推进。", CITY, []),
    # --- a place after 其中 (or opening a clause of its own) is the figure's area, not part of its metric;
    # left without a metric, the place's figure counts what the sentence's last figure in its unit counts
    ("2024年,全省专利授权量达到2.6万件,同比增长12%,其中太原市1.1万件。", SHANXI,
     [F(26000, "件", "=专利授权量", "2024", "全省"),
      F(12, "%", "=专利授权量同比增长", "2024", "全省", growth_of=0),
      F(11000, "件", "=专利授权量", "2024", "太原市")]),
    ("全省商标注册量5.2万件,其中大同市商标注册量8000件。", SHANXI,
     [F(52000, "件", "=商标注册量", None, "全省"), F(8000, "件", "=商标注册量", None, "大同市")]),
    # --- 分别: each rate and each running total goes with its own item
    ("2024年,全省专利授权量和商标注册量同比分别增长15.2%和8.6%。", LONGXI,
     [F(15.2, "%", "=专利授权量同比增长", "2024", "全省"), F(8.6, "%", "=商标注册量同比增长", "2024", "全省")]),
    ("2024年,全省新增省级专利示范企业5家、专利优势企业12家,累计分别达到23家和57家。", LONGXI,
     [F(5, "家", "=新增省级专利示范企业", "2024", "全省"),
      F(12, "家", "=新增专利优势企业", "2024", "全省"),
      F(23, "家", "=累计省级专利示范企业", "2024", "全省"),
      F(57, "家", "=累计专利优势企业", "2024", "全省")]),
    # places listed before the measure and 分别 each take one figure; listed alone, the measure before
    ("2024年,陇南市、定西市、平凉市专利授权量分别为1104件、586件和371件。", LONGXI,
     [F(1104, "件", "=专利授权量", "2024", "陇南市"), F(586, "件", "=专利授权量", "2024", "定西市"),
      F(371, "件", "=专利授权量", "2024", "平凉市")]),
    ("2024年,全省质押融资额42.6亿元,酒泉市、张掖市分别为11.2亿元和7.8亿元。", LONGXI,
     [F(4260000000, "元", "=质押融资额", "2024", "全省"), F(1120000000, "元", "=质押融资额", "2024", "酒泉市"),
      F(780000000, "元", "=质押融资额", "2024", "张掖市")]),
    ("2024年,平凉市专利授权量、商标注册量分别为1104件和5860件。", LONGXI,
     [F(1104, "件", "=专利授权量", "2024", "平凉市"), F(5860, "件", "=商标注册量", "2024", "平凉市")]),
    # an item ending in a sibling word shares the measure the last item writes after its sibling
    ("2024年,全省发明专利和外观设计专利授权量分别为1104件和5860件。", LONGXI,
     [F(1104, "件", "=发明专利授权量", "2024", "全省"), F(5860, "件", "=外观设计专利授权量", "2024", "全省")]),
    ("2024年,全省发明专利申请量和外观设计专利授权量分别为1104件和5860件。", LONGXI,
     [F(1104, "件", "=发明专利申请量", "2024", "全省"), F(5860, "件", "=外观设计专利授权量", "2024", "全省")]),
    # a kind of right listed alone before 分别 shares the measure the last item writes after its kind
    ("2024年,全省专利、商标质押融资额分别为3.2亿元和1.1亿元。", LONGXI,
     [F(320000000, "元", "=专利质押融资额", "2024", "全省"), F(110000000, "元", "=商标质押融资额", "2024", "全省")]),
    ("2024年,全省有效发明专利、注册商标分别达到1104件和5860件。", LONGXI,
     [F(1104, "件", "=有效发明专利", "2024", "全省"), F(5860, "件", "=注册商标", "2024", "全省")]),
    # the result after an aim measures what the aim names; after a plain figure 完成 stays
    ("2024年,全省计划新增知识产权质押融资25亿元,实际完成31.7亿元。", LONGXI,
     [F(2500000000, "元", "=计划新增知识产权质押融资", "2024", "全省"),
      F(3170000000, "元", "=新增知识产权质押融资", "2024", "全省")]),
    ("2024年,全省新增知识产权质押融资25亿元,完成31.7亿元。", LONGXI,
     [F(2500000000, "元", "=新增知识产权质押融资", "2024", "全省"), F(3170000000, "元", "=完成", "2024", "全省")]),
    # a clause naming no area goes on in the whole area an earlier clause of its sentence named, not in the place
    # of an earlier sentence (其中,X市…); a sentence naming none takes the paragraph's
    ("记者从省公安厅获悉,2024年,全省破获案件1243起。其中,酒泉市破获案件312起。专项行动中,全省捣毁窝点167个,打掉犯罪团伙58个。", LONGXI,
     [F(1243, "起", "=破获案件", "2024", "全省"), F(312, "起", "=破获案件", "2024", "酒泉市"),
      F(167, "个", "=捣毁窝点", "2024", "全省"), F(58, "个", "=打掉犯罪团伙", "2024", "全省")]),
    ("2024年,张掖市破获案件312起。专项行动中,捣毁窝点167个。", LONGXI,
     [F(312, "起", "=破获案件", "2024", "张掖市"), F(167, "个", "=捣毁窝点", "2024", "张掖市")]),
    # --- the recipient after 为/对 is no part of what is given
    ("兰州银行为126家科技型企业提供知识产权质押融资18.5亿元。", LONGXI,
     [F(126, "家", "科技型企业"), F(1850000000, "元", "=提供知识产权质押融资")]),
    ("对新获评省级专利示范企业的企业给予一次性奖励30万元。", LONGXI,
     [F(300000, "元", "=给予一次性奖励")]),
]


def _check(fig: Figure, exp: dict) -> None:
    assert fig.value == exp["value"], (fig, exp)
    assert fig.unit == exp["unit"], (fig, exp)
    metric = exp["metric"]
    if metric.startswith("="):
        assert fig.metric == metric[1:], (fig.metric, metric)
    else:
        assert metric in fig.metric, (fig.metric, metric)
    assert fig.period == exp["period"], (fig, exp)
    if exp["area"] is not None or fig.area is not None:
        assert fig.area == exp["area"], (fig.area, exp["area"])
    assert fig.growth_of == exp["growth_of"], (fig, exp)
    if exp["approximation"] is not None:
        assert fig.approximation == exp["approximation"], (fig.approximation, exp["approximation"])


@pytest.mark.parametrize("text,meta,expected", CASES, ids=[c[0][:16] for c in CASES])
def test_figures(text: str, meta: dict, expected: list[dict]) -> None:
    figures = find_figures(text, meta)
    assert [(f.value, f.unit) for f in figures] == [(e["value"], e["unit"]) for e in expected], figures
    for fig, exp in zip(figures, expected):
        _check(fig, exp)
        assert text[fig.start:fig.end].startswith(text[fig.start]) and fig.start < fig.end <= len(text)
        assert fig.text_start <= fig.start and fig.end <= fig.text_end


@pytest.mark.parametrize("text,written", [
    ("全市有效发明专利拥有量7.4万件", "7.4万件"),
    ("扣留侵权货物19余万笔", "19余万笔"),
    ("利率下降4.6个BP", "4.6个BP"),
    ("惠及企业两千余家", "两千余家"),
])
def test_offsets_cover_the_figure_as_written(text: str, written: str) -> None:
    (fig,) = find_figures(text, CITY)
    assert text[fig.start:fig.end] == written


def test_values_are_plain_decimals() -> None:
    (fig,) = find_figures("获得贷款19.20亿元", BANK)
    assert isinstance(fig.value, Decimal) and str(fig.value) == "1920000000"
    (fig,) = find_figures("利率为3.450%", BANK)
    assert str(fig.value) == "3.45"


def test_a_repeated_figure_is_kept_once_with_its_context() -> None:
    text = "某银行:科技贷款余额突破80亿元\n\n截至2023年末,该行科技贷款余额突破80亿元,同比增长20%。"
    figures = find_figures(text, BANK)
    money = [f for f in figures if f.unit == "元"]
    assert len(money) == 1 and money[0].period == "2023"
    growth = next(f for f in figures if f.unit == "%")
    assert figures[growth.growth_of] is money[0]


def test_the_body_wins_over_the_headline() -> None:
    text = "某海关查获侵权运动鞋4000余双\n\n近日,某海关在出口货物中查获侵犯“某某”商标专用权的运动鞋4000余双。"
    (fig,) = find_figures(text, BANK)
    assert fig.start > text.index("\n") and "商标专用权的运动鞋" in fig.metric


@pytest.mark.parametrize("text", [
    "每家企业获得融资500万元至3000万元不等。",
    "单笔贷款金额在100万元到500万元之间。",
    "每项专利评估价值为20万元-80万元。",
])
def test_a_range_whose_first_number_has_its_unit_gives_no_figure(text) -> None:
    assert find_figures(text, BANK) == []


def test_a_figure_after_a_verb_ending_in_to_is_no_range() -> None:
    (fig,) = find_figures("全年贷款余额增至3000万元。", BANK)
    assert fig.value == Decimal("30000000")


@pytest.mark.parametrize("text,metric", [
    ("该计划在上海证券交易所成功发行,发行规模4.2亿元。", "发行规模"),
    ("该票据在银行间市场顺利发行,发行金额5亿元。", "发行金额"),
    ("该行发放了首笔专利权质押贷款,贷款金额800万元。", "首笔专利权质押贷款金额"),  # the thing named stays
])
def test_a_measure_after_a_clause_ending_in_a_verb_names_only_itself(text, metric) -> None:
    (fig,) = find_figures(text, BANK)
    assert fig.metric == metric


@pytest.mark.parametrize("text,metric", [
    ("今年以来,该局立案查处商标侵权案件23宗,移送公安机关案件3宗。", "移送公安机关案件"),
    ("全年移送公安机关涉嫌犯罪案件15件。", "移送公安机关涉嫌犯罪案件"),
    ("移交检察机关审查起诉案件12件。", "移交检察机关审查起诉案件"),
    ("市公安局移送审查起诉120人。", "移送审查起诉"),  # the body opening the clause is still its subject
])
def test_the_body_a_case_is_handed_over_to_stays_in_the_metric(text, metric) -> None:
    assert find_figures(text, CITY)[-1].metric == metric


@pytest.mark.parametrize("text,value,metric", [
    ("成功侦破一起假冒注册商标案,捣毁生产、仓储窝点6处,抓获犯罪嫌疑人17名。", 6, "捣毁生产、仓储窝点"),
    ("全市建成知识产权维权工作站32处。", 32, "建成知识产权维权工作站"),
])
def test_sites_counted_with_chu_are_figures(text, value, metric) -> None:
    fig = find_figures(text, CITY)[0]
    assert (fig.value, fig.unit, fig.metric) == (value, "处", metric)


def test_chu_starting_another_word_is_no_unit() -> None:
    assert not [f for f in find_figures("全市有3处理中心,2处置点。", CITY) if f.unit == "处"]


@pytest.mark.parametrize("text,metric", [
    ("警方捣毁生产窝点6处,抓获犯罪嫌疑人17名。", "捣毁生产窝点"),
    ("执法人员现场查扣涉嫌侵权电动工具46台。", "现场查扣涉嫌侵权电动工具"),
    ("全市民警共破获侵权案件120起。", "破获侵权案件"),
    ("培训执法人员300人次。", "培训执法人员"),  # the people trained are what is counted
])
def test_the_people_acting_for_a_body_opening_a_clause_are_no_part_of_the_metric(text, metric) -> None:
    assert find_figures(text, CITY)[0].metric == metric


@pytest.mark.parametrize("text,metric", [
    ("全省共破获侵犯知识产权犯罪案件530起,抓获犯罪嫌疑人1260名,捣毁制假售假窝点215个,涉案金额12.6亿元。",
     "破获侵犯知识产权犯罪案件涉案金额"),
    ("查处侵权案件6起,涉案金额50万元。", "查处侵权案件涉案金额"),
    ("抓获犯罪嫌疑人8名,涉案金额860万元。", "抓获犯罪嫌疑人涉案金额"),  # no cases counted: the figure before
])
def test_the_cases_amount_measures_the_cases_counted_before(text, metric) -> None:
    assert find_figures(text, CITY)[-1].metric == metric


@pytest.mark.parametrize("text,count,metric", [
    ("其中,标的额超过1亿元的案件7件。", 7, "标的额超过1亿元的案件"),
    ("营业收入2亿元以上的企业320家。", 320, "营业收入2亿元以上的企业"),
    ("全市年营收超过10亿元的企业达到56家。", 56, "年营收超过10亿元的企业"),
])
def test_an_amount_bounding_the_things_counted_is_a_threshold_not_a_figure(text, count, metric) -> None:
    (fig,) = find_figures(text, CITY)
    assert (fig.value, fig.metric) == (count, metric)


def test_an_approximate_amount_after_a_verb_is_still_a_figure() -> None:
    figs = find_figures("累计发放超过10亿元的贷款3000笔。", CITY)
    assert [f.unit for f in figs] == ["元", "笔"]


def test_decrease_keeps_a_positive_value() -> None:
    figures = find_figures("全市专利侵权案件1200件,同比下降12.5%。", CITY)
    assert figures[1].value == Decimal("12.5") and "下降" in figures[1].metric


def test_title_year_scopes_an_annual_report() -> None:
    text = "# 2022年某市知识产权保护状况白皮书\n\n市市场监管局遴选专利导航项目18项。"
    (fig,) = find_figures(text, {"year": "2022", "city": "某市", "district": None, "province": None})
    assert fig.period == "2022" and fig.metric == "遴选专利导航项目"


def test_news_title_year_does_not_scope() -> None:
    text = "2023年某银行新闻\n\n已办理专利质押贷款28笔。"
    (fig,) = find_figures(text, BANK)
    assert fig.period is None


# ---------------------------------------------------------------- spaCy component

def test_spacy_component_stores_figure_spans() -> None:
    import zhichan.components.figures  # noqa: F401  (registers the factory)

    nlp = spacy.blank("zh")
    nlp.add_pipe("zhichan_figures")
    text = "2023年,全市商标注册量5.16万件,同比增长9.5%。"
    doc = nlp.make_doc(text)
    doc._.zhichan_meta = {"year": "2023", "city": "某市", "district": None, "province": None}
    doc = nlp(doc)
    spans = doc.spans["zhichan_figures"]
    assert [s.text for s in spans] == ["5.16万件", "9.5%"]
    assert spans[0]._.figure.value == Decimal(51600) and spans[0]._.figure.area == "全市"
    assert spans[1]._.figure.growth_of == 0 and spans[1]._.figure.period == "2023"


def test_spacy_component_without_meta() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("zhichan_figures")
    doc = nlp("今年全行新增贷款30亿元。")
    (span,) = doc.spans["zhichan_figures"]
    assert span._.figure.period is None and span._.figure.value == Decimal(3000000000)


# ---------------------------------------------------------------- the rules file

def _copy_rules(tmp_path: Path) -> tuple[Path, dict]:
    target = tmp_path / "figures.json"
    shutil.copy(extract_dir() / "figures.json", target)
    return target, json.loads(target.read_text(encoding="utf-8"))


def test_bundled_rules_load() -> None:
    rules = load_rules()
    assert rules.units["个工作日"] == "工作日" and rules.multipliers["亿"] == Decimal(100000000)


@pytest.mark.parametrize("edit,code,word", [
    (lambda d: d.pop("units"), "E210", "units"),
    (lambda d: d.__setitem__("link_words", "达到"), "E211", "link_words"),
    (lambda d: d["multipliers"].__setitem__("万", "ten thousand"), "E211", "multipliers"),
    (lambda d: d["time_patterns"].append("(?:19|20\\d{2}年"), "E203", "time_patterns"),
    (lambda d: d["units"].__setitem__("件", ""), "E211", "units"),
    (lambda d: d.__setitem__("max_after_chars", -3), "E211", "max_after_chars"),
    (lambda d: d.__setitem__("unit", {"件": "件"}), "E212", "unit"),
])
def test_malformed_rules_are_reported(tmp_path: Path, edit, code: str, word: str) -> None:
    path, data = _copy_rules(tmp_path)
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(path)
    message = str(err.value)
    assert err.value.code == code and str(path) in message and word in message and "fix:" in message


def test_rules_that_are_not_json_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "figures.json"
    path.write_text('{"units": {"件": "件",}}', encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(path)
    assert err.value.code == "E202" and err.value.line == 1


def test_missing_rules_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as err:
        load_rules(tmp_path / "nope.json")
    assert err.value.code == "E201"


# ---------------------------------------------------------------- numbers past the range, signs, grouping

@pytest.mark.parametrize("text", ["百亿亿亿亿亿亿亿元", "亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿元", "共有" + "9" * 13 + "亿元",
                                  "千万亿亿亿件"])
def test_numbers_past_the_range_are_refused_not_crashed_on(text):
    assert find_figures(text, CITY) == []


@pytest.mark.parametrize("text, value", [
    ("该公司净利润为-5万元。", Decimal(-50000)),
    ("全年利润增速为负3%。", Decimal(-3)),
    ("共有1,234万元资金到位。", Decimal(12340000)),
])
def test_signs_and_digit_grouping(text, value):
    assert [f.value for f in find_figures(text, CITY)] == [value]


def test_a_broken_digit_grouping_is_no_figure():
    assert all(f.value != 40000 for f in find_figures("样本编号为1,2,3,4万元不等。", CITY))


def test_a_hyphen_between_letters_or_digits_is_no_sign():
    figs = find_figures("产品代码为A-5万元级别。", CITY)
    assert all(f.value > 0 for f in figs)


# ---------------------------------------------------------------- metrics that lean on the clause

def test_object_measures_take_the_object_of_the_first_figure():
    text = "2023年,全省法院共审理商业秘密案件812件,结案790件,结案率97.3%。"
    figs = find_figures(text, CITY)
    by_value = {f.value: f.metric for f in figs}
    assert by_value[Decimal(790)] == "商业秘密案件结案"
    assert by_value[Decimal("97.3")] == "商业秘密案件结案率"


def test_object_measures_reach_over_a_semicolon():
    """新收…案件N件,同比…;审结M件,结案率R: the measures after the semicolon still count the first figure's cases."""
    text = "2023年,某市中级人民法院新收各类著作权案件2410件,同比下降6.1%;审结2388件,结案率99.1%。"
    by_value = {f.value: f.metric for f in find_figures(text, CITY)}
    assert by_value[Decimal(2388)] == "著作权案件审结"
    assert by_value[Decimal("99.1")] == "著作权案件结案率"


def test_figures_listed_before_an_attributive_one_share_its_noun():
    figs = find_figures("执法人员对3类、20余种、5.6吨假冒化肥进行了无害化处理。", CITY)
    assert [f.metric.startswith("假冒化肥") for f in figs] == [True, True, True]


def test_the_after_phrase_stops_at_a_new_predicate():
    (fig,) = find_figures("这款售价约1200元的智能手表曾多次遭到仿冒。", CITY)
    assert "仿冒" not in fig.metric and "智能手表" in fig.metric


def test_a_verb_keeps_the_body_in_the_metric():
    figs = find_figures("2022年,全市完成省市场监管局下达任务的128%。", CITY)
    assert "省市场监管局" in figs[0].metric


@pytest.mark.parametrize("text, meta, period", [
    ("去年,全市商标注册量4.1万件。", dict(CITY, date_year="2025"), "2024"),
    ("今年上半年,全市商标注册量2.1万件。", dict(CITY, date_year="2025"), "2025"),
    ("去年,全市商标注册量4.1万件。", dict(CITY, date_year=None, report_year="2023"), "2023"),
    ("比去年增加商标注册量4.1万件。", dict(CITY, date_year="2025", year=None), None),  # a comparison base
])
def test_relative_years_against_the_document_date(text, meta, period):
    (fig,) = find_figures(text, meta)
    assert fig.period == period


def test_a_relative_year_without_a_document_date_is_marked_not_guessed():
    (fig,) = find_figures("今年以来,全市新增商标注册量2.1万件。", dict(CITY, date_year=None))
    assert fig.period is None and fig.period_stated


# ---------------------------------------------------------------- metric concepts

from zhichan.components.figures import load_concept_rules, metric_concept  # noqa: E402


@pytest.mark.parametrize("metric, unit, base, concept", [
    ("专利授权", "件", None, "专利授权量"),
    ("新增授权专利", "件", None, "专利授权量"),
    ("新增注册商标", "件", None, "商标注册量"),
    ("有效发明专利", "件", None, "有效发明专利拥有量"),
    ("知识产权质押融资", "元", None, "知识产权质押融资额"),
    ("查处侵权盗版案件", "件", None, "查处侵权盗版案件数"),
    ("累计达到知识产权质押融资", "元", None, "知识产权质押融资额"),          # reporting verbs go
    ("示范园区(基地)", "个", None, "示范园区数"),                          # brackets go
    ("商标注册量中国网7月3日电(记者 孙某)", "件", None, "商标注册量"),      # a dateline that leaked in
    ("南宁市完成知识产权质押融资", "元", None, "知识产权质押融资额"),        # the subject's name goes
    ("同比增长", "%", "专利授权量", "专利授权量增长率"),                     # a rate of the measure it qualifies
    ("同比下降", "%", "专利授权量", "专利授权量降幅"),
    ("较上年增加", "件", "专利授权量", "专利授权量增量"),
    ("质押件数同比增长", "%", None, "质押件数增长率"),                      # a rate with no figure before it
    ("的", "件", None, None),
])
def test_metric_concepts(metric, unit, base, concept):
    assert metric_concept(metric, unit, base) == concept


def test_concept_rules_errors_name_the_file(tmp_path):
    p = tmp_path / "concepts.json"
    p.write_text('{"remove_patterns": ["("]}', encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_concept_rules(p)
    assert e.value.code in ("E203", "E210") and str(p) in str(e.value)
    p.write_text("[", encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_concept_rules(p)
    assert e.value.code == "E202"


def test_a_count_of_kinds_is_part_of_the_metric_it_classifies():
    figs = find_figures("2021年,全省发明、实用新型和外观设计三类专利授权5.2万件。", CITY)
    assert [(f.value, f.unit) for f in figs] == [(Decimal(52000), "件")]
    assert figs[0].metric.endswith("三类专利授权")


def test_a_measure_of_the_thing_the_clause_before_named():
    (fig,) = find_figures("某农商银行向某机械公司发放了全省首笔数据知识产权质押贷款,贷款金额800万元。", CITY)
    assert fig.metric == "全省首笔数据知识产权质押贷款金额"


def test_the_items_of_a_list_before_an_attributive_figure_are_not_its_metric():
    figs = find_figures("区科技局、区财政局、12家银行参加了座谈。", CITY)
    assert figs[0].metric.startswith("银行")


def test_a_time_phrase_ends_the_counted_noun():
    (fig,) = find_figures("全年新增商标注册2.3万件 5月8日讯(记者 某某)本市召开会议", CITY)
    assert fig.metric == "新增商标注册"


def test_compound_count_units():
    (fig,) = find_figures("滚动播放公益广告300余条次。", CITY)
    assert (fig.value, fig.unit, fig.approximation) == (Decimal(300), "条次", "余")


def test_a_place_opening_a_clause_is_its_area_but_not_inside_a_list():
    figs = find_figures("与此同时,九江市知识产权质押融资额为21亿元。", CITY)
    assert figs[0].area == "九江市" and figs[0].metric == "知识产权质押融资额"
    figs = find_figures("该区拥有中国驰名商标12件,江西省著名商标30件。", CITY)
    assert figs[1].area is None and "江西省著名商标" in figs[1].metric


def test_a_share_is_named_after_the_measure():
    assert metric_concept("园区知识产权质押融资额占", "%") == "园区知识产权质押融资额占比"


def test_a_loan_to_a_borrower_is_the_lenders_figure():
    from zhichan.extraction import extract_text
    from zhichan.models import DocumentInfo

    text = "业界期待已久的首笔专利权质押贷款终于落地,桂林银行近日向桂林某电子有限公司发放了该笔贷款,贷款金额300万元。\n"
    info = DocumentInfo(id="t", path="t.txt", title="", encoding="utf-8", sha256="0", chars=len(text))
    x = extract_text(info, text)
    loan = next(o for o in x.observations if o.value == 3000000)
    lender = x.entity(loan.subject)
    assert lender is not None and lender.label.endswith("银行"), loan.subject


def test_a_spaced_percent_sign():
    figs = find_figures("全年作品登记量同比增长12.5 %。", CITY)
    assert [(f.value, f.unit) for f in figs] == [(Decimal("12.5"), "%")]


def test_the_verb_stays_when_named_members_of_a_count_go():
    (fig,) = find_figures("民警当场抓获李某某(女,41岁)等5名犯罪嫌疑人。", CITY)
    assert fig.metric == "抓获犯罪嫌疑人"


def test_a_place_with_a_verb_after_a_listed_figure_is_the_area():
    figs = find_figures("其中,宜宾市两级法院受理1800件,泸州市受理900件。", CITY)
    assert [f.area for f in figs] == ["宜宾市", "泸州市"]


def test_the_firm_that_receives_a_loan_is_not_in_the_metric():
    (fig,) = find_figures("近日,某农商银行泉州分行向泉州某纺织有限公司发放“商标贷”600万元。", CITY)
    assert fig.metric == "发放“商标贷”"
    (fig,) = find_figures("该行已累计为科技型企业发放知识产权质押贷款2.1亿元。", CITY)
    assert "科技型企业" in fig.metric


@pytest.mark.parametrize("text,metric", [
    ("全省法院去年审结著作权案件2.1万件。", "审结著作权案件"),  # 去年 is a time phrase, never part of a metric
    ("今年1至9月,全区商标注册量6800件。", "商标注册量"),
])
def test_relative_years_with_months_are_time_phrases(text, metric):
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


def test_an_area_after_a_month_range_scopes_the_sentence():
    """今年1至9月,全省…;…: the area word after the time phrase scopes the figures after the semicolon too."""
    figs = find_figures("今年1至9月,全省专利授权量3100件;商标注册量9000件。", CITY)
    assert [f.area for f in figs] == ["全省", "全省"]


def test_seizure_verbs_give_the_object_of_a_case_value():
    """查扣侵权嫌疑货物N件,案值M元: the value is of the goods seized (查扣 dropped like 查获)."""
    by_value = {f.value: f.metric for f in find_figures("上半年,某海关共查扣侵权嫌疑货物2.3万件,案值410万元。", CITY)}
    assert by_value[Decimal(4100000)] == "侵权嫌疑货物案值"


def test_a_figure_before_a_preposition_counts_nothing_after_it():
    figs = find_figures("被告人赵某等4人在未经授权的情况下生产假冒商品。", CITY)
    assert not [f for f in figs if "情况" in f.metric]


# ------------------------------------------------------------------------- families found on unseen passages
def test_a_headline_figure_worded_otherwise_is_the_bodys():
    """A figure the headline repeats from the body, in its own words, is one figure: the body's."""
    text = "甘肃9家企业获评省级商标品牌示范企业\n本报讯 近日,省市场监管局公布名单,甘肃共有9家企业入选示范企业。\n"
    figs = find_figures(text, CITY)
    assert [(f.value, f.unit) for f in figs] == [(Decimal(9), "家")]
    assert figs[0].start > text.index("\n")


def test_a_headline_figure_of_another_value_stays():
    text = "兰州海关上半年查扣侵权货物逾5万件\n今年上半年,兰州海关共查扣侵权货物5.3万件。\n"
    assert sorted(f.value for f in find_figures(text, CITY)) == [Decimal(50000), Decimal(53000)]


def test_same_numbers_in_the_body_are_not_merged_by_the_headline_rule():
    text = "全市专利质押融资工作推进会召开\n全市新增专利质押登记12笔。全市办理专利许可备案12笔。\n"
    assert len(find_figures(text, CITY)) == 2


@pytest.mark.parametrize("text,metric", [
    ("全省新增地理标志商标47件,累计达到283件。", "累计地理标志商标"),
    ("全年新增专利质押登记42笔,累计310笔。", "累计专利质押登记"),
    ("全年新增高新技术企业312家,总数达到2100家。", "高新技术企业总数"),
])
def test_a_running_total_after_an_increment(text, metric):
    figs = find_figures(text, CITY)
    assert figs[-1].metric == metric, [f.metric for f in figs]


def test_a_firm_opening_the_clause_is_not_part_of_the_metric():
    """南平某茶业有限公司获得…贷款N元: the firm is the figure's subject, as a bank or a bureau would be."""
    assert [f.metric for f in find_figures("宁德某电机有限公司获得专利权质押贷款600万元。", CITY)] == ["获得专利权质押贷款"]
    # a generic group of firms stays: only a legal form ends a firm's name
    assert [f.metric for f in find_figures("全市规模以上企业集团营收增长8%。", CITY)] == ["规模以上企业集团营收增长"]


@pytest.mark.parametrize("text", [
    "宿迁某汽车零部件有限公司获得专利权质押贷款450万元。",
    "该企业是一家从事农机零部件研发的高新技术企业。",
    "全县零售药店开展“零距离”普法宣传。",
])
def test_zero_alone_is_a_word_not_a_figure(text):
    """零 alone (零部件, 零售, 零距离) counts nothing: only a number that holds another numeral is a figure."""
    assert not [f for f in find_figures(text, CITY) if f.value == 0]


@pytest.mark.parametrize("text,metric", [
    ("满洲里海关上半年查扣侵权货物3.2万件。", "查扣侵权货物"),
    ("全市前三季度专利质押融资额12亿元。", "专利质押融资额"),
    ("一季度全区商标注册量3000件。", "商标注册量"),
])
def test_a_bare_part_of_the_year_is_a_time_phrase(text, metric):
    """上半年, 前三季度, 一季度 without 今年 still date the figure: they are never part of its metric."""
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


def test_respective_rates_name_no_respectively():
    """…1523批次、42.1万件,同比分别增长18.2%和35.6%: each rate is its figure's growth, without 分别."""
    figs = find_figures("今年1至6月,黄埔海关共查扣侵权嫌疑货物1523批次、42.1万件,同比分别增长18.2%和35.6%。", CITY)
    rates = [f for f in figs if f.unit == "%"]
    assert [(f.metric, f.growth_of) for f in rates] == [("查扣侵权嫌疑货物同比增长", 0), ("查扣侵权嫌疑货物同比增长", 1)]


@pytest.mark.parametrize("text,area", [
    ("盐城市专利转让许可备案860次。", "盐城市"),
    ("聊城市全年商标注册量1.2万件。", "聊城市"),
])
def test_a_city_whose_name_ends_like_a_noun_is_an_area(text, area):
    """盐城市, 聊城市 end like the noun 城市 but the gazetteer names them: the area, not part of the metric."""
    (fig,) = find_figures(text, CITY)
    assert fig.area == area and area not in fig.metric, (fig.area, fig.metric)


@pytest.mark.parametrize("text,metric", [
    ("民警当场抓获犯罪嫌疑人赵某、钱某某等7人。", "当场抓获犯罪嫌疑人"),  # the people are counted, not named
    ("经查,被告人孙某某等4人在未经许可的情况下生产假冒白酒3000余瓶。", "被告人"),
])
def test_a_list_of_anonymised_people_leaves_the_metric(text, metric):
    assert find_figures(text, CITY)[0].metric.endswith(metric)


def test_a_circumstance_clause_ends_a_metric():
    figs = find_figures("被告人孙某某等4人在未经许可的情况下生产假冒白酒3000余瓶。", CITY)
    assert figs[-1].metric == "生产假冒白酒"


@pytest.mark.parametrize("text,metric", [
    # the tagger reads 分行为 and 该行为 as …|行为: the body's head still ends before the 为
    ("近日,赣南银行吉安分行为吉安某照明股份有限公司发放首笔“专利快融贷”1200万元。", "发放首笔“专利快融贷”"),
    ("该行为吉安某电子有限公司等企业授信2.6亿元。", "授信"),
    # a body before 为/向 gives; the firms listed after it (甲公司等企业) receive
    ("赣南银行向吉安某电子有限公司等科技企业发放知识产权质押贷款1.1亿元。", "发放知识产权质押贷款"),
    ("平安财险赣州中心支公司专利执行保险承保件数1200件。", "专利执行保险承保件数"),
    # guards: bodies listed as the object stay; a bare category of recipients says whose loans are counted
    ("破获海关总署、国家版权局等督办案件12起。", "破获海关总署、国家版权局等督办案件"),
    ("该行为科技型企业发放知识产权质押贷款3亿元。", "科技型企业发放知识产权质押贷款"),
])
def test_the_giver_of_a_loan_and_its_listed_recipients_leave_the_metric(text, metric):
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


def test_an_area_word_between_the_preposition_and_the_count_of_recipients():
    """为全市860家企业提供…9.5亿元: the count names the recipients, the amount is what the verb gives."""
    figs = find_figures("今年以来,平安财险赣州中心支公司为全市860家企业提供知识产权风险保障9.5亿元。", CITY)
    assert [f.metric for f in figs] == ["企业提供知识产权风险保障", "提供知识产权风险保障"]
    assert [f.area for f in figs] == ["全市", "全市"]


@pytest.mark.parametrize("text,metric", [
    ("截至2024年底,该中心备案主体达到2960家。", "备案主体"),
    ("该分行知识产权质押贷款余额4.2亿元。", "知识产权质押贷款余额"),
    ("该分公司专利保险承保件数860件。", "专利保险承保件数"),
])
def test_a_pronoun_for_a_branch_or_a_centre_is_no_part_of_the_metric(text, metric):
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


def test_a_headline_rate_without_its_figure_is_the_bodys_rate():
    """前三季度全市专利授权量同比增长15.2% over a body that gives the count and then the rate: one rate, the body's."""
    text = "前三季度宣城专利授权量同比增长15.2%\n\n前三季度,全市专利授权量2.4万件,同比增长15.2%。\n"
    figs = find_figures(text, CITY)
    assert [(f.value, f.unit) for f in figs] == [(Decimal(24000), "件"), (Decimal("15.2"), "%")]
    assert figs[1].growth_of == 0 and figs[1].start > text.index("\n")


@pytest.mark.parametrize("text", [
    "全市专利授权量同比增长15.2%\n\n前三季度,全市商标注册量2.4万件,同比增长15.2%。\n",  # another measure's rate
    "全市专利授权量增长15.2%\n\n前三季度,全市专利授权量2.4万件,占全省的15.2%。\n",  # a share, not a growth
])
def test_a_headline_rate_of_another_measure_stays(text):
    assert len(find_figures(text, CITY)) == 3


def test_the_whole_year_is_the_year_its_paragraph_opens_with():
    """2024年,…。…全年…: 全年 is the paragraph's year, not the year the document reports on; without one it is."""
    meta = {"year": "2022", "city": "常州市", "district": None, "province": None}
    figs = find_figures("2024年,全市专利保险保费收入2100万元。市市场监管局给予保费补贴,全年兑现补贴资金460万元。\n", meta)
    assert [f.period for f in figs] == ["2024", "2024"]
    (fig,) = find_figures("市市场监管局给予保费补贴,全年兑现补贴资金460万元。\n", meta)
    assert fig.period == "2022"


@pytest.mark.parametrize("text,metric", [
    ("市中级人民法院二审改判率仅为2.3%。", "二审改判率"),
    ("全市专利开放许可仅16件。", "专利开放许可"),
    ("该院二审改判率仅1.6%。", "二审改判率"),
    ("全市专利转让仅有9件。", "专利转让"),
    ("不仅如此,全市新增专利质押登记45笔。", "新增专利质押登记"),
])
def test_restrictive_links_leave_the_metric(text, metric):
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


def test_respective_shares_pair_each_item_with_its_share():
    """A和B分别占全市的x%和y%: each item's share of the whole, in the area the items are counted in."""
    figs = find_figures("上半年,全县专利质押融资项目52个、金额6.8亿元,项目数和金额分别占全市的27%和31.5%。", CITY)
    assert [f.metric for f in figs[2:]] == ["项目数占全市的比重", "金额占全市的比重"]
    assert [f.area for f in figs] == ["全县"] * 4


@pytest.mark.parametrize("text", [
    "全省共有1.3万家企业获得知识产权质押融资,融资总额达720亿元。",
    "全省共有13000家企业获得知识产权质押融资,融资总额达720亿元。",
])
def test_a_measure_of_the_thing_named_before_stops_at_the_figure_before_it(text):
    """…1.3万家企业获得融资,融资总额…: the thing named starts after the count, not inside its unit (万家)."""
    figs = find_figures(text, CITY)
    assert figs[-1].metric == "企业获得知识产权质押融资总额", figs[-1].metric


@pytest.mark.parametrize("text,metric,approx", [
    ("该行知识产权质押贷款不良率控制在0.8%以内。", "知识产权质押贷款不良率", "以内"),
    ("全市专利质押贷款不良率稳定在1%以下。", "专利质押贷款不良率", "以下"),
])
def test_a_rate_held_within_a_bound(text, metric, approx):
    (fig,) = find_figures(text, CITY)
    assert (fig.metric, fig.approximation) == (metric, approx)


@pytest.mark.parametrize("text,area", [
    ("2024年,常州市武进区新增发明专利授权3120件,同比增长8.6%。", "武进区"),
    ("2024年江苏省常州市新增发明专利授权9120件,同比增长8.6%。", "常州市"),
])
def test_adjacent_places_opening_a_clause_give_the_lower_one_as_area(text, area):
    """甲市乙区新增…: the lower place is the area of the clause's figures, and neither is part of the metric."""
    figs = find_figures(text, CITY)
    assert [f.area for f in figs] == [area, area]
    assert figs[0].metric == "新增发明专利授权"


@pytest.mark.parametrize("text,area", [
    ("此外,新北区同期新增发明专利授权1460件。", "新北区"),
    ("据统计,新北区同期受理专利侵权纠纷案件85件。", "新北区"),
])
def test_a_place_after_a_clause_opener_and_before_a_time_phrase_is_the_area(text, area):
    (fig,) = find_figures(text, CITY)
    assert fig.area == area and area not in fig.metric


def test_rates_after_a_clause_opening_with_respectively_pair_with_the_listed_figures():
    """…A 3215件、B 1.68万件、C 3085件,分别同比增长18.3%、6.2%和3.5%: each rate qualifies its own figure."""
    figs = find_figures("2024年,全省专利授权1.9万件,其中发明专利授权2860件、实用新型专利授权1.31万件、"
                        "外观设计专利授权3040件,分别同比增长16.2%、5.1%和2.7%。", CITY)
    rates = [f for f in figs if f.unit == "%"]
    assert [figs[f.growth_of].metric for f in rates] == ["发明专利授权", "实用新型专利授权", "外观设计专利授权"]
    assert [f.metric for f in rates] == ["发明专利授权同比增长", "实用新型专利授权同比增长", "外观设计专利授权同比增长"]


def test_a_negative_rate_in_a_respective_list_keeps_its_pairing():
    """…分别同比增长18.3%和-3.5%: the sign belongs to the figure, not to its metric."""
    figs = find_figures("其中发明专利授权2860件、外观设计专利授权3040件,分别同比增长16.2%和-2.7%。", CITY)
    assert [(f.value, f.metric) for f in figs[2:]] == [(Decimal("16.2"), "发明专利授权同比增长"),
                                                     (Decimal("-2.7"), "外观设计专利授权同比增长")]


def test_a_bracket_opens_a_clause_for_the_figures_inside_it():
    """2860件(同比增长16.2%), 32.6亿元(约占全省的20%): a rate or share in brackets qualifies the figure before."""
    figs = find_figures("全市新增发明专利授权2650件(同比增长14.1%),知识产权质押融资额28.4亿元(约占全省的19%)。", CITY)
    assert [(f.metric, f.growth_of) for f in figs] == [
        ("新增发明专利授权", None), ("新增发明专利授权同比增长", 0),
        ("知识产权质押融资额", None), ("知识产权质押融资额约占全省的比重", 2)]


@pytest.mark.parametrize("text,expected", [
    # a bound glossing a term in brackets is no figure, and the term keeps the count after it
    ("其中普惠贷款(1000万元以下)惠及企业356家。", [(Decimal(356), "普惠贷款(1000万元以下)惠及企业")]),
    ("全省共有专精特新企业(营业收入2亿元以上)287家。", [(Decimal(287), "专精特新企业(营业收入2亿元以上)")]),
    # an approximate figure in brackets stays
    ("全市受理专利侵权纠纷案件(约300件左右)。", [(Decimal(300), None)]),
])
def test_a_bound_glossing_a_term_in_brackets_is_no_figure(text, expected):
    figs = find_figures(text, CITY)
    assert [f.value for f in figs] == [v for v, _ in expected]
    for f, (_, metric) in zip(figs, expected):
        assert metric is None or f.metric == metric, f.metric


@pytest.mark.parametrize("text,metric,area", [
    ("白银市以18.6亿元的质押金额位居全省首位。", "质押金额", "白银市"),
    ("天水市以1260件的发明专利授权量排名全省第二。", "发明专利授权量", "天水市"),
])
def test_a_figure_a_place_ranks_by_names_the_measure_only(text, metric, area):
    """P以X的M位居全省首位: the figure measures M of P; the rank after it is a new predicate."""
    (fig,) = find_figures(text, CITY)
    assert (fig.metric, fig.area) == (metric, area)


@pytest.mark.parametrize("text,metric,areas", [
    ("常州市天宁区人民法院、常州市钟楼区人民法院分别审结知识产权案件1320件、1150件。", "审结知识产权案件",
     ["天宁区", "钟楼区"]),
    ("天宁区、钟楼区分别新增发明专利授权860件和740件。", "新增发明专利授权", ["天宁区", "钟楼区"]),
])
def test_bodies_or_places_listed_before_respectively_each_measure_one_figure(text, metric, areas):
    """A、B分别VERB N1、N2: what follows 分别 is the measure; each item's place is its figure's area."""
    figs = find_figures(text, CITY)
    assert [f.metric for f in figs] == [metric, metric]
    assert [f.area for f in figs] == areas


@pytest.mark.parametrize("text,metric", [
    ("全市法院新收各类知识产权案件9800件,其中常州中院新收2150件。", "知识产权案件新收"),
    ("全省检察机关受理审查起诉侵犯知识产权犯罪案件520件,其中常州市受理96件。", "审查起诉侵犯知识产权犯罪案件受理"),
    ("江苏高院全年审结知识产权案件780件。", "审结知识产权案件"),
])
def test_a_court_named_short_and_an_intake_verb_alone(text, metric):
    """X中院/X高院 opening a clause is its subject; 新收/受理 alone take the cases of the sentence's first figure."""
    assert find_figures(text, CITY)[-1].metric == metric


@pytest.mark.parametrize("text,metric", [
    ("市场监管局对该公司罚款人民币8万元。", "罚款"),
    ("该行全年发放知识产权质押贷款人民币9.6亿元。", "发放知识产权质押贷款"),
])
def test_the_currency_written_before_the_number_is_no_part_of_the_metric(text, metric):
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


@pytest.mark.parametrize("text,metric,period", [
    ("2025年,全市知识产权质押融资额是上年的2.3倍。", "知识产权质押融资额是上年的倍数", "2025"),
    ("2025年,绵阳市专利授权量是2020年的3倍。", "专利授权量是2020年的倍数", "2025"),
    ("全市商标注册量相当于上年的1.5倍。", "商标注册量相当于上年的倍数", None),
])
def test_a_multiple_of_a_base_in_its_own_clause(text, metric, period):
    """X是上年的2.3倍: the thing measured, its lead word and base, 倍数 (as 是全省的26倍 after a figure);
    the base's year is no period."""
    figs = find_figures(text, CITY)
    assert [(f.metric, f.unit, f.period) for f in figs] == [(metric, "倍", period)]


def test_a_ratio_that_opens_its_clause_still_qualifies_the_figure_before():
    figs = find_figures("2024年,全市知识产权质押融资额38亿元,是上年的2.3倍。", CITY)
    assert [f.metric for f in figs] == ["知识产权质押融资额", "知识产权质押融资额上年的倍数"]


@pytest.mark.parametrize("text,metric", [
    ("绵阳海关近期查获侵权货物1.2万件。", "查获侵权货物"),
    ("涪城区市场监管局近日查办商标侵权案件45件。", "查办商标侵权案件"),
    ("锦程银行涪城支行近日为南溪某电子科技有限公司发放贷款300万元。", "发放贷款"),
])
def test_recent_time_words_are_no_part_of_the_metric(text, metric):
    """近日, 近期 are time phrases like 日前: they end a metric on the left."""
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


@pytest.mark.parametrize("text,periods", [
    ("全市专利转让许可次数达1860次,是2020年的2.6倍,年均增长21%。", [None, None, None]),
    ("2025年,全市专利转让许可次数达1860次,是2020年的2.6倍。", ["2025", "2025"]),
    ("全市商标质押金额是上年的1.8倍。", [None]),
])
def test_the_base_of_a_multiple_dates_no_figure(text, periods):
    """是2020年的2.6倍, 是上年的1.8倍: the year before 的 and a multiple is its base, not a period."""
    assert [f.period for f in find_figures(text, CITY)] == periods


@pytest.mark.parametrize("text,metric", [
    ("锦程银行知识产权质押贷款利率最低至3.45%。", "知识产权质押贷款利率"),
    ("单户授信额度最高至1000万元。", "单户授信额度"),
    ("贷款利率低至3.2%。", "贷款利率"),
])
def test_a_bound_reached_links_the_metric_to_its_number(text, metric):
    """最低至, 最高至, 低至, 高至 stand between a rate or amount and its number: no part of the metric."""
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


@pytest.mark.parametrize("text,metric", [
    ("从申请到放款仅用5个工作日。", "申请到放款"),
    ("办理质押登记仅需3个工作日。", "办理质押登记"),
    # guards: 用 inside a word stays
    ("全市专利转化运用金额12.5亿元。", "专利转化运用金额"),
    ("节约费用30万元。", "节约费用"),
])
def test_the_time_a_step_took_links_the_metric_to_its_number(text, metric):
    """仅用, 只用, 仅需, 只需, 用 stand between a step and the time it took: no part of the metric."""
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


@pytest.mark.parametrize("text,metric", [
    ("翠屏银行推出“睿知贷”,该产品最高授信额度可达1000万元。", "最高授信额度"),
    ("该笔贷款利率为3.1%。", "贷款利率"),
    ("该险种保障金额达500万元。", "保障金额"),
    ("该平台累计服务企业320家。", "服务企业"),
])
def test_a_pronoun_opening_a_metric_is_no_part_of_it(text, metric):
    """该产品, 该笔贷款, 该险种, 该平台 refer back to a thing named before: no part of the metric."""
    assert [f.metric for f in find_figures(text, CITY)] == [metric]



@pytest.mark.parametrize("text,expected", [
    ("据统计,宜宾市规上工业企业中,近六成分布在电子信息产业。", [("60", "%", "分布在电子信息产业")]),
    ("全市七成以上的专利质押贷款投向小微企业。", [("70", "%", "专利质押贷款投向小微企业")]),
    ("超4成企业表示融资成本下降。", [("40", "%", "企业表示融资成本下降")]),
    # guards: 成 opening a word after a numeral is no tenth
    ("企业研发投入三成本地化。", []),
    ("首批两成员单位签约。", []),
])
def test_a_tenth_is_a_share(text, expected):
    """七成, 近六成, 超4成: a count of tenths is a share in % (七成 → 70 %), unless 成 opens a word (成本, 成员)."""
    assert [(str(f.value), f.unit, f.metric) for f in find_figures(text, CITY)] == expected


@pytest.mark.parametrize("text,expected", [
    ("会上通报了王某等5人侵犯商业秘密案,赵某某等12人非法制造、销售非法制造的注册商标标识案,钱某等3人销售侵权复制品案等三起典型案例。",
     [("3", "起", "典型案例")]),
    ("法院审结孙某等7人假冒注册商标案,判处罚金50万元。", [("500000", "元", "判处罚金")]),
    # guards: the people a verb counts are a figure
    ("公安机关抓获张某等3人。", [("3", "人", "抓获")]),
    ("抓获犯罪嫌疑人刘某某等5名,破获案件3起。", [("5", "名", "抓获犯罪嫌疑人"), ("3", "起", "破获案件")]),
])
def test_a_case_title_naming_its_defendants_is_no_figure(text, expected):
    """王某等5人侵犯商业秘密案 is a case's title (a name), its count of defendants no figure; the cases it lists
    before 等 are no part of the metric of their count."""
    assert [(str(f.value), f.unit, f.metric) for f in find_figures(text, CITY)] == expected


@pytest.mark.parametrize("text,expected", [
    ("报告从三个方面总结了全年工作。", []),
    ("发布会从4个方面介绍了全省知识产权工作。", []),
    # guard: a count of things set up stays a figure
    ("全市建成维权援助工作站5个,方便企业就近求助。", [("5", "个", "建成维权援助工作站")]),
])
def test_the_aspects_a_report_sorts_its_matter_into_are_no_figure(text, expected):
    """从三个方面总结, 从四个方面介绍: how a speaker or report sorts its matter, not a measured quantity."""
    assert [(str(f.value), f.unit, f.metric) for f in find_figures(text, CITY)] == expected


@pytest.mark.parametrize("text,expected", [
    ("全市企业户均融资额860万元,融资额500万元以下的企业占比76%。",
     [("8600000", "元", "企业户均融资额"), ("76", "%", "融资额500万元以下的企业占比")]),
    ("专利拥有量10件以上的企业达到320家。", [("320", "家", "专利拥有量10件以上的企业")]),
    # guards: a count with 以上 is an approximate figure; a bound closing its clause is the figure's
    ("全市培育了300家以上的高新技术企业。", [("300", "家", "培育了高新技术企业")]),
    ("单笔贷款金额1000万元以上。", [("10000000", "元", "单笔贷款金额")]),
])
def test_a_bound_defining_a_class_is_no_figure(text, expected):
    """融资额500万元以下的企业, 专利拥有量10件以上的企业: a bound on a measure before 的 names a class of things
    (part of the metric of their count or share), it is no figure of its own."""
    assert [(str(f.value), f.unit, f.metric) for f in find_figures(text, CITY)] == expected


def test_a_subheading_repeats_a_figure_of_the_body():
    """A short line without a full stop between paragraphs is a subheading: it words a figure of the body as a
    headline does (two words in common); a figure about something else keeps its own."""
    text = ("新华社宜宾6月3日电 宜宾市三笔数据知识产权质押融资业务近日完成登记。\n"
            "一周内宜宾三笔数据资产融资落地\n其中首笔融资金额2000万元,利率3.2%。")
    assert [(str(f.value), f.unit, f.metric) for f in find_figures(text, CITY)] == [
        ("3", "笔", "数据知识产权质押融资业务"), ("20000000", "元", "首笔融资金额"), ("3.2", "%", "利率")]
    # guard: one word in common (企业) is not enough for a subheading
    text = "锦程银行为三家企业发放贷款。\n一季度三家企业获得专利奖\n详情见下文。"
    assert [f.metric for f in find_figures(text, CITY)] == ["企业发放贷款", "企业获得专利奖"]


@pytest.mark.parametrize("text,expected", [
    ("10月15日,翠屏区举办专利转化供需交流活动。区科技局、4家保险机构、25家科技企业、高校院所等出席活动。",
     [("4", "家", "出席活动的保险机构"), ("25", "家", "出席活动的科技企业")]),
    ("区市场监管局、5家金融机构和40余家企业代表出席活动。",
     [("5", "家", "出席活动的金融机构"), ("40", "家", "企业代表出席活动")]),
    # guards: a count alone or last before the verb keeps the words after it
    ("全市8家企业参加了培训。", [("8", "家", "企业参加了培训")]),
    ("区科技局、区财政局、12家银行参加了座谈。", [("12", "家", "银行参加了座谈")]),
])
def test_a_count_in_a_list_of_participants_counts_its_noun_as_taking_part(text, expected):
    """A、6家银行、32家企业、服务机构等参加会议: a count followed by more of the list counts the noun after it as
    taking part (参加会议的企业), not the rest of the list and the verb (was 企业、服务机构等参加会议; figures.json
    attend_verbs)."""
    assert [(str(f.value), f.unit, f.metric) for f in find_figures(text, CITY)] == expected


@pytest.mark.parametrize("text,metric", [
    ("该行选取企业纳税、社保、水电等20项数据,为企业精准画像。", "选取数据"),
    ("平台汇集专利、商标、版权等8类数据。", "汇集数据"),
    # guard: no verb before the list, nothing of it stays
    ("对专利、商标、版权等12项指标进行评价。", "指标进行评价"),
])
def test_a_verb_of_gathering_before_a_list_stays_in_the_metric_of_its_count(text, metric):
    """选取A、B、C等20项数据: the verb before the list stays (as 抓获张某等5人), the listed members go."""
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


@pytest.mark.parametrize("text,expected", [
    ("全省已建成知识产权维权援助分中心18个、工作站31个。", ["建成知识产权维权援助分中心", "建成工作站"]),
    ("收缴侵权商品3万件、假冒商标标识12万件。", ["收缴侵权商品", "收缴假冒商标标识"]),
    # guards: an item that is a verb or a measure itself, or a list without a verb, takes none
    ("全市受理商标案件120件、结案98件。", ["受理商标案件", "商标案件结案"]),
    ("全市立案查处案件120件、立案15件。", ["立案查处案件", "立案"]),
    ("全省发明专利授权1.2万件、实用新型专利授权3万件。", ["发明专利授权", "实用新型专利授权"]),
])
def test_a_bare_noun_listed_after_a_figure_takes_its_verb(text, expected):
    """建成X分中心18个、工作站31个: the bare noun after 、 takes the verb the item before it opens with."""
    assert [f.metric for f in find_figures(text, CITY)] == expected


@pytest.mark.parametrize("text,metric", [
    ("市公安局部署打击侵犯商标权犯罪专项行动。今年以来,共破获相关案件312起。", "破获侵犯商标权犯罪案件"),
    ("全省公安机关严厉打击侵犯商业秘密犯罪,破获相关犯罪案件46起。", "破获侵犯商业秘密犯罪案件"),
    # guards: nothing fought against before the figure in its paragraph, 相关 stays
    ("市场监管部门联合相关部门开展检查,查处相关案件12件。", "查处相关案件"),
    ("打击侵犯商业秘密犯罪。\n共侦破相关案件57起。", "侦破相关案件"),
])
def test_related_cases_name_what_was_fought_against(text, metric):
    """打击X犯罪…。共侦破相关案件N起: 相关 refers back to X犯罪 (figures.json reference_patterns, referent_patterns)."""
    assert [f.metric for f in find_figures(text, CITY)] == [metric]


@pytest.mark.parametrize("text,expected", [
    ("甲科技公司与锦程银行已有八年左右的业务往来,双方彼此熟悉。", [("8", "年", "甲科技公司与锦程银行业务往来")]),
    ("该企业已有20多年的生产经验。", [("20", "年", "生产经验")]),
    # guards: a bound, and a span after 有 without 的
    ("全市有5年以上经验的专利代理师120名。", [("120", "名", "有5年以上经验的专利代理师")]),
    ("近年来,有10多年间企业持续增长。", []),
])
def test_how_long_a_relation_lasted_is_a_figure(text, expected):
    """有八年左右的业务往来: a span of time between 有 and 的 is measured (figures.json duration_have_links)."""
    assert [(str(f.value), f.unit, f.metric) for f in find_figures(text, CITY)] == expected


# ---------------------------------------------------------------- a range written with its unit twice

@pytest.mark.parametrize("text", ["单户授信金额在200万元至1500万元之间。", "每笔担保额为50万元到800万元不等。",
                                  "入池企业融资额3000万-1亿元。"])
def test_a_range_written_with_its_unit_twice_is_no_figure(text):
    assert find_figures(text, BANK) == []


@pytest.mark.parametrize("text, values", [
    ("贷款余额由2亿元增至6亿元。", [Decimal(200000000), Decimal(600000000)]),
    ("为8家企业发放贷款至今已达9000万元。", [Decimal(8), Decimal(90000000)]),
])
def test_a_change_between_two_amounts_is_still_two_figures(text, values):
    assert [f.value for f in find_figures(text, BANK)] == values


# ---------------------------------------------------------------- a measure after a predicate verb

@pytest.mark.parametrize("text, metric", [
    ("“柳南知识产权2期资产支持专项计划”在证券交易所顺利发行,发行规模4.5亿元。", "发行规模"),
    ("该产品在银行间市场成功发行,发行规模2亿元。", "发行规模"),
])
def test_a_measure_after_a_verb_with_an_adverb_takes_no_name_from_that_clause(text, metric):
    assert [f.metric for f in find_figures(text, BANK)] == [metric]


def test_a_measure_after_a_noun_phrase_still_takes_its_name():
    found = find_figures("企业办理了专利权质押登记,登记金额1.5亿元。", BANK)
    assert [f.metric for f in found] == ["专利权质押登记金额"]


# ---------------------------------------------------------------- a measure that names its own thing

@pytest.mark.parametrize("text, metrics", [
    ("该公司为企业的6件发明专利出具专利执行保险保单,保险金额80万元。", ["出具专利执行保险保单", "=保险金额"]),
    ("该行累计发放知识产权质押贷款5.2亿元,贷款余额3.1亿元。", ["发放知识产权质押贷款", "=发放知识产权质押贷款余额"]),
    # guard: a measure whose word before is a verb still takes the thing before it
    ("查办商标侵权案件12起,涉案金额300万元。", ["查办商标侵权案件", "商标侵权案件涉案金额"]),
])
def test_a_measure_naming_its_own_thing_keeps_it(text, metrics):
    got = [f.metric for f in find_figures(text, BANK)]
    assert len(got) == len(metrics), got
    for g, m in zip(got, metrics):
        assert g == m[1:] if m.startswith("=") else m in g, got


# ---------------------------------------------------------------- an upper bound written with 不

@pytest.mark.parametrize("text, metric", [
    ("融资担保费率不超过0.8%。", "融资担保费率"), ("知识产权质押贷款利率不高于3.9%。", "知识产权质押贷款利率"),
    ("单笔补贴不多于15万元。", "单笔补贴"),
])
def test_an_upper_bound_written_with_bu_is_no_part_of_the_metric(text, metric):
    assert [f.metric for f in find_figures(text, BANK)] == [metric]


def test_a_negated_verb_before_a_figure_is_not_taken_for_a_bound():
    assert [f.metric for f in find_figures("该行不再新增贷款,全年发放贷款2亿元。", BANK)] == ["发放贷款"]


# ---------------------------------------------------------------- an aim alone names a target

@pytest.mark.parametrize("text, metrics", [
    ("全区专利质押融资额达3.2亿元,力争突破5亿元。", ["专利质押融资额", "力争专利质押融资额"]),
    ("全市商标注册量8000件,预计明年达到1万件。", ["商标注册量", "预计商标注册量"]),
    ("全县专利质押融资额达2.4亿元,惠及企业31家,今年力争突破4亿元。",
     ["专利质押融资额", "惠及企业", "力争专利质押融资额"]),
    # guard: an aim that names its own thing keeps it; another unit takes nothing
    ("全市专利质押融资额达3.2亿元,力争惠及企业200家。", ["专利质押融资额", "力争惠及企业"]),
])
def test_an_aim_alone_names_the_target_of_the_figure_before(text, metrics):
    assert [f.metric for f in find_figures(text, BANK)] == metrics


# ---------------------------------------------------------------- 与/同 before the partners counted

@pytest.mark.parametrize("text, metric", [
    ("该公司与8家科技企业签订专利保险合同。", "科技企业签订专利保险合同"),
    ("该行同15家企业签订授信协议。", "企业签订授信协议"),
])
def test_yu_before_the_partners_counted_is_no_part_of_the_metric(text, metric):
    assert [f.metric for f in find_figures(text, BANK)] == [metric]


def test_yu_inside_a_metric_stays():
    assert [f.metric for f in find_figures("全市专利与商标质押融资额达3亿元。", BANK)] == ["专利与商标质押融资额"]


# ---------------------------------------------------------------- whose things a count counts

@pytest.mark.parametrize("text, metric", [
    ("该公司为企业的56件发明专利提供保险保障。", "发明专利提供保险保障"),
    ("该行向园区企业的18个项目发放贷款。", "项目发放贷款"),
])
def test_the_owner_of_the_things_counted_after_a_giver_is_no_part_of_the_metric(text, metric):
    assert [f.metric for f in find_figures(text, BANK)] == [metric]


def test_a_clause_describing_the_recipients_counted_stays():
    assert [f.metric for f in find_figures("对获评的8家企业给予奖励。", BANK)] == ["获评的企业给予奖励"]


# ---------------------------------------------------------------- a bare measure after the clause naming its thing

@pytest.mark.parametrize("text, metric", [
    ("该行与企业签订专利权质押贷款合同,金额600万元。", "专利权质押贷款合同金额"),
    ("园区企业获得贷款,金额900万元。", "贷款金额"),
])
def test_a_bare_measure_takes_the_object_of_the_clause_before(text, metric):
    got = [f.metric for f in find_figures(text, BANK)]
    assert got == [metric], got


def test_a_bare_measure_after_a_figure_still_measures_that_figures_thing():
    got = [f.metric for f in find_figures("全市办理商标质押登记25件,金额2.1亿元。", BANK)]
    assert got == ["办理商标质押登记", "办理商标质押登记金额"], got


# ---------------------------------------------------------------- the means before what is measured

@pytest.mark.parametrize("text, metrics", [
    ("该县以“专利+链长”模式为45家机械企业融资6.8亿元。", ["机械企业融资", "机械企业融资"]),
    ("该市采取“银担合作”方式为30家企业发放贷款。", ["企业发放贷款"]),
])
def test_the_means_a_clause_names_is_no_part_of_the_metric(text, metrics):
    assert [f.metric for f in find_figures(text, BANK)] == metrics


def test_a_model_naming_what_is_counted_stays():
    assert [f.metric for f in find_figures("“专利+链长”模式企业达到18家。", BANK)] == ["“专利+链长”模式企业"]


# ---------------------------------------------------------------- 均 before the verb linking a figure

@pytest.mark.parametrize("text, metric", [
    ("各县专利质押融资额均超过2亿元。", "各县专利质押融资额"), ("三地商标注册量均达到5000件。", "三地商标注册量"),
])
def test_jun_before_a_linking_verb_is_no_part_of_the_metric(text, metric):
    assert find_figures(text, BANK)[-1].metric == metric


def test_an_average_is_still_part_of_the_metric():
    assert [f.metric for f in find_figures("贷款利率平均为4.2%。", BANK)] == ["贷款利率平均"]
