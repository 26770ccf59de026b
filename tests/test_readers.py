"""readers: PDF, DOCX, HTML and Markdown versions of a bundled document, made here with libraries,
give the same entities as its text; formats are told by content; scans and broken files get codes."""
from __future__ import annotations

import html
import io
from pathlib import Path

import pytest

from zhichan.document import read_document
from zhichan.errors import InputError
from zhichan.extraction import extract_file
from zhichan.readers import PAGE_BREAK, sniff, to_text

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "corpus" / "laoshan-ip-feature.txt"


def _lines() -> list[str]:
    return [line for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_pdf(path: Path, lines: list[str], width: int = 36, per_page: int = 30) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a CID font: no font file is needed
    c = canvas.Canvas(str(path), pagesize=A4)
    y, n = 800, 0
    for para in lines:
        while para:  # wrap the paragraph at the text width, as a PDF does
            chunk, para = para[:width], para[width:]
            c.setFont("STSong-Light", 12)
            c.drawString(40, y, chunk)
            y, n = y - 18, n + 1
            if n == per_page:
                c.showPage()
                y, n = 800, 0
    c.save()


def make_docx(path: Path, lines: list[str]) -> None:
    import docx

    d = docx.Document()
    d.add_heading(lines[0], level=1)
    for line in lines[1:]:
        d.add_paragraph(line)
    d.save(str(path))


def make_html(path: Path, lines: list[str], encoding: str = "utf-8") -> None:
    def enc(text: str) -> str:  # the named entities a government CMS writes
        return html.escape(text, quote=False).replace("“", "&ldquo;").replace("”", "&rdquo;").replace("、", "&#12289;")

    body = "\n".join(f"<p>{enc(line)}</p>" for line in lines[1:])
    page = f"""<!DOCTYPE html>
<html><head><meta charset="{encoding}"><title>{enc(lines[0])}</title>
<script>var nav = "苏州市人民政府";</script><style>p {{ margin: 0 }}</style></head>
<body>
<div class="header"><a href="/">网站首页</a> | <a href="/gov">武汉市人民政府门户网站</a></div>
<nav><ul><li>政务公开</li><li>成都市财政局</li></ul></nav>
<article><h1>{enc(lines[0])}</h1>
{body}
</article>
<div id="footer">主办单位：西安市大数据管理局　版权所有</div>
</body></html>"""
    path.write_bytes(page.encode(encoding))


def _entities(x) -> set[tuple[str, str]]:
    return {(e.type.value, e.label) for e in x.entities}


@pytest.fixture(scope="module")
def text_entities():
    return _entities(extract_file(SOURCE))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "gbk-html", "md"])
def test_every_format_finds_the_entities_of_the_text(tmp_path, fmt, text_entities):
    lines = _lines()
    if fmt == "pdf":
        path = tmp_path / "doc.pdf"
        make_pdf(path, lines)
    elif fmt == "docx":
        path = tmp_path / "doc.docx"
        make_docx(path, lines)
    elif fmt == "html":
        path = tmp_path / "doc.html"
        make_html(path, lines)
    elif fmt == "gbk-html":
        path = tmp_path / "doc.htm"
        make_html(path, lines, encoding="gb18030")
    else:
        path = tmp_path / "doc.md"
        path.write_text("# " + lines[0] + "\n\n" + "\n\n".join(f"**{line}**" if i % 3 == 0 else line
                                                              for i, line in enumerate(lines[1:])) + "\n", encoding="utf-8")
    x = extract_file(path)
    assert _entities(x) == text_entities
    # provenance points into the extracted text
    _, text = read_document(path)
    for e in x.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text
    # boilerplate (navigation, header, footer, scripts) is not read
    assert not {label for _, label in _entities(x)} & {"苏州市人民政府", "武汉市人民政府", "成都市财政局", "西安市大数据管理局"}


def test_pdf_pages_are_separated_and_countable(tmp_path):
    path = tmp_path / "doc.pdf"
    make_pdf(path, _lines(), per_page=10)
    info, text = read_document(path)
    assert info.encoding == "pdf" and text.count("\f") >= 2
    assert text.split(PAGE_BREAK)[0].startswith(_lines()[0])
    # a paragraph wrapped at the text width is one line again: no number is cut in two
    assert "3449件" in text and "14214件" in text
    # provenance carries the page: every sentence knows the page it starts on
    x = extract_file(path)
    pages = [s.page for s in x.sentences]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-1] == text.count("\f") + 1
    for s in x.sentences:
        assert s.page == text[:s.start].count("\f") + 1


def test_scanned_pdf_gets_its_coded_error(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):  # pages holding only drawn shapes, as a scan holds only images
        c.rect(50, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.code == "E113" and "text layer" in str(err.value) and "OCR" in str(err.value)


@pytest.mark.parametrize("name,data,code", [
    ("cut.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "E114"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "E114"),
    ("archive.docx", b"PK\x03\x04garbage-that-is-no-zip", "E114"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x01" * 50, "E113"),
])
def test_broken_and_unreadable_formats(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.code == code and name in str(err.value) and err.value.fix


def test_format_is_told_by_content_not_suffix(tmp_path):
    path = tmp_path / "saved-page.txt"  # an HTML page saved with a .txt name
    path.write_text("<!DOCTYPE html><html><head><title>嘉兴市知识产权局关于开展专利转化的通知</title></head>"
                    "<body><p>嘉兴市知识产权局&ldquo;专利转化&rdquo;行动启动。</p></body></html>", encoding="utf-8")
    info, text = read_document(path)
    assert info.title == "嘉兴市知识产权局关于开展专利转化的通知"
    assert "“专利转化”" in text and "<p>" not in text and "&ldquo;" not in text
    assert sniff(b"%PDF-1.7\n", ".txt") == "pdf"
    assert sniff("# 标题\n正文".encode(), ".md") == "markdown"
    assert sniff("普通文本，没有标记。".encode(), ".html") == "text"


def test_markdown_markup_is_removed():
    _, text, _ = to_text("# 一、总体要求\n\n- **常州市**[科技局](http://x)开展`专项`行动\n\n| 单位 | 数量 |\n|---|---|\n| 专利 | 12 |\n"
                         .encode(), "x.md", ".md")
    assert text.split("\n")[0] == "一、总体要求"
    assert "常州市科技局开展专项行动" in text and "专利\t12" in text and "|" not in text and "http" not in text
