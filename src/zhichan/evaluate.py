"""Evaluation: a build → precision, recall and F1 against gold annotation files.

Input: gold JSON files in the format the README describes (one per document: entities with
aliases, relations by alias, observations) and extractions of the same documents. Output: a table
of P/R/F1 for entities (typed, per type), relations and observations (value only; full: also
metric, year and area). Matching follows the graph contract: entities match on any shared
normalised label, one-to-one; relations through the matched entities; observations on value,
unit, character-set Dice of the metric ≥ 0.5, year and area.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import List

import typer

from .errors import ZhichanError
from .models import Extraction

STRIP = re.compile(r"[\s《》〈〉“”‘’\"'「」『』【】]")
RELATIVE = re.compile(r"^(省|市|区|县|本|我|该|全|两级)")
UNITS = {"cny": "元", "人民币": "元", "percent": "%", "百分点": "%", "基点": "bp", "个bp": "bp"}


def norm(text: str) -> str:
    return STRIP.sub("", unicodedata.normalize("NFKC", text)).lower()


def _unit(u: str | None) -> str | None:
    return None if u is None else UNITS.get(norm(u), norm(u))


def _year(text: str | None) -> str | None:
    m = re.search(r"(19|20)\d\d", text or "")
    return m.group(0) if m else None


def _dice(a: str, b: str) -> float:
    sa, sb = set(norm(a)), set(norm(b))
    return 2 * len(sa & sb) / (len(sa) + len(sb)) if sa and sb else 0.0


def _matching(left, right_of) -> dict:
    owner: dict = {}

    def assign(item, seen) -> bool:
        for r in right_of.get(item, ()):
            if r in seen:
                continue
            seen.add(r)
            if r not in owner or assign(owner[r], seen):
                owner[r] = item
                return True
        return False

    for item in left:
        assign(item, set())
    return {v: k for k, v in owner.items()}


def _prf(tp: int, pred: int, gold: int) -> dict:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"tp": tp, "pred": pred, "gold": gold, "p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def load_gold(paths: list[Path]) -> dict:
    entities, relations, observations, keys = [], set(), [], {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise ZhichanError("E601", f"cannot read gold file: {err}", path=str(path),
                               fix="pass JSON files in the format the README describes (Extraction accuracy)") from err
        local = {}
        for ent in data.get("entities", []):
            idx = len(entities)
            entities.append({"type": ent["type"], "aliases": {norm(a) for a in ent["aliases"]}, "root": idx})
            for a in ent["aliases"]:
                local.setdefault(norm(a), idx)
            for k in [norm(a) for a in ent["aliases"] if not RELATIVE.match(norm(a))] + ([norm(ent["key"])] if ent.get("key") else []):
                other = keys.setdefault((ent["type"], k), idx)
                if other != idx:
                    root = _root(entities, other)
                    entities[_root(entities, idx)]["root"] = root
                    entities[root]["aliases"] |= entities[idx]["aliases"]
        for rel in data.get("relations", []):
            s, o = local.get(norm(rel["subject"])), local.get(norm(rel["object"]))
            if s is None or o is None:
                raise ZhichanError("E602", "a relation names an entity not in the file", path=str(path),
                                   value=str(rel), fix="use an alias of an annotated entity")
            relations.add((s, rel["predicate"], o))
        observations += data.get("observations", [])
    roots = {i: _root(entities, i) for i in range(len(entities))}
    merged = {r: entities[r] for r in set(roots.values())}
    rels = {(roots[s], p, roots[o]) for s, p, o in relations}
    return {"entities": merged, "relations": rels, "observations": observations}


def _root(entities, i):
    while entities[i]["root"] != i:
        i = entities[i]["root"]
    return i


def score(gold: dict, extractions: list[Extraction]) -> dict:
    ents: dict[str, dict] = {}
    labels_of: dict[str, set] = defaultdict(set)
    for x in extractions:
        for e in x.entities:
            labels_of[e.key] |= {norm(a) for a in e.aliases + [e.label]}
            ents[e.key] = {"type": e.type.value}
    by_alias = defaultdict(set)
    for gid, g in gold["entities"].items():
        for a in g["aliases"]:
            by_alias[a].add(gid)
    result = {}
    match_any = None
    for typed in (True, False):
        right = {k: sorted({g for a in labels_of[k] for g in by_alias.get(a, ())
                            if not typed or gold["entities"][g]["type"] == ents[k]["type"]}) for k in ents}
        m = _matching(list(ents), right)
        result["entities_typed" if typed else "entities_untyped"] = _prf(len(m), len(ents), len(gold["entities"]))
        if not typed:
            match_any = m
    for t in sorted({g["type"] for g in gold["entities"].values()}):
        keys = [k for k in ents if ents[k]["type"] == t]
        gids = [g for g, v in gold["entities"].items() if v["type"] == t]
        right = {k: sorted({g for a in labels_of[k] for g in by_alias.get(a, ()) if gold["entities"][g]["type"] == t}) for k in keys}
        result[f"type:{t}"] = _prf(len(_matching(keys, right)), len(keys), len(gids))
    pred_rels = {(r.subject, r.predicate.value, r.object) for x in extractions for r in x.relations}
    mapped = {(match_any.get(s), p, match_any.get(o)) for s, p, o in pred_rels}
    result["relations"] = _prf(len(mapped & gold["relations"]), len(pred_rels), len(gold["relations"]))
    obs = []
    for x in extractions:
        for o in x.observations:
            area = labels_of.get(o.area, set()) if o.area else set()
            obs.append({"value": o.value, "unit": _unit(o.unit), "metric": o.metric, "year": _year(o.period), "area": area})
    for full in (False, True):
        right = {}
        for j, p in enumerate(obs):
            right[j] = [i for i, g in enumerate(gold["observations"]) if _obs_ok(g, p, full)]
        m = _matching(list(range(len(obs))), right)
        result["observations_full" if full else "observations_value"] = _prf(len(m), len(obs), len(gold["observations"]))
    return result


def _obs_ok(g: dict, p: dict, full: bool) -> bool:
    if abs(Decimal(str(g["value"])) - p["value"]) > Decimal("1e-6") * max(Decimal(1), abs(p["value"])):
        return False
    gu = _unit(g.get("unit"))
    if gu and p["unit"] and gu != p["unit"]:
        return False
    if not full:
        return True
    if _dice(g.get("metric", ""), p["metric"]) < 0.5:
        return False
    if _year(g.get("period")) and p["year"] != _year(g.get("period")):
        return False
    if g.get("area") and norm(g["area"]) not in p["area"]:
        return False
    return True


def evaluate_command(paths: List[Path] = typer.Argument(None, help="documents (default: the documents the gold files name, from data/corpus/)"),
                     gold: Path = typer.Option(..., "--gold", help="a gold .json file or a folder of them"),
                     as_json: bool = typer.Option(False, "--json", help="print the figures as JSON")):
    """Score the pipeline against gold annotations of your own documents (format: README, Extraction accuracy).

    Example: zhichan evaluate --gold my-gold/ my-docs/*.txt
    """
    from . import config
    from .extraction import extract_file

    gold_paths = sorted(gold.glob("*.json")) if gold.is_dir() else [gold]
    try:
        g = load_gold(gold_paths)
        if not paths:
            names = [json.loads(p.read_text(encoding="utf-8")).get("document", p.stem + ".txt") for p in gold_paths]
            paths = [config.corpus_dir() / n for n in names]
        extractions = [extract_file(p) for p in paths]
    except ZhichanError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    result = score(g, extractions)
    if as_json:
        typer.echo(json.dumps(result, indent=1))
        return
    typer.echo(f"{'measure':22} {'P':>6} {'R':>6} {'F1':>6}  tp/pred/gold")
    for name, r in result.items():
        typer.echo(f"{name:22} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f}  {r['tp']}/{r['pred']}/{r['gold']}")


