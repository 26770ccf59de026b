"""zhichan evaluate: gold files of a researcher's own documents score the pipeline."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhichan.cli import app
from zhichan.errors import ZhichanError
from zhichan.evaluate import ROWS, load_gold, max_matching, score_extractions
from zhichan.extraction import extract_file

ROOT = Path(__file__).resolve().parents[1]

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
    result = score_extractions(load_gold([corpus / "gold" / "suzhou.json"]), [extract_file(corpus / "suzhou.txt")])
    assert list(result) == ROWS
    # five of the six gold entities are in the text; the made-up person cannot be found
    assert result["entities_all_typed"]["tp"] == 5 and result["entities_all_typed"]["gold"] == 6
    assert result["entities_core5_typed"]["gold"] == 4
    assert result["type:Person"]["r"] == 0.0
    assert result["relations"]["tp"] == 2
    assert result["observations_full"]["tp"] == 1


def test_command_prints_every_row(corpus, runner):
    result = runner.invoke(app, ["evaluate", "--gold", str(corpus / "gold"), str(corpus / "suzhou.txt")])
    assert result.exit_code == 0, result.output
    for row in ROWS:
        assert any(line.split()[0] == row for line in result.stdout.splitlines()[1:]), row


def test_gold_entities_merge_across_files_but_not_on_relative_aliases(tmp_path):
    a = {"entities": [{"type": "Agency", "aliases": ["温州市科学技术局", "市科技局"]}]}
    b = {"entities": [{"type": "Agency", "aliases": ["温州市科学技术局"]},
                      {"type": "Agency", "aliases": ["丽水市科学技术局", "市科技局"]}]}
    for name, data in (("a.json", a), ("b.json", b)):
        (tmp_path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    gold = load_gold([tmp_path / "a.json", tmp_path / "b.json"])
    assert len(gold["entities"]) == 2  # 温州 twice is one; 市科技局 is relative and joins nothing


def test_matching_is_maximal_in_the_scorers_order():
    # p1 could take g1 or g2, p2 only g1: a greedy matcher gets one pair, augmenting paths two
    assert max_matching(["p1", "p2"], {"p1": [1, 2], "p2": [1]}) == {"p1": 2, "p2": 1}


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _scorer_figures(store: Path, gold: Path, tmp_path: Path) -> dict:
    trig = tmp_path / "export.trig"
    out = CliRunner().invoke(app, ["export", "--store", str(store), "-o", str(trig)])
    assert out.exit_code == 0, out.output
    ontology = sorted(str(p) for p in (ROOT / "ontology").glob("*.ttl"))
    proc = subprocess.run([sys.executable, str(SHARED / "score.py"), "--gold", str(gold), str(trig), *ontology,
                           "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout[: proc.stdout.rindex("}") + 1])


@pytest.mark.parametrize("raw, gold", [("seeds", "gold"), ("wide/raw", "wide/gold")], ids=["seeds", "wide"])
def test_evaluate_agrees_with_the_shared_scorer_on_every_row(raw, gold, tmp_path):
    if not (SHARED / "score.py").is_file() or not (SHARED / gold).is_dir():
        pytest.skip(f"the shared scorer and gold are not beside this checkout ({SHARED}): a clean clone has no "
                    "../shared; CI lays it there")
    docs = sorted(str(p) for p in (SHARED / raw).glob("*.txt"))
    store = tmp_path / "store"
    built = CliRunner().invoke(app, ["build", "--store", str(store), *docs])
    assert built.exit_code == 0, built.output
    expected = _scorer_figures(store, SHARED / gold, tmp_path)
    ours = CliRunner().invoke(app, ["evaluate", "--gold", str(SHARED / gold), "--json", *docs])
    assert ours.exit_code == 0, ours.output
    got = json.loads(ours.stdout)
    assert list(got) == list(expected)
    for row in expected:
        assert {k: got[row][k] for k in ("tp", "pred", "gold")} == {k: expected[row][k] for k in ("tp", "pred", "gold")}, row
        assert [round(got[row][k], 3) for k in ("p", "r", "f1")] == [expected[row][k] for k in ("p", "r", "f1")], row
    # the exported graph scored directly gives the same figures too
    graph = CliRunner().invoke(app, ["evaluate", "--gold", str(SHARED / gold), "--json", "--graph",
                                     str(tmp_path / "export.trig")])
    assert json.loads(graph.stdout) == got


def test_relation_to_an_unknown_alias_is_an_error(corpus):
    bad = dict(GOLD, relations=[{"subject": "《没有的办法》", "predicate": "issuedBy", "object": "市市场监管局"}])
    path = corpus / "gold" / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ZhichanError, match="E602"):
        load_gold([path])
