"""Stage 4: pydantic models → RDF quads, one named graph per document.

Input: an ``Extraction``. Output: a list of ``pyoxigraph.Quad`` in the graph
``id/graph/<doc-id>``. The shapes are fixed in ``docs/design.md``: entities keep their type and
labels in every document graph that mentions them (one IRI across documents, minted from the
entity key), relations are plain triples plus an ``rdf:Statement`` that carries the evidence
sentence, observations follow the RDF Data Cube with PROV-O and NIF provenance. No blank nodes:
everything a researcher may cite has a deterministic IRI.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .terms import DCT, ID_BASE, NIF, ONTOLOGY_NS, PREFIXES, PROV, QB, RDF, RDFS, SCHEMA, SKOS, XSD  # noqa: F401

if TYPE_CHECKING:  # annotations only: importing the pydantic models costs start-up time
    from .models import Entity, Extraction, Mention, Observation, Relation



def zc(name: str) -> ox.NamedNode:
    return ox.NamedNode(ONTOLOGY_NS + name)


def _n(ns: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(ns + name)


A = _n(RDF, "type")
PREF, ALT, LABEL = _n(SKOS, "prefLabel"), _n(SKOS, "altLabel"), _n(RDFS, "label")
DERIVED = _n(PROV, "wasDerivedFrom")
BEGIN, END, ANCHOR = _n(NIF, "beginIndex"), _n(NIF, "endIndex"), _n(NIF, "anchorOf")


def iri_name(text: str) -> str:
    """A canonical name as the last IRI segment: Han characters, letters and digits kept."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"[^\w\-]+", "", s)
    return s or hashlib.sha1(text.encode()).hexdigest()[:12]


def entity_iri(key: str) -> ox.NamedNode:
    """``Place:code:370212`` → id/place/370212; ``Agency:青岛市海关`` → id/agency/青岛市海关."""
    type_, _, name = key.partition(":")
    if name.startswith("code:"):
        return ox.NamedNode(f"{ID_BASE}{type_.lower()}/{name[5:]}")
    return ox.NamedNode(f"{ID_BASE}{type_.lower()}/{iri_name(name)}")


def doc_iri(doc_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID_BASE}doc/{doc_id}")


def graph_iri(doc_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID_BASE}graph/{doc_id}")


def sentence_iri(doc_id: str, index: int) -> ox.NamedNode:
    return ox.NamedNode(f"{ID_BASE}doc/{doc_id}/s/{index}")


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_n(XSD, "integer"))


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def decimal_literal(value: Decimal) -> ox.Literal:
    v = value.normalize()
    text = format(v, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return ox.Literal(text if "." in text else text, datatype=_n(XSD, "decimal"))


def period_literal(period: str) -> ox.Literal:
    if re.fullmatch(r"\d{4}", period):
        return ox.Literal(period, datatype=_n(XSD, "gYear"))
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return ox.Literal(period, datatype=_n(XSD, "gYearMonth"))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", period):
        return ox.Literal(period, datatype=_n(XSD, "date"))
    return ox.Literal(period)


class _Graph:
    def __init__(self, graph: ox.NamedNode):
        self.graph = graph
        self.quads: set[ox.Quad] = set()

    def add(self, s, p, o) -> None:
        self.quads.add(ox.Quad(s, p, o, self.graph))


def _mention(g: _Graph, doc_id: str, doc: ox.NamedNode, m: Mention, target: ox.NamedNode) -> None:
    # one span may name two things (青岛 the place inside 青岛海关 is another span, but 市 in a
    # compound can be read twice): the entity's type keeps mention IRIs apart
    kind = target.value[len(ID_BASE):].split("/", 1)[0]
    node = ox.NamedNode(f"{ID_BASE}doc/{doc_id}/m/{m.start}-{m.end}/{kind}")
    g.add(node, A, zc("Mention"))
    g.add(node, zc("denotes"), target)
    g.add(node, ANCHOR, ox.Literal(m.text))
    g.add(node, BEGIN, _int(m.start))
    g.add(node, END, _int(m.end))
    g.add(node, zc("sentence"), sentence_iri(doc_id, m.sentence))
    g.add(node, DERIVED, doc)


def _entity(g: _Graph, doc_id: str, doc: ox.NamedNode, e: Entity) -> None:
    node = entity_iri(e.key)
    g.add(node, A, zc(e.type.value))
    if e.kind:
        g.add(node, A, zc(e.kind))
    g.add(node, PREF, _zh(e.label))
    g.add(node, LABEL, _zh(e.label))
    for alias in e.aliases:
        if alias != e.label:
            g.add(node, ALT, _zh(alias))
    for name, value in sorted(e.attributes.items()):
        g.add(node, zc(name), _zh(value) if name == "role" else ox.Literal(value))
    for m in e.mentions:
        _mention(g, doc_id, doc, m, node)


def statement_iri(doc_id: str, r: Relation) -> ox.NamedNode:
    """The relation's ``rdf:Statement``: id/doc/<doc-id>/rel/<hash of subject, predicate, object, sentence>."""
    digest = hashlib.sha1(f"{r.subject}|{r.predicate.value}|{r.object}|{r.evidence.sentence}".encode()).hexdigest()[:12]
    return ox.NamedNode(f"{ID_BASE}doc/{doc_id}/rel/{digest}")


def _relation(g: _Graph, doc_id: str, doc: ox.NamedNode, r: Relation) -> None:
    s, p, o = entity_iri(r.subject), zc(r.predicate.value), entity_iri(r.object)
    g.add(s, p, o)
    st = statement_iri(doc_id, r)
    g.add(st, A, _n(RDF, "Statement"))
    g.add(st, _n(RDF, "subject"), s)
    g.add(st, _n(RDF, "predicate"), p)
    g.add(st, _n(RDF, "object"), o)
    g.add(st, zc("sentence"), sentence_iri(doc_id, r.evidence.sentence))
    g.add(st, zc("rule"), ox.Literal(r.rule))
    g.add(st, DERIVED, doc)


def obs_iri(doc_id: str, obs_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID_BASE}doc/{doc_id}/obs/{obs_id}")


METRIC_SCHEME = ox.NamedNode(f"{ID_BASE}metric")


def metric_iri(name: str) -> ox.NamedNode:
    """The measure's concept: id/metric/<normalised name>, the same IRI in every document that states it."""
    return ox.NamedNode(f"{ID_BASE}metric/{iri_name(name)}")


def _metric_concept(g: _Graph, o: Observation, qualified: Observation | None) -> ox.NamedNode:
    node = metric_iri(o.metric_concept)
    g.add(node, A, _n(SKOS, "Concept"))
    g.add(node, _n(SKOS, "inScheme"), METRIC_SCHEME)
    g.add(node, PREF, _zh(o.metric_concept))
    if o.metric and o.metric != o.metric_concept:
        g.add(node, ALT, _zh(o.metric))
    if qualified is not None and qualified.metric_concept and qualified.metric_concept != o.metric_concept:
        g.add(node, _n(SKOS, "related"), metric_iri(qualified.metric_concept))  # 专利授权量增长率 ~ 专利授权量
    g.add(METRIC_SCHEME, A, _n(SKOS, "ConceptScheme"))
    g.add(METRIC_SCHEME, PREF, _zh("指标"))
    g.add(METRIC_SCHEME, PREF, ox.Literal("Metrics", language="en"))
    return node


def _observation(g: _Graph, doc_id: str, doc: ox.NamedNode, o: Observation,
                 qualified: Observation | None = None) -> None:
    node = obs_iri(doc_id, o.id)
    g.add(node, A, zc("Observation"))
    g.add(node, A, _n(QB, "Observation"))
    g.add(node, zc("value"), decimal_literal(o.value))
    g.add(node, zc("unit"), ox.Literal(o.unit))
    g.add(node, zc("metric"), _zh(o.metric))
    if o.metric_concept:
        g.add(node, zc("metricConcept"), _metric_concept(g, o, qualified))
    if o.period:
        g.add(node, zc("period"), period_literal(o.period))
    if o.area:
        g.add(node, zc("area"), entity_iri(o.area))
    if o.subject:
        g.add(node, zc("subject"), entity_iri(o.subject))
    if o.qualifies:
        g.add(node, zc("qualifies"), obs_iri(doc_id, o.qualifies))
    if o.approximation:
        g.add(node, zc("approximation"), _zh(o.approximation))
    g.add(node, ANCHOR, ox.Literal(o.text.text))
    g.add(node, BEGIN, _int(o.text.start))
    g.add(node, END, _int(o.text.end))
    g.add(node, zc("sentence"), sentence_iri(doc_id, o.text.sentence))
    g.add(node, DERIVED, doc)


def extraction_quads(x: Extraction) -> list[ox.Quad]:
    """All quads of one document's named graph, sorted (deterministic)."""
    info = x.document
    g = _Graph(graph_iri(info.id))
    doc = doc_iri(info.id)
    g.add(doc, A, zc("Document"))
    g.add(doc, A, _n(PROV, "Entity"))
    g.add(doc, _n(DCT, "title"), _zh(info.title))
    g.add(doc, zc("sha256"), ox.Literal(info.sha256))
    g.add(doc, zc("encoding"), ox.Literal(info.encoding))
    g.add(doc, zc("sourcePath"), ox.Literal(info.path))
    g.add(doc, zc("characters"), _int(info.chars))
    if info.year:
        g.add(doc, zc("reportYear"), period_literal(info.year))
        g.add(doc, _n(DCT, "temporal"), period_literal(info.year))
    if info.date:
        g.add(doc, _n(DCT, "date"), period_literal(info.date))
    if info.area:
        g.add(doc, _n(DCT, "spatial"), entity_iri(info.area))
    g.add(g.graph, DERIVED, doc)
    for s in x.sentences:
        node = sentence_iri(info.id, s.index)
        g.add(node, A, zc("Sentence"))
        g.add(node, zc("index"), _int(s.index))
        g.add(node, ANCHOR, ox.Literal(s.text))
        g.add(node, BEGIN, _int(s.start))
        g.add(node, END, _int(s.end))
        if s.page is not None:
            g.add(node, zc("page"), _int(s.page))
        g.add(node, _n(DCT, "isPartOf"), doc)
    for e in x.entities:
        _entity(g, info.id, doc, e)
    for r in x.relations:
        _relation(g, info.id, doc, r)
    by_id = {o.id: o for o in x.observations}
    for o in x.observations:
        _observation(g, info.id, doc, o, by_id.get(o.qualifies) if o.qualifies else None)
    # what the prepared queries would otherwise infer over offsets and count over the whole store, derived
    # once per document into its own graph: honour → recipient, the document's counts and co-occurring
    # pairs, figure → loan product and a program mention's year (the modules import rdf, hence here)
    from . import precomputed, recipients, summaries
    from .rules import cached_recipient_rules, cached_rules

    rules_dir = x._rules_dir  # the extraction's own rules folder, so that one folder governs every stage
    g.quads.update(recipients.recipient_quads(x, g.graph, cached_recipient_rules(rules_dir)))
    links = cached_rules(rules_dir).figure_links
    for s, p, o in (*summaries.summary_triples(x), *precomputed.triples(x, links)):
        g.add(s, p, o)
    return sorted(g.quads, key=str)


# ------------------------------------------------------------------------ the entities graph
# One canonical description per entity, derived from every document graph that names it (see
# docs/design.md "The entities graph"). Prepared queries read names, types and the label index from
# here, so a join on an entity meets one row however many documents mention it.

CORE_CLASSES = frozenset(zc(c) for c in ("Agency", "Policy", "Program", "Company", "LoanProduct",
                                          "Organization", "Place", "Person"))
TYPE = A
DENOTES = zc("denotes")
CONCEPT = _n(SKOS, "Concept")
METRIC_CONCEPT = zc("metricConcept")
# a figure's facts that its metric concept's description gathers over all documents (metrics-catalogue)
_FIGURE_FACTS = {zc("unit"): zc("figureUnit"), zc("period"): zc("figurePeriod"), zc("area"): zc("figureArea")}
FIGURE_FACTS = tuple(_FIGURE_FACTS)  # the figure predicates (zc:unit, zc:period, zc:area) a concept gathers
_COPIED = frozenset((zc("adminCode"), zc("adminLevel"), zc("role"), _n(SKOS, "inScheme"), _n(SKOS, "related")))
_STRIP = re.compile(r"[《》“”\"「」\s]")
_STRING = _n(XSD, "string")


def doc_of_graph(graph: ox.NamedNode) -> ox.NamedNode:
    """``id/graph/<doc-id>`` → ``id/doc/<doc-id>`` (both are minted from the document id)."""
    return ox.NamedNode(f"{ID_BASE}doc/{graph.value.rsplit('/', 1)[-1]}")


def entities_of(quads) -> set:
    """What a document graph names that the entities graph describes: subjects typed with a core class,
    and the metric concepts of its figures."""
    return {q.subject for q in quads if q.predicate == A and (q.object in CORE_CLASSES or q.object == CONCEPT)}


def label_keys(label: str) -> set[str]:
    """What a label parameter may be matched against: the label, and without quotes, 《》 and spaces."""
    return {label, _STRIP.sub("", label)} - {""}


def label_grams(label: str) -> set[str]:
    """The character bigrams of a label (quotes and spaces dropped): the search index of search-entities."""
    s = _STRIP.sub("", label)
    return {s[i:i + 2] for i in range(len(s) - 1)}


class Accumulator:
    """Collects, over document graphs, what the canonical description of each entity is made of."""

    def __init__(self) -> None:
        self.types: dict = {}
        self.prefs: dict = {}
        self.alts: dict = {}
        self.attrs: dict = {}
        self.docs: dict = {}
        self.mentions: dict = {}
        self.figures: dict = {}  # metric concept → its figures (IRIs) over all documents
        self.facts: dict = {}  # metric concept → {(figureUnit|figurePeriod|figureArea, value)}

    def add_about(self, q: ox.Quad) -> None:
        """A quad whose subject is an entity (other subjects are ignored by ``quads``)."""
        s, p, o = q.subject, q.predicate, q.object
        if p == A:
            if isinstance(o, ox.NamedNode) and (o.value.startswith(ONTOLOGY_NS) or o == CONCEPT):
                self.types.setdefault(s, set()).add(o)
        elif p == PREF:
            self.prefs.setdefault(s, set()).add(o)
        elif p == ALT:
            self.alts.setdefault(s, set()).add(o)
        elif p in _COPIED:
            self.attrs.setdefault(s, set()).add((p, o))

    def add_mention(self, q: ox.Quad) -> None:
        """A ``?m zc:denotes <entity>`` quad of a document graph."""
        self.docs.setdefault(q.object, set()).add(q.graph_name)
        self.mentions[q.object] = self.mentions.get(q.object, 0) + 1

    def add_figure(self, concept_quad: ox.Quad, about_figure) -> None:
        """A ``?figure zc:metricConcept <concept>`` quad of a document graph and the figure's quads there:
        the concept's description counts the figure, its document, and its unit, period and area."""
        concept = concept_quad.object
        self.docs.setdefault(concept, set()).add(concept_quad.graph_name)
        self.figures.setdefault(concept, set()).add(concept_quad.subject)
        facts = self.facts.setdefault(concept, set())
        for q in about_figure:
            if q.predicate in _FIGURE_FACTS:
                facts.add((_FIGURE_FACTS[q.predicate], q.object))

    def add_document(self, graph: ox.NamedNode, quads) -> None:
        quads = list(quads)
        figure_of: dict = {}
        for q in quads:
            if q.predicate == DENOTES:
                self.add_mention(q)
            elif q.predicate in (A, PREF, ALT) or q.predicate in _COPIED:
                self.add_about(q)
            elif q.predicate == METRIC_CONCEPT:
                figure_of[q.subject] = q
        if figure_of:
            about: dict = {}
            for q in quads:
                if q.subject in figure_of and q.predicate in _FIGURE_FACTS:
                    about.setdefault(q.subject, []).append(q)
            for figure, q in figure_of.items():
                self.add_figure(q, about.get(figure, ()))

    def quads(self, graph: ox.NamedNode, only: set | None = None) -> list[ox.Quad]:
        """The canonical descriptions (of ``only``, else of every entity seen), sorted."""
        out: list[ox.Quad] = []
        for e, types in self.types.items():
            if only is not None and e not in only:
                continue
            concept = CONCEPT in types
            if not (concept or types & CORE_CLASSES):
                continue
            add = lambda p, o: out.append(ox.Quad(e, p, o, graph))  # noqa: E731
            for t in types:
                add(A, t)
            labels = self.prefs.get(e, set()) | self.alts.get(e, set())
            pref = min(self.prefs.get(e) or labels or {None}, key=lambda t: (t is None, str(t)))
            if pref is not None:
                add(PREF, pref)
                add(LABEL, pref)
            for alt in labels - {pref}:
                add(ALT, alt)
            for p, o in self.attrs.get(e, ()):
                add(p, o)
            keys, grams = set(), {""}
            for label in labels:
                keys |= label_keys(label.value)
                grams |= label_grams(label.value)
            add(zc("labelKey"), e)
            for k in keys:
                add(zc("labelKey"), _zh(k))
            for g in grams:
                add(zc("labelGram"), ox.Literal(g))
            docs = self.docs.get(e, set())
            for g in docs:
                add(zc("mentionedIn"), doc_of_graph(g))
            add(zc("documentCount"), _int(len(docs)))
            if concept:  # no mentionCount: a metric concept is not an entity of search-entities
                add(zc("figureCount"), _int(len(self.figures.get(e, ()))))
                for p, o in self.facts.get(e, ()):
                    add(p, o)
            else:
                add(zc("mentionCount"), _int(self.mentions.get(e, 0)))
        return sorted(out, key=str)
