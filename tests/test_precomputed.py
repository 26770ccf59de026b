"""Per-document inferences written at ingest (precomputed.py): figure ↔ loan product, the year of a program mention."""
from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pyoxigraph as ox
import pytest

from zhichan import terms
from zhichan.config import extract_dir
from zhichan.errors import RuleError
from zhichan.models import (DocumentInfo, Entity, EntityType, Extraction, Mention, Observation, Predicate, Relation,
                            Sentence)
from zhichan.precomputed import (IN_SENTENCE, REFERRED_BACK, SENTENCE_FIGURE, STATED_YEAR, mention_iri, product_links,
                                 program_years, statement_figures, triples)
from zhichan.rdf import entity_iri, extraction_quads, obs_iri, statement_iri
from zhichan.rules import load_figure_links, load_rules

# written for these tests: another city, bank, products and programs than the bundled documents
SENTENCES = [
    "长沙银行推出“岳麓专利贷”，当年发放贷款3亿元，服务企业12家。",  # 0: product and a lending figure together
    "此类贷款已累计办理45笔。",  # 1: refers back to the product of sentence 0
    "全市专利授权量2.1万件。",  # 2: no product, not lending
    "长沙市开展“湘江护航2022”专项行动。",  # 3: a year in the program's name
    "2021年，市知识产权局启动商标品牌培育工程。",  # 4: a year in the sentence only
    "市场监管局另有知识产权宣传周活动。",  # 5: no year anywhere
]
DOC_ID = "changsha-finance-test"


def _doc() -> Extraction:
    starts, text = [], ""
    for s in SENTENCES:
        starts.append(len(text))
        text += s
    sentences = [Sentence(index=i, start=starts[i], end=starts[i] + len(s), text=s) for i, s in enumerate(SENTENCES)]

    def m(phrase: str, i: int) -> Mention:
        start = starts[i] + SENTENCES[i].index(phrase)
        return Mention(start=start, end=start + len(phrase), text=phrase, sentence=i)

    def obs(phrase: str, i: int, metric: str, value: str, unit: str) -> Observation:
        span = m(phrase, i)
        return Observation(id=f"{span.start}-{span.end}", value=Decimal(value), unit=unit, metric=metric, span=span,
                           text=span)

    entities = [
        Entity(key="LoanProduct:岳麓专利贷", type=EntityType.LoanProduct, label="岳麓专利贷", aliases=["岳麓专利贷"],
               mentions=[m("岳麓专利贷", 0)]),
        Entity(key="Program:湘江护航2022专项行动", type=EntityType.Program, kind="Campaign", label="湘江护航2022专项行动",
               aliases=["湘江护航2022"], mentions=[m("湘江护航2022", 3)]),
        Entity(key="Program:商标品牌培育工程", type=EntityType.Program, label="商标品牌培育工程",
               aliases=["商标品牌培育工程"], mentions=[m("商标品牌培育工程", 4)]),
        Entity(key="Program:知识产权宣传周", type=EntityType.Program, kind="Event", label="知识产权宣传周",
               aliases=["知识产权宣传周"], mentions=[m("知识产权宣传周", 5)]),
    ]
    observations = [
        obs("发放贷款3亿元", 0, "发放贷款", "300000000", "元"),
        obs("服务企业12家", 0, "服务企业", "12", "家"),  # same sentence, but not about lending
        obs("办理45笔", 1, "此类贷款办理", "45", "笔"),
        obs("专利授权量2.1万件", 2, "专利授权量", "21000", "件"),
    ]
    info = DocumentInfo(id=DOC_ID, path="x.txt", title="长沙知识产权金融", encoding="utf-8", sha256="0" * 64,
                        chars=len(text))
    return Extraction(document=info, sentences=sentences, entities=entities, observations=observations)


def test_lending_figures_are_linked_to_the_product_by_position():
    x = _doc()
    product = entity_iri("LoanProduct:岳麓专利贷")
    figure = {o.metric: obs_iri(DOC_ID, o.id) for o in x.observations}
    links = set(product_links(x))
    assert (figure["发放贷款"], IN_SENTENCE, product) in links
    assert (figure["此类贷款办理"], REFERRED_BACK, product) in links
    assert not {f for f, _, _ in links} & {figure["服务企业"], figure["专利授权量"]}
    assert len(links) == 2


def test_a_next_sentence_that_does_not_refer_back_is_not_linked():
    x = _doc()
    x.sentences[1].text = "累计办理45笔。"  # the same figure, without 此类
    assert {p for _, p, _ in product_links(x)} == {IN_SENTENCE}


def test_a_relation_statement_is_linked_to_the_figures_of_its_sentence():
    x = _doc()
    x.entities.append(Entity(key="Company:长沙银行", type=EntityType.Company, label="长沙银行", aliases=["长沙银行"],
                             mentions=[Mention(start=0, end=4, text="长沙银行", sentence=0)]))
    relation = Relation(subject="LoanProduct:岳麓专利贷", predicate=Predicate.offeredBy, object="Company:长沙银行",
                        evidence=Mention(start=0, end=len(SENTENCES[0]), text=SENTENCES[0], sentence=0), rule="test")
    x.relations.append(relation)
    statement = statement_iri(DOC_ID, relation)
    figure = {o.metric: obs_iri(DOC_ID, o.id) for o in x.observations}
    # both figures of sentence 0, lending or not; none of another sentence
    assert set(statement_figures(x)) == {(statement, SENTENCE_FIGURE, figure["发放贷款"]),
                                         (statement, SENTENCE_FIGURE, figure["服务企业"])}
    quads = extraction_quads(x)
    assert statement in {q.subject for q in quads if q.predicate.value.endswith("#rule")}  # the statement rdf writes


@pytest.mark.parametrize("label,expected", [("湘江护航2022专项行动", "2022"), ("商标品牌培育工程", "2021"),
                                            ("知识产权宣传周", None)])
def test_program_year_from_its_name_else_its_sentence(label, expected):
    x = _doc()
    years = {str(s): o.value for s, _, o in program_years(x)}
    e = next(e for e in x.entities if e.label == label)
    assert years.get(str(mention_iri(DOC_ID, e.mentions[0], entity_iri(e.key)))) == expected


def test_the_triples_are_in_the_document_graph_with_declared_terms():
    x = _doc()
    quads = extraction_quads(x)
    graph = quads[0].graph_name
    extra = {(q.subject, q.predicate, q.object) for q in quads
             if q.predicate in (IN_SENTENCE, REFERRED_BACK, STATED_YEAR, SENTENCE_FIGURE)}
    assert extra == set(triples(x)) and len(extra) == 4
    assert all(q.graph_name == graph for q in quads)
    # the mention a year is written on is the mention rdf writes
    mentions = {q.subject for q in quads if q.predicate == ox.NamedNode(terms.zc("denotes"))}
    assert {s for s, p, _ in extra if p == STATED_YEAR} <= mentions
    for name in terms.PRECOMPUTED:
        assert terms.zc(name) in {STATED_YEAR.value, IN_SENTENCE.value, REFERRED_BACK.value, SENTENCE_FIGURE.value}
    assert extraction_quads(x) == quads  # deterministic


def test_the_words_come_from_the_rules_folder(tmp_path):
    rules = tmp_path / "extract"
    shutil.copytree(extract_dir(), rules)
    data = json.loads((rules / "figure_links.json").read_text(encoding="utf-8"))
    data["refer_back_words"] = ["上述"]
    (rules / "figure_links.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    words = load_rules(rules).figure_links
    assert words["refer_back_words"] == ("上述",)
    assert {p for _, p, _ in product_links(_doc(), words)} == {IN_SENTENCE}


@pytest.mark.parametrize("key,value", [("lending_words", []), ("refer_back_words", "此类"), ("year_in_name", "(19"),
                                       ("year_in_sentence", "\\d{4}年")])
def test_a_malformed_file_names_the_key(tmp_path, key, value):
    data = json.loads((extract_dir() / "figure_links.json").read_text(encoding="utf-8"))
    data[key] = value
    path = tmp_path / "figure_links.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_figure_links(path)
    assert err.value.code in ("E203", "E208") and str(path) in str(err.value)
