"""Document scope: a document's normalised text → the area it is about and its dates.

Input: the normalised text of one document (title line optional). Output: ``document_scope`` returns
the document "meta" every later stage reads: ``province``, ``city``, ``district``, ``zone`` (names, the
chain down to the most specific area the document is about), ``area`` and ``area_level`` (that most
specific area), ``report_year`` (the year an annual report the document names covers), ``date`` (the
document's own date as far as it is known: YYYY, YYYY-MM-DD), ``date_year`` and ``year`` (the year a
figure without one of its own belongs to: the report year, else the document's year).

How documents state their scope is data in ``extract/scope.json`` (datelines, bylines, report titles,
zone heads, weights). The procedure: split off the title lines, bylines and the dateline (the filing
place of a dateline is not what the report is about), count the gazetteer's places in the title, the
opening paragraph and the body with decreasing weights, then walk down from the province: a city, a
district or county, a zone is the scope only when the text speaks of it at least as much as of the
area above it — so a place named in passing (a venue, a comparison, a company's origin) does not
change the scope.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .config import extract_dir
from .errors import RuleError

RULES_NAME = "scope.json"
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
COUNTY_LEVELS = ("District", "County", "CountyLevelCity")
HAN = r"[\u4e00-\u9fff]"


@dataclass(frozen=True)
class ScopeRules:
    datelines: tuple[re.Pattern, ...]
    bylines: tuple[re.Pattern, ...]
    byline_words: tuple[str, ...]
    dates: tuple[re.Pattern, ...]
    reports: tuple[re.Pattern, ...]
    years: tuple[re.Pattern, ...]
    comparison_words: tuple[str, ...]
    target_words: tuple[str, ...]
    not_target_words: tuple[str, ...]
    span_ends: tuple[str, ...]
    start_words: tuple[str, ...]
    relative_words: dict[str, str]
    relative_prefixes: tuple[re.Pattern, ...]
    prefix_levels: dict[str, str]
    relative_not_before: tuple[str, ...]
    clause_factor: int
    zone_heads: tuple[str, ...]
    weights: tuple[int, int, int]
    title_max: int
    opening_max: int


_CACHE: dict[str, tuple[int, "ScopeRules"]] = {}


def load_rules(path: str | Path | None = None) -> ScopeRules:
    """Read and check ``extract/scope.json`` (cached until the file changes).

    Raises ``RuleError``: E201 missing, E202 not JSON, E203 bad regular expression, E210 missing key,
    E211 malformed entry."""
    from .rules import cached_by_stamp

    return cached_by_stamp(_CACHE, Path(path) if path else extract_dir() / RULES_NAME, _parse_rules)


def _parse_rules(p: Path) -> ScopeRules:
    from .rules import load_json

    data = load_json(p)

    def need(key: str, kind: type):
        if not isinstance(data, dict) or key not in data:
            raise RuleError("E210", f"the key {key!r} is missing", path=str(p), fix=f'add "{key}" to the file')
        val = data[key]
        if not isinstance(val, kind) or isinstance(val, bool):
            raise RuleError("E211", f"{key!r} must be a {kind.__name__}", path=str(p), value=str(val)[:60],
                            fix=f"see the comment _{key} in the file for its shape")
        return val

    def words(key: str) -> tuple[str, ...]:
        val = need(key, list)
        if not all(isinstance(x, str) and x for x in val):
            raise RuleError("E211", f"{key!r}: every entry must be a non-empty string", path=str(p),
                            fix="remove the entry or quote it")
        return tuple(sorted(set(val), key=len, reverse=True))

    def patterns(key: str) -> tuple[re.Pattern, ...]:
        out = []
        for item in need(key, list):
            try:
                out.append(re.compile(item))
            except (re.error, TypeError) as err:
                raise RuleError("E203", f"{key!r}: not a valid regular expression: {err}", path=str(p),
                                value=str(item), fix="escape special characters (double the backslash in JSON)") from err
        return tuple(out)

    rel = need("relative_words", dict)
    levels = {"Province", "PrefectureCity", "District", "County"}
    if not all(isinstance(v, str) and v in levels for v in rel.values()):
        raise RuleError("E211", "'relative_words' must map a word to Province, PrefectureCity, District or County",
                        path=str(p), fix='write "<word>": "Province"')
    weights = tuple(need(k, int) for k in ("title_weight", "opening_weight", "body_weight"))
    rules = ScopeRules(
        datelines=patterns("dateline_patterns"), bylines=patterns("byline_patterns"),
        byline_words=words("byline_line_words"), dates=patterns("date_patterns"),
        reports=patterns("report_patterns"), years=patterns("year_patterns"),
        comparison_words=words("comparison_words"), target_words=words("target_words"),
        not_target_words=words("not_target_words"), span_ends=words("span_ends"),
        start_words=words("start_words"), relative_words=dict(rel),
        relative_prefixes=patterns("relative_prefix_patterns"), prefix_levels=dict(need("relative_prefix_levels", dict)),
        relative_not_before=words("relative_not_before"), clause_factor=need("clause_initial_factor", int),
        zone_heads=words("zone_heads"),
        weights=weights, title_max=need("title_max_chars", int), opening_max=need("opening_max_chars", int))
    return rules


# ---------------------------------------------------------------- the parts of the opening

@dataclass
class _Head:
    title: str        # title and subtitle lines ("" for a title-less passage)
    opening: str      # the opening paragraph without dateline and bylines
    body: str         # the rest
    month: int | None = None
    day: int | None = None
    dateline: bool = False


def split_head(text: str, rules: ScopeRules) -> _Head:
    """Title lines, the opening paragraph (dateline and bylines removed) and the body."""
    lines = [ln.strip().lstrip("#").strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    titles: list[str] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        short = len(ln) <= rules.title_max and "。" not in ln
        if short and any(w in ln for w in rules.byline_words):
            i += 1          # a byline or source line
            continue
        if short and i + 1 < len(lines):
            titles.append(ln)
            i += 1
            continue
        break
    opening = lines[i] if i < len(lines) else ""
    body = "\n".join(lines[i + 1:])
    head = _Head(title="\n".join(titles), opening="", body=body)
    changed = True
    while changed:
        changed = False
        for pat in rules.datelines + rules.bylines:
            m = pat.match(opening)
            if m and m.end() > 0:
                gd = m.groupdict()
                if gd.get("month") and head.month is None:
                    head.month, head.day = int(gd["month"]), int(gd["day"]) if gd.get("day") else None
                if pat in rules.datelines:
                    head.dateline = True
                opening = opening[m.end():].lstrip(" ,:")
                changed = True
    for pat in rules.bylines:
        opening = pat.sub("", opening)
    head.opening = opening[:rules.opening_max]
    if len(opening) > rules.opening_max:
        head.body = opening[rules.opening_max:] + "\n" + body
    return head


# ---------------------------------------------------------------- dates

def _years(pat_list, text: str, comparison: tuple[str, ...], targets: tuple[str, ...] = (),
           not_targets: tuple[str, ...] = (), span_ends: tuple[str, ...] = (),
           starts: tuple[str, ...] = ()) -> list[int]:
    out = []
    for pat in pat_list:
        for m in pat.finditer(text):
            before = text[max(0, m.start() - 4):m.start()]
            if any(before.endswith(w) for w in comparison):
                continue
            if starts and before.endswith(starts):
                continue  # 自2021年开办…以来: the year a span starts, the document speaks from later
            # 到2026年 is a plan's target, not a year the document speaks from (截至2023年 is, and so is the
            # end of a span of years: 2021年至2023年)
            target = next((w for w in targets if before.endswith(w)), None)
            if target and not before.endswith(not_targets) and not before[:-len(target)].endswith(span_ends):
                continue
            out.append(int(m.group("year")))
    return out


def _dates(text: str, head: _Head, rules: ScopeRules) -> dict:
    top = "\n".join(text.splitlines()[:3])
    full = None
    for pat in rules.dates:
        m = pat.search(top)
        if m:
            full = (int(m.group("year")), int(m.group("month")), int(m.group("day")))
            break
    region = head.title + "\n" + head.opening
    reports = _years(rules.reports, region, rules.comparison_words)
    report_year = reports[0] if reports else None
    mentioned = _years(rules.years, region, rules.comparison_words, rules.target_words, rules.not_target_words,
                       rules.span_ends, rules.start_words)
    date_year = None
    month, day = head.month, head.day
    if full:
        date_year, month, day = full
    elif head.dateline and mentioned:
        # a report filed under a dateline speaks of its own year; an annual report is published after its year
        date_year = max(mentioned)
        if report_year is not None and date_year <= report_year:
            date_year = report_year + 1
    elif mentioned and (report_year is None or max(mentioned) > report_year):
        date_year = max(mentioned)
    date = None
    if date_year is not None:
        date = f"{date_year}"
        if month and day and 1 <= month <= 12 and 1 <= day <= 31:
            date = f"{date_year}-{month:02d}-{day:02d}"
    year = report_year or date_year
    return {"report_year": str(report_year) if report_year else None, "date": date,
            "date_year": str(date_year) if date_year else None, "year": str(year) if year else None}


# ---------------------------------------------------------------- area

def _add(weights: dict, code: str, w: int) -> None:
    weights[code] = weights.get(code, 0) + w


def _area(head: _Head, rules: ScopeRules) -> dict:
    from .places import gazetteer

    gaz = gazetteer()
    forms = gaz.surface_forms()
    pattern = gaz.surface_pattern()
    tw, ow, bw = rules.weights
    regions = [(head.title, tw), (head.opening, ow), (head.body, bw)]
    direct: dict[str, int] = {}   # mentions naming the area itself
    sub: dict[str, int] = {}      # mentions naming it or an area inside it
    rel: dict[str, int] = {}      # 全省, 我市 … by level
    ambiguous: list[tuple[str, int]] = []
    for r, (region, w) in enumerate(regions):
        word_starts = None
        for m in pattern.finditer(region):
            name = m.group(0)
            codes = forms.get(name, [])
            rec = gaz.lookup(name)
            if rec is not None and rec.level in COUNTY_LEVELS and name != rec.name:
                continue  # a county's short form (会同, 公安, 合作) is too often a word of its own
            if rec is not None and name != rec.name and m.start() > 0:
                if word_starts is None:
                    word_starts = _word_starts(region)
                if m.start() not in word_starts:
                    continue  # a short form inside a word is no mention (北海 in 拱北海关)
            weight = w * (rules.clause_factor if _clause_initial(region, m.start()) else 1)
            if rec is None or len(codes) > 1 and rec.level in COUNTY_LEVELS:
                ambiguous.append((name, weight))
                continue
            nxt = pattern.match(region, m.end())
            inner = gaz.lookup(nxt.group(0), city=rec.name) if nxt else None
            if inner is None or inner.name != nxt.group(0) or not gaz.within(inner.code, rec.code):
                nxt = None  # 浙江公安机关: what follows is no area inside this one
            if nxt is None or rec.level in COUNTY_LEVELS:
                _add(direct, rec.code, weight)  # 杭州市西湖区: the city only qualifies the district named after it
            for anc in gaz.chain(rec.code):
                _add(sub, anc.code, weight)
        for word, level in rules.relative_words.items():
            for m in re.finditer(re.escape(word), region):
                if not region.startswith(rules.relative_not_before, m.end()):
                    _add(rel, level, w)
        for pat in rules.relative_prefixes:
            for m in pat.finditer(region):
                level = rules.prefix_levels.get(m.group("level"))
                if level:
                    _add(rel, level, w)
    provinces = [c for c in sub if gaz.get(c) and gaz.get(c).level == "Province"]
    out = {"province": None, "city": None, "district": None, "zone": None, "area": None, "area_level": None}
    if not provinces:
        return out
    prov = max(sorted(provinces), key=lambda c: sub[c])
    prec = gaz.get(prov)
    out.update(province=prec.name, area=prec.name, area_level="Province")
    if prov in MUNICIPALITIES:
        city_code = prov
        out.update(city=prec.name, area_level="PrefectureCity")
    else:
        cities = [c for c in sub if gaz.get(c) and gaz.get(c).level == "PrefectureCity" and gaz.within(c, prov)]
        city_code = max(sorted(cities), key=lambda c: sub[c]) if cities else None
        above = direct.get(prov, 0) + rel.get("Province", 0)
        if city_code is None or sub[city_code] < above:
            if city_code is not None:  # not the scope, but what a relative 市X局 of this document refers to
                out["context_city"] = gaz.get(city_code).name
            return out
        out.update(city=gaz.get(city_code).name, area=gaz.get(city_code).name, area_level="PrefectureCity")
    for name, w in ambiguous:
        rec = gaz.lookup(name, city=out["city"], province=out["province"])
        if rec is not None and rec.level in COUNTY_LEVELS and gaz.within(rec.code, city_code) and name == rec.name:
            _add(direct, rec.code, w)
            _add(sub, rec.code, w)
    counties = [c for c in sub if gaz.get(c) and gaz.get(c).level in COUNTY_LEVELS and gaz.within(c, city_code)
                and direct.get(c)]
    scope_code = city_code
    if counties:
        best = max(sorted(counties), key=lambda c: sub[c])
        above = direct.get(city_code, 0) + rel.get("PrefectureCity", 0)
        if prov in MUNICIPALITIES:
            above += direct.get(prov, 0) - direct.get(city_code, 0) if city_code != prov else 0
        if sub[best] + rel.get(gaz.get(best).level, 0) >= above:
            rec = gaz.get(best)
            out.update(district=rec.name, area=rec.name, area_level=rec.level)
            scope_code = best
    zone = _zone(head, rules, pattern, gaz, scope_code, direct, rel)
    if zone:
        out.update(zone=zone, area=zone, area_level="Zone")
    return out


def _word_starts(text: str) -> set[int]:
    """Where jieba (offline dictionary, no HMM) starts a word in ``text``."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return {start for _, start, _ in jieba.tokenize(text, HMM=False)}


def _clause_initial(region: str, pos: int) -> bool:
    return pos == 0 or region[pos - 1] in ",。;:!?\n"


def _zone(head: _Head, rules: ScopeRules, pattern, gaz, scope_code: str, direct: dict, rel: dict) -> str | None:
    """A zone of the scope's area that the title or opening is about (X市经济开发区 over X市)."""
    heads = "|".join(map(re.escape, rules.zone_heads))
    tail = re.compile(rf"{HAN}{{0,8}}?(?:{heads})")
    tw, ow, bw = rules.weights
    names: dict[str, int] = {}
    weight = 0
    in_head = False
    for r, (region, w) in enumerate([(head.title, tw), (head.opening, ow), (head.body, bw)]):
        for m in pattern.finditer(region):
            rec = gaz.lookup(m.group(0))
            if rec is None or rec.code != scope_code:
                continue
            t = tail.match(region, m.end())
            if not t:
                continue
            name = region[m.start():t.end()]
            if pattern.search(region[m.end():t.end()]) or gaz.lookup(name) is not None:
                continue  # another area inside the tail (浦东新区上海市…新区), or an area of the table itself
            names[name] = names.get(name, 0) + w
            if m.group(0) == rec.name or rec.level not in COUNTY_LEVELS:
                weight += w * (rules.clause_factor if _clause_initial(region, m.start()) else 1)
            in_head = in_head or r < 2
    if not names or not in_head:
        return None
    outside = direct.get(scope_code, 0) - weight
    if sum(names.values()) < outside:
        return None
    return max(sorted(names), key=lambda n: (len(n), names[n]))


def document_scope(text: str, rules: ScopeRules | None = None) -> dict:
    """The area and dates of one document (see the module docstring for the keys)."""
    rules = rules or load_rules()
    head = split_head(text, rules)
    out = _area(head, rules)
    out.update(_dates(text, head, rules))
    return out


def relative_year(offset: int, meta: dict) -> str | None:
    """今年 (0), 去年 (-1), 前年 (-2) against the document's date; 去年 in an annual report without a date is
    the year it reports on; nothing when the document gives no date (the year is left empty, not guessed)."""
    dy = (meta or {}).get("date_year")
    if dy:
        return str(int(dy) + offset)
    ry = (meta or {}).get("report_year")
    if ry and offset == -1:
        return str(ry)
    return None


def document_meta(info, text: str, original: str | None = None, rules: ScopeRules | None = None) -> dict:
    """The scope of a document as the pipeline's meta (``info`` is kept for callers of the old signature).

    Given the ``original`` text, its lines are normalised one by one: the normaliser joins a long title line
    to the dateline paragraph below it (a page-break repair), which would hide the title."""
    if original is not None:
        from .document import normalise

        text = "\n".join(normalise(line).text for line in original.splitlines())
    return document_scope(text, rules)
