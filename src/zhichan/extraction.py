"""Stage 3: a file → an ``Extraction`` (the pydantic models). The only module that reads a spaCy Doc.

Input: a path. Output: ``Extraction`` — document info, sentences, resolved entities with their
mentions, relations with their evidence sentence, and observations — every offset pointing into
the original text. Steps: read and decode (``document``), normalise, read the document's scope (area and
dates, ``scope``), run the spaCy pipeline (``pipeline``), resolve names to entities (``resolve``),
map relation and figure spans onto entity keys, and add the relations names state by themselves (``implied``).
"""
from __future__ import annotations

import bisect
import re
from decimal import Decimal
from pathlib import Path

from .document import NormalisedText, normalise, read_document
from .models import (DocumentInfo, Entity, EntityType, Extraction, Mention, Observation, Predicate, Relation,
                     Sentence)
from . import pipeline
from .implied import Implied
from .resolve import NameMention, Resolver
from .rules import cached_rules
from .scope import document_meta

T = EntityType


class _Offsets:
    def __init__(self, norm: NormalisedText, original: str, sentences: list[Sentence], sent_norm: list[int]):
        self.norm, self.original, self.sentences, self.sent_norm = norm, original, sentences, sent_norm

    def sentence_of(self, nstart: int) -> int:
        return max(0, bisect.bisect_right(self.sent_norm, nstart) - 1)

    def mention(self, nstart: int, nend: int) -> Mention:
        s, e = self.norm.orig(nstart, nend)
        return Mention(start=s, end=e, text=self.original[s:e], sentence=self.sentence_of(nstart))


def extract_file(path: Path, rules_dir: str | None = None) -> Extraction:
    info, original = read_document(Path(path))
    return extract_text(info, original, rules_dir)


def extract_text(info: DocumentInfo, original: str, rules_dir: str | None = None) -> Extraction:
    norm = normalise(original)
    rules = cached_rules(rules_dir)
    meta = document_meta(info, norm.text, original, rules.scope)
    info = info.model_copy(update={k: meta.get(k) for k in ("city", "district", "province", "zone", "year", "date")})
    doc = pipeline.run(norm.text, meta, rules_dir)

    sentences, sent_norm = [], []
    # a paged document (PDF) separates its pages by form feeds: a sentence's page is one plus those before it
    breaks = [i for i, ch in enumerate(original) if ch == "\f"] if "\f" in original else []
    for s in doc.sents:
        text = s.text
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        if not text.strip():
            continue
        ns, ne = s.start_char + lead, s.start_char + trail
        os_, oe = norm.orig(ns, ne)
        sentences.append(Sentence(index=len(sentences), start=os_, end=oe, text=original[os_:oe],
                                  page=bisect.bisect_right(breaks, os_) + 1 if breaks else None))
        sent_norm.append(ns)
    off = _Offsets(norm, original, sentences, sent_norm)

    mentions: list[NameMention] = []
    by_span: dict[tuple, NameMention] = {}
    for span in doc.spans.get("zhichan_entities", []):
        c = span._.entity
        attrs = dict(c.attrs)
        nm = NameMention(text=span.text, type=c.type, kind=c.kind, start=c.start, end=c.end,
                         mention=off.mention(c.start, c.end), attrs=attrs)
        mentions.append(nm)
        by_span[(c.start, c.end, c.type.value)] = nm
    _explicit_aliases(norm.text, mentions, off, rules_dir)
    resolver = Resolver(rules, meta)
    entities = resolver.resolve(mentions)
    entities = {e.key: e for e in entities}

    relations: list[Relation] = []
    seen = set()
    for s, pred, o, ev, rule in doc._.zhichan_relations or []:
        sm, om = by_span.get(s), by_span.get(o)
        if sm is None or om is None or sm.key == om.key:
            continue
        k = (sm.key, pred, om.key)
        if k in seen:
            continue
        seen.add(k)
        idx = off.sentence_of(ev)
        sent = sentences[idx]
        relations.append(Relation(subject=sm.key, predicate=Predicate(pred), object=om.key,
                                  evidence=Mention(start=sent.start, end=sent.end, text=sent.text, sentence=idx),
                                  rule=rule))
    # relations a name states by itself (甲省公安厅 → 甲省, 甲银行乙分行 → 甲银行), read on the resolved entities
    relations += Implied(rules).relations(entities, relations, sentences)
    relations += _ranked_in_area(norm.text, mentions, entities, relations, meta, rules, off, sentences)

    located = {r.subject: r.object for r in relations if r.predicate == Predicate.locatedIn}
    observations = _observations(doc, off, meta, mentions, entities, located, rules)
    info = info.model_copy(update={"area": _area_entity(meta.get("area"), meta, entities, rules)})
    x = Extraction(document=info, sentences=sentences, entities=sorted(entities.values(), key=lambda e: e.key),
                   relations=sorted(relations, key=lambda r: (r.evidence.start, r.subject, r.predicate.value, r.object)),
                   observations=observations)
    x._rules_dir = str(rules_dir) if rules_dir else None
    return x


def _ranked_in_area(text: str, mentions: list[NameMention], entities: dict[str, Entity], found: list[Relation],
                    meta: dict, rules, off: "_Offsets", sentences: list[Sentence]) -> list[Relation]:
    """X公司…位居全省第一, 全省各企业中,X公司…: a firm or institution ranked within the document's area lies in it
    (``locatedIn.json`` → ``ranked_in_area``); the area word says which of the document's areas, and only an area
    the document names is used."""
    spec = rules.relations["locatedIn"]["ranked_in_area"]

    def alt(words) -> str:  # longest first
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    areas, marks = alt(spec["area_words"]), "[,;:。\n]"
    ranked = re.compile(rf"(?:{alt(spec['rank_verbs'])})({areas})")
    among = re.compile(rf"(?:^|(?<={marks}))({areas})(?:{alt(spec['among'])}),")
    bodies = [m for m in mentions if m.type in (T.Company, T.Organization) and m.key and not m.attrs.get("alias_only")]
    bodies = [m for m in bodies if not any(o is not m and o.start <= m.start and m.end <= o.end
                                           and (o.end - o.start) > (m.end - m.start) for o in bodies)]
    have = {(r.subject, r.predicate.value, r.object) for r in found}
    out: list[Relation] = []

    def add(start: int, end: int, area_word: str) -> None:
        place = _area_entity(area_word, meta, {**entities}, rules)
        if place is None or place not in entities:
            return  # the document does not name the area
        for m in bodies:
            k = (m.key, "locatedIn", place)
            if start <= m.start and m.end <= end and k not in have:
                have.add(k)
                idx = off.sentence_of(m.start)
                sent = sentences[idx]
                out.append(Relation(subject=m.key, predicate=Predicate.locatedIn, object=place, rule="ranked-in-area",
                                    evidence=Mention(start=sent.start, end=sent.end, text=sent.text, sentence=idx)))

    for m in ranked.finditer(text):  # the bodies of the clause before the rank
        clause = max((x.end() for x in re.finditer(marks, text[:m.start()])), default=0)
        add(clause, m.start(), m.group(1))
    for m in among.finditer(text):  # the bodies of the clause after 全省各企业中,
        rest = re.search(marks, text[m.end():])
        add(m.end(), m.end() + (rest.start() if rest else len(text) - m.end()), m.group(1))
    return out


def _explicit_aliases(text: str, mentions: list[NameMention], off: _Offsets, rules_dir: str | None = None) -> None:
    """X(简称“Y”): Y names the entity just before it."""
    rules = cached_rules(rules_dir)
    for m in re.finditer(rules.words["alias_re"], text):
        # the host ends where the bracket opens, or one closing quote before it
        ends = {m.start(), m.start() - 1} if text[m.start() - 1:m.start()] in "\u201d\"" else {m.start()}
        host = max((x for x in mentions if x.end in ends and not x.attrs.get("alias_only")),
                   key=lambda x: x.end - x.start, default=None)
        if host is None:
            continue
        g = 1 if m.group(1) else 2  # the short name in quotes (group 1, quotes kept) or bare (group 2)
        quoted = int(g == 1)
        s, e = m.start(g) - quoted, m.end(g) + quoted
        mentions.append(NameMention(text=text[s:e], type=host.type, kind=host.kind, start=s, end=e,
                                    mention=off.mention(s, e), attrs={"alias_of": host, "alias_only": True}))
    for x in mentions:
        host = x.attrs.pop("alias_of", None)
        if host is not None:
            x.attrs["alias_for"] = (host.start, host.end)


def _area_entity(area: str | None, meta: dict, entities: dict[str, Entity], rules=None) -> str | None:
    from .places import gazetteer

    if not area:
        return None
    level = (rules or cached_rules()).area_levels.get(area)
    if level is None:
        name = area
    else:
        name = (meta.get("zone") or meta.get("district")) if level == "local" else meta.get(level)
    if not name:
        return None
    rec = None if name == meta.get("zone") else gazetteer().lookup(name, city=meta.get("city"),
                                                                   province=meta.get("province"))
    if rec is None:
        key = f"Place:{name}"
        if key not in entities and name == meta.get("zone"):
            entities[key] = Entity(key=key, type=T.Place, kind="Zone", label=name, aliases=[name])
        return key if key in entities else None
    key = f"Place:code:{rec.code}"
    if key not in entities:
        entities[key] = Entity(key=key, type=T.Place, kind=rec.level, label=rec.name, aliases=[rec.name],
                               attributes={"adminCode": rec.code, "adminLevel": rec.level})
    return key


def _within(code: str, container: str) -> bool:
    from .places import gazetteer

    return gazetteer().within(code, container)


def _counts_listed(text: str, before: list, chosen, fig_start: int, rules) -> list | None:
    """The list of bodies written right before the figure that it counts (A、B等12家企业, A和B 2家银行), when
    it holds ``chosen``; its members from the last to the first."""
    if not before:
        return None
    fr = rules.figures
    list_end = fr.grammar["list_end"]
    joins = set(fr.w("conjunctions"))
    run = [before[-1]]
    for a in reversed(before[:-1]):
        if text[a.end:run[-1].start].strip() in joins:
            run.append(a)
        else:
            break
    gap = text[before[-1].end:fig_start].strip()
    listed = gap == list_end or (not gap and len(run) >= 2)
    return run if listed and any(a is chosen for a in run) else None


def _opens_counted_list(text: str, actors: list, chosen, rules) -> bool:
    """``chosen`` is the first of bodies listed and counted (A、B等8家金融机构…): the sentence's actor is the
    group, not its first member."""
    fr = rules.figures
    joins = set(fr.w("conjunctions"))
    run = [chosen]
    for a in actors:
        if a.start >= run[-1].end and text[run[-1].end:a.start].strip() in joins:
            run.append(a)
    return len(run) >= 2 and bool(re.match(re.escape(fr.grammar["list_end"]) + r"\s*[0-9一二三四五六七八九十两几多]",
                                           text[run[-1].end:run[-1].end + 6]))


def _observations(doc, off: _Offsets, meta: dict, mentions: list[NameMention], entities,
                  located: dict[str, str] | None = None, rules=None) -> list[Observation]:
    text = doc.text  # rebuilt from the tokens on every access: read it once
    spans = list(doc.spans.get("zhichan_figures", []))
    figs = [s._.figure for s in spans]
    actors = sorted((m for m in mentions if m.type in (T.Agency, T.Organization, T.Company)
                     and not m.attrs.get("alias_only")), key=lambda m: m.start)
    out: list[Observation] = []
    ids: list[str] = []
    for f in figs:
        s, e = off.norm.orig(f.start, f.end)
        ids.append(f"{s}-{e}")
    default_area = meta.get("area")
    from .components.figures import metric_concept

    rules = rules or cached_rules()
    borrower_marks = rules.figures.w("borrower_prepositions")
    lead_in_re = re.compile(rules.relations["context"]["lead_in"].lstrip("^"))
    # 该 + a head (该行, 该公司) refers back to the latest body of its classes
    anaphor = re.compile(re.escape(rules.anaphor_word) + "(" + "|".join(map(re.escape, sorted(rules.anaphor_heads, key=len, reverse=True))) + ")")

    concepts: list[str | None] = [
        None if f.growth_of is not None else metric_concept(f.metric, f.unit, rules=rules.concepts,
                                                            figure_rules=rules.figures)
        for f in figs]
    for i, f in enumerate(figs):  # a growth rate or share is named after the measure it qualifies
        if f.growth_of is not None and f.growth_of < len(figs) and concepts[f.growth_of]:
            concepts[i] = metric_concept(f.metric, f.unit, base=concepts[f.growth_of], rules=rules.concepts,
                                         figure_rules=rules.figures)
    last_lead = None  # (sentence, body) leading the clause of the latest figure that had one
    area_led = None  # (sentence, body) a clause opening with the area's collective word took the figure from
    for f, oid, concept in zip(figs, ids, concepts):
        sent_idx = off.sentence_of(f.start)
        sent_nstart = off.sent_norm[sent_idx] if off.sent_norm else 0
        before = [a for a in actors if sent_nstart <= a.start and a.end <= f.start]
        before = [a for a in before if not any(o is not a and o.start <= a.start and a.end <= o.end for o in before)]
        # the body measured is the one that starts the figure's clause, else the one that starts the
        # sentence (市公安局会同海关…共破获…: the police, not their partner), else the nearest before
        clause_start = max((m.end() for m in re.finditer(r"[,;]", text[sent_nstart:f.start])), default=0) + sent_nstart
        # a body after a preposition of receiving at the clause's start (…,为Y公司发放贷款800万元) receives: it leads nothing
        lead = [a for a in before if a.start - clause_start <= 2 and a.start >= clause_start
                and not text[clause_start:a.start].endswith(borrower_marks)]
        # a semicolon opens a group of clauses with its own actor (A海关查获…;B海关查获…,案值…: B's value)
        group_start = max((m.end() for m in re.finditer(r";", text[sent_nstart:f.start])), default=0) + sent_nstart
        # 在X统一部署下,Y破获…: the body named in the lead-in directs; the one after it acts and is measured
        lead_in = lead_in_re.match(text, sent_nstart, f.start)
        opener = lead_in.end() if lead_in and lead_in.end() > sent_nstart else sent_nstart
        opening = ([a for a in before if 0 <= a.start - max(group_start, opener) <= 8]
                   or [a for a in before if 0 <= a.start - opener <= 8])
        chosen = lead[0] if lead else (opening[0] if opening else (before[-1] if before else None))
        # X海关所属Y海关查获…: the part named after the body acts, not the body it belongs to
        part = next((m for m in rules.figures.w("part_markers") if chosen is not None
                     and text.startswith(m, chosen.end)), None)
        if part is not None:
            chosen = next((a for a in before if a.start == chosen.end + len(part)), chosen)
        # X获批建设,Y预审专利1860件,授权率达到91.2%: a clause without its own actor goes on about the body that
        # led the clause of the figure before it in the sentence, when that body comes after the opener
        if (not lead and last_lead is not None and last_lead[0] == sent_idx and chosen is not None
                and last_lead[1].start > chosen.start and last_lead[1] in before):
            chosen = last_lead[1]
        last_lead = (sent_idx, lead[0]) if lead else (last_lead if last_lead and last_lead[0] == sent_idx else None)
        if chosen is not None and not lead and not opening and len(before) > 1 and \
                text[max(0, chosen.start - 2):chosen.start].endswith(borrower_marks):
            chosen = before[-2]  # X银行向Y公司发放贷款…,贷款金额…: the lender's loan, not the borrower's
        subject = chosen.key if chosen else None
        # …,全区知识产权示范企业达到27家: a clause opening with the area's collective word measures the area,
        # not a body named earlier in the sentence
        # (after a time word: …,全年全省专利商标质押融资登记金额达186.4亿元)
        area_at = clause_start + next((len(w) for w in rules.figures.w("clause_time_words")
                                       if text.startswith(w, clause_start)), 0)
        if not lead and chosen is not None and chosen.end <= clause_start and text.startswith(
                tuple(rules.figures.w("whole_area_openers")), area_at):
            area_led = (sent_idx, chosen)
            subject, chosen = None, None
        elif not lead and chosen is not None and area_led is not None and area_led == (sent_idx, chosen):
            # 记者从X获悉,全省公安机关破获…1243起,抓获…2186名: the clauses after the area's go on about the area
            subject, chosen = None, None
        if chosen is not None and _opens_counted_list(text, before, chosen, rules):
            subject, chosen = None, None  # A、B等8家金融机构与…签约,全年办理…: the group's figure, not A's
        run = _counts_listed(text, before, chosen, f.start, rules) if chosen is not None else None
        if run:
            # 甲公司、乙公司等12家企业获评…: a count of listed members measures no one of them; an actor of
            # the same clause before the list (X分行联合A、B等3个部门) is the one measured
            head = [a for a in before if a.end <= run[-1].start and not re.search(r"[,;]", text[a.end:run[-1].start])]
            subject = head[0].key if head else None
        pronoun = anaphor.search(text[sent_nstart:f.start])
        # 为该公司/向该企业 names who receives what the actor gives: the pronoun is no subject
        receiver = pronoun and text[max(0, sent_nstart + pronoun.start() - 1):sent_nstart + pronoun.start()].endswith(
            borrower_marks)
        if pronoun and not receiver and (not before or before[-1].end <= sent_nstart + pronoun.start()):
            kinds = rules.anaphor_heads
            prior = [a for a in actors if a.end <= sent_nstart + pronoun.start() and a.type in kinds[pronoun.group(1)]]
            # the whole name, not the parent bank inside a branch's name
            prior = [a for a in prior if not any(o is not a and o.start <= a.start and a.end <= o.end
                                                 and (o.start, o.end) != (a.start, a.end) for o in prior)]
            if pronoun.group(1) == rules.bank_anaphor:
                prior = [a for a in prior if a.kind in ("Bank", "BankBranch")] or prior
            else:  # 该分行 is the branch, 该中心 the centre: a body whose name ends in the head, when one was named
                prior = [a for a in prior if text.endswith(pronoun.group(1), a.start, a.end)] or prior
            subject = prior[-1].key if prior else subject
        area = _area_entity(f.area, meta, entities, rules) if f.area else None
        if area is None and subject and (located or {}).get(subject, "").startswith("Place:code:"):
            # 公安某某分局…查扣…: a body of one district of the document's area measures that district
            inner, scope = located[subject][11:], _area_entity(default_area, meta, entities, rules)
            if scope and scope.startswith("Place:code:") and inner != scope[11:] and _within(inner, scope[11:]):
                area = located[subject]
        if area is None and default_area:  # the document's scope, when neither clause nor sentence names one
            area = _area_entity(default_area, meta, entities, rules)
        # an annual report (its title states the year) scopes every figure it gives no other year
        period = f.period or (None if f.period_stated else meta.get("year"))
        out.append(Observation(
            id=oid, value=Decimal(f.value), unit=f.unit, metric=f.metric, metric_concept=concept, period=period, area=area,
            subject=subject, qualifies=ids[f.growth_of] if f.growth_of is not None and f.growth_of < len(ids) else None,
            approximation=f.approximation, span=off.mention(f.start, f.end),
            text=off.mention(f.text_start, f.text_end)))
    return out
