"""Errors that name the file, the problem and the fix.

Every error zhichan raises on purpose is a ``ZhichanError`` with a stable code (``E1xx`` input
documents, ``E2xx`` rule files under ``extract/``, ``E3xx`` store, ``E4xx`` queries, ``E5xx``
linking, ``E6xx`` evaluation, ``E7xx`` the web front). The CLI prints ``str(error)`` as one line on stderr and exits 2.
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


class QueryError(ZhichanError):
    """A prepared query or its parameters are wrong."""


class LinkError(ZhichanError):
    """An external dataset cannot be read or reconciled."""
