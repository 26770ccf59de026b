"""Who received each honour, read from the sentences of one document at ingest.

Input: the pydantic ``Extraction`` of one document — its sentences, its entities (type, kind, admin code,
mentions with offsets) and its zc:organizedBy relations — and the rules of ``extract/recipients.json``
(loaded and checked by ``zhichan.rules``). Output: ``Recipient`` records (honour, recipient, sentence,
basis) and, from them, quads for the document's own named graph: ``<honour> zc:recipient <body>`` and an
``rdf:Statement`` carrying zc:sentence (the honour's sentence), zc:rule (the basis, ``same sentence`` or
``sentence before``) and prov:wasDerivedFrom, the shape every other relation has (``rdf._relation``).

The rules (queries/honours-by-recipient.rq read them from mention offsets across the whole store before;
computing them here once per document keeps that query a look-up):

1. same sentence — a candidate is a body of ``candidate_types`` (a place only when it is an
   administrative area, i.e. has an admin code) named before the honour in the honour's sentence, with a
   cue word between the two, not inside a longer name, not inside an open quote, not the honour's
   awarding body (zc:organizedBy) and not right after a passive marker (the agent of 被…). Every
   candidate with no clause break between it and the honour is a recipient; if there is none, the first
   candidate (by offset) is.
2. sentence before — when no such body at all (any ``candidate_types`` body outside quotes and longer
   names, whatever the cue, the marker or the awarding body) precedes the honour, and the honour's
   sentence does not open with a quotation mark (a name of its own), the body of ``subject_types`` that
   the sentence before opens with (its first such body, within ``subject_within`` characters of the
   start, the longest name starting there) is the recipient (公司拥有… / 先后获得…).

Entities are compared by IRI, as the store sees them (two keys that mint one IRI are one entity).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .rules import cached_recipient_rules
from .terms import ID_BASE, PROV, RDF, zc

if TYPE_CHECKING:  # annotations only
    import pyoxigraph as ox

    from .models import Extraction, Sentence

SAME_SENTENCE = "same sentence"
SENTENCE_BEFORE = "sentence before"
_PLACE = "Place"  # a place is a candidate only as an administrative area (it has an admin code)
_CODE = "adminCode"
_AWARDED_BY = "organizedBy"


@dataclass(frozen=True, order=True)
class Recipient:
    """One honour → recipient link, stated in the honour's sentence (by index) on the given basis."""

    honour: str  # IRI
    recipient: str  # IRI
    sentence: int
    basis: str


@dataclass(frozen=True, order=True)
class _Span:
    start: int
    end: int
    sentence: int
    iri: str


class _Reader:
    def __init__(self, x: Extraction, rules: dict):
        from .rdf import entity_iri  # rdf imports this module when it writes a graph

        self.cues, self.breaks = rules["cues"], rules["clause_breaks"]
        self.opens, self.closes = rules["quote_opens"], rules["quote_closes"]
        self.passive, self.within = tuple(rules["passive_markers"]), rules["subject_within"]
        honour_kinds, subject_types = set(rules["honour_kinds"]), set(rules["subject_types"])
        candidate_types = set(rules["candidate_types"])
        iri = {e.key: entity_iri(e.key).value for e in x.entities}
        classes: dict[str, set[str]] = {}
        coded: set[str] = set()
        for e in x.entities:
            classes.setdefault(iri[e.key], set()).update({e.type.value, e.kind} - {None})
            if e.attributes.get(_CODE):
                coded.add(iri[e.key])
        self.honours = {i for i, c in classes.items() if c & honour_kinds}
        self.subjects = {i for i, c in classes.items() if c & subject_types}
        self.candidates = {i for i, c in classes.items()
                           if c & (candidate_types - {_PLACE}) or _PLACE in c & candidate_types and i in coded}
        self.awarded = {(entity_iri(r.subject).value, entity_iri(r.object).value)
                        for r in x.relations if r.predicate.value == _AWARDED_BY}
        self.sentences = {s.index: s for s in x.sentences}
        self.spans: dict[int, list[_Span]] = {}
        for span in sorted({_Span(m.start, m.end, m.sentence, iri[e.key]) for e in x.entities for m in e.mentions}):
            self.spans.setdefault(span.sentence, []).append(span)

    # ------------------------------------------------------------------ text tests (SPARQL SUBSTR semantics)

    @staticmethod
    def _before(s: Sentence, pos: int) -> str:
        return s.text[:max(0, pos - s.start)]

    @staticmethod
    def _between(s: Sentence, start: int, end: int) -> str:
        return s.text[max(0, start - s.start):max(0, end - s.start)]

    def _in_quote(self, before: str) -> bool:
        """An opening mark with no closing mark after it: the name is part of a quoted title or name."""
        last_open = max(before.rfind(q) for q in self.opens)
        return last_open >= 0 and last_open > max(before.rfind(q) for q in self.closes)

    def _inside_longer(self, span: _Span) -> bool:
        return any(o.start <= span.start and span.end <= o.end and o.end - o.start > span.end - span.start
                   for o in self.spans.get(span.sentence, ()))

    # ------------------------------------------------------------------ the two rules

    def same_sentence(self, honour: _Span, s: Sentence) -> set[str]:
        found: list[tuple[int, str, bool]] = []
        for c in self.spans.get(s.index, ()):
            if c.iri not in self.candidates or c.end > honour.start or (honour.iri, c.iri) in self.awarded \
                    or self._inside_longer(c):
                continue
            before = self._before(s, c.start)
            if before.endswith(self.passive) or self._in_quote(before):
                continue
            between = self._between(s, c.end, honour.start)
            if not any(w in between for w in self.cues):
                continue
            found.append((c.start, c.iri, not any(b in between for b in self.breaks)))
        if not found:
            return set()
        unbroken = {i for _, i, ok in found if ok}
        first = min(start for start, _, _ in found)
        return unbroken or {i for start, i, _ in found if start == first}

    def sentence_before(self, honour: _Span, s: Sentence) -> set[str]:
        if s.text.startswith(tuple(self.opens)):
            return set()
        for c in self.spans.get(s.index, ()):
            if c.iri in self.candidates and c.end <= honour.start and not self._inside_longer(c) \
                    and not self._in_quote(self._before(s, c.start)):
                return set()  # a body precedes the honour: rule 1 decides
        prev = self.sentences.get(s.index - 1)
        spans = self.spans.get(s.index - 1, [])
        bodies = [p for p in spans if p.iri in self.subjects]
        if prev is None or not bodies:
            return set()
        first = min(p.start for p in bodies)
        if first - prev.start > self.within:
            return set()
        longest = max(p.end for p in spans if p.start == first)
        return {p.iri for p in bodies if p.start == first and p.end == longest}

    def recipients(self) -> list[Recipient]:
        basis: dict[tuple[str, str, int], str] = {}
        for spans in self.spans.values():
            for h in spans:
                s = self.sentences.get(h.sentence)
                if h.iri not in self.honours or s is None:
                    continue
                found = self.same_sentence(h, s)
                for r in found:
                    basis[(h.iri, r, s.index)] = SAME_SENTENCE
                if not found:
                    for r in self.sentence_before(h, s):
                        basis.setdefault((h.iri, r, s.index), SENTENCE_BEFORE)
        return sorted(Recipient(h, r, i, b) for (h, r, i), b in basis.items())


def recipients(x: Extraction, rules: dict | None = None) -> list[Recipient]:
    """The recipients of the honours of one document, sorted (see the module docstring for the rules)."""
    return _Reader(x, rules if rules is not None else cached_recipient_rules()).recipients()


def recipient_quads(x: Extraction, graph: ox.NamedNode, rules: dict | None = None) -> list[ox.Quad]:
    """The quads of ``recipients(x)`` in ``graph``: the plain triple and its ``rdf:Statement``."""
    import pyoxigraph as ox

    from .rdf import doc_iri, sentence_iri

    doc_id = x.document.id
    doc = doc_iri(doc_id)
    prop = ox.NamedNode(zc("recipient"))
    rdf = {name: ox.NamedNode(RDF + name) for name in ("type", "Statement", "subject", "predicate", "object")}
    sentence, rule, derived = ox.NamedNode(zc("sentence")), ox.NamedNode(zc("rule")), ox.NamedNode(PROV + "wasDerivedFrom")
    out: list[ox.Quad] = []
    for r in recipients(x, rules):
        s, o = ox.NamedNode(r.honour), ox.NamedNode(r.recipient)
        # minted like rdf._relation's statements: one per (subject, predicate, object, sentence)
        digest = hashlib.sha1(f"{r.honour}|recipient|{r.recipient}|{r.sentence}".encode()).hexdigest()[:12]
        st = ox.NamedNode(f"{ID_BASE}doc/{doc_id}/rel/{digest}")
        for t in ((s, prop, o), (st, rdf["type"], rdf["Statement"]), (st, rdf["subject"], s),
                  (st, rdf["predicate"], prop), (st, rdf["object"], o), (st, sentence, sentence_iri(doc_id, r.sentence)),
                  (st, rule, ox.Literal(r.basis)), (st, derived, doc)):
            out.append(ox.Quad(*t, graph))
    return out
