"""Linking the graph's entities to external datasets: exact, close, ambiguous, no link; --remove."""
from __future__ import annotations

import gc
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import typer
from typer.testing import CliRunner

from zhichan import cli_link
from zhichan.config import ID_BASE, ONTOLOGY_NS
from zhichan.errors import LinkError
from zhichan.link import (CLOSE, EXACT, classes_of, link_dataset, linkset_slug, normalise, remove_linkset,
                          similarity, variants)
from zhichan.places import gazetteer_quads

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
WD = "http://www.wikidata.org/entity/"
EX = "https://example.org/reg/"
DOC_GRAPH = f"{ID_BASE}graph/qingdao-test"

# (IRI tail, core class, finer class, prefLabel, altLabels, locatedIn code)
ENTITIES = [
    ("agency/青岛市科学技术局", "Agency", "AdministrativeBureau", "青岛市科学技术局", ["市科技局"], "370200"),
    ("agency/青岛市知识产权局", "Agency", "AdministrativeBureau", "青岛市知识产权局", ["市知识产权局"], "370200"),
    ("agency/青岛市崂山区人民法院", "Agency", "Court", "青岛市崂山区人民法院", ["崂山区人民法院"], "370212"),
    ("company/青岛银行股份有限公司", "Company", "Bank", "青岛银行股份有限公司", ["青岛银行"], None),
    ("company/青岛农村商业银行股份有限公司", "Company", "Bank", "青岛农村商业银行股份有限公司", [], None),
    ("organization/青岛大学", "Organization", "University", "青岛大学", [], None),
    ("organization/中国海洋大学", "Organization", "University", "中国海洋大学", ["海大"], None),
    ("program/知识产权质押融资风险补偿基金", "Program", "Fund", "知识产权质押融资风险补偿基金", [], None),
]


def _zh(text):
    return ox.Literal(text, language="zh")


def entity_quads() -> list[ox.Quad]:
    g = ox.NamedNode(DOC_GRAPH)
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    out = []
    for tail, core, kind, pref, alts, place in ENTITIES:
        e = ox.NamedNode(ID_BASE + tail)
        out += [ox.Quad(e, a, ox.NamedNode(ONTOLOGY_NS + core), g), ox.Quad(e, a, ox.NamedNode(ONTOLOGY_NS + kind), g),
                ox.Quad(e, ox.NamedNode(SKOS + "prefLabel"), _zh(pref), g),
                ox.Quad(e, ox.NamedNode(RDFS + "label"), _zh(pref), g)]
        out += [ox.Quad(e, ox.NamedNode(SKOS + "altLabel"), _zh(x), g) for x in alts]
        if place:
            out.append(ox.Quad(e, ox.NamedNode(ONTOLOGY_NS + "locatedIn"), ox.NamedNode(f"{ID_BASE}place/{place}"), g))
    # places as a document graph states them, with the gazetteer beside
    for code, name, level in (("370212", "崂山区", "District"), ("370211", "黄岛区", "District")):
        p = ox.NamedNode(f"{ID_BASE}place/{code}")
        out += [ox.Quad(p, a, ox.NamedNode(ONTOLOGY_NS + "Place"), g),
                ox.Quad(p, a, ox.NamedNode(ONTOLOGY_NS + level), g),
                ox.Quad(p, ox.NamedNode(SKOS + "prefLabel"), _zh(name), g),
                ox.Quad(p, ox.NamedNode(ONTOLOGY_NS + "adminCode"), ox.Literal(code), g)]
    return out + gazetteer_quads(["370212", "370211"])


@pytest.fixture
def store() -> ox.Store:
    st = ox.Store()
    st.extend(entity_quads())
    return st


def nquads(store: ox.Store) -> list[str]:
    return sorted(f"{q} ." for q in store.quads_for_pattern(None, None, None, None))


def links(store: ox.Store, slug: str) -> set[tuple[str, str, str]]:
    graph = ox.NamedNode(f"{ID_BASE}graph/linkset/{slug}")
    out = set()
    for pred, short in ((EXACT, "exact"), (CLOSE, "close")):
        for q in store.quads_for_pattern(None, ox.NamedNode(pred), None, graph):
            out.add((q.subject.value[len(ID_BASE):], short, q.object.value))
    return out


# ------------------------------------------------------------------------------------------- CSV
CSV_ROWS = [
    # id, label (| aliases), type, place, code
    (EX + "kjj-qd", "青岛市科学技术局|市科技局", "Agency", "青岛市", ""),
    (EX + "kjj-yt", "烟台市科学技术局|市科技局", "Agency", "烟台市", ""),            # other city, same alias
    (EX + "ipo-qd", "青岛知识产权局", "Agency", "青岛", ""),                          # near-duplicate: close
    (EX + "ipo-yt", "烟台市知识产权局", "Agency", "烟台", ""),                        # other city
    (EX + "ipc-qd", "青岛市知识产权保护中心", "Organization", "青岛市", ""),            # near name, other body
    (EX + "court-ls", "崂山区人民法院", "Court", "370212", ""),                        # alias = their label
    (EX + "court-cy", "城阳区人民法院", "Court", "370214", ""),
    (EX + "bqd-1", "青岛银行", "Bank", "", ""),                                       # two records, one name:
    (EX + "bqd-2", "青岛银行", "Bank", "", ""),                                       # ambiguous
    (EX + "qrcb", "青岛农商银行", "Bank", "青岛", ""),                                  # abbreviation: close
    (EX + "qdu", "青岛大学", "University", "青岛市", ""),
    (EX + "qdu-co", "青岛大学", "Company", "", ""),                                    # same name, other type
    (EX + "laoshan-water", "崂山", "Company", "青岛", ""),                              # same as a place alias
    (EX + "laoshan", "崂山区", "Place", "", "370212"),                                  # by code
    (EX + "huangdao", "黄岛区", "Place", "", "370211"),
    (EX + "chaoyang", "朝阳区", "Place", "", "110105"),                                 # nothing here
]

EXPECTED_CSV = {
    ("agency/青岛市科学技术局", "exact", EX + "kjj-qd"),
    ("agency/青岛市知识产权局", "close", EX + "ipo-qd"),
    ("agency/青岛市崂山区人民法院", "exact", EX + "court-ls"),
    ("company/青岛银行股份有限公司", "close", EX + "bqd-1"),
    ("company/青岛银行股份有限公司", "close", EX + "bqd-2"),
    ("company/青岛农村商业银行股份有限公司", "close", EX + "qrcb"),
    ("organization/青岛大学", "exact", EX + "qdu"),
    ("place/370212", "exact", EX + "laoshan"),
    ("place/370211", "exact", EX + "huangdao"),
}


def write_csv(path: Path, rows=CSV_ROWS, header=("id", "label", "type", "place", "code")) -> Path:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_links_exact_close_and_nothing_incompatible(store, tmp_path):
    path = write_csv(tmp_path / "registry.csv")
    report = link_dataset(store, path, types=None, threshold=0.85, dataset_iri=None)
    assert links(store, "registry") == EXPECTED_CSV
    # entities: 8 of the document + 崂山区/黄岛区 + 青岛市/山东省 from the gazetteer
    assert report.candidates == 12
    assert (report.matched_exact, report.matched_close, report.ambiguous, report.unmatched) == (5, 2, 1, 4)
    assert report.linkset == f"{ID_BASE}graph/linkset/registry"


@pytest.mark.parametrize("entity,record", [
    ("agency/青岛市科学技术局", EX + "kjj-yt"),          # 市科技局 of 青岛 is not 烟台's
    ("agency/青岛市知识产权局", EX + "ipo-yt"),
    ("agency/青岛市崂山区人民法院", EX + "court-cy"),
    ("organization/青岛大学", EX + "qdu-co"),            # a university is not a company
    ("place/370212", EX + "laoshan-water"),              # a district is not a company called 崂山
    ("agency/青岛市知识产权局", EX + "ipc-qd"),
])
def test_no_link_across_type_or_place_even_at_a_low_threshold(store, tmp_path, entity, record):
    link_dataset(store, write_csv(tmp_path / "registry.csv"), types=None, threshold=0.6, dataset_iri=None)
    found = links(store, "registry")
    assert not any(s == entity and o == record for s, _, o in found)


def test_scores_and_rules_are_recorded(store, tmp_path):
    link_dataset(store, write_csv(tmp_path / "registry.csv"), types=None, threshold=0.85, dataset_iri=None)
    rows = list(store.query(f"""PREFIX zc: <{ONTOLOGY_NS}>
      SELECT ?s ?o ?score ?rule WHERE {{ GRAPH <{ID_BASE}graph/linkset/registry> {{
        ?st zc:linkSubject ?s ; zc:linkTarget ?o ; zc:score ?score ; zc:rule ?rule }} }}"""))
    got = {(r["s"].value[len(ID_BASE):], r["o"].value): (r["score"].value, r["rule"].value) for r in rows}
    assert got[("company/青岛农村商业银行股份有限公司", EX + "qrcb")] == ("0.857", "similarity")
    assert got[("agency/青岛市知识产权局", EX + "ipo-qd")] == ("0.933", "similarity")
    assert got[("place/370212", EX + "laoshan")] == ("1", "admin-code")
    assert got[("company/青岛银行股份有限公司", EX + "bqd-1")][1] == "ambiguous"
    assert all(r["score"].datatype.value.endswith("#decimal") for r in rows)
    assert len(rows) == len(EXPECTED_CSV)
    # link nodes are no rdf:Statement: those are reserved for the evidence of extracted relations
    statement = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement")
    assert not list(store.quads_for_pattern(None, None, statement, None))


def test_type_option_restricts_the_entities(store, tmp_path):
    report = link_dataset(store, write_csv(tmp_path / "registry.csv"), types=["Place"], threshold=0.85,
                          dataset_iri=None)
    assert links(store, "registry") == {x for x in EXPECTED_CSV if x[0].startswith("place/")}
    assert report.candidates == 4 and report.matched_exact == 2


def test_remove_restores_the_store_exactly(store, tmp_path):
    before = nquads(store)
    path = write_csv(tmp_path / "registry.csv")
    link_dataset(store, path, types=None, threshold=0.85, dataset_iri=None)
    assert nquads(store) != before
    removed = remove_linkset(store, path)
    assert removed > 0 and nquads(store) == before
    with pytest.raises(LinkError) as err:
        remove_linkset(store, "registry")
    assert err.value.code == "E518"


def test_relinking_replaces_the_linkset_and_is_deterministic(store, tmp_path):
    path = write_csv(tmp_path / "registry.csv")
    link_dataset(store, path, types=None, threshold=0.85, dataset_iri=None)
    first = nquads(store)
    link_dataset(store, path, types=None, threshold=0.85, dataset_iri=None)
    assert nquads(store) == first
    write_csv(path, CSV_ROWS[:1])
    link_dataset(store, path, types=None, threshold=0.85, dataset_iri=None)
    assert links(store, "registry") == {("agency/青岛市科学技术局", "exact", EX + "kjj-qd")}


def test_other_linksets_are_not_candidates(store, tmp_path):
    link_dataset(store, write_csv(tmp_path / "registry.csv"), types=None, threshold=0.85, dataset_iri=None)
    report = link_dataset(store, write_csv(tmp_path / "again.csv"), types=None, threshold=0.85, dataset_iri=None)
    assert report.candidates == 12
    assert {g.value for g in store.named_graphs()} >= {f"{ID_BASE}graph/linkset/registry",
                                                     f"{ID_BASE}graph/linkset/again"}


# ------------------------------------------------------------------------------------------- RDF and Wikidata
TURTLE = """@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
wd:Q9001 rdfs:label "青岛大学"@zh, "Qingdao University"@en ; wdt:P31 wd:Q3918 ; wdt:P131 wd:Q9100 .
wd:Q9002 skos:prefLabel "中国海洋大学"@zh ; skos:altLabel "海大"@zh ; schema:name "Ocean University of China"@en ;
    wdt:P31 wd:Q3918 ; wdt:P131 wd:Q9100 .
wd:Q9003 rdfs:label "烟台大学"@zh ; wdt:P31 wd:Q3918 ; wdt:P131 wd:Q9200 .
wd:Q9004 rdfs:label "崂山"@zh ; wdt:P31 wd:Q8502 .
wd:Q9005 rdfs:label "崂山区"@zh ; wdt:P442 "370212" ; wdt:P31 wd:Q1065118 .
wd:Q9006 rdfs:label "青岛市科学技术局"@zh ; skos:altLabel "市科技局"@zh ; wdt:P31 wd:Q327333 ; wdt:P131 wd:Q9200 .
wd:Q9100 rdfs:label "青岛市"@zh ; wdt:P442 "370200" ; wdt:P31 wd:Q748149 .
wd:Q9200 rdfs:label "烟台市"@zh ; wdt:P442 "370600" ; wdt:P31 wd:Q748149 .
"""

EXPECTED_RDF = {
    ("organization/青岛大学", "exact", WD + "Q9001"),
    ("organization/中国海洋大学", "exact", WD + "Q9002"),
    ("place/370212", "exact", WD + "Q9005"),
    ("place/370200", "exact", WD + "Q9100"),
}


def test_turtle_wikidata_slice(store, tmp_path):
    path = tmp_path / "wd-slice.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    report = link_dataset(store, path, types=None, threshold=0.85, dataset_iri=WD + "Q2013")
    # Q9006 says 青岛市科学技术局 but sits in 烟台 (P131): a conflicting place is no link.
    assert links(store, "wd-slice") == EXPECTED_RDF
    assert report.matched_exact == 4 and report.dataset == WD + "Q2013"


def _wd(qid, zh, *, en=None, aliases=(), p31=(), p442=None, p131=()):
    claims = {"P31": [{"mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": q}}}} for q in p31]}
    if p442:
        claims["P442"] = [{"mainsnak": {"snaktype": "value", "datavalue": {"value": p442}}}]
    claims["P131"] = [{"mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": q}}}} for q in p131]
    labels = {"zh": {"language": "zh", "value": zh}}
    if en:
        labels["en"] = {"language": "en", "value": en}
    return {"id": qid, "type": "item", "labels": labels,
            "aliases": {"zh": [{"language": "zh", "value": a} for a in aliases]}, "claims": claims}


WD_ENTITIES = [
    _wd("Q9001", "青岛大学", en="Qingdao University", p31=["Q3918"]),
    _wd("Q9011", "中国海洋大学青岛校区", p31=["Q3918"]),
    _wd("Q9012", "青岛农商银行", aliases=["青岛农村商业银行"], p31=["Q22687"], p131=["Q9100"]),
    _wd("Q9013", "青岛银行", p31=["Q22687"], p131=["Q9200"]),     # the wrong city for 青岛银行
    _wd("Q9005", "崂山区", p31=["Q1065118"], p442="370212"),
    _wd("Q9014", "黄岛区", p31=["Q1065118"], p442="370211"),
    _wd("Q9100", "青岛市", p31=["Q748149"], p442="370200"),
    _wd("Q9200", "烟台市", p31=["Q748149"], p442="370600"),
]

EXPECTED_WD = {
    ("organization/青岛大学", "exact", WD + "Q9001"),
    ("company/青岛农村商业银行股份有限公司", "exact", WD + "Q9012"),   # via its alias, legal form dropped
    ("place/370212", "exact", WD + "Q9005"),
    ("place/370211", "exact", WD + "Q9014"),
    ("place/370200", "exact", WD + "Q9100"),
}


@pytest.mark.parametrize("layout", ["dump", "lines", "api"])
def test_wikidata_json_slice(store, tmp_path, layout):
    path = tmp_path / "wikidata.json"
    if layout == "dump":       # the dump layout: one entity per line inside [ ]
        text = "[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in WD_ENTITIES) + "\n]\n"
    elif layout == "lines":
        text = "\n".join(json.dumps(e, ensure_ascii=False) for e in WD_ENTITIES) + "\n"
    else:                      # wbgetentities output
        text = json.dumps({"entities": {e["id"]: e for e in WD_ENTITIES}}, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    link_dataset(store, path, types=None, threshold=0.85, dataset_iri=None)
    assert links(store, "wikidata") == EXPECTED_WD


# ------------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize("name,text,kwargs,code", [
    ("missing.csv", None, {}, "E510"),
    ("data.xlsx", "x", {}, "E511"),
    ("bad.ttl", "this is not turtle", {}, "E512"),
    ("cols.csv", "name,iri\n青岛大学,https://example.org/1\n", {}, "E513"),
    ("bare.csv", "id,label\n42,青岛大学\n", {}, "E514"),
    ("empty.csv", "id,label\n", {}, "E515"),
    ("ok.csv", "id,label\nhttps://example.org/1,青岛大学\n", {"threshold": 1.5}, "E516"),
    ("ok.csv", "id,label\nhttps://example.org/1,青岛大学\n", {"types": ["Widget"]}, "E517"),
])
def test_errors_name_the_problem_and_leave_the_store(store, tmp_path, name, text, kwargs, code):
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    before = nquads(store)
    args = {"types": None, "threshold": 0.85, "dataset_iri": None, **kwargs}
    with pytest.raises(LinkError) as err:
        link_dataset(store, path, **args)
    assert err.value.code == code and err.value.fix
    assert nquads(store) == before


def test_id_prefix_and_column_names(store, tmp_path):
    path = tmp_path / "unis.csv"
    path.write_text("名称,编号\n青岛大学,qdu\n", encoding="utf-8")
    link_dataset(store, path, types=None, threshold=0.85, dataset_iri=None, label_column="名称", id_column="编号",
                 id_prefix="https://example.org/uni/")
    assert links(store, "unis") == {("organization/青岛大学", "exact", "https://example.org/uni/qdu")}


# ------------------------------------------------------------------------------------------- pieces
@pytest.mark.parametrize("text,norm", [
    ("《青岛银行》", "青岛银行"), ("青岛 银行", "青岛银行"), ("Qingdao Bank Co., Ltd.", "qingdaobankcoltd"),
    ("“青岛大学”", "青岛大学"), ("ＡＢＣ银行", "abc银行")])
def test_normalise(text, norm):
    assert normalise(text) == norm


@pytest.mark.parametrize("text,form", [
    ("青岛银行股份有限公司", "青岛银行"), ("青岛市知识产权局（青岛市知识产权保护中心）", "青岛市知识产权局"),
    ("Bank of Qingdao Co., Ltd.", "bankofqingdao")])
def test_variants(text, form):
    assert form in variants(text)


@pytest.mark.parametrize("a,b,low,high", [
    ("青岛农商银行", "青岛农村商业银行", 0.85, 0.86),     # abbreviation
    ("青岛知识产权局", "青岛市知识产权局", 0.93, 0.94),
    ("青岛银行", "青岛农商银行", 0.0, 0.84),
    ("青岛市科学技术局", "烟台市科学技术局", 0.0, 0.75),
    ("崂山区人民法院", "崂山区人民检察院", 0.0, 0.84),
    ("青岛大学", "青岛大学", 1.0, 1.0),
])
def test_similarity(a, b, low, high):
    assert low <= similarity(a, b) <= high


@pytest.mark.parametrize("types,classes", [
    ({WD + "Q3918"}, {"Organization"}), ({WD + "Q22687"}, {"Company"}), ({WD + "Q327333"}, {"Agency"}),
    ({WD + "Q8502"}, set()), ({"Bank"}, {"Company"}), ({"大学"}, {"Organization"}),
    ({"https://schema.org/CollegeOrUniversity"}, {"Organization"}), ({f"{ONTOLOGY_NS}Court"}, {"Agency"}),
    ({"organization"}, {"Agency", "Company", "Organization"})])
def test_type_mapping(types, classes):
    assert classes_of(types) == frozenset(classes)


def test_untyped_records_fit_any_class():
    assert classes_of(set()) is None
    assert classes_of({"http://wikiba.se/ontology#Item"}) is None
    assert classes_of({"http://wikiba.se/ontology#Item", WD + "Q3918"}) == {"Organization"}


@pytest.mark.parametrize("given,slug", [("data/links/Wikidata Slice.json", "wikidata-slice"),
                                         ("registry.csv.gz", "registry"), ("registry", "registry"),
                                         ("高校名录.csv", "高校名录")])
def test_linkset_slug(given, slug):
    assert linkset_slug(given) == slug


# ------------------------------------------------------------------------------------------- CLI
def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("link")(cli_link.link)
    app.command("noop")(lambda: None)   # two commands, so "link" is a subcommand as on the main app
    return app


def _disk_store(path: Path) -> None:
    st = ox.Store(str(path))
    st.extend(entity_quads())
    st.flush()
    del st
    gc.collect()


def test_cli_link_and_remove(tmp_path):
    store_dir = tmp_path / "store"
    _disk_store(store_dir)
    csv_path = write_csv(tmp_path / "registry.csv")
    runner = CliRunner()
    result = runner.invoke(_app(), ["link", str(csv_path), "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    report = dict(line.split("\t", 1) for line in result.stdout.strip().splitlines())
    assert (report["exact"], report["close"], report["ambiguous"], report["unmatched"]) == ("5", "2", "1", "4")
    result = runner.invoke(_app(), ["link", "registry", "--remove", "--store", str(store_dir)])
    assert result.exit_code == 0 and result.stdout.startswith("removed\t")
    gc.collect()
    st = ox.Store(str(store_dir))
    assert not [g for g in st.named_graphs() if "linkset" in g.value]


def test_cli_errors_are_one_line_with_exit_2(tmp_path):
    store_dir = tmp_path / "store"
    _disk_store(store_dir)
    runner = CliRunner()
    result = runner.invoke(_app(), ["link", str(tmp_path / "nope.csv"), "--store", str(store_dir)])
    assert result.exit_code == 2
    assert result.stderr.startswith("E510") and len(result.stderr.strip().splitlines()) == 1
    result = runner.invoke(_app(), ["link", "x.csv", "--store", str(tmp_path / "no-store")])
    assert result.exit_code == 2 and result.stderr.startswith("E301")


def test_cli_help_has_an_example():
    result = CliRunner().invoke(_app(), ["link", "--help"])
    assert result.exit_code == 0 and "Example: zhichan link" in result.stdout


def test_a_zone_places_what_it_holds_through_its_administrative_area(tmp_path):
    g = ox.NamedNode(DOC_GRAPH)
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    zone, bureau = ox.NamedNode(ID_BASE + "place/青岛西海岸新区"), ox.NamedNode(ID_BASE + "agency/新区市场监督管理局")
    located = ox.NamedNode(ONTOLOGY_NS + "locatedIn")
    st = ox.Store()
    st.extend([ox.Quad(zone, a, ox.NamedNode(ONTOLOGY_NS + "Place"), g),
               ox.Quad(zone, a, ox.NamedNode(ONTOLOGY_NS + "Zone"), g),
               ox.Quad(zone, ox.NamedNode(SKOS + "prefLabel"), _zh("青岛西海岸新区"), g),
               ox.Quad(zone, located, ox.NamedNode(f"{ID_BASE}place/370200"), g),
               ox.Quad(bureau, a, ox.NamedNode(ONTOLOGY_NS + "Agency"), g),
               ox.Quad(bureau, ox.NamedNode(SKOS + "prefLabel"), _zh("新区市场监督管理局"), g),
               ox.Quad(bureau, located, zone, g)])
    rows = [(EX + "xq-yt", "新区市场监督管理局", "Agency", "烟台市", ""),
            (EX + "xq-qd", "新区市场监督管理局", "Agency", "青岛市", ""),
            (EX + "west-coast", "青岛西海岸新区", "Place", "青岛", "")]
    report = link_dataset(st, write_csv(tmp_path / "zones.csv", rows), types=None, threshold=0.85, dataset_iri=None)
    assert links(st, "zones") == {("agency/新区市场监督管理局", "exact", EX + "xq-qd"),
                                  ("place/青岛西海岸新区", "exact", EX + "west-coast")}
    assert report.ambiguous == 0


# ------------------------------------------------------------------------------------------- hostile datasets
BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                            for i in range(1, 10))
                  + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
                    '<rdf:Description rdf:about="http://e.org/x"><rdfs:label>&lol9;</rdfs:label>'
                    '</rdf:Description></rdf:RDF>\n')


def _read_fails(path, code, **kw):
    from zhichan.link import read_dataset

    with pytest.raises(LinkError) as err:
        read_dataset(path, **kw)
    assert err.value.code == code, str(err.value)
    assert "\n" not in str(err.value) and "fix:" in str(err.value)
    return str(err.value)


def test_billion_laughs_is_refused_before_parsing(tmp_path):
    path = tmp_path / "laughs.rdf"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert len(path.read_bytes()) < 1000
    _read_fails(path, "E521")


@pytest.mark.parametrize("decl", ['<!ENTITY x SYSTEM "file:///etc/passwd">', '<!ENTITY % p "x">'])
def test_external_and_parameter_entities_are_refused(tmp_path, decl):
    path = tmp_path / "ext.rdf"
    path.write_text(BILLION_LAUGHS.replace('<!ENTITY lol "lol">', decl), encoding="utf-8")
    _read_fails(path, "E521")


def test_namespace_entities_as_protege_writes_them_still_read(tmp_path):
    from zhichan.link import read_dataset

    path = tmp_path / "ok.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY ex "http://e.org/" >\n]>\n'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
                    '<rdf:Description rdf:about="&ex;a"><rdfs:label xml:lang="zh">温州银行</rdfs:label>'
                    '</rdf:Description></rdf:RDF>\n', encoding="utf-8")
    (rec,) = read_dataset(path)
    assert rec.iri == "http://e.org/a" and rec.preferred() == "温州银行"


def test_gzip_bomb_stops_at_the_byte_budget(tmp_path, monkeypatch):
    import gzip
    import zlib

    from zhichan import link

    monkeypatch.setattr(link, "MAX_BYTES", 4 * 1024 * 1024)
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:   # 64 MB of blanks in about 64 KB
        chunk = b" " * (1024 * 1024)
        for _ in range(64):
            fh.write(chunk)
    assert path.stat().st_size < 200_000
    assert "E520" in _read_fails(path, "E520")
    ttl = tmp_path / "bomb.nt.gz"
    line = b'<http://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n'
    ttl.write_bytes(gzip.compress(line * 200_000))  # 13 MB of N-Triples
    _read_fails(ttl, "E520")
    assert zlib  # the bomb is made with the library, not by hand


def test_the_default_budget_is_bounded():
    from zhichan import link

    assert 0 < link.MAX_BYTES <= 1024 ** 3


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000,
                                  '{"entities": {"Q1": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001 + "}}"])
def test_deeply_nested_json_is_a_coded_error(tmp_path, text):
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    assert _read_fails(path, "E523")


def test_deeply_nested_jsonld_is_a_coded_error(tmp_path):
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id": "http://e.org/x", "http://e.org/p": ' * 100_000 + '"v"' + "}" * 100_000,
                    encoding="utf-8")
    _read_fails(path, "E512")


@pytest.mark.parametrize("name", ["big.ttl", "big.json", "big.csv"])
def test_a_16_mb_literal_is_refused(tmp_path, name):
    big = "长" * (16 * 1024 * 1024 // 3)
    path = tmp_path / name
    if name.endswith(".ttl"):
        path.write_text(f'<http://e.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "{big}"@zh .\n',
                        encoding="utf-8")
        code = "E522"
    elif name.endswith(".json"):
        path.write_text(json.dumps({"entities": {"Q7": {"id": "Q7", "labels": {"zh": {"value": big}}}}},
                                   ensure_ascii=False), encoding="utf-8")
        code = "E522"
    else:
        path.write_text(f"id,label\nhttps://e.org/x,{big}\n", encoding="utf-8")
        code = "E512"  # the csv module's own field limit
    _read_fails(path, code)


def test_invalid_iri_is_reported_with_its_line(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text("id,label\nhttps://e.org/ok,温州银行\nhttps://e.org/has space,台州银行\n", encoding="utf-8")
    message = _read_fails(path, "E514")
    assert f"{path}:3:" in message


def test_invalid_wikidata_id_and_wrong_shapes_are_coded(tmp_path):
    bad_id = tmp_path / "a.json"
    bad_id.write_text(json.dumps({"entities": {"x": {"id": "Q1> <http://evil", "labels": {}}}}), encoding="utf-8")
    _read_fails(bad_id, "E514")
    shape = tmp_path / "b.json"
    shape.write_text(json.dumps({"entities": {"Q1": {"id": "Q1", "labels": ["not", "a", "map"]}}}), encoding="utf-8")
    _read_fails(shape, "E512")


def test_cli_reports_a_hostile_dataset_in_one_line(tmp_path):
    store_dir = tmp_path / "store"
    _disk_store(store_dir)
    path = tmp_path / "laughs.rdf"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    result = CliRunner().invoke(_app(), ["link", str(path), "--store", str(store_dir)])
    assert result.exit_code == 2 and result.stderr.startswith("E521")
    assert len(result.stderr.strip().splitlines()) == 1


def test_invalid_iri_in_turtle_is_reported_with_its_line(tmp_path):
    path = tmp_path / "reg.ttl"
    path.write_text('<https://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "温州银行"@zh .\n'
                    '<https://e.org/b c> <http://www.w3.org/2000/01/rdf-schema#label> "台州银行"@zh .\n',
                    encoding="utf-8")
    assert "line 2" in _read_fails(path, "E512")
