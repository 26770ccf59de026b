"""zhichan evaluate: gold files of a researcher's own documents score the pipeline."""
from __future__ import annotations

import json

import pytest

from zhichan.cli import app
from zhichan.errors import ZhichanError
from zhichan.evaluate import load_gold, score
from zhichan.extraction import extract_file

DOC = "2024年苏州市知识产权工作情况\n\n2024年,市市场监管局制定《苏州市专利质押融资管理办法》。全市有效发明专利拥有量达到8.1万件。苏州海关开展“龙腾2024”专项行动。\n"

GOLD = {
    "document": "suzhou.txt",
    "entities": [
        {"type": "Agency", "aliases": ["市市场监管局"]},
        {"type": "Agency", "aliases": ["苏州海关"]},
        {"type": "Policy", "aliases": ["《苏州市专利质押融资管理办法》"]},
        {"type": "Program", "aliases": ["“龙腾2024”专项行动", "“龙腾2024”"]},
        {"type": "Place", "aliases": ["苏州市", "苏州"]},
        {"type": "Person", "aliases": ["不存在的人"]},
    ],
    "relations": [
        {"subject": "《苏州市专利质押融资管理办法》", "predicate": "issuedBy", "object": "市市场监管局"},
        {"subject": "“龙腾2024”专项行动", "predicate": "organizedBy", "object": "苏州海关"},
    ],
    "observations": [
        {"value": 81000, "unit": "件", "metric": "有效发明专利拥有量", "period": "2024", "area": "苏州市", "subject": None,
         "text": "全市有效发明专利拥有量达到8.1万件"},
    ],
}


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "suzhou.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "suzhou.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_scores_follow_the_contract(corpus):
    result = score(load_gold([corpus / "gold" / "suzhou.json"]), [extract_file(corpus / "suzhou.txt")])
    # five of the six gold entities are in the text; the made-up person cannot be found
    assert result["entities_typed"]["tp"] == 5 and result["entities_typed"]["gold"] == 6
    assert result["type:Person"]["r"] == 0.0
    assert result["relations"]["tp"] == 2
    assert result["observations_full"]["tp"] == 1


def test_command_prints_a_table(corpus, runner):
    result = runner.invoke(app, ["evaluate", "--gold", str(corpus / "gold"), str(corpus / "suzhou.txt")])
    assert result.exit_code == 0, result.output
    assert "relations" in result.stdout and "observations_full" in result.stdout


def test_relation_to_an_unknown_alias_is_an_error(corpus):
    bad = dict(GOLD, relations=[{"subject": "《没有的办法》", "predicate": "issuedBy", "object": "市市场监管局"}])
    path = corpus / "gold" / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ZhichanError, match="E602"):
        load_gold([path])
