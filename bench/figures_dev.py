"""Dev-set measure of the figure finder: texts → document scope → ``find_figures`` → P/R/F1 against the gold
observations, and the time the scope and the finder take.

Input: the seed texts and gold files (``/work/shared/seeds``, ``/work/shared/gold`` unless given, or any folder of
texts with ``--texts`` and of gold files with ``--gold``) and the
scorer ``score.py`` beside them, whose ``obs_ok`` rule is used unchanged (value, unit, metric Dice ≥ 0.5,
year and area when the gold has them; one-to-one matching). Output: per document and overall precision,
recall and F1 on stdout, then the misses and false positives, and the time taken.

    .venv/bin/python bench/figures_dev.py [--shared /work/shared] [--texts DIR --gold DIR] [--quiet]

The document's meta (area and dates) comes from ``zhichan.scope`` as in a build; an area word (全市, 全区)
is mapped to the scope's city or district before matching. Areas are compared by name only (no gazetteer
aliases), so figures for an area named by its short form count as misses here but not in score.py.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from decimal import Decimal
from pathlib import Path

from zhichan.components.figures import find_figures
from zhichan.document import normalise
from zhichan.scope import document_meta

AREA_OF = {"全市": "city", "全区": "district", "全省": "province"}


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("zc_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predicted(fig, meta: dict, sc) -> dict:
    area = fig.area
    if area in AREA_OF:
        area = meta.get(AREA_OF[area]) or area
    area = area or meta.get("area")
    period = fig.period or (None if fig.period_stated else meta.get("year"))
    return {"value": Decimal(fig.value), "unit": sc.norm_unit(fig.unit), "metric": fig.metric,
            "period": sc.year(period), "area_aliases": {sc.norm(area)} if area else set(), "fig": fig}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"), help="folder with seeds/, gold/ and score.py")
    ap.add_argument("--texts", type=Path, help="folder of .txt documents (default: SHARED/seeds)")
    ap.add_argument("--gold", type=Path, help="folder of gold .json files (default: SHARED/gold)")
    ap.add_argument("--quiet", action="store_true", help="only the scores")
    args = ap.parse_args()
    sc = load_scorer(args.shared / "score.py")
    find_figures("全市专利1件", {})  # load the rules and the jieba dictionary outside the timing
    totals = [0, 0, 0]
    elapsed = 0.0
    report = []
    scope_time = 0.0
    for seed in sorted((args.texts or args.shared / "seeds").glob("*.txt")):
        gold_path = (args.gold or args.shared / "gold") / f"{seed.stem}.json"
        if not gold_path.exists():
            continue
        original = seed.read_text(encoding="utf-8")
        text = normalise(original).text
        t0 = time.perf_counter()
        meta = document_meta(None, text, original)
        t1 = time.perf_counter()
        scope_time += t1 - t0
        t0 = t1
        figures = find_figures(text, meta)
        elapsed += time.perf_counter() - t0
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["observations"]
        for g in gold:
            if g.get("area"):
                g["area_n"] = sc.norm(g["area"])
        preds = [predicted(f, meta, sc) for f in figures]
        right_of = {j: [i for i, g in enumerate(gold) if sc.obs_ok(g, p, True)] for j, p in enumerate(preds)}
        match = sc.max_matching(list(range(len(preds))), right_of)
        r = sc.prf(len(match), len(preds), len(gold))
        totals = [totals[0] + len(match), totals[1] + len(preds), totals[2] + len(gold)]
        print(f"{seed.stem:32} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}  {r['tp']}/{r['pred']}/{r['gold']}")
        hit = set(match.values())
        misses = [g for i, g in enumerate(gold) if i not in hit]
        extras = [preds[j]["fig"] for j in range(len(preds)) if j not in match]
        report.append((seed.stem, misses, extras, text))
    r = sc.prf(*totals)
    print(f"{'overall':32} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}  {r['tp']}/{r['pred']}/{r['gold']}")
    sys.stdout.flush()
    print(f"time: figures {elapsed * 1000:.0f} ms, scope {scope_time * 1000:.0f} ms for "
          f"{sum(len(x[3]) for x in report)} characters", file=sys.stderr)
    if args.quiet:
        return 0
    for stem, misses, extras, text in report:
        print(f"\n# {stem}: gold missed")
        for g in misses:
            print(f"  {g['value']} {g.get('unit')} | {g['metric']} | {g.get('period')} {g.get('area')}  "
                  f"«{g.get('text')}»")
        print(f"# {stem}: predicted, unmatched")
        for f in extras:
            print(f"  {f.value} {f.unit} | {f.metric} | {f.period} {f.area} ~{f.approximation} "
                  f"«{text[f.text_start:f.text_end]}»")
    return 0


if __name__ == "__main__":
    sys.exit(main())
