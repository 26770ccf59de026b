"""Entity resolution (resolve.py): which name mentions are one entity, and the cross-document key each gets."""
from __future__ import annotations

import pytest

from zhichan.models import EntityType as T
from zhichan.models import Mention
from zhichan.resolve import NameMention, Resolver
from zhichan.rules import load_rules

JINAN = {"city": "济南市", "province": "山东省", "district": None}
LIXIA = {"city": "济南市", "province": "山东省", "district": "历下区"}
HANGZHOU = {"city": "杭州市", "province": "浙江省", "district": None}


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def mentions(names):
    """NameMentions 100 characters apart; a name is (text, type, kind) or (text, type, kind, attrs)."""
    out = []
    for i, n in enumerate(names):
        text, type_, kind = n[:3]
        attrs = dict(n[3]) if len(n) > 3 else {}
        start = i * 100
        out.append(NameMention(text=text, type=type_, kind=kind, start=start, end=start + len(text),
                               mention=Mention(start=start, end=start + len(text), text=text, sentence=i), attrs=attrs))
    return out


def resolve(rules, meta, names):
    ms = mentions(names)
    entities = Resolver(rules, meta).resolve(ms)
    return [m.key for m in ms], entities


KEYS = [
    # meta, names, expected key of each
    (JINAN, [("市检察院", T.Agency, "Procuratorate"), ("检察院", T.Agency, "Procuratorate")],
     ["Agency:济南市人民检察院", "Agency:济南市人民检察院"]),
    (JINAN, [("市场监管局(知识产权局)", T.Agency, "AdministrativeBureau"),
             ("市市场监督管理局", T.Agency, "AdministrativeBureau"), ("市场监管局", T.Agency, "AdministrativeBureau")],
     ["Agency:济南市市场监督管理局"] * 3),
    # a bracketed second name makes the office it names the same body; without the bracket it stays apart
    (JINAN, [("市市场监督管理局(知识产权局)", T.Agency, "AdministrativeBureau"),
             ("市知识产权局", T.Agency, "AdministrativeBureau"), ("济南市知识产权局", T.Agency, "AdministrativeBureau")],
     ["Agency:济南市市场监督管理局"] * 3),
    (HANGZHOU, [("市市场监管局", T.Agency, "AdministrativeBureau"), ("市知识产权局", T.Agency, "AdministrativeBureau")],
     ["Agency:杭州市市场监督管理局", "Agency:杭州市知识产权局"]),
    (HANGZHOU, [("市市场监管局(知识产权局)", T.Agency, "AdministrativeBureau"),
                ("省知识产权局", T.Agency, "AdministrativeBureau")],
     ["Agency:杭州市市场监督管理局", "Agency:浙江省知识产权局"]),
    # the year of an edition does not make another program; a short name keeps its year
    (JINAN, [("2024年全国科技活动周", T.Program, "Event"), ("全国科技活动周", T.Program, "Event")],
     ["Program:全国科技活动周"] * 2),
    (JINAN, [("2024年度", T.Program, "Event")], ["Program:2024年度"]),
    (JINAN, [("市经开区检察院", T.Agency, "Procuratorate"), ("济南市经济开发区人民检察院", T.Agency, "Procuratorate")],
     ["Agency:济南市经济开发区人民检察院"] * 2),
    # a province's short form names the province; a municipality keeps its short form
    (JINAN, [("甘肃高院", T.Agency, "Court"), ("甘肃省高院", T.Agency, "Court"), ("甘肃省高级人民法院", T.Agency, "Court")],
     ["Agency:甘肃省高级人民法院"] * 3),
    (JINAN, [("天津海关", T.Agency, "Customs")], ["Agency:天津海关"]),
    (JINAN, [("市中级法院", T.Agency, "Court"), ("济南市中级人民法院", T.Agency, "Court")],
     ["Agency:济南市中级人民法院"] * 2),
    (JINAN, [("市人社局", T.Agency, "AdministrativeBureau"), ("市人力资源和社会保障局", T.Agency, "AdministrativeBureau")],
     ["Agency:济南市人力资源和社会保障局"] * 2),
    (JINAN, [("市科技局", T.Agency, "AdministrativeBureau")], ["Agency:济南市科学技术局"]),
    (JINAN, [("市级财政", T.Agency, None)], ["Agency:济南市财政"]),
    (JINAN, [("省公安厅", T.Agency, "PublicSecurityBureau"), ("省知识产权局", T.Agency, "AdministrativeBureau")],
     ["Agency:山东省公安厅", "Agency:山东省知识产权局"]),
    (LIXIA, [("区市场监管局", T.Agency, "AdministrativeBureau"), ("区人民法院", T.Agency, "Court")],
     ["Agency:历下区市场监督管理局", "Agency:历下区人民法院"]),
    (JINAN, [("国家知识产权局", T.Agency, "AdministrativeBureau", {"canonical": "国家知识产权局"}),
             ("国家知识产权局", T.Agency, "AdministrativeBureau")], ["Agency:国家知识产权局"] * 2),
    (JINAN, [("最高检", T.Agency, "Procuratorate", {"canonical": "最高人民检察院"}),
             ("最高人民检察院", T.Agency, "Procuratorate")], ["Agency:最高人民检察院"] * 2),
    (JINAN, [("杭州海关", T.Agency, "Customs")], ["Agency:杭州海关"]),
    (JINAN, [("青岛市中级人民法院", T.Agency, "Court")], ["Agency:青岛市中级人民法院"]),
    (JINAN, [("济南", T.Place, "PrefectureCity", {"adminCode": "370100", "canonical": "济南市"}),
             ("济南市", T.Place, "PrefectureCity", {"adminCode": "370100", "canonical": "济南市"})],
     ["Place:code:370100"] * 2),
    (JINAN, [("济南高新区", T.Place, "Zone")], ["Place:济南高新区"]),
    # quote cores
    (JINAN, [("“剑网2024”专项行动", T.Program, "Campaign"), ("打击侵权盗版“剑网2024”专项行动", T.Program, "Campaign")],
     ["Program:打击侵权盗版剑网2024专项行动"] * 2),
    (JINAN, [("“昆仑2024”", T.Program, "Campaign"), ("“昆仑2024”专项行动", T.Program, "Campaign")],
     ["Program:昆仑2024专项行动"] * 2),
    (JINAN, [("“剑网2024”专项行动", T.Program, "Campaign"), ("“剑网2023”专项行动", T.Program, "Campaign")],
     ["Program:剑网2024专项行动", "Program:剑网2023专项行动"]),
    (JINAN, [("“泉城”政策", T.Policy, "PolicyPackage"), ("“泉城”行动", T.Program, "Campaign")],
     ["Policy:泉城政策", "Program:泉城行动"]),
    # suffix aliases
    (JINAN, [("城关支行", T.Company, "BankBranch"), ("招商银行城关支行", T.Company, "BankBranch")],
     ["Company:招商银行城关支行"] * 2),
    (JINAN, [("城关支行", T.Company, "BankBranch"), ("招商银行城关支行", T.Company, "BankBranch"),
             ("兴业银行城关支行", T.Company, "BankBranch")],
     ["Company:城关支行", "Company:招商银行城关支行", "Company:兴业银行城关支行"]),
    (JINAN, [("城关支行", T.Company, "BankBranch"), ("济南大学城关支行", T.Organization, None)],
     ["Company:城关支行", "Organization:济南大学城关支行"]),  # only a longer name of the same type is a host
    (JINAN, [("分行", T.Company, "BankBranch"), ("招商银行济南分行", T.Company, "BankBranch")],
     ["Company:分行", "Company:招商银行济南分行"]),
    # an insurer's branch with its firm's full legal name and with a short form of it: one branch when the
    # branch part is the same, the short form's characters are all in the full name and only one pair fits
    (JINAN, [("永安财产保险股份有限公司宝鸡中心支公司", T.Company, "Insurer"),
             ("永安财险宝鸡中心支公司", T.Company, "Insurer")],
     ["Company:永安财产保险股份有限公司宝鸡中心支公司"] * 2),
    (JINAN, [("永安财产保险股份有限公司宝鸡中心支公司", T.Company, "Insurer"),
             ("华安财产保险股份有限公司宝鸡中心支公司", T.Company, "Insurer"),
             ("永安财险宝鸡中心支公司", T.Company, "Insurer")],
     ["Company:永安财产保险股份有限公司宝鸡中心支公司", "Company:华安财产保险股份有限公司宝鸡中心支公司",
      "Company:永安财险宝鸡中心支公司"]),
    (JINAN, [("永安财产保险股份有限公司宝鸡中心支公司", T.Company, "Insurer"),
             ("锦泰财险宝鸡中心支公司", T.Company, "Insurer")],
     ["Company:永安财产保险股份有限公司宝鸡中心支公司", "Company:锦泰财险宝鸡中心支公司"]),
    # a firm or a bank's branch named with and without its legal form, a bank with and without 中国: one firm
    (JINAN, [("中国光大银行股份有限公司", T.Company, "Bank"), ("中国光大银行", T.Company, "Bank"),
             ("光大银行", T.Company, "Bank")],
     ["Company:中国光大银行股份有限公司"] * 3),
    (JINAN, [("华夏银行股份有限公司南充分行", T.Company, "BankBranch"), ("华夏银行南充分行", T.Company, "BankBranch"),
             ("南充分行", T.Company, "BankBranch")],
     ["Company:华夏银行股份有限公司南充分行"] * 3),
    (JINAN, [("南充赣锋锂业股份有限公司", T.Company, None), ("南充赣锋锂业", T.Company, None)],
     ["Company:南充赣锋锂业股份有限公司"] * 2),
    # a bank's branch under the bank's own name and under a short form of it (农商行 of 农村商业银行)
    (JINAN, [("南充农村商业银行顺庆支行", T.Company, "BankBranch"), ("南充农商行顺庆支行", T.Company, "BankBranch")],
     ["Company:南充农村商业银行顺庆支行"] * 2),
    # two banks with one branch part stay two; a short form two of them could be stays itself
    (JINAN, [("中国光大银行南充分行", T.Company, "BankBranch"), ("中国民生银行南充分行", T.Company, "BankBranch"),
             ("光大南充分行", T.Company, "BankBranch")],
     ["Company:中国光大银行南充分行", "Company:中国民生银行南充分行", "Company:光大南充分行"]),
    (JINAN, [("中国银行", T.Company, "Bank"), ("银行", T.Company, "Bank")], ["Company:中国银行", "Company:银行"]),
    (JINAN, [("华夏银行南充分行", T.Company, "BankBranch"), ("广发银行南充分行", T.Company, "BankBranch")],
     ["Company:华夏银行南充分行", "Company:广发银行南充分行"]),
    # a city's or county's body named with its province before it is that place's body (赣州中院 too)
    (JINAN, [("江西省赣州市中级人民法院", T.Agency, "Court"), ("赣州中院", T.Agency, "Court")],
     ["Agency:赣州市中级人民法院"] * 2),
    (JINAN, [("三明市中级人民法院知识产权审判庭", T.Agency, "Court"), ("三明中院知产庭", T.Agency, "Court"),
             ("三明中院知识产权审判庭", T.Agency, "Court")],
     ["Agency:三明市中级人民法院知识产权审判庭"] * 3),
    (JINAN, [("江西省上饶市人民检察院", T.Agency, "Procuratorate"), ("上饶市人民检察院", T.Agency, "Procuratorate")],
     ["Agency:上饶市人民检察院"] * 2),
    # the province's own bodies keep it; a place of another province is no body of this one
    (JINAN, [("江西省高级人民法院", T.Agency, "Court")], ["Agency:江西省高级人民法院"]),
    (JINAN, [("江西省知识产权局", T.Agency, "AdministrativeBureau")], ["Agency:江西省知识产权局"]),
    (JINAN, [("江西省衡阳市场", T.Agency, None)], ["Agency:江西省衡阳市场"]),
    # a designation and its list are one program; a list of another designation is not
    (JINAN, [("2025年度省级专利转化示范企业", T.Program, "Designation"),
             ("2025年度省级专利转化示范企业名单", T.Program, "Designation")],
     ["Program:省级专利转化示范企业名单"] * 2),
    (JINAN, [("省级专利转化示范企业", T.Program, "Designation"), ("省级专利转化优势企业名单", T.Program, "Designation")],
     ["Program:省级专利转化示范企业", "Program:省级专利转化优势企业名单"]),
    # a zone named with a short head beside its full name; alone it keeps the name it was given
    (JINAN, [("宜春高新区", T.Place, "Zone"), ("宜春高新技术产业开发区", T.Place, "Zone")],
     ["Place:宜春高新技术产业开发区"] * 2),
    (JINAN, [("萍乡综保区", T.Place, "Zone"), ("萍乡综合保税区", T.Place, "Zone")], ["Place:萍乡综合保税区"] * 2),
    (JINAN, [("宜春高新区", T.Place, "Zone")], ["Place:宜春高新区"]),
    (JINAN, [("孝感农商行", T.Company, "Bank"), ("孝感农村商业银行", T.Company, "Bank"),
             ("孝感农商行孝南支行", T.Company, "BankBranch"), ("孝感农村商业银行孝南支行", T.Company, "BankBranch")],
     ["Company:孝感农村商业银行", "Company:孝感农村商业银行",
      "Company:孝感农村商业银行孝南支行", "Company:孝感农村商业银行孝南支行"]),
    (JINAN, [("孝感农商行", T.Company, "Bank")], ["Company:孝感农商行"]),
    # a national bank's short form (lexicons/banks.txt) and the one full bank name that holds its characters
    (JINAN, [("招行", T.Company, "Bank"), ("招商银行股份有限公司", T.Company, "Bank")],
     ["Company:招商银行股份有限公司"] * 2),
    (JINAN, [("交行", T.Company, "Bank"), ("交通银行", T.Company, "Bank"), ("交通银行孝南支行", T.Company, "BankBranch")],
     ["Company:交通银行", "Company:交通银行", "Company:交通银行孝南支行"]),
    (JINAN, [("中行", T.Company, "Bank"), ("中国银行", T.Company, "Bank"), ("中国光大银行", T.Company, "Bank")],
     ["Company:中行", "Company:中国银行", "Company:中国光大银行"]),
    # a group named with and without 集团
    (JINAN, [("蓝鲸集团", T.Company, None), ("蓝鲸", T.Company, "OnlinePlatform")], ["Company:蓝鲸集团"] * 2),
    (JINAN, [("蓝鲸集团", T.Company, None), ("蓝", T.Company, None)], ["Company:蓝鲸集团", "Company:蓝"]),
    (JINAN, [("宜春高新区", T.Place, "Zone"), ("萍乡高新技术产业开发区", T.Place, "Zone")],
     ["Place:宜春高新区", "Place:萍乡高新技术产业开发区"]),
    # a firm registered with its province before its city is the firm named without it, full head or short
    (JINAN, [("湖北孝感农村商业银行", T.Company, "Bank"), ("孝感农商银行", T.Company, "Bank")],
     ["Company:湖北孝感农村商业银行"] * 2),
    (JINAN, [("江西萍乡农村商业银行", T.Company, "Bank"), ("萍乡农村商业银行", T.Company, "Bank")],
     ["Company:江西萍乡农村商业银行"] * 2),
    # not a firm of another city, nor of a place outside the province
    (JINAN, [("湖北孝感农村商业银行", T.Company, "Bank"), ("宜春农商银行", T.Company, "Bank")],
     ["Company:湖北孝感农村商业银行", "Company:宜春农商银行"]),
    (JINAN, [("湖北萍乡农村商业银行", T.Company, "Bank"), ("萍乡农商银行", T.Company, "Bank")],
     ["Company:湖北萍乡农村商业银行", "Company:萍乡农商银行"]),
    # a firm named with its city's short form is the firm named with the city in full, legal form or not
    (JINAN, [("孝感恒信融资担保集团", T.Company, "Guarantor"), ("孝感市恒信融资担保集团有限公司", T.Company, None)],
     ["Company:孝感市恒信融资担保集团有限公司"] * 2),
    (JINAN, [("孝感恒信科技", T.Company, None), ("孝感市恒信科技有限公司", T.Company, None)],
     ["Company:孝感市恒信科技有限公司"] * 2),
    # not another firm of the city
    (JINAN, [("孝感恒通融资担保集团", T.Company, "Guarantor"), ("孝感市恒信融资担保集团有限公司", T.Company, None)],
     ["Company:孝感恒通融资担保集团", "Company:孝感市恒信融资担保集团有限公司"]),
    # a branch written with its city's short form beside the full one, and the short firm read inside it
    (JINAN, [("华泰安财产保险股份有限公司", T.Company, None),
             ("华泰安财产保险股份有限公司孝感市中心支公司", T.Company, "BankBranch"),
             ("泰安财险孝感中心支公司", T.Company, "BankBranch"), ("泰安", T.Company, "Insurer")],
     ["Company:华泰安财产保险股份有限公司", "Company:华泰安财产保险股份有限公司孝感市中心支公司",
      "Company:华泰安财产保险股份有限公司孝感市中心支公司", "Company:华泰安财产保险股份有限公司"]),
    # not a branch of another city
    (JINAN, [("华泰安财产保险股份有限公司孝感市中心支公司", T.Company, "BankBranch"),
             ("泰安财险咸宁中心支公司", T.Company, "BankBranch")],
     ["Company:华泰安财产保险股份有限公司孝感市中心支公司", "Company:泰安财险咸宁中心支公司"]),
]


@pytest.mark.parametrize("meta,names,keys", KEYS)
def test_keys(rules, meta, names, keys):
    got, _ = resolve(rules, meta, names)
    assert got == keys


def test_same_relative_name_in_two_cities(rules):
    jinan, _ = resolve(rules, JINAN, [("市科技局", T.Agency, "AdministrativeBureau"), ("检察院", T.Agency, "Procuratorate")])
    hangzhou, _ = resolve(rules, HANGZHOU, [("市科技局", T.Agency, "AdministrativeBureau"),
                                            ("检察院", T.Agency, "Procuratorate")])
    assert jinan == ["Agency:济南市科学技术局", "Agency:济南市人民检察院"]
    assert hangzhou == ["Agency:杭州市科学技术局", "Agency:杭州市人民检察院"]


def test_district_name_without_a_district(rules):
    keys, _ = resolve(rules, JINAN, [("区市场监管局", T.Agency, "AdministrativeBureau")])
    assert not keys[0].startswith("Agency:济南市区")


def test_alias_only_mentions_join_their_host(rules):
    names = [("打击侵权盗版“剑网2024”专项行动", T.Program, "Campaign"),
             ("“剑网2024”", T.Program, "Campaign", {"alias_only": True})]
    ms = mentions(names)
    # the alias sits inside its host, as the entity finder emits it
    ms[1].start, ms[1].end = ms[0].start + 6, ms[0].start + 14
    Resolver(rules, JINAN).resolve(ms)
    assert ms[0].key == ms[1].key == "Program:打击侵权盗版剑网2024专项行动"


def test_entities_carry_labels_aliases_and_mentions(rules):
    _, entities = resolve(rules, JINAN, [
        ("市场监管局(知识产权局)", T.Agency, "AdministrativeBureau"),
        ("市市场监督管理局", T.Agency, "AdministrativeBureau"),
        ("“剑网2024”专项行动", T.Program, "Campaign"),
        ("打击侵权盗版“剑网2024”专项行动", T.Program, "Campaign"),
        ("济南", T.Place, "PrefectureCity", {"adminCode": "370100", "adminLevel": "PrefectureCity", "canonical": "济南市"}),
        ("王建国", T.Person, None, {"role": "会长"}),
    ])
    by_key = {e.key: e for e in entities}
    assert list(by_key) == sorted(by_key)
    bureau = by_key["Agency:济南市市场监督管理局"]
    assert bureau.label == "济南市市场监督管理局"
    assert bureau.aliases == ["市场监管局(知识产权局)", "市市场监督管理局"]
    assert bureau.kind == "AdministrativeBureau"
    assert [m.start for m in bureau.mentions] == [0, 100]
    campaign = by_key["Program:打击侵权盗版剑网2024专项行动"]
    assert campaign.label == "打击侵权盗版“剑网2024”专项行动"
    assert campaign.aliases == ["打击侵权盗版“剑网2024”专项行动", "“剑网2024”专项行动"]
    city = by_key["Place:code:370100"]
    assert city.label == "济南市"
    assert city.kind == "PrefectureCity"
    assert city.attributes == {"adminCode": "370100", "adminLevel": "PrefectureCity"}
    person = by_key["Person:王建国"]
    assert person.attributes == {"role": "会长"}


def test_relative_expansion(rules):
    r = Resolver(rules, LIXIA)
    assert r.relative("市级财政局") == "济南市财政局"
    assert r.relative("省级专精特新企业") == "山东省专精特新企业"
    assert r.relative("区知识产权局") == "历下区知识产权局"
    assert r.relative("县市场监管局") == "历下区市场监管局"
    assert r.relative("市场监管局") == "市场监管局"  # 市场 is a word, not the relative 市
    assert r.relative("国家知识产权局") == "国家知识产权局"


@pytest.mark.parametrize("surface,kind,key", [
    ("黄岛区法院", "Court", "Agency:黄岛区人民法院"),            # a basic court after its area: 人民法院
    ("广州知识产权法院", "Court", "Agency:广州知识产权法院"),    # special courts keep their name
    ("上海金融法院", "Court", "Agency:上海金融法院"),
])
def test_court_names(surface, kind, key):
    from zhichan.models import EntityType, Mention
    from zhichan.resolve import NameMention, Resolver
    from zhichan.rules import load_rules

    r = Resolver(load_rules(), {"city": "青岛市", "province": "山东省", "district": None})
    m = NameMention(text=surface, type=EntityType.Agency, kind=kind, start=0, end=len(surface),
                    mention=Mention(start=0, end=len(surface), text=surface, sentence=0))
    assert f"Agency:{r.canonical(m)}" == key


@pytest.mark.parametrize("kinds,expected", [
    (["Project", "Event"], "Project"),  # a tie: the earliest mention's kind
    (["Event", "Project"], "Event"),
    (["Event", "Project", "Project"], "Project"),  # more mentions win over the earliest
    ([None, "Event"], "Event"),
])
def test_kind_tie_break_is_deterministic(rules, kinds, expected):
    names = [("“春芽”计划", T.Program, k) for k in kinds]
    _, entities = resolve(rules, JINAN, names)
    assert len(entities) == 1 and entities[0].kind == expected


def test_zone_short_and_long_form_are_one_place(rules):
    keys, _ = resolve(rules, HANGZHOU, [("萧山经开区", T.Place, "Zone"), ("萧山经济开发区", T.Place, "Zone")])
    assert keys[0] == keys[1]


def test_relative_second_name_in_brackets_joins_its_short_form(rules):
    """省市场监督管理局(省知识产权局) in a provincial report: 省知识产权局 elsewhere is the same body."""
    province = {"city": None, "province": "江西省", "district": None}
    keys, _ = resolve(rules, province, [("省市场监督管理局(省知识产权局)", T.Agency, "AdministrativeBureau"),
                                        ("省知识产权局", T.Agency, "AdministrativeBureau")])
    assert keys[0] == keys[1]


def test_a_firms_short_name_joins_its_full_name(rules):
    """X公司 beside 杭州X科技有限公司: one firm; two firms that both read so keep it apart."""
    keys, _ = resolve(rules, HANGZHOU, [("杭州云帆科技有限公司", T.Company, None), ("云帆公司", T.Company, None)])
    assert keys[0] == keys[1]
    keys, _ = resolve(rules, HANGZHOU, [("杭州云帆科技有限公司", T.Company, None), ("云帆电子有限公司", T.Company, None),
                                        ("云帆公司", T.Company, None)])
    assert keys[2] not in keys[:2]
    # a short name no full name starts with stays its own firm
    keys, _ = resolve(rules, HANGZHOU, [("杭州云帆科技有限公司", T.Company, None), ("星河公司", T.Company, None)])
    assert keys[0] != keys[1]


def test_a_parent_firm_is_not_the_short_name_of_its_branch(rules):
    """X财产保险股份有限公司 and X财产保险股份有限公司宁德市分公司: the branch's name starts with the whole parent
    name, so they are two firms (the branch is part of the parent), not a short and a full name."""
    keys, _ = resolve(rules, HANGZHOU, [("云帆财产保险股份有限公司", T.Company, None),
                                        ("云帆财产保险股份有限公司湖州市分公司", T.Company, None)])
    assert keys[0] != keys[1]


def test_a_university_keeps_its_own_name(rules):
    """A province's short form begins a body's name (甘肃高院 → 甘肃省高院), but 湖南大学 is a university's
    own name: an organisation's name is not expanded."""
    keys, _ = resolve(rules, HANGZHOU, [("湖南大学", T.Organization, None), ("湖南高院", T.Agency, "Court")])
    assert keys[0] == "Organization:湖南大学"
    assert keys[1].startswith("Agency:湖南省")


# ------------------------------------------------------------------------- families found on unseen passages
def test_a_court_by_its_citys_short_form_is_the_court_written_out(rules):
    """绍兴中院 beside 绍兴市中级人民法院: one court, when the document names both."""
    keys, _ = resolve(rules, {"city": "绍兴市", "province": "浙江省", "district": None},
                      [("绍兴市中级人民法院", T.Agency, "Court"), ("绍兴中院", T.Agency, "Court")])
    assert keys[0] == keys[1] == "Agency:绍兴市中级人民法院"


def test_a_short_form_alone_keeps_its_own_key(rules):
    keys, _ = resolve(rules, {"city": "绍兴市", "province": "浙江省", "district": None},
                      [("湖州中院", T.Agency, "Court")])
    assert keys == ["Agency:湖州中级人民法院"]


def test_an_autonomous_region_body_is_the_regions(rules):
    keys, _ = resolve(rules, {"city": None, "province": "广西壮族自治区", "district": None},
                      [("自治区市场监督管理局", T.Agency, "AdministrativeBureau")])
    assert keys == ["Agency:广西壮族自治区市场监督管理局"]


def test_a_legal_name_is_not_the_short_name_of_its_branch(rules):
    keys, _ = resolve(rules, HANGZHOU, [("中国大地财产保险股份有限公司", T.Company, None),
                                        ("中国大地财产保险股份有限公司温州分公司", T.Company, None)])
    assert keys[0] != keys[1]


QIANDONGNAN = {"city": "黔东南苗族侗族自治州", "province": "贵州省", "district": None}


def test_a_prefectures_bodies_by_zhou_and_by_its_stem_with_zhou(rules):
    """州市场监管局 is the document's prefecture's office, and 黔东南州… (the stem and 州) the same one."""
    keys, _ = resolve(rules, QIANDONGNAN, [("州市场监管局", T.Agency, "AdministrativeBureau"),
                                           ("黔东南州市场监督管理局", T.Agency, "AdministrativeBureau"),
                                           ("州委", T.Agency, "PartyCommittee")])
    assert keys == ["Agency:黔东南苗族侗族自治州市场监督管理局"] * 2 + ["Agency:黔东南苗族侗族自治州委"]


def test_a_campaign_with_and_without_the_year_after_its_name_is_one(rules):
    keys, _ = resolve(rules, JINAN, [("“猎鹰行动2025”", T.Program, "Campaign"), ("“猎鹰行动”", T.Program, "Campaign")])
    assert keys[0] == keys[1]


def test_two_years_after_one_name_are_two_editions(rules):
    keys, _ = resolve(rules, JINAN, [("“猎鹰2024”", T.Program, "Campaign"), ("“猎鹰2025”", T.Program, "Campaign"),
                                     ("“猎鹰”", T.Program, "Campaign")])
    assert len(set(keys)) == 3


NINGXIA = {"city": None, "province": "宁夏回族自治区", "district": None}


@pytest.mark.parametrize("meta,names", [
    (NINGXIA, [("中国(宁夏)知识产权保护中心", T.Agency, "ProtectionCentre"),
               ("宁夏回族自治区知识产权保护中心", T.Agency, "ProtectionCentre")]),
    ({"city": "温州市", "province": "浙江省", "district": None},
     [("中国(温州)知识产权保护中心", T.Agency, "ProtectionCentre"), ("温州市知识产权保护中心", T.Agency, "ProtectionCentre")]),
])
def test_a_centre_named_with_a_bracketed_area_is_the_areas_centre(rules, meta, names):
    keys, _ = resolve(rules, meta, names)
    assert keys[0] == keys[1]


def test_a_bracketed_word_that_is_no_area_stays(rules):
    keys, _ = resolve(rules, NINGXIA, [("中国(西部)知识产权保护中心", T.Agency, "ProtectionCentre"),
                                       ("西部知识产权保护中心", T.Agency, "ProtectionCentre")])
    assert keys[0] != keys[1]


def test_an_events_edition_and_the_event_are_one_program(rules):
    keys, _ = resolve(rules, JINAN, [("第六届大别山知识产权论坛", T.Program, "Event"), ("大别山知识产权论坛", T.Program, "Event")])
    assert keys == ["Program:大别山知识产权论坛"] * 2


ZUNYI = {"city": "遵义市", "province": "贵州省", "district": None}


def test_a_national_bodys_office_named_with_its_place_gets_no_second_place(rules):
    keys, _ = resolve(rules, ZUNYI, [("人民银行遵义市分行", T.Agency, "Regulator"),
                                     ("中国人民银行遵义市分行", T.Agency, "Regulator")])
    assert keys == ["Agency:中国人民银行遵义市分行"] * 2, keys




def test_a_committee_short_and_written_out_is_one_body(rules):
    keys, _ = resolve(rules, ZUNYI, [("遵义综合保税区管理委员会", T.Agency, "ManagementCommittee"),
                                     ("遵义综合保税区管委会", T.Agency, "ManagementCommittee")])
    assert keys[0] == keys[1], keys
