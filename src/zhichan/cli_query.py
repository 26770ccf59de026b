"""The ``zhichan query`` command: prepared questions (``queries/*.rq``) and ad-hoc SPARQL.

Input: a query name, a ``.rq`` file or ``-e 'SPARQL'``, ``--param NAME=VALUE`` pairs and the store
(opened read-only when it can be). Queries run with the default graph as the union of the named
graphs (``--no-union``: an empty default graph, as a plain SPARQL 1.1 store has). Output: the answer
on stdout in a W3C SPARQL 1.1 results format serialised by pyoxigraph (JSON, XML, CSV, TSV), as
Turtle for CONSTRUCT and DESCRIBE, or as an aligned table for people (the default on a
terminal; TSV when piped): wide (CJK) characters measured with wcwidth, laid out by tabulate, terminal
control characters removed from the cells. Errors are one line on stderr and exit status 2.
``zhichan.cli`` registers ``query`` as ``app.command("query")(cli_query.query)``.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import sys
from pathlib import Path
from typing import List, Optional

import pyoxigraph as ox
import typer

from . import config
from .errors import QueryError, ZhichanError
from .queries import clean_cell, format_table  # noqa: F401  (the table for people; clean_cell re-exported)


def open_read_only(path: Path):
    """The store at ``path`` read-only, or a SPARQL server's URL; never creates one (see ``store.open_store``)."""
    from .store import open_store

    return open_store(path, read_only=True)


RESULT_FORMATS = ("table", "json", "xml", "csv", "tsv", "turtle")
_W3C = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}


def query(name: Optional[str] = typer.Argument(None, help="a prepared query name (see --list) or a .rq file"),
          param: List[str] = typer.Option([], "--param", "-p", metavar="NAME=VALUE",
                                          help="a parameter value; repeat for several"),
          execute: Optional[str] = typer.Option(None, "-e", "--execute", metavar="SPARQL",
                                                help="run this SPARQL text (zhichan prefixes predeclared; the default "
                                                     "graph is the union of the named graphs unless --no-union)"),
          list_: bool = typer.Option(False, "--list", help="list the prepared queries with their parameters"),
          sparql: bool = typer.Option(False, "--sparql",
                                      help="print the prepared query's SPARQL with its parameters written in (for "
                                           "another SPARQL tool) instead of running it"),
          format: Optional[str] = typer.Option(None, "--format", "-f",
                                               help="table, json, xml, csv, tsv (W3C SPARQL results) or turtle "
                                                    "(default: table on a terminal, tsv when piped; turtle for CONSTRUCT)"),
          columns: Optional[str] = typer.Option(None, "--columns", "-c", metavar="NAME,NAME",
                                                help="show only these columns, in this order"),
          max_width: int = typer.Option(60, "--max-width", help="clip table cells wider than this (0: never)"),
          union: bool = typer.Option(True, "--union/--no-union",
                                     help="query the union of the named graphs as the default graph (the default); "
                                          "--no-union leaves the default graph empty, as plain SPARQL 1.1 stores do"),
          store: Optional[Path] = typer.Option(None, "--store",
                                               help="store folder (default: $ZHICHAN_STORE or ./.zhichan/store)")):
    """Answer a question with a prepared SPARQL query, a .rq file or ad-hoc SPARQL.

    A parameter's declared type decides whether its value is bound as a literal (with its language tag
    or datatype) or an IRI; values are never pasted into the query text. Patterns outside GRAPH read
    the union of the named graphs (all documents, the ontology, the gazetteer, linksets) unless
    --no-union is given.

    \b
    Examples:
      zhichan query --list
      zhichan query programs-by-organiser --param body=青岛海关 --param year=2023
      zhichan query metric-by-area-year -p metric=有效发明专利拥有量 --format csv
      zhichan query agreement-signatories -c agreementLabel,signatories --format xml
      zhichan query org-network-rdf > network.ttl
      zhichan query funding -p funder=青岛农商银行 --sparql > funding.rq
      zhichan query -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
      zhichan query -e 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'
    """
    from . import queries as Q

    try:
        if list_:
            typer.echo(Q.listing(Q.discover()), nl=False)
            return
        if format is not None and format not in RESULT_FORMATS:
            raise QueryError("E418", "unknown output format", value=format,
                             fix=_did_you_mean(format, RESULT_FORMATS) + "use one of " + ", ".join(RESULT_FORMATS))
        if execute is not None and name is not None:
            raise QueryError("E413", "give either a query name/file or -e SPARQL, not both", value=name,
                             fix="drop one of them")
        values = Q.parse_assignments(param)
        if sparql:
            prepared = _resolve(Q, name) if name is not None else None
            if prepared is None:
                raise QueryError("E410", "--sparql prints a prepared query", value=name or "",
                                 fix="pass a prepared query name (zhichan query --list) or a .rq file with a header")
            typer.echo(Q.bound_text(prepared, values), nl=False)
            return
        if execute is not None:
            if values:
                raise QueryError("E413", "an ad-hoc -e query takes no parameters", value=", ".join(values),
                                 fix="put the query in a .rq file with '# param:' header lines")
            st = open_read_only(config.store_path(store))
            result = Q.execute(st, execute, union=union)
        elif name is not None:
            prepared = _resolve(Q, name)
            st = open_read_only(config.store_path(store))
            if prepared is None:  # a .rq file without a header: ad-hoc text
                if values:
                    raise QueryError("E413", "this query file declares no parameters", path=name,
                                     value=", ".join(values), fix="add '# param:' header lines to it")
                result = Q.execute(st, Path(name).read_text(encoding="utf-8"), union=union)
            else:
                _warn_outdated(st, config.store_path(store))
                result = Q.run(st, prepared, values, union=union)
        else:
            raise QueryError("E410", "no query given", fix="pass a query name (zhichan query --list), a .rq file, "
                             "or -e 'SPARQL'")
        if columns:
            result = Q.select_columns(result, [c.strip() for c in columns.split(",") if c.strip()])
        fmt = format or _default_format(result)
        text = render(result, fmt, max_width=max_width)
    except ZhichanError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `zhichan query … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    if fmt == "table" and result.form == "SELECT":
        typer.echo(f"({len(result.solutions)} row{'s' if len(result.solutions) != 1 else ''})", err=True)


def _warn_outdated(st, path) -> None:
    """One coded line on stderr when the store predates the derived data the prepared queries read."""
    from .builds import outdated

    line = outdated(st, str(path))
    if line:
        typer.echo(line, err=True)


def _did_you_mean(value: str, choices) -> str:
    close = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(close)}? " if close else ""


# ---------------------------------------------------------------------------------------- output
def render(result, fmt: str, *, max_width: int = 60) -> str:
    """The result in ``fmt``: a W3C results format (by pyoxigraph), Turtle, or a table."""
    if fmt == "table":
        return format_table(result, max_width=max_width)
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        if fmt != "turtle":
            raise QueryError("E418", f"a {result.form} query gives a graph, not a table of results", value=fmt,
                             fix="use --format turtle (or table)")
        from .export import _prefixes

        triples = sorted(result.triples, key=str)
        return (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes("turtle")) or b"").decode()
    if fmt == "turtle":
        raise QueryError("E418", "Turtle is for CONSTRUCT and DESCRIBE queries", value=result.form,
                         fix="use --format table, json, xml, csv or tsv for SELECT and ASK queries")
    answer = ox.parse_query_results(_results_json(result), format=ox.QueryResultsFormat.JSON)
    data = answer.serialize(format=getattr(ox.QueryResultsFormat, _W3C[fmt])).decode("utf-8")
    return data if data.endswith("\n") else data + "\n"


def _results_json(result) -> str:
    """The collected answer as SPARQL 1.1 Results JSON, the form pyoxigraph reads back to serialise it."""
    from .queries import json_term

    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    return json.dumps({"head": {"vars": list(result.variables)},
                       "results": {"bindings": [{v: json_term(t) for v, t in sol.items() if t is not None}
                                                for sol in result.solutions]}}, ensure_ascii=False)


def _resolve(Q, name: str):
    """A prepared query by name, or a ``.rq`` file by path (None if the file has no header)."""
    path = Path(name)
    if name.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise QueryError("E410", "no such query file", path=name, fix="check the path, or use a name from --list")
        text = path.read_text(encoding="utf-8")
        if not re.search(r"^#\s?title\s*:", text, re.MULTILINE):
            return None  # no zhichan header: ad-hoc SPARQL, whatever its comments say
        return Q.parse_header(text, name=path.stem, path=path)
    try:
        return Q.get(name)
    except QueryError as err:
        if err.code == "E410" and "did you mean" not in (err.fix or ""):
            names = [p.stem for p in Q.query_files()]
            err = QueryError("E410", err.problem, path=err.path, value=err.value,
                             fix=_did_you_mean(name, names) + (err.fix or ""))
        raise err from None


def _default_format(result) -> str:
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        return "turtle"
    return "table" if sys.stdout.isatty() else "tsv"
