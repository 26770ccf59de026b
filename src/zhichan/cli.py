"""The ``zhichan`` command: one typer group whose commands follow the data flow.

build → extract → export → query → validate → link → serve → stats → evaluate. Results go to
stdout, progress and errors to stderr; an error is one line (``E101 path: problem; fix: …``) and
exit status 2. The store path comes from ``--store``, else ``$ZHICHAN_STORE``, else
``./.zhichan/store``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

import typer

from . import config
from .errors import ZhichanError

app = typer.Typer(no_args_is_help=True, add_completion=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"zhichan {version('zhichan')}")
        except PackageNotFoundError:
            typer.echo("zhichan (not installed: no package metadata)")
        raise typer.Exit()


@app.callback()
def _main(show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                            help="print the version and exit")):
    """知产 zhichan — a knowledge graph of Chinese IP governance, built into Oxigraph.

    Shell completion: zhichan --install-completion (bash, zsh, fish), or --show-completion to see the script.
    """

StoreOpt = typer.Option(None, "--store", help="store folder (default: $ZHICHAN_STORE or ./.zhichan/store)")


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _fail(error: Exception, code: int = 2):
    _err(str(error))
    raise typer.Exit(code)


DOC_SUFFIXES = {".txt", ".md", ".text"}


def _expand(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in DOC_SUFFIXES)
        else:
            out.append(p)
    return out


@app.command()
def build(paths: List[Path] = typer.Argument(None, help="files or folders (default: the bundled corpus data/corpus/)"),
          store: Optional[Path] = StoreOpt,
          keep_going: bool = typer.Option(False, "--keep-going", help="write the documents that worked even if others failed")):
    """Extract documents and write one named graph per document into the store.

    Example: zhichan build data/corpus/ --store /tmp/zc
    """
    from tqdm import tqdm

    from .extraction import extract_file
    from .rdf import extraction_quads, graph_iri
    from .store import (GAZETTEER_GRAPH, ONTOLOGY_GRAPH, open_store, ontology_quads, replace_graph, stats)

    files = _expand(list(paths) if paths else [config.corpus_dir()])
    if not files:
        _fail(ZhichanError("E107", "no documents to build (looked for .txt and .md files)",
                           path=" ".join(map(str, paths or [])), fix="pass text files or a folder holding them"))
    results, errors = [], []
    for f in tqdm(files, desc="extract", unit="doc", file=sys.stderr, disable=len(files) < 2):
        try:
            results.append(extract_file(f))
        except ZhichanError as e:
            errors.append(e)
    for e in errors:
        _err(str(e))
    if errors and not keep_going:
        _err(f"nothing written: {len(errors)} of {len(files)} documents failed (use --keep-going to write the others)")
        raise typer.Exit(1)
    try:
        st = open_store(config.store_path(store))
        replace_graph(st, ONTOLOGY_GRAPH, ontology_quads())
        for x in tqdm(results, desc="store", unit="doc", file=sys.stderr, disable=len(results) < 2):
            replace_graph(st, graph_iri(x.document.id), extraction_quads(x))
        _refresh_gazetteer(st, GAZETTEER_GRAPH)
        st.flush()
    except ZhichanError as e:
        _fail(e)
    s = stats(st)
    typer.echo(f"built {len(results)} document(s) into {config.store_path(store)}")
    _print_stats(s)
    if errors:
        raise typer.Exit(1)


def _refresh_gazetteer(st, graph) -> None:
    from .places import gazetteer_quads
    from .store import replace_graph

    codes = sorted({row["c"].value for row in st.query(
        f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?p <{config.ONTOLOGY_NS}adminCode> ?c }} FILTER(?g != {graph}) }}")})
    replace_graph(st, graph, gazetteer_quads(codes))


def _print_stats(s: dict) -> None:
    typer.echo(f"documents     {s['documents']}")
    typer.echo(f"entities      {sum(s['entities'].values())}  " +
               "  ".join(f"{k} {v}" for k, v in s["entities"].items()))
    typer.echo(f"relations     {sum(s['relations'].values())}  " +
               "  ".join(f"{k} {v}" for k, v in s["relations"].items()))
    typer.echo(f"observations  {s['observations']}")
    typer.echo(f"quads         {s['quads']} in {s['graphs']} graphs")


@app.command()
def extract(file: Path = typer.Argument(..., help="one document"),
            format: str = typer.Option("json", "--format", help="json (the pydantic models) or nquads")):
    """Extract one document without a store and print the result; its area and date go to stderr.

    Example: zhichan extract data/corpus/laoshan-ip-feature.txt --format json
    """
    from .extraction import extract_file
    from .rdf import extraction_quads

    try:
        x = extract_file(file)
    except ZhichanError as e:
        _fail(e)
    d = x.document
    place = x.entity(d.area) if d.area else None
    # the document's scope, on stderr so that stdout stays the requested format
    _err(f"{d.id}: area {place.label + ' (' + (place.kind or 'Place') + ')' if place else '-'}, "
         f"date {d.date or '-'}, figures default to {d.year or '-'}")
    if format == "json":
        typer.echo(x.model_dump_json(indent=1))
    elif format == "nquads":
        typer.echo("\n".join(f"{q} ." for q in extraction_quads(x)))
    else:
        _fail(ZhichanError("E108", "unknown format", value=format, fix="use json or nquads"))


@app.command()
def export(store: Optional[Path] = StoreOpt,
           format: Optional[str] = typer.Option(None, "--format", help="trig, nquads, jsonld (these keep the graphs), "
                                                "turtle, ntriples, xml (RDF/XML); default: from the -o suffix "
                                                "(.trig .nq .jsonld .ttl .nt .rdf/.xml/.owl), else trig"),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="file to write (default stdout)")):
    """Export the whole dataset (ontology, documents, gazetteer, linksets, VoID description).

    The format follows the output's suffix; --format must agree with it. Turtle, N-Triples and RDF/XML
    hold the union of the graphs; JSON-LD is compacted with ontology/context.jsonld.

    \b
    Examples:
      zhichan export -o zhichan.trig
      zhichan export -o zhichan.ttl
      zhichan export -o zhichan.jsonld
      zhichan export --format xml > zhichan.rdf
    """
    from .export import choose_format, serialize
    from .store import open_store
    from .void import describe

    try:
        fmt = choose_format(format, output)
        st = open_store(config.store_path(store), read_only=True)
        data = serialize(st, fmt, describe(st))
    except ZhichanError as e:
        _fail(e)
    if output:
        try:
            output.write_bytes(data)
        except OSError as err:
            _fail(ZhichanError("E111", f"cannot write the export: {err.strerror or err}", path=str(output),
                               fix="write into a folder that exists and that you may write to"))
        _err(f"wrote {len(data)} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)


@app.command()
def stats(store: Optional[Path] = StoreOpt, as_json: bool = typer.Option(False, "--json", help="print JSON")):
    """Count documents, entities by class, relations by property, observations and quads.

    Example: zhichan stats --json
    """
    from .store import open_store, stats as do_stats

    try:
        st = open_store(config.store_path(store), read_only=True)
    except ZhichanError as e:
        _fail(e)
    s = do_stats(st)
    if as_json:
        typer.echo(json.dumps(s, ensure_ascii=False, indent=1))
    else:
        _print_stats(s)


@app.command()
def validate(store: Optional[Path] = StoreOpt):
    """Validate the store against the SHACL shapes of ontology/shapes.ttl (exit 0 conforms, 1 not, 2 error).

    Example: zhichan validate --store /tmp/zc
    """
    from .store import open_store
    from .validate import validate_store

    try:
        st = open_store(config.store_path(store), read_only=True)
        report = validate_store(st)
    except ZhichanError as e:
        _fail(e)
    except Exception as e:  # pyshacl or rdflib failures are reported, not shown as tracebacks
        _fail(ZhichanError("E401", f"validation failed to run: {e}", fix="check ontology/shapes.ttl"))
    if report.conforms:
        typer.echo("conforms: the store satisfies every shape in ontology/shapes.ttl")
        if report.violations:  # warnings only
            typer.echo(report.text())
        return
    typer.echo(report.text())
    raise typer.Exit(1)


@app.command()
def serve(store: Optional[Path] = StoreOpt,
          bind: str = typer.Option("127.0.0.1:7878", "--bind", help="address:port (loopback by default)"),
          cors: Optional[str] = typer.Option(None, "--cors", help="let pages from this origin (or *) call the endpoint"),
          timeout: float = typer.Option(10.0, "--timeout", help="seconds a query may run before it is stopped"),
          max_results: int = typer.Option(10000, "--max-results", help="rows (or triples) per answer at most"),
          allow_service: List[str] = typer.Option(None, "--allow-service",
                                                  help="SPARQL endpoint SERVICE may call (repeatable; default Wikidata)"),
          workers: int = typer.Option(2, "--workers", help="query worker processes")):
    """Serve the web front over a snapshot of the store: SPARQL 1.1 at /sparql, a page for every entity and
    document under /id/..., prepared-query forms at /queries, a SPARQL editor and a graph view.

    Example: zhichan serve --bind 127.0.0.1:7878   then open http://127.0.0.1:7878/
    """
    from .web.serve import run

    if timeout <= 0 or max_results <= 0 or workers <= 0:
        _fail(ZhichanError("E709", "--timeout, --max-results and --workers must be positive",
                           fix="e.g. --timeout 10 --max-results 10000 --workers 2"))
    try:
        run(config.store_path(store), bind=bind, cors=cors, timeout=timeout, max_results=max_results,
            services=tuple(allow_service) if allow_service else None, workers=workers, log=_err)
    except ZhichanError as e:
        _fail(e)


def _register() -> None:
    """Commands that live in their own modules (each owns its options and tests)."""
    from . import cli_link, cli_query, evaluate

    app.command("query")(cli_query.query)
    app.command("link")(cli_link.link)
    app.command("evaluate")(evaluate.evaluate_command)


_register()


def main() -> None:
    try:
        app()
    except ZhichanError as e:
        _err(str(e))
        sys.exit(2)


if __name__ == "__main__":
    main()
