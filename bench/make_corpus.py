"""Scale corpus: variants of the bundled documents (data/corpus) with other places' names and numbers.

    .venv/bin/python bench/make_corpus.py --docs 345 --out /tmp/zc-bench/corpus

Input: the ``.txt`` files of ``data/corpus``. Output: ``--docs`` text files, each a bundled document in
which the city, district and province it is about are replaced by those of another prefecture-level
city of the gazetteer (GB/T 2260, through ``zhichan.places``), and every figure's digits are changed,
so that the store grows with new entities and observations as a real corpus would, while national
bodies (国家知识产权局 …) are shared by every document as they are in practice. Deterministic: the
same arguments give the same files.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from zhichan.config import corpus_dir
from zhichan.places import gazetteer

# the bundled documents are about one city, one of its districts and its province; these are the
# names the variants replace (place names only: organisations are renamed through their place part)
CITY, DISTRICT, OTHER_DISTRICT, PROVINCE = "青岛", "崂山", "黄岛", "山东"


def _places() -> list[tuple[str, str, str, str]]:
    """(city, district, other district, province) short names of cities with two districts of their own."""
    g = gazetteer()
    out = []
    for rec in sorted(g.by_code.values(), key=lambda r: r.code):
        if rec.level != "PrefectureCity" or not rec.name.endswith("市") or rec.short == CITY:
            continue
        kids = sorted((r for r in g.by_code.values() if r.parent == rec.code and r.level == "District"
                       and len(r.short) >= 2 and r.short[0] not in "省市区县"), key=lambda r: r.code)
        prov = g.by_code.get(rec.province)
        if len(kids) >= 2 and prov is not None:
            out.append((rec.short, kids[0].short, kids[1].short, prov.short))
    return out


def variant(text: str, place: tuple[str, str, str, str], rng: random.Random) -> str:
    city, district, other, province = place
    text = text.replace(CITY, city).replace(DISTRICT, district).replace(OTHER_DISTRICT, other)
    text = text.replace(PROVINCE, province)

    def digits(m: re.Match) -> str:
        s = m.group(0)
        if re.fullmatch(r"(19|20)\d\d", s):  # years stay: timelines need real years
            return s
        return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in s[1:])

    return re.sub(r"\d+", digits, text)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=345, help="how many documents to write")
    ap.add_argument("--out", type=Path, required=True, help="folder for the .txt files")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    sources = sorted(corpus_dir().glob("*.txt"))
    places = _places()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.docs):
        src = sources[i % len(sources)]
        place = places[(i // len(sources)) % len(places)]
        text = src.read_text(encoding="utf-8")
        # the first round keeps the bundled documents as they are, so that the queries' defaults and
        # examples (about 青岛) find what they find on the seed build
        if i >= len(sources):
            text = variant(text, place, rng)
        (args.out / f"{src.stem}-v{i:04d}.txt").write_text(text, encoding="utf-8")
    print(f"wrote {args.docs} documents to {args.out} ({len(places)} cities to draw from)")


if __name__ == "__main__":
    main()
