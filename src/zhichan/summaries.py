"""Per-document summaries, derived once at ingest so that listing queries read them instead of recounting.

Input: the pydantic ``Extraction`` of one document. Output: triples ``(subject, predicate, object)`` of
pyoxigraph terms that ``zhichan.rdf`` writes into that document's own named graph (so replacing or
removing the document replaces them in the same atomic step, and the bulk path needs nothing new):

- on the document node, how many sentences, entities (with a mention), relation statements and figures
  were read from it (``zc:sentenceCount``, ``zc:entityCount``, ``zc:relationCount``, ``zc:figureCount``),
  the counts the ``documents`` query lists;
- one ``zc:CoOccurrence`` node per pair of agencies, companies or organisations named in the same
  sentence by two names that do not overlap (a branch inside its bank's name is not a pair): the two
  entities in IRI order (``zc:pairSource`` < ``zc:pairTarget``), the number of sentences they share,
  those sentences, and the acts (agreements, programs, policies) the document says both signed, organised
  or issued (``zc:jointAct``). ``org-cooccurrence`` sums them over documents, ``org-network-rdf`` links their
  entities. The node's IRI is minted from the document id and the two entity IRIs (no blank nodes).

Every count equals what the prepared queries counted over the mentions before (distinct IRIs, as the
graph holds them), so a store's answers do not change, only their cost. Joint acts are read per document
(both roles stated in the document where the pair is named together), where the query used to match the
two roles across any documents.
"""
from __future__ import annotations

import hashlib
from itertools import combinations
from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import rdf, terms
from .terms import ID_BASE, PROV, RDF

if TYPE_CHECKING:
    from .models import Extraction

# the classes whose co-occurrence makes the organisation network (as the queries always defined it)
NETWORK_CLASSES = frozenset(("Agency", "Company", "Organization"))

_A = ox.NamedNode(RDF + "type")
_DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")


def zc(name: str) -> ox.NamedNode:
    return ox.NamedNode(terms.zc(name))  # checked against the ontology: a renamed term fails at once


def pair_iri(doc_id: str, source: ox.NamedNode, target: ox.NamedNode) -> ox.NamedNode:
    """``id/doc/<doc-id>/cooc/<sha1-12 of the two entity IRIs>``: the same pair in the same document, the same IRI."""
    digest = hashlib.sha1(f"{source.value}|{target.value}".encode()).hexdigest()[:12]
    return ox.NamedNode(f"{ID_BASE}doc/{doc_id}/cooc/{digest}")


def document_counts(x: Extraction) -> dict[str, int]:
    """Sentences, entities with a mention, relation statements and figures, each counted as distinct IRIs."""
    return {
        "sentenceCount": len({s.index for s in x.sentences}),
        "entityCount": len({rdf.entity_iri(e.key) for e in x.entities if e.mentions}),
        # a statement's IRI is minted from subject, predicate, object and sentence (rdf._relation)
        "relationCount": len({(r.subject, r.predicate.value, r.object, r.evidence.sentence) for r in x.relations}),
        "figureCount": len({o.id for o in x.observations}),
    }


def cooccurrences(x: Extraction) -> dict[tuple[ox.NamedNode, ox.NamedNode], set[int]]:
    """(source, target) in IRI order → the indices of the sentences naming both without overlapping names."""
    spans: dict[int, dict[ox.NamedNode, set[tuple[int, int]]]] = {}
    for e in x.entities:
        if e.type.value not in NETWORK_CLASSES:
            continue
        node = rdf.entity_iri(e.key)
        for m in e.mentions:
            spans.setdefault(m.sentence, {}).setdefault(node, set()).add((m.start, m.end))
    pairs: dict[tuple[ox.NamedNode, ox.NamedNode], set[int]] = {}
    for sentence, by_entity in spans.items():
        for a, b in combinations(sorted(by_entity, key=lambda n: n.value), 2):
            # some mention of one lies wholly before or after some mention of the other
            if any(ae <= bs or be <= as_ for as_, ae in by_entity[a] for bs, be in by_entity[b]):
                pairs.setdefault((a, b), set()).add(sentence)
    return pairs


# the roles that make an act (agreement, program, policy) a joint one when both entities of a pair hold them
JOINT_ROLES = ("signatory", "organizedBy", "issuedBy")


def joint_acts(x: Extraction) -> dict[tuple[ox.NamedNode, ox.NamedNode], set[ox.NamedNode]]:
    """(source, target) in IRI order → the acts both signed, organised or issued (the same role), per this document."""
    holders: dict[tuple[str, str], set[ox.NamedNode]] = {}
    for r in x.relations:
        if r.predicate.value in JOINT_ROLES:
            holders.setdefault((r.subject, r.predicate.value), set()).add(rdf.entity_iri(r.object))
    out: dict[tuple[ox.NamedNode, ox.NamedNode], set[ox.NamedNode]] = {}
    for (act, _role), agents in holders.items():
        for a, b in combinations(sorted(agents, key=lambda n: n.value), 2):
            out.setdefault((a, b), set()).add(rdf.entity_iri(act))
    return out


def summary_triples(x: Extraction) -> list[tuple]:
    """The document's counts and its co-occurrence nodes, as triples of its own graph."""
    info = x.document
    doc = rdf.doc_iri(info.id)
    out: list[tuple] = [(doc, zc(name), rdf._int(n)) for name, n in document_counts(x).items()]
    acts = joint_acts(x)
    for (source, target), sentences in cooccurrences(x).items():
        node = pair_iri(info.id, source, target)
        out += [(node, _A, zc("CoOccurrence")), (node, zc("pairSource"), source),
                (node, zc("pairTarget"), target), (node, zc("sentenceCount"), rdf._int(len(sentences))),
                (node, _DERIVED, doc)]
        out += [(node, zc("sentence"), rdf.sentence_iri(info.id, s)) for s in sorted(sentences)]
        out += [(node, zc("jointAct"), act) for act in sorted(acts.get((source, target), ()), key=lambda n: n.value)]
    return out
