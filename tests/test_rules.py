"""Loading the rules under extract/: the real folder loads; each kind of broken file raises a RuleError that
names the file, the line (where there is one) and a fix."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from zhichan.config import extract_dir
from zhichan.errors import RuleError
from zhichan.models import EntityType
from zhichan.rules import HEAD_NEEDS, RULE_KINDS, load_rules


def test_real_rules_load():
    rules = load_rules()
    assert rules.heads and rules.patterns and rules.lexicon
    # heads are tried longest first, so 中级人民法院 wins over 法院
    lengths = [len(r.head) for r in rules.heads]
    assert lengths == sorted(lengths, reverse=True)
    assert all(set(r.needs) <= HEAD_NEEDS for r in rules.heads)
    heads = {(r.type, r.head) for r in rules.heads}
    assert (EntityType.Agency, "中级人民法院") in heads
    assert (EntityType.Company, "支行") in heads
    assert rules.lexicon["最高检"] == (EntityType.Agency, "最高人民检察院", "Procuratorate")
    assert rules.lexicon["国家知识产权局"][0] is EntityType.Agency
    assert rules.lexicon["淘宝"][0] is EntityType.Company
    # rules coded in Python are switched on by their entity file
    assert (EntityType.Person, "byline") in rules.enabled
    assert (EntityType.Policy, "title") in rules.enabled
    # comments are skipped, double surnames are read, underscore keys of relation files are notes
    assert "欧阳" in rules.surnames and "#" not in rules.surnames
    assert not any(k.startswith("_") for k in rules.triggers)
    assert {"issue", "sign", "organize", "award", "launch", "establish"} <= set(rules.triggers)
    assert all(len(a) >= len(b) for a, b in zip(rules.triggers["issue"], rules.triggers["issue"][1:]))
    assert rules.boundaries == sorted(rules.boundaries, key=len, reverse=True)
    assert "市" in rules.admin_prefixes
    assert any(full == "市场监督管理" for _, full in rules.abbreviations)


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    root = tmp_path / "extract"
    shutil.copytree(extract_dir(), root)
    return root


def set_line(path: Path, n: int, text: str) -> None:
    """Replace line ``n`` (1-based) of a rule file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= n, f"{path} is shorter than the test assumes"
    lines[n - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def drop_trigger(path: Path, key: str) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    del data[key]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


TAB = "\t"
BROKEN = [
    # id, file, how it is broken, code, line named (None: the error has no line), a word of the fix
    ("agency-bad-json", "entities/Agency.jsonl",
     lambda p: set_line(p, 2, '{"rule": "head", "head": "中级人民法院", "kind": "Court",'), "E202", 2, "JSON object"),
    ("unknown-rule-kind", "entities/Program.jsonl",
     lambda p: set_line(p, 3, '{"rule": "suffix", "head": "行动"}'), "E206", 3, "use one of"),
    ("head-unknown-need", "entities/Company.jsonl",
     lambda p: set_line(p, 1, '{"rule": "head", "head": "有限公司", "needs": ["legal_form"]}'), "E207", 1, "needs may hold"),
    ("head-without-head", "entities/Organization.jsonl",
     lambda p: set_line(p, 2, '{"rule": "head", "kind": "University", "needs": []}'), "E207", 2, "needs may hold"),
    ("bad-reject-before", "entities/Organization.jsonl",
     lambda p: set_line(p, 1, '{"rule": "head", "head": "大学", "reject_before": "(高等|重点$"}'), "E203", 1, "escape"),
    ("bad-reject-after", "entities/Agency.jsonl",
     lambda p: set_line(p, 5, '{"rule": "head", "head": "法院", "needs": ["prefix"], "reject_after": "^[0-9"}'), "E203", 5,
     "escape"),
    ("regex-without-pattern", "entities/Company.jsonl",
     lambda p: set_line(p, 2, '{"rule": "context", "note": "X完成融资"}'), "E207", 2, "pattern"),
    ("lexicon-line-without-tab", "lexicons/national_bodies.txt",
     lambda p: set_line(p, 4, "最高法 最高人民法院 Court"), "E204", 4, "tab"),
    ("lexicon-empty-canonical", "lexicons/platforms.txt",
     lambda p: set_line(p, 3, f"淘宝{TAB}{TAB}OnlinePlatform"), "E204", 3, "tab"),
    ("abbreviation-without-tab", "lexicons/abbreviations.txt",
     lambda p: set_line(p, 3, "市场监管 市场监督管理"), "E204", 3, "tab"),
    ("abbreviation-bad-regex", "lexicons/abbreviations.txt",
     lambda p: set_line(p, 4, f"re:政府(?=[^,。]*领导小组{TAB}"), "E203", 4, "escape"),
    ("relations-missing-key", "relations/signatory.json", lambda p: drop_trigger(p, "verbs"), "E223", None,
     '"verbs"'),
    ("relations-bad-json", "relations/issuedBy.json",
     lambda p: p.write_text('{\n  "predicate": "issuedBy",\n  "verbs": ["制定"\n}\n', encoding="utf-8"), "E202", 4,
     "commas"),
    ("names-bad-json", "names.json",
     lambda p: p.write_text('{\n "policy_heads": ["办法",]\n}\n', encoding="utf-8"), "E202", 2, "commas"),
    ("missing-lexicon", "lexicons/roles.txt", lambda p: p.unlink(), "E201", None, "restore"),
    ("missing-entity-file", "entities/Person.jsonl", lambda p: p.unlink(), "E201", None, "restore"),
    pytest.param("list-rule-bad-regex", "entities/Company.jsonl",
                 lambda p: set_line(p, 1, '{"rule": "list", "pattern": "(?P<list>[\\\\u4e00-\\\\u9fff]{2,12}等公司"}'),
                 "E203", 1, "escape"),
    ("words-missing-key", "lexicons/entity_words.json", lambda p: drop_trigger(p, "national_starts"), "E205", None,
     '"national_starts"'),
    ("words-bad-regex", "lexicons/entity_words.json",
     lambda p: p.write_text(p.read_text(encoding="utf-8").replace('"year_end_re": "', '"year_end_re": "(', 1),
                            encoding="utf-8"), "E203", None, "escape"),
    ("pronouns-not-a-list", "lexicons/pronouns.json",
     lambda p: p.write_text('{"pronouns": "该", "area_words": []}', encoding="utf-8"), "E208", None, "["),
    ("pos-missing-tags", "lexicons/pos.json", lambda p: drop_trigger(p, "not_name_start"), "E205", None,
     '"not_name_start"'),
    ("person-stop-missing", "lexicons/person_stop.txt", lambda p: p.unlink(), "E201", None, "restore"),
    pytest.param("lexicon-rule-without-file", "entities/Agency.jsonl",
                 lambda p: set_line(p, 1, '{"rule": "lexicon", "note": "national bodies"}'), "E207", 1, "file"),
]


def _id(row):
    return row.values[0] if hasattr(row, "marks") else row[0]


@pytest.mark.parametrize("case,rel,breaker,code,line,fix", BROKEN, ids=[_id(r) for r in BROKEN])
def test_broken_rules(rules_copy, case, rel, breaker, code, line, fix):
    path = rules_copy / rel
    breaker(path)
    with pytest.raises(RuleError) as err:
        load_rules(rules_copy)
    e = err.value
    message = str(e)
    assert e.code == code, message
    assert message.startswith(code)
    assert str(path) in message, message
    if line is None:
        assert not re.search(re.escape(str(path)) + r":[0-9]+:", message)
    else:
        assert e.line == line
        assert f"{path}:{line}: " in message
    assert "fix:" in message and fix in e.fix, message


def test_unknown_rule_kind_names_the_value_and_the_choices(rules_copy):
    set_line(rules_copy / "entities/Program.jsonl", 1, '{"rule": "suffix"}')
    with pytest.raises(RuleError) as err:
        load_rules(rules_copy)
    assert err.value.value == "suffix"
    assert all(kind in err.value.fix for kind in RULE_KINDS)


def test_edited_copy_is_used(rules_copy):
    """load_rules reads the folder it is given, not the bundled one."""
    with (rules_copy / "lexicons/platforms.txt").open("a", encoding="utf-8") as f:
        f.write(f"泉城优选{TAB}泉城优选{TAB}OnlinePlatform\n")
    drop_trigger(rules_copy / "relations" / "issuedBy.json", "_doc")
    rules = load_rules(rules_copy)
    assert rules.lexicon["泉城优选"] == (EntityType.Company, "泉城优选", "OnlinePlatform")
    assert "泉城优选" not in load_rules().lexicon


def test_one_rules_folder_governs_figures_metrics_and_scope(tmp_path):
    """extract_text(rules_dir=X) reads figures.json, metrics/concepts.json and scope.json from X too."""
    import json
    import shutil

    from zhichan.config import extract_dir
    from zhichan.document import read_document
    from zhichan.extraction import extract_text

    root = tmp_path / "extract"
    shutil.copytree(extract_dir(), root)
    figures = json.loads((root / "figures.json").read_text(encoding="utf-8"))
    figures["units"]["台次"] = "台次"  # a unit the shipped rules do not know
    (root / "figures.json").write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    doc = tmp_path / "probe.txt"
    doc.write_text("2025年,甘南县检测设备共服务1300台次。\n", encoding="utf-8")
    info, original = read_document(doc)

    def units(rules_dir):
        return [o.unit for o in extract_text(info, original, str(rules_dir) if rules_dir else None).observations]

    assert "台次" in units(root) and "台次" not in units(None)
    (root / "scope.json").unlink()
    with pytest.raises(RuleError) as err:
        extract_text(info, original, str(root) + "/")  # another key: not served from the cache
    assert err.value.code == "E201" and "scope.json" in str(err.value)


def test_one_rules_folder_governs_the_derivations_of_the_rdf_stage(tmp_path):
    """The links zhichan.precomputed derives in extraction_quads follow the extraction's rules folder, not extract/."""
    import json
    import shutil

    from zhichan.config import extract_dir
    from zhichan.document import read_document
    from zhichan.extraction import extract_text
    from zhichan.rdf import extraction_quads

    root = tmp_path / "extract"
    shutil.copytree(extract_dir(), root)
    links = json.loads((root / "figure_links.json").read_text(encoding="utf-8"))
    links["year_in_sentence"] = "((?!x)x)"  # a sentence never dates a program here
    (root / "figure_links.json").write_text(json.dumps(links, ensure_ascii=False), encoding="utf-8")
    doc = tmp_path / "probe.txt"
    doc.write_text("佛山市市场监督管理局于2023年开展“蓝天”专项行动，打击商标侵权。\n", encoding="utf-8")
    info, original = read_document(doc)

    def stated_years(rules_dir):
        x = extract_text(info, original, str(rules_dir) if rules_dir else None)
        return {q.object.value for q in extraction_quads(x) if q.predicate.value.endswith("#statedYear")}

    assert stated_years(None) == {"2023"}
    assert stated_years(root) == set()
    # an extraction read back from JSON has no rules folder: extract/ again
    x = extract_text(info, original, str(root))
    back = type(x).model_validate_json(x.model_dump_json())
    assert {q.object.value for q in extraction_quads(back) if q.predicate.value.endswith("#statedYear")} == {"2023"}


def test_area_and_anaphor_words_are_checked(tmp_path):
    """pronouns.json holds the area words a figure names and the heads 该 refers back with; both are checked."""
    root = tmp_path / "extract"
    shutil.copytree(extract_dir(), root)
    path = root / "lexicons" / "pronouns.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert load_rules(root).area_levels == data["area_levels"]
    data["area_levels"]["全镇"] = "town"  # no such scope level
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(root)
    assert err.value.code == "E208" and "area_levels" in str(err.value)
