"""The learned name component (components/names.py) and how the entity rules use its proposals, on sentences
written for the test: persons quoted without a title are found, anonymised names, nicknames and names inside
other names are not."""
from __future__ import annotations

import pytest

from zhichan.components.entities import EntityFinder
from zhichan.components.names import MODELS, NameProposer
from zhichan.models import EntityType as T
from zhichan.pipeline import run
from zhichan.rules import load_rules

META = {"city": "兰州市", "province": "甘肃省", "district": None, "year": "2024"}


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def lac(rules):
    return NameProposer("lac", rules.surnames)


def persons(text: str) -> set[str]:
    doc = run(text, META)
    return {s.text for s in doc.spans["zhichan_entities"] if s.label_ == T.Person.value}


@pytest.mark.parametrize("text,name", [
    ("“今年我们的订单翻了一番。”公司负责人马文杰说。", "马文杰"),
    ("据欧阳晓峰介绍,这笔贷款三天就到账了。", "欧阳晓峰"),
    ("陈立平表示,将继续加大执法力度。", "陈立平"),
])
def test_lac_proposes_persons_without_a_title(lac, text, name):
    spans = {(text[s:e], label) for s, e, label in lac.propose(text)}
    assert (name, "PER") in spans


def test_gate_skips_clauses_without_a_person_like_word(lac):
    # no surname-initial word: LAC is not run and nothing is proposed
    assert lac.propose("全市专利授权量同比增长百分之十。") == []


def test_offsets_point_into_the_text(lac):
    text = "第一段。\n记者问:孙海涛表示,要加强保护。"
    for s, e, _ in lac.propose(text):
        assert text[s:e].strip() == text[s:e] and e > s


@pytest.mark.parametrize("model", ["posseg", "lac-all"])
def test_other_models_propose_too(rules, model):
    spans = NameProposer(model, rules.surnames).propose("陈立平表示,将继续加大执法力度。")
    assert any(label == "PER" for _, _, label in spans)


def test_none_proposes_nothing_and_unknown_model_is_refused(rules):
    assert NameProposer("none", rules.surnames).propose("陈立平表示,将继续加大执法力度。") == []
    with pytest.raises(ValueError, match="unknown name model"):
        NameProposer("bert", rules.surnames)
    assert "lac" in MODELS


@pytest.mark.parametrize("text,name", [
    ("“今年我们的订单翻了一番。”公司负责人马文杰说。", "马文杰"),
    ("陈立平表示,将继续加大执法力度。", "陈立平"),
])
def test_pipeline_types_proposed_persons(text, name):
    assert name in persons(text)


@pytest.mark.parametrize("text,not_a_person", [
    ("被告人张某某销售假冒注册商标的商品。", "张某某"),  # anonymised: not annotated as a person
    ("市场上出现了大量“王老五”仿冒品。", "王老五"),  # a quoted nickname or brand, not a person
])
def test_proposals_that_are_not_persons(text, not_a_person):
    assert not_a_person not in persons(text)


def test_finder_keeps_a_proposal_only_with_a_surname(rules):
    finder = EntityFinder(rules)
    text = "陈立平和小明表示同意。"
    proposals = [(0, 3, "PER"), (4, 6, "PER")]
    got = {(text[c.start:c.end], c.rule) for c in finder.find(text, META, proposals) if c.type == T.Person}
    assert ("陈立平", "model") in got
    assert not any(name == "小明" for name, _ in got)
