"""Relations (components/relations.py) found by the whole spaCy pipeline on short texts written for the test.

Each relation is read back as (subject text, predicate, object text) through the offsets in
``doc._.zhichan_relations``."""
from __future__ import annotations

import pytest

from zhichan import pipeline
from zhichan.document import normalise

JINAN = {"city": "济南市", "province": "山东省", "district": None, "year": "2024"}


def relations(text, meta=JINAN):
    """(subject, predicate, object) as text, with the evidence sentence and rule of each."""
    norm = normalise(text).text
    doc = pipeline.run(norm, meta)
    out = []
    for (ss, se, st), pred, (os_, oe, ot), ev, rule in doc._.zhichan_relations:
        assert norm[ss:se] and norm[os_:oe]
        out.append({"triple": (norm[ss:se], pred, norm[os_:oe]), "types": (st, ot), "sentence": norm[ev:],
                    "rule": rule})
    return out


def triples(text, meta=JINAN):
    return {r["triple"] for r in relations(text, meta)}


FOUND = [
    # text, relations that must be among those found
    ("市市场监管局制定《济南市专利资助办法》《济南市商标品牌管理规定》。",
     {("《济南市专利资助办法》", "issuedBy", "市市场监管局"), ("《济南市商标品牌管理规定》", "issuedBy", "市市场监管局")}),
    ("市政府印发《济南市知识产权强市建设纲要》。", {("《济南市知识产权强市建设纲要》", "issuedBy", "市政府")}),
    ("区政府出台《历下区知识产权奖励办法》。", {("《历下区知识产权奖励办法》", "issuedBy", "区政府")}),
    ("市知识产权局会同市公安局、市检察院签署《知识产权保护协作协议》。",
     {("《知识产权保护协作协议》", "signatory", "市知识产权局"), ("《知识产权保护协作协议》", "signatory", "市公安局"),
      ("《知识产权保护协作协议》", "signatory", "市检察院")}),
    ("市知识产权局与市中级人民法院签署《诉调对接合作备忘录》。",
     {("《诉调对接合作备忘录》", "signatory", "市知识产权局"), ("《诉调对接合作备忘录》", "signatory", "市中级人民法院")}),
    ("市科技局召开会议。制定《济南市技术合同登记办法》。", {("《济南市技术合同登记办法》", "issuedBy", "市科技局")}),
    ("市公安局深入开展“昆仑2024”等专项行动。", {("“昆仑2024”", "organizedBy", "市公安局")}),
    ("区市场监管局组织开展“护航”行动。", {("“护航”行动", "organizedBy", "区市场监管局")}),
    ("齐鲁银行推出“鲁知贷”。", {("“鲁知贷”", "offeredBy", "齐鲁银行")}),
    ("招商银行济南分行推出“专利e贷”,为企业提供融资。", {("“专利e贷”", "offeredBy", "招商银行济南分行")}),
    ("招商银行济南分行发放贷款。",
     {("招商银行济南分行", "subOrganizationOf", "招商银行"), ("招商银行济南分行", "locatedIn", "济南")}),
    ("济南市中级人民法院知识产权法庭审理案件。",
     {("济南市中级人民法院知识产权法庭", "subOrganizationOf", "济南市中级人民法院")}),
    ("济南知识产权协会成立专利质押融资服务联盟。", {("专利质押融资服务联盟", "subOrganizationOf", "济南知识产权协会")}),
    ("市市场监管局成立济南市知识产权保护中心。", {("济南市知识产权保护中心", "subOrganizationOf", "市市场监管局")}),
    ("山东大学设立济南知识产权研究院。", {("济南知识产权研究院", "subOrganizationOf", "山东大学")}),
    ("招商银行在历下区设立招商银行济南科创支行。",
     {("招商银行济南科创支行", "subOrganizationOf", "招商银行"), ("招商银行济南科创支行", "locatedIn", "历下区")}),
    ("济南某机械有限公司研发新产品。招商银行济南分行为其发放贷款500万元。",
     {("济南某机械有限公司", "fundedBy", "招商银行济南分行")}),
    ("泉城智能科技有限公司在A轮融资中引入深创投与红杉中国。",
     {("泉城智能科技有限公司", "fundedBy", "深创投"), ("泉城智能科技有限公司", "fundedBy", "红杉中国")}),
    ("济南泉城智能科技有限公司获得了齐鲁银行的贷款。", {("济南泉城智能科技有限公司", "fundedBy", "齐鲁银行")}),
    # jieba reads 分行为 as 分|行为: the name that runs from the bank to the firm is set aside
    ("兴业银行济南分行为济南某机械有限公司发放知识产权质押贷款1000万元。",
     {("济南某机械有限公司", "fundedBy", "兴业银行济南分行")}),
    ("市知识产权局联合市公安局开展“蓝剑”专项行动。",
          {("“蓝剑”专项行动", "organizedBy", "市知识产权局"), ("“蓝剑”专项行动", "organizedBy", "市公安局")}),
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_relations_found(text, expected):
    got = triples(text)
    assert expected <= got, f"missing {expected - got}; found {got}"


NOT_FOUND = [
    # text, relations that must not be found
    # a place as actor takes no relation
    ("历下区出台《历下区知识产权奖励办法》。", {("《历下区知识产权奖励办法》", "issuedBy", "历下区")}),
    # the actor of a verb-first sentence is not carried across a paragraph (a blank line, or a line break)
    ("市科技局召开会议。\n\n制定《济南市技术合同登记办法》。", {("《济南市技术合同登记办法》", "issuedBy", "市科技局")}),
    ("市科技局召开会议。\n制定《济南市技术合同登记办法》。", {("《济南市技术合同登记办法》", "issuedBy", "市科技局")}),
    # a bank issues no policy
    ("齐鲁银行发布《科技型企业贷款服务指引》。", {("《科技型企业贷款服务指引》", "issuedBy", "齐鲁银行")}),
    # an agency offers no loan product
    ("市市场监管局推出“知产贷”。", {("“知产贷”", "offeredBy", "市市场监管局")}),
    # 推动成立 does not make the body a part of the agency
    ("市市场监管局推动成立济南知识产权服务业商会。", {("济南知识产权服务业商会", "subOrganizationOf", "市市场监管局")}),
]


@pytest.mark.parametrize("text,forbidden", NOT_FOUND)
def test_relations_not_found(text, forbidden):
    got = triples(text)
    assert not (forbidden & got), got


def test_carried_actor_keeps_the_evidence_of_its_own_sentence():
    rels = [r for r in relations("市科技局召开会议。制定《济南市技术合同登记办法》。") if r["triple"][1] == "issuedBy"]
    assert len(rels) == 1
    assert rels[0]["sentence"].startswith("制定《")
    assert rels[0]["types"] == ("Policy", "Agency")


def test_place_sentence_does_not_lend_its_actor():
    """历下区出台… has no actor, so the verb-first sentence after it has none either."""
    text = "市科技局召开会议。历下区出台《历下区知识产权奖励办法》。制定《历下区专利资助办法》。"
    got = triples(text)
    assert not any(p == "issuedBy" for _, p, _ in got), got


def test_types_of_relations():
    rels = relations("齐鲁银行推出“鲁知贷”。招商银行济南分行发放贷款。")
    types = {r["triple"][1]: r["types"] for r in rels}
    assert types["offeredBy"] == ("LoanProduct", "Company")
    assert types["subOrganizationOf"] == ("Company", "Company")
    assert types["locatedIn"] == ("Company", "Place")


def test_each_relation_once():
    """Two mentions give two relations (extraction merges them by entity), but one pair of spans gives one."""
    norm = normalise("市公安局深入开展“昆仑2024”等专项行动,市公安局还开展“昆仑2024”等专项行动。").text
    rels = pipeline.run(norm, JINAN)._.zhichan_relations
    keys = [(s, p, o) for s, p, o, _, _ in rels]
    assert len(keys) == len(set(keys))
    organised = sorted((s[0], o[0]) for s, p, o in keys if p == "organizedBy")
    assert organised == [(8, 0), (29, 22)]


@pytest.mark.parametrize("text,present,absent_predicate", [
    ("西安银行向陕西某新材料有限公司发放知识产权质押贷款500万元。",
     ("陕西某新材料有限公司", "fundedBy", "西安银行"), None),
    ("宜昌某化工有限公司是一家起源于宜昌市的高新技术企业。", ("宜昌某化工有限公司", "locatedIn", "宜昌市"), None),
    ("武汉某光电有限公司位于武汉市东湖新技术开发区。",
     ("武汉某光电有限公司", "locatedIn", "武汉市东湖新技术开发区"), None),
    ("市知识产权局下设市知识产权保护中心。", ("市知识产权保护中心", "subOrganizationOf", "市知识产权局"), None),
    # a zone named without its place is no named place, so nothing is located in it
    ("成都某软件有限公司位于高新区,专注工业软件研发。", None, "locatedIn"),
])
def test_more_sentence_structures(text, present, absent_predicate):
    found = triples(text)
    if present:
        assert present in found
    if absent_predicate:
        assert not [t for t in found if t[1] == absent_predicate and "高新区" == t[2]]


@pytest.mark.parametrize("text,expected", [
    ("安徽某医疗器械股份有限公司获得建设银行合肥分行提供的3000万元知识产权质押贷款。",
     ("安徽某医疗器械股份有限公司", "fundedBy", "建设银行合肥分行")),
    ("合肥某新能源科技有限公司获得徽商银行授信5000万元。", ("合肥某新能源科技有限公司", "fundedBy", "徽商银行")),
    # the lender offers the product, not the firm that borrows it
    ("中国银行安徽省分行向芜湖某机器人有限公司投放“科技贷”800万元。", ("“科技贷”", "offeredBy", "中国银行安徽省分行")),
])
def test_funding_phrasings(text, expected):
    assert expected in triples(text)


def test_a_fund_paid_with_is_not_a_program_the_body_runs():
    """以Y为引领 makes the body run Y; 以Y…出资 only names what it pays with."""
    paid = triples("省财政厅以省级文化产业引导资金800万元出资,设立知识产权运营基金。")
    assert not [t for t in paid if t[0] == "省级文化产业引导资金" and t[1] == "organizedBy"]
    led = triples("市知识产权局以“知惠行”专项行动为引领,服务企业融资。")
    assert ("“知惠行”专项行动", "organizedBy", "市知识产权局") in led


def test_a_borrower_does_not_offer_the_product():
    assert ("“科技贷”", "offeredBy", "芜湖某机器人有限公司") not in triples(
        "中国银行安徽省分行向芜湖某机器人有限公司投放“科技贷”800万元。")


def test_investors_of_a_round():
    found = given_names("成都某芯片有限公司完成A轮融资,由蓉创投领投、锦江资本跟投。",
                        {"成都某芯片有限公司": ("Company", None), "蓉创投": ("Company", None), "锦江资本": ("Company", None)})
    assert {("成都某芯片有限公司", "fundedBy", "蓉创投"), ("成都某芯片有限公司", "fundedBy", "锦江资本")} <= found


def test_a_subordinate_customs_office():
    """X海关隶属Y海关: Y is a subordinate office of X (the names are given: the rule alone is tested)."""
    found = given_names("乌鲁木齐海关隶属霍尔果斯海关查获侵权货物。",
                        {"乌鲁木齐海关": ("Agency", "Customs"), "霍尔果斯海关": ("Agency", "Customs")})
    assert ("霍尔果斯海关", "subOrganizationOf", "乌鲁木齐海关") in found


def test_part_of_and_countersigning():
    found = triples("郑州海关所属郑州机场海关查获侵权货物。郑州市中级人民法院与市市场监管局会签《关于商标侵权案件移送的实施办法》。")
    assert ("郑州机场海关", "subOrganizationOf", "郑州海关") in found
    assert {("《关于商标侵权案件移送的实施办法》", "signatory", "郑州市中级人民法院"),
            ("《关于商标侵权案件移送的实施办法》", "signatory", "市市场监管局")} <= found


# ---------------------------------------------------------------- rule families written for these tests

@pytest.mark.parametrize("text,expected", [
    # a loan received, in each phrasing
    ("建设银行湘潭分行为湘潭某电机股份有限公司授信2亿元。", ("湘潭某电机股份有限公司", "fundedBy", "建设银行湘潭分行")),
    ("长沙某电子有限公司通过华融湘江银行长沙分行获得知识产权质押贷款800万元。",
     ("长沙某电子有限公司", "fundedBy", "华融湘江银行长沙分行")),
    ("株洲某材料有限公司与长沙银行株洲分行签订知识产权质押贷款合同,金额500万元。",
     ("株洲某材料有限公司", "fundedBy", "长沙银行株洲分行")),
    ("长沙银行株洲分行与株洲某材料有限公司签订知识产权质押贷款合同。", ("株洲某材料有限公司", "fundedBy", "长沙银行株洲分行")),
    # 向企业: the pronoun points back to the firm of the sentence before
    ("岳阳某纸业有限公司拥有多项造纸专利。为缓解资金压力,交通银行岳阳分行以企业专利为质押物,向企业精准投放了1500万元贷款。",
     ("岳阳某纸业有限公司", "fundedBy", "交通银行岳阳分行")),
])
def test_loan_phrasings(text, expected):
    assert expected in triples(text, HUNAN)


HUNAN = {"city": "长沙市", "province": "湖南省", "district": None, "year": "2025"}


def test_a_contract_between_two_firms_is_no_loan():
    assert not [t for t in triples("株洲某材料有限公司与湘潭某电机股份有限公司签订技术合作合同。", HUNAN) if t[1] == "fundedBy"]


def test_programs_listed_after_an_organised_one_share_its_organiser():
    found = triples("市公安局组织开展“秋风2025”专项行动,网络渠道“清源行动”,以及“护苗行动”。")
    assert {("“秋风2025”专项行动", "organizedBy", "市公安局"), ("“清源行动”", "organizedBy", "市公安局"),
            ("“护苗行动”", "organizedBy", "市公安局")} <= found


def test_a_program_after_another_verb_is_not_listed():
    found = triples("市公安局组织开展“秋风2025”专项行动,获评“平安之星”称号。")
    assert ("“平安之星”", "organizedBy", "市公安局") not in found


def test_signatories_stand_in_the_clause_of_the_verb():
    found = triples("市税务局建立与市公安局的协作机制,推动市科技局与市税务局签署《科技税务合作备忘录》。")
    assert {("《科技税务合作备忘录》", "signatory", "市科技局"), ("《科技税务合作备忘录》", "signatory", "市税务局")} <= found
    assert ("《科技税务合作备忘录》", "signatory", "市公安局") not in found


def test_an_issuer_that_leads_and_a_partner_it_joins():
    found = triples("市科技局牵头建立协作机制,联合市财政局印发《济南市科技金融结合实施办法》。")
    assert {("《济南市科技金融结合实施办法》", "issuedBy", "市财政局"),
            ("《济南市科技金融结合实施办法》", "issuedBy", "市科技局")} <= found


def test_a_legal_form_does_not_make_a_part():
    found = triples("山东某重工集团与山东某重工集团有限公司签约。")
    assert not [t for t in found if t[1] == "subOrganizationOf"]


# ---------------------------------------------------------------- relations a resolved name states (implied.py)

def extract(tmp_path, text: str):
    from zhichan.document import read_document
    from zhichan.extraction import extract_text

    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    info, original = read_document(path)
    x = extract_text(info, original)
    label = {e.key: e.label for e in x.entities}
    return {(label[r.subject], r.predicate.value, label[r.object]) for r in x.relations}, x


def test_a_body_named_after_a_place_of_the_document_is_located_there(tmp_path):
    found, _ = extract(tmp_path, "甘肃省知识产权工作情况\n甘肃省人民政府新闻办公室召开发布会,介绍甘肃省知识产权保护成效。")
    assert ("甘肃省人民政府新闻办公室", "locatedIn", "甘肃省") in found


def test_a_body_whose_name_extends_another_is_part_of_it(tmp_path):
    found, _ = extract(tmp_path, "贵州银行支持科技企业\n贵州银行推出“黔知贷”。贵州银行遵义分行当年发放贷款3亿元。")
    assert ("贵州银行遵义分行", "subOrganizationOf", "贵州银行") in found
    assert ("贵州银行遵义分行", "locatedIn", "遵义市") in found


def test_a_branch_lies_where_its_own_part_says(tmp_path):
    """泉州银行厦门分行: 泉州 is where the parent bank is; the branch is in 厦门 only."""
    found, _ = extract(tmp_path, "泉州银行支持科技企业\n泉州银行厦门分行为厦门某光电有限公司发放贷款。")
    assert ("泉州银行", "locatedIn", "泉州市") in found
    assert ("泉州银行厦门分行", "locatedIn", "厦门市") in found
    assert ("泉州银行厦门分行", "locatedIn", "泉州市") not in found


def test_a_joint_document_title_names_its_issuers(tmp_path):
    text = "吉林省知识产权工作\n会上发布了《吉林省高级人民法院 吉林省市场监督管理局关于加强知识产权协同保护的意见》。"
    found, _ = extract(tmp_path, text)
    title = "《吉林省高级人民法院 吉林省市场监督管理局关于加强知识产权协同保护的意见》"
    assert {(title, "issuedBy", "吉林省高级人民法院"), (title, "issuedBy", "吉林省市场监督管理局")} <= found


def test_implied_relations_cite_the_sentence_of_the_first_mention(tmp_path):
    _, x = extract(tmp_path, "甘肃省知识产权工作情况\n甘肃省人民政府新闻办公室召开发布会,介绍甘肃省知识产权保护成效。")
    rel = next(r for r in x.relations if r.rule == "name-states-place")
    assert "新闻办公室" in rel.evidence.text


# ---------------------------------------------------------------- the rule files

@pytest.fixture
def rules_copy(tmp_path):
    import shutil

    from zhichan.config import extract_dir

    root = tmp_path / "extract"
    shutil.copytree(extract_dir(), root)
    return root


def _edit(path, change):
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.mark.parametrize("file,change,code,key", [
    ("organizedBy.json", lambda d: d.update(awarded_by="被([^,]{2,24}评为"), "E203", "awarded_by"),
    ("fundedBy.json", lambda d: d["lend_to"].update(verbs=[]), "E221", "verbs"),
    ("locatedIn.json", lambda d: d.update(object_types=["Region"]), "E221", "object_types"),
    ("offeredBy.json", lambda d: d.update(lenders=["Bank"]), "E222", "lenders"),
    ("signatory.json", lambda d: d.update(predicate="issuedBy"), "E220", "predicate"),
    ("context.json", lambda d: d["pronouns"].update({"该所": "Agency"}), "E221", "该所"),
])
def test_a_malformed_relation_rule_names_its_file_and_line(rules_copy, file, change, code, key):
    from zhichan.errors import RuleError
    from zhichan.rules import load_rules

    path = rules_copy / "relations" / file
    _edit(path, change)
    with pytest.raises(RuleError) as err:
        load_rules(rules_copy)
    e = err.value
    assert e.code == code and str(path) in str(e) and "fix:" in str(e), str(e)
    assert e.line is not None and f'"{key}"' in path.read_text(encoding="utf-8").splitlines()[e.line - 1]


def test_a_missing_relation_file_is_named(rules_copy):
    from zhichan.errors import RuleError
    from zhichan.rules import load_rules

    (rules_copy / "relations" / "locatedIn.json").unlink()
    with pytest.raises(RuleError) as err:
        load_rules(rules_copy)
    assert err.value.code == "E201" and "locatedIn.json" in str(err.value)


def test_the_rules_folder_given_is_the_one_used(rules_copy):
    """A verb added to a copy of subOrganizationOf.json makes a part only when that copy is used."""
    _edit(rules_copy / "relations" / "subOrganizationOf.json", lambda d: d["verbs"].append("筹建"))
    norm = normalise("山东大学筹建济南知识产权研究院。").text

    def parts(rules_dir):
        doc = pipeline.run(norm, JINAN, str(rules_dir) if rules_dir else None)
        return [p for _, p, _, _, _ in doc._.zhichan_relations if p == "subOrganizationOf"]

    assert parts(rules_copy) and not parts(None)


def test_an_unnamed_agreement_takes_no_party():
    found = triples("市知识产权局与齐鲁银行签署战略合作协议。")
    assert not [t for t in found if t[1] == "signatory"]


def test_a_letter_of_intent_is_no_loan():
    found = triples("齐鲁银行与济南某仪器有限公司签订知识产权质押融资意向合同。")
    assert not [t for t in found if t[1] == "fundedBy"]


def test_a_leader_in_an_earlier_clause_issues_with_the_partner_it_joins():
    found = triples("为加快科技成果转化,市科技局牵头建立协作机制,联合市财政局印发《济南市科技成果转化资助办法》。")
    assert {("《济南市科技成果转化资助办法》", "issuedBy", "市科技局"),
            ("《济南市科技成果转化资助办法》", "issuedBy", "市财政局")} <= found


def test_a_place_in_brackets_locates_the_firm(tmp_path):
    found, _ = extract(tmp_path, "宜宾市企业融资情况\n宜宾市推动企业融资。某能源科技(宜宾)有限公司获得授信。")
    assert ("某能源科技(宜宾)有限公司", "locatedIn", "宜宾市") in found


@pytest.mark.parametrize("text,expected", [
    ("《济南市专利导航项目管理办法》由市市场监管局与市财政局联合制定。",
     {("《济南市专利导航项目管理办法》", "issuedBy", "市市场监管局"), ("《济南市专利导航项目管理办法》", "issuedBy", "市财政局")}),
    ("《知识产权快速协同保护备忘录》由市知识产权局和市公安局共同签署。",
     {("《知识产权快速协同保护备忘录》", "signatory", "市知识产权局"), ("《知识产权快速协同保护备忘录》", "signatory", "市公安局")}),
    ("济南某生物科技有限公司从恒丰银行济南分行获得知识产权质押贷款600万元。",
     {("济南某生物科技有限公司", "fundedBy", "恒丰银行济南分行")}),
    ("济南市知识产权保护中心是济南市市场监督管理局下属事业单位。",
     {("济南市知识产权保护中心", "subOrganizationOf", "济南市市场监督管理局")}),
    ("浦发银行济南分行授信济南某光电有限公司2亿元。", {("济南某光电有限公司", "fundedBy", "浦发银行济南分行")}),
    ("齐鲁银行对济南某光电有限公司发放知识产权质押贷款。", {("济南某光电有限公司", "fundedBy", "齐鲁银行")}),
    ("济南某光电有限公司获齐鲁银行授信3000万元。", {("济南某光电有限公司", "fundedBy", "齐鲁银行")}),
    ("齐鲁银行给予济南某光电有限公司3000万元授信。", {("济南某光电有限公司", "fundedBy", "齐鲁银行")}),
])
def test_passive_belonging_and_more_loan_phrasings(text, expected):
    got = triples(text)
    assert expected <= got, f"missing {expected - got}; found {got}"


def given_names(text, names):
    """Relations the finder draws from ``text`` when the names are given (type, kind): the rules alone."""
    from zhichan.components.entities import Candidate
    from zhichan.components.relations import RelationFinder
    from zhichan.models import EntityType
    from zhichan.rules import cached_rules

    cands = []
    for name, (type_, kind) in names.items():
        i = text.index(name)
        cands.append(Candidate(i, i + len(name), EntityType(type_), kind, "test", text=name, sent_start=0))
    rels = RelationFinder(cached_rules()).find(text, [(0, len(text))], cands)
    return {(s.text, p, o.text) for s, p, o, _, _ in rels}


@pytest.mark.parametrize("text,names,expected", [
    # 隶属于: the part comes first (the name finder does not yet stop a name at 隶属于, so the names are given)
    ("泉城知识产权运营中心隶属于济南市市场监督管理局。",
     {"泉城知识产权运营中心": ("Organization", None), "济南市市场监督管理局": ("Agency", None)},
     ("泉城知识产权运营中心", "subOrganizationOf", "济南市市场监督管理局")),
    ("济南某仪表有限公司通过齐鲁银行济南高新支行获得知识产权质押贷款。",
     {"济南某仪表有限公司": ("Company", None), "齐鲁银行济南高新支行": ("Company", "BankBranch")},
     ("济南某仪表有限公司", "fundedBy", "齐鲁银行济南高新支行")),
])
def test_rules_given_the_names(text, names, expected):
    assert expected in given_names(text, names)


def test_an_event_held_in_a_place_is_located_there():
    found = triples("市文化和旅游局会同市公安局在历下区组织开展了“清风2025”集中销毁活动。")
    # the program is the quoted code name or the activity it names (both readings are names: ANNOTATION rule 1)
    program = next(s for s, p, o in found if s.startswith("“清风2025”") and p == "locatedIn")
    assert (program, "locatedIn", "历下区") in found
    assert {o for s, p, o in found if s == program and p == "organizedBy"} & {"市公安局", "市文化和旅游局"}


def test_a_leader_in_an_earlier_clause_organises_with_the_partners_it_joins():
    found = triples("市知识产权局牵头,联合市公安局、市检察院开展“净网2025”专项行动。")
    assert {("“净网2025”专项行动", "organizedBy", b) for b in ("市知识产权局", "市公安局", "市检察院")} <= found


def test_a_date_before_the_actor_does_not_hide_it():
    """6月6日,X召开会议。发布《…》: the date opens the sentence, X is still its actor and is carried on."""
    found = triples("6月6日,市知识产权局召开新闻发布会。会上发布《济南市知识产权质押融资管理办法》。")
    assert ("《济南市知识产权质押融资管理办法》", "issuedBy", "市知识产权局") in found


def test_a_second_name_in_brackets_is_not_a_part(tmp_path):
    from zhichan.implied import Implied
    from zhichan.models import Entity
    from zhichan.rules import cached_rules

    a = Entity(key="Agency:a", type="Agency", label="市场监管局", aliases=["市场监管局"])
    b = Entity(key="Agency:b", type="Agency", label="市场监管局(知识产权局)", aliases=["市场监管局(知识产权局)"])
    c = Entity(key="Agency:c", type="Agency", label="市场监管局稽查支队", aliases=["市场监管局稽查支队"])
    parts = Implied(cached_rules())._parents([a, b, c])
    assert [(x.key, y.key) for x, y, _ in parts] == [("Agency:c", "Agency:a")]


def test_a_customs_office_that_belongs_to_another_found_from_text():
    """隶属于 ends the first name, so both offices are found and the second is the whole."""
    assert ("黄石海关", "subOrganizationOf", "襄阳海关") in triples("黄石海关隶属于襄阳海关,今年查获侵权货物。")


@pytest.mark.parametrize("text", [
    "人保财险南平分公司为南平某茶业有限公司提供风险保障300万元。",
    "太平洋产险向莆田某鞋业有限公司提供保险服务。",
])
def test_cover_and_services_are_no_funding(text):
    """What an insurer or a service centre gives (风险保障, 保险服务) is no loan or investment."""
    assert not [t for t in triples(text) if t[1] == "fundedBy"]


# ------------------------------------------------------------------------- families found on unseen passages
SHAOXING = {"city": "绍兴市", "province": "浙江省", "district": None, "year": "2024"}


@pytest.mark.parametrize("text,expected", [
    # a pronoun that opens a clause acts like the body it points back to
    ("绍兴市中级人民法院召开新闻发布会。该院与绍兴市市场监督管理局签署《知识产权纠纷诉调对接备忘录》。",
     {("《知识产权纠纷诉调对接备忘录》", "signatory", "绍兴市中级人民法院"),
      ("《知识产权纠纷诉调对接备忘录》", "signatory", "绍兴市市场监督管理局")}),
    # 该行 inside a clause is the lender named before
    ("瑞丰银行推出“知易贷”。绍兴某纺织有限公司以专利作质押,获得该行授信800万元。",
     {("绍兴某纺织有限公司", "fundedBy", "瑞丰银行")}),
    # adverbs before the joining word: X还将联合Y开展Z
    ("瑞丰银行推出“知易贷”。该行还将联合绍兴市市场监督管理局开展“知惠万家”专项活动。",
     {("“知惠万家”专项活动", "organizedBy", "瑞丰银行"), ("“知惠万家”专项活动", "organizedBy", "绍兴市市场监督管理局")}),
    ("绍兴市市场监督管理局将联合绍兴市公安局开展“清源”专项行动。",
     {("“清源”专项行动", "organizedBy", "绍兴市市场监督管理局"), ("“清源”专项行动", "organizedBy", "绍兴市公安局")}),
    # the body of an earlier clause (a co-signer) did not set up the tribunal: the sentence's actor did
    ("绍兴市中级人民法院与绍兴海关签署《知识产权协同保护框架协议》,并在柯桥区设立知识产权巡回审判庭。",
     {("知识产权巡回审判庭", "subOrganizationOf", "绍兴市中级人民法院"), ("知识产权巡回审判庭", "locatedIn", "柯桥区")}),
])
def test_pronouns_adverbs_and_clause_actors(text, expected):
    got = triples(text, SHAOXING)
    assert expected <= got, f"missing {expected - got}; found {got}"


@pytest.mark.parametrize("text,wrong", [
    ("绍兴市中级人民法院与绍兴海关签署《知识产权协同保护框架协议》,并在柯桥区设立知识产权巡回审判庭。",
     ("知识产权巡回审判庭", "subOrganizationOf", "绍兴海关")),
    # 了解该公司情况: a pronoun inside a clause is no actor (and not a lender)
    ("绍兴某五金有限公司是高新技术企业。瑞丰银行柯桥支行在了解该公司情况后,为其发放贷款300万元。",
     ("绍兴某五金有限公司", "fundedBy", "绍兴某五金有限公司")),
])
def test_pronouns_and_partners_are_not_misread(text, wrong):
    assert wrong not in triples(text, SHAOXING)


def test_the_firm_a_pronoun_points_to_borrows(tmp_path):
    found, _ = extract(tmp_path, "绍兴某五金有限公司是高新技术企业。瑞丰银行柯桥支行在了解该公司情况后,为其发放贷款300万元。")
    assert ("绍兴某五金有限公司", "fundedBy", "瑞丰银行柯桥支行") in found


def test_a_branch_and_its_declared_short_name(tmp_path):
    """X股份有限公司Y分公司(简称“Z”) … Z: the short name written again is the branch, and the full legal name
    inside the branch's name is its parent firm, not another name of the branch."""
    found, x = extract(tmp_path, "日前,中国大地财产保险股份有限公司绍兴分公司(以下简称“大地保险绍兴分公司”)推出新险种。\n"
                                 "大地保险绍兴分公司总经理沈立明表示,将扩大服务。\n")
    firms = {e.label: e.aliases for e in x.entities if e.type.value == "Company"}
    branch = next(label for label in firms if label.endswith("分公司"))
    assert "大地保险绍兴分公司" in {a.strip("“”") for a in firms[branch]}
    assert "中国大地财产保险股份有限公司" in firms, firms
    assert (branch, "subOrganizationOf", "中国大地财产保险股份有限公司") in found


def test_a_pronoun_in_the_sentence_of_a_branch_is_the_branch():
    """记者从甲银行乙分行获悉,该行…: 该行 is the branch named in full, not the parent bank inside its name."""
    found = triples("记者近日从华夏银行绵阳分行获悉,截至9月末,该行创新推出“科技知产贷”,单户最高授信1000万元。")
    assert ("“科技知产贷”", "offeredBy", "华夏银行绵阳分行") in found
    assert ("“科技知产贷”", "offeredBy", "华夏银行") not in found


@pytest.mark.parametrize("text,expected", [
    ("由江西省知识产权局主办、九江市市场监督管理局承办的第三届赣北专利转化对接会开幕。",
     {("第三届赣北专利转化对接会", "organizedBy", "江西省知识产权局"),
      ("第三届赣北专利转化对接会", "organizedBy", "九江市市场监督管理局")}),
    ("由宜昌市知识产权局主办,三峡大学承办,宜昌市专利代理协会协办的2024宜昌知识产权运营大会开幕。",
     {("宜昌知识产权运营大会", "organizedBy", "宜昌市知识产权局"),
      ("宜昌知识产权运营大会", "organizedBy", "三峡大学"),
      ("宜昌知识产权运营大会", "organizedBy", "宜昌市专利代理协会")}),
])
def test_bodies_each_with_a_role_all_organise_the_event(text, expected):
    """由X主办、Y承办(、Z协办)的W: every body followed by its role runs W, not only the one nearest to it."""
    found = triples(text)
    assert expected <= found, found


def test_an_event_written_before_its_place_is_held_there():
    """W在P举办 / W于P召开: the event takes place in P."""
    found = triples("2024赣州知识产权金融博览会在赣州市隆重举办。第五届长株潭知识产权论坛于株洲市召开。")
    assert ("赣州知识产权金融博览会", "locatedIn", "赣州市") in found, found
    assert ("第五届长株潭知识产权论坛", "locatedIn", "株洲市") in found, found


LUOYANG = {"city": "洛阳市", "province": "河南省", "district": None, "year": "2025"}


def test_a_pronoun_points_to_the_body_its_head_names():
    """该院 after a court's tribunal is the court (named inside the tribunal's name), 该分行 the branch, 该分公司
    the insurer's branch: the body whose name ends in the pronoun's head, not merely the last one of its class."""
    found = triples("洛阳市中级人民法院知识产权审判庭审结案件1800件。该院与洛阳市市场监督管理局联合印发"
                    "《关于知识产权纠纷多元化解的实施意见》。", LUOYANG)
    assert ("《关于知识产权纠纷多元化解的实施意见》", "issuedBy", "洛阳市中级人民法院") in found, found
    assert ("《关于知识产权纠纷多元化解的实施意见》", "issuedBy", "洛阳市中级人民法院知识产权审判庭") not in found
    found = triples("中原银行洛阳分行成立于2012年。该分行已向洛阳某轴承有限公司发放贷款600万元。", LUOYANG)
    assert ("洛阳某轴承有限公司", "fundedBy", "中原银行洛阳分行") in found, found
    found = triples("人保财险洛阳市分公司为企业提供风险保障。该分公司联合洛阳市市场监督管理局开展“知识产权保险进园区”活动。",
                    LUOYANG)
    assert ("“知识产权保险进园区”活动", "organizedBy", "人保财险洛阳市分公司") in found, found


LIUZHOU = {"city": "柳州市", "province": "广西壮族自治区", "district": None, "year": "2025"}


@pytest.mark.parametrize("text,party", [
    ("柳州海关深入开展“龙舟护航”专项行动,并与柳州市公安局签订《知识产权执法协作备忘录》。", "柳州海关"),
    ("2024年,柳州海关查扣侵权货物120批次,同时与柳州市公安局签署《知识产权执法协作备忘录》。", "柳州海关"),
])
def test_the_body_leading_the_sentence_signs_with_the_partner_of_a_later_clause(text, party):
    """X开展…,并与Y签订《…》: a clause opening with a joining word (adverbs before it) adds the sentence's actor."""
    found = triples(text, LIUZHOU)
    assert {("《知识产权执法协作备忘录》", "signatory", party),
            ("《知识产权执法协作备忘录》", "signatory", "柳州市公安局")} <= found, found


def test_a_later_clause_with_its_own_parties_signs_without_the_sentences_actor():
    found = triples("柳州海关查扣侵权货物120批次,桂林市公安局与柳州市公安局签署《知识产权执法协作备忘录》。", LIUZHOU)
    assert ("《知识产权执法协作备忘录》", "signatory", "柳州海关") not in found, found
    assert ("《知识产权执法协作备忘录》", "signatory", "桂林市公安局") in found, found


JINGDEZHEN = {"city": "景德镇市", "province": "江西省", "district": None, "year": "2025"}


@pytest.mark.parametrize("text,lenders,not_lenders", [
    # the bank leading the chain lends; the guarantor it is joined to backs the loan
    ("景德镇农商银行联合江西省融资担保集团,为景德镇某陶瓷有限公司发放专利权质押贷款900万元。",
     {"景德镇农商银行"}, {"江西省融资担保集团"}),
    ("景德镇农商银行与景德镇某担保有限公司合作,向景德镇某陶瓷有限公司发放贷款300万元。",
     {"景德镇农商银行"}, {"景德镇某担保有限公司"}),
    # two banks joined: both lend
    ("景德镇农商银行与交通银行景德镇分行联合为景德镇某陶瓷有限公司提供银团贷款1.5亿元。",
     {"景德镇农商银行", "交通银行景德镇分行"}, set()),
    # a guarantee is no loan
    ("江西省融资担保集团为景德镇某陶瓷有限公司提供融资担保800万元。", set(), {"江西省融资担保集团"}),
    # the lead bank of a clause before (X作为牵头行,联合Y为Z…) lends with the bank it joins, not with a guarantor
    ("景德镇农商银行作为牵头行,联合交通银行景德镇分行为景德镇某陶瓷有限公司提供银团贷款2亿元。",
     {"景德镇农商银行", "交通银行景德镇分行"}, set()),
    ("景德镇农商银行作为主办行,联合江西省融资担保集团为景德镇某陶瓷有限公司发放贷款500万元。",
     {"景德镇农商银行"}, {"江西省融资担保集团"}),
    ("景德镇市市场监督管理局牵头,联合景德镇农商银行为景德镇某陶瓷有限公司发放贷款500万元。",
     {"景德镇农商银行"}, set()),
])
def test_a_guarantor_joined_to_a_lender_does_not_lend(text, lenders, not_lenders):
    found = {o for s, p, o in triples(text, JINGDEZHEN) if p == "fundedBy" and s == "景德镇某陶瓷有限公司"}
    assert lenders <= found and not (not_lenders & found), found


@pytest.mark.parametrize("text,expected", [
    ("“瓷知贷”是景德镇农商银行推出的知识产权质押融资产品。", {("“瓷知贷”", "offeredBy", "景德镇农商银行")}),
    ("“瓷知贷”由景德镇农商银行推出,单户最高授信500万元。", {("“瓷知贷”", "offeredBy", "景德镇农商银行")}),
    ("“瓷知贷”是一款由景德镇农商银行与景德镇市市场监督管理局联合推出的产品。",
     {("“瓷知贷”", "offeredBy", "景德镇农商银行")}),
])
def test_a_product_that_opens_the_sentence_is_offered_by_the_lender_after_it(text, expected):
    found = triples(text, JINGDEZHEN)
    assert expected <= found, found


def test_a_lender_after_another_verb_offers_no_product_that_opens_the_sentence():
    found = triples("“瓷知贷”首批贷款发放仪式上,景德镇农商银行与景德镇某陶瓷有限公司签约。", JINGDEZHEN)
    assert not {t for t in found if t[1] == "offeredBy"}, found


@pytest.mark.parametrize("text,expected", [
    ("萍乡市人大常委会审议通过《萍乡市知识产权保护条例》。",
     {("《萍乡市知识产权保护条例》", "issuedBy", "萍乡市人大常委会")}),
    ("《萍乡市知识产权保护条例》经萍乡市人大常委会审议通过,自2025年3月1日起施行。",
     {("《萍乡市知识产权保护条例》", "issuedBy", "萍乡市人大常委会")}),
    ("《萍乡市专利资助办法》已经萍乡市人民政府常务会议审议通过。",
     {("《萍乡市专利资助办法》", "issuedBy", "萍乡市人民政府")}),
])
def test_a_law_adopted_by_a_legislature_or_a_government_meeting_is_issued_by_it(text, expected):
    found = triples(text, JINGDEZHEN)
    assert expected <= found, found


@pytest.mark.parametrize("text", [
    "《萍乡市专利资助办法》经过专家论证后出台。",
    # a body that reviewed the text before another issued it is no issuer
    "《萍乡市专利资助办法》经萍乡市司法局合法性审查后印发。",
])
def test_a_review_by_others_issues_nothing(text):
    found = triples(text, JINGDEZHEN)
    assert not {t for t in found if t[1] == "issuedBy"}, found


@pytest.mark.parametrize("text,expected,wrong", [
    # the giver before an active giving verb runs the honour; the firm after it is no part of the giver's name
    ("萍乡市人民政府授予萍乡某电瓷有限公司“萍乡市市长质量奖”。",
     {("“萍乡市市长质量奖”", "organizedBy", "萍乡市人民政府")}, ("“萍乡市市长质量奖”", "organizedBy", "萍乡某电瓷有限公司")),
    # the firm received it: it runs nothing
    ("萍乡某电瓷有限公司获授予“萍乡市市长质量奖”。", set(), ("“萍乡市市长质量奖”", "organizedBy", "萍乡某电瓷有限公司")),
])
def test_the_giver_of_an_honour_runs_it(text, expected, wrong):
    found = triples(text, JINGDEZHEN)
    assert expected <= found and wrong not in found, found
    assert not any("授予" in s or "授予" in o for s, _, o in found), found


def test_two_actions_of_one_kind_joined_by_a_conjunction_are_two_programs():
    """“甲”行动和“乙”专项行动: 行动 ends 专项行动, so these are two actions, each run by the body, not one list."""
    found = triples("萍乡市市场监督管理局组织开展了“清风”行动和“双打”专项行动。", JINGDEZHEN)
    assert {("“清风”行动", "organizedBy", "萍乡市市场监督管理局"),
            ("“双打”专项行动", "organizedBy", "萍乡市市场监督管理局")} <= found, found


@pytest.mark.parametrize("text,expected", [
    ("位于安源区的萍乡某电瓷有限公司获得萍乡农商银行授信600万元。", ("萍乡某电瓷有限公司", "locatedIn", "安源区")),
    ("落户萍乡经济技术开发区的萍乡某新能源有限公司获评专精特新企业。",
     ("萍乡某新能源有限公司", "locatedIn", "萍乡经济技术开发区")),
    # the firm before the verb, when no body follows the mark
    ("萍乡某电瓷有限公司是一家位于湘东区的高新技术企业。", ("萍乡某电瓷有限公司", "locatedIn", "湘东区")),
])
def test_a_place_phrase_before_a_name_locates_the_body(text, expected):
    found = triples(text, JINGDEZHEN)
    assert expected in found, found


@pytest.mark.parametrize("text,expected", [
    ("太平财险常州中心支公司联合常州市知识产权保护中心推出“龙城知保”海外知识产权侵权责任保险。",
     {("“龙城知保”", "offeredBy", "太平财险常州中心支公司")}),
    ("太平财险常州中心支公司推出“龙城知保”综合险,已为86家企业承保。",
     {("“龙城知保”", "offeredBy", "太平财险常州中心支公司")}),
])
def test_a_quoted_insurance_named_with_its_cover_is_the_insurers_product(text, expected):
    """“X”…责任保险 / “X”综合险: the quoted name before a kind of insurance is a product its insurer offers."""
    found = triples(text, JINGDEZHEN)
    assert expected <= found, found


def test_a_quoted_model_before_an_insurance_business_is_no_product():
    found = triples("“政银保”合作模式下的知识产权质押融资保险业务持续扩面。", JINGDEZHEN)
    assert not found, found


@pytest.mark.parametrize("text,expected", [
    ("江南银行旗下常州江南金融租赁有限公司为常州某化工有限公司提供融资租赁服务。",
     ("常州江南金融租赁有限公司", "subOrganizationOf", "江南银行")),
    ("交通银行常州分行下辖的天宁支行为常州某化工有限公司发放贷款300万元。",
     ("天宁支行", "subOrganizationOf", "交通银行常州分行")),
])
def test_a_body_under_another_is_its_part(text, expected):
    """X旗下Y, X下辖(的)Y: Y is a part of X, and the word ends X's name on the left of Y."""
    found = triples(text, JINGDEZHEN)
    assert expected in found, found


@pytest.mark.parametrize("text,expected,wrong", [
    ("萍乡某软件有限公司为萍乡某电瓷有限公司提供技术服务。", set(),
     ("萍乡某电瓷有限公司", "fundedBy", "萍乡某软件有限公司")),
    ("萍乡某投资有限公司为萍乡某电瓷有限公司提供融资支持2000万元。",
     {("萍乡某电瓷有限公司", "fundedBy", "萍乡某投资有限公司")}, None),
    ("萍乡某投资有限公司向萍乡某电瓷有限公司投资3000万元。",
     {("萍乡某电瓷有限公司", "fundedBy", "萍乡某投资有限公司")}, None),
])
def test_a_firm_that_is_no_lender_funds_only_what_the_clause_calls_money(text, expected, wrong):
    found = triples(text, JINGDEZHEN)
    assert expected <= found and wrong not in found, found


@pytest.mark.parametrize("text,expected", [
    ("本次“知识产权进园区”活动由萍乡市市场监督管理局主办,萍乡农商银行承办。",
     {("“知识产权进园区”活动", "organizedBy", "萍乡市市场监督管理局"),
      ("“知识产权进园区”活动", "organizedBy", "萍乡农商银行")}),
    ("“萍乡知识产权护航”专项行动由萍乡市知识产权局和萍乡市公安局联合开展。",
     {("“萍乡知识产权护航”专项行动", "organizedBy", "萍乡市知识产权局"),
      ("“萍乡知识产权护航”专项行动", "organizedBy", "萍乡市公安局")}),
])
def test_a_program_run_by_the_bodies_after_a_passive_marker(text, expected):
    """“X”活动由Y主办,Z承办 / 由Y和Z联合开展: each body followed by its organising verb or role runs X."""
    found = triples(text, JINGDEZHEN)
    assert expected <= found, found


@pytest.mark.parametrize("text,expected,wrong", [
    ("近日,安宁市人民政府办公室印发《安宁市知识产权质押融资风险补偿基金管理办法》,拓宽企业融资渠道。",
     {("《安宁市知识产权质押融资风险补偿基金管理办法》", "issuedBy", "安宁市人民政府办公室")},
     "安宁市知识产权质押融资风险补偿基金"),
    ("锦程银行出台《“锦程科创贷”业务管理办法》。",
     set(), "“锦程科创贷”"),
    # guard: the fund named outside the title is the body's
    ("安宁市人民政府设立安宁市知识产权质押融资风险补偿基金,并印发《安宁市知识产权质押融资风险补偿基金管理办法》。",
     {("安宁市知识产权质押融资风险补偿基金", "organizedBy", "安宁市人民政府")}, None),
])
def test_a_thing_named_only_inside_a_title_takes_no_relation_from_the_sentence(text, expected, wrong):
    """印发《X基金管理办法》: the verb acts on the policy; the fund (or product) inside its title gets no organiser."""
    found = triples(text, JINGDEZHEN)
    assert expected <= found, found
    assert not any(s == wrong for s, _, _ in found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("今年以来,丰华银行、远川银行等金融机构相继推出“专利快贷”“智融宝”等产品。",
     {("“专利快贷”", "offeredBy", "丰华银行"), ("“专利快贷”", "offeredBy", "远川银行"),
      ("“智融宝”", "offeredBy", "丰华银行"), ("“智融宝”", "offeredBy", "远川银行")}, set()),
    ("丰华银行和远川银行联合推出“专利快贷”。",
     {("“专利快贷”", "offeredBy", "丰华银行"), ("“专利快贷”", "offeredBy", "远川银行")}, set()),
    # 分别 with as many products: one each, in order
    ("丰华银行、远川银行分别推出“专利快贷”“智融宝”。",
     {("“专利快贷”", "offeredBy", "丰华银行"), ("“智融宝”", "offeredBy", "远川银行")},
     {("“专利快贷”", "offeredBy", "远川银行"), ("“智融宝”", "offeredBy", "丰华银行")}),
    # guard: a lender of an earlier clause is no part of the list
    ("丰华银行参加了对接会,远川银行推出“专利快贷”。",
     {("“专利快贷”", "offeredBy", "远川银行")}, {("“专利快贷”", "offeredBy", "丰华银行")}),
])
def test_each_listed_lender_offers_the_products(text, expected, wrong):
    """甲银行、乙银行等相继推出“X贷”“Y融”: each listed lender offers each product (分别: one each)."""
    found = triples(text, JINGDEZHEN)
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("锦程银行为南溪某科技有限公司的供应商提供贷款5000万元。", set(),
     ("南溪某科技有限公司", "fundedBy", "锦程银行")),
    ("锦程银行向南溪某科技有限公司的上下游企业发放供应链贷款。", set(),
     ("南溪某科技有限公司", "fundedBy", "锦程银行")),
    # guard: the firm's own loan, a thing of the firm after 的
    ("锦程银行为南溪某科技有限公司的专利质押融资项目提供贷款5000万元。",
     {("南溪某科技有限公司", "fundedBy", "锦程银行")}, None),
    ("锦程银行为南溪某科技有限公司提供贷款5000万元。",
     {("南溪某科技有限公司", "fundedBy", "锦程银行")}, None),
])
def test_a_firm_whose_partners_borrow_is_not_funded(text, expected, wrong):
    """为X公司的供应商提供贷款: X only names whose suppliers borrow; no relation names the unnamed borrower."""
    found = triples(text, JINGDEZHEN)
    assert expected <= found and wrong not in found, found


@pytest.mark.parametrize("text,expected,wrong", [
    ("锦程银行向南溪某机械有限公司、南溪某食品有限公司分别发放知识产权质押贷款500万元和300万元。",
     {("南溪某机械有限公司", "fundedBy", "锦程银行"), ("南溪某食品有限公司", "fundedBy", "锦程银行")}, set()),
    ("锦程银行为南溪某机械有限公司和南溪某食品有限公司提供贷款共计800万元。",
     {("南溪某机械有限公司", "fundedBy", "锦程银行"), ("南溪某食品有限公司", "fundedBy", "锦程银行")}, set()),
    # guard: a firm of another clause borrows nothing
    ("锦程银行向南溪某机械有限公司发放贷款500万元,南溪某食品有限公司参加了签约仪式。",
     {("南溪某机械有限公司", "fundedBy", "锦程银行")}, {("南溪某食品有限公司", "fundedBy", "锦程银行")}),
])
def test_each_listed_borrower_is_funded(text, expected, wrong):
    """向A、B分别发放 / 为A和B提供贷款: every firm listed after the marker borrows."""
    found = triples(text, JINGDEZHEN)
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("在绵阳市公安局指导下,涪城分局成功破获一起假冒注册商标案。",
     {("涪城分局", "subOrganizationOf", "绵阳市公安局")}, set()),
    ("绵阳市公安局部署开展专项行动,游仙分局破获案件12起。",
     {("游仙分局", "subOrganizationOf", "绵阳市公安局")}, set()),
    # guards: peers joined by a conjunction, and a part named with its parent
    ("绵阳市市场监督管理局与涪城分局联合开展执法检查。", set(),
     {("涪城分局", "subOrganizationOf", "绵阳市市场监督管理局")}),
    ("绵阳市公安局涪城分局破获案件12起。",
     {("绵阳市公安局涪城分局", "subOrganizationOf", "绵阳市公安局")}, set()),
])
def test_a_sub_bureau_named_without_its_parent_belongs_to_the_bureau_before_it(text, expected, wrong):
    """在X市公安局指导下,Y分局…: the bare 分局 is a part of the nearest 局 before it in the sentence."""
    found = triples(text, JINGDEZHEN)
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("涪城区开展“知识产权服务进园区”活动。活动由涪城区知识产权保护中心承办,绵阳市律师协会协办。",
     {("“知识产权服务进园区”活动", "organizedBy", "涪城区知识产权保护中心"),
      ("“知识产权服务进园区”活动", "organizedBy", "绵阳市律师协会")}, set()),
    ("第三届“涪江杯”专利创新大赛日前落幕,本届大赛由绵阳市知识产权局主办。",
     {("第三届“涪江杯”专利创新大赛", "organizedBy", "绵阳市知识产权局")}, set()),  # an event keeps its edition
    # guard: a reference whose head the program's name does not end in
    ("涪城区启动“护航2025”专项行动。活动由涪城区知识产权保护中心承办。", set(),
     {("“护航2025”专项行动", "organizedBy", "涪城区知识产权保护中心")}),
])
def test_a_clause_referring_back_to_an_event_names_its_organisers(text, expected, wrong):
    """“X”活动…。活动由Y承办,Z协办: the organisers after the passive marker run the event named before."""
    found = triples(text, JINGDEZHEN)
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("锦程银行涪城支行推出“科知贷”。南溪某光电有限公司通过“科知贷”获得贷款500万元。",
     {("南溪某光电有限公司", "fundedBy", "锦程银行涪城支行")}, set()),
    # guards: a product no lender was read for, and one several lenders offer
    ("南溪某光电有限公司通过“科知贷”获得贷款500万元。", set(),
     {("南溪某光电有限公司", "fundedBy", "锦程银行涪城支行")}),
    ("锦程银行、远川银行相继推出“科知贷”。南溪某光电有限公司通过“科知贷”获得贷款500万元。", set(),
     {("南溪某光电有限公司", "fundedBy", "锦程银行"), ("南溪某光电有限公司", "fundedBy", "远川银行")}),
])
def test_a_loan_through_a_product_is_funded_by_its_lender(text, expected, wrong):
    """X通过“Y贷”获得贷款: the lender the document named for the product funds X."""
    found = triples(text, JINGDEZHEN)
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("人行柳州中心支行行长韦建华介绍,全市贷款余额增长明显。",
     {("人行柳州中心支行", "subOrganizationOf", "人行")}, set()),
    ("市工商局、人行桂林营管部联合出台《桂林市商标专用权质押贷款管理办法》。",
     {("人行桂林营管部", "subOrganizationOf", "人行"),
      ("《桂林市商标专用权质押贷款管理办法》", "issuedBy", "人行桂林营管部")}, set()),
    ("中国人民银行柳州营业管理部联合市金融局印发《柳州市知识产权质押融资指引》。",
     {("中国人民银行柳州营业管理部", "subOrganizationOf", "中国人民银行"),
      ("《柳州市知识产权质押融资指引》", "issuedBy", "中国人民银行柳州营业管理部")},
     {("《柳州市知识产权质押融资指引》", "issuedBy", "柳州营业管理部")}),
    # guard: 人行 inside an ordinary word (个人行为, 人行道) names no bank
    ("个人行为不得影响企业信用,人行道上禁止占道经营。", set(),
     {("个人行为", "subOrganizationOf", "人行")}),
])
def test_a_central_bank_office_named_with_its_short_form_is_part_of_the_central_bank(text, expected, wrong):
    """人行X中心支行, 人行X营管部, 中国人民银行X营业管理部: an office of the People's Bank is part of it."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found
    if not expected:  # the guard: no body at all
        doc = pipeline.run(normalise(text).text, LIUZHOU)
        assert not [s.text for s in doc.spans["zhichan_entities"] if s.label_ == "Agency"]


@pytest.mark.parametrize("text,expected,wrong", [
    ("4月26日,鱼峰区市场监管局在五星步行街组织开展了知识产权宣传活动。",
     {("知识产权宣传活动", "locatedIn", "五星步行街"), ("知识产权宣传活动", "organizedBy", "鱼峰区市场监管局")}, set()),
    ("当天上午,柳州市知识产权局在文化广场举行“4·26”知识产权宣传周启动仪式。",
     {("“4·26”知识产权宣传周", "locatedIn", "文化广场")}, set()),
    # guards: a square that is no venue after 在 (广场舞), and none named
    ("该公司员工在广场舞比赛中获奖。", set(), {("广场舞比赛", "locatedIn", "广场")}),
])
def test_an_event_held_at_a_street_or_square_is_located_there(text, expected, wrong):
    """在X步行街/X广场开展…活动: the street or square is a place and the event is held there."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found
    if not expected:
        doc = pipeline.run(normalise(text).text, LIUZHOU)
        assert not [s.text for s in doc.spans["zhichan_entities"] if s.label_ == "Place"]


@pytest.mark.parametrize("text,expected,wrong", [
    ("4月26日,鱼峰区市场监管局在五星步行街组织开展了知识产权宣传活动。",
     {("五星步行街", "locatedIn", "鱼峰区")}, set()),
    ("柳州市知识产权局在文化广场举行“4·26”知识产权宣传周启动仪式。",
     {("文化广场", "locatedIn", "柳州市")}, set()),
    # guards: a body whose name gives no area; a venue the gazetteer knows keeps its own place
    ("市知识产权局在文化广场举行“4·26”知识产权宣传周启动仪式。", set(),
     {("文化广场", "locatedIn", "柳州市"), ("文化广场", "locatedIn", "柳州")}),
    ("广西壮族自治区知识产权局在柳州市举行“4·26”知识产权宣传周启动仪式。", set(),
     {("柳州市", "locatedIn", "广西壮族自治区")}),
])
def test_a_venue_lies_in_the_area_of_the_body_holding_an_event_there(text, expected, wrong):
    """X区市场监管局在Y步行街开展…活动: the venue, which no gazetteer lists, lies in the area the body's name gives."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("“柳东-桂知-1期知识产权资产支持专项计划”日前获批。该产品拟发行金额5亿元,发行人为广西桂知知识产权运营有限公司,"
     "承销商为鹿寨证券股份有限公司,担保方为柳州市融资担保有限公司。",
     {("“柳东-桂知-1期知识产权资产支持专项计划”", "organizedBy", "广西桂知知识产权运营有限公司")},
     {("“柳东-桂知-1期知识产权资产支持专项计划”", "organizedBy", "鹿寨证券股份有限公司"),
      ("“柳东-桂知-1期知识产权资产支持专项计划”", "organizedBy", "柳州市融资担保有限公司")}),
    ("“融水县知识产权质押融资风险补偿基金”首期规模3000万元,基金管理人为柳州市投资控股有限公司。",
     {("“融水县知识产权质押融资风险补偿基金”", "organizedBy", "柳州市投资控股有限公司")}, set()),
    # guard: an event is no plan a manager runs
    ("柳州市知识产权局开展“知识产权服务进园区”活动,管理人为柳州市专利代理有限公司。", set(),
     {("“知识产权服务进园区”活动", "organizedBy", "柳州市专利代理有限公司")}),
])
def test_the_issuer_or_manager_of_a_plan_or_fund_runs_it(text, expected, wrong):
    """“X专项计划”…,发行人为Y / 基金管理人为Y: the issuer, originator or manager runs the plan or fund named before."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("近日,由柳州市产业投资有限公司担任原始权益人的“柳东知识产权资产支持专项计划”成功发行。",
     {("“柳东知识产权资产支持专项计划”", "organizedBy", "柳州市产业投资有限公司")}, set()),
    ("“柳东知识产权资产支持专项计划”成功发行,鹿寨证券股份有限公司担任计划管理人,柳州市融资担保有限公司提供增信。",
     {("“柳东知识产权资产支持专项计划”", "organizedBy", "鹿寨证券股份有限公司")},
     {("“柳东知识产权资产支持专项计划”", "organizedBy", "柳州市融资担保有限公司")}),
    # guard: an event is no plan a manager runs
    ("柳州市知识产权局开展“知识产权服务进园区”活动,柳州市专利代理有限公司担任管理人。", set(),
     {("“知识产权服务进园区”活动", "organizedBy", "柳州市专利代理有限公司")}),
])
def test_the_body_taking_a_role_in_a_plan_runs_it(text, expected, wrong):
    """Y担任原始权益人的“X专项计划” / “X专项计划”…,Y担任计划管理人: the originator or manager runs the plan."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("4月23日10时,广西壮族自治区人民政府新闻办公室在南宁举行广西知识产权保护与发展状况新闻发布会。",
     {("广西知识产权保护与发展状况新闻发布会", "organizedBy", "广西壮族自治区人民政府新闻办公室"),
      ("广西知识产权保护与发展状况新闻发布会", "locatedIn", "南宁")}, set()),
    ("柳州市知识产权局举办了知识产权保护和运用论坛。",
     {("知识产权保护和运用论坛", "organizedBy", "柳州市知识产权局")}, set()),
    # guard: no verb that holds the event before the theme's conjunction
    ("会议要求,各地要加强知识产权保护与运用论坛建设。", set(),
     {("运用论坛", "organizedBy", "会议")}),
])
def test_an_event_whose_theme_joins_two_nouns_is_named_from_the_verb_holding_it(text, expected, wrong):
    """举行X保护与发展状况新闻发布会: the event's name runs from the holding verb over 与/和 to its head."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found
    if not expected:
        doc = pipeline.run(normalise(text).text, LIUZHOU)
        assert not [s.text for s in doc.spans["zhichan_entities"] if s.label_ == "Program"]


@pytest.mark.parametrize("text,expected,wrong", [
    ("去年,柳州市鱼峰区人民检察院设立知识产权司法保护中心,为企业提供一站式服务。",
     {("知识产权司法保护中心", "subOrganizationOf", "柳州市鱼峰区人民检察院")}, set()),
    ("柳州市中级人民法院成立知识产权审判保护中心。",
     {("知识产权审判保护中心", "subOrganizationOf", "柳州市中级人民法院")}, set()),
    # guards: the bare field names no centre; a centre no verb sets up names none
    ("柳州市中级人民法院设立知识产权保护中心。", set(), {("知识产权保护中心", "subOrganizationOf", "柳州市中级人民法院")}),
    ("会议要求加强知识产权司法保护中心建设。", set(), set()),
])
def test_a_centre_a_court_or_procuratorate_sets_up_is_its_part(text, expected, wrong):
    """X检察院设立知识产权司法保护中心: the centre, named by its field, is a body and part of the one setting it up."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found
    if not expected:
        doc = pipeline.run(normalise(text).text, LIUZHOU)
        assert not [s.text for s in doc.spans["zhichan_entities"] if s.text.endswith("保护中心")]


def test_a_firm_that_holds_a_title_does_not_organise_it():
    got = triples("丁软件有限公司作为省级“瞪羚”企业,近年营收稳步增长。", {"city": None, "province": "贵州省", "district": None})
    assert not [t for t in got if t[1] == "organizedBy"], got
    got = triples("市知识产权局作为牵头单位,持续推进“护航”工程。", {"city": None, "province": "贵州省", "district": None})
    assert ("“护航”工程", "organizedBy", "市知识产权局") in got, got


def test_a_place_acting_in_its_own_clause_takes_no_organiser_from_an_earlier_one():
    guizhou = {"city": None, "province": "贵州省", "district": None}
    got = triples("上周,市金融办主任张三表示,今年以来,贵州省实施专利权质押融资计划,遵义先行先试。", guizhou)
    assert not [t for t in got if t[1] == "organizedBy"], got
    got = triples("昨日,市科技局透露,今年初在遵义启动科技型企业培育计划。", guizhou)
    assert ("科技型企业培育计划", "organizedBy", "市科技局") in got, got


@pytest.mark.parametrize("text,expected,wrong", [
    ("下一步,柳州市公安局将深化与柳州市市场监督管理局、南宁海关的协作,持续推进“昆仑2025”专项行动。",
     {("“昆仑2025”专项行动", "organizedBy", "柳州市公安局")}, {("“昆仑2025”专项行动", "organizedBy", "南宁海关")}),
    ("去年,柳州市知识产权局深化与柳州市中级人民法院的合作,组织开展“知识产权护航”行动。",
     {("“知识产权护航”行动", "organizedBy", "柳州市知识产权局")},
     {("“知识产权护航”行动", "organizedBy", "柳州市中级人民法院")}),
])
def test_a_body_after_a_time_or_sequence_opener_is_the_sentences_actor(text, expected, wrong):
    """下一步,X将深化与Y的协作,持续推进Z: X leads the sentence after its opener and runs Z, not its partner Y."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found



def test_the_body_after_a_lead_in_naming_the_director_runs_the_campaign():
    found = triples("在公安部统一部署下,广西壮族自治区公安厅深入开展“昆仑2025”专项行动。", LIUZHOU)
    assert ("“昆仑2025”专项行动", "organizedBy", "广西壮族自治区公安厅") in found, found
    assert ("“昆仑2025”专项行动", "organizedBy", "中华人民共和国公安部") not in found, found


@pytest.mark.parametrize("text,expected,wrong", [
    ("柳州恒达电子科技有限公司以5件发明专利质押,经柳州市融资担保有限公司担保,从柳州银行获得贷款600万元。",
     {("柳州恒达电子科技有限公司", "fundedBy", "柳州银行")},
     {("柳州市融资担保有限公司", "fundedBy", "柳州银行")}),
    ("柳州恒达电子科技有限公司由柳州市融资担保有限公司提供担保,从柳州银行获得贷款600万元。",
     {("柳州恒达电子科技有限公司", "fundedBy", "柳州银行")},
     {("柳州市融资担保有限公司", "fundedBy", "柳州银行")}),
])
def test_the_guarantor_backing_a_loan_through_a_lender_is_no_borrower(text, expected, wrong):
    """X…,经Y担保,从LENDER获得贷款: X borrows, Y only backs the loan."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found


def test_a_firm_borrowing_through_a_lender_without_a_guarantor_still_borrows():
    found = triples("柳州市融资担保有限公司从柳州银行获得贷款2000万元。", LIUZHOU)
    assert ("柳州市融资担保有限公司", "fundedBy", "柳州银行") in found, found


def test_the_issuer_of_a_plan_with_a_bracketed_note_runs_it():
    found = triples("“柳北-桂知-4期知识产权资产支持专项计划(科技创新)”日前发行,发行人为柳州市科技金融集团有限公司。", LIUZHOU)
    assert ("“柳北-桂知-4期知识产权资产支持专项计划(科技创新)”", "organizedBy", "柳州市科技金融集团有限公司") in found, found


@pytest.mark.parametrize("text,expected,wrong", [
    ("“柳东-桂知-5期知识产权资产支持专项计划”日前发行。该产品以柳州市科技金融集团有限公司为原始权益人,"
     "鹿寨证券股份有限公司为计划管理人,柳州市融资担保有限公司提供增信。",
     {("“柳东-桂知-5期知识产权资产支持专项计划”", "organizedBy", "柳州市科技金融集团有限公司"),
      ("“柳东-桂知-5期知识产权资产支持专项计划”", "organizedBy", "鹿寨证券股份有限公司")},
     {("“柳东-桂知-5期知识产权资产支持专项计划”", "organizedBy", "柳州市融资担保有限公司")}),
    # guard: a body that is the plan's underwriter (为承销商) runs nothing
    ("“柳东-桂知-6期知识产权资产支持专项计划”日前发行,鹿寨证券股份有限公司为承销商。", set(),
     {("“柳东-桂知-6期知识产权资产支持专项计划”", "organizedBy", "鹿寨证券股份有限公司")}),
])
def test_a_body_named_as_the_issuer_with_wei_runs_the_plan(text, expected, wrong):
    """以Y为原始权益人, Y为计划管理人: the body right before 为 and the role runs the plan named before."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found


@pytest.mark.parametrize("text,expected,wrong", [
    ("“柳南-桂知-2期知识产权资产支持专项计划”日前发行。该专项计划由柳州市科技金融集团有限公司作为原始权益人,"
     "鹿寨证券股份有限公司担任计划管理人,柳州市融资担保有限公司提供担保。",
     {("“柳南-桂知-2期知识产权资产支持专项计划”", "organizedBy", "柳州市科技金融集团有限公司"),
      ("“柳南-桂知-2期知识产权资产支持专项计划”", "organizedBy", "鹿寨证券股份有限公司")},
     {("“柳南-桂知-2期知识产权资产支持专项计划”", "organizedBy", "柳州市融资担保有限公司")}),
    # guard: a body taking a role that is none of a plan's (承销商)
    ("“柳南-桂知-3期知识产权资产支持专项计划”日前发行,鹿寨证券股份有限公司担任承销商。", set(),
     {("“柳南-桂知-3期知识产权资产支持专项计划”", "organizedBy", "鹿寨证券股份有限公司")}),
])
def test_a_body_taking_the_role_of_issuer_or_manager_runs_the_plan(text, expected, wrong):
    """由Y作为原始权益人, Y担任计划管理人: the body right before the role it takes runs the plan named before."""
    found = triples(text, LIUZHOU)
    assert expected <= found and not (wrong & found), found


# ------------------------------------------------------------------------- a second generalisation round (acc15)
NINGDE = {"city": "宁德市", "province": "福建省", "district": None, "year": "2024"}


@pytest.mark.parametrize("text,expected", [
    ("古田县市场监督管理局近日联合古田县食用菌行业协会举办“护航古田银耳”知识产权宣讲活动。",
     {("“护航古田银耳”知识产权宣讲活动", "organizedBy", "古田县市场监督管理局"),
      ("“护航古田银耳”知识产权宣讲活动", "organizedBy", "古田县食用菌行业协会")}),
    ("宁德市中级人民法院日前与宁德市市场监督管理局签署《知识产权纠纷多元化解协作备忘录》。",
     {("《知识产权纠纷多元化解协作备忘录》", "signatory", "宁德市中级人民法院"),
      ("《知识产权纠纷多元化解协作备忘录》", "signatory", "宁德市市场监督管理局")}),
])
def test_a_time_word_before_a_joining_word(text, expected):
    """A time word (近日, 日前) between a body and 联合/与 keeps the body acting with its partner (was only the partner)."""
    got = triples(text, NINGDE)
    assert expected <= got, f"missing {expected - got}; found {got}"


def test_a_body_before_a_time_word_in_another_clause_is_no_partner():
    got = triples("宁德市知识产权局近日召开座谈会,宁德市中级人民法院与福安市人民法院签署《知识产权审判协作备忘录》。", NINGDE)
    assert ("《知识产权审判协作备忘录》", "signatory", "宁德市知识产权局") not in got, got


@pytest.mark.parametrize("text,expected", [
    ("会上,宁德时锐电池材料有限公司、福鼎市白茶实业有限公司分别与兴业银行宁德分行签约,获得授信共计3.2亿元。",
     {("宁德时锐电池材料有限公司", "fundedBy", "兴业银行宁德分行"),
      ("福鼎市白茶实业有限公司", "fundedBy", "兴业银行宁德分行")}),
    ("福安市电机科技有限公司与兴业银行宁德分行签约,获得知识产权质押贷款2000万元。",
     {("福安市电机科技有限公司", "fundedBy", "兴业银行宁德分行")}),
])
def test_a_signing_then_a_loan_received_funds_the_firms(text, expected):
    """X与LENDER签约,获得授信: the loan is named in the clause after the signing; A、B分别与LENDER: both borrow."""
    got = triples(text, NINGDE)
    assert expected <= got, f"missing {expected - got}; found {got}"


def test_a_signing_without_a_loan_funds_nobody():
    got = triples("福安市电机科技有限公司与兴业银行宁德分行签约,共同推动知识产权金融服务。", NINGDE)
    assert not [t for t in got if t[1] == "fundedBy"], got
