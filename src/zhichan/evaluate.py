"""Evaluation: documents (or an exported graph) → precision, recall and F1 against gold annotation files.

Input: gold JSON files (one per document: entities with aliases, relations by alias, observations;
the format of ``../shared/gold/SCHEMA.md`` and the README) and either documents, which are extracted
and written into an in-memory store exactly as ``zhichan build`` writes them and then exported as
``zhichan export`` does, or RDF files already exported. Output: the rows of the shared scorer
(``score.py``): entities core five typed, all typed, all untyped, one row per type, relations,
observations (value only; full). Each row gives tp/pred/gold and P, R, F1 rounded to three places.

The reading of the graph and the matching are the scorer's, step by step (CONTRACT.md): entity types
through ``rdfs:subClassOf`` closure, labels through any sub-property of a label property, entities
matched one-to-one on a shared normalised label by maximum bipartite matching in the scorer's own
order (Kuhn's augmenting paths), relations through the untyped match, observations on value, unit,
metric (character Dice ≥ 0.5), year and area. The matching is kept as the scorer writes it rather
than taken from a library (networkx, scipy): a maximum matching is not unique, the relation row
depends on which one is chosen, and agreement with the scorer comes first. The normalisation
vocabulary (brackets stripped, relative aliases, unit synonyms) is ``extract/lexicons/scoring.json``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Optional

import pyoxigraph as ox
import typer

from . import terms
from .errors import ZhichanError

CORE5 = list(terms.CORE5)
# most specific first: an entity typed with several core classes counts as the first one found
TYPE_ORDER = ["LoanProduct", "Policy", "Program", "Agency", "Company", "Person", "Place", "Organization"]
PREDICATES = list(terms.RELATIONS)
LABEL_PROPS = {"label", "prefLabel", "altLabel", "hiddenLabel", "name", "alternateName"}
RDF_SUFFIXES = {".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE, ".nq": ox.RdfFormat.N_QUADS,
                ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
                ".jsonld": ox.RdfFormat.JSON_LD}
ROWS = (["entities_core5_typed", "entities_all_typed", "entities_all_untyped"]
        + [f"type:{t}" for t in TYPE_ORDER] + ["relations", "observations_value", "observations_full"])


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    from .config import extract_dir

    path = extract_dir() / "lexicons" / "scoring.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {"strip": re.compile("[\\s" + re.escape(data["strip"]) + "]"),
                "relative": re.compile("^(" + "|".join(map(re.escape, data["relative_prefixes"])) + ")"),
                "units": dict(data["unit_synonyms"])}
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ZhichanError("E603", f"cannot read the scoring lexicon: {err}", path=str(path),
                           fix="restore extract/lexicons/scoring.json (keys strip, relative_prefixes, unit_synonyms)")


def norm(text: str) -> str:
    return _lexicon()["strip"].sub("", unicodedata.normalize("NFKC", text)).lower()


def _relative(alias: str) -> bool:
    return bool(_lexicon()["relative"].match(alias))


def local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def norm_unit(text: str | None) -> str | None:
    if text is None:
        return None
    u = norm(text)
    return _lexicon()["units"].get(u, u)


def dice(a: str, b: str) -> float:
    sa, sb = set(norm(a)), set(norm(b))
    return 2 * len(sa & sb) / (len(sa) + len(sb)) if sa and sb else 0.0


def year(text: str | None) -> str | None:
    m = re.search(r"(19|20)\d\d", text or "")
    return m.group(0) if m else None


# ---------------------------------------------------------------------------------------- gold
def load_gold(paths: list[Path]) -> dict:
    """Merge per-document gold files; same-type entities sharing a normalised, non-relative alias become one."""
    entities: list[dict] = []
    key_to_entity: dict[tuple[str, str], int] = {}
    relations, observations = set(), []

    def find(i: int) -> int:
        while entities[i]["merged_into"] is not None:
            i = entities[i]["merged_into"]
        return i

    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            ents = data["entities"]
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ZhichanError("E601", f"cannot read gold file: {err}", path=str(path),
                               fix="pass JSON files in the format the README describes (Extraction accuracy)") from None
        alias_to_id: dict[str, int] = {}
        for ent in ents:
            idx = len(entities)
            entities.append({"type": ent["type"], "aliases": {norm(a) for a in ent["aliases"]},
                             "shown": ent["aliases"][0], "merged_into": None})
            keys = [norm(a) for a in ent["aliases"] if not _relative(norm(a))]
            keys += [norm(ent["key"])] if ent.get("key") else []
            for k in keys:
                key = (ent["type"], k)
                if key in key_to_entity:
                    root, me = find(key_to_entity[key]), find(idx)
                    if root != me:
                        entities[me]["merged_into"] = root
                        entities[root]["aliases"] |= entities[me]["aliases"]
                else:
                    key_to_entity[key] = idx
            for a in ent["aliases"]:
                alias_to_id.setdefault(norm(a), idx)
        for rel in data.get("relations", []):
            s, o = alias_to_id.get(norm(rel["subject"])), alias_to_id.get(norm(rel["object"]))
            if s is None or o is None:
                raise ZhichanError("E602", "a relation names an entity not in the file", path=str(path),
                                   value=str(rel), fix="use an alias of an annotated entity")
            relations.add((s, rel["predicate"], o))
        for obs in data.get("observations", []):
            observations.append({**obs, "doc": data.get("document", Path(path).stem)})
    roots = sorted({find(i) for i in range(len(entities))})
    position = {r: n for n, r in enumerate(roots)}
    remap = {i: position[find(i)] for i in range(len(entities))}
    merged = [entities[r] for r in roots]
    rels = {(remap[s], p, remap[o]) for s, p, o in relations}
    for obs in observations:
        for name in ("area", "subject"):
            if obs.get(name):
                obs[name + "_n"] = norm(obs[name])
    return {"entities": merged, "relations": rels, "observations": observations}


# ---------------------------------------------------------------------------------------- the graph
def build_graph(extractions: Iterable) -> bytes:
    """The TriG that ``zhichan build`` then ``zhichan export --format trig`` give for these extractions."""
    from .export import serialize
    from .rdf import extraction_quads
    from .store import gazetteer_graph_quads, ontology_quads
    from .void import describe

    st = ox.Store()
    st.extend(ontology_quads())
    for x in extractions:
        st.extend(extraction_quads(x))
    st.extend(gazetteer_graph_quads(st))
    return serialize(st, "trig", describe(st))


def load_graph(sources: list[Path | bytes]) -> ox.Store:
    """A store holding the RDF files (format by suffix) or TriG bytes, as the scorer loads them."""
    store = ox.Store()
    for src in sources:
        if isinstance(src, bytes):
            store.bulk_load(src, format=ox.RdfFormat.TRIG)
            continue
        fmt = RDF_SUFFIXES.get(Path(src).suffix.lower())
        if fmt is None:
            raise ZhichanError("E604", "unknown RDF file extension", path=str(src),
                               fix="use one of " + " ".join(sorted(RDF_SUFFIXES)))
        try:
            store.bulk_load(path=str(src), format=fmt)
        except (OSError, SyntaxError, ValueError) as err:
            raise ZhichanError("E604", f"cannot read the graph: {' '.join(str(err).split())}", path=str(src),
                               fix="pass RDF files zhichan export wrote (or the ontology files)") from None
    return store


def _closure(store: ox.Store, relation: str):
    parents: dict[str, set[str]] = defaultdict(set)
    q = f"SELECT ?a ?b WHERE {{ GRAPH ?g {{ ?a <{terms.RDFS}{relation}> ?b }} }}"
    q_default = f"SELECT ?a ?b WHERE {{ ?a <{terms.RDFS}{relation}> ?b }}"
    for query in (q, q_default):
        for row in store.query(query):
            if isinstance(row["a"], ox.NamedNode) and isinstance(row["b"], ox.NamedNode):
                parents[row["a"].value].add(row["b"].value)
    cache: dict[str, set[str]] = {}

    def names(iri: str, seen: frozenset = frozenset()) -> set[str]:
        if iri in cache:
            return cache[iri]
        out = {local(iri)}
        for p in parents.get(iri, ()):
            if p not in seen:
                out |= names(p, seen | {iri})
        cache[iri] = out
        return out

    return names


def _literal_or_label(term, labels: dict[str, set[str]]) -> str | None:
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        shown = labels.get(str(term))
        return sorted(shown)[0] if shown else local(term.value)
    return None


def load_prediction(store: ox.Store) -> dict:
    """Entities (typed, labelled), relations between them and observations, as the scorer reads the graph."""
    class_names = _closure(store, "subClassOf")
    prop_names = _closure(store, "subPropertyOf")
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    raw_labels: dict[str, set[str]] = defaultdict(set)
    edges: list[tuple[str, str, object]] = []
    rdf_type = terms.RDF + "type"
    for quad in store.quads_for_pattern(None, None, None, None):
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if not isinstance(s, (ox.NamedNode, ox.BlankNode)):
            continue
        sid = str(s)
        if p == rdf_type and isinstance(o, ox.NamedNode):
            types[sid] |= class_names(o.value)
            continue
        if prop_names(p) & LABEL_PROPS and isinstance(o, ox.Literal):
            labels[sid].add(norm(o.value))
            raw_labels[sid].add(o.value)
        edges.append((sid, p, o))
    entities = {}
    for sid, names in types.items():
        core = next((t for t in TYPE_ORDER if t in names), None)
        if core and labels.get(sid):
            entities[sid] = {"type": core, "aliases": labels[sid],
                             "shown": sorted(raw_labels.get(sid) or labels[sid])[0]}
    relations = set()
    obs_fields: dict[str, dict] = defaultdict(dict)
    observation_ids = {sid for sid, names in types.items() if "Observation" in names}
    for sid, p, o in edges:
        pnames = prop_names(p)
        if sid in entities and isinstance(o, (ox.NamedNode, ox.BlankNode)) and str(o) in entities:
            for pred in PREDICATES:
                if pred in pnames:
                    relations.add((sid, pred, str(o)))
        if sid in observation_ids:
            for name in ("value", "obsValue", "unit", "metric", "period", "area", "subject"):
                if name in pnames:
                    obs_fields[sid]["value" if name == "obsValue" else name] = o
    observations = []
    for sid, f in obs_fields.items():
        val = f.get("value")
        if not isinstance(val, ox.Literal):
            continue
        try:
            number = Decimal(val.value)
        except InvalidOperation:
            continue
        area, subject = f.get("area"), f.get("subject")
        observations.append({
            "id": sid, "value": number,
            "unit": norm_unit(_literal_or_label(f.get("unit"), raw_labels)),
            "metric": _literal_or_label(f.get("metric"), raw_labels) or "",
            "period": year(_literal_or_label(f.get("period"), raw_labels)),
            "area_aliases": entities.get(str(area), {}).get("aliases")
            or ({norm(area.value)} if isinstance(area, ox.Literal) else set()),
            "subject_aliases": entities.get(str(subject), {}).get("aliases")
            or ({norm(subject.value)} if isinstance(subject, ox.Literal) else set()),
        })
    return {"entities": entities, "relations": relations, "observations": observations}


# ---------------------------------------------------------------------------------------- matching
def max_matching(left: list, right_of: dict) -> dict:
    """Maximum bipartite matching by augmenting paths, in the order of ``left`` (the scorer's): left → right."""
    owner: dict = {}

    def try_assign(item, seen) -> bool:
        for r in right_of.get(item, ()):
            if r in seen:
                continue
            seen.add(r)
            if r not in owner or try_assign(owner[r], seen):
                owner[r] = item
                return True
        return False

    for item in left:
        try_assign(item, set())
    return {item: r for r, item in owner.items()}


def prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": npred, "gold": ngold, "p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}


def score_entities(gold: dict, pred: dict, typed: bool, only: list[str] | None) -> tuple[dict, dict]:
    g_ids = [i for i, e in enumerate(gold["entities"]) if only is None or e["type"] in only]
    p_ids = [k for k, e in pred["entities"].items() if only is None or e["type"] in only]
    by_alias: dict[str, list[int]] = defaultdict(list)
    for i in g_ids:
        for a in gold["entities"][i]["aliases"]:
            by_alias[a].append(i)
    right_of = {}
    for k in p_ids:
        e = pred["entities"][k]
        cands = {i for a in e["aliases"] for i in by_alias.get(a, ())}
        if typed:
            cands = {i for i in cands if gold["entities"][i]["type"] == e["type"]}
        right_of[k] = sorted(cands)
    match = max_matching(p_ids, right_of)
    return prf(len(match), len(p_ids), len(g_ids)), match


def score_relations(gold: dict, pred: dict, match: dict) -> dict:
    mapped, unmatched = set(), 0
    for s, p, o in pred["relations"]:
        if s in match and o in match:
            mapped.add((match[s], p, match[o]))
        else:
            unmatched += 1
    return prf(len(mapped & gold["relations"]), len(mapped) + unmatched, len(gold["relations"]))


def obs_ok(g: dict, p: dict, full: bool) -> bool:
    if abs(Decimal(str(g["value"])) - p["value"]) > Decimal("1e-6") * max(Decimal(1), abs(p["value"])):
        return False
    gu = norm_unit(g.get("unit"))
    if gu and p["unit"] and gu != p["unit"]:
        return False
    if not full:
        return True
    if not p["unit"] or dice(g["metric"], p["metric"]) < 0.5:
        return False
    if year(g.get("period")) and p["period"] != year(g.get("period")):
        return False
    if g.get("area_n") and g["area_n"] not in p["area_aliases"]:
        return False
    return True


def score_observations(gold: dict, pred: dict, full: bool) -> dict:
    g_list, p_list = gold["observations"], pred["observations"]
    right_of = {j: [i for i, g in enumerate(g_list) if obs_ok(g, p, full)] for j, p in enumerate(p_list)}
    return prf(len(max_matching(list(range(len(p_list))), right_of)), len(p_list), len(g_list))


def score(gold: dict, pred: dict) -> dict:
    """Every row of the scorer, in its order."""
    result = {}
    result["entities_core5_typed"], _ = score_entities(gold, pred, True, CORE5)
    result["entities_all_typed"], _ = score_entities(gold, pred, True, None)
    result["entities_all_untyped"], match_any = score_entities(gold, pred, False, None)
    for t in TYPE_ORDER:
        result[f"type:{t}"], _ = score_entities(gold, pred, True, [t])
    result["relations"] = score_relations(gold, pred, match_any)
    result["observations_value"] = score_observations(gold, pred, False)
    result["observations_full"] = score_observations(gold, pred, True)
    return result


def score_extractions(gold: dict, extractions: Iterable) -> dict:
    """Score extractions as the scorer scores their build's export (with the ontology files beside it)."""
    from .config import ontology_dir

    store = load_graph([build_graph(extractions), *sorted(ontology_dir().glob("*.ttl"))])
    return score(gold, load_prediction(store))


# ---------------------------------------------------------------------------------------- command
def evaluate_command(paths: List[Path] = typer.Argument(None, help="documents (default: the documents the gold files "
                                                                      "name, from data/corpus/)"),
                     gold: Path = typer.Option(..., "--gold", help="a gold .json file or a folder of them"),
                     graph: Optional[List[Path]] = typer.Option(None, "--graph", help="score these exported RDF "
                                                                "files instead of extracting documents (repeatable)"),
                     as_json: bool = typer.Option(False, "--json", help="print the figures as JSON")):
    """Score the pipeline against gold annotations of your own documents (format: README, Extraction accuracy).

    The figures are those of the shared scorer (score.py) on the export of a build of the same documents.

    \b
    Examples:
      zhichan evaluate --gold my-gold/ my-docs/*.txt
      zhichan evaluate --gold my-gold/ --graph export.trig
    """
    from . import config
    from .extraction import extract_file

    gold_paths = sorted(gold.glob("*.json")) if gold.is_dir() else [gold]
    try:
        if not gold_paths:
            raise ZhichanError("E601", "no gold .json files here", path=str(gold), fix="pass a folder of gold JSON files")
        g = load_gold(gold_paths)
        if graph:
            result = score(g, load_prediction(load_graph([*graph, *sorted(config.ontology_dir().glob("*.ttl"))])))
        else:
            if not paths:
                names = [json.loads(p.read_text(encoding="utf-8")).get("document", p.stem + ".txt") for p in gold_paths]
                paths = [config.corpus_dir() / n for n in names]
            result = score_extractions(g, (extract_file(p) for p in paths))
    except ZhichanError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    typer.echo(f"{'measure':24} {'P':>6} {'R':>6} {'F1':>6}  tp/pred/gold")
    for name, r in result.items():
        typer.echo(f"{name:24} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f}  {r['tp']}/{r['pred']}/{r['gold']}")
