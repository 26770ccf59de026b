"""The ``zhichan`` command: one typer group whose commands follow the data flow.

build → extract → export → query → validate → link → serve → stats → evaluate. Results go to
stdout, progress and errors to stderr; an error is one line (``E101 path: problem; fix: …``) and
exit status 2. The store path comes from ``--store``, else ``$ZHICHAN_STORE``, else
``./.zhichan/store``.
"""
from __future__ import annotations

import json
import sys
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


@app.command()
def build(paths: List[Path] = typer.Argument(None, help="files or folders (default: the bundled corpus data/corpus/)"),
          store: Optional[Path] = StoreOpt,
          keep_going: bool = typer.Option(False, "--keep-going", help="write the documents that worked even if others failed"),
          jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="extraction processes (default: the number of cores)"),
          executor: Optional[str] = typer.Option(None, "--executor", help="extract on a Dask cluster: dask://HOST:PORT of its scheduler"),
          max_bytes: int = typer.Option(64 * 1024 * 1024, "--max-bytes", min=1, help="largest file read, in bytes"),
          max_chars: int = typer.Option(1_000_000, "--max-chars", min=1, help="longest document text, in characters"),
          timeout: float = typer.Option(600.0, "--timeout", min=0, help="extraction budget per document, in seconds (0: none)"),
          replace: bool = typer.Option(False, "--replace", help="let a file replace a document of the same id built from another file")):
    """Extract documents (text, Markdown, HTML, PDF, DOCX) and write one named graph per document into the store.

    Example: zhichan build data/corpus/ --store /tmp/zc --jobs 2
    """
    from .build import BuildFailed, Limits, build as run_build
    from .store import open_store, release_reads, stats

    limits = Limits(max_bytes=max_bytes, max_chars=max_chars, timeout=timeout or None)
    target = config.store_path(store)
    try:
        report = run_build(list(paths) if paths else [config.corpus_dir()], target, keep_going=keep_going,
                           jobs=jobs, executor=executor, limits=limits, replace=replace, progress=_err)
    except BuildFailed as failed:
        _report_inputs(failed.report)
        _err(str(failed))
        raise typer.Exit(1)
    except ZhichanError as e:
        _fail(e)
    _report_inputs(report)
    try:
        st = open_store(target, read_only=True)
        s = stats(st)
        del st
    finally:
        release_reads(target)
    typer.echo(f"built {len(report.built)} document(s) into {target}")
    _print_stats(s)
    if report.errors:
        raise typer.Exit(1)


def _report_inputs(report) -> None:
    for path, why in report.skipped:
        _err(f"skipped {path}: {why}")
    for e in report.errors:
        _err(str(e))


def _incomplete(st) -> str | None:
    """The line that says the store's last build did not finish, or None."""
    from .builds import last_build

    rec = last_build(st)
    if not rec.incomplete:
        return None
    return str(ZhichanError("E307", f"the last build did not finish ({rec.status.lower()}, {len(rec.planned)} document(s) "
                            "planned): the store may hold some of its documents and not others",
                            fix="run `zhichan build` again to complete it"))


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
            format: str = typer.Option("json", "--format", help="json (the pydantic models) or nquads"),
            max_bytes: int = typer.Option(64 * 1024 * 1024, "--max-bytes", min=1, help="largest file read, in bytes"),
            max_chars: int = typer.Option(1_000_000, "--max-chars", min=1, help="longest document text, in characters"),
            timeout: float = typer.Option(600.0, "--timeout", min=0, help="extraction budget, in seconds (0: none)")):
    """Extract one document without a store and print the result; its area and date go to stderr.

    Example: zhichan extract data/corpus/laoshan-ip-feature.txt --format json
    """
    from .build import Limits, extract_checked
    from .rdf import extraction_quads

    try:
        x = extract_checked(file, limits=Limits(max_bytes=max_bytes, max_chars=max_chars, timeout=timeout or None))
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
            _fail(ZhichanError("E119", f"cannot write the output file: {err.strerror or err}", path=str(output),
                               fix="check that its folder exists and is writable, and that the disk has space"))
        _err(f"wrote {len(data)} bytes to {output}")
    else:
        try:
            sys.stdout.buffer.write(data)
        except OSError as err:
            _fail(ZhichanError("E119", f"cannot write the export to standard output: {err.strerror or err}",
                               fix="write to a file with -o, on a disk with space"))


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
    from .builds import outdated

    s = do_stats(st)
    unfinished = _incomplete(st)
    old_format = outdated(st, str(config.store_path(store)))
    if as_json:
        s["incomplete_build"] = unfinished is not None
        s["outdated_store"] = old_format is not None
        typer.echo(json.dumps(s, ensure_ascii=False, indent=1))
    else:
        _print_stats(s)
    if old_format:
        _err(old_format)
    if unfinished:
        _err(unfinished)
        raise typer.Exit(1)


@app.command()
def validate(store: Optional[Path] = StoreOpt):
    """Validate the store against the SHACL shapes of ontology/shapes.ttl (exit 0 conforms, 1 not, 2 error).

    Example: zhichan validate --store /tmp/zc
    """
    from .store import open_store
    from .validate import validate_store

    try:
        st = open_store(config.store_path(store), read_only=True)
        unfinished = _incomplete(st)
        report = validate_store(st)
    except ZhichanError as e:
        _fail(e)
    except Exception as e:  # pyshacl or rdflib failures are reported, not shown as tracebacks
        _fail(ZhichanError("E401", f"validation failed to run: {e}", fix="check ontology/shapes.ttl"))
    if unfinished:
        typer.echo(report.text() if not report.conforms else "the documents conform, but the build is incomplete")
        _err(unfinished)
        raise typer.Exit(1)
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
    from . import cli_link, cli_query

    app.command("query")(cli_query.query)
    app.command("link")(cli_link.link)


_register()


@app.command("evaluate")
def _evaluate(paths: List[Path] = typer.Argument(None, help="documents (default: the documents the gold files name, from data/corpus/)"),
              gold: Path = typer.Option(..., "--gold", help="a gold .json file or a folder of them"),
              graph: Optional[List[Path]] = typer.Option(None, "--graph", help="score these exported RDF files "
                                                         "instead of extracting documents (repeatable)"),
              as_json: bool = typer.Option(False, "--json", help="print the figures as JSON")):
    """Score the pipeline against gold annotations of your own documents (format: README, Extraction accuracy).

    The figures are those of the shared scorer (score.py) on the export of a build of the same documents.

    Example: zhichan evaluate --gold my-gold/ my-docs/*.txt   or   zhichan evaluate --gold my-gold/ --graph export.trig
    """
    # imported here: the evaluation module loads the pydantic models, which --help does not need
    from .evaluate import evaluate_command

    evaluate_command(paths, gold=gold, graph=graph, as_json=as_json)


def main() -> None:
    # typer (0.29) builds pydantic adapters for the options of whichever command runs, which alone
    # costs ~0.3 s of CPU; listing the prepared queries needs none of it
    if sys.argv[1:] == ["query", "--list"]:
        from . import queries as Q

        try:
            sys.stdout.write(Q.listing(Q.discover()))
        except ZhichanError as e:
            _err(str(e))
            sys.exit(2)
        return
    try:
        app()
    except ZhichanError as e:
        _err(str(e))
        sys.exit(2)


if __name__ == "__main__":
    main()
