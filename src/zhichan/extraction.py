"""Stage 3: a file → an ``Extraction`` (the pydantic models). The only module that reads a spaCy Doc.

Input: a path. Output: ``Extraction`` — document info, sentences, resolved entities with their
mentions, relations with their evidence sentence, and observations — every offset pointing into
the original text. Steps: read and decode (``document``), normalise, guess the document's place and
year from its title, run the spaCy pipeline (``pipeline``), resolve names to entities (``resolve``),
and map relation and figure spans onto entity keys.
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
from .resolve import NameMention, Resolver
from .rules import cached_rules

T = EntityType


def document_meta(info: DocumentInfo, text: str) -> dict:
    """The city, district, province and year the document is about, read from its first lines."""
    from .places import gazetteer

    gaz = gazetteer()
    lines = [line for line in text.splitlines() if line.strip()]
    title = lines[0] if lines else ""
    head = "\n".join(lines[:3])
    year = None
    m = re.search(r"((?:19|20)[0-9]{2})年", info.title)
    if m:
        year = m.group(1)
    pattern = gaz.surface_pattern()
    city = district = province = None
    for region in (title, head, text):
        if region is not title and province is not None:
            break  # the title names a province and no city: a provincial document has no city
        counts: dict[str, int] = {}
        for pm in pattern.finditer(region):
            rec = gaz.lookup(pm.group(0))
            if rec is None:
                if pm.group(0).endswith(("区", "县")) and region is not text and district is None:
                    district = pm.group(0)  # ambiguous alone (西湖区): read in the context of the city found
                continue
            chain = gaz.chain(rec.code)
            for r in chain:
                if r.level == "PrefectureCity" or (r.level == "Province" and r.code in MUNICIPALITIES):
                    counts[r.code] = counts.get(r.code, 0) + (2 if r is chain[0] else 1)
            if region is title and rec.level == "Province" and province is None and pm.group(0) == rec.name:
                province = rec.name
            if (region is not text and district is None and rec.level in ("District", "County", "CountyLevelCity")
                    and pm.group(0) == rec.name):  # a full name: 会同 (a verb) is not 会同县
                district = pm.group(0)
        if counts:
            best = max(sorted(counts), key=lambda c: counts[c])
            chain = gaz.chain(best)
            city = chain[0].name
            province = chain[-1].name
            if district is not None:
                rec = gaz.lookup(district, city=city)
                district = rec.name if rec and rec.level in ("District", "County", "CountyLevelCity") and \
                    gaz.within(rec.code, best) else None
            break
        district = None  # a district named without its city (or in another province) does not scope the document
    return {"city": city, "district": district, "province": province, "year": year}


MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


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
    meta = document_meta(info, norm.text)
    info = info.model_copy(update=meta)
    doc = pipeline.run(norm.text, meta, rules_dir)

    sentences, sent_norm = [], []
    for s in doc.sents:
        text = s.text
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        if not text.strip():
            continue
        ns, ne = s.start_char + lead, s.start_char + trail
        os_, oe = norm.orig(ns, ne)
        sentences.append(Sentence(index=len(sentences), start=os_, end=oe, text=original[os_:oe]))
        sent_norm.append(ns)
    off = _Offsets(norm, original, sentences, sent_norm)

    rules = cached_rules(rules_dir)
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
    for s, pred, o, ev, rule in doc.user_data.get("zhichan_relations", []):
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

    observations = _observations(doc, off, meta, mentions, entities)
    return Extraction(document=info, sentences=sentences, entities=sorted(entities.values(), key=lambda e: e.key),
                      relations=sorted(relations, key=lambda r: (r.evidence.start, r.subject, r.predicate.value, r.object)),
                      observations=observations)


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


def _area_entity(area: str | None, meta: dict, entities: dict[str, Entity]) -> str | None:
    from .places import gazetteer

    if not area:
        return None
    name = {"全市": meta.get("city"), "本市": meta.get("city"), "我市": meta.get("city"), "市": meta.get("city"),
            "全区": meta.get("district"), "全省": meta.get("province"), "省内": meta.get("province"),
            "我省": meta.get("province")}.get(area, area)
    if not name:
        return None
    rec = gazetteer().lookup(name, city=meta.get("city"), province=meta.get("province"))
    if rec is None:
        key = f"Place:{name}"
        return key if key in entities else None
    key = f"Place:code:{rec.code}"
    if key not in entities:
        entities[key] = Entity(key=key, type=T.Place, kind=rec.level, label=rec.name, aliases=[rec.name],
                               attributes={"adminCode": rec.code, "adminLevel": rec.level})
    return key


def _observations(doc, off: _Offsets, meta: dict, mentions: list[NameMention], entities) -> list[Observation]:
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
    default_area = meta.get("district") or meta.get("city") or meta.get("province")
    for f, oid in zip(figs, ids):
        sent_idx = off.sentence_of(f.start)
        sent_nstart = off.sent_norm[sent_idx] if off.sent_norm else 0
        before = [a for a in actors if sent_nstart <= a.start and a.end <= f.start]
        before = [a for a in before if not any(o is not a and o.start <= a.start and a.end <= o.end for o in before)]
        # the body measured is the one that starts the figure's clause, else the one that starts the
        # sentence (市公安局会同海关…共破获…: the police, not their partner), else the nearest before
        clause_start = max((m.end() for m in re.finditer(r"[,;]", text[sent_nstart:f.start])), default=0) + sent_nstart
        lead = [a for a in before if a.start - clause_start <= 2 and a.start >= clause_start]
        opening = [a for a in before if a.start - sent_nstart <= 8]
        chosen = lead[0] if lead else (opening[0] if opening else (before[-1] if before else None))
        subject = chosen.key if chosen else None
        pronoun = re.search(r"该(行|公司|企业|局|院)", text[sent_nstart:f.start])
        if pronoun and (not before or before[-1].end <= sent_nstart + pronoun.start()):
            kinds = {"行": (T.Company,), "公司": (T.Company,), "企业": (T.Company,), "局": (T.Agency,), "院": (T.Agency,)}
            prior = [a for a in actors if a.end <= sent_nstart + pronoun.start() and a.type in kinds[pronoun.group(1)]]
            if pronoun.group(1) == "行":
                prior = [a for a in prior if a.kind in ("Bank", "BankBranch")] or prior
            subject = prior[-1].key if prior else subject
        area = _area_entity(f.area, meta, entities) if f.area else None
        if area is None and subject is None and default_area:
            area = _area_entity(default_area, meta, entities)
        elif area is None and default_area and meta.get("district") is None:
            area = _area_entity(default_area, meta, entities)
        # an annual report (its title states the year) scopes every figure it gives no other year
        period = f.period or meta.get("year")
        out.append(Observation(
            id=oid, value=Decimal(f.value), unit=f.unit, metric=f.metric, period=period, area=area,
            subject=subject, qualifies=ids[f.growth_of] if f.growth_of is not None and f.growth_of < len(ids) else None,
            approximation=f.approximation, span=off.mention(f.start, f.end),
            text=off.mention(f.text_start, f.text_end)))
    return out
