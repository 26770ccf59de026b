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

app = typer.Typer(help="知产 zhichan — a knowledge graph of Chinese IP governance, built into Oxigraph.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode=None)

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
    from .store import (GAZETTEER_GRAPH, ONTOLOGY_GRAPH, is_document_graph, open_store, ontology_quads,
                        replace_graph, stats, write_documents)

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
        # a store without documents takes the bulk path; updates stay atomic per document
        fresh = not any(is_document_graph(g) for g in st.named_graphs())
        bar = tqdm(results, desc="store", unit="doc", file=sys.stderr, disable=len(results) < 2)
        write_documents(st, ((graph_iri(x.document.id), extraction_quads(x)) for x in bar), fresh=fresh)
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
    """Extract one document without a store and print the result.

    Example: zhichan extract data/corpus/laoshan-ip-feature.txt --format json
    """
    from .extraction import extract_file
    from .rdf import extraction_quads

    try:
        x = extract_file(file)
    except ZhichanError as e:
        _fail(e)
    if format == "json":
        typer.echo(x.model_dump_json(indent=1))
    elif format == "nquads":
        typer.echo("\n".join(f"{q} ." for q in extraction_quads(x)))
    else:
        _fail(ZhichanError("E108", "unknown format", value=format, fix="use json or nquads"))


@app.command()
def export(store: Optional[Path] = StoreOpt,
           format: str = typer.Option("trig", "--format", help="trig, turtle, nquads, ntriples, jsonld"),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="file to write (default stdout)")):
    """Export the whole dataset (ontology, documents, gazetteer, linksets, VoID description).

    Example: zhichan export --format trig -o zhichan.trig
    """
    from .store import FORMATS, export as do_export, open_store
    from .void import describe

    if format not in FORMATS:
        _fail(ZhichanError("E109", "unknown export format", value=format, fix="use one of " + ", ".join(FORMATS)))
    try:
        st = open_store(config.store_path(store), read_only=True)
        data = do_export(st, format, describe(st))
    except ZhichanError as e:
        _fail(e)
    if output:
        output.write_bytes(data)
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
          bind: str = typer.Option("127.0.0.1:7878", "--bind", help="address:port (loopback by default)")):
    """Serve a read-only SPARQL 1.1 endpoint over a snapshot of the store (needs `pip install oxigraph`).

    The store is copied first, so building while serving never corrupts either.
    Example: zhichan serve --bind 127.0.0.1:7878   then   curl 'http://127.0.0.1:7878/query?query=...'
    """
    from .store import open_store

    # the server is a console script of the oxigraph package: beside this interpreter, or on PATH
    local = Path(sys.executable).parent / "oxigraph"
    exe = str(local) if local.exists() else shutil.which("oxigraph")
    if exe is None:
        _fail(ZhichanError("E303", "the oxigraph server is not installed", fix="pip install 'zhichan[server]' (or pip install oxigraph)"))
    try:
        st = open_store(config.store_path(store), read_only=True)
    except ZhichanError as e:
        _fail(e)
    snap = Path(tempfile.mkdtemp(prefix="zhichan-snapshot-")) / "store"
    st.backup(str(snap))
    _err(f"serving a snapshot of {config.store_path(store)} read-only on http://{bind}/query")
    raise typer.Exit(subprocess.call([exe, "serve-read-only", "--location", str(snap), "--bind", bind]))


def _register() -> None:
    """Commands that live in their own modules (each owns its options and tests)."""
    from . import cli_link, cli_query

    app.command("query")(cli_query.query)
    app.command("link")(cli_link.link)


_register()


@app.command("evaluate")
def _evaluate(paths: List[Path] = typer.Argument(None, help="documents (default: the documents the gold files name, from data/corpus/)"),
              gold: Path = typer.Option(..., "--gold", help="a gold .json file or a folder of them"),
              as_json: bool = typer.Option(False, "--json", help="print the figures as JSON")):
    """Score the pipeline against gold annotations of your own documents (format: README, Extraction accuracy).

    Example: zhichan evaluate --gold my-gold/ my-docs/*.txt
    """
    # imported here: the evaluation module loads the pydantic models, which --help does not need
    from .evaluate import evaluate_command

    evaluate_command(paths, gold, as_json)


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
