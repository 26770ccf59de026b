"""Stage 1: a file on disk → a decoded document and its normalised text with an offset map.

Input: a path (and the folder it was found in). Output: ``(DocumentInfo, original text)`` from
``read_document`` — the file checked (a regular file within the size limits), its format read by
``readers`` (PDF, DOCX, HTML, Markdown, text), its id derived from its path — and a
``NormalisedText`` from ``normalise`` whose ``offsets[i]`` is the index in the original text of
normalised character ``i``. Rules downstream run on the normalised text (full-width folded,
page-break line splits joined) and report original offsets through the map.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .models import DocumentInfo

# Government sites still publish GBK/GB18030; GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")
TERMINATORS = set("。！？；：!?;:…」』”》)）】]")
# Bounded work: a document larger than this is refused with a clear error rather than read whole
# (a link to /dev/zero, a log file dropped into the corpus). Both are options of build and extract.
MAX_BYTES = 64 * 1024 * 1024
MAX_CHARS = 1_000_000  # spaCy's own default max_length; the pipeline is set to the same limit
LOSSLESS_ID = re.compile(r"[^\W_][\w\-]*")


def slug(stem: str) -> str:
    """A file stem as an IRI-safe identifier: keeps letters (Han too), digits, - and _."""
    s = re.sub(r"[^\w\-]+", "-", unicodedata.normalize("NFKC", stem)).strip("-")
    if not s:
        raise InputError("E105", "the file name gives no usable document identifier", path=stem,
                         fix="rename the file to something with letters or digits")
    return s


def document_id(path: Path, root: Path | None = None) -> str:
    """The document id: the path relative to the folder that was built (the file name for a file).

    A relative path that is already a plain identifier (letters, Han, digits, - and _, one
    component, NFKC-stable) is the id itself, so ``laoshan-ip-feature.txt`` is ``laoshan-ip-feature``.
    Any other path is slugged and given the first 10 hex digits of the SHA-1 of its relative path,
    so ``a b.txt``, ``a-b.txt`` and ``sub/a b.txt`` are three documents. The suffix is dropped:
    ``x.txt`` and ``x.pdf`` side by side are one id, reported as a collision by ``build``.
    """
    p = Path(path)
    rel = None
    if root is not None:
        try:
            rel = p.resolve().relative_to(Path(root).resolve())
        except ValueError:
            rel = None
    if rel is None or not rel.parts:
        rel = Path(p.name)
    raw = rel.with_suffix("").as_posix() if rel.suffix else rel.as_posix()
    if LOSSLESS_ID.fullmatch(raw) and unicodedata.normalize("NFKC", raw) == raw:
        return raw
    # a name with no letters or digits (#.md, -.txt) still gets an id: the hash alone tells it apart
    readable = re.sub(r"[^\w\-]+", "-", unicodedata.normalize("NFKC", raw.replace("/", "-"))).strip("-") or "doc"
    return f"{readable}-{hashlib.sha1(raw.encode('utf-8')).hexdigest()[:10]}"


def decode(data: bytes, path: str) -> tuple[str, str]:
    if not data.strip():
        raise InputError("E102", "the file is empty", path=path, fix="pass a file with text in it")
    if b"\x00" in data:
        raise InputError("E103", "the file is binary (it holds NUL bytes), not text", path=path,
                         fix="convert it to UTF-8 or GB18030 text first")
    _refuse_damaged_utf8(data, path)
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


def _refuse_damaged_utf8(data: bytes, path: str) -> None:
    """UTF-8 cut mid-character or with a bad byte is refused, not decoded as GB18030 mojibake.

    GB18030 decodes almost any byte string, so a UTF-8 file that fails to decode would otherwise
    come out as plausible-looking garbage. Real GBK text fails UTF-8 within its first few Han
    characters; a file whose failure comes only in its last three bytes, or after a run of valid
    multi-byte UTF-8 characters, is damaged UTF-8.
    """
    try:
        data.decode("utf-8")
        return
    except UnicodeDecodeError as err:
        start, reason = err.start, err.reason
    prefix = data[:start].decode("utf-8")
    multibyte = sum(1 for ch in prefix if ord(ch) > 0x7F)
    truncated = reason == "unexpected end of data" or (start >= len(data) - 3 and multibyte >= 1)
    if truncated or multibyte >= 8:
        what = "ends in the middle of a UTF-8 character (the file is truncated)" if truncated \
            else f"is UTF-8 with an invalid byte at offset {start}"
        raise InputError("E112", f"the file {what}", path=path,
                         fix="re-download or re-export the file; iconv -f UTF-8 -t UTF-8 -c drops the bad bytes")


def _looks_like_text(text: str) -> bool:
    # GB18030 decodes almost any byte string; a real document is mostly printable.
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\n\r\t\f")
    return bad <= max(2, len(text) // 200)


def read_bytes(p: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``: never a FIFO, a device or a folder."""
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputError("E101", "no such file", path=str(p),
                         fix="check the path, or run without paths to build the bundled corpus") from None
    except OSError as err:
        raise InputError("E111", f"cannot read the file: {err.strerror}", path=str(p), fix="check its permissions") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("E106", "is a folder, not a document", path=str(p), fix="pass the files, or the folder to `zhichan build`")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
                or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise InputError("E111", f"is {kind}, not a regular file", path=str(p), fix="copy the document into a regular file")
    if st.st_size > max_bytes:
        raise InputError("E110", f"the file is too large ({st.st_size} bytes; the limit is {max_bytes})", path=str(p),
                         fix="split it, or raise the limit with --max-bytes")
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the check above cannot block the build
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as err:
        raise InputError("E111", f"cannot read the file: {err.strerror or err}", path=str(p),
                         fix="check its permissions and the disk") from None
    if len(data) > max_bytes:
        raise InputError("E110", f"the file is larger than the limit of {max_bytes} bytes", path=str(p),
                         fix="split it, or raise the limit with --max-bytes")
    return data


def read_document(path: Path, root: Path | None = None, *, max_bytes: int = MAX_BYTES,
                  max_chars: int = MAX_CHARS) -> tuple[DocumentInfo, str]:
    """A file's ``DocumentInfo`` and text; ``root`` is the folder being built (for the document id)."""
    from .readers import to_text

    p = Path(path)
    data = read_bytes(p, max_bytes)
    _kind, text, encoding = to_text(data, str(p), p.suffix)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > max_chars:
        raise InputError("E110", f"the document is too long ({len(text)} characters; the limit is {max_chars})",
                         path=str(p), fix="split it into parts, or raise the limit with --max-chars")
    lines = [ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()]
    title = lines[0] if lines else p.stem
    if title.endswith((":", "：")) and len(lines) > 1:  # 青岛市崂山区：| 为知识“定价” …: the title goes on
        title += lines[1]
    info = DocumentInfo(id=document_id(p, root), path=str(p), title=title, encoding=encoding,
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
