"""Is extraction linear in the length of the text? Times the pipeline on a list of names and on ordinary text
at a size and at twice that size, and prints the ratio (≈2 is linear, ≈4 quadratic).

    python bench/bench_linear.py [--names 800] [--copies 4]

Input: generated lists of court names (甲市东区人民法院、…) and copies of the bundled corpus. Output: a table
on stdout. Speed is measured here, never by timed tests.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from zhichan import pipeline
from zhichan.document import normalise

ROOT = Path(__file__).resolve().parents[1]


def _names(n: int) -> str:
    heads = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
    sides = "东西南北中新老上下前后左右外内高低长短大小金银铜铁"
    names = [f"{a}{b}市{c}区人民法院" for a in heads for b in heads for c in sides]
    return "本次会议由" + "、".join(names[:n]) + "共同举办。"


def _prose(copies: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "corpus").glob("*.txt"))]
    return "\n".join(texts * copies)


def _time(text: str) -> float:
    norm = normalise(text).text
    start = time.perf_counter()
    pipeline.run(norm, {}, None)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--names", type=int, default=800)
    ap.add_argument("--copies", type=int, default=2)
    args = ap.parse_args()
    _time("预热。")
    print(f"{'input':<28}{'chars':>9}{'seconds':>9}{'chars':>9}{'seconds':>9}{'ratio':>7}")
    for label, make, size in (("one sentence of names", _names, args.names), ("the corpus, copied", _prose, args.copies)):
        small, big = make(size), make(2 * size)
        a, b = _time(small), _time(big)
        print(f"{label:<28}{len(small):>9}{a:>9.2f}{len(big):>9}{b:>9.2f}{b / a:>7.2f}")


if __name__ == "__main__":
    main()
