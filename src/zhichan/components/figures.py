"""Pipeline component ``zhichan_figures``: normalised text → figures (observations).

Input: a document's normalised text (full-width forms folded, page-break splits joined) and its
meta (``year``, ``city``, ``district``, ``province``). Output: ``find_figures`` returns ``Figure``
records — value in the base unit, unit, metric as the text words it, period, area, the growth
rate's or share's target — and the spaCy component stores them as ``doc.spans["zhichan_figures"]``
with ``span._.figure``.

How figures are written is data in ``extract/figures.json`` (units, multipliers, approximation,
link and growth words, the words that end a metric, exclusions); this module holds the procedure:
find a number with its unit, reject dates, ordinals, ranges and quoted names, then read the metric
from the clause (left of the number, or after it when the number modifies a noun), and the period
and area from the clause, sentence, paragraph and document scopes, in that order.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import cn2an
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..config import extract_dir
from ..errors import RuleError

SPAN_KEY = "zhichan_figures"
RULES_NAME = "figures.json"


@dataclass(frozen=True)
class Figure:
    """One measured quantity. Offsets index the normalised text given to ``find_figures``."""

    start: int
    end: int
    value: Decimal
    unit: str
    metric: str
    text_start: int
    text_end: int
    period: str | None = None
    area: str | None = None
    growth_of: int | None = None
    approximation: str | None = None
    period_stated: bool = False  # the text dates it relatively (今年, 去年) and the document gives no date to resolve it


# ---------------------------------------------------------------- rules

LIST_KEYS = (
    "result_words", "sibling_kinds", "streak_words", "duration_links", "change_to_words", "time_units", "time_anchor_after", "unit_glosses",
    "approximation_before", "approximation_after_number", "approximation_after_unit", "link_words", "growth_words",
    "growth_after", "share_words", "ratio_lead_words", "ratio_units", "comparison_words",
    "left_boundaries", "protected_words", "metric_prefixes", "after_not_attributive", "conjunctions",
    "contextual_area_words", "place_suffixes", "place_noun_endings", "place_first_char_blockers",
    "place_inner_blockers", "relative_prefix_blockers", "subject_suffixes", "measure_heads", "current_year_words",
    "present_words", "number_prefix_excluded", "chinese_numeral_prefix_excluded", "range_separators", "quote_pairs",
    "report_title_words", "recipient_suffixes", "count_verbs", "spaced_units", "borrower_prepositions", "clause_openers", "noun_phrase_stops", "classifier_units", "negative_signs", "object_measures", "object_verbs", "after_stop_words", "subject_blocking_starts", "partner_joiners", "source_markers", "after_adverbs", "receive_verbs", "attend_verbs", "duration_have_links",
    "cumulative_before", "cumulative_after", "increment_words", "grant_verbs", "gloss_bounds", "case_measure_starts", "threshold_before", "threshold_attributes", "part_markers", "clause_time_words", "whole_area_openers",
    "predicate_modifier_tags", "aim_words", "aim_time_words",
)
MAP_KEYS = ("units", "duration_units", "area_words", "relative_agency_prefixes", "relative_years")
PATTERN_KEYS = ("change_patterns", "time_patterns", "frame_patterns", "exclude_patterns", "member_list_patterns", "means_patterns",
                "reference_patterns", "referent_patterns")
INT_KEYS = ("max_quote_chars", "max_attributive_left", "max_after_chars", "max_elliptical_chars", "max_subject_chars",
            "max_integer_digits", "max_classified_chars",
            "max_named_before_chars", "max_headline_chars", "max_ratio_base", "max_threshold_noun")


@dataclass(frozen=True)
class FigureRules:
    units: dict[str, str]
    duration_units: dict[str, str]
    multipliers: dict[str, Decimal]
    unit_blockers: dict[str, tuple[str, ...]]
    words: dict[str, tuple[str, ...]]  # every plain word list, longest first
    maps: dict[str, dict[str, str]]
    patterns: dict[str, tuple[re.Pattern, ...]]
    families: tuple[tuple[str, ...], ...]
    limits: dict[str, int]
    grammar: dict = field(default_factory=dict)  # numerals and function words (see "grammar" in the file)
    number_re: re.Pattern | None = None
    year_re: re.Pattern | None = None
    multiplier_values: dict = field(default_factory=dict)
    path: str = ""
    unit_forms: tuple[str, ...] = field(default=())  # units and duration units, longest first
    area_order: tuple[tuple[str, str], ...] = field(default=())  # area words, longest first

    def w(self, key: str) -> tuple[str, ...]:
        return self.words[key]


def _line_of(text: str, key: str) -> int | None:
    needle = f'"{key}"'
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n
    return None


def load_rules(path: str | Path | None = None) -> FigureRules:
    """Read and check ``extract/figures.json`` (or ``path``), cached until the file changes.

    Raises ``RuleError``: E201 missing file, E202 not JSON, E203 bad regular expression, E210 missing key,
    E211 malformed entry, E212 unknown key."""
    from ..rules import cached_by_stamp

    return cached_by_stamp(_CACHE, Path(path) if path else extract_dir() / RULES_NAME, _parse_rules)


_CACHE: dict[str, tuple[int, FigureRules]] = {}


def _parse_rules(p: Path) -> FigureRules:
    try:
        raw_text = p.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise RuleError("E201", "rule file is missing", path=str(p),
                        fix="restore extract/figures.json from the repository") from err
    try:
        data = json.loads(raw_text)
    except json.JSONDecodeError as err:
        raise RuleError("E202", f"not valid JSON: {err.msg}", path=str(p), line=err.lineno,
                        fix="check commas and quotes on that line") from err
    if not isinstance(data, dict):
        raise RuleError("E211", "the file must hold one JSON object", path=str(p), fix="wrap the rules in { … }")

    def need(key: str):
        if key not in data:
            raise RuleError("E210", f"the key {key!r} is missing", path=str(p),
                            fix=f"add \"{key}\" (see the other keys of extract/figures.json for its shape)")
        return data[key]

    def bad(key: str, problem: str, value, fix: str):
        raise RuleError("E211", f"{key!r}: {problem}", path=str(p), line=_line_of(raw_text, key), value=str(value),
                        fix=fix)

    def words(key: str) -> tuple[str, ...]:
        val = need(key)
        if not isinstance(val, list):
            bad(key, "must be a list of words", val, f'write "{key}": ["…", "…"]')
        for item in val:
            if not isinstance(item, str) or not item:
                bad(key, "every entry must be a non-empty string", item, "remove the entry or quote it as a string")
        return tuple(sorted(set(val), key=len, reverse=True))

    def mapping(key: str) -> dict[str, str]:
        val = need(key)
        if not isinstance(val, dict):
            bad(key, "must be an object of word → canonical form", val, f'write "{key}": {{"…": "…"}}')
        for k, v in val.items():
            if not k or not isinstance(v, str) or not v:
                bad(key, f"the entry {k!r} needs a non-empty string as its canonical form", v,
                    f'write "{k}": "<canonical form>"')
        return dict(val)

    def patterns(key: str) -> tuple[re.Pattern, ...]:
        out = []
        for item in words(key):
            try:
                out.append(re.compile(item))
            except re.error as err:
                raise RuleError("E203", f"{key!r}: not a valid regular expression: {err}", path=str(p),
                                line=_line_of(raw_text, key), value=item,
                                fix="escape special characters with \\\\ (JSON needs the backslash doubled)") from err
        return tuple(out)

    known = set(LIST_KEYS) | set(MAP_KEYS) | set(PATTERN_KEYS) | set(INT_KEYS) | {
        "multipliers", "unit_blockers", "qualifier_families", "grammar"}
    for key in data:
        if not key.startswith("_") and key not in known:
            raise RuleError("E212", f"unknown key {key!r}", path=str(p), line=_line_of(raw_text, key),
                            fix="check its spelling against the other keys, or start it with _ to make it a comment")
    word_lists = {k: words(k) for k in LIST_KEYS}
    maps = {k: mapping(k) for k in MAP_KEYS}
    pats = {k: patterns(k) for k in PATTERN_KEYS}
    gram = need("grammar")
    gkeys = ("digits", "decimal_digits", "zeros", "lone_one", "decimal_point", "percent_prefix", "year", "month",
             "particle", "list_end", "respectively", "ratio_unit", "share_suffix", "ratio_suffix", "classifier", "full_stop",
             "tenth")
    if not isinstance(gram, dict) or not all(isinstance(gram.get(k), str) and gram.get(k) for k in gkeys) or \
            not isinstance(gram.get("multiplier_values"), dict):
        bad("grammar", "must give every grammar word as a non-empty string and multiplier_values as an object", gram,
            "restore the grammar object from the repository and edit its values only")
    try:
        mvalues = {k: Decimal(v) for k, v in gram["multiplier_values"].items()}
    except (InvalidOperation, TypeError):
        bad("grammar", "multiplier_values must map a character to a number written as a string",
            gram["multiplier_values"], 'write "<character>": "10000"')
    cn_digits = gram["digits"] + "".join(mvalues)
    mult = {}
    for k, v in mapping("multipliers").items():
        try:
            mult[k] = Decimal(v)
        except InvalidOperation:
            bad("multipliers", f"the multiplier {k!r} is not a number", v, f'write "{k}": "10000" (digits only)')
        if mult[k] <= 0 or any(ch not in cn_digits for ch in k):
            bad("multipliers", f"the multiplier {k!r} must be Chinese numeral characters with a positive value", k,
                "use the characters of grammar.multiplier_values alone or combined")
    blockers_raw = need("unit_blockers")
    if not isinstance(blockers_raw, dict) or not all(isinstance(v, list) and all(isinstance(x, str) and x for x in v)
                                                     for v in blockers_raw.values()):
        bad("unit_blockers", "must map a unit to a list of following characters", blockers_raw,
            'write "<unit>": ["<next character>", …]')
    fams = need("qualifier_families")
    if not isinstance(fams, list) or not all(
            isinstance(f, list) and len(f) >= 2 and all(isinstance(x, str) and x for x in f) for f in fams):
        bad("qualifier_families", "must be a list of lists of at least two words", fams,
            'write [["<word>", "<sibling word>"], …]')
    limits = {}
    for k in INT_KEYS:
        v = need(k)
        if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
            bad(k, "must be a positive whole number", v, f'write "{k}": 20')
        limits[k] = v
    for k in ("ratio_units",):
        for u in word_lists[k]:
            if u not in set(maps["units"].values()):
                bad(k, f"{u!r} is not a canonical unit of 'units'", u,
                    "use a value that appears on the right of 'units'")
    forms = tuple(sorted(set(maps["units"]) | set(maps["duration_units"]), key=len, reverse=True))
    numerals = gram["digits"] + "".join(k for k, v in mvalues.items() if v == 10)
    all_numerals = gram["digits"] + "".join(mvalues)
    point, dec = re.escape(gram["decimal_point"]), gram["decimal_digits"]
    number_re = re.compile(r"(?P<ar>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                           rf"|{re.escape(gram['percent_prefix'])}(?P<pct>\d+(?:\.\d+)?|[{numerals}]+(?:{point}[{dec}]+)?)"
                           rf"|(?P<cn>[{all_numerals}]+(?:{point}[{dec}]+)?)")
    year_re = re.compile(rf"((?:19|20)\d{{2}}){re.escape(gram['year'])}(?:(\d{{1,2}}){re.escape(gram['month'])})?")
    return FigureRules(units=maps["units"], duration_units=maps["duration_units"], multipliers=mult,
                       unit_blockers={k: tuple(v) for k, v in blockers_raw.items()}, words=word_lists, maps=maps,
                       patterns=pats, families=tuple(tuple(sorted(f, key=len, reverse=True)) for f in fams),
                       limits=limits, grammar=dict(gram), number_re=number_re, year_re=year_re,
                       multiplier_values=mvalues, path=str(p), unit_forms=forms,
                       area_order=tuple(sorted(maps["area_words"].items(), key=lambda kv: -len(kv[0]))))


# ---------------------------------------------------------------- numbers

HAN = re.compile(r"[\u4e00-\u9fff]")
CLAUSE_END = set(",;。:!?\n")
BRACKET_OPEN, BRACKET_CLOSE = "(", ")"  # as normalised (document.normalise folds full-width brackets)
SENTENCE_END = set("。!?\n")
GROUP_END = set("。!?\n;")


def _gazetteer_name(name: str) -> bool:
    """Whether ``name`` is the full name of an area in the gazetteer (not only close to one)."""
    from ..places import gazetteer

    rec = gazetteer().lookup(name)
    return rec is not None and rec.name == name


def _plain(d: Decimal) -> Decimal:
    d = d.normalize()
    if d == d.to_integral_value() and d.adjusted() < 28:  # quantize needs the digits to fit the context
        return d.quantize(Decimal(1))
    return d


def _cn_value(s: str, r: FigureRules) -> Decimal | None:
    """Value of a Chinese numeral; None for 一 or 零 alone, bare 万/千 (上万家 has no number) and estimates (三四家)."""
    g, mv = r.grammar, r.multiplier_values
    if s == g["lone_one"] or s.startswith(g["decimal_point"]):
        return None
    if all(ch in g["zeros"] for ch in s):
        return None  # 零 alone is a word (零部件, 零售, 零容忍), not a count of nothing
    big = {k for k, v in mv.items() if v > 10}
    if all(ch in big for ch in s):
        if len(s) < 2:
            return None
        value = Decimal(1)
        for ch in s:
            value *= mv[ch]
        return value  # 百亿元, 千万元
    digits, zeros = g["digits"], g["zeros"]
    for a, b in zip(s, s[1:]):
        if a in digits and b in digits and a not in zeros and b not in zeros:
            return None  # 三四家 is an estimate, 二〇二三 a year
    try:
        return Decimal(str(cn2an.cn2an(s, "smart")))
    except (ValueError, KeyError, TypeError, IndexError, InvalidOperation):
        return None


@dataclass
class _Cand:
    """A figure while it is being read (offsets into the normalised text)."""

    start: int           # first character of the number
    end: int             # end of the unit
    tail: int            # end of what belongs to the figure (gloss, approximation after the unit)
    value: Decimal
    unit: str
    approx: str | None = None
    attributive: bool = False
    after: str = ""
    after_start: int = 0
    after_end: int = 0
    shares_next: bool = False
    release: int = 0     # where the next figure's clause may start
    metric: str = ""
    text_start: int = 0
    text_end: int = 0
    area: str | None = None
    place_area: str | None = None
    kind: str | None = None  # growth, share, ratio, level (until _qualify resolves it)
    target: int | None = None
    lead: str = ""       # the growth/share phrase of a qualifying figure
    from_list: bool = False
    linked: bool = False  # a verb or approximation stands between the metric and the number
    streak: bool = False  # 连续19年…: the words after the number say what was repeated
    total_of: tuple | None = None  # (the figure this running total follows, the cumulative word before 分别)
    base_at: int | None = None  # where the base of a multiple starts (融资额是上年的2.3倍): no period after it


class _Finder:
    """One document's text with what the rules need about it: quotes, exclusions, time phrases, words."""

    def __init__(self, text: str, meta: dict, rules: FigureRules, bodies=()):
        self.t = text
        # (start, end) of the bodies the entity finder named (agencies, organisations, firms), sorted
        self.bodies = sorted(bodies)
        self._body_starts = [a for a, _ in self.bodies]
        self.meta = {k: (v or None) for k, v in (meta or {}).items()}
        self.r = rules
        # per-character marks keep every look-up constant-time on long documents
        self.quoted = self._marks(self._regions(quotes_only=True), inner=True)
        self.masked = self._marks(self._regions(quotes_only=False), inner=True)
        self.excluded = self._marks([m.span() for p in rules.patterns["exclude_patterns"] for m in p.finditer(text)])
        self.time_spans = sorted(self._time_spans())
        self._time_starts = [a for a, _ in self.time_spans]
        self._time_start_set = set(self._time_starts)
        self.protected = sorted(m for w in rules.w("protected_words") for m in self._find_all(w))
        self._protected_starts = [a for a, _ in self.protected]
        self._protected_len = max((len(w) for w in rules.w("protected_words")), default=0)
        self._edges: set[int] | None = None
        self._tails: set[int] = set()
        self.title_year, self.title_place = self._title_scope()
        g = rules.grammar
        # 是2020年的2.6倍: a time phrase right before 的 and a multiple is the ratio's base, no period
        self._ratio_base_re = re.compile(rf"{re.escape(g['particle'])}[0-9.{g['digits']}十百千万]+"
                                         rf"{re.escape(g['ratio_unit'])}")

    def _title_scope(self) -> tuple[str | None, str | None]:
        """An annual report's title (2023年青岛市…白皮书) scopes every figure to its year; a title naming one of
        the document's places scopes their area."""
        line = next((ln for ln in self.t.split("\n") if ln.strip()), "")
        title = line.strip().lstrip("#").strip()
        years = self.r.year_re.findall(title)
        year = years[0][0] if len(years) == 1 and any(w in title for w in self.r.w("report_title_words")) else None
        place = next((self.meta[k] for k in ("district", "city", "province")
                      if self.meta.get(k) and self.meta[k] in title), None)
        return year, place

    def edge(self, pos: int) -> bool:
        """Whether a word boundary (jieba, offline dictionary) falls at ``pos``: 从|业人员 is not one."""
        if self._edges is None:
            self._edges = {0, len(self.t)}
            heads = tuple(w for w in self.r.w("subject_suffixes") + self.r.w("metric_prefixes") if len(w) > 1)
            ones = "".join(self.r.w("borrower_prepositions"))
            for word, start, end in _tokenize(self.t):
                self._edges.add(start)
                self._edges.add(end)
                # 分行为X公司, 该行为…: the tagger reads 行为 as one word, but a body's head ends before the 为
                if end - start == 2 and word[1] in ones and self.t.endswith(heads, 0, start + 1):
                    self._edges.add(start + 1)
        return pos in self._edges

    def whole(self, a: int, b: int, floor: int = 0) -> bool:
        """[a, b) is a whole word here: on word boundaries and not inside a protected word."""
        return self.edge(a) and self.edge(b) and not self._is_protected(a, b, floor)

    # -- text geometry ------------------------------------------------
    def _find_all(self, word: str) -> list[tuple[int, int]]:
        out, i = [], self.t.find(word)
        while i >= 0:
            out.append((i, i + len(word)))
            i = self.t.find(word, i + 1)
        return out

    def _regions(self, quotes_only: bool) -> list[tuple[int, int]]:
        pairs = [(p[0], p[1]) for p in self.r.w("quote_pairs") if len(p) == 2]
        if not quotes_only:
            pairs += [("(", ")"), ("【", "】"), ("[", "]")]
        out, limit = [], self.r.limits["max_quote_chars"]
        for o, c in pairs:
            i = self.t.find(o)
            while i >= 0:
                j = self.t.find(c, i + 1)
                if j < 0:
                    break
                if j - i <= limit and "\n" not in self.t[i:j]:
                    out.append((i, j + 1))
                    i = self.t.find(o, j + 1)
                else:
                    i = self.t.find(o, i + 1)
        return out

    def _marks(self, spans, inner: bool = False) -> bytearray:
        """One byte per character: 1 inside one of ``spans`` (strictly between the marks when ``inner``)."""
        out = bytearray(len(self.t) + 1)
        for a, b in spans:
            lo, hi = (a + 1, b - 1) if inner else (a, b)
            out[lo:hi] = b"\x01" * max(0, hi - lo)
        return out

    @staticmethod
    def _inside(pos: int, marks: bytearray) -> bool:
        return 0 <= pos < len(marks) and marks[pos] == 1

    def spans_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """Time phrases lying within [start, end)."""
        i = bisect.bisect_left(self._time_starts, start)
        out = []
        while i < len(self.time_spans) and self.time_spans[i][0] < end:
            if self.time_spans[i][1] <= end:
                out.append(self.time_spans[i])
            i += 1
        return out

    def _time_spans(self) -> list[tuple[int, int]]:
        spans = []
        for pat in self.r.patterns["time_patterns"]:
            for m in pat.finditer(self.t):
                if m.end() > m.start() and not self._comparison_before(m.start()):
                    spans.append(m.span())
        return spans

    def _ratio_base(self, end: int) -> bool:
        """Whether the time phrase ending at ``end`` is the base of a multiple (2020年的2.6倍, 上年的2.3倍)."""
        return self._ratio_base_re.match(self.t, end) is not None

    def _comparison_before(self, pos: int) -> bool:
        before = self.t[max(0, pos - 3):pos]
        return any(before.endswith(w) for w in self.r.w("comparison_words"))

    def _back(self, pos: int, stops: set[str], floor: int = 0) -> int:
        """Start of the stretch ending at ``pos`` that holds none of ``stops`` (outside quotes and brackets)."""
        i = pos
        while i > floor:
            ch = self.t[i - 1]
            if ch in stops and not self._inside(i - 1, self.masked):
                return i
            i -= 1
        return floor

    def sentence_start(self, pos: int) -> int:
        return self._back(pos, SENTENCE_END)

    def group_start(self, pos: int) -> int:
        return self._back(pos, GROUP_END)

    def paragraph_start(self, pos: int) -> int:
        i = self.t.rfind("\n", 0, pos)
        return i + 1

    # -- numbers ------------------------------------------------------
    def candidates(self) -> list[_Cand]:
        out = []
        for m in self.r.number_re.finditer(self.t):
            c = self._candidate(m)
            if c is not None:
                out.append(c)
        return out

    def _match_word(self, pos: int, words) -> str | None:
        for w in words:
            if self.t.startswith(w, pos):
                return w
        return None

    def _ends_with(self, pos: int, words) -> str | None:
        for w in words:
            if pos >= len(w) and self.t.startswith(w, pos - len(w)):
                return w
        return None

    def _unit_at(self, pos: int) -> tuple[str, str, bool] | None:
        """(surface, canonical, is_duration) of the unit written at ``pos``."""
        for form in self.r.unit_forms:
            if self.t.startswith(form, pos):
                nxt = self.t[pos + len(form):pos + len(form) + 1]
                if nxt and nxt in self.r.unit_blockers.get(form, ()):
                    continue
                if form[-1].isascii() and form[-1].isalpha() and nxt.isascii() and nxt.isalpha():
                    continue
                if form in self.r.units:
                    return form, self.r.units[form], False
                return form, self.r.duration_units[form], True
        return None

    def _range_re(self) -> str:
        return "|".join(map(re.escape, self.r.w("range_separators")))

    def _numeral_class(self) -> str:
        g = self.r.grammar
        return "[\\d" + g["digits"] + "".join(k for k, v in self.r.multiplier_values.items() if v == 10) + "]"

    def _range_before(self, s: int) -> bool:
        mults = "".join(self.r.multiplier_values)
        # the first number may carry its unit too: 500万元至3000万元不等, 5件-10件
        units = "|".join(map(re.escape, self.r.unit_forms))
        return bool(re.search(self._numeral_class() + "(?:[%" + mults + "]|" + re.escape(self.r.grammar["classifier"])
                              + r")?(?:" + units + r")?\s*(?:" + self._range_re() + r")\s*$", self.t[max(0, s - 12):s]))

        head = window[:m.start()]
        for form in self.r.unit_forms:
            if head.endswith(form) and re.search(self._numeral_class() + "[" + mults + "]*$", head[:-len(form)]):
                return form
        return None

    def _range_after(self, pos: int) -> bool:
        return bool(re.match(r"\s*(?:" + self._range_re() + r")\s*" + self._numeral_class(), self.t[pos:pos + 6]))

    def _candidate(self, m: re.Match) -> _Cand | None:
        t, r = self.t, self.r
        s, e = m.span()
        if self._inside(s, self.quoted) or any(self.excluded[s:e]):
            return None
        prev = t[s - 1] if s else ""
        if prev and (prev.isascii() and (prev.isalnum() or prev in "._/#'") or prev == "·"):
            return None
        if prev == "," and s >= 2 and t[s - 2].isdigit():
            return None  # 1,2,3,4万元 is no digit grouping: the last group alone is not the figure
        w = self._ends_with(s, r.w("number_prefix_excluded"))
        if w and not self._is_protected(s - len(w), s):
            return None  # 第21届, 每万人, 这两个 (but 目前50家)
        pct = False
        if m.group("ar"):
            raw = m.group("ar")
            try:
                value = Decimal(raw.replace(",", ""))
            except InvalidOperation:
                return None
            if len(raw.replace(",", "").split(".")[0]) > 13:
                return None  # an identifier, not a quantity
        elif m.group("pct"):
            g = m.group("pct")
            value = Decimal(g) if g[0].isdigit() else _cn_value(g, r)
            pct = True
        else:
            raw = m.group("cn")
            if self._ends_with(s, r.w("chinese_numeral_prefix_excluded")):
                return None
            value = _cn_value(raw, r)
        if value is None:
            return None
        sign = self._ends_with(s, r.w("negative_signs"))
        first = s  # where the figure is written, its sign included (…和-3.5%: the sign is no metric)
        if sign and not (s - len(sign) > 0 and t[s - len(sign) - 1].isascii() and t[s - len(sign) - 1].isalnum()):
            value = -value  # -5万元, 负5% (a hyphen between digits or letters is a range or a code, not a sign)
            first = s - len(sign)
        # a range (3-5个工作日, 三至五年) gives no figure, on either side
        if self._range_before(s):
            return None
        if m.group("ar") and re.fullmatch(r"(?:19|20)\d{2}", m.group("ar")) and t.startswith(r.grammar["year"], e):
            return None  # a year
        pos, approx = e, None
        tenth = r.grammar["tenth"]
        after_tenth = t[e + len(tenth):e + len(tenth) + 1]
        if not pct and t.startswith(tenth, e) and after_tenth not in r.unit_blockers.get(tenth, ()):
            value, pct, e = value * 10, True, e + len(tenth)  # 七成 is 70 %: a tenth is a share, as 百分之七十
        if pct:
            unit_surface, unit, duration = "%", "%", False
            end = e
        else:
            a = self._match_word(pos, r.w("approximation_after_number"))
            if a:
                approx, pos = a, pos + len(a)
            hit = self._unit_at(pos)
            if hit is None and t.startswith(" ", pos) and self._match_word(pos + 1, r.w("spaced_units")):
                pos += 1  # 46.3 %: a typesetting space before a symbol unit
                hit = self._unit_at(pos)
            if hit is None:
                mult = self._match_word(pos, sorted(r.multipliers, key=len, reverse=True))
                if mult is None:
                    return None
                value *= r.multipliers[mult]
                pos += len(mult)
                a = self._match_word(pos, r.w("approximation_after_number"))
                if a:
                    approx, pos = approx or a, pos + len(a)
                hit = self._unit_at(pos)
                if hit is None:
                    return None
            unit_surface, unit, duration = hit
            end = pos + len(unit_surface)
        # a range whose second number follows: 3-5个, 3至5年, 3万-5万元
        if self._range_after(e) or self._range_after(end):
            return None
        # a span of time is measured after a streak word (连续5年) or a link verb (压缩至4个月), not in 10多年间
        have = False
        if duration and not (self._ends_with(s, r.w("streak_words")) or self._ends_with(s, r.w("duration_links"))):
            if not self._ends_with(s, r.w("duration_have_links")):
                return None
            have = True  # 有八年左右的业务往来: checked once the approximation after the unit is read
        if unit in r.w("time_units") and self._match_word(end, r.w("time_anchor_after")):
            return None
        if value != 0 and value.adjusted() >= r.limits["max_integer_digits"]:
            return None  # past the range a figure can hold (百亿亿亿亿元): refused, not rounded
        tail = end
        g = re.match(r"\(([^()]{1,4})\)", t[end:end + 7])
        if g and (g.group(1) in r.w("unit_glosses") or g.group(1) in r.units):
            tail = end + g.end()
        a = self._match_word(tail, r.w("approximation_after_unit"))
        if a:
            approx = approx or a
            tail += len(a)
        if have and (not t.startswith(r.grammar["particle"], tail) or approx in r.w("gloss_bounds")):
            return None  # 有5年以上经验的 is a bound, 有10多年间 no measure
        before_word = self._ends_with(s, r.w("approximation_before"))
        if before_word and approx is None and self.whole(s - len(before_word), s):
            approx = before_word
        return _Cand(start=first, end=end, tail=tail, value=_plain(value), unit=unit, approx=approx,
                     streak=duration and bool(self._ends_with(s, r.w("streak_words"))))

    # -- metric -------------------------------------------------------
    def _strip_right(self, seg: str, start: int) -> tuple[str, str | None]:
        """Drop approximation and link words (and 由X增至) at the end of a metric; returns (seg, approx)."""
        r, approx = self.r, None
        changed = True
        while changed and seg:
            changed = False
            for pat in r.patterns["change_patterns"]:
                m = pat.search(seg)
                if m:
                    seg, changed = seg[:m.start()], True
            hit = self._strip_word(seg, start)
            if hit:
                if hit in r.w("approximation_before") and approx is None:
                    approx = hit
                seg, changed = seg[:-len(hit)], True
        return seg, approx

    def _strip_word(self, seg: str, start: int) -> str | None:
        """The longest approximation or link word ending ``seg`` (可达 rather than 达)."""
        best = None
        for w in self.r.w("approximation_before") + self.r.w("link_words"):
            if seg.endswith(w) and (best is None or len(w) > len(best)) and self.whole(
                    start + len(seg) - len(w), start + len(seg), start):
                best = w
        return best

    def _is_protected(self, a: int, b: int, floor: int = 0) -> bool:
        """Whether [a, b) lies inside a longer protected word (公共 holds 共, 行为 holds 为) that starts at or
        after ``floor`` (a word reaching back across the start of the metric does not count)."""
        lo = bisect.bisect_left(self._protected_starts, max(floor, a - self._protected_len))
        hi = bisect.bisect_right(self._protected_starts, a)
        return any(b <= pb and (pa, pb) != (a, b) for pa, pb in self.protected[lo:hi])

    def _cut_left(self, start: int, end: int) -> tuple[int, str | None, int]:
        """The metric inside [start, end) starts after the last boundary (time phrase, 共, 累计, 全市 …).

        Returns (where the metric starts, the last area word seen, where that boundary starts)."""
        r, t = self.r, self.t
        cut, area, bstart = start, None, start
        for a, b in self.spans_in(start, end):
            if b > cut:
                cut, bstart = b, a
        for key in ("left_boundaries", "contextual_area_words"):
            for w in r.w(key):
                i = t.find(w, start, end)
                while i >= 0:
                    j = i + len(w)
                    if j <= end and self.whole(i, j, start) and not self._inside(i, self.quoted):
                        if j > cut:
                            cut, bstart = j, i
                    i = t.find(w, i + 1, end)
        best = None
        for w, canon in r.area_order:
            i = t.find(w, start, end)
            while i >= 0:
                j = i + len(w)
                if self.whole(i, j, start) and not self._inside(i, self.quoted):
                    if best is None or i > best[0]:
                        best = (i, j, canon)
                i = t.find(w, i + 1, end)
        if best:
            if best[1] >= cut:
                cut, bstart = best[1], best[0]
            area = best[2]
        return cut, area, bstart

    def _strip_prefixes(self, pos: int, end: int) -> tuple[int, str | None]:
        r, t, area = self.r, self.t, None
        changed = True
        while changed and pos < end:
            changed = False
            for a, b in self.spans_in(pos, end):
                if a == pos:
                    pos, changed = b, True
            for w, canon in r.area_order:
                if t.startswith(w, pos) and pos + len(w) <= end and self.whole(pos, pos + len(w), pos):
                    pos, area, changed = pos + len(w), canon, True
                    break
            for pat in r.patterns["means_patterns"]:  # 以“X+Y”模式为62家企业融资: the means is no part of the metric
                m = pat.match(t, pos)
                if m and pos < m.end() <= end:
                    pos, changed = m.end(), True
                    break
            for w in r.w("metric_prefixes"):
                if t.startswith(w, pos) and pos + len(w) <= end and self.whole(pos, pos + len(w), pos):
                    pos, changed = pos + len(w), True
                    break
            while pos < end and t[pos] in ",、 ":
                pos, changed = pos + 1, True
        return pos, area

    def _skip_subject(self, pos: int, end: int) -> int:
        """After a body's name that opens the metric (海关, …分行, 该行): the body is the subject, not the metric."""
        limit = min(end, pos + self.r.limits["max_subject_chars"])
        if any(self.t.startswith(w, pos) for w in self.r.w("subject_blocking_starts")):
            return pos  # 完成省知识产权局下达目标任务的314%: a verb opens the clause, the body is its object
        named = self._body_at(pos, end)
        if named is None:
            # X银行与Y公司签约2亿元: a conjunction that joins the subject to its partner lists no bodies
            named = self._body_at(pos, end, listed=True)
            if named is not None and not any(self.t.startswith(w, named) for w in self.r.w("partner_joiners")):
                named = None
        if named is not None:
            # 绵阳市公安局经侦支队破获…, 某市知识产权保护中心受理…: a named body whose name the metric would start
            # inside (its place stripped) or with is the subject, whatever its head (支队, 中心, 审判庭); the
            # partners it acts with go too (X联合Y走访企业86家: 走访企业), and so does the body it
            # receives from (X公司从Y银行获得贷款: 获得贷款)
            joiners, joined = self.r.w("partner_joiners") + self.r.w("source_markers"), False
            while True:
                # after a joiner, the bodies listed with the first partner go too (从甲银行和乙银行获得…)
                words = joiners + (self.r.w("conjunctions") if joined else ())
                joiner = next((w for w in words if self.t.startswith(w, named)), None)
                partner = self._body_at(named + len(joiner), end, listed=True) if joiner else None
                if partner is None:
                    break
                named, joined = partner, True
            return self._strip_prefixes(named, end)[0]
        best, giver = None, None
        preps = "".join(self.r.w("borrower_prepositions"))
        for w in self.r.w("subject_suffixes"):
            i = self.t.find(w, pos, limit)
            while i >= 0:
                j = i + len(w)
                if j < end and not self._is_protected(i, j, pos) and (best is None or j > best):
                    best = j
                if j < end and self.t[j] in preps and self.edge(j) and (giver is None or j < giver):
                    giver = j
                i = self.t.find(w, i + 1, limit)
        if best is None:
            return pos
        if giver is not None:
            # 甲银行为乙公司等企业提供…: the body before 为/向 gives; the firms listed after it receive
            return self._strip_prefixes(giver, end)[0]
        # bodies listed as the object (破获海关总署、国家版权局等督办案件) are part of the metric
        joins = set(self.r.w("conjunctions")) | {self.r.grammar["list_end"]}
        if self.t[best] in joins or any(ch in joins for ch in self.t[pos:best]):
            return pos
        return self._strip_prefixes(best, end)[0]

    def _without_giver(self, pos: int, end: int) -> str:
        """获得甲银行(的)知识产权质押贷款: the body named right after a verb of receiving gives what is measured;
        it is no part of the metric (获得知识产权质押贷款), nor is 从 and the body after it (从甲银行融资: 融资)."""
        t, r = self.t, self.r
        found = [(a, -b, len(v) if v in r.w("source_markers") else 0) for a, b in self.bodies
                 for v in r.w("receive_verbs") + r.w("source_markers")
                 if pos < a and b < end and t.startswith(v, a - len(v)) and a - len(v) >= pos]
        if not found:
            return t[pos:end]
        a, b, marker = min(found)  # the first body, whole (甲银行乙支行, not 甲银行); 从 goes with it
        a, b = a - marker, -b
        if t.startswith(r.grammar["particle"], b):
            b += len(r.grammar["particle"])
        return t[pos:a] + t[b:end]

    def _body_at(self, pos: int, end: int, listed: bool = False) -> int | None:
        """The end of a named body that holds ``pos`` and ends before ``end``, not followed by a list mark
        (甲公司、乙公司等12家企业: the list is counted), unless ``listed`` (a partner's list: 从甲银行和乙银行) and
        the mark is a conjunction; else None."""
        k = bisect.bisect_right(self._body_starts, pos) - 1
        best = None
        while k >= 0:
            a, b = self.bodies[k]
            if a <= pos < b < end and (best is None or b > best):
                best = b
            k -= 1
            if pos - a > self.r.limits["max_subject_chars"] * 2:
                break
        joins = {self.r.grammar["list_end"]} | (set() if listed else set(self.r.w("conjunctions")))
        if best is None or self.t[best] in joins:
            return None
        return best

    def _skip_recipient(self, pos: int, end: int) -> int:
        """…分行向某新材料有限公司发放贷款500万元: the firm after 向/为 receives the loan; it is no part of the metric."""
        r = self.r
        if not (pos > 0 and self.t[pos - 1] in "".join(r.w("borrower_prepositions"))):
            return pos
        limit = min(end, pos + r.limits["max_subject_chars"] + 4)
        best = None
        for w in r.w("recipient_suffixes"):
            i = self.t.find(w, pos, limit)
            if i >= 0 and i + len(w) < end and (best is None or i + len(w) > best):
                best = i + len(w)
        if best is not None and self.t.startswith((r.grammar["list_end"], r.grammar["particle"]), best):
            # 为甲公司等企业授信: the firm heads a list of recipients, and 为甲公司的供应商提供贷款 names them by the
            # firm; what is given starts at the verb
            verb = self._grant_verb(best, end + 1)
            if verb is not None:
                best = verb
        if best is None:
            # 对新获评…的企业给予一次性奖励: a recipient described by a clause of its own (…的企业) goes; a bare
            # category (为科技型企业发放贷款) stays, it says whose loans are counted
            verb = self._grant_verb(pos, end)
            if verb is not None and r.grammar["particle"] in self.t[pos:verb]:
                best = verb
        return best if best is not None else pos

    def _grant_verb(self, pos: int, end: int) -> int | None:
        """对新获评…的企业给予一次性奖励: the first verb of giving after the recipient starts what is given."""
        limit = min(end, pos + self.r.limits["max_subject_chars"] + 10)
        found = [i for w in self.r.w("grant_verbs") for i in [self.t.find(w, pos + 1, limit)]
                 if i > pos and i + len(w) < end and self.whole(i, i + len(w), pos)
                 and not self._inside(i, self.quoted)]
        return min(found) if found else None

    def _place_at(self, pos: int, end: int) -> str | None:
        """A place name written at ``pos`` (the document's own places first, then any name with a place suffix)."""
        t = self.t
        names = [self.meta.get(k) for k in ("district", "city", "province")]
        for n in names:
            if n and t.startswith(n, pos) and pos + len(n) <= end:
                return n
        suffixes = "|".join(map(re.escape, self.r.w("place_suffixes")))
        m = re.match(r"[\u4e00-\u9fff]{2,4}?(?:" + suffixes + ")", t[pos:end])
        if not m or m.group(0)[0] in self.r.w("place_first_char_blockers") or m.group(0).startswith(
                self.r.w("subject_blocking_starts")):
            return None  # 完成省…: a verb, not a place
        if any(w in m.group(0)[:-1] for w in self.r.w("place_inner_blockers")) or any(
                w in m.group(0) for w in self.r.maps["area_words"]):
            return None
        name = m.group(0)
        if any(name.endswith(x) for x in self.r.w("place_noun_endings")) and not _gazetteer_name(name):
            return None  # 大城市, 园区 are nouns; 晋城市, 东城区 are places the gazetteer names in full
        follow = t[pos + len(name):min(end, pos + len(name) + 1)]  # 鄞州区|分别: the place ends where it was cut
        if name[-1] in "".join(self.r.maps["relative_agency_prefixes"]) and (name[-1] + follow) in self.r.w("relative_prefix_blockers"):
            return None
        if self.r.maps["area_words"].get(name):
            return None
        return name

    def _place_run(self, pos: int, end: int) -> tuple[str | None, int]:
        """A place at ``pos`` and the places written right after it (杭州市滨江区): the last, the lowest of
        them, names the area; returns it and where the run ends."""
        place = self._place_at(pos, end)
        if place is None:
            return None, pos
        at = pos + len(place)
        lower = self._place_at(at, end)
        while lower is not None and at + len(lower) < end:
            place, at = lower, at + len(lower)
            lower = self._place_at(at, end)
        return place, at

    def _clause_initial(self, clause_start: int) -> bool:
        s = self.group_start(clause_start)
        between = self.t[s:clause_start]
        if not between.strip(", "):
            return True
        covered = [False] * len(between)
        for a, b in self.spans_in(s, clause_start):
            for i in range(a, b):
                covered[i - s] = True
        for pat in self.r.patterns["frame_patterns"]:
            m = pat.match(self.t, s)
            if m:
                for i in range(m.start(), min(m.end(), clause_start)):
                    covered[i - s] = True
        return all(c or ch in ", " for c, ch in zip(covered, between))

    def _opens_clause(self, clause_start: int, pos: int, place_end: int) -> bool:
        """Only time phrases and clause openers (与此同时, 此外) stand between the clause start and ``pos``:
        与此同时,某市知识产权质押融资额为60亿元 — the place is the clause's subject."""
        acts = self._match_word(place_end, self.r.w("object_verbs") + self.r.w("link_words"))
        # …312起,乙市公安局破获案件205起: a body named with its place opens a clause of its own, not a list item
        acts = acts or self._body_at(pos, len(self.t)) is not None
        first = clause_start
        while first < pos and self.t[first] in ", ":
            first += 1
        # …5.2万件,其中某市商标注册量8000件: an opener word starts a new clause, not another list item
        opened = self._match_word(first, self.r.w("clause_openers"))
        if clause_start > 0 and (self.t[clause_start - 1] not in CLAUSE_END or clause_start - 1 in self._tails) \
                and not acts and not opened:
            # the clause continues a list of figures (…23件,山东省著名商标44件): the place names a category,
            # unless a verb follows it (…1.5万件,某市受理1200件)
            return False
        i = clause_start
        while i < pos:
            if self.t[i] in ", ":
                i += 1
                continue
            span = next((b for a, b in self.spans_in(i, pos) if a == i), None)
            word = self._match_word(i, self.r.w("clause_openers"))
            if span is not None:
                i = span
            elif word and i + len(word) <= pos:
                i += len(word)
            else:
                return False
        return True

    def _attributive(self, c: _Cand) -> bool:
        t = self.t
        p = c.tail
        ch = t[p:p + 1]
        if not ch or ch in CLAUSE_END:
            return False
        if self._match_word(p, self.r.w("after_not_attributive")) and not c.streak:
            return False
        if ch == self.r.grammar["particle"]:
            return True
        return bool(HAN.match(ch)) or ch in "“《\"" or (ch.isascii() and ch.isalpha())

    def _after_phrase(self, c: _Cand, nxt: _Cand | None) -> None:
        t, r = self.t, self.r
        p = c.tail
        if t.startswith(r.grammar["particle"], p):
            p += len(r.grammar["particle"])
        limit = min(len(t), p + r.limits["max_after_chars"])
        i = p
        stop_at_next = False
        while i < limit:
            if nxt is not None and i >= nxt.start:
                stop_at_next = True
                break
            if t[i] in CLAUSE_END and not self._inside(i, self.masked):
                break
            if i > p and any(t.startswith(w, i) for w in r.w("after_stop_words")) and self.edge(i):
                break
            if i > p and i in self._time_start_set:
                break  # …注册商标16.2万件 4月25日讯…: a time phrase opens what follows
            i += 1
        phrase_end = i
        if nxt is not None and nxt.start <= limit and phrase_end >= nxt.start:
            stop_at_next = True
            phrase_end = nxt.start
        c.release = phrase_end
        if stop_at_next:
            seg, _ = self._strip_right(t[p:phrase_end], p)
            phrase_end = p + len(seg)
            # the words after the last conjunction belong to the next figure (…基金和总规模500亿元)
            cut = None
            for w in r.w("conjunctions"):
                k = t.rfind(w, p, phrase_end)
                if k >= 0 and not self._inside(k, self.quoted) and (cut is None or k > cut[0]):
                    cut = (k, k + len(w))
            if cut and cut[0] > p:
                phrase_end, c.release = cut[0], cut[1]
            else:
                c.shares_next = True
                c.release = phrase_end
        c.after_start, c.after_end = p, phrase_end
        c.after = t[p:phrase_end]

    def metrics(self, cands: list[_Cand]) -> None:
        """Read each figure's metric, area word and approximation from its clause, in text order."""
        r = self.r
        self._tails = {c.tail for c in cands}
        for idx, c in enumerate(cands):
            nxt = cands[idx + 1] if idx + 1 < len(cands) else None
            prev = cands[idx - 1] if idx else None
            c.attributive = self._attributive(c)
            if c.attributive:
                self._after_phrase(c, nxt)
            else:
                conj = self._match_word(c.tail, r.w("conjunctions"))
                c.release = c.tail + (len(conj) if conj else 0)
            clause_start = self._back(c.start, CLAUSE_END)
            if self._inside(c.start, self.masked):
                # 2860件(同比增长16.2%): a bracket opens a clause of its own for the figures inside it
                opening = self.t.rfind(BRACKET_OPEN, clause_start, c.start)
                clause_start = max(clause_start, opening + 1) if opening >= 0 else clause_start
            if prev is not None and prev.shares_next and clause_start < prev.end:
                self._share_previous(c, prev)
                continue
            if prev is not None and clause_start < prev.release <= c.start and not (
                    self._inside(prev.start, self.masked) and not self._inside(c.start, self.masked)):
                # 烟丝烟叶31.7吨、烟机7台: the clause restarts after the figure (not after one in brackets:
                # 专精特新企业(营业收入2亿元以上)320家)
                clause_start = prev.release
            self._own_metric(c, clause_start)

    def _after_preposition(self, pos: int) -> bool:
        """A borrower preposition right before ``pos``, or before an area word or a place there (为全市1260家企业,
        为栖霞区86家企业)."""
        preps = "".join(self.r.w("borrower_prepositions"))
        for w, _ in self.r.area_order:
            if self.t.endswith(w, 0, pos) and pos > len(w):
                pos -= len(w)
                break
        else:
            place = next((k for k in range(max(1, pos - 8), pos - 1) if self._place_at(k, pos) == self.t[k:pos]
                          and self.t[k - 1] in preps), None)
            pos = place if place is not None else pos
        return pos > 0 and self.t[pos - 1] in preps

    def _share_previous(self, c: _Cand, prev: _Cand) -> None:
        """66家中小微企业获得贷款2.58亿元: the words between two figures describe both; after a preposition
        (为126家企业提供贷款3亿元) the count names the recipients, and the amount is what the verb gives."""
        c.metric = prev.metric + (c.after if c.attributive else "")
        if self._after_preposition(prev.start) and prev.after:
            verb = self._grant_verb(prev.after_start, prev.after_end + 1)
            if verb is not None:
                c.metric = self.t[verb:prev.after_end] + (c.after if c.attributive else "")
        c.text_start, c.text_end = prev.text_start, max(c.end, c.after_end if c.attributive else c.end)
        c.area, c.place_area = prev.area, prev.place_area
        c.approx = c.approx or self._strip_right(self.t[prev.after_start:c.start], prev.after_start)[1]

    def _own_metric(self, c: _Cand, clause_start: int, end: int | None = None) -> None:
        """The metric of ``c`` from the words of its clause before it (before ``end`` when given)."""
        t, r = self.t, self.r
        raw = t[clause_start:c.start if end is None else end]
        seg, approx = self._strip_right(raw, clause_start)
        c.linked = seg != raw
        c.approx = c.approx or approx
        seg_end = clause_start + len(seg)
        if end is None and self._ratio_kind(c, clause_start, seg_end):
            c.metric = c.lead
            return
        lead_at = self._ratio_lead_inside(c, clause_start, seg_end) if end is None else None
        if lead_at is not None:
            # 融资额是上年的2.3倍: the thing measured, then its base, as for a ratio of the figure before
            # (是全省的26倍 → …是全省的倍数); a year in the base is no period (see _time_spans)
            linked = c.linked
            self._own_metric(c, clause_start, lead_at)
            if c.metric:
                c.metric += t[lead_at:seg_end] + r.grammar["ratio_suffix"]
                c.text_end, c.linked, c.base_at = c.end, linked, lead_at
                return
        cut, area, boundary = self._cut_left(clause_start, seg_end)
        pos, area2 = self._strip_prefixes(cut, seg_end)
        c.area = area2 or area
        place, place_end = self._place_run(pos, seg_end)
        if place and (self._clause_initial(clause_start) or place_end == seg_end
                      or self._opens_clause(clause_start, pos, place_end)):
            c.place_area = place  # 2020年,崂山区发明专利授权3449件 / 围绕青岛市24条产业链 / 杭州市滨江区…
            pos, _ = self._strip_prefixes(place_end, seg_end)
        pos = self._skip_subject(pos, seg_end)
        pos = self._skip_recipient(pos, seg_end)
        left = t[pos:seg_end]
        if not left.strip(r.grammar["particle"]) and not c.attributive and boundary > clause_start:
            # the metric stands before a time phrase: 专利代理机构从2020年的58家
            cut2, area3, _ = self._cut_left(clause_start, boundary)
            pos2, area4 = self._strip_prefixes(cut2, boundary)
            pos2 = self._skip_subject(pos2, boundary)
            if pos2 < boundary:
                c.area = c.area or area4 or area3
                c.metric, c.text_start, c.text_end = t[pos2:boundary], pos2, c.end
                return
        if c.attributive:
            # 对19家企业开展… / 争取1.9亿元的贷款额度: the thing counted follows the number
            if left.endswith(r.grammar["list_end"]) and len(left) > 3:
                # 抓获张某某(男,34岁)等2名嫌疑人: the verb stays, the named members of the count go
                verbs = [(left.rfind(v), v) for v in r.w("count_verbs") if v in left]
                left = max(verbs)[1] if verbs else ""
            if len(left) > r.limits["max_attributive_left"] or left.endswith(r.grammar["list_end"]) or \
                    left.endswith(r.w("conjunctions")):
                left = ""  # …、区金融监管局、8家金融机构: the words before are the other items of a list
            if left and self._body_at(pos, seg_end + 1) == seg_end:
                left = ""  # 甲公司仅用5个工作日就获得贷款: the body before the number is the subject
            elif left and self._place_at(pos, seg_end) == left:
                # 为栖霞区86家企业提供…: the place is where the things counted are, no part of the metric
                c.place_area, left = c.place_area or left, ""
            elif left.endswith(r.grammar["particle"]) and _noun_words(left[:-1]) and any(
                    ch in r.w("borrower_prepositions") for ch in t[max(clause_start, pos - 6):pos]):
                # 为(全市)企业的87件专利提供保障: whose things are counted is no part of the metric (a clause
                # describing them stays: 对获评的8家企业)
                left = ""
            after = next((c.after[len(w):] for w in r.w("after_adverbs") if c.after.startswith(w)), c.after)
            c.metric = left + after
            c.text_start, c.text_end = (pos if left else c.start), max(c.after_end, c.end)
        else:
            c.metric = self._without_giver(pos, seg_end)
            c.text_start, c.text_end = (pos if left else c.start), c.end

    def _ratio_lead_inside(self, c: _Cand, clause_start: int, seg_end: int) -> int | None:
        """Where a ratio's lead word (是, 为, 相当于) stands inside the clause of a multiple (X是上年的2.3倍):
        words before it name the thing, a short base ending in 的 follows it; else None."""
        t, r = self.t, self.r
        particle = r.grammar["particle"]
        if c.unit != r.grammar["ratio_unit"] or not t.endswith(particle, clause_start, seg_end):
            return None
        best = None
        for w in r.w("ratio_lead_words"):
            i = t.rfind(w, clause_start + 1, seg_end - len(particle))
            while i > clause_start and not self.whole(i, i + len(w), clause_start):
                i = t.rfind(w, clause_start + 1, i)
            base = seg_end - len(particle) - (i + len(w))
            if i > clause_start and 0 < base <= r.limits["max_ratio_base"] and (best is None or i > best):
                best = i
        return best

    def _ratio_kind(self, c: _Cand, clause_start: int, seg_end: int) -> bool:
        """Clauses that qualify the figure before them: a growth rate (同比增长24%, 实现50%的增速), a share
        (占全市的12%), a ratio (是全省的26倍) or a new level (增加到112家). Sets ``c.kind`` and the lead phrase."""
        t, r = self.t, self.r
        seg = t[clause_start:seg_end]

        def opens(words, at: int = clause_start) -> str | None:
            return next((w for w in words if t.startswith(w, at) and at + len(w) <= seg_end
                         and self.whole(at, at + len(w), at)), None)

        if opens(r.w("change_to_words")):
            c.kind, c.lead = "level", ""
            c.text_start, c.text_end = c.start, c.end
            return True
        body_start = clause_start
        lead_word = opens(r.w("ratio_lead_words"))
        if lead_word and c.unit == r.grammar["ratio_unit"]:
            body_start += len(lead_word)
        after = None
        if t.startswith(r.grammar["particle"], c.tail):
            after = self._match_word(c.tail + len(r.grammar["particle"]), r.w("growth_after"))
        fen = r.grammar["respectively"]
        if c.unit in r.w("ratio_units") and opens(r.w("share_words"), body_start):
            c.kind = "share"
        elif opens(r.w("growth_words"), body_start) or (
                t.startswith(fen, body_start) and opens(r.w("growth_words"), body_start + len(fen))):
            c.kind = "growth"  # …3085件,分别同比增长18.3%、6.2%和3.5%: 分别 may open the rates' clause
        elif after and c.unit in r.w("ratio_units") and (not seg or seg in r.w("link_words")):
            c.kind = "growth"  # 实现50%的增速
            c.lead = after
            c.text_start, c.text_end = c.start, c.tail + 1 + len(after)
            return True
        elif c.unit == r.grammar["ratio_unit"] and lead_word:
            c.kind = "ratio"
        else:
            return False
        body = t[body_start:seg_end]
        if body.endswith(r.grammar["particle"]):
            body += r.grammar["share_suffix"] if c.kind == "share" else r.grammar["ratio_suffix"] if c.kind == "ratio" \
                else ""
        c.lead = body
        c.text_start, c.text_end = body_start, c.end
        return True


# ---------------------------------------------------------------- the procedure

def find_figures(text: str, meta: dict | None = None, rules: FigureRules | None = None,
                 bodies=()) -> list[Figure]:
    """Every measured quantity in ``text`` (normalised), in text order, repeats merged. ``bodies``: the
    (start, end) of names of agencies, organisations and firms found in the text, when known."""
    rules = rules or load_rules()
    f = _Finder(text, meta or {}, rules, bodies)
    cands = f.candidates()
    cands.sort(key=lambda c: c.start)
    cands = _drop_classifiers(f, cands)
    f.metrics(cands)
    # 普惠贷款(1000万元以下): a bound that glosses a term in brackets measures nothing
    cands = [c for c in cands if not (f._inside(c.start, f.masked) and c.approx in f.r.w("gloss_bounds"))]
    cands = _thresholds(f, cands)
    _respectively(f, cands)
    _respective_actors(f, cands)
    _respective_places(f, cands)
    _named_before(f, cands)
    _shared_noun(f, cands)
    _attendees(f, cands)
    _elliptical(f, cands)
    _shared_verb(f, cands)
    _referents(f, cands)
    _totals(f, cands)
    _qualify(f, cands)
    _frames(f, cands)
    figures = [_finish(f, c, cands) for c in cands]
    return _dedupe(figures, _headings(text, rules), tuple(rules.w("ratio_units")))


def _thresholds(f: _Finder, cands: list[_Cand]) -> list[_Cand]:
    """标的额超过1亿元的案件7件, 营业收入2亿元以上的企业320家: an amount that bounds the things the next figure of
    its clause counts (a bound word before or after it, then 的 and the noun) is part of that figure's metric, not a
    figure of its own."""
    r, t = f.r, f.t
    drop = set()
    for i, c in enumerate(cands[:-1]):
        n = cands[i + 1]
        between = t[c.tail:n.start]
        # a bound before the amount makes a threshold only after what each thing has (标的额, 营收, 单笔), not
        # after a verb (发放超过10亿元的贷款3000笔 is an approximate amount)
        bounded = c.approx in r.w("gloss_bounds") or (
            c.approx in r.w("threshold_before")
            and t[:c.start].rstrip().endswith(tuple(a + c.approx for a in r.w("threshold_attributes"))))
        if (not bounded or n.unit == c.unit or n.kind or not between.startswith(r.grammar["particle"])
                or len(between) > r.limits["max_threshold_noun"] or any(ch in CLAUSE_END for ch in between)):
            continue
        start = c.text_start if c.text_start < c.start else c.start
        seg, approx = f._strip_right(t[start:n.start], start)
        n.metric, n.text_start = seg, start
        n.approx = n.approx or approx
        drop.add(i)
    return [c for i, c in enumerate(cands) if i not in drop]


def _drop_classifiers(f: _Finder, cands: list[_Cand]) -> list[_Cand]:
    """三种专利授权40037件: a count of kinds right before the figure it classifies is part of that figure's metric."""
    out = []
    for i, c in enumerate(cands):
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        between = f.t[c.tail:nxt.start] if nxt else ""
        if (nxt is not None and c.unit in f.r.w("classifier_units") and 0 < len(between)
                <= f.r.limits["max_classified_chars"] and all(HAN.match(ch) for ch in between)):
            continue
        out.append(c)
    return out


def _respectively(f: _Finder, cands: list[_Cand]) -> None:
    """X、Y、Z分别达到17家、10家和31家: the n metrics before 分别 go with the n figures after it."""
    t, r = f.t, f.r
    i = 0
    joins = set(r.w("conjunctions")) | {","}
    conj_re = "|".join(map(re.escape, sorted(joins, key=len, reverse=True)))
    while i < len(cands):
        c = cands[i]
        word = r.grammar["respectively"]
        fen = t.rfind(word, max(0, c.start - 8), c.start)
        rest = f._strip_right(t[fen + len(word):c.start], fen + len(word))[0] if fen >= 0 else ""
        # A和B同比分别增长x%和y%: a change word after 分别 closes each item's metric; so does a share
        # (A和B分别占全市的x%和y%: each item's share, 的 closed by 比重)
        share = c.unit in r.w("ratio_units") and rest.startswith(tuple(r.w("share_words")))
        change = rest if (rest in r.w("growth_words") or share) and c.unit in r.w("ratio_units") else ""
        if share and change.endswith(r.grammar["particle"]):
            change += r.grammar["share_suffix"]
        if fen < 0 or rest and not change:
            i += 1
            continue
        group = _joined_run(f, cands, i, joins)
        j = i + len(group)
        start = f._back(fen, CLAUSE_END)
        cut, area, _ = f._cut_left(start, fen)
        pos, area2 = f._strip_prefixes(cut, fen)
        place = f._place_at(pos, fen)
        if place and f._clause_initial(start):  # 2024年,某省A和B同比分别增长…: the place is the area, no item
            pos, _ = f._strip_prefixes(pos + len(place), fen)
        else:
            place = None
        seg_end = fen
        cmp = next((w for w in sorted(r.w("comparison_words"), key=len, reverse=True)
                    if change and t.endswith(w, pos, fen)), "")
        seg_end -= len(cmp)  # …商标注册量同比: the comparison word belongs to every item
        items = [x for x in re.split(rf"(?:{conj_re})", t[pos:seg_end])]
        if not change and all(items) and all(f._place_at(q, q + len(it)) == it for it, q in zip(
                items, [t.find(it, pos, seg_end) for it in items])):
            i = j  # 甲市、乙市分别为…: places name no measure (_respective_places gives each its figure)
            continue
        if len(group) >= 2 and len(items) == len(group) and all(items):
            offs, p = [], pos
            for it in items:
                q = t.find(it, p, seg_end)
                offs.append(q)
                p = q + len(it)
            for g, it, q in zip(group, items, offs):
                it = _sibling_head(r, it, items[-1])
                g.metric, g.from_list = it + cmp + change, True
                g.text_start, g.text_end = pos, g.end
                # the area a share is of (占全市的) is its whole, not the area the item is counted in
                g.area = (area2 or area) if share else (g.area or area2 or area)
                g.place_area = g.place_area or place
                g.kind, g.lead = None, ""
        elif len(group) >= 2 and not t[pos:seg_end].strip(", ") and not change:
            # 新增A5家、B12家,累计分别达到23家和57家: the totals follow the items counted just before, one each
            ss = f.sentence_start(c.start)
            before = [x for x in cands[:i] if x.start >= ss and not x.kind and x.metric and x.unit == c.unit]
            if len(before) >= len(group):
                cum = next((w for w in r.w("cumulative_before") if w in t[start:fen]), "")
                for g, x in zip(group, before[-len(group):]):
                    g.total_of, g.from_list = (x, cum), True  # the metric once _elliptical has completed x's
                    g.area, g.place_area = g.area or x.area, g.place_area or x.place_area
                    g.kind, g.lead = None, ""
        i = j


def _sibling_head(r, item: str, last: str) -> str:
    """发明专利和实用新型专利授权量分别为…: an item ending in a sibling (qualifier_families) of a word of the last
    item shares what the last item writes after that word (发明专利授权量); an item with its own measure stays."""
    if item == last:
        return item
    for fam in r.families + (r.w("sibling_kinds"),):  # 专利、商标质押融资额 → 专利质押融资额
        mine = next((w for w in fam if item.endswith(w)), None)
        theirs = next((w for w in fam if w in last and not w.startswith(mine) and not mine.startswith(w)),
                      None) if mine else None
        if theirs:
            return item + last[last.find(theirs) + len(theirs):]
    return item


def _respectively_before(f: _Finder, c: _Cand) -> tuple[int, int, str]:
    """The clause start before a figure, where 分别 stands in it before the figure (-1 if nowhere), and the words
    between 分别 and the figure (a measure, 为, nothing)."""
    word = f.r.grammar["respectively"]
    start = f._back(c.start, CLAUSE_END)
    fen = f.t.rfind(word, start, c.start)
    rest = f._strip_right(f.t[fen + len(word):c.start], fen + len(word))[0] if fen >= 0 else ""
    return start, fen, rest


def _joined_run(f: _Finder, cands: list[_Cand], i: int, joins) -> list[_Cand]:
    """The figure ``cands[i]`` and those after it joined to it by one of ``joins`` only (2104件、386件和271件)."""
    group = [cands[i]]
    for nxt in cands[i + 1:]:
        if f._strip_right(f.t[group[-1].tail:nxt.start], group[-1].tail)[0] not in joins:
            break
        group.append(nxt)
    return group


def _respective_actors(f: _Finder, cands: list[_Cand]) -> None:
    """甲区人民法院、乙区人民法院分别审结知识产权案件2105件、1876件: bodies or places listed before 分别 each
    measure one figure of the list after it; what 分别 is followed by names the measure, and each item's place
    (甲区) is its figure's area."""
    t, r = f.t, f.r
    joins = set(r.w("conjunctions"))
    conj_re = "|".join(map(re.escape, sorted(joins, key=len, reverse=True)))
    i = 0
    while i < len(cands):
        c = cands[i]
        start, fen, rest = _respectively_before(f, c)
        if fen < 0 or not rest or c.from_list or c.kind or any(rest.startswith(w) for w in
                                                                 r.w("growth_words") + r.w("share_words")):
            i += 1
            continue
        group = _joined_run(f, cands, i, joins)
        j = i + len(group)
        cut, _, _ = f._cut_left(start, fen)
        pos, _ = f._strip_prefixes(cut, fen)
        items = [(m.start(), m.group(0)) for m in re.finditer(rf"(?:(?!{conj_re}).)+", t[pos:fen])]
        places = []
        for off, item in items:
            place, end = f._place_run(pos + off, pos + off + len(item))
            body = item.endswith(tuple(r.w("subject_suffixes")))
            if not (body or end == pos + off + len(item)):
                break
            places.append(place)
        if len(group) < 2 or len(items) != len(group) or len(places) != len(items):
            i = j
            continue
        for g, (off, _), place in zip(group, items, places):
            g.metric, g.from_list = rest, True
            g.text_start, g.text_end = pos + off, g.end
            if place:
                g.area, g.place_area = None, place
        i = j


def _respective_places(f: _Finder, cands: list[_Cand]) -> None:
    """甲市、乙市、丙市发明专利授权量分别为2104件、386件和271件: places listed before the measure and 分别 (a
    link word only after it) each take one figure of the list; the words after the last place name the
    measure. With no such words (…,甲市、乙市分别为31.2亿元和27.8亿元) each figure counts what the sentence's
    figure before counts (_elliptical, by its place)."""
    t, r = f.t, f.r
    joins = set(r.w("conjunctions"))
    conj_re = "|".join(map(re.escape, sorted(joins, key=len, reverse=True)))
    i = 0
    while i < len(cands):
        c = cands[i]
        start, fen, rest = _respectively_before(f, c)
        if fen < 0 or rest or c.from_list or c.kind:
            i += 1
            continue
        group = _joined_run(f, cands, i, joins)
        j = i + len(group)
        pos = start
        for a, b in f.spans_in(start, fen):  # 2023年,… / 全年: time phrases before the list
            if a == pos or not t[pos:a].strip(", "):
                pos = b
        while pos < fen and t[pos] in ", ":
            pos += 1
        items = [(m.start(), m.group(0)) for m in re.finditer(rf"(?:(?!{conj_re}).)+", t[pos:fen])]
        places, measure = [], ""
        for k, (off, item) in enumerate(items):
            place, end = f._place_run(pos + off, pos + off + len(item))
            if place is None or end < pos + off + len(item) and k < len(items) - 1:
                break
            places.append(place)
            measure = t[end:pos + off + len(item)]
        if len(group) < 2 or len(items) != len(group) or len(places) != len(items):
            i = j
            continue
        for g, (off, _), place in zip(group, items, places):
            g.metric, g.from_list = measure, bool(measure)
            g.text_start, g.text_end = pos + off, g.end
            g.area, g.place_area = None, place
        i = j


def _totals(f: _Finder, cands: list[_Cand]) -> None:
    """Give each running total read by _respectively the metric of the figure it follows (累计 + that metric
    without its increment word)."""
    for c in cands:
        if c.total_of is None:
            continue
        x, cum = c.total_of
        c.metric = cum + (_without_increment(f.r, x.metric) if cum else x.metric)


def _without_increment(r, metric: str) -> str:
    """新增地理标志商标 → 地理标志商标: the thing an increment counts, for the running total after it."""
    for w in r.w("increment_words"):
        if metric.startswith(w) and len(metric) > len(w) + 1:
            return metric[len(w):]
    return metric


def _cumulative(f: _Finder, c: _Cand, p: _Cand) -> bool:
    """新增地理标志商标47件,累计达到283件 / 新增高新技术企业312家,总数达到2100家: a running total right after
    the year's increment counts the same thing (累计地理标志商标, 高新技术企业总数)."""
    r = f.r
    if c.kind or c.from_list or p.kind or not p.metric or f.sentence_start(c.start) != f.sentence_start(p.start):
        return False
    gap = f.t[p.tail:c.start]
    if r.grammar["full_stop"] in gap or len(gap) > r.limits["max_elliptical_chars"] + 4:
        return False
    before = next((w for w in r.w("cumulative_before") if (not c.metric and w in gap) or c.metric == w), None)
    after = next((w for w in r.w("cumulative_after") if c.metric == w), None)
    if before is None and after is None:
        return False
    base = _without_increment(r, p.metric)
    c.metric = before + base if before else base + after
    return True


def _elliptical(f: _Finder, cands: list[_Cand]) -> None:
    """Short metrics that lean on the figure before them, in the same sentence:
    种业国家级技术创新中心1家、省级2家 → 种业省级技术创新中心 (a sibling word swapped);
    示范企业21家,优势企业83家 → …优势企业 (same head word); 登记18件,金额3.43亿元 → 登记金额 (a measure)."""
    r = f.r
    for i in range(1, len(cands)):
        c, p = cands[i], cands[i - 1]
        if _cumulative(f, c, p):
            continue
        # …融资额达5.6亿元,今年力争突破8亿元: an aim alone names the target of what the figure before measures
        aim = next((w for w in r.w("aim_words") if c.metric.startswith(w)), None)
        if aim and not c.kind and c.metric[len(aim):] in [""] + list(r.w("aim_time_words")):
            # the last plain figure of the sentence in the same unit (…5.6亿元,惠及企业52家,今年力争突破8亿元)
            src = next((x for x in reversed(cands[:i]) if x.metric and not x.kind and x.unit == c.unit
                        and f.sentence_start(x.start) == f.sentence_start(c.start)), None)
            if src is not None:
                c.metric = aim + src.metric
                continue
        if c.metric in r.w("result_words") and not c.kind:
            # 计划新增融资25亿元,实际完成31.7亿元: the result of an aim measures what the aim names, without it
            src = next((x for x in reversed(cands[:i]) if not x.kind and x.unit == c.unit
                        and f.sentence_start(x.start) == f.sentence_start(c.start)), None)
            aim = next((w for w in r.w("aim_words") if src is not None and src.metric.startswith(w)), None)
            if aim and src.metric[len(aim):]:
                c.metric = src.metric[len(aim):]
                continue
        if not c.metric and not c.kind and not c.from_list and p.metric:
            between, _ = f._strip_right(f.t[p.tail:c.start], p.tail)
            if between in r.w("conjunctions") or not between:  # 货物5800批次、1460万件 / 案件86件152人
                c.metric, c.text_start = p.metric, p.text_start
                c.kind, c.lead = p.kind, p.lead  # 同比分别上升12.6%和8.9%
            elif c.place_area:
                # 专利授权量2.6万件,同比增长12%,其中某市1.1万件: a place's share of the sentence's last
                # figure in the same unit counts what that figure counts
                src = next((x for x in reversed(cands[:i]) if x.metric and not x.kind and x.unit == c.unit
                            and f.sentence_start(x.start) == f.sentence_start(c.start)), None)
                if src is not None:
                    c.metric = src.metric
            continue
        if c.metric in r.w("object_measures") and not c.kind and not c.from_list:
            # 受理知识产权案件19464件,结案16744件,结案率86.03%: what was closed is what the clause's first
            # figure counts, without its verb
            # the clause group first (;), else the sentence: …案件3562件,同比下降8.2%;审结3489件
            first = None
            for g in (f.group_start(c.start), f.sentence_start(c.start)):
                first = next((x for x in cands[:i] if x.start >= g and not x.kind and x.metric
                              and not x.metric.endswith(tuple(r.w("object_measures")))), None)
                if first is not None:
                    break
            if first is not None:
                obj = _drop_verbs(first.metric, r.w("object_verbs"))
                if obj != first.metric and obj:
                    c.metric = obj + c.metric
                    continue
        if c.kind or c.from_list or not c.metric or len(c.metric) > r.limits["max_elliptical_chars"]:
            continue
        if not p.metric or p.metric == c.metric or f.sentence_start(c.start) != f.sentence_start(p.start):
            continue
        done = False
        for fam in r.families:
            mine = next((w for w in fam if w in c.metric), None)
            theirs = next((w for w in fam if w in p.metric and w != mine), None) if mine else None
            if mine and theirs:
                c.metric, done = p.metric.replace(theirs, mine, 1), True
                break
        if done:
            continue
        head = next((w for w in r.w("measure_heads") if c.metric.endswith(w)), None)
        if head and not any(p.metric.endswith(w) for w in r.w("measure_heads")):
            if c.metric.startswith(r.w("case_measure_starts")):
                # 破获…案件530起,抓获…1260名,捣毁窝点215个,涉案金额…: the cases' amount, not the dens'
                src = next((x for x in reversed(cands[:i]) if x.metric and not x.kind and "案" in x.metric
                            and f.sentence_start(x.start) == f.sentence_start(c.start)), None)
                p = src if src is not None and not any(src.metric.endswith(w) for w in r.w("measure_heads")) else p
            # the thing measured is the head of the previous metric: …、…等标准网络案件6起,涉案金额… → 标准网络案件涉案金额
            thing, prev = c.metric[:-len(head)], p.metric[p.metric.rfind(r.grammar["list_end"]) + 1:]
            if thing and prev.endswith(thing):
                c.metric = prev + head  # 发放知识产权质押贷款3.6亿元,贷款余额… → 发放知识产权质押贷款余额
            elif not (thing and _noun_words(thing)):
                c.metric = prev + c.metric
            continue  # 保险金额, 贷款余额 after another thing: the measure names its own thing
        if c.linked or p.linked or c.attributive or p.attributive:
            continue  # only bare list items (示范企业21家,优势企业83家) share a head word
        mine, theirs = _words(c.metric), _words(p.metric)
        if 2 <= len(mine) < len(theirs) and mine[-1] == theirs[-1]:
            c.metric = "".join(theirs[:-len(mine)] + mine)


def _noun_words(text: str) -> bool:
    """jieba reads the text as nouns only (保险, 贷款; not 涉案, 评估)."""
    import jieba.posseg as pseg

    words = pseg.lcut(text, HMM=False)
    return bool(words) and all(w.flag == "n" for w in words)


def _shared_verb(f: _Finder, cands: list[_Cand]) -> None:
    """建成维权援助分中心18个、工作站31个, 查处商标案件120件、专利案件30件: a bare noun listed after 、 takes the
    verb the item before it opens with (建成工作站, 查处专利案件); an item that is a verb or a measure itself (结案98件,
    金额3亿元) does not."""
    import jieba.posseg as pseg

    def tagged(text: str) -> list:
        return [(w.word, w.flag) for w in pseg.lcut(text, HMM=False)]

    for p, c in zip(cands, cands[1:]):
        if c.kind or p.kind or c.from_list or c.attributive or not p.metric or not c.metric:
            continue
        if f.t[p.tail:c.start] != "、" + c.metric or f.sentence_start(c.start) != f.sentence_start(p.start):
            continue
        if c.metric.endswith(f.r.w("measure_heads")) or c.metric in f.r.w("object_measures"):
            continue
        first, mine = tagged(p.metric)[0], tagged(c.metric)
        noun = mine[-1][1].startswith("n") and (len(mine) >= 2 or len(c.metric) >= 3)  # 结案 is tagged a noun
        if first[1] == "v" and len(first[0]) >= 2 and first[0] != p.metric and noun:
            c.metric = first[0] + c.metric


def _referents(f: _Finder, cands: list[_Cand]) -> None:
    """部署打击侵犯商标权犯罪…。共破获相关案件N起: 相关 refers back to what the paragraph said was fought against,
    the last such thing before the figure; the metric names it (破获侵犯商标权犯罪案件)."""
    refs, things = f.r.patterns["reference_patterns"], f.r.patterns["referent_patterns"]
    for c in cands:
        ref = next((m for p in refs for m in [p.search(c.metric)] if m), None)
        if ref is None or c.kind:
            continue
        start = f.paragraph_start(c.start)
        found = [m for p in things for m in p.finditer(f.t, start, c.start) if "thing" in p.groupindex]
        if found:
            thing, rest = max(found, key=lambda m: m.start("thing")).group("thing"), c.metric[ref.end():]
            if rest[:2] == thing[-2:]:
                thing = thing[:-2]  # 相关犯罪案件 after 打击…犯罪: the head is written once
            c.metric = c.metric[:ref.start()] + thing + rest


def _drop_verbs(metric: str, verbs: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for v in verbs:
            if metric.startswith(v) and len(metric) > len(v):
                metric, changed = metric[len(v):], True
                break
    return metric


def _named_before(f: _Finder, cands: list[_Cand]) -> None:
    """发放了首笔商标专用权质押贷款,贷款金额500万元: a measure of the thing the clause before just named takes
    that thing's full name (up to a verb particle or preposition, noun_phrase_stops)."""
    import jieba.posseg as pseg

    t, r = f.t, f.r
    for c in cands:
        if c.kind or c.from_list or not c.metric:
            continue
        # a bare measure (签订…贷款合同,金额500万元) too: it measures the thing the clause before ends with
        head = next((h for h in r.w("measure_heads") if c.metric.endswith(h)), None)
        if head is None:
            continue
        thing = c.metric[:-len(head)]
        clause = f._back(c.start, CLAUSE_END)
        if clause <= 1 or t[clause - 1] not in ",;" or f.sentence_start(c.start) >= clause:
            continue
        before_end = clause - 1
        if not t.startswith(thing, before_end - len(thing)):
            continue
        k = before_end - len(thing)
        floor = max(f._back(before_end, CLAUSE_END), before_end - r.limits["max_named_before_chars"])
        # 1.2万家企业获得融资,融资总额…: the thing named starts after a figure, never inside its unit
        floor = max([floor] + [x.tail for x in cands if x.tail <= k])
        while k > floor and t[k - 1] not in r.w("noun_phrase_stops") and HAN.match(t[k - 1]):
            k -= 1
        if before_end - k > len(thing):
            # 在X交易所成功发行,发行规模…: a verb after an adverb is the clause's predicate, naming no thing
            words = [(w.word, w.flag) for w in pseg.lcut(t[k:before_end], HMM=False)]
            if (len(words) >= 2 and words[-1] == (thing, "v")
                    and words[-2][1] in r.w("predicate_modifier_tags")):
                continue
            if not thing:  # a bare measure takes the object of the clause's verb (签订|知识产权质押贷款合同)
                verbs = [i for i, (_, flag) in enumerate(words) if flag == "v"]
                if verbs:
                    k += sum(len(w) for w, _ in words[:verbs[0] + 1])
                if k >= before_end:
                    continue
            c.metric = t[k:before_end] + head


def _shared_noun(f: _Finder, cands: list[_Cand]) -> None:
    """对4类、50余种、11.8吨侵权假冒伪劣物品进行了销毁: figures listed before an attributive one count its noun."""
    joins = f.r.w("conjunctions")
    noun: tuple[str, int] | None = None
    for i in range(len(cands) - 2, -1, -1):
        a, b = cands[i], cands[i + 1]
        if b.attributive and b.after and not b.kind:
            noun = (b.after, b.after_end)
        elif not (noun and b.metric == noun[0]):
            noun = None
        if noun is None or a.attributive or a.kind or f.t[a.tail:b.start] not in joins:
            continue
        a.metric, a.text_end, a.text_start = noun[0], max(a.text_end, noun[1]), a.start


def _attendees(f: _Finder, cands: list[_Cand]) -> None:
    """A、B、6家银行、32家科技企业、律师事务所等出席活动: a count in a list of participants counts the noun right
    after it as taking part (出席活动的银行), not the rest of the list and the verb (科技企业、律师事务所等出席活动)."""
    t, r = f.t, f.r
    joins = tuple(r.w("conjunctions")) + (r.grammar["list_end"],)
    verbs = "|".join(map(re.escape, r.w("attend_verbs")))
    for c in cands:
        if not c.attributive or c.kind or c.from_list:
            continue
        end = c.tail
        while end < len(t) and t[end] not in CLAUSE_END:
            end += 1
        m = re.search(rf"(?:{verbs})了?([^,;。、]{{0,12}})$", t[c.tail:end])
        if m is None:
            continue
        tail = t[c.tail:c.tail + m.start()]
        noun = re.split("|".join(map(re.escape, joins)), tail, maxsplit=1)[0]
        if len(noun) == len(tail) or not noun or not HAN.match(noun[0]):
            continue  # 8家企业参加培训, …、12家银行参加座谈: the words after the count already say it
        verb = m.group(0)[:len(m.group(0)) - len(m.group(1))].rstrip("了")
        c.metric = verb + m.group(1) + r.grammar["particle"] + noun
        c.text_start, c.text_end = c.start, c.tail + len(noun)


def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _words(text: str) -> list[str]:
    return [w for w in _jieba().lcut(text, HMM=False) if w.strip()]


def _tokenize(text: str):
    return _jieba().tokenize(text, HMM=False)


def _qualify(f: _Finder, cands: list[_Cand]) -> None:
    """Point growth rates, shares and ratios at the figure they qualify (the last plain figure of the same
    sentence) and give them its metric; a new level (增加到112家) takes its metric outright."""
    i = 0
    while i < len(cands):
        c = cands[i]
        g = f.group_start(c.start)
        earlier = []  # the plain figures of the same sentence before this one (cands are in text order)
        j = i - 1
        while j >= 0 and cands[j].start >= g:
            if not cands[j].kind:
                earlier.append(j)
            j -= 1
        earlier.reverse()
        if c.kind == "level":
            c.kind = None
            if earlier:
                p = cands[earlier[-1]]
                c.metric, c.area, c.place_area = p.metric, c.area or p.area, c.place_area or p.place_area
            i += 1
            continue
        if not c.kind:
            i += 1
            continue
        run = [i]  # 98件213人,同比分别上升12.6%和8.9%: rates listed after 分别 go with as many figures before
        while (run[-1] + 1 < len(cands) and cands[run[-1] + 1].kind == c.kind and cands[run[-1] + 1].lead == c.lead
               and f.group_start(cands[run[-1] + 1].start) == g):
            run.append(run[-1] + 1)
        if f.r.grammar["respectively"] in c.lead and 1 < len(run) <= len(earlier):
            targets = earlier[-len(run):]
        else:
            run, targets = [i], earlier[-1:]
        for k, target in zip(run, targets):
            q, p = cands[k], cands[target]
            q.target = target
            if p.metric and not q.lead.startswith(p.metric):
                # 同比分别增长: 分别 only pairs the rates with their figures, it names no measure
                q.metric = p.metric + q.lead.replace(f.r.grammar["respectively"], "")
            q.area = q.area or p.area
            q.place_area = q.place_area or p.place_area
        i = run[-1] + 1


def _frames(f: _Finder, cands: list[_Cand]) -> None:
    """在第21届中国专利奖评选中,崂山区共获金奖2项: the frame names what the figures count."""
    for c in cands:
        s = f.group_start(c.start)
        ss = f.sentence_start(c.start)
        for pat in f.r.patterns["frame_patterns"]:
            m = pat.match(f.t, ss) or pat.match(f.t, s)
            if m and m.end() <= c.start:
                frame = m.group("frame")
                if frame not in c.metric:
                    c.metric = frame + c.metric
                break


# -- period and area --------------------------------------------------

def _year_of(m: re.Match) -> str:
    return m.group(1) + (f"-{int(m.group(2)):02d}" if m.group(2) else "")


def _period(f: _Finder, c: _Cand) -> str | None:
    """The year the sentence gives (not a comparison base such as 较2022年); else 今年/全年 → the document's
    year; else the year that opens an earlier sentence of the paragraph (2023年,…); else the annual report's."""
    t, r = f.t, f.r
    s = f.sentence_start(c.start)
    end = c.start if c.base_at is None else c.base_at  # 是2020年的3倍: the base's year is no period
    stated = [m for m in f.r.year_re.finditer(t, s, end)
              if not f._comparison_before(m.start()) and not f._inside(m.start(), f.quoted)
              and not f._ratio_base(m.end())]
    if stated:
        return _year_of(stated[-1])
    sentence = t[s:c.start]
    rel = _relative(f, s, end)
    if rel is not None:
        return rel
    def opens_with_comma(m: re.Match) -> bool:  # 2023年, / 截至2023年底, — a time phrase set off by a comma
        return any(a <= m.start() < b and t.startswith(",", b)
                   for a, b in f.spans_in(max(0, m.start() - 6), m.end() + 24))

    scoping = [m for m in f.r.year_re.finditer(t, f.paragraph_start(c.start), s)
               if not f._comparison_before(m.start()) and not f._inside(m.start(), f.quoted) and opens_with_comma(m)]
    if any(w in sentence for w in r.w("current_year_words")):
        # 2024年,…。…全年兑现…: the year the paragraph opens with is the year 全年 speaks of
        return _year_of(scoping[-1]) if scoping else f.meta.get("year")
    if any(w in sentence for w in r.w("present_words")):
        return None
    if scoping:
        return _year_of(scoping[-1])
    return f.title_year


RELATIVE_UNRESOLVED = ""


def _relative(f: _Finder, start: int, end: int) -> str | None:
    """去年, 今年, 上半年 … in [start, end) (not a comparison base such as 比去年) against the document's date;
    ``RELATIVE_UNRESOLVED`` when the document has no date to resolve them, None when there is no such word."""
    from ..scope import relative_year

    best = None
    for w, off in f.r.maps["relative_years"].items():
        i = f.t.rfind(w, start, end)
        while i >= 0 and (f._comparison_before(i) or f._inside(i, f.quoted) or f._ratio_base(i + len(w))):
            i = f.t.rfind(w, start, i)
        if i >= 0 and (best is None or i > best[0] or i == best[0] and len(w) > len(best[1])):
            best = (i, w, off)
    if best is None:
        return None
    return relative_year(int(best[2]), f.meta) or RELATIVE_UNRESOLVED


def _area(f: _Finder, c: _Cand, cands: list[_Cand] = ()) -> str | None:
    if c.area:
        return c.area
    if c.place_area:
        return c.place_area
    t = f.t
    # the sentence's subject: 2023年,全市…;… / 市检察院… / 崂山区…
    for s in (f.group_start(c.start), f.sentence_start(c.start)):
        a = _head_area(f, s, c.start)
        if a:
            return a
    # …行动中,全省共捣毁窝点167个,打掉团伙58个: a clause naming no area goes on in the whole area an earlier
    # clause of its sentence named (not in a place of an earlier sentence of the paragraph)
    s = f.sentence_start(c.start)
    prev = next((x for x in reversed(cands) if s <= x.start < c.start and x.area), None)
    if prev is not None:
        return prev.area
    # the paragraph's scope: an earlier 2023年,全市… in the same paragraph
    p = f.paragraph_start(c.start)
    s = f.sentence_start(c.start)
    q = p
    while q < s:
        a = _head_area(f, q, s)
        if a:
            return a
        nxt = min((t.find(ch, q, s) for ch in "。!?" if t.find(ch, q, s) >= 0), default=-1)
        if nxt < 0:
            break
        q = nxt + 1
    return f.title_place


def _head_area(f: _Finder, s: int, limit: int) -> str | None:
    t, r = f.t, f.r
    pos = s
    changed = True
    while changed:
        changed = False
        for a, b in f.spans_in(pos, limit):
            if a == pos:
                pos, changed = b, True
        while pos < limit and t[pos] in ", ":
            pos, changed = pos + 1, True
        opener = f._match_word(pos, r.w("clause_openers"))  # 此外,萧山区同期…: the place after the opener
        if opener and pos + len(opener) < limit:
            pos, changed = pos + len(opener), True
        for pat in r.patterns["frame_patterns"]:
            m = pat.match(t, pos)
            if m and m.end() <= limit:
                pos, changed = m.end(), True
    for w, canon in r.area_order:
        if t.startswith(w, pos):
            return canon
    place, _ = f._place_run(pos, limit)
    if place:
        return place
    for pre, canon in r.maps["relative_agency_prefixes"].items():
        if t.startswith(pre, pos) and not any(t.startswith(b, pos) for b in r.w("relative_prefix_blockers")):
            return canon
    return None


def _finish(f: _Finder, c: _Cand, cands: list[_Cand]) -> Figure:
    metric = c.metric.strip(" ,、" + f.r.grammar["particle"])
    # 普惠贷款(1000万元以下)惠及企业: a bracket the figure's own clause cut in two is no part of the metric
    if metric.startswith(BRACKET_CLOSE) and BRACKET_OPEN not in metric:
        metric = metric[1:]
    if metric.endswith(BRACKET_OPEN):
        metric = metric[:-1]
    for pat in f.r.patterns["member_list_patterns"]:
        metric = pat.sub("", metric) or metric  # 被告人陈某某等3人: the people are counted, not named
    period = _period(f, c)
    if c.target is not None and period is None:
        period = _period(f, cands[c.target])
    return Figure(start=c.start, end=c.end, value=c.value, unit=c.unit, metric=metric,
                  text_start=min(c.text_start, c.start), text_end=max(c.text_end, c.end), period=period or None,
                  area=_area(f, c, cands), growth_of=c.target, approximation=c.approx,
                  period_stated=period == RELATIVE_UNRESOLVED)


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return a == b
    if len(min(a, b, key=len)) >= 2 and (a in b or b in a):
        return True
    sa, sb = set(a), set(b)
    if min(len(sa), len(sb)) >= 3 and (sa <= sb or sb <= sa):
        return True  # a headline's short wording of the body's metric
    return 2 * len(sa & sb) / (len(sa) + len(sb)) >= 0.6


def _headings(text: str, rules) -> tuple[tuple[int, int, int], ...]:
    """(start, end, words its figure shares with the body's) of each line that reads as a title (short, no full
    stop): the headline (one word), and a subheading between paragraphs (一周内X市三笔数据资产融资落地 over the
    paragraph that tells it), which words a figure of the body as a headline does but is less set off (two
    words). The last line is no heading (a byline, a source)."""
    out, pos, seen = [], 0, False
    limit, stop = rules.limits["max_headline_chars"], rules.grammar["full_stop"]
    lines = text.split("\n")
    last = max((k for k, line in enumerate(lines) if line.strip()), default=-1)
    for k, line in enumerate(lines):
        a = pos + len(line) - len(line.lstrip())
        pos += len(line) + 1
        if not line.strip():
            continue
        if k < last and len(line.strip()) <= limit and stop not in line and ";" not in line \
                and not line.strip().endswith((",", ":")):  # an item of a list is none
            out.append((a, a + len(line.strip()), 2 if seen else 1))
        seen = True
    return tuple(out)


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _headline_rate(figures: list[Figure], a: Figure, b: Figure) -> bool:
    """Whether the rate of ``a`` or ``b`` without a figure it qualifies (a headline's) words the other: a word of
    the qualified figure's metric and a word of the rate's own phrase (同比增长, not 占全省的比重) in common."""
    rate, alone = (a, b) if a.growth_of is not None else (b, a)
    if not 0 <= rate.growth_of < len(figures):
        return False
    base = figures[rate.growth_of].metric
    lead = rate.metric[len(base):] if rate.metric.startswith(base) else rate.metric
    words = _bigrams(alone.metric)
    return bool(words & _bigrams(base)) and bool(words & _bigrams(lead))


def _dedupe(figures: list[Figure], headings: tuple = (), rates: tuple = ()) -> list[Figure]:
    """A figure repeated in the document (headline and body) is kept once, where it has the most context
    (a period, an area, then the fuller metric; the earlier on a tie). A headline words its figure its own
    way (宁夏6家企业获评示范企业 over 6家企业入选示范企业): one word in common is enough, and the body's
    figure is kept. Growth rates follow their figure; a headline's rate (unit in ``rates``) may be given
    without the figure it qualifies (专利授权量同比增长12.4%) and is still the body's rate."""
    starts = [h[0] for h in headings]
    needs = {}  # the words in common a figure's heading asks for (0: body), by figure start
    for fig in figures:
        k = bisect.bisect_right(starts, fig.start) - 1
        needs[fig.start] = headings[k][2] if k >= 0 and fig.start < headings[k][1] else 0

    def heading(fig: Figure) -> int:
        return needs[fig.start]

    def shared(a: Figure, b: Figure) -> bool:
        return len(_bigrams(a.metric) & _bigrams(b.metric)) >= max(heading(a), heading(b))

    alias = list(range(len(figures)))
    for i, a in enumerate(figures):
        if alias[i] != i:
            continue
        for j in range(i + 1, len(figures)):
            b = figures[j]
            if alias[j] != j or a.value != b.value or a.unit != b.unit:
                continue
            if a.period and b.period and a.period[:4] != b.period[:4]:
                continue
            headline = bool(heading(a)) != bool(heading(b))
            if (a.growth_of is None) != (b.growth_of is None):
                if not (headline and a.unit in rates and _headline_rate(figures, a, b)):
                    continue
            elif not (_similar(a.metric, b.metric) or headline and shared(a, b)):
                continue
            score_a = ((a.period is not None) + (a.area is not None), len(a.metric))
            score_b = ((b.period is not None) + (b.area is not None), len(b.metric))
            if headline:  # the body's figure has its sentence's context; the headline's is a summary
                score_a, score_b = (not heading(a), *score_a), (not heading(b), *score_b)
            if score_a >= score_b:
                alias[j] = i
            else:
                alias[i] = j
                break

    def root(k: int) -> int:
        while alias[k] != k:
            k = alias[k]
        return k

    kept = [i for i in range(len(figures)) if root(i) == i]
    index = {old: new for new, old in enumerate(kept)}
    out = []
    for i in kept:
        g = figures[i].growth_of
        out.append(replace(figures[i], growth_of=None if g is None else index.get(root(g))))
    return out


# ---------------------------------------------------------------- metric concepts

CONCEPT_RULES = "metrics/concepts.json"
_CONCEPT_CACHE: dict[str, tuple[int, dict]] = {}


def load_concept_rules(path: str | Path | None = None) -> dict:
    """Read and check ``extract/metrics/concepts.json`` (cached until the file changes).

    Raises ``RuleError``: E201 missing file, E202 not JSON, E203 bad regular expression, E210 missing key,
    E211 malformed entry."""
    from ..rules import cached_by_stamp

    return cached_by_stamp(_CONCEPT_CACHE, Path(path) if path else extract_dir() / CONCEPT_RULES,
                           _parse_concept_rules)


def _parse_concept_rules(p: Path) -> dict:
    from ..rules import load_json

    data = load_json(p)
    raw_text = p.read_text(encoding="utf-8")
    out: dict = {}
    shapes = {"remove_patterns": list, "cut_patterns": list, "drop_start": list, "drop_end": list, "synonyms": dict,
              "measure_heads": list, "head_hints": dict, "unit_hints": dict, "rate_words": dict,
              "rate_non_percent": dict, "rate_patterns": list, "percent_units": list, "min_chars": int}
    for key, kind in shapes.items():
        if not isinstance(data, dict) or key not in data:
            raise RuleError("E210", f"the key {key!r} is missing", path=str(p), fix=f'add "{key}" to the file')
        val = data[key]
        ok = isinstance(val, kind) and not isinstance(val, bool)
        if ok and kind is list:
            ok = all(isinstance(x, str) and x for x in val)
        if ok and kind is dict:
            ok = all(isinstance(k, str) and k and isinstance(v, str) for k, v in val.items())
        if not ok:
            raise RuleError("E211", f"{key!r}: malformed ({kind.__name__} of non-empty strings expected)", path=str(p),
                            line=_line_of(raw_text, key), value=str(val)[:60],
                            fix=f"see the comment _{key} in the file for its shape")
        out[key] = val
    outlet = data.get("outlet_pattern")
    if not isinstance(outlet, str) or not outlet:
        raise RuleError("E210", "the key 'outlet_pattern' is missing or empty", path=str(p),
                        fix='add "outlet_pattern": "<regular expression>"')
    out["outlet_pattern"] = [outlet]
    for key in ("remove_patterns", "cut_patterns", "outlet_pattern", "rate_patterns"):
        try:
            out[key] = [re.compile(x) for x in out[key]]
        except re.error as err:
            raise RuleError("E203", f"{key!r}: not a valid regular expression: {err}", path=str(p),
                            line=_line_of(raw_text, key), fix="escape special characters (double the backslash)") from err
    for key in ("drop_start", "drop_end", "measure_heads"):
        out[key] = sorted(set(out[key]), key=len, reverse=True)
    for key in ("head_hints", "rate_words"):
        out[key] = dict(sorted(out[key].items(), key=lambda kv: -len(kv[0])))
    return out


def metric_concept(metric: str, unit: str, base: str | None = None, rules: dict | None = None,
                   figure_rules: FigureRules | None = None) -> str | None:
    """The name of the measure a figure states: its metric as a noun phrase (no reporting verbs, datelines,
    brackets), with the ending its unit calls for (专利授权 + 件 → 专利授权量). A growth rate or share (``base``
    is the concept of the figure it qualifies) is named after that measure: 专利授权量增长率. None when nothing
    of a name is left."""
    r = rules or load_concept_rules()
    if base is not None:
        for word, ending in r["rate_words"].items():
            if word in metric or word == unit:
                if unit not in (figure_rules or load_rules()).w("ratio_units"):
                    ending = r["rate_non_percent"].get(ending, ending)
                return base + ending
        return None
    if unit in r["percent_units"]:
        for pat in r["rate_patterns"]:
            m = pat.search(metric)
            if m and m.start() > 0:  # 质押件数同比增长138%: a rate of 质押件数
                own = metric_concept(metric[:m.start()], "", rules=r)
                if own:
                    return metric_concept(m.group("word"), unit, base=own, rules=r)
    name = metric
    for pat in r["cut_patterns"]:
        m = pat.search(name)
        if m:
            name = r["outlet_pattern"][0].sub("", name[:m.start()])
    for pat in r["remove_patterns"]:
        name = pat.sub("", name)
    changed = True
    while changed and name:
        changed = False
        for w in r["drop_start"]:
            if name.startswith(w) and len(name) > len(w):
                name, changed = name[len(w):], True
                break
        for w in r["drop_end"]:
            if name.endswith(w) and len(name) > len(w):
                name, changed = name[:-len(w)], True
                break
    name = r["synonyms"].get(name, name)
    if len(name) < r["min_chars"]:
        return None
    if not any(name.endswith(h) for h in r["measure_heads"]):
        hint = next((v for k, v in r["head_hints"].items() if name.endswith(k)), None)
        if hint is None:
            hint = r["unit_hints"].get(unit, "")
        name = r["synonyms"].get(name + hint, name + hint)
    return name


# ---------------------------------------------------------------- spaCy

def _register_extension() -> None:
    if not Span.has_extension("figure"):
        Span.set_extension("figure", default=None)


_register_extension()


@Language.factory("zhichan_figures", assigns=["doc.spans", "span._.figure"],
                  requires=["doc._.zhichan_meta", "doc.spans", "span._.entity"], default_config={"rules_dir": None})
def make_figures(nlp: Language, name: str, rules_dir: str | None):
    """Figures as ``doc.spans["zhichan_figures"]``; ``span._.figure`` holds the ``Figure``.

    The document meta comes from ``doc._.zhichan_meta`` (year, city, district, province); the names of
    bodies from ``doc.spans["zhichan_entities"]`` (a body that opens a metric is its subject).
    """
    _register_extension()
    from ..rules import cached_rules

    rules = cached_rules(rules_dir).figures

    def component(doc: Doc) -> Doc:
        spans = []
        bodies = [(s.start_char, s.end_char) for s in doc.spans.get("zhichan_entities", [])
                  if getattr(s._.entity, "type", None) is not None
                  and s._.entity.type.value in ("Agency", "Organization", "Company")]
        for fig in find_figures(doc.text, doc._.zhichan_meta or {}, rules, bodies):
            span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
            if span is None:
                continue
            span._.figure = fig
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc

    return component
