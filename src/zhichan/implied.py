"""Relations that a resolved name states by itself, across one document.

Input: the resolved ``Entity`` models of one document (by key), the relations already found in its
sentences, the document's sentences, and the rules of ``extract/relations/``. Output: further
``Relation`` models, each with the sentence of the first mention that states it as evidence:

- locatedIn: a body (``locatedIn.json`` → ``name_places.name_types``) whose name, as written,
  starts with a place of the document, or names one right after a parent body's name
  (甲银行乙省分行 → 乙省) or in brackets (甲科技(乙市)有限公司), is located in that place (甲省公安厅 → 甲省, 乙市中级人民法院 → 乙市);
  when the part names its own place, the place that begins the parent's name is the parent's only (甲市银行乙市分行 → 乙市);
  a functional zone named after an area is located in it. Only places that the document names are
  used, so a word that merely looks like a place (a bank's name) makes no relation.
- subOrganizationOf: a body whose name extends another body's name in the document is part of the
  closest such body (甲银行乙分行 → 甲银行; 乙分行丙支行 → 乙分行), unless what is added is only a legal
  form (X有限公司 is X; ``subOrganizationOf.json`` → ``same_body_suffixes``).
- issuedBy: a joint document whose title opens with its issuers (《甲省人民政府 乙局关于…》) is issued
  by each of them (``issuedBy.json`` → ``title_issuers``).

Only ``extraction`` reads a spaCy ``Doc``; this module sees pydantic models only.
"""
from __future__ import annotations

import re

from .places import gazetteer
from .models import Entity, EntityType, Mention, Predicate, Relation, Sentence
from .rules import Rules

T = EntityType
ACTORS = (T.Agency, T.Organization, T.Company)
BRACKET_OPEN = re.compile(r"\(")
SECOND_NAME = re.compile(r"\([^()]*\)")  # 甲局(乙局): a second name of the same body, not a part
QUOTES = re.compile(r"^[《“\"]+|[》”\"]+$")


def _evidence(entity: Entity, sentences: list[Sentence]) -> Mention | None:
    """The sentence of the entity's first mention."""
    if not entity.mentions or not sentences:
        return None
    first = min(entity.mentions, key=lambda m: m.start)
    sent = sentences[min(first.sentence, len(sentences) - 1)]
    return Mention(start=sent.start, end=sent.end, text=sent.text, sentence=sent.index)


def _names(entity: Entity) -> list[str]:
    """The names the document writes for the entity (its surface forms), longest first."""
    names = {QUOTES.sub("", a) for a in entity.aliases} or {QUOTES.sub("", entity.label)}
    return sorted((n for n in names if n), key=lambda n: (-len(n), n))


class Implied:
    def __init__(self, rules: Rules):
        R = rules.relations
        self.name_types = tuple(T(x) for x in R["locatedIn"]["name_places"]["name_types"])
        self.not_places = tuple(R["locatedIn"]["name_places"]["not_places"])
        parts = R["subOrganizationOf"]["same_body_suffixes"]
        self.same_body = re.compile("(?:" + "|".join(map(re.escape, parts)) + ")+")
        ti = R["issuedBy"]["title_issuers"]
        self.joiners = tuple(ti["joiners"])
        self.after = tuple(ti["after"])
        self.issuer_types = tuple(T(x) for x in R["issuedBy"]["object_types"])

    def relations(self, entities: dict[str, Entity], found: list[Relation], sentences: list[Sentence]) -> list[Relation]:
        out: list[Relation] = []
        have = {(r.subject, r.predicate.value, r.object) for r in found}

        def add(subject: Entity, predicate: str, obj: Entity, rule: str) -> None:
            k = (subject.key, predicate, obj.key)
            if k in have or subject.key == obj.key:
                return
            ev = _evidence(subject, sentences)
            if ev is None:
                return
            have.add(k)
            out.append(Relation(subject=subject.key, predicate=Predicate(predicate), object=obj.key, evidence=ev,
                                rule=rule))

        ents = sorted(entities.values(), key=lambda e: e.key)
        actors = [e for e in ents if e.type in ACTORS]
        places = [e for e in ents if e.type == T.Place]
        place_names = sorted(((n, p) for p in places for n in _names(p) if len(n) >= 2),
                             key=lambda np: (-len(np[0]), np[0], np[1].key))
        parents = self._parents(actors)
        for a, b, rule in parents:
            add(a, "subOrganizationOf", b, rule)
        parent_of = {a.key: [b for x, b, _ in parents if x is a] for a in actors}
        for e in ents:
            if e.type not in self.name_types and not (e.type == T.Place and e.kind == "Zone"):
                continue
            for place in self._places_in_name(e, place_names, parent_of.get(e.key, [])):
                add(e, "locatedIn", place, "name-states-place")
        for pol in (e for e in ents if e.type == T.Policy):
            for body in self._title_issuers(pol, actors):
                add(pol, "issuedBy", body, "title-names-issuers")
        return out

    def _parents(self, actors: list[Entity]) -> list[tuple[Entity, Entity, str]]:
        """(part, whole) where a name of the whole begins a longer name of the part; the closest whole only."""
        out = []
        for a in actors:
            best, best_len = None, 0
            for name in _names(a):
                for b in actors:
                    if b is a:
                        continue
                    for bn in _names(b):
                        if len(bn) >= 2 and len(name) > len(bn) and name.startswith(bn) and len(bn) > best_len \
                                and not self.same_body.fullmatch(name[len(bn):]) \
                                and not SECOND_NAME.fullmatch(name[len(bn):]):
                            best, best_len = b, len(bn)
            if best is not None:
                out.append((a, best, "name-extends-parent"))
        return out

    def _places_in_name(self, e: Entity, place_names, parents: list[Entity]) -> list[Entity]:
        """Places of the document that begin the name, or begin what the name adds to a parent's name."""
        found: dict[str, Entity] = {}
        for name in _names(e):
            after_parent = {len(pn) for p in parents for pn in _names(p) if name.startswith(pn)}
            # 甲科技(乙市)有限公司: the place in brackets inside a firm's name
            starts = {0} | after_parent | {m.end() for m in BRACKET_OPEN.finditer(name) if 0 < m.start()}
            here: dict[int, Entity] = {}
            for i in sorted(starts):
                if name.startswith(self.not_places, i):
                    continue
                for pname, place in place_names:
                    if place is not e and name.startswith(pname, i) and len(name) > i + len(pname):
                        here[i] = place
                        break
            if 0 in here and any(i in here for i in after_parent if i > 0):
                # 甲市银行乙市分行: 甲市 is where the parent is; the branch is where its own part says
                del here[0]
            for place in here.values():
                found.setdefault(place.key, place)
        # 甲市银行乙区支行 states two places: the part lies in the more specific one
        codes = {k: p.attributes.get("adminCode") for k, p in found.items()}
        gaz = gazetteer() if len(found) > 1 else None
        keep = [k for k in sorted(found) if not (codes[k] and any(
            o != k and c and c != codes[k] and gaz.within(c, codes[k]) for o, c in codes.items()))]
        return [found[k] for k in keep]

    def _title_issuers(self, pol: Entity, actors: list[Entity]) -> list[Entity]:
        """The bodies a joint document's title opens with, each followed by a joiner, 关于 …, or the next body."""
        bodies = sorted(((n, a) for a in actors if a.type in self.issuer_types for n in _names(a) if len(n) >= 2),
                        key=lambda na: (-len(na[0]), na[0], na[1].key))
        for title in _names(pol):
            i, got = 0, []
            while True:
                hit = next(((n, a) for n, a in bodies if title.startswith(n, i)), None)
                if hit is None:
                    break
                got.append(hit[1])
                i += len(hit[0])
                while title.startswith(self.joiners, i):
                    i += len(next(j for j in self.joiners if title.startswith(j, i)))
            if got and title.startswith(self.after, i) or len(got) >= 2:
                return list({a.key: a for a in got}.values())
        return []
