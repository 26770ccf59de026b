"""A SPARQL 1.1 server as the store: the part of the pyoxigraph ``Store`` API zhichan uses, over HTTP.

Input: the base URL of a server that speaks the SPARQL 1.1 Protocol and Update (Oxigraph server:
``http://host:7878``, whose endpoints are ``/query`` and ``/update``; Apache Jena Fuseki:
``http://host:3030/DATASET``, the same two names; QLever and Virtuoso: pass ``--store`` the base
their ``/query`` and ``/update`` hang from). Output: a ``RemoteStore`` with ``query``, ``update``,
``quads_for_pattern``, ``named_graphs``, ``len()``, ``extend`` and no-op ``flush``, so that
``store.write_documents``/``replace_document`` (each document one SPARQL Update request, atomic on
the server), ``zhichan.queries`` and ``stats`` run unchanged.

Parameters: the protocol has no substitutions, so ``query(..., substitutions=...)`` binds them in the
query text the way pyoxigraph's substitutions bind them in the evaluation: each occurrence of the
variable becomes the RDF term, serialised by pyoxigraph (escaped, never pasted text), in every group,
filter and ``EXISTS`` (a ``VALUES`` block at the head of the query, the earlier way, is joined only
with the top-level group: nested groups, where the prepared queries test their parameters, did not
see it, and overviews came back empty). The query is read token by token (strings, IRIs and comments
are left as they are); in the query's projection a parameter becomes ``(TERM AS ?name)``, so that its
column keeps the value as with substitutions, in a sub-select's it is dropped, and in a ``GROUP BY``
or ``ORDER BY`` list it is ``(TERM)``: the
parameterised query of Apache Jena (``ParameterizedSparqlString``). Errors are ``StoreError`` E305
(server unreachable or refused).
"""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Iterable, Iterator

import pyoxigraph as ox

from .errors import StoreError

_URL = re.compile(r"^(https?):/+(.+)$")
# one token at a time: what is left as it is (long and short strings, IRIs, comments), a variable, the
# keywords that open and close a list of variables, and brackets
_TOKEN = re.compile(r"""
    (?P<keep>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
           |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<kw>\b(?:SELECT|WHERE|GROUP\s+BY|ORDER\s+BY|HAVING|LIMIT|OFFSET|VALUES|AS)\b)
  | (?P<open>[({]) | (?P<close>[)}])
""", re.IGNORECASE | re.VERBOSE)


def as_url(path) -> str | None:
    """``http://…`` (also after ``Path`` folded its ``//``) → the URL; anything else → None."""
    m = _URL.match(str(path))
    return f"{m.group(1)}://{m.group(2)}".rstrip("/") if m else None


def bind_terms(text: str, substitutions: dict | None) -> str:
    """The query with each substituted variable replaced by its RDF term (see the module docstring)."""
    if not substitutions:
        return text
    terms = {v.value: str(t) for v, t in substitutions.items()}
    out: list[str] = []
    at = depth = list_depth = 0
    in_list: str | bool = False  # "SELECT", "GROUP BY" or "ORDER BY" while reading its list
    after_as = False
    for m in _TOKEN.finditer(text):
        out.append(text[at:m.start()])
        at = m.end()
        token, kind = m.group(0), m.lastgroup
        if kind == "kw":
            word = " ".join(token.upper().split())
            after_as = word == "AS"
            if word in ("SELECT", "GROUP BY", "ORDER BY"):
                in_list, list_depth = word, depth
            elif word != "AS":
                in_list = False
        elif kind in ("open", "close"):
            depth += 1 if kind == "open" else -1
            if token in "{}":
                in_list = False
        elif kind == "var":
            term = terms.get(token[1:])
            if term is not None and not after_as:
                if not (in_list and depth == list_depth):
                    token = term
                elif in_list == "SELECT":
                    # the result's column keeps the value, as with substitutions; a sub-select's is dropped
                    # (the group around it no longer joins on the variable, and would then bind it twice)
                    token = f"({term} AS {token})" if depth == 0 else ""
                else:  # a GROUP BY or ORDER BY condition may be a bracketed expression
                    token = f"({term})"
            after_as = False
        out.append(token)
    out.append(text[at:])
    return "".join(out)


class RemoteStore:
    """A SPARQL 1.1 endpoint pair (``BASE/query``, ``BASE/update``) with the Store methods zhichan calls."""

    def __init__(self, url: str, *, read_only: bool = False, timeout: float = 300.0):
        self.url = url.rstrip("/")
        self.query_url = f"{self.url}/query"
        self.update_url = f"{self.url}/update"
        self.read_only = read_only
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    # ---------------------------------------------------------------- protocol

    def _post(self, url: str, body: str, content_type: str, accept: str | None = None,
              params: dict | None = None) -> bytes:
        if params:
            url = f"{url}?{urllib.parse.urlencode(params)}"
        req = urllib.request.Request(url, data=body.encode("utf-8"), method="POST",
                                     headers={"Content-Type": f"{content_type}; charset=utf-8",
                                              **({"Accept": accept} if accept else {})})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as err:
            detail = " ".join(err.read().decode("utf-8", "replace").split())[:300]
            if err.code == 400:
                raise SyntaxError(detail) from None
            raise StoreError("E305", f"the SPARQL server answered {err.code}: {detail}", path=url,
                             fix="check the server's log and that the dataset accepts updates") from None
        except (urllib.error.URLError, OSError) as err:
            raise StoreError("E305", f"cannot reach the SPARQL server: {err}", path=url,
                             fix="start the server, or check --store http://HOST:PORT/…") from None

    def query(self, text: str, *, substitutions: dict | None = None, use_default_graph_as_union: bool = False,
              prefixes: dict | None = None, **_ignored):
        """SELECT/ASK → pyoxigraph's ``QuerySolutions``/``QueryBoolean``; CONSTRUCT/DESCRIBE → a list of triples."""
        from .queries import query_form

        text = bind_terms(text, substitutions)
        if prefixes:
            text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + text
        params = {"union-default-graph": ""} if use_default_graph_as_union else None
        if query_form(text) in ("CONSTRUCT", "DESCRIBE"):
            data = self._post(self.query_url, text, "application/sparql-query", "application/n-triples", params)
            return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        data = self._post(self.query_url, text, "application/sparql-query", "application/sparql-results+json", params)
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    def update(self, text: str) -> None:
        """One SPARQL Update request: the server runs it as one transaction."""
        if self.read_only:
            raise StoreError("E305", "this store was opened read-only", path=self.url, fix="open it for writing")
        self._post(self.update_url, text, "application/sparql-update")

    # ---------------------------------------------------------------- the Store API zhichan uses

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator[ox.Quad]:
        """Quads of the named graphs matching the pattern (the default graph is not read)."""
        subs = {ox.Variable(n): t for n, t in (("s", subject), ("p", predicate), ("o", object), ("g", graph_name))
                if t is not None}
        for row in self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions=subs):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield row["g"]

    def __len__(self) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0]["n"].value)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Insert quads (named graphs only), in requests of at most 50,000."""
        batch: list[str] = []
        for q in quads:
            batch.append(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}")
            if len(batch) >= 50_000:
                self.update("INSERT DATA {\n" + "\n".join(batch) + "\n}")
                batch = []
        if batch:
            self.update("INSERT DATA {\n" + "\n".join(batch) + "\n}")

    def flush(self) -> None:
        """Nothing to do: the server commits each request."""


def open_remote(path, *, read_only: bool = False) -> RemoteStore | None:
    """A ``RemoteStore`` when ``path`` is an http(s) URL, else None; the server must answer a query."""
    url = as_url(path)
    if url is None:
        return None
    store = RemoteStore(url, read_only=read_only)
    store.query("ASK { }")
    return store
