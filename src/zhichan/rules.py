"""Loading and checking the declarative rules under ``extract/``.

Input: the files of ``extract/`` (JSON, JSON Lines, tab-separated lexicons). Output: a ``Rules``
object the pipeline components share. Every malformed entry raises a ``RuleError`` naming the
file, the line, the bad value and the fix, so a researcher editing a rule file learns at once
what is wrong.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import extract_dir
from .errors import RuleError
from .models import EntityType

HEAD_NEEDS = {"noun_prefix", "brand", "name_word", "prefix", "place", "relative", "proper", "quote", "trigger_or_quote", "named", "award",
              "issue_trigger", "launch_trigger", "sign_trigger", "agency_inside", "before_committee", "org_inside", "no_org_inside",
              "place_context", "after_place", "after_firm", "registered_place", "establish_trigger"}
RULE_KINDS = {"head", "lexicon", "regex", "anonymised", "list", "context", "quoted", "title", "quoted_policy",
              "quoted_product", "gazetteer", "role", "byline", "model"}


@dataclass(frozen=True)
class HeadRule:
    type: EntityType
    head: str
    kind: str | None
    needs: tuple[str, ...]
    min_prefix: int
    max_prefix: int
    reject_before: re.Pattern | None
    reject_after: re.Pattern | None
    source: str


@dataclass(frozen=True)
class PatternRule:
    type: EntityType
    rule: str
    pattern: str  # uncompiled: {PLACE} is filled with the gazetteer's names when the finder is built
    kind: str | None
    source: str


@dataclass
class Rules:
    heads: list[HeadRule] = field(default_factory=list)
    patterns: list[PatternRule] = field(default_factory=list)
    lexicon: dict[str, tuple[EntityType, str, str | None]] = field(default_factory=dict)  # surface → (type, canonical, kind)
    enabled: set[tuple[EntityType, str]] = field(default_factory=set)  # (type, rule) for rules coded in Python
    boundaries: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    admin_prefixes: list[str] = field(default_factory=list)
    abbreviations: list[tuple[re.Pattern, str]] = field(default_factory=list)
    surnames: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    person_stop: re.Pattern = re.compile(r"(?!)")  # matches inside a proposed name that is not a person's
    names: dict = field(default_factory=dict)
    pos: dict = field(default_factory=dict)  # jieba POS tag sets by role and min_freq (lexicons/pos.json)
    area_words: set[str] = field(default_factory=set)  # 全市, 本省 …: a collective, not a name (lexicons/pronouns.json)
    pronouns: set[str] = field(default_factory=set)  # 该, 本, 这家 …: an anaphor before a head
    area_levels: dict[str, str] = field(default_factory=dict)  # a figure's area word → the scope level it names
    anaphor_heads: dict = field(default_factory=dict)  # 该 + head → the core classes it refers back to
    bank_anaphor: str = ""  # the head of 该 + head that prefers a bank
    anaphor_word: str = ""  # 该
    words: dict = field(default_factory=dict)  # words and patterns by role (lexicons/entity_words.json)
    triggers: dict[str, list[str]] = field(default_factory=dict)
    figures: object = None  # FigureRules of figures.json (components.figures)
    concepts: dict = field(default_factory=dict)  # metrics/concepts.json (components.figures.metric_concept)
    scope: object = None  # ScopeRules of scope.json (scope)
    relations: dict[str, dict] = field(default_factory=dict)  # predicate → its rules (load_relation_rules)
    recipients: dict = field(default_factory=dict)  # who received an honour (load_recipient_rules)
    figure_links: dict = field(default_factory=dict)  # figure_links.json (precomputed): words and compiled patterns


def _read_lines(path: Path) -> list[tuple[int, str]]:
    if not path.exists():
        raise RuleError("E201", "rule file is missing", path=str(path), fix="restore it from the repository")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.append((n, line.rstrip("\n")))
    return out


def _compile(text: str, path: Path, line: int, what: str) -> re.Pattern:
    try:
        return re.compile(text)
    except re.error as err:
        raise RuleError("E203", f"{what} is not a valid regular expression: {err}", path=str(path), line=line,
                        value=text, fix="escape special characters with \\\\ (JSON needs the backslash doubled)") from err


def rule_file_stamp(path: Path) -> int:
    """The modification stamp a cached rule file is checked against (``E201`` when the file is missing)."""
    try:
        return Path(path).stat().st_mtime_ns
    except FileNotFoundError as err:
        raise RuleError("E201", "rule file is missing", path=str(path), fix="restore it from the repository") from err


def cached_by_stamp(cache: dict, path: Path, parse):
    """``parse(path)``, kept in ``cache`` until the file's modification stamp changes (a rule file edited while
    a server or a notebook runs is read again; ``E201`` when it is missing)."""
    stamp = rule_file_stamp(path)
    hit = cache.get(str(path))
    if hit and hit[0] == stamp:
        return hit[1]
    value = parse(path)
    cache[str(path)] = (stamp, value)
    return value


def load_json(path: Path) -> dict:
    """A JSON rule file (``E201`` missing, ``E202`` not JSON, with the line)."""
    return _load_json(Path(path))


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise RuleError("E201", "rule file is missing", path=str(path), fix="restore it from the repository") from err
    except json.JSONDecodeError as err:
        raise RuleError("E202", f"not valid JSON: {err.msg}", path=str(path), line=err.lineno,
                        fix="check commas and quotes on that line") from err


def _lexicon(path: Path, type_: EntityType, rules: Rules) -> None:
    for n, line in _read_lines(path):
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise RuleError("E204", "a lexicon line needs name<TAB>canonical name[<TAB>kind]", path=str(path), line=n,
                            value=line, fix="separate the columns with one tab character")
        kind = parts[2].strip() if len(parts) > 2 and parts[2].strip() else None
        rules.lexicon[parts[0].strip()] = (type_, parts[1].strip(), kind)


def load_rules(root: Path | None = None) -> Rules:
    root = Path(root) if root else extract_dir()
    rules = Rules()
    lex = root / "lexicons"
    rules.boundaries = sorted({w.strip() for _, w in _read_lines(lex / "boundaries.txt")}, key=len, reverse=True)
    rules.protected = sorted({w.strip() for _, w in _read_lines(lex / "protected.txt")}, key=len, reverse=True)
    rules.admin_prefixes = sorted({w.strip() for _, w in _read_lines(lex / "admin_prefixes.txt")}, key=len, reverse=True)
    for n, line in _read_lines(lex / "abbreviations.txt"):
        short, _, full = line.partition("\t")
        if not _:
            raise RuleError("E204", "an abbreviation line needs short<TAB>full", path=str(lex / "abbreviations.txt"),
                            line=n, value=line, fix="separate the columns with one tab character")
        if short.startswith("re:"):
            rules.abbreviations.append((_compile(short[3:], lex / "abbreviations.txt", n, "the pattern"), full))
        else:
            rules.abbreviations.append((re.compile(re.escape(short)), full))
    for _, line in _read_lines(lex / "surnames.txt"):
        rules.surnames.update(line.split())
    stops = [w.strip() for _, w in _read_lines(lex / "person_stop.txt")]
    if stops:
        rules.person_stop = re.compile("|".join(map(re.escape, sorted(stops, key=len, reverse=True))))
    rules.roles = sorted({w.strip() for _, w in _read_lines(lex / "roles.txt")}, key=len, reverse=True)
    pos = _load_json(lex / "pos.json")
    for key in ("name_word", "not_name_start"):
        if not isinstance(pos.get(key), list):
            raise RuleError("E205", f"POS list {key!r} is missing", path=str(lex / "pos.json"),
                            fix=f'add "{key}": ["n", ...] to the file')
        rules.pos[key] = set(pos[key])
    if not isinstance(pos.get("min_freq"), int):
        raise RuleError("E205", "'min_freq' (a whole number) is missing", path=str(lex / "pos.json"),
                        fix='add "min_freq": 100 to the file')
    rules.pos["min_freq"] = pos["min_freq"]
    common = pos.get("common_word_min_freq")
    if not isinstance(common, dict) or not all(isinstance(v, int) for v in common.values()):
        raise RuleError("E205", "'common_word_min_freq' (tag → whole number) is missing", path=str(lex / "pos.json"),
                        fix='add "common_word_min_freq": {"n": 1000} to the file')
    rules.pos["common_word_min_freq"] = common
    words = _load_json(lex / "pronouns.json")
    for key in ("pronouns", "area_words"):
        if not isinstance(words.get(key), list) or not all(isinstance(w, str) for w in words[key]):
            raise RuleError("E208", f"{key!r} must be a list of strings", path=str(lex / "pronouns.json"),
                            fix='write it as ["…", "…"]')
    rules.pronouns, rules.area_words = set(words["pronouns"]), set(words["area_words"])
    levels, heads = words.get("area_levels"), words.get("anaphor_heads")
    if not isinstance(levels, dict) or not all(v in ("city", "district", "local", "province") for v in levels.values()):
        raise RuleError("E208", "'area_levels' maps an area word to city, district, local or province",
                        path=str(lex / "pronouns.json"), fix='write it as {"全市": "city", …}')
    if not isinstance(heads, dict) or not all(isinstance(v, list) and set(v) <= {t.value for t in EntityType}
                                              for v in heads.values()) or words.get("bank_anaphor") not in heads:
        raise RuleError("E208", "'anaphor_heads' maps a head to a list of core classes, and 'bank_anaphor' is one "
                        "of its heads", path=str(lex / "pronouns.json"), fix='write it as {"公司": ["Company"], …}')
    rules.area_levels = dict(levels)
    rules.anaphor_heads = {h: tuple(EntityType(t) for t in v) for h, v in heads.items()}
    rules.bank_anaphor = words["bank_anaphor"]
    if not isinstance(words.get("anaphor_word"), str) or not words["anaphor_word"]:
        raise RuleError("E208", "'anaphor_word' must be a word", path=str(lex / "pronouns.json"), fix='write it as "该"')
    rules.anaphor_word = words["anaphor_word"]
    rules.words = _load_json(lex / "entity_words.json")
    _check_words(rules.words, lex / "entity_words.json")
    rules.names = _load_json(root / "names.json")
    _check_names(rules.names, root / "names.json")
    rules.relations = load_relation_rules(root)
    rules.triggers = relation_triggers(rules.relations)
    rules.recipients = load_recipient_rules(root)

    for type_ in EntityType:
        path = root / "entities" / f"{type_.value}.jsonl"
        for n, line in _read_lines(path):
            try:
                spec = json.loads(line)
            except json.JSONDecodeError as err:
                raise RuleError("E202", f"not valid JSON: {err.msg}", path=str(path), line=n, value=line,
                                fix="one JSON object per line") from err
            rule = spec.get("rule")
            if rule not in RULE_KINDS:
                raise RuleError("E206", "unknown rule kind", path=str(path), line=n, value=rule,
                                fix=f"use one of {', '.join(sorted(RULE_KINDS))}")
            if rule == "head":
                needs = tuple(spec.get("needs", []))
                bad = [x for x in needs if x not in HEAD_NEEDS]
                if bad or not spec.get("head"):
                    raise RuleError("E207", "a head rule needs a 'head' and known 'needs'", path=str(path), line=n,
                                    value=bad or spec.get("head"), fix=f"needs may hold {', '.join(sorted(HEAD_NEEDS))}")
                rb, ra = spec.get("reject_before"), spec.get("reject_after")
                rules.heads.append(HeadRule(
                    type_, spec["head"], spec.get("kind"), needs, int(spec.get("min_prefix", 2)),
                    int(spec.get("max_prefix", 24)),
                    _compile(rb, path, n, "reject_before") if rb else None,
                    _compile(ra, path, n, "reject_after") if ra else None, f"{path.name}:{n}"))
            elif rule == "lexicon":
                if not spec.get("file"):
                    raise RuleError("E207", "a lexicon rule needs a 'file'", path=str(path), line=n,
                                    fix='add "file": "lexicons/<name>.txt"')
                _lexicon(root / spec["file"], type_, rules)
            elif rule in ("regex", "anonymised", "list", "context"):
                if "pattern" not in spec:
                    raise RuleError("E207", f"a {rule} rule needs a 'pattern'", path=str(path), line=n,
                                    fix='add "pattern": "..."')
                # {PLACE} stands for the gazetteer's names; check the rest of the expression now
                _compile(spec["pattern"].replace("{PLACE}", "(?:x)"), path, n, "the pattern")
                rules.patterns.append(PatternRule(type_, rule, spec["pattern"], spec.get("kind"), f"{path.name}:{n}"))
            else:
                rules.enabled.add((type_, rule))
    rules.heads.sort(key=lambda r: len(r.head), reverse=True)
    # the figure, metric and scope rules are checked by their own parsers, but loaded here with the rest,
    # so that one rules folder (``extract_text(rules_dir=X)``) governs every stage
    from .components.figures import load_concept_rules, load_rules as load_figure_rules
    from .scope import load_rules as load_scope_rules

    rules.figures = load_figure_rules(root / "figures.json")
    rules.concepts = load_concept_rules(root / "metrics" / "concepts.json")
    rules.scope = load_scope_rules(root / "scope.json")
    rules.figure_links = load_figure_links(root / "figure_links.json")
    return rules


FIGURE_LINK_WORDS = ("lending_words", "refer_back_words")
FIGURE_LINK_PATTERNS = ("year_in_name", "year_in_sentence")


def load_figure_links(path: Path) -> dict:
    """figure_links.json: word lists stay lists, patterns are compiled (``year_in_sentence`` needs a group)."""
    data = _load_json(path)
    out: dict = {}
    for key in FIGURE_LINK_WORDS:
        words = data.get(key)
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise RuleError("E208", f"{key!r} must be a non-empty list of words", path=str(path),
                            fix=f'write it as "{key}": ["…", "…"]')
        out[key] = tuple(sorted(set(words), key=lambda w: (-len(w), w)))
    raw = data.get("year_in_sentence")
    for key in FIGURE_LINK_PATTERNS:
        if not isinstance(data.get(key), str) or not data[key]:
            raise RuleError("E208", f"{key!r} must be a regular expression", path=str(path),
                            fix=f'write it as "{key}": "(?:19|20)\\\\d{{2}}"')
        out[key] = _compile(data[key], path, _line_of_key(path, key), key)
    if out["year_in_sentence"].groups < 1:
        raise RuleError("E208", "'year_in_sentence' must capture the year in group 1", path=str(path),
                        line=_line_of_key(path, "year_in_sentence"), value=raw, fix="put the year in parentheses")
    return out


def _line_of_key(path: Path, key: str) -> int | None:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith(f'"{key}"'):
            return n
    return None


NAMES_LISTS = ("policy_heads", "not_policy_after_title", "report_after_title", "not_policy_before_title", "quoted_model_after", "quoted_policy_after",
               "quoted_program_after", "quoted_program_endings", "quoted_list_tail", "quoted_after_trigger",
               "selection_before_title", "product_endings", "generic_products", "head_modifiers", "head_modifier_kinds")
NAMES_PATTERNS = ("quoted_policy_inside", "quoted_not_program_inside")


def _check_names(names: dict, path: Path) -> None:
    for key in NAMES_LISTS + NAMES_PATTERNS + ("quoted_program_code",):
        if key not in names:
            raise RuleError("E205", f"key {key!r} is missing", path=str(path), fix=f'add "{key}" to the file')
    for key in NAMES_LISTS + NAMES_PATTERNS:
        if not isinstance(names[key], list) or not all(isinstance(x, str) for x in names[key]):
            raise RuleError("E208", f"{key!r} must be a list of strings", path=str(path), value=str(names[key])[:60],
                            fix='write it as ["…", "…"]')
    for key in NAMES_PATTERNS:
        for pattern in names[key]:
            _compile(pattern, path, 0, f"an entry of {key!r}")
    _compile(names["quoted_program_code"], path, 0, "'quoted_program_code'")
    for key in ("award_after_title_re", "collection_title_re", "quoted_shared_head_re"):
        if key not in names:
            raise RuleError("E205", f"key {key!r} is missing", path=str(path), fix=f'add "{key}" to the file')
        _compile(names[key], path, 0, f"{key!r}")
    if "in_name_count" not in names:
        raise RuleError("E205", "key 'in_name_count' is missing", path=str(path), fix='add "in_name_count" to the file')
    _compile(names["in_name_count"], path, 0, "'in_name_count'")


WORD_TABLES = ("policy_kinds", "program_kinds", "relative_prefixes", "zone_short_heads", "firm_short_heads")


def _check_words(words: dict, path: Path) -> None:
    """Every key the finder and resolution read is present; patterns compile; lists hold strings."""
    needed = ("generic_prefix_re", "edition_end_re", "year_end_re", "counted_holders_re", "count_before_re",
              "count_list_after_re", "not_relative_starts", "informal_place_suffixes", "loan_after_quote",
              "quoted_org_heads", "means_trigger", "means_after_re", "attributive_after", "award_endings", "not_award_words",
              "head_completions", "second_name_re", "list_marker", "national_starts", "done_particle",
              "issue_extra", "org_words", "firm_words", "place_context_before", "list_part_re",
              "person_after_re", "leader_titles", "byline_re", "byline_title_re", "byline_part_re",
              "author_role", "sub_bureau_heads", "district_prefixes", "alias_re", "program_year_start_re", "product_after_quote_re", "loan_after_reject_re", "firm_suffixes", "branch_heads", "lender_words", "national_firm_prefixes", "group_suffixes", "municipality_codes", "name_conjunctions", "head_conjunctions", "list_heads", "bracket_name_starts",
              "list_sibling_joiners", "description_cues", "amount_start_re", "byline_lead_re", "byline_not_names",
              "informal_suffix_not_before", "outlet_after_place_re", "brand_after_county_re",
              "words_holding_places", "sub_bureau_parent_re", "program_year_end_re",
              "town_after_short_re", "program_edition_start_re", "edition_kinds",
              "platform_after_product", "event_hold_verbs",
              "generic_subjects") + WORD_TABLES
    for key in needed:
        if key not in words:
            raise RuleError("E205", f"key {key!r} is missing", path=str(path), fix=f'add "{key}" to the file')
        value = words[key]
        if key.endswith("_re"):
            _compile(value, path, 0, f"{key!r}")
        elif key in WORD_TABLES:
            if not isinstance(value, list) or not value:
                raise RuleError("E208", f"{key!r} must be a non-empty list", path=str(path), fix="see the _doc entry")
        elif not isinstance(value, (str, list)) or isinstance(value, list) and not all(isinstance(w, str) for w in value):
            raise RuleError("E208", f"{key!r} must be a word or a list of words", path=str(path),
                            value=str(value)[:60], fix='write it as "…" or ["…", "…"]')
    if not isinstance(words.get("sibling_prefix_max"), int) or words["sibling_prefix_max"] < 1:
        raise RuleError("E208", "'sibling_prefix_max' must be a positive whole number", path=str(path),
                        value=str(words.get("sibling_prefix_max")), fix='write it as a number, e.g. 4')
    rank = words.get("place_level_rank")
    if not isinstance(rank, dict) or not rank or not all(isinstance(v, int) for v in rank.values()):
        raise RuleError("E208", "'place_level_rank' must map each place level to a whole number", path=str(path),
                        value=str(rank)[:60], fix='write it as {"Province": 0, "PrefectureCity": 1, …}')
    for row in words["relative_prefixes"]:
        if len(row) != 2 or row[1] not in ("city", "province", "district"):
            raise RuleError("E208", "a relative prefix is [prefix, city|province|district]", path=str(path),
                            value=str(row), fix='write it as [prefix, "city"]')


@lru_cache(maxsize=4)
def cached_rules(root: str | None = None) -> Rules:
    return load_rules(Path(root) if root else None)


# ---------------------------------------------------------------- relation rules: extract/relations/*.json

RELATION_PREDICATES = ("issuedBy", "signatory", "organizedBy", "offeredBy", "subOrganizationOf", "fundedBy",
                       "locatedIn")
_TYPES = "types"
_WORDS, _REGEX, _PRONOUNS, _TEXT, _NUMBER = "words", "regex", "pronouns", "text", "number"
_WORD_MAP = "word_map"  # a word → a list of words
# what each file may hold: key → kind, or key → {sub-key → kind} for a family of rules; every key is required
RELATION_SCHEMA: dict[str, dict] = {
    "context": {"lead_in": _REGEX, "pronouns": _PRONOUNS, "coordination": _WORDS, "coordination_adverbs": _WORDS,
                "joint_starts": _WORDS,
                "clause_marks": _WORDS, "sentence_end": _TEXT, "min_unquoted_policy_name": _NUMBER,
                "passive_markers": _WORDS, "pronoun_heads": _WORD_MAP},
    "issuedBy": {"verbs": _WORDS, "title_issuers": {"joiners": _WORDS, "after": _WORDS},
                 "adopted_by": {"markers": _WORDS, "verbs": _WORDS}},
    "signatory": {"verbs": _WORDS, "joint_starts": _WORDS},
    "organizedBy": {"verbs": _WORDS, "award_verbs": _WORDS, "awarded_by": _REGEX, "not_organizing": _WORDS,
                    "list_joiners": _WORDS, "co_roles": _WORDS, "giving": {"verbs": _WORDS, "not_after": _WORDS},
                    "roles": {"names": _WORDS, "copula": _WORDS, "takes": _WORDS, "program_heads": _WORDS},
                    "back_references": _WORDS},
    "offeredBy": {"verbs": _WORDS, "lender_kinds": _WORDS, "respectively": _WORDS},
    "subOrganizationOf": {"verbs": _WORDS, "not_after": _WORDS, "stops": _WORDS, "part_of": _WORDS,
                          "part_of_tail": _WORDS, "belongs_to": _WORDS, "copula": _WORDS, "same_body_suffixes": _WORDS,
                          "tribunals": {"tribunal_heads": _WORDS, "court_heads": _WORDS},
                          "bare_parts": {"part_heads": _WORDS, "whole_heads": _WORDS}},
    "fundedBy": {"lend_to": {"markers": _WORDS, "not_after": _WORDS, "pronoun_borrowers": _WORDS, "verbs": _WORDS,
                             "partner_kinds": _WORDS, "others_of_the_firm": _WORDS},
                 "lend_towards": {"markers": _WORDS, "adverbs": _WORDS, "verbs": _WORDS}, "not_funding": _WORDS,
                 "receive": {"verbs": _WORDS, "aspect": _WORDS, "nouns": _WORDS},
                 "through": {"markers": _WORDS, "verbs": _WORDS, "backing_after": _WORDS},
                 "contract": {"markers": _WORDS, "verbs": _WORDS, "nouns": _WORDS, "not_a_loan": _WORDS, "receive_adverbs": _WORDS},
                 "direct": {"verbs": _WORDS}, "invest": {"verbs": _WORDS, "round_verbs": _WORDS, "stops": _WORDS}},
    "locatedIn": {"verbs": _WORDS, "particles": _WORDS, "attributive": _WORDS, "set_up_in": {"markers": _WORDS, "verbs": _WORDS},
                  "held_after": {"markers": _WORDS, "verbs": _WORDS, "gap": _NUMBER},
                  "ranked_in_area": {"area_words": _WORDS, "rank_verbs": _WORDS, "among": _WORDS},
                  "name_places": {"name_types": _TYPES, "not_places": _WORDS}},
}
for _pred in RELATION_PREDICATES:  # every predicate file states which types it links
    RELATION_SCHEMA[_pred] = {"predicate": _TEXT, "subject_types": _TYPES, "object_types": _TYPES,
                              **RELATION_SCHEMA[_pred]}


def _line_of(raw: str, key: str, after: int = 0) -> int | None:
    """The line (from 1) where ``"key"`` is first written at or after line ``after``, for error messages."""
    for n, line in enumerate(raw.splitlines(), 1):
        if n >= after and f'"{key}"' in line:
            return n
    return None


def _check_relation_value(value, kind, path: Path, raw: str, key: str, line: int | None):
    def bad(problem: str, fix: str):
        raise RuleError("E221", f"{key!r}: {problem}", path=str(path), line=line, value=str(value)[:60], fix=fix)

    type_names = {t.value for t in EntityType}
    if kind == _TEXT:
        if not isinstance(value, str) or not value:
            bad("must be a non-empty string", 'write it as "…"')
        return value
    if kind == _NUMBER:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            bad("must be a whole number, 0 or more", "write it without quotes, e.g. 8")
        return value
    if kind == _REGEX:
        if not isinstance(value, str):
            bad("must be a regular expression in a string", 'write it as "…"')
        _compile(value, path, line or 0, f"{key!r}")
        return value
    if kind in (_WORDS, _TYPES):
        if not isinstance(value, list) or not value or not all(isinstance(x, str) and x for x in value):
            bad("must be a non-empty list of non-empty strings", 'write it as ["…", "…"]')
        if kind == _TYPES:
            unknown = [x for x in value if x not in type_names]
            if unknown:
                bad(f"unknown entity type {unknown[0]!r}", f"use {', '.join(sorted(type_names))}")
            return tuple(value)
        return sorted(dict.fromkeys(value), key=len, reverse=True)  # longest first: 组织开展 before 开展
    if kind == _PRONOUNS:
        if not isinstance(value, dict) or not value:
            bad("must map each pronoun to the entity types it points back to", 'write it as {"<pronoun>": ["Company"]}')
        out = {}
        for word, types in value.items():
            out[word] = _check_relation_value(types, _TYPES, path, raw, word, _line_of(raw, word, line or 0))
        return out
    if kind == _WORD_MAP:
        if not isinstance(value, dict) or not value:
            bad("must map each word to a list of words", 'write it as {"<word>": ["…"]}')
        return {word: _check_relation_value(words, _WORDS, path, raw, word, _line_of(raw, word, line or 0))
                for word, words in value.items()}
    if isinstance(kind, dict):
        if not isinstance(value, dict):
            bad("must be an object of rule lists", "write it as {\"…\": [\"…\"]}")
        return _check_relation_object(value, kind, path, raw, line or 0)
    raise AssertionError(kind)


def _check_relation_object(data: dict, schema: dict, path: Path, raw: str, after: int = 0) -> dict:
    out = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue  # notes for the reader
        line = _line_of(raw, key, after)
        if key not in schema:
            raise RuleError("E222", f"unknown key {key!r}", path=str(path), line=line, value=key,
                            fix=f"use one of {', '.join(schema)} (keys starting with _ are notes)")
        out[key] = _check_relation_value(value, schema[key], path, raw, key, line)
    for key in schema:
        if key not in out:
            raise RuleError("E223", f"the key {key!r} is missing", path=str(path), line=after or None,
                            fix=f'add "{key}" (see the other files under extract/relations/)')
    return out


def load_relation_rules(root: Path | None = None) -> dict[str, dict]:
    """``extract/relations/<predicate>.json`` for the seven predicates and ``context.json``, checked.

    Returns predicate (or ``"context"``) → its rules, word lists sorted longest first. Raises
    ``RuleError``: E201 missing file, E202 not JSON, E203 bad regular expression, E220 the file names
    another predicate, E221 malformed value, E222 unknown key, E223 missing key — each with the file
    and the line."""
    folder = (Path(root) if root else extract_dir()) / "relations"
    out = {}
    for name in ("context",) + RELATION_PREDICATES:
        path = folder / f"{name}.json"
        data = _load_json(path)
        raw = path.read_text(encoding="utf-8")
        if not isinstance(data, dict):
            raise RuleError("E221", "the file must hold one JSON object", path=str(path), fix="wrap the rules in { … }")
        if name != "context" and data.get("predicate") not in (None, name):
            raise RuleError("E220", "the file names another predicate", path=str(path),
                            line=_line_of(raw, "predicate"), value=data.get("predicate"),
                            fix=f'write "predicate": "{name}" or rename the file')
        out[name] = _check_relation_object(data, RELATION_SCHEMA[name], path, raw)
    return out


def relation_triggers(relations: dict[str, dict]) -> dict[str, list[str]]:
    """The verb lists other components read by their old names (issue, sign, organize …)."""
    return {"issue": relations["issuedBy"]["verbs"], "sign": relations["signatory"]["verbs"],
            "organize": relations["organizedBy"]["verbs"], "award": relations["organizedBy"]["award_verbs"],
            "launch": relations["offeredBy"]["verbs"], "establish": relations["subOrganizationOf"]["verbs"],
            "locate": relations["locatedIn"]["verbs"], "coordinate": relations["context"]["coordination"]}


# ---------------------------------------------------------------- recipient rules: extract/recipients.json

RECIPIENT_SCHEMA: dict[str, object] = {
    "honour_kinds": _WORDS, "candidate_types": _TYPES, "subject_types": _TYPES, "cues": _WORDS,
    "clause_breaks": _WORDS, "quote_opens": _WORDS, "quote_closes": _WORDS, "passive_markers": _WORDS,
    "subject_within": _NUMBER}


def load_recipient_rules(root: Path | None = None) -> dict:
    """``extract/recipients.json`` (read by ``zhichan.recipients``), checked.

    Returns key → value, word lists sorted longest first. Raises ``RuleError``: E201 missing file, E202 not
    JSON, E221 malformed value or an honour kind the ontology does not declare under zc:Program, E222
    unknown key, E223 missing key — each with the file and, where it can, the line."""
    path = (Path(root) if root else extract_dir()) / "recipients.json"
    data = _load_json(path)
    raw = path.read_text(encoding="utf-8")
    if not isinstance(data, dict):
        raise RuleError("E221", "the file must hold one JSON object", path=str(path), fix="wrap the rules in { … }")
    out = _check_relation_object(data, RECIPIENT_SCHEMA, path, raw)
    from .terms import kinds  # the ontology is read only when the rules are

    unknown = [k for k in out["honour_kinds"] if k not in kinds()["Program"]]
    if unknown:
        raise RuleError("E221", "'honour_kinds': not a finer class of zc:Program in the ontology", path=str(path),
                        line=_line_of(raw, "honour_kinds"), value=unknown[0],
                        fix=f"use {', '.join(kinds()['Program'])}")
    return out


@lru_cache(maxsize=4)
def cached_recipient_rules(root: str | None = None) -> dict:
    return load_recipient_rules(Path(root) if root else None)
