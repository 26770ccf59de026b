"""Errors that name the file, the problem and the fix.

Every error zhichan raises on purpose is a ``ZhichanError`` with a stable code (``E1xx`` input
documents, ``E2xx`` rule files under ``extract/``, ``E3xx`` store, ``E4xx`` queries, ``E5xx``
linking, ``E6xx`` evaluation, ``E7xx`` the web front). The CLI prints ``str(error)`` as one line on stderr and exits 2.

Codes of the build (documents, bounded work, builds as units):
E101 no such file · E102 empty · E103 binary · E104 not UTF-8/GBK/GB18030 · E105 no usable id ·
E106 a folder · E107 nothing to build · E108/E109 unknown format · E110 over the size limit ·
E111 not a regular file (FIFO, device) or unreadable · E112 damaged UTF-8 (cut mid-character) ·
E113 no text layer (scanned PDF, image) · E114 a PDF/DOCX/HTML that cannot be read ·
E115 two sources for one document id · E116 extraction failed (an internal error, with its type) ·
E117 extraction ran past the per-document time budget · E118 the file changed during the build ·
E119 cannot write an output file · E120 the export format and the file suffix disagree.
E301 no store · E302 cannot open · E305 I/O error writing the store (disk full …) ·
E306 another build holds the store · E307 the last build did not finish · E308 a folder that is not a store ·
E309 the store was built by an older zhichan (a warning: rebuild it) ·
E310 the JSON-LD context cannot be read · E311 the dataset description cannot be read.
"""
from __future__ import annotations


class ZhichanError(Exception):
    def __init__(self, code: str, problem: str, *, path: str | None = None, line: int | None = None,
                 value: str | None = None, fix: str | None = None):
        self.code, self.problem, self.path, self.line, self.value, self.fix = code, problem, path, line, value, fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{self.code} {where}{self.problem}"
        if self.value is not None:
            text += f" (value: {self.value!r})"
        if self.fix:
            text += f"; fix: {self.fix}"
        return text


class InputError(ZhichanError):
    """A document cannot be read (missing, empty, binary, undecodable)."""


class RuleError(ZhichanError):
    """A rule file under extract/ is malformed."""


class StoreError(ZhichanError):
    """The store cannot be opened or written."""


def one_line(err: BaseException, limit: int = 300) -> str:
    """An exception's type and message on one line, for errors that wrap what a library raised."""
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text[:limit]}" if text else type(err).__name__


class QueryError(ZhichanError):
    """A prepared query or its parameters are wrong."""


class LinkError(ZhichanError):
    """An external dataset cannot be read or reconciled."""
