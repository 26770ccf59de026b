"""Reconciliation: the graph's entities against an external dataset → one linkset graph.

Input: the store, and a dataset file: RDF (``.ttl .nt .nq .trig .rdf .jsonld``; labels through
``rdfs:label``, ``skos:prefLabel``/``altLabel``, ``schema:name``; types through ``rdf:type`` or
Wikidata ``wdt:P31``), a Wikidata JSON dump slice (``.json``/``.jsonl``: ``labels``, ``aliases``,
claims P31 instance of, P442 administrative code, P131 located in), or a CSV (a label column and an
identifier column, optionally type, place and administrative-code columns); any of them may be
gzipped. Output: the named graph ``id/graph/linkset/<slug>`` holding ``skos:exactMatch`` for exact,
unambiguous matches and ``skos:closeMatch`` for the rest, each link described by a node
``id/linkset/<slug>/<hash>`` with ``zc:linkSubject``, ``zc:linkTarget``, ``zc:score`` and ``zc:rule``,
plus a ``void:Linkset`` node. The graph is replaced in one atomic update; ``remove_linkset`` drops
it again, leaving the rest of the store untouched.

How a graph entity (a thing typed with a zc core class, outside linksets) finds its match:
1. a Place with ``zc:adminCode`` matches the record with the same code (P442, or the CSV code
   column): exact;
2. else normalised labels (NFKC, lower case, punctuation and brackets dropped; also without
   bracketed asides and company legal forms) equal on both sides, at least one side's preferred
   label: exact when one record qualifies, ambiguous when several;
3. else the most similar record (rapidfuzz's normalised Indel similarity, 2·LCS/(|a|+|b|): an
   in-order abbreviation scores by its length, 青岛农商银行 of 青岛农村商业银行 12/14) at or above the
   threshold: close, or ambiguous when several tie.
Every candidate must have a compatible type (a small table maps Wikidata classes, schema.org and
ORG classes and plain type words onto zc core classes; a record whose types are all unknown is not
compatible) and a compatible place: the places each side states (zc:adminCode, zc:locatedIn, P131,
the CSV place and code columns) — or, when it states none, the administrative name its label
starts with (青岛银行 → 青岛) — must lie one inside the other, so 青岛市科学技术局 (市科技局) never
links to 烟台市科学技术局 (市科技局).

A dataset is untrusted input (E519–E523, one coded line each, never a traceback): RDF/XML that
declares entities (``<!ENTITY``, the "billion laughs") is refused before parsing; every file is read
through a byte budget (``MAX_BYTES``, after decompression, so a gzip bomb stops at the budget);
JSON nested deeper than ``MAX_DEPTH`` and labels longer than ``MAX_LABEL`` characters are refused;
an identifier that is not a valid IRI is reported with its line. The words read in datasets (type
words, legal forms, aside brackets) are ``extract/lexicons/link_vocabulary.json``.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rapidfuzz import fuzz

from . import terms
from .errors import LinkError
from .terms import DCT, ID_BASE, ONTOLOGY_NS, PROV, RDF, RDFS, SCHEMA_NS, SKOS, VOID, WD, WDT, XSD

LINKSET_GRAPH_PREFIX = terms.LINKSET_GRAPH_PREFIX
LINKSET_PREFIX = terms.LINKSET_PREFIX
VOID_GRAPH = terms.VOID_GRAPH
DATASET_IRI = terms.DATASET
EXACT, CLOSE = SKOS + "exactMatch", SKOS + "closeMatch"
MAX_AMBIGUOUS_LINKS = 5

# Limits on a dataset (hostile or broken files get a coded error, not a crash or a memory blow-up).
MAX_BYTES = int(os.environ.get("ZHICHAN_LINK_MAX_BYTES", 256 * 1024 * 1024))   # read, after decompression
MAX_LABEL = 2000          # characters of one label (names are short; a 16 MB literal is not a name)
MAX_ENTITY = 4096         # bytes one declared XML entity may expand to (a namespace IRI, as Protégé writes)

# The core classes and their finer kinds, as the ontology declares them (rdfs:subClassOf).
CORE: dict[str, tuple[str, ...]] = terms.kinds()
CORE_OF = terms.core_of()
ORGS = frozenset({"Agency", "Company", "Organization"})

# External types → the zc core classes they may denote. A generic "organization" fits any
# organisation-like class; everything more specific fits one.
WIKIDATA_TYPES: dict[str, frozenset[str]] = {
    **{q: frozenset({"Person"}) for q in ("Q5",)},
    **{q: ORGS for q in ("Q43229",)},                                  # organization
    **{q: frozenset({"Organization"}) for q in (
        "Q3918", "Q875538", "Q38723", "Q31855")},                      # university, public univ., HEI, research inst.
    **{q: frozenset({"Agency"}) for q in ("Q327333", "Q41487")},       # government agency, court
    **{q: frozenset({"Company"}) for q in (
        "Q783794", "Q4830453", "Q6881511",                             # company, business, enterprise
        "Q891723", "Q1589009",                                         # public company, privately held company
        "Q22687", "Q806718")},                                         # bank, commercial bank
    **{q: frozenset({"Place"}) for q in (
        "Q515", "Q1615742", "Q1208802", "Q57362", "Q779415",           # city, province/municipality/AR/SAR of China
        "Q748149", "Q250811", "Q1070990",                              # prefecture-level, sub-provincial, county-level city
        "Q1289426", "Q1065118",                                        # county, district of China
        "Q56061")},                                                    # administrative territorial entity
}


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """``extract/lexicons/link_vocabulary.json``: type words, legal forms, aside brackets."""
    from .config import extract_dir

    path = extract_dir() / "lexicons" / "link_vocabulary.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        words: dict[str, frozenset[str]] = {}
        for cls, ws in data["type_words"].items():
            if cls != "ORGS" and cls not in CORE:
                raise KeyError(f"{cls} is not a core class")
            for w in ws:
                words[w] = ORGS if cls == "ORGS" else frozenset({cls})
        pairs = [p for p in data["aside_brackets"] if len(p) == 2]
        opens, closes = "".join(p[0] for p in pairs), "".join(p[1] for p in pairs)
        aside = re.compile(f"[{re.escape(opens)}][^{re.escape(opens + closes)}]*[{re.escape(closes)}]")
        return {"types": words, "legal_forms": tuple(sorted(data["legal_forms"], key=len, reverse=True)),
                "aside": aside}
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise LinkError("E519", f"cannot read the link vocabulary: {err}", path=str(path),
                        fix="restore extract/lexicons/link_vocabulary.json (type_words, legal_forms, "
                            "aside_brackets)") from None


# Types that say nothing about the kind of thing (every Wikidata item is a wikibase:Item).
GENERIC_TYPES = {"http://wikiba.se/ontology#Item", "http://www.w3.org/2002/07/owl#Thing",
                 "http://www.w3.org/2002/07/owl#NamedIndividual", RDFS + "Resource", SKOS + "Concept",
                 PROV + "Entity", *(ns + "Thing" for ns in SCHEMA_NS)}

LABEL_PREDICATES = {RDFS + "label": 1, SKOS + "prefLabel": 0, SKOS + "altLabel": 3,
                    **{ns + "name": 2 for ns in SCHEMA_NS}, **{ns + "alternateName": 3 for ns in SCHEMA_NS}}
TYPE_PREDICATES = {RDF + "type", WDT + "P31"}
CODE_PREDICATES = {WDT + "P442", ONTOLOGY_NS + "adminCode"}
PLACE_PREDICATES = {WDT + "P131", ONTOLOGY_NS + "locatedIn", *(ns + "containedInPlace" for ns in SCHEMA_NS),
                    *(ns + "location" for ns in SCHEMA_NS)}

RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
               ".xml": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}
TABLE_FORMATS = {".csv": ",", ".tsv": "\t"}
JSON_FORMATS = {".json", ".jsonl", ".ndjson"}
SUPPORTED = sorted([*RDF_FORMATS, *TABLE_FORMATS, *JSON_FORMATS])



# ---------------------------------------------------------------------------------------- text
def normalise(text: str) -> str:
    """NFKC, lower case, letters and digits only: 《青岛银行》 (Bank of Qingdao) → 青岛银行bankofqingdao."""
    s = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")


def variants(text: str) -> set[str]:
    """The normalised label, without bracketed asides, and without a company's legal form."""
    out = {normalise(text)}
    vocab = vocabulary()
    bare = vocab["aside"].sub("", unicodedata.normalize("NFKC", text))
    out.add(normalise(bare))
    for form in list(out):
        for legal in vocab["legal_forms"]:
            if form.endswith(legal) and len(form) - len(legal) >= 2:
                out.add(form[: -len(legal)])
                break
    return {f for f in out if f}


def similarity(a: str, b: str) -> float:
    """rapidfuzz's normalised Indel similarity of two normalised labels: 2·LCS/(|a|+|b|).

    Characters must agree in order, so an abbreviation that keeps its name's characters scores by
    its length (青岛农商银行 of 青岛农村商业银行: 12/14) and a name of another city does not
    (青岛市科学技术局 / 烟台市科学技术局: 12/16).
    """
    return fuzz.ratio(a, b) / 100.0


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).lower()
    s = re.sub(r"[^\w]+|_", "-", s).strip("-")
    return s or hashlib.sha1(text.encode()).hexdigest()[:12]


def linkset_slug(path_or_slug: str | Path) -> str:
    p = Path(str(path_or_slug))
    name = p.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem, dot, ext = name.rpartition(".")
    if dot and ("." + ext.lower()) in SUPPORTED:
        name = stem
    return slug(name)


def linkset_graph(path_or_slug: str | Path) -> str:
    return LINKSET_GRAPH_PREFIX + linkset_slug(path_or_slug)


# ---------------------------------------------------------------------------------------- model
@dataclass
class Record:
    """One thing of the external dataset."""

    iri: str
    labels: list[tuple[str, int]] = field(default_factory=list)   # (text, rank: 0 preferred … 3 alias)
    types: set[str] = field(default_factory=set)                  # external type IRIs or words
    codes: set[str] = field(default_factory=set)                  # its own administrative code(s)
    place_refs: set[str] = field(default_factory=set)             # IRIs, names or codes of where it is
    places: set[str] = field(default_factory=set)                 # resolved GB/T 2260 codes
    hint: frozenset[str] = frozenset()                            # codes its name starts with (青岛银行 → 青岛)
    classes: frozenset[str] | None = None                         # zc core classes; None = untyped
    line: int | None = None

    def preferred(self) -> str | None:
        zh = [t for t, r in sorted(self.labels, key=lambda x: x[1]) if _has_han(t)]
        ranked = zh or [t for t, _ in sorted(self.labels, key=lambda x: x[1])]
        return ranked[0] if ranked else None


@dataclass
class Candidate:
    """One entity of the graph."""

    iri: str
    classes: set[str] = field(default_factory=set)   # every zc class local name it has
    pref: set[str] = field(default_factory=set)
    alt: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)     # its own code, zc:locatedIn
    hint: frozenset[str] = frozenset()                # codes its name starts with

    @property
    def core(self) -> set[str]:
        return {c for c in self.classes if c in CORE}


@dataclass(frozen=True)
class Link:
    subject: str
    predicate: str      # skos:exactMatch or skos:closeMatch IRI
    target: str
    score: float
    rule: str           # admin-code, label, similarity, ambiguous


@dataclass
class LinkReport:
    linkset: str
    dataset: str
    records: int = 0
    candidates: int = 0
    matched_exact: int = 0
    matched_close: int = 0
    ambiguous: int = 0
    unmatched: int = 0
    links: list[Link] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"linkset\t{self.linkset}", f"dataset\t{self.dataset}", f"records\t{self.records}",
                f"entities\t{self.candidates}", f"exact\t{self.matched_exact}", f"close\t{self.matched_close}",
                f"ambiguous\t{self.ambiguous}", f"unmatched\t{self.unmatched}"]


def _has_han(text: str) -> bool:
    return any(0x4E00 <= ord(ch) <= 0x9FFF for ch in text)


def _lang_rank(lang: str) -> int | None:
    lang = (lang or "").lower()
    if lang in ("zh-hans", "zh-cn", "zh"):
        return 0
    if lang.startswith("zh"):
        return 1
    if lang == "" or lang.startswith("en"):
        return 2
    return None


def _code6(value: str) -> str | None:
    v = value.strip()
    return v[:6] if re.fullmatch(r"\d{6}(\d{3}|\d{6})?", v) else None


# ---------------------------------------------------------------------------------------- readers
class _OverBudget(OSError):
    """Raised by a budgeted reader past ``MAX_BYTES``; read_dataset turns it into E520."""


class _Budget(io.RawIOBase):
    """A binary reader that stops with _OverBudget once more than ``limit`` bytes came through it."""

    def __init__(self, raw, limit: int):
        self.raw, self.limit, self.total = raw, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        self.total += n or 0
        if self.total > self.limit:
            raise _OverBudget(f"more than {self.limit} bytes")
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def _open_binary(path: Path) -> io.BufferedReader:
    # the budget counts bytes after decompression: a gzip bomb stops at MAX_BYTES, not at the disk's end
    raw = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")
    return io.BufferedReader(_Budget(raw, MAX_BYTES))


def _open_text(path: Path) -> io.TextIOBase:
    return io.TextIOWrapper(_open_binary(path), encoding="utf-8-sig", newline="")


_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s>]+)\s+(?:\"([^\"]*)\"|'([^']*)'|(SYSTEM|PUBLIC)\b[^>]*)\s*>")
_ENTITY_REF = re.compile(rb"&([A-Za-z_:][-\w.:]*);")


def _check_xml_entities(path: Path) -> None:
    """Refuse RDF/XML whose declared entities could expand past the budget (billion laughs) or read files.

    Internal entities that stay small (namespace IRIs: ``<!ENTITY owl "http://…#">``) are allowed;
    parameter and external entities, nesting, or a total expansion over ``MAX_BYTES`` are refused.
    """
    with _open_binary(path) as fh:
        data = fh.read()
    if b"<!ENTITY" not in data:
        return
    decls: dict[bytes, bytes] = {}
    for m in _ENTITY_DECL.finditer(data):
        if m.group(1) or m.group(5):
            raise LinkError("E521", "the RDF/XML declares a parameter or external entity", path=str(path),
                            value=m.group(2).decode("utf-8", "replace"),
                            fix="remove the DOCTYPE's entity declarations (write the IRIs in full)")
        decls[m.group(2)] = m.group(3) if m.group(3) is not None else m.group(4)
    if data.count(b"<!ENTITY") != len(decls):
        raise LinkError("E521", "the RDF/XML has entity declarations zhichan does not read", path=str(path),
                        fix="remove the DOCTYPE's entity declarations (write the IRIs in full)")
    for name, value in decls.items():
        if len(value) > MAX_ENTITY or _ENTITY_REF.search(value):
            raise LinkError("E521", "the RDF/XML declares an entity that expands other entities or is large "
                            "(entity expansion is refused)", path=str(path), value=name.decode("utf-8", "replace"),
                            fix="remove the DOCTYPE's entity declarations (write the text in full)")
    expanded = sum(len(decls.get(m.group(1), b"")) for m in _ENTITY_REF.finditer(data))
    if expanded > MAX_BYTES:
        raise LinkError("E521", f"the RDF/XML's entities expand past {MAX_BYTES} bytes", path=str(path),
                        fix="write the IRIs in full instead of through entities")


def _check_label(text: str, path: Path, where: str, line: int | None = None) -> str:
    if len(text) > MAX_LABEL:
        raise LinkError("E522", f"a label of {len(text)} characters (more than {MAX_LABEL})", path=str(path),
                        line=line, value=where, fix="check the file: labels are names, not texts")
    return text


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


def read_dataset(path: Path, *, label_column: str = "label", id_column: str = "id", type_column: str = "type",
                 place_column: str = "place", code_column: str = "code", id_prefix: str | None = None) -> list[Record]:
    """Every labelled record of the file, sorted by IRI."""
    path = Path(path)
    if not path.is_file():
        raise LinkError("E510", "no dataset file here", path=str(path), fix="give the path of a CSV, RDF or JSON file")
    ext = _suffix(path)
    try:
        if ext in TABLE_FORMATS:
            records = _read_table(path, TABLE_FORMATS[ext], label_column, id_column, type_column, place_column,
                                  code_column, id_prefix)
        elif ext in JSON_FORMATS:
            records = _read_wikidata_json(path)
        elif ext in RDF_FORMATS:
            records = _read_rdf(path, RDF_FORMATS[ext])
        else:
            raise LinkError("E511", "unknown dataset format", path=str(path), value=ext or path.name,
                            fix="use one of " + " ".join(SUPPORTED) + " (optionally .gz)")
    except _OverBudget:
        raise LinkError("E520", f"the dataset is larger than {MAX_BYTES} bytes (after decompression)",
                        path=str(path), fix="split the file, or raise the limit with ZHICHAN_LINK_MAX_BYTES") from None
    except MemoryError as err:  # the RDF parsers refuse a single token (a literal) over their 16 MB buffer
        raise LinkError("E522", f"a literal or token too large to read: {err}", path=str(path),
                        fix="check the file: labels are names, not texts") from None
    except RecursionError:
        raise LinkError("E523", "the JSON is nested deeper than the reader allows", path=str(path),
                        fix="give a Wikidata JSON dump slice (entities a few levels deep)") from None
    except (AttributeError, TypeError, KeyError) as err:  # JSON of another shape than a Wikidata dump
        raise LinkError("E512", f"the dataset does not have the expected structure: {type(err).__name__} {err}",
                        path=str(path), fix="give a Wikidata JSON dump slice (labels, aliases, claims per entity)") from None
    except (SyntaxError, ValueError, UnicodeDecodeError, OSError, csv.Error) as err:
        raise LinkError("E512", f"cannot read the dataset: {err}".replace("\n", " "), path=str(path),
                        fix="check that the file is valid for its extension and encoded in UTF-8") from err
    records = [r for r in records if r.labels]
    if not records:
        raise LinkError("E515", "no labelled records in the dataset", path=str(path),
                        fix="check the label column (--label-column) or the label properties "
                            "(rdfs:label, skos:prefLabel, skos:altLabel, schema:name)")
    return sorted(records, key=lambda r: r.iri)


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def _read_table(path, delimiter, label_column, id_column, type_column, place_column, code_column, id_prefix):
    with _open_text(path) as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        columns = reader.fieldnames or []
        missing = [c for c in (label_column, id_column) if c not in columns]
        if missing:
            raise LinkError("E513", f"the table has no column {', '.join(missing)}", path=str(path),
                            value=",".join(columns),
                            fix="name the columns with --label-column and --id-column")
        by_iri: dict[str, Record] = {}
        for row in reader:
            line = reader.line_num
            ident = (row.get(id_column) or "").strip()
            labels = _split(row.get(label_column))
            if not ident or not labels:
                continue
            iri = _external_iri(ident, id_prefix, path, line)
            rec = by_iri.setdefault(iri, Record(iri, line=line))
            rec.labels += [(_check_label(t, path, ident, line), 0 if i == 0 else 3) for i, t in enumerate(labels)]
            rec.types.update(_split(row.get(type_column)))
            rec.place_refs.update(_split(row.get(place_column)))
            rec.codes.update(c for c in map(_code6, _split(row.get(code_column))) if c)
        return list(by_iri.values())


def _external_iri(ident: str, prefix: str | None, path: Path, line: int) -> str:
    if re.fullmatch(r"Q\d+", ident):
        return WD + ident
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", ident) and ("://" in ident or ident.startswith("urn:")):
        return _valid_iri(ident, path, line)
    if prefix:
        from urllib.parse import quote

        return _valid_iri(prefix + quote(ident, safe=""), path, line)
    raise LinkError("E514", "the identifier is not an IRI", path=str(path), line=line, value=ident,
                    fix="write full IRIs (or Wikidata Q-ids) in the id column, or pass --id-prefix https://…/")


def _valid_iri(iri: str, path: Path, line: int | None) -> str:
    try:
        ox.NamedNode(iri)
    except ValueError as err:
        raise LinkError("E514", f"the identifier is not a valid IRI: {err}", path=str(path), line=line,
                        value=iri[:200], fix="write full, valid IRIs (no spaces, <, >, quotes) or Wikidata Q-ids") from None
    return iri


def _wikidata_entities(path: Path):
    with _open_text(path) as fh:
        text = fh.read()
    stripped = text.lstrip()
    if stripped.startswith("{") and '"entities"' in stripped[:200]:
        data = json.loads(text)
        yield from data.get("entities", {}).values()
        return
    if stripped.startswith("{") and "\n" not in stripped.strip():
        yield json.loads(text)
        return
    try:
        for raw in text.splitlines():
            raw = raw.strip().rstrip(",")
            if raw in ("", "[", "]"):
                continue
            yield json.loads(raw)
    except json.JSONDecodeError:
        data = json.loads(text)
        yield from (data if isinstance(data, list) else [data])


def _read_wikidata_json(path: Path) -> list[Record]:
    records: dict[str, Record] = {}
    for ent in _wikidata_entities(path):
        if not isinstance(ent, dict) or "id" not in ent:
            continue
        if not isinstance(ent["id"], str) or not re.fullmatch(r"[QPL]\d+", ent["id"]):
            raise LinkError("E514", "a Wikidata entity id is not a Q-, P- or L-id", path=str(path),
                            value=str(ent["id"])[:200], fix="give a Wikidata JSON dump slice (ids like Q42)")
        rec = Record(WD + ent["id"])
        for lang, label in (ent.get("labels") or {}).items():
            rank = _lang_rank(lang)
            if rank is not None and label.get("value"):
                rec.labels.append((_check_label(str(label["value"]), path, ent["id"]), rank * 10))
        for lang, aliases in (ent.get("aliases") or {}).items():
            if (rank := _lang_rank(lang)) is not None:
                rec.labels += [(_check_label(str(a["value"]), path, ent["id"]), rank * 10 + 3)
                               for a in aliases if a.get("value")]
        _prefer(rec)
        claims = ent.get("claims") or {}
        rec.types.update(WD + v for v in _claim_values(claims, "P31") if isinstance(v, str))
        rec.codes.update(c for v in _claim_values(claims, "P442") if isinstance(v, str) and (c := _code6(v)))
        rec.place_refs.update(WD + v for v in _claim_values(claims, "P131") if isinstance(v, str))
        records[rec.iri] = rec
    return list(records.values())


def _claim_values(claims: dict, prop: str) -> list:
    out = []
    for claim in claims.get(prop, []):
        if claim.get("rank") == "deprecated":
            continue
        snak = claim.get("mainsnak", {})
        if snak.get("snaktype", "value") != "value":
            continue
        value = snak.get("datavalue", {}).get("value")
        out.append(value.get("id") if isinstance(value, dict) else value)
    return out


def _read_rdf(path: Path, fmt: ox.RdfFormat) -> list[Record]:
    records: dict[str, Record] = {}
    if fmt == ox.RdfFormat.RDF_XML:
        _check_xml_entities(path)
    with _open_binary(path) as fh:
        for q in ox.parse(fh, format=fmt, base_iri=path.resolve().as_uri()):
            s, p, o = q.subject, q.predicate.value, q.object
            if not isinstance(s, ox.NamedNode):
                continue
            if p in LABEL_PREDICATES and isinstance(o, ox.Literal):
                lang_rank = _lang_rank(o.language or "")
                if lang_rank is None:
                    continue
                rec = records.setdefault(s.value, Record(s.value))
                rec.labels.append((_check_label(o.value, path, s.value), lang_rank * 10 + LABEL_PREDICATES[p]))
            elif p in TYPE_PREDICATES and isinstance(o, ox.NamedNode):
                records.setdefault(s.value, Record(s.value)).types.add(o.value)
            elif p in CODE_PREDICATES and isinstance(o, ox.Literal) and (c := _code6(o.value)):
                records.setdefault(s.value, Record(s.value)).codes.add(c)
            elif p in PLACE_PREDICATES and isinstance(o, (ox.NamedNode, ox.Literal)):
                records.setdefault(s.value, Record(s.value)).place_refs.add(o.value)
    for rec in records.values():
        _prefer(rec)
    return list(records.values())


def _prefer(rec: Record) -> None:
    """Keep, per script (Chinese, other), the best-ranked non-alias label as preferred (rank 0).

    Raw ranks are ``10 * language rank + property rank``; property rank 3 is an alias.
    """
    best: dict[bool, int] = {}
    for text, r in rec.labels:
        if r % 10 < 3:
            best[_has_han(text)] = min(best.get(_has_han(text), r), r)
    rec.labels = [(t, 0 if r % 10 < 3 and r == best.get(_has_han(t)) else 3) for t, r in rec.labels]


# ---------------------------------------------------------------------------------------- types and places
def classes_of(types: set[str]) -> frozenset[str] | None:
    """The zc core classes an external record's types allow; None when it has no type at all."""
    types = {t for t in types if t not in GENERIC_TYPES}
    if not types:
        return None
    out: set[str] = set()
    for t in types:
        if t.startswith(ONTOLOGY_NS):
            core = CORE_OF.get(t[len(ONTOLOGY_NS):].lower())
            out.update({core} if core else ())
            continue
        if t.startswith(WD) or re.fullmatch(r"Q\d+", t):
            out.update(WIKIDATA_TYPES.get(t.rsplit("/", 1)[-1], ()))
            continue
        word = t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if ":" in t else t
        word = re.sub(r"[\s_\-]+", "", word).lower()
        if word in CORE_OF:
            out.add(CORE_OF[word])
        out.update(vocabulary()["types"].get(word, ()))
    return frozenset(out)


class _Places:
    """Place evidence on either side, resolved to GB/T 2260 codes with the gazetteer.

    What a side states (a code, zc:locatedIn, P131, the place column) wins; only a side that
    states nothing falls back on the place its name starts with (青岛银行, 烟台市科学技术局).
    """

    def __init__(self):
        from .places import HIGH_LEVELS, gazetteer

        self.gaz = gazetteer()
        # full names of every level, short forms only of provinces and prefectures: 青岛银行 is
        # in 青岛, but 东方航空 is not in 东方市
        self.forms = {r.name for r in self.gaz.records() if len(r.name) >= 2}
        self.forms |= {r.short for r in self.gaz.records() if r.level in HIGH_LEVELS and len(r.short) >= 2}
        self.longest = max((len(f) for f in self.forms), default=0)
        self._cache: dict[str, frozenset[str]] = {}

    def from_label(self, label: str) -> frozenset[str]:
        """Administrative names at the start of a name: 青岛市崂山区市场监督管理局 → {370212}."""
        if label in self._cache:
            return self._cache[label]
        text = unicodedata.normalize("NFKC", label).strip()
        found, pos, ctx = None, 0, None
        while True:
            for n in range(min(self.longest, len(text) - pos - 1), 1, -1):
                form = text[pos:pos + n]
                if form in self.forms:
                    rec = self.gaz.lookup(form, city=ctx)
                    if rec is not None and (found is None or self.gaz.within(rec.code, found)):
                        found, ctx, pos = rec.code, rec.code, pos + n
                        break
            else:
                break
        out = frozenset({found} if found else ())
        self._cache[label] = out
        return out

    def resolve(self, ref: str) -> str | None:
        if ref.startswith(f"{ID_BASE}place/"):
            code = ref.rsplit("/", 1)[-1]
            return code if self.gaz.get(code) else None
        if "://" in ref:
            return None
        rec = self.gaz.lookup(ref)
        return rec.code if rec else None

    def compatible(self, a: set[str], b: set[str]) -> bool:
        """No place on a side, or one place of each side lies inside the other."""
        if not a or not b:
            return True
        return any(self.gaz.within(x, y) or self.gaz.within(y, x) for x in a for y in b)


# ---------------------------------------------------------------------------------------- the graph side
def _graph_filter(var: str = "?g") -> str:
    return (f'FILTER(!STRSTARTS(STR({var}), "{LINKSET_GRAPH_PREFIX}") && STR({var}) != "{VOID_GRAPH}")')


def candidates(store: ox.Store, types: list[str] | None = None) -> list[Candidate]:
    """The graph's entities: things typed with a zc core class in any graph but linksets and VoID."""
    out: dict[str, Candidate] = {}
    q = f"""SELECT DISTINCT ?e ?cls WHERE {{ GRAPH ?g {{ ?e a ?cls }}
      FILTER(isIRI(?e) && STRSTARTS(STR(?cls), "{ONTOLOGY_NS}")) {_graph_filter()} }}"""
    for row in store.query(q):
        out.setdefault(row["e"].value, Candidate(row["e"].value)).classes.add(row["cls"].value[len(ONTOLOGY_NS):])
    out = {k: c for k, c in out.items() if c.core}
    if types:
        wanted = set(types)
        out = {k: c for k, c in out.items() if c.classes & wanted}
    q = f"""SELECT DISTINCT ?e ?p ?l WHERE {{ GRAPH ?g {{ ?e ?p ?l }}
      VALUES ?p {{ <{SKOS}prefLabel> <{SKOS}altLabel> <{RDFS}label> }} FILTER(isLiteral(?l)) {_graph_filter()} }}"""
    for row in store.query(q):
        c = out.get(row["e"].value)
        if c is not None:
            (c.pref if row["p"].value == SKOS + "prefLabel" else c.alt).add(row["l"].value)
    codes: dict[str, set[str]] = defaultdict(set)
    q = f"""SELECT DISTINCT ?e ?c WHERE {{ GRAPH ?g {{ ?e <{ONTOLOGY_NS}adminCode> ?c }} {_graph_filter()} }}"""
    for row in store.query(q):
        if code := _code6(row["c"].value):
            codes[row["e"].value].add(code)
    located: dict[str, set[str]] = defaultdict(set)
    q = f"""SELECT DISTINCT ?e ?p WHERE {{ GRAPH ?g {{ ?e <{ONTOLOGY_NS}locatedIn> ?p }} {_graph_filter()} }}"""
    for row in store.query(q):
        located[row["e"].value].add(row["p"].value)

    def place_codes(iri: str, depth: int = 0) -> set[str]:
        # a zone has no code of its own: follow its zc:locatedIn (青岛西海岸新区 → 青岛市)
        m = re.fullmatch(re.escape(ID_BASE) + r"place/(\d{6})", iri)
        if codes.get(iri) or m:
            return set(codes.get(iri, ())) | ({m.group(1)} if m else set())
        if depth >= 3:
            return set()
        return set().union(*(place_codes(o, depth + 1) for o in sorted(located.get(iri, ()))))

    for c in out.values():
        c.alt -= c.pref
        if not c.pref and c.alt:
            c.pref = {min(c.alt)}
        c.codes = set(codes.get(c.iri, ()))
        c.places = set(c.codes).union(*(place_codes(o) for o in sorted(located.get(c.iri, ()))))
    return sorted(out.values(), key=lambda c: c.iri)


# ---------------------------------------------------------------------------------------- matching
class _Index:
    """Record labels by exact normalised form and by character, for rapidfuzz's similarity search.

    Scoring every form against every record would be quadratic; the character postings keep it to
    the forms that can reach the threshold. If 2·LCS/(|a|+|b|) ≥ t then LCS ≥ t·|a|/(2−t) = k, so a
    match shares a character at one of any |a|−k+1 positions of a: the postings of the characters at
    a's |a|−k+1 rarest positions hold every form that can qualify.
    """

    def __init__(self, records: list[Record]):
        self.forms: list[tuple[str, int, bool]] = []      # (form, record index, preferred?)
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.postings: dict[str, list[int]] = defaultdict(list)
        seen = set()
        for ri, rec in enumerate(records):
            for text, rank in rec.labels:
                for form in variants(text):
                    key = (form, ri, rank == 0)
                    if key in seen:
                        continue
                    seen.add(key)
                    fi = len(self.forms)
                    self.forms.append(key)
                    self.exact[form].append(fi)
                    for ch in set(form):
                        self.postings[ch].append(fi)

    def similar(self, form: str, threshold: float) -> dict[int, float]:
        """Form index → similarity, for every record form at or above ``threshold``."""
        if not form:
            return {}
        need = max(1, math.ceil(threshold * len(form) / (2 - threshold) - 1e-9))
        rarest = sorted(form, key=lambda ch: (len(self.postings.get(ch, ())), ch))[: len(form) - need + 1]
        pool = sorted({fi for ch in set(rarest) for fi in self.postings.get(ch, ())})
        cutoff = threshold * 100 - 1e-9
        out = {}
        for fi in pool:
            score = fuzz.ratio(form, self.forms[fi][0], score_cutoff=cutoff)
            if score:
                out[fi] = score / 100.0
        return out


def _entity_forms(c: Candidate) -> list[tuple[str, bool]]:
    forms: dict[str, bool] = {}
    for text in c.pref:
        for f in variants(text):
            forms[f] = True
    for text in c.alt:
        for f in variants(text):
            forms.setdefault(f, False)
    return sorted(forms.items())


def match(cands: list[Candidate], records: list[Record], *, threshold: float) -> tuple[list[Link], dict[str, int]]:
    """Decide one outcome per candidate: exact, close, ambiguous or unmatched; return the links and counts."""
    places = _Places()
    for rec in records:
        rec.classes = classes_of(rec.types)
    by_iri = {r.iri: r for r in records}
    for rec in records:
        resolved = set(rec.codes)
        for ref in rec.place_refs:
            other = by_iri.get(ref)
            if other is not None and other.codes:
                resolved.update(other.codes)
            elif other is not None and other.preferred():
                code = places.resolve(other.preferred())
                resolved.update({code} if code else ())
            else:
                code = _code6(ref) or places.resolve(ref)
                resolved.update({code} if code else ())
        rec.places = resolved
        rec.hint = frozenset().union(*(places.from_label(t) for t, rank in rec.labels if rank == 0))
    for c in cands:
        c.hint = frozenset().union(*(places.from_label(t) for t in c.pref))
    index = _Index(records)
    by_code: dict[str, list[int]] = defaultdict(list)
    for ri, rec in enumerate(records):
        for code in rec.codes:
            by_code[code].append(ri)

    def compatible(c: Candidate, ri: int) -> bool:
        rec = records[ri]
        if rec.classes is not None and not (rec.classes & c.core):
            return False
        return places.compatible(c.places or c.hint, rec.places or rec.hint)

    links: list[Link] = []
    counts = {"exact": 0, "close": 0, "ambiguous": 0, "unmatched": 0}
    for c in cands:
        decided = None
        if "Place" in c.core and c.codes:
            hits = sorted({ri for code in c.codes for ri in by_code.get(code, ()) if compatible(c, ri)})
            if hits:
                decided = ("exact", hits, 1.0, "admin-code")
        if decided is None:
            strength: dict[int, int] = {}
            scores: dict[int, float] = {}
            for form, pref in _entity_forms(c):
                for fi in index.exact.get(form, ()):
                    _, ri, rpref = index.forms[fi]
                    if compatible(c, ri):
                        strength[ri] = max(strength.get(ri, -1), int(pref) + int(rpref))
                        scores[ri] = 1.0
                for fi, s in index.similar(form, threshold).items():
                    _, ri, _ = index.forms[fi]
                    if ri in scores and scores[ri] >= 1.0:
                        continue
                    if compatible(c, ri):
                        scores[ri] = max(scores.get(ri, 0.0), s)
            top = max((s for s in strength.values()), default=0)
            exact = sorted(ri for ri, s in strength.items() if s == top and s >= 1)
            if exact:
                decided = ("exact", exact, 1.0, "label")
            elif scores:
                best = max(scores.values())
                tied = sorted(ri for ri, s in scores.items() if abs(s - best) < 1e-9)
                decided = ("close", tied, best, "similarity")
        if decided is None:
            counts["unmatched"] += 1
            continue
        outcome, hits, score, rule = decided
        if len(hits) > 1:
            counts["ambiguous"] += 1
            for ri in hits[:MAX_AMBIGUOUS_LINKS]:
                links.append(Link(c.iri, CLOSE, records[ri].iri, score, "ambiguous"))
            continue
        counts[outcome] += 1
        links.append(Link(c.iri, EXACT if outcome == "exact" else CLOSE, records[hits[0]].iri, score, rule))
    return links, counts


# ---------------------------------------------------------------------------------------- the linkset graph
def _dec(score: float) -> ox.Literal:
    # the lexical form Oxigraph stores (1, 0.857), so that written and read-back quads are equal
    text = format(Decimal(f"{score:.3f}").normalize(), "f")
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "decimal"))


def linkset_quads(slug_: str, links: list[Link], *, dataset_iri: str, source_name: str, sha256: str,
                  threshold: float, types: list[str] | None) -> list[ox.Quad]:
    graph = ox.NamedNode(LINKSET_GRAPH_PREFIX + slug_)
    linkset = ox.NamedNode(LINKSET_PREFIX + slug_)
    target = ox.NamedNode(dataset_iri)
    quads: set[ox.Quad] = set()

    def add(s, p: str, o) -> None:
        quads.add(ox.Quad(s, ox.NamedNode(p), o, graph))

    for link in links:
        s, o = ox.NamedNode(link.subject), ox.NamedNode(link.target)
        add(s, link.predicate, o)
        digest = hashlib.sha1(f"{link.subject}|{link.predicate}|{link.target}".encode()).hexdigest()[:12]
        # not an rdf:Statement: those are the evidence of extracted relations (and their shapes)
        st = ox.NamedNode(f"{LINKSET_PREFIX}{slug_}/{digest}")
        add(st, ONTOLOGY_NS + "linkSubject", s)
        add(st, ONTOLOGY_NS + "linkTarget", o)
        add(st, ONTOLOGY_NS + "score", _dec(link.score))
        add(st, ONTOLOGY_NS + "rule", ox.Literal(link.rule))
        add(st, DCT + "isPartOf", linkset)
    add(linkset, RDF + "type", ox.NamedNode(VOID + "Linkset"))
    add(linkset, RDF + "type", ox.NamedNode(PROV + "Entity"))
    add(linkset, VOID + "subjectsTarget", ox.NamedNode(DATASET_IRI))
    add(linkset, VOID + "objectsTarget", target)
    add(linkset, VOID + "target", ox.NamedNode(DATASET_IRI))
    add(linkset, VOID + "target", target)
    for pred in sorted({link.predicate for link in links}):
        add(linkset, VOID + "linkPredicate", ox.NamedNode(pred))
    add(linkset, VOID + "triples", ox.Literal(str(len({(l.subject, l.predicate, l.target) for l in links})),
                                              datatype=ox.NamedNode(XSD + "integer")))
    add(linkset, DCT + "title", ox.Literal(f"zhichan ↔ {source_name}", language="en"))
    scope = ", ".join(sorted(types)) if types else "all core classes"
    add(linkset, DCT + "description", ox.Literal(
        f"Links from zhichan entities ({scope}) to {source_name} (sha256 {sha256}), by zhichan link at "
        f"threshold {threshold}: skos:exactMatch for exact unambiguous matches, skos:closeMatch with zc:score "
        f"for the rest.", language="en"))
    add(linkset, PROV + "wasDerivedFrom", target)
    add(target, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    return sorted(quads, key=str)


def link_dataset(store: ox.Store, path: str | Path, *, types: list[str] | None = None, threshold: float = 0.85,
                 dataset_iri: str | None = None, label_column: str = "label", id_column: str = "id",
                 type_column: str = "type", place_column: str = "place", code_column: str = "code",
                 id_prefix: str | None = None) -> LinkReport:
    """Reconcile the store's entities with the dataset at ``path`` and (re)write its linkset graph."""
    path = Path(path)
    if not 0 < threshold <= 1:
        raise LinkError("E516", "the similarity threshold must lie in (0, 1]", value=str(threshold),
                        fix="pass e.g. --threshold 0.85")
    canonical = {n.lower(): n for core, kinds in CORE.items() for n in (core, *kinds)}
    unknown = sorted(t for t in (types or []) if t.lower() not in canonical)
    if unknown:
        raise LinkError("E517", "unknown class for --type", value=", ".join(unknown),
                        fix="use a class of the ontology, e.g. " + ", ".join(CORE))
    types = sorted({canonical[t.lower()] for t in types or []}) or None
    records = read_dataset(path, label_column=label_column, id_column=id_column, type_column=type_column,
                           place_column=place_column, code_column=code_column, id_prefix=id_prefix)
    cands = candidates(store, types)
    links, counts = match(cands, records, threshold=threshold)
    slug_ = linkset_slug(path)
    target = dataset_iri or f"{ID_BASE}external/{slug_}"
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    quads = linkset_quads(slug_, links, dataset_iri=target, source_name=path.name, sha256=sha,
                          threshold=threshold, types=types)
    graph = LINKSET_GRAPH_PREFIX + slug_
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    store.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")
    return LinkReport(linkset=graph, dataset=target, records=len(records), candidates=len(cands),
                      matched_exact=counts["exact"], matched_close=counts["close"], ambiguous=counts["ambiguous"],
                      unmatched=counts["unmatched"], links=links)


def linksets(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs()
                  if isinstance(g, ox.NamedNode) and g.value.startswith(LINKSET_GRAPH_PREFIX))


def remove_linkset(store: ox.Store, path_or_slug: str | Path) -> int:
    """Drop the linkset graph of a dataset (its file path or its slug); return how many quads went."""
    graph = linkset_graph(path_or_slug)
    node = ox.NamedNode(graph)
    n = sum(1 for _ in store.quads_for_pattern(None, None, None, node))
    if not n:
        known = ", ".join(g[len(LINKSET_GRAPH_PREFIX):] for g in linksets(store)) or "none"
        raise LinkError("E518", "no linkset for this dataset in the store", value=str(path_or_slug),
                        fix=f"give the file or slug of a linkset in the store (present: {known})")
    store.update(f"DROP SILENT GRAPH <{graph}>")
    return n
