"""The ``zhichan query`` command: prepared questions (``queries/*.rq``) and ad-hoc SPARQL.

Input: a query name, a ``.rq`` file or ``-e 'SPARQL'``, ``--param NAME=VALUE`` pairs and the store
(opened read-only when it can be). Output: the answer on stdout as an aligned table (the default
on a terminal; TSV when piped), CSV, TSV, SPARQL 1.1 Query Results JSON, or Turtle for CONSTRUCT
and DESCRIBE. Errors are one line on stderr and exit status 2. ``zhichan.cli`` registers
``query`` as ``app.command("query")(cli_query.query)``.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import config
from .errors import QueryError, StoreError, ZhichanError


def open_read_only(path: Path):
    """The store at ``path``, read-only if pyoxigraph allows it, else read-write; or a SPARQL server's URL."""
    import pyoxigraph as ox

    from .remote import open_remote

    remote = open_remote(path, read_only=True)
    if remote is not None:
        return remote

    path = Path(path)
    if not path.exists():
        raise StoreError("E301", "no store here", path=str(path),
                         fix="run `zhichan build` first, or pass --store DIR / set ZHICHAN_STORE")
    try:
        return ox.Store.read_only(str(path))
    except (OSError, AttributeError):
        pass
    try:
        return ox.Store(str(path))
    except OSError as err:
        raise StoreError("E302", f"cannot open the store: {err}", path=str(path),
                         fix="close other zhichan processes using it, or pass another --store") from err


def query(name: Optional[str] = typer.Argument(None, help="a prepared query name (see --list) or a .rq file"),
          param: List[str] = typer.Option([], "--param", "-p", metavar="NAME=VALUE",
                                          help="a parameter value; repeat for several"),
          execute: Optional[str] = typer.Option(None, "-e", "--execute", metavar="SPARQL",
                                                help="run this SPARQL text (zhichan prefixes predeclared)"),
          list_: bool = typer.Option(False, "--list", help="list the prepared queries with their parameters"),
          format: Optional[str] = typer.Option(None, "--format", "-f",
                                               help="table, csv, tsv, json or turtle (default: table on a terminal, "
                                                    "tsv when piped; turtle for CONSTRUCT)"),
          columns: Optional[str] = typer.Option(None, "--columns", "-c", metavar="NAME,NAME",
                                                help="show only these columns, in this order"),
          max_width: int = typer.Option(60, "--max-width", help="clip table cells wider than this (0: never)"),
          store: Optional[Path] = typer.Option(None, "--store",
                                               help="store folder (default: $ZHICHAN_STORE or ./.zhichan/store)")):
    """Answer a question with a prepared SPARQL query, a .rq file or ad-hoc SPARQL.

    A parameter's declared type decides whether its value is bound as a literal (with its language tag
    or datatype) or an IRI; values are never pasted into the query text.

    \b
    Examples:
      zhichan query --list
      zhichan query programs-by-organiser --param body=青岛海关 --param year=2023
      zhichan query metric-by-area-year -p metric=有效发明专利拥有量 --format csv
      zhichan query agreement-signatories -c agreementLabel,signatories
      zhichan query org-network-rdf > network.ttl
      zhichan query -e 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'
    """
    from . import queries as Q

    try:
        if list_:
            typer.echo(Q.listing(Q.discover()), nl=False)
            return
        if format is not None and format not in Q.FORMATS:
            raise QueryError("E418", "unknown output format", value=format, fix="use one of " + ", ".join(Q.FORMATS))
        if execute is not None and name is not None:
            raise QueryError("E413", "give either a query name/file or -e SPARQL, not both", value=name,
                             fix="drop one of them")
        values = Q.parse_assignments(param)
        if execute is not None:
            if values:
                raise QueryError("E413", "an ad-hoc -e query takes no parameters", value=", ".join(values),
                                 fix="put the query in a .rq file with '# param:' header lines")
            st = open_read_only(config.store_path(store))
            result = Q.execute(st, execute)
        elif name is not None:
            prepared = _resolve(Q, name)
            st = open_read_only(config.store_path(store))
            if prepared is None:  # a .rq file without a header: ad-hoc text
                if values:
                    raise QueryError("E413", "this query file declares no parameters", path=name,
                                     value=", ".join(values), fix="add '# param:' header lines to it")
                result = Q.execute(st, Path(name).read_text(encoding="utf-8"))
            else:
                result = Q.run(st, prepared, values)
        else:
            raise QueryError("E410", "no query given", fix="pass a query name (zhichan query --list), a .rq file, "
                             "or -e 'SPARQL'")
        if columns:
            result = Q.select_columns(result, [c.strip() for c in columns.split(",") if c.strip()])
        fmt = format or _default_format(result)
        text = Q.format_result(result, fmt, max_width=max_width)
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
    return Q.get(name)


def _default_format(result) -> str:
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        return "turtle"
    return "table" if sys.stdout.isatty() else "tsv"
