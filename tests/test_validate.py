"""zhichan.validate: SHACL validation of hand-built graphs in the shapes of docs/design.md.

One conforming document graph (a court, a city, a policy it issued, a mention, a figure) and a
table of ways to break it, each naming the node that must be reported.
"""
from __future__ import annotations

from typing import Callable

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from zhichan.config import ID_BASE, ONTOLOGY_IRI, ONTOLOGY_NS
from zhichan.errors import ZhichanError
from zhichan.validate import ValidationReport, Violation, store_graph, validate_graph, validate_store

ZC = rdflib.Namespace(ONTOLOGY_NS)
ID = rdflib.Namespace(ID_BASE)
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
NIF = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
QB = rdflib.Namespace("http://purl.org/linked-data/cube#")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")

DOC = ID["doc/laoshan"]
S0, S1 = ID["doc/laoshan/s/0"], ID["doc/laoshan/s/1"]
COURT = ID["agency/青岛市中级人民法院"]
QINGDAO = ID["place/370200"]
SHANDONG = ID["place/370000"]
POLICY = ID["policy/若干措施"]
CAMPAIGN = ID["program/昆仑2023"]
BANK = ID["company/青岛农商银行"]
LOAN = ID["loanproduct/蓝海渔业贷"]
MENTION = ID["doc/laoshan/m/0-9"]
OBS = ID["doc/laoshan/obs/18-34"]
STATEMENT = ID["doc/laoshan/rel/0123456789ab"]

S0_TEXT = "青岛市中级人民法院出台《若干措施》。"
S1_TEXT = "全市有效发明专利拥有量7.4万件。"


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def entity(g: rdflib.Graph, node, core: str, kind: str | None, label: str) -> None:
    g.add((node, RDF.type, ZC[core]))
    if kind:
        g.add((node, RDF.type, ZC[kind]))
    g.add((node, SKOS.prefLabel, zh(label)))
    g.add((node, RDFS.label, zh(label)))


def conforming() -> rdflib.Graph:
    """One document graph as docs/design.md draws it, plus gazetteer data for two places."""
    g = rdflib.Graph()
    g.add((DOC, RDF.type, ZC.Document))
    g.add((DOC, RDF.type, PROV.Entity))
    g.add((DOC, DCT.title, zh("崂山区知识产权工作")))
    g.add((DOC, ZC.sha256, Literal("ab" * 32)))
    g.add((DOC, ZC.encoding, Literal("utf-8")))
    g.add((DOC, ZC.sourcePath, Literal("data/corpus/laoshan.txt")))
    for i, (node, text, start) in enumerate([(S0, S0_TEXT, 0), (S1, S1_TEXT, len(S0_TEXT))]):
        g.add((node, RDF.type, ZC.Sentence))
        g.add((node, ZC["index"], integer(i)))
        g.add((node, NIF.anchorOf, Literal(text)))
        g.add((node, NIF.beginIndex, integer(start)))
        g.add((node, NIF.endIndex, integer(start + len(text))))
        g.add((node, DCT.isPartOf, DOC))
    entity(g, COURT, "Agency", "Court", "青岛市中级人民法院")
    g.add((COURT, SKOS.altLabel, zh("市中级人民法院")))
    g.add((COURT, SKOS.prefLabel, Literal("Qingdao Intermediate People's Court", lang="en")))
    g.add((COURT, ZC.locatedIn, QINGDAO))
    entity(g, QINGDAO, "Place", "PrefectureCity", "青岛市")
    g.add((QINGDAO, ZC.adminCode, Literal("370200")))
    g.add((QINGDAO, ZC.adminLevel, Literal("PrefectureCity")))
    g.add((QINGDAO, ZC.adminParent, SHANDONG))
    entity(g, SHANDONG, "Place", "Province", "山东省")
    g.add((SHANDONG, ZC.adminCode, Literal("370000")))
    g.add((SHANDONG, ZC.adminLevel, Literal("Province")))
    entity(g, POLICY, "Policy", "Regulation", "若干措施")
    entity(g, CAMPAIGN, "Program", "Campaign", "昆仑2023")
    entity(g, BANK, "Company", "Bank", "青岛农商银行")
    entity(g, LOAN, "LoanProduct", None, "蓝海渔业贷")
    g.add((CAMPAIGN, ZC.organizedBy, COURT))
    g.add((LOAN, ZC.offeredBy, BANK))
    g.add((BANK, ZC.locatedIn, QINGDAO))
    # the relation, and its evidence
    g.add((POLICY, ZC.issuedBy, COURT))
    g.add((STATEMENT, RDF.type, RDF.Statement))
    g.add((STATEMENT, RDF.subject, POLICY))
    g.add((STATEMENT, RDF.predicate, ZC.issuedBy))
    g.add((STATEMENT, RDF.object, COURT))
    g.add((STATEMENT, ZC.sentence, S0))
    g.add((STATEMENT, PROV.wasDerivedFrom, DOC))
    g.add((STATEMENT, ZC.rule, Literal("issued-by-verb")))
    # a mention
    g.add((MENTION, RDF.type, ZC.Mention))
    g.add((MENTION, ZC.denotes, COURT))
    g.add((MENTION, NIF.anchorOf, Literal("青岛市中级人民法院")))
    g.add((MENTION, NIF.beginIndex, integer(0)))
    g.add((MENTION, NIF.endIndex, integer(9)))
    g.add((MENTION, ZC.sentence, S0))
    g.add((MENTION, PROV.wasDerivedFrom, DOC))
    # a figure: 7.4万件 → 74000 件
    g.add((OBS, RDF.type, ZC.Observation))
    g.add((OBS, RDF.type, QB.Observation))
    g.add((OBS, ZC.value, Literal("74000", datatype=XSD.decimal)))
    g.add((OBS, ZC.unit, Literal("件")))
    g.add((OBS, ZC.metric, zh("有效发明专利拥有量")))
    g.add((OBS, ZC.period, Literal("2023", datatype=XSD.gYear)))
    g.add((OBS, ZC.area, QINGDAO))
    g.add((OBS, ZC.approximation, zh("超")))
    g.add((OBS, NIF.anchorOf, Literal("全市有效发明专利拥有量7.4万件")))
    g.add((OBS, NIF.beginIndex, integer(18)))
    g.add((OBS, NIF.endIndex, integer(34)))
    g.add((OBS, ZC.sentence, S1))
    g.add((OBS, PROV.wasDerivedFrom, DOC))
    return g


def found(report: ValidationReport, focus, path=None, severity="Violation") -> list[Violation]:
    return [v for v in report.violations
            if v.focus == focus.n3() and v.severity == severity and (path is None or v.path == path.n3())]


# ---------------------------------------------------------------- the conforming graph

@pytest.fixture(scope="module")
def base_report() -> ValidationReport:
    return validate_graph(conforming())


def test_conforming_graph_conforms(base_report):
    assert base_report.conforms, base_report.text()
    assert base_report.violations == []
    assert base_report.triples == len(conforming())


def test_input_graph_is_left_unchanged():
    g = conforming()
    before = set(g)
    validate_graph(g)
    assert set(g) == before


# ---------------------------------------------------------------- also conforming

def _set(node, prop, value):
    def change(g):
        g.remove((node, prop, None))
        g.add((node, prop, value))
    return change


def _drop(node, prop):
    return lambda g: g.remove((node, prop, None))


def _add(*triple):
    return lambda g: g.add(triple)


ALSO_CONFORMING: list[tuple[str, Callable]] = [
    ("value as xsd:integer", _set(OBS, ZC.value, Literal("74000", datatype=XSD.integer))),
    ("value as xsd:double", _set(OBS, ZC.value, Literal("7.4E4", datatype=XSD.double))),
    ("no period, area or approximation", lambda g: [_drop(OBS, p)(g) for p in (ZC.period, ZC.area, ZC.approximation)]),
    ("unit as an IRI", _set(OBS, ZC.unit, URIRef("http://qudt.org/vocab/unit/NUM"))),
    ("subject is a bank", _add(OBS, ZC.subject, BANK)),
    ("growth rate qualifies the figure", lambda g: [
        g.add((ID["doc/laoshan/obs/40-44"], p, o)) for p, o in [
            (RDF.type, ZC.Observation), (ZC.value, Literal("24", datatype=XSD.decimal)), (ZC.unit, Literal("%")),
            (ZC.metric, zh("有效发明专利拥有量同比增长")), (ZC.qualifies, OBS), (ZC.sentence, S1),
            (PROV.wasDerivedFrom, DOC)]]),
    ("finer class only, the core class left to the ontology", lambda g: g.remove((COURT, RDF.type, ZC.Agency))),
    ("person with a role", lambda g: [entity(g, ID["person/周书田"], "Person", None, "周书田"),
                                      g.add((ID["person/周书田"], ZC.role, zh("主任")))]),
    ("zone located in a city", lambda g: [entity(g, ID["place/青岛自贸片区"], "Place", "Zone", "青岛自贸片区"),
                                          g.add((ID["place/青岛自贸片区"], ZC.locatedIn, QINGDAO))]),
    ("branch part of a bank", lambda g: [entity(g, ID["company/城阳支行"], "Company", "BankBranch", "城阳支行"),
                                         g.add((ID["company/城阳支行"], ZC.subOrganizationOf, BANK))]),
    ("agreement signed by a court and a bank", lambda g: [
        entity(g, ID["policy/框架协议"], "Policy", "Agreement", "框架协议"),
        g.add((ID["policy/框架协议"], ZC.signatory, COURT)), g.add((ID["policy/框架协议"], ZC.signatory, BANK))]),
]


@pytest.mark.parametrize("name,change", ALSO_CONFORMING, ids=[c[0] for c in ALSO_CONFORMING])
def test_variant_conforms(name, change):
    g = conforming()
    change(g)
    report = validate_graph(g)
    assert report.conforms, report.text()
    assert not report.errors


# ---------------------------------------------------------------- broken variants

def _two_core_classes(g):
    g.add((COURT, RDF.type, ZC.Place))


BROKEN: list[tuple[str, Callable, URIRef, URIRef | None, str]] = [
    # name, change, focus node that must be reported, property path (None: node-level), shape
    ("observation without value", _drop(OBS, ZC.value), OBS, ZC.value, "ObservationShape-value"),
    ("value as a plain string", _set(OBS, ZC.value, Literal("74000")), OBS, ZC.value, "ObservationShape-value"),
    ("two values", _add(OBS, ZC.value, Literal("7.4", datatype=XSD.decimal)), OBS, ZC.value, "ObservationShape-value"),
    ("observation without unit", _drop(OBS, ZC.unit), OBS, ZC.unit, "ObservationShape-unit"),
    ("observation without metric", _drop(OBS, ZC.metric), OBS, ZC.metric, "ObservationShape-metric"),
    ("two periods", _add(OBS, ZC.period, Literal("2022", datatype=XSD.gYear)), OBS, ZC.period, "ObservationShape-period"),
    ("area is an agency", _set(OBS, ZC.area, COURT), OBS, ZC.area, "ObservationShape-area"),
    ("area is a literal", _set(OBS, ZC.area, zh("青岛市")), OBS, ZC.area, "ObservationShape-area"),
    ("subject is a literal", _add(OBS, ZC.subject, zh("青岛农商银行")), OBS, ZC.subject, "ObservationShape-subject"),
    ("subject is an unknown IRI", _add(OBS, ZC.subject, ID["company/无此企业"]), OBS, ZC.subject, "ObservationShape-subject"),
    ("observation without sentence", _drop(OBS, ZC.sentence), OBS, ZC.sentence, "ObservationShape-sentence"),
    ("observation without document", _drop(OBS, PROV.wasDerivedFrom), OBS, PROV.wasDerivedFrom, "ObservationShape-derivedFrom"),
    ("place code '3702'", _set(QINGDAO, ZC.adminCode, Literal("3702")), QINGDAO, ZC.adminCode, "AdminCodeShape-code"),
    ("place code as an integer", _set(QINGDAO, ZC.adminCode, Literal(370200)), QINGDAO, ZC.adminCode, "AdminCodeShape-code"),
    ("place code without level", _drop(QINGDAO, ZC.adminLevel), QINGDAO, ZC.adminLevel, "AdminCodeShape-level"),
    ("unknown level", _set(QINGDAO, ZC.adminLevel, Literal("City")), QINGDAO, ZC.adminLevel, "AdminLevelShape-level"),
    ("code on an agency", _add(COURT, ZC.adminCode, Literal("370200")), COURT, None, "AdminCodeShape"),
    ("adminParent is a company", _set(QINGDAO, ZC.adminParent, BANK), QINGDAO, ZC.adminParent, "AdminParentShape-object"),
    ("locatedIn a company", _set(COURT, ZC.locatedIn, BANK), COURT, ZC.locatedIn, "LocatedInShape-object"),
    ("locatedIn a literal", _set(COURT, ZC.locatedIn, zh("青岛")), COURT, ZC.locatedIn, "LocatedInShape-object"),
    ("two zh prefLabels", _add(COURT, SKOS.prefLabel, zh("青岛中院")), COURT, SKOS.prefLabel, "EntityShape-prefLabel"),
    ("no prefLabel", _drop(BANK, SKOS.prefLabel), BANK, SKOS.prefLabel, "EntityShape-prefLabel"),
    ("prefLabel without language", _set(BANK, SKOS.prefLabel, Literal("青岛农商银行")), BANK, SKOS.prefLabel, "EntityShape-prefLabel"),
    ("altLabel repeats prefLabel", _add(BANK, SKOS.altLabel, zh("青岛农商银行")), BANK, SKOS.altLabel, "EntityShape-altLabel"),
    ("rdfs:label without language", _add(BANK, RDFS.label, Literal("农商行")), BANK, RDFS.label, "EntityShape-label"),
    ("two core classes", _two_core_classes, COURT, None, "EntityShape"),
    ("finer class only, two prefLabels",
     lambda g: [g.remove((COURT, RDF.type, ZC.Agency)), g.add((COURT, SKOS.prefLabel, zh("中院")))], COURT, SKOS.prefLabel, "EntityShape-prefLabel"),
    ("issuedBy on a program", _add(CAMPAIGN, ZC.issuedBy, COURT), CAMPAIGN, None, "IssuedByShape"),
    ("issuedBy a place", _set(POLICY, ZC.issuedBy, QINGDAO), POLICY, ZC.issuedBy, "IssuedByShape-object"),
    ("signatory on a program", _add(CAMPAIGN, ZC.signatory, COURT), CAMPAIGN, None, "SignatoryShape"),
    ("organizedBy on a policy", _add(POLICY, ZC.organizedBy, COURT), POLICY, None, "OrganizedByShape"),
    ("offeredBy on a company", _add(BANK, ZC.offeredBy, BANK), BANK, None, "OfferedByShape"),
    ("offeredBy a place", _set(LOAN, ZC.offeredBy, QINGDAO), LOAN, ZC.offeredBy, "OfferedByShape-object"),
    ("fundedBy on a policy", _add(POLICY, ZC.fundedBy, BANK), POLICY, None, "FundedByShape"),
    ("subOrganizationOf a place", _add(BANK, ZC.subOrganizationOf, QINGDAO), BANK, ZC.subOrganizationOf, "SubOrganizationShape-object"),
    ("role on an agency", _add(COURT, ZC.role, zh("院长")), COURT, None, "RoleShape"),
    ("entity as a blank node", lambda g: entity(g, BNode("anon"), "Company", None, "某公司"), BNode("anon"), None, "EntityShape"),
    ("mention without denotes", _drop(MENTION, ZC.denotes), MENTION, ZC.denotes, "MentionShape-denotes"),
    ("mention denotes an untyped IRI", _set(MENTION, ZC.denotes, ID["agency/无此机构"]), MENTION, ZC.denotes, "MentionShape-denotes"),
    ("mention denotes a literal", _set(MENTION, ZC.denotes, zh("法院")), MENTION, ZC.denotes, "MentionShape-denotes"),
    ("mention offset as a string", _set(MENTION, NIF.beginIndex, Literal("0")), MENTION, NIF.beginIndex, "MentionShape-begin"),
    ("mention ends before it begins",
     lambda g: [_set(MENTION, NIF.beginIndex, integer(9))(g), _set(MENTION, NIF.endIndex, integer(0))(g)],
     MENTION, NIF.beginIndex, "MentionShape-begin"),
    ("mention without sentence", _drop(MENTION, ZC.sentence), MENTION, ZC.sentence, "MentionShape-sentence"),
    ("mention sentence is not a sentence", _set(MENTION, ZC.sentence, DOC), MENTION, ZC.sentence, "MentionShape-sentence"),
    ("sentence not part of a document", _drop(S1, DCT.isPartOf), S1, DCT.isPartOf, "SentenceShape-isPartOf"),
    ("sentence without index", _drop(S0, ZC["index"]), S0, ZC["index"], "SentenceShape-index"),
    ("document digest not hex", _set(DOC, ZC.sha256, Literal("xyz")), DOC, ZC.sha256, "DocumentShape-sha256"),
    ("statement without asserted triple", lambda g: g.remove((POLICY, ZC.issuedBy, COURT)), STATEMENT, None, "StatementAssertedShape"),
    ("statement without sentence", _drop(STATEMENT, ZC.sentence), STATEMENT, ZC.sentence, "StatementShape-sentence"),
    ("statement with two subjects", _add(STATEMENT, RDF.subject, COURT), STATEMENT, RDF.subject, "StatementShape-subject"),
]


@pytest.mark.parametrize("name,change,focus,path,shape", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_variant_is_reported(name, change, focus, path, shape):
    g = conforming()
    change(g)
    report = validate_graph(g)
    assert not report.conforms
    hits = found(report, focus, path)
    assert hits, f"expected a violation on {focus.n3()} {path.n3() if path else ''}\n{report.text()}"
    assert f"<https://w3id.org/zhichan/shapes#{shape}>" in {v.shape for v in hits}, report.text()
    assert all(v.message for v in hits)
    assert focus.n3() in report.text() or str(focus).removeprefix(ID_BASE) in report.text()


# ---------------------------------------------------------------- warnings: reported, but the graph conforms

WARNED: list[tuple[str, Callable, URIRef]] = [
    ("negative value", _set(OBS, ZC.value, Literal("-5", datatype=XSD.decimal)), OBS),
    ("mention text longer than its offsets", _set(MENTION, NIF.endIndex, integer(8)), MENTION),
    ("English prefLabel only", _set(LOAN, SKOS.prefLabel, Literal("Blue Sea Fishery Loan", lang="en")), LOAN),
]


@pytest.mark.parametrize("name,change,focus", WARNED, ids=[w[0] for w in WARNED])
def test_warning_is_reported_without_breaking_conformance(name, change, focus):
    g = conforming()
    change(g)
    report = validate_graph(g)
    assert report.conforms, report.text()
    assert found(report, focus, severity="Warning"), report.text()
    assert report.warnings and not report.errors


# ---------------------------------------------------------------- from a store

def to_store(graphs: dict[str, rdflib.Graph]) -> ox.Store:
    store = ox.Store()
    for name, g in graphs.items():
        store.load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(name))
    return store


def split(g: rdflib.Graph) -> dict[str, rdflib.Graph]:
    """The document's statements in its graph; adminCode/adminLevel/adminParent in the gazetteer."""
    doc, gaz = rdflib.Graph(), rdflib.Graph()
    for t in g:
        (gaz if t[1] in (ZC.adminCode, ZC.adminLevel, ZC.adminParent) else doc).add(t)
    return {f"{ID_BASE}graph/laoshan": doc, f"{ID_BASE}graph/gazetteer": gaz}


def test_store_union_conforms():
    store = to_store(split(conforming()))
    report = validate_store(store)
    assert report.conforms, report.text()
    assert report.triples == len(conforming())


def test_store_terms_survive_conversion():
    store = to_store(split(conforming()))
    g = store_graph(store)
    assert set(g) == set(conforming())
    assert Literal("74000", datatype=XSD.decimal) in set(g.objects(OBS, ZC.value))
    assert zh("有效发明专利拥有量") in set(g.objects(OBS, ZC.metric))
    # an xsd:string from the store is the same term as a plain literal read from Turtle
    assert (QINGDAO, ZC.adminLevel, Literal("PrefectureCity")) in g


def test_store_blank_nodes_are_kept():
    g = rdflib.Graph()
    g.add((BNode("b1"), RDF.type, ZC.Company))
    g.add((BNode("b1"), SKOS.prefLabel, zh("某公司")))
    g2 = store_graph(to_store({f"{ID_BASE}graph/x": g}))
    (node,) = set(g2.subjects(RDF.type, ZC.Company))
    assert isinstance(node, BNode)
    assert (node, SKOS.prefLabel, zh("某公司")) in g2


def test_store_violations_match_graph_violations():
    g = conforming()
    g.remove((QINGDAO, ZC.adminCode, None))
    g.add((QINGDAO, ZC.adminCode, Literal("3702")))
    g.add((COURT, SKOS.prefLabel, zh("青岛中院")))
    from_graph = validate_graph(g)
    from_store = validate_store(to_store(split(g)))
    assert not from_store.conforms
    assert from_store.violations == from_graph.violations
    assert found(from_store, QINGDAO, ZC.adminCode) and found(from_store, COURT, SKOS.prefLabel)


def test_store_ontology_graph_is_not_data():
    # what sits in the ontology graph is vocabulary, not data to check (and is read from the files)
    bad = rdflib.Graph()
    bad.add((ID["place/bad"], RDF.type, ZC.Place))
    bad.add((ID["place/bad"], ZC.adminCode, Literal("1")))
    graphs = split(conforming())
    graphs[ONTOLOGY_IRI] = bad
    report = validate_store(to_store(graphs))
    assert report.conforms, report.text()
    # the same triples in a document graph are reported
    graphs[f"{ID_BASE}graph/other"] = graphs.pop(ONTOLOGY_IRI)
    assert found(validate_store(to_store(graphs)), ID["place/bad"], ZC.adminCode)


def test_empty_store_conforms():
    report = validate_store(ox.Store())
    assert report.conforms and report.triples == 0


# ---------------------------------------------------------------- the report

def test_report_text_lists_each_violation_readably():
    g = conforming()
    g.remove((OBS, ZC.value, None))
    g.add((QINGDAO, ZC.adminLevel, Literal("City")))
    report = validate_graph(g)
    text = report.text()
    assert text.startswith("does not conform:")
    assert "id:doc/laoshan/obs/18-34  zc:value" in text
    assert "zcsh:ObservationShape-value" in text
    assert '(value: "City")' in text
    assert len(text.strip().splitlines()) == 1 + len(report.violations)


def test_violations_are_sorted_and_unique():
    g = conforming()
    for node in (OBS, ID["doc/laoshan/obs/50-55"]):
        g.add((node, RDF.type, ZC.Observation))
    report = validate_graph(g)
    keys = [(v.focus, v.path or "", v.shape) for v in report.violations]
    assert keys == sorted(keys)
    assert len(set(report.violations)) == len(report.violations)


# ---------------------------------------------------------------- bad shapes or ontology files

def test_missing_shapes_file_is_a_clear_error(tmp_path):
    with pytest.raises(ZhichanError, match=r"E401 .*shapes\.ttl.*no SHACL shapes file.*ZHICHAN_HOME"):
        validate_graph(conforming(), ontology=tmp_path)


def test_broken_turtle_names_the_file(tmp_path):
    (tmp_path / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n", encoding="utf-8")
    (tmp_path / "zhichan.ttl").write_text("this is not turtle .\n", encoding="utf-8")
    with pytest.raises(ZhichanError, match=r"E401 .*zhichan\.ttl: cannot read the Turtle file"):
        validate_graph(conforming(), ontology=tmp_path)
