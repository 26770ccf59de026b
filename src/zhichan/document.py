"""Stage 1: a file on disk → a decoded document and its normalised text with an offset map.

Input: a path. Output: ``(DocumentInfo, original text)`` from ``read_document`` and a
``NormalisedText`` from ``normalise`` whose ``offsets[i]`` is the index in the original text of
normalised character ``i``. Rules downstream run on the normalised text (full-width folded,
page-break line splits joined) and report original offsets through the map.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .models import DocumentInfo

# Government sites still publish GBK/GB18030; GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")
TERMINATORS = set("。！？；：!?;:…」』”》)）】]")


def slug(stem: str) -> str:
    """A file stem as an IRI-safe identifier: keeps letters (Han too), digits, - and _."""
    s = re.sub(r"[^\w\-]+", "-", unicodedata.normalize("NFKC", stem)).strip("-")
    if not s:
        raise InputError("E105", "the file name gives no usable document identifier", path=stem,
                         fix="rename the file to something with letters or digits")
    return s


def decode(data: bytes, path: str) -> tuple[str, str]:
    if not data.strip():
        raise InputError("E102", "the file is empty", path=path, fix="pass a file with text in it")
    if b"\x00" in data:
        raise InputError("E103", "the file is binary (it holds NUL bytes), not text", path=path,
                         fix="convert it to UTF-8 or GB18030 text first")
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not text.strip():  # a BOM or full-width spaces only
            raise InputError("E102", "the file is empty", path=path, fix="pass a file with text in it")
        if _looks_like_text(text):
            return text, ("utf-8" if enc == "utf-8-sig" else enc)
    raise InputError("E104", "the file is not text in UTF-8, GBK or GB18030", path=path,
                     fix="save it as UTF-8 (iconv -f <encoding> -t UTF-8)")


def _looks_like_text(text: str) -> bool:
    # GB18030 decodes almost any byte string; a real document is mostly printable.
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\n\r\t\f")
    return bad <= max(2, len(text) // 200)


def read_document(path: Path) -> tuple[DocumentInfo, str]:
    p = Path(path)
    if not p.exists():
        raise InputError("E101", "no such file", path=str(p), fix="check the path, or run without paths to build the bundled corpus")
    if p.is_dir():
        raise InputError("E106", "is a folder, not a document", path=str(p), fix="pass the files, or the folder to `zhichan build`")
    data = p.read_bytes()
    text, encoding = decode(data, str(p))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()]
    title = lines[0] if lines else p.stem
    if title.endswith((":", "：")) and len(lines) > 1:  # 青岛市崂山区：| 为知识“定价” …: the title goes on
        title += lines[1]
    info = DocumentInfo(id=slug(p.stem), path=str(p), title=title, encoding=encoding,
                        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), chars=len(text))
    return info, text


@dataclass(frozen=True)
class NormalisedText:
    text: str
    offsets: list[int]  # normalised index → original index; one extra entry for the end

    def orig(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised span [start, end)."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def _fold(ch: str) -> str:
    if ch in "\u3000\xa0":
        return " "
    folded = unicodedata.normalize("NFKC", ch)
    # Keep 1:1 so the offset map stays a plain list; CJK quotes and 、。 are left as they are.
    return folded if len(folded) == 1 else ch


def normalise(text: str) -> NormalisedText:
    """Fold full-width forms and join lines that a page break split in mid-sentence.

    A line is joined to the next non-blank line when it is long (a paragraph, not a heading),
    ends without a terminator and the next line starts with text: white papers converted from
    PDF split words such as 工|作方案 across pages.
    """
    out: list[str] = []
    offsets: list[int] = []
    starts, lines, pos = [], text.split("\n"), 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        line, start = lines[i], starts[i]
        for j, ch in enumerate(line):
            out.append(_fold(ch))
            offsets.append(start + j)
        k = i + 1
        while k < len(lines) and not lines[k].strip():
            k += 1
        stripped = line.rstrip()
        nxt = lines[k].lstrip() if k < len(lines) else ""
        if (k < len(lines) and len(stripped) >= 40 and stripped[-1] not in TERMINATORS
                and not stripped.startswith("#") and (nxt[0].isalnum() or "\u4e00" <= nxt[0] <= "\u9fff")):
            i = k
            continue
        if i < len(lines) - 1:
            out.append("\n")
            offsets.append(start + len(line))
        i += 1
    offsets.append(len(text))
    return NormalisedText("".join(out), offsets)
