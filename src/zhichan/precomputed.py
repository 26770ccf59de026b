"""Stage 4 (beside ``rdf``): per-document inferences the prepared queries would otherwise redo over offsets.

Input: the pydantic ``Extraction`` of one document (and the words of ``extract/figure_links.json``,
through ``zhichan.rules``). Output: extra ``(subject, predicate, object)`` triples for the document's
own named graph, which ``rdf.extraction_quads`` adds to the rest. Because they live in the document's
graph, replacing or removing the document replaces or removes them in the same atomic step, and the
bulk path of a fresh store needs nothing new.

What is inferred:

- a figure ↔ the loan product it speaks of (``zc:productInSentence``: the figure's sentence names the
  product; ``zc:productReferredBack``: the figure's sentence refers back with 此类/该产品 … to the product
  named in the sentence before) — only for figures whose metric or text speaks of lending
  (``lending_words``), since a sentence may list other figures too. A figure whose ``zc:subject`` is
  the product needs nothing more;
- a relation's statement → each figure of its sentence (``zc:sentenceFigure``: the amount of a loan, the size
  of an investment), so that a query reads a relation's amounts with one look-up instead of meeting every
  mention, statement and figure of the sentence;
- the year of each mention of a program, event or campaign (``zc:statedYear``): the first year in its
  name, else the first ``YYYY年`` of the sentence that mentions it (``year_in_name``,
  ``year_in_sentence``).

Reading these is one index look-up per row, where the same inference in SPARQL joined every figure
with every sentence of its document and ran a regular expression per pair.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from .terms import ID_BASE, XSD, zc

if TYPE_CHECKING:
    from .models import Entity, Extraction, Mention

IN_SENTENCE = ox.NamedNode(zc("productInSentence"))
REFERRED_BACK = ox.NamedNode(zc("productReferredBack"))
STATED_YEAR = ox.NamedNode(zc("statedYear"))
SENTENCE_FIGURE = ox.NamedNode(zc("sentenceFigure"))
_GYEAR = ox.NamedNode(XSD + "gYear")


def _words():
    from .rules import cached_rules

    return cached_rules(None).figure_links


def mention_iri(doc_id: str, m: Mention, target: ox.NamedNode) -> ox.NamedNode:
    """The IRI ``rdf`` gives a mention (the entity's type keeps two readings of one span apart)."""
    kind = target.value[len(ID_BASE):].split("/", 1)[0]
    return ox.NamedNode(f"{ID_BASE}doc/{doc_id}/m/{m.start}-{m.end}/{kind}")


def product_links(x: Extraction, links: dict | None = None) -> list[tuple]:
    """(figure, zc:productInSentence | zc:productReferredBack, product) for figures about lending."""
    from .rdf import entity_iri, obs_iri

    links = links or _words()
    lending, back = links["lending_words"], links["refer_back_words"]
    texts = {s.index: s.text for s in x.sentences}
    by_sentence: dict[int, set[str]] = {}
    for e in x.entities:
        if e.type.value == "LoanProduct":
            for m in e.mentions:
                by_sentence.setdefault(m.sentence, set()).add(e.key)
    out = []
    for o in x.observations:
        if not any(w in o.metric or w in o.text.text for w in lending):
            continue
        i = o.text.sentence
        figure = obs_iri(x.document.id, o.id)
        for key in sorted(by_sentence.get(i, ())):
            out.append((figure, IN_SENTENCE, entity_iri(key)))
        if any(w in texts.get(i, "") for w in back):
            for key in sorted(by_sentence.get(i - 1, ())):
                out.append((figure, REFERRED_BACK, entity_iri(key)))
    return out


def statement_figures(x: Extraction) -> list[tuple]:
    """(statement, zc:sentenceFigure, figure) for each relation and each figure of its evidence sentence."""
    from .rdf import obs_iri, statement_iri

    figures: dict[int, list] = {}
    for o in x.observations:
        figures.setdefault(o.text.sentence, []).append(obs_iri(x.document.id, o.id))
    out = []
    for r in x.relations:
        if r.evidence.sentence in figures:
            statement = statement_iri(x.document.id, r)
            out.extend((statement, SENTENCE_FIGURE, figure) for figure in figures[r.evidence.sentence])
    return out


def program_year(e: Entity, sentence_text: str, links: dict) -> str | None:
    """The year a mention of a program is dated by: from its name, else from its sentence."""
    found = links["year_in_name"].search(e.label)
    if found:
        return found.group(0)
    found = links["year_in_sentence"].search(sentence_text)
    return found.group(1) if found else None


def program_years(x: Extraction, links: dict | None = None) -> list[tuple]:
    """(mention, zc:statedYear, "YYYY"^^xsd:gYear) for each dated mention of a program, event or campaign."""
    from .rdf import entity_iri

    links = links or _words()
    texts = {s.index: s.text for s in x.sentences}
    out = []
    for e in x.entities:
        if e.type.value != "Program":
            continue
        target = entity_iri(e.key)
        for m in e.mentions:
            year = program_year(e, texts.get(m.sentence, ""), links)
            if year:
                out.append((mention_iri(x.document.id, m, target), STATED_YEAR, ox.Literal(year, datatype=_GYEAR)))
    return out


def triples(x: Extraction, links: dict | None = None) -> list[tuple]:
    """Every precomputed triple of one document (``links``: figure_links.json of the extraction's rules folder)."""
    links = links or _words()
    return product_links(x, links) + statement_figures(x) + program_years(x, links)
