"""Stage 6: the store → answers to researchers' questions, through prepared SPARQL files.

Input: a ``pyoxigraph.Store`` built by ``zhichan build`` and a query — the name of a file under
``queries/`` (``zhichan.config.queries_dir()``), a ``PreparedQuery``, or ad-hoc SPARQL text — with
parameter values as strings. Output: a ``Result`` (variables and rows of RDF terms, a list of
triples for CONSTRUCT/DESCRIBE, or a boolean for ASK), rendered as an aligned table, CSV, TSV,
SPARQL 1.1 Query Results JSON or Turtle, or turned into a pandas DataFrame.

The header of a ``.rq`` file
----------------------------
A prepared query is one ``.rq`` file; its name is the file stem. The file opens with ``#`` comment
lines, ``key: value`` each; the first line that is not a comment ends the header. A line starting
with ``#`` and at least two more spaces continues the value of the key before it::

    # title: 海关开展的执法行动 | Campaigns led by a customs office
    # summary-zh: 某一机构组织开展的执法行动和项目，附文件和原句。
    # summary-en: The enforcement campaigns and programs a body organises, with document and sentence.
    # param: body | label-or-iri | default: - | example: 青岛海关 | the organising body: a label (any alias) or IRI
    # param: year | gYear | default: - | example: 2023 | only programs of this year (name, sentence or report year)
    # tags: enforcement, programs
    # graphs: named

Keys: ``title`` (Chinese | English), ``summary-zh``, ``summary-en`` (required); ``param`` (one line
per parameter, repeatable; a query without parameters says ``# param: none``); ``tags`` (comma
separated); ``resolve`` (comma-separated ``label-or-iri`` parameters the runner turns from a label into
the IRI of the entity it names before the query runs — one look-up in the label index of the entities
graph; a label naming several entities runs the query once for each and joins the rows; so the query
may use the parameter as an IRI in its patterns); ``graphs``: ``named`` (the default: the query reads the named graphs through explicit
``GRAPH`` patterns, so it runs pasted into any SPARQL 1.1 tool) or ``union`` (the runner passes
``use_default_graph_as_union=True``; paste it into a tool whose default graph is the union).

A ``param`` line has five ``|``-separated fields: name (a SPARQL variable name without ``?``),
type, ``default: VALUE`` (``-`` or empty for none), ``example: VALUE`` and a description. Types:

================ ======================================================================================
``literal``      a plain string (``xsd:string``)
``literal@zh``   a language-tagged string (any BCP 47 tag after ``@``); labels in the store are ``@zh``
``iri``          an IRI: ``<…>``, ``http(s)://…``, ``urn:…`` or a prefixed name (``zc:Campaign``)
``label-or-iri`` an IRI if the value looks like one (as for ``iri``), else a ``@zh`` label literal
``integer``      ``xsd:integer``
``decimal``      ``xsd:decimal``
``gYear``        ``xsd:gYear`` (four digits)
``date``         ``xsd:date`` (YYYY-MM-DD)
``boolean``      ``xsd:boolean`` (true/false)
================ ======================================================================================

How a query uses a parameter
----------------------------
Values are never formatted into query text: ``bind`` turns them into RDF terms, and ``run`` passes
them as ``Store.query(text, substitutions={Variable(name): term})`` (SEP-0007). pyoxigraph 0.5
applies a substitution through the query's top-level projection, and it statically decides some
expressions about variables no pattern binds; the queries are therefore written so that:

1. every parameter is in the top-level ``SELECT`` list (and in ``GROUP BY`` when the query
   aggregates); parameter columns are dropped from the result, since they only repeat the value;
2. a parameter is only read inside ``FILTER``/``HAVING`` expressions, wrapped so that an unbound
   parameter means "no restriction": ``FILTER(COALESCE(sameTerm(?x, ?body) || EXISTS { GRAPH ?gl {
   ?x skos:prefLabel|skos:altLabel ?body } }, true))``. The test inside ``COALESCE`` must not raise
   an error when the parameter is bound (compare with ``sameTerm``, ``STR``, ``CONTAINS``), or the
   row would pass. Never ``BOUND(?param)``, ``BIND(?param AS ?v)`` (both are folded to "unbound")
   nor a parameter inside a sub-``SELECT`` (out of the substitution's scope);
3. CONSTRUCT and DESCRIBE queries take no parameters (pyoxigraph does not apply substitutions
   to their patterns).

A parameter not given takes its default; with no default it stays unbound and the query runs
unrestricted, exactly as it does pasted into another tool.

Fast look-ups (docs/design.md, "The entities graph")
----------------------------------------------------
A parameter bound by a substitution and used *directly in a triple pattern* is an index look-up;
used in a ``FILTER`` or computed in a ``BIND`` it is tested on every row. The prepared queries
therefore start from the entities graph where they can: ``GRAPH ent: { ?x zc:labelKey ?body }``
finds an entity by its IRI, any label or alias (also without quotes and 《》) in one look-up. Such a
query declares the parameter with a default (or is happy to enumerate when it is unbound).

For a text search, the runner derives one more substitution: when the query mentions ``?NAMEGram``
for a parameter ``NAME``, it binds it to the first two characters of the value (quotes, 《》 and
spaces dropped), or to ``""`` when the value is shorter or not given; every entity is indexed under
``zc:labelGram ""`` and under the bigrams of its labels, so ``?entity zc:labelGram ?NAMEGram`` gives
the candidates of a search and ``CONTAINS`` checks them. Pasted into another tool, bind ``?NAMEGram``
to ``""``. Derived columns are dropped from the result like parameter columns.

Errors (``QueryError``): E410 no such query or unreadable file, E411 bad header, E412 bad ``param``
line, E413 unknown parameter, E414 value does not fit the type, E415 SPARQL syntax, E416 ``--param``
not ``NAME=VALUE``, E417 evaluation failed, E418 output format, E419 parameters on CONSTRUCT,
E420 pandas missing, E421 unknown column.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pyoxigraph as ox

from .config import queries_dir
from .errors import QueryError, StoreError
from .rdf import PREFIXES, XSD

PARAM_TYPES = ("literal", "iri", "label-or-iri", "integer", "decimal", "gYear", "date", "boolean")
FORMATS = ("table", "csv", "tsv", "json", "turtle")
REQUIRED_KEYS = ("title", "summary-zh", "summary-en")
KNOWN_KEYS = REQUIRED_KEYS + ("param", "tags", "graphs", "resolve")
LABEL_LANGUAGE = "zh"

_HEADER_LINE = re.compile(r"^#\s?([A-Za-z][A-Za-z0-9-]*)\s*:\s?(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)
_NONE = {"", "-", "none"}


@dataclass(frozen=True)
class Param:
    """One declared parameter of a prepared query."""

    name: str
    type: str
    default: str | None = None
    example: str | None = None
    description: str = ""

    def describe(self) -> str:
        bits = [f"{self.name} ({self.type})"]
        if self.default is not None:
            bits.append(f"default {self.default}")
        if self.example is not None:
            bits.append(f"e.g. {self.example}")
        return ", ".join(bits) + (f": {self.description}" if self.description else "")


@dataclass(frozen=True)
class PreparedQuery:
    """A ``.rq`` file: its header, parsed, and its SPARQL text (header included)."""

    name: str
    title: str
    summary_zh: str
    summary_en: str
    params: tuple[Param, ...]
    tags: tuple[str, ...]
    text: str
    path: Path | None = None
    graphs: str = "named"
    resolve: tuple[str, ...] = ()

    @property
    def title_zh(self) -> str:
        return self.title.split("|")[0].strip()

    @property
    def title_en(self) -> str:
        parts = self.title.split("|", 1)
        return parts[1].strip() if len(parts) > 1 else parts[0].strip()

    @property
    def form(self) -> str:
        """SELECT, CONSTRUCT, DESCRIBE or ASK: the first of these keywords outside comments and IRIs."""
        return query_form(self.text)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def where(self) -> str:
        return str(self.path) if self.path else self.name


# ---------------------------------------------------------------------------------------- header


def _strip_for_form(text: str) -> str:
    text = re.sub(r"<[^<>\s]*>", "<>", text)
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', text)
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def query_form(text: str) -> str:
    m = _FORM.search(_strip_for_form(text))
    return m.group(1).upper() if m else "SELECT"


def parse_header(text: str, *, name: str, path: Path | None = None) -> PreparedQuery:
    """Read the ``# key: value`` header of a query file (see the module docstring)."""
    where = str(path) if path else name
    entries: list[tuple[str, str, int]] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip():
            if entries:
                break
            continue
        if not line.startswith("#"):
            break
        cont = _CONTINUATION.match(line)
        m = _HEADER_LINE.match(line)
        if cont and entries and not m:
            key, value, ln = entries[-1]
            entries[-1] = (key, (value + " " + cont.group(1).strip()).strip(), ln)
            continue
        if m:
            key = m.group(1).lower()
            if key not in KNOWN_KEYS:
                raise QueryError("E411", f"unknown header key {key!r}", path=where, line=lineno, value=line,
                                 fix="use one of " + ", ".join(KNOWN_KEYS))
            entries.append((key, m.group(2).strip(), lineno))
        # any other comment line (a free note) is allowed and ignored
    values: dict[str, str] = {}
    params: list[Param] = []
    tags: tuple[str, ...] = ()
    graphs = "named"
    resolve: tuple[str, ...] = ()
    for key, value, lineno in entries:
        if key == "param":
            if value.lower() in _NONE:
                continue
            p = _parse_param(value, where=where, line=lineno)
            if any(q.name == p.name for q in params):
                raise QueryError("E412", f"parameter {p.name!r} is declared twice", path=where, line=lineno,
                                 fix="keep one # param: line per parameter")
            params.append(p)
        elif key == "tags":
            tags = tuple(t.strip() for t in value.split(",") if t.strip())
        elif key == "resolve":
            resolve = tuple(t.strip() for t in value.split(",") if t.strip())
        elif key == "graphs":
            if value not in ("named", "union"):
                raise QueryError("E411", "graphs must be 'named' or 'union'", path=where, line=lineno, value=value,
                                 fix="write '# graphs: named' (explicit GRAPH patterns) or '# graphs: union'")
            graphs = value
        else:
            values[key] = value
    missing = [k for k in REQUIRED_KEYS if not values.get(k)]
    if missing:
        raise QueryError("E411", "the header lacks " + ", ".join(missing), path=where,
                         fix="start the file with '# title: Chinese title | English title', '# summary-zh: …' and '# summary-en: …' lines")
    return PreparedQuery(name=name, title=values["title"], summary_zh=values["summary-zh"],
                         summary_en=values["summary-en"], params=tuple(params), tags=tags, text=text, path=path,
                         graphs=graphs, resolve=resolve)


def _parse_param(value: str, *, where: str, line: int) -> Param:
    fields = [f.strip() for f in value.split("|")]
    fix = "write '# param: NAME | TYPE | default: VALUE | example: VALUE | description'"
    if len(fields) < 2:
        raise QueryError("E412", "a parameter needs at least a name and a type", path=where, line=line,
                         value=value, fix=fix)
    name, type_ = fields[0], fields[1]
    if not _VARNAME.match(name):
        raise QueryError("E412", "a parameter name must be a SPARQL variable name without '?'", path=where,
                         line=line, value=name, fix=fix)
    if not _valid_type(type_):
        raise QueryError("E412", f"unknown parameter type for {name!r}", path=where, line=line, value=type_,
                         fix="use one of " + ", ".join(PARAM_TYPES) + " or literal@LANG")
    default = example = None
    description: list[str] = []
    for f in fields[2:]:
        key, sep, rest = f.partition(":")
        if sep and key.strip().lower() == "default":
            default = None if rest.strip().lower() in _NONE else rest.strip()
        elif sep and key.strip().lower() == "example":
            example = None if rest.strip().lower() in _NONE else rest.strip()
        elif f:
            description.append(f)
    p = Param(name=name, type=type_, default=default, example=example, description=" | ".join(description))
    for what, v in (("default", default), ("example", example)):
        if v is not None:
            try:
                to_term(v, type_)
            except ValueError as err:
                raise QueryError("E412", f"the {what} of {name!r} is not a valid {type_}: {err}", path=where,
                                 line=line, value=v, fix=f"give a {type_} value") from None
    return p


def _valid_type(type_: str) -> bool:
    if type_ in PARAM_TYPES:
        return True
    base, at, lang = type_.partition("@")
    return base == "literal" and bool(at) and bool(_LANG.match(lang))


# ---------------------------------------------------------------------------------------- discovery


def load(path: Path | str) -> PreparedQuery:
    """Read one ``.rq`` file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError("E410", f"cannot read the query file: {err}", path=str(path),
                         fix="pass a readable UTF-8 .rq file") from err
    return parse_header(text, name=path.stem, path=path)


def query_files(folder: Path | None = None) -> list[Path]:
    folder = Path(folder) if folder else queries_dir()
    return sorted(folder.glob("*.rq"))


def discover(folder: Path | None = None) -> list[PreparedQuery]:
    """Every prepared query of ``queries/`` (or ``folder``), sorted by name."""
    return [load(p) for p in query_files(folder)]


def get(name: str, folder: Path | None = None) -> PreparedQuery:
    """The prepared query ``name`` (the file stem), or a clear error listing the names."""
    folder = Path(folder) if folder else queries_dir()
    path = folder / f"{name}.rq"
    if not path.is_file():
        names = [p.stem for p in query_files(folder)]
        close = [n for n in names if name.lower() in n or n in name.lower()]
        raise QueryError("E410", "no prepared query of that name", path=str(folder), value=name,
                         fix=(f"did you mean {', '.join(close)}? " if close else "")
                         + "run `zhichan query --list` to see the names")
    return load(path)


# ---------------------------------------------------------------------------------------- binding


def expand_iri(value: str) -> str:
    """``<…>`` or a full IRI as is; a prefixed name with a zhichan prefix expanded; else ValueError."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    elif re.match(r"^(https?|urn|file|mailto|tag):", v, re.IGNORECASE):
        pass
    else:
        prefix, sep, local = v.partition(":")
        if not sep or prefix not in PREFIXES:
            raise ValueError("not an IRI (<…>, http(s)://…, urn:… or a prefixed name such as zc:Campaign, "
                             f"with one of the prefixes {', '.join(sorted(PREFIXES))})")
        v = PREFIXES[prefix] + local
    try:
        return ox.NamedNode(v).value
    except ValueError as err:
        raise ValueError(f"not a valid IRI ({err})") from None


def looks_like_iri(value: str) -> bool:
    try:
        expand_iri(value)
        return True
    except ValueError:
        return False


def to_term(value: str, type_: str) -> ox.NamedNode | ox.Literal:
    """One parameter value → an RDF term, by its declared type. Raises ValueError with the reason."""
    if type_ == "literal":
        return ox.Literal(value)
    if type_.startswith("literal@"):
        return ox.Literal(value, language=type_.split("@", 1)[1])
    if type_ == "iri":
        return ox.NamedNode(expand_iri(value))
    if type_ == "label-or-iri":
        if looks_like_iri(value):
            return ox.NamedNode(expand_iri(value))
        return ox.Literal(value.strip(), language=LABEL_LANGUAGE)
    v = value.strip()
    if type_ == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", v):
            raise ValueError("not an integer")
        return ox.Literal(str(int(v)), datatype=ox.NamedNode(XSD + "integer"))
    if type_ == "decimal":
        try:
            d = Decimal(v)
        except InvalidOperation:
            raise ValueError("not a decimal number") from None
        if not d.is_finite() or not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", v):
            raise ValueError("not a decimal number (digits with an optional point)")
        return ox.Literal(v, datatype=ox.NamedNode(XSD + "decimal"))
    if type_ == "gYear":
        if not re.fullmatch(r"-?[0-9]{4}", v):
            raise ValueError("not a year (four digits, e.g. 2023)")
        return ox.Literal(v, datatype=ox.NamedNode(XSD + "gYear"))
    if type_ == "date":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v):
            raise ValueError("not a date (YYYY-MM-DD)")
        return ox.Literal(v, datatype=ox.NamedNode(XSD + "date"))
    if type_ == "boolean":
        if v.lower() not in ("true", "false", "1", "0"):
            raise ValueError("not a boolean (true or false)")
        return ox.Literal("true" if v.lower() in ("true", "1") else "false", datatype=ox.NamedNode(XSD + "boolean"))
    raise ValueError(f"unknown type {type_}")


def bind(query: PreparedQuery, values: Mapping[str, str] | None = None) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Parameter values (strings) → the ``substitutions`` of ``Store.query``, defaults filled in.

    Unknown names and values that do not fit the declared type are ``QueryError`` E413/E414.
    """
    values = dict(values or {})
    known = {p.name for p in query.params}
    for name in values:
        if name not in known:
            declared = ", ".join(sorted(known)) or "none"
            raise QueryError("E413", f"query {query.name!r} has no parameter {name!r}", path=query.where,
                             value=name, fix=f"its parameters are: {declared} (see `zhichan query --list`)")
    out: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    for p in query.params:
        raw = values.get(p.name)
        if raw is None:
            raw = p.default
        if raw is None:
            continue
        try:
            out[ox.Variable(p.name)] = to_term(str(raw), p.type)
        except ValueError as err:
            example = f", e.g. {p.name}={p.example}" if p.example else ""
            article = "an" if p.type[0] in "aeiou" else "a"
            raise QueryError("E414", f"parameter {p.name!r} of query {query.name!r} must be {article} {p.type}: {err}",
                             path=query.where, value=str(raw),
                             fix=f"pass --param {p.name}=VALUE with {article} {p.type}{example}") from None
    return out


_GRAM_STRIP = re.compile(r"[《》“”\"「」\s]")


def derived_substitutions(query: PreparedQuery, substitutions: Mapping) -> dict[str, ox.Literal]:
    """``NAMEGram`` for each parameter whose ``?NAMEGram`` the query text mentions (see the docstring)."""
    out: dict[str, ox.Literal] = {}
    for p in query.params:
        name = f"{p.name}Gram"
        if not re.search(rf"\?{name}\b", query.text):
            continue
        term = substitutions.get(ox.Variable(p.name))
        text = _GRAM_STRIP.sub("", term.value) if isinstance(term, ox.Literal) else ""
        out[name] = ox.Literal(text[:2] if len(text) >= 2 else "")
    return out


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``["body=青岛海关", "year=2023"]`` → a dict; an item without ``=`` is E416."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError("E416", "a parameter must be written NAME=VALUE", value=item,
                             fix="write e.g. --param body=LABEL")
        out[name.strip()] = value
    return out


# ---------------------------------------------------------------------------------------- running


@dataclass
class Result:
    """The answer of one query.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE. For SELECT, ``variables`` and ``solutions``
    (dicts of variable name → RDF term or None); ``rows`` gives the same as Python values. For ASK,
    ``boolean``. For CONSTRUCT/DESCRIBE, ``triples``.
    """

    form: str
    variables: list[str] = field(default_factory=list)
    solutions: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    query: PreparedQuery | None = None

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Rows as Python values: IRIs and strings as ``str``, numbers as int/Decimal/float, None if unbound."""
        return [{v: python_value(sol.get(v)) for v in self.variables} for sol in self.solutions]

    def column(self, name: str) -> list[Any]:
        return [python_value(sol.get(name)) for sol in self.solutions]

    def __len__(self) -> int:
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return len(self.triples)
        if self.form == "ASK":
            return 1
        return len(self.solutions)


def python_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        local = dt[len(XSD):] if dt.startswith(XSD) else ""
        try:
            if local in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                         "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong"):
                return int(term.value)
            if local == "decimal":
                return Decimal(term.value)
            if local in ("double", "float"):
                return float(term.value)
            if local == "boolean":
                return term.value in ("true", "1")
        except (ValueError, InvalidOperation):
            return term.value
        return term.value
    return str(term)


def run(store: ox.Store, query: PreparedQuery | str, params: Mapping[str, str] | None = None, *,
        folder: Path | None = None, union: bool = True) -> Result:
    """Run a prepared query (object or name) with string parameters; or ad-hoc SPARQL text.

    ``query`` is treated as SPARQL text when it holds whitespace or braces, else as a query name.
    Ad-hoc text takes no parameters. ``union``: the default graph is the union of the named graphs
    (``use_default_graph_as_union``), so patterns outside ``GRAPH`` see the data; ``False`` leaves it
    empty, as in a plain SPARQL 1.1 store (a ``# graphs: union`` query is always run with the union).
    """
    if isinstance(query, str):
        if re.search(r"[\s{}]", query):
            if params:
                raise QueryError("E413", "an ad-hoc query takes no parameters", value=", ".join(params),
                                 fix="put the query in a .rq file with '# param:' header lines, or write the values in")
            return execute(store, query, union=union)
        query = get(query, folder)
    substitutions = bind(query, params)
    if substitutions and query.form in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError("E419", f"{query.form} queries take no parameters", path=query.where,
                         fix="write the query as a SELECT, or drop its # param: lines")
    hidden = {p.name for p in query.params}
    for name, term in derived_substitutions(query, substitutions).items():
        substitutions[ox.Variable(name)] = term
        hidden.add(name)
    runs = [substitutions]
    for name in query.resolve:
        var = ox.Variable(name)
        if isinstance(substitutions.get(var), ox.Literal):
            iris = resolve_label(store, substitutions[var])
            if iris:
                runs = [{**r, var: iri} for r in runs for iri in iris]
    results = [execute(store, query.text, substitutions=r, union=union or query.graphs == "union", hide=hidden,
                       prepared=query) for r in runs]
    if len(results) == 1:
        return results[0]
    first = results[0]
    if first.form != "SELECT":
        return Result(form=first.form, triples=[t for r in results for t in r.triples],
                      boolean=any(r.boolean for r in results) if first.form == "ASK" else None, query=query)
    seen, solutions = set(), []
    for r in results:
        for sol in r.solutions:
            key = tuple(str(sol.get(v)) for v in first.variables)
            if key not in seen:
                seen.add(key)
                solutions.append(sol)
    return Result(form="SELECT", variables=first.variables, solutions=solutions, query=query)


def bound_text(query: PreparedQuery | str, params: Mapping[str, str] | None = None, *,
               folder: Path | None = None) -> str:
    """The query's text with its parameters (defaults filled in) written in as RDF terms, for another tool.

    The same binding as over the SPARQL protocol (``zhichan.remote.bind_terms``): each occurrence of the
    variable becomes the term pyoxigraph serialises. A label the runner would look up (``# resolve:``)
    stays a label: give the IRI (``search-entities`` finds it).
    """
    from .remote import bind_terms

    if isinstance(query, str):
        query = get(query, folder)
    substitutions = bind(query, params)
    for name, term in derived_substitutions(query, substitutions).items():
        substitutions[ox.Variable(name)] = term
    return bind_terms(query.text, substitutions)


RESOLVE_QUERY = """SELECT ?e ?label WHERE {
  GRAPH <https://w3id.org/zhichan/id/graph/entities> { ?e <https://w3id.org/zhichan/ontology#labelKey> ?label }
  FILTER(isIRI(?e))
} ORDER BY ?e"""


def resolve_label(store, label: ox.Literal) -> list[ox.NamedNode]:
    """The entities whose IRI, label or alias is ``label``: one look-up in the label index of the entities graph."""
    return [row["e"] for row in store.query(RESOLVE_QUERY, substitutions={ox.Variable("label"): label})]


def execute(store: ox.Store, text: str, *, substitutions: dict | None = None, union: bool = True,
            hide: set[str] | None = None, prepared: PreparedQuery | None = None) -> Result:
    """Run SPARQL text and collect the whole answer (the store's iterators are single-use)."""
    where = prepared.where if prepared else "ad-hoc query"
    form = query_form(text)
    try:
        answer = store.query(text, substitutions=substitutions or None, use_default_graph_as_union=union,
                             prefixes=dict(PREFIXES) if prepared is None else None)
    except SyntaxError as err:
        raise QueryError("E415", f"the SPARQL does not parse: {_one_line(err)}", path=where,
                         fix="check the query text (PREFIX lines, braces, variable names)") from None
    except RuntimeError as err:
        msg = _one_line(err)
        fix = "check the query"
        m = re.search(r"variable \?(\w+) in its SELECT projection", msg)
        if m:
            fix = (f"add ?{m.group(1)} to the top-level SELECT list (and GROUP BY): pyoxigraph binds parameters "
                   "through the projection")
        raise QueryError("E417", f"the query failed: {msg}", path=where, fix=fix) from None
    except OSError as err:
        raise StoreError("E304", f"cannot read the store: {_one_line(err)}", fix="check the --store folder") from None
    hide = hide or set()
    try:
        if isinstance(answer, ox.QueryBoolean):
            return Result(form="ASK", boolean=bool(answer), query=prepared)
        if isinstance(answer, (ox.QueryTriples, list)):  # a list: CONSTRUCT over the protocol (zhichan.remote)
            return Result(form=form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples=list(answer),
                          query=prepared)
        variables = [v.value for v in answer.variables]
        keep = [v for v in variables if v not in hide]
        # a solution iterates its terms in the order of the variables: zipping them is ~2x faster than a
        # look-up by name per cell (thousands of rows in a listing)
        if len(keep) == len(variables):
            solutions = [dict(zip(variables, sol)) for sol in answer]
        else:
            solutions = [{v: t for v, t in zip(variables, sol) if v not in hide} for sol in answer]
    except (RuntimeError, OSError) as err:  # evaluation errors surface while iterating
        raise QueryError("E417", f"the query failed: {_one_line(err)}", path=where, fix="check the query") from None
    return Result(form="SELECT", variables=keep, solutions=solutions, query=prepared)


def select_columns(result: Result, names: Sequence[str]) -> Result:
    """The same result with only ``names``, in that order (SELECT results); an unknown name is E421."""
    if result.form != "SELECT":
        raise QueryError("E421", f"only SELECT results have columns to choose; this is {result.form}",
                         fix="drop --columns")
    unknown = [n for n in names if n not in result.variables]
    if unknown:
        raise QueryError("E421", "no such column", value=", ".join(unknown),
                         fix="choose among " + ", ".join(result.variables))
    return Result(form="SELECT", variables=list(names), query=result.query,
                  solutions=[{n: sol.get(n) for n in names} for sol in result.solutions])


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


# ---------------------------------------------------------------------------------------- output


def shorten(iri: str) -> str:
    """An IRI as a prefixed name where a zhichan prefix fits (for the table only)."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else f"<{iri}>"


def plain_value(term: Any, *, short: bool = False) -> str:
    """A cell's text: the IRI (prefixed when ``short``, for tables) or the literal's lexical form (SPARQL 1.1 CSV)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value) if short else term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def display_value(term: Any) -> str:
    return plain_value(term, short=True)


# C0 and C1 controls, DEL, and the escape sequences they start, never reach a terminal
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[\x00-\x1f\x7f-\x9f]")


def clean_cell(text: str) -> str:
    """A cell's text on one line, without escape sequences or control characters."""
    return " ".join(_CONTROL.sub(" ", text).split())


def display_width(text: str) -> int:
    """Columns a string takes on a terminal (wcwidth): wide and full-width characters (CJK) count 2."""
    from wcwidth import wcswidth, wcwidth

    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcwidth(ch), 0) for ch in text)


def _clip(text: str, limit: int) -> str:
    """The text on one line, clipped with … to at most ``limit`` columns (0: never)."""
    from wcwidth import wcwidth

    text = " ".join(text.split())
    if limit <= 0 or display_width(text) <= limit:
        return text
    out, width = [], 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if width + w > limit - 1:
            break
        out.append(ch)
        width += w
    return "".join(out) + "…"


def _numeric(term: Any) -> bool:
    return isinstance(term, ox.Literal) and term.datatype is not None and term.datatype.value.startswith(XSD) \
        and term.datatype.value[len(XSD):] in ("integer", "decimal", "double", "float", "int", "long")


def format_table(result: Result, *, max_width: int = 60) -> str:
    """An aligned table for people (tabulate): CJK characters count two columns, control characters are removed,
    cells wider than ``max_width`` columns are clipped with … (0: never), numeric columns are right-aligned."""
    import tabulate as tb

    if result.form == "ASK":
        return "true\n" if result.boolean else "false\n"
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        variables = ["subject", "predicate", "object"]
        solutions = [dict(zip(variables, (t.subject, t.predicate, t.object))) for t in result.triples]
    else:
        variables, solutions = result.variables, result.solutions
    rows = [[_clip(clean_cell(display_value(sol.get(v))), max_width) for v in variables] for sol in solutions]
    align = ["right" if solutions and all(_numeric(sol.get(v)) or sol.get(v) is None for sol in solutions) else "left"
             for v in variables]
    tb.WIDE_CHARS_MODE = True
    text = tb.tabulate(rows, headers=[clean_cell(v) for v in variables], tablefmt="simple", disable_numparse=True,
                       colalign=align or None)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def _delimited(result: Result, delimiter: str) -> str:
    buf = io.StringIO()
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        variables = ["subject", "predicate", "object"]
        solutions = [dict(zip(variables, (t.subject, t.predicate, t.object))) for t in result.triples]
    else:
        variables, solutions = result.variables, result.solutions
    if delimiter == ",":
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for sol in solutions:
            w.writerow([plain_value(sol.get(v)) for v in variables])
    else:
        clean = lambda s: s.replace("\t", " ").replace("\r", " ").replace("\n", " ")  # noqa: E731
        buf.write("\t".join(variables) + "\n")
        for sol in solutions:
            buf.write("\t".join(clean(plain_value(sol.get(v))) for v in variables) + "\n")
    return buf.getvalue()


def format_csv(result: Result) -> str:
    """CSV as in SPARQL 1.1 Query Results CSV: a header row, IRIs and lexical forms, CRLF line ends."""
    return _delimited(result, ",")


def format_tsv(result: Result) -> str:
    """The CSV cells tab-separated (tabs and line breaks inside a cell become spaces)."""
    return _delimited(result, "\t")


def json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": json_term(term.subject), "predicate": json_term(term.predicate),
                                            "object": json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
    if result.form == "ASK":
        doc: dict[str, Any] = {"head": {}, "boolean": bool(result.boolean)}
    elif result.form in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError("E418", f"a {result.form} query gives a graph, not a table of results",
                         fix="use --format turtle (or table, csv, tsv)")
    else:
        doc = {"head": {"vars": list(result.variables)},
               "results": {"bindings": [{v: json_term(t) for v, t in sol.items() if t is not None}
                                        for sol in result.solutions]}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def format_turtle(result: Result) -> str:
    if result.form not in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError("E418", "Turtle is for CONSTRUCT and DESCRIBE queries", value=result.form,
                         fix="use --format table, csv, tsv or json for SELECT and ASK queries")
    triples = sorted(result.triples, key=str)
    used = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object)
            if isinstance(t, ox.NamedNode)} | {tr.object.datatype.value for tr in triples
                                                if isinstance(tr.object, ox.Literal) and tr.object.datatype}
    # id: is left out: its local names hold slashes, which Turtle would have to escape (id:agency\/…)
    prefixes = {p: ns for p, ns in PREFIXES.items() if p != "id" and any(v.startswith(ns) for v in used)}
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
    return data.decode("utf-8")


def format_result(result: Result, fmt: str, *, max_width: int = 60) -> str:
    if fmt == "table":
        return format_table(result, max_width=max_width)
    if fmt == "csv":
        return format_csv(result)
    if fmt == "tsv":
        return format_tsv(result)
    if fmt == "json":
        return format_json(result)
    if fmt == "turtle":
        return format_turtle(result)
    raise QueryError("E418", "unknown output format", value=fmt, fix="use one of " + ", ".join(FORMATS))


def to_dataframe(result: Result):
    """A pandas DataFrame of a SELECT result (or of the triples of a CONSTRUCT); needs pandas."""
    try:
        import pandas as pd
    except ImportError as err:
        raise QueryError("E420", "pandas is not installed", fix="pip install 'zhichan[pandas]'") from err
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        cols = ["subject", "predicate", "object"]
        data = [[python_value(t.subject), python_value(t.predicate), python_value(t.object)] for t in result.triples]
        return pd.DataFrame(data, columns=cols)
    if result.form == "ASK":
        return pd.DataFrame({"boolean": [bool(result.boolean)]})
    frame = pd.DataFrame(result.rows, columns=result.variables)
    for col in result.variables:
        values = [v for v in frame[col] if v is not None]
        if values and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values):
            frame[col] = pd.to_numeric(frame[col].map(lambda v: float(v) if isinstance(v, Decimal) else v))
    return frame


def listing(queries: Sequence[PreparedQuery]) -> str:
    """What ``zhichan query --list`` prints: name, title, summary and parameters of each query."""
    out = []
    for q in queries:
        out.append(f"{q.name}  [{q.form}]  {q.title}")
        out.append(f"    {q.summary_zh}")
        out.append(f"    {q.summary_en}")
        for p in q.params:
            out.append(f"    --param {p.describe()}")
        if not q.params:
            out.append("    (no parameters)")
        if q.tags:
            out.append(f"    tags: {', '.join(q.tags)}")
        out.append("")
    return "\n".join(out)


__all__ = ["Param", "PreparedQuery", "Result", "bind", "discover", "execute", "format_csv", "format_json",
           "format_result", "format_table", "format_tsv", "format_turtle", "get", "listing", "load",
           "parse_assignments", "parse_header", "python_value", "run", "select_columns", "to_dataframe", "to_term"]
