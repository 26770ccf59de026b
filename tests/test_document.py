"""Stage 1: reading a file (decoding, errors E101–E106) and normalising its text (offset map, page breaks)."""
from __future__ import annotations

import random
import unicodedata

import pytest

from zhichan.document import normalise, read_document
from zhichan.errors import InputError

TEXT = "杭州市知识产权局发布《杭州市专利导航项目管理办法》,全年受理专利质押登记120笔。\n宁波海关查获侵权货物3批。\n"

ENCODINGS = [
    # how the bytes were written, the encoding recorded
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8"),
    (lambda t: t.encode("gb18030"), "gb18030"),
    (lambda t: t.encode("gbk"), "gb18030"),
]


@pytest.mark.parametrize("encode,encoding", ENCODINGS, ids=["utf-8", "utf-8-bom", "gb18030", "gbk"])
def test_decoding(tmp_path, encode, encoding):
    path = tmp_path / "hangzhou-report.txt"
    path.write_bytes(encode(TEXT))
    info, text = read_document(path)
    assert text == TEXT
    assert not text.startswith("\ufeff")
    assert info.encoding == encoding
    assert info.chars == len(TEXT)
    assert info.id == "hangzhou-report"
    assert info.title == "杭州市知识产权局发布《杭州市专利导航项目管理办法》,全年受理专利质押登记120笔。"


def test_line_endings_are_unified(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("苏州市市场监督管理局\r\n开展专项检查。\r旧式换行。".encode("utf-8"))
    _, text = read_document(path)
    assert text == "苏州市市场监督管理局\n开展专项检查。\n旧式换行。"


ERRORS = [
    # case, bytes written (None: no file), expected code
    ("missing", None, "E101"),
    ("empty", b"", "E102"),
    ("ascii-whitespace", b"  \n\t\r\n  ", "E102"),
    ("bom-only", b"\xef\xbb\xbf", "E102"),
    ("ideographic-spaces", "\u3000\u3000\n\u3000".encode("utf-8"), "E102"),
    ("nul-bytes", "合肥".encode("utf-8") + b"\x00\x01\x02\x00" + "海关".encode("utf-8"), "E103"),
    ("utf-16", "南京市中级人民法院 2024".encode("utf-16"), "E103"),
    ("invalid-in-both", b"\xff\xfe\xfd\xfc" * 20, "E104"),
    ("bad-gb18030-trail", b"\x81\x20\x81\x20\x81\x20", "E104"),
    ("private-use", b"\xaa\xa1" * 60, "E104"),  # GBK user-defined area: decodes, but to U+E000 …
    # UTF-8 cut mid-character, or with a bad byte after real text: refused, not read as GB18030 mojibake
    ("utf8-cut", "佛山市知识产权局召开会议".encode("utf-8")[:-2], "E112"),
    ("utf8-bad-byte", "东莞市市场监督管理局查处侵权案件".encode("utf-8") + b"\xff" + "共计十件".encode("utf-8"), "E112"),
]


@pytest.mark.parametrize("case,data,code", ERRORS, ids=[e.values[0] if hasattr(e, "marks") else e[0] for e in ERRORS])
def test_read_errors(tmp_path, case, data, code):
    path = tmp_path / f"{case}.txt"
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    e = err.value
    assert e.code == code
    message = str(e)
    assert message.startswith(code)
    assert str(path) in message
    assert "fix:" in message and e.fix


def test_folder_is_not_a_document(tmp_path):
    with pytest.raises(InputError) as err:
        read_document(tmp_path)
    assert err.value.code == "E106"
    assert str(tmp_path) in str(err.value) and err.value.fix


FOLDING = [
    # original, normalised
    ("深圳市(南山区)", "深圳市(南山区)"),
    ("（福田区）", "(福田区)"),
    ("增长１２．５％", "增长12.5%"),
    ("其中，发明专利３２０件；", "其中,发明专利320件;"),
    ("武汉东湖高新区：", "武汉东湖高新区:"),
    ("ＡＢＣ银行", "ABC银行"),
    ("成都\u3000天府新区", "成都 天府新区"),
    ("“蓉知贷”、《条例》。", "“蓉知贷”、《条例》。"),  # CJK quotes, 、 and 。 stay
]


@pytest.mark.parametrize("original,expected", FOLDING)
def test_full_width_folding(original, expected):
    norm = normalise(original)
    assert norm.text == expected
    assert len(norm.offsets) == len(norm.text) + 1
    assert norm.offsets[-1] == len(original)


PAGE_TEXT = (
    "二〇二四年武汉市知识产权\n\n"
    "一、总体情况\n"
    "全年武汉市知识产权局会同市中级人民法院、市人民检察院、武汉海关等单位印发《武汉市知识产权质押融资工\n"
    "\n"
    "作方案》，新增质押登记金额４５．６亿元，同比增长１８％。\n"
    "长江存储等企业获得贷款支持，全市专利质押融资规模持续扩大，惠及中小企业数量逐年增长。\n"
    "\n"
    "二、执法保护\n"
    "（一）武汉市公安局破获侵权假冒案件１２起，涉案金额３０００万元，挽回经济损失９００余万元，\n"
    "\n"
    "移送检察机关审查起诉。\n"
)


def test_offset_map_round_trips():
    norm = normalise(PAGE_TEXT)
    assert len(norm.offsets) == len(norm.text) + 1
    rng = random.Random(2024)
    for i in rng.sample(range(len(norm.text)), 80):
        orig = PAGE_TEXT[norm.offsets[i]]
        assert unicodedata.normalize("NFKC", orig).replace("\u3000", " ") == norm.text[i], (i, orig, norm.text[i])
    # offsets rise strictly: the map never goes back
    assert all(a < b for a, b in zip(norm.offsets, norm.offsets[1:]))


def test_span_maps_back_to_the_original():
    norm = normalise(PAGE_TEXT)
    name = "《武汉市知识产权质押融资工作方案》"
    start = norm.text.index(name)
    s, e = norm.orig(start, start + len(name))
    assert PAGE_TEXT[s:e] == "《武汉市知识产权质押融资工\n\n作方案》"
    figure = "45.6亿元"
    start = norm.text.index(figure)
    s, e = norm.orig(start, start + len(figure))
    assert PAGE_TEXT[s:e] == "４５．６亿元"
    # an empty span maps to a point
    assert norm.orig(5, 5) == (norm.offsets[5], norm.offsets[5])


def test_page_break_joining():
    text = normalise(PAGE_TEXT).text
    # a long line that stops mid-word is joined to its continuation across the blank line
    assert "《武汉市知识产权质押融资工作方案》" in text
    # so is a long line that stops at a comma
    assert "挽回经济损失900余万元,移送检察机关审查起诉。" in text
    # a short heading is not joined, although it ends without a terminator
    assert "二〇二四年武汉市知识产权\n" in text
    assert "一、总体情况\n全年" in text
    # a long line ending in 。 keeps its line break (and the blank line after it)
    assert "逐年增长。\n\n二、执法保护\n" in text


JOINS = [
    # first line, second line, joined?
    ("济南市市场监督管理局联合市公安局、市人民检察院、济南海关开展知识产权保护专项行动，查办商标侵", "权案件２３件。", True),
    ("济南市市场监督管理局联合市公安局、市人民检察院、济南海关开展知识产权保护专项行动，查办案件。", "全年共受理投诉５０件。", False),
    ("济南市市场监督管理局联合市公安局、市人民检察院、济南海关开展知识产权保护专项行动，查办案件：", "一是强化行政执法。", False),
    ("三、知识产权金融服务", "招商银行济南分行推出专利质押贷款。", False),
    ("# 济南市市场监督管理局联合市公安局、市人民检察院、济南海关开展知识产权保护专项行动的通报情况", "正文。", False),
    ("济南市市场监督管理局联合市公安局、市人民检察院、济南海关开展知识产权保护专项行动，查办商标侵", "——续表", False),
]


@pytest.mark.parametrize("first,second,joined", JOINS)
def test_join_rule(first, second, joined):
    text = normalise(f"{first}\n\n{second}").text
    folded_second = unicodedata.normalize("NFKC", second)
    assert (unicodedata.normalize("NFKC", first).rstrip() + folded_second in text) == joined
    assert ("\n" not in text) == joined


def test_gbk_text_is_not_taken_for_damaged_utf8(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("惠州市知识产权局召开专利质押融资推进会。".encode("gbk"))
    info, text = read_document(path)
    assert info.encoding == "gb18030" and text.startswith("惠州市")
