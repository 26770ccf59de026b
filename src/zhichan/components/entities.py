"""Pipeline component ``zhichan_entities``: normalised text → candidate name spans.

Input: a ``Doc`` of the normalised text with ``doc._.zhichan_meta`` (city, district,
province, year). Output: ``doc.spans["zhichan_entities"]``, every candidate name (nested names
kept: 青岛 inside 青岛农商银行 is a Place of its own), each with ``span._.entity`` holding its
type, finer kind, rule and attributes.

Names are found by how Chinese names are built, with the rules in ``extract/``:
- a *head* (法院, 检察院, 局, 有限公司, 支行, 联盟, 专项行动 …) is extended leftwards to the
  nearest boundary (punctuation, a verb or preposition from ``lexicons/boundaries.txt``), stepping
  over quoted and titled parts and over protected words (文化和旅游);
- titles in 《》 with a policy head, quoted names with a program head or cue, quoted credit products;
- administrative areas from the GB/T 2260 gazetteer (``zhichan.places``);
- persons next to a title (董事长周某某) and in a closing byline.
Python regexes over the text do the scanning (fast); spaCy holds the result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..models import EntityType
from ..rules import HeadRule, Rules, cached_rules

HAN = f"{chr(0x4E00)}-{chr(0x9FFF)}"  # the CJK unified ideographs, as a character-class range
OPEN_QUOTES = {"”": "“", "》": "《", "\"": "\""}
DELIMS = set(",.;:!?、。;:!?()[]{}<>\n\t 　“”《》\"'|/")

T = EntityType


@dataclass
class Candidate:
    start: int
    end: int
    type: EntityType
    kind: str | None
    rule: str
    attrs: dict = field(default_factory=dict)
    text: str = ""  # the surface, filled when the span is attached to a Doc
    sent_start: int = -1  # start of the sentence holding it, likewise

    @property
    def key(self):
        return (self.start, self.end, self.type)


QUOTED_SPEECH = re.compile(r"[\n。!?;,]")


class EntityFinder:
    def __init__(self, rules: Rules):
        self.rules = rules
        w = self.words = rules.words
        self.generic_prefix = re.compile(w["generic_prefix_re"])
        self.edition_end = re.compile(w["edition_end_re"])
        self.year_end = re.compile(w["year_end_re"])
        self.counted_holders = re.compile(w["counted_holders_re"])
        self.count_before = re.compile(w["count_before_re"])
        self.count_list_after = re.compile(w["count_list_after_re"])
        self.means_after = re.compile(w["means_after_re"])
        self.second_name = re.compile(w["second_name_re"])
        self.product_after_quote = re.compile(w["product_after_quote_re"])
        self.loan_after_reject = re.compile(w["loan_after_reject_re"])
        self.list_part = re.compile(w["list_part_re"])
        self.byline = re.compile(w["byline_re"])
        self.byline_title = re.compile(w["byline_title_re"])
        self.byline_part = re.compile(w["byline_part_re"])
        self.byline_lead = re.compile(w["byline_lead_re"])
        self.outlet_after_place = re.compile(w["outlet_after_place_re"])
        self.brand_after_county = re.compile(w["brand_after_county_re"])
        self.town_after_short = re.compile(w["town_after_short_re"])
        self.words_holding_places = (re.compile("|".join(map(re.escape, sorted(w["words_holding_places"], key=len, reverse=True))))
                                     if w["words_holding_places"] else None)
        joiners = "".join(map(re.escape, w["list_sibling_joiners"]))
        self._sibling_run = re.compile(rf"(?:[{joiners}][\u4e00-\u9fff]{{2,{w['sibling_prefix_max'] + 3}}})*[{joiners}]")
        self.byline_not_names = frozenset(w["byline_not_names"])
        self.sub_bureau_rules = {f"head:{h}" for h in w["sub_bureau_heads"]}
        self.sub_bureau_heads = tuple(w["sub_bureau_heads"])
        self.unit_rules = {f"head:{h}" for h in w["unit_heads"]}
        self.sub_bureau_parent = re.compile(w["sub_bureau_parent_re"])
        self.pronouns = sorted(rules.pronouns, key=len, reverse=True)
        self.boundary_set = set(rules.boundaries)
        self.boundary_long_re = self._suffix_alternation([w for w in rules.boundaries if len(w) >= 3])
        self._tokens: dict[int, str] = {}
        self._word_end_at: dict[int, int] = {}
        self.protected_re = self._suffix_alternation(rules.protected)
        names = rules.names
        self.policy_heads = sorted(names["policy_heads"], key=len, reverse=True)
        self.program_after = sorted(names["quoted_program_after"], key=len, reverse=True)
        self.program_endings = sorted(names["quoted_program_endings"], key=len, reverse=True)
        self.code_name = re.compile(names["quoted_program_code"])
        self.award_after_title = re.compile(names["award_after_title_re"])
        self.count_after_body = re.compile(self.words["count_after_body_re"])
        self.count_after_designation = re.compile(self.words["count_after_designation_re"])
        self.collection_title = re.compile(names["collection_title_re"])
        self.quoted_shared_head = re.compile(names["quoted_shared_head_re"])
        self.not_program = [re.compile(p) for p in names["quoted_not_program_inside"]]
        self.quoted_issue = re.compile(names["quoted_issue_re"])
        self.combination = re.compile(names["quoted_combination"])
        self.product_endings = sorted(names["product_endings"], key=len, reverse=True)
        self.generic_products = set(names["generic_products"])
        trig = rules.triggers
        self.organize = trig["organize"]
        self.award = trig["award"]
        self.amount_start = re.compile(self.words["amount_start_re"])
        self.issue = trig["issue"]
        self.launch = trig["launch"]
        self.head_modifiers = set(names["head_modifiers"])
        self.head_modifier_kinds = set(names["head_modifier_kinds"])
        self.in_name_count = re.compile(names["in_name_count"])
        self.quoted_after_trigger = sorted(names["quoted_after_trigger"], key=len, reverse=True)
        lex = sorted(rules.lexicon, key=len, reverse=True)
        self.lexicon_re = re.compile("|".join(map(re.escape, lex))) if lex else None
        heads = sorted({r.head for r in rules.heads}, key=len, reverse=True)
        self.head_re = re.compile("(?=(" + "|".join(map(re.escape, heads)) + "))")
        self.heads = tuple(heads)
        self.zone_heads = tuple(h for h in heads if any(r.head == h and r.kind == "Zone" for r in rules.heads))
        # bodies' heads only: 品牌指导服务站 holds a program's head (品牌) before 指导
        self.body_heads = tuple(h for h in heads if any(
            r.head == h and r.type in (EntityType.Agency, EntityType.Organization) for r in rules.heads))
        self.heads_by_text: dict[str, list[HeadRule]] = {}
        for r in rules.heads:
            self.heads_by_text.setdefault(r.head, []).append(r)
        self._gazetteer = None
        self._place_re = None
        self._city_prefixes: dict[int, str] = {}

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _suffix_alternation(words: list[str]) -> re.Pattern | None:
        if not words:
            return None
        return re.compile("(?:" + "|".join(map(re.escape, words)) + ")$")

    def gazetteer(self):
        if self._gazetteer is None:
            from ..places import gazetteer

            self._gazetteer = gazetteer()
            self._place_re = self._gazetteer.surface_pattern()
        return self._gazetteer

    def ends_with(self, text: str, pos: int, words: list[str]) -> str | None:
        for w in words:
            if pos >= len(w) and text.startswith(w, pos - len(w)):
                return w
        return None

    def extend_left(self, text: str, pos: int, limit: int = 24, barriers: set[int] = frozenset(),
                    modified: bool = True, firm: bool = False) -> int:
        """Scan left from ``pos`` to the start of the name ending there; ``modified``: a head modifier right
        before ``pos`` belongs to the name; ``firm``: the name is a business's."""
        start = pos
        token = self._tokens.get(pos)
        if modified and token in self.head_modifiers and text[pos - len(token):pos] == token:
            pos -= len(token)  # 宣传 in 宣传活动 qualifies the head: a verb elsewhere, part of the name here
        while pos > 0 and start - pos < limit:
            if pos in barriers:
                break
            ch = text[pos - 1]
            if ch == ")":  # a bracketed place inside a name: 中国(济南)知识产权论坛
                opener = text.rfind("(", max(0, pos - 10), pos - 1)
                if opener >= 0 and re.fullmatch(rf"[{HAN}]{{2,8}}", text[opener + 1:pos - 1]):
                    pos = opener
                    starts = [w for w in self.words["bracket_name_starts"] if text.endswith(w, 0, pos)]
                    if starts:  # 中国(青海)知识产权保护中心 starts at 中国, whatever verb stands before it (批复同意建设)
                        pos -= len(starts[0])
                        break
                    continue
                break
            if ch in OPEN_QUOTES and ch != "\"":
                opener = text.rfind(OPEN_QUOTES[ch], max(0, pos - 40), pos - 1)
                if opener < 0 or QUOTED_SPEECH.search(text, opener, pos):
                    break  # a quoted sentence (“…了。”公司负责人说) is speech, not part of a name
                pos = opener
                continue
            if not (is_han(ch) or ch.isascii() and ch.isalpha() or ch in "·-—"):
                break
            window = text[max(0, pos - 12):pos]
            m = self.protected_re.search(window) if self.protected_re else None
            if m:
                pos -= len(m.group(0))
                continue
            # a boundary word ends here: as a whole jieba token (so 对 stops but 应对 does not),
            # or as a longer word written out (深入开展) whatever the segmentation
            token = self._tokens.get(pos)
            if token is not None and self._is_boundary_token(token, window):
                if self._brand_verb(text, pos, token, start):
                    pos -= len(token)
                    continue
                break
            # 分行为X公司: the tagger reads 行为 as one word, but a body's head ends before the 为
            if (token is not None and len(token) > 1 and token[-1] in self.boundary_set
                    and text.endswith(self.heads, 0, pos - 1)):
                break
            # 公安局指导Y分局: a verb that is also a name part (指导中心) ends a name only after a head
            if any(text.endswith(w, 0, pos) and text.endswith(self.body_heads, 0, pos - len(w))
                   for w in self.words["head_verbs"]):
                break
            # 该局指导X市Y有限公司: a helping verb right before a place ends the firm's name that place opens
            # (an event may hold one: 金融助力X市发展座谈会)
            if (firm and start - pos >= 4 and any(text.endswith(w, 0, pos) for w in self.words["place_verbs"])
                    and self.is_place_prefix(text[pos:start])):
                break
            # 该局指导市知识产权维权指导站…: a body of the document's own place (市, 区) opens after the verb
            if (start - pos >= 4 and any(text.endswith(w, 0, pos) for w in self.words["place_verbs"])
                    and self.is_relative_prefix(text[pos:start])):
                break
            m = self.boundary_long_re.search(window) if self.boundary_long_re else None
            if m or self.edition_end.search(window):
                break
            if self.year_end.search(text[max(0, pos - 5):pos]):
                break
            pos -= 1
        return pos

    def _brand_verb(self, text: str, pos: int, token: str, start: int) -> bool:
        """A verb of joining inside a firm's legal name (中华联合财产保险股份有限公司, 安徽联合产权交易所有限公司):
        the word before it is a bare place or a national word (no level, so no acting body: 安徽省联合…, 市局联合…
        still end the name) and the head is a firm's legal form."""
        # the name goes on to a firm's legal form (…交易所有限公司, …有限公司广西分公司) within one run of characters
        if token not in self.words["firm_inner_verbs"] or not re.match(rf"[{HAN}]{{0,16}}?公司", text[pos:]):
            return False
        before = self._tokens.get(pos - len(token))
        if not before or len(before) < 2 or text[pos - len(token) - len(before):pos - len(token)] != before:
            return False
        if before in self.words["firm_inner_openers"]:
            return True
        self.gazetteer()
        m = self._place_re.fullmatch(before)
        return bool(m) and before not in self._gazetteer.by_name

    def _is_boundary_token(self, token: str, window: str) -> bool:
        """A word that ends where the scan stands is a boundary if it, or its last two or more
        characters, is a boundary word (深入开展 ends in 开展); a single character counts only as
        a word of its own (对 stops, 应对 does not)."""
        if token in self.boundary_set:
            return True
        if any(token[i:] in self.boundary_set for i in range(1, len(token) - 1)):
            return True
        return any(window.endswith(w) for w in self.boundary_set if len(w) >= 2 and len(w) > len(token))

    def preceded_by(self, text: str, start: int, words: list[str]) -> str | None:
        return self.ends_with(text, start, words)

    def award_context(self, text: str, start: int) -> bool:
        """An award verb earlier in the same clause chain: 先后获得A、B、C等荣誉."""
        left = text[max(0, start - 120):start]
        cut = max(left.rfind("。"), left.rfind("\n"), left.rfind(";"))
        left = left[cut + 1:]
        for w in self.words["not_award_words"]:  # 查获, 破获, 抓获: seizing is no award, though it holds 获
            left = left.replace(w, "\u3000" * len(w))
        at = max((left.rfind(w) for w in self.award), default=-1)
        if at < 0:
            return False
        # 6家单位获评…: when the text only counts the holders, the designation is a metric, not a name (ANNOTATION)
        clause = re.split(r"[,:]", left[:at])[-1]
        return not self.counted_holders.search(clause)

    def program_kind(self, head: str) -> str:
        """A program's finer kind from the ending of its head (行动 → Campaign); Project otherwise."""
        for row in self.words["program_kinds"]:
            if head.endswith(tuple(row["endings"])):
                return row["kind"]
        return "Project"

    def is_place_prefix(self, prefix: str) -> bool:
        if not prefix:
            return False
        self.gazetteer()
        m = self._place_re.match(prefix)
        return bool(m) or prefix.startswith(tuple(self._city_prefixes.values()))

    def _unknown_city_prefix(self, prefix: str) -> bool:
        """黔川市: a city or county the gazetteer does not list, named with its level, whose name is no
        common word (大城市, 超市, 各地市 and 县级市 are not places)."""
        return (bool(re.match(self.words["unknown_city_prefix_re"], prefix))
                and not self._common_word(prefix[:-1]) and not self._common_word(prefix[-2:]))

    def named_place_start(self, prefix: str) -> bool:
        """The prefix opens with a place written in full or a province's short form (新疆维吾尔自治区…,
        新疆…): a generic-looking first character (新) is then part of the place, not a modifier."""
        if not prefix:
            return False
        gaz = self.gazetteer()
        m = self._place_re.match(prefix)
        if not m:
            return False
        form = m.group(0)
        return form in gaz.by_name or any(r.level == "Province" for r in gaz.by_short.get(form, ()))

    def is_relative_prefix(self, prefix: str) -> bool:
        if prefix.startswith(tuple(self.words["not_relative_starts"])):
            return False
        return any(prefix.startswith(p) for p in self.rules.admin_prefixes)

    # ------------------------------------------------------------------ finders
    def segment(self, text: str) -> None:
        """Word ends from jieba (offline dictionary), so that boundary words are whole words."""
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tokens = {end: word for word, _, end in jieba.tokenize(text, HMM=False)}
        # for a position inside a dictionary word, where that word ends
        self._word_end_at = {pos: end for end, word in self._tokens.items() for pos in range(end - len(word) + 1, end)}

    def crosses_word(self, start: int, end: int) -> bool:
        """A dictionary word begins before ``start`` and ends inside the span: 北海 in 拱北|海关 is no name."""
        return start < self._word_end_at.get(start, start) < end

    def find(self, text: str, meta: dict, proposals: list[tuple[int, int, str]] = ()) -> list[Candidate]:
        self.segment(text)
        cands: list[Candidate] = []
        cands += self.find_places(text, meta)
        cands += self.find_lexicon(text)
        cands += self.find_titles(text)
        cands += self.find_quoted(text)
        cands += self.find_heads(text, cands)
        cands += self.find_town_offices(text, cands)
        cands += self.find_patterns(text)
        cands += self.find_persons(text)
        cands += self.find_proposed_persons(text, proposals, cands)
        return self.clean(text, cands)

    def _city_matches(self, text: str, meta: dict):
        """Short forms of the document's districts and counties that other areas share (五华, 东兴): read
        only in a report of their city or province, where no place of the context-free pattern starts
        at the same spot or earlier over them (东兴 before 兴海 in 东兴海关)."""
        forms = self.gazetteer().city_forms(meta.get("city"), meta.get("province"))
        if not forms:
            return []
        pattern = re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
        taken = [(m.start(), m.end()) for m in self._place_re.finditer(text)]
        return [m for m in pattern.finditer(text)
                if not any(s <= m.start() < e or (s == m.start() and e >= m.end()) for s, e in taken)]

    def find_places(self, text: str, meta: dict) -> list[Candidate]:
        gaz = self.gazetteer()
        out = []
        city = self._city_matches(text, meta)
        self._city_prefixes = {m.start(): m.group(0) for m in city}
        starts = [(m.start(), m.end()) for m in city]
        free = [m for m in self._place_re.finditer(text)
                if not any(s < m.start() < e for s, e in starts)]  # 兴海 inside 东兴海关 read as 东兴
        matches = sorted([*free, *city], key=lambda m: m.start())
        held = ([(w.start(), w.end()) for w in self.words_holding_places.finditer(text)]
                if self.words_holding_places else [])
        for m in matches:
            if any(s <= m.start() and m.end() <= e for s, e in held):
                continue  # 白银 in 真金白银: the idiom names no place
            rec = None
            prev = out[-1] if out and out[-1].end == m.start() and out[-1].kind in ("PrefectureCity", "Province") else None
            if prev is not None:  # 深圳南山区: read the district in the context of the city just before it
                rec = gaz.lookup(m.group(0), city=prev.attrs["canonical"])
            rec = rec or gaz.lookup(m.group(0), city=meta.get("city"), province=meta.get("province"))
            if rec is None or (prev is None and self.crosses_word(m.start(), m.end())):
                continue
            if prev is not None and m.group(0) == rec.short != rec.name and (
                    (prev.kind == "PrefectureCity" and rec.parent != prev.attrs["adminCode"])
                    or (prev.kind == "Province" and rec.level == "District")):
                # 哈尔滨东安…公司, 新疆天山…公司: a district's short name right after a city it does not lie in, or
                # right after a province (a district is named with its city), begins a firm's trade name
                continue
            if prev is None and self._word_end_at.get(m.start()) == m.end():
                continue  # 范县 in 示范县: the place is the tail of a longer dictionary word, which names no place
            short = m.group(0) == rec.short and m.group(0) != rec.name
            if rec.level in ("District", "County", "CountyLevelCity") and not (
                    meta.get("province") and gaz_in(gaz, rec.code, meta["province"])):
                # a county-level name outside the document's province (应城市 in 呼应城市) is read as a
                # place only right after its own prefecture (深圳南山区)
                parent = gaz.get(rec.parent) if rec.parent else None
                if parent is None or not (text[:m.start()].endswith(parent.short) or text[:m.start()].endswith(parent.name)):
                    continue
            end = m.end()
            # 即墨市 (an old suffix after a short form), but not 湖南县域 (Hunan's counties) nor a province's
            suffixed = (short and end < len(text) and text[end] in self.words["informal_place_suffixes"]
                        and rec.level != "Province"
                        and not text.startswith(tuple(self.words["informal_suffix_not_before"]), end + 1))
            if (short and not suffixed and prev is None and rec.level in ("District", "County", "CountyLevelCity")
                    and (self._common_word(m.group(0)) or m.group(0) in self.boundary_set)):
                # 公安 (police), 富裕 (wealthy): a county's short name that is mostly an ordinary word; 会同 is
                # also the verb that joins bodies (X会同Y破获…, boundaries.txt)
                continue
            # an old or informal suffix after a short form (即墨市) belongs to the name
            if suffixed and not text.startswith(tuple(self.words["not_relative_starts"]), end):
                end += 1
            if self.outlet_after_place.match(text, end):
                continue  # 湖北日报, 四川新闻网: the place names a news outlet, which is no entity
            if (short and not suffixed and prev is None and rec.level in ("District", "County", "CountyLevelCity")
                    and self.brand_after_county.match(text, end)):
                continue  # 长宁银行, 德安证券: a county's short name begins a brand's name, not an area
            if short and not suffixed and prev is None and self.town_after_short.match(text, end):
                continue  # 桂林镇: a short name that begins a town's name is no area of its own
            attrs = {"adminCode": rec.code, "adminLevel": rec.level, "canonical": rec.name}
            if prev is not None and rec.parent == prev.attrs["adminCode"]:
                # the compound (深圳南山区, 青岛市崂山区) is one more name of the lower area
                out.append(Candidate(prev.start, end, T.Place, rec.level, "gazetteer", dict(attrs)))
            out.append(Candidate(m.start(), end, T.Place, rec.level, "gazetteer", attrs))
        return out

    def find_lexicon(self, text: str) -> list[Candidate]:
        out = []
        if not self.lexicon_re:
            return out
        for m in self.lexicon_re.finditer(text):
            type_, canonical, kind = self.rules.lexicon[m.group(0)]
            start = m.start()
            if type_ == T.Company and (m.start() > 0 and m.start() not in self._tokens
                                       or m.end() < len(text) and m.end() not in self._tokens):
                continue  # a brand inside a longer word: 建行 in 组建|行业, 京东 in 京东方
            if type_ == T.Agency:
                if m.end() < len(text) and m.end() not in self._tokens:
                    continue  # the short form ends inside a longer word: 公安部 in 公安部门
                # 国家 written before a body's short form belongs to it: 国家X总局 is one name, not 国家 + X总局
                lead = next((w for w in self.words["national_starts"]
                             if canonical.startswith(w) and text[max(0, start - len(w)):start] == w), None)
                if lead and not m.group(0).startswith(lead):
                    start -= len(lead)
            out.append(Candidate(start, m.end(), type_, kind, "lexicon", {"canonical": canonical}))
            if type_ == T.Place:  # 北京中关村: the city written before a named zone is one more name of it
                self.gazetteer()
                before = re.search(f"(?:{self._place_re.pattern})$", text[max(0, m.start() - 8):m.start()])
                if before:
                    out.append(Candidate(m.start() - len(before.group(0)), m.end(), type_, kind, "lexicon",
                                         {"canonical": canonical}))
        return out

    def find_titles(self, text: str) -> list[Candidate]:
        out = []
        names = self.rules.names
        for m in re.finditer(r"《([^《》\n]{2,80})》", text):
            inner = m.group(1)
            after = text[m.end():m.end() + 12]
            before = text[max(0, m.start() - 6):m.start()]
            if any(after.startswith(w) for w in names["not_policy_after_title"]):
                continue
            if any(before.endswith(w) for w in names["not_policy_before_title"]):
                continue
            # 《X公报》案例二等奖: the prize a publication gives is an award, named with the title
            award = self.award_after_title.match(after)
            if award:
                out.append(Candidate(m.start(), m.end() + award.end(), T.Program, "Award", "title_program"))
                continue
            # 入选《X案例选》: a collection a case is chosen into is a selection, not a policy
            if self.collection_title.search(inner) and any(before.endswith(w) for w in names["selection_before_title"]):
                out.append(Candidate(m.start(), m.end(), T.Program, "Designation", "title_program"))
                continue
            head = next((h for h in self.policy_heads if re.sub(r"[((][^()()]*[))]$", "", inner).endswith(h)), None)
            if head is None:
                report = next((w for w in names["report_after_title"] if after.startswith(w)), None)
                if report:  # 《…状况》白皮书: the word after the title says what it is
                    out.append(Candidate(m.start(), m.end() + len(report), T.Policy, None, "title"))
                    out.append(Candidate(m.start(), m.end(), T.Policy, None, "title", {"alias_only": True}))
                continue
            kind = next((row["kind"] for row in self.words["policy_kinds"]
                         if head in row["heads"] or any(w in head for w in row["contains"])), "Regulation")
            out.append(Candidate(m.start(), m.end(), T.Policy, kind, "title"))
        return out

    def find_quoted(self, text: str) -> list[Candidate]:
        out = []
        names = self.rules.names
        quotes = list(re.finditer(r"“([^“”\n]{1,40})”", text))
        # a short form the text declares ((以下简称“X保险”)) names the body before it, never a product
        alias_spans = [a.span() for a in re.finditer(self.words["alias_re"], text)]
        awarded_end = None
        for i, m in enumerate(quotes):
            inner, qs, qe = m.group(1), m.start(), m.end()
            declared = any(s <= qs and qe <= e for s, e in alias_spans)
            after = text[qe:qe + 16]
            if any(after.startswith(w) for w in names["quoted_model_after"]):
                continue  # “银行+担保+保险”模式, “政银保”机制: a model or mechanism is no entity (ANNOTATION rule 5)
            # policies: quoted packages
            pol_after = next((w for w in names["quoted_policy_after"] if after.startswith(w)), None)
            if pol_after:
                out.append(Candidate(qs, qe + len(pol_after), T.Policy, "PolicyPackage", "quoted_policy"))
                out.append(Candidate(qs, qe, T.Policy, "PolicyPackage", "quoted_policy", {"alias_only": True}))
                continue
            if any(re.search(p, inner) for p in names["quoted_policy_inside"]):
                out.append(Candidate(qs, qe, T.Policy, "PolicyPackage", "quoted_policy"))
                continue
            # “知识产权证券化+科技保险”联动: two things joined are a model unless a product word follows the quote
            # (a combination whose last part is a loan, “专利险+质押贷”, is a combined loan product)
            if self.combination.search(inner) and not self.product_after_quote.match(after) and not any(
                    after.startswith(w) or inner.endswith(w) for w in self.words["loan_after_quote"]):
                continue
            # credit products
            ending = next((e for e in self.product_endings if inner.endswith(e)), None)
            platform = after.startswith(tuple(self.words["platform_after_product"]))  # 依托“X贷”平台
            if ending and inner not in self.generic_products and len(inner) > len(ending) and not declared and not platform:
                out.append(Candidate(qs, qe, T.LoanProduct, None, "quoted_product"))
                continue
            loan = next((w for w in self.words["loan_after_quote"] if after.startswith(w)), None)
            if loan and not self.loan_after_reject.match(after):  # 贷不到款 is a verb, not a product
                end = qe + len(loan)
                out.append(Candidate(qs, end, T.LoanProduct, None, "quoted_product"))
                continue
            if self.product_after_quote.match(after):  # 推出“X”知识产权质押系列产品
                out.append(Candidate(qs, qe, T.LoanProduct, None, "quoted_product"))
                continue
            in_list = self._quote_list_tail(text, quotes, i)
            inner = self.quoted_issue.sub("", inner)  # “X专项计划(第一期)” ends in 专项计划
            dash_plan = inner.endswith(tuple(names["quoted_dash_name_endings"])) and "+" not in inner
            if any(p.search(inner) for p in self.not_program) and not in_list and not dash_plan:
                continue
            # programs
            head = next((h for h in self.program_after if after.startswith(h)), None)
            if head:
                left = self.extend_left(text, qs)
                full = Candidate(left, qe + len(head), T.Program, self.program_kind(head), "quoted")
                out.append(full)
                if left < qs:
                    out.append(Candidate(qs, qe + len(head), T.Program, full.kind, "quoted", {"alias_only": True}))
                out.append(Candidate(qs, qe, T.Program, full.kind, "quoted", {"alias_only": True}))
                continue
            shared = self.quoted_shared_head.match(text, qe)
            if shared:  # 举办X“Y”及校企对接活动: the quoted activity shares the head that ends the pair
                # a quote right after another (“A”“B”和C活动) is one item of a list, named alone
                left = qs if text[qs - 1:qs] == "\u201d" else self.extend_left(text, qs)
                kind = self.program_kind(shared.group(1))
                out.append(Candidate(left, qe, T.Program, kind, "quoted"))
                if left < qs:
                    out.append(Candidate(qs, qe, T.Program, kind, "quoted", {"alias_only": True}))
                continue
            org_head = next((h for h in self.words["quoted_org_heads"] if inner.endswith(h)), None)
            if org_head and not self.award_context(text, qs):
                out.append(Candidate(qs, qe, T.Organization, "ServiceInstitution", "quoted"))
                continue
            if not in_list and self.count_list_after.match(after + text[qe + 16:qe + 40]):
                continue
            trig = self.preceded_by(text, qs, self.quoted_after_trigger)
            if trig == self.words["means_trigger"] and not self.means_after.match(after):
                trig = None
            # a bracketed note after the head (“X资产支持专项计划(专精特新)”) is no part of the ending
            core = re.sub(r"\([^()]{1,8}\)$", "", inner)
            ends = next((e for e in self.program_endings if core.endswith(e)), None)
            # a quoted title conferred by an award verb (获评“X”, 入选“X”“Y”称号) is a designation
            awarded = bool(self.preceded_by(text, qs, self.award)) or (
                awarded_end is not None and text[awarded_end:qs] in ("", "、"))
            if awarded:
                awarded_end = qe
            if ends or in_list or awarded or self.code_name.match(inner) or (
                    trig and not after.startswith(tuple(self.words["attributive_after"]))):
                kind = self.program_kind(ends or "") if ends else ("Campaign" if self.code_name.match(inner) else "Project")
                if awarded or trig in self.award:
                    kind = "Award" if (ends or "").endswith(tuple(self.words["award_endings"])) else "Designation"
                out.append(Candidate(qs, qe, T.Program, kind, "quoted"))
        return out + self._product_lists(text, quotes, out)

    @staticmethod
    def _product_lists(text: str, quotes: list, found: list[Candidate]) -> list[Candidate]:
        """A quoted name written next to quoted products (“A”“B贷”、“C贷”) is one more product of the list."""
        products = {(c.start, c.end) for c in found if c.type == T.LoanProduct}
        taken = {(c.start, c.end) for c in found}
        out = []
        for i, m in enumerate(quotes):
            if (m.start(), m.end()) in taken:
                continue
            near = [quotes[j] for j in (i - 1, i + 1) if 0 <= j < len(quotes)]
            for n in near:
                gap = text[min(m.end(), n.end()):max(m.start(), n.start())]
                if (n.start(), n.end()) in products and gap in ("", "、"):
                    out.append(Candidate(m.start(), m.end(), T.LoanProduct, None, "quoted_product"))
                    break
        return out

    def _quote_list_tail(self, text: str, quotes: list, i: int) -> bool:
        tails = self.rules.names["quoted_list_tail"]
        j = i
        while j < len(quotes):
            gap_end = quotes[j + 1].start() if j + 1 < len(quotes) else None
            after = text[quotes[j].end():quotes[j].end() + 8]
            if any(after.startswith(t) for t in tails):
                return True
            if gap_end is not None and text[quotes[j].end():gap_end] in ("", "、"):
                j += 1
                continue
            return False
        return False

    def find_heads(self, text: str, found: list[Candidate]) -> list[Candidate]:
        out = []
        seen_ends = set()
        place_ends = {c.end for c in found if c.type == T.Place}
        agency_spans = [(c.start, c.end) for c in found if c.type == T.Agency]
        org_spans = [(c.start, c.end) for c in found if c.type in (T.Organization,)]
        for m in self.head_re.finditer(text):
            hs = m.start()
            matched: list[str] = []
            for cand_head in sorted((h for h in self.heads_by_text if text.startswith(h, hs)), key=len, reverse=True):
                he = hs + len(cand_head)
                # 仲裁委 inside 仲裁委员会 (管委/管委会) is the same body written out: the shorter head is not another name
                if any(m.startswith(cand_head) and m[len(cand_head):] in self.words["head_completions"] for m in matched):
                    continue
                for rule in self.heads_by_text[cand_head]:
                    if (he, rule.type) in seen_ends:
                        break
                    c = self._head_candidate(text, hs, he, rule, place_ends, agency_spans + [(x.start, x.end) for x in out if x.type == T.Agency],
                                             org_spans + [(x.start, x.end) for x in out if x.type == T.Organization])
                    if c:
                        out.append(c)
                        if c.attrs.get("edition_of") is not None:
                            out.append(Candidate(c.attrs.pop("edition_of"), c.end, c.type, c.kind, c.rule, {"alias_only": True}))
                        seen_ends.add((he, rule.type))
                        matched.append(cand_head)
                        break
        return out

    def find_town_offices(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """A grassroots station is named after the town or street it serves (X市场监管所, X派出所): that name, after
        any place or body written before it in the station's name (X县Y市场监管所), is a town the gazetteer does
        not list. Where the document names a zone after the same word (X经开区 … X市场监管所), the candidate is
        marked ``station_town`` all the same and resolution makes it that zone (``resolve._merge_station_towns``),
        so that the station lies in the zone and no second place is made."""
        out = []
        heads = tuple(self.words["town_office_heads"])
        for c in found:
            head = c.rule[len("head:"):] if c.rule.startswith("head:") else ""
            if c.type != T.Agency or head not in heads:
                continue
            hs = text.rfind(head, c.start, c.end)
            start = max([c.start] + [o.end for o in found if o.type in (T.Place, T.Agency)
                                     and c.start <= o.start and o.end <= hs])
            town = text[start:hs]
            if (2 <= len(town) <= 4 and all(is_han(ch) for ch in town) and not self.generic_prefix.search(town)
                    and not any(o.type == T.Place and o.start == start and o.end == hs for o in found)):
                out.append(Candidate(start, hs, T.Place, "Township", "town_office", {"station_town": True}))
        return out

    def _head_candidate(self, text, hs, he, rule: HeadRule, place_ends, agency_spans, org_spans) -> Candidate | None:
        edition_of = None
        if rule.reject_after and rule.reject_after.search(text[he:he + 6]):
            return None
        # a name that starts after a place written before it (东莞市南城街道办事处): the scan stops there
        barriers = place_ends if "place_context" in rule.needs or "after_place" in rule.needs else frozenset()
        # 发布 in 发布活动 names the event, but before a designation (发布典型案例) it is the verb
        start = self.extend_left(text, hs, rule.max_prefix, barriers, modified=rule.kind in self.head_modifier_kinds,
                                 firm=rule.type == T.Company)
        if "after_firm" in rule.needs:
            # X银行南充高新区支行, X公司科技园支行: a zone named in a branch's name starts after the firm's
            # name (or is not named at all), never with it
            firm_ends = [text.rfind(w, start, hs) + len(w) for w in self.words["firm_words"] + self.words["lender_words"]
                         if text.find(w, start, hs) >= 0]
            start = max([start] + firm_ends)
        if rule.type == T.Program:
            # a year, an edition or a count belongs to an event's or a list's name (2023年…发布会,
            # 第三届…, 甘肃法院8件…典型案例): step over it and read on to the name's start
            for _ in range(3):
                # only a list (名单, 目录, 榜单) is named by two heads it coordinates: …行动和“…”专项行动 are two
                if (start > 1 and text[start - 1] in self.words["head_conjunctions"] and rule.head in self.words["list_heads"]
                        and text.endswith(self.heads, 0, start - 1) and not text.endswith(rule.head, 0, start - 1)):
                    # 优势企业和示范企业名单: two designations share one list, whose name starts before the first
                    start = self.extend_left(text, start - 1, rule.max_prefix, barriers)
                if "award" in rule.needs and text[start - 1:start] == "\u201c" and text[he:he + 1] == "\u201d":
                    # a quoted honour inside a longer name (第五届全国法院“百篇…”): the quote is part of it
                    # and so is the edition and issuer before it (河北省第二届“十大…”); an unquoted name
                    # (第21届中国专利奖) names the scheme without its edition
                    start = self.extend_left(text, start - 1, rule.max_prefix, barriers)
                    ed = self.edition_end.search(text, max(0, start - 12), start)
                    if ed:
                        start = self.extend_left(text, ed.start(), rule.max_prefix, barriers)
                m = self.in_name_count.search(text, max(0, start - 12), start)
                if not m and re.match(r"[0-9][^0-9]", text[start - 1:start + 1]):  # the scan stopped inside 8件
                    m = self.in_name_count.search(text, max(0, start - 12), start + 1)
                if not m or start - hs > rule.max_prefix:
                    break
                # a head modifier qualifies only the head it stands before: 发布 before a count (并发布6件典型案例)
                # is the verb that publishes the list
                start = self.extend_left(text, m.start(), rule.max_prefix, barriers, modified=False)
        if rule.type == T.Program and rule.kind in self.words["edition_kinds"]:
            # 第五届中国(X)知识产权创新大赛: an unquoted event is named with its edition (resolution keys it
            # without, so that each edition and the recurring event are one program with both names)
            ed = self.edition_end.search(text, max(0, start - 8), start)
            if ed and ed.end() == start:
                edition_of = start  # the name without its edition is one more name of the event
                start = ed.start()
        if "registered_place" in rule.needs:
            start = self._registered_start(text, start, hs)
        if rule.type == T.Company:
            # 甲区-乙证券-丙投…专项计划: the parties of a product joined by hyphens are each a name
            joined = max((text.rfind(j, start, hs) for j in self.words["party_joiners"]), default=-1)
            if joined >= 0:
                start = joined + 1
        amount = self.amount_start.match(text, start, hs) if text[start - 1:start].isdigit() else None
        if amount:
            start = amount.end()  # 设立500万元知识产权专项资金: the amount's unit is no part of the name
        if (rule.type == T.Program and rule.kind in self.words["edition_kinds"] and start > 0
                and text[start - 1] in self.words["head_conjunctions"]):
            # 举行X保护与发展状况新闻发布会: an event's theme may join two nouns; when a verb that holds events
            # opens it in the clause, the name starts right after the verb (and its 了)
            window = text[max(0, start - 20):start - 1]
            verbs = [m for m in re.finditer("|".join(map(re.escape, self.words["event_hold_verbs"])), window)
                     if not re.search(r"[,;:。、\s]", window[m.end():])]
            if verbs:
                start = start - 1 - len(window) + verbs[-1].end()
                start += text.startswith("了", start)
        prefix = text[start:hs]
        if rule.type == T.Program and start > 0 and text[start - 1] in self.words["name_conjunctions"]:
            return None  # the scan stopped at 与/和 inside a longer name (X保护与发展状况发布会): no reliable start
        # a bracketed second name: 市场监管局(知识产权局)
        end = he
        if rule.type == T.Program and prefix.count("\u201c") > prefix.count("\u201d") and text[he:he + 1] == "\u201d":
            end = he + 1  # close the quote the name opened
        m = self.second_name.match(text[he:he + 18])
        if m and rule.type == T.Agency:
            end = he + m.end()
        # 该/本/这 before a head is an anaphor, not a name
        if self.ends_with(text, start, self.pronouns) and len(prefix) < 2:
            return None
        if rule.reject_before and rule.reject_before.search(prefix):
            return None
        if len(prefix) < rule.min_prefix:
            return None
        # 新塘海关: a port's one-word name may open with 新 like a generic modifier (新成立的…)
        port = "name_word" in rule.needs and self._port_name(prefix)
        if self.generic_prefix.search(prefix) and rule.type != T.Program and not self.named_place_start(prefix) \
                and not port:
            return None
        marker = self.words["list_marker"]
        if marker in prefix or text[start - 1:start] == marker:
            return None
        if rule.type == T.Company and self._described(text, start):
            return None
        if rule.type == T.Program and rule.kind in ("Designation", "Award") and self.count_after_designation.match(text, end):
            return None  # 省级X示范园区达6个: the holders of a designation are counted, the scheme is not named (ANNOTATION)
        if rule.type in (T.Agency, T.Organization, T.Company):
            if self.count_after_body.match(text, end):
                return None  # 建立省级知识产权保护工作站13家: counted holders of a category, no one body
            joined = next((j for j in self.words["party_joiners"] if j in prefix), None)
            if joined and start + prefix.index(joined) in place_ends:
                return None  # 甲区-乙中心: a place paired with a party (a product's parties), no body's name
        for need in rule.needs:
            if not self._need(need, text, start, hs, end, prefix, place_ends, agency_spans, org_spans):
                return None
        attrs = {"edition_of": edition_of} if edition_of is not None else {}
        return Candidate(start, end, rule.type, rule.kind, f"head:{rule.head}", attrs)

    def _need(self, need, text, start, hs, end, prefix, place_ends, agency_spans, org_spans) -> bool:
        if need == "prefix":
            return (self.is_relative_prefix(prefix) or self.is_place_prefix(prefix)
                    or prefix.startswith(tuple(self.words["national_starts"]))
                    or any(s == start and e <= hs for s, e in agency_spans)
                    or bool(self.lexicon_re and self.lexicon_re.match(prefix))
                    or self._list_sibling(text, start, end, prefix, agency_spans)
                    or self._unknown_city_prefix(prefix)
                    # a zone's committee (南岭工业园区管委会) is named by the zone, known to the gazetteer or not
                    or text.startswith(tuple(self.words["committee_heads"]), hs) and any(
                        prefix.endswith(z) and len(prefix) >= len(z) + 2 for z in self.zone_heads))
        if need == "before_committee":
            return text.startswith(tuple(self.words["committee_heads"]), end)
        if need == "place":
            return self.is_place_prefix(prefix)
        if need == "relative":
            return self.is_relative_prefix(prefix) and len(prefix) == 1
        if need == "proper":
            return bool(prefix) and (not self.generic_prefix.search(prefix) or self.named_place_start(prefix)
                                     or self._port_name(prefix))
        if need == "quote":
            return "“" in text[start:end]
        if need == "named":  # a quote, a verb that sets it up, or a place in the name (青岛市大型科学仪器共享平台)
            return ("“" in text[start:end] or bool(self.preceded_by(text, start, self.organize))
                    or self.is_place_prefix(prefix) or self.is_relative_prefix(prefix))
        if need == "trigger_or_quote":
            done = 1 if text[start - 1:start] == self.words["done_particle"] else 0  # 组织开展了X活动
            return "“" in text[start:end] or bool(self.preceded_by(text, start - done, self.organize))
        if need == "award":
            return self.award_context(text, start)
        if need == "issue_trigger":
            return bool(self.preceded_by(text, start, self.issue + self.words["issue_extra"]))
        if need == "sign_trigger":
            return bool(self.preceded_by(text, start, self.rules.triggers["sign"]))
        if need == "launch_trigger":
            return bool(self.preceded_by(text, start, self.launch))
        if need == "agency_inside":
            return any(start <= s and e <= hs for s, e in agency_spans) or self.is_relative_prefix(prefix)
        if need == "no_org_inside":
            return not any(w in prefix for w in self.words["org_words"] + self.words["firm_words"])
        if need == "org_inside":
            return any(w in prefix for w in self.words["org_words"])
        if need == "noun_prefix":
            return self._noun_prefix(text, start, hs, end)
        if need == "brand":  # 遵义海韵科技公司: a name after the places, not a place's firms (贵州省科技公司数量)
            rest = prefix
            while (m := self._place_re.match(rest)) and m.end() > 0:
                rest = rest[m.end():]
            return len(rest) >= 2
        if need == "name_word":
            return self._name_word(prefix) or self._named_member(text, start, prefix)
        if need == "establish_trigger":  # 在X区设立知识产权巡回审判庭
            return bool(self.preceded_by(text, start, self.rules.triggers["establish"]))
        if need in ("after_place", "after_firm", "registered_place"):
            return True  # only sets the scan's barriers or its start
        if need == "place_context":
            return start in place_ends or bool(self.preceded_by(text, start, self.words["place_context_before"]))
        return False

    def _registered_start(self, text: str, start: int, hs: int) -> int:
        """武进区江西恒立液压股份有限公司: a firm's legal name starts with the place it is registered in; a
        smaller area written before a larger one (the district, then the province) says where the firm is,
        so the name starts at the larger one. 常州市武进区X有限公司 (city, then district) is one name."""
        gaz = self.gazetteer()
        first = self._place_re.match(text, start, hs)
        second = self._place_re.match(text, first.end(), hs) if first else None
        if second is None:
            return start
        rank = self.words["place_level_rank"]
        a, b = gaz.lookup(first.group(0)), gaz.lookup(second.group(0))
        if a and b and rank.get(b.level, 9) < rank.get(a.level, 9):
            return second.start()
        return start

    def _described(self, text: str, start: int) -> bool:
        """作为全国领先的X公司 / 是一家X的Y银行: a firm word after 的 in a clause that describes its subject
        is a description of that subject, not a name."""
        if text[start - 1:start] not in self.words["attributive_after"]:
            return False
        clause = re.split(r"[,。;:!?\n]", text[max(0, start - 40):start])[-1]
        return any(cue in clause for cue in self.words["description_cues"])

    def _list_sibling(self, text: str, start: int, end: int, prefix: str, agency_spans) -> bool:
        """A bare sector body listed right after a body of the same government (市市场监管局、财政局等), or
        before one, through other such bodies (与税务局、统计局、人民银行等部门): the list shares the named
        body's government, which resolution supplies from the document."""
        if not 0 < len(prefix) <= self.words["sibling_prefix_max"]:
            return False
        joiners = self.words["list_sibling_joiners"]
        if text[start - 1:start] in joiners and any(e == start - 1 for _, e in agency_spans):
            return True
        if text[end:end + 1] not in joiners:
            return False
        later = [s for s, _ in agency_spans if s > end]
        if not later:
            return False
        # the text up to the next named body: only more short items of the same list
        between = text[end:min(later)]
        return bool(self._sibling_run.fullmatch(between))

    def _common_word(self, word: str) -> bool:
        """jieba's dictionary knows the word as a common noun, adjective, verb or adverb (its tag and
        frequency, lexicons/pos.json), not as a place name."""
        import jieba.posseg

        dt = jieba.posseg.dt
        dt.tokenizer.check_initialized()
        tag = dt.word_tag_tab.get(word)
        limit = self.rules.pos["common_word_min_freq"].get(tag)
        return limit is not None and dt.tokenizer.FREQ.get(word, 0) >= limit

    def _noun_prefix(self, text: str, start: int, hs: int, end: int) -> bool:
        """The words before a firm's head name it: a proper noun or noun, not a verb, adverb, pronoun
        or measure word (放贷银行, 不少银行, 改善公司, 6家银行 are phrases, not names). jieba's tagger
        reads the whole candidate, so that a name it knows as one word (an ``nt``) stays whole."""
        import jieba
        import jieba.posseg

        if self.count_before.match(text[start - 1:start]):
            return False  # a count before the name: 6家银行, 十家公司
        words = list(jieba.posseg.cut(text[start:end]))
        if not words:
            return False
        first = words[0]
        if len(first.word) > hs - start:  # the tagger reads prefix and head as one word
            return first.flag in self.rules.pos["name_word"]
        if self._city_or_province(first.word):
            return True  # 保定银行, 遵义兴泰融资担保集团: a city's short name the tagger reads as a verb or an adverb
        if first.word in self.rules.area_words:
            return False
        # 大连X公司, 遵义X公司: a province or city the tagger reads as a common word (大连/d, 遵义/v, 开封/v)
        # opens a firm's name as any place does; a county named like a word (合作, 比如) does not
        place = self.gazetteer().lookup(first.word)
        if place is not None and place.level in self.words["firm_place_levels"]:
            return True
        # only a common dictionary word counts: the tagger guesses tags for unknown and rare words, and a
        # brand's made-up or literary name (腾跃光学) is one of those
        return not (first.flag in self.rules.pos["not_name_start"]
                    and jieba.dt.FREQ.get(first.word, 0) >= self.rules.pos["min_freq"])

    def _port_name(self, prefix: str) -> bool:
        """新塘, 新港: one word jieba tags as a place (ns) and no generic word of novelty (新区, 新建)."""
        import jieba.posseg

        words = list(jieba.posseg.cut(prefix))
        return (len(words) == 1 and words[0].flag == "ns" and len(prefix) >= 2
                and prefix not in self.words["not_port_names"])

    def _named_member(self, text: str, start: int, prefix: str) -> bool:
        """所属樟木海关, 下属X支行: right after a word of belonging, one noun (a port's name that is also a
        common word, 樟木/n) names the member; a count, pronoun or modifier (所属两个海关, 所属各) does not."""
        import jieba.posseg

        if not text[:start].endswith(tuple(self.words["member_markers"])):
            return False
        words = list(jieba.posseg.cut(prefix))
        return (len(words) == 1 and len(prefix) >= 2 and not self.generic_prefix.search(prefix)
                and words[0].flag.startswith(("n", "x")) and prefix not in self.words["member_kind_words"])

    def _city_or_province(self, word: str) -> bool:
        """The word is the short or full name of a province or prefecture-level city (a county's short name
        before a firm's head is a brand's: brand_after_county_re)."""
        gaz = self.gazetteer()
        levels = self.words["named_prefix_levels"]
        return any(r.level in levels for r in gaz.by_short.get(word, []) + gaz.by_name.get(word, []))

    def _name_word(self, prefix: str) -> bool:
        """The words before the head are one proper name: a single word that jieba tags as a name (拱北/ns,
        文锦渡/nr) or does not know at all, and not a national word (中国海关 is the whole service)."""
        import jieba
        import jieba.posseg

        if prefix.startswith(tuple(self.words["national_starts"])):
            return False
        words = list(jieba.posseg.cut(prefix))
        if len(words) != 1:
            return False
        return words[0].flag in self.rules.pos["name_word"] or prefix not in jieba.dt.FREQ

    def find_patterns(self, text: str) -> list[Candidate]:
        out = []
        for rule in self.rules.patterns:
            pattern = rule.pattern
            if "{PLACE}" in pattern:
                self.gazetteer()
                pattern = pattern.replace("{PLACE}", "(?:" + self._place_re.pattern + ")")
            for m in re.finditer(pattern, text):
                if "list" in m.groupdict() and m.group("list"):
                    base = m.start("list")
                    for part in self.list_part.finditer(m.group("list")):
                        ps, pe = base + part.start(), base + part.end()
                        ps = max(ps, self.extend_left(text, pe, pe - ps))
                        name = text[ps:pe]
                        if 2 <= len(name) <= 12 and not self.generic_prefix.search(name):
                            out.append(Candidate(ps, pe, rule.type, rule.kind, rule.rule))
                elif "name" in m.groupdict() and m.group("name"):
                    s, e = m.start("name"), m.end("name")
                    s = self.extend_left(text, e, e - s) if s > 0 else s
                    if text[s:e] in self.heads_by_text or text[s:e] in self.words["generic_subjects"]:
                        continue  # 公司 alone (该公司完成B轮融资): a head without a name is an anaphor or a category
                    out.append(Candidate(s, e, rule.type, rule.kind, rule.rule))
                else:
                    out.append(Candidate(m.start(), m.end(), rule.type, rule.kind, rule.rule))
        return out

    def find_persons(self, text: str) -> list[Candidate]:
        out = []
        rules = self.rules
        surnames = sorted(rules.surnames, key=len, reverse=True)
        sur = "|".join(map(re.escape, surnames))
        roles = "|".join(map(re.escape, rules.roles))
        after = self.words["person_after_re"]
        leaders = "|".join(map(re.escape, self.words["leader_titles"]))
        for m in re.finditer(rf"(?P<role>{roles})(?P<name>(?:{sur})[{HAN}]{{1,2}}?){after}", text):
            if self.crosses_word(m.start("role"), m.end("role")):
                continue  # 城市|长江: the title's first character ends another word
            out.append(Candidate(m.start("name"), m.end("name"), T.Person, None, "role", {"role": m.group("role")}))
        # a Mongolian or Tibetan name has no Han surname, and a transliterated one joins its parts with a
        # middle dot (副局长巴特尔介绍, 副院长艾尔肯·吐尔逊表示): after a title they are names too
        starts = "|".join(map(re.escape, sorted(self.words["minority_name_starts"], key=len, reverse=True)))
        dotted = rf"[{HAN}]{{1,6}}(?:[·•・][{HAN}]{{1,6}}?)+"
        for m in re.finditer(rf"(?P<role>{roles})(?P<name>{dotted}|(?:{starts})[{HAN}]{{0,2}}?){after}", text):
            if not self.crosses_word(m.start("role"), m.end("role")):
                out.append(Candidate(m.start("name"), m.end("name"), T.Person, None, "role", {"role": m.group("role")}))
        for m in re.finditer(rf"(?:^|[,。:\n])(?P<name>(?:{sur})[{HAN}]{{1,2}})(?P<role>{leaders})", text):
            out.append(Candidate(m.start("name"), m.end("name"), T.Person, None, "role", {"role": m.group("role")}))
        # bylines inside brackets anywhere: 本报讯(记者 张三 通讯员 李四), (记者 张三); under a title a name of two
        # or three characters need not start with a listed surname (记者 闻涛): rare surnames are many
        author = self.words["author_role"]
        for m in self.byline.finditer(text):
            base = m.start(1)
            title = self.byline_title.search(text[m.start():base])
            role = title.group(1) if title else author
            for part in self.byline_part.finditer(m.group(1)):
                name, role = part.group(2), part.group(1) or role  # each name takes the title written before it
                titled = bool(title or part.group(1)) and len(name.replace(" ", "")) <= 3
                if ((titled or any(name.startswith(s) for s in surnames)) and name not in rules.roles
                        and name not in self.byline_not_names):
                    out.append(Candidate(base + part.start(2), base + part.end(2), T.Person, None, "byline", {"role": role}))
        # a byline without a title right after the dateline: 本报讯 (王 芳 刘 洋)
        for m in self.byline_lead.finditer(text):
            base = m.start(1)
            parts = list(self.byline_part.finditer(m.group(1)))
            # names only: every part a name with a listed surname, separated by spaces
            if parts and m.group(1).replace(" ", "") == "".join(p.group(2).replace(" ", "") for p in parts) and all(
                    any(p.group(2).startswith(s) for s in surnames) and p.group(2) not in rules.roles for p in parts):
                for part in parts:
                    out.append(Candidate(base + part.start(2), base + part.end(2), T.Person, None, "byline",
                                         {"role": author}))
        # closing byline: (张三 李四) on the last lines
        tail_start = max(0, len(text) - 200)
        for m in re.finditer(r"\(([\u4e00-\u9fff]{2,4}(?:[ 、,][\u4e00-\u9fff]{2,4})*)\)\s*$", text[tail_start:]):
            base = tail_start + m.start(1)
            for part in re.finditer(r"[\u4e00-\u9fff]{2,4}", m.group(1)):
                name = part.group(0)
                if any(name.startswith(s) for s in surnames):
                    out.append(Candidate(base + part.start(), base + part.end(), T.Person, None, "byline", {"role": author}))
        return out

    def find_proposed_persons(self, text: str, proposals, found: list[Candidate]) -> list[Candidate]:
        """Persons the learned model proposes (``zhichan_names``), kept when they read as a personal
        name: a surname from the lexicon and one to three given-name characters, not anonymised (某),
        not a title, not quoted on their own (a nickname), not inside another name."""
        out = []
        surnames = self.rules.surnames
        taken = {(c.start, c.end) for c in found if c.type == T.Person}
        others = [(c.start, c.end) for c in found if c.type != T.Person]
        for start, end, label in proposals:
            if label != "PER" or (start, end) in taken:
                continue
            name = text[start:end]
            bare = re.sub(r"\s", "", name)
            if not re.fullmatch(rf"[{HAN}]{{2,4}}", bare) or re.search(r"\s{2,}", name):
                continue
            sur = bare[:2] if bare[:2] in surnames else bare[:1]
            if sur not in surnames or not 1 <= len(bare) - len(sur) <= 2:
                continue
            if self.rules.person_stop.search(bare) or bare in self.rules.roles:
                continue
            if text[start - 1:start] in OPEN_QUOTES.values() and text[end:end + 1] in OPEN_QUOTES:
                continue
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in others):
                continue
            out.append(Candidate(start, end, T.Person, None, "model"))
        return out

    # ------------------------------------------------------------------ cleaning
    def _drop_firm_stems(self, text: str, kept: list[Candidate]) -> list[Candidate]:
        """腾讯 in 腾讯公司, X集团 in X集团有限公司: a firm's name that its legal form completes is the
        same firm written out, not another one."""
        suffixes = set(self.words["firm_suffixes"])
        firms = [c for c in kept if c.type == T.Company]
        named = [c for c in kept if c.type in (T.Company, T.Organization)]  # X运营中心 of X运营中心有限公司 too
        stems = {id(c) for c in named for o in firms
                 if o.start == c.start and o.end > c.end and text[c.end:o.end] in suffixes}
        return [c for c in kept if id(c) not in stems]

    @staticmethod
    def _drop_nested_programs(text: str, kept: list[Candidate]) -> list[Candidate]:
        """A program found by its head inside a longer event's name (the 宣传周 of a 宣传周新闻发布会) is
        part of that name, not a program of its own, unless the document also names it alone."""
        programs = [c for c in kept if c.type == T.Program and not c.attrs.get("alias_only")]
        events = [c for c in programs if c.kind == "Event"]
        drop = set()
        for c in programs:
            if not c.rule.startswith("head:") or not _nested_in(c, events):
                continue
            surface = text[c.start:c.end]
            alone = [m.start() for m in re.finditer(re.escape(surface), text)
                     if not _nested_in(Candidate(m.start(), m.end(), T.Program, None, ""), events)]
            if not alone:
                drop.add(id(c))
        return [c for c in kept if id(c) not in drop]

    @staticmethod
    def _drop_names_holding_titled_persons(text: str, kept: list[Candidate]) -> list[Candidate]:
        """A name found by its head whose scan ran over a person and the title before him (X检察院检察官周敏作
        典型案例解读, X中心主任邓小华为联盟揭牌) is a clause, not a name: a titled person ends every name before him."""
        titled = [(c.start - len(c.attrs.get("role", "")), c.end) for c in kept
                  if c.type == T.Person and c.rule == "role" and c.attrs.get("role")
                  and text.startswith(c.attrs["role"], c.start - len(c.attrs["role"]))]
        return [c for c in kept if not (c.type != T.Person and c.rule.startswith("head:")
                                        and any(c.start <= s and e < c.end for s, e in titled))]

    def clean(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Drop duplicates and crossing spans; keep nested names."""
        best: dict[tuple[int, int], Candidate] = {}
        order = {"lexicon": 0, "title": 1, "quoted_policy": 1, "quoted_product": 1, "gazetteer": 2, "quoted": 3}
        for c in cands:
            if c.end <= c.start or text[c.start:c.end].strip() != text[c.start:c.end]:
                continue
            k = (c.start, c.end)
            if k not in best or order.get(c.rule, 5) < order.get(best[k].rule, 5):
                best[k] = c
            elif c.type == T.Agency and best[k].kind == "BankBranch":
                best[k] = c  # a branch a public-body rule also reads (人行X中心支行) is that body's office
        kept = sorted(best.values(), key=lambda c: (c.start, -c.end))
        # a branch of a public body is that body's office, not a bank branch (中国人民银行宁波市分行)
        agencies = [c for c in kept if c.type == T.Agency]
        # a sub-bureau is of its bureau's kind (合肥市公安局高新分局 is police)
        for c in agencies:
            # the generic 局 head reads 西秀分局 too
            head = c.rule[len("head:"):] if c.rule.startswith("head:") else ""
            if head.endswith(self.sub_bureau_heads) and head not in self.sub_bureau_heads:
                continue  # a head that names its kind (公安分局) keeps it, whatever bureau came before
            if c.rule in self.sub_bureau_rules or text[c.start:c.end].endswith(self.sub_bureau_heads):
                parent = max((a for a in agencies if a.start == c.start and a.end < c.end), key=lambda a: a.end, default=None)
                if parent is None:
                    # 西秀分局 alone: a sub-bureau of the nearest bureau the text named before it
                    parent = max((a for a in agencies if a.end <= c.start and a.kind
                                  and self.sub_bureau_parent.search(text[a.start:a.end])),
                                 key=lambda a: a.end, default=None)
                if parent is not None and parent.kind:
                    c.kind = parent.kind
        # a unit named inside its bureau is of the bureau's kind (X市市场监管局稽查支队 is no police)
        for c in agencies:
            if c.rule in self.unit_rules:
                parent = max((a for a in agencies if a.start == c.start and a.end < c.end and a.kind),
                             key=lambda a: a.end, default=None)
                if parent is not None:
                    c.kind = parent.kind
        for c in kept:
            if c.type == T.Company and c.kind == "BankBranch" and any(
                    a.start == c.start and a.end < c.end for a in agencies):
                c.type, c.kind = T.Agency, "Regulator"
        kept = self._drop_nested_programs(text, kept)
        kept = self._drop_names_holding_titled_persons(text, kept)
        kept = self._drop_firm_stems(text, kept)
        heads = [(c, len(c.rule[5:])) for c in kept if c.rule.startswith("head:") and c.type != T.Place]
        kept = [c for c in kept if not (c.type == T.Place and c.rule.startswith("head:") and any(
            o.start <= c.start and c.end < o.end and c.end > o.end - n for o, n in heads))]
        out: list[Candidate] = []
        for c in kept:
            crossing = [o for o in out if o.start < c.start < o.end < c.end]
            if crossing:
                # two names overlap without nesting: keep the longer, which carries more of the name
                o = crossing[0]
                if (c.end - c.start) > (o.end - o.start) and o.type == c.type:
                    out.remove(o)
                else:
                    continue
            out.append(c)
        return out


def _nested_in(c: Candidate, hosts: list[Candidate]) -> bool:
    return any(h.start <= c.start and c.end <= h.end and (h.start, h.end) != (c.start, c.end) for h in hosts)


def gaz_in(gaz, code: str, province: str) -> bool:
    rec = gaz.lookup(province)
    return bool(rec) and code[:2] == rec.code[:2]


def is_han(ch: str) -> bool:
    return 0x4E00 <= ord(ch) <= 0x9FFF


if not Span.has_extension("entity"):
    Span.set_extension("entity", default=None)


@Language.factory("zhichan_entities", assigns=["doc.spans", "span._.entity"], requires=["doc.spans", "doc._.zhichan_meta"],
                  default_config={"rules_dir": None})
def make_entities(nlp: Language, name: str, rules_dir: str | None):
    finder = EntityFinder(cached_rules(rules_dir))

    def component(doc: Doc) -> Doc:
        meta = doc._.zhichan_meta or {}
        spans = []
        proposals = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get("zhichan_names", [])]
        for c in finder.find(doc.text, meta, proposals):
            span = doc.char_span(c.start, c.end, label=c.type.value, alignment_mode="expand")
            if span is None:
                continue
            span._.entity = c
            spans.append(span)
        doc.spans["zhichan_entities"] = spans
        return doc

    component.finder = finder  # type: ignore[attr-defined]
    return component
