"""Entity resolution: name mentions of one document → entities with cross-document keys.

Input: ``NameMention`` records (surface text, type, kind, offsets) and the document context
(city, district, province). Output: ``Entity`` models and, for each mention, the key of its
entity. A key is the identity across documents: ``Agency:青岛市人民检察院`` is the same body in
every Qingdao report, while 市科技局 in a Jinan report gets ``Agency:济南市科学技术局``.

What makes two names one entity:
- the same canonical name: relative prefixes (市, 区, 省, 市级) expanded to the document's area,
  short function words expanded (市场监管 → 市场监督管理, 检察院 → 人民检察院) from
  ``extract/lexicons/abbreviations.txt``, a bracketed second name (市场监管局(知识产权局)) set
  aside, a bare body name (检察院) read as the document city's;
- places by their GB/T 2260 code (青岛 and 青岛市 are 370200);
- a quoted core shared by program or policy names (“剑网2023” and 打击网络侵权盗版“剑网2023”专项行动);
- a shorter name that ends a longer one of the same type (城阳支行 → 青岛农商银行城阳支行) when only one
  longer name fits;
- an explicit alias: X(简称“Y”);
- a bracketed second name the document gives (X市场监管局(知识产权局)): X知识产权局 is the same body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import Entity, EntityType, Mention
from .rules import Rules

T = EntityType
BRACKET = re.compile(r"\([^()]*\)$")
BRACKET_NAME = re.compile(r"\(([^()]{2,})\)$")
QUOTE_CORE = re.compile(r"[“《]([^”》]+)[”》]")
AGENCY_BARE_OK = ("Court", "Procuratorate", "PublicSecurityBureau", "AdministrativeBureau", "Regulator")


@dataclass
class NameMention:
    text: str  # normalised surface text
    type: EntityType
    kind: str | None
    start: int  # normalised offsets
    end: int
    mention: Mention  # original offsets and text
    attrs: dict = field(default_factory=dict)
    key: str | None = None


def strip_marks(text: str) -> str:
    return re.sub(r"[“”《》\"'\s]", "", text)


def choose_kind(mentions: list[NameMention]) -> str | None:
    """The kind most mentions give; a tie goes to the kind of the earliest mention, then to the
    alphabetically first kind. Never to set order, which follows Python's per-process string hash."""
    votes: dict[str, list] = {}
    for m in mentions:
        if m.kind:
            v = votes.setdefault(m.kind, [0, m.start])
            v[0] += 1
            v[1] = min(v[1], m.start)
    if not votes:
        return None
    return min(votes, key=lambda k: (-votes[k][0], votes[k][1], k))


def _leading_place(name: str):
    """The place a name opens with: its match of the gazetteer's surface pattern and the place's record, or
    (None, None)."""
    from .places import gazetteer

    gaz = gazetteer()
    m = gaz.surface_pattern().match(name)
    return (m, gaz.lookup(m.group(0))) if m else (None, None)


def _other_province(full: str, stem: str) -> bool:
    """湖北X农村商业银行 and X农商行 where X is a city of another province: the full name is registered in a
    province the short form's place is not in (so they are two firms)."""
    _, outer = _leading_place(full)
    _, inner = _leading_place(stem)
    return (outer is not None and outer.level == "Province" and inner is not None and inner.level != "Province"
            and inner.province != outer.code)


def _in_order(short: str, full: str) -> bool:
    """Every character of ``short`` is in ``full``, in the same order (交行 in 交通银行)."""
    it = iter(full)
    return all(ch in it for ch in short)


def _rekey(mentions, remap: dict) -> None:
    """Give each mention whose key ``remap`` maps the key of the entity it was found to name."""
    for m in mentions:
        if m.key in remap:
            m.key = remap[m.key]


class Resolver:
    def __init__(self, rules: Rules, meta: dict):
        self.rules = rules
        self.meta = meta

    def relative(self, name: str) -> str:
        """Expand a relative prefix (市, 区, 省, 市级 …) to the document's area."""
        words = self.rules.words
        if name.startswith(tuple(words["not_relative_starts"])):
            return name
        for prefix, level in words["relative_prefixes"]:
            # a provincial document that mostly names one of its cities reads 市X局 as that city's office
            area = self.meta.get(level) or self.meta.get(f"context_{level}")
            if name.startswith(prefix) and area:
                return area + name[len(prefix):]
        return name

    def canonical(self, m: NameMention) -> str:
        name = strip_marks(m.text)
        if m.attrs.get("canonical"):
            return m.attrs["canonical"]
        if m.type == T.Program:
            # 2021年全国知识产权宣传周 is an edition of the recurring program: one entity, the year kept as an alias
            bare = re.sub(self.rules.words["program_year_start_re"], "", name)
            bare = re.sub(self.rules.words["program_edition_start_re"], "", bare)  # 第五届X大赛 is an edition of X大赛
            return bare if len(bare) >= 4 else name
        if m.type == T.Place and m.kind == "Zone":
            # X经开区 and X经济开发区 are one zone written short and long
            for pattern, full in self.rules.abbreviations:
                if full and full not in name:
                    name = pattern.sub(full, name)
            return name
        if m.type in (T.Agency, T.Organization):
            name = BRACKET.sub("", name)
            for pattern, full in self.rules.abbreviations:
                if full and full in name:
                    continue
                name = pattern.sub(full, name)
            if m.type == T.Agency:  # 浙江大学 is a university's own name, not 浙江省 + 大学
                name = self._without_province(self._full_province(self._bracketed_area(name)))
            expanded = self.relative(name)
            if (expanded == name and name.startswith(tuple(self.rules.words["district_prefixes"]))
                    and not self.meta.get("district")):
                return name  # a district body of a city report that names no district: keep it relative
            if expanded == name and m.type == T.Agency and m.kind in AGENCY_BARE_OK and self.meta.get("city") \
                    and not self._has_place(name) and not name.startswith(tuple(self.rules.words["national_starts"])):
                expanded = self.meta["city"] + name
            return expanded
        return name

    def _bracketed_area(self, name: str) -> str:
        """中国(宁夏)知识产权保护中心 is the body the area names as its own (宁夏回族自治区知识产权保护中心):
        the national word and the bracketed area are the area written out."""
        from .places import gazetteer

        for start in self.rules.words["bracket_name_starts"]:
            m = re.match(rf"{re.escape(start)}\(([^()]{{2,8}})\)(?=.)", name)
            if m:
                rec = gazetteer().lookup(m.group(1))
                if rec is not None and m.group(1) in (rec.name, rec.short):
                    return rec.name + name[m.end():]
        return name

    def _full_province(self, name: str) -> str:
        """陕西高院 → 陕西省高院: a province's short form at the start of a body's name is the province
        (municipalities keep their short forms: 北京海关)."""
        from .places import gazetteer

        gaz = gazetteer()
        m = gaz.surface_pattern().match(name)
        if m is None:
            return name
        rec = gaz.lookup(m.group(0))
        if (rec is None or rec.level != "Province" or m.group(0) != rec.short or rec.short == rec.name
                or rec.code in self.rules.words["municipality_codes"]):
            return name
        return rec.name + name[m.end():]

    def _without_province(self, name: str) -> str:
        """江西省赣州市中级人民法院 → 赣州市中级人民法院: a body of a city or county named with its province
        before the place is that place's body, keyed as the text names it without the province (赣州中院)."""
        from .places import gazetteer

        gaz = gazetteer()
        pattern = gaz.surface_pattern()
        m = pattern.match(name)
        if m is None:
            return name
        outer = gaz.lookup(m.group(0))
        if outer is None or outer.level != "Province" or m.group(0) != outer.name:
            return name
        rest = name[m.end():]
        inner = pattern.match(rest)
        if inner is None:
            return name
        rec = gaz.lookup(inner.group(0), province=outer.code)
        if rec is None or rec.level == "Province" or rec.province != outer.code or len(rest) <= len(inner.group(0)):
            return name
        return rest

    def _has_place(self, name: str) -> bool:
        from .places import gazetteer

        gaz = gazetteer()
        # a national body's local office names its place after the body (人民银行X市分行), not before
        national = max((s for s, (t, _, _) in self.rules.lexicon.items() if t == T.Agency and name.startswith(s)),
                       key=len, default="")
        if national and gaz.surface_pattern().match(name, len(national)):
            return True
        return bool(gaz.surface_pattern().match(name)) or name.startswith(
            tuple(gaz.city_forms(self.meta.get("city"), self.meta.get("province"))))

    def resolve(self, mentions: list[NameMention]) -> list[Entity]:
        for m in mentions:
            if m.type == T.Place and m.attrs.get("adminCode"):
                m.key = f"Place:code:{m.attrs['adminCode']}"
            else:
                m.key = f"{m.type.value}:{self.canonical(m)}"
        self._merge_bracket_names(mentions)
        self._merge_alias_only(mentions)
        self._merge_declared_parents(mentions)
        self._merge_quote_cores(mentions)
        self._merge_year_suffixes(mentions)
        # legal forms and branch short forms first: 宜宾分行 is the suffix of one branch only once they are merged
        self._merge_legal_forms(mentions)
        self._merge_firm_place_forms(mentions)
        self._merge_branch_short_forms(mentions)
        self._merge_bank_short_forms(mentions)
        self._merge_insurer_short_forms(mentions)
        self._merge_insurer_short_forms(mentions, "bank_short_forms")
        self._merge_suffixes(mentions)
        self._merge_firm_short_names(mentions)
        self._merge_list_names(mentions)
        self._merge_registered_provinces(mentions)
        self._merge_short_head_forms(mentions)
        self._merge_place_short_forms(mentions)
        self._merge_station_towns(mentions)
        return self._entities(mentions)

    def _merge_station_towns(self, mentions):
        """石桥市场监管所 beside 某市石桥经开区: the town a station is named after is the zone of the document
        whose name, after its city, starts with it, when exactly one does."""
        from .places import gazetteer

        pattern = gazetteer().surface_pattern()
        zones = sorted({m.key for m in mentions if m.type == T.Place and m.kind == "Zone"})
        remap = {}
        for m in mentions:
            if not m.attrs.get("station_town"):
                continue
            town = m.key.split(":", 1)[1]
            hosts = []
            for z in zones:
                name = z.split(":", 1)[1]
                lead = pattern.match(name)
                rest = name[lead.end():] if lead else name
                if rest.startswith(town) and len(rest) > len(town) or name.startswith(town) and len(name) > len(town):
                    hosts.append(z)
            if len(hosts) == 1:
                remap[m.key] = hosts[0]
                m.kind = "Zone"  # the zone's kind, not the town's the finder guessed
        _rekey(mentions, remap)

    def _merge_place_short_forms(self, mentions):
        """长春中院 beside 长春市中级人民法院: a body named with its place's short form is the body the
        document also names with the place's full name, when that name is there too."""
        from .places import gazetteer

        gaz = gazetteer()
        pattern = gaz.surface_pattern()
        keys = {m.key for m in mentions if m.type in (T.Agency, T.Organization)}
        remap = {}
        for k in keys:
            type_, name = k.split(":", 1)
            m = pattern.match(name)
            if m is None:
                continue
            rec = gaz.lookup(m.group(0), city=self.meta.get("city"), province=self.meta.get("province"))
            if rec is None or m.group(0) == rec.name:  # a short form: 长春 or 德宏州
                continue
            full = f"{type_}:{rec.name}{name[m.end():]}"
            if full in keys:
                remap[k] = full
        _rekey(mentions, remap)

    def _merge_bracket_names(self, mentions):
        """X市市场监管局(知识产权局): the document states that the office in brackets is the same body, so
        a mention of X市知识产权局 (or 市知识产权局, expanded) is that body too."""
        from .places import gazetteer

        pattern = gazetteer().surface_pattern()
        remap: dict[str, str] = {}
        for m in mentions:
            second = BRACKET_NAME.search(strip_marks(m.text)) if m.type == T.Agency else None
            if second is None:
                continue
            main = m.key.split(":", 1)[1]
            area = pattern.match(main)
            if area is None:
                continue
            inner = second.group(1)
            # 省市场监督管理局(省知识产权局): a relative second name expands on its own, not after the area
            relative = (inner.startswith(tuple(p for p, _ in self.rules.words["relative_prefixes"]))
                        and not inner.startswith(tuple(self.rules.words["not_relative_starts"])))
            alt = NameMention(text=inner if relative else area.group(0) + inner, type=m.type, kind=m.kind, start=m.start,
                              end=m.end, mention=m.mention)
            alt_key = f"{m.type.value}:{self.canonical(alt)}"
            if alt_key != m.key:
                remap.setdefault(alt_key, m.key)
        _rekey(mentions, remap)

    def _merge_alias_only(self, mentions):
        full = [m for m in mentions if not m.attrs.get("alias_only")]
        by_offsets = {(m.start, m.end): m for m in full}
        for m in mentions:
            if m.attrs.get("alias_for") in by_offsets:  # X(简称“Y”): Y is another name of X
                m.key = by_offsets[m.attrs["alias_for"]].key
            elif m.attrs.get("alias_only"):
                host = max((f for f in full if f.type == m.type and f.start <= m.start and m.end <= f.end),
                           key=lambda f: f.end - f.start, default=None)
                if host is not None:
                    m.key = host.key
        # the short name the document declared, written again later without quotes, is the same entity
        declared = {(m.type, strip_marks(m.text)): m.key for m in mentions if m.attrs.get("alias_for") in by_offsets}
        remap = {}
        for m in full:
            key = declared.get((m.type, strip_marks(m.text)))
            if key is not None and m.key != key:
                remap.setdefault(m.key, key)
        _rekey(mentions, remap)

    def _merge_declared_parents(self, mentions):
        """X财产保险股份有限公司Y分公司(以下简称“X财险Y分公司”): a branch and the short name the document declares
        for it end alike (Y分公司), so what stands before that ending names one parent firm in both (X财险 is
        X财产保险股份有限公司). The longer name is kept as the key."""
        heads = tuple(self.rules.words["branch_heads"])
        keys_by_text = {}
        for m in mentions:
            if m.type == T.Company:
                keys_by_text.setdefault(strip_marks(m.text), m.key)
        texts: dict[str, list[str]] = {}
        for m in mentions:
            if m.type == T.Company and m.attrs.get("alias_for"):
                texts.setdefault(m.key, [])
        for m in mentions:
            if m.key in texts and strip_marks(m.text) not in texts[m.key]:
                texts[m.key].append(strip_marks(m.text))
        remap = {}
        for key in sorted(texts):
            names = sorted(texts[key], key=len)
            for short in names:
                for long in names:
                    if len(long) <= len(short) or not short.endswith(heads):
                        continue
                    n = 0  # the common ending, from the branch's head back to its place
                    while n < len(short) and short[-1 - n] == long[-1 - n]:
                        n += 1
                    ps, pl = short[:-n], long[:-n]
                    if n < 3 or len(ps) < 2 or ps not in keys_by_text or pl not in keys_by_text:
                        continue
                    if keys_by_text[ps] != keys_by_text[pl]:
                        remap.setdefault(keys_by_text[ps], keys_by_text[pl])
        _rekey(mentions, remap)

    def _merge_quote_cores(self, mentions):
        by_core: dict[tuple, list[NameMention]] = {}
        for m in mentions:
            if m.type in (T.Program, T.Policy, T.LoanProduct):
                core = QUOTE_CORE.search(m.text)
                if core and m.text.count("“") <= 1:
                    by_core.setdefault((m.type, core.group(1)), []).append(m)
        for group in by_core.values():
            keys = {m.key for m in group}
            if len(keys) > 1:
                target = max(group, key=lambda m: len(m.text)).key
                for m in mentions:
                    if m.key in keys:
                        m.key = target

    def _merge_year_suffixes(self, mentions):
        """“猎鹰行动2025” beside “猎鹰行动”: the campaign named with and without the year after its name is
        one program when the document names one year only (with two, each is an edition of its own)."""
        year_end = re.compile(self.rules.words["program_year_end_re"])
        cores: dict[str, set[str]] = {}
        for m in mentions:
            if m.type == T.Program:
                core = QUOTE_CORE.fullmatch(m.text)
                if core:
                    cores.setdefault(core.group(1), set()).add(m.key)
        bare: dict[str, list[str]] = {}
        for core in cores:
            y = year_end.search(core)
            if y and len(core) - len(y.group(0)) >= 2:
                bare.setdefault(core[:y.start()], []).append(core)
        remap = {}
        for stem, yeared in sorted(bare.items()):
            if len(yeared) == 1 and stem in cores:
                target = sorted(cores[yeared[0]])[0]
                for k in cores[stem]:
                    if k != target:
                        remap.setdefault(k, target)
        _rekey(mentions, remap)

    def _merge_suffixes(self, mentions):
        names: dict[str, set[str]] = {}
        for m in mentions:
            if m.type in (T.Place, T.Person):
                continue
            names.setdefault(m.key, set()).add(strip_marks(m.text))
        keys_by_type: dict[str, list[str]] = {}
        for k in names:
            keys_by_type.setdefault(k.split(":", 1)[0], []).append(k)
        remap = {}
        for keys in keys_by_type.values():
            for k in keys:
                short = k.split(":", 1)[1]
                if len(short) < 4:
                    continue
                hosts = [o for o in keys if o != k and o.split(":", 1)[1].endswith(short) and len(o) > len(k)]
                if len(hosts) == 1:
                    remap[k] = hosts[0]
        for m in mentions:
            while m.key in remap:
                m.key = remap[m.key]

    def _merge_firm_short_names(self, mentions):
        """X公司 or X集团 beside a firm's full name (重庆X软件有限公司 … X公司): the document's short name for
        that firm, when X starts the full name after its place and only one firm of the document reads so."""
        from .places import gazetteer

        words = self.rules.words
        legal = tuple(words["firm_suffixes"])
        pattern = gazetteer().surface_pattern()
        keys = sorted({m.key for m in mentions if m.type == T.Company})
        full = []
        for k in keys:
            name = k.split(":", 1)[1]
            if name.endswith(legal):
                area = pattern.match(name)
                full.append((k, name[area.end():] if area else name))
        remap = {}
        for k in keys:
            name = k.split(":", 1)[1]
            head = next((h for h in words["firm_words"] if name.endswith(h)), None)
            if head is None or len(name) - len(head) < 2:
                continue
            if name.endswith(tuple(s for s in legal if s not in words["firm_words"])):
                continue  # X股份有限公司 is a full legal name, the parent of X…分公司, not its short name
            stem = name[:-len(head)]
            # a full name that starts with the whole short name names a branch of it (X公司Y分公司), not it
            hosts = [f for f, rest in full if f != k and rest.startswith(stem) and len(rest) > len(name)
                     and not rest.startswith(name)]
            if len(hosts) == 1:
                remap[k] = hosts[0]
        _rekey(mentions, remap)

    def _merge_registered_provinces(self, mentions):
        """江西X农村商业银行 beside X农商银行: a firm registered with its province before its city or county is
        the firm the document also names without the province (with the full head or a short one)."""
        from .places import gazetteer

        keys = sorted({m.key for m in mentions if m.type == T.Company})
        present = set(keys)
        remap = {}
        for k in keys:
            name = k.split(":", 1)[1]
            outer_m, outer = _leading_place(name)
            if outer is None or outer.level != "Province":
                continue
            rest = name[outer_m.end():]
            inner_m, _ = _leading_place(rest)
            inner = gazetteer().lookup(inner_m.group(0), province=outer.code) if inner_m else None
            if inner is None or inner.level == "Province" or inner.province != outer.code:
                continue
            forms = [rest] + [rest.replace(full, short, 1) for short, full in self.rules.words["firm_short_heads"]
                              if full in rest]
            for form in forms:
                if f"Company:{form}" in present and f"Company:{form}" != k:
                    remap.setdefault(f"Company:{form}", k)
        _rekey(mentions, remap)

    def _merge_short_head_forms(self, mentions):
        """宜春高新区 beside 宜春高新技术产业开发区, 孝感农商行 beside 孝感农村商业银行: a zone or firm named with
        a short head is the one the document also names in full, when exactly one full name fits. Only then: a
        name written short alone keeps its name (its full head is not always the same: 高新技术产业开发区,
        高新技术开发区)."""
        self._merge_short_heads(mentions, {m.key for m in mentions if m.type == T.Place and m.kind == "Zone"},
                                "zone_short_heads")
        # also inside a branch's name (X农商行Y支行)
        self._merge_short_heads(mentions, {m.key for m in mentions if m.type == T.Company}, "firm_short_heads")

    def _merge_short_heads(self, mentions, keys: set[str], table: str):
        """A name whose head is the short form of another name's head, the rest the same, is that name when
        only one full name fits (pairs of short and full heads in entity_words[table])."""
        remap = {}
        for k in sorted(keys):
            hosts = {k.replace(short, full, 1) for short, full in self.rules.words[table]
                     if short in k and k.replace(short, full, 1) in keys}
            if len(hosts) == 1:
                remap[k] = hosts.pop()
        _rekey(mentions, remap)

    def _merge_list_names(self, mentions):
        """入选国家知识产权示范企业名单 names the designation twice (示范企业 and its 名单): the list of a
        designation the document also names is that designation."""
        keys = {m.key for m in mentions if m.type == T.Program}
        remap = {}
        for k in sorted(keys):
            for h in self.rules.words["list_heads"]:
                if k + h in keys:
                    remap[k] = k + h
        _rekey(mentions, remap)

    def _legal_forms(self) -> list[str]:
        """The legal forms that end a firm's registered name (有限公司, 股份有限公司 …), longest first, without
        the bare words (公司, 集团) a short name ends with too."""
        words = self.rules.words
        return sorted((w for w in words["firm_suffixes"] if w not in words["firm_words"]), key=len, reverse=True)

    def _merge_legal_forms(self, mentions):
        """X银行股份有限公司 beside X银行, X银行股份有限公司Y分行 beside X银行Y分行: a firm (or its branch) named
        with and without its legal form is one firm; so is a bank named with and without 中国 before it
        (中国光大银行 / 光大银行), and a group named with and without 集团 (蓝鲸集团 / 蓝鲸). The longer
        name is kept as the key."""
        words = self.rules.words
        keys = sorted({m.key for m in mentions if m.type == T.Company})
        present = set(keys)
        remap = {}
        for k in keys:
            name = k.split(":", 1)[1]
            for p in words["national_firm_prefixes"]:
                rest = name[len(p):]
                if (name.startswith(p) and len(rest) >= 4 and any(w in rest for w in words["lender_words"])
                        and f"Company:{rest}" in present):
                    remap.setdefault(f"Company:{rest}", k)
            for w in self._legal_forms():
                i = name.find(w)
                if i < 2:
                    continue
                bare = f"Company:{name[:i]}{name[i + len(w):]}"
                if bare in present and bare != k:
                    remap.setdefault(bare, k)
                break
            for w in words["group_suffixes"]:  # 蓝鲸集团 beside the brand 蓝鲸 read inside it
                if name.endswith(w) and len(name) - len(w) >= 2 and f"Company:{name[:-len(w)]}" in present:
                    remap.setdefault(f"Company:{name[:-len(w)]}", k)
        for k in list(remap):  # 光大银行 → 中国光大银行 → 中国光大银行股份有限公司
            while remap[k] in remap and remap[k] != k:
                remap[k] = remap[remap[k]]
        _rekey(mentions, remap)

    def _merge_firm_place_forms(self, mentions):
        """合肥X融资担保集团 beside 合肥市X融资担保集团有限公司: a firm named with its city's or province's short
        form is the firm named with the place in full, with or without its legal form. The longer name is the key."""
        keys = sorted({m.key for m in mentions if m.type == T.Company})
        present = set(keys)
        remap = {}
        for k in keys:
            name = k.split(":", 1)[1]
            m, rec = _leading_place(name)
            if rec is None or m.group(0) != rec.name or rec.short == rec.name or rec.level not in (
                    "Province", "PrefectureCity"):
                continue
            short = rec.short + name[m.end():]
            # 集团有限公司 or 有限公司 off: X集团有限公司 is written X集团 as often as X
            forms = [short] + [short[:short.find(w)] + short[short.find(w) + len(w):]
                               for w in self._legal_forms() if short.find(w) >= 2]
            for form in forms:
                if f"Company:{form}" in present and f"Company:{form}" != k:
                    remap.setdefault(f"Company:{form}", k)
        _rekey(mentions, remap)

    def _merge_bank_short_forms(self, mentions):
        """交行 beside 交通银行: a bank's short form (lexicons/banks.txt) is the one bank named in full in the
        document whose name holds its characters in order; with two such banks (中行: 中国银行, 中国光大银行)
        it stays itself."""
        shorts = {s for s, (type_, _, kind) in self.rules.lexicon.items() if type_ == T.Company and kind == "Bank"}
        keys = sorted({m.key for m in mentions if m.type == T.Company})
        heads = tuple(self.rules.words["branch_heads"])
        # a bank's own name, with or without its legal form (交通银行股份有限公司), not a branch's
        banks = [k for k in keys if any(w in k for w in self.rules.words["lender_words"]) and not k.endswith(heads)]
        remap = {}
        for k in keys:
            name = k.split(":", 1)[1]
            if name not in shorts:
                continue
            hosts = [b for b in banks if b != k and len(b) > len(k) and _in_order(name, b.split(":", 1)[1])]
            if len(hosts) == 1:
                remap[k] = hosts[0]
        _rekey(mentions, remap)

    def _merge_insurer_short_forms(self, mentions, table: str = "insurer_short_forms"):
        """太平洋财险 beside 中国太平洋财产保险股份有限公司, 人保财险 beside 中国人民财产保险股份有限公司: an insurer's
        short form (X财险, X寿险) is the one insurer of the document named in full with the line it stands for
        (财产保险, 人寿保险) whose name holds every other character of it; a branch is neither. The same for a
        rural bank's short form (``table`` bank_short_forms: X农商行 beside 江苏X农村商业银行股份有限公司)."""
        forms = self.rules.words[table]
        heads = tuple(self.rules.words["branch_heads"])
        keys = sorted({m.key for m in mentions if m.type == T.Company})
        names = {k: k.split(":", 1)[1] for k in keys}
        remap = {}
        for k in keys:
            name = names[k]
            short = next((s for s in forms if name.endswith(s) and len(name) > len(s)), None)
            if short is None or name.endswith(heads):
                continue
            stem = name[:-len(short)]
            hosts = [h for h in keys if h != k and forms[short] in names[h] and not names[h].endswith(heads)
                     and not names[h].endswith(short) and all(ch in names[h] for ch in stem)
                     and not _other_province(names[h], stem)]
            if len(hosts) == 1:
                remap[k] = hosts[0]
        _rekey(mentions, remap)

    def _merge_branch_short_forms(self, mentions):
        """X财产保险有限公司Y中心支公司 beside X财险Y中心支公司, X银行Y支行 beside X行Y支行: one branch written
        with its firm's full legal name (or a bank's own name) and with a short form of it. Merged only when
        the branch part (Y中心支公司) is the same, every character of the short form is in the full name, and
        the document holds one name of each kind with that branch part."""
        words = self.rules.words
        legal = sorted(words["firm_suffixes"], key=len, reverse=True)
        heads = tuple(words["branch_heads"])
        keys = sorted({m.key for m in mentions if m.type == T.Company})
        full: dict[str, list[tuple[str, str]]] = {}
        parents: dict[str, str] = {}  # a full branch's key → its parent firm's name
        for k in keys:
            name = k.split(":", 1)[1]
            if not name.endswith(heads):
                continue
            for w in legal:
                i = name.find(w)
                if i > 0 and name.endswith(heads, i + len(w) + 2):
                    parents[k] = name[:i + len(w)]
                    for tail in self._tail_forms(name[i + len(w):]):  # 徐州市中心支公司 is written 徐州中心支公司
                        full.setdefault(tail, []).append((k, name[:i]))
                    break
            else:
                # a bank's branch under the bank's own name (X银行Y分行) is as full as under its legal name
                i = max(name.rfind(w) + len(w) if w in name else -1 for w in words["lender_words"])
                if i > 0 and name.endswith(heads, i + 2):
                    full.setdefault(name[i:], []).append((k, name[:i]))
        # 建行X分行 beside 中国建设银行X市分行: the branch's place may be written with or without its level
        level = re.compile(r"(?<=[\u4e00-\u9fff]{2})[%s](?=(?:%s)$)" % (
            "".join(words["branch_place_levels"]), "|".join(map(re.escape, heads))))
        short: dict[str, list[tuple[str, str]]] = {}
        for k in keys:
            name = k.split(":", 1)[1]
            if any(f == k for pairs in full.values() for f, _ in pairs):
                continue
            for tail in full:
                bare, bare_tail = level.sub("", name), level.sub("", tail)
                stem = bare[:-len(bare_tail)]
                if bare.endswith(bare_tail) and 2 <= len(stem) and not any(w in stem for w in words["firm_words"]):
                    short.setdefault(tail, []).append((k, stem))
        remap = {}
        for tail, pairs in short.items():
            hosts = full.get(tail, [])
            # one short name, maybe written both with and without the place's level (one stem)
            if len({st for _, st in pairs}) == 1 and len(hosts) == 1 and all(ch in hosts[0][1] for ch in pairs[0][1]):
                for k, _ in pairs:
                    remap[k] = hosts[0][0]
                # the short branch's firm (人寿财险, or 人寿 read inside it) is the full branch's parent firm
                parent = parents.get(hosts[0][0])
                if parent and f"Company:{parent}" in keys:
                    stem = pairs[0][1]
                    for k in keys:
                        p = k.split(":", 1)[1]
                        if len(p) >= 2 and stem.startswith(p) and k != f"Company:{parent}" and _in_order(p, parent):
                            remap.setdefault(k, f"Company:{parent}")
        _rekey(mentions, remap)

    def _tail_forms(self, tail: str) -> list[str]:
        """A branch part and, when it opens with a city or county in full, the same with its short form."""
        from .places import gazetteer

        gaz = gazetteer()
        m = gaz.surface_pattern().match(tail)
        rec = gaz.lookup(m.group(0)) if m else None
        if rec is None or m.group(0) != rec.name or rec.short == rec.name:
            return [tail]
        return [tail, rec.short + tail[m.end():]]

    def _entities(self, mentions) -> list[Entity]:
        groups: dict[str, list[NameMention]] = {}
        for m in mentions:
            groups.setdefault(m.key, []).append(m)
        out = []
        for key, ms in groups.items():
            type_ = ms[0].type
            aliases = sorted({m.mention.text.replace("\n", "") for m in ms}, key=lambda a: (-len(a), a))
            full_aliases = sorted({m.mention.text.replace("\n", "") for m in ms if not m.attrs.get("alias_only")},
                                  key=lambda a: (-len(a), a)) or aliases
            if type_ in (T.Agency, T.Organization, T.Place) or any(m.attrs.get("canonical") for m in ms):
                label = key.split(":", 1)[1]
                if label.startswith("code:"):
                    label = next((m.attrs.get("canonical") for m in ms if m.attrs.get("canonical")), aliases[0])
            else:
                label = full_aliases[0]
            attrs: dict[str, str] = {}
            for m in ms:
                for a in ("adminCode", "adminLevel", "role"):
                    if m.attrs.get(a):
                        attrs.setdefault(a, m.attrs[a])
            kind = choose_kind(ms)
            if type_ == T.Place:
                kind = attrs.get("adminLevel") or kind
            mentions_out = sorted({(m.mention.start, m.mention.end): m.mention for m in ms}.values(),
                                  key=lambda x: (x.start, x.end))
            out.append(Entity(key=key, type=type_, kind=kind, label=label, aliases=aliases,
                              mentions=mentions_out, attributes=attrs))
        return sorted(out, key=lambda e: e.key)
