"""zhichan.summaries: per-document counts and co-occurrence pairs, derived from an Extraction at ingest.

Hand-written documents (other cities' bodies): the counts are distinct IRIs as the graph holds them; a
pair needs two agencies, companies or organisations in one sentence whose names do not overlap; pair IRIs
are deterministic; ``rdf.extraction_quads`` writes it all into the document's own graph, and the prepared
queries that read it answer as the old whole-store counting did.
"""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from zhichan import queries as Q
from zhichan.config import ID_BASE, ONTOLOGY_NS
from zhichan.models import (DocumentInfo, Entity, EntityType, Extraction, Mention, Observation, Predicate, Relation,
                            Sentence)
from zhichan.rdf import entity_iri, extraction_quads, graph_iri
from zhichan.summaries import cooccurrences, document_counts, joint_acts, pair_iri, summary_triples

S0 = "温州市市场监督管理局与温州银行签署合作协议。"
S1 = "温州银行鹿城支行与温州市市场监督管理局、温州大学共同举办培训。"
S2 = "全市专利授权量1.2万件。"
TEXT = S0 + S1 + S2
STARTS = [0, len(S0), len(S0) + len(S1)]


def _m(text: str, sentence: int, nth: int = 0) -> Mention:
    start, base = -1, STARTS[sentence]
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1 if start >= 0 else base)
    return Mention(start=start, end=start + len(text), text=text, sentence=sentence)


def _entity(key: str, type_: EntityType, label: str, mentions: list[Mention]) -> Entity:
    return Entity(key=key, type=type_, label=label, aliases=[label], mentions=mentions)


def sample(doc_id: str = "wenzhou-note") -> Extraction:
    info = DocumentInfo(id=doc_id, path=f"{doc_id}.txt", title="温州市知识产权工作简报", encoding="utf-8",
                        sha256="1" * 64, chars=len(TEXT))
    sentences = [Sentence(index=i, start=STARTS[i], end=STARTS[i] + len(s), text=s) for i, s in enumerate((S0, S1, S2))]
    bureau = _entity("Agency:温州市市场监督管理局", EntityType.Agency, "温州市市场监督管理局",
                     [_m("温州市市场监督管理局", 0), _m("温州市市场监督管理局", 1)])
    bank = _entity("Company:温州银行", EntityType.Company, "温州银行",
                   [_m("温州银行", 0), _m("温州银行", 1)])  # the second lies inside the branch's name
    branch = _entity("Company:温州银行鹿城支行", EntityType.Company, "温州银行鹿城支行", [_m("温州银行鹿城支行", 1)])
    university = _entity("Organization:温州大学", EntityType.Organization, "温州大学", [_m("温州大学", 1)])
    city = _entity("Place:code:330300", EntityType.Place, "温州市", [_m("温州市", 0), _m("温州市", 1)])
    agreement = _entity("Policy:合作协议", EntityType.Policy, "合作协议", [_m("合作协议", 0)])
    unmentioned = _entity("Person:陈立群", EntityType.Person, "陈立群", [])
    relations = [Relation(subject=agreement.key, predicate=Predicate.signatory, object=key, rule="sign-verb",
                          evidence=Mention(start=0, end=len(S0), text=S0, sentence=0))
                 for key in (bureau.key, bank.key)]
    figure = Observation(id="96-104", value=Decimal(12000), unit="件", metric="专利授权量",
                         span=_m("1.2万件", 2), text=_m("专利授权量1.2万件", 2))
    return Extraction(document=info, sentences=sentences, relations=relations + relations[:1], observations=[figure],
                      entities=[bureau, bank, branch, university, city, agreement, unmentioned])


def test_document_counts_are_distinct_things():
    counts = document_counts(sample())
    # 7 entities, one without a mention; the repeated relation (same sentence) is one statement
    assert counts == {"sentenceCount": 3, "entityCount": 6, "relationCount": 2, "figureCount": 1}


def test_pairs_need_two_organisations_with_separate_names():
    pairs = {frozenset((a.value.rsplit("/", 1)[-1], b.value.rsplit("/", 1)[-1])): s
             for (a, b), s in cooccurrences(sample()).items()}
    # the bank's name inside its branch's name (sentence 1) still stands apart from the other names there
    assert pairs[frozenset(("温州市市场监督管理局", "温州银行"))] == {0, 1}
    assert pairs[frozenset(("温州大学", "温州银行"))] == {1}
    assert pairs[frozenset(("温州市市场监督管理局", "温州银行鹿城支行"))] == {1}
    assert pairs[frozenset(("温州大学", "温州市市场监督管理局"))] == {1}
    assert pairs[frozenset(("温州大学", "温州银行鹿城支行"))] == {1}
    # … but not from the branch's: in sentence 1 the bank is named only inside it, so they never pair
    assert frozenset(("温州银行", "温州银行鹿城支行")) not in pairs and len(pairs) == 5
    # places and policies are not in the organisation network
    assert not any("330300" in name or "合作协议" in name for pair in pairs for name in pair)
    for a, b in cooccurrences(sample()):
        assert a.value < b.value


def test_a_name_inside_another_still_pairs_when_the_sentence_also_names_it_apart():
    x = sample()
    bank = x.entity("Company:温州银行")
    s1 = STARTS[1]
    # a made-up second, separate mention of the bank in sentence 1 (after the branch's name)
    bank.mentions.append(Mention(start=s1 + 20, end=s1 + 24, text="温州银行", sentence=1))
    pairs = cooccurrences(x)
    assert pairs[(entity_iri("Company:温州银行"), entity_iri("Company:温州银行鹿城支行"))] == {1}


def test_pair_iris_are_deterministic_and_per_document():
    a, b = entity_iri("Agency:温州市市场监督管理局"), entity_iri("Company:温州银行")
    assert pair_iri("d1", a, b) == pair_iri("d1", a, b)
    assert pair_iri("d1", a, b) != pair_iri("d2", a, b)
    assert pair_iri("d1", a, b).value.startswith(f"{ID_BASE}doc/d1/cooc/")
    assert summary_triples(sample()) == summary_triples(sample())
    assert not any(isinstance(t, ox.BlankNode) for triple in summary_triples(sample()) for t in triple)


def test_written_in_the_documents_own_graph():
    quads = extraction_quads(sample())
    graph = graph_iri("wenzhou-note")
    zc = lambda n: ox.NamedNode(ONTOLOGY_NS + n)  # noqa: E731
    derived = [q for q in quads if q.predicate in (zc("sentenceCount"), zc("pairSource"), zc("figureCount"))]
    assert derived and all(q.graph_name == graph for q in derived)
    nodes = {q.subject for q in quads if q.predicate == ox.NamedNode(Q.PREFIXES["rdf"] + "type")
             and q.object == zc("CoOccurrence")}
    assert len(nodes) == 5
    node = pair_iri("wenzhou-note", entity_iri("Agency:温州市市场监督管理局"), entity_iri("Company:温州银行"))
    about = {(q.predicate, q.object) for q in quads if q.subject == node}
    assert (zc("sentenceCount"), ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))) in about
    assert (zc("sentence"), ox.NamedNode(f"{ID_BASE}doc/wenzhou-note/s/0")) in about
    # both signed the agreement; the university signed nothing
    assert (zc("jointAct"), entity_iri("Policy:合作协议")) in about
    other = pair_iri("wenzhou-note", entity_iri("Agency:温州市市场监督管理局"), entity_iri("Organization:温州大学"))
    assert not any(q.subject == other and q.predicate == zc("jointAct") for q in quads)


def test_joint_acts_need_the_same_role():
    x = sample()
    x.relations.append(Relation(subject="Policy:合作协议", predicate=Predicate.issuedBy, object="Organization:温州大学",
                                rule="issue-verb", evidence=Mention(start=0, end=len(S0), text=S0, sentence=0)))
    acts = joint_acts(x)
    bureau, bank = entity_iri("Agency:温州市市场监督管理局"), entity_iri("Company:温州银行")
    assert acts == {(bureau, bank): {entity_iri("Policy:合作协议")}}  # issuer and signatories are no joint act


@pytest.fixture(scope="module")
def two_documents() -> ox.Store:
    """Two documents with the same text: every pair is named in both."""
    from zhichan.store import write_documents

    st = ox.Store()
    docs = [(graph_iri(d), extraction_quads(sample(d))) for d in ("wenzhou-a", "wenzhou-b")]
    write_documents(st, docs, fresh=True)
    return st


def test_documents_query_reads_the_counts(two_documents):
    rows = Q.run(two_documents, "documents").rows
    assert len(rows) == 2
    assert {(r["sentences"], r["entities"], r["relations"], r["figures"]) for r in rows} == {(3, 6, 2, 1)}


def test_cooccurrence_sums_over_documents(two_documents):
    rows = Q.run(two_documents, "org-cooccurrence", {"min_weight": "1"}).rows
    edge = next(r for r in rows if {r["sourceLabel"], r["targetLabel"]} == {"温州市市场监督管理局", "温州银行"})
    # two sentences in each of two documents; the agreement both signed is one act
    assert edge["weight"] == 4 and edge["documents"] == 2 and edge["jointActs"] == 1
    assert {edge["sourceClass"], edge["targetClass"]} == {"Agency", "Company"}
    assert len(rows) == 5 and rows[0] == edge  # the heaviest edge first
    assert Q.run(two_documents, "org-cooccurrence").rows == [r for r in rows if r["weight"] >= 2]  # the default: 2
    ego = Q.run(two_documents, "org-cooccurrence", {"body": "温州大学", "min_weight": "1"}).rows
    assert len(ego) == 3 and all("温州大学" in (r["sourceLabel"], r["targetLabel"]) for r in ego)
    assert [r["weight"] for r in Q.run(two_documents, "org-cooccurrence", {"min_weight": "3"}).rows] == [4]


def test_network_links_the_pairs(two_documents):
    result = Q.run(two_documents, "org-network-rdf")
    linked = {(t.subject.value, t.object.value) for t in result.triples
              if t.predicate.value == "http://www.w3.org/ns/org#linkedTo"}
    assert len(linked) == 5
    assert (entity_iri("Agency:温州市市场监督管理局").value, entity_iri("Company:温州银行").value) in linked


def test_shared_entities_lists_titles_of_few_documents(two_documents):
    rows = {r["label"]: r for r in Q.run(two_documents, "shared-entities").rows}
    assert rows["温州银行"]["documents"] == 2
    assert rows["温州银行"]["titles"] == "温州市知识产权工作简报"  # both documents carry the same title
