"""Fuzz: 1,000+ generated hostile inputs through ``extract`` and ``build``.

A seeded generator (reproducible) writes random and truncated bytes, UTF-16 and GB18030, huge and
negative numbers, unbalanced 《》“”（）, control, bidi and zero-width characters, terminal escapes,
long lines, broken markup and names that collide. Every input must end as a result or one coded
error — never a traceback — within the per-document budget, and after every failed build the
store's sorted N-Quads are what they were before it.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from zhichan.build import BuildFailed, Limits, build, extract_checked
from zhichan.errors import ZhichanError
from zhichan.store import open_store, sorted_nquads

SEED = 20261207
COUNT = 1000
BUDGET = 30.0  # seconds per document: the timer of the build and the bound this test checks

CITIES = ["南通", "扬州", "镇江", "泰州", "盐城", "淮安", "宿迁", "连云港", "赣州", "岳阳", "常德", "遵义"]
BODIES = ["市知识产权局", "市市场监督管理局", "市中级人民法院", "农村商业银行", "科技有限公司", "市财政局", "市人民政府"]
VERBS = ["发放专利质押贷款", "查处侵权案件", "签署合作协议", "出台扶持政策", "办理商标质押", "获得授信"]
NUMBERS = ["-5万元", "−3.2亿元", "1,2,3,4万元", "百亿亿亿亿亿亿亿元", "1e309元", "0.000000001%", "负五万元",
           "1.2.3亿元", "１２３４５万元", "三千亿亿亿亿件", "-0元", "+∞亿元", "NaN万元", "12,345,678,901,234,567,890亿元"]
BRACKETS = "《》“”（）「」【】()[]{}<>"
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u202e", "\u2066", "\x1b[31m", "\x1b]0;title\x07", "\x07",
             "\x0b", "\x0c", "\x7f", "\u00ad", "\u3000", "\r", "\t"]


def _sentence(rng: random.Random) -> str:
    city = rng.choice(CITIES)
    return f"{city}{rng.choice(BODIES)}{rng.choice(VERBS)}{rng.choice(NUMBERS) if rng.random() < .5 else str(rng.randint(1, 999)) + '亿元'}。"


def _text(rng: random.Random, n: int = 3) -> str:
    return f"{rng.choice(CITIES)}市年度报告\n" + "".join(_sentence(rng) for _ in range(n)) + "\n"


def _clean_text(rng: random.Random, n: int = 3) -> str:
    """Ordinary generated text (figures in range): what a strict build should write."""
    return f"{rng.choice(CITIES)}市年度报告\n" + "".join(
        f"{rng.choice(CITIES)}{rng.choice(BODIES)}{rng.choice(VERBS)}{rng.randint(1, 999)}亿元。" for _ in range(n)) + "\n"


def generate(count: int = COUNT, seed: int = SEED) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out: list[tuple[str, bytes]] = []
    for i in range(count):
        kind = i % 12
        name = f"in-{i:04d}.txt"
        if kind == 0:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))
        elif kind == 1:  # UTF-8 cut anywhere, often mid-character
            raw = _text(rng).encode("utf-8")
            data = raw[:rng.randint(1, len(raw))]
        elif kind == 2:
            data = _text(rng).encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
        elif kind == 3:  # numbers past any range, signs, grouping
            data = (f"{rng.choice(CITIES)}市统计公报\n" + "".join(
                f"{rng.choice(CITIES)}{rng.choice(BODIES)}{rng.choice(VERBS)}{rng.choice(NUMBERS)}，"
                f"同比增长{rng.choice(['-', '+', ''])}{rng.randint(0, 10**rng.randint(1, 40))}%。" for _ in range(3))).encode()
        elif kind == 4:  # unbalanced brackets and quotes
            chars = list(_text(rng, 4))
            for _ in range(rng.randint(1, 30)):
                chars.insert(rng.randrange(len(chars) + 1), rng.choice(BRACKETS))
            data = "".join(chars).encode()
        elif kind == 5:  # control, bidi, zero-width characters and terminal escapes
            chars = list(_text(rng, 3))
            for _ in range(rng.randint(1, 20)):
                chars.insert(rng.randrange(len(chars) + 1), rng.choice(INVISIBLE))
            data = "".join(chars).encode()
        elif kind == 6:  # one long line (every other time a list of names with no punctuation)
            n = rng.randint(200, 1500)
            body = ("、".join(f"{rng.choice(CITIES)}{rng.choice(BODIES)}" for _ in range(n // 8)) if i % 24 == 6
                    else "".join(rng.choice("知识产权保护运用专利商标质押融资创新") for _ in range(n)))
            data = ("长篇\n" + body).encode()
        elif kind == 7:
            data = _clean_text(rng).encode("gb18030")
        elif kind == 8:  # names that collide once slugged, and one id twice (suffix dropped)
            name = rng.choice(["a b.txt", "a-b.txt", "a_b.txt", "ａｂ.txt", "a  b.md", "a-b.md", "报告 (1).txt",
                               "报告-1.txt", "-.txt", "..txt", "#.md"])
            data = _text(rng).encode()
        elif kind == 9:  # broken markup and formats
            data = rng.choice([b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(100)),
                               b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(60)),
                               ("<html><body><p>" + _text(rng) + "<div><<<&amp;&#99999999;&bogus;").encode(),
                               ("# " + _text(rng) + "\n[link](" + "(" * 50 + "\n```\n").encode(),
                               b"<?xml version='1.0' encoding='gbk'?><html>" + _text(rng).encode("gb18030")])
            name = f"in-{i:04d}" + rng.choice([".txt", ".html", ".pdf", ".docx", ".md"])
        elif kind == 10:  # empty-ish
            data = rng.choice([b"", b"\xef\xbb\xbf", "\u3000\n\u200b".encode(), b"\n\n\n", b"\x00"])
        else:  # plain generated text, should build
            data = _clean_text(rng, rng.randint(1, 6)).encode()
        out.append((name, data))
    return out


INPUTS = generate()


def test_generator_covers_every_family():
    assert len(INPUTS) >= 1000
    assert generate(50) == generate(50)  # reproducible


def test_extract_never_crashes_and_stays_within_budget(tmp_path):
    limits = Limits(timeout=BUDGET)
    codes: dict[str, int] = {}
    slowest = 0.0
    for i, (name, data) in enumerate(INPUTS):
        folder = tmp_path / f"{i:04d}"
        folder.mkdir()
        path = folder / name
        path.write_bytes(data)
        t0 = time.monotonic()
        try:
            extract_checked(path, limits=limits)
            codes["ok"] = codes.get("ok", 0) + 1
        except ZhichanError as e:  # anything else propagates: a traceback fails the test
            assert str(path) in str(e) and e.code != "E117", str(e)
            codes[e.code] = codes.get(e.code, 0) + 1
        slowest = max(slowest, time.monotonic() - t0)
    assert slowest < BUDGET
    assert codes.get("ok", 0) >= 300 and len(codes) >= 6, codes


@pytest.mark.parametrize("keep_going", [False, True])
def test_build_batches_never_crash_and_failed_builds_change_nothing(tmp_path, keep_going):
    store = tmp_path / "store"
    limits = Limits(timeout=BUDGET)
    batches = [INPUTS[i:i + 100] for i in range(0, len(INPUTS), 100)]
    failed = built = 0
    for b, batch in enumerate(batches):
        folder = tmp_path / f"batch-{b}"
        folder.mkdir()
        for name, data in batch:
            (folder / name).write_bytes(data)
        # strict builds also see clean halves of the batch, so that some succeed
        paths = [folder] if keep_going or b % 2 else [p for p in sorted(folder.iterdir()) if _plain(p)]
        before = _nquads(store) if not keep_going else None  # a keep-going build fails only as a whole
        try:
            report = build(paths, store, keep_going=keep_going, jobs=2 if keep_going else 1, limits=limits)
            built += len(report.built)
        except BuildFailed:
            failed += 1
            assert _nquads(store) == before, f"batch {b}: a failed build changed the store"
        except ZhichanError as e:
            failed += 1
            assert e.code in ("E107",), str(e)
            assert before is None or _nquads(store) == before
    assert built >= (400 if keep_going else 80), built
    if not keep_going:
        assert failed >= 1


def _plain(path: Path) -> bool:
    """A generated input of the families that extract (for the strict builds that should succeed)."""
    try:
        index = int(path.stem.split("-")[1])
    except (IndexError, ValueError):
        return False
    return index % 12 in (7, 11)


def _nquads(path: Path) -> str:
    if not path.exists():
        return ""
    st = open_store(path, create=False)
    try:
        return sorted_nquads(st)
    finally:
        del st
