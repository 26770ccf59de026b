"""Models → quads (rdf.py): one named graph per document, deterministic IRIs, the shapes of docs/design.md."""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from zhichan.config import ID_BASE, ONTOLOGY_NS
from zhichan.models import (DocumentInfo, Entity, EntityType, Extraction, Mention, Observation, Predicate, Relation,
                            Sentence)
from zhichan.rdf import (ALT, PREF, RDF, XSD, decimal_literal, entity_iri, extraction_quads, graph_iri,
                         period_literal)

DOC_ID = "hefei-ip-2024"
S0 = "合肥市知识产权局印发《合肥市专利资助办法》。"
S1 = "全市有效发明专利拥有量7.4万件。"
TEXT = S0 + S1


def _m(text, sentence, base=0):
    start = TEXT.index(text, base)
    return Mention(start=start, end=start + len(text), text=text, sentence=sentence)


def sample() -> Extraction:
    info = DocumentInfo(id=DOC_ID, path="data/hefei-ip-2024.txt", title="合肥市2024年知识产权发展状况", encoding="gb18030",
                        sha256="0" * 64, chars=len(TEXT), city="合肥市", province="安徽省", year="2024")
    sentences = [Sentence(index=0, start=0, end=len(S0), text=S0),
                 Sentence(index=1, start=len(S0), end=len(TEXT), text=S1)]
    bureau = Entity(key="Agency:合肥市知识产权局", type=EntityType.Agency, kind="AdministrativeBureau",
                    label="合肥市知识产权局", aliases=["合肥市知识产权局", "市知识产权局"], mentions=[_m("合肥市知识产权局", 0)])
    policy = Entity(key="Policy:《合肥市专利资助办法》", type=EntityType.Policy, kind="Regulation",
                    label="《合肥市专利资助办法》", aliases=["《合肥市专利资助办法》"], mentions=[_m("《合肥市专利资助办法》", 0)])
    city = Entity(key="Place:code:340100", type=EntityType.Place, kind="PrefectureCity", label="合肥市",
                  aliases=["合肥市", "合肥"], attributes={"adminLevel": "PrefectureCity", "adminCode": "340100"},
                  mentions=[_m("合肥市", 0), _m("合肥市", 0, 10)])
    person = Entity(key="Person:周建华", type=EntityType.Person, label="周建华", aliases=["周建华"],
                    attributes={"role": "局长"})
    relation = Relation(subject=policy.key, predicate=Predicate.issuedBy, object=bureau.key,
                        evidence=Mention(start=0, end=len(S0), text=S0, sentence=0), rule="issue-verb")
    obs = Observation(id="30-35", value=Decimal("74000.0"), unit="件", metric="有效发明专利拥有量", period="2024",
                      area=city.key, approximation="超", span=_m("7.4万件", 1),
                      text=_m("全市有效发明专利拥有量7.4万件", 1))
    return Extraction(document=info, sentences=sentences, entities=[bureau, city, policy, person],
                      relations=[relation], observations=[obs])


@pytest.fixture(scope="module")
def quads():
    return extraction_quads(sample())


def zc(name):
    return ox.NamedNode(ONTOLOGY_NS + name)


def nn(path):
    return ox.NamedNode(ID_BASE + path)


def objects(quads, s, p):
    return [q.object for q in quads if q.subject == s and q.predicate == p]


def test_sorted_and_deterministic(quads):
    assert quads == sorted(quads, key=str)
    assert extraction_quads(sample()) == quads
    shuffled = sample()
    shuffled.entities.reverse()
    shuffled.sentences.reverse()
    assert extraction_quads(shuffled) == quads
    assert len(set(quads)) == len(quads)


def test_no_blank_nodes(quads):
    for q in quads:
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            assert not isinstance(term, ox.BlankNode), q


def test_one_named_graph(quads):
    assert {q.graph_name for q in quads} == {graph_iri(DOC_ID)}
    assert graph_iri(DOC_ID) == nn(f"graph/{DOC_ID}")


def test_quads_serialise_and_load_back(quads):
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    back = sorted(ox.parse(data, format=ox.RdfFormat.N_QUADS), key=str)
    assert back == quads


def test_pref_label_once_and_alt_labels_without_it(quads):
    bureau = nn("agency/合肥市知识产权局")
    assert objects(quads, bureau, PREF) == [ox.Literal("合肥市知识产权局", language="zh")]
    assert objects(quads, bureau, ALT) == [ox.Literal("市知识产权局", language="zh")]
    city = nn("place/340100")
    assert objects(quads, city, PREF) == [ox.Literal("合肥市", language="zh")]
    assert objects(quads, city, ALT) == [ox.Literal("合肥", language="zh")]
    for s in {q.subject for q in quads if q.predicate == PREF}:
        prefs = objects(quads, s, PREF)
        assert len(prefs) == 1
        assert prefs[0] not in objects(quads, s, ALT)


def test_entity_types_and_attributes(quads):
    a = ox.NamedNode(RDF + "type")
    assert set(objects(quads, nn("agency/合肥市知识产权局"), a)) == {zc("Agency"), zc("AdministrativeBureau")}
    assert set(objects(quads, nn("person/周建华"), a)) == {zc("Person")}
    city = nn("place/340100")
    assert objects(quads, city, zc("adminCode")) == [ox.Literal("340100")]
    assert objects(quads, city, zc("adminLevel")) == [ox.Literal("PrefectureCity")]
    assert objects(quads, nn("person/周建华"), zc("role")) == [ox.Literal("局长", language="zh")]


def test_mentions(quads):
    start = TEXT.index("合肥市", 10)
    m = nn(f"doc/{DOC_ID}/m/{start}-{start + 3}/place")
    assert objects(quads, m, zc("denotes")) == [nn("place/340100")]
    assert objects(quads, m, zc("sentence")) == [nn(f"doc/{DOC_ID}/s/0")]
    begin = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex")
    assert objects(quads, m, begin) == [ox.Literal(str(start), datatype=ox.NamedNode(XSD + "integer"))]
    # the place inside 合肥市知识产权局 and the bureau are two mentions with two IRIs
    denoted = {q.object for q in quads if q.predicate == zc("denotes")}
    assert {nn("place/340100"), nn("agency/合肥市知识产权局"), nn("policy/合肥市专利资助办法")} <= denoted


ENTITY_IRIS = [
    ("Place:code:370212", "place/370212"),
    ("Place:code:340100", "place/340100"),
    ("Place:济南高新区", "place/济南高新区"),
    ("Agency:济南市人民检察院", "agency/济南市人民检察院"),
    ("Agency:广东省市场监督管理局(知识产权局)", "agency/广东省市场监督管理局知识产权局"),
    ("Program:打击侵权盗版“剑网2024”专项行动", "program/打击侵权盗版剑网2024专项行动"),
    ("Policy:《合肥市专利资助办法》", "policy/合肥市专利资助办法"),
    ("Company:ＡＢＣ科技（深圳）有限公司", "company/ABC科技深圳有限公司"),
    ("LoanProduct:专利e贷", "loanproduct/专利e贷"),
]


@pytest.mark.parametrize("key,path", ENTITY_IRIS)
def test_entity_iri(key, path):
    assert entity_iri(key) == nn(path)


def test_entity_iri_of_punctuation_only_name_is_a_hash():
    iri = entity_iri("Program:“”")
    assert iri.value.startswith(ID_BASE + "program/")
    assert len(iri.value.rsplit("/", 1)[1]) == 12
    assert entity_iri("Program:“”") == iri


DECIMALS = [
    (Decimal("74000.0"), "74000"),
    (Decimal("7.40"), "7.4"),
    (Decimal("1E+3"), "1000"),
    (Decimal("0.050"), "0.05"),
    (Decimal("0.0"), "0"),
    (Decimal("-12.50"), "-12.5"),
    (Decimal("120"), "120"),
    (Decimal("3.14159"), "3.14159"),
]


@pytest.mark.parametrize("value,text", DECIMALS)
def test_decimal_literal(value, text):
    assert decimal_literal(value) == ox.Literal(text, datatype=ox.NamedNode(XSD + "decimal"))


PERIODS = [
    ("2024", "gYear"),
    ("2024-06", "gYearMonth"),
    ("2024-06-30", "date"),
    ("2023年上半年", None),
]


@pytest.mark.parametrize("period,datatype", PERIODS)
def test_period_literal(period, datatype):
    lit = period_literal(period)
    assert lit.value == period
    expected = ox.NamedNode(XSD + datatype) if datatype else ox.NamedNode(XSD + "string")
    assert lit.datatype == expected


def test_observation(quads):
    obs = nn(f"doc/{DOC_ID}/obs/30-35")
    assert objects(quads, obs, zc("value")) == [ox.Literal("74000", datatype=ox.NamedNode(XSD + "decimal"))]
    assert objects(quads, obs, zc("period")) == [ox.Literal("2024", datatype=ox.NamedNode(XSD + "gYear"))]
    assert objects(quads, obs, zc("area")) == [nn("place/340100")]
    assert objects(quads, obs, zc("approximation")) == [ox.Literal("超", language="zh")]
    assert objects(quads, obs, zc("sentence")) == [nn(f"doc/{DOC_ID}/s/1")]
    assert not objects(quads, obs, zc("subject"))


def test_relation_triple_and_statement(quads):
    policy, bureau = nn("policy/合肥市专利资助办法"), nn("agency/合肥市知识产权局")
    assert objects(quads, policy, zc("issuedBy")) == [bureau]
    statements = [q.subject for q in quads if q.predicate == ox.NamedNode(RDF + "type")
                  and q.object == ox.NamedNode(RDF + "Statement")]
    assert len(statements) == 1
    st = statements[0]
    assert st.value.startswith(f"{ID_BASE}doc/{DOC_ID}/rel/")
    assert objects(quads, st, ox.NamedNode(RDF + "subject")) == [policy]
    assert objects(quads, st, ox.NamedNode(RDF + "predicate")) == [zc("issuedBy")]
    assert objects(quads, st, ox.NamedNode(RDF + "object")) == [bureau]
    assert objects(quads, st, zc("sentence")) == [nn(f"doc/{DOC_ID}/s/0")]
    assert objects(quads, st, zc("rule")) == [ox.Literal("issue-verb")]
    assert objects(quads, st, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")) == [nn(f"doc/{DOC_ID}")]


def test_document_and_sentences(quads):
    doc = nn(f"doc/{DOC_ID}")
    assert objects(quads, doc, zc("encoding")) == [ox.Literal("gb18030")]
    assert objects(quads, doc, zc("sourcePath")) == [ox.Literal("data/hefei-ip-2024.txt")]
    assert objects(quads, doc, zc("reportYear")) == [ox.Literal("2024", datatype=ox.NamedNode(XSD + "gYear"))]
    assert objects(quads, doc, zc("characters")) == [ox.Literal(str(len(TEXT)), datatype=ox.NamedNode(XSD + "integer"))]
    s1 = nn(f"doc/{DOC_ID}/s/1")
    assert objects(quads, s1, zc("index")) == [ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))]
    anchor = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
    assert objects(quads, s1, anchor) == [ox.Literal(S1)]
