"""The ``zhichan link`` command: reconcile the store with an external dataset, or remove its linkset.

Input: a dataset file (CSV/TSV, RDF, Wikidata JSON) and the store. Output: the linkset graph
``id/graph/linkset/<slug>`` written (or dropped with ``--remove``) and a report on stdout, one
``key<TAB>value`` per line; errors are one line on stderr and exit status 2. Registered on the
main app as ``app.command("link")(cli_link.link)``.
"""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import config
from .errors import ZhichanError


def link(dataset: Path = typer.Argument(..., help="a .csv/.tsv, .ttl/.nt/.nq/.trig/.rdf/.jsonld or Wikidata "
                                                    ".json/.jsonl file (optionally .gz); with --remove, its path "
                                                    "or its linkset slug"),
         store: Optional[Path] = typer.Option(None, "--store",
                                              help="store folder (default: $ZHICHAN_STORE or ./.zhichan/store)"),
         type_: List[str] = typer.Option([], "--type", help="link only entities of this class (repeatable), "
                                                             "e.g. --type Company --type University"),
         threshold: float = typer.Option(0.85, "--threshold", help="minimum label similarity of a close match"),
         remove: bool = typer.Option(False, "--remove", help="take the dataset's linkset out of the store again"),
         label_column: str = typer.Option("label", "--label-column",
                                          help="CSV: the label column ('|' separates aliases)"),
         id_column: str = typer.Option("id", "--id-column", help="CSV: the identifier column (IRIs or Wikidata Q-ids)"),
         type_column: str = typer.Option("type", "--type-column", help="CSV: the optional type column"),
         place_column: str = typer.Option("place", "--place-column",
                                          help="CSV: the optional place column (a place name or a 6-digit code)"),
         code_column: str = typer.Option("code", "--code-column",
                                         help="CSV: the optional column of a place's own GB/T 2260 code"),
         id_prefix: Optional[str] = typer.Option(None, "--id-prefix",
                                                 help="CSV: prefix that turns bare identifiers into IRIs"),
         dataset_iri: Optional[str] = typer.Option(None, "--dataset-iri",
                                                   help="IRI of the external dataset (void:objectsTarget)")):
    """Link the graph's entities to an external dataset (skos:exactMatch / skos:closeMatch) in one linkset graph.

    Example: zhichan link data/links/example-registry.csv --type Agency --type Place --threshold 0.9

    Example: zhichan link wikidata-slice.json --dataset-iri http://www.wikidata.org/entity/Q2013

    Example: zhichan link example-registry --remove

    See data/links/README.md for how to prepare a CSV or a Wikidata slice.
    """
    from .link import link_dataset, remove_linkset
    from .store import open_store

    try:
        st = open_store(config.store_path(store), create=False)
        if remove:
            n = remove_linkset(st, dataset)
            from .link import linkset_graph

            typer.echo(f"removed\t{linkset_graph(dataset)}\t{n}")
            return
        report = link_dataset(st, dataset, types=type_ or None, threshold=threshold, dataset_iri=dataset_iri,
                              label_column=label_column, id_column=id_column, type_column=type_column,
                              place_column=place_column, code_column=code_column, id_prefix=id_prefix)
    except ZhichanError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2)
    for line in report.lines():
        typer.echo(line)
