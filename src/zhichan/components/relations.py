"""Pipeline component ``zhichan_relations``: names in sentences → relations between them.

Input: a ``Doc`` with sentences and ``doc.spans["zhichan_entities"]``. Output:
``doc._.zhichan_relations``, a list of ``(subject (start, end, type), predicate,
object (start, end, type), sentence start, rule)``.

The vocabulary is data: ``extract/relations/<predicate>.json`` (one file per predicate) and
``extract/relations/context.json`` (lead-ins, pronouns, coordination), loaded and checked by
``rules.load_relation_rules``. Two families of rules:
- sentence structures: X 制定《A》《B》, 《A》由 X 制定 (issuedBy), X 会同 Y、Z 签署《C》 (signatory),
  X 开展 “D”、“E” (organizedBy), X 推出 “F贷” (offeredBy), X 为/向/对 Y 发放贷款, X 授信 Y, Y 获得 X 的贷款,
  Y 通过/从 X 获贷, Y 与 X 签订贷款合同, Y 引入 X (fundedBy), X 成立 Y, X 所属 Y, Y 隶属于 X
  (subOrganizationOf), 在 P 设立 X, X 位于 P, X 在 P 举行 Y (locatedIn); a sentence that starts with a verb
  carries over the actor of the sentence before, a clause opening with 联合 adds the body that leads the
  sentence, and pronouns (该行, 该局 …) point back to the last body of that kind;
- names inside names: a branch whose name extends its bank's name is part of the bank and located in
  the place its name gives; a program named after its organiser is organised by it.
Relations a resolved name states by itself across the document are added later by ``implied``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..models import EntityType as T
from ..rules import cached_rules

ACTORS = (T.Agency, T.Organization, T.Company)


def _alt(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _none_of(chars) -> str:
    """A character class body (for ``[^…]``) of single characters."""
    return "".join(re.escape(c) for c in chars)


class Sent:
    def __init__(self, start, end, text, spans):
        self.start, self.end, self.text = start, end, text
        self.spans = spans  # candidates inside, sorted by start


def _maximal(spans, types):
    """The spans of ``types`` that no longer one of them contains, in their order (one sweep, not all pairs:
    a sentence listing hundreds of names must not cost their square)."""
    sel = [s for s in spans if s.type in types and not s.attrs.get("alias_only")]
    order = sorted(range(len(sel)), key=lambda i: (sel[i].start, -sel[i].end))
    keep: set[int] = set()
    max_end = -1  # the furthest end among spans that start no later (and, at one start, end later)
    i = 0
    while i < len(order):
        first = sel[order[i]]
        j = i
        while j < len(order) and (sel[order[j]].start, sel[order[j]].end) == (first.start, first.end):
            j += 1  # one extent, several spans: none contains another strictly
        if max_end < first.end:
            keep.update(order[i:j])
        max_end = max(max_end, first.end)
        i = j
    return [x for k, x in enumerate(sel) if k in keep]


def _covered(starts: list[int], ends: list[int], pos: int) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and pos < ends[k]


class _Within:
    """Spans indexed by start: those inside a name are found by bisection, in their original order."""

    def __init__(self, spans):
        self.items = sorted(enumerate(spans), key=lambda kv: (kv[1].start, kv[0]))
        self.starts = [s.start for _, s in self.items]

    def inside(self, a):
        lo, hi = bisect.bisect_left(self.starts, a.start), bisect.bisect_left(self.starts, a.end)
        return [s for _, s in sorted(((k, s) for k, s in self.items[lo:hi] if s.end <= a.end), key=lambda kv: kv[0])]


@dataclass
class _Proxy:
    """A pronoun (该行) standing in a sentence for a body named before it (``target``)."""
    start: int
    end: int
    type: T
    kind: str | None
    rule: str
    attrs: dict
    text: str
    sent_start: int
    target: object

    @property
    def key(self):
        return self.target.key


class RelationFinder:
    def __init__(self, rules):
        R = rules.relations
        ctx = R["context"]
        self.lead_in = re.compile(ctx["lead_in"])
        self.pronouns = {w: tuple(T(x) for x in types)
                         for w, types in sorted(ctx["pronouns"].items(), key=lambda kv: -len(kv[0]))}
        self.pronoun_heads = {w: tuple(heads) for w, heads in ctx["pronoun_heads"].items()}
        self.bank_anaphor = rules.bank_anaphor or "\uffff"
        self.pronoun_re = re.compile(_alt(self.pronouns)) if self.pronouns else None
        self.clause_re = re.compile(_alt(ctx["clause_marks"]))
        self.end = ctx["sentence_end"]
        self.min_policy_name = ctx["min_unquoted_policy_name"]
        self.passive_markers = ctx["passive_markers"]
        self.passive_reach = 8  # characters after the last agent where the verb must start (共同/联合 + verb)
        self.title_marks = "\u300a\u201c\""  # the opening marks of a title or a quoted name
        self.joint_starts = tuple(ctx["joint_starts"])
        # a clause that opens with a joining word, adverbs allowed before it (,并与Y签署 / ,还将联合Y开展)
        self.joint_open = re.compile(f"(?:{_alt(ctx['coordination_adverbs'])})*(?:{_alt(ctx['joint_starts'])})")
        # X将联合Y, 该行还将与Y: adverbs may stand before the joining word
        self.coord = re.compile(f"(?:{_alt(ctx['coordination_adverbs'])})*(?:{_alt(ctx['coordination'])})")
        E = re.escape(self.end)
        single_marks = _none_of(m for m in ctx["clause_marks"] if len(m) == 1)

        iss, sig, org = R["issuedBy"], R["signatory"], R["organizedBy"]
        self.issue, self.issuer_types = iss["verbs"], tuple(T(x) for x in iss["object_types"])
        self.adopt_markers, self.adopt_verbs = iss["adopted_by"]["markers"], iss["adopted_by"]["verbs"]
        self.sign, self.sign_joint = sig["verbs"], tuple(sig["joint_starts"])
        self.organize, self.award = org["verbs"], org["award_verbs"]
        # 以Y为引领 makes a body run Y; 以Y出资 only names the means (lexicons/entity_words.json, as for names)
        self.means_trigger, self.means_after = rules.words["means_trigger"], re.compile(rules.words["means_after_re"])
        self.awarded_by = re.compile(org["awarded_by"])
        self.give, self.give_not_after = org["giving"]["verbs"], tuple(org["giving"]["not_after"])
        self.back_references = tuple(sorted(org["back_references"], key=len, reverse=True))
        # 发行人为Y, 的原始权益人是Y: a role opening its clause (or after 的) and a copula, the body right after
        roles = org["roles"]
        self.role_is = re.compile(rf"(?:^|(?<=[{single_marks}的]))(?:{_alt(roles['names'])})(?:{_alt(roles['copula'])})")
        self.role_program_heads = tuple(roles["program_heads"])
        self.role_taken = re.compile(rf"(?:{_alt(roles['takes'])})(?:{_alt(roles['names'])})")
        self.not_organizing = org["not_organizing"]
        self.list_gap = re.compile(rf"(?:\s|{_alt(org['list_joiners'])})*")
        # 由X主办、Y承办的Z: a body, its role and a joining mark before the next body
        self.co_role = re.compile(rf"(?:{_alt(org['co_roles'])})(?:{_alt(org['list_joiners'])})")
        off = R["offeredBy"]
        self.launch, self.lender_kinds = off["verbs"], set(off["lender_kinds"])
        self.respectively = tuple(off["respectively"])

        sub = R["subOrganizationOf"]
        self.establish = sub["verbs"]
        self.establish_blocked = tuple(sub["not_after"])
        self.establish_stop = re.compile(_alt(sub["stops"]))
        self.part_of = re.compile(rf"(?:{_alt(sub['part_of'])})(?:{_alt(sub['part_of_tail'])})?")
        self.copula = re.compile(rf"(?:{_alt(sub['copula'])})")
        self.belongs_to = re.compile(rf"(?:{_alt(ctx['clause_marks'][:1])})?(?:{_alt(sub['belongs_to'])})")
        self.same_body = re.compile("(?:" + _alt(sub["same_body_suffixes"]) + ")+")
        self.tribunal_heads = tuple(sub["tribunals"]["tribunal_heads"])
        self.court_heads = tuple(sub["tribunals"]["court_heads"])
        self.part_heads = tuple(sub["bare_parts"]["part_heads"])
        self.whole_heads = tuple(sub["bare_parts"]["whole_heads"])

        loc = R["locatedIn"]
        self.locate = [re.compile(rf"{re.escape(w)}(?:{_alt(loc['particles'])})?") for w in loc["verbs"]]
        self.locate_attributive = tuple(loc["attributive"])
        up = loc["set_up_in"]
        self.held_in = tuple(w for w in up["markers"] if len(w) == 1)  # 在 right before the place
        self.set_up_in = re.compile(rf"(?:{_alt(up['markers'])})([^,{E}]{{2,20}}?)(?:{_alt(up['verbs'])})")
        ha = loc["held_after"]
        self.held_after_marks = tuple(ha["markers"])
        self.held_after_verb = re.compile(rf"[^{single_marks}]{{0,{ha['gap']}}}?(?:{_alt(ha['verbs'])})")

        fund = R["fundedBy"]
        lt = fund["lend_to"]
        self.lend_pronouns = set(lt["pronoun_borrowers"])
        self.partner_lender_kinds = set(lt["partner_kinds"])
        self.others_of_firm = tuple(lt["others_of_the_firm"])
        self.lend_markers = lt["markers"] + fund["lend_towards"]["markers"] + fund["direct"]["verbs"]
        not_after = "".join(f"(?<!{re.escape(w)})" for w in lt["not_after"])
        # 为X提供风险保障: what an insurer or a service gives is no loan
        not_funding = f"(?!{_alt(fund['not_funding'])})"
        # 为 as "for" (为其发放贷款), not inside 作为/成为/认为: the borrower right after it, a lending verb later
        self.lend_to = re.compile(
            rf"{not_after}(?:{_alt(lt['markers'])})(?=({_alt(lt['pronoun_borrowers'])}|[^,{E}]{{2,20}}?)"
            rf"(?:[^,{E}]{{0,20}}?),?(?:[^{E}]{{0,30}}?)(?:{_alt(lt['verbs'])}){not_funding})")
        tw = fund["lend_towards"]
        self.lend_towards = re.compile(
            rf"(?:{_alt(tw['markers'])})([^{single_marks}]{{1,30}}?)(?:{_alt(tw['adverbs'])})?"
            rf"[^{single_marks}]{{0,4}}?(?:{_alt(tw['verbs'])}){not_funding}")
        rc = fund["receive"]
        self.receive = re.compile(rf"(?:{_alt(rc['verbs'])})(?:{_alt(rc['aspect'])})?")
        self.loan_nouns = re.compile(_alt(rc["nouns"]))
        th = fund["through"]
        self.through = re.compile(_alt(th["markers"]))
        self.through_verbs = re.compile(_alt(th["verbs"]))
        self.through_backing = th["backing_after"]
        ct = fund["contract"]
        self.contract_markers = re.compile(rf"(?:{_alt(ct['markers'])})")
        self.contract = re.compile(rf"(?:{_alt(ct['verbs'])})[^{single_marks}]{{0,20}}?(?:{_alt(ct['nouns'])})")
        self.not_a_loan = ct["not_a_loan"]
        # X与LENDER签约,获得授信…: a signing without the loan named, and the loan received in the next clause
        self.contract_then = re.compile(
            rf"[^{single_marks}]{{0,6}}?(?:{_alt(ct['verbs'])})[^{single_marks}]{{0,20}}?[,;]"
            rf"(?:{_alt(ct['receive_adverbs'])})?(?:{_alt(rc['verbs'])})(?:{_alt(rc['aspect'])})?"
            rf"[^{single_marks}]{{0,12}}?(?:{_alt(rc['nouns'])})")
        self.direct = re.compile(_alt(fund["direct"]["verbs"]))
        iv = fund["invest"]
        self.invest = re.compile(_alt(iv["verbs"]))
        self.invest_stop = re.compile(_alt(iv["stops"]))
        self.round_verbs = tuple(iv["round_verbs"])
        self._place_actor = False
        self._cands: list = []
        self._last_program = None  # the last program named in an earlier sentence (活动由Y主办 refers to it)

    def find(self, text: str, sents: list[tuple[int, int]], cands) -> list[tuple]:
        out: list[tuple] = []
        cands = sorted(cands, key=lambda c: (c.start, -c.end))
        cands = [c for c in cands if not self._lender_joined_to_borrower(text, c, cands)]
        self._cands = cands  # names inside names, for the body a pronoun's head points to
        self._last_program = None
        self._product_lenders: dict = {}  # a product's name → its lender, for 通过“X贷”获得贷款 later on
        prev_subject = None
        prev_para_end = -1
        history: list = []  # actors seen so far, for pronouns
        for s_start, s_end in sents:
            stext = text[s_start:s_end]
            spans = [c for c in cands if s_start <= c.start and c.end <= s_end]
            spans = sorted(spans + self._pronoun_proxies(text, s_start, s_end, spans, history),
                           key=lambda c: (c.start, -c.end))
            sent = Sent(s_start, s_end, stext, spans)
            # the sentence before ended a paragraph when a line break stands between the two
            para_break = prev_para_end < 0 or "\n" in text[max(0, prev_para_end - 1):s_start + 1]
            subject = self.subject(text, sent, history)
            carried = False
            lead = self.lead_in.match(sent.text)
            starts_coord = sent.text[lead.end() if lead else 0:].startswith(self.joint_starts)
            self._place_actor = subject == "PLACE"
            if subject == "PLACE":
                subject = None  # a place as actor takes no relation (ANNOTATION)
            elif (subject is None or starts_coord) and not para_break and prev_subject is not None:
                subject, carried = prev_subject, True
            out += self.sentence_relations(text, sent, subject, carried, history)
            progs = _maximal(spans, (T.Program,))
            self._last_program = progs[-1] if progs else self._last_program
            out += self.structure_relations(text, sent)
            actors = _maximal(spans, ACTORS)
            history += actors
            if subject is not None and not carried:
                prev_subject = subject
            elif subject is None:
                prev_subject = None
            prev_para_end = s_end
        out += self.document_relations(cands)
        # a pronoun stood for a body named before it: the relation is that body's
        out = [(getattr(r[0], "target", r[0]), r[1], getattr(r[2], "target", r[2]), *r[3:]) for r in out]
        seen, uniq = set(), []
        for r in out:
            k = (r[0].key, r[1], r[2].key)
            if k not in seen and r[0].key != r[2].key:
                seen.add(k)
                uniq.append(r)
        return uniq

    def _pronoun_proxies(self, text, s_start, s_end, spans, history) -> list:
        """该行, 该院 … in the sentence, outside names: a stand-in at the pronoun's place for the last body
        of its kind named before it (a lender first for 该行), so that the pronoun acts, signs, lends or
        joins like the name it points back to; relations found on a stand-in are its body's."""
        out = []
        if self.pronoun_re is None:
            return out
        for m in self.pronoun_re.finditer(text, s_start, s_end):
            at = m.start()
            if any(c.start <= at < c.end for c in spans):
                continue
            # a pronoun opens its clause as its actor (该院与…签署); inside a clause only 该行 is read (获得该行
            # 授信): 了解该公司情况 names no actor
            opens = at == s_start or self.clause_re.fullmatch(text[at - 1:at])
            if not opens and not m.group(0).endswith(self.bank_anaphor):
                continue
            types = self.pronouns[m.group(0)]
            # the whole name, not the parent inside it: 记者从甲银行乙分行获悉,该行… is the branch
            before = [a for a in history if a.type in types] + [
                a for a in _maximal(spans, ACTORS) if a.type in types and a.end <= at]
            if not before:
                continue
            # 该院 after a court and its tribunal is the court: the body whose name ends in the pronoun's head
            heads = self.pronoun_heads.get(m.group(0))
            if heads and not text.endswith(heads, before[-1].start, before[-1].end):
                last = before[-1]  # its name may hold the body meant (…中级人民法院知识产权审判庭)
                inner = [c for c in self._cands if last.start <= c.start and c.end <= last.end
                         and (c.start, c.end) != (last.start, last.end) and c.type in types
                         and text.endswith(heads, c.start, c.end)]
                earlier = [a for a in before if text.endswith(heads, a.start, a.end)]
                if inner or earlier:
                    before = [min(inner, key=lambda c: (c.start, -c.end))] if inner else earlier
            target = before[-1]
            # 该行 is a lender; 该公司, 该企业 the firm a lender serves, unless no other firm was named
            lender = m.group(0).endswith(self.bank_anaphor)
            if T.Company in types:
                target = next((a for a in reversed(before) if self._is_lender(a) == lender), target)
            target = getattr(target, "target", target)
            out.append(_Proxy(at, at + len(m.group(0)), target.type, target.kind, "pronoun", {}, m.group(0),
                              s_start, target))
        return out

    # ---------------------------------------------------------------- subject
    def subject(self, text, sent: Sent, history):
        lead = self.lead_in.match(sent.text)
        offset = sent.start + (lead.end() if lead else 0)
        for word, types in self.pronouns.items():
            if text.startswith(word, offset):
                proxy = next((c for c in sent.spans if c.start == offset and isinstance(c, _Proxy)), None)
                if proxy is not None:
                    return proxy
                return next((a for a in reversed(history) if a.type in types), None)
        actors = _maximal(sent.spans, ACTORS)
        first = next((a for a in actors if a.start >= offset), None)
        place = next((p for p in sent.spans if p.type == T.Place and p.start == offset), None)
        if place is not None and (first is None or first.start > place.start) and not any(
                a.start == place.start for a in actors):
            return "PLACE"
        if first and first.start - offset <= 2:
            return first
        return None

    # ---------------------------------------------------------------- sentence structures
    def _actor_before(self, actors, pos, subject, text=None):
        """The actor of a verb at ``pos``: the nearest body before it in the same clause, else the subject."""
        before = [a for a in actors if a.end <= pos]
        if before and (text is None or not self.clause_re.search(text[before[-1].end:pos])):
            return before[-1]
        if subject is None and self._place_actor:
            return None  # the sentence's actor is a place: bodies in an earlier clause did not act
        if text is not None and self._place_acts(pos, text):
            return None  # 今年以来,X省实施Y计划: the clause's own actor is a place, not the body of an earlier clause
        return subject if subject is not None or not before else before[-1]

    def _place_acts(self, pos, text) -> bool:
        """A place, not after 在/于 and not inside a body's name, is the last name before the verb at ``pos``, with
        at most two characters (an adverb) and no clause mark between them: the clause's actor is that place."""
        names = [c for c in self._cands if c.end <= pos]
        if not names:
            return False
        last = max(names, key=lambda c: (c.end, c.end - c.start))
        return (last.type == T.Place and pos - last.end <= 2 and not self.clause_re.search(text[last.end:pos])
                and text[last.start - 1:last.start] not in self.held_in + self.held_after_marks
                and not any(c.start <= last.start and last.end <= c.end and c.type != T.Place for c in self._cands))

    def _trigger_before(self, text, sent, pos, words, stop=None, same_clause=False):
        """The last trigger word in the sentence before ``pos`` (its start), outside names, or None."""
        window = text[sent.start:pos]
        starts, ends = self._name_cover(sent)
        best = -1
        for w in words:
            i = window.rfind(w)
            while i >= 0 and _covered(starts, ends, i + sent.start):
                i = window.rfind(w, 0, i)
            if i > best:
                best = i
        if best < 0:
            return None
        if stop and stop in window[best:]:
            return None
        if same_clause and self.clause_re.search(self._mask(sent, window[best:], best)):
            return None
        return sent.start + best

    @staticmethod
    def _name_cover(sent):
        """The stretches of the sentence inside names, merged and sorted (computed once per sentence)."""
        cover = getattr(sent, "_cover", None)
        if cover is None:
            merged: list[list[int]] = []
            for a, b in sorted((s.start, s.end) for s in sent.spans):
                if merged and a <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], b)
                else:
                    merged.append([a, b])
            cover = ([a for a, _ in merged], [b for _, b in merged])
            try:
                sent._cover = cover
            except AttributeError:  # a slotted or frozen sentence record: recompute next time
                pass
        return cover

    @staticmethod
    def _mask(sent, gap, offset):
        """``gap`` (sentence text from ``offset``) with the names inside it blanked, so their marks do not count."""
        for s in sent.spans:
            a, b = s.start - sent.start - offset, s.end - sent.start - offset
            if 0 <= a and b <= len(gap):
                gap = gap[:a] + "X" * (b - a) + gap[b:]
        return gap

    def _lender_joined_to_borrower(self, text, c, cands) -> bool:
        """Whether ``c`` is a lender, 为/向/授信 and a borrower read as one name (the segmenter takes 分行为 as
        分|行为, and a firm's name may run on from a bank's)."""
        if c.type != T.Company:
            return False
        for y in cands:
            if y.start != c.start or y.end >= c.end or not self._is_lender(y):
                continue
            marker = next((w for w in self.lend_markers if text.startswith(w, y.end)), None)
            if marker and any(z.type == T.Company and z.start == y.end + len(marker) and z.end == c.end
                              for z in cands):
                return True
        return False

    def _joint_leader(self, text, sent, actors, agent, verb_at, subject) -> list:
        """X牵头…,联合Y、Z印发/开展: the verb's clause opens with a joining word, so the body that leads the
        sentence (its actor, else the last body of an earlier clause) acts too."""
        masked = self._mask(sent, text[sent.start:verb_at], 0)
        clause_start = sent.start + max((m.end() for m in self.clause_re.finditer(masked)), default=0)
        if agent is None or clause_start > agent.start or not self.joint_open.match(text, clause_start):
            return []
        leader = subject or next((a for a in reversed(actors) if a.end <= clause_start), None)
        return [leader] if leader is not None and leader is not agent else []

    def _passive(self, text, sent, pol, actors, rel) -> bool:
        """《…》由X(、Y)(共同)制定/签署: the bodies after the marker issued or signed the policy."""
        marker = next((w for w in self.passive_markers + self.adopt_markers if text.startswith(w, pol.end)), None)
        if marker is None:
            return False
        chain = []
        for a in actors:
            if a.start < pol.end + len(marker):
                continue
            if (not chain and a.start == pol.end + len(marker)) or (
                    chain and self.coord.fullmatch(text[chain[-1].end:a.start])):
                chain.append(a)
            else:
                break
        if not chain:
            return False
        verb_zone = self._clause_after(text, chain[-1].end, sent.end)[:self.passive_reach]
        if marker in self.adopt_markers and marker not in self.passive_markers:
            # 《…》经X审议通过: X adopted it; 经X审查后印发 names a reviewer, not the issuer
            cases = ((self.adopt_verbs, "issuedBy", "passive-adopt"),)
        else:
            cases = ((self.sign, "signatory", "passive-sign"), (self.issue, "issuedBy", "passive-issue"))
        for verbs, predicate, rule in cases:
            if any(v in verb_zone for v in verbs):
                for a in chain:
                    if predicate == "signatory" or a.type in self.issuer_types:
                        rel(pol, predicate, a, rule)
                return True
        return False

    def _passive_organisers(self, text, sent, prog, actors) -> list:
        """“X”活动由Y主办(、Z承办) / Y牵头组织: the bodies after the passive marker, each followed by an organising
        verb or role, run the program; a body in a later clause with its own role (,Z承办) too."""
        marker = next((w for w in self.passive_markers if text.startswith(w, prog.end)), None)
        if marker is None:
            return []
        out, pos = [], prog.end + len(marker)
        while True:
            chain = []
            for a in actors:
                if a.start < pos:
                    continue
                if (not chain and a.start == pos) or (chain and self.coord.fullmatch(text[chain[-1].end:a.start])):
                    chain.append(a)
                elif chain or a.start > pos:
                    break
            if not chain:
                break
            zone = self._clause_after(text, chain[-1].end, sent.end)
            if not any(v in zone[:self.passive_reach] for v in self.organize):
                break
            out += chain
            pos = chain[-1].end + len(zone) + 1  # the next clause: ,Z承办
        return out

    def _listed_after(self, gap: str) -> bool:
        """Whether ``gap`` (between two programs) continues a list: a joiner, then at most a short modifier
        without a verb of its own (开展“甲”,寄递渠道“乙”,以及…“丙”)."""
        joined = self.list_gap.match(gap).end()
        rest = gap[joined:]
        return (joined > 0 and len(rest) <= 16 and not self.clause_re.search(rest)
                and not any(w in rest for w in self.award + self.organize))

    def _lender_after(self, text, sent, prod, actors, products):
        """“X贷”是Y银行推出的…产品 / “X贷”由Y银行推出: a product that opens the sentence, its lender named after
        it before a launch verb (no other product between)."""
        if self.clause_re.search(text[sent.start:prod.start]) or any(
                p.start < prod.start for p in products if p is not prod):
            return None
        verb = min((i for w in self.launch for i in [text.find(w, prod.end, sent.end)] if i >= 0), default=None)
        if verb is None or any(prod.end <= p.start < verb for p in products if p is not prod):
            return None
        return next((a for a in actors if prod.end <= a.start and a.end <= verb and a.type == T.Company
                     and self._is_lender(a)), None)

    def _listed_lenders(self, text, lenders) -> list:
        """甲银行、乙银行等…: the lenders joined to the last one before the product (joining words or marks only)."""
        chain = [lenders[-1]]
        for a in reversed(lenders[:-1]):
            if not self.coord.fullmatch(text[a.end:chain[0].start]):
                break
            chain.insert(0, a)
        return chain

    def _each_lender(self, text, listed, prod, products) -> list:
        """The listed lenders that offer ``prod``: all of them, or with 分别 and as many products after the list
        as lenders, the one in its place (甲银行、乙银行分别推出“X贷”“Y贷”)."""
        after = [p for p in products if p.start >= listed[-1].end]
        if (len(after) == len(listed) and prod in after
                and any(w in text[listed[-1].end:after[0].start] for w in self.respectively)):
            return [listed[after.index(prod)]]
        return listed

    @staticmethod
    def _inside(x, names) -> bool:
        """Whether ``x`` lies within one of ``names`` (and is not that name itself)."""
        return any(n.start <= x.start and x.end <= n.end and (n.start, n.end) != (x.start, x.end) for n in names)

    def _plan_head(self, text: str, prog) -> bool:
        """The program is a plan, fund or product (``roles.program_heads``); a bracketed note after its head
        (“X专项计划(专精特新)”) is no part of it."""
        name = re.sub(r"\([^()]{1,8}\)$", "", text[prog.start:prog.end].strip(self.title_marks + "\u300b\u201d"))
        return name.endswith(self.role_program_heads)

    def _is_lender(self, cand) -> bool:
        return cand.kind in self.lender_kinds

    def sentence_relations(self, text, sent: Sent, subject, carried, history):
        out = []
        actors = _maximal(sent.spans, ACTORS)
        # an unquoted short policy name is a category (合作协议), not an instrument a body signs or issues
        policies = [p for p in _maximal(sent.spans, (T.Policy,))
                    if p.text[:1] in self.title_marks or len(p.text) >= self.min_policy_name]
        # a fund or product named only inside a policy's title (印发《X基金管理办法》) is what the policy is about:
        # the sentence's verbs act on the policy, not on it
        titles = [p for p in policies if p.text[:1] == self.title_marks[0]]
        programs = [x for x in _maximal(sent.spans, (T.Program,)) if not self._inside(x, titles)]
        products = [x for x in _maximal(sent.spans, (T.LoanProduct,)) if not self._inside(x, titles)]
        places = [s for s in sent.spans if s.type == T.Place]
        ev = sent.start

        def rel(s, p, o, rule):
            if s is not None and o is not None:
                out.append((s, p, o, ev, rule))

        for pol in policies:
            if self._passive(text, sent, pol, actors, rel):
                continue
            sign_at = self._trigger_before(text, sent, pol.start, self.sign, stop=self.end)
            if sign_at is not None:
                parties = [a for a in actors if a.end <= sign_at and a.type in ACTORS]
                # the parties stand in the clause of the verb (…沟通机制,将…纳入X与Y签署的《…》)
                masked = self._mask(sent, text[sent.start:sign_at], 0)
                clause_start = sent.start + max((m.end() for m in self.clause_re.finditer(masked)), default=0)
                parties = [a for a in parties if a.start >= clause_start] or parties
                lead = text[sent.start:sent.start + 4]
                if subject is not None and (not parties or carried or lead.startswith(self.sign_joint)):
                    if subject not in parties:
                        parties.insert(0, subject)
                elif parties:  # X开展…,并与Y签订《…》: the body leading the sentence signs with Y
                    parties[:0] = [a for a in self._joint_leader(text, sent, actors, parties[0], sign_at, subject)
                                   if a not in parties]
                for a in parties:
                    rel(pol, "signatory", a, "sign-verb")
                continue
            issue_at = self._trigger_before(text, sent, pol.start, self.issue)
            if issue_at is not None:
                agent = self._actor_before(actors, issue_at, subject, text)
                bodies = [agent] + self._coordinated(text, actors, agent, issue_at)
                bodies += self._joint_leader(text, sent, actors, agent, issue_at, subject)
                for body in bodies:
                    if body is not None and body.type in self.issuer_types:
                        rel(pol, "issuedBy", body, "issue-verb")
        organised: list[tuple] = []  # (program, organisers), for the programs listed after one
        for prog in programs:
            # Y在P举办/于P召开: the event written before its place takes place there
            mark = next((w for w in self.held_after_marks if text.startswith(w, prog.end)), None)
            if mark is not None:
                held = next((p for p in places if p.start == prog.end + len(mark)), None)
                if held is not None and self.held_after_verb.match(text, held.end):
                    rel(prog, "locatedIn", held, "held-after")
            by = self._passive_organisers(text, sent, prog, actors)
            if by:
                for a in by:
                    rel(prog, "organizedBy", a, "passive-organize")
                continue
            head_actor = next((a for a in sent.spans if a.type in (T.Agency, T.Organization) and a.start == prog.start
                               and a.end < prog.end), None)
            if head_actor is not None:
                rel(prog, "organizedBy", head_actor, "named-after-organiser")
                continue
            award_at = self._trigger_before(text, sent, prog.start, self.award, same_clause=True)
            org_at = self._trigger_before(text, sent, prog.start, self.organize, same_clause=True)
            # X授予Y“Z奖”: the body before an active giving verb gives the honour (被授予: Y received it)
            give_at = self._trigger_before(text, sent, prog.start, self.give, same_clause=True)
            if give_at is not None and (org_at is None or give_at > org_at) and not text.endswith(
                    self.give_not_after, sent.start, give_at):
                giver = self._actor_before(actors, give_at, subject, text)
                if giver is not None:
                    rel(prog, "organizedBy", giver, "give-verb")
                continue
            by = self.awarded_by.search(text[sent.start:prog.start])
            if by:
                giver = next((a for a in actors if a.start >= sent.start + by.start(1) and a.end <= prog.start), None)
                if giver is not None:
                    rel(prog, "organizedBy", giver, "awarded-by")
                continue
            if award_at is not None and (org_at is None or award_at > org_at):
                continue
            if (org_at is not None and text.startswith(self.means_trigger, org_at)
                    and org_at + len(self.means_trigger) == prog.start and not self.means_after.match(text[prog.end:])):
                continue  # 以专项资金1000万元出资: the program is what the body pays with, not one it runs
            if org_at is not None:
                agent = self._actor_before(actors, org_at, subject, text)
                rel(prog, "organizedBy", agent, "organize-verb")
                partners = self._coordinated(text, actors, agent, org_at)
                partners += [x for x in self._joint_leader(text, sent, actors, agent, org_at, subject)
                             if x not in partners]
                # 由X主办、Y承办的Z: the bodies before the agent, each with its role, organise Z too
                first = agent
                for a in reversed([x for x in actors if agent is not None and x.end <= agent.start]):
                    if not self.co_role.fullmatch(text[a.end:first.start]):
                        break
                    if a not in partners:
                        partners.append(a)
                    first = a
                for partner in partners:
                    rel(prog, "organizedBy", partner, "organize-verb-jointly")
                organised.append((prog, [a for a in [agent] + partners if a is not None]))
                # X在P举行/开展Y: the event takes place in P
                held = next((p for p in places if p.end <= org_at and (agent is None or p.start >= agent.end)
                             and text.startswith(self.held_in, p.start - 1) and not self.clause_re.search(
                                 self._mask(sent, text[p.end:org_at], 0))), None)
                if held is not None:
                    rel(prog, "locatedIn", held, "held-in")
                    # X区市场监管局在Y步行街开展…: a venue no gazetteer lists lies in the area the body's name gives
                    if agent is not None and held.kind == "Zone" and "adminCode" not in held.attrs and not any(
                            held.start <= p.start and p.end <= held.end and p is not held for p in places):
                        area = max((p for p in places if agent.start <= p.start and p.end <= agent.end),
                                   key=lambda p: (_level_rank(p), p.end), default=None)
                        if area is not None:
                            rel(held, "locatedIn", area, "venue-of-body")
                continue
            # 开展A,B,以及C: a program listed right after an organised one shares its organisers
            if organised and self._listed_after(text[organised[-1][0].end:prog.start]):
                for body in organised[-1][1]:
                    rel(prog, "organizedBy", body, "organize-verb-listed")
                organised.append((prog, organised[-1][1]))
                continue
            if subject is not None and subject.end <= prog.start:
                between = text[subject.end:prog.start]
                if not any(w in between for w in self.not_organizing) and self.end not in between:
                    rel(prog, "organizedBy", subject, "sentence-subject")
        # “X”活动启动。活动由Y主办,Z协办: the clause names the organisers of the program before it
        masked = self._mask(sent, sent.text, 0)
        lead = self.lead_in.match(sent.text)
        opens = [sent.start + (lead.end() if lead else 0)] + [sent.start + m.end() for m in self.clause_re.finditer(masked)]
        for at in opens:
            ref = next((w for w in self.back_references if text.startswith(w, at)
                        and not any(p.start <= at < p.end for p in sent.spans)), None)
            if ref is None:
                continue
            before = [p for p in programs if p.end <= at]
            prog = before[-1] if before else (self._last_program if not programs else None)
            # 活动 refers to an event named …活动, 大赛 to a contest: the reference's head ends the program's name
            if prog is None or not text.endswith(ref[-2:], prog.start, prog.end):
                continue
            stand_in = _Proxy(at, at + len(ref), T.Program, None, "back-reference", {}, ref, sent.start, prog)
            for a in self._passive_organisers(text, sent, stand_in, actors):
                rel(prog, "organizedBy", a, "passive-organize-back")
        # “X专项计划”…。该产品拟发行10亿元,发行人为Y,承销商为Z: the issuer (originator, manager) runs the plan
        for m in self.role_is.finditer(masked):
            body = next((a for a in actors if a.start == sent.start + m.end()), None)
            before = [p for p in programs if p.end <= sent.start + m.start()]
            prog = before[-1] if before else (self._last_program if not programs else None)
            if body is not None and prog is not None and self._plan_head(text, prog):
                rel(prog, "organizedBy", body, "role-is")
        # Y担任原始权益人的“X专项计划”, 由Y作为原始权益人, 以Y为原始权益人, …;Y担任计划管理人: the body before the role
        # takes it in the plan named right after it, else in the last plan named before it
        for m in self.role_taken.finditer(masked):
            body = next((a for a in actors if a.end == sent.start + m.start()), None)
            at = sent.start + m.end()
            after = [p for p in programs if p.start in (at, at + 1) and text[at:p.start] in ("", "的")]
            before = [p for p in programs if p.end <= sent.start + m.start()]
            prog = after[0] if after else before[-1] if before else (self._last_program if not programs else None)
            if body is not None and prog is not None and self._plan_head(text, prog):
                rel(prog, "organizedBy", body, "role-taken")
        for prod in products:
            # the lender is the bank (branch, insurer, guarantor) before the product, not the firm that borrows it
            before = [a for a in actors if a.end <= prod.start and a.type == T.Company]
            lenders = [a for a in before if self._is_lender(a)]
            if lenders:
                lender = lenders[-1]
                listed = self._listed_lenders(text, lenders)
                if len(listed) > 1:
                    for one in self._each_lender(text, listed, prod, products):
                        rel(prod, "offeredBy", one, "launch-verb-listed")
                    continue  # several lenders: a loan through the product names none of them
            elif subject is not None and subject.type == T.Company and (self._is_lender(subject) or not before):
                lender = subject
            else:
                lender = before[-1] if before and self._trigger_before(text, sent, prod.start, self.launch,
                                                                       same_clause=True) else None
            if lender is None:
                lender = self._lender_after(text, sent, prod, actors, products)
            if lender is not None:
                rel(prod, "offeredBy", lender, "launch-verb")
                self._product_lenders.setdefault(text[prod.start:prod.end], lender)
        companies = [a for a in actors if a.type == T.Company]
        out += [(s, p, o, ev, r) for s, p, o, r in self._funding(text, sent, subject, history, companies)]
        # X 位于/落户 PLACE
        for verb in self.locate:
            for m in verb.finditer(sent.text):
                at = sent.start + m.end()
                place = next((p for p in places if p.start == at), None)
                thing = self._actor_before(actors, sent.start + m.start(), None, text)
                # 位于P的X: the body the phrase describes follows it
                mark = next((w for w in self.locate_attributive if place is not None and text.startswith(w, place.end)),
                            None)
                after = next((a for a in actors if mark and a.start == place.end + len(mark)), None)
                thing = after or thing
                if place is not None and thing is not None:
                    rel(thing, "locatedIn", place, "located-verb")
        # A 所属/下属/直属 B: B is part of A
        for a, b in zip(actors, actors[1:]):
            if self.part_of.fullmatch(text[a.end:b.start]):
                rel(b, "subOrganizationOf", a, "part-of")
        # 在X市公安局指导下,涪城分局…: a part named without its parent's name belongs to the agency before it
        for b in actors:
            if b.type != T.Agency or not text.endswith(self.part_heads, b.start, b.end) or any(
                    c.type in ACTORS and b.start <= c.start and c.end <= b.end and (c.start, c.end) != (b.start, b.end)
                    for c in sent.spans):
                continue
            whole = next((a for a in reversed(actors) if a.end <= b.start and a.type == T.Agency
                          and text.endswith(self.whole_heads, a.start, a.end)
                          and not text.endswith(self.part_heads, a.start, a.end)), None)
            # X局与Y分局联合…: bodies joined as peers say nothing of their parts
            if whole is not None and not self.coord.fullmatch(text[whole.end:b.start]):
                rel(b, "subOrganizationOf", whole, "bare-part")
        # B 隶属于 A, B 是 A 下属(的)单位: B is part of A
        for a, b in zip(actors, actors[1:]):
            if self.belongs_to.fullmatch(text[a.end:b.start]) or (
                    self.copula.fullmatch(text[a.end:b.start]) and self.part_of.match(text, b.end)):
                rel(a, "subOrganizationOf", b, "belongs-to")
        # subOrganizationOf: A 成立/设立 B
        for b in actors:
            at = self._trigger_before(text, sent, b.start, self.establish, same_clause=True)
            if (at is None or text[max(sent.start, at - 2):at].endswith(self.establish_blocked)
                    or self.establish_stop.search(text[at:b.start])):
                continue
            # a body of an earlier clause (…与Y签署《Z》,并在P设立X) did not set X up: the sentence's actor did
            a = self._actor_before([x for x in actors if x is not b], at, subject, text)
            if a is not None and a is not b:
                rel(b, "subOrganizationOf", a, "establish-verb")
                loc = self.set_up_in.search(text[sent.start:b.start])
                if loc:
                    p = next((x for x in places if x.start == sent.start + loc.start(1)), None)
                    p = p or next((x for x in sent.spans if x.type == T.Place and x.start >= sent.start + loc.start(1)
                                   and x.end <= sent.start + loc.end(1)), None)
                    if p is not None:
                        rel(b, "locatedIn", p, "set-up-in")
        return out

    def _funding(self, text, sent: Sent, subject, history, companies):
        """(borrower, "fundedBy", lender, rule) for the loan and investment phrasings of the sentence."""
        out = []

        def borrower_before(pos, lender):
            """The last firm before ``pos`` that borrows (not a lender), in this sentence or an earlier one."""
            return next((a for a in reversed(history + companies) if a.type == T.Company and a is not lender
                         and a.end <= pos and not self._is_lender(a)), None)

        def joint_lenders(lender, at):
            """X联合Y(,)为Z发放: the body leading the chain lends; a partner joined to it lends only when it is a
            bank too (X与Y银行联合发放), not a guarantor or an insurer that backs the loan."""
            if lender is None:
                return []
            chain = [lender]
            for a in reversed([x for x in companies if x.end <= lender.start]):
                if not self.coord.fullmatch(text[a.end:chain[0].start]):
                    break
                chain.insert(0, a)
            # X作为牵头行,联合Y为Z提供银团贷款: the body leading the sentence lends, Y only when it is a bank too
            leader = [a for a in self._joint_leader(text, sent, companies, chain[0], at, subject)
                      if a.type == T.Company and a not in chain]
            return leader[:1] + [a for k, a in enumerate(chain) if (k == 0 and not leader)
                                 or a.kind in self.partner_lender_kinds]

        def listed_borrowers(first):
            """向A、B分别发放: the firms joined to the first borrower after it (no lender among them)."""
            chain = [first]
            for a in companies:
                if a.start >= chain[-1].end and self.coord.fullmatch(text[chain[-1].end:a.start]):
                    if self._is_lender(a):
                        break
                    chain.append(a)
                elif a.start >= chain[-1].end:
                    break
            return chain

        # LENDER 为 X/其/企业 … 发放/提供 贷款
        for m in self.lend_to.finditer(sent.text):
            at = sent.start + m.start()
            lender = self._actor_before(companies, at, subject)
            who = m.group(1)
            if who in self.lend_pronouns:
                target = borrower_before(at, lender)
            else:
                target = next((a for a in companies if a.start == sent.start + m.start(1)), None)
            if target is not None and text.startswith(self.others_of_firm, target.end):
                continue  # 为X公司的供应商提供贷款: the firm's suppliers borrow, not the firm
            if lender is not None and target is not None and lender.type == T.Company and lender is not target:
                # 甲公司为乙公司提供技术服务: a firm that is no lender funds only what the clause calls a loan
                if not self._is_lender(lender) and not self.loan_nouns.search(
                        self._clause_after(text, max(at, target.end), sent.end)):
                    continue
                targets = [target] if who in self.lend_pronouns else listed_borrowers(target)
                for one in joint_lenders(lender, at):
                    for borrower in targets:
                        if one is not borrower:
                            out.append((borrower, "fundedBy", one, "lend-to"))
        # LENDER 向 X/企业 发放/提供/授信: the lender before 向, the borrower right after it
        for m in self.lend_towards.finditer(sent.text):
            at = sent.start + m.start()
            lender = self._actor_before(companies, at, None, text)
            if sent.text.startswith(tuple(self.lend_pronouns), m.start(1)):
                borrower = borrower_before(at, lender)
            else:
                borrower = next((a for a in companies if a.start == sent.start + m.start(1)), None)
            if borrower is not None and text.startswith(self.others_of_firm, borrower.end):
                continue
            if lender is not None and borrower is not None and lender is not borrower:
                borrowers = listed_borrowers(borrower) if borrower.start == sent.start + m.start(1) else [borrower]
                for one in joint_lenders(lender, at):
                    for b in borrowers:
                        if one is not b:
                            out.append((b, "fundedBy", one, "lend-to"))
        # LENDER 授信 X: the borrower right after the verb
        for m in self.direct.finditer(sent.text):
            borrower = next((a for a in companies if a.start == sent.start + m.end()), None)
            lender = self._actor_before(companies, sent.start + m.start(), None, text)
            if borrower is not None and lender is not None and lender is not borrower and self._is_lender(lender):
                out.append((borrower, "fundedBy", lender, "lend-direct"))
        # X 获得/得到 Y(提供)的…贷款 / Y 授信: the giver is the body right after the verb
        for m in self.receive.finditer(sent.text):
            after = sent.start + m.end()
            giver = next((a for a in companies if a.start == after), None)
            if giver is None or not self.loan_nouns.search(self._clause_after(text, giver.end, sent.end)):
                continue
            receiver = self._actor_before([a for a in companies if a is not giver], sent.start + m.start(), None, text)
            if receiver is not None:
                out.append((receiver, "fundedBy", giver, "receive-funds"))
        # X 通过 LENDER 获得贷款 / 获贷
        for m in self.through.finditer(sent.text):
            after = sent.start + m.end()
            lender = next((a for a in companies if a.start == after), None)
            product = None
            if lender is None:
                # X通过“Y贷”获得贷款: the lender of the product, when the document named one
                product = next((p for p in sent.spans if p.type == T.LoanProduct and p.start == after), None)
                lender = self._product_lenders.get(text[product.start:product.end]) if product is not None else None
            if lender is None:
                continue
            rest = self._clause_after(text, (product or lender).end, sent.end)
            if not (self.through_verbs.search(rest) and self.loan_nouns.search(rest)):
                continue
            # 经X担保,从Y获得贷款: the firm backing the loan is no borrower
            borrower = self._actor_before([a for a in companies if a is not lender and not text.startswith(
                tuple(self.through_backing), a.end)], sent.start + m.start(), None, text)
            if borrower is not None and not self._is_lender(borrower):
                out.append((borrower, "fundedBy", lender, "loan-through"))
        # X 与 LENDER 签订…贷款合同 (either order): the lender funds the other firm
        for a, b in zip(companies, companies[1:]):
            if not self.contract_markers.fullmatch(text[a.end:b.start]):
                continue
            deal = self.contract.search(self._clause_after(text, b.end, sent.end))
            if deal and any(w in self._clause_after(text, b.end + deal.start(), sent.end) for w in self.not_a_loan):
                continue
            if not deal and not self.contract_then.match(text, b.end, sent.end):
                continue
            if self._is_lender(b) and not self._is_lender(a):
                out.append((a, "fundedBy", b, "loan-contract"))
                # A、B分别与LENDER签约: the firms joined before the one next to the lender borrow too
                k = companies.index(a)
                while k > 0 and self.coord.fullmatch(text[companies[k - 1].end:companies[k].start]) \
                        and not self._is_lender(companies[k - 1]):
                    k -= 1
                    out.append((companies[k], "fundedBy", b, "loan-contract"))
            elif self._is_lender(a) and not self._is_lender(b):
                out.append((b, "fundedBy", a, "loan-contract"))
        # X 完成…融资,由 Y 领投、Z 跟投: each investor of a round funds the sentence's firm
        firm = subject if subject is not None and subject.type == T.Company else (companies[0] if companies else None)
        for a in companies:
            if firm is not None and a is not firm and a.start > firm.end and text.startswith(self.round_verbs, a.end):
                out.append((firm, "fundedBy", a, "investor-round"))
        # X 引入/吸引 Y、Z: investors of the firm before the verb, in its clause
        for m in self.invest.finditer(sent.text):
            at = sent.start + m.start()
            clause_start = sent.start + max((x.end() for x in self.invest_stop.finditer(sent.text[:m.start()])),
                                            default=0)
            before = [a for a in companies if clause_start <= a.start and a.end <= at]
            end = sent.start + m.end() + len(self._clause_after(sent.text, m.end(), len(sent.text)))
            if before:
                for a in companies:
                    if at < a.start and a.end <= end:
                        out.append((before[-1], "fundedBy", a, "investor"))
        return out

    def _clause_after(self, text, start, end):
        """The text from ``start`` to the end of its clause (at most ``end``)."""
        rest = text[start:end]
        m = self.clause_re.search(rest)
        return rest[:m.start()] if m else rest

    def _coordinated(self, text, actors, agent, pos):
        """Bodies acting together with ``agent`` before a verb at ``pos``: X联合Y、Z开展, X与Y共同举办."""
        if agent is None or self.clause_re.search(text[agent.end:pos]):
            return []
        chain, first, last = [], agent, agent
        for a in reversed([x for x in actors if x.end <= agent.start]):
            if not self.coord.fullmatch(text[a.end:first.start]):
                break
            chain.append(a)
            first = a
        for a in actors:
            if a.start < last.end or a.end > pos:
                continue
            if self.coord.fullmatch(text[last.end:a.start]):
                chain.append(a)
                last = a
        return chain

    # ---------------------------------------------------------------- names inside names
    def structure_relations(self, text, sent: Sent):
        out = []
        spans = sent.spans
        actors = [s for s in spans if s.type in ACTORS and not s.attrs.get("alias_only")]
        actors_within, spans_within = _Within(actors), _Within(spans)
        for a in actors:
            inner = [o for o in actors_within.inside(a) if o is not a and (o.start, o.end) != (a.start, a.end)]
            top_inner = [o for o in inner if not any(x is not o and x.start <= o.start and o.end <= x.end for x in inner)]
            parent = next((o for o in top_inner if o.start == a.start), None)
            # X有限公司 is X itself, not a part of it
            if parent is not None and not self.same_body.fullmatch(text[parent.end:a.end]):
                out.append((a, "subOrganizationOf", parent, sent.start, "name-contains-parent"))
        located = [s for s in spans if s.type in ACTORS + (T.Place,) and not s.attrs.get("alias_only")]
        for a in located:
            sub_actors = [o for o in actors_within.inside(a) if o is not a and (o.end - o.start) < (a.end - a.start)]
            inner_places = [p for p in spans_within.inside(a) if p.type == T.Place and p is not a
                            and (p.start, p.end) != (a.start, a.end)]
            for p in inner_places:
                if any(q is not p and q.start <= p.start and p.end <= q.end and (q.end - q.start) > (p.end - p.start)
                       for q in inner_places):
                    continue
                if any(o.start <= p.start and p.end <= o.end for o in sub_actors):
                    continue
                if a.type == T.Place and a.kind not in ("Zone", "Township", "Village"):
                    continue
                out.append((a, "locatedIn", p, sent.start, "name-contains-place"))
        # a lower area written right after its parent (甲市乙区, 乙街道丙村)
        places = sorted((s for s in spans if s.type == T.Place), key=lambda s: s.start)
        for p1, p2 in zip(places, places[1:]):
            if p1.end == p2.start and _level_rank(p2) > _level_rank(p1):
                out.append((p2, "locatedIn", p1, sent.start, "adjacent-places"))
        return out

    def document_relations(self, cands):
        out = []
        courts = [c for c in cands if c.type == T.Agency and c.text.endswith(self.court_heads)]
        for c in cands:
            if c.type == T.Agency and c.text.endswith(self.tribunal_heads) and courts:
                out.append((c, "subOrganizationOf", courts[0], c.sent_start, "ip-tribunal-of-intermediate-court"))
        return out


LEVELS = {"Province": 1, "PrefectureCity": 2, "Zone": 3, "District": 3, "County": 3, "CountyLevelCity": 3,
          "Township": 4, "Village": 5}


def _level_rank(span) -> int:
    return LEVELS.get(span.kind or "", 3)


@Language.factory("zhichan_relations", assigns=["doc._.zhichan_relations"],
                  requires=["doc.spans", "span._.entity", "token.is_sent_start"],
                  default_config={"rules_dir": None})
def make_relations(nlp: Language, name: str, rules_dir: str | None):
    finder = RelationFinder(cached_rules(rules_dir))

    def component(doc: Doc) -> Doc:
        cands = []
        for span in doc.spans.get("zhichan_entities", []):
            c = span._.entity
            c.text = span.text
            c.sent_start = span.sent.start_char
            cands.append(c)
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        rels = finder.find(doc.text, sents, cands)
        doc._.zhichan_relations = [
            ((s.start, s.end, s.type.value), p, (o.start, o.end, o.type.value), ev, rule) for s, p, o, ev, rule in rels]
        return doc

    return component
