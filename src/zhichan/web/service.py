"""Find the SERVICE IRIs of a SPARQL query, so that federation is limited to an allow-list.

Input: SPARQL query text. Output: the list of SERVICE targets (absolute IRIs, prefixed names
expanded with the query's own PREFIX/BASE lines), or ``None`` for a target that cannot be known
before evaluation (``SERVICE ?var``), which the endpoint refuses.

A tokenizer rather than a regular expression over the text: the word SERVICE inside a string, an
IRI or a comment is not a SERVICE clause, and a prefixed name must be expanded to be checked.
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urljoin, urlsplit

_TOKEN = re.compile(r'''
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:(?:[\w\u00c0-\uffff:%\\\-.]*[\w\u00c0-\uffff:%\-])?)
  | (?P<word>[A-Za-z_][\w]*)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs without white space and comments."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            out.append((kind, m.group()))
    return out


def service_targets(text: str) -> list[str | None]:
    """Every SERVICE target of the query: an absolute IRI, or None when it is a variable or unresolvable."""
    toks = tokens(text)
    prefixes: dict[str, str] = {}
    base = ""
    targets: list[str | None] = []
    i = 0
    while i < len(toks):
        kind, value = toks[i]
        word = value.upper() if kind in ("word", "pname") else ""
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1][:-1]] = urljoin(base, toks[i + 2][1][1:-1])
            i += 3
            continue
        if word == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = urljoin(base, toks[i + 1][1][1:-1])
            i += 2
            continue
        if word == "SERVICE":
            j = i + 1
            if j < len(toks) and toks[j][1].upper() == "SILENT":
                j += 1
            target: str | None = None
            if j < len(toks):
                tk, tv = toks[j]
                if tk == "iri":
                    target = urljoin(base, tv[1:-1])
                elif tk == "pname" and tv.split(":", 1)[0] in prefixes:
                    target = prefixes[tv.split(":", 1)[0]] + tv.split(":", 1)[1]
            if target is not None and not urlsplit(target).scheme:
                target = None
            targets.append(target)
            i = j + 1
            continue
        i += 1
    return targets


def is_local(iri: str) -> bool:
    """True for loopback, private, link-local or unspecified hosts (never reachable through the endpoint)."""
    host = (urlsplit(iri).hostname or "").strip("[]").lower()
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified or ip.is_reserved


def refused_services(text: str, allowed: list[str] | tuple[str, ...]) -> list[str]:
    """The SERVICE targets the allow-list does not admit (``?variable`` stands for a non-IRI target)."""
    refused = []
    for target in service_targets(text):
        if target is None:
            refused.append("?variable")
        elif is_local(target) or target not in allowed:
            refused.append(target)
    return refused
