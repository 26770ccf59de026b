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
