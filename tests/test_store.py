"""zhichan.store: the entities graph follows the documents, by the bulk path and by atomic replacement alike."""
from __future__ import annotations

import pyoxigraph as ox

from zhichan.rdf import label_grams, label_keys
from zhichan.store import ENTITIES_GRAPH, remove_document, replace_document, sorted_nquads, write_documents

ID = "https://w3id.org/zhichan/id/"
ZC = "https://w3id.org/zhichan/ontology#"
A = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
DENOTES = ox.NamedNode(ZC + "denotes")


def _doc(doc_id: str, entities: dict[str, tuple[str, str, list[str], int]]) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """A document graph naming ``entities``: key → (class, prefLabel, aliases, mentions)."""
    g = ox.NamedNode(f"{ID}graph/{doc_id}")
    quads = []
    for key, (cls, label, aliases, mentions) in entities.items():
        e = ox.NamedNode(f"{ID}{key}")
        quads.append(ox.Quad(e, A, ox.NamedNode(ZC + cls), g))
        quads.append(ox.Quad(e, PREF, ox.Literal(label, language="zh"), g))
        quads += [ox.Quad(e, ALT, ox.Literal(a, language="zh"), g) for a in aliases]
        for i in range(mentions):
            quads.append(ox.Quad(ox.NamedNode(f"{ID}doc/{doc_id}/m/{i}-{key}"), DENOTES, e, g))
    return g, quads


DOCS = [
    _doc("a", {"agency/甲市海关": ("Agency", "甲市海关", ["海关"], 2), "place/110000": ("Place", "乙省", [], 1)}),
    _doc("b", {"agency/甲市海关": ("Agency", "甲市海关", ["“甲市海关”"], 1), "company/丙公司": ("Company", "丙公司", [], 3)}),
]


def _described(st, key: str) -> dict:
    e = ox.NamedNode(f"{ID}{key}")
    out: dict = {}
    for q in st.quads_for_pattern(e, None, None, ENTITIES_GRAPH):
        out.setdefault(q.predicate.value.rsplit("#", 1)[-1], set()).add(q.object)
    return out


def test_bulk_path_and_atomic_replacement_give_the_same_quads():
    bulk, one_by_one = ox.Store(), ox.Store()
    write_documents(bulk, DOCS, fresh=True)
    write_documents(one_by_one, DOCS, fresh=False)
    assert sorted_nquads(bulk) == sorted_nquads(one_by_one)


def test_one_description_across_documents():
    st = ox.Store()
    write_documents(st, DOCS, fresh=True)
    d = _described(st, "agency/甲市海关")
    assert d["prefLabel"] == {ox.Literal("甲市海关", language="zh")}
    assert d["documentCount"] == {ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))}
    assert {t.value for t in d["mentionCount"]} == {"3"}
    assert {t.value for t in d["mentionedIn"]} == {f"{ID}doc/a", f"{ID}doc/b"}
    # the label index: its IRI, each label as written and without quotes
    assert {t.value for t in d["labelKey"]} == {f"{ID}agency/甲市海关", "甲市海关", "海关", "“甲市海关”"}
    assert {t.value for t in d["labelGram"]} == {"", "甲市", "市海", "海关"}


def test_replacing_and_removing_a_document_updates_the_entities_it_named():
    st = ox.Store()
    write_documents(st, DOCS, fresh=True)
    g, _ = DOCS[1]
    _, quads = _doc("b", {"company/丙公司": ("Company", "丙公司", [], 1)})
    replace_document(st, g, quads)  # the customs office is no longer named by b
    assert {t.value for t in _described(st, "agency/甲市海关")["documentCount"]} == {"1"}
    assert {t.value for t in _described(st, "company/丙公司")["mentionCount"]} == {"1"}
    remove_document(st, g)
    assert _described(st, "company/丙公司") == {}
    assert not list(st.quads_for_pattern(None, None, None, g))


def test_label_keys_and_grams():
    assert label_keys("《某某条例》") == {"《某某条例》", "某某条例"}
    assert label_grams("丁县 农商行") == {"丁县", "县农", "农商", "商行"}


# ------------------------------------------------------------------ metric concepts

SKOS = "http://www.w3.org/2004/02/skos/core#"


def _figures(doc_id: str, figures: list[tuple[str, str, str, str | None, str | None]]) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """A document graph stating ``figures``: (concept name, wording, unit, period, area key) each."""
    g = ox.NamedNode(f"{ID}graph/{doc_id}")
    quads = []
    for i, (concept, wording, unit, period, area) in enumerate(figures):
        f, c = ox.NamedNode(f"{ID}doc/{doc_id}/obs/{i}"), ox.NamedNode(f"{ID}metric/{concept}")
        quads += [ox.Quad(f, A, ox.NamedNode(ZC + "Observation"), g),
                  ox.Quad(f, ox.NamedNode(ZC + "metric"), ox.Literal(wording, language="zh"), g),
                  ox.Quad(f, ox.NamedNode(ZC + "unit"), ox.Literal(unit), g),
                  ox.Quad(f, ox.NamedNode(ZC + "metricConcept"), c, g),
                  ox.Quad(c, A, ox.NamedNode(SKOS + "Concept"), g),
                  ox.Quad(c, ox.NamedNode(SKOS + "inScheme"), ox.NamedNode(f"{ID}metric"), g),
                  ox.Quad(c, PREF, ox.Literal(concept, language="zh"), g)]
        if wording != concept:
            quads.append(ox.Quad(c, ALT, ox.Literal(wording, language="zh"), g))
        if period:
            quads.append(ox.Quad(f, ox.NamedNode(ZC + "period"),
                                 ox.Literal(period, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")), g))
        if area:
            quads.append(ox.Quad(f, ox.NamedNode(ZC + "area"), ox.NamedNode(f"{ID}{area}"), g))
    return g, quads


FIGURE_DOCS = [
    _figures("x", [("商标注册量", "商标注册量", "件", "2022", "place/110000"), ("商标注册量", "注册商标", "万件", "2023", None)]),
    _figures("y", [("商标注册量", "商标注册数", "件", "2023", "place/120000"), ("质押融资额", "质押融资额", "亿元", None, None)]),
]


def _values(d: dict, key: str) -> set[str]:
    return {t.value for t in d.get(key, ())}


def test_a_metric_concept_is_described_over_all_documents():
    st = ox.Store()
    write_documents(st, FIGURE_DOCS, fresh=True)
    d = _described(st, "metric/商标注册量")
    assert _values(d, "figureCount") == {"3"} and _values(d, "documentCount") == {"2"}
    assert _values(d, "figureUnit") == {"件", "万件"}
    assert _values(d, "figurePeriod") == {"2022", "2023"}
    assert _values(d, "figureArea") == {f"{ID}place/110000", f"{ID}place/120000"}
    assert _values(d, "altLabel") == {"注册商标", "商标注册数"}
    assert "商标" in _values(d, "labelGram") and "注册商标" in _values(d, "labelKey")
    assert "mentionCount" not in d  # search-entities lists entities with mentions only


def test_replacing_and_removing_a_document_updates_its_metric_concepts():
    st = ox.Store()
    write_documents(st, FIGURE_DOCS, fresh=True)
    g, _ = FIGURE_DOCS[1]
    _, quads = _figures("y", [("质押融资额", "质押融资额", "亿元", "2021", None)])
    replace_document(st, g, quads)
    d = _described(st, "metric/商标注册量")
    assert _values(d, "figureCount") == {"2"} and _values(d, "figureArea") == {f"{ID}place/110000"}
    assert _values(d, "altLabel") == {"注册商标"}
    assert _values(_described(st, "metric/质押融资额"), "figurePeriod") == {"2021"}
    remove_document(st, g)
    assert _described(st, "metric/质押融资额") == {}


def test_the_build_reads_back_the_same_entities_graph():
    from zhichan.build import describe_entities

    docs = DOCS + FIGURE_DOCS
    expected = ox.Store()
    write_documents(expected, docs, fresh=True)
    st = ox.Store()
    st.bulk_extend([q for _, quads in docs for q in quads])
    for batch in describe_entities(st, batch=2):
        st.bulk_extend(batch)
    assert sorted_nquads(st) == sorted_nquads(expected)
    one_by_one = ox.Store()
    write_documents(one_by_one, docs, fresh=False)
    assert sorted_nquads(one_by_one) == sorted_nquads(expected)
