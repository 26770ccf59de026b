"""Stage 0: the bytes of a file → plain text, whatever format a government site published it in.

Input: the bytes of one regular file and its name. Output: ``(kind, text, encoding)`` where
``kind`` is ``pdf``, ``docx``, ``html``, ``markdown`` or ``text``, ``text`` is the extracted text
that every provenance offset points into, and ``encoding`` is what ``zc:encoding`` records.

The format is chosen by content first (``%PDF-``, a ZIP holding ``word/document.xml``, HTML
markup), the suffix only tells Markdown from plain text. PDF pages are separated by a form feed on
a line of its own (``\\n\\f\\n``): the page of an offset is one plus the number of form feeds before
it, and ``document.normalise`` joins a sentence that a page break split. Each format is read by a
maintained library (pypdf, python-docx, lxml), imported only when a file of that kind arrives.
"""
from __future__ import annotations

import io
import re
import zipfile

from .errors import InputError

PAGE_BREAK = "\n\f\n"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt (Office 97-2003)
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                        re.I | re.S)
HTML_TAGS = re.compile(rb"</?(?:p|div|br|span|a|table|h[1-6]|li|ul|body|html)\b[^>]*>", re.I)
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
# Suffixes a folder build picks up; other files are listed as skipped unless their content is a
# format we read (a PDF saved without a suffix is still a PDF).
DOCUMENT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".mdown", ".htm", ".html", ".xhtml", ".pdf", ".docx"}


def sniff(data: bytes, suffix: str) -> str:
    """The kind of document ``data`` holds: pdf, docx, html, markdown, text, or why it is none of them."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(IMAGE_MAGIC):
        return "image"
    probe = head.lstrip(b"\xef\xbb\xbf")
    if HTML_START.match(probe) or (suffix.lower() in (".htm", ".html", ".xhtml") and HTML_TAGS.search(probe)) \
            or len(HTML_TAGS.findall(data[:8192])) >= 5:
        return "html"
    if suffix.lower() in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def to_text(data: bytes, path: str, suffix: str) -> tuple[str, str, str]:
    """``(kind, text, encoding)`` of a file's bytes; raises ``InputError`` for what cannot be read."""
    from .document import decode

    kind = sniff(data, suffix)
    if kind == "pdf":
        return kind, _pdf(data, path), "pdf"
    if kind == "docx":
        return kind, _docx(data, path), "docx"
    if kind == "zip":
        raise InputError("E114", "the file is a ZIP archive but not a Word document (.docx)", path=path,
                         fix="unpack it and build the documents inside")
    if kind == "ole":
        raise InputError("E114", "the file is an old Office 97-2003 document (.doc/.xls), which is not read", path=path,
                         fix="save it as .docx or PDF (libreoffice --headless --convert-to docx FILE)")
    if kind == "image":
        raise InputError("E113", "the file is an image: it has no text layer", path=path,
                         fix="run OCR on it (e.g. ocrmypdf or tesseract) and build the text")
    text, encoding = decode(data, path)
    if kind == "html":
        return kind, _html(text, path), encoding
    if kind == "markdown":
        return kind, _markdown(text), encoding
    return kind, text, encoding


# ------------------------------------------------------------------------------------------ PDF

def _pdf(data: bytes, path: str) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a dependency of the package
        raise InputError("E114", "reading PDF needs pypdf", path=path, fix="pip install pypdf") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("E114", "the PDF is encrypted with a password", path=path,
                             fix="save an unprotected copy (qpdf --decrypt IN OUT)")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            AssertionError, OSError, ZeroDivisionError) as err:
        raise InputError("E114", f"the PDF cannot be read: {type(err).__name__}: {_one_line(err)}", path=path,
                         fix="check that the file is a complete PDF (re-download it), or save it again as PDF") from None
    pages = _join_pages([_clean_pdf_page(p) for p in pages])
    if not any(p.strip() for p in pages):
        raise InputError("E113", f"the PDF has no text layer ({len(pages)} page(s) of images: a scan)", path=path,
                         fix="run OCR on it first (ocrmypdf --language chi_sim IN OUT) and build the result")
    return PAGE_BREAK.join(pages)


PDF_TERMINATORS = tuple("。！？；：!?;:…」』”》)）】]")


def _wrapped(line: str, width: int) -> bool:
    return bool(line.strip()) and len(line) >= 0.8 * width and not line.endswith(PDF_TERMINATORS)


def _glue(a: str, b: str) -> str:
    sep = " " if a[-1:].isascii() and a[-1:].isalpha() and b.lstrip()[:1].isascii() else ""
    return a + sep + b.lstrip()


def _clean_pdf_page(text: str) -> list[str]:
    """A page's lines with its hard line wraps undone.

    A PDF wraps every paragraph at the text width: a line as long as the page's longest lines
    that ends without a terminator goes on in the next line (3449件 must not become 34|49件).
    """
    lines = [line.rstrip() for line in text.replace("\f", "\n").split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        if out and line.strip() and _wrapped(out[-1], width):
            out[-1] = _glue(out[-1], line)
        else:
            out.append(line)
    return out


def _join_pages(pages: list[list[str]]) -> list[str]:
    """Pages as text; a paragraph that a page break cut is joined at the start of the next page."""
    for i in range(len(pages) - 1):
        lines, nxt = pages[i], pages[i + 1]
        while lines and not lines[-1].strip():
            lines.pop()
        width = max((len(line) for line in lines), default=0)
        if lines and nxt and nxt[0].strip() and _wrapped(lines[-1], width):
            nxt[0] = _glue(lines.pop(), nxt[0])
    return ["\n".join(lines) for lines in pages]


# ------------------------------------------------------------------------------------------ DOCX

def _docx(data: bytes, path: str) -> str:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover
        raise InputError("E114", "reading DOCX needs python-docx", path=path, fix="pip install python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        lines: list[str] = []
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
            elif tag == "tbl":
                for row in child.iter():
                    if row.tag.endswith("}tr"):
                        cells = []
                        for cell in row.iterchildren():
                            if cell.tag.endswith("}tc"):
                                cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                        lines.append("\t".join(cells))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError, AttributeError) as err:
        raise InputError("E114", f"the Word document cannot be read: {type(err).__name__}: {_one_line(err)}", path=path,
                         fix="open and save it again in Word or LibreOffice") from None
    except Exception as err:  # lxml's XMLSyntaxError and friends
        raise InputError("E114", f"the Word document cannot be read: {type(err).__name__}: {_one_line(err)}", path=path,
                         fix="open and save it again in Word or LibreOffice") from None
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise InputError("E102", "the Word document has no text", path=path, fix="pass a document with text in it")
    return text


# ------------------------------------------------------------------------------------------ HTML

BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
                    "button", "select", "template", "svg", "canvas", "object", "embed")
BOILERPLATE_NAMES = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|header|breadcrumbs?|crumbs?|sidebar|"
                               r"share|social|copyright|banner|toolbar|skip|pager|pagination|related|comment|"
                               r"login|search|ad|ads|advert)(?:$|[\s_-])", re.I)
BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
              "ul", "ol", "dd", "dt", "blockquote", "pre", "title", "main", "td", "th", "hr", "figcaption"}


def _html(text: str, path: str) -> str:
    """Main text of a page: boilerplate elements removed, the article (or main, or body) kept, entities decoded."""
    import lxml.etree
    import lxml.html

    # lxml refuses str input that declares an encoding; the bytes are already decoded
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(remove_comments=True, no_network=True,
                                                                                 huge_tree=False))
    except (lxml.etree.ParserError, ValueError) as err:
        raise InputError("E114", f"the HTML cannot be parsed: {_one_line(err)}", path=path,
                         fix="save the page again from a browser, or as text") from None
    title = " ".join(" ".join(root.xpath("//title//text()")).split())
    for el in list(root.iter(*BOILERPLATE_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        names = f"{el.get('id', '')} {el.get('class', '')} {el.get('role', '')}"
        if BOILERPLATE_NAMES.search(names) and el.tag not in ("body", "html", "main", "article"):
            el.drop_tree()
    candidates = root.xpath("//article") or root.xpath("//main") or root.xpath("//*[@role='main']") or root.xpath("//body")
    main = max(candidates, key=lambda el: len(el.text_content())) if candidates else root
    lines: list[str] = []
    _block_text(main, lines)
    body = "\n".join(" ".join(line.split()) for line in "".join(lines).split("\n"))
    body = "\n".join(line for line in body.split("\n") if line.strip())
    heading = body.split("\n", 1)[0] if body else ""
    if title and title not in heading and not (heading and heading in title):
        body = title + "\n" + body  # the <title> names the document when the article repeats no heading
    if not body.strip():
        raise InputError("E102", "the HTML page has no main text", path=path, fix="pass the article page, not an index page")
    return body


def _block_text(el, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag.lower() in BLOCK_TAGS
    if block:
        out.append("\n")
    if el.text and tag:
        out.append(el.text.replace("\n", " "))
    for child in el:
        _block_text(child, out)
        if child.tail:
            out.append(child.tail.replace("\n", " "))
    if block:
        out.append("\n")


# ------------------------------------------------------------------------------------------ Markdown

MD_RULES = [
    (re.compile(r"^\s{0,3}(?:```|~~~).*$"), ""),                      # code fences
    (re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$"), r"\1"),           # headings
    (re.compile(r"^\s{0,3}>\s?"), ""),                                 # block quotes
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+"), ""),                     # list markers
    (re.compile(r"^\s*(?:[-*_]\s*){3,}$"), ""),                        # rules
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),                    # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                     # links: their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),             # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)"), r"\1"),    # emphasis
    (re.compile(r"`([^`]*)`"), r"\1"),                                 # code spans
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),                            # inline HTML
]


def _markdown(text: str) -> str:
    """The text of a Markdown document, markup removed line by line (a table row keeps its cells)."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if re.fullmatch(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*", line):
            continue  # a table's separator row
        if line.strip().startswith("|"):
            line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
        for pattern, repl in MD_RULES:
            line = pattern.sub(repl, line)
        out.append(line)
    return "\n".join(out)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:200]
