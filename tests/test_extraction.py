"""Extraction end to end on short made-up documents: what the models say, with offsets into the original."""
from __future__ import annotations

import pytest

from zhichan.document import read_document
from zhichan.extraction import extract_text


def extract(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    info, original = read_document(path)
    return extract_text(info, original)


def rels(x):
    label = {e.key: e.label for e in x.entities}
    return {(label[r.subject], r.predicate.value, label[r.object]) for r in x.relations}


@pytest.mark.parametrize("text,expected", [
    ("杭州市市场监督管理局联合中国人民银行杭州市分行印发《杭州市知识产权质押融资工作方案》。",
     {("《杭州市知识产权质押融资工作方案》", "issuedBy", "杭州市市场监督管理局"),
      ("《杭州市知识产权质押融资工作方案》", "issuedBy", "中国人民银行杭州市分行")}),
    ("浙江某机械有限公司拥有专利20项。宁波银行杭州分行以其专利作为质押,为其发放贷款800万元。",
     {("浙江某机械有限公司", "fundedBy", "宁波银行杭州分行")}),
])
def test_relations(tmp_path, text, expected):
    assert expected <= rels(extract(tmp_path, text))


def test_a_central_bank_branch_is_an_agency(tmp_path):
    x = extract(tmp_path, "中国人民银行西安分行开展知识产权质押融资专项行动。")
    branch = next(e for e in x.entities if e.label == "中国人民银行西安分行")
    assert branch.type.value == "Agency"


def test_figure_subject_is_the_body_that_leads_the_sentence(tmp_path):
    x = extract(tmp_path, "2024年,成都市公安局会同成都海关开展联合执法,共破获侵犯知识产权犯罪案件86起。")
    obs = next(o for o in x.observations if o.unit == "起")
    assert obs.subject == "Agency:成都市公安局" and obs.value == 86 and obs.period == "2024"


def test_annual_report_title_year_scopes_figures(tmp_path):
    x = extract(tmp_path, "2024年武汉市知识产权白皮书\n\n市检察院全年办理知识产权案件120件。\n\n全市有效发明专利拥有量9.6万件。\n")
    assert x.document.year == "2024" and x.document.city == "武汉市"
    assert {o.period for o in x.observations} == {"2024"}
    assert {o.value for o in x.observations} == {120, 96000}


def test_offsets_point_into_the_original_text(tmp_path):
    # a page break inside a long paragraph splits the title (as PDF conversions do)
    text = ("2024年福州市知识产权工作\n\n为加强司法与行政协同,福州市中级人民法院与福州市市场监督管理局签署《知识产权保护协作框"
            "\n\n架协议》,共同推进纠纷化解。\n")
    x = extract(tmp_path, text)
    for e in x.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text
    policy = next(e for e in x.entities if e.type.value == "Policy")
    assert "《知识产权保护协作框" in policy.aliases[0] or "架协议》" in policy.aliases[0]


def test_an_explicit_short_name_is_an_alias_of_its_entity(tmp_path):
    x = extract(tmp_path, "企业联系了西安市知识产权质押融资服务联盟(简称“质融盟”),获得贷款。")
    alliance = [e for e in x.entities if e.type.value == "Organization"]
    assert len(alliance) == 1 and "“质融盟”" in alliance[0].aliases


def test_a_provincial_report_has_no_city_and_its_bodies_are_the_provinces(tmp_path):
    x = extract(tmp_path, "2024年浙江省知识产权保护状况\n\n省知识产权局会同省财政厅设立浙江省知识产权质押融资风险补偿基金。"
                          "杭州海关查扣侵权货物1.2万件。全省有效发明专利拥有量达到40.2万件。\n")
    assert (x.document.province, x.document.city) == ("浙江省", None)
    assert {"浙江省知识产权局", "浙江省财政厅"} <= {e.label for e in x.entities if e.type.value == "Agency"}
    fund = "浙江省知识产权质押融资风险补偿基金"
    assert {(fund, "organizedBy", "浙江省知识产权局"), (fund, "organizedBy", "浙江省财政厅")} <= rels(x)
    assert {o.area for o in x.observations} == {"Place:code:330000"}


def test_a_district_title_scopes_relative_bodies_and_figures(tmp_path):
    # 西湖区 exists in 杭州 and in 南昌: the city in the title decides
    x = extract(tmp_path, "杭州市西湖区：知识产权赋能发展\n\n区市场监管局联合区知识产权服务中心开展培训。全区有效发明专利拥有量2.1万件。\n")
    assert x.document.district == "西湖区"
    assert {"西湖区市场监督管理局", "西湖区知识产权服务中心"} <= {e.label for e in x.entities if e.type.value == "Agency"}
    assert {o.area for o in x.observations} == {"Place:code:330106"}


def test_a_supporting_clause_is_not_the_actor(tmp_path):
    # 在X的支持下, 西湖区举办…: the district (a place) acts, so no organiser is recorded (ANNOTATION)
    x = extract(tmp_path, "杭州市西湖区新闻\n\n在区委、区政府的支持下,西湖区举办第三届知识产权高峰论坛。\n")
    assert not [r for r in x.relations if r.predicate.value == "organizedBy"]


def test_a_bank_pronoun_is_the_branch_and_a_receiving_pronoun_is_no_subject(tmp_path):
    """该行 points to the branch named in full (not the parent bank inside its name); in 为该公司发放 the
    pronoun receives the loan, so the figure stays the lender's."""
    x = extract(tmp_path, "华夏银行绵阳分行推出“科技知产贷”。截至6月末,该行知识产权质押贷款余额5.2亿元。\n"
                          "绵阳某电子有限公司是一家高新技术企业。华夏银行绵阳分行为该公司发放贷款900万元。\n")
    label = {e.key: e.label for e in x.entities}
    by_value = {o.value: label.get(o.subject) for o in x.observations}
    assert by_value[520000000] == "华夏银行绵阳分行"
    assert by_value[9000000] == "华夏银行绵阳分行"


def test_a_count_of_listed_firms_has_no_single_firm_as_its_subject(tmp_path):
    x = extract(tmp_path, "2024年,陇原精工股份有限公司、金城光电科技有限公司等12家企业获评省级专利示范企业。")
    obs = next(o for o in x.observations if o.unit == "家")
    assert obs.value == 12 and obs.subject is None


def test_a_count_of_listed_partners_is_the_actor_s(tmp_path):
    x = extract(tmp_path, "张掖市知识产权局联合市税务局、市商务局等4个部门建立知识产权质押融资白名单机制。")
    obs = next(o for o in x.observations if o.unit == "个")
    assert obs.value == 4 and obs.subject == "Agency:张掖市知识产权局"


@pytest.mark.parametrize("text,metric", [
    ("2025年,绵阳市公安局经侦支队破获侵犯知识产权刑事案件37起。", "破获侵犯知识产权刑事案件"),
    ("2025年,绵阳市知识产权保护中心受理专利预审案件860件。", "受理专利预审案件"),
    ("2025年,涪城区市场监管局执法稽查大队查办商标侵权案件45件。", "查办商标侵权案件"),
    ("2025年,涪城区人民法院知识产权审判庭审结案件620件。", "审结案件"),
    # guard: listed bodies before a count are counted, not the subject
    ("2025年,绵阳某科技有限公司、绵阳某电子有限公司等12家企业获评示范企业。", "企业获评示范企业"),
])
def test_a_named_body_opening_a_metric_is_its_subject_whatever_its_head(tmp_path, text, metric):
    """The names the entity finder found end the metric on the left (支队, 中心, 审判庭 are no subject suffixes)."""
    x = extract(tmp_path, text)
    assert [o.metric for o in x.observations] == [metric], [o.metric for o in x.observations]


@pytest.mark.parametrize("text,metric", [
    ("2025年,涪城区市场监督管理局联合涪城区司法局走访企业86家。", "走访企业"),
    ("2025年,绵阳海关会同绵阳市公安局查获侵权商品1.2万件。", "查获侵权商品"),
    ("绵阳银行与绵阳九洲精工有限公司签约3亿元。", "签约"),
    ("绵阳商业银行同绵阳九洲精工有限公司签订授信协议5000万元。", "签订授信协议"),
])
def test_the_partners_a_subject_acts_with_are_no_part_of_the_metric(tmp_path, text, metric):
    """X联合Y走访企业86家: the named partner after 联合/会同 goes with the subject."""
    x = extract(tmp_path, text)
    assert [o.metric for o in x.observations] == [metric], [o.metric for o in x.observations]


@pytest.mark.parametrize("text,metric,subject", [
    ("2025年,永岚精工科技有限公司从翠屏银行获得贷款800万元。", "获得贷款", "Company:永岚精工科技有限公司"),
    ("2025年,永岚精工科技有限公司从翠屏银行和澄江农商银行获得贷款800万元。", "获得贷款", "Company:永岚精工科技有限公司"),
])
def test_the_body_a_subject_receives_from_is_no_part_of_the_metric(tmp_path, text, metric, subject):
    """X公司从Y银行获得贷款: the lender after 从 goes with the borrower, the subject; the metric is 获得贷款."""
    x = extract(tmp_path, text)
    assert [(o.metric, o.subject) for o in x.observations] == [(metric, subject)]


@pytest.mark.parametrize("text,metric", [
    ("2025年,翠屏银行为永岚精工科技有限公司的供应商提供贷款2000万元。", "提供贷款"),
    ("2025年,翠屏银行向永岚精工科技有限公司的上下游企业发放贷款1500万元。", "发放贷款"),
])
def test_recipients_named_by_a_firm_are_no_part_of_the_metric(tmp_path, text, metric):
    """为X公司的供应商提供贷款: the firm's partners receive; what is given starts at the verb of giving."""
    x = extract(tmp_path, text)
    assert [o.metric for o in x.observations] == [metric], [o.metric for o in x.observations]


@pytest.mark.parametrize("text,metrics", [
    ("2025年,永岚精工科技有限公司仅用5个工作日就获得贷款300万元。", ["获得贷款", "获得贷款"]),
    ("2025年,翠屏银行仅用3天便完成放款。", ["完成放款"]),
    # guard: a count of the words after it keeps them
    ("2025年,翠屏银行为32家企业发放贷款。", ["企业发放贷款"]),
])
def test_a_subject_and_an_adverb_around_a_time_taken_are_no_part_of_the_metric(tmp_path, text, metrics):
    """甲公司仅用5个工作日就获得贷款: the firm is the subject, 就 links the time to the step; the metric is 获得贷款."""
    x = extract(tmp_path, text)
    assert [o.metric for o in x.observations] == metrics, [o.metric for o in x.observations]


@pytest.mark.parametrize("text,metric", [
    ("2025年,永岚精工科技有限公司获得翠屏银行知识产权质押贷款500万元。", "获得知识产权质押贷款"),
    ("2025年,永岚精工科技有限公司获得翠屏银行的授信2000万元。", "获得授信"),
    # guard: a body that is not after a verb of receiving stays
    ("2025年,全市获评省级知识产权示范企业32家。", "获评省级知识产权示范企业"),
])
def test_the_giver_after_a_verb_of_receiving_is_no_part_of_the_metric(tmp_path, text, metric):
    """甲公司获得乙银行知识产权质押贷款500万元: the lender gives; the metric is 获得知识产权质押贷款."""
    x = extract(tmp_path, text)
    assert [o.metric for o in x.observations] == [metric], [o.metric for o in x.observations]


@pytest.mark.parametrize("text,metrics", [
    ("2025年,临川保险公司为栖霞区86家企业提供知识产权保险保障金额3.2亿元。",
     ["企业提供知识产权保险保障金额", "提供知识产权保险保障金额"]),
    ("2025年,翠屏银行为栖霞区32家企业发放贷款1.5亿元。", ["企业发放贷款", "发放贷款"]),
    # guard: without a place the count keeps its recipients
    ("2025年,翠屏银行为32家企业发放贷款1.5亿元。", ["企业发放贷款", "发放贷款"]),
])
def test_a_place_before_the_recipients_counted_is_no_part_of_the_metric(tmp_path, text, metrics):
    """为栖霞区86家企业提供…3.2亿元: the place says where the recipients are; the amount is what the verb gives."""
    x = extract(tmp_path, text)
    assert [o.metric for o in x.observations] == metrics, [o.metric for o in x.observations]


def test_the_lender_after_from_inside_a_metric_is_no_part_of_it(tmp_path):
    """通过专利质押从甲银行融资1000万元: 从 and the lender go, wherever in the metric they stand."""
    x = extract(tmp_path, "2025年,永岚精工科技有限公司通过专利质押从锦程银行绥江支行融资1000万元。")
    assert [o.metric for o in x.observations] == ["通过专利质押融资"]


@pytest.mark.parametrize("text,expected,wrong", [
    ("2024年,江西省有效发明专利拥有量达到3.2万件。全省各企业中,赣锋锂业股份有限公司的发明专利申请量、授权量均居榜首。",
     {("赣锋锂业股份有限公司", "locatedIn", "江西省")}, set()),
    ("2024年,江西省有效发明专利拥有量达到3.2万件。科研单位中,南昌大学、江西理工大学的发明专利拥有量分别位列全省前二。",
     {("南昌大学", "locatedIn", "江西省"), ("江西理工大学", "locatedIn", "江西省")}, set()),
    # guards: a rank in the whole country, and a body in a clause before the ranked one
    ("2024年,江西省有效发明专利拥有量达到3.2万件。鄱湖科技有限公司的专利拥有量位居全国第一。", set(),
     {("鄱湖科技有限公司", "locatedIn", "江西省")}),
    ("2024年,江西省有效发明专利拥有量达到3.2万件。鄱湖科技有限公司与南昌大学合作,后者的专利拥有量位居全省第一。",
     set(), {("鄱湖科技有限公司", "locatedIn", "江西省")}),
])
def test_a_body_ranked_within_the_documents_area_lies_in_it(tmp_path, text, expected, wrong):
    """X…位居全省第一, 全省各企业中,X…: the firm or institution ranked within the area lies in it."""
    found = rels(extract(tmp_path, text))
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("为维护品牌形象,柳州某酒业有限公司总经理向雒容市场监管所紧急求助。",
     {("柳州市雒容市场监督管理所", "locatedIn", "雒容")}, set()),
    ("龙潭派出所破获一起假冒注册商标案。", {("龙潭派出所", "locatedIn", "龙潭")}, set()),
    # the town is the zone the document names after its city
    ("在柳州河西经开区的一家企业里,河西市场监管所执法人员正在检查。",
     {("河西市场监督管理所", "locatedIn", "柳州河西经济开发区")}, {("河西市场监督管理所", "locatedIn", "河西")}),
    # guard: a station named after a district the gazetteer knows keeps it
    ("鱼峰区市场监管所和各派出所共同参与检查。", set(), {("鱼峰区市场监督管理所", "locatedIn", "鱼峰")}),
])
def test_a_station_is_located_in_the_town_it_is_named_after(tmp_path, text, expected, wrong):
    """X市场监管所, X派出所: the short name before the head is the town the station serves (or the zone named so)."""
    x = extract(tmp_path, text)
    found = rels(x)
    assert expected <= found and not (wrong & found), found
    if not expected:
        assert not [e.label for e in x.entities if e.type.value == "Place" and e.kind == "Township"]


def test_a_station_named_after_a_zone_makes_no_town(tmp_path):
    """桥头经开区 … 桥头市场监管所: the station is named after the zone the document names, not after a second place."""
    x = extract(tmp_path, "桥头经开区企业向桥头市场监管所求助。")
    assert not [e.label for e in x.entities if e.type.value == "Place" and e.kind == "Township"], x.entities


@pytest.mark.parametrize("text,full,short", [
    ("中国农业银行温州市分行向企业发放贷款。农行温州分行推出“商标贷”。", "中国农业银行温州市分行", "农行温州分行"),
    ("中国工商银行柯桥区支行向企业发放贷款。工行柯桥支行推出“专利贷”。", "中国工商银行柯桥区支行", "工行柯桥支行"),
    ("中国农业银行温州市分行向企业发放贷款。农行温州市分行推出“商标贷”,农行温州分行还推出“版权贷”。",
     "中国农业银行温州市分行", "农行温州分行"),
])
def test_a_branch_named_with_or_without_its_places_level_is_one_branch(tmp_path, text, full, short):
    x = extract(tmp_path, text)
    branch = [e for e in x.entities if full in e.aliases]
    assert len(branch) == 1 and short in branch[0].aliases, [(e.label, e.aliases) for e in x.entities]


def test_branches_of_two_places_stay_two(tmp_path):
    x = extract(tmp_path, "中国农业银行温州市分行向企业发放贷款。农行台州分行推出“商标贷”。")
    labels = {e.label for e in x.entities if e.type.value == "Company"}
    assert {"中国农业银行温州市分行", "农行台州分行"} <= labels, labels


@pytest.mark.parametrize("text,full,short", [
    ("中国大地财产保险股份有限公司推出专利保险。大地财险温州中心支公司已为120家企业承保。", "中国大地财产保险股份有限公司", "大地财险"),
    ("华泰人寿保险股份有限公司开展宣传。华泰寿险台州分公司已承保50家企业。", "华泰人寿保险股份有限公司", "华泰寿险"),
])
def test_an_insurers_short_form_is_the_insurer_named_in_full(tmp_path, text, full, short):
    x = extract(tmp_path, text)
    insurer = [e for e in x.entities if full in e.aliases]
    assert len(insurer) == 1 and short in insurer[0].aliases, [(e.label, e.aliases) for e in x.entities]


def test_an_insurers_short_form_stays_apart_from_another_insurer(tmp_path):
    x = extract(tmp_path, "中国大地财产保险股份有限公司推出专利保险。平安财险温州中心支公司已为120家企业承保。")
    labels = {e.label for e in x.entities if e.type.value == "Company"}
    assert {"中国大地财产保险股份有限公司", "平安财险"} <= labels, labels

def test_a_group_without_its_own_body_is_measured_on_the_sentences(tmp_path):
    x = extract(tmp_path, "2023年,拱北海关查获侵权手机配件3.2万件;查获侵权运动服装1.8万件,案值约96万元。")
    value = next(o for o in x.observations if o.unit == "元")
    assert value.subject == "Agency:拱北海关", value

def test_a_body_opening_the_clause_after_an_area_word_is_still_measured(tmp_path):
    # guard: the body leads its own clause, so it stays the subject
    x = extract(tmp_path, "2023年,全区共有示范企业27家,汇川区市场监管局查处商标侵权案件18件。")
    cases = next(o for o in x.observations if o.unit == "件")
    assert cases.subject == "Agency:汇川区市场监督管理局", cases


@pytest.mark.parametrize("text,unit", [
    ("中国银行贵州省分行、贵阳银行等8家金融机构与省知识产权局签订合作协议,全年办理知识产权质押融资业务612笔。", "笔"),
    ("贵阳农商银行、贵阳银行等7家金融机构与42家企业参加对接。", "家"),
])
def test_a_figure_of_bodies_listed_and_counted_measures_none_of_them(tmp_path, text, unit):
    obs = [o for o in extract(tmp_path, text).observations if o.unit == unit]
    assert obs and obs[-1].subject is None, obs

def test_a_firm_after_a_preposition_of_receiving_opening_a_clause_is_not_measured(tmp_path):
    x = extract(tmp_path, "近日,邮储银行湖州市分行联合湖州市融资担保有限公司,为浙江越锦纺织有限公司发放知识产权质押贷款800万元。")
    loan = next(o for o in x.observations if o.unit == "元")
    assert loan.subject == "Company:邮储银行湖州市分行", loan

def test_a_body_directing_in_a_lead_in_is_not_measured(tmp_path):
    x = extract(tmp_path, "在公安部统一部署下,贵州省公安厅经侦总队成功打掉一个制售假冒化妆品犯罪团伙,抓获犯罪嫌疑人23名。")
    count = next(o for o in x.observations if o.unit == "名")
    assert count.subject == "Agency:贵州省公安厅经侦总队", count

def test_a_clause_without_its_own_actor_goes_on_about_the_body_of_the_clause_before(tmp_path):
    x = extract(tmp_path, "2023年,遵义市知识产权保护中心获批建设,铜仁市知识产权保护中心预审专利1860件,授权率达到91.2%。")
    rate = next(o for o in x.observations if o.unit == "%")
    assert rate.subject == "Agency:铜仁市知识产权保护中心", rate

def test_the_part_named_after_its_body_acts_and_is_measured(tmp_path):
    x = extract(tmp_path, "近日,湛江海关所属徐闻海关在出口监管中查获侵权耳机1.6万个。")
    fig = next(o for o in x.observations if o.unit == "个")
    assert fig.subject == "Agency:徐闻海关" and fig.metric == "出口监管中查获侵权耳机", fig

def test_a_rural_banks_short_form_is_the_bank_named_in_full(tmp_path):
    x = extract(tmp_path, "浙江瓯海农村商业银行股份有限公司向温州恒达机械有限公司发放贷款。瓯海农商行今年已累计发放知识产权质押贷款5.6亿元。")
    bank = [e for e in x.entities if "浙江瓯海农村商业银行股份有限公司" in e.aliases]
    assert len(bank) == 1 and "瓯海农商行" in bank[0].aliases, [(e.label, e.aliases) for e in x.entities]


def test_another_rural_banks_short_form_stays_apart(tmp_path):
    x = extract(tmp_path, "浙江瓯海农村商业银行股份有限公司向温州恒达机械有限公司发放贷款。苍南农商行今年已累计发放贷款5.6亿元。")
    labels = {e.label for e in x.entities if e.type.value == "Company"}
    assert {"浙江瓯海农村商业银行股份有限公司", "苍南农商行"} <= labels, labels

def test_a_clause_opening_with_a_time_word_alone_is_still_the_bodys(tmp_path):
    # guard: no area word after the time word, so the body leading the sentence is measured
    x = extract(tmp_path, "2023年,贵州省知识产权局开展“知识产权金融服务月”活动,全年办理专利质押登记612笔。")
    count = next(o for o in x.observations if o.unit == "笔")
    assert count.subject == "Agency:贵州省知识产权局", count


@pytest.mark.parametrize("text,parent", [
    ("近日,中国太平洋财产保险股份有限公司贵阳中心支公司(以下简称“太保财险贵阳中心支公司”)为企业出具保单。",
     "中国太平洋财产保险股份有限公司"),
    ("华安永泰财产保险股份有限公司遵义分公司(简称“永泰财险遵义分公司”)推出专利保险。", "华安永泰财产保险股份有限公司"),
])
def test_the_parent_in_a_declared_short_name_of_a_branch_is_the_branchs_parent(tmp_path, text, parent):
    x = extract(tmp_path, text)
    companies = [e for e in x.entities if e.type.value == "Company"]
    parents = [e for e in companies if not e.label.endswith("公司") or e.label == parent]
    assert [e.label for e in parents] == [parent], [(e.label, e.aliases) for e in companies]


def test_a_branch_declared_by_its_place_alone_merges_no_parent(tmp_path):
    x = extract(tmp_path, "华安永泰财产保险股份有限公司遵义分公司(简称“遵义分公司”)推出专利保险。中国人寿财产保险股份有限公司遵义分公司也推出专利保险。")
    labels = {e.label for e in x.entities if e.type.value == "Company"}
    assert {"华安永泰财产保险股份有限公司", "中国人寿财产保险股份有限公司"} <= labels, labels


def test_firms_joined_before_a_count_are_still_a_counted_list(tmp_path):
    x = extract(tmp_path, "绵阳九洲精工有限公司与绵阳恒达电子有限公司等5家企业获得贷款。")
    assert [o.metric for o in x.observations] == ["企业获得贷款"], [o.metric for o in x.observations]


def test_a_clause_placing_a_noun_in_the_area_keeps_the_reporting_body(tmp_path):
    """…海关…备案,省内企业共新增备案N项: 省内 places the firms, it is no actor; the body that reports stays the subject."""
    x = extract(tmp_path, "贵阳海关持续推进知识产权海关保护备案,省内企业共新增知识产权备案126项。")
    filings = next(o for o in x.observations if o.unit == "项")
    assert filings.subject == "Agency:贵阳海关", filings


# The subject of a figure: which body a clause's count or amount measures (each row: a text, the unit of the figure
# looked at, the subject expected; guards are the rows whose body leads its own clause)
@pytest.mark.parametrize("text,unit,subject", [
    pytest.param("2023年,拱北海关查获侵权手机配件3.2万件;湛江海关查获侵权运动服装1.8万件,案值约96万元。", "元", "Agency:湛江海关", id="a_figure_after_a_semicolon_is_measured_on_the_body_opening_its_group"),
    pytest.param("该局还指导遵义黔香茶业有限公司申报省级优势企业,全区知识产权示范企业达到27家。", "家", None, id="a_clause_opening_with_the_areas_collective_word_measures_the_area"),
    pytest.param("贵阳银行遵义分行联合遵义市知识产权局开展对接活动,全年发放知识产权质押贷款120笔。", "笔", "Company:贵阳银行遵义分行", id="a_body_leading_a_list_of_its_partners_is_still_measured"),  # guard: X分行联合A、B等3个部门…: the branch leads, the list is its partners
    pytest.param("近日,邮储银行湖州市分行开展对接活动,浙江越锦纺织有限公司获得知识产权质押贷款800万元。", "元", "Company:浙江越锦纺织有限公司", id="a_firm_opening_a_clause_is_still_measured"),  # guard: without the preposition the firm leads its clause
    pytest.param("公安部统一部署开展专项行动,全年抓获犯罪嫌疑人2.3万名。", "名", "Agency:中华人民共和国公安部", id="a_body_opening_a_sentence_without_a_lead_in_is_measured"),  # guard: 公安部 leading the sentence is its actor
    pytest.param("2023年,铜仁市知识产权保护中心预审专利1860件,授权率达到91.2%。", "%", "Agency:铜仁市知识产权保护中心", id="a_clause_after_the_openers_own_figure_stays_the_openers"),  # guard: the clause before had no actor of its own, so the sentence's opener measures the rate
    pytest.param("近日,湛江海关在出口监管中查获侵权耳机1.6万个。", "个", "Agency:湛江海关", id="a_body_acting_alone_is_still_measured"),  # guard: no part named after the body
    pytest.param("2023年,贵州省知识产权局开展“知识产权金融服务月”活动,全年全省专利商标质押融资登记金额达38.6亿元。", "元", None, id="a_clause_opening_with_a_time_word_and_the_area_measures_the_area"),
])
def test_the_subject_of_a_figure(tmp_path, text, unit, subject):
    x = extract(tmp_path, text)
    fig = next(o for o in x.observations if o.unit == unit)
    assert fig.subject == subject, fig


@pytest.mark.parametrize("text,value,area", [
    # …312起,乙市公安局破获案件205起: a body named with its place opens its own clause, in its own place
    ("2024年广东省打击侵权犯罪情况\n\n2024年,全省公安机关破获案件1243起。其中,韶关市公安局破获案件312起,湛江市公安局破获案件205起。\n", 205,
     "Place:code:440800"),
    # guard: a place after a figure that names a category of the list goes on in the list's area
    ("2024年广东省商标工作情况\n\n2024年,全省地理标志商标23件,韶关市著名商标44件。\n", 44, "Place:code:440000"),
])
def test_a_body_named_with_its_place_after_a_figure_measures_in_its_place(tmp_path, text, value, area):
    x = extract(tmp_path, text)
    fig = next(o for o in x.observations if o.value == value)
    assert fig.area == area, fig


@pytest.mark.parametrize("text,subject", [
    # the clauses after one opening with the area's collective word go on about the area, not the news source
    ("记者从湖北省公安厅获悉,2024年,全省公安机关共破获侵权案件1243起,抓获犯罪嫌疑人2186名。", None),
    # guards: the body leading the sentence, or its own clause, is measured
    ("武汉市公安局2024年共破获侵权案件1243起,抓获犯罪嫌疑人2186名。", "Agency:武汉市公安局"),
    ("记者从湖北省公安厅获悉,2024年,全省公安机关共破获侵权案件1243起,武汉市公安局抓获犯罪嫌疑人2186名。",
     "Agency:武汉市公安局"),
])
def test_clauses_after_the_whole_areas_go_on_about_the_area(tmp_path, text, subject):
    x = extract(tmp_path, text)
    fig = next(o for o in x.observations if o.unit == "名")
    assert fig.subject == subject, fig
