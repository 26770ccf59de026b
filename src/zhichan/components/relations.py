"""Pipeline component ``zhichan_relations``: names in sentences → relations between them.

Input: a ``Doc`` with sentences and ``doc.spans["zhichan_entities"]``. Output:
``doc.user_data["zhichan_relations"]``, a list of ``(subject (start, end, type), predicate,
object (start, end, type), sentence start, rule)``.

Two families of rules, both driven by ``extract/triggers.json``:
- sentence structures: X 制定《A》《B》 (issuedBy), X 会同 Y、Z 签署《C》 (signatory), X 开展 “D”
  (organizedBy), X 推出 “E贷” (offeredBy), X 为 Y 发放贷款 / Y 引入 X 与 Z (fundedBy), X 成立 Y
  (subOrganizationOf), 在 P 设立 X (locatedIn); a sentence that starts with a verb carries over the
  actor of the sentence before, and 该行/该局/其 point back to the last body of that kind;
- names inside names: 青岛农商银行城阳支行 is part of 青岛农商银行 and located in 城阳; a program
  named after its organiser (国家知识产权局…名录) is organised by it.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..models import EntityType as T
from ..rules import cached_rules

ACTORS = (T.Agency, T.Organization, T.Company)
LEAD_IN = re.compile(r"^(?:[0-9]{4}年(?:[0-9]{1,2}月)?(?:以来|起|初|末|底)?|今年(?:以来)?|近年来|目前|同时|此外|其中|另外"
                     r"|截至[^,]{0,12}|自[^,]{0,12}起|在[^,]{1,30}?(?:支持|指导|领导|推动|帮助|关心|见证)下)?[,]?")
PRONOUNS = {"该行": (T.Company,), "该局": (T.Agency,), "该院": (T.Agency,), "该公司": (T.Company,),
            "该企业": (T.Company,), "该集团": (T.Company,), "该中心": (T.Agency, T.Organization)}
NO_ORGANIZE = ("围绕", "依托", "借助", "利用", "参加", "参与", "按照", "根据", "落实", "贯彻", "响应", "服务于", "对接", "入选", "将")
COORD_START = ("联合", "会同", "与", "协同", "携手", "并")
CLAUSE = re.compile(r"[,;:。]")


class Sent:
    def __init__(self, start, end, text, spans):
        self.start, self.end, self.text = start, end, text
        self.spans = spans  # candidates inside, sorted by start


def _maximal(spans, types):
    sel = [s for s in spans if s.type in types and not s.attrs.get("alias_only")]
    return [s for s in sel if not any(o is not s and o.type in types and o.start <= s.start and s.end <= o.end
                                      and (o.end - o.start) > (s.end - s.start) for o in sel)]


class RelationFinder:
    def __init__(self, rules):
        t = rules.triggers
        self.t = t
        self.issue, self.sign, self.organize = t["issue"], t["sign"], t["organize"]
        self.award, self.launch, self.establish = t["award"], t["launch"], t["establish"]
        self._place_actor = False

    def find(self, text: str, sents: list[tuple[int, int]], cands) -> list[tuple]:
        out: list[tuple] = []
        cands = sorted(cands, key=lambda c: (c.start, -c.end))
        prev_subject = None
        prev_para_end = -1
        history: list = []  # actors seen so far, for 该行 / 其
        for s_start, s_end in sents:
            stext = text[s_start:s_end]
            spans = [c for c in cands if s_start <= c.start and c.end <= s_end]
            sent = Sent(s_start, s_end, stext, spans)
            # the sentence before ended a paragraph when a line break stands between the two
            para_break = prev_para_end < 0 or "\n" in text[max(0, prev_para_end - 1):s_start + 1]
            subject = self.subject(text, sent, history)
            carried = False
            lead = LEAD_IN.match(sent.text)
            starts_coord = sent.text[lead.end() if lead else 0:].startswith(COORD_START)
            self._place_actor = subject == "PLACE"
            if subject == "PLACE":
                subject = None  # a place as actor (崂山区出台…) takes no relation (ANNOTATION)
            elif (subject is None or starts_coord) and not para_break and prev_subject is not None:
                subject, carried = prev_subject, True
            out += self.sentence_relations(text, sent, subject, carried, history)
            out += self.structure_relations(text, sent)
            actors = _maximal(spans, ACTORS)
            history += actors
            if subject is not None and not carried:
                prev_subject = subject
            elif subject is None:
                prev_subject = None
            prev_para_end = s_end
        out += self.document_relations(cands)
        seen, uniq = set(), []
        for r in out:
            k = (r[0].key, r[1], r[2].key)
            if k not in seen and r[0].key != r[2].key:
                seen.add(k)
                uniq.append(r)
        return uniq

    # ---------------------------------------------------------------- subject
    def subject(self, text, sent: Sent, history):
        lead = LEAD_IN.match(sent.text)
        offset = sent.start + (lead.end() if lead else 0)
        for word, types in PRONOUNS.items():
            if text.startswith(word, offset):
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
        if before and (text is None or not CLAUSE.search(text[before[-1].end:pos])):
            return before[-1]
        if subject is None and self._place_actor:
            return None  # the sentence's actor is a place: bodies in an earlier clause did not act
        return subject if subject is not None or not before else before[-1]

    def _trigger_before(self, text, sent, pos, words, stop=None, same_clause=False):
        """The last trigger word in the sentence before ``pos`` (its start), outside names, or None."""
        window = text[sent.start:pos]
        inside = [(s.start - sent.start, s.end - sent.start) for s in sent.spans]
        best = -1
        for w in words:
            i = window.rfind(w)
            while i >= 0 and any(a <= i < b for a, b in inside):
                i = window.rfind(w, 0, i)
            if i > best:
                best = i
        if best < 0:
            return None
        if stop and re.search(stop, window[best:]):
            return None
        if same_clause:
            gap = window[best:]
            for s in sent.spans:
                a, b = s.start - sent.start - best, s.end - sent.start - best
                if 0 <= a and b <= len(gap):
                    gap = gap[:a] + "X" * (b - a) + gap[b:]
            if CLAUSE.search(gap):
                return None
        return sent.start + best

    def sentence_relations(self, text, sent: Sent, subject, carried, history):
        out = []
        actors = _maximal(sent.spans, ACTORS)
        policies = _maximal(sent.spans, (T.Policy,))
        programs = _maximal(sent.spans, (T.Program,))
        products = _maximal(sent.spans, (T.LoanProduct,))
        places = [s for s in sent.spans if s.type == T.Place]
        ev = sent.start

        def rel(s, p, o, rule):
            if s is not None and o is not None:
                out.append((s, p, o, ev, rule))

        for pol in policies:
            sign_at = self._trigger_before(text, sent, pol.start, self.sign, stop=r"[。]")
            if sign_at is not None:
                parties = [a for a in actors if a.end <= sign_at and a.type in ACTORS]
                lead = text[sent.start:sent.start + 4]
                if subject is not None and (not parties or carried or lead.startswith(("联合", "会同", "与"))):
                    if subject not in parties:
                        parties.insert(0, subject)
                for a in parties:
                    rel(pol, "signatory", a, "sign-verb")
                continue
            issue_at = self._trigger_before(text, sent, pol.start, self.issue)
            if issue_at is not None:
                agent = self._actor_before(actors, issue_at, subject, text)
                for body in [agent] + self._coordinated(text, actors, agent, issue_at):
                    if body is not None and body.type in (T.Agency, T.Organization):
                        rel(pol, "issuedBy", body, "issue-verb")
        for prog in programs:
            head_actor = next((a for a in sent.spans if a.type in (T.Agency, T.Organization) and a.start == prog.start
                               and a.end < prog.end), None)
            if head_actor is not None:
                rel(prog, "organizedBy", head_actor, "named-after-organiser")
                continue
            award_at = self._trigger_before(text, sent, prog.start, self.award, same_clause=True)
            org_at = self._trigger_before(text, sent, prog.start, self.organize, same_clause=True)
            by = re.search(r"被([^被,;。]{2,24}?)(?:评为|评选为|确定为|认定为|授予)$", text[sent.start:prog.start])
            if by:
                giver = next((a for a in actors if a.start >= sent.start + by.start(1) and a.end <= prog.start), None)
                if giver is not None:
                    rel(prog, "organizedBy", giver, "awarded-by")
                continue
            if award_at is not None and (org_at is None or award_at > org_at):
                continue
            if org_at is not None:
                agent = self._actor_before(actors, org_at, subject, text)
                rel(prog, "organizedBy", agent, "organize-verb")
                for partner in self._coordinated(text, actors, agent, org_at):
                    rel(prog, "organizedBy", partner, "organize-verb-jointly")
                continue
            if subject is not None and subject.end <= prog.start:
                between = text[subject.end:prog.start]
                if not any(w in between for w in NO_ORGANIZE) and "。" not in between:
                    rel(prog, "organizedBy", subject, "sentence-subject")
        for prod in products:
            # the lender is the bank (branch, insurer, guarantor) before the product, not the firm that borrows it
            before = [a for a in actors if a.end <= prod.start and a.type == T.Company]
            lenders = [a for a in before if _is_lender(a)]
            if lenders:
                lender = lenders[-1]
            elif subject is not None and subject.type == T.Company and (_is_lender(subject) or not before):
                lender = subject
            else:
                lender = before[-1] if before and self._trigger_before(text, sent, prod.start, self.launch,
                                                                       same_clause=True) else None
            if lender is not None:
                rel(prod, "offeredBy", lender, "launch-verb")
        # fundedBy: LENDER 为 X/其/企业 … 发放/提供 贷款
        # 为 as "for" (为其发放贷款), not inside 作为/成为/认为/称为/因为
        for m in re.finditer(r"(?<![作成认称因])为(?=(其|企业|该企业|该公司|[^,。]{2,20}?)(?:[^,。]{0,20}?),?(?:[^。]{0,30}?)(?:发放|提供|投放))", sent.text):
            lender = self._actor_before([a for a in actors if a.type == T.Company], sent.start + m.start(), subject)
            who = m.group(1)
            target = None
            if who in ("其", "企业", "该企业", "该公司"):
                target = next((a for a in reversed(history + actors) if a.type == T.Company and a is not lender
                               and a.end <= sent.start + m.start() and not _is_lender(a)), None)
            else:
                target = next((a for a in actors if a.start == sent.start + m.start(1)), None)
            if lender is not None and target is not None and lender.type == T.Company:
                rel(target, "fundedBy", lender, "lend-to")
        # LENDER 向 X 发放/提供 贷款: the lender before 向, the borrower right after it
        for m in re.finditer(r"向([^,。;]{2,30}?)(?:累计)?(?:发放|提供|投放|授信)", sent.text):
            lender = self._actor_before([a for a in actors if a.type == T.Company], sent.start + m.start(), None, text)
            borrower = next((a for a in actors if a.type == T.Company and a.start == sent.start + m.start(1)), None)
            if lender is not None and borrower is not None and lender is not borrower:
                rel(borrower, "fundedBy", lender, "lend-to")
        # X 位于/落户 PLACE
        for w in self.t.get("locate", []):
            for m in re.finditer(re.escape(w) + r"(?:在|于)?", sent.text):
                at = sent.start + m.end()
                place = next((p for p in places if p.start == at), None)
                thing = self._actor_before(actors, sent.start + m.start(), None, text)
                if place is not None and thing is not None:
                    rel(thing, "locatedIn", place, "located-verb")
        companies = [a for a in actors if a.type == T.Company]
        # X 获得/得到 Y(提供)的…贷款 / Y 授信 / Y 的资金支持: the giver is the body right after the verb
        for m in re.finditer(r"(?:得到|获得|获取)了?", sent.text):
            after = sent.start + m.end()
            giver = next((a for a in companies if a.start == after), None)
            if giver is None:
                continue
            rest = text[giver.end:sent.end]
            clause = rest[:CLAUSE.search(rest).start()] if CLAUSE.search(rest) else rest
            if not re.search(r"贷款|授信|融资|投资|资金|信贷|贷", clause):
                continue
            receiver = self._actor_before([a for a in companies if a is not giver], sent.start + m.start(), None, text)
            if receiver is not None:
                rel(receiver, "fundedBy", giver, "receive-funds")
        for m in re.finditer(r"(?:引入|吸引)", sent.text):
            at = sent.start + m.start()
            clause_start = sent.start + max((x.end() for x in re.finditer(r"[;。]", sent.text[:m.start()])), default=0)
            before = [a for a in companies if clause_start <= a.start and a.end <= at]
            end = sent.start + m.end() + (CLAUSE.search(sent.text[m.end():]).start() if CLAUSE.search(sent.text[m.end():]) else len(sent.text))
            if before:
                for a in companies:
                    if at < a.start and a.end <= end:
                        rel(before[-1], "fundedBy", a, "investor")
        # A 所属/下属/直属 B: B is part of A
        for a, b in zip(actors, actors[1:]):
            if re.fullmatch(r"(?:所属|下属|直属)(?:的)?", text[a.end:b.start]):
                rel(b, "subOrganizationOf", a, "part-of")
        # subOrganizationOf: A 成立/设立 B
        for b in actors:
            at = self._trigger_before(text, sent, b.start, self.establish, same_clause=True)
            if at is None or text[max(sent.start, at - 2):at] in ("推动", "推进", "促进") or re.search("[并。]", text[at:b.start]):
                continue
            a = self._actor_before([x for x in actors if x is not b], at, subject)
            if a is not None and a is not b:
                rel(b, "subOrganizationOf", a, "establish-verb")
                loc = re.search(r"在([^,。]{2,20}?)(?:设立|成立)", text[sent.start:b.start])
                if loc:
                    p = next((x for x in places if x.start == sent.start + loc.start(1)), None)
                    p = p or next((x for x in sent.spans if x.type == T.Place and x.start >= sent.start + loc.start(1)
                                   and x.end <= sent.start + loc.end(1)), None)
                    if p is not None:
                        rel(b, "locatedIn", p, "set-up-in")
        return out

    def _coordinated(self, text, actors, agent, pos):
        """Bodies acting together with ``agent`` before a verb at ``pos``: X联合Y、Z开展, X与Y共同举办."""
        if agent is None or CLAUSE.search(text[agent.end:pos]):
            return []
        coord = re.compile(r"(?:联合|会同|与|和|及|同|携手|、)")
        chain, first, last = [], agent, agent
        for a in reversed([x for x in actors if x.end <= agent.start]):
            if not coord.fullmatch(text[a.end:first.start]):
                break
            chain.append(a)
            first = a
        for a in actors:
            if a.start < last.end or a.end > pos:
                continue
            if coord.fullmatch(text[last.end:a.start]):
                chain.append(a)
                last = a
        return chain

    # ---------------------------------------------------------------- names inside names
    def structure_relations(self, text, sent: Sent):
        out = []
        spans = sent.spans
        actors = [s for s in spans if s.type in ACTORS and not s.attrs.get("alias_only")]
        for a in actors:
            inner = [o for o in actors if o is not a and a.start <= o.start and o.end <= a.end and (o.start, o.end) != (a.start, a.end)]
            top_inner = [o for o in inner if not any(x is not o and x.start <= o.start and o.end <= x.end and x in inner for x in inner)]
            parent = next((o for o in top_inner if o.start == a.start), None)
            if parent is not None:
                out.append((a, "subOrganizationOf", parent, sent.start, "name-contains-parent"))
        located = [s for s in spans if s.type in ACTORS + (T.Place,) and not s.attrs.get("alias_only")]
        for a in located:
            sub_actors = [o for o in actors if o is not a and a.start <= o.start and o.end <= a.end and (o.end - o.start) < (a.end - a.start)]
            inner_places = [p for p in spans if p.type == T.Place and p is not a and a.start <= p.start and p.end <= a.end
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
        # 青岛市崂山区: a lower area written right after its parent; 同和街道办事处新华里村 likewise
        places = sorted((s for s in spans if s.type == T.Place), key=lambda s: s.start)
        for p1, p2 in zip(places, places[1:]):
            if p1.end == p2.start and _level_rank(p2) > _level_rank(p1):
                out.append((p2, "locatedIn", p1, sent.start, "adjacent-places"))
        return out

    def document_relations(self, cands):
        out = []
        courts = [c for c in cands if c.type == T.Agency and c.text.endswith("中级人民法院")]
        for c in cands:
            if c.type == T.Agency and c.text.endswith("知识产权法庭") and courts:
                out.append((c, "subOrganizationOf", courts[0], c.sent_start, "ip-tribunal-of-intermediate-court"))
        return out


LEVELS = {"Province": 1, "PrefectureCity": 2, "Zone": 3, "District": 3, "County": 3, "CountyLevelCity": 3,
          "Township": 4, "Village": 5}


def _level_rank(span) -> int:
    return LEVELS.get(span.kind or "", 3)


def _is_lender(cand) -> bool:
    return cand.kind in ("Bank", "BankBranch", "Guarantor", "Insurer")


@Language.factory("zhichan_relations", assigns=["doc.user_data"], requires=["doc.spans", "token.is_sent_start"],
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
        doc.user_data["zhichan_relations"] = [
            ((s.start, s.end, s.type.value), p, (o.start, o.end, o.type.value), ev, rule) for s, p, o, ev, rule in rels]
        return doc

    return component
