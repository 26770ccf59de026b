"""zhichan.recipients: who received an honour, read from hand-made models of sentences written for these tests.

Each case is a short text (one string per sentence) and the entities named in it, each with the surface
forms whose every occurrence is a mention; the expected recipients are (honour, recipient, basis) by label.
The rules: a body before the honour with a cue between, not inside a longer name or quotes, not the
awarding body, not the agent of 被; every unbroken candidate, else the first; else the body the
sentence before opens with, unless the honour's sentence opens with a quoted name.
"""
from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest

from zhichan.config import ID_BASE, ONTOLOGY_NS, extract_dir
from zhichan.errors import RuleError
from zhichan.models import DocumentInfo, Entity, EntityType, Extraction, Mention, Predicate, Relation, Sentence
from zhichan.rdf import entity_iri, extraction_quads, graph_iri
from zhichan.recipients import SAME_SENTENCE, SENTENCE_BEFORE, recipient_quads, recipients
from zhichan.rules import load_recipient_rules, load_rules

T = EntityType
SAME, BEFORE = SAME_SENTENCE, SENTENCE_BEFORE
DOC_ID = "recipients-test"


def ent(type_: EntityType, label: str, *surfaces: str, kind: str | None = None, code: str | None = None) -> dict:
    key = f"{type_.value}:code:{code}" if code else f"{type_.value}:{label}"
    return {"key": key, "type": type_, "kind": kind, "label": label, "surfaces": surfaces or (label,),
            "attributes": {"adminCode": code} if code else {}}


def award(label: str, *surfaces: str) -> dict:
    return ent(T.Program, label, *surfaces, kind="Award")


def designation(label: str, *surfaces: str) -> dict:
    return ent(T.Program, label, *surfaces, kind="Designation")


def extraction(sentences: list[str], entities: list[dict], awarded_by: tuple = ()) -> Extraction:
    text, spans = "", []
    for s in sentences:
        spans.append(Sentence(index=len(spans), start=len(text), end=len(text) + len(s), text=s))
        text += s
    models = []
    for spec in entities:
        mentions = []
        for surface in spec["surfaces"]:
            i = text.find(surface)
            assert i >= 0, f"{surface} is not in the text"
            while i >= 0:
                sentence = next(s.index for s in spans if s.start <= i < s.end)
                mentions.append(Mention(start=i, end=i + len(surface), text=surface, sentence=sentence))
                i = text.find(surface, i + 1)
        models.append(Entity(key=spec["key"], type=spec["type"], kind=spec["kind"], label=spec["label"],
                             aliases=list(spec["surfaces"]), mentions=mentions, attributes=spec["attributes"]))
    by_label = {e.label: e for e in models}
    relations = []
    for honour, body in awarded_by:
        h, b = by_label[honour], by_label[body]
        m = h.mentions[0]
        s = spans[m.sentence]
        relations.append(Relation(subject=h.key, predicate=Predicate.organizedBy, object=b.key, rule="award-verb",
                                  evidence=Mention(start=s.start, end=s.end, text=s.text, sentence=s.index)))
    info = DocumentInfo(id=DOC_ID, path=f"{DOC_ID}.txt", title="测试", encoding="utf-8", sha256="0" * 64, chars=len(text))
    return Extraction(document=info, sentences=spans, entities=models, relations=relations)


def found(x: Extraction) -> set[tuple[str, str, str]]:
    label = {entity_iri(e.key).value: e.label for e in x.entities}
    return {(label[r.honour], label[r.recipient], r.basis) for r in recipients(x)}


CASES = {
    "a body wins an award": (
        ["贵阳农商银行荣获年度普惠金融服务奖。"],
        [ent(T.Company, "贵阳农商银行"), award("年度普惠金融服务奖")], (),
        {("年度普惠金融服务奖", "贵阳农商银行", SAME)}),
    "two bodies with no break between them and the honour": (
        ["芜湖市中级人民法院和安庆市中级人民法院入选全省知识产权审判示范法院。"],
        [ent(T.Agency, "芜湖市中级人民法院"), ent(T.Agency, "安庆市中级人民法院"), designation("全省知识产权审判示范法院")], (),
        {("全省知识产权审判示范法院", "芜湖市中级人民法院", SAME), ("全省知识产权审判示范法院", "安庆市中级人民法院", SAME)}),
    "a clause break: only the body in the honour's clause": (
        ["昆明市市场监督管理局获悉后组织评审，云南某茶业有限公司获评优秀商标品牌企业。"],
        [ent(T.Agency, "昆明市市场监督管理局"), ent(T.Company, "云南某茶业有限公司"), designation("优秀商标品牌企业")], (),
        {("优秀商标品牌企业", "云南某茶业有限公司", SAME)}),
    "every candidate broken off: the first one": (
        ["南宁某机械有限公司、桂林某光学有限公司，经专家评审，获评广西瞪羚企业。"],
        [ent(T.Company, "南宁某机械有限公司"), ent(T.Company, "桂林某光学有限公司"), designation("广西瞪羚企业"),
         ent(T.Place, "南宁市", "南宁", code="450100")], (),
        {("广西瞪羚企业", "南宁某机械有限公司", SAME)}),
    "the agent of a passive is not a recipient": (
        ["海口市中级人民法院的诉调对接机制被最高人民法院评为全国法院一站式建设优秀案例。"],
        [ent(T.Agency, "海口市中级人民法院"), ent(T.Agency, "最高人民法院"), designation("全国法院一站式建设优秀案例")], (),
        {("全国法院一站式建设优秀案例", "海口市中级人民法院", SAME)}),
    "an administrative area is a candidate, a place inside a longer name is not": (
        ["绵阳市游仙区成为四川省知识产权强县建设试点县。"],
        [ent(T.Place, "游仙区", "绵阳市游仙区", code="510704"), ent(T.Place, "绵阳市", "绵阳市", code="510700"),
         designation("四川省知识产权强县建设试点县"), ent(T.Place, "四川省", code="510000")], (),
        {("四川省知识产权强县建设试点县", "游仙区", SAME)}),
    "the awarding body is not its own recipient": (
        ["福州市人民政府今年首次授予市长质量奖。"],
        [ent(T.Agency, "福州市人民政府"), award("市长质量奖")], (("市长质量奖", "福州市人民政府"),),
        set()),
    "without the awarding relation the same body is read as the recipient": (
        ["福州市人民政府今年首次授予市长质量奖。"],
        [ent(T.Agency, "福州市人民政府"), award("市长质量奖")], (),
        {("市长质量奖", "福州市人民政府", SAME)}),
    "no cue between body and honour: no recipient": (
        ["洛阳市知识产权局解读河南省专利奖评审办法。"],
        [ent(T.Agency, "洛阳市知识产权局"), award("河南省专利奖")], (),
        set()),
    "a body inside quotes is part of a name": (
        ["拉萨市文化旅游局介绍，“拉萨甜茶”入选西藏特色地理标志名录。"],
        [ent(T.Agency, "拉萨市文化旅游局"), ent(T.Place, "拉萨市", "拉萨", code="540100"),
         designation("西藏特色地理标志名录")], (),
        {("西藏特色地理标志名录", "拉萨市文化旅游局", SAME)}),
    "the sentence before opens with the company": (
        ["赣州某稀土材料有限公司拥有发明专利三十余件。", "公司先后获得江西省专精特新中小企业、赣州市专利示范企业等称号。"],
        [ent(T.Company, "赣州某稀土材料有限公司"), designation("江西省专精特新中小企业"), designation("赣州市专利示范企业"),
         ent(T.Place, "江西省", code="360000"), ent(T.Place, "赣州市", "赣州", code="360700")], (),
        {("江西省专精特新中小企业", "赣州某稀土材料有限公司", BEFORE),
         ("赣州市专利示范企业", "赣州某稀土材料有限公司", BEFORE)}),
    "the sentence before does not open with a body": (
        ["截至目前，泉州某鞋业有限公司拥有发明专利三十余件。", "公司先后获得福建省专利示范企业称号。"],
        [ent(T.Company, "泉州某鞋业有限公司"), designation("福建省专利示范企业")], (),
        set()),
    "a sentence opening with a quoted name names its own subject": (
        ["西宁市餐饮行业协会积极推广本地品牌。", "“高原牦牛肉面”入选青海省十佳地方特色品牌。"],
        [ent(T.Organization, "西宁市餐饮行业协会"), designation("青海省十佳地方特色品牌")], (),
        set()),
    "the same sentence without the quoted opening takes the sentence before": (
        ["西宁市餐饮行业协会积极推广本地品牌。", "本地牦牛肉面品牌入选青海省十佳地方特色品牌。"],
        [ent(T.Organization, "西宁市餐饮行业协会"), ent(T.Place, "西宁市", code="630100"),
         designation("青海省十佳地方特色品牌")], (),
        {("青海省十佳地方特色品牌", "西宁市餐饮行业协会", BEFORE)}),
    "a body before the honour, even one not taken, blocks the sentence before": (
        ["柳州某汽车零部件有限公司研发投入持续增长。", "经柳州市科技局推荐，获评广西科技型中小企业。"],
        [ent(T.Company, "柳州某汽车零部件有限公司"), ent(T.Agency, "柳州市科技局"), designation("广西科技型中小企业")],
        (("广西科技型中小企业", "柳州市科技局"),),
        set()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_recipient_rules(name):
    sentences, entities, awarded_by, expected = CASES[name]
    assert found(extraction(sentences, entities, awarded_by)) == expected


def test_quads_carry_the_basis_the_sentence_and_the_document():
    sentences, entities, awarded_by, _ = CASES["the sentence before opens with the company"]
    x = extraction(sentences, entities, awarded_by)
    graph = graph_iri(DOC_ID)
    quads = recipient_quads(x, graph)
    st = ox.Store()
    st.extend(quads)
    rows = list(st.query(
        "PREFIX zc: <" + ONTOLOGY_NS + "> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT ?h ?r ?s ?rule ?doc WHERE { GRAPH ?g { ?h zc:recipient ?r . ?st a rdf:Statement ; rdf:subject ?h ; "
        "rdf:predicate zc:recipient ; rdf:object ?r ; zc:sentence ?s ; zc:rule ?rule ; prov:wasDerivedFrom ?doc } }"))
    assert len(rows) == 2
    company = entity_iri("Company:赣州某稀土材料有限公司")
    for row in rows:
        assert row["r"] == company and row["rule"].value == BEFORE
        assert row["s"] == ox.NamedNode(f"{ID_BASE}doc/{DOC_ID}/s/1")
        assert row["doc"] == ox.NamedNode(f"{ID_BASE}doc/{DOC_ID}")
    assert {q.graph_name for q in quads} == {graph}
    # written by the RDF stage into the document's own graph, once, deterministically
    all_quads = extraction_quads(x)
    assert set(quads) <= set(all_quads) and len(all_quads) == len(set(all_quads))
    assert [str(q) for q in extraction_quads(x)] == [str(q) for q in all_quads]


def test_no_honour_no_quads():
    x = extraction(["南宁某机械有限公司拥有发明专利。"], [ent(T.Company, "南宁某机械有限公司")])
    assert recipients(x) == [] and recipient_quads(x, graph_iri(DOC_ID)) == []


# ---------------------------------------------------------------- the rule file


@pytest.fixture
def rules_copy(tmp_path):
    root = tmp_path / "extract"
    shutil.copytree(extract_dir(), root)
    return root


def _edit(root, change):
    path = root / "recipients.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def test_real_rule_file_loads_with_the_others():
    rules = load_rules()
    assert rules.recipients == load_recipient_rules()
    assert set(rules.recipients["honour_kinds"]) == {"Award", "Designation"}
    assert rules.recipients["cues"] == sorted(rules.recipients["cues"], key=len, reverse=True)


@pytest.mark.parametrize("change,code,text", [
    (lambda d: d.pop("cues"), "E223", "'cues' is missing"),
    (lambda d: d.update(cue_words=["获"]), "E222", "unknown key 'cue_words'"),
    (lambda d: d.update(cues="获"), "E221", "non-empty list"),
    (lambda d: d.update(candidate_types=["Agency", "Bank"]), "E221", "unknown entity type 'Bank'"),
    (lambda d: d.update(honour_kinds=["Award", "Campaign2"]), "E221", "zc:Program"),
    (lambda d: d.update(subject_within=-1), "E221", "whole number"),
])
def test_broken_rule_file(rules_copy, change, code, text):
    _edit(rules_copy, change)
    with pytest.raises(RuleError) as err:
        load_recipient_rules(rules_copy)
    message = str(err.value)
    assert message.startswith(code) and "recipients.json" in message and text in message and "fix:" in message


def test_an_edited_cue_changes_the_reading(rules_copy):
    x = extraction(["洛阳市知识产权局解读河南省专利奖评审办法。"],
                   [ent(T.Agency, "洛阳市知识产权局"), award("河南省专利奖")])
    assert recipients(x) == []
    _edit(rules_copy, lambda d: d["cues"].append("解读"))
    got = recipients(x, load_recipient_rules(rules_copy))
    assert [(r.recipient, r.basis) for r in got] == [(entity_iri("Agency:洛阳市知识产权局").value, SAME)]
